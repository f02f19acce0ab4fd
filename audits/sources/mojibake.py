"""Mojibake (text decoded in the wrong encoding and saved again) found and repaired."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

import ftfy

from audits.document import Finding, Severity
from audits.rule_docs.encoding import MOJIBAKE_CODE

# Only the fixes that undo encoding damage: curly quotes, ligatures, widths and
# normalisation are genuine content here (and fingerprints we want to see).
_MOJIBAKE_ONLY = ftfy.TextFixerConfig(
    unescape_html=False,
    remove_terminal_escapes=False,
    fix_encoding=True,
    restore_byte_a0=True,
    replace_lossy_sequences=True,
    decode_inconsistent_utf8=True,
    fix_c1_controls=True,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    fix_surrogates=True,
    remove_control_chars=False,
    normalization=None,
    explain=False,
)


@dataclass(frozen=True)
class MojibakeSpan:
    start: int
    end: int
    broken: str
    fixed: str


def find_mojibake(text: str) -> list[MojibakeSpan]:
    """Spans of ``text`` that ftfy reads as encoding damage, with their repair."""
    spans: list[MojibakeSpan] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        if not line.isascii():
            fixed = ftfy.fix_text(line, config=_MOJIBAKE_ONLY)
            if fixed != line:
                spans.extend(_diff_spans(line, fixed, pos))
        pos += len(line)
    return spans


def _diff_spans(old: str, new: str, offset: int) -> list[MojibakeSpan]:
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    spans: list[MojibakeSpan] = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            continue
        # Merge edits separated by at most one unchanged character: "Ã©tÃ©" is one repair.
        if spans and offset + a1 - spans[-1].end <= 1:
            prev = spans[-1]
            spans[-1] = MojibakeSpan(
                prev.start,
                offset + a2,
                old[prev.start - offset : a2],
                prev.fixed + new[b1 - (offset + a1 - prev.end) : b2],
            )
        else:
            spans.append(MojibakeSpan(offset + a1, offset + a2, old[a1:a2], new[b1:b2]))
    return spans


def splice_repairs(text: str, spans: list[MojibakeSpan]) -> tuple[str, list[int]]:
    """``text`` with each of ``spans`` (in order, as ``find_mojibake`` gives them)
    replaced by its repair, and where each repair starts in the new text."""
    parts: list[str] = []
    new_starts: list[int] = []
    cursor = shift = 0
    for span in spans:
        parts += [text[cursor : span.start], span.fixed]
        new_starts.append(span.start + shift)
        shift += len(span.fixed) - len(span.broken)
        cursor = span.end
    parts.append(text[cursor:])
    return "".join(parts), new_starts


def repair_mojibake(text: str) -> tuple[str, list[Finding]]:
    """Repair encoding damage, returning the new text and a finding per repaired span.

    Findings point at the repaired text, whose spans now read correctly.
    """
    spans = find_mojibake(text)
    if not spans:
        return text, []
    repaired, new_starts = splice_repairs(text, spans)
    findings = [
        Finding(
            code=MOJIBAKE_CODE,
            start=new_start,
            end=new_start + len(span.fixed),
            text=span.fixed,
            message=f"encoding damage repaired: the input read {span.broken!r}",
            severity=Severity.INFO,
            strength=0.1,
            suggestion=span.fixed,
            evidence={"broken": span.broken, "repaired": span.fixed, "repaired_text": True},
        )
        for span, new_start in zip(spans, new_starts, strict=True)
    ]
    return repaired, findings


def report_mojibake(text: str) -> list[Finding]:
    """Findings for encoding damage left in place (text the user's editor shows as is)."""
    return [
        Finding(
            code=MOJIBAKE_CODE,
            start=span.start,
            end=span.end,
            text=span.broken,
            message=f"encoding damage: {span.broken!r} should read {span.fixed!r}",
            severity=Severity.INFO,
            strength=0.1,
            suggestion=span.fixed,
            evidence={"broken": span.broken, "repaired": span.fixed, "repaired_text": False},
        )
        for span in find_mojibake(text)
    ]
