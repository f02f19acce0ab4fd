"""Where mtaudit keeps its caches: converted models and scored sentences."""

from __future__ import annotations

import contextlib
import os
import pickle
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

from audits.errors import ConfigError
from audits.home_folder import expand_home, no_home_folder

if TYPE_CHECKING:
    from audits.config import AuditConfig

CACHE_ENV = "MTAUDIT_CACHE_DIR"


class NoCacheFolderError(ConfigError):
    """No cache folder is set and there is no home folder to hold the default one."""


def cache_root(configured: str | None = None) -> Path:
    """``configured`` (config ``cache_dir``), else $MTAUDIT_CACHE_DIR, else the user cache dir."""
    if configured:
        return Path(expand_home(configured, "cache_dir"))
    env = os.environ.get(CACHE_ENV)
    if env:
        return Path(expand_home(env, f"${CACHE_ENV}"))
    from platformdirs import user_cache_dir

    try:
        return Path(user_cache_dir("mtaudit", appauthor=False))
    except RuntimeError:
        # platformdirs finds no home folder for ~/.cache: this was an internal error of
        # every command, the lexicons' copy being looked for as the rules were listed.
        raise NoCacheFolderError(
            f"the cache folder is in the home folder unless one is set, and "
            f"{no_home_folder()}; set HOME, $XDG_CACHE_HOME or ${CACHE_ENV}, or pass "
            "--cache-dir DIR"
        ) from None


def cache_dir_of(config: AuditConfig) -> Path | None:
    """The folder a run with ``config`` keeps its copies in; None with ``cache`` off,
    or where no folder is set and there is no home folder for the default one."""
    if not config.cache:
        return None
    try:
        return cache_root(config.resolved_path("cache_dir"))
    except NoCacheFolderError:
        # These copies (the lexicons', the lost-letter index) only save time: the run
        # goes on without them, and the command said so once (no_cache_folder).
        return None


def no_cache_folder(config: AuditConfig) -> str | None:
    """Why a run with ``config`` has no cache folder: none is set, and there is no home
    folder to hold the default; None where it has one. Asked by the commands that open
    a cache, not by every command: `history`, `report` and `compare` without the model
    open none, and ran without a home folder."""
    try:
        cache_root(config.resolved_path("cache_dir"))
    except NoCacheFolderError as exc:
        return str(exc)
    return None


# A copy of another digest younger than this may be another install's that shares the
# folder: swept at once, the two would rebuild each other's copy on every run.
STALE_AFTER_S = 24 * 3600


def sweep_stale(kept: Path, patterns: tuple[str, ...]) -> None:
    """Remove the copies beside ``kept`` matching ``patterns`` (older digests, an older
    format) untouched for a day: each lexicon edit or upgrade left megabytes for good.
    A copy that cannot be removed stays; this is tidying, never a failure."""
    cutoff = time.time() - STALE_AFTER_S
    for pattern in patterns:
        for old in kept.parent.glob(pattern):
            with contextlib.suppress(OSError):
                if old != kept and old.stat().st_mtime < cutoff:
                    old.unlink()


def read_kept(path: Path) -> object | None:
    """What is pickled at ``path``; None where there is none or it cannot be read
    (truncated, not a pickle, from another version): the caller builds it afresh and
    checks the shape of what it got."""
    try:
        with path.open("rb") as fh:
            return pickle.load(fh)
    except Exception:
        return None


def keep(path: Path, value: object, stale: tuple[str, ...]) -> bool:
    """``value`` pickled to ``path`` atomically (a reader never sees half a copy), then
    the copies beside it matching ``stale`` swept (``sweep_stale``). False where it
    could not be kept, a full disk or a value that cannot be pickled: a kept copy only
    saves time, it is never a failure."""
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except Exception:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        return False
    sweep_stale(path, stale)
    return True
