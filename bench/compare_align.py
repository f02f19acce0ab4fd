"""How well `mtaudit compare` aligns two documents whose lines do not match.

Builds document pairs from the WMT21 zh-en MQM set (one system's translation of a
news document against the reference), perturbs the hypothesis the way real
files differ, runs the sentence alignment of ``audits.reference_inputs`` and
prints link precision/recall at the level of WMT segments, plus how many
omitted and added sentences were reported as unaligned:

* ``merged``: every fourth pair of hypothesis lines is joined into one line;
* ``paragraph``: the hypothesis is one paragraph of running text;
* ``omission``: one hypothesis segment is dropped (expect a 0-1);
* ``addition``: an unrelated sentence from another document is inserted (expect a 1-0).

    python bench/compare_align.py
"""

from __future__ import annotations

import json
import os
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from audits.reference import align_params  # noqa: E402
from audits.reference_inputs import pairs_from_documents  # noqa: E402


def bench_dir() -> Path:
    env = os.environ.get("MTAUDIT_BENCH_DIR")
    return Path(env) if env else ROOT.parent / "shared" / "bench"


def documents() -> list[list[dict]]:
    path = bench_dir() / "sentences_mqm.jsonl"
    if not path.is_file():
        sys.exit(f"missing {path}; set MTAUDIT_BENCH_DIR")
    by_doc: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        by_doc[(row["system"], row["doc_id"])].append(row)
    docs = [sorted(rows, key=lambda r: r["doc_seg_id"]) for rows in by_doc.values()]
    return [d for d in docs if len(d) >= 4]


def build(units: list[tuple[int, str]], sep_after: list[str]) -> tuple[str, list[tuple[int, int]]]:
    """Text from (segment id, text) units and where each segment lies: [(start, seg)]."""
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    for (seg, text), sep in zip(units, sep_after, strict=True):
        spans.append((pos, seg))
        parts.append(text + sep)
        pos += len(text) + len(sep)
    return "".join(parts), spans


def seg_at(spans: list[tuple[int, int]], offset: int) -> int:
    seg = spans[0][1]
    for start, s in spans:
        if start > offset:
            break
        seg = s
    return seg


def run_case(doc: list[dict], case: str, rng: random.Random, filler: str) -> dict[str, int]:
    ref_units = [(i, r["reference"]) for i, r in enumerate(doc)]
    hyp_units = [(i, r["target"]) for i, r in enumerate(doc)]
    dropped: set[int] = set()
    added = -1
    if case == "omission":
        k = rng.randrange(len(hyp_units))
        dropped.add(hyp_units[k][0])
        del hyp_units[k]
    if case == "addition":
        hyp_units.insert(rng.randrange(1, len(hyp_units)), (added, filler))
    if case == "paragraph":
        seps = [" "] * (len(hyp_units) - 1) + ["\n"]
    elif case == "merged":
        seps = [" " if i % 4 == 1 else "\n" for i in range(len(hyp_units) - 1)] + ["\n"]
    else:
        seps = ["\n"] * len(hyp_units)
    hyp_text, hyp_spans = build(hyp_units, seps)
    ref_text, ref_spans = build(ref_units, ["\n"] * len(ref_units))
    paired = pairs_from_documents(hyp_text, "hyp", ref_text, "ref", align_params())

    gold = {(s, s) for s, _ in hyp_units if s != added}
    predicted: set[tuple[int, int]] = set()
    omissions_found = additions_found = 0
    for seg in paired.segments:
        span = seg.ref_spans[0]
        hyp_segs = set()
        if seg.end > seg.start:
            hyp_segs = {seg_at(hyp_spans, seg.start), seg_at(hyp_spans, max(seg.end - 1, 0))}
        ref_segs = set()
        if span:
            ref_segs = {seg_at(ref_spans, span[0]), seg_at(ref_spans, max(span[1] - 1, 0))}
        for h in hyp_segs:
            for r in ref_segs:
                predicted.add((h, r))
        if not hyp_segs and ref_segs & dropped:
            omissions_found += 1
        if not ref_segs and added in hyp_segs:
            additions_found += 1
    return {
        "gold": len(gold),
        "predicted": len(predicted),
        "correct": len(gold & predicted),
        "omissions": len(dropped),
        "omissions_found": min(omissions_found, len(dropped)),
        "additions": int(case == "addition"),
        "additions_found": min(additions_found, 1),
    }


def main() -> None:
    docs = documents()
    rng = random.Random(20211)
    cases = ("merged", "paragraph", "omission", "addition")
    totals: dict[str, dict[str, int]] = {c: defaultdict(int) for c in cases}
    started = time.perf_counter()
    for d, doc in enumerate(docs):
        other = docs[(d + len(docs) // 2) % len(docs)]
        filler = other[len(other) // 2]["target"]
        for case in cases:
            for key, value in run_case(doc, case, rng, filler).items():
                totals[case][key] += value
    took = time.perf_counter() - started
    print(f"{len(docs)} WMT21 zh-en documents (one system's translation vs the reference)")
    print(
        f"{'case':<10} {'precision':>10} {'recall':>8} {'omissions found':>16} "
        f"{'additions found':>16}"
    )
    for case in cases:
        t = totals[case]
        precision = t["correct"] / t["predicted"] if t["predicted"] else 0.0
        recall = t["correct"] / t["gold"] if t["gold"] else 0.0
        om = f"{t['omissions_found']}/{t['omissions']}" if t["omissions"] else "-"
        ad = f"{t['additions_found']}/{t['additions']}" if t["additions"] else "-"
        print(f"{case:<10} {precision:>10.1%} {recall:>8.1%} {om:>16} {ad:>16}")
    print(f"aligned {4 * len(docs)} document pairs in {took:.1f} s")


if __name__ == "__main__":
    main()
