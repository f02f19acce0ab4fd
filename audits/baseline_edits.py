"""Known findings whose sentence was edited: a typo fixed beside an accepted calque.

A finding's fingerprint includes its sentence, so fixing "Blinkin" in a sentence
that also holds an accepted "diplomatic chief" made the calque new again, and a
``--fail-on C`` gate failed on a finding the newsroom had accepted. A finding
that no fingerprint matches is therefore still known when the baseline has the
same rule and flagged text (or both flag their whole sentence), left over from
the exact matching, in a sentence that is nearly the same (an edit, not a new
sentence that reuses the phrase).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from audits.fingerprints import normalise_space

# How alike (difflib's ratio) an edited sentence stays: a fixed typo or a changed
# word keeps well above it, a different sentence around the same phrase falls below.
SIMILAR_SENTENCE = 0.8


@dataclass(frozen=True)
class KnownFinding:
    """A baseline finding as edit matching needs it (texts whitespace-normalised)."""

    fingerprint: str
    code: str
    text: str
    sentence: str


def known_finding(fingerprint: str, code: str, text: str, sentence: str | None) -> KnownFinding:
    return KnownFinding(fingerprint, code, normalise_space(text), normalise_space(sentence or ""))


def similar(a: str, b: str) -> float:
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < SIMILAR_SENTENCE or matcher.quick_ratio() < SIMILAR_SENTENCE:
        return 0.0
    return matcher.ratio()


def match_edited(
    unmatched: Sequence[tuple[str, str, str]], leftovers: list[KnownFinding]
) -> set[int]:
    """Which of ``unmatched`` (code, text, sentence) have a leftover known finding in a
    nearly unchanged sentence; each leftover is used once, the most similar first."""
    matched: set[int] = set()
    free = list(leftovers)
    for i, (code, text, sentence) in enumerate(unmatched):
        text, sentence = normalise_space(text), normalise_space(sentence)
        best, best_score = None, SIMILAR_SENTENCE
        # A finding that flags its whole sentence (F601's low fluency) changes its text
        # with any edit; it is the same finding when both flag their whole sentence.
        whole = text == sentence
        for j, k in enumerate(free):
            same_text = k.text == text or (whole and k.text == k.sentence)
            if k.code != code or not same_text:
                continue
            score = similar(k.sentence, sentence)
            if score >= best_score:
                best, best_score = j, score
        if best is not None:
            matched.add(i)
            del free[best]
    return matched
