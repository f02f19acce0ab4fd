"""The fitted verdict at run time: P(machine-translated) from document features, numpy only.

``audits/data/verdict_model.json`` is written by ``bench/fit_verdict.py``. It holds two
*variants* (``text`` needs only the text and the rules' findings; ``text+lm`` also the
language model's reads). A variant is two stages and a final model, all linear:

* stage ``translated``: is this a translation at all, or an English original?
* stage ``machine``: among translations, machine or human? (fitted on translations only)
* final: a standardised logistic regression over the two stage scores, with Platt
  calibration, and the threshold that gave 2 % false positives on English originals in
  cross-validation; each stage score also enters once more times the log of the
  document's length (``LengthScale``), so the final model learns how far to trust each
  stage on a short text and on a long one;
* ``translated`` readout: the first stage alone, Platt-calibrated, as P(a translation at
  all), the half of the question the data answers well.

Each stage is a standardised logistic read-out over named document features and, in the
LM variant, hidden states of the model pooled over the document's sentences. Because
everything is linear, every feature's push on the final log-odds can be read off
(``VerdictVariant.contributions``), which is where the verdict's reasons come from.

    model = load_verdict_model()
    variant = model.best_variant(with_lm=False)
    feats, pooled = document_features(text, sentences, model, variant)
    p = variant.probability(feats)

A feature the model knows but the caller did not compute counts as average (z = 0).
"""

from __future__ import annotations

import hashlib
import json
import math
import os
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache
from importlib import resources
from itertools import repeat
from pathlib import Path
from typing import Any

import numpy as np

from audits.byte_order_marks import text_file_encoding
from audits.errors import ConfigError, read_reason
from audits.features import (
    SentenceLM,
    fluency_features,
    lm_features,
    ngram_rates,
    pool_sentences,
)
from audits.features.rules import rule_features
from audits.features.text import TEXT_GROUPS, DocumentText
from audits.folder_names import refuse_a_separator
from audits.sources.json_text import json_error_in

SCHEMA = "mtaudit-verdict/3"
# Version 2 files (no length-scaled stages) read the same way.
READABLE_SCHEMAS = ("mtaudit-verdict/2", SCHEMA)
STAGE_PREFIX = "stage."
# A stage score times the document's length factor: "stage.machine@length".
LENGTH_SUFFIX = "@length"
LENGTH_FACTOR = "length.factor"
# A pooled hidden-state vector: (pooling, layer), see ``pool_sentences``.
VectorKey = tuple[str, int]


@dataclass(frozen=True)
class Contribution:
    """How much one input moved the log-odds, and the value behind it (0 for a hidden-state
    vector, whose pushes are summed)."""

    feature: str
    value: float
    log_odds: float


def _values(names: Sequence[str], mean: np.ndarray, feats: Mapping[str, float]) -> np.ndarray:
    """The named features' values; a missing or non-finite one is its training mean."""
    x = np.array(list(map(feats.get, names, repeat(math.nan))), np.float64)
    unknown = ~np.isfinite(x)
    if unknown.any():
        x[unknown] = mean[: len(names)][unknown]
    return x


def _stage_column(name: str) -> tuple[str | None, bool]:
    """The stage a final-model column reads, and whether it is the length-scaled one."""
    if not name.startswith(STAGE_PREFIX):
        return None, False
    base = name[len(STAGE_PREFIX) :]
    if base.endswith(LENGTH_SUFFIX):
        return base[: -len(LENGTH_SUFFIX)], True
    return base, False


@dataclass(frozen=True)
class LengthScale:
    """The document-length factor the final model multiplies stage scores by.

    Rates per word and function-word shares are noisy on a 60-word text and steady on
    a 600-word one, so a stage score says less about a short document; with
    ``stage@length`` columns beside the plain ones the final model fits each stage's
    slope as a straight line in log(length) (the packaged text+lm model: the machine
    stage's slope 0 at 40 words, 1.32 at 1,500; README "How P is computed"). Lengths
    are clipped to the range the fit saw, so a very long or very short text never
    extrapolates the slope past it. The fit holds each slope at or above 0 over that
    range (``bench/verdict_cv.py``, ``SlopeFloor``): a stage may say little on a short
    text, never the opposite of what it learnt.
    """

    center: float
    low: float
    high: float

    def factor(self, n_words: int) -> float:
        return math.log(min(max(float(n_words), self.low), self.high) / self.center)

    def to_json(self) -> dict[str, float]:
        return {"center": self.center, "low": self.low, "high": self.high}


def vector_name(key: VectorKey) -> str:
    return f"probe.{key[0]}_l{key[1]}"


@dataclass(frozen=True)
class Stage:
    """A standardised logistic read-out over scalar features, then pooled vectors."""

    name: str
    features: tuple[str, ...]
    vectors: tuple[VectorKey, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float

    def _z(self, feats: Mapping[str, float], pooled: Mapping[VectorKey, np.ndarray]):
        if any(k not in pooled for k in self.vectors):
            return None
        parts = [_values(self.features, self.mean, feats)]
        parts += [np.asarray(pooled[k], np.float64) for k in self.vectors]
        return (np.concatenate(parts) - self.mean) / self.scale

    def score(
        self, feats: Mapping[str, float], pooled: Mapping[VectorKey, np.ndarray]
    ) -> float | None:
        """The stage's log-odds; None when a hidden-state vector it reads is missing."""
        z = self._z(feats, pooled)
        return None if z is None else float(z @ self.coef + self.intercept)

    @cached_property
    def group_columns(self) -> dict[str, np.ndarray]:
        """Input columns per feature group (the name's prefix; ``probe`` for vectors)."""
        groups = [name.partition(".")[0] for name in self.features]
        groups += ["probe"] * (len(self.mean) - len(self.features))
        out: dict[str, list[int]] = {}
        for i, group in enumerate(groups):
            out.setdefault(group, []).append(i)
        return {g: np.array(idx) for g, idx in out.items()}

    def pushes(
        self, feats: Mapping[str, float], pooled: Mapping[VectorKey, np.ndarray]
    ) -> np.ndarray | None:
        """Each input column's push on the stage score (z x coefficient)."""
        z = self._z(feats, pooled)
        return None if z is None else z * self.coef

    def terms(
        self, feats: Mapping[str, float], pooled: Mapping[VectorKey, np.ndarray]
    ) -> list[tuple[str, float, float]]:
        """(input, value, push on the stage score) per scalar feature and per vector."""
        t = self.pushes(feats, pooled)
        if t is None:
            return []
        n = len(self.features)
        out = [
            (name, float(feats.get(name, m)), float(t[i]))
            for i, (name, m) in enumerate(zip(self.features, self.mean, strict=False))
        ]
        pos = n
        for key in self.vectors:
            width = len(pooled[key])
            out.append((vector_name(key), 0.0, float(t[pos : pos + width].sum())))
            pos += width
        return out

    @classmethod
    def from_json(cls, raw: Any) -> Stage:
        try:
            return _stage(raw, "stage")
        except _Invalid as exc:
            raise ConfigError(f"verdict {exc}") from None

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "features": list(self.features),
            "vectors": [list(k) for k in self.vectors],
            "mean": [round(float(x), 6) for x in self.mean],
            "scale": [round(float(x), 6) for x in self.scale],
            "coef": [round(float(x), 6) for x in self.coef],
            "intercept": round(self.intercept, 6),
        }


@dataclass(frozen=True)
class StageReadout:
    """One stage read on its own as a calibrated probability: the ``translated`` stage
    gives P(a translation at all), the half of the verdict the data separates well."""

    stage: str
    platt_a: float
    platt_b: float
    cv: dict[str, Any] = field(default_factory=dict)

    def probability(self, feats: Mapping[str, float], extra_log_odds: float = 0.0) -> float | None:
        score = feats.get(STAGE_PREFIX + self.stage)
        if score is None:
            return None
        return sigmoid(self.platt_a * score + self.platt_b + extra_log_odds)


@dataclass(frozen=True)
class VerdictVariant:
    name: str
    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    platt_a: float
    platt_b: float
    threshold: float
    threshold_fpr: float
    stages: tuple[Stage, ...] = ()
    cv: dict[str, Any] = field(default_factory=dict)
    needs_lm: bool = False
    # Out-of-fold P(MT) of the English originals in cross-validation, sorted: the false
    # positive rate of any threshold is read from them.
    original_probabilities: np.ndarray = field(default_factory=lambda: np.zeros(0))
    translated: StageReadout | None = None
    # Present when the final model reads length-scaled stage scores (``stage.X@length``).
    length: LengthScale | None = None

    def add_length_terms(self, feats: dict[str, float], n_words: int) -> None:
        """Put the length-scaled stage scores the final model reads into ``feats``."""
        if self.length is None:
            return
        g = self.length.factor(n_words)
        feats[LENGTH_FACTOR] = g
        for stage in self.stages:
            score = feats.get(STAGE_PREFIX + stage.name)
            if score is not None:
                feats[STAGE_PREFIX + stage.name + LENGTH_SUFFIX] = score * g

    def _slopes(
        self, feats: Mapping[str, float]
    ) -> tuple[dict[str, float], list[tuple[str, float, float]]]:
        """Each stage's slope on the calibrated log-odds for this document (its plain
        column plus its length-scaled one times the length factor), and the plain
        features' (name, mean, slope)."""
        slope = self.platt_a * self.coef / self.scale
        # No factor: the length-scaled columns sit at their means (``_with_products``).
        g = float(feats.get(LENGTH_FACTOR, 0.0))
        stages: dict[str, float] = {}
        plain: list[tuple[str, float, float]] = []
        names = {stage.name for stage in self.stages}
        for name, m, w in zip(self.features, self.mean, slope, strict=True):
            base, scaled = _stage_column(name)
            if base not in names:
                plain.append((name, float(m), float(w)))
            else:
                stages[base] = stages.get(base, 0.0) + float(w) * (g if scaled else 1.0)
        return stages, plain

    def _z(self, feats: Mapping[str, float]) -> np.ndarray:
        values = _values(self.features, self.mean, self._with_products(feats))
        return (values - self.mean) / self.scale

    def _with_products(self, feats: Mapping[str, float]) -> Mapping[str, float]:
        """``feats`` with each length-scaled column made from its stage score and the
        length factor, as ``_slopes`` reads them: one source for P and its reasons. A
        document without a length factor gets none (each such column at its mean)."""
        if self.length is None:
            return feats
        g = feats.get(LENGTH_FACTOR)
        out = {k: v for k, v in feats.items() if not k.endswith(LENGTH_SUFFIX)}
        if g is not None:
            for stage in self.stages:
                score = feats.get(STAGE_PREFIX + stage.name)
                if score is not None:
                    out[STAGE_PREFIX + stage.name + LENGTH_SUFFIX] = score * g
        return out

    def log_odds(self, feats: Mapping[str, float]) -> float:
        return float(self._z(feats) @ self.coef + self.intercept)

    def calibrated_log_odds(self, feats: Mapping[str, float]) -> float:
        return self.platt_a * self.log_odds(feats) + self.platt_b

    def probability(self, feats: Mapping[str, float]) -> float:
        return sigmoid(self.calibrated_log_odds(feats))

    def typical_original_log_odds(self) -> float:
        """Calibrated log-odds of the median English original in cross-validation
        (even odds for a model file without them)."""
        if not len(self.original_probabilities):
            return 0.0
        p = float(np.clip(np.median(self.original_probabilities), 1e-6, 1 - 1e-6))
        return float(np.log(p / (1 - p)))

    def false_positive_rate(self, threshold: float) -> float | None:
        """Share of English originals at or above ``threshold`` in cross-validation."""
        orig = self.original_probabilities
        if not len(orig):
            return None
        return float(len(orig) - np.searchsorted(orig, threshold, side="left")) / len(orig)

    @cached_property
    def text_groups(self) -> tuple[str, ...]:
        """The text-feature groups its stages read (only those need computing)."""
        read = {name.partition(".")[0] for s in self.stages for name in s.features}
        return tuple(g for g in TEXT_GROUPS if g in read)

    def vectors(self) -> tuple[VectorKey, ...]:
        return tuple(dict.fromkeys(k for s in self.stages for k in s.vectors))

    def contributions(
        self, feats: Mapping[str, float], pooled: Mapping[VectorKey, np.ndarray] | None = None
    ) -> list[Contribution]:
        """Every input's push on the calibrated log-odds, strongest towards MT first; a
        stage's inputs are followed through the stage (pushes relative to an average
        document, so they do not add up to the probability exactly)."""
        stage_slopes, plain = self._slopes(feats)
        out: list[Contribution] = []
        for name, m, w in plain:
            value = float(feats.get(name, m))
            out.append(Contribution(name, value, w * (value - m)))
        for stage in self.stages:
            w = stage_slopes.get(stage.name)
            if w is None:
                continue
            for inner, value, push in stage.terms(feats, pooled or {}):
                out.append(Contribution(inner, value, w * push))
        return sorted(out, key=lambda c: -c.log_odds)

    def group_pushes(
        self,
        feats: Mapping[str, float],
        pooled: Mapping[VectorKey, np.ndarray] | None = None,
        unnamed: Collection[str] = (),
    ) -> dict[str, tuple[float, list[tuple[float, str]]]]:
        """Per feature group: its summed push on the calibrated log-odds, and its members
        that pushed towards MT (push, name), strongest first (not listed for the
        ``unnamed`` groups). The vectorised form of ``contributions`` summed by group, as
        the verdict's reasons need it."""
        stage_slopes, plain = self._slopes(feats)
        totals: dict[str, float] = {}
        members: dict[str, list[tuple[float, str]]] = {}

        def add(group: str, push: float, named: list[tuple[float, str]]) -> None:
            totals[group] = totals.get(group, 0.0) + push
            members.setdefault(group, []).extend(named)

        for name, m, w in plain:
            push = w * (float(feats.get(name, m)) - m)
            group, _, short = name.partition(".")
            add(group, push, [(push, short)] if push > 0 else [])
        for stage in self.stages:
            w = stage_slopes.get(stage.name)
            t = stage.pushes(feats, pooled or {}) if w is not None else None
            if t is None:
                continue
            t = t * w
            n_named = len(stage.features)
            for group, cols in stage.group_columns.items():
                part = t[cols]
                named = (
                    [
                        (float(part[k]), stage.features[cols[k]].partition(".")[2])
                        for k in np.flatnonzero(part > 0)
                    ]
                    if cols[0] < n_named and group not in unnamed  # vectors have no names
                    else []
                )
                add(group, float(part.sum()), named)
        return {g: (totals[g], sorted(members[g], reverse=True)) for g in totals}

    def missing(self, feats: Mapping[str, float]) -> list[str]:
        return [n for n in self.features if n not in feats]

    def flagged(self, feats: Mapping[str, float]) -> bool:
        return self.probability(feats) >= self.threshold


@dataclass(frozen=True)
class VerdictModel:
    variants: dict[str, VerdictVariant]
    ngram_vocabulary: tuple[str, ...]
    training: dict[str, Any]
    lm: dict[str, Any]
    default_variant: str
    # Rules the training data could weigh (they fired often enough there); the others
    # reach the verdict through the capped rule-evidence term of ``audits.verdict``.
    fitted_codes: frozenset[str] = frozenset()
    # The most that term may add to the log-odds, in nats.
    rule_evidence_cap: float = 0.0
    # Rule families that never count as evidence of translation (scrape artefacts say a
    # page was copied, not translated).
    not_evidence: frozenset[str] = frozenset({"S"})
    # Whether the fitted source-language classifier may name a language the findings'
    # hints do not (a model for other source languages can switch it off).
    source_lang_classifier: bool = True
    # sha256 of the model file (first 12 hex digits), for report signatures.
    digest: str = ""

    def pool_layers(self, with_lm: bool) -> tuple[int, ...]:
        """Hidden-state layers the variant used with (or without) the LM reads."""
        if not with_lm:
            return ()
        return tuple(sorted({layer for _, layer in self.best_variant(True).vectors()}))

    def variant(self, name: str | None = None) -> VerdictVariant:
        key = name or self.default_variant
        if key not in self.variants:
            raise ConfigError(
                f"the verdict model has no variant {key!r}; known: {', '.join(self.variants)}"
            )
        return self.variants[key]

    def best_variant(self, with_lm: bool) -> VerdictVariant:
        """The strongest variant whose inputs are available."""
        usable = [v for v in self.variants.values() if with_lm or not v.needs_lm]
        if not usable:
            raise ConfigError("the verdict model needs LM scores; turn the language model on")
        return max(usable, key=lambda v: (v.needs_lm, len(v.features)))


class _Invalid(ValueError):
    """A malformed model field: where it is (a dotted path) and what is wrong with it."""

    def __init__(self, where: str, problem: str) -> None:
        super().__init__(f"{where}: {problem}")


_MISSING = object()


def _at(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _get(raw: Mapping[str, Any], key: str, where: str, default: Any = _MISSING) -> Any:
    if key in raw:
        return raw[key]
    if default is _MISSING:
        raise _Invalid(_at(where, key), "missing")
    return default


def _object(value: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise _Invalid(where, f"expected an object, got {type(value).__name__}")
    return value


def _finite(value: Any, where: str) -> float:
    # bool is an int to Python, but true/false in a weight is a mistake, not a number.
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _Invalid(where, f"expected a number, got {value!r}")
    if not math.isfinite(value):
        raise _Invalid(where, f"expected a finite number, got {value!r}")
    return float(value)


def _number(raw: Mapping[str, Any], key: str, where: str, default: Any = _MISSING) -> float:
    return _finite(_get(raw, key, where, default), _at(where, key))


def _probability(raw: Mapping[str, Any], key: str, where: str) -> float:
    value = _number(raw, key, where)
    if not 0.0 <= value <= 1.0:
        raise _Invalid(_at(where, key), f"expected a value from 0 to 1, got {value!r}")
    return value


def _numbers(raw: Mapping[str, Any], key: str, where: str, default: Any = _MISSING) -> np.ndarray:
    """A list of finite numbers. Converted straight to float64 (dtype inference costs
    as much again on the packaged stages' thousands of weights), so a numeric string
    passes as its number; anything else that is not a number fails here."""
    value = _get(raw, key, where, default)
    at = _at(where, key)
    if not isinstance(value, list):
        raise _Invalid(at, f"expected a list of numbers, got {type(value).__name__}")
    try:
        arr = np.asarray(value, np.float64)
    except (TypeError, ValueError):
        raise _Invalid(at, "expected a list of numbers") from None
    if arr.ndim != 1:
        raise _Invalid(at, "expected a flat list of numbers")
    if not np.isfinite(arr).all():
        raise _Invalid(at, "expected finite numbers (found NaN, infinity or null)")
    return arr


def _positive(values: np.ndarray, where: str) -> None:
    # Features are divided by their scale: 0 would turn every score into NaN or infinity.
    if (values <= 0).any():
        raise _Invalid(where, "expected numbers above 0")


def _name(raw: Mapping[str, Any], key: str, where: str, default: Any = _MISSING) -> str:
    value = _get(raw, key, where, default)
    if not isinstance(value, str):
        raise _Invalid(_at(where, key), f"expected a string, got {value!r}")
    return value


def _names(
    raw: Mapping[str, Any], key: str, where: str, default: Any = _MISSING
) -> tuple[str, ...]:
    value = _get(raw, key, where, default)
    # A set of types, not isinstance per item: the packaged stages name hundreds.
    if not isinstance(value, list) or not set(map(type, value)) <= {str}:
        raise _Invalid(_at(where, key), "expected a list of strings")
    return tuple(value)


def _dict(raw: Mapping[str, Any], key: str, where: str) -> dict[str, Any]:
    return dict(_object(raw.get(key, {}), _at(where, key)))


def _vectors(value: Any, where: str) -> tuple[VectorKey, ...]:
    def pair(item: Any) -> bool:
        return (
            isinstance(item, list)
            and len(item) == 2
            and isinstance(item[0], str)
            and isinstance(item[1], int)
            and not isinstance(item[1], bool)
        )

    if not isinstance(value, list) or not all(pair(item) for item in value):
        raise _Invalid(where, "expected a list of [pooling, layer] pairs")
    return tuple((p, layer) for p, layer in value)


def _platt(raw: Mapping[str, Any], where: str) -> tuple[float, float]:
    at = f"{where}.calibration"
    cal = _object(_get(raw, "calibration", where), at)
    if cal.get("method") != "platt":
        raise _Invalid(f"{at}.method", f"unknown calibration {cal.get('method')!r}")
    return _number(cal, "a", at), _number(cal, "b", at)


def _stage(raw: Any, where: str) -> Stage:
    raw = _object(raw, where)
    features = _names(raw, "features", where)
    weights = [_numbers(raw, k, where) for k in ("mean", "scale", "coef")]
    name = _name(raw, "name", where)
    if not len(weights[0]) == len(weights[1]) == len(weights[2]) >= len(features):
        raise _Invalid(where, f"verdict stage {name!r}: feature and weight counts differ")
    _positive(weights[1], f"{where}.scale")
    return Stage(
        name=name,
        features=features,
        vectors=_vectors(raw.get("vectors", []), f"{where}.vectors"),
        mean=weights[0],
        scale=weights[1],
        coef=weights[2],
        intercept=_number(raw, "intercept", where),
    )


def _variant(name: str, raw: Any, where: str) -> VerdictVariant:
    raw = _object(raw, where)
    platt_a, platt_b = _platt(raw, where)
    feats = _names(raw, "features", where)
    arrays = [_numbers(raw, k, where) for k in ("mean", "scale", "coef")]
    if any(len(a) != len(feats) for a in arrays):
        raise _Invalid(where, f"verdict variant {name!r}: feature and weight counts differ")
    _positive(arrays[1], f"{where}.scale")
    stages_raw = _get(raw, "stages", where, [])
    if not isinstance(stages_raw, list):
        raise _Invalid(f"{where}.stages", "expected a list")
    stages = tuple(_stage(s, f"{where}.stages[{i}]") for i, s in enumerate(stages_raw))
    length = _length(raw.get("length"), f"{where}.length")
    known = {s.name for s in stages}
    for feature in feats:
        base, scaled = _stage_column(feature)
        # Read as average, an unknown stage or a length column without its scale would
        # silently drop a term the model was fitted with.
        if base is not None and base not in known:
            raise _Invalid(f"{where}.features", f"{feature!r} names no stage of the variant")
        if scaled and length is None:
            raise _Invalid(f"{where}.features", f"{feature!r} needs the variant's length scale")
    return VerdictVariant(
        name=name,
        features=feats,
        mean=arrays[0],
        scale=arrays[1],
        coef=arrays[2],
        intercept=_number(raw, "intercept", where),
        platt_a=platt_a,
        platt_b=platt_b,
        threshold=_probability(raw, "threshold", where),
        threshold_fpr=_probability(raw, "threshold_fpr", where),
        stages=stages,
        cv=_dict(raw, "cv", where),
        needs_lm=_flag(raw, "needs_lm", where, False),
        original_probabilities=np.sort(_numbers(raw, "original_probabilities", where, [])),
        translated=_readout(raw.get("translated"), f"{where}.translated"),
        length=length,
    )


def _length(raw: Any, where: str) -> LengthScale | None:
    if raw is None:
        return None
    raw = _object(raw, where)
    scale = LengthScale(
        center=_number(raw, "center", where),
        low=_number(raw, "low", where),
        high=_number(raw, "high", where),
    )
    if not 0 < scale.low <= scale.center <= scale.high:
        raise _Invalid(where, "expected 0 < low <= center <= high (words)")
    return scale


def _flag(raw: Mapping[str, Any], key: str, where: str, default: bool) -> bool:
    value = _get(raw, key, where, default)
    if not isinstance(value, bool):
        raise _Invalid(_at(where, key), f"expected true or false, got {value!r}")
    return value


def _readout(raw: Any, where: str) -> StageReadout | None:
    if raw is None:
        return None
    raw = _object(raw, where)
    platt_a, platt_b = _platt(raw, where)
    return StageReadout(
        stage=_name(raw, "stage", where),
        platt_a=platt_a,
        platt_b=platt_b,
        cv=_dict(raw, "cv", where),
    )


def parse_verdict_model(raw: Any, digest: str = "", source: str = "verdict model") -> VerdictModel:
    """The model in ``raw``, its whole shape checked: a malformed field (wrong type,
    mismatched lengths, NaN or infinity) is a ConfigError naming ``source`` and the field,
    never a crash or a NaN probability that no threshold catches."""
    try:
        return _parse(_object(raw, "top level"), digest)
    except _Invalid as exc:
        raise ConfigError(f"{source}: {exc}; refit it with bench/fit_verdict.py") from None


def _parse(raw: Mapping[str, Any], digest: str) -> VerdictModel:
    if raw.get("schema") not in READABLE_SCHEMAS:
        known = " or ".join(repr(v) for v in READABLE_SCHEMAS)
        raise _Invalid("schema", f"{raw.get('schema')!r} is not {known}")
    variants_raw = _object(_get(raw, "variants", ""), "variants")
    if not variants_raw:
        raise _Invalid("variants", "no variants")
    variants = {name: _variant(name, v, f"variants.{name}") for name, v in variants_raw.items()}
    default = _name(raw, "default_variant", "", next(iter(variants)))
    if default not in variants:
        raise _Invalid("default_variant", f"{default!r} is not one of the variants")
    cap = _number(raw, "rule_evidence_cap", "", 0.0)
    if cap < 0:
        raise _Invalid("rule_evidence_cap", f"expected 0 or more, got {cap!r}")
    return VerdictModel(
        variants=variants,
        ngram_vocabulary=_names(raw, "ngram_vocabulary", "", []),
        training=_dict(raw, "training", ""),
        lm=_dict(raw, "lm", ""),
        default_variant=default,
        fitted_codes=frozenset(_names(raw, "fitted_codes", "", [])),
        rule_evidence_cap=cap,
        not_evidence=frozenset(_names(raw, "rule_evidence_excluded", "", ["S"])),
        source_lang_classifier=_flag(raw, "source_lang_classifier", "", True),
        digest=digest,
    )


def load_verdict_model(path: Path | str | None = None) -> VerdictModel:
    """The packaged model, or one written by ``bench/fit_verdict.py`` at ``path``."""
    if path is None:
        return _packaged()
    if refusal := refuse_a_separator(f"verdict model {os.fspath(path)}", path):
        raise ConfigError(refusal)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ConfigError(f"cannot read verdict model {path} ({read_reason(exc)})") from exc
    return _from_bytes(str(path), data)


@lru_cache(maxsize=4)
def _from_bytes(path: str, data: bytes) -> VerdictModel:
    """One parse per content of the file: the bytes are the key. Its modification time
    and size were, and a rewrite of the same size whose time was set back (or fell in
    the same tick of the file system's clock) kept the old model for the rest of a
    long-running process; the file is small enough to read each time."""
    try:
        # As a config file or a baseline is read: Windows editors save with a BOM,
        # PowerShell 5 in UTF-16 ("Unexpected UTF-8 BOM" was Python's advice, passed on).
        text = data.decode(text_file_encoding(data))
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        # As a baseline or a JSON Feed says it: Python's text read "Invalid control
        # character at: line 1 column 9 (char 8)", its lines counted at LF alone.
        where = json_error_in(text, exc)
        raise ConfigError(f"cannot read verdict model {path} (not JSON: {where})") from exc
    except ValueError as exc:
        raise ConfigError(f"cannot read verdict model {path} ({read_reason(exc)})") from exc
    return parse_verdict_model(raw, _digest(text), f"verdict model {path}")


@cache
def _packaged() -> VerdictModel:
    text = resources.files("audits").joinpath("data", "verdict_model.json").read_text("utf-8")
    return parse_verdict_model(json.loads(text), _digest(text), "packaged verdict model")


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def document_features(
    text: str,
    sentences: Sequence[str],
    model: VerdictModel,
    variant: VerdictVariant,
    findings: Sequence[tuple[str, float]] = (),
    lm_sentences: Sequence[SentenceLM] | None = None,
    hidden: tuple[Mapping[int, np.ndarray], np.ndarray] | None = None,
    prepared: DocumentText | None = None,
) -> tuple[dict[str, float], dict[VectorKey, np.ndarray]]:
    """Every feature ``variant`` may use that can be computed from what is given, with its
    stage scores (``stage.<name>``), and the pooled hidden-state vectors they read.
    ``findings``: (code, strength) pairs; ``hidden``: per-layer ``[sentences, hidden]``
    sums with the sentences' token counts; ``prepared``: the same text and sentences
    already split into words (``audits.verdict`` shares it with ``source_lang_features``)."""
    prepared = prepared or DocumentText(text, sentences)
    feats = prepared.features(variant.text_groups)
    feats.update(ngram_rates(sentences, model.ngram_vocabulary))
    feats.update(rule_features(findings, prepared.doc_word_count, model.fitted_codes))
    if lm_sentences:
        feats.update(lm_features(lm_sentences))
        feats.update(fluency_features(lm_sentences))
    pooled: dict[VectorKey, np.ndarray] = {}
    if hidden is not None:
        sums, counts = hidden
        for pooling, layer in variant.vectors():
            if layer in sums and len(sums[layer]):
                pooled[(pooling, layer)] = pool_sentences(sums[layer], counts, pooling)
    for stage in variant.stages:
        score = stage.score(feats, pooled)
        if score is not None:
            feats[STAGE_PREFIX + stage.name] = score
    variant.add_length_terms(feats, prepared.doc_word_count)
    return feats, pooled


def sigmoid(z: float) -> float:
    if z < -700:
        return 0.0
    return 1.0 / (1.0 + math.exp(-z))


def log_odds(p: float, floor: float) -> float:
    """The inverse of ``sigmoid``, with ``p`` held ``floor`` away from 0 and 1 (a
    probability or --fail-over of 0 or 1 has none)."""
    p = min(max(p, floor), 1.0 - floor)
    return math.log(p / (1.0 - p))


SOURCE_SCHEMA = "mtaudit-source-lang/1"


@dataclass(frozen=True)
class SourceLangModel:
    """Multinomial logistic regression over source hints and text features."""

    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    classes: tuple[str, ...]
    coef: np.ndarray  # classes x features
    intercept: np.ndarray
    min_confidence: float
    cv: dict[str, Any] = field(default_factory=dict)

    def scores(self, feats: Mapping[str, float]) -> dict[str, float]:
        x = np.array(
            [float(feats.get(n, m)) for n, m in zip(self.features, self.mean, strict=True)]
        )
        z = self.coef @ ((x - self.mean) / self.scale) + self.intercept
        e = np.exp(z - z.max())
        p = e / e.sum()
        return {c: float(v) for c, v in zip(self.classes, p, strict=True)}

    def predict(self, feats: Mapping[str, float]) -> tuple[str | None, float, dict[str, float]]:
        """The most likely language and its probability; None below ``min_confidence``."""
        scores = self.scores(feats)
        lang = max(scores, key=lambda k: scores[k])
        conf = scores[lang]
        return (lang if conf >= self.min_confidence else None), conf, scores


def parse_source_lang_model(raw: Mapping[str, Any]) -> SourceLangModel:
    if raw.get("schema") != SOURCE_SCHEMA:
        raise ConfigError(
            f"source-language model schema {raw.get('schema')!r} is not {SOURCE_SCHEMA!r}; "
            "refit it with bench/source_lang.py"
        )
    coef = np.asarray(raw["coef"], np.float64)
    feats = tuple(raw["features"])
    if coef.shape != (len(raw["classes"]), len(feats)):
        raise ConfigError("source-language model: coefficient shape does not match")
    return SourceLangModel(
        features=feats,
        mean=np.asarray(raw["mean"], np.float64),
        scale=np.asarray(raw["scale"], np.float64),
        classes=tuple(raw["classes"]),
        coef=coef,
        intercept=np.asarray(raw["intercept"], np.float64),
        min_confidence=float(raw["min_confidence"]),
        cv=dict(raw.get("cv", {})),
    )


@cache
def load_source_lang_model() -> SourceLangModel:
    text = resources.files("audits").joinpath("data", "source_lang_model.json").read_text("utf-8")
    return parse_source_lang_model(json.loads(text))


def source_lang_features(
    text: str, sentences: Sequence[str], prepared: DocumentText | None = None
) -> dict[str, float]:
    from audits.features.origin import origin_features

    prepared = prepared or DocumentText(text, sentences)
    feats = prepared.features()
    feats.update(origin_features(text, prepared.doc_word_count))
    return feats
