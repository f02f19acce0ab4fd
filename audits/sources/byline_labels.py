"""Bylines whose lead word stands in an element of its own ("<span>By</span><span>Jane
Doe</span>"), spaced so the line reads as the byline it is on screen."""

from __future__ import annotations

import re
from itertools import pairwise

from lxml.html import HtmlElement

from audits.sources.bylines import LEAD, is_byline

# A byline's lead word written in an element of its own, which a page's style, not a
# space, keeps from the name after it: "<span>By</span><span>Jane Doe</span>".
_BY_LABEL = re.compile(rf"{LEAD}\s*:?", re.I)
_LABEL_TAGS = ("span", "strong", "b", "em", "i", "small", "label", "font")
_GLUED_LABEL = re.compile(
    r">\s*(?:\w+\s+)?by\s*:?\s*</(?:span|strong|b|em|i|small|label|font)>\s*<\w", re.I
)


def may_hold_glued_byline(markup: str) -> bool:
    """Whether ``markup`` may hold a byline ``space_glued_bylines`` spaces."""
    return bool(_GLUED_LABEL.search(markup))


def space_glued_bylines(tree: HtmlElement) -> None:
    """Space each byline whose lead word stands in an element of its own, glued to the
    writer's name after it ("<span>By</span><span>Jane Doe</span>" read "ByJane Doe",
    a sentence of the story, and named no author); the parts glued after the name
    ("Reuters", "3 March 2024") are kept apart as a byline's are ("By Jane Doe |
    Reuters | 3 March 2024") where the line then reads as one."""
    labels = [
        e
        for e in tree.iter(*_LABEL_TAGS)
        if len(e) == 0
        and not e.tail
        and e.getnext() is not None
        and _BY_LABEL.fullmatch((e.text or "").strip())
    ]
    for label in labels:
        label.tail = " "
        parent = label.getparent()
        parts = list(label.itersiblings())
        if (parent.text or "").strip() or parent.index(label) != 0:
            continue  # the label opens no line of its own
        if any((p.tail or "").strip() for p in parts):
            continue  # words between the parts: they are no byline's
        # Two links side by side are two writers' ("<a>Jane Doe</a><a>John Smith</a>"),
        # or a writer's and the outlet's: a comma between them, as a byline writes it.
        joints = [
            ", " if part.tag == "a" and after.tag == "a" else " | "
            for part, after in pairwise(parts)
        ]
        line = f"{(label.text or '').strip()} " + "".join(
            f"{' '.join(p.text_content().split())}{p.tail or joint}"
            for p, joint in zip(parts, [*joints, ""], strict=True)
        )
        if len(parts) > 1 and is_byline(line):
            for part, joint in zip(parts, joints, strict=False):
                part.tail = part.tail or joint
