"""Turning the engine's user-facing errors into one line and exit status 2."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

import typer

from audits.errors import MtauditError
from cli.console import error_line

F = TypeVar("F", bound=Callable[..., Any])


def handles_errors(func: F) -> F:
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except MtauditError as exc:
            error_line(str(exc))
            raise typer.Exit(2) from None

    return wrapper  # type: ignore[return-value]
