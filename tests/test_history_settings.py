"""Durations, source groups, result keys and the `history` setting."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from audits.config import AuditConfig
from audits.document import Document, Severity
from audits.durations import iso, parse_duration, parse_end, parse_point
from audits.errors import UsageError
from audits.history import cutoff
from audits.reuse import audit_key, result_settings, settings_key
from audits.source_groups import source_group
from cli.app import app
from tests.conftest import NO_STDOUT, SEED, run_stdout_closed
from tests.history_helpers import BUDGET, GATE, JsonlArticles

NOW = dt.datetime(2026, 5, 8, 6, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    "spec, seconds",
    [
        ("90d", 90 * 86400),
        ("12h", 43200),
        ("2w", 14 * 86400),
        ("1d12h", 129600),
        ("30m", 1800),
        ("7 days", 7 * 86400),
        ("1 day 12 hours", 129600),
        ("2 weeks", 14 * 86400),
    ],
)
def test_durations(spec: str, seconds: int) -> None:
    assert parse_duration(spec) == dt.timedelta(seconds=seconds)
    assert parse_point(spec, NOW) == NOW - dt.timedelta(seconds=seconds)


def test_points_in_time() -> None:
    assert iso(parse_point("2026-05-01", NOW)) == "2026-05-01T00:00:00+00:00"
    assert iso(parse_point("2026-05-01T08:30:00+02:00", NOW)) == "2026-05-01T06:30:00+00:00"
    assert iso(parse_point("2026-05-01T06:30:00Z", NOW)) == "2026-05-01T06:30:00+00:00"
    for bad in ("last week", "7 months", "-3d", ""):
        with pytest.raises(UsageError, match="expected"):
            parse_point(bad, NOW)


@pytest.mark.parametrize("day", ["2026-11-30", "20261130", "2026-W49-1"])
def test_a_date_alone_in_any_iso_form_ends_at_the_end_of_that_day(day: str) -> None:
    # `20261130` and `2026-W49-1` (that Monday) ended at its midnight, the first instant.
    assert iso(parse_end(day, NOW)) == "2026-11-30T23:59:59+00:00"
    assert iso(parse_point(day, NOW)) == "2026-11-30T00:00:00+00:00"


@pytest.mark.parametrize("spec", ["2026-11-30Z", "2026-11-30+02:00", "20261130-0500"])
def test_a_time_zone_on_a_date_alone_is_refused(spec: str) -> None:
    """fromisoformat read the zone's sign as the date-time separator: `--until
    2026-11-30+02:00` ended at 02:00 UTC, and `2026-11-30Z` at midnight."""
    for parse in (parse_point, parse_end):
        with pytest.raises(UsageError, match="a date alone takes no time zone"):
            parse(spec, NOW)
    assert iso(parse_end("2026-11-30T00:00+02:00", NOW)) == "2026-11-29T22:00:00+00:00"


@pytest.mark.parametrize(
    "spec",
    ["99999999d", "99999999999999999999999s", "0001-01-01T00:00+05:00", "9999-12-31T23:00-05:00"],
)
def test_a_point_past_the_calendar_is_a_usage_error(spec: str) -> None:
    with pytest.raises(UsageError, match="out of range"):
        parse_point(spec, NOW)


def test_an_age_older_than_the_calendar_cuts_off_nothing() -> None:
    assert cutoff(dt.timedelta(days=999_999_999), NOW) == "0001-01-01T00:00:00+00:00"


@pytest.mark.parametrize(
    "source, url, meta, expected",
    [
        (
            "https://gazette.example/rss.xml#4",
            "https://gazette.example/2026/05/heat",
            {"feed_title": "City Gazette", "feed_link": "https://gazette.example/"},
            ("feed:https://gazette.example/rss.xml", "City Gazette", "feed"),
        ),
        (
            "feeds/world.atom#0",
            None,
            {"feed_title": "  ", "feed_url": "https://world.example/atom"},
            ("feed:https://world.example/atom", "https://world.example/atom", "feed"),
        ),
        (
            "dumps/may.jsonl:3",
            "https://WWW.News.Example/a?b=c",
            {},
            ("site:news.example", "news.example", "site"),
        ),
        ("dumps/may.jsonl:3", "javascript:alert(1)", {}, ("folder:dumps", "dumps", "folder")),
        # A page or feed that could not be read is an error entry with no url: its own
        # address still names its site, so it joins that site's row, not a "folder" of
        # the same name beside it.
        (
            "https://www.news.example/gone.html",
            None,
            {},
            ("site:news.example", "news.example", "site"),
        ),
        ("http://127.0.0.1:8080/rss.xml", None, {}, ("site:127.0.0.1", "127.0.0.1", "site")),
        ("article.txt", None, {}, ("folder:.", ".", "folder")),
        ("-", None, {}, ("folder:stdin", "stdin", "folder")),
    ],
)
def test_source_groups(
    source: str, url: str | None, meta: dict, expected: tuple[str, str, str]
) -> None:
    group = source_group(source, url, meta)
    assert (group.key, group.label, group.kind) == expected


def test_result_keys_follow_content_and_result_settings_only() -> None:
    doc = Document(id="a", text="The council met on Tuesday.", source="a.txt")
    base = AuditConfig(lm=False)
    selected = frozenset({"S500"})
    key = audit_key(doc, settings_key(base, selected))
    moved = Document(id="b", text=doc.text, source="elsewhere/b.txt", meta={"entry_index": 4})
    assert audit_key(moved, settings_key(base, selected)) == key
    # Settings that never change a result: output, parallelism, gating by code, the history.
    same = AuditConfig(lm=False, jobs=4, format="json", fail_on=["S500"], history="h.sqlite")
    assert settings_key(same, selected) == settings_key(base, selected)
    # The model's settings matter only when it runs.
    assert settings_key(AuditConfig(lm=False, device="cuda"), selected) == settings_key(
        base, selected
    )
    assert settings_key(AuditConfig(lm=True), selected) != settings_key(
        AuditConfig(lm=True, device="cuda"), selected
    )
    for changed in (
        AuditConfig(lm=False, fail_over=0.3),
        AuditConfig(lm=False, allow=["Kyiv Post"]),
        AuditConfig(lm=False, severity={"S500": Severity.ERROR}),
    ):
        assert settings_key(changed, selected) != settings_key(base, selected)
    assert settings_key(base, frozenset({"S500", "S501"})) != settings_key(base, selected)
    edited = Document(id="a", text=doc.text + " It voted.", source="a.txt")
    assert audit_key(edited, settings_key(base, selected)) != key
    titled = Document(id="a", text=doc.text, source="a.txt", title="Council")
    assert audit_key(titled, settings_key(base, selected)) != key
    assert "engine" in result_settings(base, selected)


def test_settings_that_only_choose_or_fetch_the_inputs_keep_results_reused() -> None:
    # What a run reads (which feed entries, fetched how) is in the key as the document's
    # own content; the settings that chose it change no result. A scheduled job with a
    # rolling `--since "$(date -I -d '2 days ago')"`, or a new --max-entries or HTTP
    # timeout, re-audited every document, the language model included, on every run.
    selected = frozenset({"S500"})
    base = settings_key(AuditConfig(lm=False), selected)
    for changed in (
        AuditConfig(lm=False, since="2026-11-01"),
        AuditConfig(lm=False, max_entries=5),
        AuditConfig(lm=False, fetch_articles=True),
        AuditConfig(lm=False, fetch_private_links=True),
        AuditConfig(lm=False, http_read_timeout=60.0, http_retries=5, http_per_host=1),
        AuditConfig(lm=False, lm_kernel="eager"),  # the model's, and the model is off
    ):
        assert settings_key(changed, selected) == base, changed
    assert settings_key(AuditConfig(lm=True), selected) != settings_key(
        AuditConfig(lm=True, lm_kernel="eager"), selected
    )


def test_history_from_the_config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "site"
    (site / "state").mkdir(parents=True)
    (site / "mtaudit.toml").write_text('history = "state/runs.sqlite"\n', encoding="utf-8")
    inputs = JsonlArticles(site).publish([BUDGET])
    monkeypatch.chdir(site)
    runner = CliRunner()
    gate = [arg for arg in GATE if arg != "--isolated"]
    result = runner.invoke(app, ["audit", *inputs, *gate, "-f", "json"])
    assert result.exit_code == 1, result.output
    assert (site / "state" / "runs.sqlite").is_file()
    runs = json.loads(runner.invoke(app, ["history", "runs", "-f", "json"]).stdout)
    assert runs["history"] == str(site / "state" / "runs.sqlite")
    assert [r["documents"] for r in runs["runs"]] == [1]
    shown = json.loads(runner.invoke(app, ["config", "-f", "json"]).stdout)
    assert shown["settings"]["history"]["resolved"] == str(site / "state" / "runs.sqlite")
    # --history wins over the file; --isolated ignores it.
    other = tmp_path / "other.sqlite"
    runner.invoke(app, ["audit", *inputs, *gate, "--history", str(other), "-f", "json"])
    assert other.is_file()
    isolated = runner.invoke(app, ["report", "--isolated"])
    assert isolated.exit_code == 2 and "no history database" in isolated.output


def test_new_only_needs_a_history_and_excludes_a_baseline(tmp_path: Path) -> None:
    inputs = JsonlArticles(tmp_path).publish([BUDGET])
    runner = CliRunner()
    result = runner.invoke(app, ["audit", *inputs, *GATE, "--new-only"])
    assert result.exit_code == 2 and "--new-only needs a history" in result.output
    base = tmp_path / "base.json"
    base.write_text(runner.invoke(app, ["audit", *inputs, *GATE, "-f", "json"]).stdout)
    result = runner.invoke(
        app,
        [
            "audit",
            *inputs,
            *GATE,
            "--new-only",
            "--history",
            str(tmp_path / "h"),
            "--baseline",
            str(base),
        ],
    )
    assert result.exit_code == 2 and "pass only one" in result.output


@pytest.mark.parametrize("spec", ["1d12h", "7 days", "30m", "2w", "2026-05-01T06:30:00Z"])
def test_since_has_one_grammar_in_audit_and_report(
    runner: CliRunner, isolated_cwd: Path, spec: str
) -> None:
    # `audit --since` (feed entries) and `report --since` (runs) both take a point in
    # time: what one accepts, the other does.
    shown = runner.invoke(app, ["config", "--since", spec, "-f", "json"])
    assert shown.exit_code == 0, shown.output
    report = runner.invoke(app, ["report", "--history", "missing.sqlite", "--since", spec])
    assert "no such database" in _error_line(report.stderr)


def test_a_bad_since_is_the_same_line_in_audit_and_report(
    runner: CliRunner, isolated_cwd: Path
) -> None:
    lines = {
        _error_line(runner.invoke(app, [*args, "--since", "last tuesday"]).stderr)
        for args in (
            ["audit", str(SEED), "--no-lm"],
            ["config"],
            ["report", "--history", "h.sqlite"],
        )
    }
    assert lines == {
        "mtaudit: error: --since 'last tuesday': expected a duration like 90d, 12h, 2w or "
        "1d12h, or a date like 2026-05-01"
    }


def _error_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    return lines[0]


def test_history_into_a_closed_stdout_names_no_o(runner: CliRunner, tmp_path: Path) -> None:
    """`mtaudit history runs >&-` advised "write it to a file with -o FILE", an option
    only `history show` has."""
    db = str(tmp_path / "h.sqlite")
    audited = runner.invoke(app, ["audit", str(SEED), "--no-lm", "--isolated", "--history", db])
    assert audited.exit_code in (0, 1), audited.output
    dry_run = ["prune", "--older-than", "1d", "--dry-run"]
    for args in (["runs"], ["runs", "-f", "json"], dry_run):
        assert run_stdout_closed(["history", *args, "--history", db, "--isolated"]) == (
            2,
            NO_STDOUT,
        ), args


def test_history_changes_are_made_with_stdout_closed(runner: CliRunner, tmp_path: Path) -> None:
    """`history accept 2 >&-` and a nightly `history prune --older-than 90d >&-`
    made their change, then exited 2 for the line that says so: a cron job read a
    failure. The change stands and the line is left out; status 0."""
    db = str(tmp_path / "h.sqlite")
    for _ in range(2):
        audited = runner.invoke(
            app, ["audit", str(SEED), "--no-lm", "--isolated", "--history", db, "--fail-on", "C"]
        )
        assert audited.exit_code == 1, audited.output  # the gate failed: the runs are held
    accept = ["history", "accept", "2", "--history", db, "--isolated"]
    assert run_stdout_closed(accept) == (0, "")
    listed = runner.invoke(app, ["history", "runs", "--history", db, "--isolated", "-f", "json"])
    assert [r["accepted"] for r in json.loads(listed.stdout)["runs"]] == [False, True]
    # Both runs from long ago: a prune by age alone would race the clock (runs are
    # stored to the second, so "older than 0d" missed a run begun in the same second).
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE runs SET started = '2000-01-01T00:00:00+00:00'")
    conn.close()
    prune = ["history", "prune", "--older-than", "90d", "--history", db, "--isolated"]
    would = runner.invoke(app, [*prune, "--dry-run"])
    assert "would forget 1 run older" in would.stdout, would.output
    assert run_stdout_closed(prune) == (0, "")
    again = runner.invoke(app, [*prune, "--dry-run"])
    assert "would forget 0 runs older" in again.stdout, again.output
