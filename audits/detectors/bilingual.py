"""Bilingual texts: a sentence in another language whose English version stands beside it.

A Canadian city's notice, a bilingual sign's transcript or a product leaflet gives each
line twice, in English and in French: the French is translated, not left untranslated,
and reporting it as L401 residue (and a verdict of machine translation on its strength)
would wrong an English original. A machine translation leaves a sentence in its source
language alone, with no English twin beside it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from audits.document import Sentence

# Names and numbers: what a sentence and its translation share ("Saint-Denis",
# "Sherbrooke", "311"). The first word is left out, as every sentence capitalises it.
_ANCHOR = re.compile(r"\d+(?:[.,:]\d+)*|[^\W\d_][\w'’-]*")
_LETTER = re.compile(r"[^\W\d_]")
# A translation's length against its original's: French and Spanish run about a fifth
# longer than English, German a tenth; twice or half as long is another sentence.
_LENGTH_RATIO = (0.6, 1.8)
# How much of the smaller set of names and numbers the twins must share.
_SHARED = 0.5


def bilingual_twins(text: str, sentences: Sequence[Sentence], foreign: set[int]) -> set[int]:
    """The indices in ``foreign`` (sentences in another language) whose English version
    is the sentence right before or after: one that shares their names and numbers, is
    about as long, and makes up whole lines with them (a notice's line and its
    translation on the next line, or both on one line). Where one such pair is anchored
    by shared names or numbers, the text is bilingual, and a pair with no names or
    numbers on either side ("Thank you for your patience. Merci de votre patience.")
    counts too."""
    anchored: set[int] = set()
    plain: set[int] = set()
    for i in sorted(foreign):
        for j in (i - 1, i + 1):
            if not 0 <= j < len(sentences) or j in foreign:
                continue
            first, second = sorted((sentences[i], sentences[j]), key=lambda s: s.start)
            if not _whole_lines(text, first.start, second.end) or not _alike_in_length(
                sentences[i].text, sentences[j].text
            ):
                continue
            mine, theirs = _anchors(sentences[i].text), _anchors(sentences[j].text)
            if not mine and not theirs:
                plain.add(i)
            elif _share(mine, theirs):
                anchored.add(i)
    return anchored | plain if anchored else set()


def _anchors(sentence: str) -> set[str]:
    tokens = _ANCHOR.findall(sentence)[1:]
    return {
        re.sub(r"\D", "", t) if t[0].isdigit() else t.rstrip("'’-")
        for t in tokens
        if t[0].isdigit() or t[0].isupper()
    }


def _share(mine: set[str], theirs: set[str]) -> bool:
    shared = len(mine & theirs)
    return shared > 0 and shared >= _SHARED * min(len(mine), len(theirs))


def _alike_in_length(foreign: str, english: str) -> bool:
    ratio = len(_LETTER.findall(foreign)) / max(1, len(_LETTER.findall(english)))
    return _LENGTH_RATIO[0] <= ratio <= _LENGTH_RATIO[1]


def _whole_lines(text: str, start: int, end: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    after = text[end:] if line_end < 0 else text[end:line_end]
    return not text[line_start:start].strip() and not after.strip()
