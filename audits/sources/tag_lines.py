"""A tag list at the foot of an article: the site's index words, not its text.

Blogs and news sites end an article (and the feed entry that copies it) with
its tags or categories as a line of their own: "Tags: budget, council,
schools", "Filed under: Local news". Nothing in the markup need mark it (a
plain ``<p>``), and it was audited as the article's last sentence. Such a
line says what it is by its label and is a short list: a label, a colon, and
a few names of a few words each, none a sentence. A sentence that opens with
the same words ("Tags: the council said they were wrong.") has longer parts
or ends as a sentence does, and is kept.
"""

from __future__ import annotations

import re

_TAG_LINE = re.compile(
    r"(?:tags?|tagged(?:\s+(?:with|as|in))?|filed\s+(?:under|in)|topics?|categories"
    r"|category|keywords)\s*:\s*(?P<items>\S.*)",
    re.I,
)
_SEPARATORS = re.compile(r"\s*[,;|•·]\s*")
# A tag is a name ("Regional Transport Authority"); more words make a phrase.
MAX_TAG_WORDS = 4
# A site may give a few dozen; a longer list is no tag line.
MAX_TAGS = 30
# An abbreviation is a tag of its own ("U.S."): a dot inside, one word.
_ABBREVIATION = re.compile(r"\w+(?:\.\w+)+\.")


def is_tag_line(paragraph: str) -> bool:
    """Whether ``paragraph`` is only a label ("Tags:") and a short list of tags."""
    if "\n" in paragraph.strip():
        return False
    match = _TAG_LINE.fullmatch(" ".join(paragraph.split()))
    if not match:
        return False
    items = [item for item in _SEPARATORS.split(match["items"]) if item]
    return 0 < len(items) <= MAX_TAGS and all(_is_tag(item) for item in items)


def _is_tag(item: str) -> bool:
    if len(item.split()) > MAX_TAG_WORDS or item.endswith(("!", "?", ":")):
        return False
    return not item.endswith(".") or bool(_ABBREVIATION.fullmatch(item))


def drop_tag_lines(text: str) -> str:
    """``text`` (paragraphs separated by blank lines) without the tag lines at its
    end; a text that is nothing else is left as it is."""
    paragraphs = text.split("\n\n")
    end = len(paragraphs)
    while end > 1 and is_tag_line(paragraphs[end - 1]):
        end -= 1
    return text if end == len(paragraphs) else "\n\n".join(paragraphs[:end])
