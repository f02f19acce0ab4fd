"""trafilatura's article tree to text: one paragraph per block, ``<br>`` a line break.

trafilatura's own text output writes every block and every ``<br>`` as one
newline, so a paragraph and a line could not be told apart: Blogger posts,
typed with a ``<br>`` at the end of each line, came out with sentences cut in
two paragraphs ("... closed until Wednesday" / "while engineers inspect
bridges."), and a ``<blockquote>`` whose source was wrapped at 70 columns came
out one paragraph per source line. Here, as in the feed reader, newlines in
markup are spaces (HTML's rule) except inside ``<pre>``; a ``<br>`` or a line of
``<pre>`` is a line break inside the paragraph, and ``<br><br>`` separates
paragraphs, as each looks on screen.

A list item that holds blocks (a live blog or a timeline written as a list: a
time, a heading, a paragraph) was written as one paragraph, "- 10:05 Polls open
Polling stations opened ...", the heading run into the sentence after it; the
feed reader reads the same markup as blocks. Such an item is read as its blocks.
"""

from __future__ import annotations

from copy import deepcopy

from lxml import etree
from lxml.html import HtmlElement, tostring
from trafilatura.xml import xmltotxt

from audits.sources.fragment import (
    LEADING,
    html_to_text,
    indent_mark,
    indent_width,
    join_blocks,
    mark_gaps,
)

# Elements whose newlines are content, not markup.
_PREFORMATTED = ("pre", "textarea", "listing", "xmp", "plaintext", "script", "style")
# Those of them trafilatura keeps as text (a <pre> becomes its <quote>).
_SHOWN_PREFORMATTED = ("pre", "listing", "xmp")
# Blocks of trafilatura's tree that part an item of a list into paragraphs.
_ITEM_BLOCKS = frozenset({"head", "p", "quote"})
# Printable stand-ins for a line break inside a block: trafilatura's text writer
# turns every newline into a block boundary and deletes unprintable characters,
# so a line break must travel through it as a visible character the page lacks.
_LINE_MARKS = ("\u240a", "\u2e3b", "\u2b7e", "\u2bd2")


def unwrap_source_lines(tree: HtmlElement) -> None:
    """Turn newlines in the page's markup into spaces, except in preformatted text."""
    # The set holds the elements themselves: lxml's proxies, and so their ids, live
    # only as long as something refers to them.
    kept: set[HtmlElement] = set()
    for block in tree.iter(*_PREFORMATTED):
        kept.update(block.iter())
    for block in tree.iter(*_SHOWN_PREFORMATTED):
        # trafilatura writes a <pre> as a <quote>, which ``body_text`` knows for
        # preformatted only by its lines: a one-line block ("a   b    c") had its
        # gaps squeezed. A newline opens it, as browsers let one (and drop it).
        _open_with_newline(block)
    for element in tree.iter():
        if isinstance(element.tag, str) and element not in kept:
            element.text = _unwrap(element.text)
        parent = element.getparent()
        if parent is not None and parent not in kept:
            element.tail = _unwrap(element.tail)


def _open_with_newline(block: HtmlElement) -> None:
    # A <pre> that holds a <code> (trafilatura writes it as that <code>, whose
    # lines ``body_text`` knows) opens its <code>: any text before the <code>,
    # even a newline, made trafilatura nest it in a second <code>, and the
    # block's last line ran into the paragraph after it ("1 200 Turnout was").
    if not (block.text or "").strip() and len(block) and block[0].tag == "code":
        block.text = None
        block = block[0]
    if not (block.text or "").startswith(("\n", "\r")):
        block.text = "\n" + (block.text or "")


def _unwrap(text: str | None) -> str | None:
    if text and ("\n" in text or "\r" in text):
        return text.replace("\r\n", " ").replace("\r", " ").replace("\n", " ")
    return text


def body_text(body: etree._Element) -> str | None:
    """The text of trafilatura's output tree in blank-line separated paragraphs, or
    None when the page already holds every line mark (the caller falls back)."""
    present = "".join(body.itertext())
    mark = next((m for m in _LINE_MARKS if m not in present), None)
    if mark is None:
        return None
    indent = indent_mark(present)
    body = deepcopy(body)
    for quote in list(body.iter("quote")):
        if (quote.text or "").startswith("\n"):
            _out_of_paragraph(quote)
    # After unwrap_source_lines, a newline left in the tree is a line of <pre>.
    for element in body.iter():
        if isinstance(element.tag, str) and element.text:
            opening = element.tag == "code"  # trafilatura's <pre>: its first line starts
            element.text = _pre_lines(element.text, mark, indent, opening)
        if element.tail:
            element.tail = _pre_lines(element.tail, mark, indent)
    for item in body.iter("item"):
        if any(child.tag in _ITEM_BLOCKS for child in item):
            item.tag = "div"  # a block holding blocks, as the text writer reads one
            _runs_as_paragraphs(item)
    for lb in body.iter("lb"):
        lb.tail = mark + (lb.tail or "")
    etree.strip_tags(body, "lb")
    text = xmltotxt(body, include_formatting=False)
    return join_blocks((block.replace(mark, "\n") for block in text.split("\n")), indent)


def _runs_as_paragraphs(item: etree._Element) -> None:
    """Each run of text between the blocks of a list ``item`` made a paragraph: the
    text writer ended none, so the text after an item's last block ran into the next
    item ("Then the vote was taken. - The opposition walked out ...")."""
    run: etree._Element | None = None
    if (item.text or "").strip():
        run = etree.Element("p")
        run.text, item.text = item.text, None
    first = run  # inserted last: the inline elements after it move into it first
    for child in list(item):
        if child.tag in _ITEM_BLOCKS:
            run = None
            if (child.tail or "").strip():
                run = etree.Element("p")
                run.text, child.tail = child.tail, None
                child.addnext(run)
            continue
        if run is None:
            if not isinstance(child.tag, str) and not (child.tail or "").strip():
                continue
            run = etree.Element("p")
            child.addprevious(run)
        run.append(child)  # an inline element, with the text after it
    if first is not None:
        item.insert(0, first)


def _out_of_paragraph(block: etree._Element) -> None:
    """A <pre> (trafilatura's <quote> whose text opens with a newline, as only a
    preformatted block's does after ``unwrap_source_lines``) that trafilatura set
    inside a paragraph, written between the paragraph's text before and after it,
    as the block stands on screen: "Intro <pre>a  b</pre> more" read as one
    paragraph ("Intro a b more")."""
    paragraph = block.getparent()
    if paragraph is None or paragraph.tag != "p":
        return
    after = etree.Element("p")
    after.text, block.tail = block.tail, None
    for sibling in list(block.itersiblings()):
        after.append(sibling)
    paragraph.addnext(block)
    if after.text or len(after):
        block.addnext(after)


def _pre_lines(text: str, mark: str, indent: str | None, opening: bool = False) -> str:
    """``text`` with its newlines written as ``mark`` and, with an ``indent`` mark,
    the indentation of each line it starts (and of its first line when ``opening``)
    and the gaps inside its lines as that many ``indent`` marks, which survive
    trafilatura's text writer."""
    if indent is not None and ("\n" in text or opening):
        lines = text.split("\n")
        for i, line in enumerate(lines):
            if i or opening:
                words = line.lstrip(LEADING)
                width = indent_width(line[: len(line) - len(words)])
                lines[i] = indent * width + mark_gaps(words, indent, width) if words else line
            else:
                lines[i] = mark_gaps(line, indent)
        text = "\n".join(lines)
    return text.replace("\n", mark)


# trafilatura's last resort for a page whose article it found too short (under 250
# characters, or shorter than the page's other text) writes a whole <article> or
# <body> as one paragraph: "Court rules 14 March 2024 The court published ...", the
# headline, a date line and every paragraph run together. Such paragraphs are split
# again at the blocks of the element they came from. Only short extractions are
# looked at (that fallback makes one paragraph per article), so long pages pay nothing.
_MAX_FALLBACK_PARAGRAPHS = 5
_MIN_MERGED_CHARS = 80


def split_merged_blocks(text: str, tree: HtmlElement) -> str:
    """``text`` with each paragraph that runs several blocks of the page together
    split at those blocks."""
    paragraphs = text.split("\n\n")
    if len(paragraphs) > _MAX_FALLBACK_PARAGRAPHS:
        return text
    sources = _BlockSources(tree)
    return "\n\n".join(sources.split(p) if len(p) >= _MIN_MERGED_CHARS else p for p in paragraphs)


class _BlockSources:
    """The page's articles and body, each read as blocks on first use."""

    def __init__(self, tree: HtmlElement) -> None:
        articles = tree.xpath("//article[not(ancestor::article)]")
        body = tree.find(".//body")
        self._elements = [*articles, *([body] if body is not None else [])]
        self._squeezed: dict[int, str] = {}
        self._blocks: dict[int, list[str]] = {}

    def split(self, paragraph: str) -> str:
        key = _squeezed(paragraph)
        for i, element in enumerate(self._elements):
            if i not in self._squeezed:
                self._squeezed[i] = _squeezed(element.text_content())
            if key not in self._squeezed[i]:
                continue
            if i not in self._blocks:
                markup = tostring(element, encoding="unicode", with_tail=False)
                self._blocks[i] = html_to_text(markup).split("\n\n")
            chosen = _cover(key, self._blocks[i])
            if chosen is not None:
                return "\n\n".join(chosen) if len(chosen) > 1 else paragraph
        return paragraph


def _cover(key: str, blocks: list[str]) -> list[str] | None:
    """The blocks that, in order, spell ``key`` exactly (whitespace aside)."""
    chosen: list[str] = []
    pos = 0
    for block in blocks:
        squeezed = _squeezed(block)
        if squeezed and key.startswith(squeezed, pos):
            chosen.append(block)
            pos += len(squeezed)
            if pos == len(key):
                return chosen
    return None


def _squeezed(text: str) -> str:
    return "".join(text.split())
