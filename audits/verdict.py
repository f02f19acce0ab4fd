"""From findings to a verdict: P(machine-translated) and the likely source language.

This is the transparent first verdict, documented in the README:

* Each finding has a ``strength`` in [0, 1], its detector's estimate of how
  strongly that one piece of evidence points to machine translation.
* Within a rule only the two strongest findings count, so one repeated tic
  cannot carry a document on its own.
* The evidence is combined as a noisy-OR over a small prior:
  ``P = 1 - (1 - prior) * prod(1 - strength_i)``.
* The source language is a vote of the findings that name one, weighted by
  strength; it is "unknown" (None) when the votes add up to less than
  ``MIN_LANG_EVIDENCE``. Its confidence is the winner's share of the votes.
"""

from __future__ import annotations

from collections import defaultdict

from audits.config import AuditConfig
from audits.document import DocumentAudit, Evidence, Finding, Verdict
from audits.rules import Rule

PRIOR = 0.05
DEFAULT_THRESHOLD = 0.5
PER_RULE_CAP = 2
MIN_LANG_EVIDENCE = 0.5
METHOD = "noisy-or/1"


def decide(audit: DocumentAudit, config: AuditConfig, rules: dict[str, Rule]) -> Verdict:
    by_code: dict[str, list[Finding]] = defaultdict(list)
    for f in audit.findings:
        by_code[f.code].append(f)

    keep_odds = 1.0 - PRIOR
    reasons: list[Evidence] = []
    for code, found in by_code.items():
        strongest = sorted((f.strength for f in found), reverse=True)[:PER_RULE_CAP]
        rule_keep = 1.0
        for s in strongest:
            rule_keep *= 1.0 - min(max(s, 0.0), 0.99)
        keep_odds *= rule_keep
        rule = rules.get(code)
        label = rule.name if rule else code
        reasons.append(Evidence(f"{len(found)}× {code} {label}", 1.0 - rule_keep))
    probability = 1.0 - keep_odds
    reasons.sort(key=lambda e: -e.weight)

    lang, confidence, lang_scores, lang_reasons = source_language(audit.findings)
    threshold = config.fail_over if config.fail_over is not None else DEFAULT_THRESHOLD
    return Verdict(
        machine_translated=probability >= threshold,
        probability=round(probability, 4),
        source_lang=lang,
        source_lang_confidence=round(confidence, 4),
        threshold=threshold,
        method=METHOD,
        reasons=reasons[:5],
        source_lang_reasons=lang_reasons[:5],
        source_lang_scores={k: round(v, 4) for k, v in lang_scores.items()},
    )


def source_language(
    findings: list[Finding],
) -> tuple[str | None, float, dict[str, float], list[Evidence]]:
    scores: dict[str, float] = defaultdict(float)
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for f in findings:
        if f.source_lang:
            scores[f.source_lang] += f.strength
            counts[(f.source_lang, f.code)] += 1
    total = sum(scores.values())
    if total < MIN_LANG_EVIDENCE:
        return None, 0.0, dict(scores), []
    lang = max(scores, key=lambda k: scores[k])
    reasons = [
        Evidence(f"{n}× {code} points to {lg}", n)
        for (lg, code), n in sorted(counts.items(), key=lambda kv: -kv[1])
        if lg == lang
    ]
    return lang, scores[lang] / total, dict(scores), reasons


def describe(config: AuditConfig) -> dict[str, object]:
    """The verdict's settings, for the report signature."""
    threshold = config.fail_over if config.fail_over is not None else DEFAULT_THRESHOLD
    return {"method": METHOD, "threshold": threshold}
