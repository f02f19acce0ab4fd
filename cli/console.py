"""Consoles for stdout and stderr that honour NO_COLOR and non-TTY output."""

from __future__ import annotations

import os
import sys

from rich.console import Console


def wants_color(stream: object) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def stderr_console() -> Console:
    return Console(stderr=True, no_color=not wants_color(sys.stderr), highlight=False)


def error_line(message: str) -> None:
    """One red line on stderr, no traceback."""
    stderr_console().print(f"[bold red]mtaudit: error:[/] {_escape(message)}", soft_wrap=True)


def warning_line(message: str) -> None:
    stderr_console().print(f"[yellow]mtaudit: warning:[/] {_escape(message)}", soft_wrap=True)


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)
