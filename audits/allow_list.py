"""How the user's allow-list compares with the text it silences.

A phrase matches whatever its case and however its accents are spelled: a config file
saved on macOS may hold "Sergueï" as "i" + U+0308 while the article (or the NFC view
the rules read, ``audits.composed``) holds the composed "ï", and the other way round.
It matches however the words are spaced, too: a hard-wrapped paragraph puts a line
feed between "diplomatic" and "chief" where the phrase has one space (one line break;
a blank line, a paragraph break, does not join two words into a phrase). A space at
either end of a phrase is kept as a word boundary there: ``" Kyiv "`` silences
"Kyiv" ("in Kyiv.", "Kyiv, then", "Kyiv's") and not "Kyivstar", "Kyiv-based" or
"Kyiv/Kiev", which the bare ``"Kyiv"`` (matched inside words) does.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence

from audits.composed import NfcView, nfc_view

_SPACE = re.compile(r"\s+")
# Whitespace with at most one line break: a wrapped line, not a paragraph break. The
# spaces around the break cannot trade characters, so a long run is no backtracking.
# A line break is LF, CRLF, a lone CR or U+2028; U+2029 is a paragraph break itself.
_NOT_BREAK = r"[^\S\n\r\u2028\u2029]"
_BREAK = r"(?:\r\n?|[\n\u2028])"
_WRAP = rf"(?=\s){_NOT_BREAK}*(?:{_BREAK}{_NOT_BREAK}*)?"
_BREAKS = re.compile(_BREAK)
# A letter, digit, hyphen or slash carries a word on ("Kyivstar", "Kyiv-based",
# "chief/envoy"); whitespace, punctuation or the text's edge ends it. The Unicode
# hyphens (a word processor's non-breaking U+2011, U+2010, a soft hyphen) and slashes
# (U+2044, U+2215, U+FF0F) join words as the ASCII ones do.
_WORD_ON = r"[\w/\-\u00ad\u2010\u2011\u2044\u2215\uff0f]"
_WORD_START = rf"(?<!{_WORD_ON})"
_WORD_END = rf"(?!{_WORD_ON})"


def allow_key(text: str) -> str:
    """``text`` as allow-list phrases are compared: case-folded, composed, and each run
    of whitespace one space. A phrase's space at an edge stays: it is a word boundary
    (``" Kyiv "`` must not silence "Kyivstar"), matched by ``allows``'s word boundaries."""
    return _SPACE.sub(_one_space, unicodedata.normalize("NFC", text.casefold()))


def _one_space(run: re.Match[str]) -> str:
    # A blank line (a paragraph break, a heading's end) is no line wrap: it stays
    # apart, as in ``phrase_pattern``. U+2029 is a paragraph break on its own.
    breaks = len(_BREAKS.findall(run.group())) + 2 * run.group().count("\u2029")
    return "\n\n" if breaks > 1 else " "


def allow_keys(phrases: Iterable[str]) -> list[str]:
    """The distinct non-blank phrases of an allow-list, as compared, sorted."""
    return sorted({key for p in phrases if (key := allow_key(p)).strip()})


def phrase_pattern(phrase: str) -> re.Pattern[str]:
    """A pattern that finds ``phrase`` in a (composed) text, whatever its case and with
    any run of whitespace holding at most one line break (a line wrap) between its
    words: composed, not case-folded, for ``re.IGNORECASE`` (case-folding first would
    turn "Straße" into "strasse").
    A space at the phrase's edge asks for the word to end there: no letter, digit,
    hyphen or slash next to it (which the span leaves out)."""
    words = unicodedata.normalize("NFC", phrase).split()
    body = _WRAP.join(re.escape(w) for w in words)
    before = _WORD_START if phrase[:1].isspace() else ""
    after = _WORD_END if phrase[-1:].isspace() else ""
    return re.compile(before + body + after, re.IGNORECASE)


def allowed_spans(phrases: Iterable[str], text: str) -> list[tuple[int, int]]:
    """Where in ``text`` (composed) the allowed ``phrases`` stand."""
    return [
        (m.start(), m.end())
        for phrase in phrases
        if phrase.strip()
        for m in phrase_pattern(phrase).finditer(text)
    ]


def allows(phrases: Iterable[str], text: str, before: str = "", after: str = "") -> bool:
    """Whether ``text`` contains one of the allowed ``phrases``.

    ``before`` and ``after`` are the article's characters next to ``text`` (empty at
    the article's edges): a phrase's edge space at the edge of ``text`` asks them to
    end the word, so " Kyiv " does not silence a finding on the "Kyiv" of "Kyiv-based".
    """
    lead = allow_key(before)[-1:]
    needle = lead + allow_key(text)
    end = len(needle)
    needle += allow_key(after)[:1]
    for key in allow_keys(phrases):
        pattern = _key_pattern(key)
        match = pattern.search(needle, len(lead))
        while match and match.end() > end:
            match = pattern.search(needle, match.start() + 1)
        if match:
            return True
    return False


def allows_span(
    phrases: Sequence[str],
    text: str,
    start: int,
    end: int,
    spans: Callable[[], Sequence[tuple[int, int]]] | None = None,
) -> bool:
    """Whether ``text[start:end]`` contains an allowed phrase or lies inside one in
    ``text`` (composed): allowing "Kyiv Post" also silences a finding on just "Kyiv" in
    that name, while "Kyiv" elsewhere is still checked. The rules and ``compare`` both
    ask this, so one allow-list silences the same findings in both.

    ``spans`` gives ``allowed_spans(phrases, text)``, for a caller that keeps them
    across findings; it is only asked when the finding's own text holds no phrase."""
    # The span's neighbours, so a phrase's edge space sees where the word ends.
    before, after = text[max(start - 1, 0) : start], text[end : end + 1]
    if allows(phrases, text[start:end], before, after):
        return True
    where = spans() if spans is not None else allowed_spans(phrases, text)
    return any(a <= start and end <= b for a, b in where)


class AllowedText:
    """Whether the allow-list silences a finding at ``start:end`` of one ``text`` (in the
    text's own offsets): ``allows_span`` asked in the text's NFC view, where the phrases
    are found. The view and the phrases' places are made on the first question only:
    most texts have no finding to ask about."""

    def __init__(self, allow: Sequence[str], text: str) -> None:
        self.allow = allow
        self.original = text

    @functools.cached_property
    def _view(self) -> NfcView | None:
        return nfc_view(self.original)

    @functools.cached_property
    def _text(self) -> str:
        return self._view.text if self._view is not None else self.original

    @functools.cached_property
    def _spans(self) -> list[tuple[int, int]]:
        return allowed_spans(self.allow, self._text)

    def span(self, start: int, end: int) -> bool:
        if not self.allow:
            return False
        if self._view is not None:
            start, end = self._view.span_in_view(start, end)
        return allows_span(self.allow, self._text, start, end, lambda: self._spans)


@functools.lru_cache(maxsize=1024)
def _key_pattern(key: str) -> re.Pattern[str]:
    # The key's words, one space apart (so a phrase's own blank line is one space, as
    # in ``phrase_pattern``), matched in the text's key: case-folded and one space.
    body = " ".join(re.escape(w) for w in key.split())
    before = _WORD_START if key[:1].isspace() else ""
    after = _WORD_END if key[-1:].isspace() else ""
    return re.compile(before + body + after)
