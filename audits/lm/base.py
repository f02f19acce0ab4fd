"""The Scorer protocol: what the engine needs from a language model."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from audits.document import SentenceFluency

Progress = Callable[[int], None]


@dataclass(frozen=True)
class ScoreRequest:
    """One sentence to score, with the text before it as context."""

    text: str
    context: str = ""
    # Offset of ``text`` in its document, so token spans map back to it.
    offset: int = 0
    # How many sentences ``context`` holds (reported, not scored).
    context_sentences: int = 0
    # The first sentence of its document: the model reads it with nothing before it,
    # and it is mostly a headline, so it is placed among English originals' first
    # sentences (see calibration.py).
    opening: bool = False


class Scorer(Protocol):
    @property
    def fingerprint(self) -> str:
        """Identifies the model and every setting that changes a score."""
        ...

    def describe(self) -> dict[str, Any]:
        """Model id, device, dtype and fingerprint, for the report signature."""
        ...

    def score(
        self,
        requests: Sequence[ScoreRequest],
        progress: Progress | None = None,
        *,
        pool_layers: Sequence[int] = (),
    ) -> list[SentenceFluency]:
        """Scores in the order of ``requests``; ``progress(n)`` is called as ``n`` more
        are done. ``pool_layers`` asks for per-sentence sums of those layers' hidden
        states from the same forward pass (``SentenceFluency.hidden_sums``)."""
        ...
