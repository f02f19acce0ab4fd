"""L401/L402: sentences and phrases left in the source language.

A cheap screen finds candidates, and only candidates reach langdetect (a few
milliseconds a call): a stretch in another script (Cyrillic, CJK, Arabic...)
is residue by its letters alone; a Latin-script stretch must hold several
function words of one other language ("que", "und", "della") and none of
English's, plus a lowercase content word, so names like "Charles de Gaulle"
or "Ursula von der Leyen" stay out. A quotation is judged on its own, so a
French quote inside an English sentence is a phrase, not a sentence.
Stretches shorter than ``langdetect_min_chars`` are judged on their function
words alone, since langdetect is unreliable on them.

langdetect itself is wrapped in ``audits.language_id``, which the readers use too.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from wordfreq import available_languages, zipf_frequency

from audits.config import AuditConfig
from audits.datafiles import language_name, load_toml
from audits.detectors.base import Detector, DocumentContext
from audits.detectors.cjk_punctuation import CJK_NUMBER
from audits.detectors.korean_numbers import korean_numbers
from audits.document import Finding, Sentence
from audits.language_id import detect_language
from audits.rule_docs.residue import RESIDUE_RULES, UNTRANSLATED_PHRASE, UNTRANSLATED_SENTENCE
from audits.segment import trim_span

_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*(?:-[^\W\d_]+)*")
_LETTER = re.compile(r"[^\W\d_]")
_ELISION_ANY = re.compile(r"(?<!\w)(?:qu|[ldcnjsmt])['’][^\W\d_]")
_ELISION = re.compile(r"^(?:l|d|qu|c|n|j|s|m|t)['’][^\W\d_]", re.IGNORECASE)

_SCRIPT_RANGES = {
    "greek": "\u0370-\u03ff",
    "cyrillic": "\u0400-\u052f",
    "hebrew": "\u05d0-\u05ea",
    "arabic": "\u0620-\u064a\u066e-\u06d3",
    "devanagari": "\u0900-\u097f",
    "thai": "\u0e01-\u0e3a\u0e40-\u0e4e",
    "kana": "\u3041-\u3096\u30a1-\u30fa",
    "cjk": "\u3400-\u4dbf\u4e00-\u9fff",
    "hangul": "\uac00-\ud7af",
}
_ALL_SCRIPTS = "".join(_SCRIPT_RANGES.values())
_SCRIPT_RUN = re.compile(
    rf"[{_ALL_SCRIPTS}]+(?:[\s\u3000、，。・·\-—:;,.!?«»\"“”„،؛؟]+[{_ALL_SCRIPTS}]+)*"
)
_SCRIPT_OF = [(name, re.compile(f"[{chars}]")) for name, chars in _SCRIPT_RANGES.items()]
_QUOTE = re.compile(
    r"“([^“”\n]{3,600})”|\"([^\"\n]{3,600})\"|«([^«»\n]{3,600})»|„([^„“”\n]{3,600})[“”]"
)

# A word at the edge of a foreign stretch stays in it only when it is clearly
# (this many Zipf units) more frequent in the foreign language than in English:
# "situation" is dropped, "préoccupante" kept.
_EDGE_MARGIN = 1.0

# wordfreq's names where they differ from ISO 639-1.
_WORDFREQ_CODES = {"no": "nb", "tl": "fil", "hr": "sh", "sr": "sh", "bs": "sh"}


@dataclass(frozen=True)
class _Lexicon:
    settings: dict[str, Any]
    markers: dict[str, tuple[str, ...]]
    # Markers without an apostrophe, for the screen (elisions have their own).
    marker_words: frozenset[str]
    english: frozenset[str]
    loans: tuple[str, ...]
    # Capitalised words that open a French, Spanish or Italian name ("Association").
    name_heads: frozenset[str]
    scripts: dict[str, str]
    script_letters: dict[str, frozenset[str]]
    # What follows a quotation that a writer explains: "(", or ", which means".
    gloss: re.Pattern[str]
    # ... or follows its attribution: '"Sanay na kami," said Aling Nena, a vendor,
    # meaning "We are used to it."', as Philippine, Malaysian and Kenyan papers quote,
    # or '"On est tannés," she said — "we're fed up."', as Montreal's do.
    attributed_gloss: re.Pattern[str]
    speech_verbs: frozenset[str]
    same_subject: frozenset[str]
    aside_openers: frozenset[str]
    # Nouns after a language's name that say a quotation is in it ("the Spanish phrase").
    language_nouns: tuple[str, ...]
    # Words allowed between "in" and the name ("in her native Spanish"), and words that
    # may follow it ("in Spanish, saying"); see residue.toml.
    language_modifiers: tuple[str, ...]
    language_enders: tuple[str, ...]


@cache
def _lexicon() -> _Lexicon:
    data = load_toml("residue.toml")
    english = frozenset(w.casefold() for w in data["english"]["function_words"])
    markers: dict[str, list[str]] = {}
    for lang, words in data["markers"].items():
        for word in words:
            w = word.casefold()
            if w not in english:
                markers.setdefault(w, []).append(lang)
    return _Lexicon(
        settings=data["settings"],
        markers={w: tuple(langs) for w, langs in markers.items()},
        marker_words=frozenset(w for w in markers if "'" not in w),
        english=english,
        loans=tuple(p.casefold() for p in data["loans"]["phrases"]),
        name_heads=frozenset(w.casefold() for w in data["name_heads"]["words"]),
        scripts=dict(data["scripts"]),
        script_letters={k: frozenset(v) for k, v in data["script_letters"].items()},
        gloss=_gloss_pattern(data["gloss"]["after"]),
        attributed_gloss=_attributed_gloss_pattern(data["gloss"]["after"]),
        speech_verbs=frozenset(data["gloss"]["speech_verbs"]),
        same_subject=frozenset(data["gloss"]["same_subject"]),
        aside_openers=frozenset(data["gloss"]["aside_openers"]),
        language_nouns=tuple(data["gloss"]["language_nouns"]),
        language_modifiers=tuple(data["gloss"]["language_modifiers"]),
        language_enders=tuple(data["gloss"]["language_enders"]),
    )


def _gloss_words(phrases: list[str]) -> str:
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in sorted(phrases, key=len)[::-1])


def _gloss_pattern(phrases: list[str]) -> re.Pattern[str]:
    words = _gloss_words(phrases)
    return re.compile(rf"[\s\"”’'»“]*(?:\(|[,;:\-–—]?\s*(?:{words})\b)", re.IGNORECASE)


def _glossed_after_attribution(lex: _Lexicon, rest: str, lang: str) -> bool:
    """Whether ``rest``, what follows a quotation in ``lang`` in its sentence, attributes
    it and then translates it: the words after the attribution read as English, not as
    a second quotation in the first one's language; a bracket holds the translation,
    not an aside about the speaker; and no second speaker's words stand there."""
    m = lex.attributed_gloss.match(rest)
    if not m:
        return False
    opener = rest[m.start("opener") : m.start("gloss")]
    labelled = _LABELLED_TRANSLATION.match(rest, m.start("gloss"))
    if opener.strip() == "(" and labelled:
        # "(in English: "...")" says what it holds, if what it holds is English.
        words = _TOKEN.findall(labelled.group("text"))
        return _reads_as_english(lex, words, lang) and not _another_speaker(
            lex, rest[: m.start("opener")]
        )
    words = _TOKEN.findall(m.group("gloss"))
    if not _reads_as_english(lex, words, lang):
        return False
    if opener.strip() == "(" and words and words[0].casefold() in lex.aside_openers:
        return False
    return not _another_speaker(lex, rest[: m.start("opener")])


def _names_language(around: str, lang: str) -> bool:
    """Whether the rest of a sentence says its quotation is in ``lang``: 'addressed the
    judge in Spanish, saying "con todo respeto"', 'the French phrase "...". A writer
    telling the reader which language a quotation is in quotes it on purpose; a
    pipeline's leftover from the source does not come with its language named."""
    pattern = _language_named(lang)
    return pattern is not None and bool(pattern.search(around))


@cache
def _language_named(lang: str) -> re.Pattern[str] | None:
    name = re.escape(language_name(lang, default=""))
    if not name:
        return None
    lex = _lexicon()

    def alternatives(words: tuple[str, ...]) -> str:
        return "|".join(re.escape(w) for w in words)

    enders = alternatives(tuple(w for w in lex.language_enders if w != "and"))
    # "in Spanish and said" names it; "in Spanish and Catalan towns" is an adjective.
    and_ender = r"|and\b(?!\s+[A-Z])" if "and" in lex.language_enders else ""
    # Case is ignored only in the words around the name: the capital after "and" matters.
    return re.compile(
        rf"\b(?i:in)\s+(?:(?i:{alternatives(lex.language_modifiers)})\s+){{0,2}}{name}"
        rf"(?=\s*(?:[^\w\s\-\u2010]|$)|\s+(?:(?i:{enders})\b{and_ender}))"
        rf"|\b{name}\s+(?i:{alternatives(lex.language_nouns)})\b"
    )


def _reads_as_english(lex: _Lexicon, words: list[str], lang: str) -> bool:
    """Whether ``words`` read as English rather than as ``lang``: English function words
    are at least twice the other languages' markers, and by word frequency the words are
    not mostly ``lang``'s. The markers hold no English word, so "on", "a", "me", "no"
    and "was" count as English; the frequency test is what tells "on a tout perdu dans
    le feu" from English."""
    folded = [w.casefold().replace("’", "'") for w in words]
    english = sum(1 for w in folded if w in lex.english and w not in lex.markers)
    foreign = sum(1 for w in folded if w in lex.markers and w not in lex.english)
    if english == 0 or english < 2 * foreign:
        return False
    code = _wordfreq_code(lang)
    return code is None or not mostly_foreign(folded, [code])


def _another_speaker(lex: _Lexicon, attribution: str) -> bool:
    """Whether an attribution names a second speech with a subject of its own ("the
    protesters chanted, and the mayor replied:"): what follows is that speaker's."""
    words = [w.casefold() for w in _TOKEN.findall(attribution)]
    verbs = [i for i, w in enumerate(words) if w in lex.speech_verbs]
    return any(i > 0 and words[i - 1] not in lex.same_subject for i in verbs[1:])


# A bracket that names its content a translation before quoting it.
_LABELLED_TRANSLATION = re.compile(
    r"(?:in\s+english|in\s+translation|translated|translation)\b[\s,:]*[\"“‘']"
    r"(?P<text>[^\"”)\n]+)",
    re.IGNORECASE,
)

# How long an attribution between a quotation and its gloss may run.
_ATTRIBUTION_CHARS = 80


def _attributed_gloss_pattern(phrases: list[str]) -> re.Pattern[str]:
    """A gloss after a short attribution with no quotation of its own ("said Aling Nena,
    a 58-year-old vendor,"), opening the translation in quotes or brackets: after a gloss
    word ("meaning"), a dash or a colon, "in English" with the quotation right after it
    or after a clause that says what something is ("adding in English that the event is",
    as Montreal's papers write), or at once ("she said (we're fed up)"). A clause with a
    verb of its own before the quotes ("adding in English that the strike would continue
    until the government "backs down"") quotes something else. The group ``gloss`` is
    where the translation starts."""
    return re.compile(
        rf"[\s\"”’'»]*[,;:\-–—]?[^\"“”«»()]{{1,{_ATTRIBUTION_CHARS}}}?"
        rf"(?:[,;:\-–—]\s*(?:{_gloss_words(phrases)})\b[\s,:]*|\s*[\-–—:]\s*|\s*(?=\()"
        r"|[,;:\-–—]\s*[^\"“”«»()\n]{0,40}?\bin\s+english\b(?:\s*[,:]?\s*"
        r"|\s+that\s+(?:[\w'’-]+\s+){0,3}?(?:is|was|are|were|(?:would|will|can|could|must"
        r"|may|might|should)\s+be|means|meant)\s+"
        r"|\s+that\s+(?:[\w'’-]+\s+){1,3}?(?=[\"“‘']\s*(?:can|could|will|would|must|may|might"
        r"|should|is|are|was|were)\b)))"
        r"(?P<opener>[\"“‘'(]\s*[\"“‘']?)(?P<gloss>[^\"”)\n]+)",
        re.IGNORECASE,
    )


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    text: str
    kind: str  # "E" English function word, "M" foreign marker, "N" name, "C" content
    langs: tuple[str, ...] = ()


class LanguageResidue(Detector):
    rules = RESIDUE_RULES

    def preload(self, config: AuditConfig) -> None:
        # langdetect's profiles (0.7 s) and other languages' word frequencies stay on
        # demand: the dev set's 682 documents asked langdetect twice.
        _lexicon()
        wordfreq_languages()

    def detect(self, ctx: DocumentContext) -> Iterable[Finding]:
        lex = _lexicon()
        for sentence in ctx.segmentation.sentences:
            # The screen: most English sentences are ASCII and hold no marker
            # word, and then nothing below runs for them.
            text = sentence.text
            has_marker = not lex.marker_words.isdisjoint(_TOKEN.findall(text)) or bool(
                ("'" in text or "’" in text) and _ELISION_ANY.search(text)
            )
            if has_marker or not text.isascii():
                yield from _sentence_residue(ctx, lex, sentence, has_marker)


def _letters(text: str) -> int:
    return len(_LETTER.findall(text))


def _sentence_residue(
    ctx: DocumentContext, lex: _Lexicon, sentence: Sentence, has_marker: bool
) -> Iterator[Finding]:
    text = ctx.text
    letters = _letters(sentence.text) or 1
    share = lex.settings["sentence_share"]
    taken: list[tuple[int, int]] = []

    for finding in _script_runs(ctx, lex, sentence, letters):
        taken.append((finding.start, finding.end))
        yield finding
    if not has_marker:
        return
    tokens = _tokens(lex, sentence)
    if not any(t.kind == "M" for t in tokens):
        return

    for m in _QUOTE.finditer(sentence.text):
        group = next(i for i in range(1, 5) if m.group(i) is not None)
        start, end = trim_span(text, sentence.start + m.start(group), sentence.start + m.end(group))
        inner = [t for t in tokens if start <= t.start and t.end <= end]
        lang = _foreign_stretch(lex, text[start:end], start, inner, whole=True)
        if lang is None:
            continue
        taken.append((start, end))
        whole = _letters(text[start:end]) >= share * letters
        # A quotation followed by its translation in brackets is a translator's gloss.
        rest = text[sentence.start + m.end() : sentence.end]
        gloss = bool(lex.gloss.match(rest)) or _glossed_after_attribution(lex, rest, lang)
        # The quotation's place keeps a quote mark: "in Spanish "..." because" names it.
        around = sentence.text[: m.start()] + ' " ' + sentence.text[m.end() :]
        named = not gloss and _names_language(around, lang)
        yield _finding(
            ctx, lex, start, end, lang, sentence=whole, quoted=True, gloss=gloss, named=named
        )

    outside = [t for t in tokens if not _inside(t.start, t.end, taken)]
    # Loans go before the stretches are cut: trimming the capital off "Honi soit qui mal
    # y pense" left "soit qui mal y pense", which no loan matched.
    outside = _without_loans(lex, sentence.text, sentence.start, outside)
    if taken and _letters(" ".join(t.text for t in outside)) < (1 - share) * letters:
        return
    lang = None
    if not taken:
        lang = _foreign_stretch(lex, sentence.text, sentence.start, outside, whole=True)
    if lang is not None:
        yield _finding(ctx, lex, sentence.start, sentence.end, lang, sentence=True, quoted=False)
        return
    for segment in _segments(outside):
        trimmed = _trim(lex, segment)
        if not trimmed:
            continue
        start, end = trimmed[0].start, trimmed[-1].end
        lang = _foreign_stretch(lex, text[start:end], start, trimmed, whole=False)
        if lang is None:
            continue
        whole = (
            _letters(text[start:end]) >= share * letters and _foreign_share(outside, lang) >= share
        )
        yield _finding(ctx, lex, start, end, lang, sentence=whole, quoted=False)


def _tokens(lex: _Lexicon, sentence: Sentence) -> list[_Token]:
    out: list[_Token] = []
    for i, m in enumerate(_TOKEN.finditer(sentence.text)):
        word = m.group(0)
        low = word.casefold().replace("’", "'")
        start, end = sentence.start + m.start(), sentence.start + m.end()
        capital = word[0].isupper()
        if capital and i > 0:
            kind, langs = "N", ()  # a name ("Le Pen", "Los Angeles") says nothing
        elif low in lex.english:
            kind, langs = "E", ()
        elif low in lex.markers:
            kind, langs = "M", lex.markers[low]
        elif _ELISION.match(low):
            kind, langs = "M", ("fr", "it") if low[:2] in ("l'", "d'") else ("fr",)
        else:
            kind, langs = "C", ()
        out.append(_Token(start, end, word, kind, langs))
    return out


def _segments(tokens: list[_Token]) -> list[list[_Token]]:
    """Stretches of tokens without an English function word between them."""
    out: list[list[_Token]] = [[]]
    previous_end = None
    for token in tokens:
        gap_breaks = previous_end is not None and token.start - previous_end > 3
        if token.kind == "E" or gap_breaks:
            if out[-1]:
                out.append([])
            if token.kind == "E":
                previous_end = None
                continue
        out[-1].append(token)
        previous_end = token.end
    return [s for s in out if s]


def _marker_lang(tokens: list[_Token]) -> tuple[str | None, int]:
    votes: Counter[str] = Counter()
    for t in tokens:
        if t.kind == "M":
            for lang in t.langs:
                votes[lang] += 1
    if not votes:
        return None, 0
    (lang, n), *rest = votes.most_common()
    if rest and rest[0][1] == n:
        return None, n  # "de la" is French and Spanish alike: let langdetect decide
    return lang, n


def _trim(lex: _Lexicon, segment: list[_Token]) -> list[_Token]:
    """Drop names and English-looking words from the ends of a foreign-looking stretch."""
    lang, n = _marker_lang(segment)
    if n < lex.settings["min_markers"]:
        return []
    probe = lang or next((t.langs[0] for t in segment if t.kind == "M"), "fr")

    def english_edge(t: _Token) -> bool:
        if t.kind == "N":
            return True
        if t.kind != "C":
            return False
        word = t.text.casefold()
        return zipf_frequency(word, "en") + _EDGE_MARGIN >= zipf_frequency(word, probe)

    lo, hi = 0, len(segment)
    while lo < hi and english_edge(segment[lo]):
        lo += 1
    while hi > lo and english_edge(segment[hi - 1]):
        hi -= 1
    if hi > lo and segment[hi - 1].kind == "M":
        return []  # "the rue de la Paix": the words lead into a name, not a phrase
    if 0 < lo < hi and _opens_a_name(lex, segment[lo - 1]):
        return []  # "the Association des usagers du transport collectif": one name
    return segment[lo:hi]


def _opens_a_name(lex: _Lexicon, token: _Token) -> bool:
    return token.text[:1].isupper() and token.text.casefold() in lex.name_heads


def _foreign_stretch(
    lex: _Lexicon, text: str, offset: int, tokens: list[_Token], whole: bool
) -> str | None:
    """The language of ``text`` (at ``offset`` in the document) when it is not English."""
    st = lex.settings
    tokens = _without_loans(lex, text, offset, tokens)
    if len(tokens) < st["min_tokens"]:
        return None
    lang, markers = _marker_lang(tokens)
    english = sum(1 for t in tokens if t.kind == "E")
    content = [t.text.casefold() for t in tokens if t.kind == "C"]
    if english * 3 > markers:
        return None
    if markers >= st["min_markers"] and len(content) >= st["min_content_words"]:
        min_prob = st["langdetect_min_prob"]
    elif whole and markers and english == 0 and len(tokens) >= st["bare_min_tokens"]:
        # Some languages write whole sentences with few function words ("Die
        # Bundesregierung hat neue Maßnahmen beschlossen"): a long sentence with
        # a marker and no English at all is worth asking langdetect about.
        min_prob = st["bare_min_prob"]
    else:
        return None
    if len(text.strip()) >= st["langdetect_min_chars"] or lang is None:
        guess = detect_language(text)
        if guess is None or guess[0] == "en" or guess[1] < min_prob:
            return None
        lang = guess[0]
    if whole:
        return lang if _foreign_share(tokens, lang) >= st["sentence_share"] else None
    return lang if _content_is_foreign(content, lang) else None


def reads_foreign(word: str, code: str, margin: float = 0.0) -> bool:
    """Whether ``word`` is more frequent (by more than ``margin`` Zipf units) in
    wordfreq's language ``code`` than in English."""
    return zipf_frequency(word, code) > zipf_frequency(word, "en") + margin


# Enough words to tell a stretch's language; a hostile page of long quotes stays cheap.
_WORDS_TO_TELL = 12
# A word reads as foreign when it is this many Zipf units more frequent in the other
# language: "provocation" and "a" are shared with French and Portuguese, "sur" is not,
# and "Bundestag" is a name in English too, where "der" and "hat" are German.
_FOREIGN_MARGIN = 1.0


def mostly_foreign(stretch_words: Sequence[str], langs: Iterable[str]) -> bool:
    """Whether at least half of the first words of a stretch read as one of ``langs``
    rather than as English, by word frequency (never, for languages wordfreq lacks)."""
    read = [w.casefold() for w in stretch_words[:_WORDS_TO_TELL]]
    checkable = [lang for lang in langs if lang in wordfreq_languages()]
    if not read or not checkable:
        return False
    foreign = sum(any(reads_foreign(w, lang, _FOREIGN_MARGIN) for lang in checkable) for w in read)
    return foreign * 2 >= len(read)


def _wordfreq_code(lang: str) -> str | None:
    """wordfreq's name for ``lang``, or None when it has no word list for it."""
    code = _WORDFREQ_CODES.get(lang, lang)
    return code if code in wordfreq_languages() else None


def _foreign_share(tokens: list[_Token], lang: str) -> float:
    """Share of the letters of a stretch (names left out) that read as ``lang``.

    "The café serves pain au chocolat et croissants every morning" is two
    thirds French by letters, not an untranslated sentence.
    """
    code = _wordfreq_code(lang)
    foreign = english = 0
    for t in tokens:
        if t.kind == "N":
            continue
        word = t.text.casefold()
        is_foreign = t.kind == "M" or (
            t.kind == "C" and (code is None or reads_foreign(word, code))
        )
        if is_foreign:
            foreign += len(word)
        else:
            english += len(word)
    return foreign / (foreign + english) if foreign + english else 0.0


def _without_loans(lex: _Lexicon, text: str, offset: int, tokens: list[_Token]) -> list[_Token]:
    """Tokens of ``text`` outside loan phrases such as "de facto" or "c'est la vie"."""
    folded = text.casefold().replace("’", "'")
    spans = []
    for loan in lex.loans:
        at = folded.find(loan)
        while at >= 0:
            spans.append((offset + at, offset + at + len(loan)))
            at = folded.find(loan, at + 1)
    if not spans:
        return tokens
    return [t for t in tokens if not _inside(t.start, t.end, spans)]


def _content_is_foreign(content: list[str], lang: str) -> bool:
    """Whether the content words read as ``lang`` rather than English (by word frequency).

    "club", "signed" and "captain" around a "de la" are English; "préoccupante"
    and "inacceptable" are French.
    """
    code = _wordfreq_code(lang)
    if code is None:
        return True  # no frequencies to check against; the markers and langdetect decide
    foreign = sum(1 for w in content if reads_foreign(w, code))
    return foreign >= 1 and foreign * 2 >= len(content)


@cache
def wordfreq_languages() -> frozenset[str]:
    return frozenset(available_languages())


def _inside(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in spans)


def _script_of(run: str) -> str:
    counts: Counter[str] = Counter()
    for name, pattern in _SCRIPT_OF:
        counts[name] = len(pattern.findall(run))
    if counts["kana"]:
        return "kana"  # Japanese mixes kana with kanji
    return counts.most_common(1)[0][0]


def _script_lang(lex: _Lexicon, script: str, run: str) -> str:
    chars = set(run)
    for lang, letters in lex.script_letters.items():
        if chars & letters:
            return lang
    if script == "cjk":
        return _han_lang(run)
    return lex.scripts[script]


def _han_lang(run: str) -> str:
    """Chinese or Japanese for a run of Han characters without kana.

    Simplified Chinese characters all sit in GB2312; Japanese kanji such as 語
    or 賀 (simplified 语, 贺) do not, but do sit in Shift_JIS. Traditional
    Chinese shares most of its characters with Japanese and reads as Japanese
    here unless a character is missing from Shift_JIS.
    """
    han = "".join(ch for ch in run if ch.isalpha())
    try:
        han.encode("gb2312")
    except UnicodeEncodeError:
        try:
            han.encode("shift_jis")
        except UnicodeEncodeError:
            return "zh"  # traditional characters outside the Japanese set
        return "ja"
    return "zh"


def _script_runs(
    ctx: DocumentContext, lex: _Lexicon, sentence: Sentence, letters: int
) -> Iterator[Finding]:
    if sentence.text.isascii():
        return
    minimum = lex.settings["min_script_letters"]
    # "22.8万亿", "3.5亿元", "10만 명": the counters of a number are T110's, not a phrase.
    numbers = [n.span() for n in CJK_NUMBER.finditer(sentence.text)]
    numbers += [(n.start, n.end) for n in korean_numbers(sentence.text)]
    for m in _SCRIPT_RUN.finditer(sentence.text):
        if _inside(m.start(), m.end(), numbers):
            continue
        run = m.group(0)
        script = _script_of(run)
        count = _letters(run)
        if count < minimum[script]:
            continue
        start, end = sentence.start + m.start(), sentence.start + m.end()
        whole = count >= lex.settings["sentence_share"] * letters
        lang = _script_lang(lex, script, run)
        before = ctx.text[max(0, start - 1) : start]
        after = ctx.text[end : end + 1]
        # A gloss either way round: the run in brackets after its English ("Xi Jinping
        # (习近平)"), or the English in brackets or words after the run, as a quotation's
        # is ('the so-called "дача" (country house)', "дача, which means a country house").
        bracketed = before in "([（" and after in ")]）"
        glossed = _script_gloss_after(lex, ctx.text, end, sentence.end)
        gloss = (bracketed or glossed) and not whole
        yield _finding(ctx, lex, start, end, lang, sentence=whole, quoted=False, gloss=gloss)


# What a gloss after a word in another script holds: a short noun phrase, "(country
# house)", "which means a country house", "(14th Five-Year Plan)", in quotes or not
# ('meaning "a country house"'). A bracket that opens with a preposition, a
# conjunction, a pronoun or a figure is an aside ("(for the third time this year)",
# "(2,000 yuan)"); a gloss word followed by a clause ("which meant that they could not
# wash") says what followed, not what the word means. A bracket right after a quoted
# title, opening with a capital, is its translation whatever word opens it ('"За
# честные выборы" (For Fair Elections)', '"Я тебя люблю" (I love you)').
_SCRIPT_GLOSS_MAX_WORDS = 6
_NOT_A_GLOSS_OPENER = frozenset(
    "for in on at to from with by since after before during until as and but or so if "
    "when while which who that this these those it he she they we i you there here see "
    "also again once now then still only even not no about around nearly almost some "
    "over up".split()
)
_CLOSING_QUOTES = "\"”’'»"


def _script_gloss_after(lex: _Lexicon, text: str, end: int, stop: int) -> bool:
    """Whether English after a script run at ``text[:end]`` translates it: brackets or a
    gloss word, then a short noun phrase, not an aside or a clause."""
    m = lex.gloss.match(text, end, stop)
    if not m:
        return False
    bracket = text[m.end() - 1] == "("
    if bracket:
        close = text.find(")", m.end(), stop)
        inside = text[m.end() : close] if close != -1 else ""
    else:
        # The gloss may open with its own quote mark ('meaning "a country house"').
        inside = text[m.end() : stop].lstrip(" ,:\"“‘'«")
        inside = re.split(r"[,;:.!?()\"“”]", inside, maxsplit=1)[0]
    words = _TOKEN.findall(inside)
    if not words or not any(ch.isalpha() for ch in inside) or _figure_aside(inside):
        return False
    titled = (
        bracket
        and words[0][0].isupper()
        and any(ch in _CLOSING_QUOTES for ch in text[end : m.end() - 1])
    )
    if words[0].casefold() in _NOT_A_GLOSS_OPENER and not titled:
        return False
    if titled and _COMMA_CLAUSE.search(inside):
        return False  # "(It was his grandmother's favourite song, he told reporters)"
    return not bracket or len(words) <= _SCRIPT_GLOSS_MAX_WORDS


# _TOKEN drops digits, so the figure is looked for in the raw words: "(2,000 yuan)",
# "(US$300)", "(roughly 2,000 yuan)", "(2 km from the station)" are asides, while an
# ordinal before a capitalised name ("(14th Five-Year Plan)") names the thing glossed.
_ORDINAL_NAME = re.compile(r"\s*\d+(?:st|nd|rd|th)\s+[A-Z]")
_COMMA_CLAUSE = re.compile(r",\s*[a-z]")


def _figure_aside(inside: str) -> bool:
    if _ORDINAL_NAME.match(inside):
        return False
    return any(re.search(r"\d", w) for w in inside.split()[:2])


def _finding(
    ctx: DocumentContext,
    lex: _Lexicon,
    start: int,
    end: int,
    lang: str,
    *,
    sentence: bool,
    quoted: bool,
    gloss: bool = False,
    named: bool = False,
) -> Finding:
    """``named``: a quotation whose sentence says which language it is in."""
    st = lex.settings
    span = ctx.text[start:end]
    script = not unicodedata.name(next((c for c in span if c.isalpha()), "a"), "").startswith(
        "LATIN"
    )
    name = language_name(lang, default="another language")
    if sentence:
        strength = st["script_sentence_strength"] if script else st["sentence_strength"]
        return ctx.finding(
            UNTRANSLATED_SENTENCE,
            start,
            end,
            f"This sentence is in {name}, left untranslated; translate it into English.",
            source_lang=lang,
            strength=strength,
            evidence={"language": lang, "script": script, "quoted": quoted},
        )
    strength = st["script_phrase_strength"] if script else st["phrase_strength"]
    if gloss or named:
        strength /= 2  # "Xi Jinping (习近平)", "„Für Frauen“ (For women)": a translator's gloss
    what = "quotation" if quoted else "phrase"
    # A glossed phrase is translated beside it: saying "left untranslated" would be wrong.
    if named:
        message = (
            f"This {what} is in {name}, as the sentence says (counted half: a writer quoting "
            "on purpose names the language, a pipeline's leftover does not)."
        )
    elif not gloss:
        message = f"This {what} is in {name}, left untranslated in an English sentence."
    elif quoted:
        message = (
            f"This {what} is in {name}, with an English gloss beside it (counted half: "
            "translation pipelines leave such words too)."
        )
    else:
        message = (
            f"This {what} is in {name}, with an English gloss beside it (not counted "
            "towards the verdict: careful human writers gloss foreign words this way)."
        )
    return ctx.finding(
        UNTRANSLATED_PHRASE,
        start,
        end,
        message,
        source_lang=lang,
        strength=strength,
        evidence={
            "language": lang,
            "script": script,
            "quoted": quoted,
            "gloss": gloss,
            "named": named,
        },
    )
