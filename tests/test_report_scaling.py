"""Reports find a finding's sentence, line and highlight without a pass over the
whole document for each finding."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from audits.reports.html_report import _article
from audits.reports.span_index import SpanIndex

_SPANS = st.lists(
    st.tuples(st.integers(0, 60), st.integers(0, 30)).map(lambda p: (p[0], p[0] + p[1])),
    max_size=40,
)


# No deadline: a property of results, not of speed. Hypothesis's default (200 ms per
# example) failed the test as FlakyFailure when a loaded machine stalled one example.
@settings(deadline=None)
@given(_SPANS, st.integers(0, 90), st.integers(0, 40))
def test_span_index_finds_what_a_pass_over_every_span_finds(
    spans: list[tuple[int, int]], start: int, length: int
) -> None:
    # The pass the HTML report made for every sentence: the same spans, in their order.
    end = start + length
    expected = [n for n, (a, b) in enumerate(spans) if a < end and b > start]
    assert SpanIndex(spans).overlapping(start, end) == expected


class _Counted(dict[str, Any]):
    """A finding that counts how often its offsets are read."""

    reads = 0

    def __getitem__(self, key: str) -> Any:
        if key in ("start", "end"):
            _Counted.reads += 1
        return super().__getitem__(key)


def _entry(n: int) -> tuple[dict[str, Any], str]:
    sentences, findings, text = [], [], ""
    for i in range(n):
        words = f"The diplomatic chief {i} spoke."
        start = len(text)
        sentences.append(
            {
                "index": i,
                "start": start,
                "end": start + len(words),
                "text": words,
                "paragraph": i,
                "flagged": True,
                "fluency": None,
            }
        )
        at = start + 4
        findings.append(
            _Counted(
                start=at,
                end=at + len("diplomatic chief"),
                code="C201",
                name="Calque",
                message="a calque",
            )
        )
        text += words + "\n\n"
    return {"sentences": sentences, "findings": findings}, text


def test_highlighting_reads_each_finding_a_few_times_not_once_a_sentence() -> None:
    # Every sentence compared itself with every finding: 2,000 sentences with a finding
    # each read 8 million offsets (25 million at a crawl's 5,000, a second of the page).
    entry, _ = _entry(2_000)
    _Counted.reads = 0
    page = _article(entry, None, "doc-1")
    assert _Counted.reads < 10 * len(entry["findings"])
    assert page.count('class="hl fam-C"') == 2_000
    assert 'href="#doc-1-f1999"' in page


def test_overlapping_and_nested_findings_are_highlighted_as_before() -> None:
    # A long finding holding shorter ones, one that crosses a sentence's end, and an
    # empty one: each piece names every finding over it, the first one's link first.
    entry, _ = _entry(3)
    s0, s1 = entry["sentences"][0], entry["sentences"][1]
    entry["findings"] = [
        {"start": s0["start"], "end": s1["start"] + 3, "code": "S501", "name": "N", "message": "m"},
        {"start": 4, "end": 14, "code": "C201", "name": "N", "message": "m"},
        {"start": 8, "end": 8, "code": "T101", "name": "N", "message": "m"},
        {
            "start": s1["start"] + 1,
            "end": s1["start"] + 6,
            "code": "N301",
            "name": "N",
            "message": "m",
        },
    ]
    # As the pass over every finding made it (an empty finding cuts a piece, no more).
    s = '<a class="hl fam-S" href="#d-f0" data-f="d-f0" title="S501 N: m">'
    two = (
        '<a class="hl fam-S multi" href="#d-f0" data-f="d-f0 d-f1" title="S501 N: m&#10;C201 N: m">'
    )
    assert _article(entry, None, "d") == (
        '<article class="text" lang="en"><p class="para"><span class="sent flagged" id="d-s0">'
        f"{s}The </a>{two}dipl</a>{two}omatic</a>{s} chief 0 spoke.</a></span></p>"
        '<p class="para"><span class="sent flagged" id="d-s1">'
        f'{s}T</a><a class="hl fam-S multi" href="#d-f0" data-f="d-f0 d-f3" '
        'title="S501 N: m&#10;N301 N: m">he</a>'
        '<a class="hl fam-N" href="#d-f3" data-f="d-f3" title="N301 N: m"> di</a>'
        "plomatic chief 1 spoke.</span></p>"
        '<p class="para"><span class="sent flagged" id="d-s2">The diplomatic chief 2 spoke.'
        "</span></p></article>"
    )


def test_sarif_and_annotations_read_a_long_documents_text_once_not_once_a_finding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Each finding's SARIF region made a LineIndex of the whole text and looked for its
    # sentence among all of them, and its copy number (SARIF, and a page's annotation)
    # normalised every sentence: a page of 5,000 findings took 15 to 20 s a format.
    from audits.config import AuditConfig
    from audits.document import Document, LineIndex
    from audits.engine import audit_documents
    from audits.reports import get_reporter, locations, sarif_report

    n = 150
    text = "".join(f"The diplomatic chief {i} spoke.\n\n" for i in range(n))
    path = tmp_path / "long.txt"
    path.write_text(text, encoding="utf-8")
    page = tmp_path / "long.html"
    page.write_text("".join(f"<p>The diplomatic chief {i} spoke.</p>\n" for i in range(n)))
    docs = [
        Document(id="long.txt", text=text, source=str(path), meta={"encoding": "utf-8"}),
        Document(
            id="long.html",
            text=text,
            source=str(page),
            meta={"encoding": "utf-8", "extracted_from": "html"},
        ),
    ]
    run = audit_documents(docs, AuditConfig(lm=False))
    assert all(len(a.findings) >= n for a in run.documents)
    counts = {"normalise": 0, "lines": 0}
    normalise = locations.normalise_space

    def counted_normalise(value: str) -> str:
        counts["normalise"] += 1
        return normalise(value)

    class CountedLines(LineIndex):
        def __init__(self, value: str) -> None:
            counts["lines"] += 1
            super().__init__(value)

    monkeypatch.setattr(locations, "normalise_space", counted_normalise)
    monkeypatch.setattr(sarif_report, "LineIndex", CountedLines)
    log = json.loads(get_reporter("sarif").render(run))
    assert counts["lines"] <= len(docs)
    assert counts["normalise"] <= 2 * len(docs) * n
    regions = [
        r["locations"][0]["physicalLocation"]
        for r in log["runs"][0]["results"]
        if r["ruleId"] != "machine-translated"
    ]
    assert any("contextRegion" in r for r in regions)
    counts["normalise"] = 0
    assert "line=1," in get_reporter("github").render(run)
    assert counts["normalise"] <= len(docs) * n


class _CountedIterations(list):  # type: ignore[type-arg]
    """A list that counts the passes over it."""

    passes = 0

    def __iter__(self):  # type: ignore[no-untyped-def]
        _CountedIterations.passes += 1
        return super().__iter__()


def test_the_terminal_report_passes_over_a_documents_findings_a_few_times() -> None:
    # Each flagged sentence picked its findings out of all of them: 5,000 findings in
    # 5,000 sentences were 25 million comparisons, half of the report's time.
    from audits.config import AuditConfig
    from audits.document import Document
    from audits.engine import audit_documents
    from audits.reports import get_reporter

    n = 200
    text = "".join(f"The diplomatic chief {i} spoke.\n\n" for i in range(n))
    run = audit_documents(
        [Document(id="long.txt", text=text, source="long.txt")], AuditConfig(lm=False)
    )
    (audit,) = run.documents
    assert len(audit.flagged_sentences()) == n
    audit.findings = _CountedIterations(audit.findings)
    _CountedIterations.passes = 0
    out = get_reporter("terminal", width=200).render(run)
    assert _CountedIterations.passes < 10
    assert out.count("C201") == len([f for f in audit.findings if f.code == "C201"])
