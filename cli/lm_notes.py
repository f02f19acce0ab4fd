"""Warnings about the language model that a user should see once per run."""

from __future__ import annotations

from typing import Any

from audits.config import AuditConfig
from cli.console import warning_line

# The settings that only the language model reads (--cache and --cache-dir also serve
# rule N303's index, so they matter with the model off too).
MODEL_ONLY = ("model", "device", "dtype", "batch_size", "context_sentences")


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
    if not params:
        return
    flags = ", ".join("--" + k.replace("_", "-") for k in params)
    verb = "has" if len(params) == 1 else "have"
    warning_line(f"{flags} {verb} no effect: the language model does not run ({why})")
