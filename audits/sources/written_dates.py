"""Dates as people write them: "Sunday, March 3, 2024", "Sun, 3 March 2024", "March
3rd, 2024", "3rd of March 2024", with a clock time or without.

feedparser reads RFC 822 and ISO dates, and a page's dates come from its metadata;
a feed's <pubDate> or a byline written for readers ("Sunday, March 3, 2024") was
no date at all. A weekday written before a date must be that date's: "Saturday,
March 3, 2024" (March 3, 2024 was a Sunday) says two dates, and which one the writer
meant is unknown, so such a date is read as no date, never as either one.

A weekday is read only where one can stand: opening the text, after a mark
("|", "·", ","), or after "on" or a stamp's lead word ("Updated"). "Sun", "Sat",
"Wed" and "Mon" are words too, and a newspaper's name ("The Sun, March 4, 2024",
"Baltimore Sun, March 4, 2024") is no Sunday: after a word, the weekday is left
out and the date read without it.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from dataclasses import dataclass

from audits.sources.time_stamps import MONTHS, WEEKDAYS

_MONTH_NAMES = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTH = rf"(?P<month>{MONTHS})\.?"
_WEEKDAY = rf"(?P<weekday>{WEEKDAYS})\.?"
# What may stand before a weekday: nothing, a mark, "on" or a stamp's lead word.
_WEEKDAY_STANDS = re.compile(
    r"(?:^|[^\w\s]|\b(?:on|updated|published|posted|modified|edited|created|dated"
    r"|revised|issued|released))[^\S\n]*\Z",
    re.I | re.M,
)
# The Sunday papers named "... on Sunday", whose "on" is no date's: the Mail, the
# Independent, Scotland, Wales, Ireland, the (New Zealand) Herald, the Sun and the Star.
_SUNDAY_PAPER = re.compile(
    r"\b(?:mail|independent|scotland|wales|ireland|herald|sun|star)\s+on\s*\Z", re.I
)
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
_DATE = re.compile(
    rf"(?<![\w-])(?:{_WEEKDAY},?\s+)?"
    rf"(?:{_MONTH}\s+{_DAY},?\s+{_YEAR}"
    rf"|{_DAY.replace('day>', 'day2>')}(?:\s+of)?\s+{_MONTH.replace('month>', 'month2>')},?"
    rf"\s+{_YEAR.replace('year>', 'year2>')})"
    r"(?![\w-])",
    re.I,
)
_ZONE_HOURS = {
    "gmt": 0,
    "utc": 0,
    "ut": 0,
    "z": 0,
    "est": -5,
    "edt": -4,
    "cst": -6,
    "cdt": -5,
    "mst": -7,
    "mdt": -6,
    "pst": -8,
    "pdt": -7,
    "bst": 1,
    "cet": 1,
    "cest": 2,
    "eet": 2,
    "eest": 3,
    # Zones feedparser reads as UTC ("Mon, 04 Mar 2024 09:00:00 AEDT" was 09:00 UTC),
    # each one place's. "IST" is India's, Ireland's and Israel's, and read as none.
    "wet": 0,
    "west": 1,
    "msk": 3,
    "sast": 2,
    "wat": 1,
    "eat": 3,
    "sgt": 8,
    "hkt": 8,
    "awst": 8,
    "jst": 9,
    "kst": 9,
    "aest": 10,
    "aedt": 11,
    "nzst": 12,
    "nzdt": 13,
}
# US zones written without saying summer or winter ("10:05 a.m. ET", as US news sites
# write them): the offset is the one the place kept that day.
_REGION_ZONES = {
    "et": "America/New_York",
    "ct": "America/Chicago",
    "mt": "America/Denver",
    "pt": "America/Los_Angeles",
}


_ZONE_WORDS = "|".join(sorted([*_ZONE_HOURS, *_REGION_ZONES], key=len, reverse=True))


# A clock time after the date: "10:00", "10:00:30 AM", "10.05 a.m.", "at 10:00 EST",
# the hour alone before its half of the day ("9 a.m.", as AP style writes it), "noon"
# or "midnight"; a zone or an offset ("+01:00"). An offset of the hour alone ("GMT+1",
# which feedparser reads as no date) only right after "UTC" or "GMT": after "PM" it is
# a range's end ("9:00 PM-11"), as a full one glued to "PM" is ("9:00 PM-11:00").
_TIME = re.compile(
    r",?\s*(?:at\s+)?(?:(?P<named>noon|midnight)"
    r"|(?P<hour>\d{1,2})(?:[:.](?P<minute>\d\d)(?::(?P<second>\d\d))?)?"
    r"\s*(?P<half>am|pm|a\.m\.|p\.m\.)?)"
    rf"(?:\s*(?P<zone>{_ZONE_WORDS})"
    r"|(?:(?<![a-z.])\s*|\s+)(?P<offset>[+-]\d\d:?\d\d)"
    r"|\s*(?:utc|gmt)\s*(?P<named_offset>[+-]\d{1,2}(?::?\d\d)?)(?![\d:]))?",
    re.I,
)


@dataclass(frozen=True)
class WrittenDate:
    """A date found in a line of text: the calendar day written, whether a weekday
    was written before it and disagrees with that day, and where it ends."""

    day: dt.date
    wrong_weekday: bool
    end: int


def find_written_date(text: str) -> WrittenDate | None:
    """The first date written in ``text`` whose day exists ("31 February 2024" is
    none), with what its weekday says of it."""
    return next(filter(None, map(_read, _DATE.finditer(text))), None)


def opening_date(text: str) -> WrittenDate | None:
    """The date ``text`` opens with, as ``find_written_date`` reads one."""
    match = _DATE.match(" ".join(text.split()))
    return _read(match) if match is not None else None


# RFC 822's two-digit year ("Sat, 03 Mar 24 10:00 GMT"), which feedparser reads.
_SHORT_YEAR_DATE = re.compile(
    rf"{_WEEKDAY},?\s+{_DAY}\s+{_MONTH}\s+(?P<year>\d\d)(?![\w:.-])", re.I
)


def opening_short_year_date(text: str, near: dt.date | None = None) -> WrittenDate | None:
    """The RFC 822 date with a two-digit year and a weekday that ``text`` opens with
    ("Sat, 03 Mar 24"), in the century that puts it nearest ``near`` (the day
    feedparser read), with what its weekday says of it. Without ``near`` (a date
    feedparser read as none, "Mon, 04 Mar 24 09:00 GMT+1"), the year is the one
    feedparser gives the same two digits (1990 to 2089), so a feed's dates with and
    without an offset fall in one century."""
    match = _SHORT_YEAR_DATE.match(" ".join(text.split()))
    if match is None:
        return None
    short = int(match["year"])
    if near is None:
        year = short + (2000 if short < 90 else 1900)
    else:
        centuries = (near.year // 100 - 1, near.year // 100, near.year // 100 + 1)
        year = min((c * 100 + short for c in centuries), key=lambda y: abs(y - near.year))
    try:
        day = dt.date(year, month_number(match["month"]), int(match["day"]))
    except ValueError:
        return None
    return WrittenDate(day, _is_wrong(match["weekday"], day), match.end())


def written_date(text: str) -> dt.date | None:
    """The date written in ``text`` (``find_written_date``), None where there is none
    or its weekday is another day's."""
    found = find_written_date(text)
    return None if found is None or found.wrong_weekday else found.day


def parse_written_datetime(text: str) -> dt.datetime | None:
    """``text`` read whole as a written date, perhaps with a clock time and a zone
    ("Sunday, March 3, 2024 10:00 AM EST"), in UTC (a time without a zone is UTC, as
    feedparser reads one); None where anything else is written, the day does not
    exist or its weekday is another day's."""
    value = " ".join(text.split())
    return _dated_at(value, opening_date(value))


def parse_short_year_datetime(text: str, near: dt.date | None = None) -> dt.datetime | None:
    """``text`` read whole as RFC 822's date with a two-digit year, its clock time and
    its zone ("Sun, 03 Mar 24 10:00 CET", ``opening_short_year_date``), in UTC; None as
    ``parse_written_datetime`` answers none."""
    value = " ".join(text.split())
    return _dated_at(value, opening_short_year_date(value, near))


def _dated_at(value: str, found: WrittenDate | None) -> dt.datetime | None:
    """The date ``found`` at the start of ``value`` at the clock time written after it
    (its day's start where none is), in UTC; None where anything else follows."""
    if found is None or found.wrong_weekday:
        return None
    rest = value[found.end :].strip()
    if not rest.rstrip("."):
        return dt.datetime(found.day.year, found.day.month, found.day.day, tzinfo=dt.UTC)
    clock = _TIME.fullmatch(rest) or _TIME.fullmatch(rest.rstrip("."))
    return _at(found.day, clock) if clock is not None else None


def _read(match: re.Match[str]) -> WrittenDate | None:
    day = _day_of(match)
    if day is None:
        return None
    weekday = match.group("weekday")
    before = match.string[: match.start("weekday")]
    if weekday and not _WEEKDAY_STANDS.search(before):
        weekday = None  # "The Sun, March 4, 2024": a newspaper's name, no weekday
    elif weekday and weekday.lower().startswith("sun") and _SUNDAY_PAPER.search(before):
        weekday = None  # "The Mail on Sunday, March 4, 2024": a newspaper's name too
    return WrittenDate(day, _is_wrong(weekday, day), match.end())


def _is_wrong(weekday: str | None, day: dt.date) -> bool:
    """Whether ``weekday`` as written ("Sat.", "Thur") is another day's than ``day``."""
    said = weekday.lower().rstrip(".")[:3] if weekday else None
    return said is not None and not _WEEKDAY_NAMES[day.weekday()].startswith(said)


# The clock times a word names: "noon" is 12:00, and "midnight" the day's start.
_NAMED_HOURS = {"noon": 12, "midnight": 0}


# No zone is further from UTC than Kiribati's +14:00; "GMT+25" is no zone.
_LARGEST_OFFSET = dt.timedelta(hours=14)


def offset_span(raw: str) -> dt.timedelta | None:
    """``raw`` ("+01:00", "+0100"; after "UTC" or "GMT" the hour alone too, "+1") as
    a span of time; None beyond any zone's."""
    digits = raw[1:].replace(":", "")
    hours, minutes = (digits[:-2], digits[-2:]) if len(digits) > 2 else (digits, "0")
    if int(minutes) >= 60:
        return None
    offset = dt.timedelta(hours=int(hours), minutes=int(minutes))
    if offset > _LARGEST_OFFSET:
        return None
    return -offset if raw[0] == "-" else offset


def _at(day: dt.date, clock: re.Match[str]) -> dt.datetime | None:
    half = (clock.group("half") or "").lower().replace(".", "")
    if clock.group("named"):
        hour, minute = _NAMED_HOURS[clock.group("named").lower()], 0
    elif clock.group("minute") is None and not half:
        return None  # "March 3, 2024 10": a number, no time
    else:
        hour, minute = int(clock.group("hour")), int(clock.group("minute") or 0)
    second = int(clock.group("second") or 0)
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "pm" else 0)
    if raw := clock.group("offset") or clock.group("named_offset"):
        offset = offset_span(raw)
        if offset is None:
            return None
    else:
        zone = (clock.group("zone") or "utc").lower()
        if zone in _REGION_ZONES:
            return _in_region(day, hour, minute, second, _REGION_ZONES[zone])
        offset = dt.timedelta(hours=_ZONE_HOURS[zone])
    try:
        local = dt.datetime(day.year, day.month, day.day, hour, minute, second)
        return (local - offset).replace(tzinfo=dt.UTC)
    except (ValueError, OverflowError):
        return None


def _in_region(day: dt.date, hour: int, minute: int, second: int, name: str) -> dt.datetime | None:
    """The time written in the zone ``name`` on ``day``, in UTC. A time the clocks
    skipped ("2:30 AM ET" on the day they went forward) was never shown there: no
    time, as "31 February" is no day. A time the clocks showed twice ("1:30 AM ET"
    on the day they went back) is read as the first, still summer time's."""
    try:
        zone = zoneinfo.ZoneInfo(name)
        local = dt.datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=zone)
        utc = local.astimezone(dt.UTC)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OverflowError):
        return None  # no time zone database: the time cannot be placed
    if utc.astimezone(zone).replace(tzinfo=None) != local.replace(tzinfo=None):
        return None
    return utc


def _day_of(match: re.Match[str]) -> dt.date | None:
    month = match.group("month") or match.group("month2")
    day = match.group("day") or match.group("day2")
    year = match.group("year") or match.group("year2")
    try:
        return dt.date(int(year), month_number(month), int(day))
    except ValueError:
        return None


def month_number(month: str) -> int:
    """1 to 12 for a month's name or its abbreviation ("Sept", "mar")."""
    return next(i for i, m in enumerate(_MONTH_NAMES, 1) if m.startswith(month.lower()[:3]))
