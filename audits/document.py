"""The records that flow through an audit.

Every position is a character offset into ``Document.text`` (end exclusive), so
any finding can be highlighted exactly in any report without re-reading input.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Literal

from audits.datafiles import load_toml

# The schema an audit report (JSON, a baseline) names: here, with the records it holds,
# so that the reports and baselines read it without loading the engine.
SCHEMA = "mtaudit/1"


class Severity(StrEnum):
    """How much a finding weighs with a reader; ordered from weakest."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]


_SEVERITY_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


@dataclass
class Document:
    """One article as read from its source, before any analysis."""

    id: str
    text: str
    source: str
    title: str | None = None
    url: str | None = None
    published: str | None = None
    author: str | None = None
    lang: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    # Findings a source made while reading (an encoding repair, say); they are
    # merged with the detectors' findings so the user sees what was changed.
    input_findings: list[Finding] = field(default_factory=list)


@dataclass(frozen=True)
class Paragraph:
    index: int
    start: int
    end: int


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str
    paragraph: int


@dataclass
class Finding:
    """One piece of evidence: a rule fired on ``text[start:end]``."""

    code: str
    start: int
    end: int
    text: str
    message: str
    severity: Severity = Severity.WARNING
    sentence: int | None = None
    # The language this finding points to as the source of a translation.
    source_lang: str | None = None
    # How strongly this finding suggests machine translation, 0..1.
    strength: float = 0.5
    suggestion: str | None = None
    evidence: dict[str, Any] = field(default_factory=dict)


@dataclass
class TokenScore:
    """One LM token mapped back to the document's characters."""

    start: int
    end: int
    text: str
    logprob: float
    rank: int
    unigram_logprob: float

    @property
    def slor(self) -> float:
        """How much likelier the LM finds this token in context than on its own."""
        return self.logprob - self.unigram_logprob


@dataclass
class SurprisingSpan:
    """A run of tokens the LM finds far less likely than their unigram baseline."""

    start: int
    end: int
    text: str
    tokens: int
    logprob: float
    unigram_logprob: float
    # The lowest token SLOR in the run, and how far the run's tokens fall below
    # the surprise threshold in total (nats).
    min_slor: float
    mass: float


@dataclass
class SentenceFluency:
    """Language-model statistics for one sentence.

    ``score`` is the sentence fluency score (higher = more fluent; see README,
    *Fluency*); ``percentile`` places it among English-original sentences.
    """

    tokens: int
    logprob: float
    mean_logprob: float
    perplexity: float
    slor: float
    min_token_slor: float
    score: float
    percentile: float | None = None
    low: bool = False
    token_scores: list[TokenScore] = field(default_factory=list)
    context_sentences: int = 0
    context_tokens: int = 0
    # The document's first sentence, placed among English originals' first sentences.
    opening: bool = False
    # Rows the sentence was scored in (more than 1 only for very long sentences).
    windows: int = 1
    # GLTR-style: share of tokens that were the model's top choice, in its top 10,
    # top 100, and beyond.
    rank_buckets: dict[str, float] = field(default_factory=dict)
    spans: list[SurprisingSpan] = field(default_factory=list)
    # Asked for by callers that pool hidden states (never in reports): layer ->
    # sum over the sentence's ``tokens`` tokens, so a document mean is
    # sum(hidden_sums) / sum(tokens).
    # Values are float32 numpy vectors.
    hidden_sums: dict[int, Any] = field(default_factory=dict)

    @property
    def token_slors(self) -> list[float]:
        return [t.slor for t in self.token_scores]


@dataclass
class Evidence:
    """One reason behind a verdict, in plain words."""

    text: str
    weight: float


@dataclass(frozen=True)
class Unnamed:
    """Why the vote of the findings' hints names no source language: ``thin`` (the votes
    add up to under ``min_lang_evidence``), ``tie`` (``tied`` share first place) or
    ``spread`` (the first has under ``min_lang_share`` of the votes); or why the
    classifier named none: ``unlearnt`` (the text is spelt as ``tied``, languages it
    never learnt, spell, in their letters or their names, as much as in its pick's)."""

    reason: Literal["thin", "tie", "spread", "unlearnt"]
    tied: tuple[str, ...] = ()


def unnamed_language(scores: Mapping[str, float]) -> Unnamed | None:
    """Why ``scores`` (a language's share of the votes) name no language, or None when
    they name one: the one rule the verdict's ``source_language`` applies, for the
    reports to give the true reason ("too little evidence" said of a tie on 3.2 votes
    was not)."""
    settings = load_toml("verdict.toml")
    total = sum(scores.values())
    if total < settings["min_lang_evidence"]:
        return Unnamed("thin")
    ranked = sorted(scores, key=lambda k: (-scores[k], k))
    top = scores[ranked[0]]
    tied = tuple(k for k in ranked if abs(scores[k] - top) < 1e-9)
    if len(tied) > 1:
        return Unnamed("tie", tied)
    if top / total < settings["min_lang_share"]:
        return Unnamed("spread")
    return None


def unnamed_reason(scores: Mapping[str, float]) -> Unnamed:
    """Why a verdict with ``scores`` names no language: ``unnamed_language``, and too
    little evidence where the scores would name one (library code declined them, or
    rounded stored scores look sufficient)."""
    return unnamed_language(scores) or Unnamed("thin")


@dataclass
class Verdict:
    machine_translated: bool
    probability: float
    source_lang: str | None
    source_lang_confidence: float
    threshold: float
    method: str
    reasons: list[Evidence] = field(default_factory=list)
    source_lang_reasons: list[Evidence] = field(default_factory=list)
    false_positive_rate: float | None = None
    source_lang_scores: dict[str, float] = field(default_factory=dict)
    # P(a translation at all, by machine or person): the model's "translated" stage alone.
    translated_probability: float | None = None
    # Why no language is named, worked out from the raw votes: the scores above are
    # rounded, and a share within 1e-4 of the minimum read as another reason.
    source_lang_unnamed: Unnamed | None = None

    def __post_init__(self) -> None:
        # None exactly when a language is named, however the verdict was made: one
        # built by library code (or stored before the field) without the reason gets it
        # from its scores here, so the reports never work it out again, and one naming
        # a language keeps no reason for naming none. Scores that would name one did
        # not name it all the same: library code declined them, or the stored scores
        # are rounded and a vote short of the minimum by less than the rounding looks
        # sufficient; either way it was too little evidence.
        if self.source_lang is not None:
            self.source_lang_unnamed = None
        elif self.source_lang_unnamed is None:
            self.source_lang_unnamed = unnamed_reason(self.source_lang_scores)


@dataclass(frozen=True)
class PriorResult:
    """Where a reused result came from: the run that audited the same text with
    the same settings (see ``audits.reuse``)."""

    run: int | None
    audited: str | None
    signature: dict[str, Any] = field(default_factory=dict)


@dataclass
class DocumentAudit:
    document: Document
    status: str = "ok"
    error: str | None = None
    paragraphs: list[Paragraph] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    fluency: dict[int, SentenceFluency] = field(default_factory=dict)
    verdict: Verdict | None = None
    stats: dict[str, Any] = field(default_factory=dict)
    # Set when this result was not computed in this run but taken from an
    # earlier one (the text and every setting that changes a result were equal).
    reused_from: PriorResult | None = None

    @property
    def reused(self) -> bool:
        return self.reused_from is not None

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    def flagged_sentences(self) -> list[Sentence]:
        hit = {f.sentence for f in self.findings if f.sentence is not None}
        return [s for s in self.sentences if s.index in hit]

    def codes_by_sentence(self) -> dict[int, list[str]]:
        out: dict[int, list[str]] = {}
        for f in self.findings:
            if f.sentence is not None and f.code not in out.setdefault(f.sentence, []):
                out[f.sentence].append(f.code)
        return out


@dataclass
class RunAudit:
    documents: list[DocumentAudit]
    signature: dict[str, Any] = field(default_factory=dict)
    started: str | None = None
    finished: str | None = None
    # Findings that span documents (one name spelled differently across a feed).
    run_findings: list[RunFinding] = field(default_factory=list)
    # Set when the run was compared with a previous report (`--baseline`): the
    # documents and findings left are the new ones.
    baseline: BaselineComparison | None = None
    # What the gate decided (``audits.gate.GateResult.outcome``), set by a caller that
    # gates the run (the CLI's audit) before it writes the reports.
    gate: dict[str, Any] | None = None
    # The run's id in the history database that records it (`mtaudit history show ID`),
    # set before its reports are written; None for a run no history records.
    history_run_id: int | None = None
    # The command that shows it again, as the caller that knows where the history came
    # from says it (`mtaudit history show 12 --history runs.sqlite`); None: the plain one.
    history_show_command: str | None = None

    @property
    def errors(self) -> list[DocumentAudit]:
        return [d for d in self.documents if not d.ok]

    @property
    def machine_translated(self) -> list[DocumentAudit]:
        return [d for d in self.documents if d.verdict and d.verdict.machine_translated]


@dataclass
class RunFinding:
    """A finding about several documents at once; each place is (document id, finding)."""

    code: str
    message: str
    places: list[tuple[str, Finding]]
    severity: Severity = Severity.WARNING
    evidence: dict[str, Any] = field(default_factory=dict)
    # The places a baseline already had, left out of ``places``: the finding is still
    # this whole finding (its fingerprint, the count of what was hidden).
    known_places: list[tuple[str, Finding]] = field(default_factory=list)

    @property
    def all_places(self) -> list[tuple[str, Finding]]:
        return [*self.places, *self.known_places]

    @property
    def documents(self) -> list[str]:
        """Each document the whole finding involves, once, in the order of its places:
        a baseline's known places too, which a report filtered by it leaves out."""
        return list(dict.fromkeys(doc_id for doc_id, _ in self.all_places))


@dataclass
class BaselineComparison:
    """What a baseline comparison kept and hid (see ``audits.baseline``)."""

    path: str
    signature: str
    signature_matches: bool
    # Document id -> "new" (not in the baseline), "changed" (its text changed)
    # or "unchanged"; documents with nothing new are left out of the report.
    status: dict[str, str] = field(default_factory=dict)
    # Document id -> how many of its findings the baseline already had.
    known_findings: dict[str, int] = field(default_factory=dict)
    # Document id -> whether the baseline judged it machine-translated.
    was_machine_translated: dict[str, bool] = field(default_factory=dict)
    # Document id -> why the baseline's machine-translated verdict no longer covers it
    # (its P rose far above the baseline's, or it was rewritten).
    reopened: dict[str, str] = field(default_factory=dict)
    known_run_findings: int = 0

    @property
    def known_count(self) -> int:
        """Known findings hidden: each document's, and the run-level findings all of
        whose places the baseline had."""
        return sum(self.known_findings.values()) + self.known_run_findings

    def count(self, status: str) -> int:
        return sum(1 for s in self.status.values() if s == status)

    def verdict_known(self, doc_id: str) -> bool:
        """Whether the document's machine-translated verdict is one the baseline accepted."""
        return self.was_machine_translated.get(doc_id, False) and doc_id not in self.reopened


# What ends a line: CRLF, a lone CR (old Mac files) or LF, as editors and SARIF
# (§3.30.2) count lines. Counting LF alone put all of "a\rb\rc" on line 1, where
# VS Code and a code-scanning viewer show three.
LINE_END = re.compile(r"\r\n?|\n")


def line_start(text: str, offset: int) -> int:
    """Where the line holding ``offset`` starts, as ``LineIndex`` counts lines (the LF
    of a CRLF belongs to the line it ends)."""
    if text.startswith("\n", offset) and text[offset - 1 : offset] == "\r":
        offset -= 1
    return max(text.rfind("\n", 0, offset), text.rfind("\r", 0, offset)) + 1


class LineIndex:
    """Maps character offsets to 1-based (line, column) in counted code points, lines
    ended by CRLF, CR or LF."""

    def __init__(self, text: str) -> None:
        self._starts = [0] + [m.end() for m in LINE_END.finditer(text)]

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._starts, offset) - 1
        return line + 1, offset - self._starts[line] + 1
