"""`mtaudit rules [CODE]`: list the rules, or explain one."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from typing import Annotated

import typer
from rich.console import Console, ConsoleOptions, RenderableType
from rich.text import Text

from audits.errors import UsageError
from audits.reports.fitted_table import Column, FittedTable, fits, fitting
from audits.rules import FAMILIES, Rule, code_of, did_you_mean
from cli import options as opt
from cli.console import STDOUT_CLOSED_NO_FILE, print_lines, print_report, wants_color
from cli.errors import handles_errors
from cli.outputs import TEXT_OR_JSON, choose_format


def register(app: typer.Typer) -> None:
    app.command("rules")(rules)


@handles_errors
def rules(
    code: Annotated[
        str | None,
        typer.Argument(
            metavar="CODE",
            help="A rule code or name to explain (C201, french-calque), or a family or prefix "
            "to list (N, T1).",
        ),
    ] = None,
    output_format: opt.TextOrJson = "terminal",
) -> None:
    """List every rule, or explain one: what it catches, why it matters, an example."""
    # The rules load here, not with the module: `mtaudit --help` imports it.
    from audits.rule_catalog import get_rule

    choose_format(output_format, TEXT_OR_JSON)
    # A rule's name (french-calque), as this list shows it beside its code, names it too.
    rule = get_rule(code_of(code)) if code is not None else None
    if rule is None:
        listed = _listed(code)
        if output_format == "json":
            print_report(
                json.dumps([_rule_dict(r) for r in listed], indent=2) + "\n",
                "json",
                closed=STDOUT_CLOSED_NO_FILE,
            )
            return
        families = ", ".join(f"{k} = {v}" for k, v in FAMILIES.items())
        # Piped (to grep, less, a file) every rule is one whole line, never wrapped.
        print_lines(
            _RuleList(listed),
            Text(f"Families: {families}. `mtaudit rules CODE` explains one."),
            piped_width=_UNWRAPPED,
        )
        return
    if output_format == "json":
        print_report(
            json.dumps(_rule_dict(rule), indent=2) + "\n", "json", closed=STDOUT_CLOSED_NO_FILE
        )
    elif wants_color(sys.stdout):
        # Here: rich's Markdown and markdown-it are a thirtieth of a second of every
        # `mtaudit` process, which imports this module to register the command.
        from rich.markdown import Markdown

        print_lines(Markdown(rule.explain()))
    else:
        print_report(rule.explain() + "\n", "terminal", closed=STDOUT_CLOSED_NO_FILE)


def _listed(prefix: str | None) -> list[Rule]:
    """Every rule (no ``prefix``, or ``ALL``), or those whose code starts with ``prefix``
    (as --select reads it)."""
    from audits.rule_catalog import all_rules

    everything = list(all_rules().values())
    if prefix is None:
        return everything
    wanted = prefix.strip().upper()
    if wanted == "ALL":  # as --select ALL reads it: `rules ALL` was "no rule or prefix"
        return everything
    found = [r for r in everything if wanted and r.code.startswith(wanted)]
    if not found:
        raise UsageError(
            f"no rule or prefix {prefix!r}{did_you_mean(prefix, everything)}; "
            "`mtaudit rules` lists them"
        )
    return found


# Wide enough for the longest row; a table that fits is only as wide as its text.
_UNWRAPPED = 10_000
# What gives way on a narrow terminal, first to last: the family is the code's first
# letter, and `mtaudit rules CODE` tells the rest. The code and name always stay.
_DROPPED_FIRST = ("Family", "Languages", "Severity", "Summary")


class _RuleList:
    """The rules' table, or on a terminal too narrow for even its code and name columns
    (under 27 columns) one rule a line, its code first: rich shrank the code's column
    there and cut every code ("C20" for C201 at 25 columns, "C" at 20), the one thing
    a reader types next. A name too long for the line wraps after its code."""

    def __init__(self, listed: list[Rule]) -> None:
        self.listed = listed
        self.table = _table(listed)

    def __rich_console__(
        self, console: Console, options: ConsoleOptions
    ) -> Iterator[RenderableType]:
        width = options.max_width
        if fits(fitting(self.table.columns, width, self.table.dropped_first), width):
            yield self.table
            return
        for r in self.listed:
            yield Text(f"{r.code} {r.name}", overflow="fold")


def _table(listed: list[Rule]) -> FittedTable:
    # Names are what --select users type next: whole where they fit, folded (never
    # cut to "name-spel…") where even the code and the name alone do not.
    table = FittedTable(
        [
            Column("Code", no_wrap=True),
            Column("Name", folds_last=True),
            *(Column(header) for header in ("Family", "Severity", "Languages", "Summary")),
        ],
        _DROPPED_FIRST,
    )
    for r in listed:
        table.add_row(
            r.code,
            r.name,
            r.family,
            str(r.severity),
            ", ".join(r.source_langs) or "-",
            r.summary + ("" if r.default_enabled else " (off by default)"),
        )
    return table


def _rule_dict(r: Rule) -> dict[str, object]:
    return {
        "code": r.code,
        "name": r.name,
        "family": r.family,
        "severity": str(r.severity),
        "source_langs": list(r.source_langs),
        "default_enabled": r.default_enabled,
        "summary": r.summary,
        "what": r.what.strip(),
        "why": r.why.strip(),
        "example": r.example.strip(),
    }
