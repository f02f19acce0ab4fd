"""The noncharacters: U+FDD0 to U+FDEF and the last two code points of every plane
(U+FFFE, U+FFFF, U+1FFFE, ... U+10FFFF). No character at all: a terminal draws one as
garbage of its own choosing (or nothing), and an HTML parser reports it
("noncharacter-in-input-stream").

One definition for every place that shows or escapes them (the reports' labels, a
path's escapes), so that none of them misses one the others know. No imports, as
``audits.bidi_controls``.
"""

from __future__ import annotations

# Inclusive ranges of code points: the block U+FDD0..U+FDEF, then each plane's last two.
NONCHARACTER_RANGES = (
    (0xFDD0, 0xFDEF),
    *((plane + 0xFFFE, plane + 0xFFFF) for plane in range(0, 0x110000, 0x10000)),
)
# The same, as the inside of a regular expression's character class ("[...]").
NONCHARACTER_CLASS = "".join(f"{chr(first)}-{chr(last)}" for first, last in NONCHARACTER_RANGES)

# A set lookup: escaping a path or a job's name asks it of every character.
_NONCHARACTERS = frozenset(
    chr(code) for first, last in NONCHARACTER_RANGES for code in range(first, last + 1)
)


def is_noncharacter(c: str) -> bool:
    """Whether the character ``c`` is a noncharacter."""
    return c in _NONCHARACTERS
