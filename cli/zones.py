"""The zone a command prints times in: `--tz ZONE`, else the config's `tz`, else UTC."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Annotated

import typer

from audits.document import RunAudit
from audits.durations import in_zone, time_zone

# `audit` and `config`: the zone of --since dates and of the times audit's reports print.
AuditTimeZone = Annotated[
    str | None,
    typer.Option(
        "--tz",
        metavar="ZONE",
        help="Read --since dates and print the reports' times in this zone: an IANA name "
        "(Europe/Paris), UTC or local (default: `tz` in mtaudit.toml, else UTC).",
    ),
]


def check_tz_flag(tz: str | None) -> None:
    """Refuse a --tz as typed (`--tz 'Europe/Pari': not a time zone ...`), before any
    config file is read: checked with the config, it was named as the setting `tz`."""
    if tz is not None:
        time_zone(tz, "--tz")


def run_in_zone(run: RunAudit, zone: dt.tzinfo) -> RunAudit:
    """``run``'s times in ``zone``, as `history runs` prints them: its start and end,
    and when each reused result was audited (UTC from the history, whatever tz said)."""
    if zone is dt.UTC:
        return run
    documents = [
        dataclasses.replace(
            d,
            reused_from=dataclasses.replace(
                d.reused_from, audited=in_zone(d.reused_from.audited, zone)
            ),
        )
        if d.reused_from is not None
        else d
        for d in run.documents
    ]
    return dataclasses.replace(
        run,
        started=in_zone(run.started, zone),
        finished=in_zone(run.finished, zone),
        documents=documents,
    )
