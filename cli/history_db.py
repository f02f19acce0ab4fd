"""Which history database a command uses: `--history PATH`, else the config's `history`."""

from __future__ import annotations

from pathlib import Path

from audits.config import AuditConfig, load_config
from audits.errors import UsageError


def history_path(config: AuditConfig) -> str | None:
    """``history`` as given on the command line, or relative to the config file that set it."""
    return config.resolved_path("history")


def required_history(explicit: str | None, config_file: str | None, isolated: bool) -> Path:
    """The database a `report` or `history` command reads; a clear error when none is set."""
    config = load_config(["."], config_file, {"history": explicit}, discover=not isolated)
    path = history_path(config)
    if path is None:
        raise UsageError(
            'no history database: pass --history PATH, or set history = "PATH" in '
            "mtaudit.toml (the file `mtaudit audit --history PATH` records runs in)"
        )
    return Path(path)
