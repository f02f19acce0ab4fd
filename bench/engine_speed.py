"""Documents per second of the local engine and the Ray engine, measured in one run.

    MTAUDIT_BENCH_DIR=../shared/bench python bench/engine_speed.py [--docs 200] [--lm] [--cpus 2]

Audits the first ``--docs`` documents of ``docs.jsonl`` (without the language model
unless ``--lm``) with the local engine (``jobs=1`` and ``jobs=--cpus``) and with the
Ray engine on a local Ray of ``--cpus`` CPUs. Ray's start is timed apart (a cluster
runs already), and each engine audits 20 documents untimed first, which loads this
process's lexicons and model; the Ray engine's times still include starting its
actors, which load their own, as every run on a cluster does. On one machine Ray can
at best match the process pool; it pays off across machines.
"""

from __future__ import annotations

import argparse
import dataclasses
import logging
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from audits.config import AuditConfig
from audits.document import Document
from audits.engine import audit_documents
from bench._data import read_jsonl


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--cpus", type=int, default=2)
    parser.add_argument("--lm", action="store_true", help="score fluency with the model too")
    args = parser.parse_args()

    rows = [row for _, row in zip(range(args.docs), read_jsonl("docs.jsonl"), strict=False)]
    docs = [Document(id=str(r["id"]), text=r["text"], source=str(r["id"])) for r in rows]
    base = AuditConfig(lm=args.lm, cache=False)

    import ray

    started = time.perf_counter()
    ray.init(
        num_cpus=args.cpus,
        include_dashboard=False,
        logging_level=logging.ERROR,
        log_to_driver=False,
    )
    print(f"documents {len(docs)}, lm {args.lm}, cpus {args.cpus}")
    print(f"ray start: {time.perf_counter() - started:.1f} s (not counted below)")
    try:
        rates = {}
        for name, config in (
            ("local -j 1", base),
            (f"local -j {args.cpus}", dataclasses.replace(base, jobs=args.cpus)),
            ("ray", dataclasses.replace(base, engine="ray")),
        ):
            audit_documents(docs[: min(len(docs), 20)], config)  # load lexicons, model
            started = time.perf_counter()
            audit_documents(docs, config)
            seconds = time.perf_counter() - started
            rates[name] = len(docs) / seconds
            print(f"  {name:<12} {rates[name]:7.1f} docs/s   ({seconds:.1f} s)")
    finally:
        ray.shutdown()
    fastest_local = max(rate for name, rate in rates.items() if name != "ray")
    print(f"ray / best local: {rates['ray'] / fastest_local:.2f}x")


if __name__ == "__main__":
    main()
