"""How the verdict reads to a user: P beside its threshold, and the reasons' words."""

from __future__ import annotations

import dataclasses

import pytest

from audits import AuditConfig
from audits.gate import evaluate
from audits.reports import get_reporter
from audits.reports.labels import probability_and_threshold
from tests.report_fixtures import sample_run


def run_with(probability: float, threshold: float):
    """The sample run with its verdict moved to ``probability`` against ``threshold``."""
    run = sample_run()
    audit = run.documents[0]
    verdict = dataclasses.replace(
        audit.verdict,
        probability=probability,
        threshold=threshold,
        machine_translated=probability >= threshold,
    )
    return dataclasses.replace(run, documents=[dataclasses.replace(audit, verdict=verdict)])


def test_printed_p_and_threshold_stand_in_the_order_the_numbers_do() -> None:
    # Flagged at 0.4695 against 0.4691: "0.47 >= 0.47" hid that P is over, not on it.
    assert probability_and_threshold(0.4695, 0.4691) == ("0.4695", "0.4691")
    assert probability_and_threshold(0.9857, 0.986) == ("0.9857", "0.9860")
    assert probability_and_threshold(0.4691, 0.4691) == ("0.47", "0.47")
    # Closer than the verdict's four decimals (a report written by another tool).
    assert probability_and_threshold(0.12345671, 0.1234567) == ("0.12345671", "0.1234567")


def test_the_gate_line_prints_p_and_threshold_as_the_reports_do() -> None:
    gate = evaluate(run_with(0.4695, 0.4691), AuditConfig())
    assert gate.exit_code == 1
    assert "P(machine-translated) 0.4695 >= 0.4691" in gate.failure_line()
    assert "0.47 >= 0.47" not in gate.failure_line()


@pytest.mark.parametrize("fmt", ["terminal", "markdown", "html", "github"])
def test_a_flagged_document_just_over_the_threshold_reads_as_over_it(fmt: str) -> None:
    out = get_reporter(fmt).render(run_with(0.4695, 0.4691))
    assert "0.4695" in out and "0.4691" in out
