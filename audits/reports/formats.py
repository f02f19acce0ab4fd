"""The report formats' names, without their reporters.

Help text (`mtaudit --help`, `audit --format`) and the reading of a format setting
need only the names; importing every reporter to list them loaded the engine, its
lexicons and the HTML writer into every `mtaudit` process. The registry
(``audits.reports.registry``, ``audits.reports.trend``) pairs each name with its
reporter; a test holds them to the same names in the same order.
"""

from __future__ import annotations

# In the order the help lists them, the registry's order.
FORMAT_NAMES: tuple[str, ...] = (
    "terminal",
    "json",
    "html",
    "markdown",
    "csv",
    "jsonl",
    "sarif",
    "github",
)

# The trend reports of `mtaudit report` (``audits.reports.trend``), in its order.
TREND_FORMAT_NAMES: tuple[str, ...] = ("terminal", "json", "html", "markdown", "csv")


def format_named(value: str) -> str:
    """A format name in any case, as extensions are read ("JSON" is json); a name no
    reporter has stays as written, so the error that refuses it quotes it so."""
    return value.lower() if value.lower() in FORMAT_NAMES else value
