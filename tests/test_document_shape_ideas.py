"""The document features bench/verdict_tried.py measured for machine vs human translation
(bench/document_shape_ideas.py): each reads what its README sentence says it reads."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

import document_shape_ideas as ideas
import verdict_blocks as vb


def test_segments_count_sentences_per_line_and_splices() -> None:
    one_each = ideas.segment_features("The minister arrived.\nShe spoke for an hour.")
    split = ideas.segment_features(
        "The minister arrived. She spoke for an hour.\nThe talks ended, they were short."
    )
    assert one_each["seg.sentences_per_line"] == 1.0
    assert one_each["seg.split_lines"] == 0.0
    assert split["seg.sentences_per_line"] == 1.5
    assert split["seg.split_lines"] == 0.5
    assert split["seg.splices_per_sentence"] == 1 / 3
    assert one_each["seg.splices_per_sentence"] == 0.0


def test_consistency_sees_gender_flips_and_a_term_two_ways() -> None:
    steady = ideas.consistency_features(
        "Mr. Li met the press. He said the Foreign Ministry agreed. He left at noon."
    )
    mixed = ideas.consistency_features(
        "Mr. Li met the press. He said the Foreign Ministry agreed. "
        "She added that the foreign ministry would reply."
    )
    assert steady["incons.gender_mixed"] == 0.0
    assert mixed["incons.gender_mixed"] == 1.0
    assert steady["incons.term_two_ways"] == 0.0
    assert mixed["incons.term_two_ways"] > 0.0


def test_pooled_variants_spread_and_drift_per_document() -> None:
    b = vb.Blocks()
    b.sent_vec[20] = np.array([[0.0, 1.0], [2.0, 1.0], [4.0, 1.0], [5.0, 5.0]], np.float32)
    b.sent_doc = np.array([0, 0, 0, 1])
    pooled = ideas.pooled_variants(b)
    np.testing.assert_allclose(pooled[("std", 20)][0], [np.std([0, 2, 4]), 0.0])
    # One sentence in the first half, two in the second: (2 + 4) / 2 - 0.
    np.testing.assert_allclose(pooled[("drift", 20)][0], [3.0, 0.0])
    # A one-sentence document has no halves to compare.
    np.testing.assert_allclose(pooled[("drift", 20)][1], [0.0, 0.0])
