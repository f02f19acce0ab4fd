"""A reading time: the site's estimate, not the article's words.

Blogs and news sites put an estimate of the reading time above the article
("5 min read", "Reading time: 3 minutes", "Listen · 4 min"), and it came out
as a paragraph of the text: a sentence of three words, none of them the
writer's. A paragraph that is only such an estimate is dropped, on pages and in
feeds alike; a sentence about minutes ("It took 5 minutes to read the verdict.")
says more and is kept.
"""

from __future__ import annotations

import re

_READING_TIME = re.compile(
    r"(?:(?:estimated\s+|est\.\s+)?read(?:ing)?\s+time\s*:?\s*|listen\s*[·•|-]?\s*)?"
    r"(?:about\s+|~\s*)?\d{1,3}\s*(?:-|\s)?\s*(?:min(?:ute)?s?\.?|m)"
    r"(?:\s+(?:read|reading|listen))?",
    re.I,
)


def is_reading_time(paragraph: str) -> bool:
    """Whether ``paragraph`` is only a reading (or listening) time."""
    return len(paragraph) <= 60 and bool(_READING_TIME.fullmatch(" ".join(paragraph.split())))
