"""A teaser: a story cut off at a paywall notice, of which only the opening was read.

A paywalled page served to a reader without an account (a scraper, a feed
fetcher) holds the story's first paragraphs and then the paywall's notice ("This
article is for subscribers only", "Subscribe to continue reading"); the rest
is not on the page. The notice's box is left out of the text (html_clean.py) and
a notice written as a paragraph is reported by S505, but nothing said that the
audit saw only a few paragraphs of the story: a verdict on a teaser reads as a
verdict on the article. A page or feed entry whose story stops at such a notice
carries the notice in ``meta["paywall_teaser"]``, and the command line warns.

A notice with the story going on after it (a paywall box in the middle of a page
that holds the whole story, hidden by style) is no teaser.
"""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from audits.detectors.scrape import paywall_notices
from audits.sources.html_clean import (
    MAX_PROMPT_WORDS,
    NOT_STORY,
    name_tokens,
    story_words_after,
    words_up_to,
)

# The notices as sites vary them around the words of the paywall's own notices
# (scrape.toml, which S505 reads too): "Subscribe for $1 a week to continue reading".
_NOTICE_FAMILIES = r"""
    (?:this|the\s+rest\s+of\s+this|the\s+full)\s+(?:article|story|content|piece|post)
        \s+is\s+(?:only\s+)?(?:for|available\s+to|reserved\s+for|exclusive\s+to)
        \s+(?:paying\s+)?(?:subscribers|members|premium\s+subscribers)
    |(?:^|\bfor\s+)(?:paying\s+)?subscribers\s+only\b
    |(?:subscribe|log\s*in|sign\s*in|sign\s+up|register|join)\b[^.!?]{0,40}?
        \bto\s+(?:continue\s+reading|read\s+(?:the\s+(?:full|whole|rest)|more|on|this))
    |to\s+continue\s+reading,?\s+(?:please\s+)?(?:subscribe|log\s*in|sign\s*in|register)
"""


def _phrase(notice: str) -> str:
    """A notice of scrape.toml as a pattern: any spacing, a whole word at each end."""
    words = r"\s+".join(map(re.escape, notice.split()))
    return rf"\b{words}" + (r"\b" if notice[-1].isalnum() else "")


_NOTICE = re.compile("|".join([_NOTICE_FAMILIES, *map(_phrase, paywall_notices())]), re.I | re.X)
# A notice is a line or two; a longer block is prose that mentions subscribers. As
# long as the prompt boxes html_clean leaves out.
MAX_NOTICE_WORDS = MAX_PROMPT_WORDS
# A line this short is a notice wherever its notice stands in it.
MAX_EMBEDDED_WORDS = 8
# The story's words after the notice, at most, for the notice to end the story (a
# "Read more" link, a caption).
MAX_WORDS_AFTER = 20
_PAYWALL_NAME = re.compile(r"pay-?wall|regwall|reg-wall", re.I)
_NOTICE_TAGS = ("div", "section", "aside", "p", "h2", "h3", "h4", "h5")
# Candidates looked at; a hostile page with more keeps the rest.
MAX_CANDIDATES = 50


def is_paywall_notice(text: str) -> bool:
    """Whether ``text`` (a paragraph or a box's words) is a paywall's notice: it opens
    with one, or is a short line that holds one ("Want more? Subscribe to continue
    reading."); a sentence of the story that says as much is longer."""
    words = text.split()
    if not 0 < len(words) <= MAX_NOTICE_WORDS:
        return False
    found = _NOTICE.search(" ".join(words))
    return found is not None and (found.start() == 0 or len(words) <= MAX_EMBEDDED_WORDS)


def page_teaser(tree: HtmlElement) -> str | None:
    """The paywall notice the page's story stops at, in a box named so or in words,
    as the reader sees it; None when the story goes on after every notice (or there
    is none)."""
    seen = 0
    # A page that marks its story holds its paywall there; the site's own bars and
    # sidebars ("Subscribers only: the e-edition") lie elsewhere.
    marked = next(tree.iter("article", "main"), None) is not None
    for element in tree.iter(*_NOTICE_TAGS):
        # Counted up to the limit first: text_content() of every block of a page
        # that nests blocks deep would read the page once per level.
        if words_up_to(element, MAX_NOTICE_WORDS) > MAX_NOTICE_WORDS:
            continue  # a box named paywall may hold the story's rest
        text = " ".join(element.text_content().split())
        named = any(_PAYWALL_NAME.search(t) for t in name_tokens(element))
        if not (named or is_paywall_notice(text)):
            continue
        ancestors = {a.tag for a in element.iterancestors()}
        if ancestors & NOT_STORY or (marked and not ancestors & {"article", "main"}):
            continue
        seen += 1
        if seen > MAX_CANDIDATES:
            return None
        if story_words_after(element, MAX_WORDS_AFTER) <= MAX_WORDS_AFTER:
            return _notice_words(element, text)
    return None


def text_teaser(text: str) -> str | None:
    """The paywall notice that is the last paragraph of ``text``, if it is one."""
    last = text.rstrip().rpartition("\n\n")[2]
    return " ".join(last.split()) if is_paywall_notice(last) else None


def _notice_words(element: HtmlElement, text: str) -> str:
    """The notice as the reader first sees it: its first line that says so, else its
    words (a box named paywall may hold only buttons)."""
    for line in (" ".join(t.split()) for t in element.itertext()):
        if is_paywall_notice(line):
            return line
    return " ".join(text.split()[:MAX_NOTICE_WORDS])
