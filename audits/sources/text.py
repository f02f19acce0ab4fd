"""Plain-text and Markdown articles."""

from __future__ import annotations

from audits.byte_order_marks import UNICODE_BOMS
from audits.detectors.scrape import headline_under_chrome
from audits.document import Document
from audits.errors import InputError
from audits.sources.decode import (
    BINARY,
    StrayRun,
    decode_with_strays,
    repair_mojibake,
    report_mojibake,
    stray_findings,
    wide_or_binary,
)

_TITLE_MAX_CHARS = 150
# The BOMs of encodings whose text is full of NUL bytes (UTF-8's is not one).
_WIDE_BOMS = tuple(bom for bom, encoding in UNICODE_BOMS if not encoding.startswith("utf-8"))


def document_from_text(
    text: str, source: str, *, doc_id: str | None = None, keep_text: bool, encoding: str = "utf-8"
) -> Document:
    """A Document from already-decoded text.

    ``keep_text`` leaves encoding damage in place (and reports it) so offsets
    still point into the user's file; otherwise the damage is repaired.
    """
    if not text.strip():
        raise InputError(source, "empty input: no text to audit")
    if keep_text:
        findings = report_mojibake(text)
    else:
        text, findings = repair_mojibake(text)
    return Document(
        id=doc_id or source,
        text=text,
        source=source,
        title=guess_title(text),
        meta={"encoding": encoding},
        input_findings=findings,
    )


def read_text(data: bytes, source: str, *, doc_id: str | None = None) -> Document:
    """A text file: UTF-8 is kept byte for byte; other encodings are decoded and repaired."""
    # decode_bytes looks for NULs in the first 8 KiB only (as git does): a text file
    # with a binary tail (an image appended, a file saved over half-way) was audited
    # as ok, its NULs and all. No text file holds one. Looked for in the bytes, before
    # decoding, where no UTF-16/32 BOM says NULs are the encoding's: a non-UTF-8 file
    # went through charset detection, all of it, to be refused after.
    if b"\x00" in data and not data.startswith(_WIDE_BOMS):
        # Unless it is UTF-32 or UTF-16 without a BOM: one of CJK text whose first NUL
        # (a newline's) came after 8 KiB was read before this check, then refused.
        text, encoding = wide_or_binary(data, source)
        strays: list[StrayRun] = []
    else:
        text, encoding, strays = decode_with_strays(data, source)
    if "\x00" in text:  # a UTF-16/32 file whose text holds one
        raise InputError(source, BINARY)
    doc = document_from_text(
        text, source, doc_id=doc_id, keep_text=encoding == "utf-8", encoding=encoding
    )
    if strays:
        # A UTF-8 text with bytes that are not (a cp1252 line pasted in) says what
        # they were read as, a guess the user may want to fix in the file.
        found = stray_findings(text, strays)
        doc.input_findings = sorted([*doc.input_findings, *found], key=lambda f: f.start)
    return doc


def guess_title(text: str) -> str | None:
    """The first line, when it reads like a headline rather than a sentence; below a
    scraped page's site name or section titles, the headline under them."""
    first = headline_under_chrome(text) or next(
        (line.strip() for line in text.splitlines() if line.strip()), None
    )
    if first and len(first) <= _TITLE_MAX_CHARS and not first.endswith((".", "!", "?", ":")):
        return first.lstrip("#").strip() or None
    return None
