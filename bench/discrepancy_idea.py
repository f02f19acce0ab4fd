"""Machine vs human translation from zero-shot "machine text" statistics (an idea
measured and not kept: ``bench/verdict_tried.py --only discrepancy``; README "How well
it works").

    export MTAUDIT_BENCH_DIR=../shared/bench PYTHONPATH=$PWD
    python bench/discrepancy_idea.py --compute --part 0/2 &   # the LM pass, resumable:
    python bench/discrepancy_idea.py --compute --part 1/2     # ~18 min on two cores
    python bench/discrepancy_idea.py                          # the measurement, ~3 min

Raw perplexity and GLTR-style ranks are at chance for MT vs human here. These
statistics normalise each token's surprisal by what the LM itself expected at that
position, so a text that picks the likely token *relative to the position's entropy*
stands out (the hypothesis: beam-search MT does that more often than a translator):

- Fast-DetectGPT's analytic sampling discrepancy: per token ``mu_t = sum_v p_v log p_v``
  and ``var_t = sum_v p_v (log p_v)^2 - mu_t^2``; per document
  ``(sum_t log p(x_t) - sum_t mu_t) / sqrt(sum_t var_t)``;
- single-model Binoculars: mean token NLL / mean predictive entropy;
- the per-token ``z = (log p - mu) / sqrt(var)``: mean, 10th/25th/75th/90th percentiles,
  the share of tokens with ``log p > mu``;
- per sentence (the runtime's segmentation, tokens mapped by their character spans):
  each sentence's discrepancy and Binoculars ratio, their mean, spread and extremes.

The product's default model (SmolLM2, built by ``audits.lm.factory.build_scorer`` with
its dtype choice: bf16 matmuls where the CPU has them) reads each document once: a
512-token window, ``<|endoftext|>`` (as the scorer opens a text) and the document's first
511 tokens, ``use_cache=False``,
the output layer and the vocabulary sums run in chunks on the real positions only, the
sums in fp32. Per-token arrays are cached per document under
``bench/.cache/discrepancy/`` (gitignored; an interrupted run resumes).

Measured like ``bench/sentence_encoder_idea.py`` (``fit_verdict.run_cv``: a
"translated?" and a "machine?" stage under the calibrated, length-scaled stack, grouped
5-fold CV, the WMT21 documents joining every training fold): each feature alone (AUC of
the raw feature, MT vs original and MT vs human, dev set), all together as a model, the
no-LM text groups alone and with them; over four fold seeds, stopping at the first seed
short of ``KEEP_GAIN`` over the text groups; and out of year (fitted on the dev set,
tested on the WMT21 documents).

Measured (682 dev + 197 WMT21 documents): each feature alone MT vs human 0.47-0.55
(WMT21 0.47-0.57), all together 0.485 (out of year 0.449), beside the text groups 0.674
against their 0.670 (out of year 0.590 against 0.592): stopped at the first fold seed.
The discrepancy's direction turns with the source language (0.61-0.64 on de and zh,
0.39-0.41 on ja and uk), so no one sign carries over.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import sentence_encoder_idea as sei  # noqa: E402
import verdict_blocks as vb  # noqa: E402
import verdict_cv as cv  # noqa: E402
import verdict_features as vf  # noqa: E402

from audits.segment import segment  # noqa: E402

OUT = vf.CACHE / "discrepancy"
VERSION = "disc/1"
# The scorer's window: <|endoftext|> and 511 tokens of the document.
MAX_TOKENS = 512
# Positions whose vocabulary sums are taken at once: bounds the fp32 logits buffer.
HEAD_CHUNK = 128
PAD_TO = 128


def doc_file(out: Path, text: str) -> Path:
    return out / f"{hashlib.sha256(text.encode()).hexdigest()[:16]}.npz"


def token_arrays(scorer, text: str) -> dict[str, np.ndarray]:  # type: ignore[no-untyped-def]
    """Per scored token of ``text``: log p of the token, mu, var (the model's own
    expectation and spread of log p at that position) and its character span."""
    import torch

    enc = scorer.tokenizer(text, add_special_tokens=False, return_offsets_mapping=True)
    ids = [scorer.start_id, *enc["input_ids"][: MAX_TOKENS - 1]]
    spans = np.array(enc["offset_mapping"][: MAX_TOKENS - 1], np.int32).reshape(-1, 2)
    # Right-padded to a multiple of PAD_TO so the CPU kernels meet a few shapes, not one
    # per document (each new shape cost seconds); a causal model's real positions never
    # see the padding after them, and the padded positions are dropped.
    width = -(-len(ids) // PAD_TO) * PAD_TO
    x = torch.tensor([ids + [scorer.start_id] * (width - len(ids))], dtype=torch.long)
    weight, bias = scorer._head
    with torch.inference_mode():
        hidden = scorer._body(input_ids=x, use_cache=False, return_dict=True).last_hidden_state
        hidden = hidden[0, : len(ids) - 1]  # position t predicts token t + 1
        targets = x[0, 1 : len(ids)]
        lp, mu, var = [], [], []
        for i in range(0, hidden.shape[0], HEAD_CHUNK):
            h = hidden[i : i + HEAD_CHUNK].to(weight.dtype)
            logp = torch.log_softmax(torch.nn.functional.linear(h, weight, bias).float(), -1)
            p = logp.exp()
            m = (p * logp).sum(-1)
            lp.append(logp.gather(1, targets[i : i + HEAD_CHUNK, None])[:, 0])
            mu.append(m)
            var.append(((p * logp * logp).sum(-1) - m * m).clamp(min=0.0))
    return {
        "lp": torch.cat(lp).numpy(),
        "mu": torch.cat(mu).numpy(),
        "var": torch.cat(var).numpy(),
        "spans": spans,
    }


def compute(docs: list[dict], part: int = 0, parts: int = 1) -> Path:
    """Score every ``parts``-th document not yet cached, from the ``part``-th on (so
    several processes can share the work); returns the cache folder."""
    from audits.lm.factory import build_scorer

    # One thread: on a machine shared with other jobs, two threads waited on each other
    # at every barrier and a 512-token forward took 30-40 s instead of 3.5 s.
    scorer = build_scorer(vf.config(), threads=1)
    key = hashlib.sha256(
        json.dumps([VERSION, scorer.fingerprint, MAX_TOKENS]).encode()
    ).hexdigest()[:12]
    out = OUT / key
    out.mkdir(parents=True, exist_ok=True)
    todo = [d for d in docs[part::parts] if not doc_file(out, d["text"]).exists()]
    t0, tokens = time.time(), 0
    for n, d in enumerate(todo, 1):
        arrays = token_arrays(scorer, d["text"])
        tokens += len(arrays["lp"])
        path = doc_file(out, d["text"])
        tmp = path.with_suffix(".tmp")
        with tmp.open("wb") as fh:
            np.savez(fh, **arrays)
        os.replace(tmp, path)  # whole or absent: a killed run resumes cleanly
        if n % 25 == 0 or n == len(todo):
            print(
                f"{n}/{len(todo)} documents, {tokens / (time.time() - t0):.0f} tok/s",
                file=sys.stderr,
                flush=True,
            )
    return out


def latest() -> Path:
    found = sorted(OUT.glob("*/"), key=lambda p: p.stat().st_mtime, reverse=True)
    if not found:
        raise SystemExit("no discrepancy cache: run bench/discrepancy_idea.py --compute")
    return found[0]


# The document features measured, in the order of their columns.
FEATURES = (
    "disc",  # Fast-DetectGPT: (sum log p - sum mu) / sqrt(sum var)
    "disc_per_token",  # the same over sqrt(tokens): comparable across lengths
    "binoculars",  # mean NLL / mean entropy
    "z_mean",
    "z_p10",
    "z_p25",
    "z_p75",
    "z_p90",
    "above_mu",  # share of tokens with log p > mu
    "sent_disc_mean",
    "sent_disc_std",
    "sent_disc_min",
    "sent_disc_max",
    "sent_binoculars_mean",
    "sent_binoculars_std",
)
# Only for reference beside them: raw perplexity and entropy, at chance here before.
REFERENCE = ("mean_logprob", "mean_entropy")
# A sentence with fewer scored tokens says too little about itself.
MIN_SENTENCE_TOKENS = 3


def discrepancy(lp: np.ndarray, mu: np.ndarray, var: np.ndarray) -> float:
    return float((lp.sum() - mu.sum()) / np.sqrt(max(float(var.sum()), 1e-9)))


def binoculars(lp: np.ndarray, mu: np.ndarray) -> float:
    return float(lp.mean() / mu.mean())  # (-mean log p) / (-mean sum p log p)


def features(text: str, a: dict[str, np.ndarray]) -> dict[str, float]:
    lp, mu, var = (a[k].astype(np.float64) for k in ("lp", "mu", "var"))
    z = (lp - mu) / np.sqrt(np.maximum(var, 1e-6))
    out = {
        "disc": discrepancy(lp, mu, var),
        "disc_per_token": discrepancy(lp, mu, var) / np.sqrt(len(lp)),
        "binoculars": binoculars(lp, mu),
        "z_mean": float(z.mean()),
        "above_mu": float(np.mean(lp > mu)),
        "mean_logprob": float(lp.mean()),
        "mean_entropy": float(-mu.mean()),
    }
    for q in (10, 25, 75, 90):
        out[f"z_p{q}"] = float(np.percentile(z, q))
    # Tokens to the runtime's sentences by where they start; sentences past the
    # 512-token window get none and are left out.
    starts = a["spans"][:, 0]
    disc, bino = [], []
    for s in segment(text).sentences:
        m = (starts >= s.start) & (starts < s.end)
        if m.sum() >= MIN_SENTENCE_TOKENS:
            disc.append(discrepancy(lp[m], mu[m], var[m]))
            bino.append(binoculars(lp[m], mu[m]))
    if disc:
        out |= {
            "sent_disc_mean": float(np.mean(disc)),
            "sent_disc_std": float(np.std(disc)),
            "sent_disc_min": float(np.min(disc)),
            "sent_disc_max": float(np.max(disc)),
            "sent_binoculars_mean": float(np.mean(bino)),
            "sent_binoculars_std": float(np.std(bino)),
        }
    return out


def feature_matrix(docs: list[dict], where: Path) -> np.ndarray:
    """Documents x (FEATURES + REFERENCE); a feature a document lacks (no sentence of
    three tokens) takes the column's mean."""
    rows = []
    for d in docs:
        path = doc_file(where, d["text"])
        if not path.exists():
            raise SystemExit(f"{path} missing: run bench/discrepancy_idea.py --compute")
        with np.load(path) as z:
            f = features(d["text"], {k: z[k] for k in z.files})
        rows.append([f.get(k, np.nan) for k in (*FEATURES, *REFERENCE)])
    x = np.array(rows, np.float64)
    return np.where(np.isfinite(x), x, np.nanmean(x, axis=0))


def measure(keep_gain: float, n_seeds: int = 4) -> None:
    """Each feature's own AUC (dev set, and the WMT21 documents), then the features as a
    model alone and beside the no-LM text groups (``sentence_encoder_idea.beside_text``)."""
    docs = vf.load_docs()
    n_dev = len(docs)
    if vf.WMT21_DOCS.exists():
        docs += vf.load_docs(vf.WMT21_DOCS)
    labels = np.array([d["label"] for d in docs])
    groups = np.array([d["group"] for d in docs])
    dev, extra = np.arange(n_dev), np.arange(n_dev, len(docs))
    x = feature_matrix(docs, latest())
    print(f"{n_dev} dev documents (+{len(extra)} WMT21)")
    print("feature alone (AUC, higher = MT):  dev MT vs original, MT vs human; WMT21 MT vs human")
    for j, name in enumerate((*FEATURES, *REFERENCE)):
        col = x[:, j]
        print(
            f"  {name:22s} {cv.auc_between(col[dev], labels[dev], cv.MT, 'original'):.3f}  "
            f"{cv.mt_vs_human(col[dev], labels[dev]):.3f}   "
            f"{cv.mt_vs_human(col[extra], labels[extra]):.3f}",
            flush=True,
        )
    # Per source language (a group's originals are English, so a language's documents
    # are the groups holding a translation from it): a sign that turns would cancel out.
    src = np.array([d["src_lang"] for d in docs])
    by_lang = []
    for lang in sorted(set(src[dev]) - {"en"}):
        m = np.isin(groups[dev], groups[dev][src[dev] == lang])
        by_lang.append(f"{lang} {cv.mt_vs_human(x[dev][m, 0], labels[dev][m]):.2f}")
    print(f"  disc MT vs human per source language: {', '.join(by_lang)}", flush=True)
    b = vb.build_blocks(docs, None, None, vocab_docs=n_dev)
    n = len(FEATURES)
    b.x["disc"], b.names["disc"] = x[:, :n], [f"disc.{f}" for f in FEATURES]
    b.x["disc.doc"], b.names["disc.doc"] = x[:, :3], [f"disc.{f}" for f in FEATURES[:3]]
    ideas = {"discrepancy (all)": ("disc",), "disc+binoculars": ("disc.doc",)}
    sei.beside_text(b, labels, groups, dev, extra, ideas, keep_gain, n_seeds)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--compute", action="store_true", help="only the LM pass (resumable)")
    ap.add_argument(
        "--part", default="0/1", help="with --compute: PART/PARTS, this process's share"
    )
    ap.add_argument("--seeds", type=int, default=4, help="fold seeds (1-4)")
    args = ap.parse_args()
    if args.compute:
        docs = vf.load_docs()
        if vf.WMT21_DOCS.exists():
            docs += vf.load_docs(vf.WMT21_DOCS)
        part, parts = (int(n) for n in args.part.split("/"))
        print(compute(docs, part, parts))
        return
    measure(cv.KEEP_GAIN, args.seeds)


if __name__ == "__main__":
    main()
