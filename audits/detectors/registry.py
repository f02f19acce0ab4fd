"""Every detector mtaudit runs, in one place.

A new family is one module with a Detector subclass, listed here, and a module of its
rules' documentation in ``audits.rule_docs`` whose tuple of rules the detector declares
as its ``rules`` and ``audits.rule_catalog`` lists (tests hold both to that).
"""

from __future__ import annotations

from audits.detectors.base import Detector, RunDetector
from audits.detectors.calques import Calques
from audits.detectors.duplicates import NearDuplicates
from audits.detectors.encoding import EncodingDamage
from audits.detectors.fluency import FluencyDetector
from audits.detectors.names import NameDetector, RunNameSpelling
from audits.detectors.residue import LanguageResidue
from audits.detectors.scrape import ScrapeArtefacts
from audits.detectors.typography import Typography

# The rules, listed apart from the detectors (``audits.rule_catalog``): named here too
# for the callers that import them from here.
from audits.rule_catalog import all_rules, audit_rules, get_rule, lm_rules

__all__ = ["all_rules", "audit_rules", "detectors", "get_rule", "lm_rules", "run_detectors"]

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


def detectors() -> list[Detector]:
    return [cls() for cls in DETECTOR_CLASSES]


def run_detectors() -> list[RunDetector]:
    return [cls() for cls in RUN_DETECTOR_CLASSES]
