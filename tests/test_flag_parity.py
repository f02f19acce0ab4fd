"""The same flag for the same thing in every command: `config` takes every setting flag
of `audit`, and each one sets the same setting in both."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest
import typer.main
from typer.testing import CliRunner

from audits.config import AuditConfig
from audits.errors import UsageError
from cli import audit_cmd
from cli import options as opt
from cli.app import app
from tests.conftest import ROOT, SEED

# Flags of `audit` that set no setting: they choose what a run reports as new, where
# a full report goes or that stdout gets none, so `mtaudit config` has nothing to show
# for them.
RUN_ONLY = {"baseline", "write_baseline", "new_only", "accept", "quiet"}
# Flags that choose the config file; both commands take them.
CONFIG_CHOICE = {"config_file", "isolated"}
# `config` prints with its own --format, so it takes audit's as --audit-format.
CONFIG_SPELLING = {"output_format": ["--audit-format"]}

# A value for each setting flag that takes one, chosen to pass every check.
SAMPLE = {
    "select": "C,N",
    "ignore": "T1",
    "fail_over": "0.5",
    "fail_on": "S502",
    "verdict_model": str(ROOT / "audits" / "data" / "verdict_model.json"),
    "allow": "Kyiv Post",
    "model": "some/model",
    "device": "cpu",
    "dtype": "fp32",
    "lm_kernel": "eager",
    "batch_size": "4",
    "context_sentences": "0",
    "cache_dir": "cache",
    "input_kind": "text",
    "max_entries": "3",
    "since": "7d",
    "jobs": "2",
    "engine": "ray",
    "ray_address": "auto",
    "output_format": "json",
    "outputs": "report.json",
    "history": "runs.sqlite",
    "tz": "Europe/Paris",
}


def _options(name: str) -> dict[str, Any]:
    """A command's options by parameter name (click's, or the click that typer vendors)."""
    group = typer.main.get_command(app)
    command = group.commands[name]  # type: ignore[attr-defined]
    return {p.name: p for p in command.params if p.param_type_name == "option" and p.name}


def _flag_args(param: str, option: Any) -> list[str]:
    """The command-line words that give ``param`` a value that is not its default."""
    if option.is_flag:
        # --lm/--no-lm and --cache/--no-cache default on: the off switch is the change.
        key = opt.AUDIT_SETTINGS[param]
        default = getattr(AuditConfig(), key)
        return [option.secondary_opts[0] if default is True else option.opts[0]]
    return [option.opts[0], SAMPLE[param]]


def test_every_audit_flag_is_a_setting_config_takes_or_named_run_only() -> None:
    audit, config = _options("audit"), _options("config")
    unclassified = set(audit) - set(opt.AUDIT_SETTINGS) - RUN_ONLY - CONFIG_CHOICE - {"help"}
    assert not unclassified, (
        f"audit flags {sorted(unclassified)} are neither settings (cli.options.AUDIT_SETTINGS, "
        "which `config` must take too) nor run-only flags"
    )
    for name in sorted(set(audit) - RUN_ONLY - {"help"}):
        assert name in config, f"`mtaudit config` does not take audit's {audit[name].opts}"
        assert config[name].opts == CONFIG_SPELLING.get(name, audit[name].opts), name
        assert config[name].secondary_opts == audit[name].secondary_opts, name
        if name not in CONFIG_SPELLING:
            assert config[name].help == audit[name].help, name
    fields = {f.name for f in dataclasses.fields(AuditConfig)}
    assert set(opt.AUDIT_SETTINGS.values()) <= fields


@pytest.mark.parametrize("param", sorted(opt.AUDIT_SETTINGS))
def test_each_setting_flag_sets_the_same_setting_in_audit_and_config(
    runner: CliRunner, isolated_cwd: Path, monkeypatch: pytest.MonkeyPatch, param: str
) -> None:
    key = opt.AUDIT_SETTINGS[param]
    audit_args = _flag_args(param, _options("audit")[param])
    config_args = _flag_args(param, _options("config")[param])

    seen: dict[str, AuditConfig] = {}
    real_load = audit_cmd.load_config

    def load_and_stop(*args: Any, **kwargs: Any) -> AuditConfig:
        # The run stops once its settings are known: no input is read, no model loaded.
        seen["config"] = real_load(*args, **kwargs)
        raise UsageError("stopped by the test")

    monkeypatch.setattr(audit_cmd, "load_config", load_and_stop)
    result = runner.invoke(app, ["audit", str(SEED), "--isolated", *audit_args])
    assert "stopped by the test" in result.stderr, result.output
    from_audit = seen["config"]
    assert from_audit.origin(key) == "command line"

    result = runner.invoke(app, ["config", "--isolated", "-f", "json", *config_args])
    assert result.exit_code == 0, result.output
    shown = json.loads(result.stdout)["settings"][key]
    assert shown["origin"] == "command line"
    assert shown["value"] == from_audit.settings()[key]
