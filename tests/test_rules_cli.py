from __future__ import annotations

import json

from typer.testing import CliRunner

from audits.detectors.registry import all_rules
from audits.errors import ConfigError
from audits.rules import resolve_selection
from cli.app import app


def test_rules_lists_every_rule(runner: CliRunner) -> None:
    result = runner.invoke(app, ["rules"])
    assert result.exit_code == 0
    for code in all_rules():
        assert code in result.stdout


def test_rules_code_explains_with_three_headings(runner: CliRunner) -> None:
    result = runner.invoke(app, ["rules", "s500"])
    assert result.exit_code == 0
    for heading in ("## What it does", "## Why it matters", "## Example"):
        assert heading in result.stdout
    as_json = json.loads(runner.invoke(app, ["rules", "S500", "-f", "json"]).stdout)
    assert as_json["code"] == "S500" and as_json["family"] == "S"


def test_unknown_rule_is_a_clear_error(runner: CliRunner) -> None:
    result = runner.invoke(app, ["rules", "Z999"])
    assert result.exit_code == 2
    assert "no rule 'Z999'" in result.stderr


def test_every_rule_has_docs() -> None:
    for rule in all_rules().values():
        assert rule.name and rule.summary
        assert rule.what.strip() and rule.why.strip() and rule.example.strip()


def test_selection_by_prefix_and_ignore() -> None:
    rules = list(all_rules().values())
    everything = resolve_selection(rules)
    assert resolve_selection(rules, ["S"]) == {c for c in everything if c.startswith("S")}
    assert "S500" not in resolve_selection(rules, ["ALL"], ["S500"])
    try:
        resolve_selection(rules, ["X1"])
    except ConfigError as exc:
        assert "unknown rule code" in str(exc)
    else:
        raise AssertionError("a typo in --select must be an error")
