"""`--format` and `--output` with every report format, through the CLI."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.app import app
from tests.conftest import SEED, Ran, on_a_terminal
from tests.html_tree import parse

NO_LM = ["--no-lm", "--isolated"]
# The console script as installed, in a process of its own.
MTAUDIT = [sys.executable, "-c", "from cli.app import main; main()"]


def check_html(text: str) -> None:
    root, errors = parse(text)
    assert errors == [] and root.find_all("article")


def check_markdown(text: str) -> None:
    assert (
        text.startswith("## mtaudit report")
        and "### Lavrov and Blinken hold their positions in Geneva" in text
    )


def check_csv(text: str) -> None:
    assert text.startswith("\ufeff")
    assert next(csv.reader(io.StringIO(text[1:])))[:3] == ["document", "title", "url"]


def check_jsonl(text: str) -> None:
    (line,) = text.splitlines()
    assert json.loads(line)["id"] == str(SEED)


def check_sarif(text: str) -> None:
    assert json.loads(text)["runs"][0]["columnKind"] == "unicodeCodePoints"


def check_github(text: str) -> None:
    assert text.splitlines()[0].startswith("::notice title=mtaudit summary::")


CHECKS = {
    "html": check_html,
    "markdown": check_markdown,
    "csv": check_csv,
    "jsonl": check_jsonl,
    "sarif": check_sarif,
    "github": check_github,
}


@pytest.mark.parametrize("fmt", sorted(CHECKS))
def test_format_prints_on_stdout(runner: CliRunner, fmt: str) -> None:
    result = runner.invoke(app, ["audit", str(SEED), *NO_LM, "--format", fmt])
    assert result.exit_code in (0, 1), result.stderr
    CHECKS[fmt](result.stdout)


def test_several_formats_in_one_run_go_to_files(runner: CliRunner, tmp_path: Path) -> None:
    files = {
        "html": tmp_path / "r.html",
        "markdown": tmp_path / "r.md",
        "csv": tmp_path / "r.csv",
        "jsonl": tmp_path / "r.jsonl",
        "sarif": tmp_path / "r.sarif.json",
        "github": tmp_path / "annotations.txt",
    }
    args = []
    for fmt, path in files.items():
        args += ["--output", f"{'github:' if fmt == 'github' else ''}{path}"]
    args += ["-o", str(tmp_path / "copy.sarif")]
    result = runner.invoke(app, ["audit", str(SEED), *NO_LM, *args])
    assert result.exit_code in (0, 1), result.stderr
    assert "document audited" in result.stdout  # the terminal report stays on stdout
    for fmt, path in files.items():
        CHECKS[fmt](path.read_text(encoding="utf-8"))
    assert (tmp_path / "copy.sarif").read_text() == files["sarif"].read_text()
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []


def test_a_format_written_to_a_file_is_not_printed(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = runner.invoke(app, ["audit", str(SEED), *NO_LM, "-f", "html", "-o", str(out)])
    assert result.stdout == ""
    check_html(out.read_text(encoding="utf-8"))


def test_github_format_needs_a_prefix_for_files(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["audit", str(SEED), *NO_LM, "-o", str(tmp_path / "a.github")])
    assert result.exit_code == 2 and "cannot tell the format" in result.stderr


def test_a_format_prefix_that_names_no_format_is_refused(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A typo in the prefix wrote a JSON file named "jsn:out.json", and the run passed.
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["audit", str(SEED), *NO_LM, "-o", "jsn:out.json"])
    assert result.exit_code == 2 and result.stdout == ""
    assert "unknown format 'jsn' in output 'jsn:out.json'; choose one of terminal" in (
        result.stderr
    )
    assert list(tmp_path.iterdir()) == []
    # compare's own formats: it asked for "FORMAT:sarif:x.sarif".
    pair = [str(SEED), str(SEED)]
    compared = runner.invoke(app, ["compare", *pair, "--no-ter", "-o", "sarif:x.sarif"])
    assert compared.exit_code == 2
    assert "unknown format 'sarif' in output 'sarif:x.sarif'; choose one of terminal, json" in (
        compared.stderr
    )
    # A file whose name holds a colon is still written, as ./name.
    named = runner.invoke(app, ["audit", str(SEED), *NO_LM, "-o", "./jsn:out.json"])
    assert named.exit_code in (0, 1) and (tmp_path / "jsn:out.json").is_file()


def test_a_format_prefix_with_no_file_after_it_is_refused(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`-o "html:$REPORT"` with REPORT unset asked for "FORMAT:html:", and beside
    --format wrote a file named "html:" in that format."""
    monkeypatch.chdir(tmp_path)
    for extra in ([], ["-f", "json"]):
        result = runner.invoke(app, ["audit", str(SEED), *NO_LM, *extra, "-o", "html:"])
        assert (result.exit_code, result.stdout) == (2, ""), extra
        assert result.stderr == (
            "mtaudit: error: --output 'html:' names no file after its format; write html:PATH\n"
        )
    # Blank after the prefix (`-o "json: $REPORT"`) wrote a report named "  ".
    blank = runner.invoke(app, ["audit", str(SEED), *NO_LM, "-o", "json:  "])
    assert (blank.exit_code, blank.stdout) == (2, "")
    assert blank.stderr == (
        "mtaudit: error: --output 'json:  ' names no file after its format; write json:PATH\n"
    )
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", ["audit", "report", "compare"])
@pytest.mark.parametrize("spec", ["-", "json:-"])
def test_a_dash_for_an_output_is_refused(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str, spec: str
) -> None:
    """`-o json:-` wrote a file named "-" (where "-" for stdout was meant, as "-" for
    an input is stdin), and `-o -` said only that it could not tell the format. The
    hint names the file with its format: `write ./-` was refused in turn, as a name
    whose format it cannot tell."""
    monkeypatch.chdir(tmp_path)
    hint = "json:./-" if spec == "json:-" else "FORMAT:./-"
    args = {
        "audit": ["audit", str(SEED), *NO_LM],
        "report": ["report", "--history", "h.sqlite", "--isolated"],
        "compare": ["compare", str(SEED), str(SEED), "--isolated"],
    }[command]
    result = runner.invoke(app, [*args, "-o", spec])
    assert (result.exit_code, result.stdout) == (2, ""), result.output
    assert result.stderr == (
        f"mtaudit: error: --output '{spec}' names no file; for a report on stdout, pass "
        f"--format FMT (for a file named '-', write {hint})\n"
    )
    assert list(tmp_path.iterdir()) == []
    # A file named "-" is still written, as the hint says.
    if command == "audit":
        named = runner.invoke(app, [*args, "-o", hint.replace("FORMAT", "json")])
        assert named.exit_code in (0, 1) and (tmp_path / "-").is_file(), named.output


def test_probability_and_threshold_are_shown_on_the_side_the_verdict_took() -> None:
    from audits.reports.labels import probability_and_threshold

    assert probability_and_threshold(0.97, 0.4690) == ("0.97", "0.47")
    assert probability_and_threshold(0.9856, 0.9857) == ("0.9856", "0.9857")
    assert probability_and_threshold(0.6059, 0.6059) == ("0.61", "0.61")  # equal: flagged
    assert probability_and_threshold(0.612, 0.6141) == ("0.612", "0.614")
    assert probability_and_threshold(0.612, 0.6151) == ("0.61", "0.62")


# (GitHub annotations speak of flagged documents only.)
@pytest.mark.parametrize("fmt", ["terminal", "markdown", "html"])
def test_a_document_just_under_the_threshold_does_not_read_as_over_it(
    runner: CliRunner, fmt: str
) -> None:
    first = runner.invoke(app, ["audit", str(SEED), *NO_LM, "-f", "json"])
    p = json.loads(first.stdout)["documents"][0]["verdict"]["probability"]
    threshold = f"{p + 0.0001:.4f}"
    result = runner.invoke(app, ["audit", str(SEED), *NO_LM, "--fail-over", threshold, "-f", fmt])
    assert result.exit_code == 0, result.stderr
    assert f"{p:.4f}" in result.stdout and threshold in result.stdout


def test_csv_opens_in_excel_with_its_accents(runner: CliRunner, tmp_path: Path) -> None:
    # Excel reads a CSV file as UTF-8 only after a byte order mark; without one it took
    # the ANSI code page and showed "Sergueï" as "SergueÃ¯".
    article = tmp_path / "a.txt"
    article.write_text(
        "Russia’s diplomatic chief Sergueï Lavrov set the tone on Friday in Geneva.\n",
        encoding="utf-8",
    )
    out = tmp_path / "findings.csv"
    result = runner.invoke(app, ["audit", str(article), *NO_LM, "-o", str(out), "-f", "csv"])
    assert result.exit_code in (0, 1), result.stderr
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfdocument,") and data.count(b"\xef\xbb\xbf") == 1
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert {r["text"] for r in rows} >= {"diplomatic chief", "Sergueï Lavrov"}


@pytest.mark.parametrize("fmt", ["json", "csv", "sarif", "github", "terminal"])
def test_a_non_utf8_stdout_gets_no_traceback_and_file_formats_stay_utf8(
    tmp_path: Path, fmt: str
) -> None:
    # A console or redirect in latin-1 (cp1252 on Windows): the first emoji was a
    # UnicodeEncodeError, and a JSON report came out in the locale's encoding.
    article = tmp_path / "a.txt"
    article.write_text(
        "Geneva 🔥 | Russia’s diplomatic chief Sergueï Lavrov set the tone on Friday.\n",
        encoding="utf-8",
    )
    result = CliRunner(charset="latin-1").invoke(app, ["audit", str(article), *NO_LM, "-f", fmt])
    assert result.exit_code in (0, 1), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    data = result.stdout_bytes
    if fmt == "terminal":
        assert "Sergueï".encode("latin-1") in data  # what latin-1 can show, it shows
        return
    assert "Sergueï".encode() in data
    data.decode("utf-8")
    if fmt == "json":
        assert "🔥" in json.loads(data)["documents"][0]["sentences"][0]["text"]


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs Linux's /dev/full")
@pytest.mark.parametrize("fmt", ["json", "terminal"])
def test_a_full_disk_under_stdout_is_one_line_and_exit_2(
    monkeypatch: pytest.MonkeyPatch, run_mtaudit: Callable[[list[str]], Ran], fmt: str
) -> None:
    # `mtaudit audit ... -f json > report.json` on a full disk: 'internal error:
    # OSError: [Errno 28] No space left on device (set MTAUDIT_DEBUG=1 ...)'.
    with open("/dev/full", "w", encoding="utf-8") as full:
        monkeypatch.setattr(sys, "stdout", full)
        code, _, err = run_mtaudit(["audit", str(SEED), *NO_LM, "-f", fmt])
        # What the run has not flushed is lost with the device: nothing left to write.
        with contextlib.suppress(OSError):
            full.close()
    assert code == 2
    assert err == "mtaudit: error: cannot write the report to stdout: no space left on device\n"


def _read_all(fd: int, into: list[bytes]) -> None:
    with os.fdopen(fd, "rb") as fh:
        into.append(fh.read())


def test_a_report_goes_into_a_pipe_as_into_a_process_substitution(runner: CliRunner) -> None:
    # `-o json:>(jq .)` names /dev/fd/63: the atomic write put a temporary file in
    # /dev/fd and failed ("no such file or directory"), exit 2 after the whole audit.
    read_end, write_end = os.pipe()
    got: list[bytes] = []
    reader = threading.Thread(target=_read_all, args=(read_end, got), daemon=True)
    reader.start()
    try:
        result = runner.invoke(app, ["audit", str(SEED), *NO_LM, "-o", f"json:/dev/fd/{write_end}"])
    finally:
        os.close(write_end)
        reader.join(timeout=30)
    assert result.exit_code in (0, 1), result.stderr
    assert json.loads(got[0])["schema"] == "mtaudit/1"


def test_a_reader_that_stops_early_leaves_the_gate_and_the_history_as_they_are(
    tmp_path: Path,
) -> None:
    """`mtaudit audit ... -f github | head` (a reader that closed stdout before the
    report was all written) ended with click's status 1, which a CI job reads as a
    failed gate, even where the gate passed; and before the gate's line, the baseline
    and the history, which recorded nothing. The rest of the report goes nowhere now,
    and the run ends as it would have."""
    from tests.conftest import ROOT

    clean = tmp_path / "clean.txt"
    clean.write_text("The council met on Tuesday and agreed to repair the bridge.\n")
    shutil.copy(SEED, tmp_path / "seed.txt")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1"}
    gate = ["--fail-on", "C201", "--history", "h.sqlite", "--write-baseline", "b.json"]
    for article, status in (("clean.txt", 0), ("seed.txt", 1)):
        read_end, write_end = os.pipe()
        os.close(read_end)  # the reader is gone: writing to stdout raises EPIPE
        with os.fdopen(write_end, "wb") as stdout:
            done = subprocess.run(
                [*MTAUDIT, "audit", article, *NO_LM, *gate, "-f", "github"],
                stdout=stdout,
                stderr=subprocess.PIPE,
                text=True,
                cwd=tmp_path,
                env=env,
                timeout=300,
            )
        assert done.returncode == status, done.stderr
        failed = "mtaudit: error: gate failed: seed.txt (P(machine-translated) 0.99 >= 0.58; "
        assert any(line.startswith(failed) for line in done.stderr.splitlines()) == bool(status)
    with sqlite3.connect(tmp_path / "h.sqlite") as db:
        assert db.execute("SELECT count(*) FROM runs").fetchone() == (2,)
    assert json.loads((tmp_path / "b.json").read_text())["documents"][0]["id"] == "clean.txt"


@pytest.mark.parametrize(
    "where",
    [
        ["-o", "json:/dev/stdout"],
        ["--write-baseline", "/dev/stdout"],
        ["-o", "markdown:/dev/fd/1"],
    ],
)
def test_a_report_file_on_stdout_whose_reader_has_gone_ends_with_the_gate_s_status(
    tmp_path: Path, where: list[str]
) -> None:
    """`-q -o json:/dev/stdout | head -1` (or `--write-baseline /dev/stdout`) is the
    run's stdout, written through its own descriptor: a reader that had stopped early
    made it "cannot write /dev/stdout: broken pipe" and exit 2, where the same report
    asked for with `-f json | head -1` ends with the gate's status."""
    from tests.conftest import ROOT

    shutil.copy(SEED, tmp_path / "seed.txt")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1"}
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone: writing to stdout raises EPIPE
    with os.fdopen(write_end, "wb") as stdout:
        done = subprocess.run(
            [*MTAUDIT, "audit", "seed.txt", *NO_LM, "-q", *where],
            stdout=stdout,
            stderr=subprocess.PIPE,
            text=True,
            cwd=tmp_path,
            env=env,
            timeout=300,
        )
    assert done.returncode == 1, done.stderr
    assert done.stderr.startswith("mtaudit: error: gate failed: seed.txt"), done.stderr
    assert "broken pipe" not in done.stderr


def test_a_report_file_on_stderr_is_written_there_when_stdout_s_reader_has_gone(
    tmp_path: Path,
) -> None:
    """`-o json:/dev/stderr` with stdout read by a reader that had stopped, and text
    still in stdout's buffer: the broken pipe of stdout's flush pointed stderr, the
    report's descriptor, at the null device, and the report was lost."""
    from tests.conftest import ROOT

    script = (
        "import sys\n"
        "from audits.reports.write import write_atomic\n"
        "sys.stdout.write('buffered')  # a pipe: kept in the buffer, not yet written\n"
        "write_atomic('/dev/stderr', 'REPORT\\n')\n"
    )
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone: writing to stdout raises EPIPE
    with os.fdopen(write_end, "wb") as stdout:
        done = subprocess.run(
            [sys.executable, "-c", script],
            stdout=stdout,
            stderr=subprocess.PIPE,
            text=True,
            cwd=tmp_path,
            # Buffered as a job's stdout is: text waits in stdout's buffer.
            env={**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": ""},
            timeout=60,
        )
    assert (done.returncode, done.stderr) == (0, "REPORT\n")


def test_a_report_file_on_stderr_is_written_when_the_run_has_no_stdout(
    tmp_path: Path,
) -> None:
    """`audit a.txt -o json:/dev/stderr >&-` (a job started with stdout closed, so
    sys.stdout is None): the flush before the report asked None to flush, and the run
    ended on 'internal error: AttributeError', exit 2, with no report. It exits as the
    gate says, the JSON report on stderr."""
    from tests.conftest import run_stdout_closed

    (tmp_path / "clean.txt").write_text("The council met on Tuesday.\n", encoding="utf-8")
    code, err = run_stdout_closed(
        ["audit", "clean.txt", *NO_LM, "-q", "-o", "json:/dev/stderr"], cwd=tmp_path
    )
    assert code == 0, err
    assert json.loads(err)["summary"]["machine_translated"] == 0


def test_a_fifo_stays_a_fifo_and_its_reader_gets_the_report(
    runner: CliRunner, tmp_path: Path
) -> None:
    fifo = tmp_path / "report.pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = runner.invoke(app, ["audit", str(SEED), *NO_LM, "-o", f"sarif:{fifo}"])
    reader.join(timeout=30)
    assert result.exit_code in (0, 1), result.stderr
    assert stat.S_ISFIFO(fifo.stat().st_mode)  # was replaced by a plain file
    assert json.loads(got[0])["version"] == "2.1.0"


@pytest.mark.parametrize("flag", ["-o", "--write-baseline"])
def test_a_report_may_have_the_longest_name_the_folder_takes(
    runner: CliRunner, tmp_path: Path, flag: str
) -> None:
    """A legal name of 250 bytes was refused ("file name too long"): the temporary
    file beside it, the name with a dot before and a random part and .tmp after it,
    was longer than a name may be."""
    longest = os.pathconf(tmp_path, "PC_NAME_MAX")
    name = "é" * ((longest - len(".json")) // 2) + ".json"  # two bytes a letter
    assert longest - 1 <= len(os.fsencode(name)) <= longest
    result = runner.invoke(app, ["audit", str(SEED), *NO_LM, "-q", flag, str(tmp_path / name)])
    assert result.exit_code in (0, 1), result.output
    assert json.loads((tmp_path / name).read_text(encoding="utf-8"))["schema"] == "mtaudit/1"
    assert [p.name for p in tmp_path.iterdir()] == [name]


@pytest.mark.parametrize("flag", ["-o", "--write-baseline"])
def test_a_report_name_longer_than_the_folder_takes_is_refused_in_one_line(
    runner: CliRunner, tmp_path: Path, flag: str
) -> None:
    """A name over the file system's limit ended in "internal error: OSError: [Errno 36]
    File name too long", a fault of mtaudit's, where it is the user's to fix."""
    name = "r" * (os.pathconf(tmp_path, "PC_NAME_MAX") + 1) + ".json"
    result = runner.invoke(app, ["audit", str(SEED), *NO_LM, "-q", flag, str(tmp_path / name)])
    assert result.exit_code == 2, result.output
    assert result.stderr == f"mtaudit: error: cannot write {tmp_path / name}: file name too long\n"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("flag", ["-o", "--write-baseline"])
def test_a_report_in_a_folder_whose_name_is_too_long_is_refused_in_one_line(
    runner: CliRunner, tmp_path: Path, flag: str
) -> None:
    """A folder name over the file system's limit, not the report's own, still ended in
    "internal error: OSError: [Errno 36]": the folder was asked about before the name."""
    target = tmp_path / ("d" * (os.pathconf(tmp_path, "PC_NAME_MAX") + 1)) / "r.json"
    result = runner.invoke(app, ["audit", str(SEED), *NO_LM, "-q", flag, str(target)])
    assert result.exit_code == 2, result.output
    assert result.stderr == f"mtaudit: error: cannot write {target}: file name too long\n"
    assert list(tmp_path.iterdir()) == []


def test_a_report_is_written_through_a_symlink(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "archive").mkdir()
    real = tmp_path / "archive" / "2026-11-29.json"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "latest.json"
    link.symlink_to(real)
    result = runner.invoke(app, ["audit", str(SEED), *NO_LM, "-o", str(link)])
    assert result.exit_code in (0, 1), result.stderr
    assert link.is_symlink() and link.resolve() == real
    assert json.loads(real.read_text(encoding="utf-8"))["schema"] == "mtaudit/1"
    assert sorted(p.name for p in (tmp_path / "archive").iterdir()) == [real.name]


def test_dev_stdout_behind_a_file_gets_the_report_before_stdout_s_own(tmp_path: Path) -> None:
    # `mtaudit audit -f markdown -o json:/dev/stdout > out.txt`: reopening /dev/stdout
    # started at the top of out.txt, and the Markdown then overwrote the JSON (as root,
    # the atomic rename replaced the /dev/stdout link itself).
    out = tmp_path / "out.txt"
    repo = Path(__file__).resolve().parents[1]
    command = [sys.executable, "-c", "from cli.app import app; app()", "audit", str(SEED)]
    command += [*NO_LM, "-f", "markdown", "-o", "json:/dev/stdout"]
    env = {**os.environ, "PYTHONPATH": str(repo), "HF_HUB_OFFLINE": "1"}
    with out.open("wb") as fh:
        done = subprocess.run(command, stdout=fh, stderr=subprocess.PIPE, env=env, timeout=300)
    assert done.returncode in (0, 1), done.stderr
    text = out.read_text(encoding="utf-8")
    head, sep, markdown = text.partition("## mtaudit report")
    assert sep and json.loads(head)["schema"] == "mtaudit/1"
    check_markdown(sep + markdown)
    assert Path("/dev/stdout").is_symlink() or not Path("/dev/stdout").is_file()


@pytest.mark.parametrize("fmt", [*sorted(CHECKS), "terminal"])
def test_a_report_under_a_file_is_refused_in_words_that_say_why(
    runner: CliRunner, tmp_path: Path, fmt: str
) -> None:
    """``-o notes.txt/r.json`` (a file where the folder should be) was refused as
    "directory notes.txt does not exist", which sent the user looking for a folder."""
    notes = tmp_path / "notes.txt"
    notes.write_text("kept")
    result = runner.invoke(app, ["audit", str(SEED), *NO_LM, "-o", f"{fmt}:{notes}/r.out"])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert lines == [f"mtaudit: error: cannot write {notes}/r.out: {notes} is not a directory"]
    assert notes.read_text() == "kept" and sorted(tmp_path.iterdir()) == [notes]


# What a run says when the report it was asked to print has no stdout to go to.
STDOUT_CLOSED = (
    "mtaudit: error: cannot write the report to stdout: stdout is closed (write it to a "
    "file with -o FILE, or give the run a stdout)\n"
)


def test_files_are_written_with_stdout_closed(tmp_path: Path) -> None:
    """`mtaudit audit a.txt -o r.json >&-` (a cron job that keeps only files) was
    refused before the audit for the terminal report on stdout, which nobody asked
    for, and its JSON was never written; `report`, `history show` and `compare` wrote
    their files, then failed with status 2. Now each writes its files (a history or a
    baseline among them), leaves out the report stdout shows by default, and exits as
    it would (the gate's status)."""
    from tests.conftest import run_stdout_closed

    shutil.copy(SEED, tmp_path / "seed.txt")
    (tmp_path / "clean.txt").write_text("The council met on Tuesday.\n", encoding="utf-8")
    runs = [
        (["audit", "clean.txt", *NO_LM, "--history", "h.sqlite", "-o", "a.json"], 0),
        (["audit", "seed.txt", *NO_LM, "-o", "b.json"], 1),
        (["report", "--history", "h.sqlite", "--isolated", "-o", "t.html"], 0),
        (["history", "show", "1", "--history", "h.sqlite", "--isolated", "-o", "s.json"], 0),
        (["compare", "clean.txt", "clean.txt", "--isolated", "-o", "c.json"], 0),
        # A run that records itself and writes no report file: its history or baseline.
        (["audit", "clean.txt", *NO_LM, "--history", "h2.sqlite"], 0),
        (["audit", "clean.txt", *NO_LM, "--write-baseline", "w.json"], 0),
    ]
    for args, status in runs:
        code, err = run_stdout_closed(args, cwd=tmp_path)
        assert code == status, (args, err)
        assert "stdout" not in err, (args, err)
        written = tmp_path / args[-1]
        assert written.stat().st_size > 0, args
    assert json.loads((tmp_path / "b.json").read_text())["summary"]["machine_translated"] == 1


@pytest.mark.parametrize(
    "args",
    [
        ["audit", "clean.txt", *NO_LM],  # no file: stdout's report is all there is
        ["audit", "clean.txt", *NO_LM, "-f", "terminal", "-o", "r.json"],  # asked for
        ["compare", "clean.txt", "clean.txt", "--isolated", "-f", "json", "-o", "terminal:r.txt"],
        ["report", "--history", "h.sqlite", "--isolated", "-f", "json", "-o", "r.html"],
    ],
)
def test_a_report_asked_for_on_a_closed_stdout_is_refused(tmp_path: Path, args: list[str]) -> None:
    # Before any work: no report file is written without the one asked for.
    from tests.conftest import run_stdout_closed

    (tmp_path / "clean.txt").write_text("The council met on Tuesday.\n", encoding="utf-8")
    runner = CliRunner()
    with contextlib.chdir(tmp_path):
        assert (
            runner.invoke(app, ["audit", "clean.txt", *NO_LM, "--history", "h.sqlite"]).exit_code
            == 0
        )
    assert run_stdout_closed(args, cwd=tmp_path) == (2, STDOUT_CLOSED), args
    assert list(tmp_path.glob("r.*")) == []


def test_a_config_files_format_is_asked_for(tmp_path: Path) -> None:
    """`format = "markdown"` in a config file asks for Markdown on stdout: with
    stdout closed, that run is refused as `-f markdown` is."""
    from tests.conftest import run_stdout_closed

    (tmp_path / "mtaudit.toml").write_text('format = "markdown"\nlm = false\n')
    (tmp_path / "clean.txt").write_text("The council met on Tuesday.\n", encoding="utf-8")
    assert run_stdout_closed(["audit", "clean.txt", "-o", "r.json"], cwd=tmp_path) == (
        2,
        STDOUT_CLOSED,
    )
    assert not (tmp_path / "r.json").exists()


@pytest.mark.parametrize("command", ["audit", "compare", "report"])
def test_no_color_keeps_the_terminals_width(tmp_path: Path, command: str) -> None:
    """NO_COLOR on a 60-column terminal drew the report 100 (compare: 120) columns
    wide, as for a file, and the terminal broke every line of its panels in two: the
    width went with the colours."""
    (tmp_path / "clean.txt").write_text("The council met on Tuesday.\n", encoding="utf-8")
    runner = CliRunner()
    with contextlib.chdir(tmp_path):
        done = runner.invoke(app, ["audit", "clean.txt", *NO_LM, "--history", "h.sqlite"])
        assert done.exit_code == 0, done.output
    args = {
        "audit": ["audit", "clean.txt", *NO_LM],
        "compare": ["compare", "clean.txt", "clean.txt", "--isolated"],
        "report": ["report", "--history", "h.sqlite", "--isolated"],
    }[command]
    lines = on_a_terminal(args, 60, tmp_path, NO_COLOR="1")
    assert lines and "\x1b[" not in "".join(lines), lines
    # The signature is one line to copy whole, whatever the width.
    drawn = [line for line in lines if not line.startswith("signature: ")]
    assert max(len(line) for line in drawn) <= 60, "\n".join(lines)


@pytest.mark.skipif(sys.platform != "linux", reason="file names that are not UTF-8")
def test_names_that_are_not_utf8_reach_every_report(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A history, a config folder or an input named in Latin-1 bytes reached the JSON
    of `history runs`, `config` and the history's own record as lone surrogates: each
    stopped with "internal error: UnicodeEncodeError" (the audit after its reports, its
    run unrecorded). Each byte is now written as \\xNN, as the reports name an input."""
    monkeypatch.chdir(tmp_path)
    folder = Path(os.fsdecode(b"d\xe9"))
    folder.mkdir()
    (folder / "a.txt").write_text("The council met on Tuesday.\n", encoding="utf-8")
    (folder / "mtaudit.toml").write_text("lm = false\n", encoding="utf-8")
    db = os.fsdecode(b"h\xe9.sqlite")
    audited = runner.invoke(app, ["audit", str(folder / "a.txt"), "--history", db])
    assert audited.exit_code == 0, audited.output
    listed = runner.invoke(app, ["history", "runs", "--history", db, "--isolated", "-f", "json"])
    assert listed.exit_code == 0, listed.output
    shown = json.loads(listed.stdout)
    assert shown["history"] == "h\\xe9.sqlite"
    assert shown["runs"][0]["inputs"] == ["d\\xe9/a.txt"]
    table = runner.invoke(app, ["history", "runs", "--history", db, "--isolated"])
    assert "History h\\xe9.sqlite" in table.stdout, table.output
    settings = runner.invoke(app, ["config", str(folder), "-f", "json"])
    assert settings.exit_code == 0, settings.output
    assert json.loads(settings.stdout)["config_file"].endswith("d\\xe9/mtaudit.toml")
    trend = os.fsdecode(b"t\xe9.html")
    written = runner.invoke(app, ["report", "--history", db, "--isolated", "-o", f"html:{trend}"])
    assert written.exit_code == 0, written.output
    assert "h\\xe9.sqlite" in Path(trend).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "args",
    [
        ["audit", "clean.txt", *NO_LM],  # the report, the progress bar, the gate's line
        ["audit", "missing.txt", *NO_LM],  # an error line
        ["rules", "T1"],
    ],
)
def test_a_dumb_terminal_gets_no_escape_codes(tmp_path: Path, args: list[str]) -> None:
    """On a terminal that says it is dumb (TERM=dumb: Emacs' shell, some CI consoles)
    the reports came in colour and the progress bar redrew itself, as raw escape codes
    that such a terminal prints as they are. FORCE_COLOR still forces colours."""
    (tmp_path / "clean.txt").write_text("The council met on Tuesday.\n", encoding="utf-8")
    lines = on_a_terminal(args, 100, tmp_path, with_stderr=True, TERM="dumb")
    assert lines and "\x1b" not in "".join(lines), lines
    forced = on_a_terminal(args, 100, tmp_path, TERM="dumb", FORCE_COLOR="1")
    assert "\x1b[" in "".join(forced), forced


@pytest.mark.parametrize("spec", ["reports", "reports/", "json:reports", "r2.json", "json:r2.json"])
def test_an_output_that_is_a_folder_is_said_to_be_one(
    runner: CliRunner, isolated_cwd: Path, spec: str
) -> None:
    """`-o reports/` was told to write FORMAT:reports/, which then failed for a folder;
    `-o json:reports` and `-o r2.json` (folders) were refused in other words."""
    Path("reports").mkdir()
    Path("r2.json").mkdir()
    result = runner.invoke(app, ["audit", str(SEED), *NO_LM, "-o", spec])
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        f"mtaudit: error: cannot write --output '{spec}': it is a directory; name a file in it\n"
    )


@pytest.mark.parametrize("spec", ["nodir/", "json:nodir/"])
def test_an_output_that_ends_in_a_slash_is_a_folder_there_or_not(
    runner: CliRunner, isolated_cwd: Path, spec: str
) -> None:
    """`-o nodir/` (no such folder) was told to write FORMAT:nodir/ or pass --format,
    advice that failed in turn: a path that ends in / names a folder, not a file."""
    result = runner.invoke(app, ["audit", str(SEED), *NO_LM, "-o", spec])
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        f"mtaudit: error: cannot write --output '{spec}': it names a directory (it ends "
        f"in {spec[-1]}); name a file in it\n"
    )
    assert list(isolated_cwd.iterdir()) == []


@pytest.mark.parametrize("entry", ["nodir/", "json:nodir/"])
def test_an_outputs_entry_that_ends_in_a_slash_is_a_folder_as_o_is(
    runner: CliRunner, isolated_cwd: Path, entry: str
) -> None:
    """`outputs = ["nodir/"]` in mtaudit.toml lost its / where the entry was taken from
    the config file's folder, and with --format wrote the report to a file named nodir,
    where `-o nodir/` is refused as a folder."""
    Path("mtaudit.toml").write_text(f'outputs = ["{entry}"]\n', encoding="utf-8")
    shutil.copy(SEED, "a.txt")
    result = runner.invoke(app, ["audit", "a.txt", "--no-lm", "-f", "json"])
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        f"mtaudit: error: cannot write outputs entry '{entry}': it names a directory (it "
        f"ends in /); name a file in it (from {isolated_cwd / 'mtaudit.toml'})\n"
    )
    assert sorted(p.name for p in isolated_cwd.iterdir()) == ["a.txt", "mtaudit.toml"]


@pytest.mark.parametrize(
    ("flag", "subject"),
    [
        ("--baseline", "baseline b.json/"),
        ("--config", "--config b.json/"),
        ("--verdict-model", "verdict model b.json/"),
        ("--history", "history b.json/"),
        ("-o", "cannot write --output 'b.json/'"),
        ("--write-baseline", "cannot write --write-baseline 'b.json/'"),
    ],
)
def test_a_file_named_with_a_trailing_slash_is_refused_by_every_flag(
    runner: CliRunner, isolated_cwd: Path, flag: str, subject: str
) -> None:
    """A file named as a folder (`--baseline b.json/`): Path dropped the /, so --baseline,
    --config and --verdict-model read b.json as if it had none, where --history and -o
    refused it, and --history then suggested b.json/history.sqlite, inside a file."""
    Path("b.json").write_text("{}\n", encoding="utf-8")
    result = runner.invoke(app, ["audit", str(SEED), "--no-lm", flag, "b.json/"])
    assert result.exit_code == 2, result.output
    assert (
        result.stderr
        == f"mtaudit: error: {subject}: it ends in /, but b.json is a file; drop the /\n"
    )
    assert Path("b.json").read_text(encoding="utf-8") == "{}\n"


def test_a_sarif_log_its_upload_will_refuse_is_said_on_stderr(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A log over GitHub's size limit with every result left out was written with no
    # word beside it: the job went on to an upload that failed.
    from audits.reports import sarif_report

    monkeypatch.setattr(sarif_report, "MAX_GZIP_BYTES", 1_000)
    out = tmp_path / "r.sarif"
    result = runner.invoke(app, ["audit", str(SEED), *NO_LM, "-o", str(out)])
    assert out.exists() and "Traceback" not in result.stderr
    warnings = [ln for ln in result.stderr.splitlines() if "SARIF" in ln]
    assert len(warnings) == 1 and warnings[0].startswith("mtaudit: warning: the SARIF log")
    assert "will reject the upload" in result.stderr
