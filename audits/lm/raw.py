"""What the language model itself says about a sentence, before any statistics.

A ``RawScore`` is what the score cache stores: token log-probabilities and ranks
with token spans relative to the sentence, so the same sentence scores the same
wherever it sits in a document, and statistics built on top (SLOR, spans, the
sentence score) can change without re-running the model.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any


@dataclass
class RawScore:
    logprobs: list[float]
    ranks: list[int]
    # Character spans of each token in the sentence text (not the document).
    spans: list[tuple[int, int]]
    context_tokens: int = 0
    windows: int = 1
    # Layer index -> sum of that layer's hidden states over the sentence's tokens
    # (a float32 numpy vector).
    hidden_sums: dict[int, Any] = field(default_factory=dict)

    @property
    def tokens(self) -> int:
        return len(self.logprobs)

    def to_json(self) -> str:
        return json.dumps(
            {
                "lp": self.logprobs,
                "rk": self.ranks,
                "sp": [list(s) for s in self.spans],
                "ct": self.context_tokens,
                "w": self.windows,
            },
            separators=(",", ":"),
        )

    @classmethod
    def from_json(cls, text: str) -> RawScore:
        data = json.loads(text)
        return cls(
            logprobs=[float(x) for x in data["lp"]],
            ranks=[int(x) for x in data["rk"]],
            spans=[(int(a), int(b)) for a, b in data["sp"]],
            context_tokens=int(data["ct"]),
            windows=int(data["w"]),
        )
