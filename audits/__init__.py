"""mtaudit's engine: audit English text for machine translation.

    >>> from audits import audit_paths
    >>> run = audit_paths(["samples/awani-lavrov-blinken.txt"])
    >>> run.documents[0].verdict.source_lang
    'fr'

The engine never imports the command-line interface.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("mtaudit")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"

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
