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
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.UTC)
    return parsed.astimezone(dt.UTC)


def from_struct(value: time.struct_time | None) -> dt.datetime | None:
    """feedparser's parsed dates are UTC struct_times."""
    if value is None:
        return None
    try:
        return dt.datetime(*value[:6], tzinfo=dt.UTC)
    except (TypeError, ValueError):
        return None


def from_rfc3339(value: object) -> dt.datetime | None:
    """JSON Feed dates (RFC 3339); None when absent or unreadable."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        parsed = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.UTC)
    return parsed.astimezone(dt.UTC)


def iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None
