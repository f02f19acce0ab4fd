"""Source-language hints from the text alone: name transliteration, scripts, forms of
address, date and number formats (patterns in audits/data/features/source_hints.toml).

``origin_features`` gives one rate per hint (matches per 100 words, ``src.<hint>``); the
fitted source-language classifier and the rule families' language hints build on them.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from audits.features.tokens import WORD_RE


@dataclass(frozen=True)
class Hint:
    name: str
    pattern: re.Pattern[str]
    langs: tuple[str, ...]


@cache
def load_hints() -> tuple[Hint, ...]:
    raw = tomllib.loads(
        resources.files("audits")
        .joinpath("data", "features", "source_hints.toml")
        .read_text(encoding="utf-8")
    )
    return tuple(
        Hint(name, re.compile(spec["pattern"]), tuple(spec["langs"]))
        for name, spec in raw["hint"].items()
    )


def origin_features(text: str, n_words: int | None = None) -> dict[str, float]:
    """``n_words``: how many words ``WORD_RE`` finds in ``text``, when the caller knows."""
    n_words = max(len(WORD_RE.findall(text)) if n_words is None else n_words, 1)
    return {f"src.{h.name}": 100.0 * len(h.pattern.findall(text)) / n_words for h in load_hints()}


def hint_votes(text: str) -> dict[str, float]:
    """Unweighted votes: each hint's rate shared among the languages it points to."""
    votes: dict[str, float] = {}
    for h in load_hints():
        hits = len(h.pattern.findall(text))
        for lang in h.langs:
            votes[lang] = votes.get(lang, 0.0) + hits / len(h.langs)
    return votes
