"""The same mistake gets the same one-line error and exit status 2 in every command."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.app import app
from tests.conftest import SEED


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
