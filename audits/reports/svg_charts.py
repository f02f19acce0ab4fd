"""Small inline SVG charts for the HTML reports: no script, no external asset.

Every label goes through the HTML report's ``esc`` (labels come from feed titles,
hosts and document ids, which are input: a bidi override in a feed's title turned
the chart's label around, since this module had an ``esc`` of its own without
it); numbers are formatted here, never taken as text from input.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from audits.reports.html_report import esc
from audits.reports.labels import percent

FONT = 'font-family="system-ui,-apple-system,Segoe UI,Roboto,Arial,sans-serif" font-size="12"'
BAD = "#c8322b"
GOOD = "#3a9d5d"
INK = "#667085"
GRID = "#e3e6eb"
BAR = "#5b7bd6"


@dataclass(frozen=True)
class Column:
    """One day: how many documents, how many of them machine-translated."""

    label: str
    total: int
    flagged: int


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    # Shown at the bar's end, e.g. "3 of 7" or "42%".
    caption: str
    tooltip: str = ""


def day_chart(columns: Sequence[Column], title: str) -> str:
    """Stacked columns (machine-translated on top of the rest) with the share as a line."""
    if not columns:
        return ""
    width, height = 720, 240
    left, right, top, bottom = 44, 44, 16, 46
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max(1, max(c.total for c in columns))
    step = plot_w / len(columns)
    bar_w = max(4.0, min(48.0, step * 0.6))
    parts = [_svg_open(width, height, title)]
    for tick in _ticks(peak):
        y = top + plot_h - plot_h * tick / peak
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="{GRID}"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="{INK}">{tick}</text>'
        )
    points = []
    for i, c in enumerate(columns):
        x = left + step * i + (step - bar_w) / 2
        h_total = plot_h * c.total / peak
        h_mt = plot_h * c.flagged / peak
        base = top + plot_h
        share = c.flagged / c.total if c.total else 0.0
        tip = f"{c.label}: {c.flagged} of {c.total} machine-translated ({percent(share)})"
        parts.append(
            f"<g><title>{esc(tip)}</title>"
            f'<rect x="{x:.1f}" y="{base - h_total:.1f}" width="{bar_w:.1f}" '
            f'height="{h_total - h_mt:.1f}" fill="{GOOD}" opacity="0.75"/>'
            f'<rect x="{x:.1f}" y="{base - h_mt:.1f}" width="{bar_w:.1f}" height="{h_mt:.1f}" '
            f'fill="{BAD}"/></g>'
        )
        cx = x + bar_w / 2
        points.append(f"{cx:.1f},{top + plot_h - plot_h * share:.1f}")
        if len(columns) <= 16 or i % max(1, len(columns) // 12) == 0:
            parts.append(
                f'<text x="{cx:.1f}" y="{top + plot_h + 16}" text-anchor="middle" '
                f'fill="{INK}">{esc(_short_day(c.label))}</text>'
            )
    # The share axis on the right: 0% at the bottom, 100% at the top.
    for pct in (0, 50, 100):
        y = top + plot_h - plot_h * pct / 100
        parts.append(f'<text x="{left + plot_w + 6}" y="{y + 4:.1f}" fill="{BAD}">{pct}%</text>')
    if len(points) > 1:
        parts.append(
            f'<polyline points="{" ".join(points)}" fill="none" stroke="{BAD}" '
            'stroke-width="2" stroke-dasharray="4 3"/>'
        )
    for point in points:
        x, y = point.split(",")
        parts.append(f'<circle cx="{x}" cy="{y}" r="3" fill="{BAD}"/>')
    parts.append(
        f'<g transform="translate({left},{height - 14})">'
        f'<rect width="10" height="10" y="-9" fill="{BAD}"/>'
        f'<text x="14" fill="{INK}">machine-translated</text>'
        f'<rect x="140" width="10" height="10" y="-9" fill="{GOOD}" opacity="0.75"/>'
        f'<text x="154" fill="{INK}">other documents</text>'
        f'<line x1="270" x2="290" y1="-4" y2="-4" stroke="{BAD}" stroke-width="2" '
        'stroke-dasharray="4 3"/>'
        f'<text x="296" fill="{INK}">share machine-translated (right axis)</text></g>'
    )
    parts.append("</svg>")
    return "".join(parts)


def bar_chart(
    bars: Sequence[Bar], title: str, *, maximum: float | None = None, color: str = BAR
) -> str:
    """Horizontal bars, one per label, with a caption at each bar's end."""
    if not bars:
        return ""
    width = 720
    label_w, caption_w, row_h, top = 220, 120, 26, 8
    height = top * 2 + row_h * len(bars)
    plot_w = width - label_w - caption_w
    peak = maximum if maximum is not None else max(1.0, max(b.value for b in bars))
    parts = [_svg_open(width, height, title)]
    for i, b in enumerate(bars):
        y = top + row_h * i
        w = plot_w * (b.value / peak if peak else 0.0)
        parts.append(
            f"<g><title>{esc(b.tooltip or f'{b.label}: {b.caption}')}</title>"
            f'<text x="{label_w - 8}" y="{y + 17}" text-anchor="end" fill="currentColor">'
            f"{esc(_clip(b.label, 32))}</text>"
            f'<rect x="{label_w}" y="{y + 5}" width="{plot_w}" height="16" rx="3" '
            f'fill="{GRID}"/>'
            f'<rect x="{label_w}" y="{y + 5}" width="{max(w, 0.0):.1f}" height="16" rx="3" '
            f'fill="{color}"/>'
            f'<text x="{label_w + plot_w + 8}" y="{y + 17}" fill="{INK}">{esc(b.caption)}</text>'
            "</g>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _svg_open(width: int, height: int, title: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-label="{esc(title)}" {FONT} '
        f'style="max-width:{width}px;height:auto"><title>{esc(title)}</title>'
    )


def _ticks(peak: int) -> list[int]:
    """0, the peak, and up to three round steps between them."""
    step = max(1, -(-peak // 4))
    return sorted({*range(0, peak + 1, step), peak})


def _short_day(day: str) -> str:
    # 2026-05-01 → 05-01: the year is in the window above the chart.
    return day[5:] if len(day) == 10 and day[4] == "-" else day


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
