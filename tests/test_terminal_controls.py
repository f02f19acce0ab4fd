"""An article's control characters reach no terminal from a report printed on stdout.

Articles come from untrusted feeds: a JSONL record's title can hold an OSC sequence
that retitles the window, a CSI that clears the screen, a CR alone that overwrites
the start of its line, an 8-bit CSI (U+009B) or a bidi override. Human formats show
them as symbols, JSON formats escape them, and CSV escapes them on stdout while its
file keeps the article's exact text.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Ran

NO_LM = ["--no-lm", "--isolated"]
MTAUDIT = [sys.executable, "-c", "from cli.app import main; main()"]
TITLE = "Evil\x1b]0;pwned\x07 title\rXX \x9b2J \u202eesrever\u2028next\x7f"
TEXT = (
    "He said\x1b[2J hello to the minister yesterday.\rXX The talks went on \u202eall day"
    "\x9b31m in Geneva.\x08\x08 They agreed nothing in the end."
)
# What a terminal obeys: the C0 controls but tab and LF, a CR that ends no line, DEL,
# the C1 controls and the bidi embeddings, overrides and isolates.
OBEYED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]|\r(?!\n)")
# JSON escapes the line and paragraph separators too: a reader that splits lines
# as Python's splitlines does broke a JSON line at them.
OBEYED_IN_JSON = re.compile(f"{OBEYED.pattern}|[\u2028\u2029]")


# How CSV on stdout shows each control of TITLE, TEXT and the id: as its symbol, a CR
# that ends no line as ␍, a C1 control or a bidi override as U+FFFD.
CSV_PICTURES = {
    "\x1b": "␛",
    "\x07": "␇",
    "\r": "␍",
    "\x08": "␈",
    "\x7f": "␡",
    "\x9b": "\ufffd",
    "\u202e": "\ufffd",
}


@pytest.fixture
def hostile_record(tmp_path: Path) -> Path:
    record = {"id": "doc\x1b[31m1", "title": TITLE, "url": "https://example.com/a", "text": TEXT}
    path = tmp_path / "hostile.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "fmt", ["terminal", "json", "jsonl", "csv", "markdown", "html", "sarif", "github"]
)
def test_no_report_on_stdout_holds_a_control_a_terminal_obeys(
    run_mtaudit: Callable[[list[str]], Ran], hostile_record: Path, fmt: str
) -> None:
    code, out, err = run_mtaudit(["audit", *NO_LM, "-f", fmt, str(hostile_record)])
    assert code == 0, err
    assert "doc" in out
    pattern = OBEYED_IN_JSON if fmt in ("json", "jsonl", "sarif") else OBEYED
    assert pattern.findall(out) == []
    assert OBEYED.findall(err) == []


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_json_reports_escape_controls_and_keep_the_exact_text(
    run_mtaudit: Callable[[list[str]], Ran], hostile_record: Path, tmp_path: Path, fmt: str
) -> None:
    written = tmp_path / f"report.{fmt}"
    code, _, err = run_mtaudit(["audit", *NO_LM, "-o", str(written), str(hostile_record)])
    assert code == 0, err
    code, out, err = run_mtaudit(["audit", *NO_LM, "-f", fmt, str(hostile_record)])
    assert code == 0, err
    for text in (out, written.read_text(encoding="utf-8")):
        assert "\\u009b" in text and "\\u202e" in text and "\\u2028" in text
        document = json.loads(text) if fmt == "json" else json.loads(text.splitlines()[0])
        if fmt == "json":
            document = document["documents"][0]
        assert document["title"] == TITLE


def test_markdown_shows_controls_as_symbols(
    run_mtaudit: Callable[[list[str]], Ran], hostile_record: Path
) -> None:
    code, out, err = run_mtaudit(["audit", *NO_LM, "-f", "markdown", str(hostile_record)])
    assert code == 0, err
    # As the terminal report shows them: ESC as ␛, BEL as ␇, a CR as a space, and a
    # C1 control or a bidi override as U+FFFD.
    assert "### Evil␛\\]0;pwned␇ title XX \ufffd2J \ufffdesrever" in out


def test_csv_on_stdout_shows_controls_and_its_file_keeps_them(
    run_mtaudit: Callable[[list[str]], Ran], hostile_record: Path, tmp_path: Path
) -> None:
    written = tmp_path / "report.csv"
    code, _, err = run_mtaudit(["audit", *NO_LM, "-o", str(written), str(hostile_record)])
    assert code == 0, err
    code, out, err = run_mtaudit(["audit", *NO_LM, "-f", "csv", str(hostile_record)])
    assert code == 0, err
    exact = written.read_bytes().decode("utf-8")
    # The file holds the article's exact text, every control in place.
    rows = list(csv.DictReader(io.StringIO(exact[1:], newline="")))
    assert rows[0]["title"] == TITLE
    # Stdout differs from it in those controls alone, each shown (a CR alone as ␍):
    # the same rows of the same cells.
    shown = str.maketrans(CSV_PICTURES)
    assert list(csv.reader(io.StringIO(out.lstrip("\ufeff"), newline=""))) == [
        [cell.translate(shown) for cell in row]
        for row in csv.reader(io.StringIO(exact[1:], newline=""))
    ]
    assert "Evil␛]0;pwned␇ title␍XX \ufffd2J \ufffdesrever" in out
    assert OBEYED.findall(out) == []
    assert out.count("\r\n") == exact.count("\r\n")  # its rows end as the file's do


def test_csv_written_to_the_runs_own_stdout_shows_controls_too(hostile_record: Path) -> None:
    # In a process of its own: /dev/stdout is the process's stdout, not a capture.
    ran = subprocess.run(
        [*MTAUDIT, "audit", *NO_LM, "-o", "csv:/dev/stdout", str(hostile_record)],
        capture_output=True,
        check=False,
    )
    assert ran.returncode == 0, ran.stderr
    out = ran.stdout.decode("utf-8")
    assert "Evil␛]0;pwned␇ title␍XX" in out
    assert OBEYED.findall(out) == []


def test_trend_csv_on_stdout_shows_controls(
    run_mtaudit: Callable[[list[str]], Ran], hostile_record: Path, tmp_path: Path
) -> None:
    history = tmp_path / "h.sqlite"
    code, _, err = run_mtaudit(["audit", *NO_LM, "--history", str(history), str(hostile_record)])
    assert code == 0, err
    code, out, err = run_mtaudit(["report", "--history", str(history), "-f", "csv"])
    assert code == 0, err
    assert "Evil␛]0;pwned␇ title␍XX" in out
    assert OBEYED.findall(out) == []


def test_compare_json_escapes_c1_controls_and_bidi_overrides(
    run_mtaudit: Callable[[list[str]], Ran], tmp_path: Path
) -> None:
    hypothesis = tmp_path / "hyp.txt"
    hypothesis.write_text("The talks went on \u202eall day\x9b31m in Geneva.\n", encoding="utf-8")
    reference = tmp_path / "ref.txt"
    reference.write_text("The talks went on all day in Geneva.\n", encoding="utf-8")
    code, out, err = run_mtaudit(
        ["compare", "--isolated", "-f", "json", str(hypothesis), str(reference)]
    )
    assert code in (0, 1), err
    assert OBEYED_IN_JSON.findall(out) == []
    assert "\\u202eall day\\u009b31m" in out
    json.loads(out)


# Job names with a control a terminal acts on (ESC, a bidi override) or draws as it
# likes (a noncharacter, one beyond the BMP too), and how `history runs` lists each.
LISTED_JOBS = {
    "x\x1b[2J\u202ey.jsonl": "$'x\\x1b[2J\\u202ey.jsonl'",
    "only\u202ebidi.jsonl": "$'only\\u202ebidi.jsonl'",
    "non\ufffe\U0001fffechar.jsonl": "$'non\\ufffe\\U0001fffechar.jsonl'",
}


def _as_bash_reads(word: str) -> str:
    """The argument bash makes of ``word`` typed on its command line."""
    ran = subprocess.run(
        ["bash", "-c", f"printf %s {word}"],
        capture_output=True,
        check=True,
        env={"LC_ALL": "C.UTF-8", "PATH": "/usr/bin:/bin"},
    )
    return ran.stdout.decode("utf-8")


def test_history_runs_lists_a_job_named_with_controls_so_that_it_reads_back(
    run_mtaudit: Callable[[list[str]], Ran],
    hostile_record: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # each name on one line of the table
    monkeypatch.chdir(tmp_path)  # the inputs named as typed, without a folder
    history = tmp_path / "h.sqlite"
    for name in LISTED_JOBS:
        Path(name).write_bytes(hostile_record.read_bytes())
        code, _, err = run_mtaudit(["audit", *NO_LM, "--history", str(history), name])
        assert code == 0, err
    code, out, err = run_mtaudit(["history", "runs", "--history", str(history)])
    assert code == 0, err
    assert OBEYED.findall(out) == []
    for run_id, (name, listed) in enumerate(LISTED_JOBS.items(), start=1):
        assert listed in out
        # Pasted after --job, the listed name is that job again: bash reads its escapes.
        pasted = _as_bash_reads(listed)
        assert pasted == name
        code, out_of_job, err = run_mtaudit(
            ["history", "runs", "--history", str(history), "--job", pasted]
        )
        assert code == 0, err
        listed_runs = re.findall(r"^\s+(\d+)\s+\d{4}-", out_of_job, flags=re.MULTILINE)
        assert listed_runs == [str(run_id)]


def test_a_job_name_holding_any_character_the_reports_show_as_a_symbol_is_escaped() -> None:
    from audits.history import pasted_name
    from audits.reports.labels import printable

    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    shown = printable(every)
    assert len(shown) == len(every)  # one for one
    symbols = [c for c, seen in zip(every, shown, strict=True) if c != seen]
    assert "\u202e" in symbols and "\U0010ffff" in symbols
    # Shown as a symbol, a character would not read back after --job: it is escaped.
    assert [c for c in symbols if c in pasted_name(f"a{c}b")] == []
    assert pasted_name("a\U0001fffeb") == "$'a\\U0001fffeb'"


def test_config_shows_a_settings_control_characters_as_symbols(
    run_mtaudit: Callable[[list[str]], Ran], tmp_path: Path
) -> None:
    (tmp_path / "mtaudit.toml").write_text(
        'allow = ["Lav\\u001b[2Jrov\\u202e"]\noutputs = ["x\\u001b]0;t\\u0007.json"]\n',
        encoding="utf-8",
    )
    code, out, err = run_mtaudit(["config", "--config", str(tmp_path / "mtaudit.toml")])
    assert code == 0, err
    assert OBEYED.findall(out) == []
    assert "Lav␛[2Jrov\ufffd" in out
    assert "x␛]0;t␇.json" in out


def test_config_json_escapes_a_settings_bidi_override(
    run_mtaudit: Callable[[list[str]], Ran], tmp_path: Path
) -> None:
    (tmp_path / "mtaudit.toml").write_text('allow = ["Lavrov\\u202e\\u009b"]\n', encoding="utf-8")
    config = ["config", "--config", str(tmp_path / "mtaudit.toml"), "-f", "json"]
    code, out, err = run_mtaudit(config)
    assert code == 0, err
    assert OBEYED_IN_JSON.findall(out) == []
    assert json.loads(out)["settings"]["allow"]["value"] == ["Lavrov\u202e\u009b"]
