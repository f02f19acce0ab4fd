"""S500: encoding damage found (and, where offsets allow, repaired) while reading."""

from __future__ import annotations

from collections.abc import Iterable

from audits.detectors.base import Detector, DocumentContext
from audits.document import Finding
from audits.rule_docs.encoding import ENCODING_RULES


class EncodingDamage(Detector):
    """Passes on what the source noticed while decoding the input."""

    rules = ENCODING_RULES

    def detect(self, ctx: DocumentContext) -> Iterable[Finding]:
        for finding in ctx.document.input_findings:
            sentence = ctx.segmentation.sentence_of(finding.start, finding.end)
            finding.sentence = sentence.index if sentence else None
            yield finding
