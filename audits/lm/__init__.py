"""Language-model fluency scoring."""

from __future__ import annotations

from audits.config import AuditConfig
from audits.errors import ModelError
from audits.lm.base import Progress, Scorer, ScoreRequest

__all__ = ["Progress", "ScoreRequest", "Scorer", "load_scorer"]


def load_scorer(config: AuditConfig) -> Scorer:
    raise ModelError("language-model scoring is not built yet; run with --no-lm")
