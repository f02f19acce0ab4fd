"""`compare` gates: a --fail-on or --fail-under that can never fire is a usage error,
not a gate that always passes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.app import app
from tests.conftest import SEED, Ran


@pytest.fixture
def pair(tmp_path: Path) -> tuple[str, str]:
    hyp, ref = tmp_path / "hyp.txt", tmp_path / "ref.txt"
    hyp.write_text("The cat sat on the mat.\nIt was 5 dogs.\n", encoding="utf-8")
    ref.write_text("The cat sat on a mat.\nThere were 6 dogs.\n", encoding="utf-8")
    return str(hyp), str(ref)


def error_line(result) -> str:  # type: ignore[no-untyped-def]
    stderr = result.stderr.strip()
    assert result.exit_code == 2, stderr
    assert len(stderr.splitlines()) == 1 and stderr.startswith("mtaudit: error:")
    return stderr


@pytest.mark.parametrize(
    "options, expected",
    [
        (["--fail-on", "R720"], "'R720'; this command takes R701, R702, R703"),
        (["--fail-on", "R702,C201"], "'C201' (french-calque) is not a rule this command runs;"),
        (["--select", "R720"], "'R720'; this command takes R701, R702, R703"),
        (["--fail-under", "chrf=nan"], "not 'chrf=nan'"),
        (["--fail-under", "bleu=inf"], "not 'bleu=inf'"),
        (["--fail-under", "chrf=-5"], "SCORE from 0 to 100"),
        # An unset variable in a CI template: no gate at all, exit 0.
        (["--fail-on", ""], "--fail-on: an empty rule code ('') names no rule"),
        (["--fail-on", ","], "--fail-on: an empty rule code (',') names no rule"),
        # `--ignore ""` ignored nothing and ran, and `--select ""` said "select is empty"
        # as if a config file's key were at fault; read now as `audit` reads them.
        (["--ignore", ""], "--ignore: an empty rule code ('') names no rule"),
        (["--select", " , "], "--select: an empty rule code (' , ') names no rule"),
        (["--ignore", "R720"], "--ignore: unknown rule code or prefix 'R720'"),
        # A gate on a rule the run leaves out passed every comparison.
        (["--fail-on", "R702", "--select", "R701"], "--fail-on: 'R702' (number-differs"),
        (["--fail-on", "R70", "--ignore", "R7"], "--fail-on: 'R70' names no rule this run"),
        (["--fail-under", ""], "--fail-under: no METRIC=SCORE given ('')"),
        (["--fail-under", " , "], "--fail-under: no METRIC=SCORE given (' , ')"),
        # `--fail-under "chrf=55,$BLEU_GATE"` with the variable unset dropped the second
        # gate unsaid, as `--fail-on "C,"` no longer does.
        (["--fail-under", "chrf=55,"], "--fail-under: 'chrf=55,' holds an empty METRIC=SCORE"),
        (["--fail-under", "chrf=5,,bleu=3"], "'chrf=5,,bleu=3' holds an empty METRIC=SCORE"),
        # Two scores for one metric: the later won, so `chrf=90` then `chrf=55` (a
        # template's default, then a job's own) gated at 55 without a word.
        (
            ["--fail-under", "chrf=90", "--fail-under", "chrf=55"],
            "--fail-under: chrf is given twice (90 and 55); keep one",
        ),
        (["--fail-under", "bleu=9,BLEU=9"], "--fail-under: bleu is given twice (9 and 9)"),
        # As typed: `:g` rounded two different scores to "55 and 55".
        (
            ["--fail-under", "chrf=55.00001,chrf=55.00002"],
            "--fail-under: chrf is given twice (55.00001 and 55.00002); keep one",
        ),
    ],
)
def test_a_gate_that_cannot_fire_is_a_usage_error(
    runner: CliRunner, pair: tuple[str, str], options: list[str], expected: str
) -> None:
    result = runner.invoke(app, ["compare", *pair, *options, "-f", "json"])
    assert expected in error_line(result)


@pytest.mark.parametrize("codes", ["R702", "r7", "ALL"])
def test_known_codes_and_prefixes_still_gate(
    runner: CliRunner, pair: tuple[str, str], codes: str
) -> None:
    result = runner.invoke(app, ["compare", *pair, "--fail-on", codes, "-f", "json"])
    assert result.exit_code == 1 and "gate failed: findings R702" in result.stderr


def test_audit_names_the_families_it_takes_for_an_r_code(runner: CliRunner) -> None:
    result = runner.invoke(app, ["audit", str(SEED), "--no-lm", "--isolated", "--fail-on", "R702"])
    message = error_line(result)
    assert (
        "'R702' (number-differs-from-reference) is not a rule this command runs; this " in message
    )
    assert "this command takes T, C, N, L, S and F rules" in message


@pytest.mark.parametrize(
    "score, says",
    [(54.96, "chrF2 54.96 is under 55"), (54.9999, "chrF2 54.9999 is under 55"), (40.0, "40.0")],
)
def test_a_score_under_its_gate_reads_as_under_it(score: float, says: str) -> None:
    """A chrF of 54.96 against --fail-under chrf=55 said "chrF2 55.0 is under 55"."""
    from types import SimpleNamespace

    from audits.reference import gate_reasons
    from audits.reference_records import CorpusScore

    corpus = CorpusScore(metric="chrf", name="chrF2", score=score, signature="", formatted="")
    result = SimpleNamespace(score=lambda metric: corpus, findings=[])
    assert gate_reasons(result, {"chrf": 55.0}, []) == [  # type: ignore[arg-type]
        says if says.startswith("chrF2") else f"chrF2 {says} is under 55"
    ]


def test_quiet_gates_without_a_report_on_stdout_and_still_writes_files(
    runner: CliRunner, pair: tuple[str, str], tmp_path: Path
) -> None:
    # `compare` is a CI gate too, but had no -q: "No such option: -q", where `audit -q`
    # keeps the report out of the job's log.
    written = tmp_path / "scores.json"
    result = runner.invoke(app, ["compare", *pair, "-q", "--fail-on", "R702", "-o", str(written)])
    assert result.exit_code == 1, result.stderr
    assert result.stdout == ""
    assert result.stderr.strip() == "mtaudit: error: gate failed: findings R702"
    assert '"schema": "mtaudit-compare/1"' in written.read_text(encoding="utf-8")
    both = runner.invoke(app, ["compare", *pair, "-q", "-f", "json"])
    assert "--quiet prints no report on stdout, which --format chooses" in error_line(both)


@pytest.mark.parametrize(
    ("flag", "value", "problem"),
    [
        ("--rows", "-1", "-1 is not 0 or more (give a number of rows)"),
        ("--rows", "ten", "'ten' is not a whole number (give a number of rows)"),
        ("--word-order", "-2", "-2 is not 0 or more (give a word n-gram order)"),
        ("--word-order", "1.5", "'1.5' is not a whole number (give a word n-gram order)"),
        ("--ter-max-words", "-5", "-5 is not 0 or more (give a number of words)"),
        ("--ter-max-words", "many", "'many' is not a whole number (give a number of words)"),
    ],
)
def test_a_count_out_of_range_is_one_line_in_the_projects_words(
    pair: tuple[str, str],
    flag: str,
    value: str,
    problem: str,
    run_mtaudit: Callable[[list[str]], Ran],
) -> None:
    # `--rows -1` was refused as 'Input should be greater than or equal to 0' and
    # `--rows ten` as 'Input should be a valid integer': typer's words, while audit,
    # config and fluency name what the count counts.
    code, out, err = run_mtaudit(["compare", *pair, flag, value, "-f", "json"])
    assert code == 2
    assert out == ""
    assert err == (
        f"mtaudit: error: Invalid value for '{flag}': {problem} (see `mtaudit compare --help`)\n"
    )
