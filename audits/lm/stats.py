"""From raw token log-probs to the statistics a reviewer reads.

Per sentence: log-prob, mean log-prob, perplexity, SLOR (LM minus unigram
log-prob, per token), the minimum token SLOR, GLTR rank buckets, surprising
spans (runs of words whose SLOR falls below a calibrated threshold) and the
sentence fluency ``score``.

The score is the *surprise mass*: the sum, over the sentence's tokens, of how
many nats each token's surprisal exceeds a floor (``audits/data/fluency_score.json``).
It is 0 for a sentence where every token was easy to predict and grows more
negative with every improbable token, so a sentence with two garbled phrases
scores lower than one with one. Why this form, and not the mean or SLOR, is
measured in ``bench/fluency_mqm.py`` and written up in the README (*Fluency*).
"""

from __future__ import annotations

import json
import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from audits.document import SentenceFluency, SurprisingSpan, TokenScore
from audits.lm.raw import RawScore
from audits.lm.unigram import UnigramTable

RANK_BUCKETS = (("top1", 1), ("top10", 10), ("top100", 100))
SCORE_FILE = "fluency_score.json"


@dataclass(frozen=True)
class ScoreMethod:
    """How token surprisals add up to the sentence score (fitted data, not code)."""

    name: str
    # Surprisal (nats) a token may have for free: ordinary content words cost
    # about this much in fluent text.
    floor: float
    # 0 scores raw log-probs; 1 scores SLOR (subtracts the unigram log-prob).
    unigram_weight: float

    @classmethod
    def load(cls) -> ScoreMethod:
        return _load_method()

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ScoreMethod:
        return cls(
            name=str(data["name"]),
            floor=float(data["floor_nats"]),
            unigram_weight=float(data["unigram_weight"]),
        )

    def cost(self, logprob: float, unigram_logprob: float) -> float:
        surprisal = -(logprob - self.unigram_weight * unigram_logprob)
        return max(0.0, surprisal - self.floor)


@dataclass
class FluencyStats:
    unigram: UnigramTable = field(default_factory=UnigramTable.load)
    method: ScoreMethod = field(default_factory=ScoreMethod.load)
    # A word is surprising when its SLOR is below this (nats); calibrated per model.
    surprise_threshold: float = -6.0
    # The same for a document's first sentence, calibrated on first sentences: its
    # first word has nothing before it to be predicted from (None: as any sentence).
    opening_surprise_threshold: float | None = None

    def fluency(
        self, raw: RawScore, text: str, offset: int = 0, *, opening: bool = False
    ) -> SentenceFluency:
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
                opening=opening,
                windows=raw.windows,
                hidden_sums=raw.hidden_sums,
            )
        unigram, joined = self.unigram.token_baseline(text, raw.spans)
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
        return SentenceFluency(
            tokens=n,
            logprob=total,
            mean_logprob=total / n,
            perplexity=math.exp(-total / n),
            slor=(total - sum(unigram)) / n,
            min_token_slor=min(t.slor for t in tokens),
            score=self.sentence_score(tokens),
            token_scores=tokens,
            context_tokens=raw.context_tokens,
            opening=opening,
            windows=raw.windows,
            rank_buckets=rank_buckets(raw.ranks),
            spans=self.surprising_spans(tokens, joined, text, offset, self._threshold(opening)),
            hidden_sums=raw.hidden_sums,
        )

    def sentence_score(self, tokens: Sequence[TokenScore]) -> float:
        return -sum(self.method.cost(t.logprob, t.unigram_logprob) for t in tokens)

    def _threshold(self, opening: bool) -> float:
        if opening and self.opening_surprise_threshold is not None:
            return self.opening_surprise_threshold
        return self.surprise_threshold

    def surprising_spans(
        self,
        tokens: Sequence[TokenScore],
        joined: Sequence[bool],
        text: str,
        offset: int,
        threshold: float,
    ) -> list[SurprisingSpan]:
        """Runs of consecutive words (a word = the tokens it was split into) whose
        SLOR is below the threshold. Whole words, so "Bl|ink|en" is judged as
        "Blinken" and a span never starts inside a word. A line break inside a
        sentence is a token the model may find unlikely, but no wording: it is
        never a span (it was reported as an empty one, "“” is far less likely").
        Nor are an emoji and a hashtag's or handle's name ("🥹", "#TheErasTour",
        "@Ticketmaster"), copied as they were posted, never worded by a writer or
        a translation engine."""
        spans: list[SurprisingSpan] = []
        run: list[list[TokenScore]] = []
        for word in [*word_groups(tokens, joined), None]:
            if word is not None and _worded(word, text, offset) and _slor(word) < threshold:
                run.append(word)
                continue
            if run:
                members = [t for w in run for t in w]
                start, end = members[0].start, members[-1].end
                slors = [_slor(w) for w in run]
                spans.append(
                    SurprisingSpan(
                        start=start,
                        end=end,
                        text=text[start - offset : end - offset],
                        tokens=len(members),
                        logprob=sum(t.logprob for t in members),
                        unigram_logprob=sum(t.unigram_logprob for t in members),
                        min_slor=min(slors),
                        mass=sum(threshold - s for s in slors),
                    )
                )
                run = []
        return spans


def word_groups(tokens: Sequence[TokenScore], joined: Sequence[bool]) -> list[list[TokenScore]]:
    """Tokens grouped into words and marks (``joined[i]``: token i and i + 1 share one)."""
    groups: list[list[TokenScore]] = []
    for i, token in enumerate(tokens):
        if i and joined[i - 1]:
            groups[-1].append(token)
        else:
            groups.append([token])
    return groups


def word_slors(f: SentenceFluency, unigram: UnigramTable, text: str, offset: int) -> list[float]:
    """SLOR of each word of a scored sentence (for calibration)."""
    spans = [(t.start - offset, t.end - offset) for t in f.token_scores]
    _, joined = unigram.token_baseline(text, spans)
    return [_slor(w) for w in word_groups(f.token_scores, joined)]


def _worded(word: Sequence[TokenScore], text: str, offset: int) -> bool:
    """Whether a word is wording: not blank, not emoji or other symbols alone, and not
    the name of a hashtag or handle (right after its "#" or "@")."""
    start, end = word[0].start - offset, word[-1].end - offset
    shown = text[start:end].lstrip()
    if not shown.strip() or all(_symbol(c) for c in shown.strip()):
        return False
    first = end - len(shown)
    return not (shown[0] in "#@" or (first > 0 and text[first - 1] in "#@"))


def _symbol(char: str) -> bool:
    # Emoji and pictographs (So), skin tones (Sk), and the joiner and variation
    # selectors that glue an emoji sequence together; not a currency or maths sign.
    return unicodedata.category(char) in ("So", "Sk") or char in "\u200d\ufe0e\ufe0f"


def _slor(word: Sequence[TokenScore]) -> float:
    return sum(t.logprob - t.unigram_logprob for t in word)


def rank_buckets(ranks: Sequence[int]) -> dict[str, float]:
    n = len(ranks)
    if not n:
        return {}
    out = {name: sum(1 for r in ranks if r <= limit) / n for name, limit in RANK_BUCKETS}
    out["beyond100"] = sum(1 for r in ranks if r > 100) / n
    return out


def _load_method() -> ScoreMethod:
    return ScoreMethod.from_dict(score_settings())


@lru_cache(maxsize=1)
def score_settings() -> dict[str, Any]:
    """``audits/data/fluency_score.json``: the score's fitted choices and rule strengths."""
    path = Path(__file__).resolve().parents[1] / "data" / SCORE_FILE
    data = json.loads(path.read_text(encoding="utf-8"))
    return data if isinstance(data, dict) else {}
