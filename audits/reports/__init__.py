"""Report formats, picked by name (like pip-audit's output formats).

The names below load on first use (PEP 562): a report helper module
(``audits.reports.labels``, ``audits.reports.write``) is imported without every
reporter, and the format names (``FORMAT_NAMES``) without any; importing them all
loaded the engine into `mtaudit --help`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from audits.lazy_names import lazy_attributes

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


__getattr__, __dir__ = lazy_attributes(globals(), _LAZY)
