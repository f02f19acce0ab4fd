"""The HTML report: one self-contained page an editor can read offline.

A run overview (documents by P(machine-translated), source languages, rule
counts), then each article with its flagged spans highlighted by family and
explained on hover (a tooltip) or click (a popover, or a jump to the finding
without JavaScript), a per-sentence fluency strip, and the verdict with its
reasons.

Every piece of input (text, titles, URLs, sources, messages) goes through
``esc`` on its way into the page, in text and in attributes alike; links are
made only for http(s) URLs. The page loads nothing: a Content-Security-Policy
forbids every fetch, and the one inline script is allowed by its hash, so
even a slip in escaping could not run injected script.
"""

from __future__ import annotations

import base64
import hashlib
import html
import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlsplit

from audits.document import DocumentAudit, RunAudit
from audits.reports.base import Reporter
from audits.reports.labels import (
    family_name,
    hidden_by_baseline,
    history_run_label,
    html_visible,
    language_name,
    percent,
    plural,
    probability_and_threshold,
    probability_text,
    rule_counts,
    verdict_language_with_confidence,
)
from audits.reports.locations import web_uri
from audits.reports.model import run_to_dict
from audits.reports.span_index import SpanIndex
from audits.rules import FAMILIES
from audits.segment import trim_span


def esc(value: object) -> str:
    """Text for an HTML text node or a quoted attribute value.

    Its line breaks are written as character references (the same characters to a
    browser), so no line of the page starts with input text: a page printed in a CI
    job (``-f html``) had an article's line "::error::..." at the start of a line of
    the log, which GitHub Actions ran as a command."""
    text = html.escape(html_visible("" if value is None else str(value)), quote=True)
    # CRLF and a lone CR become LF, as a parser makes them of the raw characters.
    return _LINE_BREAK.sub("&#10;", text)


_LINE_BREAK = re.compile(r"\r\n?|\n")


def safe_href(url: str | None) -> str | None:
    """The URL when it is a plain web link; ``javascript:`` and the like never become links.

    What a valid URL may not hold (a space, ``"``, ``<``) is percent-encoded: a feed's
    ``https://example.org/a b`` made an ``href`` that the HTML validator refuses and
    that some link checkers and mail clients cut at the space."""
    if not url:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return web_uri(url.strip()) if scheme in ("http", "https") else None


class HtmlReporter(Reporter):
    name = "html"
    extension = ".html"
    extensions = (".html", ".htm")
    description = "one self-contained HTML page: overview, highlighted articles, fluency strips"

    def render(self, run: RunAudit) -> str:
        report = run_to_dict(run)
        entries = report["documents"]
        body = [
            _header(report),
            _cards(report),
            _baseline_notice(report),
            _overview(entries),
            _rule_table(report, entries),
            _run_findings(report),
        ]
        # Entries and audits are in the same order (ids need not be unique).
        pairs = zip(entries, run.documents, strict=True)
        for number, (entry, audit) in enumerate(pairs, start=1):
            body.append(_document(entry, audit, f"doc-{number}"))
        body.append(_footer(report))
        script_hash = base64.b64encode(hashlib.sha256(SCRIPT.encode()).digest()).decode()
        csp = (
            "default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
            f"script-src 'sha256-{script_hash}'; base-uri 'none'; form-action 'none'"
        )
        n = len(entries)
        title = f"mtaudit report: {plural(n, 'document')}"
        return (
            "<!DOCTYPE html>\n"
            '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<meta http-equiv="Content-Security-Policy" content="{esc(csp)}">\n'
            '<meta name="referrer" content="no-referrer">\n'
            f'<meta name="generator" content="mtaudit {esc(report["tool"]["version"])}">\n'
            f"<title>{esc(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
            + "\n".join(part for part in body if part)
            + '\n<div id="pop" class="pop" role="dialog" aria-live="polite" hidden></div>\n'
            f"<script>{SCRIPT}</script>\n</body>\n</html>\n"
        )


# --- page parts --------------------------------------------------------------


def _header(report: Mapping[str, Any]) -> str:
    started = report.get("started") or ""
    recorded = report.get("history_run_id")
    label = (
        history_run_label(recorded, report.get("history_show_command"))
        if recorded is not None
        else ""
    )
    run = f"{esc(label)} · " if recorded is not None else ""
    return (
        '<header class="top"><div class="wrap">'
        '<div class="brand">mtaudit</div>'
        "<h1>Machine-translation audit</h1>"
        f'<p class="sub">{esc(started)}{" · " if started else ""}{run}'
        f"mtaudit {esc(report['tool']['version'])} · "
        f'<code class="sig" title="run signature">{esc(report["signature_string"])}</code></p>'
        '</div></header>\n<main class="wrap">'
    )


def _cards(report: Mapping[str, Any]) -> str:
    s = report["summary"]
    langs = ", ".join(f"{language_name(k)} ×{v}" for k, v in s["source_langs"].items()) or "none"
    cards = [
        ("Documents", s["documents"], ""),
        ("Machine-translated", s["machine_translated"], "bad" if s["machine_translated"] else ""),
        ("Findings", s["findings"], ""),
        ("Unreadable", s["errors"], "bad" if s["errors"] else ""),
    ]
    items = "".join(
        f'<div class="card {cls}"><div class="num">{esc(value)}</div>'
        f'<div class="lbl">{esc(label)}</div></div>'
        for label, value, cls in cards
    )
    return (
        f'<section class="cards" aria-label="summary">{items}</section>'
        f'<p class="langs">Source languages of machine-translated documents: {esc(langs)}</p>'
    )


def _baseline_notice(report: Mapping[str, Any]) -> str:
    b = report.get("baseline")
    if not b:
        return ""
    d = b["documents"]
    warn = (
        " The baseline was made with other settings, so some differences may come from them."
        if not b["signature_matches"]
        else ""
    )
    return (
        '<p class="notice">Compared with the baseline '
        f"<code>{esc(b['path'])}</code>: showing only what is new. "
        f"{esc(d['new'])} new, {esc(d['changed'])} changed and {esc(d['unchanged'])} unchanged "
        f"documents; {esc(hidden_by_baseline(b['known_findings'], b['known_places']))}."
        f"{esc(warn)}</p>"
    )


def _ranked(entries: list[dict[str, Any]]) -> list[tuple[int, dict[str, Any]]]:
    numbered = list(enumerate(entries, start=1))
    return sorted(
        numbered,
        key=lambda ne: (
            ne[1]["verdict"] is None,
            -(ne[1]["verdict"] or {}).get("probability", 0.0),
            str(ne[1]["id"]),
        ),
    )


def _overview(entries: list[dict[str, Any]]) -> str:
    if not entries:
        return (
            '<section id="overview"><h2>Documents</h2><p class="muted">No documents.</p></section>'
        )
    rows = []
    for number, e in _ranked(entries):
        anchor = f"#doc-{number}"
        name = f'<a href="{anchor}"><bdi>{esc(e["title"] or e["id"])}</bdi></a>'
        sub = f'<div class="muted small"><bdi>{esc(e["id"])}</bdi></div>' if e["title"] else ""
        if e["status"] != "ok":
            rows.append(
                f'<tr class="err"><td>{name}{sub}</td><td colspan="4">'
                f'<span class="badge err">unreadable</span> {esc(e["error"])}</td></tr>'
            )
            continue
        v = e["verdict"] or {}
        p = float(v.get("probability") or 0.0)
        chips = " ".join(
            f'<span class="chip fam-{esc(code[:1])}" title="{esc(family_name(code))}">'
            f"{esc(code)}<small>×{n}</small></span>"
            for code, n in rule_counts(f["code"] for f in e["findings"])
        )
        badge = (
            '<span class="badge mt">MT</span>'
            if v.get("machine_translated")
            else '<span class="badge ok">no sign</span>'
        )
        lang = verdict_language_with_confidence(v)
        rows.append(
            f"<tr><td>{name}{sub}</td>"
            f'<td class="num">{_prob_bar(p, v.get("threshold"))}</td>'
            f"<td>{badge}</td><td>{esc(lang)}</td>"
            f'<td class="chips">{chips or "<span class=muted>none</span>"}</td></tr>'
        )
    return (
        '<section id="overview"><h2>Documents <span class="muted small">'
        "by P(machine-translated)</span></h2>"
        '<table class="overview"><thead><tr><th scope="col">Document</th>'
        '<th scope="col">P(MT)</th><th scope="col">Verdict</th>'
        '<th scope="col">Source language</th><th scope="col">Findings</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></section>"
    )


def _prob_bar(p: float, threshold: object) -> str:
    pct = max(0.0, min(p, 1.0)) * 100
    shown, t = probability_text(p), ""
    if isinstance(threshold, int | float):
        shown, limit = probability_and_threshold(p, float(threshold))
        t = f" (threshold {limit})"
    cls = "hi" if p >= 0.5 else "lo"
    return (
        f'<span class="prob" title="P(machine-translated) = {shown}{esc(t)}">'
        f'<span class="bar"><span class="fill {cls}" style="width:{pct:.0f}%"></span></span>'
        f"{shown}</span>"
    )


def _rule_table(report: Mapping[str, Any], entries: list[dict[str, Any]]) -> str:
    by_code = report["summary"]["by_code"]
    if not by_code:
        return ""
    names: dict[str, str] = {}
    docs: Counter[str] = Counter()
    for e in entries:
        for f in e["findings"]:
            names.setdefault(f["code"], f["name"])
        docs.update({f["code"] for f in e["findings"]})
    for rf in report["run_findings"]:
        names.setdefault(rf["code"], rf["name"])
        docs[rf["code"]] += len({p.get("document") for p in rf["places"]})
    rows = "".join(
        f'<tr><td><span class="chip fam-{esc(code[:1])}">{esc(code)}</span></td>'
        f"<td>{esc(names.get(code, code))}</td><td>{esc(family_name(code))}</td>"
        f'<td class="num">{esc(n)}</td><td class="num">{esc(docs.get(code, 0))}</td></tr>'
        for code, n in sorted(by_code.items(), key=lambda kv: (-kv[1], kv[0]))
    )
    return (
        '<section id="rules"><h2>Rules that fired</h2><table class="rules"><thead><tr>'
        '<th scope="col">Code</th><th scope="col">Rule</th><th scope="col">Family</th>'
        '<th scope="col">Findings</th><th scope="col">Documents</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>{_legend()}</section>"
    )


def _legend() -> str:
    items = "".join(
        f'<span class="chip fam-{esc(k)}">{esc(k)}</span> {esc(v)}' for k, v in FAMILIES.items()
    )
    return f'<p class="legend">{items}</p>'


def _run_findings(report: Mapping[str, Any]) -> str:
    if not report["run_findings"]:
        return ""
    items = []
    for rf in report["run_findings"]:
        places = ", ".join(
            f"<bdi>{esc(p.get('document'))}</bdi> ({esc(p['line'])}:{esc(p['column'])} "
            f"“{esc(p['text'])}”)"
            for p in rf["places"]
        )
        items.append(
            f'<li><span class="chip fam-{esc(rf["code"][:1])}">{esc(rf["code"])}</span> '
            f"<b>{esc(rf['name'])}</b>: {esc(rf['message'])}"
            f'<div class="muted small">{places}</div></li>'
        )
    return (
        '<section id="run-findings"><h2>Across documents</h2>'
        f'<ul class="runf">{"".join(items)}</ul></section>'
    )


def _outlet(meta: dict[str, Any]) -> str | None:
    """The outlet a document comes from: the one its page names itself by, else the
    one its feed item names."""
    named = meta.get("site_name") or meta.get("source_title")
    return named if isinstance(named, str) else None


def _document(entry: dict[str, Any], audit: DocumentAudit | None, anchor: str) -> str:
    title = entry["title"] or entry["id"]
    meta = [f"<span>source <code><bdi>{esc(entry['source'])}</bdi></code></span>"]
    href = safe_href(entry.get("url"))
    if href:
        meta.append(
            f'<a href="{esc(href)}" rel="noopener noreferrer nofollow" target="_blank">'
            f"<bdi>{esc(entry['url'])}</bdi></a>"
        )
    elif entry.get("url"):
        meta.append(f"<span><bdi>{esc(entry['url'])}</bdi></span>")
    for key in ("published", "author"):
        if entry.get(key):
            meta.append(f"<span>{esc(key)} <bdi>{esc(entry[key])}</bdi></span>")
    if outlet := _outlet(entry.get("meta") or {}):
        meta.append(f"<span>site <bdi>{esc(outlet)}</bdi></span>")
    if entry.get("reused"):
        prior = entry.get("reused_from") or {}
        run = "a pruned run" if prior.get("run") is None else f"run {esc(prior['run'])}"
        meta.append(
            '<span class="badge reused" title="audited before with the same text and settings">'
            f"reused</span> from {run} ({esc(prior.get('audited'))})"
        )
    if entry.get("baseline"):
        b = entry["baseline"]
        meta.append(
            f'<span class="badge new">{esc(b["status"])}</span>'
            + (f" {esc(b['known_findings'])} known findings hidden" if b["known_findings"] else "")
            + (f" · verdict judged again: {esc(b['reopened'])}" if b.get("reopened") else "")
        )
    head = (
        f'<header class="doc-head"><h2 id="{anchor}-title"><bdi>{esc(title)}</bdi></h2>'
        f'<p class="doc-meta">{" · ".join(meta)}</p></header>'
    )
    if entry["status"] != "ok":
        return (
            f'<section class="doc err" id="{anchor}" aria-labelledby="{anchor}-title">{head}'
            f'<p class="error">Could not be audited: {esc(entry["error"])}</p></section>'
        )
    v = entry["verdict"]
    cls = "mt" if v and v["machine_translated"] else "ok"
    parts = [
        head,
        _verdict(v),
        _fluency_strip(entry, anchor),
        _article(entry, audit, anchor),
        _findings_table(entry, anchor),
    ]
    return (
        f'<section class="doc {cls}" id="{anchor}" aria-labelledby="{anchor}-title">'
        + "".join(parts)
        + "</section>"
    )


def _verdict(v: Mapping[str, Any] | None) -> str:
    if v is None:
        return ""
    if v["machine_translated"]:
        badge = '<span class="badge mt big">Machine-translated</span>'
    else:
        badge = '<span class="badge ok big">No sign of machine translation</span>'
    fpr = v.get("false_positive_rate")
    fpr_text = f", {percent(fpr)} false positives on English originals" if fpr is not None else ""
    lang = verdict_language_with_confidence(v)
    reasons = "".join(
        f'<li>{esc(r["text"])} <span class="w">{r["weight"]:.2f}</span></li>' for r in v["reasons"]
    )
    lang_reasons = "".join(f"<li>{esc(r['text'])}</li>" for r in v.get("source_lang_reasons") or [])
    return (
        f'<div class="verdict"><div class="vrow">{badge}'
        f"{_prob_bar(float(v['probability']), v['threshold'])}"
        f'<span class="muted small">threshold '
        f"{probability_and_threshold(v['probability'], v['threshold'])[1]}{esc(fpr_text)} · "
        f"method {esc(v['method'])}</span></div>"
        f'<div class="vrow"><span>Source language: <b>{esc(lang)}</b></span>'
        + (
            f'<span class="muted small"> · P(translated at all, by machine or person) '
            f"{probability_text(float(v['translated_probability']))}</span>"
            if v.get("translated_probability") is not None
            else ""
        )
        + "</div>"
        + (f'<div class="reasons"><h3>Why</h3><ul>{reasons}</ul></div>' if reasons else "")
        + (
            f'<div class="reasons"><h3>Why this language</h3><ul>{lang_reasons}</ul></div>'
            if lang_reasons
            else ""
        )
        + "</div>"
    )


def _fluency_class(fluency: Mapping[str, Any] | None) -> tuple[str, str]:
    """A colour bucket and words for one sentence's fluency (None: not scored)."""
    if not fluency:
        return "fn", "fluency not scored"
    percentile = fluency.get("percentile")
    if percentile is None:
        score = fluency.get("score")
        words = "fluency score " + (f"{score:.2f}" if isinstance(score, int | float) else "?")
        return ("f0" if fluency.get("low") else "fs"), words + (
            " (low)" if fluency.get("low") else ""
        )
    p = float(percentile)
    bucket = "f0" if fluency.get("low") or p < 5 else "f1" if p < 15 else "f2" if p < 35 else "f3"
    if p >= 65 and bucket == "f3":
        bucket = "f4"
    low = " (low)" if fluency.get("low") else ""
    return bucket, f"fluency percentile {p:.0f}{low}"


def _fluency_strip(entry: Mapping[str, Any], anchor: str) -> str:
    sentences = entry["sentences"]
    if not sentences:
        return ""
    scored = any(s.get("fluency") for s in sentences)
    cells = []
    for s in sentences:
        bucket, words = _fluency_class(s.get("fluency"))
        flagged = " flagged" if s["flagged"] else ""
        codes = f" · {', '.join(s['codes'])}" if s["codes"] else ""
        label = f"Sentence {s['index'] + 1}, line {s['line']}: {words}{codes}"
        cells.append(
            f'<a class="cell {bucket}{flagged}" href="#{anchor}-s{s["index"]}" '
            f'title="{esc(label)}" aria-label="{esc(label)}"></a>'
        )
    if scored:
        legend = (
            '<span class="key"><i class="cell f0"></i>lowest 5%</span>'
            '<span class="key"><i class="cell f1"></i>5–15%</span>'
            '<span class="key"><i class="cell f2"></i>15–35%</span>'
            '<span class="key"><i class="cell f3"></i>35–65%</span>'
            '<span class="key"><i class="cell f4"></i>above 65%</span>'
        )
        caption = "percentile among original English sentences"
    else:
        legend = '<span class="key"><i class="cell fn"></i>not scored</span>'
        caption = "not scored: the language model was off for this run"
    legend += '<span class="key"><i class="cell fn flagged"></i>has findings</span>'
    return (
        f'<div class="strip"><h3>Sentence fluency <span class="muted small">{esc(caption)}'
        f'</span></h3><div class="cells">{"".join(cells)}</div>'
        f'<div class="legend small">{legend}</div></div>'
    )


def _article(entry: Mapping[str, Any], audit: DocumentAudit | None, anchor: str) -> str:
    """The whole text, paragraph by paragraph, each sentence an anchor, findings
    highlighted. Text between sentences is shown too: only the sentences' own text
    was, so a heading, a bullet or a fragment that no sentence held was left out of
    the page without a word (and a finding in it was highlighted nowhere)."""
    sentences = entry["sentences"]
    findings = _Marks(entry["findings"])
    # Without the audit, the sentences at their offsets, with spaces between them.
    text = audit.document.text if audit is not None else _spaced(sentences)
    out: list[str] = []
    pieces: list[str] = []
    # Whether every sentence of the paragraph so far is right to left: dir="rtl" on
    # each sentence's span alone left the paragraph laid out left to right, its first
    # sentence at the left edge and the sentences ordered as an English reader's.
    rtl = True
    paragraph: int | None = None
    pos = 0
    for s in sentences:
        if paragraph is not None and s["paragraph"] == paragraph:
            gap = text[pos : s["start"]]
            # White space alone (nearly every gap) holds no finding worth a search.
            pieces.append(_highlight(gap, pos, findings, anchor) if gap.strip() else esc(gap))
        else:
            if pieces:
                out.append(_paragraph(pieces, _RTL if rtl else ""))
            out.extend(_loose(text, pos, s["start"], findings, anchor))
            pieces, paragraph, rtl = [], s["paragraph"], True
        inner = _highlight(s["text"], s["start"], findings, anchor)
        bucket, words = _fluency_class(s.get("fluency"))
        flu = f' data-fluency="{esc(words)}"' if s.get("fluency") else ""
        cls = "sent flagged" if s["flagged"] else "sent"
        if bucket in ("f0", "f1") and s.get("fluency"):
            cls += " disfluent"
        direction = _direction(s["text"])
        rtl = rtl and bool(direction)
        pieces.append(
            f'<span class="{cls}" id="{anchor}-s{s["index"]}"{flu}{direction}>{inner}</span>'
        )
        pos = s["end"]
    if pieces:
        out.append(_paragraph(pieces, _RTL if rtl else ""))
    out.extend(_loose(text, pos, len(text), findings, anchor))
    return f'<article class="text" lang="en">{"".join(out)}</article>'


def _paragraph(pieces: list[str], direction: str = "") -> str:
    return f'<p class="para"{direction}>{"".join(pieces)}</p>'


def _direction(text: str) -> str:
    """`` dir="rtl"`` for text mostly in a right-to-left script (an untranslated
    Arabic or Hebrew sentence), else nothing: in the article's left-to-right flow,
    such a sentence's final stop stood at its beginning as a reader of it sees it.
    The majority of its letters decides, not the first (as ``dir="auto"`` would):
    "مرحبا بكم said the minister." is an English sentence, which right to left
    would put the stop at the far left and the English before the Arabic."""
    rtl = ltr = 0
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            rtl += 1
        elif kind == "L":
            ltr += 1
    return _RTL if rtl > ltr else ""


_RTL = ' dir="rtl"'


# A blank line (only white space between two line ends): where a paragraph ends.
_PARAGRAPH_BREAK = re.compile(r"(?:\r\n?|\n)[^\S\r\n]*(?:\r\n?|\n)")
# A stretch of text holding no paragraph break.
_PARAGRAPH = re.compile(r"(?:(?!" + _PARAGRAPH_BREAK.pattern + r")[\s\S])+")


def _loose(text: str, start: int, end: int, findings: _Marks, anchor: str) -> list[str]:
    """The text from ``start`` to ``end`` that no sentence holds, a paragraph for each
    stretch of it between blank lines that is not blank."""
    out = []
    for m in _PARAGRAPH.finditer(text[start:end]):
        a, b = trim_span(text, start + m.start(), start + m.end())
        if a < b:
            piece = text[a:b]
            out.append(_paragraph([_highlight(piece, a, findings, anchor)], _direction(piece)))
    return out


def _spaced(sentences: list[Mapping[str, Any]]) -> str:
    chars = [" "] * max((s["end"] for s in sentences), default=0)
    for s in sentences:
        chars[s["start"] : s["end"]] = s["text"]
    return "".join(chars)


class _Marks:
    """A document's findings, each with its number in the findings table, found by
    the stretch of text they overlap."""

    def __init__(self, findings: list[Mapping[str, Any]]) -> None:
        self._findings = findings
        self._index = SpanIndex([(f["start"], f["end"]) for f in findings])

    def over(self, start: int, end: int) -> list[tuple[int, Mapping[str, Any]]]:
        """Those overlapping ``start`` to ``end``, in the table's order."""
        return [(n, self._findings[n]) for n in self._index.overlapping(start, end)]


def _highlight(sentence: str, base: int, findings: _Marks, anchor: str) -> str:
    """``sentence`` (starting at ``base``) with every finding span wrapped in a link."""
    end = base + len(sentence)
    hits = findings.over(base, end)
    if not hits:
        return esc(sentence)
    cuts = {base, end}
    for _, f in hits:
        cuts.add(max(f["start"], base))
        cuts.add(min(f["end"], end))
    points = sorted(cuts)
    out = []
    for a, b in itertools.pairwise(points):
        piece = sentence[a - base : b - base]
        over = [(n, f) for n, f in hits if f["start"] < b and f["end"] > a]
        if not over:
            out.append(esc(piece))
            continue
        n0, first = over[0]
        family = first["code"][:1]
        ids = " ".join(f"{anchor}-f{n}" for n, _ in over)
        tip = "\n".join(f"{f['code']} {f['name']}: {f['message']}" for _, f in over)
        multi = " multi" if len(over) > 1 else ""
        out.append(
            f'<a class="hl fam-{esc(family)}{multi}" href="#{anchor}-f{n0}" '
            f'data-f="{esc(ids)}" title="{esc(tip)}">{esc(piece)}</a>'
        )
    return "".join(out)


def _findings_table(entry: Mapping[str, Any], anchor: str) -> str:
    findings = entry["findings"]
    if not findings:
        return '<p class="none">No findings.</p>'
    rows = []
    for n, f in enumerate(findings):
        where = f"{esc(f['line'])}:{esc(f['column'])}"
        if f["sentence"] is not None:
            where = f'<a href="#{anchor}-s{f["sentence"]}">{where}</a>'
        rows.append(
            f'<tr id="{anchor}-f{n}" class="sev-{esc(f["severity"])}">'
            f'<td class="where">{where}</td><td>{_explanation(f)}</td></tr>'
        )
    return (
        f'<details class="findings" open><summary>{esc(plural(len(findings), "finding"))}'
        '</summary><table><thead><tr><th scope="col">Line:col</th>'
        f'<th scope="col">What and why</th></tr></thead><tbody>{"".join(rows)}</tbody>'
        "</table></details>"
    )


def _explanation(f: Mapping[str, Any]) -> str:
    """One finding in words; the popover shows a copy of this."""
    lang = f" · points to {esc(language_name(f['source_lang']))}" if f.get("source_lang") else ""
    # A suggestion of white space alone (a speech dash's " ": the dash goes, a space
    # stays) showed as "natural English: “ ”", quotes round nothing; its message says
    # what English writes, and the other reports leave it out too.
    suggestion = (
        f'<div class="sugg">natural English: <q>{esc(f["suggestion"])}</q></div>'
        if (f.get("suggestion") or "").strip()
        else ""
    )
    return (
        '<div class="fx"><div class="fx-head">'
        f'<span class="chip fam-{esc(f["code"][:1])}">{esc(f["code"])}</span> '
        f"<b>{esc(f['name'])}</b> "
        f'<span class="muted small">{esc(f["severity"])}{lang}</span></div>'
        f'<div class="span"><bdi class="quote fam-{esc(f["code"][:1])}">{esc(f["text"])}</bdi>'
        "</div>"
        f'<div class="msg">{esc(f["message"])}</div>{suggestion}</div>'
    )


def _footer(report: Mapping[str, Any]) -> str:
    rows = "".join(
        f"<tr><th scope='row'>{esc(k)}</th><td><code>{esc(v)}</code></td></tr>"
        for k, v in _flatten(report.get("signature") or {})
    )
    return (
        '</main><footer class="wrap foot"><details><summary>Run signature '
        f'<code class="sig">{esc(report["signature_string"])}</code></summary>'
        f'<table class="sigt">{rows}</table></details>'
        f'<p class="muted small">Started {esc(report.get("started"))} · finished '
        f"{esc(report.get('finished'))} · schema {esc(report['schema'])}</p></footer>"
    )


def _flatten(value: Mapping[str, Any], prefix: str = "") -> Iterable[tuple[str, object]]:
    for key, item in value.items():
        name = f"{prefix}{key}"
        if isinstance(item, Mapping) and item:
            yield from _flatten(item, name + ".")
        else:
            yield name, item


# --- assets (inline: the page loads nothing) ---------------------------------

STYLE = """
:root{--bg:#f6f7f9;--panel:#fff;--ink:#1d2330;--muted:#667085;--line:#e3e6eb;
--accent:#2f5bd3;--bad:#c8322b;--good:#1f8a4c;
--T:#8e44ad;--T-bg:#f3e8fa;--C:#b7791f;--C-bg:#fdf1d8;--N:#0e7c86;--N-bg:#dcf3f4;
--L:#2f5bd3;--L-bg:#e3ebfd;--S:#c8322b;--S-bg:#fde4e2;--F:#5b5f97;--F-bg:#ebebf7;
--R:#1f8a4c;--R-bg:#dff3e7}
@media (prefers-color-scheme:dark){:root{--bg:#14171c;--panel:#1c2027;--ink:#e6e8eb;
--muted:#9aa3b2;--line:#2d333d;--T-bg:#3a2746;--C-bg:#3e3219;--N-bg:#173a3d;--L-bg:#1f2b4a;
--S-bg:#47201e;--F-bg:#2b2c45;--R-bg:#1b3a28}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);
font:15px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
.wrap{max-width:1120px;margin:0 auto;padding:0 24px}
code{font:12.5px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
a{color:var(--accent)}
.top{background:#1d2330;color:#fff;padding:22px 0 18px;margin-bottom:22px}
.top .brand{font-weight:700;letter-spacing:.08em;text-transform:uppercase;font-size:12px;
opacity:.7}
.top h1{margin:2px 0 4px;font-size:24px;font-weight:650}
.top .sub{margin:0;opacity:.8;font-size:13px}
.top .sig{color:#cfd6e4;word-break:break-all}
h2{font-size:19px;margin:28px 0 10px}
h3{font-size:13px;text-transform:uppercase;letter-spacing:.05em;color:var(--muted);
margin:14px 0 6px}
.muted{color:var(--muted)}.small{font-size:12.5px;font-weight:400;text-transform:none;
letter-spacing:0}
.cards{display:grid;grid-template-columns:repeat(4,1fr);gap:12px}
.card{background:var(--panel);border:1px solid var(--line);border-radius:10px;padding:12px 16px}
.card .num{font-size:28px;font-weight:700}.card .lbl{color:var(--muted);font-size:13px}
.card.bad .num{color:var(--bad)}
.langs{color:var(--muted);font-size:13px;margin:8px 2px}
.notice{background:#fff8e1;border:1px solid #f0d68a;color:#5c4600;border-radius:8px;
padding:10px 14px}
table{border-collapse:collapse;width:100%;background:var(--panel);border:1px solid var(--line);
border-radius:10px;overflow:hidden}
th,td{text-align:left;padding:8px 12px;border-bottom:1px solid var(--line);vertical-align:top}
thead th{font-size:12px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);
background:var(--bg)}
tbody tr:last-child td{border-bottom:0}
td.num{white-space:nowrap;font-variant-numeric:tabular-nums}
.overview td:first-child a{font-weight:600;text-decoration:none}
.prob{display:inline-flex;align-items:center;gap:8px;font-variant-numeric:tabular-nums}
.bar{display:inline-block;width:80px;height:8px;border-radius:4px;background:var(--line);
overflow:hidden}.fill{display:block;height:100%}.fill.hi{background:var(--bad)}
.fill.lo{background:var(--good)}
.badge{display:inline-block;border-radius:999px;padding:1px 9px;font-size:12px;font-weight:600}
.badge.mt{background:var(--S-bg);color:var(--bad)}.badge.ok{background:var(--R-bg);
color:var(--good)}.badge.err{background:var(--S-bg);color:var(--bad)}
.badge.new{background:var(--L-bg);color:var(--L)}
.badge.reused{background:var(--line);color:var(--muted)}
.badge.big{font-size:14px;padding:3px 12px}
.chip{display:inline-block;border-radius:5px;padding:0 6px;margin:1px 2px 1px 0;
font:600 12px/1.6 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.chip small{font-weight:400;opacity:.8;margin-left:1px}
.legend{color:var(--muted);font-size:12.5px;display:flex;flex-wrap:wrap;gap:4px 14px;
align-items:center}
.doc{background:var(--panel);border:1px solid var(--line);border-left:5px solid var(--good);
border-radius:10px;padding:4px 22px 18px;margin:26px 0}
.doc.mt{border-left-color:var(--bad)}.doc.err{border-left-color:var(--muted)}
.doc-head h2{margin:16px 0 2px;font-size:21px}
.doc-meta{color:var(--muted);font-size:13px;margin:0 0 12px;display:flex;flex-wrap:wrap;
gap:2px 6px;word-break:break-all}
.verdict{background:var(--bg);border-radius:8px;padding:10px 14px;margin:6px 0 12px}
.vrow{display:flex;flex-wrap:wrap;gap:6px 14px;align-items:center;margin:3px 0}
.reasons ul{margin:0;padding-left:18px}.reasons li{margin:1px 0}
.w{color:var(--muted);font-size:12px;font-variant-numeric:tabular-nums}
.strip .cells{display:flex;flex-wrap:wrap;gap:2px;margin:4px 0}
.cell{display:inline-block;width:14px;height:22px;border-radius:3px;background:#c9ced6;
position:relative}
i.cell{width:12px;height:12px;vertical-align:-2px;margin-right:4px}
.cell.f0{background:#d83b2f}.cell.f1{background:#f08a24}.cell.f2{background:#f2c94c}
.cell.f3{background:#9ccc65}.cell.f4{background:#3a9d5d}.cell.fs{background:#8fa7c9}
.cell.fn{background:#d3d7de}
.cell.flagged::after{content:"";position:absolute;left:3px;right:3px;bottom:-5px;height:3px;
border-radius:2px;background:var(--ink)}
.strip .legend{margin-top:8px}.key{display:inline-flex;align-items:center}
.text{margin:14px 0 8px;font-size:16px;line-height:1.75;max-width:78ch}
.para{white-space:pre-wrap;margin:0 0 .9em}
.sent{border-radius:3px}
.sent:target{background:#fff3b0;outline:2px solid #f2c94c}
.sent.disfluent{text-decoration:underline wavy #d83b2f55;text-underline-offset:4px}
.hl{color:inherit;text-decoration:none;border-radius:3px;padding:1px 0;cursor:pointer;
border-bottom:2px solid}
.hl.multi{border-bottom-style:double;border-bottom-width:3px}
.hl:hover,.hl:focus{filter:brightness(.93);outline:none;box-shadow:0 0 0 2px var(--accent)}
details.findings>summary{cursor:pointer;font-weight:600;margin:12px 0 8px}
.findings td.where{white-space:nowrap;font-variant-numeric:tabular-nums;width:80px}
.findings tr:target,.findings tr.on{background:#fff8d6}
.fx-head{margin-bottom:2px}.fx .span{margin:3px 0}
.quote{border-radius:3px;padding:0 3px;border-bottom:2px solid;white-space:pre-wrap}
.text,.quote,.doc-head h2,.overview td:first-child,.fx .msg,.runf,.error{overflow-wrap:anywhere}

.fx .msg{margin:2px 0}.sugg{color:var(--good)}
.sev-error .fx-head .muted{color:var(--bad)}
.none{color:var(--good)}
.error{color:var(--bad);font-weight:600}
.runf{padding-left:18px}
.pop{position:absolute;z-index:10;max-width:420px;background:var(--panel);color:var(--ink);
border:1px solid var(--line);border-radius:10px;padding:10px 14px;
box-shadow:0 10px 30px rgba(16,24,40,.18);font-size:14px}
.pop .fx+.fx{border-top:1px solid var(--line);margin-top:8px;padding-top:8px}
.pop .more{font-size:12.5px;margin-top:6px;display:block}
.foot{margin:34px auto 40px;color:var(--muted);font-size:13px}
.foot summary{cursor:pointer}.foot .sig{word-break:break-all}
.sigt{margin-top:8px}.sigt th{width:30%;font-weight:500}
@media (max-width:760px){.cards{grid-template-columns:repeat(2,1fr)}
.overview td:nth-child(4),.overview th:nth-child(4){display:none}}
@media print{.pop,.strip .legend{display:none}.doc{break-inside:avoid-page}
body{background:#fff}}
"""

# Each family's colours, for chips, highlights and quoted spans alike.
STYLE += "".join(
    f".chip.fam-{k}{{background:var(--{k}-bg);color:var(--{k})}}"
    f".hl.fam-{k},.quote.fam-{k}{{background:var(--{k}-bg);border-color:var(--{k})}}\n"
    for k in FAMILIES
)

SCRIPT = """
(function () {
  "use strict";
  document.documentElement.setAttribute("data-js", "on");
  var pop = document.getElementById("pop");
  function hide() {
    pop.hidden = true;
    document.querySelectorAll("tr.on").forEach(function (r) { r.classList.remove("on"); });
  }
  function show(mark) {
    hide();
    pop.replaceChildren();
    var first = null;
    mark.getAttribute("data-f").split(" ").forEach(function (id) {
      var row = document.getElementById(id);
      if (!row) { return; }
      first = first || id;
      row.classList.add("on");
      var fx = row.querySelector(".fx");
      if (fx) { pop.appendChild(fx.cloneNode(true)); }
    });
    if (first) {
      var more = document.createElement("a");
      more.className = "more";
      more.href = "#" + first;
      more.textContent = "Go to the finding";
      pop.appendChild(more);
    }
    var r = mark.getBoundingClientRect();
    var width = Math.min(420, document.documentElement.clientWidth - 16);
    var left = Math.max(8, Math.min(r.left, document.documentElement.clientWidth - width - 8));
    pop.style.left = (window.scrollX + left) + "px";
    pop.style.top = (window.scrollY + r.bottom + 6) + "px";
    pop.hidden = false;
  }
  document.addEventListener("click", function (e) {
    var mark = e.target.closest("a.hl[data-f]");
    if (mark) {
      e.preventDefault();
      show(mark);
    } else if (!e.target.closest("#pop")) {
      hide();
    }
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape") { hide(); }
  });
})();
"""
