"""Unicode byte order marks, and the encoding a file's says it is in."""

from __future__ import annotations

import codecs

UNICODE_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def encoding_by_bom(data: bytes) -> str:
    """UTF-8, or what a byte order mark says: Windows PowerShell 5 writes `... >
    state.json` (a baseline) or `echo 'history = "h.sqlite"' > mtaudit.toml` as
    UTF-16 with a BOM, and editors save UTF-8 with one; both were refused."""
    for bom, encoding in UNICODE_BOMS:
        if data.startswith(bom):
            return encoding
    return "utf-8"
