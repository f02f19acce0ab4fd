"""Which rules a run runs with the language model off."""

from __future__ import annotations

import pytest

from audits.config import AuditConfig
from audits.detectors import registry
from audits.detectors.typography import Typography
from audits.engine import rules_this_run


class _TypographyOnScores(Typography):
    """A detector outside the F family that reads the language model's scores."""

    needs_lm = True


def test_a_rule_that_needs_the_language_model_is_off_with_it_whatever_its_family(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The engine skips a detector by its needs_lm; rules_this_run went by the code's
    # first letter ("F"), so a T rule that needs the LM counted as running under
    # --no-lm and a --fail-on naming it was never refused.
    classes = tuple(
        _TypographyOnScores if cls is Typography else cls for cls in registry.DETECTOR_CLASSES
    )
    monkeypatch.setattr(registry, "DETECTOR_CLASSES", classes)
    typography = {rule.code for rule in Typography.rules}
    off = rules_this_run(AuditConfig(lm=False))
    assert not off & typography
    assert not {code for code in off if code.startswith("F")}
    assert typography <= rules_this_run(AuditConfig(lm=True))
