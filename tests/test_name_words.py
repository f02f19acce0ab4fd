"""Words a capital marks as names: not those opening a sentence or a line."""

from __future__ import annotations

import pytest

from audits.name_words import text_words


def _names(text: str) -> list[str]:
    return [w.text for w in text_words(text) if w.name_by_capital]


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


def test_every_word_is_listed_with_its_sentence() -> None:
    text = "The U.S. and Łódź met. It rained.\nnot here. Then «Quoted» again"
    assert [(w.text, w.sentence) for w in text_words(text)] == [
        ("The", 0), ("U", 0), ("S", 0), ("and", 0), ("Łódź", 0), ("met", 0),
        ("It", 1), ("rained", 1), ("not", 1), ("here", 1), ("Then", 2),
        ("Quoted", 2), ("again", 2),
    ]  # fmt: skip
