"""The records of `mtaudit compare`: segments, alignment, corpus scores and the result.

Every reporter renders a CompareResult; positions are character offsets into
``CompareResult.hypothesis`` (end exclusive), like every other finding.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from audits.document import Finding, SentenceFluency
from audits.reference_rules import DocumentLevel
from audits.reports.labels import plural

# How the hypothesis and references were paired.
LINES = "lines"
RECORDS = "records"
SENTENCES = "sentences"


@dataclass
class Segment:
    """One hypothesis unit with its reference(s), and its scores once computed."""

    index: int
    # The text that is scored (for sentence alignment: the sentences joined by one space).
    hyp: str
    # One entry per reference; None where that reference has no counterpart.
    refs: list[str | None]
    # The hypothesis span in CompareResult.hypothesis (start == end for an omission).
    start: int
    end: int
    # "line", "record", or the alignment move ("1-1", "2-1", "1-2", "1-0", "0-1").
    alignment: str
    id: str | None = None
    doc: str | None = None
    # Where each reference's counterpart lies in that reference's text, when known.
    ref_spans: list[tuple[int, int] | None] = field(default_factory=list)
    # Alignment similarity (0..1) for sentence-aligned segments.
    similarity: float | None = None
    chrf: float | None = None
    ter: float | None = None
    bleu: float | None = None
    fluency: SentenceFluency | None = None

    @property
    def aligned(self) -> bool:
        """Whether there is both a hypothesis and a reference to compare."""
        return self.alignment not in ("1-0", "0-1") and any(r is not None for r in self.refs)

    @property
    def scored(self) -> bool:
        return self.chrf is not None

    @property
    def longest_side_words(self) -> int:
        """Words in the longer of the hypothesis and its references, split as TER splits."""
        return max(len(text.split()) for text in (self.hyp, *self.refs) if text is not None)


@dataclass
class Alignment:
    """How the hypothesis was paired with the references, and what could not be."""

    method: str
    hypothesis_units: int
    reference_units: int
    moves: dict[str, int] = field(default_factory=dict)
    # Segment indices of hypothesis sentences without a counterpart (additions) ...
    unaligned_hypothesis: list[int] = field(default_factory=list)
    # ... and of reference sentences without a counterpart (omissions).
    unaligned_reference: list[int] = field(default_factory=list)

    def describe(self) -> str:
        """One sentence a person can read."""
        if self.method == LINES:
            return f"aligned by line: {plural(self.hypothesis_units, 'line')}"
        if self.method == RECORDS:
            return f"paired by JSONL record: {plural(self.hypothesis_units, 'record')}"
        moves = ", ".join(f"{n}×{k}" for k, n in sorted(self.moves.items()))
        text = (
            f"aligned by sentence ({plural(self.hypothesis_units, 'hypothesis sentence')} and "
            f"{plural(self.reference_units, 'reference sentence')}): {moves}"
        )
        gaps = []
        if self.unaligned_hypothesis:
            n = len(self.unaligned_hypothesis)
            gaps.append(f"{plural(n, 'hypothesis sentence')} without counterpart")
        if self.unaligned_reference:
            n = len(self.unaligned_reference)
            gaps.append(f"{plural(n, 'reference sentence')} without counterpart")
        return text + ("; " + "; ".join(gaps) if gaps else "")


@dataclass(frozen=True)
class MetricSettings:
    """Every option that changes a sacrebleu number (mirrors the sacrebleu command)."""

    # chrF word n-gram order: 0 is chrF, 2 is chrF++.
    word_order: int = 0
    # Lowercase BLEU and chrF (TER is case-insensitive unless told otherwise, as in sacrebleu).
    lowercase: bool = False
    # BLEU tokenizer; None is sacrebleu's default (13a).
    tokenize: str | None = None
    # TER's shift search is slow on long sentences; a large corpus may skip it.
    ter: bool = True
    # Segments longer than this many words (hypothesis or any reference) get no TER:
    # the shift search took seconds per 200-word segment here and 49 s on 1,000 words.
    # 0 scores every segment.
    ter_max_words: int = 150

    def sacrebleu_args(self) -> list[str]:
        """The `sacrebleu` command-line arguments that give the same numbers."""
        args = ["-m", "bleu", "chrf", *(["ter"] if self.ter else [])]
        if self.word_order:
            args += ["--chrf-word-order", str(self.word_order)]
        if self.lowercase:
            args += ["--lowercase", "--chrf-lowercase"]
        if self.tokenize:
            args += ["--tokenize", self.tokenize]
        return args


@dataclass
class CorpusScore:
    """One corpus-level metric, as the sacrebleu command reports it."""

    metric: str  # "bleu", "chrf" or "ter"
    name: str  # sacrebleu's name: BLEU, chrF2, chrF2++, TER
    score: float
    signature: str
    # sacrebleu's text line: "BLEU|nrefs:1|...|version:2.6.0 = 38.0 83.3/60.0/..."
    formatted: str
    # BLEU's n-gram precisions and brevity penalty.
    verbose: str | None = None
    higher_is_better: bool = True
    # How many segments the score covers (TER leaves out segments over ter_max_words).
    segments: int = 0


@dataclass
class CompareResult:
    hypothesis_source: str
    reference_sources: list[str]
    # The hypothesis text that every offset points into (a file's text; for JSONL,
    # the records' hypotheses joined by newlines).
    hypothesis: str
    alignment: Alignment
    settings: MetricSettings
    corpus: list[CorpusScore]
    segments: list[Segment]
    findings: list[Finding] = field(default_factory=list)
    # R701's per-document levels (median, MAD, threshold), keyed by document id.
    levels: list[DocumentLevel] = field(default_factory=list)
    signature: dict[str, Any] = field(default_factory=dict)
    # Segment indices left without TER for being longer than settings.ter_max_words.
    ter_skipped: list[int] = field(default_factory=list)
    started: str | None = None
    finished: str | None = None
    # Doubts about how an input was read (``PairedInput.warnings``), one line each. A
    # caller with a line of its own (compare's model flags without --fluency) puts it in
    # a copy of the result (dataclasses.replace), not in the engine's list.
    warnings: list[str] = field(default_factory=list)

    def score(self, metric: str) -> CorpusScore | None:
        return next((c for c in self.corpus if c.metric == metric), None)

    def findings_by_segment(self) -> dict[int, list[Finding]]:
        out: dict[int, list[Finding]] = {}
        for f in self.findings:
            if f.sentence is not None:
                out.setdefault(f.sentence, []).append(f)
        return out

    def flags(self, segment: Segment) -> list[str]:
        """Codes and states worth a reader's eye: R codes, "unaligned", "low-fluency"."""
        codes = list(dict.fromkeys(f.code for f in self.findings if f.sentence == segment.index))
        if not segment.aligned:
            codes.append("unaligned")
        if segment.fluency is not None and segment.fluency.low:
            codes.append("low-fluency")
        return codes

    def all_warnings(self) -> list[str]:
        """Every warning of the run, as stderr shows them and the JSON's
        ``inputs.warnings`` holds them: ``warnings``, then what TER left out (the JSON
        lacked that one, printed on stderr apart)."""
        note = self.ter_note()
        return [*self.warnings, *([note] if note else [])]

    def ter_note(self) -> str | None:
        """What TER left out for length, in one sentence (None when it left out nothing)."""
        if not self.ter_skipped:
            return None
        skipped = len(self.ter_skipped)
        limit = self.settings.ter_max_words
        ter = self.score("ter")
        covered = (
            f"corpus TER covers the other {ter.segments}"
            if ter is not None
            else "so there is no corpus TER"
        )
        return (
            f"TER skipped {plural(skipped, 'segment')} longer than {plural(limit, 'word')} "
            f"({covered}): its shift "
            "search takes seconds on such segments; --ter-max-words 0 scores them all"
        )

    def by_code(self) -> dict[str, int]:
        return dict(sorted(Counter(f.code for f in self.findings).items()))
