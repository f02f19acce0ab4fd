"""The rules of ``audits.detectors.fluency``: their codes and documentation, apart from the
detector so that listing, explaining and selecting rules loads no detector."""

from __future__ import annotations

from audits.document import Severity
from audits.rules import Rule

LOW_FLUENCY = Rule(
    code="F601",
    name="low-fluency-sentence",
    summary="Sentence less fluent than nearly all English-original sentences",
    severity=Severity.WARNING,
    what="""
Scores every sentence with a language model (by default the embedded
SmolLM2-135M, with the sentence before it as context) and flags the sentence
when its fluency score falls below the `fluency_percentile` (default 5) of
English-original sentences of similar length. The score is the surprise mass:
the sum over the sentence's tokens of how far each token's surprisal exceeds
3 nats, so every improbable word counts and one garbled phrase is enough. The
finding says where the sentence stands among English-original sentences. A
document's first sentence, mostly a headline and read with nothing before it, is
compared with English originals' first sentences.
""",
    why="""
Literal machine translation leaves word sequences that no English writer would
produce ("an intense diplomatic ballet show"); a language model trained on
English finds them improbable even when every word is common. One such sentence
proves nothing (5 % of English-original sentences are below the threshold by
construction), but they cluster in machine-translated text and tell a reviewer
which sentences to read first.
""",
    example="""
`See also  Aid to Ukraine "on the backs" of farmers` → reads less fluently than
97% of English-original sentences of its length (fluency score -52.7).
""",
)


SURPRISING_SPAN = Rule(
    code="F602",
    name="surprising-span",
    summary="Run of words a language model finds far less likely than their frequency",
    severity=Severity.INFO,
    what="""
Marks the exact run of words whose SLOR (log-probability in context minus the
word's unigram log-probability from wordfreq) is lower than the least likely
word of 95% of English-original sentences (the threshold follows
`fluency_percentile`): words far less likely where they stand than their
frequency predicts. A rare but correct name is judged against its own rarity.
An emoji and a hashtag's or handle's name are never marked: a quoted post carries
them as they were posted.
""",
    why="""
Mistranslations and calques show up as a few words that do not fit their
context, inside sentences that otherwise read well; pointing at the words saves
the reviewer from re-reading the whole sentence.
""",
    example="""
`Awani Review` → "Review" is far less likely here than its word frequency
predicts (SLOR -10.2 nats).
""",
)

# The rules of audits.detectors.fluency (the ones that need the language model).
FLUENCY_RULES: tuple[Rule, ...] = (LOW_FLUENCY, SURPRISING_SPAN)
