from __future__ import annotations

import json
import re
from pathlib import Path

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
    # Pasted with the spaces around it, a code is still that rule, not a list of one.
    assert runner.invoke(app, ["rules", " s500 "]).stdout == result.stdout
    as_json = json.loads(runner.invoke(app, ["rules", "S500", "-f", "json"]).stdout)
    assert as_json["code"] == "S500" and as_json["family"] == "S"


def test_unknown_rule_is_a_clear_error(runner: CliRunner) -> None:
    result = runner.invoke(app, ["rules", "Z999"])
    assert result.exit_code == 2
    assert "no rule or prefix 'Z999'" in result.stderr


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


def test_rules_piped_gives_each_rule_whole_on_one_line(runner: CliRunner) -> None:
    # An editor greps the list: `mtaudit rules | grep N310` must show the rule's full
    # name and summary, not "name-spelled-…" and the first words of the summary.
    lines = runner.invoke(app, ["rules"]).stdout.splitlines()
    for rule in all_rules().values():
        row = [line for line in lines if line.split()[:1] == [rule.code]]
        assert len(row) == 1, rule.code
        assert f" {rule.name} " in row[0] and rule.summary in row[0]


def test_rules_takes_a_family_or_prefix_as_select_does(runner: CliRunner) -> None:
    result = runner.invoke(app, ["rules", "n3"])
    assert result.exit_code == 0, result.output
    shown = set(re.findall(r"^  ([A-Z]\d{3}) ", result.stdout, re.MULTILINE))
    assert {"N301", "N302", "N303", "N310"} <= shown
    assert not any(code.startswith(("C", "T")) for code in shown)
    listed = json.loads(runner.invoke(app, ["rules", "N", "-f", "json"]).stdout)
    assert [r["code"] for r in listed] == [c for c in all_rules() if c.startswith("N")]
    every = json.loads(runner.invoke(app, ["rules", "all", "-f", "json"]).stdout)
    assert [r["code"] for r in every] == list(all_rules())
    missing = runner.invoke(app, ["rules", "Q"])
    assert missing.exit_code == 2 and "no rule or prefix 'Q'" in missing.stderr


def test_rules_into_a_closed_stdout_or_a_reader_gone_early() -> None:
    """`mtaudit rules` printed through a console of its own, not as reports are
    printed: with stdout closed it ended on 'internal error: AttributeError', and into
    a reader that had stopped (`| head`) with status 1 and Python's 'Exception
    ignored ... BrokenPipeError'. Now one line and 2, and 0 with nothing said."""
    import os
    import subprocess
    import sys

    from tests.conftest import NO_STDOUT, ROOT, run_stdout_closed

    mtaudit = [sys.executable, "-c", "from cli.app import main; main()"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for args in (["rules"], ["rules", "C201"], ["rules", "-f", "json"]):
        # rules has no -o: the error's advice no longer names one.
        assert run_stdout_closed(args) == (2, NO_STDOUT), args
        gone = subprocess.run(
            ["bash", "-c", '"$@" | true; exit "${PIPESTATUS[0]}"', "mtaudit", *mtaudit, *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
        assert (gone.returncode, gone.stderr) == (0, ""), args


def test_rules_on_a_narrow_terminal_keep_code_name_and_summary(tmp_path: Path) -> None:
    """On an 80-column terminal the list read "Seve…", "Langu…" and a summary four
    letters wide ("Engl… phra…"), as the name's column took its widest name and rich
    shrank the rest alike; at 40 the codes were gone, leaving names alone. The family
    (the code's letter) and languages give way, then the severity and summary; the
    code and the name are never cut."""
    from tests.conftest import on_a_terminal

    rules = list(all_rules().values())
    wide = "\n".join(on_a_terminal(["rules"], 80, tmp_path, NO_COLOR="1"))
    words = set(wide.split())
    for rule in rules:
        assert rule.code in words and rule.name in words, rule.code
        assert set(rule.summary.split()) <= words, rule.code
    assert str(rules[0].severity) in words
    shown = on_a_terminal(["rules"], 40, tmp_path, NO_COLOR="1")
    narrow = shown[: next(i for i, line in enumerate(shown) if line.startswith("Families:"))]
    assert all(len(line) <= 40 for line in narrow)
    codes = {line.split()[0] for line in narrow if line.split()}
    assert {rule.code for rule in rules} <= codes
    folded = "".join(line.strip() for line in narrow)
    assert all(rule.name in folded for rule in rules)


def test_rules_on_a_terminal_too_narrow_for_the_table_never_cut_a_code(tmp_path: Path) -> None:
    """Under 27 columns the code and name columns no longer fit side by side, and rich
    shrank the code's: "C20" for C201 at 25 columns, "C" at 20. There the rules are
    listed one a line, each code whole at the start of its line."""
    from tests.conftest import on_a_terminal

    codes = {rule.code for rule in all_rules().values()}
    for columns in (26, 25, 20, 12):
        shown = on_a_terminal(["rules"], columns, tmp_path, NO_COLOR="1")
        listed = shown[: next(i for i, line in enumerate(shown) if line.startswith("Families:"))]
        assert all(len(line) <= columns for line in listed), columns
        firsts = {line.split()[0] for line in listed if line.split()}
        assert codes <= firsts, (columns, sorted(codes - firsts)[:5])


def test_a_rule_is_named_by_its_name_where_its_code_is_taken(runner: CliRunner) -> None:
    # `mtaudit rules` lists each rule by code and name; the name was refused ("no rule
    # or prefix 'french-calque'"), and so was `--select french-calque`.
    by_code = runner.invoke(app, ["rules", "C201"]).stdout
    assert runner.invoke(app, ["rules", "french-calque"]).stdout == by_code
    assert runner.invoke(app, ["rules", " French-Calque "]).stdout == by_code
    assert resolve_selection(list(all_rules().values()), ["french-calque,N3"]) == {
        "C201",
        *(c for c in all_rules() if c.startswith("N3")),
    }


def test_a_near_miss_of_a_name_or_code_says_which_rule_was_meant(runner: CliRunner) -> None:
    result = runner.invoke(app, ["rules", "frnch-calque"])
    assert result.exit_code == 2
    assert result.stderr == (
        "mtaudit: error: no rule or prefix 'frnch-calque' (did you mean french-calque (C201) "
        "or dutch-calque (C210)?); `mtaudit rules` lists them\n"
    )
    assert "(did you mean french-calque (C201)?)" in runner.invoke(app, ["rules", "C2011"]).stderr
    # A letter O for a 0 means the code it spells; difflib ranked C210 first.
    assert "(did you mean french-calque (C201) or dutch-calque (C210)?)" in (
        runner.invoke(app, ["rules", "C2O1"]).stderr
    )
    far = runner.invoke(app, ["rules", "Z999"]).stderr
    assert "did you mean" not in far
    gate = runner.invoke(app, ["audit", "-", "--no-lm", "--isolated", "--fail-on", "frnch-calque"])
    assert gate.exit_code == 2
    assert (
        "--fail-on: unknown rule code or prefix 'frnch-calque' (did you mean french-calque (C201)"
        in (" ".join(gate.stderr.split()))
    )


def test_a_rule_another_command_runs_is_named_not_called_unknown(
    runner: CliRunner, tmp_path: Path
) -> None:
    """Names are read as codes before they are checked, so `compare --select
    french-calque` said "unknown rule code or prefix 'C201'": a real code, and not what
    the user typed. The error names the rule by code and name."""
    (tmp_path / "hyp.txt").write_text("The café opened at noon.\n")
    (tmp_path / "ref.txt").write_text("The café opened at noon.\n")
    hyp, ref = str(tmp_path / "hyp.txt"), str(tmp_path / "ref.txt")
    for flag in ("--select", "--ignore", "--fail-on"):
        compare = runner.invoke(
            app, ["compare", hyp, ref, "-q", "--isolated", flag, "french-calque"]
        )
        assert compare.exit_code == 2
        assert compare.stderr == (
            f"mtaudit: error: {flag}: 'C201' (french-calque) is not a rule this command runs; "
            "this command takes R701, R702, R703\n"
        )
    prefix = runner.invoke(app, ["compare", hyp, ref, "-q", "--isolated", "--select", "c2"])
    assert "--select: 'C2' names no rule this command runs;" in prefix.stderr
    audit = runner.invoke(
        app, ["audit", hyp, "--no-lm", "-q", "--isolated", "--select", "low-sentence-chrf"]
    )
    assert audit.exit_code == 2
    assert "--select: 'R701' (low-sentence-chrf) is not a rule this command runs;" in (
        " ".join(audit.stderr.split())
    )
    gate = runner.invoke(
        app,
        ["audit", hyp, "--no-lm", "-q", "--isolated", "--select", "c2", "--fail-on", "mojibake"],
    )
    assert gate.exit_code == 2
    assert "--fail-on: 'S500' (mojibake) names no rule this run runs" in (
        " ".join(gate.stderr.split())
    )
