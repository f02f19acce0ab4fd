"""stdin named twice, once as `-` and once as a path (`mtaudit audit - /dev/stdin`):
the second read found a pipe empty ("empty input" beside the document), read a file
that stdin was redirected from again (two documents of one text), or waited on a
terminal. It is one line of usage error now, as `- -` is, before any history is made."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SEED

MTAUDIT = [sys.executable, "-c", "from cli.app import main; main()"]
ENV = {**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1", "NO_COLOR": "1"}
ERROR = (
    "mtaudit: error: stdin is named more than once ({}); stdin can be read only once: "
    "name it once\n"
)


def _run(args: list[str], cwd: Path, **how: object) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [*MTAUDIT, *args], capture_output=True, cwd=cwd, env=ENV, timeout=120, **how
    )


@pytest.mark.parametrize(
    ("inputs", "shown"),
    [
        (["-", "/dev/stdin"], "- and /dev/stdin"),
        (["/dev/stdin", "-"], "- and /dev/stdin"),
        (["-", "/dev/fd/0"], "- and /dev/fd/0"),
        (["-", "/dev/stdin", "/proc/self/fd/0"], "- and /dev/stdin and /proc/self/fd/0"),
        # Other spellings: POSIX keeps two leading slashes in normpath.
        (["-", "//dev/stdin"], "- and //dev/stdin"),
        (["-", "///dev//fd/0"], "- and ///dev//fd/0"),
    ],
)
def test_stdin_as_dash_and_as_a_path_is_one_usage_error(
    tmp_path: Path, inputs: list[str], shown: str
) -> None:
    db = tmp_path / "h.sqlite"
    args = ["audit", *inputs, "--no-lm", "--isolated", "-f", "json", "--history", str(db)]
    piped = _run(args, tmp_path, input=SEED.read_bytes())
    with SEED.open("rb") as redirected:
        from_file = _run(args, tmp_path, stdin=redirected)
    for done in (piped, from_file):
        assert done.returncode == 2, done.stderr
        assert done.stderr.decode() == ERROR.format(shown)
        assert done.stdout == b""
    assert not db.exists()


def test_stdin_by_this_process_id_is_stdin() -> None:
    """/proc/<own pid>/fd/0 is /proc/self/fd/0, also where stdin is a redirected file
    (whose inode is not compared); another process's is not ours."""
    script = (
        "import os; from audits.sources.stdin import stdin_aliases; "
        "print(stdin_aliases([f'/proc/{os.getpid()}/fd/0', '/proc/1/fd/0']) "
        "== [f'/proc/{os.getpid()}/fd/0'])"
    )
    with SEED.open("rb") as redirected:
        done = subprocess.run(
            [sys.executable, "-c", script], stdin=redirected, capture_output=True, env=ENV
        )
    assert done.stdout == b"True\n", done.stderr


def test_fluency_refuses_it_too(tmp_path: Path) -> None:
    done = _run(["fluency", "--isolated", "-", "/dev/stdin"], tmp_path, input=SEED.read_bytes())
    assert done.returncode == 2
    assert done.stderr.decode() == ERROR.format("- and /dev/stdin")


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_on_a_terminal_it_does_not_wait(tmp_path: Path) -> None:
    leader, follower = os.openpty()
    try:
        done = _run(["audit", "-", "/dev/stdin", "--no-lm", "--isolated"], tmp_path, stdin=follower)
    finally:
        os.close(follower)
        os.close(leader)
    assert done.returncode == 2
    assert done.stderr.decode() == ERROR.format("- and /dev/stdin")


def test_stdin_named_once_as_a_path_is_still_read(tmp_path: Path) -> None:
    """/dev/stdin named twice is one name, read once, as any file named twice is; `-`
    beside a file that stdin was redirected from reads each."""
    done = _run(
        ["audit", "/dev/stdin", "/dev/stdin", "--no-lm", "--isolated", "-f", "jsonl"],
        tmp_path,
        input=SEED.read_bytes(),
    )
    assert done.returncode in (0, 1), done.stderr
    lines = [json.loads(line) for line in done.stdout.decode().splitlines()]
    assert [line["source"] for line in lines] == ["/dev/stdin"]
    with SEED.open("rb") as redirected:
        both = _run(
            ["audit", "-", str(SEED), "--no-lm", "--isolated", "-f", "jsonl"],
            tmp_path,
            stdin=redirected,
        )
    assert both.returncode in (0, 1), both.stderr
    lines = [json.loads(line) for line in both.stdout.decode().splitlines()]
    assert [line["source"] for line in lines] == ["stdin", str(SEED)]


@pytest.mark.parametrize("names", [["/dev/stdin", "/dev/fd/0"], ["/dev/stdin", "//dev/stdin"]])
def test_stdin_named_by_two_paths_without_dash_is_read_once(
    tmp_path: Path, names: list[str]
) -> None:
    """Without `-`, two paths of stdin are one file to the device-and-inode dedup, as on
    main: one document, from a pipe and from a redirected file alike."""
    args = ["audit", *names, "--no-lm", "--isolated", "-f", "jsonl"]
    piped = _run(args, tmp_path, input=SEED.read_bytes())
    with SEED.open("rb") as redirected:
        from_file = _run(args, tmp_path, stdin=redirected)
    for done in (piped, from_file):
        assert done.returncode in (0, 1), done.stderr
        lines = [json.loads(line) for line in done.stdout.decode().splitlines()]
        assert [line["source"] for line in lines] == [names[0]]
