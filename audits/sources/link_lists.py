"""Whether a feed entry's HTML summary or content is only links to articles.

Aggregators write an entry as the stories it points to: Google News's RSS gives
each item's summary an ``<a>`` to the story and its outlet's name (``<font>``),
or a cluster of them in an ``<ol>``; Reddit gives a link post's content as its
poster and two links ("submitted by /u/... [link] [comments]"). Read as the
entry's text, those were audited as its article. HTML whose words are mostly
inside links, outside of which only labels stand (an outlet's name, a
separator, "submitted by"), carries no text of its own.

A self post (text written on Reddit) has its text first, then the same poster
line: "submitted by /u/... [link] [comments]" was audited as the post's last
paragraph. A last paragraph that is only an attribution ("submitted by",
"posted by") followed by whole links, one of them at least a bracketed label,
is the aggregator's line, not the post's; a sentence that names its poster has
words of its own outside links and is kept.

hnrss.org, the feeds most read of Hacker News, gives each item its links and
counts as labelled lines ("Article URL: ...", "Comments URL: ...", "Points: 120",
"# Comments: 45"), after the post's text where it has one (an "Ask HN"): the
labels outnumbered the links' words, and the lines were audited as the entry's
text, or as the post's last paragraphs.
"""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from audits.sources.fragment import NEVER_TEXT
from audits.sources.fragment_tree import ParsedFragment
from audits.sources.trailing_paragraphs import trailing_run_start

# Words of a run of text outside links that can still be a label: "The Outlet",
# "via Regional Daily News". A longer run is a phrase of the summary's own.
MAX_LABEL_WORDS = 5


# hnrss's labels and counts, each a line of its own, and such a line whole.
_COUNTS = r"(?:article|comments)\s+url:|points:\s*\d+|#\s*comments:\s*\d+"
_COUNT_LABEL = re.compile(_COUNTS, re.I)
_URL_LINE = r"(?:article|comments)\s+url:\s*\S+"
_COUNT_LINE = re.compile(rf"{_URL_LINE}|{_COUNTS}", re.I)
# What shows the lines hnrss's: its labelled links. "Points: 12" or "# Comments: 3"
# alone may end a quiz's or a match report's entry.
_HNRSS_URL_LINE = re.compile(_URL_LINE, re.I)


def is_link_list(fragment: ParsedFragment) -> bool:
    """Whether the HTML ``fragment`` is only links (with short labels between them)."""
    root = fragment.whole_root
    if root is None:
        return False
    linked = unlinked = 0
    for run, in_link in _text_runs(root):
        words = len(run.split())
        if in_link:
            linked += words
        elif _COUNT_LABEL.fullmatch(run.strip()):
            continue  # hnrss's "Article URL:", "Points: 120": an aggregator's
        elif words > MAX_LABEL_WORDS:
            return False
        else:
            unlinked += words
    # A headline has as many words as its outlet's name at least ("Budget passes",
    # "The New York Times"); a sentence with a link in it has more outside.
    return linked > 0 and linked >= unlinked


def _text_runs(root: HtmlElement) -> list[tuple[str, bool]]:
    """Each run of text the feed reader keeps, and whether it lies inside a link."""
    runs: list[tuple[str, bool]] = []
    # (element, whether it is inside a link); the parser caps how deep this goes.
    stack: list[tuple[HtmlElement, bool]] = [(root, False)]
    while stack:
        element, in_link = stack.pop()
        if not isinstance(element.tag, str) or element.tag in NEVER_TEXT:
            continue
        inside = in_link or element.tag == "a"
        runs.append((element.text or "", inside))
        for child in element:
            # The child's tail lies in this element, after the child.
            runs.append((child.tail or "", inside))
            stack.append((child, inside))
    return runs


_ATTRIBUTION = re.compile(r"(?:submitted|posted|shared)\s+by\s+(?P<rest>.+)", re.I)
# The pieces after the attribution: bracketed labels ("[link]") and what lies between.
_PIECES = re.compile(r"\[[^\[\]]*\]|[^\[\]]+")


def drop_poster_line(text: str, fragment: ParsedFragment) -> str:
    """``text`` (read from the HTML ``fragment``) without a last paragraph that is
    only its poster and links ("submitted by /u/x [link] [comments]"). Text that is
    nothing else is left whole: ``is_link_list`` tells it has no text. hnrss's lines
    of links and counts below a post's text go too, where its labelled links
    ("Comments URL: ...") are among them."""
    paragraphs = text.split("\n\n")
    end = trailing_run_start(paragraphs, lambda p: bool(_COUNT_LINE.fullmatch(p.strip())))
    if any(_HNRSS_URL_LINE.fullmatch(p.strip()) for p in paragraphs[end:]):
        text = "\n\n".join(paragraphs[:end])
    head, sep, last = text.rpartition("\n\n")
    if not sep:
        return text
    match = _ATTRIBUTION.fullmatch(" ".join(last.split()))
    if not match:
        return text
    pieces = [p.strip() for p in _PIECES.findall(match["rest"]) if p.strip()]
    if not any(p.startswith("[") for p in pieces):
        return text
    links = _link_texts(fragment)
    return head if all(p in links for p in pieces) else text


def _link_texts(fragment: ParsedFragment) -> set[str]:
    """The text of each link in ``fragment``, its spaces collapsed."""
    root = fragment.whole_root
    if root is None:
        return set()
    return {" ".join(a.text_content().split()) for a in root.iter("a")}
