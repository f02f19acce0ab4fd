"""A story's standfirst (the summary between its headline and its body) is read as
its first paragraph after the headline; a teaser's summary is not."""

from __future__ import annotations

from audits.sources.html import document_from_html
from tests.feed_fixtures import STORY

HEADLINE = "Old bridge to close for repairs"
SUMMARY = "Engineers say the parapet could fail in a storm, and drivers face weeks of detours."
BODY = "".join(f"<p>{p}</p>" for p in STORY)


def _paragraphs(html: str) -> list[str]:
    return document_from_html(html, "p.html").text.split("\n\n")


def _page(inner: str) -> str:
    return f"<html><head><title>{HEADLINE}</title></head><body>{inner}</body></html>"


def test_a_guardian_standfirst_is_the_first_paragraph_after_the_headline() -> None:
    """trafilatura left out the Guardian's standfirst, outside the article's body:
    the outlet's own summary, the first sentence a reader meets, was never audited."""
    page = _page(
        f'<main><div data-gu-name="headline"><h1>{HEADLINE}</h1></div>'
        f'<div data-gu-name="standfirst"><div class="dcr-1"><p>{SUMMARY}</p></div></div>'
        f'<div data-gu-name="body"><div class="article-body-commercial-selector">{BODY}'
        "</div></div></main>"
    )
    assert _paragraphs(page) == [HEADLINE, SUMMARY, *STORY]


def test_a_standfirst_paragraph_is_read_once() -> None:
    named = _page(
        f'<article><h1>{HEADLINE}</h1><p class="standfirst">{SUMMARY}</p>'
        f'<div class="article-body">{BODY}</div></article>'
    )
    assert _paragraphs(named) == [HEADLINE, SUMMARY, *STORY]
    # A summary trafilatura keeps stays where it is, not twice.
    kept = _page(
        f'<article><h1>{HEADLINE}</h1><div class="article-summary">{SUMMARY}</div>'
        f'<div class="content">{BODY}</div></article>'
    )
    assert _paragraphs(kept) == [HEADLINE, SUMMARY, *STORY]


def test_a_teasers_standfirst_is_no_part_of_the_story() -> None:
    teaser = (
        '<div class="card"><h3>Ferry returns</h3>'
        '<p class="card__standfirst">The night ferry is back after two years.</p></div>'
    )
    after = _page(
        f'<article><h1>{HEADLINE}</h1><div class="article-body">{BODY}</div></article>'
        f"<aside>{teaser}</aside>"
    )
    before = _page(
        f'<aside>{teaser}</aside><article><h1>{HEADLINE}</h1><div class="article-body">'
        f"{BODY}</div></article>"
    )
    for page in (after, before):
        assert _paragraphs(page) == [HEADLINE, *STORY]


def test_the_storys_standfirst_is_found_after_a_teasers_above_the_headline() -> None:
    teaser = '<div class="promo"><p class="promo__standfirst">The night ferry is back.</p></div>'
    page = _page(
        f'<aside>{teaser}</aside><article><h1>{HEADLINE}</h1><p class="standfirst">{SUMMARY}'
        f'</p><div class="article-body">{BODY}</div></article>'
    )
    assert _paragraphs(page) == [HEADLINE, SUMMARY, *STORY]


PROMO = '<div class="promo"><p class="promo__standfirst">The night ferry is back.</p></div>'


def test_after_the_headline_is_after_the_headline_element_not_the_first_h1() -> None:
    """ "After the headline" was after the page's first ``<h1>``: a logo's ``<h1>`` in
    the header made a promo's summary below it the story's, and the story's own was
    dropped; a headline in an ``<h2 class="entry-title">`` had no ``<h1>`` at all."""
    logo = _page(
        f'<header><h1 class="logo"><a href="/">Harbour Times</a></h1></header>{PROMO}'
        f'<article><h1>{HEADLINE}</h1><p class="standfirst">{SUMMARY}</p>'
        f'<div class="article-body">{BODY}</div></article>'
    )
    entry_title = _page(
        f'{PROMO}<article><h2 class="entry-title">{HEADLINE}</h2>'
        f'<p class="standfirst">{SUMMARY}</p><div class="entry-content">{BODY}</div></article>'
    )
    for page in (logo, entry_title):
        assert _paragraphs(page) == [HEADLINE, SUMMARY, *STORY]


def test_teasers_above_the_headline_do_not_use_up_the_candidates() -> None:
    """Five teasers' summaries above the headline were the five blocks looked at: the
    story's standfirst, the sixth, was never read."""
    cards = "".join(
        f'<div class="promo"><h3>Story {n}</h3><p class="promo__standfirst">Teaser {n}.</p></div>'
        for n in range(6)
    )
    page = _page(
        f'<aside>{cards}</aside><article><h1>{HEADLINE}</h1><p class="standfirst">{SUMMARY}'
        f'</p><div class="article-body">{BODY}</div></article>'
    )
    assert _paragraphs(page) == [HEADLINE, SUMMARY, *STORY]


def test_a_standfirst_with_a_format_character_is_read_once() -> None:
    """A soft hyphen in the standfirst ("para&shy;pet") that trafilatura kept made
    the text and the standfirst differ, and the summary was read twice."""
    summary = SUMMARY.replace("parapet", "para&shy;pet")
    page = _page(
        f'<article><h1>{HEADLINE}</h1><div class="article-summary">{summary}</div>'
        f'<div class="content">{BODY}</div></article>'
    )
    paragraphs = _paragraphs(page)
    assert len(paragraphs) == len(STORY) + 2
    assert paragraphs[1].replace("\u00ad", "") == SUMMARY
