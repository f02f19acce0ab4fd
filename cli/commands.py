"""The `mtaudit` commands, registered from one module each, and how their errors end.

Imported by ``cli.app.main`` once its signal handling is in place.
"""

from __future__ import annotations

import contextlib
import os
import sys
from typing import Any

import typer
import typer.core
import typer.main

from audits import __version__
from audits.errors import MtauditError
from cli import (
    audit_cmd,
    compare_cmd,
    config_cmd,
    fluency_cmd,
    help_style,
    history_cmd,
    report_cmd,
    rules_cmd,
)
from cli.console import error_line

help_style.apply()

app = typer.Typer(
    name="mtaudit",
    help="Audit English text for machine translation: fingerprints, fluency, verdicts, reports.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
    # `mtaudit audit -h` was "No such option: -h"; every command takes it, as most
    # command lines do. (No command has a -h of its own.)
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"mtaudit {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """mtaudit: was this article machine-translated, and from which language?"""


for module in (audit_cmd, fluency_cmd, compare_cmd, report_cmd, history_cmd, rules_cmd, config_cmd):
    module.register(app)


def _click_errors() -> tuple[tuple[type[Exception], ...], tuple[type[Exception], ...]]:
    """Click's usage errors and aborts, wherever they come from: typer 0.2x vendors
    click (its errors derive from ``typer.TyperException``, not ``click``'s), older
    typer raises click's own."""
    usage: list[type[Exception]] = [getattr(typer, "TyperException", typer.BadParameter)]
    aborts: list[type[Exception]] = [typer.Abort]
    with contextlib.suppress(ImportError):
        import click

        usage.append(click.ClickException)
        aborts.append(click.Abort)
    return tuple(usage), tuple(aborts)


def usage_line(exc: Exception) -> str:
    """A usage error that click reports (a bad value, an unknown option, a missing
    argument) as one line, like the errors mtaudit reports itself: click's own message,
    then where to look for help."""
    format_message = getattr(exc, "format_message", None)
    message = format_message() if format_message is not None else str(exc)
    ctx = getattr(exc, "ctx", None)
    # Click's parser raises a missing or unwanted option value with no context:
    # the command is then the one the command line names.
    where = ctx.command_path if ctx is not None else _named_command(sys.argv[1:])
    return f"{message.rstrip('.')} (see `{where} --help`)"


def _named_command(args: list[str]) -> str:
    """``mtaudit history runs`` for ``history runs --history``: the command path that
    the leading words of ``args`` name."""
    command: Any = typer.main.get_command(app)
    path = ["mtaudit"]
    for word in args:
        command = getattr(command, "commands", {}).get(word)
        if command is None:
            break
        path.append(word)
    return " ".join(path)


class _HelpShown:
    """Whether click built a help in this run: its --help callback and a bare group's
    usage error both call ``Context.get_help``. Told apart from "--help" among the
    arguments, which may be an option's value or a file's name after "--"."""

    seen = False

    @classmethod
    def watch(cls) -> None:
        """Watch the Context of the click that typer runs: its own copy (typer 0.2x)
        and click itself (older typer)."""
        contexts = [getattr(getattr(typer.core, "_click", None), "Context", None)]
        with contextlib.suppress(ImportError):
            import click

            contexts.append(click.Context)
        for context in contexts:
            get_help = getattr(context, "get_help", None)
            if get_help is None or getattr(get_help, "_mtaudit_watched", False):
                continue
            context.get_help = cls._watched(get_help)  # type: ignore[union-attr]

    @classmethod
    def _watched(cls, get_help: Any) -> Any:
        def watched(self: Any) -> str:
            cls.seen = True
            return get_help(self)

        watched._mtaudit_watched = True  # type: ignore[attr-defined]
        return watched


def _help_status(args: list[str]) -> int | None:
    """The status of a run that printed a help into a reader that had stopped
    (`| head -1`), where a report into such a reader and `--version | true` end as
    they would: 0 for --help, 2 for a bare `mtaudit` or `mtaudit history`, whose help
    is a usage error. None for any other run. The help's printer handles the broken
    pipe before mtaudit can: rich points stdout at the null device and exits 1, click
    wraps stdout in its PacifyFlushWrapper and exits 1. A help printed in full never
    exits 1, so status 1 with stdout left so, after a help was built, is that case
    only (an error line into a stopped reader exits 1 too, with "--help" maybe among
    the arguments as a value: no help was built then)."""
    if not _HelpShown.seen or not _stdout_gone():
        return None
    if not args or (_named_command(args).split()[1:] == args and _is_group(args)):
        return 2
    return 0


def _is_group(args: list[str]) -> bool:
    command: Any = typer.main.get_command(app)
    for word in args:
        command = command.commands[word]
    return hasattr(command, "commands")


def _stdout_gone() -> bool:
    if type(sys.stdout).__name__ == "PacifyFlushWrapper":
        return True
    try:
        return os.path.samestat(os.fstat(sys.stdout.fileno()), os.stat(os.devnull))
    except (AttributeError, OSError, ValueError):  # no stdout, or not a file
        return False


def run() -> int:
    """Run the command line: user errors are one red line and exit status 2."""
    usage_errors, aborts = _click_errors()
    _HelpShown.watch()
    try:
        # The name errors and help give (click would guess "-c" or "python -m ...").
        code = app(standalone_mode=False, prog_name="mtaudit")
    except usage_errors as exc:
        if type(exc).__name__ == "NoArgsIsHelpError":
            exc.show()  # type: ignore[attr-defined]  # `mtaudit`, `mtaudit history`: the help
        else:
            error_line(usage_line(exc))
        sys.exit(getattr(exc, "exit_code", 2))
    except MtauditError as exc:
        error_line(str(exc))
        sys.exit(2)
    except aborts:
        error_line("aborted")
        sys.exit(2)
    except SystemExit as exc:
        if exc.code == 1 and (status := _help_status(sys.argv[1:])) is not None:
            # `mtaudit audit --help | head -1`: the help is all the run had to do.
            return status
        raise
    except Exception as exc:  # a bug: say so in one line, keep the traceback opt-in
        if os.environ.get("MTAUDIT_DEBUG"):
            raise
        error_line(
            f"internal error: {type(exc).__name__}: {exc} (set MTAUDIT_DEBUG=1 for the traceback)"
        )
        sys.exit(2)
    return code if isinstance(code, int) else 0
