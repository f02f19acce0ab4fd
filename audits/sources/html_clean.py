"""A parsed page made ready for trafilatura.

What no reader sees is removed first. trafilatura scores blocks for boilerplate
but reads hidden ones like any other: a ``<template>``'s promo, a paragraph
marked ``hidden``, a ``display:none`` keyword list (content farms stuff them for
search engines) all reached the audit as article prose. The fragment reader
(feeds) never let them through; pages now follow the same rule
(``fragment.is_hidden``). Nor are the stand-ins of an AMP page's ads and embeds
(an ``<amp-ad>``'s "Advertisement" placeholder and "Ad failed to load" fallback),
which came out as paragraphs of the article.

Paywall and newsletter prompts inside the article ("This article is for
subscribers only", "Sign up for the Courier newsletter / Local news in your inbox
every morning") are removed like the rest of the site's chrome: trafilatura kept
them, and their sentences were audited as the article's. So are page links and
post navigation inside the article's block ("« Previous Page 2 of 3 Next »"),
and ad boxes between its paragraphs ("ADVERTISEMENT"), and pull quotes, copies
of its sentences.

A comment section that sits inside the article's block with no "comments" class
for trafilatura to recognise is cut at its heading ("12 Comments", "2 thoughts on
“...”", "Leave a Reply"): readers' comments were audited as the article.

Inline elements that trafilatura mishandles become plain text first: it deletes
``<time>`` with its text ("the ruling, published <time>on 12 March</time>, ..."
read "the ruling, published , ..."), and it makes a block of ``<q>``, which cut
the sentence in two paragraphs at the closing quote.

A page laid out with a ``<table>`` (old CMSs put the menu, the article and the
sidebar side by side in the cells of one row) lost nothing to trafilatura: the
menu, the "Most read" links, the ad and the poll came out as paragraphs of the
article. In such a table (one with a cell of running text, and no caption or
header cells) the cells beside the one with the most text are the page's
columns, not the article's, and are removed with the footer's copyright rows
below it; the table becomes ``<div>``s, read as blocks. A table of figures is
left a table, which is never audited.

A "See also" box injected between two paragraphs of the article is kept, as a
line of text. trafilatura drops any block that is mostly a link, so the box
vanished from the text, and with it what rule S502 looks for: a content farm's
"To read also" left over from the site it translated.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import islice

from lxml import etree
from lxml.html import Element, HtmlElement, tostring

from audits.detectors.scrape import is_related_line
from audits.sources.fragment import (
    INLINE_TAGS,
    holds_quote_marks,
    html_to_text,
    is_unread,
    quote_marks,
)
from audits.sources.name_words import MAX_BYLINE_WORDS

# Elements whose content is never displayed in place (trafilatura drops <noscript>
# and scripts itself; a <template> it reads as ordinary content).
_NEVER_SHOWN = frozenset({"template"})
# AMP's ads, embeds and trackers: what they hold is a stand-in shown while the real
# thing loads or when it fails ("Advertisement", "Ad failed to load"), never article.
_AMP_STAND_INS = frozenset(
    {"amp-ad", "amp-embed", "amp-sticky-ad", "amp-auto-ads", "amp-analytics", "amp-pixel"}
    | {"amp-consent", "amp-user-notification", "amp-social-share", "amp-iframe"}
    | {"amp-video", "amp-youtube", "amp-vimeo", "amp-brightcove", "amp-jwplayer"}
    # Drawn from JSON by a script: what the page holds is its template and stand-ins.
    | {"amp-list"}
)
# Never dropped: anti-flicker snippets hide the whole <body> until a script has run.
_ROOTS = frozenset({"html", "body"})
# Code that trafilatura leaves out of the text but not out of a heading's title, which
# it reads as the heading's every character: a <script> in an <h1> put its code in the
# document's title. Dropped inside headings only, as elsewhere JSON-LD is read later.
# Not <noscript>: its text is shown to a reader without JavaScript, and a headline
# held in one is the page's headline.
_UNSHOWN_IN_HEADINGS = frozenset({"script", "style"})
_ALL_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


# A cell this long is running text, not a datum: its table lays out the page.
MIN_LAYOUT_CELL_WORDS = 50
_ROW_GROUPS = frozenset({"thead", "tbody", "tfoot"})
_DATA_TABLE_SIGNS = frozenset({"caption", "thead", "th"})
_PRESENTATION = frozenset({"presentation", "none"})


# Words counted in a cell to find the one with the most text: past this, it is the
# article's whichever holds more.
_MAX_CELL_WORDS = 2000
# A cell's words are counted once for each table around it; old CMSs nest tables a
# few deep, and tables nested deeper than this are left as they are, so a hostile
# page of tables nested hundreds deep costs no more than a few readings of it.
MAX_LAYOUT_NESTING = 8


def unwrap_layout_tables(tree: HtmlElement) -> None:
    """In every table that lays out the page rather than holds data, remove the
    columns beside the article's cell, and make ``<div>``s of the rest."""
    layout = [
        table
        for table in tree.iter("table")
        if _nesting(table) < MAX_LAYOUT_NESTING and _is_layout_table(table)
    ]
    # Decided first, then changed: a nested table is judged by its own cells.
    chrome = [cell for table in layout for cell in _chrome_around_article(table)]
    for table in layout:
        for element in [table, *_own_parts(table)]:
            element.tag = "div"
    for cell in chrome:
        if cell.getparent() is not None:
            cell.drop_tree()


def _chrome_around_article(table: HtmlElement) -> list[HtmlElement]:
    """The other cells of the row that holds the table's cell with the most text,
    and the page footer's rows below it (short, with a copyright notice)."""
    parts = _own_parts(table)
    cells = [p for p in parts if p.tag == "td"]
    if not cells:
        return []  # a presentation table of header cells, or of none
    article = max(cells, key=lambda cell: words_up_to(cell, _MAX_CELL_WORDS))
    chrome = [*article.itersiblings(preceding=True), *article.itersiblings()]
    row = article.getparent()
    rows = [p for p in parts if p.tag == "tr"]
    below = rows[rows.index(row) + 1 :] if row in rows else []
    chrome.extend(r for r in below if words_up_to(r) <= MAX_PROMPT_WORDS and _is_copyright(r))
    return chrome


_COPYRIGHT = re.compile(r"©|\(c\)|\bcopyright\b|all rights reserved", re.I)


def _is_copyright(element: HtmlElement) -> bool:
    return bool(_COPYRIGHT.search(" ".join(element.itertext())))


def _own_parts(table: HtmlElement) -> list[HtmlElement]:
    """The table's row groups, rows and cells, not those of tables nested in it."""
    parts: list[HtmlElement] = []
    for child in table:
        rows = [child] if child.tag == "tr" else []
        if child.tag in _ROW_GROUPS:
            parts.append(child)
            rows = [row for row in child if row.tag == "tr"]
        for row in rows:
            parts.append(row)
            parts.extend(cell for cell in row if cell.tag in ("td", "th"))
    return parts


def _nesting(table: HtmlElement) -> int:
    """How many tables ``table`` sits in, counted up to MAX_LAYOUT_NESTING."""
    around = (a for a in table.iterancestors("table"))
    return sum(1 for _ in islice(around, MAX_LAYOUT_NESTING))


def _is_layout_table(table: HtmlElement) -> bool:
    if (table.get("role") or "").strip().lower() in _PRESENTATION:
        return True
    parts = _own_parts(table)
    if any(p.tag in _DATA_TABLE_SIGNS for p in parts) or table.find("caption") is not None:
        return False
    cells = [p for p in parts if p.tag == "td"]
    # One cell is a frame around what it holds (a short post in a feed), never data;
    # so is one row whose other cells hold no words (Reddit's thumbnail beside a post).
    rows = [p for p in parts if p.tag == "tr"]
    if len(rows) == 1 and sum(1 for cell in cells if words_up_to(cell, 1)) == 1:
        return True
    return len(cells) == 1 or any(
        words_up_to(cell, MIN_LAYOUT_CELL_WORDS) >= MIN_LAYOUT_CELL_WORDS for cell in cells
    )


def drop_hidden(tree: HtmlElement) -> None:
    """Remove hidden elements, templates, AMP ads and embeds, photo captions and
    credits (captions.py) and social networks' embedded posts (embeds.py), with their
    content (their tails stay)."""
    doomed = [
        element
        for element in tree.iter()
        if isinstance(element.tag, str)
        and element.tag not in _ROOTS
        and (
            element.tag in _NEVER_SHOWN
            or element.tag in _AMP_STAND_INS
            or _is_amp_stand_in(element)
            or element.tag == "figcaption"
            or is_unread(element.attrib.items())
            or _is_unshown_update(element)
            or _is_code_in_a_heading(element)
        )
    ]
    for element in doomed:  # one inside another goes with it; dropping it too is harmless
        if element.getparent() is not None:
            element.drop_tree()


def _is_code_in_a_heading(element: HtmlElement) -> bool:
    return element.tag in _UNSHOWN_IN_HEADINGS and any(
        a.tag in _ALL_HEADINGS for a in element.iterancestors()
    )


def _is_unshown_update(element: HtmlElement) -> bool:
    """The "updated" <time> that WordPress's themes write right after the published
    one, and hide with their stylesheet (Underscores' ``.updated:not(.published) {
    display: none }``, its heirs' too): "Posted on <time class="entry-date
    published">March 3, 2024</time><time class="updated">March 4, 2024</time> by Jane
    Doe" read "Posted on March 3, 2024March 4, 2024 by Jane Doe", no byline, and
    stayed the story's first paragraph."""
    classes = (element.get("class") or "").split()
    if element.tag != "time" or "updated" not in classes or "published" in classes:
        return False
    before = element.getprevious()
    return (
        before is not None
        and before.tag == "time"
        and "published" in (before.get("class") or "").split()
        and not (before.tail or "").strip()
    )


def _is_amp_stand_in(element: HtmlElement) -> bool:
    """An AMP component's ``placeholder``, ``fallback`` or ``overflow`` child (loading or
    failure text, a "See more" button)."""
    if not any(name in element.attrib for name in ("placeholder", "fallback", "overflow")):
        return False
    parent = element.getparent()
    return parent is not None and isinstance(parent.tag, str) and parent.tag.startswith("amp-")


# A prompt box says what it is in its class or id, or holds a form asking for an
# e-mail address. It is short: an article body that a site marks "paywall" (the
# part only subscribers see) is never taken for one.
_PROMPT_NAME = re.compile(r"paywall|pay-wall|regwall|newsletter|sign-?up|subscribe", re.I)
# A field that asks for an e-mail address: typed so, or (older sign-up forms, plain
# text fields) named so.
_EMAIL_FIELD = re.compile(r"e-?mail", re.I)
# Cookie and consent banners a site puts inside the article's block, whole tokens
# or the consent platforms' own names (OneTrust, Cookiebot, Quantcast): "We and our
# partners use cookies to personalise content and ads" was the article's opening.
_CONSENT_WORD = r"cookies?|consent|gdpr|ccpa"
_CONSENT_PLATFORM = r"cookiebot|onetrust|qc-cmp2"
_CONSENT_NAME = re.compile(rf"(?:^|[-_])(?:{_CONSENT_WORD})(?:$|[-_])|{_CONSENT_PLATFORM}", re.I)
# Share, like and related-post boxes that blog plugins put at the foot of the article
# (Jetpack, AddToAny, Shareaholic, Heateor), whole class or id tokens. Their words
# ("Share this:", "Like this:", "Like Loading...", "Related") were the article's
# last paragraphs. Jetpack's related posts come by script: the page holds only
# their heading, never titles that rule S502 could read.
_SHARE_BOXES = frozenset(
    {"sharedaddy", "jetpack-likes-widget-wrapper", "jp-relatedposts", "sd-sharing"}
    | {"addtoany_share_save_container", "a2a_kit", "shareaholic-canvas"}
    | {"heateor_sss_sharing_container", "heateor_sss_horizontal_sharing"}
)
# Related-post lists and author bios that themes and plugins put in the article's
# block (YARPP, Contextual Related Posts, Simple Author Box, whole class or id
# tokens). trafilatura scored them out of a page, but a feed entry, read whole,
# kept them: "You may also like", each linked title and "Jane Doe is our
# transport correspondent." were audited as the entry's paragraphs. A box whose
# heading is a "See also" marker is a line for rule S502 first (keep_related_lines).
_RELATED_BOXES = frozenset(
    {"related", "related-posts", "related-articles", "related-stories", "related-content"}
    | {"yarpp-related", "crp_related", "jp-relatedposts-list", "more-stories", "most-read"}
    | {"most-popular", "popular-posts"}
    | {"author-bio", "author-box", "about-author", "about-the-author", "author-info"}
    | {"author-description", "saboxplugin-wrap", "post-author-bio"}
)
# Page links and post navigation (whole class or id tokens, as Bootstrap, WordPress
# and Drupal write them): "« Previous Page 2 of 3 Next »" inside the article's
# block came out as its last paragraph.
_PAGE_LINKS = frozenset(
    {"pagination", "pager", "page-numbers", "page-links", "pagenav", "wp-pagenavi"}
    | {"post-navigation", "posts-navigation", "nav-links", "post-nav-links"}
)
# What blog platforms add to a post's feed copy and teaser (whole class or id
# tokens): WordPress's "Continue reading →" link, Substack's buttons ("Subscribe
# now", "Share") and the caption it sets over one ("... is a reader-supported
# publication. To receive new posts and support my work, consider becoming a free
# or paid subscriber."), Blogger's post footer, FeedBurner's flare ("Email this").
# They were the entry's last paragraphs, or the end of its last sentence ("...
# board. Read more »"). A link is dropped only when it is such a "more" link.
_POST_FURNITURE = frozenset(
    {"button-wrapper", "captioned-button-wrap", "blogger-post-footer", "feedflare"}
)
_MORE_LINKS = frozenset({"more-link", "read-more", "readmore", "read-more-link"})
# An ad's box (whole class or id tokens: ad, ads, advert, ad-slot, inline-ad, ...):
# its stand-in "ADVERTISEMENT" was a paragraph of the article, and rule S505 took
# the site's own label for a scraper's leftover. An ad label copied into a
# paragraph of the text is still seen.
_AD_WORD = r"(?:ads?|adverts?|advertisements?|advertising)"
_AD_BOX = re.compile(rf"{_AD_WORD}(?:[-_][\w-]*)?|[\w-]*[-_]{_AD_WORD}|adsbygoogle", re.I)
# A pull quote repeats a sentence of the article in large type beside it (class
# tokens pullquote, pull-quote, pullquote-right, pullout, ...). Written inside a
# paragraph, as WordPress's pull-quote shortcodes do, its copy ran into the sentence
# after it ("... not for lorries.The parish council ...").
_PULL_QUOTE = re.compile(r"pull-?quotes?(?:$|[-_])|(?:^|[-_])pull-?outs?(?:$|[-_])", re.I)
# Inline elements that are chrome only when named as a pull quote.
_PULL_QUOTE_TAGS = frozenset({"span", "blockquote", "q", "em", "strong", "b", "i"})
_CHROME_NAME_IN_MARKUP = re.compile(
    r"""\b(?:class|id)\s*=\s*["']?[^"'>]*(?:"""
    + "|".join(
        [
            _PROMPT_NAME.pattern,
            _CONSENT_WORD,
            _CONSENT_PLATFORM,
            r"\bads?\b|\bads?_|advert|adsbygoogle",
            r"pull-?quote|pull-?out",
            *(
                re.escape(n)
                for n in sorted(
                    _SHARE_BOXES | _PAGE_LINKS | _POST_FURNITURE | _MORE_LINKS | _RELATED_BOXES
                )
            ),
        ]
    )
    + ")",
    re.I,
)
MAX_PROMPT_WORDS = 60
# A page has a prompt or two; past this many, the rest are left to trafilatura.
MAX_PROMPTS = 20
_STOP = frozenset({"article", "main", "body", "html"})
# Blocks only: a link "subscribe here" inside a sentence is part of the sentence.
_BOX_TAGS = frozenset(
    {"div", "section", "aside", "form", "p", "figure", "ul", "ol", "nav", "table"}
)

# The heading of a comment section, as themes write it.
_COMMENTS_HEADING = re.compile(
    r"^(?:(?:\d+|no|one)\s+)?(?:reader'?s?'?\s+)?comments?(?:\s*\(\d+\))?(?:\s+yet)?$"
    r"|^(?:\d+|one)\s+(?:thoughts?|responses?|repl(?:y|ies))\s+(?:on|to)\s.+"
    r"|^(?:leave|post|add|write)\s+a\s+(?:reply|comment)(?:\s+below)?$"
    r"|^join\s+the\s+(?:discussion|conversation)$",
    re.I,
)
_HEADINGS = ("h2", "h3", "h4", "h5")

# Inline elements trafilatura deletes with their text, or makes a block of (q);
# ``data`` and the like it unwraps itself.
_INLINE_TEXT = frozenset({"q", "time", "label", "output", "blink", "marquee"})
_UNWRAP = "mtaudit-unwrap"

# What a <div> used as a paragraph holds: text and these.
_INLINE = INLINE_TAGS
_MIN_PARAGRAPH_WORDS = 8

_SEPARATORS = ":|»›>-–—•·/"
# Elements that hold a "See also" box between paragraphs.
_WIDGET_TAGS = frozenset({"p", "div", "aside", "section", "ul", "ol", "table", "span"})
# Longer than any line S502 reports (25 words): the first characters tell.
_WIDGET_PREFIX_CHARS = 400


def keep_related_lines(tree: HtmlElement) -> None:
    """Make each "See also" box that sits between two paragraphs a plain paragraph
    of one line, which trafilatura keeps and rule S502 then reports."""
    boxes: list[tuple[HtmlElement, str]] = []
    for parent in tree.iter():
        children = list(parent) if isinstance(parent.tag, str) else []
        paragraphs = [i for i, child in enumerate(children) if _is_paragraph(child)]
        if len(paragraphs) < 2:
            continue
        for child in children[paragraphs[0] + 1 : paragraphs[-1]]:
            line = _related_line(child)
            if line is not None:
                boxes.append((child, line))
    for box, text in boxes:
        line = Element("p")
        line.text = text
        line.tail = box.tail
        box.getparent().replace(box, line)


def _is_paragraph(element: HtmlElement) -> bool:
    """A <p>, or a <div> written as one (only inline content, a sentence or more)."""
    if element.tag == "p":
        return True
    return (
        element.tag == "div"
        and all(not isinstance(c.tag, str) or c.tag in _INLINE for c in element)
        and words_up_to(element) >= _MIN_PARAGRAPH_WORDS
    )


def _related_line(element: HtmlElement) -> str | None:
    """The box as one line ("Related: First title | Second title") if it is a
    "See also" box: a short block with a link that opens with S502's marker."""
    if element.tag not in _WIDGET_TAGS or element.find(".//a") is None:
        return None
    prefix = ""
    for chunk in element.itertext():
        prefix += chunk
        if len(prefix) > _WIDGET_PREFIX_CHARS:
            return None
    first = next((c.strip() for c in element.itertext() if c.strip()), "")
    if not (is_related_line(first) or is_related_line(" ".join(prefix.split()))):
        return None
    markup = tostring(element, encoding="unicode", with_tail=False)
    items = [item for item in html_to_text(markup).splitlines() if item]
    if not items:
        return None
    line = related_line(items[0], items[1:])
    return line if is_related_line(line) else None


def related_line(heading: str, titles: list[str]) -> str:
    """A "See also" box's ``heading`` and the ``titles`` it links as one line, one
    after the other as on screen: a colon (unless the heading ends in a separator)
    and bars keep S502's separator ("Related: First title | Second title")."""
    if not titles:
        return heading
    return heading + ("" if heading[-1] in _SEPARATORS else ":") + " " + " | ".join(titles)


def drop_prompts(tree: HtmlElement) -> None:
    """Remove paywall and newsletter prompt boxes (short, and named so or holding an
    e-mail form), plugins' share and like boxes and page links, with their content."""
    words = _WordCounts()
    boxes = _named_chrome(tree, words)
    forms = (form for form in tree.iter("form") if any(map(_asks_for_email, form.iter("input"))))
    boxes.extend(_largest_short_box(form, words) for form in islice(forms, MAX_PROMPTS))
    _drop(boxes)


def _asks_for_email(field: HtmlElement) -> bool:
    kind = (field.get("type") or "text").lower()
    if kind == "email":
        return True
    named = (field.get(a) or "" for a in ("name", "id", "placeholder", "autocomplete"))
    return kind == "text" and any(_EMAIL_FIELD.search(n) for n in named)


def drop_named_chrome(tree: HtmlElement) -> None:
    """Remove the boxes ``drop_prompts`` knows by their class or id, not those found
    around an e-mail form: in a feed entry, short as it is, that box could be all of it."""
    _drop(_named_chrome(tree, _WordCounts()))


def may_hold_named_chrome(markup: str) -> bool:
    """Whether ``markup`` may hold a box ``drop_named_chrome`` removes (a quick test
    that spares parsing the markup that holds none)."""
    return bool(_CHROME_NAME_IN_MARKUP.search(markup))


def _named_chrome(tree: HtmlElement, words: _WordCounts) -> list[HtmlElement]:
    tags = (*_BOX_TAGS, "a", *_PULL_QUOTE_TAGS)
    named = (element for element in tree.iter(*tags) if _is_named_chrome(element))
    return [e for e in islice(named, MAX_PROMPTS) if words(e) <= MAX_PROMPT_WORDS]


def _is_named_chrome(element: HtmlElement) -> bool:
    """A box named as chrome or a pull quote; a link only when it is a "more" link."""
    if element.tag == "a":
        is_name = _is_more_link
    elif element.tag in _PULL_QUOTE_TAGS:
        is_name = _is_pull_quote
    else:
        return any(_is_chrome_name(t) or _is_pull_quote(t) for t in name_tokens(element))
    return any(is_name(t) for t in name_tokens(element))


def _is_pull_quote(token: str) -> bool:
    return bool(_PULL_QUOTE.search(token))


def _is_more_link(token: str) -> bool:
    return token.lower() in _MORE_LINKS


def is_named_more_link(element: HtmlElement) -> bool:
    """Whether ``element`` is a link its class or id names a "more" link, which
    ``drop_named_chrome`` drops wherever it is."""
    return element.tag == "a" and any(_is_more_link(t) for t in name_tokens(element))


def _is_chrome_name(token: str) -> bool:
    lowered = token.lower()
    return (
        bool(_PROMPT_NAME.search(token) or _AD_BOX.fullmatch(token))
        or bool(_CONSENT_NAME.search(token))
        or lowered in _SHARE_BOXES
        or lowered in _RELATED_BOXES
        or lowered in _PAGE_LINKS
        or lowered in _POST_FURNITURE
        or lowered in _MORE_LINKS
    )


def _drop(boxes: list[HtmlElement]) -> None:
    for box in boxes:  # one inside another goes with it; dropping it too is harmless
        if box.getparent() is not None:
            box.drop_tree()


def _largest_short_box(element: HtmlElement, words: _WordCounts) -> HtmlElement:
    box = element
    for ancestor in element.iterancestors():
        if ancestor.tag in _STOP or words(ancestor) > MAX_PROMPT_WORDS:
            break
        box = ancestor
    return box


class _WordCounts:
    """Words in an element, up to MAX_PROMPT_WORDS + 1, each element counted once:
    a hostile page nests thousands of forms in the same blocks."""

    def __init__(self) -> None:
        self._counts: dict[HtmlElement, int] = {}

    def __call__(self, element: HtmlElement) -> int:
        if element not in self._counts:
            self._counts[element] = words_up_to(element)
        return self._counts[element]


def name_tokens(element: HtmlElement) -> list[str]:
    """The words of an element's class and id, which name what it holds."""
    return [*(element.get("class") or "").split(), *(element.get("id") or "").split()]


def words_up_to(element: HtmlElement, limit: int = MAX_PROMPT_WORDS) -> int:
    """Words in ``element``, counted up to just past ``limit``."""
    count = 0
    for chunk in element.itertext():
        count += len(chunk.split())
        if count > limit:
            break
    return count


# The blocks a story lies in, innermost first, and the parts of a page around it
# that are no part of it.
_STORY_ROOTS = ("article", "main", "body")
NOT_STORY = frozenset({"footer", "nav", "aside", "form", "header"})


def story_words_after(element: HtmlElement, limit: int) -> int:
    """Words of the story's paragraphs that follow ``element`` (not inside it), up to
    just past ``limit``: in the ``<article>``, ``<main>`` or ``<body>`` it lies in
    (the whole tree of a fragment), outside footers, menus, sidebars and forms.
    Whether a list or a notice ends the story, or the story goes on after it."""
    root = next(element.iterancestors(*_STORY_ROOTS), None)
    count = 0
    for paragraph in element.xpath("following::p"):
        ancestors = list(paragraph.iterancestors())
        if root is not None and root not in ancestors:
            break  # past the story's end: all that follows is too
        if any(a.tag in NOT_STORY for a in ancestors):
            continue
        count += len(paragraph.text_content().split())
        if count > limit:
            break
    return count


def unwrap_inline_text(
    tree: HtmlElement, is_byline: Callable[[str], bool] = lambda line: False
) -> None:
    """Make plain text of ``<q>`` and of ``<time>`` and its kind where they stand in
    running text. A ``<time>`` alone in a byline box, or in a line that ``is_byline``
    ("By Jane Doe · <time datetime=...>"), is left for date extraction: unwrapped, its
    date was lost and the page named none."""
    elements = list(tree.iter(*_INLINE_TEXT))
    # Decided before any is unwrapped, once per parent: a parent with thousands of
    # them must not be scanned once for each.
    running: dict[HtmlElement, bool] = {}
    for element in elements:
        parent = element.getparent()
        if parent is not None and parent not in running:
            running[parent] = _holds_running_text(parent) and not _is_byline_line(parent, is_byline)
    quotes = [(q, sum(1 for a in q.iterancestors("q"))) for q in elements if q.tag == "q"]
    for q, depth in quotes:
        _add_quote_marks(q, depth)
    for element in elements:
        parent = element.getparent()
        if element.tag == "q" or (parent is not None and running.get(parent, False)):
            element.tag = _UNWRAP  # unwrapped all at once: drop_tag() is linear in siblings
    etree.strip_tags(tree, _UNWRAP)


def _add_quote_marks(q: HtmlElement, depth: int) -> None:
    """Write the marks a browser shows around ``q``, inside ``depth`` others, into
    its text, unless the text holds its own ("<q>“a plan”</q>")."""
    if holds_quote_marks(q.text_content()):
        return
    opening, closing = quote_marks(depth)
    q.text = opening + (q.text or "")
    if len(q):
        q[-1].tail = (q[-1].tail or "") + closing
    else:
        q.text += closing


def _is_byline_line(parent: HtmlElement, is_byline: Callable[[str], bool]) -> bool:
    # A long block is not read whole to say it is no byline.
    if words_up_to(parent, MAX_BYLINE_WORDS) > MAX_BYLINE_WORDS:
        return False
    return is_byline(" ".join(parent.text_content().split()))


def _holds_running_text(parent: HtmlElement) -> bool:
    return bool((parent.text or "").strip()) or any((c.tail or "").strip() for c in parent)


def drop_comment_sections(tree: HtmlElement) -> None:
    """Remove a comment section's heading and everything after it in its block."""
    headings = [
        h
        for h in tree.iter(*_HEADINGS)
        if _COMMENTS_HEADING.match(" ".join(h.text_content().split()))
    ]
    for heading in headings:
        parent = heading.getparent()
        if parent is None or parent.tag in _STOP - {"article"}:
            continue  # a heading straight in <body> or <main> may head a sidebar
        for sibling in [heading, *heading.itersiblings()]:
            sibling.drop_tree()
