"""The terminal report on a narrow terminal (40-60 columns, rich's console width):
P and the verdict stay whole; the other columns wrap, fold or give way."""

from __future__ import annotations

import dataclasses

import pytest

from audits.document import RunAudit
from audits.reports import get_reporter
from tests.test_verdict_display import run_with

LONG_ID = "feeds/some-long-outlet/2026/11/article-{}-with-a-long-slug.html"


def _run() -> RunAudit:
    """Three long-named documents, flagged at 0.4695 or passed at 0.12, and one that
    could not be read."""
    run = run_with(0.4695, 0.4691)
    flagged = run.documents[0]
    docs = [
        dataclasses.replace(
            flagged, document=dataclasses.replace(flagged.document, id=LONG_ID.format(i))
        )
        for i in range(2)
    ]
    passed = dataclasses.replace(flagged.verdict, probability=0.1234, machine_translated=False)
    docs.append(
        dataclasses.replace(
            docs[0],
            document=dataclasses.replace(flagged.document, id=LONG_ID.format(2)),
            verdict=passed,
        )
    )
    missing = dataclasses.replace(
        flagged,
        document=dataclasses.replace(flagged.document, id="missing.txt"),
        status="error",
        error="file not found",
        verdict=None,
        findings=[],
    )
    return dataclasses.replace(run, documents=[*docs, missing])


def _summary(width: int, run: RunAudit | None = None) -> list[str]:
    out = get_reporter("terminal", width=width).render(run or _run())
    table = out[out.index("Summary") :].split("━", 1)[1].split("\n", 1)[1]
    return table.split("documents audited")[0].splitlines()


@pytest.mark.parametrize("width", [40, 45, 50, 55, 60, 70, 80])
def test_p_and_the_verdict_stay_readable_on_a_narrow_terminal(width: int) -> None:
    """rich shrank every column alike: at 40 columns P read "0.…" and the verdict "V…"
    or "M", and at 60 P read "0.46…" for 0.4695, an unknown side of its threshold."""
    out = get_reporter("terminal", width=width).render(_run())
    head = out[out.index("Summary") :].splitlines()[2]
    assert "P(MT)" in head and "Verdict" in head, head
    rows = _summary(width)
    flagged = [line for line in rows if "0.4695" in line]
    assert len(flagged) == 2 and all(" MT" in line for line in flagged), rows
    passed = [line for line in rows if " 0.12 " in line]
    assert len(passed) == 1 and " 0.12   - " in passed[0], rows
    assert any("missing.txt" in line and "error" in line for line in rows), rows
    assert all(len(line) <= width for line in out.splitlines() if "signature:" not in line)


def test_a_wide_terminal_keeps_every_column() -> None:
    out = get_reporter("terminal", width=140).render(_run())
    head = out[out.index("Summary") :].splitlines()[2].split()
    assert head == ["Document", "Status", "P(MT)", "Verdict", "Source", "Findings", "Top", "rules"]
    assert any("missing.txt" in line and "file not found" in line for line in _summary(140))


@pytest.mark.parametrize("width", [100, 140])
def test_a_long_word_in_an_error_keeps_the_top_rules(width: int) -> None:
    """A URL (or long path) in an unreadable document's error was one word the "Top
    rules" column could not wrap at, so that column was dropped at every width, 140
    columns too, and the flagged documents' rules with it."""
    url = "https://news.example.org/2026/11/30/" + "a-very-long-article-slug-" * 4 + "x.html"
    run = _run()
    missing = dataclasses.replace(run.documents[-1], error=f"cannot fetch {url}: HTTP 404")
    run = dataclasses.replace(run, documents=[*run.documents[:-1], missing])
    out = get_reporter("terminal", width=width).render(run)
    head = out[out.index("Summary") :].splitlines()[2]
    assert "Top rules" in head, out
    assert all(len(line) <= width for line in out.splitlines() if "signature:" not in line)
    summary = "".join(out[out.index("Summary") :].split())
    assert url in summary  # folded, not cut


def test_audit_summary_never_ends_a_line_on_its_separator() -> None:
    # Rich wrapped "2 documents audited · 1 machine-translated · 1 error" at any space,
    # so a narrow terminal could end a line on " ·".
    from tests.report_fixtures import sample_run, unreadable_audit

    run = sample_run(extra=[unreadable_audit()])
    for width in range(20, 70):
        out = get_reporter("terminal", width=width).render(run)
        summary = [line for line in out.splitlines() if "·" in line or "error" in line]
        assert not [line for line in summary if line.rstrip().endswith("·")], (width, out)


@pytest.mark.parametrize("width", [None, 60])
@pytest.mark.parametrize("ok", [True, False], ids=["audited", "unreadable"])
def test_a_title_or_source_wider_than_the_panel_is_marked_cut_and_shown_whole(
    width: int | None, ok: bool
) -> None:
    """A headline over 95 characters (the report's width of 100, less the border) was
    cut in the panel's top border without a mark, and the whole title was nowhere in
    the report; a long source path likewise in the bottom border."""
    title = "Ministers agree on a plan " + "that reaches further than any before it " * 3 + "END"
    source = "feeds/" + "some-long-outlet/" * 8 + "item.xml#3"
    run = run_with(0.9, 0.5)
    audit = run.documents[0]
    doc = dataclasses.replace(audit.document, title=title, source=source)
    audit = dataclasses.replace(audit, document=doc)
    if not ok:
        audit = dataclasses.replace(audit, status="error", error="file not found", verdict=None)
    run = dataclasses.replace(run, documents=[audit])
    out = get_reporter("terminal", width=width).render(run)
    border, bottom = (
        out.splitlines()[0],
        next(line for line in out.splitlines() if line.startswith("╰")),
    )
    assert "…" in border and "END" not in border
    assert "…" in bottom and "item.xml#3" not in bottom
    flat = " ".join(line.strip("│ ") for line in out.splitlines()[1:])
    assert " ".join(title.split()) in " ".join(flat.split())
    assert source in "".join(flat.split())


def _panel_lines(title: str, source: str, width: int | None) -> list[str]:
    run = run_with(0.9, 0.5)
    audit = run.documents[0]
    doc = dataclasses.replace(audit.document, title=title, source=source)
    run = dataclasses.replace(run, documents=[dataclasses.replace(audit, document=doc)])
    return get_reporter("terminal", width=width).render(run).splitlines()


@pytest.mark.parametrize("width", [None, 60])
def test_a_title_that_just_fits_the_border_is_shown_there_whole_and_once(
    width: int | None,
) -> None:
    """A title of the panel's width less five cells fits its border (rich drops the
    pad space after it first): it was cut to "…" there and written again in the body."""
    cells = (width or 100) - 5
    title = "x" * (cells - 1) + "E"
    lines = _panel_lines(title, "a.txt", width)
    assert lines[0].endswith(f"{title}─╮")
    assert not any(title in line for line in lines[1:])


@pytest.mark.parametrize("width", [None, 60])
def test_a_cut_title_keeps_a_space_before_the_border_and_its_source_line_starts_it(
    width: int | None,
) -> None:
    """A cut title's "…" sat flush against the border ("…─╮") where a whole one keeps
    a space; a title with a line break was joined in the border but split in the body;
    a long unbroken source path left "source:" alone on its line."""
    cells = (width or 100) - 4
    title = "First line\nsecond " + "y " * cells
    source = "feeds/" + "z" * (2 * cells)
    lines = _panel_lines(title, source, width)
    assert lines[0].endswith("… ─╮")
    body = [line.strip("│ ") for line in lines[1:]]
    assert body[0].startswith("First line second y")
    source_line = next(line for line in body if line.startswith("source:"))
    assert source_line.startswith("source: feeds/zzz")


@pytest.mark.parametrize("separator", ["\n", "\u2028", "\u2029"])
def test_a_document_id_with_a_line_break_keeps_its_row_on_one_line(separator: str) -> None:
    """A JSONL record's or a feed's id holding a newline (or a line or paragraph
    separator, where rich breaks a cell too) wrapped onto two lines of the summary
    table, the second holding nothing but the rest of the id; the document's panel
    showed it with a space, as rich's border does."""
    run = _run()
    first = run.documents[0]
    broken = dataclasses.replace(
        first, document=dataclasses.replace(first.document, id=f"feed.jsonl#a{separator}b-rest")
    )
    run = dataclasses.replace(run, documents=[broken, *run.documents[1:]])
    summary = _summary(140, run)
    rows = [line for line in summary if "b-rest" in line]
    assert len(rows) == 1 and "feed.jsonl#a b-rest" in rows[0], summary
    assert "0.4695" in rows[0] and " MT" in rows[0], rows
