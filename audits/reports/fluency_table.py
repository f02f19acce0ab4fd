"""The terminal table of `mtaudit fluency`: one row per sentence, worst spans marked."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich import box
from rich.table import Table
from rich.text import Text

from audits.reports.base import text_console
from audits.reports.labels import printable, printable_line

if TYPE_CHECKING:
    from audits.fluency import FluencyRun


def render_fluency_table(run: FluencyRun, *, color: bool, width: int) -> str:
    console, buffer = text_console(color, width)
    if not any(doc.ok for doc in run.documents):
        # No document could be read: nothing to show here, and stderr says why each
        # input failed (as for `audit`).
        return ""
    lm = run.lm or {}
    if lm:  # a run put together by a library caller may not say which model scored it
        calibration = lm.get("calibration") or {}
        calibrated = calibration.get("status") == "calibrated"
        # Text, not markup: a local model's path ("models[/old]/small") is the user's.
        console.print(
            Text(
                printable(
                    f"model {lm.get('model')} ({lm.get('dtype')}, {lm.get('device')}); "
                    f"score = {lm.get('score_method')} (higher = more fluent); pct = "
                    "percentile among English-original sentences of similar length"
                    # Uncalibrated, F601 is off and no row is red: no legend for it.
                    + ("; red = low fluency (F601)" if calibrated else " (uncalibrated: none)")
                )
            )
        )
    for doc in run.documents:
        if not doc.ok:
            continue
        # A title is Text, never markup ("[/x]" crashed the table), and shown, never obeyed.
        title = Text(printable_line(doc.document.title or doc.document.source))
        table = Table(title=title, box=box.SIMPLE_HEAVY)
        for name, justify in (
            ("#", "right"),
            ("score", "right"),
            ("pct", "right"),
            ("SLOR", "right"),
            ("mean lp", "right"),
            ("ppl", "right"),
            ("tok", "right"),
            ("sentence (surprising spans underlined)", "left"),
        ):
            table.add_column(name, justify=justify, overflow="fold")  # type: ignore[arg-type]
        for s in doc.sentences:
            f = doc.fluency.get(s.index)
            if f is None or not f.tokens:
                continue
            text = Text(printable(s.text))  # one character for one: the spans still fit
            for span in f.spans:
                text.stylize("bold underline red", span.start - s.start, span.end - s.start)
            pct = "-" if f.percentile is None else f"{f.percentile:.1f}"
            table.add_row(
                str(s.index),
                Text(f"{f.score:.2f}", style="bold red" if f.low else ""),
                pct,
                f"{f.slor:.2f}",
                f"{f.mean_logprob:.2f}",
                f"{f.perplexity:.1f}",
                str(f.tokens),
                text,
            )
        console.print(table)
    return buffer.getvalue()
