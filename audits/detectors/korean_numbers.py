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

from audits.segment import MONTHS

_HANGUL = "\uac00-\ud7af\u1100-\u11ff\u3130-\u318f"
_HANGUL_CHAR = re.compile(f"[{_HANGUL}]")
_NUMBER = r"\d+(?:,\d{3})*(?:\.\d+)?"
# Each shape ends in a Hangul counter, so a bare number is never taken; a space may
# stand between a number and its counter ("10만 명"), never more than one.
KOREAN_NUMBER = re.compile(
    rf"(?<![{_HANGUL}\d.,])(?:"
    # A date: year, month and day, or any run of them in that order.
    r"(?P<year>\d{4})년(?: ?(?P<ym>\d{1,2})월(?: ?(?P<ymd>\d{1,2})일)?)?"
    r"|(?P<month>\d{1,2})월(?: ?(?P<day>\d{1,2})일)?"
    # A time: morning or afternoon, hours and minutes.
    r"|(?:(?P<half>오전|오후) ?)?(?P<hour>\d{1,2})시(?: ?(?P<minute>\d{1,2})분)?"
    # A count or amount with Korean scales (만 10^4, 억 10^8, 조 10^12), won or people.
    rf"|(?P<amount>{_NUMBER}) ?(?:(?P<scale>[만억조])(?: ?(?P<unit>[원명]))?|(?P<bare>[원명]))"
    rf")(?![{_HANGUL}\d])"
)
_SCALES = {"만": 10_000, "억": 100_000_000, "조": 10**12, "": 1}
_UNITS = {"원": "won", "명": "people"}
# How far to look past spaces for the Korean text a number may belong to.
_NEIGHBOUR_CHARS = 3


@dataclass(frozen=True)
class KoreanNumber:
    start: int
    end: int
    text: str
    english: str | None


def korean_numbers(text: str) -> Iterator[KoreanNumber]:
    """The Korean numbers of ``text`` that stand among English words, with their English
    ("4 March 2024", "3 p.m.", "100,000 people"); None where there is no one form."""
    for m in KOREAN_NUMBER.finditer(text):
        if _in_korean_text(text, m.start(), m.end()):
            continue  # "2024년 3월 4일 서울에서": a quotation left in Korean
        yield KoreanNumber(m.start(), m.end(), m.group(0), _english(m))


def _in_korean_text(text: str, start: int, end: int) -> bool:
    """Whether the word before or after the number, across spaces, is Korean: Korean
    spaces its words, so "10만 명이" and "서울 2024년" are Korean text with a number."""
    before = text[max(0, start - _NEIGHBOUR_CHARS) : start].rstrip()
    after = text[end : end + _NEIGHBOUR_CHARS].lstrip()
    return bool(
        (before and _HANGUL_CHAR.match(before[-1])) or (after and _HANGUL_CHAR.match(after[0]))
    )


def _english(m: re.Match[str]) -> str | None:
    if m.group("year") or m.group("month"):
        return _date(m)
    if m.group("hour"):
        return _time(m)
    try:
        value = float(m.group("amount").replace(",", ""))
    except ValueError:
        return None
    scale = m.group("scale") or ""
    unit = m.group("unit") or m.group("bare") or ""
    count = round(value * _SCALES[scale])
    if unit == "명" and count == 1:
        return "1 person"
    return f"{count:,}" + (f" {_UNITS[unit]}" if unit else "")


def _date(m: re.Match[str]) -> str | None:
    year = m.group("year") or ""
    month = m.group("ym") or m.group("month")
    day = m.group("ymd") or m.group("day")
    if month is None:
        return str(int(year))
    if not 1 <= int(month) <= 12 or (day and not 1 <= int(day) <= 31):
        return None
    parts = [str(int(day))] if day else []
    parts.append(MONTHS[int(month) - 1].capitalize())
    if year:
        parts.append(str(int(year)))
    return " ".join(parts)


def _time(m: re.Match[str]) -> str | None:
    hour = int(m.group("hour"))
    minute = int(m.group("minute")) if m.group("minute") else 0
    if hour > 24 or minute > 59:
        return None
    half = m.group("half")
    if half:
        if not 1 <= hour <= 12:
            return None
        clock = f"{hour}:{minute:02d}" if minute else str(hour)
        return f"{clock} {'a.m.' if half == '오전' else 'p.m.'}"
    return f"{hour}:{minute:02d}"
