"""`mtaudit compare HYP REF [REF...]`: reference-based scores, sentence by sentence.

Exit status: 0 when no gate is hit, 1 when a --fail-under score or a --fail-on
rule is hit, 2 for a usage error or an input that cannot be read.
"""

from __future__ import annotations

import dataclasses
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from audits.config import load_config
from audits.errors import UsageError
from audits.home_folder import expand_inputs
from audits.reference_records import MetricSettings
from audits.reports.write import check_destinations
from cli import options as opt
from cli.console import (
    error_line,
    hint_if_reading_a_terminal,
    print_report,
    report_width,
    wants_color,
    warning_line,
    write_report,
)
from cli.errors import handles_errors
from cli.lm_notes import check_cache_folder, unused_flags_note
from cli.outputs import (
    TEXT_OR_JSON,
    OutputPlan,
    for_this_stdout,
    plan_outputs,
    refuse_an_output_stdout_goes_into,
    without_stdout,
)
from cli.progress import progress_reporter

if TYPE_CHECKING:
    from audits.reference_records import CompareResult

# Kept here rather than imported from the engine, so `mtaudit --help` and the
# other commands do not load sacrebleu (the engine validates the values).
ALIGN_MODES = ("auto", "lines", "sentences")


def register(app: typer.Typer) -> None:
    app.command("compare")(compare_command)


@handles_errors
def compare_command(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Text files aligned by line (or two documents, aligned by sentence when "
            "their line counts differ), or one JSONL file with hyp and ref.",
            show_default=False,
            metavar="HYP REF [REF...]",
            parser=opt.a_path,
        ),
    ],
    chrf_plus_plus: Annotated[
        bool, typer.Option("--chrf-plus-plus", help="chrF++: chrF with word bigrams (order 2).")
    ] = False,
    word_order: Annotated[
        int | None,
        typer.Option(
            "--word-order",
            metavar="N",
            parser=opt.a_count(0, "a word n-gram order"),
            min=0,
            help="chrF word n-gram order (0 = chrF, 2 = chrF++).",
        ),
    ] = None,
    lowercase: Annotated[
        bool, typer.Option("--lowercase", "-lc", help="Lowercase BLEU and chrF (TER always is).")
    ] = False,
    tokenize: Annotated[
        str | None,
        typer.Option(
            "--tokenize",
            "-tok",
            metavar="NAME",
            help="BLEU tokenizer, as in sacrebleu: 13a (default), none, intl, zh, char, "
            "ja-mecab, ko-mecab, spm, flores101, flores200.",
        ),
    ] = None,
    ter: Annotated[
        bool, typer.Option("--ter/--no-ter", help="Compute TER (slow on long sentences).")
    ] = True,
    ter_max_words: Annotated[
        int,
        typer.Option(
            metavar="N",
            parser=opt.a_count(0, "a number of words"),
            min=0,
            help="Leave segments longer than this many words out of TER (0 = none left out).",
        ),
    ] = MetricSettings.ter_max_words,
    align: Annotated[
        str,
        typer.Option(
            metavar="MODE",
            help="lines, sentences, or auto: by line when the line counts agree, else by sentence.",
        ),
    ] = "auto",
    output_format: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FMT",
            parser=opt.a_format,
            help=opt.report_format_help(TEXT_OR_JSON),
        ),
    ] = None,
    outputs: opt.Outputs = None,
    rows: Annotated[
        int,
        typer.Option(
            metavar="N",
            parser=opt.a_count(0, "a number of rows"),
            min=0,
            help="Sentence rows in the terminal report (0 = all).",
        ),
    ] = 20,
    fail_under: Annotated[
        list[str] | None,
        typer.Option(
            "--fail-under",
            metavar="METRIC=SCORE",
            help="Exit 1 when a corpus score is under this, e.g. chrf=55, bleu=30.",
        ),
    ] = None,
    fail_on: Annotated[
        list[str] | None,
        typer.Option(metavar="CODES", help="Exit 1 when any of these rule codes fire (R702)."),
    ] = None,
    select: Annotated[
        list[str] | None, typer.Option(metavar="CODES", help="R rule codes to run (default all).")
    ] = None,
    ignore: Annotated[
        list[str] | None, typer.Option(metavar="CODES", help="R rule codes to skip.")
    ] = None,
    allow: opt.Allow = None,
    fluency: Annotated[
        bool, typer.Option("--fluency", help="Also score the hypothesis with the language model.")
    ] = False,
    model: opt.Model = None,
    device: opt.Device = None,
    dtype: opt.Dtype = None,
    lm_kernel: opt.LmKernel = None,
    batch_size: opt.BatchSize = None,
    context_sentences: opt.ContextSentences = None,
    cache: opt.Cache = None,
    cache_dir: opt.CacheDir = None,
    config_file: opt.ConfigFile = None,
    isolated: opt.Isolated = False,
    quiet: opt.Quiet = False,
) -> None:
    """Score a translation against reference(s): BLEU, chrF, TER, and flagged sentences."""
    from audits.gate import never_run, never_run_line
    from audits.reference import compare, gate_reasons, parse_fail_under, parse_rule_codes
    from audits.reference_rules import RULES
    from audits.reports.compare import COMPARE_EXTENSIONS, COMPARE_REPORTERS
    from audits.rules import resolve_selection

    # First, while the locals are the parameters: the model's flags, by the list `audit`
    # uses (--select and --fail-on here are R codes, not audit's settings), and --allow.
    overrides = opt.config_overrides(locals(), (*opt.LM_SETTINGS, "allow"))
    paths = expand_inputs(paths)

    if align not in ALIGN_MODES:
        raise UsageError(f"--align takes {', '.join(ALIGN_MODES)}, not {align!r}")
    settings = MetricSettings(
        word_order=_word_order(chrf_plus_plus, word_order),
        lowercase=lowercase,
        tokenize=tokenize,
        ter=ter,
        ter_max_words=ter_max_words,
    )
    gates = parse_fail_under(fail_under or [])
    # Read as `audit` reads its own, with the same errors, before any work is done.
    fail_codes = parse_rule_codes(fail_on, "--fail-on") or []
    select_codes = parse_rule_codes(select, "--select")
    ignore_codes = parse_rule_codes(ignore, "--ignore") or []
    if dead := never_run(fail_codes, resolve_selection(RULES, select_codes, ignore_codes)):
        raise UsageError(never_run_line("--fail-on", dead))
    plan = plan_outputs(
        output_format,
        outputs or [],
        formats=COMPARE_REPORTERS,
        format_for=lambda path: COMPARE_EXTENSIONS.get(Path(path).suffix.lower()),
    )
    if quiet:
        # As `audit -q`: the gate of a CI job without the report in its log.
        plan = without_stdout(plan, format_flag=output_format is not None)
    plan = for_this_stdout(plan, asked=output_format is not None)
    check_destinations(
        [path for _, path in plan.files],
        protected={p: f"the input {p}" for p in paths if os.path.isfile(p)},
    )
    refuse_an_output_stdout_goes_into(plan)
    config = load_config(paths, config_file, overrides, discover=not isolated)
    unused = None
    if fluency:
        # Without --fluency compare opens no cache, and needs no folder for one.
        check_cache_folder(config, uses_lm=True)
    else:
        # Every model flag, the cache's included: without --fluency nothing here reads them.
        given = [k for k in opt.LM_SETTINGS if overrides.get(k) is not None]
        unused = unused_flags_note(given, "no --fluency")
    if unused:
        # Before the run, as `audit` warns: a long TER run kept it until the end, and
        # one that failed (a missing reference) never said it.
        warning_line(unused)
    hint_if_reading_a_terminal(paths)
    with progress_reporter(quiet) as progress:
        result = compare(
            paths,
            settings,
            align=align,
            config=config,
            fluency=fluency,
            select=select_codes,
            ignore=ignore_codes,
            progress=progress,
        )
    said_after = result.all_warnings()
    if unused:
        # Said already; the JSON's inputs.warnings holds it with the run's others. A
        # record of its own: the engine's result is not the CLI's to change.
        result = dataclasses.replace(result, warnings=[unused, *result.warnings])
    _emit(result, plan, rows)
    for warning in said_after:
        warning_line(warning)
    reasons = gate_reasons(result, gates, fail_codes)
    if reasons:
        error_line("gate failed: " + "; ".join(reasons))
        raise typer.Exit(1)


def _word_order(plus_plus: bool, word_order: int | None) -> int:
    if plus_plus and word_order not in (None, 2):
        raise UsageError("--chrf-plus-plus means --word-order 2; give one or the other")
    if plus_plus:
        return 2
    return word_order or 0


def _emit(result: CompareResult, plan: OutputPlan, rows: int) -> None:
    from audits.reports.compare import get_compare_reporter

    for fmt, path in plan.files:
        write_report(path, get_compare_reporter(fmt, rows=rows).render(result), fmt)
    stdout_format = plan.stdout_format
    if stdout_format:
        color = wants_color(sys.stdout) and stdout_format == "terminal"
        width = report_width(color, 120) if stdout_format == "terminal" else None
        reporter = get_compare_reporter(stdout_format, color=color, width=width, rows=rows)
        print_report(reporter.render(result), stdout_format)
