"""Document-level features for machine vs human translation that earlier sessions did not
try (``bench/verdict_tried.py --only segments|consistency|pooling``).

Each function maps documents (or the fitted blocks' sentence vectors) to one more feature
block; ``verdict_tried.py`` adds it to the "machine?" stage and compares.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

import numpy as np
import verdict_blocks as vb

from audits.features.tokens import words

# A clause that opens after a comma with its own subject: a comma splice, or Chinese and
# Japanese clause chaining carried over by a sentence-by-sentence system.
_SPLICE = re.compile(
    r",\s+(?:he|she|it|they|we|i|you|this|that|there|these|those)\s+"
    r"(?:is|are|was|were|has|have|had|will|would|can|could|should|must|also|\w+ed|\w+s)\b",
    re.IGNORECASE,
)
_MALE = re.compile(r"\b(?:he|him|his|himself)\b", re.IGNORECASE)
_FEMALE = re.compile(r"\b(?:she|her|hers|herself)\b", re.IGNORECASE)
_TITLE_PAIR = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-Z][a-z]+ [A-Z][a-z]+)\b", re.MULTILINE)


def segment_features(text: str) -> dict[str, float]:
    """How sentences sit in the source's segments (one a line in the WMT documents): a
    human translator splits a long source sentence or merges two; a sentence-by-sentence
    system keeps one sentence a segment. And how long and chained its sentences run."""
    lines = [ln for ln in text.split("\n") if ln.strip()]
    per_line = [len(vb.doc_sentences(ln)) for ln in lines] or [1]
    sentences = vb.doc_sentences(text) or [text]
    lengths = np.array([len(words(s)) for s in sentences], np.float64)
    commas = np.array([s.count(",") + s.count("，") for s in sentences], np.float64)
    splices = sum(len(_SPLICE.findall(s)) for s in sentences)
    return {
        "seg.sentences_per_line": float(np.mean(per_line)),
        "seg.split_lines": float(np.mean([n > 1 for n in per_line])),
        "seg.splices_per_sentence": splices / len(sentences),
        "seg.commas_per_sentence": float(commas.mean()),
        "seg.max_commas": float(commas.max()),
        "seg.long_sentences": float(np.mean(lengths > 40)),
        "seg.length_cv": float(lengths.std() / max(lengths.mean(), 1.0)),
    }


def consistency_features(text: str) -> dict[str, float]:
    """Inconsistencies a sentence-by-sentence system leaves and a person does not: one
    referent's pronoun gender flipping within three sentences, one term written two ways
    (a capitalised pair also in lower case), two quote, dash or number styles."""
    sentences = vb.doc_sentences(text) or [text]
    male = [bool(_MALE.search(s)) for s in sentences]
    female = [bool(_FEMALE.search(s)) for s in sentences]
    windows = max(len(sentences) - 2, 1)
    mixed = sum(
        any(male[i : i + 3]) and any(female[i : i + 3]) for i in range(max(len(sentences) - 2, 1))
    )
    pairs = Counter(m.group(1) for m in _TITLE_PAIR.finditer(text))
    two_ways = sum(1 for p in pairs if re.search(r"(?<![A-Za-z])" + re.escape(p.lower()), text))
    quotes = [bool(re.search(r'"', text)), bool(re.search(r"[“”]", text))]
    singles = [bool(re.search(r"\b'\b", text)), bool(re.search(r"\b’\b", text))]
    dashes = [" - " in text, "—" in text, "–" in text]
    thousands = [bool(re.search(r"\d,\d{3}\b", text)), bool(re.search(r"\b\d{5,}\b", text))]
    percent = ["%" in text, bool(re.search(r"\bper ?cent\b", text, re.IGNORECASE))]
    n_words = max(len(words(text)), 1)
    return {
        "incons.gender_mixed": mixed / windows,
        "incons.term_two_ways": two_ways / max(len(pairs), 1),
        "incons.term_two_ways_per_100w": 100.0 * two_ways / n_words,
        "incons.quote_styles": float(all(quotes)),
        "incons.apostrophe_styles": float(all(singles)),
        "incons.dash_styles": float(sum(dashes) > 1),
        "incons.number_styles": float(all(thousands)) + float(all(percent)),
    }


def block(docs: list[dict], fn: Callable[[str], dict[str, float]]) -> tuple[np.ndarray, list[str]]:
    return vb.to_matrix([fn(d["text"]) for d in docs])


def pooled_variants(b: vb.Blocks, layer: int = 20) -> dict[tuple[str, int], np.ndarray]:
    """Poolings of the per-sentence mean vectors the fit does not use: their spread
    (std), and the second half of the document minus the first (drift)."""
    sent, owner = b.sent_vec[layer].astype(np.float64), b.sent_doc
    n = int(owner.max()) + 1
    std = np.zeros((n, sent.shape[1]))
    drift = np.zeros((n, sent.shape[1]))
    for d in range(n):
        s = sent[owner == d]
        std[d] = s.std(axis=0)
        half = len(s) // 2
        if half:
            drift[d] = s[half:].mean(axis=0) - s[:half].mean(axis=0)
    return {("std", layer): std, ("drift", layer): drift}
