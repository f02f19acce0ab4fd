"""The fitted verdict's pushes towards "machine-translated", said in plain words.

The model's per-feature contributions (standardised value x coefficient, on the
calibrated log-odds) are summed per feature group, so a reader sees "punctuation typical
of machine translation (semicolon, colon)" rather than ninety numbers. Rule-family
features are left out here: the rules' own findings speak for them.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from audits.document import Evidence
from audits.shares import percent
from audits.verdict_model import VectorKey, VerdictVariant, log_odds

# A group is named only when it moves the log-odds at least this much towards MT.
MIN_PUSH = 0.25
# Members named in brackets, strongest first.
MAX_NAMED = 2

GROUP_TEXT = {
    "probe": "the language model's reading of the whole text resembles machine translation",
    "lm": "word-by-word predictability typical of machine translation",
    "len": "sentence lengths typical of machine translation",
    "lex": "vocabulary variety typical of machine translation",
    "fw": "function-word use typical of machine translation",
    "ng": "function-word patterns typical of machine translation",
    "conn": "connectives typical of machine translation",
    "punct": "punctuation typical of machine translation",
    "num": "number formatting typical of machine translation",
    "err": "slips typical of machine rather than human writing",
    "script": "foreign-script residue",
    "rep": "repetition typical of machine translation",
    "cons": "tense use typical of machine translation",
}
# Groups whose members are not worth naming one by one.
UNNAMED = frozenset({"probe", "lm", "ng"})


def feature_reasons(
    variant: VerdictVariant,
    feats: Mapping[str, float],
    pooled: Mapping[VectorKey, np.ndarray] | None = None,
    *,
    unexplained: tuple[float, float] | None = None,
) -> list[Evidence]:
    """One reason per feature group that pushed towards MT, weighted by its push (nats).

    ``unexplained``: the verdict's rounded probability and threshold when it is
    "machine-translated" and no rule gave a reason. Pushes are measured from the training
    set's mean, so such a verdict can rest on many groups that each push less than
    ``MIN_PUSH`` (a book-club piece was flagged with no reason at all): then the groups
    that pushed at least ``FALLBACK_MIN_PUSH`` are named, and if none did, the reason
    says so and gives P and the threshold."""
    pushes = variant.group_pushes(feats, pooled, UNNAMED)
    out = _reasons(pushes, feats, MIN_PUSH)
    if unexplained is not None and not out:
        out = _reasons(pushes, feats, FALLBACK_MIN_PUSH) or [no_group_reason(*unexplained)]
    return out


# Below this a group's push is noise (cz2's function words at 0.014 nats), not a reason.
FALLBACK_MIN_PUSH = 0.05
# P this close above the threshold (in log-odds, so that 0.03 against 0.001 is not) is
# "just" over it.
JUST_OVER_NATS = 0.1
# Keeps the log-odds of a --fail-over of 0 or 1 finite.
_FLOOR = 1e-9


def no_group_reason(probability: float, threshold: float) -> Evidence:
    """A flagged verdict that no rule and no feature group explains: the facts only."""
    if probability == threshold:
        where = "at"
    elif log_odds(probability, _FLOOR) - log_odds(threshold, _FLOOR) <= JUST_OVER_NATS:
        where = "just over"
    else:
        where = "over"
    return Evidence(
        f"no feature group pushes towards machine translation by {MIN_PUSH} nats or more; "
        f"P {probability:.4f} is {where} the threshold {threshold:.4f}",
        0.0,
    )


def _reasons(
    pushes: Mapping[str, tuple[float, list[tuple[float, str]]]],
    feats: Mapping[str, float],
    min_push: float,
) -> list[Evidence]:
    out: list[Evidence] = []
    for group, (push, members) in pushes.items():
        if push < min_push or group == "rules":
            continue
        if group == "flu":
            text = _fluency_text(feats)
        else:
            text = GROUP_TEXT.get(group, f"{group} features typical of machine translation")
            # a feature both stages read is named once
            named = list(dict.fromkeys(n.replace("_", " ") for _, n in members))
            if group not in UNNAMED and named:
                text += f" ({', '.join(named[:MAX_NAMED])})"
        out.append(Evidence(text, push))
    return out


def _fluency_text(feats: Mapping[str, float]) -> str:
    low = feats.get("flu.below10")
    if low is None:
        return "fluency unlike English news originals"
    return f"{percent(low)} of sentences in the bottom 10 % of English news for fluency"
