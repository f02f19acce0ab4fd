"""Rule-family evidence as document features: findings per 1,000 words and the strongest
finding of each family (T typography, C calques, N names, L residue, S scrape, F fluency).

The fitted verdict takes these beside the text and LM features, so rule findings and
translationese markers are weighed together by one calibrated model.
"""

from __future__ import annotations

from collections.abc import Iterable

from audits.document import Finding

FAMILIES = ("T", "C", "N", "L", "S", "F")


def family_features(findings: Iterable[Finding], n_words: int) -> dict[str, float]:
    per_k = 1000.0 / max(n_words, 1)
    counts = dict.fromkeys(FAMILIES, 0)
    strongest = dict.fromkeys(FAMILIES, 0.0)
    for f in findings:
        fam = f.code[:1]
        if fam in counts:
            counts[fam] += 1
            strongest[fam] = max(strongest[fam], float(f.strength))
    feats: dict[str, float] = {}
    for fam in FAMILIES:
        feats[f"rules.{fam}_per_1k"] = counts[fam] * per_k
        feats[f"rules.{fam}_max"] = strongest[fam]
    return feats
