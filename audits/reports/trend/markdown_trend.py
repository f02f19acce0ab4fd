"""The trend report in Markdown, for tickets and chat; input text is escaped as in audits."""

from __future__ import annotations

from typing import Any

from audits.reports.labels import language_name, plural, source_language
from audits.reports.markdown_report import md_code, md_text
from audits.reports.trend.base import TrendReporter
from audits.reports.trend.terminal_trend import (
    MAX_ROWS,
    left_out,
    no_runs_line,
    period_label,
    periods,
    share,
    short_time,
    shown_p,
    window_line,
    zone_label,
)


class MarkdownTrendReporter(TrendReporter):
    name = "markdown"
    extension = ".md"
    extensions = (".md", ".markdown")
    description = "Markdown tables (GitHub-flavoured)"

    def render(self, trend: dict[str, Any]) -> str:
        s = trend["summary"]
        where = window_line(trend, self.job)
        lines = [
            "## mtaudit trend report",
            "",
            f"{md_text(where)} · history {md_code(trend['history'], table=False)}",
            "",
            f"**{plural(s['documents'], 'document')}** in {plural(s['runs'], 'run')} "
            f"({plural(s['audited'], 'audit')} run, {s['reused']} reused) · "
            f"**{s['machine_translated']} machine-translated "
            f"({share(s['share_machine_translated'])})** · {s['new']} new, {s['changed']} changed"
            f" · {s['newly_flagged']} newly flagged · {plural(s['errors'], 'error')}",
            "",
        ]
        if not trend["runs"]:
            # As the terminal says it: a summary of zeros alone reads as a history of none.
            return "\n".join([*lines, md_text(no_runs_line(self.job)), ""])
        per, days = periods(trend)
        if days:
            lines += [
                f"### By {per} ({md_text(zone_label(trend))})",
                "",
                f"| {per.title()} | Runs | Documents | MT | Share | New | New MT |",
                "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
            ]
            lines += [
                f"| {period_label(d, per)} | {d['runs']} | {d['documents']} | "
                f"{d['machine_translated']} | {share(d['share_machine_translated'])} | "
                f"{d['new']} | {d['new_machine_translated']} |"
                for d in days[-MAX_ROWS:]
            ]
            lines += _left_out(len(days), earlier=True)
        if trend["by_source"]:
            lines += [
                "### By source",
                "",
                "| Source | Kind | Documents | MT | Share | New |",
                "| --- | --- | ---: | ---: | ---: | ---: |",
            ]
            lines += [
                f"| {md_text(g['label'])} | {g['kind']} | {g['documents']} | "
                f"{g['machine_translated']} | {share(g['share_machine_translated'])} | {g['new']} |"
                for g in trend["by_source"][:MAX_ROWS]
            ]
            lines += _left_out(len(trend["by_source"]))
        if trend["newly_flagged"]:
            lines += [
                "### Newly flagged",
                "",
                "| Flagged | Document | P(MT) | Language | Source |",
                "| --- | --- | ---: | --- | --- |",
            ]
            for f in trend["newly_flagged"][-MAX_ROWS:]:
                p = shown_p(f)
                lines.append(
                    f"| {short_time(f['flagged'])} | {md_text(f['title'] or f['id'])} | {p} | "
                    f"{md_text(source_language(f['source_lang']))} | {md_text(f['source_label'])} |"
                )
            lines += _left_out(len(trend["newly_flagged"]), earlier=True)
        if trend["rules"]:
            lines += [
                "### Most frequent rules",
                "",
                "| Rule | Name | Findings | Documents |",
                "| --- | --- | ---: | ---: |",
            ]
            lines += [
                f"| **{r['code']}** | {md_text(r['name'])} | {r['findings']} | {r['documents']} |"
                for r in trend["rules"][:MAX_ROWS]
            ]
            lines += _left_out(len(trend["rules"]))
        if trend["source_langs"]:
            langs = ", ".join(
                f"{language_name(lang['lang'])} ×{lang['documents']}"
                for lang in trend["source_langs"]
            )
            lines += [f"Source languages of machine-translated documents: {md_text(langs)}", ""]
        if trend["scope"] == "new-only" and trend["documents"]:
            lines += [
                "### New or changed since the previous run",
                "",
                "| Document | Appeared | Verdict | P(MT) | Codes |",
                "| --- | --- | --- | ---: | --- |",
            ]
            for d in trend["documents"][:MAX_ROWS]:
                verdict = (
                    "unreadable"
                    if d["status"] != "ok"
                    else "**MT**"
                    if d["machine_translated"]
                    else "no sign"
                )
                p = shown_p(d)
                codes = " ".join(f"{c}×{n}" for c, n in d["by_code"].items())
                lines.append(
                    f"| {md_text(d['title'] or d['id'])} | {d['appearance']} | {verdict} | {p} "
                    f"| {codes} |"
                )
            lines += _left_out(len(trend["documents"]))
        return "\n".join(lines)


def _left_out(total: int, *, earlier: bool = False) -> list[str]:
    """The line that ends a table, and one that says what it left out, if anything."""
    note = left_out(total, MAX_ROWS, earlier=earlier)
    return ["", md_text(note), ""] if note else [""]
