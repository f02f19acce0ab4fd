"""Text written straight inside a page's sections, before their first block.

trafilatura drops the text that opens a ``<section>``, ``<article>``, ``<main>``,
``<center>``, ``<body>`` or ``<summary>`` when a block follows it ("<section>The mayor
spoke first.<blockquote>We will not raise taxes</blockquote>Then the vote ...
</section>" lost "The mayor spoke first."), though it keeps the same text inside a
``<div>`` and keeps the text after the block. That opening run (the text and the
inline elements up to the first block) is made a paragraph of its own, as it stands
on screen, so it is neither lost nor run into the block after it.

A ``<header>``'s opening text is left to trafilatura: it is the page's furniture
above the headline ("<header>Posted in <a>News</a><h1>...") far more often than
the story's running text.
"""

from __future__ import annotations

from lxml.html import Element, HtmlElement

from audits.sources.fragment import INLINE_TAGS

# The containers whose opening text trafilatura drops (2.3) when a block follows it.
_DROPS_OPENING_TEXT = ("section", "article", "main", "center", "body", "summary")
# What runs in a line besides INLINE_TAGS, an image: a line's run ends at the first
# other element.
_IN_LINE = INLINE_TAGS | {"img"}


def wrap_opening_text(tree: HtmlElement) -> None:
    """Make a paragraph of the text that opens each such container before a block."""
    for container in list(tree.iter(*_DROPS_OPENING_TEXT)):
        if not (container.text or "").strip():
            continue
        children = list(container)
        first_block = next(
            (i for i, c in enumerate(children) if isinstance(c.tag, str) and c.tag not in _IN_LINE),
            None,
        )
        if first_block is None:
            continue  # text and inline elements only: trafilatura keeps them
        paragraph = Element("p")
        paragraph.text, container.text = container.text, None
        for child in children[:first_block]:
            paragraph.append(child)  # with its tail, the text after it
        container.insert(0, paragraph)
