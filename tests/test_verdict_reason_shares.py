"""The verdict's reasons write shares as the reports do (audits.shares.percent): a share
short of all or none never reads as "100%" or "0%". The JSON report stores these texts."""

from __future__ import annotations

from audits.verdict import _outside_fitted_range, classifier_reason
from audits.verdict_reasons import _fluency_text


def test_a_classifier_nearly_sure_is_not_written_certain() -> None:
    # The HTML verdict said "French (fr), >99% confidence" and, below it, "(100% sure)".
    assert classifier_reason("fr", 0.996).text.endswith("French (>99% sure)")
    assert classifier_reason("fr", 1.0).text.endswith("French (100% sure)")
    assert classifier_reason("fr", 0.87).text.endswith("French (87% sure)")


def test_a_few_common_words_are_not_written_none() -> None:
    few = _outside_fitted_range(400, 0.004).text
    assert few.startswith("only <1% of the words are common English words")
    none = _outside_fitted_range(400, 0.0).text
    assert none.startswith("only 0% of the words are common English words")


def test_nearly_every_sentence_low_in_fluency_is_not_written_all() -> None:
    assert _fluency_text({"flu.below10": 0.996}).startswith(">99% of sentences")
    assert _fluency_text({"flu.below10": 1.0}).startswith("100% of sentences")
    assert _fluency_text({"flu.below10": 0.18}).startswith("18% of sentences")
