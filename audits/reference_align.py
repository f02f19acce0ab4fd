"""Monotonic sentence alignment of a hypothesis document with its reference.

When the two files do not have the same number of lines they cannot be paired
line by line; their sentences are aligned instead. Both sides are English, so
content similarity says far more than Gale-Church's length ratio: the score of
a pairing is a character n-gram F-score (chrF's statistic, computed here from
cached n-gram counts so the dynamic programme stays cheap), and a dynamic
programme over the moves 1-1, 2-1, 1-2, 1-0 and 0-1 finds the cheapest
monotonic path. A sentence that pairs with nothing well enough is left alone
(1-0: an addition; 0-1: an omission) and reported as unaligned.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

# (hypothesis sentences, reference sentences) taken by one step.
MOVES: tuple[tuple[int, int], ...] = ((1, 1), (2, 1), (1, 2), (1, 0), (0, 1))


@dataclass(frozen=True)
class AlignParams:
    # Cost of leaving one sentence unaligned: a 1-1 pair is kept while its
    # similarity is above 1 - skip_cost.
    skip_cost: float = 0.7
    # Extra cost of a 2-1 or 1-2 merge, so a merge must earn its place.
    merge_cost: float = 0.5
    # Character n-gram orders of the similarity.
    max_order: int = 4
    # Half-width of the band around the diagonal, on top of the length difference.
    band: int = 8


@dataclass(frozen=True)
class Bead:
    """One aligned unit: hypothesis sentence indices with reference sentence indices."""

    hyp: tuple[int, ...]
    ref: tuple[int, ...]
    similarity: float | None = None

    @property
    def kind(self) -> str:
        return f"{len(self.hyp)}-{len(self.ref)}"

    @property
    def aligned(self) -> bool:
        return bool(self.hyp) and bool(self.ref)


def ngram_profile(text: str, max_order: int) -> list[Counter[str]]:
    """Character n-gram counts of ``text`` without whitespace, as chrF counts them."""
    chars = "".join(text.split())
    return [
        Counter(chars[i : i + n] for i in range(len(chars) - n + 1))
        for n in range(1, max_order + 1)
    ]


def similarity(a: Sequence[Counter[str]], b: Sequence[Counter[str]]) -> float:
    """Mean over orders of the n-gram F1 of ``a`` against ``b`` (0..1)."""
    total = 0.0
    orders = 0
    for ca, cb in zip(a, b, strict=True):
        na, nb = sum(ca.values()), sum(cb.values())
        if not na or not nb:
            continue
        common = sum((ca & cb).values())
        orders += 1
        if common:
            total += 2 * common / (na + nb)
    return total / orders if orders else 0.0


def _merged(a: list[Counter[str]], b: list[Counter[str]]) -> list[Counter[str]]:
    return [x + y for x, y in zip(a, b, strict=True)]


def align_sentences(
    hyp: Sequence[str], ref: Sequence[str], params: AlignParams | None = None
) -> list[Bead]:
    """The cheapest monotonic alignment of ``hyp`` with ``ref`` sentences."""
    params = params or AlignParams()
    n, m = len(hyp), len(ref)
    hp = [ngram_profile(s, params.max_order) for s in hyp]
    rp = [ngram_profile(s, params.max_order) for s in ref]
    width = params.band + abs(n - m)

    def in_band(i: int, j: int) -> bool:
        centre = i * m / n if n else 0
        return abs(j - centre) <= width

    inf = math.inf
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int, float | None] | None]] = [
        [None] * (m + 1) for _ in range(n + 1)
    ]
    cost[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            if (i or j) and not in_band(i, j):
                continue
            best = cost[i][j]
            for di, dj in MOVES:
                pi, pj = i - di, j - dj
                if pi < 0 or pj < 0 or cost[pi][pj] == inf:
                    continue
                step, sim = _step_cost(hp, rp, pi, pj, di, dj, params)
                if cost[pi][pj] + step < best:
                    best = cost[pi][pj] + step
                    back[i][j] = (di, dj, sim)
            cost[i][j] = best
    beads: list[Bead] = []
    i, j = n, m
    while i or j:
        move = back[i][j]
        if move is None:  # pragma: no cover - the skip moves always reach (n, m)
            raise RuntimeError("sentence alignment found no path")
        di, dj, sim = move
        beads.append(Bead(tuple(range(i - di, i)), tuple(range(j - dj, j)), sim))
        i, j = i - di, j - dj
    beads.reverse()
    return beads


def _step_cost(
    hp: list[list[Counter[str]]],
    rp: list[list[Counter[str]]],
    i: int,
    j: int,
    di: int,
    dj: int,
    params: AlignParams,
) -> tuple[float, float | None]:
    if di == 0 or dj == 0:
        return params.skip_cost * (di + dj), None
    h = hp[i] if di == 1 else _merged(hp[i], hp[i + 1])
    r = rp[j] if dj == 1 else _merged(rp[j], rp[j + 1])
    sim = similarity(h, r)
    # Cost per sentence covered, so a 2-1 merge and a 1-1 plus a skip compare fairly.
    merge = params.merge_cost if di + dj > 2 else 0.0
    return (1.0 - sim) * (di + dj) + merge, sim
