"""The writers a page's byline links to (``rel="author"``): every one of them, where
trafilatura named the first."""

from __future__ import annotations

import re

from lxml import etree
from lxml.html import HtmlElement

from audits.sources.author_names import author_name
from audits.sources.fragment import INLINE_TAGS
from audits.sources.name_words import is_person_name

# Writers one byline links to, at most.
MAX_AUTHOR_LINKS = 6
# Between two writers' links of one byline: "and", a comma, "&", a dot.
_LINK_JOINTS = re.compile(r"[\s,;&·•|/\u2013\u2014-]*(?:(?:and|with)[\s,;&·•|]*)?", re.I)


def author_links(tree: HtmlElement) -> list[str]:
    """The names of the writers the page's byline links to (``rel="author"``): its
    first such link and the links that follow it in the same line ("By <a>Zoë
    Martin</a> and <a>Søren Hansen</a>", a WordPress byline's links each in a span of
    its own), in order, once each. trafilatura takes the first alone. A link whose
    words are no person's name ("View Profile", "More by Jane Doe"), or that goes where
    an earlier one went, names no one more; nor do the links of a footer's or a
    sidebar's list, past the line's end."""
    first = next((a for a in tree.iter("a") if _is_author_link(a)), None)
    if first is None:
        return []
    line = _block_of(first)
    names: list[str] = []
    hrefs: set[str] = set()
    for link in _line_links(line, first):
        name = author_name(" ".join(link.text_content().split()))
        href = (link.get("href") or "").strip()
        if name is None or (href and href in hrefs):
            continue
        if names and not is_person_name(name, surname_given=True):
            continue
        names.append(name)
        hrefs.add(href)
    return list(dict.fromkeys(names))[:MAX_AUTHOR_LINKS]


def _is_author_link(element: HtmlElement) -> bool:
    return element.tag == "a" and "author" in (element.get("rel") or "").split()


def _block_of(element: HtmlElement) -> HtmlElement:
    """The element whose line ``element`` stands in: its nearest ancestor that is no
    inline element."""
    parent = element.getparent()
    while parent is not None and parent.tag in INLINE_TAGS and parent.getparent() is not None:
        parent = parent.getparent()
    return parent if parent is not None else element


def _line_links(line: HtmlElement, first: HtmlElement) -> list[HtmlElement]:
    """The author links of ``line`` from ``first`` on, while only a joint's words
    ("and", ",") stand between one and the next, and each stands in ``line`` itself
    (not in a list or a paragraph inside it)."""
    found: list[HtmlElement] = []
    gap: list[str] = []
    inside: HtmlElement | None = None
    for event, element in etree.iterwalk(line, events=("start", "end")):
        if not isinstance(element.tag, str):
            continue  # a comment's or an instruction's text is no word of the line
        if event == "start":
            if inside is not None:
                continue
            if element is first or (
                found and _is_author_link(element) and _block_of(element) is line
            ):
                if found and not _LINK_JOINTS.fullmatch(" ".join(gap)):
                    break  # the byline's line has ended
                found.append(element)
                inside, gap = element, []
                continue
            if found and element is not line:
                gap.append(element.text or "")
            continue
        if element is inside:
            inside = None
        elif inside is not None:
            continue
        if found and element is not line:
            gap.append(element.tail or "")
    return found


def with_linked_authors(author: str | None, linked: list[str]) -> str | None:
    """``author`` with the rest of the ``linked`` writers where it names only some of
    them (trafilatura's first), in the byline's order."""
    if author is None or len(linked) < 2:
        return author
    named = author.split("; ")
    return "; ".join(linked) if set(named) < set(linked) else author
