"""The composed (NFC) view of a decomposed document, and its results mapped back.

Text copied from macOS file names, some CMSs and PDFs spells "é" as "e" + U+0301.
The rules' patterns use ``\\w``, which matches no combining mark, so such a text
cut "Sergueï Lavrov" at the accent and the name went unflagged. The engine audits
the NFC form of such a document instead (``NfcView.text``) and maps every offset
of the result back to the text as read, so reports still point at the user's own
characters. Text that is already NFC (nearly all of it) gets no view at all.

Composition only merges characters, so each character of the view comes from a
run of the original ("e" + U+0301 -> "é"). The map is kept per piece: a piece
that NFC leaves alone maps character for character; a piece it changes maps as a
whole, so a span never starts or ends inside a composed character.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from audits.document import (
    Document,
    DocumentAudit,
    Finding,
    Paragraph,
    RunFinding,
    Sentence,
    SentenceFluency,
)

# No character below U+0300 composes with the character before it (the second
# half of every canonical composition is a combining mark or a later script's sign),
# and each one is NFC on its own.
_FROM_JOINING = re.compile("[\u0300-\U0010ffff]+")


@dataclasses.dataclass(frozen=True)
class NfcView:
    """``text`` is ``original`` in NFC; offsets map both ways, per piece."""

    original: str
    text: str
    # For each view offset 0..len(text): where a span starting / ending there starts /
    # ends in the original (equal except inside a composed character).
    _back_start: list[int]
    _back_end: list[int]
    # The same from original offsets 0..len(original) into the view.
    _view_start: list[int]
    _view_end: list[int]

    def span_as_read(self, start: int, end: int) -> tuple[int, int]:
        return self._back_start[start], max(self._back_start[start], self._back_end[end])

    def span_in_view(self, start: int, end: int) -> tuple[int, int]:
        return self._view_start[start], max(self._view_start[start], self._view_end[end])


def nfc_view(text: str) -> NfcView | None:
    """The NFC view of ``text``, or None when it is NFC already (the fast path)."""
    if unicodedata.is_normalized("NFC", text):
        return None
    maps: tuple[list[int], list[int], list[int], list[int]] = ([], [], [], [])
    back_start, back_end, view_start, view_end = maps
    parts: list[str] = []
    done = v = 0
    for a, b in [*_changed_pieces(text), (len(text), len(text))]:
        # Unchanged from ``done`` to ``a``: character for character.
        parts.append(text[done:a])
        back_start.extend(range(done, a))
        back_end.extend(range(done, a))
        view_start.extend(range(v, v + a - done))
        view_end.extend(range(v, v + a - done))
        v += a - done
        if a == b:
            break
        part = unicodedata.normalize("NFC", text[a:b])
        parts.append(part)
        back_start.extend([a] * len(part))
        back_end.extend([a] + [b] * (len(part) - 1))
        view_start.extend([v] * (b - a))
        view_end.extend([v] + [v + len(part)] * (b - a - 1))
        v += len(part)
        done = b
    composed = "".join(parts)
    if composed != unicodedata.normalize("NFC", text):
        return None  # pieces that do not compose apart: audit the text as read
    for offsets, last in zip(maps, (len(text), len(text), v, v), strict=True):
        offsets.append(last)
    return NfcView(text, composed, back_start, back_end, view_start, view_end)


def _changed_pieces(text: str) -> Iterator[tuple[int, int]]:
    """The runs of ``text`` that NFC changes, each composed on its own: a starter
    with the marks after it, joined with the next run wherever composing them apart
    would differ (Hangul jamo, some Indic vowel signs). Only the characters from
    U+0300 up, with the character before them, can change."""
    for m in _FROM_JOINING.finditer(text):
        a = max(m.start() - 1, 0)
        for start, end in _pieces(text, a, m.end()):
            if not unicodedata.is_normalized("NFC", text[start:end]):
                yield start, end


def _pieces(text: str, a: int, b: int) -> list[tuple[int, int]]:
    pieces = [[a, a + 1]]
    for i in range(a + 1, b):
        ch = text[i]
        if _leads_with_mark(ch) or not _apart(text[pieces[-1][0] : i], ch):
            pieces[-1][1] = i + 1
        else:
            pieces.append([i, i + 1])
    return [(start, end) for start, end in pieces]


def _leads_with_mark(ch: str) -> bool:
    """A combining mark, or a character that decomposes into one first (Tibetan
    U+0F73): either may reorder with the marks before it and compose across them."""
    return bool(
        unicodedata.combining(ch) or unicodedata.combining(unicodedata.normalize("NFD", ch)[0])
    )


def _apart(before: str, ch: str) -> bool:
    nfc = unicodedata.normalize
    return nfc("NFC", before + ch) == nfc("NFC", before) + nfc("NFC", ch)


def document_in_view(document: Document, view: NfcView) -> Document:
    """The document as the rules read it: its NFC text, its input findings placed there."""
    return dataclasses.replace(
        document,
        text=view.text,
        input_findings=[finding_in_view(f, view) for f in document.input_findings],
    )


def finding_in_view(f: Finding, view: NfcView) -> Finding:
    return _moved(f, view.span_in_view, view.text)


def finding_as_read(f: Finding, view: NfcView) -> Finding:
    return _moved(f, view.span_as_read, view.original)


def _moved(f: Finding, span: Callable[[int, int], tuple[int, int]], text: str) -> Finding:
    """``f`` placed in ``text``, with the spans its evidence quotes (an entry
    ``{"text", "start", "end"}``: the other spelling of a name, say)."""
    start, end = span(f.start, f.end)
    evidence = {key: _quoted(value, span, text) for key, value in f.evidence.items()}
    return dataclasses.replace(f, start=start, end=end, text=text[start:end], evidence=evidence)


def _quoted(value: Any, span: Callable[[int, int], tuple[int, int]], text: str) -> Any:
    if (
        isinstance(value, dict)
        and value.keys() >= {"text", "start", "end"}
        and isinstance(value["start"], int)
        and isinstance(value["end"], int)
    ):
        start, end = span(value["start"], value["end"])
        return {**value, "start": start, "end": end, "text": text[start:end]}
    return value


def audit_as_read(audit: DocumentAudit, document: Document, view: NfcView | None) -> DocumentAudit:
    """``audit`` of the view of ``document``, with every offset and quoted text put
    back into ``document`` as read (without a view: only the document put back)."""
    audit.document = document
    if view is None:
        return audit
    audit.paragraphs = [_paragraph(p, view) for p in audit.paragraphs]
    audit.sentences = [_sentence(s, view) for s in audit.sentences]
    audit.findings = [finding_as_read(f, view) for f in audit.findings]
    for fluency in audit.fluency.values():
        _fluency_as_read(fluency, view)
    if "characters" in audit.stats:
        audit.stats["characters"] = len(view.original)
    return audit


def run_findings_as_read(
    findings: Iterable[RunFinding], views: dict[str, NfcView]
) -> list[RunFinding]:
    """Run-level findings with each place put back into its document as read."""
    out = []
    for rf in findings:
        places = [
            (doc_id, finding_as_read(f, views[doc_id]) if doc_id in views else f)
            for doc_id, f in rf.places
        ]
        out.append(dataclasses.replace(rf, places=places))
    return out


def _paragraph(p: Paragraph, view: NfcView) -> Paragraph:
    start, end = view.span_as_read(p.start, p.end)
    return Paragraph(p.index, start, end)


def _sentence(s: Sentence, view: NfcView) -> Sentence:
    start, end = view.span_as_read(s.start, s.end)
    return Sentence(s.index, start, end, view.original[start:end], s.paragraph)


def _fluency_as_read(fluency: SentenceFluency, view: NfcView) -> None:
    for scored in (*fluency.token_scores, *fluency.spans):
        scored.start, scored.end = view.span_as_read(scored.start, scored.end)
        scored.text = view.original[scored.start : scored.end]
