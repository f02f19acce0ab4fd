"""Article extraction from pages shaped like the real web: themes, charsets, widgets.

Every page here is small and hand-written, after the way news sites and content
farms build theirs; each test names the fault it guards against.
"""

from __future__ import annotations

import html
import json
import re

import pytest
from lxml.html import fromstring

from audits import AuditConfig, audit_document
from audits.document import Document
from audits.errors import InputError
from audits.segment import segment
from audits.sources.feed import read_feed
from audits.sources.fragment import html_to_text
from audits.sources.html import document_from_html, read_html
from audits.sources.html_charset import decode_html
from audits.sources.html_headline import mark_headline
from audits.sources.html_jsonld import render_body
from tests.feed_fixtures import rss_entry

QUOTE = (
    "\u201cWe will not accept this,\u201d said the mayor\u2019s spokesman \u2013 a former "
    "journalist \u2014 on Tuesday."
)
CAFE = (
    "The caf\u00e9 owners\u2019 association said the new rules were unfair and would cost "
    "jobs in the old town."
)


def _page(head: str = "", body: str = "") -> str:
    body = body or f"<p>{QUOTE}</p><p>{CAFE}</p>"
    return (
        f"<html><head>{head}<title>Caf\u00e9 owners protest</title></head><body>"
        f"<article><h1>Caf\u00e9 owners protest</h1>{body}</article></body></html>"
    )


def _paragraphs(doc: Document) -> list[str]:
    return doc.text.split("\n\n")


# --- charsets -------------------------------------------------------------------------


def test_a_page_labelled_latin1_is_read_as_windows_1252_like_every_browser() -> None:
    # cp1252 bytes under an ISO-8859-1 label: latin-1 made C1 controls of the curly
    # quotes and dashes, and the extractor deleted them ("the mayors spokesman").
    for label in ('<meta charset="ISO-8859-1">', '<meta charset="us-ascii">'):
        data = _page(label).encode("cp1252")
        doc = read_html(data, "page.html")
        assert _paragraphs(doc)[1:] == [QUOTE, CAFE]
        assert doc.meta["encoding"] == "windows-1252"
        assert not doc.input_findings
    doc = read_html(_page().encode("cp1252"), "page.html", declared_charset="iso-8859-1")
    assert _paragraphs(doc)[1:] == [QUOTE, CAFE]


def test_a_byte_windows_1252_leaves_undefined_does_not_discard_the_declaration() -> None:
    # One stray 0x9D made Python's cp1252 fail; the declaration was passed over and
    # detection chose cp1250, where ñ is ń: "José Muñoz" came out "José Muńoz".
    quote = "\u201cNo,\u201d said Jos\u00e9 Mu\u00f1oz on Tuesday in M\u00e1laga."
    page = _page('<meta charset="windows-1252">', f"<p>{quote}</p><p>{CAFE}</p>")
    data = page.encode("cp1252").replace(b"Tuesday", b"Tuesday\x9d")
    doc = read_html(data, "page.html")
    assert _paragraphs(doc)[1:] == [quote, CAFE]
    assert doc.meta["encoding"] == "windows-1252"
    text, _encoding = decode_html(data.replace(b"1252", b"1254"), "page.html")
    assert "Mu\u00f1oz" in text


def test_a_byte_order_mark_overrides_the_http_header() -> None:
    # A UTF-16 page served as windows-1252 was decoded as cp1252: NULs and garbage.
    data = _page('<meta charset="utf-8">').encode("utf-16")
    text, encoding = decode_html(data, "page.html", declared="windows-1252")
    assert encoding == "utf-16" and text == _page('<meta charset="utf-8">')
    data = b"\xef\xbb\xbf" + _page().encode("utf-8") + b"\xff"
    text, encoding = decode_html(data, "page.html", declared="iso-8859-1")
    assert encoding == "utf-8" and text.startswith("<html>")


def test_a_utf16_label_in_meta_is_ignored() -> None:
    # A <meta> readable as ASCII cannot be UTF-16; decoding cp1252 bytes as UTF-16
    # gave a page of CJK characters.
    data = _page('<meta charset="utf-16">').encode("cp1252")
    text, _encoding = decode_html(data, "page.html")
    assert QUOTE in text


def test_a_meta_charset_past_the_first_kilobytes_of_the_head_is_honoured() -> None:
    """Only the first 4 KiB were searched for a <meta> charset: a legacy page whose
    head opens with scripts declared ISO-8859-2 past them, detection guessed
    windows-1252, and "Łódź" came out "£ód¼". Browsers honour it anywhere in the
    head; one in the body declares nothing."""
    scripts = "<script>var slot = 1;</script>\n" * 200
    meta = '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-2">'
    quote = "The mayor of \u0141\u00f3d\u017a met the delegation from Gy\u0151r on Tuesday."
    more = "Both cities plan to exchange students next year, officials said after the talks."
    page = _page(scripts + meta, f"<p>{quote}</p><p>{more}</p>")
    assert page.index(meta) > 4096
    doc = read_html(page.encode("iso-8859-2"), "page.html")
    assert (_paragraphs(doc)[1:], doc.meta["encoding"]) == ([quote, more], "iso-8859-2")
    in_body = _page(scripts, f"<p>{quote}</p>{meta}<p>{more}</p>")
    _text, encoding = decode_html(in_body.encode("iso-8859-2"), "page.html")
    assert encoding != "iso-8859-2"


# --- what no reader sees ------------------------------------------------------------

ARTICLE = [
    "Temperatures passed 44 degrees in several southern cities on Monday, breaking records "
    "for June that had stood for more than sixty years.",
    "Hospitals reported a rise in admissions for heatstroke, mostly among older people. The "
    "health ministry opened cooling centres in public libraries.",
    "Forecasters expect the heat to ease by Thursday, when storms are likely to bring cooler "
    "air from the west.",
]


def test_hidden_elements_and_templates_never_reach_the_text() -> None:
    # A template's promo, a paragraph marked hidden and display:none keyword lists were
    # audited as article prose; the feed reader always dropped them.
    p1, p2, p3 = (f"<p>{p}</p>" for p in ARTICLE)
    page = (
        "<html><head><title>Heatwave breaks June records</title></head><body><article>"
        f"<h1>Heatwave breaks June records</h1>{p1}"
        "<template><p>Subscribe today and get three months of premium weather free!</p></template>"
        "<p hidden>A draft about the heatwave and its causes that was never published.</p>"
        f"{p2}"
        '<div aria-hidden="true"><p>Advertisement placeholder text nobody sees.</p></div>'
        '<div style="color: red; DISPLAY: none"><p>Keywords: heatwave, record, hot.</p></div>'
        '<div style="visibility:hidden"><p>Sponsored: the best air conditioners compared.</p></div>'
        f"{p3}</article></body></html>"
    )
    doc = document_from_html(page, "page.html")
    assert _paragraphs(doc) == ["Heatwave breaks June records", *ARTICLE]


@pytest.mark.parametrize(
    "inside",
    [
        "<script>window.dataLayer.push({event: 'headline'});</script>",
        "<style>.kicker { color: red }</style>",
    ],
)
def test_a_script_or_style_inside_the_headline_is_not_its_title(inside: str) -> None:
    # The text left the script's code out of the headline's line, but the title took
    # the <h1>'s every character: "Heatwave breaks window.dataLayer.push(...) June
    # records" headed every report, and the headline no longer matched the <title>.
    p1, p2, p3 = (f"<p>{p}</p>" for p in ARTICLE)
    page = (
        "<html><head><title>Heatwave breaks June records</title></head><body><article>"
        f"<h1>Heatwave breaks {inside}June records</h1>{p1}{p2}{p3}</article></body></html>"
    )
    doc = document_from_html(page, "page.html")
    assert doc.title == "Heatwave breaks June records"
    assert _paragraphs(doc) == ["Heatwave breaks June records", *ARTICLE]


def test_a_headline_held_in_noscript_is_the_title() -> None:
    # <noscript> text is what a reader without JavaScript sees, not code: dropping it
    # inside headings made the site's <title> ("Daily News") the article's title.
    p1, p2, p3 = (f"<p>{p}</p>" for p in ARTICLE)
    page = (
        "<html><head><title>Daily News - Weather</title></head><body><article>"
        f"<h1><noscript>Heatwave breaks June records</noscript></h1>{p1}{p2}{p3}"
        "</article></body></html>"
    )
    assert document_from_html(page, "page.html").title == "Heatwave breaks June records"


def test_a_body_hidden_until_scripts_run_is_still_read() -> None:
    # Anti-flicker snippets hide the whole body until a script shows it.
    body = "".join(f"<p>{p}</p>" for p in ARTICLE)
    page = (
        '<html><head><title>Heat</title></head><body style="visibility: hidden">'
        f"<article>{body}</article></body></html>"
    )
    assert _paragraphs(document_from_html(page, "page.html")) == ARTICLE


def test_the_fragment_reader_drops_visibility_hidden_too() -> None:
    fragment = '<p>kept</p><p style="visibility: hidden">gone</p><p aria-hidden="TRUE">gone</p>'
    assert html_to_text(fragment) == "kept"


# --- paragraphs and lines -----------------------------------------------------------

FLOOD = [
    "Heavy rain has forced more than 12,000 people from their homes in three northern "
    "provinces, the civil protection agency said on Monday.",
    "Rivers burst their banks overnight after four days of storms, flooding farmland and "
    "cutting several roads.",
    "The agency said two people had died and five were missing. Schools will stay closed "
    "until Wednesday",
    "while engineers inspect bridges.",
]


def test_a_single_br_is_a_line_break_and_a_double_br_a_paragraph_break() -> None:
    # Blogger: a post body with no <p>, typed with <br> at each line end. Every <br>
    # became a paragraph, cutting "... closed until Wednesday / while engineers ..."
    # into two paragraphs (so two sentences).
    a, b, c, d = FLOOD
    page = (
        "<html><head><title>Floods</title></head><body><div class='post-outer'>"
        "<h3 class='post-title entry-title'>Floods force thousands from homes</h3>"
        "<div class='post-body entry-content' itemprop='articleBody'>\n"
        f"{a}<br /><br />{b}<br /><br />\n{c}<br />\n{d}</div></div></body></html>"
    )
    doc = document_from_html(page, "post.html")
    assert _paragraphs(doc)[-3:] == [a, b, f"{c}\n{d}"]
    *_, last = segment(doc.text).sentences
    assert last.text == "Schools will stay closed until Wednesday\nwhile engineers inspect bridges."


def test_newlines_in_the_markup_are_spaces_and_pre_keeps_its_lines() -> None:
    # A blockquote whose source was wrapped came out one paragraph per source line.
    page = (
        "<html><head><title>Harbour</title></head><body><div class='article'>"
        "<p>The city council approved on Tuesday a plan to\nrebuild the old harbour, ending "
        "years of debate over\nthe future of the waterfront.</p>"
        "<blockquote>We have waited for this\nfor twenty years, said the harbour master."
        "</blockquote>"
        "<p>The commission published this statement on Monday evening after the count:</p>"
        "<pre>STATEMENT FROM THE COMMISSION\n  All ballots have been counted.\n"
        "  Results are final.</pre>"
        "<p>Coalition talks are expected to start next week and last until summer.</p>"
        "</div></body></html>"
    )
    assert _paragraphs(document_from_html(page, "page.html")) == [
        "The city council approved on Tuesday a plan to rebuild the old harbour, ending "
        "years of debate over the future of the waterfront.",
        "We have waited for this for twenty years, said the harbour master.",
        "The commission published this statement on Monday evening after the count:",
        "STATEMENT FROM THE COMMISSION\n  All ballots have been counted.\n  Results are final.",
        "Coalition talks are expected to start next week and last until summer.",
    ]


@pytest.mark.parametrize("opening", ["<pre><code>", "<pre>\n<code>", "<pre> <code>"])
def test_a_code_listing_in_pre_stays_apart_from_the_paragraph_after_it(opening: str) -> None:
    # The newline that opens every <pre> (for one-line blocks' gaps) went before
    # the <code> of a <pre><code>, and trafilatura nested it: the table's last line
    # ran into the next paragraph, "Ward 2    1 200 Turnout was lower ...", on a
    # page that also has a <code> in a sentence (trafilatura then keeps <code>).
    page = (
        "<html><head><title>Results of the ward count</title></head><body><article>\n"
        "<h1>Results of the ward count</h1>\n"
        "<p>The council published the results of the count on Tuesday, ward by ward.</p>\n"
        f"{opening}Ward 1    340\nWard 2    1 200</code></pre>\n"
        "<p>Turnout was lower than at the last election, officials said.</p>\n"
        "<pre>Ward 3    77</pre>\n"
        "<p>The new council meets for the first time next week, to elect a leader.</p>\n"
        "<p>Run <code>make   all</code> to build, said the clerk, asked about the software.</p>"
        "</article></body></html>"
    )
    assert _paragraphs(document_from_html(page, "count.html"))[1:] == [
        "The council published the results of the count on Tuesday, ward by ward.",
        "Ward 1    340\nWard 2    1 200",
        "Turnout was lower than at the last election, officials said.",
        "Ward 3    77",
        "The new council meets for the first time next week, to elect a leader.",
        "Run make   all to build, said the clerk, asked about the software.",
    ]


def test_a_source_newline_in_a_paragraph_with_a_br_does_not_split_the_sentence() -> None:
    # In a paragraph holding a <br>, trafilatura kept every newline of the source, and
    # each became a paragraph: "Lavrov met Antony Blinken" / "in Geneva on Friday...".
    page = (
        "<html><head><title>Geneva</title></head><body><article><h1>Geneva talks</h1>"
        '<p>Lavrov met <a href="/who/blinken">Antony Blinken</a>\nin Geneva on Friday for '
        "talks that lasted\nan hour and a half.<br>Both said their positions had not "
        "changed.</p><p>They agreed to keep talking, and to meet again in the spring.</p>"
        "</article></body></html>"
    )
    assert _paragraphs(document_from_html(page, "page.html"))[1:] == [
        "Lavrov met Antony Blinken in Geneva on Friday for talks that lasted an hour and a "
        "half.\nBoth said their positions had not changed.",
        "They agreed to keep talking, and to meet again in the spring.",
    ]


LIVE = [
    (
        "10:05",
        "Polls open",
        "Polling stations opened at 7am across the county, with long "
        "queues reported in the town centre.",
    ),
    (
        "11:30",
        "Turnout high",
        "Turnout was running well ahead of the last election by late morning, officials said.",
    ),
    (
        "13:45",
        "Mayor votes",
        "The mayor cast her vote at the primary school on Mill Lane and "
        "told reporters she was confident.",
    ),
]


def test_a_list_item_of_blocks_is_read_as_those_blocks() -> None:
    # A live blog or timeline written as a list, each item a time, a heading and a
    # paragraph: each item came out as one paragraph, "- 10:05 Polls open Polling
    # stations opened ...", a heading run into the sentence after it. The feed reader
    # read the same markup as blocks. A list of plain items keeps its items.
    items = "".join(
        f"<li><div class='time'>{t}</div><div class='post'><h3>{h}</h3><p>{p}</p></div></li>"
        for t, h, p in LIVE
    )
    body = f"<p>{QUOTE}</p><ol class='timeline'>{items}</ol><p>The key points:</p><ul>"
    body += "".join(f"<li>{p}</li>" for _, _, p in LIVE[:2]) + "</ul>"
    paragraphs = _paragraphs(document_from_html(_page(body=body), "live.html"))
    blocks = [block for entry in LIVE for block in entry]
    assert paragraphs[1:] == [
        QUOTE,
        *blocks,
        "The key points:",
        *(f"- {p}" for _, _, p in LIVE[:2]),
    ]
    assert html_to_text(body).split("\n\n") == [
        QUOTE,
        *blocks,
        "The key points:",
        *(p for _, _, p in LIVE[:2]),
    ]


def test_the_fragment_reader_keeps_the_lines_of_pre() -> None:
    # Feeds and pages read plain joined a <pre>'s lines into one: "STATEMENT FROM THE
    # COMMISSION All ballots have been counted." read as one sentence.
    fragment = "<p>The statement:</p><pre>\nSTATEMENT\r\n  All ballots counted.\n</pre><p>a\nb</p>"
    assert html_to_text(fragment) == "The statement:\n\nSTATEMENT\n  All ballots counted.\n\na b"


# --- pages whose article lives in JSON-LD -------------------------------------------

RATES = [
    "The central bank kept its main interest rate at 4.5 percent on Thursday, saying "
    "inflation was slowing faster than expected.",
    "Read also: Mortgage costs hit a ten-year high",
    "The governor told reporters that a cut could come later this year if prices kept "
    "easing.\nMarkets had expected the decision.",
]


def _script_page(ld: object) -> str:
    return (
        "<html><head><title>Central bank holds rates | Metro Ledger</title>"
        f'<script type="application/ld+json">{json.dumps(ld)}</script></head>'
        '<body><div id="root"></div><script src="/app.js"></script></body></html>'
    )


def test_an_article_only_in_json_ld_keeps_its_paragraphs_and_lines() -> None:
    # trafilatura squeezed articleBody into one paragraph: the "Read also" line ran
    # into the next sentence ("...ten-year high The governor told reporters...").
    plain = {"@type": "NewsArticle", "articleBody": "\n\n".join(RATES)}
    marked_up = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebPage", "name": "Metro Ledger"},
            {
                "@type": "NewsArticle",
                "articleBody": "".join(f"<p>{p.replace(chr(10), '<br>')}</p>" for p in RATES),
            },
        ],
    }
    for ld in (plain, marked_up):
        doc = document_from_html(_script_page(ld), "app.html")
        assert _paragraphs(doc) == RATES
        assert doc.meta["extracted_from"] == "html"


def test_an_article_only_in_json_ld_opens_with_its_json_ld_headline() -> None:
    # The page's <title> is only the site's name: it was the document's title, and the
    # text had no headline, where a page's opens with it.
    ld = {
        "@type": "NewsArticle",
        "headline": "Central bank holds rates &amp; signals a cut",
        "author": {"@type": "Organization", "name": "Reuters"},
        "articleBody": "\n\n".join(RATES),
    }
    page = _script_page(ld).replace("Central bank holds rates | Metro Ledger", "Metro Ledger")
    doc = document_from_html(page, "app.html")
    assert doc.title == "Central bank holds rates & signals a cut"
    assert _paragraphs(doc) == [doc.title, *RATES]
    assert doc.author == "Reuters"
    # A body that already opens with it gets no second, on a line of its own too.
    for sep in ("\n\n", "\n"):
        ld["articleBody"] = f"Central bank holds rates & signals a cut{sep}" + "\n\n".join(RATES)
        doc = document_from_html(_script_page(ld), "app.html")
        assert doc.text.count("signals a cut") == 1


@pytest.mark.parametrize(
    "middle",
    [
        "The rule holds when a <b and c> d, the treasurer said.",
        "Q&amp;A: why x<y> matters to the treasurer, who wrote the rule.",
    ],
)
def test_a_json_ld_body_that_only_looks_like_markup_keeps_its_words(middle: str) -> None:
    # articleBody was HTML by the loose test ("<word ...>" or "&name;"), so "<b and
    # c>" and "<y>" were read as tags and dropped: the body no longer matched the
    # text trafilatura took from it, and its paragraphs ran into one.
    ld = {
        "@type": "NewsArticle",
        "articleBody": f"{RATES[0]}\n\n{middle}\n\n{RATES[2]}",
    }
    doc = document_from_html(_script_page(ld), "app.html")
    assert _paragraphs(doc) == [RATES[0], html.unescape(middle), RATES[2]]


def test_a_json_ld_body_escaped_twice_is_read_as_its_html() -> None:
    # A feed's text escaped twice is unescaped once more (unescaped_markup); the
    # articleBody was not, so "&lt;p&gt;" tags came out as words of the text.
    body = (
        "&amp;lt;p&amp;gt;The council met.&amp;lt;/p&amp;gt;"
        "&amp;lt;p&amp;gt;It agreed.&amp;lt;/p&amp;gt;"
    )
    assert render_body(body) == "The council met.\n\nIt agreed."


# --- pages that are not articles ----------------------------------------------------


def test_a_page_that_only_redirects_is_an_error_naming_its_target() -> None:
    # "Redirecting to https://..." was audited as a three-paragraph English article.
    target = "https://example.com/news/2024/storm-cuts-power"
    for content in (f"0; url={target}", f"1;URL='{target}'", f"0, {target}"):
        page = (
            f'<html><head><meta http-equiv="Refresh" content="{content}">'
            "<title>Redirecting&hellip;</title></head><body><p>Redirecting to "
            f'<a href="{target}">{target}</a>&hellip;</p></body></html>'
        )
        with pytest.raises(InputError) as caught:
            document_from_html(page, "old.html")
        assert caught.value.reason == (
            f"the page only redirects to {target} (meta refresh); audit that page"
        )


def test_an_article_that_reloads_itself_is_read() -> None:
    body = "".join(f"<p>{p}</p>" for p in ARTICLE)
    for refresh in ('content="300"', 'content="0; url=/amp/heat"'):
        page = (
            f'<html><head><meta http-equiv="refresh" {refresh}><title>Heat</title></head>'
            f"<body><article>{body}</article></body></html>"
        )
        assert _paragraphs(document_from_html(page, "page.html")) == ARTICLE


# --- the page's address -------------------------------------------------------------


@pytest.mark.parametrize(
    ("head", "url"),
    [
        # The <base> says what the page's links are relative to.
        (
            '<base href="https://news.example/"><link rel="canonical" href="/news/x">',
            "https://news.example/news/x",
        ),
        (
            '<base href="https://news.example/2024/"><link rel="canonical" href="x.html">',
            "https://news.example/2024/x.html",
        ),
        # Not the host of an og: image's URL, which trafilatura took the host from.
        (
            '<base href="https://news.example/">'
            '<meta property="og:image" content="https://cdn.example/img/x.jpg">'
            '<link rel="canonical" href="/news/x">',
            "https://news.example/news/x",
        ),
    ],
    ids=["root-relative", "relative", "not-the-og-images-host"],
)
def test_a_relative_canonical_link_is_resolved_against_the_pages_base(head: str, url: str) -> None:
    # A page saved to a file, its canonical link relative: the report's url was null.
    doc = read_html(_page(head).encode(), "saved.html")
    assert doc.url == url


def test_a_relative_canonical_link_is_resolved_as_a_browser_resolves_it() -> None:
    from audits.sources.canonical_link import resolve_canonical_link

    def canonical(head: str, page_url: str | None) -> str | None:
        tree = fromstring(_page(head))
        resolve_canonical_link(tree, page_url)
        return tree.find(".//link").get("href")

    page_url = "https://news.example/2024/05/page.html"
    link = '<link rel="canonical" href="x">'
    # A relative <base> is itself resolved against the page's address.
    assert canonical('<base href="/news/">' + link, page_url) == "https://news.example/news/x"
    # Without a <base>, the page's own address.
    assert canonical(link, page_url) == "https://news.example/2024/05/x"
    # The first <base> with an href counts.
    bases = '<base target="_top"><base href="https://a.example/"><base href="https://b.example/">'
    assert canonical(bases + link, None) == "https://a.example/x"
    # Only ASCII whitespace is stripped, as browsers strip it: an NBSP is part of the URL.
    assert canonical('<link rel="canonical" href="\u00a0x\n">', page_url) == (
        "https://news.example/2024/05/\u00a0x"
    )
    assert canonical('<base href=" https://a.example/\u00a0/">' + link, None) == (
        "https://a.example/\u00a0/x"
    )
    # A fragment names a place in the page, not the page: dropped, and a fragment-only
    # link is left as written (trafilatura then gives no address).
    assert canonical('<link rel="canonical" href="x#top">', page_url) == (
        "https://news.example/2024/05/x"
    )
    assert canonical('<link rel="canonical" href="#top">', page_url) == "#top"
    # Nothing to resolve against: left as written, for trafilatura's own guesses.
    assert canonical('<base href="/news/">' + link, None) == "x"
    assert canonical('<link rel="canonical" href="https://c.example/y">', page_url) == (
        "https://c.example/y"
    )


@pytest.mark.parametrize(
    ("head", "url"),
    [
        ('<base href="https://news.example/section/">', "https://news.example/section/"),
        (
            '<link rel="canonical" href=""><base href="https://news.example/section/">',
            "https://news.example/section/",
        ),
        (
            '<base target="_blank"><meta property="og:image" content="https://cdn.example/i.jpg">'
            '<link rel="canonical" href="/news/x">',
            "https://cdn.example/news/x",
        ),
        ('<link rel="canonical" href="x.html">', None),
        ('<link rel="canonical" href="//news.example/x">', "https://news.example/x"),
    ],
    ids=["base-only", "empty-canonical", "og-image-host", "relative", "protocol-relative"],
)
def test_a_saved_pages_address_is_what_the_readme_says_trafilatura_makes_of_it(
    head: str, url: str | None
) -> None:
    # Known-poor addresses (a section's, a CDN's) that the README owns up to.
    assert read_html(_page(head).encode(), "saved.html").url == url


def test_a_fragment_only_canonical_link_gives_no_address() -> None:
    head = '<base href="https://news.example/a/"><link rel="canonical" href="#top">'
    assert read_html(_page(head).encode(), "saved.html").url is None


@pytest.mark.parametrize("rel", ["Canonical", "canonical alternate", "alternate\tCANONICAL"])
def test_a_canonical_link_is_found_by_any_spelling_of_its_rel(rel: str) -> None:
    # rel is a case-insensitive list of tokens: not the <base>'s section address.
    head = f'<base href="https://news.example/"><link rel="{rel}" href="/news/x">'
    assert read_html(_page(head).encode(), "saved.html").url == "https://news.example/news/x"


# --- the headline ---------------------------------------------------------------------

HEADLINE = "Lavrov and Blinken hold their positions in Geneva"
GENEVA = [
    "The head of Russian diplomacy, Sergei Lavrov, and his American counterpart, Antony "
    "Blinken, met on Friday in Geneva for talks that lasted an hour and a half.",
    "Both men said afterwards that their positions had not changed, but that they had "
    "agreed to keep talking.",
    "Lavrov said Moscow was waiting for written answers to its proposals. Blinken said "
    "those answers would come next week.",
]


def _wordpress(body: str, title: str = f"{HEADLINE} &#8211; Awani Review") -> str:
    """A WordPress theme: the headline in the entry header, the body in entry-content
    (the block trafilatura takes, without the headline)."""
    return (
        f'<html><head><title>{title}</title></head><body><div id="page" class="site">'
        '<header id="masthead" class="site-header"><p class="site-title"><a href="/">'
        'Awani Review</a></p></header><main id="main" class="site-main">'
        '<article class="post type-post"><header class="entry-header">'
        f'<h1 class="entry-title">{HEADLINE}</h1></header>'
        f'<div class="entry-content">{body}</div></article></main></div></body></html>'
    )


def _scrape_findings(doc: Document, code: str) -> list[str]:
    audit = audit_document(doc, AuditConfig(lm=False))
    assert audit.ok, audit.error
    return [f.text for f in audit.findings if f.code == code]


def test_a_scraped_body_that_repeats_the_headline_is_flagged() -> None:
    # trafilatura took entry-content without the <h1>, so the copy of the headline at
    # the top of the body was the only one in the text and S501 never saw a repeat.
    body = "".join(f"<p>{p}</p>" for p in [HEADLINE, *GENEVA])
    doc = document_from_html(_wordpress(body), "post.html")
    assert _paragraphs(doc) == [HEADLINE, HEADLINE, *GENEVA]
    assert doc.title == HEADLINE
    assert _scrape_findings(doc, "S501") == [HEADLINE]


def test_the_headline_is_the_first_line_whatever_the_theme() -> None:
    body = "".join(f"<p>{p}</p>" for p in GENEVA)
    wordpress = document_from_html(_wordpress(body), "post.html")
    article = document_from_html(
        f"<html><head><title>{HEADLINE}</title></head><body><article><h1>{HEADLINE}</h1>"
        f"{body}</article></body></html>",
        "page.html",
    )
    for doc in (wordpress, article):
        assert _paragraphs(doc) == [HEADLINE, *GENEVA]
        assert not _scrape_findings(doc, "S501")


def test_a_site_name_in_a_heading_is_not_taken_for_the_headline() -> None:
    body = "".join(f"<p>{p}</p>" for p in GENEVA)
    page = (
        "<html><head><title>Awani Review | World news</title></head><body>"
        '<div id="header"><h1><a href="/">Awani Review</a></h1></div>'
        f'<div class="entry-content">{body}</div></body></html>'
    )
    assert _paragraphs(document_from_html(page, "page.html")) == GENEVA


# --- widgets injected into the article ------------------------------------------------


def test_a_see_also_box_between_paragraphs_reaches_s502() -> None:
    # trafilatura drops a block that is mostly a link, so a "See also" box between two
    # paragraphs vanished with what S502 looks for (a farm's "To read also" left over
    # from the site it translated); a box after the article stays out.
    first, second, third = (f"<p>{p}</p>" for p in GENEVA)
    boxes = (
        '<div class="related-box"><span>To read also</span> '
        '<a href="/x">Aid to Ukraine "on the backs" of farmers</a></div>',
        '<aside class="inline-related"><h4>Related</h4><ul>'
        '<li><a href="/z1">Kremlin says talks were useful</a></li>'
        '<li><a href="/z2">Ukraine asks allies for more air defence</a></li></ul></aside>',
    )
    trailing = (
        '<aside class="related-articles"><h4>Related articles</h4><ul>'
        '<li><a href="/z3">NATO allies meet in Brussels</a></li></ul></aside>'
    )
    body = f"{first}{boxes[0]}{second}{boxes[1]}{third}{trailing}"
    doc = document_from_html(_wordpress(body), "post.html")
    lines = [
        'To read also Aid to Ukraine "on the backs" of farmers',
        "Related: Kremlin says talks were useful | Ukraine asks allies for more air defence",
    ]
    assert _paragraphs(doc) == [HEADLINE, GENEVA[0], lines[0], GENEVA[1], lines[1], GENEVA[2]]
    assert _scrape_findings(doc, "S502") == lines


def test_a_paragraph_that_merely_opens_like_a_marker_is_left_alone() -> None:
    first, second = (f"<p>{p}</p>" for p in GENEVA[:2])
    prose = (
        '<div><a href="/x">Related</a> talks in Vienna ended without a deal, and the '
        "diplomats went home.</div>"
    )
    doc = document_from_html(_wordpress(f"{first}{prose}{second}"), "post.html")
    assert not _scrape_findings(doc, "S502")


def test_a_title_of_the_form_site_dash_headline_gives_the_headline() -> None:
    # trafilatura took the first part of "Regional News Online - Hospital opens ...".
    body = "".join(f"<p>{p}</p>" for p in ARTICLE)
    layouts = (
        ("", "<p>Copyright 2024 Regional News Online</p>"),
        ('<meta property="og:site_name" content="Regional News Online">', ""),
        ("", '<a href="/">Regional News Online</a>'),
    )
    for head, chrome in layouts:
        page = (
            f"<html><head>{head}<title>Regional News Online - Hospital opens new cancer "
            f"wing</title></head><body><div>{body}</div><div>{chrome}</div></body></html>"
        )
        assert document_from_html(page, "page.html").title == "Hospital opens new cancer wing"
    page = (
        "<html><head><title>Hospital opens new cancer wing | Regional News Online</title>"
        f"</head><body><div>{body}</div><p>© Regional News Online</p></body></html>"
    )
    assert document_from_html(page, "page.html").title == "Hospital opens new cancer wing"


def test_paywall_and_newsletter_prompts_in_the_article_are_chrome() -> None:
    # Their sentences ("This article is for subscribers only", "Local news in your inbox
    # every morning.") were audited as the article's.
    first, second, third = (f"<p>{p}</p>" for p in GENEVA)
    signup = (
        '<div class="kg-card kg-signup-card"><h2>Sign up for the Courier newsletter</h2>'
        "<p>Local news in your inbox every morning.</p><form><input type=email>"
        "<button>Subscribe</button></form></div>"
    )
    boxed = (
        '<div class="box"><h3>Get the briefing</h3><p>The day\'s top stories, free.</p>'
        '<form action="/join"><input type="EMAIL" name="e"><button>Join</button></form></div>'
    )
    paywall = (
        '<div class="paywall"><h3>This article is for subscribers only</h3><p>Subscribe '
        'now to continue reading.</p><a href="/subscribe">Subscribe</a></div>'
    )
    inline = (
        '<p>Readers can <a class="subscribe-link" href="/s">subscribe to alerts</a> for '
        "news of the talks, which resume next week in Vienna.</p>"
    )
    body = f"{first}{signup}{second}{boxed}{third}{inline}{paywall}"
    assert _paragraphs(document_from_html(_wordpress(body), "post.html")) == [
        HEADLINE,
        *GENEVA,
        "Readers can subscribe to alerts for news of the talks, which resume next week in Vienna.",
    ]


def test_consent_banners_and_plain_email_fields_in_the_article_are_chrome() -> None:
    # A consent banner inside the article's block ("We and our partners use cookies
    # ...", named gdpr, consent, cookie or after its platform) was its opening
    # paragraph; a sign-up box whose form asks for an e-mail in a plain text field
    # (older sign-up forms) was two paragraphs of the article.
    first, second, third = (f"<p>{p}</p>" for p in GENEVA)
    banners = [
        '<div id="gdpr-consent" class="gdpr"><p>We and our partners use cookies to '
        "personalise content and ads, and to analyse our traffic.</p><button>Agree</button>"
        "</div>",
        '<div class="qc-cmp2-container"><p>We value your privacy. We and our partners store '
        "and/or access information on a device, such as cookies.</p></div>",
        '<div class="cookie-notice"><p>This website stores cookies on your computer.</p></div>',
    ]
    signup = (
        '<div class="promo-box"><h4>Morning Briefing</h4><p>Get our top stories delivered '
        "to your inbox every morning.</p><form><input type='text' name='email' "
        "placeholder='Your email'><button>Sign me up</button></form></div>"
    )
    search = (
        '<p>Find the <a href="/talks">full record</a> of the talks in our archive.</p>'
        "<form><input type='text' name='q' placeholder='Search'></form>"
    )
    for banner in banners:
        body = f"{banner}{first}{second}{signup}{third}{search}"
        assert _paragraphs(document_from_html(_wordpress(body), "post.html")) == [
            HEADLINE,
            *GENEVA,
            "Find the full record of the talks in our archive.",
        ]


def test_an_article_body_a_site_marks_paywall_is_read() -> None:
    body = "".join(f"<p>{p}</p>" for p in GENEVA)
    page = _wordpress(f'<div class="paywall-content">{body}</div>')
    assert _paragraphs(document_from_html(page, "post.html")) == [HEADLINE, *GENEVA]


def test_time_and_q_in_running_text_stay_in_their_sentence() -> None:
    # trafilatura deletes <time> with its text ("published , a week later") and makes
    # a block of <q>, cutting the sentence in two paragraphs at the closing quote.
    sentences = [
        "The court published its ruling <time datetime='2024-03-12'>on 12 March</time>, "
        "a week later than planned, after judges asked for more time to review the case.",
        "The government said it would study the ruling carefully before deciding <q>how "
        "to respond</q>, and that it expected talks with its neighbour within a month.",
        *GENEVA,
    ]
    page = (
        "<html><head><title>Court rules</title></head><body><article><h1>Court rules</h1>"
        '<div class="meta"><time datetime="2024-03-14">14 March 2024</time></div>'
        + "".join(f"<p>{s}</p>" for s in sentences)
        + "</article></body></html>"
    )
    doc = document_from_html(page, "page.html")
    assert _paragraphs(doc)[1:3] == [
        "The court published its ruling on 12 March, a week later than planned, after "
        "judges asked for more time to review the case.",
        "The government said it would study the ruling carefully before deciding \u201chow "
        "to respond\u201d, and that it expected talks with its neighbour within a month.",
    ]
    assert doc.published == "2024-03-14"


def test_a_q_keeps_the_quotation_marks_a_browser_shows() -> None:
    """A browser shows a <q> between quotation marks (English's curly ones, single
    inside double); unwrapped, page and feed entry alike read "called it a plan for
    all of us", the quotation's marks gone."""
    said = (
        "The mayor called it <q>a plan for <q>all</q> of us</q> and her deputy said "
        "<q>we <em>will</em> deliver it</q> before the vote on Tuesday evening."
    )
    quoted = (
        "The mayor called it \u201ca plan for \u2018all\u2019 of us\u201d and her deputy "
        "said \u201cwe will deliver it\u201d before the vote on Tuesday evening."
    )
    _assert_page_and_feed_read(said, quoted)


def _assert_page_and_feed_read(said: str, quoted: str) -> None:
    """The paragraph ``said`` over the Geneva story reads ``quoted`` in a page and in a
    feed entry alike."""
    body = f"<p>{said}</p>" + "".join(f"<p>{s}</p>" for s in GENEVA)
    page = document_from_html(
        f"<html><head><title>{HEADLINE}</title></head><body><article><h1>{HEADLINE}</h1>"
        f"{body}</article></body></html>",
        "page.html",
    )
    (entry,) = read_feed(rss_entry(body, HEADLINE), "f.xml")
    for doc in (page, entry):
        assert _paragraphs(doc) == [HEADLINE, quoted, *GENEVA]


def test_a_q_whose_text_holds_its_quotation_marks_gets_no_more() -> None:
    """A page that styles away a browser's marks writes its own inside the <q>: "He
    called it <q>“a plan”</q>" read "““a plan””", in page and feed alike."""
    said = (
        "The mayor called it <q>“a plan for all of us”</q>, and her deputy called "
        'it <q>"<em>a promise</em>"</q> and <q>a start</q> before the vote on Tuesday.'
    )
    quoted = (
        "The mayor called it “a plan for all of us”, and her deputy called it "
        '"a promise" and “a start” before the vote on Tuesday.'
    )
    _assert_page_and_feed_read(said, quoted)


def test_a_time_in_a_byline_line_dates_the_page() -> None:
    """A <time> beside the writer's name ("By Jane Doe · <time datetime=...>") was
    unwrapped as running text: its date was lost, and the page named none where the
    time's words say no date ("Thursday", "2 hours ago")."""
    for separator, when in ((" \u00b7 ", "Thursday"), (" | ", "2 hours ago")):
        byline = (
            'By <a rel="author" href="/jd">Jane Doe</a> in Geneva'
            f'{separator}<time datetime="2024-03-14T09:30:00Z">{when}</time>'
        )
        page = (
            "<html><head><title>Court rules</title></head><body><article>"
            f'<h1>Court rules</h1><div class="meta">{byline}</div>'
            + "".join(f"<p>{s}</p>" for s in GENEVA)
            + "</article></body></html>"
        )
        doc = document_from_html(page, "page.html")
        assert (doc.published, _paragraphs(doc)[1:]) == ("2024-03-14", GENEVA), separator


def test_a_short_article_is_not_run_into_one_paragraph() -> None:
    # Under 250 characters, trafilatura falls back to the whole <article> as one
    # paragraph when that holds more text (here a date line): "Court rules 14 March
    # 2024 The court published ..." ran the headline into the first sentence. (The
    # date line, the page's furniture, is then left out.)
    sentences = [
        "The court published its ruling on Wednesday, a week later than planned.",
        "The government said it would study it before deciding how to respond.",
    ]
    page = (
        "<html><head><title>Court rules</title></head><body><article><h1>Court rules</h1>"
        '<div class="meta">14 March 2024</div>'
        + "".join(f"<p>{s}</p>" for s in sentences)
        + "</article></body></html>"
    )
    assert _paragraphs(document_from_html(page, "page.html")) == [
        "Court rules",
        *sentences,
    ]


def test_a_see_also_box_between_div_paragraphs_reaches_s502() -> None:
    # Sites that write paragraphs as <div>s: the box between two of them vanished too.
    first, second, third = (f'<div class="para">{p}</div>' for p in GENEVA)
    box = '<div class="related">See also: <a href="/x">NATO allies meet in Brussels</a></div>'
    page = (
        f"<html><head><title>{HEADLINE}</title></head><body><div id='content'>"
        f"<div class='title'>{HEADLINE}</div>{first}{second}{box}{third}</div></body></html>"
    )
    doc = document_from_html(page, "page.html")
    assert _scrape_findings(doc, "S502") == ["See also: NATO allies meet in Brussels"]


def test_a_comment_section_inside_the_article_block_is_cut_at_its_heading() -> None:
    # Comments in plain <div>s after the body, with no "comments" class for trafilatura
    # to know them by, were audited as the article's last paragraphs.
    body = "".join(f"<p>{p}</p>" for p in GENEVA)
    comments = (
        "<div class='c'><b>Pete</b><p>Good news for our village, we have waited long "
        "enough for this.</p></div><div class='c'><b>Anna</b><p>The court got it wrong "
        "again, as usual, and nobody listens.</p></div>"
    )
    for heading in ("<h3>12 Comments</h3>", "<h2>2 thoughts on &ldquo;Geneva&rdquo;</h2>"):
        doc = document_from_html(_wordpress(body + heading + comments), "post.html")
        assert _paragraphs(doc) == [HEADLINE, *GENEVA]
    subhead = "<h3>Comments from Moscow</h3><p>The Kremlin called the talks useful.</p>"
    doc = document_from_html(_wordpress(body + subhead), "post.html")
    assert _paragraphs(doc)[-2:] == ["Comments from Moscow", "The Kremlin called the talks useful."]


def test_a_page_with_only_a_summary_says_so() -> None:
    # An app shell with nothing but og:description failed as plain "no article text
    # found", which reads like an extraction bug.
    page = (
        "<html><head><title>Smoke closes schools</title><meta property='og:description' "
        "content='Schools across the region closed on Friday as smoke drifted south.'>"
        "</head><body><div id='root'></div><script src='/app.js'></script></body></html>"
    )
    with pytest.raises(InputError) as caught:
        document_from_html(page, "app.html")
    assert caught.value.reason == (
        "no article text found in the page, only a summary (og:description): its article "
        "is probably drawn by scripts"
    )


def test_a_page_of_menus_and_a_cookie_banner_has_no_article() -> None:
    # trafilatura fell back on the menu, and the page was audited as the sentence "Home".
    page = (
        "<html><body><nav><a href='/'>Home</a></nav><div class='cookie-banner'>We use "
        "cookies. <button>Accept</button></div><footer><p>Contact us</p></footer></body></html>"
    )
    with pytest.raises(InputError) as caught:
        document_from_html(page, "menus.html")
    assert caught.value.reason == "no article text found in the page, only its menus and footer"
    # A short note of the page's own is its text, whatever its menus say.
    note = page.replace("<footer>", "<main><p>Closed on Monday for the holiday.</p></main><footer>")
    assert "Closed on Monday for the holiday." in document_from_html(note, "note.html").text


LIBRARY = "The council closed the library on Monday after a pipe burst."


@pytest.mark.parametrize(
    ("menu", "footer"),
    [
        ("<a href='/'>Home</a>", ""),
        ("<div class='top'><a href='/'>Home</a> | <a href='/news'>News</a></div>", ""),
        ("<ul><li><a href='/'>Home</a></li><li><a href='/about'>About us</a></li></ul>", ""),
        ("", "<div><a href='/contact'>Contact us</a> <a href='/privacy'>Privacy</a></div>"),
    ],
)
def test_a_tiny_pages_menu_links_are_not_its_text(menu: str, footer: str) -> None:
    # trafilatura read the whole body of a page this short: "Home" came out as the
    # first line of its paragraph, audited as the sentence "Home The council closed
    # ...", and a row of links as a sentence of its own.
    page = (
        f"<html><head><title>Library closes</title></head><body>{menu}<h1>Library closes</h1>"
        f"<p>{LIBRARY}</p>{footer}</body></html>"
    )
    assert _paragraphs(document_from_html(page, "tiny.html")) == ["Library closes", LIBRARY]
    headless = page.replace("<h1>Library closes</h1>", "")
    assert _paragraphs(document_from_html(headless, "tiny.html")) == [LIBRARY]


def test_a_link_written_as_a_paragraph_or_a_headline_stays() -> None:
    page = (
        "<html><head><title>Library closes</title></head><body><a href='/'>Home</a>"
        "<h1><a href='/library'>Library closes</a></h1><p><a href='/report.pdf'>Read the "
        f"report</a></p><p>{LIBRARY}</p></body></html>"
    )
    doc = document_from_html(page, "links.html")
    assert _paragraphs(doc) == ["Library closes", "Read the report", LIBRARY]
    # A page of nothing but menu links has no article.
    bare = "<html><body><div><a href='/'>Home</a> <a href='/news'>News</a></div></body></html>"
    with pytest.raises(InputError) as caught:
        document_from_html(bare, "bare.html")
    assert caught.value.reason == "no article text found in the page, only its menus and footer"


def test_an_article_header_is_not_the_page_header() -> None:
    page = (
        f"<html><head><title>{HEADLINE} - Awani</title></head><body><div id='header'>"
        "<h1 class='logo'><a href='/'>Awani</a></h1></div><div class='post'>"
        f"<div class='post-header'><h1>{HEADLINE}</h1></div></div></body></html>"
    )
    headline = mark_headline(fromstring(page))
    assert headline is not None and headline.text == HEADLINE


# --- tag lines --------------------------------------------------------------------------

TAG_LINES = ["Tags: budget, council, schools", "Filed under: Local news | U.S."]
# Lines that open like a tag line but are sentences (or no list): they stay.
NOT_TAG_LINES = [
    "Tags: the council said the new ones were wrong.",
    "Filed under: a rule the court will hear appeals on, the clerk said",
    "Tags are sold at the market, the council said.",
    "Topics: what will they debate?",
    "Posted in March, the letter said the council had no plan.",
    "Posted in 2019, the video shows",
    "Tagged as a threat, he was detained for a week.",
    "Filed under pressure from the council",
    "Share this: the council wants to hear from every resident.",
    "Share this story with a friend",
]
# WordPress themes' footers: labels without a colon, several lists on one line, the
# Twenty Ten sentence.
THEME_FOOTERS = [
    ["Posted in News | Tagged budget, council, schools | Leave a comment"],
    ["Posted in Local News, Politics"],
    ["Filed Under: News Tagged With: budget, council"],
    ["Categories: Local News Tags: budget, schools"],
    ["This entry was posted in News and tagged budget, council. Bookmark the permalink."],
    ["This entry was posted in News on March 3, 2024 by admin. Bookmark the permalink."],
]
# Share boxes written as paragraphs below the tags: they stay, for S505 to report.
SHARE_LINES = [
    ["Share this: Twitter Facebook"],
    ["Share this:", "Like this:", "Like Loading..."],
    ["Share this:", "Click to share on Twitter (Opens in new window)"],
    ["Share on: Facebook | X | LinkedIn | Email"],
]


@pytest.mark.parametrize("tag_lines", [TAG_LINES, TAG_LINES[:1], *THEME_FOOTERS])
def test_a_tag_list_at_the_foot_of_a_page_is_not_its_text(tag_lines: list[str]) -> None:
    # A plain <p> of tags was audited as the article's last sentence.
    body = f"<p>{QUOTE}</p><p>{CAFE}</p>" + "".join(f"<p>{t}</p>" for t in tag_lines)
    doc = document_from_html(_page(body=body), "page.html")
    assert _paragraphs(doc)[-2:] == [QUOTE, CAFE]


@pytest.mark.parametrize("share_lines", SHARE_LINES)
def test_a_tag_list_above_a_share_line_is_not_its_text(share_lines: list[str]) -> None:
    # The share line hid the tag line above it from the check for a closing tag line.
    lines = ["Tagged with: budget, council", *share_lines]
    body = f"<p>{QUOTE}</p><p>{CAFE}</p>" + "".join(f"<p>{t}</p>" for t in lines)
    doc = document_from_html(_page(body=body), "page.html")
    assert _paragraphs(doc)[-2 - len(share_lines) :] == [QUOTE, CAFE, *share_lines]


def test_a_reading_time_is_not_the_articles_text() -> None:
    # "5 min read" above the article was a paragraph of it, on pages and in feeds.
    estimates = ["5 min read", "Reading time: 3 minutes", "Listen \u00b7 4 min", "3-minute read"]
    prose = "It took 5 minutes to read the verdict."
    for estimate in estimates:
        body = f"<p>{estimate}</p><p>{QUOTE}</p><p>{CAFE}</p><p>{prose}</p>"
        doc = document_from_html(_page(body=body), "page.html")
        assert _paragraphs(doc)[1:] == [QUOTE, CAFE, prose]
        (entry,) = read_feed(rss_entry(body, "Caf\u00e9 owners protest"), "cafe.rss")
        assert isinstance(entry, Document)
        assert _paragraphs(entry)[1:] == [QUOTE, CAFE, prose]


def test_a_twenty_ten_footer_of_spans_is_not_the_articles_text() -> None:
    # Twenty Ten's entry-utility: "Posted in News|Tagged budget, ... | Leave a comment".
    footer = (
        "<div class='entry-utility'><span class='cat-links'>Posted in <a rel='category tag'>"
        "News</a></span><span class='meta-sep'>|</span><span class='tag-links'>Tagged "
        "<a rel='tag'>budget</a>, <a rel='tag'>council</a></span> <span class='meta-sep'>|"
        "</span> <span class='comments-link'><a href='#respond'>Leave a comment</a></span></div>"
    )
    page = _page(body=f"<p>{QUOTE}</p><p>{CAFE}</p>").replace("</article>", f"{footer}</article>")
    assert _paragraphs(document_from_html(page, "page.html"))[-2:] == [QUOTE, CAFE]


@pytest.mark.parametrize("line", NOT_TAG_LINES)
def test_a_sentence_that_opens_like_a_tag_line_is_kept(line: str) -> None:
    body = f"<p>{QUOTE}</p><p>{CAFE}</p><p>{line}</p>"
    assert _paragraphs(document_from_html(_page(body=body), "page.html"))[-1] == line


def test_only_a_meta_a_parser_meets_in_the_head_declares_a_charset() -> None:
    """A pattern over the head's bytes took a <meta> inside a comment or a script's
    string, and "charset=koi8-r" in a description's words; one cut at byte 4096 read
    "iso" and kept the rest of the head from being searched; and "</head>" in a
    script's string ended the search before the real one."""
    scripts = "<script>var slot = 1;</script>\n" * 200
    quote = "The mayor of \u0141\u00f3d\u017a met the delegation from Gy\u0151r on Tuesday."
    real = '<meta charset="iso-8859-2">'
    for before in (
        '<!-- <meta charset="utf-8"> -->',
        '<script>var s = "<meta charset=windows-1251>";</script>',
        '<meta name="description" content="how to set charset=koi8-r in html">',
        '<script>document.write("</head>")</script>',
    ):
        page = _page(before + scripts + real, f"<p>{quote}</p>")
        text, encoding = decode_html(page.encode("iso-8859-2"), "page.html")
        assert (encoding, quote in text) == ("iso-8859-2", True), before
    prefix = "<html><head><title>T</title><script>"
    cut = real.index("iso-8859-2") + 3
    filler = "x" * (4096 - len(prefix) - len("</script>") - cut)
    page = f"{prefix}{filler}</script>{real}</head><body><p>{quote}</p></body></html>"
    assert page.encode()[4093:4096] == b"iso"
    text, encoding = decode_html(page.encode("iso-8859-2"), "page.html")
    assert (encoding, quote in text) == ("iso-8859-2", True)
    # In the first bytes, as in a browser's prescan, whatever stands before it.
    page = f'<html><head><div id="root"></div>{real}</head><body><p>{quote}</p></body></html>'
    assert decode_html(page.encode("iso-8859-2"), "page.html")[1] == "iso-8859-2"


def test_an_empty_comment_or_charset_hides_no_later_declaration() -> None:
    """ "<!-->" is a whole comment to a browser, where the scan read on to the next
    "-->" and passed over the <meta> after it; and an empty charset="" stopped the
    scan at that <meta> where its http-equiv beside it declares one."""
    from audits.sources.html_meta_charset import meta_charset

    real = b'<meta charset="iso-8859-2">'
    assert meta_charset(b"<html><head><!-->" + real + b"</head>") == "iso-8859-2"
    assert meta_charset(b"<html><head><!--->" + real + b"</head>") == "iso-8859-2"
    both = b'<meta charset="" http-equiv="Content-Type" content="text/html; charset=koi8-r">'
    assert meta_charset(b"<html><head>" + both + b"</head>") == "koi8-r"


def test_a_meta_charset_no_decoder_knows_gives_way_to_the_next() -> None:
    quote = "The mayor of \u0141\u00f3d\u017a met the delegation on Tuesday."
    head = '<meta charset="bogus-x"><meta charset="iso-8859-2">'
    page = f"<html><head>{head}</head><body><p>{quote}</p></body></html>"
    text, encoding = decode_html(page.encode("iso-8859-2"), "page.html")
    assert (encoding, quote in text) == ("iso-8859-2", True)


class _ScanCount:
    """The bytes the charset prescan reads: each search from where it starts to where
    it stops (the match's end, or the limit where it finds nothing)."""

    def __init__(self) -> None:
        self.read = 0

    def pattern(self, compiled: re.Pattern[bytes]) -> object:
        count = self

        class Counted:
            def match(self, data: bytes, pos: int = 0, end: int = -1) -> re.Match[bytes] | None:
                found = compiled.match(data, pos, len(data) if end < 0 else end)
                count.read += (found.end() - pos if found else 0) + 1
                return found

            def search(self, data: bytes, pos: int = 0, end: int = -1) -> re.Match[bytes] | None:
                end = len(data) if end < 0 else end
                found = compiled.search(data, pos, end)
                count.read += (found.end() if found else end) - pos + 1
                return found

        return Counted()

    def data(self, raw: bytes) -> bytes:
        count = self

        class Counted(bytes):
            def find(self, sub: bytes, start: int = 0, end: int = -1) -> int:
                end = len(self) if end < 0 else end
                at = bytes.find(self, sub, start, end)
                count.read += (end if at < 0 else at + len(sub)) - start + 1
                return at

        return Counted(raw)


@pytest.mark.parametrize(
    "unit", [b"<meta", b"<meta charset", b'<meta a="', b"<!--<meta", b"<meta>", b"<!---->"]
)
def test_the_charset_prescan_reads_a_head_of_many_metas_a_few_times_at_most(
    monkeypatch: pytest.MonkeyPatch, unit: bytes
) -> None:
    """``<meta[^>]+charset`` over up to 1 MiB ran in quadratic time: a head of
    40,000 "<meta" with no ">" (200 KB) took about 17 s, 500 KB 107 s. Counted, not
    timed (bench/charset_prescan.py times it): the prescan reads each byte of such a
    head a few times at most, where a search from each tag to the end (for the
    "</head>" that ends the prescan, say) reads it once per tag before it."""
    from audits.sources import html_meta_charset as prescan

    count = _ScanCount()
    for name in ("_TAG", "_SPACE", "_ATTRIBUTE", "_CHARSET_IN_CONTENT", "_LABEL"):
        monkeypatch.setattr(prescan, name, count.pattern(getattr(prescan, name)))
    head = b"<html><head>" + unit * 20_000 + b"</head><body><p>caf\xe9</p></body></html>"
    assert prescan.meta_charset(count.data(head)) is None
    # At least once: the scan goes through the counted searches, not around them.
    assert len(head) // 2 <= count.read <= 4 * len(head)
