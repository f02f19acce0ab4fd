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
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from lxml.html import HtmlElement, tostring

from audits.sources.fragment import html_to_text

_NAMED = re.compile(r"standfirst|article[-_]+summary", re.I)
_NAMING = ("class", "id", "data-gu-name", "data-component", "data-testid")
# Blocks so named after the headline that are looked at; teasers' summaries above it
# are passed over uncounted, however many a page's promo boxes hold.
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


def page_standfirst(tree: HtmlElement, headline: HtmlElement | None = None) -> Standfirst | None:
    """The page's first block named as a standfirst that stands where a story's
    summary does (after the ``headline`` element, else the page's first ``<h1>``,
    before its story), or None."""
    start = headline if headline is not None else tree.find(".//h1")
    for _, element in zip(range(MAX_CANDIDATES), _named_after(tree, start), strict=False):
        text = html_to_text(tostring(element, encoding="unicode", with_tail=False))
        if not text or len(text.split()) > MAX_STANDFIRST_WORDS:
            continue
        before = _paragraphs_before(tree, start, element)
        if before is not None:
            return Standfirst(text, before)
    return None


def _named_after(tree: HtmlElement, start: HtmlElement | None) -> Iterator[HtmlElement]:
    """The blocks named as a standfirst after ``start`` (all, without one), none inside
    a link, a list item or another so named."""
    seen_start = start is None
    for element in tree.iter():
        if element is start:
            seen_start = True
        elif (
            seen_start
            and isinstance(element.tag, str)
            and _is_named(element)
            and not any(a.tag in ("a", "li") or _is_named(a) for a in element.iterancestors())
        ):
            yield element


def _is_named(element: HtmlElement) -> bool:
    return any(_NAMED.search(element.get(a) or "") for a in _NAMING)


def _paragraphs_before(
    tree: HtmlElement, start: HtmlElement | None, element: HtmlElement
) -> tuple[str, ...] | None:
    """The paragraphs (squeezed) between ``start`` (the headline, where the page has
    one) and ``element``; None when they hold more words than a kicker or a caption:
    ``element`` is after the story's opening."""
    seen_start = start is None
    before: list[str] = []
    for found in tree.iter("p", element.tag, *([start.tag] if start is not None else [])):
        if found is element:
            return tuple(before) if seen_start else None
        if found is start:
            seen_start = True
        elif seen_start and found.tag == "p" and (squeezed := _squeezed(found.text_content())):
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
    """``text`` without whitespace or format characters (Unicode Cf): trafilatura keeps
    a soft hyphen ("para\u00adpet") that the standfirst's own reading drops, and the
    one paragraph read as two."""
    return "".join(ch for ch in text if not ch.isspace() and unicodedata.category(ch) != "Cf")
