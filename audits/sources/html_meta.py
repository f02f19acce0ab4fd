"""What a page says about itself outside its article: a meta refresh, its site's name."""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml.html import HtmlElement

from audits.sources.author_names import author_name

# A page that sends the browser elsewhere this quickly is never read where it is.
MAX_REDIRECT_DELAY_S = 5
# Its own words are a notice ("Redirecting to ...", "If you are not redirected, click
# here"); a page with more than this is read as an article, redirect or not.
MAX_REDIRECT_NOTICE_WORDS = 50

MAX_TARGET_CHARS = 300

# HTML's "shared declarative refresh steps": a delay, then ; or , and an optional
# url= before the target, which may be quoted.
_REFRESH = re.compile(
    r"""^\s*(?P<delay>\d+(?:\.\d*)?)\s*(?:[;,]\s*(?:url\s*=\s*)?(?P<url>.*))?$""",
    re.I | re.S,
)


def refresh_target(tree: HtmlElement) -> str | None:
    """Where a ``<meta http-equiv="refresh">`` sends the reader at once, if anywhere."""
    for meta in tree.iter("meta"):
        if (meta.get("http-equiv") or "").strip().lower() != "refresh":
            continue
        if any(a.tag == "noscript" for a in meta.iterancestors()):
            continue  # for browsers without scripts: pages drawn by scripts send them on
        m = _REFRESH.match(meta.get("content") or "")
        if not m or float(m["delay"]) > MAX_REDIRECT_DELAY_S:
            continue
        target = (m["url"] or "").strip()
        if target[:1] in "'\"":
            target = target[1:].split(target[0], 1)[0]
        # The page's own words end up in an error line: printable only, and not a book.
        target = "".join(ch for ch in target if ch.isprintable()).strip()
        if target:
            return target[:MAX_TARGET_CHARS]
    return None


def is_redirect_notice(text: str) -> bool:
    return len(text.split()) < MAX_REDIRECT_NOTICE_WORDS


# How <title> separates the headline from the site's name ("Headline | Site").
_TITLE_SEPARATORS = re.compile(r"\s+[–•·—|⁄*~‹«<›»>:-]\s+")
_COPYRIGHT = re.compile(r"©|\(c\)|copyright", re.I)
_HOME_LINKS = frozenset({"/", "./", "index.html", "index.php"})


@dataclass(frozen=True)
class _SiteNames:
    """How a page names its site: names it gives, and its copyright lines."""

    names: frozenset[str]
    copyright_lines: tuple[str, ...]

    def __contains__(self, text: object) -> bool:
        key = _key(str(text))
        return key in self.names or any(key in line for line in self.copyright_lines)


def headline_title(tree: HtmlElement, title: str | None) -> str | None:
    """trafilatura's title, unless it is the site's name taken from a ``<title>`` of
    the form "Site - Headline"; then the headline.

    trafilatura takes the first part of a split ``<title>`` when nothing better
    names the page, which is the site on pages titled "Regional News Online -
    Hospital opens new cancer wing". A part is the site's name when the page says
    so: ``og:site_name`` or ``application-name``, the text of its link home, or a
    copyright line ("Copyright 2024 Regional News Online").
    """
    element = tree.find(".//title")
    if not title or element is None:
        return title
    parts = [p.strip() for p in _TITLE_SEPARATORS.split(element.text_content()) if p.strip()]
    if len(parts) < 2 or _key(title) not in {_key(p) for p in parts}:
        return title
    site = _site_names(tree)
    if title not in site:
        return title
    rest = [p for p in parts if p not in site]
    return max(rest, key=len) if rest else title


def _meta_keys(meta: HtmlElement) -> set[str]:
    """What a ``<meta>`` says its content is, by ``property`` and by ``name`` both:
    pages write ``<meta name="og:site_name" property="og:title">``."""
    return {(meta.get(a) or "").strip().lower() for a in ("property", "name")}


def _site_names(tree: HtmlElement) -> _SiteNames:
    names = {
        _key(meta.get("content") or "")
        for meta in tree.iter("meta")
        if _meta_keys(meta) & {"og:site_name", "application-name"}
    }
    names.update(
        _key(link.text_content())
        for link in tree.iter("a")
        if (link.get("href") or "").strip() in _HOME_LINKS
    )
    body = tree.find(".//body")
    chunks = body.itertext() if body is not None else ()
    lines = tuple(_key(chunk) for chunk in chunks if _COPYRIGHT.search(chunk))
    return _SiteNames(frozenset(names - {""}), lines)


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


_DESCRIPTIONS = ("og:description", "description", "twitter:description")


def description_name(tree: HtmlElement) -> str | None:
    """The name of the first non-empty description ``<meta>`` (``og:description``...)."""
    for meta in tree.iter("meta"):
        kind = (meta.get("property") or meta.get("name") or "").lower()
        if kind in _DESCRIPTIONS and (meta.get("content") or "").strip():
            return kind
    return None


_AUTHOR_METAS = ("author", "article:author", "byl", "sailthru.author", "parsely-author")


def meta_author_line(tree: HtmlElement) -> str | None:
    """The content of the page's first author ``<meta>`` tag that names anyone (not a
    profile's address, as Facebook's ``article:author`` is), as written: "By Jane Doe,
    Reuters" is a byline, whose writer ``page_author`` takes."""
    for meta in tree.iter("meta"):
        kind = (meta.get("name") or meta.get("property") or "").lower()
        if kind in _AUTHOR_METAS and author_name(content := meta.get("content")):
            return content
    return None


def meta_authors(tree: HtmlElement) -> list[str]:
    """The name the page's first author ``<meta>`` tag that names anyone gives."""
    name = author_name(meta_author_line(tree))
    return [name] if name is not None else []


# The <meta>s a page states its publication date in (htmldate reads them too).
_DATE_METAS = frozenset(
    {
        "article:published_time",
        "og:published_time",
        "date",
        "pubdate",
        "publishdate",
        "publish-date",
        "publish_date",
        "dc.date",
        "dc.date.issued",
        "dcterms.created",
        "dcterms.issued",
        "datepublished",
        "sailthru.date",
        "parsely-pub-date",
        "article.published",
        "originalpublicationdate",
    }
)


def meta_dates(tree: HtmlElement) -> list[str]:
    """The publication dates the page's <meta>s state, as written."""
    return [
        content
        for meta in tree.iter("meta")
        if (_meta_keys(meta) | {(meta.get("itemprop") or "").strip().lower()}) & _DATE_METAS
        and (content := (meta.get("content") or "").strip())
    ]


# An outlet's name is a few words; a longer value is a page's junk.
MAX_SITE_NAME_CHARS = 100


def site_name(tree: HtmlElement, publishers: list[str | None]) -> str | None:
    """The outlet the page names itself by: its ``og:site_name``, else the first of
    ``publishers`` (its JSON-LD articles' ``publisher`` names) that names one. A page
    of a content farm says whose it is there even when its byline and title do not."""
    declared = (
        meta.get("content") for meta in tree.iter("meta") if "og:site_name" in _meta_keys(meta)
    )
    for value in (*declared, *publishers):
        name = " ".join("".join(ch for ch in value or "" if ch.isprintable()).split())
        if name and len(name) <= MAX_SITE_NAME_CHARS:
            return name
    return None
