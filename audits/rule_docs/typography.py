"""The rules of ``audits.detectors.typography``: their codes and documentation, apart from the
detector so that listing, explaining and selecting rules loads no detector."""

from __future__ import annotations

from audits.rule_docs.cjk_punctuation import CJK_PUNCTUATION
from audits.rule_docs.datelines import CONTINENTAL_DATELINE
from audits.rule_docs.rtl_punctuation import RTL_PUNCTUATION
from audits.rules import Rule

SPACE_BEFORE_PUNCTUATION = Rule(
    code="T101",
    name="space-before-punctuation",
    summary="A space before ; : ! ? (French typography)",
    source_langs=("fr",),
    reason="{n} French-style space{s} before ; : ! ?",
    what="""
Finds a space, no-break space (U+00A0), narrow no-break space (U+202F) or thin
space directly before a semicolon, colon, exclamation mark or question mark,
as in `Pourquoi ?` rendered as `Why ?`. Emoticons (`:)`), clock times, ratios,
anything inside URLs or code, and a sentence that is itself French (a bilingual
notice's `Avis aux résidents : ...`, which L401 judges) are ignored, and so is an Indian
notice's `Venue : College Playground` (a plain space before a colon in a text that counts in
`lakh`, `crore` or `Rs` or names `Smt.`, a police `FIR`, or `Shri` beside one of them)
unless another source mark stands beside it.
""",
    why="""
French typesetting puts a (narrow) no-break space before these marks; English
never does. Machine translation copies the space over, and a narrow no-break
space survives even when everything else in the text was rewritten, so it
points to a French source. A plain space is weaker evidence: some informal and
non-native writers type it too.
""",
    example="""
`What does Moscow want ?` → write `want?` (no space before the question mark).
""",
)


FOREIGN_QUOTES = Rule(
    code="T102",
    name="foreign-quotation-marks",
    summary='« » or „ “ quotation marks, or a dash after a quotation ("…," - he said)',
    source_langs=(
        "fr",
        "ru",
        "uk",
        "es",
        "it",
        "pt",
        "de",
        "cs",
        "pl",
        "sk",
        "ro",
        "hu",
        "bg",
    ),
    reason="{n} {lang}-style quotation{s} (« », „ “, or a dash before “he said”)",
    what="""
Finds quotations in guillemets (`« … »`, `«…»`, `»…«`) and low-9 quotes
(`„…“`, `„…”`). French puts spaces inside guillemets, Russian, Spanish or
Italian do not; `„…“` is German or Czech, `„…”` Polish or Romanian. A
breadcrumb separator (`Home » World`) or a link's arrow (`« Previous post`, `Read
more »`) is not a quotation and is ignored, and so is a quotation left in its own
language (`« On marche sur la tête »`): an English writer quoting French keeps its
marks, and L402 judges the untranslated words. A dash between a quotation and the
words that attribute it (`"We will not give up," - the department noted`, `"…", — said
the minister`) is the direct-speech punctuation of Russian, Ukrainian or Polish
(`«…», — сказал он`); a dash after a quotation that no attributing verb follows (`"the
worst in a decade" - and possibly more`), or whose verb ends a clause of narration
(`"Get out!" - that was all she said`), is English.
""",
    why="""
English uses “ ” and ‘ ’ (or straight quotes). A translation engine often keeps
the source's quotation marks, so they survive in English text as a strong
fingerprint of the language it came from.
""",
    example="""
`Lavrov called the proposals « unacceptable ».` → write `“unacceptable”`.
""",
)


DOUBLED_PUNCTUATION = Rule(
    code="T103",
    name="doubled-punctuation",
    summary="Doubled punctuation such as '. .'",
    reason="{n} doubled punctuation mark{s}{examples}",
    what="""
Finds a sentence or clause mark followed by a space and another mark, as in
`small purple bouquets. .` or `the ministry , ,`. A spaced ellipsis (`. . .`)
is not flagged.
""",
    why="""
When a source sentence ends with a closing quote, a bracket or a French
spaced mark, translation pipelines often render both the mark and the
leftover as full stops. Human writers and editors rarely leave `. .` behind.
""",
    example="""
`decorated with small purple bouquets. .` → `decorated with small purple bouquets.`
""",
)


DECIMAL_COMMA = Rule(
    code="T104",
    name="decimal-comma",
    summary="A decimal comma or a spaced percent sign, as in 3,5 % or 68 %",
    source_langs=(
        "fr",
        "de",
        "es",
        "it",
        "pt",
        "ru",
        "uk",
        "pl",
        "cs",
        "nl",
        "tr",
        "ro",
        "sv",
    ),
    reason="{n} continental number{s}{examples}",
    what="""
Finds numbers written with a decimal comma where the context makes the reading
certain: a unit, a percent sign, "million" or a currency goes with it
(`3,5 %`, `1,2 million`, `€4,50`, `0,10 g`, German and Czech `1,2 Mrd.`, Spanish and
Portuguese `2,5 mil million`, a thousand million, as `2.5 billion`).
`1,500` (a thousands comma) and lists such as `3,5 and 7` are not flagged. A decimal
of thousands (`75.9 thousand`, Russian "75,9 тыс." or Spanish "75,9 mil" with the comma
made a point) is reported too, more weakly, but not before the units statistics give in
thousands (`75.9 thousand barrels`, `2.5 thousand years`), nor in British English's
`1.5 thousand million`. A space
before the percent sign is reported on its own too (`68 %`, `12.5 %`), weaker for a
plain space than for a no-break one; in a scientific text (a p-value, a unit symbol
such as `mg` or `°C`), where the SI brochure writes `68 %`, only beside another mark
of a source's typography. A plain-space `68 %` is itself no such mark for the others:
ISO 80000 and the SI brochure write it so. South African English writes a decimal comma
itself (`R2,5 billion`, `8,25%`): in a story that names two South African places or
bodies it counts only beside a mark South African English does not write.
""",
    why="""
Most continental European languages write 3,5 where English writes 3.5, and
French adds a space before the percent sign. Engines translate the words and
leave the number untouched, which changes its meaning for English readers.
""",
    example="""
`Inflation reached 3,5 % in March.` → `Inflation reached 3.5% in March.`
""",
)


THOUSANDS_SEPARATOR = Rule(
    code="T105",
    name="foreign-thousands-separator",
    summary="Digits grouped with spaces or dots (100 000, 1.000.000)",
    source_langs=("fr", "ru", "de", "it", "es", "pt", "cs", "pl", "uk", "nl", "tr", "sv"),
    reason="{n} number{s} grouped the {lang} way{examples}",
    what="""
Finds thousands grouped with a space or no-break space (`100 000`) or with dots
(`1.000.000`, and `21.000` or `1.500 people` where a round thousand or the word
after the number makes it a count, or `1.500 million`, Spanish "1.500 millones", a
billion and a half, where two zeros end it and the text gives no amount to three
places, as `1.125 million`, `$0.750 million` or `a 4.500% coupon` do, or before
`mil millones`, Spanish for a thousand million: `2.125 mil millones`; not before `mil`
alone, also the English thousandth of an inch: `a 2.000 mil film`).
A thin or narrow no-break space (`10 000`
typeset the SI way, as scientific English does), and any space in an equation or
before a unit's symbol (`N = 1 024`, `spun at 10 000 g`), counts only where the
text shows another mark of a source's typography, such as a no-break space before
`?` or a decimal comma. Decimals (`2.256 seconds`, `a 4.000% coupon`, `$3.999 a gallon`, `a 1.000
fielding percentage`, `weigh 2.000 g`), versions (`2.5.1`), IP addresses, phone
numbers, Australian business and company numbers (`ABN 51 824 753 556`), British
grid references (`NY 195 149`) and a date
followed by a number (`April 3 410 bodies`) are not flagged, nor, in a story that names
two South African places or bodies, space-grouped thousands (`4 500 MW`, as South
Africa writes them) without a mark South African English does not write beside them.
""",
    why="""
English groups thousands with commas (100,000). Spaces are the French, Russian,
Czech and Polish habit; dots the German, Italian, Spanish and Portuguese one.
A dot-grouped number is also misread by English readers as a decimal.
""",
    example="""
`about 100 000 troops` → `about 100,000 troops`; `21.000 people` → `21,000 people`.
""",
)


CONTINENTAL_TIME = Rule(
    code="T106",
    name="continental-time",
    summary="A clock time written 10 h 30, 10h30, 18 o'clock or 20.15 Uhr",
    source_langs=("fr", "pt", "de", "ru", "cs", "pl", "ja", "es", "uk", "ca", "nl"),
    reason="{n} {lang}-style clock time{s}{examples}",
    what="""
Finds clock times in the French style (`10 h 30`, `10h30`, `at 10 h`, `at 18h`), lengths
of time written the same way (`the trip takes 2h30`, read as "2 hours 30 minutes"),
24-hour hours read out with "o'clock" or "hours" (`at 18 o'clock`, `at 18 hours`), the
literal rendering of German "18 Uhr", French "à 18 heures", Russian "в 18 часов" or
Japanese "18時", Spanish "a las 12:00 horas" with its article (`at the 12:00 hours`;
not `angry at the 12 hours it took`) or, for an hour past noon, without it (`at 14:00
hours`; not `at 10:00 hours`, the British `at 14.00 hours`), and times marked the
German way (`20.15 Uhr`, `at 20.15 h`) or the Dutch way (`15.00 uur`, `at 18 uur`; not
`lasted 2 uur` or a bare `2 uur`, Dutch for two hours). Durations written
`1h30m` or `2 h 15 min` are not flagged, nor are `at 6 h` or `at 2.25 h` in a text that
uses `h` as the unit of hours elapsed (`incubated for 2 h`, `24 h`, `12 h
post-infection`), nor `at 18 hours post-infection` or the military `at 1800 hours`.
South African English writes `06h00` and `14h30` itself: in a story that names two
South African places or bodies (`SAPS`, `Gauteng`, `Tshwane`), such a time counts only
beside another mark of French typography. Indian English writes `at 14:00 hours` itself:
in a text that counts in `lakh`, `crore` or `Rs` or names a police `FIR` or `Smt.` (`Shri`
only beside one of them), that time counts only beside another mark of a source's typography.
""",
    why="""
English writes 10:30 or 10.30 am and never puts "o'clock" after an hour past
twelve. These forms survive translation because engines leave numbers alone.
""",
    example="""
`The talks resumed at 15 h 30.` → `The talks resumed at 3:30 pm.`
""",
)


FOREIGN_ORDINAL = Rule(
    code="T107",
    name="foreign-ordinal",
    summary="A French, Spanish or German ordinal or date (1er, 2e, 1º, 3. March, 15.03.2024)",
    source_langs=("fr", "es", "pt", "it", "de", "cs", "ru", "pl", "nl", "tr"),
    reason="{n} {lang} ordinal{s}{examples}",
    what="""
Finds ordinal numbers written the way another language writes them: French `1er`,
`1re`, `2e`, `3ème`, `XXe century`; Spanish, Portuguese or Italian `1º`, `2ª`, and
the numero sign `n° 5`, `nº 5`, `№ 5`; and the German or Nordic ordinal dot before a
month where the two read as one date (`on 3. March`, `13. October 2020`, `as of 1.
May`, `by 1. June the ministry must`; not `They finished 3. March saw a recovery`)
or after a determiner (`his 60. World Cup victory`, `the 3. win`; not where the next
words open a sentence: `... and his 60. The rest ...`, `He took the 405. Traffic was
bad`), but not in club and league names (`1. FC Köln`, `the 2. Bundesliga`); and a
date in ordinal numbers with Czech or German spacing (`on 1. 4. 2022`) or in numbers
with dots and no spaces (`on 15.03.2024`, `until 31.3.`, `on 10.03, the`; not `version
2.10.2019`, `IP address 10.12.2019`, `section 3.1.`, nor in a text of Indian English, which
writes dates so too; a British `25.06.2022` is reported, as British style guides and news
copy write `25 June 2022`), and a Spanish or
Portuguese date rendered word for word (`1 of January of 2024`; not `3 of May's goals`,
`Day 3 of March`, `Part 2 of August Wilson's cycle`), and a date that kept the source's
month name (`4 października`, `20 de março de 2024`, `5 Ekim`; the names in
`audits/data/month_names.toml`, in their language's case, not inside a sentence left in
that language).
Scientific notation (`2e-5`), colour codes, labels (`Fig. 2e`, `Flat 2e`, `D&D 5e`),
`º` typed for a degree sign (`bake at 180ºC`, `a 90º angle`) and the items of a
numbered list (`1. May. Long days ...` above `2. June. ...`) are not flagged.
""",
    why="""
English writes 1st, 2nd, 3rd. An engine that does not recognise the source's
ordinal leaves it as it was, which no English writer would produce.
""",
    example="""
`the 2e arrondissement` → `the 2nd arrondissement`; `on 3. March` → `on 3 March`.
""",
)


INVERTED_MARKS = Rule(
    code="T108",
    name="inverted-question-exclamation",
    summary="Inverted ¿ or ¡ marks (Spanish)",
    source_langs=("es",),
    reason="{n} Spanish inverted mark{s} (¿ ¡)",
    what="""
Finds the opening inverted question and exclamation marks `¿` and `¡` before
English words; a Spanish quotation (`¡Viva México!`) keeps its own marks.
""",
    why="""
Only Spanish (and a few languages of Spain) open questions and exclamations
with an inverted mark; in English text they are left over from a Spanish
source or an untranslated Spanish sentence.
""",
    example="""
`¿What will the government do now?` → `What will the government do now?`
""",
)

# The rules of the Typography detector, in its order: the T rules here, and those of
# the dateline, CJK and RTL modules it runs too.
TYPOGRAPHY_RULES: tuple[Rule, ...] = (
    SPACE_BEFORE_PUNCTUATION,
    FOREIGN_QUOTES,
    DOUBLED_PUNCTUATION,
    DECIMAL_COMMA,
    THOUSANDS_SEPARATOR,
    CONTINENTAL_TIME,
    FOREIGN_ORDINAL,
    INVERTED_MARKS,
    CONTINENTAL_DATELINE,
    CJK_PUNCTUATION,
    RTL_PUNCTUATION,
)
