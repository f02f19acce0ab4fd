"""The rules over worker processes (``-j N``): what a worker is sent and sends back.

The parent has already segmented every document (the LM and the run-level rules need
it) and counted its words for the English gate, so a worker is sent those with the
document: the segmentation as offsets, since every sentence's text is a slice of the
document's (sending and rebuilding it costs a quarter of segmenting again: 45 ms against
191 ms for the 682 documents of the dev set). A worker sends back what
``analyse`` adds to a document and nothing the parent has: the document, its paragraphs,
sentences and fluency stay behind and are put back into the result, as ``analyse``
leaves them in one process. It also sends what the run-level rules read from a
document's context (the name rules' mentions), which the parent would otherwise compute
a second time for every document.

Where the workers are forked (Linux), the lexicons and models the rules read are loaded
in the parent before they start, so every worker shares one copy instead of reading
and compiling its own (about a second each).
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from audits.analysis import analyse, drop_verdict_inputs, failed
from audits.config import AuditConfig
from audits.detectors.base import DocumentContext
from audits.detectors.registry import detectors, run_detectors
from audits.document import Document, DocumentAudit, Paragraph, Sentence, SentenceFluency
from audits.errors import UsageError
from audits.process_pool import WorkersKeepDying, map_in_processes
from audits.segment import Segmentation
from audits.sources.base import InputFailure
from audits.verdict import preload as preload_verdict


@dataclass(frozen=True)
class _Job:
    document: Document
    fluency: dict[int, SentenceFluency]
    paragraphs: tuple[tuple[int, int], ...]
    # (start, end, paragraph) of each sentence
    sentences: tuple[tuple[int, int, int], ...]
    word_stats: tuple[int, float] | None


def analyse_in_processes(
    contexts: list[DocumentContext],
    selected: frozenset[str],
    jobs: int,
    progress: Callable[[int], None] | None = None,
) -> list[DocumentAudit]:
    """``[analyse(ctx, selected) for ctx in contexts]`` in ``jobs`` worker processes; the
    contexts come back holding what the run-level rules read, as after ``analyse``."""
    if not contexts:
        return []
    config = contexts[0].config
    keys = shared_keys(selected)
    work = functools.partial(_analyse_job, config, selected, keys)
    try:
        done = map_in_processes(
            work,
            [_job(ctx) for ctx in contexts],
            jobs,
            progress=progress,
            on_death=_died,
            # Loaded once, here, for forked workers to share; spawned workers (the
            # fallback beside another thread's import) load their own, and a load here
            # was seconds thrown away.
            on_fork=lambda: preload(config, selected),
        )
    except WorkersKeepDying as exc:
        raise UsageError(f"the run failed: its {exc}") from None
    return [
        _put_back(ctx, audit, shared) for ctx, (audit, shared) in zip(contexts, done, strict=True)
    ]


def _died(job: _Job) -> tuple[DocumentAudit, dict[str, Any]]:
    """The error entry of a document whose worker process died while auditing it alone.
    A dead worker ended the whole run as 'internal error: BrokenProcessPool'."""
    doc = job.document
    reason = (
        "its worker process died while auditing it (out of memory, a crash in native "
        "code or a signal); the rest of the run was audited"
    )
    return without_document(failed(InputFailure(doc.source, reason, id=doc.id))), {}


def preload(config: AuditConfig, selected: frozenset[str]) -> None:
    """Load everything the selected rules and the verdict read. A lexicon that fails to
    load is left to the workers, where it fails each document as it did before."""
    for detector in detectors():
        if any(rule.code in selected for rule in detector.rules):
            with contextlib.suppress(Exception):
                detector.preload(config)
    with contextlib.suppress(Exception):
        preload_verdict(config)


def shared_keys(selected: frozenset[str]) -> tuple[str, ...]:
    """The ``DocumentContext.shared`` entries the selected run-level rules read."""
    keys: dict[str, None] = {}
    for detector in run_detectors():
        if any(rule.code in selected for rule in detector.rules):
            keys.update(dict.fromkeys(detector.reads_shared))
    return tuple(keys)


def _job(ctx: DocumentContext) -> _Job:
    seg = ctx.segmentation
    return _Job(
        document=ctx.document,
        fluency=ctx.fluency,
        paragraphs=tuple((p.start, p.end) for p in seg.paragraphs),
        sentences=tuple((s.start, s.end, s.paragraph) for s in seg.sentences),
        word_stats=ctx.word_stats,
    )


def _analyse_job(
    config: AuditConfig, selected: frozenset[str], keys: tuple[str, ...], job: _Job
) -> tuple[DocumentAudit, dict[str, Any]]:
    """In a worker: the audit without what the parent has, and the shared entries."""
    text = job.document.text
    segmentation = Segmentation(
        [Paragraph(i, start, end) for i, (start, end) in enumerate(job.paragraphs)],
        [
            Sentence(i, start, end, text[start:end], paragraph)
            for i, (start, end, paragraph) in enumerate(job.sentences)
        ],
    )
    ctx = DocumentContext(
        document=job.document,
        segmentation=segmentation,
        config=config,
        fluency=job.fluency,
        word_stats=job.word_stats,
    )
    audit = analyse(ctx, selected)
    # The parent puts its own back (_put_back): sending them is pickling the text thrice.
    without_document(audit)
    audit.paragraphs, audit.sentences, audit.fluency = [], [], {}
    return audit, {key: ctx.shared[key] for key in keys if key in ctx.shared}


# Stands for the document in a result on its way back to the parent.
_SENT_BACK_WITHOUT = Document(id="", text="", source="")


def without_document(audit: DocumentAudit) -> DocumentAudit:
    """``audit`` made ready to send back to a parent that holds its document (a rule
    process's parent, a Ray driver): the document is left out."""
    audit.document = _SENT_BACK_WITHOUT
    return audit


def _put_back(ctx: DocumentContext, audit: DocumentAudit, shared: dict[str, Any]) -> DocumentAudit:
    """The worker's result as ``analyse`` returns it in one process: an audit that went
    fine holds the context's paragraphs, sentences and fluency (whose hidden states the
    verdict has read, let go of), an error entry only the document."""
    audit.document = ctx.document
    if audit.ok:
        audit.paragraphs = ctx.segmentation.paragraphs
        audit.sentences = ctx.segmentation.sentences
        audit.fluency = ctx.fluency
        drop_verdict_inputs(ctx.fluency)
    ctx.shared.update(shared)
    return audit
