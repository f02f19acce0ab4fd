"""The rule engine's speed at two revisions, as ratios measured in one run.

    MTAUDIT_BENCH_DIR=../shared/bench python bench/rule_speed_ab.py OLD [NEW] [--rounds 5]

OLD and NEW are git revisions (NEW defaults to the working tree). Each is exported
to a temporary folder and the two run alternately, each round in fresh processes, so
load from other processes on a shared machine hits both alike; every number is the
median over the rounds, and the ratios are old / new.

* ``serial``: one process audits the WMT22 documents of ``docs.jsonl`` once to load its
  lexicons, then ``--passes`` more times with ``jobs=1`` and no language model; the
  CPU time of its best pass gives documents per second (``bench/rule_rates.py``'s
  throughput, target >= 100).
* ``jobs`` (with ``--jobs N``): one cold process per run (lexicons not loaded yet, as
  for ``mtaudit audit``) audits them once with ``jobs=1`` and once, in another process,
  with ``jobs=N``; wall time, the main process's CPU time and the workers' CPU time.

CPU time on a busy machine still varies by tens of percent between runs of the same
code: read the per-round ratios, not one round.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._data import REPO, bench_dir

# Runs inside each exported tree: prints one JSON line.
CHILD = r"""
import json, resource, sys, time
from audits.config import AuditConfig
from audits.engine import audit_documents
from audits.sources.jsonl import document_from_record

mode, jobs, passes, path = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
docs = []
with open(path, encoding="utf-8") as fh:
    for line in fh:
        r = json.loads(line)
        docs.append(document_from_record({"id": r["id"], "text": r["text"]}, r["id"]))
config = AuditConfig(lm=False, select=["ALL"], jobs=jobs)
if mode == "serial":
    audit_documents(docs, config)  # loads the lexicons
    times = []
    for _ in range(passes):
        c0 = time.process_time()
        audit_documents(docs, config)
        times.append(time.process_time() - c0)
    print(json.dumps({"cpu": min(times), "docs": len(docs)}))
else:
    w0, c0 = time.perf_counter(), time.process_time()
    audit_documents(docs, config)
    wall, cpu = time.perf_counter() - w0, time.process_time() - c0
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({"wall": wall, "cpu": cpu, "workers": kids.ru_utime + kids.ru_stime}))
"""


def export(revision: str | None, into: Path) -> Path:
    """The tree at ``revision`` (None: the working tree itself)."""
    if revision is None:
        return REPO
    into.mkdir()
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", revision], check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def child(tree: Path, mode: str, jobs: int, passes: int) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(tree), "HF_HUB_OFFLINE": "1"}
    data = str(bench_dir() / "docs.jsonl")
    out = subprocess.run(
        [sys.executable, "-c", CHILD, mode, str(jobs), str(passes), data],
        env=env,
        cwd=tree,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old", help="git revision to compare against")
    parser.add_argument("new", nargs="?", default=None, help="git revision (default: working tree)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--passes", type=int, default=2, help="timed passes per serial run")
    parser.add_argument("--jobs", type=int, default=0, help="also compare jobs=1 with jobs=N")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        trees = {
            "old": export(args.old, Path(tmp) / "old"),
            "new": export(args.new, Path(tmp) / "new"),
        }
        runs = [("serial", 1)] + ([("jobs", 1), ("jobs", args.jobs)] if args.jobs > 1 else [])
        results: dict[tuple[str, str, int], list[dict[str, float]]] = {}
        for r in range(args.rounds):
            order = list(trees) if r % 2 == 0 else list(reversed(trees))
            for mode, jobs in runs:
                for name in order:
                    row = child(trees[name], mode, jobs, args.passes)
                    results.setdefault((name, mode, jobs), []).append(row)
            print(f"round {r + 1}/{args.rounds} done", file=sys.stderr, flush=True)

    def med(name: str, mode: str, jobs: int, key: str) -> float:
        return statistics.median(row[key] for row in results[(name, mode, jobs)])

    docs = results[("old", "serial", 1)][0]["docs"]
    print(
        f"{docs:.0f} documents, {args.rounds} rounds, medians; old = {args.old}, "
        f"new = {args.new or 'working tree'}"
    )
    rates = {name: docs / med(name, "serial", 1, "cpu") for name in trees}
    per_round = [
        o["cpu"] / n["cpu"]
        for o, n in zip(results[("old", "serial", 1)], results[("new", "serial", 1)], strict=True)
    ]
    print(
        f"serial (jobs=1, no LM): old {rates['old']:.0f} docs/s, new {rates['new']:.0f} docs/s "
        f"of CPU time; new/old {rates['new'] / rates['old']:.2f}x "
        f"(per round {', '.join(f'{x:.2f}' for x in per_round)})"
    )
    if args.jobs > 1:
        for name in trees:
            one = {k: med(name, "jobs", 1, k) for k in ("wall", "cpu", "workers")}
            many = {k: med(name, "jobs", args.jobs, k) for k in ("wall", "cpu", "workers")}
            print(
                f"{name}: jobs=1 wall {one['wall']:.2f} s, CPU {one['cpu']:.2f} s; "
                f"jobs={args.jobs} wall {many['wall']:.2f} s, main CPU {many['cpu']:.2f} s, "
                f"workers CPU {many['workers']:.2f} s (all CPU / jobs=1: "
                f"{(many['cpu'] + many['workers']) / one['cpu']:.2f}x)"
            )


if __name__ == "__main__":
    main()
