"""Language-model fluency scoring."""

from __future__ import annotations

from audits.config import AuditConfig
from audits.lm.base import Progress, Scorer, ScoreRequest

__all__ = [
    "Progress",
    "ScoreRequest",
    "Scorer",
    "forget_loaded_model",
    "keep_loaded_model",
    "load_scorer",
    "process_scorer",
]


def load_scorer(config: AuditConfig, threads: int | None = None) -> Scorer:
    """The scorer ``config`` asks for: model, device, dtype, batch size and caches;
    torch runs on ``threads`` threads (default: every usable core). Torch's thread
    count is the process's: each scorer sets its own as it scores."""
    from audits.lm.factory import build_scorer

    return build_scorer(config, threads=threads)


def process_scorer(config: AuditConfig) -> Scorer:
    """The scorer ``config`` asks for, built once per process and shared: what
    ``audit_document`` uses when given none (see ``audits.lm.factory``)."""
    from audits.lm.factory import process_scorer as kept

    return kept(config)


def forget_loaded_model() -> None:
    """Let go of the model kept from the last load, and the scorer ``audit_document``
    kept with it (see ``audits.lm.loading``)."""
    from audits.lm.loading import forget_loaded_model as forget

    forget()


def keep_loaded_model(keep: bool) -> None:
    """Keep the model loaded last for later loads of the same weights (the default), or
    not (see ``audits.lm.loading``)."""
    from audits.lm.loading import keep_loaded_model as keep_model

    keep_model(keep)
