"""Trend reports over several days: per-day and per-source shares, rules, source languages,
every format, and hostile input kept as text.

Four runs of hand-made audits (the sample article's expert findings point to French):

run 1, 2026-03-01 06:00  awani (MT, fr), clean-1
run 2, 2026-03-01 18:00  awani, clean-1, missing (unreadable)
run 3, 2026-03-02 06:00  awani, hostile (MT, fr; a feed with a hostile title), clean-2 (new)
run 4, 2026-03-03 06:00  awani edited into plain English (not MT), hostile, clean-2
"""

from __future__ import annotations

import dataclasses
import json
import re
from itertools import product
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from audits.config import AuditConfig
from audits.document import Document, DocumentAudit, RunAudit
from audits.engine import failed
from audits.history import HistoryStore
from audits.reports.svg_charts import Bar, bar_chart
from audits.reports.trend import TREND_REPORTERS, get_trend_reporter
from audits.sources.base import InputFailure
from audits.trend import build_trend
from cli.app import app
from tests.html_tree import parse
from tests.readme_examples import json_example, keys_after
from tests.report_fixtures import (
    HOSTILE_TITLE,
    hostile_audit,
    sample_audit,
    sample_document,
    unreadable_audit,
)

SCHEMA = json.loads(
    (Path(__file__).parent / "fixtures" / "mtaudit-trend-1.schema.json").read_text("utf-8")
)
HOSTILE_FEED = '<script>alert("feed")</script> & "Quotes"'
CLEAN = (
    "The city library extended its opening hours on Sundays from next month.\n\n"
    "Librarians said the change follows a survey of two thousand readers."
)
CLEAN_2 = (
    "The ferry operator added two evening crossings for the summer season.\n\n"
    "Tickets for the new crossings go on sale on Monday."
)
PLAIN_AWANI = (
    "Russian Foreign Minister Sergei Lavrov and US Secretary of State Antony Blinken met in "
    "Geneva on Friday and stood their ground.\n\nBoth sides said talks would continue."
)

# P printed as certain: "1.00" standing alone (not a rule example's "1.000.000").
CERTAIN = re.compile(r"(?<![\d.])1\.00(?![\d.])")


def clean(doc_id: str, text: str = CLEAN) -> DocumentAudit:
    doc = Document(
        id=doc_id,
        text=text,
        source=f"site/{doc_id}.html",
        title=f"Library hours ({doc_id})",
        url=f"https://www.news.example/{doc_id}",
    )
    return sample_audit(doc)


def awani(text: str | None = None) -> DocumentAudit:
    return sample_audit(sample_document(text=text))


def hostile() -> DocumentAudit:
    audit = hostile_audit()
    audit.document.meta.update({"feed_title": HOSTILE_FEED, "feed_url": "https://evil.example/rss"})
    return audit


def record(store: HistoryStore, started: str, audits: list[DocumentAudit]) -> None:
    run = RunAudit(documents=audits, signature={"mtaudit": "0.1.0"}, started=started)
    run.finished = started
    store.record(run, AuditConfig(lm=False), ["feeds/"])


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("trend") / "history.sqlite"
    with HistoryStore(path) as store:
        record(store, "2026-03-01T06:00:00+00:00", [awani(), clean("clean-1")])
        record(store, "2026-03-01T18:00:00+00:00", [awani(), clean("clean-1"), unreadable_audit()])
        record(store, "2026-03-02T06:00:00+00:00", [awani(), hostile(), clean("clean-2", CLEAN_2)])
        record(
            store,
            "2026-03-03T06:00:00+00:00",
            [awani(PLAIN_AWANI), hostile(), clean("clean-2", CLEAN_2)],
        )
    return path


def trend(db: Path, since: str, until: str, new_only: bool = False) -> dict:
    with HistoryStore(db, create=False) as store:
        out = build_trend(store, since=since, until=until, new_only=new_only)
    jsonschema.validate(out, SCHEMA)
    return out


AWANI = "samples/awani-lavrov-blinken.txt"
HOSTILE = hostile_audit().document.id
MISSING = "feeds/missing.txt"


def test_the_whole_window(db: Path) -> None:
    t = trend(db, "2026-03-01", "2026-03-04")
    s = t["summary"]
    assert (s["runs"], s["documents"], s["ok"], s["errors"]) == (4, 5, 4, 1)
    assert (s["machine_translated"], s["share_machine_translated"]) == (1, 0.25)  # hostile
    assert (s["new"], s["changed"]) == (5, 0)
    assert [(f["id"], f["run"]) for f in t["newly_flagged"]] == [(AWANI, 1), (HOSTILE, 3)]
    days = [
        (
            d["day"],
            d["runs"],
            d["documents"],
            d["ok"],
            d["machine_translated"],
            d["new"],
            d["new_machine_translated"],
        )
        for d in t["by_day"]
    ]
    assert days == [
        ("2026-03-01", 2, 3, 2, 1, 3, 1),
        ("2026-03-02", 1, 3, 3, 2, 2, 1),
        ("2026-03-03", 1, 3, 3, 1, 0, 0),
    ]
    assert [d["share_machine_translated"] for d in t["by_day"]] == [0.5, 0.6667, 0.3333]
    sources = {
        g["label"]: (g["kind"], g["documents"], g["ok"], g["machine_translated"])
        for g in t["by_source"]
    }
    assert sources == {
        "news.example": ("site", 2, 2, 0),
        "awani.example": ("site", 1, 1, 0),
        HOSTILE_FEED: ("feed", 1, 1, 1),
        "feeds": ("folder", 1, 0, 0),
    }
    assert [g["share_machine_translated"] for g in t["by_source"] if g["label"] == "feeds"] == [
        None
    ]
    # Latest results: only the hostile document has findings, one per rule.
    assert {r["code"]: (r["findings"], r["documents"]) for r in t["rules"]} == {
        code: (1, 1) for code in ("C201", "N302", "S502", "S503", "T103")
    }
    assert t["source_langs"] == [{"lang": "fr", "documents": 1}]
    docs = {d["id"]: d for d in t["documents"]}
    assert docs[AWANI]["first_seen"] == "2026-03-01T06:00:00+00:00"
    assert docs[AWANI]["last_run"] == 4 and docs[AWANI]["machine_translated"] is False
    assert docs[MISSING]["status"] == "error" and docs[MISSING]["machine_translated"] is None


def test_the_readmes_json_example_names_the_keys_in_the_reports_order(db: Path) -> None:
    # The example put each week's `from` and `to` after `week`, where the report adds
    # them last, after the counts it shares with `by_day`.
    example = json_example('The JSON (`"schema": "mtaudit-trend/1"`):')
    with HistoryStore(db, create=False) as store:
        t = build_trend(store, since="2026-03-01", until="2026-03-04", per="week")
    at_runs = example.index('"runs": [')
    assert keys_after(example, "") == list(t)
    for name in ("window", "summary"):
        assert keys_after(example, f'"{name}": ') == list(t[name]), name
    for name in (
        "runs", "by_source", "by_day", "by_week", "newly_flagged", "rules", "source_langs",
        "documents",
    ):  # fmt: skip
        assert keys_after(example, f'"{name}": [', at_runs) == list(t[name][0]), name


def test_one_day(db: Path) -> None:
    t = trend(db, "2026-03-02T00:00:00+00:00", "2026-03-02T23:59:59+00:00")
    s = t["summary"]
    assert (s["runs"], s["documents"], s["machine_translated"], s["newly_flagged"]) == (1, 3, 2, 1)
    assert (s["new"], s["changed"], s["errors"]) == (2, 0, 0)
    sample = awani()
    c201 = sum(1 for f in sample.findings if f.code == "C201")
    rules = {r["code"]: (r["findings"], r["documents"]) for r in t["rules"]}
    assert rules["C201"] == (c201 + 1, 2)
    assert t["rules"][0]["code"] == "C201"  # the most frequent rule comes first
    assert t["source_langs"] == [{"lang": "fr", "documents": 2}]


def test_new_only_is_the_latest_runs_new_and_changed_documents(db: Path) -> None:
    t = trend(db, "2026-03-01", "2026-03-04", new_only=True)
    assert (t["latest_run"], t["previous_run"]) == (4, 3)
    assert [(d["id"], d["appearance"]) for d in t["documents"]] == [(AWANI, "changed")]
    assert t["summary"]["changed"] == 1 and t["summary"]["newly_flagged"] == 0


def test_new_only_over_a_window_without_runs_says_so(db: Path) -> None:
    # It said "New since the previous run: run None (the first run)" and "1 run".
    t = trend(db, "2025-01-01", "2025-02-01", new_only=True)
    assert t["summary"]["runs"] == 0 and t["runs"] == []
    for name in ("terminal", "markdown", "html"):
        out = get_trend_reporter(name).render(t)
        assert "run None" not in out and "first run" not in out and "1 run" not in out
        assert "no run in the window 2025-01-01 00:00 → 2025-02-01 23:59 UTC" in out
    for name in ("terminal", "markdown"):
        assert "No runs recorded in this window." in get_trend_reporter(name).render(t)


def test_an_empty_window(db: Path) -> None:
    t = trend(db, "2025-01-01", "2025-02-01")
    assert t["runs"] == [] and t["documents"] == [] and t["by_day"] == []
    assert t["summary"]["share_machine_translated"] is None
    for name in TREND_REPORTERS:
        assert get_trend_reporter(name).render(t)
    for name in ("terminal", "markdown"):
        assert "No runs recorded in this window." in get_trend_reporter(name).render(t)


def test_html_trend_is_self_contained_with_charts_and_escapes_input(db: Path) -> None:
    t = trend(db, "2026-03-01", "2026-03-04")
    page = get_trend_reporter("html").render(t)
    root, errors = parse(page)
    assert errors == []
    assert not root.find_all("script")
    svgs = root.find_all("svg")
    assert len(svgs) == 4  # per day, per source, rules, source languages
    for node in root.walk():
        assert not any(name.startswith("on") for name in node.attrs), node
        for attr in ("src", "href", "xlink:href"):
            value = node.attrs.get(attr) or ""
            assert not value or value.startswith(("#", "https://")), (node.tag, value)
    csp = next(m for m in root.find_all("meta") if m.attrs.get("http-equiv"))
    assert "default-src 'none'" in csp.attrs["content"] and "script-src" not in csp.attrs["content"]
    text = root.text()
    assert HOSTILE_TITLE in text and HOSTILE_FEED in text
    assert "<script>" not in page.replace("&lt;script&gt;", "")
    assert 'href="javascript:' not in page
    # The per-day chart's share points sit at 50%, 67% and 33% of the plot's height.
    day_chart = svgs[0]
    assert len(day_chart.find_all("circle")) == 3


def test_terminal_markdown_and_csv_trends(db: Path) -> None:
    t = trend(db, "2026-03-01", "2026-03-04")
    terminal = get_trend_reporter("terminal").render(t)
    assert "4 runs · 5 documents" in terminal
    assert "2026-03-02" in terminal and "67%" in terminal
    assert "Newly flagged" in terminal and "French (fr)" in terminal
    markdown = get_trend_reporter("markdown").render(t)
    assert "<script>" not in markdown
    assert "\\<script\\>alert" in markdown
    assert "| 2026-03-01 | 2 | 3 | 1 | 50% | 3 | 1 |" in markdown
    rows = get_trend_reporter("csv").render(t).strip().split("\r\n")
    assert len(rows) == 1 + 5


@pytest.mark.parametrize("fmt", ["terminal", "markdown", "html"])
def test_trend_tables_never_round_a_p_short_of_certainty_to_one(db: Path, fmt: str) -> None:
    """The trend's P(MT) columns printed two decimals: 0.9996 read "1.00", certainty,
    beside a JSON that says 0.9996."""
    t = trend(db, "2026-03-01", "2026-03-04")
    for row in (*t["documents"], *t["newly_flagged"]):
        if row["probability"] is not None:
            row["probability"] = 0.9996
    out = get_trend_reporter(fmt).render(t)
    assert "0.9996" in out and not CERTAIN.search(out)


@pytest.mark.parametrize("fmt", ["terminal", "markdown", "html"])
def test_a_share_is_never_a_false_none_or_all(db: Path, fmt: str) -> None:
    """1 machine-translated document in 300 read "0%" beside its count, 299 in 300
    "100%"."""
    t = trend(db, "2026-03-01", "2026-03-04")
    rows = [t["summary"], *t["by_day"], *t["by_source"]]
    for row in rows:
        row["share_machine_translated"] = 1 / 300
    low = get_trend_reporter(fmt).render(t)
    for row in rows:
        row["share_machine_translated"] = 299 / 300
    high = get_trend_reporter(fmt).render(t)
    assert "&lt;1%" in low if fmt == "html" else "<1%" in low
    assert "&gt;99%" in high if fmt == "html" else ">99%" in high
    # (the HTML chart's axis is labelled 0% and 100%: its table cells are the shares)
    shown = r"'num'>{}%<" if fmt == "html" else r"[\s|(]{}%"
    assert not re.search(shown.format(0), low) and not re.search(shown.format(100), high)


@pytest.mark.parametrize("fmt", ["terminal", "markdown"])
def test_a_cut_table_says_what_it_left_out(db: Path, fmt: str) -> None:
    """A 30-day report showed 25 days, and 30 newly flagged documents the 25 oldest,
    without a word: the newest are shown, and a line counts the rest."""
    t = trend(db, "2026-03-01", "2026-03-04")
    day, flagged, group = t["by_day"][0], t["newly_flagged"][0], t["by_source"][0]
    t["by_day"] = [{**day, "day": f"2026-04-{n:02}"} for n in range(1, 31)]
    t["newly_flagged"] = [{**flagged, "title": f"story-{n:02}"} for n in range(30)]
    t["by_source"] = [{**group, "label": f"site-{n:02}"} for n in range(30)]
    out = get_trend_reporter(fmt, width=200).render(t)
    assert "2026-04-30" in out and "2026-04-05" not in out
    assert "story-29" in out and "story-04" not in out
    assert "site-24" in out and "site-25" not in out
    assert out.count("and 5 earlier (see") == 2 and out.count("and 5 more (see") == 1


def test_the_html_charts_say_what_they_left_out(db: Path) -> None:
    # The rules and source-language charts drew 15 bars and dropped the rest unsaid.
    t = trend(db, "2026-03-01", "2026-03-04")
    t["rules"] = [
        {"code": f"T{n:03}", "name": f"rule {n}", "findings": 30 - n, "documents": 1}
        for n in range(20)
    ]
    t["source_langs"] = [{"lang": f"x{n}", "documents": 1} for n in range(18)]
    out = get_trend_reporter("html").render(t)
    assert "… and 5 more (see --format json)" in out
    assert "… and 3 more (see --format json)" in out


def test_the_html_runs_table_says_it_shows_the_last_50(db: Path) -> None:
    t = trend(db, "2026-03-01", "2026-03-04")
    t["runs"] = [{**t["runs"][0], "id": n} for n in range(1, 169)]  # a week, hourly
    assert "Runs (the last 50 of 168)</summary>" in get_trend_reporter("html").render(t)


def judged(doc_id: str, probability: float, threshold: float) -> DocumentAudit:
    audit = clean(doc_id)
    verdict = dataclasses.replace(
        audit.verdict,
        probability=probability,
        threshold=threshold,
        machine_translated=probability >= threshold,
    )
    return dataclasses.replace(audit, verdict=verdict)


def _one_judged_run(tmp_path: Path, documents: list, threshold: float) -> Path:  # type: ignore[type-arg]
    """A history of one run on 1 March whose signature names ``threshold``."""
    path = tmp_path / "history.sqlite"
    with HistoryStore(path) as store:
        run = RunAudit(
            documents=documents,
            signature={"thresholds": {"machine_translated": threshold}},
            started="2026-03-01T06:00:00+00:00",
        )
        store.record(run, AuditConfig(lm=False), ["feeds/"])
    return path


@pytest.mark.parametrize("fmt", ["terminal", "markdown", "html"])
def test_trend_tables_print_p_as_the_audits_tables_do(tmp_path: Path, fmt: str) -> None:
    """Two decimals put 0.4695 (judged MT) and 0.4689 (not) against 0.4691 in the new
    documents' table as "0.47 MT" and "0.47 -": the history keeps each result's settings,
    its threshold with them, and the trend prints P against it as the audit does."""
    path = _one_judged_run(
        tmp_path, [judged("over", 0.4695, 0.4691), judged("under", 0.4689, 0.4691)], 0.46905
    )
    t = trend(path, "2026-03-01", "2026-03-02", new_only=True)
    assert [(d["id"], d["threshold"]) for d in t["documents"]] == [
        ("over", 0.4691),
        ("under", 0.4691),
    ]
    out = get_trend_reporter(fmt, width=200).render(t)
    assert "0.4695" in out and "0.4689" in out and "0.47" not in out.replace("0.469", "")


def test_a_result_judged_without_the_lm_keeps_its_own_threshold(tmp_path: Path) -> None:
    """With the LM on, the run's signature names the text+LM threshold (0.4690), but a
    document the LM gave no scores (too short, empty) is judged by the text-only model
    against 0.6058: the trend printed its P against 0.4690. Each result keeps its own."""
    path = _one_judged_run(
        tmp_path, [judged("scored", 0.48, 0.469), judged("short", 0.61, 0.6058)], 0.469
    )
    t = trend(path, "2026-03-01", "2026-03-02")
    assert {d["id"]: d["threshold"] for d in t["documents"]} == {"scored": 0.469, "short": 0.6058}
    assert {f["id"]: f["threshold"] for f in t["newly_flagged"]} == {
        "scored": 0.469,
        "short": 0.6058,
    }


def test_a_stored_threshold_that_is_no_number_is_none(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite"
    with HistoryStore(path) as store:
        run = RunAudit(
            documents=[judged("odd", 0.4695, float("nan"))],
            signature={"thresholds": {"machine_translated": float("nan")}},
            started="2026-03-01T06:00:00+00:00",
        )
        store.record(run, AuditConfig(lm=False), ["feeds/"])
    (doc,) = trend(path, "2026-03-01", "2026-03-02")["documents"]
    assert doc["threshold"] is None
    assert "0.47" in get_trend_reporter("terminal", width=200).render(
        trend(path, "2026-03-01", "2026-03-02", new_only=True)
    )


def test_terminal_trend_shows_control_characters_as_symbols(db: Path) -> None:
    # Titles and feed names come from the feeds: an ESC sequence must not reach the terminal.
    t = trend(db, "2026-03-01", "2026-03-04")
    for row in (*t["documents"], *t["newly_flagged"]):
        row["title"] = "\x1b]0;pwned\x07" + (row["title"] or "")
    for group in t["by_source"]:
        group["label"] = "\x1b[2J" + group["label"]
    terminal = get_trend_reporter("terminal").render(t)
    assert "\x1b" not in terminal and "␛]0;pwned␇" in terminal and "␛[2J" in terminal


@pytest.mark.parametrize("width", [44, 60, 80])
def test_terminal_trend_keeps_its_cells_readable_on_a_narrow_terminal(db: Path, width: int) -> None:
    """At 44 columns rich cut every column alike: "20…" for a day, "Do…" and "Sha…"
    for headers, "french-ca…" for a rule. Cells wrap at words or fold; the columns
    that do not fit give way (the JSON has them all)."""
    t = trend(db, "2026-03-01", "2026-03-04")
    out = get_trend_reporter("terminal", width=width).render(t)
    assert "…" not in out, out
    for day in ("2026-03-01", "2026-03-02", "2026-03-03"):
        assert re.search(rf"^  {day} ", out, re.MULTILINE), out
    assert all(len(line) <= width for line in out.splitlines()), out


def test_bar_chart_escapes_labels() -> None:
    svg = bar_chart([Bar("</text><script>x()</script>", 3, "3 & more")], "Rules & <b>")
    root, errors = parse(svg)
    assert errors == []
    assert not root.find_all("script") and not root.find_all("b")
    assert "</text><script>x()</script>" in root.text()


def test_report_command_options(db: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    html = tmp_path / "trend.html"
    result = runner.invoke(
        app,
        [
            "report",
            "--history",
            str(db),
            "--since",
            "2026-03-01",
            "--until",
            "2026-03-04",
            "-o",
            str(html),
            "-o",
            f"json:{tmp_path / 'trend.out'}",
            "--isolated",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "4 runs · 5 documents" in result.stdout
    assert html.read_text("utf-8").startswith("<!DOCTYPE html>")
    assert json.loads((tmp_path / "trend.out").read_text("utf-8"))["summary"]["documents"] == 5
    bad = runner.invoke(app, ["report", "--history", str(db), "--since", "last week"])
    assert bad.exit_code == 2 and "expected a duration like 90d" in bad.output
    sarif = runner.invoke(app, ["report", "--history", str(db), "-f", "sarif", "--isolated"])
    assert sarif.exit_code == 2 and "terminal, json, html, markdown, csv" in sarif.output


def test_build_trend_reads_since_and_until_as_the_report_command_does(db: Path) -> None:
    # A library caller writes what `mtaudit report --since` takes: "7d" was compared with
    # the stored times as a string and gave an empty window without a word.
    import datetime as dt

    from audits.errors import UsageError

    with HistoryStore(db, create=False) as store:
        window = build_trend(store, since="2026-03-01", until="2026-03-04T00:00Z")["window"]
        assert window["since"] == "2026-03-01T00:00:00+00:00"
        assert window["until"] == "2026-03-04T00:00:00+00:00"
        when = dt.datetime(2026, 3, 2, tzinfo=dt.UTC)
        assert build_trend(store, since=when, until="2026-03-04")["summary"]["runs"] == 2
        days = (dt.datetime.now(dt.UTC) - dt.datetime(2026, 2, 28, tzinfo=dt.UTC)).days
        assert build_trend(store, since=f"{days}d", until="0d")["summary"]["runs"] == 4
        with pytest.raises(UsageError, match="since 'yesterday'"):
            build_trend(store, since="yesterday", until="0d")


def test_a_date_alone_as_the_end_takes_in_that_whole_day(db: Path) -> None:
    """`--since 2026-03-02 --until 2026-03-02` was the instant of that midnight: "no runs
    recorded in this window" on a day with a run, and `--until 2026-03-02` left that
    day out. A time, or an age, is still the instant it names."""
    one_day = trend(db, "2026-03-02", "2026-03-02")
    assert one_day["window"]["until"] == "2026-03-02T23:59:59+00:00"
    assert [r["id"] for r in one_day["runs"]] == [3]
    assert [r["id"] for r in trend(db, "2026-03-01", "2026-03-02")["runs"]] == [1, 2, 3]
    instant = trend(db, "2026-03-01", "2026-03-02T00:00:00Z")
    assert [r["id"] for r in instant["runs"]] == [1, 2]
    day = ["--since", "2026-03-03", "--until", "2026-03-03"]
    result = CliRunner().invoke(
        app, ["report", "--history", str(db), *day, "-f", "json", "--isolated"]
    )
    assert result.exit_code == 0, result.output
    assert [r["id"] for r in json.loads(result.stdout)["runs"]] == [4]


def test_a_window_that_ends_before_it_starts_is_an_error(db: Path) -> None:
    """`--since 1d --until 2d` (an age counts back from now: that window runs
    backwards) and a --since in the future said 'No runs recorded in this window',
    exit 0, as if the history were empty."""
    from audits.errors import UsageError

    runner = CliRunner()
    windows = (
        ["--since", "1d", "--until", "2d"],
        ["--since", "2099-01-01"],
        # One end an age, the other a date: how ages count is no help either.
        ["--since", "1d", "--until", "2020-01-01"],
        ["--since", "2099-01-01", "--until", "1d"],
    )
    for window in windows:
        result = runner.invoke(app, ["report", "--history", str(db), "--isolated", *window])
        assert result.exit_code == 2 and result.stdout == "", result.stdout
        [line] = result.stderr.splitlines()
        assert line.startswith(f"mtaudit: error: --since {window[1]} (")
        assert "is after --until" in line and "the window holds no time" in line
        # How ages count is said where both ends are ages, not to a date in the future.
        assert ("an age counts back from now" in line) == (window[3:] == ["2d"]), line
    with HistoryStore(db, create=False) as store, pytest.raises(UsageError, match="is after"):
        build_trend(store, since="2026-03-04", until="2026-03-01")
    for since, until in (("1d", "2020-01-01"), ("2099-01-01", "1d")):
        with HistoryStore(db, create=False) as store, pytest.raises(UsageError) as error:
            build_trend(store, since=since, until=until)
        assert "an age counts back" not in str(error.value)
    # A window of no length between times is the instant they name: the report of nothing.
    with HistoryStore(db, create=False) as store:
        assert (
            build_trend(store, since="2026-03-04T00:00Z", until="2026-03-04T00:00Z")["runs"] == []
        )


def test_a_window_of_ages_that_meet_is_an_error_that_names_today(db: Path) -> None:
    """`--since 0d` (now, until now) printed 'No runs recorded in this window', exit 0.
    0d is now, as 1d is 24 hours back: the start of today is its date."""
    import datetime as dt

    from audits.errors import UsageError

    runner = CliRunner()
    # Only an age of 0 days or weeks may have meant today: 0h is now in its own words.
    for window, today_meant in (
        (["--since", "0d"], True),
        (["--since", " 0w "], True),
        (["--since", "0h", "--until", "0d"], False),
        (["--since", "0s"], False),
        (["--since", "2d", "--until", "2d"], False),
    ):
        result = runner.invoke(app, ["report", "--history", str(db), "--isolated", *window])
        assert result.exit_code == 2 and result.stdout == "", result.stdout
        [line] = result.stderr.splitlines()
        # As typed less the spaces the parser strips: ' 0w ' was echoed with them.
        assert line.startswith(f"mtaudit: error: --since {window[1].strip()} (")
        assert "is the same time as --until" in line and "the window holds no time" in line
        today = dt.datetime.now(dt.UTC).date().isoformat()
        hint = f"(an age of 0 is now; for the start of today, give its date: --since {today})"
        assert line.endswith(hint) == today_meant, line
        if today_meant:
            suggested = runner.invoke(
                app, ["report", "--history", str(db), "--isolated", "--since", today]
            )
            assert suggested.exit_code == 0, suggested.output
    with (
        HistoryStore(db, create=False) as store,
        pytest.raises(UsageError, match="an age of 0 is now"),
    ):
        build_trend(store, since="0d", until="0d")


def moved(doc_id: str) -> DocumentAudit:
    """The sample article (machine-translated) as the file ``doc_id``."""
    return sample_audit(sample_document(doc_id=doc_id))


def test_a_renamed_document_is_one_document_flagged_once(tmp_path: Path) -> None:
    """The history takes a moved file as the same article (not new); the trend counted
    it twice and flagged it as newly machine-translated again under its new name."""
    path = tmp_path / "history.sqlite"
    with HistoryStore(path) as store:
        record(store, "2026-03-01T06:00:00+00:00", [moved("news/a.txt"), clean("clean-1")])
        record(store, "2026-03-02T06:00:00+00:00", [moved("news/a2.txt"), clean("clean-1")])
    t = trend(path, "2026-03-01", "2026-03-03")
    docs = {d["id"]: d for d in t["documents"]}
    assert sorted(docs) == ["clean-1", "news/a2.txt"]
    assert docs["news/a2.txt"]["first_seen"] == "2026-03-01T06:00:00+00:00"
    assert docs["news/a2.txt"]["appearance"] == "new"
    s = t["summary"]
    assert (s["documents"], s["machine_translated"], s["newly_flagged"]) == (2, 1, 1)
    assert [f["run"] for f in t["newly_flagged"]] == [1]
    # A window after the move: the article was known (and machine-translated) before it.
    later = trend(path, "2026-03-02", "2026-03-03")
    assert [(d["id"], d["appearance"]) for d in later["documents"] if d["id"] != "clean-1"] == [
        ("news/a2.txt", "unchanged")
    ]
    assert later["newly_flagged"] == [] and later["summary"]["new"] == 0


@pytest.mark.parametrize("moved_first", [True, False])
def test_a_file_that_moved_beside_a_new_copy_is_the_renamed_one(
    tmp_path: Path, moved_first: bool
) -> None:
    """The article moved into moved/ and a copy appeared in mirror/, in one run: the
    first by position took the article's history, so with a folder walk's order the
    copy was 'first seen' in run 1 and the moved article was new."""
    path = tmp_path / "history.sqlite"
    moved_one = sample_audit(sample_document(doc_id="moved/awani-lavrov-blinken.txt"))
    copy = sample_audit(sample_document(doc_id="mirror/awani-copy.txt"))
    with HistoryStore(path) as store:
        record(store, "2026-03-01T06:00:00+00:00", [awani()])
        record(
            store,
            "2026-03-02T06:00:00+00:00",
            [moved_one, copy] if moved_first else [copy, moved_one],
        )
    docs = {d["id"]: d for d in trend(path, "2026-03-01", "2026-03-03")["documents"]}
    assert sorted(docs) == ["mirror/awani-copy.txt", "moved/awani-lavrov-blinken.txt"]
    assert docs["moved/awani-lavrov-blinken.txt"]["first_seen"] == "2026-03-01T06:00:00+00:00"
    assert docs["mirror/awani-copy.txt"]["first_seen"] == "2026-03-02T06:00:00+00:00"


@pytest.mark.parametrize(
    "names",
    [
        [["A"], ["B"], ["A"]],  # renamed, then renamed back
        [["A"], ["B"], ["A", "B"]],  # a feed dropped A for a run, then brought it back
    ],
)
def test_a_name_that_comes_back_joins_its_document(tmp_path: Path, names: list) -> None:
    """Renamed back, or an entry a feed dropped for a run: the old name's later run made
    the rename no rename, so the trend counted two documents and flagged both, and over a
    window ending before the name came back it counted one."""
    path = tmp_path / "history.sqlite"
    with HistoryStore(path) as store:
        for day, ids in enumerate(names, start=1):
            record(store, f"2026-03-0{day}T06:00:00+00:00", [moved(i) for i in ids])
    for until in ("2026-03-02", "2026-03-03", "2026-03-04"):
        t = trend(path, "2026-03-01", until)
        s = t["summary"]
        assert (s["documents"], s["new"], s["newly_flagged"]) == (1, 1, 1), (until, s)
        assert [f["run"] for f in t["newly_flagged"]] == [1]
    later = trend(path, "2026-03-03", "2026-03-04")
    assert (later["summary"]["documents"], later["summary"]["new"]) == (1, 0)
    assert later["newly_flagged"] == []


def test_two_live_copies_of_one_text_stay_two_documents(tmp_path: Path) -> None:
    # A story in two feeds: the second copy is not new (its text is known), but both
    # are still there, so it is no rename.
    path = tmp_path / "history.sqlite"
    with HistoryStore(path) as store:
        record(store, "2026-03-01T06:00:00+00:00", [moved("feed-a/story")])
        record(store, "2026-03-02T06:00:00+00:00", [moved("feed-a/story"), moved("feed-b/story")])
    t = trend(path, "2026-03-01", "2026-03-03")
    assert sorted(d["id"] for d in t["documents"]) == ["feed-a/story", "feed-b/story"]


def test_the_csv_trend_gives_each_verdict_its_threshold_in_a_last_column(db: Path) -> None:
    """The terminal table printed P against the threshold each verdict was judged with;
    the CSV gave P alone. The column comes last, so reading by position still works."""
    import csv
    import io

    t = trend(db, "2026-03-01", "2026-03-04")
    text = get_trend_reporter("csv").render(t).lstrip("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text)))
    header = next(csv.reader(io.StringIO(text)))
    assert header[-1] == "threshold" and header[-2] == "error"
    by_id = {d["id"]: d for d in t["documents"]}
    for row in rows:
        expected = by_id[row["document"]]["threshold"]
        assert row["threshold"] == ("" if expected is None else str(expected))
    assert any(row["threshold"] for row in rows)
    # README lists the columns in their order, as a user reading by position needs them.
    from audits.reports.trend.csv_trend import COLUMNS

    readme = (Path(__file__).parent.parent / "README.md").read_text("utf-8")
    listed = re.search(r"`csv` \(one row per document: (.*?); `threshold` is", readme, re.S)
    assert listed and re.findall(r"`(\w+)`", listed.group(1)) == list(COLUMNS)


# --- --tz: days and times in the user's zone -------------------------------------------


@pytest.fixture(scope="module")
def paris_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Runs either side of local midnight in Paris, in summer (UTC+2) and winter (UTC+1)."""
    path = tmp_path_factory.mktemp("tz") / "history.sqlite"
    with HistoryStore(path) as store:
        record(
            store, "2026-01-15T22:30:00+00:00", [clean("winter", f"{CLEAN} (winter)")]
        )  # 23:30 in Paris
        record(store, "2026-07-01T12:00:00+00:00", [clean("noon", f"{CLEAN} (noon)")])
        record(
            store, "2026-07-01T22:30:00+00:00", [clean("late", f"{CLEAN} (late)")]
        )  # 00:30 on 07-02
        record(
            store, "2026-07-02T22:30:00+00:00", [clean("later", f"{CLEAN} (later)")]
        )  # 00:30 on 07-03
    return path


def paris_trend(db: Path, since: str, until: str, tz: str = "Europe/Paris") -> dict:
    with HistoryStore(db, create=False) as store:
        out = build_trend(store, since=since, until=until, tz=tz)
    jsonschema.validate(out, SCHEMA)
    return out


def test_days_are_counted_in_the_zone_across_summer_time(paris_db: Path) -> None:
    """A cron in Europe/Paris saw UTC days: its 00:30 run counted on the day before."""
    utc = paris_trend(paris_db, "2026-01-01", "2026-07-31", tz="UTC")
    assert [(d["day"], d["runs"]) for d in utc["by_day"]] == [
        ("2026-01-15", 1),
        ("2026-07-01", 2),
        ("2026-07-02", 1),
    ]
    paris = paris_trend(paris_db, "2026-01-01", "2026-07-31")
    # 22:30 UTC is the same day in winter (UTC+1) and the next one in summer (UTC+2).
    assert [(d["day"], d["runs"]) for d in paris["by_day"]] == [
        ("2026-01-15", 1),
        ("2026-07-01", 1),
        ("2026-07-02", 1),
        ("2026-07-03", 1),
    ]
    assert paris["window"]["tz"] == "Europe/Paris" and utc["window"]["tz"] == "UTC"
    # An added field the schema names (optional: a report from before it is UTC).
    assert set(paris["window"]) == set(SCHEMA["properties"]["window"]["properties"])
    assert [r["started"] for r in paris["runs"]] == [
        "2026-01-15T23:30:00+01:00",
        "2026-07-01T14:00:00+02:00",
        "2026-07-02T00:30:00+02:00",
        "2026-07-03T00:30:00+02:00",
    ]
    late = next(d for d in paris["documents"] if d["id"] == "late")
    assert late["first_seen"] == late["last_seen"] == "2026-07-02T00:30:00+02:00"


def test_a_date_in_the_window_is_a_day_in_the_zone(paris_db: Path) -> None:
    """`--since 2026-07-02 --until 2026-07-02` in Paris is 22:00 UTC the day before to
    21:59:59 UTC that day: the 00:30 run belongs to it, the next night's does not."""
    day = paris_trend(paris_db, "2026-07-02", "2026-07-02")
    assert [r["id"] for r in day["runs"]] == [3]
    assert day["window"]["since"] == "2026-07-02T00:00:00+02:00"
    assert day["window"]["until"] == "2026-07-02T23:59:59+02:00"
    assert [r["id"] for r in paris_trend(paris_db, "2026-07-02", "2026-07-02", "UTC")["runs"]] == [
        4
    ]


def test_the_end_of_a_day_of_a_clock_change_is_its_local_midnight() -> None:
    """2026-03-29 has 23 hours in Paris: a day's end counted as 24 hours on from its
    start ran an hour into the next day."""
    import datetime as dt

    from audits.durations import parse_end, time_zone

    now = dt.datetime(2026, 5, 1, tzinfo=dt.UTC)
    paris = time_zone("Europe/Paris")
    assert parse_end("2026-03-29", now, tz=paris) == dt.datetime(
        2026, 3, 29, 21, 59, 59, tzinfo=dt.UTC
    )
    assert parse_end("2026-10-25", now, tz=paris) == dt.datetime(
        2026, 10, 25, 22, 59, 59, tzinfo=dt.UTC
    )
    assert parse_end("2026-10-25", now) == dt.datetime(2026, 10, 25, 23, 59, 59, tzinfo=dt.UTC)
    # Clocks that fall back at midnight repeat the day's last hour: it is still that day
    # (23:59:59 taken on the wall clock was its first pass, an hour early).
    santiago, cairo = time_zone("America/Santiago"), time_zone("Africa/Cairo")
    assert parse_end("2026-04-04", now, tz=santiago) == dt.datetime(
        2026, 4, 5, 3, 59, 59, tzinfo=dt.UTC
    )
    assert parse_end("2026-10-29", now, tz=cairo) == dt.datetime(
        2026, 10, 29, 21, 59, 59, tzinfo=dt.UTC
    )
    # The last day there is: its end in a zone west of UTC is past year 9999 in UTC.
    assert parse_end("9999-12-31", now, tz=time_zone("America/New_York")).year == 9999


def test_local_is_the_machines_zone_with_its_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    import datetime as dt

    from audits.durations import time_zone, zone_name

    monkeypatch.setenv("TZ", "America/New_York")
    local = time_zone("local")
    assert zone_name(local) == "America/New_York"
    # Its rules, not today's offset: winter and summer differ.
    winter = dt.datetime(2026, 1, 1, tzinfo=local).utcoffset()
    summer = dt.datetime(2026, 7, 1, tzinfo=local).utcoffset()
    assert winter != summer


def test_local_follows_a_tz_the_zone_database_cannot_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """TZ set to a POSIX rule overrides /etc/localtime for the C library; `local` read
    /etc/localtime regardless, a zone the user had set aside."""
    import datetime as dt
    import time

    from audits.durations import time_zone

    try:
        monkeypatch.setenv("TZ", "<+0330>-3:30")
        time.tzset()
        assert dt.datetime(2026, 7, 1, tzinfo=time_zone("local")).utcoffset() == dt.timedelta(
            hours=3, minutes=30
        )
        monkeypatch.setenv("TZ", "")
        assert time_zone("local") is dt.UTC
    finally:
        monkeypatch.undo()
        time.tzset()


def test_local_follows_a_posix_rule_with_summer_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """TZ=CET-1CEST,M3.5.0,M10.5.0/3 has a summer time: `local` took today's offset for
    every day of the year, and named it CET, which as --tz CET means another zone."""
    import datetime as dt
    import time

    from audits.durations import time_zone, zone_name

    rule = "CET-1CEST,M3.5.0,M10.5.0/3"
    try:
        monkeypatch.setenv("TZ", rule)
        time.tzset()
        local = time_zone("local")
        assert zone_name(local) == rule
        assert dt.datetime(2026, 1, 15, 12, tzinfo=local).utcoffset() == dt.timedelta(hours=1)
        assert dt.datetime(2026, 7, 15, 12, tzinfo=local).utcoffset() == dt.timedelta(hours=2)
        summer = dt.datetime(2026, 7, 15, 10, tzinfo=dt.UTC).astimezone(local)
        assert summer.isoformat() == "2026-07-15T12:00:00+02:00"
        # The hour the clock goes back passes twice: each instant keeps its own offset.
        first = dt.datetime(2026, 10, 25, 0, 30, tzinfo=dt.UTC).astimezone(local)
        second = dt.datetime(2026, 10, 25, 1, 30, tzinfo=dt.UTC).astimezone(local)
        assert first.isoformat() == "2026-10-25T02:30:00+02:00"
        assert second.isoformat() == "2026-10-25T02:30:00+01:00"
        assert second.astimezone(dt.UTC).hour == 1
        # tzinfo copies and pickles by calling the class again (a process pool, a
        # deepcopy of a config): the zone without its rule raised TypeError.
        import copy
        import pickle

        for again in (pickle.loads(pickle.dumps(local)), copy.deepcopy(local)):
            assert zone_name(again) == rule
            assert dt.datetime(2026, 7, 15, 12, tzinfo=again).utcoffset() == dt.timedelta(hours=2)
    finally:
        monkeypatch.undo()
        time.tzset()


@pytest.mark.parametrize("prefix", [":", ""])
def test_local_follows_a_tz_that_names_a_zone_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, prefix: str
) -> None:
    """TZ=:/etc/localtime or TZ=/usr/share/zoneinfo/Europe/Paris (cron, containers)
    names a file of rules: `local` took today's offset instead."""
    import datetime as dt
    import shutil
    import time
    import zoneinfo

    from audits.durations import time_zone

    source = next(
        (Path(d) / "Europe" / "Paris" for d in zoneinfo.TZPATH if (Path(d) / "Europe").is_dir()),
        None,
    )
    if source is None:
        pytest.skip("no zone database on this machine")
    # A copy outside the database: read as the file it is, not by a name.
    copy = tmp_path / "localtime"
    shutil.copyfile(source, copy)
    for path in (source, copy):
        try:
            monkeypatch.setenv("TZ", f"{prefix}{path}")
            time.tzset()
            local = time_zone("local")
            january = dt.datetime(2026, 1, 15, 12, tzinfo=local).utcoffset()
            july = dt.datetime(2026, 7, 15, 12, tzinfo=local).utcoffset()
            assert (january, july) == (dt.timedelta(hours=1), dt.timedelta(hours=2))
        finally:
            monkeypatch.undo()
            time.tzset()


@pytest.mark.parametrize(
    ("spec", "says"),
    [
        ("2026-03-29T02:30", "2026-03-29T02:30 does not exist in Europe/Paris"),
        ("2026-10-25T02:30", "2026-10-25T02:30 happens twice in Europe/Paris"),
        ("2026-10-25 02:30:00", "happens twice"),
    ],
)
def test_a_time_the_clock_skips_or_repeats_is_refused(spec: str, says: str) -> None:
    """`--since 2026-03-29T02:30 --tz Europe/Paris` was taken as one of the instants it
    might mean, without a word."""
    import datetime as dt

    from audits.durations import parse_point, time_zone
    from audits.errors import UsageError

    now = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
    with pytest.raises(UsageError, match="give an offset") as refused:
        parse_point(spec, now, tz=time_zone("Europe/Paris"))
    assert says in str(refused.value) and "\n" not in str(refused.value)
    # With an offset it is one instant; in UTC, or a date alone, nothing is ambiguous.
    assert parse_point(f"{spec}+01:00", now, tz=time_zone("Europe/Paris")).tzinfo is dt.UTC
    assert parse_point(spec, now).tzinfo is dt.UTC
    santiago = time_zone("America/Santiago")  # 2026-09-06 starts at 01:00 there
    assert parse_point("2026-09-06", now, tz=santiago) == dt.datetime(2026, 9, 6, 4, tzinfo=dt.UTC)


def test_report_refuses_a_time_the_clock_skips(paris_db: Path) -> None:
    args = ["report", "--history", str(paris_db), "--since", "2026-03-29T02:30"]
    result = CliRunner().invoke(app, [*args, "--tz", "Europe/Paris", "--isolated"])
    assert result.exit_code == 2, result.output
    assert "does not exist in Europe/Paris" in result.output


def test_report_takes_tz_and_prints_its_days_and_times(paris_db: Path, tmp_path: Path) -> None:
    args = ["report", "--history", str(paris_db), "--since", "2026-07-01", "--until"]
    result = CliRunner().invoke(
        app, [*args, "2026-07-03", "--tz", "Europe/Paris", "--isolated", "-f", "terminal"]
    )
    assert result.exit_code == 0, result.output
    assert "2026-07-01 00:00 → 2026-07-03 23:59 Europe/Paris" in result.stdout
    assert "By day (Europe/Paris)" in result.stdout and "2026-07-03" in result.stdout
    md = CliRunner().invoke(
        app, [*args, "2026-07-03", "--tz", "Europe/Paris", "--isolated", "-f", "markdown"]
    )
    assert "### By day (Europe/Paris)" in md.stdout
    html = CliRunner().invoke(
        app, [*args, "2026-07-03", "--tz", "Europe/Paris", "--isolated", "-f", "html"]
    )
    assert 'By day <span class="muted small">Europe/Paris</span>' in html.stdout
    assert "2026-07-03" in html.stdout
    # From the config file too; the flag wins over it.
    (tmp_path / "mtaudit.toml").write_text(f'history = "{paris_db}"\ntz = "Europe/Paris"\n')
    config = ["--config", str(tmp_path / "mtaudit.toml")]
    window = ["--since", "2026-07-01", "--until", "2026-07-03", "-f", "json"]
    from_file = CliRunner().invoke(app, ["report", *window, *config])
    assert from_file.exit_code == 0, from_file.output
    assert json.loads(from_file.stdout)["window"]["tz"] == "Europe/Paris"
    flag = CliRunner().invoke(app, ["report", *window, *config, "--tz", "UTC"])
    assert json.loads(flag.stdout)["window"]["tz"] == "UTC"


def test_an_unknown_zone_is_one_clear_line(paris_db: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["report", "--history", str(paris_db), "--tz", "Europe/Pari", "--isolated"]
    )
    assert result.exit_code == 2
    assert "--tz 'Europe/Pari': not a time zone; give an IANA name like Europe/Paris" in (
        result.output
    )
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1
    (tmp_path / "mtaudit.toml").write_text(f'history = "{paris_db}"\ntz = "Mars/Olympus"\n')
    bad = CliRunner().invoke(app, ["history", "runs", "--config", str(tmp_path / "mtaudit.toml")])
    assert bad.exit_code == 2
    assert "tz 'Mars/Olympus': not a time zone" in bad.output and "mtaudit.toml" in bad.output


def test_history_runs_prints_start_times_in_the_zone(paris_db: Path) -> None:
    args = ["history", "runs", "--history", str(paris_db), "--isolated", "--tz", "Europe/Paris"]
    table = CliRunner().invoke(app, args, terminal_width=200)
    assert table.exit_code == 0, table.output
    assert "2026-07-02T00:30:00+02:00" in table.stdout and "times in Europe/Paris" in table.stdout
    body = json.loads(CliRunner().invoke(app, [*args, "-f", "json"]).stdout)
    assert body["tz"] == "Europe/Paris"
    assert body["runs"][0]["started"] == "2026-01-15T23:30:00+01:00"


def test_a_run_recorded_while_the_trend_reads_is_in_all_of_it_or_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another cron job recorded a run between the trend's reads: its rows were read
    without its run, and a file it saw renamed was reported under its new name, which
    no run in the report saw."""
    db = tmp_path / "history.sqlite"
    with HistoryStore(db) as store:
        record(store, "2026-03-01T06:00:00+00:00", [clean("old-name")])
    runs = HistoryStore.runs

    def runs_then_another_job_records(self: HistoryStore, *args: object, **kw: object) -> list:
        out = runs(self, *args, **kw)  # type: ignore[arg-type]
        monkeypatch.setattr(HistoryStore, "runs", runs)
        with HistoryStore(db) as other:  # the other job: the same text, renamed
            record(other, "2026-03-01T07:00:00+00:00", [clean("new-name")])
        return out

    monkeypatch.setattr(HistoryStore, "runs", runs_then_another_job_records)
    with HistoryStore(db, create=False) as store:
        t = build_trend(store, since="2026-03-01", until="2026-03-01T08:00Z")
    assert [r["id"] for r in t["runs"]] == [1]
    assert [d["id"] for d in t["documents"]] == ["old-name"]


@pytest.mark.parametrize("value", ["Foo/Bar", ":/no/such/zone/file", "Paris"])
def test_local_refuses_a_tz_no_one_knows(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    """TZ=Foo/Bar is a name neither the zone database nor the C library knows, which
    the C library reads as UTC: the reports printed UTC times labelled 'Foo/Bar'."""
    import time

    from audits.durations import time_zone
    from audits.errors import UsageError

    try:
        monkeypatch.setenv("TZ", value)
        time.tzset()
        with pytest.raises(UsageError) as refused:
            time_zone("local")
        line = str(refused.value)
        assert f"--tz 'local': $TZ is {value!r}, which is no time zone" in line, line
        assert "reads it as UTC" in line and "\n" not in line
    finally:
        monkeypatch.undo()
        time.tzset()


def test_history_runs_refuses_local_with_a_tz_no_one_knows(
    paris_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    args = ["history", "runs", "--history", str(paris_db), "--tz", "local", "--isolated"]
    result = CliRunner().invoke(app, args, env={"TZ": "Foo/Bar"})
    assert result.exit_code == 2, result.output
    assert "$TZ is 'Foo/Bar', which is no time zone" in result.output


@pytest.mark.parametrize("flag", ["--since", "--until"])
def test_a_day_the_zone_skips_is_named_as_such(paris_db: Path, flag: str) -> None:
    """Pacific/Apia skipped 2011-12-30 (it crossed the date line): `--since 2011-12-30
    --until 2011-12-30` said the window ended before it started."""
    import datetime as dt

    from audits.durations import parse_end, parse_point, time_zone
    from audits.errors import UsageError

    apia = time_zone("Pacific/Apia")
    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    parse = parse_point if flag == "--since" else parse_end
    with pytest.raises(UsageError) as refused:
        parse("2011-12-30", now, flag, tz=apia)
    assert str(refused.value) == (
        f"{flag} '2011-12-30': 2011-12-30 does not exist in Pacific/Apia (its calendar "
        "skips that day: 2011-12-29 is followed by 2011-12-31)"
    )
    # The days either side are whole days; a day that starts at 01:00 (Santiago) exists.
    assert parse_end("2011-12-29", now, tz=apia) - parse_point("2011-12-29", now, tz=apia) == (
        dt.timedelta(hours=24, seconds=-1)
    )
    assert parse_point("2011-12-31", now, tz=apia) == dt.datetime(2011, 12, 30, 10, tzinfo=dt.UTC)
    result = CliRunner().invoke(
        app,
        [
            *("report", "--history", str(paris_db), "--isolated", "--tz", "Pacific/Apia"),
            *("--since", "2011-12-30", "--until", "2011-12-30"),
        ],
    )
    assert result.exit_code == 2, result.output
    assert "--since '2011-12-30': 2011-12-30 does not exist in Pacific/Apia" in result.output


def test_report_per_week_counts_iso_weeks_in_the_zone(tmp_path: Path) -> None:
    """A 90-day trend could only be read per day (90 rows, the table cut to the last
    25): `--per week` charts and tabulates ISO weeks, counted in --tz as days are."""
    db = tmp_path / "history.sqlite"
    with HistoryStore(db) as store:
        # Sunday 23:30 and Monday 00:30 in Paris (UTC+2); New Year's Day 00:30 there.
        record(store, "2026-07-05T21:30:00+00:00", [clean("sunday", f"{CLEAN} (sun)")])
        record(store, "2026-07-05T22:30:00+00:00", [clean("monday", f"{CLEAN} (mon)")])
        record(store, "2026-12-31T23:30:00+00:00", [clean("newyear", f"{CLEAN} (ny)")])
    utc = paris_trend(db, "2026-01-01", "2027-01-31", tz="UTC")
    assert [(w["week"], w["runs"]) for w in utc["by_week"]] == [("2026-W27", 2), ("2026-W53", 1)]
    paris = paris_trend(db, "2026-01-01", "2027-01-31")
    assert [(w["week"], w["runs"]) for w in paris["by_week"]] == [
        ("2026-W27", 1),
        ("2026-W28", 1),
        ("2026-W53", 1),  # 2027-01-01 is in the last ISO week of 2026
    ]
    assert paris["window"]["per"] == "day" and len(paris["by_day"]) == 3
    args = ["report", "--history", str(db), "--isolated", "--tz", "Europe/Paris"]
    args += ["--since", "2026-01-01", "--until", "2027-01-31", "--per", "week"]
    for fmt, says in (
        ("terminal", "By week (Europe/Paris)"),
        ("markdown", "### By week (Europe/Paris)"),
        ("html", 'By week <span class="muted small">Europe/Paris</span>'),
    ):
        result = CliRunner().invoke(app, [*args, "-f", fmt], env={"COLUMNS": "120"})
        assert result.exit_code == 0, result.output
        assert says in result.stdout and "2026-W28" in result.stdout, (fmt, result.stdout)
        assert "By day (" not in result.stdout and "<h2>By day" not in result.stdout
    report = json.loads(CliRunner().invoke(app, [*args, "-f", "json"]).stdout)
    assert report["window"]["per"] == "week"
    jsonschema.validate(report, SCHEMA)
    wrong = CliRunner().invoke(app, [*args[:-1], "month"])
    assert wrong.exit_code == 2 and "'month': choose one of day, week" in wrong.output


@pytest.mark.parametrize("week", ["2026-W27", "2026W27"])
def test_a_week_alone_as_until_takes_in_the_whole_week(week: str) -> None:
    """`--since 2026-W27 --until 2026-W27` ended at that Monday's midnight: a week
    report (`--per week`) of one week held its Monday alone."""
    import datetime as dt

    from audits.durations import parse_end, parse_point, time_zone

    now = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
    paris = time_zone("Europe/Paris")
    assert parse_point(week, now, tz=paris) == dt.datetime(2026, 6, 28, 22, tzinfo=dt.UTC)
    assert parse_end(week, now, tz=paris) == dt.datetime(2026, 7, 5, 21, 59, 59, tzinfo=dt.UTC)
    # A day of the week is that day alone.
    assert parse_end("2026-W27-1", now, tz=paris) == dt.datetime(
        2026, 6, 29, 21, 59, 59, tzinfo=dt.UTC
    )


def test_a_week_in_lowercase_is_read_and_a_week_no_year_has_is_named() -> None:
    """`--until 2026-w22` and `--until 2025-W53` (2025 has 52 ISO weeks) both said
    "expected a duration like 90d ... or a date like 2026-05-01"."""
    import datetime as dt

    from audits.durations import parse_end, parse_point, time_zone
    from audits.errors import UsageError

    now = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
    paris = time_zone("Europe/Paris")
    for lower, upper in [
        ("2026-w22", "2026-W22"),
        ("2026w22", "2026W22"),
        ("2026-w22-7", "2026-W22-7"),
    ]:
        assert parse_point(lower, now, tz=paris) == parse_point(upper, now, tz=paris)
        assert parse_end(lower, now, tz=paris) == parse_end(upper, now, tz=paris)
    with pytest.raises(
        UsageError, match=r"'2025-W53': 2025 has 52 ISO weeks \(2025-W01 to 2025-W52\)"
    ):
        parse_end("2025-W53", now, "--until", paris)
    with pytest.raises(UsageError, match="2026 has 53 ISO weeks"):
        parse_point("2026-W00", now, "--since", paris)
    for day in ("2026-W22-8", "2026-W22-10", "2026W2210"):
        with pytest.raises(UsageError, match=r"a week's day runs from 1 \(Monday\) to 7"):
            parse_point(day, now, "--since", paris)
    assert parse_end("2026-W53", now, tz=paris) == dt.datetime(
        2027, 1, 3, 22, 59, 59, tzinfo=dt.UTC
    )


def test_a_day_its_month_has_not_is_named_as_such() -> None:
    """`--since 2026-02-29` (no leap year), `2026-13-01` and `--before 2026-04-31`
    were told "expected a duration like 90d ... or a date like 2026-05-01", as if
    they were not written as dates; eight digits alone say they were read as a date
    (`86400000` may be a duration without its unit)."""
    import datetime as dt

    from audits.durations import parse_end, parse_point
    from audits.errors import UsageError

    now = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
    for spec, why in [
        ("2026-02-29", r": 2026-02 has 28 days \(2026-02-01 to 2026-02-28\)"),
        ("20260229", r" reads as the date 2026-02-29: 2026-02 has 28 days"),
        ("2026-02-29T10:00", r": 2026-02 has 28 days"),
        ("2026-02-29Z", r": 2026-02 has 28 days"),
        ("2026-02-29+02:00", r": 2026-02 has 28 days"),
        ("2026-04-31", r": 2026-04 has 30 days \(2026-04-01 to 2026-04-30\)"),
        ("2026-04-00", r": 2026-04 has 30 days"),
        ("2026-13-01", r": a month runs from 01 to 12, not 13"),
        ("2026-00-10", r": a month runs from 01 to 12, not 00"),
        ("86400000", r" reads as the date 8640-00-00: a month runs from 01 to 12, not 00"),
    ]:
        for read in (parse_point, parse_end):
            with pytest.raises(UsageError, match=f"^--since '{re.escape(spec)}'{why}"):
                read(spec, now, "--since")
    with pytest.raises(UsageError, match=r"^--before '2026-04-31': 2026-04 has 30 days"):
        parse_point("2026-04-31", now, "--before")
    assert parse_point("2024-02-29", now) == dt.datetime(2024, 2, 29, tzinfo=dt.UTC)


def test_weeks_at_the_ends_of_the_calendar_are_usage_errors_or_read() -> None:
    """`--until 0000-W01` (no year 0) and `--until 9999-W52` (its Sunday + 1 day is
    past the last date) were internal errors (ValueError, OverflowError)."""
    import datetime as dt

    from audits.durations import parse_end, parse_point
    from audits.errors import UsageError

    now = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
    for read in (parse_point, parse_end):
        with pytest.raises(UsageError, match="expected"):
            read("0000-W01", now, "--until")
    assert parse_end("9999-W52", now) == dt.datetime(9999, 12, 31, 23, 59, 59, tzinfo=dt.UTC)


def test_a_week_the_window_holds_in_part_says_which_days(tmp_path: Path) -> None:
    """`--since 7d --per week` spans two weeks, each in part, and each row was labelled
    as the whole ISO week (2026-W27) though it counted only the window's days of it."""
    db = tmp_path / "history.sqlite"
    with HistoryStore(db) as store:
        record(store, "2026-07-01T10:00:00+00:00", [clean("wed", f"{CLEAN} (wed)")])
        record(store, "2026-07-07T10:00:00+00:00", [clean("tue", f"{CLEAN} (tue)")])
    paris = paris_trend(db, "2026-07-01", "2026-07-08")
    assert [(w["week"], w["from"], w["to"]) for w in paris["by_week"]] == [
        ("2026-W27", "2026-07-01", "2026-07-05"),  # Wednesday to Sunday of it
        ("2026-W28", "2026-07-06", "2026-07-08"),  # Monday to Wednesday
    ]
    whole = paris_trend(db, "2026-06-29", "2026-07-12")
    assert [(w["from"], w["to"]) for w in whole["by_week"]] == [
        ("2026-06-29", "2026-07-05"),
        ("2026-07-06", "2026-07-12"),
    ]


def test_a_week_the_window_holds_in_part_says_which_days_in_every_table(
    tmp_path: Path,
) -> None:
    """Only the JSON said which days of a week a row counted (`from`, `to`): the
    terminal, Markdown and HTML tables labelled `--since 7d`'s two part weeks as whole
    ISO weeks."""
    db = tmp_path / "history.sqlite"
    with HistoryStore(db) as store:
        record(store, "2026-07-01T10:00:00+00:00", [clean("wed", f"{CLEAN} (wed)")])
        record(store, "2026-07-07T10:00:00+00:00", [clean("tue", f"{CLEAN} (tue)")])
    args = ["report", "--history", str(db), "--isolated", "--tz", "Europe/Paris", "--per"]
    args += ["week", "--since"]
    for window, labels in (
        (
            ["2026-07-01", "--until", "2026-07-08"],
            ["2026-W27 (07-01 to 07-05)", "2026-W28 (07-06 to 07-08)"],
        ),
        (["2026-06-29", "--until", "2026-07-12"], ["2026-W27", "2026-W28"]),
    ):
        for fmt in ("terminal", "markdown", "html"):
            result = CliRunner().invoke(app, [*args, *window, "-f", fmt], env={"COLUMNS": "160"})
            assert result.exit_code == 0, result.output
            for label in labels:
                assert label in result.stdout, (fmt, label, result.stdout)
            if labels[0] == "2026-W27":
                assert "2026-W27 (" not in result.stdout, fmt


def test_a_time_after_a_date_is_read_with_a_t_of_either_case_or_a_space() -> None:
    """`--until 2026-w22-1t10:00` (and `2026-w22-1 10:00`) was refused as no date, where
    `2026-06-01t10:00` and `2026-W22-1T10:00` were read: the week date's checks looked
    for an upper-case T alone. A week date's own checks hold before a time too."""
    import datetime as dt

    from audits.durations import parse_end, parse_point, time_zone
    from audits.errors import UsageError

    now = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
    paris = time_zone("Europe/Paris")
    monday_ten = dt.datetime(2026, 5, 25, 8, tzinfo=dt.UTC)  # 10:00 in Paris
    june_ten = dt.datetime(2026, 6, 1, 8, tzinfo=dt.UTC)
    for spec, instant in [
        ("2026-w22-1t10:00", monday_ten),
        ("2026-w22-1 10:00", monday_ten),
        ("2026W221t1000", monday_ten),
        ("2026-W22-1T10:00", monday_ten),
        ("2026-06-01t10:00", june_ten),
        ("2026-06-01 10:00", june_ten),
        ("2026-06-01t08:00z", june_ten),
    ]:
        assert parse_point(spec, now, tz=paris) == instant, spec
        assert parse_end(spec, now, tz=paris) == instant, spec  # a time is its instant
    with pytest.raises(UsageError, match="2025 has 52 ISO weeks"):
        parse_end("2025-w53-1t10:00", now, "--until", paris)
    with pytest.raises(UsageError, match=r"a week's day runs from 1 \(Monday\) to 7"):
        parse_point("2026-w22-8 10:00", now, "--since", paris)


@pytest.mark.parametrize(
    "spec",
    [
        "2026-06-01x10:00",
        "2026-06-01\t10:00",
        "2026-06-01\u00a010:00",
        "2026-06-01_10:00",
        "20260601x1000",
        "2026-W22-1x10:00",
    ],
)
def test_a_time_after_a_date_follows_a_t_or_a_space_alone(spec: str) -> None:
    """fromisoformat takes any one character between a date and its time, so
    `--since 2026-06-01x10:00` (or a tab, or a no-break space) was read where the README
    says a T or a space, and a week date's own checks were skipped before one."""
    import datetime as dt

    from audits.durations import parse_end, parse_point
    from audits.errors import UsageError

    now = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
    for read in (parse_point, parse_end):
        with pytest.raises(UsageError) as refused:
            read(spec, now, "--since")
        assert str(refused.value).startswith(f"--since {spec!r}: expected a duration"), spec
        assert "\n" not in str(refused.value)


def test_a_prune_does_not_make_known_articles_newly_flagged(tmp_path: Path) -> None:
    """After `history prune --keep 2`, the oldest run left saw the article it had
    judged machine-translated for days as unchanged, and the trend listed it as newly
    flagged by that run: each nightly prune re-announced every known article."""
    path = tmp_path / "history.sqlite"
    with HistoryStore(path) as store:
        record(store, "2026-03-01T06:00:00+00:00", [awani(), clean("clean-1")])
        record(store, "2026-03-02T06:00:00+00:00", [awani(), clean("clean-1")])
        record(store, "2026-03-03T06:00:00+00:00", [awani(), clean("clean-1"), hostile()])
        assert trend(path, "2026-03-01", "2026-03-04")["newly_flagged"][0]["run"] == 1
        assert store.prune(keep=2).runs == 1
    t = trend(path, "2026-03-01", "2026-03-04")
    assert [(f["id"], f["run"]) for f in t["newly_flagged"]] == [(HOSTILE, 3)]
    assert t["summary"]["newly_flagged"] == 1


def test_a_new_copy_of_a_flagged_text_is_newly_flagged(tmp_path: Path) -> None:
    """The history marks a new file holding a text an earlier file held 'unchanged';
    with the original still there it is a document of its own, first judged
    machine-translated by this run: the rule for a run a prune forgot hid it."""
    path = tmp_path / "history.sqlite"
    copy = sample_audit(sample_document(doc_id="mirror/awani-copy.txt"))
    with HistoryStore(path) as store:
        record(store, "2026-03-01T06:00:00+00:00", [awani()])
        record(store, "2026-03-02T06:00:00+00:00", [awani(), copy])
    t = trend(path, "2026-03-01", "2026-03-03")
    assert [(f["id"], f["run"]) for f in t["newly_flagged"]] == [
        (AWANI, 1),
        ("mirror/awani-copy.txt", 2),
    ]
    assert trend(path, "2026-03-02", "2026-03-03")["summary"]["newly_flagged"] == 1


@pytest.mark.parametrize("copy_first", [False, True])
def test_a_copy_seen_beside_its_original_in_the_oldest_run_left_is_newly_flagged(
    tmp_path: Path, copy_first: bool
) -> None:
    """After a prune, the oldest run left saw the original and its new copy, both
    "unchanged" with one text: the copy looked like the original, and neither was
    listed. The history now says the copy was known by its text alone; the original
    still is not listed (the pruned runs judged it so), wherever the copy stands."""
    path = tmp_path / "history.sqlite"
    copy = sample_audit(sample_document(doc_id="mirror/awani-copy.txt"))
    with HistoryStore(path) as store:
        record(store, "2026-03-01T06:00:00+00:00", [awani()])
        record(
            store, "2026-03-02T06:00:00+00:00", [copy, awani()] if copy_first else [awani(), copy]
        )
        record(store, "2026-03-03T06:00:00+00:00", [awani(), copy])
        assert store.prune(keep=2).runs == 1
    t = trend(path, "2026-03-01", "2026-03-04")
    assert [(f["id"], f["run"]) for f in t["newly_flagged"]] == [("mirror/awani-copy.txt", 2)]


@pytest.mark.parametrize("moved_first", [True, False])
def test_a_file_that_moved_in_the_oldest_run_left_is_not_newly_flagged(
    tmp_path: Path, moved_first: bool
) -> None:
    """Known by its text alone there too, but with nothing beside it: the article moved,
    and the pruned runs judged it; a second copy beside the moved one is new. Which is
    which hung on the order: the first by position was taken as the move, and a folder
    walk puts mirror/awani-copy.txt first. The move is the one that kept the file name
    the earlier run had for the text, chosen when the run is recorded."""
    path = tmp_path / "history.sqlite"
    # samples/awani-lavrov-blinken.txt moved into moved/, and a copy appeared.
    moved = sample_audit(sample_document(doc_id="moved/awani-lavrov-blinken.txt"))
    copy = sample_audit(sample_document(doc_id="mirror/awani-copy.txt"))
    pair = [moved, copy] if moved_first else [copy, moved]
    with HistoryStore(path) as store:
        record(store, "2026-03-01T06:00:00+00:00", [awani()])
        record(store, "2026-03-02T06:00:00+00:00", pair)
        record(store, "2026-03-03T06:00:00+00:00", pair)
        assert store.prune(keep=2).runs == 1
    t = trend(path, "2026-03-01", "2026-03-04")
    assert [(f["id"], f["run"]) for f in t["newly_flagged"]] == [("mirror/awani-copy.txt", 2)]


def test_the_window_line_shows_until_as_asked_too(db: Path) -> None:
    """`--since 2026-03-01 --until 2026-03-02` said "(2026-03-01)" in the window line,
    as though the window ran up to now; the JSON had no `until_spec` either."""
    args = ["report", "--history", str(db), "--isolated", "--since", "2026-03-01"]
    for fmt in ("terminal", "markdown", "html"):
        result = CliRunner().invoke(
            app, [*args, "--until", "2026-03-02", "-f", fmt], env={"COLUMNS": "200"}
        )
        assert result.exit_code == 0, result.output
        assert "(2026-03-01 to 2026-03-02)" in result.stdout, (fmt, result.stdout)
    to_now = CliRunner().invoke(app, [*args, "-f", "json"])
    window = json.loads(to_now.stdout)["window"]
    assert (window["since_spec"], window["until_spec"]) == ("2026-03-01", None)
    asked = CliRunner().invoke(app, [*args, "--until", "2026-03-02", "-f", "json"])
    report = json.loads(asked.stdout)
    jsonschema.validate(report, SCHEMA)
    assert report["window"]["until_spec"] == "2026-03-02"


def test_report_quiet_writes_its_files_and_nothing_on_stdout(db: Path, tmp_path: Path) -> None:
    """`report` had no --quiet: a cron line writing -o files also printed the terminal
    trend, which cron mails, where `audit -q` prints none."""
    args = ["report", "--history", str(db), "--isolated", "--since", "2026-03-01"]
    out = tmp_path / "trend.json"
    quiet = CliRunner().invoke(app, [*args, "-q", "-o", str(out)])
    assert quiet.exit_code == 0, quiet.output
    assert quiet.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8"))["schema"] == "mtaudit-trend/1"
    both = CliRunner().invoke(app, [*args, "-q", "-f", "json"])
    assert both.exit_code == 2
    assert "--quiet prints no report on stdout, which --format chooses" in both.output
    # Nowhere to write: it exited 0 having done nothing.
    nowhere = CliRunner().invoke(app, [*args, "-q"])
    assert nowhere.exit_code == 2
    assert "nothing would be written; add -o FMT:PATH, or drop --quiet" in (
        nowhere.output.replace("\n", " ")
    )


def test_report_refuses_a_file_named_for_a_report_it_does_not_write(
    db: Path, tmp_path: Path
) -> None:
    """`report -o trend.sarif` said it could not tell the format, and with `-f json`
    wrote JSON into trend.sarif (which a SARIF upload rejects): the extension names
    an audit report. A FMT: prefix says the name is meant."""
    args = ["report", "--history", str(db), "--isolated", "--since", "2026-03-01"]
    for name, extra in product(("trend.sarif", "trend.sarif.json"), ([], ["-f", "json"])):
        out = tmp_path / name
        refused = CliRunner().invoke(app, [*args, "-o", str(out), *extra])
        assert refused.exit_code == 2, refused.output
        assert (
            f"--output {str(out)!r} is named for the sarif format, which this command does not "
            in (" ".join(refused.stderr.split()))
        )
        assert not out.exists()
    out = tmp_path / "trend.sarif"
    meant = CliRunner().invoke(app, [*args, "-q", "-o", f"json:{out}"])
    assert meant.exit_code == 0, meant.output
    assert json.loads(out.read_text(encoding="utf-8"))["schema"] == "mtaudit-trend/1"


def test_terminal_trend_summary_never_ends_a_line_on_its_separator(db: Path) -> None:
    # Rich wrapped the summary at any space: at 48 columns a line ended "7 reused) ·".
    t = trend(db, "2026-03-01", "2026-03-04")
    for width in range(30, 130):
        out = get_trend_reporter("terminal", width=width).render(t)
        head = out.split("\n\n")[0] if "\n\n" in out else out
        ends = [line for line in head.splitlines()[:8] if line.rstrip().endswith("·")]
        assert not ends, (width, out)
        assert "newly flagged" in out


@pytest.mark.parametrize("fmt", ["terminal", "markdown", "html"])
def test_an_unnamed_source_language_reads_as_the_audits_reports_say_it(db: Path, fmt: str) -> None:
    """The trend said "unknown" where the audit's reports say "not named (…)"; its
    history keeps no votes, so it gives no reason."""
    t = trend(db, "2026-03-01", "2026-03-04")
    for row in (*t["documents"], *t["newly_flagged"]):
        row["source_lang"] = None
    out = get_trend_reporter(fmt, width=200).render(t)
    assert "not named" in out and "unknown" not in out


@pytest.mark.parametrize(("code", "said"), [(None, "not named"), ("de", "German (de)")])
def test_the_terminal_documents_table_names_the_source_language(
    db: Path, code: str | None, said: str
) -> None:
    """The documents table printed "?" for an unnamed language and "de" for German,
    where its flagged table above says "not named" and "German (de)"."""
    t = trend(db, "2026-03-01", "2026-03-04")
    assert t["documents"]
    for row in t["documents"]:
        row["source_lang"] = code
    # Only the documents table may say it.
    t["newly_flagged"], t["source_langs"] = [], []
    out = get_trend_reporter("terminal", width=300).render(t)
    assert said in out


def _two_jobs(tmp_path: Path, second: list[str] | None = None) -> Path:
    """Two cron jobs sharing one history, recording in turn: job A reads a feed file,
    job B a URL (or ``second``); each run sees one new article."""
    path = tmp_path / "history.sqlite"
    jobs = [["feeds/a.xml"], second or ["https://b.example/rss"]]
    with HistoryStore(path) as store:
        for n in range(4):
            started = f"2026-03-0{n + 1}T06:00:00+00:00"
            text = f"{CLEAN} It was article {n + 1}."
            run = RunAudit(documents=[clean(f"doc-{n + 1}", text)], signature={}, started=started)
            run.finished = started
            store.record(run, AuditConfig(lm=False), jobs[n % 2])
    return path


def test_new_only_reports_the_job_asked_for(tmp_path: Path) -> None:
    """`report --new-only` reported whichever job recorded last: a cron line that runs
    job A's report after job B had recorded got B's news, and A's never. `--job` names
    the job as `history runs` lists its inputs; the JSON keeps its shape."""
    path = _two_jobs(tmp_path)
    args = ["report", "--history", str(path), "--isolated", "-f", "json"]
    window = ["--since", "2026-03-01", "--until", "2026-03-05"]
    runner = CliRunner()
    plain = runner.invoke(app, [*args, *window, "--new-only"])
    assert plain.exit_code == 0, plain.output
    assert json.loads(plain.stdout)["latest_run"] == 4
    asked = runner.invoke(app, [*args, *window, "--new-only", "--job", "feeds/a.xml"])
    assert asked.exit_code == 0, asked.output
    t = json.loads(asked.stdout)
    jsonschema.validate(t, SCHEMA)
    assert (t["latest_run"], t["previous_run"]) == (3, 1)
    assert [d["id"] for d in t["documents"]] == ["doc-3"]
    assert [r["id"] for r in t["runs"]] == [3]
    assert set(t) == set(json.loads(plain.stdout))
    # Inputs are recorded as typed: ./feeds/a.xml is the same file, so the same job.
    dotted = runner.invoke(app, [*args, *window, "--new-only", "--job", "./feeds/a.xml"])
    assert json.loads(dotted.stdout)["latest_run"] == 3, dotted.output
    # Without --new-only it narrows the window to that job's runs.
    whole = json.loads(
        runner.invoke(app, [*args, *window, "--job", "https://b.example/rss"]).stdout
    )
    assert (whole["summary"]["runs"], sorted(d["id"] for d in whole["documents"])) == (
        2,
        ["doc-2", "doc-4"],
    )


def test_reports_for_people_name_the_job_asked_for(tmp_path: Path) -> None:
    """`report --job A` printed "No runs recorded in this window." and a window line
    with no word of the job: it read as the whole history's, though job B had runs
    there. The terminal, Markdown and HTML reports name the job; the JSON is as it was."""
    path = _two_jobs(tmp_path)
    args = ["report", "--history", str(path), "--isolated", "--job", "feeds/a.xml"]
    # Job A's runs are on March 1 and 3; B's on March 2 and 4.
    window = ["--since", "2026-03-04", "--until", "2026-03-04"]
    runner = CliRunner()
    for fmt in ("terminal", "markdown", "html"):
        for scope in ([], ["--new-only"]):
            result = runner.invoke(app, [*args, *window, *scope, "-f", fmt])
            assert result.exit_code == 0, result.output
            said = " ".join(result.stdout.split())
            assert "of job feeds/a.xml" in said, (fmt, scope, said)
            if not scope:
                # The HTML's "By day" section said "No runs in this window." alone.
                assert "No runs of job feeds/a.xml recorded in this window." in said
    plain = runner.invoke(app, ["report", "--history", str(path), "--isolated", *window])
    assert "job" not in plain.stdout
    as_json = runner.invoke(app, [*args, *window, "-f", "json"])
    assert "feeds/a.xml" not in as_json.stdout


def test_a_job_name_in_square_brackets_is_printed_as_written(tmp_path: Path) -> None:
    """The terminal read a job's name in its "No runs of job ..." line as markup:
    `--job 'feeds/[/]b.xml'` stopped with a MarkupError, and `[red]` vanished."""
    # Job B's runs are on March 2 and 4; none on March 3.
    window = ["--since", "2026-03-03", "--until", "2026-03-03", "-f", "terminal"]
    for n, name in enumerate(("feeds/[/]b.xml", "feeds/[red]b.xml")):
        (tmp_path / str(n)).mkdir()
        path = _two_jobs(tmp_path / str(n), [name])
        result = CliRunner().invoke(
            app, ["report", "--history", str(path), "--isolated", "--job", name, *window]
        )
        assert result.exit_code == 0, result.output
        said = " ".join(result.stdout.split())
        assert f"No runs of job {name} recorded in this window." in said


def test_new_only_reports_the_job_named_whole_not_one_sharing_its_input(
    tmp_path: Path,
) -> None:
    """Job B audits feeds/a.xml and feeds/b.xml: `--job feeds/a.xml` read B's runs too,
    and reported B's run 4 as A's news."""
    path = _two_jobs(tmp_path, ["feeds/a.xml", "feeds/b.xml"])
    args = ["report", "--history", str(path), "--isolated", "-f", "json", "--new-only"]
    window = ["--since", "2026-03-01", "--until", "2026-03-05"]
    result = CliRunner().invoke(app, [*args, *window, "--job", "feeds/a.xml"])
    assert result.exit_code == 0, result.output
    t = json.loads(result.stdout)
    assert (t["latest_run"], t["previous_run"], [d["id"] for d in t["documents"]]) == (
        3,
        1,
        ["doc-3"],
    )


def test_an_unknown_job_is_one_line_naming_the_jobs(tmp_path: Path) -> None:
    path = _two_jobs(tmp_path)
    result = CliRunner().invoke(
        app, ["report", "--history", str(path), "--isolated", "--new-only", "--job", "feeds/b.xml"]
    )
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert f"no job 'feeds/b.xml' in history {path}; its jobs" in lines[0]
    assert lines[0].endswith("lists them): https://b.example/rss, feeds/a.xml")
    # One name per job: ./feeds/a.xml is feeds/a.xml.
    with HistoryStore(path) as store:
        run = RunAudit(documents=[], signature={}, started="2026-03-05T06:00:00+00:00")
        store.record(run, AuditConfig(lm=False), ["./feeds/a.xml"])
    again = CliRunner().invoke(
        app, ["report", "--history", str(path), "--isolated", "--new-only", "--job", "x"]
    )
    assert again.stderr.strip().endswith(": ./feeds/a.xml, https://b.example/rss")


LOCAL = "http://127.0.0.1:8765"


def page(name: str) -> DocumentAudit:
    return sample_audit(
        Document(id=f"{LOCAL}/{name}", text=CLEAN, source=f"{LOCAL}/{name}", url=f"{LOCAL}/{name}")
    )


def down(address: str) -> DocumentAudit:
    return failed(InputFailure(address, "HTTP error 404 (Not Found)"))


def test_an_error_stored_in_a_folder_named_after_its_host_is_read_in_its_site(
    tmp_path: Path,
) -> None:
    """A history recorded before an address that could not be read counted in its site
    stored it in a "folder" named after the host: the trend showed 127.0.0.1 twice, a
    site and a folder, for the whole window."""
    path = tmp_path / "history.sqlite"
    with HistoryStore(path) as store:
        record(store, "2026-03-01T06:00:00+00:00", [page("a.html"), down(f"{LOCAL}/b.html")])
        # What mtaudit wrote for the error before.
        store.conn.execute(
            "UPDATE run_documents SET source_key = 'folder:127.0.0.1', "
            "source_label = '127.0.0.1', source_kind = 'folder' WHERE status = 'error'"
        )
        store.conn.commit()
    rows = trend(path, "2026-03-01", "2026-03-02")["by_source"]
    assert [(g["source"], g["kind"], g["documents"], g["errors"]) for g in rows] == [
        ("site:127.0.0.1", "site", 2, 1)
    ]


def test_a_feed_that_was_down_is_counted_in_its_feeds_row(tmp_path: Path) -> None:
    """Its error's source is the feed's address: it was counted in the site's row, so
    the feed's own row never showed its outage."""
    feed = f"{LOCAL}/rss.xml"
    entry = sample_audit(
        Document(
            id=f"{feed}#0",
            text=CLEAN_2,
            source=f"{feed}#0",
            url=f"{LOCAL}/story",
            meta={"feed_title": "Local News", "feed_link": LOCAL},
        )
    )
    path = tmp_path / "history.sqlite"
    with HistoryStore(path) as store:
        record(store, "2026-03-01T06:00:00+00:00", [entry, page("a.html"), page("b.html")])
        record(
            store,
            "2026-03-01T18:00:00+00:00",
            [down(feed), page("a.html"), down(f"{LOCAL}/b.html")],
        )
    t = trend(path, "2026-03-01", "2026-03-02")
    rows = {g["source"]: g for g in t["by_source"]}
    assert sorted(rows) == [f"feed:{feed}", "site:127.0.0.1"]
    assert (rows[f"feed:{feed}"]["label"], rows[f"feed:{feed}"]["errors"]) == ("Local News", 1)
    assert (rows["site:127.0.0.1"]["documents"], rows["site:127.0.0.1"]["errors"]) == (2, 1)
    docs = {d["id"]: d for d in t["documents"]}
    assert docs[feed]["source_group"] == f"feed:{feed}"
