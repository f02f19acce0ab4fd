"""Posts written a ``<div>`` per line, as rich-text editors write them.

Blogger's editor, like most rich-text editors, writes every line the author
typed as a ``<div>`` and a blank line as a ``<div>`` holding a ``<br>`` (or a
no-break space); on screen the lines stack without a gap, and only the blank
ones part paragraphs. Read as blocks, each line was a paragraph of its own, on
pages and in feeds (``fragment_tree``), which cut a sentence that ran onto the
next line in two ("...repairs its parapet," / "which was damaged by a lorry in
January.").
Only a block that has such blank lines is read as lines.
"""

from __future__ import annotations

from lxml.html import Element, HtmlElement

from audits.sources.fragment import INLINE_TAGS


def join_editor_lines(tree: HtmlElement) -> None:
    """Make one paragraph of each run of one-line ``<div>``s that a blank line ends,
    the lines kept as line breaks; the blank lines go."""
    parents = {div.getparent() for div in tree.iter("div") if _is_blank_line(div)}
    for parent in parents:
        if parent is None:
            continue
        run: list[HtmlElement] = []
        for child in [*parent, None]:
            if child is not None and child.tag == "div" and _is_line(child):
                run.append(child)
                continue
            if len(run) > 1:
                _join_lines(run)
            run = []
        for child in list(parent):
            if child.tag == "div" and _is_blank_line(child):
                child.drop_tree()


def _is_blank_line(div: HtmlElement) -> bool:
    return (
        div.tag == "div"
        and all(c.tag == "br" for c in div)
        and not div.text_content().replace("\u00a0", " ").strip()
    )


def _is_line(div: HtmlElement) -> bool:
    return all(
        not isinstance(c.tag, str) or c.tag in INLINE_TAGS for c in div.iterdescendants()
    ) and bool(div.text_content().strip())


def _join_lines(run: list[HtmlElement]) -> None:
    """The first line's <div> becomes the paragraph; the others move into it."""
    first = run[0]
    for div in run[1:]:
        br = Element("br")
        first.append(br)
        br.tail = div.text
        for child in list(div):
            first.append(child)  # moves it, tail and all
        div.drop_tree()
