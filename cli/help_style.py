"""How the help names parameters, where typer 0.29's own rendering misleads.

Each change replaces one method of typer's parameter classes and is left out where a
typer has no such method: the help's rendering stays typer's own.
"""

from __future__ import annotations

import inspect
from typing import Any

import typer.core


def apply() -> None:
    _flags_show_no_type()
    _arguments_show_their_metavar()


def _flags_show_no_type() -> None:
    """typer 0.29's help shows a flag's type in the column for an option's value,
    `--isolated <bool>`, `--lm --no-lm <bool>`, as if each took a value (which click then
    refuses: "Option '--isolated' does not take a value")."""
    option = getattr(typer.core, "TyperOption", None)
    shown = getattr(option, "display_type_rich", None)
    if option is None or shown is None:
        return

    def display_type_rich(self: Any, ctx: Any) -> str | None:
        return None if getattr(self, "is_flag", False) else shown(self, ctx)

    option.display_type_rich = display_type_rich


def _arguments_show_their_metavar() -> None:
    """typer 0.29 showed `PATH <list[str]>` in the arguments panel (Python's type of
    the parameter, not what to type) and `{PATH}...` in the usage line. An argument is
    shown by its metavar alone, with "..." when it takes several (`PATH...`), and the
    usage line reads as click's: `PATH...`, `[PATH]...`, `RUN_ID`, `[CODE]`. Errors still
    name it as the metavar does ("Missing argument 'PATH'")."""
    argument = getattr(typer.core, "TyperArgument", None)
    if argument is None or not all(
        hasattr(argument, name)
        for name in (
            "display_type_rich",
            "display_name_raw",
            "get_error_hint",
            "_usage_display_name",
        )
    ):
        return
    named = inspect.getattr_static(argument, "display_name_raw")
    if not isinstance(named, property):  # a later typer's method would break every help
        return

    def plain(self: Any) -> str:
        return named.fget(self)  # type: ignore[no-any-return]

    def many(self: Any) -> str:
        # A metavar that spells out its repeats ("HYP REF [REF...]") gets none more.
        return "" if self.nargs == 1 or "..." in plain(self) else "..."

    def display_name_raw(self: Any) -> str:
        # What the arguments panel shows, where typer adds "..." only without a metavar.
        return plain(self) + many(self) if self.metavar is not None else plain(self)

    def get_error_hint(self: Any) -> str:
        return f"'{plain(self)}'"

    def usage_display_name(self: Any) -> str:
        return plain(self) + many(self) if self.required else f"[{plain(self)}]{many(self)}"

    argument.display_type_rich = lambda self, ctx: None
    argument.display_name_raw = property(display_name_raw)
    argument.get_error_hint = get_error_hint
    argument._usage_display_name = usage_display_name
