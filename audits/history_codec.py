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
    if hint is Any or hint is object:
        return data
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        arms = [a for a in typing.get_args(hint) if a is not type(None)]
        if data is None:
            return None
        errors = []
        for arm in arms:
            try:
                return from_plain(arm, data)
            except (TypeError, ValueError, KeyError) as exc:
                errors.append(exc)
        raise TypeError(f"{data!r} fits none of {hint}: {errors}")
    if origin is list:
        (item,) = typing.get_args(hint) or (Any,)
        return [from_plain(item, v) for v in _expect(data, list)]
    if origin is tuple:
        args = typing.get_args(hint)
        items = _expect(data, list)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(from_plain(args[0], v) for v in items)
        if args and len(args) != len(items):
            raise TypeError(f"expected {len(args)} items, got {len(items)}")
        return tuple(
            from_plain(a, v) for a, v in zip(args or [Any] * len(items), items, strict=True)
        )
    if origin is dict:
        key_type, value_type = typing.get_args(hint) or (Any, Any)
        return {
            from_plain(key_type, _key(key_type, k)): from_plain(value_type, v)
            for k, v in _expect(data, dict).items()
        }
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _dataclass(hint, _expect(data, dict))
    if isinstance(hint, type) and issubclass(hint, Enum):
        return hint(data)
    if hint is float:
        if isinstance(data, bool) or not isinstance(data, int | float):
            raise TypeError(f"expected a number, got {data!r}")
        return data  # an int stays an int, as the engine made it
    if hint in (int, str, bool):
        if not isinstance(data, hint) or (hint is int and isinstance(data, bool)):
            raise TypeError(f"expected {hint.__name__}, got {data!r}")
        return data
    return data


def _dataclass(cls: type, data: dict[str, Any]) -> Any:
    hints = _hints(cls)
    kwargs = {}
    for f in dataclasses.fields(cls):
        if f.name in data:
            kwargs[f.name] = (
                None if data[f.name] is None else from_plain(hints[f.name], data[f.name])
            )
        elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            raise KeyError(f"{cls.__name__}.{f.name} is missing")
    return cls(**kwargs)


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _key(key_type: Any, key: str) -> Any:
    # JSON object keys are strings; fluency is keyed by sentence index.
    return int(key) if key_type is int else key


def _expect(data: Any, kind: type) -> Any:
    if not isinstance(data, kind):
        raise TypeError(f"expected {kind.__name__}, got {type(data).__name__}")
    return data
