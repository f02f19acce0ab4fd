"""`mtaudit report --history PATH --since 7d`: a trend report from the recorded runs."""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer

from audits.durations import is_age, iso, now_utc, parse_end, parse_point, zero_days_date
from audits.errors import UsageError
from audits.reports.formats import TREND_FORMAT_NAMES
from audits.reports.write import check_destinations
from cli import options as opt
from cli.console import (
    print_report,
    report_width,
    wants_color,
    warning_line,
    write_report,
)
from cli.errors import handles_errors
from cli.history_db import TimeZone, history_and_zone
from cli.outputs import (
    OutputPlan,
    for_this_stdout,
    plan_outputs,
    refuse_an_output_stdout_goes_into,
    without_stdout,
)
from cli.protected_inputs import read_by_the_run


def register(app: typer.Typer) -> None:
    app.command("report")(report)


@handles_errors
def report(
    history: opt.HistoryToRead = None,
    since: Annotated[
        str,
        typer.Option(
            metavar="DATE",
            help="Start of the window: a duration back from now (7d, 12h, 2w) or a date.",
        ),
    ] = "7d",
    until: Annotated[
        str | None,
        typer.Option(
            metavar="DATE",
            help="End of the window (default: now); a duration back, or a date (a date "
            "alone takes in that whole day).",
        ),
    ] = None,
    new_only: Annotated[
        bool,
        typer.Option(
            "--new-only",
            help="Only what appeared since the previous run: the latest run's new and "
            "changed documents.",
        ),
    ] = False,
    job: Annotated[
        str | None,
        typer.Option(
            "--job",
            metavar="NAME",
            help="Only this job's runs, where several share the history: all its inputs "
            "as `mtaudit history runs` lists them (with --new-only: this job's latest "
            "run, not whichever job recorded last).",
        ),
    ] = None,
    output_format: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FMT",
            parser=opt.a_format,
            help=opt.report_format_help(TREND_FORMAT_NAMES),
        ),
    ] = None,
    outputs: opt.Outputs = None,
    per: Annotated[
        str,
        typer.Option(
            "--per",
            metavar="PERIOD",
            parser=a_period,
            help="Chart and tabulate per day or per week (ISO weeks, Monday to Sunday, "
            "in --tz); the JSON has both.",
        ),
    ] = "day",
    tz: TimeZone = None,
    quiet: Annotated[
        bool,
        typer.Option(
            "--quiet",
            "-q",
            help="No report on stdout (a cron job that writes --output files, whose "
            "stdout cron mails); the files are still written.",
        ),
    ] = False,
    config_file: opt.ConfigFile = None,
    isolated: opt.Isolated = False,
) -> None:
    """Trend report of the runs recorded in a history database.

    Documents audited, the share machine-translated per source and per day, newly
    flagged documents, the most frequent rules and source languages.
    """
    # The history, the trend and its reporters load here: they import the engine,
    # which `mtaudit --help` had no use for.
    from audits.history import HistoryStore, history_file_roles
    from audits.reports.trend import TREND_REPORTERS, trend_format_for_path
    from audits.trend import build_trend, check_window

    path, zone = history_and_zone(history, tz, config_file, isolated)
    plan = plan_outputs(
        output_format, outputs or [], formats=TREND_REPORTERS, format_for=trend_format_for_path
    )
    if quiet:
        plan = without_stdout(plan, format_flag=output_format is not None)
        if not plan.files:
            # Unlike `audit -q`, a gate whose exit status is the answer, a report that
            # goes nowhere is never what was meant: it exited 0 having done nothing.
            raise UsageError(
                "report --quiet prints no report on stdout and no --output file was "
                "given: nothing would be written; add -o FMT:PATH, or drop --quiet"
            )
    plan = for_this_stdout(plan, asked=output_format is not None)
    targets = [target for _, target in plan.files]
    # Before the history is opened, as audit checks: the history's own files.
    check_destinations(targets, protected=history_file_roles(path))
    refuse_an_output_stdout_goes_into(plan)
    now = now_utc()
    start = parse_point(since, now, "--since", zone)
    end = parse_end(until, now, "--until", zone) if until else now
    check_window(
        iso(start),
        iso(end),
        # As typed less the spaces the parser strips: `--since ' 0d '` was echoed so.
        (f"--since {since.strip()}", f"--until {until.strip() if until else 'now'}"),
        # Both ends: `--since 1d --until 2020-01-01` is no question of how ages count.
        ages=is_age(since) and (not until or is_age(until)),
        today=zero_days_date(since, now, zone),
    )
    with HistoryStore(path, create=False) as store:
        trend = build_trend(
            store,
            since=iso(start),
            until=iso(end),
            since_spec=since,
            until_spec=until,
            new_only=new_only,
            job=job,
            generated=iso(now),
            tz=zone,
            per=per,
        )
        # Read after the trend, not in its snapshot: a run that finishes in between is
        # one that finished just after the report, of which no report says a word.
        passed_over = [
            run_id
            for run_id in store.pending_runs(job, since=iso(start), until=iso(end))
            if trend["latest_run"] is None or run_id > trend["latest_run"]
        ]
    # After the trend, which names the runs it reports: a report over one of their
    # inputs, as `audit` refuses its own, replaced an article the next run reads.
    inputs = list(dict.fromkeys(name for run in trend["runs"] for name in run["inputs"]))
    check_destinations(targets, protected=read_by_the_run(inputs, targets, str(path)))
    emit_trend(trend, plan, job)
    if passed_over:
        warning_line(_passed_over_line(passed_over, trend["latest_run"], job))


def _passed_over_line(pending: list[int], latest: int | None, job: str | None) -> str:
    """The warning for the pending runs of the window recorded after the run the
    report shows: a job whose latest reports failed was reported as of its last
    good run, or as having none, without a word of the runs since."""
    from audits.history import pending_words

    of_job = f" of job {job}" if job is not None else ""
    if latest is None:
        where = f"in this report's window, which holds no finished run{of_job}"
    else:
        where = f"after run {latest}, the latest{of_job} this report shows"
    return f"{pending_words(pending)} {where}: not in this report"


def a_period(value: str) -> str:
    """A --per value: day or week, in any case."""
    from audits.trend import PERIODS

    if value.strip().lower() not in PERIODS:
        raise typer.BadParameter(f"{value!r}: choose one of {', '.join(PERIODS)}")
    return value.strip().lower()


def emit_trend(trend: dict[str, Any], plan: OutputPlan, job: str | None = None) -> None:
    from audits.reports.trend import get_trend_reporter

    rendered: dict[str, str] = {}
    for fmt, target in plan.files:
        if fmt not in rendered:
            rendered[fmt] = get_trend_reporter(fmt, job=job).render(trend)
        write_report(target, rendered[fmt], fmt)
    if plan.stdout_format:
        color = wants_color(sys.stdout) and plan.stdout_format == "terminal"
        width = report_width(color, 100) if plan.stdout_format == "terminal" else None
        text = get_trend_reporter(plan.stdout_format, color=color, width=width, job=job).render(
            trend
        )
        print_report(text, plan.stdout_format)
