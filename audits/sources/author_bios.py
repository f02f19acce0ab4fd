"""An author's bio written in italics: the site's note on the writer, not the story.

News sites and blogs end a story (and the feed entry that copies it) with a line
about who wrote it, set in italics and nothing else to mark it: "<p><em>Jane Doe
is a reporter covering local government for the Riverside Chronicle.</em></p>".
Boxes named so (``author-bio``) were already left out; this one, a plain ``<p>``
whose whole text is one ``<em>`` or ``<i>``, was audited as the story's last
sentences. A paragraph is such a bio when all its text is in italics and it
opens with a name followed by what the person does ("is a reporter", "covers
...", "writes about ..."); an italic paragraph that says anything else (an
editor's note, a quoted passage) is kept.
"""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from audits.sources.name_words import NAME_PARTICLES, ROLES

_ITALIC = frozenset({"em", "i"})
# A bio names one or two people and says what they do; a longer paragraph is prose.
MAX_BIO_WORDS = 80
_PARTICLES = "|".join(sorted(NAME_PARTICLES))
_NAME = rf"[A-Z][\w'\u2019.-]*(?:\s+(?:[A-Z][\w'\u2019.-]*|{_PARTICLES}))*"
_ROLE = "|".join(ROLES)
_BIO = re.compile(
    rf"""(?:{_NAME})(?:\s+and\s+(?:{_NAME}))?,?\s+
    (?:(?:is|are|was)\s+(?:(?:a|an|the|our)\s+)?(?:[\w'\u2019,.-]+\s+){{0,6}}?(?:{_ROLE})s?\b
      |(?:covers?|writes?\s+(?:about|on|for)|reports?\s+on)\s)""",
    re.X,
)
# What a quick look at markup must find before a fragment is parsed for a bio.
_ITALIC_OPENING = re.compile(r"<(?:em|i)\b[^>]*>\s*[A-Z]", re.I)


def may_hold_italic_bio(markup: str) -> bool:
    """Whether ``markup`` may hold a bio ``drop_italic_bios`` removes."""
    return bool(_ITALIC_OPENING.search(markup))


def drop_italic_bios(tree: HtmlElement) -> None:
    """Remove each paragraph whose whole text is in italics and reads as an author's
    bio."""
    for paragraph in [p for p in tree.iter("p") if is_italic_bio(p)]:
        paragraph.drop_tree()


def is_italic_bio(paragraph: HtmlElement) -> bool:
    """Whether the ``<p>`` holds only italic text that reads as an author's bio."""
    if (paragraph.text or "").strip():
        return False
    italic = [c for c in paragraph if isinstance(c.tag, str)]
    if not italic or any(c.tag not in _ITALIC or (c.tail or "").strip() for c in italic):
        return False
    text = " ".join(paragraph.text_content().split())
    return len(text.split()) <= MAX_BIO_WORDS and bool(_BIO.match(text))
