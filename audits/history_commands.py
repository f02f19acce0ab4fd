"""The command that shows a recorded run again, as every report and the CLI write it.

One place builds it: the reports (terminal, JSON, Markdown, HTML, `github`) and the CLI
each wrote `mtaudit history show N` themselves, so a change to one (a flag, a quote)
left the others naming another command for the same run.
"""

from __future__ import annotations

import shlex
from typing import overload


def plain_show_command(run_id: int) -> str:
    """`mtaudit history show RUN`: where the history is the one mtaudit.toml names."""
    return f"mtaudit history show {run_id}"


def show_command_naming(run_id: int, history: str) -> str:
    """The plain command with `--history HISTORY`, shell-quoted so that it can be pasted."""
    return f"{plain_show_command(run_id)} --history {shlex.quote(history)}"


@overload
def reported_show_command(run_id: int, command: str | None) -> str: ...
@overload
def reported_show_command(run_id: None, command: str | None) -> None: ...
@overload
def reported_show_command(run_id: int | None, command: str | None) -> str | None: ...
def reported_show_command(run_id: int | None, command: str | None) -> str | None:
    """What a report names: the command the caller that recorded the run chose
    (``command``, it knows where the history came from), else the plain one; None for a
    run no history recorded."""
    if run_id is None:
        return None
    return command or plain_show_command(run_id)
