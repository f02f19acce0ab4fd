"""Whether a document is English at all, before any English rule or model reads it.

mtaudit's rules, fluency model and verdict are built for English. A French article
fed to it by mistake came out "machine-translated from French, P 0.72" on the strength
of its untranslated sentences, which is no answer to the question asked. Such a
document becomes an error entry that says which language it is in.

Two signals must agree, so that an English list of names and scores (few common
words) is not refused: the share of common English words is low, and langdetect
names another language with high probability. Where the residue rules know that
language's function words, the text must also hold enough of them to be prose.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from audits.datafiles import language_name, load_toml
from audits.features.tokens import words
from audits.language_id import detect_language

# Kana, Han and Hangul: text without spaces, so each character counts as a word.
_CJK_CHAR = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
# langdetect reads this much; more only costs time.
_SAMPLE_CHARS = 5000


@cache
def _settings() -> tuple[frozenset[str], float, float, int, float]:
    gate = load_toml("languages.toml")["english_gate"]
    return (
        frozenset(gate["common_words"].split()),
        float(gate["max_common_share"]),
        float(gate["min_other_probability"]),
        int(gate["min_words"]),
        float(gate["min_marker_share"]),
    )


@cache
def _markers() -> dict[str, frozenset[str]]:
    """Function words of the languages the residue rules know (``residue.toml``)."""
    markers = load_toml("residue.toml")["markers"]
    return {lang: frozenset(w.casefold() for w in words) for lang, words in markers.items()}


def common_word_share(doc_words: Sequence[str], vocabulary: frozenset[str] | None = None) -> float:
    """The share of ``doc_words`` (``audits.features.tokens.words``) in ``vocabulary``,
    by default the common English words; 0 without words."""
    vocabulary = _settings()[0] if vocabulary is None else vocabulary
    hits = sum(map(vocabulary.__contains__, map(str.casefold, doc_words)))
    return hits / len(doc_words) if doc_words else 0.0


def not_english(text: str) -> str | None:
    """Why ``text`` is not English (one line), or None when it is or cannot be told."""
    return english_check(text)[0]


def english_check(text: str) -> tuple[str | None, tuple[int, float]]:
    """``not_english(text)``, and the count of ``words(text)`` with the share of them that
    are common English words, which the verdict reads too (so the words of a document are
    split and looked up once)."""
    doc_words = words(text)
    share = common_word_share(doc_words)
    return _not_english(text, doc_words, share), (len(doc_words), share)


def _not_english(text: str, doc_words: Sequence[str], share: float) -> str | None:
    _, max_share, min_probability, min_words, min_marker_share = _settings()
    if len(doc_words) + len(_CJK_CHAR.findall(text[:_SAMPLE_CHARS])) < min_words:
        return None
    if share >= max_share:
        return None
    guess = detect_language(text[:_SAMPLE_CHARS])
    if guess is None or guess[0] == "en" or guess[1] < min_probability:
        return None
    code = guess[0]
    # langdetect also names a language for a list of its names ("Cast: Jean Dupont,
    # Marie Curie, ..." read as French); prose in it has that language's function words.
    markers = _markers().get(code)
    if markers is not None and common_word_share(doc_words, markers) < min_marker_share:
        return None
    return (
        f"not English: the text reads as {language_name(code, code)} ({code}), and "
        "mtaudit audits English text"
    )
