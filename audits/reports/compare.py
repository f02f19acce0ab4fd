"""Reports of `mtaudit compare`: the JSON contract (``mtaudit-compare/1``) and the terminal.

Like the audit reporters, one small class per format behind one interface,
picked by name; every format renders from the same CompareResult, and
``compare_to_dict`` is the documented JSON contract other formats can reuse.
"""

from __future__ import annotations

from typing import Any

from rich import box
from rich.console import Group
from rich.table import Table
from rich.text import Text

from audits import __version__
from audits.document import Finding, LineIndex, SentenceFluency
from audits.errors import UsageError
from audits.reference import SCHEMA
from audits.reference_records import LINES, RECORDS, CompareResult, CorpusScore, Segment
from audits.reports import strict_json
from audits.reports.base import FormatReporter, separated, text_console
from audits.reports.labels import plural, printable
from audits.rule_catalog import all_rules

# ---------------------------------------------------------------- JSON contract


class SegmentPositions:
    """1-based (line, column) of hypothesis offsets. Aligned by line or by record, the
    line is the segment's number, as sacrebleu and the README count it: the text's own
    line ends would also count a lone CR inside a line (sacrebleu splits at \\n only)
    and a record's "hyp" that holds a \\n. Aligned by sentence, the file's lines."""

    def __init__(self, result: CompareResult) -> None:
        self._by_segment = result.alignment.method in (LINES, RECORDS)
        self._segments = {s.index: s for s in result.segments}
        self._index = LineIndex(result.hypothesis)

    def position(self, offset: int, segment: int | None) -> tuple[int, int]:
        if not self._by_segment or segment not in self._segments:
            return self._index.position(offset)
        return segment + 1, offset - self._segments[segment].start + 1


def compare_to_dict(result: CompareResult) -> dict[str, Any]:
    index = SegmentPositions(result)
    by_segment = result.findings_by_segment()
    return {
        "schema": SCHEMA,
        "tool": {"name": "mtaudit", "version": __version__},
        "signature": result.signature,
        "started": result.started,
        "finished": result.finished,
        "inputs": {
            "hypothesis": result.hypothesis_source,
            "references": result.reference_sources,
            # The stderr warnings (a file of two encodings, scored as read; segments
            # TER left out), for a pipeline that keeps only the JSON.
            "warnings": result.all_warnings(),
        },
        "settings": {
            "word_order": result.settings.word_order,
            "lowercase": result.settings.lowercase,
            "tokenize": result.settings.tokenize,
            "ter": result.settings.ter,
            "ter_max_words": result.settings.ter_max_words,
        },
        "alignment": {
            "method": result.alignment.method,
            "description": result.alignment.describe(),
            "hypothesis_units": result.alignment.hypothesis_units,
            "reference_units": result.alignment.reference_units,
            "moves": result.alignment.moves,
            "unaligned_hypothesis": result.alignment.unaligned_hypothesis,
            "unaligned_reference": result.alignment.unaligned_reference,
        },
        "corpus": {c.metric: corpus_to_dict(c) for c in result.corpus},
        "documents": [level.to_dict() for level in result.levels],
        "segments": [
            segment_to_dict(result, s, index, by_segment.get(s.index, [])) for s in result.segments
        ],
        "findings": [finding_to_dict(f, index) for f in result.findings],
        "summary": summary(result),
    }


def corpus_to_dict(c: CorpusScore) -> dict[str, Any]:
    return {
        "name": c.name,
        "score": c.score,
        "signature": c.signature,
        "verbose": c.verbose,
        "formatted": c.formatted,
        "higher_is_better": c.higher_is_better,
        "segments": c.segments,
    }


def segment_to_dict(
    result: CompareResult, s: Segment, index: SegmentPositions, findings: list[Finding]
) -> dict[str, Any]:
    line, column = index.position(s.start, s.index)
    return {
        "index": s.index,
        "id": s.id,
        "doc": s.doc,
        "alignment": s.alignment,
        "aligned": s.aligned,
        "start": s.start,
        "end": s.end,
        "line": line,
        "column": column,
        "hyp": s.hyp,
        "refs": s.refs,
        "ref_spans": [list(span) if span else None for span in s.ref_spans],
        "similarity": s.similarity,
        "chrf": s.chrf,
        "ter": s.ter,
        "bleu": s.bleu,
        "fluency": fluency_to_dict(s.fluency) if s.fluency else None,
        "codes": list(dict.fromkeys(f.code for f in findings)),
        "flags": result.flags(s),
    }


def fluency_to_dict(f: SentenceFluency) -> dict[str, Any]:
    return {
        "score": f.score,
        "slor": f.slor,
        "mean_logprob": f.mean_logprob,
        "perplexity": f.perplexity,
        "percentile": f.percentile,
        "low": f.low,
        "tokens": f.tokens,
    }


def finding_to_dict(f: Finding, index: SegmentPositions) -> dict[str, Any]:
    rule = all_rules().get(f.code)
    line, column = index.position(f.start, f.sentence)
    end_line, end_column = index.position(f.end, f.sentence)
    return {
        "code": f.code,
        "name": rule.name if rule else None,
        "family": f.code[0],
        "severity": str(f.severity),
        "segment": f.sentence,
        "start": f.start,
        "end": f.end,
        "line": line,
        "column": column,
        "end_line": end_line,
        "end_column": end_column,
        "text": f.text,
        "message": f.message,
        "suggestion": f.suggestion,
        "evidence": f.evidence,
    }


def summary(result: CompareResult) -> dict[str, Any]:
    flagged = [s for s in result.segments if result.flags(s)]
    return {
        "segments": len(result.segments),
        "scored": sum(1 for s in result.segments if s.scored),
        "flagged": len(flagged),
        "findings": len(result.findings),
        "by_code": result.by_code(),
        "unaligned": len(result.alignment.unaligned_hypothesis)
        + len(result.alignment.unaligned_reference),
        "ter_skipped": len(result.ter_skipped),
    }


# ---------------------------------------------------------------- reporters


class CompareReporter(FormatReporter[CompareResult]):
    def __init__(self, *, color: bool = False, width: int | None = None, rows: int = 20) -> None:
        super().__init__(color=color, width=width)
        # Sentence rows shown by the terminal report (worst first); 0 shows all.
        self.rows = rows


class CompareJsonReporter(CompareReporter):
    name = "json"
    extension = ".json"
    description = f"the full comparison as JSON (schema {SCHEMA})"

    def render(self, result: CompareResult) -> str:
        return strict_json.dumps(compare_to_dict(result), ensure_ascii=False, indent=2) + "\n"


FLAG_STYLES = {"R701": "bold red", "R702": "bold yellow", "R703": "bold cyan"}


class CompareTerminalReporter(CompareReporter):
    name = "terminal"
    extension = ".txt"
    description = "corpus scores and a worst-first sentence table (rich; honours NO_COLOR)"

    def render(self, result: CompareResult) -> str:
        console, buffer = text_console(self.color, self.width, default_width=120)
        console.print(
            Text(
                printable(f"{result.hypothesis_source}  vs  {', '.join(result.reference_sources)}"),
                style="bold",
            )
        )
        console.print(Text(result.alignment.describe(), style="dim"))
        console.print(corpus_table(result))
        console.print(sentence_table(result, self.rows))
        console.print(summary_line(result, console.width))
        return buffer.getvalue()


def corpus_table(result: CompareResult) -> Table:
    table = Table(box=box.SIMPLE_HEAVY, title="Corpus scores", title_justify="left")
    table.add_column("Metric")
    table.add_column("Score", justify="right")
    table.add_column("Signature", overflow="fold")
    note = result.ter_note()
    for c in result.corpus:
        sig = Text(c.signature, style="dim")
        if c.verbose:
            sig.append(f"\n{c.verbose}", style="dim")
        if c.metric == "ter" and note:
            sig.append(f"\n{note}", style="yellow")
        arrow = "↑" if c.higher_is_better else "↓"
        table.add_row(f"{c.name} {arrow}", f"{c.score:.1f}", sig)
    if note and result.score("ter") is None:
        table.add_row("TER ↓", "—", Text(note, style="yellow"))
    return table


def worst_first(result: CompareResult) -> list[Segment]:
    """Flagged and unaligned segments first, then by sentence chrF, lowest first."""

    def key(s: Segment) -> tuple[int, float, int]:
        return (0 if result.flags(s) else 1, s.chrf if s.chrf is not None else -1.0, s.index)

    return sorted(result.segments, key=key)


def sentence_table(result: CompareResult, rows: int) -> Table:
    ordered = worst_first(result)
    shown = ordered if rows <= 0 else ordered[:rows]
    title = "Sentences, worst first"
    if len(shown) < len(ordered):
        title += f" ({len(shown)} of {len(ordered)}; --rows 0 shows all)"
    table = Table(box=box.SIMPLE_HEAVY, title=title, title_justify="left", show_lines=True)
    records = result.alignment.method == RECORDS
    table.add_column("Record" if records else "Line", justify="right")
    table.add_column("chrF", justify="right")
    table.add_column("TER", justify="right")
    fluency = any(s.fluency is not None for s in result.segments)
    if fluency:
        table.add_column("Fluency", justify="right")
    table.add_column("Flags")
    table.add_column("Hypothesis / reference / findings", overflow="fold", ratio=1)
    by_segment = result.findings_by_segment()
    index = SegmentPositions(result)
    for s in shown:
        findings = by_segment.get(s.index, [])
        # A record's own id, shown as the rest of its text is, never obeyed.
        where = printable(s.id) if records and s.id else str(index.position(s.start, s.index)[0])
        cells: list[Any] = [
            where,
            "-" if s.chrf is None else f"{s.chrf:.1f}",
            "-" if s.ter is None else f"{s.ter:.1f}",
        ]
        if fluency:
            cells.append(_fluency_cell(s.fluency))
        flags = Text()
        for code in result.flags(s):
            flags.append(code + "\n", style=FLAG_STYLES.get(code, "magenta"))
        cells.append(flags)
        cells.append(_texts_cell(result, s, findings))
        table.add_row(*cells)
    return table


def _fluency_cell(f: SentenceFluency | None) -> Text:
    if f is None:
        return Text("-")
    shown = f"{f.percentile:.0f}%" if f.percentile is not None else f"{f.score:.2f}"
    return Text(shown, style="red" if f.low else "")


def _texts_cell(result: CompareResult, s: Segment, findings: list[Finding]) -> Group:
    raw = result.hypothesis[s.start : s.end]
    hyp = Text("hyp ", style="dim")
    # Shown, never obeyed: an ESC sequence in a translation cleared the screen. One
    # character for one, so the finding spans still fit.
    body = Text(printable(raw) if raw else "(nothing: the reference sentence was omitted)")
    for f in findings:
        a, b = f.start - s.start, f.end - s.start
        if 0 <= a < b <= len(raw) and f.code != "R701":
            body.stylize(FLAG_STYLES.get(f.code, "bold"), a, b)
    parts: list[Any] = [hyp + body]
    for k, ref in enumerate(s.refs):
        label = "ref " if len(s.refs) == 1 else f"ref{k + 1} "
        shown = printable(ref) if ref is not None else _missing_reference(s, k)
        parts.append(Text(label, style="dim") + Text(shown, style="dim"))
    for f in findings:
        line = Text("  ")
        line.append(f.code, style=FLAG_STYLES.get(f.code, "bold"))
        line.append(printable(f" {f.message}"))
        if f.suggestion and f.suggestion not in f.message:
            line.append(printable(f"  → {f.suggestion}"), style="green")
        parts.append(line)
    return Group(*parts)


def _missing_reference(s: Segment, k: int) -> str:
    """What stands where a segment has no text for reference ``k``. A JSONL record with
    fewer references than another has no such reference at all: it read "(no
    counterpart in the reference)", as if an alignment had found its sentence missing."""
    if s.alignment == "record":
        if any(r is None for r in s.refs[:k]):
            return "(none)"  # the first absent one says why, once
        given = sum(r is not None for r in s.refs)
        return f"(none: this record has only {given} reference{'s' if given > 1 else ''})"
    return "(no counterpart in the reference)"


def summary_line(result: CompareResult, width: int) -> Text:
    """The totals, a line end between items where the next would not fit (``separated``):
    rich wrapped them at any space, so a narrow terminal ended a line on " ·"."""
    s = summary(result)
    parts = [Text(plural(s["segments"], "segment")), Text(f"{s['scored']} scored")]
    parts.append(
        Text(f"{s['flagged']} flagged", style="bold red" if s["flagged"] else "bold green")
    )
    if s["by_code"]:
        parts.append(Text(" ".join(f"{c}×{n}" for c, n in s["by_code"].items())))
    if s["unaligned"]:
        parts.append(Text(f"{s['unaligned']} unaligned", style="yellow"))
    return separated(parts, width)


COMPARE_REPORTERS: dict[str, type[CompareReporter]] = {
    cls.name: cls for cls in (CompareTerminalReporter, CompareJsonReporter)
}
COMPARE_EXTENSIONS: dict[str, str] = {
    cls.extension: name for name, cls in COMPARE_REPORTERS.items()
}


def get_compare_reporter(name: str, **options: Any) -> CompareReporter:
    try:
        cls = COMPARE_REPORTERS[name]
    except KeyError:
        raise UsageError(
            f"unknown compare report format {name!r}; choose one of {', '.join(COMPARE_REPORTERS)}"
        ) from None
    return cls(**options)
