"""The same mistake gets the same one-line error and exit status 2 in every command, and
the same flag has the same spelling and help wherever it appears."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
import typer.main
from typer.testing import CliRunner

from cli import commands
from cli.app import app
from tests.conftest import SEED

# Every command and subcommand, with the arguments it needs to get as far as its flags.
COMMANDS: dict[str, list[str]] = {
    "audit": ["audit", "x.txt"],
    "config": ["config"],
    "fluency": ["fluency", "x.txt"],
    "compare": ["compare", "hyp.txt", "ref.txt"],
    "rules": ["rules"],
    "report": ["report", "--history", "h.sqlite"],
    "history runs": ["history", "runs", "--history", "h.sqlite"],
    "history show": ["history", "show", "1", "--history", "h.sqlite"],
}
FORMAT_TAKERS = list(COMMANDS)


def _command(path: str) -> Any:
    command = typer.main.get_command(app)
    for word in path.split():
        command = command.commands[word]  # type: ignore[attr-defined]
    return command


def _options(path: str) -> dict[str, Any]:
    return {p.name: p for p in _command(path).params if p.param_type_name == "option"}


def _one_error_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert lines[0].startswith("mtaudit: error: "), stderr
    return lines[0]


USAGE_MISTAKES = [
    (["audit", "x.txt", "--batch-size", "0"], "Invalid value for '--batch-size'", "audit"),
    (["config", "--batch-size", "0"], "Invalid value for '--batch-size'", "config"),
    (["fluency", "x.txt", "--batch-size", "0"], "Invalid value for '--batch-size'", "fluency"),
    (["compare", "a", "b", "--batch-size", "0"], "Invalid value for '--batch-size'", "compare"),
    (["history", "runs", "--limit", "0"], "Invalid value for '--limit'", "history runs"),
    (["report", "--bogus"], "No such option: --bogus", "report"),
    (["rules", "--bogus"], "No such option: --bogus", "rules"),
    (["history", "show", "--bogus", "1"], "No such option: --bogus", "history show"),
    (["history", "prune"], "Missing option '--older-than'", "history prune"),
    (["audit"], "Missing argument 'paths'", "audit"),
]


@pytest.mark.parametrize("argv, said, where", USAGE_MISTAKES)
def test_a_usage_error_click_finds_is_one_line_too(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    isolated_cwd: Path,
    argv: list[str],
    said: str,
    where: str,
) -> None:
    # Through the console script's own error handling (CliRunner has click's).
    monkeypatch.setattr(sys, "argv", ["mtaudit", *argv])
    with pytest.raises(SystemExit) as stop:
        commands.run()
    assert stop.value.code == 2
    captured = capsys.readouterr()
    line = _one_error_line(captured.err)
    assert said in line and line.endswith(f"(see `mtaudit {where} --help`)"), line
    assert captured.out == ""


def test_no_command_still_shows_the_help(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "argv", ["mtaudit", "history"])
    with pytest.raises(SystemExit):
        commands.run()
    captured = capsys.readouterr()
    assert "Usage: mtaudit history" in captured.out + captured.err
    assert "mtaudit: error" not in captured.err


@pytest.mark.parametrize("name", ["audit", "fluency", "compare"])
def test_a_missing_input_is_the_same_line_in_every_command(
    runner: CliRunner, isolated_cwd: Path, name: str
) -> None:
    missing = str(isolated_cwd / "missing.txt")
    args = {
        "audit": ["audit", missing, "--no-lm"],
        "fluency": ["fluency", missing],
        "compare": ["compare", missing, str(SEED)],
    }[name]
    result = runner.invoke(app, [*args, "--isolated"])
    assert result.exit_code == 2, result.output
    assert result.stderr.strip().splitlines()[-1] == (
        f"mtaudit: error: {missing}: no such file or directory"
    )
    if name == "fluency":
        assert result.stdout == ""  # no table header for a model that never loaded
