"""The detector interface: one subclass per family of rules.

Like sacrebleu's ``Metric``, a new detector is one file that fills in a class:
declare its ``rules`` and implement ``detect``. Detectors never read input and
never print; they turn a ``DocumentContext`` into findings.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from audits.allow_list import allowed_spans, allows_span
from audits.composed import NfcView
from audits.config import AuditConfig
from audits.document import Document, Finding, RunFinding, Sentence, SentenceFluency
from audits.rules import Rule
from audits.segment import Segmentation


@dataclass
class DocumentContext:
    """What a detector may look at for one document."""

    document: Document
    segmentation: Segmentation
    config: AuditConfig
    fluency: dict[int, SentenceFluency] = field(default_factory=dict)
    # Scratch space shared by detectors within one document (e.g. extracted names).
    shared: dict[str, Any] = field(default_factory=dict)
    # How many words the whole text has and the share of them that are common English
    # words, as the English gate counted them (the verdict reads both; None: not counted).
    word_stats: tuple[int, float] | None = None
    # Set when ``document`` is the NFC view of a decomposed text (``audits.composed``):
    # the engine maps the results back to the text as read through it.
    as_read: NfcView | None = None
    # The rule codes the engine runs on this document (``analysis.analyse`` sets them;
    # None: every rule), for a detector whose choice between rules depends on them.
    selected: frozenset[str] | None = None

    @property
    def text(self) -> str:
        return self.document.text

    def finding(
        self,
        rule: Rule,
        start: int,
        end: int,
        message: str,
        *,
        sentence: Sentence | None = None,
        **extra: Any,
    ) -> Finding:
        """A finding for ``rule`` on ``text[start:end]``, tied to its sentence: ``sentence``
        when the detector judged one (T101 judges the word before its space, and a
        segmenter that cut at that space would put the span in the next sentence), else
        the one ``Segmentation.sentence_of`` finds."""
        if sentence is None:
            sentence = self.segmentation.sentence_of(start, end)
        extra.setdefault("severity", rule.severity)
        if "source_lang" not in extra and len(rule.source_langs) == 1:
            extra["source_lang"] = rule.source_langs[0]
        return Finding(
            code=rule.code,
            start=start,
            end=end,
            text=self.text[start:end],
            message=message,
            sentence=sentence.index if sentence else None,
            **extra,
        )

    def is_allowed_span(self, start: int, end: int) -> bool:
        """Whether ``text[start:end]`` contains an allowed phrase or lies inside one
        (``allows_span``); the phrases' places are found once per document."""
        return allows_span(self.config.allow, self.text, start, end, self._allowed_spans)

    def _allowed_spans(self) -> list[tuple[int, int]]:
        if "allowed_spans" not in self.shared:
            self.shared["allowed_spans"] = allowed_spans(self.config.allow, self.text)
        return self.shared["allowed_spans"]


def with_langs(langs: Sequence[str], **evidence: Any) -> dict[str, Any]:
    """The source-language fields of a finding: ``source_lang`` where ``langs`` is one
    language, and the candidates in its evidence, with ``evidence`` after them."""
    return {
        "source_lang": langs[0] if len(langs) == 1 else None,
        "evidence": {"source_langs": list(langs), **evidence},
    }


class Detector(ABC):
    """A family of rules that inspect one document at a time."""

    rules: ClassVar[tuple[Rule, ...]] = ()
    # True when the detector reads ``DocumentContext.fluency`` (LM scores).
    needs_lm: ClassVar[bool] = False

    @abstractmethod
    def detect(self, ctx: DocumentContext) -> Iterable[Finding]:
        """Yield findings for the rules of this detector."""

    def preload(self, config: AuditConfig) -> None:
        """Load the lexicons and patterns ``detect`` reads, before the first document
        (the engine does so before forking its workers, which then share them). ``detect``
        loads whatever is not loaded yet, so this only moves the work."""
        return None  # a detector without lexicons has nothing to load


class RunDetector(ABC):
    """Rules that compare documents of one run (a feed, a directory)."""

    rules: ClassVar[tuple[Rule, ...]] = ()
    # ``DocumentContext.shared`` entries that ``detect_run`` reads (what the document
    # detectors left there): worker processes send them back with their results.
    reads_shared: ClassVar[tuple[str, ...]] = ()

    @abstractmethod
    def detect_run(
        self, contexts: list[DocumentContext], findings: dict[str, list[Finding]]
    ) -> Iterable[RunFinding]:
        """Yield findings that concern several documents."""
