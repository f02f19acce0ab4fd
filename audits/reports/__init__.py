"""Report formats, picked by name (like pip-audit's output formats).

The names below load on first use (PEP 562): a reporter's own module
(``audits.reports.labels``, ``audits.reports.write``) is imported without every
reporter, and the format names (``FORMAT_NAMES``) without any; importing them all
loaded the engine into `mtaudit --help`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from audits.reports.base import Reporter
    from audits.reports.formats import FORMAT_NAMES, format_named
    from audits.reports.registry import EXTENSIONS, REPORTERS, format_for_path, get_reporter
    from audits.reports.write import check_destinations, is_stream, write_atomic

# Each public name and the module that defines it.
_LAZY = {
    "EXTENSIONS": "audits.reports.registry",
    "FORMAT_NAMES": "audits.reports.formats",
    "REPORTERS": "audits.reports.registry",
    "Reporter": "audits.reports.base",
    "check_destinations": "audits.reports.write",
    "format_for_path": "audits.reports.registry",
    "format_named": "audits.reports.formats",
    "get_reporter": "audits.reports.registry",
    "is_stream": "audits.reports.write",
    "write_atomic": "audits.reports.write",
}

__all__ = [
    "EXTENSIONS",
    "FORMAT_NAMES",
    "REPORTERS",
    "Reporter",
    "check_destinations",
    "format_for_path",
    "format_named",
    "get_reporter",
    "is_stream",
    "write_atomic",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        # AttributeError lets `from audits.reports import sarif_report` import the
        # submodule, as it did before.
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    # Kept, so that later reads (and a test's monkeypatch) see one plain attribute.
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
