"""A feed entry's link on to the rest of the post: "Read more »", "Continue reading
→", "Read the full story", at the end of an excerpt.

A blog theme or a feed service names such a link ("more-link", ``html_clean``'s
named chrome); many write it plain, "<a href=...>Read more &raquo;</a>", which
ended the entry's last sentence ("... by a fifth. Read more »") and was audited
as its words. Such a link goes where nothing but marks follows it: a "Read more"
that leads into more of the entry is the entry's text.
"""

from __future__ import annotations

import re

from lxml.html import HtmlElement

# The words of a link on to the rest, with the arrows, chevrons and dots a theme
# writes around them: "Read more »", "Continue reading →", "[Read more...]".
_MORE_WORDS = (
    r"(?:read|see|view)\s+(?:more|the\s+(?:full\s+|whole\s+|rest\s+of\s+the\s+)?"
    r"(?:story|article|post)|full\s+(?:story|article|post)|on|the\s+rest)"
    r"|continue\s+reading|keep\s+reading|more|full\s+(?:story|article)"
)
_MARKS = r"[\s\[\]()<>.\u2026:\u00bb\u00ab\u203a\u2192\u27a4\u25b6>&;-]*"
_MORE_TEXT = re.compile(rf"{_MARKS}(?:{_MORE_WORDS}){_MARKS}", re.I)
# What may follow the link at the entry's end: marks, no words.
_ONLY_MARKS = re.compile(rf"{_MARKS}")
# A quick test on the markup.
_MORE_IN_MARKUP = re.compile(rf">\s*{_MARKS}(?:{_MORE_WORDS})", re.I)


def may_hold_more_link(markup: str) -> bool:
    """Whether ``markup`` may hold such a link (a quick test that spares parsing)."""
    return bool(_MORE_IN_MARKUP.search(markup))


def drop_more_links(tree: HtmlElement) -> None:
    """Remove the links on to the rest of the post that end ``tree``'s text."""
    for link in [a for a in tree.iter("a") if _is_more_link(a)]:
        if link.getparent() is not None:
            link.drop_tree()


# What a screen reader alone reads, the post's title inside WordPress's link
# ("Continue reading<span class="screen-reader-text"> "Title"</span> →").
_UNSEEN = frozenset({"screen-reader-text", "sr-only", "visually-hidden", "screen-reader-only"})
# Where a sentence ends before the link: "... by a fifth. Read more", "... and a …
# Continue reading"; "See more" is a sentence's own words.
_SENTENCE_END = re.compile(r"(?:^|[.!?\u2026\"\u201d\u2019)\]])\s*$")


def _is_more_link(link: HtmlElement) -> bool:
    if not link.get("href") or not _MORE_TEXT.fullmatch(_seen_text(link)):
        return False
    before = "".join(link.xpath("preceding::text()[position() <= 3]"))
    after = "".join(link.xpath("following::text()"))
    return (
        _SENTENCE_END.search(before) is not None
        and _ONLY_MARKS.fullmatch((link.tail or "") + after) is not None
    )


def _seen_text(link: HtmlElement) -> str:
    """The text of ``link`` that a reader sees: without what is for screen readers."""
    parts = [link.text or ""]
    for child in link:
        if isinstance(child.tag, str) and not _UNSEEN & set((child.get("class") or "").split()):
            parts.append(_seen_text(child))
        parts.append(child.tail or "")
    return "".join(parts)
