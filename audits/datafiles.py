"""Lexicons, language names and settings shipped as TOML in ``audits/data/``.

Adding a language or a marker phrase is an edit to a data file, not to code.
Files are parsed once per process; callers must treat the result as read-only.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from functools import cache
from importlib.resources import files
from typing import Any


@cache
def load_toml(name: str) -> dict[str, Any]:
    """The parsed ``audits/data/<name>`` (e.g. ``"scrape.toml"``)."""
    return tomllib.loads(files("audits").joinpath("data", name).read_text(encoding="utf-8"))


def language_name(code: str | None, default: str = "foreign") -> str:
    """The English adjective for an ISO 639-1 code ("fr" → "French")."""
    if not code:
        return default
    return load_toml("languages.toml")["names"].get(code, code)


def or_list(items: list[str]) -> str:
    """'a', or 'a, b or c': how a message lists alternatives."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} or {items[-1]}"


def and_list(items: list[str]) -> str:
    """'a', or 'a, b and c'; '' for none."""
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def language_names(codes: Iterable[str]) -> str:
    """'French', or 'German, Czech or Polish'."""
    return or_list([language_name(code) for code in codes])
