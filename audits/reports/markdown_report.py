"""The Markdown report, for pull requests and tickets (GitHub-flavoured Markdown).

Input text never becomes markup: ``md_text`` backslash-escapes Markdown's
punctuation, GitHub's ``$`` of LaTeX math and HTML's angle brackets, table cells
also escape ``|`` and fold newlines, and ``@`` gets a zero-width space after it
so an article that says "@everyone" pings nobody (and ``#`` before a digit, so
"#12" links no issue, a bare URL's scheme or ``www``, so it links nowhere, and the
first colon of anything shaped like an emoji code, so ":100:" stays those characters).

The report fits where GitHub puts Markdown: a pull-request comment (or issue) body
takes at most 65,536 characters and a job summary ($GITHUB_STEP_SUMMARY) 1 MiB,
and a longer one is refused whole. A report over ``MAX_BYTES`` (counted in UTF-8
bytes, which no way of counting characters exceeds) shows the documents that
matter most (unreadable, then by P(machine-translated), then by findings) and says
how many more it leaves out; the JSON report has them all.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from audits.document import RunAudit
from audits.history_commands import reported_show_command
from audits.reports.base import Reporter
from audits.reports.labels import (
    hidden_by_baseline,
    language_name,
    plural,
    printable,
    probability_and_threshold,
    probability_text,
    rule_counts,
    shown_probability,
    verdict_language,
    verdict_language_with_confidence,
)
from audits.reports.model import run_to_dict

# The punctuation that can open or close markup inside a line of running text
# (the text is always put after a prefix, so line-start markers need no escape).
# "$" opens GitHub's LaTeX math: a title "$\Huge\color{red}\text{Approved}$" showed
# as huge red words in the pull request (GitHub's docs escape it as "\$").
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~$])")
_NEWLINES = re.compile(r"\s*[\r\n]+\s*")
_AUTOLINK = re.compile(r"([@#])(?=\w)")
# GitHub links a bare "https://...", "ftp://..." or "www...." in text (GFM's extended
# autolinks): a URL quoted in an article or a title was a live link in the pull
# request, where every other piece of article text is inert. A zero-width space
# after the scheme or "www" leaves the words as they read and makes no link.
_BARE_URL = re.compile(r"(?i)(https?|ftp)(?=://)|(www)(?=\.)")
# GitHub shows ":name:" as that emoji wherever it stands in text (after rendering, so a
# backslash escape does not stop it): a title "Rates up :100: percent" showed 💯, and
# ":+1:" a thumbs-up. A zero-width space after the first colon leaves the words. Any
# ":name:" shape gets it, not only GitHub's names ("std::vector::push" too), as "@"
# and "#" do before any word: the list changes, and it is invisible. Read
# on escaped text, where ":flag_us:" is ":flag\_us:". A name has a letter but for
# ":100:", ":1234:" and ":+1:"/":-1:", so a time ("10:21:20+09:00") is left whole.
# (GitHub's names are short: the bound keeps a long word after a colon from costing
# a pass over the rest of the text.)
_EMOJI_CODE = re.compile(r":((?:\\?[\w+\-]){1,60})(?=:)")
_DIGIT_EMOJI = frozenset({"100", "1234", "+1", "-1"})


def _emoji_code(m: re.Match[str]) -> str:
    name = m[1]
    if name in _DIGIT_EMOJI or re.search(r"[^\W\d_]", name):
        return f":&#8203;{name}"
    return m[0]


# Fold at most this many findings into a document's table; the JSON has them all.
MAX_FINDINGS_PER_DOCUMENT = 100
# A GitHub comment body's limit, the smaller of the two places a report is pasted.
MAX_BYTES = 65_536
# The share of MAX_BYTES the run-level findings may take from the documents.
RUN_FINDINGS_SHARE = 4
# The documents a run-level finding names before "and N more".
MAX_PLACES_SHOWN = 10
# A flagged text longer than this (F601 flags a whole sentence, and a page without
# full stops is one) is cut in the table.
MAX_CELL_TEXT = 300


def md_text(value: object) -> str:
    """Text that renders as itself in Markdown (one line, safe in a table cell)."""
    text = _NEWLINES.sub(" ", printable("" if value is None else str(value)))
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    text = text.replace("&", "&amp;")
    text = _AUTOLINK.sub(r"\1&#8203;", text)
    text = _EMOJI_CODE.sub(_emoji_code, text)
    # After the "@" and "#" above, whose pattern would take this "&#8203;" for an issue.
    return _BARE_URL.sub(lambda m: f"{m[0]}&#8203;", text)


def md_code(value: object, *, table: bool = True) -> str:
    """An inline code span that holds any text, including backticks (and pipes in tables)."""
    text = _NEWLINES.sub(" ", printable("" if value is None else str(value)))
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
        entries = report["documents"]
        head, tail = _head(report), _tail(report)
        sections = ["\n".join(_document(e)) + "\n" for e in entries]
        rows = [_overview_row(e) + "\n" for e in entries]
        shown = _fitting(entries, head, tail, sections, rows)
        lines = [*head, *_overview([entries[i] for i in shown])]
        if len(shown) < len(entries):
            rest = len(entries) - len(shown)
            lines += [
                f"**{plural(rest, 'more document')} not shown:** this report keeps under "
                f"{MAX_BYTES:,} bytes, the most GitHub takes in a comment; the JSON report "
                "has every document.",
                "",
            ]
        body = "\n".join(lines) + "\n" + "".join(sections[i] for i in shown)
        return body + "\n".join(tail)


def _fitting(
    entries: list[dict[str, Any]],
    head: list[str],
    tail: list[str],
    sections: list[str],
    rows: list[str],
) -> list[int]:
    """The indexes of the documents shown, in the report's order: all of them, or the
    most important that fit in ``MAX_BYTES`` (each costs its section and overview row)."""
    every = list(range(len(entries)))
    # Room for the parts around the documents, the overview's header, and the line
    # that says how many are left out.
    fixed = _size("\n".join([*head, *_OVERVIEW_HEAD, "", *tail])) + 400
    costs = [_size(sections[i]) + _size(rows[i]) for i in every]
    if fixed + sum(costs) <= MAX_BYTES:
        return every
    shown: list[int] = []
    used = fixed
    for i in sorted(every, key=lambda i: _importance(entries[i])):
        if used + costs[i] > MAX_BYTES:
            break
        used += costs[i]
        shown.append(i)
    return sorted(shown)


def _size(text: str) -> int:
    return len(text.encode("utf-8"))


def _importance(entry: Mapping[str, Any]) -> tuple[bool, float, int]:
    """Unreadable inputs first, then by P(machine-translated), then by findings."""
    v = entry["verdict"] or {}
    return (entry["status"] == "ok", -float(v.get("probability") or 0.0), -len(entry["findings"]))


def _head(report: Mapping[str, Any]) -> list[str]:
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
    if (run_id := report.get("history_run_id")) is not None:
        command = reported_show_command(run_id, report.get("history_show_command"))
        show = md_code(command, table=False)
        lines.append(f"History run {run_id}: {show}")
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
    return lines


def _tail(report: Mapping[str, Any]) -> list[str]:
    """The run-level findings, as many as fit in their share, and the signature."""
    signature = [
        "<details><summary>Run signature</summary>",
        "",
        md_code(report["signature_string"], table=False),
        "",
        "</details>",
        "",
    ]
    items = [_run_finding(rf) for rf in report["run_findings"]]
    if not items:
        return signature
    budget = MAX_BYTES // RUN_FINDINGS_SHARE
    shown = 0
    used = 0
    for item in items:
        used += _size(item) + 1
        if used > budget:
            break
        shown += 1
    lines = ["### Across documents", "", *items[:shown]]
    if shown < len(items):
        lines.append(f"- … and {len(items) - shown} more (see the JSON report)")
    return [*lines, "", *signature]


def _run_finding(rf: Mapping[str, Any]) -> str:
    places = rf["places"]
    docs = ", ".join(md_code(p.get("document"), table=False) for p in places[:MAX_PLACES_SHOWN])
    if len(places) > MAX_PLACES_SHOWN:
        docs += f" and {len(places) - MAX_PLACES_SHOWN} more"
    return f"- **{rf['code']}** {md_text(rf['name'])}: {md_text(rf['message'])} ({docs})"


def _cut(text: str) -> str:
    return text if len(text) <= MAX_CELL_TEXT else text[: MAX_CELL_TEXT - 1] + "…"


_OVERVIEW_HEAD = (
    "| Document | P(MT) | Verdict | Source | Findings | Top rules |",
    "| --- | ---: | --- | --- | ---: | --- |",
)


def _overview(entries: list[dict[str, Any]]) -> list[str]:
    if len(entries) < 2:
        return []
    ranked = sorted(
        entries,
        key=lambda e: (e["verdict"] is None, -(e["verdict"] or {}).get("probability", 0.0)),
    )
    return [*_OVERVIEW_HEAD, *(_overview_row(e) for e in ranked), ""]


def _overview_row(e: Mapping[str, Any]) -> str:
    name = md_text(e["title"] or e["id"])
    if e["status"] != "ok":
        return f"| {name} | | unreadable | | | {md_text(e['error'])} |"
    v = e["verdict"] or {}
    top = rule_counts(f["code"] for f in e["findings"])[:4]
    p = shown_probability(float(v.get("probability") or 0), v.get("threshold"))
    return (
        f"| {name} | {p} | "
        f"{'**MT**' if v.get('machine_translated') else 'no sign'} | "
        f"{md_text(verdict_language(v))} | "
        f"{len(e['findings'])} | "
        f"{' '.join(f'{c}×{n}' for c, n in top)} |"
    )


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
        run = "a pruned run" if prior.get("run") is None else f"run {prior['run']}"
        where.append(f"Reused from {run} ({md_text(prior.get('audited'))})")
    lines += [" · ".join(where), ""]
    if entry["status"] != "ok":
        return [*lines, f"**Could not be audited:** {md_text(entry['error'])}", ""]
    v = entry["verdict"]
    if v:
        head = "**Machine-translated**" if v["machine_translated"] else "**No sign of MT**"
        lang = verdict_language_with_confidence(v)
        translated = v.get("translated_probability")
        p, t = probability_and_threshold(v["probability"], v["threshold"])
        lines.append(
            f"{head} · P = {p} (threshold {t}) · "
            + (
                f"P(translated at all) = {probability_text(translated)} · "
                if translated is not None
                else ""
            )
            + f"source language: {md_text(lang)}"
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
            f"{md_code(_cut(f['text']))} | {why} |"
        )
    if len(findings) > MAX_FINDINGS_PER_DOCUMENT:
        rest = len(findings) - MAX_FINDINGS_PER_DOCUMENT
        lines.append(f"| | | | … and {rest} more (see the JSON report) |")
    return [*lines, ""]
