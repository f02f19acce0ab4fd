"""How well fluency numbers find badly translated sentences (WMT21 zh-en MQM).

    MTAUDIT_BENCH_DIR=../shared/bench python bench/fluency_mqm.py

For every MT sentence of ``sentences_mqm.jsonl``, scored without context and
with the same system's previous segment of the same document as context (when
that segment is in the set), prints Kendall tau-b and Pearson r against
``mqm_score`` (0 = no error, more negative = worse; every number is oriented so
that higher = more fluent, so a useful number correlates positively) and the
share of the bottom-decile sentences that carry a Major error, against the
base rate. Sentence length is printed as a baseline, because longer sentences
carry more errors and any sum or minimum over tokens profits from that; the
"length-controlled" column is tau within tertiles of token count, averaged.

Targets for mtaudit's sentence score: tau >= 0.2 and >= 70 % Major errors in
the bottom decile. The score has one fitted choice (the floor in nats below
which a token costs nothing); the last table re-checks it on the two halves of
the documents (split by document id) so a lucky choice would show. Surprising
spans (F602) are checked against the annotated error spans.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._data import read_jsonl


def kendall(x: np.ndarray, y: np.ndarray) -> float:
    from scipy.stats import kendalltau

    return float(kendalltau(x, y).statistic)


def pearson(x: np.ndarray, y: np.ndarray) -> float:
    return float(np.corrcoef(x, y)[0, 1])


def bottom_decile_major(x: np.ndarray, major: np.ndarray) -> float:
    order = np.argsort(x, kind="stable")
    cut = max(1, len(x) // 10)
    return float(major[order[:cut]].mean())


def length_controlled_tau(x: np.ndarray, y: np.ndarray, length: np.ndarray) -> float:
    edges = np.quantile(length, [1 / 3, 2 / 3])
    bins = np.digitize(length, edges)
    return float(np.mean([kendall(x[bins == b], y[bins == b]) for b in range(3)]))


def contexts(rows: list[dict]) -> list[str]:
    by_key = {(r["system"], r["doc_id"], r["doc_seg_id"]): r for r in rows}
    out = []
    for r in rows:
        prev = by_key.get((r["system"], r["doc_id"], r["doc_seg_id"] - 1))
        out.append(prev["target"] if prev else "")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description="fluency vs MQM")
    parser.add_argument("--limit", type=int, default=0, help="score only the first N rows")
    args = parser.parse_args()

    from audits.config import AuditConfig
    from audits.lm import load_scorer
    from audits.lm.base import ScoreRequest
    from audits.lm.stats import FluencyStats

    rows = list(read_jsonl("sentences_mqm.jsonl"))
    if args.limit:
        rows = rows[: args.limit]
    mqm = np.array([r["mqm_score"] for r in rows], dtype=float)
    major = np.array([r["n_major"] > 0 for r in rows], dtype=float)
    half = np.array([int(hashlib.sha256(r["doc_id"].encode()).hexdigest(), 16) % 2 for r in rows])
    previous = contexts(rows)

    scorer = load_scorer(AuditConfig())
    print(
        f"model {scorer.describe()['model']} ({scorer.describe()['dtype']}); {len(rows)} rows, "
        f"{major.mean():.1%} with a Major error; {sum(1 for c in previous if c)} have context"
    )
    started = time.perf_counter()
    scored = {
        "no context": scorer.score([ScoreRequest(r["target"]) for r in rows]),
        "context": scorer.score(
            [ScoreRequest(r["target"], c) for r, c in zip(rows, previous, strict=True)]
        ),
    }
    print(
        f"scored in {time.perf_counter() - started:.0f} s "
        f"({scorer.scored} by the model, {scorer.cache_hits} from the cache)\n"
    )
    tokens = np.array([f.tokens for f in scored["no context"]], dtype=float)

    numbers: dict[str, Callable] = {
        "mean log-prob": lambda f: f.mean_logprob,
        "-perplexity": lambda f: -f.perplexity,
        "SLOR (mean)": lambda f: f.slor,
        "min token log-prob": lambda f: min(t.logprob for t in f.token_scores),
        "min token SLOR": lambda f: f.min_token_slor,
        "mean of 3 lowest token SLORs": lambda f: float(np.mean(sorted(f.token_slors)[:3])),
        "-surprising-span mass (F602)": lambda f: -sum(s.mass for s in f.spans),
        "-tokens beyond rank 100": lambda f: -f.rank_buckets.get("beyond100", 0.0) * f.tokens,
        "sentence score (surprise mass)": lambda f: f.score,
    }
    header = f"{'number':34} {'context':10} {'tau':>7} {'r':>7} {'tau|len':>8} {'major@10%':>10}"
    print(header)
    print("-" * len(header))
    base = -tokens
    print(
        f"{'-tokens (length baseline)':34} {'':10} {kendall(base, mqm):7.3f} "
        f"{pearson(base, mqm):7.3f} {length_controlled_tau(base, mqm, tokens):8.3f} "
        f"{bottom_decile_major(base, major):10.1%}"
    )
    for name, get in numbers.items():
        for variant, fluencies in scored.items():
            x = np.array([get(f) for f in fluencies], dtype=float)
            print(
                f"{name:34} {variant:10} {kendall(x, mqm):7.3f} {pearson(x, mqm):7.3f} "
                f"{length_controlled_tau(x, mqm, tokens):8.3f} "
                f"{bottom_decile_major(x, major):10.1%}"
            )
    print(f"\nbase rate of Major errors: {major.mean():.1%}")

    has = np.array([bool(c) for c in previous])
    print(f"\nonly the {has.sum()} rows whose previous segment is in the set (context exists):")
    for name in ("mean log-prob", "SLOR (mean)", "sentence score (surprise mass)"):
        get = numbers[name]
        cells = []
        for variant, fluencies in scored.items():
            x = np.array([get(f) for f, h in zip(fluencies, has, strict=True) if h])
            cells.append(f"{variant}: tau {kendall(x, mqm[has]):.3f}")
        print(f"  {name:32} " + "   ".join(cells))

    print("\nsurprising spans (F602) against target-side MQM error spans (context):")
    hit = spans = tokens_in_error = all_tokens = 0
    for row, f in zip(rows, scored["context"], strict=True):
        errors = [
            (e["start"], e["end"])
            for e in row["error_spans"]
            if e["side"] == "target" and e["start"] is not None
        ]
        for span in f.spans:
            spans += 1
            hit += any(span.start < b and span.end > a for a, b in errors)
        for t in f.token_scores:
            all_tokens += 1
            tokens_in_error += any(t.start < b and t.end > a for a, b in errors)
    print(
        f"  {spans} spans in {sum(1 for f in scored['context'] if f.spans)} sentences; "
        f"{hit / max(spans, 1):.1%} overlap an error span, against "
        f"{tokens_in_error / all_tokens:.1%} of all tokens"
    )

    print("\nthe one fitted choice, the floor (nats a token may cost for free), on both halves:")
    raw_context = scorer.raw_scores(
        [ScoreRequest(r["target"], c) for r, c in zip(rows, previous, strict=True)]
    )
    stats = scorer.stats
    for floor in (0.0, 2.0, 3.0, 5.0, 7.0):
        method = replace(stats.method, floor=floor)
        variant = FluencyStats(stats.unigram, method, stats.surprise_threshold)
        x = np.array(
            [
                variant.fluency(raw, r["target"]).score
                for raw, r in zip(raw_context, rows, strict=True)
            ]
        )
        halves = "  ".join(
            f"half {h}: tau {kendall(x[half == h], mqm[half == h]):.3f} "
            f"major@10% {bottom_decile_major(x[half == h], major[half == h]):.1%}"
            for h in (0, 1)
        )
        mark = " <- used" if floor == stats.method.floor else ""
        print(
            f"  floor {floor:3.1f}: tau {kendall(x, mqm):.3f}  "
            f"major@10% {bottom_decile_major(x, major):.1%}  ({halves}){mark}"
        )


if __name__ == "__main__":
    main()
