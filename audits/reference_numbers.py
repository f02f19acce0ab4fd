"""Numbers in a sentence, with every value they may stand for.

R702 asks whether a number in the hypothesis appears in the reference. Writers
disagree on format (``1,000`` / ``1000`` / ``1 000``, ``3.5`` / ``3,5``,
``5 million`` / ``5,000,000``, ``35%`` / ``35 per cent``), so each number is read
as the *set* of values it can mean and two numbers match when their sets meet.
An ambiguous ``3.500`` therefore matches both ``3500`` and ``3.5``: a missed
flag costs less than a false one on a correct translation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

_DIGITS = re.compile(
    # Not inside a number or a code such as COVID-19, CCTV-2, G7 or MH17.
    r"(?<![\w.,])(?<![^\W\d_]-)"
    r"(?P<num>"
    # Grouped: a lead of 1-3 digits, then groups of exactly three with one separator.
    r"\d{1,3}(?P<sep>[,.'’\u00a0\u202f\u2009 ])\d{3}(?:(?P=sep)\d{3})*(?:[.,]\d+)?(?!\d)"
    r"|\d+(?:[.,]\d+)?"
    # ".5 percent" is 0.5, as American English writes it. The lookbehind above keeps
    # it out of "2020.5" and off the last dot of "...5", an ellipsis, not a point.
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

# A decade: "the 1990s", "the '90s", "in his 90s", "the nineties". It carries marked
# values ("1990s"), strings no plain number has, so decades match one another but a
# "seventies" never makes a wrong 70 or 1970 elsewhere "present".
_DECADE_END = re.compile(r"['’]?s\b")
_DECADE_DIGITS = re.compile(r"\d0|\d{3}0")
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
_DECADE_WORD = re.compile(r"\b(?:" + "|".join(_DECADE_WORDS) + r")\b", re.IGNORECASE)

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

    def matches(self, others: frozenset[Decimal | str]) -> bool:
        return not self.values.isdisjoint(others)


def find_numbers(text: str) -> list[NumberMention]:
    """Every number in ``text``, digits and spelled out, in order of position."""
    found: list[NumberMention] = []
    # The offsets clock times cover, one byte each: a look-up per number, where a list
    # of spans cost a scan of every time taken, quadratic on a line of many times.
    taken = bytearray(len(text))
    for m in _TIME.finditer(text):
        hour, minute = int(m.group("h")), m.group("m")
        values: frozenset[Decimal | str] = frozenset({f"{hour}:{minute}"})
        if minute == "00":
            # "5:00 p.m." and "5 pm" are one time.
            values |= {Decimal(hour)}
        values = _with_afternoon(values, text, m.end())
        found.append(NumberMention(m.start(), m.end(), m.group(0), values))
        taken[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
    for m in _DIGITS.finditer(text):
        if taken[m.start()]:
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
        if (
            not m.group("scale")
            and _DECADE_END.match(text, end)
            and _DECADE_DIGITS.fullmatch(m.group("num"))
        ):
            # Its own number stays: "50s" is also fifty seconds, and "1990s" was 1990.
            values |= _decade_marks(m.group("num"))
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
    for m in _DECADE_WORD.finditer(text):
        marks = _decade_marks(str(_DECADE_WORDS[m.group(0).lower()]))
        found.append(NumberMention(m.start(), m.end(), m.group(0), marks, spelled=True))
    return sorted(found, key=lambda n: (n.start, n.end))


def _decade_marks(digits: str) -> frozenset[Decimal | str]:
    """ "1990s" is one decade; "90s" the 1990s or an age ("in his 90s"), and "20s" the
    2020s too. No text means the 2090s."""
    if len(digits) == 4:
        return frozenset({f"{digits}s"})
    marks: set[Decimal | str] = {f"{digits}s", f"19{digits}s"}
    if int(digits) <= 20:
        marks.add(f"20{digits}s")
    return frozenset(marks)


def all_values(mentions: list[NumberMention]) -> frozenset[Decimal | str]:
    out: set[Decimal | str] = set()
    for mention in mentions:
        out |= mention.values
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
        if isinstance(value, str) and ":" in value:
            hour, minute = value.split(":")
            if 1 <= int(hour) <= 11:
                later.add(f"{int(hour) + 12}:{minute}")
        elif isinstance(value, Decimal) and value == value.to_integral() and 1 <= value <= 11:
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
