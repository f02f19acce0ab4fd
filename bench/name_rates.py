"""How often the name rules (N3xx) fire on real documents, per label.

Reads ``docs.jsonl`` of the research benchmark (``../shared/bench`` beside the
repository, or ``$MTAUDIT_BENCH_DIR``), runs the name detector on every document
and prints, per rule, the share of documents it fires on for each label
(original English, human translation, machine translation). Target: every N rule
fires on at most 3 % of the original documents. The findings on originals are
listed so false positives can be inspected; ``--show LABEL`` lists another
label's findings too. The run-level rule N310 is run over each label's documents
as one run.

    PYTHONPATH=. python bench/name_rates.py [--show machine_translation] [--limit N]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from audits.config import AuditConfig
from audits.detectors.names import NameDetector, RunNameSpelling
from audits.document import Document
from audits.engine import prepare

LABELS = ("original", "human_translation", "machine_translation")
TARGET_ORIGINAL_RATE = 0.03
CODES = ("N301", "N302", "N303")


def bench_dir() -> Path:
    env = os.environ.get("MTAUDIT_BENCH_DIR")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[1].parent / "shared" / "bench"


def load_docs(limit: int | None) -> list[dict]:
    path = bench_dir() / "docs.jsonl"
    if not path.exists():
        sys.exit(f"no benchmark data at {path}; set MTAUDIT_BENCH_DIR")
    with path.open(encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    return rows[:limit] if limit else rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="append", default=[], choices=LABELS)
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()

    rows = load_docs(args.limit)
    config = AuditConfig(lm=False)
    detector = NameDetector()
    totals: Counter[str] = Counter(row["label"] for row in rows)
    fired: dict[str, Counter[str]] = {code: Counter() for code in CODES}
    listed: list[tuple[str, dict, object]] = []
    contexts: dict[str, list] = defaultdict(list)

    # Warm up (word lists, name list, lost-letter index) before timing.
    warm = time.perf_counter()
    list(detector.detect(prepare(Document("warm", rows[0]["text"], "bench"), config)))
    warm = time.perf_counter() - warm

    started = time.perf_counter()
    for row in rows:
        ctx = prepare(Document(row["id"], row["text"], "bench"), config)
        findings = list(detector.detect(ctx))
        contexts[row["label"]].append(ctx)
        for code in {f.code for f in findings}:
            fired[code][row["label"]] += 1
        for f in findings:
            if row["label"] == "original" or row["label"] in args.show:
                listed.append((row["label"], row, f))
    elapsed = time.perf_counter() - started

    print(f"{len(rows)} documents: " + ", ".join(f"{totals[lb]} {lb}" for lb in LABELS))
    print(f"\n{'rule':6} " + " ".join(f"{lb:>20}" for lb in LABELS) + "   target")
    failed = False
    for code in CODES:
        cells = []
        for lb in LABELS:
            n = fired[code][lb]
            share = n / totals[lb] if totals[lb] else 0.0
            cells.append(f"{n:4d} ({share:6.1%})")
        orig_share = fired[code]["original"] / totals["original"] if totals["original"] else 0.0
        ok = orig_share <= TARGET_ORIGINAL_RATE
        failed |= not ok
        verdict = "ok" if ok else "FAIL"
        print(
            f"{code:6} "
            + " ".join(f"{c:>20}" for c in cells)
            + f"   ≤{TARGET_ORIGINAL_RATE:.0%} orig: {verdict}"
        )
    any_fired = Counter()
    for lb in LABELS:
        ids = {row["id"] for lab, row, _f in listed if lab == lb}
        any_fired[lb] = len(ids)

    run_detector = RunNameSpelling()
    print("\nN310 (each label's documents audited as one run):")
    for lb in LABELS:
        found = list(run_detector.detect_run(contexts[lb], {}))
        print(f"  {lb:20} {len(found)} run findings")
        for rf in found[:10]:
            print(f"    {rf.message}")

    print(
        f"\nname detector: {len(rows) / elapsed:.1f} documents/s on one core "
        f"(after a {warm:.1f} s warm-up that builds the word lists)"
    )

    print("\nFindings listed for inspection:")
    for label, row, f in listed:
        print(f"  [{label} {row['src_lang']} {row['id']}] {f.code} {f.text!r}: {f.message}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
