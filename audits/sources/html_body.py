"""trafilatura's first guess at the article's block, checked against the article.

trafilatura takes as the article the first block whose class or id names a
post or an article body (``div.post``, ``div.entry``, ``post-body``,
``entry-content``, ...), before it looks at ``<article>``. A live blog or a
timeline inside an ``<article>`` writes each of its posts as such a block, and
so can a box in the middle of a story: trafilatura took the first post for the
article, found it short and gathered the rest of the page's paragraphs after
it. The text came out of order (the first post before the story's opening
paragraphs, even before its headline) and without the other posts' headings.

A guess that holds fewer words than the story around it holds in paragraphs
outside it is a part of that story, not its block: it loses the names that made
it a guess, and trafilatura takes the story's ``<article>``. So does a guess
outside the story that holds fewer words than the story (a teaser, a sidebar's
post).

A page holds several ``<article>``s: the story and teasers of related stories, or
a live blog's posts each written as one. trafilatura takes the first; only that
one was looked at here, so a teaser above the story was taken for the article
(its paragraph came out in the middle of the live blog). The story is the first
``<article>`` that holds at least half the words of the longest (a full story
followed by the next one, as pages that scroll on write them, keeps the first),
and the ``<article>``s before it become ``<div>``s; those after it with a
headline of their own, other stories (trafilatura, finding the story short beside
the page's text, added the next one to it), are removed. Three or more sibling
``<article>``s none of which holds half their words are a live blog's posts: they
become unnamed ``<div>``s, read with the lead around them. Comments, which themes
also write as ``<article>``s, are left to trafilatura.
"""

from __future__ import annotations

import re
from functools import cached_property

from lxml.html import HtmlElement
from trafilatura.xpaths import BODY_XPATH

# The attributes trafilatura's first guess reads.
_NAMING = ("class", "id", "itemprop")
# Guesses looked at; a page with more such blocks (a hostile one) keeps the rest.
MAX_GUESSES = 20
# <article>s weighed; a page with more (a hostile one, or an index) is left as it is.
MAX_ARTICLES = 200
# A story holds at least this share of the words of the page's longest <article>.
_STORY_SHARE = 0.5
_MIN_POSTS = 3
_COMMENT = re.compile(r"comment", re.I)


def unname_article_parts(tree: HtmlElement) -> None:
    """Make the page's story the first ``<article>`` trafilatura finds, or its live
    posts plain blocks, and strip the naming attributes from trafilatura's guesses
    at the article's block that are only a part of the story or lie outside it and
    hold less."""
    articles = _top_articles(tree)
    if not articles:
        return
    story = _story(articles)
    guesses = BODY_XPATH[0]
    # Guesses left as they are: trafilatura may prune one (a sidebar's) before it
    # guesses, and then takes the next.
    kept: set[HtmlElement] = set()
    for _ in range(MAX_GUESSES):
        guess = next((g for g in guesses(tree) if g is not None and g not in kept), None)
        if guess is None:
            return
        if not story.holds_less(guess):
            kept.add(guess)
            continue
        # A live blog's posts share a class (their ids differ): all of them go at once,
        # not one guess (one search of the page) each.
        name = guess.get("class")
        alike = guess.itersiblings(guess.tag) if name else ()
        for element in [guess, *(e for e in alike if e.get("class") == name)]:
            if element is guess or story.holds_less(element):
                _unname(element)


def _top_articles(tree: HtmlElement) -> list[HtmlElement]:
    """The page's ``<article>``s not inside another, comments aside; none when there are
    too many to weigh."""
    found = tree.xpath("//article[not(ancestor::article)]")
    if len(found) > MAX_ARTICLES:
        return []
    return [a for a in found if not any(map(_COMMENT.search, _names(a)))]


def _story(articles: list[HtmlElement]) -> _Story:
    """The element that holds the story, its ``<article>`` made the first trafilatura
    finds; or the parent of a live blog's posts, each post made an unnamed block."""
    # Each paragraph's words, counted once: they weigh the articles here and the
    # guesses against the story after.
    counted = {p: len(p.text_content().split()) for a in articles for p in a.iter("p")}
    words = [sum(counted[p] for p in a.iter("p")) for a in articles]
    if not any(words):
        return _Story(articles[0], counted)  # no paragraphs to weigh them by: trafilatura's first
    parent = articles[0].getparent()
    if (
        len(articles) >= _MIN_POSTS
        and parent is not None
        and all(a.getparent() is parent for a in articles)
        and max(words) < _STORY_SHARE * sum(words)
    ):
        for post in articles:
            post.tag = "div"
            _unname(post)
        return _Story(parent, counted)
    story = next(a for a, n in zip(articles, words, strict=True) if n >= _STORY_SHARE * max(words))
    for teaser in story.xpath("preceding::article"):
        teaser.tag = "div"
    for other in articles[articles.index(story) + 1 :]:
        # Another story or a teaser, with a headline of its own (trafilatura added a
        # longer one after the story to it); one without may be the story's next part.
        if next(other.iter("h1", "h2", "h3"), None) is not None:
            other.drop_tree()
    return _Story(story, counted)


def _unname(element: HtmlElement) -> None:
    for attribute in _NAMING:
        element.attrib.pop(attribute, None)


def _names(element: HtmlElement) -> list[str]:
    return [element.get(a) or "" for a in ("class", "id")]


class _Story:
    """The element that holds the page's story, its paragraphs' words counted once."""

    def __init__(self, element: HtmlElement, counted: dict[HtmlElement, int]) -> None:
        self.element = element
        self._counted = counted  # the words of the paragraphs of the page's <article>s

    @cached_property
    def _words(self) -> dict[HtmlElement, int]:
        """Each paragraph's words, when a guess first asks: those the <article>s were
        weighed by, and (around a live blog's posts) the lead's, counted now.
        The elements themselves are the keys: lxml's proxies live only while referred to."""
        counted = self._counted
        return {
            p: counted[p] if p in counted else len(p.text_content().split())
            for p in self.element.iter("p")
        }

    @cached_property
    def _total(self) -> int:
        return sum(self._words.values())

    def holds_less(self, guess: HtmlElement) -> bool:
        """Whether ``guess`` lies in the story and holds fewer words than the story's
        paragraphs outside it, or lies outside the story (not around it) and holds
        fewer words than the story."""
        if guess is self.element:
            return False
        inside = len(guess.text_content().split())
        if any(a is self.element for a in guess.iterancestors()):
            own = sum(self._words.get(p, 0) for p in guess.iter("p"))
            return self._total - own > inside
        if any(a is guess for a in self.element.iterancestors()):
            return False  # around the story: trafilatura reads the story in it
        return inside < self._total
