"""The document vectors bench/verdict_tried.py --only encoder measured for machine vs human
translation (bench/sentence_encoder_idea.py): each pooling reads what its README sentence
says it reads. The encoder itself is not loaded: it is no dependency of the project."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

import sentence_encoder_idea as idea


def test_flow_reads_how_each_sentence_follows_the_next() -> None:
    x, y = np.array([1.0, 0.0]), np.array([0.0, 1.0])
    same = idea.flow(np.array([x, x, x]))
    turning = idea.flow(np.array([x, y, x]))
    assert np.allclose(same, [1.0, 0.0, 1.0, 0.0])
    assert np.allclose(turning[:2], [0.0, 0.0])  # every next sentence orthogonal
    # The mean direction is mostly x: two sentences close to it, one far.
    assert turning[2] < same[2] and turning[3] > 0.0


def test_pooled_mean_std_and_a_one_sentence_document() -> None:
    docs = [np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([[1.0, 0.0]])]
    assert np.allclose(idea.pooled(docs, "mean"), [[0.5, 0.5], [1.0, 0.0]])
    assert np.allclose(idea.pooled(docs, "std"), [[0.5, 0.5], [0.0, 0.0]])
    assert idea.pooled(docs, "mean+std").shape == (2, 4)
    flow = idea.pooled(docs, "flow")
    # One sentence has no next one: it takes the other documents' values, not NaN.
    assert np.all(np.isfinite(flow)) and np.allclose(flow[1], flow[0])
