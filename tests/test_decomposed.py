"""Decomposed (NFD) text: the rules read its NFC view, reports point into the text as read.

"e" + U+0301 for "é" comes from macOS file names, some CMSs and PDFs. The rules'
``\\w`` matches no combining mark, so such a text cut "Sergueï Lavrov" at the accent
and the name rules said nothing.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest

from audits import AuditConfig, audit_document, audit_documents
from audits.composed import nfc_view
from audits.document import Document, DocumentAudit
from cli.app import app

ARTICLE = (
    "Russia’s diplomatic chief Sergueï Lavrov set the tone on Friday in Geneva. "
    "After the meeting, Sergueï Lavrov told reporters that talks would go on.\n\n"
    "Chancellor Olaf Schölz met Thomas Müller in Munich. "
    "Later, Sergei Lavrov said the ministère would answer. Olaf Scholz did not.\n\n"
    "The owners, Zoë and Stéphane Marchetti, restored the café’s façade."
)


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def _audit(text: str, **settings: object) -> DocumentAudit:
    doc = Document(id="a", text=text, source="a.txt")
    return audit_documents([doc], AuditConfig(lm=False, **settings)).documents[0]  # type: ignore[arg-type]


def _same_as_composed(decomposed: DocumentAudit, composed: DocumentAudit) -> None:
    """The same findings and sentences, each quoting its own document's text."""
    text = decomposed.document.text
    assert [(f.code, f.message, f.sentence) for f in decomposed.findings] == [
        (f.code, f.message, f.sentence) for f in composed.findings
    ]
    for got, want in zip(decomposed.findings, composed.findings, strict=True):
        assert got.text == text[got.start : got.end]
        assert unicodedata.normalize("NFC", got.text) == want.text
        other = got.evidence.get("other")
        if other:  # the other spelling of a name, quoted by offsets too
            assert other["text"] == text[other["start"] : other["end"]]
            assert unicodedata.normalize("NFC", other["text"]) == want.evidence["other"]["text"]
    assert len(decomposed.sentences) == len(composed.sentences)
    for got, want in zip(decomposed.sentences, composed.sentences, strict=True):
        assert got.text == text[got.start : got.end] == nfd(want.text)
    assert [nfd(text[p.start : p.end]) for p in decomposed.paragraphs] == [
        nfd(composed.document.text[p.start : p.end]) for p in composed.paragraphs
    ]


def test_decomposed_names_are_flagged_as_composed_ones_are() -> None:
    composed = _audit(ARTICLE)
    decomposed = _audit(nfd(ARTICLE))
    names = [f for f in composed.findings if f.code.startswith("N3")]
    assert "Sergueï Lavrov" in {f.text for f in names}
    assert any("'Olaf Schölz'" in f.message for f in names)
    assert decomposed.document.text == nfd(ARTICLE)  # the document as read, not its view
    _same_as_composed(decomposed, composed)
    assert decomposed.verdict and composed.verdict
    assert decomposed.verdict.probability == composed.verdict.probability


def test_audit_document_maps_back_too() -> None:
    doc = Document(id="a", text=nfd(ARTICLE), source="a.txt")
    one = audit_document(doc, AuditConfig(lm=False))
    _same_as_composed(one, _audit(ARTICLE))


def test_worker_processes_give_the_same_as_one_process() -> None:
    # -j 2 sends documents to workers only from 4 per job up.
    docs = [Document(id=f"d{i}", text=nfd(ARTICLE), source=f"d{i}.txt") for i in range(8)]
    one = audit_documents(docs, AuditConfig(lm=False, jobs=1)).documents
    two = audit_documents(docs, AuditConfig(lm=False, jobs=2)).documents
    composed = _audit(ARTICLE)
    for a, b in zip(one, two, strict=True):
        assert [(f.code, f.start, f.end, f.text) for f in a.findings] == [
            (f.code, f.start, f.end, f.text) for f in b.findings
        ]
        _same_as_composed(b, composed)


def test_run_level_findings_point_into_each_document_as_read() -> None:
    first = "Foreign Minister Sergueï Lavrov spoke in Geneva on Friday about the talks."
    second = "Sergei Lavrov told reporters in Moscow that the talks would go on next week."
    docs = [
        Document(id="a", text=nfd(first), source="a.txt"),
        Document(id="b", text=second, source="b.txt"),
    ]
    run = audit_documents(docs, AuditConfig(lm=False))
    places = [(doc_id, f) for rf in run.run_findings for doc_id, f in rf.places]
    assert any(doc_id == "a" for doc_id, _ in places)
    texts = {d.id: d.text for d in docs}
    for doc_id, f in places:
        assert f.text == texts[doc_id][f.start : f.end]


def test_an_accent_never_ends_up_outside_its_span() -> None:
    # Marks in two orders, Hangul jamo, and a sign that decomposes into marks.
    text = "Se\u0301rgue\u0308i\u0301 and \u1100\u1161\u11a8 o\u0327\u0301k u\u0f73\u0306"
    view = nfc_view(text)
    assert view is not None and view.text == unicodedata.normalize("NFC", text)
    for start in range(len(view.text) + 1):
        for end in range(start, len(view.text) + 1):
            a, b = view.span_as_read(start, end)
            assert view.text[start:end] in unicodedata.normalize("NFC", text[a:b])
            assert not unicodedata.combining(text[b : b + 1] or "x")
    assert nfc_view("Sergueï Lavrov") is None  # already composed: no view, no cost


def test_reports_of_a_decomposed_file_point_at_its_characters(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, runner
) -> None:
    monkeypatch.chdir(tmp_path)
    text = nfd(ARTICLE) + "\n"
    Path("article.txt").write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["audit", "--no-lm", "--format", "json", "article.txt"])
    assert result.exit_code in (0, 1), result.output
    findings = json.loads(result.stdout)["documents"][0]["findings"]
    assert nfd("Sergueï Lavrov") in {f["text"] for f in findings}
    for f in findings:
        assert text[f["start"] : f["end"]] == f["text"]
    result = runner.invoke(app, ["audit", "--no-lm", "--format", "sarif", "article.txt"])
    results = json.loads(result.stdout)["runs"][0]["results"]
    # The verdict is a result of its own (this calque-laden text is judged translated).
    results = [r for r in results if r["ruleId"] != "machine-translated"]
    assert len(results) == len(findings)
    for found in results:
        region = found["locations"][0]["physicalLocation"]["region"]
        quoted = text[region["charOffset"] : region["charOffset"] + region["charLength"]]
        assert quoted == found["properties"]["text"]
        line = text.split("\n")[region["startLine"] - 1]
        assert line[region["startColumn"] - 1 : region["endColumn"] - 1] == quoted
    result = runner.invoke(app, ["audit", "--no-lm", "--format", "html", "article.txt"])
    highlighted = re.findall(r'<a class="hl fam-N[^>]*>([^<]*)</a>', result.stdout)
    assert nfd("Sergueï Lavrov") in highlighted


def test_fluency_spans_map_back(scorer) -> None:  # type: ignore[no-untyped-def]
    config = AuditConfig(lm=True)
    doc = Document(id="a", text=nfd(ARTICLE), source="a.txt")
    decomposed = audit_documents([doc], config, scorer=scorer).documents[0]
    composed = audit_documents(
        [Document(id="a", text=ARTICLE, source="a.txt")], config, scorer=scorer
    ).documents[0]
    _same_as_composed(decomposed, composed)
    text = decomposed.document.text
    for index, fluency in decomposed.fluency.items():
        assert fluency.score == composed.fluency[index].score
        for scored in (*fluency.token_scores, *fluency.spans):
            assert scored.text == text[scored.start : scored.end]
    # Token scores are let go of once the verdict has read them (the fluency command's
    # are checked below); the spans still map back.
    assert not any(f.token_scores for f in decomposed.fluency.values())


def test_fluency_command_maps_back(scorer) -> None:  # type: ignore[no-untyped-def]
    from audits.fluency import score_documents

    doc = Document(id="a", text=nfd(ARTICLE), source="a.txt")
    (scored,) = score_documents([doc], AuditConfig(lm=True), scorer=scorer).documents
    assert scored.document.text == nfd(ARTICLE)
    for sentence in scored.sentences:
        assert sentence.text == scored.document.text[sentence.start : sentence.end]
        for token in scored.fluency[sentence.index].token_scores:
            assert token.text == scored.document.text[token.start : token.end]


def test_a_reused_decomposed_document_reads_as_it_did(tmp_path: Path) -> None:
    from audits.history import HistoryStore

    first = "Foreign Minister Sergueï Lavrov spoke in Geneva on Friday about the talks."
    second = "Sergei Lavrov told reporters in Moscow that the talks would go on next week."

    def run_once(store: HistoryStore):  # type: ignore[no-untyped-def]
        docs = [
            Document(id="a", text=nfd(first), source="a.txt"),
            Document(id="b", text=second, source="b.txt"),
        ]
        return audit_documents(docs, AuditConfig(lm=False), cache=store)

    with HistoryStore(tmp_path / "h.sqlite") as store:
        fresh = run_once(store)
        store.record(fresh, AuditConfig(lm=False), "feeds/")
        again = run_once(store)
    assert all(d.reused for d in again.documents)

    def places(run) -> list[tuple[str, str, int, int, str]]:  # type: ignore[no-untyped-def]
        return [
            (rf.code, d, f.start, f.end, f.text) for rf in run.run_findings for d, f in rf.places
        ]

    assert places(fresh) and places(again) == places(fresh)


@pytest.mark.parametrize("form", ["NFC", "NFD"])
@pytest.mark.parametrize("allow_form", ["NFC", "NFD"])
def test_an_allowed_name_is_allowed_whichever_way_its_accents_are_spelled(
    form: str, allow_form: str
) -> None:
    # A config file saved on macOS may spell the allowed name decomposed, the article
    # composed, or the other way round: both spell the same name.
    allow = [unicodedata.normalize(allow_form, "Sergueï Lavrov")]
    audit = _audit(unicodedata.normalize(form, ARTICLE), allow=allow)
    flagged = {unicodedata.normalize("NFC", f.text) for f in audit.findings}
    assert "Sergueï Lavrov" not in flagged
    assert "Sergueï Lavrov" in {f.text for f in _audit(ARTICLE).findings}
