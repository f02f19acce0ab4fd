"""N3xx: names garbled by translation.

* N301: one person spelled two ways in one document ("Anthony Blinken" /
  "Anthony Blinkin").
* N302: a known public figure's name a letter or two off ("Olaf Schulz" beside
  "German Chancellor"), or a first name a letter off a far more common one.
* N303: a name that lost a letter or half a ligature ("Jolicour" for Jolicœur).
* N310 (run level): one person spelled differently across the documents of a run
  (garbled, or another language's transliteration, as N301 tells them apart).

Name finding lives in ``audits/names.py``, the list of public figures in
``audits/known_people.py`` and lost letters in ``audits/lost_letters.py``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from audits.config import AuditConfig
from audits.datafiles import language_names
from audits.detectors.base import Detector, DocumentContext, RunDetector
from audits.detectors.family_names import KINDS, REVERSED, SPLIT, family_name_variants
from audits.document import Finding, RunFinding, Severity
from audits.known_people import (
    DISTINCTIVE_SURNAME_ZIPF,
    MIN_CONTEXT,
    KnownPerson,
    PeopleIndex,
    Spelling,
    context_score,
    east_slavic_spellings,
    people_index,
)
from audits.lm.paths import cache_dir_of
from audits.lost_letters import LostLetter, lost_letter_index
from audits.names import (
    NameMention,
    SentenceTokens,
    find_mentions,
    fold,
    garbled_given_name,
    given_names_match,
    is_capitalised,
    lexicon,
    near_miss,
    near_miss_shape,
    near_miss_shapes,
    near_surname_mentions,
    preload_names,
    sentence_tokens,
    translit_key,
    variant_spelling,
    zipf_en,
)
from audits.rule_docs.names import (
    KNOWN_NAME_MISSPELLED,
    LOST_LETTER,
    NAME_RULES,
    RUN_NAME_RULES,
    SPELLED_DIFFERENTLY_IN_RUN,
    SPELLED_TWO_WAYS,
)
from audits.transliteration import (
    Transliteration,
    east_slavic_countries,
    east_slavic_given,
    foreign_langs,
    reading_langs,
    spelling_keys,
    transliterated,
    transliterated_given,
)

# How strongly each finding alone suggests machine translation.
STRENGTH_TWO_WAYS = 0.5
# The language a family-first name of these countries is romanised from.
_FAMILY_NAME_LANGS = {"CN": "zh", "TW": "zh", "HK": "zh", "KR": "ko", "KP": "ko", "VN": "vi"}
STRENGTH_TWO_WAYS_KNOWN = 0.6
STRENGTH_VARIANT = 0.15
# Another language's transliteration beside the English spelling: no garble, but the
# source's spelling left in ("Sergueï" beside "Sergei"), as telling as a calque.
STRENGTH_FOREIGN = 0.5
STRENGTH_KNOWN_SURNAME = 0.45
STRENGTH_KNOWN_GIVEN = 0.3
STRENGTH_COMMON_GIVEN = 0.3
STRENGTH_LIGATURE = 0.45
STRENGTH_DROPPED = 0.4

# Two surnames this common in English (Zipf) are two people unless a shared
# first name ties them (Johnson / Johnston).
COMMON_SURNAME_ZIPF = 3.0
# A first name this frequent in English (Zipf) is a real name, not a garble.
REAL_GIVEN_ZIPF = 2.5
_SHARED_KEY = "names.mentions"
_TOKENS_KEY = "names.tokens"
_YEAR = re.compile(r"\b(19|20)\d\d\b")


@dataclass(frozen=True)
class _Spelling:
    """All mentions of one surname spelling in a document."""

    surname: str
    mentions: tuple[NameMention, ...]

    @property
    def givens(self) -> set[str]:
        return {m.given for m in self.mentions if m.given}

    @property
    def first(self) -> NameMention:
        return max(self.mentions, key=lambda m: (m.given is not None, -m.start))


def document_mentions(ctx: DocumentContext) -> list[NameMention]:
    """Person mentions of a document (cached on the context for the run-level rule)."""
    cached = ctx.shared.get(_SHARED_KEY)
    if cached is not None:
        return cached
    index = people_index()
    sentences = document_tokens(ctx)
    mentions = find_mentions(
        ctx.text, ctx.segmentation, index.full_keys, index.surnames_as_written, sentences
    )
    near = near_surname_mentions(ctx.text, ctx.segmentation, mentions, sentences)
    mentions = sorted(mentions + near, key=lambda m: m.start)
    ctx.shared[_SHARED_KEY] = mentions
    return mentions


def document_tokens(ctx: DocumentContext) -> list[SentenceTokens]:
    cached = ctx.shared.get(_TOKENS_KEY)
    if cached is None:
        cached = ctx.shared[_TOKENS_KEY] = sentence_tokens(ctx.text, ctx.segmentation)
    return cached


def _spellings(mentions: Iterable[NameMention]) -> dict[str, _Spelling]:
    groups: dict[str, list[NameMention]] = defaultdict(list)
    for m in mentions:
        groups[m.surname].append(m)
    return {k: _Spelling(k, tuple(v)) for k, v in groups.items()}


def _comparable_pairs(keys: list[str]) -> Iterator[tuple[str, str]]:
    """The pairs of ``keys``, in the order of a double loop over them, for which
    ``near_miss``, ``variant_spelling`` or ``transliterated`` can hold: the same first
    letter and lengths within two once folded, or a romanisation key in common (one's
    own or a foreign reading's: "Poutine" reads "Putin" the French way). Trying every
    pair made N301 quadratic in a document's distinct surnames (5 s of a 2 MB
    document's audit)."""
    romanised = [spelling_keys(k) for k in keys]
    by_shape: dict[tuple[str, int], list[int]] = defaultdict(list)
    by_romanised: dict[str, list[int]] = defaultdict(list)
    for i, key in enumerate(keys):
        by_shape[near_miss_shape(key)].append(i)
        for romanised_key in romanised[i]:
            by_romanised[romanised_key].append(i)
    for i, key in enumerate(keys):
        later = {j for k in romanised[i] for j in by_romanised[k] if j > i}
        for shape in near_miss_shapes(key):
            later.update(j for j in by_shape.get(shape, ()) if j > i)
        for j in sorted(later):
            yield keys[i], keys[j]


def _same_person_possible(a: _Spelling, b: _Spelling) -> bool:
    """Whether two surname spellings can be one person (the distinct-people guards)."""
    ga, gb = a.givens, b.givens
    shared = any(given_names_match(x, y) for x in ga for y in gb)
    if ga and gb and not shared:
        return False  # Boris Johnson / Ann Johnston
    common = zipf_en(fold(a.surname)) >= COMMON_SURNAME_ZIPF
    return shared or not (common and zipf_en(fold(b.surname)) >= COMMON_SURNAME_ZIPF)


def _real_given_name(name: str) -> bool:
    first = name.split()[0]
    return first in lexicon().given_names or zipf_en(fold(first)) >= REAL_GIVEN_ZIPF


def _relatives_possible(a: str, b: str, surname: str) -> bool:
    """Ivana and Ivanka Trump are mother and daughter, not one name garbled.

    Two first names that both exist, under a surname that many people share, are
    taken for two people; under a rare surname ("Blinken") for one.
    """
    if zipf_en(fold(surname)) < DISTINCTIVE_SURNAME_ZIPF:
        return False
    return _real_given_name(a) and _real_given_name(b)


def _known_surname(surname: str, index: PeopleIndex) -> KnownPerson | None:
    people = index.by_surname.get(fold(surname), ())
    return people[0] if people else None


def _majority_key(s: _Spelling, index: PeopleIndex) -> tuple:
    """Order spellings from rarer to more established: a public figure's name as the
    list writes it ("Olaf Scholz") ranks above any other, however often a garbled one
    is used."""
    return (
        any(index.exact(m) is not None for m in s.mentions),
        len(s.mentions),
        _known_surname(s.surname, index) is not None,
        zipf_en(fold(s.surname)),
        -s.mentions[0].start,
    )


def _canonical(m: NameMention, other: NameMention, index: PeopleIndex) -> KnownPerson | None:
    """The public figure both spellings point at, if the list knows them."""
    for cand in (other, m):
        person = index.exact(cand)
        if person is not None:
            return person
    for cand in (other, m):
        person = _known_surname(cand.surname, index)
        if person is None or person.given is None:
            continue
        if cand.given is not None and given_names_match(cand.given, person.given):
            return person
        if cand.given is None and zipf_en(fold(cand.surname)) < DISTINCTIVE_SURNAME_ZIPF:
            return person
    for cand in (m, other):
        matches = index.near(cand)
        if len(matches) == 1:
            return matches[0].person
    return None


@dataclass(frozen=True)
class _Difference:
    """How two spellings of one name differ: 'near' (garbled), 'variant' (accents or
    English romanisation) or 'foreign' (another language's transliteration, which
    ``foreign`` is written in)."""

    kind: str
    foreign: Transliteration | None = None


def _given_difference(a: str, b: str) -> _Difference | None:
    """How two first names of one surname differ, if they can be one person's."""
    if fold(a) == fold(b):
        return None
    whole = transliterated_given(a, b)
    if whole is not None:
        return _Difference("foreign", whole)
    if variant_spelling(a, b):
        return _Difference("variant")
    ta, tb = a.split(), b.split()
    if len(ta) != len(tb):
        return None
    kinds = set()
    foreign = None
    for x, y in zip(ta, tb, strict=True):
        if fold(x) == fold(y):
            continue
        part = transliterated_given(x, y)
        if part is not None:
            kinds.add("foreign")
            foreign = Transliteration(
                a if part.foreign == x else b, b if part.foreign == x else a, part.langs
            )
        elif variant_spelling(x, y):
            kinds.add("variant")
        elif near_miss(x, y):
            kinds.add("near")
        else:
            return None
    for kind in ("near", "foreign", "variant"):
        if kind in kinds:
            return _Difference(kind, foreign if kind == "foreign" else None)
    return None


def _given_transliteration(a: _Spelling, b: _Spelling) -> Transliteration | None:
    """A first name of one spelling that transliterates one of the other's."""
    for x in sorted(a.givens):
        for y in sorted(b.givens):
            found = transliterated_given(x.split()[0], y.split()[0])
            if found is not None:
                foreign, english = (x, y) if found.foreign == x.split()[0] else (y, x)
                return Transliteration(foreign, english, found.langs)
    return None


def _surname_transliteration(
    a: _Spelling, b: _Spelling, index: PeopleIndex
) -> Transliteration | None:
    """One surname in another language's transliteration of the other ("Vladimir
    Poutine" / "Vladimir Putin"), when something says the name is East Slavic: a shared
    East Slavic first name, or a public figure of those countries with the English
    surname. Without it, Jung / Yung would be a "German" spelling."""
    found = transliterated(a.surname, b.surname)
    if found is None:
        return None
    english = a if found.english == a.surname else b
    slavic = east_slavic_countries()
    if any(p.country in slavic for p in index.by_surname.get(fold(english.surname), ())):
        return found
    shared = [g for x in a.givens for y in b.givens if given_names_match(x, y) for g in (x, y)]
    if any(east_slavic_given(g.split()[0]) for g in shared):
        return found
    return None


def _year(ctx: DocumentContext) -> int | None:
    published = ctx.document.published
    m = _YEAR.search(published) if published else None
    return int(m.group()) if m else None


def _quote(m: NameMention, other: NameMention) -> str:
    return other.text if m.given is not None or other.given is None else other.surname


class NameDetector(Detector):
    """N301, N302 and N303 over the names of one document."""

    rules = NAME_RULES

    def preload(self, config: AuditConfig) -> None:
        preload_names()
        people_index().full_keys  # noqa: B018 (built and cached on first read)
        # Kept in the one cache folder the model and the scores use ($MTAUDIT_CACHE_DIR
        # included), nowhere with the cache off.
        lost_letter_index(cache_dir_of(config))

    def detect(self, ctx: DocumentContext) -> Iterator[Finding]:
        mentions = document_mentions(ctx)
        index = people_index()
        yield from self._spelled_two_ways(ctx, mentions, index)
        yield from self._family_name_variants(ctx, mentions, index)
        yield from self._known_misspelled(ctx, mentions, index)
        yield from self._lost_letters(ctx)

    # N301 ------------------------------------------------------------------

    def _spelled_two_ways(
        self, ctx: DocumentContext, mentions: list[NameMention], index: PeopleIndex
    ) -> Iterator[Finding]:
        spellings = _spellings(mentions)
        reported: set[tuple[int, int]] = set()
        for a, b in _comparable_pairs(sorted(spellings)):
            sa, sb = spellings[a], spellings[b]
            if not _same_person_possible(sa, sb):
                continue
            foreign = _surname_transliteration(sa, sb, index)
            if foreign is not None:
                diff = _Difference("foreign", foreign)
                # The foreign spelling is the finding, however often it is used.
                rare, usual = (sa, sb) if foreign.foreign == a else (sb, sa)
            elif near_miss(a, b):
                diff = _Difference("near")
                rare, usual = sorted((sa, sb), key=lambda s: _majority_key(s, index))
            elif variant_spelling(a, b):
                # Peskow / Peskov alone is an English variant; with "Dmitrij" for Dmitry
                # the whole name is German.
                given = _given_transliteration(sa, sb)
                rare, usual = sorted((sa, sb), key=lambda s: _majority_key(s, index))
                if given is not None and given.foreign not in rare.givens:
                    rare, usual = usual, rare
                if given is not None:
                    # The languages that also write the surname so: "Peskow" is German
                    # or Polish, "Dmitrij" German, Czech, Polish or Italian.
                    both = set(given.langs) & set(reading_langs(rare.surname, usual.surname))
                    if both:
                        given = Transliteration(given.foreign, given.english, tuple(sorted(both)))
                diff = _Difference("variant" if given is None else "foreign", given)
            else:
                continue
            for m in rare.mentions:
                if (m.start, m.end) in reported:
                    continue
                reported.add((m.start, m.end))
                n_rare = len(rare.mentions)
                yield self._two_ways_finding(ctx, m, usual, diff, index, n_rare)
        # Same surname, first name garbled: "Anthony Blinken" / "Antony Blinken".
        for spelling in spellings.values():
            by_given: dict[str, list[NameMention]] = defaultdict(list)
            for m in spelling.mentions:
                if m.given:
                    by_given[m.given].append(m)
            givens = sorted(by_given)
            for i, ga in enumerate(givens):
                for gb in givens[i + 1 :]:
                    diff = _given_difference(ga, gb)
                    if diff is None:
                        continue
                    if diff.foreign is not None:
                        # One name in two alphabets' spellings, never two relatives.
                        rare_g, usual_g = diff.foreign.foreign, diff.foreign.english
                    elif _relatives_possible(ga, gb, spelling.surname):
                        continue
                    else:
                        rare_g, usual_g = sorted(
                            (ga, gb), key=lambda g: (len(by_given[g]), -by_given[g][0].start)
                        )
                    usual = _Spelling(spelling.surname, tuple(by_given[usual_g]))
                    for m in by_given[rare_g]:
                        if (m.start, m.end) in reported:
                            continue
                        reported.add((m.start, m.end))
                        n_rare = len(by_given[rare_g])
                        yield self._two_ways_finding(ctx, m, usual, diff, index, n_rare)

    def _family_name_variants(
        self, ctx: DocumentContext, mentions: list[NameMention], index: PeopleIndex
    ) -> Iterator[Finding]:
        """ "Jinping Xi", "Xi Jin Ping" or "Xi Jinping Xi" beside "Xi Jinping"."""
        family_first = lexicon().family_first
        mentioned = {(m.start, m.end) for m in mentions}
        for v in family_name_variants(ctx.text, mentions, family_first):
            if (v.start, v.end) in mentioned and v.kind != SPLIT:
                continue  # a mention of its own, compared by surname above
            written, usual = ctx.text[v.start : v.end], v.usual.text
            person = index.exact(v.usual)
            # A syllable cut or the family name said twice comes from the source's
            # script; the order turned round from any engine.
            lang = _FAMILY_NAME_LANGS.get(person.country) if person and v.kind != REVERSED else None
            yield ctx.finding(
                SPELLED_TWO_WAYS,
                v.start,
                v.end,
                f"'{written}' {KINDS[v.kind]}; this article also writes '{usual}', "
                "as English writes it.",
                suggestion=usual,
                source_lang=lang,
                strength=STRENGTH_TWO_WAYS,
                evidence={
                    "other": {"text": usual, "start": v.usual.start, "end": v.usual.end},
                    "kind": v.kind,
                },
            )

    def _two_ways_finding(
        self,
        ctx: DocumentContext,
        m: NameMention,
        usual: _Spelling,
        diff: _Difference,
        index: PeopleIndex,
        mine: int = 1,
    ) -> Finding:
        other = usual.first
        other_text = _quote(m, other)
        count = len(usual.mentions)
        times = "once" if count == 1 else f"{count} times"
        evidence: dict[str, object] = {
            "other": {"text": other.text, "start": other.start, "end": other.end},
            "other_count": count,
            "kind": diff.kind,
        }
        if diff.foreign is not None:
            langs = diff.foreign.langs
            evidence["source_langs"] = list(langs)
            return ctx.finding(
                SPELLED_TWO_WAYS,
                m.start,
                m.end,
                f"'{m.text}' spells the name the {language_names(langs)} way; "
                f"English writes '{other_text}', as this article also does.",
                suggestion=other_text,
                source_lang=langs[0] if len(langs) == 1 else None,
                strength=STRENGTH_FOREIGN,
                evidence=evidence,
            )
        if diff.kind == "variant":
            return ctx.finding(
                SPELLED_TWO_WAYS,
                m.start,
                m.end,
                f"'{m.text}' and '{other_text}' are both used for one person in this article; "
                "an edited text keeps one spelling.",
                suggestion=other_text,
                strength=STRENGTH_VARIANT,
                severity=Severity.INFO,
                evidence=evidence,
            )
        person = _canonical(m, other, index)
        if person is not None:
            evidence["known"] = person.name
            target = person.name if m.given is not None else (person.surname or person.name)
            also = (
                "as this article also writes it"
                if target == other_text
                else f"also written '{other_text}' in this article"
            )
            message = f"'{m.text}' looks like a misspelling of '{target}', {also}."
            return ctx.finding(
                SPELLED_TWO_WAYS,
                m.start,
                m.end,
                message,
                suggestion=target,
                strength=STRENGTH_TWO_WAYS_KNOWN,
                evidence=evidence,
            )
        if mine == count:
            # Nothing says which spelling is right: say both are used.
            return ctx.finding(
                SPELLED_TWO_WAYS,
                m.start,
                m.end,
                f"'{m.text}' and '{other_text}' ({times} each) look like one person's "
                "name spelled two ways in this article.",
                suggestion=None,
                strength=STRENGTH_TWO_WAYS,
                evidence=evidence,
            )
        return ctx.finding(
            SPELLED_TWO_WAYS,
            m.start,
            m.end,
            f"'{m.text}' looks like a misspelling of '{other_text}', "
            f"as this article writes it {times}.",
            suggestion=other_text,
            strength=STRENGTH_TWO_WAYS,
            evidence=evidence,
        )

    # N302 ------------------------------------------------------------------

    def _known_misspelled(
        self, ctx: DocumentContext, mentions: list[NameMention], index: PeopleIndex
    ) -> Iterator[Finding]:
        year = _year(ctx)
        full_surnames = {fold(m.surname) for m in mentions if m.given}
        mentioned = {p.name for p in map(index.exact, mentions) if p is not None}
        for m in mentions:
            if m.evidence == "near-surname" or index.exact(m) is not None:
                continue
            if m.given is None and fold(m.surname) in full_surnames:
                continue  # the full mention carries the finding
            transliteration = _transliterated_spelling(m)
            if transliteration is not None:
                # Not a misspelling but another language's spelling: N302 says so, or
                # N301 when the article also writes the English one.
                if transliteration[0].person.name not in mentioned:
                    yield self._known_transliterated(ctx, m, *transliteration)
                continue
            finding = self._known_match(ctx, m, index, year)
            if finding is None and m.given is not None:
                finding = self._common_given(ctx, m)
            if finding is not None:
                yield finding

    def _known_transliterated(
        self, ctx: DocumentContext, m: NameMention, spelling: Spelling, langs: tuple[str, ...]
    ) -> Finding:
        """A public figure of an East Slavic country written as another language
        transliterates the name ("Vladimir Poutine", "Sergueï Lavrov"). The whole name
        reads as the listed one, so no context is asked for."""
        english = f"{spelling.given} {spelling.surname}"
        return ctx.finding(
            KNOWN_NAME_MISSPELLED,
            m.start,
            m.end,
            f"'{m.text}' spells {spelling.person.name}'s name the {language_names(langs)} way; "
            f"English writes '{english}'.",
            suggestion=english,
            source_lang=langs[0] if len(langs) == 1 else None,
            strength=STRENGTH_FOREIGN,
            evidence={
                "known": spelling.person.name,
                "kind": "foreign",
                "source_langs": list(langs),
            },
        )

    def _known_match(
        self, ctx: DocumentContext, m: NameMention, index: PeopleIndex, year: int | None
    ) -> Finding | None:
        sentence = ctx.segmentation.sentences[m.sentence] if m.sentence is not None else None
        sentence_text = sentence.text if sentence else ""
        best = None
        for match in index.near(m):
            ctx_score = context_score(
                match.person,
                m,
                ctx.text,
                sentence_text,
                year,
                surname_differs=match.surname_differs,
            )
            if ctx_score.score >= MIN_CONTEXT and (best is None or ctx_score.score > best[1].score):
                best = (match, ctx_score)
        if best is None:
            return None
        match, found = best
        person = match.person
        target = match.spelling if m.given is not None else (person.surname or person.name)
        strength = STRENGTH_KNOWN_SURNAME if match.surname_differs else STRENGTH_KNOWN_GIVEN
        strength = min(strength + 0.05 * (found.score - MIN_CONTEXT), strength + 0.1)
        return ctx.finding(
            KNOWN_NAME_MISSPELLED,
            m.start,
            m.end,
            f"'{m.text}' looks like a misspelling of '{target}' "
            f"(context: {', '.join(found.reasons)}).",
            suggestion=target,
            strength=round(strength, 3),
            evidence={
                "known": person.name,
                "context_score": found.score,
                "context": list(found.reasons),
                "differs": [
                    part
                    for part, d in (
                        ("given", match.given_differs),
                        ("surname", match.surname_differs),
                    )
                    if d
                ],
            },
        )

    def _common_given(self, ctx: DocumentContext, m: NameMention) -> Finding | None:
        assert m.given is not None
        first = m.given.split()[0]
        usual = garbled_given_name(first)
        if usual is None:
            return None
        return ctx.finding(
            KNOWN_NAME_MISSPELLED,
            m.start,
            m.start + len(first),
            f"'{first}' looks like a misspelling of the far more common first name '{usual}'.",
            suggestion=usual,
            strength=STRENGTH_COMMON_GIVEN,
            evidence={"common": usual, "zipf": zipf_en(usual.lower())},
        )

    # N303 ------------------------------------------------------------------

    def _lost_letters(self, ctx: DocumentContext) -> Iterator[Finding]:
        lex = lexicon()
        index = None
        verdicts: dict[str, LostLetter | None] = {}
        tokens = (tok for sentence in document_tokens(ctx) for tok in sentence.tokens)
        for tok in tokens:
            word = tok.text
            if len(word) < 4 or not is_capitalised(word, lex) or not word[1:].islower():
                continue  # also skips "DLan", "McDonald", "Jean-Yves": no lost letter there
            if word not in verdicts:
                if zipf_en(word.lower()) > 0:
                    verdicts[word] = None
                    continue
                index = index or lost_letter_index(cache_dir_of(ctx.config))
                verdicts[word] = index.restore(word)
            lost = verdicts[word]
            if lost is None:
                continue
            plain = lost.restored[:1] + fold(lost.restored)[1:]
            if lost.kind == "ligature":
                what = f"with the '{lost.letter}' reduced to '{lost.left}'"
                strength = STRENGTH_LIGATURE
            else:
                what = f"with the '{lost.letter}' dropped"
                strength = STRENGTH_DROPPED
            yield ctx.finding(
                LOST_LETTER,
                tok.start,
                tok.end,
                f"'{word}' looks like '{lost.restored}' {what}; English writes "
                f"'{lost.restored}' or '{plain}'.",
                suggestion=lost.restored,
                source_lang=lost.lang,
                strength=strength,
                evidence={
                    "restored": lost.restored,
                    "letter": lost.letter,
                    "kind": lost.kind,
                    "lang": lost.lang,
                    "zipf": lost.zipf,
                },
            )


class RunNameSpelling(RunDetector):
    """N310: a person spelled differently across the documents of one run.

    The spellings are told apart as N301 tells them apart in one document: a letter
    or two garbled ("Blinkin" / "Blinken"), or another language's transliteration
    ("Vladimir Poutine" / "Vladimir Putin", "Sergueï Lavrov" / "Sergei Lavrov").
    English variants (Zelensky / Zelenskyy) are left alone: sources differ on them.
    """

    rules = RUN_NAME_RULES
    reads_shared = (_SHARED_KEY,)

    def detect_run(
        self, contexts: list[DocumentContext], findings: dict[str, list[Finding]]
    ) -> Iterator[RunFinding]:
        index = people_index()
        # surname spelling -> document id -> its mentions there
        uses: dict[str, dict[str, _Spelling]] = defaultdict(dict)
        by_id = {ctx.document.id: ctx for ctx in contexts}
        for ctx in contexts:
            for surname, spelling in _spellings(document_mentions(ctx)).items():
                uses[surname][ctx.document.id] = spelling
        surnames = sorted(s for s in uses if len(fold(s)) >= 4)
        for a, b in _comparable_pairs(surnames):
            found = self._surname_pair(uses[a], uses[b], a, b, by_id, index)
            if found is not None:
                yield found
        for surname in surnames:
            if len(uses[surname]) > 1:
                yield from self._given_pairs(uses[surname], by_id, index)

    def _surname_pair(
        self,
        docs_a: dict[str, _Spelling],
        docs_b: dict[str, _Spelling],
        a: str,
        b: str,
        by_id: dict[str, DocumentContext],
        index: PeopleIndex,
    ) -> RunFinding | None:
        only_a = {d: s for d, s in docs_a.items() if d not in docs_b}
        only_b = {d: s for d, s in docs_b.items() if d not in docs_a}
        if not only_a or not only_b:
            return None
        merged_a, merged_b = _merged(a, only_a), _merged(b, only_b)
        if not any(given_names_match(x, y) for x in merged_a.givens for y in merged_b.givens):
            return None  # without a shared first name, two spellings may be two people
        foreign = _surname_transliteration(merged_a, merged_b, index)
        if foreign is None and variant_spelling(a, b):
            # Peskow / Peskov is an English variant; with "Dmitrij" for Dmitry, German.
            given = _given_transliteration(merged_a, merged_b)
            if given is not None:
                rare, usual = (a, b) if given.foreign in merged_a.givens else (b, a)
                # The languages that write both parts so, as N301 names them.
                langs = set(given.langs) & set(reading_langs(rare, usual))
                foreign = Transliteration(rare, usual, tuple(sorted(langs)) or given.langs)
        if foreign is not None:
            rare_docs, usual_docs = (only_a, only_b) if foreign.foreign == a else (only_b, only_a)
            return self._foreign_finding(rare_docs, usual_docs, foreign.langs, by_id, index)
        if not near_miss(a, b):
            return None

        def weight(name: str, docs: dict[str, _Spelling]) -> tuple:
            return (len(docs), _known_surname(name, index) is not None, zipf_en(fold(name)))

        (rare, rare_docs), (usual, usual_docs) = sorted(
            ((a, only_a), (b, only_b)), key=lambda item: weight(*item)
        )
        person = _known_surname(usual, index)
        message = (
            f"'{rare}' ({_docs(len(rare_docs))}) and '{usual}' ({_docs(len(usual_docs))}) "
            "look like one person spelled two ways across this run"
            + (f"; the usual spelling is '{person.name}'." if person else ".")
        )
        fix = person.surname if person and person.surname else usual
        return _run_finding(
            rare_docs,
            usual_docs,
            by_id,
            message,
            suggestion=fix,
            evidence={"kind": "near", "known": person.name if person else None},
        )

    def _given_pairs(
        self, docs: dict[str, _Spelling], by_id: dict[str, DocumentContext], index: PeopleIndex
    ) -> Iterator[RunFinding]:
        """One surname whose first name one document writes the way another language
        transliterates it, and another document the English way ("Sergueï Lavrov" /
        "Sergei Lavrov"). Other differences of a first name under one surname are
        left alone: across articles they are as likely two relatives as one garble."""
        surname = next(iter(docs.values())).surname
        # first name as written -> document id -> its mentions there
        by_given: dict[str, dict[str, list[NameMention]]] = defaultdict(lambda: defaultdict(list))
        for doc_id, spelling in docs.items():
            for m in spelling.mentions:
                if m.given:
                    by_given[m.given][doc_id].append(m)
        givens = sorted(by_given)
        for rare_g in givens:
            # Every English spelling it transliterates (Sergei, Sergey): one finding.
            english: dict[str, list[NameMention]] = defaultdict(list)
            langs: tuple[str, ...] = ()
            for other in givens:
                diff = _given_difference(rare_g, other) if other != rare_g else None
                if diff is None or diff.foreign is None or diff.foreign.foreign != rare_g:
                    continue
                langs = langs or diff.foreign.langs
                for doc_id, found in by_given[other].items():
                    english[doc_id].extend(found)
            rare_docs = {
                d: _Spelling(surname, tuple(ms))
                for d, ms in by_given[rare_g].items()
                if d not in english
            }
            usual_docs = {
                d: _Spelling(surname, tuple(ms))
                for d, ms in english.items()
                if d not in by_given[rare_g]
            }
            if rare_docs and usual_docs:
                yield self._foreign_finding(rare_docs, usual_docs, langs, by_id, index)

    def _foreign_finding(
        self,
        rare_docs: dict[str, _Spelling],
        usual_docs: dict[str, _Spelling],
        langs: tuple[str, ...],
        by_id: dict[str, DocumentContext],
        index: PeopleIndex,
    ) -> RunFinding:
        rare = _shown(rare_docs)
        usual = _shown(usual_docs)
        person = index.exact(_first(usual_docs))
        message = (
            f"'{rare}' ({_docs(len(rare_docs))}) spells the name the {language_names(langs)} "
            f"way; '{usual}' ({_docs(len(usual_docs))}) is how English writes it, "
            "elsewhere in this run."
        )
        return _run_finding(
            rare_docs,
            usual_docs,
            by_id,
            message,
            suggestion=usual,
            evidence={
                "kind": "foreign",
                "source_langs": list(langs),
                "known": person.name if person else None,
            },
            source_lang=langs[0] if len(langs) == 1 else None,
            strength=STRENGTH_FOREIGN,
        )


def _merged(surname: str, docs: dict[str, _Spelling]) -> _Spelling:
    """One surname's mentions in several documents, as one spelling."""
    return _Spelling(surname, tuple(m for s in docs.values() for m in s.mentions))


def _first(docs: dict[str, _Spelling]) -> NameMention:
    return next(iter(docs.values())).first


def _shown(docs: dict[str, _Spelling]) -> str:
    """The spelling of the first document's fullest mention: "Sergueï Lavrov"."""
    return _first(docs).text


def _run_finding(
    rare_docs: dict[str, _Spelling],
    usual_docs: dict[str, _Spelling],
    by_id: dict[str, DocumentContext],
    message: str,
    *,
    suggestion: str,
    evidence: dict[str, object],
    source_lang: str | None = None,
    strength: float = STRENGTH_TWO_WAYS,
) -> RunFinding:
    """The run finding: every document with the rare spelling, and the first with the
    usual one (where the suggestion is None: nothing to fix there)."""
    places: list[tuple[str, Finding]] = []
    rare_ids = set(rare_docs)
    for doc_id, spelling in [*rare_docs.items(), *list(usual_docs.items())[:1]]:
        m = spelling.first
        extra = {"source_lang": source_lang} if source_lang and doc_id in rare_ids else {}
        places.append(
            (
                doc_id,
                by_id[doc_id].finding(
                    SPELLED_DIFFERENTLY_IN_RUN,
                    m.start,
                    m.end,
                    message,
                    suggestion=suggestion if doc_id in rare_ids else None,
                    strength=strength,
                    evidence={"spelling": spelling.surname},
                    **extra,
                ),
            )
        )
    spellings: dict[str, list[str]] = defaultdict(list)
    one_surname = len({s.surname for s in (*rare_docs.values(), *usual_docs.values())}) == 1
    for doc_id, spelling in [*sorted(rare_docs.items()), *sorted(usual_docs.items())]:
        # One surname, first names that differ: each spelling named whole.
        spellings[spelling.first.text if one_surname else spelling.surname].append(doc_id)
    return RunFinding(
        code=SPELLED_DIFFERENTLY_IN_RUN.code,
        message=message,
        places=places,
        severity=SPELLED_DIFFERENTLY_IN_RUN.severity,
        evidence={"spellings": dict(spellings)} | evidence,
    )


def _transliterated_spelling(m: NameMention) -> tuple[Spelling, tuple[str, ...]] | None:
    """The listed East Slavic public figure whose name ``m`` is in another language's
    transliteration (given name, surname or both), and the languages that write it so."""
    if m.given is None:
        return None
    given = m.given.split()[0]
    table = east_slavic_spellings()
    for key in sorted(spelling_keys(m.surname)):
        for spelling in table.get(key, ()):
            pairs = ((given, spelling.given.split()[0]), (m.surname, spelling.surname))
            foreign = [
                set(foreign_langs(mine, theirs))
                for mine, theirs in pairs
                if translit_key(mine) != translit_key(theirs)
            ]
            # Every part that differs must be a transliteration, by one language.
            shared = set.intersection(*foreign) if foreign else set()
            if shared:
                return spelling, tuple(sorted(shared))
    return None


def _docs(n: int) -> str:
    return "1 document" if n == 1 else f"{n} documents"
