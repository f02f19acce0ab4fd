"""The same mistake gets the same one-line error and exit status 2 in every command, and
the same flag has the same spelling and help wherever it appears."""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path
from typing import Any

import pytest
import typer.main
from typer.testing import CliRunner

from audits.config import AuditConfig
from audits.errors import UsageError
from cli import commands, compare_cmd, fluency_cmd
from cli import options as opt
from cli.app import app
from tests.conftest import ROOT, SEED

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


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ("xml", "mtaudit: error: unknown format 'xml'; choose one of terminal, json"),
        # `-f "$FMT"` with FMT unset: audit refused it, the others printed their default.
        ("", "format is empty"),
    ],
)
@pytest.mark.parametrize("name", FORMAT_TAKERS)
def test_an_unknown_or_empty_format_is_one_line_in_every_command(
    runner: CliRunner, isolated_cwd: Path, name: str, value: str, said: str
) -> None:
    result = runner.invoke(app, [*COMMANDS[name], "--format", value])
    assert result.exit_code == 2, result.output
    assert said in _one_error_line(result.stderr)


@pytest.mark.parametrize("name", FORMAT_TAKERS)
def test_a_format_in_capitals_is_taken_in_every_command(
    runner: CliRunner, isolated_cwd: Path, name: str
) -> None:
    """`-f JSON` was refused as an unknown format while `-o R.JSON` was read as JSON."""
    result = runner.invoke(app, [*COMMANDS[name], "--format", "JSON"])
    assert "format" not in result.stderr, result.stderr
    # A name no command knows is quoted as typed, not as lowered.
    result = runner.invoke(app, [*COMMANDS[name], "--format", "Xml"])
    assert "unknown format 'Xml'" in _one_error_line(result.stderr)


def test_an_output_format_prefix_and_a_config_format_in_capitals_are_taken(
    runner: CliRunner, isolated_cwd: Path
) -> None:
    result = runner.invoke(app, ["audit", str(SEED), "--no-lm", "-o", "JSON:r.out", "-f", "SARIF"])
    assert result.exit_code in (0, 1), result.stderr
    assert json.loads((isolated_cwd / "r.out").read_text())["schema"] == "mtaudit/1"
    assert json.loads(result.stdout)["version"] == "2.1.0"  # SARIF's
    (isolated_cwd / "mtaudit.toml").write_text('format = "Json"\n')
    result = runner.invoke(app, ["audit", str(SEED), "--no-lm", "--config", "mtaudit.toml"])
    assert json.loads(result.stdout)["schema"] == "mtaudit/1", result.stderr
    result = runner.invoke(app, ["config", "--audit-format", "HTML", "-f", "JSON"])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["settings"]["format"]["value"] == "html"


@pytest.mark.parametrize("name", FORMAT_TAKERS)
def test_format_help_names_every_format_the_command_takes(
    runner: CliRunner, isolated_cwd: Path, name: str
) -> None:
    result = runner.invoke(app, [*COMMANDS[name], "--format", "xml"])
    taken = re.search(r"choose one of ([a-z, ]+)", result.stderr)
    assert taken, result.stderr
    formats = [f.strip() for f in taken.group(1).split(",")]
    help_text = _options(name)["output_format" if name != "config" else "display_format"].help
    listed = re.findall(r"[a-z]+", help_text.split(":", 1)[-1])
    assert [f for f in listed if f in formats] and set(formats) <= set(listed), (help_text, formats)


@pytest.mark.parametrize("name", FORMAT_TAKERS)
def test_format_help_is_worded_alike_everywhere(name: str) -> None:
    """Two wordings, one each for the --format that prints terminal or JSON and nothing
    else, and the one that picks the report on stdout beside -o's files. fluency's
    said 'terminal (a table) or json' and compare's 'terminal (default) or json'."""
    option = _options(name)["output_format" if name != "config" else "display_format"]
    if name in ("config", "fluency", "rules", "history runs"):  # stdout only
        assert option.help == _options("rules")["output_format"].help, name
        assert option.default == "terminal", name
    else:
        shape = r"Report on stdout: [a-z, ]+ \(default terminal(, or the config's format)?\)\."
        assert re.fullmatch(shape, option.help), (name, option.help)
        assert option.default is None, name


def test_config_says_where_audits_format_goes(runner: CliRunner, isolated_cwd: Path) -> None:
    result = runner.invoke(app, ["config", "--format", "sarif"])
    assert "audit's --format is --audit-format here" in _one_error_line(result.stderr)


USAGE_MISTAKES = [
    (["audit", "x.txt", "--batch-size", "0"], "Invalid value for '--batch-size'", "audit"),
    (["config", "--batch-size", "0"], "Invalid value for '--batch-size'", "config"),
    (["fluency", "x.txt", "--batch-size", "0"], "Invalid value for '--batch-size'", "fluency"),
    (["compare", "a", "b", "--batch-size", "0"], "Invalid value for '--batch-size'", "compare"),
    (["history", "runs", "--limit", "0"], "Invalid value for '--limit'", "history runs"),
    (["report", "--bogus"], "No such option: --bogus", "report"),
    (["rules", "--bogus"], "No such option: --bogus", "rules"),
    (["history", "show", "--bogus", "1"], "No such option: --bogus", "history show"),
    (["history", "prune", "--keep", "0"], "Invalid value for '--keep'", "history prune"),
    (["audit"], "Missing argument 'PATH'", "audit"),
    # Click's parser raises these without the command they belong to: they said no
    # more than "Option '-f' requires an argument."
    (["audit", "x.txt", "-f"], "Option '-f' requires an argument", "audit"),
    (["history", "runs", "--history"], "Option '--history' requires an argument", "history runs"),
    (["config", "--isolated=yes"], "Option '--isolated' does not take a value", "config"),
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
    line = _usage_error(monkeypatch, capsys, argv)
    assert said in line and line.endswith(f"(see `mtaudit {where} --help`)"), line


def _usage_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> str:
    """The one error line of `mtaudit ARGV`, which must exit 2 with nothing on stdout,
    through the console script's own error handling (CliRunner has click's)."""
    monkeypatch.setattr(sys, "argv", ["mtaudit", *argv])
    with pytest.raises(SystemExit) as stop:
        commands.run()
    assert stop.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    return _one_error_line(captured.err)


@pytest.mark.parametrize("argv", [[], ["history"]], ids=["mtaudit", "history"])
def test_no_command_still_shows_the_help(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    monkeypatch.setattr(sys, "argv", ["mtaudit", *argv])
    with pytest.raises(SystemExit) as stop:
        commands.run()
    # A usage error, as DESIGN.md's exit codes have it, which the README did not say.
    assert stop.value.code == 2
    captured = capsys.readouterr()
    assert " ".join(["Usage: mtaudit", *argv]) in captured.out
    assert "mtaudit: error" not in captured.err
    exit_codes = (ROOT / "README.md").read_text(encoding="utf-8").split("## Exit codes")[1]
    assert (
        "`mtaudit` with no command (or `mtaudit history` with none) prints its help on "
        in (exit_codes.split("\n| 129 |")[0])
    )


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


# Options that mean the same thing wherever they appear: same spelling, same help.
SHARED = [
    "outputs",
    "config_file",
    "isolated",
    *opt.LM_SETTINGS,
    *opt.INPUT_SETTINGS,
]


def test_a_shared_flag_is_spelled_and_explained_alike_everywhere() -> None:
    reference = _options("audit")
    for name in COMMANDS.keys() | {"history prune"}:
        for param, option in _options(name).items():
            if param not in SHARED or (name, param) == ("report", "since"):
                continue  # report's --since starts its window (see the --since test)
            if (name, param) == ("fluency", "since"):
                # fluency takes no --tz: its dates are in the config's tz (FluencySince)
                assert "--tz" not in option.help and "the config's tz" in option.help
                continue
            model = reference[param]
            where = f"{name} {option.opts}"
            assert (option.opts, option.secondary_opts) == (
                model.opts,
                model.secondary_opts,
            ), where
            assert option.help == model.help, where


@pytest.mark.parametrize(
    "name, params",
    [
        ("fluency", (*opt.LM_SETTINGS, *opt.INPUT_SETTINGS)),
        ("compare", opt.LM_SETTINGS),
    ],
)
def test_model_and_input_flags_reach_the_settings(
    runner: CliRunner,
    isolated_cwd: Path,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    params: tuple[str, ...],
) -> None:
    # fluency and compare take every model flag of audit (and fluency its input flags),
    # and each sets its setting as in audit.
    from tests.test_flag_parity import _flag_args

    module = {"fluency": fluency_cmd, "compare": compare_cmd}[name]
    options = _options(name)
    seen: list[AuditConfig] = []
    real_load = module.load_config

    def load_and_stop(*args: Any, **kwargs: Any) -> AuditConfig:
        seen.append(real_load(*args, **kwargs))
        raise UsageError("stopped by the test")

    monkeypatch.setattr(module, "load_config", load_and_stop)
    base = {"fluency": ["fluency", str(SEED)], "compare": ["compare", str(SEED), str(SEED)]}
    for param in params:
        assert param in options, f"`mtaudit {name}` does not take audit's --{param}"
        result = runner.invoke(app, [*base[name], "--isolated", *_flag_args(param, options[param])])
        assert "stopped by the test" in result.stderr, result.output
        assert seen[-1].origin(opt.AUDIT_SETTINGS[param]) == "command line", param


def _leaves(command: Any, path: str = "") -> list[tuple[str, Any]]:
    subcommands = getattr(command, "commands", None)
    if subcommands is None:
        return [(path, command)]
    return [
        leaf for name, sub in subcommands.items() for leaf in _leaves(sub, f"{path} {name}".strip())
    ]


def test_the_readme_names_every_flag_of_every_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [
        f"{path} {flag}"
        for path, command in _leaves(typer.main.get_command(app))
        for param in command.params
        if param.param_type_name == "option"
        for flag in (*param.opts, *param.secondary_opts)
        if flag != "--help" and f"`{flag}" not in readme and f"/{flag}" not in readme
    ]
    assert not missing, missing


def test_the_readme_names_every_extension_a_folder_walk_reads() -> None:
    # The table named seven; a walk read .text, .markdown, .xhtml, .ndjson and .rdf
    # files too, which a reader could not have known were audited.
    from audits.sources.sniff import SNIFFED_EXTENSIONS, WALKED_EXTENSIONS

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    [row] = [line for line in readme.splitlines() if line.startswith("| `PATH...` |")]
    named = {word for span in re.findall(r"`([^`]*)`", row) for word in span.split()}
    assert sorted((WALKED_EXTENSIONS | SNIFFED_EXTENSIONS) - named) == []


def test_every_command_says_what_it_does_in_one_line_of_its_groups_list(
    runner: CliRunner,
) -> None:
    """`mtaudit history --help` listed accept as "... saw as known to later" and
    "--new-only runs." on a line of its own: the docstring's first paragraph, which
    the list shows with its line breaks, ran over two lines."""
    broken = [
        path
        for path, command in _leaves(typer.main.get_command(app))
        if "\n" in (command.help or "").strip().split("\n\n")[0]
    ]
    assert not broken, broken
    listed = runner.invoke(app, ["history", "--help"], env={"COLUMNS": "200"}).stdout
    assert re.search(r"accept +Take .* --new-only runs\.", listed), listed


@pytest.mark.parametrize("path", [*COMMANDS, "history prune"])
def test_every_option_that_takes_a_value_names_it_in_the_help(path: str) -> None:
    # Without a metavar typer 0.2x shows the Python type: `--output <list[str]>`,
    # `--since <str>`, where the reader needs `[FMT:]PATH` and `DATE`.
    unnamed = [
        param.opts[0]
        for param in _command(path).params
        if param.param_type_name == "option" and not param.is_flag and param.metavar is None
    ]
    assert unnamed == []
    shown = CliRunner().invoke(app, [*path.split(), "--help"], env={"COLUMNS": "200"}).stdout
    assert not re.search(r"^│ +-.*<(str|int|float|list)", shown, re.MULTILINE), shown


def test_arguments_are_named_as_the_help_names_them(runner: CliRunner) -> None:
    # Not by their Python parameter names: "Invalid value for 'run_id'".
    result = runner.invoke(app, ["history", "show", "abc", "--history", "h.sqlite"])
    assert result.exit_code == 2 and "Invalid value for 'RUN_ID'" in result.stderr
    result = runner.invoke(app, ["fluency"])
    assert result.exit_code == 2 and "Missing argument 'PATH'" in result.stderr


@pytest.mark.parametrize("command", ["audit", "config"])
def test_fail_over_shows_its_range_in_the_help(command: str) -> None:
    # --fail-over's own parser (which calls nan and -0 what they are) took the place of
    # typer's range check, and with it the `[0<=x<=1]` every other bounded flag shows.
    shown = CliRunner().invoke(app, [command, "--help"], env={"COLUMNS": "200"}).stdout
    assert re.search(r"^│ +--fail-over +P \[0<=x<=1\] ", shown, re.MULTILINE), shown


@pytest.mark.parametrize("path", [*COMMANDS, "history prune", "history accept"])
def test_the_help_shows_brackets_in_option_texts_as_written(path: str) -> None:
    # The help is rendered as rich markup: `needs mtaudit[ray]` read "needs mtaudit",
    # the extra to install taken for a style. A literal bracket is written `\[` in a help text.
    shown = CliRunner().invoke(app, [*path.split(), "--help"], env={"COLUMNS": "400"}).stdout
    written = [
        bracketed
        for param in _command(path).params
        for bracketed in re.findall(
            r"\S*\[[^\]]*\]", (getattr(param, "help", None) or "").replace("\\[", "[")
        )
    ]
    assert [each for each in written if each not in shown] == [], shown


# Settings whose None stands for a default the run still uses: the verdict's threshold
# (a run gates without --fail-over), the terminal report, the embedded model, ...
_NONE_IS_A_DEFAULT = ("fail_over", "output_format", "model", "cache_dir", "ray_address")


def test_a_setting_flag_with_a_default_names_it_in_the_help() -> None:
    # `--device DEVICE  cpu, cuda, cuda:N, mps or xpu.` left a user with a GPU to guess
    # whether the model would use it; `--jobs` and `--batch-size` did not say theirs.
    defaults = AuditConfig()
    options = _options("audit")
    silent = [
        options[param].opts[0]
        for param, key in opt.AUDIT_SETTINGS.items()
        if (getattr(defaults, key) not in (None, False, [], {}) or param in _NONE_IS_A_DEFAULT)
        and "default" not in (options[param].help or "")
    ]
    assert silent == []


def test_fluency_names_the_inputs_it_reads_as_audit_does() -> None:
    # fluency reads its inputs with audit's reader (URLs, feeds, files of URLs), but its
    # help offered only "Files, directories, globs, or - for stdin."
    def path_help(name: str) -> str:
        return next(p.help for p in _command(name).params if p.name == "paths")

    assert path_help("fluency") == path_help("audit")


@pytest.mark.parametrize(
    "flag, line",
    [
        ("--config", "{name}: cannot read config file ({why})"),
        ("--baseline", "baseline {name}: cannot read it ({why})"),
        ("--verdict-model", "cannot read verdict model {name} ({why})"),
    ],
)
def test_a_file_that_cannot_be_read_is_said_in_words(
    runner: CliRunner, isolated_cwd: Path, flag: str, line: str
) -> None:
    """A folder, or a file that is not UTF-8, given for a file to read: the line held
    Python's own text, "[Errno 21] Is a directory: 'd'" (the path a second time) or
    "'utf-8' codec can't decode byte 0xe9 in position 10: invalid continuation byte"."""
    Path("d").mkdir()
    Path("latin.txt").write_bytes(b'allow = ["caf\xe9"]\n')
    Path("a.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    unreadable = {"d": "is a directory", "latin.txt": "not UTF-8: byte 0xe9 at position 13"}
    for name, why in unreadable.items():
        result = runner.invoke(app, ["audit", "a.txt", "--no-lm", flag, name])
        assert result.exit_code == 2, result.output
        expected = "mtaudit: error: " + line.format(name=name, why=why)
        assert _one_error_line(result.stderr) == expected


def test_a_ray_address_without_the_ray_engine_is_a_warning(
    runner: CliRunner, isolated_cwd: Path
) -> None:
    """`--ray-address ray://head:10001` without --engine ray audited the documents on
    this machine without a word, as if on the cluster it named."""
    Path("a.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    Path("local.toml").write_text('engine = "local"\n')
    cases = {
        (): "the engine is local by default; pass --engine ray",
        ("--engine", "local"): "--engine local",
        ("--config", "local.toml"): 'engine = "local" in local.toml; pass --engine ray',
    }
    for command in (["audit", "a.txt", "--no-lm"], ["config"]):
        for flags, why in cases.items():
            result = runner.invoke(app, [*command, "--ray-address", "auto", *flags])
            assert result.exit_code in (0, 1), result.output
            assert result.stderr.splitlines()[0] == (
                "mtaudit: warning: --ray-address has no effect: documents are audited "
                f"here, not on Ray ({why})"
            ), (command, flags)
    config_file = runner.invoke(app, ["config", "--config", "local.toml"])
    assert config_file.stderr == ""  # a file's ray_address is for runs with --engine ray


EMPTY_PATHS = [
    ["audit", "a.txt", "--history", ""],
    ["audit", "a.txt", "--write-baseline", ""],
    ["audit", "a.txt", "--baseline", ""],
    ["audit", "a.txt", "--config", ""],
    ["audit", "a.txt", "-o", ""],
    ["audit", "a.txt", "--verdict-model", ""],
    ["audit", "a.txt", "--cache-dir", ""],
    ["audit", "a.txt", ""],
    ["fluency", ""],
    ["compare", "", "a.txt"],
    ["config", "--history", ""],
    ["config", ""],
    ["history", "runs", "--history", ""],
    ["report", "--history", ""],
]


@pytest.mark.parametrize("argv", EMPTY_PATHS, ids=" ".join)
def test_an_empty_path_is_refused(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    isolated_cwd: Path,
    argv: list[str],
) -> None:
    """A path that an unset variable left empty (`--history "$DB"`) was taken as no
    path at all: the run recorded no history, wrote no baseline, filtered by none,
    read the nearest config file instead, and `audit ""` audited the current folder,
    each without a word; compare said ': no such file or directory'."""
    Path("a.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    line = _usage_error(monkeypatch, capsys, argv)
    assert "'' is an empty path (an unset variable?)" in line, line


@pytest.mark.parametrize(
    "argv", [[*argv[:-1], "  "] for argv in EMPTY_PATHS if argv[-1] == ""], ids=" ".join
)
def test_a_blank_path_is_refused_as_an_empty_one_is(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    isolated_cwd: Path,
    argv: list[str],
) -> None:
    """`--history "  "` (a variable padded with spaces, left unset) made a database
    named with two spaces beside the input, without a word."""
    Path("a.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    line = _usage_error(monkeypatch, capsys, argv)
    assert "'  ' is a blank path (an unset variable?)" in line, line
    assert sorted(p.name for p in isolated_cwd.iterdir()) == ["a.txt"]


@pytest.mark.parametrize(
    "argv",
    [argv for argv in EMPTY_PATHS if argv[-2].startswith("--") and argv[-2] != "-o"],
    ids=" ".join,
)
def test_a_dash_for_a_file_of_the_run_is_refused(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    isolated_cwd: Path,
    argv: list[str],
) -> None:
    """`--history -` made a database named "-", `--write-baseline -` a file so named,
    without a word, where "-" reads as stdin or stdout; `--baseline -` said "no such
    file" and `--config -` "config file not found"."""
    Path("a.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    line = _usage_error(monkeypatch, capsys, [*argv[:-1], "-"])
    assert "'-' names no file (it is not stdin or stdout here); for a file named '-', " in line
    assert list(isolated_cwd.iterdir()) == [isolated_cwd / "a.txt"]


@pytest.mark.parametrize("name", [*COMMANDS, "history accept", "history prune"])
def test_help_shows_no_value_for_a_flag(runner: CliRunner, name: str) -> None:
    """typer 0.29 showed `--isolated <bool>`, `--lm --no-lm <bool>`, `--help <bool>`,
    as if each took a value, which click refuses ("does not take a value")."""
    result = runner.invoke(app, [*name.split(), "--help"], env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.output
    assert "--help" in result.stdout and "<bool>" not in result.stdout


@pytest.mark.parametrize("columns", ["50", "80"])
@pytest.mark.parametrize("name", ["", *COMMANDS, "history accept", "history prune"])
def test_help_cuts_nothing_on_a_narrow_terminal(runner: CliRunner, name: str, columns: str) -> None:
    """At 80 columns (a CI log, a pipe) typer cut `--context-sentenc…`,
    `--fetch-private-l…`, `--no-fetch-arti…` and `$MTAUDIT_CACHE_DI…`: flags nobody
    could then type. What does not fit is folded onto the next line."""
    result = runner.invoke(app, [*name.split(), "--help"], env={"COLUMNS": columns})
    assert result.exit_code == 0, result.output
    assert "…" not in result.stdout, result.stdout


@pytest.mark.parametrize("name", [*COMMANDS, "history accept", "history prune"])
def test_help_shows_every_option_name_whole_at_80_columns(runner: CliRunner, name: str) -> None:
    """At 80 columns the option-name column was folded mid-name: `--context-sentence`
    and `s` on the next line, `--no-fetch-articles` likewise, names nobody could then
    copy. Every name (and its --no- form) is printed whole."""
    result = runner.invoke(app, [*name.split(), "--help"], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    names = [
        n
        for p in _command(name).params
        if not getattr(p, "hidden", False)
        for n in (*p.opts, *p.secondary_opts)
        if n.startswith("-")
    ]
    assert names
    for n in names:
        assert re.search(rf"(?<![\w-]){re.escape(n)}(?![\w-])", result.stdout), (
            n,
            result.stdout,
        )


@pytest.mark.parametrize("columns", ["40", "50", "79"])
@pytest.mark.parametrize("name", [*COMMANDS, "history accept", "history prune"])
def test_narrow_help_puts_each_options_help_under_its_names(
    runner: CliRunner, name: str, columns: str
) -> None:
    """At 50 columns the names, short names and value of `audit --help` took all but 6
    columns, and each help was printed a few letters a line ("termin", "al,"). Below 80
    an option's help is under its names, and every name is still whole."""
    result = runner.invoke(app, [*name.split(), "--help"], env={"COLUMNS": columns})
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert all(len(line) <= int(columns) for line in lines), result.stdout
    texts = [line.strip("│ ") for line in lines]
    assert "--help, -h" in texts and "Show this message and exit." in texts, result.stdout
    for param in _command(name).params:
        for n in (*param.opts, *param.secondary_opts):
            if n.startswith("--"):
                assert re.search(rf"(?<![\w-]){re.escape(n)}(?![\w-])", result.stdout), n
    if name == "audit":
        assert "--format, -f FMT" in texts
        assert any(t.startswith("Report on stdout: terminal,") for t in texts), texts


def test_help_asks_the_width_once_a_panel_not_once_an_option(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each option row made a console to learn the width the help is printed at."""
    import typer.rich_utils as panels

    consoles: list[object] = []
    made = panels._get_rich_console
    monkeypatch.setattr(
        panels, "_get_rich_console", lambda *a, **k: consoles.append(1) or made(*a, **k)
    )
    result = runner.invoke(app, ["audit", "--help"], env={"COLUMNS": "60"})
    assert result.exit_code == 0, result.output
    rows = sum(1 for p in _command("audit").params if not getattr(p, "hidden", False))
    assert 0 < len(consoles) < rows // 2, (len(consoles), rows)


@pytest.mark.parametrize(
    ("name", "usage", "argument"),
    [
        ("audit", "mtaudit audit [OPTIONS] PATH...", "PATH..."),
        ("fluency", "mtaudit fluency [OPTIONS] PATH...", "PATH..."),
        ("config", "mtaudit config [OPTIONS] [PATH]...", "PATH..."),
        ("compare", "mtaudit compare [OPTIONS] HYP REF [REF...]", "HYP REF [REF...]"),
        ("rules", "mtaudit rules [OPTIONS] [CODE]", "CODE"),
        ("history show", "mtaudit history show [OPTIONS] RUN_ID", "RUN_ID"),
    ],
)
def test_help_shows_an_argument_by_its_metavar(
    runner: CliRunner, name: str, usage: str, argument: str
) -> None:
    """typer 0.29 showed `PATH <list[str]>` (Python's type of the parameter) in the
    arguments panel and `{PATH}...` in the usage line."""
    result = runner.invoke(app, [*name.split(), "--help"], env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.output
    lines = [line.strip(" │*") for line in result.stdout.splitlines()]
    assert f"Usage: {usage}" in lines, result.stdout
    assert any(line.startswith(f"{argument}  ") for line in lines), result.stdout
    assert "<list[str]>" not in result.stdout and "<str>" not in result.stdout
    assert "<int>" not in result.stdout


def test_compare_help_names_its_argument_once(runner: CliRunner) -> None:
    result = runner.invoke(app, ["compare", "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert result.stdout.count("HYP REF [REF...]") == 2, result.stdout  # usage + panel


def test_the_metavar_override_leaves_a_typer_whose_name_is_no_property(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A later typer with display_name_raw as a plain method would get a property that
    calls .fget on it, and every help and "Missing argument" error would fail."""
    import typer.core

    from cli import help_style

    def display_name_raw(self: object) -> str:
        return "PATH"

    fake = type(
        "TyperArgument",
        (),
        {
            "display_type_rich": lambda self, ctx: "<str>",
            "display_name_raw": display_name_raw,
            "get_error_hint": lambda self: "'PATH'",
            "_usage_display_name": lambda self: "PATH",
        },
    )
    monkeypatch.setattr(typer.core, "TyperArgument", fake)
    help_style._arguments_show_their_metavar()
    assert fake.__dict__["display_name_raw"] is display_name_raw


def test_an_argument_error_names_the_metavar(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # The help's "PATH..." is no name for the one argument missing.
    line = _usage_error(monkeypatch, capsys, ["audit"])
    assert line.startswith("mtaudit: error: Missing argument 'PATH' "), line
    line = _usage_error(monkeypatch, capsys, ["history", "show", "x"])
    assert line.startswith("mtaudit: error: Invalid value for 'RUN_ID': "), line


@pytest.mark.parametrize("command", ["show", "accept"])
@pytest.mark.parametrize(
    ("run_id", "said"),
    [
        ("99999999999999999999", "too large for a history"),
        ("0", "runs are numbered from 1"),
        ("x", "a whole number, or latest"),
    ],
)
def test_a_run_id_that_is_none_is_a_usage_error(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    isolated_cwd: Path,
    command: str,
    run_id: str,
    said: str,
) -> None:
    """`history show 99999999999999999999` stopped with "internal error: OverflowError"
    (too large for SQLite's INTEGER) after opening the history."""
    Path("a.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    recorded = CliRunner().invoke(app, ["audit", "a.txt", "--no-lm", "--history", "h.db"])
    assert recorded.exit_code in (0, 1), recorded.output
    argv = ["history", command, run_id, "--history", "h.db", "--isolated"]
    line = _usage_error(monkeypatch, capsys, argv)
    assert line == (
        f"mtaudit: error: Invalid value for 'RUN_ID': '{run_id}' is not a run id ({said}) "
        f"(see `mtaudit history {command} --help`)"
    ), line


@pytest.mark.parametrize("command", [["audit", "a.txt", "--no-lm"], ["config"]])
def test_an_allowed_phrase_that_is_not_utf8_is_a_usage_error(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    isolated_cwd: Path,
    command: list[str],
) -> None:
    """`--allow $'caf\\xe9'` typed in a Latin-1 terminal stopped the run with "internal
    error: UnicodeEncodeError" (the run's signature hashes the phrases)."""
    Path("a.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    line = _usage_error(monkeypatch, capsys, [*command, "--allow", os.fsdecode(b"caf\xe9")])
    assert "Invalid value for '--allow': 'caf\\xe9' is not UTF-8 text" in line, line


def test_an_error_names_a_file_that_is_not_utf8_as_the_reports_do(
    runner: CliRunner, isolated_cwd: Path
) -> None:
    # The line said "c\udce9.toml", where a report names such a file "c\xe9.txt".
    Path("a.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    argv = ["audit", "a.txt", "--no-lm", "--config", os.fsdecode(b"c\xe9.toml")]
    result = runner.invoke(app, argv)
    assert result.exit_code == 2, result.output
    assert result.stderr == "mtaudit: error: c\\xe9.toml: config file not found\n"


@pytest.mark.parametrize("name", ["", *COMMANDS, "history", "history accept", "history prune"])
def test_dash_h_is_help(runner: CliRunner, name: str) -> None:
    # `mtaudit audit -h` was "No such option: -h".
    short = runner.invoke(app, [*name.split(), "-h"], env={"COLUMNS": "160"})
    long = runner.invoke(app, [*name.split(), "--help"], env={"COLUMNS": "160"})
    assert short.exit_code == 0 and short.stdout == long.stdout, short.output


@pytest.mark.parametrize(
    "argv",
    [
        *(argv for name, argv in COMMANDS.items() if name != "rules"),
        ["history", "accept", "1", "--history", "h.sqlite"],
        ["history", "prune", "--older-than", "9d", "--history", "h.sqlite"],
    ],
)
def test_config_and_isolated_together_are_refused(
    runner: CliRunner, isolated_cwd: Path, argv: list[str]
) -> None:
    """`--config gate.toml --isolated` read gate.toml and gated on it, though
    --isolated promises that no config file is read."""
    Path("gate.toml").write_text("fail_over = 0.1\n", encoding="utf-8")
    result = runner.invoke(app, [*argv, "--config", "gate.toml", "--isolated"])
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        "mtaudit: error: --config and --isolated contradict each other (--isolated reads "
        "no config file); pass one of them\n"
    )


def _every_command(command: Any, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """The path of every command that runs. Groups (mtaudit, history) are left out: their
    help lists the subcommands, whose lines rightly name the subcommands' flags."""
    if not hasattr(command, "commands"):
        return [path]
    return [p for name, sub in command.commands.items() for p in _every_command(sub, (*path, name))]


def _flags_taken(path: tuple[str, ...]) -> set[str]:
    return {"--help"} | {
        f for p in _command(" ".join(path)).params for f in (*p.opts, *p.secondary_opts)
    }


def _flags_named_in_help(runner: CliRunner, path: tuple[str, ...]) -> set[str]:
    result = runner.invoke(app, [*path, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    return set(re.findall(r"--[a-z][a-z-]*", result.stdout))


# history accept's help is about the flags of the audit it accepts findings from
# (--fail-on, --fail-over, --new-only), which it rightly does not take itself.
HELP_ABOUT_ANOTHER_COMMAND = {("history", "accept")}


@pytest.mark.parametrize(
    "path",
    [p for p in _every_command(typer.main.get_command(app)) if p not in HELP_ABOUT_ANOTHER_COMMAND],
    ids=" ".join,
)
def test_help_names_only_flags_its_command_takes(runner: CliRunner, path: tuple[str, ...]) -> None:
    """fluency's --since help said dates are "in --tz", a flag fluency does not take; a
    help text shared between commands can make the same mistake in any of them."""
    named = _flags_named_in_help(runner, path)
    assert named <= _flags_taken(path), sorted(named - _flags_taken(path))


def test_history_accept_still_needs_its_exemption(runner: CliRunner) -> None:
    """Were accept's help to stop naming audit's flags, or accept to take them, the
    exemption above would hide nothing and should go."""
    path = ("history", "accept")
    assert _flags_named_in_help(runner, path) - _flags_taken(path)
