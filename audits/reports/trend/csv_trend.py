"""The trend report as CSV: one row per document, for spreadsheets.

Per-day and per-source figures are sums over these rows; formula-like cells
are neutralised and the text starts with a byte order mark, as in the audit CSV.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from audits.reports.csv_report import EXCEL_BOM, neutralise
from audits.reports.trend.base import TrendReporter

COLUMNS = (
    "document",
    "title",
    "url",
    "source",
    "source_label",
    "status",
    "appearance",
    "first_seen",
    "last_seen",
    "last_run",
    "machine_translated",
    "probability",
    "source_lang",
    "newly_flagged",
    "findings",
    "codes",
    "error",
)


class CsvTrendReporter(TrendReporter):
    name = "csv"
    extension = ".csv"
    description = "one row per document of the window (or the new ones), for spreadsheets"

    def render(self, trend: dict[str, Any]) -> str:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(COLUMNS)
        for d in trend["documents"]:
            cells = {
                **d,
                "document": d["id"],
                "codes": " ".join(f"{c}×{n}" for c, n in d["by_code"].items()),
            }
            writer.writerow([neutralise(cells.get(column)) for column in COLUMNS])
        return EXCEL_BOM + buffer.getvalue()
