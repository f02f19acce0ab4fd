"""A ``<pre>`` block keeps the indentation that gives it its shape, in pages and
feeds alike: its lines were trimmed, so a listing or a nested list came out flat."""

from __future__ import annotations

import html

from audits import AuditConfig, audit_document
from audits.document import Document
from audits.sources.feed import read_feed
from audits.sources.fragment import html_to_text
from audits.sources.html import document_from_html
from tests.feed_fixtures import STORY, rss_entry

HEADLINE = "Ward results published"
STORY_HTML = [f"<p>{p}</p>" for p in STORY]


def _page(body: str) -> str:
    return (
        f"<html><head><title>{HEADLINE}</title></head><body><article><h1>{HEADLINE}</h1>"
        f"{body}</article></body></html>"
    )


def _both(body: str) -> list[Document]:
    page = document_from_html(_page(body), "pre.html")
    (entry,) = read_feed(rss_entry(body, HEADLINE), "f.xml")
    return [page, entry]


def test_a_pre_blocks_lines_keep_their_indentation_beyond_the_blocks_own() -> None:
    """The listing's nesting was lost ("def total(wards):\\ncount = 0"); the margin the
    whole block has in the page's source is no shape and goes."""
    pre = (
        "<pre>\n      Results by ward\n        North\n          Ward 1:  523\n"
        "\t  Ward 2:  611\n        South\n          Ward 3:  480\n</pre>"
    )
    lines = (
        "Results by ward\n  North\n    Ward 1:  523\n    Ward 2:  611\n  South\n    Ward 3:  480"
    )
    body = STORY_HTML[0] + pre + "".join(STORY_HTML[1:])
    for doc in _both(body):
        assert doc.text.split("\n\n") == [HEADLINE, STORY[0], lines, *STORY[1:]], doc.source


def test_indentation_before_an_inline_element_and_rules_in_an_indented_block() -> None:
    """A line whose text opens with an inline element keeps its indentation; rules
    still go (their lines only), the other lines keep their shape."""
    rule = "\u2500" * 6
    pre = f"<pre>Totals\n  <b>North</b>: 1134\n  {rule}\n  <i>South</i>: 980\n</pre>"
    lines = "Totals\n  North: 1134\n  South: 980"
    body = STORY_HTML[0] + pre + "".join(STORY_HTML[1:])
    for doc in _both(body):
        assert doc.text.split("\n\n") == [HEADLINE, STORY[0], lines, *STORY[1:]], doc.source


def test_outside_pre_lines_are_trimmed_and_an_indent_mark_in_the_text_stays() -> None:
    # Spaces after a <br> are markup's; a mark the page writes itself is its text.
    assert html_to_text("<p>One<br>   two</p>") == "One\ntwo"
    assert (
        html_to_text("<pre>a\n  b \u2422 c</pre><p>\u2423 d</p>") == "a\n  b \u2422 c\n\n\u2423 d"
    )
    mark_by_reference = "<pre>a\n  b</pre><p>&#x2422; d</p>"
    assert html_to_text(mark_by_reference) == "a\n  b\n\n\u2422 d"


def test_indentation_and_gaps_are_kept_up_to_a_limit() -> None:
    deep = "<pre>top\n" + " " * 5000 + "deep</pre>"
    assert html_to_text(deep) == "top\n" + " " * 32 + "deep"
    wide = "<pre>left" + " " * 100_000 + "right</pre>"
    assert html_to_text(wide) == "left" + " " * 32 + "right"


def test_a_block_framed_by_rules_loses_its_margin_with_them() -> None:
    """Rules go from pages and feeds alike (an Atom entry's escaped HTML too), but the
    block's margin was measured with them: the lines between two rules at the left
    edge kept the two spaces of indentation they all share."""
    pre = "<pre>-------\n  Ward 1  340\n    Ward 2  411\n-------\n</pre>"
    body = STORY_HTML[0] + pre + "".join(STORY_HTML[1:])
    atom = (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        "<title>A</title><id>urn:a</id><updated>2024-01-01T00:00:00Z</updated>"
        f"<entry><title>{HEADLINE}</title><id>urn:1</id>"
        '<updated>2024-01-01T00:00:00Z</updated><link href="https://a.example/1"/>'
        f'<content type="html">{html.escape(body)}</content></entry></feed>'
    ).encode()
    (entry,) = read_feed(atom, "a.xml")
    for doc in [*_both(body), entry]:
        paragraphs = doc.text.split("\n\n")
        assert paragraphs == [HEADLINE, STORY[0], "Ward 1  340\n  Ward 2  411", *STORY[1:]], (
            doc.source
        )


def test_the_gaps_that_align_a_tables_columns_keep_their_width() -> None:
    """A results table set in <pre> came out "North 1 340 Labour": every run of spaces
    squeezed to one, the columns ran together and "1 340" read as one number. A tab
    goes to the next stop of 8 from where it stands; trailing gaps still go."""
    pre = (
        "<pre>\n  Ward      Turnout   Winner  \n  North     1 340     <b>Labour</b>\n"
        "  South\t    980     Green\n</pre>"
    )
    table = "Ward      Turnout   Winner\nNorth     1 340     Labour\nSouth     980     Green"
    body = STORY_HTML[0] + pre + "".join(STORY_HTML[1:])
    for doc in _both(body):
        assert doc.text.split("\n\n") == [HEADLINE, STORY[0], table, *STORY[1:]], doc.source
    # Outside <pre> a run of spaces is markup's, as before.
    assert html_to_text("<p>North     1 340</p><pre>a  b</pre>") == "North 1 340\n\na  b"


def test_a_tables_columns_are_no_number_grouped_with_spaces() -> None:
    """Squeezed, the columns "Ward 1  340" read "Ward 1 340", which T105 reported as
    thousands grouped the French way on every row of a results table."""
    pre = "<pre>\nWard 1  340\nWard 2  411\n</pre>"
    body = STORY_HTML[0] + pre + "".join(STORY_HTML[1:])
    for doc in _both(body):
        audit = audit_document(doc, AuditConfig(lm=False))
        assert [f.rule for f in audit.findings if f.rule == "T105"] == [], doc.source


def test_a_tab_counts_from_the_column_it_stands_at_after_gaps_and_markup() -> None:
    """A tab's stop was counted from where it stood in the source, not in the line as
    written: after an earlier tab ("a\\tb\\tc" put c at 14, not 16) and after inline
    markup ("ab<b>c</b>\\td" put d at 11, not 8). A table of two tabs a row read "South
    7 340", which T105 took for a number grouped with a space."""
    assert html_to_text("<pre>a\tb\tc</pre>") == "a       b       c"
    assert html_to_text("<pre>ab<b>c</b>\td</pre>") == "abc     d"
    pre = "<pre>\nWard\tSeats\tVotes\nSouth\t7\t340\nNorth<b>east</b>\t9\t512\n</pre>"
    table = "Ward    Seats   Votes\nSouth   7       340\nNortheast       9       512"
    body = STORY_HTML[0] + pre + "".join(STORY_HTML[1:])
    for doc in _both(body):
        assert doc.text.split("\n\n") == [HEADLINE, STORY[0], table, *STORY[1:]], doc.source
        audit = audit_document(doc, AuditConfig(lm=False))
        assert [f.rule for f in audit.findings if f.rule == "T105"] == [], doc.source


def test_a_one_line_pre_keeps_its_gaps_and_stands_apart_from_the_text_around_it() -> None:
    """trafilatura writes a <pre> as a <quote>, told preformatted only by its newlines:
    a one-line block came out squeezed ("Ward 1 340", which T105 reads as a number
    grouped with a space), and one inside a paragraph's text ran into it ("Results
    Ward 1 340 were read out")."""
    alone = STORY_HTML[0] + "<pre>Ward 1  340</pre>" + "".join(STORY_HTML[1:])
    for doc in _both(alone):
        assert doc.text.split("\n\n") == [HEADLINE, STORY[0], "Ward 1  340", *STORY[1:]], doc.source
    inline = f"<div>{STORY[0]} <pre>Ward 1  340</pre> {STORY[1]}</div>" + STORY_HTML[2]
    for doc in _both(inline):
        assert doc.text.split("\n\n") == [HEADLINE, STORY[0], "Ward 1  340", *STORY[1:]], doc.source
