"""How the user's allow-list compares with the text it silences.

A phrase matches whatever its case and however its accents are spelled: a config file
saved on macOS may hold "Sergueï" as "i" + U+0308 while the article (or the NFC view
the rules read, ``audits.composed``) holds the composed "ï", and the other way round.
It matches however the words are spaced, too: a hard-wrapped paragraph puts a line
feed between "diplomatic" and "chief" where the phrase has one space (one line break;
a blank line, a paragraph break, does not join two words into a phrase). A space at
either end of a phrase is kept as a word boundary there: ``" Kyiv "`` silences
"Kyiv" and not "Kyivstar", which the bare ``"Kyiv"`` (matched inside words) does.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_SPACE = re.compile(r"\s+")
# Whitespace with at most one line break: a wrapped line, not a paragraph break. The
# spaces around the break cannot trade characters, so a long run is no backtracking.
_WRAP = r"(?=\s)[^\S\n]*(?:\n[^\S\n]*)?"


def allow_key(text: str) -> str:
    """``text`` as allow-list phrases are compared: case-folded, composed, and each run
    of whitespace one space. A phrase's space at an edge stays: it is a word boundary
    (``" Kyiv "`` must not silence "Kyivstar"), matched by ``allows``'s padding."""
    return _SPACE.sub(_one_space, unicodedata.normalize("NFC", text.casefold()))


def _one_space(run: re.Match[str]) -> str:
    # A blank line (a paragraph break, a heading's end) is no line wrap: it stays
    # apart, as in ``phrase_pattern``.
    return "\n\n" if run.group().count("\n") > 1 else " "


def allow_keys(phrases: Iterable[str]) -> list[str]:
    """The distinct non-blank phrases of an allow-list, as compared, sorted."""
    return sorted({key for p in phrases if (key := allow_key(p)).strip()})


def phrase_pattern(phrase: str) -> re.Pattern[str]:
    """A pattern that finds ``phrase`` in a (composed) text, whatever its case and with
    any run of whitespace holding at most one line break (a line wrap) between its
    words: composed, not case-folded, for ``re.IGNORECASE`` (case-folding first would
    turn "Straße" into "strasse").
    A space at the phrase's edge asks for no letter there: the start or end of the
    text, or whitespace, which the span leaves out."""
    words = unicodedata.normalize("NFC", phrase).split()
    body = _WRAP.join(re.escape(w) for w in words)
    before = r"(?<!\S)" if phrase[:1].isspace() else ""
    after = r"(?!\S)" if phrase[-1:].isspace() else ""
    return re.compile(before + body + after, re.IGNORECASE)


def allowed_spans(phrases: Iterable[str], text: str) -> list[tuple[int, int]]:
    """Where in ``text`` (composed) the allowed ``phrases`` stand."""
    return [
        (m.start(), m.end())
        for phrase in phrases
        if phrase.strip()
        for m in phrase_pattern(phrase).finditer(text)
    ]


def allows(phrases: Iterable[str], text: str) -> bool:
    """Whether ``text`` contains one of the allowed ``phrases``."""
    # Padded, so a phrase's edge space also matches the start or end of the text.
    needle = " " + allow_key(text) + " "
    return any(key in needle for key in allow_keys(phrases))
