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
) -> list[Evidence]:
    """One reason per feature group that pushed towards MT, weighted by its push (nats)."""
    out: list[Evidence] = []
    for group, (push, members) in variant.group_pushes(feats, pooled, UNNAMED).items():
        if push < MIN_PUSH or group == "rules":
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
