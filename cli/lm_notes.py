"""Warnings about the language model that a user should see once per run."""

from __future__ import annotations

from typing import Any

from cli.console import warning_line


def warn_if_uncalibrated(lm: dict[str, Any] | None) -> None:
    """Say so when the model has no stored calibration (no percentiles, F601 off)."""
    calibration = (lm or {}).get("calibration") or {}
    if calibration.get("status") == "uncalibrated":
        warning_line(str(calibration.get("note")))
