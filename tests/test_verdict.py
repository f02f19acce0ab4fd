"""The first verdict: families combine as a noisy-OR with caps; reasons in plain words."""

from __future__ import annotations

from audits import AuditConfig, Document, audit_document
from audits.detectors.registry import all_rules
from audits.document import DocumentAudit, Finding
from audits.verdict import decide, describe

BODY = (
    "Germany's parliament passed the heating law on Friday after months of dispute "
    "within the governing coalition.\n\n"
    "The law requires new heating systems to run on at least 65 percent renewable "
    "energy from next year, with exceptions for older buildings.\n"
)
SCRAPED = (
    "Awani Review\n\nComplete News World\n\nBundestag passes heating law\n\n"
    "Bundestag passes heating law\n\n" + BODY + "See also\u00a0 Aid to farmers in Saxony\n"
    "Share this article\n"
)


def audit(text: str, **settings: object) -> DocumentAudit:
    result = audit_document(
        Document(id="t", text=text, source="test"), AuditConfig(lm=False, **settings)
    )
    assert result.ok and result.verdict is not None
    return result


def test_clean_english_stays_at_the_prior() -> None:
    v = audit("Bundestag passes heating law\n\n" + BODY).verdict
    assert v.probability == 0.05 and not v.machine_translated
    assert v.source_lang is None and v.reasons == []


def test_scrape_artefacts_alone_never_reach_the_threshold() -> None:
    result = audit(SCRAPED)
    assert {f.code for f in result.findings} >= {"S501", "S502", "S504", "S505"}
    assert result.verdict.probability < 0.5 and not result.verdict.machine_translated


def test_evidence_from_two_families_adds_up() -> None:
    typo = "Scholz said the plan was « not negotiable » and asked : why now ?\n"
    scraped_only = audit(SCRAPED).verdict.probability
    both = audit(SCRAPED + typo).verdict
    assert both.probability > scraped_only and both.machine_translated
    assert both.source_lang == "fr"


def test_one_rule_counts_at_most_twice() -> None:
    lines = [
        "Why did the vote fail ? Nobody knew.",
        "The whips had no answer ; the chair adjourned.",
        "Was it a revolt ? The leader said no.",
        "Would the bill return ? Perhaps in spring.",
    ]
    two = audit("\n\n".join(lines[:2]))
    four = audit("\n\n".join(lines))
    assert len(four.findings) == 4 and len(two.findings) == 2
    assert four.verdict.probability == two.verdict.probability


def test_reasons_read_as_plain_words() -> None:
    text = "Why did the vote fail\u202f? Nobody knew\u202f; the whips had no answer.\n\n" + BODY
    v = audit(text).verdict
    assert v.reasons[0].text == "2 French-style spaces before ; : ! ?"
    assert v.source_lang == "fr"
    assert v.source_lang_reasons[0].text == "2 French-style spaces before ; : ! ?"
    scraped = audit(SCRAPED).verdict
    texts = [r.text for r in scraped.reasons]
    assert "1 line duplicated by the scraper" in texts
    assert "2 lines of site chrome above the headline" in texts


def test_a_mark_shared_by_several_languages_names_none_alone() -> None:
    v = audit("The ministry called it «a provocation» in a statement.\n").verdict
    assert v.source_lang is None
    assert v.source_lang_scores["ru"] == v.source_lang_scores["es"] > 0


def test_decide_keeps_its_signature_and_describe_reports_settings() -> None:
    findings = [
        Finding("C201", 0, 5, "x", "a calque", strength=0.6, source_lang="fr"),
        Finding("C201", 6, 9, "y", "a calque", strength=0.6, source_lang="fr"),
        Finding("C201", 10, 12, "z", "a calque", strength=0.6, source_lang="fr"),
    ]
    doc = Document(id="d", text="xxxxx yyy zz", source="test")
    v = decide(DocumentAudit(document=doc, findings=findings), AuditConfig(), all_rules())
    # Two of the three count: 1 - 0.95 * 0.4 * 0.4
    assert v.probability == round(1 - 0.95 * 0.16, 4)
    assert v.reasons[0].text == "3 French calques"
    settings = describe(AuditConfig(fail_over=0.8))
    assert settings["threshold"] == 0.8 and settings["family_cap"]["S"] < 0.5
