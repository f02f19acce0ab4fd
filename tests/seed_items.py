"""Reading an expert's annotation of an article (the seed's ``*.expected.md``).

The file lists items as Markdown table rows whose second cell quotes exact
substrings of the article in backticks. A finding "covers" an item when its
span overlaps any occurrence of any of the item's quotes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ROW = re.compile(r"^\|\s*([A-Z]\d+)\s*\|(.+?)\|", re.M)
_QUOTE = re.compile(r"`([^`]+)`")


@dataclass(frozen=True)
class ExpectedItem:
    key: str
    quotes: tuple[str, ...]

    def spans(self, text: str) -> list[tuple[int, int]]:
        out: list[tuple[int, int]] = []
        for quote in self.quotes:
            start = text.find(quote)
            while start >= 0:
                out.append((start, start + len(quote)))
                start = text.find(quote, start + 1)
        return out

    def covered_by(self, text: str, spans: list[tuple[int, int]]) -> bool:
        return any(s < qe and qs < e for qs, qe in self.spans(text) for s, e in spans)


def parse_expected(markdown: str) -> list[ExpectedItem]:
    items = []
    for key, cell in _ROW.findall(markdown):
        quotes = tuple(q.strip("\u00a0 ") or q for q in _QUOTE.findall(cell))
        if quotes:
            items.append(ExpectedItem(key, quotes))
    return items
