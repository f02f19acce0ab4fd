"""S520: articles in one run that are near-duplicates of each other.

Scrapers republish the same article under several addresses, often lightly
rewritten, cut short, or with different site chrome. Within a run, each
article becomes a set of word shingles; MinHash signatures and banding
(locality-sensitive hashing) propose candidate pairs in near-linear time, and
each candidate is confirmed with the exact Jaccard similarity (or containment)
of the two sets, so what is reported is exact and deterministic. Linked pairs
are grouped (connected components) and each group is reported once, naming
its members. The evidence lists the strongest links that join the group (a
maximum spanning tree: one fewer than its members), not every linked pair: k
copies of one wire story are k(k-1)/2 pairs, megabytes of report for a crawl.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import numpy as np

from audits.detectors.base import DocumentContext, RunDetector
from audits.document import Finding, RunFinding
from audits.rule_docs.duplicates import DUPLICATE_RULES, NEAR_DUPLICATE

# A message names this many members, then counts the rest.
MAX_NAMED = 20
_WORD = re.compile(r"\w+")
# The Mersenne prime 2**31 - 1: with shingle hashes reduced below it and
# a, b < P, a*x + b stays below 2**63, so numpy's uint64 arithmetic is exact and
# (a*x + b) mod P is a true universal hash. (A larger prime with 32-bit inputs
# rarely wraps, and every "permutation" then picks the same smallest shingle.)
_P = (1 << 31) - 1


@dataclass(frozen=True)
class _Params:
    shingle_words: int
    bands: int
    rows_per_band: int
    threshold: float
    containment: float
    min_contained_shingles: int
    min_shingles: int
    seed: int


@cache
def _params() -> _Params:
    path = Path(__file__).resolve().parent.parent / "data" / "near_duplicates.toml"
    return _Params(**tomllib.loads(path.read_text(encoding="utf-8")))


@dataclass
class _Shingled:
    ctx: DocumentContext
    # Sorted unique 64-bit shingle hashes.
    hashes: np.ndarray
    # Documents with the very same shingle set share one number (a scraper's exact
    # copies), so similarities are computed once per distinct set, not per pair.
    set_id: int = 0

    @property
    def starts(self) -> list[tuple[int, int]]:
        """For each shingle in text order, its hash and the offset where it starts: only
        the members of a reported group need them, so they are found only then."""
        return shingle(self.ctx.text, _params().shingle_words)[1]


class _Similarities:
    """Jaccard and containment per pair of distinct shingle sets, each computed once:
    a group of k exact copies then costs k lookups instead of k^2 set intersections."""

    def __init__(self, docs: list[_Shingled]) -> None:
        self.docs = docs
        self._memo: dict[tuple[int, int], tuple[float, float]] = {}

    def __call__(self, i: int, j: int) -> tuple[float, float]:
        a, b = self.docs[i], self.docs[j]
        key = (min(a.set_id, b.set_id), max(a.set_id, b.set_id))
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = jaccard(a.hashes, b.hashes)
        return found


def shingle(text: str, words: int) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """(unique sorted shingle hashes, [(hash, start offset)] in text order).

    Shingles never cross a line break, so a paragraph dropped or inserted by a
    scraper (an ad, a "Read also" line) leaves the other paragraphs' shingles
    intact; lines shorter than one shingle (headlines, chrome) give none.
    """
    found: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        matches = list(_WORD.finditer(line))
        n = len(matches) - words + 1
        if n > 0:
            h = _window_hashes(_word_hashes([m.group(0) for m in matches]), words)
            found.extend(zip(h.tolist(), [pos + m.start() for m in matches[:n]], strict=True))
        pos += len(line) + 1
    hashes = np.unique(np.fromiter((h for h, _ in found), dtype=np.uint64, count=len(found)))
    return hashes, found


def shingle_set(text: str, words: int) -> np.ndarray:
    """``shingle(text, words)[0]``, the offsets left out, in a few array operations for the
    whole text instead of a dozen per line: every window of ``words`` words is hashed,
    then those that span a line break are dropped."""
    per_line = [_WORD.findall(line) for line in text.split("\n")]
    counts = [len(found) for found in per_line]
    total = sum(counts)
    if total < words:
        return np.zeros(0, np.uint64)
    h = _window_hashes(_word_hashes([w for found in per_line for w in found]), words)
    line = np.repeat(np.arange(len(counts)), counts)
    return np.unique(h[line[: len(h)] == line[words - 1 :]])


def _word_hashes(found: list[str]) -> np.ndarray:
    return np.fromiter(map(_word_hash, map(str.casefold, found)), np.uint64, len(found))


def _window_hashes(word: np.ndarray, words: int) -> np.ndarray:
    """One hash per window of ``words`` consecutive word hashes (at least one window).

    A polynomial over the words' hashes (wrapping mod 2**64), then mixed: one hash per
    word instead of one per shingle, the shingles vectorised."""
    n = len(word) - words + 1
    h = np.zeros(n, np.uint64)
    for k in range(words):
        h = h * _POLY + word[k : k + n]
    return _mix(h)


_POLY = np.uint64(0x9E3779B97F4A7C15)


@lru_cache(maxsize=1 << 16)
def _word_hash(word: str) -> int:
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "little")


def _mix(h: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: every bit of the polynomial reaches every bit of the hash."""
    h = (h ^ (h >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    h = (h ^ (h >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return h ^ (h >> np.uint64(31))


def jaccard(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    """(Jaccard, containment of the smaller in the larger) of two sorted unique arrays."""
    inter = len(np.intersect1d(a, b, assume_unique=True))
    union = len(a) + len(b) - inter
    smaller = min(len(a), len(b))
    return (inter / union if union else 0.0), (inter / smaller if smaller else 0.0)


class NearDuplicates(RunDetector):
    rules = DUPLICATE_RULES

    def detect_run(
        self, contexts: list[DocumentContext], findings: dict[str, list[Finding]]
    ) -> Iterable[RunFinding]:
        p = _params()
        docs = []
        set_ids: dict[bytes, int] = {}
        for ctx in contexts:
            hashes = shingle_set(ctx.text, p.shingle_words)
            if len(hashes) >= p.min_shingles:
                set_id = set_ids.setdefault(hashes.tobytes(), len(set_ids))
                docs.append(_Shingled(ctx, hashes, set_id))
        if len(docs) < 2:
            return []
        similar = _Similarities(docs)
        pairs = self._confirmed_pairs(docs, p, similar)
        return [self._report(group, pairs, docs, p, similar) for group in _groups(len(docs), pairs)]

    def _confirmed_pairs(
        self, docs: list[_Shingled], p: _Params, similar: _Similarities
    ) -> dict[tuple[int, int], tuple[float, float]]:
        # LSH over the distinct shingle sets; exact copies follow their set.
        copies: dict[int, list[int]] = {}
        for index, doc in enumerate(docs):
            copies.setdefault(doc.set_id, []).append(index)
        a, b = permutations(p)
        # Sets whose signatures agree on all rows of a band share its bucket; each band is
        # grouped with one np.unique over all signatures, not a dict entry per set.
        set_list = list(copies)  # ascending set ids
        signatures = np.stack([minhash(docs[copies[s][0]].hashes, a, b) for s in set_list])
        candidates: set[tuple[int, int]] = set()
        width = p.rows_per_band
        for band in range(p.bands):
            rows = signatures[:, band * width : (band + 1) * width]
            _, inverse, counts = np.unique(rows, axis=0, return_inverse=True, return_counts=True)
            inverse = inverse.ravel()
            for bucket in np.flatnonzero(counts > 1):
                sets = [set_list[k] for k in np.flatnonzero(inverse == bucket)]
                candidates.update((s, t) for x, s in enumerate(sets) for t in sets[x + 1 :])
        linked = [(s, s) for s, members in copies.items() if len(members) > 1]
        for s, t in sorted(candidates):
            i, j = copies[s][0], copies[t][0]
            jac, con = similar(i, j)
            if is_near_duplicate(jac, con, min(len(docs[i].hashes), len(docs[j].hashes)), p):
                linked.append((s, t))
        confirmed = {}
        for s, t in linked:
            for i in copies[s]:
                for j in copies[t]:
                    if i != j:
                        confirmed[(min(i, j), max(i, j))] = similar(i, j)
        return confirmed

    def _report(
        self,
        group: list[int],
        pairs: dict[tuple[int, int], tuple[float, float]],
        docs: list[_Shingled],
        p: _Params,
        similar: _Similarities,
    ) -> RunFinding:
        members = set(group)
        linked = sorted((k, v) for k, v in pairs.items() if k[0] in members)
        jacs = [v[0] for _, v in linked]
        low, high = round(min(jacs) * 100), round(max(jacs) * 100)
        if low == 100:
            share = "identical wording"
        else:
            share = f"{low if low == high else f'{low}–{high}'}% of their wording shared"
        if min(jacs) < p.threshold:
            most = round(max(v[1] for _, v in linked) * 100)
            share += f"; a shorter one repeats up to {most}% of its text"
        names = ", ".join(_name(docs[i].ctx) for i in group[:MAX_NAMED])
        if len(group) > MAX_NAMED:
            names += f" and {len(group) - MAX_NAMED} more"
        message = f"{len(group)} articles in this run are near-duplicates ({share}): {names}"
        evidence = {
            "documents": [docs[i].ctx.document.id for i in group],
            "pairs": [
                {
                    "a": docs[i].ctx.document.id,
                    "b": docs[j].ctx.document.id,
                    "jaccard": round(jac, 4),
                    "containment": round(con, 4),
                }
                for (i, j), (jac, con) in _strongest_links(linked)
            ],
            "linked_pairs": len(linked),
            "threshold": p.threshold,
            "containment_threshold": p.containment,
            "shingle_words": p.shingle_words,
        }
        places = []
        copies = Counter(docs[i].set_id for i in group)
        distinct = {docs[i].set_id: docs[i].hashes for i in group}
        everything = np.unique(np.concatenate(list(distinct.values())))
        for i in group:
            mine = docs[i].set_id
            # The rest of the group's shingles: all of them when another member is an
            # exact copy of this one, else the union of the other distinct sets.
            others = (
                everything
                if copies[mine] > 1
                else np.unique(np.concatenate([h for s, h in distinct.items() if s != mine]))
            )
            places.append(
                (docs[i].ctx.document.id, _place(docs[i], others, group, docs, i, similar))
            )
        return RunFinding(
            code=NEAR_DUPLICATE.code,
            message=message,
            places=places,
            severity=NEAR_DUPLICATE.severity,
            evidence=evidence,
        )


def is_near_duplicate(jac: float, con: float, shorter: int, p: _Params) -> bool:
    """Most wording shared, or most of a shorter article (a paragraph at least) repeated."""
    return jac >= p.threshold or (con >= p.containment and shorter >= p.min_contained_shingles)


def permutations(p: _Params) -> tuple[np.ndarray, np.ndarray]:
    """The fixed coefficients (a, b) of the hash family h(x) = (a*x + b) mod P."""
    rng = np.random.default_rng(p.seed)
    n_perm = p.bands * p.rows_per_band
    return (
        rng.integers(1, _P, size=n_perm, dtype=np.uint64),
        rng.integers(0, _P, size=n_perm, dtype=np.uint64),
    )


def minhash(hashes: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """One minimum per hash function; two sets agree on each with probability = Jaccard."""
    prime = np.uint64(_P)
    x = hashes % prime
    return ((a[:, None] * x[None, :] + b[:, None]) % prime).min(axis=1)


def _place(
    doc: _Shingled,
    others: np.ndarray,
    group: list[int],
    docs: list[_Shingled],
    me: int,
    similar: _Similarities,
) -> Finding:
    """The first sentence of ``doc`` that the rest of its group also has."""
    ctx = doc.ctx
    shared = set(np.intersect1d(doc.hashes, others, assume_unique=True).tolist())
    first = next((start for h, start in doc.starts if h in shared), 0)
    sentence = ctx.segmentation.sentence_at(first)
    start, end = (sentence.start, sentence.end) if sentence else (0, min(len(ctx.text), 200))
    best = max((j for j in group if j != me), key=lambda j: similar(me, j)[0])
    jac, con = similar(me, best)
    message = (
        f"near-duplicate of {_name(docs[best].ctx)}: {round(jac * 100)}% of the wording "
        "is shared; this is where the shared text starts"
    )
    return ctx.finding(
        NEAR_DUPLICATE,
        start,
        end,
        message,
        strength=0.3,
        evidence={
            "closest": docs[best].ctx.document.id,
            "jaccard": round(jac, 4),
            "containment": round(con, 4),
            "shared_shingles": len(shared),
            "shingles": len(doc.hashes),
        },
    )


def _name(ctx: DocumentContext) -> str:
    doc = ctx.document
    if doc.title and doc.title != doc.id:
        return f"“{doc.title}” ({doc.id})"
    return doc.id


def _strongest_links(
    linked: list[tuple[tuple[int, int], tuple[float, float]]],
) -> list[tuple[tuple[int, int], tuple[float, float]]]:
    """A maximum spanning tree of one group's links (Kruskal: most similar first,
    ties by containment, then by position), in document order."""
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    tree = []
    for (i, j), (jac, con) in sorted(linked, key=lambda e: (-e[1][0], -e[1][1], e[0])):
        ri, rj = find(i), find(j)
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)
            tree.append(((i, j), (jac, con)))
    return sorted(tree)


def _groups(n: int, pairs: dict[tuple[int, int], tuple[float, float]]) -> list[list[int]]:
    """Connected components of the linked pairs, each sorted, ordered by first member."""
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, j in pairs:
        ri, rj = find(i), find(j)
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(find(i), []).append(i)
    return sorted((g for g in groups.values() if len(g) > 1), key=lambda g: g[0])
