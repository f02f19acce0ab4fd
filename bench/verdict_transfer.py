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
import verdict_blocks as vb  # noqa: E402
import verdict_cv as cv  # noqa: E402
import verdict_features as vf  # noqa: E402

EXTRA = ROOT / "bench" / ".cache" / "wmt21_docs.jsonl"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--extra", type=Path, default=EXTRA, help="documents in docs.jsonl's schema")
    args = ap.parse_args()
    dev_docs = vf.load_docs()
    dev_recs, dev_hidden, manifest = vf.load()
    extra_docs = vf.load_docs(args.extra)
    extra_recs, extra_hidden, extra_manifest = vf.load(args.extra)
    if extra_manifest["layers"] != manifest["layers"]:
        raise SystemExit("the two feature caches pooled different layers")
    docs = dev_docs + extra_docs
    n_dev = len(dev_docs)
    labels = np.array([d["label"] for d in docs])
    groups = np.array([d["group"] for d in docs])
    codes = fv.fitted_codes(dev_recs)
    b = vb.build_blocks(
        docs,
        dev_recs + extra_recs,
        dev_hidden + extra_hidden,
        tuple(manifest["layers"]),
        codes,
        vocab_docs=n_dev,
    )
    dev = np.arange(n_dev)
    extra = np.arange(n_dev, len(docs))
    dev_split = cv.folds(labels[dev], groups[dev])
    print(
        f"dev {n_dev} documents; extra {len(extra)} "
        f"({int((labels[extra] == cv.MT).sum())} MT, "
        f"{int((labels[extra] == 'human_translation').sum())} human) from {args.extra.name}"
    )
    for name, specs in fv.VARIANTS.items():
        dev_p = fv.run_cv(b, specs, labels, groups, split=dev_split)
        thr = cv.threshold_at_fpr(dev_p[dev][labels[dev] == "original"])
        print(f"== {name} ==")
        print(f"  dev CV (dev only)       {cv.fmt(cv.metrics(dev_p, labels, _mask(dev, labels)))}")
        out_p = fv.run_cv(b, specs, labels, groups, split=[(dev, extra)])
        held = labels[extra]
        auc = cv.auc_between(out_p[extra], held, cv.MT, "human_translation")
        flagged_mt = float(np.mean(out_p[extra][held == cv.MT] >= thr))
        flagged_h = float(np.mean(out_p[extra][held == "human_translation"] >= thr))
        print(
            f"  out of year (WMT21)     MT vs human {auc:.3f}; at the dev threshold "
            f"{thr:.2f} flags MT {flagged_mt:.2f}, human {flagged_h:.2f}"
        )
        aug_split = [(np.concatenate([tr, extra]), te) for tr, te in dev_split]
        aug_p = fv.run_cv(b, specs, labels, groups, split=aug_split)
        print(f"  dev CV (+WMT21 train)   {cv.fmt(cv.metrics(aug_p, labels, _mask(dev, labels)))}")
        news = np.array([i < n_dev and docs[i]["domain"] == "news" for i in range(len(docs))])
        print(f"    news, dev only        {cv.fmt(cv.metrics(dev_p, labels, news))}")
        print(f"    news, +WMT21 train    {cv.fmt(cv.metrics(aug_p, labels, news))}", flush=True)


def _mask(idx: np.ndarray, labels: np.ndarray) -> np.ndarray:
    m = np.zeros(len(labels), bool)
    m[idx] = True
    return m


if __name__ == "__main__":
    main()
