"""How the user's allow-list compares with the text it silences.

A phrase matches whatever its case and however its accents are spelled: a config file
saved on macOS may hold "Sergueï" as "i" + U+0308 while the article (or the NFC view
the rules read, ``audits.composed``) holds the composed "ï", and the other way round.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable


def allow_key(text: str) -> str:
    """``text`` as allow-list phrases are compared: case-folded, then composed."""
    return unicodedata.normalize("NFC", text.casefold())


def allow_keys(phrases: Iterable[str]) -> list[str]:
    """The distinct non-empty phrases of an allow-list, as compared, sorted."""
    return sorted({allow_key(p) for p in phrases if p})


def composed_phrases(phrases: Iterable[str]) -> list[str]:
    """The non-empty phrases, composed, to search the (composed) text for with
    ``re.IGNORECASE`` (case-folding them first would turn "Straße" into "strasse")."""
    return [unicodedata.normalize("NFC", p) for p in phrases if p]


def allows(phrases: Iterable[str], text: str) -> bool:
    """Whether ``text`` contains one of the allowed ``phrases``."""
    needle = allow_key(text)
    return any(key in needle for key in allow_keys(phrases))
