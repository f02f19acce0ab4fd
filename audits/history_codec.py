"""Stored results: a DocumentAudit (less its Document) as compressed JSON, and back.

The codec walks the dataclasses of ``audits.document`` by their type hints, so
a field added to a record later is stored without touching this module, and a
result stored before the field existed decodes with the field's default. A
stored result that no longer fits the records (a required field gone, a type
changed) raises ``StoredResultError``; the history store then audits the
document afresh instead of reusing it.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
import zlib
from collections.abc import Callable
from enum import Enum
from functools import cache
from typing import Any

from audits.document import Document, DocumentAudit, PriorResult

# Version of the stored form; bump it when decoding old blobs would mislead.
CODEC = 1
# Fields never stored: the Document is the current run's, the origin is set on
# reuse, and hidden-state sums (when a scorer records them) are large and read
# only while the verdict is computed.
SKIPPED_FIELDS = frozenset({"document", "reused_from", "hidden_sums"})


class StoredResultError(ValueError):
    """A stored result that cannot be turned back into a DocumentAudit."""


def encode_audit(audit: DocumentAudit) -> bytes:
    return compress(json.dumps(to_plain(audit), ensure_ascii=False, separators=(",", ":")))


def decode_audit(blob: bytes, document: Document, prior: PriorResult | None) -> DocumentAudit:
    try:
        data = json.loads(decompress(blob))
        audit = from_plain(DocumentAudit, {**data, "document": None})
    except (ValueError, TypeError, KeyError, zlib.error) as exc:
        raise StoredResultError(f"stored result does not decode ({exc})") from exc
    audit.document = document
    audit.reused_from = prior
    return audit


def compress(text: str) -> bytes:
    return zlib.compress(text.encode("utf-8"), 6)


def decompress(blob: bytes) -> str:
    return zlib.decompress(blob).decode("utf-8")


def to_plain(value: Any) -> Any:
    """JSON-able data: dataclasses as dicts (less ``SKIPPED_FIELDS``), enums by value."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: to_plain(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if f.name not in SKIPPED_FIELDS
        }
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {str(k): to_plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [to_plain(v) for v in value]
    return value


def from_plain(hint: Any, data: Any) -> Any:
    """The value of type ``hint`` that :func:`to_plain` turned into ``data``."""
    return _decoder(hint)(data)


Decoder = Callable[[Any], Any]


@cache
def _decoder(hint: Any) -> Decoder:
    """A function decoding data of type ``hint``, built once per type (decoding a
    stored result is on the path of every reused document)."""
    if hint is Any or hint is object:
        return _same
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        return _union([_decoder(a) for a in typing.get_args(hint) if a is not type(None)], hint)
    if origin is list:
        (item,) = typing.get_args(hint) or (Any,)
        each = _decoder(item)
        return lambda data: [each(v) for v in _expect(data, list)]
    if origin is tuple:
        return _tuple(typing.get_args(hint))
    if origin is dict:
        key_type, value_type = typing.get_args(hint) or (Any, Any)
        key, value = _decoder(key_type), _decoder(value_type)
        as_int = key_type is int  # JSON object keys are strings; fluency is keyed by index
        return lambda data: {
            key(int(k) if as_int else k): value(v) for k, v in _expect(data, dict).items()
        }
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _dataclass(hint)
    if isinstance(hint, type) and issubclass(hint, Enum):
        return hint
    if hint is float:
        return _number
    if hint in (int, str, bool):
        return _exactly(hint)
    return _same


def _same(data: Any) -> Any:
    return data


def _number(data: Any) -> Any:
    if isinstance(data, bool) or not isinstance(data, int | float):
        raise TypeError(f"expected a number, got {data!r}")
    return data  # an int stays an int, as the engine made it


def _exactly(kind: type) -> Decoder:
    def decode(data: Any) -> Any:
        if not isinstance(data, kind) or (kind is int and isinstance(data, bool)):
            raise TypeError(f"expected {kind.__name__}, got {data!r}")
        return data

    decode.plain = True  # type: ignore[attr-defined]
    return decode


def _union(arms: list[Decoder], hint: Any) -> Decoder:
    def decode(data: Any) -> Any:
        if data is None:
            return None
        errors = []
        for arm in arms:
            try:
                return arm(data)
            except (TypeError, ValueError, KeyError) as exc:
                errors.append(exc)
        raise TypeError(f"{data!r} fits none of {hint}: {errors}")

    return decode


def _tuple(args: tuple[Any, ...]) -> Decoder:
    if len(args) == 2 and args[1] is Ellipsis:
        each = _decoder(args[0])
        return lambda data: tuple(each(v) for v in _expect(data, list))
    items = [_decoder(a) for a in args]

    def decode(data: Any) -> Any:
        values = _expect(data, list)
        if items and len(items) != len(values):
            raise TypeError(f"expected {len(items)} items, got {len(values)}")
        return tuple(d(v) for d, v in zip(items or [_same] * len(values), values, strict=True))

    return decode


def _dataclass(cls: type) -> Decoder:
    hints = typing.get_type_hints(cls)
    fields = [
        (
            f.name,
            _decoder(hints[f.name]),
            f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING,
        )
        for f in dataclasses.fields(cls)
    ]
    names = frozenset(name for name, _, _ in fields)
    # Records of plain values only (sentences, paragraphs, token scores) are the many
    # small objects of a result; when every field is there they are built directly.
    plain = all(d is _same or d is _number or getattr(d, "plain", False) for _, d, _ in fields)

    def decode(data: Any) -> Any:
        data = _expect(data, dict)
        if plain and data.keys() == names:
            return cls(**data)
        kwargs = {}
        for name, field_decoder, required in fields:
            if name in data:
                value = data[name]
                kwargs[name] = None if value is None else field_decoder(value)
            elif required:
                raise KeyError(f"{cls.__name__}.{name} is missing")
        return cls(**kwargs)

    return decode


def _expect(data: Any, kind: type) -> Any:
    if not isinstance(data, kind):
        raise TypeError(f"expected {kind.__name__}, got {type(data).__name__}")
    return data
