"""What an audit's result holds of the language model's scores, with the real model."""

from __future__ import annotations

from typing import Any

import pytest

from audits import AuditConfig, Document, audit_documents
from tests.conftest import SEED

pytestmark = pytest.mark.lm


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_audit_result_lets_go_of_what_only_the_verdict_reads(scorer: Any, jobs: int) -> None:
    """Token scores were 60 % of a result and in no audit report: a notebook's run over
    10,000 articles held 2 GB of them after the call (and, with jobs, so did the parent)."""
    text = SEED.read_text(encoding="utf-8")
    docs = [Document(id=f"d{i}", text=text, source=f"d{i}.txt") for i in range(8)]
    run = audit_documents(docs, AuditConfig(jobs=jobs), scorer=scorer)
    for audit in run.documents:
        assert audit.verdict is not None and audit.fluency
        assert all(f.tokens > 0 for f in audit.fluency.values() if f.tokens)
        assert not any(f.token_scores or f.hidden_sums for f in audit.fluency.values())
