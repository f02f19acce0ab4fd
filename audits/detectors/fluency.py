"""F6xx: fluency, from the language model's scores (runs only when the LM ran).

F601 marks sentences whose fluency score falls below the chosen percentile of
English-original news sentences; F602 marks runs of tokens the model finds far
less likely than their word frequency predicts.
"""

from __future__ import annotations

from collections.abc import Iterable

from audits.detectors.base import Detector, DocumentContext
from audits.document import Finding, Severity
from audits.lm.stats import score_settings
from audits.rules import Rule
from audits.shares import percent

LOW_FLUENCY = Rule(
    code="F601",
    name="low-fluency-sentence",
    summary="Sentence less fluent than nearly all English-original sentences",
    severity=Severity.WARNING,
    what="""
Scores every sentence with a language model (by default the embedded
SmolLM2-135M, with the sentence before it as context) and flags the sentence
when its fluency score falls below the `fluency_percentile` (default 5) of
English-original sentences of similar length. The score is the surprise mass:
the sum over the sentence's tokens of how far each token's surprisal exceeds
3 nats, so every improbable word counts and one garbled phrase is enough. The
finding says where the sentence stands among English-original sentences. A
document's first sentence, mostly a headline and read with nothing before it, is
compared with English originals' first sentences.
""",
    why="""
Literal machine translation leaves word sequences that no English writer would
produce ("an intense diplomatic ballet show"); a language model trained on
English finds them improbable even when every word is common. One such sentence
proves nothing (5 % of English-original sentences are below the threshold by
construction), but they cluster in machine-translated text and tell a reviewer
which sentences to read first.
""",
    example="""
`See also  Aid to Ukraine "on the backs" of farmers` → reads less fluently than
97% of English-original sentences of its length (fluency score -52.7).
""",
)

SURPRISING_SPAN = Rule(
    code="F602",
    name="surprising-span",
    summary="Run of words a language model finds far less likely than their frequency",
    severity=Severity.INFO,
    what="""
Marks the exact run of words whose SLOR (log-probability in context minus the
word's unigram log-probability from wordfreq) is lower than the least likely
word of 95% of English-original sentences (the threshold follows
`fluency_percentile`): words far less likely where they stand than their
frequency predicts. A rare but correct name is judged against its own rarity.
An emoji and a hashtag's or handle's name are never marked: a quoted post carries
them as they were posted.
""",
    why="""
Mistranslations and calques show up as a few words that do not fit their
context, inside sentences that otherwise read well; pointing at the words saves
the reviewer from re-reading the whole sentence.
""",
    example="""
`Awani Review` → "Review" is far less likely here than its word frequency
predicts (SLOR -10.2 nats).
""",
)


class FluencyDetector(Detector):
    rules = (LOW_FLUENCY, SURPRISING_SPAN)
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
