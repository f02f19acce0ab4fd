"""Which history database a command uses: `--history PATH`, else the config's `history`."""

from __future__ import annotations

from pathlib import Path

from audits.config import load_config
from audits.errors import UsageError


def required_history(explicit: str | None, config_file: str | None, isolated: bool) -> Path:
    """The database a `report` or `history` command reads; a clear error when none is set."""
    config = load_config(["."], config_file, {"history": explicit}, discover=not isolated)
    path = config.resolved_path("history")
    if path is None:
        raise UsageError(
            'no history database: pass --history PATH, or set history = "PATH" in '
            "mtaudit.toml (the file `mtaudit audit --history PATH` records runs in)"
        )
    return Path(path)
