"""mtaudit's engine: audit English text for machine translation.

    >>> from audits import audit_paths
    >>> run = audit_paths(["samples/awani-lavrov-blinken.txt"])
    >>> run.documents[0].verdict.source_lang
    'fr'

The engine never imports the command-line interface.

The names below load on first use (PEP 562): importing ``audits`` or any of its
submodules (``audits.errors``, ``audits.config``) no longer loads the whole engine, its
lexicons, wordfreq, the HTML and feed readers, which cost every `mtaudit` process a
second or more of start-up that `mtaudit --help` or `mtaudit rules` had no use for.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING

from audits.lazy_names import lazy_attributes

try:
    __version__ = version("mtaudit")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"

if TYPE_CHECKING:
    from audits.api import audit_paths
    from audits.config import AuditConfig, load_config
    from audits.document import (
        Document,
        DocumentAudit,
        Finding,
        RunAudit,
        Sentence,
        Severity,
        Verdict,
    )
    from audits.engine import audit_document, audit_documents
    from audits.sources import InputFailure, read_inputs

# Each public name and the module that defines it.
_LAZY = {
    "audit_paths": "audits.api",
    "AuditConfig": "audits.config",
    "load_config": "audits.config",
    "Document": "audits.document",
    "DocumentAudit": "audits.document",
    "Finding": "audits.document",
    "RunAudit": "audits.document",
    "Sentence": "audits.document",
    "Severity": "audits.document",
    "Verdict": "audits.document",
    "audit_document": "audits.engine",
    "audit_documents": "audits.engine",
    "InputFailure": "audits.sources",
    "read_inputs": "audits.sources",
}

__all__ = [
    "AuditConfig",
    "Document",
    "DocumentAudit",
    "Finding",
    "InputFailure",
    "RunAudit",
    "Sentence",
    "Severity",
    "Verdict",
    "__version__",
    "audit_document",
    "audit_documents",
    "audit_paths",
    "load_config",
    "read_inputs",
]


__getattr__, __dir__ = lazy_attributes(globals(), _LAZY)
