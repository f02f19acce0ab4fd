"""The german_letters source hint counts German words, not every umlaut: Finnish,
Estonian, Swedish, Hungarian and Turkish names write ä, ö and ü too."""

from __future__ import annotations

import pytest

from audits.features.origin import Hint, hint_votes, load_hints, origin_features

# An English travel piece written in English: a Nordic and Baltic tour with one
# Hungarian and one Turkish stop, and English names with a diaeresis.
NORDIC_TOUR = (
    "We left Göteborg on the night ferry and woke in Finland. Jyväskylä, the university "
    "town, was quiet in August, and the guide, a former rally driver who swore he had "
    "once beaten Räikkönen, took us to the lakes. From Tallinn a bus ran south to Pärnu, "
    "where the beaches were empty. Later we flew to Budapest and drove out to the palace "
    "at Gödöllő, then on to Türkiye. Zoë, who had brought Brontë to read, left us at "
    "Malmö before Noël."
)

# An English version of a German report: its place names and one German word.
GERMAN_PLACES = (
    "The regional train from Düsseldorf to Mönchengladbach was cancelled again on "
    "Monday, the operator said, while the line to Lübeck reopened after repairs."
)


def _german_letters() -> Hint:
    return next(h for h in load_hints() if h.name == "german_letters")


def test_umlauts_of_other_languages_are_no_german_hint() -> None:
    assert _german_letters().count(NORDIC_TOUR) == 0
    assert hint_votes(NORDIC_TOUR).get("de", 0.0) == 0.0
    assert origin_features(NORDIC_TOUR)["src.german_letters"] == 0.0


@pytest.mark.parametrize(
    "word",
    [
        "Jyväskylä",
        "Räikkönen",
        "Björndalen",
        "Malmö",
        "Söderström",
        "Jönköping",
        "Göteborg",
        "Pärnu",
    ],
)
def test_finnish_estonian_and_swedish_shapes_never_count(word: str) -> None:
    # Not even beside a German word: the word itself is not German.
    assert _german_letters().count(word) == 0
    assert _german_letters().count(f"{word} and Düsseldorf") == 1


def test_german_words_still_count() -> None:
    assert _german_letters().count(GERMAN_PLACES) == 3
    assert hint_votes(GERMAN_PLACES)["de"] > 0


@pytest.mark.parametrize("word", ["Düsseldorf", "München", "Köln", "Thüringen", "Fußball"])
def test_one_german_word_counts(word: str) -> None:
    # src.german_letters is a feature of the shipped classifier, fitted when every
    # umlaut counted: one word must still count as it did then.
    assert _german_letters().count(f"the mayor of {word} said") == 1


# A short German-sourced report, judged machine-translated, with one umlauted city.
GERMAN_REPORT = (
    "Chancellor Olaf Scholz met the mayor of {city}, Stephan Keller, on Tuesday to discuss "
    "the repair of the city's heating network before winter.\n\n"
    "Christian Lindner said that the budget was on track in Berlin, and Hubertus Heil "
    "promised that the pensions of North Rhine-Westphalia would be paid in full by the end "
    "of the month.\n"
)


@pytest.mark.parametrize("city", ["Düsseldorf", "München", "Köln"])
def test_a_german_report_with_one_umlauted_city_is_named_german(city: str) -> None:
    # With a second umlaut word required, the feature read 0 for one city and the
    # classifier named Russian (review precision40, MUST-FIX 2).
    from tests.test_verdict import audit

    verdict = audit(GERMAN_REPORT.format(city=city), fail_over=0.0).verdict
    assert verdict.source_lang == "de"
