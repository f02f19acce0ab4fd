"""The one-call entry point, like trafilatura's ``extract()``."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable
from typing import Any

from audits.config import AuditConfig, load_config, validate
from audits.document import RunAudit
from audits.errors import ConfigError, UsageError
from audits.lm.base import Scorer

PathArg = str | os.PathLike[str]


def audit_paths(
    paths: PathArg | Iterable[PathArg],
    config: AuditConfig | None = None,
    *,
    scorer: Scorer | None = None,
    **settings: Any,
) -> RunAudit:
    """Audit files, directories, globs, URLs or ``-`` with sensible defaults.

    ``paths`` is one path or an iterable of them (``str`` or ``pathlib.Path``).
    Keyword settings override the config file found above the inputs, or ``config``
    when one is given, e.g. ``audit_paths(["feed/"], lm=False, select=["C", "N"])``.
    """
    from audits.engine import audit_documents
    from audits.sources import read_inputs

    names = _path_names(paths)
    if config is None:
        config = load_config(names, overrides=settings)
    elif settings:
        config = _with_settings(config, settings)
    return audit_documents(read_inputs(names, config=config), config, scorer=scorer)


def _path_names(paths: PathArg | Iterable[PathArg]) -> list[str]:
    """The paths as strings. One path on its own is one path: a bare string used to be
    read letter by letter (each letter a missing file, "/" a walk of the whole disk)."""
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    if paths is None or isinstance(paths, bytes) or not isinstance(paths, Iterable):
        raise UsageError(f"audit_paths takes a path or a list of paths, not {type(paths).__name__}")
    names = []
    for path in paths:
        if not isinstance(path, str | os.PathLike):
            raise UsageError(f"audit_paths: {path!r:.60} is not a path (a str or a Path)")
        names.append(os.fspath(path))
    return names


def _with_settings(config: AuditConfig, settings: dict[str, Any]) -> AuditConfig:
    """``config`` with keyword settings on top (they were silently ignored)."""
    fields = {f.name for f in dataclasses.fields(AuditConfig) if f.name != "origins"}
    unknown = sorted(set(settings) - fields)
    if unknown:
        raise ConfigError(f"unknown setting `{unknown[0]}`")
    given = {key: value for key, value in settings.items() if value is not None}
    origins = {**config.origins, **dict.fromkeys(given, "command line")}
    return validate(dataclasses.replace(config, **given, origins=origins))
