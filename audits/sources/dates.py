"""Dates in feeds and on the command line: ISO 8601 out, ISO or relative ages in."""

from __future__ import annotations

import datetime as dt
import re
import time

from audits.errors import ConfigError

_RELATIVE = re.compile(
    r"^\s*(\d+)\s*(h|hours?|d|days?|w|weeks?)\s*$",
    re.IGNORECASE,
)
_UNIT_HOURS = {"h": 1, "d": 24, "w": 24 * 7}


def parse_since(value: str, now: dt.datetime | None = None) -> dt.datetime:
    """``2024-05-01``, ``2024-05-01T08:00:00+02:00``, ``7d``, ``12h`` or ``2w`` as UTC."""
    now = now or dt.datetime.now(dt.UTC)
    m = _RELATIVE.match(value)
    try:
        if m:
            hours = int(m.group(1)) * _UNIT_HOURS[m.group(2)[0].lower()]
            return now - dt.timedelta(hours=hours)
        try:
            parsed = dt.datetime.fromisoformat(value.strip())
        except ValueError:
            raise ConfigError(
                f"since: {value!r} is neither an ISO date (2024-05-01, 2024-05-01T08:00Z) "
                "nor a relative age (12h, 7d, 2w)"
            ) from None
        return _utc(parsed)
    except OverflowError:
        # 0001-01-01T00:00+05:00 is before year 1 in UTC, and so is 99999999d ago.
        raise ConfigError(
            f"since: {value!r} is out of range (dates run from year 1 to 9999, in UTC)"
        ) from None


def from_struct(value: time.struct_time | None) -> dt.datetime | None:
    """feedparser's parsed dates are UTC struct_times."""
    if value is None:
        return None
    try:
        return dt.datetime(*value[:6], tzinfo=dt.UTC)
    except (TypeError, ValueError, OverflowError):
        return None


def from_rfc3339(value: object) -> dt.datetime | None:
    """JSON Feed dates (RFC 3339); None when absent or unreadable."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
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


def iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None
