"""`mtaudit history ...`: list, show, accept and prune the runs recorded in a history database."""

from __future__ import annotations

import dataclasses
import sys
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Annotated

import typer
from rich.text import Text

from audits.durations import in_zone, zone_name
from audits.errors import OutputError
from audits.reports import strict_json
from audits.reports.fitted_table import Column, FittedTable
from audits.reports.formats import FORMAT_NAMES
from audits.reports.labels import plural
from audits.reports.write import check_destinations
from audits.run_stretches import run_stretches
from audits.sources.links import is_control
from cli import options as opt
from cli.console import STDOUT_CLOSED_NO_FILE, print_done, print_lines, print_report
from cli.errors import handles_errors
from cli.history_db import TimeZone, history_and_zone, required_history, show_command_from_here
from cli.outputs import (
    TEXT_OR_JSON,
    choose_format,
    emit,
    for_this_stdout,
    plan_outputs,
    refuse_an_output_stdout_goes_into,
)
from cli.protected_inputs import read_by_the_run
from cli.prune_limits import keep_count, prune_limits, refuse_a_bad_combination
from cli.zones import run_in_zone

# audits.history loads in the commands that open one: it imports the engine, which
# `mtaudit --help` had no use for.
if TYPE_CHECKING:
    from audits.history import HistoryStore

# The columns of `history runs` a narrow terminal drops first: `history show RUN` has
# them all. Run and Started stay. Inputs (a path or a URL, at least 18 columns) goes
# first: kept before the counts, it pushed out Audited and Reused, what a history is
# kept for, on a 100-column terminal.
_RUNS_DROPPED_FIRST = (
    "Inputs",
    "Audited",
    "Reused",
    "Changed",
    "New",
    "Docs",
    "Errors",
    "MT",
    "Gate",
)


# What `history show` and `accept` take for the run recorded last.
LATEST = "latest"


@dataclass(frozen=True)
class RunChoice:
    """A run as typed: its id, or None for the latest."""

    id: int | None

    def resolve(self, store: HistoryStore) -> int:
        return self.id if self.id is not None else store.latest_run()


def a_run_id(value: str) -> RunChoice:
    """A run id as typed: a whole number of 1 or more, or `latest` (a cron job that
    renders the run it just made is never told its id). 99999999999999999999 stopped
    `history show` with "internal error: OverflowError" (too large for SQLite), where
    any other id that names no run is "no run N"."""
    from audits.history import LARGEST_INTEGER

    if value.strip().lower() == LATEST:
        return RunChoice(None)
    try:
        run_id = int(value.strip())
    except ValueError:
        raise typer.BadParameter(
            f"{value!r} is not a run id (a whole number, or {LATEST})"
        ) from None
    if run_id < 1:
        raise typer.BadParameter(f"{value!r} is not a run id (runs are numbered from 1)")
    if run_id > LARGEST_INTEGER:
        raise typer.BadParameter(f"{value!r} is not a run id (too large for a history)")
    return RunChoice(run_id)


RunId = Annotated[
    RunChoice,
    typer.Argument(
        metavar="RUN_ID",
        parser=a_run_id,
        help="A run id (see `mtaudit history runs`), or latest for the run recorded last.",
    ),
]

history_app = typer.Typer(
    name="history",
    help="Inspect and maintain a history database (`mtaudit audit --history PATH`).",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    app.add_typer(history_app, name="history")


@history_app.command("runs")
@handles_errors
def runs(
    history: opt.HistoryToRead = None,
    limit: Annotated[
        int,
        typer.Option(
            metavar="N",
            parser=opt.a_count(1, "a number of runs"),
            min=1,
            help="Show the last N runs.",
        ),
    ] = 20,
    job: Annotated[
        str | None,
        typer.Option(
            "--job",
            metavar="NAME",
            help="Only this job's runs: all its inputs, as listed here.",
        ),
    ] = None,
    output_format: opt.TextOrJson = "terminal",
    tz: TimeZone = None,
    config_file: opt.ConfigFile = None,
    isolated: opt.Isolated = False,
) -> None:
    """List the recorded runs, newest last."""
    from audits.history import HistoryStore, job_name

    choose_format(output_format, TEXT_OR_JSON)
    path, zone = history_and_zone(history, tz, config_file, isolated)
    with HistoryStore(path, create=False) as store, store.snapshot():
        if job is None:
            records = store.runs(limit=limit)
            pending = store.pending_runs()
        else:
            # Which runs are the job's comes from their inputs alone, so that the
            # documents counted are those of the runs listed alone, not of the
            # whole history. Its pending runs are that job's alone: its owner reads
            # them there.
            of_job = store.runs_of_job(job)
            records = store.runs(ids=sorted(of_job.finished)[-limit:])
            pending = list(of_job.pending)
        version, size = store.schema_version(), store.size()
    records = [
        dataclasses.replace(
            r, started=in_zone(r.started, zone) or r.started, finished=in_zone(r.finished, zone)
        )
        for r in records
    ]
    if output_format == "json":
        body = {
            "history": str(path),
            "schema_version": version,
            "bytes": size,
            "tz": zone_name(zone),
            "pending_runs": pending,
            "runs": [asdict(r) for r in records],
        }
        print_report(
            strict_json.dumps(body, indent=2, ensure_ascii=False) + "\n",
            "json",
            closed=STDOUT_CLOSED_NO_FILE,
        )
        return
    lines: list[str | FittedTable] = [
        f"History {path} · schema {version} · {size / 1024:.0f} KiB · times in {zone_name(zone)}"
    ]
    # Run and Started are what `history show` and `accept` are given and read by: kept
    # whole, where on a 44-column terminal rich cut "Started" to "2026-11-30T13:07:3…",
    # the counts' headers to "A…" and the run's id to nothing. What does not fit goes.
    table = FittedTable(
        [
            Column("Run", justify="right", no_wrap=True),
            Column("Started", no_wrap=True),
            *(
                Column(name, justify="right")
                for name in ("Docs", "Audited", "Reused", "New", "Changed", "MT", "Errors")
            ),
            Column("Gate", justify="right"),
            Column("Inputs"),
        ],
        _RUNS_DROPPED_FIRST,
    )
    for r in records:
        table.add_row(
            str(r.id),
            r.started,
            str(r.documents),
            str(r.audited),
            str(r.reused),
            str(r.new),
            str(r.changed),
            str(r.machine_translated),
            str(r.errors),
            "" if r.accepted else "held",
            Text(_shown_job(job_name(r.inputs))),
        )
    lines.append(table)
    if not records:
        # Not "no runs recorded" above a line that counts the runs recorded pending.
        lines.append("No finished runs yet." if pending else "No runs recorded yet.")
    elif not all(r.accepted for r in records):
        lines.append(
            "held: the run's --fail-on or --fail-over gate failed; --new-only still "
            "reports what it saw as new (`mtaudit history accept RUN` takes it as known)"
        )
    if pending:
        lines.append(_pending_line(pending))
    print_lines(*lines)


def _pending_line(pending: list[int]) -> str:
    """What `history runs` says of the pending runs it does not list: a job whose
    reports failed to be written left one, which `history show` alone named."""
    from audits.history import UNFINISHED_GRACE, pending_words

    days = UNFINISHED_GRACE.days
    grace = "a day" if days == 1 else f"{days} days"
    # Any prune: a bare `history prune` is refused, and `--keep N` forgets them too.
    return (
        f"{pending_words(pending)}: not listed; any `mtaudit history prune` (`--keep N`, "
        f"`--older-than AGE`) forgets {'it' if len(pending) == 1 else 'each'} {grace} "
        "after it was recorded"
    )


@history_app.command("show")
@handles_errors
def show(
    run_id: RunId,
    history: opt.HistoryToRead = None,
    output_format: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FMT",
            parser=opt.a_format,
            help=opt.report_format_help(FORMAT_NAMES),
        ),
    ] = None,
    outputs: opt.Outputs = None,
    tz: TimeZone = None,
    config_file: opt.ConfigFile = None,
    isolated: opt.Isolated = False,
) -> None:
    """Render a recorded run again, in any audit report format."""
    from audits.history import HistoryStore, history_file_roles

    path, zone = history_and_zone(history, tz, config_file, isolated)
    plan = plan_outputs(output_format, outputs or [])
    plan = for_this_stdout(plan, asked=output_format is not None)
    targets = [target for _, target in plan.files]
    # Before the history is opened, as audit checks: the history's own files.
    check_destinations(targets, protected=history_file_roles(path))
    refuse_an_output_stdout_goes_into(plan)
    with HistoryStore(path, create=False) as store:
        shown = run_id.resolve(store)
        # The run's inputs as it named them, refused as `audit` refuses its own: a
        # report over one replaced an article the next run of the job reads.
        inputs = dict(store.run_inputs()).get(shown, [])
        check_destinations(targets, protected=read_by_the_run(inputs, targets, str(path)))
        run = store.load_run(shown)
    if run.history_run_id is not None:
        run.history_show_command = show_command_from_here(run.history_run_id, path, history)
    emit(run_in_zone(run, zone), plan)


@history_app.command("accept")
@handles_errors
def accept(
    run_id: RunId,
    history: opt.HistoryToRead = None,
    config_file: opt.ConfigFile = None,
    isolated: opt.Isolated = False,
) -> None:
    """Take what a failed gate's run saw as known to later --new-only runs.

    A run whose --fail-on or --fail-over gate failed is recorded, but what it saw
    stays new to --new-only runs (a retry fails again) until it is accepted."""
    from audits.history import HistoryStore

    path = required_history(history, config_file, isolated)
    with HistoryStore(path, create=False, writes=True) as store:
        # `latest` read in accept's own transaction, not before it.
        done = store.accept(run_id.id)
    print_done(
        f"{path}: run {done.run_id} "
        + (
            "accepted; later --new-only runs take its documents and findings as known"
            if done.changed
            else "was accepted already"
        )
    )


@history_app.command("prune")
@handles_errors
def prune(
    older_than: Annotated[
        str | None,
        typer.Option(
            "--older-than", metavar="AGE", help="Forget runs older than this (90d, 12w, 36h)."
        ),
    ] = None,
    before: Annotated[
        str | None,
        typer.Option(
            "--before",
            metavar="DATE",
            help="Forget runs started before this date or time (2026-06-01, in --tz).",
        ),
    ] = None,
    keep: Annotated[
        int | None,
        typer.Option(
            "--keep",
            metavar="N",
            parser=keep_count,
            help="Forget all but the newest N runs; with --older-than or --before, keep "
            "those N too.",
        ),
    ] = None,
    history: opt.HistoryToRead = None,
    vacuum: Annotated[
        bool,
        typer.Option(
            "--vacuum", help="Rewrite the whole file to its smallest size (slower; locks it)."
        ),
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Say what would go; change nothing.")
    ] = False,
    tz: TimeZone = None,
    config_file: opt.ConfigFile = None,
    isolated: opt.Isolated = False,
) -> None:
    """Forget old runs and the results no newer run uses; the latest run is always kept."""
    from audits.history import HistoryStore

    if dry_run and sys.stdout is None:
        raise OutputError(STDOUT_CLOSED_NO_FILE)  # what it says is all a dry run does
    refuse_a_bad_combination(older_than, before, keep)
    path, zone = history_and_zone(history, tz, config_file, isolated)
    limits = prune_limits(older_than, before, keep, zone)
    # A dry run only reads.
    with HistoryStore(path, create=False, writes=not dry_run) as store:
        result = store.prune(limits.before, keep=limits.keep, vacuum=vacuum, dry_run=dry_run)
    verb = "would forget" if result.dry_run else "forgot"
    size = (
        f"; {result.bytes_before / 1024:.0f} KiB → {result.bytes_after / 1024:.0f} KiB"
        if not result.dry_run
        else ""
    )
    print_done(
        f"{path}: {verb} {plural(result.runs, 'run')} {limits.said} "
        f"({plural(result.documents, 'document entry', 'document entries')}, "
        f"{plural(result.results, 'stored result')}){size}"
    )
    if result.run_ids:
        # Which: --dry-run said only how many, and which ones go is
        # what a user checks before running it.
        which = "that would go" if result.dry_run else "forgotten"
        print_done(f"{path}: the runs {which}: {run_stretches(result.run_ids)}")
    if result.unfinished:
        # Left by runs stopped before their reports were written; never runs, so not
        # counted above, but gone from the file too.
        which = "would forget" if result.dry_run else "forgot"
        print_done(
            f"{path}: {which} {plural(len(result.unfinished), 'unfinished run')} (stopped "
            f"before their reports were written): {run_stretches(result.unfinished)} "
            f"({plural(result.unfinished_documents, 'document entry', 'document entries')}, "
            f"{plural(result.unfinished_results, 'stored result')})"
        )
    if not result.log_truncated:
        print_done(
            f"{path}: log not truncated: a reader was active (a report being built); "
            "the next prune truncates it"
        )


def _shown_job(name: str) -> str:
    """A job's name as `history runs` lists it. One holding a character a terminal
    acts on or draws as it likes (a file named with ESC[2J cleared the screen when
    the runs were listed, a U+202E reversed the row) is written in bash's $'...' with
    escapes, as an unknown job's error names it, so that it still reads back after
    `--job`. Nothing a terminal acts on is left in that form to show as a symbol."""
    # audits.history loads late, as above; is_control and pasted_name agree on which
    # names need the escapes.
    from audits.history import pasted_name

    return pasted_name(name) if any(is_control(c) for c in name) else name
