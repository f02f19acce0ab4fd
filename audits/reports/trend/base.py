"""Trend report formats: one small class per format, like the audit reports."""

from __future__ import annotations

from typing import Any

from audits.reports.base import FormatReporter


class TrendReporter(FormatReporter[dict[str, Any]]):
    """Renders a trend report (the ``mtaudit-trend/1`` dict of ``audits.trend``)."""
