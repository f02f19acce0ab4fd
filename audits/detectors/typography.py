"""T1xx: typography of the source language left in English text.

Machine translation carries punctuation, number and quote conventions over
from the source: a French "Quoi ?" keeps its space, German „Zitat“ keeps its
low quote, "3,5 %" keeps its decimal comma. Each rule knows which languages
write that way; the settings and language lists live in
``audits/data/typography.toml``.

Every pattern is written so that honest English does not fire: emoticons
(":)"), clock times ("10:30"), ratios and scores ("3 : 1", "3-1"), Bible
verses ("John 3:16"), versions ("2.5.1"), IP addresses, dates ("April 3 410
bodies") and spaced ellipses (". . .") are left alone, and nothing inside a
URL, an e-mail address or inline code is looked at.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache, partial
from typing import Any

from audits.config import AuditConfig
from audits.datafiles import language_name, language_names, load_toml
from audits.detectors.base import Detector, DocumentContext, with_langs
from audits.detectors.cjk_punctuation import cjk_punctuation_findings
from audits.detectors.datelines import dated_findings, dateline_findings
from audits.detectors.month_names import foreign_month_dates, months
from audits.detectors.residue import mostly_foreign, wordfreq_languages
from audits.detectors.rtl_punctuation import GATE as _RTL_GATE
from audits.detectors.rtl_punctuation import rtl_punctuation_findings
from audits.document import Finding, Severity
from audits.features.tokens import words
from audits.rule_docs.typography import (
    CONTINENTAL_TIME,
    DECIMAL_COMMA,
    DOUBLED_PUNCTUATION,
    FOREIGN_ORDINAL,
    FOREIGN_QUOTES,
    INVERTED_MARKS,
    SPACE_BEFORE_PUNCTUATION,
    THOUSANDS_SEPARATOR,
    TYPOGRAPHY_RULES,
)
from audits.segment import (
    DAY_DOT_MONTH,
    DETERMINER_DOT_ORDINAL,
    MONTHS,
    SPACED_NUMERIC_DATE,
    reads_as_date,
    reads_as_ordinal,
)
from audits.thousands import MIL_CURRENCIES, WORD_AFTER, groupings, word_before

_SPACE_KINDS = {
    "\u202f": "narrow_nbsp",
    "\u00a0": "nbsp",
    "\u2009": "thin",
    " ": "space",
}
_SPACE_NAMES = {
    "narrow_nbsp": "narrow no-break space",
    "nbsp": "no-break space",
    "thin": "thin space",
    "space": "space",
}


def _code_point(space: str) -> str:
    """How a finding's evidence names the space it found, in every T rule: "U+00A0"."""
    return f"U+{ord(space):04X}"


# A space and one or more of ; : ! ? that end a word (followed by a space, a
# closing quote, or the end): ":)" and ":-(" are not matched.
_SPACE_BEFORE = re.compile(r"(?<=\S)([ \u00a0\u202f\u2009])([;:!?]+)(?=[\s\"'”’»]|$)")
_CLOSING_OK = set("\"'”’»)]")

_GUILLEMETS = re.compile(r"«([ \u00a0\u202f]?)([^«»\n]{1,400}?)([ \u00a0\u202f]?)»")
_REVERSED_GUILLEMETS = re.compile(r"»([^\s«»][^«»\n]{0,400}?)«")
_LOW9 = re.compile(r"[„‚]")
_LOW9_QUOTE = re.compile(r"([„‚])([^„‚\n]{1,400}?)([“”\"‘’'])")

# One of . ! ? , ; : then spacing then one of . , ; : — but not a spaced
# ellipsis (". . .") and not the start of a number.
_DOUBLED = re.compile(
    r"(?<![.\s\u00a0\u202f])([.!?,;:])([ \u00a0\u202f\t]+)([.,;:])(?![.\w]|[ \u00a0\u202f]+\.)"
)

_DECIMAL = re.compile(
    r"(?<![\d.,\w])(\d{1,3}(?:[.\u00a0\u202f]\d{3})*,\d{1,2})(?!\d|[.,]\d)"
    r"(?P<space>[ \u00a0\u202f]?)(?P<unit>[%‰€]|[^\W\d_][\w°²³]*|°C)?"
)

# "68 %": a whole number (or one with a decimal point) spaced from its percent sign;
# "3,5 %" is the decimal comma's, "1 000 %" the grouping's.
_SPACED_PERCENT = re.compile(
    r"(?<![\d.,])(?<!\d[ \u00a0\u202f\u2009])(\d+(?:\.\d+)?)([ \u00a0\u202f\u2009])[%‰]"
)
# Czech "mil." abbreviates millions, and a currency ("Kč", "EUR", "€", "USD") or a
# lowercase word follows its dot; a dot before any other capital or the text's end
# closes a Spanish sentence ("paid 75,9 mil.").
_MIL_DOTTED = re.compile(r"\.[ \u00a0]*(?:Kč|€|\$|(?:Sk|EUR|USD|CZK)\b|[a-zá-žа-я])")
# Spanish and Portuguese "mil" (thousands): a currency after it, or the end of a clause.
_MIL_BARE = re.compile(
    rf"(?:[ \u00a0]+(?:{MIL_CURRENCIES})\b"
    r"|[.,;:!?)]|[ \t]*$)",
    re.MULTILINE,
)
# Spanish "mil millones" and Portuguese "mil milhões", a thousand million, with the scale
# word kept or made English: "2,5 mil million" is 2.5 billion. No English "mil", the
# thousandth of an inch, stands before "million".
_MIL_MILLION = re.compile(r"[ \u00a0]+(?:millions?|millones|milh[õo]es)\b", re.IGNORECASE)
# What makes a text scientific, where the SI brochure's "68 %" is English style too:
# a plus-minus, a p-value, a unit symbol after a number.
_SCIENTIFIC = re.compile(
    r"±|\bp[ \u00a0]?[<=>≤][ \u00a0]?0?\.\d"
    r"|\d[ \u00a0]?(?:mg|µg|μg|ng|mL|µL|μL|mmol|µmol|μmol|mM|µM|μM|nm|µm|μm|kDa|°C)\b"
)

# "75.9 thousand" (one or two decimals): the continental "75,9 mil", "75,9 тыс.".
_DECIMAL_THOUSAND = re.compile(
    r"(?<![\d.,])(\d{1,3}\.\d{1,2})[ \u00a0]thousands?\b(?![-'’])", re.IGNORECASE
)

_PER_CENT_TAIL = re.compile(r"[ \u00a0]cent\b", re.IGNORECASE)

# Not a duration with its minutes marked ("runs 2 h 15 min", "1 h 32 min 10 s"): a
# French clock time has no unit after the minutes.
_TIME_H = re.compile(
    r"\b([01]?\d|2[0-3])([ \u00a0\u202f]?)[hH]([ \u00a0\u202f]?)([0-5]\d)\b"
    r"(?![ \u00a0\u202f]?(?:m|mn|min|mins|minutes?)\b)"
)
# What puts a length of time before "2h30" rather than a clock time: "the trip takes
# 2h30", "lasted 1h45", "for about 3h30" (French "dure 2h30", "pendant 3h30").
_LASTS = re.compile(
    r"\b(?:takes?|took|taking|lasts?|lasted|lasting|allow|needs?|needed|spent|spend|for|"
    r"within|in|under|over|than|duurde|duurt|duren)"
    r"(?:[ \u00a0](?:about|around|nearly|almost|roughly|some|just|only|approximately"
    r"|ongeveer|bijna))?"
    r"[ \u00a0]$",
    re.IGNORECASE,
)
_TIME_H_ALONE = re.compile(
    r"\b(?:at|from|until|till|by|around|before|after|since|to)[ \u00a0]"
    r"([01]?\d|2[0-3])([ \u00a0\u202f]?)h\b(?![\w'’]|[ \u00a0\u202f]?\d)"
)
# "h" is also the SI symbol of the hour as a length of time, which scientific English
# writes everywhere: "incubated for 2 h", "24 h", "1.5 h", "12 h post-infection", "a
# 6-h fast". A text that uses it so means "at 6 h" as time elapsed, not a clock hour.
_H_DURATION = re.compile(
    r"\b(?:for|within|over|every|each|per|than|about|approximately|approx|up to)[ \u00a0]"
    r"\d+(?:\.\d+)?[ \u00a0\u202f]?h\b"
    r"|(?<![\d.])(?:\d+\.\d+|2[4-9]|[3-9]\d|\d{3,})[ \u00a0\u202f]?h\b"
    r"|\b\d+[ \u00a0\u202f]?h[ \u00a0](?:post|later|after|before|of|apart|old)\b"
    r"|\b\d+-h\b",
    re.IGNORECASE,
)
# "at 18 hours" (French "à 18 heures", Russian "в 18 часов", Spanish "a las 18 horas"),
# optionally with the minutes after ("at 20 hours 30"); not hours elapsed ("at 18 hours
# post-infection", "at 16 hours of age") nor English's "at 1800 hours".
_AT_HOURS = re.compile(
    r"\b[Aa]t[ \u00a0](1[3-9]|2[0-3])[ \u00a0]hours\b(?:[ \u00a0]([0-5]\d)\b)?"
    r"(?![ \u00a0](?:post|after|later|before|of|old|apart|into|since|from|and|or|to|a|an|per|"
    r"each|every|weekly|daily|monthly|long|in[ \u00a0]total|total)\b|[-'’])"
)
# Spanish "a las 12:00 horas" and Portuguese "às 18:30 horas" word for word, with the
# article: "at the 12:00 hours". A bare hour is left alone: "angry at the 12 hours it
# took", "at the 24 hours of Le Mans" are English.
_AT_THE_HOURS = re.compile(
    r"\b[Aa]t[ \u00a0]the[ \u00a0]([01]?\d|2[0-3])[:.]([0-5]\d)[ \u00a0](?:hours|hrs)\b"
    r"(?![ \u00a0](?:of|mark|post|after|later|before|ago)\b|[-'’])"
)
# ... and without it, as engines often drop it: "at 14:00 hours". Only a 24-hour hour
# (13 to 23) with a colon: "at 10:00 hours" and the British "at 14.00 hours" are written
# in English too, and the military "at 1400 hours" has no colon.
_AT_CLOCK_HOURS = re.compile(
    r"\b[Aa]t[ \u00a0](1[3-9]|2[0-3]):([0-5]\d)[ \u00a0]hours\b"
    r"(?![ \u00a0](?:of|mark|post|after|later|before|ago)\b|[-'’])"
)
# A verb that puts an amount after "at": "capped at 20 hours a week", "set at 16 hours".
_AMOUNT_AT = re.compile(
    r"\b(?:capped|set|fixed|estimated|stands?|stood|limited|kept|held|pegged|put|valued|"
    r"rated|peaked|averaged|averaging|topped|maxed|priced)[ \u00a0]+$",
    re.IGNORECASE,
)
# A clock time marked with German "Uhr" ("20.15 Uhr", "18 Uhr"), Dutch "uur" ("15.00
# uur") or with "h" after its minutes ("20.15 h", "20:15 h"), as German, Austrian and
# Swiss timetables write it.
_CLOCK_MARKED = re.compile(
    r"(?<![\d.,])\b([01]?\d|2[0-3])(?:([.:])([0-5]\d))?[ \u00a0\u202f]?(Uhr|uur|h)\b(?![.,]?\d)"
)
# The word that marks a clock time: its language, and its entry in [continental_time].
_CLOCK_WORDS = {"Uhr": ("German", "uhr_langs"), "uur": ("Dutch", "uur_langs")}
# With the Dutch words that lead a clock time ("om 18 uur", "van 9 tot 17 uur").
_CLOCK_LEAD = re.compile(
    r"\b(?:at|from|until|till|by|around|before|after|since|to|between|and"
    r"|om|van|vanaf|tot|tussen)[ \u00a0]$",
    re.IGNORECASE,
)
# Dutch "uur" is also the word for a length of time ("2 uur", two hours), so it marks a
# clock time only in a clock's shape ("15.00 uur") or after a word that leads one in
# (_CLOCK_LEAD: "at 18 uur", "om 18 uur"), never after one that leads a length of time
# (_LASTS: "lasted 2 uur", "for 3 uur"). Beside _LASTS, these lead a length of time in
# hours and a clock time with other marks: "every 2 uur", "after 2.30 uur".
_UUR_ELAPSED = re.compile(
    r"\b(?:every|each|per|after|about|some|nearly|almost|na|elke|ongeveer)[ \u00a0]+$",
    re.IGNORECASE,
)
# "to", "and" or a dash lead a clock only as a range's second end, whose first end
# tells: "from 9 to 17 uur" is a clock, "for 2 to 3 uur" a length of time.
_UUR_RANGE_TAIL = re.compile(
    r"(?<![\d.])\d\d?(?:[.:][0-5]\d)?(?P<unit>[ \u00a0]+uur)?"
    r"(?:[ \u00a0]+(?:to|tot|until|till|and|en)[ \u00a0]+|[ \u00a0]*[-\u2013\u2014][ \u00a0]*)$",
    re.IGNORECASE,
)
_RANGE_WORDS = frozenset({"to", "and", "tot", "en"})
# A length of time named around a clock-shaped "2.30 uur": "2.30 uur long", "the
# ferry trip is 1.45 uur".
_UUR_LONG_AFTER = re.compile(r"[ \u00a0]+(?:long|lang)\b", re.IGNORECASE)
# Not "of": "the flight of 14.30 uur" is Dutch "de vlucht van 14.30 uur", the 14:30
# flight. "was" tells when as readily as how long: a length of time only in small hours
# ("the hike was 2.30 uur"), not "the crossing was 20.00 uur".
_UUR_TRIP_BEFORE = re.compile(
    r"\b(?:trip|journey|ride|flight|drive|walk|hike|crossing|duration)[ \u00a0]+"
    r"(?P<verb>is|was)[ \u00a0]+$",
    re.IGNORECASE,
)
# "lasts from 2 to 3 uur" (Dutch "duurt 2 tot 3 uur"): a range of small whole hours
# after a length of time's word and "from", "uur" said once, is a length of time; "lasts
# from 9 to 17 uur" gives opening hours. With "uur" at both ends the range is two clock
# times, as Dutch "van 5 uur tot 6 uur" is 5:00 to 6:00, both ends read with the first's
# lead ("from"). The cut-off is a guess: "lasts from 6 to 7 uur" is read as clocks.
# "lasted between 2 and 3 uur" (Dutch "duurde tussen 2 en 3 uur") is the same range.
_FROM = re.compile(r"\b(?:from|van|vanaf|between|tussen)[ \u00a0]+$", re.IGNORECASE)
_BETWEEN = {"between", "tussen"}
_SMALL_RANGE_END = 6
# "18 o'clock" (an hour past twelve) or "19.15 o'clock" (any time with minutes).
_OCLOCK = re.compile(
    r"\b(?:([01]?\d|2[0-4])[.:]([0-5]\d)|(1[3-9]|2[0-4]))[ \u00a0]?o['’]clock\b", re.IGNORECASE
)

_INDICATOR_ORDINAL = re.compile(r"\b(\d{1,4})\.?([ºª])")
# The numero sign of French ("n° 5", a degree sign), of Spanish, Portuguese and
# Italian ("nº 5", an ordinal indicator) and of Russian and Ukrainian ("№ 5"): English
# writes "No. 5".
# Portuguese dots it too ("n.º 5", "N.º 12").
_NUMERO = re.compile(r"(?:\b([nN])\.?([°º])|(№))[ \u00a0]?(?=\d)")
_ROMAN_ORDINAL = re.compile(
    r"\b([IVXL]{1,6})(e|ème|er)[ \u00a0](century|centuries|siècle|arrondissement|district)\b"
)

# A date in numbers with dots and no spaces ("15.03.2024", "1.4.2022"), as German,
# Russian, Czech or Polish write it; English writes "15 March 2024" or "15/03/2024".
_DOTTED_DATE = re.compile(
    r"(?<![\d.,:/\-–\w])(0?[1-9]|[12]\d|3[01])\.(0?[1-9]|1[0-2])\.((?:19|20)\d\d)\b"
    r"(?![.,]?\d)"
)
# ... and a day and month alone, closed by the ordinal dot ("until 31.3. for all"),
# only after a word that puts a date after it ("see section 3.1." is a heading's number)
# and where the sentence goes on after it: "inflation rose to 2.5." ends one.
_DOTTED_DAY_MONTH = re.compile(
    r"\b(?:since|on|from|until|till|before|after|between|by|dated|effective|to|and)"
    r"[ \u00a0](0?[1-9]|[12]\d|3[01])\.(0?[1-9]|1[0-2])\.(?=,|[ \u00a0]+[a-z])"
)
# ... or without the closing dot ("on 10.03, according to", Russian "10.03" with no
# year), only after "on" or "dated", with a two-digit month, and where the clause goes
# on: after "until" or "from", "10.30" is a British clock time, and "on 10.03 points" a
# number.
_ON_DAY_MONTH = re.compile(
    r"\b(?:on|dated)[ \u00a0](0?[1-9]|[12]\d|3[01])\.(0[1-9]|1[0-2])"
    r"(?=[,;)]|[ \u00a0]+(?:at|in|and|the|when|with|after|before|by|to|from|a|an|he|she|"
    r"they|it|we|this|that|was|were|is|are)\b)"
)
# Spanish and Portuguese "1 de enero de 2024" word for word: "1 of January of 2024". Not a
# count of a month's things ("3 of May's goals").
_DAY_OF_MONTH = re.compile(
    r"(?<![\d.,])\b([1-9]|[12]\d|3[01])[ \u00a0]of[ \u00a0]("
    + "|".join(month.capitalize() for month in MONTHS)
    + r")\b(?!['’]|[ \u00a0]+[A-Z][a-z])(?:[ \u00a0](?:of|del)[ \u00a0]((?:1[89]|20)\d\d)\b)?"
)
# "Day 3 of March", "Part 2 of August ...": a numbered part of something, not a date.
_NUMBERED_PARTS = frozenset(
    "day days game games week weeks part parts chapter chapters book books episode "
    "episodes round rounds stage stages leg legs volume issue no number".split()
)
_ORDINAL_SUFFIX = {1: "st", 2: "nd", 3: "rd"}
# The next panel of a figure after "2e": "2e,f", "2e-g", "2e and 2f".
_PANEL_SIBLING = re.compile(
    r"(?:[ \u00a0]?[,–-][ \u00a0]?[a-z]\b|[ \u00a0](?:and|or|to)[ \u00a0](?P<number>\d+)[a-z]\b)"
)
# The ordinals listed before "4e" in "the 1er, 2e, 3e and 4e arrondissements": the
# list's first item says what they all are.
_ORDINAL_LIST_BEFORE = re.compile(
    r"(?:\d{1,4}(?:er|re|e|ème)[ \u00a0]*(?:,|and|or|et|&)[ \u00a0]*)+$"
)

# A quotation closed by a comma, "!" or "?" (inside or outside the closing quote), then a
# dash and the words that attribute it: '"We will not give up," - the department noted'.
_SPEECH_DASH = re.compile(r"(?:[,!?][\"”»]|[\"”»],)[ \u00a0]?([-–—])[ \u00a0]?(?=[^\W\d_])")
# How many words after the dash the attributing verb may stand ("- said the minister",
# "- the head of the regional department noted").
_SPEECH_VERB_REACH = 7
# What opens the speaker's name before the verb ("- the department noted", "- his
# spokesman said", "- he added"): a determiner, a possessive or a pronoun; a capital
# opens a name or a title ("- Peskov stressed", "- Deputy Minister Ivanov said").
_SPEAKER_OPENERS = frozenset(
    "the a an his her their its our my your this these those he she they we i it "
    "one another".split()
)
# The impersonal attributions of Russian and Ukrainian ("говорится", "отмечается")
# rendered word for word: "- it is said in the statement", "- it was noted".
_IMPERSONAL = (["it", "is"], ["it", "was"], ["as", "it", "is"], ["as", "it", "was"])
# Words that make the run before the verb a clause of English narration rather than a
# speaker's name: '"Get out!" - that was all she said', '- and then he said'.
_NARRATION = frozenset(
    "that which what who whom whose all and but or so then when while as if because "
    "was were is are be been being had has have did do does not never only just "
    "there here how why where".split()
)

_INVERTED = re.compile(r"([¿¡])([^¿¡?!\n]{0,300}[?!])?")

# Cheap scans that say whether a finder can find anything at all.
_SPACE_GATE = re.compile(r"[ \u00a0\u202f\u2009][;:!?]")
_DOUBLED_GATE = re.compile(r"[.!?,;:][ \u00a0\u202f\t]+[.,;:]")
_NUMBER_GATE = re.compile(
    r"\d(?:,\d|[ \u00a0\u202f\u2009]\d{3}|\.\d{3}|[ \u00a0\u202f]?[hH]\b"
    r"|[ \u00a0\u202f]?[hH][ \u00a0\u202f]?\d|[eè]|re\b|nde\b|\.[ \u00a0][A-Za-z]|\.?[ºª]"
    r"|[ \u00a0]?[oO]['’][cC]lock|[ \u00a0]hours\b|[ \u00a0]?(?:Uhr|uur)\b"
    r"|[ \u00a0\u202f\u2009][%‰]"
    r"|[ \u00a0]of[ \u00a0][JFMASOND][a-z]{2}|[ \u00a0](?i:thousand))"
    r"|(?:[nN]\.?[°º]|№)[ \u00a0]?\d|\b(?:on|dated)[ \u00a0]\d\d?\.[01]\d\b"
)
_ROMAN_CONTEXT = ("century", "centuries", "siècle", "arrondissement", "district")

# Spans no rule looks inside: URLs, e-mail addresses, inline and fenced code.
_PROTECTED = re.compile(
    r"```.*?```|`[^`\n]+`|\b(?:https?|ftp)://\S+|\bwww\.\S+|[\w.+-]+@[\w-]+\.[\w.]+",
    re.DOTALL,
)


@dataclass(frozen=True)
class _Settings:
    data: dict[str, Any]
    units: frozenset[str]
    decimal_currency: tuple[str, ...]
    french_ordinal: re.Pattern[str]
    french_kept_before: frozenset[str]
    navigation: frozenset[str]
    french_e_after: frozenset[str]
    arrondissement_cities: frozenset[str]
    degree_words: frozenset[str]
    indian_english: re.Pattern[str]
    indian_names: re.Pattern[str]
    decimal_thousand_kept_before: frozenset[str]
    south_african: re.Pattern[str]
    speech_verbs: frozenset[str]


@cache
def _settings() -> _Settings:
    data = load_toml("typography.toml")
    dec = data["decimal_comma"]
    suffixes = sorted(data["ordinals"]["french_suffixes"], key=len, reverse=True)
    french = re.compile(
        r"(?<![\w.,#-])(\d{1,4})(" + "|".join(map(re.escape, suffixes)) + r")\b(?![-+]?\d|['’]\w)"
    )
    return _Settings(
        data=data,
        units=frozenset(u.casefold() for u in dec["units"]),
        decimal_currency=tuple(c.casefold() for c in dec["currency_before"]),
        french_ordinal=french,
        french_kept_before=frozenset(w.casefold() for w in data["ordinals"]["french_kept_before"]),
        navigation=frozenset(w.casefold() for w in data["quotes"]["navigation"]),
        french_e_after=frozenset(w.casefold() for w in data["ordinals"]["french_e_after"]),
        arrondissement_cities=frozenset(data["ordinals"]["arrondissement_cities"]),
        degree_words=frozenset(w.casefold() for w in data["ordinals"]["degree_words"]),
        indian_english=_any_word(data["ordinals"]["dotted_date_english_markers"]),
        indian_names=_any_word(data["ordinals"]["indian_english_names"]),
        decimal_thousand_kept_before=frozenset(
            w.casefold() for w in dec["decimal_thousand_kept_before"]
        ),
        south_african=_any_word(data["continental_time"]["south_african_markers"]),
        speech_verbs=frozenset(data["quotes"]["speech_verbs"]),
    )


def _any_word(marks: list[str]) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(map(re.escape, marks)) + r")\b")


class Typography(Detector):
    """The T rules, one pass of a few regular expressions over the document."""

    rules = TYPOGRAPHY_RULES

    def preload(self, config: AuditConfig) -> None:
        _settings()
        wordfreq_languages()

    def detect(self, ctx: DocumentContext) -> Iterable[Finding]:
        text = ctx.text
        settings = _settings()
        protected = []
        if any(marker in text for marker in ("://", "www.", "@", "`")):
            protected = [m.span() for m in _PROTECTED.finditer(text)]
        # Cheap scans first: most documents hold none of these marks or number
        # shapes, and then the finders' full patterns never run.
        finders = []
        if _SPACE_GATE.search(text):
            finders.append(_space_before)
        if any(mark in text for mark in "«»„‚"):
            finders.append(_quotes)
        if any(mark in text for mark in "-–—"):
            finders.append(_speech_dash)
        if _DOUBLED_GATE.search(text):
            finders.append(_doubled)
        if _NUMBER_GATE.search(text):
            finders.extend(
                (_decimal_comma, _decimal_thousand, _spaced_percent, _thousands, _times, _ordinals)
            )
        elif any(word in text for word in _ROMAN_CONTEXT):
            finders.append(_ordinals)
        finders.append(_foreign_months)
        if "¿" in text or "¡" in text:
            finders.append(_inverted)
        if "." in text[:_DATELINE_HEAD]:
            finders.append(_datelines)
        if _CJK_GATE.search(text):
            finders.append(_cjk_punctuation)
        if _RTL_GATE.search(text):
            finders.append(_rtl_punctuation)
        found = [
            finding
            for finder in finders
            for finding in finder(ctx, settings)
            if not _inside(finding.start, finding.end, protected)
        ]
        # South African English writes clock times "06h00" and "14h30", a decimal comma
        # ("R2,5 billion", "8,25%") and thousands grouped with spaces ("4 500 MW"), as
        # its government and press do: in a text that reads as South African, these
        # count only beside another mark of a source's typography (guillemets, "3,5 %").
        south_african = partial(_south_african_style, text=text)
        if any(map(south_african, found)) and _south_african(text, settings):
            found = _only_beside_a_mark(found, south_african)
        # Indian English writes a 24-hour time with "hours" ("the incident took place at
        # 14:00 hours", as its police and government notices do) and types its notices'
        # labels with a space before the colon ("Venue : College Playground"): in a text
        # of Indian English these count only beside another mark of a source's typography.
        if any(map(_indian_style, found)) and _indian_english(text, settings):
            found = _only_beside_a_mark(found, _indian_style)
        # Digits grouped with a thin or narrow no-break space, or with any space in an
        # equation or before a unit's symbol ("N = 1 024", "10 000 g"), are also SI
        # style, which scientific and technical English follows; they speak for a source
        # language only beside another of its marks (a narrow space before "?", "3,5 %",
        # "100 000").
        yield from _only_beside_a_mark(found, _si_grouping)


def _only_beside_a_mark(found: list[Finding], shared: Callable[[Finding], bool]) -> list[Finding]:
    """``found`` without the findings of a style English shares (``shared``), unless
    another finding is a mark of a source's typography that English does not share."""
    if any(_source_typography(f) and not shared(f) for f in found):
        return found
    return [f for f in found if not shared(f)]


# How far into a document a dateline's full stop can stand (title, byline and date
# lines above it); the finder reads only the first lines anyway.
_DATELINE_HEAD = 2000


def _datelines(ctx: DocumentContext, st: _Settings) -> Iterator[Finding]:
    yield from dateline_findings(ctx)
    yield from dated_findings(ctx)


# Full-width forms, CJK symbols and punctuation, a digit before a Chinese, Japanese
# or Korean counter ("7月", "3월", "10만 명") and Korean morning or afternoon ("오후
# 3시"): what T110 can find at all.
_CJK_GATE = re.compile(
    r"[\u3000-\u303f\uff01-\uff65]|\d[年月日时時分秒万萬亿億号號元]"
    r"|\d ?[년월일시분천백십만억조원명]|오[전후]"
)


def _cjk_punctuation(ctx: DocumentContext, st: _Settings) -> Iterator[Finding]:
    return cjk_punctuation_findings(ctx)


def _rtl_punctuation(ctx: DocumentContext, st: _Settings) -> Iterator[Finding]:
    return rtl_punctuation_findings(ctx)


_COMPACT = "compact"
_CLOCK_HOURS = "clock_hours"


def _padded_clock(finding: Finding, text: str) -> bool:
    """A compact clock time with a two-digit hour ("06h00", "14h30"), the South African
    way of writing it."""
    return (
        finding.code == CONTINENTAL_TIME.code
        and finding.evidence.get("kind") == _COMPACT
        and text[finding.start : finding.start + 2].isdigit()
    )


def _indian_style(finding: Finding) -> bool:
    """A mark Indian English shares with a source: "at 14:00 hours" (Spanish "a las 14:00
    horas" without its article) and a plain space before a colon ("Date : 18.12.2024")."""
    if finding.code == SPACE_BEFORE_PUNCTUATION.code:
        return finding.evidence.get("kind") == "space" and finding.text.strip() == ":"
    return finding.code == CONTINENTAL_TIME.code and finding.evidence.get("kind") == _CLOCK_HOURS


def _south_african_style(finding: Finding, text: str) -> bool:
    """A mark South African English shares with a continental source: "06h00", a decimal
    comma with no space before a percent sign ("R2,5 billion", "8,25%"), thousands
    grouped with a space ("4 500 MW")."""
    if _padded_clock(finding, text):
        return True
    if finding.code == DECIMAL_COMMA.code:
        return finding.evidence.get("spaced_percent") is False and "€" not in finding.text
    return finding.code == THOUSANDS_SEPARATOR.code and finding.evidence.get("kind") in (
        "space",
        "nbsp",
    )


def _south_african(text: str, st: _Settings) -> bool:
    """Whether the text names at least two distinct South African places or bodies
    (SAPS, Gauteng, Tshwane ...): a story about the country, not one that mentions it."""
    found = {m.group(0).casefold() for m in st.south_african.finditer(text)}
    return len(found) >= st.data["continental_time"]["south_african_min"]


def _si_grouping(finding: Finding) -> bool:
    return finding.code in (
        THOUSANDS_SEPARATOR.code,
        DECIMAL_COMMA.code,
    ) and finding.evidence.get("kind") in ("thin", "narrow_nbsp", "si")


def _source_typography(finding: Finding) -> bool:
    """Whether a finding is a mark of the source's typography that English writers do
    not share: not doubled punctuation (no language's habit), not an SI grouping, not
    a plain space before a mark (which hurried English writers type too: "p < 0.001 ;")
    nor before a percent sign ("68 %", as the SI brochure and ISO 80000 write it)."""
    plain_space = finding.evidence.get("space") == _code_point(" ")
    return (
        finding.code != DOUBLED_PUNCTUATION.code and not _si_grouping(finding) and not plain_space
    )


def _inside(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in spans)


def _space_before(ctx: DocumentContext, st: _Settings) -> Iterator[Finding]:
    text = ctx.text
    table = st.data["space_before_punctuation"]
    for m in _SPACE_BEFORE.finditer(text):
        before = text[m.start() - 1]
        if not (before.isalnum() or before in _CLOSING_OK):
            continue
        after = text[m.end() : m.end() + 2].strip()
        if before.isdigit() and after[:1].isdigit():
            continue  # a ratio or score: "3 : 1"
        kind = _SPACE_KINDS[m.group(1)]
        marks = m.group(2)
        if kind == "space" and len(marks) > 1 and marks[0] in "!?":
            continue  # "love it !!" is informal English emphasis, not typesetting
        # The sentence of the word before the space (the space itself may be a cut).
        sentence = ctx.segmentation.sentence_at(m.start() - 1)
        if sentence is not None and _in_own_language(
            sentence.text, SPACE_BEFORE_PUNCTUATION.source_langs
        ):
            # "Avis aux résidents : la Ville ..." in a bilingual notice: French set
            # as French is set, and whether it belongs there is L401's question.
            continue
        setting = "space_colon" if kind == "space" and marks == ":" else kind
        yield ctx.finding(
            SPACE_BEFORE_PUNCTUATION,
            m.start(),
            m.end(),
            f"A {_SPACE_NAMES[kind]} before “{marks}” is French typography; "
            f"English writes “{marks}” directly after the word.",
            suggestion=marks,
            strength=table[setting]["strength"],
            evidence={"space": _code_point(m.group(1)), "kind": kind},
            sentence=sentence,
        )


def _quotes(ctx: DocumentContext, st: _Settings) -> Iterator[Finding]:
    text = ctx.text
    table = st.data["quotes"]
    taken: list[tuple[int, int]] = []

    def finding(start: int, end: int, kind: str, inner: str, marks: str) -> Finding:
        taken.append((start, end))
        langs = table[kind]["langs"]
        fields = with_langs(langs, kind=kind)
        where = language_name(langs[0]) if len(langs) == 1 else "continental European"
        return ctx.finding(
            FOREIGN_QUOTES,
            start,
            end,
            f"{marks} quotation marks are {where} typography; English uses “ ”.",
            suggestion=f"“{inner.strip()}”" if inner.strip() else None,
            strength=table[kind]["strength"],
            **fields,
        )

    for m in _GUILLEMETS.finditer(text):
        if _in_own_language(m.group(2), table["guillemets"]["langs"]) or _arrows(m.group(2), st):
            taken.append((m.start(), m.end()))
            continue
        spaced = bool(m.group(1) or m.group(3))
        yield finding(
            m.start(),
            m.end(),
            "guillemets_spaced" if spaced else "guillemets",
            m.group(2),
            "« »",
        )
    for m in _REVERSED_GUILLEMETS.finditer(text):
        if not _inside(m.start(), m.end(), taken):
            yield finding(m.start(), m.end(), "reversed_guillemets", m.group(1), "» «")
    for m in _LOW9_QUOTE.finditer(text):
        if _in_own_language(m.group(2), table["low9"]["langs"]):
            taken.append((m.start(), m.end()))
            continue
        close = m.group(3)
        if close in "“‘":
            kind = "low9_high6"
        elif close in "”’":
            kind = "low9_high9"
        else:
            kind = "low9"
        yield finding(m.start(), m.end(), kind, m.group(2), f"{m.group(1)} {close}")
    for m in _LOW9.finditer(text):
        if not _inside(m.start(), m.end(), taken):
            yield finding(m.start(), m.end(), "low9", "", m.group(0))
    for m in re.finditer("«", text):
        if not _inside(m.start(), m.end(), taken) and not _arrows(text[m.end() : m.end() + 40], st):
            yield finding(m.start(), m.end(), "guillemets", "", "«")


def _speech_dash(ctx: DocumentContext, st: _Settings) -> Iterator[Finding]:
    text = ctx.text
    table = st.data["quotes"]
    verbs = st.speech_verbs
    for m in _SPEECH_DASH.finditer(text):
        after = words(text[m.end() : m.end() + 80].split("\n", 1)[0])
        if not _attributes(after, verbs):
            continue  # '"... a decade," - and possibly more': an English dash
        # The span runs from the closing mark's end to the attribution's first word.
        start = m.start() + len(m.group(0)) - len(m.group(0).lstrip(',!?"”»'))
        close = m.group(0)[: start - m.start()]
        said = " ".join(after[:3])
        yield ctx.finding(
            FOREIGN_QUOTES,
            start,
            m.end(),
            f"“{close}{text[start : m.end()]}{said}” puts a dash between a quotation and its "
            "attribution, the direct-speech punctuation of Russian or Polish («…», — сказал "
            f"он); English writes “{close} {said}”.",
            suggestion=" ",
            strength=table["speech_dash"]["strength"],
            **with_langs(table["speech_dash"]["langs"], kind="speech_dash"),
        )


def _attributes(after: list[str], verbs: frozenset[str]) -> bool:
    """Whether the words after a quotation's dash attribute it: a speech verb first
    ("- said the minister") or after its speaker ("- the head of the regional department
    noted"), not one at the end of an English clause ('"Get out!" - that was all she
    said')."""
    reach = after[:_SPEECH_VERB_REACH]
    at = next((i for i, w in enumerate(reach) if w.casefold() in verbs), None)
    if at is None:
        return False
    if at == 0:
        return True
    speaker = reach[:at]
    if [w.casefold() for w in speaker] in _IMPERSONAL:
        return True  # Russian "— говорится в заявлении": "- it is said in the statement"
    first = speaker[0]
    opens = first.casefold() in _SPEAKER_OPENERS or first[:1].isupper()
    return opens and not any(w.casefold() in _NARRATION for w in speaker)


def _arrows(inner: str, st: _Settings) -> bool:
    """Whether guillemets around ``inner`` (or a lone « before it) are a web page's link
    arrows, "« Previous post | Next post »", "« Back to news": a short link text (up to
    the next "|" or line end) with a navigation word next to the mark."""
    links = re.split(r"[|\n]", inner)
    first, last = words(links[0]), words(links[-1])
    opens_link = 0 < len(first) <= _LINK_WORDS and first[0].casefold() in st.navigation
    closes_link = 0 < len(last) <= _LINK_WORDS and last[-1].casefold() in st.navigation
    return opens_link or closes_link


# A link's text next to an arrow ("Read more", "Back to news"); "«more of the same»" is
# a quotation.
_LINK_WORDS = 3


def _in_own_language(quoted: str, langs: Iterable[str]) -> bool:
    """Whether a quotation (or a sentence) is left in a language that writes these
    marks ("« On marche sur la tête »", "¡Viva México!", "Avis aux résidents : ..."):
    an English writer quoting it keeps its marks, and whether it should have been
    translated is L402's (L401's) question. The translation trace is foreign marks
    around English words: most of the quoted words must read as one of ``langs``
    rather than as English, by word frequency."""
    return mostly_foreign(words(quoted), langs)


def _doubled(ctx: DocumentContext, st: _Settings) -> Iterator[Finding]:
    strength = st.data["doubled_punctuation"]["strength"]
    for m in _DOUBLED.finditer(ctx.text):
        yield ctx.finding(
            DOUBLED_PUNCTUATION,
            m.start(),
            m.end(),
            f"“{m.group(0)}” doubles the punctuation, a leftover of translating the "
            f"source's closing marks; keep one “{m.group(1)}”.",
            suggestion=m.group(1),
            strength=strength,
        )


def _english_number(number: str) -> str:
    """'1.234,5' or '1 234,5' written the English way: '1,234.5'."""
    whole, _, frac = number.partition(",")
    whole = re.sub(r"[.\u00a0\u202f ]", ",", whole)
    return f"{whole}.{frac}" if frac else whole


def _with_scale(number: str, scale: str) -> str:
    """ "1.2 million", but "1,500" for "1.5 thousand", a decimal of thousands that
    English writes out (and that T104 would report in its own suggestion)."""
    if scale.casefold() == "thousand" and "." in number:
        return f"{round(float(number.replace(',', '')) * 1000):,}"
    return f"{number} {scale}"


# Source unit words that are also English prefixes: before a hyphen they start an
# English compound ("bi-fold", "tri-state"), not a scale.
_ENGLISH_PREFIX_UNITS = frozenset({"bi", "tri"})


def _decimal_comma(ctx: DocumentContext, st: _Settings) -> Iterator[Finding]:
    text = ctx.text
    table = st.data["decimal_comma"]
    for m in _DECIMAL.finditer(text):
        unit_text = m.group("unit") or ""
        end = m.end() if unit_text else m.end(1)
        # The unit is one word; "per cent" is two.
        cent = _PER_CENT_TAIL.match(text, end) if unit_text.casefold() == "per" else None
        if cent:
            unit_text += cent.group(0)
            end = cent.end()
        if unit_text.casefold() in _ENGLISH_PREFIX_UNITS and text[end : end + 1] in (
            "-",
            "\u2010",
            "\u2011",
        ):
            # "2,5 bi-fold", "bi-weekly": the start of a hyphenated English word, not
            # the source's "bi" (bilhões). Other units keep theirs: "2,5 km-long".
            unit_text, end = "", m.end(1)
        unit = " ".join(unit_text.casefold().split())
        # French "1,2 M€", "3,5 Md€", "800 k€": a scale and the euro sign after it.
        euro_scale = table["euro_scales"].get(unit) if text[end : end + 1] == "€" else None
        before = text[max(0, m.start() - 4) : m.start()].casefold().rstrip()
        has_currency = before.endswith(st.decimal_currency)
        if (
            unit not in st.units
            and not unit.startswith("-fold")
            and not has_currency
            and not euro_scale
        ):
            continue
        number = m.group(1)
        spaced_percent = unit in ("%", "‰") and bool(m.group("space"))
        langs = table["percent_spaced_langs"] if spaced_percent else table["langs"]
        english = _english_number(number)
        if euro_scale:
            end += 1
            english = f"€{_with_scale(english, euro_scale)}"
            langs = ["fr"]
        elif unit in ("%", "‰"):
            english += unit
        elif unit == "€":
            english = f"€{english}"  # "45,50 €": the euro sign goes before the amount
        elif unit == "mil" and (million := _MIL_MILLION.match(text, end)):
            end = million.end()
            english = _with_scale(english, table["mil"]["million"])
            langs = table["mil"]["bare_langs"]
        elif unit == "mil":
            reading = _mil_reading(text, end)
            if reading is None:
                continue  # "2,5 mil thick": a thousandth of an inch, or who can tell
            dotted = reading == "dotted"
            english = _with_scale(english, table["mil"][reading])
            langs = table["mil"]["dotted_langs" if dotted else "bare_langs"]
        elif unit:
            # "1,2 Mrd" is "1.2 billion": the source's abbreviation goes too.
            english = _with_scale(english, table["unit_english"].get(unit, unit_text))
            # "1,2 mld zł": an abbreviation many languages share, named by the word after.
            langs = table["unit_langs"].get(unit) or _own_word_langs(text, end, table) or langs
        fields = with_langs(langs, spaced_percent=spaced_percent)
        yield ctx.finding(
            DECIMAL_COMMA,
            m.start(),
            end,
            f"“{text[m.start() : end]}” uses a decimal comma"
            f"{' and a space before the percent sign' if spaced_percent else ''}; "
            f"English writes “{english}”.",
            suggestion=english,
            strength=table["strength"],
            **fields,
        )


def _own_word_langs(text: str, end: int, table: dict[str, Any]) -> list[str] | None:
    """The languages of the source's own scale or currency word in the two words after
    ``end``: Vietnamese "12.500 tỷ đồng", Turkish "17.002 TL", Polish "1,2 mld zł"."""
    for _ in range(2):
        word = WORD_AFTER.match(text, end)
        if word is None:
            return None
        langs = table["unit_langs"].get(word.group(1).casefold())
        if langs:
            return list(langs)
        end = word.end()
    return None


def _mil_reading(text: str, end: int) -> str | None:
    """Which "mil" follows a decimal comma: Czech "2,5 mil. Kč" (millions: "dotted"),
    Spanish "75,9 mil reais" or "paid 75,9 mil." at a sentence's end (thousands:
    "bare"), or None where a word after it may make it the thousandth of an inch
    ("2,5 mil thick") or anything else."""
    if _MIL_DOTTED.match(text, end):
        return "dotted"
    if _MIL_BARE.match(text, end):
        return "bare"
    return None


def _decimal_thousand(ctx: DocumentContext, st: _Settings) -> Iterator[Finding]:
    """ "75.9 thousand": Russian "75,9 тыс." or Spanish "75,9 mil" with the decimal comma
    made a point and the scale word kept; English writes the number out ("75,900")."""
    text = ctx.text
    table = st.data["decimal_comma"]
    for m in _DECIMAL_THOUSAND.finditer(text):
        after = WORD_AFTER.match(text, m.end())
        if after and after.group(1).casefold() in st.decimal_thousand_kept_before:
            continue
        english = f"{round(float(m.group(1)) * 1000):,}"
        comma = m.group(1).replace(".", ",")
        # Seven candidate languages in two families: the families say where to look.
        yield ctx.finding(
            DECIMAL_COMMA,
            m.start(),
            m.end(),
            f"“{m.group(0)}” is a decimal of thousands as Slavic languages write it "
            f"(Russian “{comma} тыс.”, Polish “{comma} tys.”), and Spanish and Portuguese "
            f"(“{comma} mil”); English writes “{english}”.",
            suggestion=english,
            strength=table["decimal_thousand_strength"],
            **with_langs(table["decimal_thousand_langs"], kind="decimal_thousand"),
        )


def _spaced_percent(ctx: DocumentContext, st: _Settings) -> Iterator[Finding]:
    text = ctx.text
    table = st.data["decimal_comma"]
    kind = "si" if _SCIENTIFIC.search(text) else "spaced_percent"
    for m in _SPACED_PERCENT.finditer(text):
        space = _SPACE_KINDS[m.group(2)]
        english = f"{m.group(1)}{text[m.end() - 1]}"
        yield ctx.finding(
            DECIMAL_COMMA,
            m.start(),
            m.end(),
            f"“{m.group(0)}” puts a {_SPACE_NAMES[space]} before the percent sign, as French "
            f"and German do; English writes “{english}”.",
            suggestion=english,
            strength=table[
                "percent_space_strength" if space == "space" else "percent_nbsp_strength"
            ],
            **with_langs(
                table["percent_spaced_langs"],
                kind="thin" if space == "thin" else kind,
                space=_code_point(m.group(2)),
            ),
        )


def _thousands(ctx: DocumentContext, st: _Settings) -> Iterator[Finding]:
    text = ctx.text
    table = st.data["thousands_separator"]
    for g in groupings(text):
        number = text[g.start : g.end]
        english = re.sub(r"[.\u00a0\u202f\u2009 ]", ",", number)
        if g.kind == "dot":
            langs, strength = table["dot_langs"], table["dot_strength"]
            own = _own_word_langs(text, g.end, st.data["decimal_comma"])
            langs = own or langs
        elif g.kind == "space":
            langs, strength = table["space_langs"], table["space_strength"]
        else:
            langs, strength = table["nbsp_langs"], table["nbsp_strength"]
        fields = with_langs(langs, kind=g.kind)
        sep = "dots" if g.kind == "dot" else "spaces"
        yield ctx.finding(
            THOUSANDS_SEPARATOR,
            g.start,
            g.end,
            f"“{number}” groups thousands with {sep}; English writes “{english}”.",
            suggestion=english,
            strength=strength,
            **fields,
        )


def _times(ctx: DocumentContext, st: _Settings) -> Iterator[Finding]:
    text = ctx.text
    table = st.data["continental_time"]
    for m in _TIME_H.finditer(text):
        spaced = bool(m.group(2) or m.group(3))
        if _LASTS.search(text, max(0, m.start() - 30), m.start()):
            hours = int(m.group(1))
            english = f"{hours} hour{'s' if hours != 1 else ''} {int(m.group(4))} minutes"
            message = f"“{m.group(0)}” writes a length of time the French way"
        else:
            english = f"{m.group(1)}:{m.group(4)}"
            message = f"“{m.group(0)}” writes the time the French way"
        yield ctx.finding(
            CONTINENTAL_TIME,
            m.start(),
            m.end(),
            f"{message}; English writes “{english}”.",
            suggestion=english,
            strength=table["h_spaced_strength" if spaced else "h_compact_strength"],
            **with_langs(table["h_langs"], **({} if spaced else {"kind": _COMPACT})),
        )
    lone_hours = list(_TIME_H_ALONE.finditer(text))
    if lone_hours and _H_DURATION.search(text):
        lone_hours = []  # "at 6 h" in a text that times things in hours elapsed
    for m in lone_hours:
        start = m.start(1)
        english = f"{m.group(1)}:00"
        yield ctx.finding(
            CONTINENTAL_TIME,
            start,
            m.end(),
            f"“{text[start : m.end()]}” writes the hour the French way; "
            f"English writes “{english}”.",
            suggestion=english,
            strength=table["h_spaced_strength" if m.group(2) else "h_compact_strength"],
            **with_langs(table["h_langs"]),
        )
    yield from _hours_and_marked_clocks(ctx, table)
    for m in _OCLOCK.finditer(text):
        hour = int(m.group(1) or m.group(3))
        minutes = m.group(2) or "00"
        clock = f"{hour}:{minutes}"
        number = m.group(0)[: m.group(0).casefold().index("o")].strip()
        if hour == 24 or hour == 0:
            english = "midnight" if minutes == "00" else f"12:{minutes} am"
        elif hour > 12:
            english = f"{hour - 12}:{minutes} pm" if minutes != "00" else f"{hour - 12} pm"
        else:
            english = clock
        yield ctx.finding(
            CONTINENTAL_TIME,
            m.start(),
            m.end(),
            f"“{m.group(0)}” renders a 24-hour time word for word (German “{number} Uhr”, "
            f"Russian “{number} часов”); English says “{english}” or “{clock}”.",
            suggestion=english,
            strength=table["oclock_strength"],
            **with_langs(table["oclock_langs"]),
        )


def _uur_lead(text: str, pos: int, leads: dict[int, bool | None]) -> bool | None:
    """Whether the word before ``pos`` leads a clock time (True), a length of time
    (False) or neither (None). ``leads`` keeps what one document's ends were read as."""
    # A range's second end is read with its first, back along a chain of ranges ("5
    # uur to 6 uur to 7 uur"). Each end read is kept, so the next end stops at the one
    # before it: a list of thousands of ends is read once, not back to its start per end.
    chain: list[int] = []
    lead: bool | None = None
    while pos not in leads:
        chain.append(pos)
        before = text[max(0, pos - 30) : pos]
        if _LASTS.search(before) or _UUR_ELAPSED.search(before):
            lead = False
            break
        ranged = _UUR_RANGE_TAIL.search(before)
        if not ranged:
            word = _CLOCK_LEAD.search(before)
            if word and word.group(0).split()[0].casefold() not in _RANGE_WORDS:
                lead = True
            break
        first = pos - len(before) + ranged.start()
        ends = re.findall(r"\d+(?:[.:]\d+)?", ranged.group(0)) + re.findall(
            r"^\d+(?:[.:]\d+)?", text[pos : pos + 8]
        )
        if not ranged["unit"] and _lasts_in_small_hours(text, first, ends):
            lead = False
            break
        pos = first
    else:
        lead = leads[pos]
    for end in chain:
        leads[end] = lead
    return lead


def _lasts_in_small_hours(text: str, first: int, ends: list[str]) -> bool:
    """Whether the range whose first end starts at ``first`` follows "lasts from" (or
    another length of time's word) and runs between small whole hours."""
    head = text[max(0, first - 40) : first]
    from_ = _FROM.search(head)
    lasts = from_ and _LASTS.search(head[: from_.start()])
    if (
        lasts
        and from_[0].split()[0].casefold() in _BETWEEN
        and lasts[0].split()[0].casefold() == "in"
    ):
        return False  # "arrived in between 2 and 3 uur" is a time of day, not "lasted"
    return bool(lasts and all(end.isdigit() and int(end) <= _SMALL_RANGE_END for end in ends))


def _uur_is_a_clock(text: str, m: re.Match[str], leads: dict[int, bool | None]) -> bool:
    lead = _uur_lead(text, m.start(), leads)
    if lead is not None:
        return lead
    if m.group(3) is None:
        return False  # a bare "2 uur" is two hours
    before = text[max(0, m.start() - 30) : m.start()]
    trip = _UUR_TRIP_BEFORE.search(before)
    long = trip is not None and (
        trip["verb"].casefold() == "is" or int(m.group(1)) <= _SMALL_RANGE_END
    )
    return not (_UUR_LONG_AFTER.match(text, m.end()) or long)


def _hours_and_marked_clocks(ctx: DocumentContext, table: dict[str, Any]) -> Iterator[Finding]:
    """ "at 18 hours" and "20.15 Uhr" or "20.15 h": a 24-hour time read out word for word,
    or marked the German way."""
    text = ctx.text
    for m in _AT_HOURS.finditer(text):
        if _AMOUNT_AT.search(text, max(0, m.start() - 20), m.start()):
            continue
        start = m.start(1)
        hour, minutes = int(m.group(1)), m.group(2) or "00"
        clock = f"{hour}:{minutes}"
        english = f"{hour - 12}:{minutes} pm" if m.group(2) else f"{hour - 12} pm"
        yield ctx.finding(
            CONTINENTAL_TIME,
            start,
            m.end(),
            f"“{text[start : m.end()]}” renders a 24-hour time word for word (French "
            f"“à {hour} heures”, Russian “в {hour} часов”); English says “{english}” or "
            f"“{clock}”.",
            suggestion=english,
            strength=table["hours_strength"],
            **with_langs(table["hours_langs"], kind="hours"),
        )
    for m in _AT_THE_HOURS.finditer(text):
        start = m.start() + 3
        hour, minutes = int(m.group(1)), m.group(2)
        clock = f"{hour}:{minutes}"
        yield ctx.finding(
            CONTINENTAL_TIME,
            start,
            m.end(),
            f"“{text[start : m.end()]}” renders Spanish “a las {clock} horas” (Portuguese "
            f"“às {clock} horas”) word for word; English says “at {clock}”.",
            suggestion=clock,
            strength=table["hours_strength"],
            **with_langs(table["the_hours_langs"], kind="hours"),
        )
    for m in _AT_CLOCK_HOURS.finditer(text):
        if _AMOUNT_AT.search(text, max(0, m.start() - 20), m.start()):
            continue
        start = m.start(1)
        hour, minutes = int(m.group(1)), m.group(2)
        clock = f"{hour}:{minutes}"
        pm = f"{hour - 12} pm" if minutes == "00" else f"{hour - 12}:{minutes} pm"
        yield ctx.finding(
            CONTINENTAL_TIME,
            start,
            m.end(),
            f"“{text[start : m.end()]}” renders Spanish “a las {clock} horas” (Portuguese "
            f"“às {clock} horas”) word for word; English says “at {clock}” or “at {pm}”.",
            suggestion=clock,
            strength=table["clock_hours_strength"],
            **with_langs(table["the_hours_langs"], kind=_CLOCK_HOURS),
        )
    marked = []
    uur_leads: dict[int, bool | None] = {}
    for m in _CLOCK_MARKED.finditer(text):
        mark = m.group(4)
        if mark == "h" and not m.group(3):
            continue  # "at 18 h" is the French hour alone, read above
        if (
            mark == "h"
            and m.group(2) == "."
            and not _CLOCK_LEAD.search(text, max(0, m.start() - 10), m.start())
        ):
            continue  # "took 2.25 h": a decimal length of time
        if mark == "uur" and not _uur_is_a_clock(text, m, uur_leads):
            continue
        marked.append(m)
    if any(m.group(4) == "h" and m.group(2) == "." for m in marked):
        # "harvested at 2.25 h" in a text that times things in hours elapsed.
        bounds = [0, *(i for m in marked for i in m.span()), len(text)]
        rest = " ".join(text[a:b] for a, b in zip(bounds[::2], bounds[1::2], strict=True))
        if _H_DURATION.search(rest):
            marked = [m for m in marked if m.group(4) != "h" or m.group(2) == ":"]
    for m in marked:
        clock = f"{int(m.group(1))}:{m.group(3) or '00'}"
        language, langs = _CLOCK_WORDS.get(m.group(4), ("German", "marked_langs"))
        word = "“h”" if m.group(4) == "h" else f"{language} “{m.group(4)}”"
        yield ctx.finding(
            CONTINENTAL_TIME,
            m.start(),
            m.end(),
            f"“{m.group(0)}” marks the time with {word}, as {language} timetables write "
            f"it; English writes “{clock}”.",
            suggestion=clock,
            strength=table["oclock_strength"],
            **with_langs(table[langs], kind="marked"),
        )


def _labels_a_thing(text: str, m: re.Match[str], st: _Settings) -> bool:
    """Whether "2e" at ``m`` is an English label, not a French ordinal: a figure's
    panel ("Fig. 2e", "panels 4e and 4f", "3e,f"), a flat ("Flat 2e") or an edition
    ("D&D 5e"). The French ordinal comes after a determiner or a preposition, or
    names an arrondissement after its city ("Paris 2e"); in a list ("the 2e, 3e and
    4e") the word before its first item counts."""
    sibling = _PANEL_SIBLING.match(text, m.end())
    # "4e and 4f" are two panels of one figure; "3e and 4e" two French ordinals.
    if sibling and sibling.group("number") in (None, m.group(1)):
        return True
    head = m.start()
    listed = _ORDINAL_LIST_BEFORE.search(text, max(0, head - 60), head)
    if listed:
        head = listed.start()
    word = word_before(text, head, reach=30)
    return bool(word) and word not in st.french_e_after and word not in st.arrondissement_cities


def _typed_degree(text: str, m: re.Match[str], st: _Settings) -> bool:
    """Whether "35º" at ``m`` is a degree typed with the ordinal indicator ("180ºC",
    "Temperatures hit 35º", "a 90º turn", "40º 26' N"), not "1º" for "1st"."""
    if "." in m.group(0):
        return False  # "3.º" is written so only as an ordinal
    if _DEGREE_AFTER.match(text, m.end()):
        return True
    after = WORD_AFTER.match(text, m.end())
    if after and after.group(1).casefold() in st.degree_words:
        return True
    before = words(text[max(0, m.start() - 40) : m.start()])[-_DEGREE_WORDS_BEFORE:]
    return any(w.casefold() in st.degree_words for w in before)


# A temperature's scale, minutes of arc or a compass point after "º".
_DEGREE_AFTER = re.compile(r"[ \u00a0]?(?:[CFK]\b|\d{1,2}(?:[.,]\d+)?['′’]|[NSEW]\b)")
# How close before the number a temperature or angle word must stand.
_DEGREE_WORDS_BEFORE = 4


def _english_ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else _ORDINAL_SUFFIX.get(n % 10, "th")
    return f"{n}{suffix}"


def _foreign_months(ctx: DocumentContext, st: _Settings) -> Iterator[Finding]:
    """ "4 października", "20 de março de 2024": a date with the source's month name."""
    for d in foreign_month_dates(ctx.text):
        sentence = ctx.segmentation.sentence_at(d.start)
        # The rest of the sentence, without the date's own "de" and month.
        rest = sentence.text.replace(ctx.text[d.start : d.end], " ", 1) if sentence else ""
        if _in_own_language(rest, d.langs):
            continue  # a Spanish sentence quoted whole: L401's question
        yield ctx.finding(
            FOREIGN_ORDINAL,
            d.start,
            d.end,
            f"“{ctx.text[d.start : d.end]}” names the month in {language_names(d.langs)} "
            f"(“{d.month}”); English writes “{d.english}”.",
            suggestion=d.english,
            strength=months().strength,
            **with_langs(d.langs, kind="month_name"),
        )


def _ordinals(ctx: DocumentContext, st: _Settings) -> Iterator[Finding]:
    text = ctx.text
    table = st.data["ordinals"]
    for m in st.french_ordinal.finditer(text):
        after = WORD_AFTER.match(text, m.end())
        if after and after.group(1).casefold() in st.french_kept_before:
            continue
        if m.group(2) == "e" and _labels_a_thing(text, m, st):
            continue
        english = _english_ordinal(int(m.group(1)))
        yield ctx.finding(
            FOREIGN_ORDINAL,
            m.start(),
            m.end(),
            f"“{m.group(0)}” is a French ordinal; English writes “{english}”.",
            suggestion=english,
            strength=table["french_strength"],
            **with_langs(["fr"], kind="french"),
        )
    for m in _ROMAN_ORDINAL.finditer(text):
        yield ctx.finding(
            FOREIGN_ORDINAL,
            m.start(),
            m.end(2),
            f"“{m.group(1)}{m.group(2)}” is a French ordinal; English writes the "
            f"number with “th” (e.g. “20th {m.group(3)}”).",
            strength=table["french_strength"],
            **with_langs(["fr"], kind="french_roman"),
        )
    for m in _NUMERO.finditer(text):
        if m.group(3):
            langs, where, end = table["numero_cyrillic_langs"], "Russian or Ukrainian", m.end(3)
        elif m.group(2) == "°":
            langs, where, end = ["fr"], "French", m.end(2)
        else:
            langs, where, end = table["numero_langs"], "Spanish or Portuguese", m.end(2)
        yield ctx.finding(
            FOREIGN_ORDINAL,
            m.start(),
            end,
            f"“{text[m.start() : end]}” is the {where} numero sign; English writes “No.”.",
            suggestion="No.",
            strength=table["indicator_strength"],
            **with_langs(langs, kind="numero"),
        )
    for m in _INDICATOR_ORDINAL.finditer(text):
        if m.group(0)[-1] == "º" and _typed_degree(text, m, st):
            continue
        english = _english_ordinal(int(m.group(1)))
        yield ctx.finding(
            FOREIGN_ORDINAL,
            m.start(),
            m.end(),
            f"“{m.group(0)}” uses a Spanish or Portuguese ordinal indicator; "
            f"English writes “{english}”.",
            suggestion=english,
            strength=table["indicator_strength"],
            **with_langs(table["indicator_langs"], kind="indicator"),
        )
    dates: set[int] = set()
    for m in DAY_DOT_MONTH.finditer(text):
        # The segmenter's reading: "since 13. October" is a date, "... they finished
        # 3. March saw a recovery" two sentences.
        if not reads_as_date(text, m):
            continue
        dates.add(m.start())
        english = f"{m.group(1)} {m.group(2)}"
        yield ctx.finding(
            FOREIGN_ORDINAL,
            m.start(),
            m.end(),
            f"“{m.group(0)}” writes the day with an ordinal dot, as German does; "
            f"English writes “{english}”.",
            suggestion=english,
            strength=table["dot_strength"],
            **with_langs(table["dot_langs"], kind="dot"),
        )
    for m in SPACED_NUMERIC_DATE.finditer(text):
        month = MONTHS[int(m.group(2)) - 1].capitalize()
        english = f"{int(m.group(1))} {month} {m.group(3)}"
        yield ctx.finding(
            FOREIGN_ORDINAL,
            m.start(),
            m.end(),
            f"“{m.group(0)}” writes the date in ordinal numbers with dots, as Czech and "
            f"German do; English writes “{english}”.",
            suggestion=english,
            strength=table["dot_strength"],
            **with_langs(table["dot_langs"], kind="numeric_date"),
        )
    if not _indian_english(text, st):
        yield from _dotted_dates(ctx, table)
    for m in _DAY_OF_MONTH.finditer(text):
        if word_before(text, m.start()) in _NUMBERED_PARTS:
            continue
        english = f"{m.group(1)} {m.group(2)}" + (f" {m.group(3)}" if m.group(3) else "")
        yield ctx.finding(
            FOREIGN_ORDINAL,
            m.start(),
            m.end(),
            f"“{m.group(0)}” renders a Spanish or Portuguese date (“1 de enero de 2024”) "
            f"word for word; English writes “{english}”.",
            suggestion=english,
            strength=table["day_of_month_strength"],
            **with_langs(table["day_of_month_langs"], kind="day_of_month"),
        )
    for m in DETERMINER_DOT_ORDINAL.finditer(text):
        # The segmenter's reading: "his 60. World Cup win" goes on, "... and his 60.
        # The rest ..." ends a sentence.
        if not reads_as_ordinal(text, m) or m.start(1) in dates:
            continue  # "on the 3. March 2020" is reported once, as a date
        english = _english_ordinal(int(m.group(1)))
        yield ctx.finding(
            FOREIGN_ORDINAL,
            m.start(1),
            m.end(1) + 1,
            f"“{m.group(1)}.” is an ordinal written with a dot, as German does; "
            f"English writes “{english}”.",
            suggestion=english,
            strength=table["dot_strength"],
            **with_langs(table["dot_langs"], kind="dot_after_determiner"),
        )


def _dotted_dates(ctx: DocumentContext, table: dict[str, Any]) -> Iterator[Finding]:
    text = ctx.text
    found = [(m, m.group(3)) for m in _DOTTED_DATE.finditer(text)]
    found += [(m, None) for m in _DOTTED_DAY_MONTH.finditer(text)]
    found += [(m, None) for m in _ON_DAY_MONTH.finditer(text)]
    for m, year in sorted(found, key=lambda pair: pair[0].start()):
        before = words(text[max(0, m.start(1) - 25) : m.start(1)].casefold())[-2:]
        if _NUMBERED_THINGS.intersection(before):
            # "version 2.10.2019", "firmware 1.12.2020", "IP address 10.12.2019", "the
            # build 1.12.2020 release": a version's or an address's number.
            continue
        month = MONTHS[int(m.group(2)) - 1].capitalize()
        english = f"{int(m.group(1))} {month}" + (f" {year}" if year else "")
        start = m.start(1)
        yield ctx.finding(
            FOREIGN_ORDINAL,
            start,
            m.end(),
            f"“{text[start : m.end()]}” writes the date in numbers with dots, as German, "
            f"Russian or Czech do; English writes “{english}”.",
            suggestion=english,
            strength=table["dotted_date_strength"],
            **with_langs(table["dotted_date_langs"], kind="dotted_date"),
        )


_NUMBERED_THINGS = frozenset(
    "version versions v ver release build firmware update patch edition rev revision "
    "section sections chapter paragraph article clause figure fig table item no "
    "address addresses ip ipv4 host server subnet gateway dns mask netmask "
    "model serial".split()
)


def indian_english(text: str) -> bool:
    """Whether the text is of Indian English (see ``_indian_english``); the calque rules
    ask it of phrases Indian English writes as they are ("pending since long")."""
    return _indian_english(text, _settings())


def _indian_english(text: str, st: _Settings) -> bool:
    """Whether the text is of Indian English, which writes dates with dots ("last date
    15.03.2024") and clock times with "hours" ("at 14:00 hours") in its notices and news,
    next to "Rs 5 crore" and "1.2 lakh", or names "Smt." (Shrimati) or a police FIR
    (an FIR beside the police, a complaint or a case registered: astronomy's far-infrared
    FIR and FIR heaters are none), or two of FIR, "Shri" and "Smt."."""
    if st.indian_english.search(text):
        return True
    names = {
        m.group(0).removesuffix("s")
        for m in st.indian_names.finditer(text)
        if _indian_name(text, m)
    }
    smt = any(n.startswith("Smt") for n in names)
    if smt or (any(n.startswith("FIR") for n in names) and _POLICE.search(text)):
        return True
    return len(names) >= 2


# What makes an FIR the police's First Information Report on its own.
_POLICE = re.compile(
    r"\b(?:police|registered|lodged|complaint|complainant|accused|booked|case)\b", re.IGNORECASE
)
_FILTER_AFTER = re.compile(r"[\s-]+filters?\b", re.IGNORECASE)
_WORD_BEFORE = re.compile(r"([A-Za-z]+)\s+$")
# Words that may stand capitalised before an Indian FIR ("An FIR was lodged", "Zero FIR").
_FIR_LEADS = frozenset({"a", "an", "the", "zero", "police"})


def _indian_name(text: str, m: re.Match[str]) -> bool:
    """Whether the FIR, "Shri" or "Smt." at ``m`` is the Indian one: not a finite impulse
    response filter ("the FIR filter") nor a flight information region, which a place's
    name heads ("the Warsaw FIR")."""
    if not m.group(0).startswith("FIR"):
        return True
    if _FILTER_AFTER.match(text, m.end()):
        return False
    before = _WORD_BEFORE.search(text, max(0, m.start() - 40), m.start())
    return not (
        before and before.group(1)[0].isupper() and before.group(1).lower() not in _FIR_LEADS
    )


def _inverted(ctx: DocumentContext, st: _Settings) -> Iterator[Finding]:
    table = st.data["inverted_marks"]
    for m in _INVERTED.finditer(ctx.text):
        quoted = m.group(2) or ctx.text[m.end() : m.end() + 80].split("\n", 1)[0]
        if _in_own_language(quoted, table["langs"]):
            continue
        yield ctx.finding(
            INVERTED_MARKS,
            m.start(),
            m.end(),
            f"“{m.group(1)}” opens a question or exclamation the Spanish way; "
            "English has no opening mark.",
            suggestion=m.group(0)[1:] if m.group(2) else None,
            strength=table["strength"],
            severity=Severity.WARNING,
        )
