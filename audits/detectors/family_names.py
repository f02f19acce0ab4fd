"""Family-first names (Chinese, Korean, Vietnamese) written a second way in one article.

Machine translation renders each sentence on its own, and a name written family first
("Xi Jinping") comes out of some sentences turned round ("Jinping Xi"), with its given
name cut at a syllable ("Xi Jin Ping", as a character-by-character romanisation writes
it) or with the family name said again after it ("President Xi Jinping Xi", the source's
"Chairman Xi" folded into the full name). N301's surname comparison sees none of these:
the surname is the same, or the variant is not taken for a name at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from audits.names import NameMention

# What went wrong, as N301's evidence names it, and how the message says it.
REVERSED = "reversed"
SPLIT = "split"
DOUBLED = "doubled"
KINDS = {
    REVERSED: "writes the name given name first",
    SPLIT: "cuts the given name in two",
    DOUBLED: "repeats the family name after the full name",
}

_NAME_EDGE_BEFORE = r"(?<![\w-])"
# The article giving the other order itself: "listed by the WTA as Qinwen Zheng",
# "(Qinwen Zheng)", "also known as ...".
_NAMED_AS = re.compile(
    r"(?:\b(?:as|or|aka|a\.k\.a\.|called|named|spelt|spelled|written)|[(\"“‘'])[ \u00a0]*$",
    re.IGNORECASE,
)
# Not inside a longer run of name words: "Xi Jinping Xi Jinping Thought" stays.
_NAME_EDGE_AFTER = r"(?![\w-])(?![ \u00a0]+[A-Z])"


@dataclass(frozen=True)
class FamilyNameVariant:
    start: int
    end: int
    kind: str
    # The mention written as the article usually writes it ("Xi Jinping").
    usual: NameMention


def _pattern(surname: str, given: str) -> re.Pattern[str]:
    """The other ways of writing ``surname given``; the doubled form first, so that
    "Xi Jinping Xi" is not read as "Jinping Xi" after its first word."""
    s, g = re.escape(surname), re.escape(given)
    # Every cut of the given name into two parts of two letters or more: "Jin Ping",
    # "Jin ping"; a hyphen ("Jin-ping") is a romanisation of its own, not a cut.
    cuts = "|".join(
        f"{re.escape(given[:i])}[ \u00a0]+(?i:{re.escape(given[i:])})"
        for i in range(2, len(given) - 1)
    )
    alternatives = [
        f"(?P<{DOUBLED}>{s}[ \u00a0]+{g}[ \u00a0]+{s})",
        f"(?P<{REVERSED}>{g}[ \u00a0]+{s})",
    ]
    if cuts:
        alternatives.append(f"(?P<{SPLIT}>{s}[ \u00a0]+(?:{cuts}))")
    return re.compile(f"{_NAME_EDGE_BEFORE}(?:{'|'.join(alternatives)}){_NAME_EDGE_AFTER}")


def family_name_variants(
    text: str, mentions: Iterable[NameMention], family_first: frozenset[str]
) -> Iterator[FamilyNameVariant]:
    """Each other writing of a family-first name the article also writes in full, in
    the order it comes; the given name must be one word ("Kim Jong Un" and "Moon
    Jae-in" are written several ways in English itself)."""
    usual: dict[tuple[str, str], NameMention] = {}
    for m in mentions:
        given = m.given
        if (
            given
            and given.isalpha()
            and m.surname in family_first
            and m.surname_start == m.start
            and m.text == f"{m.surname} {given}"
        ):
            usual.setdefault((m.surname, given), m)
    found: list[FamilyNameVariant] = []
    for (surname, given), mention in usual.items():
        for v in _pattern(surname, given).finditer(text):
            kind = str(v.lastgroup)
            if kind == REVERSED and _NAMED_AS.search(text, max(0, v.start() - 12), v.start()):
                continue
            found.append(FamilyNameVariant(v.start(), v.end(), kind, mention))
    found.sort(key=lambda v: v.start)
    return iter(found)
