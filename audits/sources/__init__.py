"""Input readers: one module per kind, and path expansion with sniffing.

The names below load on first use (PEP 562): a reader's own module
(``audits.sources.dates``, ``audits.sources.links``) is imported without the whole of
``audits.sources.inputs``, which loads every reader, the HTML and feed parsers and
the HTTP client.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from audits.sources.base import InputFailure
    from audits.sources.inputs import expand_paths, read_inputs

_LAZY = {
    "InputFailure": "audits.sources.base",
    "expand_paths": "audits.sources.inputs",
    "read_inputs": "audits.sources.inputs",
}

__all__ = ["InputFailure", "expand_paths", "read_inputs"]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        # AttributeError lets `from audits.sources import html` import the submodule.
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
