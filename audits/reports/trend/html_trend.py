"""The trend report as one self-contained HTML page with inline SVG charts.

Like the audit report's page it loads nothing: a Content-Security-Policy
forbids every fetch and every script (this page has none), and every piece of
input (titles, ids, URLs, feed names, hosts) goes through ``esc``; only
http(s) URLs become links.
"""

from __future__ import annotations

from typing import Any

from audits.reports.html_report import STYLE, esc, safe_href
from audits.reports.labels import language_name, plural, source_language
from audits.reports.svg_charts import BAD, Bar, Column, bar_chart, day_chart
from audits.reports.trend.base import TrendReporter
from audits.reports.trend.terminal_trend import (
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

CSP = (
    "default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
    "base-uri 'none'; form-action 'none'"
)
EXTRA_STYLE = """
.chart{background:var(--panel);border:1px solid var(--line);border-radius:10px;padding:12px 16px;
margin:10px 0 14px;color:var(--ink)}
.grid2{display:grid;grid-template-columns:1fr 1fr;gap:14px}
@media (max-width:900px){.grid2{grid-template-columns:1fr}}
.cards.five{grid-template-columns:repeat(5,1fr)}
"""


class HtmlTrendReporter(TrendReporter):
    name = "html"
    extension = ".html"
    extensions = (".html", ".htm")
    description = "one self-contained HTML page with charts (inline SVG)"

    def render(self, trend: dict[str, Any]) -> str:
        s = trend["summary"]
        title = f"mtaudit trend: {plural(s['documents'], 'document')}"
        where = window_line(trend, self.job)
        body = [
            '<header class="top"><div class="wrap"><div class="brand">mtaudit</div>'
            "<h1>Machine-translation trend</h1>"
            f'<p class="sub">{esc(where)} · history <code>{esc(trend["history"])}'
            f"</code> · generated {esc(trend.get('generated'))}</p></div></header>"
            '<main class="wrap">',
            _cards(s),
            _signatures(trend),
            _days(trend, self.job),
            _sources(trend),
            _flagged(trend),
            _rules_and_langs(trend),
            _documents(trend),
            _runs(trend),
            f'</main><footer class="wrap foot"><p class="muted small">schema '
            f"{esc(trend['schema'])} · mtaudit {esc(trend['tool']['version'])}</p></footer>",
        ]
        return (
            "<!DOCTYPE html>\n"
            '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<meta http-equiv="Content-Security-Policy" content="{esc(CSP)}">\n'
            '<meta name="referrer" content="no-referrer">\n'
            f"<title>{esc(title)}</title>\n<style>{STYLE}{EXTRA_STYLE}</style>\n</head>\n<body>\n"
            + "\n".join(part for part in body if part)
            + "\n</body>\n</html>\n"
        )


def _cards(s: dict[str, Any]) -> str:
    cards = [
        ("Documents", s["documents"], ""),
        ("Machine-translated", s["machine_translated"], "bad" if s["machine_translated"] else ""),
        ("Share MT", share(s["share_machine_translated"]), ""),
        ("New", s["new"], ""),
        ("Newly flagged", s["newly_flagged"], "bad" if s["newly_flagged"] else ""),
    ]
    items = "".join(
        f'<div class="card {cls}"><div class="num">{esc(value)}</div>'
        f'<div class="lbl">{esc(label)}</div></div>'
        for label, value, cls in cards
    )
    return (
        f'<section class="cards five" aria-label="summary">{items}</section>'
        f'<p class="langs">{esc(plural(s["runs"], "run"))} · '
        f"{esc(plural(s['audited'], 'audit'))} run, {esc(s['reused'])} results reused · "
        f"{esc(s['changed'])} changed · "
        f"{esc(plural(s['errors'], 'unreadable document'))} · "
        f"{esc(plural(s['findings'], 'finding'))}</p>"
    )


def _signatures(trend: dict[str, Any]) -> str:
    if len(trend["signatures"]) <= 1:
        return ""
    items = "".join(f"<li><code>{esc(sig)}</code></li>" for sig in trend["signatures"])
    return (
        '<div class="notice">The window mixes runs made with different settings; their '
        f"results may not compare.<ul>{items}</ul></div>"
    )


def _days(trend: dict[str, Any], job: str | None) -> str:
    per, days = periods(trend)
    if not days:
        # The terminal and Markdown reports name the job asked for; this said "No runs in
        # this window." as if the whole history had none.
        return f'<section><h2>By {per}</h2><p class="muted">{esc(no_runs_line(job))}</p></section>'
    chart = day_chart(
        [Column(d[per], d["ok"], d["machine_translated"]) for d in days],
        f"Documents per {per}, machine-translated on top, and the share machine-translated",
    )
    rows = "".join(
        f"<tr><td>{esc(period_label(d, per))}</td><td class='num'>{esc(d['runs'])}</td>"
        f"<td class='num'>{esc(d['documents'])}</td>"
        f"<td class='num'>{esc(d['machine_translated'])}</td>"
        f"<td class='num'>{esc(share(d['share_machine_translated']))}</td>"
        f"<td class='num'>{esc(d['new'])}</td><td class='num'>{esc(d['new_machine_translated'])}"
        "</td></tr>"
        for d in days
    )
    return (
        f'<section id="days"><h2>By {per} <span class="muted small">'
        f"{esc(zone_label(trend))}</span></h2>"
        f'<div class="chart">{chart}</div>'
        f"<table><thead><tr><th scope='col'>{per.title()}</th><th scope='col'>Runs</th>"
        "<th scope='col'>Documents</th><th scope='col'>MT</th><th scope='col'>Share</th>"
        "<th scope='col'>New</th><th scope='col'>New MT</th></tr></thead>"
        f"<tbody>{rows}</tbody></table></section>"
    )


def _sources(trend: dict[str, Any]) -> str:
    sources = trend["by_source"]
    if not sources:
        return ""
    chart = bar_chart(
        [
            Bar(
                g["label"],
                g["share_machine_translated"] or 0.0,
                f"{share(g['share_machine_translated'])} of {g['ok']}"
                if g["ok"]
                else "nothing readable",
                f"{g['label']} ({g['kind']}): {g['machine_translated']} of {g['ok']} "
                "machine-translated",
            )
            for g in sources[:30]
        ],
        "Share machine-translated per source",
        maximum=1.0,
        color=BAD,
    )
    rows = "".join(
        f"<tr><td><bdi>{esc(g['label'])}</bdi><div class='muted small'><bdi>{esc(g['source'])}"
        f"</bdi></div></td><td>{esc(g['kind'])}</td><td class='num'>{esc(g['documents'])}</td>"
        f"<td class='num'>{esc(g['machine_translated'])}</td>"
        f"<td class='num'>{esc(share(g['share_machine_translated']))}</td>"
        f"<td class='num'>{esc(g['new'])}</td></tr>"
        for g in sources
    )
    return (
        '<section id="sources"><h2>By source <span class="muted small">feed, else site, else '
        f'folder</span></h2><div class="chart">{chart}</div>'
        "<table><thead><tr><th scope='col'>Source</th><th scope='col'>Kind</th>"
        "<th scope='col'>Documents</th><th scope='col'>MT</th><th scope='col'>Share</th>"
        f"<th scope='col'>New</th></tr></thead><tbody>{rows}</tbody></table></section>"
    )


def _link(title: str, url: str | None) -> str:
    href = safe_href(url)
    label = f"<bdi>{esc(title)}</bdi>"
    if href:
        return f'<a href="{esc(href)}" rel="noopener noreferrer nofollow">{label}</a>'
    return label


def _flagged(trend: dict[str, Any]) -> str:
    flagged = trend["newly_flagged"]
    if not flagged:
        return (
            '<section id="flagged"><h2>Newly flagged</h2>'
            '<p class="none">No document turned machine-translated.</p></section>'
        )
    rows = "".join(
        f"<tr><td>{esc(short_time(f['flagged']))}</td><td>{_link(f['title'] or f['id'], f['url'])}"
        f"<div class='muted small'><bdi>{esc(f['id'])}</bdi> · {esc(f['appearance'])}</div></td>"
        f"<td class='num'>{esc(shown_p(f))}</td>"
        f"<td>{esc(source_language(f['source_lang']))}</td>"
        f"<td><bdi>{esc(f['source_label'])}</bdi></td></tr>"
        for f in flagged
    )
    return (
        '<section id="flagged"><h2>Newly flagged</h2><table><thead><tr>'
        "<th scope='col'>Flagged</th><th scope='col'>Document</th><th scope='col'>P(MT)</th>"
        "<th scope='col'>Source language</th><th scope='col'>Source</th></tr></thead>"
        f"<tbody>{rows}</tbody></table></section>"
    )


# Bars a chart draws; the rest are counted under it (they are all in the JSON).
CHART_ROWS = 15


def _more(total: int) -> str:
    rest = left_out(total, CHART_ROWS)
    return f'<p class="muted">{esc(rest)}</p>' if rest else ""


def _rules_and_langs(trend: dict[str, Any]) -> str:
    rules = bar_chart(
        [
            Bar(
                r["code"] if r["name"] == r["code"] else f"{r['code']} {r['name']}",
                r["findings"],
                f"{r['findings']} in {plural(r['documents'], 'doc')}",
            )
            for r in trend["rules"][:CHART_ROWS]
        ],
        "Most frequent rules (findings)",
    )
    langs = bar_chart(
        [
            Bar(language_name(lang["lang"]), lang["documents"], plural(lang["documents"], "doc"))
            for lang in trend["source_langs"][:CHART_ROWS]
        ],
        "Source languages of machine-translated documents",
        color=BAD,
    )
    return (
        '<section id="rules"><h2>Most frequent rules</h2>'
        + (f'<div class="chart">{rules}</div>' if rules else '<p class="muted">No findings.</p>')
        + _more(len(trend["rules"]))
        + "</section>"
        '<section id="langs"><h2>Source languages</h2>'
        + (
            f'<div class="chart">{langs}</div>'
            if langs
            else '<p class="muted">No source language named.</p>'
        )
        + _more(len(trend["source_langs"]))
        + "</section>"
    )


def _documents(trend: dict[str, Any]) -> str:
    docs = trend["documents"]
    new_only = trend["scope"] == "new-only"
    note = ""
    if new_only:
        title = "New or changed since the previous run"
    else:
        # A window can hold thousands of documents; the page lists those that need a
        # look, the JSON and CSV reports list them all.
        title = "Machine-translated or unreadable documents"
        shown = [d for d in docs if d["machine_translated"] or d["status"] != "ok"]
        rest = len(docs) - len(shown)
        if rest:
            note = (
                f'<p class="muted small">{esc(plural(rest, "other document"))} with no sign '
                "of machine translation: see the JSON or CSV trend report.</p>"
            )
        docs = shown
    if not docs:
        return (
            f'<section id="documents"><h2>{esc(title)}</h2><p class="muted">None.</p>'
            f"{note}</section>"
        )
    rows = []
    for d in docs:
        if d["status"] != "ok":
            verdict = '<span class="badge err">unreadable</span>'
        elif d["machine_translated"]:
            verdict = '<span class="badge mt">MT</span>'
        else:
            verdict = '<span class="badge ok">no sign</span>'
        p = shown_p(d)
        codes = " ".join(
            f'<span class="chip fam-{esc(c[:1])}">{esc(c)}<small>×{esc(n)}</small></span>'
            for c, n in d["by_code"].items()
        )
        rows.append(
            f"<tr><td>{_link(d['title'] or d['id'], d['url'])}<div class='muted small'>"
            f"<bdi>{esc(d['source_label'])}</bdi> · first seen {esc(short_time(d['first_seen']))}"
            "</div></td>"
            f"<td>{esc(d['appearance'])}</td><td>{verdict}</td><td class='num'>{esc(p)}</td>"
            f"<td>{esc(source_language(d['source_lang']))}</td><td class='chips'>{codes}</td></tr>"
        )
    return (
        f'<section id="documents"><h2>{esc(title)}</h2><table class="overview"><thead><tr>'
        "<th scope='col'>Document</th><th scope='col'>Appeared</th><th scope='col'>Verdict</th>"
        "<th scope='col'>P(MT)</th><th scope='col'>Source language</th>"
        f"<th scope='col'>Findings</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
        f"{note}</section>"
    )


def _runs(trend: dict[str, Any]) -> str:
    if not trend["runs"]:
        return ""
    rows = "".join(
        f"<tr><td class='num'>{esc(r['id'])}</td><td>{esc(short_time(r['started']))}</td>"
        f"<td class='num'>{esc(r['documents'])}</td><td class='num'>{esc(r['audited'])}</td>"
        f"<td class='num'>{esc(r['reused'])}</td><td class='num'>{esc(r['new'])}</td>"
        f"<td class='num'>{esc(r['machine_translated'])}</td>"
        f"<td class='num'>{esc(r['errors'])}</td></tr>"
        for r in trend["runs"][-50:]
    )
    return (
        '<section id="runs"><details><summary>Runs'
        + (f" (the last 50 of {len(trend['runs'])})" if len(trend["runs"]) > 50 else "")
        + "</summary><table><thead><tr>"
        "<th scope='col'>Run</th><th scope='col'>Started</th><th scope='col'>Documents</th>"
        "<th scope='col'>Audited</th><th scope='col'>Reused</th><th scope='col'>New</th>"
        "<th scope='col'>MT</th><th scope='col'>Errors</th></tr></thead>"
        f"<tbody>{rows}</tbody></table></details></section>"
    )
