"""What the history database buys and costs, as ratios measured in one run.

1. Reuse: audit N articles into an empty history, then the same N again. The
   second run should cost a small fraction of the first (target: under 25%,
   audit and recording together, without the language model; with the model
   the saving is far larger, since a reused document is not scored at all).
   A reused document costs a lookup and the decoding of its stored result
   (about a millisecond), so the ratio depends on what a fresh audit costs
   with the rules registered: with few, cheap rules it is not met.
2. Trend reports: a synthetic history of hourly runs over a feed where a few
   articles change each hour; prints the time to record a run, to build a
   7-day and a full-window trend, and the file size before and after pruning
   half of it.

    python bench/history_bench.py [--articles 200] [--days 14] [--per-run 60]

Needs no data outside the repository (articles are made from the sample texts).
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time
from pathlib import Path

from audits.config import AuditConfig
from audits.document import Document
from audits.durations import iso
from audits.engine import audit_documents
from audits.history import HistoryStore
from audits.sources.text import document_from_text
from audits.trend import build_trend

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = (ROOT / "samples" / "awani-lavrov-blinken.txt").read_text(encoding="utf-8")
CLEAN = (
    "The harbour ferry will run every twenty minutes again from Monday, the operator said. "
    "Crews spent the winter replacing the engines. Fares stay the same until the end of the "
    "year, and the cafÃ© on the main deck reopens with the new timetable."
)


def article(n: int, version: int = 0) -> Document:
    body = SAMPLE if n % 3 == 0 else CLEAN
    text = f"Bulletin {n} (update {version}).\n\n{body}\n\nFiled as item {n * 37 % 101}.\n"
    # Read like a text input, so the source's encoding check (S500) reports the damage.
    doc = document_from_text(text, f"feed#{n}", doc_id=f"item-{n}", keep_text=True)
    doc.url = f"https://site{n % 4}.example/{n}"
    return doc


def bench_reuse(count: int, config: AuditConfig, folder: Path) -> None:
    with HistoryStore(folder / "reuse.sqlite") as store:
        t0 = time.perf_counter()
        first = audit_documents([article(n) for n in range(count)], config, cache=store)
        t1 = time.perf_counter()
        store.record(first, config)
        t2 = time.perf_counter()
        second = audit_documents([article(n) for n in range(count)], config, cache=store)
        t3 = time.perf_counter()
        store.record(second, config)
        t4 = time.perf_counter()
    reused = sum(d.reused for d in second.documents)
    fresh, again = t1 - t0, t3 - t2
    print(f"reuse: {count} articles, {reused} reused on the second run")
    print(f"  first run  {fresh:7.3f} s audit + {t2 - t1:6.3f} s record")
    print(f"  second run {again:7.3f} s audit + {t4 - t3:6.3f} s record")
    ratio = (again + t4 - t3) / (fresh + t2 - t1)
    print(
        f"  per document: fresh audit {fresh / count * 1000:.2f} ms, "
        f"reused {again / count * 1000:.2f} ms"
    )
    print(f"  second / first (audit + record): {ratio:.2%}  (target < 25%)")


def bench_trend(days: int, per_run: int, config: AuditConfig, folder: Path) -> None:
    start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    path = folder / "trend.sqlite"
    record_times = []
    with HistoryStore(path) as store:
        versions: dict[int, int] = {}
        for hour in range(days * 24):
            # A sliding window of articles: two new ones an hour, one edited.
            first = hour * 2
            ids = range(first, first + per_run)
            versions[first + per_run // 2] = versions.get(first + per_run // 2, 0) + 1
            docs = [article(n, versions.get(n, 0)) for n in ids]
            run = audit_documents(docs, config, cache=store)
            run.started = run.finished = iso(start + dt.timedelta(hours=hour))
            t0 = time.perf_counter()
            store.record(run, config)
            record_times.append(time.perf_counter() - t0)
        rows = store.conn.execute("SELECT COUNT(*) FROM run_documents").fetchone()[0]
        size = store.size()
        end = start + dt.timedelta(days=days)
        timings = {}
        for label, since in (("7d", end - dt.timedelta(days=7)), ("all", start)):
            t0 = time.perf_counter()
            trend = build_trend(store, since=iso(since), until=iso(end))
            timings[label] = (time.perf_counter() - t0, trend["summary"]["documents"])
        t0 = time.perf_counter()
        pruned = store.prune(iso(start + dt.timedelta(days=days // 2)))
        prune_time = time.perf_counter() - t0
    print(f"trend: {days * 24} hourly runs of {per_run} articles, {rows} rows, {size / 1e6:.1f} MB")
    print(
        f"  record one run: median {sorted(record_times)[len(record_times) // 2] * 1000:.1f} ms,"
        f" last {record_times[-1] * 1000:.1f} ms"
    )
    for label, (seconds, documents) in timings.items():
        print(f"  trend {label:>3}: {seconds:6.3f} s ({documents} documents)")
    print(
        f"  prune half: {prune_time:.2f} s, {pruned.runs} runs, "
        f"{pruned.bytes_before / 1e6:.1f} MB -> {pruned.bytes_after / 1e6:.1f} MB "
        f"({pruned.bytes_after / pruned.bytes_before:.0%})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--days", type=int, default=14)
    parser.add_argument("--per-run", type=int, default=60)
    args = parser.parse_args()
    config = AuditConfig(lm=False)
    with tempfile.TemporaryDirectory() as tmp:
        bench_reuse(args.articles, config, Path(tmp))
        bench_trend(args.days, args.per_run, config, Path(tmp))


if __name__ == "__main__":
    main()
