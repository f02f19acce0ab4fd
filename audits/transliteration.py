"""Russian, Ukrainian and Belarusian names as other languages romanise them.

"Sergueï Lavrov" is the French spelling of Sergei Lavrov, "Sergej Lawrow" the
German one, "Poutine" French for Putin. Machine translation into English keeps
the source's spelling, so such a name is a trace of the source language; beside
the English spelling of the same person it is one person spelled two ways. The
conventions are data (``audits/data/transliteration.toml``): per language, the
letters it writes and the rewrites that turn its spelling into English
romanisation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import islice, product

from audits.datafiles import load_toml
from audits.spelling import translit_key

# A name rarely has more than one ambiguous letter; the cap bounds the product.
MAX_READINGS = 8


@dataclass(frozen=True)
class Convention:
    """How one language romanises East Slavic names."""

    lang: str
    letters: frozenset[str]
    pattern: re.Pattern[str]
    # The replacements of each alternative of ``pattern``, in its order.
    replacements: tuple[tuple[str, ...], ...]

    def writes(self, word: str) -> bool:
        """Whether every letter of ``word`` outside ASCII is one this language writes."""
        return all(c.isascii() or c in self.letters for c in word)

    def readings(self, word: str) -> list[str]:
        """``word`` (lower case) rewritten into English romanisation; [] when no rewrite
        applies. Several readings when a letter is ambiguous (German s: с or з)."""
        pieces: list[tuple[str, ...]] = []
        last = 0
        for m in self.pattern.finditer(word):
            pieces.append((word[last : m.start()],))
            pieces.append(self.replacements[m.lastindex - 1])  # type: ignore[operator]
            last = m.end()
        if not pieces:
            return []
        pieces.append((word[last:],))
        return ["".join(p) for p in islice(product(*pieces), MAX_READINGS)]


@dataclass(frozen=True)
class _Data:
    conventions: tuple[Convention, ...]
    # Spelling keys of the East Slavic given names, to the name as the lexicon writes it.
    given_keys: dict[str, str]
    # Every given name of the lexicon, as written (Czech "Jana" is a name of its own,
    # not Yana the German way).
    given_names: frozenset[str]
    countries: frozenset[str]


@cache
def _data() -> _Data:
    raw = load_toml("transliteration.toml")
    conventions = []
    for lang, spec in raw["languages"].items():
        rules = spec["rewrite"]
        pattern = re.compile("|".join(f"({rule[0]})" for rule in rules))
        replacements = tuple(
            tuple(rule[1]) if isinstance(rule[1], list) else (rule[1],) for rule in rules
        )
        conventions.append(Convention(lang, frozenset(spec["letters"]), pattern, replacements))
    blocks = load_toml("given_names.toml")["names"]
    given_keys: dict[str, str] = {}
    for block in raw["given_name_blocks"]:
        for name in blocks[block].split():
            given_keys.setdefault(translit_key(name), name)
    every = frozenset(name for block in blocks.values() for name in block.split())
    return _Data(tuple(conventions), given_keys, every, frozenset(raw["countries"]))


def east_slavic_countries() -> frozenset[str]:
    """Countries (names.toml codes) whose public figures have East Slavic names."""
    return _data().countries


@lru_cache(maxsize=65536)
def english_readings(word: str) -> tuple[tuple[str, str], ...]:
    """(language, English spelling key) for each way a language's convention reads
    ``word`` into English romanisation."""
    low = word.casefold()
    out: list[tuple[str, str]] = []
    for conv in _data().conventions:
        if conv.writes(low):
            out.extend((conv.lang, translit_key(r)) for r in conv.readings(low) if r != low)
    return tuple(out)


def reading_langs(foreign: str, english: str) -> tuple[str, ...]:
    """The languages whose convention reads ``foreign`` as ``english`` by rewriting it
    ("Peskow" as "Peskov": de, pl), whether or not English conventions also do."""
    key = translit_key(english)
    return tuple(sorted({lang for lang, reading in english_readings(foreign) if reading == key}))


def foreign_langs(foreign: str, english: str) -> tuple[str, ...]:
    """The languages whose transliteration ``foreign`` is of ``english`` ("Sergueï" of
    "Sergei": fr; "Sergej": de, cs, pl, it). Empty when English conventions alone make
    them one name (Sergei / Sergey, Peskov / Peskow) or when no convention does."""
    if translit_key(foreign) == translit_key(english):
        return ()
    return reading_langs(foreign, english)


def spelling_keys(name: str) -> frozenset[str]:
    """Every key ``name`` could have in English: its own and its foreign readings'."""
    return frozenset({translit_key(name), *(key for _lang, key in english_readings(name))})


def east_slavic_given(name: str) -> bool:
    """Whether ``name`` is an East Slavic given name as English writes it."""
    return translit_key(name) in _data().given_keys


@lru_cache(maxsize=65536)
def foreign_given_name(word: str) -> str | None:
    """The English spelling of the East Slavic given name ``word`` transliterates the
    way another language does ("Sergueï" → "Sergei", "Iouri" → "Yuri"); None when it
    is no such name or is written the English way already."""
    keys = _data().given_keys
    if translit_key(word) in keys:
        return None
    for _lang, reading in english_readings(word):
        if reading in keys:
            return keys[reading]
    return None


@dataclass(frozen=True)
class Transliteration:
    """``foreign`` is ``english`` as the ``langs`` romanise it."""

    foreign: str
    english: str
    langs: tuple[str, ...]


def transliterated(a: str, b: str) -> Transliteration | None:
    """Which of two spellings transliterates the other the way another language does,
    if either does (no check that the name is East Slavic: callers know the context)."""
    for foreign, english in ((a, b), (b, a)):
        langs = foreign_langs(foreign, english)
        if langs:
            return Transliteration(foreign, english, langs)
    return None


def transliterated_given(a: str, b: str) -> Transliteration | None:
    """``transliterated`` for given names, when the English one is East Slavic and the
    other is no given name of its own: Sergueï / Sergei yes; Louis / Luis (French "ou"
    read as "u") and Jana / Yana (Czech Jana is a name English writes so) never."""
    found = transliterated(a, b)
    if found is None or found.foreign in _data().given_names:
        return None
    return found if east_slavic_given(found.english) else None
