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
# Elements whose newlines are content, not markup.
_PREFORMATTED = ("pre", "listing", "xmp")
_SPACES = re.compile(r"[ \t\r\f\v\u00a0\u200b]+")
_LOOKS_LIKE_HTML = re.compile(r"<(?:[a-zA-Z][\w:-]*)(?:\s[^>]*)?/?>|&(?:#\d+|#x[0-9a-fA-F]+|\w+);")


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


def looks_like_html(text: str) -> bool:
    return bool(_LOOKS_LIKE_HTML.search(text))


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


class _TextCollector(HTMLParser):
    def __init__(self, skip: frozenset[str] = frozenset()) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[list[str]] = [[]]
        self._skip = NEVER_TEXT | skip
        self._skip_depth = 0
        self._stack: list[str] = []
        # How many of each tag are open: an end tag that closes nothing is dropped in
        # constant time (scanning the stack made 20,000 stray end tags under 20,000 open
        # elements take 5 s, and a hostile feed can hold millions).
        self._open: Counter[str] = Counter()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID_TAGS:
            if tag == "br" and not self._skip_depth:
                self.paragraphs[-1].append("\n")
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
            if top == tag:
                break

    def handle_data(self, data: str) -> None:
        if self._skip_depth:
            return
        if any(self._open[tag] for tag in _PREFORMATTED):
            # A line of <pre> is a line ("STATEMENT\nAll ballots..." is no sentence).
            self.paragraphs[-1].append(data.replace("\r\n", "\n").replace("\r", "\n"))
        else:
            # Newlines in markup are whitespace; only <br> breaks a line.
            self.paragraphs[-1].append(data.replace("\r", " ").replace("\n", " "))

    def _break(self) -> None:
        if self.paragraphs[-1]:
            self.paragraphs.append([])


def html_to_text(fragment: str, skip: frozenset[str] = frozenset()) -> str:
    """Plain text of an HTML fragment: paragraphs separated by blank lines. Elements
    named in ``skip`` are left out with their content, like scripts always are."""
    parser = _TextCollector(skip)
    parser.feed(fragment)
    parser.close()
    return _join(parser.paragraphs)


def plain_text(text: str) -> str:
    """Tidy plain text from a feed: trimmed lines, paragraphs separated by blank lines."""
    blocks = re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n"))
    return join_blocks(blocks)


def join_blocks(blocks: Iterable[str]) -> str:
    """Blocks of text as paragraphs: a blank line inside a block ("<br><br>") starts a
    new paragraph, a single newline stays a line break, lines are trimmed."""
    return _join([[block] for block in blocks])


def _join(paragraphs: list[list[str]]) -> str:
    out: list[str] = []
    for parts in paragraphs:
        # "<br><br>" (a blank line) separates paragraphs, as it does on screen.
        for chunk in re.split(r"\n[ \t]*\n", "".join(parts)):
            lines = [_SPACES.sub(" ", line).strip() for line in chunk.split("\n")]
            block = "\n".join(line for line in lines if line)
            if block:
                out.append(block)
    return "\n\n".join(out)
