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
from audits.verdict_model import VectorKey, VerdictVariant

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
    flagged: bool = False,
) -> list[Evidence]:
    """One reason per feature group that pushed towards MT, weighted by its push (nats).

    ``flagged``: the verdict is "machine-translated". Pushes are measured from the
    training set's mean, so such a verdict can rest on many groups that each push less
    than ``MIN_PUSH`` (a book-club piece flagged with no reason at all): then every group
    that pushed towards MT at all is named, and if none did, the reason says so."""
    pushes = variant.group_pushes(feats, pooled, UNNAMED)
    out = _reasons(pushes, feats, MIN_PUSH)
    if flagged and not out:
        out = _reasons(pushes, feats, 0.0) or [Evidence(NO_GROUP_TEXT, 0.0)]
    return out


# A flagged verdict none of whose feature groups pushed towards MT: it sits above the
# threshold on the model's baseline (its intercept and calibration) alone.
NO_GROUP_TEXT = (
    "no single feature stands out: the text as a whole sits just on the machine-translation "
    "side of the threshold"
)


def _reasons(
    pushes: Mapping[str, tuple[float, list[tuple[float, str]]]],
    feats: Mapping[str, float],
    min_push: float,
) -> list[Evidence]:
    out: list[Evidence] = []
    for group, (push, members) in pushes.items():
        if push <= 0 or push < min_push or group == "rules":
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
