"""Feed text read as HTML only where it is clearly HTML, whatever its type says:
an Atom text construct without ``type``, an RSS ``<description>``, a JSON Feed's
``content_text`` and ``content_html``. Fixture feeds: tests/fixtures/feeds/."""

from __future__ import annotations

from pathlib import Path

import pytest

from audits.document import Document
from audits.sources.clear_markup import is_clearly_html
from audits.sources.feed import read_feed

FEEDS = Path(__file__).parent / "fixtures" / "feeds"


def _texts(name: str) -> list[str]:
    items = read_feed((FEEDS / name).read_bytes(), name)
    assert all(isinstance(item, Document) for item in items)
    return [item.text for item in items if isinstance(item, Document)]


def test_escaped_html_in_an_untyped_atom_content_or_summary_is_read_as_html() -> None:
    # Without a type an Atom text is text (RFC 4287), so a scraper's escaped HTML
    # was read as words: "<p>The council voted ...</p><p>Drivers ...</p>".
    bridge, footbridge, old_pages = _texts("untyped-html.atom")
    assert bridge == (
        "Bridge closes\n\nThe council voted on Tuesday to close the old bridge."
        "\n\nDrivers will have to use the ford road."
    )
    assert footbridge == (
        "Footbridge asked for\n\nThe parish council asked for a footbridge."
        "\nThe county said it would consider it."
    )
    # A sentence that names a tag is no markup: its words stay.
    assert (
        old_pages == "Old pages\n\nThe web team still finds the <b> tag in the council's old pages."
    )


def test_an_rss_description_in_plain_text_stays_plain_text() -> None:
    # Any "<word>" or "&name;" made a description HTML: its paragraphs ran into one,
    # and the tag it names was dropped from its sentence.
    rule, phone, old_pages, markup = _texts("plain-descriptions.rss")
    assert rule == (
        "Budget rule\n\nThe rule holds when a < b and c > d, the treasurer said."
        "\n\nIt was first written in 1998."
    )
    assert phone == (
        "Phone deal\n\nAT&T signed the council's phone contract on Monday."
        "\n\nThe deal runs for five years."
    )
    assert old_pages == (
        "Old pages\n\nThe web team still finds the <b> tag in the council's old pages."
        "\n\nIt will be gone by May."
    )
    assert markup == "Markup\n\nThe council met on Tuesday.\n\nIt agreed to raise charges."


def _rss(description: str) -> bytes:
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
        "<link>https://x.example/</link><item><title>Item</title>"
        f'<guid isPermaLink="false">g1</guid><description>{description}</description>'
        "</item></channel></rss>"
    ).encode()


@pytest.mark.parametrize(
    ("description", "text"),
    [
        (
            "&lt;nav&gt;Home | News&lt;/nav&gt;&lt;main&gt;The council met on Tuesday."
            "&lt;/main&gt;",
            "Item\n\nHome | News\n\nThe council met on Tuesday.",
        ),
        (
            "&lt;caption&gt;Results&lt;/caption&gt; The council met.",
            "Item\n\nResults\n\nThe council met.",
        ),
        (
            "&lt;details&gt;&lt;summary&gt;More&lt;/summary&gt;The council met.&lt;/details&gt;",
            # summary's line is the HTML reader's to place; its tags are no words
            None,
        ),
    ],
)
def test_an_rss_description_of_html5_elements_is_read_as_html(
    description: str, text: str | None
) -> None:
    # Read as HTML on main; the lists of clear markup lacked HTML5's elements, so
    # the branch read their tags as words (review feeds40, SHOULD-FIX 1).
    (item,) = read_feed(_rss(description), "html5.rss")
    assert isinstance(item, Document)
    assert "<" not in item.text and "More" in item.text if text is None else item.text == text


def test_json_feed_content_text_that_is_html_is_read_as_html_and_content_html_wins() -> None:
    bridge, footbridge, old_pages = _texts("html-in-content-text.json")
    assert bridge == (
        "Bridge closes\n\nThe council voted on Tuesday to close the old bridge."
        "\n\nDrivers will have to use the ford road."
    )
    assert footbridge == "Footbridge asked for\n\nThe parish council asked for a footbridge."
    assert (
        old_pages == "Old pages\n\nThe web team still finds the <b> tag in the council's old pages."
    )


@pytest.mark.parametrize(
    "text",
    [
        "<p>One.</p>",
        "One.<br>Two.",
        "One.<br/>Two.",
        "</div>",
        '<img src="x.jpg">',
        '<a href="https://x.example/">a link</a>',
        "<em>stress</em>",
        "<B>Bold</B>",
        # HTML5's sectioning, table, form and void elements, and those whose content
        # is no text (review feeds40, SHOULD-FIX 1: read as words on the branch).
        "<nav>Home | News</nav><main>The council met.</main>",
        "<caption>Results</caption> The council met.",
        "<details><summary>More</summary>The council met.</details>",
        "<address>1 High Street</address>",
        "<fieldset>Name</fieldset>",
        '<form action="/s">Search</form>',
        "<hgroup>Heading</hgroup>",
        "<dialog>Sure?</dialog>",
        "<menu>One</menu>",
        "<colgroup>",
        "<tfoot>Total</tfoot>",
        "<legend>Name</legend>",
        "<select>",
        "<option>One</option>",
        "<textarea>Text</textarea>",
        "<button>Go</button>",
        "<template>x</template>",
        "<object>x</object>",
        "<canvas>x</canvas>",
        "<svg>x</svg>",
        "long<wbr>word",
        '<area shape="rect">',
        "<col>",
        '<embed src="x.swf">',
        '<input type="text">',
        '<track src="x.vtt">',
        '<param name="x">',
        '<link rel="stylesheet">',
        '<meta charset="utf-8">',
        "<base>",
        "<noscript>Turn on JavaScript.</noscript>",
        "<script>run()</script>",
        "<style>p { color: red }</style>",
        # Word's prefixed elements, pasted into posts
        "Text <o:p></o:p> here.",
        '<st1:place w:st="on">Leeds</st1:place>',
    ],
)
def test_markup_is_clearly_html(text: str) -> None:
    assert is_clearly_html(text)


@pytest.mark.parametrize(
    "text",
    [
        "a < b and c > d",
        "a <b and c> d",
        "the <b> tag",
        "the <em> and <strong> tags",
        "AT&amp;T",
        "Reply to <editor@x.example>",
        "<b>unclosed",
        "</b> before <b>",
        "<thing>",
        "Write to <mailto:desk>",
    ],
)
def test_text_is_not_clearly_html(text: str) -> None:
    assert not is_clearly_html(text)


def test_escaped_text_that_looks_like_a_tag_keeps_its_words_in_rss() -> None:
    # feedparser rewrote every tag-like run of an HTML-typed text (its relative-URI
    # resolver and its sanitizer both re-serialize tags), so "a <b and c> d" came
    # back "a <b> d" before mtaudit saw it: the words "and c" were gone.
    escaped, cdata, html_text, cdata_html = _texts("tag-like-text.rss")
    assert escaped == "Escaped\n\nThe rule holds when a <b and c> d, the treasurer said."
    assert cdata == "In CDATA\n\nThe rule holds when x <y and z> w, she said."
    assert html_text == "Escaped HTML\n\nHello\n\nThe council met on Tuesday."
    assert cdata_html == "CDATA HTML\n\nThe council met.\n\nIt agreed to raise charges."


def test_escaped_text_that_looks_like_a_tag_keeps_its_words_in_atom() -> None:
    typed_text, typed_html, content_html, markup = _texts("tag-like-text.atom")
    said = "The rule holds when a <b and c> d, the treasurer said."
    assert typed_text == f"Typed text\n\n{said}"
    assert typed_html == f"Typed html\n\n{said}"
    assert content_html == f"Content typed html\n\n{said}"
    assert markup == "Html that is markup\n\nHello\n\nThe council met on Tuesday."


def test_a_prefixed_element_in_a_description_is_markup_not_words() -> None:
    # feedparser's sanitizer dropped Word's <o:p></o:p>; read as the feed writes it,
    # it must still be markup, not words of the sentence.
    (item,) = read_feed(_rss("<![CDATA[Text <o:p></o:p>here.]]>"), "word.rss")
    assert isinstance(item, Document)
    assert item.text == "Item\n\nText here."


def test_a_title_is_read_as_html_only_where_it_is_clearly_html() -> None:
    # Titles kept the loose test ("<word ...>" or "&name;" made one typed HTML
    # markup) after descriptions moved to is_clearly_html: "x<y>" and "<b and c>"
    # were dropped from titles typed html.
    items = read_feed((FEEDS / "tag-like-titles.atom").read_bytes(), "titles.atom")
    docs = [item for item in items if isinstance(item, Document)]
    assert [doc.title for doc in docs] == [
        "Q&A: why x<y> matters",
        "5 < 6 > 4",
        "The rule: a <b and c> d",
        "Q&A: why x<y matters",
        "Bold news & views",
        "Stop using <br> for spacing in your pages",
        "<p> versus <div>: which to use",
    ]
    assert docs[0].text == "Q&A: why x<y> matters\n\nThe treasurer explained the rule."
    assert docs[0].meta["feed_title"] == "Q&A <desk>"


def test_an_rss_title_that_names_a_tag_keeps_it() -> None:
    # feedparser types an RSS title text/plain when it has no markup, so the one
    # left plain is the one naming a tag; read as HTML it lost "<br>".
    data = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
        b"<link>https://x.example/</link><item>"
        b"<title>Stop using &lt;br&gt; for spacing in your pages</title>"
        b'<guid isPermaLink="false">g1</guid><description>Body.</description>'
        b"</item></channel></rss>"
    )
    (item,) = read_feed(data, "br.rss")
    assert isinstance(item, Document)
    assert item.title == "Stop using <br> for spacing in your pages"


@pytest.mark.parametrize(
    "fallback",
    [
        '<applet code="Chart.class">Your browser does not support Java applets.</applet>',
        '<video src="a.mp4">Your browser does not support the video tag.</video>',
        '<audio src="a.mp3"><source src="a.ogg">Your browser cannot play this.</audio>',
        "<noembed>Your browser does not support embedded content.</noembed>",
        "<noframes>Your browser does not support frames.</noframes>",
        '<object data="chart.svg">A chart of the budget.</object>',
        "<noscript>Turn on JavaScript to see the chart.</noscript>",
    ],
)
def test_fallback_text_a_browser_does_not_show_is_no_words_of_the_entry(fallback: str) -> None:
    # feedparser's sanitizer is off (it rewrote escaped text), and with it went its
    # dropping of <applet> and the rest: their fallback was read as a sentence.
    description = (
        "<![CDATA[<p>The council met on Tuesday.</p>"
        f"{fallback}<p>It agreed to raise charges.</p>]]>"
    )
    (item,) = read_feed(_rss(description), "fallback.rss")
    assert isinstance(item, Document)
    assert item.text == "Item\n\nThe council met on Tuesday.\n\nIt agreed to raise charges."


@pytest.mark.parametrize(
    "comment",
    ["&lt;!-- check the figure --&gt;", "&lt;!-- two\nlines --!&gt;", "<![CDATA[<!-- raw -->]]>"],
)
def test_a_comment_in_a_plain_text_description_is_no_words(comment: str) -> None:
    # Read as plain text (no clear markup), a description's comment, which no reader
    # shows, was words of its sentence.
    (item,) = read_feed(_rss(f"The council met on Tuesday. {comment} It agreed."), "c.rss")
    assert isinstance(item, Document)
    assert item.text == "Item\n\nThe council met on Tuesday. It agreed."
    # Escaped twice, it is text that shows a comment's marks, as a reader shows them.
    (shown,) = read_feed(_rss("The tag &amp;lt;!-- x --&amp;gt; opens one."), "s.rss")
    assert isinstance(shown, Document)
    assert shown.text == "Item\n\nThe tag <!-- x --> opens one."
