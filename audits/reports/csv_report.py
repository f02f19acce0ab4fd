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
``3-4`` became a date, ``(123)`` a negative number, ``May 2024`` a date, a ratio
``3:1`` the time 03:01, ``TRUE`` a boolean and ``#N/A`` an error value. The rule
holds for every text column, not only the free-text ones: a document id is a file
name or a URL, which an attacker names as easily as a title. Excel shows the
apostrophe as a text marker, not as a character; other readers keep it (pipelines
have the JSONL report).

A cell over what Excel keeps in one (``EXCEL_CELL_LIMIT``) is cut, and ends in a
marker that says so; the JSON report keeps the whole text.

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
    # Added after the finding's columns, so that a sheet or script that reads the
    # columns above by position still reads them: the threshold P was judged against,
    # the confidence in a named source language, and why none was named (the JSON's
    # ``source_lang_unnamed``: its reason, and the languages of a tie or, for
    # "unlearnt", those the classifier never learnt whose spellings the text is in).
    "threshold",
    "source_lang_confidence",
    "source_lang_unnamed",
    "source_lang_tied",
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
# A number in brackets is a negative one to Excel ("(123)" became -123), a whole number
# and a fraction a mixed number ("1 1/2" became 1.5), and an English month with a day
# or a year a date ("May 2024" became 01/05/2024, shown as May-24; "5 March", "Mar-5",
# "March 5, 2024"), with a time a date and time ("Jan 1 12:00").
# It is matched against the text stripped of white space at both ends (Excel trims it),
# and every run of white space or digits is possessive (*+, ++): two runs side by side
# ("( " then a number's own "$ ") tried every split of a long run between them, and a
# cell of 5,000 spaces took seconds, growing as the square of its length.
_NUMBER = r"[$€£]?\s*+(\d[\d,]*+(\.\d*+)?|\.\d++)([eE][-+]?\d++)?\s*+%?"
_MONTH = (
    r"(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?"
    r"|sep(tember)?|oct(ober)?|nov(ember)?|dec(ember)?)"
)
# A time's minutes and seconds may be one digit ("3:1" is 03:01, a ratio in an article
# that became a time), its hours run past 24 (Excel reads "100:30" as elapsed hours) and
# its last part may have a fraction ("12:30.5" is 12 minutes 30.5 seconds).
_TIME = r"\d{1,4}:\d{1,2}(:\d{1,2})?(\.\d++)?"
# TRUE and FALSE in any case became Excel's booleans, and an error's name its error
# value ("#N/A" then broke every SUM over the column). The newer names (#SPILL! on)
# are marked too, though not every Excel may make a typed one its error: a mark costs
# a visible ' in other readers, a miss an error cell.
_LITERAL = (
    r"true|false|#(null!|div/0!|value!|ref!|name\?|num!|n/a|getting_data"
    r"|spill!|calc!|field!|blocked!|connect!|busy!|unknown!|python!)"
)
EXCEL_COERCES = re.compile(
    rf"{_LITERAL}|{_NUMBER}|\(\s*+{_NUMBER}\s*+\)|\d++\s++\d++/\d++"
    rf"|\d{{1,2}}(?P<sep>[-/])\d{{1,2}}((?P=sep)\d{{1,4}})?(\s++{_TIME})?"
    rf"|{_TIME}\s*+([aApP][mM])?"
    rf"|(\d{{1,2}}[-/ ]++{_MONTH}([-/ ,]++\d{{1,4}})?"
    rf"|{_MONTH}[-/ ]++\d{{1,4}}(,?\s*+\d{{1,4}})?)(\s++{_TIME})?",
    re.IGNORECASE,
)

# Excel opens a CSV file as UTF-8 only when it starts with a byte order mark; without
# one it reads the system's ANSI code page, so "Sergueï" showed as "SergueÃ¯" and
# every curly quote as three letters, in the tool people open these files with.
# LibreOffice, Google Sheets, pandas and Python's "utf-8-sig" codec skip the mark;
# pipelines that want bare UTF-8 have the JSONL report.
EXCEL_BOM = "\ufeff"


# What Excel keeps in a cell, in UTF-16 code units ("Total number of characters that a
# cell can contain: 32,767"). A longer cell (a page with no sentence ends is one
# 100,000-character "sentence") was split by Excel over the next rows, which then read
# as findings of their own, or cut without a word.
EXCEL_CELL_LIMIT = 32_767


def neutralise(value: object) -> object:
    """A cell value a spreadsheet will show as text, never run as a formula, and
    within what a cell holds (``capped``)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return value
    whole = str(value)
    text = _FORMULA_AFTER_SEMICOLON.sub(";'", whole)
    if _FORMULA_START.match(text) or EXCEL_COERCES.fullmatch(text.strip()):
        text = "'" + text
    return capped(text, whole)


def capped(text: str, whole: str) -> str:
    """``text`` within ``EXCEL_CELL_LIMIT``, cut where it is longer, with a marker that
    says so and gives the length of the ``whole`` text it was made from, in Excel's
    characters (UTF-16 code units, as the limit is counted); the JSON and JSONL
    reports keep the whole text."""
    # Even a text of characters past U+FFFF alone (two code units each) fits: no count.
    if len(text) * 2 <= EXCEL_CELL_LIMIT or _utf16_length(text) <= EXCEL_CELL_LIMIT:
        return text
    # No ";" in the marker: Excel where ";" is the list separator splits a cell there.
    marker = (
        f" […cut: {_utf16_length(whole):,} characters in all, the JSON report has the whole text]"
    )
    room = EXCEL_CELL_LIMIT - _utf16_length(marker)
    kept = used = 0
    for ch in text:
        # A character past U+FFFF takes two code units, and is never split in two.
        used += 2 if ord(ch) > 0xFFFF else 1
        if used > room:
            break
        kept += 1
    return text[:kept] + marker


def _utf16_length(text: str) -> int:
    # A lone surrogate (which intake replaces, but a library caller may pass) is one unit.
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


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
    unnamed = v.get("source_lang_unnamed") or {}
    return {
        "document": entry.get("id"),
        "title": entry.get("title"),
        "url": entry.get("url"),
        "status": entry.get("status", "ok"),
        "probability": v.get("probability"),
        "translated_probability": v.get("translated_probability"),
        "machine_translated": v.get("machine_translated"),
        "source_lang_guess": v.get("source_lang"),
        "threshold": v.get("threshold"),
        "source_lang_confidence": v.get("source_lang_confidence"),
        "source_lang_unnamed": unnamed.get("reason"),
        # Codes, space-separated: one cell a filter can match a language in.
        "source_lang_tied": " ".join(unnamed.get("tied") or ()) or None,
    }


def _finding_cells(f: Mapping[str, Any]) -> dict[str, Any]:
    keys = COLUMNS[COLUMNS.index("code") : COLUMNS.index("fingerprint") + 1]
    return {k: f.get(k) for k in keys}


def _row(cells: Mapping[str, Any]) -> list[object]:
    return [neutralise(cells.get(column)) for column in COLUMNS]
