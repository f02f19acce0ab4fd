"""Options shared by several commands, declared once so their names and help agree."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Annotated, Any

import typer

from audits.rules import rule_codes


def a_path(value: str) -> str:
    """A file or folder named on the command line, refused when empty: `--history "$DB"`
    with DB unset recorded nothing, `--write-baseline ""` wrote no baseline, `--config
    ""` read the nearest config file instead and `audit ""` the current folder, each
    without a word."""
    if not value:
        raise typer.BadParameter("'' is an empty path (an unset variable?)")
    if not value.strip():
        # `--history "  "` made a database named with two spaces, without a word.
        raise typer.BadParameter(f"{value!r} is a blank path (an unset variable?)")
    return value


def a_file(value: str) -> str:
    """A path for a file or folder the run reads or writes itself (a history, a
    baseline, a config file), where "-" is neither stdin nor stdout: `--history -`
    made a database named "-" and `--write-baseline -` a file so named, without a
    word, while `--baseline -` said "no such file"."""
    if a_path(value) == "-":
        raise typer.BadParameter(
            "'-' names no file (it is not stdin or stdout here); for a file named '-', write ./-"
        )
    return value


def a_format(value: str) -> str:
    """A --format value in any case, as -o's extensions are read (`-o R.JSON` is JSON):
    `-f JSON` was refused as an unknown format."""
    from audits.reports import format_named

    return format_named(value)


Outputs = Annotated[
    list[str] | None,
    typer.Option(
        "--output",
        "-o",
        metavar="[FMT:]PATH",
        parser=a_path,
        help="Write a report file, atomically; format from FMT:PATH, the extension, "
        "or --format. Repeatable.",
    ),
]
# The PATH arguments of `audit` and `fluency`, which read their inputs alike.
INPUTS_HELP = "Files, directories, globs, feed or page URLs, files of URLs, or - for stdin."


def report_format_help(formats: Iterable[str], default: str = "terminal") -> str:
    """The help of a --format that picks the report printed on stdout beside the -o
    files (`audit`, `compare`, `report`, `history show`): one wording, which compare
    had drifted from ('terminal (default) or json')."""
    return f"Report on stdout: {', '.join(formats)} (default {default})."


# --format of the commands that print a table or JSON, and nothing else.
TextOrJson = Annotated[
    str,
    typer.Option(
        "--format",
        "-f",
        metavar="FMT",
        parser=a_format,
        help="Output on stdout: terminal or json.",
    ),
]
ConfigFile = Annotated[
    str | None,
    typer.Option(
        "--config", metavar="FILE", parser=a_file, help="Config file instead of the nearest one."
    ),
]
Isolated = Annotated[
    bool, typer.Option("--isolated", help="Ignore config files; use defaults and flags only.")
]
# `audit -q` and `compare -q`: the gate of a CI job without the report in its log.
Quiet = Annotated[
    bool,
    typer.Option(
        "--quiet",
        "-q",
        help="No report on stdout, no progress bar (a CI gate: the exit status, and "
        "the errors and warnings on stderr, say it all); --output files are still "
        "written.",
    ),
]
Select = Annotated[
    list[str] | None,
    typer.Option(metavar="CODES", help="Rule codes or prefixes to run (e.g. C,N,T101)."),
]
Ignore = Annotated[
    list[str] | None, typer.Option(metavar="CODES", help="Rule codes or prefixes to skip.")
]


def a_count(least: int, what: str) -> Callable[[str | int], int]:
    """A parser for a whole number of ``least`` or more, refused in the project's words:
    typer's own range and type checks said 'Input should be greater than or equal to 1'."""

    def parse(value: str | int) -> int:
        if isinstance(value, int):
            number = value
        elif re.fullmatch(r"\s*[+-]?\d+\s*", value, re.ASCII):
            number = int(value)
        else:
            raise typer.BadParameter(f"{value!r} is not a whole number (give {what})")
        if number < least:
            raise typer.BadParameter(f"{value} is not {least} or more (give {what})")
        return number

    return parse


def probability(value: str | float) -> float:
    """A --fail-over value: a number from 0 to 1. The range check alone called 'nan'
    'not less than or equal to 1', as if it were a number too large."""
    try:
        number = float(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a number (give a P from 0 to 1)") from None
    if math.isnan(number):
        raise typer.BadParameter(f"{value!r} is not a number (give a P from 0 to 1)")
    if not 0.0 <= number <= 1.0:
        raise typer.BadParameter(f"{value} is not from 0 to 1 (a P(machine-translated))")
    return number + 0.0  # -0 is 0: no '-0.0' threshold in the reports


FailOver = Annotated[
    float | None,
    typer.Option(
        "--fail-over",
        metavar="P",
        parser=probability,
        # The range is checked by the parser (with nan and -0 said as what they are),
        # but typer shows it in --help only when it knows it.
        min=0,
        max=1,
        help="Exit 1 when a document's P(machine-translated) reaches this (default: the "
        "verdict's threshold, 2% false positives on English originals).",
    ),
]
VerdictModel = Annotated[
    str | None,
    typer.Option(
        metavar="FILE",
        parser=a_file,
        help="A verdict model file written by bench/fit_verdict.py, instead of the packaged one.",
    ),
]
FailOn = Annotated[
    list[str] | None,
    typer.Option(metavar="CODES", help="Exit 1 when any of these rule codes fire."),
]
Lm = Annotated[
    bool | None,
    typer.Option("--lm/--no-lm", help="Score fluency with the language model (default on)."),
]
Model = Annotated[
    str | None,
    typer.Option(
        metavar="NAME_OR_PATH",
        parser=a_file,
        help="Causal LM id, local directory or .gguf file (default: embedded SmolLM2-135M).",
    ),
]
Device = Annotated[
    str | None, typer.Option(metavar="DEVICE", help="cpu (default), cuda, cuda:N, mps or xpu.")
]
Dtype = Annotated[str | None, typer.Option(metavar="DTYPE", help="auto (default), fp32 or bf16.")]
LmKernel = Annotated[
    str | None,
    typer.Option(
        metavar="KIND",
        help="How token log-probs and ranks are read off the model's output: compiled (a "
        "fused kernel built once with a C++ compiler, then cached), eager (plain torch) or "
        "auto (default: compiled once built; built for runs of 20,000+ tokens).",
    ),
]
BatchSize = Annotated[
    int | None,
    typer.Option(
        metavar="N",
        parser=a_count(1, "a number of sentences per batch"),
        min=1,
        help="Sentences per LM batch (default 16).",
    ),
]
ContextSentences = Annotated[
    int | None,
    typer.Option(
        metavar="N",
        parser=a_count(0, "a number of sentences"),
        min=0,
        help="Preceding sentences given to the model as context (default 1).",
    ),
]
Cache = Annotated[
    bool | None,
    typer.Option(
        "--cache/--no-cache", help="Reuse and store scores in the score cache (default on)."
    ),
]
CacheDir = Annotated[
    str | None,
    typer.Option(
        metavar="DIR",
        parser=a_file,
        help="Directory for the converted model, the score cache and the name index "
        "(default: $MTAUDIT_CACHE_DIR, else the user cache directory).",
    ),
]
InputKind = Annotated[
    str | None,
    typer.Option(
        metavar="KIND",
        help="Read every input as text, html, jsonl, feed or urls (a list of URLs) "
        "instead of sniffing.",
    ),
]
Jobs = Annotated[
    int | None,
    typer.Option(
        "--jobs",
        "-j",
        metavar="N",
        parser=a_count(1, "a number of processes"),
        min=1,
        help="Processes for the rule engine (default 1; with --engine ray: at most N Ray workers).",
    ),
]
Engine = Annotated[
    str | None,
    typer.Option(
        metavar="ENGINE",
        help="Where documents are audited: local (default: this machine, --jobs processes) or ray "
        "(a Ray cluster, for a crawl; needs mtaudit\\[ray]).",  # help is rich markup
    ),
]
RayAddress = Annotated[
    str | None,
    typer.Option(
        metavar="ADDR",
        help="With --engine ray: the cluster to use, auto or ray://HOST:PORT "
        "(default: start a local Ray for the run).",
    ),
]


def a_phrase(value: str) -> str:
    """A name or phrase of text, which must be UTF-8 as the text it is matched against
    is: a phrase typed in a Latin-1 terminal (`--allow $'caf\\xe9'`) reached the run as
    lone surrogates and stopped it with "internal error: UnicodeEncodeError"."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        from audits.sources.inputs import printable_name

        raise typer.BadParameter(
            f"'{printable_name(value)}' is not UTF-8 text (is the terminal's encoding UTF-8?)"
        ) from None
    return value


Allow = Annotated[
    list[str] | None,
    typer.Option(
        metavar="PHRASE",
        parser=a_phrase,
        help="A name or phrase never to flag (repeatable; replaces the config's).",
    ),
]
FetchArticles = Annotated[
    bool | None,
    typer.Option(
        "--fetch-articles/--no-fetch-articles",
        help="For feed entries that carry only a summary, fetch and audit the linked page.",
    ),
]
FetchPrivateLinks = Annotated[
    bool | None,
    typer.Option(
        "--fetch-private-links/--no-fetch-private-links",
        help="Let links found inside feeds (and URLs in a list of URLs fetched from a "
        "server) reach loopback and private addresses (off by default: a hostile feed "
        "must not reach internal services).",
    ),
]
MaxEntries = Annotated[
    int | None,
    typer.Option(
        metavar="N",
        parser=a_count(1, "a number of entries"),
        min=1,
        help="Audit at most N entries of each feed.",
    ),
]
Since = Annotated[
    str | None,
    typer.Option(
        metavar="DATE",
        help="Only feed entries (and JSONL records) published since DATE: ISO "
        "(2024-05-01, in --tz, default UTC) or an age (12h, 7d, 2w).",
    ),
]
# fluency takes no --tz: a date without a zone is in the config's tz, as for audit.
FluencySince = Annotated[
    str | None,
    typer.Option(
        metavar="DATE",
        help="Only feed entries (and JSONL records) published since DATE: ISO "
        "(2024-05-01, in the config's tz, default UTC) or an age (12h, 7d, 2w).",
    ),
]
History = Annotated[
    str | None,
    typer.Option(
        metavar="FILE",
        parser=a_file,
        help="Record this run in a history database (SQLite; created if missing) and "
        "reuse the stored result of every document audited before unchanged.",
    ),
]
HistoryToRead = Annotated[
    str | None,
    typer.Option(
        metavar="FILE",
        parser=a_file,
        help="The history database (default: `history` in mtaudit.toml).",
    ),
]

# The flags that set an AuditConfig key, by parameter name (the key, but for --format).
# `audit` and `config` build their overrides from this one list and must both take
# every flag in it (config_overrides fails on a missing one, and tests/test_flag_parity.py
# fails on an audit flag that is in neither this list nor its list of run-only flags), so a
# flag cannot change what an audit does without `mtaudit config` showing it. The other
# commands take a part: `fluency` the model and input flags, `compare` the model's.
LM_SETTINGS = (
    "model",
    "device",
    "dtype",
    "lm_kernel",
    "batch_size",
    "context_sentences",
    "cache",
    "cache_dir",
)
INPUT_SETTINGS = ("input_kind", "fetch_articles", "fetch_private_links", "max_entries", "since")
AUDIT_SETTINGS: dict[str, str] = {
    **{name: name for name in ("select", "ignore", "fail_over", "fail_on", "verdict_model")},
    **{name: name for name in ("allow", "lm", *LM_SETTINGS, *INPUT_SETTINGS, "jobs")},
    "engine": "engine",
    "ray_address": "ray_address",
    # `--format` is a setting of `audit`; on `config` it is spelled --audit-format.
    "output_format": "format",
    "outputs": "outputs",
    "history": "history",
    "tz": "tz",
}

# Flags whose values are lists of comma-separated codes.
_CODE_LISTS = ("select", "ignore", "fail_on")
# How each is typed, for the errors that name one the command line set.
CODE_FLAGS = {key: "--" + key.replace("_", "-") for key in _CODE_LISTS}


def config_overrides(
    values: Mapping[str, Any], params: Iterable[str] = tuple(AUDIT_SETTINGS)
) -> dict[str, Any]:
    """The AuditConfig overrides among a command's parameters (its ``locals()``), for
    ``params`` (default: every audit setting); None means not given on the command line."""
    out: dict[str, Any] = {}
    for param in params:
        key = AUDIT_SETTINGS[param]
        value = values[param]
        if key in _CODE_LISTS:
            value = rule_codes(value, CODE_FLAGS[key]) if value else None
        elif isinstance(value, list):
            value = value or None  # an empty list is a flag not given, not "none at all"
        out[key] = value
    return out
