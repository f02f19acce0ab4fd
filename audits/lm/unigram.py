"""Unigram baselines for SLOR: how likely each token is with no context at all.

SLOR subtracts a sentence's unigram log-probability from its LM log-probability,
so a rare but correct word (a name, a place) does not read as disfluent: the LM
finds "Lavrov" unlikely, but so does a word-frequency list.

Units are words (wordfreq frequencies) and punctuation marks (frequencies
counted in English-original news, in ``audits/data/unigram_en.json``), scaled so
the two share one distribution. A word split into several LM tokens spreads its
log-probability evenly over them, and a token covering several units sums theirs,
so the token baselines of a sentence add up to the sentence's unigram log-prob.
"""

from __future__ import annotations

import bisect
import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

WORD = re.compile(r"\d+(?:[.,:]\d+)+|[^\W_]+(?:['’][^\W_]+)*")
DATA_FILE = "unigram_en.json"


@dataclass(frozen=True)
class UnigramTable:
    word_share: float
    word_floor: float
    punctuation: dict[str, float]
    aliases: dict[str, str]
    other_punctuation: float

    @classmethod
    def load(cls) -> UnigramTable:
        return _load_table()

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> UnigramTable:
        return cls(
            word_share=float(data["word_share"]),
            word_floor=float(data["word_floor"]),
            punctuation={k: float(v) for k, v in data["punctuation"].items()},
            aliases=dict(data.get("aliases", {})),
            other_punctuation=float(data["other_punctuation"]),
        )

    def word_logprob(self, word: str) -> float:
        if word[0].isdigit():
            # wordfreq knows "1000" but splits "1,000" into two rare pieces.
            word = re.sub(r"[.,:](?=\d)", "", word)
        return _word_logprob(word.lower(), self.word_floor) + math.log(self.word_share)

    def mark_logprob(self, mark: str) -> float:
        mark = self.aliases.get(mark, mark)
        return math.log(self.punctuation.get(mark, self.other_punctuation))

    def units(self, text: str) -> list[tuple[int, int, float]]:
        """(start, end, log-prob) of every word and punctuation mark in ``text``."""
        out: list[tuple[int, int, float]] = []
        pos = 0
        for m in WORD.finditer(text):
            out.extend(self._marks(text, pos, m.start()))
            out.append((m.start(), m.end(), self.word_logprob(m.group())))
            pos = m.end()
        out.extend(self._marks(text, pos, len(text)))
        return out

    def _marks(self, text: str, start: int, end: int) -> list[tuple[int, int, float]]:
        return [
            (i, i + 1, self.mark_logprob(text[i]))
            for i in range(start, end)
            if not text[i].isspace()
        ]

    def token_logprobs(self, text: str, spans: Sequence[tuple[int, int]]) -> list[float]:
        """The unigram log-prob of each token span of ``text`` (see the module doc)."""
        return self.token_baseline(text, spans)[0]

    def token_baseline(
        self, text: str, spans: Sequence[tuple[int, int]]
    ) -> tuple[list[float], list[bool]]:
        """Each token's unigram log-prob, and whether each token belongs to the same
        word as the next one (a word split over several tokens)."""
        out = [0.0] * len(spans)
        joined = [False] * max(len(spans) - 1, 0)
        if not spans:
            return out, joined
        ends = [e for _, e in spans]
        for start, end, logprob in self.units(text):
            # Tokens overlapping [start, end): spans are ordered and contiguous.
            first = bisect.bisect_right(ends, start)
            hit = []
            for i in range(first, len(spans)):
                a, b = spans[i]
                if a >= end:
                    break
                if b > start and a < end:
                    hit.append(i)
            if not hit:
                # A unit no token covers (cannot happen with byte-level tokenizers):
                # charge it to the nearest token so totals still add up.
                hit = [min(first, len(spans) - 1)]
            share = logprob / len(hit)
            for i in hit:
                out[i] += share
            for i in range(hit[0], hit[-1]):
                joined[i] = True
        return out, joined


@lru_cache(maxsize=1)
def _load_table() -> UnigramTable:
    text = (Path(__file__).resolve().parents[1] / "data" / DATA_FILE).read_text(encoding="utf-8")
    return UnigramTable.from_dict(json.loads(text))


@lru_cache(maxsize=200_000)
def _word_logprob(word: str, floor: float) -> float:
    from wordfreq import word_frequency

    return math.log(max(word_frequency(word, "en"), floor))
