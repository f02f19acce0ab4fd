"""Where a fluency score stands among English-original sentences.

``audits/data/fluency_calibration.json`` holds, per model (id and exact weights),
context setting and score method, percentiles of the sentence score and of the
lowest word SLOR of each English-original sentence of the bench set, written by
``bench/calibrate_fluency.py``. The score is a sum over tokens, so long
sentences score lower; percentiles are therefore kept per length band (token
count), and a sentence's ``percentile`` is its place among English-original
sentences of similar length. F601 fires below the ``fluency_percentile`` the
user picks.

A document's first sentence has its own tables (``opening``), fitted on the
first sentences of the English originals. The model reads it with nothing
before it, and it is mostly a headline ("Gabba's double power failure
explained"), so against every sentence's tables a quarter of the originals'
first sentences fell under the 5th percentile, and one in seven held a
surprising word: noise, as the first sentences of machine translations fared
no worse (AUC 0.54). A calibration without ``opening`` places them like any
sentence.

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
    # Upper token counts of the length bands (the last band is open-ended), and
    # per band the (percentile, score) pairs, ascending in both.
    band_limits: tuple[int, ...]
    score_tables: tuple[tuple[tuple[float, float], ...], ...]
    # (percentile, lowest word SLOR of a sentence) pairs over the same sentences.
    word_table: tuple[tuple[float, float], ...]
    # The same tables over documents' first sentences (None: none stored).
    opening: Calibration | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Calibration:
        bands = data["length_bands"]
        opening = data.get("opening")
        return cls(
            key=data["key"],
            model=data["model"],
            score_method=data.get("score"),
            sentences=int(data["sentences"]),
            band_limits=tuple(int(b["max_tokens"]) for b in bands[:-1]),
            score_tables=tuple(_table(b["score_percentiles"]) for b in bands),
            word_table=_table(data["min_word_slor_percentiles"]),
            opening=None
            if opening is None
            else cls.from_dict({"key": data["key"], "model": data["model"], **opening}),
        )

    def for_sentence(self, *, opening: bool) -> Calibration:
        """The tables a sentence is placed with: a document's first sentence among first
        sentences, where they are stored."""
        return self.opening if opening and self.opening is not None else self

    def band(self, tokens: int) -> int:
        return bisect.bisect_left(self.band_limits, tokens)

    def percentile(self, score: float, tokens: int) -> float:
        """Share (in %) of English-original sentences of similar length scoring at or
        below ``score``, interpolated; clamped to the table's ends (0 and 100)."""
        return _interpolate(self.score_tables[self.band(tokens)], score, by_value=True)

    def threshold(self, percentile: float, tokens: int) -> float:
        """The score at ``percentile`` for a sentence of ``tokens`` tokens."""
        return _interpolate(self.score_tables[self.band(tokens)], percentile, by_value=False)

    def surprise_threshold(self, percentile: float) -> float:
        """The word SLOR below which a word is surprising (F602): only ``percentile`` %
        of English-original sentences hold a word that unlikely."""
        return _interpolate(self.word_table, percentile, by_value=False)

    def describe(self, fluency_percentile: float) -> dict[str, Any]:
        out: dict[str, Any] = {
            "status": "calibrated",
            "key": self.key,
            "sentences": self.sentences,
            "fluency_percentile": fluency_percentile,
            **self._thresholds(fluency_percentile),
        }
        if self.opening is not None:
            out["opening"] = {
                "sentences": self.opening.sentences,
                **self.opening._thresholds(fluency_percentile),
            }
        return out

    def _thresholds(self, fluency_percentile: float) -> dict[str, Any]:
        return {
            "length_bands": [*self.band_limits, None],
            "score_thresholds": [
                round(_interpolate(t, fluency_percentile, by_value=False), 4)
                for t in self.score_tables
            ],
            "surprise_threshold": round(self.surprise_threshold(fluency_percentile), 4),
        }


# Cached: a run places every document's sentences, and each asked for its tables anew.
@lru_cache(maxsize=16)
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
            f"{DEFAULT_SURPRISE_THRESHOLD}; calibrate with `python bench/calibrate_fluency.py "
            f"--model MODEL --context-sentences {context_sentences}`"
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
