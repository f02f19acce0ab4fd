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
from collections.abc import Mapping, Sequence
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


def pool_hidden(sums: Sequence[np.ndarray], token_counts: Sequence[int]) -> np.ndarray:
    """Token-weighted mean of per-sentence hidden-state sums (``[..., hidden]`` each)."""
    total = int(sum(token_counts))
    if total == 0:
        raise ValueError("no tokens to pool")
    acc = np.zeros_like(np.asarray(sums[0], np.float64))
    for s in sums:
        acc += np.asarray(s, np.float64)
    return acc / total


@dataclass(frozen=True)
class LinearProbe:
    """A standardised linear read-out of a pooled hidden-state vector of one layer."""

    name: str
    layer: int
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float

    def score(self, pooled: np.ndarray) -> float:
        z = (np.asarray(pooled, np.float64) - self.mean) / self.scale
        return float(z @ self.coef + self.intercept)

    @classmethod
    def from_json(cls, raw: Mapping[str, object]) -> LinearProbe:
        return cls(
            name=str(raw["name"]),
            layer=int(raw["layer"]),  # type: ignore[arg-type]
            mean=np.asarray(raw["mean"], np.float64),
            scale=np.asarray(raw["scale"], np.float64),
            coef=np.asarray(raw["coef"], np.float64),
            intercept=float(raw["intercept"]),  # type: ignore[arg-type]
        )

    def to_json(self) -> dict[str, object]:
        return {
            "name": self.name,
            "layer": self.layer,
            "mean": [round(float(x), 6) for x in self.mean],
            "scale": [round(float(x), 6) for x in self.scale],
            "coef": [round(float(x), 6) for x in self.coef],
            "intercept": round(self.intercept, 6),
        }


def probe_features(
    pooled_by_layer: Mapping[int, np.ndarray], probes: Sequence[LinearProbe]
) -> dict[str, float]:
    """Probe scores (log-odds) keyed ``probe.<name>``; probes whose layer is missing are
    left out, so the verdict treats them as unknown."""
    out: dict[str, float] = {}
    for p in probes:
        if p.layer in pooled_by_layer:
            out[f"probe.{p.name}"] = p.score(pooled_by_layer[p.layer])
    return out


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
