"""How the verdict reads to a user: P beside its threshold, and the reasons' words."""

from __future__ import annotations

import dataclasses
import html
import json
import re
from pathlib import Path

import pytest

from audits import AuditConfig, Document, audit_document
from audits.document import Finding, Unnamed, Verdict
from audits.gate import evaluate
from audits.reports import get_reporter
from audits.reports.labels import probability_and_threshold, probability_text
from audits.verdict import reason_text
from tests.report_fixtures import sample_run

# P printed as certain: "1.00" standing alone (not a rule example's "1.000.000").
CERTAIN = re.compile(r"(?<![\d.])1\.00(?![\d.])")


def run_with(probability: float, threshold: float):
    """The sample run with its verdict moved to ``probability`` against ``threshold``."""
    run = sample_run()
    audit = run.documents[0]
    verdict = dataclasses.replace(
        audit.verdict,
        probability=probability,
        threshold=threshold,
        machine_translated=probability >= threshold,
    )
    return dataclasses.replace(run, documents=[dataclasses.replace(audit, verdict=verdict)])


def run_with_verdict(verdict_or_changes: Verdict | None = None, /, **changes: object):
    """The sample run, flagged at 0.9 against 0.5, with its verdict replaced by
    ``verdict_or_changes`` or changed by ``changes``."""
    run = run_with(0.9, 0.5)
    audit = run.documents[0]
    verdict = verdict_or_changes or dataclasses.replace(audit.verdict, **changes)
    return dataclasses.replace(run, documents=[dataclasses.replace(audit, verdict=verdict)])


def library_verdict(scores: dict[str, float]) -> Verdict:
    """A verdict as library code builds one: flagged, naming no source language, no
    reason given for that."""
    return Verdict(
        machine_translated=True,
        probability=0.9,
        source_lang=None,
        source_lang_confidence=0.0,
        threshold=0.5,
        method="library",
        source_lang_scores=scores,
    )


def test_printed_p_and_threshold_stand_in_the_order_the_numbers_do() -> None:
    # Flagged at 0.4695 against 0.4691: "0.47 >= 0.47" hid that P is over, not on it.
    assert probability_and_threshold(0.4695, 0.4691) == ("0.4695", "0.4691")
    assert probability_and_threshold(0.9857, 0.986) == ("0.9857", "0.9860")
    assert probability_and_threshold(0.4691, 0.4691) == ("0.47", "0.47")
    # Closer than the verdict's four decimals (a report written by another tool).
    assert probability_and_threshold(0.12345671, 0.1234567) == ("0.12345671", "0.1234567")


def test_a_p_short_of_certainty_never_prints_as_certain() -> None:
    """P = 0.996 printed "1.00", which reads as a verdict beyond doubt where the JSON
    says 0.996; only a P the verdict's four decimals rounded to 1 is 1.00."""
    assert probability_and_threshold(0.996, 0.4691) == ("0.996", "0.47")
    assert probability_and_threshold(0.9996, 0.4691) == ("0.9996", "0.47")
    assert probability_and_threshold(0.004, 0.4691) == ("0.004", "0.47")
    assert probability_and_threshold(1.0, 0.4691) == ("1.00", "0.47")
    assert probability_and_threshold(0.0, 0.4691) == ("0.00", "0.47")
    assert probability_and_threshold(0.9996, 0.9999) == ("0.9996", "0.9999")
    assert [probability_text(p) for p in (0.996, 0.95, 1.0)] == ["0.996", "0.95", "1.00"]


# The reporter's own width (a terminal report as printed to a pipe) and a wide one.
@pytest.mark.parametrize("width", [None, 200], ids=["default-width", "wide"])
@pytest.mark.parametrize("fmt", ["terminal", "markdown", "html", "github", "sarif"])
@pytest.mark.parametrize(
    ("probability", "threshold", "shown"),
    [
        (0.996, 0.4691, ("0.996",)),  # not rounded to a certain 1.00
        (0.4695, 0.4691, ("0.4695", "0.4691")),  # flagged, and not "0.47 >= 0.47"
    ],
)
def test_every_report_prints_p_as_far_as_it_takes(
    fmt: str, probability: float, threshold: float, shown: tuple[str, ...], width: int | None
) -> None:
    out = get_reporter(fmt, width=width).render(run_with(probability, threshold))
    assert all(number in out for number in shown) and not CERTAIN.search(out)


def test_the_gate_line_prints_p_and_threshold_as_the_reports_do() -> None:
    gate = evaluate(run_with(0.4695, 0.4691), AuditConfig())
    assert gate.exit_code == 1
    assert "P(machine-translated) 0.4695 >= 0.4691" in gate.failure_line()
    assert "0.47 >= 0.47" not in gate.failure_line()


def test_summary_tables_print_p_as_the_verdict_lines_do() -> None:
    """The tables of documents have no threshold column, and printed P with two
    decimals: 0.4695 (flagged) and 0.4689 (not) against 0.4691 were both "0.47",
    one row "MT" and the other not. They print P as every line beside its threshold."""
    run = run_with(0.4695, 0.4691)
    flagged = run.documents[0]
    below = dataclasses.replace(
        flagged,
        document=dataclasses.replace(flagged.document, id="below"),
        verdict=dataclasses.replace(flagged.verdict, probability=0.4689, machine_translated=False),
    )
    run = dataclasses.replace(run, documents=[flagged, below])
    table = get_reporter("terminal", width=200).render(run).split("Document", 1)[1]
    rows = [line for line in table.splitlines() if " ok " in line]
    assert len(rows) == 2 and "0.4695" in rows[0] and "0.4689" in rows[1], rows
    overview = [
        line
        for line in get_reporter("markdown").render(run).splitlines()
        if line.startswith("| ") and ("**MT**" in line or "no sign" in line)
    ]
    assert len(overview) == 2 and "| 0.4695 |" in overview[0] and "| 0.4689 |" in overview[1]


def test_a_calque_several_languages_list_is_named_with_each_of_them() -> None:
    # "in vigour" (French "en vigueur", Spanish "en vigor", Italian "in vigore") is one
    # C201 finding; the verdict's "Why" said "1 French calque".
    audit = audit_document(
        Document(id="t", text="The law entered in vigour last week.", source="t"),
        AuditConfig(lm=False),
    )
    (calque,) = [f for f in audit.findings if f.code.startswith("C2")]
    assert calque.evidence["source_langs"] == ["fr", "es", "it"]
    reasons = [r.text for r in audit.verdict.reasons]
    assert "1 calque from French, Spanish or Italian" in reasons
    assert not any("French calque" in r for r in reasons)


def test_calques_of_one_language_keep_their_reason() -> None:
    from audits.detectors.calques import Calques

    rule = next(r for r in Calques.rules if r.code == "C201")
    text = "Russia's diplomatic chief and the head of the diplomacy met."
    audit = audit_document(Document(id="t", text=text, source="t"), AuditConfig(lm=False))
    found = [f for f in audit.findings if f.code == "C201"]
    assert found and all(f.source_lang == "fr" for f in found)
    assert reason_text(rule, "C201", found) == f"{len(found)} French calque" + (
        "s" if len(found) > 1 else ""
    )


def test_residue_in_two_languages_is_named_with_both() -> None:
    # A Hebrew and an Arabic phrase left in the text: the verdict's "Why" said "2
    # untranslated Hebrew phrases", the most common language alone.
    from audits.detectors.residue import UNTRANSLATED_PHRASE as rule

    def phrase(lang: str) -> Finding:
        return Finding(
            code="L402", start=0, end=1, text="x", message="", source_lang=lang, strength=0.3
        )

    assert reason_text(rule, "L402", [phrase("he"), phrase("ar"), phrase("he")]) == (
        "3 untranslated Hebrew and Arabic phrases"
    )
    assert reason_text(rule, "L402", [phrase("he")]) == "1 untranslated Hebrew phrase"
    assert reason_text(rule, "L402", [phrase("")]) == "1 untranslated foreign phrase"


@pytest.mark.parametrize("fmt", ["terminal", "markdown", "html", "github", "sarif"])
def test_an_unnamed_source_language_says_why_beside_the_hints(fmt: str) -> None:
    # "source language: unknown" beside "Why: 1 French calque" read as a contradiction:
    # one hint is too little to name a language, by design, and the report says so.
    run = run_with_verdict(source_lang=None, source_lang_scores={"fr": 0.35, "de": 0.1})
    out = get_reporter(fmt, width=300).render(run)
    assert "not named (too little evidence; hints: French, German)" in out
    assert "source language unknown" not in out and "source language: unknown" not in out


@pytest.mark.parametrize("fmt", ["terminal", "markdown", "html", "github", "sarif"])
@pytest.mark.parametrize(
    ("scores", "said"),
    [
        # Spanish "20.000" and "8,5 %" four times over: 3.2 votes, six times the
        # minimum, read "too little evidence" where German and Spanish tie.
        ({"de": 1.6, "es": 1.6}, "not named (German and Spanish equally likely)"),
        (
            {"de": 0.24, "es": 0.2, "fr": 0.19, "it": 0.19, "pt": 0.18},
            "not named (no language stands out; hints: German, Spanish, French",
        ),
    ],
)
def test_an_unnamed_source_language_gives_the_verdicts_reason(
    fmt: str, scores: dict[str, float], said: str
) -> None:
    from audits.verdict import unnamed_language

    assert unnamed_language(scores) is not None  # the verdict names none of them
    run = run_with_verdict(source_lang=None, source_lang_scores=scores)
    out = get_reporter(fmt, width=300).render(run)
    assert said in out
    # The HTML overview's row too, which was given no scores.
    assert "too little evidence" not in out


def hint(lang: str, strength: float) -> Finding:
    return Finding(
        code="C201", start=0, end=1, text="x", message="", source_lang=lang, strength=strength
    )


# Each set pins both the language the verdict names and the reason the reports give:
# comparing the two functions with each other alone held by construction.
@pytest.mark.parametrize(
    ("hints", "expected_lang", "expected_reason"),
    [
        ([("fr", 0.3)], None, Unnamed("thin")),
        ([("fr", 0.4), ("de", 0.4)], None, Unnamed("tie", ("de", "fr"))),
        ([("fr", 0.6)], "fr", None),
        (
            [(lang, 0.2) for lang in ("fr", "de", "es", "it", "pt")] + [("fr", 0.01)],
            None,
            Unnamed("spread"),
        ),
    ],
    ids=["thin", "tie", "named", "spread"],
)
def test_unnamed_language_is_the_rule_source_language_applies(
    hints: list[tuple[str, float]], expected_lang: str | None, expected_reason: Unnamed | None
) -> None:
    from audits.verdict import source_language, unnamed_language

    lang, _, scores, _ = source_language([hint(code, strength) for code, strength in hints])
    assert lang == expected_lang
    assert unnamed_language(scores) == expected_reason


@pytest.mark.parametrize(
    ("scores", "said"),
    [
        (
            {"ca": 0.09, "da": 0.09, "de": 0.09, "es": 0.09, "fr": 0.08},
            "not named (too little evidence; hints: Catalan, Danish, German +2 more)",
        ),
        (
            {"ca": 0.2, "da": 0.2, "de": 0.2, "es": 0.2, "fr": 0.2},
            "not named (Catalan, Danish, German and 2 more equally likely)",
        ),
        (
            {"fr": 0.2, "de": 0.1, "es": 0.1},
            "not named (too little evidence; hints: French, German, Spanish)",
        ),
    ],
    ids=["thin", "tie", "three"],
)
def test_hints_past_the_third_are_counted_not_dropped(scores: dict[str, float], said: str) -> None:
    # Five hints read as their first three (alphabetical on a tie), Spanish and French
    # gone without a word.
    from audits.reports.labels import source_language
    from audits.verdict import unnamed_language

    assert source_language(None, scores, unnamed_language(scores)) == said


@pytest.mark.parametrize(
    ("code", "scores", "said"),
    [
        (None, {"de": 1.6, "es": 1.6}, "not named (German and Spanish equally likely)"),
        ("de", {"de": 1.6}, "German (de)"),
    ],
)
def test_the_markdown_overview_row_says_the_source_language_as_the_section_does(
    code: str | None, scores: dict[str, float], said: str
) -> None:
    # The overview row read "?" (or "de") above a section saying "not named (German and
    # Spanish equally likely)" (or "German (de)").
    run = run_with(0.9, 0.5)
    audit = run.documents[0]
    verdict = dataclasses.replace(audit.verdict, source_lang=code, source_lang_scores=scores)
    ours = dataclasses.replace(audit, verdict=verdict)
    # The overview lists two documents or more; the other one says "no sign".
    other = dataclasses.replace(
        audit, verdict=dataclasses.replace(audit.verdict, machine_translated=False)
    )
    run = dataclasses.replace(run, documents=[ours, other])
    out = get_reporter("markdown", width=300).render(run)
    rows = [line for line in out.splitlines() if line.startswith("| ") and "**MT**" in line]
    assert len(rows) == 1 and said in rows[0], rows


@pytest.mark.parametrize("fmt", ["terminal", "markdown", "html", "github", "sarif"])
@pytest.mark.parametrize(
    ("unnamed", "said"),
    [
        # French 0.19999 of 0.79999 votes, rounded to 0.2 of 0.8: the rounded scores
        # read "too little evidence", the raw ones "no language stands out".
        ("spread", "not named (no language stands out; hints: French, German, Spanish +2"),
        # A verdict built without it whose rounded scores would name French (a share
        # of exactly 0.25) says what every report says of it: too little evidence.
        (None, "not named (too little evidence; hints: French, German, Spanish +2"),
    ],
)
def test_the_reports_say_the_verdicts_kept_reason(fmt: str, unnamed: str | None, said: str) -> None:
    run = run_with(0.9, 0.5)
    audit = run.documents[0]
    verdict = dataclasses.replace(
        audit.verdict,
        source_lang=None,
        source_lang_scores={"fr": 0.2, "de": 0.15, "es": 0.15, "it": 0.15, "pt": 0.15},
        source_lang_unnamed=Unnamed(unnamed) if unnamed else None,  # type: ignore[arg-type]
    )
    ours = dataclasses.replace(audit, verdict=verdict)
    # Two documents, so that the Markdown and HTML overviews show a row for it too.
    other = dataclasses.replace(
        audit, verdict=dataclasses.replace(verdict, machine_translated=False)
    )
    run = dataclasses.replace(run, documents=[ours, other])
    out = get_reporter(fmt, width=300).render(run)
    assert said in out
    if unnamed:
        assert "too little evidence" not in out


def test_a_verdict_built_without_its_reason_gets_it_from_its_scores() -> None:
    # A Verdict made by library code without source_lang_unnamed went out in the JSON
    # as null, which the contract says means a language was named, while the other
    # reports worked a tie out of the same scores; one naming a language kept a reason
    # for naming none.
    from audits.reports.model import run_to_dict

    made = library_verdict({"de": 1.6, "es": 1.6})
    assert made.source_lang_unnamed == Unnamed("tie", ("de", "es"))
    assert dataclasses.replace(made, source_lang="de").source_lang_unnamed is None
    run = run_with_verdict(made)
    (entry,) = run_to_dict(run)["documents"]
    assert entry["verdict"]["source_lang_unnamed"] == {"reason": "tie", "tied": ["de", "es"]}
    assert "not named (German and Spanish equally likely)" in get_reporter("markdown").render(run)


@pytest.mark.parametrize(
    "scores",
    [
        # Clear votes that library code declined to name a language for.
        {"fr": 1.0},
        # Stored before the field, the raw leader within rounding of a quarter: the
        # rounded scores name French, the raw votes did not.
        {"fr": 0.2, "de": 0.15, "es": 0.15, "it": 0.15, "pt": 0.15},
    ],
)
def test_a_verdict_naming_no_language_has_a_reason_even_where_its_scores_would_name_one(
    scores: dict[str, float],
) -> None:
    # The JSON said null for both source_lang and source_lang_unnamed (null meaning "a
    # language was named") while the text reports said "too little evidence".
    from audits.reports.model import verdict_to_dict

    made = library_verdict(scores)
    assert made.source_lang_unnamed == Unnamed("thin")
    said = verdict_to_dict(made)
    assert said["source_lang"] is None
    assert said["source_lang_unnamed"] == {"reason": "thin", "tied": []}


def test_library_code_still_imports_unnamed_from_the_verdict_module() -> None:
    # It moved beside Verdict, and "from audits.verdict import Unnamed" raised ImportError.
    import audits.document
    import audits.verdict

    assert audits.verdict.Unnamed is audits.document.Unnamed
    assert audits.verdict.unnamed_language is audits.document.unnamed_language


OLDER_REPORT = Path(__file__).parent / "fixtures" / "report_before_unnamed_reason.json"


@pytest.mark.parametrize(
    ("doc_id", "said"),
    [
        ("madrid-tie", "not named (German and Spanish equally likely)"),
        ("spread-five", "not named (no language stands out; hints: German, Spanish, French +2"),
        ("one-hint", "not named (too little evidence; hints: French)"),
    ],
)
def test_a_report_written_before_the_unnamed_reason_says_its_verdicts_reason(
    doc_id: str, said: str
) -> None:
    # A JSON report of the shape before source_lang_unnamed (d10de58): library code
    # rendering its verdicts with the report labels said "too little evidence" of a
    # German-Spanish tie on 3.2 votes, where the report itself named the tie.
    from audits.reports.labels import verdict_language, verdict_message

    report = json.loads(OLDER_REPORT.read_text(encoding="utf-8"))
    (entry,) = [e for e in report["documents"] if e["id"] == doc_id]
    assert "source_lang_unnamed" not in entry["verdict"]
    assert verdict_language(entry["verdict"]).startswith(said)
    assert said in verdict_message(entry, entry["verdict"], known=False)


def _as_read(fmt: str, out: str) -> str:
    """A report's text as its reader sees it: HTML's entities, Markdown's backslash
    escapes, GitHub's %-escapes and SARIF's JSON string escapes undone."""
    if fmt == "markdown":
        return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", out)
    if fmt == "html":
        return html.unescape(out)
    if fmt == "github":
        return out.replace("%0A", "\n").replace("%0D", "\r").replace("%25", "%")
    if fmt == "sarif":
        (run,) = json.loads(out)["runs"]
        return "\n".join(r["message"]["text"] for r in run["results"])
    return out


@pytest.mark.parametrize("fmt", ["terminal", "markdown", "html", "github", "sarif"])
@pytest.mark.parametrize(
    ("confidence", "said"),
    [
        (0.87, "French (fr), 87% confidence"),
        # 0.996 printed "100%", as certain as a language can be named, where the JSON
        # beside it says 0.996 (the ``percent`` rule for every share).
        (0.996, "French (fr), >99% confidence"),
    ],
)
def test_every_human_report_writes_the_source_languages_confidence_alike(
    fmt: str, confidence: float, said: str
) -> None:
    """The terminal wrote "French (fr) (87%)", HTML "French (fr) · 87% confidence" and
    "· 87%" in its overview, Markdown "French (fr), 87%", and the GitHub annotation and
    the SARIF message left it out: one quantity, four ways and none."""
    run = run_with_verdict(
        source_lang="fr",
        source_lang_confidence=confidence,
        source_lang_scores={"fr": 2.0},
        source_lang_unnamed=None,
        source_lang_reasons=[],
    )
    ours = run.documents[0]
    # Two documents, so that the HTML overview shows a row for it too.
    other = dataclasses.replace(
        ours,
        document=dataclasses.replace(ours.document, id="other"),
        verdict=dataclasses.replace(ours.verdict, probability=0.1, machine_translated=False),
    )
    run = dataclasses.replace(run, documents=[ours, other])
    read = _as_read(fmt, get_reporter(fmt, width=300).render(run))
    assert said in read
    shown = said.split(", ")[1].split(" ")[0]  # "87%": written nowhere but in the phrase
    assert read.count(shown) == read.count(said), read


@pytest.mark.parametrize("fmt", ["terminal", "html"])
def test_a_false_positive_rate_short_of_none_never_reads_as_none(fmt: str) -> None:
    # A threshold that flags 4 English originals in 1000 read "0% false positives on
    # English originals": a claim of none beside a rate that is not 0.
    run = run_with_verdict(false_positive_rate=0.004)
    read = _as_read(fmt, get_reporter(fmt, width=300).render(run))
    assert "<1% false positives on English originals" in read
    assert "0% false positives" not in read.replace("<1% false", "")
