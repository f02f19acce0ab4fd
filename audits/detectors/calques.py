"""C2xx: calques and literal translations, one rule per source language.

The rules come from the lexicon files (``audits/data/calques/<lang>.toml``), so
a new source language is a new data file. All lexicons are matched in one
pass per document (a token-level Aho-Corasick automaton); each hit is checked
against its entry's context constraints, and the longest phrase that fits
wins at each position.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from audits.calque_lexicon import CalqueEntry, keep_in, lexicons, matcher
from audits.config import AuditConfig
from audits.datafiles import or_list
from audits.detectors.base import Detector, DocumentContext
from audits.detectors.typography import indian_english
from audits.document import Finding
from audits.lm.paths import cache_dir_of
from audits.rule_docs.calques import calque_rules


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
    """Reports lexicon calques under the rule of their source language; a phrase that
    several lexicons list is one finding naming every candidate language."""

    rules = calque_rules()

    def preload(self, config: AuditConfig) -> None:
        keep_in(cache_dir_of(config))
        matcher()

    def detect(self, ctx: DocumentContext) -> Iterable[Finding]:
        by_lang = {rule.source_langs[0]: rule for rule in self.rules}
        languages = {lex.lang: lex.language for lex in lexicons()}
        enabled = ctx.selected if ctx.selected is not None else {r.code for r in self.rules}
        indian: bool | None = None  # asked once, of the first phrase that needs it
        for hit in find_calques(ctx.text):
            entries = hit.entries
            if any(e.indian_english for e in entries):
                if indian is None:
                    indian = indian_english(ctx.text)
                if indian:
                    entries = tuple(e for e in entries if not e.indian_english)
                    if not entries:
                        continue
                    hit = replace(hit, entries=entries)
            # The finding goes to the strongest entry whose rule is on, so `--select C203`
            # still reports a phrase French, Spanish and Italian all list ("in vigour").
            on = [e for e in hit.entries if by_lang[e.lang].code in enabled] or list(hit.entries)
            lead = max(on, key=lambda e: e.strength)
            langs = [e.lang for e in hit.entries]
            natural, end = lead.filled(ctx.text, hit.start, hit.end)
            yield ctx.finding(
                by_lang[lead.lang],
                hit.start,
                end,
                _message(languages, lead, hit.entries, natural),
                severity=lead.severity,
                source_lang=lead.lang if len(langs) == 1 else None,
                # As evidence of a translation the phrase weighs what its entries weigh on
                # average; the verdict's language vote splits it among the candidates, so
                # each language gets the share it got when each lexicon reported apart.
                strength=round(sum(e.strength for e in hit.entries) / len(langs), 3),
                suggestion=natural[0] if natural else None,
                evidence={
                    **({"source_langs": langs} if len(langs) > 1 else {}),
                    "source_phrase": lead.source,
                    "natural": list(natural),
                    "lexicon": lead.lang,
                    **({"note": lead.note} if lead.note else {}),
                    **(
                        {
                            "also_in": [e.lang for e in hit.entries if e is not lead],
                            "source_phrases": {e.lang: e.source for e in hit.entries},
                        }
                        if len(langs) > 1
                        else {}
                    ),
                },
            )


def _message(
    languages: dict[str, str],
    lead: CalqueEntry,
    entries: Iterable[CalqueEntry],
    natural: tuple[str, ...],
) -> str:
    # An entry may gather a few related source phrases, written "a / b".
    sources = [
        f"{languages[e.lang]} " + " or ".join(f"'{p.strip()}'" for p in e.source.split(" / "))
        for e in entries
    ]
    source = or_list(sources)
    if not natural:
        return f"calque of {source}"
    says = " or ".join(f"'{n}'" for n in natural[:2])
    return f"calque of {source}; English says {says}"
