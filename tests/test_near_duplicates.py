"""S520: near-duplicate articles within one run are grouped and reported."""

from __future__ import annotations

import json

import numpy as np
from typer.testing import CliRunner

from audits.config import AuditConfig
from audits.detectors.duplicates import (
    _params,
    jaccard,
    minhash,
    permutations,
    shingle,
    shingle_set,
)
from audits.document import Document
from audits.engine import audit_documents
from audits.reports.model import run_to_dict
from cli.app import app

ORIGINAL = """\
Dockworkers at the city's container terminal voted on Monday to accept a revised pay offer, \
ending a nine-day strike that left more than forty cargo ships waiting at anchor outside the \
harbour.

The agreement gives workers a 6 per cent rise this year and a further 4 per cent next spring, \
along with a guarantee that no shifts will be cut when the automated cranes come into service \
in 2026.

"It's not everything we asked for, but it's a deal our members can live with," said Ruth \
Okafor, the union's regional secretary, outside the terminal gates. Port managers said the \
backlog should be cleared by the end of next week.

Retailers had warned that shortages of imported fruit and electronics would begin to show on \
shelves if the dispute dragged on past the weekend."""

# A scraper's copy: site chrome, a "Read also" line, a changed headline and a
# few words swapped, but the article itself is the same text.
REPUBLISHED = """\
Port strike is over: workers say yes to the new offer

Read also: Ten things to know about the container terminal

Dockworkers at the city's container terminal voted on Monday to accept a revised pay offer, \
ending a nine-day strike that left more than forty cargo ships waiting at anchor outside the \
port.

The agreement gives workers a 6 per cent rise this year and a further 4 per cent next spring, \
along with a guarantee that no shifts will be cut when the automated cranes come into service \
in 2026.

"It's not everything we asked for, but it's a deal our members can live with," said Ruth \
Okafor, the union's regional secretary, outside the terminal gates. Port managers said the \
backlog should be cleared by the end of next week.

Retailers had warned that shortages of imported fruit and electronics would begin to show on \
shelves if the dispute dragged on past the weekend.

Subscribe to our newsletter to get the latest news every morning."""

# The same event reported independently: same facts, different words.
INDEPENDENT = """\
The nine-day stoppage at the harbour's container terminal is over. Union members backed a \
improved wage deal in a ballot on Monday, clearing the way for the dozens of freighters \
anchored offshore to start unloading.

Under the deal, pay rises by 6 per cent now and by another 4 per cent in the spring. The \
union also secured a promise that automation of the cranes, planned for 2026, will not cost \
any shifts.

Ruth Okafor, who leads the union in the region, called the settlement acceptable rather than \
ideal. The port expects to work through the backlog within about ten days."""

UNRELATED = """\
The central library will open on Sunday afternoons from April, after the council agreed to \
fund six extra posts from its cultural budget.

Librarians said Sunday opening had been the most common request in last year's survey, \
particularly from families and students preparing for exams.

The reading rooms and the children's floor will open from noon until five; the archive will \
remain closed on Sundays for now."""


def doc(doc_id: str, text: str, title: str | None = None) -> Document:
    return Document(id=doc_id, text=text, source=f"{doc_id}.txt", title=title)


def run(*docs: Document, **settings: object):
    return audit_documents(list(docs), AuditConfig(lm=False, **settings))


def test_a_republished_copy_is_grouped_with_its_original() -> None:
    result = run(
        doc("harbour-times/dock-strike", ORIGINAL, "Dockworkers end strike"),
        doc("library-sundays", UNRELATED, "City library to open on Sundays"),
        doc("copycat-news/1234", REPUBLISHED, "Port strike is over"),
    )
    [finding] = result.run_findings
    assert finding.code == "S520"
    assert finding.message.startswith("2 articles in this run are near-duplicates (")
    assert "“Dockworkers end strike” (harbour-times/dock-strike)" in finding.message
    assert "“Port strike is over” (copycat-news/1234)" in finding.message
    assert "library" not in finding.message
    [pair] = finding.evidence["pairs"]
    assert pair["a"] == "harbour-times/dock-strike" and pair["b"] == "copycat-news/1234"
    assert 0.7 < pair["jaccard"] < 1.0
    assert pair["containment"] > 0.9  # nearly all of the original is in the copy
    # Each place is the first sentence the copy shares with the rest of its group.
    places = dict(finding.places)
    copy_place = places["copycat-news/1234"]
    assert copy_place.text.startswith("Dockworkers at the city's container terminal voted")
    assert REPUBLISHED[copy_place.start : copy_place.end] == copy_place.text
    assert places["harbour-times/dock-strike"].start == 0


def test_independent_reports_of_the_same_event_are_not_duplicates() -> None:
    result = run(doc("a", ORIGINAL), doc("b", INDEPENDENT), doc("c", UNRELATED))
    assert result.run_findings == []
    a, _ = shingle(ORIGINAL, 5)
    b, _ = shingle(INDEPENDENT, 5)
    assert jaccard(a, b)[0] < 0.1


def test_copies_form_one_group_naming_every_member() -> None:
    result = run(
        doc("one", ORIGINAL),
        doc("two", REPUBLISHED),
        doc("other", UNRELATED),
        doc("three", ORIGINAL.replace("Monday", "Tuesday")),
    )
    [finding] = result.run_findings
    assert finding.evidence["documents"] == ["one", "two", "three"]
    assert finding.message.startswith("3 articles in this run are near-duplicates")
    assert [doc_id for doc_id, _ in finding.places] == ["one", "two", "three"]


def test_a_group_lists_the_links_that_join_it_not_every_pair() -> None:
    # 25 copies (four of them edited) are 300 linked pairs; the report keeps the 24
    # strongest links that join them and names 20 members in its message.
    copies = [doc(f"copy-{n:02d}", ORIGINAL) for n in range(21)]
    edited = [
        doc(f"edit-{n}", ORIGINAL.replace("Monday", day))
        for n, day in enumerate(["Tuesday", "Friday", "Sunday", "Saturday"])
    ]
    [finding] = run(*copies, *edited).run_findings
    ids = [d.id for d in copies + edited]
    assert finding.evidence["documents"] == ids
    assert finding.evidence["linked_pairs"] == 25 * 24 // 2
    pairs = finding.evidence["pairs"]
    assert len(pairs) == 24 and {p["a"] for p in pairs} | {p["b"] for p in pairs} == set(ids)
    # Identical copies join at 1.0; each edit joins by its closest copy.
    assert sum(p["jaccard"] == 1.0 for p in pairs) == 20
    assert all(p["a"] == "copy-00" for p in pairs)
    assert finding.message.endswith(" and 5 more")
    assert "copy-19" in finding.message and "copy-20" not in finding.message


def test_grouping_is_deterministic() -> None:
    docs = [doc("one", ORIGINAL), doc("two", REPUBLISHED), doc("three", UNRELATED)]
    first = run_to_dict(run(*docs))["run_findings"]
    second = run_to_dict(run(*docs))["run_findings"]
    assert first == second and len(first) == 1


def test_short_texts_are_not_compared() -> None:
    line = "The council approved the budget on Thursday."
    assert run(doc("a", line), doc("b", line)).run_findings == []


def test_rule_selection_and_the_gate(tmp_path) -> None:
    for name, text in [("original.txt", ORIGINAL), ("copy.txt", REPUBLISHED)]:
        (tmp_path / name).write_text(text, encoding="utf-8")
    runner = CliRunner()
    args = ["audit", str(tmp_path), "--no-lm", "--isolated", "-f", "json"]
    report = json.loads(runner.invoke(app, args).stdout)
    assert [f["code"] for f in report["run_findings"]] == ["S520"]
    assert report["summary"]["by_code"]["S520"] == 1
    ignored = json.loads(runner.invoke(app, [*args, "--ignore", "S520"]).stdout)
    assert ignored["run_findings"] == []
    gate = runner.invoke(app, [*args, "--fail-on", "S520", "--fail-over", "1.0"])
    assert gate.exit_code == 1


def test_jaccard_matches_python_sets() -> None:
    a, _ = shingle(ORIGINAL, 5)
    b, _ = shingle(REPUBLISHED, 5)
    sa, sb = set(a.tolist()), set(b.tolist())
    jac, con = jaccard(a, b)
    assert jac == len(sa & sb) / len(sa | sb)
    assert con == len(sa & sb) / min(len(sa), len(sb))
    assert a.dtype == np.uint64 and list(a) == sorted(sa)


def test_an_excerpt_republished_alone_is_found_by_containment() -> None:
    excerpt = (
        "Strike over at the port\n\n"
        + "\n\n".join(ORIGINAL.split("\n\n")[:2])
        + "\n\nRead the full story on our partner site."
    )
    longer = (
        ORIGINAL + "\n\nThe strike was the longest at the terminal since 1998, when a dispute over "
        "overtime rates closed the port for almost three weeks and cost exporters an estimated "
        "40 million pounds.\n\nShipping lines said they would add extra sailings over the "
        "coming fortnight to clear containers bound for the supermarkets' distribution centres, "
        "and warned customers to expect delays of several days on some routes."
    )
    result = run(doc("original", longer), doc("excerpt", excerpt), doc("other", UNRELATED))
    [finding] = result.run_findings
    [pair] = finding.evidence["pairs"]
    # Too little shared overall for Jaccard, but all the excerpt's paragraphs are
    # the original's (only the site's last line is not).
    assert pair["jaccard"] < 0.5 and pair["containment"] > 0.9
    pct = round(pair["containment"] * 100)
    assert f"a shorter one repeats up to {pct}% of its text" in finding.message


def test_minhash_agreement_estimates_jaccard() -> None:
    a, b = permutations(_params())
    original, _ = shingle(ORIGINAL, 5)
    for other_text in (REPUBLISHED, INDEPENDENT, ORIGINAL.replace("Monday", "Tuesday")):
        other, _ = shingle(other_text, 5)
        agreement = float((minhash(original, a, b) == minhash(other, a, b)).mean())
        assert abs(agreement - jaccard(original, other)[0]) < 0.15


def test_the_detectors_shingle_set_is_the_shingles_of_the_offsets_it_reports() -> None:
    # Two ways to the same hashes: shingle_set (all lines at once, what the detector
    # compares) and shingle (line by line, with the offsets a finding is placed by).
    texts = [ORIGINAL, REPUBLISHED, "", "one two", "a b c d e\nf g h i j k", "x " * 12 + "\n\n"]
    for text in texts:
        for words in (1, 3, 5):
            assert np.array_equal(shingle_set(text, words), shingle(text, words)[0])
