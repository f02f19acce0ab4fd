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

from audits.fingerprints import finding_fingerprint, normalise_space

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


def known_findings(
    findings: Sequence[tuple[str, str, int | None]], sentences: dict[int, str]
) -> tuple[KnownFinding, ...]:
    """Stored findings, (code, text, sentence index), as known findings with their
    fingerprints: the same for a baseline file and for a result kept in the history."""
    out = []
    for code, text, index in findings:
        sentence = sentences.get(index) if index is not None else None
        out.append(known_finding(finding_fingerprint(code, text, sentence), code, text, sentence))
    return tuple(out)


def similar(a: str, b: str) -> float:
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < SIMILAR_SENTENCE or matcher.quick_ratio() < SIMILAR_SENTENCE:
        return 0.0
    return matcher.ratio()


def match_edited(
    unmatched: Sequence[tuple[str, str, str]], leftovers: list[KnownFinding]
) -> set[int]:
    """Which of ``unmatched`` (code, text, sentence) have a leftover known finding in a
    nearly unchanged sentence; each leftover is used once.

    As many as can be are matched (augmenting paths), each trying its most similar
    sentences first: taken in turn, a finding whose sentence was like two known ones
    took the one that a second edited finding needed, and that one came out new.
    """
    candidates: list[list[int]] = []
    for code, text, sentence in unmatched:
        text, sentence = normalise_space(text), normalise_space(sentence)
        # A finding that flags its whole sentence (F601's low fluency) changes its text
        # with any edit; it is the same finding when both flag their whole sentence.
        whole = text == sentence
        scored = []
        for j, k in enumerate(leftovers):
            same_text = k.text == text or (whole and k.text == k.sentence)
            if k.code != code or not same_text:
                continue
            score = similar(k.sentence, sentence)
            if score >= SIMILAR_SENTENCE:
                scored.append((-score, j))
        candidates.append([j for _, j in sorted(scored)])
    owner: dict[int, int] = {}  # leftover -> the unmatched finding it is matched to
    for i in range(len(unmatched)):
        _augment(i, candidates, owner)
    return set(owner.values())


def _augment(start: int, candidates: list[list[int]], owner: dict[int, int]) -> None:
    """Match ``start``, moving earlier matches to other candidates where that frees one
    (Kuhn's augmenting path, iterative: a long article has many F601 sentences)."""
    seen: set[int] = set()
    # Each frame: (finding, its next candidate to try); path: the leftovers taken so far.
    stack: list[tuple[int, int]] = [(start, 0)]
    path: list[int] = []
    while stack:
        i, next_j = stack.pop()
        options = candidates[i]
        while next_j < len(options) and options[next_j] in seen:
            next_j += 1
        if next_j == len(options):
            if path:
                path.pop()  # this finding found nothing: back to its parent's next option
            continue
        j = options[next_j]
        seen.add(j)
        stack.append((i, next_j + 1))
        path.append(j)
        if j not in owner:
            # A free leftover: shift every leftover on the path to its new finding.
            for (finding, _), leftover in zip(stack, path, strict=True):
                owner[leftover] = finding
            return
        stack.append((owner[j], 0))
