"""Bylines, time stamps and datelines: the page's furniture around the article.

A news page prints the writer and the time above the story, each in an element of
its own ("By Jane Doe, Reuters", "Updated 12:04 GMT, 3 March 2024", "Published
3 March 2024 | 5 min read"), and a wire story ends with its credits ("Reporting by
Jane Doe; Editing by John Roe", "— Reuters"). trafilatura kept them as paragraphs, and each was
judged as a sentence of the article: a name list the language model finds
disfluent, a time stamp with no verb. A paragraph that is only such furniture is
dropped, where a page puts it: among the first paragraphs or the last few. A
sentence that opens so ("By Tuesday, the council had voted ...") is no byline,
and a date heading in the middle of a timeline stays.

An agency's dateline is the opening of the story's first sentence ("PARIS (AFP) —
The council voted ..."), which the rules may read as they read the rest. A page
that prints it in an element of its own made it a "sentence" of three words; it is
joined to the paragraph it opens.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import pairwise

from lxml import etree
from lxml.html import HtmlElement

from audits.sources.html_clean import name_tokens, words_up_to
from audits.sources.name_words import (
    MAX_BYLINE_WORDS,
    NAME_JOINTS,
    NAME_PARTICLES,
    is_outlet_name,
    is_person_name,
    is_post,
)
from audits.sources.reading_time import is_reading_time

# Where a page puts its furniture: the headline and the lines under it, and the end.
_HEAD_PARAGRAPHS = 5
_FOOT_PARAGRAPHS = 3

_MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_WEEKDAYS = (
    r"mon(?:day)?|tue(?:s|sday)?|wed(?:nesday)?|thu(?:rs|rsday)?|fri(?:day)?"
    r"|sat(?:urday)?|sun(?:day)?"
)
_ZONES = (
    r"gmt|utc|bst|cet|cest|eet|eest|wet|west|est|edt|et|cst|cdt|ct|mst|mdt|mt|pst|pdt|pt"
    r"|ist|jst|kst|hkt|sgt|aest|aedt|awst|nzst|nzdt|msk|sast|wat|eat"
)
# A time stamp's words, each whole: what it says, when, and the joints between.
_STAMP_TOKEN = re.compile(
    rf"""(?:
        (?:last|first|originally)|updated?|published|posted|modified|edited|created
        |date|time|on|at|of|the|am|pm|a\.m\.|p\.m\.|ago|just|now|today|yesterday
        |(?:sec(?:ond)?|min(?:ute)?|hour|hr|day|week|month|year)s?
        |(?:{_MONTHS})\.?|(?:{_WEEKDAYS})\.?|(?:{_ZONES})|(?:utc|gmt)?[+-]\d{{1,4}}(?::\d\d)?
        |\d{{1,2}}(?:st|nd|rd|th)
        |\d{{1,2}}[:.h]\d\d(?:[:.]\d\d)?(?:am|pm|a\.m\.|p\.m\.)?
        |\d{{1,4}}(?:[-/.]\d{{1,2}}[-/.]\d{{1,4}})?(?:am|pm)?
        |\d{{4}}-\d\d-\d\dt\d\d:\d\d(?::\d\d)?z?
    )""",
    re.I | re.X,
)
_STAMP_JOINTS = re.compile(r"[\s,:|·•/()\u2013\u2014-]+")
_DATE = re.compile(rf"\b(?:{_MONTHS})\b\.?|\d{{1,4}}[-/.]\d{{1,2}}[-/.]\d{{1,4}}|\bago\b", re.I)
_TIME = re.compile(r"\d[:.h]\d\d")
_LEADS = re.compile(r"\b(?:updated?|published|posted|modified|edited|created)\b", re.I)

# Words that join the names in a byline: "Jane Doe and John Roe in Paris for Reuters".
_NAME_JOINTS = NAME_JOINTS | NAME_PARTICLES
# A byline's lead: "By", "Written by", "Photos by".
_LEAD = r"(?:(?:written|words|story|text|posted|reported|report|photos?|video)\s+)?by"
_BY = re.compile(rf"{_LEAD}\s*:?\s+(.+)", re.I)
# A wire story's credits: "Reporting by X; Additional reporting by Y; Editing by Z".
_CREDIT = re.compile(
    r"(?:additional\s+)?(?:reporting|writing|editing|compiled|graphics|research"
    r"|produced|translated|translation)(?:\s+by)?\s*:?\s+(.+)",
    re.I,
)
# Between credits: a semicolon, or a comma or nothing before the next credit's
# word ("Reporting by Jane Doe, editing by John Roe", "... Doe Editing by ...").
_CREDIT_SEPARATOR = re.compile(
    r";|(?<!additional),?\s+(?=(?:additional\s+)?(?:reporting|writing|editing)\s+by\b)", re.I
)
_WORD = re.compile(r"[^\s,;]+")
# Dashes only: "- " opens a list item as the readers write one ("- Troops March On").
_SIGN_OFF = re.compile(r"[\u2013\u2014]+\s*(.+)")
# A byline's separators between its parts ("By Jane Doe | Reuters · 3 March 2024").
_PART_SEPARATORS = re.compile(r"\s+[|·•\u2013\u2014-]\s+|\s*[|·•]\s*")

# An agency dateline standing alone: "PARIS (AFP) —", "WASHINGTON, March 3 (Reuters) -".
_DATELINE = re.compile(
    rf"[A-Z][A-Z.'\u2019-]+(?:\s+[A-Z][A-Z.'\u2019-]+){{0,3}}"
    rf"(?:,\s*(?:[A-Z][A-Za-z.]+\s*)+(?:\d{{1,2}}(?:,\s*\d{{4}})?|(?:(?i:{_MONTHS})\.?\s+\d{{1,2}})))?"
    r"(?:\s*\([A-Za-z][\w .&/'-]{0,40}\))?\s*[\u2013\u2014-]{1,2}$"
)


def is_time_stamp(text: str) -> bool:
    """Whether ``text`` is only a date or time, with what it dates ("Updated")."""
    text = text.strip()
    if not text or not any(ch.isdigit() for ch in text):
        return False
    tokens = [t for t in _STAMP_JOINTS.split(text) if t]
    if not tokens or not all(_STAMP_TOKEN.fullmatch(t) for t in tokens):
        return False
    # A bare clock time heads a live blog's post; with what it dates, it is a stamp.
    return bool(_DATE.search(text) or (_TIME.search(text) and _LEADS.search(text)))


def is_byline(line: str) -> bool:
    """Whether ``line`` is only a byline, a wire story's credits or a time stamp, or
    such parts joined ("By Jane Doe, Reuters | Updated 12:04 GMT")."""
    text = " ".join(line.split())
    if not text or len(text.split()) > MAX_BYLINE_WORDS or text[-1] in "!?":
        return False
    parts = [p for p in _PART_SEPARATORS.split(text) if p.strip()]
    if not parts:
        return False
    kinds = [_part_kind(p.strip()) for p in parts]
    # Beside a byline or a stamp, a part may name the writer or the employer
    # ("Jane Doe • 3 March 2024 • 4 min read", "By Jane Doe | Reuters").
    others = (p for k, p in zip(kinds, parts, strict=True) if k is None)
    if not all(_are_names(p) or is_reading_time(p) for p in others):
        return False
    return any(k in ("by", "credits", "stamp") for k in kinds)


def _part_kind(part: str) -> str | None:
    if is_time_stamp(part):
        return "stamp"
    signed = _SIGN_OFF.fullmatch(part)
    if signed is not None and _are_names(signed.group(1)):
        return "credits"  # a wire story's sign-off, "— Reuters"
    if is_wire_credit(part):
        return "credits"
    return "by" if _writer(part) is not None else None


def is_wire_credit(line: str) -> bool:
    """Whether ``line`` is only a wire story's credits ("Reporting by Jane Doe in
    London; Editing by John Roe", "Reporting by Jane Doe, editing by John Roe"):
    names the story never holds as a sentence."""
    parts = _CREDIT_SEPARATOR.split(" ".join(line.split()).rstrip("."))
    credits = [c.strip() for c in parts if c.strip()]
    return bool(credits) and all(
        (m := _CREDIT.fullmatch(c)) is not None and _are_names(m.group(1)) for c in credits
    )


# Between a byline's parts: a comma or a semicolon, with the "and" of a list's last
# ("By Jane Doe, John Smith, and Mary Poe"), or a time stamp's "on" or "at".
_BYLINE_CHUNKS = re.compile(r"([,;](?:\s*(?:and|AND|&)\s+)?|\s+(?=(?:on|at)\s+[^,]*\d))")
# A list's last "and" after a comma: "By Jane Doe, Reuters, and John Smith, AFP".
_LAST_AND = re.compile(r"[,;]\s*(?:and|AND|&)\s+")


# What may end a person's name with a dot: "Jane Doe Jr.", "John Smith Sr.".
_NAME_SUFFIX = re.compile(r"\s(?:Jr|Sr)\.$")


def _writer(part: str) -> str | None:
    """Who a byline part ("By Jane Doe, Reuters, 3 March 2024") names as the writer."""
    by = _BY.fullmatch(part)
    if by is None or (part.endswith(".") and not _NAME_SUFFIX.search(part)):
        return None  # "By Monday." is a sentence; "By Jane Doe Jr." a byline
    # "By Jane Doe, Reuters, 3 March 2024", "Posted by admin on 3 March 2024".
    pieces = _BYLINE_CHUNKS.split(by.group(1))
    who = pieces[0].strip()
    after = [(sep, c.strip()) for sep, c in zip(pieces[1::2], pieces[2::2], strict=True)]
    after = [(sep, c) for sep, c in after if c]
    rest = [c for _, c in after]
    # The list's last writer, after ", and": outlets and places before it are the
    # writers' ("By Jane Doe, Reuters, and John Smith, AFP").
    last = max((j for j, (sep, _) in enumerate(after) if _LAST_AND.fullmatch(sep)), default=0)
    if not (_are_names(who) or re.fullmatch(r"@?[\w.-]+", who)):
        return None
    # The employer or post, where the writer is ("Senior Correspondent, in Paris"),
    # then perhaps a time stamp, commas and all.
    names = next((j for j, c in enumerate(rest) if not _names_or_place(c)), len(rest))
    if names < len(rest) and not is_time_stamp(", ".join(rest[names:])):
        return None
    writers = _cowriters(who, rest[:names], min(last, names))
    if (
        by.group(0).isupper()
        and " " in writers
        and not is_person_name(writers.split("; ")[0])
        and ("; " in writers or not is_outlet_name(writers))
    ):
        # A heading in capitals that opens so ("BY THE NUMBERS", "BY ROYAL
        # APPOINTMENT") is no byline; an agency's name ("BY AFP", "BY THE
        # ASSOCIATED PRESS") may be.
        return None
    return writers


# Between writers: "and", "&", and "with" before a person ("Jane Doe with John Smith";
# "Jane Doe with Reuters" names one), in capitals too ("JANE DOE AND JOHN SMITH").
_JOINED_NAMES = re.compile(r"\s+(and|AND|&|with|WITH)\s+")
# Where a byline says a writer is, or whom for: "Jane Doe in Paris", "Jane Doe for
# Reuters", "Jane Doe of The Times", "Jane Doe at the United Nations".
_WHERE_WORDS = r"(?:in|for|at|of|from|IN|FOR|AT|OF|FROM)\s+"
_PLACE = re.compile(rf"{_WHERE_WORDS}(.+)", re.S)
# Where a writer is or whom for, cut from the name before it: "in", "at" or "from" a
# place, "of" or "for" an outlet ("Jane Doe of Reuters", "Jane Doe for the BBC"). Only
# after words that read as a person's name: an organisation's own "of" and "for"
# ("Friends of the Earth", "Office for National Statistics") stay, and so does a
# title's "of" ("Mary Queen of Scots").
_PLACED = re.compile(r"\s+(?:in|at|from|of|for|IN|AT|FROM|OF|FOR)\s+.*", re.S)
_TITLE_BEFORE_OF = re.compile(
    r"\b(?:Queen|King|Prince|Princess|Duke|Duchess|Earl|Countess|Lord|Lady|Bishop|"
    r"Archbishop|Baron|Baroness|Marquess|Emperor|Empress|Tsar|Sultan|Pope)\s+(?:of|for)\s",
    re.I,
)


def _names_or_place(chunk: str) -> bool:
    """Whether a byline's ``chunk`` is names ("Reuters") or where the writer is ("in
    Paris")."""
    place = _PLACE.fullmatch(chunk)
    return _are_names(place.group(1) if place else chunk)


def _cowriters(who: str, names: list[str], listed: int = 0) -> str:
    """The writers of a byline whose first writer is ``who`` and whose ``names``
    follow it, comma by comma: "By Jane Doe, John Smith" names two people, joined by
    "; " as a page's authors are, where "By Jane Doe, Reuters" names a writer and
    the outlet. A name after the first is a person's when it reads as one (a known
    given name, no word of an outlet's name: ``is_person_name``). Writers joined by
    "and" or "&" are as many writers, whatever follows them: "By Jane Doe and Bob
    Roe, Reuters" names two, as "By Jane Doe and Bob Roe, Mary Poe" names three.
    Where a writer is ("Jane Doe in Paris") is no part of the name. The first
    ``listed`` names come before a list's last writer (", and John Smith"): an outlet
    or a place among them is a writer's, as a post is."""
    people, _ = _joined_writers(who, first=True)
    for j, chunk in enumerate(names):
        joined, whole = _joined_writers(chunk)
        if not joined and (is_post(chunk) or j < listed):
            continue  # "By Jane Doe, Staff Writer, and John Smith", "..., Reuters, and"
        people.extend(joined)
        if not whole:
            break  # the outlet, and what follows it
    return "; ".join(people)


def _joined_writers(chunk: str, first: bool = False) -> tuple[list[str], bool]:
    """The writers ``chunk`` joins with "and" ("Jane Doe in Paris and John Smith in
    London" names Jane Doe and John Smith) or "with", each without where they are, up
    to the first that reads as no person, and whether the whole chunk read as people
    ("Mary Poe and Cai Wu" names Mary Poe, and the byline's writers end there; the
    writers before the "and" of a list's last were lost with it). The ``first``
    chunk's writer is the byline's whatever it reads as. What follows a place and
    reads as no person is the place's ("Jane Doe in Trinidad and Tobago")."""
    people: list[str] = []
    placed = False
    pieces = _JOINED_NAMES.split(chunk)
    joints = ["", *pieces[1::2]]
    for joint, part in zip(joints, pieces[::2], strict=True):
        name = _without_place(part)
        # After a place or "with", what reads as no person's name is the place's or
        # an outlet's ("in Trinidad and Tobago", "with Reuters", "with Marie Claire").
        if (placed or joint.lower() == "with") and not is_person_name(name):
            continue
        if not (first or is_person_name(name)):
            return people, False
        people.append(name)
        placed = name != part
    return people, True


def _without_place(part: str) -> str:
    """``part`` without where its writer is ("Jane Doe in Paris" -> "Jane Doe"), only
    where what precedes the place reads as a person's name: "Ann in Wonderland" and
    "Friends of the Earth" are names whole; "Jane Doe of Reuters" is Jane Doe."""
    name = _PLACED.sub("", part)
    if name == part or _TITLE_BEFORE_OF.search(part[: len(name) + 6]):
        return part
    return name if is_person_name(name, surname_given=True) else part


# A byline's lead word written in an element of its own, which a page's style, not a
# space, keeps from the name after it: "<span>By</span><span>Jane Doe</span>".
_BY_LABEL = re.compile(rf"{_LEAD}\s*:?", re.I)
_LABEL_TAGS = ("span", "strong", "b", "em", "i", "small", "label", "font")
_GLUED_LABEL = re.compile(
    r">\s*(?:\w+\s+)?by\s*:?\s*</(?:span|strong|b|em|i|small|label|font)>\s*<\w", re.I
)


def may_hold_glued_byline(markup: str) -> bool:
    """Whether ``markup`` may hold a byline ``space_glued_bylines`` spaces."""
    return bool(_GLUED_LABEL.search(markup))


def space_glued_bylines(tree: HtmlElement) -> None:
    """Space each byline whose lead word stands in an element of its own, glued to the
    writer's name after it ("<span>By</span><span>Jane Doe</span>" read "ByJane Doe",
    a sentence of the story, and named no author); the parts glued after the name
    ("Reuters", "3 March 2024") are kept apart as a byline's are ("By Jane Doe |
    Reuters | 3 March 2024") where the line then reads as one."""
    labels = [
        e
        for e in tree.iter(*_LABEL_TAGS)
        if len(e) == 0
        and not e.tail
        and e.getnext() is not None
        and _BY_LABEL.fullmatch((e.text or "").strip())
    ]
    for label in labels:
        label.tail = " "
        parent = label.getparent()
        parts = list(label.itersiblings())
        if (parent.text or "").strip() or parent.index(label) != 0:
            continue  # the label opens no line of its own
        if any((p.tail or "").strip() for p in parts):
            continue  # words between the parts: they are no byline's
        # Two links side by side are two writers' ("<a>Jane Doe</a><a>John Smith</a>"),
        # or a writer's and the outlet's: a comma between them, as a byline writes it.
        joints = [
            ", " if part.tag == "a" and after.tag == "a" else " | "
            for part, after in pairwise(parts)
        ]
        line = f"{(label.text or '').strip()} " + "".join(
            f"{' '.join(p.text_content().split())}{p.tail or joint}"
            for p, joint in zip(parts, [*joints, ""], strict=True)
        )
        if len(parts) > 1 and is_byline(line):
            for part, joint in zip(parts, joints, strict=False):
                part.tail = part.tail or joint


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
# A line of links is a byline only where a byline's lead word opens it.
_LED = re.compile(rf"{_LEAD}\b", re.I)
# What trafilatura leaves of a byline's separators at the ends of the names it read.
_NAME_EDGES = " \t·•|,;:\u2013\u2014-"


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
            found.append(" ".join(element.text_content().split()))
        elif (
            (named := any(_WRITER_BOX_NAME.search(t) for t in tokens)) or _is_linked_line(element)
        ) and (
            words_up_to(element, MAX_BYLINE_WORDS) <= MAX_BYLINE_WORDS
            and is_byline(line := " ".join(element.text_content().split()))
            # A sidebar's or a footer's list of posts has such boxes, each post's.
            and not any(a.tag in _ASIDE_TAGS for a in element.iterancestors())
            and (named or _is_led_byline(line) or _is_headline_byline(element, line))
        ):
            found.append(line)
        if len(found) == _HEAD_PARAGRAPHS:
            break
    return [line for line in found if line]


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
    if not _LED.match(line):
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
    if h1 is None or _box_writer(line) is None:
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
            child.tag in _INLINE_TAGS or child.tag in ("time", "br")
            for child in element.iterdescendants()
            if isinstance(child.tag, str)
        )
    )


# Writers one byline links to, at most.
MAX_AUTHOR_LINKS = 6
# Elements inside a line of text: a byline's links sit in them ("<span class="author
# vcard"><a rel="author">"), the line is the block around them.
_INLINE_TAGS = frozenset(
    {"a", "span", "strong", "b", "em", "i", "small", "font", "label", "abbr", "cite", "u"}
)
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
    while parent is not None and parent.tag in _INLINE_TAGS and parent.getparent() is not None:
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


def page_author(
    found: str | None,
    boxes: list[str],
    text: str,
    title: str | None = None,
    meta: str | None = None,
) -> str | None:
    """The page's author: the writer its byline names (in its author ``meta`` as
    written, else in one of its byline ``boxes``, else among the first paragraphs of
    its ``text``) where trafilatura found none, or found it in the same byline and kept
    its other parts as names of their own ("By Jane Doe | Updated 12:04 GMT" read "Jane
    Doe; Updated", "By Jane Doe, Reuters" "Jane Doe; Reuters", "Jane Doe • 3 March
    2024" "Jane Doe •"); else what trafilatura found (from the page's metadata, say).
    A ``meta`` that is no byline ("Jane Doe, John Smith": two authors) names no writer
    here, and trafilatura's names stand, unless they are the meta's, cut where it is
    not ("Jane Doe, Reuters" read "Jane Doe; Reuters", "Mary Queen of Scots" "Mary
    Queen"): then the meta names them as a feed's author does (``author_name``)."""
    writer = (
        byline_writer(meta or "")
        or byline_writer("\n\n".join(boxes))
        or byline_writer(text, title)
        or next(filter(None, map(_box_writer, boxes)), None)
    )
    names = [n for n in map(author_name, (found or "").split(";")) if n is not None]
    if writer is not None and (not names or writer.startswith(names[0])):
        return writer
    written = " ".join((meta or "").split()).casefold()
    if names and all(" ".join(n.split()).casefold() in written for n in names):
        return author_name(meta) or "; ".join(names)
    return "; ".join(names) or None


def byline_writer(text: str, title: str | None = None) -> str | None:
    """The writer a byline among the first paragraphs of ``text`` names ("By Jane Doe,
    Reuters" names Jane Doe), for a page that names none in its metadata; the
    ``title`` is never a byline."""
    for paragraph in text.split("\n\n")[:_HEAD_PARAGRAPHS]:
        if paragraph == title:
            continue
        for line in paragraph.split("\n"):
            if not is_byline(line):
                continue
            parts = _PART_SEPARATORS.split(" ".join(line.split()))
            who = next((w for p in parts if (w := _writer(p.strip())) is not None), None)
            if who is not None:
                # "Posted by admin": the line is a byline, but names no writer.
                return None if is_account_name(who) else who
    return None


def _box_writer(line: str) -> str | None:
    """The writer a byline box names without a lead word, the person's name that
    opens it before a time stamp ("Jane Doe | 3 March 2024", "Jane Doe · 4 min
    read"): the box is named for the writer, as a paragraph of the story is not
    (a line of links is a box only where a lead word opens it, which names its writer
    with it, or right under the headline)."""
    if _LED.match(line):
        return None
    parts = [p.strip() for p in _PART_SEPARATORS.split(line) if p.strip()]
    if len(parts) < 2 or not is_byline(line) or not is_person_name(parts[0], surname_given=True):
        return None
    return parts[0]


# The names a blog or CMS gives the accounts that post for no one in particular
# (WordPress's "admin"): "Posted by admin" names no writer.
_ACCOUNT_NAMES = frozenset(
    {
        "admin",
        "administrator",
        "editor",
        "editors",
        "staff",
        "webmaster",
        "guest",
        "user",
        "root",
        "author",
        "moderator",
        "wpadmin",
        "siteadmin",
        "site admin",
        "site administrator",
    }
)


def is_account_name(name: str | None) -> bool:
    """Whether ``name`` is a generic account's name ("admin", "Administrator",
    "@staff"), not a person's or a desk's."""
    if not name:
        return False
    return " ".join(name.strip(_NAME_EDGES + "@").split()).lower() in _ACCOUNT_NAMES


def _are_names(text: str) -> bool:
    """Capitalised words and the words that join names ("Jane Doe and John Roe")."""
    words = _WORD.findall(text.rstrip("."))
    if not words or not words[0][0].isupper():
        return False  # "By and large"
    return all(w[0].isupper() or w.lower() in _NAME_JOINTS for w in words)


def is_dateline(paragraph: str) -> bool:
    """Whether ``paragraph`` is only an agency's dateline ("PARIS (AFP) —")."""
    return bool(_DATELINE.fullmatch(" ".join(paragraph.split())))


def _is_byline_paragraph(lines: list[str]) -> bool:
    """Whether a paragraph's ``lines`` are a byline's: each a byline or a time stamp,
    or, after a byline's first line, the writers' outlet or post on a line of its own
    ("By Jane Doe<br>Reuters", "By Jane Doe and John Smith<br>Staff Writers"), which
    kept the paragraph as the story's first."""
    if all(map(is_byline, lines)):
        return True
    # Only after a person's name: any line in Title Case passed for an outlet, and a
    # heading's first paragraph went with it ("By Royal Appointment" / "Financial
    # Times", "BY THE NUMBERS" / "Two Cities").
    writer = byline_writer(lines[0])
    if writer is None or not is_person_name(writer.split("; ")[0], surname_given=True):
        return False
    return is_byline(lines[0]) and all(
        is_byline(line) or _are_names(line) or is_post(line) for line in lines[1:]
    )


def _names_only(paragraph: str, author: str | None) -> bool:
    """Whether ``paragraph`` is only the names of the ``author`` ("Jane Doe", "Jane Doe
    and John Smith" for "Jane Doe; John Smith")."""
    # Compared as written, not through ``author_name``, which cuts a place, an
    # outlet or a post off a name: "Jane Doe at the United Nations General
    # Assembly", "Jane Doe for President" and "Jane Doe, Prime Minister" went.
    if author is None or len(paragraph) > MAX_AUTHOR_CHARS:
        return False
    names = [n for n in _PEOPLE_SEPARATORS.split(" ".join(paragraph.split()).rstrip(".")) if n]
    return [n.casefold() for n in names] == [a.casefold() for a in author.split("; ")]


def drop_bylines(text: str, title: str | None = None, author: str | None = None) -> str:
    """``text`` (paragraphs separated by blank lines) without the bylines and time
    stamps among its first and last paragraphs, nor a paragraph there that is only
    the ``author``'s name (``<div class="author">Jane Doe</div>``, which was audited as
    a sentence), its lone dateline joined to the paragraph it opens; the ``title``
    stays, whatever it reads as."""
    paragraphs = text.split("\n\n")
    edges = set(range(min(_HEAD_PARAGRAPHS, len(paragraphs))))
    edges |= set(range(max(0, len(paragraphs) - _FOOT_PARAGRAPHS), len(paragraphs)))
    # Title case makes a headline read as a byline ("By Royal Appointment").
    title_at = {i for i, p in enumerate(paragraphs) if title is not None and p == title}
    edges -= title_at
    # Dates between the paragraphs of the story head a timeline's entries: then the
    # dates at its ends are headings too, and only bylines go.
    middle = (p for i, p in enumerate(paragraphs) if i not in edges)
    stamps_are_headings = any(is_time_stamp(p) for p in middle)
    kept: list[str] = []
    dateline: str | None = None
    for i, paragraph in enumerate(paragraphs):
        lines = paragraph.split("\n")
        if (
            (
                i in edges
                and _is_byline_paragraph(lines)
                and not (stamps_are_headings and any(map(is_time_stamp, lines)))
            )
            or (i not in title_at and all(map(is_wire_credit, lines)))
            or (i in edges and _names_only(paragraph, author))
        ):
            # A wire story's credits are the agency's, wherever they stand: a live
            # blog's posts each end with theirs.
            continue
        if dateline is not None:
            paragraph = f"{dateline} {paragraph}"
            dateline = None
        elif i < _HEAD_PARAGRAPHS and i + 1 < len(paragraphs) and is_dateline(paragraph):
            dateline = " ".join(paragraph.split())
            continue
        kept.append(paragraph)
    if dateline is not None:
        kept.append(dateline)
    return text if kept == paragraphs else "\n\n".join(kept)


def author_name(author: str | None) -> str | None:
    """The name a feed, a page's metadata or the names trafilatura read give as the
    author, cleaned the one way for all of them: an e-mail address or a handle beside
    a name goes ("jane@example.com (Jane Doe)", RSS's <author>, names Jane Doe); a
    bare address, a profile's URL, a generic account ("admin") or a user name (one
    lower-case word: "jdoe", "wpuser1") names no one; a byline ("By Jane Doe", as
    some CMSs fill <dc:creator> and the New York Times its <meta name="byl">) names
    its writer."""
    if author is None:
        return None
    text = " ".join(_ADDRESS.sub(" ", author).split())
    if (handles := _HANDLE.sub(" ", text).strip()) and handles != text:
        text = " ".join(handles.split())  # "Jane Doe @janedoe"
    text = _EMPTY_BRACKETS.sub("", text).strip(_NAME_EDGES)
    if (inner := _BRACKETED.fullmatch(text)) is not None:
        text = inner.group(1).strip(_NAME_EDGES)
    if not text or len(text) > MAX_AUTHOR_CHARS or _URL.match(text) or is_account_name(text):
        return None
    if " " not in text and not text[0].isupper():
        return None  # a user name, or a handle alone
    if (writer := byline_writer(text)) is not None:
        return writer
    # "By staff": a byline that names no writer.
    if _BY_LEAD.match(text):
        return None if is_byline(text) else _people(text) or text
    return _people(text) or _unled_writer(text) or text


def _unled_writer(text: str) -> str | None:
    """The writer an author field written as a byline without its lead word names:
    "Jane Doe of Reuters" and "Jane Doe, Reuters" name Jane Doe, as "By Jane Doe of
    Reuters" does. Only where that writer reads as a person's name: "Doe, Jane" and
    "Friends of the Earth" stay as written."""
    writer = byline_writer(f"By {text}")
    if writer is None or not is_person_name(writer.split("; ")[0], surname_given=True):
        return None
    return writer


# Between the people of an author field: "Jane Doe, John Smith", "Jane Doe and John
# Smith", "Jane Doe, John Smith, and Mary Poe", "Jane Doe; John Smith".
_PEOPLE_SEPARATORS = re.compile(r"\s*[,;]\s*(?:(?:and|&)\s+)?|\s+(?:and|&)\s+")


def _people(text: str) -> str | None:
    """The people an author field that names several lists, joined by "; " as a page's
    authors are ("Jane Doe and John Smith" from a feed's <dc:creator> read as one name
    where trafilatura split a page's); None unless every part reads as a person's name
    ("Jane Doe, Reuters" and "Doe, Jane" stay as written)."""
    parts = [p for p in _PEOPLE_SEPARATORS.split(text) if p]
    if len(parts) < 2 or not all(map(is_person_name, parts)):
        return None
    return "; ".join(parts)


def author_names(names: Iterable[str | None]) -> str | None:
    """The authors ``names`` name (``author_name``), once each, joined by "; "."""
    kept = [p for n in map(author_name, names) if n is not None for p in n.split("; ")]
    return "; ".join(dict.fromkeys(kept)) or None


def listed_authors(names: Iterable[str | None]) -> str | None:
    """The authors a feed entry lists one by one (an RSS item's <dc:creator>s, an
    Atom entry's <author>s): the first as ``author_name`` reads it, the others only
    where they read as people's names, as a byline's writers after the first are:
    "<dc:creator>Jane Doe</dc:creator><dc:creator>Reuters</dc:creator>" names Jane
    Doe, as "By Jane Doe, Reuters" does."""
    named = [n for n in map(author_name, names) if n is not None]
    if not named:
        return None
    others = [n for n in named[1:] if all(map(is_person_name, n.split("; ")))]
    return author_names([named[0], *others])


# A name is a few words; a longer value is a description or a page's junk.
MAX_AUTHOR_CHARS = 100
_BY_LEAD = re.compile(r"(?:written\s+|posted\s+)?by\b", re.I)
_ADDRESS = re.compile(r"(?:mailto:)?[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.I)
_HANDLE = re.compile(r"(?<!\S)@\w+")
_EMPTY_BRACKETS = re.compile(r"\(\s*\)|<\s*>|\[\s*\]")
_BRACKETED = re.compile(r"[(<\[]([^()<>\[\]]+)[)>\]]")
_URL = re.compile(r"https?://|www\.", re.I)
