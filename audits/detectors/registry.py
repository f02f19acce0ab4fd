"""Every detector and rule mtaudit knows, in one place.

A new family is one module with a Detector subclass, listed here.
"""

from __future__ import annotations

from functools import cache

from audits.detectors.base import Detector, RunDetector
from audits.detectors.encoding import EncodingDamage
from audits.detectors.fluency import FluencyDetector
from audits.rules import Rule

DETECTOR_CLASSES: tuple[type[Detector], ...] = (EncodingDamage, FluencyDetector)

RUN_DETECTOR_CLASSES: tuple[type[RunDetector], ...] = ()


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


def _extra_rule_holders() -> tuple[type, ...]:
    """Rule families that are not document detectors (e.g. reference metrics of compare)."""
    return ()


def get_rule(code: str) -> Rule | None:
    return all_rules().get(code.upper())
