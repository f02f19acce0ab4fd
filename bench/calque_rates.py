"""How often each calque rule and lexicon entry fires, per label of the bench set.

Reads ``docs.jsonl`` (English originals, human translations and machine
translations from cs/de/ja/ru/uk/zh) from ``$MTAUDIT_BENCH_DIR`` or
``../shared/bench`` beside the repository, and prints:

* per rule (C2xx): the share of documents it fires on for each label, and for
  machine and human translations per source language; target: <= 3 % of
  original documents for every rule;
* per entry that fired anywhere: documents per label, worst first, so entries
  that fire on English originals (which are therefore not calques) stand out;
* the detector's throughput in documents per second on one core.

With ``--mine LANG`` it instead lists word n-grams that occur in several
machine translations from LANG and in no original or human translation: leads
for new lexicon entries (most are topic words; keep only those with a real
source-language construction behind them).

    python bench/calque_rates.py [--examples N] [--all] [--mine LANG]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from audits.calque_lexicon import lexicons, matcher
from audits.config import AuditConfig
from audits.detectors.calques import Calques, find_calques
from audits.document import Document
from audits.engine import prepare
from audits.segment import segment

TARGET_ORIGINAL_RATE = 0.03
LABELS = ("original", "human_translation", "machine_translation")
SHORT = {"original": "orig", "human_translation": "human", "machine_translation": "MT"}
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")


def bench_dir() -> Path:
    env = os.environ.get("MTAUDIT_BENCH_DIR")
    if env:
        return Path(env)
    root = Path(__file__).resolve().parents[1]
    # ../shared/bench beside the repository; from a worktree nested deeper,
    # the nearest ancestor that has one.
    for base in (root.parent, *root.parent.parents):
        if (base / "shared" / "bench").is_dir():
            return base / "shared" / "bench"
    return root.parent / "shared" / "bench"


def load_docs() -> list[dict]:
    path = bench_dir() / "docs.jsonl"
    if not path.exists():
        sys.exit(f"no bench data at {path}; set MTAUDIT_BENCH_DIR")
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=3, help="contexts shown per entry")
    parser.add_argument("--all", action="store_true", help="list every entry that fired")
    parser.add_argument("--mine", metavar="LANG", help="n-grams over-represented in MT from LANG")
    args = parser.parse_args()

    docs = load_docs()
    if args.mine:
        mine(docs, args.mine)
        return
    detector = Calques()
    config = AuditConfig(lm=False)
    n_by_label = Counter(d["label"] for d in docs)
    n_by_label_lang = Counter((d["label"], d["src_lang"]) for d in docs)

    rule_docs: dict[str, Counter] = defaultdict(Counter)
    rule_docs_lang: dict[str, Counter] = defaultdict(Counter)
    entry_docs: dict[tuple[str, str], Counter] = defaultdict(Counter)
    entry_examples: dict[tuple[str, str], list[str]] = defaultdict(list)

    build_started = time.perf_counter()
    find_calques("warm up: load and compile every lexicon")
    build_seconds = time.perf_counter() - build_started

    contexts = [
        prepare(Document(id=doc["id"], text=doc["text"], source="bench"), config) for doc in docs
    ]
    started = time.perf_counter()
    for doc in docs:
        segment(doc["text"])
    segment_seconds = time.perf_counter() - started
    started = time.perf_counter()
    all_findings = [list(detector.detect(ctx)) for ctx in contexts]
    detect_seconds = time.perf_counter() - started

    for doc, findings in zip(docs, all_findings, strict=True):
        label = doc["label"]
        for code in {f.code for f in findings}:
            rule_docs[code][label] += 1
            rule_docs_lang[code][(label, doc["src_lang"])] += 1
        seen: set[tuple[str, str]] = set()
        for f in findings:
            entry_key = (f.code, f.evidence["source_phrase"])
            if entry_key not in seen:
                seen.add(entry_key)
                entry_docs[entry_key][label] += 1
            if label != "machine_translation" and len(entry_examples[entry_key]) < args.examples:
                lo, hi = max(0, f.start - 50), min(len(doc["text"]), f.end + 50)
                snippet = doc["text"][lo:hi].replace("\n", " ")
                entry_examples[entry_key].append(f"[{SHORT[label]}] …{snippet}…")

    print(f"{len(docs)} documents: " + ", ".join(f"{n_by_label[lb]} {lb}" for lb in LABELS))
    entries = sum(len(lex.entries) for lex in lexicons())
    print(
        f"{entries} lexicon entries, {len(matcher().entries_by_phrase):,} English phrases; "
        f"loading and compiling them once: {build_seconds:.2f} s"
    )
    print(
        f"calque detector: {len(docs) / detect_seconds:,.0f} docs/s on one core; "
        f"{detect_seconds / segment_seconds:.2f}x the time of sentence segmentation "
        "(a ratio, stable when the machine is busy)\n"
    )

    print("Per rule: share of documents with at least one finding")
    header = f"{'rule':6} {'orig':>7} {'human':>7} {'MT':>7}   MT by source / human by source"
    print(header)
    failing = []
    for rule in detector.rules:
        counts = rule_docs.get(rule.code, Counter())
        rates = {lb: counts[lb] / n_by_label[lb] for lb in LABELS}
        by_lang = []
        for lang in sorted({lg for _, lg in n_by_label_lang if lg != "en"}):
            mt = rule_docs_lang[rule.code][("machine_translation", lang)]
            ht = rule_docs_lang[rule.code][("human_translation", lang)]
            if mt or ht:
                by_lang.append(f"{lang} {mt}/{ht}")
        ok = rates["original"] <= TARGET_ORIGINAL_RATE
        failing += [] if ok else [rule.code]
        print(
            f"{rule.code:6} {rates['original']:7.1%} {rates['human_translation']:7.1%} "
            f"{rates['machine_translation']:7.1%}   {', '.join(by_lang) or '-'}"
            f"{'' if ok else '   <-- above target'}"
        )
    print(
        f"\ntarget: every rule fires on <= {TARGET_ORIGINAL_RATE:.0%} of original documents: "
        + ("met" if not failing else f"NOT met by {', '.join(failing)}")
    )

    print("\nPer entry (documents orig/human/MT), entries firing on originals first")
    rows = sorted(
        entry_docs.items(),
        key=lambda kv: (
            -kv[1]["original"],
            -kv[1]["human_translation"],
            -kv[1]["machine_translation"],
        ),
    )
    for (code, source), counts in rows:
        if not args.all and not counts["original"] and not counts["human_translation"]:
            continue
        print(
            f"  {code} {counts['original']:3d} {counts['human_translation']:3d} "
            f"{counts['machine_translation']:3d}  {source}"
        )
        for example in entry_examples[(code, source)]:
            print(f"        {example}")
    only_mt = [(k, c) for k, c in rows if not c["original"] and not c["human_translation"]]
    print(f"\nEntries firing on machine translation only: {len(only_mt)}")
    for (code, source), counts in only_mt:
        print(f"  {code} {counts['machine_translation']:3d}  {source}")


def mine(docs: list[dict], lang: str, sizes: tuple[int, ...] = (2, 3, 4), top: int = 60) -> None:
    """Print n-grams in >= 2 MT documents from ``lang`` and in no other document."""

    def grams(text: str) -> set[str]:
        words = _WORD.findall(text.lower())
        return {" ".join(words[i : i + n]) for n in sizes for i in range(len(words) - n + 1)}

    mt = Counter()
    elsewhere: set[str] = set()
    for doc in docs:
        found = grams(doc["text"])
        if doc["label"] == "machine_translation" and doc["src_lang"] == lang:
            mt.update(found)
        elif doc["label"] != "machine_translation":
            elsewhere |= found
    leads = [(n, g) for g, n in mt.items() if n >= 2 and g not in elsewhere]
    leads.sort(key=lambda x: (-x[0], -len(x[1].split()), x[1]))
    n_docs = sum(1 for d in docs if d["label"] == "machine_translation" and d["src_lang"] == lang)
    print(f"n-grams in >= 2 of {n_docs} MT documents from {lang} and in no original or human one:")
    for n, gram in leads[:top]:
        print(f"  {n:3d}  {gram}")


if __name__ == "__main__":
    main()
