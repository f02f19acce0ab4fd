"""The rules of ``audits.detectors.residue``: their codes and documentation, apart from the
detector so that listing, explaining and selecting rules loads no detector."""

from __future__ import annotations

from audits.rules import Rule

UNTRANSLATED_SENTENCE = Rule(
    code="L401",
    name="untranslated-sentence",
    summary="A sentence left in another language",
    reason="{n} untranslated {lang} sentence{s}",
    what="""
Finds sentences that are not in English: written in another script
(Cyrillic, Chinese, Arabic...), or in a Latin-script language whose function
words they are full of, confirmed by langdetect. The detected language is
reported as the likely source language. The Latin-script languages are those
whose function words `audits/data/residue.toml` lists (French, German, Spanish,
Italian, Portuguese, Dutch, Polish, Czech, Swedish, Turkish): a sentence in Irish
or Welsh, which Irish and British English quote as they are (a bilingual
slogan, a placename's motto), is not reported.
""",
    why="""
Machine-translation pipelines skip sentences they fail to segment, captions,
quotations and boilerplate, and publish them as they were. An untranslated
sentence in an English article is one of the surest signs of an automated
translation, and it names the source language.
""",
    example="""
`Le gouvernement a annoncé de nouvelles mesures mardi.` in an English article →
translate it ("The government announced new measures on Tuesday.").
""",
)


UNTRANSLATED_PHRASE = Rule(
    code="L402",
    name="untranslated-phrase",
    summary="A phrase or quotation left in another language",
    reason="{n} untranslated {lang} phrase{s}",
    what="""
Finds stretches inside an English sentence that are in another language: a
quotation, a clause or a run of words with the other language's function
words, or a run of another script. Loan phrases English uses as they are
("raison d'être", "de facto") and names are not flagged, nor the rest of an
organisation's name written in its own language after its capitalised head ("the
Association des usagers du transport collectif").
""",
    why="""
Engines leave quotations, titles and words they do not recognise untranslated;
a human translator would translate or gloss them. The language of the phrase
points to the source language.
""",
    example="""
`The minister called the situation très préoccupante et inacceptable.` →
"deeply worrying and unacceptable".
""",
)

# The rules of audits.detectors.residue, in its order.
RESIDUE_RULES: tuple[Rule, ...] = (UNTRANSLATED_SENTENCE, UNTRANSLATED_PHRASE)
