"""A compiled pattern that counts the characters its searches cover: a guard against
a search run again over text already read (quadratic time) that counts that work
instead of timing it, which a loaded machine blurs.

Its limits: only ``search`` and ``finditer`` are proxied (a move to ``match`` or
``sub`` turns the guard into an AttributeError, not a count); ``finditer`` counts
its whole span up front, even where the caller stops early; it stands in for a
module's private pattern by name, so a rename leaves it guarding nothing; and text
read again without the pattern (``str.count``, a slice per call) escapes it."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator


class CountingPattern:
    """Stands in for a module's compiled pattern; each search's span is added up."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self.read = 0

    def _count(self, text: str, pos: int, endpos: int) -> None:
        self.read += max(0, min(endpos, len(text)) - pos)

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        self._count(text, pos, endpos)
        return self.pattern.search(text, pos, endpos)

    def finditer(
        self, text: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> Iterator[re.Match[str]]:
        self._count(text, pos, endpos)
        return self.pattern.finditer(text, pos, endpos)
