"""Module attributes that load on first use (PEP 562), for the package ``__init__``
modules: each names its public attributes and the module defining them, and importing
the package (or one of its small submodules) does not import every one of them."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any


def lazy_attributes(
    namespace: dict[str, Any], defined_in: dict[str, str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The ``__getattr__`` and ``__dir__`` of the package whose globals are
    ``namespace``: ``defined_in`` maps each lazy name to the module that defines it."""
    package = namespace["__name__"]

    def __getattr__(name: str) -> Any:
        module = defined_in.get(name)
        if module is None:
            # AttributeError, not ImportError: `from audits import engine` then goes on
            # to import the submodule, as it did when every name was imported eagerly.
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        # Kept, so that later reads (and a test's monkeypatch) see one plain attribute.
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted(set(namespace) | set(namespace["__all__"]))

    return __getattr__, __dir__
