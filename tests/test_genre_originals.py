"""English originals outside the news genre the verdict was fitted on.

``tests/fixtures/originals/`` holds short texts written for these tests by hand, as
native writers of each kind of text would: a press release, an interview, a recipe,
match and cricket reports, terms of service, a scientific abstract, a review, a
listicle, a forum post, a weather warning, a parliamentary record, a police appeal, an
obituary, a changelog, an estate agent's listing, a FAQ, an athletics results page, a
judgment summary, a stock market report, an Indian college notice, a university
press release, a US police press release, a poem, and news in British, Irish, Australian,
Indian, Nigerian, Canadian (Montreal too), Philippine and US English. A pre-publication gate that
flags one of them as machine-translated, or fills it with rule findings, costs the
user's trust. Each file also carries the English usage a rule once mistook for a
translation's trace (an ABN footer, a numbered list of months, a chant, a glossed
French motto, a bilingual notice's French line, "Smt." and "Coun." before names, a
"MADISON, Wis. —" dateline, Indian English's "at 14:00 hours", "a number of business
owners", "Assoc. Prof.", a French organisation's name, a Tagalog quotation translated
after its attribution, "officers rendered medical aid", "a female resident of the
complex", "the company refused comment", "cultivating talent", an Indian notice's
"Venue : College Playground").
"""

from __future__ import annotations

from pathlib import Path

import pytest

from audits import AuditConfig, Document, DocumentAudit, audit_documents

ORIGINALS = Path(__file__).parent / "fixtures" / "originals"

# English originals the no-LM verdict still calls machine-translated, with no rule
# finding to blame: reported, not patched (the verdict model is fitted, not hand-set).
KNOWN_VERDICT_FALSE_POSITIVES = {
    # A ranked list of five short items: P 0.71 at threshold 0.58, driven by
    # "function-word patterns typical of machine translation" (1.02 nats).
    "months_ranked.txt",
}


@pytest.fixture(scope="module")
def audits() -> dict[str, DocumentAudit]:
    docs = [
        Document(id=path.name, text=path.read_text(encoding="utf-8"), source=str(path))
        for path in sorted(ORIGINALS.glob("*.txt"))
    ]
    run = audit_documents(docs, AuditConfig(lm=False))
    return {audit.document.id: audit for audit in run.documents}


def test_there_are_enough_originals_of_enough_kinds(audits: dict[str, DocumentAudit]) -> None:
    assert len(audits) >= 25
    for name, audit in audits.items():
        assert audit.ok, (name, audit.error)
        assert 120 <= len(audit.document.text.split()) <= 300, name


def test_no_original_is_judged_machine_translated(audits: dict[str, DocumentAudit]) -> None:
    judged = {
        name: round(audit.verdict.probability, 3)
        for name, audit in audits.items()
        if audit.verdict is not None
        and audit.verdict.machine_translated
        and name not in KNOWN_VERDICT_FALSE_POSITIVES
    }
    assert judged == {}


@pytest.mark.xfail(
    strict=True,
    reason="the fitted text verdict reads a short ranked list's function words as "
    "machine translation (P 0.71, no rule finding); see KNOWN_VERDICT_FALSE_POSITIVES",
)
def test_a_ranked_list_is_not_judged_machine_translated(
    audits: dict[str, DocumentAudit],
) -> None:
    for name in KNOWN_VERDICT_FALSE_POSITIVES:
        verdict = audits[name].verdict
        assert verdict is not None and not verdict.machine_translated, name


def test_the_rules_mended_for_these_originals_stay_quiet(
    audits: dict[str, DocumentAudit],
) -> None:
    # T101 (a bilingual notice's French line, an Indian notice's "Date : 18.12.2024"),
    # T105 (an ABN footer), T106 (an Indian police story's "at 14:00 hours"), T107 (a
    # numbered list of months), S501 (a chant's refrain, a poem's couplet), C201 (an
    # Irish council story's "a number of business owners"), C205 (a US police release's
    # "rendered medical aid" and "a female resident of the complex", a market report's
    # "refused comment"), C206 ("cultivating talent").
    loud = [
        (name, f.code, f.text)
        for name, audit in audits.items()
        for f in audit.findings
        if f.code in ("T101", "T105", "T106", "T107", "S501", "C201", "C205", "C206")
    ]
    assert loud == []
    # A French motto explained in words, a Montreal quotation translated after "she said
    # —" and a Tagalog one after "said Aling Nena Cruz, ..., meaning" are glosses: L402
    # counts them half.
    # "The Association des usagers du transport collectif" is a name, not residue.
    quoted = [f for audit in audits.values() for f in audit.findings if f.code == "L402"]
    assert len(quoted) == 3
    assert all(f.evidence["gloss"] and f.strength < 0.2 for f in quoted)


def test_titles_and_datelines_do_not_end_sentences(audits: dict[str, DocumentAudit]) -> None:
    ends = [
        s.text
        for audit in audits.values()
        for s in audit.sentences
        if s.text.endswith(("Smt.", "Coun.", "Wis.", "esp.", "Assoc."))
    ]
    assert ends == []
