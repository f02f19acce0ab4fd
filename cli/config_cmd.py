"""`mtaudit config [PATH...]`: the effective settings and where each came from."""

from __future__ import annotations

import glob
import os
from pathlib import Path
from typing import Annotated, Any

import typer
from rich import box
from rich.table import Table
from rich.text import Text

from audits.config import AuditConfig, find_config_file, load_config, read_config_file
from audits.home_folder import expand_inputs, expand_to_read
from audits.lm.preflight import model_spec
from audits.reports import strict_json
from audits.reports.labels import printable
from cli import options as opt
from cli.audit_cmd import check_settings, check_writes, report_outputs, warn_if_no_rule
from cli.console import STDOUT_CLOSED_NO_FILE, print_lines, print_report, warning_line
from cli.errors import handles_errors
from cli.outputs import FORMATS_HELP, TEXT_OR_JSON, choose_format
from cli.zones import AuditTimeZone, check_tz_flag


def register(app: typer.Typer) -> None:
    app.command("config")(config)


@handles_errors
def config(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="PATH",
            parser=opt.a_path,
            help="Inputs you would audit; the config file is searched for above them "
            "(default: the current directory).",
            show_default=False,
        ),
    ] = None,
    display_format: opt.TextOrJson = "terminal",
    output_format: Annotated[
        str | None,
        typer.Option(
            "--audit-format",
            metavar="FMT",
            parser=opt.a_format,
            help=f"The --format of the audit to show the settings of: {FORMATS_HELP} "
            "(config's own --format is how it prints them).",
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
    history: opt.History = None,
    tz: AuditTimeZone = None,
) -> None:
    """Show the effective settings for PATHs and where each came from (default, file, flag).

    Takes every setting flag of `mtaudit audit` (--audit-format for its --format) and
    shows what it sets; no input is read and no report written.
    """
    # First, while the locals are the parameters: every setting flag, by the shared list.
    check_tz_flag(tz)
    overrides = opt.config_overrides(locals())
    # audit's --format names a report config cannot print as: say where it goes.
    choose_format(display_format, TEXT_OR_JSON, " (audit's --format is --audit-format here)")
    paths = expand_inputs(paths or [])
    inputs = paths or ["."]
    cfg = load_config(inputs, config_file, overrides, discover=not isolated)
    plan, selected = check_settings(cfg, format_flag="--audit-format")
    # The report files audit would write: a missing folder or an input named as one is
    # refused here as audit refuses it (the default "." is where to look, not an input).
    check_writes(paths, plan, cfg.resolved_path("history"))
    # Only once the settings pass: a mistake is one line on stderr, not a warning too.
    _warn_of_missing(paths)
    warn_if_no_rule(cfg, selected)
    path = _config_path(inputs, config_file, isolated)
    file_values = read_config_file(path) if path else {}
    from audits.rule_catalog import rules_running

    # What audit runs: with the LM off, F601 and F602 have no scores to run on.
    rules = sorted(rules_running(cfg, selected))
    idle = sorted(selected - set(rules))
    settings = {
        key: _setting(cfg, key, value, file_values, path) for key, value in cfg.settings().items()
    }
    if display_format == "json":
        body = {
            "config_file": str(path) if path else None,
            "searched_from": None if (config_file or isolated) else inputs,
            "settings": settings,
            "rules": rules,
        }
        print_report(
            strict_json.dumps(body, indent=2, ensure_ascii=False) + "\n",
            "json",
            closed=STDOUT_CLOSED_NO_FILE,
        )
        return
    _print_table(settings, path, inputs, config_file, isolated, rules, idle)


def _warn_of_missing(paths: list[str]) -> None:
    """Say so of an input that is not there: `config --isolated true` (a flag taken for
    one with a value) or a misspelt folder showed the settings as if for an input that
    `audit` would refuse."""
    for path in paths:
        if path == "-" or "://" in path or glob.has_magic(path) or os.path.lexists(path):
            continue
        warning_line(
            f"{path}: no such file or directory (audit would refuse it; the settings "
            "are those for where it would be)"
        )


def _config_path(inputs: list[str], explicit: str | None, isolated: bool) -> Path | None:
    if explicit:
        return Path(expand_to_read(explicit))  # as load_config has read it
    return None if isolated else find_config_file(inputs)


def _setting(
    cfg: AuditConfig, key: str, value: Any, file_values: dict[str, Any], path: Path | None
) -> dict[str, Any]:
    origin = cfg.origin(key)
    entry: dict[str, Any] = {"value": value, "origin": origin}
    if key == "outputs" and value:
        # What `audit` will write: paths from a config file are relative to it.
        entry["resolved"] = report_outputs(cfg)
    if key in ("history", "verdict_model", "cache_dir") and value:
        entry["resolved"] = cfg.resolved_path(key)
    if key == "model" and value:
        entry["resolved"] = model_spec(cfg)  # a path, relative to its file; a hub id as is
    if origin == "command line" and key in file_values and path is not None:
        entry["overrides"] = str(path)
    unused = _unused(cfg, key)
    if value is None and origin == "default" and unused is None:
        # Not for a setting unused: the default cache folder was looked up, and with no
        # home folder for it refused, in `config --no-lm --no-cache`, as audit is not.
        entry.update(_default_in_use(cfg, key))
    if unused is not None:
        # `config --no-lm` showed the embedded model as what audit would use.
        entry.pop("resolved", None)
        entry["unused"] = unused
    return entry


def _unused(cfg: AuditConfig, key: str) -> str | None:
    """Why `audit` will use nothing for ``key`` with these settings, or None."""
    if key == "model" and not cfg.lm:
        return "the LM is off"
    # Without the LM the cache holds only the lost-letter index and the calque lexicons'
    # copy, both of which --no-cache drops.
    if key == "cache_dir" and not cfg.lm and not cfg.cache:
        return "the LM and the cache are off"
    return None


def _default_in_use(cfg: AuditConfig, key: str) -> dict[str, Any]:
    """What `audit` uses for a setting left unset, where "-" hid it: the model it loads,
    the threshold that gates the run (a "-" read as no gate at all), the zone of its
    times, and the cache folder, which $MTAUDIT_CACHE_DIR moves without a word here."""
    if key == "model":
        from audits.lm.loading import EMBEDDED_MODEL_ID

        return {"resolved": EMBEDDED_MODEL_ID}
    if key == "fail_over":
        from audits.thresholds import reported_threshold
        from audits.verdict_model import load_verdict_model

        model = load_verdict_model(cfg.resolved_path("verdict_model"))
        threshold = model.best_variant(with_lm=bool(cfg.lm)).threshold
        return {"resolved": reported_threshold(threshold)}
    if key == "tz":
        return {"resolved": "UTC"}
    if key == "cache_dir":
        from audits.lm.paths import CACHE_ENV, NoCacheFolderError, cache_root

        try:
            root = cache_root()
        except NoCacheFolderError as exc:
            # Shown, not refused: `config` is where a user looks to find out why.
            return {"unused": str(exc)}
        entry: dict[str, Any] = {"resolved": str(root)}
        if os.environ.get(CACHE_ENV):
            entry["origin"] = f"${CACHE_ENV}"
        return entry
    return {}


def _searched_from(item: str) -> str:
    """Where the search for a config file starts for ``item``: stdin and a URL have no
    folder, so the search starts in the current one ("none found above -" read as if
    a folder named "-" had been searched)."""
    if item == "-" or "://" in item:
        return f"the current folder (for {'stdin' if item == '-' else item})"
    return item


def _print_table(
    settings: dict[str, dict[str, Any]],
    path: Path | None,
    inputs: list[str],
    explicit: str | None,
    isolated: bool,
    rules: list[str],
    idle: list[str],
) -> None:
    # Paths, inputs and "[tool.mtaudit]" hold brackets: everything shown is Text, never markup.
    if path:
        found = Text("Config file: ") + Text(printable(str(path)), style="bold")
    elif isolated:
        found = Text("Config file: none (--isolated)")
    else:
        where = printable(", ".join(_searched_from(i) for i in inputs))
        found = Text(
            f"Config file: none found above {where} "
            "(looked for mtaudit.toml, or pyproject.toml with [tool.mtaudit])"
        )
    table = Table(box=box.SIMPLE_HEAVY)
    table.add_column("Setting")
    table.add_column("Value", overflow="fold")
    table.add_column("From", overflow="fold")
    for key, entry in settings.items():
        origin = entry["origin"]
        style = "" if origin == "default" else "bold"
        if entry.get("overrides"):
            origin += f" (overrides {entry['overrides']})"
        if key == "fail_over" and origin == "default":
            # Per document: with the LM on, one the LM gives no scores (too short) is
            # judged by the text-only threshold, which its report shows beside its P.
            origin = "default: the verdict model's threshold"
        if entry.get("unused"):
            origin += f" (unused: {entry['unused']})"
        value = _show(entry.get("resolved", entry["value"]))
        # A value or a path from the config file is shown, never obeyed: an ESC in a
        # setting (an allow-list name, an output's path) cleared the screen.
        table.add_row(Text(key), Text(printable(value)), Text(printable(origin)), style=style)
    shown = ", ".join(rules[:20]) + (" …" if len(rules) > 20 else "")
    print_lines(
        found,
        table,
        Text(
            f"Rules enabled: {len(rules)}"
            + (f" ({shown})" if rules else "")
            + (f"; {', '.join(idle)} off with the LM off" if idle else "")
        ),
        Text("Command-line flags override the config file, which overrides the defaults."),
    )


def _show(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "-"
    if isinstance(value, dict):
        return ", ".join(f"{k}={v}" for k, v in value.items()) or "-"
    return str(value)
