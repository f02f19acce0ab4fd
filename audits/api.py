"""The one-call entry point, like trafilatura's ``extract()``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from audits.config import AuditConfig, load_config
from audits.document import RunAudit
from audits.lm.base import Scorer


def audit_paths(
    paths: Iterable[str],
    config: AuditConfig | None = None,
    *,
    scorer: Scorer | None = None,
    **settings: Any,
) -> RunAudit:
    """Audit files, directories, globs, URLs or ``-`` with sensible defaults.

    Keyword settings override the config file found above the inputs, e.g.
    ``audit_paths(["feed/"], lm=False, select=["C", "N"])``.
    """
    from audits.engine import audit_documents
    from audits.sources import read_inputs

    paths = list(paths)
    config = config or load_config(paths, overrides=settings)
    return audit_documents(read_inputs(paths, config=config), config, scorer=scorer)
