"""JSON Lines dumps: one article per line, ``{"id"?, "title"?, "url"?, "text"}`` or ``{"html"}``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from audits.document import Document
from audits.errors import InputError
from audits.sources.base import InputFailure
from audits.sources.decode import decode_bytes, load_json
from audits.sources.html import document_from_html
from audits.sources.text import document_from_text

_KNOWN = {"id", "title", "url", "text", "html", "published", "author", "lang"}


def read_jsonl(data: bytes, source: str) -> Iterator[Document | InputFailure]:
    """Each line becomes a Document; a bad line becomes a failure and the rest go on."""
    try:
        text, _encoding = decode_bytes(data, source)
    except InputError as exc:
        yield InputFailure(source, exc.reason)
        return
    if not text.strip():
        yield InputFailure(source, "empty input: no records")
        return
    # Records end at \n only (the JSON Lines rule; \r\n leaves a \r that JSON reads
    # as whitespace). str.splitlines() also cuts at U+2028, U+2029 and NEL, which a
    # JSON string may hold raw (json.dumps(..., ensure_ascii=False) writes them so):
    # one such article became several "invalid JSON" lines, and every later record's
    # line number was off.
    for lineno, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{source}:{lineno}"
        try:
            record = load_json(line)
        except json.JSONDecodeError as exc:
            yield InputFailure(where, f"invalid JSON ({exc.msg} at column {exc.colno})")
            continue
        item: Document | InputFailure
        try:
            item = document_from_record(record, where)
        except InputError as exc:
            item = _failed_record(record, where, exc.reason)
        yield item


def _failed_record(record: Any, where: str, reason: str) -> InputFailure:
    """The error entry of a record that could not be read as an article: with its
    id, title and url, which name the article (its title and url showed null)."""
    if not isinstance(record, dict):
        return InputFailure(where, reason)
    doc_id = str(record["id"]) if "id" in record else None
    title, url = _str_or_none(record.get("title")), _str_or_none(record.get("url"))
    return InputFailure(where, reason, id=doc_id, title=title, url=url)


def document_from_record(record: Any, where: str) -> Document:
    if not isinstance(record, dict):
        raise InputError(where, f"expected a JSON object, got {type(record).__name__}")
    doc_id = str(record["id"]) if record.get("id") is not None else where
    meta = {k: v for k, v in record.items() if k not in _KNOWN}
    if isinstance(record.get("text"), str):
        doc = document_from_text(record["text"], where, doc_id=doc_id, keep_text=True)
    elif isinstance(record.get("html"), str):
        doc = document_from_html(record["html"], where, doc_id=doc_id, url=record.get("url"))
    else:
        raise InputError(where, 'record has no "text" or "html" string field')
    doc.title = _str_or_none(record.get("title")) or doc.title
    doc.url = _str_or_none(record.get("url")) or doc.url
    doc.published = _str_or_none(record.get("published")) or doc.published
    doc.author = _str_or_none(record.get("author")) or doc.author
    doc.lang = _str_or_none(record.get("lang"))
    doc.meta.update(meta)
    return doc


def _str_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None
