"""What the engine takes from a library caller: inputs checked and copied, settings checked.

``audit_documents`` is public API, so its arguments come from code we do not know.
Unchecked, a list of strings failed as ``AttributeError: 'str' object has no
attribute 'id'``, a Document whose text was None became an "internal error" entry
whose report then crashed, and a Document reused for the next article rewrote the
offsets of the results already returned. Here each input is checked once, up front,
and copied, so a mistake is one ``UsageError`` or ``ConfigError`` naming the input and
what was expected, and a result never changes after the call.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from typing import Any

from audits.config import AuditConfig, validate
from audits.document import Document, Finding
from audits.document_ids import UniqueIds
from audits.errors import ConfigError, UsageError
from audits.sources.base import InputFailure
from audits.sources.json_text import LONE_SURROGATE, without_surrogates

_OPTIONAL_TEXT = ("title", "url", "published", "author", "lang")


def checked_config(config: AuditConfig | None) -> AuditConfig:
    """A checked copy of ``config`` (None: the defaults), as a config file is checked."""
    if config is None:
        return AuditConfig()
    if not isinstance(config, AuditConfig):
        raise ConfigError(
            f"config must be an AuditConfig, not {type(config).__name__}: build one with "
            "AuditConfig(lm=False, ...) or audits.load_config(paths, overrides={...})"
        )
    return validate(dataclasses.replace(config, origins=dict(config.origins)))


def taken_inputs(
    inputs: Iterable[Document | InputFailure], caller: str = "audit_documents"
) -> list[Document | InputFailure]:
    """``inputs`` as the engine reads them: every Document checked and copied, with ids
    made unique as the readers make them (the second "a" is "a#2"). ``caller`` is the
    function the error names."""
    return list(taken_one_by_one(inputs, caller))


def taken_one_by_one(
    inputs: Iterable[Document | InputFailure], caller: str = "audit_documents"
) -> Iterator[Document | InputFailure]:
    """``taken_inputs`` an input at a time, each read from ``inputs`` only when asked
    for; what ``inputs`` itself is, is checked at once, before the first is asked for."""
    if inputs is None or isinstance(inputs, str | bytes | Document | InputFailure):
        raise UsageError(
            f"{caller} takes an iterable of Document objects (a list, a generator), "
            f"not {type(inputs).__name__}: pass [Document(id=..., text=..., source=...)]"
        )
    try:
        items = iter(inputs)
    except TypeError as exc:
        raise UsageError(
            f"{caller} takes an iterable of Document objects, not {type(inputs).__name__} ({exc})"
        ) from exc
    return _taken(items)


def _taken(items: Iterator[object]) -> Iterator[Document | InputFailure]:
    ids = UniqueIds()
    for number, item in enumerate(items):
        if isinstance(item, InputFailure):
            yield item
            continue
        doc = taken_document(item, number)
        # Reports and run-level rules key documents by id: with two "a", the second
        # one's run-level finding was placed by the first one's lines.
        doc.id = ids.take(doc.id)
        yield doc


def taken_document(item: object, number: int = 0) -> Document:
    """A checked copy of one Document: later changes to the caller's object never reach
    a result, and lone surrogates (which no report can encode) become U+FFFD, one code
    point for one, as the JSONL reader does, so offsets stay true."""
    if not isinstance(item, Document):
        hint = (
            " (wrap text as Document(id=..., text=..., source=...))"
            if isinstance(item, str | bytes)
            else ""
        )
        raise UsageError(
            f"input {number} is a {type(item).__name__}, not a Document or InputFailure{hint}"
        )
    name = f"input {number} (id {item.id!r:.60})"
    for field in ("id", "text", "source"):
        _require(item, field, str, "a str", name)
    for field in _OPTIONAL_TEXT:
        _require(item, field, str | None, "a str or None", name)
    _require(item, "meta", dict | None, "a dict", name)
    _require(item, "input_findings", list | None, "a list of Finding", name)
    findings = item.input_findings or []
    if not all(isinstance(f, Finding) for f in findings):
        raise UsageError(f"{name}: Document.input_findings must hold Finding objects only")
    text = _clean(item.text)
    for f in findings:
        _check_span(f, text, name)
    return dataclasses.replace(
        item,
        id=_clean(item.id),
        text=text,
        source=_clean(item.source),
        **{field: _clean(getattr(item, field)) for field in _OPTIONAL_TEXT},
        meta=without_surrogates(dict(item.meta or {})),
        # Copies: the engine sets a finding's severity from the config.
        input_findings=[
            dataclasses.replace(f, text=_clean(f.text), evidence=dict(f.evidence)) for f in findings
        ],
    )


def _require(item: Document, field: str, kind: Any, expected: str, name: str) -> None:
    value = getattr(item, field)
    if not isinstance(value, kind):
        raise UsageError(f"{name}: Document.{field} must be {expected}, not {type(value).__name__}")


def _check_span(f: Finding, text: str, name: str) -> None:
    """An input finding must quote its own span: reports show text[start:end]."""
    inside = (
        isinstance(f.start, int) and isinstance(f.end, int) and 0 <= f.start <= f.end <= len(text)
    )
    if not inside or text[f.start : f.end] != _clean(f.text):
        raise UsageError(
            f"{name}: input finding {f.code} at {f.start}:{f.end} does not quote "
            f"text[{f.start}:{f.end}] ({f.text!r:.40})"
        )


def _clean(value: Any) -> Any:
    if isinstance(value, str) and LONE_SURROGATE.search(value):
        return without_surrogates(value)
    return value
