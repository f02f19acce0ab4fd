"""Every report format names a recorded run by the same `mtaudit history show` command:
the terminal, HTML and `github` formats, the Markdown report and the JSON each built it
themselves, so a change to one would leave the others naming another."""

from __future__ import annotations

import html
import json
import re

import pytest

from audits.document import RunAudit
from audits.history_commands import plain_show_command, show_command_naming
from audits.reports import REPORTERS, get_reporter
from tests.report_fixtures import sample_run

# The formats that name the command; CSV, JSONL and SARIF name the run's id alone.
NAMING = {"terminal", "json", "html", "markdown", "github"}
# A command as a report writes it, up to what ends it there: `(...)` in the terminal,
# HTML and `github` labels, a code span in Markdown, a string in JSON.
COMMAND = re.compile(r"mtaudit history show [^)`\"\n]*")


def commands(run: RunAudit, name: str) -> list[str]:
    text = get_reporter(name).render(run)
    if name == "html":
        text = html.unescape(text)
    elif name == "json":
        return [json.loads(text)["history_show_command"]]
    return COMMAND.findall(text)


@pytest.mark.parametrize(
    "given", [None, show_command_naming(7, "runs of the desk/h.sqlite")], ids=["plain", "named"]
)
def test_every_report_format_shows_the_same_command_for_a_run(given: str | None) -> None:
    run = sample_run()
    run.history_run_id = 7
    run.history_show_command = given
    expected = given or plain_show_command(7)
    assert expected.startswith("mtaudit history show 7")
    shown = {name: commands(run, name) for name in REPORTERS}
    assert {name for name, found in shown.items() if found} == NAMING
    assert {name: shown[name] for name in NAMING} == {name: [expected] for name in NAMING}


def test_a_report_of_no_history_shows_no_command() -> None:
    run = sample_run()
    assert {name: commands(run, name) for name in REPORTERS if name != "json"} == {
        name: [] for name in REPORTERS if name != "json"
    }
    assert json.loads(get_reporter("json").render(run))["history_show_command"] is None


def test_the_named_command_quotes_the_history_for_a_shell() -> None:
    assert show_command_naming(3, "a b/h's.sqlite") == (
        "mtaudit history show 3 --history 'a b/h'\"'\"'s.sqlite'"
    )
    assert show_command_naming(3, "runs.sqlite") == "mtaudit history show 3 --history runs.sqlite"
