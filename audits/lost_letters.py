"""Names that lost a letter on the way into English (rule N303).

"Jolicour" is Jolicœur with the œ reduced to o; "Franois" is François with the
ç dropped. Both happen when a pipeline cannot carry a character, and neither is
how English writes those names ("Jolicoeur", "Francois" would be). Ordinary
ASCII-fication keeps a letter for every letter and is never reported.

A capitalised word unknown to English is tried with each letter of
``audits/data/lost_letters.toml`` put back at each position (and each ligature
restored from its remaining half); a restored spelling found in that language's
wordfreq list, while the word as written is found nowhere, is a lost letter.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache

import wordfreq

from audits.names import read_toml, zipf_en

MIN_WORD_LENGTH = 4
# The restored spelling must be this much (Zipf, log10) more frequent than the word as written.
MIN_ZIPF_GAP = 2.0


@dataclass(frozen=True)
class LostLetter:
    word: str
    restored: str
    lang: str
    letter: str
    # "ligature" (œ written as o) or "dropped" (ç left out).
    kind: str
    # What the pipeline left of the letter ("o" for œ), empty when dropped.
    left: str
    zipf: float


@dataclass(frozen=True)
class LostLetterIndex:
    words: dict[str, dict[str, float]]
    alphabets: dict[str, str]
    ligatures: dict[str, tuple[str, ...]]
    min_zipf_dropped: float

    def restore(self, word: str) -> LostLetter | None:
        """The spelling ``word`` most likely lost a letter from, if any."""
        low = unicodedata.normalize("NFC", word).casefold()
        if len(low) < MIN_WORD_LENGTH or not low.isalpha() or zipf_en(low) > 0:
            return None
        best: LostLetter | None = None
        for lang, alphabet in self.alphabets.items():
            vocab = self.words[lang]
            for cand, letter, kind, left in self._candidates(low, alphabet):
                z = vocab.get(cand)
                if z is None or (kind == "dropped" and z < self.min_zipf_dropped):
                    continue
                if best is None or z > best.zipf:
                    best = LostLetter(word, _like(word, cand), lang, letter, kind, left, z)
        # The word as written may be in the list too (corpora hold the same
        # damage), but far rarer than the spelling it came from.
        if best is None:
            return None
        as_written = wordfreq.zipf_frequency(low, best.lang)
        if as_written > 0 and as_written > best.zipf - MIN_ZIPF_GAP:
            return None
        return best

    def _candidates(self, low: str, alphabet: str):
        for i in range(len(low) + 1):
            for letter in alphabet:
                yield low[:i] + letter + low[i:], letter, "dropped", ""
        for lig, halves in self.ligatures.items():
            if lig not in alphabet:
                continue
            for i, ch in enumerate(low):
                if ch in halves:
                    yield low[:i] + lig + low[i + 1 :], lig, "ligature", ch


def _like(word: str, restored: str) -> str:
    """``restored`` with the capitalisation of ``word`` ("Jolicour" -> "Jolicœur")."""
    if word.isupper():
        return restored.upper()
    return restored[:1].upper() + restored[1:] if word[:1].isupper() else restored


def _special_words(lang: str, alphabet: str, min_zipf: float) -> dict[str, float]:
    """Words of ``lang`` that contain one of ``alphabet``, with their Zipf frequency."""
    path = wordfreq.available_languages("best")[lang]
    letters = set(alphabet)
    out: dict[str, float] = {}
    for neg_cb, bucket in enumerate(wordfreq.read_cBpack(path)):
        zipf = wordfreq.cB_to_zipf(-neg_cb)
        if zipf < min_zipf:
            break
        for w in bucket:
            special = not w.isascii() and not letters.isdisjoint(w)
            if special and len(w) >= MIN_WORD_LENGTH and w.isalpha():
                out[w] = round(zipf, 2)
    return out


@cache
def lost_letter_index() -> LostLetterIndex:
    """Built once per process from wordfreq (a few seconds, on first use)."""
    data = read_toml("lost_letters.toml")
    alphabets = dict(data["languages"])
    min_zipf = float(data.get("min_zipf", 1.0))
    return LostLetterIndex(
        words={lang: _special_words(lang, a, min_zipf) for lang, a in alphabets.items()},
        alphabets=alphabets,
        ligatures={k: tuple(v) for k, v in data["ligatures"].items()},
        min_zipf_dropped=float(data.get("min_zipf_dropped", min_zipf)),
    )
