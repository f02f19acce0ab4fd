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
from audits.detectors.base import DocumentContext
from audits.document import Document, DocumentAudit
from audits.engine import ProgressCallback, failed, load_scorer_for, prepare_all
from audits.intake import checked_config, taken_inputs, taken_one_by_one
from audits.lm import Scorer
from audits.lm.context import pass_progress, score_chunk, sentence_chunks
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
    in an "internal error" entry, and two documents with one id shared it. Every
    input is checked before the model is loaded, and every result is held until the
    end: ``stream_documents`` hands each over as it is done.
    """
    config = _checked_for_lm(config, scorer)
    # Checked whole, first: a bad input after the first pass was raised once the model
    # was loaded and that pass scored, minutes on a CPU, though every result is held.
    items = taken_inputs(inputs, "score_documents")
    stream = FluencyStream(iter(items), config, scorer, progress)
    documents = list(stream)
    return FluencyRun(documents, stream.lm)


def stream_documents(
    inputs: Iterable[Document | InputFailure],
    config: AuditConfig | None = None,
    *,
    scorer: Scorer | None = None,
    progress: ProgressCallback | None = None,
) -> FluencyStream:
    """``score_documents`` a document at a time: iterating the stream reads the inputs
    as it goes and yields each one's entry, in order, once the pass of
    ``audits.lm.context.CHUNK_SENTENCES`` sentences it fell in is scored, so only one pass of token
    scores is held (``score_documents`` held every document's until the end). The
    config, ``inputs`` itself and the model settings are checked here, at once; a
    bad input is raised when it is reached."""
    config = _checked_for_lm(config, scorer)
    return FluencyStream(taken_one_by_one(inputs, "stream_documents"), config, scorer, progress)


def _checked_for_lm(config: AuditConfig | None, scorer: Scorer | None) -> AuditConfig:
    config = checked_config(config)
    if scorer is None:
        # Before the inputs are read: they may be feeds to fetch, minutes of work.
        check_lm_settings(config)
    return config


class FluencyStream:
    """Each input's ``DocumentAudit`` in input order (iterate once); ``lm`` describes
    the model that scored them, ``{}`` until one has."""

    def __init__(
        self,
        items: Iterator[Document | InputFailure],
        config: AuditConfig,
        scorer: Scorer | None,
        progress: ProgressCallback | None,
    ) -> None:
        self._items = items
        self._config = config
        self._scorer = scorer
        self._progress = progress
        self._used: Scorer | None = None
        self._sentences = 0  # scored so far, for the progress bar

    @property
    def lm(self) -> dict[str, Any]:
        return self._used.describe() if self._used is not None else {}

    def __iter__(self) -> Iterator[DocumentAudit]:
        prepared = ((item, self._prepared(item)) for item in self._items)
        # Split as an audit splits its run, so audit's numbers are these.
        for pending in sentence_chunks(prepared, sentences_of=_sentences_held):
            yield from self._scored(pending)

    def _prepared(self, item: Document | InputFailure) -> DocumentContext | DocumentAudit:
        if isinstance(item, InputFailure):
            return failed(item)
        contexts, broken = prepare_all([item], self._config)
        return contexts[id(item)] if id(item) in contexts else broken[id(item)]

    def _scored(
        self, pending: list[tuple[Document | InputFailure, DocumentContext | DocumentAudit]]
    ) -> Iterator[DocumentAudit]:
        ready = [ctx for _, ctx in pending if isinstance(ctx, DocumentContext)]
        if ready:
            if self._used is None:
                self._used = self._scorer or load_scorer_for(self._config, self._progress)
            done = self._sentences
            self._sentences += sum(len(ctx.segmentation.sentences) for ctx in ready)
            # The total so far: it grows as the inputs are read.
            tick = pass_progress(self._progress, done, self._sentences)
            scores = score_chunk(self._used, ready, self._config, tick)
            for ctx, fluency in zip(ready, scores, strict=True):
                ctx.fluency = fluency
        for item, prepared in pending:
            if isinstance(prepared, DocumentAudit):
                yield prepared
                continue
            assert isinstance(item, Document)
            audit = DocumentAudit(
                document=item,
                paragraphs=prepared.segmentation.paragraphs,
                sentences=prepared.segmentation.sentences,
                fluency=prepared.fluency,
            )
            yield audit_as_read(audit, item, prepared.as_read)
        # The pass (held by `ready` and `scores` too) goes once its last entry is handed
        # over, not entry by entry: memory holds one pass.
        pending.clear()


def _sentences_held(pair: tuple[Document | InputFailure, DocumentContext | DocumentAudit]) -> int:
    prepared = pair[1]
    return len(prepared.segmentation.sentences) if isinstance(prepared, DocumentContext) else 0


def fluency_run_to_dict(run: FluencyRun, *, tokens: bool = True) -> dict[str, Any]:
    return {
        **_report_head(run.lm),
        "documents": [_document_dict(d, tokens=tokens) for d in run.documents],
    }


def fluency_json_chunks(
    run: FluencyRun | FluencyStream,
    *,
    tokens: bool = True,
    documents: Iterable[DocumentAudit] | None = None,
) -> Iterator[str]:
    """The JSON report, ``strict_json.dumps(fluency_run_to_dict(run), indent=2)`` plus a
    line end, to the byte, a document at a time: the whole report (every token's score
    of every document, as dicts and then as one string) was built before its first
    byte was written, several times the memory of the scores themselves on a feed.
    From a ``FluencyStream``, each document is written as it is scored; its ``lm`` is
    read once the first document is done (the model is loaded by then).
    ``documents``: the run's documents as the caller passes them on (by default,
    ``run``'s own)."""
    if documents is None:
        documents = run.documents if isinstance(run, FluencyRun) else run
    documents = iter(documents)
    first = next(documents, None)
    head = strict_json.dumps({**_report_head(run.lm), "documents": []}, indent=2)
    if first is None:
        yield head + "\n"
        return
    # The head as dumps writes it, up to the list the documents go in.
    opening, closing = head.rsplit('"documents": []', 1)
    yield opening + '"documents": [\n'
    yield _indented_document(first, tokens)
    for audit in documents:
        yield ",\n" + _indented_document(audit, tokens)
    yield "\n  ]" + closing + "\n"


def _indented_document(audit: DocumentAudit, tokens: bool) -> str:
    text = strict_json.dumps(_document_dict(audit, tokens=tokens), indent=2)
    # A JSON string holds no raw line end, so every line is indented as it would be
    # two levels down in the whole report.
    return "\n".join("    " + line for line in text.split("\n"))


def _report_head(lm: dict[str, Any]) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "tool": {"name": "mtaudit", "version": __version__},
        "lm": lm,
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
