"""A page's canonical link made absolute as a browser makes it, before trafilatura
reads the page's address from it."""

from __future__ import annotations

import re
from urllib.parse import urldefrag, urljoin, urlsplit

from lxml.html import HtmlElement

# HTML strips only these from an attribute's URL, not NBSP or other Unicode spaces.
_ASCII_WHITESPACE = " \t\n\r\f"


def _canonical_link(tree: HtmlElement) -> HtmlElement | None:
    """The head's first link whose rel, a case-insensitive list of tokens split on
    ASCII whitespace, holds "canonical"; its rel is made exactly "canonical", the
    only spelling trafilatura looks for."""
    for link in tree.iterfind(".//head//link[@rel]"):
        if "canonical" in re.split(f"[{_ASCII_WHITESPACE}]+", link.get("rel", "").lower()):
            link.set("rel", "canonical")
            return link
    return None


def resolve_canonical_link(tree: HtmlElement, page_url: str | None) -> None:
    """Make the href of ``tree``'s canonical link absolute, in place, where it is
    relative and the page says what it is relative to: its first ``<base href>``
    (itself resolved against ``page_url``), else ``page_url``, the address the page
    was read from. trafilatura resolves no link against ``<base>`` (it takes a
    ``<base href>`` as the page's address only where there is no canonical link):
    it took a relative canonical link's host from an ``og:`` tag's URL (an image's
    on a CDN would do) or, with none, dropped it, and a page saved to a file was
    reported with no ``url``."""
    link = _canonical_link(tree)
    href = (link.get("href") or "").strip(_ASCII_WHITESPACE) if link is not None else ""
    # A fragment-only link names a place in the page, not its address: left as
    # written, trafilatura rejects it.
    if not href or href.startswith("#"):
        return
    base = _base_url(tree, page_url)
    if base is not None:
        link.set("href", urldefrag(urljoin(base, href)).url)


def _base_url(tree: HtmlElement, page_url: str | None) -> str | None:
    """The absolute URL the page's relative links are resolved against, as HTML
    defines it: the first ``<base>`` with an href, resolved against the page's own
    address, else that address; None where neither gives an absolute URL."""
    page = page_url if page_url and _absolute(page_url) else None
    for base in tree.iter("base"):
        href = base.get("href")
        if href is not None:
            href = href.strip(_ASCII_WHITESPACE)
            resolved = urljoin(page, href) if page else href
            return resolved if _absolute(resolved) else page
    return page


def _absolute(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)
