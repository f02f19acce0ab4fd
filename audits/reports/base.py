"""One small class per report format behind one interface, picked by name.

Audit reports, trend reports and compare reports render different subjects
(a RunAudit, a trend dict, a CompareResult) but share what a format is: a name,
the extensions that pick it in `--output PATH`, and colour/width settings.
"""

from __future__ import annotations

import io
import re
from abc import ABC, abstractmethod
from typing import ClassVar, Generic, TypeVar

from rich.console import Console
from rich.text import Text

from audits.document import RunAudit

Subject = TypeVar("Subject")


class FormatReporter(ABC, Generic[Subject]):
    name: ClassVar[str]
    # The extension a file of this format gets; "" for formats meant for
    # stdout (their files need FORMAT:PATH).
    extension: ClassVar[str]
    # Every extension that names this format in `--output PATH`, longest
    # match first (".sarif.json" beats ".json"); defaults to ``extension``.
    extensions: ClassVar[tuple[str, ...]] = ()
    description: ClassVar[str]

    @classmethod
    def file_extensions(cls) -> tuple[str, ...]:
        return cls.extensions or ((cls.extension,) if cls.extension else ())

    def __init__(self, *, color: bool = False, width: int | None = None) -> None:
        self.color = color
        self.width = width
        # What the last render found that the report alone would not tell in time (a
        # SARIF log that its upload will refuse): the CLI prints each on stderr.
        self.warnings: list[str] = []

    @abstractmethod
    def render(self, subject: Subject) -> str:
        """The whole report as text."""


class Reporter(FormatReporter[RunAudit]):
    """Renders a RunAudit. Every format renders from the same RunAudit, so they agree."""


def text_console(
    color: bool, width: int | None, default_width: int = 100
) -> tuple[Console, io.StringIO]:
    """A rich console that renders into a string: ANSI colours only when asked for."""
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        force_terminal=color,
        no_color=not color,
        color_system="standard" if color else None,
        width=width or default_width,
        highlight=False,
        emoji=False,
    )
    return console, buffer


# A CI runner takes a log line that starts (after white space) with "::", "##[" or
# "##vso[" for a command to it: GitHub Actions' "::error::", "::add-mask::" and
# "::stop-commands::", the older "##[error]", Azure Pipelines' "##vso[". A document
# whose id was "::error::..." began a row of the summary table, and the report printed
# in a job made a fake error annotation on the pull request. A zero-width space before
# such a line's first character keeps it a line of the report and shows nothing.
# Colour codes may come between the spaces (a bold cell after a plain one: "  ESC[1m
# ESC[0m ESC[1m::error::"), and the runner reads the line once they are stripped.
_RUNNER_COMMAND = re.compile(r"^((?:[^\S\n]|\x1b\[[0-9;]*m)*)(?=::|##\[|##vso\[)", re.MULTILINE)


def without_runner_commands(text: str) -> str:
    """``text`` with no line a CI runner's command (what prints a report calls this)."""
    return _RUNNER_COMMAND.sub("\\1\u200b", text)


def separated(parts: list[Text], width: int, separator: str = " · ") -> Text:
    """``parts`` joined by ``separator``, which becomes a line end where the next part
    would not fit in ``width``: rich wraps at any space, so a summary on a narrow
    terminal ended a line on " ·" with its next item below. A part wider than the
    line still wraps inside, and the next one starts a line of its own."""
    out = Text()
    used = 0
    for i, part in enumerate(parts):
        if i and used + len(separator) + part.cell_len <= width:
            out.append(separator)
            used += len(separator)
        elif i:
            out.append("\n")
            used = 0
        out.append_text(part)
        used = used + part.cell_len if part.cell_len <= width else width
    return out
