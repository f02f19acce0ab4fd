"""A folder walk or glob leaves out the reports mtaudit wrote there (a scheduled
`audit news/ -o news/report.md -o news/report.html` with dated names, or another
command auditing the folder): read as articles, they were audited and the run failed
its gate on its own report. Named, a report is read as the user asked."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from audits.reports import get_reporter
from audits.sources.own_reports import own_report
from cli.app import app
from tests.conftest import SEED
from tests.report_fixtures import sample_run

RUN = ["--no-lm", "--isolated"]


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("report.md", "Markdown report (schema mtaudit/1)"),
        ("report.html", "HTML report (generator mtaudit "),
        ("report.txt", "terminal report (schema mtaudit/1)"),
    ],
)
@pytest.mark.parametrize("where", [".", "*.*"])
def test_a_walk_or_glob_leaves_out_a_report_mtaudit_wrote_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, shown: str, where: str
) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copy(SEED, tmp_path / "seed.txt")
    runner = CliRunner()
    alone = runner.invoke(app, ["audit", where, *RUN, "-f", "jsonl"])
    assert alone.exit_code == 1, alone.output
    # The first scheduled run writes its report into the folder it audits ...
    first = runner.invoke(app, ["audit", where, *RUN, "-q", "-o", name])
    assert first.exit_code == 1, first.output
    assert (tmp_path / name).is_file()
    # ... and the next run (another report's name, or no -o) reads the folder again.
    again = runner.invoke(app, ["audit", where, *RUN, "-f", "jsonl"])
    assert (again.exit_code, again.stdout) == (1, alone.stdout), again.output
    warning = f"mtaudit: warning: {name}: mtaudit's own {shown}"
    assert again.stderr.startswith(warning), again.stderr
    assert "not read as articles: nothing to audit\n" in again.stderr


@pytest.mark.parametrize(
    ("output", "shown"),
    [
        ("json:r.txt", "JSON report (schema mtaudit/1)"),
        ("jsonl:r.txt", "JSONL report (schema mtaudit/1)"),
        ("csv:r.txt", "CSV report (columns document,title,url,status,probability)"),
        ("sarif:r.txt", "SARIF report (tool mtaudit)"),
        ("github:r.txt", "GitHub report (schema mtaudit/1)"),
        ("html:r.md", "HTML report (generator mtaudit "),
        ("terminal:r.html", "terminal report (schema mtaudit/1)"),
    ],
)
def test_a_walk_leaves_out_any_report_written_under_a_name_it_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, output: str, shown: str
) -> None:
    """`-o json:news/r.txt`: a format whose own extension a walk skips, written under
    one it reads, was audited as prose."""
    monkeypatch.chdir(tmp_path)
    shutil.copy(SEED, tmp_path / "seed.txt")
    runner = CliRunner()
    alone = runner.invoke(app, ["audit", ".", *RUN, "-f", "jsonl"])
    assert runner.invoke(app, ["audit", ".", *RUN, "-q", "-o", output]).exit_code == 1
    again = runner.invoke(app, ["audit", ".", *RUN, "-f", "jsonl"])
    assert (again.exit_code, again.stdout) == (1, alone.stdout), again.output
    name = output.partition(":")[2]
    assert again.stderr.startswith(f"mtaudit: warning: {name}: mtaudit's own {shown}")


@pytest.mark.parametrize("name", ["report.md", "report.html", "report.txt"])
def test_a_report_named_as_an_input_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copy(SEED, tmp_path / "seed.txt")
    runner = CliRunner()
    assert runner.invoke(app, ["audit", "seed.txt", *RUN, "-q", "-o", name]).exit_code == 1
    named = runner.invoke(app, ["audit", name, *RUN, "-f", "jsonl"])
    assert named.exit_code in (0, 1), named.output
    assert "own" not in named.stderr, named.stderr
    assert f'"id":"{name}"' in named.stdout


def test_the_terminal_report_in_colour_is_known_too() -> None:
    """FORCE_COLOR writes a colour code before the signature line."""
    text = get_reporter("terminal", color=True).render(sample_run())
    assert "\x1b[" in text
    found = own_report(text.encode("utf-8"), "text")
    assert found is not None and found.format == "terminal"


@pytest.mark.parametrize(
    ("kind", "data"),
    [
        # Another tool's generator, and an article that names mtaudit's.
        ("html", b'<html><head><meta name="generator" content="WordPress 6.4"></head>'),
        ("html", b"<p>Pages say &lt;meta name=generator content=mtaudit&gt;.</p>"),
        # An article about mtaudit that quotes a report's heading and a signature
        # mid-line, not as the line the report ends with.
        (
            "text",
            b"## mtaudit report\n\nIts footer reads signature: mtaudit:0.1.0|schema:mtaudit/1|"
            b"rules:36 and so on.\n",
        ),
        ("jsonl", b'{"schema":"mtaudit/1","id":"a","text":"An article."}\n'),
        # An article that quotes a report's signature on a line of its own, then goes on.
        (
            "text",
            b"Our audit's footer read:\n\nsignature: mtaudit:0.1.0|schema:mtaudit/1|rules:36\n\n"
            b"The editors then rewrote the piece by hand.\n",
        ),
    ],
)
def test_an_article_that_only_resembles_a_report_is_read(kind: str, data: bytes) -> None:
    assert own_report(data, kind) is None


def test_a_walked_deeply_nested_jsonl_is_one_line_of_error_not_an_internal_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Looking for a report's schema parsed the first line with json.loads, whose
    RecursionError nothing caught: 'internal error: RecursionError'."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "deep").mkdir()
    (tmp_path / "deep" / "a.jsonl").write_bytes(b"[" * 100_000 + b"\n")
    result = CliRunner().invoke(app, ["audit", "deep", *RUN, "-f", "jsonl"])
    assert result.exit_code == 2, result.output
    assert "internal error" not in result.stderr and "Recursion" not in result.stderr
    assert "nested too deeply" in result.stderr, result.stderr


@pytest.mark.parametrize("with_list", [False, True])
def test_a_folder_of_only_old_reports_and_lists_holds_no_article_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, with_list: bool
) -> None:
    """Only a folder of nothing but lists exited 2: one holding an old report too (or
    only one) audited nothing and exited 0, and a CI job passed."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "news").mkdir()
    shutil.copy(SEED, tmp_path / "seed.txt")
    runner = CliRunner()
    written = runner.invoke(app, ["audit", "seed.txt", *RUN, "-q", "-o", "news/old.jsonl"])
    assert written.exit_code == 1, written.output
    if with_list:
        (tmp_path / "news" / "links.txt").write_text("https://example.com/a\n")
    result = runner.invoke(app, ["audit", "news", *RUN, "-f", "jsonl"])
    assert result.exit_code == 2, result.output
    assert "news: directory holds no article files" in result.stderr, result.stderr
    assert "old.jsonl: mtaudit's own JSONL report" in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["mix", "mix/old.jsonl"],
        ["./mix/old.jsonl", "mix"],
        ["mix", "./mix/old.jsonl"],
        ["mix", "mix//old.jsonl"],
    ],
)
def test_a_named_report_is_read_however_its_name_is_spelled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    """Whether the walk's copy was named was asked of its spelling: `audit mix
    ./mix/old.jsonl` left out the report the user named, with a warning, and exited 0."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mix").mkdir()
    shutil.copy(SEED, tmp_path / "mix" / "seed.txt")
    runner = CliRunner()
    written = runner.invoke(app, ["audit", "mix/seed.txt", *RUN, "-q", "-o", "mix/old.jsonl"])
    assert written.exit_code == 1, written.output
    result = runner.invoke(app, ["audit", *args, *RUN, "-f", "jsonl"])
    assert result.exit_code == 2, result.output
    assert "own JSONL report" not in result.stderr, result.stderr
    assert "old.jsonl:1: " in result.stderr, result.stderr


def test_a_glob_that_matches_only_old_reports_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`audit '*.md'` where the only match is the last run's report audited nothing and
    exited 0, as a folder of nothing but old reports did."""
    monkeypatch.chdir(tmp_path)
    shutil.copy(SEED, tmp_path / "seed.txt")
    runner = CliRunner()
    assert runner.invoke(app, ["audit", "seed.txt", *RUN, "-q", "-o", "old.md"]).exit_code == 1
    result = runner.invoke(app, ["audit", "*.md", *RUN, "-f", "jsonl"])
    assert result.exit_code == 2, result.output
    assert "*.md: no article files match this pattern" in result.stderr, result.stderr
    assert "old.md: mtaudit's own Markdown report" in result.stderr
    both = runner.invoke(app, ["audit", "*.md", "*.txt", *RUN, "-f", "jsonl"])
    assert both.exit_code == 2, both.output
    assert "seed.txt" in both.stdout
