"""Where each report goes: `--format` for stdout, `--output [FMT:]PATH` for files.

Rules (documented in README):
* `--format FMT` is what stdout shows (default: terminal).
* `--output PATH` writes a file whose format comes from `FMT:PATH`, else the
  file's extension, else `--format`.
* A format that is written to a file is not also printed: `--format json
  --output r.json` puts the JSON in the file *instead of* on stdout.
* Each format is rendered once, however many files it goes to, and every
  file is written atomically.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from audits.errors import OutputError, UsageError
from audits.folder_names import folder_refusal, rebased
from audits.home_folder import expand_home
from audits.reports.formats import FORMAT_NAMES
from audits.reports.write import is_stream
from audits.sources.file_ids import FileId
from cli.console import (
    STDOUT_CLOSED,
    print_report,
    redirected_into_files,
    report_width,
    stream_file,
    wants_color,
    warning_line,
    write_report,
)

if TYPE_CHECKING:
    from audits.document import RunAudit


@dataclass(frozen=True)
class OutputPlan:
    stdout_format: str | None
    files: list[tuple[str, Path]]


TEXT_OR_JSON = ("terminal", "json")
# The audit report formats, for the help of every flag that takes one.
FORMATS_HELP = ", ".join(FORMAT_NAMES)


def choose_format(value: str | None, formats: Iterable[str], note: str = "") -> str:
    """``value`` (default terminal) if it names one of ``formats``: every command refuses
    an unknown --format with the same line (``note`` adds what this command means by it)."""
    if value is not None and not value.strip():
        # As audit's config refuses it: `-f "$FMT"` with FMT unset is a mistake, not a
        # request for the default.
        raise UsageError(
            f"--format is empty (an unset variable?); choose one of {', '.join(formats)}"
        )
    chosen = value or "terminal"
    if chosen not in formats:
        raise UsageError(f"unknown format {chosen!r}; choose one of {', '.join(formats)}{note}")
    return chosen


def plan_outputs(
    stdout_format: str | None,
    outputs: list[str],
    *,
    formats: Collection[str] = FORMAT_NAMES,
    format_for: Callable[[str], str | None] | None = None,
    format_flag: str = "--format",
    config_file: str | None = None,
    written_as: list[str] | None = None,
) -> OutputPlan:
    """Where each report goes; ``formats`` and ``format_for`` name another family of
    reports (the trend reports of `mtaudit report`), ``format_flag`` the flag that sets
    ``stdout_format`` on this command (for the error that asks for it), ``config_file``
    the file whose ``outputs`` these are, if one did, and ``written_as`` each entry as
    that file has it, before ``rebase_outputs`` (both for the errors)."""
    chosen = choose_format(stdout_format, formats)
    files: list[tuple[str, Path]] = []
    for spec, shown in zip(outputs, written_as or outputs, strict=True):
        fmt, path = _split_spec(spec, formats, config_file)
        if config_file is None:
            # A config file's entries have theirs expanded by rebase_outputs; the shell
            # leaves `--output=~/r.json` and a quoted '~/r.json' as they are.
            path = expand_home(path, "--output", shown=shown)
        refuse_a_folder(_spec_name(config_file), path, shown, config_file)
        if fmt is None:
            _refuse_another_format(path, shown, formats, config_file)
            fmt = (format_for or _format_for_path)(path)
        if fmt is None:
            if stdout_format is None:
                # The entry as the user wrote it, as every other config error quotes
                # its value: `outputs = ["noext"]` was quoted as '/abs/folder/noext'.
                raise UsageError(
                    f"cannot tell the format of {_spec_name(config_file)} {shown!r}; write "
                    f"FORMAT:{shown} or pass {format_flag} (formats: {', '.join(formats)})"
                    f"{_from(config_file)}"
                )
            fmt = stdout_format
        files.append((fmt, Path(path)))
    written = {fmt for fmt, _ in files}
    return OutputPlan(None if chosen in written else chosen, files)


def _format_for_path(path: str) -> str | None:
    """The audit format ``path``'s extension names: the reporters load here, when a
    file is named, not with the module (`mtaudit --help` imports it)."""
    from audits.reports.registry import format_for_path

    return format_for_path(path)


def _refuse_another_format(
    path: str, shown: str, formats: Collection[str], config_file: str | None
) -> None:
    """Refuse a file whose extension names a report this command does not write:
    `mtaudit report -o trend.sarif` said it could not tell the format, and with
    `-f json` wrote JSON into trend.sarif, which an upload then rejects, and
    trend.sarif.json (".json") took trend JSON. A FMT: prefix (`-o json:trend.sarif`)
    says that name is meant."""
    other = _format_for_path(path)
    if other is not None and other not in formats:
        raise UsageError(
            f"{_spec_name(config_file)} {shown!r} is named for the {other} format, which this "
            f"command does not write (it writes {', '.join(formats)}); name the file for "
            f"one of those, or write FORMAT:{shown} to use that name{_from(config_file)}"
        )


def for_this_stdout(plan: OutputPlan, asked: bool, records: bool = False) -> OutputPlan:
    """``plan`` as this run's stdout allows, said before any work. With stdout closed
    (`>&-`, a cron job or daemon that keeps only files), a run that writes report files,
    or ``records`` itself (a history, a baseline), leaves out the report stdout would
    have shown only by default: `-o r.json >&-` was refused, its JSON never written,
    for a terminal report nobody asked for. A report for stdout that was ``asked`` for
    (--format, or format in a config file), or a run with nothing else to write, is
    refused as before."""
    if plan.stdout_format is None or sys.stdout is not None:
        return plan
    if (plan.files or records) and not asked:
        return OutputPlan(None, plan.files)
    raise OutputError(STDOUT_CLOSED)


def without_stdout(plan: OutputPlan, format_flag: bool) -> OutputPlan:
    """``plan`` for --quiet: no report on stdout. A --format on the command line
    (``format_flag``) that asks for the very report --quiet leaves out is refused, as
    neither can be what was meant; one that only sets the format of an --output file
    (`-q -f json -o r.json`, or `-o report`, which has no extension) is taken."""
    if plan.stdout_format is not None and format_flag:
        raise UsageError(
            "--quiet prints no report on stdout, which --format chooses; pass one of "
            "them (write a report file with --output FMT:PATH)"
        )
    return OutputPlan(None, plan.files)


def refuse_an_output_stdout_goes_into(
    plan: OutputPlan, baseline: str | os.PathLike[str] | None = None
) -> None:
    """Refuse a file of ``plan`` (or the ``baseline`` to write) that stdout, when the plan
    gives it a report, is redirected into: `audit a.txt -o out.md > out.md` replaced
    out.md with the Markdown, and the terminal report went on into the file the shell
    held, gone with it, unsaid. With no report on stdout (``-q``, or ``-f md -o out.md``)
    the file's is the only one, and nothing is refused. A file stderr is redirected
    into is refused whatever stdout gets: stderr carries the gate's line."""
    named = [(path, False) for _, path in plan.files]
    stderr = stream_file(2)
    if stderr is not None and _other_names(2):
        # Renamed over one name (`-o r.md 2> l.md`, l.md a hard link of r.md), the file
        # stderr goes into lives on under the other with the run's lines: nothing lost.
        stderr = None
    for path, is_baseline in [*named, *([(baseline, True)] if baseline else [])]:
        if stderr is not None and not is_stream(Path(path)) and _is_file(path, stderr):
            # Each file is written to a temporary file and renamed over its name: the
            # gate's line, and every error and warning, went on into the file the
            # shell held, unlinked (`-o report.md 2> report.md`), and the run's only
            # word on why it exited 1 was lost.
            what = "the baseline" if is_baseline else "a report"
            raise UsageError(
                f"cannot write {what} to {os.fspath(path)}: stderr is redirected into it, "
                "and the file would replace the run's error lines; name another file"
            )
    if plan.stdout_format is None:
        return
    stdout = next(
        (each for each, stream in redirected_into_files().items() if stream == "stdout"), None
    )
    if stdout is None:
        return
    for path, is_baseline in [*named, *([(baseline, True)] if baseline else [])]:
        if is_stream(Path(path)):
            continue  # `-o json:/dev/stdout > out.txt` writes through stdout, in turn
        if _is_file(path, stdout):
            # A baseline is not a report: "two reports" misnamed what the file would get.
            both = (
                "stdout's report and the baseline would both be written to "
                f"{os.fspath(path)}, which stdout is redirected into"
                if is_baseline
                else f"two reports would be written to {os.fspath(path)}: stdout's, which "
                "is redirected into it, and the file's"
            )
            raise UsageError(f"{both}; name each file once (-q prints no report on stdout)")


def _other_names(fd: int) -> bool:
    """Whether the file ``fd`` is open on has more than one name (hard links)."""
    try:
        return os.fstat(fd).st_nlink > 1
    except OSError:
        return False


def _is_file(path: str | os.PathLike[str], file: FileId) -> bool:
    try:
        return os.path.isfile(path) and FileId.of(os.stat(path)) == file
    except OSError:
        return False  # check_destinations says why it cannot be written


def rebase_outputs(specs: list[str], config_file: str) -> list[str]:
    """``[FMT:]PATH`` specs with relative paths taken from the folder of ``config_file``
    (which set them) and ``~`` the home folder, as ``AuditConfig.resolved_path`` takes
    every other path."""
    base = Path(config_file).parent
    out = []
    for spec in specs:
        fmt, path = _split_spec(spec, FORMAT_NAMES, config_file)
        full = rebased(path, base, "outputs entry", _from(config_file))
        out.append(f"{fmt}:{full}" if fmt else full)
    return out


# What a FORMAT: prefix looks like (a drive letter, C:, is one letter and never one).
_PREFIX = re.compile(r"[A-Za-z][A-Za-z0-9_-]+")


def _split_spec(
    spec: str, formats: Collection[str] = FORMAT_NAMES, config_file: str | None = None
) -> tuple[str | None, str]:
    """``FMT:PATH`` as (FMT, PATH), ``PATH`` as (None, PATH). A prefix that names no
    format of this command is refused: `-o jsn:out.json` (a typo) wrote a JSON file
    named "jsn:out.json", and compare's `-o sarif:x.sarif` asked for "FORMAT:sarif:x.sarif".
    A file whose name holds a colon is written as ``./name:with-colon``. ``config_file``:
    the file that set ``spec``, for the error, as other config errors name theirs."""
    head, sep, tail = spec.partition(":")
    if sep and head.lower() in formats:
        head = head.lower()  # `-o JSON:r.json`, as the extension of `-o R.JSON` is read
    if (tail if sep and head in formats else spec) == "-":
        # `-o json:-` wrote a file named "-", where "-" for stdout was meant (as an
        # input "-" is stdin); `-o -` said only that it could not tell the format. The
        # hint keeps the format: "write ./-" was then refused as a name without one.
        named = f"{head}:./-" if sep else "FORMAT:./-"
        raise UsageError(
            f"{_spec_name(config_file)} {spec!r} names no file; for a report on stdout, "
            f"pass --format FMT (for a file named '-', write {named}){_from(config_file)}"
        )
    if sep and head in formats and tail.strip():
        return head, tail
    if sep and head in formats:
        # `-o "html:$REPORT"` with REPORT unset asked for "FORMAT:html:", or with
        # --format wrote a file named "html:"; `-o "json: $REPORT"` wrote a report
        # named with a space, as a blank path anywhere else is refused.
        raise UsageError(
            f"{_spec_name(config_file)} {spec!r} names no file after its format; "
            f"write {head}:PATH{_from(config_file)}"
        )
    if sep and tail and _PREFIX.fullmatch(head) and not tail.startswith("//"):
        raise UsageError(
            f"unknown format {head!r} in output {spec!r}; choose one of "
            f"{', '.join(formats)} (for a file whose name holds a colon, write ./{spec})"
            f"{_from(config_file)}"
        )
    return None, spec


def refuse_a_folder(
    flag: str, path: str, shown: str | None = None, config_file: str | None = None
) -> None:
    """One line for an output file that is a folder, however it was named (``shown``:
    as the user wrote it, when ``path`` is it rebased; ``config_file``: the file that
    named it, if one did): `-o reports/` was told to write FORMAT:reports/, which
    failed as well, `-o json:reports` and `-o r2.json` got other words, `-o nodir/`
    (no such folder yet) was told to pass --format, `--write-baseline dir` said
    "cannot write dir: it is a directory", and `--write-baseline nodir/` wrote the
    baseline to a file named nodir. A path that ends in a separator names a folder,
    there or not."""
    refusal = folder_refusal(f"cannot write {flag} {shown or path!r}", path)
    if refusal:
        raise UsageError(f"{refusal}{_from(config_file)}")


def _spec_name(config_file: str | None) -> str:
    """How an error names an output spec: `outputs = ["html:"]` in a config file was
    reported as "--output 'html:'", a flag the command line never had."""
    return "--output" if config_file is None else "outputs entry"


def _from(config_file: str | None) -> str:
    return "" if config_file is None else f" (from {config_file})"


def emit(run: RunAudit, plan: OutputPlan) -> None:
    """Write the files first (atomically), then print stdout's report."""
    from audits.reports.registry import get_reporter

    rendered: dict[str, str] = {}
    for fmt, path in plan.files:
        if fmt not in rendered:
            reporter = get_reporter(fmt)
            rendered[fmt] = reporter.render(run)
            _warn(reporter.warnings)
        write_report(path, rendered[fmt], fmt)
    if plan.stdout_format:
        color = wants_color(sys.stdout) and plan.stdout_format == "terminal"
        width = report_width(color, 100) if plan.stdout_format == "terminal" else None
        reporter = get_reporter(plan.stdout_format, color=color, width=width)
        text = reporter.render(run)
        if plan.stdout_format not in rendered:
            _warn(reporter.warnings)
        print_report(text, plan.stdout_format)


def _warn(warnings: list[str]) -> None:
    for message in warnings:
        warning_line(message)
