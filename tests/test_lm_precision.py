"""bf16 means bf16 matmuls on an fp32 residual stream (audits/lm/precision.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

from audits.lm.precision import Bf16Linear, use_bf16_matmuls

SEED = Path(__file__).resolve().parents[1] / "samples" / "awani-lavrov-blinken.txt"


class _TinyLM(torch.nn.Module):
    """Linear layers at two depths, a norm, and a head tied to the embeddings, as
    SmolLM2's is."""

    def __init__(self) -> None:
        super().__init__()
        torch.manual_seed(0)
        self.embed = torch.nn.Embedding(50, 16)
        self.block = torch.nn.ModuleDict(
            {
                "up": torch.nn.Linear(16, 32),
                "inner": torch.nn.Sequential(torch.nn.Linear(32, 16, bias=False)),
            }
        )
        self.norm = torch.nn.LayerNorm(16)
        self.head = torch.nn.Linear(16, 50, bias=False)
        self.head.weight = self.embed.weight

    def get_output_embeddings(self) -> torch.nn.Module:
        return self.head

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        x = self.embed(ids)
        x = x + self.block["inner"](torch.relu(self.block["up"](x)))
        self.stream_dtype = x.dtype
        return self.head(self.norm(x))


def test_every_linear_layer_but_the_head_multiplies_in_bf16_and_answers_in_fp32() -> None:
    model = _TinyLM()
    ids = torch.tensor([[1, 7, 3, 9]])
    with torch.inference_mode():
        expected = model(ids)
    assert use_bf16_matmuls(model) == 2
    up, down = model.block["up"], model.block["inner"][0]
    assert isinstance(up, Bf16Linear) and isinstance(down, Bf16Linear)
    assert up.weight.dtype == down.weight.dtype == torch.bfloat16
    assert up.bias is not None and down.bias is None
    # The head stays a plain fp32 layer, still tied to the embeddings.
    assert type(model.head) is torch.nn.Linear and model.head.weight is model.embed.weight
    assert model.norm.weight.dtype == model.embed.weight.dtype == torch.float32
    with torch.inference_mode():
        got = model(ids)
    assert model.stream_dtype == got.dtype == torch.float32
    assert torch.allclose(got, expected, atol=0.05)
    assert not torch.equal(got, expected)  # the multiplies did run in bf16


def _tiny_llama(layers: int) -> torch.nn.Module:
    """A Llama of ``layers`` layers, 16 wide, 2 heads sharing one key/value head: the
    module layout of SmolLM2's decoder at a size a test builds in milliseconds."""
    from transformers import LlamaConfig, LlamaForCausalLM

    config = LlamaConfig(
        num_hidden_layers=layers,
        hidden_size=16,
        intermediate_size=32,
        num_attention_heads=2,
        num_key_value_heads=1,
        vocab_size=50,
        max_position_embeddings=16,
    )
    return LlamaForCausalLM(config)


def test_linear_layers_that_read_one_tensor_round_it_to_bf16_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A Llama layer's q, k and v projections read one tensor, its gate and up
    projections another: each was rounded to bf16 once per layer (7 roundings a
    layer where 4 give the same numbers), which cost the scorer on an AMX Xeon."""
    torch.manual_seed(0)
    model = _tiny_llama(layers=2).eval()
    ids = torch.tensor([[1, 7, 3, 9]])
    assert use_bf16_matmuls(model) == 14
    rounded: list[torch.Tensor] = []
    to = torch.Tensor.to

    def counting_to(self: torch.Tensor, *args: object, **kwargs: object) -> torch.Tensor:
        out = to(self, *args, **kwargs)
        if out.dtype == torch.bfloat16 and self.dtype == torch.float32:
            rounded.append(self)
        return out

    with monkeypatch.context() as patched, torch.inference_mode():
        patched.setattr(torch.Tensor, "to", counting_to)
        got = model(ids).logits
    # Per layer: the attention input (q, k, v), the attention output (o), the MLP
    # input (gate, up), the MLP's product (down).
    assert len(rounded) == 4 * 2
    for m in model.modules():
        if isinstance(m, Bf16Linear):
            m._rounding = None  # each rounds its own input, as every layer did before
    with torch.inference_mode():
        expected = model(ids).logits
    assert torch.equal(got, expected)  # the same numbers as before


def test_gpt2_style_conv1d_layers_multiply_in_bf16_too() -> None:
    """GPT-2 builds its projections as transformers' Conv1D (weight stored (in, out)):
    swapping only torch.nn.Linear left such a model in fp32 under a bf16 label."""
    from transformers import GPT2Config, GPT2LMHeadModel

    torch.manual_seed(0)
    config = GPT2Config(n_layer=1, n_embd=16, n_head=2, vocab_size=50, n_positions=16)
    model = GPT2LMHeadModel(config).eval()
    ids = torch.tensor([[1, 7, 3, 9]])
    with torch.inference_mode():
        expected = model(ids).logits
    assert use_bf16_matmuls(model) == 4  # c_attn, c_proj, mlp.c_fc, mlp.c_proj
    block = model.transformer.h[0]
    assert isinstance(block.attn.c_attn, Bf16Linear) and isinstance(block.mlp.c_fc, Bf16Linear)
    assert block.attn.c_attn.weight.shape == (48, 16)  # (out, in), as Linear stores it
    with torch.inference_mode():
        got = model(ids).logits
    assert got.dtype == torch.float32
    assert torch.allclose(got, expected, atol=0.05)


@pytest.mark.lm
def test_bf16_scores_agree_with_fp32_sentence_by_sentence(lm_cache_dir: Path) -> None:
    """A model cast whole to bf16 moved the seed's sentence mean log-probs by up to
    0.55 nats a token and their lowest word SLORs by up to 1.8 against fp32, which
    shifted every fp32-calibrated threshold. The seed's first five sentences (74 tokens)
    are enough to catch that cast: it moved the mean log-probs of four of them by
    0.09-0.61 nats and the lowest SLORs of two by 1.5 and 1.8, against at most 0.013
    and 0.113 here on an AMD EPYC with avx512_bf16, and 0.054 (the 4-token opening;
    0.033, 0.025, 0.025 and 0.007 for the others) and 0.106 on an Intel Xeon with AMX,
    whose kernels round other sums; twelve sentences cost five times the scoring."""
    from audits.config import AuditConfig
    from audits.lm import load_scorer
    from audits.lm.context import sentence_requests
    from audits.segment import segment

    sentences = list(segment(SEED.read_text(encoding="utf-8")).sentences)[:5]
    requests = sentence_requests(sentences, 0)
    scores = {}
    for dtype in ("fp32", "bf16"):
        scorer = load_scorer(AuditConfig(cache_dir=str(lm_cache_dir), cache=False, dtype=dtype))
        assert scorer.loaded.dtype == dtype
        scores[dtype] = scorer.score(requests)
        del scorer
    for full, half in zip(scores["fp32"], scores["bf16"], strict=True):
        assert half.tokens == full.tokens
        assert half.mean_logprob == pytest.approx(full.mean_logprob, abs=0.08)
        assert half.min_token_slor == pytest.approx(full.min_token_slor, abs=0.5)


def test_ranks_count_the_logits_not_the_rounded_log_probs() -> None:
    """Two logits a hair apart can round to one log-prob once the log-sum-exp is
    subtracted; the rank must still count the one above the target's."""
    from audits.lm.head_kernel import eager_scores as _logits_scores

    row = torch.full((1, 1000), -30.0)
    row[0, 0] = 20.0
    row[0, 1] = -5.0
    row[0, 2] = torch.nextafter(torch.tensor(-5.0), torch.tensor(0.0))
    # In bf16 the two logits are one value: a tie, so the rank is 2 there.
    for logits, expected_rank in ((row, 3), (row.to(torch.bfloat16), 2)):
        logprob, rank = _logits_scores(logits, torch.tensor([1]))
        assert logprob.dtype == torch.float32
        assert logprob.item() == pytest.approx(-25.0, abs=1e-3)
        assert rank.item() == expected_rank


def test_the_shared_rounding_keeps_no_copy_alive_once_its_input_is_freed() -> None:
    """The slot held the last bf16 copy until the next rounding (the last MLP product,
    12.6 MB for SmolLM2 at 4096 tokens, for the scorer's whole life), and a bf16 input,
    which ``to`` hands back as itself, was kept alive by its own slot for good."""
    import gc
    import weakref

    from audits.lm.precision import LastInputCast

    cast = LastInputCast()
    x = torch.randn(4, 8)
    copy = weakref.ref(cast(x))
    del x
    gc.collect()
    assert copy() is None
    already = torch.randn(4, 8, dtype=torch.bfloat16)
    assert cast(already) is already
    alive = weakref.ref(already)
    del already
    gc.collect()
    assert alive() is None


def test_linear_layers_share_a_rounding_only_within_their_parent_module() -> None:
    """One copy for the whole model let a hit cross module boundaries: a model that
    changes a tensor in place between two modules' linear layers got the stale copy
    in the second. Under inference_mode a version check cannot catch that, so the
    sharing is kept to one module's forward (Llama's q/k/v in self_attn, gate/up in mlp)."""

    class _TwoBlocks(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            torch.manual_seed(0)
            self.first = torch.nn.Sequential(torch.nn.Linear(8, 8, bias=False))
            self.second = torch.nn.Sequential(torch.nn.Linear(8, 8, bias=False))
            self.head = torch.nn.Linear(8, 2)

        def get_output_embeddings(self) -> torch.nn.Module:
            return self.head

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            h = x * 1.0
            self.first(h)
            h.mul_(3.0)
            return self.second(h)

    model = _TwoBlocks()
    x = torch.randn(2, 8)
    with torch.inference_mode():
        expected = model(x)
    use_bf16_matmuls(model)
    with torch.inference_mode():
        got = model(x)
    assert torch.allclose(got, expected, atol=0.05)

    llama = _tiny_llama(layers=1)
    use_bf16_matmuls(llama)
    attn, mlp = llama.model.layers[0].self_attn, llama.model.layers[0].mlp
    assert attn.q_proj._rounding is attn.k_proj._rounding is attn.v_proj._rounding
    assert attn.o_proj._rounding is attn.q_proj._rounding  # reads another tensor: a miss
    assert mlp.gate_proj._rounding is mlp.up_proj._rounding is not attn.q_proj._rounding


def test_a_model_with_shared_roundings_pickles_after_a_forward() -> None:
    """A live slot holds a weak reference, which pickle refuses: torch.save(model) or
    handing a scorer to another process failed once the model had run."""
    import pickle

    model = _TinyLM()
    use_bf16_matmuls(model)
    ids = torch.tensor([[1, 7, 3, 9]])
    with torch.inference_mode():
        expected = model(ids)
        live = torch.randn(3, 16)
        model.block["up"]._rounding(live)  # a pair still in the slot
        copy = pickle.loads(pickle.dumps(model))
        assert copy.block["up"]._rounding._last is None
        assert torch.equal(copy(ids), expected)


def test_a_new_tensor_at_a_freed_tensors_id_gets_its_own_rounding() -> None:
    """The slot matches the tensor object, not its id: CPython hands a freed id to
    the next object, and a match by id would give that tensor the old values."""
    from audits.lm.precision import LastInputCast

    cast = LastInputCast()
    x = torch.zeros(4)
    cast(x)
    freed = id(x)
    del x
    reused = next(t for t in (torch.ones(4) for _ in range(1000)) if id(t) == freed)
    assert torch.equal(cast(reused), torch.ones(4, dtype=torch.bfloat16))
