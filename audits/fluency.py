"""Fluency only: per-sentence language-model scores without the rule engine.

What `mtaudit fluency` runs: the same segmentation, context, batching, cache
and calibration as an audit, so its numbers are the ones an audit reports.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from audits import __version__
from audits.composed import audit_as_read
from audits.config import AuditConfig
from audits.document import Document, DocumentAudit
from audits.engine import ProgressCallback, failed, load_scorer_for, prepare_all
from audits.intake import checked_config, taken_inputs
from audits.lm import Scorer
from audits.lm.context import score_contexts
from audits.lm.preflight import check_lm_settings
from audits.reports import strict_json
from audits.reports.model import fluency_to_dict
from audits.sources.base import InputFailure

SCHEMA = "mtaudit-fluency/1"


@dataclass
class FluencyRun:
    documents: list[DocumentAudit]
    lm: dict[str, Any] = field(default_factory=dict)

    @property
    def errors(self) -> list[DocumentAudit]:
        return [d for d in self.documents if not d.ok]


def score_documents(
    inputs: Iterable[Document | InputFailure],
    config: AuditConfig | None = None,
    *,
    scorer: Scorer | None = None,
    progress: ProgressCallback | None = None,
) -> FluencyRun:
    """Every sentence of every input scored; unreadable inputs become error entries.

    The arguments are checked as ``audit_documents`` checks them (``audits.intake``):
    unchecked, a list of strings ended in a KeyError, a Document whose text was None
    in an "internal error" entry, and two documents with one id shared it.
    """
    config = checked_config(config)
    if scorer is None:
        # Before the inputs are read: they may be feeds to fetch, minutes of work.
        check_lm_settings(config)
    items = taken_inputs(inputs, "score_documents")
    contexts, broken = prepare_all((i for i in items if isinstance(i, Document)), config)
    docs = [item for item in items if isinstance(item, Document) and id(item) in contexts]
    described: dict[str, Any] = {}
    if docs:
        scorer = scorer or load_scorer_for(config, progress)
        ordered = [contexts[id(doc)] for doc in docs]
        for ctx, fluency in zip(
            ordered, score_contexts(scorer, ordered, config, progress), strict=True
        ):
            ctx.fluency = fluency
        described = scorer.describe()
    out: list[DocumentAudit] = []
    for item in items:
        if isinstance(item, InputFailure):
            out.append(failed(item))
            continue
        if id(item) in broken:
            out.append(broken[id(item)])
            continue
        ctx = contexts[id(item)]
        audit = DocumentAudit(
            document=item,
            paragraphs=ctx.segmentation.paragraphs,
            sentences=ctx.segmentation.sentences,
            fluency=ctx.fluency,
        )
        out.append(audit_as_read(audit, item, ctx.as_read))
    return FluencyRun(out, described)


def fluency_run_to_dict(run: FluencyRun, *, tokens: bool = True) -> dict[str, Any]:
    return {
        **_report_head(run),
        "documents": [_document_dict(d, tokens=tokens) for d in run.documents],
    }


def fluency_json_chunks(run: FluencyRun, *, tokens: bool = True) -> Iterator[str]:
    """The JSON report, ``strict_json.dumps(fluency_run_to_dict(run), indent=2)`` plus a
    line end, to the byte, a document at a time: the whole report (every token's score
    of every document, as dicts and then as one string) was built before its first
    byte was written, several times the memory of the scores themselves on a feed."""
    head = strict_json.dumps({**_report_head(run), "documents": []}, indent=2)
    if not run.documents:
        yield head + "\n"
        return
    # The head as dumps writes it, up to the list the documents go in.
    opening, closing = head.rsplit('"documents": []', 1)
    yield opening + '"documents": [\n'
    for i, audit in enumerate(run.documents):
        text = strict_json.dumps(_document_dict(audit, tokens=tokens), indent=2)
        # A JSON string holds no raw line end, so every line is indented as it would
        # be two levels down in the whole report.
        indented = "\n".join("    " + line for line in text.split("\n"))
        yield indented + (",\n" if i < len(run.documents) - 1 else "\n")
    yield "  ]" + closing + "\n"


def _report_head(run: FluencyRun) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "tool": {"name": "mtaudit", "version": __version__},
        "lm": run.lm,
    }


def _document_dict(d: DocumentAudit, *, tokens: bool) -> dict[str, Any]:
    return {
        "id": d.document.id,
        "source": d.document.source,
        "title": d.document.title,
        "status": d.status,
        "error": d.error,
        "sentences": [
            {
                "index": s.index,
                "start": s.start,
                "end": s.end,
                "text": s.text,
                "fluency": fluency_to_dict(d.fluency.get(s.index), tokens=tokens),
            }
            for s in d.sentences
        ],
    }
