"""The Markdown report, for pull requests and tickets (GitHub-flavoured Markdown).

Input text never becomes markup: ``md_text`` backslash-escapes Markdown's
punctuation and HTML's angle brackets, table cells also escape ``|`` and fold
newlines, and ``@`` gets a zero-width space after it so an article that says
"@everyone" pings nobody (and ``#`` before a digit, so "#12" links no issue).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from typing import Any

from audits.document import RunAudit
from audits.reports.base import Reporter
from audits.reports.labels import (
    hidden_by_baseline,
    language_name,
    plural,
    probability_and_threshold,
    without_bidi_controls,
)
from audits.reports.model import run_to_dict

# The punctuation that can open or close markup inside a line of running text
# (the text is always put after a prefix, so line-start markers need no escape).
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")
_NEWLINES = re.compile(r"\s*[\r\n]+\s*")
_AUTOLINK = re.compile(r"([@#])(?=\w)")
# Fold at most this many findings into a document's table; the JSON has them all.
MAX_FINDINGS_PER_DOCUMENT = 100


def md_text(value: object) -> str:
    """Text that renders as itself in Markdown (one line, safe in a table cell)."""
    text = _NEWLINES.sub(" ", without_bidi_controls("" if value is None else str(value)))
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    text = text.replace("&", "&amp;")
    return _AUTOLINK.sub(r"\1&#8203;", text)


def md_code(value: object, *, table: bool = True) -> str:
    """An inline code span that holds any text, including backticks (and pipes in tables)."""
    text = _NEWLINES.sub(" ", without_bidi_controls("" if value is None else str(value)))
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    if table:
        # GFM splits table cells on `|` even inside code spans; `\|` keeps it in the cell
        # (and, outside a table, would show its backslash).
        text = text.replace("|", "\\|")
    return f"{fence}{pad}{text}{pad}{fence}"


class MarkdownReporter(Reporter):
    name = "markdown"
    extension = ".md"
    extensions = (".md", ".markdown")
    description = "Markdown for pull requests and tickets (GitHub-flavoured)"

    def render(self, run: RunAudit) -> str:
        report = run_to_dict(run)
        lines = ["## mtaudit report", ""]
        s = report["summary"]
        lines.append(
            f"**{plural(s['documents'], 'document')}** · "
            f"**{s['machine_translated']} machine-translated** · "
            f"{plural(s['errors'], 'unreadable input')} · {plural(s['findings'], 'finding')}"
        )
        if s["source_langs"]:
            langs = ", ".join(f"{language_name(k)} ×{v}" for k, v in s["source_langs"].items())
            lines.append(f"Source languages: {md_text(langs)}")
        lines.append("")
        b = report.get("baseline")
        if b:
            d = b["documents"]
            counts = (
                f"{d['new']} new, {d['changed']} changed, {d['unchanged']} unchanged documents; "
                + hidden_by_baseline(b["known_findings"], b["known_places"])
            )
            lines += [
                f"> Compared with baseline {md_code(b['path'], table=False)}: only what is new "
                f"is shown ({counts})."
                + ("" if b["signature_matches"] else " The baseline used other settings."),
                "",
            ]
        lines += _overview(report["documents"])
        for entry in report["documents"]:
            lines += _document(entry)
        if report["run_findings"]:
            lines += ["### Across documents", ""]
            for rf in report["run_findings"]:
                docs = ", ".join(md_code(p.get("document"), table=False) for p in rf["places"])
                lines.append(
                    f"- **{rf['code']}** {md_text(rf['name'])}: {md_text(rf['message'])} ({docs})"
                )
            lines.append("")
        lines += [
            "<details><summary>Run signature</summary>",
            "",
            md_code(report["signature_string"], table=False),
            "",
            "</details>",
            "",
        ]
        return "\n".join(lines)


def _overview(entries: list[dict[str, Any]]) -> list[str]:
    if len(entries) < 2:
        return []
    lines = [
        "| Document | P(MT) | Verdict | Source | Findings | Top rules |",
        "| --- | ---: | --- | --- | ---: | --- |",
    ]
    ranked = sorted(
        entries,
        key=lambda e: (e["verdict"] is None, -(e["verdict"] or {}).get("probability", 0.0)),
    )
    for e in ranked:
        name = md_text(e["title"] or e["id"])
        if e["status"] != "ok":
            lines.append(f"| {name} | | unreadable | | | {md_text(e['error'])} |")
            continue
        v = e["verdict"] or {}
        top = Counter(f["code"] for f in e["findings"]).most_common(4)
        lines.append(
            f"| {name} | {float(v.get('probability') or 0):.2f} | "
            f"{'**MT**' if v.get('machine_translated') else 'no sign'} | "
            f"{md_text(v.get('source_lang') or '?')} | {len(e['findings'])} | "
            f"{' '.join(f'{c}×{n}' for c, n in top)} |"
        )
    return [*lines, ""]


def _document(entry: Mapping[str, Any]) -> list[str]:
    title = md_text(entry["title"] or entry["id"])
    lines = [f"### {title}", ""]
    where = [f"Source: {md_code(entry['source'], table=False)}"]
    if entry.get("url"):
        where.append(f"URL: {md_code(entry['url'], table=False)}")
    if entry.get("baseline"):
        b = entry["baseline"]
        reopened = f" (verdict judged again: {md_text(b['reopened'])})" if b.get("reopened") else ""
        where.append(f"Baseline: {b['status']}{reopened}")
    if entry.get("reused"):
        prior = entry.get("reused_from") or {}
        where.append(f"Reused from run {prior.get('run')} ({md_text(prior.get('audited'))})")
    lines += [" · ".join(where), ""]
    if entry["status"] != "ok":
        return [*lines, f"**Could not be audited:** {md_text(entry['error'])}", ""]
    v = entry["verdict"]
    if v:
        head = "**Machine-translated**" if v["machine_translated"] else "**No sign of MT**"
        lang = language_name(v.get("source_lang"))
        conf = f", {v['source_lang_confidence']:.0%}" if v.get("source_lang") else ""
        translated = v.get("translated_probability")
        p, t = probability_and_threshold(v["probability"], v["threshold"])
        lines.append(
            f"{head} · P = {p} (threshold {t}) · "
            + (f"P(translated at all) = {translated:.2f} · " if translated is not None else "")
            + f"source language: {md_text(lang)}{conf}"
        )
        if v["reasons"]:
            lines.append("")
            lines.append("Why: " + "; ".join(md_text(r["text"]) for r in v["reasons"]))
        lines.append("")
    findings = entry["findings"]
    if not findings:
        return [*lines, "No findings.", ""]
    lines += [
        "| Line | Rule | Flagged text | What and why |",
        "| ---: | --- | --- | --- |",
    ]
    for f in findings[:MAX_FINDINGS_PER_DOCUMENT]:
        why = md_text(f["message"])
        if f.get("suggestion") and f["suggestion"] not in f["message"]:
            why += f" → *{md_text(f['suggestion'])}*"
        lines.append(
            f"| {f['line']}:{f['column']} | **{f['code']}** {md_text(f['name'])} | "
            f"{md_code(f['text'])} | {why} |"
        )
    if len(findings) > MAX_FINDINGS_PER_DOCUMENT:
        rest = len(findings) - MAX_FINDINGS_PER_DOCUMENT
        lines.append(f"| | | | … and {rest} more (see the JSON report) |")
    return [*lines, ""]
