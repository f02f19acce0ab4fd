"""`--new-only` with `--fail-on` or `--fail-over` as a CI gate over a history: a failed
job stays failed on retry.

A run whose gate (`--fail-on`, `--fail-over`) failed is recorded but not accepted: later
`--new-only` runs still count what it saw as new, until a run passes over it (the
finding was fixed) or `mtaudit history accept RUN` takes it as known. A scheduled alert
(neither set: the verdict's own threshold) is accepted as before, so each new article
is reported once.

The articles are those of ``tests/history_helpers.py``: FERRY has one S500 finding
and is not machine-translated, BUDGET is machine-translated, MUSEUM_V1 and MEALS are
clean. ``GATE`` sets no threshold of its own (a scheduled alert); ``FAIL_ON`` and
``FAIL_OVER`` make it a CI gate.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from audits.history import HistoryStore
from cli.app import app
from tests.history_helpers import (
    BUDGET,
    FERRY,
    FERRY_FIXED,
    GATE,
    MEALS,
    MUSEUM_V1,
    JsonlArticles,
)

FAIL_ON = ("--new-only", "--fail-on", "S500")
FAIL_OVER = ("--fail-over", "0.2")


def audit(
    db: Path, inputs: list[str], *extra: str, settings: list[str] = GATE
) -> tuple[int, list[str], str]:
    """Exit code, reported document ids, and stderr of one audit run."""
    result = CliRunner().invoke(
        app, ["audit", *inputs, *settings, "--history", str(db), "-f", "json", *extra]
    )
    assert result.exit_code in (0, 1), result.output
    reported = [d["id"] for d in json.loads(result.stdout)["documents"]]
    return result.exit_code, reported, result.stderr


def history(db: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["history", *args, "--history", str(db), "--isolated"])
    return result.exit_code, result.output


def accepted(db: Path) -> list[bool]:
    code, out = history(db, "runs", "-f", "json")
    assert code == 0, out
    return [r["accepted"] for r in json.loads(out)["runs"]]


def test_a_retried_failing_gate_fails_again_until_the_finding_is_fixed(tmp_path: Path) -> None:
    articles = JsonlArticles(tmp_path)
    db = tmp_path / "runs.sqlite"
    assert audit(db, articles.publish([MUSEUM_V1, MEALS]), *FAIL_ON)[0] == 0
    code, reported, err = audit(db, articles.publish([MUSEUM_V1, MEALS, FERRY]), *FAIL_ON)
    assert (code, reported) == (1, ["harbour-ferry"])
    assert "gate failed: harbour-ferry (findings S500)" in err
    assert "run 2 is held" in err and "mtaudit history accept 2" in err
    # Held is what a failed gate's run should be, not an error of its own: a note, and
    # the gate's line the only error (a cron mail read "error:" twice).
    assert "mtaudit: note: history" in err and err.count("error:") == 1
    # The retry of the failed job: the ferry's finding is as new as it was.
    code, reported, err = audit(db, articles.publish([MUSEUM_V1, MEALS, FERRY]), *FAIL_ON)
    assert (code, reported) == (1, ["harbour-ferry"])
    assert "gate failed: harbour-ferry (findings S500)" in err
    # Fixed: the gate passes, and that run is what the next one knows.
    assert audit(db, articles.publish([MUSEUM_V1, MEALS, FERRY_FIXED]), *FAIL_ON)[0] == 0
    assert audit(db, articles.publish([MUSEUM_V1, MEALS, FERRY_FIXED]), *FAIL_ON)[:2] == (0, [])
    # Breaking it again is new again.
    code, reported, _ = audit(db, articles.publish([MUSEUM_V1, MEALS, FERRY]), *FAIL_ON)
    assert (code, reported) == (1, ["harbour-ferry"])
    assert accepted(db) == [True, False, False, True, True, False]
    code, out = history(db, "runs")
    assert code == 0 and "held" in out


def test_a_gate_without_new_only_holds_its_findings_for_later_new_only_runs(
    tmp_path: Path,
) -> None:
    articles = JsonlArticles(tmp_path)
    db = tmp_path / "runs.sqlite"
    assert audit(db, articles.publish([FERRY]), "--fail-on", "S500")[0] == 1
    assert audit(db, articles.publish([FERRY]), *FAIL_ON)[:2] == (1, ["harbour-ferry"])


def test_accepting_a_failed_run_lets_the_next_run_pass(tmp_path: Path) -> None:
    articles = JsonlArticles(tmp_path)
    db = tmp_path / "runs.sqlite"
    assert audit(db, articles.publish([FERRY, MEALS]), *FAIL_ON)[0] == 1
    code, out = history(db, "accept", "1")
    assert code == 0 and "run 1 accepted" in out
    assert audit(db, articles.publish([FERRY, MEALS]), *FAIL_ON)[:2] == (0, [])
    code, out = history(db, "accept", "1")
    assert code == 0 and "accepted already" in out
    code, out = history(db, "accept", "99")
    assert code == 2 and "no run 99" in out
    assert accepted(db) == [True, True]


def test_scheduled_alerts_without_a_gate_report_each_article_once(tmp_path: Path) -> None:
    articles = JsonlArticles(tmp_path)
    db = tmp_path / "runs.sqlite"
    # BUDGET is machine-translated: the alert exits 1, and the run is still accepted.
    code, reported, err = audit(db, articles.publish([FERRY, BUDGET]), "--new-only")
    assert (code, sorted(reported)) == (1, ["council-budget", "harbour-ferry"])
    assert "held" not in err
    assert audit(db, articles.publish([FERRY, BUDGET]), "--new-only")[:2] == (0, [])
    assert accepted(db) == [True, True]


@pytest.mark.parametrize("where", ["command line", "config file"])
def test_a_retried_fail_over_gate_fails_again(tmp_path: Path, where: str) -> None:
    """`--new-only --fail-over P` (no `--fail-on`) is a gate too: its failed run was
    accepted, and the retry of the failed CI job passed with the article unchanged."""
    articles = JsonlArticles(tmp_path)
    db = tmp_path / "runs.sqlite"
    settings = [*GATE, *FAIL_OVER]
    if where == "config file":
        (tmp_path / "mtaudit.toml").write_text("fail_over = 0.2\n", encoding="utf-8")
        settings = [a for a in GATE if a != "--isolated"]
        settings += ["--config", str(tmp_path / "mtaudit.toml")]
    for _ in range(2):
        code, reported, err = audit(db, articles.publish([BUDGET]), "--new-only", settings=settings)
        assert (code, reported) == (1, ["council-budget"])
        assert "gate failed: council-budget (P(machine-translated) 0.21 >= 0.20)" in err
    assert accepted(db) == [False, False]


def test_prune_keeps_the_run_a_failed_gate_is_compared_with(tmp_path: Path) -> None:
    articles = JsonlArticles(tmp_path)
    db = tmp_path / "runs.sqlite"
    assert audit(db, articles.publish([MEALS, FERRY_FIXED]), *FAIL_ON)[0] == 0
    assert audit(db, articles.publish([MEALS, FERRY]), *FAIL_ON)[0] == 1
    with HistoryStore(db) as store:
        pruned = store.prune("9999-01-01T00:00:00+00:00")
        assert pruned.runs == 0
        assert [r.accepted for r in store.runs()] == [True, False]
    # Only the ferry is new against the accepted run: school meals stay known.
    assert audit(db, articles.publish([MEALS, FERRY]), *FAIL_ON)[:2] == (1, ["harbour-ferry"])


def test_a_history_that_cannot_be_written_still_names_the_failed_gate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full disk under the history: the run ended with that one line, and the CI log
    lost which inputs could not be read and that the gate had failed (exit 2 hides
    the gate's 1), though the reports, written first, said so."""
    from audits.errors import HistoryError

    def full(*args: object, **kwargs: object) -> int:
        raise HistoryError(f"history {db}: database or disk is full")

    articles = JsonlArticles(tmp_path)
    db, report = tmp_path / "runs.sqlite", tmp_path / "r.json"
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01binary\x00")
    monkeypatch.setattr(HistoryStore, "record", full)
    inputs = [*articles.publish([MUSEUM_V1, FERRY]), str(tmp_path / "binary.txt")]
    result = CliRunner().invoke(
        app, ["audit", *inputs, *GATE, *FAIL_ON, "--history", str(db), "-o", str(report)]
    )
    assert result.exit_code == 2, result.output
    lines = [line.removeprefix("mtaudit: error: ") for line in result.stderr.splitlines()]
    assert lines == [
        f"{tmp_path / 'binary.txt'}: binary file (NUL bytes), not text",
        "gate failed: harbour-ferry (findings S500)",
        f"history {db}: database or disk is full",
    ]
    assert json.loads(report.read_text(encoding="utf-8"))["documents"]


def test_the_first_new_only_run_does_not_say_its_baseline_had_other_settings(
    tmp_path: Path,
) -> None:
    """An empty history has no settings to differ, and the first cron run's reports
    said "(the baseline was made with other settings)", `signature_matches: false`."""
    articles = JsonlArticles(tmp_path)
    inputs = articles.publish([FERRY, BUDGET])
    for fmt, said in (("json", None), ("terminal", "other settings"), ("markdown", "other")):
        db = tmp_path / f"{fmt}.sqlite"
        result = CliRunner().invoke(
            app, ["audit", *inputs, *GATE, "--history", str(db), "--new-only", "-f", fmt]
        )
        assert result.exit_code in (0, 1), result.output
        if said is None:
            assert json.loads(result.stdout)["baseline"]["signature_matches"] is True
        else:
            assert said not in result.stdout, result.stdout
