"""Well-known public figures (audits/data/names.toml) and the context that places them.

Used by rule N302: "Olaf Schulz" beside "German Chancellor" is Olaf Scholz
misspelt, while an "Olaf Schulz" who coaches a football team is somebody else.
So a near miss of a known name only counts with context: a role of the person
in the same sentence, their country or keywords in the document, or a surname
so distinctive that it cannot be anyone else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, cached_property

from rapidfuzz import process
from rapidfuzz.distance import OSA

from audits.names import (
    NameMention,
    fold,
    given_names_match,
    lexicon,
    near_miss,
    read_toml,
    translit_key,
    variant_spelling,
    zipf_en,
)
from audits.transliteration import east_slavic_countries

# Words written before a known person's name that are not part of it.
_NAME_TITLES = frozenset({"King", "Queen", "Pope", "Prince", "Princess", "Emperor", "Sheikh"})
_ROMAN = re.compile(r"^(?:[IVX]+|Jr\.?|Sr\.?)$")

# Context points (see context_score); a misspelt known name needs this many.
MIN_CONTEXT = 3
# A surname this rare in English (Zipf) identifies its bearer on its own.
DISTINCTIVE_SURNAME_ZIPF = 2.5


@dataclass(frozen=True)
class KnownPerson:
    name: str
    given: str | None
    # None for people known by one name (Naruhito, Pope Francis): never near-matched.
    surname: str | None
    spellings: tuple[str, ...]
    roles: tuple[str, ...]
    country: str
    years: tuple[int, int | None] | None = None
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class NearMatch:
    """A mention that is a near miss of a known person's name."""

    person: KnownPerson
    # The spelling the mention comes closest to ("Antony Blinken").
    spelling: str
    given_differs: bool
    surname_differs: bool


@dataclass(frozen=True)
class PeopleIndex:
    people: tuple[KnownPerson, ...]
    full: dict[str, KnownPerson]
    by_surname: dict[str, tuple[KnownPerson, ...]]
    surname_keys: tuple[str, ...]
    surnames_as_written: frozenset[str] = field(default=frozenset())
    # folded surname -> known surnames within two edits of it (see _near_surname_keys)
    _near_memo: dict[str, tuple[str, ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    @cached_property
    def full_keys(self) -> frozenset[str]:
        # Once per index: a frozenset of every spelling was built for every document.
        return frozenset(self.full)

    def _near_surname_keys(self, key: str) -> tuple[str, ...]:
        """The known surnames (folded) within two edits of ``key``, in rapidfuzz's order,
        remembered per key (news names the same people in every article)."""
        memo = self._near_memo
        found = memo.get(key)
        if found is None:
            if len(memo) >= 65536:
                memo.clear()
            found = memo[key] = tuple(
                other
                for other, _score, _i in process.extract(
                    key, self.surname_keys, scorer=OSA.distance, score_cutoff=2, limit=None
                )
            )
        return found

    def exact(self, mention: NameMention) -> KnownPerson | None:
        return self.full.get(fold(mention.text))

    def near(self, mention: NameMention) -> list[NearMatch]:
        """Known people whose name this mention misses by a letter or two."""
        key = fold(mention.surname)
        candidates: dict[str, KnownPerson] = {}
        for p in self.by_surname.get(key, ()):
            candidates[p.name] = p
        if len(key) >= 4:
            for other in self._near_surname_keys(key):
                for p in self.by_surname[other]:
                    candidates[p.name] = p
        out: list[NearMatch] = []
        for person in candidates.values():
            match = _near_match(mention, person)
            if match is not None:
                out.append(match)
        return out


def _split_name(name: str) -> tuple[str | None, str | None]:
    """(given, surname) of a name as the list writes it."""
    lex = lexicon()
    words = [w for w in name.split() if w not in _NAME_TITLES and not _ROMAN.match(w)]
    if len(words) < 2:
        return (words[0] if words else None), None
    if words[0] in lex.family_first and len(words) <= 3 and words[1] not in lex.given_names:
        return " ".join(words[1:]), words[0]
    j = len(words) - 1
    while j > 1 and words[j - 1] in lex.particles:
        j -= 1
    return " ".join(words[:j]), " ".join(words[j:])


def _years(spec: str | None) -> tuple[int, int | None] | None:
    if not spec:
        return None
    start, _, end = spec.partition("-")
    return int(start), (int(end) if end else None)


@cache
def people_index() -> PeopleIndex:
    """The list of public figures, indexed by full name and surname."""

    people: list[KnownPerson] = []
    full: dict[str, KnownPerson] = {}
    by_surname: dict[str, list[KnownPerson]] = {}
    written: set[str] = set()
    for row in read_toml("names.toml")["people"]:
        given, surname = _split_name(row["name"])
        person = KnownPerson(
            name=row["name"],
            given=given,
            surname=surname,
            spellings=(row["name"], *row.get("variants", ())),
            roles=tuple(row.get("roles", ())),
            country=row.get("country", ""),
            years=_years(row.get("years")),
            keywords=tuple(row.get("keywords", ())),
        )
        people.append(person)
        for spelling in person.spellings:
            full[fold(spelling)] = person
            _g, s = _split_name(spelling)
            if s is not None and person.surname is not None:
                by_surname.setdefault(fold(s), []).append(person)
                written.add(s)
    return PeopleIndex(
        people=tuple(people),
        full=full,
        by_surname={k: tuple(v) for k, v in by_surname.items()},
        surname_keys=tuple(by_surname),
        surnames_as_written=frozenset(written),
    )


@dataclass(frozen=True)
class Spelling:
    """One listed spelling of a public figure, split into given name and surname."""

    person: KnownPerson
    given: str
    surname: str


@cache
def east_slavic_spellings() -> dict[str, tuple[Spelling, ...]]:
    """The spellings of the public figures of East Slavic countries that have a given
    name and a surname, by the spelling key of the surname (``translit_key``)."""
    countries = east_slavic_countries()
    out: dict[str, list[Spelling]] = {}
    for person in people_index().people:
        if person.country not in countries or person.surname is None:
            continue
        for spelling in person.spellings:
            given, surname = _split_name(spelling)
            if given is not None and surname is not None:
                out.setdefault(translit_key(surname), []).append(Spelling(person, given, surname))
    return {k: tuple(v) for k, v in out.items()}


def _same(a: str, b: str) -> bool:
    return fold(a) == fold(b) or translit_key(a) == translit_key(b)


def _first(given: str) -> str:
    return given.split()[0]


def _near_match(mention: NameMention, person: KnownPerson) -> NearMatch | None:
    if person.surname is None:
        return None
    best: NearMatch | None = None
    for spelling in person.spellings:
        given, surname = _split_name(spelling)
        if surname is None:
            continue
        if fold(mention.text) == fold(spelling) or variant_spelling(mention.text, spelling):
            return None  # the mention is one of the person's spellings
        if _same(mention.surname, surname):
            surname_differs = False
        elif near_miss(mention.surname, surname):
            surname_differs = True
        else:
            continue
        if mention.given is None or given is None:
            given_differs = False
            if not surname_differs:
                continue
        else:
            mine, theirs = _first(mention.given), _first(given)
            if _same(mine, theirs):
                given_differs = False
            elif given_names_match(mine, theirs):
                given_differs = True
            else:
                continue  # another first name: another person (Martin Schulz, not Olaf Scholz)
        if not (given_differs or surname_differs):
            continue
        match = NearMatch(person, spelling, given_differs, surname_differs)
        if best is None or (given_differs + surname_differs) < (
            best.given_differs + best.surname_differs
        ):
            best = match
    return best


@cache
def _role_pattern(role: str) -> re.Pattern[str]:
    phrases = lexicon().roles.get(role, ())
    body = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?i)(?<!\w)(?:{body})(?!\w)") if body else re.compile(r"(?!x)x")


@cache
def _terms_pattern(terms: tuple[str, ...]) -> re.Pattern[str]:
    """Proper nouns match case-sensitively ("US" is not "us"); lower-case terms do not."""
    parts = []
    for t in sorted(terms, key=len, reverse=True):
        esc = re.escape(t)
        parts.append(esc if any(c.isupper() for c in t) else f"(?i:{esc})")
    if not parts:
        return re.compile(r"(?!x)x")
    return re.compile(rf"(?<!\w)(?:{'|'.join(parts)})(?!\w)")


def _in_office(person: KnownPerson, year: int | None) -> bool:
    if year is None or person.years is None:
        return True
    start, end = person.years
    return start - 1 <= year <= (end + 1 if end is not None else 9999)


@dataclass(frozen=True)
class Context:
    score: int
    reasons: tuple[str, ...]


def context_score(
    person: KnownPerson,
    mention: NameMention,
    text: str,
    sentence_text: str,
    year: int | None = None,
    surname_differs: bool = True,
) -> Context:
    """How strongly the document places ``person`` at this mention.

    * 2 points: one of their roles in the same sentence (or the title in front);
    * 1 point: their country (or organisation) named in the document;
    * 1 point: one of their keywords in the document;
    * 2 points: the surname is exactly theirs and rare in English.
    """
    score = 0
    reasons: list[str] = []
    near_text = f"{mention.title} {sentence_text}"
    if _in_office(person, year):
        for role in person.roles:
            m = _role_pattern(role).search(near_text)
            if m:
                score += 2
                reasons.append(f"role '{m.group()}'")
                break
    lex = lexicon()
    country_terms = lex.countries.get(person.country, ())
    m = _terms_pattern(tuple(country_terms)).search(text) if country_terms else None
    if m:
        score += 1
        reasons.append(f"'{m.group()}'")
    m = _terms_pattern(person.keywords).search(text) if person.keywords else None
    if m:
        score += 1
        reasons.append(f"'{m.group()}'")
    if (
        not surname_differs
        and person.surname is not None
        and zipf_en(fold(person.surname)) < DISTINCTIVE_SURNAME_ZIPF
    ):
        score += 2
        reasons.append(f"distinctive surname '{person.surname}'")
    return Context(score, tuple(reasons))
