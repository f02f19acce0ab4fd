"""JSON Lines dumps: one article per line, ``{"id"?, "title"?, "url"?, "text"}`` or ``{"html"}``."""

from __future__ import annotations

import codecs
import contextlib
import datetime as dt
import json
import math
import re
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from charset_normalizer.utils import is_multi_byte_encoding

from audits.byte_order_marks import bom_encoding
from audits.document import Document, Finding
from audits.errors import InputError
from audits.sources.base import InputFailure
from audits.sources.decode import (
    UNDECODABLE,
    decode_with_strays,
    json_error,
    json_kind,
    load_json,
    marks_at,
    placed_strays,
    record_lines,
    record_position,
    stray_encoding,
    stray_findings,
    utf8_with_strays,
)
from audits.sources.text import document_from_text

_KNOWN = {"id", "title", "url", "text", "html", "published", "author", "lang"}


def read_jsonl(data: bytes, source: str) -> Iterator[Document | InputFailure]:
    """Each line becomes a Document; a bad line becomes a failure and the rest go on."""
    try:
        lines = _decoded_lines(data, source)
    except InputError as exc:
        yield InputFailure(source, exc.reason)
        return
    if not any(line.strip() for line, _, _ in lines):
        yield InputFailure(source, "empty input: no records")
        return
    texts = [line for line, _, _ in lines]
    for (line, encoding, strays), lineno in zip(lines, record_lines(texts), strict=True):
        if not line.strip():
            continue
        where = f"{source}:{lineno}"
        try:
            record = load_json(line)
        except json.JSONDecodeError as exc:
            yield InputFailure(
                where, f"invalid JSON ({json_error(exc, _at(line, exc.pos, lineno))})"
            )
            continue
        item: Document | InputFailure
        try:
            item = document_from_record(record, where, encoding=encoding)
        except InputError as exc:
            item = _failed_record(record, where, exc.reason)
        if strays and isinstance(item, Document):
            # A record mostly UTF-8 with a byte that is not: what it was read as is a
            # guess, told where the record's text holds it.
            found = _record_strays(line, record, item, strays)
            item.input_findings = sorted([*item.input_findings, *found], key=lambda f: f.start)
        yield item


# What every mtaudit JSON and JSONL report's "schema" starts with (mtaudit/1; the
# compare, fluency and verdict files have schemas of their own: mtaudit-compare/1).
_REPORT_SCHEMA = "mtaudit/"


def report_schema(data: bytes) -> str | None:
    """The schema of mtaudit's own JSONL report, when ``data`` is one: its first record
    says so, and holds no "text" or "html" to read (a record that does is read as any
    other). A walk left such a report, kept in the audited folder (`audit . -o
    old.jsonl`), in the run as records with no text, and every later run exited 2."""
    data = data.lstrip()
    end = data.find(b"\n")
    try:
        # load_json: a first line nested thousands deep raised RecursionError, which
        # ended a walk in "internal error"; the reader below names it in one line.
        record = load_json((data if end < 0 else data[:end]).decode("utf-8"))
    except ValueError:  # not JSON, or not UTF-8: no report of mtaudit's
        return None
    if not isinstance(record, dict) or _body_key(record) is not None:
        return None
    schema = record.get("schema")
    return schema if isinstance(schema, str) and schema.startswith(_REPORT_SCHEMA) else None


def _at(line: str, pos: int, lineno: int) -> str:
    """Where the JSON error at ``pos`` of a record (``line``, which starts on the
    file's line ``lineno``) is: its column, and the file's line too when a lone CR
    put it on a later line than the record's."""
    at, column = record_position(line, lineno, pos)
    return f"column {column}" if at == lineno else f"line {at}, column {column}"


def _decoded_lines(data: bytes, source: str) -> list[tuple[str, str, list[Finding]]]:
    """The file's lines, each with the encoding it was read in and its stray bytes'
    findings, placed in the line (a line read as UTF-8 that mostly is,
    ``utf8_with_strays``).

    Records end at \n only (the JSON Lines rule; \r\n leaves a \r that JSON reads
    as whitespace). str.splitlines() also cuts at U+2028, U+2029 and NEL, which a
    JSON string may hold raw (json.dumps(..., ensure_ascii=False) writes them so):
    one such article became several "invalid JSON" lines, and every later record's
    line number was off.

    A dump appended to by two tools can mix encodings, a line of cp1252 among UTF-8
    ones: decoded whole in the encoding detected for the file, every UTF-8 line was
    made mojibake ("cafÃ©") and its record still said ``utf-8``. A line that is UTF-8
    is read so; the others in the encoding detected for them together, and a line
    that is mostly UTF-8 but for a stray byte as UTF-8 with the byte in that encoding
    (it was read whole in it, every UTF-8 character of its record mojibake).
    """
    if data.startswith(codecs.BOM_UTF8):
        # Editors save UTF-8 with a mark; a cp1252 line appended after it made the
        # whole file "invalid utf-8-sig text" and every record was lost.
        data = data[len(codecs.BOM_UTF8) :]
    raw = data.split(b"\n")
    if bom_encoding(data) is not None or b"\x00" in data[:8192] or not _mixed(raw):
        text, encoding, strays = decode_with_strays(data, source)
        return _lines_with_strays(text, encoding, stray_findings(text, strays))
    utf8: dict[int, str] = {}
    for i, line in enumerate(raw):
        with contextlib.suppress(UnicodeDecodeError):
            utf8[i] = line.decode("utf-8")
    # Not decode_bytes: it reads lines that are mostly UTF-8 as UTF-8, and every
    # legacy line beside them would then be decoded as UTF-8, "caf\ufffd".
    fallback = stray_encoding([line for i, line in enumerate(raw) if i not in utf8])
    if fallback is None:
        raise InputError(source, UNDECODABLE)
    return [
        (utf8[i], "utf-8", []) if i in utf8 else _legacy_line(line, fallback)
        for i, line in enumerate(raw)
    ]


def _legacy_line(line: bytes, fallback: str) -> tuple[str, str, list[Finding]]:
    """A line that is not UTF-8 among lines that are: read as UTF-8 where it mostly is,
    its stray bytes in ``fallback``, else whole in ``fallback``."""
    # A multi-byte encoding's line is read whole in it either way.
    mixed = None if is_multi_byte_encoding(fallback) else utf8_with_strays(line, fallback)
    if mixed is None:
        return line.decode(fallback, "replace"), fallback, []
    return mixed.text, "utf-8", stray_findings(mixed.text, mixed.strays)


def _lines_with_strays(
    text: str, encoding: str, strays: list[Finding]
) -> list[tuple[str, str, list[Finding]]]:
    """``text`` split at LF, each line with the stray findings in it, placed in it."""
    lines: list[tuple[str, str, list[Finding]]] = []
    at = 0
    for line in text.split("\n"):
        end = at + len(line)
        lines.append(
            (
                line,
                encoding,
                [
                    replace(f, start=f.start - at, end=f.end - at)
                    for f in strays
                    if at <= f.start <= end
                ],
            )
        )
        at = end + 1
    return lines


def _record_strays(line: str, record: Any, doc: Document, strays: list[Finding]) -> list[Finding]:
    """The findings of ``strays`` (placed in the record's ``line``) that stand in the
    string its document was made from, placed in the document's text. Searched for in
    the whole text by their context, a stray byte in the record's "id" was put on the
    text's correct "café"."""
    key = _body_key(record)
    span = _value_span(line, key) if key else None
    if span is None:
        return []
    read = _read_lengths(line[span[0] : span[1]])
    inside = [f for f in strays if span[0] < f.start and f.end < span[1]]
    if any(f.start - span[0] not in read or f.end - span[0] not in read for f in inside):
        return []  # a stretch that ends inside an escape cannot be placed
    moved = [replace(f, start=read[f.start - span[0]], end=read[f.end - span[0]]) for f in inside]
    value = record[key]
    if key == "text" and doc.text == value:
        return moved
    return placed_strays(doc.text, marks_at(value, moved))


# A JSON string, or a character of JSON's structure.
_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]]')


def _read_lengths(token: str) -> dict[int, int]:
    """For each place in ``token`` (a JSON string, quotes included) that is not inside
    an escape, how many characters of the string stand before it once read: one pass
    over the token, where reading its start again for each stray made a record of
    many strays quadratic. A surrogate pair's two escapes read as one character, as
    json reads them."""
    lengths = {1: 0}
    at, count, high_end = 1, 0, -1
    while at < len(token) - 1:
        if token[at] != "\\":
            at += 1
        elif token[at + 1] != "u":
            at += 2
        else:
            unit = int(token[at + 2 : at + 6], 16)
            paired = at == high_end and 0xDC00 <= unit <= 0xDFFF
            high_end = at + 6 if 0xD800 <= unit <= 0xDBFF and not paired else -1
            at += 6
            if paired:
                lengths[at] = count
                continue
        count += 1
        lengths[at] = count
    return lengths


def _value_span(line: str, key: str) -> tuple[int, int] | None:
    """Where the string value of the record's own ``key`` stands in ``line``, one JSON
    object, quotes included; None where it has none."""
    depth, pending, span = 0, None, None
    for token in _JSON_TOKEN.finditer(line):
        text = token.group()
        if text in "{[":
            depth += 1
            pending = None
        elif text in "}]":
            depth -= 1
        elif depth == 1 and line[token.end() :].lstrip().startswith(":"):
            pending = json.loads(text, strict=False)
        elif depth == 1:
            if pending == key:
                span = token.span()  # the last, as json.loads keeps the last of a key
            pending = None
    return span


def _mixed(lines: list[bytes]) -> bool:
    """Whether some lines are UTF-8 (and not ASCII) while others are not UTF-8."""
    utf8 = other = False
    for line in lines:
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
            utf8 = True
        except UnicodeDecodeError:
            other = True
        if utf8 and other:
            return True
    return False


def _failed_record(record: Any, where: str, reason: str) -> InputFailure:
    """The error entry of a record that could not be read as an article: with its
    id, title and url, which name the article (its title and url showed null)."""
    if not isinstance(record, dict):
        return InputFailure(where, reason)
    doc_id = scalar_id(record.get("id"))
    title, url = _str_or_none(record.get("title")), _str_or_none(record.get("url"))
    return InputFailure(where, reason, id=doc_id, title=title, url=url)


def document_from_record(record: Any, where: str, *, encoding: str = "utf-8") -> Document:
    """The document of one record; ``encoding``: the one its line was read in."""
    if not isinstance(record, dict):
        raise InputError(where, f"expected a JSON object, got {json_kind(record)}")
    if record.get("id") is not None and scalar_id(record["id"]) is None:
        # str() made an array id Python's text, "['a', 'b']", which no other tool reads.
        raise InputError(where, id_refusal(record["id"]))
    # An empty id named no article: reports and baselines showed "" for it.
    doc_id = scalar_id(record.get("id")) or where
    published = _published(record.get("published"), where)
    meta = {k: v for k, v in record.items() if k not in _KNOWN}
    key = _body_key(record)
    if key == "text":
        doc = document_from_text(
            record["text"], where, doc_id=doc_id, keep_text=True, encoding=encoding
        )
    elif key == "html":
        # Here, not at the top: the page reader loads trafilatura, which records of
        # text have no use for.
        from audits.sources.html import document_from_html

        doc = document_from_html(
            record["html"], where, doc_id=doc_id, url=record.get("url"), encoding=encoding
        )
    else:
        raise InputError(where, 'record has no "text" or "html" string field')
    doc.title = _str_or_none(record.get("title")) or doc.title
    doc.url = _str_or_none(record.get("url")) or doc.url
    doc.published = published or doc.published
    doc.author = _str_or_none(record.get("author")) or doc.author
    doc.lang = _str_or_none(record.get("lang"))
    doc.meta.update(meta)
    return doc


def _body_key(record: dict[str, Any]) -> str | None:
    """The field a record's article is read from: its "text", unless that is blank and
    its "html" is not (an export that writes both left the text empty, and the
    article was lost as an empty input); None when neither is a string."""
    text, html = record.get("text"), record.get("html")
    if isinstance(text, str) and (text.strip() or not isinstance(html, str) or not html.strip()):
        return "text"
    return "html" if isinstance(html, str) else None


def scalar_id(value: Any) -> str | None:
    """A record's id as text: a string as it is, a number as JSON writes it; None for
    none, or for one that is no string or number (true, an array, an object)."""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        # Python's json reads 1e400 as inf and NaN as nan: ids "inf" and "nan", which
        # name no article and which no other JSON reader gives back.
        return str(value) if math.isfinite(value) else None
    return None


def id_refusal(value: Any, name: str = "id") -> str:
    """Why an id (under ``name``) that ``scalar_id`` cannot give as text fails its
    record."""
    if isinstance(value, float) and math.isnan(value):
        return f"{name} must be a string or a finite number, got NaN"
    if isinstance(value, float):
        return f"{name} must be a string or a finite number, got a number too large for a float"
    return f"{name} must be a string or a number, got {json_kind(value)}"


# Past this, a number is read as milliseconds: 1e11 seconds is the year 5138, 1e11
# milliseconds March 1973.
_MILLISECONDS_FROM = 1e11


def _published(value: Any, where: str) -> str | None:
    """The record's date as the feeds give theirs (ISO 8601): a string as it is, a
    number as Unix time in seconds or, when larger than any date in seconds could be,
    in milliseconds (what JavaScript's Date.now() writes), UTC. A number was dropped
    without a word."""
    if value is None or isinstance(value, str):
        return _str_or_none(value)
    if not isinstance(value, int | float) or isinstance(value, bool):
        # Dropped without a word, where such an id fails its record; true is not 1970.
        raise InputError(
            where, f"published must be a date string or a number, got {json_kind(value)}"
        )
    try:
        # Inside the try: an integer of 400 digits is too large for a float, and the
        # OverflowError ended the whole run.
        seconds = value / 1000 if abs(value) >= _MILLISECONDS_FROM else value
        if not math.isfinite(seconds):
            raise ValueError(value)
        when = dt.datetime.fromtimestamp(seconds, dt.UTC)
    except (OverflowError, OSError, ValueError):
        raise InputError(
            where,
            f"published {_short_number(value)} is no date: a number must be Unix time in "
            "seconds or milliseconds",
        ) from None
    return when.isoformat()


def _short_number(value: int | float) -> str:
    """The number for a one-line error: a huge integer's first digits and its length,
    not all of its hundreds of digits."""
    text = repr(value)
    digits = text.lstrip("-")
    if isinstance(value, int) and len(digits) > 24:
        return f"{text[: len(text) - len(digits) + 22]}…({len(digits)} digits)"
    return text


def _str_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None
