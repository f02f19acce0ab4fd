"""An input named by a symbolic link that leads to no file (a directory, /dev/null)
was refused in words about the name alone: `notes.txt: is a directory` and
`notes.txt: empty input`, of a name that reads as a file. The error names the link's
target now, in audit and compare alike; a link that leads nowhere or loops already
named its target."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.app import app
from tests.conftest import ROOT


def _error_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    return lines[0]


@pytest.fixture
def links(isolated_cwd: Path) -> Path:
    (isolated_cwd / "ref.txt").write_text("The cat sat on the mat.\n")
    (isolated_cwd / "empty").mkdir()
    os.symlink("empty", "folder.txt")
    os.symlink(os.devnull, "null.txt")
    os.symlink("nowhere.txt", "dangling.txt")
    os.symlink("loop2.txt", "loop1.txt")
    os.symlink("loop1.txt", "loop2.txt")
    return isolated_cwd


@pytest.mark.parametrize(
    ("name", "audit_says", "compare_says"),
    [
        (
            "folder.txt",
            "folder.txt: a link to empty: directory holds no article files (",
            "folder.txt: a link to empty: is a directory, not a text file",
        ),
        (
            "null.txt",
            f"null.txt: a link to {os.devnull}: empty input: no text to audit",
            f"null.txt: a link to {os.devnull}: empty file: nothing to compare",
        ),
        (
            "dangling.txt",
            "dangling.txt: broken link: its target nowhere.txt does not exist",
            "dangling.txt: broken link: its target nowhere.txt does not exist",
        ),
        (
            "loop1.txt",
            "loop1.txt: it is a link that loops (its target loop2.txt leads back",
            "loop1.txt: it is a link that loops (its target loop2.txt leads back",
        ),
    ],
)
def test_an_error_about_a_link_names_where_it_leads(
    runner: CliRunner, links: Path, name: str, audit_says: str, compare_says: str
) -> None:
    audit = runner.invoke(app, ["audit", name, "--no-lm", "--isolated", "-f", "json"])
    assert audit.exit_code == 2, audit.output
    assert _error_line(audit.stderr).startswith(f"mtaudit: error: {audit_says}")
    compare = runner.invoke(app, ["compare", "ref.txt", name])
    assert compare.exit_code == 2, compare.output
    assert _error_line(compare.stderr).startswith(f"mtaudit: error: {compare_says}")


def test_a_link_to_a_file_is_read_as_that_file(runner: CliRunner, links: Path) -> None:
    os.symlink("ref.txt", "hyp.txt")
    compare = runner.invoke(app, ["compare", "ref.txt", "hyp.txt"])
    assert compare.exit_code == 0, compare.output
    assert "a link to" not in compare.stderr


STDIN_RUN = [sys.executable, "-c", "from cli.app import main; main()"]
STDIN_ENV = {**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1", "NO_COLOR": "1"}


@pytest.mark.parametrize("name", ["/dev/stdin", "/dev/fd/0"])
def test_stdin_by_a_path_from_a_device_is_named_as_given(tmp_path: Path, name: str) -> None:
    """stdin from /dev/null (cron, CI) is a device, not a pipe: its error named the
    /proc/self/fd/0 link it goes through, though stdin by a path is what was asked."""
    (tmp_path / "ref.txt").write_text("The cat sat on the mat.\n")
    for args, says in (
        (["audit", name, "--no-lm", "--isolated"], "empty input: no text to audit"),
        (["compare", "ref.txt", name], "empty file: nothing to compare"),
    ):
        done = subprocess.run(
            [*STDIN_RUN, *args],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            cwd=tmp_path,
            env=STDIN_ENV,
            timeout=120,
        )
        assert done.returncode == 2, done.stderr
        assert _error_line(done.stderr.decode()) == f"mtaudit: error: {name}: {says}"


def test_a_chain_of_links_names_where_it_ends(runner: CliRunner, links: Path) -> None:
    """A link to a link named the next link alone, again a name that reads as a file."""
    os.symlink("null.txt", "chain.txt")
    says = f"chain.txt: a link to null.txt, which leads to {os.devnull}: "
    audit = runner.invoke(app, ["audit", "chain.txt", "--no-lm", "--isolated"])
    assert audit.exit_code == 2, audit.output
    assert _error_line(audit.stderr) == f"mtaudit: error: {says}empty input: no text to audit"
    compare = runner.invoke(app, ["compare", "ref.txt", "chain.txt"])
    assert compare.exit_code == 2, compare.output
    assert _error_line(compare.stderr) == f"mtaudit: error: {says}empty file: nothing to compare"
