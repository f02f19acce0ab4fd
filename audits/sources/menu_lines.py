"""Menu links that reach the ends of a page's text.

trafilatura reads a page of a few lines (a notice, a short post) from its whole
body, menus and all: a bare ``<a href="/">Home</a>`` above the first paragraph
came out as that paragraph's first line, "Home\\nThe council closed the library
...", audited as the sentence "Home The council closed the library ...", and a
row of links ("Home | News | Sport") or a footer's ("Contact us Privacy") as a
sentence of its own. A line at either end of the text that is only the words of
the page's menu links (links outside paragraphs and headings, of a few words
each), with the separators between them, is dropped; the headline stays, and so
does a link the page wrote as a paragraph of its own ("Read the full report").
"""

from __future__ import annotations

import re

from lxml.html import HtmlElement

# A menu link names a section in a few words; a longer link text is a teaser's title.
MAX_MENU_LINK_WORDS = 4
# Where a link is the writer's, not the site's.
_WRITTEN = frozenset(
    {"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "figcaption", "dd", "dt", "pre"}
    | {"td", "th", "caption", "q", "cite"}
)
# What stands between the links of a menu row: "Home | News · Sport › Weather".
_SEPARATOR = re.compile(r"[|·•/\\›»«<>:\u2013\u2014-]+")


def menu_links(tree: HtmlElement) -> frozenset[tuple[str, ...]]:
    """The words (case folded) of each of the page's menu links."""
    found: set[tuple[str, ...]] = set()
    for link in tree.iter("a"):
        if link.get("href") is None:
            continue
        words = tuple(_words(link.text_content()))
        if not words or len(words) > MAX_MENU_LINK_WORDS:
            continue
        if any(a.tag in _WRITTEN for a in link.iterancestors()):
            continue
        found.add(words)
    return frozenset(found)


def drop_menu_lines(text: str, links: frozenset[tuple[str, ...]], headline: str | None) -> str:
    """``text`` without the lines of menu ``links`` at its start and end (the
    ``headline`` is kept, and passed over)."""
    if not links or not text:
        return text
    spans = _line_spans(text)
    is_menu = [_only_links(text[a:b], links) for a, b in spans]
    keep = [True] * len(spans)
    for order in (range(len(spans)), reversed(range(len(spans)))):
        for i in order:
            line = text[spans[i][0] : spans[i][1]]
            if headline is not None and " ".join(line.split()) == headline:
                continue
            if not is_menu[i]:
                break
            keep[i] = False
    if all(keep):
        return text
    return _rebuild(text, spans, keep)


def _line_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    start = 0
    for m in re.finditer(r"\n", text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    # Blank lines (paragraph breaks) are no lines of text.
    return [(a, b) for a, b in spans if a < b]


def _rebuild(text: str, spans: list[tuple[int, int]], keep: list[bool]) -> str:
    """The paragraphs of ``text`` with only its kept lines."""
    paragraphs: list[list[str]] = [[]]
    previous_end = None
    for (a, b), kept in zip(spans, keep, strict=True):
        if previous_end is not None and text[previous_end:a].count("\n") > 1:
            paragraphs.append([])
        previous_end = b
        if kept:
            paragraphs[-1].append(text[a:b])
    return "\n\n".join("\n".join(p) for p in paragraphs if p)


def _only_links(line: str, links: frozenset[tuple[str, ...]]) -> bool:
    """Whether ``line``'s words, separators aside, are menu link texts one after
    another (or ``line`` is only a separator)."""
    words = _words(line)
    if not words:
        # A separator alone on its line, as trafilatura writes a menu row: "Home", "|".
        return bool(line.strip())
    # reachable[i]: the first i words are whole link texts.
    reachable = [True] + [False] * len(words)
    for i in range(len(words)):
        if not reachable[i]:
            continue
        for n in range(1, MAX_MENU_LINK_WORDS + 1):
            if i + n <= len(words) and tuple(words[i : i + n]) in links:
                reachable[i + n] = True
    return reachable[-1]


def _words(text: str) -> list[str]:
    """The words of ``text``, case folded, without the separators of a menu row."""
    return _SEPARATOR.sub(" ", text).casefold().split()
