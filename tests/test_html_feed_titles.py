"""A feed entry's title and the title its own content may open with.

The entry's text opens with its title, as a page's opens with its headline. Many
feeds (Medium, some WordPress themes and plugins, Blogger posts) already put the
title at the top of the content, as a heading or a bold line: that is the
content's own title, not a second one. A content farm's scraped body repeats the
headline as a paragraph of its text, after the title: that is S501's copied page.
"""

from __future__ import annotations

import json

from audits import AuditConfig, audit_document
from audits.document import Document
from audits.sources.feed import read_feed
from tests.feed_fixtures import rss_entry

TITLE = "Lavrov and Blinken hold their positions in Geneva"
BODY = [
    "The head of Russian diplomacy, Sergei Lavrov, and his American counterpart, Antony "
    "Blinken, met on Friday in Geneva for talks that lasted an hour and a half.",
    "Both men said afterwards that their positions had not changed, but that they had "
    "agreed to keep talking.",
]
BODY_HTML = "".join(f"<p>{p}</p>" for p in BODY)


def _rss(content: str, title: str = TITLE) -> bytes:
    return rss_entry(content, title)


def _atom(content: str, title: str = TITLE) -> bytes:
    escaped = content.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        "<title>R</title><id>urn:r</id><updated>2024-03-01T10:00:00Z</updated>"
        f"<entry><title>{title}</title><id>urn:r:1</id>"
        '<link href="https://r.example/1"/><updated>2024-03-01T10:00:00Z</updated>'
        f'<content type="html">{escaped}</content></entry></feed>'
    ).encode()


def _json(content: str, title: str = TITLE, key: str = "content_html") -> bytes:
    item = {"id": "1", "title": title, "url": "https://r.example/1", key: content}
    return json.dumps({"version": "https://jsonfeed.org/version/1.1", "items": [item]}).encode()


def _entry(feed: bytes, name: str) -> Document:
    (entry,) = read_feed(feed, name)
    assert isinstance(entry, Document)
    return entry


def _s501(doc: Document) -> list[str]:
    return [f.text for f in audit_document(doc, AuditConfig(lm=False)).findings if f.code == "S501"]


# How real feeds put the title at the top of their own content.
OWN_TITLES = {
    # Medium: a heading, after the lead image.
    "medium": f'<figure><img src="https://cdn.example/1.jpeg"></figure><h3>{TITLE}</h3>',
    "wordpress-h2": f'<h2 class="entry-title"><a href="https://r.example/1">{TITLE}</a></h2>',
    "bold-paragraph": f"<p><strong>{TITLE}</strong></p>",
    # Blogger: a bold line, a blank line, then the post.
    "blogger-bold": f"<b>{TITLE}</b><br><br>",
    # The same title in the content's own typography and case.
    "typography": "<h1>LAVROV AND BLINKEN HOLD THEIR\u00a0POSITIONS  IN GENEVA</h1>",
}


def test_content_that_opens_with_its_own_title_does_not_show_it_twice() -> None:
    # The title was put before content that already opened with it: an honest feed
    # showed its headline twice, and S501 called it a scraped page.
    for name, top in OWN_TITLES.items():
        for make in (_rss, _atom, _json):
            doc = _entry(make(top + BODY_HTML), f"{name}.{make.__name__}")
            paragraphs = doc.text.split("\n\n")
            assert paragraphs[1:] == BODY, (name, make.__name__)
            assert paragraphs[0].casefold().split() == TITLE.casefold().split()
            assert _s501(doc) == [], (name, make.__name__)


def test_quotes_and_dashes_of_the_title_are_those_of_the_content() -> None:
    title = "Minister\u2019s \u201cfinal offer\u201d \u2013 unions say no"
    typed = 'Minister\'s "final offer" - unions say no'
    for make in (_rss, _atom, _json):
        doc = _entry(make(f"<h2>{typed}</h2>{BODY_HTML}", title=title), "quotes")
        assert doc.text.split("\n\n") == [typed, *BODY]
        assert doc.title == title


def test_a_plain_text_entry_that_opens_with_its_title_shows_it_once() -> None:
    text = "\n\n".join([TITLE, *BODY])
    doc = _entry(_json(text, key="content_text"), "notes.json")
    assert doc.text.split("\n\n") == [TITLE, *BODY]
    assert _s501(doc) == []


def test_a_plain_text_rss_description_keeps_its_lines_and_shows_its_title_once() -> None:
    # feedparser types every RSS <description> text/html; one without markup is plain
    # text, whose newlines were taken for markup spaces: the title line ran into the
    # first sentence ("Lavrov and ... Geneva The head of ..."), the title was put
    # before it again, and the blank lines between paragraphs were lost.
    for first_break in ("\n", "\n\n"):
        text = TITLE + first_break + "\n\n".join(BODY)
        feed = (
            '<?xml version="1.0"?><rss version="2.0"><channel><title>R</title>'
            f"<item><title>{TITLE}</title><link>https://r.example/1</link>"
            f"<description>{text}</description></item></channel></rss>"
        ).encode()
        for name, data in (("plain.rss", feed), ("plain.json", _json(text))):
            doc = _entry(data, name)  # JSON Feed's content_html without markup too
            assert doc.text == TITLE + first_break + "\n\n".join(BODY), name
            assert _s501(doc) == []


def test_a_scraped_body_that_repeats_the_headline_is_still_seen() -> None:
    # A content farm's body repeats the page's headline as a paragraph of its text:
    # after the entry's title, or after the content's own heading.
    repeats = {
        "after the entry title": f"<p>{TITLE}</p>",
        "after the content heading": f"<h1>{TITLE}</h1><p>{TITLE}</p>",
        "after a bold title": f"<p><strong>{TITLE}</strong></p><p>{TITLE}.</p>",
    }
    for name, top in repeats.items():
        for make in (_rss, _atom, _json):
            doc = _entry(make(top + BODY_HTML), f"farm.{make.__name__}")
            assert doc.text.split("\n\n")[:2] == [TITLE, TITLE + ("." in top) * "."], name
            assert len(_s501(doc)) == 1, (name, make.__name__)


def test_a_title_only_in_part_bold_or_in_the_middle_is_not_the_contents_own() -> None:
    # A bold run that is only the start of the first paragraph, or a heading that
    # comes after text, is no title of the content's own.
    for top in (
        f"<p><strong>{TITLE}</strong> was the message from both sides on Friday.</p>",
        f"<p>Geneva, 14 January.</p><h2>{TITLE}</h2>",
    ):
        doc = _entry(_rss(top + BODY_HTML), "partial.rss")
        assert doc.text.split("\n\n")[0] == TITLE
