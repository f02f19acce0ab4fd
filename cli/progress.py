"""A progress bar on stderr for long runs, shown only when stderr is a terminal."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from cli.console import is_live_terminal, stderr_console

STAGES = {
    "model": "Loading the language model",
    "kernel": "Building the scoring kernel (once)",
    "fluency": "Scoring fluency",
    "rules": "Checking rules",
    "documents": "Auditing documents",
}


@contextmanager
def progress_reporter(quiet: bool = False) -> Iterator[Callable[[str, int, int], None] | None]:
    # `audit -q` drew the bar all the same: quiet leaves stderr to what failed.
    if quiet or not is_live_terminal(sys.stderr):  # None, too: started with stderr closed
        yield None
        return
    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=stderr_console(),
        transient=True,
    )
    tasks: dict[str, int] = {}

    def update(stage: str, done: int, total: int) -> None:
        if stage not in tasks:
            tasks[stage] = bar.add_task(STAGES.get(stage, stage), total=total)
        bar.update(tasks[stage], completed=done, total=total)

    with bar:
        yield update
