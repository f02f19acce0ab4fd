"""Where each report goes: `--format` for stdout, `--output [FMT:]PATH` for files.

Rules (documented in README):
* `--format FMT` is what stdout shows (default: terminal).
* `--output PATH` writes a file whose format comes from `FMT:PATH`, else the
  file's extension, else `--format`.
* A format that is written to a file is not also printed: `--format json
  --output r.json` puts the JSON in the file *instead of* on stdout.
"""

from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from audits.document import RunAudit
from audits.errors import UsageError
from audits.reports import EXTENSIONS, REPORTERS, get_reporter, write_atomic
from cli.console import wants_color


@dataclass(frozen=True)
class OutputPlan:
    stdout_format: str | None
    files: list[tuple[str, Path]]


def plan_outputs(stdout_format: str | None, outputs: list[str]) -> OutputPlan:
    chosen = stdout_format or "terminal"
    if chosen not in REPORTERS:
        raise UsageError(f"unknown format {chosen!r}; choose one of {', '.join(REPORTERS)}")
    files: list[tuple[str, Path]] = []
    for spec in outputs:
        fmt, path = _split_spec(spec)
        if fmt is None:
            fmt = EXTENSIONS.get(Path(path).suffix.lower())
        if fmt is None:
            if stdout_format is None:
                raise UsageError(
                    f"cannot tell the format of --output {spec!r}; write FORMAT:{spec} "
                    f"or pass --format (formats: {', '.join(REPORTERS)})"
                )
            fmt = stdout_format
        files.append((fmt, Path(path)))
    written = {fmt for fmt, _ in files}
    return OutputPlan(None if chosen in written else chosen, files)


def _split_spec(spec: str) -> tuple[str | None, str]:
    head, sep, tail = spec.partition(":")
    if sep and head in REPORTERS and tail:
        return head, tail
    return None, spec


def emit(run: RunAudit, plan: OutputPlan) -> None:
    """Write the files first (atomically), then print stdout's report."""
    for fmt, path in plan.files:
        write_atomic(path, get_reporter(fmt).render(run))
    if plan.stdout_format:
        color = wants_color(sys.stdout) and plan.stdout_format == "terminal"
        width = shutil.get_terminal_size((100, 24)).columns if color else None
        text = get_reporter(plan.stdout_format, color=color, width=width).render(run)
        sys.stdout.write(text)
        sys.stdout.flush()
