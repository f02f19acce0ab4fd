"""Where a fluency score stands among English-original sentences.

``audits/data/fluency_calibration.json`` holds, per model (id and exact weights),
context setting and score method, percentiles of the sentence score and of token
SLOR over the English-original sentences of the bench set, written by
``bench/calibrate_fluency.py``. A sentence's ``percentile`` is interpolated in
that table; F601 fires below the ``fluency_percentile`` the user picks.

A model without a stored calibration gets no percentile and F601 stays silent:
a threshold from another model would be wrong in an unknown direction, and one
taken from the run itself would flag the least fluent 5 % of any text, fluent
or not. F602 then uses the default token threshold of the embedded model, and
the report's signature says the model is uncalibrated.
"""

from __future__ import annotations

import bisect
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

DATA_FILE = "fluency_calibration.json"
# Token SLOR percentile (of English-original tokens) under which a token is surprising.
SURPRISE_PERCENTILE = "1"
# Used for F602 when a model has no calibration (the embedded model's value, rounded).
DEFAULT_SURPRISE_THRESHOLD = -6.0


def calibration_key(model: str, weights: str, context_sentences: int) -> str:
    return f"{model}|{weights}|ctx{context_sentences}"


@dataclass(frozen=True)
class Calibration:
    key: str
    model: str
    score_method: str | None
    sentences: int
    # (percentile, score) pairs, ascending in both.
    score_table: tuple[tuple[float, float], ...]
    token_table: tuple[tuple[float, float], ...]
    f601_strength: float = 0.15

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Calibration:
        return cls(
            key=data["key"],
            model=data["model"],
            score_method=data.get("score"),
            sentences=int(data["sentences"]),
            score_table=_table(data["score_percentiles"]),
            token_table=_table(data["token_slor_percentiles"]),
            f601_strength=float(data.get("f601_strength", 0.15)),
        )

    def percentile(self, score: float) -> float:
        """Share (in %) of English-original sentences scoring at or below ``score``,
        interpolated; clamped to the table's first and last percentiles."""
        return _interpolate(self.score_table, score, by_value=True)

    def threshold(self, percentile: float) -> float:
        """The score at ``percentile``: sentences below it are low-fluency (F601)."""
        return _interpolate(self.score_table, percentile, by_value=False)

    @property
    def surprise_threshold(self) -> float:
        return _interpolate(self.token_table, float(SURPRISE_PERCENTILE), by_value=False)

    def describe(self, fluency_percentile: float) -> dict[str, Any]:
        return {
            "status": "calibrated",
            "key": self.key,
            "sentences": self.sentences,
            "fluency_percentile": fluency_percentile,
            "score_threshold": round(self.threshold(fluency_percentile), 4),
            "surprise_threshold": round(self.surprise_threshold, 4),
        }


def find_calibration(
    model: str, weights: str, context_sentences: int, score_method: str | None
) -> Calibration | None:
    key = calibration_key(model, weights, context_sentences)
    for entry in _entries():
        if entry.get("key") == key and entry.get("score") == score_method:
            return Calibration.from_dict(entry)
    return None


def uncalibrated_note(model: str, context_sentences: int) -> dict[str, Any]:
    return {
        "status": "uncalibrated",
        "note": (
            f"no stored calibration for {model} with context_sentences={context_sentences}: "
            "sentences get no percentile and F601 is off; F602 uses the default threshold "
            f"{DEFAULT_SURPRISE_THRESHOLD}. Calibrate with bench/calibrate_fluency.py --model."
        ),
        "surprise_threshold": DEFAULT_SURPRISE_THRESHOLD,
    }


@lru_cache(maxsize=1)
def _entries() -> tuple[dict[str, Any], ...]:
    path = Path(__file__).resolve().parents[1] / "data" / DATA_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ()
    return tuple(e for e in data.get("calibrations", []) if isinstance(e, dict))


def _table(data: dict[str, float]) -> tuple[tuple[float, float], ...]:
    return tuple(sorted((float(p), float(v)) for p, v in data.items()))


def _interpolate(table: tuple[tuple[float, float], ...], x: float, *, by_value: bool) -> float:
    """Piecewise-linear lookup: percentile -> value, or value -> percentile."""
    pairs = [(v, p) for p, v in table] if by_value else list(table)
    keys = [k for k, _ in pairs]
    if x <= keys[0]:
        return pairs[0][1]
    if x >= keys[-1]:
        return pairs[-1][1]
    i = bisect.bisect_right(keys, x)
    (k0, v0), (k1, v1) = pairs[i - 1], pairs[i]
    if k1 == k0:
        return v1
    return v0 + (v1 - v0) * (x - k0) / (k1 - k0)
