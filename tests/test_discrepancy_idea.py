"""The zero-shot statistics bench/verdict_tried.py --only discrepancy measured for machine
vs human translation (bench/discrepancy_idea.py): each reads what its README sentence
says it reads. A stand-in model (an embedding and an output layer, no attention) takes
the LM's place, so the per-position sums can be checked by hand."""

from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

import discrepancy_idea as idea

torch = pytest.importorskip("torch")

VOCAB, WIDTH = 7, 3


class CharTokenizer:
    """One token per character, id = its code modulo the vocabulary."""

    def __call__(self, text: str, add_special_tokens: bool, return_offsets_mapping: bool):
        return {
            "input_ids": [ord(c) % VOCAB for c in text],
            "offset_mapping": [(i, i + 1) for i in range(len(text))],
        }


def stand_in_scorer() -> SimpleNamespace:
    g = torch.Generator().manual_seed(0)
    embed = torch.randn(VOCAB, WIDTH, generator=g)
    weight = torch.randn(VOCAB, WIDTH, generator=g)

    def body(input_ids, use_cache: bool, return_dict: bool):  # type: ignore[no-untyped-def]
        return SimpleNamespace(last_hidden_state=embed[input_ids])

    return SimpleNamespace(
        tokenizer=CharTokenizer(),
        start_id=0,
        _body=body,
        _head=(weight, None),
        embed=embed,
    )


def by_hand(scorer: SimpleNamespace, ids: list[int]) -> tuple[np.ndarray, ...]:
    logits = (scorer.embed[torch.tensor(ids[:-1])] @ scorer._head[0].T).double().numpy()
    logp = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
    p = np.exp(logp)
    mu = (p * logp).sum(axis=1)
    var = (p * logp**2).sum(axis=1) - mu**2
    return logp[np.arange(len(ids) - 1), ids[1:]], mu, var


def test_each_token_scored_from_the_position_before_it_with_the_models_expectation() -> None:
    scorer = stand_in_scorer()
    text = "abcdefg hij " * 30  # 360 tokens: three output-layer chunks, padded to 384
    a = idea.token_arrays(scorer, text)
    lp, mu, var = by_hand(scorer, [0, *[ord(c) % VOCAB for c in text]])
    assert len(a["lp"]) == len(text)
    assert np.allclose(a["lp"], lp, atol=1e-5)
    assert np.allclose(a["mu"], mu, atol=1e-5)
    assert np.allclose(a["var"], var, atol=1e-5)
    assert a["spans"][5].tolist() == [5, 6]


def test_a_512_token_window_the_document_start_and_511_tokens() -> None:
    a = idea.token_arrays(stand_in_scorer(), "x" * 600)
    assert len(a["lp"]) == idea.MAX_TOKENS - 1 == len(a["spans"])


def arrays(lp: list[float], mu: list[float], var: list[float], spans: list) -> dict:
    return {
        "lp": np.array(lp),
        "mu": np.array(mu),
        "var": np.array(var),
        "spans": np.array(spans),
    }


def test_document_and_sentence_features() -> None:
    text = "One two. Three four."
    # Three tokens in each sentence (by where each starts).
    spans = [(0, 3), (3, 7), (7, 8), (9, 14), (14, 19), (19, 20)]
    a = arrays(
        [-1.0, -2.0, -3.0, -1.0, -1.0, -1.0],
        [-2.0, -2.0, -2.0, -2.0, -2.0, -2.0],
        [1.0, 1.0, 1.0, 4.0, 4.0, 4.0],
        spans,
    )
    f = idea.features(text, a)
    assert f["disc"] == pytest.approx((-9.0 + 12.0) / np.sqrt(15.0))
    assert f["disc_per_token"] == pytest.approx(f["disc"] / np.sqrt(6))
    assert f["binoculars"] == pytest.approx(1.5 / 2.0)  # NLL 1.5 a token, entropy 2
    assert f["above_mu"] == pytest.approx(4 / 6)
    assert f["z_mean"] == pytest.approx(np.mean([1.0, 0.0, -1.0, 0.5, 0.5, 0.5]))
    first, second = 0.0, 3.0 / np.sqrt(12.0)
    assert f["sent_disc_mean"] == pytest.approx((first + second) / 2)
    assert f["sent_disc_min"] == pytest.approx(first)
    assert f["sent_disc_max"] == pytest.approx(second)
    assert f["sent_binoculars_mean"] == pytest.approx((1.0 + 0.5) / 2)


def test_a_document_without_a_three_token_sentence_takes_the_columns_mean(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = [{"text": "Aaa bbb."}, {"text": "Ccc ddd."}, {"text": "E"}]
    long_spans = [(0, 1), (1, 2), (2, 3), (4, 8)]
    for d, n, spans in zip(docs, (4, 4, 1), (long_spans, long_spans, [(0, 1)]), strict=True):
        a = arrays([-1.0] * n, [-2.0] * n, [1.0] * n, spans)
        with idea.doc_file(tmp_path, d["text"]).open("wb") as fh:
            np.savez(fh, **a)
    x = idea.feature_matrix(docs, tmp_path)
    col = list(idea.FEATURES).index("sent_disc_mean")
    assert np.all(np.isfinite(x))
    assert x[2, col] == pytest.approx(x[0, col])
