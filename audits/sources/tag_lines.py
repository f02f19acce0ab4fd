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
reports them: a copy of the page left them in); the tag lines above them go.
"""

from __future__ import annotations

import re

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


def is_tag_line(paragraph: str) -> bool:
    """Whether ``paragraph`` is only labelled short lists of tags or categories
    ("Tags: budget, council", "Posted in News | Tagged budget"), or lines of them
    each, as a theme parts its lists with a <br> ("Tags: ferry<br>Posted in News")."""
    if "\n" in (lines := paragraph.strip()):
        return all(is_tag_line(line) for line in lines.split("\n"))
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
    start = trailing_run_start(paragraphs, lambda p: is_tag_line(p) or is_share_line(p))
    tag_lines = {i for i in range(start, len(paragraphs)) if is_tag_line(paragraphs[i])}
    if not tag_lines:
        return text
    return "\n\n".join(p for i, p in enumerate(paragraphs) if i not in tag_lines)
