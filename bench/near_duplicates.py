"""S520 on real documents: false groups, recall on injected republished copies, scaling.

Reads the research-only WMT22 documents from ../shared/bench (or $MTAUDIT_BENCH_DIR);
nothing from it is copied into the repository. Prints, in one run:

* false groups among the real documents (independent articles; target 0),
* recall on injected copies: light edits (site chrome, one line dropped, one
  word in 40 changed; target >= 0.95) and partial ones (site chrome, a third of
  the lines dropped: found by containment; target >= 0.9),
* the time for all documents over the time for a quarter of them (near-linear
  target: <= 6 for 4x the documents; all-pairs comparison would be ~16),
* the time of the MinHash/LSH detector over exact all-pairs comparison.

Usage: PYTHONPATH=. python bench/near_duplicates.py
"""

from __future__ import annotations

import json
import os
import random
import time
from itertools import combinations
from pathlib import Path

from audits.config import AuditConfig
from audits.detectors.duplicates import (
    NearDuplicates,
    _params,
    is_near_duplicate,
    jaccard,
    shingle,
)
from audits.document import Document
from audits.engine import prepare


def bench_dir() -> Path:
    env = os.environ.get("MTAUDIT_BENCH_DIR")
    return Path(env) if env else Path(__file__).resolve().parents[1].parent / "shared" / "bench"


def load() -> list[Document]:
    rows = [json.loads(line) for line in (bench_dir() / "docs.jsonl").open(encoding="utf-8")]
    return [Document(id=r["id"], text=r["text"], source=r["id"]) for r in rows]


def republish(doc: Document, rng: random.Random, drop: float) -> Document:
    lines = [ln for ln in doc.text.split("\n") if ln.strip()]
    keep = [ln for ln in lines if rng.random() >= drop] or lines[:1]
    if drop == 0 and len(keep) > 3:
        keep.pop(rng.randrange(1, len(keep)))  # one line lost in the scrape
    words = "\n".join(keep).split(" ")
    if drop == 0:
        for i in range(0, len(words), 40):  # a few words reworded
            words[i] = rng.choice(["the", "a", "this", "that"])
    text = (
        "Read also: the ten stories you missed this week\n"
        + " ".join(words)
        + "\nSubscribe to our newsletter for more news every morning."
    )
    return Document(id=f"{doc.id}~copy", text=text, source=f"{doc.id}~copy")


def pairs_found(detector: NearDuplicates, contexts: list) -> set[tuple[str, str]]:
    """Every pair of documents the detector put in one group (the evidence lists only
    the links that join a group)."""
    found = set()
    for finding in detector.detect_run(contexts, {}):
        members = finding.evidence["documents"]
        for n, a in enumerate(members):
            found.update(tuple(sorted((a, b))) for b in members[n + 1 :])
    return found


def main() -> None:
    config = AuditConfig(lm=False)
    docs = load()
    rng = random.Random(520)
    eligible = [d for d in docs if len(shingle(d.text, 5)[0]) >= 100]
    light_src = rng.sample(eligible, 40)
    heavy_src = rng.sample([d for d in eligible if d not in light_src], 40)
    light = [republish(d, rng, drop=0.0) for d in light_src]
    heavy = [republish(d, rng, drop=0.33) for d in heavy_src]
    detector = NearDuplicates()

    real = [prepare(d, config) for d in docs]
    false_pairs = pairs_found(detector, real)
    everything = real + [prepare(d, config) for d in light + heavy]
    found = pairs_found(detector, everything)
    light_hits = sum((d.id, f"{d.id}~copy") in found for d in light_src)
    heavy_hits = sum((d.id, f"{d.id}~copy") in found for d in heavy_src)
    heavy_jac = sorted(
        jaccard(shingle(d.text, 5)[0], shingle(c.text, 5)[0])[0]
        for d, c in zip(heavy_src, heavy, strict=True)
    )

    quarter = everything[: len(everything) // 4]
    t0 = time.perf_counter()
    for _ in range(3):
        list(detector.detect_run(quarter, {}))
    t_quarter = (time.perf_counter() - t0) / 3
    t0 = time.perf_counter()
    for _ in range(3):
        list(detector.detect_run(everything, {}))
    t_all = (time.perf_counter() - t0) / 3
    t0 = time.perf_counter()
    sets = [shingle(c.text, 5)[0] for c in everything]
    p = _params()
    exact = {
        (i, j)
        for i, j in combinations(range(len(sets)), 2)
        if len(sets[i]) >= p.min_shingles
        and len(sets[j]) >= p.min_shingles
        and is_near_duplicate(*jaccard(sets[i], sets[j]), min(len(sets[i]), len(sets[j])), p)
    }
    t_exact = time.perf_counter() - t0
    lsh_pairs = len(found)

    print(f"documents: {len(docs)} real, {len(light)} light copies, {len(heavy)} heavy copies")
    print(f"false groups among real documents: {len(false_pairs)} pairs   (target 0)")
    print(
        f"recall, light copies: {light_hits}/{len(light)} = {light_hits / len(light):.3f}"
        "   (target >= 0.95)"
    )
    print(
        f"recall, partial copies (a third of lines dropped): {heavy_hits}/{len(heavy)}"
        f" = {heavy_hits / len(heavy):.3f}   (target >= 0.9; their Jaccard median"
        f" {heavy_jac[len(heavy_jac) // 2]:.2f})"
    )
    print(
        f"pairs found by LSH: {lsh_pairs}; by exact all-pairs: {len(exact)}   (same = no LSH miss)"
    )
    print(
        f"time, {len(everything)} docs / {len(quarter)} docs: {t_all / t_quarter:.2f}"
        "   (target <= 6 for 4x the documents)"
    )
    print(f"time, LSH detector / exact all-pairs at {len(everything)} docs: {t_all / t_exact:.2f}")


if __name__ == "__main__":
    main()
