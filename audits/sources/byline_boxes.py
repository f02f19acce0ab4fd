"""The boxes a page writes its byline in (``<p class="byline">``, a theme's
``post-meta``, a line of links under the headline), which trafilatura leaves out of
the text, and the comment sections whose headers read as bylines but name no writer
of the page."""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from audits.sources.bylines import (
    HEAD_PARAGRAPHS,
    LAST_WRITER,
    LEAD,
    LED,
    REPORTING_FROM,
    WRITER_ROLES,
    box_writer,
    byline_writer,
    is_byline,
    reads_as_writer,
)
from audits.sources.fragment import INLINE_TAGS
from audits.sources.html_clean import name_tokens, words_up_to
from audits.sources.name_words import MAX_BYLINE_WORDS, is_person_name
from audits.sources.time_stamps import opens_time_stamp

# Elements a page writes its byline in, and their names.
_BYLINE_TAGS = ("p", "div", "span", "address")
_BYLINE_NAME = re.compile(r"byline", re.I)
# Names of the boxes a theme writes its byline in besides ("post-meta", "entry-meta",
# "article-author", "author"), which hold other things too: a date, a bio, a comment's
# header. Such a box is a byline's only where its text reads as one.
_WRITER_BOX_NAME = re.compile(r"author|meta|posted|writer", re.I)
_ASIDE_TAGS = frozenset({"aside", "footer", "nav"})
# A comment's box and the section of comments: their headers ("Paul Martin | 3 March
# 2024") read as bylines, and named a commenter the page's author.
# Only "comment(s)" as a word of the name, or glued to what a theme names a box of
# comments ("commentlist", "commentmetadata"): an opinion page's "commentary" wraps
# the story, byline and all.
_COMMENT_NAME = re.compile(
    r"(?<![a-z])comments?(?:list|body|meta|metadata|area|wrap|thread|content|text|author)?"
    r"(?![a-z])",
    re.I,
)
# A page's state or a link's count, not a box of comments (WordPress's
# "comments-open", "has-comments-3", "comments-enabled", "comment-count").
_COMMENT_STATE = re.compile(
    r"(?<![a-z])(?:(?:has|no|with)[-_]?comments?|comments?[-_](?:open|closed|enabled|disabled"
    r"|allowed|off|on|status|counts?|number|num|links?))(?![a-z])",
    re.I,
)


def byline_boxes(tree: HtmlElement) -> list[str]:
    """The text of the page's first elements named as a byline (class or id
    ``byline``, ``Byline_b__q``, ``article-byline``), or named as a box of the
    writer's or the post's details whose text is a byline (``<p class="meta">By Jane
    Doe | 3 March 2024</p>``, ``<div class="post-meta">``), which trafilatura leaves
    out of the text, each on one line."""
    found: list[str] = []
    comments = _comment_boxes(tree)
    for element in tree.iter(*_BYLINE_TAGS):
        if element in comments:
            continue
        tokens = name_tokens(element)
        if any(_BYLINE_NAME.search(t) for t in tokens):
            found.append(box_text(element))
        elif (
            (named := any(_WRITER_BOX_NAME.search(t) for t in tokens)) or _is_linked_line(element)
        ) and (
            words_up_to(element, MAX_BYLINE_WORDS) <= MAX_BYLINE_WORDS
            and is_byline(line := box_text(element))
            # A sidebar's or a footer's list of posts has such boxes, each post's.
            and not any(a.tag in _ASIDE_TAGS for a in element.iterancestors())
            and (named or _is_led_byline(line) or _is_headline_byline(element, line))
        ):
            found.append(line)
        if len(found) == HEAD_PARAGRAPHS:
            break
    return [line for line in found if line]


# A <time> and a date or time stamp after a line break are parts of their own: a box's
# text joins its elements' with nothing between, and "<span>By Jane Doe</span><time>
# Saturday, March 3, 2024</time>" named "Jane DoeSaturday". A line break before
# anything else may stand in a name ("By Jane Doe and<br>John Roe", "By<br>Jane Doe"),
# and is a space; but after a whole person's name, a line of names is the writer's
# place, outlet or post, or a second writer ("By Jane Doe<br>Paris" named "Jane Doe
# Paris"), and a comma parts it.
_PART_MARKS = "|·•,;:\u2013\u2014-"
# The lead word opening the line, whole: "Bobby Smith" holds none ("BobSmith"); a
# writer's credit leads too ("Reporting by Jane Doe<br>Paris" named "Jane Doe Paris").
_LEAD_WORD = re.compile(rf"^(?:{LEAD}|(?:{WRITER_ROLES})\s+by)\b\s*:?\s*", re.I)
# The BBC's line under a correspondent's post ("Paul Adams<br>Diplomatic
# correspondent<br>Reporting from Jerusalem") is where they are, whatever line is
# above it: it ran on from the post, "Diplomatic correspondent Reporting".
_REPORTING_FROM = re.compile(REPORTING_FROM)


def _ends_with_writer(line: str) -> bool:
    """Whether a byline box's ``line`` ends with a writer's whole name ("By Jane Doe",
    "Jane Doe and Will Green"; not "By Jane", "By Jane Doe and")."""
    return reads_as_writer(LAST_WRITER.split(_LEAD_WORD.sub("", line, count=1))[-1].strip())


_GLUED_WORD = re.compile(r"\w")


def _glued(pieces: list[str]) -> bool:
    """Whether the text of a box's part so far ends in a word, no space after it."""
    text = "".join(pieces)
    return bool(text) and _GLUED_WORD.match(text[-1]) is not None


def box_text(element: HtmlElement) -> str:
    """The text of a byline box on one line: a " · " before a <time>, or before a date
    or time stamp on a line of its own, that no mark parts from what stands before;
    a line break elsewhere is a space. An element whose word follows another's with
    no space between ("<span>By Jane Doe</span><span>Updated 9:45 a.m.</span>", which
    the page's style sets apart) is parted as a line break parts it: the name read
    "Jane DoeUpdated"."""
    # The box's text as its line breaks and <time>s part it, each part with what
    # opened it ("br", "time", "glued", or "" for the first).
    parts: list[tuple[str, list[str]]] = [("", [])]

    def walk(node: HtmlElement, top: bool) -> None:
        if isinstance(node.tag, str):
            if node.tag in ("br", "time"):
                parts.append((node.tag, []))
            elif not top and _GLUED_WORD.match(node.text or "") and _glued(parts[-1][1]):
                parts.append(("glued", []))
            parts[-1][1].append(node.text or "")
            for child in node:
                walk(child, False)
        if not top:
            parts[-1][1].append(node.tail or "")

    walk(element, True)
    line = ""
    for opener, pieces in parts:
        text = " ".join("".join(pieces).split())
        if not text:
            continue
        broken = opener in ("br", "glued")
        parted = opener == "time" or (broken and opens_time_stamp(text))
        if parted and line and line[-1] not in _PART_MARKS and text[0] not in _PART_MARKS:
            line = f"{line} · {text}"
        elif (
            broken
            and text[0].isupper()
            and line
            and (_ends_with_writer(line) or _REPORTING_FROM.match(text))
        ):
            line = f"{line}, {text}"
        else:
            line = f"{line} {text}".lstrip()
    return line


def _comment_boxes(tree: HtmlElement) -> set[HtmlElement]:
    """The elements in a comment's box or a section of comments (class or id with
    ``comment`` or ``comments`` as a word: ``comment-meta``, ``comments``, not
    ``commentary`` nor a page's state, ``comments-enabled``)."""
    inside: set[HtmlElement] = set()
    for element in tree.iter(*_BYLINE_TAGS, "section", "article", "ol", "ul", "li"):
        if element in inside:
            continue
        tokens = name_tokens(element)
        if any(_COMMENT_NAME.search(t) and not _COMMENT_STATE.search(t) for t in tokens):
            inside.update(element.iter())
    return inside


def _is_led_byline(line: str) -> bool:
    """Whether a line of links that reads as a byline is one: it opens with a lead
    word ("By", "Written by") and names a person. A series' link ("BY THE NUMBERS")
    and a related story's line ("Paul Martin · 3 March 2024") named the page's
    author."""
    if not LED.match(line):
        return False
    writer = byline_writer(line)
    return writer is not None and is_person_name(writer.split("; ")[0], surname_given=True)


def _is_headline_byline(element: HtmlElement, line: str) -> bool:
    """Whether a line of links without a lead word is the byline right under the
    headline ("<h1>...</h1><p><a>Jane Doe</a> | 3 March 2024</p>"): the first text
    after the page's first <h1> is in it, before the story's first paragraph, and it
    opens with a person's name. The same line elsewhere (a Related list's, at the
    foot) names another story's writer."""
    h1 = next(element.getroottree().getroot().iter("h1"), None)
    if h1 is None or box_writer(line) is None:
        return False
    after = h1.xpath(_FIRST_TEXT_AFTER)
    if not after:
        return False
    holder = after[0].getparent()
    if after[0].is_tail:
        holder = holder.getparent()
    return holder is element or any(a is element for a in holder.iterancestors())


# The first words after an element, past its own: a script's or a style's are none.
_FIRST_TEXT_AFTER = (
    "following::text()[normalize-space()][not(ancestor::script or ancestor::style)][1]"
)


def _is_linked_line(element: HtmlElement) -> bool:
    """Whether ``element`` is a paragraph of one line that links somewhere: a byline
    whose writer and outlet are links ("By <a>Jane Doe</a>, <a>Reuters</a>") is one
    trafilatura drops as a list of links, whatever the element's name."""
    return (
        element.tag in ("p", "div")
        and element.find(".//a") is not None
        and all(
            child.tag in INLINE_TAGS
            for child in element.iterdescendants()
            if isinstance(child.tag, str)
        )
    )
