"""Every detector and rule mtaudit knows, in one place.

A new family is one module with a Detector subclass, listed here.
"""

from __future__ import annotations

from functools import cache

from audits.detectors.base import Detector, RunDetector
from audits.detectors.calques import Calques
from audits.detectors.duplicates import NearDuplicates
from audits.detectors.encoding import EncodingDamage
from audits.detectors.fluency import FluencyDetector
from audits.detectors.names import NameDetector, RunNameSpelling
from audits.detectors.residue import LanguageResidue
from audits.detectors.scrape import ScrapeArtefacts
from audits.detectors.typography import Typography
from audits.rules import Rule

DETECTOR_CLASSES: tuple[type[Detector], ...] = (
    EncodingDamage,
    Typography,
    Calques,
    NameDetector,
    LanguageResidue,
    ScrapeArtefacts,
    FluencyDetector,
)

RUN_DETECTOR_CLASSES: tuple[type[RunDetector], ...] = (RunNameSpelling, NearDuplicates)


def lm_rules() -> frozenset[str]:
    """The codes of the rules that need the language model: the engine skips their
    detectors (``needs_lm``) when it is off, whatever family the codes are in."""
    return frozenset(r.code for cls in DETECTOR_CLASSES if cls.needs_lm for r in cls.rules)


def detectors() -> list[Detector]:
    return [cls() for cls in DETECTOR_CLASSES]


def run_detectors() -> list[RunDetector]:
    return [cls() for cls in RUN_DETECTOR_CLASSES]


@cache
def all_rules() -> dict[str, Rule]:
    """Rules by code, sorted; duplicate codes are a programming error caught at import."""
    rules: dict[str, Rule] = {}
    for cls in (*DETECTOR_CLASSES, *RUN_DETECTOR_CLASSES, *_extra_rule_holders()):
        for rule in cls.rules:
            if rule.code in rules and rules[rule.code] is not rule:
                raise RuntimeError(f"rule code {rule.code} is defined twice")
            rules[rule.code] = rule
    return dict(sorted(rules.items()))


@cache
def audit_rules() -> dict[str, Rule]:
    """The rules `mtaudit audit` runs (reference rules belong to `mtaudit compare`)."""
    codes = {r.code for cls in (*DETECTOR_CLASSES, *RUN_DETECTOR_CLASSES) for r in cls.rules}
    return {code: rule for code, rule in all_rules().items() if code in codes}


def _extra_rule_holders() -> tuple[type, ...]:
    """Rule families that are not document detectors (e.g. reference metrics of compare)."""
    from audits.reference_rules import ReferenceRules

    return (ReferenceRules,)


def get_rule(code: str) -> Rule | None:
    return all_rules().get(code.upper())
