"""Report formats, picked by name (like pip-audit's output formats)."""

from __future__ import annotations

from audits.errors import UsageError
from audits.reports.base import Reporter
from audits.reports.json_report import JsonReporter
from audits.reports.terminal import TerminalReporter
from audits.reports.write import write_atomic

REPORTERS: dict[str, type[Reporter]] = {
    cls.name: cls
    for cls in (
        TerminalReporter,
        JsonReporter,
    )
}

# File extensions that name a format in `--output PATH`.
EXTENSIONS: dict[str, str] = {cls.extension: name for name, cls in REPORTERS.items()}


def get_reporter(name: str, **options: object) -> Reporter:
    try:
        cls = REPORTERS[name]
    except KeyError:
        raise UsageError(
            f"unknown report format {name!r}; choose one of {', '.join(REPORTERS)}"
        ) from None
    return cls(**options)  # type: ignore[arg-type]


__all__ = ["EXTENSIONS", "REPORTERS", "Reporter", "get_reporter", "write_atomic"]
