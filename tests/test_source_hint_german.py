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
    assert _german_letters().count(f"{word} and Düsseldorf") == 0


def test_one_german_shaped_umlaut_word_is_not_enough() -> None:
    for text in ("Pärnu", "Gül Yilmaz", "Ott Tänak", "Thüringen"):
        assert _german_letters().count(text) == 0


def test_german_words_still_count() -> None:
    assert _german_letters().count(GERMAN_PLACES) == 3
    # One word is enough when it carries German itself: ß, "sch", "-ung", "für".
    for text in ("Fußball", "Schüller said", "the Lösung", "a prize für alle"):
        assert _german_letters().count(text) == 1, text
    assert hint_votes(GERMAN_PLACES)["de"] > 0
