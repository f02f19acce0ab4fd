"""Report formats, picked by name (like pip-audit's output formats): each name's
reporter and the file extensions that ask for it."""

from __future__ import annotations

import importlib
from functools import cache
from pathlib import PurePath
from typing import TYPE_CHECKING

from audits.errors import UsageError

if TYPE_CHECKING:
    from audits.reports.base import Reporter

# Each format's reporter, the module defining it and the extensions that name it in
# `--output PATH` (the class's own `file_extensions()`, written out here so that
# `-o r.html` finds its format without importing the reporters; a test checks the
# two agree), in the help's order: a run imports the reporters it writes, where
# importing all eight (the HTML writer, SARIF, GitHub's annotations) took a
# twentieth of a second of every terminal report.
_DEFINED_IN: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "terminal": ("audits.reports.terminal", "TerminalReporter", (".txt",)),
    "json": ("audits.reports.json_report", "JsonReporter", (".json",)),
    "html": ("audits.reports.html_report", "HtmlReporter", (".html", ".htm")),
    "markdown": ("audits.reports.markdown_report", "MarkdownReporter", (".md", ".markdown")),
    "csv": ("audits.reports.csv_report", "CsvReporter", (".csv",)),
    "jsonl": ("audits.reports.jsonl_report", "JsonlReporter", (".jsonl", ".ndjson")),
    "sarif": ("audits.reports.sarif_report", "SarifReporter", (".sarif", ".sarif.json")),
    "github": ("audits.reports.github_report", "GithubReporter", ()),
}


def reporter_class(name: str) -> type[Reporter]:
    """The reporter of the format ``name``, its module imported now."""
    try:
        module, attribute, _ = _DEFINED_IN[name]
    except KeyError:
        raise UsageError(
            f"unknown report format {name!r}; choose one of {', '.join(_DEFINED_IN)}"
        ) from None
    cls: type[Reporter] = getattr(importlib.import_module(module), attribute)
    return cls


@cache
def _reporters() -> dict[str, type[Reporter]]:
    return {name: reporter_class(name) for name in _DEFINED_IN}


@cache
def _extensions() -> dict[str, str]:
    """File extensions that name a format in `--output PATH`; imports no reporter."""
    return {ext: name for name, (_, _, exts) in _DEFINED_IN.items() for ext in exts}


def __getattr__(name: str) -> object:
    # REPORTERS imports every reporter: built when first read.
    if name == "REPORTERS":
        return _reporters()
    if name == "EXTENSIONS":
        return _extensions()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def format_for_path(path: str | PurePath) -> str | None:
    """The format a file name asks for by its extension; the longest match wins."""
    name = PurePath(path).name.lower()
    extensions = _extensions()
    for ext in sorted(extensions, key=len, reverse=True):
        if name.endswith(ext) and len(name) > len(ext):
            return extensions[ext]
    return None


def get_reporter(name: str, **options: object) -> Reporter:
    return reporter_class(name)(**options)  # type: ignore[arg-type]
