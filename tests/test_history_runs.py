"""Scheduled runs over a changing set of articles: reuse, new-only output and trend numbers.

The scenario (``tests/history_helpers.py`` has the articles):

run 1: ferry (1 damaged word), budget (MT), museum v1 (clean), strike (MT)
run 2: ferry and budget unchanged (reused), museum v2 (edited, now MT),
       meals (new, clean), heatwave (new, MT, 3 findings); strike is gone

Every expected number below is counted by hand from that table.
"""

from __future__ import annotations

import json
import re
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.app import app
from tests.conftest import Ran
from tests.history_helpers import (
    FERRY_FIXED,
    FLOOD,
    GATE,
    RUN_1,
    RUN_2,
    SITES,
    ArticleSet,
    FeedArticles,
    JsonlArticles,
    TextFolderArticles,
    site_of_group,
)

ARTICLE_SETS = {"jsonl": JsonlArticles, "text": TextFolderArticles, "feed": FeedArticles}


@dataclass
class TwoRuns:
    articles: ArticleSet
    db: Path
    first: dict
    second: dict
    second_code: int
    terminal: str


def audit(runner: CliRunner, db: Path, inputs: list[str], *extra: str) -> tuple[int, dict]:
    result = runner.invoke(
        app, ["audit", *inputs, *GATE, "--history", str(db), "-f", "json", *extra]
    )
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout)


def report(runner: CliRunner, db: Path, *args: str) -> dict:
    result = runner.invoke(app, ["report", "--history", str(db), "--isolated", "-f", "json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture(scope="module", params=sorted(ARTICLE_SETS))
def two_runs(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> TwoRuns:
    root = tmp_path_factory.mktemp(f"runs-{request.param}")
    articles = ARTICLE_SETS[request.param](root)
    db = root / "history.sqlite"
    runner = CliRunner()
    _, first = audit(runner, db, articles.publish(RUN_1))
    # Runs are timed to the second; the windows below tell them apart.
    time.sleep(1.1)
    terminal = root / "second.txt"
    code, second = audit(runner, db, articles.publish(RUN_2), "-o", f"terminal:{terminal}")
    return TwoRuns(articles, db, first, second, code, terminal.read_text(encoding="utf-8"))


def by_slug(runs: TwoRuns, entries: list[dict]) -> dict[str, dict]:
    return {runs.articles.slug(e["id"]): e for e in entries}


def test_the_articles_are_what_the_hand_counts_assume(two_runs: TwoRuns) -> None:
    docs = by_slug(two_runs, two_runs.first["documents"]) | by_slug(
        two_runs, two_runs.second["documents"]
    )
    findings = {slug: len(d["findings"]) for slug, d in docs.items()}
    assert findings == {
        "harbour-ferry": 1,
        "council-budget": 2,
        "museum-reopens": 2,  # version 2; version 1 had none
        "rail-strike": 2,
        "school-meals": 0,
        "heatwave-warning": 3,
    }
    first = by_slug(two_runs, two_runs.first["documents"])
    assert len(first["museum-reopens"]["findings"]) == 0
    mt = {slug for slug, d in docs.items() if d["verdict"]["machine_translated"]}
    assert mt == {"council-budget", "museum-reopens", "rail-strike", "heatwave-warning"}


def test_unchanged_documents_are_reused_and_changed_ones_audited(two_runs: TwoRuns) -> None:
    assert not any(d["reused"] for d in two_runs.first["documents"])
    second = by_slug(two_runs, two_runs.second["documents"])
    reused = {slug for slug, d in second.items() if d["reused"]}
    assert reused == {"harbour-ferry", "council-budget"}
    assert two_runs.second["summary"]["reused"] == 2
    first = by_slug(two_runs, two_runs.first["documents"])
    for slug in reused:
        entry, before = second[slug], first[slug]
        assert entry["reused_from"]["run"] == 1
        assert entry["reused_from"]["audited"] == two_runs.first["finished"]
        assert entry["reused_from"]["signature_string"] == two_runs.first["signature_string"]
        # The stored result is the first run's, finding for finding.
        for key in ("verdict", "findings", "sentences", "stats", "content_hash"):
            assert entry[key] == before[key]
    assert second["museum-reopens"]["reused_from"] is None
    assert second["museum-reopens"]["content_hash"] != first["museum-reopens"]["content_hash"]
    # A run whose results were partly reused still signs with the same settings.
    assert two_runs.second["signature_string"] == two_runs.first["signature_string"]
    assert two_runs.second_code == 1  # museum and heatwave are machine-translated


def test_the_terminal_report_says_which_results_were_reused(two_runs: TwoRuns) -> None:
    text = two_runs.terminal
    panels = {
        m.group(1): body
        for m, body in ((re.match(r"─ (.+?) ─", p), p) for p in text.split("╭")[1:])
        if m
    }
    reused = {title for title, body in panels.items() if "reused from run 1" in body}
    assert reused == {
        "Harbour ferry returns to a full timetable",
        "Council approves a leaner budget",
    }
    assert "5 documents audited" in text
    assert "2 reused from earlier runs" in text


def test_trend_over_both_runs_matches_the_hand_count(two_runs: TwoRuns) -> None:
    trend = report(CliRunner(), two_runs.db, "--since", "1d")
    assert trend["schema"] == "mtaudit-trend/1"
    assert [r["id"] for r in trend["runs"]] == [1, 2]
    s = trend["summary"]
    assert (s["runs"], s["documents"], s["ok"], s["errors"]) == (2, 6, 6, 0)
    # Latest results: budget, museum (v2), strike (run 1) and heatwave are MT.
    assert s["machine_translated"] == 4
    assert s["share_machine_translated"] == round(4 / 6, 4)
    assert (s["audited"], s["reused"]) == (4 + 3, 2)
    assert (s["new"], s["changed"]) == (6, 0)  # museum was new within this window
    assert s["newly_flagged"] == 4
    assert s["findings"] == 1 + 2 + 2 + 2 + 0 + 3
    flagged = {two_runs.articles.slug(f["id"]): f["run"] for f in trend["newly_flagged"]}
    assert flagged == {
        "council-budget": 1,
        "rail-strike": 1,
        "museum-reopens": 2,
        "heatwave-warning": 2,
    }
    sources = {site_of_group(g["label"], SITES): g for g in trend["by_source"]}
    assert {k: (g["documents"], g["machine_translated"], g["new"]) for k, g in sources.items()} == {
        "city.example": (3, 2, 3),  # ferry, budget, heatwave
        "region.example": (3, 2, 3),  # museum, strike, meals
    }
    assert sources["city.example"]["share_machine_translated"] == round(2 / 3, 4)
    assert trend["rules"] == [{"code": "S500", "name": "mojibake", "findings": 10, "documents": 5}]
    assert trend["source_langs"] == []
    assert trend["signatures"] == [two_runs.first["signature_string"]]
    days = {d["day"]: d for d in trend["by_day"]}
    day_1, day_2 = two_runs.first["started"][:10], two_runs.second["started"][:10]
    if day_1 == day_2:
        assert list(days) == [day_1]
        d = days[day_1]
        assert (d["runs"], d["documents"], d["machine_translated"], d["new"]) == (2, 6, 4, 6)
        assert d["new_machine_translated"] == 4
    else:  # the two runs straddled midnight (UTC)
        assert (days[day_1]["documents"], days[day_1]["machine_translated"]) == (4, 2)
        assert (days[day_2]["documents"], days[day_2]["machine_translated"]) == (5, 3)
        assert (days[day_1]["new"], days[day_2]["new"]) == (4, 2)


def test_trend_of_the_second_run_alone(two_runs: TwoRuns) -> None:
    trend = report(CliRunner(), two_runs.db, "--since", two_runs.second["started"])
    assert [r["id"] for r in trend["runs"]] == [2]
    s = trend["summary"]
    assert (s["documents"], s["machine_translated"], s["audited"], s["reused"]) == (5, 3, 3, 2)
    assert (s["new"], s["changed"], s["newly_flagged"]) == (2, 1, 2)
    assert s["share_machine_translated"] == 0.6
    flagged = {two_runs.articles.slug(f["id"]) for f in trend["newly_flagged"]}
    assert flagged == {"museum-reopens", "heatwave-warning"}
    sources = {site_of_group(g["label"], SITES): g for g in trend["by_source"]}
    assert {k: (g["documents"], g["machine_translated"], g["new"]) for k, g in sources.items()} == {
        "city.example": (3, 2, 1),
        "region.example": (2, 1, 1),
    }
    assert trend["rules"][0]["findings"] == 1 + 2 + 2 + 3
    appeared = {two_runs.articles.slug(d["id"]): d["appearance"] for d in trend["documents"]}
    assert appeared == {
        "harbour-ferry": "unchanged",
        "council-budget": "unchanged",
        "museum-reopens": "changed",
        "school-meals": "new",
        "heatwave-warning": "new",
    }


@pytest.mark.parametrize("fmt", ["json", "terminal", "markdown", "csv", "html"])
def test_new_only_lists_what_appeared_since_the_previous_run(
    two_runs: TwoRuns, fmt: str, tmp_path: Path
) -> None:
    out = tmp_path / "new"
    result = CliRunner().invoke(
        app,
        ["report", "--history", str(two_runs.db), "--isolated", "--new-only", "-o", f"{fmt}:{out}"],
    )
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    if fmt != "json":
        for article in ("museum", "meals", "heatwave"):
            assert article in text.lower()
        for article in ("ferry", "budget", "strike"):
            assert article not in text.lower()
        return
    trend = json.loads(text)
    assert trend["scope"] == "new-only"
    assert (trend["latest_run"], trend["previous_run"]) == (2, 1)
    docs = {two_runs.articles.slug(d["id"]): d for d in trend["documents"]}
    assert {slug: d["appearance"] for slug, d in docs.items()} == {
        "museum-reopens": "changed",
        "school-meals": "new",
        "heatwave-warning": "new",
    }
    assert {slug for slug, d in docs.items() if d["machine_translated"]} == {
        "museum-reopens",
        "heatwave-warning",
    }
    s = trend["summary"]
    assert (s["documents"], s["machine_translated"], s["new"], s["changed"]) == (3, 2, 2, 1)
    assert s["newly_flagged"] == 2
    assert trend["rules"][0]["findings"] == 2 + 3


def test_audit_new_only_reports_and_gates_only_what_is_new(
    two_runs: TwoRuns, tmp_path: Path
) -> None:
    db = tmp_path / "copy.sqlite"
    shutil.copy(two_runs.db, db)
    runner = CliRunner()
    articles = two_runs.articles
    # Nothing changed: nothing to report, and the known MT articles do not fail the job.
    code, third = audit(runner, db, articles.publish(RUN_2), "--new-only")
    assert code == 0
    assert third["documents"] == []
    assert third["baseline"]["documents"] == {"new": 0, "changed": 0, "unchanged": 5}
    # A new MT article and a repaired one: only the new article is reported, and it fails.
    fourth_set = [FERRY_FIXED, *RUN_2[1:], FLOOD]
    code, fourth = audit(runner, db, articles.publish(fourth_set), "--new-only")
    assert code == 1
    assert [articles.slug(d["id"]) for d in fourth["documents"]] == ["flood-barrier"]
    assert fourth["baseline"]["documents"] == {"new": 1, "changed": 1, "unchanged": 4}
    # The history still recorded every document of both runs.
    trend = report(runner, db, "--new-only")
    appeared = {articles.slug(d["id"]): d["appearance"] for d in trend["documents"]}
    assert appeared == {"harbour-ferry": "changed", "flood-barrier": "new"}
    runs = json.loads(
        runner.invoke(app, ["history", "runs", "--history", str(db), "-f", "json"]).stdout
    )["runs"]
    assert [(r["id"], r["documents"], r["reused"], r["new"]) for r in runs] == [
        (1, 4, 0, 4),
        (2, 5, 2, 2),
        (3, 5, 5, 0),
        (4, 6, 4, 1),
    ]


def test_other_settings_are_not_reused(tmp_path: Path) -> None:
    articles = JsonlArticles(tmp_path)
    inputs = articles.publish(RUN_1)
    db = tmp_path / "h.sqlite"
    runner = CliRunner()
    audit(runner, db, inputs)
    stricter = [*GATE, "--fail-over", "0.3"]
    result = runner.invoke(app, ["audit", *inputs, *stricter, "--history", str(db), "-f", "json"])
    second = json.loads(result.stdout)
    assert not any(d["reused"] for d in second["documents"])
    assert second["summary"]["machine_translated"] == 0  # P = 0.208 is under 0.3
    # Both results are kept: the first settings reuse theirs again.
    _, third = audit(runner, db, inputs)
    assert all(d["reused"] for d in third["documents"])
    assert third["summary"]["machine_translated"] == 2


def test_history_commands_print_a_path_with_brackets_as_it_is(tmp_path: Path) -> None:
    """Rich read "[/old]" in a history path as a closing tag: `history runs`, `accept`
    and `prune` stopped with "internal error: MarkupError", and "[bold]" styled text."""
    from tests.conftest import SEED

    folder = tmp_path / "reports[/old]"  # the folder old] in the folder reports[
    folder.mkdir(parents=True)
    db = folder / "h[bold].sqlite"
    runner = CliRunner()
    audit(runner, db, [str(SEED)])
    for command in (
        ["history", "runs"],
        ["history", "accept", "1"],
        ["history", "prune", "--older-than", "9999d", "--dry-run"],
    ):
        result = runner.invoke(app, [*command, "--history", str(db), "--isolated"])
        assert result.exit_code == 0, result.output
        assert str(db) in result.stdout.replace("\n", ""), result.stdout


def test_history_runs_shows_the_run_id_on_a_narrow_terminal(tmp_path: Path) -> None:
    """On a 60-column terminal the table's first column, the run id that `history
    show` and `accept` take, was shrunk to nothing: the rows began with blanks."""
    from tests.conftest import SEED, on_a_terminal

    db = tmp_path / "h.sqlite"
    audit(CliRunner(), db, [str(SEED)])
    args = ["history", "runs", "--history", str(db), "--isolated"]
    lines = on_a_terminal(args, 60, tmp_path, NO_COLOR="1")
    header = next(line for line in lines if "Started" in line)
    row = next(line for line in lines if re.search(r"\d{4}-\d\d-\d\dT", line))
    assert header.split()[0] == "Run" and row.split()[0] == "1", "\n".join(lines)


@pytest.mark.parametrize("columns", [44, 60, 80])
def test_history_runs_keeps_its_cells_whole_on_a_narrow_terminal(
    tmp_path: Path, columns: int
) -> None:
    """At 44 columns rich cut every column alike: "A…" and "…" for the counts'
    headers, "2026-11-30T13:07:3…" for the start, and the run id gone. Run and Started
    stay whole; the counts that do not fit give way (`history show` has them)."""
    from tests.conftest import SEED, on_a_terminal

    db = tmp_path / "h.sqlite"
    audit(CliRunner(), db, [str(SEED)])
    args = ["history", "runs", "--history", str(db), "--isolated"]
    lines = on_a_terminal(args, columns, tmp_path, NO_COLOR="1")
    shown = "\n".join(lines)
    assert "…" not in shown, shown
    header = next(line for line in lines if "Started" in line)
    assert header.split()[:2] == ["Run", "Started"], shown
    row = next(line for line in lines if re.search(r"\d{4}-\d\d-\d\dT", line))
    assert re.fullmatch(r"1 \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", " ".join(row.split()[:2]))
    table = lines[1:]  # below the line that names the history, a path of any length
    assert all(len(line) <= columns for line in table), shown


def test_history_runs_keeps_the_reuse_counts_before_the_inputs_at_100_columns(
    tmp_path: Path,
) -> None:
    """At 100 columns the inputs' path stayed and Audited and Reused, the counts a
    history is kept for, were dropped to make room for it."""
    from tests.conftest import SEED, on_a_terminal

    db = tmp_path / "h.sqlite"
    deep = tmp_path / "feeds" / "2026" / "november" / "the-long-named-section-of-the-site"
    deep.mkdir(parents=True)
    article = deep / "an-article-with-a-long-name.txt"
    article.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    audit(CliRunner(), db, [str(article)])
    args = ["history", "runs", "--history", str(db), "--isolated"]
    lines = on_a_terminal(args, 100, tmp_path, NO_COLOR="1")
    header = next(line for line in lines if "Started" in line).split()
    assert {"Audited", "Reused", "New", "Changed", "Docs"} <= set(header), "\n".join(lines)


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("0", "0 is not 1 or more (give a number of runs)"),
        ("all", "'all' is not a whole number (give a number of runs)"),
    ],
)
def test_a_bad_limit_is_one_line_in_the_projects_words(
    tmp_path: Path,
    value: str,
    problem: str,
    run_mtaudit: Callable[[list[str]], Ran],
) -> None:
    # `history runs --limit 0` was refused in typer's words ('Input should be greater
    # than or equal to 1'), while every other count names what it counts.
    args = ["history", "runs", "--history", str(tmp_path / "h.db"), "--limit", value]
    code, out, err = run_mtaudit(args)
    assert code == 2
    assert out == ""
    assert err == (
        f"mtaudit: error: Invalid value for '--limit': {problem} "
        "(see `mtaudit history runs --help`)\n"
    )
