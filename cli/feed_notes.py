"""Warnings about what was read of the inputs that a user should see once per run: feed
entries chosen without a date, pages and entries that were only a paywall's teaser, a
--since that no published entry can meet."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from audits.document import Document, DocumentAudit
from audits.reports.labels import first_three
from audits.sources.base import TEASER_KEY, UNDATED_KEPT, UNDATED_RECORD_KEPT, EmptyInput
from audits.sources.http_settings import HTTP_DOWNGRADE_KEY
from cli.console import warning_line

# In a module of its own, which loads no reader: `mtaudit config` checks it too.
from cli.since_note import warn_if_since_in_future as warn_if_since_in_future


@dataclass(frozen=True)
class _Note:
    """A mark a reader leaves in a document's meta, and the warning it calls for: a
    sentence made from how many documents carry it, how many failed inputs (an error's
    document keeps the meta its input had), and which (the first three, named by
    ``names``: by their source unless it says otherwise, each name once)."""

    key: str
    says: Callable[[int, int, str], str]
    names: Callable[[Document], str] = lambda document: document.source


def _downgrade_hop(document: Document) -> str:
    hop = document.meta[HTTP_DOWNGRADE_KEY]
    return f"{hop['from']} -> {hop['to']}"


def _read_over_http(documents: int, failed: int, named: str) -> str:
    """The downgrade warning, counting documents and failed inputs (a fetch that
    answered 404 after the hop, a page with no text) each as what it is: a failed
    input's error meta carries the hop too, and it was counted a document whose words
    "may have been changed". A failure may never have reached the server (a refused
    connection, a timeout), so it is said to have failed, not to have been fetched."""
    read = f"{documents} {'document was' if documents == 1 else 'documents were'} read"
    failures = f"{failed} {'input' if failed == 1 else 'inputs'} failed"
    over = f"over plain http after an https address redirected there ({named})"
    if not failed:
        what = "it says" if documents == 1 else "they say"
        return f"{read} {over}: what {what} may have been changed on the way"
    if not documents:
        errors = "the error" if failed == 1 else "the errors"
        servers = "the server" if failed == 1 else "the servers"
        return f"{failures} {over}: {errors} may have been caused on the way, not by {servers}"
    # The commas make "over plain http" qualify both counts, not the failures alone.
    what = "the document says" if documents == 1 else "the documents say"
    return f"{read}, and {failures}, {over}: what {what} may have been changed on the way"


def _they_are(count: int) -> str:
    return "it is" if count == 1 else "they are"


_NOTES = (
    # --since kept them for want of a date: they may be old ones, audited again on
    # every run. This mark and the paywall's are a read document's, counted whole
    # where the engine then failed it (too short to audit).
    _Note(
        UNDATED_KEPT,
        lambda n, failed, named: (
            f"--since kept {n + failed} feed {'entry' if n + failed == 1 else 'entries'} "
            f"without a readable date ({named}): nothing says whether {_they_are(n + failed)} new"
        ),
    ),
    # The same for a JSONL dump's records, which --since chooses by their "published".
    _Note(
        UNDATED_RECORD_KEPT,
        lambda n, failed, named: (
            f"--since kept {n + failed} JSONL {'record' if n + failed == 1 else 'records'} "
            f'without a readable "published" date ({named}): '
            f"nothing says whether {_they_are(n + failed)} new"
        ),
    ),
    # Their verdict is on the story's opening only.
    _Note(
        TEASER_KEY,
        lambda n, failed, named: (
            f"{n + failed} {'document stops' if n + failed == 1 else 'documents stop'} at a "
            f"paywall notice ({named}): only the story's opening was audited"
        ),
    ),
    # Followed as browsers follow it, but the text crossed the network unencrypted.
    _Note(HTTP_DOWNGRADE_KEY, _read_over_http, _downgrade_hop),
)


def has_read_note(audit: DocumentAudit) -> bool:
    """Whether ``warn_of_read_notes`` has something to say of ``audit``."""
    return any(audit.document.meta.get(note.key) for note in _NOTES)


def warn_of_read_notes(documents: Iterable[DocumentAudit]) -> None:
    """One warning per kind of note the readers left on the run's documents (entries
    kept without a date, stories cut at a paywall), each naming the documents."""
    documents = list(documents)
    for note in _NOTES:
        marked = [d for d in documents if d.document.meta.get(note.key)]
        if marked:
            names = list(dict.fromkeys(note.names(d.document) for d in marked))
            failed = sum(not d.ok for d in marked)
            warning_line(note.says(len(marked) - failed, failed, first_three(names)))


def warn_of_empty_inputs(empty: Iterable[EmptyInput]) -> None:
    """One warning per input that held nothing to audit (a valid feed with no entries):
    not an error, since nothing is wrong with it, but a run that audited nothing must
    say why, or a feed whose entries stopped coming would pass the gate unheard."""
    for item in empty:
        warning_line(f"{item.message}: nothing to audit")
