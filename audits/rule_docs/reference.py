"""The reference rules of `mtaudit compare` (``audits.reference_rules``): their codes and
documentation, apart from the metrics so that listing rules loads none of them."""

from __future__ import annotations

from audits.document import Severity
from audits.rules import Rule

LOW_CHRF = Rule(
    code="R701",
    name="low-sentence-chrf",
    summary="sentence chrF far below the document's own level",
    what="""
Scores every hypothesis sentence against its reference with chrF and flags the
sentences whose score is far below the rest of the same document: under the
document's median minus 1.5 times its robust spread (1.4826 x the median
absolute deviation, at least 8 points) and under chrF 50. The document needs at
least five scored sentences, and sentences under nine words (headlines,
captions, datelines, whose chrF is noise) are never flagged; the thresholds
live in `audits/data/reference.toml`.
""",
    why="""
A translation is usually about as good throughout; the sentence that falls far
below its neighbours is where the system lost the thread: a mistranslated
clause, a hallucination, a garbled name or an omission. Comparing with the
document's own level rather than a fixed score keeps the rule meaningful for
both strong and weak systems and for both literal and free references.
""",
    example="""
In a document whose sentences score chrF 55-70, the hypothesis "The small
house of Zhang teamed up with a muscular teenager" against the reference
"Zhang Jike and Lin Xiaozhai form a team to support a muscular youth" scores
about 25 and is flagged.
""",
)


NUMBER_MISMATCH = Rule(
    code="R702",
    name="number-differs-from-reference",
    summary="a number in the hypothesis differs from the reference",
    what="""
Finds the numbers of each hypothesis sentence (digits, with thousands
separators, decimal commas, percentages and "million"/"bn" scales normalised;
spelled-out numbers only confirm a match) and flags those the reference does
not have. When the reference (every one, when there are several) has a
number the hypothesis lacks, the finding covers the whole sentence. `1,000`,
`1000` and `1 000` match; `3,5` matches `3.5`; `35%` matches `35 per cent`;
`5 million` matches `5,000,000`.
""",
    why="""
A wrong number is a factual error that readers cannot detect and that no
fluency check sees: the sentence reads perfectly. Machine translation confuses
decimal and thousands separators (`3,5` read as 35), drops or invents digits,
and rounds; a reference catches all of it.
""",
    example="""
Hypothesis "Prices rose by 35 percent in March." with reference "Prices rose
by 3.5 percent in March." is flagged on `35`, with `3.5` as the suggestion.
""",
    severity=Severity.ERROR,
)


NAME_MISMATCH = Rule(
    code="R703",
    name="name-differs-from-reference",
    summary="a name in the hypothesis is spelled differently in the reference",
    what="""
Flags capitalised words of the hypothesis that the reference does not contain
but that are a near miss (rapidfuzz normalised Levenshtein similarity at least
70%) of a capitalised word it
does contain, such as "Schulz" for "Scholz", or the same word without its
diacritics ("Muller" for "Müller"). Pairs of common English words ("Then" and
"The"), short words and derived forms ("Russia" and "Russian") are left alone.
""",
    why="""
Names are where machine translation fails most visibly: transliteration
variants, wrong characters, a better-known namesake substituted for the real
person. The reference spells the name as the publisher does, so any difference
is either an error or a house-style violation.
""",
    example="""
Hypothesis "Chancellor Olaf Schulz arrived in Paris." with reference
"Chancellor Olaf Scholz arrived in Paris." is flagged on `Schulz`, with
`Scholz` as the suggestion.
""",
)

# The rules of `mtaudit compare` (audits.reference_rules), in its order.
REFERENCE_RULES: tuple[Rule, ...] = (LOW_CHRF, NUMBER_MISMATCH, NAME_MISMATCH)
