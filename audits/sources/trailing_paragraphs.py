"""The run of paragraphs at a text's end that a check holds for.

A feed entry's or a page's text often ends with lines that are the site's, not
the article's: a share box, tag lines, hnrss's labelled links. Each reader that
drops or looks past such lines walks back from the last paragraph while its own
check holds; the first paragraph always stays, so a text that is nothing else
is left as it is.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence


def trailing_run_start(paragraphs: Sequence[str], holds: Callable[[str], bool]) -> int:
    """The index of the first paragraph of the run at the end of ``paragraphs`` that
    ``holds`` holds for (``len(paragraphs)`` where the last one is none of it); never
    0, as the first paragraph is never part of the run."""
    start = len(paragraphs)
    while start > 1 and holds(paragraphs[start - 1]):
        start -= 1
    return start
