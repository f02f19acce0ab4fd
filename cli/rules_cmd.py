"""`mtaudit rules [CODE]`: list the rules, or explain one."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer
from rich import box
from rich.console import Console
from rich.markdown import Markdown
from rich.table import Table

from audits.detectors.registry import all_rules, get_rule
from audits.errors import UsageError
from audits.rules import FAMILIES, Rule
from cli import options as opt
from cli.console import wants_color
from cli.errors import handles_errors
from cli.outputs import TEXT_OR_JSON, choose_format


def register(app: typer.Typer) -> None:
    app.command("rules")(rules)


@handles_errors
def rules(
    code: Annotated[str | None, typer.Argument(help="A rule code, e.g. C201.")] = None,
    output_format: opt.TextOrJson = "terminal",
) -> None:
    """List every rule, or explain one: what it catches, why it matters, an example."""
    choose_format(output_format, TEXT_OR_JSON)
    console = Console(no_color=not wants_color(sys.stdout), highlight=False)
    if code is None:
        everything = list(all_rules().values())
        if output_format == "json":
            typer.echo(json.dumps([_rule_dict(r) for r in everything], indent=2))
            return
        table = Table(box=box.SIMPLE_HEAVY)
        for column in ("Code", "Name", "Family", "Severity", "Languages", "Summary"):
            table.add_column(column)
        for r in everything:
            table.add_row(
                r.code,
                r.name,
                r.family,
                str(r.severity),
                ",".join(r.source_langs) or "-",
                r.summary + ("" if r.default_enabled else " (off by default)"),
            )
        console.print(table)
        families = ", ".join(f"{k} = {v}" for k, v in FAMILIES.items())
        console.print(f"Families: {families}. `mtaudit rules CODE` explains one.")
        return
    rule = get_rule(code)
    if rule is None:
        raise UsageError(f"no rule {code!r}; `mtaudit rules` lists them")
    if output_format == "json":
        typer.echo(json.dumps(_rule_dict(rule), indent=2))
    elif wants_color(sys.stdout):
        console.print(Markdown(rule.explain()))
    else:
        typer.echo(rule.explain())


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
