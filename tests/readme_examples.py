"""The README's JSON examples, read as far as a test needs: which keys each object
names, in the order written (the examples elide values and objects with ``...``)."""

from __future__ import annotations

from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def json_example(after: str) -> str:
    """The first fenced ``json`` block after the line ``after`` of the README."""
    section = README.read_text("utf-8").split(after, 1)[1]
    start = section.index("```json")
    return section[start : section.index("```", section.index("{", start))]


def keys_of_object_at(text: str, start: int) -> list[str]:
    """The keys of the object whose ``{`` is the first at or after ``start``, in the
    order written, at its own level."""
    i, depth, keys = text.index("{", start), 0, []
    while True:
        char = text[i]
        if char == '"':
            end = text.index('"', i + 1)
            if depth == 1 and text[end + 1 : end + 2] == ":":
                keys.append(text[i + 1 : end])
            i = end
        elif char in "{[":
            depth += 1
        elif char in "}]":
            depth -= 1
            if depth == 0:
                return keys
        i += 1


def keys_after(example: str, marker: str, start: int = 0) -> list[str]:
    """The keys of the object that follows ``marker`` (searched from ``start``)."""
    return keys_of_object_at(example, example.index(marker, start) + len(marker))
