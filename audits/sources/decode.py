"""Bytes to text: encoding detection, binary refusal and mojibake repair. The parts
live in json_text, wide_text, legacy_charset, stray_bytes and mojibake; their
names used elsewhere are re-exported here."""

from __future__ import annotations

import charset_normalizer

from audits.byte_order_marks import bom_encoding
from audits.errors import InputError
from audits.sources.json_text import (
    LONE_SURROGATE,
    json_error,
    json_error_in,
    json_kind,
    load_json,
    record_lines,
    record_position,
    without_surrogates,
)
from audits.sources.legacy_charset import _most_likely, _page_reading
from audits.sources.mojibake import (
    MOJIBAKE_CODE,
    find_mojibake,
    repair_mojibake,
    report_mojibake,
    splice_repairs,
)
from audits.sources.stray_bytes import (
    StrayMark,
    StrayRun,
    marks_at,
    placed_strays,
    stray_encoding,
    stray_findings,
    stray_marks,
    utf8_with_strays,
)
from audits.sources.wide_text import BINARY, _control_ratio, wide_or_binary

__all__ = [
    "BINARY",
    "LONE_SURROGATE",
    "MOJIBAKE_CODE",
    "UNDECODABLE",
    "StrayMark",
    "StrayRun",
    "decode_bytes",
    "decode_declared",
    "decode_with_strays",
    "find_mojibake",
    "json_error",
    "json_error_in",
    "json_kind",
    "load_json",
    "marks_at",
    "placed_strays",
    "record_lines",
    "record_position",
    "repair_mojibake",
    "report_mojibake",
    "splice_repairs",
    "stray_encoding",
    "stray_findings",
    "stray_marks",
    "utf8_with_strays",
    "wide_or_binary",
    "without_surrogates",
]


def decode_declared(data: bytes, encoding: str) -> str | None:
    """``data`` decoded as a header or the document itself declares, or None when that
    declaration is unusable and the caller should detect the encoding instead.

    Unusable is any failure of the codec, not only an unknown name or bytes it
    cannot decode: Python's ``undefined`` codec (``charset=undefined`` is seen
    in the wild) raises plain UnicodeError, ``idna`` and ``punycode`` raise it
    too, and ``rot13`` or ``base64`` are not text encodings (LookupError).
    """
    try:
        return data.decode(encoding)
    except (LookupError, ValueError):  # UnicodeError and its subclasses are ValueErrors
        return None


UNDECODABLE = "binary or undecodable file: no text encoding fits"


def decode_bytes(data: bytes, source: str) -> tuple[str, str]:
    """Decode ``data``; returns (text, encoding). Raises InputError for binary input."""
    text, encoding, _ = decode_with_strays(data, source)
    return text, encoding


def decode_with_strays(
    data: bytes, source: str, *, markup: bool = False
) -> tuple[str, str, list[StrayRun]]:
    """As ``decode_bytes``, with the runs of bytes that are not UTF-8 in a text read
    as UTF-8 that mostly is (see ``utf8_with_strays``); none for any other text. One
    pass: a caller that reports them need not detect their encoding again.
    ``markup``: ``data`` is a page or feed, whose tags are left out where the stray
    bytes' encoding is detected."""
    if encoding := bom_encoding(data):
        try:
            return data.decode(encoding), encoding.replace("-sig", ""), []
        except UnicodeDecodeError as exc:
            # An editor's UTF-8 with its mark, and a cp1252 line appended after. The
            # mark is all that makes it UTF-8, so binary after one (random bytes, a
            # PNG) stays refused, not read as a thousand stray runs.
            mixed = utf8_with_strays(data, markup=markup) if encoding == "utf-8-sig" else None
            if mixed is not None and _control_ratio(mixed.text) <= 0.05:
                return mixed.text, "utf-8", mixed.strays
            raise InputError(source, f"invalid {encoding} text ({exc.reason})") from exc
    if b"\x00" in data[:8192]:
        return *wide_or_binary(data, source), []
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError:
        pass
    if (mixed := utf8_with_strays(data, markup=markup)) is not None:
        return mixed.text, "utf-8", mixed.strays
    best = _most_likely(charset_normalizer.from_bytes(data), data)
    if markup:
        best = _page_reading(data, best)
    if best is None:
        raise InputError(source, UNDECODABLE)
    text, encoding = best
    if _control_ratio(text) > 0.05:
        raise InputError(source, "binary file (control characters), not text")
    return text, encoding, []
