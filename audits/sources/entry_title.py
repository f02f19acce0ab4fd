"""Whether a feed entry's content already opens with the entry's title.

The entry's text opens with its title, as a page's opens with its headline, so
that a scraped body repeating the headline shows it twice (S501). But Medium,
some WordPress themes and Blogger posts put the title at the top of the content
themselves, as a heading or a bold line; put before that, the title showed
twice on an honest feed. What tells the two apart is how the title is written:
a feed's own title stands out (a heading, a line in bold), while a scraper's
copy of a page's headline is one more plain paragraph of the body.
"""

from __future__ import annotations

from lxml.html import HtmlElement

from audits.sources.fragment import NEVER_TEXT, is_unread
from audits.sources.fragment_tree import FEED_SKIP, ParsedFragment

_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_BOLD = frozenset({"strong", "b"})
# Subtrees the feed reader leaves out: their text is not where the entry's text begins.
_UNREAD = NEVER_TEXT | FEED_SKIP
_QUOTES = str.maketrans(
    {
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032`\u00b4", "'"),
        **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
        "\u200b": None,
        "\u00ad": None,
    }
)
_TRAILING = " .!?:;"


def title_key(text: str) -> str:
    """A title as compared: case, spacing, curly or straight quotes, dashes and
    final marks ignored."""
    return " ".join(text.translate(_QUOTES).casefold().split()).rstrip(_TRAILING)


def opens_with_title(title: str, text: str, fragment: ParsedFragment | None) -> bool:
    """Whether ``text`` (read from ``fragment``, or from plain text when None) opens
    with ``title`` as a title of its own: its first line, written as a heading or
    in bold in HTML. Plain text has no way to mark a title but its own line."""
    first_line = text.split("\n", 1)[0]
    key = title_key(title)
    if not key or title_key(first_line) != key:
        return False
    return fragment is None or _first_text_is_styled(fragment, key)


def _first_text_is_styled(fragment: ParsedFragment, key: str) -> bool:
    """Whether the first text the reader meets lies in a heading or a bold run whose
    whole text is the title."""
    root = fragment.root
    if root is None:
        return False
    first = _first_text_element(root)
    if first is None:
        return False
    for element in (first, *first.iterancestors()):
        if element is root:
            break
        if element.tag in _HEADINGS or element.tag in _BOLD:
            return title_key(element.text_content()) == key
    return False


def _first_text_element(root: HtmlElement) -> HtmlElement | None:
    """The element holding the first text the feed reader keeps, in document order."""
    stack: list[tuple[HtmlElement, bool]] = [(root, False)]
    while stack:
        element, tail_only = stack.pop()
        if tail_only:
            if (element.tail or "").strip():
                return element.getparent()
            continue
        stack.append((element, True))
        if not isinstance(element.tag, str) or element.tag in _UNREAD:
            continue
        if is_unread(element.attrib.items()):
            continue
        if (element.text or "").strip():
            return element
        stack.extend((child, False) for child in reversed(element))
    return None
