"""Words a capital marks as names: not those opening a sentence or a line."""

from __future__ import annotations

import pytest

from audits.name_words import capitalised_words


def _names(text: str) -> list[str]:
    return [word for word, by_capital in capitalised_words(text) if by_capital]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("The city said so. It added more. They left.", []),
        ("Passengers waited.\nOfficials said the tram left Gdańsk.", ["Gdańsk"]),
        ('He said in Berlin: "We need it." (And more.)', ["Berlin"]),
        ("- First item\n• Second item\n1. Third item", []),
        (
            "Paulina Hennig-Kloska met Mr. Sikorski in the U.S. Senate.",
            ["Hennig", "Kloska", "Sikorski", "U", "S", "Senate"],
        ),
        ("I met her on Monday in May and again in Kraków.", ["Kraków"]),
        ("Words «Quoted» here: “Opening” quotes; Semicolon", ["Quoted"]),
    ],
)
def test_names_by_capital(text: str, names: list[str]) -> None:
    assert _names(text) == names


def test_every_capitalised_word_is_listed() -> None:
    assert [w for w, _ in capitalised_words("The U.S. and Łódź")] == ["The", "U", "S", "Łódź"]
