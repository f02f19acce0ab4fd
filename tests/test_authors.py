"""One cleaning of an author's name, whichever way it reached the audit: a feed's
<dc:creator> or <author>, a JSON Feed's authors, a page's author <meta> or its
JSON-LD. They disagreed: a user name ("jdoe") was dropped from a page's metadata
and kept from a feed, "jane@example.com (Jane Doe)" kept by a feed as Jane Doe
and dropped whole from a page."""

from __future__ import annotations

import json
import time

import lxml.html
import pytest

from audits.sources.author_names import author_name
from audits.sources.byline_boxes import box_text, byline_boxes
from audits.sources.feed import FeedMarkup, _photo_credits, read_feed
from audits.sources.html import document_from_html
from tests.feed_fixtures import STORY, rss_entry

HEADLINE = "Border treaty amended"
_BODY = "".join(f"<p>{p}</p>" for p in STORY)

# What each raw value names, wherever it is written.
AUTHORS = {
    "Jane Doe": "Jane Doe",
    "Reuters": "Reuters",
    "By Jane Doe": "Jane Doe",
    # A byline: the writer, and the outlet, which a Document has no field for.
    "By Jane Doe, Reuters": "Jane Doe",
    "By Jane Doe | Reuters | 3 March 2024": "Jane Doe",
    "jane@example.com (Jane Doe)": "Jane Doe",
    "Jane Doe <jane@example.com>": "Jane Doe",
    "Jane Doe @janedoe": "Jane Doe",
    # People an author field lists, joined as a page's are.
    "Jane Doe and John Smith": "Jane Doe; John Smith",
    "Jane Doe, John Smith": "Jane Doe; John Smith",
    "Jane Doe, John Smith, and Mary Poe": "Jane Doe; John Smith; Mary Poe",
    # A byline without its lead word: the writer, as "By Jane Doe of Reuters" names,
    # where it reads as a person's name; an organisation's or a title's "of" stays.
    "Jane Doe of Reuters": "Jane Doe",
    "Jane Doe, Reuters": "Jane Doe",
    "Jane Doe for the BBC": "Jane Doe",
    "Jane Doe, Senior Correspondent": "Jane Doe",
    "Will Green in Kyiv": "Will Green",
    # A post glued to the name, as Forbes writes its contributors'.
    "Jane Doe Contributor": "Jane Doe",
    "Will Green, Kyiv": "Will Green",
    "Friends of the Earth": "Friends of the Earth",
    "Office for National Statistics": "Office for National Statistics",
    "Mary Queen of Scots": "Mary Queen of Scots",
    "Doe, Jane": "Doe, Jane",
    # A wire story's credit line names its reporters, the byline's; not its editors.
    "Reporting by Jane Doe and John Smith; Editing by Mary Poe": "Jane Doe; John Smith",
    "Written by Jane Doe and edited by Mary Poe": "Jane Doe",
    "Editing by Mary Poe": None,
    # The outlet in brackets, as after a comma.
    "Jane Doe (Reuters)": "Jane Doe",
    "By Jane Doe (Reuters)": "Jane Doe",
    # The kind of piece signed, as the BBC and CNN lead their bylines.
    "Analysis by Jane Doe": "Jane Doe",
    "Opinion by Jane Doe": "Jane Doe",
    "jdoe": None,
    "wpuser1": None,
    "@janedoe": None,
    "admin": None,
    # A CMS's stand-ins for no one in particular.
    "Staff Writer": None,
    "By Staff Writer": None,
    "From staff reports": None,
    "Staff and wire reports": None,
    "Guest Author": None,
    "Contributor": None,
    # Blogger's hidden profile, and a template's empty value written out.
    "Unknown": None,
    "Anonymous": None,
    "undefined": None,
    "null": None,
    "None": None,
    "newsroom@example.org": None,
    "https://facebook.com/janedoe": None,
}


def _feed(creator: str) -> bytes:
    return (
        rss_entry(_BODY, HEADLINE)
        .replace(
            b'<rss version="2.0" ',
            b'<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" ',
        )
        .replace(b"<item>", f"<item><dc:creator><![CDATA[{creator}]]></dc:creator>".encode())
    )


def _json_feed(*names: str) -> bytes:
    item = {"id": "1", "title": HEADLINE, "content_html": _BODY}
    item["authors"] = [{"name": n} for n in names]
    return json.dumps(
        {"version": "https://jsonfeed.org/version/1.1", "title": "R", "items": [item]}
    ).encode()


def _page(head: str) -> str:
    return (
        f"<html><head><title>{HEADLINE}</title>{head}</head><body><article>"
        f"<h1>{HEADLINE}</h1>{_BODY}</article></body></html>"
    )


def _meta_page(author: str) -> str:
    return _page(f'<meta name="author" content="{author.replace("<", "&lt;")}">')


def _ld_page(author: str) -> str:
    ld = {
        "@type": "NewsArticle",
        "headline": HEADLINE,
        "author": {"@type": "Person", "name": author},
    }
    return _page(f'<script type="application/ld+json">{json.dumps(ld)}</script>')


@pytest.mark.parametrize(("raw", "name"), AUTHORS.items())
def test_feeds_and_pages_clean_an_author_alike(raw: str, name: str | None) -> None:
    (rss,) = read_feed(_feed(raw), "f.xml")
    (jsonfeed,) = read_feed(_json_feed(raw), "f.json")
    meta = document_from_html(_meta_page(raw), "m.html")
    ld = document_from_html(_ld_page(raw), "ld.html")
    assert author_name(raw) == name
    assert (rss.author, jsonfeed.author, meta.author, ld.author) == (name,) * 4


def test_an_entrys_several_authors_are_all_named() -> None:
    """An RSS item's second <dc:creator> was lost, and an Atom entry's first <author>
    (feedparser's ``author_detail`` is one of them)."""
    rss = _feed("Jane Doe").replace(
        b"</dc:creator>", b"</dc:creator><dc:creator>John Smith</dc:creator>", 1
    )
    atom = (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        "<title>A</title><id>urn:a</id><updated>2024-03-05T10:00:00Z</updated>"
        f"<entry><title>{HEADLINE}</title><id>urn:a:1</id>"
        "<updated>2024-03-05T10:00:00Z</updated><link href='https://a.example/1'/>"
        "<author><name>Jane Doe</name></author><author><name>John Smith</name></author>"
        "<author><name>Jane Doe</name></author>"
        f'<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">{_BODY}</div>'
        "</content></entry></feed>"
    ).encode()
    for data, name in ((rss, "f.xml"), (atom, "f.atom")):
        (entry,) = read_feed(data, name)
        assert (entry.author, entry.text.split("\n\n")) == (
            "Jane Doe; John Smith",
            [HEADLINE, *STORY],
        ), name
    # A surname first is no byline's writer and outlet: the field stays as written.
    assert author_name("Doe, Jane") == "Doe, Jane"


def test_every_writer_a_byline_links_to_is_named() -> None:
    """trafilatura takes the first rel="author" link alone: a byline in a box it
    leaves out ("By <a>Zoë Martin</a> and <a>Søren Hansen</a>") named one writer.
    A sidebar's links, one to an item, name no one more."""
    byline = (
        '<div class="meta">By <a rel="author" href="/zm">Zo\u00eb Martin</a> and '
        '<a rel="author" href="/sh">S\u00f8ren Hansen</a> in Esbjerg</div>'
    )
    page = _page("").replace(f"<h1>{HEADLINE}</h1>", f"<h1>{HEADLINE}</h1>{byline}")
    doc = document_from_html(page, "p.html")
    assert (doc.author, doc.text.split("\n\n")) == (
        "Zo\u00eb Martin; S\u00f8ren Hansen",
        [HEADLINE, *STORY],
    )
    sidebar = (
        '<aside><ul><li><a rel="author" href="/a">Mary Poe</a></li>'
        '<li><a rel="author" href="/b">Bob Roe</a></li></ul></aside>'
    )
    single = byline.replace(' and <a rel="author" href="/sh">S\u00f8ren Hansen</a>', "")
    page = _page("").replace(f"<h1>{HEADLINE}</h1>", f"<h1>{HEADLINE}</h1>{single}")
    page = page.replace("</article>", f"</article>{sidebar}")
    assert document_from_html(page, "p.html").author == "Zo\u00eb Martin"


def _media_feed(credits: str, creator: str = "") -> bytes:
    return (
        rss_entry(_BODY, HEADLINE)
        .replace(
            b'<rss version="2.0" ',
            b'<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/" '
            b'xmlns:dc="http://purl.org/dc/elements/1.1/" ',
        )
        .replace(b"<item>", f"<item>{creator}{credits}".encode())
    )


def test_an_items_media_credit_as_author_names_its_writer() -> None:
    """An item that names its writer only in a Media RSS credit (``<media:credit
    role="author">``, as video and news feeds do) had no author. A photo's credit
    (role "photographer", or none, inside its <media:content>) and an editor's name
    none, and a <dc:creator> is the item's author before any credit."""
    photo = (
        '<media:content url="https://r.example/a.jpg"><media:credit role="photographer">'
        "John Roe</media:credit></media:content><media:credit>AFP</media:credit>"
    )
    cases = {
        '<media:credit role="author" scheme="urn:ebu">Jane Doe</media:credit>': "Jane Doe",
        '<media:credit role="author">Jane Doe</media:credit>'
        '<media:credit role="Author">John Smith</media:credit>': "Jane Doe; John Smith",
        photo + '<media:credit role="author">Jane Doe</media:credit>': "Jane Doe",
        photo: None,
        '<media:credit role="editor">Mark Smith</media:credit>': None,
        '<media:credit role="author">admin</media:credit>': None,
    }
    for credits, author in cases.items():
        (entry,) = read_feed(_media_feed(credits), "f.xml")
        assert entry.author == author, credits
    creator = "<dc:creator>Mary Poe</dc:creator>"
    credit = '<media:credit role="author">Jane Doe</media:credit>'
    (entry,) = read_feed(_media_feed(credit, creator), "f.xml")
    assert entry.author == "Mary Poe"


def test_a_photos_author_credit_inside_its_media_names_no_writer() -> None:
    """feedparser flattens the credits inside an item's <media:content> and
    <media:group> into the item's own: a photo's ``role="author"`` credit, its
    photographer (the EBU role for whoever made the medium), was the item's author,
    and beside the writer's credit a second one."""
    photo = (
        '<media:content url="https://r.example/a.jpg" medium="image">'
        '<media:credit role="author" scheme="urn:ebu">Ana Lopez</media:credit>'
        "<media:title>The bridge</media:title></media:content>"
    )
    video = (
        '<media:group><media:content url="https://r.example/v.mp4"/>'
        '<media:credit role="author"><![CDATA[Mark Smith]]></media:credit></media:group>'
    )
    writer = '<media:credit role="author">Jane Doe</media:credit>'
    cases = {
        photo: None,
        video: None,
        photo + writer: "Jane Doe",
        writer + photo + video: "Jane Doe",
        # The writer credited for the item and for its photo is the item's writer.
        photo.replace("Ana Lopez", "Jane Doe") + writer: "Jane Doe",
        photo.replace("Ana Lopez", "Jane Doe") + writer.replace("Jane Doe", "Ana Lopez"): (
            "Ana Lopez"
        ),
    }
    for credits, author in cases.items():
        (entry,) = read_feed(_media_feed(credits), "f.xml")
        assert entry.author == author, credits


def test_media_credit_tags_that_never_close_are_read_in_linear_time() -> None:
    """The Media RSS tag pattern's attributes ran lazily to the next ">": in a hostile
    feed of ~200 KB of ``<m:credit a`` with none, each tag scanned to the feed's end,
    some 30 s; they now stop at the next "<", and a self-closed tag is still one.

    Sized so a regression fails within a minute or so: on a loaded 2-core machine the
    old pattern took 27 to 50 s on 9,000 tags (84 s on 11,000), so these 10,000 take
    some 35 to 70 s. Read once they take some 0.02 s, so the 2 s bound is 100 times
    that."""
    hostile = "<rss><channel><item>" + "<m:credit a" * 10_000
    started = time.perf_counter()
    assert _photo_credits(FeedMarkup(hostile)) == {}
    assert time.perf_counter() - started < 2
    nested = '<item><media:group><media:content url="x"/><media:credit>Ana Lopez</media:credit>'
    assert _photo_credits(FeedMarkup(nested + "</media:group></item>")) == {1: {"Ana Lopez"}}


def test_a_json_feeds_authors_are_joined_as_a_pages_are() -> None:
    """A JSON Feed's two authors read "Jane Doe, John Roe", a page's "Jane Doe; John
    Roe"; and a user name among them was kept."""
    (entry,) = read_feed(_json_feed("Jane Doe", "jdoe", "John Roe", "Jane Doe"), "f.json")
    assert entry.author == "Jane Doe; John Roe"


def test_an_author_meta_reads_as_a_byline_only_where_it_is_one() -> None:
    """trafilatura read the author <meta> "By Jane Doe, Reuters" as two names, "Jane
    Doe; Reuters", and its reading won over the byline's writer; a <meta> that names
    two people with no lead word is no byline, and both stay authors."""
    assert document_from_html(_meta_page("Jane Doe, John Smith"), "m.html").author == (
        "Jane Doe; John Smith"
    )
    # The metadata's byline comes before one in the text, as its author did.
    page = _meta_page("By Jane Doe, Reuters").replace("</h1>", "</h1><p>By Mark Bell</p>")
    assert document_from_html(page, "m.html").author == "Jane Doe"


def test_a_name_of_two_lower_case_words_is_a_name() -> None:
    assert author_name("danah boyd") == "danah boyd"
    assert author_name("  Jane   Doe ") == "Jane Doe"
    assert author_name("x" * 101) is None


def test_an_entrys_authors_after_the_first_are_people() -> None:
    """A second <dc:creator>Reuters</dc:creator> was named an author ("Jane Doe;
    Reuters") where a page's "By Jane Doe, Reuters" names Jane Doe: after the first,
    an entry's authors are named only where they read as people's names."""
    for second, authors in (
        ("Reuters", "Jane Doe"),
        ("Marie Claire", "Jane Doe"),
        ("admin", "Jane Doe"),
        ("John Smith", "Jane Doe; John Smith"),
        # A given name that is a common word ("Will", "Hope") is a person's too.
        ("Will Green", "Jane Doe; Will Green"),
        ("May Day", "Jane Doe"),
    ):
        rss = _feed("Jane Doe").replace(
            b"</dc:creator>", f"</dc:creator><dc:creator>{second}</dc:creator>".encode(), 1
        )
        (entry,) = read_feed(rss, "f.xml")
        (item,) = read_feed(_json_feed("Jane Doe", second), "f.json")
        assert (entry.author, item.author) == (authors, authors), second


def _linked(byline: str, after: str = "") -> str | None:
    page = _page("").replace(f"<h1>{HEADLINE}</h1>", f"<h1>{HEADLINE}</h1>{byline}")
    return document_from_html(page.replace("</article>", f"</article>{after}"), "p.html").author


def test_a_bylines_links_name_each_writer_once_and_only_people() -> None:
    """A second rel="author" link to the same writer ("More by Jane Doe", "View
    Profile", "Jane", "JANE DOE") was named a writer of its own."""
    for second in ("More by Jane Doe", "View Profile", "Jane", "JANE DOE", "Jane Doe"):
        byline = (
            '<div class="meta">By <a rel="author" href="/jd">Jane Doe</a> \u00b7 '
            f'<a rel="author" href="/jd">{second}</a></div>'
        )
        assert _linked(byline) == "Jane Doe", second


def test_only_the_links_of_the_bylines_own_line_name_writers() -> None:
    """Every rel="author" link under the first link's parent counted: a link straight
    in <body> made every author link of the page a writer (a footer's "Recent:" list).
    And a WordPress byline, each link in a <span class="author vcard"> of its own,
    named only the first, its parent the span: the line is the block around them."""
    wordpress = (
        '<div class="entry-meta">By <span class="author vcard"><a rel="author" '
        'href="/zm">Zo\u00eb Martin</a></span> and <span class="author vcard"><a '
        'rel="author" href="/sh">S\u00f8ren Hansen</a></span></div>'
    )
    assert _linked(wordpress) == "Zo\u00eb Martin; S\u00f8ren Hansen"
    page = (
        f'<html><head><title>{HEADLINE}</title></head><body><a rel="author" href="/jd">'
        f'Jane Doe</a><h1>{HEADLINE}</h1>{_BODY}<footer><p>Recent: <a rel="author" '
        'href="/js">John Smith</a></p></footer><a rel="author" href="/mp">Mary Poe</a>'
        "</body></html>"
    )
    assert document_from_html(page, "p.html").author == "Jane Doe"


# Boxes a theme writes its byline in, named for the post's details or the writer's,
# and no link in them: trafilatura leaves them out of the text, and names no author.
WRITER_BOXES = [
    '<p class="meta">By Jane Doe | 3 March 2024</p>',
    '<div class="post-meta">By Jane Doe</div>',
    '<p class="entry-meta">Posted by Jane Doe on 3 March 2024</p>',
    '<span class="article-author">By Jane Doe</span>',
    '<div class="article-meta">Jane Doe | 3 March 2024</div>',
    # Nor one whose writer and outlet are links: trafilatura drops it as a link list.
    '<p>By <a href="/a/jd">Jane Doe</a>, <a href="/">Reuters</a></p>',
    '<div>By <a href="/a/jd">Jane Doe</a> | <time>3 March 2024</time></div>',
    # The byline reader had a set of inline elements of its own, short of the
    # editor-lines reader's: a footnote mark or a <wbr> in a long name made such a
    # line a block that names no one.
    '<p>By <a href="/a/jd">Jane Doe</a>, <a href="/">Reuters</a><sup>*</sup></p>',
    '<p>By <a href="/a/jd">Jane<wbr> Doe</a>, <a href="/">Reuters</a></p>',
]


@pytest.mark.parametrize("box", WRITER_BOXES)
def test_a_byline_in_a_box_named_for_the_posts_details_names_its_writer(box: str) -> None:
    page = _page("").replace(f"<h1>{HEADLINE}</h1>", f"<h1>{HEADLINE}</h1>{box}")
    doc = document_from_html(page, "p.html")
    assert (doc.author, doc.text.split("\n\n")) == ("Jane Doe", [HEADLINE, *STORY])


@pytest.mark.parametrize(
    ("line", "author"),
    [
        (
            'By <a href="/a/jd">Jane Doe</a> <time datetime="2024-03-03">March 3, 2024</time>',
            "Jane Doe",
        ),
        ("By Jane Doe <time>3 March 2024</time>", "Jane Doe"),
        ("By Jane Doe Sunday, March 3, 2024", "Jane Doe"),
        ("By Brian May March 3, 2024", "Brian May"),
        ("By Brian May 3 March 2024", "Brian May"),
        # The writer's outlet before the date: the cut asked for two words of a name
        # there, so the date stayed in a byline that named no one.
        ("By Jane Doe, Reuters March 3, 2024", "Jane Doe"),
        ("By Jane Doe with Reuters March 3, 2024", "Jane Doe"),
        ("By Jane Doe, AP March 3, 2024", "Jane Doe"),
        ("By Jane Doe and John Roe, Reuters 3 March 2024", "Jane Doe; John Roe"),
        ("BY JANE DOE, REUTERS MARCH 3, 2024", "JANE DOE"),
    ],
)
def test_a_date_with_no_mark_after_the_writer_ends_the_byline(line: str, author: str) -> None:
    """ "By <a>Jane Doe</a> <time>March 3, 2024</time>" in a plain paragraph read "By
    Jane Doe March 3, 2024": no byline, for no mark parted the name from the date, so
    it was audited as the story's first sentence, named no one and left the page
    undated; "By Jane Doe Sunday, March 3, 2024" named "Jane Doe Sunday". A month
    that ends a name stays in it."""
    page = _page("").replace(f"<h1>{HEADLINE}</h1>", f"<h1>{HEADLINE}</h1><p>{line}</p>")
    doc = document_from_html(page, "p.html")
    assert (doc.author, doc.published, doc.text.split("\n\n")) == (
        author,
        "2024-03-03",
        [HEADLINE, *STORY],
    )


@pytest.mark.parametrize(
    ("line", "author"),
    [
        ("By Elizabeth Day, March 3, 2024", "Elizabeth Day"),
        ("By Doris Day on March 3, 2024", "Doris Day"),
        ("By Mei Sun, 3 hours ago", "Mei Sun"),
        ("By Mei Sun 3 hours ago", "Mei Sun"),
        ("By Jane West March 3, 2024", "Jane West"),
        ("By Elizabeth Day March 3, 2024", "Elizabeth Day"),
        ("By Lena H. Sun March 3, 2024", "Lena H. Sun"),
        ("By Jane Doe and Tom Just 3 March 2024", "Jane Doe; Tom Just"),
        ("By James Last Updated 10:04 GMT, 3 March 2024", "James Last"),
        ("BY JANE DOE MARCH 3, 2024", "JANE DOE"),
    ],
)
def test_a_surname_that_is_a_stamp_word_stays_before_a_glued_date(line: str, author: str) -> None:
    """A date glued to the writer's name was cut at the first word from which the rest
    read as a stamp, so surnames that are date or time words went with it: "By Elizabeth
    Day, March 3, 2024" named "Elizabeth", "By Doris Day on ..." "Doris", "By Mei Sun,
    3 hours ago" "Mei", "... and Tom Just 3 March 2024" "Tom". The cut is only where
    nothing parts name and date, at a word that opens a stamp, leaving a name."""
    page = _page("").replace(f"<h1>{HEADLINE}</h1>", f"<h1>{HEADLINE}</h1><p>{line}</p>")
    doc = document_from_html(page, "p.html")
    assert (doc.author, doc.text.split("\n\n")) == (author, [HEADLINE, *STORY])


@pytest.mark.parametrize(
    "line",
    [
        "By Jane Doe, Mei Sun 3 hours ago",
        "By Jane Doe, Brian May 3 March 2024",
        "By Jane Doe, Lena Sun 3 March 2024",
    ],
)
def test_a_second_writers_given_name_is_no_outlet_before_a_glued_date(line: str) -> None:
    # A surname that opens a stamp ("Sun 3 hours ago") leaves one word after the
    # comma, a given name, not an outlet: the surname stays with it.
    page = _page("").replace(f"<h1>{HEADLINE}</h1>", f"<h1>{HEADLINE}</h1><p>{line}</p>")
    author = document_from_html(page, "p.html").author
    assert author is None or not author.endswith(("Mei", "Brian", "Lena")), (line, author)


@pytest.mark.parametrize(
    ("line", "author", "published"),
    [
        ("By Jane Doe 10:04 GMT", "Jane Doe", None),
        ("By Jane Doe, Reuters 10:04 GMT", "Jane Doe", None),
        ("By Jane Doe 2.25 p.m. GMT", "Jane Doe", None),
        ("By Will Green 10:04 GMT", "Will Green", None),
        ("By Jane Doe, Reuters March 3, 2024, 10:04 a.m.", "Jane Doe", "2024-03-03"),
        ("By Jane Doe, Reuters; John Roe, AFP", "Jane Doe; John Roe", None),
        ("By Jane Doe, AP; John Roe, Reuters; Ann Lee, AFP", "Jane Doe; John Roe; Ann Lee", None),
        ("By Jane Doe, Reuters; John Roe, AFP; Editing by Mark Smith", "Jane Doe; John Roe", None),
        ("By Jane Doe, Kim March 3, 2024", "Jane Doe", "2024-03-03"),
        ("By Jane Doe with Lee March 3, 2024", "Jane Doe", "2024-03-03"),
        ("By Jane Doe with Sun 3 hours ago", "Jane Doe", None),
    ],
)
def test_a_byline_ends_at_a_glued_clock_and_names_each_outlets_writer(
    line: str, author: str, published: str | None
) -> None:
    """A clock time after the name ("10:04 GMT"), or a date and time whose "a.m." ends
    in a dot, kept the byline as story text and named no writer; "; John Roe, AFP"
    after the first writer's outlet was lost with it (a third writer whose surname is
    a given name too, "Ann Lee", lost all but the first, and an editor's credit
    after them kept the line as text); a one-word given name or a
    stamp's word after "with" or a comma ("Kim", "Sun") left no name, or "Jane Doe
    with". The page's date comes only from a date written."""
    page = _page("").replace(f"<h1>{HEADLINE}</h1>", f"<h1>{HEADLINE}</h1><p>{line}</p>")
    doc = document_from_html(page, "p.html")
    assert (doc.author, doc.published, doc.text.split("\n\n")) == (
        author,
        published,
        [HEADLINE, *STORY],
    )


@pytest.mark.parametrize(
    "line",
    [
        "By Popular Demand 10:00",
        "By Close Of Play 17:30 BST",
        "By Friday Evening 18:00 GMT",
        "By Christmas Eve 10:00",
        "By Royal Appointment 10:00",
        "By May Day 10:00",
        "By June Evening 18:00 GMT",
        "By Jane Doe, Reuters 2.25",
    ],
)
def test_a_clock_after_words_that_name_no_one_makes_no_byline(line: str) -> None:
    """A clock time cut after any two capitalised words, so "By Popular Demand 10:00"
    was a byline naming "Popular Demand", where main kept it as text; and "2.25", a
    dot between its numbers, read as a clock. A clock ends a byline after a person's
    name, and a dot parts a time only before "a.m." or "p.m."."""
    page = _page("").replace(f"<h1>{HEADLINE}</h1>", f"<h1>{HEADLINE}</h1><p>{line}</p>")
    doc = document_from_html(page, "p.html")
    assert (doc.author, doc.text.split("\n\n")) == (None, [HEADLINE, line, *STORY])


def test_a_box_named_so_that_reads_as_no_byline_names_no_writer() -> None:
    """A writer's bio, and a sidebar's list of other posts, have such boxes too."""
    bio = '<div class="author-box"><p>Jane Doe covers the council for the paper.</p></div>'
    aside = '<aside><div class="post-meta">By Tom Hill | 2 March 2024</div></aside>'
    for extra in (bio, aside):
        page = _page("").replace("<body>", f"<body>{extra}")
        assert document_from_html(page, "p.html").author is None, extra


# Lines that read as bylines but name no writer of the page: a series' link, a
# related story's line of links, a comment's header.
NOT_WRITER_BOXES = [
    ('<p><a href="/series/by-the-numbers">BY THE NUMBERS</a></p>', "head"),
    ('<p><a href="/a">Paul Martin</a> · 3 March 2024</p>', "foot"),
    (
        '<section class="comments"><div class="comment-meta">Paul Martin | 3 March 2024'
        "</div><p>Great article.</p></section>",
        "after",
    ),
    ('<ol class="commentlist"><li><div class="meta">By Paul Martin</div></li></ol>', "after"),
    ('<div class="comment-meta">By Paul Martin | 3 March 2024</div>', "after"),
    ('<div id="comments"><div class="meta">By Paul Martin</div></div>', "after"),
]


@pytest.mark.parametrize(("box", "where"), NOT_WRITER_BOXES)
def test_a_line_of_links_or_a_comments_header_names_no_writer(box: str, where: str) -> None:
    """Any one-line linked paragraph that read as a byline named the page's author
    ("THE NUMBERS", a related story's writer), and so did a comment's header: a line
    of links counts only where a lead word opens it and its writer is a person's."""
    page = _page("")
    if where == "head":
        page = page.replace(f"<h1>{HEADLINE}</h1>", f"<h1>{HEADLINE}</h1>{box}")
    elif where == "foot":
        page = page.replace("</article>", f"<h3>Related</h3>{box}</article>")
    else:
        page = page.replace("</article>", f"</article>{box}")
    assert document_from_html(page, "p.html").author is None


@pytest.mark.parametrize(
    "wrapper",
    [
        '<div class="commentary">',
        '<section class="opinion-commentary">',
        '<div id="comments-enabled">',
        '<div class="post comment-count">',
        '<article class="post has-comments-3">',
        '<div id="commentable-article">',
    ],
)
def test_a_story_wrapped_in_a_name_with_comment_in_it_keeps_its_byline(wrapper: str) -> None:
    """Any class or id with "comment" in it made its subtree a box of comments: an
    opinion page's "commentary", or a page's state ("comments-enabled"), around the
    story hid its byline."""
    tag = wrapper[1 : wrapper.index(" ")]
    tree = lxml.html.fromstring(
        f'<html><body>{wrapper}<div class="post-meta">By Jane Doe | 3 March 2024</div>'
        f"<p>Text.</p></{tag}></body></html>"
    )
    assert byline_boxes(tree) == ["By Jane Doe | 3 March 2024"]
    if "class" in wrapper:
        page = _page("").replace(
            f"<h1>{HEADLINE}</h1>",
            f'{wrapper}<h1>{HEADLINE}</h1><div class="post-meta">By Jane Doe</div>',
        )
        page = page.replace("</article>", f"</{tag}></article>")
        assert document_from_html(page, "p.html").author == "Jane Doe"


def test_a_linked_byline_right_under_the_headline_names_its_writer() -> None:
    """A line of links counted only where a lead word opened it, so the byline a page
    prints under its headline without "By" named no one; the same line after the
    story's first paragraph, or a related story's at the foot, still names no one."""
    line = '<p><a href="/a/jd">Jane Doe</a> | 3 March 2024</p>'
    under = _page("").replace(f"<h1>{HEADLINE}</h1>", f"<h1>{HEADLINE}</h1>{line}")
    doc = document_from_html(under, "p.html")
    assert (doc.author, doc.text.split("\n\n")) == ("Jane Doe", [HEADLINE, *STORY])
    inside = _page("").replace("</p>", f"</p>{line}", 1)
    assert document_from_html(inside, "p.html").author is None


def test_a_paragraph_that_is_only_the_authors_name_is_no_sentence() -> None:
    """ "<div class="author">Jane Doe</div>" named the page's author and stayed the
    story's first "sentence", as "<p>Jane Doe</p>" under an entry whose <dc:creator>
    names her did; a name that is no author's stays."""
    for box in ('<div class="author">Jane Doe</div>', '<span itemprop="author">Jane Doe</span>'):
        page = _page("").replace(f"<h1>{HEADLINE}</h1>", f"<h1>{HEADLINE}</h1>{box}")
        doc = document_from_html(page, "p.html")
        assert (doc.author, doc.text.split("\n\n")) == ("Jane Doe", [HEADLINE, *STORY]), box
    (entry,) = read_feed(_feed("Jane Doe").replace(b"<p>", b"<p>Jane Doe</p><p>", 1), "f.xml")
    assert (entry.author, entry.text.split("\n\n")) == ("Jane Doe", [HEADLINE, *STORY])
    (other,) = read_feed(_feed("Jane Doe").replace(b"<p>", b"<p>John Smith</p><p>", 1), "f.xml")
    assert other.text.split("\n\n") == [HEADLINE, "John Smith", *STORY]


def test_a_paragraph_that_says_more_than_the_authors_name_stays() -> None:
    """The author's name with a place, a post or an office after it was cut to the
    name and the paragraph went as "only the author's name": "Jane Doe at the United
    Nations General Assembly" lost a caption, a winners list written by a winner its
    winner. Only the names themselves go, in any case."""
    for line in (
        "Jane Doe at the United Nations General Assembly",
        "Jane Doe for President",
        "Jane Doe, Prime Minister",
        "Best Debut: Jane Doe",
    ):
        raw = _feed("Jane Doe").replace(b"<p>", f"<p>{line}</p><p>".encode(), 1)
        (entry,) = read_feed(raw, "f.xml")
        assert entry.text.split("\n\n") == [HEADLINE, line, *STORY], line
    raw = _feed("Jane Doe").replace(b"<p>", b"<p>JANE DOE</p><p>", 1)
    (entry,) = read_feed(raw, "f.xml")
    assert entry.text.split("\n\n") == [HEADLINE, *STORY]


@pytest.mark.parametrize(
    ("inner", "line"),
    [
        # A line break inside the names is a space: a " · " there split them.
        ("By Jane Doe and<br>\nJohn Roe", "By Jane Doe and John Roe"),
        ("By Jane Doe<br>\nand John Roe", "By Jane Doe and John Roe"),
        ("By<br>Jane Doe", "By Jane Doe"),
        ("By <a>Jane</a><br><a>Doe</a>", "By Jane Doe"),
        # A <time>, and a date or time stamp after a line break, are parts of their own.
        (
            "<span>By Jane Doe</span><time>Saturday, March 3, 2024</time>",
            "By Jane Doe · Saturday, March 3, 2024",
        ),
        ("By Jane Doe<br>Saturday, March 3, 2024", "By Jane Doe · Saturday, March 3, 2024"),
        ("By Jane Doe<br>Updated 10:04 GMT", "By Jane Doe · Updated 10:04 GMT"),
        ("By Jane Doe<br>May 3, 2024 | 5 min read", "By Jane Doe · May 3, 2024 | 5 min read"),
        ("By Jane Doe |<br>March 3, 2024", "By Jane Doe | March 3, 2024"),
    ],
)
def test_a_line_break_in_a_byline_box_parts_only_a_time_stamp(inner: str, line: str) -> None:
    """A " · " after every line break that no mark stood at split a byline's names:
    "By Jane Doe and<br>John Roe" named "Jane Doe and", "By<br>Jane Doe" no one."""
    assert box_text(lxml.html.fromstring(f'<div class="byline">{inner}</div>')) == line


@pytest.mark.parametrize(
    "inner", ["By Jane Doe and<br>\nJohn Roe", "By Jane Doe<br>\nand John Roe"]
)
def test_a_byline_box_with_a_line_break_in_its_names_names_them_all(inner: str) -> None:
    box = f'<div class="byline">{inner}</div>'
    page = _page("").replace(f"<h1>{HEADLINE}</h1>", f"<h1>{HEADLINE}</h1>{box}")
    assert byline_boxes(lxml.html.fromstring(page)) == ["By Jane Doe and John Roe"]
    assert document_from_html(page, "p.html").author == "Jane Doe; John Roe"


@pytest.mark.parametrize(
    "inner",
    [
        "By Jane Doe<br>Saturday, March 3, 2024",
        "By Jane Doe<br>March 3, 2024",
        # trafilatura cuts these at the first digit: "Jane Doe Updated", "Jane Doe Sat".
        "By Jane Doe<br>Updated 10:04 GMT",
        "By Jane Doe<br>Sat 3 Mar 2024 10.04 GMT",
    ],
)
def test_a_byline_boxs_date_after_a_line_break_is_no_part_of_the_author(inner: str) -> None:
    """trafilatura reads the box's line break as nothing and its commas as between
    names: the page's author was "Jane Doe Saturday; March 3", or "Jane Doe March 3",
    and the box's writer lost to it, being no prefix-extension of it."""
    box = f'<div class="byline">{inner}</div>'
    page = _page("").replace(f"<h1>{HEADLINE}</h1>", f"<h1>{HEADLINE}</h1>{box}")
    assert document_from_html(page, "p.html").author == "Jane Doe"


@pytest.mark.parametrize(
    ("line", "author"),
    [
        ("Jane Doe Updated 10:04 GMT", "Jane Doe"),
        ("Jane Doe Last updated 3 hours ago", "Jane Doe"),
        ("Jane Doe Published: 10:04 GMT", "Jane Doe"),
        # A name may end in a month's, a weekday's or such a word: only a verb goes.
        ("Brian May 10:04 GMT", "Brian May"),
        ("James Last 10:04 GMT", "James Last"),
    ],
)
def test_a_time_stamps_lead_word_is_no_part_of_an_author_without_a_byline_box(
    line: str, author: str
) -> None:
    """trafilatura reads an author's element ("<p class="author">") up to its first
    digit: "Jane Doe Updated" was the page's author, no byline box naming the
    writer for "Updated" to lose to, and no digit left to show a time stamp."""
    box = f'<p class="author">{line}</p>'
    page = _page("").replace(f"<h1>{HEADLINE}</h1>", f"<h1>{HEADLINE}</h1>{box}")
    assert document_from_html(page, "p.html").author == author


@pytest.mark.parametrize(
    "inner", ["Story: Jane Doe", "Text: Jane Doe", "Story: Jane Doe | Photos: John Roe/Reuters"]
)
def test_a_writers_credit_with_a_colon_in_a_byline_box_names_the_writer(inner: str) -> None:
    """trafilatura kept the credit's role as a word of the name: the page's author
    was "Story Jane Doe", or "Story Jane Doe; Photos John Roe; Reuters"."""
    box = f'<div class="byline">{inner}</div>'
    page = _page("").replace(f"<h1>{HEADLINE}</h1>", f"<h1>{HEADLINE}</h1>{box}")
    assert document_from_html(page, "p.html").author == "Jane Doe"


@pytest.mark.parametrize(
    ("inner", "author"),
    [
        ("Jane Doe, Paris", "Jane Doe"),
        ("Jane Doe, Kyiv, Ukraine", "Jane Doe"),
        ("Will Green, Kyiv", "Will Green"),
        ("By Jane Doe<br>Paris", "Jane Doe"),
        ("Jane Doe<br>Paris", "Jane Doe"),
        ("Jane Doe<br>Staff Writer", "Jane Doe"),
        # The Guardian's post, written as a sentence is.
        ("<a>Jane Doe</a><br>Political correspondent", "Jane Doe"),
        ("By Jane Doe<br>John Roe", "Jane Doe; John Roe"),
        # A given name with "by" in it: the lead word was cut out of it ("BobSmith").
        ("Bobby Smith<br>Paris", "Bobby Smith"),
        ("Toby Green<br>Political correspondent", "Toby Green"),
        ("<span>Toby Green</span><span>Reuters</span>", "Toby Green"),
        ("By Toby Green<br>Paris", "Toby Green"),
        # The BBC's line of where its correspondent is, under the post.
        ("Paul Adams<br>Diplomatic correspondent<br>Reporting from Jerusalem", "Paul Adams"),
        ("Jane Doe<br>BBC News<br>Reporting from Kyiv", "Jane Doe"),
        # A name broken over two lines is still one name; two people stay two.
        ("By Jane<br>Doe", "Jane Doe"),
        ("Jane Doe, John Smith", "Jane Doe; John Smith"),
        # A writer's credit and the kind of piece lead as "By" does.
        ("Reporting by Jane Doe<br>Paris", "Jane Doe"),
        ("Analysis by Jane Doe<br>Paris", "Jane Doe"),
        ("Opinion by Jane Doe, Paris", "Jane Doe"),
    ],
)
def test_a_byline_boxs_place_is_no_part_of_its_author(inner: str, author: str) -> None:
    """A box that writes where its writer is, after a comma or on a line of its own,
    without a lead word or with it: trafilatura read "Jane Doe; Paris" or "Jane Doe
    Paris", and the place was an author, or a word of the name."""
    box = f'<div class="byline">{inner}</div>'
    page = _page("").replace(f"<h1>{HEADLINE}</h1>", f"<h1>{HEADLINE}</h1>{box}")
    assert document_from_html(page, "p.html").author == author


@pytest.mark.parametrize(
    ("inner", "line", "author"),
    [
        (
            "<span>By Jane Doe</span><span>Updated 9:45 a.m. ET March 3, 2024</span>",
            "By Jane Doe · Updated 9:45 a.m. ET March 3, 2024",
            "Jane Doe",
        ),
        ("<span>By</span><span>Jane Doe</span>", "By Jane Doe", "Jane Doe"),
        ("<span>By Jane Doe</span><span>Reuters</span>", "By Jane Doe, Reuters", "Jane Doe"),
        # A mark after the name joins as it stands.
        ("By Jane Doe<span>, Reuters</span>", "By Jane Doe, Reuters", "Jane Doe"),
    ],
)
def test_a_byline_boxs_elements_with_no_space_between_are_parts(
    inner: str, line: str, author: str
) -> None:
    """A box's spans side by side, set apart by the page's style, read as one word
    where they meet: the author was "Jane DoeUpdated", and "<span>By</span><span>Jane
    Doe</span>" no byline."""
    box = lxml.html.fromstring(f'<div class="byline">{inner}</div>')
    assert box_text(box) == line
    page = _page("").replace(
        f"<h1>{HEADLINE}</h1>", f'<h1>{HEADLINE}</h1><div class="byline">{inner}</div>'
    )
    assert document_from_html(page, "p.html").author == author


@pytest.mark.parametrize(
    ("name", "author"),
    [
        ("Jane Doe, Paris", "Jane Doe"),
        ("Will Green, Kyiv", "Will Green"),
        # Two people stay two.
        ("Jane Doe, John Roe", "Jane Doe; John Roe"),
    ],
)
def test_a_json_ld_authors_place_is_no_author(name: str, author: str) -> None:
    """trafilatura reads a schema.org article's author "Jane Doe, Paris" as "Jane Doe;
    Paris", which stood though the page's metadata, cleaned, states Jane Doe."""
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": HEADLINE,
        "author": {"@type": "Person", "name": name},
    }
    page = _page(f'<script type="application/ld+json">{json.dumps(ld)}</script>')
    assert document_from_html(page, "ld.html").author == author


@pytest.mark.parametrize(
    "line",
    [
        "By Jane Doe (Reuters)",
        "Jane Doe | Paris | 4 March 2024",
        "Jane Doe \u2022 4 March 2024 \u2022 4 min read",
    ],
)
def test_a_byline_paragraph_names_its_writer_on_a_page_and_in_a_feed(line: str) -> None:
    """A byline paragraph with its outlet in brackets was no byline (the story opened
    with it, and no author was read); one without a lead word went as a byline, by
    its time stamp, but the page and the entry named no author."""
    page = _page("").replace(f"<h1>{HEADLINE}</h1>", f"<h1>{HEADLINE}</h1><p>{line}</p>")
    doc = document_from_html(page, "p.html")
    (entry,) = read_feed(rss_entry(f"<p>{line}</p>{_BODY}", HEADLINE), "f.xml")
    for read in (doc, entry):
        assert read.author == "Jane Doe"
        assert "Jane Doe" not in read.text


def test_media_markup_quoted_in_cdata_or_a_comment_is_no_items_credit() -> None:
    """Credits were read from the feed's raw text, CDATA and comments included: a post
    that quotes an Android ``<item>`` in its CDATA description counted one item too
    many, so the next item's photo credit (role="author", its photographer) went to
    the item after it and the photographer was the next item's author; and a
    ``<media:content>`` quoted in prose, never closed, put the item's own writer's
    credit "inside its media", so the item had no author."""
    ns = 'xmlns:media="http://search.yahoo.com/mrss/"'
    body = "The council approved the budget on Tuesday after a long debate on the harbour."

    def authors(items: str) -> list[str | None]:
        rss = (
            f'<?xml version="1.0"?><rss version="2.0" {ns}><channel><title>T</title>'
            f"<link>https://s.example/</link>{items}</channel></rss>"
        )
        return [doc.author for doc in read_feed(rss.encode(), "f.xml")]

    quoted_item = (
        "<item><title>A</title><link>https://s.example/a</link><description><![CDATA["
        f'<p>{body} In res/values write <item name="x">1</item>.</p>]]></description></item>'
        "<!-- <item><title>old</title></item> -->"
    )
    photo = (
        f"<item><title>B</title><link>https://s.example/b</link><description>{body}"
        '</description><media:content url="https://s.example/b.jpg"><media:credit '
        'role="author">Pat Lens</media:credit></media:content></item>'
    )
    assert authors(quoted_item + photo) == [None, None]
    quoted_media = (
        "<item><title>C</title><link>https://s.example/c</link><description><![CDATA["
        f'<p>{body} A photo goes in <media:content url="x"> as its feed says.</p>]]>'
        '</description><media:credit role="author">Jane Roe</media:credit></item>'
    )
    assert authors(quoted_media) == ["Jane Roe"]
