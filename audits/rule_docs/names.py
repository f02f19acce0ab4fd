"""The rules of ``audits.detectors.names``: their codes and documentation, apart from the
detector so that listing, explaining and selecting rules loads no detector."""

from __future__ import annotations

from audits.rules import Rule

SPELLED_TWO_WAYS = Rule(
    code="N301",
    reason="{n} name{s} spelled two ways in the article",
    name="name-spelled-two-ways",
    summary="One person's name is spelled two ways in the same document",
    what="""
Finds a person whose name appears in two spellings a letter or two apart in one
document ("Anthony Blinken" and "Anthony Blinkin", "Mr. Scholz" and "Schulz"). The
finding sits on the rarer spelling, or on the one that is not a listed public
figure's name as the list writes it, however often it is used ("Olaf Schulz" twice
beside one "Olaf Scholz"), and names the other one. Different people are
left alone: different first names (Boris Johnson / Ann Johnston), relatives
(Ivanov / Ivanova, Kim Jong Un / Kim Yo Jong), and two common surnames with no
shared first name. Spellings that differ only by accents or romanisation
(Zelensky / Zelenskyy) are reported at info severity. A Russian, Ukrainian or
Belarusian name spelled as another language transliterates it ("Sergueï Lavrov"
beside "Sergei Lavrov", "Vladimir Poutine" beside "Vladimir Putin") is reported
with that language as the likely source. A family-first name the document also writes
in full is reported when it comes out turned round ("Jinping Xi"), with its given name
cut ("Xi Jin Ping") or with its family name said again ("President Xi Jinping Xi"); the
last two name Chinese, Korean or Vietnamese after a listed person's country. The other
order given by the article itself ("listed by the WTA as Qinwen Zheng") is left alone.
""",
    why="""
Machine translation renders each sentence on its own, so a rare name can come
out differently each time it appears. An editor keeps one spelling; a document
that does not was most likely not edited after translation.
""",
    example="""
`Sergei Lavrov and Anthony Blinkin, who know each other well, shook hands.` →
'Anthony Blinkin' looks like a misspelling of 'Antony Blinken', also written
'Anthony Blinken' in this article.
""",
)


KNOWN_NAME_MISSPELLED = Rule(
    code="N302",
    reason="{n} misspelled name{s} of known people",
    name="known-name-misspelled",
    summary="A known person's name, or a common first name, misspelled",
    what="""
Compares every person named in the document with a list of well-known public
figures (heads of state and government, foreign ministers, leaders of the UN,
NATO and the EU, prominent figures of the G20; `audits/data/names.toml`). A name
a letter or two off a listed one is reported when the context places that
person: one of their roles in the same sentence ("German Chancellor Olaf
Schulz"), their country or keywords in the document, or a surname rare enough to
identify them. Also reports a first name unknown to English that is one letter
off a far more common first name ("Anthnoy"), and a public figure of Russia,
Ukraine or Belarus named as another language transliterates the name ("Vladimir
Poutine", French; "Sergej Lawrow", German).
""",
    why="""
Translation systems garble names they have seen rarely and "correct" names into
similar common ones (Scholz → Schulz). A known figure misspelled in a news text
is a trace of translation or of careless copying; a reader notices it at once.
Without the context guard, every Olaf Schulz who coaches a football team would
be reported as a misspelled chancellor.
""",
    example="""
`German Chancellor Olaf Schulz and British Prime Minister Boris Johnson ...` →
'Olaf Schulz' looks like a misspelling of 'Olaf Scholz' (the context has 'Chancellor').
""",
)


LOST_LETTER = Rule(
    code="N303",
    reason="{n} name{s} missing an accented letter or ligature",
    name="name-lost-letter",
    summary="A name lost a letter or half a ligature (Jolicour for Jolicœur)",
    source_langs=("fr", "de", "es", "it", "pt"),
    what="""
Finds capitalised words unknown to English that become a known spelling in a
source language when one letter is put back: an œ, æ or ß reduced to one letter
("Jolicour" for Jolicœur), or an accented letter dropped ("Franois" for François).
Ordinary English ASCII-fication ("Francois", "Jolicoeur", "Muller") keeps a
letter for every letter and is never reported. The finding names the language
whose word list knows the restored spelling.
""",
    why="""
Pipelines that cannot carry a character (a tokenizer without it, an ASCII-only
step in a scraper) drop it. English writers never do; the damaged name is a
trace of automated processing and often of the source language.
""",
    example="""
`Listen to the interview with Pierre Jolicour, of the Royal Military College` →
'Jolicour' looks like 'Jolicœur' with the 'œ' reduced to 'o' (fr).
""",
)


SPELLED_DIFFERENTLY_IN_RUN = Rule(
    code="N310",
    reason="{n} name{s} spelled differently across articles",
    name="name-spelled-differently-across-run",
    summary="One person's name is spelled differently across documents of a run",
    what="""
Across all documents audited together (a feed, a directory), finds a person
whose surname is spelled a letter or two differently in different documents,
with a matching first name ("Antony Blinken" in one article, "Antony Blinkin" in
another), or whose name one document writes as another language transliterates
it and another the English way ("Sergueï Lavrov" / "Sergei Lavrov", "Vladimir
Poutine" / "Vladimir Putin": the pairs N301 links within one article). Reports
where each spelling is used; the rarer or foreign one is listed first. English
variants (Zelensky / Zelenskyy) are left alone.
""",
    why="""
A feed whose articles cannot agree on a person's name is assembled from
unedited machine translation or scraped from several sources without review.
""",
    example="""
Article 1: `Antony Blinken met his Russian counterpart.` Article 2: `Antony
Blinkin flew to Kyiv.` → 'Blinkin' (1 document) and 'Blinken' (1 document) look
like one person spelled two ways across this run.

Article 1: `Sergueï Lavrov spoke in Geneva.` Article 2: `Sergei Lavrov flew to
Ankara.` → 'Sergueï Lavrov' (1 document) spells the name the French way; 'Sergei
Lavrov' (1 document) is how English writes it, elsewhere in this run.
""",
)

# The rules of audits.detectors.names: its document detector's, and its run detector's.
NAME_RULES: tuple[Rule, ...] = (SPELLED_TWO_WAYS, KNOWN_NAME_MISSPELLED, LOST_LETTER)
RUN_NAME_RULES: tuple[Rule, ...] = (SPELLED_DIFFERENTLY_IN_RUN,)
