"""bf16 matrix multiplies with the rest of the model left in fp32.

Casting a whole model to bf16 rounds the residual stream to 8 significant bits
after every layer, and the rounding adds up over 30 layers. On 200 news
sentences (SmolLM2-135M, against fp32) token log-probs then moved by 0.27 nats
(standard deviation), the sentence mean log-prob dropped by 0.058 nats per token
and the lowest word SLOR of a sentence, which F602 and the sentence score read,
by 0.61 on average (Pearson 0.95). Every threshold calibrated in fp32 would have
been off.

Only the weight matrices need bf16 for the speed: the matmuls are where the
time goes, and a CPU with avx512_bf16 runs them about 3.5x faster than fp32.
So each linear layer keeps a bf16 copy of its weights, rounds its input to bf16
and hands back fp32; norms, residual additions, attention and the activation
functions stay in fp32. Against fp32 that moved token log-probs by 0.04 nats,
the sentence mean by 0.003 nats per token (Pearson 0.99994) and the lowest word
SLOR by 0.013 (Pearson 0.9997).

Running whole attention and feed-forward blocks in bf16 on the fp32 stream was
6 % faster but moved the seed's sentence means by up to 0.12 nats a token,
against 0.015 this way (0.55 with the model cast whole).
"""

from __future__ import annotations

import weakref
from typing import Any

import torch


class LastInputCast:
    """The bf16 copy of the last input a module's Bf16Linears rounded, shared by them.

    Several linear layers read the same tensor (a Llama layer's q, k and v
    projections read the normed stream, its gate and up projections the normed
    stream again), and rounding it once per linear layer made 7 copies a layer
    where 4 hold the same values; the roundings in and out of the linear layers were
    the largest item in a profile on an AMX Xeon. The copy is handed out again
    only for the very same tensor object (a weak reference, so a freed tensor's id
    cannot match); the slot is emptied when its input is freed, so the copy does not
    outlive it, and a bf16 input, which ``to`` hands back as itself, is not kept, so
    it is not kept alive by its own slot. Rounding the same values
    gives the same bf16 values, so the numbers are exactly those of one copy per
    layer. A tensor changed in place between two of its linear layers would get the
    stale copy, but no trainable model does that: autograd refuses to backpropagate
    through a linear layer whose saved input was changed in place; and each module
    has its own, so the risk stays within one module's forward."""

    def __init__(self) -> None:
        # (weak reference to the input, its bf16 copy), replaced whole so a thread
        # reads one consistent pair; another thread's pair is only a miss.
        self._last: tuple[weakref.ref[torch.Tensor], torch.Tensor] | None = None

    def __call__(self, x: torch.Tensor) -> torch.Tensor:
        last = self._last
        if last is not None and last[0]() is x:
            return last[1]
        rounded = x.to(torch.bfloat16)
        if rounded is not x:
            self._last = (weakref.ref(x, self._forget), rounded)
        return rounded

    def __getstate__(self) -> dict[str, Any]:
        # A weak reference cannot be pickled, and a copy has none of the inputs.
        return {**self.__dict__, "_last": None}

    def _forget(self, freed: weakref.ref[torch.Tensor]) -> None:
        # Only our own pair: another thread may have stored a newer one since.
        last = self._last
        if last is not None and last[0] is freed:
            self._last = None


class Bf16Linear(torch.nn.Module):
    """A linear layer that multiplies in bf16 and reads and writes the caller's dtype.
    ``weight`` is (out, in), as torch.nn.Linear stores it; ``rounding``, where given,
    is the ``LastInputCast`` shared with its sibling layers."""

    def __init__(
        self,
        weight: torch.Tensor,
        bias: torch.Tensor | None,
        rounding: LastInputCast | None = None,
    ) -> None:
        super().__init__()
        self._rounding = rounding
        self.out_features, self.in_features = weight.shape
        self.weight = torch.nn.Parameter(weight.detach().to(torch.bfloat16), requires_grad=False)
        self.bias = (
            None
            if bias is None
            else torch.nn.Parameter(bias.detach().to(torch.bfloat16), requires_grad=False)
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        rounded = self._rounding(x) if self._rounding is not None else x.to(torch.bfloat16)
        out = torch.nn.functional.linear(rounded, self.weight, self.bias)
        return out.to(x.dtype)


def use_bf16_matmuls(model: Any) -> int:
    """Swap every linear layer of ``model`` except its output layer for a
    ``Bf16Linear``; returns how many were swapped. The output layer is left alone:
    its weights are often tied to the input embeddings, and the scorer runs it on
    the scored positions only, in bf16 itself (``TransformersScorer._head_scores``),
    except for models that scale or cap their logits, where it runs whole in fp32."""
    head = model.get_output_embeddings()
    # Found first: swapping changes the tree that named_modules walks.
    found = [
        (name, weights)
        for name, module in model.named_modules()
        if module is not head and (weights := _weights(module)) is not None
    ]
    # One shared copy per parent module (a Llama layer's self_attn for q/k/v, its
    # mlp for gate/up): a model-wide one would also hand a stale copy to a module
    # whose input another module changed in place, which inference_mode, having no
    # version counters, cannot detect.
    roundings: dict[str, LastInputCast] = {}
    for name, (weight, bias) in found:
        parent_name, _, child = name.rpartition(".")
        rounding = roundings.setdefault(parent_name, LastInputCast())
        setattr(model.get_submodule(parent_name), child, Bf16Linear(weight, bias, rounding))
    _copy_out_of_the_file(model)
    return len(found)


def _weights(module: torch.nn.Module) -> tuple[torch.Tensor, torch.Tensor | None] | None:
    """(weight as (out, in), bias) of a linear layer, else None. GPT-2-style models
    build theirs as transformers' Conv1D, which stores the weight as (in, out); left
    out, such a model would have run in fp32 under a bf16 label."""
    if isinstance(module, torch.nn.Linear):
        return module.weight, module.bias
    if type(module).__name__ == "Conv1D" and type(module).__module__.startswith("transformers"):
        return module.weight.t(), module.bias
    return None


def _copy_out_of_the_file(model: Any) -> None:
    """Give the fp32 tensors left (embeddings, norms) storage of their own.

    from_pretrained maps the safetensors file into memory and the tensors view the
    mapping. Converting the linear layers read every page of it, and the pages
    stayed resident, 537 MB for SmolLM2, as long as any tensor still viewed the
    mapping: loading and scoring 200 sentences peaked at 1.67 GB, now 1.33 GB
    (fp32: 1.34 GB).
    """
    # parameters() and buffers() name a tied tensor once, so it is copied once and
    # stays tied.
    for tensor in (*model.parameters(), *model.buffers()):
        if tensor.dtype != torch.bfloat16:
            tensor.data = tensor.data.clone()
