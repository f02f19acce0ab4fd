"""Document features from language-model outputs, written against plain arrays.

The scorer (audits/lm) gives, per sentence, token log-probs (natural log), the rank of
each actual token among the model's predictions (1 = the model's first choice), the
unigram log-prob of the sentence (for SLOR), optionally the same tokens scored without
context, and per-layer sums of hidden states over the sentence's tokens. This module
turns those into document features (``lm.`` prefix) and pooled vectors for the linear
hidden-state probes of the fitted verdict; it never loads a model.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

# GLTR-style rank buckets: share of tokens the model ranked at most this high.
RANK_BUCKETS = (1, 10, 100, 1000)


@dataclass(frozen=True)
class SentenceLM:
    """One sentence's language-model outputs."""

    logprobs: np.ndarray
    ranks: np.ndarray
    # Sum of the unigram log-probs of the sentence's words (natural log), for SLOR.
    unigram_logprob: float | None = None
    # The same sentence scored without any preceding context (same length not required).
    context_free_logprobs: np.ndarray | None = None
    # True where the token is a whole English function word (see function_word_mask).
    function_mask: np.ndarray | None = None
    # The runtime's sentence fluency score (minus the surprise mass) and its percentile
    # among English-original sentences of similar length (None when uncalibrated).
    score: float | None = None
    percentile: float | None = None

    @classmethod
    def from_tokens(
        cls,
        text: str,
        logprobs: Sequence[float],
        ranks: Sequence[float],
        unigram_logprobs: Sequence[float],
        spans: Sequence[tuple[int, int]],
        function_words: frozenset[str],
        score: float | None = None,
        percentile: float | None = None,
    ) -> SentenceLM:
        """From a scored sentence's per-token numbers and token spans (relative to
        ``text``). The runtime verdict and the verdict fit both build it here, so they
        read a sentence the same way."""
        return cls(
            logprobs=np.asarray(logprobs, np.float64),
            ranks=np.asarray(ranks, np.float64),
            unigram_logprob=float(sum(unigram_logprobs)),
            function_mask=function_mask_from_spans(text, spans, function_words),
            score=score,
            percentile=percentile,
        )


def lm_features(sentences: Sequence[SentenceLM]) -> dict[str, float]:
    """Fluency, predictability and context-use statistics of one document."""
    sents = [s for s in sentences if len(s.logprobs) > 0]
    if not sents:
        return {}
    lp = np.concatenate([np.asarray(s.logprobs, np.float64) for s in sents])
    ranks = np.concatenate([np.asarray(s.ranks, np.float64) for s in sents])
    log_rank = np.log(np.maximum(ranks, 1.0))
    sent_mean = np.array([float(np.mean(s.logprobs)) for s in sents])
    sent_min = np.array([float(np.min(s.logprobs)) for s in sents])
    sent_rank1 = np.array([float(np.mean(np.asarray(s.ranks) <= 1)) for s in sents])
    sent_log_rank = np.array([float(np.mean(np.log(np.maximum(s.ranks, 1)))) for s in sents])
    f: dict[str, float] = {
        "lm.mean_lp": float(lp.mean()),
        "lm.std_lp": float(lp.std()),
        "lm.p05_lp": float(np.quantile(lp, 0.05)),
        "lm.p25_lp": float(np.quantile(lp, 0.25)),
        "lm.median_lp": float(np.median(lp)),
        "lm.sent_mean_std": float(sent_mean.std()),
        "lm.sent_mean_min": float(sent_mean.min()),
        "lm.sent_mean_p25": float(np.quantile(sent_mean, 0.25)),
        "lm.sent_min_mean": float(sent_min.mean()),
        "lm.log_rank_mean": float(log_rank.mean()),
        "lm.log_rank_std": float(log_rank.std()),
        "lm.sent_rank1_std": float(sent_rank1.std()),
        "lm.sent_log_rank_std": float(sent_log_rank.std()),
        "lm.sent_log_rank_max": float(sent_log_rank.max()),
    }
    for k in RANK_BUCKETS:
        f[f"lm.rank_le{k}"] = float(np.mean(ranks <= k))
    f["lm.rank_gt1000"] = float(np.mean(ranks > 1000))
    # Predictability of the tokens after the first of each sentence, where the model has
    # seen at least one word of the sentence itself.
    inner = [np.asarray(s.ranks[1:], np.float64) for s in sents if len(s.ranks) > 1]
    if inner:
        r_in = np.concatenate(inner)
        f["lm.inner_rank1"] = float(np.mean(r_in <= 1))
    masked = [s for s in sents if s.function_mask is not None]
    if masked:
        fm = np.concatenate([np.asarray(s.function_mask, bool) for s in masked])
        mlp = np.concatenate([np.asarray(s.logprobs, np.float64) for s in masked])
        mrk = np.concatenate([np.asarray(s.ranks, np.float64) for s in masked])
        if fm.any():
            f["lm.function_mean_lp"] = float(mlp[fm].mean())
            f["lm.function_rank1"] = float(np.mean(mrk[fm] <= 1))
        if (~fm).any():
            f["lm.content_mean_lp"] = float(mlp[~fm].mean())
            f["lm.content_log_rank"] = float(np.log(np.maximum(mrk[~fm], 1)).mean())
    slor = [
        (float(np.sum(s.logprobs)) - s.unigram_logprob) / len(s.logprobs)
        for s in sents
        if s.unigram_logprob is not None
    ]
    if slor:
        arr = np.array(slor)
        f["lm.slor_mean"] = float(arr.mean())
        f["lm.slor_std"] = float(arr.std())
        f["lm.slor_min"] = float(arr.min())
        f["lm.slor_p25"] = float(np.quantile(arr, 0.25))
    gains = [
        float(np.mean(s.logprobs)) - float(np.mean(s.context_free_logprobs))
        for s in sents[1:]
        if s.context_free_logprobs is not None and len(s.context_free_logprobs) > 0
    ]
    if gains:
        g = np.array(gains)
        f["lm.context_gain_mean"] = float(g.mean())
        f["lm.context_gain_std"] = float(g.std())
        f["lm.context_gain_low"] = float(np.mean(g < 0.1))
    return f


def function_word_mask(token_texts: Sequence[str], function_words: frozenset[str]) -> np.ndarray:
    """Which tokens are a whole function word: the token starts a word (leading space or
    first token) and is not continued by the next token."""
    out = np.zeros(len(token_texts), bool)
    for i, t in enumerate(token_texts):
        starts = i == 0 or t[:1] in (" ", "Ġ", "▁")
        word = t.lstrip(" Ġ▁").lower()
        nxt = token_texts[i + 1] if i + 1 < len(token_texts) else " "
        ends = nxt[:1] in (" ", "Ġ", "▁") or not nxt[:1].isalpha()
        out[i] = starts and ends and word in function_words
    return out


def unigram_logprob(sentence: str) -> float:
    """Sum of wordfreq unigram log-probs (natural log) of a sentence's words."""
    from wordfreq import tokenize, word_frequency

    floor = 1e-9
    return float(
        sum(math.log(max(word_frequency(w, "en"), floor)) for w in tokenize(sentence, "en"))
    )


# Percentiles (of English-original sentences of similar length) under which a sentence
# counts as low in the fluency distribution features.
FLUENCY_CUTS = (5, 10, 25)


def fluency_features(sentences: Sequence[SentenceLM]) -> dict[str, float]:
    """The shape of a document's per-sentence fluency distribution (``flu.`` prefix):
    surprise mass per token, and where its sentences fall among English originals."""
    sents = [s for s in sentences if len(s.logprobs) > 0 and s.score is not None]
    if not sents:
        return {}
    per_token = np.array([float(s.score) / len(s.logprobs) for s in sents])  # type: ignore[arg-type]
    total_tokens = sum(len(s.logprobs) for s in sents)
    f: dict[str, float] = {
        "flu.mass_per_token": float(sum(float(s.score) for s in sents) / total_tokens),  # type: ignore[arg-type]
        "flu.sent_mass_min": float(per_token.min()),
        "flu.sent_mass_p25": float(np.quantile(per_token, 0.25)),
        "flu.sent_mass_std": float(per_token.std()),
    }
    pct = np.array([s.percentile for s in sents if s.percentile is not None], np.float64)
    if len(pct):
        f["flu.pct_mean"] = float(pct.mean())
        f["flu.pct_median"] = float(np.median(pct))
        f["flu.pct_min"] = float(pct.min())
        f["flu.pct_std"] = float(pct.std())
        for cut in FLUENCY_CUTS:
            f[f"flu.below{cut}"] = float(np.mean(pct < cut))
    return f


def function_mask_from_spans(
    text: str, spans: Sequence[tuple[int, int]], function_words: frozenset[str]
) -> np.ndarray:
    """Which tokens are a whole function word, from the tokens' character spans in the
    sentence: a token starts a word when text (a space) separates it from the previous
    token, and ends one when the next token is separated or is not a letter."""
    out = np.zeros(len(spans), bool)
    for i, (a, b) in enumerate(spans):
        starts = i == 0 or a > spans[i - 1][1] or not text[spans[i - 1][0] : spans[i - 1][1]]
        if i + 1 < len(spans):
            na, nb = spans[i + 1]
            ends = na > b or not text[na:nb][:1].isalpha()
        else:
            ends = True
        out[i] = starts and ends and text[a:b].strip().lower() in function_words
    return out


POOLINGS = ("mean", "sentence_mean", "sentence_max", "last")


def pool_sentences(sums: np.ndarray, token_counts: np.ndarray, pooling: str) -> np.ndarray:
    """One document vector from per-sentence hidden-state sums (``[sentences, hidden]``):
    ``mean`` over every token, ``sentence_mean`` (each sentence's mean, averaged),
    ``sentence_max`` (element-wise maximum of sentence means), ``last`` (the last
    sentence's mean)."""
    sums = np.asarray(sums, np.float64)
    counts = np.maximum(np.asarray(token_counts, np.float64), 1.0)
    if len(sums) == 0:
        raise ValueError("no sentences to pool")
    if pooling == "mean":
        return sums.sum(axis=0) / counts.sum()
    means = sums / counts[:, None]
    if pooling == "sentence_mean":
        return means.mean(axis=0)
    if pooling == "sentence_max":
        return means.max(axis=0)
    if pooling == "last":
        return means[-1]
    raise ValueError(f"unknown pooling {pooling!r}; known: {', '.join(POOLINGS)}")
