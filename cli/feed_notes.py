"""Warnings about how feed entries were chosen that a user should see once per run."""

from __future__ import annotations

from collections.abc import Iterable

from audits.document import DocumentAudit
from audits.reports.labels import printable
from audits.sources.feed import UNDATED_KEPT
from cli.console import warning_line


def warn_of_undated_entries(documents: Iterable[DocumentAudit]) -> None:
    """Say which entries ``--since`` kept for want of a date: they may be old ones,
    audited again on every run."""
    undated = [d.document.source for d in documents if d.document.meta.get(UNDATED_KEPT)]
    if not undated:
        return
    n = len(undated)
    named = ", ".join(printable(source) for source in undated[:3]) + (", ..." if n > 3 else "")
    warning_line(
        f"--since kept {n} feed {'entry' if n == 1 else 'entries'} without a readable "
        f"date ({named}): nothing says whether they are new"
    )
