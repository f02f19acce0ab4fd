"""A feed entry's HTML made to read as the same article does on its page.

The page reader works on a tree (html_clean.py, editor_lines.py); the feed
reader reads a fragment as a stream of blocks. So a feed entry kept what its
page left out: each cell of a table of figures ("North Quay", "412") and a pull
quote with its attribution became paragraphs audited as prose, an entry laid
out in a ``<table>`` kept its menu column, and a Blogger post written a
``<div>`` per line was cut at every line, and a blog plugin's share box
("Share this:", "Twitter"), a related-post list and an author's bio (named so, or
a paragraph all in italics, author_bios.py) were read as
the entry's last paragraphs, and a note's
marker ran into its word ("treaty<sup>3</sup>" read "treaty3"). A fragment
that holds a table, an editor's blank line or a box named as the page reader's
chrome is (a share box, a prompt, page links) or a superscript is parsed and given the page's
treatment here; then, as on pages, ``<figure>`` and the tables that hold data
are left out (``FEED_SKIP``). Most fragments hold none, and the tree other
readers of the entry parsed (``ParsedFragment``) is copied, not parsed again.
"""

from __future__ import annotations

import copy
import re
from functools import cached_property

from lxml import etree
from lxml.html import HtmlElement, fragment_fromstring, tostring

from audits.sources.author_bios import drop_italic_bios, may_hold_italic_bio
from audits.sources.byline_labels import may_hold_glued_byline, space_glued_bylines
from audits.sources.deep_tree import at_parser_depth_limit, full_tree
from audits.sources.editor_lines import join_editor_lines
from audits.sources.fact_lists import may_hold_fact_list, tables_of_fact_lists
from audits.sources.html_clean import (
    drop_named_chrome,
    keep_related_lines,
    may_hold_named_chrome,
    unwrap_layout_tables,
)
from audits.sources.more_links import (
    bracket_excerpt_cuts,
    drop_more_links,
    may_hold_more_link,
)
from audits.sources.note_marks import drop_note_marks, may_hold_note_marks
from audits.sources.related_lists import join_related_lists, may_hold_related_list

# What the page reader never reads as prose: photos, pull quotes and embeds in
# <figure>, and tables (those that lay out the article are <div>s by then).
FEED_SKIP = frozenset({"figure", "table"})
_NEEDS_TREE = re.compile(
    r"<table\b|<div\b[^>]*>\s*(?:<br\s*/?>|&nbsp;|&#160;|&#xa0;|\u00a0)\s*</div>", re.I
)


class ParsedFragment:
    """A feed entry's HTML, parsed at most once however many readers look at its tree
    (whether it is only links, how its title is written, the page's treatment): each
    parsed it again."""

    def __init__(self, markup: str) -> None:
        self.markup = markup

    @cached_property
    def root(self) -> HtmlElement | None:
        """``fragment_root(markup)``, which nobody changes (``as_page_reads`` copies it)."""
        return fragment_root(self.markup)

    @cached_property
    def whole_root(self) -> HtmlElement | None:
        """``root``, or where libxml2 stopped at its depth limit, the fragment parsed
        whole (``deep_tree``): what lies deeper is then blocks of plain text, as the
        feed reader reads it, instead of nothing."""
        root = self.root
        if root is None or not self.at_depth_limit:
            return root
        return full_tree(self.markup)

    @cached_property
    def at_depth_limit(self) -> bool:
        return self.root is not None and at_parser_depth_limit(self.root)


def as_page_reads(parsed: ParsedFragment) -> str:
    """The fragment with its layout tables made blocks, its editor's lines joined and
    the share boxes, prompts and page links a page's reader drops (known by their
    class or id) dropped; unchanged when it may hold none of them."""
    fragment = parsed.markup
    if not (
        _NEEDS_TREE.search(fragment)
        or may_hold_named_chrome(fragment)
        or may_hold_note_marks(fragment)
        or may_hold_italic_bio(fragment)
        or may_hold_related_list(fragment)
        or may_hold_fact_list(fragment)
        or may_hold_glued_byline(fragment)
        or may_hold_more_link(fragment)
    ):
        return fragment
    if parsed.root is None:
        return fragment  # read as it is
    if parsed.at_depth_limit:
        return fragment  # libxml2 dropped what lies deeper; the feed's parser does not
    root = copy.deepcopy(parsed.root)
    space_glued_bylines(root)
    join_related_lists(root)
    keep_related_lines(root)  # a "See also" box stays, a line for rule S502
    bracket_excerpt_cuts(root)  # before its link goes
    drop_named_chrome(root)
    drop_more_links(root)
    drop_italic_bios(root)
    drop_note_marks(root)
    unwrap_layout_tables(root)
    tables_of_fact_lists(root)  # after: they are tables of data
    join_editor_lines(root)
    return tostring(root, encoding="unicode")


def fragment_root(fragment: str) -> HtmlElement | None:
    """The HTML ``fragment`` parsed under one ``<div>``; None where lxml cannot parse it
    (the callers each have their own answer for such a fragment)."""
    try:
        return fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None
