"""Points in time as users write them: ``7d``, ``12h``, ``2w``, ``1d12h`` or an ISO date.

One grammar for every flag and setting that takes one (`audit --since`, `since` in the
config, `report --since/--until`, `history prune --older-than`): units may also be
spelled out (``7 days``, ``12 hours``), as `audit --since` always took them.

Every time mtaudit stores is UTC ISO 8601 with seconds (``2026-05-01T06:00:00+00:00``),
so stored times compare as strings.
"""

from __future__ import annotations

import calendar
import datetime as dt
import os
import re
import time
import zoneinfo
from pathlib import Path

from audits.errors import UsageError
from audits.libc_zone import LibcZone

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}
_UNIT = r"(weeks?|w|days?|d|hours?|h|minutes?|m|seconds?|s)"
_DURATION = re.compile(rf"(?:\d+\s*{_UNIT}\s*)+")
_PART = re.compile(rf"(\d+)\s*{_UNIT}")
HINT = "a duration like 90d, 12h, 2w or 1d12h, or a date like 2026-05-01"


def parse_duration(spec: str, what: str = "duration") -> dt.timedelta:
    text = spec.strip().lower()
    if not _DURATION.fullmatch(text):
        raise UsageError(f"{what} {spec!r}: expected a duration like 90d, 12h, 2w or 1d12h")
    seconds = sum(int(n) * _UNITS[unit[0]] for n, unit in _PART.findall(text))
    try:
        return dt.timedelta(seconds=seconds)
    except OverflowError:
        raise UsageError(f"{what} {spec!r}: out of range (more than 999,999,999 days)") from None


def is_age(spec: str) -> bool:
    """Whether ``spec`` is a duration back from now (``7d``), not a date."""
    return bool(_DURATION.fullmatch(spec.strip().lower()))


def is_zero_age(spec: str) -> bool:
    """Whether ``spec`` is an age of 0 (``0d``, ``0h``): now, not the start of today."""
    return is_age(spec) and not parse_duration(spec)


def is_zero_days(spec: str) -> bool:
    """Whether ``spec`` is an age of 0 days or weeks (``0d``, ``0w``), which may have
    been meant as today; ``0h``, ``0m`` and ``0s`` say now in their own words."""
    text = spec.strip().lower()
    return is_zero_age(text) and all(unit[0] in "dw" for _, unit in _PART.findall(text))


def zero_days_date(spec: str, now: dt.datetime, zone: dt.tzinfo) -> str | None:
    """Today's date in ``zone`` where ``spec`` is an age of 0 days or weeks
    (``is_zero_days``), which may have been meant as its start: the date to suggest
    instead; None for any other ``spec``."""
    return now.astimezone(zone).date().isoformat() if is_zero_days(spec) else None


ZONE_HINT = "an IANA name like Europe/Paris or America/New_York, UTC, or local"


def time_zone(name: str, what: str = "--tz") -> dt.tzinfo:
    """The zone a user names: an IANA name (``Europe/Paris``), ``UTC``, or ``local``
    (this machine's zone, as cron runs in it); anything else is a UsageError."""
    text = name.strip()
    if not text:
        raise UsageError(f"{what} is empty (an unset variable?); give {ZONE_HINT}")
    if text.upper() in ("UTC", "Z"):
        return dt.UTC
    if text.lower() == "local":
        return local_zone(what)
    try:
        return zoneinfo.ZoneInfo(text)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        # ValueError: a path such as ../etc/passwd; OSError: a folder of the database.
        raise UsageError(f"{what} {name!r}: not a time zone; give {ZONE_HINT}") from None


def zone_of(tz: str | None) -> dt.tzinfo:
    """The zone a checked ``tz`` setting names; UTC when none is set."""
    return time_zone(tz, "tz") if tz is not None else dt.UTC


def local_zone(what: str = "--tz") -> dt.tzinfo:
    """This machine's zone with its rules (a fixed offset taken today would put
    winter's runs an hour off in summer): $TZ, else /etc/localtime."""
    if "TZ" in os.environ:
        return _zone_of_tz(os.environ["TZ"], what)
    localtime = Path("/etc/localtime")
    try:
        return _zone_file(localtime, "local")
    except (OSError, ValueError, zoneinfo.ZoneInfoNotFoundError):
        return dt.datetime.now().astimezone().tzinfo or dt.UTC


def _zone_of_tz(value: str, what: str) -> dt.tzinfo:
    """The zone $TZ names, as the C library reads it: a zone name, a file (``:/etc/
    localtime``, ``/usr/share/zoneinfo/Europe/Paris``, as cron and containers set it),
    or a POSIX rule (``CET-1CEST,M3.5.0,M10.5.0/3``)."""
    tz = value[1:] if value.startswith(":") else value
    if not tz:
        return dt.UTC  # as the C library reads an empty TZ
    try:
        if tz.startswith("/"):
            return _zone_file(Path(tz), tz)
        return zoneinfo.ZoneInfo(tz)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        # Only the C library reads it: its offset at each instant, not one taken today
        # (that put half a window across a clock change an hour off), nor /etc/
        # localtime's, which TZ was set to override.
        if not _POSIX_RULE.fullmatch(tz):
            # Nor does the C library, which reads such a TZ as UTC without a word: the
            # reports printed UTC times labelled with the name, as if in that zone.
            raise UsageError(
                f"{what} 'local': $TZ is {value!r}, which is no time zone (the zone "
                "database has no such name, and the C library reads it as UTC); set TZ to "
                "an IANA name like Europe/Paris, or name the zone instead of local"
            ) from None
        time.tzset()
        return LibcZone(value)


# A POSIX TZ rule (`CET-1CEST,M3.5.0,M10.5.0/3`, `<+0330>-3:30`, `EST5EDT`): a name of
# three or more letters (or <...>), an offset, then a summer name, offset and rules.
_NAME = r"(?:[A-Za-z]{3,}|<[A-Za-z0-9+-]{3,}>)"
_HOURS = r"[+-]?\d{1,3}(?::\d{1,2}(?::\d{1,2})?)?"
_DAY = rf"(?:J\d{{1,3}}|\d{{1,3}}|M\d{{1,2}}\.\d\.\d)(?:/{_HOURS})?"
_POSIX_RULE = re.compile(rf"{_NAME}{_HOURS}(?:{_NAME}(?:{_HOURS})?(?:,{_DAY},{_DAY})?)?")


def _zone_file(path: Path, key: str) -> dt.tzinfo:
    """The zone a tzdata file holds, named by its database key where it is one."""
    target = str(path.resolve())
    name = target.split("zoneinfo/", 1)[1] if "zoneinfo/" in target else None
    if name:
        try:
            return zoneinfo.ZoneInfo(name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
            pass  # a file outside the database Python reads: the file itself
    with path.open("rb") as f:
        return zoneinfo.ZoneInfo.from_file(f, key=key)


def zone_name(tz: dt.tzinfo) -> str:
    """How reports name ``tz``: its IANA key, or UTC."""
    if tz is dt.UTC:
        return "UTC"
    return getattr(tz, "key", None) or str(tz)


def stored_time(stamp: str | None) -> dt.datetime | None:
    """A stored ISO time as an aware datetime (one without an offset is UTC, as
    mtaudit writes them); None when it is empty or no time."""
    if not stamp:
        return None
    try:
        when = dt.datetime.fromisoformat(stamp)
    except ValueError:
        return None
    return when if when.tzinfo is not None else when.replace(tzinfo=dt.UTC)


def in_zone(stamp: str | None, tz: dt.tzinfo) -> str | None:
    """A stored time in ``tz``, still ISO 8601 with its offset
    (``2026-07-01T01:30:00+02:00``); unchanged in UTC, or when it is not a time."""
    when = stored_time(stamp) if tz is not dt.UTC else None
    return stamp if when is None else when.astimezone(tz).isoformat()


def parse_point(
    spec: str, now: dt.datetime, what: str = "--since", tz: dt.tzinfo = dt.UTC
) -> dt.datetime:
    """A duration back from ``now``, or an ISO date/time (in ``tz``, UTC by default,
    unless it says otherwise), as a UTC datetime."""
    text = spec.strip()
    try:
        if _DURATION.fullmatch(text.lower()):
            return now - parse_duration(text, what)
        text = _canonical(text, spec, what)
        if _zoned_date(text):
            # fromisoformat reads the zone's sign as the date-time separator:
            # `2026-11-30+02:00` was 02:00 UTC, and `2026-11-30Z` midnight as a time.
            raise UsageError(
                f"{what} {spec!r}: a date alone takes no time zone (its day is a day in "
                f"{zone_name(tz)}, as --tz says); give a time with the zone, like "
                "2026-11-30T00:00+02:00, or the date alone"
            )
        zone = impossible_offset(text)
        if zone is not None:
            raise UsageError(
                f"{what} {spec!r}: {zone} is not a time-zone offset (-23:59 to +23:59)"
            )
        try:
            when = dt.datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
        except ValueError:
            raise UsageError(f"{what} {spec!r}: expected {HINT}") from None
        if when.tzinfo is None:
            when = when.replace(tzinfo=tz)
            if not is_date(text):
                _refuse_a_skipped_or_repeated_time(spec, when, what)
            else:
                _refuse_a_skipped_day(spec, when, what)
        return when.astimezone(dt.UTC)
    except OverflowError:
        # 99999999d ago, or 0001-01-01T00:00+05:00, is before year 1 in UTC.
        raise UsageError(
            f"{what} {spec!r}: out of range (dates run from year 1 to 9999, in UTC)"
        ) from None


# The zone offset that ends an ISO time (after its T, or the space fromisoformat also
# takes there): sign, hours, minutes, seconds.
_OFFSET = re.compile(
    r"[Tt ][^+-]*([+-])([0-9]{2})(?::?([0-9]{2})(?::?([0-9]{2})(?:[.,][0-9]+)?)?)?"
)


def impossible_offset(text: str) -> str | None:
    """The zone offset ending the ISO time ``text`` when no clock keeps it (+02:99,
    +25:00), as written; None for a possible one or none. fromisoformat reads +02:99
    as +03:39, a time moved by an hour and more without a word."""
    match = _OFFSET.search(text)
    if match is None or text[match.end() :].strip():
        return None
    hours, minutes, seconds = match.group(2, 3, 4)
    if int(hours) <= 23 and int(minutes or 0) <= 59 and int(seconds or 0) <= 59:
        return None
    return text[match.start(1) : match.end()]


def _refuse_a_skipped_or_repeated_time(spec: str, when: dt.datetime, what: str) -> None:
    """A local time the clock change skips (02:30 as Paris springs forward) or passes
    twice (02:30 as it falls back) was taken as one of the two instants it might mean,
    without a word. A date alone is never refused: its day starts at its first instant."""
    tz = when.tzinfo
    wall = when.replace(tzinfo=None)
    if when.astimezone(dt.UTC).astimezone(tz).replace(tzinfo=None) != wall:
        raise UsageError(
            f"{what} {spec!r}: {wall:%Y-%m-%dT%H:%M} does not exist in {zone_name(tz)} "
            "(its clocks skip it); give an offset, like "
            f"{wall:%Y-%m-%dT%H:%M}{_offset(when.replace(fold=1))}"
        )
    first, second = _offset(when.replace(fold=0)), _offset(when.replace(fold=1))
    if first != second:
        raise UsageError(
            f"{what} {spec!r}: {wall:%Y-%m-%dT%H:%M} happens twice in {zone_name(tz)}; "
            f"give an offset: {wall:%Y-%m-%dT%H:%M}{first} or {wall:%Y-%m-%dT%H:%M}{second}"
        )


def _refuse_a_skipped_day(spec: str, start: dt.datetime, what: str) -> None:
    """A day the zone's calendar skips (Pacific/Apia went from 2011-12-29 to 2011-12-31
    as it crossed the date line): its midnight is read as the next day's, and `--since
    2011-12-30 --until 2011-12-30` was refused as a window that ends before it starts."""
    tz = start.tzinfo
    first = start.astimezone(dt.UTC).astimezone(tz)
    if first.date() != start.date():
        raise UsageError(
            f"{what} {spec!r}: {start:%Y-%m-%d} does not exist in {zone_name(tz)} (its "
            f"calendar skips that day: {start.date() - dt.timedelta(days=1)} is followed "
            f"by {first:%Y-%m-%d})"
        )


def _offset(when: dt.datetime) -> str:
    """``when``'s offset as ISO 8601 writes it (+02:00)."""
    text = when.isoformat()
    return text[-6:] if text[-6] in "+-" else "+00:00"


_ZONE = re.compile(r"(.+?)(?:z|[+-]\d{2}(?::?\d{2})?)", re.IGNORECASE)


def is_date(text: str) -> bool:
    """Whether ``text`` is an ISO date alone, in any of its forms (2026-11-30,
    20261130, 2026-W48-1)."""
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


_WEEK = re.compile(r"\d{4}-?W\d{2}")
# A date and its time, split where ISO 8601 puts a T (in either case, as people type
# it) or a space (as SQLite, `date` and logs write it).
_DATE_TIME = re.compile(r"([\dWw-]+)[Tt ](\d.*)")


def _canonical(text: str, spec: str, what: str) -> str:
    """``text`` as fromisoformat reads it, one form whatever the case or separator:
    `2026-w22-1t10:00` was refused where `2026-w22-1T10:00` and `2026-06-01t10:00`
    were read, since the week date's checks looked for an upper-case T alone. Any
    other separator is refused: fromisoformat takes any one character there
    (`2026-06-01x10:00`, a tab, a no-break space), and a week date's checks were
    skipped before one (`2025-W53-1x10:00`). A calendar date's month and day are
    checked first, so that one its calendar has not is named as such."""
    match = _DATE_TIME.fullmatch(text)
    _refuse_a_day_its_month_has_not(match.group(1) if match else text, spec, what)
    if match is None:
        text = _week_date(text, spec, what)
        if not is_date(text) and not _zoned_date(text):
            _refuse_a_time_alone(text, spec, what)
            raise UsageError(f"{what} {spec!r}: expected {HINT}")
        return text
    return f"{_week_date(match.group(1), spec, what)}T{match.group(2)}"


# A time of day with no date (12:00, T12:00:30Z, 09:30+02:00), its parts and its zone
# (with the zone's hours and minutes) split off. ASCII digits alone: \d took '１２:００'
# and gave it back in an example that is itself refused.
_TIME_ALONE = re.compile(
    r"T?([0-9]{1,2}):([0-9]{2})(?::([0-9]{2})(?:[.,][0-9]+)?)?"
    r"((?:z|[+-]([0-9]{2})(?::?([0-9]{2}))?)?)",
    re.IGNORECASE,
)


def _refuse_a_time_alone(text: str, spec: str, what: str) -> None:
    """A time of day with no date says what to write (`--before 12:00` was told to
    give a duration or a date, as if a time could not be given at all); a time no
    clock shows (25:00) is named as such."""
    match = _TIME_ALONE.fullmatch(text)
    if match is None:
        return
    hours, minutes, seconds = int(match.group(1)), int(match.group(2)), match.group(3)
    if hours > 23 or minutes > 59 or (seconds is not None and int(seconds) > 59):
        raise UsageError(f"{what} {spec!r}: not a time of day (00:00 to 23:59:59)")
    clock = text[match.end(1) : match.start(4)]
    zone_hours, zone_minutes = int(match.group(5) or 0), int(match.group(6) or 0)
    # A zone no clock keeps (+25:00, +02:99) is left out: the example is to be read.
    zone = match.group(4) if zone_hours <= 23 and zone_minutes <= 59 else ""
    example = f"2026-05-01T{hours:02d}{clock}{zone}"  # fromisoformat wants 09
    raise UsageError(f"{what} {spec!r}: a time needs a date, like {example}")


# A calendar date in either ISO form (2026-02-29, 20260229), its time split off.
_CALENDAR_DATE = re.compile(r"(\d{4})(-?)(\d{2})\2(\d{2})")


def _refuse_a_day_its_month_has_not(text: str, spec: str, what: str) -> None:
    """`2026-02-29` or `2026-04-31` was told "expected ... a date like 2026-05-01", as if
    it were not written as a date: say which part is out of range."""
    match = _CALENDAR_DATE.fullmatch(text)
    if match is None:
        # A date with a zone and no time (`2026-02-29Z`) was still told "expected ...",
        # where a day its month has is told that a date alone takes no zone.
        zoned = _ZONE.fullmatch(text)
        match = _CALENDAR_DATE.fullmatch(zoned.group(1)) if zoned else None
    if match is None:
        return
    year, month, day = int(match.group(1)), int(match.group(3)), int(match.group(4))
    if year < 1:  # no calendar has year 0: left to the usual "expected a date"
        return
    # Eight digits alone may be a duration whose unit was left out (`86400000`): say
    # it was read as a date, where "a month runs from 01 to 12" alone puzzled.
    read = "" if match.group(2) else f" reads as the date {year:04d}-{month:02d}-{day:02d}"
    if not 1 <= month <= 12:
        raise UsageError(f"{what} {spec!r}{read}: a month runs from 01 to 12, not {month:02d}")
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        raise UsageError(
            f"{what} {spec!r}{read}: {year:04d}-{month:02d} has {days} days "
            f"({year:04d}-{month:02d}-01 to {year:04d}-{month:02d}-{days})"
        )


# A week date in any ISO form (its time split off), the W in either case, its day if any;
# a day of two digits is taken in to be refused as a day (`2026-W22-10` was told "a
# date alone takes no time zone", its `-10` read as an offset).
_WEEK_DATE = re.compile(r"(\d{4})(-?)[Ww](\d{2})(?:(-?)(\d+))?$")


def _week_date(text: str, spec: str, what: str) -> str:
    """``text`` with its week date's W upper-cased, as fromisoformat reads it (`2026-w22`
    was "expected a duration ... or a date"); a week its year has not (2025-W53) or a
    day no week has (2026-W22-8) is refused as such, not as no date at all."""
    match = _WEEK_DATE.match(text)
    if match is None:
        return text
    year, week, day = int(match.group(1)), int(match.group(3)), match.group(5)
    if year < 1:  # no calendar has year 0: left to the usual "expected a date"
        return text
    weeks = dt.date(year, 12, 28).isocalendar().week  # the 28th is in the last week
    if not 1 <= week <= weeks:
        raise UsageError(
            f"{what} {spec!r}: {year} has {weeks} ISO weeks ({year}-W01 to {year}-W{weeks})"
        )
    if day is not None and not 1 <= int(day) <= 7:
        raise UsageError(f"{what} {spec!r}: a week's day runs from 1 (Monday) to 7 (Sunday)")
    return text[: match.start(2)] + match.group(2) + "W" + text[match.start(3) :]


def week_days(week: str) -> tuple[str, str] | None:
    """The Monday and Sunday of an ISO week (``2026-W27``) as ``YYYY-MM-DD``, or None
    for text that is no week."""
    try:
        monday = dt.date.fromisoformat(f"{week}-1")
    except ValueError:
        return None
    return monday.isoformat(), (monday + dt.timedelta(days=6)).isoformat()


def _zoned_date(text: str) -> bool:
    """A date with a time zone but no time (2026-11-30Z, 2026-11-30+02:00)."""
    match = _ZONE.fullmatch(text)
    return match is not None and not is_date(text) and is_date(match.group(1))


def parse_end(
    spec: str, now: dt.datetime, what: str = "--until", tz: dt.tzinfo = dt.UTC
) -> dt.datetime:
    """The end of a window, as ``parse_point`` reads it, but a date alone takes in that
    whole day (in ``tz``), in any ISO form (2026-05-31, 20260531, 2026-W22-7), and a
    week alone (2026-W22) its whole week, Monday to Sunday: `--since
    2026-05-31 --until 2026-05-31` was the instant of its midnight and reported no runs
    on a day that had them, and `--until 2026-05-31` left May's last day out."""
    end = parse_point(spec, now, what, tz)
    if is_age(spec):
        return end
    text = _canonical(spec.strip(), spec, what)
    if not is_date(text):
        return end
    # The next local midnight, less a second: a day of a clock change is 23 or 25 hours.
    # The second is taken in UTC: aware arithmetic is wall-clock, and where clocks fall
    # back at midnight (America/Santiago, Africa/Cairo) 23:59:59 is the repeated hour's
    # first pass, so the day ended an hour early and that hour was in no day.
    day = dt.date.fromisoformat(text)
    if _WEEK.fullmatch(text):
        # A week alone (2026-W22) names the whole week, as a day names the whole day:
        # it ended at its Monday's midnight, and `--until 2026-W22` left out six days.
        try:
            day += dt.timedelta(days=6)
        except OverflowError:  # 9999-W52 runs past the last day a date can have
            day = dt.date.max
    try:
        following = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=tz)
        return following.astimezone(dt.UTC) - dt.timedelta(seconds=1)
    except OverflowError:  # 9999-12-31
        last = dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=tz)
        try:
            return last.astimezone(dt.UTC)
        except OverflowError:  # west of UTC, its end is past year 9999 there
            return dt.datetime.max.replace(microsecond=0, tzinfo=dt.UTC)


def now_utc() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def iso(when: dt.datetime) -> str:
    """The stored form: UTC, seconds, ``+00:00``."""
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return when.astimezone(dt.UTC).replace(microsecond=0).isoformat()


def normalise(stamp: str | None, default: dt.datetime) -> str:
    """A timestamp from a report in the stored form (``default`` when missing or unreadable)."""
    if not stamp:
        return iso(default)
    try:
        return iso(parse_point(stamp, default))
    except UsageError:
        return iso(default)
