"""A "Related" heading over a list of links: one line for S502, or the site's chrome.

A story (and the feed entry that copies it) lists links to other stories under
a heading of their own: "<h4>Related</h4><ul><li><a>Bus station reopens</a>
...". The feed reader read the heading and each linked title as sentences of
the story ("Related", "Bus station reopens", "Market returns"); the page reader
kept the heading alone, as a sentence. Between two paragraphs such a list is
what rule S502 reports, a "See also" line, and it becomes one: "Related: Bus
station reopens | Market returns". After the story's last paragraph it is the
site's list of other stories, and it goes, heading and all.
"""

from __future__ import annotations

import re
from itertools import islice

from lxml.html import Element, HtmlElement

from audits.detectors.scrape import is_related_line
from audits.sources.html_clean import related_line, story_words_after

# A paragraph heads such a list too, as blogs write one: "<p><strong>Related:</strong>
# </p><ul>..." (the marker was kept alone as a sentence, the titles dropped).
_HEADINGS = frozenset({"h2", "h3", "h4", "h5", "h6", "p"})
_LISTS = frozenset({"ul", "ol"})
_BOXES = frozenset({"div", "aside", "section", "nav"})
# A heading is a few words; a list of related stories a few links.
MAX_HEADING_CHARS = 60
MAX_ITEMS = 12
# A page has a list or two; past this many (a hostile page) the rest are left as they are.
MAX_LISTS = 20
# What a quick look at markup must find before a fragment is parsed for such a list.
# A tag's attributes stop at the next "<" too: where no ">" followed, each "<p " read
# to the markup's end (80,000 of them took over a minute).
_HEADING_THEN_LIST = re.compile(
    r"<(h[2-6]|p)\b[^<>]*>[^<]{0,60}(?:<[^<>]+>[^<]{0,60}){0,4}</\1>\s*<[uo]l\b", re.I
)


def may_hold_related_list(markup: str) -> bool:
    """Whether ``markup`` may hold a heading over a list, which ``join_related_lists``
    looks at."""
    return bool(_HEADING_THEN_LIST.search(markup))


def join_related_lists(tree: HtmlElement) -> None:
    """Make each "Related" heading over a list of links one line where a paragraph
    follows it, and remove it with its list where none does."""
    lists = (
        (heading, listed)
        for heading in tree.iter(*_HEADINGS)
        if (listed := _related_list(heading)) is not None
    )
    # Each looks for a paragraph after it through the rest of the page.
    found = list(islice(lists, MAX_LISTS))
    for heading, (listing, titles) in found:
        parent = heading.getparent()
        if parent is None or listing.getparent() is not parent:
            continue
        marker = " ".join(heading.text_content().split())
        # A box that holds only the two goes with them.
        box = parent if _holds_only(parent, heading, listing) else None
        if story_words_after(listing, 0):
            line = Element("p")
            line.text = related_line(marker, titles)
            if box is not None:
                line.tail = box.tail
                box.getparent().replace(box, line)
                continue
            line.tail = listing.tail
            parent.replace(listing, line)
            heading.drop_tree()
        elif box is not None:
            box.drop_tree()
        else:
            listing.drop_tree()
            heading.drop_tree()


def _holds_only(box: HtmlElement, heading: HtmlElement, listing: HtmlElement) -> bool:
    """Whether ``box`` (not the page's or the story's block) holds only ``heading``
    and ``listing``."""
    if box.tag not in _BOXES or box.getparent() is None or (box.text or "").strip():
        return False
    children = [c for c in box if isinstance(c.tag, str)]
    return children == [heading, listing] and not (heading.tail or listing.tail or "").strip()


def _related_list(heading: HtmlElement) -> tuple[HtmlElement, list[str]] | None:
    """The list of links right after ``heading`` and their titles, if the heading is
    a "See also" marker alone and every item of the list is a link."""
    text = " ".join(heading.text_content().split())
    if not text or len(text) > MAX_HEADING_CHARS or (heading.tail or "").strip():
        return None
    listing = heading.getnext()
    if listing is None or listing.tag not in _LISTS:
        return None
    items = [i for i in listing if isinstance(i.tag, str)]
    if not 0 < len(items) <= MAX_ITEMS or any(i.tag != "li" for i in items):
        return None
    titles = []
    for item in items:
        words = " ".join(item.text_content().split())
        linked = " ".join(" ".join(a.text_content().split()) for a in item.iter("a"))
        if not words or words != linked:
            return None
        titles.append(words)
    return (listing, titles) if is_related_line(related_line(text, titles[:1])) else None
