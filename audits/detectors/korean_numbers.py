"""Korean numbers and dates left in English text, which T110 reports.

A translation engine that renders a Korean sentence in English often keeps its
numbers as Korean writes them: the date "2024년 3월 4일" (year, month, day), the
time "오후 3시" (3 p.m.), a count in ten thousands "10만 명" (100,000 people) or an
amount in hundred millions "1,000억 원" (100 billion won). No English writer types
these; inside a run of Korean text they are a quotation's, L402's to judge.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction

from audits.detectors.character_names import named_characters
from audits.detectors.cjk_amounts import exact, whole
from audits.detectors.cjk_dates import english_date

_HANGUL = "\uac00-\ud7af\u1100-\u11ff\u3130-\u318f"
_HANGUL_CHAR = re.compile(f"[{_HANGUL}]")
_NUMBER = r"\d+(?:,\d{3})*(?:\.\d+)?"
# One group of an amount: a number and its scales, thousands, hundreds or tens (천, 백,
# 십) of ten thousands, hundred millions or trillions (만, 억, 조): "3천만" is 30,000,000,
# "8십만" 800,000.
_GROUP = rf"{_NUMBER} ?(?:[천백십][만억조]?|[만억조])"
# Each shape ends in a Hangul counter, so a bare number is never taken; a space may
# stand between a number and its counter ("10만 명"), never more than one. An amount
# is a run of groups, largest first ("1조 2,000억 원", "1억5000만원"), which may end in
# a number of won or people ("3억 5,000원"). ASCII digits only: "１０" is T110's
# full-width typing, "٣" T111's Arabic digit.
KOREAN_NUMBER = re.compile(
    rf"(?<![{_HANGUL}\d.,])(?:"
    # A date: year, month and day, or any run of them in that order.
    r"(?P<year>\d{4})년(?: ?(?P<ym>\d{1,2})월(?: ?(?P<ymd>\d{1,2})일)?)?"
    # MT may put the year last, as English does: "3월 2024년" is March 2024, and
    # "3월 5일, 2024년", with English's comma, March 5, 2024; not a year that
    # begins a date of its own ("2월 30일, 2023년 2월 29일").
    r"|(?P<month>\d{1,2})월(?: ?(?P<day>\d{1,2})일)?"
    r"(?:(?P<comma>,)? ?(?P<my>\d{4})년(?! ?\d{1,2}월))?"
    # A time: morning or afternoon, hours and minutes.
    r"|(?:(?P<half>오전|오후) ?)?(?P<hour>\d{1,2})시(?: ?(?P<minute>\d{1,2})분)?"
    # A count or amount with Korean scales, in won or people.
    rf"|(?P<amount>(?:{_GROUP} ?)*(?:{_GROUP}|{_NUMBER} ?(?=[원명])))(?: ?(?P<unit>[원명]))?"
    rf")(?![{_HANGUL}\d])",
    re.ASCII,
)
_AMOUNT_PART = re.compile(rf"({_NUMBER}) ?([천백십]?)([만억조]?)", re.ASCII)
_SMALL_SCALES = {"천": 1_000, "백": 100, "십": 10, "": 1}
_LARGE_SCALES = {"조": 10**12, "억": 100_000_000, "만": 10_000, "": 1}
_UNITS = {"원": "won", "명": "people"}
# How far to look past spaces for the Korean text a number may belong to.
_NEIGHBOUR_CHARS = 3
# Quotation marks and their partners, and how far a quoted title may run.
_QUOTES = {'"': '"', "'": "'", "\u201c": "\u201d", "\u2018": "\u2019", "\u00ab": "\u00bb"}
_QUOTE_CHARS = 80
_LATIN = re.compile("[A-Za-z]")
# A number and a dash of any kind before a Korean number: it may end a range whose first
# end was not read, so it gets no suggestion ("1~3월", "Day 1 - 5만 명").
_RANGE_END = re.compile(r"\d ?[~\-\u2013\u2014\u223c\uff5e] ?$")
# A range's dash, whose first end the last end's counters scale too ("10~20만 원" is
# 100,000 to 200,000 won): a tilde, spaced or not, or a hyphen or en dash right between
# digits ("10-20만"); a spaced hyphen or an em dash parts list items or clauses ("Day 1
# - 5만 명", "In 2023 — 10만 명").
_RANGE_DASH = r"(?: ?[~\u223c\uff5e] ?|(?<=\d)[\-\u2013])"
# The whole first end, plain ("10~") or with scales of its own ("3천~", "5만~").
_RANGE_START = re.compile(
    rf"(?<![{_HANGUL}\d.,])(?P<first>(?:{_GROUP} ?)*(?:{_GROUP}|{_NUMBER})){_RANGE_DASH}$",
    re.ASCII,
)
# How far before a Korean number its range's first end may begin.
_RANGE_CHARS = 40
# A range of months, "3~4월" (March to April), maybe after its year ("2024년 3~4월"):
# the first end a bare month, not part of a longer number or word ("Q1~3월").
_MONTH_RANGE_START = re.compile(
    rf"(?<![A-Za-z{_HANGUL}\d.,])(?:(?P<year>\d{{4}})년 ?)?(?P<first>\d{{1,2}}){_RANGE_DASH}$",
    re.ASCII,
)
# An English rendering in brackets right after the number: "3,000원 (about $2.30)".
_GLOSS = re.compile(r" ?\((?=[^)\n]{0,60}\))[^)\n]*?(?:[A-Za-z]|[$€£])")


@dataclass(frozen=True)
class KoreanNumber:
    start: int
    end: int
    text: str
    english: str | None
    # Followed by its own English in brackets, as an English writer glosses a price.
    glossed: bool = False

    @property
    def korean_words(self) -> str:
        """The Korean characters of the number, named for a message: "만 and 원" for
        "20만 원". KOREAN_NUMBER matches none without one."""
        return named_characters(_HANGUL_CHAR.findall(self.text))


def korean_numbers(text: str) -> Iterator[KoreanNumber]:
    """The Korean numbers of ``text`` that stand among English words, with their English
    ("4 March 2024", "3 p.m.", "100,000 people"); None where there is no one form."""
    found: list[KoreanNumber] = []
    for m in KOREAN_NUMBER.finditer(text):
        start, english = m.start(), _english(m)
        if english is None and not m.group("amount"):
            continue  # "13월", "3시 60분": no date or time, so no Korean one left by MT
        first = _range_start(_RANGE_START, text, start, found)
        joined = _joined_range(first.group("first"), m) if first and m.group("amount") else None
        months = _month_range(text, m, found)
        if first and joined:
            # "10~20만 원", "3천~5천만 원": one finding from the first end, whose own
            # match ("3천" read as 3,000) is dropped.
            start, english = first.start(), joined.english
            _drop_after(found, start)
        elif months:
            # "3~4월", "2024년 3~4월": one finding, whose year's own ("2024년") is dropped.
            start, english = months
            _drop_after(found, start)
        elif _RANGE_END.search(text, max(0, start - 4), start):
            english = None  # "1~3월", or a range's end whose first end was not read
        if _in_korean_text(text, start, m.end()):
            continue  # "2024년 3월 4일 서울에서": a quotation left in Korean
        if _in_korean_quotation(text, start, m.end()):
            continue  # Younha's "3월 9일", the drama '1991년, 봄': a title, quoted
        glossed = bool(_GLOSS.match(text, m.end()))
        found.append(KoreanNumber(start, m.end(), text[start : m.end()], english, glossed))
    yield from found


def _range_start(
    pattern: re.Pattern[str], text: str, start: int, found: list[KoreanNumber]
) -> re.Match[str] | None:
    """The first end of a range whose last end begins at ``start``, never begun inside
    an earlier finding: the range would drop that finding and what else it holds ("4월,
    2025년" of "3~4월, 2025년 5~6월", April 2025). At a finding's start it may take the
    finding whole ("2024년 3~4월", "3천~5천만")."""
    window = max(0, start - _RANGE_CHARS)
    first = pattern.search(text, window, start)
    if first is None:
        return None
    for earlier in found[_first_ending_after(found, window) :]:
        if first and earlier.start < first.start() < earlier.end:
            first = pattern.search(text, earlier.end, start)
    return first


# ``found`` is in text order, each finding ending before the next begins, and all
# before the number being read: only its last few can reach into a range's window, so
# these walk back from its end, where looking at every earlier finding for every number
# took time quadratic in the Korean numbers of a text.
def _first_ending_after(found: list[KoreanNumber], position: int) -> int:
    """The index of the first of ``found`` that ends after ``position``."""
    index = len(found)
    while index and found[index - 1].end > position:
        index -= 1
    return index


def _drop_after(found: list[KoreanNumber], position: int) -> None:
    """Drop the findings that end after ``position`` (a range now holds them)."""
    while found and found[-1].end > position:
        found.pop()


@dataclass(frozen=True)
class _Range:
    english: str | None


def _joined_range(first: str, end: re.Match[str]) -> _Range | None:
    """A range whose bare first end takes the last end's whole scale and unit, read as
    one number ("10~20만 원" is "100,000 to 200,000 won", "5~6천 명" "5,000 to 6,000
    people", "2~3천만" "20,000,000 to 30,000,000"); its English is None where that
    reading is uncertain: a first end with a scale of its own before a larger one
    ("3천~5천만" may be 3천만 or 3,000), a last end of several groups ("1~2억 5천만"),
    or no range from low to high ("500~3천만", which may mean 500만), or ends of
    different digits ("2~30만", which is 20만~30만). None where each end is a number of
    its own ("5만~10만 명", "3천~5천 원"): two findings."""
    first_parts = _AMOUNT_PART.findall(first)
    end_parts = _AMOUNT_PART.findall(end.group("amount"))
    if first_parts[-1][2]:
        return None  # "5만~": the first end has its own large scale
    bare = len(first_parts) == 1 and not first_parts[0][1]
    if not bare:
        if not any(large for _, _, large in end_parts):
            return None  # "3천~5천 원": 3,000 to 5,000, each end whole
        return _Range(None)
    if len(end_parts) > 1:
        return _Range(None)
    last, small, large = end_parts[0]
    if _digits_differ(first_parts[0][0], last):
        return _Range(None)
    low = _amount(first + small + large)
    high = _amount(end.group("amount"))
    if low is None or high is None or not 0 < low < high:
        return _Range(None)
    low_english = whole(low)
    high_english = whole(high, _UNITS.get(end.group("unit") or "", ""))
    if low_english is None or high_english is None:
        return _Range(None)
    return _Range(f"{low_english} to {high_english}")


def _month_range(
    text: str, end: re.Match[str], found: list[KoreanNumber]
) -> tuple[int, str] | None:
    """Where a range of months ending in ``end`` ("4월" of "3~4월") starts, and its English
    ("March to April", "March to April 2024"); None where ``end`` is no month alone, or
    the first end no other month ("13~4월", "4~4월"). Korean runs a range over the new
    year too: "12~2월" is December to February, but not after a year, whose December it
    may or may not be."""
    if not end.group("month") or end.group("day") or end.group("my"):
        return None
    first = _range_start(_MONTH_RANGE_START, text, end.start(), found)
    if first is None or int(first.group("first")) == int(end.group("month")):
        return None
    year = first.group("year")
    before = text[: first.start()].rstrip()
    if before and _HANGUL_CHAR.match(before[-1]):
        # "24년 3~4월" (a year the range does not read), "3월 10~12월", "서울 2024년
        # 3~4월": the whole range would be taken for Korean text after that word and
        # the month's own finding lost.
        return None
    if year and int(first.group("first")) > int(end.group("month")):
        return None  # "2023년 12~2월": which winter's December is not said
    low = english_date(None, first.group("first"))
    high = english_date(year, end.group("month"))
    if low is None or high is None:
        return None
    return first.start(), f"{low} to {high}"


def _integer_digits(number: str) -> int:
    return len(number.split(".")[0].replace(",", ""))


def _digits_differ(first: str, last: str) -> bool:
    """Whether a bare first end may be short of zeros the last end's scale does not
    give: Korean writes "2~30만" for 20만~30만, and "9~100만" may be 90만~100만. A first
    end that reads as it stands ("9~10만", 9만 to 10만) has the same look, so any end
    with fewer or more integer digits than the last end's number is taken as one."""
    return _integer_digits(first) != _integer_digits(last)


def _in_korean_text(text: str, start: int, end: int) -> bool:
    """Whether the word before or after the number, across spaces, is Korean: Korean
    spaces its words, so "10만 명이" and "서울 2024년" are Korean text with a number."""
    before = text[max(0, start - _NEIGHBOUR_CHARS) : start].rstrip()
    after = text[end : end + _NEIGHBOUR_CHARS].lstrip()
    return bool(
        (before and _HANGUL_CHAR.match(before[-1])) or (after and _HANGUL_CHAR.match(after[0]))
    )


def _in_korean_quotation(text: str, start: int, end: int) -> bool:
    """Whether the number stands in quotation marks with no English word inside: a
    Korean song's or drama's title an English writer quotes as it is ("3월 9일", a
    graduation song), where MT leaves a number among the English it wrote."""
    before = text[max(0, start - _QUOTE_CHARS) : start]
    opening = max((before.rfind(q), q) for q in _QUOTES)
    if opening[0] < 0:
        return False
    closing = text.find(_QUOTES[opening[1]], end, end + _QUOTE_CHARS)
    if closing < 0:
        return False
    quoted = text[start - len(before) + opening[0] + 1 : closing]
    return "\n" not in quoted and not _LATIN.search(quoted)


def _english(m: re.Match[str]) -> str | None:
    if m.group("year") or m.group("month"):
        return _date(m)
    if m.group("hour"):
        return _time(m)
    value = _amount(m.group("amount"))
    unit = m.group("unit") or ""
    if value == 1 and unit == "명":
        return "1 person"
    return None if value is None else whole(value, _UNITS.get(unit, ""))


def _amount(amount: str) -> Fraction | None:
    """ "1조 2,000억" as 1,200,000,000,000 and "2천5백만" as 25,000,000: each large scale
    multiplies the groups since the last; None where the scales do not fall in order
    ("5백 2천", "1만 1억"), which is no amount Korean writes."""
    total = section = Fraction(0)
    large_before = small_before = None
    for number, small, large in _AMOUNT_PART.findall(amount):
        value = exact(number)
        if value is None:
            return None
        small_scale, large_scale = _SMALL_SCALES[small], _LARGE_SCALES[large]
        if small_before is not None and small_scale >= small_before:
            return None
        section += value * small_scale
        small_before = small_scale
        if large:
            if large_before is not None and large_scale >= large_before:
                return None
            total += section * large_scale
            section, large_before, small_before = Fraction(0), large_scale, None
    return total + section


def _date(m: re.Match[str]) -> str | None:
    return english_date(
        m.group("year") or m.group("my"),
        m.group("ym") or m.group("month"),
        m.group("ymd") or m.group("day"),
        comma=bool(m.group("comma")),
    )


def _time(m: re.Match[str]) -> str | None:
    hour = int(m.group("hour"))
    minute = int(m.group("minute")) if m.group("minute") else 0
    # "24시" is midnight at a day's end, "24시 30분" no time at all.
    if hour > 24 or minute > 59 or (hour == 24 and minute):
        return None
    half = m.group("half")
    if half:
        if not 1 <= hour <= 12:
            return None
        clock = f"{hour}:{minute:02d}" if minute else str(hour)
        return f"{clock} {'a.m.' if half == '오전' else 'p.m.'}"
    return f"{hour}:{minute:02d}"
