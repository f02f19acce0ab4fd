"""The trend report as JSON: the ``mtaudit-trend/1`` contract every other format agrees with."""

from __future__ import annotations

from typing import Any

from audits.reports import strict_json
from audits.reports.trend.base import TrendReporter


class JsonTrendReporter(TrendReporter):
    name = "json"
    extension = ".json"
    description = "the trend report as JSON (schema mtaudit-trend/1)"

    def render(self, trend: dict[str, Any]) -> str:
        return strict_json.dumps(trend, ensure_ascii=False, indent=2) + "\n"
