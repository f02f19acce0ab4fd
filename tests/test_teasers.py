"""A page or feed entry cut off at a paywall notice says it is only a teaser.

The audit of a paywalled page saw the story's first paragraphs and then the
paywall's box (left out) or notice (reported by S505), and nothing said so: its
verdict read as a verdict on the whole article.
"""

from __future__ import annotations

import json

from typer.testing import CliRunner

from audits import AuditConfig, audit_document
from audits.detectors.scrape import paywall_notices
from audits.document import Document
from audits.sources.feed import read_feed
from audits.sources.html import document_from_html
from audits.sources.teasers import is_paywall_notice
from cli.app import app
from tests.feed_fixtures import STORY, rss_entry

HEADLINE = "Bridge to close for repairs"
OPENING = "".join(f"<p>{p}</p>" for p in STORY[:2])
REST = f"<p>{STORY[2]}</p>"
BOX = (
    '<div class="paywall-prompt"><h3>This article is for subscribers only</h3>'
    "<p>Subscribe for 1 euro a month to read the rest.</p>"
    '<a href="/subscribe">Subscribe now</a></div>'
)


def _page(article: str, after: str = "") -> str:
    return (
        f"<html><head><title>{HEADLINE}</title></head><body><article><h1>{HEADLINE}</h1>"
        f"{article}</article>{after}</body></html>"
    )


def _teaser(html: str) -> str | None:
    return document_from_html(html, "page.html").meta.get("paywall_teaser")


def test_a_page_that_stops_at_a_paywall_says_it_is_a_teaser():
    assert _teaser(_page(OPENING + BOX)) == "This article is for subscribers only"
    # Written as a paragraph, the notice stays for S505 and says the same.
    notice = _page(OPENING + "<p>Subscribe to continue reading.</p>")
    assert _teaser(notice) == "Subscribe to continue reading."
    doc = document_from_html(notice, "page.html")
    audit = audit_document(doc, AuditConfig(lm=False))
    assert "S505" in {f.code for f in audit.findings}
    # The page's footer after the story is no part of it.
    footer = "<footer><p>© Riverside Chronicle 2024. All rights reserved.</p></footer>"
    assert _teaser(_page(OPENING + BOX, footer)) == "This article is for subscribers only"


def test_a_whole_story_with_a_paywall_box_or_a_subscribers_line_is_no_teaser():
    # The story goes on after the box (the page holds it all).
    assert _teaser(_page(OPENING + BOX + REST + REST)) is None
    # A box named paywall that holds the story's rest is not the notice.
    long_box = f'<div class="paywall">{REST * 4}</div>'
    assert _teaser(_page(OPENING + long_box)) is None
    # The site's own footer and sidebar.
    footer = "<footer><p>Subscribers only: read the e-edition.</p></footer>"
    aside = "<aside><p>Already a subscriber? Log in here.</p></aside>"
    assert _teaser(_page(OPENING + REST, footer + aside)) is None
    # A sentence of the story about subscribers.
    about = "<p>The paper said its subscribers only learned of the closure on Monday.</p>"
    assert _teaser(_page(OPENING + REST + about)) is None
    assert _teaser(_page(OPENING + REST)) is None


def test_a_feed_entry_that_stops_at_a_paywall_notice_says_it_is_a_teaser():
    (entry,) = read_feed(rss_entry(OPENING + "<p>Subscribe to continue reading.</p>", "T"), "f")
    assert entry.meta["paywall_teaser"] == "Subscribe to continue reading."
    (whole,) = read_feed(rss_entry(OPENING + REST, "T"), "f")
    assert "paywall_teaser" not in whole.meta


def test_the_command_line_warns_of_teasers(tmp_path):
    teaser, whole = tmp_path / "teaser.html", tmp_path / "whole.html"
    teaser.write_text(_page(OPENING + BOX), encoding="utf-8")
    whole.write_text(_page(OPENING + REST), encoding="utf-8")
    result = CliRunner().invoke(
        app, ["audit", str(teaser), str(whole), "--no-lm", "--format", "json"]
    )
    docs = json.loads(result.stdout)["documents"]
    assert [d["meta"].get("paywall_teaser") for d in docs] == [
        "This article is for subscribers only",
        None,
    ]
    warnings = [ln for ln in result.stderr.splitlines() if "warning" in ln]
    assert warnings == [
        f"mtaudit: warning: 1 document stops at a paywall notice ({teaser}): only the "
        "story's opening was audited"
    ]


def test_a_closing_sentence_about_subscribing_is_no_notice():
    closing = (
        "<p>Readers who subscribe to read more about the works can sign up at the "
        "council's website before Friday.</p>"
    )
    assert _teaser(_page(OPENING + REST + closing)) is None
    assert _teaser(_page(OPENING + "<p>Want more? Subscribe to read on.</p>")) == (
        "Want more? Subscribe to read on."
    )


def test_the_paywall_notices_s505_reports_are_the_notices_a_teaser_stops_at():
    """The notices lived twice, in S505's list (scrape.toml) and in the teaser's
    pattern, and drifted: an entry that stopped at "To continue reading this article,
    become a subscriber." was no teaser, and S505 did not report "Already a member?"."""
    for notice in paywall_notices():
        line = f"{notice[0].upper()}{notice[1:]}"
        assert is_paywall_notice(line), notice
        doc = Document(id="n", text=f"{STORY[0]}\n\n{line}", source="n")
        audit = audit_document(doc, AuditConfig(lm=False))
        assert "S505" in {f.code for f in audit.findings}, notice
    notice = "To continue reading this article, become a subscriber."
    (entry,) = read_feed(rss_entry(f"{OPENING}<p>{notice}</p>", HEADLINE), "f.xml")
    assert entry.meta.get("paywall_teaser") == notice
