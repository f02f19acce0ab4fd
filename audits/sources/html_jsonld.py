"""Paragraphs of an article whose text comes from its JSON-LD ``articleBody``.

Pages rendered by scripts (an empty ``<div id="root">``) often carry the article
only in schema.org JSON-LD. trafilatura falls back to it but squeezes all
whitespace, so "...than expected.\\n\\nThe governor told reporters..." became
one paragraph, and a line without a full stop (a "Read also" line, a heading)
ran into the next sentence. A paragraph of the extracted text that is exactly
an ``articleBody`` (whitespace aside) is written again from the JSON value,
keeping its paragraphs and lines.

Such a page's ``<title>`` is often the site's name alone; the article's
``headline`` and its ``author`` (an organisation too, which trafilatura passes
over) stand beside the body.
"""

from __future__ import annotations

import functools
import html
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from lxml.html import HtmlElement

from audits.sources.author_names import author_name
from audits.sources.clear_markup import is_clearly_html
from audits.sources.fragment import html_to_text, plain_text, unescaped_markup

_BODY_KEYS = ("articleBody", "reviewBody")  # the full-text properties trafilatura reads
_CONTAINERS = ("@graph", "mainEntity")
# Objects that describe the article itself, not its site, breadcrumbs or publisher.
_ARTICLE_KEYS = (*_BODY_KEYS, "headline")


@dataclass(frozen=True)
class LdArticle:
    """What an article object of the page's JSON-LD says: its body, headline, the
    names of its authors (people or organisations, as it states them) and its
    publisher's name (the outlet)."""

    body: str | None
    headline: str | None
    authors: tuple[str, ...]
    publisher: str | None = None
    # Its datePublished as written ("2024-03-03T10:00:00Z", "Sunday, March 3, 2024").
    published: str | None = None

    @functools.cached_property
    def rendered(self) -> str:
        """The body as paragraphs (``render_body``), worked out once: restoring the
        page's paragraphs and finding the article of its text both read it."""
        return render_body(self.body) if self.body else ""


def json_ld_articles(tree: HtmlElement) -> list[LdArticle]:
    """Every article object (one with a body or a headline) in the page's JSON-LD."""
    articles: list[LdArticle] = []
    for script in tree.iterfind('.//script[@type="application/ld+json"]'):
        source = script.text or ""
        if not any(key in source for key in _ARTICLE_KEYS):
            continue
        try:
            # strict=False: real pages put raw newlines inside JSON strings.
            data = json.loads(source, strict=False)
        except (ValueError, RecursionError):
            continue
        articles.extend(_articles(data, _named_ids(data)))
    return articles


def _articles(node: Any, ids: dict[str, str], depth: int = 0) -> Iterator[LdArticle]:
    if depth > _MAX_DEPTH:
        return
    for item in node if isinstance(node, list) else [node]:
        if not isinstance(item, dict):
            continue
        bodies = [value for key in _BODY_KEYS if _text(value := item.get(key))]
        body = bodies[0] if bodies else None
        headline = _one_line(item.get("headline"))
        if body is not None or headline is not None:
            authors = tuple(_names(item.get("author")))
            publisher = _publisher(item.get("publisher"), ids)
            published = _one_line(item.get("datePublished"))
            yield LdArticle(body, headline, authors, publisher, published)
        for key in _CONTAINERS:
            yield from _articles(item.get(key), ids, depth + 1)


_MAX_DEPTH = 8  # @graph inside mainEntity inside @graph...: real pages nest two or three


def _names(value: Any) -> Iterator[str]:
    """The names of an ``author`` value (a string, an object with a ``name``, or a
    list of either) that name someone (``author_name``)."""
    for item in value if isinstance(value, list) else [value]:
        name = item.get("name") if isinstance(item, dict) else item
        if isinstance(name, str) and (named := author_name(html.unescape(name))):
            yield named


def _publisher(value: Any, ids: dict[str, str]) -> str | None:
    """The name of a ``publisher`` value (a string, an object with a ``name`` or a
    reference ``{"@id": ...}`` to one, or a list of these: the first that names one)."""
    for item in value if isinstance(value, list) else [value]:
        name = item.get("name") if isinstance(item, dict) else item
        if name is None and isinstance(item, dict) and isinstance(item.get("@id"), str):
            name = ids.get(item["@id"])
        if (named := _one_line(name)) is not None:
            return named
    return None


def _named_ids(node: Any, depth: int = 0) -> dict[str, str]:
    """The names of the objects with an ``@id`` in ``node``: Yoast (WordPress) writes
    an article's publisher as ``{"@id": "#org"}``, the organisation elsewhere in its
    ``@graph``."""
    found: dict[str, str] = {}
    if depth > _MAX_DEPTH:
        return found
    items = node if isinstance(node, list) else [node] if isinstance(node, dict) else []
    for item in items:
        if not isinstance(item, dict):
            continue
        key, name = item.get("@id"), item.get("name")
        if isinstance(key, str) and _text(name):
            found.setdefault(key, name)
        for value in item.values():
            if isinstance(value, list | dict):
                for k, v in _named_ids(value, depth + 1).items():
                    found.setdefault(k, v)
    return found


def _text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _one_line(value: Any) -> str | None:
    """A short JSON string as one line of text: entities read, whitespace squeezed."""
    if not _text(value):
        return None
    return " ".join(html.unescape(value).split()) or None


def article_of_text(text: str, articles: list[LdArticle]) -> LdArticle | None:
    """The article whose body is the whole of ``text`` (whitespace aside): the page's
    text came from its JSON-LD, not from its markup."""
    key = _squeezed(text)
    if not key:
        return None
    return next((a for a in articles if a.rendered and _squeezed(a.rendered) == key), None)


def restore_paragraphs(text: str, articles: list[LdArticle]) -> str:
    """``text`` with each paragraph that is a squeezed ``articleBody`` of ``articles``
    written out again."""
    rendered = {_squeezed(a.rendered): a.rendered for a in articles if a.rendered}
    if not rendered:
        return text
    return "\n\n".join(rendered.get(_squeezed(p), p) for p in text.split("\n\n"))


def render_body(raw: str) -> str:
    """An ``articleBody`` as paragraphs: HTML read like a feed entry, plain text kept
    by its blank lines and lines. Sites that HTML-escape it ("&lt;p&gt;") are read
    once unescaped, as trafilatura reads them. HTML is what is clearly HTML
    (``is_clearly_html``), as for a feed's text: "a <b and c> d" or "x<y> matters"
    is text, read with its character references made characters ("Q&amp;A")."""
    # Escaped twice ("&amp;lt;p&amp;gt;"), it is unescaped once more, as a feed's is.
    unescaped = html.unescape(raw)
    value = unescaped_markup(unescaped if "<" not in raw else raw)
    if is_clearly_html(value):
        return html_to_text(value)
    return plain_text(unescaped)


def _squeezed(text: str) -> str:
    return "".join(text.split())
