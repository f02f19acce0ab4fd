"""The trend report as CSV: one row per document, for spreadsheets.

Columns are only ever added at the end (``threshold`` came after ``error``), so a
sheet or script that reads them by position keeps working; see README.
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
    # The threshold the document's verdict was judged with, as the terminal table
    # prints P against it: without it a row read 0.52 could not say machine-translated
    # or not once results judged with other thresholds were mixed in one window.
    "threshold",
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
