"""One prepared document through every selected rule and the verdict.

``analyse`` runs the detectors over the context the engine prepared for a document
(``audits.engine.prepare``) and judges it. The engine maps it over a run's documents, in
this process or in worker processes (``audits.rule_workers``).
"""

from __future__ import annotations

from audits.detectors.base import DocumentContext
from audits.detectors.registry import all_rules, detectors
from audits.document import Document, DocumentAudit, Finding, SentenceFluency
from audits.sources.base import InputFailure
from audits.verdict import decide


def analyse(ctx: DocumentContext, selected: frozenset[str]) -> DocumentAudit:
    """Run every selected detector over one prepared document, then judge it."""
    doc = ctx.document
    config = ctx.config
    ctx.selected = selected
    audit = DocumentAudit(
        document=doc,
        paragraphs=ctx.segmentation.paragraphs,
        sentences=ctx.segmentation.sentences,
        fluency=ctx.fluency,
    )
    try:
        findings: list[Finding] = []
        for detector in detectors():
            if detector.needs_lm and not ctx.fluency:
                continue
            if not any(rule.code in selected for rule in detector.rules):
                continue
            findings.extend(f for f in detector.detect(ctx) if f.code in selected)
        audit.findings = _tidy(findings, ctx)
        audit.stats = document_stats(ctx)
        audit.verdict = decide(audit, config, all_rules(), word_stats=ctx.word_stats)
        drop_verdict_inputs(audit.fluency)
    except Exception as exc:  # one broken document must never stop a feed audit
        return internal_error(doc, exc)
    return audit


def drop_verdict_inputs(fluency: dict[int, SentenceFluency]) -> None:
    """Let go of what only the verdict reads, once it has: hidden-state sums and token
    scores, large per sentence and in no audit report (token scores are what
    ``mtaudit fluency`` prints, from ``audits.fluency``). Kept, the token scores were
    60 % of a result, about 200 kB a 3,000-character article: 2 GB held by a notebook's
    run over 10,000 documents, shipped back by every Ray worker and stored in the
    history."""
    for f in fluency.values():
        f.hidden_sums = {}
        f.token_scores = []


def _tidy(findings: list[Finding], ctx: DocumentContext) -> list[Finding]:
    """Apply the user's severities and allow-list; drop duplicates; order by position."""
    seen: set[tuple[str, int, int]] = set()
    out: list[Finding] = []
    for f in sorted(findings, key=lambda f: (f.start, f.end, f.code)):
        key = (f.code, f.start, f.end)
        if key in seen or ctx.is_allowed_span(f.start, f.end):
            continue
        seen.add(key)
        level = ctx.config.severity_for(f.code)
        if level is not None:
            f.severity = level
        out.append(f)
    return out


def document_stats(ctx: DocumentContext) -> dict[str, object]:
    text = ctx.text
    return {
        "characters": len(text),
        "words": len(text.split()),
        "sentences": len(ctx.segmentation.sentences),
        "paragraphs": len(ctx.segmentation.paragraphs),
    }


def failed(failure: InputFailure, document: Document | None = None) -> DocumentAudit:
    doc = document or Document(
        id=failure.id or failure.source,
        text="",
        source=failure.source,
        title=failure.title,
        url=failure.url,
        meta=dict(failure.meta),
    )
    return DocumentAudit(document=doc, status="error", error=failure.reason)


def internal_error(doc: Document, exc: Exception) -> DocumentAudit:
    """An error entry for a document the engine itself failed on (a bug: the reason
    names the exception so it can be reported)."""
    reason = f"internal error while auditing ({type(exc).__name__}: {exc})"
    return failed(InputFailure(doc.source, reason, id=doc.id), document=doc)
