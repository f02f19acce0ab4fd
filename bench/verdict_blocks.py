"""Feature blocks for the verdict fit, built from bench/verdict_features.py's cache with the
runtime's own feature functions (``audits.features``), so the fit sees exactly what a run
computes.

    blocks = build_blocks(docs, recs, hidden, layers)

``blocks.x[name]`` is a documents x features matrix per feature group (``len``, ``lex``,
``fw``, ``conn``, ``punct``, ``num``, ``err``, ``script``, ``rep``, ``cons``, ``ng``,
``rules``, ``lm``, ``flu``); ``blocks.names[name]`` its feature names; ``blocks.pooled``
maps (pooling, layer) to documents x hidden matrices; ``blocks.sent`` holds per-sentence
mean vectors per layer with the document each belongs to (for sentence-level probes).
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from audits.features import text_features  # noqa: E402
from audits.features.lm import (  # noqa: E402
    POOLINGS,
    SentenceLM,
    fluency_features,
    lm_features,
    pool_sentences,
)
from audits.features.markers import load_markers  # noqa: E402
from audits.features.rules import rule_features  # noqa: E402
from audits.features.text import TEXT_GROUPS  # noqa: E402
from audits.features.tokens import ngram_counts, words  # noqa: E402
from audits.segment import segment  # noqa: E402

CACHE = ROOT / "bench" / ".cache"
NGRAM_VOCAB = 300


@dataclass
class Blocks:
    x: dict[str, np.ndarray] = field(default_factory=dict)
    names: dict[str, list[str]] = field(default_factory=dict)
    pooled: dict[tuple[str, int], np.ndarray] = field(default_factory=dict)
    sent_doc: np.ndarray | None = None
    sent_vec: dict[int, np.ndarray] = field(default_factory=dict)
    layers: tuple[int, ...] = ()
    ngram_vocab: list[str] = field(default_factory=list)
    raw: dict[str, list[dict[str, float]]] = field(default_factory=dict)
    # Each document's word count as the runtime counts it (``audits.features.tokens``).
    words: np.ndarray = field(default_factory=lambda: np.zeros(0))

    def matrix(self, groups: list[str]) -> tuple[np.ndarray, list[str]]:
        mats = [self.x[g] for g in groups if g in self.x]
        names = [n for g in groups if g in self.x for n in self.names[g]]
        n_docs = next(iter(self.x.values())).shape[0]
        return (np.hstack(mats) if mats else np.zeros((n_docs, 0))), names


def doc_sentences(text: str) -> list[str]:
    return [s.text for s in segment(text).sentences]


def _code_hash() -> str:
    files = sorted((ROOT / "audits" / "features").glob("*.py"))
    files.append(ROOT / "audits" / "data" / "features" / "english_markers.toml")
    return hashlib.sha256(b"".join(p.read_bytes() for p in files)).hexdigest()[:12]


def text_rows(docs: list[dict]) -> list[dict[str, float]]:
    key = hashlib.sha256(
        json.dumps([d["id"] for d in docs]).encode() + _code_hash().encode()
    ).hexdigest()[:12]
    path = CACHE / f"vtext_{key}.json"
    if path.exists():
        return json.loads(path.read_text())
    rows = [text_features(d["text"], doc_sentences(d["text"])) for d in docs]
    CACHE.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(rows))
    return rows


def sentence_lms(rec: dict, function_words: frozenset[str]) -> list[SentenceLM]:
    return [
        SentenceLM.from_tokens(
            s["text"],
            s["lp"],
            s["rank"],
            s["uni"],
            [(a, b) for a, b in s["spans"]],
            function_words,
            score=s["score"],
            percentile=s["percentile"],
        )
        for s in rec["sentences"]
    ]


def to_matrix(rows: list[dict[str, float]], prefix: str | None = None) -> tuple[np.ndarray, list]:
    names = sorted({k for r in rows for k in r if prefix is None or k.startswith(prefix)})
    mat = np.array([[r.get(n, np.nan) for n in names] for r in rows], np.float64)
    if mat.size:
        col_mean = np.nanmean(np.where(np.isfinite(mat), mat, np.nan), axis=0)
        mat = np.where(np.isfinite(mat), mat, col_mean)
    return mat, names


def build_blocks(
    docs: list[dict],
    recs: list[dict] | None,
    hidden: list[np.ndarray] | None,
    layers: tuple[int, ...] = (),
    fitted_codes: frozenset[str] | None = None,
    vocab_docs: int | None = None,
) -> Blocks:
    """``vocab_docs``: take the n-gram vocabulary from the first so many documents only
    (the training set), so documents held out for testing do not shape it."""
    n_words = [len(words(d["text"])) for d in docs]
    b = Blocks(layers=tuple(layers), words=np.array(n_words))
    rows = text_rows(docs)
    for g in TEXT_GROUPS:
        b.x[g], b.names[g] = to_matrix(rows, g + ".")
    fw = load_markers().function_words
    counts = [ngram_counts(doc_sentences(d["text"]), fw) for d in docs]
    df: Counter[str] = Counter()
    for c, _ in counts[:vocab_docs]:
        df.update(c.keys())
    b.ngram_vocab = [g for g, _ in df.most_common(NGRAM_VOCAB)]
    b.x["ng"] = np.array(
        [[c.get(g, 0) * 100.0 / max(t, 1) for g in b.ngram_vocab] for c, t in counts]
    )
    b.names["ng"] = [f"ng.{g}" for g in b.ngram_vocab]
    if recs is None:
        return b
    rule_rows = [
        rule_features(
            [(f["code"], f["strength"]) for f in r["findings"]],
            n,
            fitted_codes,
        )
        for r, n in zip(recs, n_words, strict=True)
    ]
    b.raw["rules"] = rule_rows
    b.x["rules"], b.names["rules"] = to_matrix(rule_rows)
    lm_rows, flu_rows = [], []
    for r in recs:
        sl = sentence_lms(r, fw)
        lm_rows.append(lm_features(sl))
        flu_rows.append(fluency_features(sl))
    b.raw["lm"], b.raw["flu"] = lm_rows, flu_rows
    b.x["lm"], b.names["lm"] = to_matrix(lm_rows)
    b.x["flu"], b.names["flu"] = to_matrix(flu_rows)
    if hidden is not None and layers:
        counts_per_doc = [np.array([s["tokens"] for s in r["sentences"]]) for r in recs]
        for j, layer in enumerate(layers):
            for pooling in POOLINGS:
                b.pooled[(pooling, layer)] = np.array(
                    [
                        pool_sentences(h[:, j, :], c, pooling)
                        for h, c in zip(hidden, counts_per_doc, strict=True)
                    ],
                    np.float32,
                )
            b.sent_vec[layer] = np.concatenate(
                [
                    h[:, j, :] / np.maximum(c, 1)[:, None]
                    for h, c in zip(hidden, counts_per_doc, strict=True)
                ]
            ).astype(np.float32)
        b.sent_doc = np.concatenate(
            [np.full(len(c), i) for i, c in enumerate(counts_per_doc)]
        ).astype(np.int64)
    return b
