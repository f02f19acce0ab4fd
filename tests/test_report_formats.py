"""Golden tests per report format, on the sample article with the expert's findings.

Each format is parsed with a real parser (html.parser, csv, json, jsonschema)
and checked for structure and for agreeing with the JSON contract; nothing
depends on whitespace.
"""

from __future__ import annotations

import base64
import csv
import dataclasses
import hashlib
import io
import json
import re
from pathlib import Path

import jsonschema
import pytest

from audits.config import AuditConfig
from audits.document import RunAudit
from audits.fingerprints import finding_fingerprint
from audits.gate import GateResult, outcome
from audits.reports import EXTENSIONS, REPORTERS, format_for_path, get_reporter
from audits.reports.github_report import escape_data
from audits.reports.model import run_to_dict
from tests.html_tree import parse
from tests.readme_examples import json_example, keys_after
from tests.report_fixtures import (
    DISFLUENT,
    RULES,
    SAMPLE_FINDINGS,
    run_finding,
    sample_audit,
    sample_document,
    sample_run,
    unreadable_audit,
)
from tests.sarif_schema import sarif_schema, validate_sarif


@pytest.fixture(scope="module")
def run() -> RunAudit:
    """The sample with fluency scores, a copy without, an unreadable input, a run finding."""
    copy = sample_audit(sample_document("feeds/copy-2.txt"))
    audit = sample_run(fluency=True, extra=[copy, unreadable_audit()])
    audit.run_findings = [run_finding(audit.documents[:2])]
    return audit


@pytest.fixture(scope="module")
def report(run: RunAudit) -> dict:
    return run_to_dict(run)


def test_fixture_has_every_expert_span(run: RunAudit) -> None:
    doc = run.documents[0]
    assert len(doc.findings) == len(SAMPLE_FINDINGS)
    for f in doc.findings:
        assert doc.document.text[f.start : f.end] == f.text
        assert f.sentence is not None
    assert doc.verdict is not None and doc.verdict.machine_translated
    assert doc.verdict.source_lang == "fr"


def test_every_format_is_registered_with_its_extensions() -> None:
    assert set(REPORTERS) == {
        "terminal",
        "json",
        "html",
        "markdown",
        "csv",
        "jsonl",
        "sarif",
        "github",
    }
    assert {EXTENSIONS[e] for e in (".html", ".htm")} == {"html"}
    assert EXTENSIONS[".md"] == "markdown" and EXTENSIONS[".csv"] == "csv"
    assert EXTENSIONS[".jsonl"] == "jsonl" and EXTENSIONS[".sarif"] == "sarif"
    assert format_for_path("out/report.sarif.json") == "sarif"
    assert format_for_path("out/report.json") == "json"
    assert format_for_path("REPORT.HTML") == "html"
    assert format_for_path("report") is None and format_for_path(".md") is None
    # The registry writes the extensions out so that `-o r.html` imports no reporter;
    # they must be the reporters' own.
    own = {ext: name for name, cls in REPORTERS.items() for ext in cls.file_extensions()}
    assert own == EXTENSIONS
    for cls in REPORTERS.values():
        assert cls.description


# --- JSON contract additions ----------------------------------------------------


def test_json_has_content_hash_fingerprints_and_signature_string(report: dict) -> None:
    doc = report["documents"][0]
    text = Path(__file__).resolve().parents[1].joinpath(doc["source"]).read_text("utf-8")
    assert doc["content_hash"] == "sha256:" + hashlib.sha256(text.encode()).hexdigest()
    prints = [f["fingerprint"] for f in doc["findings"]]
    assert all(re.fullmatch(r"[0-9a-f]{16}", p) for p in prints)
    # The same span in another document of the same text has the same fingerprint.
    assert prints == [f["fingerprint"] for f in report["documents"][1]["findings"]]
    # "hold their positions" in the headline and in its scraped copy: the sentences are
    # the same, so is the identity (a baseline matches them as a multiset).
    hold = [f["fingerprint"] for f in doc["findings"] if f["text"] == "hold their positions"]
    assert len(hold) == 2 and hold[0] == hold[1]
    # The same words in another sentence are another finding.
    assert (
        finding_fingerprint("C201", "hold their positions", "They hold their positions.")
        != (hold[0])
    )
    assert report["signature_string"].startswith("mtaudit:")
    assert report["baseline"] is None and doc["baseline"] is None
    assert report["documents"][2]["content_hash"] is None  # unreadable input


def test_the_readmes_json_example_names_the_keys_in_the_reports_order(report: dict) -> None:
    # The example had drifted: `translated_probability` after `false_positive_rate`,
    # `gate.unreadable` before `gate.documents`, a text file's `meta` empty where it
    # says its encoding; a reader who parses by the example met another report.
    example = json_example('### JSON report (`"schema": "mtaudit/1"`)')

    def keys(marker: str, start: int = 0) -> list[str]:
        return keys_after(example, marker, start)

    doc = report["documents"][0]
    config = AuditConfig(fail_on=["C201"])
    gate = outcome(GateResult(failed={doc["id"]: ["findings C201"]}), config)
    assert keys("") == list(report)
    at_doc = example.index('"documents": [')
    assert keys('"documents": [') == list(doc)
    for name in ("verdict", "stats", "meta"):
        assert keys(f'"{name}": ', at_doc) == list(doc[name]), name
    assert keys('"sentences": [', at_doc) == list(doc["sentences"][0])
    assert keys('"findings": [', at_doc) == list(doc["findings"][0])
    assert keys('"summary": ') == list(report["summary"])
    assert keys('"gate": ') == list(gate)
    assert keys('"gate": ')[-2:] == ["documents", "unreadable"]


# --- HTML -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def page(run: RunAudit) -> str:
    return get_reporter("html").render(run)


def test_html_is_well_formed_and_self_contained(page: str) -> None:
    root, errors = parse(page)
    assert errors == []
    assert page.startswith("<!DOCTYPE html>")
    scripts = root.find_all("script")
    assert len(scripts) == 1 and "src" not in scripts[0].attrs
    for tag in ("link", "img", "iframe", "object", "embed", "base"):
        assert root.find_all(tag) == [], tag
    style = "".join(n.text() for n in root.find_all("style"))
    assert "url(" not in style and "@import" not in style
    # The only outside link is the article's own URL; it opens without a referrer.
    external = [a for a in root.find_all("a") if not a.attrs.get("href", "#").startswith("#")]
    assert {a.attrs["href"] for a in external} == {sample_document().url}
    assert all("noreferrer" in (a.attrs.get("rel") or "") for a in external)


def test_html_content_security_policy_allows_only_our_script(page: str) -> None:
    root, _ = parse(page)
    csp = next(
        m.attrs["content"]
        for m in root.find_all("meta")
        if m.attrs.get("http-equiv") == "Content-Security-Policy"
    )
    script = root.find_all("script")[0].text()
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    assert "default-src 'none'" in csp
    assert f"script-src 'sha256-{digest}'" in csp
    assert "unsafe-inline" not in csp.split("script-src")[1]


def test_html_overview_is_sorted_by_probability(page: str, report: dict) -> None:
    root, _ = parse(page)
    table = root.find_all("table", "overview")[0]
    rows = table.find_all("tr")[1:]
    assert len(rows) == 3
    anchors = [r.find_all("a")[0].attrs["href"] for r in rows]
    probs = [
        (report["documents"][int(a.removeprefix("#doc-")) - 1]["verdict"] or {}).get(
            "probability", -1
        )
        for a in anchors
    ]
    assert probs == sorted(probs, reverse=True)
    assert "unreadable" in rows[-1].classes or "err" in rows[-1].classes
    chips = {c.text().split("×")[0] for c in rows[0].find_all("span", "chip")}
    assert chips == {code for code, *_ in SAMPLE_FINDINGS}


def test_html_highlights_every_finding_and_explains_it(page: str, report: dict) -> None:
    root, _ = parse(page)
    entry = report["documents"][0]
    section = root.by_id("doc-1")
    assert section is not None and "mt" in section.classes
    marks = section.find_all("a", "hl")
    covered: dict[str, str] = {}
    for mark in marks:
        family = next(c for c in mark.classes if c.startswith("fam-"))
        ids = mark.attrs["data-f"].split()
        for ident in ids:
            row = root.by_id(ident)
            assert row is not None and row.tag == "tr"  # the click target exists
            covered[ident] = covered.get(ident, "") + mark.text()
        first = entry["findings"][int(ids[0].rsplit("-f", 1)[1])]
        assert family == f"fam-{first['code'][0]}"
        assert first["code"] in mark.attrs["title"] and first["message"] in mark.attrs["title"]
    for n, f in enumerate(entry["findings"]):
        assert covered[f"doc-1-f{n}"] == f["text"]  # pieces of a span add up to the span
        row = root.by_id(f"doc-1-f{n}")
        assert f["message"] in row.text() and f["code"] in row.text()
        if f["suggestion"]:
            assert f["suggestion"] in row.text()
    # The S501 line and the C201 inside it overlap: one piece carries both.
    assert any(len(m.attrs["data-f"].split()) == 2 for m in marks)


def test_html_sentences_are_the_article_text(page: str, report: dict) -> None:
    root, _ = parse(page)
    for s in report["documents"][0]["sentences"]:
        node = root.by_id(f"doc-1-s{s['index']}")
        assert node is not None and node.text() == s["text"]
    article = root.by_id("doc-1").find_all("article")[0]
    paragraphs = " ".join(p.text() for p in article.find_all("p", "para"))
    flat = re.sub(r"\s+", " ", paragraphs).strip()
    original = re.sub(r"\s+", " ", sample_document().text).strip()
    assert flat == original


def test_html_breaks_a_long_unbroken_word_rather_than_widen_the_page() -> None:
    # A scraped tracking URL or a base64 blob in the text (or a feed's long guid as the
    # id) is one word of thousands of characters: white-space:pre-wrap cannot break it,
    # so it ran out of the 78ch column and the overview table, and the page scrolled
    # sideways. Each place that shows input text may break such a word anywhere.
    from audits.config import AuditConfig
    from audits.document import Document
    from audits.engine import audit_documents

    blob = "aGVsbG8" * 500
    docs = [
        Document(
            id=f"tag:{blob[:300]}",
            text=f"The diplomatic chief spoke.\n\nSee {blob} for the diplomatic chief of it.\n",
            source="a.txt",
        ),
        Document(id="b.txt", text="The diplomatic chief spoke again.\n", source="b.txt"),
    ]
    page = get_reporter("html").render(audit_documents(docs, AuditConfig(lm=False)))
    style = re.search(r"<style>(.*?)</style>", page, re.S)
    assert style is not None
    breaking = [
        rule.split("{")[0].split(",")
        for rule in style[1].split("}")
        if "overflow-wrap:anywhere" in rule
    ]
    selectors = {selector.strip() for rule in breaking for selector in rule}
    assert {".text", ".quote", ".doc-head h2", ".overview td:first-child"} <= selectors
    root, errors = parse(page)
    assert errors == []
    article = root.find_all("article", "text")[0]
    assert blob in article.text()


def test_html_sets_right_to_left_sentences_and_paragraphs_right_to_left() -> None:
    # An untranslated Arabic or Hebrew sentence was laid out in the article's
    # left-to-right flow: its final stop showed at its start, as its reader sees it.
    # An English sentence that opens with Arabic words stays left to right. And
    # dir="rtl" stood on each sentence's span alone, so a paragraph wholly in Arabic
    # still began at the left edge with its sentences in an English reader's order;
    # a paragraph that holds an English sentence too stays left to right.
    from audits.config import AuditConfig
    from audits.document import Document
    from audits.engine import audit_documents

    arabic = [
        "\u0645\u0631\u062d\u0628\u0627 \u0628\u0643\u0645 \u0641\u064a "
        "\u062c\u0646\u064a\u0641 \u0627\u0644\u064a\u0648\u0645.",
        "\u0648\u0635\u0644 \u0627\u0644\u0648\u0632\u064a\u0631 \u0645\u0633\u0627\u0621.",
    ]
    mixed = [
        "The diplomatic chief arrived in Geneva on Friday.",
        arabic[0],
        "\u0645\u0631\u062d\u0628\u0627 \u0628\u0643\u0645 said the diplomatic chief.",
        "\u05e9\u05dc\u05d5\u05dd \u05e2\u05dc\u05d9\u05db\u05dd \u05dc\u05db\u05d5\u05dc\u05dd!",
    ]
    text = " ".join(arabic) + "\n\n" + " ".join(mixed) + "\n"
    doc = Document(id="a.txt", text=text, source="a.txt")
    run = audit_documents([doc], AuditConfig(lm=False))
    assert [s.text for s in run.documents[0].sentences] == arabic + mixed
    root, errors = parse(get_reporter("html").render(run))
    assert errors == []
    directions = [root.by_id(f"doc-1-s{i}").attrs.get("dir") for i in range(6)]
    assert directions == ["rtl", "rtl", None, "rtl", None, "rtl"]
    paragraphs = root.find_all("article", "text")[0].find_all("p", "para")
    assert [p.attrs.get("dir") for p in paragraphs] == ["rtl", None]


def test_html_article_shows_the_text_no_sentence_holds() -> None:
    # Only the sentences' own text reached the page: a heading, a bullet or a stray
    # fragment outside every sentence (an audit made through the API, which need not
    # segment every line) was missing without a word, and a finding in it was
    # highlighted nowhere.
    audit = sample_audit()
    text = audit.document.text
    first, third, last = audit.sentences[0], audit.sentences[2], audit.sentences[-1]
    flagged = next(f for f in audit.findings if f.sentence == third.index)
    audit.sentences = [s for s in audit.sentences if s not in (first, third, last)]
    html_page = get_reporter("html").render(dataclasses.replace(sample_run(), documents=[audit]))
    root, _ = parse(html_page)
    article = root.by_id("doc-1").find_all("article")[0]
    shown = re.sub(r"\s+", " ", " ".join(p.text() for p in article.find_all("p", "para")))
    assert shown.strip() == re.sub(r"\s+", " ", text).strip()
    assert first.text in shown and last.text in shown
    for s in audit.sentences:
        assert root.by_id(f"doc-1-s{s.index}") is not None
    assert root.by_id(f"doc-1-s{first.index}") is None  # no sentence, no sentence mark
    links = [a for a in article.find_all("a", "hl") if a.text() == flagged.text]
    assert links, "the finding outside every sentence is highlighted"


def test_html_fluency_strip_with_and_without_scores(page: str, report: dict) -> None:
    root, _ = parse(page)
    scored = root.by_id("doc-1").find_all("div", "strip")[0]
    cells = scored.find_all("div", "cells")[0].find_all("a")
    sentences = report["documents"][0]["sentences"]
    assert len(cells) == len(sentences)
    for cell, s in zip(cells, sentences, strict=True):
        disfluent = any(p in s["text"] for p in DISFLUENT)
        assert ("f0" in cell.classes) == disfluent, s["text"]
        assert ("flagged" in cell.classes) == s["flagged"]
        assert cell.attrs["href"] == f"#doc-1-s{s['index']}"
    unscored = root.by_id("doc-2").find_all("div", "strip")[0]
    assert "not scored" in unscored.text()
    assert all("fn" in c.classes for c in unscored.find_all("div", "cells")[0].find_all("a"))


def test_html_verdict_reasons_signature_and_errors(page: str, report: dict) -> None:
    root, _ = parse(page)
    verdict = root.by_id("doc-1").find_all("div", "verdict")[0].text()
    assert "Machine-translated" in verdict and "French (fr)" in verdict
    for reason in report["documents"][0]["verdict"]["reasons"]:
        assert reason["text"] in verdict
    assert report["signature_string"] in root.text()
    assert "no such file or directory" in root.by_id("doc-3").text()
    assert "N310" in root.by_id("run-findings").text()


# --- Markdown ---------------------------------------------------------------------


def test_markdown_structure(run: RunAudit, report: dict) -> None:
    md = get_reporter("markdown").render(run)
    lines = md.splitlines()
    assert lines[0] == "## mtaudit report"
    headings = [ln for ln in lines if ln.startswith("### ")]
    assert headings == [
        "### Awani Review",
        "### Awani Review",
        "### feeds/missing.txt",
        "### Across documents",
    ]
    table_rows = [ln for ln in lines if ln.startswith("| ") and "**C201**" in ln]
    assert len(table_rows) == 2 * sum(1 for c, *_ in SAMPLE_FINDINGS if c == "C201")
    # Every table row has the same number of unescaped pipes as its header.
    for block in _tables(lines):
        widths = {len(re.findall(r"(?<!\\)\|", row)) for row in block}
        assert len(widths) == 1, block
    assert "`" + report["signature_string"] + "`" in md
    assert "Could not be audited" in md


def test_a_huge_run_fits_in_a_github_comment_and_says_what_it_leaves_out() -> None:
    # GitHub refuses a comment body over 65,536 characters (a job summary over 1 MiB)
    # whole: 300 articles made a Markdown report of 740 kB that could not be posted.
    import dataclasses

    from audits.reports.markdown_report import MAX_BYTES

    base = sample_audit()
    audits = []
    for i in range(300):
        doc = dataclasses.replace(base.document, id=f"news/{i:03}.txt", title=f"Article {i}")
        verdict = dataclasses.replace(base.verdict, probability=0.5 + i / 1000)
        audits.append(dataclasses.replace(base, document=doc, verdict=verdict))
    run = dataclasses.replace(sample_run(), documents=audits)
    md = get_reporter("markdown").render(run)
    assert len(md.encode("utf-8")) <= MAX_BYTES
    shown = [ln for ln in md.splitlines() if ln.startswith("### Article")]
    assert 0 < len(shown) < 300
    assert f"**{300 - len(shown)} more documents not shown:**" in md
    # The most likely machine translations are the ones shown, in the report's order.
    assert shown == [f"### Article {i}" for i in range(300 - len(shown), 300)]
    assert md.rstrip().endswith("</details>")  # the signature is still there
    for block in _tables(md.splitlines()):
        widths = {len(re.findall(r"(?<!\\)\|", row)) for row in block}
        assert len(widths) == 1, block


def _tables(lines: list[str]) -> list[list[str]]:
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in [*lines, ""]:
        if line.startswith("|"):
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    return blocks


# --- CSV --------------------------------------------------------------------------


def test_csv_one_row_per_finding(run: RunAudit, report: dict) -> None:
    text = get_reporter("csv").render(run)
    assert text.startswith("\ufeffdocument,")  # the BOM that makes Excel read UTF-8
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline="")))
    ok = [r for r in rows if r["status"] == "ok"]
    per_doc = sum(len(d["findings"]) for d in report["documents"])
    places = sum(len(rf["places"]) for rf in report["run_findings"])
    assert len(ok) == per_doc + places
    first = report["documents"][0]["findings"][0]
    row = next(r for r in ok if r["fingerprint"] == first["fingerprint"])
    assert row["text"] == first["text"] and row["code"] == first["code"]
    assert int(row["line"]) == first["line"] and int(row["start"]) == first["start"]
    assert row["document"] == report["documents"][0]["id"]
    translated = report["documents"][0]["verdict"]["translated_probability"]
    assert float(row["translated_probability"]) == pytest.approx(translated)
    errors = [r for r in rows if r["status"] == "error"]
    assert len(errors) == 1 and "no such file" in errors[0]["message"]


# The columns before the verdict's threshold and the source language's reason were
# added: a sheet or script that reads them by position keeps reading them.
CSV_COLUMNS_BEFORE_THRESHOLD = [
    "document", "title", "url", "status", "probability", "translated_probability",
    "machine_translated", "source_lang_guess", "code", "name", "family", "severity",
    "line", "column", "end_line", "end_column", "start", "end", "text", "message",
    "suggestion", "source_lang", "strength", "sentence", "fingerprint",
]  # fmt: skip


@pytest.mark.parametrize(
    ("changes", "confidence", "unnamed", "tied"),
    [
        ({"source_lang": "fr", "source_lang_confidence": 0.87}, "0.87", "", ""),
        (
            {
                "source_lang": None,
                "source_lang_confidence": 0.0,
                "source_lang_scores": {"de": 1.6, "es": 1.6},
            },
            "0.0",
            "tie",
            "de es",
        ),
        (
            {"source_lang": None, "source_lang_confidence": 0.0, "source_lang_scores": {"fr": 0.3}},
            "0.0",
            "thin",
            "",
        ),
    ],
    ids=["named", "tie", "thin"],
)
def test_a_csv_row_says_its_threshold_and_why_no_source_language_is_named(
    changes: dict, confidence: str, unnamed: str, tied: str
) -> None:
    """A row gave P and the verdict but not the threshold P was judged against (a
    --fail-over run and a default one read the same), nor why `source_lang_guess` was
    empty: too little evidence, a tie (and between which languages) or no language
    standing out, which the JSON says in `source_lang_unnamed`."""
    run = sample_run()
    audit = run.documents[0]
    verdict = dataclasses.replace(
        audit.verdict, threshold=0.4691, source_lang_unnamed=None, **changes
    )
    run = dataclasses.replace(
        run, documents=[dataclasses.replace(audit, verdict=verdict), unreadable_audit()]
    )
    text = get_reporter("csv").render(run).removeprefix("\ufeff")
    header = next(csv.reader(io.StringIO(text, newline="")))
    assert header == [
        *CSV_COLUMNS_BEFORE_THRESHOLD,
        "threshold",
        "source_lang_confidence",
        "source_lang_unnamed",
        "source_lang_tied",
    ]
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    ok = [r for r in rows if r["status"] == "ok"]
    assert ok and all(r["threshold"] == "0.4691" for r in ok)
    assert {r["source_lang_confidence"] for r in ok} == {confidence}
    assert {(r["source_lang_unnamed"], r["source_lang_tied"]) for r in ok} == {(unnamed, tied)}
    (error,) = [r for r in rows if r["status"] == "error"]
    assert error["threshold"] == error["source_lang_unnamed"] == ""


# --- JSONL ------------------------------------------------------------------------


def test_jsonl_one_document_per_line(run: RunAudit, report: dict) -> None:
    text = get_reporter("jsonl").render(run)
    lines = text.split("\n")
    assert lines[-1] == "" and len(lines) - 1 == len(report["documents"])
    for line, entry in zip(lines, report["documents"], strict=False):
        doc = json.loads(line)
        assert doc["schema"] == "mtaudit/1"
        assert doc["signature_string"] == report["signature_string"]
        assert doc["id"] == entry["id"] and doc["findings"] == entry["findings"]
    first = json.loads(lines[0])
    assert [rf["code"] for rf in first["run_findings"]] == ["N310"]
    assert json.loads(lines[2])["run_findings"] == []


def test_a_jsonl_line_holds_the_run_findings_places_in_its_own_document() -> None:
    # Every line held every place of each run-level finding involving it: the 500
    # copies of one wire story grouped by S520 made 500 lines of 500 places each.
    base = sample_audit()
    audits = [
        dataclasses.replace(base, document=dataclasses.replace(base.document, id=f"n/{i}.txt"))
        for i in range(30)
    ]
    run = dataclasses.replace(sample_run(), documents=audits)
    name = next(f for f in base.findings if f.code in ("N301", "N302"))
    run.run_findings = [run_finding(audits[:1])]
    run.run_findings[0].places = [(a.document.id, name) for a in audits]
    lines = [json.loads(line) for line in get_reporter("jsonl").render(run).splitlines()]
    for line in lines:
        (rf,) = line["run_findings"]
        assert [p["document"] for p in rf["places"]] == [line["id"]]
        assert rf["documents"] == [a.document.id for a in audits]
    from audits.baseline import parse_baseline

    as_jsonl = parse_baseline(get_reporter("jsonl").render(run), "run.jsonl")
    as_json = parse_baseline(get_reporter("json").render(run), "run.json")
    assert as_jsonl.run_finding_places == as_json.run_finding_places
    # A JSONL report of an older mtaudit, every place on every line, reads the same.
    full = run_to_dict(run)["run_findings"]
    older = "".join(json.dumps({**line, "run_findings": full}) + "\n" for line in lines)
    assert parse_baseline(older, "old.jsonl").run_finding_places == as_json.run_finding_places


def _run_finding_under_a_baseline():  # type: ignore[no-untyped-def]
    """A run of n/0.txt under a baseline with a name finding across n/0..2.txt, its
    run finding's places left to the caller; and that name finding."""
    from audits.document import BaselineComparison

    base = sample_audit()
    audits = [
        dataclasses.replace(base, document=dataclasses.replace(base.document, id=f"n/{i}.txt"))
        for i in range(3)
    ]
    run = dataclasses.replace(sample_run(), documents=audits[:1])
    run.baseline = BaselineComparison(path="base.json", signature="x", signature_matches=True)
    name = next(f for f in base.findings if f.code in ("N301", "N302"))
    run.run_findings = [run_finding(audits[:1])]
    return run, name


def test_a_jsonl_run_finding_under_a_baseline_names_the_documents_of_its_known_places() -> None:
    # `documents` is every document the finding involves, but under a baseline it was
    # built from the new places alone: a story copied into three articles, one of them
    # new, named only the new one, as if the finding involved no other.
    run, name = _run_finding_under_a_baseline()
    run.run_findings[0].places = [("n/0.txt", name)]
    run.run_findings[0].known_places = [("n/1.txt", name), ("n/2.txt", name)]
    (line,) = [json.loads(x) for x in get_reporter("jsonl").render(run).splitlines()]
    (rf,) = line["run_findings"]
    assert [p["document"] for p in rf["places"]] == ["n/0.txt"]
    assert rf["documents"] == ["n/0.txt", "n/1.txt", "n/2.txt"]
    assert rf["baseline"] == {"known_places": 2}


def test_a_sarif_run_finding_names_each_document_of_the_whole_finding_once() -> None:
    # properties.documents was the shown places' documents: one entry a place (a name
    # misspelled twice in one article named it twice), and under a baseline none of
    # the documents of its known places, which the JSONL report's `documents` names.
    run, name = _run_finding_under_a_baseline()
    run.run_findings[0].places = [("n/0.txt", name), ("n/0.txt", name)]
    run.run_findings[0].known_places = [("n/1.txt", name), ("n/2.txt", name)]
    log = json.loads(get_reporter("sarif").render(run))
    (across,) = [r for r in log["runs"][0]["results"] if r["ruleId"] == "N310"]
    assert len(across["locations"]) == 2
    expected = ["n/0.txt", "n/1.txt", "n/2.txt"]
    assert across["properties"]["documents"] == expected
    (line,) = [json.loads(x) for x in get_reporter("jsonl").render(run).splitlines()]
    assert line["run_findings"][0]["documents"] == expected


def test_a_jsonl_place_without_a_document_is_not_put_on_the_line_of_one_named_none() -> None:
    # A place's document was keyed by str(), so a place without one (an API caller's
    # run finding) went on the line of a document whose id was really "None".
    base = sample_audit()
    named_none = dataclasses.replace(
        base, document=dataclasses.replace(base.document, id="None", source="None")
    )
    run = dataclasses.replace(sample_run(), documents=[named_none])
    name = next(f for f in base.findings if f.code in ("N301", "N302"))
    run.run_findings = [run_finding([named_none])]
    run.run_findings[0].places = [(None, name)]  # type: ignore[list-item]
    (line,) = [json.loads(x) for x in get_reporter("jsonl").render(run).splitlines()]
    assert line["id"] == "None" and line["run_findings"] == []


def test_a_jsonl_report_is_the_same_baseline_as_the_json_report(run: RunAudit) -> None:
    from audits.baseline import apply_baseline, parse_baseline

    # The run finding (N310) involves two documents, so it is on two JSONL lines.
    as_json = parse_baseline(get_reporter("json").render(run), "run.json")
    as_jsonl = parse_baseline(get_reporter("jsonl").render(run), "run.jsonl")
    assert as_jsonl.run_finding_places == as_json.run_finding_places
    assert len(run.run_findings) == 1
    assert sum(as_jsonl.run_finding_places.values()) == len(run.run_findings[0].places)
    again = apply_baseline(run, as_jsonl)
    assert again.run_findings == [] and again.baseline.known_run_findings == 1


# --- SARIF ------------------------------------------------------------------------


def test_sarif_validates_against_the_official_schema(run: RunAudit) -> None:
    validate_sarif(json.loads(get_reporter("sarif").render(run)))


def test_sarif_schema_is_the_official_one_and_strict_enough_to_catch_mistakes() -> None:
    schema = sarif_schema()
    assert schema["id"].endswith("/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json")
    bad = {"version": "2.1.0", "runs": [{"tool": {"driver": {}}, "columnKind": "bytes"}]}
    with pytest.raises(jsonschema.ValidationError):
        validate_sarif(bad)


def test_sarif_results_rules_and_regions(run: RunAudit, report: dict) -> None:
    log = json.loads(get_reporter("sarif").render(run))
    sarif_run = log["runs"][0]
    assert sarif_run["columnKind"] == "unicodeCodePoints"
    rules = sarif_run["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    assert "S500" in ids and set(RULES) <= set(ids)  # the registry, plus codes found
    s500 = rules[ids.index("S500")]
    assert "Why it matters" in s500["help"]["text"]
    assert "## What it does" in s500["help"]["markdown"]
    entry = report["documents"][0]
    results = [
        r
        for r in sarif_run["results"]
        if r["properties"].get("document") == entry["id"] and r["ruleId"] != "machine-translated"
    ]
    assert len(results) == len(entry["findings"])
    text = sample_document().text
    lines = text.split("\n")
    for result, f in zip(results, entry["findings"], strict=True):
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"] == f["code"]
        location = result["locations"][0]["physicalLocation"]
        uri = location["artifactLocation"]["uri"]
        assert uri == "samples/awani-lavrov-blinken.txt"
        assert location["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        region = location["region"]
        # 1-based, end column exclusive, counted in code points: slicing gives the span.
        if region["startLine"] == region["endLine"]:
            line = lines[region["startLine"] - 1]
            got = line[region["startColumn"] - 1 : region["endColumn"] - 1]
            assert got == f["text"]
        assert text[region["charOffset"] : region["charOffset"] + region["charLength"]] == f["text"]
        # The sentence is the context when it holds more than the finding: SARIF asks
        # for "a proper superset" (§3.29.5), and a duplicated line that is its whole
        # sentence had itself as its context.
        context = location.get("contextRegion")
        sentence = next(s for s in entry["sentences"] if s["index"] == f["sentence"])
        if sentence["start"] <= f["start"] and f["end"] <= sentence["end"]:
            assert (context is None) == (
                (sentence["start"], sentence["end"]) == (f["start"], f["end"])
            )
        if context is not None:
            assert context["snippet"]["text"] == sentence["text"] != f["text"]
            assert (context["startLine"], context["startColumn"]) <= (
                region["startLine"],
                region["startColumn"],
            )
            assert (region["endLine"], region["endColumn"]) <= (
                context["endLine"],
                context["endColumn"],
            )
        # A second copy of a finding in the document is numbered, as GitHub numbers
        # identical lines: with one fingerprint a dashboard could not tell them apart.
        shown = result["partialFingerprints"]["mtauditFinding/v1"]
        assert shown.split(":")[0] == f["fingerprint"]
        assert result["level"] in ("error", "warning", "note")
    props = sarif_run["properties"]
    assert props["signatureString"] == report["signature_string"]
    assert props["signature"] == report["signature"]
    invocation = sarif_run["invocations"][0]
    assert invocation["executionSuccessful"] is False  # one input could not be read
    assert "no such file" in invocation["toolExecutionNotifications"][0]["message"]["text"]
    assert invocation["startTimeUtc"].endswith("Z")
    n310 = [r for r in sarif_run["results"] if r["ruleId"] == "N310"]
    assert len(n310) == 1 and len(n310[0]["locations"]) == 2
    prints = [r["partialFingerprints"]["mtauditFinding/v1"] for r in results]
    assert len(set(prints)) == len(prints) and any(p.endswith(":2") for p in prints)


@pytest.mark.parametrize(
    ("unreadable", "exit_code", "successful"),
    [(False, 1, True), (True, 2, False)],
    ids=["gate-failed", "input-unreadable"],
)
def test_sarif_execution_is_successful_unless_an_input_could_not_be_read(
    unreadable: bool, exit_code: int, successful: bool
) -> None:
    """SARIF 2.1.0's ``executionSuccessful`` says whether the tool failed, not whether
    it found something: a gate failed on a machine-translated document (exit 1) is the
    audit doing its job, and stays true; an input it could not read (exit 2) is work
    it was given and did not do, false, with an error notification naming the input.
    Pinned here because the two exit codes are easy to conflate."""
    from audits.config import AuditConfig
    from audits.gate import evaluate, outcome

    run = sample_run(extra=[unreadable_audit()] if unreadable else [])
    run.gate = outcome(evaluate(run, AuditConfig(lm=False)), AuditConfig(lm=False))
    (invocation,) = json.loads(get_reporter("sarif").render(run))["runs"][0]["invocations"]
    assert invocation["exitCode"] == exit_code
    assert invocation["executionSuccessful"] is successful
    errors = [
        n["message"]["text"]
        for n in invocation.get("toolExecutionNotifications", [])
        if n["level"] == "error"
    ]
    assert errors == (["feeds/missing.txt: no such file or directory"] if unreadable else [])


def test_sarif_has_a_result_for_a_document_judged_machine_translated(
    run: RunAudit, report: dict
) -> None:
    # The verdict was only in the run's properties: a --fail-over gate failed and
    # GitHub code scanning, which shows results alone, showed no alert.
    log = json.loads(get_reporter("sarif").render(run))
    validate_sarif(log)
    sarif_run = log["runs"][0]
    rules = sarif_run["tool"]["driver"]["rules"]
    entry = report["documents"][0]
    v = entry["verdict"]
    assert v["machine_translated"]
    (result,) = [
        r
        for r in sarif_run["results"]
        if r["ruleId"] == "machine-translated" and r["properties"]["document"] == entry["id"]
    ]
    assert rules[result["ruleIndex"]]["id"] == "machine-translated"
    assert result["level"] == "error"
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "samples/awani-lavrov-blinken.txt"
    assert location["region"] == {"startLine": 1}
    text = result["message"]["text"]
    assert text.startswith("P(machine-translated) = ") and v["reasons"][0]["text"] in text
    assert result["properties"]["probability"] == v["probability"]
    # The same words as the GitHub annotation's ::error for the document.
    errors = [
        ln
        for ln in get_reporter("github").render(run).splitlines()
        if ln.startswith("::error") and "Machine-translated" in ln
    ]
    assert any(ln.endswith("::" + escape_data(text)) for ln in errors)
    # A document under the threshold has no such result.
    calm = dataclasses.replace(
        run,
        documents=[
            dataclasses.replace(a, verdict=dataclasses.replace(a.verdict, machine_translated=False))
            if a.verdict
            else a
            for a in run.documents
        ],
    )
    calm_log = json.loads(get_reporter("sarif").render(calm))
    assert not [r for r in calm_log["runs"][0]["results"] if r["ruleId"] == "machine-translated"]


def test_a_huge_sarif_log_stays_within_what_github_code_scanning_takes() -> None:
    # GitHub code scanning rejects a whole log with more than 25,000 results in a run
    # or 1,000 locations in one result: a crawl of 1,800 articles (25,000+ findings,
    # a name misspelled in all of them) made a log that showed no alert at all.
    base = sample_audit()
    per_doc = len(base.findings) + 1  # and its verdict
    audits = [
        dataclasses.replace(
            base, document=dataclasses.replace(base.document, id=f"news/{i:04}.txt")
        )
        for i in range(25_000 // per_doc + 20)
    ]
    run = dataclasses.replace(sample_run(), documents=audits)
    name = next(f for f in base.findings if f.code in ("N301", "N302"))
    run.run_findings = [run_finding(audits[:1])]
    run.run_findings[0].places = [(a.document.id, name) for a in audits]
    log = json.loads(get_reporter("sarif").render(run))
    sarif_run = log["runs"][0]
    results = sarif_run["results"]
    assert len(results) == 25_000
    total = len(audits) * per_doc + 1
    # The most severe are kept: every verdict (an error) and the run finding.
    verdicts = [r for r in results if r["ruleId"] == "machine-translated"]
    assert len(verdicts) == len(audits)
    (across,) = [r for r in results if r["ruleId"] == "N310"]
    assert len(across["locations"]) == 1_000
    assert across["properties"]["documents"] == [a.document.id for a in audits]
    assert across["properties"]["locationsLeftOut"] == len(audits) - 1_000
    levels = [r["level"] for r in results]
    rank = {"error": 0, "warning": 1, "note": 2}
    left_out_from = max(rank[level] for level in levels)
    assert all(rank[level] <= left_out_from for level in levels)
    # In document order still, and the run says what it left out.
    ids = [r["properties"].get("document") for r in results if r["ruleId"] != "N310"]
    assert ids == sorted(ids)
    assert sarif_run["properties"]["resultsLeftOut"] == total - 25_000
    notes = sarif_run["invocations"][0]["toolExecutionNotifications"]
    assert any(
        n["level"] == "warning" and f"{total - 25_000} results left out" in n["message"]["text"]
        for n in notes
    )


def test_sarif_points_at_the_record_line_for_jsonl_and_not_into_html() -> None:
    from audits.reports.locations import locate

    record = locate({"source": "samples/articles.jsonl:2", "meta": {"encoding": "utf-8"}})
    assert record.path == "samples/articles.jsonl" and record.record_line == 2
    assert not record.exact
    page = locate({"source": "samples/berlin-heating-law.html", "meta": {"extracted_from": "html"}})
    assert page.path == "samples/berlin-heating-law.html" and not page.exact
    assert not locate({"source": "stdin", "meta": {}}).path
    assert locate({"source": "https://example.org/a", "meta": {}}).uri == "https://example.org/a"


# --- GitHub annotations -------------------------------------------------------------

_COMMAND = re.compile(r"^::(?P<level>error|warning|notice)(?: (?P<props>[^:]*))?::(?P<msg>.*)$")


def parse_annotation(line: str) -> tuple[str, dict[str, str], str]:
    m = _COMMAND.match(line)
    assert m, line
    props = dict(p.split("=", 1) for p in (m["props"] or "").split(",") if p)
    return m["level"], props, m["msg"]


def test_github_annotations(run: RunAudit, report: dict) -> None:
    lines = get_reporter("github").render(run).splitlines()
    parsed = [parse_annotation(line) for line in lines]
    entry = report["documents"][0]
    mine = [p for p in parsed if p[1].get("file") == "samples/awani-lavrov-blinken.txt"]
    verdicts = [p for p in mine if p[1]["title"].startswith("Machine-translated")]
    assert len(verdicts) == 1 and verdicts[0][0] == "error"
    findings = [p for p in mine if not p[1]["title"].startswith("Machine-translated")]
    assert len(findings) == len(entry["findings"])
    for (level, props, msg), f in zip(findings, entry["findings"], strict=True):
        assert props["title"].startswith(f["code"])
        assert int(props["line"]) == f["line"] and int(props["endLine"]) == f["end_line"]
        if f["line"] == f["end_line"]:
            assert int(props["col"]) == f["column"]
            assert int(props["endColumn"]) == f["end_column"]
        assert level == {"warning": "warning", "info": "notice", "error": "error"}[f["severity"]]
        assert f["message"] in msg
    errors = [p for p in parsed if p[1].get("title") == "mtaudit%3A unreadable input"]
    assert len(errors) == 1
    assert parsed[0][0] == "notice" and report["signature_string"] in parsed[0][2]


def test_github_annotations_put_what_github_shows_first() -> None:
    # GitHub makes annotations of only the first ten commands of each level a step
    # prints: the summary came last and was lost, and which ten documents showed as
    # machine-translated depended on the order of the inputs.
    import dataclasses

    audits = []
    for i in range(12):
        audit = sample_audit(sample_document(f"feed/{i:02d}.txt"))
        p = 0.9 + i / 200
        audits.append(
            dataclasses.replace(audit, verdict=dataclasses.replace(audit.verdict, probability=p))
        )
    run = RunAudit(documents=[*audits, unreadable_audit()])
    parsed = [parse_annotation(line) for line in get_reporter("github").render(run).splitlines()]
    level, props, msg = parsed[0]
    assert level == "notice" and props["title"] == "mtaudit summary"
    warnings = sum(1 for p in parsed if p[0] == "warning")
    assert warnings > 10 and f"{warnings} warnings" in msg and "first 10" in msg
    errors = [p for p in parsed if p[0] == "error"]
    assert errors[0][1]["title"] == "mtaudit%3A unreadable input"
    order = [p[1]["file"] for p in errors[1:]]
    assert order == [f"feed/{i:02d}.txt" for i in reversed(range(12))]  # most likely first


def test_github_annotations_name_files_from_the_repository_root(
    run: RunAudit, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A workflow step with `working-directory: samples` audits awani-lavrov-blinken.txt;
    # GitHub resolves `file=` against the repository (GITHUB_WORKSPACE), not the step.
    repo = Path(__file__).resolve().parents[1]
    monkeypatch.setenv("GITHUB_WORKSPACE", str(repo))
    monkeypatch.chdir(repo / "samples")
    doc = sample_document("awani-lavrov-blinken.txt")
    lines = get_reporter("github").render(RunAudit(documents=[sample_audit(doc)])).splitlines()
    files = {parse_annotation(line)[1].get("file") for line in lines}
    assert files == {"samples/awani-lavrov-blinken.txt", None}  # None: the summary
    # Outside a job, or for a file outside the workspace, the path stays as it was.
    monkeypatch.setenv("GITHUB_WORKSPACE", str(tmp_path))
    lines = get_reporter("github").render(RunAudit(documents=[sample_audit(doc)])).splitlines()
    assert {parse_annotation(line)[1].get("file") for line in lines} == {
        "awani-lavrov-blinken.txt",
        None,
    }


def test_sarif_uris_start_from_the_repository_root_in_a_github_job(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Code scanning resolves a relative URI against the repository, not the step's
    # working directory: `working-directory: samples` gave a URI GitHub could not find.
    repo = Path(__file__).resolve().parents[1]
    monkeypatch.chdir(repo / "samples")
    docs = [sample_document("awani-lavrov-blinken.txt"), sample_document("../README.md")]
    run = RunAudit(documents=[sample_audit(d) for d in docs])

    def artifacts() -> tuple[list[dict], str]:
        sarif_run = json.loads(get_reporter("sarif").render(run))["runs"][0]
        root = sarif_run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        return [a["location"] for a in sarif_run["artifacts"]], root

    monkeypatch.setenv("GITHUB_WORKSPACE", str(repo))
    locations, root = artifacts()
    assert root == repo.as_uri() + "/"
    assert locations == [
        {"uri": "samples/awani-lavrov-blinken.txt", "uriBaseId": "%SRCROOT%"},
        {"uri": "README.md", "uriBaseId": "%SRCROOT%"},
    ]
    # A file outside the workspace is named absolutely; outside a job nothing changes.
    monkeypatch.setenv("GITHUB_WORKSPACE", str(repo / "samples"))
    locations, _ = artifacts()
    assert locations[1] == {"uri": (repo / "README.md").as_uri()}
    monkeypatch.setenv("GITHUB_WORKSPACE", str(tmp_path))
    locations, root = artifacts()
    assert root == (repo / "samples").as_uri() + "/"
    assert locations[0] == {"uri": "awani-lavrov-blinken.txt", "uriBaseId": "%SRCROOT%"}


# --- terminal -------------------------------------------------------------------------


def test_terminal_shows_a_finding_tied_to_no_sentence() -> None:
    # A panel listed findings under their sentences only: one tied to none (a span in a
    # document without sentences) was left out, and the panel said "No findings."
    base = sample_audit()
    loose = dataclasses.replace(base.findings[0], sentence=None)
    audit = dataclasses.replace(base, findings=[loose])
    out = get_reporter("terminal", width=200).render(
        dataclasses.replace(sample_run(), documents=[audit])
    )
    assert "No findings." not in out
    assert loose.code in out and loose.message in out and loose.text in out


def test_terminal_footer_has_the_compact_signature(run: RunAudit, report: dict) -> None:
    text = get_reporter("terminal", width=80).render(run)
    assert f"signature: {report['signature_string']}" in text.splitlines()


# RFC 3986: a URI reference holds only these characters and percent-escapes.
_URI_REFERENCE = re.compile(r"(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?#\[\]]|%[0-9A-Fa-f]{2})*")


def test_sarif_artifact_uris_are_valid_uri_references(tmp_path: Path) -> None:
    # The schema says format "uri-reference", which jsonschema checks only with extras.
    from audits.config import AuditConfig
    from audits.document import Document
    from audits.engine import audit_documents

    text = sample_document().text
    sources = [
        "https://news.example/Straße/a b?q=<x>&p=100%#top",
        "https://news.example/caf%C3%A9",
        str(tmp_path / "in dir" / "café #1.txt"),
    ]
    docs = [Document(id=str(i), text=text, source=s) for i, s in enumerate(sources)]
    log = json.loads(get_reporter("sarif").render(audit_documents(docs, AuditConfig(lm=False))))
    uris = [a["location"]["uri"] for a in log["runs"][0]["artifacts"]]
    assert uris[:2] == [
        "https://news.example/Stra%C3%9Fe/a%20b?q=%3Cx%3E&p=100%25#top",
        "https://news.example/caf%C3%A9",
    ]
    assert uris[2].endswith("in%20dir/caf%C3%A9%20%231.txt")
    assert all(_URI_REFERENCE.fullmatch(uri) for uri in uris), uris


def test_every_sarif_result_names_an_artifact_as_github_requires() -> None:
    # `... | mtaudit audit - -f sarif`: the stdin document's results had only a logical
    # location, and GitHub code scanning refuses the whole log for one such result
    # ("locationFromSarifResult: expected artifact location"), every other file's
    # alerts with it. So did a document made in Python without a source.
    from audits.config import AuditConfig
    from audits.document import Document
    from audits.engine import audit_documents

    text = sample_document().text
    docs = [
        Document(id="stdin", text=text, source="stdin"),
        Document(id="memo 1", text=text, source=""),
    ]
    log = json.loads(get_reporter("sarif").render(audit_documents(docs, AuditConfig(lm=False))))
    validate_sarif(log)
    (sarif_run,) = log["runs"]
    results = sarif_run["results"]
    assert results
    named = [loc["physicalLocation"]["artifactLocation"] for r in results for loc in r["locations"]]
    assert len(named) == sum(len(r["locations"]) for r in results)
    artifacts = [a["location"]["uri"] for a in sarif_run["artifacts"]]
    assert artifacts == ["stdin", "memo%201"]
    assert {artifacts[a["index"]] for a in named} == {"stdin", "memo%201"}
    assert all(a["uri"] == artifacts[a["index"]] and "uriBaseId" not in a for a in named)


def test_every_sarif_result_has_a_start_line_and_stdin_records_are_lines_of_stdin() -> None:
    """GitHub code scanning refuses a log with a result that has no region.startLine
    (validator rule GH1003), every file's alerts with it: results on stdin's text and
    on pages fetched from URLs had none, and a JSONL record read from stdin was an
    artifact of its own, "stdin%3A2", where a record of a file is a line of the file."""
    from audits.config import AuditConfig
    from audits.document import Document
    from audits.engine import audit_documents

    text = sample_document().text
    utf8 = {"encoding": "utf-8"}
    page = {"encoding": "utf-8", "extracted_from": "html"}
    docs = [
        Document(id="stdin", text=text, source="stdin", meta=utf8),
        Document(id="stdin:2", text=text, source="stdin:2", meta=utf8),
        Document(id="https://example.org/a", text=text, source="https://example.org/a", meta=page),
    ]
    run = audit_documents(docs, AuditConfig(lm=False))
    log = json.loads(get_reporter("sarif").render(run))
    validate_sarif(log)
    (sarif_run,) = log["runs"]
    assert [a["location"]["uri"] for a in sarif_run["artifacts"]] == [
        "stdin",
        "https://example.org/a",
    ]
    by_doc: dict[str, list[dict]] = {}
    for r in sarif_run["results"]:
        for where in r["locations"]:
            assert where["physicalLocation"]["region"]["startLine"] >= 1, r
        if r["ruleId"] != "machine-translated" and len(r["locations"]) == 1:
            name = r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"]
            by_doc.setdefault(name, []).append(r["locations"][0])
    report = run_to_dict(run)
    # stdin's text is read as it is: its regions are its own lines and columns.
    for where, f in zip(by_doc["stdin"], report["documents"][0]["findings"], strict=True):
        region = where["physicalLocation"]["region"]
        assert (region["startLine"], region["startColumn"]) == (f["line"], f["column"])
    assert {w["physicalLocation"]["region"]["startLine"] for w in by_doc["stdin:2"]} == {2}
    assert {w["physicalLocation"]["region"]["startLine"] for w in by_doc[docs[2].id]} == {1}
    # GitHub annotations name no file for stdin or a URL, so they give no line either.
    for line in get_reporter("github").render(run).splitlines():
        assert "file=" in line or "line=" not in line, line


def test_a_feed_entry_points_into_its_feed_file(tmp_path: Path) -> None:
    """An entry's source is "news.rss#1": SARIF named the artifact "news.rss%231" and
    annotations said file=news.rss#1, a file that does not exist, so code scanning and
    the pull request showed the alert at no file."""
    from audits.config import AuditConfig
    from audits.engine import audit_documents
    from audits.sources import read_inputs

    said = "The diplomatic chief said that the talks were held in the frame of the summit."
    feed = tmp_path / "news.rss"
    feed.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>\n'
        "<title>News</title><link>https://example.org/</link>\n"
        "<item><title>Talks</title><guid>t1</guid>\n<description>\n"
        f"{said} {said}\n</description></item>\n</channel></rss>\n",
        encoding="utf-8",
    )
    run = audit_documents(read_inputs([str(feed)]), AuditConfig(lm=False))
    assert run.documents[0].document.source == f"{feed}#1"
    log = json.loads(get_reporter("sarif").render(run))
    validate_sarif(log)
    (sarif_run,) = log["runs"]
    assert [a["location"]["uri"] for a in sarif_run["artifacts"]] == [feed.as_uri()]
    lines = {
        r["locations"][0]["physicalLocation"]["region"]["startLine"]
        for r in sarif_run["results"]
        if r["ruleId"] != "machine-translated"
    }
    assert lines == {6}  # the feed's line where the flagged words stand
    annotations = [parse_annotation(a) for a in get_reporter("github").render(run).splitlines()]
    files = {props.get("file") for _, props, _ in annotations[1:]}
    assert files == {feed.as_posix()}
    # A feed read from stdin is no file of the repository.
    from audits.reports.locations import locate

    assert locate({"source": "stdin#2", "meta": {"entry_index": 2}}).uri is None
    from_stdin = dataclasses.replace(
        run.documents[0],
        document=dataclasses.replace(run.documents[0].document, source="stdin#1"),
    )
    log = json.loads(get_reporter("sarif").render(dataclasses.replace(run, documents=[from_stdin])))
    assert log["runs"][0]["artifacts"] == [{"location": {"uri": "stdin"}}]


def test_csv_has_every_document_even_one_without_findings() -> None:
    from audits.config import AuditConfig
    from audits.document import Document
    from audits.engine import audit_documents

    clean = Document(
        id="clean", text="The council met on Tuesday and approved the budget.", source="clean"
    )
    run = audit_documents([clean, sample_document()], AuditConfig(lm=False))
    report = run_to_dict(run)
    text = get_reporter("csv").render(run).removeprefix("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert {r["document"] for r in rows} == {d["id"] for d in report["documents"]}
    (bare,) = [r for r in rows if r["document"] == "clean"]
    verdict = report["documents"][0]["verdict"]
    assert bare["code"] == "" and bare["status"] == "ok"
    assert float(bare["probability"]) == pytest.approx(verdict["probability"])
    findings = sum(len(d["findings"]) for d in report["documents"])
    assert sum(1 for r in rows if r["code"]) == findings == report["summary"]["findings"]


def test_a_sarif_log_too_large_gzipped_leaves_out_results_until_it_fits(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # GitHub code scanning also rejects a log over 10 MB gzipped, however few results
    # it holds: a crawl under 25,000 results with long messages made one, and the
    # upload failed with no alert. The limit is made small here, not the log large.
    # Sixty documents, so that their results, not the rules' descriptions (which grow
    # with every rule: 30 left too little room once C208 and C209 came), fill the log.
    import gzip

    from audits.reports import sarif_report

    base = sample_audit()
    audits = [
        dataclasses.replace(
            base, document=dataclasses.replace(base.document, id=f"news/{i:04}.txt")
        )
        for i in range(60)
    ]
    run = dataclasses.replace(sample_run(), documents=audits)
    full = json.loads(get_reporter("sarif").render(run))["runs"][0]
    total = len(full["results"])
    assert "resultsLeftOut" not in full["properties"]
    whole = len(gzip.compress(get_reporter("sarif").render(run).encode()))
    limit = whole * 2 // 3
    monkeypatch.setattr(sarif_report, "MAX_GZIP_BYTES", limit)
    text = get_reporter("sarif").render(run)
    assert len(gzip.compress(text.encode(), compresslevel=6)) <= limit
    sarif_run = json.loads(text)["runs"][0]
    results = sarif_run["results"]
    left_out = total - len(results)
    assert 0 < left_out < total
    assert sarif_run["properties"]["resultsLeftOut"] == left_out
    # The most severe stay, in document order: every verdict (an error) is kept.
    assert len([r for r in results if r["ruleId"] == "machine-translated"]) == len(
        [r for r in full["results"] if r["ruleId"] == "machine-translated"]
    )
    rank = {"error": 0, "warning": 1, "note": 2}
    kept_worst = max(rank[r["level"]] for r in results)
    # Before any result, the log left out the parts code scanning never reads: the
    # artifacts list among them, so no location names an index into it.
    assert "artifacts" not in sarif_run and "documents" not in sarif_run["properties"]
    everyone = [_unindexed(r) for r in full["results"]]
    dropped = [r for r in everyone if r not in results]
    assert min(rank[r["level"]] for r in dropped) >= kept_worst
    assert results == [r for r in everyone if r in results]  # in their order
    notes = sarif_run["invocations"][0]["toolExecutionNotifications"]
    (note,) = [n for n in notes if "results left out" in n["message"]["text"]]
    assert note["message"]["text"].startswith(f"{left_out} results left out (")
    assert "gzipped" in note["message"]["text"]


def _thirty_documents() -> RunAudit:
    base = sample_audit()
    audits = [
        dataclasses.replace(
            base, document=dataclasses.replace(base.document, id=f"news/{i:04}.txt")
        )
        for i in range(30)
    ]
    return dataclasses.replace(sample_run(), documents=audits)


def _unindexed(result: dict) -> dict:
    """``result`` as a log without its artifacts list writes it."""
    from audits.reports import sarif_report

    return sarif_report._without_artifact_index(result)


def _slimmest(run: RunAudit) -> object:
    """The log's parts with every optional part a log over the size limit sheds."""
    from audits.reports import sarif_report

    parts = sarif_report._sarif_parts(run)
    return sarif_report._shed(parts, sarif_report._SHEDDING[-1])


def _gzipped_with_no_results(run: RunAudit, *, shed: bool = True) -> int:
    """What does not shrink with the results: the log with every one left out, and
    (``shed``) the optional parts a log over the limit leaves out before them."""
    import gzip

    from audits.reports import sarif_report

    parts = _slimmest(run) if shed else sarif_report._sarif_parts(run)
    log = sarif_report._limited(parts, 0, too_large=True)
    return len(gzip.compress(sarif_report._dumps(log).encode(), compresslevel=6, mtime=0))


def test_a_sarif_log_over_the_size_limit_is_cut_in_a_few_passes_to_the_most_that_fit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The rules, artifacts and documents' verdicts do not shrink with the results:
    # with them near the limit, cutting in proportion to the overshoot took 31
    # serialisations and gzips of the whole log for 450 results (minutes at 25,000).
    # Two more passes are the logs without the optional parts, tried whole first.
    import gzip
    import math

    from audits.reports import sarif_report

    run = _thirty_documents()
    total = len(json.loads(get_reporter("sarif").render(run))["runs"][0]["results"])
    limit = int(_gzipped_with_no_results(run) * 1.05)
    monkeypatch.setattr(sarif_report, "MAX_GZIP_BYTES", limit)
    passes = 0
    measure = sarif_report._gzipped_size

    def counted(data: bytes) -> int:
        nonlocal passes
        passes += 1
        return measure(data)

    monkeypatch.setattr(sarif_report, "_gzipped_size", counted)
    reporter = get_reporter("sarif")
    text = reporter.render(run)
    assert passes <= math.ceil(math.log2(total)) + 4
    assert len(gzip.compress(text.encode(), compresslevel=6, mtime=0)) <= limit
    kept = len(json.loads(text)["runs"][0]["results"])
    assert 0 < kept < total and reporter.warnings == []
    # The most that fit: one more result is over the limit.
    parts = _slimmest(run)
    one_more = sarif_report._dumps(sarif_report._limited(parts, kept + 1, too_large=True))
    assert measure(one_more.encode()) > limit


def test_a_sarif_log_under_the_size_limit_as_it_is_is_not_gzipped(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Every render gzipped the whole log to learn what its length already told.
    from audits.reports import sarif_report

    def refuse(data: bytes) -> int:
        raise AssertionError("gzipped a log that fits as it is")

    monkeypatch.setattr(sarif_report, "_gzipped_size", refuse)
    assert json.loads(get_reporter("sarif").render(_thirty_documents()))["runs"][0]["results"]


def test_a_sarif_log_over_the_size_limit_with_no_result_says_the_upload_will_fail(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # When what does not shrink is over the limit by itself, every result was left out
    # and the log, still over it, said it had been cut to fit: the upload failed.
    from audits.reports import sarif_report

    run = _thirty_documents()
    total = len(json.loads(get_reporter("sarif").render(run))["runs"][0]["results"])
    monkeypatch.setattr(sarif_report, "MAX_GZIP_BYTES", int(_gzipped_with_no_results(run) * 0.99))
    reporter = get_reporter("sarif")
    sarif_run = json.loads(reporter.render(run))["runs"][0]
    assert sarif_run["results"] == [] and sarif_run["properties"]["resultsLeftOut"] == total
    notes = sarif_run["invocations"][0]["toolExecutionNotifications"]
    (error,) = [n for n in notes if n["level"] == "error"]
    assert "even with every result, each document's verdict" in error["message"]["text"]
    assert "will reject the upload" in error["message"]["text"]
    # mtaudit read every input and did not fail: the error notification says the
    # results are incomplete, and executionSuccessful stays what it was (it said false,
    # which consumers read as a crash or a failing exit).
    assert sarif_run["invocations"][0]["executionSuccessful"] is True
    (warning,) = reporter.warnings
    assert "will reject the upload" in warning


def test_a_sarif_log_cut_to_fit_the_size_limit_still_reports_a_successful_run(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Results left out to fit are a warning (the results kept are valid, §3.58.6), not
    # a failed run.
    from audits.reports import sarif_report

    run = _thirty_documents()
    monkeypatch.setattr(sarif_report, "MAX_GZIP_BYTES", int(_gzipped_with_no_results(run) * 1.2))
    sarif_run = json.loads(get_reporter("sarif").render(run))["runs"][0]
    assert sarif_run["properties"]["resultsLeftOut"] > 0
    notes = sarif_run["invocations"][0]["toolExecutionNotifications"]
    assert {n["level"] for n in notes} == {"warning"}
    assert sarif_run["invocations"][0]["executionSuccessful"] is True


def test_a_sarif_log_over_the_size_limit_sheds_what_code_scanning_never_reads_first(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A log over the limit with no result at all (a crawl of many documents: their
    # verdicts in the run's properties and their artifacts) was written as it was, with
    # a warning that the upload would fail, and one over it with every result lost
    # results: without those two parts, which code scanning never shows, it fitted.
    from audits.reports import sarif_report

    run = _thirty_documents()
    full = json.loads(get_reporter("sarif").render(run))["runs"][0]
    parts = sarif_report._sarif_parts(run)

    def gzipped(shed: tuple[str, ...]) -> int:
        log = sarif_report._limited(sarif_report._shed(parts, shed), sarif_report.MAX_RESULTS)
        return sarif_report._gzipped_size(sarif_report._dumps(log).encode())

    bare = _gzipped_with_no_results(run, shed=False)
    # A few bytes over: the notifications name the limit ("0.036 MB", not "10 MB").
    cases = [
        (("documents",), gzipped(("documents",)) + 20),
        (("documents", "artifacts"), gzipped(("documents", "artifacts")) + 20),
        (("documents", "artifacts"), bare - 1),  # over it with no result, unshed
    ]
    for shed, limit in cases:
        monkeypatch.setattr(sarif_report, "MAX_GZIP_BYTES", limit)
        reporter = get_reporter("sarif")
        log = json.loads(reporter.render(run))
        validate_sarif(log)
        sarif_run = log["runs"][0]
        assert reporter.warnings == [], limit
        assert "documents" not in sarif_run["properties"]
        assert sarif_run["properties"]["summary"] == full["properties"]["summary"]
        notes = sarif_run["invocations"][0]["toolExecutionNotifications"]
        (note,) = [n for n in notes if "runs[0].properties.documents" in n["message"]["text"]]
        assert note["level"] == "warning"
        kept = sarif_run["results"]
        if shed == ("documents",):
            assert kept == full["results"]
            assert sarif_run["artifacts"] == full["artifacts"]
            assert "artifacts list" not in note["message"]["text"]
            continue
        assert "artifacts" not in sarif_run and "artifacts list" in note["message"]["text"]
        assert sarif_run["defaultEncoding"] == "utf-8"  # what each artifact said
        unindexed = [_unindexed(r) for r in full["results"]]
        if limit == bare - 1:  # within it now, with the results that fit
            assert sarif_run["properties"]["resultsLeftOut"] == len(unindexed) - len(kept)
        else:
            assert kept == unindexed
        assert all(r in unindexed for r in kept)
        assert not any(
            "index" in loc["physicalLocation"]["artifactLocation"]
            for r in kept
            for loc in r["locations"]
        )


def test_a_sarif_log_cut_by_both_limits_names_both(monkeypatch: pytest.MonkeyPatch) -> None:
    # A run over the result limit and still over the size limit under it counted the
    # results both cut, and named the size limit alone.
    from audits.reports import sarif_report

    run = _thirty_documents()
    total = len(json.loads(get_reporter("sarif").render(run))["runs"][0]["results"])
    monkeypatch.setattr(sarif_report, "MAX_RESULTS", total - 100)
    monkeypatch.setattr(sarif_report, "MAX_GZIP_BYTES", int(_gzipped_with_no_results(run) * 1.05))
    sarif_run = json.loads(get_reporter("sarif").render(run))["runs"][0]
    kept = len(sarif_run["results"])
    assert 0 < kept < total - 100
    notes = sarif_run["invocations"][0]["toolExecutionNotifications"]
    (note,) = [n for n in notes if "results left out" in n["message"]["text"]]
    text = note["message"]["text"]
    assert text.startswith(f"{total - kept} results left out (")
    assert f"rejects a run of more than {total - 100:,} results and a log over" in text


def test_a_shed_run_says_utf_8_for_its_text_files_unless_a_file_is_in_another_encoding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The run said defaultEncoding utf-8 only when every artifact had said it: a page
    # beside a UTF-8 text file (its results a line only, so no encoding of its own)
    # left the text file's columns and offsets to a viewer's guess. A windows-1252
    # page still keeps the run from saying it.
    from audits import AuditConfig, audit_paths
    from audits.reports import sarif_report

    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text("The diplomatic chief spoke in Geneva.\n", encoding="utf-8")
    page = "<html><body><p>The diplomatic chief left Geneva on Friday.</p></body></html>\n"
    (tmp_path / "b.html").write_text(
        page.replace("<html>", '<html><head><meta charset="utf-8"></head>'), encoding="utf-8"
    )
    (tmp_path / "c.html").write_bytes(
        page.replace("<html>", '<html><head><meta charset="windows-1252"></head>')
        .replace("left", "left the caf\xe9 in")
        .encode("windows-1252")
    )
    for paths, said in ((["a.txt", "b.html"], True), (["a.txt", "c.html"], False)):
        parts = sarif_report._sarif_parts(audit_paths(paths, AuditConfig(lm=False)))
        sarif_run = sarif_report._shed(parts, ("documents", "artifacts")).run
        assert "artifacts" not in sarif_run
        assert ("defaultEncoding" in sarif_run) is said, paths


def test_a_shed_run_says_no_encoding_beside_a_feed_whose_encoding_is_unknown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A feed's entries record no encoding in their meta, and a file without one was
    # taken for UTF-8: a windows-1252 feed beside a UTF-8 text file had the run say
    # defaultEncoding utf-8 of it too once the artifacts list was left out.
    from audits import AuditConfig, audit_paths
    from audits.reports import sarif_report

    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text("The diplomatic chief spoke in Geneva.\n", encoding="utf-8")
    (tmp_path / "feed.xml").write_bytes(
        (
            '<?xml version="1.0" encoding="windows-1252"?>\n<rss version="2.0"><channel>'
            "<title>News</title><link>https://example.com/</link>\n<item><title>Caf\xe9"
            "</title><link>https://example.com/1</link><description>The diplomatic chief "
            "left the caf\xe9 in Geneva on Friday.</description></item>\n</channel></rss>\n"
        ).encode("windows-1252")
    )
    run = audit_paths(["a.txt", "feed.xml"], AuditConfig(lm=False))
    assert [a.error for a in run.documents] == [None, None]
    assert "encoding" not in run.documents[1].document.meta
    parts = sarif_report._sarif_parts(run)
    sarif_run = sarif_report._shed(parts, ("documents", "artifacts")).run
    assert "artifacts" not in sarif_run
    assert "defaultEncoding" not in sarif_run
    # An entry's article page (--fetch-articles) has an encoding: the page's, not the
    # feed's.
    run.documents[1].document.meta.update(
        {"text_from": "article page", "encoding": "utf-8", "extracted_from": "html"}
    )
    parts = sarif_report._sarif_parts(run)
    assert "defaultEncoding" not in sarif_report._shed(parts, ("artifacts",)).run


def test_a_shed_run_with_no_artifacts_says_no_encoding_and_no_artifacts_list_left_out() -> None:
    # all([]) is true: a run with an empty artifacts list said every file was UTF-8,
    # and the notification named an artifacts list left out that the run never had.
    from audits.reports import sarif_report

    parts = sarif_report._sarif_parts(_thirty_documents())
    for run in (
        {k: v for k, v in parts.run.items() if k != "artifacts"},
        {**parts.run, "artifacts": []},
    ):
        shed = sarif_report._shed(dataclasses.replace(parts, run=run), ("documents", "artifacts"))
        assert "defaultEncoding" not in shed.run and shed.shed == ("documents",)
        log = sarif_report._limited(shed, sarif_report.MAX_RESULTS)
        notes = log["runs"][0]["invocations"][0]["toolExecutionNotifications"]
        texts = [n["message"]["text"] for n in notes]
        assert any("runs[0].properties.documents" in t for t in texts)
        assert not any("artifacts list" in t for t in texts)
        still = sarif_report._still_too_large_notification(shed.shed)["message"]["text"]
        assert "every result and each document's verdict" in still
        assert "artifacts list" not in still


def test_every_overview_lists_tied_rules_in_the_same_order() -> None:
    """Two rules found as often as each other: Markdown and the terminal listed them in
    the order the findings came ("T104×2 T102×2"), HTML by code ("T102×2 T104×2")."""
    from tests.test_verdict_display import run_with

    run = run_with(0.9, 0.5)
    audit = run.documents[0]
    first = audit.findings[0]
    findings = [dataclasses.replace(first, code=code) for code in ("T104", "T102") * 2]
    ours = dataclasses.replace(audit, findings=findings)
    other = dataclasses.replace(audit, document=dataclasses.replace(audit.document, id="other"))
    run = dataclasses.replace(run, documents=[ours, other])
    markdown = get_reporter("markdown", width=300).render(run)
    terminal = get_reporter("terminal", width=300).render(run)
    html = re.sub(r"<[^>]+>", "", get_reporter("html").render(run))
    assert "T102×2 T104×2" in markdown and "T104×2 T102×2" not in markdown
    assert "T102×2 T104×2" in terminal and "T104×2 T102×2" not in terminal
    assert "T102×2 T104×2" in html


def test_the_terminal_summary_counts_the_findings_as_the_other_heads_do() -> None:
    # Markdown, HTML and GitHub's summary said "N findings"; the terminal alone did not.
    from tests.report_fixtures import hostile_audit, sample_run

    run = sample_run(extra=[hostile_audit()])
    found = run_to_dict(run)["summary"]["findings"]
    assert found > 1
    last = get_reporter("terminal", width=300).render(run).rstrip().splitlines()
    summary = next(line for line in reversed(last) if "machine-translated ·" in line)
    assert f"· {found} findings ·" in summary
    assert f"{found} findings" in get_reporter("markdown").render(run)
