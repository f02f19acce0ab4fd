"""S520: articles in one run that are near-duplicates of each other.

Scrapers republish the same article under several addresses, often lightly
rewritten, cut short, or with different site chrome. Within a run, each
article becomes a set of word shingles; MinHash signatures and banding
(locality-sensitive hashing) propose candidate pairs in near-linear time, and
each candidate is confirmed with the exact Jaccard similarity (or containment)
of the two sets, so what is reported is exact and deterministic. Linked pairs
are grouped (connected components) and each group is reported once, naming
every member.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from audits.detectors.base import DocumentContext, RunDetector
from audits.document import Finding, RunFinding, Severity
from audits.rules import Rule

NEAR_DUPLICATE = Rule(
    code="S520",
    reason="{n} near-duplicate article{s} in the run",
    name="near-duplicate-articles",
    summary="Articles in one run that are near-duplicates of each other",
    severity=Severity.WARNING,
    what="""
Compares every article of a run (a feed, a directory, a list of URLs) with the
others and groups those that share most of their wording: the Jaccard
similarity of their sets of five-word shingles is at or above 0.5, or 80% of a
shorter article (at least a paragraph) reappears in a longer one, as when a
scraper republishes the first half of a story. The report names every article
of the group, the similarity of each linked pair, and how much of the shorter
article the longer one contains. Each place points at the first sentence the
article shares with the rest of its group.
""",
    why="""
Content farms scrape an article, machine-translate or lightly rewrite it, and
republish it under several addresses and bylines. Independent reports of the
same event rarely share even a tenth of their five-word phrases, so a group of
near-duplicates is a strong sign that the copies came from one source text.
Editors also want to audit one copy, not five.
""",
    example="""
`https://site-a.example/dock-strike` and `https://site-b.example/news/1234`
carry the same story with a different headline and share 86% of their
five-word shingles → "2 articles in this run are near-duplicates (86% of
their wording shared): …".
""",
)

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
    # Sorted unique 64-bit shingle hashes, and for each shingle (in text order)
    # its hash and the character offset where it starts.
    hashes: np.ndarray
    starts: list[tuple[int, int]]


def shingle(text: str, words: int) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """(unique sorted shingle hashes, [(hash, start offset)] in text order).

    Shingles never cross a line break, so a paragraph dropped or inserted by a
    scraper (an ad, a "Read also" line) leaves the other paragraphs' shingles
    intact; lines shorter than one shingle (headlines, chrome) give none.
    """
    found: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        tokens = [(m.group(0).casefold(), pos + m.start()) for m in _WORD.finditer(line)]
        for i in range(len(tokens) - words + 1):
            key = "\x1f".join(t for t, _ in tokens[i : i + words]).encode("utf-8")
            digest = int.from_bytes(hashlib.blake2b(key, digest_size=8).digest(), "little")
            found.append((digest, tokens[i][1]))
        pos += len(line) + 1
    hashes = np.unique(np.fromiter((h for h, _ in found), dtype=np.uint64, count=len(found)))
    return hashes, found


def jaccard(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    """(Jaccard, containment of the smaller in the larger) of two sorted unique arrays."""
    inter = len(np.intersect1d(a, b, assume_unique=True))
    union = len(a) + len(b) - inter
    smaller = min(len(a), len(b))
    return (inter / union if union else 0.0), (inter / smaller if smaller else 0.0)


class NearDuplicates(RunDetector):
    rules = (NEAR_DUPLICATE,)

    def detect_run(
        self, contexts: list[DocumentContext], findings: dict[str, list[Finding]]
    ) -> Iterable[RunFinding]:
        p = _params()
        docs = []
        for ctx in contexts:
            hashes, starts = shingle(ctx.text, p.shingle_words)
            if len(hashes) >= p.min_shingles:
                docs.append(_Shingled(ctx, hashes, starts))
        if len(docs) < 2:
            return []
        pairs = self._confirmed_pairs(docs, p)
        return [self._report(group, pairs, docs, p) for group in _groups(len(docs), pairs)]

    def _confirmed_pairs(
        self, docs: list[_Shingled], p: _Params
    ) -> dict[tuple[int, int], tuple[float, float]]:
        a, b = permutations(p)
        buckets: dict[tuple[int, bytes], list[int]] = {}
        for index, doc in enumerate(docs):
            signature = minhash(doc.hashes, a, b)
            for band in range(p.bands):
                rows = signature[band * p.rows_per_band : (band + 1) * p.rows_per_band]
                buckets.setdefault((band, rows.tobytes()), []).append(index)
        candidates = {
            (i, j)
            for members in buckets.values()
            if len(members) > 1
            for x, i in enumerate(members)
            for j in members[x + 1 :]
        }
        confirmed = {}
        for i, j in sorted(candidates):
            jac, con = jaccard(docs[i].hashes, docs[j].hashes)
            if is_near_duplicate(jac, con, min(len(docs[i].hashes), len(docs[j].hashes)), p):
                confirmed[(i, j)] = (jac, con)
        return confirmed

    def _report(
        self,
        group: list[int],
        pairs: dict[tuple[int, int], tuple[float, float]],
        docs: list[_Shingled],
        p: _Params,
    ) -> RunFinding:
        linked = sorted((k, v) for k, v in pairs.items() if k[0] in group)
        jacs = [v[0] for _, v in linked]
        low, high = round(min(jacs) * 100), round(max(jacs) * 100)
        if low == 100:
            share = "identical wording"
        else:
            share = f"{low if low == high else f'{low}–{high}'}% of their wording shared"
        if min(jacs) < p.threshold:
            most = round(max(v[1] for _, v in linked) * 100)
            share += f"; a shorter one repeats up to {most}% of its text"
        names = ", ".join(_name(docs[i].ctx) for i in group)
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
                for (i, j), (jac, con) in linked
            ],
            "threshold": p.threshold,
            "containment_threshold": p.containment,
            "shingle_words": p.shingle_words,
        }
        places = []
        for i in group:
            others = np.unique(np.concatenate([docs[j].hashes for j in group if j != i]))
            places.append((docs[i].ctx.document.id, _place(docs[i], others, group, docs, i)))
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
    doc: _Shingled, others: np.ndarray, group: list[int], docs: list[_Shingled], me: int
) -> Finding:
    """The first sentence of ``doc`` that the rest of its group also has."""
    ctx = doc.ctx
    shared = set(np.intersect1d(doc.hashes, others, assume_unique=True).tolist())
    first = next((start for h, start in doc.starts if h in shared), 0)
    sentence = ctx.segmentation.sentence_at(first)
    start, end = (sentence.start, sentence.end) if sentence else (0, min(len(ctx.text), 200))
    best = max((j for j in group if j != me), key=lambda j: jaccard(doc.hashes, docs[j].hashes)[0])
    jac, con = jaccard(doc.hashes, docs[best].hashes)
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
