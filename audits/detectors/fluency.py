"""F6xx: fluency, from the language model's scores (runs only when the LM ran).

F601 marks sentences whose fluency score falls below the chosen percentile of
English-original news sentences; F602 marks runs of tokens the model finds far
less likely than their word frequency predicts.
"""

from __future__ import annotations

from collections.abc import Iterable

from audits.detectors.base import Detector, DocumentContext
from audits.document import Finding
from audits.lm.stats import score_settings
from audits.rule_docs.fluency import FLUENCY_RULES, LOW_FLUENCY, SURPRISING_SPAN
from audits.shares import percent


class FluencyDetector(Detector):
    rules = FLUENCY_RULES
    needs_lm = True

    def detect(self, ctx: DocumentContext) -> Iterable[Finding]:
        sentences = {s.index: s for s in ctx.segmentation.sentences}
        for index, fluency in sorted(ctx.fluency.items()):
            sentence = sentences.get(index)
            if sentence is None or not fluency.tokens:
                continue
            if fluency.low and fluency.percentile is not None:
                yield ctx.finding(
                    LOW_FLUENCY,
                    sentence.start,
                    sentence.end,
                    "This sentence reads less fluently than "
                    f"{percent(1 - fluency.percentile / 100)} "
                    f"of English-original sentences of its length (fluency score "
                    f"{fluency.score:.1f}); check it for a literal translation.",
                    strength=_low_strength(fluency.percentile, ctx.config.fluency_percentile),
                    evidence={
                        "score": round(fluency.score, 4),
                        "percentile": round(fluency.percentile, 2),
                        "slor": round(fluency.slor, 4),
                        "mean_logprob": round(fluency.mean_logprob, 4),
                        "threshold_percentile": ctx.config.fluency_percentile,
                    },
                )
            for span in fluency.spans:
                yield ctx.finding(
                    SURPRISING_SPAN,
                    span.start,
                    span.end,
                    f"“{span.text}” is far less likely here than its word frequency "
                    f"predicts (SLOR {span.min_slor:.1f} nats); check the wording.",
                    strength=float(score_settings()["strengths"]["F602"]),
                    evidence={
                        "tokens": span.tokens,
                        "logprob": round(span.logprob, 4),
                        "unigram_logprob": round(span.unigram_logprob, 4),
                        "min_slor": round(span.min_slor, 4),
                        "mass": round(span.mass, 4),
                    },
                )


def _low_strength(percentile: float, threshold: float) -> float:
    """How strongly one low sentence suggests machine translation: weak, because it is
    only about twice as common in MT as in English-original text (the numbers are in
    audits/data/fluency_score.json); stronger the further below the threshold.
    With these strengths the fluency rules alone put the median English-original
    WMT22 document at P = 0.14 and the median machine-translated one at 0.21."""
    strengths = score_settings()["strengths"]
    low, high = float(strengths["F601_at_threshold"]), float(strengths["F601_at_zero"])
    depth = max(0.0, min(1.0, 1.0 - percentile / max(threshold, 1e-6)))
    return round(low + (high - low) * depth, 4)
