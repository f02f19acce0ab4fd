"""The rule engine over worker processes (``-j N``) gives the run one process gives."""

from __future__ import annotations

import dataclasses
import json

from audits.config import AuditConfig
from audits.document import Document
from audits.engine import audit_documents
from audits.reports import get_reporter

ARTICLES = [
    "Secretary of State Antony Blinken met his Russian counterpart in Geneva on Monday.",
    "Antony Blinkin promised more help for Ukraine on Friday, officials said.",
    "On Friday Sergueï Lavrov met officials in Ankara to discuss the grain deal.",
    "Sergei Lavrov flew home on Saturday after the talks ended without agreement.",
    "The council approved the new budget on Tuesday after a long debate about schools.",
    "Heavy rain closed the coastal road for a second day, and the ferry was cancelled.",
    "The museum will reopen next spring with a new wing devoted to local photographers.",
    "Farmers in the valley say the late frost has cut this year's apple harvest by half.",
    "The university announced a partnership with three hospitals to train more nurses.",
    "The central bank left interest rates unchanged, citing slowing inflation figures.",
]


def _report(jobs: int) -> dict:
    docs = [Document(f"d{i}", text, f"d{i}.txt") for i, text in enumerate(ARTICLES)]
    run = audit_documents(docs, dataclasses.replace(AuditConfig(lm=False), jobs=jobs))
    report = json.loads(get_reporter("json").render(run))
    for volatile in ("started", "finished", "duration", "timing"):
        report.pop(volatile, None)
    return report


def test_a_parallel_run_reports_what_one_process_reports() -> None:
    # The workers rebuild each document's segmentation from offsets, send back only what
    # the parent lacks, and send the name rules' mentions for the run-level N310.
    serial, parallel = _report(1), _report(2)
    assert [rf["code"] for rf in serial["run_findings"]].count("N310") == 2
    assert parallel == serial
