"""The one-call entry point, like trafilatura's ``extract()``."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable
from typing import Any

from audits.config import LIBRARY_CALL, AuditConfig, load_config, validate
from audits.document import RunAudit
from audits.errors import ConfigError
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
    from audits.sources.inputs import path_list

    names = path_list(paths, "audit_paths")
    if config is None:
        config = load_config(names, overrides=settings, given_by=LIBRARY_CALL)
    elif settings:
        config = _with_settings(config, settings)
    return audit_documents(read_inputs(names, config=config), config, scorer=scorer)


def _with_settings(config: AuditConfig, settings: dict[str, Any]) -> AuditConfig:
    """``config`` with keyword settings on top (they were silently ignored)."""
    fields = {f.name for f in dataclasses.fields(AuditConfig) if f.name != "origins"}
    unknown = sorted(set(settings) - fields)
    if unknown:
        raise ConfigError(f"unknown setting `{unknown[0]}`")
    given = {key: value for key, value in settings.items() if value is not None}
    origins = {**config.origins, **dict.fromkeys(given, LIBRARY_CALL)}
    return validate(dataclasses.replace(config, **given, origins=origins))
