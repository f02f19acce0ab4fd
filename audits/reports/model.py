"""The JSON report contract (``"schema": "mtaudit/1"``) as plain Python data.

Every format renders from these dicts or from the RunAudit itself; field names
here are the documented contract in README.md, so change them only with a new
schema version.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from audits import __version__
from audits.document import (
    SCHEMA,
    BaselineComparison,
    DocumentAudit,
    Finding,
    LineIndex,
    PriorResult,
    RunAudit,
    RunFinding,
    SentenceFluency,
    Unnamed,
    Verdict,
)
from audits.fingerprints import document_hash, finding_fingerprint
from audits.history_commands import reported_show_command
from audits.rule_catalog import all_rules
from audits.signature import compact_signature


def run_to_dict(run: RunAudit) -> dict[str, Any]:
    docs = [with_baseline(document_to_dict(d), run) for d in run.documents]
    return {
        "schema": SCHEMA,
        "tool": {"name": "mtaudit", "version": __version__},
        "signature": run.signature,
        "signature_string": compact_signature(run.signature),
        "started": run.started,
        "finished": run.finished,
        "history_run_id": run.history_run_id,
        "history_show_command": reported_show_command(run.history_run_id, run.history_show_command),
        "baseline": baseline_to_dict(run.baseline, run) if run.baseline else None,
        "documents": docs,
        "run_findings": [run_finding_to_dict(f, run) for f in run.run_findings],
        "summary": summary(run),
        "gate": run.gate,
    }


def baseline_to_dict(b: BaselineComparison, run: RunAudit) -> dict[str, Any]:
    return {
        "path": b.path,
        "signature_string": b.signature,
        "signature_matches": b.signature_matches,
        "documents": {status: b.count(status) for status in ("new", "changed", "unchanged")},
        "known_findings": b.known_count,
        # The baseline's places of the run-level findings still reported for new ones.
        "known_places": sum(len(rf.known_places) for rf in run.run_findings),
    }


def summary(run: RunAudit) -> dict[str, Any]:
    codes: Counter[str] = Counter()
    langs: Counter[str] = Counter()
    for d in run.documents:
        codes.update(f.code for f in d.findings)
        if d.verdict and d.verdict.machine_translated and d.verdict.source_lang:
            langs[d.verdict.source_lang] += 1
    codes.update(f.code for f in run.run_findings)
    return {
        "documents": len(run.documents),
        "ok": sum(1 for d in run.documents if d.ok),
        "errors": len(run.errors),
        "machine_translated": len(run.machine_translated),
        "reused": sum(1 for d in run.documents if d.reused),
        "findings": sum(codes.values()),
        "by_code": dict(sorted(codes.items())),
        "source_langs": dict(langs.most_common()),
    }


def document_to_dict(audit: DocumentAudit) -> dict[str, Any]:
    doc = audit.document
    index = LineIndex(doc.text)
    codes = audit.codes_by_sentence()
    sentence_texts = {s.index: s.text for s in audit.sentences}
    return {
        "id": doc.id,
        "source": doc.source,
        "title": doc.title,
        "url": doc.url,
        "published": doc.published,
        "author": doc.author,
        "status": audit.status,
        "error": audit.error,
        "content_hash": document_hash(doc) if audit.ok else None,
        "baseline": None,
        "reused": audit.reused,
        "reused_from": prior_to_dict(audit.reused_from),
        "verdict": verdict_to_dict(audit.verdict) if audit.verdict else None,
        "stats": audit.stats,
        "sentences": [
            {
                "index": s.index,
                "paragraph": s.paragraph,
                "start": s.start,
                "end": s.end,
                "line": index.position(s.start)[0],
                "column": index.position(s.start)[1],
                "text": s.text,
                "flagged": s.index in codes,
                "codes": codes.get(s.index, []),
                "fluency": fluency_to_dict(audit.fluency.get(s.index)),
            }
            for s in audit.sentences
        ],
        "findings": [
            finding_to_dict(f, index, sentence_texts.get(f.sentence)) for f in audit.findings
        ],
        "meta": _jsonable(doc.meta),
    }


def prior_to_dict(prior: PriorResult | None) -> dict[str, Any] | None:
    """Where a reused result came from (``--history``): the run that audited it, and when."""
    if prior is None:
        return None
    return {
        "run": prior.run,
        "audited": prior.audited,
        "signature_string": compact_signature(prior.signature) if prior.signature else None,
    }


def with_baseline(entry: dict[str, Any], run: RunAudit) -> dict[str, Any]:
    """Fill a document entry's ``baseline`` field from the run's comparison."""
    b = run.baseline
    if b is not None and entry["id"] in b.status:
        entry["baseline"] = {
            "status": b.status[entry["id"]],
            "known_findings": b.known_findings.get(entry["id"], 0),
            # Why its verdict is judged again although the baseline accepted it; the
            # gate's stderr line alone said so, and a report read later could not.
            "reopened": b.reopened.get(entry["id"]),
        }
    return entry


def verdict_to_dict(v: Verdict) -> dict[str, Any]:
    return {
        "machine_translated": v.machine_translated,
        "probability": v.probability,
        "translated_probability": v.translated_probability,
        "threshold": v.threshold,
        "false_positive_rate": v.false_positive_rate,
        "source_lang": v.source_lang,
        "source_lang_confidence": v.source_lang_confidence,
        "source_lang_scores": v.source_lang_scores,
        "source_lang_unnamed": unnamed_to_dict(v.source_lang_unnamed),
        "method": v.method,
        "reasons": [{"text": e.text, "weight": round(e.weight, 4)} for e in v.reasons],
        "source_lang_reasons": [
            {"text": e.text, "weight": round(e.weight, 4)} for e in v.source_lang_reasons
        ],
    }


def unnamed_to_dict(u: Unnamed | None) -> dict[str, Any] | None:
    """Why no source language is named: ``{"reason": "tie", "tied": ["de", "es"]}``."""
    return None if u is None else {"reason": u.reason, "tied": list(u.tied)}


def fluency_to_dict(f: SentenceFluency | None, *, tokens: bool = False) -> dict[str, Any] | None:
    """The JSON form of a sentence's fluency; token-level detail only when asked
    (``mtaudit fluency`` asks). Hidden-state sums never appear: they are large and
    only the fitted verdict reads them."""
    if f is None:
        return None
    out: dict[str, Any] = {
        "tokens": f.tokens,
        "logprob": round(f.logprob, 4),
        "mean_logprob": round(f.mean_logprob, 4),
        "perplexity": round(f.perplexity, 3),
        "slor": round(f.slor, 4),
        "min_token_slor": round(f.min_token_slor, 4),
        "score": round(f.score, 4),
        "percentile": None if f.percentile is None else round(f.percentile, 2),
        "low": f.low,
        "context_sentences": f.context_sentences,
        "context_tokens": f.context_tokens,
        "opening": f.opening,
        "windows": f.windows,
        "rank_buckets": {k: round(v, 4) for k, v in f.rank_buckets.items()},
        "surprising_spans": [
            {
                "start": s.start,
                "end": s.end,
                "text": s.text,
                "tokens": s.tokens,
                "logprob": round(s.logprob, 4),
                "unigram_logprob": round(s.unigram_logprob, 4),
                "min_slor": round(s.min_slor, 4),
                "mass": round(s.mass, 4),
            }
            for s in f.spans
        ],
    }
    if tokens:
        out["token_scores"] = [
            {
                "start": t.start,
                "end": t.end,
                "text": t.text,
                "logprob": round(t.logprob, 4),
                "rank": t.rank,
                "unigram_logprob": round(t.unigram_logprob, 4),
                "slor": round(t.slor, 4),
            }
            for t in f.token_scores
        ]
    return out


def finding_to_dict(
    f: Finding, index: LineIndex, sentence_text: str | None = None
) -> dict[str, Any]:
    """One finding; ``sentence_text`` (the text of its sentence) feeds the fingerprint."""
    rule = all_rules().get(f.code)
    line, column = index.position(f.start)
    end_line, end_column = index.position(f.end)
    return {
        "code": f.code,
        "name": rule.name if rule else f.code,
        "family": f.code[0],
        "severity": str(f.severity),
        "sentence": f.sentence,
        "start": f.start,
        "end": f.end,
        "line": line,
        "column": column,
        "end_line": end_line,
        "end_column": end_column,
        "text": f.text,
        "message": f.message,
        "suggestion": f.suggestion,
        "source_lang": f.source_lang,
        "strength": round(f.strength, 4),
        "evidence": _jsonable(f.evidence),
        "fingerprint": finding_fingerprint(f.code, f.text, sentence_text),
    }


def run_finding_to_dict(f: RunFinding, run: RunAudit) -> dict[str, Any]:
    by_id = {d.document.id: d for d in run.documents}
    rule = all_rules().get(f.code)
    places = []
    for doc_id, finding in f.places:
        audit = by_id.get(doc_id)
        text = audit.document.text if audit else ""
        sentences = {s.index: s.text for s in audit.sentences} if audit else {}
        place = finding_to_dict(finding, LineIndex(text), sentences.get(finding.sentence))
        place["document"] = doc_id
        places.append(place)
    return {
        "code": f.code,
        "name": rule.name if rule else f.code,
        "severity": str(f.severity),
        "message": f.message,
        "places": places,
        "evidence": _jsonable(f.evidence),
        "baseline": {"known_places": len(f.known_places)} if run.baseline else None,
    }


def _jsonable(value: Any) -> Any:
    """Free-form data (``meta``, ``evidence``) as JSON values: string keys, lists for
    sets and tuples, text for anything else. A NaN or an infinity stays a float here;
    every JSON report is written by ``strict_json.dumps``, which makes it null (the one
    place that does), and only the JSON formats show these fields.
    """
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)
