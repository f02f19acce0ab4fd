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
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise

from lxml import etree
from lxml.html import HtmlElement

from audits.sources.feed_footers import is_feed_footer
from audits.sources.fragment import BLOCK_TAGS
from audits.sources.html_clean import is_named_more_link
from audits.sources.sentence_ends import CLOSING_MARKS, SENTENCE_STOPS
from audits.sources.tag_lines import is_share_label, is_share_line, is_tag_line

# The words of a link on to the rest, with the arrows, chevrons and dots a theme
# writes around them: "Read more »", "Continue reading →", "[Read more...]";
# WordPress.com's "Read more of this post", the old default theme's "Read the rest
# of this entry »", and a theme's "Continue reading “Title”" that names the post.
_MORE_WORDS = (
    r"(?:read|see|view)\s+(?:more|the\s+(?:full\s+|whole\s+|rest\s+of\s+the\s+)?"
    r"(?:story|article|post)|full\s+(?:story|article|post)|on|the\s+rest)"
    r"|(?:read\s+more\s+of|read\s+the\s+rest\s+of)\s+this\s+(?:post|entry|article|story)"
    r"|continue\s+reading(?:\s+[\"\u201c][^\"\u201c\u201d<>]{1,200}[\"\u201d])?"
    r"|keep\s+reading|more|full\s+(?:story|article)"
)
_MARK_CHARS = r"\s\[\]()<.\u2026:\u00bb\u00ab\u203a\u2192\u27a4\u25b6&;-"
_MARKS = rf"[{_MARK_CHARS}>]*"
_MORE_TEXT = re.compile(rf"{_MARKS}(?:{_MORE_WORDS}){_MARKS}", re.I)
# What may follow the link at the entry's end: marks, no words.
_ONLY_MARKS = re.compile(rf"{_MARKS}")
# A quick test on the markup: the words after a tag's end and marks. The marks
# hold no ">", so each try stops at the next one and a run of spaces or of ">"
# is read once, not once for each place the search starts in it.
_MORE_IN_MARKUP = re.compile(rf">[{_MARK_CHARS}]*(?:{_MORE_WORDS})", re.I)


def may_hold_more_link(markup: str) -> bool:
    """Whether ``markup`` may hold such a link (a quick test that spares parsing)."""
    return bool(_MORE_IN_MARKUP.search(markup))


# A theme's bare cut mark before its link on to the post ("and a &hellip; <a>Continue
# reading</a>"), after a space: "and a…" and "said..." are the writer's own.
_BARE_CUT = re.compile(r"(?<!\s)\s+(?:\u2026|\.\.\.)\s*$")
# The cut mark ``excerpts`` reads at an entry's end, as WordPress writes it.
_BRACKETED_CUT = " [\u2026]"


def bracket_excerpt_cuts(tree: HtmlElement) -> None:
    """Write a bare " …" right before a link named a "more" link by its class, where
    nothing but marks follows the link, as the bracketed cut mark " […]", before the
    link goes as chrome (one named by its text alone has it so written as it goes, in
    ``drop_more_links``): then only an excerpt's cut is read as one, and a post that
    ends with the writer's own " …" ("Now we wait …") keeps its last sentence. A
    named link with words after it goes too, but its mark is no cut that
    ``excerpts`` reads at the end: bracketed, a made-up "[…]" stayed in the text."""
    walk = _walk(tree, is_named_more_link)
    for link, _start, _end in walk.last:
        if (holder := walk.holders[link]) is not None:
            _bracket_cut(*holder)


# The text before a link: the element that holds it, and whether as its tail.
_Holder = tuple[HtmlElement, bool]
# A link the walk picked, where its text starts and ends among the tree's texts.
_Span = tuple[HtmlElement, int, int]


@dataclass
class _Walk:
    """What one walk of a tree reads of the links ``is_link`` picks in it."""

    texts: list[str]  # the tree's text in reading order, without its foot lines
    last: list[_Span]  # the links that nothing but marks follows
    holders: dict[HtmlElement, _Holder | None]  # what holds the last words before each


def _walk(tree: HtmlElement, is_link: Callable[[HtmlElement], bool]) -> _Walk:
    """The links of ``tree`` that ``is_link`` picks, read in one walk of its text:
    asking each link for the text before and after it read the whole entry once per
    link, and a round-up of a thousand "More" links took seconds."""
    texts: list[str] = []
    breaks: list[int] = []  # where a line ends among the texts: a block's edge, a <br>
    spans: list[_Span] = []
    starts: dict[HtmlElement, int] = {}
    holders: dict[HtmlElement, _Holder | None] = {}
    holder: _Holder | None = None
    for event, element in etree.iterwalk(tree, events=("start", "end")):
        if element.tag in _LINE_TAGS:
            breaks.append(len(texts))
        if event == "start":
            if is_link(element):
                holders[element] = holder
                starts[element] = len(texts)
            if isinstance(element.tag, str) and element.text:
                if element.text.strip():
                    holder = (element, False)
                texts.append(element.text)
            continue
        if element in starts:
            spans.append((element, starts.pop(element), len(texts)))
        if element is not tree and element.tail:
            if element.tail.strip():
                holder = (element, True)
            texts.append(element.tail)
    foot = _foot_start(texts, breaks, spans)
    # Where the text's last words end: a link after them has nothing but marks after it.
    words_end = next(
        (i + 1 for i in range(foot - 1, -1, -1) if not _ONLY_MARKS.fullmatch(texts[i])),
        0,
    )
    last = [span for span in spans if words_end <= span[2] <= foot]
    return _Walk(texts[:foot], last, holders)


# Elements whose edges end a line of text.
_LINE_TAGS = BLOCK_TAGS | {"br", "hr"}
# The most such lines an entry ends with: the feed's footer, a tag line, a category line.
_MAX_FOOT_LINES = 3
# Below them, a share box's lines: its label and a button a line ("Share this:",
# "Twitter", "Facebook", "Like this:", "Like Loading...").
_MAX_SHARE_LINES = 8


def _foot_start(texts: list[str], breaks: list[int], spans: list[_Span]) -> int:
    """Where, among ``texts``, the lines start that end them and are a feed's footer, a
    tag line or a share box's ("The post ... appeared first on ...", "Tags: ferry",
    "Share this:"), after the post's link: Yoast adds its line under most WordPress
    entries, and the theme's "Continue reading →" before it read as no link at the
    entry's end, its excerpt's broken sentence audited. Read as lines, not as the
    tree's last elements, the footer is found inside a <div> that wraps the entry,
    after a <br>, and under a share box too.

    A line that is nothing but a picked link is the link's own, unless a share box's
    label or buttons stand above it: a bare "More" is a share box's button too, and its line
    read as one left the link above the foot, kept as the entry's last words. A
    share or tag line that merely holds a picked "More" among its words is the
    foot's."""
    edges = sorted({0, len(texts), *breaks})
    linked = {i for _, link_start, link_end in spans for i in range(link_start, link_end)}
    foot, lines, shares = len(texts), 0, 0
    # Where the foot starts if the last lines that are only a picked link are that
    # link's own: no share box's label above them.
    below_link: int | None = None
    for start, end in reversed(list(pairwise(edges))):
        line = "".join(texts[start:end])
        unlinked = "".join(texts[i] for i in range(start, end) if i not in linked)
        if below_link is None and len(unlinked) < len(line) and _ONLY_MARKS.fullmatch(unlinked):
            below_link = foot
        if _ONLY_MARKS.fullmatch(line):
            pass
        elif is_feed_footer(line) or is_tag_line(line):
            lines += 1
            if lines > _MAX_FOOT_LINES:
                break
        elif is_share_line(line):
            shares += 1
            if shares > _MAX_SHARE_LINES:
                break
            if is_share_label(line) or (below_link is not None and foot < below_link):
                below_link = None  # a "More" below its label or its buttons is the box's
        else:
            break
        foot = start
    return foot if below_link is None else below_link


def _bracket_cut(holder: HtmlElement, is_tail: bool) -> None:
    text = holder.tail if is_tail else holder.text
    cut = _BARE_CUT.search(text or "")
    if text is None or cut is None:
        return
    # The space after the mark stays: the link's words may follow it.
    bracketed = text[: cut.start()] + _BRACKETED_CUT + text[len(text.rstrip()) :]
    if is_tail:
        holder.tail = bracketed
    else:
        holder.text = bracketed


def drop_more_links(tree: HtmlElement) -> None:
    """Remove the links on to the rest of the post that end ``tree``'s text, after a
    sentence's end, a bare " …" before one written as the bracketed cut mark
    (``bracket_excerpt_cuts``)."""
    walk = _walk(tree, _may_be_more_link)
    for link, start, _end in walk.last:
        if not _SENTENCE_END.search("".join(walk.texts[max(0, start - 3) : start])):
            continue
        if link.getparent() is not None:
            if (holder := walk.holders[link]) is not None:
                _bracket_cut(*holder)
            link.drop_tree()


# What a screen reader alone reads, the post's title inside WordPress's link
# ("Continue reading<span class="screen-reader-text"> "Title"</span> →").
_UNSEEN = frozenset({"screen-reader-text", "sr-only", "visually-hidden", "screen-reader-only"})
# Where a sentence ends before the link: "... by a fifth. Read more", "... and a …
# Continue reading"; "See <a>more</a>" is a sentence's own words.
# Unlike a sentence's own end, a quotation or a bracket closed alone will do.
_SENTENCE_END = re.compile(rf"(?:^|[{SENTENCE_STOPS}{CLOSING_MARKS}])\s*$")


def _may_be_more_link(element: HtmlElement) -> bool:
    return (
        element.tag == "a"
        and bool(element.get("href"))
        and _MORE_TEXT.fullmatch(_seen_text(element)) is not None
    )


def _seen_text(link: HtmlElement) -> str:
    """The text of ``link`` that a reader sees: without what is for screen readers."""
    parts = [link.text or ""]
    for child in link:
        if isinstance(child.tag, str) and not _UNSEEN & set((child.get("class") or "").split()):
            parts.append(_seen_text(child))
        parts.append(child.tail or "")
    return "".join(parts)
