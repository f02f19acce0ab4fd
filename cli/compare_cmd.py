"""`mtaudit compare HYP REF [REF...]`: reference-based scores, sentence by sentence.

Exit status: 0 when no gate is hit, 1 when a --fail-under score or a --fail-on
rule is hit, 2 for a usage error or an input that cannot be read.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from audits.config import load_config
from audits.errors import UsageError
from audits.reference_records import MetricSettings
from audits.reports import check_destinations, write_atomic
from cli import options as opt
from cli.console import error_line, wants_color, warning_line
from cli.errors import handles_errors, split_csv
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
            help="HYP REF [REF...]: text files aligned by line (or two documents, aligned "
            "by sentence when their line counts differ), or one JSONL file with hyp and ref.",
            show_default=False,
            metavar="HYP REF [REF...]",
        ),
    ],
    chrf_plus_plus: Annotated[
        bool, typer.Option("--chrf-plus-plus", help="chrF++: chrF with word bigrams (order 2).")
    ] = False,
    word_order: Annotated[
        int | None,
        typer.Option("--word-order", min=0, help="chrF word n-gram order (0 = chrF, 2 = chrF++)."),
    ] = None,
    lowercase: Annotated[
        bool, typer.Option("--lowercase", "-lc", help="Lowercase BLEU and chrF (TER always is).")
    ] = False,
    tokenize: Annotated[
        str | None,
        typer.Option(
            "--tokenize",
            "-tok",
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
            min=0,
            help="Leave segments longer than this many words out of TER (0 = none left out).",
        ),
    ] = MetricSettings.ter_max_words,
    align: Annotated[
        str,
        typer.Option(
            help="lines, sentences, or auto: by line when the line counts agree, else by sentence."
        ),
    ] = "auto",
    output_format: Annotated[
        str | None,
        typer.Option("--format", "-f", help="Report on stdout: terminal (default) or json."),
    ] = None,
    outputs: opt.Outputs = None,
    rows: Annotated[
        int, typer.Option(min=0, help="Sentence rows in the terminal report (0 = all).")
    ] = 20,
    fail_under: Annotated[
        list[str] | None,
        typer.Option(
            "--fail-under", help="Exit 1 when a corpus score is under this, e.g. chrf=55, bleu=30."
        ),
    ] = None,
    fail_on: Annotated[
        list[str] | None, typer.Option(help="Exit 1 when any of these rule codes fire (R702).")
    ] = None,
    select: Annotated[
        list[str] | None, typer.Option(help="R rule codes to run (default all).")
    ] = None,
    ignore: Annotated[list[str] | None, typer.Option(help="R rule codes to skip.")] = None,
    fluency: Annotated[
        bool, typer.Option("--fluency", help="Also score the hypothesis with the language model.")
    ] = False,
    model: Annotated[
        str | None, typer.Option(help="Causal LM id or local directory for --fluency.")
    ] = None,
    device: Annotated[str | None, typer.Option(help="cpu, cuda, cuda:1, mps.")] = None,
    batch_size: Annotated[int | None, typer.Option(min=1, help="Sentences per LM batch.")] = None,
    config_file: Annotated[
        str | None, typer.Option("--config", help="Config file instead of the nearest one.")
    ] = None,
    isolated: Annotated[
        bool, typer.Option("--isolated", help="Ignore config files; use defaults and flags only.")
    ] = False,
) -> None:
    """Score a translation against reference(s): BLEU, chrF, TER, and flagged sentences."""
    from audits.reference import compare, gate_reasons, parse_fail_on, parse_fail_under

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
    fail_codes = parse_fail_on(split_csv(fail_on) or [])
    stdout_format, files = _plan(output_format, outputs or [])
    check_destinations(
        [path for _, path in files],
        protected={p: f"the input {p}" for p in paths if Path(p).is_file()},
    )
    overrides: dict[str, Any] = {"model": model, "device": device, "batch_size": batch_size}
    config = load_config(paths, config_file, overrides, discover=not isolated)

    select_codes = split_csv(select)
    with progress_reporter() as progress:
        result = compare(
            paths,
            settings,
            align=align,
            config=config,
            fluency=fluency,
            select=select_codes,
            ignore=split_csv(ignore) or [],
            progress=progress,
        )
    _emit(result, stdout_format, files, rows)
    note = result.ter_note()
    if note:
        warning_line(note)
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


def _plan(
    stdout_format: str | None, outputs: list[str]
) -> tuple[str | None, list[tuple[str, Path]]]:
    """What stdout shows and which files are written (same rules as `mtaudit audit`)."""
    from audits.reports.compare import COMPARE_EXTENSIONS, COMPARE_REPORTERS

    chosen = stdout_format or "terminal"
    if chosen not in COMPARE_REPORTERS:
        raise UsageError(
            f"unknown format {chosen!r}; compare writes {', '.join(COMPARE_REPORTERS)}"
        )
    files: list[tuple[str, Path]] = []
    for spec in outputs:
        head, sep, tail = spec.partition(":")
        if sep and head in COMPARE_REPORTERS and tail:
            fmt, path = head, tail
        else:
            fmt = COMPARE_EXTENSIONS.get(Path(spec).suffix.lower()) or stdout_format
            path = spec
            if fmt is None:
                raise UsageError(
                    f"cannot tell the format of --output {spec!r}; write FORMAT:{spec} "
                    f"or pass --format (formats: {', '.join(COMPARE_REPORTERS)})"
                )
        files.append((fmt, Path(path)))
    written = {fmt for fmt, _ in files}
    return (None if chosen in written else chosen), files


def _emit(
    result: CompareResult, stdout_format: str | None, files: list[tuple[str, Path]], rows: int
) -> None:
    from audits.reports.compare import get_compare_reporter

    for fmt, path in files:
        write_atomic(path, get_compare_reporter(fmt, rows=rows).render(result))
    if stdout_format:
        color = wants_color(sys.stdout) and stdout_format == "terminal"
        width = shutil.get_terminal_size((120, 24)).columns if color else None
        reporter = get_compare_reporter(stdout_format, color=color, width=width, rows=rows)
        sys.stdout.write(reporter.render(result))
        sys.stdout.flush()
