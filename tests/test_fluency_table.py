"""The header and titles of `mtaudit fluency`'s terminal table."""

from __future__ import annotations

import dataclasses

import pytest

from audits.fluency import FluencyRun
from audits.reports.fluency_table import render_fluency_table
from tests.report_fixtures import sample_audit

LEGEND = "red = low fluency (F601)"


@pytest.mark.parametrize(("status", "legend"), [("calibrated", True), ("uncalibrated", False)])
def test_the_red_legend_is_shown_only_where_f601_can_fire(status: str, legend: bool) -> None:
    """Uncalibrated (another model, or --context-sentences 2) the header still said
    "red = low fluency (F601)", though no percentile is known, F601 is off and no row
    can be red."""
    run = FluencyRun(documents=[sample_audit(fluency=True)])
    run.lm = {"model": "m", "dtype": "fp32", "device": "cpu", "calibration": {"status": status}}
    header = " ".join(render_fluency_table(run, color=False, width=400).split("\n")[0].split())
    assert header.startswith("model m (fp32, cpu)")
    assert (LEGEND in header) is legend


def test_a_title_with_a_line_break_is_shown_on_one_line() -> None:
    """A feed's title holding a newline printed over two lines above the table, where
    the audit's report shows it with a space."""
    audit = sample_audit(fluency=True)
    titled = dataclasses.replace(
        audit, document=dataclasses.replace(audit.document, title="Talks resume\nin Geneva")
    )
    out = render_fluency_table(FluencyRun(documents=[titled]), color=False, width=200)
    assert "Talks resume in Geneva" in out, out
    assert not any(line.strip() == "in Geneva" for line in out.splitlines()), out
