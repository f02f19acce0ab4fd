"""A tag list at the foot of an article: the site's index words, not its text.

Blogs and news sites end an article (and the feed entry that copies it) with
its tags or categories as a line of their own: "Tags: budget, council,
schools", "Filed under: Local news". Nothing in the markup need mark it (a
plain ``<p>``), and it was audited as the article's last sentence. Such a
line says what it is by its label and is a short list: a label, a colon, and
a few names of a few words each, none a sentence. A sentence that opens with
the same words ("Tags: the council said they were wrong.") has longer parts
or ends as a sentence does, and is kept.

WordPress's themes write the label without a colon and put several lists on
one line: "Posted in News | Tagged budget, council, schools | Leave a
comment" (Twenty Ten), "Filed Under: News Tagged With: budget" (Genesis),
"This entry was posted in News and tagged budget. Bookmark the permalink."
Those lines were kept. A label without its colon opens sentences too ("Posted
in March, the letter..."), so what follows it must read as names: no part
opens with an article or a pronoun, nor holds one in lower case ("Filed under
pressure from the council"; "Posted in The Times" names a paper).

A share box written as plain paragraphs below the tags ("Share this: Twitter
Facebook", "Click to share on Twitter (Opens in new window)", "Like this:")
hid the tag lines above it, which were kept. The share lines stay (rule S505
reports one that holds the box's label: a copy of the page left it in; the
buttons alone, "Facebook", "Twitter", nothing reports); the tag lines above them
go.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from audits.sources.more_words import is_more_text
from audits.sources.trailing_paragraphs import trailing_run_start

_LABEL = (
    r"(?:tags?|tagged(?:\s+(?:with|as|in))?|filed\s+(?:under|in)|topics?|categories"
    r"|category|keywords|posted\s+in|categori[sz]ed(?:\s+(?:in|as|under))?)"
)
_COLON_LABEL = re.compile(rf"{_LABEL}\s*:\s*(?P<items>\S.*)", re.I)
_BARE_LABEL = re.compile(rf"{_LABEL}\s+(?P<items>\S.*)", re.I)
# A label inside a line starts a list of its own ("Filed Under: News Tagged With:
# budget"): a section break is put before it.
_INNER_LABEL = re.compile(rf"(?<=\S)\s+(?={_LABEL}\s*:)", re.I)
_SECTIONS = re.compile(r"\s*[|•·]\s*")
_SEPARATORS = re.compile(r"\s*[,;]\s*")
# The links a theme sets after the lists, parted from them like another list.
_TRAILER = re.compile(
    r"leave\s+a\s+(?:comment|reply)|(?:no|\d+)\s+(?:comments?|replies|reply|responses?)"
    r"|comments\s+(?:off|are\s+closed)|edit",
    re.I,
)


def is_comments_link(part: str) -> bool:
    """Whether ``part`` is only a theme's link to the comments ("0 comments", "Leave a
    comment"), as it ends a line of tags or a byline."""
    return _TRAILER.fullmatch(part.strip()) is not None


# WordPress's own sentence under a post (Twenty Ten to Twelve): its categories and
# tags, perhaps a date and an author, and the permalink.
_ENTRY_POSTED = re.compile(
    r"this\s+entry\s+was\s+posted\s+in\s+(?P<categories>.+?)"
    r"(?:\s+and\s+tagged\s+(?P<tags>.+?))?"
    r"(?:\s+on\s+(?P<date>[^.]{1,40}?))?(?:\s+by\s+(?P<author>[^.]{1,40}?))?\."
    r"(?:\s+bookmark\s+the\s+permalink\.)?",
    re.I,
)
# WordPress's sentence is short; the pattern above backtracks over a long line.
MAX_ENTRY_POSTED_CHARS = 400
# A tag is a name ("Regional Transport Authority"); more words make a phrase.
MAX_TAG_WORDS = 4
# A site may give a few dozen; a longer list is no tag line.
MAX_TAGS = 30
# Labels and MAX_TAGS names of MAX_TAG_WORDS words fit in this; a longer paragraph is
# prose (and is not searched).
MAX_LINE_CHARS = 1500
# An abbreviation is a tag of its own ("U.S."): a dot inside, one word.
_ABBREVIATION = re.compile(r"\w+(?:\.\w+)+\.")
# Words that open a phrase of a sentence, never a tag or a category's name.
_PHRASE_OPENERS = frozenset(
    {"a", "an", "the", "this", "that", "these", "those", "it", "its", "he", "she"}
    | {"they", "we", "i", "you", "his", "her", "their", "our", "which", "who", "when"}
)

# What share boxes say: their label, the networks' names and the plugins' prompts.
_SHARE_LABEL = re.compile(
    r"(?:share(?:\s+(?:this|it|on|via))?(?:\s+(?:article|story|post|page))?|like\s+this)"
    r"\s*:?",
    re.I,
)
_NETWORKS = (
    "twitter|x|facebook|linkedin|e-?mail|print|whatsapp|reddit|pinterest|tumblr"
    "|telegram|pocket|mastodon|threads|bluesky|flipboard|messenger|copy\\s+link"
    "|tweet|pin\\s+it|more"
)
_SHARE_BUTTON = (
    rf"(?:click\s+to\s+(?:share\s+on\s+(?:{_NETWORKS})|e-?mail\s+a\s+link\s+to\s+a\s+friend"
    rf"|print)(?:\s+\(opens\s+in\s+new\s+window\))?|{_NETWORKS}|like\s+loading\.*)"
)
_SHARE_BUTTONS = re.compile(rf"{_SHARE_BUTTON}(?:[\s,|•·]+{_SHARE_BUTTON})*", re.I)
_SHARE_LINE = re.compile(rf"{_SHARE_LABEL.pattern}(?:\s+{_SHARE_BUTTONS.pattern})?", re.I)


# A label alone on its line, its tags one a line below it, as a theme lists them in
# <li>s or parts them with <br>s ("Tags:", then "ferry", then "more"). Only labels no
# story's own list opens with: "Topics:" or "Categories:" above short lines may head
# one at its end (a meeting's agenda, a prize's categories), and stay.
_ALONE_LABEL = re.compile(
    r"(?:tags?|tagged(?:\s+(?:with|as|in))?|filed\s+(?:under|in)|posted\s+in)\s*:", re.I
)


@dataclass(frozen=True)
class TagUnit:
    """Lines read as one tag line: a line alone, or a label alone and the tags below
    it, read as written on one line ("Tags: ferry, more"). ``end`` is after its last."""

    start: int
    end: int
    text: str


def tag_units(lines: Sequence[str], *, at_text_end: bool = False) -> list[TagUnit]:
    """``lines`` in order as the units ``is_tag_line`` reads: each line its own, but a
    label alone ("Tags:") and the lines below it that are tags each ("ferry", "more"),
    with blank lines between them, one. A label with no tags under it, or more than
    a tag line holds, is a line of its own. Where ``lines`` run to the text's end, a
    network's name ("Facebook") that only a share box or a more link follows ends
    the tags: it is the box's button, not a tag."""
    box_from = _share_box_from(lines) if at_text_end else [False] * (len(lines) + 1)
    units: list[TagUnit] = []
    i = 0
    while i < len(lines):
        if (unit := _labelled_list(lines, i, box_from)) is not None:
            units.append(unit)
            i = unit.end
        else:
            units.append(TagUnit(i, i + 1, lines[i]))
            i += 1
    return units


def _share_box_from(lines: Sequence[str]) -> list[bool]:
    """For each index, whether every line from it to the end is blank, a share
    box's or a more link's: computed once, from the end, so that the units stay
    linear in the lines."""
    box_from = [True] * (len(lines) + 1)
    for i in range(len(lines) - 1, -1, -1):
        line = " ".join(lines[i].split())
        box_from[i] = box_from[i + 1] and (
            not line or _is_share_box_line(line) or (line.lower() != "more" and is_more_text(line))
        )
    return box_from


def _labelled_list(lines: Sequence[str], start: int, box_from: Sequence[bool]) -> TagUnit | None:
    label = " ".join(lines[start].split())
    if len(label) > MAX_LINE_CHARS or not _ALONE_LABEL.fullmatch(label):
        return None
    tags: list[str] = []
    end = start + 1
    for i in range(start + 1, len(lines)):
        if not lines[i].strip():
            continue
        line = " ".join(lines[i].split())
        if len(line) > MAX_LINE_CHARS or _ends_tags(line, box_from[i]):
            break
        # Tags on lines of their own, without a label beside them, are read as a bare
        # label's are: no phrase of a sentence ("They said").
        if not _is_list(_items(line), bare_label=True):
            break
        tags.extend(_items(line))
        end = i + 1
        if len(tags) > MAX_TAGS:
            return None
    text = f"{label} {', '.join(tags)}"
    return TagUnit(start, end, text) if tags and is_tag_line(text) else None


def _ends_tags(line: str, box_follows: bool) -> bool:
    """Whether ``line``, below a label's tags, is the share box or the link on to the
    rest that follows them, which stay as they do below a tag line written whole: a
    share box's label ("Share", "Share this:") or a more link ("Continue reading →")
    wherever it stands, a network's name ("Facebook") only where ``box_follows`` (it
    and all below it are a share box's or a more link's), as "Facebook" is a tag too.
    A bare "more" is a tag ("Tags:", "ferry", "more"), as the theme lists it."""
    if line.lower() == "more":
        return False
    if is_more_text(line) or bool(_SHARE_LABEL.fullmatch(line)) or is_share_label(line):
        return True
    return box_follows and is_share_line(line)


def _is_share_box_line(line: str) -> bool:
    """Whether ``line`` is a share box's: its buttons, its label, or its label alone
    with no colon ("Share")."""
    return is_share_line(line) or bool(_SHARE_LABEL.fullmatch(" ".join(line.split())))


def is_tag_line(paragraph: str) -> bool:
    """Whether ``paragraph`` is only labelled short lists of tags or categories
    ("Tags: budget, council", "Posted in News | Tagged budget"), or lines of them
    each, as a theme parts its lists with a <br> ("Tags: ferry<br>Posted in News"),
    a label alone among them with its tags on the lines below it."""
    if "\n" in (lines := paragraph.strip()):
        return all(is_tag_line(u.text) for u in tag_units(lines.split("\n")))
    line = " ".join(paragraph.split())
    if len(line) > MAX_LINE_CHARS:
        return False
    if len(line) <= MAX_ENTRY_POSTED_CHARS and (entry := _ENTRY_POSTED.fullmatch(line)):
        lists = (entry["categories"], entry["tags"])
        return all(_is_list(_items(text), bare_label=False) for text in lists if text)
    sections = _SECTIONS.split(_INNER_LABEL.sub(" | ", line))
    label: re.Match[str] | None = None
    count = 0
    for section in sections:
        if match := _COLON_LABEL.fullmatch(section) or _BARE_LABEL.fullmatch(section):
            label, section = match, match["items"]
        elif label is None:
            return False  # a line of tags opens with its label
        elif _TRAILER.fullmatch(section):
            continue
        items = _items(section)
        if not _is_list(items, bare_label=label.re is _BARE_LABEL):
            return False
        count += len(items)
    return label is not None and count <= MAX_TAGS


def _items(text: str) -> list[str]:
    return [item for item in _SEPARATORS.split(text) if item]


def _is_list(items: list[str], *, bare_label: bool) -> bool:
    return 0 < len(items) <= MAX_TAGS and all(_is_tag(item, bare_label) for item in items)


def _is_tag(item: str, bare_label: bool) -> bool:
    words = item.split()
    if len(words) > MAX_TAG_WORDS or item.endswith(("!", "?", ":")):
        return False
    if bare_label and (words[0].lower() in _PHRASE_OPENERS or _PHRASE_OPENERS & set(words)):
        return False
    return not item.endswith(".") or bool(_ABBREVIATION.fullmatch(item))


def is_share_line(paragraph: str) -> bool:
    """Whether ``paragraph`` is only a share box's words: its label ("Share this:",
    "Like this:"), its buttons ("Twitter Facebook"), or both."""
    if len(paragraph) > MAX_LINE_CHARS:
        return False
    line = " ".join(paragraph.split())
    if _SHARE_BUTTONS.fullmatch(line):
        return True
    return bool(_SHARE_LINE.fullmatch(line)) and (
        line.endswith(":") or bool(_SHARE_BUTTONS.search(line))
    )


def is_share_label(paragraph: str) -> bool:
    """Whether ``paragraph`` is a share box's line that holds its label ("Share this:",
    "Share: Twitter"), not its buttons alone."""
    return is_share_line(paragraph) and not _SHARE_BUTTONS.fullmatch(" ".join(paragraph.split()))


def drop_tag_lines(text: str) -> str:
    """``text`` (paragraphs separated by blank lines) without the tag lines at its end,
    below which only share lines may stand (they are kept); a text that is nothing
    else is left as it is."""
    paragraphs = text.split("\n\n")
    # A label alone and its tags below it, a paragraph each ("Tags:", "ferry"), are
    # read as one line: the walk starts no unit inside one.
    units = tag_units(paragraphs, at_text_end=True)
    texts = [u.text for u in units]
    # The walk and the drop after it ask of the same units: each is read once.
    is_tag = cache(is_tag_line)
    start = trailing_run_start(texts, lambda p: is_tag(p) or _is_share_box_line(p))
    tag_lines = {i for u in units[start:] if is_tag(u.text) for i in range(u.start, u.end)}
    if not tag_lines:
        return text
    return "\n\n".join(p for i, p in enumerate(paragraphs) if i not in tag_lines)
