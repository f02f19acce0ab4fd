"""Points in time as users write them: ``7d``, ``12h``, ``2w``, ``1d12h`` or an ISO date.

One grammar for every flag and setting that takes one (`audit --since`, `since` in the
config, `report --since/--until`, `history prune --older-than`): units may also be
spelled out (``7 days``, ``12 hours``), as `audit --since` always took them.

Every time mtaudit stores is UTC ISO 8601 with seconds (``2026-05-01T06:00:00+00:00``),
so stored times compare as strings.
"""

from __future__ import annotations

import datetime as dt
import re

from audits.errors import UsageError

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


def parse_point(spec: str, now: dt.datetime, what: str = "--since") -> dt.datetime:
    """A duration back from ``now``, or an ISO date/time (UTC unless it says otherwise)."""
    text = spec.strip()
    try:
        if _DURATION.fullmatch(text.lower()):
            return now - parse_duration(text, what)
        if _zoned_date(text):
            # fromisoformat reads the zone's sign as the date-time separator:
            # `2026-11-30+02:00` was 02:00 UTC, and `2026-11-30Z` midnight as a time.
            raise UsageError(
                f"{what} {spec!r}: a date alone takes no time zone (its day is a UTC day); "
                "give a time with the zone, like 2026-11-30T00:00+02:00, or the date alone"
            )
        try:
            when = dt.datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
        except ValueError:
            raise UsageError(f"{what} {spec!r}: expected {HINT}") from None
        return when.replace(tzinfo=dt.UTC) if when.tzinfo is None else when.astimezone(dt.UTC)
    except OverflowError:
        # 99999999d ago, or 0001-01-01T00:00+05:00, is before year 1 in UTC.
        raise UsageError(
            f"{what} {spec!r}: out of range (dates run from year 1 to 9999, in UTC)"
        ) from None


_ZONE = re.compile(r"(.+?)(?:z|[+-]\d{2}(?::?\d{2})?)", re.IGNORECASE)


def _is_date(text: str) -> bool:
    """Whether ``text`` is an ISO date alone, in any of its forms (2026-11-30,
    20261130, 2026-W48-1)."""
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _zoned_date(text: str) -> bool:
    """A date with a time zone but no time (2026-11-30Z, 2026-11-30+02:00)."""
    match = _ZONE.fullmatch(text)
    return match is not None and not _is_date(text) and _is_date(match.group(1))


def parse_end(spec: str, now: dt.datetime, what: str = "--until") -> dt.datetime:
    """The end of a window, as ``parse_point`` reads it, but a date alone takes in that
    whole day (UTC), in any ISO form (2026-05-31, 20260531, 2026-W22-7): `--since
    2026-05-31 --until 2026-05-31` was the instant of its midnight and reported no runs
    on a day that had them, and `--until 2026-05-31` left May's last day out."""
    end = parse_point(spec, now, what)
    if not _is_date(spec.strip()):
        return end
    try:
        return end + dt.timedelta(days=1, seconds=-1)
    except OverflowError:  # 9999-12-31
        return end.replace(hour=23, minute=59, second=59)


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
