"""The czech_acute source hint counts spellings Czech does not share with Spanish."""

from __future__ import annotations

from audits.features.origin import Hint, hint_votes, load_hints


def _czech_acute() -> Hint:
    return next(h for h in load_hints() if h.name == "czech_acute")


def test_spanish_accents_are_no_czech_hint() -> None:
    spanish = (
        "José Martínez learned to cook from María Sánchez in a village near Ávila; "
        "his daughter Lucía and the sommelier Andrés Gómez run the dining room, "
        "where Ramón Muñoz sings a canción from Cádiz and Iván Hernández, "
        "Sebastián Pérez and Julián Ibáñez come from Málaga."
    )
    assert _czech_acute().count(spanish) == 0
    assert hint_votes(spanish).get("cs", 0.0) == 0.0


def test_czech_acute_spellings_still_count() -> None:
    czech = (
        "Jan Lipavský met Markéta Nováková, Vlastimil Válek, Jiří Hladík and "
        "Tomáš Kulhánek in Litvínov, at the České dráhy office."
    )
    # Lipavský, Nováková (twice: "-ák", "-ová"), Válek, Hladík, Kulhánek, Litvínov, České
    assert _czech_acute().count(czech) == 8
