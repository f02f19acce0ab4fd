"""Report formats, picked by name (like pip-audit's output formats): each name's
reporter and the file extensions that ask for it."""

from __future__ import annotations

from pathlib import PurePath

from audits.errors import UsageError
from audits.reports.base import Reporter
from audits.reports.csv_report import CsvReporter
from audits.reports.github_report import GithubReporter
from audits.reports.html_report import HtmlReporter
from audits.reports.json_report import JsonReporter
from audits.reports.jsonl_report import JsonlReporter
from audits.reports.markdown_report import MarkdownReporter
from audits.reports.sarif_report import SarifReporter
from audits.reports.terminal import TerminalReporter

REPORTERS: dict[str, type[Reporter]] = {
    cls.name: cls
    for cls in (
        TerminalReporter,
        JsonReporter,
        HtmlReporter,
        MarkdownReporter,
        CsvReporter,
        JsonlReporter,
        SarifReporter,
        GithubReporter,
    )
}

# File extensions that name a format in `--output PATH`.
EXTENSIONS: dict[str, str] = {
    ext: name for name, cls in REPORTERS.items() for ext in cls.file_extensions()
}


def format_for_path(path: str | PurePath) -> str | None:
    """The format a file name asks for by its extension; the longest match wins."""
    name = PurePath(path).name.lower()
    for ext in sorted(EXTENSIONS, key=len, reverse=True):
        if name.endswith(ext) and len(name) > len(ext):
            return EXTENSIONS[ext]
    return None


def get_reporter(name: str, **options: object) -> Reporter:
    try:
        cls = REPORTERS[name]
    except KeyError:
        raise UsageError(
            f"unknown report format {name!r}; choose one of {', '.join(REPORTERS)}"
        ) from None
    return cls(**options)  # type: ignore[arg-type]
