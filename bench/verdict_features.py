"""What the product computes for every dev document, cached for bench/fit_verdict.py.

    PYTHONPATH=$PWD /work/main/.venv/bin/python bench/verdict_features.py [--limit N] [--docs F]

Each document of ``docs.jsonl`` is read the way ``mtaudit audit DOCS.jsonl`` reads it
(``audits.sources.jsonl.document_from_record``), segmented, LM-scored by the runtime
scorer in its default context mode (one preceding sentence), asking for per-sentence
hidden-state sums of ``LAYERS``, then every selected rule runs (``engine.analyse``, so
F601/F602 see the scores). Whole documents, every sentence.

Per document it keeps the findings (code, strength, source language hints), per sentence
the fluency numbers (tokens, score, percentile, SLOR, rank buckets, per-token log-prob,
rank and unigram log-prob, token spans) and the hidden-state sums. Chunks of documents
land in ``bench/.cache/verdict_features/<key>/`` (gitignored), so an interrupted run
resumes; the scorer's own score cache (``bench/.cache/lm``) makes a rerun after a rule
change cost only the rules. ``load()`` gives everything back as plain Python/numpy.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from audits.config import AuditConfig  # noqa: E402
from audits.engine import analyse, check_config_codes, prepare  # noqa: E402
from audits.lm import load_scorer  # noqa: E402
from audits.lm.context import score_contexts  # noqa: E402
from audits.sources.jsonl import document_from_record  # noqa: E402

CACHE = ROOT / "bench" / ".cache"
OUT = CACHE / "verdict_features"
# The WMT21 documents ``bench/wmt21_docs.py`` writes (an extra, later-year set).
WMT21_DOCS = CACHE / "wmt21_docs.jsonl"
# Every second layer of SmolLM2-135M's 30 (0 = the embeddings: a bag of words, so left out).
LAYERS = tuple(range(2, 31, 2))
CHUNK = 40
VERSION = "vf/1"


def bench_dir() -> Path:
    import os

    env = os.environ.get("MTAUDIT_BENCH_DIR")
    if env:
        return Path(env)
    for base in (ROOT.parent, ROOT.parent.parent):
        if (base / "shared" / "bench" / "docs.jsonl").exists():
            return base / "shared" / "bench"
    return ROOT.parent / "shared" / "bench"


def load_docs(path: Path | None = None) -> list[dict]:
    path = path or bench_dir() / "docs.jsonl"
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def config() -> AuditConfig:
    return AuditConfig(cache_dir=str(CACHE / "lm"))


def run_key(
    docs_path: Path, scorer_fingerprint: str, layers: tuple[int, ...], calibration: object
) -> str:
    # The calibration places sentences (percentiles, F601, F602), which the features
    # read: a new one must not reuse features computed under the old.
    parts = [VERSION, sha256_file(docs_path), scorer_fingerprint, list(layers), CHUNK, calibration]
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()[:12]


def audited_record(ctx, selected: frozenset[str]) -> tuple[dict, np.ndarray]:  # type: ignore[no-untyped-def]
    """``doc_record`` of a scored document's audit. ``analyse`` lets go of the hidden sums
    and the token scores once the verdict has read them, so both are taken first: read
    from its result, every sentence's lp/rank/uni/spans came out empty and a refit lost
    every LM token feature the runtime verdict reads."""
    sums = {i: f.hidden_sums for i, f in ctx.fluency.items()}
    tokens = {i: f.token_scores for i, f in ctx.fluency.items()}
    return doc_record(analyse(ctx, selected), sums, tokens)


def doc_record(audit, sums: dict[int, dict], tokens: dict[int, list]) -> tuple[dict, np.ndarray]:  # type: ignore[no-untyped-def]
    """One audited document as JSON-able data, and its sentences' hidden sums. ``sums``
    (sentence index -> layer -> sum) and ``tokens`` (sentence index -> token scores) are
    taken before ``analyse``, which drops them (``audited_record``)."""
    sents = []
    hid = []
    for s in audit.sentences:
        f = audit.fluency.get(s.index)
        if f is None or f.tokens == 0:
            continue
        scores = tokens[s.index]
        sents.append(
            {
                "index": s.index,
                "text": s.text,
                "tokens": f.tokens,
                "score": f.score,
                "percentile": f.percentile,
                "low": f.low,
                "slor": f.slor,
                "mean_logprob": f.mean_logprob,
                "min_token_slor": f.min_token_slor,
                "context_tokens": f.context_tokens,
                "rank_buckets": f.rank_buckets,
                "lp": [round(t.logprob, 5) for t in scores],
                "rank": [t.rank for t in scores],
                "uni": [round(t.unigram_logprob, 5) for t in scores],
                "spans": [[t.start - s.start, t.end - s.start] for t in scores],
            }
        )
        hid.append(np.array([sums[s.index][layer] for layer in LAYERS], np.float32))
    findings = [
        {
            "code": f.code,
            "start": f.start,
            "end": f.end,
            "strength": f.strength,
            "source_lang": f.source_lang,
            "source_langs": (f.evidence or {}).get("source_langs"),
            "sentence": f.sentence,
        }
        for f in audit.findings
    ]
    rec = {
        "id": audit.document.id,
        "status": audit.status,
        "n_sentences": len(audit.sentences),
        "sentences": sents,
        "findings": findings,
    }
    hidden = np.stack(hid) if hid else np.zeros((0, len(LAYERS), 576), np.float32)
    return rec, hidden


def compute(limit: int | None = None, docs_path: Path | None = None) -> Path:
    docs_path = docs_path or bench_dir() / "docs.jsonl"
    docs = load_docs(docs_path)[:limit] if limit else load_docs(docs_path)
    cfg = config()
    selected = check_config_codes(cfg)
    t0 = time.time()
    scorer = load_scorer(cfg)
    print(f"model loaded in {time.time() - t0:.1f}s", file=sys.stderr)
    key = run_key(docs_path, scorer.fingerprint, LAYERS, scorer.describe().get("calibration"))
    out = OUT / key
    out.mkdir(parents=True, exist_ok=True)
    (out / "manifest.json").write_text(
        json.dumps(
            {
                "version": VERSION,
                "docs_sha256": sha256_file(docs_path),
                "n_docs": len(docs),
                "layers": list(LAYERS),
                "chunk": CHUNK,
                "lm": scorer.describe(),
                "context_sentences": cfg.context_sentences,
            },
            indent=1,
        )
    )
    tokens_done = 0
    t_start = time.time()
    for c in range(0, len(docs), CHUNK):
        path = out / f"chunk_{c // CHUNK:03d}.json"
        if path.exists():
            continue
        batch = docs[c : c + CHUNK]
        contexts = [
            prepare(document_from_record(d, f"{docs_path.name}:{c + i + 1}"), cfg)
            for i, d in enumerate(batch)
        ]
        t1 = time.time()
        for ctx, fluency in zip(
            contexts, score_contexts(scorer, contexts, cfg, pool_layers=LAYERS), strict=True
        ):
            ctx.fluency = fluency
        t_lm = time.time() - t1
        recs, hids = [], []
        for ctx in contexts:
            rec, hid = audited_record(ctx, selected)
            recs.append(rec)
            hids.append(hid)
        n_tok = sum(s["tokens"] for r in recs for s in r["sentences"])
        tokens_done += n_tok
        np.save(out / f"chunk_{c // CHUNK:03d}_hidden.npy", np.concatenate(hids))
        path.write_text(json.dumps(recs))
        print(
            f"docs {c + len(batch)}/{len(docs)}: {n_tok} tokens in {t_lm:.0f}s "
            f"({n_tok / max(t_lm, 1e-9):.0f} tok/s scored), total {time.time() - t_start:.0f}s",
            file=sys.stderr,
            flush=True,
        )
    (out / "done").write_text("ok")
    return out


def latest(docs_path: Path | None = None) -> Path | None:
    """The newest finished cache computed from ``docs_path`` (default: the dev set)."""
    digest = sha256_file(docs_path or bench_dir() / "docs.jsonl")
    done = sorted(OUT.glob("*/done"), key=lambda p: p.stat().st_mtime, reverse=True)
    for marker in done:
        manifest = json.loads((marker.parent / "manifest.json").read_text())
        if manifest.get("docs_sha256") == digest:
            return marker.parent
    return None


def load(docs_path: Path | None = None) -> tuple[list[dict], list[np.ndarray], dict]:
    """(records in the documents' order, per-document [sentences, layers, hidden] arrays,
    manifest) for ``docs_path`` (default: the dev set)."""
    path = latest(docs_path)
    if path is None:
        raise SystemExit(
            f"no feature cache for {docs_path or 'docs.jsonl'}; run bench/verdict_features.py"
        )
    manifest = json.loads((path / "manifest.json").read_text())
    recs: list[dict] = []
    hidden: list[np.ndarray] = []
    for chunk in sorted(path.glob("chunk_*[0-9].json")):
        part = json.loads(chunk.read_text())
        arr = np.load(chunk.with_name(chunk.stem + "_hidden.npy"))
        pos = 0
        for r in part:
            n = len(r["sentences"])
            recs.append(r)
            hidden.append(arr[pos : pos + n])
            pos += n
    return recs, hidden, manifest


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument(
        "--docs", type=Path, default=None, help="documents in docs.jsonl's schema (default: dev)"
    )
    args = ap.parse_args()
    print(compute(args.limit, args.docs))


if __name__ == "__main__":
    main()
