"""The closed-class English word lists behind the document features (data, not code)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class Markers:
    version: str
    function_words: frozenset[str]
    word_sets: dict[str, frozenset[str]]
    connectives: tuple[tuple[str, ...], ...]
    explicitation: tuple[tuple[str, ...], ...]
    reporting: tuple[tuple[str, ...], ...]
    contractions: frozenset[str]
    nominal_suffixes: tuple[str, ...]


# Single-word classes whose per-word rate becomes a feature.
WORD_CLASSES = (
    "articles",
    "definite",
    "pronouns_first",
    "pronouns_second",
    "pronouns_third",
    "pronoun_it",
    "demonstratives",
    "prepositions",
    "coordinators",
    "subordinators",
    "modals",
    "be_forms",
    "negations",
    "wh_words",
    "intensifiers",
)


@cache
def load_markers() -> Markers:
    raw = tomllib.loads(
        resources.files("audits")
        .joinpath("data", "features", "english_markers.toml")
        .read_text(encoding="utf-8")
    )

    def words(key: str) -> frozenset[str]:
        return frozenset(raw[key].split())

    def phrases(key: str) -> tuple[tuple[str, ...], ...]:
        return tuple(tuple(p.split()) for p in raw[key])

    return Markers(
        version=raw["version"],
        function_words=words("function_words"),
        word_sets={name: words(name) for name in WORD_CLASSES},
        connectives=phrases("connectives"),
        explicitation=phrases("explicitation"),
        reporting=phrases("reporting"),
        contractions=words("contractions"),
        nominal_suffixes=tuple(raw["nominal_suffixes"].split()),
    )
