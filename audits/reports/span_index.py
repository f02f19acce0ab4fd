"""Which of many spans overlap a stretch of text, found without a pass over all of them.

The HTML report highlights each sentence's findings: a pass over every finding for
every sentence made a crawl's long page (5,000 findings in 5,000 sentences) 25
million comparisons.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence


class SpanIndex:
    """Spans ``(start, end)``, sorted once by start, each with the furthest end of
    those starting no later (never falling as the starts rise): spans that ended
    before a stretch are skipped by one bisect, those that start after it by another.
    What is left between is the overlapping spans and those nested in a long span
    still open, so a query costs its answer unless long spans hold many short ones."""

    def __init__(self, spans: Sequence[tuple[int, int]]) -> None:
        self._order = sorted(range(len(spans)), key=lambda i: spans[i][0])
        self._starts = [spans[i][0] for i in self._order]
        self._ends = [spans[i][1] for i in self._order]
        self._reach: list[int] = []
        furthest = -1
        for end in self._ends:
            furthest = max(furthest, end)
            self._reach.append(furthest)

    def overlapping(self, start: int, end: int) -> list[int]:
        """The indices, in the order given, of the spans with ``span_start < end`` and
        ``span_end > start``."""
        low = bisect.bisect_right(self._reach, start)
        high = bisect.bisect_left(self._starts, end)
        return sorted(self._order[k] for k in range(low, high) if self._ends[k] > start)
