"""Unicode byte order marks, and the encoding a file's says it is in."""

from __future__ import annotations

import codecs
import json

UNICODE_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def bom_encoding(data: bytes) -> str | None:
    """The codec a byte order mark at the start of ``data`` names (one that drops the
    mark), or None where there is none."""
    for bom, encoding in UNICODE_BOMS:
        if data.startswith(bom):
            return encoding
    return None


def text_file_encoding(data: bytes) -> str:
    """UTF-8, or what a byte order mark says: Windows PowerShell 5 writes `... >
    state.json` (a baseline) or `echo 'history = "h.sqlite"' > mtaudit.toml` as
    UTF-16 with a BOM, and editors save UTF-8 with one; both were refused.

    Without a mark, a file that starts with an ASCII character, as every config file
    and JSON report does, tells UTF-16 and UTF-32 by where that character's NULs
    fall (RFC 4627's rule, which ``json.detect_encoding`` follows after the marks):
    such a file saved without one (`iconv -t UTF-16LE`) was read as UTF-8 with a NUL
    beside every letter and refused as "invalid TOML"."""
    # The marks from the one table; only the NUL pattern is json's.
    return bom_encoding(data) or json.detect_encoding(data)
