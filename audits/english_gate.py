"""Whether a document is English at all, before any English rule or model reads it.

mtaudit's rules, fluency model and verdict are built for English. A French article
fed to it by mistake came out "machine-translated from French, P 0.72" on the strength
of its untranslated sentences, which is no answer to the question asked. Such a
document becomes an error entry that says which language it is in.

Two signals must agree, so that an English list of names and scores (few common
words) is not refused: the share of common English words is low, and langdetect
names another language with high probability.
"""

from __future__ import annotations

import re
from functools import cache

from audits.datafiles import language_name, load_toml
from audits.detectors.residue import detect_language

# Kana, Han and Hangul characters: each counts as a word (no spaces between words).
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
_CJK_CHAR = re.compile(f"[{_CJK}]")
_LETTERS = f"[^\\W\\d_{_CJK}]+"  # letters, but not CJK ones
_WORD = re.compile(f"{_LETTERS}(?:['’]{_LETTERS})?")
# langdetect reads this much; more only costs time.
_SAMPLE_CHARS = 5000


@cache
def _settings() -> tuple[frozenset[str], float, float, int]:
    gate = load_toml("languages.toml")["english_gate"]
    return (
        frozenset(gate["common_words"].split()),
        float(gate["max_common_share"]),
        float(gate["min_other_probability"]),
        int(gate["min_words"]),
    )


def common_word_share(text: str) -> float:
    """The share of ``text``'s words that are common English words (0 without words)."""
    return _share([w.casefold() for w in _WORD.findall(text)], _settings()[0])


def _share(words: list[str], common: frozenset[str]) -> float:
    return sum(w in common for w in words) / len(words) if words else 0.0


def not_english(text: str) -> str | None:
    """Why ``text`` is not English (one line), or None when it is or cannot be told."""
    common, max_share, min_probability, min_words = _settings()
    words = [w.casefold() for w in _WORD.findall(text)]
    if len(words) + len(_CJK_CHAR.findall(text[:_SAMPLE_CHARS])) < min_words:
        return None
    if _share(words, common) >= max_share:
        return None
    guess = detect_language(text[:_SAMPLE_CHARS])
    if guess is None or guess[0] == "en" or guess[1] < min_probability:
        return None
    code = guess[0]
    return (
        f"not English: the text reads as {language_name(code, code)} ({code}), and "
        "mtaudit audits English text"
    )
