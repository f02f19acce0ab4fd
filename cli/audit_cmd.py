"""`mtaudit audit PATH...`: audit articles, write reports, set the exit code."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from audits.config import load_config
from audits.engine import audit_documents
from audits.gate import evaluate
from audits.sources import read_inputs
from cli.console import error_line
from cli.errors import handles_errors, split_csv
from cli.lm_notes import warn_if_uncalibrated
from cli.outputs import emit, plan_outputs
from cli.progress import progress_reporter


def register(app: typer.Typer) -> None:
    app.command("audit")(audit)


@handles_errors
def audit(
    paths: Annotated[
        list[str],
        typer.Argument(help="Files, directories, globs, or - for stdin.", show_default=False),
    ],
    output_format: Annotated[
        str | None,
        typer.Option("--format", "-f", help="Report on stdout: terminal (default) or json."),
    ] = None,
    outputs: Annotated[
        list[str] | None,
        typer.Option(
            "--output",
            "-o",
            help="Write a report file, atomically; format from FMT:PATH, the extension, "
            "or --format. Repeatable.",
        ),
    ] = None,
    select: Annotated[
        list[str] | None, typer.Option(help="Rule codes or prefixes to run (e.g. C,N,T101).")
    ] = None,
    ignore: Annotated[
        list[str] | None, typer.Option(help="Rule codes or prefixes to skip.")
    ] = None,
    fail_over: Annotated[
        float | None,
        typer.Option(
            "--fail-over",
            min=0.0,
            max=1.0,
            help="Exit 1 when a document's P(machine-translated) reaches this.",
        ),
    ] = None,
    fail_on: Annotated[
        list[str] | None, typer.Option(help="Exit 1 when any of these rule codes fire.")
    ] = None,
    lm: Annotated[
        bool | None,
        typer.Option("--lm/--no-lm", help="Score fluency with the language model (default on)."),
    ] = None,
    model: Annotated[
        str | None,
        typer.Option(help="Causal LM id or local directory (default: embedded SmolLM2-135M)."),
    ] = None,
    device: Annotated[str | None, typer.Option(help="cpu, cuda, cuda:1, mps.")] = None,
    dtype: Annotated[str | None, typer.Option(help="auto, fp32 or bf16.")] = None,
    batch_size: Annotated[int | None, typer.Option(min=1, help="Sentences per LM batch.")] = None,
    input_kind: Annotated[
        str | None, typer.Option(help="Read every input as this kind instead of sniffing.")
    ] = None,
    jobs: Annotated[
        int | None, typer.Option("--jobs", "-j", min=1, help="Processes for the rule engine.")
    ] = None,
    config_file: Annotated[
        str | None, typer.Option("--config", help="Config file instead of the nearest one.")
    ] = None,
    isolated: Annotated[
        bool, typer.Option("--isolated", help="Ignore config files; use defaults and flags only.")
    ] = False,
) -> None:
    """Audit articles for machine translation and report the flagged sentences."""
    overrides: dict[str, Any] = {
        "select": split_csv(select),
        "ignore": split_csv(ignore),
        "fail_over": fail_over,
        "fail_on": split_csv(fail_on),
        "lm": lm,
        "model": model,
        "device": device,
        "dtype": dtype,
        "batch_size": batch_size,
        "input_kind": input_kind,
        "jobs": jobs,
    }
    config = load_config(paths, config_file, overrides, discover=not isolated)
    plan = plan_outputs(output_format or _first(config.formats), outputs or [])

    with progress_reporter() as progress:
        run = audit_documents(read_inputs(paths, config.input_kind), config, progress=progress)
    warn_if_uncalibrated(run.signature.get("lm"))  # type: ignore[arg-type]
    emit(run, plan)

    for doc in run.errors:
        error_line(f"{doc.document.source}: {doc.error}")
    gate = evaluate(run, config)
    if gate.exit_code:
        raise typer.Exit(gate.exit_code)


def _first(values: list[str]) -> str | None:
    return values[0] if values else None
