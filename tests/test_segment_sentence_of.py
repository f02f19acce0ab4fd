"""``Segmentation.sentence_of``: which sentence a finding's span is tied to."""

from __future__ import annotations

from collections.abc import Sequence
from typing import overload

import pytest

from audits.document import Sentence
from audits.segment import Segmentation


def _sentences(spans: list[tuple[int, int]]) -> list[Sentence]:
    return [Sentence(i, s, e, "x" * (e - s), 0) for i, (s, e) in enumerate(spans)]


# Sentences [0, 10), [12, 20), [25, 30): gaps [10, 12) and [20, 25), nothing after 30.
_SEG = Segmentation([], _sentences([(0, 10), (12, 20), (25, 30)]))


@pytest.mark.parametrize(
    "start, end, index",
    [
        (0, 3, 0),  # inside the first sentence
        (9, 10, 0),  # its last character
        (9, 14, 0),  # starts in one, runs into the next: the one holding the start
        (10, 12, None),  # the whole gap, ending where the next sentence opens
        (10, 13, 1),  # in the gap, running into the next sentence
        (11, 11, None),  # empty, in the gap
        (12, 12, 1),  # empty, where a sentence opens
        (19, 20, 1),  # a sentence's last character
        (20, 40, 2),  # from a gap past the end of the text's last sentence
        (29, 30, 2),
        (30, 31, None),  # after the last sentence
        (45, 45, None),
    ],
)
def test_a_span_belongs_to_the_sentence_holding_its_start_or_the_first_it_runs_into(
    start: int, end: int, index: int | None
) -> None:
    found = _SEG.sentence_of(start, end)
    assert (found.index if found else None) == index


def test_no_sentences_no_sentence() -> None:
    assert Segmentation([], []).sentence_of(0, 5) is None


class _CountingSentences(Sequence[Sentence]):
    """The sentences, counting how many are read."""

    def __init__(self, sentences: list[Sentence]) -> None:
        self._sentences = sentences
        self.reads = 0

    def __len__(self) -> int:
        return len(self._sentences)

    @overload
    def __getitem__(self, i: int) -> Sentence: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[Sentence]: ...
    def __getitem__(self, i: int | slice) -> Sentence | Sequence[Sentence]:
        self.reads += 1
        return self._sentences[i]


def test_a_finding_in_a_gap_reads_a_few_sentences_not_all_before_it() -> None:
    # Each finding in a gap between sentences was tied to its sentence by a scan from
    # the first: a long text with many such findings took sentences x findings steps.
    spans = [(10 * i, 10 * i + 8) for i in range(10_000)]
    counting = _CountingSentences(_sentences(spans))
    seg = Segmentation([], counting)  # type: ignore[arg-type]
    found = seg.sentence_of(99_988, 99_995)
    assert found is not None and found.index == 9_999
    assert counting.reads <= 40
