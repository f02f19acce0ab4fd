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
from collections import Counter
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

# The article giving the other order itself, just before it ("listed by the WTA as
# Qinwen Zheng", "also known as ...", "aka"): a verb of naming, perhaps with its agent.
# A bare "called" or "named" is news English ("Biden called Jinping Xi", "named Jinping
# Xi the winner"): one names a spelling after a copula, "also" or a comma, or before a
# quote; "listed ... as" only with who lists it between ("listed by the WTA as"), as
# "China listed its demands as Jinping Xi arrived" is no naming.
_NAMING = r"(?:called|named|spelt|spelled|written)"
_NAMED_AS = re.compile(
    r"(?:\b(?:aka|a\.k\.a\.)[ \u00a0]*[\"“‘']?"
    rf"|(?:,|\b(?:also|is|was|are|were|be|been|being|often|sometimes|commonly|usually))"
    rf"[ \u00a0]+{_NAMING}[ \u00a0]*[\"“‘']?"
    rf"|\b{_NAMING}[ \u00a0]*[\"“‘']"
    r"|\b(?:known|listed|named|spelt|spelled|written|registered|styled|billed|credited)"
    r"(?:[ \u00a0]+(?:by|in|on|at|to)(?:[ \u00a0]+[\w.’'-]+){0,3}?)?"
    r"[ \u00a0]+as[ \u00a0]*[\"“‘']?)$",
    re.IGNORECASE,
)
# A bare "as" or "or" explains only right after the other order ("Zheng Qinwen, or
# Qinwen Zheng"): "As Jinping Xi said", "leaders such as Jinping Xi" and "Biden or
# Jinping Xi" are how machine translation goes on.
_OR_AS_BEFORE = re.compile(r"[ \u00a0]*,?[ \u00a0]*\b(?:or|as)[ \u00a0]*[\"“‘']?$", re.IGNORECASE)
# A bracket or quote opens an explanation only right after the other order: "Zheng
# Qinwen (Qinwen Zheng)", not "(Jinping Xi said ...)".
_BRACKET_BEFORE = re.compile(r"[ \u00a0]*[(\"“‘'][ \u00a0]*$")
# ... or just after it, where the explanation must itself give the other order
# ("Qinwen Zheng (Zheng Qinwen)", "Qinwen Zheng, or Zheng Qinwen") or say who writes it
# so ("Qinwen Zheng, as the WTA lists her"). A bare "(", "'s" or "also" after the name
# is how machine translation goes on ("Jinping Xi (Xinhua)", "Jinping Xi's remarks").
_OTHER_ORDER_AFTER = re.compile(
    r"[ \u00a0]*(?:,[ \u00a0]*)?(?:\(|\b(?:or|aka|a\.k\.a\.|(?:also[ \u00a0]+)?known[ \u00a0]+as"
    r"|(?:also[ \u00a0]+)?(?:written|spelt|spelled)(?:[ \u00a0]+as)?)\b)[ \u00a0]*[\"“‘']?",
    re.IGNORECASE,
)
_AS_WRITTEN_AFTER = re.compile(
    r"[ \u00a0]*[,(]?[ \u00a0]*as[ \u00a0]+(?:[\w.’'-]+[ \u00a0]+){0,4}?"
    r"(?:lists?|listed|calls?|called|spells?|spelt|spelled|writes?|wrote|written|names?|named)\b",
    re.IGNORECASE,
)
# A name word: whole, not part of a hyphenated word ("Jin-ping" is a romanisation of
# its own, not a cut).
_WORD = re.compile(r"[\w-]+")
_GAP = re.compile(r"[ \u00a0]+")
# Not inside a longer run of name words: "Xi Jinping Xi Jinping Thought" stays.
_RUN_GOES_ON = re.compile(r"[ \u00a0]+[A-Z]")


@dataclass(frozen=True)
class FamilyNameVariant:
    start: int
    end: int
    kind: str
    # The mention written as the article usually writes it ("Xi Jinping").
    usual: NameMention


@dataclass
class _Words:
    """The text's words with their offsets, and whether each is followed by a gap of
    spaces only (the words of one name)."""

    text: str
    spans: list[tuple[int, int]]

    def word(self, i: int) -> str | None:
        if i >= len(self.spans):
            return None
        a, b = self.spans[i]
        word = self.text[a:b]
        return word if "-" not in word else None

    def joined(self, i: int) -> bool:
        """Word i and word i + 1 are separated by spaces only."""
        if i + 1 >= len(self.spans):
            return False
        return _GAP.fullmatch(self.text, self.spans[i][1], self.spans[i + 1][0]) is not None

    def ends_run(self, i: int) -> bool:
        return _RUN_GOES_ON.match(self.text, self.spans[i][1]) is None


def _named_next_to(text: str, start: int, end: int, usual: str) -> bool:
    if _NAMED_AS.search(text, max(0, start - 60), start) or _AS_WRITTEN_AFTER.match(text, end):
        return True
    or_as = _OR_AS_BEFORE.search(text, max(0, start - 8), start)
    if or_as and text.endswith(usual, 0, or_as.start()):
        return True
    bracket = _BRACKET_BEFORE.search(text, max(0, start - 4), start)
    if bracket and text.endswith(usual, 0, bracket.start()):
        return True
    other = _OTHER_ORDER_AFTER.match(text, end)
    return other is not None and text.startswith(usual, other.end())


def family_name_variants(
    text: str, mentions: Iterable[NameMention], family_first: frozenset[str]
) -> Iterator[FamilyNameVariant]:
    """Each other writing of a family-first name the article also writes in full, in
    the order it comes; the given name must be one word ("Kim Jong Un" and "Moon
    Jae-in" are written several ways in English itself).

    The order turned round is also how English itself writes many athletes and authors
    ("Qinwen Zheng", "Yuna Kim"), so it is reported only as the rarer writing of the
    two, or as often as the full form where that comes first; an explanation beside a
    turned-round mention ("Qinwen Zheng, as the WTA lists her") clears it and the ones
    after it.

    One pass over the text's words with dict look-ups: a roster of thousands of names
    costs what one name does per word, not one scan of the text per name."""
    # Each full form's first mention in the text, and how often it is written.
    usual: dict[tuple[str, str], NameMention] = {}
    usual_count: Counter[tuple[str, str]] = Counter()
    for m in mentions:
        given = m.given
        if (
            given
            and given.isalpha()
            and m.surname in family_first
            and m.surname_start == m.start
            and m.text == f"{m.surname} {given}"
        ):
            key = (m.surname, given)
            if key not in usual or m.start < usual[key].start:
                usual[key] = m
            usual_count[key] += 1
    if not usual:
        return iter(())
    # Every cut of a given name into two parts of two letters or more, the second in
    # any case: "Jin Ping", "Jin ping".
    cuts: dict[tuple[str, str, str], tuple[str, str]] = {}
    for surname, given in usual:
        for i in range(2, len(given) - 1):
            cuts.setdefault((surname, given[:i], given[i:].lower()), (surname, given))
    words = _Words(text, [(w.start(), w.end()) for w in _WORD.finditer(text)])
    found: list[FamilyNameVariant] = []
    unexplained: dict[tuple[str, str], list[FamilyNameVariant]] = {}
    reversed_count: Counter[tuple[str, str]] = Counter()
    reversed_first: dict[tuple[str, str], int] = {}
    explained: set[tuple[str, str]] = set()
    i = 0
    while i < len(words.spans):
        w0, w1, w2 = words.word(i), words.word(i + 1), words.word(i + 2)
        step = 1
        if w0 is not None and w1 is not None and words.joined(i):
            start = words.spans[i][0]
            three = w2 is not None and words.joined(i + 1) and words.ends_run(i + 2)
            # The doubled form first, so that "Xi Jinping Xi" is not read as "Jinping Xi"
            # after its first word.
            if three and w2 == w0 and (w0, w1) in usual:
                found.append(
                    FamilyNameVariant(start, words.spans[i + 2][1], DOUBLED, usual[(w0, w1)])
                )
                step = 3
            elif (w1, w0) in usual and words.ends_run(i + 1):
                key = (w1, w0)
                end = words.spans[i + 1][1]
                variant = FamilyNameVariant(start, end, REVERSED, usual[key])
                if _named_next_to(text, start, end, f"{key[0]} {key[1]}"):
                    explained.add(key)
                if key not in explained:
                    # Cleared from the explained mention on, not before it.
                    unexplained.setdefault(key, []).append(variant)
                reversed_count[key] += 1
                reversed_first.setdefault(key, start)
                step = 2
            elif three and w2 is not None and (w0, w1, w2.lower()) in cuts:
                key = cuts[(w0, w1, w2.lower())]
                found.append(FamilyNameVariant(start, words.spans[i + 2][1], SPLIT, usual[key]))
                step = 3
        i += step
    for key, variants in unexplained.items():
        rarer = reversed_count[key] < usual_count[key]
        tied_after = (
            reversed_count[key] == usual_count[key] and usual[key].start < reversed_first[key]
        )
        if rarer or tied_after:
            found.extend(variants)
    found.sort(key=lambda v: v.start)
    return iter(found)
