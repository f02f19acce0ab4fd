"""F601's message says what share of English-original sentences read more fluently;
built from a sentence's numbers directly, so it needs no model."""

from __future__ import annotations

import pytest

from audits.config import AuditConfig
from audits.document import Document, SentenceFluency
from audits.engine import analyse, prepare

TEXT = "The minister camped on his positions. The talks went on all night."


def _message(percentile: float) -> str:
    ctx = prepare(Document(id="d", text=TEXT, source="d"), AuditConfig())
    first = ctx.segmentation.sentences[0]
    ctx.fluency = {
        first.index: SentenceFluency(
            tokens=7,
            logprob=-40.0,
            mean_logprob=-5.7,
            perplexity=300.0,
            slor=-1.0,
            min_token_slor=-4.0,
            score=-3.2,
            percentile=percentile,
            low=True,
        )
    }
    (finding,) = [f for f in analyse(ctx, frozenset({"F601"})).findings if f.code == "F601"]
    return finding.message


@pytest.mark.parametrize(("percentile", "share"), [(0.4, ">99%"), (3.0, "97%"), (4.6, "95%")])
def test_the_share_of_more_fluent_sentences_is_never_a_false_all(
    percentile: float, share: str
) -> None:
    # A sentence at the 0.4th percentile read "less fluently than 100% of
    # English-original sentences", though 0.4 % of them read worse.
    assert f"reads less fluently than {share} of English-original" in _message(percentile)
