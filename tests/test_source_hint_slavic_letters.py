"""Polish and Serbian/Croatian letters are source hints, counted only in words those
languages write: not Spanish "ó", Maltese "ż" or Vietnamese "Đ"."""

from __future__ import annotations

import pytest

from audits.document import Unnamed
from audits.features.origin import Hint, hint_votes, load_hints, origin_features


def _hint(name: str) -> Hint:
    return next(h for h in load_hints() if h.name == name)


# An English version of a Polish report: its names keep their letters.
FROM_POLISH = (
    "Łukasz Szymański, the mayor of Gdańsk, said on Monday that the city would buy "
    "forty new trams, and his deputy Grażyna Różycka confirmed the tender."
)

FROM_SERBIAN = (
    "Novak Đoković thanked the crowd in Belgrade, where President Aleksandar Vučić and "
    "the coach Nenad Zimonjić had come to watch the final against Borna Ćorić."
)


def test_polish_names_are_evidence_for_polish() -> None:
    # Łukasz, Szymański, Gdańsk, Grażyna (ż with y), Różycka (ż with ó, y and c)
    assert _hint("polish_letters").count(FROM_POLISH) == 5
    votes = hint_votes(FROM_POLISH)
    assert max(votes, key=lambda k: votes[k]) == "pl"
    assert origin_features(FROM_POLISH)["src.polish_letters"] > 0


def test_serbian_and_croatian_names_are_evidence_for_them() -> None:
    # Đoković, Vučić, Zimonjić, Ćorić
    assert _hint("serbo_croatian_letters").count(FROM_SERBIAN) == 4
    votes = hint_votes(FROM_SERBIAN)
    assert votes["hr"] == votes["sr"] == max(votes.values())


@pytest.mark.parametrize(
    "text",
    [
        "José Gómez and Ramón Pérez",  # Spanish ó
        "a weekend in Kraków",  # ó alone: English writes it too, and Spanish
        "the festa at Żejtun, Żurrieq and Ħaż-Żebbuġ",  # Maltese ż
        "Maćkowiak",  # ć is Serbian and Croatian as well
    ],
)
def test_shared_letters_are_no_polish_hint(text: str) -> None:
    assert _hint("polish_letters").count(text) == 0


@pytest.mark.parametrize(
    "text",
    [
        "Đà Nẵng and Nguyễn Văn Đức",  # Vietnamese, tone marks beside the Đ
        "the painter Đinh Quang",  # Vietnamese "-nh"
        "Łukasz Szymański",  # Polish
        "Dvořák and Šťastný",  # Czech háčky without "-ić"
    ],
)
def test_other_languages_are_no_serbo_croatian_hint(text: str) -> None:
    assert _hint("serbo_croatian_letters").count(text) == 0


# Longer versions, judged machine-translated, for the classifier: it learnt Czech,
# German, Japanese, Russian, Ukrainian and Chinese only, and without these hints named
# Russian (49 % sure) for the first and Czech (99 % sure) for the second.
POLISH_REPORT = (
    FROM_POLISH.replace(" confirmed the tender.", " confirmed that the tender would be ")
    + "announced in the spring.\n\nMałgorzata Wójcik of the opposition said the council "
    "had waited too long, and Przemysław Kaźmierczak added that the old trams from Łódź "
    "broke down every week.\n"
)
SERBIAN_REPORT = (
    FROM_SERBIAN
    + "\n\nDušan Lajović said the federation would build new courts in Niš, and Jelena "
    "Janković promised that Ana Ivanović would open them in the summer.\n"
)


@pytest.mark.parametrize(
    ("text", "langs", "said"),
    [
        (POLISH_REPORT, ("pl",), "Polish"),
        (SERBIAN_REPORT, ("hr", "sr"), "Croatian and Serbian"),
    ],
)
def test_the_classifier_names_no_language_it_never_learnt_for_such_names(
    text: str, langs: tuple[str, ...], said: str
) -> None:
    from audits.reports.labels import source_language
    from audits.reports.model import verdict_to_dict
    from tests.test_verdict import audit

    verdict = audit(text, fail_over=0.0).verdict
    assert verdict.machine_translated and verdict.source_lang is None
    # Its own reason, not "too little evidence" (review precision40, SHOULD-FIX 1).
    assert verdict.source_lang_unnamed == Unnamed("unlearnt", langs)
    assert verdict_to_dict(verdict)["source_lang_unnamed"] == {
        "reason": "unlearnt",
        "tied": list(langs),
    }
    label = source_language(None, verdict.source_lang_scores, verdict.source_lang_unnamed)
    assert label == f"not named ({said} spellings, which the classifier never learnt)"


# Reports from languages it learnt that name Polish, Serbian or Croatian people: their
# own hints outvote the names, and the classifier keeps its answer (review precision40,
# MUST-FIX 1: any two such words withheld it).
RUSSIAN_REPORT = (
    "Sergei Lavrov met the governor of the Belgorod region, Vyacheslav Gladkov, on Tuesday "
    "to discuss the restoration of the heating network before the winter.\n\n"
    "Dmitry Peskov said that the ruble had remained stable in Moscow, and Anton Siluanov "
    "promised that the budget of the Belgorod region would be paid in full by the end of "
    "the month.\n"
)
CZECH_REPORT = (
    "Prime Minister Petr Fiala met the mayor of Brno, Markéta Vaňková, on Tuesday to "
    "discuss the repair of the city's tram network before winter.\n\n"
    "Foreign Minister Jan Lipavský said that the koruna had remained stable in Prague, and "
    "Zbyněk Stanjura promised that the budget of the South Moravian Region would be paid "
    "in full by the end of the month.\n"
)
NAMES = {
    "pole": "The Polish envoy, Łukasz Szymański, also attended.",
    "walesa": "Lech Wałęsa sent greetings from Gdańsk.",
    "swiatek": "Iga Świątek will play an exhibition in Łódź.",
    "serbs": "In Belgrade, Aleksandar Vučić and his foreign minister Ivica Dačić sent greetings.",
    "croats": "The Croatian footballers Luka Modrić and Ivan Perišić visited a hospital.",
    "djokovic": "Aleksandar Vučić and the tennis player Novak Đoković sent greetings.",
}


@pytest.mark.parametrize("extra", sorted(NAMES))
@pytest.mark.parametrize("base", ["uk", "ru", "cs"])
def test_a_few_such_names_leave_the_classifier_its_answer(base: str, extra: str) -> None:
    from tests.test_verdict import UKRAINIAN_NEWS, audit

    text = {"uk": UKRAINIAN_NEWS + "\n", "ru": RUSSIAN_REPORT, "cs": CZECH_REPORT}[base]
    assert audit(text + NAMES[extra] + "\n", fail_over=0.0).verdict.source_lang == base


def test_one_such_name_leaves_the_classifier_its_answer() -> None:
    from tests.test_verdict import UKRAINIAN_NEWS, audit

    text = UKRAINIAN_NEWS + "\nThe Serbian envoy, Popović, met them; Popović left early.\n"
    assert audit(text, fail_over=0.0).verdict.source_lang == "uk"


def test_hangul_votes_by_words_not_syllables() -> None:
    from audits.verdict import _unlearnt_spellings

    # Two German words outvote one Korean name of three syllables.
    assert _unlearnt_spellings("Düsseldorf and Köln welcomed 반기문.", "de") == ()
    assert _unlearnt_spellings("Düsseldorf welcomed 반기문.", "de") == ("ko",)


def test_the_unlearnt_hints_are_hints() -> None:
    from audits.verdict import _UNLEARNT_HINTS

    assert set(_UNLEARNT_HINTS) <= {h.name for h in load_hints()}


@pytest.mark.parametrize(
    "text", ["Vučić and Dačić", "Luka Modrić and Ivan Perišić", "Šćepanović", "Đoković"]
)
def test_serbian_and_croatian_names_are_no_czech_hint(text: str) -> None:
    # Their háčky counted as Czech (review precision40, SHOULD-FIX 2).
    assert _hint("czech_letters").count(text) == 0
    assert hint_votes(text).get("cs", 0.0) == 0.0


def test_czech_words_keep_their_czech_hint() -> None:
    assert _hint("czech_letters").count("Dvořák, Šťastný and Vaňková in Plzeň") == 5


@pytest.mark.parametrize(
    "text",
    [
        "Vojislav Šešelj",  # lj
        "Željko Bošnjak",  # lj, nj
        "Petar II Petrović-Njegoš",  # nj before the háček
        "Edin Džeko",  # dž
        "Kruševac and Požarevac",  # -evac, -ovac
        "Čačak, Niš and Užice",  # places without such a shape
        "Nebojša Stefanović",
        "Ąžuolas",  # Lithuanian ą: no Czech letter
    ],
)
def test_serbian_names_without_ic_are_no_czech_hint(text: str) -> None:
    # Their háčky still voted Czech when the word did not end "-ić" (precision41).
    assert _hint("czech_letters").count(text) == 0


@pytest.mark.parametrize(
    ("text", "n"),
    [
        ("Miloš Zeman and Dušan Čaplovič", 2),  # a name both write is neither's
        ("injekční", 1),  # nj in a Czech word with í
        ("Piešťany and Žiar", 3),  # Slovak
        ("Babiš, Nedvěd, Vršovice and Žatec", 4),
    ],
)
def test_czech_and_slovak_words_keep_their_hint(text: str, n: int) -> None:
    assert _hint("czech_letters").count(text) == n


SERBIAN_TOWN_REPORT = (
    "Vojislav Šešelj, the leader of the Serbian Radical Party, spoke in Čačak on Sunday, "
    "where the mayor Željko Bošnjak had invited him to open the new bridge over the river."
    "\n\nNebojša Stefanović said that the bridge in Čačak had been paid for by the state, "
    "and Šešelj promised that the road to Kruševac and Užice would be finished by the end "
    "of the year.\n"
)


def test_a_serbian_report_is_not_named_czech() -> None:
    from tests.test_verdict import audit

    # Its háčky named Czech (100 % sure) before precision41.
    verdict = audit(SERBIAN_TOWN_REPORT, fail_over=0.0).verdict
    assert verdict.machine_translated and verdict.source_lang != "cs"
    assert hint_votes(SERBIAN_TOWN_REPORT).get("cs", 0.0) == 0.0


@pytest.mark.parametrize(
    "text",
    [
        "Aśoka",  # IAST ś before a vowel
        "Śakti and Yaśoda",
        "Kuśinagara",
        "Kęstutis",  # Lithuanian ending -is
        "Śiva",  # v: no Polish letter
        "Kṛṣṇa",  # IAST letters outside Polish
        "Šiauliai and Klaipėda",  # Lithuanian letters outside Polish
    ],
)
def test_sanskrit_and_lithuanian_words_are_no_polish_hint(text: str) -> None:
    # Aśoka, Śakti, Yaśoda, Kuśinagara and Kęstutis counted as Polish (precision41).
    assert _hint("polish_letters").count(text) == 0


@pytest.mark.parametrize(
    ("text", "n"),
    [
        ("Iga Świątek of Śląsk", 2),  # ś before a consonant
        ("Środa, Jaś and Leśniak", 3),  # before r, at the end, before n
        ("Kościuszko and Wiśniewski", 2),
        ("Dęblin, Kępa and Wałęsa", 3),  # ę without a Lithuanian ending
    ],
)
def test_polish_words_keep_their_hint(text: str, n: int) -> None:
    assert _hint("polish_letters").count(text) == n


@pytest.mark.parametrize("name", ["Aśoka", "Kęstutis"])
def test_sanskrit_or_lithuanian_names_leave_a_german_answer(name: str) -> None:
    from audits.verdict import _unlearnt_spellings

    # One German word and one such name: the name counted as Polish as much as the
    # German word counted German, and withheld the classifier's answer.
    assert _unlearnt_spellings(f"Düsseldorf welcomed {name}.", "de") == ()


def _listed_names(pattern: str) -> str:
    """The group of places and first names in a hint's pattern (or skip)."""
    start = pattern.index("(?i:Čač")
    depth = 0
    for i in range(start, len(pattern)):
        depth += {"(": 1, ")": -1}.get(pattern[i], 0)
        if depth == 0:
            return pattern[start : i + 1]
    raise AssertionError("the list's group is not closed")


def test_the_words_czech_skips_are_serbian_and_croatian_evidence() -> None:
    # czech_letters' skip and serbo_croatian_letters list the same places and first
    # names: a word kept out of Czech is to count for Serbian and Croatian, or a
    # Serbian town report spelt in them reads as spelt in no language at all.
    skip = _hint("czech_letters").skip
    pattern = _hint("serbo_croatian_letters").pattern
    assert skip is not None and pattern is not None
    assert _listed_names(skip.pattern) == _listed_names(pattern.pattern)
    words = ["Šešelj", "Željko", "Bošnjak", "Njegoš", "Džeko", "Kruševac", "Požarevac"]
    words += ["Čačak", "Čačku", "Niš", "Nišu", "Šabac", "Šapcu", "Užice", "Nebojša"]
    words += ["Boško", "Koštunica", "Koštunicom", "Šid", "Šumadija", "Priština"]
    for word in words:
        for spelt in (word, word.upper()):
            assert _hint("czech_letters").count(spelt) == 0, spelt
            assert _hint("serbo_croatian_letters").count(spelt) == 1, spelt


@pytest.mark.parametrize(
    "text", ["DŽEKO", "KRUŠEVAC, Serbia —", "ŠEŠELJ", "BOŠNJAK", "ČAČAK", "NIŠ", "VUČIĆ"]
)
def test_serbian_names_in_capitals_are_no_czech_hint(text: str) -> None:
    # Headlines and datelines in capitals: the skip read its shapes and names in lower
    # case after the first letter only, so they voted Czech (review precision41,
    # SHOULD-FIX 1).
    assert _hint("czech_letters").count(text) == 0
    assert _hint("serbo_croatian_letters").count(text) == 1


@pytest.mark.parametrize(
    ("text", "n"),
    [("DVOŘÁK", 1), ("PLZEŇ", 1), ("INJEKČNÍ", 1), ("ZEMAN A BABIŠ", 1), ("brčko", 1)],
)
def test_czech_words_in_capitals_keep_their_hint(text: str, n: int) -> None:
    assert _hint("czech_letters").count(text) == n


# A German report in English, machine-translated, quoting two Polish ministers in full
# and a Polish port. Its German has no letter hints (one "euros", shared with Czech),
# so the Polish names outvote it.
GERMAN_REPORT_ON_POLAND = (
    "Energy: Poland wants to buy German electricity\n"
    "We have been hearing for weeks that the grid is at its limit.\n"
    "Now Poland wants to buy more electricity from Germany, which the network agency "
    "(BNetzA) welcomes.\n"
    "Poland's Minister of Climate, Paulina Hennig-Kloska, said in Berlin: \"We need every "
    'kilowatt hour that we can get."\n'
    "Her colleague Radosław Sikorski, who is responsible for foreign affairs, added that "
    "his deputy Paweł Jabłoński would sign the contract in Gdańsk.\n"
    "I asked the ministry whether the price was already fixed.\n"
    "The answer: not yet, because the negotiations are still ongoing.\n"
    "If the deal comes about, it would be worth around two billion euros.\n"
    "Critics say that this is too expensive.\n"
    "But the Greens believe that it is worth it, because Europe needs a common market.\n"
    "Mrs Hennig-Kloska and Mr Sikorski will travel to Brussels next week.\n"
    "The ministry, which did not want to comment on the figures, referred to the "
    "agreement (see above).\n"
    "We will report on it.\n"
)


def test_a_german_report_quoting_polish_ministers_stays_unnamed() -> None:
    from audits.verdict import _unlearnt_spellings
    from tests.test_verdict import audit

    # A deliberate choice: no answer rather than a wrong one. Its German has no letters
    # to outvote the Polish names, and nothing tells these from the one Polish-lettered
    # minister of a report translated from Polish (below): precision42 named this one
    # German, and those Russian, in the same band of confidence (45-51 %).
    votes = hint_votes(GERMAN_REPORT_ON_POLAND)
    assert votes["pl"] > votes["de"]
    assert _unlearnt_spellings(GERMAN_REPORT_ON_POLAND, "de") == ("pl",)
    verdict = audit(GERMAN_REPORT_ON_POLAND, fail_over=0.0).verdict
    assert verdict.source_lang is None
    assert verdict.source_lang_unnamed == Unnamed("unlearnt", ("pl",))


# The most common shape of a report translated from Polish: its names mostly spelt
# without Polish letters ("Warsaw", "Polish Bank Association", "European Union") and
# one minister with them. Precision42's passing-mention rule named it Russian (51 %
# sure), and with three Polish names in one sentence, two in Polish letters ("Łódź",
# "Domański", "Jurand Drop"), Russian too (45 %): a wrong answer, where no answer is
# right (review precision42, MUST-FIX 1). Three in Polish letters ("Paweł") as well.
POLISH_BANK_TAX = (
    "Government plans new tax on bank profits\n"
    "The government in Warsaw wants to introduce a new tax on the extraordinary profits of "
    "banks, the finance ministry announced on Tuesday.\n"
    "According to the draft, banks whose profits exceed the average of the last three years "
    "by more than twenty percent would pay an additional levy.\n"
    "The money is to be used to finance the reduction of energy prices for households and "
    "small companies.\n"
    "{minister}\n"
    "The opposition criticised the plan and warned that the tax could weaken lending to "
    "companies.\n"
    "The Polish Bank Association said that the sector already pays one of the highest "
    "levies in the European Union.\n"
    "The draft is to be discussed by the cabinet next week and could enter into force at "
    "the beginning of next year.\n"
    "Economists expect that the state budget could gain several billion zlotys from the "
    "tax.\n"
    "However, some experts warn that the banks will pass the costs on to their customers.\n"
    "The government rejects this and points to the competition on the market.\n"
)
ONE_MINISTER = (
    "Finance Minister Andrzej Domański said at a press conference that the banks had "
    "benefited from high interest rates for two years."
)
MINISTER_IN_LODZ = (
    "The plan was presented in Łódź by Finance Minister Andrzej Domański and his deputy "
    "Jurand Drop, who said the banks had benefited from high interest rates for two years."
)

THREE_IN_LODZ = MINISTER_IN_LODZ.replace("Jurand Drop", "Paweł Karbownik")


@pytest.mark.parametrize(
    "minister", [ONE_MINISTER, MINISTER_IN_LODZ, THREE_IN_LODZ], ids=["one", "lodz", "three"]
)
def test_a_report_from_polish_with_one_polish_sentence_stays_unnamed(minister: str) -> None:
    from tests.test_verdict import audit

    verdict = audit(POLISH_BANK_TAX.format(minister=minister), fail_over=0.0).verdict
    assert verdict.source_lang is None
    assert verdict.source_lang_unnamed == Unnamed("unlearnt", ("pl",))


@pytest.mark.parametrize(
    "text",
    ["Nišu", "Niša", "Čačku", "Boško", "Koštunica", "Šumadija", "Šid", "Šapcu", "Nebojši"],
)
def test_serbian_names_in_other_forms_are_no_czech_hint(text: str) -> None:
    # Only the nominative was listed, so these voted Czech (review precision41,
    # SHOULD-FIX 2); "Šumadija" by its "-ija", the rest listed with their case endings.
    assert _hint("czech_letters").count(text) == 0
    assert _hint("serbo_croatian_letters").count(text) == 1


@pytest.mark.parametrize(
    "text", ["Šiauliai", "ŠIAULIAI", "Žemaitija", "ŽEMAITIJA", "Aukštaitija", "AUKŠTAITIJA"]
)
def test_lithuanian_names_are_no_czech_or_serbian_hint(text: str) -> None:
    # "-ai" ends Lithuanian plurals and no Czech or Slovak word (review precision41,
    # nit 2). Lithuanian regions end "-aitija", and Serbian and Croatian write "aj" for
    # "ai": "Žemaitija" voted Serbian and Croatian by the "-ija" of "Šumadija" (review
    # precision42, SHOULD-FIX 2).
    assert _hint("czech_letters").count(text) == 0
    assert _hint("polish_letters").count(text) == 0
    assert _hint("serbo_croatian_letters").count(text) == 0


@pytest.mark.parametrize("text", ["Šumadija", "ŠUMADIJA", "Raičević"])
def test_serbian_names_keep_their_hint_beside_the_lithuanian_shape(text: str) -> None:
    # "ai" is left out of the "-ija" names only: "-ić" counts with it.
    assert _hint("serbo_croatian_letters").count(text) == 1


@pytest.mark.parametrize(
    ("text", "n"),
    [
        ("šija", 1),  # Slovak "neck": "-ija" is read in names only
        ("Žiar nad Hronom", 1),
        ("Bošek and Boška", 2),  # a Czech surname: "Boško" is listed, not "Boška"
        ("tržní niše", 2),
        ("Kroměříž and Šumava", 4),
    ],
)
def test_czech_and_slovak_words_keep_their_hint_beside_the_new_shapes(text: str, n: int) -> None:
    assert _hint("czech_letters").count(text) == n


@pytest.mark.parametrize(
    "text",
    ["Miloš", "Dušan", "MILOŠ", "Miloša", "Dušanom", "Dušan Lajović", "Miloš Teodosić"],
)
def test_given_names_czech_and_serbian_share_are_no_czech_hint(text: str) -> None:
    # Czech, Slovak and Serbian all write them: "Miloš Obilić" voted Czech as surely
    # as "Miloš Zeman" (srclang43). They vote for neither; a surname beside one may.
    assert _hint("czech_letters").count(text) == 0
    assert _hint("serbo_croatian_letters").count(text) == text.count("ić")


@pytest.mark.parametrize(
    "text",
    ["Bošku", "Niše", "Šumadiji", "Uroš", "Vukašin", "Čedomir", "Živojin", "Živorad", "Radiša"],
)
def test_more_serbian_names_and_forms_are_serbian_not_czech(text: str) -> None:
    # They voted Czech (srclang43): forms not listed, and first names Czech never gives.
    assert _hint("czech_letters").count(text) == 0
    assert _hint("serbo_croatian_letters").count(text) == 1


@pytest.mark.parametrize("text", ["Švedija", "Čekija", "Škotija", "Šveicarija", "ČEKIJA"])
def test_lithuanian_country_names_are_no_serbian_hint(text: str) -> None:
    # Lithuanian countries end "-ija" like "Šumadija" and voted Serbian and Croatian
    # (srclang43); Serbian writes "Švedska", "Češka". Only the listed "Šumadija" counts.
    assert _hint("serbo_croatian_letters").count(text) == 0
    assert _hint("czech_letters").count(text) == 0


# A report translated from Polish whose names lost their Polish letters, as English
# news often writes them. Without a hint the classifier read its style alone and named
# Russian, 55 % sure (srclang43).
POLISH_MIGRATION = (
    "Polish government rejects EU migration plan\n"
    "Prime Minister Mateusz Morawiecki said on Thursday that Poland would not accept the "
    "relocation of migrants agreed by the interior ministers in Luxembourg.\n"
    "President Andrzej Duda backed the government and said that the decision belonged to "
    "the Polish people and not to the officials in Brussels.\n"
    "Foreign Minister Zbigniew Rau told reporters in Warsaw that the plan would be "
    "discussed at the summit at the end of the month.\n"
    "The opposition accused the government of using the issue ahead of the autumn "
    "elections.\n"
    "According to the plan, countries that refuse to take in migrants would pay a fee for "
    "each person they do not accept.\n"
    "The government wants to hold a referendum on the issue on the day of the elections.\n"
)


def test_polish_names_without_polish_letters_are_no_russian_answer() -> None:
    from audits.reports.labels import source_language
    from tests.test_verdict import audit

    verdict = audit(POLISH_MIGRATION, fail_over=0.0).verdict
    assert verdict.machine_translated and verdict.source_lang is None
    assert verdict.source_lang_unnamed == Unnamed("unlearnt", ("pl",))
    # Not "spelt in Polish letters": it has none.
    label = source_language(None, verdict.source_lang_scores, verdict.source_lang_unnamed)
    assert label == "not named (Polish spellings, which the classifier never learnt)"


# POLISH_MIGRATION without its names: no hint votes of its own, named by style alone,
# like most of the bench's named MT reports.
UNNAMED_MINISTERS = (
    POLISH_MIGRATION.replace("Prime Minister Mateusz Morawiecki", "The prime minister")
    .replace("President Andrzej Duda", "The president")
    .replace("Foreign Minister Zbigniew Rau", "The foreign minister")
)


@pytest.mark.parametrize(
    "mention",
    [
        "Polish President Andrzej Duda also attended the summit.",
        "Prime Minister Mateusz Morawiecki also attended the summit.",
        "The statement was also signed by Tomasz Nowak.",
        # Two of them: three names found.
        "President Andrzej Duda and Prime Minister Mateusz Morawiecki also attended.",
    ],
)
def test_polish_politicians_named_in_passing_in_a_report_without_hints_keep_its_answer(
    mention: str,
) -> None:
    from tests.test_verdict import audit

    before = audit(UNNAMED_MINISTERS, fail_over=0.0).verdict.source_lang
    assert before is not None
    after = audit(UNNAMED_MINISTERS + mention + "\n", fail_over=0.0).verdict
    assert (after.source_lang, after.source_lang_unnamed) == (before, None)


@pytest.mark.parametrize(
    ("text", "unlearnt"),
    [
        # Two politicians, three different names ("Duda" matches no shape).
        ("President Andrzej Duda and Prime Minister Mateusz Morawiecki met.", ()),
        # Two politicians, four different names: the gate counts names, not people.
        ("Prime Minister Mateusz Morawiecki and Krzysztof Szczerski met.", ("pl",)),
    ],
)
def test_the_polish_names_gate_counts_different_names_not_people(
    text: str, unlearnt: tuple[str, ...]
) -> None:
    from audits.verdict import _unlearnt_spellings

    assert _unlearnt_spellings(text, "de") == unlearnt


@pytest.mark.parametrize(
    ("text", "n"),
    [
        ("Mateusz Morawiecki, Andrzej Duda and Zbigniew Rau", 4),
        ("Grzegorz Schetyna and Krzysztof Bosak", 2),  # a consonant before "rz"
        ("Rafal Trzaskowski, Henryk Sienkiewicz and Szczecin", 3),
        ("Lukasz Kaczynski and Przemyslaw Czarnek", 2),  # first names listed
    ],
)
def test_polish_spellings_without_polish_letters_are_a_polish_hint(text: str, n: int) -> None:
    assert _hint("polish_names").count(text) == n


@pytest.mark.parametrize(
    "text",
    [
        "Friedrich Merz and Olaf Scholz in Herzogenaurach",  # German "rz" after a vowel
        "Vladimir Zhirinovsky and Sergei Lavrov",  # Russian transliteration
        "Tchaikovsky and Dostoevsky",
        "Tschaikowski and Dostojewski",  # German spellings of Russian names
        "Herzegovina and Schwarzenegger",
        # German spellings of Jaroslav and Stanislav: Polish writes them with ł,
        # which polish_letters finds.
        "Jaroslaw der Weise and Stanislaw Tschertschessow",
        # Russian "rzh" (Пржевальский, Кржижановский): Polish never writes it.
        "Przhevalsky's horse and Krzhizhanovsky",
        "Morawiecky",  # Polish writes -iecki, -iecka, never -iecky
    ],
)
def test_other_spellings_are_no_polish_names_hint(text: str) -> None:
    assert _hint("polish_names").count(text) == 0


@pytest.mark.parametrize("base", ["uk", "ru", "cs"])
def test_a_report_naming_polish_politicians_without_polish_letters_keeps_its_answer(
    base: str,
) -> None:
    from tests.test_verdict import UKRAINIAN_NEWS, audit

    text = {"uk": UKRAINIAN_NEWS + "\n", "ru": RUSSIAN_REPORT, "cs": CZECH_REPORT}[base]
    extra = "Prime Minister Mateusz Morawiecki and Grzegorz Schetyna sent greetings.\n"
    assert audit(text + extra, fail_over=0.0).verdict.source_lang == base


def test_the_serbian_names_are_one_list_for_both_hints() -> None:
    """czech_letters skips the Serbian places and first names that serbo_croatian_letters
    counts. They were two copies kept equal by hand: one missing a name counted it
    Czech and Serbian at once, or neither."""
    import tomllib
    from importlib import resources

    text = (
        resources.files("audits")
        .joinpath("data", "features", "source_hints.toml")
        .read_text(encoding="utf-8")
    )
    names = tomllib.loads(text)["shared"]["serbian_names"]
    assert text.count(names) == 1
    czech_skip, serbian = _hint("czech_letters").skip, _hint("serbo_croatian_letters").pattern
    assert czech_skip is not None and serbian is not None
    assert f"(?i:{names})" in czech_skip.pattern
    assert f"(?i:{names})" in serbian.pattern


def test_a_pattern_naming_no_shared_list_is_refused() -> None:
    # A misspelt name would otherwise be read as literal braces, and match nothing.
    from audits.features.origin import fill_shared

    assert fill_shared("a{names}b", {"names": "x|y"}) == "ax|yb"
    assert fill_shared("a{2,3}", {"names": "x"}) == "a{2,3}"
    with pytest.raises(ValueError, match="serbian_nams"):
        fill_shared("(?:{serbian_nams})", {"serbian_names": "x"})
