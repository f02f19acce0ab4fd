"""The audit pipeline: documents in, a RunAudit out.

    source -> Document -> segment -> (LM scores) -> detectors -> verdict

``audit_document`` is picklable (a Document and an AuditConfig in, a DocumentAudit
out), so it can be mapped over a process pool or a cluster. It is pure only with
``AuditConfig(lm=False)``: with the LM on and no scorer given, each process loads
the model once and keeps it, and uses the score cache on disk.
``audit_documents`` adds what needs the whole run: one batched LM pass over
every sentence of every document, and rules that compare documents.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from audits import __version__
from audits.analysis import analyse, failed, internal_error
from audits.calque_lexicon import keep_in, matcher
from audits.composed import (
    NfcView,
    audit_as_read,
    document_in_view,
    finding_in_view,
    nfc_view,
    run_findings_as_read,
)
from audits.config import AuditConfig
from audits.detectors.base import DocumentContext
from audits.detectors.registry import run_detectors
from audits.document import SCHEMA, Document, DocumentAudit, Finding, RunAudit, RunFinding
from audits.english_gate import english_check
from audits.intake import checked_config, taken_document, taken_inputs
from audits.lm import Scorer, load_scorer, process_scorer
from audits.lm.context import score_contexts
from audits.lm.paths import cache_dir_of
from audits.lm.preflight import check_lm_settings
from audits.reuse import ResultCache, audit_key, settings_key

# Checking a config's rule codes needs only the rules' documentation; named here too for
# the callers that import them from the engine.
from audits.rule_catalog import check_config_codes
from audits.rule_catalog import rules_running as rules_running
from audits.rule_catalog import rules_this_run as rules_this_run
from audits.rule_docs.calques import calque_rules
from audits.rule_workers import analyse_in_processes
from audits.segment import Segmentation, segment
from audits.signature import describe_allow
from audits.sources.base import InputFailure
from audits.verdict import describe as describe_verdict
from audits.verdict import pool_layers, verdict_model

EMPTY = "empty input: no text to audit"

# Called as progress(stage, done, total) while a run advances.
ProgressCallback = Callable[[str, int, int], None]


def load_rule_data(selected: frozenset[str], config: AuditConfig) -> None:
    """Load the lexicons the ``selected`` calque rules match, so that a mistake in one is
    one ``LexiconError`` before any input is read. The rules' documentation reads only
    each lexicon's first entries, so a bad later entry first failed inside the detector:
    an "internal error" on every document, in a report and history still written.
    Their built copy is kept in ``config``'s cache folder, and nowhere with it off."""
    keep_in(cache_dir_of(config))
    if any(rule.code in selected for rule in calque_rules()):
        matcher()


@dataclass
class DocumentsDone:
    """The per-document part of a run, by ``id(doc)`` of the run's documents: what an
    engine (this process, or ``audits.ray_engine``) hands back to the whole-run part."""

    # Each document prepared fine: what the run-level rules read (in its NFC view).
    contexts: dict[int, DocumentContext]
    # Its audit, still in that view (``audit_as_read`` puts it back).
    audits: dict[int, DocumentAudit]
    # An error entry for each document that could not be prepared (not English, empty).
    broken: dict[int, DocumentAudit]
    # The model that scored them, as ``Scorer.describe`` has it; None when none did.
    lm: dict[str, object] | None


def audit_documents(
    inputs: Iterable[Document | InputFailure],
    config: AuditConfig | None = None,
    *,
    scorer: Scorer | None = None,
    progress: ProgressCallback | None = None,
    cache: ResultCache | None = None,
) -> RunAudit:
    """Audit every input; unreadable inputs become error entries, never exceptions.

    The arguments themselves are checked first (``audits.intake``): something that is
    not a Document, a Document field of the wrong type, or a bad setting raises
    ``UsageError`` or ``ConfigError`` before any work. Each Document is copied, so
    the result never changes with the caller's objects.

    With a ``cache`` (``audits.history.HistoryStore``), a document whose content
    and result settings were audited before gets its stored result (marked
    ``reused_from``) instead of a fresh audit; run-level rules still see every
    document of the run.
    """
    config = checked_config(config)
    started = _now()
    selected = check_config_codes(config)
    verdict_model(config)  # a bad model file is one clear error before any work
    load_rule_data(selected, config)
    if config.engine == "ray":
        from audits.ray_engine import check_ray_engine

        check_ray_engine(config, scorer)  # ray installed, no scorer to ship
    if config.lm and scorer is None:
        # Before the inputs are read: they may be feeds to fetch, minutes of work.
        check_lm_settings(config)
    items = taken_inputs(inputs)
    docs = [item for item in items if isinstance(item, Document)]
    reused = _reused(docs, config, selected, cache)
    fresh = [doc for doc in docs if id(doc) not in reused]

    if config.engine == "ray":
        from audits.ray_engine import audit_on_ray

        done = audit_on_ray(fresh, config, selected, progress)
    else:
        done = _audit_here(fresh, config, selected, scorer, progress)
    contexts, lm = done.contexts, done.lm
    fresh = [doc for doc in fresh if id(doc) in contexts]
    by_doc = done.audits | reused | done.broken
    run_findings = _run_findings(docs, by_doc, contexts, config, selected)
    for doc in fresh:
        audit_as_read(by_doc[id(doc)], doc, contexts[id(doc)].as_read)
    results = [by_doc[id(item)] if isinstance(item, Document) else failed(item) for item in items]

    # With every result reused no model was loaded; the model that made them is named.
    if config.lm and lm is None:
        priors = [a.reused_from for a in reused.values() if a.reused_from is not None]
        lm = next((p.signature.get("lm") for p in priors if p.signature.get("lm")), None)
    return RunAudit(
        documents=results,
        signature=signature(config, selected, None, lm=lm),
        started=started,
        finished=_now(),
        run_findings=run_findings,
    )


def _audit_here(
    docs: list[Document],
    config: AuditConfig,
    selected: frozenset[str],
    scorer: Scorer | None,
    progress: ProgressCallback | None,
) -> DocumentsDone:
    """The per-document work in this process (and ``jobs`` rule processes), with
    ``scorer`` or, when a document needs it, the model loaded here."""
    contexts, broken = prepare_all(docs, config)
    prepared = [doc for doc in docs if id(doc) in contexts]
    ready = [contexts[id(doc)] for doc in prepared]
    if config.lm and ready:
        scorer = scorer or load_scorer_for(config, progress)
        for ctx, fluency in zip(
            ready,
            score_contexts(scorer, ready, config, progress, pool_layers(config)),
            strict=True,
        ):
            ctx.fluency = fluency
    audits = _analyse_all(ready, config, selected, progress)
    return DocumentsDone(
        contexts=contexts,
        audits={id(doc): audit for doc, audit in zip(prepared, audits, strict=True)},
        broken=broken,
        lm=scorer.describe() if config.lm and scorer is not None else None,
    )


def load_scorer_for(config: AuditConfig, progress: ProgressCallback | None) -> Scorer:
    """Load the LM, telling the progress display (the first run converts the embedded
    model, which takes a minute)."""
    if progress:
        progress("model", 0, 1)
    scorer = load_scorer(config)
    if progress:
        progress("model", 1, 1)
    return scorer


def _reused(
    docs: list[Document],
    config: AuditConfig,
    selected: frozenset[str],
    cache: ResultCache | None,
) -> dict[int, DocumentAudit]:
    if cache is None or not docs:
        return {}
    settings = settings_key(config, selected)
    out = {}
    for doc in docs:
        hit = cache.lookup(audit_key(doc, settings), doc)
        if hit is not None:
            out[id(doc)] = hit
    return out


def _run_findings(
    docs: list[Document],
    by_doc: dict[int, DocumentAudit],
    contexts: dict[int, DocumentContext],
    config: AuditConfig,
    selected: frozenset[str],
) -> list[RunFinding]:
    """The run-level rules over every document audited fine (before its result is put
    back into the text as read: they read the same view as the document's rules)."""
    wanted = [d for d in run_detectors() if any(rule.code in selected for rule in d.rules)]
    if not wanted:
        return []
    ok_contexts: list[DocumentContext] = []
    findings_by_id: dict[str, list[Finding]] = {}
    for doc in docs:
        audit = by_doc[id(doc)]
        ctx = _context(doc, audit, contexts, config)
        if ctx is None:
            continue
        ok_contexts.append(ctx)
        view = ctx.as_read
        reread = audit.reused and view is not None
        findings_by_id[doc.id] = (
            [finding_in_view(f, view) for f in audit.findings] if reread else audit.findings
        )
    found = [
        f
        for detector in wanted
        for f in detector.detect_run(ok_contexts, findings_by_id)
        if f.code in selected
    ]
    views = {ctx.document.id: ctx.as_read for ctx in ok_contexts if ctx.as_read is not None}
    return run_findings_as_read(found, views)


def _context(
    doc: Document,
    audit: DocumentAudit,
    contexts: dict[int, DocumentContext],
    config: AuditConfig,
) -> DocumentContext | None:
    """The prepared context of a document that was audited fine (re-made when reused,
    from the stored result's own paragraphs and sentences: the text is the same, so
    segmenting it again would only cost time; a decomposed text is prepared again, as
    its NFC view, so that it reads as it did when it was audited)."""
    if not audit.ok:
        return None
    ctx = contexts.get(id(doc))
    if ctx is None and nfc_view(audit.document.text) is not None:
        ctx = prepare(audit.document, config)
    if ctx is None:
        ctx = DocumentContext(
            document=audit.document,
            segmentation=Segmentation(audit.paragraphs, audit.sentences),
            config=config,
            fluency=audit.fluency,
        )
    return ctx


def audit_document(
    document: Document, config: AuditConfig | None = None, scorer: Scorer | None = None
) -> DocumentAudit:
    """Audit one document on its own, with the verdict ``audit_documents`` gives it.

    With ``config.lm`` (the default) and no ``scorer``, this is not free: the first
    call builds the scorer ``config`` asks for and the process keeps it (the model,
    10-15 s to load and its memory; on first use the embedded model is converted into
    ``cache_dir``; the score cache there is read and written), so a loop over
    documents pays for one. With ``lm_kernel="auto"``, once the kept scorer has
    scored about 20,000 tokens one call pauses 15-40 s (no progress shown) to build
    the compiled kernel into ``cache_dir``; ``lm_kernel="eager"`` avoids it.
    Pass ``AuditConfig(lm=False)`` for rules only (no model, nothing written), or a
    ``scorer`` of your own. It was skipped without a word: a verdict from the text
    alone, not the one the same document got from ``audit_documents``."""
    config = checked_config(config)
    selected = check_config_codes(config)
    if config.lm and scorer is None:
        check_lm_settings(config)
    document = taken_document(document)
    contexts, broken = prepare_all([document], config)
    if broken:
        return broken[id(document)]
    ctx = contexts[id(document)]
    if config.lm:
        if scorer is None:
            scorer = process_scorer(config)
        ctx.fluency = score_contexts(scorer, [ctx], config, pool_layers=pool_layers(config))[0]
    return audit_as_read(analyse(ctx, selected), document, ctx.as_read)


def prepare_all(
    docs: Iterable[Document], config: AuditConfig
) -> tuple[dict[int, DocumentContext], dict[int, DocumentAudit]]:
    """Each document's context, keyed by ``id(doc)``, and an error entry for each one
    that is not English or could not be prepared. A decomposed (NFD) text is prepared
    as its NFC view: see ``audits.composed``."""
    contexts: dict[int, DocumentContext] = {}
    broken: dict[int, DocumentAudit] = {}
    for doc in docs:
        try:
            # As for an empty file: a verdict on no text at all would be a guess.
            if not doc.text.strip():
                broken[id(doc)] = failed(InputFailure(doc.source, EMPTY, id=doc.id), doc)
                continue
            view = nfc_view(doc.text)
            reason, word_stats = english_check(doc.text if view is None else view.text)
            if reason is not None:
                broken[id(doc)] = failed(InputFailure(doc.source, reason, id=doc.id), doc)
                continue
            contexts[id(doc)] = ctx = _prepared(doc, view, config)
            ctx.word_stats = word_stats
        except Exception as exc:  # one broken document must never stop a feed audit
            broken[id(doc)] = internal_error(doc, exc)
    return contexts, broken


def prepare(document: Document, config: AuditConfig) -> DocumentContext:
    """The context the rules read: of the document itself, or of its NFC view when its
    text is decomposed (the results are put back by ``audits.composed.audit_as_read``)."""
    return _prepared(document, nfc_view(document.text), config)


def _prepared(document: Document, view: NfcView | None, config: AuditConfig) -> DocumentContext:
    if view is not None:
        document = document_in_view(document, view)
    return DocumentContext(
        document=document, segmentation=segment(document.text), config=config, as_read=view
    )


def _analyse_all(
    contexts: list[DocumentContext],
    config: AuditConfig,
    selected: frozenset[str],
    progress: ProgressCallback | None,
) -> list[DocumentAudit]:
    total = len(contexts)
    if config.jobs > 1 and total >= 4 * config.jobs:

        def tick(done: int) -> None:
            if progress:
                progress("rules", done, total)

        return analyse_in_processes(contexts, selected, config.jobs, progress=tick)
    out = []
    for i, ctx in enumerate(contexts, start=1):
        out.append(analyse(ctx, selected))
        if progress:
            progress("rules", i, total)
    return out


def signature(
    config: AuditConfig,
    selected: frozenset[str],
    scorer: Scorer | None,
    *,
    lm: dict[str, object] | None = None,
) -> dict[str, object]:
    """Everything that changes a number in the report, like sacrebleu's signature.

    ``lm`` describes the model when none was loaded (every result was reused).
    ``audits.signature.compact_signature`` renders it as one line.
    """
    described = scorer.describe() if scorer is not None else lm
    codes = sorted(selected)
    severity = {code: str(level) for code, level in sorted(config.severity.items())}
    return {
        "mtaudit": __version__,
        "schema": SCHEMA,
        "rules": {
            "count": len(codes),
            "hash": hashlib.sha256(",".join(codes).encode()).hexdigest()[:12],
            "select": config.select,
            "ignore": config.ignore,
            "severity": severity,
        },
        "lm": described,
        "verdict": describe_verdict(config),
        "thresholds": {
            "machine_translated": describe_verdict(config)["threshold"],
            "fluency_percentile": config.fluency_percentile if described is not None else None,
        },
        "allow": describe_allow(config.allow),
    }


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
