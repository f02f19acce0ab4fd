"""The warning for a --since in the future, apart from the other feed notes, whose
readers' keys load every reader: `mtaudit config` runs audit's checks without them."""

from __future__ import annotations

import datetime as dt

from audits.config import AuditConfig
from audits.durations import is_zero_age, zero_days_date, zone_of
from audits.reports.labels import printable
from audits.sources.dates import parse_since
from cli.console import warning_line


def warn_if_since_in_future(config: AuditConfig, now: dt.datetime | None = None) -> None:
    """A --since after now keeps only entries dated in the future: a mistyped year
    (2062 for 2026) made a feed audit of nothing that passed the gate without a word."""
    if config.since is None:
        return
    now = now or dt.datetime.now(dt.UTC)
    since = parse_since(config.since, now, tz=config.tz)
    # Named where it was set, as a bad value's error names it: "--since" for a value
    # from mtaudit.toml sent its reader to a command line that had none.
    origin = config.origin("since")
    where = "--since" if origin == "command line" else f"{origin}: since"
    if is_zero_age(config.since):
        # Now, as `report --since 0d` is (which refuses its empty window): not the
        # start of today, which its date says; 0h says now in its own words.
        today = zero_days_date(config.since, now, zone_of(config.tz))
        hint = f"; for today's, give its date: {today}" if today else ""
        warning_line(
            f"{printable(where)} {printable(config.since.strip())} is now: only feed "
            f"entries dated in the future are audited{hint}"
        )
    elif since > now:
        warning_line(
            f"{printable(where)} {printable(config.since)} is in the future (now "
            f"{now:%Y-%m-%d %H:%M} UTC): only feed entries dated after it are audited"
        )
