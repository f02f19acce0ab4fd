"""A story's standfirst: the summary a page prints between its headline and its body.

The Guardian writes it in ``<div data-gu-name="standfirst">``, other sites in a
``<p class="standfirst">`` or an ``article-summary`` block. trafilatura leaves it
out as it does the headline (it lies outside the article's body), yet it is the
outlet's own prose, written with the story, and often the first sentence a reader
meets: it is audited, as the story's first paragraph after the headline.

A "standfirst" above the headline or after any of the story's paragraphs is a
teaser's (a related story's card), not the story's, and is left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml.html import HtmlElement, tostring

from audits.sources.fragment import html_to_text

_NAMED = re.compile(r"standfirst|article[-_]+summary", re.I)
_NAMING = ("class", "id", "data-gu-name", "data-component", "data-testid")
# Blocks so named that are looked at: teasers' summaries may come first.
MAX_CANDIDATES = 5
# A summary is a sentence or two; a longer block so named is no standfirst.
MAX_STANDFIRST_WORDS = 80
# The characters of paragraphs that may precede it (a kicker, a caption), spaces aside:
# more is the body.
_MAX_CHARS_BEFORE = 400


@dataclass(frozen=True)
class Standfirst:
    """A standfirst's text (its paragraphs and lines kept) and the paragraphs of the
    page before it (squeezed): if one of them is in the story, it came after the
    story's opening and is a teaser's."""

    text: str
    paragraphs_before: tuple[str, ...]


def page_standfirst(tree: HtmlElement) -> Standfirst | None:
    """The page's first block named as a standfirst that stands where a story's
    summary does (after the page's ``<h1>``, before its story), or None."""
    named = (
        e
        for e in tree.iter()
        if isinstance(e.tag, str)
        and _is_named(e)
        and not any(a.tag in ("a", "li") or _is_named(a) for a in e.iterancestors())
    )
    for _, element in zip(range(MAX_CANDIDATES), named, strict=False):
        text = html_to_text(tostring(element, encoding="unicode", with_tail=False))
        if not text or len(text.split()) > MAX_STANDFIRST_WORDS:
            continue
        before = _paragraphs_before(tree, element)
        if before is not None:
            return Standfirst(text, before)
    return None


def _is_named(element: HtmlElement) -> bool:
    return any(_NAMED.search(element.get(a) or "") for a in _NAMING)


def _paragraphs_before(tree: HtmlElement, element: HtmlElement) -> tuple[str, ...] | None:
    """The paragraphs (squeezed) between the page's headline (its first ``<h1>``, where
    it has one) and ``element``; None when ``element`` stands before the headline or
    after more words of paragraphs than a kicker or a caption holds."""
    headline = tree.find(".//h1")
    seen_headline = headline is None
    before: list[str] = []
    for found in tree.iter("p", "h1", element.tag):
        if found is element:
            return tuple(before) if seen_headline else None
        if found is headline:
            seen_headline = True
        elif found.tag == "p" and (squeezed := _squeezed(found.text_content())):
            before.append(squeezed)
            if sum(len(p) for p in before) > _MAX_CHARS_BEFORE:
                return None
    return None


def with_standfirst(text: str, standfirst: Standfirst | None, headline: str | None) -> str:
    """``text`` with ``standfirst`` its first paragraph after the ``headline`` (or its
    first when it opens with none), unless the text holds it already or a paragraph
    before it."""
    if standfirst is None or not text:
        return text
    squeezed = _squeezed(text)
    if _squeezed(standfirst.text) in squeezed:
        return text
    if any(p in squeezed for p in standfirst.paragraphs_before):
        return text  # after the story's opening: a teaser's
    head, _, rest = text.partition("\n\n")
    if headline is not None and head == headline:
        return f"{head}\n\n{standfirst.text}" + (f"\n\n{rest}" if rest else "")
    return f"{standfirst.text}\n\n{text}"


def _squeezed(text: str) -> str:
    return "".join(text.split())
