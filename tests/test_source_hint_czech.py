"""The czech_acute source hint counts spellings Czech does not share with Spanish, and
the source-language classifier that reads it names Czech for Czech names only."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from audits.features.origin import Hint, hint_votes, load_hints, origin_features
from tests.conftest import Ran
from tests.source_texts import (
    ACUTE_NAMES_NOT_CZECH,
    CZECH_NAMES,
    ICELANDIC_BAYS,
    SPANISH_NAMES,
)


def _czech_acute() -> Hint:
    return next(h for h in load_hints() if h.name == "czech_acute")


def test_spanish_accents_are_no_czech_hint() -> None:
    spanish = (
        "José Martínez learned to cook from María Sánchez in a village near Ávila; "
        "his daughter Lucía and the sommelier Andrés Gómez run the dining room, "
        "where Ramón Muñoz sings a canción from Cádiz and Iván Hernández, "
        "Sebastián Pérez and Julián Ibáñez come from Málaga, with Raúl Ismaíl."
    )
    assert _czech_acute().count(spanish) == 0
    assert hint_votes(spanish).get("cs", 0.0) == 0.0
    assert origin_features(spanish)["src.czech_acute"] == 0.0
    assert origin_features(SPANISH_NAMES)["src.czech_acute"] == 0.0


def test_czech_acute_spellings_still_count() -> None:
    czech = (
        "Jan Lipavský met Markéta Nováková, Vlastimil Válek, Jiří Hladík and "
        "Tomáš Kulhánek in Litvínov, at the České dráhy office."
    )
    # Lipavský, Nováková (twice: "-ák", "-ová"), Válek, Hladík, Kulhánek, Litvínov, České,
    # dráhy
    assert _czech_acute().count(czech) == 9


@pytest.mark.parametrize(
    "name",
    "Václav Jaromír Vladimír Jágr Zátopek Mácha Bláha Procházka Hlávka Krásná Vávra "
    "Dostál Kratochvíl Černý Nový Bílý Novák Ludvík Slavík Jelínek Hájek Vítkovice".split(),
)
def test_common_czech_names_count(name: str) -> None:
    assert _czech_acute().count(name) == 1


@pytest.mark.parametrize("name", ["Lý", "Quý", "Ismaíl", "Ángel", "Álvarez", "portátil"])
def test_names_and_words_of_other_languages_do_not(name: str) -> None:
    assert _czech_acute().count(name) == 0


# A k anywhere after an acute counted these, so an English travel piece naming them was
# "translated from Czech (70% sure)".
# "-vík" is Icelandic and Faroese for "bay", whatever comes before it.
@pytest.mark.parametrize(
    "name",
    "Pékin Reykjavík Húsavík Keflavík Dalvík Ólafsvík Njarðvík Bolungarvík Klaksvík Vík "
    "Székely Réka Békés Hákon".split(),
)
def test_acute_names_with_a_k_that_are_not_czech_do_not(name: str) -> None:
    assert _czech_acute().count(name) == 0


def test_icelandic_hungarian_and_french_accents_are_no_czech_hint() -> None:
    assert hint_votes(ACUTE_NAMES_NOT_CZECH).get("cs", 0.0) == 0.0


def test_icelandic_bays_are_no_czech_hint() -> None:
    assert hint_votes(ICELANDIC_BAYS).get("cs", 0.0) == 0.0


def _source_lang(run_mtaudit: Callable[[list[str]], Ran], path: Path, text: str) -> dict:
    path.write_text(text, encoding="utf-8")
    # --fail-over 0.05 flags both, so the classifier is asked
    ran = run_mtaudit(["audit", str(path), "--no-lm", "--fail-over", "0.05", "-f", "json"])
    assert ran.code == 1, ran.err
    verdict = json.loads(ran.out)["documents"][0]["verdict"]
    assert verdict["machine_translated"]
    return verdict


def test_an_english_text_with_spanish_names_is_not_named_czech(
    run_mtaudit: Callable[[list[str]], Ran], tmp_path: Path
) -> None:
    verdict = _source_lang(run_mtaudit, tmp_path / "madrid.txt", SPANISH_NAMES)
    assert verdict["source_lang"] != "cs"


def test_an_english_text_with_icelandic_and_hungarian_names_is_not_named_czech(
    run_mtaudit: Callable[[list[str]], Ran], tmp_path: Path
) -> None:
    verdict = _source_lang(run_mtaudit, tmp_path / "tour.txt", ACUTE_NAMES_NOT_CZECH)
    assert verdict["source_lang"] != "cs"


def test_an_english_text_with_czech_names_is_named_czech(
    run_mtaudit: Callable[[list[str]], Ran], tmp_path: Path
) -> None:
    verdict = _source_lang(run_mtaudit, tmp_path / "prague.txt", CZECH_NAMES)
    assert verdict["source_lang"] == "cs"
