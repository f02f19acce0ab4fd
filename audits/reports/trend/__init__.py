"""Trend report formats (``mtaudit report``), picked by name like the audit reports."""

from __future__ import annotations

from pathlib import PurePath

from audits.errors import UsageError
from audits.reports.trend.base import TrendReporter
from audits.reports.trend.csv_trend import CsvTrendReporter
from audits.reports.trend.html_trend import HtmlTrendReporter
from audits.reports.trend.json_trend import JsonTrendReporter
from audits.reports.trend.markdown_trend import MarkdownTrendReporter
from audits.reports.trend.terminal_trend import TerminalTrendReporter

TREND_REPORTERS: dict[str, type[TrendReporter]] = {
    cls.name: cls
    for cls in (
        TerminalTrendReporter,
        JsonTrendReporter,
        HtmlTrendReporter,
        MarkdownTrendReporter,
        CsvTrendReporter,
    )
}


def trend_format_for_path(path: str | PurePath) -> str | None:
    """The format a file name asks for by its extension; the longest match wins."""
    name = PurePath(path).name.lower()
    extensions = {ext: fmt for fmt, cls in TREND_REPORTERS.items() for ext in cls.file_extensions()}
    for ext in sorted(extensions, key=len, reverse=True):
        if name.endswith(ext) and len(name) > len(ext):
            return extensions[ext]
    return None


def get_trend_reporter(name: str, **options: object) -> TrendReporter:
    try:
        cls = TREND_REPORTERS[name]
    except KeyError:
        raise UsageError(
            f"the trend report comes as {', '.join(TREND_REPORTERS)}, not {name!r}"
        ) from None
    return cls(**options)  # type: ignore[arg-type]


__all__ = ["TREND_REPORTERS", "TrendReporter", "get_trend_reporter", "trend_format_for_path"]
