"""Does the LM gain less from context on MT than on human text? (Issue 5, idea check.)

MT systems translate sentence by sentence, so a document's second sentence might follow
less predictably from its first in MT than in a human translation. This scores each
document's second sentence without context and compares with its score after the first
sentence (from the ``full`` pass of bench/verdict_lm_cache.py), then prints the mean gain
per label and its AUC.

    PYTHONPATH=$PWD /work/main/.venv/bin/python bench/context_gain.py

Measured on the dev set (681 documents): mean gain 1.00 nats/token MT, 1.01 human,
0.83 original; AUC MT vs human 0.48, MT vs original 0.54 - no usable signal.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import fit_verdict as fv  # noqa: E402
import verdict_lm_cache as lmc  # noqa: E402

MAX_TOKENS = 64


def second_sentence_scores(rows: Path) -> dict[int, np.ndarray]:
    """No-context log-probs of each document's second sentence (same token ids as in the
    full pass, so only the context differs)."""
    import torch

    z = np.load(rows)
    tokens, lens, spans, sent_meta = z["tokens"], z["lens"], z["spans_full"], z["sent_meta"]
    starts = np.concatenate([[0], np.cumsum(lens)[:-1]])
    items = []
    for r, g, a, b in spans:
        if sent_meta[g, 1] == 1:
            seq = tokens[starts[r] : starts[r] + lens[r]]
            items.append((int(g), [0, *seq[a:b][:MAX_TOKENS].tolist()]))
    items.sort(key=lambda t: len(t[1]))
    model = lmc.load_model(None, "cpu")
    emb = model.get_input_embeddings().weight
    out: dict[int, np.ndarray] = {}
    with torch.inference_mode():
        for k in range(0, len(items), 48):
            batch = items[k : k + 48]
            width = max(len(s) for _, s in batch)
            ids = torch.zeros((len(batch), width), dtype=torch.long)
            mask = torch.zeros_like(ids)
            for j, (_, s) in enumerate(batch):
                ids[j, : len(s)] = torch.tensor(s)
                mask[j, : len(s)] = 1
            hs = model.model(input_ids=ids, attention_mask=mask, use_cache=False)
            for j, (g, s) in enumerate(batch):
                n = len(s) - 1
                logits = hs.last_hidden_state[j, :n] @ emb.T
                true = torch.tensor(s[1:])
                lp = logits[torch.arange(n), true] - torch.logsumexp(logits, -1)
                out[g] = lp.numpy()
    return out


def main() -> None:
    rows = fv.find_lm_cache()
    if rows is None:
        raise SystemExit("run bench/verdict_lm_cache.py first")
    docs = lmc.load_docs()
    labels = np.array([d["label"] for d in docs])
    lm = lmc.load(rows)
    doc_of = np.load(rows)["sent_meta"][:, 0]
    gain = np.full(len(docs), np.nan)
    for g, nc in second_sentence_scores(rows).items():
        full = lm["full_lp"][g][: len(nc)]
        gain[doc_of[g]] = float(full.mean() - nc.mean())
    ok = ~np.isnan(gain)
    for lab in ("machine_translation", "human_translation", "original"):
        print(f"  {lab:20s} mean gain {np.mean(gain[ok & (labels == lab)]):.3f} nats/token")
    mt = "machine_translation"
    print(
        f"  AUC MT vs human {fv.auc_between(gain[ok], labels[ok], mt, 'human_translation'):.3f}"
        f"  MT vs original {fv.auc_between(gain[ok], labels[ok], mt, 'original'):.3f}"
    )


if __name__ == "__main__":
    main()
