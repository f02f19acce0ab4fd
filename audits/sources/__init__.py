"""Input readers: one module per kind, and path expansion with sniffing.

The names below load on first use (PEP 562): a reader's own module
(``audits.sources.dates``, ``audits.sources.links``) is imported without the whole of
``audits.sources.inputs``, which loads every reader, the HTML and feed parsers and
the HTTP client.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from audits.lazy_names import lazy_attributes

if TYPE_CHECKING:
    from audits.sources.base import InputFailure
    from audits.sources.inputs import expand_paths, read_inputs

_LAZY = {
    "InputFailure": "audits.sources.base",
    "expand_paths": "audits.sources.inputs",
    "read_inputs": "audits.sources.inputs",
}

__all__ = ["InputFailure", "expand_paths", "read_inputs"]


__getattr__, __dir__ = lazy_attributes(globals(), _LAZY)
