"""Compact phrase patterns for lexicons, and one regex that matches them all.

Lexicon authors write English surface forms with their inflections in a small
syntax, expanded here into plain phrases:

* ``{a,b,c}`` — one of the alternatives; an empty alternative makes the group
  optional: ``hold{s,ing,}`` is ``holds``, ``holding`` or ``hold``.
* ``{s}`` — shorthand for ``{s,}`` (an optional suffix).
* ``[the]`` — an optional stretch (the same as ``{the,}``); spaces around a
  dropped stretch collapse, so ``chief of [the] diplomacy`` gives two phrases.

Groups do not nest. Matching is case-insensitive; a space matches any run of
whitespace, an apostrophe matches straight and curly apostrophes, a hyphen any
hyphen character. ``compile_phrases`` builds one regex over every phrase
(prefix-factored like a trie), so a whole lexicon is matched in one pass.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable

APOSTROPHES = "'’‘ʼ"
HYPHENS = "-‐‑"

_GROUP = re.compile(r"\{([^{}\[\]]*)\}|\[([^{}\[\]]*)\]")
_SPACES = re.compile(r"\s+")
_APOSTROPHE_CLASS = "[" + re.escape(APOSTROPHES) + "]"
_HYPHEN_CLASS = "[" + re.escape(HYPHENS) + "]"
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
                options.append("")
        else:
            options = [m.group(2), ""]
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


def compile_phrases(phrases: Iterable[str]) -> re.Pattern[str]:
    """One regex finding, at every position, the longest phrase starting there.

    The phrase is captured in group 1 inside a lookahead, so matches of
    different phrases may overlap (``finditer`` visits every start position).
    Phrases must start and end at word boundaries.
    """
    trie: dict[str, dict] = {}
    for phrase in phrases:
        node = trie
        for ch in normalize(phrase):
            node = node.setdefault(ch, {})
        node[""] = {}
    if not trie:
        return re.compile(r"(?!)")
    body = _trie_regex(trie)
    return re.compile(rf"(?<!\w)(?=({body})(?!\w))", re.IGNORECASE)


def _trie_regex(node: dict[str, dict]) -> str:
    ends_here = "" in node
    branches = [_atom(ch) + _trie_regex(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    inner = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends_here:
        # Greedy, so the longest phrase wins and shorter ones are reached by backtracking.
        return inner + "?" if len(branches) == 1 and len(inner) == 1 else f"(?:{inner})?"
    return inner


def _atom(ch: str) -> str:
    if ch == " ":
        return r"\s+"
    if ch == "'":
        return _APOSTROPHE_CLASS
    if ch == "-":
        return _HYPHEN_CLASS
    return re.escape(ch)
