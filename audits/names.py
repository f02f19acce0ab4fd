"""Person names in English news text, found without a tagging model.

A name is a run of capitalised words ("German Chancellor Olaf Scholz") from
which titles, roles and country words are peeled off the front ("German
Chancellor") and organisation or calendar words cut the end. What remains is a
person when there is evidence for it: an honorific or role in front ("Mr.",
"President"), a known given name first ("Olaf ..."), a family-name-first pattern
("Kim Jong Un"), or a name in the list of public figures. A lone capitalised
word ("Blinken") is a person when the document names that surname elsewhere or
when it is a known public figure's surname.

The lexicons are in ``audits/data/name_lexicon.toml`` and
``audits/data/given_names.toml``; word frequencies come from wordfreq, so a
common English word at the start of a sentence is not taken for a name.

The module also holds what the name rules share: the near-miss test ("Blinken" /
"Blinkin" yes; "Johnson" / "Johnston" only with the same first name, checked by
the rules; "Ivanov" / "Ivanova" never), on the spelling keys of
``audits/spelling.py`` and the other languages' transliterations of
``audits/transliteration.py`` ("Sergueï" is Sergei, the French way).
"""

from __future__ import annotations

import re
import tomllib
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from itertools import accumulate
from operator import itemgetter
from typing import NamedTuple

from rapidfuzz import process
from rapidfuzz.distance import OSA
from wordfreq import zipf_frequency

from audits.segment import LIST_MARKER, Segmentation
from audits.spelling import fold, translit_key
from audits.transliteration import east_slavic_given, foreign_given_name, transliterated_given

_POSSESSIVE = ("'s", "’s", "'S", "’S")
_LEADING_PUNCT = set("\"'“”‘’«»„(-–—•*|·▪ \t")

# Zipf frequency (wordfreq, log10 per billion words) above which a capitalised
# word is ordinary English vocabulary rather than a name.
COMMON_ZIPF = 4.0
# ... at the start of a sentence, where every word is capitalised.
SENTENCE_INITIAL_COMMON_ZIPF = 3.0
# ... inside a name that started with a known given name ("Emma Stone").
AFTER_GIVEN_COMMON_ZIPF = 5.0
MAX_NAME_TOKENS = 5
# A first name is "far more common" than a garbled one from this Zipf frequency on.
COMMON_GIVEN_ZIPF = 3.5
# A lone word next to a verb of saying is a person unless it is this common
# ("Russia said", "Officials said").
SPEAKER_MAX_ZIPF = 3.5


class Token(NamedTuple):
    text: str
    start: int
    end: int
    possessive: bool = False


class SentenceTokens(NamedTuple):
    """The words of one sentence (a document is tokenised once for every name rule)."""

    index: int
    start: int
    tokens: list[Token]
    # A headline in Title Case, where capitals say nothing about names.
    title_case: bool = False


@dataclass(frozen=True)
class NameMention:
    """One mention of a person: ``text[start:end]`` is the name as written."""

    start: int
    end: int
    text: str
    surname: str
    surname_start: int
    surname_end: int
    given: str | None = None
    # Honorifics and role words written in front ("Mr.", "German Chancellor").
    title: str = ""
    sentence: int | None = None
    # Why this is taken for a person: known, title, given-name, family-first,
    # surname (named in full elsewhere), speaker (next to a verb of saying) or
    # near-surname (a letter off a surname of the document).
    evidence: str = "surname"


@dataclass(frozen=True)
class NameLexicon:
    honorifics: frozenset[str]
    title_words: frozenset[str]
    weak_title_words: frozenset[str]
    roles: dict[str, tuple[str, ...]]
    countries: dict[str, tuple[str, ...]]
    country_words: frozenset[str]
    particles: frozenset[str]
    suffixes: frozenset[str]
    family_first: frozenset[str]
    org_words: frozenset[str]
    calendar_words: frozenset[str]
    given_names: frozenset[str]
    speech_verbs: frozenset[str]
    speech_adverbs: frozenset[str]


def read_toml(name: str) -> dict:
    with resources.files("audits.data").joinpath(name).open("rb") as fh:
        return tomllib.load(fh)


@cache
def lexicon() -> NameLexicon:
    """The name lexicon, read once per process."""
    lex = read_toml("name_lexicon.toml")
    given_data = read_toml("given_names.toml")["names"]
    given = {g for block in given_data.values() for g in block.split()}
    people = read_toml("names.toml")["people"]
    for person in people:
        parts = person["name"].split()
        first = parts[0]
        titled = first.lower() in lex["title_words"] or first in lex["honorifics"]
        if len(parts) >= 2 and first not in lex["family_first"] and not titled:
            given.add(first)
    countries = {k: tuple(v) for k, v in lex["countries"].items()}
    country_words = frozenset(w for words in countries.values() for w in words if " " not in w)
    return NameLexicon(
        honorifics=frozenset(lex["honorifics"]),
        title_words=frozenset(lex["title_words"]),
        weak_title_words=frozenset(lex["weak_title_words"]),
        roles={k: tuple(v) for k, v in lex["roles"].items()},
        countries=countries,
        country_words=country_words,
        particles=frozenset(lex["particles"]),
        suffixes=frozenset(lex["suffixes"]),
        family_first=frozenset(lex["family_first"]),
        org_words=frozenset(lex["org_words"]),
        calendar_words=frozenset(lex["calendar_words"]),
        given_names=frozenset(given),
        speech_verbs=frozenset(lex["speech_verbs"]),
        speech_adverbs=frozenset(lex["speech_adverbs"]),
    )


@lru_cache(maxsize=65536)
def zipf_en(word: str) -> float:
    """English word frequency of ``word`` on the Zipf scale (0 when unknown)."""
    return zipf_frequency(word, "en")


# --- spelling keys and comparisons ----------------------------------------

_VOWELS = set("aeiouy")
# Endings that turn one family name into a relative's or a plural, never a misspelling.
# Ending pairs that turn one family name into a relative's (Ivanov / Ivanova,
# Zelensky / Zelenska, Novák / Nováková, Kowalski / Kowalska) or a plural.
_RELATED_ENDINGS = (
    ("", "s"), ("", "es"), ("", "a"), ("", "e"), ("", "ova"), ("", "ová"),
    ("ov", "ova"), ("ev", "eva"), ("in", "ina"), ("sky", "skaya"), ("skiy", "skaya"),
    ("skyy", "ska"), ("sky", "ska"), ("skyi", "ska"), ("ski", "ska"), ("y", "aya"),
    ("iy", "aya"), ("yy", "a"), ("as", "iene"), ("is", "iene"), ("us", "a"),
)  # fmt: skip


def _inflected(a: str, b: str) -> bool:
    for masc, fem in _RELATED_ENDINGS:
        for x, y in ((a, b), (b, a)):
            if (
                x.endswith(masc)
                and y.endswith(fem)
                and x[: len(x) - len(masc)] == y[: len(y) - len(fem)]
            ):
                return True
    # Mario/Maria, Kowalski/Kowalska: only the final vowel differs.
    return a[:-1] == b[:-1] and a[-1] in _VOWELS and b[-1] in _VOWELS


def near_miss(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` look like one name with a letter or two garbled.

    Both keep their first letter, are at least four letters long, and differ by
    one edit (two from seven letters on), counting a swap of neighbours as one.
    Accent-only, romanisation-only and inflection differences are not near misses.
    """
    fa, fb = fold(a), fold(b)
    if fa == fb or not fa or not fb or fa[0] != fb[0]:
        return False
    family_first = lexicon().family_first
    if a in family_first or b in family_first:
        return False  # Zhang / Zhuang, Park / Parl: short family names, each its own
    shortest = min(len(fa), len(fb))
    if shortest < 4:
        return False
    limit = 1 if shortest <= 6 else 2
    if OSA.distance(fa, fb, score_cutoff=limit) > limit:
        return False
    return translit_key(a) != translit_key(b) and not _inflected(fa, fb)


def near_miss_shape(name: str) -> tuple[str, int]:
    """A bucket key for ``near_miss``: the folded first letter and length."""
    folded = fold(name)
    return folded[:1], len(folded)


def near_miss_shapes(name: str) -> list[tuple[str, int]]:
    """The buckets of the names ``near_miss(name, ·)`` can accept: the same first
    letter, and a length within two (its edit limit), so an index need not try others."""
    first, length = near_miss_shape(name)
    return [(first, n) for n in range(length - 2, length + 3)]


def variant_spelling(a: str, b: str) -> bool:
    """Same name by accents or romanisation only (François/Francois, Zelensky/Zelenskyy)."""
    return a != b and (fold(a) == fold(b) or translit_key(a) == translit_key(b))


def _given_tokens(given: str) -> list[str]:
    return [t for t in re.split(r"[\s\-]+", given) if t]


def given_names_match(a: str | None, b: str | None) -> bool:
    """Whether two given names can belong to one person (equal, variant, initial, near)."""
    if a is None or b is None:
        return False
    ta, tb = _given_tokens(a), _given_tokens(b)
    if len(ta) != len(tb):
        return fold(a) == fold(b)
    for x, y in zip(ta, tb, strict=True):
        fx, fy = fold(x.rstrip(".")), fold(y.rstrip("."))
        if fx == fy or translit_key(x) == translit_key(y):
            continue
        if transliterated_given(x, y) is not None:
            continue  # "Sergueï" / "Sergei": the French spelling of one name
        if (len(fx) == 1 or len(fy) == 1) and fx[0] == fy[0]:
            continue  # an initial: "J. Smith" / "John Smith"
        if not near_miss(x, y):
            return False
    return True


def given_names_differ(a: str | None, b: str | None) -> bool:
    """Both given names are known and cannot be one person's (Boris / Ann)."""
    return a is not None and b is not None and not given_names_match(a, b)


# --- finding mentions -----------------------------------------------------


def word_tokens(text: str, start: int, end: int) -> list[Token]:
    """Capitalised words and name particles of ``text[start:end]``.

    Other lower-case words are left out: they only ever separate names, and the
    gap test between neighbouring tokens sees them in the text.
    """
    out: list[Token] = []
    particles = lexicon().particles
    for m in _name_word_pattern().finditer(text, start, end):
        word = m.group()
        if not word[0].isupper() and word not in particles:
            continue
        s, e = m.span()
        if word.endswith(_POSSESSIVE) and len(word) > 3:
            out.append(Token(word[:-2], s, e - 2, possessive=True))
        else:
            out.append(Token(word, s, e))
    return out


def is_capitalised(word: str, lex: NameLexicon) -> bool:
    if not word[0].isupper():
        return False
    # Acronyms (NATO, QUB, US) are not names; honorifics and suffixes like "II" are kept.
    return not (len(word) > 1 and word.isupper()) or word in lex.suffixes


def _joins(text: str, left: Token, right: Token, lex: NameLexicon) -> bool:
    if left.possessive:
        return False
    gap = text[left.end : right.start]
    if gap in (" ", "\u00a0"):
        return True
    abbreviation = left.text in lex.honorifics or (len(left.text) == 1 and left.text.isupper())
    return abbreviation and gap in (". ", ".\u00a0", ".")


def _runs(text: str, tokens: list[Token], lex: NameLexicon) -> list[list[Token]]:
    """Maximal sequences of capitalised words (with name particles between them)."""
    runs: list[list[Token]] = []
    current: list[Token] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if is_capitalised(tok.text, lex):
            if current and _joins(text, current[-1], tok, lex):
                current.append(tok)
            else:
                if current:
                    runs.append(current)
                current = [tok]
        elif current and tok.text in lex.particles and _joins(text, current[-1], tok, lex):
            # "von der Leyen": particles join when a capitalised word follows them.
            j = i
            while j + 1 < len(tokens) and tokens[j + 1].text in lex.particles:
                if not _joins(text, tokens[j], tokens[j + 1], lex):
                    break
                j += 1
            nxt = tokens[j + 1] if j + 1 < len(tokens) else None
            if (
                nxt is not None
                and is_capitalised(nxt.text, lex)
                and _joins(text, tokens[j], nxt, lex)
            ):
                current.extend(tokens[i : j + 1])
                i = j
            else:
                runs.append(current)
                current = []
        else:
            if current:
                runs.append(current)
            current = []
        i += 1
    if current:
        runs.append(current)
    return runs


def _sentence_initial(text: str, sentence_start: int, tok: Token) -> bool:
    # A list item's number opens its sentence ("1. Granite walls ..."), like a bullet.
    marker = LIST_MARKER.match(text, sentence_start, tok.start)
    start = marker.end() if marker else sentence_start
    return all(c in _LEADING_PUNCT for c in text[start : tok.start])


_LONG_WORD = re.compile(r"[^\W\d_]{4,}")


def _title_case(sentence: str) -> bool:
    """A headline in Title Case, where capitals say nothing about names."""
    words = _LONG_WORD.findall(sentence)
    if len(words) < 4:
        return False
    return sum(map(str.isupper, map(itemgetter(0), words))) >= 0.7 * len(words)


@dataclass(frozen=True)
class _Candidate:
    core: tuple[Token, ...]
    title: tuple[Token, ...]
    sentence: int
    initial: bool
    title_case: bool


def _is_common(word: str, threshold: float, lex: NameLexicon, known: frozenset[str]) -> bool:
    if word in lex.given_names or word in known or word in lex.family_first:
        return False
    return zipf_en(word.lower()) >= threshold


def _split_run(
    run: list[Token],
    initial: bool,
    title_case: bool,
    sentence: int,
    lex: NameLexicon,
    known: frozenset[str],
) -> _Candidate | None:
    title: list[Token] = []
    i = 0
    while i < len(run):
        word = run[i].text
        if word in lex.particles:
            i += 1
            continue
        if word in lex.honorifics or word.lower() in lex.title_words or word in lex.country_words:
            title.append(run[i])
            i += 1
            continue
        if title and _strong_title_tokens(title, lex):
            break  # "President Wilson": after a title comes the name, however common
        threshold = SENTENCE_INITIAL_COMMON_ZIPF if (i == 0 and initial) else COMMON_ZIPF
        if title_case:
            threshold = SENTENCE_INITIAL_COMMON_ZIPF
        if _is_common(word, threshold, lex, known) and not run[i].possessive:
            title = []  # "Seated", "In", "Meanwhile": not part of a title
            i += 1
            continue
        if _is_common(word, threshold, lex, known):
            return None
        break
    core: list[Token] = []
    # Only read when a word follows the first (most runs are one word).
    starts_given = i + 1 < len(run) and is_given_name(run[i].text, lex)
    while i < len(run):
        tok = run[i]
        word = tok.text
        if word in lex.calendar_words:
            break
        if word in lex.org_words:
            return None  # "Royal Military College", "Wilson Hotel"
        if word in lex.suffixes and core:
            i += 1
            continue
        if core and word not in lex.particles:
            limit = AFTER_GIVEN_COMMON_ZIPF if starts_given and not title_case else COMMON_ZIPF
            if title_case:
                limit = SENTENCE_INITIAL_COMMON_ZIPF
            if word.lower() in lex.title_words or _is_common(word, limit, lex, known):
                break
        core.append(tok)
        i += 1
        if tok.possessive:
            break
    while core and core[-1].text in lex.particles:
        core.pop()
    if not core or len(core) > MAX_NAME_TOKENS:
        return None
    return _Candidate(tuple(core), tuple(title), sentence, initial and not title, title_case)


def _known_prefix(cand: _Candidate, known_full: frozenset[str]) -> _Candidate:
    """Cut "Joe Biden Laments" (a Title Case headline) back to the known "Joe Biden"."""
    words = [t.text for t in cand.core]
    for n in range(len(words) - 1, 1, -1):
        if fold(" ".join(words[:n])) in known_full:
            return _Candidate(
                cand.core[:n], cand.title, cand.sentence, cand.initial, cand.title_case
            )
    return cand


def _mention(cand: _Candidate, text: str, evidence: str, family_first: bool) -> NameMention:
    core = cand.core
    lex = lexicon()
    if family_first:
        surname_tok = [core[0]]
        given_toks = list(core[1:])
    else:
        # The surname is the last word with the particles right before it
        # ("von der Leyen", "da Silva").
        j = len(core) - 1
        while j > 1 and core[j - 1].text in lex.particles:
            j -= 1
        surname_tok = list(core[j:])
        given_toks = list(core[:j])
    s_start, s_end = surname_tok[0].start, surname_tok[-1].end
    given = text[given_toks[0].start : given_toks[-1].end] if given_toks else None
    title = ""
    if cand.title:
        title = text[cand.title[0].start : cand.title[-1].end]
    return NameMention(
        start=core[0].start,
        end=core[-1].end,
        text=text[core[0].start : core[-1].end],
        surname=text[s_start:s_end],
        surname_start=s_start,
        surname_end=s_end,
        given=given,
        title=title,
        sentence=cand.sentence,
        evidence=evidence,
    )


def _strong_title(cand: _Candidate, lex: NameLexicon) -> bool:
    return _strong_title_tokens(cand.title, lex)


def _strong_title_tokens(title: tuple[Token, ...] | list[Token], lex: NameLexicon) -> bool:
    for tok in title:
        if tok.text in lex.honorifics:
            return True
        low = tok.text.lower()
        if low in lex.title_words and low not in lex.weak_title_words:
            return True
    return False


def find_mentions(
    text: str,
    segmentation: Segmentation,
    known_full: frozenset[str] = frozenset(),
    known_surnames: frozenset[str] = frozenset(),
    sentences: list[SentenceTokens] | None = None,
) -> list[NameMention]:
    """Every mention of a person in ``text``, in order.

    ``known_full`` holds folded full names of public figures and
    ``known_surnames`` their surnames as written, so that "Lavrov" alone counts
    as a person and "Boris Johnson" is not cut at the common word "Johnson".
    """
    lex = lexicon()
    known_tokens = _words_of(known_surnames)
    persons: list[NameMention] = []
    bare: list[_Candidate] = []
    speakers: set[int] = set()
    for sentence in sentences if sentences is not None else sentence_tokens(text, segmentation):
        tokens = sentence.tokens
        title_case = sentence.title_case
        for run in _runs(text, tokens, lex):
            initial = _sentence_initial(text, sentence.start, run[0])
            cand = _split_run(run, initial, title_case, sentence.index, lex, known_tokens)
            if cand is None:
                continue
            cand = _known_prefix(cand, known_full)
            core = cand.core
            words = [t.text for t in core]
            name_key = fold(" ".join(words))
            if name_key in known_full:
                family = words[0] in lex.family_first and len(words) > 1
                persons.append(_mention(cand, text, "known", family))
            elif (
                len(core) >= 2
                and words[0] in lex.family_first
                and len(core) <= 3
                and words[1] not in lex.given_names
                and all(zipf_en(w.lower()) < 3.5 for w in words[1:])
            ):
                persons.append(_mention(cand, text, "family-first", True))
            elif len(core) >= 2 and is_given_name(words[0], lex):
                persons.append(_mention(cand, text, "given-name", False))
            elif _strong_title(cand, lex) and not (cand.title_case and len(core) > 1):
                persons.append(_mention(cand, text, "title", False))
            elif len(core) == 1 and (not cand.title_case or words[0] in known_surnames):
                bare.append(cand)
                if _speaks(text, core[0]):
                    speakers.add(core[0].start)
    surnames = {fold(m.surname) for m in persons}
    for cand in bare:
        tok = cand.core[0]
        word = tok.text
        if word in lex.country_words or word in lex.given_names:
            continue
        if fold(word) in surnames or (word in known_surnames and zipf_en(word.lower()) < 3.5):
            persons.append(_mention(cand, text, "surname", False))
        elif tok.start in speakers and zipf_en(word.lower()) < SPEAKER_MAX_ZIPF:
            persons.append(_mention(cand, text, "speaker", False))
    persons.sort(key=lambda m: m.start)
    return persons


@cache
def _name_word_pattern() -> re.Pattern[str]:
    """Words that may be part of a name: those not starting with a-z, and particles.

    Skipping lower-case ASCII words inside the regex engine is what keeps name
    finding cheap; non-ASCII lower-case initials are filtered afterwards.
    """
    particles = "|".join(sorted(lexicon().particles, key=len, reverse=True))
    # A word with optional inner apostrophes and hyphens ("O'Brien", "Jean-Yves",
    # "Blinken’s"); digits and underscores are never part of a name.
    capitalised = r"[^\W\d_a-z][^\W\d_]*(?:['’\-][^\W\d_]+)*"
    particle = rf"(?:{particles})(?![\w'’\-])"
    return re.compile(rf"(?<![\w'’\-])(?:{capitalised}|{particle})")


@cache
def _words_of(names: frozenset[str]) -> frozenset[str]:
    return frozenset(w for name in names for w in name.split())


@cache
def _speech_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    lex = lexicon()
    verbs = "|".join(sorted(lex.speech_verbs))
    adverbs = "|".join(sorted(lex.speech_adverbs))
    before = re.compile(rf"(?:\b(?:{verbs})|\baccording to)\s+$", re.IGNORECASE)
    after = re.compile(rf"\s+(?:(?:{adverbs})\s+)?(?:{verbs})\b")
    return before, after


def _speaks(text: str, tok: Token) -> bool:
    """Whether ``tok`` is the subject or object of a verb of saying."""
    if tok.possessive:
        return False
    before, after = _speech_patterns()
    return bool(
        before.search(text, max(0, tok.start - 30), tok.start) or after.match(text, tok.end)
    )


def near_surname_mentions(
    text: str,
    segmentation: Segmentation,
    mentions: list[NameMention],
    sentences: list[SentenceTokens] | None = None,
) -> list[NameMention]:
    """Lone capitalised words that are a letter or two off a surname in the document.

    "Blinkin said" is not a person by itself; beside "Anthony Blinken" it is the
    same person misspelt. Only rare words qualify, so "Paris" never becomes
    "Parris".
    """
    lex = lexicon()
    surnames = {m.surname for m in mentions if " " not in m.surname}
    out: list[NameMention] = []
    if not surnames:
        return out
    # Both lookups are indexed: scanning every mention and every surname for every word
    # made this quadratic, 40 s of a 2 MB document's 64 s.
    taken = _SpanIndex([(m.start, m.end) for m in mentions])
    near_a_surname = _NearSurnames(surnames)
    for sentence in sentences if sentences is not None else sentence_tokens(text, segmentation):
        for tok in sentence.tokens:
            word = tok.text
            if len(word) < 4 or not is_capitalised(word, lex):
                continue
            if taken.covers(tok.start):
                continue
            if word in lex.country_words or word in lex.given_names or word in lex.org_words:
                continue
            if zipf_en(word.lower()) >= 3.0:
                continue
            if near_a_surname(word):
                out.append(
                    NameMention(
                        start=tok.start,
                        end=tok.end,
                        text=word,
                        surname=word,
                        surname_start=tok.start,
                        surname_end=tok.end,
                        sentence=sentence.index,
                        evidence="near-surname",
                    )
                )
    return out


class _SpanIndex:
    """Whether a position falls inside any of a set of (start, end) spans, in log time."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        spans = sorted(spans)
        self._starts = [s for s, _ in spans]
        # The furthest end among the spans starting at or before each one (spans may nest).
        self._reach = list(accumulate((e for _, e in spans), max))

    def covers(self, position: int) -> bool:
        i = bisect_right(self._starts, position) - 1
        return i >= 0 and self._reach[i] > position


class _NearSurnames:
    """``near_miss`` against a set of surnames, asking only those it could be true of
    (same first letter, length within two) and each word once."""

    def __init__(self, surnames: set[str]) -> None:
        self._by_shape: dict[tuple[str, int], list[str]] = defaultdict(list)
        for surname in surnames:
            self._by_shape[near_miss_shape(surname)].append(surname)
        self._seen: dict[str, bool] = {}

    def __call__(self, word: str) -> bool:
        found = self._seen.get(word)
        if found is None:
            found = any(
                near_miss(word, surname)
                for shape in near_miss_shapes(word)
                for surname in self._by_shape.get(shape, ())
            )
            self._seen[word] = found
        return found


def sentence_tokens(text: str, segmentation: Segmentation) -> list[SentenceTokens]:
    """Every sentence's words, computed once and shared by the name rules."""
    return [
        SentenceTokens(s.index, s.start, word_tokens(text, s.start, s.end), _title_case(s.text))
        for s in segmentation.sentences
    ]


def preload_names() -> None:
    """Load the lexicon, wordfreq's English frequencies and the patterns built from them."""
    _name_word_pattern()
    _speech_patterns()
    common_given_names()


@cache
def common_given_names() -> tuple[str, ...]:
    """Given names of the lexicon that are common in English text."""
    names = lexicon().given_names
    return tuple(
        sorted(g for g in names if g.isascii() and zipf_en(g.lower()) >= COMMON_GIVEN_ZIPF)
    )


@lru_cache(maxsize=65536)
def garbled_given_name(word: str) -> str | None:
    """The far more common first name ``word`` is a letter off, if any ("Anthnoy").

    Only words unknown to English qualify, so real names that are merely rarer
    ("Micheal", "Antony") are never taken for misspellings. Remembered per word: the
    fuzzy search over the common first names is the costly part of finding names.
    """
    if len(word) < 4 or not word.isascii() or word in lexicon().given_names:
        return None
    if zipf_en(word.lower()) > 0:
        return None
    found = process.extractOne(word, common_given_names(), scorer=OSA.distance, score_cutoff=1)
    if found is None or not near_miss(word, found[0]) or not _typo(word, found[0]):
        return None
    return found[0]


def is_given_name(word: str, lex: NameLexicon) -> bool:
    """A first name: in the lexicon, a keyboard slip of a common one, or an East Slavic
    one in another spelling ("Sergej", "Wladimir") or another language's ("Sergueï")."""
    return (
        word in lex.given_names
        or garbled_given_name(word) is not None
        or east_slavic_given(word)
        or foreign_given_name(word) is not None
    )


def _typo(word: str, usual: str) -> bool:
    """A slip of the keyboard: two letters swapped, one left out or one doubled.

    Other one-letter changes ("Morie" / "Marie", "Jogel" / "Joel") are as often
    another real name, a romanisation or a brand as a misspelling.
    """
    if len(word) == len(usual):
        diff = [i for i, (a, b) in enumerate(zip(word, usual, strict=True)) if a != b]
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and word[diff[0]] == usual[diff[1]]
            and word[diff[1]] == usual[diff[0]]
        )
    if len(word) == len(usual) - 1:
        return any(usual[:i] + usual[i + 1 :] == word for i in range(len(usual)))
    if len(word) == len(usual) + 1:
        return any(
            word[:i] + word[i + 1 :] == usual and (word[i] == word[i - 1] if i else False)
            for i in range(len(word))
        )
    return False
