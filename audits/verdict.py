"""From findings to a verdict: P(machine-translated) and the likely source language.

This is the transparent first verdict, documented in the README under
"Verdict"; its settings live in ``audits/data/verdict.toml``.

* Each finding has a ``strength`` s in [0, 1]: how strongly that one piece of
  evidence alone points to machine translation.
* Rule: only the ``per_rule_cap`` (2) strongest findings of a rule count, so a
  tic repeated twenty times weighs what it weighs twice:
  ``r = 1 - prod(1 - s_i)`` over those findings.
* Family (T, C, N, L, S, F, R): the rules of a family combine the same way and
  are cut at the family's cap: ``f = min(cap, 1 - prod(1 - r))``. Scrape
  artefacts (S, cap 0.35) say a page was copied, not translated, so they
  alone never reach the threshold; calques (C, 0.95) can.
* Document: families are independent witnesses, so evidence from several
  families adds up: ``P = 1 - (1 - prior) * prod(1 - f)``.
* Source language: each finding votes for its ``source_lang`` with its
  strength; a finding that points to several candidate languages (« » is
  French, Russian, Spanish...) splits its strength evenly among them. The
  leader is named when the votes add up to ``min_lang_evidence`` and it is not
  tied; its confidence is its share of the votes.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from audits.config import AuditConfig
from audits.datafiles import language_name, load_toml
from audits.document import DocumentAudit, Evidence, Finding, Verdict
from audits.rules import Rule

METHOD = "noisy-or-families/1"
MAX_REASONS = 5


def _settings() -> dict[str, Any]:
    return load_toml("verdict.toml")


def default_threshold() -> float:
    return float(_settings()["threshold"])


def decide(audit: DocumentAudit, config: AuditConfig, rules: dict[str, Rule]) -> Verdict:
    st = _settings()
    by_code: dict[str, list[Finding]] = defaultdict(list)
    for f in audit.findings:
        by_code[f.code].append(f)

    family_keep: dict[str, float] = defaultdict(lambda: 1.0)
    reasons: list[Evidence] = []
    for code, found in by_code.items():
        strongest = sorted((_clamp(f.strength) for f in found), reverse=True)
        rule_keep = 1.0
        for s in strongest[: st["per_rule_cap"]]:
            rule_keep *= 1.0 - s
        family_keep[code[0]] *= rule_keep
        reasons.append(Evidence(reason_text(rules.get(code), code, found), 1.0 - rule_keep))

    keep = 1.0 - st["prior"]
    for family, fam_keep in family_keep.items():
        cap = st["family_cap"].get(family, st["default_family_cap"])
        keep *= 1.0 - min(cap, 1.0 - fam_keep)
    probability = 1.0 - keep
    reasons.sort(key=lambda e: (-e.weight, e.text))

    lang, confidence, lang_scores, lang_reasons = source_language(audit.findings, rules)
    threshold = config.fail_over if config.fail_over is not None else st["threshold"]
    return Verdict(
        machine_translated=probability >= threshold,
        probability=round(probability, 4),
        source_lang=lang,
        source_lang_confidence=round(confidence, 4),
        threshold=threshold,
        method=METHOD,
        reasons=reasons[:MAX_REASONS],
        source_lang_reasons=lang_reasons[:MAX_REASONS],
        source_lang_scores={k: round(v, 4) for k, v in lang_scores.items()},
    )


def _clamp(strength: float) -> float:
    return min(max(strength, 0.0), 0.99)


def candidate_langs(finding: Finding) -> list[str]:
    """The languages a finding points to: its own, or the candidates it names."""
    if finding.source_lang:
        return [finding.source_lang]
    named = finding.evidence.get("source_langs") if finding.evidence else None
    return [str(x) for x in named] if isinstance(named, list) else []


def reason_text(rule: Rule | None, code: str, found: list[Finding], lang: str | None = None) -> str:
    """One reason in plain words, e.g. "2 French-style spaces before ; : ! ?"."""
    n = len(found)
    if lang is None:
        named = Counter(f.source_lang for f in found if f.source_lang)
        lang = named.most_common(1)[0][0] if named else None
    if rule is None:
        return f"{code} ({n}×)"
    if not rule.reason:
        return rule.summary if n == 1 else f"{rule.summary} ({n}×)"
    return rule.reason.format(n=n, s="" if n == 1 else "s", lang=language_name(lang))


def source_language(
    findings: list[Finding], rules: dict[str, Rule] | None = None
) -> tuple[str | None, float, dict[str, float], list[Evidence]]:
    rules = rules or {}
    scores: dict[str, float] = defaultdict(float)
    voters: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    weights: dict[tuple[str, str], float] = defaultdict(float)
    for f in findings:
        langs = candidate_langs(f)
        if not langs:
            continue
        share = _clamp(f.strength) / len(langs)
        for lang in langs:
            scores[lang] += share
            voters[(lang, f.code)].append(f)
            weights[(lang, f.code)] += share
    total = sum(scores.values())
    if total < _settings()["min_lang_evidence"]:
        return None, 0.0, dict(scores), []
    ranked = sorted(scores, key=lambda k: (-scores[k], k))
    lang = ranked[0]
    if len(ranked) > 1 and abs(scores[ranked[1]] - scores[lang]) < 1e-9:
        return None, 0.0, dict(scores), []
    reasons = [
        Evidence(reason_text(rules.get(code), code, voters[(lg, code)], lang=lang), w)
        for (lg, code), w in sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))
        if lg == lang
    ]
    return lang, scores[lang] / total, dict(scores), reasons


def describe(config: AuditConfig) -> dict[str, object]:
    """The verdict's settings, for the report signature."""
    st = _settings()
    threshold = config.fail_over if config.fail_over is not None else st["threshold"]
    return {
        "method": METHOD,
        "threshold": threshold,
        "prior": st["prior"],
        "per_rule_cap": st["per_rule_cap"],
        "family_cap": dict(st["family_cap"]),
    }
