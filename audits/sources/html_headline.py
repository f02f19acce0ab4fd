"""The page's headline as the first line of its text, whatever the theme's markup.

trafilatura keeps the ``<h1>`` when it takes a whole ``<article>`` but not when
it finds a content block such as WordPress's ``div.entry-content``, which holds
the body only. So the headline reached the audit on some themes and not on
others, and on the latter a scraped body that repeats the headline (rule S501's
sign of a copied page) showed it once: invisible. Now the headline element is
marked before extraction; if trafilatura left it out, its text is put first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from audits.sources.html_clean import name_tokens

# Printable characters (trafilatura deletes unprintable ones) that tag the headline's
# text through extraction; the first one the page lacks is used.
_MARKS = ("\u2bd3", "\u2bd4", "\u2bd5", "\u2e42")
# Blogger writes "Blog name: Post title", the colon against the blog's name.
_TITLE_SEPARATORS = re.compile(r"\s+[–•·—|⁄*~‹«<›»>:-]\s+|:\s+")
# Words in a class or id that say an element is the site's name, not the article's.
# A class or id token, whole: "header" is the page's, "post-header" an article's.
_SITE_NAME = re.compile(
    r"(?:^|[-_])(?:logo|brand|branding|masthead)(?:$|[-_])"
    r"|^(?:site|blog)[-_]?(?:title|name|header)$|^(?:page[-_]?)?header$|^top[-_]?bar$",
    re.I,
)
_HEADLINE_CLASS = re.compile(r"title|headline|heading", re.I)
_CHROME = frozenset({"header", "nav", "footer", "aside", "form"})


@dataclass(frozen=True)
class Headline:
    """The headline element's text, the mark put before it for extraction, and the
    element (None for a headline the JSON-LD states)."""

    text: str
    mark: str
    element: HtmlElement | None = field(default=None, compare=False, repr=False)


def mark_headline(tree: HtmlElement) -> Headline | None:
    """Find the visible headline (an ``<h1>``, else an ``<h2>``/``<h3>`` styled as a
    title, whose text is also the page's title) and mark its text in place."""
    titles = _title_candidates(tree)
    if not titles:
        return None
    present = tree.text_content()
    mark = next((m for m in _MARKS if m not in present), None)
    if mark is None:
        return None
    for element in _headings(tree):
        text = " ".join(element.text_content().split())
        if _key(text) in titles and not _is_site_name(element):
            element.text = mark + (element.text or "")
            return Headline(text, mark, element)
    return None


def restore_headline(headline: Headline | None, text: str) -> str:
    """``text`` without the mark, the headline put first when extraction left it out."""
    if headline is None:
        return text
    if headline.mark in text:
        return text.replace(headline.mark, "")
    return f"{headline.text}\n\n{text}" if text else text


def _headings(tree: HtmlElement) -> list[HtmlElement]:
    h1 = list(tree.iter("h1"))
    styled = [
        h
        for h in tree.iter("h2", "h3")
        if _HEADLINE_CLASS.search(h.get("class") or "") or h.get("itemprop") == "headline"
    ]
    return h1 + styled


def _is_site_name(element: HtmlElement) -> bool:
    """A site's name in a heading: an image or a link to the site's home page, or a
    heading outside any article that sits in the page header or chrome, or is named
    so by its or a parent's class."""
    if element.find(".//img") is not None or _links_home(element):
        return True
    ancestors = list(element.iterancestors())
    if any(a.tag in ("article", "main") for a in ancestors):
        return False
    return any(
        node.tag in _CHROME or any(map(_SITE_NAME.search, name_tokens(node)))
        for node in (element, *ancestors)
    )


def _links_home(element: HtmlElement) -> bool:
    """Whether the heading is a link to a home page ("/", "https://blog.example/"):
    a blog's name, which Blogger's "Blog name: Post title" also puts in <title>."""
    link = element.find(".//a")
    if link is None:
        return False
    try:
        parts = urlsplit((link.get("href") or "").strip())
    except ValueError:
        return False
    return bool(link.get("href")) and parts.path in _HOME_PATHS and not parts.query


_HOME_PATHS = frozenset({"", "/", "./", "/index.html", "/index.php", "index.html"})


def _title_candidates(tree: HtmlElement) -> set[str]:
    """The page's own names for itself, as keys: og:title, twitter:title, <title>
    and each side of its separator ("Headline | Site")."""
    names: list[str] = []
    for meta in tree.iter("meta"):
        if (meta.get("property") or meta.get("name") or "").lower() in (
            "og:title",
            "twitter:title",
        ):
            names.append(meta.get("content") or "")
    title = tree.find(".//title")
    if title is not None:
        full = title.text_content()
        names.append(full)
        names.extend(_TITLE_SEPARATORS.split(full))
    return {key for key in map(_key, names) if key}


def _key(text: str) -> str:
    return " ".join(text.casefold().split()).strip(" .!?:;\u2013\u2014-")
