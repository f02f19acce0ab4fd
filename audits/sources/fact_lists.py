"""A list of figures written as a ``<dl>``: a table in all but name, never prose.

A fact box beside a story ("Key figures": "Passengers a year" / "1.4 million",
"Routes" / "9") is often a definition list. Tables of figures are left out of
the text (trafilatura is asked for no tables; the feed reader skips them), but
a ``<dl>`` was read as a list: each term and each figure a sentence of its own
("- Passengers a year", "- 1.4 million"). A ``<dl>`` whose every definition is a
figure or a few words, none a sentence, is made a ``<table>`` and left out like
one; a glossary, whose definitions are sentences, stays.
"""

from __future__ import annotations

from lxml.html import HtmlElement

# A figure or a name: "1.4 million", "Northgate and Eastgate". Longer is prose.
MAX_DATUM_WORDS = 6
_SENTENCE_ENDS = (".", "!", "?")


def may_hold_fact_list(markup: str) -> bool:
    """Whether ``markup`` may hold a ``<dl>`` (a quick test that spares parsing)."""
    return "<dl" in markup or "<DL" in markup


def tables_of_fact_lists(tree: HtmlElement) -> None:
    """Make a ``<table>`` of each ``<dl>`` that holds only short terms and figures."""
    for listing in [dl for dl in tree.iter("dl") if _is_fact_list(dl)]:
        listing.tag = "table"


def _is_fact_list(listing: HtmlElement) -> bool:
    parts = [c for c in listing if isinstance(c.tag, str)]
    if not any(p.tag == "dd" for p in parts) or any(p.tag not in ("dt", "dd") for p in parts):
        return False
    for part in parts:
        words = part.text_content().split()
        if not words or len(words) > MAX_DATUM_WORDS or words[-1].endswith(_SENTENCE_ENDS):
            return False
    return True
