"""The final verdict model's length-scaled stage scores (``LengthScale``).

A stage score read off 60 words is noisier than one read off 600, so the final model
takes each stage score twice: as it is and times log(words / center). These tests pin
the arithmetic, the reasons that follow it, and the model file's checks.
"""

from __future__ import annotations

import copy
import json
import math

import pytest

from audits.errors import ConfigError
from audits.verdict_model import (
    LENGTH_FACTOR,
    document_features,
    load_verdict_model,
    parse_verdict_model,
)

RAW = {
    "schema": "mtaudit-verdict/3",
    "variants": {
        "text": {
            "features": ["stage.machine", "stage.machine@length", "rules.C201"],
            "mean": [0.0, 0.0, 0.0],
            "scale": [1.0, 1.0, 1.0],
            "coef": [1.0, 0.5, 0.25],
            "intercept": -1.0,
            "calibration": {"method": "platt", "a": 1.0, "b": 0.0},
            "threshold": 0.5,
            "threshold_fpr": 0.02,
            "stages": [
                {
                    "name": "machine",
                    "features": ["fw.x"],
                    "vectors": [],
                    "mean": [0.0],
                    "scale": [1.0],
                    "coef": [2.0],
                    "intercept": 0.0,
                }
            ],
            "length": {"center": 100, "low": 50, "high": 400},
        }
    },
}


def _variant(raw: dict = RAW):
    return parse_verdict_model(raw).variant("text")


def _feats(n_words: int, x: float = 1.0) -> dict[str, float]:
    variant = _variant()
    feats = {"fw.x": x, "rules.C201": 0.0}
    feats["stage.machine"] = variant.stages[0].score(feats, {})
    variant.add_length_terms(feats, n_words)
    return feats


@pytest.mark.parametrize(
    "n_words, factor",
    [
        (100, 0.0),
        (400, math.log(4)),
        (90_000, math.log(4)),
        (60, math.log(0.6)),
        (3, math.log(0.5)),
    ],
)
def test_the_stage_slope_follows_the_clipped_log_length(n_words: int, factor: float) -> None:
    feats = _feats(n_words)
    assert feats[LENGTH_FACTOR] == pytest.approx(factor)
    assert feats["stage.machine@length"] == pytest.approx(2.0 * factor)
    # stage score 2: log-odds = -1 + 1 x 2 + 0.5 x 2 x factor
    assert _variant().log_odds(feats) == pytest.approx(1.0 + factor)


def test_reasons_carry_the_documents_own_slope() -> None:
    variant = _variant()
    for n_words in (50, 100, 400):
        feats = _feats(n_words)
        slope = 1.0 + 0.5 * feats[LENGTH_FACTOR]
        pushes = {c.feature: c.log_odds for c in variant.contributions(feats)}
        # One entry per input (the two stage columns are one stage), pushed by its slope.
        assert set(pushes) == {"fw.x", "rules.C201"}
        assert pushes["fw.x"] == pytest.approx(2.0 * slope)
        groups = variant.group_pushes(feats)
        assert groups["fw"][0] == pytest.approx(2.0 * slope)
        assert groups["fw"][1] == [(pytest.approx(2.0 * slope), "x")]


def test_document_features_add_the_length_columns_from_the_word_count() -> None:
    model = load_verdict_model()
    variant = model.variant("text")
    text = "The minister said on Monday that the talks would go on. " * 8
    sentences = ["The minister said on Monday that the talks would go on."] * 8
    feats, _ = document_features(text, sentences, model, variant)
    assert variant.length is not None
    assert feats[LENGTH_FACTOR] == pytest.approx(variant.length.factor(88))
    for stage in variant.stages:
        assert feats[f"stage.{stage.name}@length"] == pytest.approx(
            feats[f"stage.{stage.name}"] * feats[LENGTH_FACTOR]
        )


def test_the_packaged_model_scales_both_stages_of_both_variants() -> None:
    model = load_verdict_model()
    for variant in model.variants.values():
        assert variant.length is not None
        assert variant.length.low < variant.length.center < variant.length.high
        assert set(variant.features) == {
            "stage.translated",
            "stage.machine",
            "stage.translated@length",
            "stage.machine@length",
        }


def test_no_stage_of_the_packaged_model_counts_against_what_it_learnt() -> None:
    # A stage score says "machine" (or "translated"); on a short text it may say little,
    # never the opposite. The free fit put the no-LM "machine?" slope at -0.12 at 40
    # words; the fit now holds every slope at or above 0 over the length range.
    model = load_verdict_model()
    for name, variant in model.variants.items():
        assert variant.length is not None
        for words in (variant.length.low, variant.length.center, variant.length.high):
            feats = {LENGTH_FACTOR: variant.length.factor(int(words))}
            slopes, _ = variant._slopes(feats)
            assert set(slopes) == {"translated", "machine"}
            for stage, slope in slopes.items():
                assert slope >= -1e-6, (name, stage, words, slope)


def _changed(change) -> dict:
    raw = copy.deepcopy(RAW)
    change(raw["variants"]["text"])
    return raw


@pytest.mark.parametrize(
    "change, message",
    [
        # Read as average, these would silently drop a term the model was fitted with.
        (lambda v: v.pop("length"), "'stage.machine@length' needs the variant's length scale"),
        (lambda v: v["features"].__setitem__(0, "stage.other"), "'stage.other' names no stage"),
        (lambda v: v["length"].update(low=200), "low <= center <= high"),
        (lambda v: v["length"].update(high=math.nan), "variants.text.length.high"),
        (lambda v: v.update(length=[1, 2]), "variants.text.length: expected an object"),
    ],
)
def test_a_malformed_length_scale_is_refused(change, message: str) -> None:
    with pytest.raises(ConfigError, match=message.replace("(", r"\(")):
        parse_verdict_model(json.loads(json.dumps(_changed(change))))


def test_a_version_2_model_file_still_reads() -> None:
    raw = _changed(lambda v: v.pop("length") and None)
    raw["schema"] = "mtaudit-verdict/2"
    raw["variants"]["text"]["features"] = ["stage.machine", "rules.C201"]
    for key in ("mean", "scale", "coef"):
        del raw["variants"]["text"][key][1]
    variant = _variant(raw)
    assert variant.length is None
    feats = {"fw.x": 1.0}
    feats["stage.machine"] = variant.stages[0].score(feats, {})
    variant.add_length_terms(feats, 400)
    assert LENGTH_FACTOR not in feats
    assert variant.log_odds(feats) == pytest.approx(1.0)


def test_p_and_its_reasons_read_the_length_columns_alike() -> None:
    # A length-scaled column left in the features without its factor (a caller that
    # skipped add_length_terms, or dropped the factor) counted in P while the reasons
    # took the factor as 0: P and its explanation disagreed. Both now take the column
    # from the stage score and the factor, and none without the factor.
    variant = _variant()
    feats = _feats(400)
    del feats[LENGTH_FACTOR]
    assert variant.log_odds(feats) == pytest.approx(1.0)  # at g = 0
    pushes = {c.feature: c.log_odds for c in variant.contributions(feats)}
    assert pushes["fw.x"] == pytest.approx(2.0)
    bumped = dict(feats, **{"stage.machine": feats["stage.machine"] + 1.0})
    assert variant.log_odds(bumped) - variant.log_odds(feats) == pytest.approx(1.0)


def test_an_unreadable_schema_names_the_ones_that_read() -> None:
    raw = copy.deepcopy(RAW)
    raw["schema"] = "mtaudit-verdict/1"
    with pytest.raises(ConfigError, match="'mtaudit-verdict/2' or 'mtaudit-verdict/3'"):
        parse_verdict_model(raw)
