"""Who publishes a page or a feed's item: the outlet a page names itself by (its
``meta.site_name``), an aggregator's outlet suffix on an item's title, and a byline's
outlet told from a second writer."""

from __future__ import annotations

import json

from audits import AuditConfig, audit_document
from audits.document import Document
from audits.reports import get_reporter
from audits.sources.feed import read_feed
from audits.sources.html import document_from_html
from audits.sources.name_words import is_person_name
from tests.feed_fixtures import STORY, rss_entry
from tests.html_tree import parse
from tests.report_fixtures import sample_run

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


def test_og_site_name_in_a_metas_name_is_read_beside_another_property() -> None:
    """``<meta name="og:site_name" property="og:title">`` was passed over: the
    ``property`` was read and the ``name`` not looked at."""
    head = '<meta name="og:site_name" property="og:title" content="Harbour Times">'
    doc = document_from_html(_page(head), "p.html")
    assert doc.meta["site_name"] == "Harbour Times"


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


def test_a_json_ld_publisher_given_by_reference_is_looked_up_in_its_graph() -> None:
    """Yoast (WordPress) writes the publisher as ``{"@id": "#org"}`` and the
    organisation elsewhere in the ``@graph``: the page had no site_name."""
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {
                "@type": "NewsArticle",
                "headline": HEADLINE,
                "publisher": {"@id": "https://harbour.example/#org"},
            },
            {
                "@type": "Organization",
                "@id": "https://harbour.example/#org",
                "name": "Harbour Times",
            },
        ],
    }
    doc = document_from_html(_page(_ld(graph)), "p.html")
    assert doc.meta["site_name"] == "Harbour Times"
    # A reference to nothing in the graph names nothing.
    del graph["@graph"][1]
    assert "site_name" not in document_from_html(_page(_ld(graph)), "p.html").meta


def test_a_page_that_names_no_outlet_has_no_site_name() -> None:
    empty = '<meta property="og:site_name" content="  ">'
    assert "site_name" not in document_from_html(_page(empty), "p.html").meta


# --- an aggregator's outlet suffix on an item's title ----------------------------------


def _feed(channel: str, items: list[tuple[str, str]]) -> bytes:
    """An RSS 2.0 feed titled ``channel`` of items (title, link), each with a story."""
    entries = "".join(
        f"<item><title>{title}</title><link>{link}</link>"
        f"<description>{STORY[0]}</description></item>"
        for title, link in items
    )
    return (
        f"<?xml version='1.0'?><rss version='2.0'><channel><title>{channel}</title>"
        f"<link>https://agg.example/</link>{entries}</channel></rss>"
    ).encode()


def _titles(data: bytes) -> list[tuple[str | None, str]]:
    docs = read_feed(data, "f.xml")
    assert all(isinstance(d, Document) for d in docs), docs
    return [(d.title, d.text.split("\n\n")[0]) for d in docs]


def test_an_outlet_suffix_matching_the_items_link_host_leaves_the_title() -> None:
    """Only an item with a <source> lost the " - Outlet" an aggregator appends; without
    one, "Markets rally - Reuters" was the headline audited, outlet and all."""
    feed = _feed(
        "Top stories",
        [
            ("Markets rally - Reuters", "https://www.reuters.com/markets/rally"),
            ("Night ferry returns \u2013 Harbour Times", "https://harbour-times.co.uk/ferry"),
            ("Election night live | The Guardian", "https://www.theguardian.com/live"),
            ("Storm warning - Sky News", "https://news.sky.com/story/storm"),
        ],
    )
    assert _titles(feed) == [
        ("Markets rally", "Markets rally"),
        ("Night ferry returns", "Night ferry returns"),
        ("Election night live", "Election night live"),
        ("Storm warning", "Storm warning"),
    ]


def test_an_outlet_suffix_matching_the_feeds_own_title_leaves_the_title() -> None:
    feed = _feed(
        "Harbour Times | Local news",
        [("Night ferry returns - Harbour Times", "https://agg.example/r/1")],
    )
    assert _titles(feed) == [("Night ferry returns", "Night ferry returns")]


def test_a_headline_with_a_dash_of_its_own_keeps_it() -> None:
    feed = _feed(
        "Reuters",
        [
            ("Brexit - what happens next", "https://www.reuters.com/world/brexit"),
            ("Review - The Tempest", "https://www.reuters.com/arts/tempest"),
            ("Harbour Times - a history", "https://harbourtimes.example/history"),
            ("Reuters - the agency at 175", "https://www.reuters.com/about"),
        ],
    )
    assert [title for title, _ in _titles(feed)] == [
        "Brexit - what happens next",
        "Review - The Tempest",
        "Harbour Times - a history",
        "Reuters - the agency at 175",
    ]


# --- a byline's second name: a writer or the outlet ------------------------------------

BYLINES = {
    # The second name a person's (a known given name, no word of an outlet's name).
    "By Jane Doe, John Smith": "Jane Doe; John Smith",
    "By Jane Doe, Jordan Smith, Reuters": "Jane Doe; Jordan Smith",
    "By Jane Doe, John Smith and Mary Poe | 3 March 2024": "Jane Doe; John Smith; Mary Poe",
    "By Jane Doe, J. Smith": "Jane Doe; J. Smith",
    "By Jane Doe, John Müller": "Jane Doe; John Müller",
    # Writers joined by "and" are as many writers whatever follows them.
    "By Jane Doe and Bob Roe, Mary Poe": "Jane Doe; Bob Roe; Mary Poe",
    "By Jane Doe and Bob Roe, Reuters": "Jane Doe; Bob Roe",
    "By Jane Doe & Bob Roe | 3 March 2024": "Jane Doe; Bob Roe",
    # A given name with its marks or without, whichever the list holds ("Zoe", "José").
    "By Jane Doe, Zo\u00eb Dubois": "Jane Doe; Zo\u00eb Dubois",
    "By Jane Doe, Chlo\u00eb Petit": "Jane Doe; Chlo\u00eb Petit",
    "By Jane Doe, Ren\u00e9e Dubois": "Jane Doe; Ren\u00e9e Dubois",
    "By Jane Doe, S\u00f8ren Hansen": "Jane Doe; S\u00f8ren Hansen",
    "By Jane Doe, Jose Silva": "Jane Doe; Jose Silva",
    # Where a writer is, or whom for, is no part of the name, nor hides the next one.
    "By Jane Doe in Paris, John Smith": "Jane Doe; John Smith",
    "By Jane Doe in Paris and John Smith in London": "Jane Doe; John Smith",
    "By Jane Doe in New York, John Smith in Paris": "Jane Doe; John Smith",
    "By Jane Doe and John Smith in London, Reuters": "Jane Doe; John Smith",
    "By Jane Doe in Paris for Reuters": "Jane Doe",
    "By Jane Doe of The Associated Press": "Jane Doe",
    "By Jane Doe for Reuters": "Jane Doe",
    "By Jane Doe and John Smith of Reuters": "Jane Doe; John Smith",
    "By Jane Doe of Reuters and John Smith": "Jane Doe; John Smith",
    "By Jane Doe in Trinidad and Tobago": "Jane Doe",
    "By Jane Doe in Paris and Victoria Falls": "Jane Doe",
    # An organisation's own "of", "for" or "in" is no place: its name is whole.
    "By Friends of the Earth": "Friends of the Earth",
    "By Office for National Statistics": "Office for National Statistics",
    "By Institute for Fiscal Studies": "Institute for Fiscal Studies",
    "By Council of Europe": "Council of Europe",
    "By Daughters of the American Revolution": "Daughters of the American Revolution",
    "By Mary Queen of Scots": "Mary Queen of Scots",
    "By Ann in Wonderland": "Ann in Wonderland",
    # After a place or "with" as after a comma, a last word that is a given name
    # makes no writer: a magazine, a place or no one ("Marie Claire", "Rose Garden").
    "By Jane Doe with Marie Claire": "Jane Doe",
    "By Jane Doe in Paris and Marie Claire": "Jane Doe",
    "By Jane Doe with Victoria Mary": "Jane Doe",
    "By Jane Doe with Rose Garden": "Jane Doe",
    # ... unless it is as often a surname ("Martin", "Scott"; not "Stanley"), and
    # no firm's or outlet's last word ("Sara Lee", "John Lewis").
    "By Jane Doe in Paris and Zo\u00eb Martin": "Jane Doe; Zo\u00eb Martin",
    "By Jane Doe, Zo\u00eb Martin": "Jane Doe; Zo\u00eb Martin",
    "By Jane Doe, Peter Scott, Reuters": "Jane Doe; Peter Scott",
    "By Jane Doe, Morgan Stanley": "Jane Doe",
    "By Jane Doe, John Lewis": "Jane Doe",
    "By Jane Doe, Sara Lee": "Jane Doe",
    "By Jane Doe, Jenny Craig": "Jane Doe",
    "By Jane Doe, Harvey Norman": "Jane Doe",
    # A surname that is a given name elsewhere, unmarked, or in a Nordic list.
    "By Jane Doe, Carl Andre": "Jane Doe; Carl Andre",
    "By Jane Doe, Sharon Magnus": "Jane Doe; Sharon Magnus",
    "By Jane Doe, Mark Kasper": "Jane Doe; Mark Kasper",
    "By Jane Doe, Tom Anders": "Jane Doe; Tom Anders",
    "By Jane Doe, Paul Henrik": "Jane Doe; Paul Henrik",
    "By Jane Doe, Tom Clement": "Jane Doe; Tom Clement",
    "By Jane Doe, Jane Erdogan": "Jane Doe; Jane Erdogan",
    "By Jane Doe, Maria Tomas": "Jane Doe; Maria Tomas",
    "By Jane Doe, Lucy Angel": "Jane Doe; Lucy Angel",
    "By Jane Doe, Ruth Morten": "Jane Doe; Ruth Morten",
    "By Jane Doe, Senior Correspondent, in Paris": "Jane Doe",
    "By Jane Doe in Paris; John Smith in London": "Jane Doe; John Smith",
    # A list's last writer after a comma and "and"; a writer's post between writers.
    "By Jane Doe, John Smith, and Mary Poe": "Jane Doe; John Smith; Mary Poe",
    "By Jane Doe, Staff Writer, and John Smith, Reuters": "Jane Doe; John Smith",
    # A byline in capitals reads as one in lower case: its "AND", its places, its
    # second writer, an organisation's "OF".
    "By JANE DOE AND JOHN SMITH": "JANE DOE; JOHN SMITH",
    "By JANE DOE, JOHN SMITH": "JANE DOE; JOHN SMITH",
    "By JANE DOE IN PARIS": "JANE DOE",
    "By JANE DOE, JORDAN TIMES": "JANE DOE",
    "By MARY QUEEN OF SCOTS": "MARY QUEEN OF SCOTS",
    # A list's last two joined by "and" ("A, B, C and D"): both were lost where one
    # read as no person; a given name of given names joined by hyphens is one.
    "By Jane Doe, John Smith, Mary Poe and Ann-Marie Berg": (
        "Jane Doe; John Smith; Mary Poe; Ann-Marie Berg"
    ),
    "By Jane Doe, John Smith, Mary Poe and Cai Wu": "Jane Doe; John Smith; Mary Poe",
    # ... and an outlet or a place between writers, before the list's last.
    "By Jane Doe, Reuters, and John Smith, AFP": "Jane Doe; John Smith",
    "By Jane Doe, Paris, and John Smith, London": "Jane Doe; John Smith",
    "By Jane Doe in Paris, France, and John Smith in London": "Jane Doe; John Smith",
    "By Jane Doe, Senior Reporter, Reuters": "Jane Doe",
    # "With" joins a second writer, not an outlet.
    "By Jane Doe with John Smith": "Jane Doe; John Smith",
    "By Jane Doe with Reuters": "Jane Doe",
    # The second name the outlet's, or a place's, or a title's.
    "By Jane Doe, Reuters": "Jane Doe",
    "By Jane Doe, Jordan Times": "Jane Doe",
    "By Jane Doe, Harbour Press": "Jane Doe",
    "By Jane Doe, Paris": "Jane Doe",
    "By Jane Doe, Senior Reporter": "Jane Doe",
    # A dotted abbreviation is no initial, and a post is no person.
    "By Jane Doe, U.S. Editor": "Jane Doe",
    "By Jane Doe, U.K. Correspondent": "Jane Doe",
    "By Jane Doe, E.U. Affairs Editor": "Jane Doe",
    # Outlets and places that open with a given name.
    "By Jane Doe, Austin American-Statesman": "Jane Doe",
    "By Jane Doe, Victoria Advocate": "Jane Doe",
    "By Jane Doe, Virginia Mercury": "Jane Doe",
    "By Jane Doe, Marie Claire": "Jane Doe",
    "By Jane Doe, Regina Leader-Post": "Jane Doe",
    "By Jane Doe, Chelsea Now": "Jane Doe",
    "By Jane Doe, Ann Arbor": "Jane Doe",
    "By Jane Doe, George Town": "Jane Doe",
    "By Jane Doe, Victoria Falls": "Jane Doe",
    "By Jane Doe, Marie Claire | Updated 12:04 GMT": "Jane Doe",
    # A writer whose given name is a common word ("Will", "Hope") after a semicolon
    # is a writer still, and where a writer is is no part of the name.
    "By Jane Doe, AP; Will Green, AFP": "Jane Doe; Will Green",
    "By Jane Doe, AP; Hope Long, AFP": "Jane Doe; Hope Long",
    "By Will Green in Kyiv": "Will Green",
    "By Jane Doe in Paris and Will Green in Kyiv": "Jane Doe; Will Green",
    # A month's name and a day's part are no writer's.
    "By Jane Doe, AP; May Day": "Jane Doe",
    # A syndicated AP story's byline: the agency glued to the name, no mark between.
    "By JANE DOE Associated Press": "JANE DOE",
    "By JANE DOE and JOHN ROE Associated Press": "JANE DOE; JOHN ROE",
    "By Jane Doe The Associated Press": "Jane Doe",
    "By Jane Doe Staff Writer": "Jane Doe",
    # A post in lower case, and the BBC's "reporting from".
    "By Jane Doe, staff writer": "Jane Doe",
    "By Jane Doe, political correspondent": "Jane Doe",
    "By Jane Doe, Senior economics correspondent": "Jane Doe",
    # An age written short, as MSN writes it under a syndicated story.
    "Story by Jane Doe • 2h": "Jane Doe",
    "By Jane Doe • 3d ago": "Jane Doe",
    "By Jane Doe • 5m ago": "Jane Doe",
    "By Jane Doe, reporting from Kyiv": "Jane Doe",
    # The BBC writes it capitalised, after the post or the outlet.
    "By Paul Adams, Diplomatic correspondent, Reporting from Jerusalem": "Paul Adams",
    "By Jane Doe, BBC News, Reporting from Kyiv": "Jane Doe",
}


def test_a_bylines_second_name_is_a_second_writer_only_when_it_reads_as_a_person() -> None:
    """ "By Jane Doe, John Smith" was read as the writer Jane Doe and the outlet John
    Smith: the second writer was lost. A given name tells a person from an outlet, but
    not alone: "By Jane Doe, U.S. Editor" and "By Jane Doe, Marie Claire" named a second
    writer who is a post and a magazine; in doubt, the byline names one."""
    story = "".join(f"<p>{p}</p>" for p in STORY)
    for byline, authors in BYLINES.items():
        page = document_from_html(_page(body=f"<p>{byline}</p>{story}"), "p.html")
        (entry,) = read_feed(rss_entry(f"<p>{byline}</p>{story}", HEADLINE), "f.xml")
        meta = document_from_html(_page(f'<meta name="author" content="{byline}">'), "m.html")
        for doc in (page, entry, meta):
            assert (doc.author, _paragraphs(doc)) == (authors, [HEADLINE, *STORY]), byline


def test_a_given_name_is_known_with_its_marks_written_either_way() -> None:
    """ "Zoë" was no given name (the list holds "Zoe"), nor "Søren": a second writer
    so named was lost. A page may write a mark as a letter of its own (decomposed)."""
    for name in (
        "Zo\u00eb Dubois",
        "Zoe\u0308 Dubois",
        "Fran\u00e7ois Dupont",
        "Jo\u0301zef Nowak",
    ):
        assert is_person_name(name), name
    assert is_person_name("John Mu\u0308ller")
    # Its last word is still no given name, marks or none: "Victoria Zoë" is no one.
    assert not is_person_name("Victoria Zo\u00eb")


def test_the_html_report_names_a_pages_outlet() -> None:
    """The outlet was in the JSON's ``meta`` only; the HTML report's line under each
    document's title, which names its author, now names its site too."""
    head = '<meta property="og:site_name" content="Harbour &lt;Times&gt;">'
    doc = document_from_html(_page(head), "p.html")
    run = sample_run(extra=[audit_document(doc, AuditConfig(lm=False))])
    root, errors = parse(get_reporter("html").render(run))
    assert errors == []
    (line,) = root.by_id("doc-2").find_all("p", "doc-meta")
    assert "site Harbour <Times>" in line.text()
    (other,) = root.by_id("doc-1").find_all("p", "doc-meta")
    assert "site" not in other.text()


def test_a_bylines_outlet_or_post_on_a_line_of_its_own_goes_with_it() -> None:
    """ "By Jane Doe<br>Reuters" named Jane Doe but stayed the story's first paragraph,
    its second line no byline of its own; "By Jane Doe Jr." ended with a dot, which
    makes "By Monday." a sentence, and was no byline at all."""
    story = "".join(f"<p>{p}</p>" for p in STORY)
    for byline, authors in {
        "By Jane Doe<br>Reuters": "Jane Doe",
        "By Jane Doe and John Smith<br>Staff Writers": "Jane Doe; John Smith",
        "By Jane Doe<br>The Associated Press<br>3 March 2024": "Jane Doe",
        "By Jane Doe Jr.": "Jane Doe Jr.",
    }.items():
        page = document_from_html(_page(body=f"<p>{byline}</p>{story}"), "p.html")
        (entry,) = read_feed(rss_entry(f"<p>{byline}</p>{story}", HEADLINE), "f.xml")
        for doc in (page, entry):
            assert (doc.author, _paragraphs(doc)) == (authors, [HEADLINE, *STORY]), byline
    # A sentence after a byline's line is the story's, and stays.
    kept = f"<p>By Jane Doe<br>{STORY[0]}</p>{story}"
    assert _paragraphs(document_from_html(_page(body=kept), "p.html"))[1].endswith("parapet.")


def test_a_heading_that_opens_with_by_keeps_its_second_line() -> None:
    """Any Title Case line passed for a byline's outlet, so a heading that opens with
    "By" took the line under it as its outlet and the paragraph went: only after a
    person's name is it one; a heading in capitals names no writer."""
    story = "".join(f"<p>{p}</p>" for p in STORY)
    for first, second in (
        ("By Royal Appointment", "Financial Times"),
        ("BY LAND AND SEA", "Royal Navy"),
        ("BY THE NUMBERS", "Two Cities"),
    ):
        (entry,) = read_feed(rss_entry(f"<p>{first}<br>{second}</p>{story}", HEADLINE), "f.xml")
        assert _paragraphs(entry) == [HEADLINE, f"{first}\n{second}", *STORY], first
        assert entry.author is None or not first.isupper()
    for heading in ("BY THE NUMBERS", "BY ROYAL APPOINTMENT"):
        (entry,) = read_feed(rss_entry(f"<p>{heading}</p>{story}", HEADLINE), "f.xml")
        assert (entry.author, _paragraphs(entry)) == (None, [HEADLINE, heading, *STORY])
    (entry,) = read_feed(rss_entry(f"<p>BY JANE DOE<br>Staff Writer</p>{story}", HEADLINE), "f.xml")
    assert (entry.author, _paragraphs(entry)) == ("JANE DOE", [HEADLINE, *STORY])


def test_an_agencys_byline_in_capitals_names_the_agency() -> None:
    """The capitals check that keeps "BY THE NUMBERS" from naming a writer refused an
    agency's name too: "BY ASSOCIATED PRESS" named no one, and stayed as a sentence."""
    story = "".join(f"<p>{p}</p>" for p in STORY)
    for byline, author in (
        ("BY ASSOCIATED PRESS", "ASSOCIATED PRESS"),
        ("BY THE ASSOCIATED PRESS", "THE ASSOCIATED PRESS"),
    ):
        doc = document_from_html(_page(body=f"<p>{byline}</p>{story}"), "p.html")
        assert (doc.author, _paragraphs(doc)) == (author, [HEADLINE, *STORY]), byline
    for heading in ("BY THE NUMBERS", "BY ROYAL APPOINTMENT", "BY LAND AND SEA"):
        doc = document_from_html(_page(body=f"<p>{heading}</p>{story}"), "p.html")
        assert (doc.author, _paragraphs(doc)) == (None, [HEADLINE, heading, *STORY])
