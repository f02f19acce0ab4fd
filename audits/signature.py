"""The run signature: everything that changes a number in a report.

Like sacrebleu's signature, it is recorded in every report so two reports can
be compared, and it has a compact one-line form for footers and logs::

    mtaudit:0.1.0|schema:mtaudit/1|rules:29#d7cf3dc9aad1|sev:none|lm:off|flu:off|mt:0.563206@fitted-logistic/3:text#6dda05d86945|allow:0

Two runs with the same compact string used the same version, rules, severity
overrides, model (by fingerprint), thresholds and allow-list.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from typing import Any

from audits.allow_list import allow_keys


def short_hash(value: Any) -> str:
    """12 hex digits identifying a JSON-able value (sorted keys, so order never matters)."""
    data = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:12]


def describe_allow(phrases: Iterable[str]) -> dict[str, Any]:
    """The allow-list's part of a signature (``audit``'s and ``compare``'s alike): how
    many distinct phrases and their hash, so the same list written in another order or
    case signs the same."""
    keys = allow_keys(phrases)
    return {"count": len(keys), "hash": short_hash(keys) if keys else None}


def compact_signature(signature: Mapping[str, Any]) -> str:
    """The one-line form: ``key:value`` pairs joined by ``|``, in a fixed order."""
    if not signature:
        return "mtaudit:unknown"
    rules = _mapping(signature.get("rules"))
    lm = _mapping(signature.get("lm"))
    verdict = _mapping(signature.get("verdict"))
    thresholds = _mapping(signature.get("thresholds"))
    allow = signature.get("allow")
    severity = rules.get("severity") or {}

    parts = [
        ("mtaudit", signature.get("mtaudit", "unknown")),
        ("schema", signature.get("schema", "?")),
        ("rules", f"{rules.get('count', '?')}#{rules.get('hash', '?')}"),
        ("sev", f"{len(severity)}#{short_hash(severity)}" if severity else "none"),
        ("lm", _lm_part(lm) if signature.get("lm") else "off"),
        ("flu", _fluency_part(thresholds) if signature.get("lm") else "off"),
        ("mt", _verdict_part(verdict)),
        ("allow", _allow_part(allow)),
    ]
    return "|".join(f"{key}:{_clean(str(value))}" for key, value in parts)


def signature_changes(before: str, after: str) -> list[tuple[str, str, str]]:
    """The parts of two one-line signatures that differ: (key, before, after), in the
    line's order; a part one of them lacks is '?' there."""
    old, new = _parts(before), _parts(after)
    keys = list(old) + [key for key in new if key not in old]
    return [
        (key, old.get(key, "?"), new.get(key, "?")) for key in keys if old.get(key) != new.get(key)
    ]


def _parts(line: str) -> dict[str, str]:
    pairs = (part.partition(":") for part in line.split("|"))
    return {key: value for key, _, value in pairs}


def _verdict_part(verdict: Mapping[str, Any]) -> str:
    part = f"{_number(verdict.get('threshold'))}@{verdict.get('method', '?')}"
    return f"{part}#{verdict['model']}" if verdict.get("model") else part


def _lm_part(lm: Mapping[str, Any]) -> str:
    model = str(lm.get("model") or lm.get("name") or "model")
    fingerprint = str(lm.get("fingerprint") or "")
    return f"{model}#{fingerprint[:12]}" if fingerprint else model


def _fluency_part(thresholds: Mapping[str, Any]) -> str:
    percentile = thresholds.get("fluency_percentile")
    return "?" if percentile is None else f"p{_number(percentile)}"


def _allow_part(allow: Any) -> str:
    if isinstance(allow, Mapping):
        count = allow.get("count", 0)
        return f"{count}#{allow.get('hash')}" if count else "0"
    return str(allow or 0)


def _number(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    return "?" if value is None else str(value)


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _clean(value: str) -> str:
    # The separators must stay unambiguous whatever a model id contains.
    return value.replace("|", "%7C").replace("\n", " ")
