"""The words of a link on to the rest of a post ("Read more »", "Continue reading →"):
``more_links`` drops such a link at an entry's end, and ``tag_lines`` ends a list of
tags above one."""

from __future__ import annotations

import re

# The words of a link on to the rest, with the arrows, chevrons and dots a theme
# writes around them: "Read more »", "Continue reading →", "[Read more...]";
# WordPress.com's "Read more of this post", the old default theme's "Read the rest
# of this entry »", and a theme's "Continue reading “Title”" that names the post.
MORE_WORDS = (
    r"(?:read|see|view)\s+(?:more|the\s+(?:full\s+|whole\s+|rest\s+of\s+the\s+)?"
    r"(?:story|article|post)|full\s+(?:story|article|post)|on|the\s+rest)"
    r"|(?:read\s+more\s+of|read\s+the\s+rest\s+of)\s+this\s+(?:post|entry|article|story)"
    r"|continue\s+reading(?:\s+[\"\u201c][^\"\u201c\u201d<>]{1,200}[\"\u201d])?"
    r"|keep\s+reading|more|full\s+(?:story|article)"
)
MARK_CHARS = r"\s\[\]()<.\u2026:\u00bb\u00ab\u203a\u2192\u27a4\u25b6&;-"
MARKS = rf"[{MARK_CHARS}>]*"
_MORE_TEXT = re.compile(rf"{MARKS}(?:{MORE_WORDS}){MARKS}", re.I)


def is_more_text(text: str) -> bool:
    """Whether ``text`` is only a link's words on to the rest, with its marks."""
    return _MORE_TEXT.fullmatch(text) is not None
