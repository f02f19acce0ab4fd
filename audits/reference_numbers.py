"""Numbers in a sentence, with every value they may stand for.

R702 asks whether a number in the hypothesis appears in the reference. Writers
disagree on format (``1,000`` / ``1000`` / ``1 000``, ``3.5`` / ``3,5``,
``5 million`` / ``5,000,000``, ``35%`` / ``35 per cent``), so each number is read
as the *set* of values it can mean and two numbers match when their sets meet.
An ambiguous ``3.500`` therefore matches both ``3500`` and ``3.5``: a missed
flag costs less than a false one on a correct translation. Dates are read by
``reference_dates``; fractions (``3/4``, ``¾``, ``three quarters``) and decades
(``1990s``, ``'90s``, ``nineties``) here.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from audits.reference_dates import either_order, find_dates

_DIGITS = re.compile(
    # Not inside a number or a code such as COVID-19, CCTV-2, G7 or MH17.
    r"(?<![\w.,])(?<![^\W\d_]-)"
    r"(?P<num>"
    # Grouped: a lead of 1-3 digits, then groups of exactly three with one separator.
    r"\d{1,3}(?P<sep>[,.'’\u00a0\u202f\u2009 ])\d{3}(?:(?P=sep)\d{3})*(?:[.,]\d+)?(?!\d)"
    r"|\d+(?:[.,]\d+)?"
    # ".5 percent" is 0.5, as American English writes it; never "2020.5" (see above).
    r"|\.\d+"
    r")"
    r"(?:\s?(?P<scale>thousand|million|billion|trillion|bn|mn|tn|m|k)\b)?",
    re.IGNORECASE,
)

_WORD_VALUES = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "dozen": 12,
}

_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_UNITS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")

_UNIT_ORDINALS = (
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
)

_ORDINAL_VALUES = {
    **{word: i + 1 for i, word in enumerate(_UNIT_ORDINALS)},
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
    "thirtieth": 30,
    "fortieth": 40,
    "fiftieth": 50,
    "sixtieth": 60,
    "seventieth": 70,
    "eightieth": 80,
    "ninetieth": 90,
    "hundredth": 100,
    "thousandth": 1000,
    "millionth": 10**6,
    "billionth": 10**9,
}

_WORDS = re.compile(
    r"\b(?:(?P<tens>"
    + "|".join(_TENS)
    + r")[-\s](?P<unit>"
    + "|".join((*_UNITS, *_UNIT_ORDINALS))
    + r")"
    r"|(?P<num>" + "|".join((*_WORD_VALUES, *_ORDINAL_VALUES)) + r")"
    # "a million" is one million; "a" before anything else is no number.
    r"|(?P<one>an?)(?=\s(?:hundred|thousand|million|billion|trillion)\b))\b"
    r"(?:\s(?P<scale>hundred|thousand|million|billion|trillion)\b)?",
    re.IGNORECASE,
)

# A clock time: "5:00", "17:30", and MT's "12: 00".
_TIME = re.compile(r"(?<![\w.,:])(?P<h>\d{1,2}):\s?(?P<m>[0-5]\d)(?![\d:])")

# A clock time with a dot, as British English writes it: "9.30", "17.45".
_DOTTED_TIME = re.compile(r"(?P<h>[01]?\d|2[0-3])\.(?P<m>[0-5]\d)")

# "p.m." after a time: "5 pm", "5:30 p.m.", "5.30PM". An upper-case "PM" is read so too,
# though "2 PM candidates" means prime ministers: the words around cannot tell the two
# apart, and "Polls close 8 PM Tuesday" is the common case.
_PM = re.compile(r"\s?p\.?\s?m\b\.?", re.IGNORECASE)

# A percentage is never a clock time: the 3.45 of "stood at 3.45 %" is no 3:45.
_PERCENT = re.compile(r"\s?(?:%|per\s?cent\b|percent\b)", re.IGNORECASE)

# A decade with two digits, "the '90s" or "the 90s": the 1990s, the 2090s or ages
# 90 to 99; each reading is kept, as "in their nineties" is.
_DECADE_END = re.compile(r"['’]?s\b")

_DECADE_WORDS = {
    "twenties": 20,
    "thirties": 30,
    "forties": 40,
    "fifties": 50,
    "sixties": 60,
    "seventies": 70,
    "eighties": 80,
    "nineties": 90,
}

# "3/4", "1/2": a fraction when proper with a small denominator ("2020/21", "24/7" and
# "50/50" are not), and also a day ("on 3/4", "9/11"): either reading matches.
_SLASHED = re.compile(r"(?<![\w.,/-])(?P<a>\d{1,2})/(?P<b>\d{1,2})(?!\w|[.,/-]\d)")
_LARGEST_DENOMINATOR = 10

# "½", "1½", "2 ¾": the vulgar fractions Unicode has, their values read from it.
_VULGAR_CHARS = "½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅐⅛⅜⅝⅞⅑⅒"
# The whole part has at most three digits: the 2022 of "in 2022 ½ of them" is a year.
_VULGAR = re.compile(rf"(?<![\w.,])(?:(?P<whole>\d{{1,3}})\s?)?(?P<frac>[{_VULGAR_CHARS}])")

_DENOMINATOR_WORDS = {
    "half": 2,
    "halves": 2,
    "third": 3,
    "thirds": 3,
    "quarter": 4,
    "quarters": 4,
    "fourth": 4,
    "fourths": 4,
    "fifth": 5,
    "fifths": 5,
    "sixth": 6,
    "sixths": 6,
    "seventh": 7,
    "sevenths": 7,
    "eighth": 8,
    "eighths": 8,
    "ninth": 9,
    "ninths": 9,
    "tenth": 10,
    "tenths": 10,
}

# "half", "a third", "two-thirds", "three quarters". Spelled, so they only confirm a
# match: "a third term" is an ordinal, "the first half" no number at all.
_FRACTION_WORDS = re.compile(
    r"\b(?:(?P<count>an?|one|two|three|four|five|six|seven|eight|nine)[-\s])?"
    r"(?P<denominator>" + "|".join(_DENOMINATOR_WORDS) + r")\b",
    re.IGNORECASE,
)

_SCALES = {
    "hundred": 10**2,
    "thousand": 10**3,
    "k": 10**3,
    "million": 10**6,
    "m": 10**6,
    "mn": 10**6,
    "billion": 10**9,
    "bn": 10**9,
    "trillion": 10**12,
    "tn": 10**12,
}


@dataclass(frozen=True)
class NumberMention:
    """A number as written, where it is, and every value it may mean."""

    start: int
    end: int
    text: str
    # Decimals, and "H:MM" strings for clock times.
    values: frozenset[Decimal | str]
    # Spelled out ("two"): such mentions only ever confirm a match, never get flagged,
    # because "one" is as often a pronoun as a number.
    spelled: bool = False
    # The plain numbers written inside a fraction or a day ("7/10", "4 March"): the
    # mention also matches a side that has all of them ("7 out of 10", "four"), and
    # they count among its side's numbers. A numeric date has none: the 3 of 3/4/2022
    # is no 3 of anything else.
    parts: frozenset[Decimal] = frozenset()

    def matches(self, others: frozenset[Decimal | str]) -> bool:
        if self.parts and self.parts <= others:
            return True
        return not self.values.isdisjoint(others)


def find_numbers(text: str) -> list[NumberMention]:
    """Every number in ``text``, digits and spelled out, in order of position."""
    found: list[NumberMention] = []
    taken: list[tuple[int, int]] = []
    for part in find_dates(text):
        values: frozenset[Decimal | str] = frozenset(part.days) | frozenset(
            Decimal(y) for y in part.years
        )
        written = text[part.start : part.end]
        day = frozenset(Decimal(d) for d in part.spelled_day)
        found.append(NumberMention(part.start, part.end, written, values, parts=day))
        taken.append((part.start, part.end))
    for m in _SLASHED.finditer(text):
        if _overlaps(m.start(), m.end(), taken):
            continue
        a, b = int(m["a"]), int(m["b"])
        if values := _slashed_values(a, b):
            parts = frozenset({Decimal(a), Decimal(b)})
            found.append(NumberMention(m.start(), m.end(), m.group(0), values, parts=parts))
            taken.append((m.start(), m.end()))
    for m in _VULGAR.finditer(text):
        if _overlaps(m.start(), m.end(), taken):
            continue
        value = _vulgar_value(m["frac"]) + Decimal(m["whole"] or 0)
        found.append(NumberMention(m.start(), m.end(), m.group(0), frozenset({_canonical(value)})))
        taken.append((m.start(), m.end()))
    for m in _TIME.finditer(text):
        if _overlaps(m.start(), m.end(), taken):
            continue
        hour, minute = int(m.group("h")), m.group("m")
        values = frozenset({f"{hour}:{minute}"})
        if minute == "00":
            # "5:00 p.m." and "5 pm" are one time.
            values |= {Decimal(hour)}
        values = _with_afternoon(values, text, m.end())
        found.append(NumberMention(m.start(), m.end(), m.group(0), values))
        taken.append((m.start(), m.end()))
    for m in _DIGITS.finditer(text):
        if _overlaps(m.start(), m.end("num"), taken):
            continue
        values = _digit_values(m.group("num"), m.group("sep"))
        if not values:
            continue
        values = _with_scale(values, m.group("scale"))
        end = m.end() if m.group("scale") else m.end("num")
        if (
            not m.group("scale")
            and not _PERCENT.match(text, end)
            and (clock := _DOTTED_TIME.fullmatch(m.group("num")))
        ):
            # "9.30" is British for 9:30 as well as a decimal: it may mean either.
            values |= {f"{int(clock['h'])}:{clock['m']}"}
        if _DECADE_END.match(text, end) and re.fullmatch(r"\d0", m.group("num")):
            values |= _decade_years(int(m.group("num")))
        values = _with_afternoon(values, text, end)
        found.append(NumberMention(m.start(), end, text[m.start() : end], values))
    for m in _WORDS.finditer(text):
        if m.group("tens"):
            unit = m.group("unit").lower()
            ones = _UNITS.index(unit) if unit in _UNITS else _UNIT_ORDINALS.index(unit)
            number = _WORD_VALUES[m.group("tens").lower()] + ones + 1
        elif m.group("one"):
            # "a million" is only one million: nobody writes "a" in a table cell for 1,
            # so unlike "5 million" it keeps no bare value to match a plain "1".
            scaled = _canonical(Decimal(_SCALES[m.group("scale").lower()]))
            found.append(
                NumberMention(m.start(), m.end(), m.group(0), frozenset({scaled}), spelled=True)
            )
            continue
        else:
            word = m.group("num").lower()
            # Not ``get(word) or``: "zero" is 0, which is falsy.
            number = _WORD_VALUES[word] if word in _WORD_VALUES else _ORDINAL_VALUES[word]
        values = _with_scale(frozenset({Decimal(number)}), m.group("scale"))
        found.append(NumberMention(m.start(), m.end(), m.group(0), values, spelled=True))
    found.extend(_spelled_fractions_and_decades(text))
    return sorted(found, key=lambda n: (n.start, n.end))


def _spelled_fractions_and_decades(text: str) -> list[NumberMention]:
    found: list[NumberMention] = []
    for m in _FRACTION_WORDS.finditer(text):
        count = (m["count"] or "one").lower()
        numerator = 1 if count in ("a", "an") else _WORD_VALUES[count]
        denominator = _DENOMINATOR_WORDS[m["denominator"].lower()]
        values = frozenset({_fraction(numerator, denominator)})
        found.append(NumberMention(m.start(), m.end(), m.group(0), values, spelled=True))
    for m in re.finditer(r"\b(?:" + "|".join(_DECADE_WORDS) + r")\b", text, re.IGNORECASE):
        tens = _DECADE_WORDS[m.group(0).lower()]
        values = frozenset({Decimal(tens)}) | _decade_years(tens)
        found.append(NumberMention(m.start(), m.end(), m.group(0), values, spelled=True))
    return found


def _overlaps(start: int, end: int, taken: list[tuple[int, int]]) -> bool:
    return any(start < b and a < end for a, b in taken)


def _slashed_values(a: int, b: int) -> frozenset[Decimal | str]:
    """The fraction and the days "a/b" may be; empty when it is neither ("50/50"),
    which is then read as two numbers."""
    days: frozenset[Decimal | str] = frozenset(either_order(a, b))
    if 1 <= a < b <= _LARGEST_DENOMINATOR:
        return days | {_fraction(a, b)}
    return days


def _fraction(numerator: int, denominator: int) -> Decimal:
    # One division for every spelling, so "1/3", "⅓" and "a third" carry one value.
    return _canonical(Decimal(numerator) / Decimal(denominator))


def _vulgar_value(char: str) -> Decimal:
    """Unicode decomposes "⅜" as 3, FRACTION SLASH, 8: its value without a table."""
    codes = unicodedata.decomposition(char).split()[1:]
    slash = codes.index("2044")
    numerator = int("".join(chr(int(c, 16)) for c in codes[:slash]))
    denominator = int("".join(chr(int(c, 16)) for c in codes[slash + 1 :]))
    return _fraction(numerator, denominator)


def _decade_years(tens: int) -> frozenset[Decimal | str]:
    return frozenset({Decimal(1900 + tens), Decimal(2000 + tens)})


def all_values(mentions: list[NumberMention]) -> frozenset[Decimal | str]:
    out: set[Decimal | str] = set()
    for mention in mentions:
        out |= mention.values | mention.parts
    return frozenset(out)


def _with_afternoon(
    values: frozenset[Decimal | str], text: str, end: int
) -> frozenset[Decimal | str]:
    """A time followed by "p.m." also means the 24-hour clock's hour: "5:30 p.m." is
    17:30 and "5 pm" is 17, as a reference may write them."""
    if not _PM.match(text, end):
        return values
    later: set[Decimal | str] = set()
    for value in values:
        if isinstance(value, str):
            hour, minute = value.split(":")
            if 1 <= int(hour) <= 11:
                later.add(f"{int(hour) + 12}:{minute}")
        elif value == value.to_integral() and 1 <= value <= 11:
            later.add(Decimal(int(value) + 12))
    return values | later


def _with_scale(values: frozenset[Decimal], scale: str | None) -> frozenset[Decimal | str]:
    """``5 million`` may be compared with ``5`` (a table) or ``5,000,000``: keep both."""
    if not scale:
        return frozenset(values)
    factor = _SCALES[scale.lower()]
    return frozenset(values) | frozenset(_canonical(v * factor) for v in values)


def _digit_values(raw: str, group_sep: str | None) -> frozenset[Decimal]:
    if group_sep:
        body = raw
        decimal_part = ""
        # A final [.,] part that uses the other mark is the decimal part: 1,234.5 / 1.234,5.
        last = max(body.rfind("."), body.rfind(","))
        if last > 0 and body[last] != group_sep and body[last] in ".,":
            body, decimal_part = body[:last], body[last + 1 :]
        digits = "".join(ch for ch in body if ch.isdigit())
        values = {_parse(digits + ("." + decimal_part if decimal_part else ""))}
        groups = body.count(group_sep)
        if group_sep in ".," and groups == 1 and not decimal_part:
            # "1,000" and "3.500" are thousands in English, decimals elsewhere.
            values.add(_parse(body.replace(group_sep, ".")))
        return frozenset(v for v in values if v is not None)
    value = _parse(raw.replace(",", "."))
    return frozenset({value}) if value is not None else frozenset()


def _parse(text: str) -> Decimal | None:
    try:
        return _canonical(Decimal(text))
    except InvalidOperation:
        return None


def _canonical(value: Decimal) -> Decimal:
    """3.50 and 3.5, 1E+3 and 1000 compare equal and hash alike."""
    normal = value.normalize()
    return normal.quantize(Decimal(1)) if normal == normal.to_integral() else normal
