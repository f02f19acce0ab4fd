"""The CSV report: one row per finding, for spreadsheets.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a
tab, carriage return or NUL, which some strip first) as a formula, so an article
saying ``=HYPERLINK("http://evil", "click")`` would become a live link. Such
text cells get a leading apostrophe (OWASP's advice), and so do cells where
spaces or line breaks come first (LibreOffice's "trim spaces" import strips
them, then runs the rest); numbers are written as numbers. OWASP also warns
of the field separator: Excel in a locale whose list separator is ``;``
(German, French) splits each line of this comma-separated file at every
``;``, so ``a;=HYPERLINK(CHAR(104)&...);b`` in an article opened there with a
live formula in a cell of its own. A ``;`` that a formula character follows
gets the apostrophe after it (``a;'=HYPERLINK...``). Text cells that Excel
would take for a number or a date and change get the leading apostrophe too
(``EXCEL_COERCES``): a fingerprint that is all digits became 1.23457E+15, one like
``1234e567...`` a power of ten, a record id ``0012`` lost its zeros, a flagged
``3-4`` became a date. Excel shows the apostrophe as a text marker, not as a
character; other readers keep it (pipelines have the JSONL report).

Every document has a row, so a sheet never silently drops one and counts the
documents the other formats count: an unreadable input gets one with ``status``
= error, and a document with no findings one with empty finding cells (a
machine-translated verdict can rest on the language model alone, and that article
was missing from the sheet).

The text starts with a UTF-8 byte order mark (see ``EXCEL_BOM``).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from typing import Any

from audits.document import RunAudit
from audits.reports.base import Reporter
from audits.reports.model import run_to_dict

COLUMNS = (
    "document",
    "title",
    "url",
    "status",
    "probability",
    "translated_probability",
    "machine_translated",
    "source_lang_guess",
    "code",
    "name",
    "family",
    "severity",
    "line",
    "column",
    "end_line",
    "end_column",
    "start",
    "end",
    "text",
    "message",
    "suggestion",
    "source_lang",
    "strength",
    "sentence",
    "fingerprint",
)
# What opens a formula at the start of a cell: =, +, - or @, also after spaces or line
# breaks (which some importers strip), and tab, carriage return and NUL by themselves
# (OWASP and ASVS 5.0 list them: some readers drop them and read what follows).
_FORMULA_START = re.compile(r"[\s\0]*[=+\-@]|[\t\r\0]")
# A formula start just after a ";", which Excel takes for the cell separator where the
# system's list separator is ";".
_FORMULA_AFTER_SEMICOLON = re.compile(r";(?=[\s\0]*[=+\-@])")
# Text Excel converts on opening a CSV file: numbers (a thousands separator, a decimal
# point, an exponent, a percent, a currency sign), and dates and times written with
# digits ("3-4", "1/2/24", "12:30"). An ISO date (2026-11-28) stays one: Excel reads it
# as that date, and the trend CSV's dates should sort and filter as dates.
EXCEL_COERCES = re.compile(
    r"\s*[$€£]?\s*(\d[\d,]*(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*%?\s*"
    r"|\s*\d{1,2}([-/])\d{1,2}(\4\d{1,4})?(\s+\d{1,2}:\d{2}(:\d{2})?)?\s*"
    r"|\s*\d{1,2}:\d{2}(:\d{2})?\s*([aApP][mM])?\s*",
)

# Excel opens a CSV file as UTF-8 only when it starts with a byte order mark; without
# one it reads the system's ANSI code page, so "Sergueï" showed as "SergueÃ¯" and
# every curly quote as three letters, in the tool people open these files with.
# LibreOffice, Google Sheets, pandas and Python's "utf-8-sig" codec skip the mark;
# pipelines that want bare UTF-8 have the JSONL report.
EXCEL_BOM = "\ufeff"


def neutralise(value: object) -> object:
    """A cell value a spreadsheet will show as text, never run as a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return value
    text = str(value)
    text = _FORMULA_AFTER_SEMICOLON.sub(";'", text)
    if _FORMULA_START.match(text) or EXCEL_COERCES.fullmatch(text):
        return "'" + text
    return text


class CsvReporter(Reporter):
    name = "csv"
    extension = ".csv"
    description = (
        "one row per finding (UTF-8 with a BOM, formula and number-like text cells "
        "neutralised), for spreadsheets"
    )

    def render(self, run: RunAudit) -> str:
        report = run_to_dict(run)
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(COLUMNS)
        in_run_findings = {
            place.get("document") for rf in report["run_findings"] for place in rf["places"]
        }
        for entry in report["documents"]:
            base = _document_cells(entry)
            if entry["status"] != "ok":
                writer.writerow(_row({**base, "message": entry["error"]}))
                continue
            if not entry["findings"] and entry["id"] not in in_run_findings:
                writer.writerow(_row(base))
            for f in entry["findings"]:
                writer.writerow(_row({**base, **_finding_cells(f)}))
        titles = {e["id"]: e for e in report["documents"]}
        for rf in report["run_findings"]:
            for place in rf["places"]:
                entry = titles.get(place.get("document"), {"id": place.get("document")})
                cells = {**_document_cells(entry), **_finding_cells(place)}
                cells["message"] = rf["message"]
                writer.writerow(_row(cells))
        return EXCEL_BOM + buffer.getvalue()


def _document_cells(entry: Mapping[str, Any]) -> dict[str, Any]:
    v = entry.get("verdict") or {}
    return {
        "document": entry.get("id"),
        "title": entry.get("title"),
        "url": entry.get("url"),
        "status": entry.get("status", "ok"),
        "probability": v.get("probability"),
        "translated_probability": v.get("translated_probability"),
        "machine_translated": v.get("machine_translated"),
        "source_lang_guess": v.get("source_lang"),
    }


def _finding_cells(f: Mapping[str, Any]) -> dict[str, Any]:
    keys = COLUMNS[COLUMNS.index("code") :]
    return {k: f.get(k) for k in keys}


def _row(cells: Mapping[str, Any]) -> list[object]:
    return [neutralise(cells.get(column)) for column in COLUMNS]
