"""The trend report for a terminal: a summary, then tables by day, source, rule and language."""

from __future__ import annotations

from typing import Any

from rich.text import Text

from audits.durations import week_days
from audits.reports.base import separated, text_console
from audits.reports.fitted_table import Column, FittedTable
from audits.reports.labels import (
    language_name,
    percent,
    plural,
    printable,
    shown_probability,
    source_language,
)
from audits.reports.trend.base import TrendReporter

# Rows shown per table; the JSON has them all.
MAX_ROWS = 25
_BLOCKS = " ▁▂▃▄▅▆▇█"


def share(value: float | None) -> str:
    return "-" if value is None else percent(value)


def spark(values: list[float | None]) -> str:
    """One block character per value in 0..1 (a space for no value)."""
    return "".join(
        " " if v is None else _BLOCKS[min(len(_BLOCKS) - 1, round(v * (len(_BLOCKS) - 1)))]
        for v in values
    )


def short_time(stamp: str | None) -> str:
    """``2026-05-01T06:00:00+00:00`` → ``2026-05-01 06:00``: the wall time in the report's
    zone (``zone_label``), which the report's times are given in."""
    if not stamp:
        return ""
    return stamp[:16].replace("T", " ") if len(stamp) >= 16 and stamp[10] == "T" else stamp


def zone_label(trend: dict[str, Any]) -> str:
    """The zone the report's days and times are in (``--tz``; a report made before
    there was one is UTC)."""
    return str(trend["window"].get("tz") or "UTC")


def periods(trend: dict[str, Any]) -> tuple[str, list[dict[str, Any]]]:
    """The period the report charts (``day``, or ``week`` with `report --per week`) and
    its rows, each labelled by that key (a report made before weeks were is by day)."""
    per = trend["window"].get("per") or "day"
    if per == "week" and "by_week" in trend:
        return "week", trend["by_week"]
    return "day", trend["by_day"]


def period_label(row: dict[str, Any], per: str) -> str:
    """A row's day or week as a table shows it: a week the window holds only in part
    says which of its days (``2026-W27 (07-01 to 07-05)``), where the label alone read
    as the whole week though the row counted some days of it (the JSON has them as
    ``from`` and ``to``)."""
    label = str(row[per])
    if per != "week" or not row.get("from") or not row.get("to"):
        return label
    if (row["from"], row["to"]) == week_days(label):
        return label
    return f"{label} ({row['from'][5:]} to {row['to'][5:]})"


def window_line(trend: dict[str, Any], job: str | None = None) -> str:
    w = trend["window"]
    # Both ends as they were asked: `--since 30d --until 7d` showed only "(30d)", as if
    # the window ran up to now.
    asked = " to ".join(str(w[k]) for k in ("since_spec", "until_spec") if w.get(k))
    spec = f" ({asked})" if asked else ""
    window = f"{short_time(w['since'])} → {short_time(w['until'])} {zone_label(trend)}{spec}"
    of = f" of job {job}" if job else ""
    if trend["scope"] == "new-only" and trend["latest_run"] is None:
        # It said "run None (the first run)".
        return f"New since the previous run{of}: no run in the window {window}"
    if trend["scope"] == "new-only":
        previous = trend["previous_run"]
        return f"New since the previous run{of}: run {trend['latest_run']}" + (
            f" against run {previous} and before" if previous else " (the first run)"
        )
    return f"Window{of}: {window}"


def no_runs_line(job: str | None) -> str:
    """What a report with no run in its window says: of the job asked for, if one was."""
    of = f" of job {job}" if job else ""
    return f"No runs{of} recorded in this window."


class TerminalTrendReporter(TrendReporter):
    name = "terminal"
    extension = ".txt"
    description = "tables for people reading a terminal"

    def render(self, trend: dict[str, Any]) -> str:
        console, buffer = text_console(self.color, self.width)
        s = trend["summary"]
        console.print(Text("mtaudit trend report", style="bold"))
        where = [Text(window_line(trend, self.job)), Text(f"history {trend['history']}")]
        console.print(separated(where, console.width), style="dim")
        mt_share = share(s["share_machine_translated"])
        line = [
            Text(plural(s["runs"], "run")),
            Text(
                f"{plural(s['documents'], 'document')} "
                f"({plural(s['audited'], 'audit')} run, {s['reused']} reused)"
            ),
            Text(
                f"{s['machine_translated']} machine-translated ({mt_share})",
                style="bold red" if s["machine_translated"] else "bold green",
            ),
            Text(f"{s['new']} new, {s['changed']} changed"),
            Text(f"{s['newly_flagged']} newly flagged"),
            Text(plural(s["errors"], "error")),
        ]
        console.print(separated(line, console.width))
        if not trend["runs"]:
            console.print(Text(no_runs_line(self.job)))
            return buffer.getvalue()
        per, days = periods(trend)
        if len(days) > 1:
            console.print(
                Text(f"Share machine-translated by {per}: ")
                + Text(spark([d["share_machine_translated"] for d in days]), style="red")
            )
        for table in (
            _days(days, zone_label(trend), per),
            _sources(trend["by_source"]),
            _flagged(trend["newly_flagged"]),
            _rules(trend["rules"]),
            _langs(trend["source_langs"]),
            _documents(trend),
        ):
            if table is not None:
                console.print(table)
        if len(trend["signatures"]) > 1:
            console.print(
                Text(
                    f"Note: the window mixes {len(trend['signatures'])} settings signatures; "
                    "results made with different settings may not compare.",
                    style="yellow",
                )
            )
        return buffer.getvalue()


def _table(title: str, *columns: str, dropped_first: tuple[str, ...] = ()) -> FittedTable:
    """A table that keeps its cells readable on a narrow terminal, ``dropped_first``
    giving way when they do not fit: rich cut them, "20…" for a day and "Do…" for a
    header at 44 columns."""
    return FittedTable(
        [Column(name, justify="left" if name in _TEXT_COLUMNS else "right") for name in columns],
        dropped_first,
        {"title": title, "title_justify": "left"},
    )


_TEXT_COLUMNS = {
    "Day",
    "Source",
    "Kind",
    "Document",
    "Flagged",
    "Rule",
    "Name",
    "Language",
    "Appeared",
    "Verdict",
    "Codes",
}


def shown_p(row: dict[str, Any]) -> str:
    """A document's P as the audit's tables print it: with the digits it takes to stand
    on its side of the threshold it was judged against ("0.47" beside "MT" and beside
    "-" read as two verdicts on one P)."""
    p = row["probability"]
    return "" if p is None else shown_probability(p, row.get("threshold"))


def left_out(total: int, shown: int, *, earlier: bool = False) -> str | None:
    """What a table cut to ``shown`` rows says of the rest: a 30-day report showed 25
    days, and a week's 40 newly flagged documents the 25 oldest, without a word."""
    if total <= shown:
        return None
    return f"… and {total - shown} {'earlier' if earlier else 'more'} (see --format json)"


def _days(days: list[dict[str, Any]], zone: str, per: str = "day") -> FittedTable | None:
    if not days:
        return None
    table = _table(
        f"By {per} ({zone})",
        *(per.title(), "Runs", "Documents", "MT", "Share", "New", "New MT"),
        dropped_first=("New MT", "New", "Runs", "Documents"),
    )
    for d in days[-MAX_ROWS:]:
        table.add_row(
            period_label(d, per),
            str(d["runs"]),
            str(d["documents"]),
            str(d["machine_translated"]),
            share(d["share_machine_translated"]),
            str(d["new"]),
            str(d["new_machine_translated"]),
        )
    table.caption = left_out(len(days), MAX_ROWS, earlier=True)
    return table


def _sources(sources: list[dict[str, Any]]) -> FittedTable | None:
    if not sources:
        return None
    table = _table(
        "By source",
        *("Source", "Kind", "Documents", "MT", "Share", "New"),
        dropped_first=("Kind", "New", "Documents"),
    )
    for g in sources[:MAX_ROWS]:
        table.add_row(
            Text(printable(g["label"])),
            g["kind"],
            str(g["documents"]),
            str(g["machine_translated"]),
            share(g["share_machine_translated"]),
            str(g["new"]),
        )
    table.caption = left_out(len(sources), MAX_ROWS)
    return table


def _flagged(flagged: list[dict[str, Any]]) -> FittedTable | None:
    if not flagged:
        return None
    table = _table(
        "Newly flagged",
        *("Flagged", "Document", "P(MT)", "Language", "Source"),
        dropped_first=("Source", "Language"),
    )
    # The latest, as for days: the ones a morning report is read for.
    for f in flagged[-MAX_ROWS:]:
        table.add_row(
            short_time(f["flagged"]),
            Text(printable(f["title"] or f["id"])),
            shown_p(f),
            source_language(f["source_lang"]),
            Text(printable(f["source_label"])),
        )
    table.caption = left_out(len(flagged), MAX_ROWS, earlier=True)
    return table


def _rules(rules: list[dict[str, Any]]) -> FittedTable | None:
    if not rules:
        return None
    table = _table(
        "Most frequent rules",
        *("Rule", "Name", "Findings", "Documents"),
        dropped_first=("Documents", "Name"),
    )
    for r in rules[:MAX_ROWS]:
        table.add_row(r["code"], r["name"], str(r["findings"]), str(r["documents"]))
    table.caption = left_out(len(rules), MAX_ROWS)
    return table


def _langs(langs: list[dict[str, Any]]) -> FittedTable | None:
    if not langs:
        return None
    table = _table("Source languages (machine-translated)", "Language", "Documents")
    for lang in langs[:MAX_ROWS]:
        table.add_row(language_name(lang["lang"]), str(lang["documents"]))
    table.caption = left_out(len(langs), MAX_ROWS)
    return table


def _documents(trend: dict[str, Any]) -> FittedTable | None:
    docs = trend["documents"]
    if trend["scope"] != "new-only":
        docs = [d for d in docs if d["machine_translated"]]
        title = "Machine-translated documents"
    else:
        title = "Documents new or changed since the previous run"
    if not docs:
        return None
    table = _table(
        title,
        *("Document", "Appeared", "Verdict", "P(MT)", "Language", "Codes"),
        dropped_first=("Codes", "Appeared", "Language"),
    )
    for d in docs[:MAX_ROWS]:
        if d["status"] != "ok":
            verdict = Text("error", style="red")
        elif d["machine_translated"]:
            verdict = Text("MT", style="red")
        else:
            verdict = Text("-", style="green")
        table.add_row(
            Text(printable(d["title"] or d["id"])),
            d["appearance"],
            verdict,
            shown_p(d),
            source_language(d["source_lang"]),
            " ".join(f"{c}×{n}" for c, n in d["by_code"].items()),
        )
    table.caption = left_out(len(docs), MAX_ROWS)
    return table
