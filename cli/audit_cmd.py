"""`mtaudit audit PATH...`: audit articles, write reports, set the exit code."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from audits.config import AuditConfig, load_config, origin_note
from audits.durations import zone_of
from audits.errors import BaselineError, HistoryError, ModelError, MtauditError, UsageError
from audits.home_folder import expand_home, expand_inputs, expand_to_read
from audits.reports.formats import FORMAT_NAMES
from audits.reports.labels import first_three
from audits.reports.write import check_destinations, is_stream, write_atomic
from audits.signature import compact_signature, signature_changes
from cli import options as opt
from cli.console import (
    error_line,
    hint_if_reading_a_terminal,
    note_line,
    redirected_into_files,
    refuse_an_input_redirected_into,
    warning_line,
)
from cli.errors import handles_errors
from cli.history_db import show_command_from_here
from cli.lm_notes import (
    check_cache_folder,
    warn_if_kernel_not_compiled,
    warn_if_no_score_cache,
    warn_if_uncalibrated,
    warn_of_unused_lm_flags,
)
from cli.outputs import (
    OutputPlan,
    choose_format,
    emit,
    for_this_stdout,
    plan_outputs,
    rebase_outputs,
    refuse_a_folder,
    refuse_an_output_stdout_goes_into,
    without_stdout,
)
from cli.progress import progress_reporter
from cli.protected_inputs import read_by_the_run
from cli.zones import AuditTimeZone, check_tz_flag, run_in_zone

# The engine, the readers and the history load in the functions that run them:
# `mtaudit --help`, `rules` and `config` import this module and had no use for them.
if TYPE_CHECKING:
    from audits.baseline import Baseline, TextHashes
    from audits.document import RunAudit
    from audits.gate import GateResult
    from audits.history import HistoryStore
    from audits.sources.base import EmptyInput


def register(app: typer.Typer) -> None:
    app.command("audit")(audit)


@handles_errors
def audit(
    paths: Annotated[
        list[str],
        typer.Argument(
            metavar="PATH",
            parser=opt.a_path,
            help=opt.INPUTS_HELP,
            show_default=False,
        ),
    ],
    output_format: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FMT",
            parser=opt.a_format,
            help=opt.report_format_help(FORMAT_NAMES, "terminal, or the config's format"),
        ),
    ] = None,
    outputs: opt.Outputs = None,
    select: opt.Select = None,
    ignore: opt.Ignore = None,
    fail_over: opt.FailOver = None,
    fail_on: opt.FailOn = None,
    verdict_model: opt.VerdictModel = None,
    lm: opt.Lm = None,
    model: opt.Model = None,
    device: opt.Device = None,
    dtype: opt.Dtype = None,
    lm_kernel: opt.LmKernel = None,
    batch_size: opt.BatchSize = None,
    context_sentences: opt.ContextSentences = None,
    cache: opt.Cache = None,
    cache_dir: opt.CacheDir = None,
    input_kind: opt.InputKind = None,
    fetch_articles: opt.FetchArticles = None,
    fetch_private_links: opt.FetchPrivateLinks = None,
    max_entries: opt.MaxEntries = None,
    since: opt.Since = None,
    jobs: opt.Jobs = None,
    engine: opt.Engine = None,
    ray_address: opt.RayAddress = None,
    config_file: opt.ConfigFile = None,
    isolated: opt.Isolated = False,
    allow: opt.Allow = None,
    baseline: Annotated[
        str | None,
        typer.Option(
            metavar="REPORT",
            parser=opt.a_file,
            help="A previous JSON report: report (and gate on) only what is new since it.",
        ),
    ] = None,
    write_baseline: Annotated[
        str | None,
        typer.Option(
            metavar="FILE",
            parser=opt.a_file,
            help="Also write the full JSON report here (before --baseline filtering), "
            "to use as the next baseline.",
        ),
    ] = None,
    history: opt.History = None,
    new_only: Annotated[
        bool,
        typer.Option(
            "--new-only",
            help="With a history: report (and gate on) only documents and findings that "
            "are new or changed since the accepted runs recorded before (a run whose "
            "--fail-on or --fail-over gate failed is not accepted: its retry fails again).",
        ),
    ] = False,
    quiet: opt.Quiet = False,
    tz: AuditTimeZone = None,
    accept: Annotated[
        bool,
        typer.Option(
            "--accept",
            help="Take what this run saw as known even when its --fail-on or --fail-over "
            "gate fails: --write-baseline writes the baseline, and --history records the "
            "run accepted (else a failed gate keeps both, so that its retry fails again).",
        ),
    ] = False,
) -> None:
    """Audit articles for machine translation and report the flagged sentences."""
    from audits.baseline import TextHashes, apply_baseline
    from audits.engine import audit_documents, load_rule_data
    from audits.gate import accepts, evaluate, outcome
    from audits.sources.inputs import check_stdin_read_once, path_list, read_inputs
    from cli.feed_notes import warn_of_empty_inputs, warn_of_read_notes

    # First, while the locals are the parameters: every setting flag, by the shared list.
    check_tz_flag(tz)
    overrides = opt.config_overrides(locals())
    paths = expand_inputs(paths)
    config = load_config(paths, config_file, overrides, discover=not isolated)
    plan, selected = check_settings(config)
    check_cache_folder(config, uses_lm=config.lm)
    load_rule_data(selected, config)  # before anything is opened or written, as the engine does
    store_path = config.resolved_path("history")
    # The shell left them as typed. The baseline is only read: by the shell's rule, as
    # the inputs (`~old.json` here was read before). The one written is refused as
    # --history is, before anything is read or written: no folder named ~nosuch is made.
    baseline = expand_to_read(baseline) if baseline else None
    write_baseline = expand_home(write_baseline, "--write-baseline") if write_baseline else None
    if new_only and store_path is None:
        raise UsageError(
            "--new-only needs a history: pass --history PATH or set history in mtaudit.toml"
        )
    if new_only and baseline:
        raise UsageError("--new-only and --baseline both choose what is new; pass only one")
    if accept and not write_baseline and store_path is None:
        raise UsageError(
            "--accept takes a run's findings as known to a baseline or a history: "
            "pass --write-baseline FILE or --history PATH"
        )
    if quiet:
        plan = _quiet(plan, config)
    known = _load_known(baseline, write_baseline) if baseline else None
    plan = for_this_stdout(
        plan, asked=config.format is not None, records=bool(store_path or write_baseline)
    )
    written = check_writes(
        paths, plan, store_path, write_baseline=write_baseline, baseline=baseline
    )
    refuse_an_input_redirected_into(path_list(paths))
    refuse_an_output_stdout_goes_into(plan, baseline=write_baseline)
    # Before the history is opened: `- /dev/stdin` with --history created the database
    # and then stopped on the usage error.
    check_stdin_read_once(path_list(paths))
    warn_if_no_rule(config, selected)  # once nothing can refuse the run: a mistake is one line

    with contextlib.ExitStack() as stack:
        store = stack.enter_context(_open_history(store_path)) if store_path else None
        empty: list[EmptyInput] = []
        hint_if_reading_a_terminal(paths)
        with progress_reporter(quiet) as progress:
            try:
                full = audit_documents(
                    read_inputs(
                        paths,
                        config=config,
                        empty=empty,
                        # The baseline too: a JSONL one kept in the audited folder was
                        # read as records with no text, and the run exited 2 on it.
                        skip=[
                            *written,
                            *redirected_into_files(),
                            *([baseline] if baseline else []),
                        ],
                    ),
                    config,
                    progress=progress,
                    cache=store,
                )
            except ModelError as exc:
                # The engine's advice names no way to turn the model off, as `fluency`
                # has none; audit's --no-lm runs the rules without it.
                raise ModelError(f"{exc} (--no-lm audits without the language model)") from None
        warn_if_uncalibrated(full.signature.get("lm"))  # type: ignore[arg-type]
        warn_if_no_score_cache(full.signature.get("lm"), config)  # type: ignore[arg-type]
        warn_if_kernel_not_compiled(full.signature.get("lm"), config)  # type: ignore[arg-type]
        warn_of_empty_inputs(empty)
        warn_of_read_notes(full.documents)
        # Recorded pending before the reports, so that they name the run (`history show
        # N`); it is a run only once they are out (`finish`, below): a report that fails
        # to be written must not cost the next run its news. Committed on its own, before
        # a --new-only run takes the write lock: one killed outright (SIGKILL) while it
        # holds it stays listed pending, and its id, named by its reports, is its own.
        run_id: int | None = None
        unrecorded: MtauditError | None = None
        # Its own stack, closed right after the finish: under --new-only the held
        # transaction's COMMIT is the finish's real one (a deferred foreign key is
        # checked there), so its refusal must reach the line that says the run stays
        # pending. Where the run ends earlier, the outer stack closes it.
        hold = stack.enter_context(contextlib.ExitStack())
        if store is not None and new_only:
            # Not accepted until `finish` says so: a pending run is no run to anything.
            run_id, unrecorded = _record_pending(store, full, config, paths, accepted=False)
            # What is known, read under the write lock held until this run is finished
            # (its reports out) or left pending: two runs of one feed started together
            # both read it before either was recorded, and both reported its news.
            hold.enter_context(store.held())
            known = store.known_baseline()
        run = full
        hashes = TextHashes()  # one hashing of each text, for both baseline steps
        if known is not None:
            run = apply_baseline(full, known, hashes)
            # An empty history's signature matches any (apply_baseline says so).
            if run.baseline is not None and not run.baseline.signature_matches:
                what = f"the last run in {store_path}" if new_only else f"baseline {baseline}"
                now = compact_signature(full.signature)
                warning_line(_other_settings(what, known.signature, now))
        gate = evaluate(run, config)
        run.gate = outcome(gate, config)
        # A failed gate must not make its own findings known: the retry of the failed
        # job would pass. --accept is how a reviewed finding is let through.
        accepted = accept or accepts(gate, config)
        if store is not None and not new_only:
            run_id, unrecorded = _record_pending(store, full, config, paths, accepted=accepted)
        if run_id is not None:
            run.history_run_id = run_id
            run.history_show_command = show_command_from_here(
                run.history_run_id, store_path, history
            )
        # In the configured zone, as `history show` prints the same run: "reused from
        # run 3 (...)" was in UTC here, whatever tz said.
        emit(run_in_zone(run, zone_of(config.tz)), plan)
        held: int | None = None
        try:
            if write_baseline:
                previous = None if new_only else known
                _write_baseline(write_baseline, full, previous, accepted, hashes)
            if unrecorded is not None:
                raise unrecorded
            if store is not None and run.history_run_id is not None:
                try:
                    store.finish(run.history_run_id, accepted=accepted)
                    hold.close()
                except HistoryError as exc:
                    # Only the finish was undone: the run was recorded, and its reports,
                    # written by now, name it.
                    raise HistoryError(f"{exc}; run {run.history_run_id} stays pending") from exc
                held = None if accepted else run.history_run_id
        except MtauditError:
            # A history that could not be written (a full disk) ended the run with that
            # line alone: the CI log lost which inputs were unreadable and that the gate
            # had failed, though the reports said so.
            _say_what_failed(run, gate)
            raise

    _say_what_failed(run, gate)
    if held is not None:
        # Says why the retry fails too, and how a reviewed finding is let through. A
        # note, not an error: the run was recorded as it should be, and the gate's line
        # and status (1) already say what failed; a cron mail that read "error:" twice
        # sent its reader looking for a broken history database.
        note_line(
            f"history {store_path}: run {held} is held, its findings stay new to --new-only "
            f"until a run passes, `mtaudit history accept {held}` or a run with --accept"
        )
    if gate.exit_code:
        raise typer.Exit(gate.exit_code)


def _record_pending(
    store: HistoryStore,
    full: RunAudit,
    config: AuditConfig,
    paths: list[str],
    *,
    accepted: bool,
) -> tuple[int | None, MtauditError | None]:
    """The run recorded pending, its id; or the error that kept it from being recorded:
    the reports go out all the same, naming no run."""
    try:
        return store.record(full, config, paths, accepted=accepted, pending=True), None
    except MtauditError as exc:
        return None, exc


def _load_known(baseline: str, write_baseline: str | None) -> Baseline:
    """The baseline, or its error, which says how a scheduled line that reads and
    writes it (`--baseline s.json --write-baseline s.json`) starts: its first run, or
    one after the file was lost, said only "no such file", every run after it too.
    Only where both name one file: a mistyped `--baseline` beside another
    `--write-baseline` would still be missing on the run after the advice."""
    from audits.baseline import load_baseline

    try:
        return load_baseline(baseline)
    except BaselineError as exc:
        if (
            write_baseline
            and not os.path.lexists(baseline)
            and Path(baseline).resolve() == Path(write_baseline).resolve()
        ):
            raise BaselineError(
                f"{exc}; to start it, run once with --write-baseline {write_baseline} "
                "and no --baseline"
            ) from None
        raise


def _quiet(plan: OutputPlan, config: AuditConfig) -> OutputPlan:
    """``plan`` with no report on stdout; a config file's ``format`` gives way to the
    flag, as every file setting does."""
    return without_stdout(plan, format_flag=config.origins.get("format") == "command line")


def _say_what_failed(run: RunAudit, gate: GateResult) -> None:
    """The unreadable inputs, then the gate's failure, one line each on stderr."""
    for doc in run.errors:
        error_line(f"{doc.document.source}: {doc.error}")
    # Also beside an exit 2, which has named its unreadable inputs: a CI log showed those
    # and not that a readable article had failed the gate as well.
    if gate.failed:
        error_line(gate.failure_line())


def _write_baseline(
    path: str, full: RunAudit, previous: Baseline | None, accepted: bool, hashes: TextHashes
) -> None:
    """Write the next baseline, unless inputs that could not be read held articles of the
    one it replaces: a feed that timed out for one run dropped its articles from the
    baseline, and on the next run every accepted finding of theirs was new again. The
    run exits 2 anyway; an input that never was in the baseline blocks nothing.

    Nor when the run is not ``accepted`` (its gate failed) and a baseline is there: the
    run that failed on a new finding wrote it into the baseline it gated on, and the
    retry of the failed job passed. A first baseline is written all the same: it takes
    the collection as it stands, which is what a first baseline is for.

    A stream (``/dev/stdout``, a pipe) holds no earlier baseline to keep: where this
    run's is refused, it gets the ``--baseline`` the run read, as it was, so that what
    reads it (an upload) stores the baseline unchanged. It got nothing, and an upload of
    that broke the next run; and a run with an unreadable input read /dev/stdout for the
    baseline it was about to replace, which waited on its own pipe for ever."""
    from audits.baseline import baseline_run, load_baseline, unread_documents
    from audits.reports.registry import get_reporter

    stream = is_stream(Path(path))
    there = Path(path).exists() and not stream
    if full.errors and previous is None and there:
        with contextlib.suppress(BaselineError):  # not a baseline: nothing to lose
            previous = load_baseline(path)
    lost = unread_documents(full, previous, hashes) if previous is not None else []
    if lost:
        n = len(lost)
        why = (
            f"{n} of its documents "
            f"({first_three(lost)}) "
            "could not be read this time and would have dropped out of it"
        )
    elif not accepted and (there or (stream and previous is not None)):
        why = (
            "the gate failed, and a failing run does not make its own findings known "
            "(its retry would pass); --accept writes it anyway"
        )
    else:
        write_atomic(path, get_reporter("json").render(baseline_run(full)))
        return
    if stream and previous is not None and previous.text is not None:
        write_atomic(path, previous.text)
        warning_line(f"{path} got baseline {previous.path} as it was: {why}")
        return
    warning_line(f"{path} kept as it was: {why}")


def _other_settings(what: str, before: str, now: str) -> str:
    """The warning for a baseline made with other settings, naming the parts of the
    signature that differ: it printed the baseline's whole signature, which a user had
    to set beside this run's, and said findings may be new or gone where only the
    verdict's threshold had changed (--fail-over 0.8 on a baseline written without)."""
    changes = signature_changes(before, now)
    if not changes:  # a signature that does not parse as ours
        return f"{what} was made with other settings ({before}); some findings may be new or gone"
    shown = "; ".join(f"{key}:{old} there, {key}:{new} here" for key, old, new in changes)
    verdicts_only = all(key == "mt" for key, _, _ in changes)
    effect = "verdicts may differ" if verdicts_only else "some findings may be new or gone"
    return f"{what} was made with other settings ({shown}); {effect} because of that"


def check_writes(
    inputs: list[str],
    plan: OutputPlan,
    history: str | None,
    *,
    write_baseline: str | None = None,
    baseline: str | None = None,
) -> list[str]:
    """Refuse report files and a history that cannot be written (a missing folder), and
    reports that would overwrite an input named or the history; `mtaudit config` runs
    the same check on the same settings. Returns the files this run writes (the
    history's included), which a folder walk or a glob of this run leaves out."""
    stores: list[str] = []
    if history:
        from audits.history import check_history_destination, history_file_roles

        check_history_destination(history)
        # SQLite writes the history's journal files beside it: a glob read all of them
        # as binary articles (exit 2), the first run too, as the history is opened first.
        stores = list(history_file_roles(history))
    if write_baseline:
        refuse_a_folder("--write-baseline", write_baseline)
    report_files = [path for _, path in plan.files]
    written = [*report_files, *([Path(write_baseline)] if write_baseline else [])]
    check_destinations(written, protected=read_by_the_run(inputs, written, history))
    if baseline:
        # --write-baseline may replace the baseline (that is how it moves on); a
        # filtered report may not.
        check_destinations(report_files, protected={baseline: f"the baseline {baseline}"})
    return [*(str(path) for path in written if not is_stream(path)), *stores]


def check_settings(
    config: AuditConfig, format_flag: str = "--format"
) -> tuple[OutputPlan, frozenset[str]]:
    """Refuse settings that would fail the run, before any input is read; `mtaudit config`
    runs the same checks so that a file it accepts is one `audit` accepts (``format_flag``:
    how that command spells audit's --format). Returns the output plan and the selected
    rule codes, which the checks resolve anyway."""
    from audits.gate import never_run, never_run_line
    from audits.rule_catalog import check_config_codes, rules_running
    from audits.verdict import verdict_model
    from cli.since_note import warn_if_since_in_future

    if config.origin("format") not in ("default", "command line"):
        # `format = "xml"` in a config file was refused with no word of the file, as
        # if the user had typed it; every other refused setting says where it is from.
        choose_format(config.format, FORMAT_NAMES, origin_note(config, "format"))
    origin = config.origin("outputs")
    plan = plan_outputs(
        config.format,
        report_outputs(config),
        format_flag=format_flag,
        config_file=None if origin in ("default", "command line") else origin,
        written_as=list(config.outputs),
    )
    selected = check_config_codes(config, opt.CODE_FLAGS)
    if dead := never_run(config.fail_on, rules_running(config, selected)):
        # Refused where this command line set the gate; a config file's gate beside a
        # narrower --select on the command line is a warning, as no flag unsets it.
        # `--no-lm --fail-on F601` passed every run without a word: no F rule runs.
        left_out = never_run(config.fail_on, selected)
        need_lm = [code for code in dead if code not in left_out]
        if config.origin("fail_on") == "command line":
            raise UsageError(never_run_line("--fail-on", dead, need_lm=need_lm))
        setting = f"fail_on{origin_note(config, 'fail_on')}"
        warning_line(never_run_line(setting, dead, need_lm=need_lm))
    verdict_model(config)
    warn_of_unused_lm_flags(config)
    warn_if_since_in_future(config)
    if config.engine == "ray":
        # Here: the Ray engine's module loads the detectors, which `config` has no use for.
        from audits.ray_engine import check_ray_engine

        check_ray_engine(config, None)
    elif config.origin("ray_address") == "command line":
        # The run audited on this machine without a word, as if on the cluster named.
        origin = config.origin("engine")
        why = {
            "default": "the engine is local by default; pass --engine ray",
            "command line": f"--engine {config.engine}",
        }.get(origin, f'engine = "{config.engine}" in {origin}; pass --engine ray')
        warning_line(f"--ray-address has no effect: documents are audited here, not on Ray ({why})")
    return plan, selected


def warn_if_no_rule(config: AuditConfig, selected: frozenset[str]) -> None:
    """Say that no rule runs (``selected``, as ``check_settings`` resolved it, less the
    rules the language model is off for); called once the run's checks have all
    passed, since a run refused on a usage error judges nothing at all."""
    from audits.rule_catalog import rules_running

    if not rules_running(config, selected):
        # `--select F --no-lm` ran no rule without a word: no F rule runs without the LM.
        warning_line(_no_rule_line(config, lm_off=bool(selected)))


def _no_rule_line(config: AuditConfig, *, lm_off: bool = False) -> str:
    """Why no rule runs, and what still decides the exit status: the verdict judges
    each document on its text (and the LM's scores) with no rule finding to go on, so
    `--select ALL --ignore ALL` can still exit 1, with no finding to say why. Kept a
    warning, not an error: `ignore = ["ALL"]` is how a verdict-only run is asked for."""
    said = []
    for key in ("select", "ignore"):
        codes = getattr(config, key)
        if not codes:
            continue
        if config.origin(key) == "command line":
            said.append(f"{opt.CODE_FLAGS[key]} {','.join(codes)}")
        else:
            listed = ", ".join(f'"{c}"' for c in codes)
            said.append(f"{key} = [{listed}]{origin_note(config, key)}")
    if lm_off:
        said.append("with the language model off, which F rules need")
    return (
        f"no rule runs ({', '.join(said)}): the verdict still judges each document, "
        "with no rule finding to go on, and one it judges machine-translated still fails "
        "the run (exit 1)"
    )


def report_outputs(config: AuditConfig) -> list[str]:
    """``outputs`` as given on the command line, or relative to the config file that set them."""
    origin = config.origin("outputs")
    if origin in ("default", "command line"):
        return list(config.outputs)
    return rebase_outputs(config.outputs, origin)


# The history module (SQLite, its codec: a thirtieth of a second) loads with a history
# to open, not for every audit.
def _open_history(path: str) -> HistoryStore:
    from audits.history import HistoryStore

    return HistoryStore(path)
