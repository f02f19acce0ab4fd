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

from functools import cached_property

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
    article = _Article(first_article)
    guesses = BODY_XPATH[0]
    # Guesses left as they are: trafilatura may prune one (a sidebar's) before it
    # guesses, and then takes the next.
    kept: set[HtmlElement] = set()
    for _ in range(MAX_GUESSES):
        guess = next((g for g in guesses(tree) if g is not None and g not in kept), None)
        if guess is None:
            return
        if not article.holds_as_part(guess):
            kept.add(guess)
            continue
        # A live blog's posts share a class (their ids differ): all of them go at once,
        # not one guess (one search of the page) each.
        name = guess.get("class")
        alike = guess.itersiblings(guess.tag) if name else ()
        for element in [guess, *(e for e in alike if e.get("class") == name)]:
            if element is guess or article.holds_as_part(element):
                for attribute in _NAMING:
                    element.attrib.pop(attribute, None)


class _Article:
    """The page's first ``<article>``, its paragraphs' words counted once."""

    def __init__(self, element: HtmlElement) -> None:
        self.element = element

    @cached_property
    def _words(self) -> dict[HtmlElement, int]:
        """Each paragraph's words, counted when a guess inside the article first asks.
        The elements themselves are the keys: lxml's proxies live only while referred to."""
        return {p: len(p.text_content().split()) for p in self.element.iter("p")}

    @cached_property
    def _total(self) -> int:
        return sum(self._words.values())

    def holds_as_part(self, guess: HtmlElement) -> bool:
        """Whether ``guess`` lies in the article (its nearest) and holds fewer words
        than the article's paragraphs outside it."""
        if guess is self.element:
            return False
        if next(guess.iterancestors("article"), None) is not self.element:
            return False
        inside = len(guess.text_content().split())
        own = sum(self._words.get(p, 0) for p in guess.iter("p"))
        return self._total - own > inside
