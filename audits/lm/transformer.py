"""The transformers backend: batched, cached scoring of sentences with a causal LM.

Speed on a laptop CPU comes from doing only the work the scores need:
* rows sorted by length and batched, right-padded with an attention mask, so
  padding is small and never seen by real positions;
* ``use_cache=False`` and inference mode (no key/value cache, no autograd);
* the decoder body runs on every position, but the output layer (49,152 words
  for SmolLM2, ~20 % of the compute) only on positions that predict a sentence
  token, in chunks, with the log-softmax in fp32; context tokens and padding
  never reach it;
* the log-softmax and rank passes over the output layer's logits run as one
  compiled kernel where one is built (audits/lm/head_kernel.py);
* as many threads as usable cores (the caller may say fewer: a Ray worker runs
  on the CPUs Ray gave it); bf16 only where the CPU has native bf16.
"""

from __future__ import annotations

import contextlib
import hashlib
import operator
import sqlite3
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from audits.document import SentenceFluency
from audits.errors import LayerOutOfRangeError, UsageError
from audits.lm import head_kernel
from audits.lm.base import Progress, ScoreRequest
from audits.lm.head_kernel import HeadKernel
from audits.lm.loading import LoadedModel
from audits.lm.raw import RawScore
from audits.lm.rows import Row, Windowing, batches, encode, make_rows
from audits.lm.score_cache import ScoreCache, score_key
from audits.lm.stats import FluencyStats

# Bump when anything in this module changes the numbers it produces.
# 2: bf16 became bf16 matmuls on an fp32 residual stream (audits/lm/precision.py).
SCORER_VERSION = 2
# Rows of the output layer's input multiplied at once: bounds the logits buffer
# to HEAD_CHUNK x vocabulary floats (~25 MB for SmolLM2); 128 rows measured fastest
# (the log-softmax and rank passes stay in cache).
HEAD_CHUNK = 128
# The token that opens a document in GPT-style pretraining; SmolLM2's tokenizer
# names <|im_start|> as BOS, but that is a chat-turn token and made mean
# perplexity on news sentences 114 where <|endoftext|> made it 48.
DOCUMENT_START = "<|endoftext|>"


@dataclass(frozen=True)
class ScorerSettings:
    batch_size: int = 16
    max_batch_tokens: int = 4096
    windowing: Windowing = field(default_factory=Windowing)
    threads: int | None = None
    # auto / compiled / eager (audits/lm/head_kernel.py), and where a compiled
    # kernel is kept (None: never compiled).
    kernel: str = "auto"
    kernel_dir: Path | None = None


def check_requests(requests: Sequence[ScoreRequest]) -> None:
    """A caller's mistake is one UsageError: a list of strings failed with "'str'
    object has no attribute 'context'", a ScoreRequest(None) deep in the tokenizer."""
    # An iterator would be used up by this check and then score nothing, silently.
    if isinstance(requests, str) or not isinstance(requests, Sequence):
        raise UsageError(
            f"score takes a list of audits.lm.ScoreRequest, not {type(requests).__name__}"
        )
    for i, request in enumerate(requests):
        if not isinstance(request, ScoreRequest):
            raise UsageError(
                f"requests[{i}] is a {type(request).__name__}, not an audits.lm.ScoreRequest"
            )
        for name in ("text", "context"):
            value = getattr(request, name)
            if not isinstance(value, str):
                raise UsageError(
                    f"requests[{i}]: ScoreRequest.{name} must be a str, not {type(value).__name__}"
                )


class TransformersScorer:
    """Implements the Scorer protocol for any transformers causal LM."""

    def __init__(
        self,
        loaded: LoadedModel,
        settings: ScorerSettings | None = None,
        cache: ScoreCache | None = None,
        stats: FluencyStats | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        import torch

        self.loaded = loaded
        self.settings = settings or ScorerSettings()
        self.cache = cache
        self.stats = stats or FluencyStats()
        self._extra = dict(extra or {})
        if self.settings.threads:
            torch.set_num_threads(self.settings.threads)
        self.threads = torch.get_num_threads()
        self.model = loaded.model
        self.tokenizer = loaded.tokenizer
        self.start_id, self.start_token = _document_start(self.tokenizer)
        self._device = torch.device(loaded.device)
        self._body, self._head = _split_model(self.model)
        if self._head is not None and loaded.dtype == "bf16":
            # The output layer is a fifth of the multiplies. In bf16 it added little
            # to the distance from fp32 (token log-probs 0.043 nats (sd) from fp32's
            # against 0.031 with an fp32 output layer), at a third of the cost.
            weight, bias = self._head
            self._head = (
                weight.detach().to(torch.bfloat16),
                None if bias is None else bias.detach().to(torch.bfloat16),
            )
        self._fingerprint = self._make_fingerprint()
        # One scorer may be shared by threads (the README says so): its counters are
        # read-add-write, and two threads past the auto kernel's threshold at once
        # would each build it (15-40 s), so both go through this lock.
        self._lock = threading.Lock()
        # Told (False, then True) around a kernel build, which takes 15-40 s; the
        # engine points it at its progress display.
        self.building_kernel: Callable[[bool], None] | None = None
        self._kernel = self._choose_kernel(tokens=0)
        # Tokens sent to the model so far: auto's build bar counts a scorer's whole
        # work, since a Ray worker or a library caller scores a run a batch at a time.
        self._tokens_scored = 0
        self._auto_tried = False
        # Sentences answered from the cache / by the model, for reports and tests.
        self.cache_hits = 0
        self.scored = 0

    def _choose_kernel(self, tokens: int) -> HeadKernel:
        """The kernel for a run of ``tokens`` tokens. It is not part of the
        fingerprint: it agrees with the eager path to 1e-5 nats, ranks exactly."""
        mode, where = self.settings.kernel, self.settings.kernel_dir
        if mode == "eager":
            return HeadKernel("eager", "requested")
        if where is None or self._device.type != "cpu":
            return HeadKernel("eager", "compiled kernels are built for the cpu only")
        return head_kernel.prepare(
            mode, where, self._logits_dtype(), tokens, building=self.building_kernel
        )

    def _logits_dtype(self) -> str:
        import torch

        if self._head is not None and self._head[0].dtype == torch.bfloat16:
            return "bf16"
        return "fp32"

    def _scores(self, logits: Any, targets: Any) -> tuple[Any, Any]:
        # The compiled kernel sends what it was not built for (no rows, say) the
        # eager way itself.
        return (self._kernel.run or head_kernel.eager_scores)(logits, targets)

    @property
    def fingerprint(self) -> str:
        return self._fingerprint

    def _make_fingerprint(self) -> str:
        w = self.settings.windowing
        parts = [
            f"v{SCORER_VERSION}",
            self.loaded.model_id,
            self.loaded.weights,
            self.loaded.dtype,
            self._device.type,
            f"start={self.start_id}",
            f"win={w.max_tokens}/{w.max_context_tokens}/{w.overlap}",
        ]
        return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]

    def describe(self) -> dict[str, Any]:
        w = self.settings.windowing
        return {
            "backend": "transformers",
            "model": self.loaded.model_id,
            "origin": self.loaded.origin,
            "weights": self.loaded.weights,
            "device": self.loaded.device,
            "dtype": self.loaded.dtype,
            "threads": self.threads,
            "start_token": self.start_token,
            "window": {
                "max_tokens": w.max_tokens,
                "max_context_tokens": w.max_context_tokens,
                "overlap": w.overlap,
            },
            "batch_size": self.settings.batch_size,
            "kernel": self._kernel.mode,
            "kernel_reason": self._kernel.reason,
            "score_cache": self.cache is not None,
            "fingerprint": self.fingerprint,
            **self._extra,
        }

    # -- scoring -------------------------------------------------------------

    def score(
        self,
        requests: Sequence[ScoreRequest],
        progress: Progress | None = None,
        *,
        pool_layers: Sequence[int] = (),
    ) -> list[SentenceFluency]:
        """Scores in the order of ``requests``. ``pool_layers`` asks for per-sentence
        sums of those layers' hidden states (0 = embeddings, -1 = last layer) from the
        same forward pass; they land in ``SentenceFluency.hidden_sums``."""
        raws = self.raw_scores(requests, progress, pool_layers=pool_layers)
        return [
            self.stats.fluency(raw, r.text, r.offset, opening=r.opening)
            for raw, r in zip(raws, requests, strict=True)
        ]

    def raw_scores(
        self,
        requests: Sequence[ScoreRequest],
        progress: Progress | None = None,
        *,
        pool_layers: Sequence[int] = (),
    ) -> list[RawScore]:
        layers = self._normalise_layers(pool_layers)
        check_requests(requests)
        keys = [score_key(self.fingerprint, r.context, r.text) for r in requests]
        found = self._cached(keys, layers)
        out: list[RawScore | None] = [found.get(k) for k in keys]
        hits = sum(1 for x in out if x is not None)
        with self._lock:
            self.cache_hits += hits
        if progress and hits:
            progress(hits)
        missing = [i for i, x in enumerate(out) if x is None]
        # Score each distinct (context, sentence) once, even if a feed repeats it.
        first_of: dict[str, int] = {}
        for i in missing:
            first_of.setdefault(keys[i], i)
        unique = list(first_of.values())
        if unique:
            repeats = Counter(keys[i] for i in missing)
            fresh = self._score_uncached(
                [requests[i] for i in unique],
                layers,
                progress,
                [repeats[keys[i]] for i in unique],
            )
            by_key = {keys[i]: raw for i, raw in zip(unique, fresh, strict=True)}
            for i in missing:
                out[i] = by_key[keys[i]]
            with self._lock:
                self.scored += len(unique)
            self._store(list(by_key.items()))
        return [x if x is not None else RawScore([], [], []) for x in out]

    def _cached(self, keys: list[str], layers: tuple[int, ...]) -> dict[str, RawScore]:
        if self.cache is None or not keys:
            return {}
        try:
            return self.cache.get_many(keys, layers)
        except sqlite3.Error:
            return {}

    def _store(self, items: list[tuple[str, RawScore]]) -> None:
        if self.cache is None:
            return
        # A locked or full disk costs only a re-score next time.
        with contextlib.suppress(sqlite3.Error):
            self.cache.put_many(items)

    def _normalise_layers(self, layers: Sequence[int]) -> tuple[int, ...]:
        # Checked before anything is read: a bare 5 failed as "'int' object is not
        # iterable", a bare 0 asked for nothing and b"\x0f" was read as layer 15.
        if isinstance(layers, str | bytes) or not isinstance(layers, Iterable):
            raise LayerOutOfRangeError(
                f"pool_layers takes a sequence of layer numbers such as (-1, 15), not {layers!r}"
            )
        if not layers:
            return ()
        total = int(self.model.config.num_hidden_layers) + 1
        out = []
        for layer in layers:
            # 1.5 and "1" failed with a TypeError deep in the scorer, and True came back
            # keyed True; operator.index still takes numpy's integers.
            try:
                if isinstance(layer, bool):
                    raise TypeError
                layer = operator.index(layer)
            except TypeError:
                raise LayerOutOfRangeError(
                    f"pool_layers: layer {layer!r} is not a layer number (the model has "
                    f"{total} states: 0 to {total - 1}, or -{total} to -1 counted from the last)"
                ) from None
            index = layer + total if layer < 0 else layer
            if not 0 <= index < total:
                raise LayerOutOfRangeError(
                    f"pool_layers: layer {layer} is out of range (the model has {total} "
                    f"states: 0 to {total - 1}, or -{total} to -1 counted from the last)"
                )
            out.append(index)
        return tuple(sorted(set(out)))

    def _score_uncached(
        self,
        requests: list[ScoreRequest],
        layers: tuple[int, ...],
        progress: Progress | None,
        weights: list[int],
    ) -> list[RawScore]:
        """``weights[i]``: how many of the caller's requests request ``i`` stands for."""
        import torch

        # Torch's count is the process's (the calling thread's, for OpenMP), and a
        # scorer loaded since with another count moved it: set again here, each
        # scorer runs on the count its describe() reports.
        if torch.get_num_threads() != self.threads:
            torch.set_num_threads(self.threads)
        encoded = encode(self.tokenizer, requests)
        rows = make_rows(encoded, self.start_id, self.settings.windowing)
        per_request = [0] * len(requests)
        for row in rows:
            per_request[row.request] += 1
        results = [
            RawScore(
                logprobs=[0.0] * len(e.ids),
                ranks=[0] * len(e.ids),
                spans=list(e.spans),
                windows=max(per_request[i], 1),
            )
            for i, e in enumerate(encoded)
        ]
        sums: list[dict[int, Any]] = [{} for _ in requests]
        if progress:
            empty = sum(w for i, w in enumerate(weights) if per_request[i] == 0)
            if empty:
                progress(empty)
        remaining = list(per_request)
        self._count_tokens(sum(row.count for row in rows))
        with torch.inference_mode():
            for batch in batches(rows, self.settings.batch_size, self.settings.max_batch_tokens):
                logprobs, ranks, pooled = self._forward(batch, layers)
                done = 0
                pos = 0
                for b, row in enumerate(batch):
                    raw = results[row.request]
                    lo, hi = row.token_start, row.token_start + row.count
                    raw.logprobs[lo:hi] = logprobs[pos : pos + row.count]
                    raw.ranks[lo:hi] = ranks[pos : pos + row.count]
                    pos += row.count
                    if row.token_start == 0:
                        raw.context_tokens = row.context_tokens
                    for layer, vectors in pooled.items():
                        acc = sums[row.request]
                        acc[layer] = vectors[b] if layer not in acc else acc[layer] + vectors[b]
                    remaining[row.request] -= 1
                    if remaining[row.request] == 0:
                        done += weights[row.request]
                if progress and done:
                    progress(done)
        if layers:
            hidden = self.model.config.hidden_size
            for raw, acc in zip(results, sums, strict=True):
                # float32 arrays: python lists of floats cost 8x the memory per
                # sentence, and a feed run holds every sentence's sums at once.
                raw.hidden_sums = {
                    layer: np.asarray(acc[layer], np.float32)
                    if layer in acc
                    else np.zeros(hidden, np.float32)
                    for layer in layers
                }
        return results

    @property
    def tokens_scored(self) -> int:
        """Tokens sent to the model so far, by every thread."""
        return self._tokens_scored

    def _count_tokens(self, count: int) -> None:
        """Count ``count`` more tokens, and build the kernel auto asks for once they
        pass its threshold: in one thread, while the others go on the eager way."""
        with self._lock:
            self._tokens_scored += count
            tokens = self._tokens_scored
            build = (
                self._kernel.run is None
                and self.settings.kernel == "auto"
                and not self._auto_tried
                and tokens >= head_kernel.AUTO_BUILD_TOKENS
            )
            # Once per scorer: a build that failed without leaving its marker (a full
            # disk) is not retried on every later batch.
            self._auto_tried = self._auto_tried or build
        if build:
            # Built now: a run this big is worth the wait.
            self._kernel = self._choose_kernel(tokens)

    def _forward(
        self, batch: list[Row], layers: tuple[int, ...]
    ) -> tuple[list[float], list[int], dict[int, Any]]:
        """Log-probs and ranks of every scored token in ``batch`` (row by row), and
        per-row hidden-state sums over the scored tokens for ``layers``."""
        import torch

        width = max(len(r) for r in batch)
        ids = torch.zeros((len(batch), width), dtype=torch.long)
        mask = torch.zeros((len(batch), width), dtype=torch.long)
        for b, row in enumerate(batch):
            ids[b, : len(row)] = torch.tensor(row.ids, dtype=torch.long)
            mask[b, : len(row)] = 1
        # Position p predicts token p + 1: the scored tokens [first, first + count)
        # are predicted from positions [first - 1, first + count - 1).
        predict = torch.cat(
            [
                torch.arange(r.first - 1, r.first - 1 + r.count) + b * width
                for b, r in enumerate(batch)
            ]
        )
        targets = ids.view(-1)[predict + 1]
        ids, mask = ids.to(self._device), mask.to(self._device)
        pooled: dict[int, Any] = {}
        if self._body is not None:
            out = self._body(
                input_ids=ids,
                attention_mask=mask,
                use_cache=False,
                output_hidden_states=bool(layers),
                return_dict=True,
            )
            hidden = out.last_hidden_state
            flat = hidden.reshape(-1, hidden.shape[-1])[predict.to(self._device)]
            logprobs, ranks = self._head_scores(flat, targets.to(self._device))
            states = out.hidden_states if layers else None
        else:
            out = self.model(
                input_ids=ids,
                attention_mask=mask,
                use_cache=False,
                output_hidden_states=bool(layers),
                return_dict=True,
            )
            logits = out.logits.reshape(-1, out.logits.shape[-1])[predict.to(self._device)]
            logprobs, ranks = self._scores(logits, targets.to(self._device))
            states = out.hidden_states if layers else None
        if states is not None:
            for layer in layers:
                h = states[layer].float()
                pooled[layer] = [
                    h[b, r.first : r.first + r.count].sum(dim=0).cpu() for b, r in enumerate(batch)
                ]
        return logprobs.cpu().tolist(), ranks.cpu().tolist(), pooled

    def _head_scores(self, hidden: Any, targets: Any) -> tuple[Any, Any]:
        import torch

        weight, bias = self._head
        lps, rks = [], []
        for i in range(0, hidden.shape[0], HEAD_CHUNK):
            h = hidden[i : i + HEAD_CHUNK].to(weight.dtype)
            logits = torch.nn.functional.linear(h, weight, bias)
            lp, rk = self._scores(logits, targets[i : i + HEAD_CHUNK])
            lps.append(lp)
            rks.append(rk)
        if not lps:
            return torch.zeros(0), torch.zeros(0, dtype=torch.long)
        return torch.cat(lps), torch.cat(rks)


def _split_model(model: Any) -> tuple[Any, tuple[Any, Any] | None]:
    """(decoder body, (output weight, bias)) when the output layer is a plain linear
    map of the body's last hidden state; otherwise (None, None) and the full model
    runs (models that scale or soft-cap their logits)."""
    import torch

    config = model.config
    if any(
        getattr(config, name, None) not in (None, 1.0)
        for name in ("final_logit_softcapping", "logit_scale", "output_multiplier_scale")
    ):
        return None, None
    head = model.get_output_embeddings()
    body = getattr(model, getattr(model, "base_model_prefix", ""), None)
    if not isinstance(head, torch.nn.Linear) or body is None or body is model:
        return None, None
    return body, (head.weight, head.bias)


def _document_start(tokenizer: Any) -> tuple[int, str]:
    """The id that opens a text: <|endoftext|> where the vocabulary has it (GPT-style
    pretraining separates documents with it), else BOS, else EOS."""
    vocab = tokenizer.get_vocab()
    if DOCUMENT_START in vocab:
        return int(vocab[DOCUMENT_START]), DOCUMENT_START
    for token_id, token in (
        (tokenizer.bos_token_id, tokenizer.bos_token),
        (tokenizer.eos_token_id, tokenizer.eos_token),
    ):
        if token_id is not None:
            return int(token_id), str(token)
    return 0, tokenizer.convert_ids_to_tokens(0)
