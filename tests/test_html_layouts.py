"""Article extraction from page layouts of the real web: old table layouts, captions
and photo credits, Blogger and AMP pages.

The pages are small and hand-written after the markup those sites produce; each
test names the fault it guards against.
"""

from __future__ import annotations

from audits.document import Document
from audits.sources.html import document_from_html

HARBOUR = [
    "The harbour council voted on Tuesday to approve a new ferry terminal on the north "
    "quay, ending three years of debate over the future of the waterfront.",
    "Councillors said the terminal would bring more visitors to the town and create about "
    "forty jobs once it opens in the spring of 2026.",
    "Opponents warned that the extra traffic would clog the narrow streets of the old town "
    "and asked the council to publish its traffic study in full.",
]
HARBOUR_HEADLINE = "Harbour council approves new ferry terminal"


def _paragraphs(doc: Document) -> list[str]:
    return doc.text.split("\n\n")


def _table_layout(article_cell: str) -> str:
    """A page laid out the way old CMSs did it: one <table> for the whole page, the
    menu in the left cell, the article in the middle, ads and a poll on the right."""
    return (
        f"<html><head><title>{HARBOUR_HEADLINE} - Coastal Gazette</title></head><body>"
        '<table width="100%" border="0" cellpadding="0" cellspacing="0">'
        '<tr><td colspan="3"><img src="logo.gif" alt="Coastal Gazette"></td></tr><tr>'
        '<td width="160" valign="top" class="leftnav">'
        '<a href="/">Home</a><br><a href="/news">Local News</a><br>'
        '<a href="/sport">Sport</a><br><a href="/weather">Weather</a><br>'
        "<b>Most read this week</b><br>"
        '<a href="/a1">Fishermen protest new quota rules at the harbour office</a><br>'
        '<a href="/a2">School fete raises record sum for the new library wing</a><br></td>'
        f'<td valign="top">{article_cell}</td>'
        '<td width="180" valign="top"><b>Advertise with us</b><br>Call 01234 567890 for our '
        "rates.<br><b>Weather</b><br>Sunny spells, light winds from the west, highs of 14 "
        "degrees.<br><b>Poll</b><br>Should the council build a second car park on the quay? "
        "Yes / No<br></td></tr>"
        '<tr><td colspan="3">Copyright 2024 Coastal Gazette. All rights reserved.</td></tr>'
        "</table></body></html>"
    )


def test_a_table_layout_keeps_the_menu_and_sidebar_cells_out_of_the_article() -> None:
    # The menu, "Most read" links, the ad, the weather box and the poll came out as
    # paragraphs of the article, audited as its prose; the headline was lost.
    cell = (
        f'<font size="4"><b>{HARBOUR_HEADLINE}</b></font><br>'
        '<font size="2">By Mary Jones, 12 March 2024</font>'
        + "".join(f"<p>{p}</p>" for p in HARBOUR)
    )
    doc = document_from_html(_table_layout(cell), "gazette.html")
    byline = "By Mary Jones, 12 March 2024"
    assert _paragraphs(doc)[:4] == [f"{HARBOUR_HEADLINE}\n{byline}", *HARBOUR]
    for chrome in ("Local News", "Most read", "Fishermen protest", "Advertise", "Poll"):
        assert chrome not in doc.text


def test_a_layout_table_nested_in_a_layout_table_is_read_the_same() -> None:
    inner = (
        '<table width="100%"><tr><td class="story">'
        + "".join(f"<p>{p}</p>" for p in HARBOUR)
        + "</td></tr></table>"
    )
    doc = document_from_html(_table_layout(inner), "gazette.html")
    assert _paragraphs(doc)[-3:] == HARBOUR
    assert not any("Most read" in p or "Poll" in p for p in _paragraphs(doc))


def test_a_data_table_inside_the_article_stays_out_of_the_prose() -> None:
    # Tables of figures are left out of the text (they are not sentences); telling a
    # layout table from a data table must not bring them back.
    results = (
        "<table><tr><th>Ward</th><th>Yes</th><th>No</th></tr>"
        "<tr><td>North Quay</td><td>412</td><td>180</td></tr>"
        "<tr><td>Old Town</td><td>233</td><td>391</td></tr></table>"
    )
    body = f"<p>{HARBOUR[0]}</p>{results}<p>{HARBOUR[1]}</p><p>{HARBOUR[2]}</p>"
    page = (
        f"<html><head><title>{HARBOUR_HEADLINE}</title></head><body><article>"
        f"<h1>{HARBOUR_HEADLINE}</h1>{body}</article></body></html>"
    )
    assert _paragraphs(document_from_html(page, "results.html")) == [HARBOUR_HEADLINE, *HARBOUR]
