from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from audits.allow_list import allows
from audits.config import AuditConfig, find_config_file, load_config
from audits.document import Severity
from audits.engine import audit_documents
from audits.errors import ConfigError
from audits.sources.text import document_from_text
from cli.app import app


def test_mtaudit_toml_is_found_walking_up_and_flags_override(tmp_path: Path) -> None:
    (tmp_path / "mtaudit.toml").write_text(
        'ignore = ["T104"]\nfail-over = 0.8\nallow = ["Jolicoeur"]\n'
        'severity = { T101 = "info" }\nlm = false\n'
    )
    article = tmp_path / "feed" / "a.txt"
    article.parent.mkdir()
    article.write_text("An article.\n")
    config = load_config([str(article)], overrides={"fail_over": 0.5, "select": None})
    assert config.ignore == ["T104"]
    assert config.fail_over == 0.5 and config.origin("fail_over") == "command line"
    assert config.origin("ignore") == str(tmp_path / "mtaudit.toml")
    assert config.severity == {"T101": Severity.INFO}
    assert config.origin("select") == "default"


def test_pyproject_tool_table(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.mtaudit]\nselect = ["C", "N"]\n')
    assert find_config_file([str(tmp_path)]) == tmp_path / "pyproject.toml"
    assert load_config([str(tmp_path)]).select == ["C", "N"]
    (tmp_path / "pyproject.toml").write_text("[tool.other]\nx = 1\n")
    assert load_config([str(tmp_path)], discover=True).select is None


@pytest.mark.parametrize(
    "content, message",
    [
        ("selct = ['C']\n", "unknown setting `selct`"),
        ("fail_over = 'high'\n", "wrong type"),
        ("fail_over = 3\n", "between 0 and 1"),
        ("severity = { T101 = 'loud' }\n", "severity must be"),
        # Python's words for a number there: "('1' is not a valid Severity)".
        ("severity = { T101 = 1 }\n", r"severity must be info, warning or error \(T101 = 1\)$"),
        ("severity = { T = true }\n", r"severity must be info, warning or error \(T = true\)$"),
        ("select = [\n", "invalid TOML"),
        # Two spellings of one key: the later one won unsaid.
        ("fail-over = 0.8\nfail_over = 0.9\n", r"`fail_over` is set twice \(as `fail-over` and"),
        ("severity = {}\nseverities = {}\n", "`severity` is set twice"),
        # A list with one item that is no string read "(list; expected a list of
        # strings)": a list was what it said it wanted.
        ("select = ['C', 1]\n", r"`select` has the wrong type \(a list holding int 1;"),
        ("allow = [['Kyiv']]\n", r"`allow` has the wrong type \(a list holding list \[\"Kyiv\"\];"),
        # As the file spells it: Python's repr wrote true as True.
        ("fail_on = ['C', true]\n", r"`fail_on` has the wrong type \(a list holding bool true;"),
    ],
)
def test_bad_config_is_a_clear_error(tmp_path: Path, content: str, message: str) -> None:
    (tmp_path / "mtaudit.toml").write_text(content)
    with pytest.raises(ConfigError, match=message):
        load_config([str(tmp_path)])


@pytest.mark.parametrize(
    "content, message",
    [
        (b"[tool.mtaudit]\nfail_over = 0.999\n\n[project\n", "invalid TOML"),
        (b"[tool.mtaudit]\nallow = ['caf\xe9']\n", "cannot read config file"),
        # UTF-16 and UTF-32 (with a mark or without) were searched for the table as
        # bytes, where a NUL sits beside every letter, and skipped.
        ("[tool.mtaudit]\nfail_over = \n".encode("utf-16"), "invalid TOML"),
        ("[tool.mtaudit]\nfail_over = \n".encode("utf-16-le"), "invalid TOML"),
        ("[tool.mtaudit]\nfail_over = \n".encode("utf-32-be"), "invalid TOML"),
        (
            "[tool.mtaudit]\nallow = ['".encode("utf-16-le") + b"\x00\xd8'\x00]\x00",
            "cannot read config file",
        ),
    ],
    ids=["utf-8", "not-utf-8", "utf-16-bom", "utf-16-le", "utf-32-be", "utf-16-surrogate"],
)
def test_a_broken_pyproject_with_our_table_is_an_error_not_skipped(
    tmp_path: Path, content: bytes, message: str
) -> None:
    # Skipping it would fall through to the folders above and drop its gates unseen.
    (tmp_path / "mtaudit.toml").write_text("fail_over = 0.5\n")
    project = tmp_path / "q"
    (project / "sub").mkdir(parents=True)
    (project / "pyproject.toml").write_bytes(content)
    with pytest.raises(ConfigError, match=message) as caught:
        load_config([str(project / "sub" / "a.txt")])
    assert str(project / "pyproject.toml") in str(caught.value)


def test_a_broken_pyproject_of_someone_else_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "mtaudit.toml").write_text("fail_over = 0.5\n")
    (tmp_path / "q").mkdir()
    (tmp_path / "q" / "pyproject.toml").write_text("[tool.black]\nline-length = \n")
    assert find_config_file([str(tmp_path / "q")]) == tmp_path / "mtaudit.toml"


def test_with_several_inputs_the_first_with_a_config_above_it_decides(tmp_path: Path) -> None:
    """One config file serves a run, found from the inputs in the order given (the
    README said only "the nearest folder wins", which two inputs can read either way)."""
    for folder, fail_over in (("site", "0.3"), ("site/deep/er", None), ("other", "0.9")):
        (tmp_path / folder).mkdir(parents=True, exist_ok=True)
        if fail_over:
            (tmp_path / folder / "mtaudit.toml").write_text(f"fail_over = {fail_over}\n")
    deep, near = str(tmp_path / "site" / "deep" / "er"), str(tmp_path / "other")
    assert find_config_file([deep, near]) == tmp_path / "site" / "mtaudit.toml"
    assert find_config_file([near, deep]) == tmp_path / "other" / "mtaudit.toml"


def test_a_tool_mtaudit_table_in_mtaudit_toml_says_where_settings_go(tmp_path: Path) -> None:
    """pyproject.toml's [tool.mtaudit] copied into mtaudit.toml read "unknown setting
    `tool` (known: allow, batch_size, ...)", which did not say what was wrong."""
    (tmp_path / "mtaudit.toml").write_text('[tool.mtaudit]\nselect = ["C"]\n')
    with pytest.raises(ConfigError) as caught:
        load_config([str(tmp_path)])
    assert str(caught.value) == (
        f"{tmp_path / 'mtaudit.toml'}: [tool.mtaudit] is a table for pyproject.toml; "
        "in mtaudit.toml the settings stand at the top, under no table"
    )


def test_an_mtaudit_toml_that_cannot_be_read_is_an_error_not_passed_over(
    tmp_path: Path,
) -> None:
    """A broken link named mtaudit.toml (a dotfiles checkout without its target), or a
    folder so named, was passed over unsaid: the run went on with the file above it, or
    with the defaults, and without the gates it was meant to set."""
    (tmp_path / "mtaudit.toml").write_text("fail_over = 0.5\n", encoding="utf-8")
    project = tmp_path / "q"
    project.mkdir()
    (project / "a.txt").write_text("The minister spoke.\n", encoding="utf-8")
    (project / "mtaudit.toml").symlink_to(tmp_path / "gone.toml")
    assert find_config_file([str(project)]) == project / "mtaudit.toml"
    with pytest.raises(ConfigError, match=r"mtaudit\.toml: config file not found"):
        load_config([str(project)])
    result = CliRunner().invoke(app, ["audit", str(project / "a.txt"), "--no-lm", "-q"])
    assert result.exit_code == 2
    assert result.stderr.strip().endswith("mtaudit.toml: config file not found")
    (project / "mtaudit.toml").unlink()
    (project / "mtaudit.toml").mkdir()
    with pytest.raises(ConfigError, match="cannot read config file"):
        load_config([str(project)])


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_found_mtaudit_toml_that_is_a_pipe_or_a_device_is_refused_unread(
    tmp_path: Path,
) -> None:
    """Found since a broken link counts as found: a pipe named mtaudit.toml was read and
    the run waited on it for ever, and a link to /dev/null read as an empty config."""
    own = tmp_path / "mtaudit.toml"
    os.mkfifo(own)
    with pytest.raises(ConfigError, match=r"cannot read config file \(not a regular file\)$"):
        find_config_file([str(tmp_path)])
    own.unlink()
    own.symlink_to(os.devnull)
    with pytest.raises(ConfigError, match="not a regular file"):
        find_config_file([str(tmp_path)])


@pytest.mark.parametrize(
    "name, body", [("mtaudit.toml", ""), ("pyproject.toml", "[tool.mtaudit]\n")]
)
def test_a_byte_order_mark_is_accepted(tmp_path: Path, name: str, body: str) -> None:
    (tmp_path / name).write_bytes(("\ufeff" + body + "fail_over = 0.7\n").encode("utf-8"))
    assert load_config([str(tmp_path)]).fail_over == 0.7


@pytest.mark.parametrize(
    "content, message",
    [
        ("[tool]\nmtaudit = 5\n", "`tool.mtaudit` must be a table"),
        ("tool = 5\n", "`tool` must be a table"),
    ],
)
def test_tool_tables_that_are_not_tables_are_config_errors(
    tmp_path: Path, content: str, message: str
) -> None:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(content)
    with pytest.raises(ConfigError, match=message):
        load_config([], explicit=str(pyproject))


def test_discovery_tells_a_non_table_mtaudit_from_no_mtaudit(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool]\nmtaudit = 5\n")
    with pytest.raises(ConfigError, match=f"{tmp_path / 'pyproject.toml'}: `tool.mtaudit`"):
        load_config([str(tmp_path)])
    # `tool = 5` says nothing about mtaudit: not ours, like any other pyproject.toml.
    (tmp_path / "pyproject.toml").write_text("tool = 5\n")
    assert find_config_file([str(tmp_path)]) is None


@pytest.mark.parametrize(
    "key",
    [
        "http_connect_timeout",
        "http_read_timeout",
        "http_total_timeout",
        "http_backoff",
        "fluency_percentile",
        "fail_over",
        "ray_batch_timeout",
    ],
)
@pytest.mark.parametrize("value", ["nan", "inf", "-inf"])
def test_non_finite_numbers_are_config_errors(tmp_path: Path, key: str, value: str) -> None:
    """NaN passed every `<= 0` check and failed at fetch time as an internal error."""
    (tmp_path / "mtaudit.toml").write_text(f"{key} = {value}\n")
    with pytest.raises(ConfigError, match=key):
        load_config([str(tmp_path)])


@pytest.mark.parametrize("value", ["0", "-5", "'600'"])
def test_a_ray_batch_timeout_is_a_positive_number(tmp_path: Path, value: str) -> None:
    """A Ray worker that never answers is killed after this many seconds: none, or a
    negative number, would take every worker for hung at once."""
    (tmp_path / "mtaudit.toml").write_text(f"ray-batch-timeout = {value}\n")
    with pytest.raises(ConfigError, match="ray_batch_timeout"):
        load_config([str(tmp_path)])
    (tmp_path / "mtaudit.toml").write_text("ray-batch-timeout = 60\n")
    assert load_config([str(tmp_path)]).ray_batch_timeout == 60.0


def test_a_non_finite_timeout_names_its_file(tmp_path: Path) -> None:
    (tmp_path / "mtaudit.toml").write_text("http_total_timeout = nan\n")
    with pytest.raises(ConfigError, match=r"finite number, not nan \(from .*mtaudit\.toml\)"):
        load_config([str(tmp_path)])


@pytest.mark.parametrize(
    "content, message",
    [
        ('input_kind = "pdf"\n', "input_kind must be one of"),
        ('dtype = "fp16"\n', "dtype must be auto, fp32 or bf16"),
        ('device = "gpu"\n', "device must be cpu, cuda"),
        ("jobs = 0\n", "jobs must be at least 1, not 0"),
        ("context_sentences = -1\n", "context_sentences must be at least 0, not -1"),
        ("http_retries = -1\n", "http_retries must not be negative"),
        ('select = ["Q"]\n', "select"),
        ('ignore = ["Q"]\n', "ignore"),
        ('fail_on = ["Q"]\n', "fail_on"),
    ],
)
def test_a_bad_value_names_the_config_file_it_came_from(
    runner: CliRunner, tmp_path: Path, content: str, message: str
) -> None:
    # The editor typed none of this: a file above the articles did, and the error
    # must say which, or it reads as a mistake in the command line.
    (tmp_path / "mtaudit.toml").write_text(content)
    article = tmp_path / "a.txt"
    article.write_text("The council met on Monday.\n", encoding="utf-8")
    result = runner.invoke(app, ["audit", str(article), "--no-lm"])
    assert result.exit_code == 2
    (line,) = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert message in line and f"(from {tmp_path / 'mtaudit.toml'})" in line, line


def test_a_bad_value_on_the_command_line_says_so(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "mtaudit.toml").write_text('select = ["C"]\n')
    result = runner.invoke(app, ["config", str(tmp_path), "--input-kind", "pdf"])
    assert result.exit_code == 2
    assert "input_kind must be one of" in result.stderr
    assert "(from the command line)" in result.stderr


# --- precedence, severities, allow-list --------------------------------------------

MOJIBAKE_ARTICLE = (
    "The cafÃ© on Khreshchatyk reopened on Monday, the cafÃ© owner told the Kyiv Post.\n"
)

CALQUE_ARTICLE = "The meeting took place in the frame of the summit. It is question of a new law.\n"


def test_defaults_then_file_then_flags(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        "[tool.mtaudit]\n"
        'select = ["S"]\nfail_on = ["S500"]\nformat = "markdown"\n'
        'outputs = ["reports/audit.sarif"]\nfluency-percentile = 2.5\n'
    )
    config = load_config([str(tmp_path)], overrides={"format": "html", "fail_on": None, "jobs": 2})
    assert (config.format, config.origin("format")) == ("html", "command line")
    assert (config.fail_on, config.origin("fail_on")) == (
        ["S500"],
        str(tmp_path / "pyproject.toml"),
    )
    assert (config.jobs, config.origin("jobs")) == (2, "command line")
    assert (config.batch_size, config.origin("batch_size")) == (16, "default")
    assert config.fluency_percentile == 2.5
    assert config.outputs == ["reports/audit.sarif"]
    isolated = load_config([str(tmp_path)], discover=False)
    assert isolated.format is None and isolated.origin("select") == "default"


def test_mtaudit_toml_beats_pyproject_in_the_same_folder(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.mtaudit]\nselect = ["C"]\n')
    (tmp_path / "mtaudit.toml").write_text('select = ["S"]\n')
    assert load_config([str(tmp_path)]).select == ["S"]


def test_severity_by_code_or_prefix() -> None:
    config = AuditConfig(
        severity={"S": Severity.INFO, "S50": Severity.WARNING, "S500": Severity.ERROR}
    )
    assert config.severity_for("S500") == Severity.ERROR
    assert config.severity_for("S501") == Severity.WARNING
    assert config.severity_for("S520") == Severity.INFO
    assert config.severity_for("C201") is None
    assert AuditConfig(severity={"ALL": Severity.INFO}).severity_for("C201") == Severity.INFO


def test_a_severity_code_is_read_as_the_flags_read_codes(tmp_path: Path) -> None:
    """`severity = { " c201 " = "error" }` passed the code check (which strips) but was
    kept as " C201 ", which no finding's code starts with: the severity was left as it
    was, without a word. Two spellings of one code (`C201` and `c201`): the later won."""
    (tmp_path / "mtaudit.toml").write_text('severity = { " c201 " = "error" }\n')
    config = load_config([str(tmp_path)])
    assert config.severity == {"C201": Severity.ERROR}
    assert config.severity_for("C201") == Severity.ERROR
    (tmp_path / "mtaudit.toml").write_text('severity = { C201 = "info", c201 = "error" }\n')
    with pytest.raises(ConfigError, match=r"severity sets C201 twice \('C201' and 'c201'\)"):
        load_config([str(tmp_path)])


@pytest.mark.parametrize("key", ["french-calque", "FRENCH-CALQUE", "C201", "c201"])
def test_a_severity_key_may_be_a_rules_name_or_its_code(tmp_path: Path, key: str) -> None:
    """`severity = { french-calque = "error" }` passed the code check (which reads a
    name as its code) but was kept as FRENCH-CALQUE, which no finding's code starts
    with: the C201 findings stayed warnings, without a word."""
    (tmp_path / "mtaudit.toml").write_text(f'lm = false\nseverity = {{ {key} = "error" }}\n')
    config = load_config([str(tmp_path)])
    assert config.severity == {"C201": Severity.ERROR}
    doc = document_from_text(CALQUE_ARTICLE, "a.txt", keep_text=True)
    findings = audit_documents([doc], config).documents[0].findings
    assert [str(f.severity) for f in findings if f.code == "C201"] == ["error", "error"]


def test_a_rules_name_and_its_code_are_one_severity_key(tmp_path: Path) -> None:
    (tmp_path / "mtaudit.toml").write_text(
        'severity = { french-calque = "info", C201 = "error" }\n'
    )
    with pytest.raises(
        ConfigError, match=r"severity sets C201 twice \('french-calque' and 'C201'\)"
    ):
        load_config([str(tmp_path)])


def test_severity_and_allow_list_reach_the_findings() -> None:
    doc = document_from_text(MOJIBAKE_ARTICLE, "cafe.txt", keep_text=True)
    plain = audit_documents([doc], AuditConfig(lm=False)).documents[0].findings
    assert [(f.code, str(f.severity)) for f in plain] == [("S500", "info"), ("S500", "info")]
    loud = audit_documents([doc], AuditConfig(lm=False, severity={"S": Severity.ERROR}))
    assert {str(f.severity) for f in loud.documents[0].findings} == {"error"}
    # An allowed phrase silences findings inside it, and only there.
    allowed = audit_documents([doc], AuditConfig(lm=False, allow=["the CAFÃ© owner"]))
    (left,) = allowed.documents[0].findings
    assert left.start == MOJIBAKE_ARTICLE.index("Ã©")
    assert audit_documents([doc], AuditConfig(lm=False, allow=["Ã©"])).documents[0].findings == []


@pytest.mark.parametrize(
    "settings, message",
    [
        ({"fail_on": ["S5O0"]}, "fail_on: unknown rule code or prefix 'S5O0'"),
        ({"severity": {"Q1": Severity.INFO}}, "severity: unknown rule code or prefix 'Q1'"),
        # An empty entry (an unset variable in a CI template) named no rule, and the
        # rule gate silently passed everything.
        ({"fail_on": [""]}, "fail_on: an empty rule code"),
        ({"fail_on": " , "}, "fail_on: an empty rule code"),
        ({"fail_on": ["C201", ""]}, "fail_on: an empty rule code"),
    ],
)
def test_codes_in_settings_must_exist(settings: dict, message: str) -> None:
    doc = document_from_text(MOJIBAKE_ARTICLE, "cafe.txt", keep_text=True)
    with pytest.raises(ConfigError, match=message):
        audit_documents([doc], AuditConfig(lm=False, **settings))


@pytest.mark.parametrize("select", [[], [" "], ""])
def test_an_empty_select_is_refused_not_read_as_the_default_rules(select: object) -> None:
    # `select = []` ran the default rules, while reading as "no rules"; both
    # meanings have their own spelling (leave it out; ignore = ["ALL"]).
    doc = document_from_text(MOJIBAKE_ARTICLE, "cafe.txt", keep_text=True)
    with pytest.raises(ConfigError, match=r"select.*empty.*leave select out for the default.*ALL"):
        audit_documents([doc], AuditConfig(lm=False, select=select))
    assert audit_documents([doc], AuditConfig(lm=False, ignore=["ALL"])).documents[0].findings == []


def test_an_empty_select_in_a_config_file_is_a_usage_error(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from cli.app import app

    (tmp_path / "mtaudit.toml").write_text("select = []\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text(MOJIBAKE_ARTICLE, encoding="utf-8")
    for command in ("audit", "config"):
        result = CliRunner().invoke(app, [command, str(tmp_path / "a.txt"), "--no-lm"])
        assert result.exit_code == 2 and "select is empty" in result.stderr, result.output
        # Where it came from, as every refused value says: the line named no file.
        assert result.stderr.rstrip().endswith(f"(from {tmp_path / 'mtaudit.toml'})")


def test_cache_dir_is_relative_to_the_config_file_like_every_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from audits.lm import factory
    from audits.lm.paths import cache_dir_of

    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "mtaudit.toml").write_text('cache_dir = "cc2"\n')
    monkeypatch.chdir(tmp_path)  # not the config's folder: cc2 must not land here
    config = load_config(["site"])
    expected = tmp_path / "site" / "cc2"
    assert cache_dir_of(config) == expected
    # The names detector keeps its lost-letter index there.
    from audits.detectors.names import NameDetector

    NameDetector().preload(config)
    assert list(expected.glob("lost-letters-*.pickle"))
    seen: list[Path] = []

    def fake_load_model(
        spec: object, device: str, dtype: str, cache_dir: Path, **_: object
    ) -> None:
        seen.append(cache_dir)
        raise LookupError("stop here")

    monkeypatch.setattr(factory, "load_model", fake_load_model)
    with pytest.raises(LookupError):
        factory.build_scorer(config)
    assert seen == [expected]


def test_a_home_folder_path_in_a_config_file_is_the_home_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `~` was joined to the config's folder: a folder literally named "~" beside it.
    from audits.lm.preflight import model_spec
    from cli.audit_cmd import report_outputs

    home = tmp_path / "home"
    monkeypatch.setenv("HOME", str(home))
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "mtaudit.toml").write_text(
        'cache_dir = "~/.cache/mt"\nhistory = "~/mt.db"\nmodel = "~/models/small.gguf"\n'
        'outputs = ["json:~/reports/mt.json"]\n'
    )
    config = load_config([str(tmp_path / "site")])
    assert config.resolved_path("cache_dir") == str(home / ".cache" / "mt")
    assert config.resolved_path("history") == str(home / "mt.db")
    assert model_spec(config) == str(home / "models" / "small.gguf")
    assert report_outputs(config) == [f"json:{home / 'reports' / 'mt.json'}"]


def test_a_fail_over_of_minus_zero_is_zero() -> None:
    # `fail_over = -0.0` in mtaudit.toml: the JSON report's threshold read -0.0.
    from audits.config import validate

    config = AuditConfig(fail_over=-0.0)
    assert str(validate(config).fail_over) == "0.0"


def test_a_blank_allow_phrase_is_an_error(tmp_path: Path) -> None:
    """--allow "$A $B" with both unset gave the phrase " ", which every finding with a
    space in its text contains: the findings were dropped and the gate passed. And
    --allow "" replaced the config file's list with nothing, without a word."""
    # The matcher itself now reads a blank phrase as nothing (it compares words, not
    # spaces), but the config still refuses one: it is a mistake to report.
    assert not allows([" "], "Sergey Lavrov")
    for phrase in (" ", ""):
        with pytest.raises(ConfigError) as caught:
            load_config([str(tmp_path)], overrides={"allow": ["Kyiv", phrase]})
        assert str(caught.value) == (
            f"allow holds a blank phrase ({phrase!r}), which names nothing to allow (an unset "
            "variable?); give names or phrases, or leave it out (from the command line)"
        )
    (tmp_path / "mtaudit.toml").write_text('allow = ["Kyiv", "\\t"]\n')
    with pytest.raises(ConfigError, match=r"blank phrase \('\\t'\).*\(from .*mtaudit.toml\)"):
        load_config([str(tmp_path)])


@pytest.mark.parametrize("key", ["history", "verdict_model", "cache_dir", "model", "format"])
@pytest.mark.parametrize("value, said", [("", "empty"), ("   ", "blank ('   ')")])
def test_an_empty_path_or_name_in_a_config_file_is_an_error(
    tmp_path: Path, key: str, value: str, said: str
) -> None:
    """history = "" (a templated file whose variable was unset) recorded no history,
    and an empty model, cache folder, verdict model or format fell back to the
    default, each without a word: the command line's empty paths are refused too.
    history = "   " made a database named with three spaces beside the config file."""
    (tmp_path / "mtaudit.toml").write_text(f'{key} = "{value}"\n')
    with pytest.raises(ConfigError) as caught:
        load_config([str(tmp_path)])
    assert str(caught.value) == (
        f"{key} is {said} (an unset variable?); leave it out for the default "
        f"(from {tmp_path / 'mtaudit.toml'})"
    )


@pytest.mark.parametrize(
    ("line", "key"),
    [
        ('history = "h\\u0000.sqlite"', "history"),
        ('verdict_model = "v\\u0000.json"', "verdict_model"),
        ('cache_dir = "c\\u0000"', "cache_dir"),
        ('model = "m\\u0000"', "model"),
        ('outputs = ["r\\u0000.json"]', "outputs"),
    ],
)
def test_a_nul_in_a_path_setting_is_refused_in_one_line(
    tmp_path: Path, line: str, key: str
) -> None:
    """TOML writes a NUL as \\u0000, which no file name can hold: `history`, `outputs`
    and `verdict_model` so spelt ended in "internal error: ValueError: embedded null
    byte", and `cache_dir` and `model` waited for the model to be loaded."""
    from typer.testing import CliRunner

    from cli.app import app

    (tmp_path / "mtaudit.toml").write_text(f"lm = false\n{line}\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text(MOJIBAKE_ARTICLE, encoding="utf-8")
    result = CliRunner().invoke(app, ["audit", str(tmp_path / "a.txt"), "-q"])
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        f"mtaudit: error: {key} holds a NUL character, which no file name can hold "
        f"(from {tmp_path / 'mtaudit.toml'})\n"
    )


@pytest.mark.parametrize("key", ["history", "verdict_model", "cache_dir", "model"])
def test_a_dash_for_a_file_in_a_config_file_is_an_error(tmp_path: Path, key: str) -> None:
    """history = "-" made a database named "-" beside the config file, while
    `--history -` is refused: "-" is neither stdin nor stdout for the run's own files."""
    (tmp_path / "mtaudit.toml").write_text(f'{key} = "-"\n')
    with pytest.raises(ConfigError) as caught:
        load_config([str(tmp_path)])
    assert str(caught.value) == (
        f"{key} '-' names no file (it is not stdin or stdout here); for a file named '-', "
        f"write ./- (from {tmp_path / 'mtaudit.toml'})"
    )
    assert list(tmp_path.iterdir()) == [tmp_path / "mtaudit.toml"]


def test_an_empty_output_in_a_config_file_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "mtaudit.toml").write_text('outputs = ["a.json", ""]\n')
    with pytest.raises(ConfigError, match=r"^outputs holds an empty path \(an unset variable"):
        load_config([str(tmp_path)])


@pytest.mark.parametrize("body", ["fail_over = 0.1\n", "[tool.black]\nline-length = 88\n", ""])
def test_a_named_pyproject_without_our_table_is_an_error(tmp_path: Path, body: str) -> None:
    """`--config pyproject.toml` whose settings sat at the top (or nowhere): nothing of
    it was read, and the gate ran on the defaults without a word."""
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError, match=r"pyproject.toml: no \[tool.mtaudit\] table"):
        load_config([str(tmp_path)], pyproject)
    pyproject.write_text(body + "\n[tool.mtaudit]\n", encoding="utf-8")
    assert load_config([str(tmp_path)], pyproject).fail_over is None


def test_a_cache_dir_that_is_a_file_is_refused_before_any_work(tmp_path: Path) -> None:
    """`cache_dir = "notes.txt"` (a file) kept no cache without a word in a run without
    the model, and failed only when the model was to be loaded; every other path
    setting of the wrong kind is refused before any work."""
    (tmp_path / "notes.txt").write_text("x\n", encoding="utf-8")
    (tmp_path / "mtaudit.toml").write_text('cache_dir = "notes.txt"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path / "a.txt")
    notes = tmp_path / "notes.txt"
    assert str(caught.value) == (
        f"cache_dir {notes}: {notes} is a file, not a directory (from {tmp_path / 'mtaudit.toml'})"
    )
    with pytest.raises(ConfigError, match="is a file, not a directory"):
        load_config(tmp_path / "a.txt", overrides={"cache_dir": f"{notes}/"}, discover=False)
    # A folder, there or not yet, is what it takes.
    for folder in (tmp_path, tmp_path / "new-cache"):
        assert load_config(tmp_path / "a.txt", overrides={"cache_dir": str(folder)}).cache_dir


def test_a_cache_folder_from_the_environment_that_is_a_file_is_refused_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """$MTAUDIT_CACHE_DIR naming a file kept no cache without a word in a run without
    the model (exit 0, N303's index rebuilt every run), where `cache_dir` so set is
    refused before any work."""
    notes = tmp_path / "notes.txt"
    notes.write_text("x\n", encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text("The minister spoke on Tuesday.\n", encoding="utf-8")
    monkeypatch.setenv("MTAUDIT_CACHE_DIR", str(notes))
    with pytest.raises(ConfigError) as caught:
        load_config(article, discover=False)
    assert str(caught.value) == (
        f"cache_dir {notes}: {notes} is a file, not a directory (from $MTAUDIT_CACHE_DIR)"
    )
    result = CliRunner().invoke(app, ["audit", str(article), "--no-lm", "--isolated", "-q"])
    assert result.exit_code == 2
    assert result.stderr.strip().endswith("is a file, not a directory (from $MTAUDIT_CACHE_DIR)")
    # The setting wins over the variable, so a folder given there is what counts.
    folder = str(tmp_path / "cache")
    assert load_config(article, overrides={"cache_dir": folder}, discover=False).cache_dir


@pytest.mark.parametrize(
    "encoding",
    ["utf-8-sig", "utf-16", "utf-32", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"],
)
def test_a_config_file_is_read_as_its_byte_order_mark_says(tmp_path: Path, encoding: str) -> None:
    """PowerShell 5's `echo 'fail_over = 0.7' > mtaudit.toml` writes UTF-16 with a BOM,
    which was refused as "not UTF-8: byte 0xff at position 0"; a baseline so written
    was read by its BOM already. Without a BOM (`iconv -t UTF-16LE`), UTF-16 and UTF-32
    were refused as "invalid TOML" (a NUL beside every letter); they are told by where
    the first letter's NULs fall. A file that is not UTF-8 and has no BOM still is."""
    (tmp_path / "mtaudit.toml").write_bytes(
        'fail_over = 0.7\nallow = ["Jolicœur"]\n'.encode(encoding)
    )
    config = load_config([str(tmp_path)])
    assert (config.fail_over, config.allow) == (0.7, ["Jolicœur"])
    (tmp_path / "mtaudit.toml").write_bytes('allow = ["Jolicoeur, Zürich"]\n'.encode("latin-1"))
    with pytest.raises(ConfigError, match="not UTF-8"):
        load_config([str(tmp_path)])


@pytest.mark.parametrize(
    "written",
    ['select = "C,N"\nfail_on = "c201"', 'select = ["C,N"]\nfail_on = ["c201"]'],
)
def test_codes_in_one_string_are_read_as_the_flags_read_them(tmp_path: Path, written: str) -> None:
    # `select = "C,N"` ran C and N, but the signature (and `config`) recorded the one
    # code "C,N", unlike `--select C,N` or `select = ["C", "N"]`, so the runs did not match.
    (tmp_path / "mtaudit.toml").write_text(f"{written}\nlm = false\n")
    article = tmp_path / "a.txt"
    article.write_text("The council met on Tuesday and agreed to raise parking charges.\n")
    config = load_config([str(article)])
    assert (config.select, config.fail_on) == (["C", "N"], ["C201"])
    result = CliRunner().invoke(app, ["audit", str(article), "-f", "json"])
    assert json.loads(result.stdout)["signature"]["rules"]["select"] == ["C", "N"]
