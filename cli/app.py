"""The `mtaudit` console script (pyproject's [project.scripts]).

Loading the commands (typer, rich, the engine) takes a second or two, so this module
imports none of them until ``main`` has its signal handling in place: a Ctrl-C at any
moment, start-up included, ends the same way. The commands are in ``cli.commands``.
"""

from __future__ import annotations

import contextlib
import signal
import sys
from types import FrameType
from typing import Any

# The line each signal that stops a run prints; the exit status is 128 + its number
# (130 for Ctrl-C, 143 for SIGTERM, 129 for SIGHUP), the status a shell gives a process
# it killed. SIGHUP (the terminal closed) killed a run outright, leaving a report being
# written as a `.tmp` file beside its target; Windows has no SIGHUP.
STOPPED_BY = {signal.SIGINT: "interrupted", signal.SIGTERM: "terminated"}
if hasattr(signal, "SIGHUP"):
    STOPPED_BY[signal.SIGHUP] = "hung up"


class Stopped(BaseException):
    """SIGINT, SIGTERM or SIGHUP, raised in the main thread so that the run unwinds as it does
    for any error: a report being written is removed, the history database closed and
    worker processes ended. Not a KeyboardInterrupt: typer turns that into a silent
    exit status 130, whichever the signal."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def main() -> None:
    """Console-script entry point: exit with the command's status, or with one line
    and 128 + the number of the signal that stopped it."""
    for signum in STOPPED_BY:
        if not _ignored(signum):
            signal.signal(signum, _stop)
    if sys.argv[1:] == ["--version"]:
        # Before the commands load (seconds: the engine, its lexicons, numpy), which
        # a CI log's `mtaudit --version` step has no use for.
        _print_version()
        sys.exit(0)
    try:
        from audits.lm.loading import keep_loaded_model
        from cli.commands import run

        # One run per process: a model kept for a later run only holds its memory
        # (gigabytes for a large --model) while the reports are written.
        keep_loaded_model(False)
        code = run()
        _run_over()
    except (Stopped, KeyboardInterrupt) as exc:
        _exit_stopped(exc.signum if isinstance(exc, Stopped) else signal.SIGINT)
    except SystemExit:  # a command's own status (an error line already printed)
        _run_over()
        raise
    sys.exit(code)


def _ignored(signum: int) -> bool:
    """Whether the caller started mtaudit with ``signum`` ignored, which it then stays
    through the run and its end: SIGHUP under `nohup mtaudit ...`, SIGINT for a job a
    non-interactive shell starts in the background (`mtaudit audit ... &` in a CI
    script), where a Ctrl-C meant for the foreground stopped the audit too."""
    return signal.getsignal(signum) == signal.SIG_IGN


def _run_over() -> None:
    """The run is over, its reports written and its history recorded: a Ctrl-C or
    SIGTERM while the interpreter shuts down (tenths of a second) killed the process
    with status 130 and no word, or printed a traceback from an exit handler, in place
    of the run's own status. Ignored signals stay ignored through that shutdown."""
    for signum in STOPPED_BY:
        signal.signal(signum, signal.SIG_IGN)


def _print_version() -> None:
    """``mtaudit VERSION`` on stdout. Into a reader that had stopped (`| true`), the
    fast path ended on a BrokenPipeError traceback; the rest goes nowhere, as a
    report's does (``cli.console``, which this path does not load)."""
    try:
        print(f"mtaudit {installed_version()}", flush=True)
    except BrokenPipeError:
        # Python's own flush of stdout at exit would raise it again. Imported here, on
        # this path alone: at the top it added about 14 ms (10%) to every `mtaudit --version`.
        from audits.streams import point_at_the_null_device

        point_at_the_null_device(sys.stdout.fileno())


def installed_version() -> str:
    """mtaudit's version, as ``audits.__version__`` gives it, without loading the engine."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("mtaudit")
    except PackageNotFoundError:  # a source tree that is not installed
        return "0+unknown"


def _stop(signum: int, frame: FrameType | None) -> None:
    raise Stopped(signum)


def _exit_stopped(signum: int) -> None:
    # The run has unwound; a second Ctrl-C from here on ends the process at once.
    for each in STOPPED_BY:
        if not _ignored(each):
            signal.signal(each, signal.SIG_DFL)
    # Plain text: the console module may be what the signal cut short.
    _say(f"mtaudit: error: {STOPPED_BY[signum]}\n")
    sys.exit(128 + signum)


def _say(line: str) -> None:
    """``line`` on stderr, if there is one to hear it: with stderr closed (`2>&-`,
    None to Python) or read by a reader that stopped (`2>&1 | true`), a Ctrl-C ended
    with status 1 and no word, in place of 130, as an error line there once did."""
    try:
        sys.stderr.write(line)
        sys.stderr.flush()
    except (AttributeError, OSError, ValueError):
        # Nothing more for stderr; Python's flush of it at exit must not fail again.
        from audits.streams import point_at_the_null_device

        with contextlib.suppress(OSError):
            point_at_the_null_device(2)


def __getattr__(name: str) -> Any:
    # `from cli.app import app` (tests, scripts) still finds the typer app, which is
    # loaded only when asked for.
    if name == "app":
        from cli.commands import app

        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
