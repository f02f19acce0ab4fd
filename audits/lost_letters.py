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

import hashlib
import json
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib.metadata import version
from itertools import filterfalse
from pathlib import Path
from typing import NamedTuple

import wordfreq

from audits.lm.paths import keep, read_kept
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


class _Source(NamedTuple):
    restored: str
    letter: str
    kind: str
    left: str
    zipf: float

    # Sources are kept as one tab-separated string each: hundreds of thousands
    # of them load from the cache in a fraction of a second, and only the few
    # that a document hits are ever parsed.
    def encode(self) -> str:
        return f"{self.restored}\t{self.letter}\t{self.kind}\t{self.left}\t{self.zipf}"

    @classmethod
    def decode(cls, raw: str) -> _Source:
        restored, letter, kind, left, zipf = raw.split("\t")
        return cls(restored, letter, kind, left, float(zipf))


@dataclass(frozen=True)
class LostLetterIndex:
    # language -> damaged spelling -> the word it came from
    damaged: dict[str, dict[str, str]]
    min_zipf_dropped: float

    def restore(self, word: str) -> LostLetter | None:
        """The spelling ``word`` most likely lost a letter from, if any."""
        low = unicodedata.normalize("NFC", word).casefold()
        if len(low) < MIN_WORD_LENGTH or not low.isalpha() or zipf_en(low) > 0:
            return None
        best: LostLetter | None = None
        for lang, damaged in self.damaged.items():
            raw = damaged.get(low)
            if raw is None:
                continue
            src = _Source.decode(raw)
            if src.kind == "dropped" and src.zipf < self.min_zipf_dropped:
                continue
            if src.kind == "dropped" and zipf_en(_ascii(src.restored)) >= src.zipf:
                # "Putn": English writes this name in ASCII ("Putin") more than the
                # language writes "Putín", so a plain slip is likelier than a lost letter.
                continue
            if best is None or src.zipf > best.zipf:
                restored = _like(word, src.restored)
                best = LostLetter(word, restored, lang, src.letter, src.kind, src.left, src.zipf)
        return best


def _ascii(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _like(word: str, restored: str) -> str:
    """``restored`` with the capitalisation of ``word`` ("Jolicour" -> "Jolicœur")."""
    if word.isupper():
        return restored.upper()
    return restored[:1].upper() + restored[1:] if word[:1].isupper() else restored


def _damaged_forms(
    lang: str, alphabet: str, ligatures: dict[str, tuple[str, ...]], min_zipf: float
) -> dict[str, str]:
    """What each word of ``lang`` with one of ``alphabet`` becomes with one letter lost."""
    path = wordfreq.available_languages("best")[lang]
    letters = set(alphabet)
    buckets = wordfreq.read_cBpack(path)
    out: dict[str, str] = {}
    for neg_cb, bucket in enumerate(buckets):
        zipf = round(wordfreq.cB_to_zipf(-neg_cb), 2)
        if zipf < min_zipf:
            break
        # filterfalse and filter run in C: most words are ASCII or no damaged form.
        for w in filterfalse(str.isascii, bucket):
            if letters.isdisjoint(w) or len(w) < MIN_WORD_LENGTH or not w.isalpha():
                continue
            for i, ch in enumerate(w):
                if ch not in letters:
                    continue
                forms = [(w[:i] + w[i + 1 :], "dropped", "")]
                forms += [(w[:i] + h + w[i + 1 :], "ligature", h) for h in ligatures.get(ch, ())]
                for key, kind, left in forms:
                    # Buckets come most frequent first: keep the first source of a key.
                    if len(key) >= MIN_WORD_LENGTH and key not in out:
                        out[key] = _Source(w, ch, kind, left, zipf).encode()
    # A damaged form that is itself a word of the language is only kept when it
    # is far rarer than its source (corpora hold the same damage: "franois").
    for neg_cb, bucket in enumerate(buckets):
        zipf = wordfreq.cB_to_zipf(-neg_cb)
        for w in list(filter(out.__contains__, bucket)):
            if zipf > _Source.decode(out[w]).zipf - MIN_ZIPF_GAP:
                del out[w]
    return out


@cache
def lost_letter_index(cache_dir: Path | None = None) -> LostLetterIndex:
    """The index, read from ``cache_dir`` when a copy for these settings is there.

    Building it from wordfreq takes a few seconds; the copy (keyed by the wordfreq
    version and lost_letters.toml) makes later runs start at once. It is a pickle:
    its 11 MB took every audit 0.35 s to read as JSON, 0.1 s so.
    """
    data = read_toml("lost_letters.toml")
    min_zipf = float(data.get("min_zipf", 1.0))
    ligatures = {k: tuple(v) for k, v in data["ligatures"].items()}
    path = _cache_path(cache_dir, data) if cache_dir is not None else None
    damaged = _read_cache(path) if path else None
    if damaged is None:
        damaged = {
            lang: _damaged_forms(lang, alphabet, ligatures, min_zipf)
            for lang, alphabet in data["languages"].items()
        }
        if path:
            _write_cache(path, damaged)
    return LostLetterIndex(
        damaged=damaged,
        min_zipf_dropped=float(data.get("min_zipf_dropped", min_zipf)),
    )


_CACHE_FORMAT = 3


def _cache_path(cache_dir: Path, settings: dict) -> Path:
    key = json.dumps(
        [_CACHE_FORMAT, version("wordfreq"), MIN_WORD_LENGTH, MIN_ZIPF_GAP, settings],
        sort_keys=True,
        ensure_ascii=False,
    )
    digest = hashlib.sha256(key.encode()).hexdigest()[:16]
    return cache_dir / f"lost-letters-{digest}.pickle"


def _read_cache(path: Path) -> dict[str, dict[str, str]] | None:
    raw = read_kept(path)  # None where missing, truncated or not a pickle: rebuild
    ok = isinstance(raw, dict) and all(isinstance(v, dict) for v in raw.values())
    return raw if ok else None


def _write_cache(path: Path, damaged: dict[str, dict[str, str]]) -> None:
    """Written atomically; a cache that cannot be written is simply not kept. Format
    2's JSON copies and older digests' pickles were never replaced: swept."""
    keep(path, damaged, ("lost-letters-*.pickle", "lost-letters-*.json"))
