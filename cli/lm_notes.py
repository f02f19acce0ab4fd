"""Warnings about the language model that a user should see once per run."""

from __future__ import annotations

from typing import Any

from audits.config import AuditConfig
from audits.errors import ConfigError
from cli.console import warning_line
from cli.options import LM_SETTINGS

# The settings that only the language model reads (--cache and --cache-dir also serve
# rule N303's index, so they matter with the model off too).
MODEL_ONLY = tuple(k for k in LM_SETTINGS if k not in ("cache", "cache_dir"))


def warn_if_uncalibrated(lm: dict[str, Any] | None) -> None:
    """Say so when the model has no stored calibration (no percentiles, F601 off)."""
    calibration = (lm or {}).get("calibration") or {}
    if calibration.get("status") == "uncalibrated":
        warning_line(str(calibration.get("note")))


def warn_of_unused_lm_flags(config: AuditConfig) -> None:
    """Say so when flags set the language model of a run that does not run it:
    `--no-lm --model ./big-model --device cuda` ran without a word, as if the model
    had scored the text."""
    if config.lm:
        return
    given = [k for k in MODEL_ONLY if config.origin(k) == "command line"]
    origin = config.origin("lm")
    warn_of_unused_flags(
        given, "--no-lm" if origin == "command line" else f"lm = false in {origin}"
    )


def warn_of_unused_flags(params: list[str], why: str) -> None:
    """One warning that the language model's flags ``params`` do nothing (``why``)."""
    note = unused_flags_note(params, why)
    if note:
        warning_line(note)


def unused_flags_note(params: list[str], why: str) -> str | None:
    """``warn_of_unused_flags``'s line, for a caller that keeps it with its report's
    other warnings; None where ``params`` is empty."""
    if not params:
        return None
    flags = ", ".join("--" + k.replace("_", "-") for k in params)
    verb = "has" if len(params) == 1 else "have"
    return f"{flags} {verb} no effect: the language model does not run ({why})"


def check_cache_folder(config: AuditConfig, *, uses_lm: bool) -> None:
    """Before any work, where no cache folder is set and there is no home folder for the
    default one (a container run as a user id it has no record of): a run of the model,
    which keeps its conversion and its scores there, is refused in one line; one
    without it, whose cache only saves time (the lexicons' copy, the lost-letter
    index), goes on keeping none, and says so once."""
    from audits.lm.paths import no_cache_folder

    missing = no_cache_folder(config)
    if missing is None:
        return
    if uses_lm:
        raise ConfigError(missing)
    if config.cache:
        warning_line(f"no cache is kept: {missing}")


def warn_if_no_score_cache(lm: dict[str, Any] | None, config: AuditConfig) -> None:
    """Say so when the score cache was asked for and could not be opened: scoring went
    on uncached without a word, and every run of a scheduled job re-scored its whole
    feed (only the report's ``score_cache: false`` told)."""
    if not config.cache or not lm or lm.get("score_cache") is not False:
        return
    from audits.lm.paths import cache_root

    where = cache_root(config.resolved_path("cache_dir"))
    warning_line(
        f"the score cache in {where} could not be opened (a read-only or full disk, or "
        "another process holding it locked): every sentence was scored afresh, and no "
        "score was kept for the next run"
    )


def warn_if_kernel_not_compiled(lm: dict[str, Any] | None, config: AuditConfig) -> None:
    """Say so when the compiled kernel was asked for and the eager path ran: the run
    was slower than asked, and only the report's ``kernel_reason`` said why."""
    if config.lm_kernel != "compiled" or not lm or lm.get("kernel") != "eager":
        return
    origin = config.origin("lm_kernel")
    asked = (
        "--lm-kernel compiled" if origin == "command line" else f"lm_kernel = compiled in {origin}"
    )
    warning_line(f"{asked}: scored on the eager path, since {lm.get('kernel_reason')}")
