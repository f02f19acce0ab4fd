"""From raw token log-probs to the statistics a reviewer reads.

Per sentence: log-prob, mean log-prob, perplexity, SLOR (LM minus unigram
log-prob, per token), the minimum token SLOR, GLTR rank buckets, surprising
spans, and the sentence fluency ``score`` (see ``sentence_score``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from audits.document import SentenceFluency, SurprisingSpan, TokenScore
from audits.lm.raw import RawScore
from audits.lm.unigram import UnigramTable

RANK_BUCKETS = (("top1", 1), ("top10", 10), ("top100", 100))


@dataclass(frozen=True)
class ScoreMethod:
    """The sentence score: the mean of the ``k`` lowest word-level SLORs, so one
    garbled phrase decides it (the mean over a sentence dilutes it), plus a
    ``context_bonus`` nowhere. Named in reports as ``name``."""

    name: str = "low-slor/1"
    lowest: int = 3


@dataclass
class FluencyStats:
    unigram: UnigramTable = field(default_factory=UnigramTable.load)
    method: ScoreMethod = field(default_factory=ScoreMethod)
    # A token is surprising when its SLOR is below this (nats); calibrated per model.
    surprise_threshold: float = -6.0

    def fluency(self, raw: RawScore, text: str, offset: int = 0) -> SentenceFluency:
        n = raw.tokens
        if n == 0:
            return SentenceFluency(
                tokens=0,
                logprob=0.0,
                mean_logprob=0.0,
                perplexity=1.0,
                slor=0.0,
                min_token_slor=0.0,
                score=0.0,
                context_tokens=raw.context_tokens,
                windows=raw.windows,
                hidden_sums=raw.hidden_sums,
            )
        unigram = self.unigram.token_logprobs(text, raw.spans)
        tokens = [
            TokenScore(
                start=offset + a,
                end=offset + b,
                text=text[a:b],
                logprob=lp,
                rank=rk,
                unigram_logprob=u,
            )
            for (a, b), lp, rk, u in zip(raw.spans, raw.logprobs, raw.ranks, unigram, strict=True)
        ]
        total = sum(raw.logprobs)
        slors = [t.slor for t in tokens]
        return SentenceFluency(
            tokens=n,
            logprob=total,
            mean_logprob=total / n,
            perplexity=math.exp(-total / n),
            slor=(total - sum(unigram)) / n,
            min_token_slor=min(slors),
            score=self.sentence_score(tokens),
            token_scores=tokens,
            context_tokens=raw.context_tokens,
            windows=raw.windows,
            rank_buckets=rank_buckets(raw.ranks),
            spans=self.surprising_spans(tokens, text, offset),
            hidden_sums=raw.hidden_sums,
        )

    def sentence_score(self, tokens: Sequence[TokenScore]) -> float:
        slors = sorted(t.slor for t in tokens)
        low = slors[: self.method.lowest]
        return sum(low) / len(low)

    def surprising_spans(
        self, tokens: Sequence[TokenScore], text: str, offset: int
    ) -> list[SurprisingSpan]:
        spans: list[SurprisingSpan] = []
        run: list[TokenScore] = []
        for t in [*tokens, None]:
            if t is not None and t.slor < self.surprise_threshold:
                run.append(t)
                continue
            if run:
                start, end = run[0].start, run[-1].end
                spans.append(
                    SurprisingSpan(
                        start=start,
                        end=end,
                        text=text[start - offset : end - offset],
                        tokens=len(run),
                        logprob=sum(x.logprob for x in run),
                        unigram_logprob=sum(x.unigram_logprob for x in run),
                        min_slor=min(x.slor for x in run),
                        mass=sum(self.surprise_threshold - x.slor for x in run),
                    )
                )
                run = []
        return spans


def rank_buckets(ranks: Sequence[int]) -> dict[str, float]:
    n = len(ranks)
    if not n:
        return {}
    out = {name: sum(1 for r in ranks if r <= limit) / n for name, limit in RANK_BUCKETS}
    out["beyond100"] = sum(1 for r in ranks if r > 100) / n
    return out
