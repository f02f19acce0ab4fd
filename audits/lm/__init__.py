"""Language-model fluency scoring."""

from __future__ import annotations

from audits.config import AuditConfig
from audits.lm.base import Progress, Scorer, ScoreRequest

__all__ = ["Progress", "ScoreRequest", "Scorer", "load_scorer"]


def load_scorer(config: AuditConfig) -> Scorer:
    """The scorer ``config`` asks for: model, device, dtype, batch size and caches."""
    from audits.lm.factory import build_scorer

    return build_scorer(config)
