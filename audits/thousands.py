"""Digits grouped in thousands the continental way ("100 000", "1.000.000", "21.000").

One reading for every part that counts such groupings: rule T105 reports them and the
document features (``num.space_thousands``, ``num.dot_thousands``) count them. A
number that only looks grouped is left out of both: a phone number ("01632 960 983"),
a date and a count side by side ("April 3 410 bodies"), a page or an identifier
("page 3 410", "ABN 51 824 753 556"), a British grid reference ("NY 195 149"), a
decimal ("2.256 seconds"), a version or an IP address. The word lists live in
``audits/data/typography.toml`` under ``[thousands_separator]``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from types import MappingProxyType

from audits.datafiles import load_toml

# Neither pattern takes a group next to another group of digits: "01632 960 983" is a
# British phone number, written with no-break spaces as often as with spaces.
_GROUPED_NARROW = re.compile(
    r"(?<![\d.,\w])(?<!\d[ \u00a0\u202f\u2009])\d{1,3}(?:[\u00a0\u202f\u2009]\d{3})+"
    r"(?!\d|[.,]\d|[ \u00a0\u202f\u2009]\d)"
)
_GROUPED_SPACE = re.compile(
    r"(?<![\d.,:/\w+-])(?<!\d[ \u00a0])[1-9]\d{0,2}(?: \d{3})+(?![\w-]|[.,:/]\d| \d)"
)
_GROUPED_DOT = re.compile(r"(?<![\d.,/\w])\d{1,3}(?:\.\d{3})+(?!\d|[.,/-]\d)")
# The scales of "1.500 millones" ("1.500 million") and "1.200 miliardi".
_SCALES = frozenset(("million", "millions", "billion", "billions"))
# The source's own scale words, left untranslated: before one of them the dots are the
# source's grouping whatever digits follow ("1.500 millones de euros", "1.125 milhões"),
# since no English writer puts a decimal point before them. Only languages that group
# thousands with dots: French groups with spaces, so its "2.750 milliards" is more likely
# 2,75 with the comma turned into a point than 2,750 billion.
_SOURCE_SCALES = frozenset(("millones", "billones", "milhões", "milioni", "miliardi"))
# A number given to three places before a scale or a percent sign, which a dotted thousand
# is not: "0.750 million", "1.125 billion", "4.500%".
_THREE_PLACES = re.compile(
    r"(?<![\d.,])(?:0\.\d{3}|\d{1,3}\.\d\d[1-9])(?=[ \u00a0]?(?:million|billion)\b)"
    r"|(?<![\d.,])\d{1,3}\.\d{3}(?=[ \u00a0]?%)",
    re.IGNORECASE,
)
# Currencies a Spanish or Portuguese writer spells out after "mil" (thousand): "21.000
# mil euros", "75,9 mil reais". T104 reads its "mil" with the same list, so the two rules
# agree on which "mil" is the source's thousand and not the thousandth of an inch.
MIL_CURRENCIES = r"reais|real|euros?|d[oó]lares|dollars?|pesos?|soles|bol[ií]vares"
_MIL_CURRENCY = re.compile(rf"(?:{MIL_CURRENCIES})")
WORD_AFTER = re.compile(r"[ \u00a0\u202f]?([^\W\d_]+)")
# "ABN: 12 345 678 901" labels its number as "ABN 12 345 678 901" does.
_WORD_BEFORE = re.compile(r"([^\W\d_]+)[.:]?\s*$")
# A number in an equation or a statistic ("N = 1 024", "n = 12 480", "≈ 10 000"), or
# one with a laboratory unit's symbol after it ("spun at 10 000 g"), is grouped the SI
# way scientific English writes, whatever space it was typed with.
_EQUATION_BEFORE = re.compile(r"[=≈≃~<>≤≥±×][ \u00a0\u202f\u2009]*$")
_SYMBOL_AFTER = re.compile(r"[ \u00a0\u202f\u2009]([^\W\d_]+)\b")
# A British Ordnance Survey grid reference, "NY 195 149": one of the 100 km squares that
# hold land, then an easting and a northing of as many digits each. Capitals alone are
# no square: a headline's "ROSE TO 100 000" or "A crowd OF 250 000" is no real square, and
# the squares that are English words ("NO", "SO") need the reference named before them.
_GRID_SQUARES = frozenset(
    "HL HM HN HO HP HT HU HW HX HY HZ NA NB NC ND NF NG NH NJ NK NL NM NN NO NR NS NT NU "
    "NW NX NY NZ OV SC SD SE SH SJ SK SM SN SO SP SR SS ST SU SV SW SX SY SZ TA TF TG TL "
    "TM TQ TR TV".split()
)
_GRID_SQUARE_WORDS = frozenset({"NO", "SO"})
_GRID_SQUARE_BEFORE = re.compile(r"\b([A-Z]{2})[ \u00a0]$")
_GRID_CUE = re.compile(r"\b(?:grid\s+ref(?:erence)?|grid|GR|OS)\b[.:]?\s*\(?\s*$", re.IGNORECASE)
_GRID_DIGITS = re.compile(r"\d{3}[ \u00a0]\d{3}")
_PREV_WORD = re.compile(r"([^\W\d_]+)[^\w]*$")
_NEXT_WORD = re.compile(r"[^\w\n]*([^\W\d_]+)")


@dataclass(frozen=True)
class Grouping:
    """One number grouped in thousands, at ``text[start:end]``.

    ``kind`` is the separator: "space", "nbsp" (a no-break space), "dot", "thin" (a
    thin space), "narrow_nbsp" (a narrow no-break space) or "si" (any space in an
    equation or before a unit's symbol), the space named as T101 and T104 name it.
    "thin", "narrow_nbsp" and "si" are the SI grouping scientific English shares,
    evidence of a source only beside other marks."""

    start: int
    end: int
    kind: str


@dataclass(frozen=True)
class _Words:
    count_nouns: frozenset[str]
    precise_units: frozenset[str]
    months: frozenset[str]
    not_before: frozenset[str]


@cache
def _words() -> _Words:
    table = load_toml("typography.toml")["thousands_separator"]
    return _Words(
        count_nouns=frozenset(w.casefold() for w in table["count_nouns"]),
        precise_units=frozenset(table["precise_units"]),
        months=frozenset(w.casefold() for w in table["months"]),
        not_before=frozenset(w.casefold() for w in table["not_before"]),
    )


def word_before(text: str, start: int, reach: int = 20) -> str:
    """The word (case-folded) that ends within ``reach`` characters before ``start``,
    a colon or period after it allowed; "" when there is none."""
    m = _WORD_BEFORE.search(text[max(0, start - reach) : start])
    return m.group(1).casefold() if m else ""


def _two_numbers(text: str, start: int, words: _Words) -> bool:
    """Whether the spaced digits at ``start`` are two numbers after a word that takes
    one ("April 3 410 bodies", "page 3 410"), or a bracketed area code."""
    before = word_before(text, start)
    prefix = text[max(0, start - 2) : start]
    return before in words.months or before in words.not_before or "(" in prefix


def _grid_reference(text: str, m: re.Match[str]) -> bool:
    """Whether the spaced digits at ``m`` are an easting and a northing after an
    Ordnance Survey grid square ("NY 195 149"), as a British walk or planning notice
    gives a place."""
    if not _GRID_DIGITS.fullmatch(m.group(0)):
        return False
    square = _GRID_SQUARE_BEFORE.search(text, max(0, m.start() - 4), m.start())
    if square is None or square.group(1) not in _GRID_SQUARES:
        return False
    if square.group(1) not in _GRID_SQUARE_WORDS:
        return True
    if _GRID_CUE.search(text, max(0, square.start() - 20), square.start()):
        return True
    return _in_lower_case_prose(text, square.start(), m.end())


def _in_lower_case_prose(text: str, start: int, end: int) -> bool:
    """Whether the capitals at ``start`` stand in running prose ("The grid reference is
    SO 512 398.", "car park, SO 512 398"), not in a run of capitals ("AND SO 250 000
    PEOPLE"): the word before them has a small letter, and the word after is no capital run."""
    before = _PREV_WORD.search(text, max(0, start - 40), start)
    after = _NEXT_WORD.match(text, end, min(len(text), end + 40))
    if after is not None and after.group(1).isupper() and len(after.group(1)) > 1:
        return False
    return before is not None and not before.group(1).isupper()


def _scientific(text: str, m: re.Match[str], words: _Words) -> bool:
    """Whether the spaced digits at ``m`` stand in an equation or before a unit's
    symbol ("N = 1 024", "10 000 g"), where scientific English groups them so."""
    if _EQUATION_BEFORE.search(text, max(0, m.start() - 4), m.start()):
        return True
    after = _SYMBOL_AFTER.match(text, m.end())
    return after is not None and after.group(1) in words.precise_units


def _dot_grouped(text: str, m: re.Match[str], words: _Words) -> bool:
    """Whether the dotted digits at ``m`` are grouped thousands, not a decimal, an IP
    address or a version."""
    parts = m.group(0).split(".")
    if len(parts) == 4 and all(int(p) <= 255 for p in parts):
        return False  # an IP address
    if word_before(text, m.start()) in ("v", "version", "ver", "release"):
        return False
    if parts[0].startswith("0"):
        return False  # no grouping starts with a zero: "0.125 milioni" is a decimal
    if len(parts) > 2:
        return True
    after = WORD_AFTER.match(text, m.end())
    noun = after.group(1).casefold() if after else ""
    if noun == "mil":
        return _thousand_of_source_scale(text, after.end())
    percent = text[m.end() : m.end() + 2].lstrip(" \u00a0").startswith("%")
    # "1.000" alone is the perfect score of a rate given to three places ("a 1.000
    # fielding percentage", "a correlation of 1.000"). A measurement to three places
    # is a decimal too: "weigh 2.000 g of NaCl", "add 5.000 mL", "a 2.000 s exposure".
    measured = after is not None and after.group(1) in words.precise_units
    round_thousand = (
        parts[1] == "000" and parts[0] not in ("0", "1") and not percent and not measured
    )
    # Otherwise "2.256 seconds", "a 4.000% coupon" and "$3.999 a gallon" are English
    # decimals; a count noun after one dot group makes a count ("1.500 people").
    counted = noun in words.count_nouns or noun in _SOURCE_SCALES
    return round_thousand or counted or _thousands_of_millions(text, m.group(0), noun)


def _thousand_of_source_scale(text: str, end: int) -> bool:
    """Whether "mil" ending at ``end`` is Spanish or Portuguese "mil millones" / "mil
    milhões" (a thousand million: "2.125 mil millones" is 2,125 billion) or the thousand
    of a spelled-out currency ("21.000 mil euros"), where the dots before it are the
    source's grouping. "mil" alone is left out, whatever the digits: it is also the
    English unit, a thousandth of an inch ("a 2.000 mil coating")."""
    after = WORD_AFTER.match(text, end)
    if after is None:
        return False
    word = after.group(1).casefold()
    return word in _SOURCE_SCALES or _MIL_CURRENCY.fullmatch(word) is not None


def _thousands_of_millions(text: str, number: str, scale: str) -> bool:
    """Whether "1.500" before "million" is Spanish "1.500 millones" (1,500 million, a
    billion and a half) left as it was, not 1.5 million given to three places.

    English writes 1.5 million; two zeros after the point ("1.500", "2.300", "1.000")
    are the grouping's, unless the text gives amounts to three places ("1.125 million",
    "$0.750 million", "a 4.500% coupon", as a bond issue's notice does)."""
    if scale not in _SCALES or not number.endswith("00"):
        return False
    return not _THREE_PLACES.search(text)


def _narrow_kind(number: str) -> str:
    """The kind of a number grouped with no-break, narrow no-break or thin spaces,
    named as T101 names the space before a mark."""
    if "\u00a0" in number:
        return "nbsp"
    return "narrow_nbsp" if "\u202f" in number else "thin"


def groupings(text: str) -> Iterator[Grouping]:
    """Every number in ``text`` grouped in thousands with spaces or dots, in the
    order: narrow and no-break spaces, plain spaces, dots."""
    words = _words()
    for m in _GROUPED_NARROW.finditer(text):
        if _two_numbers(text, m.start(), words):
            continue
        kind = "si" if _scientific(text, m, words) else _narrow_kind(m.group(0))
        yield Grouping(m.start(), m.end(), kind)
    for m in _GROUPED_SPACE.finditer(text):
        if _two_numbers(text, m.start(), words) or _grid_reference(text, m):
            continue
        yield Grouping(m.start(), m.end(), "si" if _scientific(text, m, words) else "space")
    for m in _GROUPED_DOT.finditer(text):
        if _dot_grouped(text, m, words):
            yield Grouping(m.start(), m.end(), "dot")


@lru_cache(maxsize=4)
def count_groupings(text: str) -> Mapping[str, int]:
    """How many groupings of each kind ``text`` holds (kinds it lacks are absent).

    Remembered for the last few texts: the verdict's number features and each of the
    source-language hints that reads a grouping count the same document's."""
    counts: dict[str, int] = {}
    for g in groupings(text):
        counts[g.kind] = counts.get(g.kind, 0) + 1
    return MappingProxyType(counts)
