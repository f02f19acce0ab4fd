"""The fitted verdict at run time: P(machine-translated) from document features, numpy only.

``audits/data/verdict_model.json`` is written by ``bench/fit_verdict.py``. It holds one or
more *variants* (``text`` needs only the text; ``text+lm`` also needs the language model's
outputs), each a standardised logistic regression with Platt calibration, the threshold
that gave 2 % false positives on English originals in cross-validation, and the CV metrics
and training-data hash it was fitted with.

    model = load_verdict_model()
    variant = model.variant("text")
    feats = document_features(text, sentences, model)
    p = variant.probability(feats)
    reasons = variant.contributions(feats)[:3]

A feature the model knows but the caller did not compute (say, LM statistics in a
``--no-lm`` run of a model fitted with them) counts as average (z = 0) and is listed by
``missing``; pick the variant that matches what was computed instead where possible.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from audits.errors import ConfigError
from audits.features import (
    LinearProbe,
    SentenceLM,
    lm_features,
    ngram_rates,
    probe_features,
    text_features,
)

SCHEMA = "mtaudit-verdict/1"


@dataclass(frozen=True)
class Contribution:
    """How much one feature moved the log-odds, and the value behind it."""

    feature: str
    value: float
    log_odds: float


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
    probes: tuple[LinearProbe, ...] = ()
    cv: dict[str, Any] = field(default_factory=dict)
    needs_lm: bool = False

    def _z(self, feats: Mapping[str, float]) -> np.ndarray:
        x = np.array(
            [float(feats.get(n, m)) for n, m in zip(self.features, self.mean, strict=True)]
        )
        x = np.where(np.isfinite(x), x, self.mean)
        return (x - self.mean) / self.scale

    def log_odds(self, feats: Mapping[str, float]) -> float:
        return float(self._z(feats) @ self.coef + self.intercept)

    def probability(self, feats: Mapping[str, float]) -> float:
        z = self.platt_a * self.log_odds(feats) + self.platt_b
        return 1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0

    def contributions(self, feats: Mapping[str, float]) -> list[Contribution]:
        """Per-feature pushes on the calibrated log-odds, strongest towards MT first."""
        terms = self._z(feats) * self.coef * self.platt_a
        out = [
            Contribution(n, float(feats.get(n, m)), float(t))
            for n, m, t in zip(self.features, self.mean, terms, strict=True)
        ]
        return sorted(out, key=lambda c: -c.log_odds)

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
            raise ConfigError("the verdict model needs LM scores; run without --no-lm")
        return max(usable, key=lambda v: (v.needs_lm, len(v.features)))

    @property
    def probes(self) -> tuple[LinearProbe, ...]:
        seen: dict[str, LinearProbe] = {}
        for v in self.variants.values():
            for p in v.probes:
                seen[p.name] = p
        return tuple(seen.values())


def _variant(name: str, raw: Mapping[str, Any]) -> VerdictVariant:
    cal = raw["calibration"]
    if cal.get("method") != "platt":
        raise ConfigError(f"verdict variant {name!r}: unknown calibration {cal.get('method')!r}")
    feats = tuple(raw["features"])
    arrays = [np.asarray(raw[k], np.float64) for k in ("mean", "scale", "coef")]
    if any(len(a) != len(feats) for a in arrays):
        raise ConfigError(f"verdict variant {name!r}: feature and weight counts differ")
    return VerdictVariant(
        name=name,
        features=feats,
        mean=arrays[0],
        scale=arrays[1],
        coef=arrays[2],
        intercept=float(raw["intercept"]),
        platt_a=float(cal["a"]),
        platt_b=float(cal["b"]),
        threshold=float(raw["threshold"]),
        threshold_fpr=float(raw["threshold_fpr"]),
        probes=tuple(LinearProbe.from_json(p) for p in raw.get("probes", [])),
        cv=dict(raw.get("cv", {})),
        needs_lm=bool(raw.get("needs_lm", False)),
    )


def parse_verdict_model(raw: Mapping[str, Any]) -> VerdictModel:
    if raw.get("schema") != SCHEMA:
        raise ConfigError(
            f"verdict model schema {raw.get('schema')!r} is not {SCHEMA!r}; "
            "refit it with bench/fit_verdict.py"
        )
    variants = {name: _variant(name, v) for name, v in raw["variants"].items()}
    return VerdictModel(
        variants=variants,
        ngram_vocabulary=tuple(raw.get("ngram_vocabulary", [])),
        training=dict(raw.get("training", {})),
        lm=dict(raw.get("lm", {})),
        default_variant=str(raw.get("default_variant", next(iter(variants)))),
    )


def load_verdict_model(path: Path | str | None = None) -> VerdictModel:
    """The packaged model, or one written by ``bench/fit_verdict.py`` at ``path``."""
    if path is None:
        return _packaged()
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError(f"cannot read verdict model {path}: {exc}") from exc
    return parse_verdict_model(raw)


@cache
def _packaged() -> VerdictModel:
    text = resources.files("audits").joinpath("data", "verdict_model.json").read_text("utf-8")
    return parse_verdict_model(json.loads(text))


def document_features(
    text: str,
    sentences: Sequence[str],
    model: VerdictModel,
    lm_sentences: Sequence[SentenceLM] | None = None,
    pooled_hidden: Mapping[int, np.ndarray] | None = None,
) -> dict[str, float]:
    """Every feature the model may use that can be computed from what is given."""
    feats = text_features(text, sentences)
    feats.update(ngram_rates(sentences, model.ngram_vocabulary))
    if lm_sentences:
        feats.update(lm_features(lm_sentences))
    if pooled_hidden:
        feats.update(probe_features(pooled_hidden, model.probes))
    return feats


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


def source_lang_features(text: str, sentences: Sequence[str]) -> dict[str, float]:
    from audits.features.origin import origin_features

    feats = text_features(text, sentences)
    feats.update(origin_features(text))
    return feats
