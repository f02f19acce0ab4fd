"""Where mtaudit keeps its caches: converted models and scored sentences."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from audits.config import AuditConfig

CACHE_ENV = "MTAUDIT_CACHE_DIR"


def cache_root(configured: str | None = None) -> Path:
    """``configured`` (config ``cache_dir``), else $MTAUDIT_CACHE_DIR, else the user cache dir."""
    if configured:
        return Path(configured).expanduser()
    env = os.environ.get(CACHE_ENV)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("mtaudit", appauthor=False))


def cache_dir_of(config: AuditConfig) -> Path | None:
    """The folder a run with ``config`` keeps its copies in; None with ``cache`` off."""
    if not config.cache:
        return None
    return cache_root(config.resolved_path("cache_dir"))
