"""Dates in feeds and on the command line: ISO 8601 out, ISO or relative ages in."""

from __future__ import annotations

import datetime as dt
import re
import time

from audits.durations import impossible_offset, is_date, parse_point, zone_of
from audits.sources.time_stamps import MONTHS, WEEKDAYS
from audits.sources.written_dates import (
    offset_span,
    opening_date,
    opening_short_year_date,
    parse_short_year_datetime,
    parse_written_datetime,
)


def parse_since(
    value: str, now: dt.datetime | None = None, what: str = "since", tz: str | None = None
) -> dt.datetime:
    """``2024-05-01``, ``2024-05-01T08:00:00+02:00``, ``7d``, ``12h`` or ``1d12h`` as UTC:
    the grammar of every other point in time mtaudit takes (`report --since`), so one
    flag name never means two grammars. A date or time without a zone is in ``tz`` (the
    config's `tz`, UTC when unset), as `report --since` reads it: `audit --since
    2026-05-01` read UTC where `report --since 2026-05-01` read the config's zone."""
    return parse_point(value, now or dt.datetime.now(dt.UTC), what, zone_of(tz))


def from_struct(value: time.struct_time | None) -> dt.datetime | None:
    """feedparser's parsed dates are UTC struct_times."""
    if value is None:
        return None
    try:
        return dt.datetime(*value[:6], tzinfo=dt.UTC)
    except (TypeError, ValueError, OverflowError):
        return None


def entry_date(parsed: dt.datetime | None, raw: str | None) -> dt.datetime | None:
    """A feed entry's date: what feedparser or RFC 3339 read of ``raw`` (``parsed``),
    else ``raw`` read as people write dates ("Sunday, March 3, 2024", "March 3rd,
    2024 10:00 AM EST", which feedparser reads as none). A date whose weekday is
    another day's ("Sat, 03 Mar 2024": a Sunday) is no date, read either way: which
    of the two the feed meant is unknown, and feedparser took the day silently
    ("Sat, 03 Mar 24 10:00 GMT", with RFC 822's two-digit year, too). RFC 822 dates
    spaced otherwise ("Sun,03 Mar 2024", RFC 850's "Sunday, 03-Mar-24") are read as
    RFC 822 spaces them; a date whose only zone is "IST", whose offset is unknown,
    is none, and one with a numeric offset too ("+0530 (IST)") is read as if "IST"
    were not there. An ISO date is read as RFC 3339 reads it, in the basic form
    ("20240303T100000+0530") too, and one no calendar or clock has is none."""
    if raw is None:
        return parsed
    raw = _rfc822_spaced(raw)
    if (offset_only := _zone_name_dropped(raw)) is not None:
        # feedparser read "09:00:00 IST+05:30" (and "CET+01:00", "PST-0800") as
        # 09:00 UTC, the offset ignored: the offset is read, as it is alone.
        return _read_at_offset(offset_only)
    if _AMBIGUOUS_ZONE.search(raw) and not _NUMERIC_OFFSET.search(raw):
        # feedparser read "09:00 IST" as 09:00 UTC: hours off whichever zone the
        # feed meant, and the date gives no way to tell which ("IST (India Standard
        # Time)" too). With a numeric offset the offset is read, wherever "IST" is.
        return None
    point = _UTC_NAMED.sub("Z", _ZONE_NOTE.sub("", raw).strip())
    if _ISO_POINT.fullmatch(point):
        # feedparser misread ISO forms RFC 3339's reader reads right: the basic form
        # and a basic time as the day's midnight UTC ("20260501T120000+0530",
        # "2026-05-01T120000Z"), an offset without its colon by its hours alone, a
        # week date as another day ("2026-W18-5": 1 December), and a day or time no
        # calendar or clock has as the next ("2026-05-32": 1 June). To the second, as
        # feedparser reads every other date of the feed. A note in brackets
        # after it ("+0530 (IST)", RFC 822's comment) is not read.
        exact = _past_the_clock(point) or from_rfc3339(point)
        return None if exact is None else exact.replace(microsecond=0)
    if parsed is not None:
        # feedparser takes RFC 822's two-digit year too ("Sat, 03 Mar 24"): its
        # weekday is checked against the day feedparser read.
        opening = opening_date(raw) or opening_short_year_date(raw, parsed.date())
        if opening is not None and opening.wrong_weekday:
            return None
        zone = _ZONE_AT_END.search(raw)
        named_offset = _NAMED_OFFSET.search(raw)
        if (zone and zone[1].lower() not in _FEEDPARSER_ZONES) or named_offset:
            # Read whole, the date's zone is read; RFC 822's two-digit year too
            # ("Sun, 03 Mar 24 10:00 CET" was read as 10:00 UTC).
            if named_offset and _ISO_DATE.match(raw.strip()):
                # "2024-03-04T09:00:00 GMT+1": no written date, but feedparser's day
                # is right, its time the offset's hours off; a form not read here
                # (".123Z GMT+1") keeps feedparser's reading.
                iso = _ISO_NAMED_OFFSET.fullmatch(raw.strip())
                return (_iso_at(iso) if iso else None) or parsed
            written = parse_written_datetime(raw) or parse_short_year_datetime(raw, parsed.date())
            # feedparser read "UTC+15" (no zone's offset) as UTC: no date, not that.
            return written or (None if named_offset else parsed)
        # Without a note in brackets after the offset ("+0299 (IST)", RFC 822's comment).
        bare = _ZONE_NOTE.sub("", raw).strip()
        if impossible_offset(bare) is not None:
            # An offset no clock keeps: feedparser read noon at +02:99 as 08:21 UTC
            # (+03:39), at +0299 as 09:51 and at +25:00 as 11:00 the day before. No
            # date, as a JSON Feed item's or a JSONL record's (from_rfc3339). A note
            # in brackets after it ("+0299 (IST)", RFC 822's comment) hid it.
            return None
        return parsed
    if _ISO_DATE.match(raw.strip()):
        # JSON Feed's RFC 3339 reader takes no zone's name: "2024-03-04T09:00:00
        # GMT+1", or "+05:30 IST" with the name now dropped, is read as RSS's is.
        iso = _ISO_NAMED_OFFSET.fullmatch(raw.strip())
        return _iso_at(iso) if iso else from_rfc3339(raw)
    # RFC 822's two-digit year that feedparser read as none ("Mon, 04 Mar 24 09:00
    # GMT+1", "Sunday, 03-Mar-24 09:00:00 GMT"): read with its clock time and zone.
    return parse_written_datetime(raw) or parse_short_year_datetime(raw)


# An ISO date, week date too, in the extended or basic form, and its clock time where
# one follows, with its zone as a number or Z: what RFC 3339's reader (fromisoformat)
# reads, a zone's name ("GMT+1", "CET") not. A date alone with an offset ("2026-05-01
# +0530") is not one: fromisoformat reads its offset as a time, 05:30.
_ISO_POINT = re.compile(
    r"\d{4}(-?)(?:\d\d\1\d\d|W\d\d\1\d)(?![\d])"
    r"(?:[Tt ]\d\d(?::?\d\d){0,2}(?:[.,]\d+)?(?:\s?(?:[Zz]|[+-]\d\d(?::?\d\d)?))?)?"
)
# UTC by its name at an ISO time's end ("...T12:00:00 GMT"): the one zone's name that
# says its offset, read as Z.
_UTC_NAMED = re.compile(r"(?<=\d)\s*(?:utc|gmt|ut)$", re.I)
# An ISO date's clock time: hours, minutes and seconds, with or without colons.
_CLOCK = re.compile(r"(?<=[Tt ])(\d\d)(:?)(\d\d)(?:\2(\d\d))?(?P<fraction>[.,]\d+)?")


def _past_the_clock(iso: str) -> dt.datetime | None:
    """ISO's 24:00 (the day's end) and a leap second (23:59:60) in the ISO date ``iso``,
    read as the second after :59, as feedparser reads them in the extended form (the
    next day's midnight): fromisoformat takes neither. None for any other time."""
    clock = _CLOCK.search(iso)
    if clock is None:
        return None
    hour, minute, second = (int(f or 0) for f in clock.group(1, 3, 4))
    fraction = float((clock["fraction"] or "0").replace(",", "."))
    if hour == 24 and minute == second == fraction == 0:
        hour, minute = 23, 59
    elif not (hour < 24 and minute < 60 and second == 60):
        return None
    sep = clock[2]
    before = f"{hour:02d}{sep}{minute:02d}{sep}59"
    earlier = from_rfc3339(iso[: clock.start()] + before + iso[clock.end() :])
    return None if earlier is None else earlier + dt.timedelta(seconds=1)


# RFC 822 dates spaced otherwise, which feedparser reads as none: no space after the
# weekday's comma ("Sun,03 Mar 2024") and RFC 850's day, month and year joined by
# hyphens ("Sunday, 03-Mar-24 09:00:00 GMT", as old HTTP servers and some feeds
# write them).
_CRAMPED_RFC822 = re.compile(
    rf"(?P<weekday>{WEEKDAYS})\.?\s?,\s?(?P<day>\d{{1,2}})(?P<sep>[ -])(?P<month>{MONTHS})\.?"
    r"(?P=sep)(?P<year>\d\d(?:\d\d)?)(?![\w:.-])",
    re.I,
)


def _rfc822_spaced(raw: str) -> str:
    """``raw`` with its opening date spaced as RFC 822 writes it ("Sun, 03 Mar 2024"),
    where it is written ``_CRAMPED_RFC822``'s way; as it is otherwise."""
    value = " ".join(raw.split())
    cramped = _CRAMPED_RFC822.match(value)
    if cramped is None:
        return raw
    date = f"{cramped['weekday']}, {cramped['day']} {cramped['month']} {cramped['year']}"
    return date + value[cramped.end() :]


# A zone's name that ends a date ("... 09:00:00 CET").
_ZONE_AT_END = re.compile(r"\s([A-Za-z]{1,5})\s*$")
# An offset after the zone's name ("UTC+01:00"), which feedparser reads as UTC.
_NAMED_OFFSET = re.compile(r"(?:utc|gmt)\s*[+-]\d", re.I)
_ISO_DATE = re.compile(r"\d{4}-\d\d-\d\d(?!\d)")
# An ISO date and time with an offset after the zone's name ("2024-03-04T09:00:00
# GMT+1", "2024-03-04 09:00:00 UTC+01:00").
_ISO_NAMED_OFFSET = re.compile(
    r"(?P<at>\d{4}-\d\d-\d\d[T ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?)\s*(?:utc|gmt)\s*"
    r"(?P<offset>[+-]\d{1,2}(?::?\d\d)?)",
    re.I,
)


def _iso_at(iso: re.Match[str]) -> dt.datetime | None:
    """The UTC time of an ISO date with a named offset; None where the offset is no
    zone's ("GMT+25")."""
    offset = offset_span(iso["offset"])
    if offset is None:
        return None
    try:
        local = dt.datetime.fromisoformat(iso["at"].replace(" ", "T"))
        return (local - offset).replace(tzinfo=dt.UTC)
    except (ValueError, OverflowError):  # year 1 or 9999 moved past the calendar's ends
        return None


# A zone's name (or any short word a feed writes there) with its offset from UTC
# written after it, after a clock time, perhaps its "AM"/"PM" ("09:00:00 IST+05:30",
# "09:00 AEDT +11:00", "09:00 PST-0800", "9:00 AM CET+1"): the offset says the time,
# whatever the name (IST's is India's, Ireland's or Israel's). After "UTC" or "GMT"
# an offset is read already, the hour alone too ("GMT+1"); right after "AM"/"PM" it
# is a range's end ("9:00 PM-11:00").
_ZONE_THEN_OFFSET = re.compile(
    r"(?<=\d)(?:\s*[ap]\.?m\b\.?)?\s*(?!(?:am|pm|utc|gmt|ut|z)[\s+-])"
    r"(?P<zone>[a-z]{2,5})\s*(?P<sign>[+-])(?P<hours>\d{1,2})(?::?(?P<minutes>\d\d))?(?![\d:])",
    re.I,
)
# A note after the date that names its zone in words, as JavaScript's Date writes
# one: "09:00:00 PST-0800 (Pacific Standard Time)".
_ZONE_NOTE = re.compile(r"\s*\([^()]*\)\s*$")


def _zone_name_dropped(raw: str) -> str | None:
    """``raw`` with the zone's name before its offset dropped, the offset written
    as "+05:30", and a bracketed note after it too ("...09:00:00 IST+5:30 (India)" ->
    "...09:00:00 +05:30"); None where no name stands before an offset."""
    raw = _ZONE_NOTE.sub("", raw)
    found = _ZONE_THEN_OFFSET.search(raw)
    if found is None:
        return None
    offset = f"{found['sign']}{int(found['hours']):02d}:{found['minutes'] or '00'}"
    glue = "" if _ISO_DATE.match(raw.strip()) else " "
    return f"{raw[: found.start('zone')].rstrip()}{glue}{offset}{raw[found.end() :]}"


def _read_at_offset(raw: str) -> dt.datetime | None:
    """The UTC time of the date ``raw`` that states its numeric offset: an ISO date
    as RFC 3339 reads it, another as people write it; None where anything else is
    written."""
    if _ISO_DATE.match(raw.strip()):
        return from_rfc3339(raw.strip().replace(" ", "T", 1))
    return parse_written_datetime(raw) or parse_short_year_datetime(raw)


# The zones feedparser reads right: a fixed offset each. Any other it reads as UTC
# ("CET", "AEDT"), and "ET", "CT", "MT" and "PT" as winter time all year; where the
# date is read whole as written, its zone is read (``written_dates``).
_FEEDPARSER_ZONES = frozenset(
    {"ut", "gmt", "z", "utc", "edt", "est", "cdt", "cst", "mdt", "mst", "pdt", "pst"}
)

# A zone's name that stands for more than one offset: "IST" is India's (+05:30),
# Ireland's summer time (+01:00) and Israel's (+02:00).
_AMBIGUOUS_ZONE = re.compile(r"(?<![a-z])ist(?![a-z])", re.I)
# A numeric offset: after a space, a bracket or a zone's name ("+0530", "(+05:30)",
# "IST+05:30", "GMT+1"), or glued to a time ("09:00:00.12+05:30"). A date's hyphens
# ("04-03-2024", "04-Mar-2024") are none.
_NUMERIC_OFFSET = re.compile(
    r"(?:(?<![a-z])(?:ist|utc|gmt)\s*|[\s(]|\d:\d\d(?:\.\d+)?)[+-]\d{1,2}(?::?\d\d)?(?![\d:])",
    re.I,
)


def from_rfc3339(value: object) -> dt.datetime | None:
    """JSON Feed dates (RFC 3339); None when absent or unreadable."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    if impossible_offset(text) is not None:
        return None  # +02:99 read as +03:39 moved the date an hour and more
    try:
        return _utc(dt.datetime.fromisoformat(text))
    except (ValueError, OverflowError):
        # OverflowError: a date at the edge of the calendar whose offset takes
        # it past year 1 or 9999 in UTC (0001-01-01T00:00:00+05:00).
        return None


def _utc(parsed: dt.datetime) -> dt.datetime:
    """``parsed`` in UTC (naive means UTC); raises OverflowError past year 1 or 9999."""
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.UTC)
    return parsed.astimezone(dt.UTC)


def older_than(published: str | None, since: dt.datetime | None) -> bool:
    """Whether the ISO date or time ``published`` (a page's, a byline's) is older than
    ``since``: a time at ``since`` is not, as a feed's dated entry at it is kept, and a
    date without a time counts until the day's end, so an article of the day
    ``since`` falls in is kept. False where either is unknown."""
    return read_older_than(from_rfc3339(published), published, since)


def read_older_than(
    when: dt.datetime | None, published: str | None, since: dt.datetime | None
) -> bool:
    """``older_than`` for a ``published`` already read (``when``, what
    ``from_rfc3339`` made of it): a caller that needs the reading too parses once."""
    if when is None or since is None:
        return False
    if is_date((published or "").strip()):  # 2024-03-11, 20240311
        return when + dt.timedelta(days=1) <= since
    return when < since


def iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None
