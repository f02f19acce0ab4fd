"""The calque rules (C2xx), one per lexicon file: built from each lexicon's header and
first entries (``audits.calque_lexicon.lexicon_summaries``), not from the whole of it,
which only an audit matches."""

from __future__ import annotations

from functools import cache

from audits.calque_lexicon import LexiconSummary, lexicon_summaries
from audits.rules import Rule

_WHAT = """
Finds English phrases that render {article} {language} expression word for word, as
machine translation does, for example {examples}.

The phrases come from a lexicon of {count} {language} calque{s}
(`audits/data/calques/{lang}.toml`). Each entry knows the {language} original,
its English surface forms with their inflections, what natural English says
instead, how diagnostic it is, and context constraints that keep it off
ordinary English. Matching ignores case and accepts straight or curly
apostrophes; each finding names the {language} source and suggests the
natural English.
"""


def _rule(lex: LexiconSummary) -> Rule:
    # The first entries of a lexicon file are its most typical calques.
    examples = ", ".join(f'"{e.phrases[0].rstrip(",;:")}" ({e.source})' for e in lex.first)
    return Rule(
        code=lex.code,
        name=f"{lex.language.lower()}-calque",
        summary=lex.summary,
        what=_WHAT.format(
            article="an" if lex.language[:1] in "AEIOU" else "a",
            language=lex.language,
            lang=lex.lang,
            count=lex.count,
            s="" if lex.count == 1 else "s",
            examples=examples,
        ),
        why=lex.why,
        example=lex.example,
        source_langs=(lex.lang,),
        reason=f"{{n}} {lex.language} calque{{s}}",
        shared_reason="{n} calque{s} from {langs}",
    )


@cache
def calque_rules() -> tuple[Rule, ...]:
    return tuple(_rule(lex) for lex in lexicon_summaries())
