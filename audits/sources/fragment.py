"""HTML fragments (a feed entry's content) to plain text with one paragraph per block.

trafilatura is built to find the article inside a whole page and may drop
short fragments as boilerplate; a feed entry's content *is* the article, so it
is kept whole. Scripts, styles, templates, hidden elements, photo captions and
embedded posts never reach the text; everything is parsed with the standard
library's tolerant parser, which resolves character references but never
declared entities.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterable
from html.parser import HTMLParser

from audits.bidi_controls import BIDI_CONTROL_CLASS
from audits.line_endings import lf_line_endings
from audits.sources.captions import CAPTION_CLASSES
from audits.sources.embeds import EMBED_CLASSES

# Elements whose content is never article text.
NEVER_TEXT = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "iframe",
        "object",
        "embed",
        # Fallbacks a browser shows only where it cannot play or run the thing, which
        # every browser now can (media), or that none runs any more (an applet shows
        # nothing, not its fallback): "Your browser does not support the video tag."
        "applet",
        "audio",
        "video",
        "noembed",
        "noframes",
        "svg",
        "math",
        "canvas",
        "head",
        "title",
        "select",
        "button",
        "figcaption",  # a photo's words (captions.py)
    }
)
# Page chrome the plain page reader leaves out (those above it always does). Tables
# too, as trafilatura is asked to. Report locations count no copy of the flagged
# words in either (in the chrome, unless the article stands in it).
PAGE_CHROME = frozenset({"nav", "footer", "aside", "form", "table", "textarea"})
VOID_TAGS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)
# Elements that start and end a paragraph.
BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "section",
        "article",
        "header",
        "footer",
        "aside",
        "main",
        "nav",
        "blockquote",
        "pre",
        "ul",
        "ol",
        "li",
        "dl",
        "dt",
        "dd",
        "table",
        "thead",
        "tbody",
        "tr",
        "td",
        "th",
        "caption",
        "figure",
        "figcaption",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "address",
        "details",
        "summary",
        "form",
        "fieldset",
    }
)
# The marks a browser shows around an English <q> (CSS quotes: the outer pair, then
# the nested, in turn); its text read without them lost the quotation's marks.
_QUOTE_MARKS = (("\u201c", "\u201d"), ("\u2018", "\u2019"))


def quote_marks(depth: int) -> tuple[str, str]:
    """The opening and closing marks of a ``<q>`` inside ``depth`` others."""
    return _QUOTE_MARKS[depth % len(_QUOTE_MARKS)]


# Marks a <q>'s text may hold already ("<q>“a plan”</q>", as pages that style
# away the browser's own write them): a browser's pair around them would double them.
_OPENING_MARKS = "\"'\u201c\u2018\u201e\u201a\u201f\u201b\u00ab\u00bb\u2039\u203a"
_CLOSING_MARKS = "\"'\u201d\u2019\u201c\u2018\u00bb\u00ab\u203a\u2039"


def holds_quote_marks(text: str) -> bool:
    """Whether a ``<q>``'s ``text`` already starts and ends with quotation marks."""
    text = text.strip()
    return len(text) >= 2 and text[0] in _OPENING_MARKS and text[-1] in _CLOSING_MARKS


# Elements inside a line of text, HTML's phrasing elements that hold text: one set
# for every reader that asks whether a block is a line (a byline's, an editor's, a
# <div> written as a paragraph, a section's opening text) or which block a link's
# line is. Each reader had its own, and one's line was another's block: a byline
# whose links a <sup> or a <time> followed was no line to the byline reader.
INLINE_TAGS = frozenset(
    {"a", "abbr", "b", "bdi", "bdo", "br", "cite", "code", "data", "del", "dfn", "em"}
    | {"font", "i", "ins", "kbd", "label", "mark", "q", "s", "samp", "small", "span"}
    | {"strong", "sub", "sup", "time", "u", "var", "wbr"}
)
# Elements whose newlines are content, not markup.
_PREFORMATTED = ("pre", "listing", "xmp")
_HAS_PREFORMATTED = re.compile(r"<(?:pre|listing|xmp)\b", re.I)
# Printable stand-ins for one column of a preformatted line's indentation: lines are
# trimmed on the way to paragraphs, and a code listing or a poem lost its shape
# ("def total(wards):\ncount = 0"). The first the text lacks is used.
INDENT_MARKS = ("\u2422", "\u2423", "\u2b7c", "\u2bd1")
LEADING = " \t\u00a0"
# Columns of indentation kept: a listing nests a few levels; more is a page's junk.
MAX_INDENT = 32
_TAB_STOP = 8
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")
# Characters that print nothing: a soft hyphen, zero-width spaces and joiners, bidi
# marks, a stray byte-order mark. A browser shows "coun&shy;cil" and "coun&#8203;cil"
# as "council", and a page's text (trafilatura keeps only printable characters) reads
# so; a feed's kept "coun\u00adcil" and made "coun cil" of the zero-width space.
# A zero-width joiner between two emoji stays: it makes one picture of them (a
# family of three faces, a rainbow flag), which the browser shows as one.
_INVISIBLE = re.compile(
    f"[\u00ad\u200b\u200c\u200e\u200f\u2060-\u2064{BIDI_CONTROL_CLASS}\ufeff]"
    "|(?<![\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\ufe0f])\u200d"
    "|\u200d(?![\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff])"
)


_HIDING_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
# Class names (whole tokens) that leave an element out with its content: photo
# captions and credits (captions.py), social networks' embedded posts (embeds.py).
_UNREAD_CLASSES = CAPTION_CLASSES | EMBED_CLASSES


def is_hidden(attrs: Iterable[tuple[str, str | None]]) -> bool:
    """Whether an element with these attributes is hidden from readers: ``hidden``,
    ``aria-hidden="true"`` or an inline style of ``display: none`` or
    ``visibility: hidden`` (keyword lists and drafts that content farms leave in
    their pages, never read by anyone)."""
    return any(
        name == "hidden"
        or (name == "aria-hidden" and (value or "").strip().lower() == "true")
        or (name == "style" and value and _HIDING_STYLE.search(value))
        for name, value in attrs
    )


def is_unread(attrs: Iterable[tuple[str, str | None]]) -> bool:
    """Whether an element with these attributes is left out with its content, whatever
    its tag: hidden, a photo caption or credit, or a social network's embedded post."""
    attrs = list(attrs)
    return is_hidden(attrs) or any(
        name == "class" and any(token.lower() in _UNREAD_CLASSES for token in (value or "").split())
        for name, value in attrs
    )


# A tag as written, and one escaped ("&lt;p&gt;") at the opening of a text.
_TAG = re.compile(r"<[a-zA-Z][\w:-]*(?:\s[^>]*)?/?>")
_ESCAPED_OPENING = re.compile(
    r"\s*&lt;(?:p|div|h[1-6]|ul|ol|blockquote|figure|img|br|span|strong|em|b|i|a|table)"
    r"(?:\s[^<>]*?)?/?&gt;",
    re.I,
)


def unescaped_markup(fragment: str) -> str:
    """``fragment`` unescaped once where its HTML was escaped twice: it opens with an
    escaped tag ("&lt;p&gt;The council ...") and holds no tag as written. Read as it
    was, its tags were words of the text ("<p>The council met ...</p><p>It ...")."""
    if not _ESCAPED_OPENING.match(fragment) or _TAG.search(fragment):
        return fragment
    return html.unescape(fragment)


def indent_mark(text: str) -> str | None:
    """The first of ``INDENT_MARKS`` that ``text`` lacks, or None."""
    return next((m for m in INDENT_MARKS if m not in text), None)


# A gap inside a preformatted line that is its shape: a run of spaces or any tab
# ("North     1 340     Labour" aligns a table's columns; squeezed to one space each,
# the columns ran together and "1 340" read as one number among the others).
_GAP = re.compile(r"[ \u00a0]*\t[ \t\u00a0]*|[ \u00a0]{2,}")


def mark_gaps(line: str, mark: str, start: int = 0) -> str:
    """``line`` (preformatted text after a line's indentation, from column ``start``)
    with each gap written as as many ``mark``s as it is wide (at most ``MAX_INDENT``,
    as indentation), which survive trimming."""
    return gaps_marked(line, mark, start)[0]


def gaps_marked(line: str, mark: str, start: int = 0) -> tuple[str, int]:
    """``mark_gaps`` of ``line``, and the column its text ends at. A tab reaches the
    next stop from the column it stands at as written, after the gaps before it
    (capped or not) and the text before it in other elements ("ab<b>c</b>\td")."""
    out: list[str] = []
    column = start
    done = 0
    for m in _GAP.finditer(line):
        column += m.start() - done
        width = min(indent_width(m[0], column) - column, MAX_INDENT)
        out.append(line[done : m.start()] + mark * width)
        column += width
        done = m.end()
    out.append(line[done:])
    return "".join(out), column + len(line) - done


def indent_width(space: str, start: int = 0) -> int:
    """The column after ``space`` (spaces and tabs, at tab stops of 8) from ``start``."""
    width = start
    for ch in space:
        width = (width // _TAB_STOP + 1) * _TAB_STOP if ch == "\t" else width + 1
    return width


class _TextCollector(HTMLParser):
    def __init__(self, skip: frozenset[str] = frozenset(), mark: str | None = None) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[list[str]] = [[]]
        # A preformatted line's indentation is written as this many ``mark``s; the
        # indentation seen so far of a line whose text has not come yet.
        self.mark = mark
        self._line_start = True
        self._pending = 0
        # The column a preformatted line's text has reached, across inline markup.
        self._column = 0
        self._skip = NEVER_TEXT | skip
        self._skip_depth = 0
        self._stack: list[str] = []
        # How many of each tag are open: an end tag that closes nothing is dropped in
        # constant time (scanning the stack made 20,000 stray end tags under 20,000 open
        # elements take 5 s, and a hostile feed can hold millions).
        self._open: Counter[str] = Counter()
        # Each open <q>'s paragraph and where its opening mark stands in it.
        self._quotes: list[tuple[list[str], int]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID_TAGS:
            if tag == "br" and not self._skip_depth:
                self.paragraphs[-1].append("\n")
                self._line_start, self._pending = True, 0
            elif tag == "hr":
                self._break()
            return
        hidden = is_unread(attrs)
        self._stack.append(tag)
        self._open[tag] += 1
        if self._skip_depth or tag in self._skip or hidden:
            self._skip_depth += 1
            return
        if tag in BLOCK_TAGS:
            self._break()
        elif tag == "q":
            self._quotes.append((self.paragraphs[-1], len(self.paragraphs[-1])))
            self.paragraphs[-1].append(quote_marks(self._open["q"] - 1)[0])

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID_TAGS:
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID_TAGS or not self._open[tag]:
            return
        # Close everything left open inside ``tag`` (tolerates sloppy markup).
        while self._stack:
            top = self._stack.pop()
            self._open[top] -= 1
            if self._skip_depth:
                self._skip_depth -= 1
            elif top in BLOCK_TAGS:
                self._break()
            elif top == "q":
                self._close_quote(quote_marks(self._open["q"])[1])
            if top == tag:
                break

    def handle_data(self, data: str) -> None:
        if self._skip_depth:
            return
        if any(self._open[tag] for tag in _PREFORMATTED):
            # A line of <pre> is a line ("STATEMENT\nAll ballots..." is no sentence).
            lines = lf_line_endings(data)
            self.paragraphs[-1].append(lines if self.mark is None else self._indented(lines))
        else:
            # Newlines in markup are whitespace; only <br> breaks a line.
            self.paragraphs[-1].append(data.replace("\r", " ").replace("\n", " "))
            self._line_start = self._line_start and not data.strip()

    def _indented(self, data: str) -> str:
        """Preformatted ``data`` with the indentation of each line that starts in it
        written as marks (a line of spaces alone stays blank)."""
        out: list[str] = []
        for i, piece in enumerate(data.split("\n")):
            if i:
                out.append("\n")
                self._line_start, self._pending = True, 0
            if not self._line_start:
                gapped, self._column = gaps_marked(piece, self.mark, self._column)
                out.append(gapped)
                continue
            text = piece.lstrip(LEADING)
            self._pending = indent_width(piece[: len(piece) - len(text)], self._pending)
            if text:
                gapped, self._column = gaps_marked(text, self.mark, self._pending)
                out.append(f"{self.mark * self._pending}{gapped}")
                self._line_start, self._pending = False, 0
        return "".join(out)

    def _close_quote(self, closing: str) -> None:
        """End the innermost ``<q>``: its closing mark, or neither mark where its text,
        in one paragraph, holds its own ("<q>“a plan”</q>")."""
        if not self._quotes:
            return
        paragraph, at = self._quotes.pop()
        if paragraph is self.paragraphs[-1] and holds_quote_marks("".join(paragraph[at + 1 :])):
            paragraph[at] = ""
        else:
            self.paragraphs[-1].append(closing)

    def _break(self) -> None:
        self._line_start, self._pending = True, 0
        if self.paragraphs[-1]:
            self.paragraphs.append([])


def html_to_text(fragment: str, skip: frozenset[str] = frozenset()) -> str:
    """Plain text of an HTML fragment: paragraphs separated by blank lines. Elements
    named in ``skip`` are left out with their content, like scripts always are."""
    parser = _TextCollector(skip, _fragment_indent_mark(fragment))
    parser.feed(fragment)
    parser.close()
    return _join(parser.paragraphs, parser.mark)


def _fragment_indent_mark(fragment: str) -> str | None:
    """A mark for the indentation of ``fragment``'s preformatted lines, one its text
    lacks (written or as a character reference); None where it has no such lines."""
    if not _HAS_PREFORMATTED.search(fragment):
        return None
    return indent_mark(html.unescape(fragment) + fragment if "&" in fragment else fragment)


def plain_text(text: str) -> str:
    """Tidy plain text from a feed: trimmed lines, paragraphs separated by blank lines."""
    blocks = re.split(r"\n\s*\n", lf_line_endings(text))
    return join_blocks(blocks)


def join_blocks(blocks: Iterable[str], mark: str | None = None) -> str:
    """Blocks of text as paragraphs: a blank line inside a block ("<br><br>") starts a
    new paragraph, a single newline stays a line break, lines are trimmed; a line
    opening with ``mark``s keeps as many spaces of indentation."""
    return _join([[block] for block in blocks], mark)


def _join(paragraphs: list[list[str]], mark: str | None = None) -> str:
    out: list[str] = []
    for parts in paragraphs:
        # "<br><br>" (a blank line) separates paragraphs, as it does on screen.
        for chunk in re.split(r"\n[ \t]*\n", "".join(parts)):
            lines = [_line(line, mark) for line in chunk.split("\n")]
            kept = [(indent, line) for indent, line in lines if line]
            # Only indentation beyond the paragraph's least is shape: a <pre> indented
            # as a whole in the page's source is not.
            margin = min((indent for indent, _ in kept), default=0)
            block = "\n".join(
                " " * min(indent - margin, MAX_INDENT) + line for indent, line in kept
            )
            if block:
                out.append(block)
    return "\n\n".join(out)


def _line(line: str, mark: str | None) -> tuple[int, str]:
    """A line's indentation (its leading ``mark``s) and its text, trimmed; the gaps
    its ``mark``s write inside it keep their width."""
    line = _INVISIBLE.sub("", line).strip()
    if mark is None:
        return 0, _SPACES.sub(" ", line).strip()
    text = line.lstrip(mark)
    indent = len(line) - len(text)
    text = _SPACES.sub(" ", text).strip().rstrip(mark + " ")
    return indent, text.replace(mark, " ")
