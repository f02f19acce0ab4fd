"""How the help names parameters, where typer 0.29's own rendering misleads.

Each change replaces one method of typer's parameter or command classes (or, once a
help is printed, a name in its help module) and is left out where a typer has no
such name: the help's rendering stays typer's own.
"""

from __future__ import annotations

import inspect
from typing import Any

import typer.core
from rich.text import Text


def apply() -> None:
    _flags_show_no_type()
    _arguments_show_their_metavar()
    _nothing_cut()


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


def _nothing_cut() -> None:
    """typer 0.29's help panels cut what did not fit at 80 columns (a CI log, a pipe,
    many a terminal) with an ellipsis: option names, `--context-sentenc…`,
    `--no-fetch-arti…`, flags nobody could then type, and long words of their help,
    `$MTAUDIT_CACHE_DI…`. What does not fit is folded onto the next line instead.
    Done when a help is printed: typer's help module costs every run a tenth of a
    second to import."""
    for kind in (
        getattr(typer.core, "TyperCommand", None),
        getattr(typer.core, "TyperGroup", None),
    ):
        shown = getattr(kind, "format_help", None)
        if kind is None or shown is None:
            continue

        def format_help(self: Any, ctx: Any, formatter: Any, shown: Any = shown) -> None:
            _fold_help_panels()
            shown(self, ctx, formatter)

        kind.format_help = format_help  # type: ignore[method-assign]


# typer's option rows: [required,] long names, short names, --no- long names, --no-
# short names, metavar, help.
_OPTION_ROW = (6, 7)


def _stacked(row: tuple[Any, ...]) -> tuple[Any, ...]:
    """An option row with its --no- name under its name, in one column: side by side,
    `--fetch-private-links --no-fetch-private-links` took 50 of 80 columns, and the help
    was left a word a line."""
    if len(row) not in _OPTION_ROW:
        return row
    at = len(row) - 6
    name, negative = row[at], row[at + 2]
    if not (isinstance(name, Text) and isinstance(negative, Text) and negative.plain):
        return row
    both = name.copy()
    both.append("\n")
    both.append_text(negative)
    return (*row[:at], both, row[at + 1], Text(""), *row[at + 3 :])


# Below this many columns an option's help goes under its names, not beside them: at
# 50 columns the names, short names and value took all but 6 columns, and the help was
# printed a few letters a line ("termin", "al,").
NARROW_HELP_BELOW = 80


def _help_width(panels: Any) -> int:
    """The width typer prints its help at (COLUMNS, TERMINAL_WIDTH or the terminal's)."""
    console = getattr(panels, "_get_rich_console", None)
    if console is None:
        return NARROW_HELP_BELOW
    return int(console().width)


def _one_cell(row: tuple[Any, ...]) -> Any:
    """An option row as one cell: its names and value on a line (`--format, -f FMT`,
    `--lm / --no-lm`), its help indented under them, with the whole width to fold in."""
    from rich.console import Group
    from rich.padding import Padding

    at = len(row) - 6
    required = row[0] if at else ""
    name, short, negative, negative_short, value, help_cell = row[at:]
    head = Text()
    if isinstance(required, Text) and required.plain:
        head.append_text(required)
        head.append(" ")
    named = False
    for part, before in (
        (name, ""),
        (short, ", "),
        (negative, " / "),
        (negative_short, ", "),
        (value, " "),
    ):
        if isinstance(part, Text) and part.plain:
            head.append(before if named else "")
            head.append_text(part)
            named = True
    head.overflow = "fold"
    return Group(head, Padding(help_cell, (0, 0, 0, 4)))


def _fold_help_panels() -> None:
    """Fold, not cut, in the tables of typer's help panels and in each option's help
    (once; where typer has no such names, its rendering stays its own)."""
    import typer.rich_utils as panels

    if getattr(panels, "_mtaudit_folds", False):
        return
    panels._mtaudit_folds = True  # type: ignore[attr-defined]
    table = getattr(panels, "Table", None)
    if table is not None and hasattr(table, "add_row"):
        narrow_below = NARROW_HELP_BELOW

        class HelpTable(table):  # type: ignore[misc, valid-type]
            def __init__(self, *args: Any, **kwargs: Any) -> None:
                super().__init__(*args, **kwargs)
                # Once a table: asked for each row, it made a console per option.
                self.narrow = _help_width(panels) < narrow_below

            def add_row(self, *renderables: Any, **options: Any) -> None:
                if len(renderables) in _OPTION_ROW and self.narrow:
                    super().add_row(_one_cell(renderables), **options)
                    return
                super().add_row(*_stacked(renderables), **options)  # adds missing columns
                for column in self.columns:
                    column.overflow = "fold"
                # An option's names (all but the last two columns, its metavar and its
                # help) are kept whole: folded, `--context-sentences` read
                # `--context-sentence` and `s` on the next line at 80 columns.
                if len(self.columns) in _OPTION_ROW:
                    for column in self.columns[:-2]:
                        column.no_wrap = True

        panels.Table = HelpTable  # type: ignore[misc]
    help_of = getattr(panels, "_get_parameter_help", None)
    if help_of is not None:

        def parameter_help(*args: Any, **kwargs: Any) -> Any:
            # Its own grid (a Columns of Text) would cut a long word of the help,
            # whatever the panel's column does.
            cell = help_of(*args, **kwargs)
            for item in getattr(cell, "renderables", []):
                if isinstance(item, Text):
                    item.overflow = "fold"
            return cell

        panels._get_parameter_help = parameter_help
