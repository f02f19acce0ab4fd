"""Compact phrase patterns for lexicons, and an automaton that finds them all at once.

Lexicon authors write English surface forms with their inflections in a small
syntax, expanded here into plain phrases:

* ``{a,b,c}`` — one of the alternatives; an empty alternative makes the group
  optional: ``hold{s,ing,}`` is ``holds``, ``holding`` or ``hold``.
* ``{s}`` — shorthand for ``{,s}`` (an optional suffix).
* ``[the]`` — an optional stretch (the same as ``{,the}``); spaces around a
  dropped stretch collapse, so ``chief of [the] diplomacy`` gives two phrases.

Groups do not nest. Matching is case-insensitive; a space matches any run of
whitespace, an apostrophe matches straight and curly apostrophes, a hyphen any
hyphen character. ``PhraseIndex`` puts every phrase of every lexicon into one
Aho-Corasick automaton over word tokens, so a text is matched in one pass.
"""

from __future__ import annotations

import itertools
import re
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass

APOSTROPHES = "'’‘ʼ"
HYPHENS = "-‐‑"

_GROUP = re.compile(r"\{([^{}\[\]]*)\}|\[([^{}\[\]]*)\]")
_SPACES = re.compile(r"\s+")
_TOKEN = re.compile(r"\w+|[^\w\s]")
_FOLD = str.maketrans(
    {**dict.fromkeys(APOSTROPHES, "'"), **dict.fromkeys(HYPHENS, "-")},
)


class PatternError(ValueError):
    """A phrase pattern that cannot be expanded."""


def expand(pattern: str) -> list[str]:
    """Every phrase a pattern stands for, in a stable order, without duplicates."""
    pieces: list[list[str]] = []
    pos = 0
    for m in _GROUP.finditer(pattern):
        pieces.append([pattern[pos : m.start()]])
        if m.group(1) is not None:
            options = m.group(1).split(",")
            if len(options) == 1:
                # {s}: the bare form first, so a pattern's first phrase is its base form.
                options.insert(0, "")
        else:
            options = ["", m.group(2)]
        pieces.append(options)
        pos = m.end()
    pieces.append([pattern[pos:]])
    if any(ch in "{}[]" for piece in pieces for opt in piece for ch in opt):
        raise PatternError(f"unbalanced or nested group in phrase pattern {pattern!r}")
    phrases: list[str] = []
    for combo in itertools.product(*pieces):
        phrase = _SPACES.sub(" ", "".join(combo)).strip()
        if phrase and phrase not in phrases:
            phrases.append(phrase)
    if not phrases:
        raise PatternError(f"phrase pattern {pattern!r} expands to nothing")
    return phrases


def normalize(text: str) -> str:
    """The key a matched span is looked up by: lower case, one space, plain ' and -."""
    return _SPACES.sub(" ", text.translate(_FOLD)).strip().lower()


def fold_marks(text: str) -> str:
    """``text`` with apostrophes and hyphens made plain; the length is unchanged."""
    return text.translate(_FOLD)


@dataclass(frozen=True)
class PhraseMatch:
    """A phrase of the index found at ``text[start:end]``; ``key`` is its normalized form."""

    start: int
    end: int
    key: str


class PhraseIndex:
    """An Aho-Corasick automaton over word tokens: every phrase, one pass over a text.

    Phrases and texts are cut into tokens (runs of word characters, or single
    punctuation marks) and compared case-folded, so phrases always start and
    end on word boundaries. ``find`` reads the tokens of a text once and
    reports every occurrence of every phrase, overlapping ones included; a
    match must also equal its phrase character for character once whitespace
    runs are collapsed ("o'clock" does not match "o' clock"), and must not be
    glued to a neighbouring word by a hyphen or apostrophe ("related work" is
    not found in "claim-related work").
    """

    def __init__(self, phrases: Iterable[str]) -> None:
        goto: list[dict[str, int]] = [{}]
        # (key, number of tokens) of the phrases ending at each state.
        ends: list[list[tuple[str, int]]] = [[]]
        for phrase in phrases:
            key = normalize(phrase)
            tokens = _tokens(key)
            if not tokens:
                continue
            state = 0
            for token in tokens:
                nxt = goto[state].get(token)
                if nxt is None:
                    nxt = len(goto)
                    goto[state][token] = nxt
                    goto.append({})
                    ends.append([])
                state = nxt
            if (key, len(tokens)) not in ends[state]:
                ends[state].append((key, len(tokens)))
        fail = [0] * len(goto)
        queue = deque(goto[0].values())
        while queue:
            state = queue.popleft()
            for token, nxt in goto[state].items():
                queue.append(nxt)
                back = fail[state]
                while back and token not in goto[back]:
                    back = fail[back]
                fail[nxt] = goto[back].get(token, 0)
                ends[nxt].extend(ends[fail[nxt]])
        self._goto = goto
        self._fail = fail
        self._ends = [tuple(e) for e in ends]

    def __len__(self) -> int:
        return len(self._goto)

    def find(self, text: str) -> list[PhraseMatch]:
        """Every occurrence of every phrase in ``text``, by end then start position."""
        goto, fail, ends = self._goto, self._fail, self._ends
        folded = _fold_keeping_offsets(text)
        # Token strings come from C (findall); offsets are read from a second,
        # lazy scan only as far as the last match, since most texts have none.
        located = _TOKEN.finditer(folded)
        spans: list[tuple[int, int]] = []
        found: list[PhraseMatch] = []
        state = 0
        for i, token in enumerate(_TOKEN.findall(folded)):
            while state and token not in goto[state]:
                state = fail[state]
            state = goto[state].get(token, 0)
            if not ends[state]:
                continue
            spans.extend(m.span() for m in itertools.islice(located, i + 1 - len(spans)))
            end = spans[i][1]
            for key, length in ends[state]:
                start = spans[i - length + 1][0]
                if not _glued(folded, start, end) and normalize(text[start:end]) == key:
                    found.append(PhraseMatch(start, end, key))
        return found


def _glued(folded: str, start: int, end: int) -> bool:
    """Whether the span is part of a longer hyphenated or apostrophed word ("claim-related")."""
    before = folded[start - 2 : start] if start >= 2 else ""
    after = folded[end : end + 2]
    return (len(before) == 2 and before[1] in "-'" and before[0].isalnum()) or (
        len(after) == 2 and after[0] in "-'" and after[1].isalnum()
    )


def _fold_keeping_offsets(text: str) -> str:
    """``text`` lower-cased with plain apostrophes and hyphens, character for character."""
    folded = text.translate(_FOLD).lower()
    if len(folded) == len(text):
        return folded
    # A few characters lower-case to two (İ); keep those as they are.
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text.translate(_FOLD))


def _tokens(text: str) -> list[str]:
    return [m.group() for m in _TOKEN.finditer(text)]
