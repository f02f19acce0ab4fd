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


@dataclass(frozen=True)
class Profile:
    """Character n-gram counts of a text (whitespace removed, as chrF counts them),
    one Counter per order, with each order's total."""

    counts: tuple[Counter[str], ...]
    totals: tuple[int, ...]

    @classmethod
    def of(cls, text: str, max_order: int) -> Profile:
        chars = "".join(text.split())
        counts = tuple(
            Counter(chars[i : i + n] for i in range(len(chars) - n + 1))
            for n in range(1, max_order + 1)
        )
        return cls(counts, tuple(sum(c.values()) for c in counts))

    def __add__(self, other: Profile) -> Profile:
        counts = tuple(x + y for x, y in zip(self.counts, other.counts, strict=True))
        return Profile(counts, tuple(x + y for x, y in zip(self.totals, other.totals, strict=True)))


def similarity(a: Profile, b: Profile) -> float:
    """Mean over orders of the n-gram F1 of ``a`` against ``b`` (0..1)."""
    total = 0.0
    orders = 0
    for ca, cb, na, nb in zip(a.counts, b.counts, a.totals, b.totals, strict=True):
        if not na or not nb:
            continue
        if len(ca) > len(cb):
            ca, cb = cb, ca
        # Counter's & builds a third Counter; this reads the smaller one only.
        common = sum(min(count, cb[gram]) for gram, count in ca.items() if gram in cb)
        orders += 1
        if common:
            total += 2 * common / (na + nb)
    return total / orders if orders else 0.0


class _Profiles:
    """One side's sentence profiles, and each pair of neighbours merged, built once."""

    def __init__(self, sentences: Sequence[str], max_order: int) -> None:
        self.single = [Profile.of(s, max_order) for s in sentences]
        self._pairs: dict[int, Profile] = {}

    def take(self, i: int, count: int) -> Profile:
        if count == 1:
            return self.single[i]
        pair = self._pairs.get(i)
        if pair is None:
            pair = self._pairs[i] = self.single[i] + self.single[i + 1]
        return pair


def align_sentences(
    hyp: Sequence[str], ref: Sequence[str], params: AlignParams | None = None
) -> list[Bead]:
    """The cheapest monotonic alignment of ``hyp`` with ``ref`` sentences.

    Only cells in a band around the diagonal are visited and stored, so time and
    memory grow with the sentences times the band, not with their product.
    """
    params = params or AlignParams()
    n, m = len(hyp), len(ref)
    hp = _Profiles(hyp, params.max_order)
    rp = _Profiles(ref, params.max_order)
    width = params.band + abs(n - m)

    def band(i: int) -> range:
        """The j with |j - i·m/n| <= width: the cells of row i on the band."""
        centre = i * m / n if n else 0
        return range(max(0, math.ceil(centre - width)), min(m, math.floor(centre + width)) + 1)

    inf = math.inf
    # Row i: j -> (cost, back-pointer); cells outside the band are absent (infinite).
    rows: list[dict[int, tuple[float, tuple[int, int, float | None] | None]]] = []
    for i in range(n + 1):
        row: dict[int, tuple[float, tuple[int, int, float | None] | None]] = {}
        for j in band(i):
            best, move = (0.0, None) if i == j == 0 else (inf, None)
            for di, dj in MOVES:
                pi, pj = i - di, j - dj
                if pi < 0 or pj < 0:
                    continue
                before = (rows[pi] if di else row).get(pj)
                if before is None or before[0] == inf:
                    continue
                step, sim = _step_cost(hp, rp, pi, pj, di, dj, params)
                if before[0] + step < best:
                    best = before[0] + step
                    move = (di, dj, sim)
            row[j] = (best, move)
        rows.append(row)
    beads: list[Bead] = []
    i, j = n, m
    while i or j:
        cell = rows[i].get(j)
        if cell is None or cell[1] is None:  # pragma: no cover - skips always reach (n, m)
            raise RuntimeError("sentence alignment found no path")
        di, dj, sim = cell[1]
        beads.append(Bead(tuple(range(i - di, i)), tuple(range(j - dj, j)), sim))
        i, j = i - di, j - dj
    beads.reverse()
    return beads


def _step_cost(
    hp: _Profiles,
    rp: _Profiles,
    i: int,
    j: int,
    di: int,
    dj: int,
    params: AlignParams,
) -> tuple[float, float | None]:
    if di == 0 or dj == 0:
        return params.skip_cost * (di + dj), None
    sim = similarity(hp.take(i, di), rp.take(j, dj))
    # Cost per sentence covered, so a 2-1 merge and a 1-1 plus a skip compare fairly.
    merge = params.merge_cost if di + dj > 2 else 0.0
    return (1.0 - sim) * (di + dj) + merge, sim
