"""The terminal report: a panel per document and a summary table for many."""

from __future__ import annotations

from collections.abc import Mapping

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from audits.document import DocumentAudit, Finding, LineIndex, RunAudit, Sentence
from audits.reports.base import Reporter, separated, text_console
from audits.reports.fitted_table import WORD_MAX, Column, fitting, table_of
from audits.reports.labels import (
    hidden_by_baseline,
    history_run_label,
    percent,
    plural,
    printable,
    printable_line,
    probability_and_threshold,
    probability_text,
    rule_counts,
    shown_probability,
    source_language_with_confidence,
)
from audits.reports.model import summary
from audits.rule_catalog import all_rules
from audits.rules import Rule
from audits.signature import compact_signature

FAMILY_STYLES = {
    "T": "bold magenta",
    "C": "bold yellow",
    "N": "bold cyan",
    "L": "bold blue",
    "S": "bold red",
    "F": "underline",
    "R": "bold green",
}
SEVERITY_STYLES = {"error": "bold red", "warning": "yellow", "info": "dim"}


class TerminalReporter(Reporter):
    name = "terminal"
    extension = ".txt"
    description = "panels for people reading a terminal (rich; honours NO_COLOR)"

    def render(self, run: RunAudit) -> str:
        console, buffer = text_console(self.color, self.width)
        reopened = run.baseline.reopened if run.baseline is not None else {}
        for audit in run.documents:
            console.print(document_panel(audit, reopened.get(audit.document.id), console.width))
        if len(run.documents) > 1:
            console.print(summary_table(run, console.width))
        for rf in run.run_findings:
            docs = ", ".join(sorted({doc_id for doc_id, _ in rf.places}))
            console.print(
                Text.assemble((f"{rf.code} ", "bold"), printable(f"{rf.message}  [{docs}]"))
            )
        console.print(summary_line(run, console.width))
        if run.baseline is not None:
            console.print(baseline_line(run), style="dim", soft_wrap=True)
        if run.history_run_id is not None:
            label = history_run_label(run.history_run_id, run.history_show_command)
            console.print(Text(label, style="dim"), soft_wrap=True)
        console.print(
            Text(f"signature: {compact_signature(run.signature)}", style="dim"), soft_wrap=True
        )
        return buffer.getvalue()


# What a panel's border takes beside a title or subtitle that fits it: "╭─ " before
# and "─╮" after (rich drops the pad space after the text before cutting the text).
PANEL_FRAME = 5


def in_border(text: Text, width: int | None) -> tuple[Text, bool]:
    """``text`` as a border ``width`` wide shows it, and whether it was cut there: to
    the room less a space, ending in "…" (flush against the corner, "…─╮", the mark read
    as part of the frame). A text that fits is left whole: cut at over 94 cells (at
    100) it lost its last character to a "…" it did not need."""
    if width is None:
        # The console's width is not known here: rich cuts, the mark at least shows.
        return Text(text.plain, style=text.style, overflow="ellipsis"), False
    if text.cell_len <= width - PANEL_FRAME:
        return text, False
    cut = text.copy()
    cut.truncate(max(width - PANEL_FRAME - 1, 1), overflow="ellipsis")
    return cut, True


def document_panel(
    audit: DocumentAudit, reopened: str | None = None, width: int | None = None
) -> Panel:
    """One document; ``reopened``: why a baseline's accepted verdict is judged again.
    A title or source longer than the border of a panel ``width`` wide holds ends in
    "…" there and is written whole as the panel's first lines: rich cut a headline
    of over 95 characters at the report's 100 without a mark, and the whole title
    was nowhere in the report."""
    doc = audit.document
    # Every string from the input goes in as Text: a plain str is read as rich markup,
    # and an id such as "[/x]" (a feed's guid, a JSONL record's id) crashed the report.
    # A line break is a space, as rich makes it in a border: the body's copy of a cut
    # title was split where the border's was joined.
    title_text = printable_line(doc.title or doc.id)
    title, title_cut = in_border(Text(title_text, style="bold"), width)
    source_text = printable_line(doc.source)
    source, source_cut = in_border(Text(source_text), width)
    parts: list[RenderableType] = []
    if title_cut:
        parts.append(Text(title_text, style="bold"))
    if source_cut:
        # A grid, so that a path with no space to break at starts beside "source:"
        # and folds under itself: as one Text it left "source:" alone on its line.
        line = Table.grid(padding=(0, 1))
        line.add_column(no_wrap=True)
        line.add_column(overflow="fold")
        line.add_row(Text("source:", style="dim"), Text(source_text, style="dim"))
        parts.append(line)
    if not audit.ok:
        return Panel(
            Group(*parts, Text(printable(f"error: {audit.error}"), style="bold red")),
            title=title,
            subtitle=source,
            title_align="left",
            border_style="red",
        )
    v = audit.verdict
    if v is not None:
        verdict = Text()
        if v.machine_translated:
            verdict.append("Machine-translated", style="bold red")
        else:
            verdict.append("No sign of machine translation", style="bold green")
        p, t = probability_and_threshold(v.probability, v.threshold)
        verdict.append(f"   P = {p} (threshold {t}")
        if v.false_positive_rate is not None:
            rate = percent(v.false_positive_rate)
            verdict.append(f", {rate} false positives on English originals")
        verdict.append(")")
        if v.translated_probability is not None:
            translated = probability_text(v.translated_probability)
            verdict.append(f"   P(translated at all) = {translated}")
        lang = source_language_with_confidence(
            v.source_lang, v.source_lang_scores, v.source_lang_unnamed, v.source_lang_confidence
        )
        verdict.append(f"   source language: {lang}")
        parts.append(verdict)
        if reopened:
            parts.append(Text(printable(f"Judged again: {reopened}"), style="bold red"))
        if v.reasons:
            why = "Why: " + "; ".join(r.text for r in v.reasons)
            parts.append(Text(printable(why), style="dim"))
    if audit.reused:
        parts.append(
            Text(f"Result {reused_note(audit)}: text and settings unchanged.", style="dim")
        )
    flagged = audit.flagged_sentences()
    loose = [f for f in audit.findings if f.sentence is None]
    if not flagged and not loose:
        parts.append(Text("No findings.", style="green"))
    index = LineIndex(doc.text)
    # Each sentence's findings, gathered once: a pass over every finding for each
    # flagged sentence was 25 million comparisons for a page of 5,000 findings.
    by_sentence: dict[int, list[Finding]] = {}
    for f in audit.findings:
        if f.sentence is not None:
            by_sentence.setdefault(f.sentence, []).append(f)
    for sentence in flagged:
        parts.append(Text(""))
        parts.append(sentence_block(audit, sentence, index, by_sentence[sentence.index]))
    for f in loose:
        # Tied to no sentence (a span in a document without any): shown by its own
        # words, since a panel that left it out said "No findings." beside it.
        parts.append(Text(""))
        line, column = index.position(f.start)
        head = Text(f"{line}:{column} ", style="dim")
        head.append(printable(f.text), style=FAMILY_STYLES.get(f.code[0], "bold"))
        parts.append(Group(head, finding_line(f, all_rules())))
    border = "red" if v and v.machine_translated else "green"
    return Panel(
        Group(*parts), title=title, subtitle=source, title_align="left", border_style=border
    )


def reused_note(audit: DocumentAudit) -> str:
    """``reused from run 3 (2026-05-01T06:00:00+00:00)``: the text was audited before."""
    prior = audit.reused_from
    if prior is None:
        return ""
    run = f" run {prior.run}" if prior.run is not None else " a pruned run"
    when = f" ({prior.audited})" if prior.audited else ""
    return f"reused from{run}{when}"


def sentence_block(
    audit: DocumentAudit, sentence: Sentence, index: LineIndex, findings: list[Finding]
) -> Group:
    """A flagged sentence, its findings highlighted, and a line for each of them (in
    the document's order)."""
    line, column = index.position(sentence.start)
    head = Text(f"{line}:{column} ", style="dim")
    fluency = audit.fluency.get(sentence.index)
    if fluency is not None and fluency.percentile is not None:
        head.append(f"fluency percentile {fluency.percentile:.0f}  ", style="dim")
    body = Text(printable(sentence.text))  # one character for one: the spans still fit
    for f in findings:
        s = max(f.start - sentence.start, 0)
        e = min(f.end - sentence.start, len(sentence.text))
        if e > s:
            body.stylize(FAMILY_STYLES.get(f.code[0], "bold"), s, e)
    lines: list[RenderableType] = [head + body]
    rules = all_rules()
    lines.extend(finding_line(f, rules) for f in findings)
    return Group(*lines)


def finding_line(f: Finding, rules: Mapping[str, Rule]) -> Text:
    """A finding's code, rule name, message and suggestion, indented under its text."""
    rule = rules.get(f.code)
    item = Text("  ")
    item.append(f.code, style=FAMILY_STYLES.get(f.code[0], "bold"))
    item.append(f" {rule.name if rule else ''}", style="dim")
    item.append(printable(f"  {f.message}"), style=SEVERITY_STYLES.get(str(f.severity), ""))
    if f.suggestion and f.suggestion not in f.message:
        item.append(printable(f"  → {f.suggestion}"), style="green")
    return item


# The summary's columns a narrow terminal drops first: each is in the panels above
# (the rules, an error's message, the source language) or in the verdict column.
_DROPPED_FIRST = ("Top rules", "Status", "Source", "Findings")
# The narrowest a document id is folded into: narrower, it is a letter a line.
_DOCUMENT_MIN = WORD_MAX


def summary_table(run: RunAudit, width: int | None = None) -> Table:
    """The documents, most likely machine-translated first. P and the verdict are what
    a reader looks for: on a narrow terminal (40-60 columns) rich shrank every column
    alike and cut them to "0.…" and "V…". They stay whole; the other columns wrap or
    fold, and those ``_DROPPED_FIRST`` go when even that leaves no room."""
    ranked = sorted(
        run.documents,
        key=lambda d: -(d.verdict.probability if d.verdict else -1.0),
    )
    columns = {
        c.header: c
        for c in (
            Column("Document", [], folded_at=_DOCUMENT_MIN),
            Column("Status", []),
            Column("P(MT)", [], "right", no_wrap=True),
            Column("Verdict", [], no_wrap=True),
            Column("Source", []),
            Column("Findings", [], "right"),
            Column("Top rules", []),
        )
    }
    for d in ranked:
        v = d.verdict if d.ok else None
        top = rule_counts(f.code for f in d.findings)[:3]
        row: dict[str, RenderableType] = {
            "Document": Text(printable_line(d.document.id)),
            "Status": Text("reused", style="dim") if d.reused else "ok",
            "P(MT)": shown_probability(v.probability, v.threshold) if v else "",
            "Verdict": Text("MT", style="red")
            if v and v.machine_translated
            else Text("-", style="green"),
            "Source": v.source_lang or "?" if v else "",
            "Findings": str(len(d.findings)),
            "Top rules": " ".join(f"{c}×{n}" for c, n in top),
        }
        if not d.ok:
            row |= {"Status": Text("error", style="red"), "Verdict": "", "Findings": ""}
            row["Top rules"] = Text(printable(d.error or ""), style="red")
        for header, cell in row.items():
            columns[header].cells.append(cell)
    kept = fitting(columns.values(), width, _DROPPED_FIRST)
    if all(c.header != "Status" for c in kept):  # an error still reads as one
        for i, d in enumerate(ranked):
            if not d.ok:
                columns["Verdict"].cells[i] = Text("error", style="red")
    return table_of(kept, width, title="Summary", show_lines=False)


def baseline_line(run: RunAudit) -> Text:
    b = run.baseline
    if b is None:
        return Text("")
    places = sum(len(rf.known_places) for rf in run.run_findings)
    text = Text(
        f"baseline {printable(b.path)}: {b.count('new')} new, {b.count('changed')} changed, "
        f"{b.count('unchanged')} unchanged documents; " + hidden_by_baseline(b.known_count, places)
    )
    if not b.signature_matches:
        text.append(" (the baseline was made with other settings)")
    return text


def summary_line(run: RunAudit, width: int) -> Text:
    # Only what was read counts as audited: an input that could not be read is an
    # error, and "1 document audited · 1 error" for one missing file read as if it
    # had been audited as well.
    n = sum(1 for d in run.documents if d.ok)
    mt = len(run.machine_translated)
    errors = len(run.errors)
    done = "with something new" if run.baseline is not None else "audited"
    # The count every other report's head gives (the JSON summary's): the terminal's
    # alone left it out, and a reader comparing formats had to add up the table.
    found = summary(run)["findings"]
    parts = [
        Text(f"{plural(n, 'document')} {done}"),
        Text(f"{mt} machine-translated", style="bold red" if mt else "bold green"),
        Text(plural(found, "finding")),
        Text(plural(errors, "error"), style="bold red" if errors else ""),
    ]
    reused = sum(1 for d in run.documents if d.reused)
    if reused:
        parts.append(Text(f"{reused} reused from earlier runs (unchanged)", style="dim"))
    return separated(parts, width)
