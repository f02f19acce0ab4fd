"""Which history database a command uses: `--history PATH`, else the config's `history`;
and the zone its days and times are in: `--tz ZONE`, else the config's `tz`, else UTC."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Annotated

import typer

from audits.config import load_config
from audits.durations import zone_of
from audits.errors import MtauditError, UsageError
from audits.history_commands import plain_show_command, show_command_naming
from cli.zones import check_tz_flag

TimeZone = Annotated[
    str | None,
    typer.Option(
        "--tz",
        metavar="ZONE",
        help="Count days and print times in this zone: an IANA name (Europe/Paris), UTC "
        "or local (default: `tz` in mtaudit.toml, else UTC).",
    ),
]


def show_command_from_here(run_id: int, used: str | os.PathLike[str], explicit: str | None) -> str:
    """The command that shows run ``run_id`` of the history ``used``, run from this
    folder (where the audit ran): the plain one where it finds that history
    (mtaudit.toml in this folder names it), else with ``--history`` as it was given
    (``explicit``) or as the config named it (`--config-file`, a config beside the
    inputs): a report said `mtaudit history show 2` of a `--history H` run, which
    answered 'no history database'. The reports take it as it is
    (``audits.history_commands.reported_show_command``)."""
    if explicit is None and _found_here(used):
        return plain_show_command(run_id)
    return show_command_naming(run_id, str(explicit or used))


def _found_here(used: str | os.PathLike[str]) -> bool:
    try:
        here = load_config(["."]).resolved_path("history")
    except MtauditError:  # a config here that does not load finds nothing
        return False
    return here is not None and Path(here).resolve() == Path(used).resolve()


def required_history(explicit: str | None, config_file: str | None, isolated: bool) -> Path:
    """The database a `report` or `history` command reads; a clear error when none is set."""
    return history_and_zone(explicit, None, config_file, isolated)[0]


def history_and_zone(
    explicit: str | None, tz: str | None, config_file: str | None, isolated: bool
) -> tuple[Path, dt.tzinfo]:
    """The database, as ``required_history``, and the zone to count days in."""
    check_tz_flag(tz)
    config = load_config(["."], config_file, {"history": explicit, "tz": tz}, discover=not isolated)
    path = config.resolved_path("history")
    if path is None:
        raise UsageError(
            'no history database: pass --history PATH, or set history = "PATH" in '
            "mtaudit.toml (the file `mtaudit audit --history PATH` records runs in)"
        )
    from audits.history import refuse_a_history_name_not_a_file

    refuse_a_history_name_not_a_file(path)  # `--history state/`, which Path reads as state
    return Path(path), zone_of(config.tz)
