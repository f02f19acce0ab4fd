"""Consoles for stdout and stderr that honour NO_COLOR and non-TTY output."""

from __future__ import annotations

import os
import re
import shutil
import stat
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from rich.console import Console, RenderableType
from rich.text import Text

from audits.errors import OutputError, UsageError
from audits.reports.base import without_runner_commands
from audits.reports.labels import printable_lines
from audits.reports.write import is_own_output, write_atomic
from audits.sources.file_ids import FileId
from audits.streams import point_at_the_null_device

# A job started with stdout closed (`>&-`): the report had nowhere to go, and the run
# ended on 'internal error: AttributeError' after the whole audit.
STDOUT_CLOSED = (
    "cannot write the report to stdout: stdout is closed (write it to a file with "
    "-o FILE, or give the run a stdout)"
)
# The same for a command with no -o of its own (rules, fluency, config, history runs):
# its advice to write "-o FILE" named a flag that the command refused.
STDOUT_CLOSED_NO_FILE = (
    "cannot write the report to stdout: stdout is closed (give the run a stdout, such as > FILE)"
)


def wants_color(stream: object) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return is_live_terminal(stream)


def is_live_terminal(stream: object) -> bool:
    """A terminal that takes escape sequences: not a pipe or file, and not one that says
    it is dumb (TERM=dumb: Emacs' shell, some CI consoles), where the reports' colours
    and the progress bar's redrawing came out as raw escape codes."""
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and os.environ.get("TERM") != "dumb"


def report_width(color: bool, default: int) -> int | None:
    """How wide a terminal report is drawn: the terminal's width when stdout is one, in
    colour or not, and with FORCE_COLOR in a pipe (``default`` where none is known);
    None elsewhere (the report's own width, the same for every reader of a file). The
    width went with the colours: NO_COLOR on a 60-column terminal drew 100-column
    panels, every line of them broken in two by the terminal."""
    isatty = getattr(sys.stdout, "isatty", None)
    if color or (isatty is not None and isatty()):
        return shutil.get_terminal_size((default, 24)).columns
    return None


def print_report(text: str, fmt: str, *, closed: str = STDOUT_CLOSED) -> None:
    """A report on stdout, in the bytes its format promises; ``closed`` is the error
    when there is no stdout (``STDOUT_CLOSED_NO_FILE`` for a command without -o).

    Every format but the terminal one is a UTF-8 file format (JSON, CSV, SARIF, HTML,
    Markdown, workflow commands), so it goes out as UTF-8 whatever the locale says;
    the terminal report is for the console, so it takes the console's encoding and
    shows what that cannot hold as ``?``. Before, stdout in a non-UTF-8 locale (a
    Windows console or a redirect there, ``PYTHONIOENCODING=latin-1``) turned the
    first emoji or curly quote into a traceback, and a JSON report into cp1252.

    Stdout is where a CI job's log is made, so no line of a report goes out as a
    runner's command (see ``in_a_log``).
    """
    print_report_chunks([text], fmt, closed=closed)


def print_report_chunks(
    chunks: Iterable[str], fmt: str, *, closed: str, made_from: Iterable[object] | None = None
) -> None:
    """A report on stdout as ``print_report`` prints it, written as ``chunks`` come
    (each ends at a line end): a report too big to hold twice, as text and as what it
    was made from. An error while a chunk is made is raised as it is (not as a failed
    write), with what came before it on stdout. Once the reader has gone, the rest of
    ``made_from`` (the iterator ``chunks`` is made from; by default ``chunks``) is still
    read, unwritten: a caller's chunks may do work whose errors decide the exit status,
    and the text made from that work would go nowhere."""
    stream = sys.stdout
    if stream is None:
        raise OutputError(closed)
    chunks = iter(chunks)
    for chunk in chunks:
        if not _written(stream, in_a_log(encodable(chunk, fmt), fmt), fmt):
            for _ in chunks if made_from is None else made_from:
                pass
            return
    _written(stream, "", fmt)


def _written(stream: TextIO, text: str, fmt: str) -> bool:
    """``text`` on ``stream`` and flushed; False once its reader has gone."""
    buffer = getattr(stream, "buffer", None)
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        if buffer is None:
            stream.write(text)
        elif fmt != "terminal":
            stream.flush()
            buffer.write(text.encode("utf-8"))
        else:
            stream.flush()
            buffer.write(text.encode(encoding, errors="replace"))
        (buffer or stream).flush()
    except BrokenPipeError:
        # A reader that stopped early (`| head`) is not a failed write, nor a failed
        # gate: click ended the run with status 1 there, before the gate, the baseline
        # and the history, so `-f github | head` failed a gate that passed and recorded
        # nothing. The rest of the report goes nowhere and the run goes on.
        _stream_gone(stream)
        return False
    except OSError as exc:
        # `-f json > report.json` on a full disk was an "internal error" and a hint
        # to set MTAUDIT_DEBUG, for what is a write that failed like any -o file's.
        from audits.reports.write import os_reason  # only on this failure's path

        raise OutputError(f"cannot write the report to stdout: {os_reason(exc)}") from None
    return True


def print_lines(*lines: str | RenderableType, piped_width: int = 140) -> None:
    """Lines and tables (history's runs, config's settings, the rules) on stdout,
    printed as a report is (``print_report``): a path folded in a table, or one opening
    a line, began a line that a CI runner read as its command ("::error::..."), and a
    reader that stopped early (`| head`) or a closed stdout ended the run with status 1
    or an internal error. Piped or redirected, they are ``piped_width`` wide, not
    wrapped at 80 columns: the tables are wide. No command that prints them has -o,
    so a closed stdout's error does not suggest one."""
    from audits.reports.base import text_console

    isatty = getattr(sys.stdout, "isatty", None)
    on_terminal = bool(isatty and isatty())
    width = shutil.get_terminal_size((140, 24)).columns if on_terminal else piped_width
    console, buffer = text_console(wants_color(sys.stdout), width)
    for line in lines:
        # No markup: what is printed holds paths, and "reports[/old]/h.sqlite" was read
        # as a closing tag and stopped every history command with an internal error.
        console.print(line, markup=False, soft_wrap=isinstance(line, str | Text))
    print_report(buffer.getvalue(), "terminal", closed=STDOUT_CLOSED_NO_FILE)


def print_done(*lines: str) -> None:
    """What a command that changes something (`history accept`, `prune`) says it did.
    With stdout closed (`>&-`: a cron job's nightly prune), the change is made and the
    line left out: the run exited 2, a failure, after making the change."""
    if sys.stdout is not None:
        print_lines(*lines)


def in_a_log(text: str, fmt: str) -> str:
    """A report as it may be printed into a CI job's log: no line of it a runner's
    command. Every format but ``github``, whose lines are the commands it means: a CSV
    row whose document id was "::error::..." printed a fake annotation, as the
    terminal table's row did before.

    A CSV report's cells also show their control characters (``printable_lines``):
    its file holds the article's exact text, and on stdout a title's ESC sequence
    retitled the terminal or cleared the screen, and a CR alone overwrote the start
    of its row. The other formats show or escape them in every file already."""
    if fmt == "github":
        return text
    if fmt == "csv":
        text = printable_lines(text)
    return without_runner_commands(text)


def write_report(path: str | os.PathLike[str], text: str, fmt: str) -> None:
    """A report file (``-o``), atomically. Its text is the format's exactly, but for
    two cases that reach a log as a printed report does: a terminal text file, which a
    job shows with ``cat`` (it has always had the guard), and ``-o FMT:/dev/stdout``
    (or stderr), which is the job's log itself."""
    text = encodable(text, fmt)
    if fmt == "terminal" or is_own_output(Path(path)):
        text = in_a_log(text, fmt)
    write_atomic(path, text)


# A byte of a name that is not UTF-8, as Python holds it (a lone surrogate), or a lone
# surrogate that stands for no byte.
_NOT_UTF8 = re.compile("[\ud800-\udfff]")
# The formats whose text is JSON, where such a byte can only be inside a string.
_JSON_FORMATS = frozenset({"json", "jsonl", "sarif"})


def encodable(text: str, fmt: str) -> str:
    """A report's text with every byte of a name that is not UTF-8 written ``\\xNN``,
    as the reports name such an input (``caf\\xe9.txt``), JSON-escaped in the JSON
    formats. A history, a config folder, a report file or an input recorded in a
    history, so named, reached a report as lone surrogates, which UTF-8 cannot hold:
    `history runs -f json`, `report`, `config -f json` stopped with "internal error:
    UnicodeEncodeError", and the terminal showed the byte as "?"."""
    if not _NOT_UTF8.search(text):
        return text
    escape = "\\\\x" if fmt in _JSON_FORMATS else "\\x"

    def byte(match: re.Match[str]) -> str:
        code = ord(match[0])
        return f"{escape}{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else "\ufffd"

    return _NOT_UTF8.sub(byte, text)


def _stream_gone(stream: object) -> None:
    """Point stdout (or stderr) at the null device: what is left in its buffer, and
    whatever else is printed, must not raise BrokenPipeError again (at exit, Python's
    flush of stdout printed 'Exception ignored ... BrokenPipeError' and set status 120)."""
    try:
        fd = stream.fileno()  # type: ignore[attr-defined]
    except (AttributeError, OSError, ValueError):  # not a file (a test's capture)
        return
    point_at_the_null_device(fd)


class _StderrConsole(Console):
    """A console on stderr that outlives a reader that stopped early (`2>&1 | true`,
    `2> >(head -1)`). Rich's own handling points *stdout* at the null device and exits
    with status 1, so a usage error into such a reader ended with 1, the status of a
    failed gate, in place of its own 2, and a report still going to a live stdout was
    lost. The rest of what goes to stderr goes nowhere, and the run ends as it would."""

    def on_broken_pipe(self) -> None:
        self.quiet = True
        _stream_gone(sys.stderr)


def stderr_console() -> Console:
    # No emoji codes: a file named "a:warning:b.txt" was "a⚠b.txt" in the gate's line,
    # and "FORMAT:x:r.md" in an error's advice "FORMAT❌r.md", as the reports never are.
    return _StderrConsole(
        stderr=True, no_color=not wants_color(sys.stderr), highlight=False, emoji=False
    )


def error_line(message: str) -> None:
    """One red line on stderr, no traceback."""
    stderr_console().print(f"[bold red]mtaudit: error:[/] {_escape(message)}", soft_wrap=True)


def warning_line(message: str) -> None:
    stderr_console().print(f"[yellow]mtaudit: warning:[/] {_escape(message)}", soft_wrap=True)


def note_line(message: str) -> None:
    """A line on stderr that is neither an error nor a warning: what the run did that
    the user may want to know (a history's held run), beside the status it exits with."""
    stderr_console().print(f"[cyan]mtaudit: note:[/] {_escape(message)}", soft_wrap=True)


def hint_if_reading_a_terminal(inputs: Iterable[str]) -> None:
    """One line on stderr when "-" is to be read from a terminal: `mtaudit audit -`
    typed at a prompt waited without a word, as if it had hung. Never when stdin is a
    pipe or a file, where the line would only be noise in a job's log."""
    if "-" in inputs and stdin_is_a_terminal():
        end = "Ctrl-Z then Enter" if os.name == "nt" else "Ctrl-D"
        note_line(f"reading the text from stdin; end it with {end}")


def stdin_is_a_terminal() -> bool:
    stream = sys.stdin
    try:
        return stream is not None and stream.isatty()
    except (OSError, ValueError):  # closed in this process
        return False


def redirected_into_files() -> dict[FileId, str]:
    """The files stdout and stderr were redirected into, if any, each with its stream
    (stdout first: `&>` sends both into one file, one entry): the shell makes `audit site
    > site/r.txt`'s file before the run starts, and the walk of site read it as an input
    (an empty one, exit 2; with ``>>``, the last run's report). They have no path the run
    can see, only a device and an inode, which the walks leave out."""
    found: dict[FileId, str] = {}
    for fd, stream in ((1, "stdout"), (2, "stderr")):
        if (each := stream_file(fd)) is not None:
            found.setdefault(each, stream)
    return found


def stream_file(fd: int) -> FileId | None:
    """The regular file descriptor ``fd`` (1 or 2) was redirected into, if it was."""
    try:
        st = os.fstat(fd)
    except OSError:  # closed (`>&-`)
        return None
    return FileId.of(st) if stat.S_ISREG(st.st_mode) else None


def refuse_an_input_redirected_into(paths: Iterable[str]) -> None:
    """Refuse a named input that stdout or stderr is redirected into, as ``-o`` refuses
    one: the shell expands `audit site/*.txt > site/r.txt`'s glob before it makes r.txt,
    so from the second run on the glob names r.txt, which the run read (emptied: an
    empty input, exit 2; with ``>>``, the last report as an article). A walk or a quoted
    glob leaves the file out; only a name given reaches it."""
    streams = redirected_into_files()
    if not streams:
        return
    for name in paths:
        try:
            # os.path's check, not pathlib's: that raises for a path in a folder that
            # cannot be searched, which the run reports as an unreadable input.
            stream = streams.get(FileId.of(os.stat(name))) if os.path.isfile(name) else None
        except OSError:
            stream = None  # the reader says why
        if stream is not None:
            # `>` emptied the file before the run began: nothing would be overwritten
            # now, it already was; `>>` appends. Either way the input is not an article.
            raise UsageError(
                f"cannot read the input {name}: {stream} is redirected into it (with '>' "
                "the shell has emptied it already; if a glob the shell expanded named it, "
                "quote the glob)"
            )


def _escape(text: str) -> str:
    """The message as text: neither rich markup nor, through a file name or a feed's
    URL quoted in it, terminal control sequences (a file named with ESC[2J cleared the
    screen when its error was printed)."""
    from rich.markup import escape

    from audits.reports.labels import printable

    # A name that is not UTF-8 as the reports show it, "c\\xe9.toml": stderr wrote
    # its lone surrogate as "c\\udce9.toml".
    return escape(_one_line(printable(encodable(text, "terminal"))))


# What printable leaves that ends a line: a file named "no\nsuch.txt" broke its error in
# two, and a log reader took the second half for a line of its own. A backslash is not
# doubled, as links.escaped_controls doubles it: every Windows path in every message would
# change, so a name holding a real "\n" (backslash, n) prints as one holding a line feed.
_LINE_BREAKS = str.maketrans({"\n": "\\n", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def _one_line(text: str) -> str:
    return text.translate(_LINE_BREAKS)
