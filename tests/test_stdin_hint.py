"""`mtaudit audit -` typed at a prompt says it is reading stdin, and how to end it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

HINT = "mtaudit: note: reading the text from stdin; end it with Ctrl-D\n"
TEXT = b"The minister met the press on Tuesday.\nShe said little about the talks.\n"
ARGS = ["-c", "from cli.app import main; main()", "audit", "-", "--no-lm", "-f", "json"]
ENV = {**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1", "NO_COLOR": "1"}


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_reading_stdin_from_a_terminal_says_so_once(tmp_path: Path) -> None:
    """It waited without a word, as if it had hung."""
    leader, follower = os.openpty()
    proc = subprocess.Popen(
        [sys.executable, *ARGS],
        stdin=follower,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
        env=ENV,
    )
    os.close(follower)
    # What a user types: the text, then Ctrl-D at the start of a line (end of input).
    os.write(leader, TEXT + b"\x04")
    out, err = proc.communicate(timeout=120)
    os.close(leader)
    assert err.decode().startswith(HINT), err
    assert err.decode().count("stdin") == 1, err
    assert b'"source": "stdin"' in out, out  # the text typed was audited


def test_reading_stdin_from_a_pipe_says_nothing(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, *ARGS], input=TEXT, capture_output=True, cwd=tmp_path, env=ENV, timeout=120
    )
    assert b'"source": "stdin"' in done.stdout, done.stderr
    assert b"reading the text" not in done.stderr, done.stderr
