"""How well does `mtaudit audit` tell machine translation apart, measured as users meet it.

    python bench/eval_detection.py DOCS.jsonl [-- EXTRA AUDIT ARGS, e.g. --no-lm]

Runs the installed CLI (``mtaudit audit DOCS.jsonl --format jsonl``) on any file with the
dev set's schema (``id``, ``text``, ``label`` in original / human_translation /
machine_translation, ``src_lang``, ``domain``), then prints ROC-AUC of P(machine-
translated) for MT vs original, MT vs human translation and MT vs all; TPR at 2 % FPR on
the originals; accuracy, FPR and TPR at the verdict's own threshold; source-language
accuracy on the MT documents; the same per domain and for news only; and documents per
second of the whole CLI run (model load included).

Note: on ``docs.jsonl`` itself these are training-set numbers for the packaged verdict;
``bench/fit_verdict.py`` gives the cross-validated ones.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

MT = "machine_translation"
TARGET_FPR = 0.02


def mtaudit_command() -> list[str]:
    beside = Path(sys.executable).with_name("mtaudit")
    if beside.exists():
        return [str(beside)]
    found = shutil.which("mtaudit")
    if found is None:
        raise SystemExit("mtaudit is not installed here; run `make audit` first")
    return [found]


def run_cli(docs: Path, extra: list[str]) -> tuple[dict[str, dict], float]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.jsonl"
        cmd = [*mtaudit_command(), "audit", str(docs), "--format", "jsonl", "--output", str(out)]
        t0 = time.perf_counter()
        proc = subprocess.run([*cmd, *extra], capture_output=True, text=True, env=os.environ)
        elapsed = time.perf_counter() - t0
        if proc.returncode not in (0, 1) or not out.exists():
            raise SystemExit(f"mtaudit failed ({proc.returncode}): {proc.stderr.strip()[-2000:]}")
        reports = [json.loads(line) for line in out.read_text("utf-8").splitlines() if line]
    return {r["id"]: r for r in reports}, elapsed


def auc(pos: list[float], neg: list[float]) -> float:
    """ROC-AUC as the Mann-Whitney probability that a positive outscores a negative."""
    if not pos or not neg:
        return math.nan
    wins = 0.0
    for p in pos:
        for n in neg:
            wins += 1.0 if p > n else 0.5 if p == n else 0.0
    return wins / (len(pos) * len(neg))


def tpr_at_fpr(mt: list[float], originals: list[float], fpr: float = TARGET_FPR) -> float:
    if not mt or not originals:
        return math.nan
    s = sorted(originals)
    allowed = math.floor(fpr * len(s))
    threshold = math.nextafter(s[len(s) - allowed - 1], math.inf)
    return sum(p >= threshold for p in mt) / len(mt)


def summarise(rows: list[dict]) -> str:
    by = {lab: [r["p"] for r in rows if r["label"] == lab] for lab in
          ("original", "human_translation", MT)}  # fmt: skip
    mt, orig, human = by[MT], by["original"], by["human_translation"]
    acc = sum(r["flag"] == (r["label"] == MT) for r in rows) / len(rows) if rows else math.nan
    fpr_o = _share([r["flag"] for r in rows if r["label"] == "original"])
    fpr_h = _share([r["flag"] for r in rows if r["label"] == "human_translation"])
    tpr = _share([r["flag"] for r in rows if r["label"] == MT])
    mt_rows = [r for r in rows if r["label"] == MT and r.get("src_lang")]
    lang = _share([r["lang"] == r["src_lang"] for r in mt_rows])
    answered = [r for r in mt_rows if r["lang"]]
    lang_ans = _share([r["lang"] == r["src_lang"] for r in answered])
    return (
        f"AUC orig {_f(auc(mt, orig))} human {_f(auc(mt, human))} all {_f(auc(mt, orig + human))}"
        f" | TPR@2%FPR {_f(tpr_at_fpr(mt, orig))}"
        f" | at threshold: acc {_f(acc)} TPR {_f(tpr)} FPR orig {_f(fpr_o)} human {_f(fpr_h)}"
        f" | src lang {_f(lang)} (answered {_f(_share([bool(r['lang']) for r in mt_rows]))},"
        f" right when answered {_f(lang_ans)})"
        f" | n={len(rows)} ({len(mt)} MT, {len(orig)} orig, {len(human)} human)"
    )


def _share(flags: list[bool]) -> float:
    return sum(flags) / len(flags) if flags else math.nan


def _f(x: float) -> str:
    return "  -  " if isinstance(x, float) and math.isnan(x) else f"{x:.3f}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("docs", type=Path, help="JSONL with the dev set's schema")
    ap.add_argument("extra", nargs="*", help="more `mtaudit audit` arguments (after --)")
    args = ap.parse_args()
    records = [json.loads(x) for x in args.docs.read_text("utf-8").splitlines() if x.strip()]
    reports, elapsed = run_cli(args.docs, args.extra)
    rows, errors = [], 0
    for rec in records:
        rep = reports.get(str(rec.get("id")))
        if rep is None or rep.get("status") != "ok" or not rep.get("verdict"):
            errors += 1
            continue
        v = rep["verdict"]
        rows.append(
            {
                "label": rec.get("label"),
                "domain": rec.get("domain") or "?",
                "src_lang": rec.get("src_lang"),
                "p": float(v["probability"]),
                "flag": bool(v["machine_translated"]),
                "lang": v.get("source_lang"),
            }
        )
    first = next(iter(reports.values()), {})
    verdict = first.get("verdict") or {}
    print(
        f"{args.docs.name}: {len(records)} documents, {errors} not audited; "
        f"verdict {verdict.get('method')}, threshold {verdict.get('threshold')}, "
        f"CV FPR on originals {verdict.get('false_positive_rate')}"
    )
    print(f"  all        {summarise(rows)}")
    for domain, _ in sorted(Counter(r["domain"] for r in rows).items()):
        label = "news only" if domain == "news" else domain
        print(f"  {label:10s} {summarise([r for r in rows if r['domain'] == domain])}")
    print(f"  {len(records) / elapsed:.1f} documents/s ({elapsed:.1f} s for the CLI run)")


if __name__ == "__main__":
    main()
