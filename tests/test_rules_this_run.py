"""Which rules a run runs with the language model off, and the rule catalog that says so."""

from __future__ import annotations

import importlib
import pkgutil

from audits import rule_catalog, rule_docs
from audits.config import AuditConfig
from audits.detectors import registry
from audits.detectors.calques import Calques
from audits.engine import rules_this_run
from audits.reference_rules import ReferenceRules


def _lm_codes() -> set[str]:
    """The codes of the detectors the engine skips with the LM off (``needs_lm``)."""
    return {r.code for cls in registry.DETECTOR_CLASSES if cls.needs_lm for r in cls.rules}


def test_a_rule_that_needs_the_language_model_is_off_with_it_whatever_its_family() -> None:
    # The engine skips a detector by its needs_lm; rules_this_run went by the code's
    # first letter ("F"), so a T rule that needs the LM counted as running under
    # --no-lm and a --fail-on naming it was never refused. The catalog's list of those
    # rules must be the detectors' (a T detector made to need the LM fails here).
    assert rule_catalog.lm_rules() == _lm_codes()
    off = rules_this_run(AuditConfig(lm=False))
    on = rules_this_run(AuditConfig(lm=True))
    assert not off & _lm_codes() and _lm_codes() <= on
    assert on - off == _lm_codes()


def test_the_catalog_lists_the_rules_the_detectors_implement() -> None:
    # `mtaudit rules`, `config` and the reports read the catalog, which loads no
    # detector; the engine runs the detectors. Each must name the same rules, the very
    # same objects: a rule added to a detector and not to the catalog could not be
    # selected, one left in the catalog would be selectable and never run.
    implemented = [
        r for cls in (*registry.DETECTOR_CLASSES, *registry.RUN_DETECTOR_CLASSES) for r in cls.rules
    ]
    audit_rules = rule_catalog.audit_rules()
    assert sorted(r.code for r in implemented) == list(audit_rules)
    assert all(audit_rules[r.code] is r for r in implemented)
    everything = rule_catalog.all_rules()
    assert list(everything) == sorted({*audit_rules, *(r.code for r in ReferenceRules.rules)})
    assert all(everything[r.code] is r for r in ReferenceRules.rules)


def test_each_detector_declares_a_rule_tuple_of_the_rule_docs() -> None:
    # Which rules exist is written once, in audits.rule_docs: a detector that listed its
    # rules by hand beside the catalog's list was held to it by the test above alone.
    modules = [
        importlib.import_module(f"{rule_docs.__name__}.{info.name}")
        for info in pkgutil.iter_modules(rule_docs.__path__)
    ]
    tuples = {
        id(value): value
        for module in modules
        for value in vars(module).values()
        if isinstance(value, tuple) and value
    }
    classes = (*registry.DETECTOR_CLASSES, *registry.RUN_DETECTOR_CLASSES, ReferenceRules)
    # The calque rules are built from the lexicons on each call, so they are compared by
    # value: an identity check passed or failed by which earlier test cleared the caches.
    assert Calques.rules == rule_docs.calques.calque_rules()
    by_hand = [
        cls.__name__ for cls in classes if cls is not Calques and id(cls.rules) not in tuples
    ]
    assert by_hand == []
    assert rule_catalog.LM_RULES is rule_docs.fluency.FLUENCY_RULES
