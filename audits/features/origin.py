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
from audits.thousands import count_groupings


@dataclass(frozen=True)
class Hint:
    name: str
    pattern: re.Pattern[str] | None
    langs: tuple[str, ...]
    # Instead of a pattern, a kind of thousands grouping as T105 reads it ("space",
    # "dot"): a phone number or a decimal only looks grouped.
    grouping: str = ""
    # Words of other languages the pattern is not to look into ("Šešelj", "Čačak" for
    # Czech háčky): a pattern counting letters cannot see its whole word.
    skip: re.Pattern[str] | None = None

    def count(self, text: str) -> int:
        if self.pattern is None:
            return count_groupings(text).get(self.grouping, 0)
        return len(self.matches(text))

    def matches(self, text: str) -> list[str]:
        """The words the pattern finds (none for a grouping hint)."""
        if self.pattern is None:
            return []
        if self.skip is not None:
            text = self.skip.sub(" ", text)
        return self.pattern.findall(text)


# A regex's `{NAME}`: a name, never a quantifier ("{2,3}").
_SHARED_NAME = re.compile(r"\{([A-Za-z_]\w*)\}")


def fill_shared(regex: str, shared: dict[str, str]) -> str:
    """``regex`` with each ``{NAME}`` replaced by ``shared[NAME]``; a ValueError for a
    name not there, which would otherwise match literal braces, and so nothing."""

    def one(match: re.Match[str]) -> str:
        if match[1] not in shared:
            raise ValueError(f"source_hints.toml: no [shared] {match[1]} for {match[0]}")
        return shared[match[1]]

    return _SHARED_NAME.sub(one, regex)


@cache
def load_hints() -> tuple[Hint, ...]:
    raw = tomllib.loads(
        resources.files("audits")
        .joinpath("data", "features", "source_hints.toml")
        .read_text(encoding="utf-8")
    )
    shared = raw.get("shared", {})

    def regex(spec: dict[str, str], key: str) -> re.Pattern[str] | None:
        return re.compile(fill_shared(spec[key], shared)) if key in spec else None

    return tuple(
        Hint(
            name,
            regex(spec, "pattern"),
            tuple(spec["langs"]),
            spec.get("grouping", ""),
            regex(spec, "skip"),
        )
        for name, spec in raw["hint"].items()
    )


def origin_features(text: str, n_words: int | None = None) -> dict[str, float]:
    """``n_words``: how many words ``WORD_RE`` finds in ``text``, when the caller knows."""
    n_words = max(len(WORD_RE.findall(text)) if n_words is None else n_words, 1)
    return {f"src.{h.name}": 100.0 * h.count(text) / n_words for h in load_hints()}


def hint_votes(text: str) -> dict[str, float]:
    """Unweighted votes: each hint's rate shared among the languages it points to."""
    votes: dict[str, float] = {}
    for h in load_hints():
        hits = h.count(text)
        for lang in h.langs:
            votes[lang] = votes.get(lang, 0.0) + hits / len(h.langs)
    return votes
