"""Does the verdict carry to another year and other systems, and does that year's data help?

    MTAUDIT_BENCH_DIR=../shared/bench python bench/wmt21_docs.py
    PYTHONPATH=$PWD python bench/verdict_features.py --docs bench/.cache/wmt21_docs.jsonl
    PYTHONPATH=$PWD python bench/verdict_transfer.py

The extra set is WMT21 zh-en news (``bench/wmt21_docs.py``): machine and human
translations of the same articles, from 13 systems none of which is in the dev set under
that name and year. Two measurements, for each variant of ``bench/fit_verdict.py``:

* **out of year** — stages, regularisation and calibration fitted on the whole dev set
  (WMT22), tested on WMT21: AUC MT vs human translation, and the share of each flagged at
  the threshold that flags 2 % of dev originals in cross-validation.
* **augmented** — the dev set's grouped 5-fold CV with every WMT21 document added to every
  training fold (never to a test fold): does more MT-vs-human data from another year
  raise the dev scores?

The n-gram vocabulary always comes from the dev set alone.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import fit_verdict as fv  # noqa: E402
import verdict_cv as cv  # noqa: E402

EXTRA = ROOT / "bench" / ".cache" / "wmt21_docs.jsonl"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--extra", type=Path, default=EXTRA, help="documents in docs.jsonl's schema")
    args = ap.parse_args()
    t = fv.load_training([args.extra])
    labels, groups, b, dev, extra = t.labels, t.groups, t.blocks, t.dev, t.extra
    print(
        f"dev {t.n_dev} documents; extra {len(extra)} "
        f"({int((labels[extra] == cv.MT).sum())} MT, "
        f"{int((labels[extra] == 'human_translation').sum())} human) from {args.extra.name}"
    )
    for name, specs in fv.VARIANTS.items():
        # Extra documents are never tested, so metrics over the tested ones are dev metrics.
        dev_p = fv.run_cv(b, specs, labels, groups, t.folds(with_extra=False))
        thr = cv.threshold_at_fpr(dev_p[dev][labels[dev] == "original"])
        print(f"== {name} ==")
        print(f"  dev CV (dev only)       {cv.fmt(cv.metrics(dev_p, labels))}")
        out_p = fv.run_cv(b, specs, labels, groups, [(dev, extra)])
        held = labels[extra]
        auc = cv.auc_between(out_p[extra], held, cv.MT, "human_translation")
        flagged_mt = float(np.mean(out_p[extra][held == cv.MT] >= thr))
        flagged_h = float(np.mean(out_p[extra][held == "human_translation"] >= thr))
        print(
            f"  out of year (WMT21)     MT vs human {auc:.3f}; at the dev threshold "
            f"{thr:.2f} flags MT {flagged_mt:.2f}, human {flagged_h:.2f}"
        )
        aug_p = fv.run_cv(b, specs, labels, groups, t.folds())
        print(f"  dev CV (+WMT21 train)   {cv.fmt(cv.metrics(aug_p, labels))}")
        news = np.array([d["domain"] == "news" for d in t.docs])
        print(f"    news, dev only        {cv.fmt(cv.metrics(dev_p, labels, news))}")
        print(f"    news, +WMT21 train    {cv.fmt(cv.metrics(aug_p, labels, news))}", flush=True)


if __name__ == "__main__":
    main()
