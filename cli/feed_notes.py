"""Warnings about what was read of the inputs that a user should see once per run: feed
entries chosen without a date, pages and entries that were only a paywall's teaser."""

from __future__ import annotations

from collections.abc import Iterable

from audits.document import DocumentAudit
from audits.reports.labels import printable
from audits.sources.feed import UNDATED_KEPT
from audits.sources.teasers import TEASER_KEY
from cli.console import warning_line


def warn_of_undated_entries(documents: Iterable[DocumentAudit]) -> None:
    """Say which entries ``--since`` kept for want of a date: they may be old ones,
    audited again on every run."""
    undated = [d.document.source for d in documents if d.document.meta.get(UNDATED_KEPT)]
    if not undated:
        return
    n = len(undated)
    warning_line(
        f"--since kept {n} feed {'entry' if n == 1 else 'entries'} without a readable "
        f"date ({_named(undated)}): nothing says whether they are new"
    )


def warn_of_teasers(documents: Iterable[DocumentAudit]) -> None:
    """Say which documents stop at a paywall notice: their verdict is on the story's
    opening only."""
    teasers = [d.document.source for d in documents if d.document.meta.get(TEASER_KEY)]
    if not teasers:
        return
    n = len(teasers)
    warning_line(
        f"{n} {'document stops' if n == 1 else 'documents stop'} at a paywall notice "
        f"({_named(teasers)}): only the story's opening was audited"
    )


def _named(sources: list[str]) -> str:
    """The first three sources, printable, then "..." for the rest."""
    shown = ", ".join(printable(source) for source in sources[:3])
    return shown + (", ..." if len(sources) > 3 else "")
