"""`mtaudit fluency PATH...`: per-sentence language-model scores, as a table or JSON."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import Annotated

import typer

from audits.config import load_config
from audits.document import DocumentAudit
from audits.home_folder import expand_inputs
from audits.sources.base import EmptyInput
from cli import options as opt
from cli.console import (
    STDOUT_CLOSED_NO_FILE,
    error_line,
    hint_if_reading_a_terminal,
    is_live_terminal,
    print_report,
    print_report_chunks,
    redirected_into_files,
    refuse_an_input_redirected_into,
    report_width,
    wants_color,
    warning_line,
)
from cli.errors import handles_errors
from cli.lm_notes import (
    check_cache_folder,
    warn_if_kernel_not_compiled,
    warn_if_no_score_cache,
    warn_if_uncalibrated,
)
from cli.outputs import TEXT_OR_JSON, choose_format
from cli.progress import progress_reporter


def register(app: typer.Typer) -> None:
    app.command("fluency")(fluency)


@handles_errors
def fluency(
    paths: Annotated[
        list[str],
        typer.Argument(metavar="PATH", parser=opt.a_path, help=opt.INPUTS_HELP, show_default=False),
    ],
    output_format: opt.TextOrJson = "terminal",
    tokens: Annotated[
        bool,
        typer.Option("--tokens/--no-tokens", help="Include per-token scores in the JSON."),
    ] = True,
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
    since: opt.FluencySince = None,
    config_file: opt.ConfigFile = None,
    isolated: opt.Isolated = False,
) -> None:
    """Score every sentence's fluency with the language model."""
    # The engine and the readers load here, not with the module: `mtaudit --help`
    # imports every command's module and had no use for them.
    from audits.fluency import FluencyRun, fluency_json_chunks, stream_documents
    from audits.reports.fluency_table import render_fluency_table
    from audits.sources.inputs import read_inputs
    from cli.feed_notes import (
        has_read_note,
        warn_if_since_in_future,
        warn_of_empty_inputs,
        warn_of_read_notes,
    )

    # First, while the locals are the parameters: the model and input flags, by the
    # list `audit` uses; the model always runs here.
    overrides = opt.config_overrides(locals(), (*opt.LM_SETTINGS, *opt.INPUT_SETTINGS))
    overrides["lm"] = True
    paths = expand_inputs(paths)
    choose_format(output_format, TEXT_OR_JSON)
    if not tokens and output_format != "json":
        # Said as audit says of a model flag without the model: the table never had them.
        warning_line("--no-tokens has no effect: only the JSON report (-f json) has token scores")
    config = load_config(paths, config_file, overrides, discover=not isolated)
    check_cache_folder(config, uses_lm=True)
    warn_if_since_in_future(config)
    refuse_an_input_redirected_into(paths)
    empty: list[EmptyInput] = []
    hint_if_reading_a_terminal(paths)
    # Each document is written out (JSON) or kept without its token scores (the
    # table shows none) as it is scored: the whole run's token scores were held
    # until the end, gigabytes on a large feed.
    errors: list[DocumentAudit] = []
    noted: list[DocumentAudit] = []
    on_screen: list[str] = []  # a JSON report held while the progress bar is drawn

    def kept(stream: Iterable[DocumentAudit]) -> Iterator[DocumentAudit]:
        for audit in stream:
            if not audit.ok:
                errors.append(audit)
            if has_read_note(audit):
                # Its status too: the warning counts a failed input as one, not as a
                # document read.
                noted.append(
                    DocumentAudit(document=audit.document, status=audit.status, error=audit.error)
                )
            yield audit

    with progress_reporter() as progress:
        stream = stream_documents(
            read_inputs(paths, config=config, empty=empty, skip=redirected_into_files()),
            config,
            progress=progress,
        )
        if output_format == "json":
            documents = kept(stream)
            report = fluency_json_chunks(stream, tokens=tokens, documents=documents)
            if progress is not None and is_live_terminal(sys.stdout):
                # The bar redraws on the same screen and erases its last lines as it
                # closes: the report came out glued to a stale bar, its closing "}"
                # erased. A screen's report is written once the bar is gone.
                on_screen = list(report)
            else:
                # Once the reader has gone, every input is still read and scored (an
                # unreadable one exits 2) but no document's JSON is made.
                print_report_chunks(
                    report, "json", closed=STDOUT_CLOSED_NO_FILE, made_from=documents
                )
        else:
            run = FluencyRun([_without_tokens(audit) for audit in kept(stream)])
    if on_screen:
        print_report_chunks(on_screen, "json", closed=STDOUT_CLOSED_NO_FILE)
    lm = stream.lm
    warn_if_uncalibrated(lm)
    warn_if_no_score_cache(lm, config)
    warn_if_kernel_not_compiled(lm, config)
    warn_of_empty_inputs(empty)
    warn_of_read_notes(noted)
    if output_format != "json":
        run.lm = lm
        color = wants_color(sys.stdout)
        width = report_width(color, 120) or 120
        print_report(
            render_fluency_table(run, color=color, width=width),
            "terminal",
            closed=STDOUT_CLOSED_NO_FILE,
        )
    for doc in errors:
        error_line(f"{doc.document.source}: {doc.error}")
    if errors:
        raise typer.Exit(2)


def _without_tokens(audit: DocumentAudit) -> DocumentAudit:
    for fluency in audit.fluency.values():
        fluency.token_scores = []
    return audit
