"""T109: a German or Russian newspaper's dateline left at the head of an English story.

German papers open a story with its place and a full stop ("Berlin. Die
Bundesregierung ...") or with the place, the agency in brackets and a full stop
("BERLIN (dpa). ..."); Russian and Ukrainian agencies with the place, the date and a
full stop ("МОСКВА, 15 марта. ..."); English wire copy writes "BERLIN (Reuters) -" or
"MOSCOW, March 15 (Reuters) -". Machine translation keeps the full stop. The places
read as German datelines are listed in ``audits/data/typography.toml`` under
``[dateline]``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from audits.datafiles import load_toml
from audits.detectors.base import DocumentContext, with_langs
from audits.detectors.residue import mostly_foreign
from audits.document import Finding
from audits.rule_docs.datelines import CONTINENTAL_DATELINE
from audits.segment import MONTHS, WEEKDAYS

# A line that opens with a place (one to three capitalised words, or two joined by
# "/"), an optional agency in brackets, and a full stop before a capitalised word.
_DATELINE = re.compile(
    r"(?m)^[ \t]*(?P<place>[A-ZÄÖÜ][\w'’-]+(?:(?:[ \t]|/)[A-ZÄÖÜ][\w'’-]+){0,2})"
    r"(?:[ \t]*\((?P<agency>[^\W\d_][^\W\d_/.-]{1,9}(?:/[^\W\d_]{2,9})?)\))?"
    r"(?P<stop>\.)[ \t]+(?=[\"“„]?[A-Z])"
)
_WORD = re.compile(r"[^\W\d_]+")
# "Berlin. The name alone conjures up ...", "Hamburg. The very word means ...": a feature
# that says its place and then talks about the place's own name. Only where the words
# cannot be about something else: "The name Wirecard ...", "The word from the
# chancellery is ..." open dateline stories.
_ABOUT_THE_NAME = re.compile(
    r"[\"“]?(?P<det>its|the\s+very|just\s+the|even\s+the|say\s+the|the)\s+(?:name|word)\b"
    r"(?!\s+(?:of|from|on)\b)"
    r"(?:\s+[\"“‘']?(?P<next>[^\W\d_][\w'’-]*))?",
    re.IGNORECASE,
)
# After a bare "the name" / "the word": the place itself or a word that keeps the
# sentence on that name.
_ON_THE_NAME_ALONE = frozenset({"alone", "itself"})
_MONTH = "|".join(MONTHS)
# "Moscow, 15 March. The ..." and TASS's "MOSCOW, March 15. /TASS/. ...": a place, a
# date and a full stop, as Russian and Ukrainian agencies date a story ("МОСКВА, 15
# марта."); English wire copy closes the date with the agency and a dash.
_DATED = re.compile(
    r"(?m)^[ \t]*(?P<place>[A-Z][\w'’-]+(?:[ \t-][A-Z][\w'’-]+){0,2}),[ \t]+"
    rf"(?P<date>\d{{1,2}}[ \t]+(?i:{_MONTH})|(?i:{_MONTH})[ \t]+\d{{1,2}})"
    r"(?P<stop>\.)(?:[ \t]*/[A-Z]{2,12}/\.?)?[ \t]+(?=[\"“]?[A-Z])"
)
_DATED_LANGS = ("ru", "uk")


@dataclass(frozen=True)
class _Settings:
    places: frozenset[str]
    agencies: frozenset[str]
    strength: float
    agency_strength: float
    head_lines: int
    min_words: int


@cache
def _settings() -> _Settings:
    table = load_toml("typography.toml")["dateline"]
    return _Settings(
        places=frozenset(p.casefold() for p in table["places"]),
        agencies=frozenset(a.casefold() for a in table["agencies"]),
        strength=table["strength"],
        agency_strength=table["agency_strength"],
        head_lines=table["head_lines"],
        min_words=table["min_words"],
    )


def _head(text: str, lines: int) -> str:
    """The first ``lines`` non-blank lines of ``text`` (with what lies between); the
    rest of a long document is never split into lines."""
    end = 0
    seen = 0
    while seen < lines and end < len(text):
        nl = text.find("\n", end)
        line_end = len(text) if nl < 0 else nl + 1
        if text[end:line_end].strip():
            seen += 1
        end = line_end
    return text[:end]


def _a_place(place: str, places: frozenset[str]) -> bool:
    """Whether ``place`` is a listed place ("Frankfurt/Main") or places joined by "/"
    ("Hamburg/Berlin")."""
    folded = place.casefold()
    return folded in places or all(part in places for part in folded.split("/"))


def _rest_words(text: str, at: int) -> list[str]:
    """The words from ``at`` to the end of its line: the story's first sentence."""
    line_end = text.find("\n", at)
    return _WORD.findall(text, at, line_end if line_end >= 0 else len(text))


def _about_its_name(text: str, at: int, place: str) -> bool:
    """Whether the sentence at ``at`` speaks of ``place``'s own name."""
    m = _ABOUT_THE_NAME.match(text, at)
    if m is None:
        return False
    after = m.group("next")
    the_place = after is not None and after.casefold() in {
        w.casefold() for w in re.split(r"[ \t/]+", place)
    }
    if after is not None and after[0].isupper() and not the_place:
        return False  # "The name Wirecard ...": another name than the place's
    if m.group("det").casefold() == "the":
        return the_place or (after is not None and after.casefold() in _ON_THE_NAME_ALONE)
    return True


def dateline_findings(ctx: DocumentContext) -> Iterator[Finding]:
    st = _settings()
    text = ctx.text
    for m in _DATELINE.finditer(_head(text, st.head_lines)):
        rest_words = _rest_words(text, m.end())
        if len(rest_words) < st.min_words:
            continue  # a heading or a list of places, not a story's first sentence
        if mostly_foreign(rest_words, ("de",)):
            continue  # "Berlin. Der Bundestag hat ...": left untranslated, L401's to report
        if _about_its_name(text, m.end(), m.group("place")):
            continue
        place, agency = m.group("place"), m.group("agency")
        if agency is not None and agency.split("/")[0].casefold() not in st.agencies:
            continue  # "Smith (Oxford). The ..." brackets no agency
        if agency is None and not _a_place(place, st.places):
            continue
        dash = f"{place} ({agency}) —" if agency else f"{place} —"
        yield ctx.finding(
            CONTINENTAL_DATELINE,
            m.start("place"),
            m.end("stop"),
            f"“{text[m.start('place') : m.end('stop')]}” closes the dateline with a full "
            f"stop, as German papers do; English wire copy writes “{dash}”.",
            suggestion=dash,
            strength=st.agency_strength if agency else st.strength,
            source_lang="de",
            evidence={"source_langs": ["de"], "agency": agency or ""},
        )


def dated_findings(ctx: DocumentContext) -> Iterator[Finding]:
    """ "Moscow, 15 March. The ...": a Russian or Ukrainian agency's dateline."""
    st = _settings()
    text = ctx.text
    for m in _DATED.finditer(_head(text, st.head_lines)):
        if len(_rest_words(text, m.end())) < st.min_words:
            continue  # a letter's "London, 15 March." above its text, or a heading
        place, date = m.group("place"), m.group("date")
        if place.split()[0].lower() in WEEKDAYS:
            continue  # a diary's or the minutes' "Saturday, 12 June.": a day, not a place
        dash = f"{place.upper()}, {date} —"
        yield ctx.finding(
            CONTINENTAL_DATELINE,
            m.start("place"),
            m.end("stop"),
            f"“{text[m.start('place') : m.end('stop')]}” closes a dated dateline with a full "
            f"stop, as Russian and Ukrainian agencies do; English wire copy writes “{dash}”.",
            suggestion=dash,
            strength=st.strength,
            **with_langs(_DATED_LANGS, kind="dated"),
        )
