"""The rule engine over worker processes (``-j N``) gives the run one process gives."""

from __future__ import annotations

import dataclasses
import json
import os

import pytest

from audits.config import AuditConfig
from audits.document import Document
from audits.engine import audit_documents
from audits.errors import UsageError
from audits.process_pool import forks_workers
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


def _killing(monkeypatch: pytest.MonkeyPatch, marker: str) -> None:
    """Typography's rules kill their process on a text holding ``marker``, as a document
    that runs a worker out of memory or crashes native code would (the workers are
    forks of this process, so they inherit the patch)."""
    from audits.detectors.typography import Typography

    real = Typography.detect

    def detect(self, ctx):  # type: ignore[no-untyped-def]
        if marker in ctx.text:
            os._exit(9)
        return real(self, ctx)

    monkeypatch.setattr(Typography, "detect", detect)


@pytest.mark.skipif(not forks_workers(), reason="the patch reaches forked workers only")
def test_a_document_that_kills_its_worker_process_is_an_error_entry(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`-j N` with a document whose worker dies (the OOM killer): the whole run ended
    as 'internal error: BrokenProcessPool'. Now the dead worker's documents are audited
    again one by one, and only that document is an error entry, as on Ray."""
    docs = [Document(f"d{i}", ARTICLES[i % len(ARTICLES)], f"d{i}.txt") for i in range(20)]
    docs.insert(5, Document("killer", "KILLER here. " + ARTICLES[0], "killer.txt"))
    serial = audit_documents([d for d in docs if d.id != "killer"], AuditConfig(lm=False))
    _killing(monkeypatch, "KILLER")
    run = audit_documents(docs, dataclasses.replace(AuditConfig(lm=False), jobs=2))
    errors = {d.document.id: d.error for d in run.documents if d.status != "ok"}
    assert errors == {
        "killer": "its worker process died while auditing it (out of memory, a crash in "
        "native code or a signal); the rest of the run was audited"
    }
    others = [d for d in run.documents if d.document.id != "killer"]
    assert [(d.document.id, d.findings) for d in others] == [
        (d.document.id, d.findings) for d in serial.documents
    ]
    # Workers that die on whatever they audit: one line, not a worker started per document.
    _killing(monkeypatch, "")
    with pytest.raises(UsageError, match=r"^the run failed: its worker processes keep dying"):
        audit_documents(docs, dataclasses.replace(AuditConfig(lm=False), jobs=2))
