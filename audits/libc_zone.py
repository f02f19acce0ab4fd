"""A time zone the C library reads from $TZ and the zone database cannot: a POSIX rule
such as ``CET-1CEST,M3.5.0,M10.5.0/3``.

Its offset at each instant is the C library's own (``time.localtime().tm_gmtoff``), so
its rules apply per instant: an offset taken once, today, put half the days of a window
across a clock change an hour off."""

from __future__ import annotations

import datetime as dt
import time

_EPOCH = dt.datetime(1970, 1, 1)
_DAY = 86400


class LibcZone(dt.tzinfo):
    """The zone $TZ names for the C library, named ``key`` ($TZ as it is set)."""

    def __init__(self, key: str) -> None:
        self.key = key

    def __getinitargs__(self) -> tuple[str]:
        # tzinfo pickles (and deep-copies) by calling the class with these.
        return (self.key,)

    def __repr__(self) -> str:
        return f"LibcZone({self.key!r})"

    def __str__(self) -> str:
        return self.key

    def utcoffset(self, when: dt.datetime | None) -> dt.timedelta | None:
        if when is None:
            return None
        return dt.timedelta(seconds=self._wall_offset(when))

    def dst(self, when: dt.datetime | None) -> dt.timedelta | None:
        return None

    def tzname(self, when: dt.datetime | None) -> str:
        return self.key

    def fromutc(self, when: dt.datetime) -> dt.datetime:
        seconds = (when.replace(tzinfo=None) - _EPOCH) // dt.timedelta(seconds=1)
        offset = _gmtoff(seconds)
        wall = when + dt.timedelta(seconds=offset)
        # The repeated hour's second pass is fold=1 (PEP 495), as zoneinfo gives it.
        return wall.replace(fold=int(self._wall_offset(wall.replace(fold=0)) != offset))

    def _wall_offset(self, when: dt.datetime) -> int:
        """The offset of the local time ``when`` (fold picks between two instants)."""
        wall = (when.replace(tzinfo=None, fold=0) - _EPOCH) // dt.timedelta(seconds=1)
        # A day either side is past any clock change near ``when``.
        before, after = _gmtoff(wall - _DAY), _gmtoff(wall + _DAY)
        valid = [o for o in sorted({before, after}, reverse=True) if _gmtoff(wall - o) == o]
        if len(valid) == 1:
            return valid[0]
        if len(valid) == 2:  # happens twice: the earlier instant has the larger offset
            return valid[when.fold]
        # Skipped by the clock: PEP 495 reads it with the offset before (fold=0) or after.
        return after if when.fold else before


def _gmtoff(seconds: int) -> int:
    try:
        return time.localtime(seconds).tm_gmtoff
    except (OverflowError, OSError, ValueError):  # past what time_t or the C library take
        return time.localtime(0).tm_gmtoff
