"""The words of a text that read as names by their capital: capitalised words that do
not open a sentence or a line, where English capitalises every word.

A rough count for weighing one kind of name against the others (the letters of a
language the source-language classifier never learnt, in ``audits.verdict``), not a
name finder (``audits.names`` is one): it needs no word list beyond the few capitalised
words English writes mid-sentence that name nobody and nowhere (``I``, days, months,
titles), so a report padded with plain sentences ("The city said ... It added ...")
has as many names as without them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

WORD = re.compile(r"[^\W\d_]+")
# Capitalised in the middle of an English sentence but no name of a person or place.
NOT_NAMES = frozenset(
    "I Mr Mrs Ms Dr Prof St Monday Tuesday Wednesday Thursday Friday Saturday Sunday "
    "January February March April May June July August September October November "
    "December".split()
)
# What may stand between a sentence's end (or a line's start) and its first word:
# quotes, brackets, dashes and list bullets.
_OPENING = frozenset(" \t\"'“”‘’«»„‚([{*-–—•·")
_SENTENCE_END = frozenset(".!?:;…")
# A full stop after these is an abbreviation's ("Mr. Scholz", "U.S. Senate"), not a
# sentence's end.
_ABBREVIATION = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|St|Gen|Sen|Rep|Gov|Lt|Col|Capt)|\b[A-Z])$")


def opens_sentence(text: str, start: int) -> bool:
    """Whether the word at ``start`` is the first of its sentence or line."""
    i = start
    while i > 0 and text[i - 1] in _OPENING:
        i -= 1
    if i == 0 or text[i - 1] in "\n\r":
        return True
    if text[i - 1] not in _SENTENCE_END:
        # After a word, or joined to one by a hyphen or quote ("Hennig-Kloska").
        return False
    return text[i - 1] != "." or not _ABBREVIATION.search(text, 0, i - 1)


def capitalised_words(text: str) -> Iterator[tuple[str, bool]]:
    """Each word of ``text`` that starts with a capital letter, and whether it reads as
    a name by its capital alone: it opens no sentence or line and is none of
    ``NOT_NAMES``."""
    for m in WORD.finditer(text):
        word = m.group()
        if word[0].isupper():
            yield word, word not in NOT_NAMES and not opens_sentence(text, m.start())
