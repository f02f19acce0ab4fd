"""Trend report formats: one small class per format, like the audit reports."""

from __future__ import annotations

from typing import Any

from audits.reports.base import FormatReporter


class TrendReporter(FormatReporter[dict[str, Any]]):
    """Renders a trend report (the ``mtaudit-trend/1`` dict of ``audits.trend``).

    ``job`` is the job the report was narrowed to (`report --job`), which the reports
    for people name: "no runs in this window" read as the whole history's. The JSON
    keeps its shape, so it is an option here rather than a field of the dict."""

    def __init__(self, *, color: bool = False, width: int | None = None, job: str | None = None):
        super().__init__(color=color, width=width)
        self.job = job
