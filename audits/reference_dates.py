"""Dates in a sentence, read as the days they may name, for R702.

A date written two ways ("3/4/2022", "4 March 2022", "2022-03-04", "March 4, 2022")
is one date, not numbers missing from each other. A date's day and month are read
together as one value ("--03-04", ISO 8601's month and day) and never as the bare
numbers 3 and 4, which would match any other 3 of the sentence; its year stays a
number of its own, so a wrong year is still a wrong number. A numeric date whose
order is ambiguous (3/4 is 3 April in Britain, March 4 in the United States) may
mean either, and matches a reading of the other side that agrees with either.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_MONTHS = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
}

_ABBREVIATED_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}

# Capitalised only: "may" is a verb and "march" one too. An abbreviation may end with
# its dot ("Jan. 6"); a full name's dot ends the sentence ("on 14 May.").
_MONTH_NAME = (
    r"(?:(?:"
    + "|".join(m.capitalize() for m in _MONTHS)
    + r")\b|(?:"
    + "|".join(sorted((m.capitalize() for m in _ABBREVIATED_MONTHS), key=len, reverse=True))
    + r")\b\.?)"
)
_DAY = r"[0-3]?\d(?:st|nd|rd|th)?"
# "3-5 March", "3 to 5 March", "between 3 and 5 March".
_DASH = r"(?:\s?[-\u2013]\s?|\s(?:to|and|until|through)\s)"

# "4 March", "4th March", "the 4th of March", "3-5 March"; "March 4", "March 4th",
# "March 3-5". A range names two days, each its own part, so "3-5 March" and "March
# 3-5" are one range however they are split.
_SPELLED = re.compile(
    rf"(?<![\w.,:])(?<![^\W\d_]-)(?:(?P<first>{_DAY}){_DASH})?(?P<day>{_DAY})(?:\s+of)?\s+(?P<month>{_MONTH_NAME})"
    rf"|(?P<month2>{_MONTH_NAME})\s+(?P<day2>{_DAY})(?:{_DASH}(?P<last>{_DAY}))?(?![\w:]|[.,]\d)"
)

# Day and month first ("3/4/2022", "04.03.2022", "3-4-22"), one separator throughout.
_NUMERIC = re.compile(
    r"(?<![\w.,/-])(?P<a>\d{1,2})(?P<sep>[/.-])(?P<b>\d{1,2})(?P=sep)"
    r"(?P<year>\d{4}|\d{2})(?!\w|[.,/-]\d)"
)

# Year first, as ISO 8601 writes it: "2022-03-04", "2022/3/4". Never ambiguous.
_YEAR_FIRST = re.compile(
    r"(?<![\w.,/-])(?P<year>\d{4})(?P<sep>[/-])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?!\w|[.,/-]\d)"
)


@dataclass(frozen=True)
class DatePart:
    """The day and month of a date, or its year, where it is written."""

    start: int
    end: int
    # Day and month as "--MM-DD", one per reading; or the years a year may be.
    days: frozenset[str] = frozenset()
    years: frozenset[int] = frozenset()
    # The day a spelled date writes in digits ("4" of "4 March"): unlike a numeric
    # date's, it may be a plain number ("In May 4 people died").
    spelled_day: frozenset[int] = frozenset()


def month_day(month: int, day: int) -> str | None:
    """ISO 8601's "--MM-DD", or None when no calendar has that day."""
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    if day > (29 if month == 2 else 30 if month in (4, 6, 9, 11) else 31):
        return None
    return f"--{month:02d}-{day:02d}"


def either_order(a: int, b: int) -> frozenset[str]:
    """Day/month and month/day: each reading a calendar has."""
    return frozenset(r for r in (month_day(b, a), month_day(a, b)) if r)


def find_dates(text: str) -> list[DatePart]:
    """Numeric and spelled dates of ``text``: each a day-and-month part and, when
    written with a number, a year part."""
    parts: list[DatePart] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= a or b <= start for a, b in taken)

    for m in _YEAR_FIRST.finditer(text):
        day = month_day(int(m["m"]), int(m["d"]))
        if day:
            parts.append(
                DatePart(m.start("year"), m.end("year"), years=frozenset({int(m["year"])}))
            )
            parts.append(DatePart(m.start("m"), m.end("d"), days=frozenset({day})))
            taken.append((m.start(), m.end()))
    for m in _NUMERIC.finditer(text):
        days = either_order(int(m["a"]), int(m["b"]))
        if not days or not free(m.start(), m.end()):
            continue
        parts.append(DatePart(m.start("a"), m.end("b"), days=days))
        parts.append(DatePart(m.start("year"), m.end("year"), years=_years(m["year"])))
        taken.append((m.start(), m.end()))
    for m in _SPELLED.finditer(text):
        if not free(m.start(), m.end()):
            continue
        name = (m["month"] or m["month2"]).rstrip(".").lower()
        month = _MONTHS.get(name) or _ABBREVIATED_MONTHS[name]
        named = "day" if m["day"] else "day2"
        other = "first" if m["day"] else "last"
        number = _day_number(m[named])
        day = month_day(month, number)
        if not day:
            continue
        # The part with the month spans it; the other day of a range only itself.
        start, end = (m.start("day"), m.end()) if m["day"] else (m.start(), m.end("day2"))
        parts.append(DatePart(start, end, days=frozenset({day}), spelled_day=frozenset({number})))
        if m[other] and (second := month_day(month, (other_number := _day_number(m[other])))):
            parts.append(
                DatePart(
                    m.start(other),
                    m.end(other),
                    days=frozenset({second}),
                    spelled_day=frozenset({other_number}),
                )
            )
        taken.append((m.start(), m.end()))
    return sorted(parts, key=lambda p: p.start)


def _day_number(written: str) -> int:
    return int(written.rstrip("stndrh"))


def _years(written: str) -> frozenset[int]:
    """A two-digit year may be of either century: "3/4/22" is 2022, "3/4/98" 1998."""
    if len(written) == 4:
        return frozenset({int(written)})
    return frozenset({1900 + int(written), 2000 + int(written)})
