"""Dates that keep the source's month name: Polish "4 października", Portuguese
"20 de março de 2024", Turkish "5 Ekim". Machine translation leaves a month name
standing when it reads the date as a name; no English text names a month so."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from audits.datafiles import load_toml
from audits.segment import MONTHS, WEEKDAYS

# The languages that write "de" between the day and the month.
_DE_LANGS = ("es", "pt")


@dataclass(frozen=True)
class ForeignMonthDate:
    start: int
    end: int
    # "4 October 2024": the date as English writes it.
    english: str
    month: str
    langs: tuple[str, ...]


@dataclass(frozen=True)
class _Months:
    pattern: re.Pattern[str]
    # month name -> (its month, 0 for January; the languages that write it so)
    names: dict[str, tuple[int, tuple[str, ...]]]
    strength: float


@cache
def months() -> _Months:
    data = load_toml("month_names.toml")
    langs_of: dict[str, list[str]] = defaultdict(list)
    number: dict[str, int] = {}
    for lang, names in data["languages"].items():
        for i, name in enumerate(names):
            if name:
                langs_of[name].append(lang)
                number[name] = i
    alternation = "|".join(map(re.escape, sorted(number, key=len, reverse=True)))
    # A day, Spanish and Portuguese "de" before the month and the year, the month and
    # perhaps the year: "4 października 2024", "20 de março de 2024".
    pattern = re.compile(
        r"(?<![\w.,])(?P<day>[1-9]|[12]\d|3[01])\.?[ \u00a0]+(?P<de>de[ \u00a0]+)?"
        rf"(?P<month>{alternation})(?![\w-])"
        r"(?:[ \u00a0]+(?:de[ \u00a0]+)?(?P<year>1\d{3}|20\d\d)\b)?"
    )
    names = {name: (number[name], tuple(sorted(langs))) for name, langs in langs_of.items()}
    return _Months(pattern, names, float(data["settings"]["strength"]))


# A capitalised word going on after the date may make it part of a name, "15 Temmuz
# Martyrs Bridge" (Turkish months are capitalised, so the month's case cannot tell).
# But MT dates are mostly followed by their sentence's subject, "On 5 Ekim Erdogan met
# Putin": a date led by a preposition is a name only when a name's head noun follows.
# The head noun may come a few words on ("15 Temmuz Democracy and Martyrs Monument"),
# and a name kept in Turkish has its own ("29 Ekim Caddesi", "19 Mayıs Stadyumu").
_NAME_GOES_ON = re.compile(r"(?:[ \u00a0]+(?:(?:and|of|the)[ \u00a0]+)?[A-ZÇĞİÖŞÜ][^\W\d_]+){1,6}")
_NAME_WORD = re.compile(r"[A-ZÇĞİÖŞÜ][^\W\d_]+")
_NAME_HEADS = frozenset(
    "Bridge Street Square Avenue Boulevard Road Stadium Martyrs Park Station Airport "
    "University Hospital Monument Memorial Plaza Place Mosque Church Cathedral Metro "
    "School Hall Quay Gate Tower Museum Festival Prize Award Cup Hotel District "
    "Centre Center Market Terminal Highway Mall Camp "
    "Caddesi Sokak Sokağı Meydanı Köprüsü Stadyumu Parkı Mahallesi Üniversitesi "
    "Bulvarı Havalimanı Anıtı Müzesi".split()
)
# The weekday MT keeps between them ("On Thursday 20 de março Lula spoke", "On
# Tuesday, 4 października") leaves the date led by its preposition.
_LED_BY_PREPOSITION = re.compile(
    r"(?i:\b(?:on|since|from|until|till|by|before|after|in|at|to|between|through|"
    r"of|and|or)[ \u00a0]+"
    rf"(?:(?:{'|'.join(sorted(WEEKDAYS))}),?[ \u00a0]+)?)$"
)
# The look-back reaches over "between Wednesday, ".
_LED_REACH = 24
_OPEN_QUOTES = "\"“‘'«"
_CLOSE_QUOTES = "\"”’'»"


def _is_a_name(text: str, m: re.Match[str]) -> bool:
    """Whether the date at ``m`` names a thing: a name going on after a date with no
    year that is not led by a preposition or is followed by a name's head noun, or
    the whole of a quoted title ('"20 de marzo"', a song)."""
    goes_on = _NAME_GOES_ON.match(text, m.end())
    if goes_on and not m.group("year"):
        led = _LED_BY_PREPOSITION.search(text, max(0, m.start() - _LED_REACH), m.start())
        if not led or any(w in _NAME_HEADS for w in _NAME_WORD.findall(goes_on.group())):
            return True
    return (
        m.start() > 0
        and text[m.start() - 1] in _OPEN_QUOTES
        and text[m.end() : m.end() + 1] in tuple(_CLOSE_QUOTES)
    )


def foreign_month_dates(text: str) -> Iterator[ForeignMonthDate]:
    table = months()
    for m in table.pattern.finditer(text):
        if _is_a_name(text, m):
            continue
        index, langs = table.names[m.group("month")]
        if m.group("de"):
            # "20 de marzo" is Spanish, not Italian "20 marzo".
            langs = tuple(lang for lang in langs if lang in _DE_LANGS) or langs
        english = f"{m.group('day')} {MONTHS[index].capitalize()}"
        if m.group("year"):
            english += f" {m.group('year')}"
        yield ForeignMonthDate(m.start(), m.end(), english, m.group("month"), langs)
