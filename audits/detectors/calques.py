"""C2xx: calques and literal translations, one rule per source language.

The rules come from the lexicon files (``audits/data/calques/<lang>.toml``), so
a new source language is a new data file. All lexicons are matched in one
pass per document (a token-level Aho-Corasick automaton); each hit is checked
against its entry's context constraints, and the longest phrase that fits
wins at each position.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from audits.calque_lexicon import CalqueEntry, Lexicon, lexicons, matcher
from audits.config import AuditConfig
from audits.detectors.base import Detector, DocumentContext
from audits.document import Finding
from audits.rules import Rule

_WHAT = """
Finds English phrases that render a {language} expression word for word, as
machine translation does, for example {examples}.

The phrases come from a lexicon of {count} {language} calques
(`audits/data/calques/{lang}.toml`). Each entry knows the {language} original,
its English surface forms with their inflections, what natural English says
instead, how diagnostic it is, and context constraints that keep it off
ordinary English. Matching ignores case and accepts straight or curly
apostrophes; each finding names the {language} source and suggests the
natural English.
"""


def _rule(lex: Lexicon) -> Rule:
    # The first entries of a lexicon file are its most typical calques.
    examples = ", ".join(f'"{e.phrases[0].rstrip(",;:")}" ({e.source})' for e in lex.entries[:3])
    return Rule(
        code=lex.code,
        name=f"{lex.language.lower()}-calque",
        summary=lex.summary,
        what=_WHAT.format(
            language=lex.language, lang=lex.lang, count=len(lex.entries), examples=examples
        ),
        why=lex.why,
        example=lex.example,
        source_langs=(lex.lang,),
        reason=f"{{n}} {lex.language} calque{{s}}",
    )


def calque_rules() -> tuple[Rule, ...]:
    return tuple(_rule(lex) for lex in lexicons())


@dataclass(frozen=True)
class CalqueHit:
    """One lexicon phrase found in a text, with the entries whose context fits."""

    start: int
    end: int
    entries: tuple[CalqueEntry, ...]


def find_calques(text: str) -> list[CalqueHit]:
    """Every calque in ``text``: at each position the longest phrase whose context fits.

    A hit that lies inside a longer hit is dropped, so "intense diplomatic
    ballet" is reported once, not also as "diplomatic ballet"; so is one that
    overlaps a longer form of the same entry ("the press service of the").
    """
    m = matcher()
    by_start: dict[int, list[tuple[int, str]]] = {}
    for match in m.index.find(text):
        by_start.setdefault(match.start, []).append((match.end, match.key))
    hits: list[CalqueHit] = []
    for start, candidates in by_start.items():
        for end, key in sorted(candidates, reverse=True):
            if _crosses_paragraph(text, start, end):
                continue
            fitting = tuple(e for e in m.entries_by_phrase[key] if e.fits(text, start, end))
            if fitting:
                hits.append(CalqueHit(start, end, fitting))
                break
    kept: list[CalqueHit] = []
    for hit in sorted(hits, key=lambda h: (-(h.end - h.start), h.start)):
        if not any(_redundant(hit, k) for k in kept):
            kept.append(hit)
    return sorted(kept, key=lambda h: h.start)


def _redundant(hit: CalqueHit, kept: CalqueHit) -> bool:
    """Inside a longer hit, or overlapping another form of the same entry."""
    if kept.start <= hit.start and hit.end <= kept.end:
        return True
    overlaps = hit.start < kept.end and kept.start < hit.end
    return overlaps and any(e in kept.entries for e in hit.entries)


def _crosses_paragraph(text: str, start: int, end: int) -> bool:
    inner = text[start:end]
    return "\n" in inner and "\n\n" in "\n".join(line.strip() for line in inner.split("\n"))


class Calques(Detector):
    """Reports lexicon calques under the rule of each source language."""

    rules = calque_rules()

    def preload(self, config: AuditConfig) -> None:
        matcher()

    def detect(self, ctx: DocumentContext) -> Iterable[Finding]:
        by_lang = {rule.source_langs[0]: rule for rule in self.rules}
        languages = {lex.lang: lex.language for lex in lexicons()}
        for hit in find_calques(ctx.text):
            # A phrase shared by several lexicons is weaker evidence for each language.
            share = 1.0 / len(hit.entries)
            for entry in hit.entries:
                rule = by_lang[entry.lang]
                yield ctx.finding(
                    rule,
                    hit.start,
                    hit.end,
                    _message(languages[entry.lang], entry),
                    severity=entry.severity,
                    source_lang=entry.lang,
                    strength=round(entry.strength * share, 3),
                    suggestion=entry.natural[0],
                    evidence={
                        "source_phrase": entry.source,
                        "natural": list(entry.natural),
                        "lexicon": entry.lang,
                        **({"note": entry.note} if entry.note else {}),
                        **(
                            {"also_in": sorted(e.lang for e in hit.entries if e is not entry)}
                            if len(hit.entries) > 1
                            else {}
                        ),
                    },
                )


def _message(language: str, entry: CalqueEntry) -> str:
    # An entry may gather a few related source phrases, written "a / b".
    source = " or ".join(f"'{part.strip()}'" for part in entry.source.split(" / "))
    natural = " or ".join(f"'{n}'" for n in entry.natural[:2])
    return f"calque of {language} {source}; English says {natural}"
