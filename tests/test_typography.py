"""T1xx typography rules: each fires on translated typography and not on honest English."""

from __future__ import annotations

import dataclasses
import re

import pytest

from audits import AuditConfig, Document, Finding, audit_document
from audits.detectors.character_names import named_characters
from audits.features import text_features


def found(text: str, code: str) -> list[Finding]:
    doc = Document(id="t", text=text, source="test")
    audit = audit_document(doc, AuditConfig(lm=False, select=[code]))
    assert audit.ok, audit.error
    for f in audit.findings:
        assert text[f.start : f.end] == f.text
    return audit.findings


def spans(text: str, code: str) -> list[str]:
    return [f.text for f in found(text, code)]


def test_t101_narrow_no_break_space_before_colon_points_to_french() -> None:
    text = "Le Drian was blunt\u202f: the talks had failed, he told reporters in Paris."
    (f,) = found(text, "T101")
    assert f.text == "\u202f:" and f.source_lang == "fr" and f.suggestion == ":"
    assert f.evidence["kind"] == "narrow_nbsp"
    assert f.strength > 0.4


@pytest.mark.parametrize(
    ("space", "kind", "strength"),
    [
        (" ", "space", 0.2),
        ("\u00a0", "nbsp", 0.45),
        ("\u202f", "narrow_nbsp", 0.5),
        ("\u2009", "thin", 0.4),
    ],
)
def test_t101_and_t105_name_one_space_with_one_kind(space: str, kind: str, strength: float) -> None:
    # T101 named a thin space "thin_space" where T104 and T105 name it "thin", and T105
    # named a narrow no-break space "thin" where T101 names it "narrow_nbsp". The
    # strengths are T101's as they were.
    text = f"Why would Moscow accept{space}? About 100{space}000 people fled."
    (t101,) = found(text, "T101")
    (t105,) = found(text, "T105")
    assert t101.evidence["kind"] == t105.evidence["kind"] == kind
    assert t101.strength == pytest.approx(strength)


def test_t104_names_a_thin_space_before_percent_as_t101_does() -> None:
    text = "Why would Moscow accept\u2009? Turnout was 68\u2009% in Lyon."
    (t101,) = found(text, "T101")
    (t104,) = found(text, "T104")
    assert t101.evidence["kind"] == t104.evidence["kind"] == "thin"


@pytest.mark.parametrize("space", [" ", "\u00a0", "\u202f"])
def test_the_space_a_t_rule_found_is_named_by_its_code_point(space: str) -> None:
    # T104 named the space before "%" "space" or "nbsp" where T101 names the one before
    # "?" "U+0020" or "U+00A0": one key, two vocabularies, in the JSON report.
    text = f"Why would Moscow accept{space}? Turnout was 68{space}% in Lyon."
    (t101,) = found(text, "T101")
    (t104,) = found(text, "T104")
    assert t101.evidence["space"] == t104.evidence["space"] == f"U+{ord(space):04X}"


def test_t101_plain_space_before_question_mark_is_weaker() -> None:
    text = "Why would Moscow accept such terms ? Nobody in Geneva could say."
    (f,) = found(text, "T101")
    assert f.text == " ?" and f.strength < 0.3


@pytest.mark.parametrize(
    "text",
    [
        "The vote passed 3 : 1 after a long night in the Senate.",
        "Great news for the team :) We start at 10:30 on Monday.",
        "As John 3:16 says, the verse is quoted at every game.",
        "Read the report at https://example.org/a?b=1 before Friday.",
        "Absolutely love the case !! Performs exactly as advertised.",
        "In C you write `x ? y : z` for a conditional expression.",
    ],
)
def test_t101_ignores_ratios_emoticons_verses_urls_and_code(text: str) -> None:
    assert spans(text, "T101") == []


def test_t101_leaves_french_spacing_inside_a_french_sentence_alone() -> None:
    # A bilingual notice (Canadian, as municipalities write them) sets its French in
    # French typography; whether French belongs there is L401's question, and T101's
    # trace is French spacing left in English words.
    text = (
        "The City will replace the water main on Rideau Street from 3 June.\n\n"
        "Avis aux résidents : la Ville d'Ottawa remplacera la conduite d'eau "
        "principale de la rue Rideau du 3 au 28 juin.\n\n"
        "Residents were told : the water will be off for six hours."
    )
    assert spans(text, "T101") == [" :"]
    (f,) = found(text, "T101")
    assert f.start == text.index("told :") + 4


def test_t101_is_tied_to_the_sentence_of_the_word_before_its_space() -> None:
    # A sentence over 1,000 characters with no clause mark near its end is cut at its
    # last space. That was the one before ";": the ";" opened the next piece, and T101
    # (which judged the word before the space) was tied to that next sentence, a
    # sentence it had not looked at, in every report that groups findings by sentence.
    # No cut leaves a piece opening with ";" now: the word goes with its " ;".
    words = "the committee met again on Tuesday and the members talked about the budget "
    head = (words * 20)[:992] + " again"
    text = head + " ; and then the meeting ended without a vote."
    assert text.index(" ;") == 998
    (f,) = found(text, "T101")
    assert f.text == " ;"
    from audits.segment import segment

    sentences = segment(text).sentences
    assert len(sentences) == 2 and sentences[1].text.startswith("again ;")
    assert f.sentence == 1


def test_t102_spaced_guillemets_are_french() -> None:
    text = "Lavrov called the proposals « totally unacceptable » on Friday."
    (f,) = found(text, "T102")
    assert f.text == "« totally unacceptable »"
    assert f.source_lang == "fr" and f.suggestion == "“totally unacceptable”"


def test_t102_low_nine_quotes_point_to_german_family() -> None:
    text = "Scholz said the plan was „not negotiable“ and left the room."
    (f,) = found(text, "T102")
    assert f.text == "„not negotiable“"
    assert f.source_lang is None and "de" in f.evidence["source_langs"]


def test_t102_unspaced_guillemets_name_several_languages() -> None:
    text = "The ministry called it «a provocation» in a statement."
    (f,) = found(text, "T102")
    assert {"ru", "es", "it"} <= set(f.evidence["source_langs"])


def test_t102_ignores_breadcrumbs_and_english_quotes() -> None:
    text = "Home » World » Europe\nShe called it “a provocation” and 'a stunt'."
    assert spans(text, "T102") == []


def test_t102_ignores_link_arrows_of_english_web_pages() -> None:
    text = "« Previous post | Next post »\n« Back to news\nRead more »\nThe mayor spoke."
    assert spans(text, "T102") == []
    quoted = "It was «more of the same», he said, and «the next step» would wait."
    assert spans(quoted, "T102") == ["«more of the same»", "«the next step»"]


def test_t102_a_dash_between_a_quotation_and_its_attribution() -> None:
    # Russian «…», — сказал он: the engine keeps the dash after the closing quote.
    text = (
        '"We will not give up," - the department noted in a statement. '
        '"The situation is under control", — said the head of the region. '
        '"Why now?" – asked the deputy. '
        '"It will not happen," - Peskov stressed. "Never," - he added. '
        '"We are ready," - it is said in the statement.'
    )
    found_ = found(text, "T102")
    assert [f.text for f in found_] == [" - ", " — ", " – ", " - ", " - ", " - "]
    assert found_[0].suggestion == " " and "ru" in found_[0].evidence["source_langs"]
    assert '“," the department noted”' in found_[0].message


@pytest.mark.parametrize(
    "text",
    [
        'It was "the worst vulnerability of the last decade" - and possibly the biggest.',
        '"I\'m done," - and then he left the room without a word to anyone.',
        'The "Dubai model" - a low-tax hub - was discussed.',
        # The verb ends an English clause, not a speaker's name: narration.
        '"Get out!" - that was all she said to him before leaving the house.',
        '"Fine," - it was what everyone said in the end.',
    ],
)
def test_t102_an_english_dash_after_a_quotation_is_left_alone(text: str) -> None:
    assert spans(text, "T102") == []


def test_t103_doubled_full_stop() -> None:
    text = "The tables were decorated with small purple bouquets. . A soft colour."
    (f,) = found(text, "T103")
    assert f.text == ". ." and f.suggestion == "."


def test_t103_ignores_spaced_ellipsis_and_single_marks() -> None:
    text = "He paused . . . and then went on. The end, of course, came later."
    assert spans(text, "T103") == []


def test_t104_decimal_comma_with_percent_and_million() -> None:
    text = "Inflation reached 3,5 % in March, and 1,2 million households paid more."
    found_ = found(text, "T104")
    assert [f.text for f in found_] == ["3,5 %", "1,2 million"]
    assert found_[0].suggestion == "3.5%" and found_[1].suggestion == "1.2 million"
    assert "fr" in found_[0].evidence["source_langs"]


def test_t104_a_decimal_comma_before_a_german_or_czech_abbreviation() -> None:
    text = "The costs amount to 1,2 Mrd. Euro. The fine was 2,3 mld. CZK, or 4,5 Mio. euros."
    found_ = found(text, "T104")
    assert [f.suggestion for f in found_] == ["1.2 billion", "2.3 billion", "4.5 million"]


@pytest.mark.parametrize(
    ("text", "span", "suggestion", "langs"),
    [
        # The source's own word for percent, scale or currency left untranslated beside
        # the decimal comma: the number was reported nowhere, the word said whose it was.
        (
            "The deficit rises to 2,9 procent, the CPB said.",
            "2,9 procent",
            "2.9 percent",
            ["nl", "pl", "cs", "sv"],
        ),
        ("Wages will rise by 6,5 proc. from January.", "6,5 proc", "6.5 percent", ["pl"]),
        (
            "The costs amount to € 2,5 miljard next year.",
            "2,5 miljard",
            "2.5 billion",
            ["nl", "sv"],
        ),
        ("A package of R$ 2,5 bilhões for the Northeast.", "2,5 bilhões", "2.5 billion", ["pt"]),
        ("The government raised it to R$ 2,5 bi on Friday.", "2,5 bi", "2.5 billion", ["pt"]),
        ("Exports reached 355,5 tỷ USD last year.", "355,5 tỷ", "355.5 billion", ["vi"]),
        ("The budget is 1,5 milyar for the region.", "1,5 milyar", "1.5 billion", ["tr"]),
        ("A ticket costs 4,50 zł in Warsaw.", "4,50 zł", "4.50 zlotys", ["pl"]),
        ("The dollar was 27,15 TL on Thursday.", "27,15 TL", "27.15 liras", ["tr"]),
    ],
)
def test_t104_a_decimal_comma_before_an_untranslated_word(
    text: str, span: str, suggestion: str, langs: list[str]
) -> None:
    (f,) = found(text, "T104")
    assert (f.text, f.suggestion) == (span, suggestion)
    assert f.evidence["source_langs"] == langs
    assert f.source_lang == (langs[0] if len(langs) == 1 else None)


def test_t104_a_space_before_the_percent_sign_alone() -> None:
    # French "68 %" and German "68 %" keep their space when the number has no comma.
    text = "Turnout reached 68 % in the first round, against 3,5 % and 12.5\u00a0% before."
    found_ = found(text, "T104")
    assert [(f.text, f.suggestion) for f in found_] == [
        ("68 %", "68%"),
        ("3,5 %", "3.5%"),
        ("12.5\u00a0%", "12.5%"),
    ]
    assert {"fr", "de"} <= set(found_[0].evidence["source_langs"])
    assert found_[2].strength > found_[0].strength  # a no-break space is typesetting


def test_t104_a_spaced_percent_in_a_scientific_text_is_si_style() -> None:
    # The SI brochure writes "68 %"; in a text with p-values and unit symbols it is
    # reported only beside another source mark.
    science = "Removal fell by 62 % (p < 0.01) at 5.8 °C, and uptake was 0.9 mg per plant."
    assert spans(science, "T104") == []
    assert spans(science + " Officials said « it works ».", "T104") == ["62 %"]
    assert spans("A 1 000 % rise, or 100% as typed.", "T104") == []
    # A thin-space grouping is a grouping too: not "000 %" read on its own.
    assert spans("Prices rose 1\u2009000 % in a year.", "T104") == []


def test_a_decimal_comma_before_a_german_abbreviation_is_one_finding() -> None:
    # T104 writes "2,5 Mrd." out as "2.5 billion"; the German calque lexicon reported
    # the same "Mrd." again. Without a decimal comma the abbreviation is C202's alone.
    text = "The package is to cost around 2,5 Mrd. Euro, and a further 3.1 Mio. Euro."
    doc = Document(id="t", text=text, source="t")
    audit = audit_document(doc, AuditConfig(lm=False))
    assert [(f.code, f.text) for f in audit.findings] == [("T104", "2,5 Mrd"), ("C202", "Mio.")]


def test_a_decimal_comma_before_a_russian_abbreviation_is_one_finding() -> None:
    # "1,5 млн": T104 and C205 each reported "mln"; T104 now writes it out.
    text = "Some 1,5 mln people and 2,3 bln doses were counted, against 3 mln people before."
    doc = Document(id="t", text=text, source="t")
    audit = audit_document(doc, AuditConfig(lm=False))
    found_ = [(f.code, f.text, f.suggestion) for f in audit.findings]
    assert found_ == [
        ("T104", "1,5 mln", "1.5 million"),
        ("T104", "2,3 bln", "2.3 billion"),
        ("C205", "mln", "million"),
    ]


def test_t104_a_french_amount_of_euros_with_its_scale() -> None:
    # "1,2 M€" is 1.2 million euros; the suggestion read "M" as a unit and dropped "€".
    text = "The damage is estimated at 1,2 M€, and the budget at 3,5 Md€."
    found_ = found(text, "T104")
    assert [(f.text, f.suggestion) for f in found_] == [
        ("1,2 M€", "€1.2 million"),
        ("3,5 Md€", "€3.5 billion"),
    ]
    assert found_[0].source_lang == "fr"


def test_t104_a_decimal_of_thousands() -> None:
    # Russian "75,9 тыс. автомобилей" and Spanish "5,7 mil personas": the engine made
    # the comma a point and kept the scale word, where English writes the number out.
    text = (
        "About 75.9 thousand cars were exported, and 5.7 Thousand people were left "
        "homeless; another 1,5 thousand fled."
    )
    found_ = found(text, "T104")
    assert [(f.text, f.suggestion) for f in found_] == [
        ("75.9 thousand", "75,900"),
        ("5.7 Thousand", "5,700"),
        ("1,5 thousand", "1,500"),
    ]
    assert found_[0].evidence["kind"] == "decimal_thousand"
    assert {"ru", "es"} <= set(found_[0].evidence["source_langs"])
    # Its seven candidates are named by family, each with the form it writes.
    assert "Slavic languages" in found_[0].message
    assert "(Russian “75,9 тыс.”, Polish “75,9 tys.”)" in found_[0].message
    assert "Spanish and Portuguese (“75,9 mil”)" in found_[0].message
    # A count of thousands, and the units statistics give in thousands, are English.
    english = (
        "Some 75 thousand people came, output rose by 75.9 thousand barrels per day, "
        "and the wall was built 2.5 thousand years ago, at a cost of £1.5 thousand million, "
        "a 2.5 thousand-fold rise."
    )
    assert spans(english, "T104") == []


def test_t104_ignores_thousands_commas_and_lists() -> None:
    text = "About 1,500 people came; see pages 3,5 and 7 of the 2,000-page report."
    assert spans(text, "T104") == []


def test_t105_space_and_dot_grouped_thousands() -> None:
    text = (
        "In total, 34 451 people died, and since Saturday more than 21.000 people "
        "were without power; the fund holds 1.000.000 euros."
    )
    assert spans(text, "T105") == ["34 451", "21.000", "1.000.000"]


def test_t105_a_grid_square_needs_its_capitals_and_two_equal_parts() -> None:
    # Only a grid square's two capitals before an easting and a northing excuse spaces.
    text = "In the UK 100 000 people signed; at NY 1 195 149 more did, and ny 195 149 too."
    assert spans(text, "T105") == ["100 000", "1 195 149", "195 149"]


def test_t105_an_upper_case_word_is_no_grid_square() -> None:
    # A headline in capitals put "TO" or "OF" before the number, which passed for a grid
    # square's letters; only the squares that hold land count, and "NO" or "SO", which
    # are English words too, only after "grid reference".
    text = "THE DEATH TOLL ROSE TO 100 000 AFTER THE EARTHQUAKE, OFFICIALS SAID."
    assert spans(text, "T105") == ["100 000"]
    assert spans("A crowd OF 250 000 gathered in the square.", "T105") == ["250 000"]
    assert spans("THERE WERE SO 250 000 PEOPLE.", "T105") == ["250 000"]
    walk = "Park at grid reference NY 195 149, or at grid ref SO 345 678 by the bridge."
    assert spans(walk, "T105") == []


def test_t105_no_and_so_squares_in_lower_case_prose() -> None:
    # A walk's "SO 512 398" in running prose was reported without the cue right before
    # it; capitals in prose are the square, capitals in a capital run stay a headline's.
    assert spans("The grid reference is SO 512 398.", "T105") == []
    assert spans("Start: Hereford Cathedral car park, SO 512 398.", "T105") == []
    assert spans("Start from the car park at Glen Clova (NO 327 731).", "T105") == []
    assert spans("AND SO 250 000 PEOPLE FLED.", "T105") == ["250 000"]


def test_t105_dotted_thousands_before_the_sources_own_scale_word() -> None:
    # "1.500 millones de euros", left untranslated, had no finding: only English
    # "million" after the dots counted, and "millones" is no count noun.
    text = "A package valued in 1.500 millones de euros, 2.125 milhões and 1.200 miliardi."
    assert [(f.text, f.suggestion) for f in found(text, "T105")] == [
        ("1.500", "1,500"),
        ("2.125", "2,125"),
        ("1.200", "1,200"),
    ]
    assert [f.text for f in found("Debt of 1.500 billones de pesos.", "T105")] == ["1.500"]


def test_t105_dotted_thousands_before_mil_millones() -> None:
    # Spanish "2.125 mil millones" (2,125 thousand million, about 2.1 billion) had no
    # finding while "1.500 millones" had one: the word after the dots was "mil".
    text = "Spain earmarked 2.125 mil millones de euros; Lisbon, 3.400 mil milhões."
    assert [(f.text, f.suggestion) for f in found(text, "T105")] == [
        ("2.125", "2,125"),
        ("3.400", "3,400"),
    ]


@pytest.mark.parametrize(
    ("text", "number"),
    [
        # A currency after "mil" makes it the source's thousand, not the thousandth of
        # an inch: the round thousand was reported before "mil millones" was read, and
        # "2.500 mil dólares" never was.
        ("Spain spent 21.000 mil euros on the new stadium.", "21.000"),
        ("Brazil will invest 150.000 mil reais in roads.", "150.000"),
        ("The fund holds 2.500 mil dólares.", "2.500"),
    ],
)
def test_t105_dotted_thousands_before_mil_and_a_currency(text: str, number: str) -> None:
    assert [f.text for f in found(text, "T105")] == [number]


@pytest.mark.parametrize(
    "text",
    [
        # "mil" alone is also the English thousandth of an inch: no scale word after it
        # makes the dots a grouping, round thousand or not.
        "Coat it to 2.500 mil and let it dry.",
        "A 2.000 mil polyester film.",
    ],
)
def test_t105_dotted_digits_before_mil_alone_are_no_grouping(text: str) -> None:
    assert found(text, "T105") == []


@pytest.mark.parametrize(
    "text",
    [
        # No grouping of thousands starts with a zero: these are decimals (the scale
        # word made "0.125" a thousands group, suggested as "0,125", a thousand times off).
        "Ratio 0.125 milioni units.",
        "It fell to 0.750 millones.",
        "The share is 0.500 milhões.",
        # French groups thousands with spaces: "2.750 milliards" is 2,75 with a point.
        "Le déficit atteint 2.750 milliards.",
    ],
)
def test_t105_a_decimal_before_a_source_scale_word_is_no_grouping(text: str) -> None:
    assert found(text, "T105") == []


def test_t105_dotted_thousands_of_millions() -> None:
    # Spanish "1.500 millones de euros" is 1,500 million, a billion and a half; left as
    # "1.500 million" it reads as one and a half million. English writes 1.5 million, so
    # two zeros after the point are the grouping's.
    text = "The plan costs 1.500 million euros, 2.300 millions more, and 1.000 million in 2026."
    found_ = found(text, "T105")
    assert [(f.text, f.suggestion) for f in found_] == [
        ("1.500", "1,500"),
        ("2.300", "2,300"),
        ("1.000", "1,000"),
    ]
    assert text_features(text)["num.dot_thousands"] > 0
    # An amount given to three places is English: "1.125 million", and then "1.500
    # million" beside it, or a bond's "4.500%" coupon; "1.250 million" may be either.
    for english in (
        "Sales were 1.500 million units, against 1.125 million a year before.",
        "It issued $1.500 billion of 4.500% senior notes due 2030.",
        "Revenue was $1.500 million, costs $0.750 million.",
        "The region counts 1.250 million people.",
    ):
        assert spans(english, "T105") == [], english


def test_t105_a_dot_grouped_count_of_companies_or_passengers_is_a_count() -> None:
    # German "rund 1.500 Unternehmen": no decimal counts firms, passengers or beds.
    text = "Around 1.500 companies, 2.350 passengers and 1.250 beds were affected."
    assert spans(text, "T105") == ["1.500", "2.350", "1.250"]


def test_t105_a_dot_grouped_count_before_an_untranslated_word_is_a_count() -> None:
    # Vietnamese "12.500 tỷ đồng" and Turkish "17.002 TL" kept the source's word after
    # the number, and T105 read a decimal given to three places.
    text = "The plan costs 12.500 tỷ đồng; the wage is 17.002 TL and the fund 1.250 milhões."
    assert spans(text, "T105") == ["12.500", "17.002", "1.250"]


@pytest.mark.parametrize(
    "text",
    [
        "Verstappen beat Hamilton by 2.256 seconds and won the race.",
        "Upgrade to version 2.5.1 or block 192.168.100.200 at the firewall.",
        "Officials said that on April 3 410 bodies of civilians were found.",
        "Call (020) 794 6095 for tickets; about 100,000 troops stand by.",
        "The mattress measures 16 100x185 cm and the score was 3-1.",
        "The notes pay a 4.000% coupon while petrol costs $3.999 a gallon.",
        "Book on 01632 960 983 after 6pm, or text 07700 900 461.",
        "He has a 1.000 fielding percentage, and the correlation was 1.000 again.",
        "Weigh 2.000 g of NaCl, add 5.000 mL of water, expose for 2.000 s; peaks at 2.000 Å.",
        "The sensor drew 2.000 mW in the idle state.",
        # An Ordnance Survey grid reference: a square, an easting and a northing.
        "Start at the Gatesgarth car park (grid reference NY 195 149) by the lake.",
    ],
)
def test_t105_ignores_decimals_versions_ips_dates_and_phones(text: str) -> None:
    assert spans(text, "T105") == []


@pytest.mark.parametrize("space", ["\u2009", "\u202f"])
def test_t105_leaves_si_grouping_of_scientific_english_alone(space: str) -> None:
    # SI and ISO 80000 group digits with a thin space; English scientific text does too.
    text = f"Each well held 10{space}000 cells, and the array 1{space}250{space}000 pixels."
    assert spans(text, "T105") == []


@pytest.mark.parametrize(
    "text",
    [
        "We enrolled N = 1 024 participants (mean age 45.2 years) across 12 sites.",
        "The cohort (n = 12 480) was followed for five years; p < 0.001 ; d = 0.4.",
        "We enrolled N = 1\u2009024 participants; p < 0.001 ; the effect held.",
        "Samples were spun at 10 000 g for 5 min and diluted in 2 500 mL of buffer.",
        "The readout fidelity was 98.7 % at a power budget of 1 250 µW per qubit line.",
        # The Greek small mu (U+03BC), which some keyboards give for the micro sign.
        "The readout fidelity was 98.7 % at a power budget of 1 250 \u03bcW per qubit line.",
        "The detector saw 2 500 nW at the input and 1 500 pW at the output.",
    ],
)
def test_t105_reads_a_grouped_number_in_an_equation_or_before_a_unit_as_si(text: str) -> None:
    # Scientific English groups digits the SI way and plain text turns its thin space
    # into a plain one; a plain space before ";" is a slip, no French typesetting.
    assert spans(text, "T105") == []
    assert text_features(text)["num.space_thousands"] == 0


def test_a_physics_abstract_grouping_power_the_si_way_has_no_t104_or_t105() -> None:
    # Its grouped microwatts make the text scientific, so its spaced "98.7 %" is SI
    # style too; alone, that sentence still has its T104.
    text = (
        "Superconducting qubit readout at low power\n\n"
        "We report a readout chain for superconducting qubits cooled to 10 mK. "
        "The readout fidelity was 98.7 % at a power budget of 1 250 µW per qubit line, "
        "and the gain held across 48 samples (p < 0.01).\n"
    )
    assert spans(text, "T104") == []
    assert spans(text, "T105") == []


def test_t105_still_reports_si_grouping_beside_french_typography() -> None:
    text = "The cohort (n = 12 480) was followed; the rate was 3,5 % at the end."
    assert spans(text, "T105") == ["12 480"]


@pytest.mark.parametrize(
    "other",
    ["Why is that\u202f? ", "Inflation reached 3,5 % in March. ", "About 100 000 fled. "],
)
def test_t105_flags_a_narrow_space_grouping_beside_other_source_typography(other: str) -> None:
    text = f"{other}The ministry sent 10\u202f000 troops to the border."
    assert "10\u202f000" in spans(text, "T105")


def test_t105_phones_dates_and_pages_written_with_no_break_spaces_are_not_grouping() -> None:
    text = (
        "Book on 01632\u00a0960\u00a0983 after 6pm. On April\u00a03\u00a0410 bodies were "
        "found, as page\u00a03\u00a0410 of the report says."
    )
    assert spans(text, "T105") == []


def test_t105_a_no_break_space_grouping_is_flagged_on_its_own() -> None:
    (f,) = found("About 10\u00a0000 troops crossed the border.", "T105")
    assert f.suggestion == "10,000" and f.evidence["kind"] == "nbsp"


@pytest.mark.parametrize(
    "text",
    [
        "Brightside Solar Pty Ltd ABN 51 824 753 556 | ACN 004 085 616",
        "Registered office: Perth WA. ABN: 12 345 678 901. ARBN 123 456 789.",
    ],
)
def test_t105_ignores_australian_business_numbers(text: str) -> None:
    # ABNs (2-3-3-3 digits) and ACNs (3-3-3) are written grouped with spaces in
    # every Australian company footer: identifiers, not quantities.
    assert spans(text, "T105") == []


def test_t105_a_count_after_a_label_and_colon_is_still_grouped_the_foreign_way() -> None:
    assert spans("Population: 12 000 inhabitants, says the census.", "T105") == ["12 000"]


def test_t106_french_clock_times_and_24_hour_oclock() -> None:
    text = (
        "The talks resumed at 15 h 30 and ended at 18h45. "
        "The fire broke out around 19.15 o'clock on Friday, and since 18 o'clock it has rained."
    )
    found_ = found(text, "T106")
    assert [f.text for f in found_] == ["15 h 30", "18h45", "19.15 o'clock", "18 o'clock"]
    assert found_[0].suggestion == "15:30" and found_[3].suggestion == "6 pm"


def test_t106_a_length_of_time_written_the_french_way_is_no_clock_time() -> None:
    # French "le trajet dure 2h30": the engine keeps "2h30", which is two and a half
    # hours, not half past two.
    text = "The trip takes 2h30 by train and the match lasted 1h45; it leaves at 10h30."
    found_ = found(text, "T106")
    assert [f.text for f in found_] == ["2h30", "1h45", "10h30"]
    assert [f.suggestion for f in found_] == ["2 hours 30 minutes", "1 hour 45 minutes", "10:30"]
    assert "length of time" in found_[0].message and "length of time" not in found_[2].message


def test_a_24_hour_oclock_is_one_finding() -> None:
    # T106 knows the languages that say "18 Uhr" or "18 часов"; the calque lexicons
    # reported the same two words again as French, German and Russian.
    doc = Document(id="t", text="The meeting starts at 18 o'clock in the town hall.", source="t")
    audit = audit_document(doc, AuditConfig(lm=False))
    assert [(f.code, f.text) for f in audit.findings] == [("T106", "18 o'clock")]


SOUTH_AFRICAN = (
    "Police in Gauteng have arrested three suspects after a shooting in Soweto. SAPS said "
    "officers were called at about 06h00 and found the suspects at 14h30 in Tshwane."
)


def test_t106_leaves_south_african_clock_times_alone() -> None:
    # South African English writes "06h00" and "14h30" (police statements, government
    # media advisories' "Time: 10h00"); a story set there is no French translation.
    assert spans(SOUTH_AFRICAN, "T106") == []
    elsewhere = SOUTH_AFRICAN.replace("Gauteng", "Lyon").replace("Soweto", "Vénissieux")
    elsewhere = elsewhere.replace("SAPS", "The prefecture").replace("Tshwane", "Bron")
    assert spans(elsewhere, "T106") == ["06h00", "14h30"]


def test_t106_a_french_time_in_a_story_about_south_africa_still_counts_beside_french_marks() -> (
    None
):
    text = SOUTH_AFRICAN + " The minister said : « we will act »."
    assert spans(text, "T106") == ["06h00", "14h30"]
    # A one-digit hour is not the South African way ("6h00" would be "06h00"): it is the
    # French mark the padded "14h30" is then read beside.
    assert spans(SOUTH_AFRICAN.replace("06h00", "6h00"), "T106") == ["6h00", "14h30"]


def test_south_african_numbers_are_left_alone_in_a_south_african_story() -> None:
    # South Africa writes a decimal comma and groups thousands with spaces, as its
    # government and press do: "R2,5 billion", "8,25%", "4 500 MW".
    text = SOUTH_AFRICAN + " Eskom will add 4 500 MW for R 2,5 billion; inflation was 8,25%."
    assert [f for code in ("T104", "T105", "T106") for f in found(text, code)] == []
    elsewhere = text.replace("Gauteng", "Lyon").replace("Soweto", "Vénissieux")
    elsewhere = elsewhere.replace("SAPS", "The prefecture").replace("Tshwane", "Bron")
    assert spans(elsewhere, "T104") == ["2,5 billion", "8,25%"]
    assert spans(elsewhere, "T105") == ["4 500"]
    # Beside a mark South African English does not write, they count again.
    french = text + " The minister said : « we will act »."
    assert spans(french, "T105") == ["4 500"]


def test_a_plain_space_before_a_percent_sign_vouches_for_no_other_mark() -> None:
    # "68 %" with a plain space is how the SI brochure and ISO 80000 write it, and hurried
    # English writers type it too: reported (weakly), but it does not make an SI grouping
    # or a South African time a source's mark.
    si = "Turnout was 68 % among the 12\u2009000 registered voters of the district."
    assert spans(si, "T104") == ["68 %"]
    assert spans(si, "T105") == []
    assert spans(si.replace("68 %", "68\u00a0%"), "T105") == ["12\u2009000"]
    assert spans(SOUTH_AFRICAN + " Turnout was 68 % in Soweto.", "T106") == []


def test_t106_spanish_at_the_hours_with_its_article() -> None:
    # Spanish "a las 12:00 horas": the article and "hours" both kept by the engine.
    text = "The train leaves at the 12:00 hours from the central station, the company said."
    (f,) = found(text, "T106")
    assert (f.text, f.suggestion, f.evidence["source_langs"]) == (
        "the 12:00 hours",
        "12:00",
        ["es", "pt", "ca"],
    )
    english = (
        "He raced at the 24 hours of Le Mans, angry at the 12 hours it took, and was "
        "ahead at the 12:00 hours mark of the second day."
    )
    assert spans(english, "T106") == []


def test_t106_a_sentence_that_opens_with_the_hours() -> None:
    # "At the 12:00 hours" and "At 18 hours" open a sentence as often as they end one.
    text = "At the 12:00 hours the bells rang. At 18 hours the vote closed."
    assert spans(text, "T106") == ["the 12:00 hours", "18 hours"]


def test_t106_spanish_hours_without_the_article() -> None:
    # "a las 14:00 horas" with the article dropped, as engines often drop it.
    text = "The train leaves at 14:00 hours and arrives at 18:30 hours. At 21:00 hours it ends."
    found_ = found(text, "T106")
    assert [(f.text, f.suggestion) for f in found_] == [
        ("14:00 hours", "14:00"),
        ("18:30 hours", "18:30"),
        ("21:00 hours", "21:00"),
    ]
    assert "at 2 pm" in found_[0].message and "at 6:30 pm" in found_[1].message
    assert found_[0].evidence["source_langs"] == ["es", "pt", "ca"]
    # A morning hour, the British "14.00 hours", the military "1400 hours" and an amount
    # of hours are English.
    english = (
        "We met at 10:00 hours, again at 14.00 hours and at 1400 hours; play is capped "
        "at 16:00 hours a week, and he quit at 14:00 hours of play."
    )
    assert spans(english, "T106") == []


INDIAN = (
    "The Koramangala police arrested two youths for snatching a gold chain worth Rs 1.5 "
    "lakh. The incident took place at 14:00 hours on Thursday near the bus stop."
)


def test_t106_leaves_indian_english_clock_hours_alone() -> None:
    # Indian English news and police notices write "at 14:00 hours"; a story that
    # counts in lakh and crore is no Spanish translation.
    assert spans(INDIAN, "T106") == []
    elsewhere = INDIAN.replace("Rs 1.5 lakh", "1,500 euros")
    assert spans(elsewhere, "T106") == ["14:00 hours"]
    # Beside a mark Indian English does not write, it counts again.
    assert spans(INDIAN + " The owner said : « we are afraid ».", "T106") == ["14:00 hours"]
    # A police story names no sum, but its FIR and "Smt." are Indian English too.
    notice = (
        "An FIR was registered on the complaint of Smt. Lakshmamma. The incident took "
        "place at 14:00 hours on Thursday near the bus stop."
    )
    assert spans(notice, "T106") == []
    assert spans(notice.replace("An FIR", "A case").replace("Smt. ", ""), "T106") == ["14:00 hours"]


def test_shri_alone_or_an_fir_that_is_no_police_report_makes_no_text_indian() -> None:
    # A filter's FIR is signal processing: the German dotted dates and the Spanish
    # "14:00 hours" of this translation count.
    dsp = (
        "The FIR filter was designed with 64 coefficients. The measurements were taken "
        "on 15.03.2024 and again on 22.03.2024. The test began at 14:00 hours."
    )
    assert spans(dsp, "T107") == ["15.03.2024", "22.03.2024"]
    assert spans(dsp, "T106") == ["14:00 hours"]
    # "Shri" alone is a name any paper prints.
    visit = (
        "Venue : Main Hall\n\nShri Narendra Modi visited the plant at 15:00 hours. The "
        "agreement was signed on 12.04.2023 and the talks ended at 16:30 hours."
    )
    assert len(spans(visit, "T101") + spans(visit, "T106") + spans(visit, "T107")) == 4
    # An airspace is no police report, even beside "Shri".
    airspace = "Shri Rao flew through the Warsaw FIR on 12.04.2023 at 15:00 hours."
    assert spans(airspace, "T107") == ["12.04.2023"]
    # A police FIR or "Smt." alone is Indian English (each made the text a
    # translation's when two names were asked for).
    fir = (
        "An FIR was registered at the Saket police station on 15.03.2024. The incident "
        "took place at 14:00 hours near the market."
    )
    assert spans(fir, "T107") == [] and spans(fir, "T106") == []
    smt = "Smt. Lakshmamma, 62, was found injured on 12.04.2023 at 15:00 hours."
    assert spans(smt, "T107") == [] and spans(smt, "T106") == []
    # Astronomy's far-infrared FIR and FIR heaters are no police report.
    for science in (
        "The FIR luminosity of the galaxy was measured on 15.03.2024 at 14:00 hours.",
        "Far-infrared (FIR) emission was recorded on 12.04.2023 at 15:00 hours.",
    ):
        assert len(spans(science, "T107")) == 1 and len(spans(science, "T106")) == 1
    # Two Indian names, or a sum in rupees, still mark the text.
    assert spans(visit.replace("Modi", "Modi and Smt. Rao"), "T107") == []
    assert spans(visit.replace("the plant", "a Rs 500 crore plant"), "T107") == []
    assert spans(dsp.replace("The FIR filter", "An FIR naming Shri Rao"), "T107") == []


def test_t101_leaves_an_indian_notices_spaced_labels_alone() -> None:
    # Indian notices type their labels "Date : 18.12.2024", "Venue : Playground".
    notice = (
        "Date : 18.12.2024\nVenue : College Playground\n\nA sum of Rs 25,000 has been "
        "sanctioned for prizes. Note : latecomers will not be admitted."
    )
    assert spans(notice, "T101") == []
    elsewhere = notice.replace("Rs 25,000", "EUR 25,000")
    assert spans(elsewhere, "T101") == [" :", " :", " :"]
    # A no-break space before a colon is French typesetting, not Indian typing.
    assert spans(notice + " Why\u00a0?", "T101") == [" :", " :", " :", "\u00a0?"]


def test_at_18_hours_is_one_finding() -> None:
    # French "à 18 heures" and Russian "в 18 часов": the French and the Russian calque
    # lexicons each listed "at 18 hours", so one time drew C201 and C205; T106 names
    # both languages in one finding.
    doc = Document(id="t", text="The meeting will begin at 18 hours in the town hall.", source="t")
    audit = audit_document(doc, AuditConfig(lm=False))
    assert [(f.code, f.text) for f in audit.findings] == [("T106", "18 hours")]
    (f,) = audit.findings
    assert f.suggestion == "6 pm" and {"fr", "ru"} <= set(f.evidence["source_langs"])
    assert spans("The vote closes at 20 hours 30 on Sunday.", "T106") == ["20 hours 30"]


@pytest.mark.parametrize(
    "text",
    [
        "Embryos were imaged at 18 hours post-fertilization.",
        "Weight was recorded at 16 hours of age and again at 20 hours after birth.",
        "The patrol left the base at 1800 hours and met the convoy at 14.30 hours.",
        "The tenants were evicted at 18 hours' notice.",
        "Student visas cap work at 20 hours a week; shifts were set at 16 hours.",
        "Working time stood at 14 hours per day, and pay peaked at 22 hours in total.",
    ],
)
def test_at_hours_elapsed_and_military_times_are_not_clock_calques(text: str) -> None:
    assert spans(text, "T106") == []


def test_t106_a_time_marked_the_german_way() -> None:
    text = "The match starts at 20.15 h; the train leaves at 18:40 h and the shop opens at 9 Uhr."
    found_ = found(text, "T106")
    assert [(f.text, f.suggestion) for f in found_] == [
        ("20.15 h", "20:15"),
        ("18:40 h", "18:40"),
        ("9 Uhr", "9:00"),
    ]
    assert found_[2].source_lang == "de"
    assert spans("The rally ends at 20.15 Uhr in Berlin.", "T106") == ["20.15 Uhr"]


def test_t106_a_time_marked_the_dutch_way() -> None:
    # Dutch "om 15.00 uur" kept its word for the hour and was reported nowhere.
    text = "The debate starts at 15.00 uur in The Hague, and the vote follows at 18 uur."
    found_ = found(text, "T106")
    assert [(f.text, f.suggestion, f.source_lang) for f in found_] == [
        ("15.00 uur", "15:00", "nl"),
        ("18 uur", "18:00", "nl"),
    ]
    assert "Dutch “uur”" in found_[0].message


@pytest.mark.parametrize(
    "text",
    [
        # Dutch "uur" is also a length of time: "2 uur" is two hours, not 2:00.
        "The meeting lasted 2 uur and the trip took 3 uur.",
        "The firm opens at 9.00 uur. Trains leave every 2 uur, the last after 15.00 uur.",
        "Cook it for 3 uur. The hike is 4 uur long.",
    ],
)
def test_t106_dutch_uur_as_a_length_of_time_is_no_clock(text: str) -> None:
    assert [s for s in spans(text, "T106") if s != "9.00 uur"] == []


@pytest.mark.parametrize(
    "text",
    [
        # A clock's shape, but a length of time: named so around it, or after one of
        # _LASTS's words that the uur leads had not listed.
        "The ride, 2.30 uur long, ends at 15.00 uur.",
        "The ferry trip is 1.45 uur.",
        # "was" with small hours: how long, not 02:30 at night.
        "The hike was 2.30 uur.",
        "They spent 2.30 uur there and the repair needs 1.15 uur, under 3.30 uur.",
    ],
)
def test_t106_a_clock_shaped_uur_length_of_time_is_no_clock(text: str) -> None:
    assert [s for s in spans(text, "T106") if s != "15.00 uur"] == []


def test_t106_dutch_uur_is_a_clock_after_a_clock_lead() -> None:
    text = "Open from 9 to 17 uur; the vote is om 20 uur and the count at 22.30 uur."
    assert spans(text, "T106") == ["17 uur", "20 uur", "22.30 uur"]


def test_t106_a_trip_of_or_that_was_at_a_clock_shaped_uur_is_a_clock() -> None:
    # Dutch "de vlucht van 14.30 uur" is the 14:30 flight; "of" and "was" were read as
    # leading a length of time.
    assert spans("The flight of 14.30 uur to Amsterdam was delayed.", "T106") == ["14.30 uur"]
    assert spans("The crossing was 20.00 uur on Friday.", "T106") == ["20.00 uur"]


def test_t106_a_small_range_after_lasts_from_is_a_length_of_time() -> None:
    assert spans("The trip lasts from 2 to 3 uur.", "T106") == []
    assert spans("The fair lasts from 9 to 17 uur.", "T106") == ["17 uur"]


@pytest.mark.parametrize(
    ("text", "clocks"),
    [
        # Both ends of a range are read alike, and "uur" at both ends makes them clocks
        # (Dutch "van 5 uur tot 6 uur" is 5:00 to 6:00): "5 uur" after "lasts from" was
        # read as a clock while "6 uur" was read as a length of time, then neither.
        ("The concert lasts from 5 uur to 6 uur.", ["5 uur", "6 uur"]),
        ("The walk took from 2 uur until 3 uur.", ["2 uur", "3 uur"]),
        ("The break lasts from 1 uur to 2 uur in the afternoon.", ["1 uur", "2 uur"]),
        ("De les duurt van 2 uur tot 3 uur.", ["2 uur", "3 uur"]),
        ("The concert lasts from 6 uur to 7 uur.", ["6 uur", "7 uur"]),
        ("The concert lasts from 5 uur to 6 uur to 7 uur.", ["5 uur", "6 uur", "7 uur"]),
        # A dash joins a range as "to" does.
        ("The exhibition lasts from 5 uur - 6 uur.", ["5 uur", "6 uur"]),
        ("The exhibition lasts from 5 uur \u2013 6 uur.", ["5 uur", "6 uur"]),
        ("The exhibition lasts from 5 uur\u20136 uur.", ["5 uur", "6 uur"]),
        ("The exhibition lasts from 5 uur \u2014 6 uur.", ["5 uur", "6 uur"]),
        # "uur" said once after a small range is a length of time, dash or word.
        ("The trip lasts from 2 to 3 uur.", []),
        ("The trip lasts from 2 - 3 uur.", []),
        ("The trip lasts from 2\u20133 uur.", []),
        # A bare duration stays a length of time.
        ("The concert lasts 2 uur and the trip took 3 uur.", []),
        ("The concert lasts from 20.00 uur to 22.00 uur.", ["20.00 uur", "22.00 uur"]),
        ("The concert runs from 20.00 uur to 22.00 uur.", ["20.00 uur", "22.00 uur"]),
        ("The concert lasts from 9 uur to 17 uur.", ["9 uur", "17 uur"]),
        ("The concert is from 5 uur to 6 uur.", ["5 uur", "6 uur"]),
        # "between A and B uur", "uur" said once after a length of time's word, is one
        # as "from 2 to 3 uur" is: "3 uur" was read as a clock after "between".
        ("The talks lasted between 2 and 3 uur.", []),
        ("The talks lasted between 20.00 and 22.00 uur.", ["22.00 uur"]),
        ("The talks lasted between 2 uur and 3 uur.", ["2 uur", "3 uur"]),
        # "in" leads a length of time ("in 2 uur"), not "in between": a time of day.
        ("The package arrived in between 2 and 3 uur.", ["3 uur"]),
        ("In between 2 and 3 uur the ferry docked.", ["3 uur"]),
    ],
)
def test_t106_both_ends_of_an_uur_range_are_read_alike(text: str, clocks: list[str]) -> None:
    assert spans(text, "T106") == clocks


def test_t106_a_long_chain_of_uur_ranges_is_read_without_overflowing() -> None:
    # Each end was read with the one before it by recursion, back to the chain's start:
    # a list of 1,500 ranges overflowed Python's stack and lost the whole document.
    text = "The fair runs from " + "5 uur to " * 1500 + "6 uur. The vote is at 20 uur."
    found = spans(text, "T106")
    assert found[:3] == ["5 uur", "5 uur", "5 uur"]
    assert found[-1] == "20 uur"


def test_t106_every_end_of_a_long_chain_of_uur_ranges_is_read() -> None:
    # Only eight ends were read back along a chain, so the later ends of a timetable
    # were taken for bare lengths of time and not reported.
    ends = [f"{hour} uur" for hour in range(8, 20)]
    text = "The fair runs from " + " to ".join(ends) + "."
    assert spans(text, "T106") == ends


@pytest.mark.parametrize(
    "text",
    [
        "The reaction took 2.25 h and the yield was 80%.",
        "Samples were incubated for 3 h and harvested at 2.25 h and at 4.50 h.",
        "Battery life is 10.5 h and charging takes 1.75 h.",
    ],
)
def test_t106_decimal_hours_are_no_german_clock_time(text: str) -> None:
    assert spans(text, "T106") == []


def test_t106_a_french_hour_written_without_a_space() -> None:
    # "à 18h à l'Élysée": the hour alone, typed compact.
    text = "Macron had met the leaders at 18h at the Élysée; the march starts from 14h."
    found_ = found(text, "T106")
    assert [(f.text, f.suggestion) for f in found_] == [("18h", "18:00"), ("14h", "14:00")]
    science = "Cells were incubated for 24h, harvested at 6h and stained."
    assert spans(science, "T106") == []


def test_t106_ignores_english_times_and_durations() -> None:
    text = "The meeting starts at 10:30 am, lasts 1h30m, and ends by 9 o'clock."
    assert spans(text, "T106") == []


def test_t106_reads_h_as_hours_elapsed_in_a_text_that_uses_it_as_a_unit() -> None:
    science = (
        "Cells were incubated for 2 h, harvested at 6 h and again at 12 h "
        "post-infection, then stirred until 3 h had passed; a 6-h fast followed."
    )
    assert spans(science, "T106") == []
    french = "The rally went from 10 h to 14 h in Paris, and the talks resumed at 15 h."
    assert spans(french, "T106") == ["10 h", "14 h", "15 h"]


def test_t106_ignores_durations_with_their_minutes_marked() -> None:
    text = "The film runs 2 h 15 min, the flight 11 h 30 min and the stage 1 h 32 min 10 s."
    assert spans(text, "T106") == []


def test_t107_french_ordinals_and_german_ordinal_dot() -> None:
    text = (
        "The shop in the 2e arrondissement opened on the 1er floor of the XXe century "
        "building. It's the lowest daily count since 13. October."
    )
    found_ = found(text, "T107")
    assert [f.text for f in found_] == ["2e", "1er", "XXe", "13. October"]
    assert found_[0].suggestion == "2nd" and found_[0].source_lang == "fr"


def test_t107_a_date_in_numbers_with_dots() -> None:
    # German "am 15.03.2024" and "bis 31.3.", Russian "15.03.2024": left as they were.
    text = (
        "The trial opened on 15.03.2024 in Lyon. The deadline runs until 31.3. for all "
        "applicants, the court said on 1.4.2022."
    )
    found_ = found(text, "T107")
    assert [(f.text, f.suggestion) for f in found_] == [
        ("15.03.2024", "15 March 2024"),
        ("31.3.", "31 March"),
        ("1.4.2022", "1 April 2022"),
    ]
    assert {"de", "ru"} <= set(found_[0].evidence["source_langs"])


def test_t107_a_day_and_month_after_on_without_the_closing_dot() -> None:
    # Russian "10.03" (10 March) with no year and no ordinal dot, kept by the engine.
    text = "The decision was announced on 10.03, according to the ministry of finance."
    assert [(f.text, f.suggestion) for f in found(text, "T107")] == [("10.03", "10 March")]
    dated = "The letter dated 01.12 was sent to the mayor on 3.11 in the morning."
    assert spans(dated, "T107") == ["01.12", "3.11"]


@pytest.mark.parametrize(
    "text",
    [
        "See section 3.1. for details, and figure 2.3. below.",
        "Version 2.10.2019 fixed the crash; firmware 1.12.2020 followed.",
        "The address 10.3.2020.1 is private, and the hearing is on 3.14.2020 in Ohio.",
        "Inflation rose from 3.1 to 2.5. Growth fell by 1.2. Output was up by 0.4.",
        "The last date for applications is 15.03.2024, and Rs 5 crore has been set aside.",
        "The server had IP address 10.12.2019 assigned, and build 1.12.2020 shipped.",
        # British clock times and numbers after "on": no date without "on" and a clause.
        "The shop is open from 10.30 until 12.05, and the index closed on 10.03 points.",
    ],
)
def test_t107_versions_headings_and_indian_dates_are_no_dotted_dates(text: str) -> None:
    assert spans(text, "T107") == []


def test_t107_a_spanish_date_rendered_word_for_word() -> None:
    # Spanish "el 1 de enero de 2024", Portuguese "1 de maio".
    text = "The law enters into force on 1 of January of 2024; the march is on 1 of May."
    found_ = found(text, "T107")
    assert [(f.text, f.suggestion) for f in found_] == [
        ("1 of January of 2024", "1 January 2024"),
        ("1 of May", "1 May"),
    ]
    assert {"es", "pt"} <= set(found_[0].evidence["source_langs"])


@pytest.mark.parametrize(
    "text",
    [
        "She scored 3 of May's 5 goals, and Part 2 of August Wilson's cycle opens.",
        "Day 3 of March was wet, and Game 1 of June went to overtime.",
        "He won 2 of March Madness's games.",
    ],
)
def test_t107_counts_and_numbered_parts_before_a_month_are_no_dates(text: str) -> None:
    assert spans(text, "T107") == []


def test_t107_a_day_dot_is_reported_where_the_date_reads_as_one() -> None:
    text = "Prices fell from 3. March to 5. April in Brno, and on Friday, 13. October, rose."
    assert spans(text, "T107") == ["3. March", "5. April", "13. October"]


def test_t107_ignores_a_sentence_that_ends_in_a_number_before_a_month() -> None:
    text = "The score was 2-1. October was a good month. They finished 3. March saw a recovery."
    assert spans(text, "T107") == []


def test_t107_ignores_english_ordinals_and_scientific_notation() -> None:
    text = "She finished 2nd on 3 March; the rate was 2e-5 and the colour #2e2e2e."
    assert spans(text, "T107") == []


def test_t107_leaves_figure_panels_flats_and_editions_alone() -> None:
    text = (
        "Expression rose (Fig. 2e), as Figure 3e and panels 4e and 4f show; see also "
        "Extended Data Fig. 5e,f. She lives in Flat 2e and plays D&D 5e on Fridays."
    )
    assert spans(text, "T107") == []
    assert spans("The bistro in the 2e is small; the 16e is rich.", "T107") == ["2e", "16e"]


def test_t107_every_french_ordinal_of_a_list_is_reported() -> None:
    # "les 1er, 2e, 3e et 4e arrondissements": "3e and 4e" were taken for a figure's
    # panels ("4e and 4f"), and "4e" for a label after "and".
    text = "The measure concerns the 1er, 2e, 3e and 4e arrondissements of the city."
    assert spans(text, "T107") == ["1er", "2e", "3e", "4e"]
    assert spans("Expression rose (Fig. 2e and 3e); see Fig. 2e, 3e and 5e.", "T107") == []


def test_t107_a_date_in_spaced_ordinal_numbers_is_czech_or_german() -> None:
    # Czech "od 1. 4. 2022": the segmenter cut it into "on 1.", "4." and "2022.".
    text = "The works started on 1. 4. 2022. The budget was approved on 15. 12. 2023."
    found_ = found(text, "T107")
    assert [f.text for f in found_] == ["1. 4. 2022", "15. 12. 2023"]
    assert found_[0].suggestion == "1 April 2022"
    assert spans("Read chapters 1. 4. and 5. first; the score was 3. 2 later.", "T107") == []


def test_t107_the_numero_sign_of_french_and_spanish() -> None:
    text = "The decree n° 2023-436 fixes the rules, and law nº 12 followed."
    found_ = found(text, "T107")
    assert [(f.text, f.suggestion) for f in found_] == [("n°", "No."), ("nº", "No.")]
    assert found_[0].source_lang == "fr" and "es" in found_[1].evidence["source_langs"]
    (f,) = found("Decree № 125 of 12 May regulates the inspections.", "T107")
    assert f.text == "№" and "ru" in f.evidence["source_langs"]
    assert spans("It was 20°C at noon, and No. 5 and #6 won.", "T107") == []


def test_t107_an_arrondissement_after_its_city_is_french() -> None:
    # French addresses name the arrondissement after the city: "Paris 2e", "Lyon 7e".
    text = "The hotel is in Paris 2e, near the Bourse; its twin is in Lyon 7e."
    found_ = found(text, "T107")
    assert [f.text for f in found_] == ["2e", "7e"]
    assert found_[0].suggestion == "2nd" and found_[0].source_lang == "fr"


def test_t107_reads_an_ordinal_indicator_typed_for_a_degree_sign_as_a_degree() -> None:
    text = (
        "Temperatures hit 35º in Seville. Bake at 180ºC, or 350ºF. Turn the wheel 90º "
        "to the left; a 45º angle; the port lies at 40º 26' N."
    )
    assert spans(text, "T107") == []
    ordinals = "He finished 1º in the race and the club celebrated its 85º anniversary."
    assert spans(ordinals, "T107") == ["1º", "85º"]


def test_t107_a_numbered_list_of_months_is_no_german_date() -> None:
    # A ranked list whose items are months numbers them "1. May", "2. June": the
    # dot belongs to the list, not to a German day of the month.
    text = (
        "The best months to visit Scotland, ranked\n\n"
        "1. May. Long days, few midges and gardens at their best.\n"
        "2. June. The longest days, though the midges arrive\n"
        "3. September. Quieter roads and warm sea water."
    )
    assert spans(text, "T107") == []


def test_t107_keeps_a_wine_classification_as_written() -> None:
    assert spans("A Savigny-lès-Beaune 1er Cru from 2019 led the tasting.", "T107") == []


def test_t108_inverted_marks_are_spanish() -> None:
    text = "The banner read ¿Where are they? and the crowd shouted ¡Enough is enough!"
    found_ = found(text, "T108")
    assert [f.text for f in found_] == ["¿Where are they?", "¡Enough is enough!"]
    assert all(f.source_lang == "es" for f in found_)


def test_quotations_left_in_their_language_keep_their_marks() -> None:
    # Quoting Spanish, French or German keeps its marks; foreign marks around
    # English words are the translation trace (L402 judges untranslated quotes).
    text = (
        "The crowd chanted ¡Viva México! and ¿Dónde están? in the square. Banners read "
        "« On marche sur la tête » and Merkel's „Wir schaffen das“ was recalled."
    )
    assert spans(text, "T108") == [] and spans(text, "T102") == []
    english = "Banners read « We are walking on our heads » and „we will manage it“."
    assert len(spans(english, "T102")) == 2


def test_t108_ignores_ordinary_questions() -> None:
    assert spans("Where are they? Nobody knows!", "T108") == []


def test_t107_an_ordinal_dot_after_a_determiner_is_german() -> None:
    # "sein 60. Weltcupsieg" comes out as "his 60. World Cup victory": a number right
    # after "the" or "his" that takes a dot and goes on is an ordinal, not a sentence end.
    text = (
        "Friedrich won his 60. World Cup race on Sunday, the 3. win in a row and the "
        "22. overall for the team."
    )
    found_ = found(text, "T107")
    assert [f.text for f in found_] == ["60.", "3.", "22."]
    assert found_[0].suggestion == "60th" and found_[1].suggestion == "3rd"
    assert found_[0].source_lang == "de" or "de" in found_[0].evidence["source_langs"]


def test_t107_an_ordinal_dot_is_found_in_a_text_with_no_other_number_mark() -> None:
    # Only a lowercase word follows the dot: the cheap number scan must still let T107 in.
    assert spans("It was the 3. win in a row for the club.", "T107") == ["3."]


def test_t107_a_date_after_a_determiner_or_a_date_lead_is_reported_once() -> None:
    text = (
        "It happened on the 3. March 2020 in Bonn. As of 1. May the rules apply, and "
        "by 1. June the ministry must decide; effective 1. July all tenants pay more."
    )
    assert spans(text, "T107") == ["3. March", "1. May", "1. June", "1. July"]


def test_t107_leaves_club_and_league_names_with_their_dot_alone() -> None:
    text = "He joined the 1. FC Union Berlin academy, then their 2. Bundesliga rivals."
    assert spans(text, "T107") == []


def test_t107_a_number_that_ends_a_sentence_after_a_determiner_is_no_ordinal() -> None:
    text = (
        "He finished in the top 3. The team scored 22. Tickets cost the same as in "
        "2019. Their number is 10. In all, his 60. The rest went home. Page 3. Chapter 4. "
        "He took the 405. Traffic was bad, so we caught the 73. Buses were packed."
    )
    assert spans(text, "T107") == []


def test_t109_a_german_dateline_closed_with_a_full_stop() -> None:
    text = (
        "Heating law to be widened\nBy Anna Schmidt\n\n"
        "Berlin. The federal government wants to widen the heating law on Monday."
    )
    (f,) = found(text, "T109")
    assert f.text == "Berlin." and f.source_lang == "de"
    assert f.suggestion == "Berlin —"
    wire = "BERLIN (dpa). The coalition agreed on the budget after a long night."
    (g,) = found(wire, "T109")
    assert g.text == "BERLIN (dpa)." and g.suggestion == "BERLIN (dpa) —"
    assert spans("Hamburg/Berlin. The ports want more money from the state.", "T109") == [
        "Hamburg/Berlin."
    ]
    assert spans("Frankfurt/Main. The train drivers' union called a strike.", "T109") == [
        "Frankfurt/Main."
    ]


@pytest.mark.parametrize(
    ("text", "place"),
    [
        # A dateline story about a company, not a feature about Munich's name.
        (
            "Munich. The name Wirecard has become a byword for fraud. "
            "On Thursday the court opened the trial.",
            "Munich.",
        ),
        # "The word from ..." is news idiom, not a word about Berlin's name.
        ("Berlin. The word from the chancellery is that the law will pass on Friday.", "Berlin."),
        ("Munich. The name on everyone's lips this week is that of the new coach.", "Munich."),
    ],
)
def test_t109_a_name_or_word_that_is_not_the_places_still_fires(text: str, place: str) -> None:
    assert spans(text, "T109") == [place]


@pytest.mark.parametrize(
    "text",
    [
        "BERLIN (Reuters) - The government said on Monday it would widen the law.",
        "BERLIN — The government said on Monday it would widen the law.",
        "Saturday. We were working till past 1am. I quit the next day.",
        "Berlin. Paris. Rome.",
        "Berlin.\nThe federal government wants to widen the heating law on Monday.",
        "Smith (Oxford). The results were clear and strong in every group.",
        "Background. We studied 40 patients with chronic pain over two years.",
        "Mr. Li told the reporter that he bought the bath last week.",
        "Berlin. Der Bundestag hat am Donnerstag das Heizungsgesetz beschlossen.",
        # A feature's opening: the place said alone, then a sentence about its name.
        "Berlin. The name alone conjures up images of the Wall and of techno clubs.",
        "Hamburg. The very word means rain, harbour cranes and fish rolls to most Germans.",
        "Hamburg. The name Hamburg still means rain, harbour cranes and fish rolls.",
        "The bill passed.\nIt goes to the Senate.\nVotes were close.\nMany abstained.\n"
        "Sources said more.\nBerlin. The federal government wants to widen the law.",
    ],
)
def test_t109_ignores_english_datelines_headings_and_the_body(text: str) -> None:
    assert spans(text, "T109") == []


def test_t110_chinese_punctuation_left_in_english_text() -> None:
    text = (
        "The State Council issued the 《Opinions on the Private Economy》 on Wednesday. "
        'The spokesperson said："We will continue，and support enterprises。" '
        "The index closed up 1.5％."
    )
    found_ = found(text, "T110")
    assert [(f.text, f.suggestion) for f in found_] == [
        ("《Opinions on the Private Economy》", "“Opinions on the Private Economy”"),
        ("：", ": "),
        ("，", ", "),
        ("。", "."),
        ("％", "%"),
    ]
    assert found_[0].evidence["source_langs"] == ["zh"]
    assert "ja" in found_[1].evidence["source_langs"]


def test_t110_chinese_title_marks_name_chinese_as_their_source() -> None:
    # 《》 are typed only in Chinese: the finding says so, as T102's spaced « » says
    # French, where it said no language at all. Corner brackets are Japanese or
    # traditional Chinese, and full-width commas either.
    text = "The paper published 《Opinions on the Private Economy」 on Monday, and 「the plan」."
    found_ = found(text, "T110")
    assert [(f.text, f.source_lang) for f in found_] == [
        ("《", "zh"),
        ("」", None),
        ("「the plan」", None),
    ]
    (pair,) = found("The 《Opinions on the Private Economy》 came out.", "T110")
    assert pair.source_lang == "zh" and pair.evidence["source_langs"] == ["zh"]
    (comma,) = found("We will continue，and support enterprises.", "T110")
    assert comma.source_lang is None and comma.evidence["source_langs"] == ["zh", "ja"]


def test_t110_lenticular_brackets_name_chinese_and_japanese() -> None:
    # 【】 label Japanese headlines ("【速報】") as much as Chinese ones: the finding
    # names both, and no one language as the source.
    (pair,) = found("The notice was headed 【Breaking News】 in red.", "T110")
    assert pair.source_lang is None and pair.evidence["source_langs"] == ["zh", "ja"]
    assert "Chinese or Japanese" in pair.message
    (lone,) = found("The notice was headed 【Breaking News in red.", "T110")
    assert lone.source_lang is None and lone.evidence["source_langs"] == ["zh", "ja"]


def test_t110_half_width_corner_brackets_get_english_quotes() -> None:
    found_ = found("She typed \uff62hello\uff63 and left\uff65", "T110")
    assert [(f.text, f.suggestion) for f in found_] == [
        ("\uff62", "“"),
        ("\uff63", "”"),
        ("\uff65", "·"),
    ]


def test_t110_leaves_chinese_and_japanese_text_to_l402() -> None:
    text = "The editorial in 《人民日报》 said 「頑張って」, and the slogan 我们，一起。 was shown."
    assert spans(text, "T110") == []


def test_t110_pairs_must_match_and_stray_marks_are_reported_alone() -> None:
    text = "The paper published 《Opinions on the Private Economy」 on Monday, and the 「plan."
    found_ = found(text, "T110")
    assert [(f.text, f.suggestion, f.evidence["kind"]) for f in found_] == [
        ("《", "“", "lone"),
        ("」", "”", "lone"),
        ("「", "“", "lone"),
    ]


def test_t110_numbers_written_with_chinese_counters() -> None:
    text = "The rule took effect on 2023年7月1日 and covers 3万 firms worth 1.5亿 yuan at 18时."
    found_ = found(text, "T110")
    assert [(f.text, f.suggestion) for f in found_] == [
        ("2023年7月1日", "1 July 2023"),
        ("3万", "30,000"),
        ("1.5亿", "150,000,000"),
        ("18时", None),
    ]
    assert all(f.evidence["kind"] == "cjk_number" for f in found_)


def test_t110_names_the_chinese_characters_a_number_keeps() -> None:
    # A Chinese number with no English form said "English writes it without the Chinese
    # or Japanese counters", a word few readers know; it names the characters to drop,
    # as the Korean message does.
    (f,) = found("The office opens at 18时 daily.", "T110")
    assert f.suggestion is None
    assert f.message == (
        "“18时” is a number written the Chinese or Japanese way; "
        "English writes it in digits, without 时."
    )
    (f,) = found("Five firms closed by 5号.", "T110")
    assert f.message.endswith("English writes it in digits, without 号.")
    (f,) = found("The deal, worth 3万 yuan, closed.", "T110")
    assert f.message == (
        "“3万” is a number written the Chinese or Japanese way; English writes “30,000”."
    )


@pytest.mark.parametrize(
    "text",
    [
        # Dropping the characters of several parts ran the digits together: "9时30分"
        # was told to be "in digits, without 时 and 分", which reads "930", not 9:30;
        # "2月30日" read "230". Full-width "１８" are not the digits English writes.
        "Tickets are sold at 9时30分 sharp.",
        "On 2月30日 it rained.",
        "Since 2023年13月 prices rose.",
        "The hall opens at １８时 daily.",
    ],
)
def test_t110_says_only_counters_for_a_number_of_several_parts(text: str) -> None:
    (f,) = found(text, "T110")
    assert f.suggestion is None
    assert f.message.endswith("English writes it without the Chinese or Japanese counters.")


def test_named_characters_names_each_once_and_none_as_empty() -> None:
    assert named_characters(["백", "천", "원", "천"]) == "백, 천 and 원"
    assert named_characters("时") == "时"
    assert named_characters([]) == ""


def test_t110_korean_numbers_left_in_english_text() -> None:
    # Korean dates, times and counts an engine left as they were had no finding (the
    # counters alone were below L402's two letters, or L402 took "오후" for a phrase).
    text = (
        "The law took effect on 2024년 3월 4일, and the rally at 오후 3시 drew 10만 명. "
        "The budget is 1,000억 원 for 3월, and the meeting at 9시 30분 cost 5,000원."
    )
    found_ = found(text, "T110")
    assert [(f.text, f.suggestion) for f in found_] == [
        ("2024년 3월 4일", "4 March 2024"),
        ("오후 3시", "3 p.m."),
        ("10만 명", "100,000 people"),
        ("1,000억 원", "100,000,000,000 won"),
        ("3월", "March"),
        ("9시 30분", "9:30"),
        ("5,000원", "5,000 won"),
    ]
    assert all(f.source_lang == "ko" and f.evidence["kind"] == "korean_number" for f in found_)
    # The counters are T110's, and not also an untranslated Korean phrase.
    assert spans(text, "L402") == []


def test_t110_korean_numbers_name_korean_as_the_source_language() -> None:
    from audits.reports.labels import language_name

    # Counters of one letter each: below L402's reach, so no language was named.
    text = "On 2023년 5월 2일 the strike began, and by 6월 it had cost 5,000억원."
    audit = audit_document(Document(id="t", text=text, source="test"), AuditConfig(lm=False))
    assert audit.verdict is not None and audit.verdict.source_lang == "ko"
    assert language_name(audit.verdict.source_lang) == "Korean (ko)"


def test_t110_leaves_korean_names_and_korean_text_alone() -> None:
    # An English original quoting a Korean name in Hangul, with numbers of its own.
    name = "The singer Kim Min-ji (김민지) toured 12 cities in 2019 and sold 300,000 albums."
    assert spans(name, "T110") == []
    # A number inside a quotation left in Korean is L402's, with its words.
    quoted = "The banner read 2024년 3월 4일 서울에서 and 10만 명이 모였다 in the square."
    assert spans(quoted, "T110") == []
    l402 = " ".join(spans(quoted, "L402"))
    assert "서울에서" in l402 and "모였다" in l402


def _counting_finding(real: type) -> type:
    """A stand-in for korean_numbers.KoreanNumber (by name, as tests/counting_patterns
    stands in for a pattern) that counts each read of a finding's start or end."""

    @dataclasses.dataclass(frozen=True)
    class Counted(real):  # type: ignore[valid-type,misc]
        reads = 0

        def __getattribute__(self, name: str) -> object:
            if name in ("start", "end"):
                type(self).reads += 1
            return object.__getattribute__(self, name)

    return Counted


@pytest.mark.parametrize("piece", ["5만~10만 원, ", "From 10~20만 원, ", "In 3~4월, then "])
def test_t110_looks_back_at_the_findings_a_range_can_reach_not_at_all(
    piece: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each range's last end looked at every Korean number before it for one its first
    end began in, and a range read as one dropped what it held by looking at them all
    again: time quadratic in the Korean numbers of a text (2,000 ranges read findings'
    ends millions of times). The bound is on reads of findings' starts and ends,
    counted, not timed: twice the ranges read them about twice as often, not four times."""
    from audits.detectors import korean_numbers

    counted = _counting_finding(korean_numbers.KoreanNumber)
    monkeypatch.setattr(korean_numbers, "KoreanNumber", counted)

    def reads(pieces: int) -> int:
        counted.reads = 0
        numbers = list(korean_numbers.korean_numbers("Costs. " + piece * pieces))
        assert len(numbers) >= pieces and all(n.english for n in numbers)
        return int(counted.reads)

    fewer, more = reads(1_000), reads(2_000)
    assert more <= 2.5 * fewer, (fewer, more)


def test_t110_korean_amounts_of_several_groups() -> None:
    # "1조 2,000억 원" was reported as "1조" with 1,000,000,000,000: the rest of the
    # amount was dropped, and "3천만 원", "1억5000만원" were not found at all.
    text = (
        "It cost 1조 2,000억 원, then 1억 2천만 원 and 3천만 원. Fees were 1억5000만원 "
        "and 2조5천억원 last year, and it drew 5천 명 and 2천5백만 people."
    )
    assert [(f.text, f.suggestion) for f in found(text, "T110")] == [
        ("1조 2,000억 원", "1,200,000,000,000 won"),
        ("1억 2천만 원", "120,000,000 won"),
        ("3천만 원", "30,000,000 won"),
        ("1억5000만원", "150,000,000 won"),
        ("2조5천억원", "2,500,000,000,000 won"),
        ("5천 명", "5,000 people"),
        ("2천5백만", "25,000,000"),
    ]
    # Scales out of order are no amount Korean writes: reported, with no suggestion.
    (f,) = found("It was 5백 2천 then.", "T110")
    assert f.suggestion is None and f.message.endswith("in digits, without 백 and 천.")


def test_t110_korean_amounts_are_exact_and_whole() -> None:
    # Floats printed 12,345,678,901,234,568 for this amount, "0.5명" as "0 people" and
    # "10,000.5원" as "10,000 won".
    text = "It cost 12,345,678,901,234,567원, with 0.5명, 1.5명 and 10,000.5원 left over."
    assert [(f.text, f.suggestion) for f in found(text, "T110")] == [
        ("12,345,678,901,234,567원", "12,345,678,901,234,567 won"),
        ("0.5명", None),
        ("1.5명", None),
        ("10,000.5원", None),
    ]
    assert [(f.text, f.suggestion) for f in found("It was 1.5만 명 there.", "T110")] == [
        ("1.5만 명", "15,000 people")
    ]


def test_t110_a_long_run_of_digits_before_a_counter_does_not_fail_the_document() -> None:
    # float() gave inf and round() raised OverflowError: the whole document came back
    # with status "error" and no findings.
    for counter in ("만", "万"):
        text = f"The file held {'9' * 400}{counter} and nothing else, said the clerk."
        (f,) = found(text, "T110")
        assert f.suggestion is None


def test_t110_full_width_and_arabic_digits_are_no_korean_number() -> None:
    # "１０만" gave two overlapping findings (full-width "１０" and "１０만"), and the
    # Arabic digit of "٣만" was read as a Korean 30,000.
    assert [(f.text, f.evidence["kind"]) for f in found("He paid １０만 won.", "T110")] == [
        ("１０", "full_width")
    ]
    assert found("The deal, worth ٣만 won, closed.", "T110") == []
    # Nor, on the Chinese side, a Chinese 30,000 beside T111's Arabic digit.
    assert found("The deal, worth ٣万 yuan, closed.", "T110") == []


def test_t110_no_finding_for_a_korean_date_or_time_that_cannot_be() -> None:
    # "13월" and "3시 60분" were reported as Korean, "English writes it in words", and
    # "2월 30일" was suggested as "30 February", "24시 30분" as "24:30".
    text = "On 2024년 13월 4일 at 3시 60분, and 2월 30일, 2023년 2월 29일, 오후 0시 and 24시 30분."
    assert spans(text, "T110") == []
    assert [(f.text, f.suggestion) for f in found("It rained on 2월 29일 again.", "T110")] == [
        ("2월 29일", "29 February")
    ]


def test_t110_leaves_a_quoted_korean_title_alone() -> None:
    # An English original quoting a Korean song or drama by its title got T110, which
    # tipped Younha's graduation song "3월 9일" to machine-translated.
    for text in (
        'Younha\'s ballad "3월 9일" (March 9th) became a staple of graduation ceremonies.',
        "The KBS drama '1991년, 봄' follows two students through that spring.",
        "Epik High\u2019s track \u201c오후 3시\u201d opens the album.",
    ):
        assert spans(text, "T110") == []
    # A quotation with English words in it is no title: MT's number is still reported.
    text = 'He said "the rally at 오후 3시 drew 10만 명" and left.'
    assert spans(text, "T110") == ["오후 3시", "10만 명"]


def test_t110_a_korean_range_is_read_with_both_ends() -> None:
    # "10~20만 원" was suggested as "200,000 won" for its end: applied, it read
    # "10~200,000 won"; then it had no suggestion at all. Its scale and unit belong to
    # both ends: the range is one finding, "100,000 to 200,000 won". Two numbers each
    # with its counters are two findings. A range of months had no suggestion (its end
    # "3월" alone); it is read whole now, see the next test.
    text = "Rooms cost 10~20만 원 or 10만-20만 원, open 1~3월."
    assert [(f.text, f.suggestion) for f in found(text, "T110")] == [
        ("10~20만 원", "100,000 to 200,000 won"),
        ("10만", "100,000"),
        ("20만 원", "200,000 won"),
        ("1~3월", "January to March"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A range of months was its end "4월" with no suggestion.
        ("Open 3~4월 only.", [("3~4월", "March to April")]),
        ("Open 3 ~ 5월 only.", [("3 ~ 5월", "March to May")]),
        ("Open 12~2월 in winter.", [("12~2월", "December to February")]),
        # After its year, one finding: "2024년" was "2024" and "4월" had no suggestion.
        ("In 2024년 3~4월 it rained.", [("2024년 3~4월", "March to April 2024")]),
        # Which December is not said after a year; no month 13; "Q1" is no month.
        ("In 2023년 12~2월 it snowed.", [("2023년", "2023"), ("2월", None)]),
        # A spaced range after its year is read with the year (its first end was read
        # alone, then dropped for the "년" before it, and the month was lost).
        ("In 2024년 10 ~ 12월 it rained.", [("2024년 10 ~ 12월", "October to December 2024")]),
        ("In 2023년 12 ~ 2월 it snowed.", [("2023년", "2023"), ("2월", None)]),
        # A range never starts inside an earlier finding: "4월, 2025년" (April 2025) holds
        # the year, so "5~6월" took it and dropped that finding, and "3~4월" was lost.
        (
            "In 2024년 3~4월, 2025년 5~6월 it rained.",
            [("2024년", "2024"), ("4월, 2025년", None), ("6월", None)],
        ),
        # A year the range does not read ("24년") keeps the month's own finding, as does
        # any Korean word before the range: read whole, it was Korean text and dropped.
        ("In 24년 3~4월 it rained.", [("4월", None)]),
        ("On 3월 10~12월 it rained.", [("3월", "March"), ("12월", None)]),
        ("On 3일 1~2월 it rained.", [("2월", None)]),
        ("In 서울 2024년 3~4월 it rained.", [("4월", None)]),
        # A range before its year is not read whole (README says so).
        ("Open 3~4월 2024년.", [("4월 2024년", None)]),
        ("Open 13~4월.", [("4월", None)]),
        ("Q1~3월 sales rose.", [("3월", None)]),
        ("Day 1 - 5월 came.", [("5월", None)]),
        # A range ending in a day stays as it was: its first end is not read.
        ("Open 3~4월 5일.", [("4월 5일", None)]),
    ],
)
def test_t110_a_korean_range_of_months_is_read_whole(
    text: str, expected: list[tuple[str, str | None]]
) -> None:
    assert [(f.text, f.suggestion) for f in found(text, "T110")] == expected


@pytest.mark.parametrize(
    ("text", "span", "english"),
    [
        # 십 (ten) before a large scale: "8십만" is 800,000; "7~8십만" had no finding.
        ("It drew 7~8십만 people.", "7~8십만", "700,000 to 800,000"),
        ("It drew 7~8십만 명.", "7~8십만 명", "700,000 to 800,000 people"),
        ("About 8십만 명 came.", "8십만 명", "800,000 people"),
        ("It cost 3천5백2십 원.", "3천5백2십 원", "3,520 won"),
    ],
)
def test_t110_reads_korean_tens(text: str, span: str, english: str) -> None:
    (f,) = found(text, "T110")
    assert (f.text, f.suggestion) == (span, english)


@pytest.mark.parametrize(
    ("text", "span", "english"),
    [
        ("Tickets cost 10~20만 원 each.", "10~20만 원", "100,000 to 200,000 won"),
        ("Tickets cost 1.5 ~ 2만원 each.", "1.5 ~ 2만원", "15,000 to 20,000 won"),
        ("About 3~5명 were hurt.", "3~5명", "3 to 5 people"),
        ("Bonuses of 1–2억 원 were paid.", "1–2억 원", "100,000,000 to 200,000,000 won"),
        # A bare first end takes the last end's whole scale, small and large: "5~6천 명"
        # is 5,000 to 6,000 people; it was "5 to 6,000 people", and "2~3천만 원" "20,000
        # to 30,000,000 won" (the first end given only the large scale, 만).
        ("About 5~6천 명 attended.", "5~6천 명", "5,000 to 6,000 people"),
        ("Tickets cost 1~2천 원 each.", "1~2천 원", "1,000 to 2,000 won"),
        ("Stamps cost 3~5백 원 each.", "3~5백 원", "300 to 500 won"),
        ("The repairs cost 2~3천만 원 in all.", "2~3천만 원", "20,000,000 to 30,000,000 won"),
        ("Fees of 3~5백만 원 were charged.", "3~5백만 원", "3,000,000 to 5,000,000 won"),
        ("It cost 2~3천억 원 in all.", "2~3천억 원", "200,000,000,000 to 300,000,000,000 won"),
        ("It cost 1~2조 원 in all.", "1~2조 원", "1,000,000,000,000 to 2,000,000,000,000 won"),
        # Read with the whole scale, "500~3천만" would run high to low (5,000,000,000 to
        # 30,000,000), though "500만" may be meant: no number.
        ("It cost 500~3천만 원 in all.", "500~3천만 원", None),
        # A first end with a scale of its own, before a last end with a larger one: "3천"
        # may be 3천만 or 3,000, so no number (it was suggested as "3,000" on main).
        ("A box costs 3천~5천만 원 now.", "3천~5천만 원", None),
        ("A box costs 5백~1천만 원 now.", "5백~1천만 원", None),
        # Which scale the first end takes is not certain: one finding, no number.
        ("It cost 1~2억 5천만 원 in all.", "1~2억 5천만 원", None),
        ("It cost 1억 5천~2억 원 in all.", "1억 5천~2억 원", None),
        # No range from high to low.
        ("It cost 30~5만 원 in all.", "30~5만 원", None),
    ],
)
def test_t110_a_korean_range_gives_both_ends_or_no_number(
    text: str, span: str, english: str | None
) -> None:
    (f,) = found(text, "T110")
    assert (f.text, f.suggestion) == (span, english)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A spaced hyphen or an em dash separates list items or clauses, not a range's
        # ends: "Day 1 - 5만 명" was read as "10,000 to 50,000 people". As on main, the
        # number keeps its own span with no suggestion, since a range may be meant.
        (
            "Day 1 - 5만 명 attended, Day 2 - 7만 명.",
            [("5만 명", None), ("7만 명", None)],
        ),
        ("Round 2 - 3천만 원 was paid.", [("3천만 원", None)]),
        ("In 2023 — 10만 명 came.", [("10만 명", None)]),
        # A range's dash: the tildes, spaced or not, or a hyphen right between digits.
        ("Rooms cost 10-20만 원 each.", [("10-20만 원", "100,000 to 200,000 won")]),
        ("Rooms cost 10\u223c20만 원 each.", [("10\u223c20만 원", "100,000 to 200,000 won")]),
    ],
)
def test_t110_only_a_tilde_or_an_unspaced_hyphen_joins_a_korean_range(
    text: str, expected: list[tuple[str, str | None]]
) -> None:
    assert [(f.text, f.suggestion) for f in found(text, "T110")] == expected


@pytest.mark.parametrize(
    ("text", "span", "english"),
    [
        # Korean shortens a range of tens: "2~30만" is 20만~30만, "4~50만" 40만~50만. Read
        # with the last end's scale, the bare first end gave "20,000 to 300,000 won", a
        # tenth of what is meant; "1~20명" may be 1 to 20 or 10 to 20: no number.
        ("Rents run 2~30만 원 a month.", "2~30만 원", None),
        ("It drew 4~50만 명.", "4~50만 명", None),
        ("Groups of 1~20명 came.", "1~20명", None),
        ("It cost 2~300만 원 in all.", "2~300만 원", None),
        # Shortened by one zero of two, "9~100만" may be 90만~100만 as well as 9만~100만;
        # "9~10만" and "3~15만" may be read as they stand, but no rule on the digits tells
        # those from the shortened ones, so ends of different digits give no number.
        ("It cost 9~100만 원.", "9~100만 원", None),
        ("It drew 9~10만 명.", "9~10만 명", None),
        ("It drew 3~15만 명.", "3~15만 명", None),
        # Ends with the same number of digits are read as they stand.
        ("It drew 15~20만 명.", "15~20만 명", "150,000 to 200,000 people"),
        ("It cost 0.5~1억 원.", "0.5~1억 원", "50,000,000 to 100,000,000 won"),
        ("About 5~6천 명 attended.", "5~6천 명", "5,000 to 6,000 people"),
    ],
)
def test_t110_a_korean_range_of_shortened_tens_gives_no_number(
    text: str, span: str, english: str | None
) -> None:
    (f,) = found(text, "T110")
    assert (f.text, f.suggestion) == (span, english)


def test_t110_a_range_whose_ends_carry_their_own_counters_keeps_two_findings() -> None:
    text = "It drew 5만~10만 명 and cost 3천~5천 원."
    assert [(f.text, f.suggestion) for f in found(text, "T110")] == [
        ("5만", "50,000"),
        ("10만 명", "100,000 people"),
        ("3천", "3,000"),
        ("5천 원", "5,000 won"),
    ]


def test_t110_a_range_inside_korean_text_is_left_alone() -> None:
    # Only the Korean word before the range's first end shows it is a quotation.
    assert found("The sign said 서울 10~20만 원 in red.", "T110") == []


def test_t110_a_korean_month_before_its_year_keeps_the_year() -> None:
    # "3월 2024년" was suggested as "March": the year, read as Korean text beside "월",
    # was dropped and left behind.
    text = "The law took effect in 3월 2024년 and again on 4월 5일 2025년."
    assert [(f.text, f.suggestion) for f in found(text, "T110")] == [
        ("3월 2024년", "March 2024"),
        ("4월 5일 2025년", "5 April 2025"),
    ]


def test_t110_a_korean_date_with_a_comma_before_its_year_is_one_date() -> None:
    # "3월 5일, 2024년" was two findings, "5 March" and "2024": applied, the
    # suggestions read "5 March, 2024".
    text = "The law took effect on 3월 5일, 2024년 and was signed on 4월 1일, then 2월."
    assert [(f.text, f.suggestion) for f in found(text, "T110")] == [
        ("3월 5일, 2024년", "March 5, 2024"),
        ("4월 1일", "1 April"),
        ("2월", "February"),
    ]


def test_t110_no_date_for_a_year_zero_or_an_absurd_year() -> None:
    # "0000년" was suggested as "0", "3월 5일 0000년" as "5 March 0", and Chinese
    # "0000年7月1日" as "1 July 0"; nor did Chinese check the day, "2月30日" being
    # suggested as "30 February".
    text = "It began in 0000년, on 3월 5일 0000년, and ends in 9999년 3월 4일 or 2024년."
    assert [(f.text, f.suggestion) for f in found(text, "T110")] == [("2024년", "2024")]
    text = "It began on 0000年7月1日, then 9999年, then 2月30日, then 1999年12月31日."
    assert [(f.text, f.suggestion) for f in found(text, "T110")] == [
        ("0000年7月1日", None),
        ("9999年", None),
        ("2月30日", None),
        ("1999年12月31日", "31 December 1999"),
    ]


def test_t110_names_the_korean_characters_a_number_keeps() -> None:
    # A Korean amount with no English form said "English writes it without the Korean
    # counters", a word few readers know; it names the characters to drop.
    (f,) = found("It cost 5백 2천만 원 in all.", "T110")
    assert f.suggestion is None
    assert f.message.endswith("English writes it in digits, without 백, 천, 만 and 원.")


def test_t110_a_korean_number_glossed_in_english_is_weaker() -> None:
    # "3,000원 (about $2.30)" is how an English writer glosses a price; it counted as
    # much as MT's bare "2,000원".
    text = "Tteokbokki was 3,000원 (about $2.30) and hotteok 2,000원 when we visited."
    assert [(f.text, f.strength) for f in found(text, "T110")] == [
        ("3,000원", 0.25),
        ("2,000원", 0.5),
    ]


def test_t110_reason_names_only_the_languages_its_findings_point_to() -> None:
    # A document with Chinese punctuation alone was said to have "3 Chinese, Japanese
    # or Korean marks or numbers".
    def reasons(text: str) -> list[str]:
        audit = audit_document(Document(id="t", text=text, source="t"), AuditConfig(lm=False))
        assert audit.verdict is not None
        return [r.text for r in audit.verdict.reasons if "number" in r.text]

    zh = "The spokesperson said：We will continue，and support enterprises。"
    assert reasons(zh) == ["3 Chinese or Japanese marks or numbers (“：”, “，”)"]
    ko = "He paid 10만 원 and 5만 원 for it, then 3만 원 more."
    # Korean findings are numbers alone: "3 Korean marks or numbers" named marks
    # Korean text does not have (it is typed with English punctuation).
    assert reasons(ko) == ["3 Korean numbers (“10만 원”, “5만 원”)"]


def test_t104_czech_mil_and_crowns_and_spanish_mil() -> None:
    # Czech "mil." (millions) and "Kč", and Spanish "mil" (thousands), after a decimal
    # comma were no unit: "2,5 mil. Kč" and "75,9 mil reais" went unreported.
    text = "The damage was 2,5 mil. Kč. Tickets cost 12,50 Kč. They earned 75,9 mil reais."
    assert [
        (f.text, f.suggestion, f.source_lang or tuple(f.evidence["source_langs"]))
        for f in found(text, "T104")
    ] == [
        ("2,5 mil", "2.5 million", ("cs", "sk")),
        ("12,50 Kč", "12.50 crowns", "cs"),
        ("75,9 mil", "75,900", ("es", "pt")),
    ]
    # "mil" the thousandth of an inch, after a decimal comma: no thousands.
    assert found("The new film is 2,5 mil thick and fully recyclable.", "T104") == []


@pytest.mark.parametrize("currency", ["EUR", "€", "USD", "$", "CZK", "Kč", "Sk"])
def test_t104_czech_and_slovak_mil_before_a_currency_is_millions(currency: str) -> None:
    # "75,9 mil. EUR" was read as Spanish thousands (75,900), a factor of 1000 off.
    text = f"The ministry will spend 75,9 mil. {currency} on new roads this year."
    assert [
        (f.suggestion, f.source_lang or tuple(f.evidence["source_langs"]))
        for f in found(text, "T104")
    ] == [("75.9 million", ("cs", "sk"))]


@pytest.mark.parametrize(
    ("text", "span"),
    [
        # Spanish "mil millones", Portuguese "mil milhões": a thousand million, a billion,
        # with the scale word kept or made English. "2,5 mil million" had no finding: the
        # word after "mil" was no currency, so "mil" could be the thousandth of an inch.
        ("The plan will cost 2,5 mil million dollars.", "2,5 mil million"),
        ("The plan will cost 2,5 mil millones de euros.", "2,5 mil millones"),
        ("The plan will cost 2,5 mil milhões de euros.", "2,5 mil milhões"),
        ("The plan will cost 2,5 Mil Millions in all.", "2,5 Mil Millions"),
    ],
)
def test_t104_spanish_and_portuguese_mil_millones_is_billions(text: str, span: str) -> None:
    assert [
        (f.text, f.suggestion, tuple(f.evidence["source_langs"])) for f in found(text, "T104")
    ] == [(span, "2.5 billion", ("es", "pt"))]


def test_t105_dots_before_mil_million_could_be_either_reading() -> None:
    # "2.125 mil million": a Spanish or Portuguese "mil" left before an English "million".
    # The dots may be the source's grouping (2,125 thousand million) or its decimal comma
    # made a point with "millones" (2.125 thousand million): no number for either.
    for text in ("Spain earmarked 2.125 mil million euros.", "It cost 2.000 mil million."):
        assert found(text, "T105") == []
        assert found(text, "T104") == []


def test_t104_spanish_mil_at_a_sentences_end_is_thousands() -> None:
    # Its full stop is no Czech "mil." (millions): 75,900, not 75.9 million.
    text = "The club paid 75,9 mil. He signed him for 2,5 mil."
    assert [
        (f.suggestion, f.source_lang or tuple(f.evidence["source_langs"]))
        for f in found(text, "T104")
    ] == [("75,900", ("es", "pt")), ("2,500", ("es", "pt"))]


def test_t110_a_trillion_and_an_amount_in_yuan() -> None:
    text = "Retail sales reached 22.8万亿 yuan; the city invested 3.5亿元 and paid 300元 each."
    assert [(f.text, f.suggestion) for f in found(text, "T110")] == [
        ("22.8万亿", "22,800,000,000,000"),
        ("3.5亿元", "350,000,000 yuan"),
        ("300元", "300 yuan"),
    ]


def test_t110_a_price_in_yuan_and_fen_is_written_as_it_is() -> None:
    # "19.99元" got no suggestion (and "20 yuan" before that); a fraction a scale
    # leaves ("1.23456万") is still no amount English writes.
    text = "It cost 19.99元, then 3.5元 and 0.5元; the fund held 1.23456万."
    assert [(f.text, f.suggestion) for f in found(text, "T110")] == [
        ("19.99元", "19.99 yuan"),
        ("3.5元", "3.5 yuan"),
        ("0.5元", "0.5 yuan"),
        ("1.23456万", None),
    ]


def test_t110_full_width_digits_and_letters() -> None:
    text = "The ＵＳＢ port of the ２０２３ model shipped on ２０２３年７月１日, officials said."
    found_ = found(text, "T110")
    assert [(f.text, f.suggestion) for f in found_] == [
        ("ＵＳＢ", "USB"),
        ("２０２３", "2023"),
        ("２０２３年７月１日", "1 July 2023"),
    ]
    assert "typing" in found_[0].message


def test_t110_leaves_numbers_inside_chinese_text_to_l402() -> None:
    text = "The notice read 自2023年7月1日起实施 and 2023年7月1日起，新规实施。"
    assert spans(text, "T110") == []


def test_t104_a_decimal_comma_before_the_euro_sign() -> None:
    # "45,50 €" had no finding: the euro sign after the amount was no unit.
    text = "The ticket is 45,50 € now, and the menu 12,90€."
    assert [(f.text, f.suggestion) for f in found(text, "T104")] == [
        ("45,50 €", "€45.50"),
        ("12,90€", "€12.90"),
    ]


def test_t107_the_dotted_portuguese_numero_sign() -> None:
    text = "The law n.º 5/2023 was published, amending Decree-Law N.º 12."
    assert spans(text, "T107") == ["n.º", "N.º"]


def test_t110_yuan_alone_passes_the_screen() -> None:
    # "300元" in a text with no other Chinese mark never reached T110's finder.
    assert [(f.text, f.suggestion) for f in found("He paid 300元 for it.", "T110")] == [
        ("300元", "300 yuan")
    ]


@pytest.mark.parametrize(
    "text, span",
    [
        (
            "Moscow, 15 March. The Ministry of Foreign Affairs made a statement.",
            "Moscow, 15 March.",
        ),
        (
            "MOSCOW, March 15. /TASS/. Russian Foreign Minister Sergey Lavrov said.",
            "MOSCOW, March 15.",
        ),
        ("Kyiv, 3 April. The General Staff reported new attacks on the city.", "Kyiv, 3 April."),
    ],
)
def test_t109_a_russian_agencys_dated_dateline(text: str, span: str) -> None:
    (f,) = found(text, "T109")
    assert f.text == span and f.evidence["source_langs"] == ["ru", "uk"]
    assert f.evidence["kind"] == "dated"


@pytest.mark.parametrize(
    "text",
    [
        "LONDON, March 15 (Reuters) - Britain said on Friday it would act.",
        "London, 15 March.\nDear Sir, I write to complain about the buses.",
        "London, 15 March 2024\n\nDear Sir, I write to complain about the buses.",
        # A diary's day and the minutes' meeting: a weekday, not a place.
        "Saturday, 12 June. We drove down to the coast before breakfast and had the beach "
        "almost to ourselves until ten.",
        "Wednesday, March 15. The committee met in the library at seven o'clock, with eleven "
        "members present.",
    ],
)
def test_t109_an_english_dateline_or_a_letters_date_line_is_no_russian_dateline(
    text: str,
) -> None:
    assert found(text, "T109") == []


def test_t111_arabic_punctuation_and_digits_in_english_text() -> None:
    text = (
        "The rate rose to ٥٪ this year، the ministry said. Why did it wait؟ "
        "The project will cost ۲۵۰ million rials."
    )
    assert [
        (f.text, f.suggestion, f.source_lang or tuple(f.evidence["source_langs"]))
        for f in found(text, "T111")
    ] == [
        ("٥٪", "5%", "ar"),
        ("،", ",", ("ar", "fa", "ur")),
        ("؟", "?", ("ar", "fa", "ur")),
        ("۲۵۰", "250", ("fa", "ur")),
    ]


def test_t111_hebrew_gershayim_as_quotation_marks() -> None:
    text = "He said: ״we will win״ in the Knesset, and the IDF (צה״ל) agreed."
    assert [(f.text, f.source_lang) for f in found(text, "T111")] == [("״", "he"), ("״", "he")]


def test_t111_leaves_marks_inside_arabic_text_to_l402() -> None:
    assert found("The sign read مرحبا، أهلا in Arabic.", "T111") == []


_ABOUT_ARABIC_NUMERALS = (
    "In Egypt, for example, a shop sign will show prices in Eastern Arabic numerals, where "
    "250 is written ٢٥٠ and the number five looks like a small circle (٥).\n\n"
    "Iran and Pakistan use a slightly different set again: in Persian the digits four, five "
    "and six (۴, ۵, ۶) have their own shapes. Even punctuation is mirrored: the Arabic comma "
    "(،) and question mark (؟) face the other way from their English counterparts.\n"
)


def test_t111_leaves_marks_an_english_text_names_as_examples() -> None:
    assert found(_ABOUT_ARABIC_NUMERALS, "T111") == []


@pytest.mark.parametrize(
    "text",
    [
        'Some carried a banner that read "ثورة ٢٥ يناير" (the January 25 revolution).',
        'A sign at the gate said "نريد العودة ، لا نريد المساعدات" (we want to return).',
    ],
)
def test_t111_leaves_spaced_marks_inside_arabic_text_to_l402(text: str) -> None:
    assert found(text, "T111") == []


def test_t111_after_the_first_mark_a_documents_marks_are_weak() -> None:
    text = "The rate rose to ٥٪ this year، the ministry said. Why did it wait؟"
    assert [f.strength for f in found(text, "T111")] == [0.5, 0.1, 0.1]


def test_t111_reads_only_a_window_around_each_mark(monkeypatch: pytest.MonkeyPatch) -> None:
    # Searching the whole text before every mark made a long text with many leftover
    # marks quadratic: 560 KB of "on، and on؛" took five minutes.
    from audits.detectors import rtl_punctuation

    searched: list[int] = []
    pattern = rtl_punctuation._SHOWN_AFTER

    class Recorder:
        def search(self, text: str) -> re.Match[str] | None:
            searched.append(len(text))
            return pattern.search(text)

    monkeypatch.setattr(rtl_punctuation, "_SHOWN_AFTER", Recorder())
    assert len(found("The list goes on، and on؛ " * 200, "T111")) == 400
    assert searched and max(searched) <= rtl_punctuation._WINDOW


def test_t105_a_degree_celsius_does_not_make_a_news_story_scientific() -> None:
    # A French heat-wave story's "41 °C" once made every plain-space grouping SI style,
    # and its "12 000 elderly people" went unreported.
    story = (
        "The temperature reached 41 °C in Nîmes on Tuesday, according to Météo-France. "
        "More than 12 000 elderly people were moved to air-conditioned rooms in the region, "
        "and 3 500 firefighters were mobilised. Around 250 000 homes were without "
        "electricity on Monday evening."
    )
    assert spans(story, "T105") == ["12 000", "3 500", "250 000"]


@pytest.mark.parametrize(
    ("text", "span", "suggestion", "langs"),
    [
        # A date that kept the source's month name was reported by no rule.
        (
            "The council decided on 4 października to keep rates.",
            "4 października",
            "4 October",
            ["pl"],
        ),
        ("Wages rise from 1 stycznia 2025, GUS said.", "1 stycznia 2025", "1 January 2025", ["pl"]),
        (
            "Lula travels on 20 de março de 2024 to Recife.",
            "20 de março de 2024",
            "20 March 2024",
            ["pt"],
        ),
        ("Flights resume on 20 de marzo, the airline said.", "20 de marzo", "20 March", ["es"]),
        ("The rate was 27.15 on 5 Ekim 2023, TÜİK said.", "5 Ekim 2023", "5 October 2023", ["tr"]),
        ("The debate takes place on 18 oktober in The Hague.", "18 oktober", "18 October", ["nl"]),
        # The sentence's subject after a date led by a preposition, or after a year, is
        # no name going on: "15 Temmuz Martyrs Bridge" is.
        ("On 5 Ekim 2023 Erdogan met Putin.", "5 Ekim 2023", "5 October 2023", ["tr"]),
        ("On 4 października Polish President Duda spoke.", "4 października", "4 October", ["pl"]),
        ("On 20 de março Lula spoke.", "20 de março", "20 March", ["pt"]),
        ("Since 1 stycznia 2025 Poland acts.", "1 stycznia 2025", "1 January 2025", ["pl"]),
        ("On 18 oktober Rutte spoke.", "18 oktober", "18 October", ["nl"]),
        # The weekday MT keeps between the preposition and the date.
        ("On Thursday 20 de março Lula spoke.", "20 de março", "20 March", ["pt"]),
        ("On Tuesday, 4 października Duda spoke.", "4 października", "4 October", ["pl"]),
    ],
)
def test_t107_a_date_with_the_source_month_name(
    text: str, span: str, suggestion: str, langs: list[str]
) -> None:
    (f,) = found(text, "T107")
    assert (f.text, f.suggestion, f.evidence["source_langs"]) == (span, suggestion, langs)
    assert f.evidence["kind"] == "month_name"


@pytest.mark.parametrize(
    "text",
    [
        # English months, names and places, and a Spanish sentence quoted whole (L401's).
        "The council meets on 4 October and on 2 May in County Mayo.",
        "Passover begins on 15 Nisan; the avenue 9 de Julio and 25 de Março street closed.",
        'The sign read: "El mercado abre el 20 de marzo de 2024 para todos los vecinos."',
        "He owns 3 Maja flats and 12 mart stores.",
        # Part of a name: a bridge, a quoted song's title.
        "The 15 Temmuz Martyrs Bridge was closed.",
        'She sang "20 de marzo" at the show.',
        "They met on the 1 Mayıs Square.",
        "They walked over the 15 Temmuz Martyrs Bridge.",
        "Traffic stopped on 15 Temmuz Martyrs Bridge.",
        "Traffic stopped on Monday 15 Temmuz Martyrs Bridge.",
        # The head noun a few words on, or one of Turkish (English originals' places).
        "The ceremony at 15 Temmuz Democracy and Martyrs Monument was moving.",
        "Fans met in 19 Mayıs Gençlik Parkı.",
        "Our hotel is on 29 Ekim Caddesi, near the sea.",
        "We stayed at 15 Temmuz Hotel.",
    ],
)
def test_t107_english_dates_and_foreign_sentences_name_no_foreign_month(text: str) -> None:
    assert spans(text, "T107") == []


@pytest.mark.parametrize(
    "text",
    ["The kit ships in 2,5 bi-fold cases.", "Pay 2,5 bi-weekly, as agreed."],
)
def test_t104_bi_before_a_hyphen_is_no_billion(text: str) -> None:
    # "bi" is Brazilian for billions only on its own: "bi-fold" is one English word.
    assert all("billion" not in (f.suggestion or "") for f in found(text, "T104"))


@pytest.mark.parametrize(
    ("text", "span", "suggestion"),
    [
        ("The 2,5 km-long tunnel opened.", "2,5 km", "2.5 km"),
        ("A 3,5 m-high wall stood.", "3,5 m", "3.5 m"),
        ("A 1,5 kg-heavy box fell.", "1,5 kg", "1.5 kg"),
        ("The 2,5 mln-euro fund.", "2,5 mln", "2.5 million"),
    ],
)
def test_t104_a_unit_before_a_hyphen_is_still_read(text: str, span: str, suggestion: str) -> None:
    # Only units that are English prefixes ("bi") start a compound; "km-long" is MT's
    # compound adjective, where decimal commas with units turn up most.
    hits = [(f.text, f.suggestion) for f in found(text, "T104")]
    assert hits == [(span, suggestion)]


@pytest.mark.parametrize(
    ("text", "code", "lang"),
    [
        # The source's own word beside the number names its language; the hint was the
        # generic list of a dozen languages that group with dots or write "mld".
        ("Revenue reached 12.500 tỷ đồng last year.", "T105", "vi"),
        ("Sales were 17.002 TL in March.", "T105", "tr"),
        ("The debt was 1,2 mld zł in 2023.", "T104", "pl"),
    ],
)
def test_the_sources_own_word_after_a_number_names_its_language(
    text: str, code: str, lang: str
) -> None:
    (f,) = found(text, code)
    assert f.source_lang == lang
