"""bench/verdict_features.py: the records bench/fit_verdict.py refits the verdict on."""

from __future__ import annotations

from pathlib import Path

import pytest

from audits.config import AuditConfig
from audits.detectors.registry import all_rules
from audits.document import Document
from audits.engine import prepare
from audits.lm.context import score_contexts
from bench import verdict_features as vf

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "awani-lavrov-blinken.txt"


@pytest.mark.lm
def test_a_feature_record_keeps_every_sentences_token_scores(scorer, lm_cache_dir: Path) -> None:  # type: ignore[no-untyped-def]
    """``analyse`` lets go of the token scores once the verdict has read them: read from
    its result, every sentence's lp/rank/uni/spans were empty, and a refit lost every LM
    token feature without a word."""
    cfg = AuditConfig(cache_dir=str(lm_cache_dir), cache=False)
    text = SAMPLE.read_text(encoding="utf-8")
    ctx = prepare(Document(id="awani", text=text, source="awani"), cfg)
    ctx.fluency = score_contexts(scorer, [ctx], cfg, pool_layers=vf.LAYERS)[0]
    scored = {i: [t.logprob for t in f.token_scores] for i, f in ctx.fluency.items()}

    rec, hidden = vf.audited_record(ctx, frozenset(all_rules()))

    assert len(rec["sentences"]) > 10
    assert hidden.shape[:2] == (len(rec["sentences"]), len(vf.LAYERS))
    for sent in rec["sentences"]:
        assert sent["lp"] == [round(lp, 5) for lp in scored[sent["index"]]]
        assert len(sent["lp"]) == len(sent["rank"]) == len(sent["uni"]) == len(sent["spans"])
        assert len(sent["lp"]) > 0
