"""The kept model with the real embedded model (loaded once per session): the same
weights asked for in two ways keep what each way means."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from audits.config import AuditConfig
from audits.lm import load_scorer, loading

pytestmark = pytest.mark.lm


def _described(lm_cache_dir: Path, model: str | None) -> dict[str, Any]:
    config = AuditConfig(cache_dir=str(lm_cache_dir), cache=False, model=model)
    described = load_scorer(config).describe()
    calibration = described["calibration"]
    return {
        "model": described["model"],
        "origin": described["origin"],
        "calibrated": isinstance(calibration, dict) and calibration.get("status") == "calibrated",
    }


DEFAULT = {"model": loading.EMBEDDED_MODEL_ID, "origin": "embedded", "calibrated": True}


@pytest.mark.parametrize("gguf_first", [True, False])
def test_the_default_and_its_gguf_keep_their_own_name(
    scorer: Any, lm_cache_dir: Path, gguf_first: bool
) -> None:
    """`--model <the embedded .gguf>` then the default gave the default the .gguf's name,
    so its calibration was not found (F601 became F602), and the other way round the
    .gguf got the default's name and calibration."""
    gguf = str(loading.embedded_gguf())
    as_gguf = {"model": Path(gguf).stem, "origin": "gguf", "calibrated": False}
    order = [gguf, None] if gguf_first else [None, gguf]
    # The session's scorer loaded the default, and kept it: without this both orders
    # found the default's load kept, and the .gguf's own load was never the kept one.
    loading.forget_loaded_model()
    got = [_described(lm_cache_dir, model) for model in order]
    assert got == ([as_gguf, DEFAULT] if gguf_first else [DEFAULT, as_gguf])
