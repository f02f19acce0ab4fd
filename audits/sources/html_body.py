"""trafilatura's first guess at the article's block, checked against the article.

trafilatura takes as the article the first block whose class or id names a
post or an article body (``div.post``, ``div.entry``, ``post-body``,
``entry-content``, ...), before it looks at ``<article>``. A live blog or a
timeline inside an ``<article>`` writes each of its posts as such a block, and
so can a box in the middle of a story: trafilatura took the first post for the
article, found it short and gathered the rest of the page's paragraphs after
it. The text came out of order (the first post before the story's opening
paragraphs, even before its headline) and without the other posts' headings.

A guess that holds fewer words than the ``<article>`` around it holds in
paragraphs outside it is a part of that article, not its block: it loses the
names that made it a guess, and trafilatura takes the ``<article>``. Only when
that ``<article>`` is the page's first, the one trafilatura takes next.
"""

from __future__ import annotations

from lxml.html import HtmlElement
from trafilatura.xpaths import BODY_XPATH

# The attributes trafilatura's first guess reads.
_NAMING = ("class", "id", "itemprop")
# Guesses looked at; a page with more such blocks (a hostile one) keeps the rest.
MAX_GUESSES = 20


def unname_article_parts(tree: HtmlElement) -> None:
    """Strip the naming attributes from trafilatura's guesses at the article's block
    that are only a part of the page's first ``<article>``."""
    first_article = next(tree.iter("article"), None)
    if first_article is None:
        return
    guesses = BODY_XPATH[0]
    # Guesses left as they are: trafilatura may prune one (a sidebar's) before it
    # guesses, and then takes the next.
    kept: set[HtmlElement] = set()
    for _ in range(MAX_GUESSES):
        guess = next((g for g in guesses(tree) if g is not None and g not in kept), None)
        if guess is None:
            return
        if not _is_part_of(guess, first_article):
            kept.add(guess)
            continue
        for name in _NAMING:
            guess.attrib.pop(name, None)


def _is_part_of(guess: HtmlElement, article: HtmlElement) -> bool:
    """Whether ``guess`` lies in ``article`` (its nearest) and holds fewer words than
    the article's paragraphs outside it."""
    if guess is article or next(guess.iterancestors("article"), None) is not article:
        return False
    inside = len(guess.text_content().split())
    # A set of the elements themselves: lxml's proxies live only while referred to.
    its_own = set(guess.iter("p"))
    outside = 0
    for paragraph in article.iter("p"):
        if paragraph in its_own:
            continue
        outside += len(paragraph.text_content().split())
        if outside > inside:
            return True
    return False
