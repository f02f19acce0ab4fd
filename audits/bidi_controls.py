"""The bidirectional embeddings, overrides and isolates ("Trojan Source",
CVE-2021-42574): characters that make a terminal, a log viewer or a browser draw the
text after them in another order than it is stored (a U+202E in a feed's title
reversed the rest of an annotation in GitHub's log viewer). The marks U+200E/U+200F
only nudge neutral characters and are not among them.

One definition for every place that shows, escapes or drops them (the reports'
labels, the JSON writer, a path's escapes, a page's invisible characters), so that
none of them misses one the others know. No imports: the JSON writer reads it at
start-up.
"""

from __future__ import annotations

# LRE, RLE, PDF, LRO, RLO; then LRI, RLI, FSI, PDI.
BIDI_CONTROL_RANGES = ((0x202A, 0x202E), (0x2066, 0x2069))
# The same, as the inside of a regular expression's character class ("[...]").
BIDI_CONTROL_CLASS = "".join(f"{chr(first)}-{chr(last)}" for first, last in BIDI_CONTROL_RANGES)


# A set lookup: escaping a path or a job's name asks it of every character.
_BIDI_CONTROLS = frozenset(
    chr(code) for first, last in BIDI_CONTROL_RANGES for code in range(first, last + 1)
)


def is_bidi_control(c: str) -> bool:
    """Whether the character ``c`` is a bidi embedding, override or isolate."""
    return c in _BIDI_CONTROLS
