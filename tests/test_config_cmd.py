"""`mtaudit config`: the effective settings and where each came from."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from audits.detectors.registry import audit_rules
from audits.rules import resolve_selection
from cli.app import app
from tests.conftest import NO_STDOUT, SEED, run_stdout_closed


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "mtaudit.toml").write_text(
        'ignore = ["S500"]\nfail_over = 0.8\nallow = ["Kyiv Post", "[bold]x[/]"]\n'
        'severity = { S = "info" }\nformat = "markdown"\noutputs = ["reports/audit.sarif"]\n'
    )
    (tmp_path / "feed").mkdir()
    (tmp_path / "reports").mkdir()  # where `outputs` writes: audit refuses a missing folder
    article = tmp_path / "feed" / "geneva.txt"
    article.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    return tmp_path


def test_config_json_names_each_origin(runner: CliRunner, project: Path) -> None:
    result = runner.invoke(
        app, ["config", str(project / "feed"), "--fail-over", "0.6", "--no-lm", "-f", "json"]
    )
    assert result.exit_code == 0, result.stderr
    shown = json.loads(result.stdout)
    config_file = str(project / "mtaudit.toml")
    assert shown["config_file"] == config_file
    s = shown["settings"]
    assert s["ignore"] == {"value": ["S500"], "origin": config_file}
    assert s["fail_over"] == {"value": 0.6, "origin": "command line", "overrides": config_file}
    assert s["lm"] == {"value": False, "origin": "command line"}
    assert s["batch_size"] == {"value": 16, "origin": "default"}
    assert s["severity"]["value"] == {"S": "info"}
    assert s["outputs"]["resolved"] == [str(project / "reports" / "audit.sarif")]
    # The LM is off here, so the rules that run on its scores are not enabled either.
    enabled = resolve_selection(audit_rules().values(), None, ["S500", "F"])
    assert shown["rules"] == sorted(enabled) and "S500" not in shown["rules"]


def test_config_table_for_people(runner: CliRunner, project: Path) -> None:
    result = runner.invoke(app, ["config", str(project / "feed" / "geneva.txt"), "--jobs", "3"])
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert f"Config file: {project / 'mtaudit.toml'}" in out
    rows = {line.split()[0]: line for line in out.splitlines() if line.strip()}
    assert "command line" in rows["jobs"] and "3" in rows["jobs"]
    assert "default" in rows["dtype"]
    assert "Kyiv Post, [bold]x[/]" in rows["allow"]  # shown as written, never as markup
    assert "Command-line flags override the config file" in out


def test_config_isolated_and_explicit_file(
    runner: CliRunner, project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A cache moved by $MTAUDIT_CACHE_DIR (as a test run may set it) is no default.
    monkeypatch.delenv("MTAUDIT_CACHE_DIR", raising=False)
    iso = json.loads(
        runner.invoke(app, ["config", str(project), "--isolated", "-f", "json"]).stdout
    )
    assert iso["config_file"] is None
    assert all(v["origin"] == "default" for v in iso["settings"].values())
    other = tmp_path / "other.toml"
    other.write_text('select = ["S"]\n')
    chosen = json.loads(
        runner.invoke(app, ["config", str(project), "--config", str(other), "-f", "json"]).stdout
    )
    assert chosen["config_file"] == str(other)
    assert chosen["settings"]["select"]["origin"] == str(other)
    assert chosen["settings"]["ignore"]["origin"] == "default"
    assert chosen["rules"] == sorted(c for c in audit_rules() if c.startswith("S"))


def test_config_shows_what_audit_uses_for_settings_left_unset(
    runner: CliRunner, isolated_cwd: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # "-" stood for the model audit loads, the threshold that gates it (read as no gate
    # at all), the zone of its times and the cache $MTAUDIT_CACHE_DIR had moved.
    from audits.lm.loading import EMBEDDED_MODEL_ID
    from audits.thresholds import reported_threshold
    from audits.verdict_model import load_verdict_model

    monkeypatch.setenv("MTAUDIT_CACHE_DIR", str(isolated_cwd / "cache"))
    verdict = load_verdict_model()
    for lm_flag, with_lm in (("--lm", True), ("--no-lm", False)):
        result = runner.invoke(app, ["config", "--isolated", lm_flag, "-f", "json"])
        assert result.exit_code == 0, result.stderr
        s = json.loads(result.stdout)["settings"]
        threshold = reported_threshold(verdict.best_variant(with_lm).threshold)
        assert s["fail_over"] == {"value": None, "origin": "default", "resolved": threshold}
        assert s["model"].get("resolved") == (EMBEDDED_MODEL_ID if with_lm else None)
        assert s["tz"]["resolved"] == "UTC"
        assert s["cache_dir"] == {
            "value": None,
            "origin": "$MTAUDIT_CACHE_DIR",
            "resolved": str(isolated_cwd / "cache"),
        }
    table = runner.invoke(app, ["config", "--isolated", "--no-lm"]).stdout
    rows = {line.split()[0]: line for line in table.splitlines() if line.strip()}
    assert str(threshold) in rows["fail_over"]
    assert "default: the verdict model's threshold" in rows["fail_over"]
    assert "(unused: the LM is off)" in rows["model"]
    assert EMBEDDED_MODEL_ID not in rows["model"]


def test_config_shows_no_model_or_cache_that_audit_will_not_use(
    runner: CliRunner, isolated_cwd: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `config --no-lm --no-cache` showed the embedded model and a cache folder as what
    # audit would use, where audit loads no model and keeps no cache.
    from audits.lm.loading import EMBEDDED_MODEL_ID

    monkeypatch.setenv("MTAUDIT_CACHE_DIR", str(isolated_cwd / "cache"))
    args = ["config", "--isolated", "--no-lm", "--no-cache"]
    s = json.loads(runner.invoke(app, [*args, "-f", "json"]).stdout)["settings"]
    assert s["model"] == {"value": None, "origin": "default", "unused": "the LM is off"}
    assert "resolved" not in s["cache_dir"]
    assert s["cache_dir"]["unused"] == "the LM and the cache are off"
    rows = {
        line.split()[0]: line
        for line in runner.invoke(app, args).stdout.splitlines()
        if line.strip()
    }
    assert EMBEDDED_MODEL_ID not in rows["model"]
    assert str(isolated_cwd / "cache") not in rows["cache_dir"]
    assert "(unused: the LM and the cache are off)" in rows["cache_dir"]
    # The cache still holds the model with the LM on, and the lost-letter index with it off.
    for kept in (["--lm", "--no-cache"], ["--no-lm", "--cache"]):
        out = runner.invoke(app, ["config", "--isolated", *kept, "-f", "json"]).stdout
        assert json.loads(out)["settings"]["cache_dir"]["resolved"] == str(isolated_cwd / "cache")


def test_config_without_a_file(runner: CliRunner, isolated_cwd: Path) -> None:
    result = runner.invoke(app, ["config"])
    assert result.exit_code == 0
    assert "Config file: none found above ." in result.stdout
    assert "(looked for mtaudit.toml, or pyproject.toml with [tool.mtaudit])" in result.stdout


def test_config_shows_brackets_in_paths_and_inputs_as_written(
    runner: CliRunner, tmp_path: Path
) -> None:
    folder = tmp_path / "[b]desk[/b]"
    (folder / "[red]in").mkdir(parents=True)
    result = runner.invoke(app, ["config", str(folder / "[red]in"), "--isolated"])
    assert result.exit_code == 0, result.output
    (folder / "mtaudit.toml").write_text("jobs = 2\n")
    result = runner.invoke(app, ["config", str(folder / "[red]in")])
    assert result.exit_code == 0, result.output
    assert f"Config file: {folder / 'mtaudit.toml'}" in result.stdout


@pytest.mark.parametrize(
    "content, message",
    [
        ("selct = ['C']\n", "unknown setting `selct`"),
        ("fail_on = ['Q999']\n", "unknown rule code or prefix 'Q999'"),
        ("severity = { X = 'info' }\n", "unknown rule code or prefix 'X'"),
    ],
)
def test_config_reports_a_bad_file_in_one_line(
    runner: CliRunner, tmp_path: Path, content: str, message: str
) -> None:
    (tmp_path / "mtaudit.toml").write_text(content)
    result = runner.invoke(app, ["config", str(tmp_path)])
    assert result.exit_code == 2
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and message in lines[0]


@pytest.mark.parametrize(
    "content, message",
    [
        ('format = "xml"\n', "unknown format 'xml'"),
        ('outputs = ["report.weird"]\n', "cannot tell the format"),
        ('verdict_model = "missing.json"\n', "cannot read verdict model"),
        ('outputs = ["missing/r.json"]\n', "does not exist"),
        ('outputs = ["json:feed/geneva.txt"]\n', "it is the input"),
        ('history = "h.sqlite"\noutputs = ["json:h.sqlite"]\n', "the history database"),
        ('history = "missing/h.sqlite"\n', "missing does not exist"),
    ],
)
def test_config_refuses_what_audit_refuses(
    runner: CliRunner, project: Path, content: str, message: str
) -> None:
    # A file `config` calls fine must be one `audit` runs with.
    (project / "mtaudit.toml").write_text(content)
    article = str(project / "feed" / "geneva.txt")
    for command in (["config", article], ["audit", article, "--no-lm"]):
        result = runner.invoke(app, command)
        assert result.exit_code == 2, (command, result.output)
        lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
        assert len(lines) == 1 and message in lines[0], (command, lines)


def test_audit_uses_format_and_outputs_from_the_file(runner: CliRunner, project: Path) -> None:
    article = project / "feed" / "geneva.txt"
    result = runner.invoke(app, ["audit", str(article), "--no-lm"])
    assert result.exit_code in (0, 1), result.stderr
    assert result.stdout.startswith("## mtaudit report")  # format = "markdown"
    sarif = json.loads((project / "reports" / "audit.sarif").read_text())
    assert sarif["version"] == "2.1.0"
    # Flags override the file: --format and --output replace format and outputs.
    (project / "reports" / "audit.sarif").unlink()
    out = project / "here.csv"
    result = runner.invoke(app, ["audit", str(article), "--no-lm", "-f", "json", "-o", str(out)])
    assert json.loads(result.stdout)["schema"] == "mtaudit/1"
    assert out.read_text(encoding="utf-8-sig").startswith("document,")
    assert not (project / "reports" / "audit.sarif").exists()


def test_config_takes_the_feed_and_history_flags_audit_takes(
    runner: CliRunner, project: Path
) -> None:
    args = ["--since", "7d", "--max-entries", "5", "--fetch-articles", "--history", "h.sqlite"]
    result = runner.invoke(app, ["config", str(project / "feed"), *args, "-f", "json"])
    assert result.exit_code == 0, result.stderr
    s = json.loads(result.stdout)["settings"]
    assert s["since"] == {"value": "7d", "origin": "command line"}
    assert s["max_entries"] == {"value": 5, "origin": "command line"}
    assert s["fetch_articles"] == {"value": True, "origin": "command line"}
    assert s["fetch_private_links"] == {"value": False, "origin": "default"}
    assert s["history"]["origin"] == "command line"
    assert s["history"]["resolved"] == "h.sqlite"  # a flag's path is the caller's, as given


def test_config_takes_audits_output_and_format_as_audit_format(
    runner: CliRunner, isolated_cwd: Path
) -> None:
    # `config -o report.out` is refused as `audit -o report.out` is, and the way out it
    # names is the flag `config` takes for audit's --format.
    result = runner.invoke(app, ["config", "-o", "report.out"])
    assert result.exit_code == 2
    assert "cannot tell the format of --output 'report.out'" in result.stderr
    assert "pass --audit-format" in result.stderr
    result = runner.invoke(
        app, ["config", "-o", "report.out", "--audit-format", "sarif", "-f", "json"]
    )
    assert result.exit_code == 0, result.output
    assert not (isolated_cwd / "report.out").exists()  # shown, never written
    s = json.loads(result.stdout)["settings"]
    assert s["format"] == {"value": "sarif", "origin": "command line"}
    assert s["outputs"]["value"] == ["report.out"]
    assert s["outputs"]["origin"] == "command line"


def test_config_refuses_an_output_folder_that_audit_would_refuse(
    runner: CliRunner, isolated_cwd: Path
) -> None:
    result = runner.invoke(app, ["config", "-o", "missing_dir/x.json"])
    assert result.exit_code == 2
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert lines == [
        "mtaudit: error: cannot write missing_dir/x.json: directory missing_dir does not exist"
    ]
    assert not (isolated_cwd / "missing_dir").exists()


def test_no_line_config_prints_is_a_ci_runners_command(
    runner: CliRunner, isolated_cwd: Path
) -> None:
    """`mtaudit config` printed through a console of its own, not as a report (and
    history's tables) are printed: a value's second line ("x\\n::error::pwned"), shown
    in the table, began a line that a CI runner reads as its command."""
    result = runner.invoke(app, ["config", "--isolated", "--allow", "x\n::error::pwned"])
    assert result.exit_code == 0, result.output
    assert not re.search(r"^\s*(?:::|##\[)", result.stdout, re.M), result.stdout
    assert "\u200b::error::pwned" in result.stdout  # still shown
    shown = runner.invoke(app, ["config", "--isolated", "--allow", "x\n::error::pwned", "-fjson"])
    assert json.loads(shown.stdout)["settings"]["allow"]["value"] == ["x\n::error::pwned"]


def test_config_warns_of_an_input_that_is_not_there(runner: CliRunner, project: Path) -> None:
    """`config --isolated true` (a flag taken for one with a value) or a misspelt
    folder showed the settings without a word, as if for an input audit reads."""
    missing = str(project / "feeed")
    result = runner.invoke(app, ["config", missing, str(project / "feed"), "-f", "json"])
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        f"mtaudit: warning: {missing}: no such file or directory (audit would refuse it; "
        "the settings are those for where it would be)\n"
    )
    assert json.loads(result.stdout)["config_file"] == str(project / "mtaudit.toml")
    quiet = runner.invoke(app, ["config", str(project / "feed"), "-", "https://example.com/feed"])
    assert quiet.exit_code == 0 and quiet.stderr == "", quiet.stderr


def test_config_says_one_thing_when_a_setting_is_wrong_and_an_input_missing(
    runner: CliRunner, project: Path
) -> None:
    # The missing-input warning came before the settings were checked: one mistake
    # printed a warning and then the error, two lines on stderr.
    result = runner.invoke(app, ["config", str(project / "feeed"), "--select", "XYZ"])
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert "XYZ" in result.stderr


@pytest.mark.parametrize("fmt", ["terminal", "json"])
def test_config_into_a_closed_stdout_names_no_o(project: Path, fmt: str) -> None:
    """`mtaudit config >&-` advised "write it to a file with -o FILE", but config's
    -o is audit's setting it shows, not where config's table goes."""
    assert run_stdout_closed(["config", "-f", fmt], cwd=project) == (2, NO_STDOUT)


@pytest.mark.parametrize(
    "entry, said",
    [
        ("html:", "outputs entry 'html:' names no file after its format; write html:PATH"),
        ("json:  ", "outputs entry 'json:  ' names no file after its format; write json:PATH"),
        ("jsn:x.json", "unknown format 'jsn' in output 'jsn:x.json'"),
        ("x.zzz", "cannot tell the format of outputs entry 'x.zzz'; write FORMAT:x.zzz or"),
        ("noext", "cannot tell the format of outputs entry 'noext'; write FORMAT:noext or"),
    ],
)
@pytest.mark.parametrize("command", ["audit", "config"])
def test_a_bad_outputs_entry_names_its_config_file(
    runner: CliRunner, isolated_cwd: Path, entry: str, said: str, command: str
) -> None:
    """`outputs = ["html:"]` in a config file was reported as "--output 'html:' ...",
    with no word of the file, where every other refused setting says "(from FILE)"."""
    toml = isolated_cwd / "mtaudit.toml"
    toml.write_text(f'outputs = ["{entry}"]\n', encoding="utf-8")
    (isolated_cwd / "a.txt").write_text("Hello world.\n", encoding="utf-8")
    args = ["audit", "a.txt", "--no-lm"] if command == "audit" else ["config"]
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    (line,) = result.stderr.splitlines()
    assert said in line and line.endswith(f" (from {toml})"), line


@pytest.mark.parametrize("command", ["audit", "config"])
def test_a_bad_format_names_its_config_file(
    runner: CliRunner, isolated_cwd: Path, command: str
) -> None:
    """`format = "xml"` in a config file was refused as if typed on the command line,
    with no word of the file, where every other refused setting says "(from FILE)"."""
    toml = isolated_cwd / "mtaudit.toml"
    toml.write_text('format = "xml"\n', encoding="utf-8")
    (isolated_cwd / "a.txt").write_text("Hello world.\n", encoding="utf-8")
    args = ["audit", "a.txt", "--no-lm"] if command == "audit" else ["config"]
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    (line,) = result.stderr.splitlines()
    assert "unknown format 'xml'; choose one of terminal, json" in line, line
    assert line.endswith(f" (from {toml})"), line
    # The command line's own --format wins over the file, and is what a bad one names.
    result = runner.invoke(app, [*args, "--audit-format" if command == "config" else "-f", "x"])
    assert result.exit_code == 2 and "(from" not in result.stderr, result.stderr


def test_config_for_stdin_says_where_it_searched(runner: CliRunner, isolated_cwd: Path) -> None:
    # "none found above -" read as if a folder named "-" had been searched.
    result = runner.invoke(app, ["config", "-", "--no-lm"], input="")
    assert result.exit_code == 0, result.output
    first = result.stdout.splitlines()[0]
    assert first.startswith("Config file: none found above the current folder (for stdin) ")


def test_rules_the_lm_drives_are_not_counted_with_the_lm_off(tmp_path: Path) -> None:
    # `config --select F --no-lm` said "Rules enabled: 2 (F601, F602)", though audit
    # runs neither without the model's scores.
    runner = CliRunner()
    off = ["config", str(tmp_path), "--isolated", "--select", "F,C201", "--no-lm"]
    shown = json.loads(runner.invoke(app, [*off, "-f", "json"]).stdout)
    assert shown["rules"] == ["C201"]
    table = runner.invoke(app, off).stdout
    assert "Rules enabled: 1 (C201); F601, F602 off with the LM off" in table
    on = runner.invoke(app, ["config", str(tmp_path), "--isolated", "--select", "F", "-f", "json"])
    assert json.loads(on.stdout)["rules"] == ["F601", "F602"]
