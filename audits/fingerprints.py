"""Stable identities for documents and findings, independent of raw offsets.

A baseline matches findings by what they say (rule, flagged text, the sentence
it sits in), not by where they sit, so an edit earlier in an article does not
make every later finding look new. SARIF's ``partialFingerprints`` and the
JSON report's ``fingerprint`` carry the same identity to dashboards and
pipelines.
"""

from __future__ import annotations

import hashlib
import re

from audits.document import Document

_SPACE = re.compile(r"\s+")


def content_hash(text: str) -> str:
    """``sha256:<hex>`` of the document text (UTF-8)."""
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def document_hash(document: Document) -> str:
    """The hash of what was read: the text, plus what a source repaired on the way.

    A feed whose encoding damage is fixed at the source yields the same repaired
    text as before, but the input did change (and its S500 findings are gone).
    """
    repaired = [
        f"{f.start}:{f.evidence.get('broken')}"
        for f in document.input_findings
        if f.evidence.get("repaired_text")
    ]
    if not repaired:
        return content_hash(document.text)
    return content_hash(document.text + "\x00" + "\x1f".join(repaired))


def normalise_space(text: str) -> str:
    """Runs of whitespace as one space, so re-wrapping a paragraph changes nothing."""
    return _SPACE.sub(" ", text).strip()


def finding_key(code: str, text: str, sentence_text: str | None) -> str:
    """What makes two findings "the same" across runs: rule, flagged text, its sentence."""
    return "\x1f".join((code, normalise_space(text), normalise_space(sentence_text or "")))


def finding_fingerprint(code: str, text: str, sentence_text: str | None) -> str:
    """A short hex digest of :func:`finding_key`."""
    key = finding_key(code, text, sentence_text)
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def run_finding_key(code: str, place_texts: list[str]) -> str:
    """A run-level finding is the same when its rule and the flagged texts are."""
    return "\x1f".join((code, *sorted(normalise_space(t) for t in place_texts)))


def run_finding_fingerprint(code: str, place_texts: list[str]) -> str:
    key = run_finding_key(code, place_texts)
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def run_place_key(code: str, doc_id: str, text: str) -> str:
    """One place of a run-level finding: its rule, document and flagged text. A
    baseline matches run findings place by place, so an article that repeats an
    accepted misspelling is new without making the accepted articles new again."""
    return "\x1f".join((code, doc_id, normalise_space(text)))
