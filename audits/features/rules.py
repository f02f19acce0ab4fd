"""Rule-family evidence as document features: findings per 1,000 words per family (T
typography, C calques, N names, L residue, S scrape) and the rules' combined evidence in
nats.

The fitted verdict weighs these beside the text and LM features. Only the rules the
training data could measure count here (``fitted_codes``); the others reach the verdict
through its capped rule-evidence term (``audits/verdict.py``), so nothing counts twice.
Fluency findings (F) are left to the LM features, which see every sentence's score, and
reference rules (R) never run in an audit.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Collection, Iterable

FAMILIES = ("T", "C", "N", "L", "S")
# Scrape artefacts say a page was copied, not translated: counted, never evidence.
NOT_EVIDENCE = frozenset({"S"})
# Of each rule, only the strongest findings count as evidence, so one repeated tic weighs
# what it weighs twice.
PER_RULE = 2


def evidence_nats(strengths: Iterable[float], per_rule: int = PER_RULE) -> float:
    """-ln prod(1 - s) over the ``per_rule`` strongest findings of one rule: the
    noisy-OR weight of the evidence, in nats."""
    top = sorted((min(max(float(s), 0.0), 0.99) for s in strengths), reverse=True)[:per_rule]
    return -sum(math.log1p(-s) for s in top)


def rule_features(
    findings: Iterable[tuple[str, float]],
    n_words: int,
    fitted_codes: Collection[str] | None = None,
) -> dict[str, float]:
    """``findings``: (code, strength) pairs; ``fitted_codes``: the codes to count (all
    when None)."""
    per_k = 1000.0 / max(n_words, 1)
    counts = dict.fromkeys(FAMILIES, 0)
    by_code: dict[str, list[float]] = defaultdict(list)
    for code, strength in findings:
        fam = code[:1]
        if fam not in counts or (fitted_codes is not None and code not in fitted_codes):
            continue
        counts[fam] += 1
        if fam not in NOT_EVIDENCE:
            by_code[code].append(strength)
    feats = {f"rules.{fam}_per_1k": counts[fam] * per_k for fam in FAMILIES}
    feats["rules.evidence"] = sum(evidence_nats(s) for s in by_code.values())
    return feats
