"""The `audit` command end to end, through typer's runner and the installed entry point."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from audits.errors import OutputError, UsageError
from audits.gate import GateResult
from audits.history import HistoryStore
from cli.app import app
from tests.conftest import SAMPLES, SEED, on_a_terminal, run_redirected
from tests.folder_permissions import without_search_permission

NO_LM = ["--no-lm", "--isolated"]


def audit_json(runner: CliRunner, *args: str) -> tuple[int, dict]:
    result = runner.invoke(app, ["audit", *args, *NO_LM, "--format", "json"])
    return result.exit_code, json.loads(result.stdout)


@pytest.mark.parametrize(
    "path, expected_docs",
    [
        (SEED, 1),
        (SAMPLES / "berlin-heating-law.html", 1),
        (SAMPLES / "articles.jsonl", 3),
        (SAMPLES / "world-desk.rss", 3),
        (SAMPLES / "europe-briefing.atom", 2),
        (SAMPLES, 10),
    ],
)
def test_each_input_kind_gives_a_json_report(
    runner: CliRunner, path: Path, expected_docs: int
) -> None:
    code, report = audit_json(runner, str(path))
    assert code in (0, 1)
    assert report["schema"] == "mtaudit/1"
    assert report["tool"]["name"] == "mtaudit"
    assert report["summary"]["documents"] == expected_docs
    assert report["summary"]["errors"] == 0
    for doc in report["documents"]:
        assert doc["status"] == "ok" and doc["error"] is None
        assert set(doc["verdict"]) >= {
            "machine_translated",
            "probability",
            "translated_probability",
            "source_lang",
            "source_lang_confidence",
        }
        assert doc["sentences"]


def test_offsets_in_json_point_into_the_file(runner: CliRunner) -> None:
    _, report = audit_json(runner, str(SEED))
    text = SEED.read_text(encoding="utf-8")
    lines = text.split("\n")
    doc = report["documents"][0]
    for s in doc["sentences"]:
        assert text[s["start"] : s["end"]] == s["text"]
        assert lines[s["line"] - 1][s["column"] - 1 :].startswith(s["text"].split("\n")[0])
        assert set(s) >= {"index", "start", "end", "text", "flagged", "codes"}
    for f in doc["findings"]:
        assert text[f["start"] : f["end"]] == f["text"]
        assert set(f) >= {
            "code",
            "name",
            "severity",
            "sentence",
            "start",
            "end",
            "line",
            "column",
            "text",
            "message",
            "source_lang",
            "evidence",
        }


def test_stdin(runner: CliRunner) -> None:
    result = runner.invoke(app, ["audit", "-", *NO_LM, "-f", "json"], input=SEED.read_bytes())
    report = json.loads(result.stdout)
    assert report["documents"][0]["source"] == "stdin"
    assert report["documents"][0]["status"] == "ok"


@pytest.mark.parametrize("command", [["audit", *NO_LM], ["fluency", "--isolated"]])
def test_stdin_named_twice_is_a_usage_error(runner: CliRunner, command: list[str]) -> None:
    # The second read found stdin empty: one good document, one "empty input" error.
    result = runner.invoke(app, [*command, "-", "-"], input=SEED.read_bytes())
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert lines == [
        "mtaudit: error: - (stdin) is named more than once; stdin can be read only once"
    ]


@pytest.mark.parametrize(
    "command, code",
    [(["audit", "--no-lm"], 2), (["compare"], 2), (["fluency", "--device", "cpu"], 2)],
)
def test_a_link_that_loops_is_one_line_not_an_internal_error(
    runner: CliRunner,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    command: list[str],
    code: int,
) -> None:
    # Looking for a config file above the inputs resolved each with pathlib, which
    # raises RuntimeError for a link that loops: 'internal error: RuntimeError:
    # Symlink loop from ...' before any input was read.
    (tmp_path / "loop.txt").symlink_to("loop.txt")
    monkeypatch.chdir(tmp_path)
    args = [*command, "loop.txt"] + ([str(SEED)] if command == ["compare"] else [])
    result = runner.invoke(app, args)
    assert result.exit_code == code, result.output
    assert "internal error" not in result.output
    assert (
        "mtaudit: error: loop.txt: it is a link that loops (its target loop.txt leads back"
        " through links, never to a file); remove the link or name another file" in result.stderr
    )


@pytest.mark.parametrize(
    "args, workspace",
    [
        (["-f", "sarif"], False),
        (["-f", "github"], False),
        (["-o", "r.sarif"], False),
        (["-f", "github"], True),
    ],
)
def test_a_walk_that_meets_a_link_that_loops_still_writes_its_report(
    runner: CliRunner,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    workspace: bool,
) -> None:
    # The SARIF and GitHub reports resolved each document's path with pathlib, which
    # raises RuntimeError for the loop's error entry: 'internal error', and no report.
    news = tmp_path / "news"
    news.mkdir()
    shutil.copy(SEED, news / "a.txt")
    (news / "loop.txt").symlink_to("loop.txt")
    monkeypatch.chdir(tmp_path)
    if workspace:
        monkeypatch.setenv("GITHUB_WORKSPACE", str(tmp_path.parent))
    # Inside a job a relative path is resolved too, to be taken from the workspace.
    named = "news" if workspace else str(news)
    result = runner.invoke(app, ["audit", *NO_LM, named, *args])
    assert result.exit_code == 2, result.output
    assert "internal error" not in result.output
    assert "loop.txt: it is a link that loops" in result.stderr
    report = (tmp_path / "r.sarif").read_text() if "-o" in args else result.stdout
    assert "loop.txt" in report and "a.txt" in report


def test_a_file_named_twice_is_audited_once(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A folder and a file in it, the file spelled two ways, and a link to it: the
    # article was audited once per name (a.txt, a.txt#2, ...) and S520 reported it as a
    # near-duplicate of itself, which failed `--fail-on S520`.
    news = tmp_path / "news"
    news.mkdir()
    shutil.copy(SEED, news / "a.txt")
    (news / "link.txt").symlink_to(news / "a.txt")
    os.link(news / "a.txt", tmp_path / "hard.txt")
    monkeypatch.chdir(tmp_path)
    names = ["news", "news/a.txt", "./news/a.txt", "news/*.txt", str(news / "link.txt")]
    names.append("hard.txt")
    code, report = audit_json(runner, *names, "--fail-on", "S520")
    assert [d["id"] for d in report["documents"]] == ["news/a.txt"]
    assert report["run_findings"] == []
    assert "S520" not in report["summary"]["by_code"]
    assert code == 1  # the sample is machine-translated; no finding S520 failed it
    [failed] = report["gate"]["documents"]
    assert failed["id"] == "news/a.txt"
    assert not any("S520" in why for why in failed["why"])


def test_files_without_inode_numbers_are_all_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A FUSE or SMB mount (or a Windows volume without file ids) gives every file inode
    # 0: all of them were taken for one file and all but the first vanished silently.
    from audits.sources.inputs import expand_paths

    for name in ("a.txt", "b.txt"):
        shutil.copy(SEED, tmp_path / name)
    real_stat = os.stat

    def stat_without_inode(path: object, *args: object, **kwargs: object) -> os.stat_result:
        st = real_stat(path, *args, **kwargs)  # type: ignore[arg-type]
        return os.stat_result((st.st_mode, 0, *st[2:10]))

    monkeypatch.setattr(os, "stat", stat_without_inode)
    names = [str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), str(tmp_path / "a.txt")]
    assert list(expand_paths(names)) == names[:2]


@pytest.mark.parametrize("differs", ["st_size", "st_mtime_ns"])
def test_files_sharing_an_inode_number_but_not_size_or_mtime_are_both_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, differs: str
) -> None:
    # File ids that are not unique (ReFS before Python 3.12), or an inode freed and
    # reused during the run: two different files with one (st_dev, st_ino) were merged,
    # and the second vanished from the run without a word.
    from audits.sources.inputs import expand_paths

    for name in ("a.txt", "b.txt"):
        shutil.copy(SEED, tmp_path / name)
    real_stat = os.stat

    def stat_with_one_inode(path: object, *args: object, **kwargs: object) -> os.stat_result:
        st = real_stat(path, *args, **kwargs)  # type: ignore[arg-type]
        fields = {"st_size": st.st_size, "st_mtime_ns": 10**18}
        if str(path).endswith("b.txt"):
            fields[differs] += 1
        head = (st.st_mode, 42, st.st_dev, st.st_nlink, st.st_uid, st.st_gid, fields["st_size"])
        return os.stat_result((*head, *st[7:10]), {"st_mtime_ns": fields["st_mtime_ns"]})

    monkeypatch.setattr(os, "stat", stat_with_one_inode)
    names = [str(tmp_path / "a.txt"), str(tmp_path / "b.txt")]
    assert list(expand_paths(names)) == names
    # The same file named twice still shares all four, and is still read once.
    assert list(expand_paths([names[0], names[0]])) == names[:1]


def test_the_first_name_that_reaches_a_file_gives_its_id(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The README's rule: arguments in order, each folder's or glob's files sorted, so a
    # link that sorts before its target (a file link, or a folder link a glob follows)
    # names the file; no other name of it is read.
    from audits.sources.inputs import expand_paths

    (tmp_path / "news" / "2024").mkdir(parents=True)
    shutil.copy(SEED, tmp_path / "news" / "2024" / "article.txt")
    (tmp_path / "news" / "0-latest.txt").symlink_to(Path("2024") / "article.txt")
    (tmp_path / "news" / "0-dir").symlink_to("2024")
    monkeypatch.chdir(tmp_path)
    article = str(Path("news", "2024", "article.txt"))
    file_link = str(Path("news", "0-latest.txt"))
    assert list(expand_paths(["news"])) == [file_link]
    assert list(expand_paths([article, "news"])) == [article]
    assert list(expand_paths(["news/**/*.txt"])) == ["news/0-dir/article.txt"]


def test_a_folder_of_links_only_yields_every_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # git-annex, stow or Bazel trees: every article is a link into a folder not walked.
    from audits.sources.inputs import expand_paths

    (tmp_path / ".store").mkdir()
    (tmp_path / "lib").mkdir()
    for i in range(30):
        _write(tmp_path / ".store" / f"o{i}", f"article {i}\n".encode())
        (tmp_path / "lib" / f"a{i:02d}.txt").symlink_to(tmp_path / ".store" / f"o{i}")
    monkeypatch.chdir(tmp_path)
    assert list(expand_paths(["lib"])) == [str(Path("lib", f"a{i:02d}.txt")) for i in range(30)]


@pytest.mark.parametrize(
    "make_input, reason",
    [
        (lambda d: d / "missing.txt", "no such file or directory"),
        (lambda d: _write(d / "empty.txt", b""), "empty input"),
        (lambda d: _write(d / "blob.txt", b"\x00\x01\x02binary\x00" * 20), "binary file"),
        (lambda d: _write(d / "bad.jsonl", b"{oops\n"), "invalid JSON"),
    ],
)
def test_bad_input_is_an_error_entry_and_exit_2(
    runner: CliRunner, tmp_path: Path, make_input, reason: str
) -> None:
    bad = make_input(tmp_path)
    result = runner.invoke(app, ["audit", str(bad), str(SEED), *NO_LM, "-f", "json"])
    assert result.exit_code == 2
    report = json.loads(result.stdout)
    by_status = {d["status"]: d for d in report["documents"]}
    assert by_status["ok"]["source"] == str(SEED)  # the good input is still audited
    error = by_status["error"]
    assert reason in error["error"] and error["verdict"] is None
    assert report["summary"]["errors"] == 1
    # One line for the bad input; the sample, machine-translated, has the gate's line.
    err_lines = [ln for ln in result.stderr.splitlines() if ln.strip() and "gate failed" not in ln]
    assert len(err_lines) == 1 and reason in err_lines[0]
    assert "Traceback" not in result.stderr


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_output_file_beside_terminal_report(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    result = runner.invoke(app, ["audit", str(SEED), *NO_LM, "-o", str(out)])
    assert result.exit_code in (0, 1)
    assert "document audited" in result.stdout  # terminal on stdout
    assert json.loads(out.read_text())["schema"] == "mtaudit/1"


@pytest.mark.parametrize("fmt", ["terminal", "github"])
def test_an_unreadable_input_is_not_counted_as_audited(
    runner: CliRunner, tmp_path: Path, fmt: str
) -> None:
    # "1 document audited · 0 machine-translated · 1 error" for one missing file read as
    # if it had been audited as well.
    missing = tmp_path / "missing.txt"
    result = runner.invoke(app, ["audit", str(missing), str(SEED), *NO_LM, "-f", fmt])
    assert result.exit_code == 2
    assert "1 document audited" in result.stdout
    assert "2 documents audited" not in result.stdout


def test_format_json_with_output_goes_to_the_file_instead(
    runner: CliRunner, tmp_path: Path
) -> None:
    out = tmp_path / "report.out"
    result = runner.invoke(app, ["audit", str(SEED), *NO_LM, "-f", "json", "-o", str(out)])
    assert result.exit_code in (0, 1)
    assert result.stdout == ""
    assert json.loads(out.read_text())["documents"][0]["id"] == str(SEED)


def test_output_with_unknown_extension_needs_a_format(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["audit", str(SEED), *NO_LM, "-o", str(tmp_path / "r.out")])
    assert result.exit_code == 2
    assert "cannot tell the format" in result.stderr
    assert not (tmp_path / "r.out").exists()


def test_unknown_format_and_rule_are_usage_errors(runner: CliRunner) -> None:
    result = runner.invoke(app, ["audit", str(SEED), *NO_LM, "-f", "yaml"])
    assert result.exit_code == 2 and "unknown format" in result.stderr
    result = runner.invoke(app, ["audit", str(SEED), *NO_LM, "--select", "Q999"])
    assert result.exit_code == 2 and "unknown rule code" in result.stderr


@pytest.mark.parametrize("flag", ["--select", "--ignore", "--fail-on"])
def test_an_unknown_code_is_named_by_the_flag_that_gave_it(runner: CliRunner, flag: str) -> None:
    """`--fail-on X9` was refused as "fail_on (from the command line): ...", the config
    file's name for it, which the user never typed."""
    result = runner.invoke(app, ["audit", str(SEED), *NO_LM, "--isolated", flag, "C201,X9"])
    assert result.exit_code == 2
    assert f"{flag}: unknown rule code or prefix 'X9'" in " ".join(result.stderr.split())


def test_fail_over_and_fail_on_gate(runner: CliRunner) -> None:
    never = runner.invoke(
        app, ["audit", str(SEED), *NO_LM, "--fail-over", "1.0", "--select", "S500", "-f", "json"]
    )
    assert never.exit_code == 0
    always = runner.invoke(app, ["audit", str(SEED), *NO_LM, "--fail-over", "0.0", "-f", "json"])
    assert always.exit_code == 1


def test_the_json_report_says_what_the_gate_decided(runner: CliRunner, tmp_path: Path) -> None:
    # A CI step that reads the report learns which documents failed and why; only
    # stderr said so, and a --fail-over gate and a scheduled alert looked alike.
    missing = tmp_path / "missing.txt"
    gated = runner.invoke(
        app,
        [
            "audit",
            str(SEED),
            str(missing),
            *NO_LM,
            "--fail-on",
            "C201",
            "-f",
            "json",
            "-o",
            f"sarif:{tmp_path / 'r.sarif'}",
        ],
    )
    assert gated.exit_code == 2
    gate = json.loads(gated.stdout)["gate"]
    assert gate["set"] is True and gate["fail_on"] == ["C201"] and gate["fail_over"] is None
    assert gate["failed"] is True and gate["exit_code"] == 2
    assert gate["unreadable"] == [str(missing)]
    [failed] = gate["documents"]
    assert failed["id"] == str(SEED)
    assert failed["why"][0].startswith("P(machine-translated) ")
    assert failed["why"][1] == "findings C201"
    [invocation] = json.loads((tmp_path / "r.sarif").read_text())["runs"][0]["invocations"]
    assert invocation["exitCode"] == 2
    passed = runner.invoke(
        app, ["audit", str(SEED), *NO_LM, "--fail-over", "1.0", "--select", "S500", "-f", "json"]
    )
    assert json.loads(passed.stdout)["gate"] == {
        "set": True,
        "fail_over": 1.0,
        "fail_on": [],
        "failed": False,
        "exit_code": 0,
        "documents": [],
        "unreadable": [],
    }


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("nan", "'nan' is not a number"),
        ("NaN", "'NaN' is not a number"),
        ("0x1p-1", "'0x1p-1' is not a number"),
        ("inf", "inf is not from 0 to 1"),
        ("-inf", "-inf is not from 0 to 1"),
        ("1.5", "1.5 is not from 0 to 1"),
    ],
)
def test_a_fail_over_that_is_no_probability_says_what_it_is(
    runner: CliRunner, value: str, problem: str
) -> None:
    # `--fail-over nan` was refused as 'Input should be less than or equal to 1', as
    # if nan were a number too large.
    for command in ("audit", "config"):
        result = runner.invoke(app, [command, str(SEED), *NO_LM, "--fail-over", value])
        assert result.exit_code == 2 and result.stdout == ""
        assert problem in result.stderr and "less than or equal" not in result.stderr


@pytest.mark.parametrize(
    ("flag", "value", "problem"),
    [
        ("--max-entries", "0", "0 is not 1 or more"),
        ("--max-entries", "-3", "-3 is not 1 or more"),
        ("--max-entries", "two", "'two' is not a whole number"),
        ("--jobs", "0", "0 is not 1 or more"),
        ("--batch-size", "0", "0 is not 1 or more"),
        ("--context-sentences", "-1", "-1 is not 0 or more"),
        ("--context-sentences", "1.5", "'1.5' is not a whole number"),
    ],
)
def test_a_count_out_of_range_is_one_line_in_the_projects_words(
    runner: CliRunner, flag: str, value: str, problem: str
) -> None:
    # `--max-entries 0` was refused as 'Input should be greater than or equal to 1' and
    # `--max-entries two` as 'Input should be a valid integer, unable to parse string as
    # an integer': the library's words, not the project's.
    result = runner.invoke(app, ["audit", str(SEED), *NO_LM, flag, value])
    assert result.exit_code == 2 and result.stdout == ""
    assert problem in result.stderr and "Input should" not in result.stderr


@pytest.mark.parametrize("value", ["-0", "1e-400", " 0.0 "])
def test_a_fail_over_of_zero_however_written_is_zero(runner: CliRunner, value: str) -> None:
    result = runner.invoke(app, ["audit", str(SEED), *NO_LM, "--fail-over", value, "-f", "json"])
    assert result.exit_code == 1
    assert "-0.0" not in result.stdout


@pytest.mark.parametrize("flag", ["--fail-on", "--select", "--ignore"])
@pytest.mark.parametrize("value", ["", " ", ","])
def test_an_empty_code_list_flag_is_an_error_not_a_gate_turned_off(
    runner: CliRunner, tmp_path: Path, flag: str, value: str
) -> None:
    # `--fail-on "$CODES"` with CODES unset replaced the config file's fail_on with
    # nothing: the rule gate passed every article, exit 0, without a word.
    (tmp_path / "mtaudit.toml").write_text('fail_on = ["C"]\n')
    article = tmp_path / "a.txt"
    shutil.copy(SEED, article)
    gated = runner.invoke(app, ["audit", str(article), "--no-lm", "-f", "json"])
    assert gated.exit_code == 1  # the config file's gate, as a baseline for the test
    result = runner.invoke(app, ["audit", str(article), "--no-lm", "-f", "json", flag, value])
    assert result.exit_code == 2, result.stdout
    lines = result.stderr.strip().splitlines()
    # The one message every command and config key gives (audits.rules.rule_codes).
    assert len(lines) == 1 and f"{flag}: an empty rule code ({value!r}) names no rule" in lines[0]
    assert result.stdout == ""


@pytest.mark.parametrize("value", ["C,,T", "C,", ",C", "C, ,T"])
def test_an_empty_code_inside_a_list_is_an_error_too(
    runner: CliRunner, tmp_path: Path, value: str
) -> None:
    # `--fail-on "C,$EXTRA"` with EXTRA unset was accepted as `--fail-on C`, while
    # `--fail-on "$EXTRA"` is refused: the same unset variable, read two ways.
    article = tmp_path / "a.txt"
    shutil.copy(SEED, article)
    for flag in ("--fail-on", "--select", "--ignore"):
        result = runner.invoke(app, ["audit", str(article), *NO_LM, "-f", "json", flag, value])
        assert result.exit_code == 2 and result.stdout == ""
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and f"{flag}: {value!r} holds an empty rule code" in lines[0]
    (tmp_path / "mtaudit.toml").write_text(f"fail_on = [{value!r}]\n".replace("'", '"'))
    from_file = runner.invoke(app, ["audit", str(article), "--no-lm", "-f", "json"])
    assert from_file.exit_code == 2 and f"fail_on (from {tmp_path}" in from_file.stderr


def test_a_gate_on_rules_the_run_leaves_out_is_refused_or_warned(
    runner: CliRunner, tmp_path: Path
) -> None:
    # `--fail-on C201` beside `ignore = ["C2"]` in mtaudit.toml set a gate that could
    # never fire: every run passed it, without a word.
    (tmp_path / "mtaudit.toml").write_text('ignore = ["C2"]\n')
    article = tmp_path / "a.txt"
    shutil.copy(SEED, article)
    args = ["audit", str(article), "--no-lm", "-f", "json"]
    refused = runner.invoke(app, [*args, "--fail-on", "C201,N"])
    assert refused.exit_code == 2 and refused.stdout == ""
    assert "--fail-on: 'C201' (french-calque) names no rule this run runs" in refused.stderr
    # A config file's gate beside a narrower --select: no flag unsets fail_on, so the
    # run goes on, with a warning.
    (tmp_path / "mtaudit.toml").write_text('fail_on = ["C201"]\n')
    narrowed = runner.invoke(app, [*args, "--select", "N"])
    assert narrowed.exit_code in (0, 1) and json.loads(narrowed.stdout)["documents"]
    assert "warning: fail_on (from " in narrowed.stderr
    assert "'C201' (french-calque) names no rule this run runs" in narrowed.stderr
    assert runner.invoke(app, [*args, "--fail-on", "C", "--ignore", "C201"]).exit_code == 1


def test_a_gate_on_fluency_rules_without_the_language_model_is_refused_or_warned(
    runner: CliRunner, tmp_path: Path
) -> None:
    # `--no-lm --fail-on F601` set a gate that could never fire (no F rule runs without
    # the model): every run passed it, without a word.
    article = tmp_path / "a.txt"
    shutil.copy(SEED, article)
    args = ["audit", str(article), "--no-lm", "--isolated", "-f", "json"]
    refused = runner.invoke(app, [*args, "--fail-on", "F601,C201"])
    assert refused.exit_code == 2 and refused.stdout == ""
    assert refused.stderr == (
        "mtaudit: error: --fail-on: 'F601' (low-fluency-sentence) names no rule this run "
        "runs (the language model is off, and F rules need it), so the gate can never fail on it\n"
    )
    (tmp_path / "mtaudit.toml").write_text('fail_on = ["F"]\n')
    warned = runner.invoke(app, [*args[:-3], "-f", "json"])
    assert warned.exit_code in (0, 1) and json.loads(warned.stdout)["documents"]
    assert f"warning: fail_on (from {tmp_path / 'mtaudit.toml'}): 'F' names no rule" in (
        warned.stderr
    )


def test_every_dead_gate_code_is_named_on_one_line_whatever_kills_it(
    runner: CliRunner, tmp_path: Path
) -> None:
    # With `ignore = ["C2"]`, `fail_on = ["C201", "F601"]` and --no-lm, the warning named
    # C201 and never F601; on the command line the user fixed C201 and only then heard
    # of F601.
    article = tmp_path / "a.txt"
    shutil.copy(SEED, article)
    args = ["audit", str(article), "--no-lm", "--isolated", "-q"]
    refused = runner.invoke(app, [*args, "--ignore", "C2", "--fail-on", "C201,F601"])
    assert refused.exit_code == 2
    assert refused.stderr == (
        "mtaudit: error: --fail-on: 'C201' (french-calque), 'F601' (low-fluency-sentence) "
        "name no rule this run runs (select or ignore leaves out 'C201'; the language model "
        "is off, and F rules need it), so the gate can never fail on them\n"
    )
    (tmp_path / "mtaudit.toml").write_text('ignore = ["C2"]\nfail_on = ["C201", "F601"]\n')
    warned = runner.invoke(app, ["audit", str(article), "--no-lm", "-q"])  # reads the file
    assert warned.exit_code in (0, 1)
    assert "'C201' (french-calque), 'F601' (low-fluency-sentence) name no rule" in warned.stderr, (
        warned.stderr
    )


def test_a_run_with_no_rule_says_that_the_verdict_still_gates(
    runner: CliRunner, tmp_path: Path
) -> None:
    # `--select ALL --ignore ALL` ran no rule without a word, and the verdict still
    # judged each document on its text and failed the run on it: a user who meant
    # "check nothing" got exit 1 and a report with no finding to say why.
    article = tmp_path / "a.txt"
    shutil.copy(SEED, article)
    args = ["audit", str(article), "--no-lm", "-f", "json"]
    result = runner.invoke(app, [*args, "--isolated", "--select", "ALL", "--ignore", "ALL"])
    (document,) = json.loads(result.stdout)["documents"]
    assert document["findings"] == []
    assert result.exit_code == (1 if document["verdict"]["machine_translated"] else 0)
    warning = "warning: no rule runs (--select ALL, --ignore ALL): the verdict still judges"
    assert warning in result.stderr
    assert "still fails the run (exit 1)" in result.stderr
    # From a config file too, which it names.
    (tmp_path / "mtaudit.toml").write_text('ignore = ["ALL"]\n')
    from_file = runner.invoke(app, args)
    assert f'no rule runs (ignore = ["ALL"] (from {tmp_path}' in from_file.stderr
    # `mtaudit config`, which checks what `audit` checks, says so as well.
    shown = runner.invoke(app, ["config", str(article)])
    assert shown.exit_code == 0 and "no rule runs (ignore" in shown.stderr
    # A run left with one rule says nothing of it.
    narrowed = runner.invoke(app, [*args, "--isolated", "--select", "C201"])
    assert narrowed.exit_code in (0, 1) and "no rule runs" not in narrowed.stderr


def test_a_run_selecting_only_fluency_rules_without_the_model_says_no_rule_runs(
    runner: CliRunner, tmp_path: Path
) -> None:
    # `--select F --no-lm` ran no rule without a word, as `--ignore ALL` once did.
    article = tmp_path / "a.txt"
    shutil.copy(SEED, article)
    args = ["audit", str(article), "--no-lm", "--isolated", "-f", "json"]
    result = runner.invoke(app, [*args, "--select", "F"])
    assert json.loads(result.stdout)["documents"][0]["findings"] == []
    assert result.stderr.startswith(
        "mtaudit: warning: no rule runs (--select F, with the language model off, which F "
        "rules need): the verdict still judges"
    )
    assert "no rule runs" not in runner.invoke(app, [*args, "--select", "F,T"]).stderr


def test_the_no_rule_warning_is_left_out_when_a_usage_error_ends_the_run(
    runner: CliRunner, tmp_path: Path
) -> None:
    # It was printed before the checks that refuse the run, so `--ignore ALL --fail-on
    # C201` said "the verdict still judges each document" and then refused to judge any
    # (exit 2): a mistake is one line on stderr, not a warning about a run that never was.
    article = tmp_path / "a.txt"
    shutil.copy(SEED, article)
    args = ["audit", str(article), "--no-lm", "--isolated", "--ignore", "ALL"]
    gated = runner.invoke(app, [*args, "--fail-on", "C201"])
    assert gated.exit_code == 2 and "--fail-on" in gated.stderr
    assert "no rule runs" not in gated.stderr
    # A refusal after the settings' checks too: --new-only with no history.
    unrecorded = runner.invoke(app, [*args, "--new-only"])
    assert unrecorded.exit_code == 2 and "--new-only" in unrecorded.stderr
    assert "no rule runs" not in unrecorded.stderr
    # `mtaudit config` refuses a report file in a missing folder as audit does.
    missing = str(tmp_path / "no" / "such" / "report.json")
    shown = runner.invoke(app, ["config", "--isolated", "--ignore", "ALL", "-o", missing])
    assert shown.exit_code == 2 and "no rule runs" not in shown.stderr


def test_an_error_line_shows_a_file_name_never_obeys_it(runner: CliRunner, tmp_path: Path) -> None:
    # The name went to stderr as it was: a file named with ESC[2J cleared the screen
    # when its error was printed.
    hostile = tmp_path / "bad\x1b[2Jname.txt"
    hostile.write_text("")
    result = runner.invoke(app, ["audit", str(hostile), *NO_LM, "-f", "json"])
    assert result.exit_code == 2
    assert "\x1b" not in result.stderr and "bad\u241b[2Jname.txt" in result.stderr


def test_an_error_line_shows_emoji_codes_in_a_name_as_written(
    runner: CliRunner, tmp_path: Path
) -> None:
    # Rich read ":x:" and ":warning:" on stderr as emoji codes: the gate's line named
    # "a⚠b.txt", a file no CI job could find, and a missing "report:x:2024.txt" was
    # "report❌2024.txt"; the reports on stdout never did (their consoles have no emoji).
    short = tmp_path / "a:warning:b.txt"
    short.write_text("Hello there. This is a short text of a few words.\n")
    missing = tmp_path / "report:x:2024.txt"
    result = runner.invoke(
        app, ["audit", str(short), str(missing), *NO_LM, "-q", "--fail-over", "0.0001"]
    )
    assert result.exit_code == 2
    assert f"{missing}: no such file or directory" in result.stderr
    assert f"gate failed: {short} (" in result.stderr
    assert "\u274c" not in result.stderr and "\u26a0" not in result.stderr


def test_inputs_in_a_folder_that_cannot_be_searched_are_unreadable_inputs(
    runner: CliRunner, isolated_cwd: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A CI job naming news/2024/b.txt, whose folder lost its x bit, stopped on
    'internal error: PermissionError' (pathlib's checks raise where os.path's say
    False) before reading anything: looking for a config file above it, and checking
    that no report overwrites an input. It is an input that cannot be read (exit 2),
    as is the folder a glob or walk meets, and the rest is audited and gated."""
    for name in ("news/2024/b.txt", "news/2025/c.txt"):
        (isolated_cwd / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(SEED, isolated_cwd / name)
    without_search_permission(monkeypatch, isolated_cwd / "news/2024")
    result = runner.invoke(
        app, ["audit", "news/2024/b.txt", "news/**/*.txt", "--no-lm", "-o", "r.json", "-fjson"]
    )
    assert result.exit_code == 2, result.stderr
    assert result.stderr.splitlines()[:2] == [
        "mtaudit: error: news/2024/b.txt: permission denied",
        "mtaudit: error: news/2024: cannot reach the files in this folder (permission denied)",
    ]
    report = json.loads((isolated_cwd / "r.json").read_text(encoding="utf-8"))
    assert [(d["id"], d["status"]) for d in report["documents"]] == [
        ("news/2024/b.txt", "error"),
        ("news/2024", "error"),
        ("news/2025/c.txt", "ok"),
    ]


@pytest.fixture
def unwritable_dir(tmp_path: Path):
    """A folder no file can be made in: read-only to this user, or (as root, whom file
    modes do not stop) a read-only file system."""
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        for candidate in (folder, Path("/sys")):
            try:
                (candidate / ".probe").touch()
            except OSError:
                yield candidate
                return
            (candidate / ".probe").unlink()
        pytest.skip("no folder here refuses a new file")
    finally:
        folder.chmod(0o755)


@pytest.mark.parametrize("flag", ["-o", "--write-baseline"])
def test_a_report_folder_that_cannot_be_written_is_refused_before_any_work(
    runner: CliRunner, tmp_path: Path, unwritable_dir: Path, flag: str
) -> None:
    # It was found when the report was written, after the whole audit (minutes with
    # feeds and the language model).
    history = tmp_path / "history.db"
    target = unwritable_dir / "report.json"
    args = ["audit", str(SEED), *NO_LM, "--history", str(history), flag, str(target)]
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and f"cannot write {target}: " in lines[0], result.stderr
    assert not history.exists()  # refused before the history was even opened
    config = runner.invoke(app, ["config", str(SEED), "--isolated", "-o", str(target)])
    assert config.exit_code == 2 and f"cannot write {target}: " in config.stderr


def test_atomic_write_leaves_no_partial_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from audits.reports import write as write_module

    target = tmp_path / "report.json"
    target.write_text("previous report")

    def broken_fsync(fd: int) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(write_module.os, "fsync", broken_fsync)
    with pytest.raises(OutputError, match=r"cannot write .*report\.json: disk full"):
        write_module.write_atomic(target, "new report " * 1000)
    assert target.read_text() == "previous report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]


def test_a_write_that_fails_is_one_line_not_an_internal_error(
    runner: CliRunner, tmp_path: Path
) -> None:
    from audits.reports import write_atomic

    with pytest.raises(OutputError, match="is a directory"):
        write_atomic(tmp_path, "report")
    result = runner.invoke(app, ["audit", str(SEED), *NO_LM, "-o", f"json:{tmp_path}"])
    assert result.exit_code == 2 and "it is a directory" in result.stderr
    assert "internal error" not in result.stderr


@pytest.mark.parametrize("name", ["dir", "nodir/"])
def test_write_baseline_naming_a_folder_says_so_as_output_does(
    runner: CliRunner, tmp_path: Path, name: str
) -> None:
    """`--write-baseline dir` said "cannot write dir: it is a directory", other words
    than `-o dir`, and `--write-baseline nodir/` wrote the baseline to a file named
    nodir."""
    (tmp_path / "dir").mkdir()
    target = f"{tmp_path}/{name}"
    why = "it is a directory" if name == "dir" else "it names a directory (it ends in /)"
    for flag in ("--write-baseline", "--output"):
        result = runner.invoke(app, ["audit", str(SEED), *NO_LM, flag, target])
        assert result.exit_code == 2, result.output
        assert result.stderr == (
            f"mtaudit: error: cannot write {flag} '{target}': {why}; name a file in it\n"
        )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dir"]


@pytest.mark.parametrize(
    "outputs, message",
    [
        (["-o", "{article}"], "the input"),
        (["-o", "json:{article}"], "the input"),
        (["-o", "json:{history}"], "the history database"),
        (["-o", "{tmp}/r.json", "-o", "html:{tmp}/r.json"], "two reports would be written"),
        (["-o", "{tmp}/r.json", "--write-baseline", "{tmp}/r.json"], "two reports"),
        (["--write-baseline", "{article}"], "the input"),
        (["-o", "{tmp}/missing/r.json"], "does not exist"),
        (["-o", "{article}/r.json"], "a.txt is not a directory"),
    ],
)
def test_reports_never_overwrite_what_the_run_reads_or_each_other(
    runner: CliRunner, tmp_path: Path, outputs: list[str], message: str
) -> None:
    folder = tmp_path / "feed"
    folder.mkdir()
    article = folder / "a.txt"
    shutil.copy(SEED, article)
    shutil.copy(SEED, folder / "b.txt")
    history = tmp_path / "h.sqlite"
    runner.invoke(app, ["audit", str(article), *NO_LM, "--history", str(history)])
    kept = {p: p.read_bytes() for p in (article, folder / "b.txt", history)}
    paths = {"article": article, "folder": folder, "history": history, "tmp": tmp_path}
    args = [a.format(**paths) for a in outputs]
    # The article is named as well as walked: the walk alone leaves out what the run
    # writes, a name never is.
    inputs = [str(folder), str(article)]
    result = runner.invoke(app, ["audit", *inputs, *NO_LM, "--history", str(history), *args])
    assert result.exit_code == 2 and message in result.stderr, result.stderr
    assert {p: p.read_bytes() for p in kept} == kept
    assert not (tmp_path / "r.json").exists()
    with HistoryStore(history) as store:
        assert len(store.runs()) == 1  # the refused run was not recorded


@pytest.mark.parametrize("suffix", ["-wal", "-shm", "-journal"])
@pytest.mark.parametrize(
    "command",
    [
        ["audit", str(SEED), *NO_LM, "-q"],
        ["report", "-q"],
        ["history", "show", "1"],
        ["config", str(SEED)],
    ],
)
def test_no_report_replaces_a_file_sqlite_keeps_beside_the_history(
    runner: CliRunner, tmp_path: Path, command: list[str], suffix: str
) -> None:
    """`-o json:h.sqlite-wal` was written: it replaced the write-ahead log, whose writes
    not yet copied into the database it lost, and audit's own closing checkpoint then
    deleted the report, exit 0."""
    history = tmp_path / "h.sqlite"
    runner.invoke(app, ["audit", str(SEED), *NO_LM, "--history", str(history)])
    _refused_over_a_side_file(runner, command, history, history, f"{history}{suffix}")


@pytest.mark.parametrize("command", [["audit", str(SEED), *NO_LM, "-q"], ["report", "-q"]])
def test_no_report_replaces_the_log_beside_the_file_a_linked_history_points_to(
    runner: CliRunner, tmp_path: Path, command: list[str]
) -> None:
    """SQLite keeps a linked history's log beside the file the link points to: only
    the name beside the link was refused, and `-o json:real/h.sqlite-wal` replaced the
    log, which audit's closing checkpoint then deleted, report and all."""
    (tmp_path / "real").mkdir()
    history = tmp_path / "real" / "h.sqlite"
    runner.invoke(app, ["audit", str(SEED), *NO_LM, "--history", str(history)])
    link = tmp_path / "h.sqlite"
    link.symlink_to(history)
    _refused_over_a_side_file(runner, command, link, history, f"{history}-wal")


def _refused_over_a_side_file(
    runner: CliRunner, command: list[str], named: Path, history: Path, target: str
) -> None:
    """``command`` with ``--history named -o json:target`` is refused in one line,
    writes nothing there, and leaves the one recorded run of ``history`` alone."""
    result = runner.invoke(
        app, [*command, "--history", str(named), "--isolated", "-o", f"json:{target}"]
    )
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        f"mtaudit: error: cannot write a report to {target}: it is a file SQLite keeps "
        f"beside the history database {named}, which the report would overwrite\n"
    )
    assert not Path(target).exists()
    with HistoryStore(history) as store:
        assert len(store.runs()) == 1


@pytest.mark.parametrize(
    "command",
    [
        ["audit", "feeds/a.txt", "feeds/b.txt", *NO_LM],
        ["history", "show", "1", "--isolated"],
        ["history", "show", "latest", "--isolated"],
        ["report", "--isolated"],
    ],
)
def test_no_report_of_a_recorded_run_overwrites_one_of_its_inputs(
    runner: CliRunner, isolated_cwd: Path, command: list[str]
) -> None:
    """`history show 1 -o json:feeds/a.txt` replaced an article run 1 read with its
    JSON (exit 0), and `report` did the same, where `audit` refuses a report over its
    inputs; each refuses it in audit's words. The `audit` case passed before: it guards
    the words the others share."""
    (isolated_cwd / "feeds").mkdir()
    articles = [isolated_cwd / "feeds" / name for name in ("a.txt", "b.txt")]
    for article in articles:
        shutil.copy(SEED, article)
    audited = runner.invoke(
        app, ["audit", "feeds/a.txt", "feeds/b.txt", *NO_LM, "--history", "h.sqlite"]
    )
    assert audited.exit_code in (0, 1), audited.output
    kept = {p: p.read_bytes() for p in (*articles, isolated_cwd / "h.sqlite")}
    result = runner.invoke(app, [*command, "--history", "h.sqlite", "-o", "json:feeds/b.txt"])
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        "mtaudit: error: cannot write a report to feeds/b.txt: it is the input feeds/b.txt, "
        "which the report would overwrite\n"
    )
    assert {p: p.read_bytes() for p in kept} == kept


def test_a_report_in_a_hidden_folder_of_an_audited_folder_may_be_replaced(
    runner: CliRunner, tmp_path: Path
) -> None:
    # The walk never enters site/.reports, yet the report there was refused as "an input
    # of this run".
    site = tmp_path / "site"
    (site / ".reports").mkdir(parents=True)
    shutil.copy(SEED, site / "a.txt")
    kept = site / ".reports" / "latest.md"
    kept.write_text("last week's report\n", encoding="utf-8")
    result = runner.invoke(app, ["audit", str(site), *NO_LM, "-o", f"markdown:{kept}"])
    assert result.exit_code in (0, 1), result.stderr
    assert kept.read_text(encoding="utf-8") != "last week's report\n"


def _audited_twice(runner: CliRunner, args: list[str]) -> list[str]:
    """Run ``audit ARGS`` twice; the ids the second run audited."""
    for _ in range(2):
        result = runner.invoke(app, ["audit", *args, *NO_LM, "-f", "json"])
        assert result.exit_code in (0, 1), result.stderr
    return [doc["id"] for doc in json.loads(result.stdout)["documents"]]


@pytest.mark.parametrize(
    "inputs, output",
    [
        (["{site}"], "markdown:{site}/report.md"),
        (["{site}/*.txt"], "markdown:{site}/r.txt"),
        (["{site}/*.txt"], "markdown:{link}/r.txt"),
        (["{link}/*.txt"], "markdown:{site}/r.txt"),
        (["{site}"], "markdown:{link}/r.txt"),
    ],
)
def test_a_walk_or_glob_never_reads_what_the_run_writes(
    runner: CliRunner, tmp_path: Path, inputs: list[str], output: str
) -> None:
    # `audit site -o site/report.md` wrote the report, then every later run audited it
    # as an article and the same command was refused (exit 2); a refusal on the first
    # run broke `audit . -o report.html` on every fresh CI checkout.
    site = tmp_path / "site"
    site.mkdir()
    shutil.copy(SEED, site / "a.txt")
    (tmp_path / "link").symlink_to(site)
    paths = {"site": site, "link": tmp_path / "link"}
    args = [*(i.format(**paths) for i in inputs), "-o", output.format(**paths)]
    assert [Path(i).name for i in _audited_twice(runner, args)] == ["a.txt"]


@pytest.mark.parametrize("inputs", [["{site}"], ["{site}/*.txt"], ["{link}"]])
def test_a_report_linked_to_an_article_the_run_reads_is_refused(
    runner: CliRunner, tmp_path: Path, inputs: list[str]
) -> None:
    # site/report.md -> a.txt: the walk left a.txt out as the report and the report
    # replaced it, exit 0 and not a word; the article was lost.
    site = tmp_path / "site"
    site.mkdir()
    shutil.copy(SEED, site / "a.txt")
    (site / "report.md").symlink_to("a.txt")
    (tmp_path / "link").symlink_to(site)
    kept = (site / "a.txt").read_bytes()
    paths = {"site": site, "link": tmp_path / "link"}
    args = [*(i.format(**paths) for i in inputs), "-o", f"markdown:{site}/report.md"]
    result = runner.invoke(app, ["audit", *args, *NO_LM])
    assert result.exit_code == 2 and "it is an input of this run" in result.stderr, result.stderr
    assert (site / "a.txt").read_bytes() == kept


def test_a_report_linked_to_a_file_no_walk_reads_is_written_through_the_link(
    runner: CliRunner, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    (site / ".reports").mkdir(parents=True)
    shutil.copy(SEED, site / "a.txt")
    dated = site / ".reports" / "2026-12.md"
    dated.write_text("last month\n", encoding="utf-8")
    (site / "latest.md").symlink_to(".reports/2026-12.md")
    args = [str(site), "-o", f"markdown:{site}/latest.md"]
    assert [Path(i).name for i in _audited_twice(runner, args)] == ["a.txt"]
    assert dated.read_text(encoding="utf-8").startswith("## mtaudit report")


def test_a_glob_never_reads_the_history_the_run_writes(runner: CliRunner, tmp_path: Path) -> None:
    # `audit 'site/*' --history site/h.db` read h.db and its -wal and -shm files as
    # articles (binary file, exit 2), even on the first run: the history is opened first.
    site = tmp_path / "site"
    site.mkdir()
    shutil.copy(SEED, site / "a.txt")
    (site / "b.txt").write_text(
        "Heavy rain closed two roads near the river on Monday.\n", encoding="utf-8"
    )
    args = [f"{site}/*", "--history", str(site / "h.db")]
    assert [Path(i).name for i in _audited_twice(runner, args)] == ["a.txt", "b.txt"]


@pytest.mark.parametrize(
    "inputs, name, before",
    [
        (["{site}"], "r.txt", ""),  # `audit site > site/r.txt`: an empty input, exit 2
        # `>>`: the last run's report read as an article (this one, a flagged one)
        (["{site}"], "r.txt", SEED.read_text(encoding="utf-8")),
        (["{site}/*"], "r.json", ""),  # a glob matches it whatever its extension
    ],
)
def test_a_walk_or_glob_never_reads_the_file_stdout_is_redirected_into(
    tmp_path: Path, inputs: list[str], name: str, before: str
) -> None:
    # The shell makes the file before the run starts, and it has no name the run can
    # see: `-o`'s files were left out of the walk, this one was read.
    site = tmp_path / "site"
    site.mkdir()
    shutil.copy(SEED, site / "a.txt")
    out = site / name
    out.write_text(before, encoding="utf-8")
    args = [*(i.format(site=site) for i in inputs), *NO_LM, "-f", "json"]
    done = run_redirected(["audit", *args], out)
    assert done.returncode in (0, 1), done.stderr
    report = json.loads(out.read_text(encoding="utf-8")[len(before) :])
    assert [Path(doc["id"]).name for doc in report["documents"]] == ["a.txt"]


@pytest.mark.parametrize("flag", ["-o", "--write-baseline"])
def test_a_report_file_stdout_is_redirected_into_is_refused(tmp_path: Path, flag: str) -> None:
    # `audit a.txt -o out.md > out.md`: the file was replaced by the Markdown, and the
    # terminal report went into what the shell held open, lost without a word.
    out = tmp_path / "out.md"
    out.write_text("kept\n", encoding="utf-8")
    spec = f"markdown:{out}" if flag == "-o" else str(out)
    done = run_redirected(["audit", str(SEED), *NO_LM, flag, spec], out)
    assert done.returncode == 2, done.stderr
    # A baseline is not a report: its line names what the file would get.
    both = (
        f"two reports would be written to {out}: stdout's, which is redirected into it, "
        "and the file's"
        if flag == "-o"
        else f"stdout's report and the baseline would both be written to {out}, which "
        "stdout is redirected into"
    )
    assert done.stderr == (
        f"mtaudit: error: {both}; name each file once (-q prints no report on stdout)\n"
    )
    assert out.read_text(encoding="utf-8") == "kept\n"
    # With no report on stdout, or stdout's report the file's own, it is one report.
    for args in (["-q", "-o", str(out)], ["-f", "markdown", "-o", str(out)]):
        done = run_redirected(["audit", str(SEED), *NO_LM, *args], out)
        assert done.returncode in (0, 1), done.stderr
        assert out.read_text(encoding="utf-8").startswith("## mtaudit report")


def test_compare_report_and_history_show_refuse_a_report_file_stdout_is_redirected_into(
    tmp_path: Path,
) -> None:
    # As audit's: `compare ... -o c.json > c.json` lost the terminal report unsaid.
    (tmp_path / "hyp.txt").write_text("The council met on Tuesday.\n", encoding="utf-8")
    (tmp_path / "ref.txt").write_text("The council met on Tuesday.\n", encoding="utf-8")
    history = tmp_path / "h.sqlite"
    recorded = run_redirected(
        ["audit", str(SEED), *NO_LM, "-q", "--history", str(history)], tmp_path / "log.txt"
    )
    assert recorded.returncode in (0, 1), recorded.stderr
    # Each with the flags that leave stdout no report of its own (history show has no -q).
    for args, alone in (
        (["compare", str(tmp_path / "hyp.txt"), str(tmp_path / "ref.txt"), "--isolated"], ["-q"]),
        (["report", "--history", str(history), "--isolated"], ["-q"]),
        (["history", "show", "latest", "--history", str(history), "--isolated"], ["-f", "json"]),
    ):
        out = tmp_path / "out.json"
        out.write_text("kept\n", encoding="utf-8")
        done = run_redirected([*args, "-o", str(out)], out)
        assert done.returncode == 2, done.stderr
        assert done.stderr.startswith(f"mtaudit: error: two reports would be written to {out}:")
        assert out.read_text(encoding="utf-8") == "kept\n"
        one = run_redirected([*args, *alone, "-o", str(out)], out)
        assert one.returncode == 0, one.stderr
        # compare and report write mtaudit-..., an audit report mtaudit/1.
        assert json.loads(out.read_text(encoding="utf-8"))["schema"].startswith("mtaudit")


def test_the_stdout_refusal_asks_the_plan_whether_stdout_gets_a_report(tmp_path: Path) -> None:
    # Each command hands over its plan: a caller that checked stdout_format itself could
    # forget it, and a -q run or `-f md -o out.md > out.md` (one report) was refused.
    from cli.outputs import OutputPlan, refuse_an_output_stdout_goes_into

    out = tmp_path / "out.md"
    saved = os.dup(1)
    try:
        with out.open("w") as fh:
            os.dup2(fh.fileno(), 1)
            refuse_an_output_stdout_goes_into(OutputPlan(None, [("markdown", out)]))
            with pytest.raises(UsageError, match="two reports would be written"):
                refuse_an_output_stdout_goes_into(OutputPlan("terminal", [("markdown", out)]))
            with pytest.raises(UsageError, match="stdout's report and the baseline"):
                refuse_an_output_stdout_goes_into(OutputPlan("terminal", []), baseline=out)
    finally:
        os.dup2(saved, 1)
        os.close(saved)


def test_a_report_file_stderr_is_redirected_into_is_refused(tmp_path: Path) -> None:
    # `audit a.txt -f markdown -o out.md 2> out.md`: the report was renamed over the
    # file stderr went into, and the gate's line ("gate failed: ...") went on into the
    # unlinked file: exit 1, and nothing anywhere said why.
    out = tmp_path / "out.md"
    done = run_redirected(
        ["audit", str(SEED), *NO_LM, "-f", "markdown", "-o", str(out)], out, stream="stderr"
    )
    said = out.read_text(encoding="utf-8")
    assert (done.returncode, done.stdout) == (2, ""), said
    assert said == (
        f"mtaudit: error: cannot write a report to {out}: stderr is redirected into it, "
        "and the file would replace the run's error lines; name another file\n"
    )


def test_the_stderr_refusal_holds_whatever_stdout_gets(tmp_path: Path) -> None:
    # A -q run (no report on stdout) and a baseline lose stderr's lines the same way.
    from cli.outputs import OutputPlan, refuse_an_output_stdout_goes_into

    out = tmp_path / "out.json"
    saved = os.dup(2)
    try:
        with out.open("w") as fh:
            os.dup2(fh.fileno(), 2)
            with pytest.raises(UsageError, match=r"cannot write a report to .*stderr is"):
                refuse_an_output_stdout_goes_into(OutputPlan(None, [("json", out)]))
            with pytest.raises(UsageError, match=r"cannot write the baseline to .*stderr is"):
                refuse_an_output_stdout_goes_into(OutputPlan(None, []), baseline=out)
            refuse_an_output_stdout_goes_into(OutputPlan(None, [("json", tmp_path / "b")]))
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def test_a_walk_never_reads_the_file_stderr_is_redirected_into(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    shutil.copy(SEED, site / "a.txt")
    done = run_redirected(
        ["audit", str(site), *NO_LM, "-f", "json"], site / "log.txt", stream="stderr"
    )
    assert done.returncode in (0, 1), (site / "log.txt").read_text(encoding="utf-8")
    assert [Path(doc["id"]).name for doc in json.loads(done.stdout)["documents"]] == ["a.txt"]


def test_a_report_file_stderr_goes_into_under_another_name_too_is_written(
    tmp_path: Path,
) -> None:
    # `-o r.md 2> l.md`, l.md a hard link of r.md: the report is renamed over r.md and
    # the run's lines stay in l.md, so nothing is lost; it was refused all the same.
    from cli.outputs import OutputPlan, refuse_an_output_stdout_goes_into

    out = tmp_path / "r.md"
    out.touch()
    os.link(out, tmp_path / "l.md")
    saved = os.dup(2)
    try:
        with (tmp_path / "l.md").open("w") as fh:
            os.dup2(fh.fileno(), 2)
            refuse_an_output_stdout_goes_into(OutputPlan(None, [("markdown", out)]))
            refuse_an_output_stdout_goes_into(OutputPlan(None, []), baseline=out)
    finally:
        os.dup2(saved, 2)
        os.close(saved)


@pytest.mark.parametrize("stream", ["stdout", "stderr"])
@pytest.mark.parametrize("before", ["", SEED.read_text(encoding="utf-8")])
def test_an_input_named_that_stdout_or_stderr_is_redirected_into_is_refused(
    tmp_path: Path, stream: str, before: str
) -> None:
    # `audit site/*.txt > site/r.txt`: the shell expands the glob before it makes the
    # file, so from the second run on it names r.txt, which was read (truncated: an
    # empty input, exit 2; with `>>`, the last report as an article).
    site = tmp_path / "site"
    site.mkdir()
    shutil.copy(SEED, site / "a.txt")
    out = site / "r.txt"
    out.write_text(before, encoding="utf-8")
    args = ["audit", str(site / "a.txt"), str(out), *NO_LM, "-f", "json"]
    done = run_redirected(args, out, stream=stream)
    written = out.read_text(encoding="utf-8")
    said = done.stderr if stream == "stdout" else written[len(before) :]
    assert done.returncode == 2, said
    assert said.strip() == (
        f"mtaudit: error: cannot read the input {out}: {stream} is redirected into it "
        "(with '>' the shell has emptied it already; if a glob the shell expanded named it, "
        "quote the glob)"
    )
    assert written.startswith(before)


def test_stdout_and_stderr_redirected_into_one_file_are_one_file(tmp_path: Path) -> None:
    # `audit site &> site/log.txt`: one file, which was listed twice.
    from audits.sources.inputs import FileId
    from cli.console import redirected_into_files

    both = tmp_path / "log.txt"
    saved = os.dup(1), os.dup(2)
    try:
        with both.open("w") as fh:
            os.dup2(fh.fileno(), 1)
            os.dup2(fh.fileno(), 2)
            found = redirected_into_files()
    finally:
        for fd, copy in zip((1, 2), saved, strict=True):
            os.dup2(copy, fd)
            os.close(copy)
    assert found == {FileId.of(os.stat(both)): "stdout"}


def test_a_file_id_without_an_inode_number_is_refused() -> None:
    # A FUSE or SMB mount gives inode 0 to every file: such an id would stand for every
    # file on its device, and a walk would leave them all out.
    from audits.sources.inputs import FileId

    with pytest.raises(ValueError, match="inode 0"):
        FileId(1, 0)


@pytest.mark.parametrize("known_by", ["path", "device and inode"])
def test_a_file_to_skip_is_left_out_of_walks_and_globs_never_when_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, known_by: str
) -> None:
    from audits.sources.inputs import FileId, expand_paths

    monkeypatch.chdir(tmp_path)
    Path("site").mkdir()
    for name in ("a.txt", "r.txt"):
        Path("site", name).write_text("text\n", encoding="utf-8")
    # One file, however it is spelt; or, as stdout redirected into it, by its id alone.
    skip: list[str | FileId] = (
        ["./site/../site/r.txt"] if known_by == "path" else [FileId.of(os.stat("site/r.txt"))]
    )
    assert list(expand_paths(["site"], skip)) == ["site/a.txt"]
    assert list(expand_paths(["site/*.txt"], skip)) == ["site/a.txt"]
    assert list(expand_paths(["site", "site/r.txt"], skip)) == ["site/a.txt", "site/r.txt"]
    # Only a skipped name or a link is resolved: a link by another name is still left out.
    Path("site", "latest.txt").symlink_to("r.txt")
    assert list(expand_paths(["site"], skip)) == ["site/a.txt"]
    assert list(expand_paths(["site/*.txt"], skip)) == ["site/a.txt"]


def test_a_baseline_written_into_an_audited_folder_is_not_read_as_an_article(
    runner: CliRunner, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    site.mkdir()
    shutil.copy(SEED, site / "a.txt")
    args = [str(site), "--write-baseline", str(site / "base.md")]
    assert [Path(i).name for i in _audited_twice(runner, args)] == ["a.txt"]


def test_a_report_that_fails_to_be_written_leaves_the_run_unrecorded(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--new-only reports an article once: if that report is lost (a full disk), the
    article must still be new next time, so the run recorded before the reports (to
    name its id) stays pending, which is no run, until they are written."""
    import cli.console

    history = tmp_path / "h.sqlite"
    report = tmp_path / "new.json"
    args = ["audit", str(SEED), *NO_LM, "--history", str(history), "--new-only", "-o", str(report)]

    def full_disk(path: object, content: str) -> None:
        raise OutputError(f"cannot write {path}: no space left on device")

    with monkeypatch.context() as patch:
        patch.setattr(cli.console, "write_atomic", full_disk)
        lost = runner.invoke(app, args)
    assert lost.exit_code == 2 and "no space left on device" in lost.stderr
    with HistoryStore(history) as store:
        assert store.runs() == []
    delivered = runner.invoke(app, args)
    assert delivered.exit_code == 1, delivered.stderr
    assert len(json.loads(report.read_text())["documents"]) == 1


def test_a_failed_gate_says_which_documents_failed_and_why(
    runner: CliRunner, tmp_path: Path
) -> None:
    # A CI job with -f json (or reports only in files) showed exit 1 and nothing else.
    fine = tmp_path / "fine.txt"
    fine.write_text("Officials met in Vienna on Monday to discuss grain exports.\n")
    args = ["audit", str(SEED), str(fine), *NO_LM, "-f", "json", "--fail-on", "C201"]
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    (line,) = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert line.startswith("mtaudit: error: gate failed: ") and str(SEED) in line
    assert "P(machine-translated)" in line and "findings C201" in line
    assert str(fine) not in line
    passed = runner.invoke(app, ["audit", str(fine), *NO_LM, "-f", "json"])
    assert passed.exit_code == 0 and passed.stderr == ""


def test_an_exit_2_still_names_the_documents_that_failed_the_gate(
    runner: CliRunner, tmp_path: Path
) -> None:
    # An unreadable input takes precedence (exit 2), and its line was all the log said:
    # that a readable article had failed the gate as well went unmentioned.
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    result = runner.invoke(app, ["audit", str(SEED), str(empty), *NO_LM, "-f", "json"])
    assert result.exit_code == 2
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert any(str(empty) in ln and "gate failed" not in ln for ln in lines)
    (gate,) = [ln for ln in lines if "gate failed:" in ln]
    assert str(SEED) in gate and str(empty) not in gate


def test_a_run_level_finding_is_named_once_per_document() -> None:
    from audits.config import AuditConfig
    from audits.gate import evaluate
    from tests.report_fixtures import run_finding, sample_run

    run = sample_run()
    rf = run_finding(run.documents)
    rf.places.append(rf.places[0])  # a second spelling in the same document
    run.run_findings.append(rf)
    gate = evaluate(run, AuditConfig(fail_on=["N310"]))
    (reasons,) = gate.failed.values()
    assert reasons.count("finding N310") == 1


def test_the_gate_line_stays_one_line_whatever_the_ids() -> None:
    gate = GateResult(failed={"rec\n\x1b[2Jx": ["findings C201"], "b": ["findings N301"]})
    line = gate.failure_line()
    assert "\n" not in line and "\x1b" not in line
    assert line == "gate failed: rec\u240a\u241b[2Jx (findings C201), b (findings N301)"


def test_a_report_gets_the_permissions_a_plain_write_would_give(
    runner: CliRunner, tmp_path: Path
) -> None:
    from audits.reports import write_atomic

    old = os.umask(0o027)
    try:
        fresh = tmp_path / "new.json"
        result = runner.invoke(app, ["audit", str(SEED), *NO_LM, "-o", str(fresh)])
        assert result.exit_code == 1, result.stderr
        assert stat.S_IMODE(fresh.stat().st_mode) == 0o640
        kept = tmp_path / "kept.json"
        kept.write_text("previous report")
        kept.chmod(0o604)
        write_atomic(kept, "new report")
        assert stat.S_IMODE(kept.stat().st_mode) == 0o604 and kept.read_text() == "new report"
    finally:
        os.umask(old)


def test_no_color_and_non_tty_output_is_plain(runner: CliRunner) -> None:
    result = runner.invoke(app, ["audit", str(SEED), *NO_LM], env={"NO_COLOR": "1"})
    assert "\x1b[" not in result.stdout
    assert "Awani Review" in result.stdout


ENTRY = shutil.which("mtaudit", path=str(Path(sys.executable).parent))


@pytest.mark.skipif(ENTRY is None, reason="the mtaudit console script is not installed")
def test_installed_entry_point_reports_errors_in_one_line(tmp_path: Path) -> None:
    env = {**os.environ, "NO_COLOR": "1"}
    proc = subprocess.run(
        [ENTRY, "audit", str(tmp_path / "nope.txt"), *NO_LM],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0
    assert "no such file or directory" in proc.stderr
    assert "Traceback" not in proc.stderr
    # Usage errors are click's own message (typer 0.2x raises them from its vendored
    # click, which a handler for click's exceptions took for an internal error).
    for args, said in [
        (["audit", str(SEED), "--bogus-flag"], "No such option: --bogus-flag"),
        (["audit"], "Missing argument 'PATH'"),
        (["audit", str(SEED), "--fail-over", "abc"], "Invalid value for '--fail-over'"),
    ]:
        usage = subprocess.run([ENTRY, *args], capture_output=True, text=True, env=env, timeout=120)
        assert usage.returncode == 2 and said in usage.stderr, usage.stderr
        assert "internal error" not in usage.stderr and "Traceback" not in usage.stderr


def test_a_document_the_engine_fails_on_becomes_an_error_entry(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Injected faults stand for engine bugs: one in segmenting, one in a detector.
    from audits import engine
    from audits.config import AuditConfig
    from audits.detectors.typography import Typography
    from audits.document import Document

    real_segment, real_detect = engine.segment, Typography.detect

    def segment(text: str):  # type: ignore[no-untyped-def]
        if "SEGFAULT" in text:
            raise RecursionError("maximum recursion depth exceeded")
        return real_segment(text)

    def detect(self, ctx):  # type: ignore[no-untyped-def]
        if "DETECTFAULT" in ctx.text:
            raise KeyError("boom")
        return real_detect(self, ctx)

    monkeypatch.setattr(engine, "segment", segment)
    monkeypatch.setattr(Typography, "detect", detect)
    seed = SEED.read_text(encoding="utf-8")
    docs = [
        Document(id="a", text="SEGFAULT here.", source="a.txt"),
        Document(id="seed", text=seed, source="seed.txt"),
        Document(id="b", text="DETECTFAULT here. Another sentence.", source="b.txt"),
    ]
    run = engine.audit_documents(docs, AuditConfig(lm=False))
    assert [d.status for d in run.documents] == ["error", "ok", "error"]
    assert run.documents[0].error == (
        "internal error while auditing (RecursionError: maximum recursion depth exceeded)"
    )
    assert run.documents[2].error == "internal error while auditing (KeyError: 'boom')"
    assert run.documents[1].verdict.machine_translated


@pytest.mark.parametrize("content", ["[]", '{"schema": "mtaudit-verdict/2"}', "nan-intercepts"])
def test_a_malformed_verdict_model_is_a_one_line_error(
    runner: CliRunner, tmp_path: Path, content: str
) -> None:
    """Not an internal error, and not a NaN probability that lets --fail-over 0 pass."""
    model = tmp_path / "m.json"
    if content == "nan-intercepts":
        raw = json.loads(
            (Path(__file__).parent.parent / "audits/data/verdict_model.json").read_text()
        )
        for variant in raw["variants"].values():
            variant["intercept"] = float("nan")
        content = json.dumps(raw)
    model.write_text(content)
    args = ["audit", str(SEED), *NO_LM, "--verdict-model", str(model), "--fail-over", "0"]
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert (
        result.stderr.startswith("mtaudit: error: verdict model ") and str(model) in result.stderr
    )


def test_model_flags_of_a_run_without_the_model_are_warned_of(
    runner: CliRunner, tmp_path: Path
) -> None:
    # `--no-lm --model ./big-model --device cuda` ran without a word, as if the model
    # had scored the text.
    article = tmp_path / "a.txt"
    shutil.copy(SEED, article)
    args = ["audit", str(article), "--no-lm", "-f", "json"]
    result = runner.invoke(app, [*args, "--model", "x/y", "--device", "cuda", "--batch-size", "4"])
    assert result.exit_code in (0, 1) and json.loads(result.stdout)["documents"]
    assert (
        "warning: --model, --device, --batch-size have no effect: the language model does "
        "not run (--no-lm)" in result.stderr
    )
    (tmp_path / "mtaudit.toml").write_text("lm = false\n")
    from_file = runner.invoke(app, ["audit", str(article), "-f", "json", "--dtype", "bf16"])
    assert "--dtype has no effect" in from_file.stderr and "lm = false in " in from_file.stderr
    # --cache-dir serves rule N303's index too; a config file's model is no flag.
    (tmp_path / "mtaudit.toml").write_text('lm = false\nmodel = "x/y"\n')
    quiet = runner.invoke(app, [*args, "--cache-dir", str(tmp_path / "cache")])
    assert "no effect" not in quiet.stderr


@pytest.mark.parametrize(
    ("closed", "args", "status", "line"),
    [
        ("<&-", ["-"], 2, "mtaudit: error: stdin: cannot read: stdin is closed"),
        (
            ">&-",
            ["clean.txt"],
            2,
            "mtaudit: error: cannot write the report to stdout: stdout is closed (write it "
            "to a file with -o FILE, or give the run a stdout)",
        ),
        ("2>&-", ["clean.txt"], 0, None),
    ],
)
def test_a_job_started_with_a_standard_stream_closed(
    tmp_path: Path, closed: str, args: list[str], status: int, line: str | None
) -> None:
    """A job whose scheduler or script closed stdin, stdout or stderr ('<&-') ended on
    'internal error: AttributeError' (Python gives a closed stream as None): reading
    '-', after the whole audit for the report on stdout, and at once for the progress
    bar, so that even a clean article exited 2. Stdin is an input that cannot be read,
    stdout a report that cannot be written (said before the audit), and without
    stderr the run goes on unheard."""
    from tests.conftest import ROOT

    (tmp_path / "clean.txt").write_text("The council met on Tuesday to agree the budget.\n")
    command = [sys.executable, "-c", "from cli.app import main; main()", "audit", *args]
    log = tmp_path / "stderr.txt"
    script = f'exec "$@" {closed}' + ("" if closed.startswith("2") else f' 2>"{log}"')
    result = subprocess.run(
        ["bash", "-c", script, "mtaudit", *command, *NO_LM, "-f", "json"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1"},
        capture_output=closed != ">&-",
        timeout=300,
    )
    assert result.returncode == status
    if line is not None:
        assert log.read_text().splitlines()[-1] == line


@pytest.mark.parametrize(
    ("args", "status"),
    [
        (["--bogus"], 2),  # a usage error: its line is all the run has to say
        (["missing.txt", "clean.txt", "-f", "json"], 2),  # an unreadable input
        (["clean.txt", "-f", "json"], 0),
    ],
)
def test_stderr_into_a_reader_gone_early(tmp_path: Path, args: list[str], status: int) -> None:
    """`mtaudit audit --bogus 2>&1 | true` exited 1, the status of a failed gate, in
    place of the usage error's 2: rich met the broken pipe on stderr, pointed *stdout*
    at the null device and exited 1, so the JSON report on a live stdout was lost too.
    Stderr here is a pipe whose reader has gone before the run starts."""
    from tests.conftest import ROOT

    (tmp_path / "clean.txt").write_text("The council met on Tuesday to agree the budget.\n")
    reader, writer = os.pipe()
    os.close(reader)
    try:
        result = subprocess.run(
            [sys.executable, "-c", "from cli.app import main; main()", "audit", *args, *NO_LM],
            cwd=tmp_path,
            env={**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1"},
            stdout=subprocess.PIPE,
            stderr=writer,
            text=True,
            timeout=300,
        )
    finally:
        os.close(writer)
    assert result.returncode == status
    if "json" in args:
        report = json.loads(result.stdout)
        assert (report["summary"]["ok"], report["summary"]["errors"]) == (1, int(status == 2))


def test_quiet_prints_no_report_and_keeps_the_status_the_lines_and_the_files(
    runner: CliRunner, isolated_cwd: Path
) -> None:
    """A CI gate wants the exit status and what failed, not a report of every document
    in its log: there was no --quiet, and `-o r.sarif` printed the terminal report too."""
    result = runner.invoke(app, ["audit", str(SEED), "missing.txt", *NO_LM, "-q", "-o", "r.sarif"])
    assert result.exit_code == 2  # an unreadable input, over the failed gate's 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "mtaudit: error: missing.txt: no such file or directory",
        result.stderr.splitlines()[1],
    ]
    assert result.stderr.splitlines()[1].startswith("mtaudit: error: gate failed: ")
    sarif = json.loads((isolated_cwd / "r.sarif").read_text(encoding="utf-8"))
    assert len(sarif["runs"][0]["artifacts"]) == 2


def test_quiet_overrides_a_config_files_format_and_refuses_a_format_flag(
    runner: CliRunner, isolated_cwd: Path
) -> None:
    (isolated_cwd / "mtaudit.toml").write_text('format = "json"\nlm = false\n', encoding="utf-8")
    shutil.copy(SEED, isolated_cwd / "seed.txt")
    assert runner.invoke(app, ["audit", "seed.txt"]).stdout.startswith("{")  # the file's
    quiet = runner.invoke(app, ["audit", "seed.txt", "--quiet"])
    assert (quiet.exit_code, quiet.stdout) == (1, "")
    both = runner.invoke(app, ["audit", "seed.txt", "--quiet", "-f", "json"])
    assert both.exit_code == 2 and both.stdout == ""
    assert both.stderr.startswith("mtaudit: error: --quiet prints no report on stdout")
    assert len(both.stderr.splitlines()) == 1


def test_quiet_draws_no_progress_bar_on_a_terminal(isolated_cwd: Path) -> None:
    """`-q` left the report out but still drew the progress bar on a terminal's
    stderr; what is left there is the lines that say what failed."""
    shutil.copy(SEED, isolated_cwd / "seed.txt")
    args = ["audit", "seed.txt", *NO_LM, "-o", "r.json"]
    shown = "\n".join(on_a_terminal(args, 100, isolated_cwd, with_stderr=True))
    assert "Checking rules" in shown  # the bar, without -q
    quiet = "\n".join(on_a_terminal([*args, "-q"], 100, isolated_cwd, with_stderr=True))
    assert "Checking rules" not in quiet and "\x1b[?25l" not in quiet, quiet
    assert "gate failed" in quiet


@pytest.mark.parametrize("output", ["r.json", "report"])
def test_quiet_takes_a_format_that_only_sets_a_files(
    runner: CliRunner, isolated_cwd: Path, output: str
) -> None:
    """`-q -f json -o r.json` was refused (exit 2) though --format put nothing on
    stdout, and `-q -o report` advised --format, which then failed the same way.
    --format that sets a file's format alone is taken; only one for stdout is refused."""
    args = ["audit", str(SEED), *NO_LM, "-q", "-f", "json", "-o", output]
    result = runner.invoke(app, args)
    assert result.exit_code == 1 and result.stdout == "", result.output
    assert "--quiet" not in result.stderr
    assert json.loads((isolated_cwd / output).read_text(encoding="utf-8"))["documents"]
    both = runner.invoke(app, ["audit", str(SEED), *NO_LM, "-q", "-f", "json", "-o", "r.html"])
    assert both.exit_code == 2 and both.stdout == ""
    assert both.stderr.startswith("mtaudit: error: --quiet prints no report on stdout")


_LOOPS = (
    "it is a link that loops (its target b.json leads back through links, never to a file); "
    "remove the link or name another file"
)


@pytest.mark.parametrize(
    "args",
    [
        ["audit", str(SEED), *NO_LM, "-o", "a.json"],
        ["audit", str(SEED), *NO_LM, "-o", "json:a.json", "-q"],
        ["audit", str(SEED), *NO_LM, "--write-baseline", "a.json"],
        ["compare", str(SEED), str(SEED), "--no-ter", "-o", "a.json"],
    ],
)
def test_an_output_that_is_a_link_that_loops_is_refused(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    # Written through as a link to a file is, a loop named no file, and the report
    # replaced the link a.json without a word (b.json then led nowhere).
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.json").symlink_to("b.json")
    (tmp_path / "b.json").symlink_to("a.json")
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert result.stderr == f"mtaudit: error: cannot write a.json: {_LOOPS}\n"
    assert os.readlink("a.json") == "b.json" and os.readlink("b.json") == "a.json"


@pytest.mark.parametrize(
    "args",
    [
        ["audit", str(SEED), *NO_LM, "-q", "--history", "a.json"],
        ["history", "runs", "--history", "a.json"],
        ["report", "--history", "a.json"],
    ],
)
def test_a_history_that_is_a_link_that_loops_is_one_clear_line(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    # SQLite opened it and said "not an mtaudit history database (file is not a
    # database)", or `history` "no such database (`mtaudit audit --history` creates it)".
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.json").symlink_to("b.json")
    (tmp_path / "b.json").symlink_to("a.json")
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert result.stderr == f"mtaudit: error: history a.json: {_LOOPS}\n"
    assert os.readlink("a.json") == "b.json" and os.readlink("b.json") == "a.json"


@pytest.mark.parametrize(
    ("args", "subject"),
    [
        (["audit", str(SEED), *NO_LM, "-q", "-o", "json:dl/r.json"], "cannot write dl/r.json"),
        (
            ["audit", str(SEED), *NO_LM, "-q", "-o", "json:dl/sub/r.json"],
            "cannot write dl/sub/r.json",
        ),
        (["audit", str(SEED), *NO_LM, "-q", "--history", "dl/h.sqlite"], "history dl/h.sqlite"),
    ],
)
def test_a_folder_that_is_a_link_that_loops_is_named_so(
    runner: CliRunner,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    subject: str,
) -> None:
    # The folder above the report or the history was 'directory dl does not exist',
    # where dl is there: a link that leads back to itself.
    monkeypatch.chdir(tmp_path)
    (tmp_path / "dl").symlink_to("dl")
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        f"mtaudit: error: {subject}: dl is a link that loops (its target dl leads back "
        "through links, never to a folder); remove the link or name another folder\n"
    )
    assert os.readlink("dl") == "dl"


def test_a_name_with_a_line_break_keeps_its_error_on_one_line(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The name was printed as it was: its newline broke the error in two.
    monkeypatch.chdir(tmp_path)
    missing = runner.invoke(app, ["audit", *NO_LM, "-q", "no\nsuch\u2028file.txt"])
    assert missing.exit_code == 2
    assert missing.stderr == (
        "mtaudit: error: no\\nsuch\\u2028file.txt: no such file or directory\n"
    )
    nowhere = runner.invoke(app, ["audit", *NO_LM, str(SEED), "-o", "json:d\nir/r.json"])
    assert nowhere.exit_code == 2
    assert nowhere.stderr == (
        "mtaudit: error: cannot write d\\nir/r.json: directory d\\nir does not exist\n"
    )


@pytest.mark.parametrize("command", ["audit", "compare"])
def test_an_input_name_too_long_is_told_in_the_words_of_every_other_error(
    tmp_path: Path, command: str
) -> None:
    """An input named over the file system's limit read "cannot read (File name too
    long)", Python's capital in a line whose other reasons are lower case ("no such file
    or directory", "permission denied")."""
    name = str(tmp_path / ("a" * (os.pathconf(tmp_path, "PC_NAME_MAX") + 1)))
    args = [name, str(SEED)] if command == "compare" else [name, "--no-lm", "-q"]
    result = CliRunner().invoke(app, [command, *args, "--isolated"])
    assert result.exit_code == 2, result.output
    assert f"mtaudit: error: {name}: cannot read (file name too long)\n" in result.stderr
