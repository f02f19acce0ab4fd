"""A page parsed whole however deep it nests.

libxml2's HTML parser stops at 255 levels of nesting: what lies deeper, and
everything after it in the page, is silently lost. Pages get there by accident
(a template that leaves a ``</div>`` out of every comment it writes nests one
level per comment) or by design. Such a page is parsed again here with the
standard library's tolerant parser into the same kind of tree, so it gets the
same cleaning: a table that lays out the page still gives its article's cell,
hidden blocks are still dropped.

The tree is built as browsers build it where it matters for reading: void
elements hold nothing, an end tag closes what was left open inside it, a stray
one is ignored, and a new paragraph, list item, row or cell closes the one
before it. It is as deep as libxml2's trees at most: lxml walks a deep tree in
time that grows with its depth at every step (a page of 30,000 nested
``<div>``s took 6 s to build and 6 s more to walk). What lies deeper is
flattened into the deepest element as the fragment reader would read it: each
block a ``<div>`` of its own, inline markup only its text, and what that reader
never reads (scripts, hidden elements, captions, the elements in ``skip``) left
out with its content.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from html.parser import HTMLParser

from lxml.html import HtmlElement, document_fromstring

from audits.sources.fragment import BLOCK_TAGS, NEVER_TEXT, VOID_TAGS, is_unread

# Start tags that close an open <p> (HTML's list, less the rare ones).
_CLOSES_P = frozenset(
    {"p", "div", "section", "article", "aside", "header", "footer", "main", "nav"}
    | {"blockquote", "pre", "ul", "ol", "dl", "table", "form", "fieldset", "figure"}
    | {"h1", "h2", "h3", "h4", "h5", "h6", "hr", "address", "details", "menu"}
)
# Nothing closes a <p> across these.
_P_SCOPE = frozenset({"table", "td", "th", "button", "object", "template", "caption"})
_ROW_PARTS = frozenset({"thead", "tbody", "tfoot", "tr", "td", "th"})
# An element closes an open one of its group within its scope: a list item the list
# item before it, a cell the cell before it (not those of a list or table inside).
_SIBLINGS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "li": (frozenset({"li"}), frozenset({"ul", "ol", "menu"})),
    "dt": (frozenset({"dt", "dd"}), frozenset({"dl"})),
    "dd": (frozenset({"dt", "dd"}), frozenset({"dl"})),
    "td": (frozenset({"td", "th"}), frozenset({"table", "tr"})),
    "th": (frozenset({"td", "th"}), frozenset({"table", "tr"})),
    "tr": (frozenset({"tr", "td", "th"}), frozenset({"table", "thead", "tbody", "tfoot"})),
    "thead": (_ROW_PARTS, frozenset({"table"})),
    "tbody": (_ROW_PARTS, frozenset({"table"})),
    "tfoot": (_ROW_PARTS, frozenset({"table"})),
    "option": (frozenset({"option"}), frozenset({"select", "datalist"})),
}
# libxml2's HTML parser silently drops whatever is nested deeper than this (255 levels
# below the root), text included: an article inside 254 <div>s came out as "no article
# text found". A tree that reaches it is read plain; real pages nest a few dozen deep.
PARSER_DEPTH_LIMIT = 255
# What an XML tree cannot hold: lxml refuses it, libxml2's parser drops it.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_NAME = re.compile(r"^[A-Za-z_][\w.-]*$")
# Levels of the page's own elements, <html> included; the flattened blocks and
# their <br>s lie below the deepest.
_OWN_LEVELS = PARSER_DEPTH_LIMIT - 2


def full_tree(html: str, skip: frozenset[str] = frozenset()) -> HtmlElement:
    """The page as a tree with nothing lost for being deep, as deep as libxml2 builds
    trees: what lies deeper than PARSER_DEPTH_LIMIT is flattened into blocks, without
    ``skip`` elements and their content."""
    builder = _Builder(NEVER_TEXT | skip)
    builder.feed(html)
    builder.close()
    return builder.root


@dataclass
class _Open:
    tag: str  # as the page wrote it
    element: HtmlElement | None  # None past PARSER_DEPTH_LIMIT, where elements are flattened
    unread: bool = False  # past PARSER_DEPTH_LIMIT: it or one around it is never read


class _Builder(HTMLParser):
    def __init__(self, skip: frozenset[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.root: HtmlElement = document_fromstring("<html></html>")
        self._skip = skip
        self._stack: list[_Open] = [_Open("html", self.root)]
        # Where in the stack each tag is open: whether a tag is open, and whether it
        # lies inside another, are answered without walking a stack that can hold
        # a hostile page's hundred thousand open elements.
        self._at: defaultdict[str, list[int]] = defaultdict(list)
        self._text: list[str] = []
        # The block that text past PARSER_DEPTH_LIMIT goes to; None starts a new one.
        self._flat: HtmlElement | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "html":
            _set_attributes(self.root, attrs)
            return
        if tag in _CLOSES_P:
            self._close_within("p", _P_SCOPE)
        if tag in _SIBLINGS:
            group, scope = _SIBLINGS[tag]
            for sibling in group:
                self._close_within(sibling, scope)
        if len(self._stack) < _OWN_LEVELS:
            self._flush()
            element = self.root.makeelement(tag if _NAME.match(tag) else "span", {})
            _set_attributes(element, attrs)
            self._stack[-1].element.append(element)  # type: ignore[union-attr]
            if tag not in VOID_TAGS:
                self._push(_Open(tag, element))
            return
        unread = self._stack[-1].unread or tag in self._skip or is_unread(attrs)
        if tag == "br" and not unread:
            self._flush()
            self._flat_block().append(self.root.makeelement("br", {}))
        elif tag in BLOCK_TAGS and not unread:
            self._flush()
            self._flat = None
        if tag not in VOID_TAGS:
            self._push(_Open(tag, None, unread))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID_TAGS:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._at.get(tag):
            self._close(tag)

    def handle_data(self, data: str) -> None:
        if not self._stack[-1].unread:
            self._text.append(data)

    def close(self) -> None:
        super().close()
        self._flush()

    def _push(self, open_element: _Open) -> None:
        self._at[open_element.tag].append(len(self._stack))
        self._stack.append(open_element)

    def _close(self, tag: str) -> None:
        """Close ``tag`` and everything left open inside it."""
        while len(self._stack) > 1:
            top = self._stack[-1]
            flattened_block = top.element is None and top.tag in BLOCK_TAGS and not top.unread
            # The text so far goes where it was written. Past PARSER_DEPTH_LIMIT, inline tags
            # change nothing about where it goes, and it is gathered across them:
            # added to the tree a bit at a time, a text is copied at every bit.
            if top.element is not None or flattened_block or len(self._stack) == _OWN_LEVELS + 1:
                self._flush()
            self._stack.pop()
            self._at[top.tag].pop()
            if flattened_block:
                self._flat = None  # what follows a flattened block is a block of its own
            if top.tag == tag:
                return

    def _close_within(self, tag: str, scope: frozenset[str]) -> None:
        """Close the innermost open ``tag`` unless one of ``scope`` lies inside it."""
        at = self._at.get(tag)
        if not at:
            return
        barrier = max((self._at[s][-1] for s in scope if self._at.get(s)), default=-1)
        if at[-1] > barrier:
            self._close(tag)

    def _flush(self) -> None:
        if not self._text:
            return
        text = _NOT_XML.sub("", "".join(self._text))
        self._text.clear()
        parent = self._stack[-1].element
        if parent is None:  # past PARSER_DEPTH_LIMIT
            parent = self._flat_block()
        if len(parent):
            last = parent[-1]
            last.tail = (last.tail or "") + text
        else:
            parent.text = (parent.text or "") + text

    def _flat_block(self) -> HtmlElement:
        """The block, in the deepest element, that what lies past PARSER_DEPTH_LIMIT goes to."""
        if self._flat is None:
            deepest = self._stack[_OWN_LEVELS - 1].element
            assert deepest is not None
            self._flat = self.root.makeelement("div", {})
            deepest.append(self._flat)
        return self._flat


def _set_attributes(element: HtmlElement, attrs: list[tuple[str, str | None]]) -> None:
    for name, value in attrs:
        if _NAME.match(name) and name not in element.attrib:  # the first one counts
            element.set(name, _NOT_XML.sub("", value or ""))


def at_parser_depth_limit(root: HtmlElement) -> bool:
    """Whether the tree reaches the depth below which the parser dropped content."""
    level: list[HtmlElement] = [root]
    for _ in range(PARSER_DEPTH_LIMIT - 1):
        level = [child for element in level for child in element]
        if not level:
            return False
    return True
