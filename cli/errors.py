"""Turning the engine's user-facing errors (and contradictory flags) into one line and
exit status 2."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

import typer

from audits.errors import MtauditError, UsageError
from cli.console import error_line

F = TypeVar("F", bound=Callable[..., Any])


def handles_errors(func: F) -> F:
    """A command whose MtauditError ends it with one line and status 2; flags that
    contradict each other in any command are refused first, the same way."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            _one_config_choice(kwargs)
            return func(*args, **kwargs)
        except MtauditError as exc:
            error_line(str(exc))
            raise typer.Exit(2) from None

    return wrapper  # type: ignore[return-value]


def _one_config_choice(params: dict[str, Any]) -> None:
    """`--config FILE --isolated` (a job's template adding --isolated to a command that
    had --config) read FILE and gated on it, though --isolated promises no config
    file is read: refused in every command that takes both, as neither can be meant."""
    if params.get("config_file") and params.get("isolated"):
        raise UsageError(
            "--config and --isolated contradict each other (--isolated reads no config "
            "file); pass one of them"
        )
