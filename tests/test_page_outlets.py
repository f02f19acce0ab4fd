"""Who publishes a page or a feed's item: the outlet a page names itself by (its
``meta.site_name``), an aggregator's outlet suffix on an item's title, and a byline's
outlet told from a second writer."""

from __future__ import annotations

import json

from audits.document import Document
from audits.sources.html import document_from_html
from tests.feed_fixtures import STORY

HEADLINE = "Old bridge to close for repairs"


def _page(head: str = "", body: str = "") -> str:
    body = body or "".join(f"<p>{p}</p>" for p in STORY)
    return (
        f"<html><head>{head}<title>{HEADLINE}</title></head><body><article>"
        f"<h1>{HEADLINE}</h1>{body}</article></body></html>"
    )


def _ld(article: dict[str, object]) -> str:
    return f'<script type="application/ld+json">{json.dumps(article)}</script>'


def _paragraphs(doc: Document) -> list[str]:
    return doc.text.split("\n\n")


# --- the outlet a page names itself by -------------------------------------------------


def test_a_pages_og_site_name_is_its_meta_site_name() -> None:
    """A page's outlet had no field: ``og:site_name`` was read only to tell a site's
    name from a headline in its <title>, and the report never said whose page it was."""
    head = '<meta property="og:site_name" content=" Harbour\n Times ">'
    doc = document_from_html(_page(head), "p.html")
    assert doc.meta["site_name"] == "Harbour Times"
    assert _paragraphs(doc) == [HEADLINE, *STORY]


def test_a_json_ld_publisher_names_the_outlet_when_og_site_name_is_missing() -> None:
    ld = {
        "@type": "NewsArticle",
        "headline": HEADLINE,
        "author": {"@type": "Person", "name": "Jane Doe"},
        "publisher": {"@type": "Organization", "name": "Harbour Times"},
    }
    doc = document_from_html(_page(_ld(ld)), "p.html")
    assert doc.meta["site_name"] == "Harbour Times"
    both = '<meta property="og:site_name" content="Harbour Times Online">' + _ld(ld)
    assert document_from_html(_page(both), "p.html").meta["site_name"] == "Harbour Times Online"


def test_a_page_that_names_no_outlet_has_no_site_name() -> None:
    empty = '<meta property="og:site_name" content="  ">'
    assert "site_name" not in document_from_html(_page(empty), "p.html").meta
