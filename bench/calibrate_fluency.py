"""Fit the fluency data files from English-original documents of the bench set.

    MTAUDIT_BENCH_DIR=../shared/bench python bench/calibrate_fluency.py [--model M]

Writes two files under audits/data/ (fitted numbers only, no bench text):

* ``unigram_en.json``: how often each punctuation mark occurs per word-or-mark
  unit in English-original text (the part of the SLOR baseline wordfreq lacks).
* ``fluency_calibration.json``: for the model and scoring settings, percentiles
  of the sentence fluency score per length band, and of each sentence's lowest
  word SLOR, over every sentence of the English-original documents. F601 fires
  under the percentile the user picks (``fluency_percentile``) of the sentence's
  band; F602 marks words whose SLOR is below the same percentile of lowest word
  SLORs. A document's first sentence has tables of its own (``opening``), fitted
  on the documents' first sentences; the other tables leave them out.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._data import read_jsonl

DATA = Path(__file__).resolve().parents[1] / "audits" / "data"
WORD = re.compile(r"\d+(?:[.,:]\d+)+|[^\W_]+(?:['’][^\W_]+)*")
# Typographic variants the bench normalised away, counted as their ASCII form.
ALIASES = {"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "–": "-", "—": "-", "…": "."}
# Percentiles stored, fine at the low end where F601 thresholds sit.
PERCENTILES = [0, 0.5, 1, 2, 3, 4, 5, 7.5, 10, 15, 20, 25, 30, 40, 50, 60, 70, 80, 90, 95, 99, 100]
# Length bands (by token count) with their own percentile tables; first sentences
# (one a document, 187 in the bench set) get fewer, so each band keeps ~90.
BANDS = 5
OPENING_BANDS = 2


def original_docs() -> list[dict]:
    return [d for d in read_jsonl("docs.jsonl") if d["label"] == "original"]


def fit_unigram(docs: list[dict]) -> dict:
    marks: Counter[str] = Counter()
    words = 0
    for d in docs:
        text = d["text"]
        words += len(WORD.findall(text))
        for ch in WORD.sub(" ", text):
            if not ch.isspace():
                marks[ALIASES.get(ch, ch)] += 1
    total = words + sum(marks.values())
    # Marks seen fewer than 5 times share the "other" rate (their counts are noise).
    common = {m: n / total for m, n in marks.most_common() if n >= 5}
    rare = [n for n in marks.values() if n < 5]
    other = max(sum(rare) / max(len(rare), 1) / total, 1e-6)
    return {
        "about": "Unigram baseline for SLOR: punctuation rates per word-or-mark unit in "
        "English-original WMT22 documents; words use wordfreq scaled by word_share. "
        "Written by bench/calibrate_fluency.py.",
        "units": total,
        "word_share": round(words / total, 6),
        "word_floor": 1e-9,
        "punctuation": {m: round(p, 8) for m, p in common.items()},
        "aliases": ALIASES,
        "other_punctuation": round(other, 8),
    }


def sentence_requests(docs: list[dict], context_sentences: int):  # type: ignore[no-untyped-def]
    """Sentences of the documents segmented as mtaudit segments them, with context."""
    from audits.lm.context import sentence_requests
    from audits.segment import segment

    out = []
    for d in docs:
        out.extend(sentence_requests(segment(d["text"]).sentences, context_sentences))
    return out


def fit_thresholds(docs: list[dict], model: str | None, context_sentences: int) -> dict:
    from audits.config import AuditConfig
    from audits.lm import load_scorer
    from audits.lm.calibration import calibration_key
    from audits.lm.stats import word_slors

    config = AuditConfig(model=model, context_sentences=context_sentences)
    scorer = load_scorer(config)
    requests = sentence_requests(docs, context_sentences)
    started = time.perf_counter()
    scores = scorer.score(requests)
    seconds = time.perf_counter() - started
    kept = [(f, r) for f, r in zip(scores, requests, strict=True) if f.tokens]
    described = scorer.describe()
    print(
        f"scored {len(requests)} sentences of {len(docs)} English-original documents "
        f"in {seconds:.1f} s ({scorer.scored} by the model)"
    )
    lowest_word = {
        id(f): min(word_slors(f, scorer.stats.unigram, r.text, r.offset)) for f, r in kept
    }
    # A document's first sentence (mostly a headline, read with nothing before it)
    # gets tables of its own: among every sentence's, a quarter of them fell under the
    # 5th percentile.
    openings = [f for f, r in kept if r.opening]
    rest = [f for f, r in kept if not r.opening]
    opening = _tables(openings, lowest_word, OPENING_BANDS)
    return {
        "key": calibration_key(described["model"], described["weights"], context_sentences),
        "model": described["model"],
        "weights": described["weights"],
        "context_sentences": context_sentences,
        "score": described.get("score_method"),
        "dtype": described["dtype"],
        "documents": len(docs),
        "data": "WMT22 English-original documents (bench docs.jsonl, label=original)",
        "written": dt.date.today().isoformat(),
        **_tables(rest, lowest_word, BANDS),
        "opening": opening,
    }


def _tables(scored: list, lowest_word: dict[int, float], n_bands: int) -> dict:  # type: ignore[type-arg]
    """Percentile tables of the sentence score per length band (bands with equal numbers
    of sentences, so each band's low percentiles rest on as many sentences as the
    others) and of each sentence's lowest word SLOR."""
    import numpy as np

    score = np.array([f.score for f in scored])
    tokens = np.array([f.tokens for f in scored])
    limits = [int(np.quantile(tokens, q)) for q in np.arange(1, n_bands) / n_bands]
    bands = []
    lower = 0
    for upper in [*limits, None]:
        in_band = (tokens > lower) & (tokens <= upper if upper is not None else True)
        bands.append(
            {
                "max_tokens": upper,
                "sentences": int(in_band.sum()),
                "score_percentiles": _percentiles(score[in_band]),
            }
        )
        lower = upper if upper is not None else lower
    return {
        "sentences": int(score.size),
        "length_bands": bands,
        "min_word_slor_percentiles": _percentiles([lowest_word[id(f)] for f in scored]),
        "all_score_percentiles": _percentiles(score),
    }


def _percentiles(values) -> dict[str, float]:  # type: ignore[no-untyped-def]
    import numpy as np

    return {str(p): round(float(np.percentile(values, p)), 4) for p in PERCENTILES}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=None, help="model id or path (default: embedded)")
    parser.add_argument("--context-sentences", type=int, default=None)
    parser.add_argument("--skip-thresholds", action="store_true")
    args = parser.parse_args()

    docs = original_docs()
    unigram = fit_unigram(docs)
    (DATA / "unigram_en.json").write_text(json.dumps(unigram, indent=1, ensure_ascii=False) + "\n")
    print(f"wrote {DATA / 'unigram_en.json'} ({unigram['units']} units)")
    if args.skip_thresholds:
        return

    from audits.config import AuditConfig

    context = (
        args.context_sentences
        if args.context_sentences is not None
        else AuditConfig().context_sentences
    )
    entry = fit_thresholds(docs, args.model, context)
    path = DATA / "fluency_calibration.json"
    existing = json.loads(path.read_text()) if path.exists() else {"calibrations": []}
    kept = [c for c in existing["calibrations"] if c["key"] != entry["key"]]
    existing["calibrations"] = [*kept, entry]
    existing["about"] = (
        "Percentiles of mtaudit's sentence fluency score and token SLOR on English-original "
        "sentences, per model and scoring settings. Written by bench/calibrate_fluency.py."
    )
    path.write_text(json.dumps(existing, indent=1) + "\n")
    print(f"wrote {path}: {entry['key']}")
    for band in entry["length_bands"]:
        pct = band["score_percentiles"]
        print(
            f"  <= {band['max_tokens']} tokens ({band['sentences']} sentences): "
            f"p1 {pct['1']}, p5 {pct['5']}, p10 {pct['10']}, p50 {pct['50']}"
        )
    print(f"  lowest word SLOR p5 (F602 threshold): {entry['min_word_slor_percentiles']['5']}")
    opening = entry["opening"]
    print(f"  first sentences ({opening['sentences']}):")
    for band in opening["length_bands"]:
        pct = band["score_percentiles"]
        print(f"    <= {band['max_tokens']} tokens ({band['sentences']}): p5 {pct['5']}")
    print(f"    lowest word SLOR p5: {opening['min_word_slor_percentiles']['5']}")


if __name__ == "__main__":
    main()
