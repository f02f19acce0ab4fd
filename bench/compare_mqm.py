"""What a reference buys: sentence chrF/TER/BLEU against expert MQM scores (WMT21 zh-en).

Reads ``sentences_mqm.jsonl`` from the research-only bench directory (``../shared/bench``
beside the repository, or ``$MTAUDIT_BENCH_DIR``) and prints:

* Kendall tau-b of each sentence metric against ``mqm_score`` (0 = no error, more
  negative = worse), over all rows and within each source segment (the systems'
  translations of one sentence compared with each other, as metrics are used);
  next to it the fluency scorer's tau when ``audits.lm.load_scorer`` works;
* how often R701-R703 point at real errors: the share of flagged sentences with a
  Major error, against the base rate, and for R702/R703 the share of findings whose
  span overlaps an annotated error span.

    python bench/compare_mqm.py [--limit N]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
from sacrebleu.metrics import CHRF

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from audits.config import AuditConfig  # noqa: E402
from audits.errors import ModelError  # noqa: E402
from audits.lm.base import ScoreRequest  # noqa: E402
from audits.reference import compare_pairs  # noqa: E402
from audits.reference_inputs import pairs_from_jsonl  # noqa: E402
from audits.reference_records import MetricSettings  # noqa: E402


def bench_dir() -> Path:
    env = os.environ.get("MTAUDIT_BENCH_DIR")
    return Path(env) if env else ROOT.parent / "shared" / "bench"


def kendall_tau_b(x: np.ndarray, y: np.ndarray) -> float:
    """Kendall's tau-b (ties in either variable handled), by all pairs."""
    n = len(x)
    if n < 2:
        return float("nan")
    concordant = discordant = ties_x = ties_y = 0
    for i in range(n - 1):
        dx = np.sign(x[i + 1 :] - x[i])
        dy = np.sign(y[i + 1 :] - y[i])
        prod = dx * dy
        concordant += int(np.sum(prod > 0))
        discordant += int(np.sum(prod < 0))
        ties_x += int(np.sum((dx == 0) & (dy != 0)))
        ties_y += int(np.sum((dy == 0) & (dx != 0)))
    denom = np.sqrt((concordant + discordant + ties_x) * (concordant + discordant + ties_y))
    return (concordant - discordant) / denom if denom else float("nan")


def grouped_tau(groups: dict[object, list[int]], x: np.ndarray, y: np.ndarray) -> float:
    """tau-b over pairs within the same group only (pooled counts)."""
    concordant = discordant = ties_x = ties_y = 0
    for idx in groups.values():
        if len(idx) < 2:
            continue
        gx, gy = x[idx], y[idx]
        for i in range(len(idx) - 1):
            dx = np.sign(gx[i + 1 :] - gx[i])
            dy = np.sign(gy[i + 1 :] - gy[i])
            prod = dx * dy
            concordant += int(np.sum(prod > 0))
            discordant += int(np.sum(prod < 0))
            ties_x += int(np.sum((dx == 0) & (dy != 0)))
            ties_y += int(np.sum((dy == 0) & (dx != 0)))
    denom = np.sqrt((concordant + discordant + ties_x) * (concordant + discordant + ties_y))
    return (concordant - discordant) / denom if denom else float("nan")


def load_rows(limit: int | None) -> list[dict]:
    path = bench_dir() / "sentences_mqm.jsonl"
    if not path.is_file():
        sys.exit(f"missing {path}; set MTAUDIT_BENCH_DIR")
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return rows[:limit] if limit else rows


def fluency_scores(rows: list[dict]) -> tuple[np.ndarray | None, str]:
    from audits.lm import load_scorer

    try:
        scorer = load_scorer(AuditConfig())
    except ModelError as exc:
        return None, f"fluency scorer unavailable ({exc})"
    requests = [ScoreRequest(text=r["target"]) for r in rows]
    t0 = time.perf_counter()
    scores = scorer.score(requests)
    took = time.perf_counter() - t0
    name = scorer.describe().get("model", "fluency scorer")
    return np.array([s.score for s in scores], dtype=float), f"{name}, {took:.0f} s"


def overlaps(start: int, end: int, spans: list[dict]) -> bool:
    return any(
        s.get("side") == "target"
        and s.get("start") is not None
        and s["start"] < end
        and start < s["end"]
        for s in spans
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="use the first N rows only")
    parser.add_argument("--no-fluency", action="store_true", help="skip the fluency scorer")
    args = parser.parse_args()
    rows = load_rows(args.limit)
    mqm = np.array([r["mqm_score"] for r in rows], dtype=float)

    # One "document" per system and WMT document, so R701 compares a sentence with
    # the rest of the same system's translation of the same article.
    records = [
        json.dumps(
            {
                "hyp": r["target"].replace("\n", " "),
                "ref": r["reference"],
                "id": r["id"],
                "doc_id": f"{r['system']}|{r['doc_id']}",
            },
            ensure_ascii=False,
        )
        for r in rows
    ]
    t0 = time.perf_counter()
    paired = pairs_from_jsonl("\n".join(records), "sentences_mqm.jsonl")
    result = compare_pairs(paired, MetricSettings())
    took = time.perf_counter() - t0
    chrf_plus_plus = CHRF(word_order=2)

    columns = {
        "chrF": np.array([s.chrf for s in result.segments], dtype=float),
        "chrF++": np.array(
            [chrf_plus_plus.sentence_score(s.hyp, s.refs).score for s in result.segments],
            dtype=float,
        ),
        "BLEU (sentence)": np.array([s.bleu for s in result.segments], dtype=float),
        # TER is an error rate: negate it so that, like MQM, higher is better.
        "-TER": -np.array([s.ter for s in result.segments], dtype=float),
    }
    if not args.no_fluency:
        fluency, note = fluency_scores(rows)
    else:
        fluency, note = None, "fluency scorer skipped (--no-fluency)"
    if fluency is not None:
        columns["fluency (LM)"] = fluency

    groups: dict[object, list[int]] = defaultdict(list)
    for i, r in enumerate(rows):
        groups[r["seg_id"]].append(i)

    print(f"WMT21 zh-en MQM: {len(rows)} MT sentences, {len(groups)} source segments")
    print(f"compare (sentence chrF, TER, BLEU, R rules) took {took:.1f} s")
    print()
    print(f"{'metric':<18} {'tau-b all rows':>15} {'tau-b within segment':>22}")
    for name, values in columns.items():
        print(
            f"{name:<18} {kendall_tau_b(values, mqm):>15.3f} "
            f"{grouped_tau(groups, values, mqm):>22.3f}"
        )
    if fluency is None:
        print(f"{'fluency (LM)':<18} {'n/a':>15} {'n/a':>22}   {note}")
    else:
        print(f"  ({note})")

    print()
    major = np.array([r["n_major"] > 0 for r in rows])
    print(
        f"base rate: {major.mean():.1%} of sentences have a Major error; mean MQM {mqm.mean():.2f}"
    )
    print(
        f"{'rule':<6} {'findings':>9} {'sentences':>10} {'with Major':>11} {'mean MQM':>9} "
        f"{'span hits':>10}"
    )
    for code in ("R701", "R702", "R703"):
        hits = [f for f in result.findings if f.code == code]
        flagged = sorted({f.sentence for f in hits})
        if not flagged:
            print(f"{code:<6} {0:>9}")
            continue
        share = major[flagged].mean()
        mean = mqm[flagged].mean()
        span_hits = 0
        for f in hits:
            seg = result.segments[f.sentence]
            local = (f.start - seg.start, f.end - seg.start)
            span_hits += overlaps(*local, rows[f.sentence]["error_spans"])
        print(
            f"{code:<6} {len(hits):>9} {len(flagged):>10} {share:>11.1%} {mean:>9.2f} "
            f"{span_hits / len(hits):>10.1%}"
        )


if __name__ == "__main__":
    main()
