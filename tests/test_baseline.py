"""Baselines: only documents and findings that are new since a previous report."""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from click.testing import Result
from typer.testing import CliRunner

import audits.baseline
from audits.baseline import (
    apply_baseline,
    baseline_run,
    load_baseline,
    parse_baseline,
    text_hashes,
)
from audits.baseline_edits import known_finding, match_edited
from audits.config import AuditConfig
from audits.document import Document, DocumentAudit, Finding, RunAudit
from audits.engine import prepare
from audits.errors import BaselineError
from audits.fingerprints import document_hash
from audits.gate import evaluate
from audits.reports import get_reporter
from audits.reports.model import run_to_dict
from cli.app import app
from tests.conftest import ROOT, SEED
from tests.html_tree import parse
from tests.report_fixtures import (
    RULES,
    nth,
    run_finding,
    sample_audit,
    sample_document,
    sample_run,
)
from tests.sarif_schema import validate_sarif

NOTE = "Editor’s note: this article was updated on Saturday with reaction from Kyiv.\n\n"
LATE = "\n\nOn Saturday, Moscow’s diplomatic chief flew home without a statement.\n"


def baseline_of(run: RunAudit, tmp_path: Path, name: str = "previous.json"):
    path = tmp_path / name
    path.write_text(get_reporter("json").render(run), encoding="utf-8")
    return load_baseline(path)


def edited_audit() -> DocumentAudit:
    """The sample with a note on top (every offset moves) and one new calque at the end."""
    original = sample_document()
    doc = sample_document(original.id, NOTE + original.text + LATE)
    audit = sample_audit(doc)
    ctx = prepare(doc, AuditConfig(lm=False))
    start = nth(doc.text, "diplomatic chief", 1)
    audit.findings.append(
        ctx.finding(RULES["C201"], start, start + 16, "French calque of “chef de la diplomatie”.")
    )
    return audit


def test_a_gzipped_baseline_is_read_as_its_report(tmp_path: Path) -> None:
    """A report kept gzipped (a CI artifact, `gzip state.json`) was refused as "cannot
    read it (not UTF-8: byte 0x8b at position 1)"; it is known by gzip's magic bytes, so
    a plain report named .gz (what --write-baseline writes there) is still read."""
    import gzip

    run = sample_run()
    report = get_reporter("json").render(run)
    for fmt, text in (("json", report), ("jsonl", get_reporter("jsonl").render(run))):
        path = tmp_path / f"state.{fmt}.gz"
        path.write_bytes(gzip.compress(text.encode("utf-8")))
        assert apply_baseline(run, load_baseline(path)).documents == []
    plain = tmp_path / "plain.json.gz"
    plain.write_text(report, encoding="utf-8")
    assert apply_baseline(run, load_baseline(plain)).documents == []
    broken = tmp_path / "broken.json.gz"
    broken.write_bytes(gzip.compress(report.encode("utf-8"))[:40])
    with pytest.raises(BaselineError, match=r"^baseline .*broken\.json\.gz: .*gzip"):
        load_baseline(broken)


def test_same_run_against_itself_reports_nothing_and_passes_the_gate(tmp_path: Path) -> None:
    run = sample_run()
    assert evaluate(run, AuditConfig()).exit_code == 1  # judged machine-translated
    filtered = apply_baseline(run, baseline_of(run, tmp_path))
    assert filtered.documents == []
    assert filtered.baseline.status == {run.documents[0].document.id: "unchanged"}
    assert filtered.baseline.signature_matches
    assert evaluate(filtered, AuditConfig()).exit_code == 0
    report = run_to_dict(filtered)
    assert report["baseline"]["documents"] == {"new": 0, "changed": 0, "unchanged": 1}
    assert report["baseline"]["known_findings"] == len(run.documents[0].findings)


def test_an_edit_elsewhere_leaves_only_the_new_finding(tmp_path: Path) -> None:
    base = baseline_of(sample_run(), tmp_path)
    edited = edited_audit()
    current = RunAudit(documents=[edited], signature=sample_run().signature)
    filtered = apply_baseline(current, base)
    (doc,) = filtered.documents
    assert [(f.code, f.text) for f in doc.findings] == [("C201", "diplomatic chief")]
    assert doc.findings[0].start > len(NOTE) + len(sample_document().text)
    assert filtered.baseline.status[doc.document.id] == "changed"
    assert filtered.baseline.known_findings[doc.document.id] == len(edited.findings) - 1
    entry = run_to_dict(filtered)["documents"][0]
    known = len(edited.findings) - 1
    assert entry["baseline"] == {"status": "changed", "known_findings": known, "reopened": None}
    # The document was already machine-translated: only --fail-on on the new finding fails.
    assert evaluate(filtered, AuditConfig()).exit_code == 0
    assert evaluate(filtered, AuditConfig(fail_on=["C201"])).exit_code == 1
    assert evaluate(filtered, AuditConfig(fail_on=["N"])).exit_code == 0


def test_new_and_renamed_documents(tmp_path: Path) -> None:
    base = baseline_of(sample_run(), tmp_path)
    renamed = sample_audit(sample_document("mirror/same-story.txt"))
    other_text = sample_document().text.replace("Geneva", "Vienna")
    fresh = sample_audit(sample_document("feeds/vienna.txt", other_text))
    current = RunAudit(documents=[renamed, fresh], signature=sample_run().signature)
    filtered = apply_baseline(current, base)
    assert [d.document.id for d in filtered.documents] == ["feeds/vienna.txt"]
    assert filtered.baseline.status == {
        "mirror/same-story.txt": "unchanged",
        "feeds/vienna.txt": "new",
    }
    assert len(filtered.documents[0].findings) == len(fresh.findings)  # all of them are new
    assert evaluate(filtered, AuditConfig()).exit_code == 1  # a new MT document fails


def edited_as(doc_id: str) -> DocumentAudit:
    """``edited_audit`` (text changed, one new calque), audited under another id."""
    audit = edited_audit()
    document = dataclasses.replace(audit.document, id=doc_id, source=doc_id)
    return dataclasses.replace(audit, document=document)


@pytest.mark.parametrize(
    "doc_id",
    [
        "news/samples/awani-lavrov-blinken.txt",  # run from the folder above
        "awani-lavrov-blinken.txt",  # run from inside samples/
        "/home/ci/work/repo/samples/awani-lavrov-blinken.txt",  # an absolute argument
        "./samples//awani-lavrov-blinken.txt",
        "samples\\awani-lavrov-blinken.txt",
    ],
)
def test_an_edited_file_is_known_from_another_working_directory(
    tmp_path: Path, doc_id: str
) -> None:
    # The baseline was written from the repository root (id samples/awani-...); CI runs
    # from elsewhere. Neither id nor text matches, but it is the same file: only the new
    # calque is new, and the known machine-translated verdict does not fail the gate.
    base = baseline_of(sample_run(), tmp_path)
    current = RunAudit(documents=[edited_as(doc_id)], signature=sample_run().signature)
    filtered = apply_baseline(current, base)
    (doc,) = filtered.documents
    assert filtered.baseline.status == {doc_id: "changed"}
    assert [(f.code, f.text) for f in doc.findings] == [("C201", "diplomatic chief")]
    assert evaluate(filtered, AuditConfig()).exit_code == 0


def test_a_path_that_names_two_files_matches_neither(tmp_path: Path) -> None:
    base = baseline_of(sample_run(), tmp_path)
    one, two = edited_as("a/awani-lavrov-blinken.txt"), edited_as("b/awani-lavrov-blinken.txt")
    current = RunAudit(documents=[one, two], signature=sample_run().signature)
    filtered = apply_baseline(current, base)
    assert set(filtered.baseline.status.values()) == {"new"}
    # Nor does a URL or stdin match a file, and another file name never does.
    for other in ["https://x.example/samples/awani-lavrov-blinken.txt", "stdin", "samples/b.txt"]:
        current = RunAudit(documents=[edited_as(other)], signature=sample_run().signature)
        assert apply_baseline(current, base).baseline.status == {other: "new"}


WORLD = "The diplomatic chief of Ukraine said on Monday that the talks in Geneva would go on.\n"
SPORT = "The diplomatic chief of the football league met the players in Milan on Tuesday.\n"
BUDGET = "The city council approved the budget on Tuesday after a long and heated debate.\n"
MORE = "\nThe ministry did not say when the next round would take place.\n"


def newsroom(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")


def gate_from(runner: CliRunner, where: Path, *args: str):
    """`audit ARGS --fail-on C -f json` run from ``where`` as a shell's `cd` would (the
    working directory, and $PWD naming it as given): (exit code, report, stderr)."""
    old, old_pwd = Path.cwd(), os.environ.get("PWD")
    os.chdir(where)
    os.environ["PWD"] = str(where)
    try:
        result = runner.invoke(app, ["audit", *args, *NO_LM, "--fail-on", "C", "-f", "json"])
    finally:
        os.chdir(old)
        if old_pwd is None:
            del os.environ["PWD"]
        else:
            os.environ["PWD"] = old_pwd
    return result.exit_code, json.loads(result.stdout or "null"), result.stderr


def test_same_named_files_in_two_folders_pair_with_the_right_baseline_entry(
    runner: CliRunner, tmp_path: Path
) -> None:
    # The baseline is written from the repository root; a reporter then audits the
    # edited world/a.txt from inside its folder. Its id, a.txt, ends both baseline
    # paths, so it matched neither: new, and its accepted calque failed the gate.
    newsroom(tmp_path, {"news/world/a.txt": WORLD, "news/sport/a.txt": SPORT})
    code, _, err = gate_from(runner, tmp_path, "news", "--write-baseline", "base.json")
    assert code == 1, err  # both calques, before they were accepted
    (tmp_path / "news/world/a.txt").write_text(WORLD + MORE, encoding="utf-8")
    code, report, err = gate_from(
        runner, tmp_path / "news/world", "a.txt", "--baseline", "../../base.json"
    )
    assert code == 0, err
    assert report["baseline"]["documents"] == {"new": 0, "changed": 1, "unchanged": 0}
    # A new file with the name of another folder's article is new, not that article.
    code, _, err = gate_from(runner, tmp_path, "news/sport", "--write-baseline", "sport.json")
    newsroom(tmp_path, {"news/politics/a.txt": WORLD.replace("Ukraine", "Chile")})
    code, report, err = gate_from(
        runner, tmp_path / "news/politics", "a.txt", "--baseline", "../../sport.json"
    )
    assert code == 1 and report["documents"][0]["baseline"]["status"] == "new"


def test_a_file_in_a_symlinked_folder_pairs_by_the_name_the_runs_gave_it(
    runner: CliRunner, tmp_path: Path
) -> None:
    # news/latest links to news/world: the baseline names news/latest/a.txt, and a run
    # inside news/latest must find it there, not under the link's target.
    newsroom(tmp_path, {"news/world/a.txt": WORLD, "news/sport/a.txt": SPORT})
    (tmp_path / "news/latest").symlink_to("world", target_is_directory=True)
    args = ["news/latest/a.txt", "news/sport/a.txt", "--write-baseline", "base.json"]
    code, _, err = gate_from(runner, tmp_path, *args)
    assert code == 1, err
    (tmp_path / "news/world/a.txt").write_text(WORLD + MORE, encoding="utf-8")
    code, report, err = gate_from(
        runner, tmp_path / "news/latest", "a.txt", "--baseline", str(tmp_path / "base.json")
    )
    assert code == 0, err
    assert report["baseline"]["documents"]["changed"] == 1


def test_a_baseline_written_in_a_subfolder_pairs_by_where_its_run_stood(
    runner: CliRunner, tmp_path: Path
) -> None:
    # Written from news/world (ids a.txt, b.txt), read from the root, where both
    # news/world/a.txt and news/sport/a.txt end with a.txt. b.txt, unchanged, shows
    # where the baseline's run stood: its a.txt is news/world/a.txt.
    newsroom(tmp_path, {"news/world/a.txt": WORLD, "news/world/b.txt": BUDGET})
    code, _, err = gate_from(
        runner, tmp_path / "news/world", ".", "--write-baseline", "../../b.json"
    )
    assert code == 1, err
    newsroom(tmp_path, {"news/world/a.txt": WORLD + MORE, "news/sport/a.txt": SPORT})
    code, report, err = gate_from(runner, tmp_path, "news", "--baseline", "b.json")
    assert report["baseline"]["documents"] == {"new": 1, "changed": 1, "unchanged": 1}
    status = {d["id"]: d["baseline"]["status"] for d in report["documents"]}
    assert status == {"news/sport/a.txt": "new"}
    assert code == 1 and "news/sport/a.txt" in err and "news/world" not in err


def test_an_edit_inside_a_flagged_sentence_keeps_its_findings_known(tmp_path: Path) -> None:
    # Fixing a typo beside an accepted finding changes the finding's sentence, and so its
    # fingerprint; it is still the accepted finding, and must not fail --fail-on again.
    base = baseline_of(sample_run(), tmp_path)
    original = sample_document()
    edited_text = original.text.replace("who know each other well", "who know each other very well")
    audit = sample_audit(sample_document(original.id, edited_text))
    at = edited_text.index("very well")
    (sentence,) = [s for s in audit.sentences if s.start <= at < s.end]
    assert [f for f in audit.findings if f.sentence == sentence.index]  # the test's premise
    current = RunAudit(documents=[audit], signature=sample_run().signature)
    filtered = apply_baseline(current, base)
    assert filtered.documents == []
    assert filtered.baseline.status == {original.id: "changed"}
    assert evaluate(filtered, AuditConfig(fail_on=["C", "N"])).exit_code == 0


def test_a_new_sentence_with_an_accepted_phrase_is_new(tmp_path: Path) -> None:
    # The sentence that held the accepted calque is rewritten from scratch: not an edit.
    base = baseline_of(sample_run(), tmp_path)
    original = sample_document()
    old = next(s.text for s in sample_audit().sentences if "diplomatic chief" in s.text)
    rewritten = "On Friday the diplomatic chief of Russia flew to Geneva for the talks."
    audit = sample_audit(sample_document(original.id, original.text.replace(old, rewritten)))
    current = RunAudit(documents=[audit], signature=sample_run().signature)
    (doc,) = apply_baseline(current, base).documents
    assert [(f.code, f.text) for f in doc.findings] == [("C201", "diplomatic chief")]


def test_a_record_inserted_above_does_not_shift_the_others_identities(tmp_path: Path) -> None:
    # JSONL records without an id are known by their line; a record inserted at the top
    # moves every other one down a line. Each keeps its own history (by its text), and
    # the newcomer is new, not the old first record "changed".
    def record(line: int, text: str) -> DocumentAudit:
        return sample_audit(sample_document(f"feed.jsonl:{line}", text))

    lavrov = sample_document().text
    vienna = "Officials met in Vienna on Monday to discuss grain exports.\n"
    council = "The city council approved the budget on Tuesday after a long debate.\n"
    signature = sample_run().signature
    day1 = RunAudit(documents=[record(1, lavrov), record(2, vienna)], signature=signature)
    base = baseline_of(day1, tmp_path)
    day2 = [record(1, council), record(2, lavrov), record(3, vienna)]
    filtered = apply_baseline(RunAudit(documents=day2, signature=signature), base)
    assert filtered.baseline.status == {
        "feed.jsonl:1": "new",
        "feed.jsonl:2": "unchanged",
        "feed.jsonl:3": "unchanged",
    }
    assert [d.document.id for d in filtered.documents] == ["feed.jsonl:1"]
    assert not filtered.baseline.was_machine_translated.get("feed.jsonl:1")
    # A record edited in place keeps its line, and is "changed" as before.
    edited = record(1, lavrov.replace("Geneva", "Vienna"))
    again = apply_baseline(
        RunAudit(documents=[edited, record(2, vienna)], signature=signature), base
    )
    assert again.baseline.status == {"feed.jsonl:1": "changed", "feed.jsonl:2": "unchanged"}


def test_an_article_found_by_its_text_is_not_also_matched_by_path(tmp_path: Path) -> None:
    # The baseline was written from data/ (ids feed.jsonl:N), this run from the root
    # (data/feed.jsonl:N). A record inserted at the top: the newcomer's id ends with the
    # baseline's feed.jsonl:1, whose article is now data/feed.jsonl:2. Matched by path, the
    # newcomer took that article's known verdict and passed the gate.
    def record(name: str, text: str) -> DocumentAudit:
        return sample_audit(sample_document(name, text))

    lavrov = sample_document().text
    council = "The city council approved the budget on Tuesday after a long debate.\n"
    signature = sample_run().signature
    base = baseline_of(
        RunAudit(documents=[record("feed.jsonl:1", lavrov)], signature=signature), tmp_path
    )
    newcomer = record("data/feed.jsonl:1", lavrov.replace("Geneva", "Vienna"))
    day2 = [newcomer, record("data/feed.jsonl:2", lavrov), record("data/feed.jsonl:3", council)]
    filtered = apply_baseline(RunAudit(documents=day2, signature=signature), base)
    assert filtered.baseline.status["data/feed.jsonl:1"] == "new"
    assert filtered.baseline.status["data/feed.jsonl:2"] == "unchanged"
    assert evaluate(filtered, AuditConfig()).failed.keys() >= {"data/feed.jsonl:1"}


def baseline_with_p(run: RunAudit, probability: float | None):
    """``run`` as a baseline whose verdict had ``probability`` (None: an older report)."""
    report = run_to_dict(run)
    verdict = report["documents"][0]["verdict"]
    if probability is None:
        del verdict["probability"]
    else:
        verdict["probability"] = probability
    return parse_baseline(json.dumps(report), "previous.json")


def test_a_known_verdict_fails_again_when_p_rises_far_above_the_baseline() -> None:
    # The baseline accepted the article as machine-translated at P 0.62; now it is 0.99
    # (a machine-translated section pasted in). That verdict is news: it fails again.
    run = sample_run()
    doc_id = run.documents[0].document.id
    assert run.documents[0].verdict.probability == 0.9877
    filtered = apply_baseline(run, baseline_with_p(run, 0.62))
    assert [d.document.id for d in filtered.documents] == [doc_id]
    assert filtered.documents[0].findings == []  # the findings are all known
    gate = evaluate(filtered, AuditConfig())
    assert gate.exit_code == 1
    assert "P(machine-translated) 0.99 >= 0.58, up from 0.62 in the baseline" in gate.failure_line()
    assert "::error " in get_reporter("github").render(filtered)
    # The reports say why, not only the gate's stderr line.
    why = "up from 0.62 in the baseline"
    (entry,) = run_to_dict(filtered)["documents"]
    assert entry["baseline"]["status"] == "unchanged" and entry["baseline"]["reopened"] == why
    line = json.loads(get_reporter("jsonl").render(filtered).splitlines()[0])
    assert line["baseline"]["reopened"] == why
    root, errors = parse(get_reporter("html").render(filtered))
    meta = root.find_all("p", "doc-meta")[0].text()
    assert errors == [] and f"verdict judged again: {why}" in meta
    markdown = get_reporter("markdown").render(filtered)
    assert f"Baseline: unchanged (verdict judged again: {why})" in markdown
    assert f"Judged again: {why}" in get_reporter("terminal").render(filtered)
    assert f"Judged again: {why}." in get_reporter("github").render(filtered)
    # A small move (the language model on another device) is still the known verdict,
    # and so is a baseline from before P was read from it.
    for known in (0.97, None):
        quiet = apply_baseline(run, baseline_with_p(run, known))
        assert quiet.documents == [] and evaluate(quiet, AuditConfig()).exit_code == 0


def test_a_known_verdict_does_not_cover_a_rewritten_article(
    runner: CliRunner, tmp_path: Path
) -> None:
    # a.txt, accepted as machine-translated, is replaced by another article under the
    # same name: matched by its id, it kept the old article's accepted verdict.
    article = tmp_path / "a.txt"
    article.write_text(WORLD + MORE, encoding="utf-8")
    gate = ["--fail-over", "0.0", "-f", "json"]
    first = runner.invoke(
        app, ["audit", str(article), *NO_LM, *gate, "--write-baseline", str(tmp_path / "b.json")]
    )
    assert first.exit_code == 1
    base = ["--baseline", str(tmp_path / "b.json")]
    article.write_text(WORLD + MORE + "\nThe talks will resume in Vienna next week.\n")
    edited = runner.invoke(app, ["audit", str(article), *NO_LM, *gate, *base])
    assert edited.exit_code == 0, edited.stderr  # an edit: still the accepted verdict
    article.write_text(BUDGET + "\nThe mayor said the new plan would cut the deficit by half.\n")
    rewritten = runner.invoke(app, ["audit", str(article), *NO_LM, *gate, *base])
    assert rewritten.exit_code == 1
    assert "rewritten since the baseline" in rewritten.stderr
    report = json.loads(rewritten.stdout)
    assert report["documents"][0]["baseline"]["status"] == "changed"
    assert report["documents"][0]["baseline"]["reopened"] == "rewritten since the baseline"


def test_new_only_keeps_findings_in_an_edited_sentence_known(
    runner: CliRunner, tmp_path: Path
) -> None:
    # --new-only matched findings by fingerprint alone: a typo fixed beside an accepted
    # calque made the calque new, and the scheduled gate failed on it.
    article, history = tmp_path / "a.txt", tmp_path / "runs.sqlite"
    shutil.copy(SEED, article)
    args = ["audit", str(article), *NO_LM, "--history", str(history), "--fail-on", "C,N"]
    assert runner.invoke(app, args).exit_code == 1  # recorded, all of it new
    # A failed gate is held back from --new-only until its findings are accepted.
    accepted = runner.invoke(app, ["history", "accept", "1", "--history", str(history)])
    assert accepted.exit_code == 0, accepted.output
    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace("know each other well", "know each other very well"))
    again = runner.invoke(app, [*args, "--new-only", "-f", "json"])
    assert again.exit_code == 0, again.stderr
    assert json.loads(again.stdout)["baseline"]["documents"]["changed"] == 1
    # And a rewrite under the same name is judged again, as with a baseline file.
    article.write_text(WORLD.replace("diplomatic chief", "foreign minister") + MORE + BUDGET)
    rewritten = runner.invoke(app, [*args, "--new-only", "--fail-over", "0.0"])
    assert rewritten.exit_code == 1 and "rewritten since the baseline" in rewritten.stderr


def test_findings_match_as_a_multiset_and_unchanged_text_can_have_new_ones(
    tmp_path: Path,
) -> None:
    run = sample_run()
    report = run_to_dict(run)
    findings = report["documents"][0]["findings"]
    hold = [i for i, f in enumerate(findings) if f["text"] == "hold their positions"]
    del findings[hold[0]]  # the baseline saw the calque in only one of the two headlines
    base = parse_baseline(json.dumps(report), "previous.json")
    filtered = apply_baseline(run, base)
    (doc,) = filtered.documents
    assert [f.text for f in doc.findings] == ["hold their positions"]
    assert filtered.baseline.status[doc.document.id] == "unchanged"


def test_a_new_copy_of_a_known_finding_keeps_its_sarif_fingerprint(tmp_path: Path) -> None:
    # Copies of one finding are numbered in SARIF (":2"); counted among the findings a
    # report shows, the copy a baseline left was the first and lost its number, so it
    # took the fingerprint of the known copy it sits beside.
    run = sample_run()
    report = run_to_dict(run)
    findings = report["documents"][0]["findings"]
    twins = [i for i, f in enumerate(findings) if f["text"] == "hold their positions"]
    assert findings[twins[0]]["fingerprint"] == findings[twins[1]]["fingerprint"]
    new_copy = findings[twins[1]]["start"]
    del findings[twins[1]]  # the baseline knew the first copy only
    filtered = apply_baseline(run, parse_baseline(json.dumps(report), "previous.json"))

    def fingerprints(run: RunAudit) -> dict[int, str]:
        log = json.loads(get_reporter("sarif").render(run))
        return {
            r["locations"][0]["physicalLocation"]["region"]["charOffset"]: r["partialFingerprints"][
                "mtauditFinding/v1"
            ]
            for r in log["runs"][0]["results"]
            if r["properties"].get("text") == "hold their positions"
        }

    full, kept = fingerprints(run), fingerprints(filtered)
    assert list(kept) == [new_copy]
    assert kept[new_copy] == full[new_copy] and kept[new_copy].endswith(":2")
    assert len(set(full.values())) == len(full)


def test_jsonl_report_works_as_a_baseline(tmp_path: Path) -> None:
    run = sample_run()
    path = tmp_path / "previous.jsonl"
    path.write_text(get_reporter("jsonl").render(run), encoding="utf-8")
    assert apply_baseline(run, load_baseline(path)).documents == []


def test_a_jsonl_baseline_knows_the_run_level_findings(tmp_path: Path) -> None:
    # Each JSONL line carries the run-level findings that involve its document; they
    # were dropped, so every N310 came back new and `--fail-on N` failed on each run.
    other = sample_audit(sample_document("mirror/copy.txt", sample_document().text + "\n"))
    run = sample_run(extra=[other])
    run.run_findings.append(run_finding(run.documents))
    assert len(run.run_findings[0].places) == 2
    path = tmp_path / "previous.jsonl"
    path.write_text(get_reporter("jsonl").render(run), encoding="utf-8")
    filtered = apply_baseline(run, load_baseline(path))
    assert filtered.run_findings == [] and filtered.baseline.known_run_findings == 1
    assert evaluate(filtered, AuditConfig(fail_on=["N"])).exit_code == 0


def test_a_new_article_repeating_an_accepted_misspelling_is_the_only_new_place(
    runner: CliRunner, tmp_path: Path
) -> None:
    # N310 was matched by all its spellings at once: a new article repeating the
    # accepted 'Blinkin' made the whole finding new, and `--fail-on N` named the old,
    # unchanged articles too.
    newsroom(
        tmp_path,
        {
            "news/a.txt": "Antony Blinkin met his Russian counterpart in Geneva.\n\n"
            "The talks ended without a joint statement.\n",
            "news/b.txt": "Antony Blinken flew to Kyiv on Wednesday.\n\nHe promised more aid.\n",
            "news/d.txt": "Antony Blinken spoke in Brussels on Monday.\n\nMinisters listened.\n",
        },
    )
    state, news = tmp_path / "state.json", str(tmp_path / "news")
    first = runner.invoke(app, ["audit", news, *NO_LM, "--write-baseline", str(state)])
    assert first.exit_code == 0
    assert [rf["code"] for rf in json.loads(state.read_text())["run_findings"]] == ["N310"]
    gate = ["--baseline", str(state), "--fail-on", "N", "-f", "json"]
    assert runner.invoke(app, ["audit", news, *NO_LM, *gate]).exit_code == 0
    newsroom(
        tmp_path,
        {"news/c.txt": "Antony Blinkin arrived in Ankara on Friday.\n\nHe spoke briefly.\n"},
    )
    result = runner.invoke(app, ["audit", news, *NO_LM, *gate])
    assert result.exit_code == 1
    (rf,) = json.loads(result.stdout)["run_findings"]
    assert [p["document"] for p in rf["places"]] == [str(tmp_path / "news/c.txt")]
    assert "gate failed: " + str(tmp_path / "news/c.txt") + " (finding N310)" in result.stderr
    assert "a.txt" not in result.stderr and "b.txt" not in result.stderr


def test_a_partly_known_run_finding_counts_its_hidden_places_and_keeps_its_fingerprint(
    runner: CliRunner, tmp_path: Path
) -> None:
    # Its known places were hidden and every report said "0 known findings hidden"; and
    # SARIF fingerprinted only the places shown, so the dashboard's alert for this
    # finding was another one than the unfiltered run's (and changed with each new place).
    newsroom(
        tmp_path,
        {
            "news/a.txt": "Antony Blinken met his Russian counterpart in Geneva.\n",
            "news/b.txt": "Antony Blinkin flew to Kyiv on Tuesday for talks.\n",
            "news/c.txt": "Antony Blinken spoke to reporters in Rome.\n",
        },
    )
    state, news = tmp_path / "state.json", str(tmp_path / "news")
    args = ["audit", news, *NO_LM]
    assert runner.invoke(app, [*args, "--write-baseline", str(state)]).exit_code == 0
    newsroom(tmp_path, {"news/d.txt": "Antony Blinkin spoke in Paris on Wednesday.\n"})
    result = runner.invoke(app, [*args, "--baseline", str(state), "-f", "json"])
    report = json.loads(result.stdout)
    (rf,) = report["run_findings"]
    assert [p["document"] for p in rf["places"]] == [str(tmp_path / "news/d.txt")]
    assert rf["baseline"] == {"known_places": 2}
    assert report["baseline"]["known_findings"] == 0
    assert report["baseline"]["known_places"] == 2
    for fmt in ("terminal", "markdown", "github", "html"):
        shown = runner.invoke(app, [*args, "--baseline", str(state), "-f", fmt]).stdout
        assert "2 known places" in shown, fmt

    def fingerprint(*extra: str) -> str:
        log = json.loads(runner.invoke(app, [*args, *extra, "-f", "sarif"]).stdout)
        (n310,) = [r for r in log["runs"][0]["results"] if r["ruleId"] == "N310"]
        return n310["partialFingerprints"]["mtauditFinding/v1"]

    assert fingerprint("--baseline", str(state)) == fingerprint()


@pytest.mark.parametrize(
    "content, message",
    [
        (None, "no such file"),
        ("An article, not a report.", "not JSON"),
        ('{"version": "2.1.0", "runs": []}', "a SARIF log, not an mtaudit/1 report"),
        ('{"schema": "mtaudit/0", "documents": []}', "schema 'mtaudit/0'"),
        ('{"documents": []}', 'previous.json: no "schema" field, not an mtaudit/1 report'),
        ('{"schema": null, "documents": []}', 'previous.json: a null "schema" field, not an'),
        ("[1, 2]", "not an mtaudit report"),
        ('{"schema": "mtaudit/1"}', "no documents list"),
        ('{"schema": "mtaudit/1", "documents": [{"status": "ok"}]}', "malformed"),
        (
            '{"schema": "mtaudit/1", "documents": '
            '[{"status": "ok", "id": "a", "content_hash": []}]}',
            "malformed mtaudit/1 report: documents.0..content_hash is an array, not a string",
        ),
        # A document whose id was lost in a hand edit loaded as one named "None" (or
        # "['a']"), without a word, where every other broken field is an error.
        (
            '{"schema": "mtaudit/1", "documents": [{"status": "ok", "id": null}]}',
            "malformed mtaudit/1 report: documents.0..id is null, not a string",
        ),
        (
            '{"schema": "mtaudit/1", "documents": [{"status": "ok", "id": ["a"]}]}',
            "malformed mtaudit/1 report: documents.0..id is an array, not a string",
        ),
        # Edited by hand: Python's words ("AttributeError: 'str' object has no attribute
        # 'get'") naming no field, or a P that no verdict has.
        ('{"schema": "mtaudit/1", "documents": ["a.txt"]}', r"documents\[0\] is a string, not an"),
        ('{"schema": "mtaudit/1", "documents": "x"}', "report: documents is a string, not a list"),
        (
            '{"schema": "mtaudit/1", "documents": [{"status": "ok", "id": "a", "findings": "x"}]}',
            r"report: documents\[0\]\.findings is a string, not a list$",
        ),
        (
            '{"schema": "mtaudit/1", "documents": [{"status": "ok", "id": "a", "findings": [1]}]}',
            r"documents\[0\]\.findings\[0\] is a number, not an object$",
        ),
        (
            '{"schema": "mtaudit/1", "documents": [{"status": "ok", "id": "a", '
            '"findings": [{"code": "C101"}]}]}',
            r'documents\[0\]\.findings\[0\] has no "text"$',
        ),
        (
            '{"schema": "mtaudit/1", "documents": [{"status": "ok", "id": "a", '
            '"sentences": [{"index": "1", "text": "A."}]}]}',
            r"documents\[0\]\.sentences\[0\]\.index is a string, not a whole number$",
        ),
        (
            '{"schema": "mtaudit/1", "documents": [{"status": "ok", "id": "a", "verdict": "x"}]}',
            r"documents\[0\]\.verdict is a string, not an object$",
        ),
        ('{"schema": "mtaudit/1", "documents": [], "run_findings": "x"}', "run_findings is a"),
        (
            '{"schema": "mtaudit/1", "documents": [], "run_findings": [{"code": "N310", '
            '"places": [{"document": "a"}]}]}',
            r'run_findings\[0\]\.places\[0\] has no "text"$',
        ),
        ('{"schema": "mtaudit/1", "documents": [], "signature": [1]}', "malformed .* .signature"),
        ('{"schema": "mtaudit/1", "documents": [], "signature": "x"}', "malformed .* .signature"),
        ('{"schema": "mtaudit/1", "documents": [], "signature_string": 5}', "signature_string"),
        (
            '{"schema": "mtaudit/1", "documents": [{"status": "ok", "id": "a", '
            '"verdict": {"probability": NaN}}]}',
            "documents.0..verdict.probability is nan, not a number from 0 to 1",
        ),
    ],
)
def test_bad_baseline_is_a_clear_error(tmp_path: Path, content: str | None, message: str) -> None:
    path = tmp_path / "previous.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(BaselineError, match=message):
        load_baseline(path)


def test_cli_a_hand_edited_baseline_is_one_line_naming_the_field(
    runner: CliRunner, tmp_path: Path
) -> None:
    path = tmp_path / "previous.json"
    path.write_text('{"schema": "mtaudit/1", "documents": ["a.txt"]}', encoding="utf-8")
    result = runner.invoke(
        app, ["audit", str(SEED), "--no-lm", "--isolated", "--baseline", str(path)]
    )
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert line.endswith(
        f"baseline {path}: malformed mtaudit/1 report: documents[0] is a string, not an object"
    )
    assert "Error" not in line


def test_a_filtered_report_is_refused_as_baseline(tmp_path: Path) -> None:
    run = sample_run()
    filtered = apply_baseline(
        RunAudit(documents=[edited_audit()], signature=run.signature), baseline_of(run, tmp_path)
    )
    path = tmp_path / "filtered.json"
    path.write_text(get_reporter("json").render(filtered), encoding="utf-8")
    with pytest.raises(BaselineError, match="itself filtered by a baseline"):
        load_baseline(path)


def test_other_settings_are_noticed(tmp_path: Path) -> None:
    run = sample_run()
    base = baseline_of(run, tmp_path)
    changed = RunAudit(documents=run.documents, signature={**run.signature, "mtaudit": "9.9"})
    assert not apply_baseline(changed, base).baseline.signature_matches


# --- command line ---------------------------------------------------------------

NO_LM = ["--no-lm", "--isolated"]
BASE = ["-f", "json", "--baseline"]


def test_cli_baseline_hides_what_is_known_and_gates_on_what_is_new(
    runner: CliRunner, tmp_path: Path
) -> None:
    previous = tmp_path / "previous.json"
    first = runner.invoke(
        app, ["audit", str(SEED), *NO_LM, "--fail-over", "0.0", "-o", str(previous)]
    )
    assert first.exit_code == 1 and previous.is_file()  # P >= 0 fails, as intended

    again = runner.invoke(
        app,
        ["audit", str(SEED), *NO_LM, "--fail-over", "0.0", "--baseline", str(previous), "-fjson"],
    )
    assert again.exit_code == 0, again.stderr
    report = json.loads(again.stdout)
    assert report["documents"] == []
    assert report["baseline"]["documents"]["unchanged"] == 1

    newcomer = tmp_path / "newcomer.txt"
    newcomer.write_text("Officials met in Vienna on Monday to discuss grain exports.\n")
    both = runner.invoke(
        app,
        ["audit", str(SEED), str(newcomer), *NO_LM, "--fail-over", "0.0", *BASE, str(previous)],
    )
    assert both.exit_code == 1
    report = json.loads(both.stdout)
    assert [d["id"] for d in report["documents"]] == [str(newcomer)]
    assert report["documents"][0]["baseline"]["status"] == "new"


def test_cli_baseline_made_with_other_settings_names_what_differs(
    runner: CliRunner, tmp_path: Path
) -> None:
    """The warning printed the baseline's whole signature, to be set beside this run's
    by eye, and said findings may be new or gone when only the verdict's threshold
    differed: a CI gate that adds --fail-over to a baseline written without it."""
    state = tmp_path / "state.json"
    runner.invoke(app, ["audit", str(SEED), *NO_LM, "--write-baseline", str(state)])
    base = json.loads(state.read_text(encoding="utf-8"))["signature_string"]
    mt = base.split("|mt:")[1].split("|")[0]
    gate = runner.invoke(app, ["audit", str(SEED), *NO_LM, "--fail-over", "0.5", *BASE, str(state)])
    assert gate.stderr.splitlines()[0] == (
        f"mtaudit: warning: baseline {state} was made with other settings (mt:{mt} there, "
        f"mt:0.5@{mt.partition('@')[2]} here); verdicts may differ because of that"
    )
    fewer = runner.invoke(app, ["audit", str(SEED), *NO_LM, "--ignore", "T", *BASE, str(state)])
    rules = json.loads(fewer.stdout)["signature"]["rules"]
    assert fewer.stderr.splitlines()[0] == (
        f"mtaudit: warning: baseline {state} was made with other settings (rules:"
        f"{base.split('|rules:')[1].split('|')[0]} there, rules:{rules['count']}#"
        f"{rules['hash']} here); some findings may be new or gone because of that"
    )


def test_cli_write_baseline_keeps_the_full_report(runner: CliRunner, tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    first = runner.invoke(app, ["audit", str(SEED), *NO_LM, "--write-baseline", str(state)])
    assert first.exit_code in (0, 1)
    # Rolling the baseline forward: read it, then overwrite it with the full report.
    second = runner.invoke(
        app,
        ["audit", str(SEED), *NO_LM, *BASE, str(state), "--write-baseline", str(state)],
    )
    assert second.exit_code == 0
    assert json.loads(second.stdout)["documents"] == []
    full = json.loads(state.read_text())
    assert full["baseline"] is None and len(full["documents"]) == 1


def test_cli_write_baseline_is_the_same_file_when_nothing_changed(
    runner: CliRunner, tmp_path: Path
) -> None:
    # Committed beside the articles, the baseline must not change when they did not:
    # not with the clock, not with the order the inputs were named in.
    other = tmp_path / "a-vienna.txt"
    other.write_text("Officials met in Vienna on Monday to discuss grain exports.\n")
    one, two = tmp_path / "one.json", tmp_path / "two.json"
    for state, inputs in ((one, [str(SEED), str(other)]), (two, [str(other), str(SEED)])):
        result = runner.invoke(app, ["audit", *inputs, *NO_LM, "--write-baseline", str(state)])
        assert result.exit_code in (0, 1), result.stderr
    assert one.read_bytes() == two.read_bytes()
    full = json.loads(one.read_text())
    assert [d["id"] for d in full["documents"]] == sorted([str(SEED), str(other)])
    assert full["started"] is None and full["finished"] is None


def test_a_baseline_holds_no_language_model_measurements(tmp_path: Path) -> None:
    # Every sentence's LM scores (a third of the file, most of its lines) and the F
    # rules' evidence went into the committed baseline: matching reads none of them,
    # and they moved in the last digits with the device, so its diff was never quiet.
    run = sample_run(fluency=True)
    audit = run.documents[0]
    sentence = audit.sentences[3]
    audit.findings.append(
        Finding(
            "F601",
            sentence.start,
            sentence.end,
            sentence.text,
            "Reads less fluently.",
            sentence=sentence.index,
            evidence={"score": -50.3141, "percentile": 3.05},
        )
    )
    assert audit.fluency and all(s.index in audit.fluency for s in audit.sentences)
    written = json.loads(get_reporter("json").render(baseline_run(run)))
    (entry,) = written["documents"]
    assert [s["fluency"] for s in entry["sentences"]] == [None] * len(audit.sentences)
    (f601,) = [f for f in entry["findings"] if f["code"] == "F601"]
    assert f601["evidence"] == {}
    assert [f["evidence"] for f in entry["findings"]] == [
        {} if f.code == "F601" else f.evidence for f in audit.findings
    ]
    # It is still a baseline for the run, as is a full report that holds them.
    assert apply_baseline(run, parse_baseline(json.dumps(written), "b.json")).documents == []
    assert apply_baseline(run, baseline_of(run, tmp_path)).documents == []
    assert run.documents[0].fluency  # the run itself keeps them for its reports


def test_a_baseline_kept_in_the_audited_folder_rolls_forward(
    runner: CliRunner, tmp_path: Path
) -> None:
    # `mtaudit audit . --baseline b.json --write-baseline b.json` at the repository root:
    # b.json is in the audited folder but is no article (a report is not a feed, and the
    # walk skips it), yet the second run refused to write it as "an input of this run".
    newsroom(tmp_path, {"news/a.txt": WORLD})
    state = tmp_path / "mtaudit-baseline.json"
    first = runner.invoke(app, ["audit", str(tmp_path), *NO_LM, "--write-baseline", str(state)])
    assert first.exit_code == 0, first.stderr
    roll = ["--baseline", str(state), "--write-baseline", str(state)]
    second = runner.invoke(app, ["audit", str(tmp_path), *NO_LM, *roll, "-f", "json"])
    assert second.exit_code == 0, second.stderr
    report = json.loads(second.stdout)
    assert report["baseline"]["documents"] == {"new": 0, "changed": 0, "unchanged": 1}
    # A report where the walk would read it as an article is left out of the walk and
    # replaced, as every file the run writes (a name given as an input is refused).
    old = tmp_path / "news/old.md"
    old.write_text("An old report.\n")
    third = runner.invoke(app, ["audit", str(tmp_path), *NO_LM, "-o", str(old)])
    assert third.exit_code == 0, third.stderr
    assert old.read_text() != "An old report.\n"


def test_a_run_with_unreadable_inputs_keeps_the_baseline_it_would_shrink(
    runner: CliRunner, tmp_path: Path
) -> None:
    # A feed that timed out for one run dropped its articles from the rewritten
    # baseline, and on the next run every accepted finding of theirs was new again.
    newsroom(tmp_path, {"news/a.txt": WORLD, "news/b.txt": SPORT})
    state = tmp_path / "state.json"
    write = ["--write-baseline", str(state)]
    assert runner.invoke(app, ["audit", str(tmp_path / "news"), *NO_LM, *write]).exit_code == 0
    before = state.read_bytes()
    (tmp_path / "news/b.txt").write_bytes(b"\x00\x01binary\x00")  # unreadable this time
    broken = runner.invoke(app, ["audit", str(tmp_path / "news"), *NO_LM, *write])
    assert broken.exit_code == 2
    assert state.read_bytes() == before
    assert "state.json kept as it was: 1 of its documents" in broken.stderr
    assert str(tmp_path / "news/b.txt") in broken.stderr
    # With no baseline yet, the partial one is better than none.
    fresh = tmp_path / "fresh.json"
    first = runner.invoke(
        app, ["audit", str(tmp_path / "news"), *NO_LM, "--write-baseline", str(fresh)]
    )
    assert first.exit_code == 2 and fresh.is_file()
    # The next run, whose inputs all read, moves it on.
    (tmp_path / "news/b.txt").write_text(SPORT + MORE, encoding="utf-8")
    assert runner.invoke(app, ["audit", str(tmp_path / "news"), *NO_LM, *write]).exit_code == 0
    assert state.read_bytes() != before
    # An input the baseline never had (a page in French) costs it nothing: it moves on.
    before = state.read_bytes()
    (tmp_path / "news/a.txt").write_text(WORLD + MORE, encoding="utf-8")
    french = (
        "Le chef de la diplomatie russe a rencontré ses homologues européens lundi à Genève. "
        "Les discussions ont duré plus de deux heures, selon le ministère, qui a salué une "
        "atmosphère constructive.\n"
    )
    newsroom(tmp_path, {"news/fr.txt": french})
    french = runner.invoke(app, ["audit", str(tmp_path / "news"), *NO_LM, *write])
    assert french.exit_code == 2 and "kept as it was" not in french.stderr
    assert state.read_bytes() != before


def test_a_run_hashes_each_document_s_text_once(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Matching the baseline asked for each document's text_hashes three times (by text,
    # for the ids, for the anchors of path matching), and checking that an unreadable
    # input would not shrink the baseline twice more: each a hash of the whole text and
    # of a copy of it with the other line endings.
    newsroom(tmp_path, {"news/a.txt": WORLD, "news/b.txt": SPORT})
    news, state = str(tmp_path / "news"), tmp_path / "state.json"
    first = runner.invoke(app, ["audit", news, *NO_LM, "--write-baseline", str(state)])
    assert first.exit_code == 0
    (tmp_path / "news/c.txt").write_bytes(b"\x00\x01binary\x00")  # unreadable
    calls: Counter[str] = Counter()
    real = audits.baseline.text_hashes

    def counted(document: Document) -> tuple[str, ...]:
        calls[Path(document.id).name] += 1
        return real(document)

    monkeypatch.setattr(audits.baseline, "text_hashes", counted)
    args = ["--baseline", str(state), "--write-baseline", str(tmp_path / "next.json")]
    result = runner.invoke(app, ["audit", news, *NO_LM, *args, "-f", "json"])
    assert result.exit_code == 2
    assert json.loads(result.stdout)["baseline"]["documents"] == {
        "new": 0,
        "changed": 0,
        "unchanged": 2,
    }
    assert (tmp_path / "next.json").is_file()  # c.txt was never in the baseline
    assert calls == {"a.txt": 1, "b.txt": 1}


def test_unreadable_inputs_keep_a_baseline_written_from_another_folder(
    runner: CliRunner, tmp_path: Path
) -> None:
    # The inputs were linked to the baseline's documents by their recorded source: a
    # baseline written from the repository root names news/b.txt, a run inside news/
    # failed to read b.txt, and the baseline was rewritten without it.
    newsroom(tmp_path, {"news/a.txt": WORLD, "news/b.txt": SPORT})
    state = tmp_path / "state.json"
    assert gate_from(runner, tmp_path, "news", "--write-baseline", "state.json")[0] == 1
    before = state.read_bytes()
    (tmp_path / "news/b.txt").write_bytes(b"\x00\x01binary\x00")
    code, _, stderr = gate_from(runner, tmp_path / "news", ".", "--write-baseline", str(state))
    assert code == 2
    assert state.read_bytes() == before
    assert "state.json kept as it was: 1 of its documents (news/b.txt)" in stderr


def test_a_failing_gate_does_not_rewrite_the_baseline_it_gates_on(
    runner: CliRunner, tmp_path: Path
) -> None:
    """`--baseline b.json --write-baseline b.json --fail-on C`: a run that failed on a
    new calque rewrote b.json with it, so the retry of the failed job passed. The
    baseline it would replace is kept; --accept takes the findings as known."""
    newsroom(tmp_path, {"news/a.txt": WORLD})
    state = tmp_path / "state.json"
    roll = ["--baseline", "state.json", "--write-baseline", "state.json"]
    # A first baseline takes the collection as it stands, failing gate or not.
    assert gate_from(runner, tmp_path, "news", "--write-baseline", "state.json")[0] == 1
    assert gate_from(runner, tmp_path, "news", *roll)[0] == 0
    before = state.read_bytes()
    newsroom(tmp_path, {"news/b.txt": SPORT})
    for _ in range(2):  # the job and its retry
        code, report, stderr = gate_from(runner, tmp_path, "news", *roll)
        assert code == 1 and [d["id"] for d in report["documents"]] == ["news/b.txt"]
        assert state.read_bytes() == before
        assert "state.json kept as it was: the gate failed" in stderr
        assert "--accept" in stderr
    code, _, stderr = gate_from(runner, tmp_path, "news", *roll, "--accept")
    assert code == 1 and "kept as it was" not in stderr
    assert state.read_bytes() != before
    assert gate_from(runner, tmp_path, "news", *roll)[0] == 0


def _to_stdout(where: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`mtaudit audit ARGS --write-baseline /dev/stdout` in a process of its own, its
    stdout a pipe, as `... | aws s3 cp - s3://bucket/state.json` runs it."""
    command = [sys.executable, "-c", "from cli.app import main; main()", "audit", *args]
    command += [*NO_LM, "--fail-on", "C", "-f", "json", "-o", "report.json"]
    command += ["--write-baseline", "/dev/stdout"]  # and nothing else on stdout
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(command, cwd=where, capture_output=True, text=True, env=env, timeout=60)


def test_a_baseline_written_to_a_stream_is_never_left_empty(tmp_path: Path) -> None:
    """`--write-baseline /dev/stdout` (or a pipe): the rule that keeps an earlier
    baseline took the stream for one, so a failed gate wrote nothing there, and what
    stored the stream stored nothing (the next run: 'not JSON'). A stream gets the
    `--baseline` the run read, as it was. And a run with an unreadable input read
    /dev/stdout for the baseline it would replace: it waited on its own pipe for ever."""
    newsroom(tmp_path, {"news/a.txt": WORLD})
    first = _to_stdout(tmp_path, "news")
    assert first.returncode == 1, first.stderr  # a first baseline, failed gate or not
    assert [d["id"] for d in json.loads(first.stdout)["documents"]] == ["news/a.txt"]
    (tmp_path / "state.json").write_text(first.stdout, encoding="utf-8")
    newsroom(tmp_path, {"news/b.txt": SPORT})
    failed = _to_stdout(tmp_path, "news", "--baseline", "state.json")
    assert failed.returncode == 1, failed.stderr
    assert failed.stdout == first.stdout
    assert "/dev/stdout got baseline state.json as it was: the gate failed" in failed.stderr
    accepted = _to_stdout(tmp_path, "news", "--baseline", "state.json", "--accept")
    assert accepted.returncode == 1, accepted.stderr
    assert len(json.loads(accepted.stdout)["documents"]) == 2
    (tmp_path / "state.json").write_text(accepted.stdout, encoding="utf-8")
    # Unreadable, with no --baseline: nothing to keep, the baseline is written.
    (tmp_path / "news/b.txt").write_bytes(b"\x00\x01binary\x00")
    unread = _to_stdout(tmp_path, "news")
    assert unread.returncode == 2, unread.stderr
    assert [d["status"] for d in json.loads(unread.stdout)["documents"]] == ["ok", "error"]
    # With one, a document of it that could not be read keeps it as it was.
    kept = _to_stdout(tmp_path, "news", "--baseline", "state.json")
    assert kept.returncode == 2, kept.stderr
    assert kept.stdout == accepted.stdout
    assert "/dev/stdout got baseline state.json as it was: 1 of its documents" in kept.stderr


def test_accept_records_a_failing_gate_as_accepted_in_the_history(
    runner: CliRunner, tmp_path: Path
) -> None:
    newsroom(tmp_path, {"news/a.txt": WORLD})
    new_only = ["--history", "h.sqlite", "--new-only"]
    assert gate_from(runner, tmp_path, "news", *new_only, "--accept")[0] == 1
    code, report, stderr = gate_from(runner, tmp_path, "news", *new_only)
    assert (code, report["documents"]) == (0, []), stderr
    # With nothing to accept into, it is a mistake, not a flag that does nothing.
    code, _, stderr = gate_from(runner, tmp_path, "news", "--accept")
    assert code == 2 and "--accept takes a run's findings as known" in stderr


def test_cli_bad_baseline_is_one_red_line(runner: CliRunner, tmp_path: Path) -> None:
    sarif = tmp_path / "old.sarif"
    sarif.write_text('{"version": "2.1.0", "runs": []}')
    result = runner.invoke(app, ["audit", str(SEED), *NO_LM, "--baseline", str(sarif)])
    assert result.exit_code == 2
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and "SARIF" in lines[0] and "--format json" in lines[0]
    assert result.stdout == ""


def test_reports_say_what_the_baseline_hid(tmp_path: Path) -> None:
    run = sample_run()
    filtered = apply_baseline(
        RunAudit(documents=[edited_audit()], signature=run.signature), baseline_of(run, tmp_path)
    )
    page = get_reporter("html").render(filtered)
    root, errors = parse(page)
    assert errors == []
    notice = root.find_all("p", "notice")[0].text()
    assert "0 new, 1 changed and 0 unchanged documents" in notice
    assert root.find_all("span", "new")[0].text() == "changed"
    md = get_reporter("markdown").render(filtered)
    assert "> Compared with baseline" in md and "Baseline: changed" in md
    log = json.loads(get_reporter("sarif").render(filtered))
    verdict, result = log["runs"][0]["results"]
    assert result["baselineState"] == "new" and result["ruleId"] == "C201"
    # Its verdict was the baseline's too: a note that does not fail the gate.
    assert verdict["ruleId"] == "machine-translated" and verdict["level"] == "note"
    assert verdict["baselineState"] == "unchanged"
    assert log["runs"][0]["properties"]["baseline"]["known_findings"] > 0
    text = get_reporter("terminal").render(filtered)
    assert "1 document with something new" in text and "1 changed" in text
    validate_sarif(log)


def test_github_annotations_do_not_show_a_known_verdict_as_an_error(tmp_path: Path) -> None:
    # The edited article is reported for its new calque; the baseline had already judged
    # it machine-translated, so the gate passes and its verdict is no ::error.
    run = sample_run()
    filtered = apply_baseline(
        RunAudit(documents=[edited_audit()], signature=run.signature), baseline_of(run, tmp_path)
    )
    assert evaluate(filtered, AuditConfig()).exit_code == 0
    lines = get_reporter("github").render(filtered).splitlines()
    assert not [ln for ln in lines if ln.startswith("::error")]
    (verdict,) = [ln for ln in lines if "title=Machine-translated" in ln]
    assert (
        verdict.startswith("::notice ") and "Already machine-translated in the baseline" in verdict
    )
    # Without a baseline, or for a document that has just turned, it is an error.
    assert get_reporter("github").render(run).count("::error") == 1


def test_github_summary_says_what_the_baseline_hid(tmp_path: Path) -> None:
    # With nothing new, the CI log's summary read "0 documents audited": as if the
    # job had audited nothing at all (a wrong path, an empty checkout).
    run = sample_run()
    filtered = apply_baseline(run, baseline_of(run, tmp_path))
    (summary,) = [
        ln for ln in get_reporter("github").render(filtered).splitlines() if "summary" in ln
    ]
    assert "0 documents with something new" in summary
    assert "0 new, 0 changed, 1 unchanged" in summary and "known findings hidden" in summary
    assert "0 documents audited" not in summary
    (plain,) = [ln for ln in get_reporter("github").render(run).splitlines() if "summary" in ln]
    assert "1 document audited" in plain and "baseline" not in plain


def test_a_whole_sentence_finding_survives_an_edit_of_its_sentence() -> None:
    # F601 flags a whole sentence, so a typo fixed in it changes the flagged text too.
    old = "Lavrov and Blinken hold their positons in Geneva"
    new = "Lavrov and Blinken hold their positions in Geneva"
    known = [known_finding("f", "F601", old, old), known_finding("g", "C201", "x y", old)]
    assert match_edited([("F601", new, new)], known) == {0}
    # A span inside the sentence must still be the same text.
    assert match_edited([("C201", "x z", new)], known) == set()
    # And a whole sentence that is another sentence stays new.
    other = "The meeting should last only two hours, the ministry said."
    assert match_edited([("F601", other, other)], known) == set()


def test_two_edited_sentences_with_the_same_accepted_phrase_both_stay_known() -> None:
    # Each edited sentence is like one of the known ones, the first like both: taken in
    # turn, the first took the known finding the second needed, which came out new.
    a = "Lavrov and the diplomatic chief met in Geneva on Monday morning for talks."
    b = "Lavrov and the diplomatic chief met in Vienna on Sunday evening for talks."
    x = "Lavrov and the diplomatic chief met in Geneva on Sunday morning for talks."
    y = "Lavrov and the diplomatic chief met in Geneva on Monday morning, aides said."
    known = [known_finding(k, "C201", "diplomatic chief", s) for k, s in (("a", a), ("b", b))]
    found = [("C201", "diplomatic chief", x), ("C201", "diplomatic chief", y)]
    assert match_edited(found, known) == {0, 1}
    assert match_edited(found[::-1], known) == {0, 1}
    # Still one known finding each: a third edited copy is new.
    assert len(match_edited([*found, ("C201", "diplomatic chief", a + " Indeed.")], known)) == 2


@pytest.mark.parametrize(
    "encoding",
    ["utf-8-sig", "utf-16", "utf-32", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"],
)
@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_a_report_saved_with_a_byte_order_mark_is_a_baseline(
    tmp_path: Path, encoding: str, fmt: str
) -> None:
    # `mtaudit audit -f json > state.json` in Windows PowerShell 5 is UTF-16 with a
    # BOM; an editor may save UTF-8 with one. Both were refused ("not JSON"), and so
    # was UTF-16 or UTF-32 without a BOM (`iconv -t UTF-16LE`).
    run = sample_run()
    path = tmp_path / f"state.{fmt}"
    path.write_text(get_reporter(fmt).render(run), encoding=encoding)
    again = apply_baseline(run, load_baseline(path))
    assert again.documents == [] and again.baseline.count("unchanged") == len(run.documents)


def test_a_cut_utf16_baseline_says_it_is_not_utf16(tmp_path: Path) -> None:
    # A UTF-16 report cut short (a copy interrupted) was said to be "not UTF-8", the
    # encoding its byte-order mark had ruled out.
    path = tmp_path / "state.json"
    path.write_bytes(get_reporter("json").render(sample_run()).encode("utf-16")[:-1])
    with pytest.raises(BaselineError) as err:
        load_baseline(path)
    assert str(err.value).endswith("cannot read it (not UTF-16-LE: it ends inside a character)")


def test_an_odd_decode_error_still_gives_a_reason() -> None:
    from audits.errors import read_reason

    # Not what a codec raises, but what a caller's codec might: no IndexError.
    assert read_reason(UnicodeDecodeError("utf-8", b"", 0, 1, "invalid start byte")) == (
        "not UTF-8"
    )


@pytest.mark.skipif(sys.platform != "linux", reason="a file name that is not UTF-8")
@pytest.mark.parametrize("fmt", ["json", "sarif", "github"])
def test_a_baseline_named_in_bytes_that_are_not_utf8(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    """`--baseline $'b\\xe9.json'` (a Latin-1 name) stopped every report that names the
    baseline with "internal error: UnicodeEncodeError": the name reached the report as
    a lone surrogate. It is shown as the reports show such an input, b\\xe9.json."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text("The council met on Tuesday.\n", encoding="utf-8")
    name = os.fsdecode(b"b\xe9.json")
    written = runner.invoke(app, ["audit", "a.txt", "--no-lm", "--write-baseline", name])
    assert written.exit_code == 0, written.output
    result = runner.invoke(app, ["audit", "a.txt", "--no-lm", "--baseline", name, "-f", fmt])
    assert result.exit_code == 0, result.output
    if fmt == "json":
        assert json.loads(result.stdout)["baseline"]["path"] == "b\\xe9.json"


def test_a_missing_baseline_the_run_also_writes_says_how_to_start_it(
    runner: CliRunner, tmp_path: Path
) -> None:
    """A cron line `--baseline s.json --write-baseline s.json` said only "no such file"
    on its first run (or after the file was lost), and on every run after it."""
    state = str(tmp_path / "s.json")
    both = ["audit", str(SEED), *NO_LM, "--baseline", state, "--write-baseline", state]
    first = runner.invoke(app, both)
    assert first.exit_code == 2
    assert (
        f"baseline {state}: no such file; to start it, run once with --write-baseline "
        f"{state} and no --baseline"
    ) in " ".join(first.stderr.split())
    started = runner.invoke(app, ["audit", str(SEED), *NO_LM, "--write-baseline", state])
    assert started.exit_code in (0, 1) and runner.invoke(app, both).exit_code == 0
    # Reading it alone, there is nothing to start.
    alone = runner.invoke(app, ["audit", str(SEED), *NO_LM, "--baseline", state + ".x"])
    assert alone.exit_code == 2 and "to start it" not in alone.stderr
    # Writing another file, the advice would start that one and this would stay missing.
    other = ["--baseline", state + ".x", "--write-baseline", state]
    mistyped = runner.invoke(app, ["audit", str(SEED), *NO_LM, *other])
    assert mistyped.exit_code == 2 and "no such file" in mistyped.stderr
    assert "to start it" not in mistyped.stderr
    # The same file spelled another way is still the file the run would write.
    spelled = [
        "--baseline",
        state + ".y",
        "--write-baseline",
        str(tmp_path / "d" / ".." / "s.json.y"),
    ]
    again = runner.invoke(app, ["audit", str(SEED), *NO_LM, *spelled])
    assert again.exit_code == 2 and "to start it" in again.stderr


@pytest.mark.parametrize("end", ["\r", "\r\n", "\n"])
def test_a_baseline_that_is_not_json_names_the_line_an_editor_shows(end: str) -> None:
    # json's lineno counts LF alone: a report saved with lone CRs put it on line 1.
    raw = end.join(['{"schema": "mtaudit/1",', '"documents": [', "  ]]"])
    with pytest.raises(BaselineError, match=r"not JSON \(.* at line 3, column 4\)"):
        parse_baseline(raw, "old.json")


def test_a_baseline_nested_thousands_deep_is_not_json() -> None:
    # It ended the run in "internal error: RecursionError" before any input was read.
    raw = '{"schema": "mtaudit/1", "documents":' + "[" * 3000
    with pytest.raises(BaselineError, match=r"nested too deeply \(3001 levels\) at line 1, "):
        parse_baseline(raw, "old.json")


def test_a_jsonl_baseline_with_a_broken_line_names_that_line() -> None:
    # The whole file's JSON error pointed at line 2, column 1 ("Extra data": where the
    # second record starts), a line that was fine; and json's "Unterminated string
    # starting at" read "starting at at".
    good = json.dumps({"schema": "mtaudit/1", "id": "a", "status": "ok", "findings": []})
    raw = "\n".join([good, good, good[:40]]) + "\n"
    with pytest.raises(BaselineError) as caught:
        parse_baseline(raw, "old.jsonl")
    message = str(caught.value)
    assert "not JSON Lines (Unterminated string starting at line 3, column " in message
    assert "at at" not in message and "line 2, column 1" not in message


@pytest.mark.parametrize("written, checked_out", [("\n", "\r\n"), ("\r\n", "\n")])
@pytest.mark.parametrize("doc_id", [None, "windows/same-story.txt"])
def test_crlf_line_endings_are_the_same_article(
    tmp_path: Path, doc_id: str | None, written: str, checked_out: str
) -> None:
    # A checkout with CRLF line endings (git's autocrlf on a Windows runner, an editor
    # that saved the file so) has another content hash: the article came out "changed"
    # in place, and "new" once renamed too, with every accepted finding failing the gate.
    # A baseline written on Windows and checked in meets the LF article on Linux.
    text = sample_document().text
    assert "\r" not in text and "\n" in text
    previous = RunAudit(
        documents=[sample_audit(sample_document(None, text.replace("\n", written)))],
        signature=sample_run().signature,
    )
    base = baseline_of(previous, tmp_path)
    current = RunAudit(
        documents=[sample_audit(sample_document(doc_id, text.replace("\n", checked_out)))],
        signature=sample_run().signature,
    )
    filtered = apply_baseline(current, base)
    assert filtered.documents == []
    assert list(filtered.baseline.status.values()) == ["unchanged"]
    assert evaluate(filtered, AuditConfig(fail_on=["C"])).exit_code == 0


def test_the_other_line_endings_keep_a_repaired_finding_at_its_characters() -> None:
    # A repaired input finding's offset is part of the document's hash; with CRLF
    # endings it stands one character further per line above it, so the LF hash
    # computed from the CRLF text never equalled the LF document's own.
    def with_repair(text: str) -> Document:
        start = text.index("café")
        repair = Finding(
            code="S500",
            start=start,
            end=start + 4,
            text="café",
            message="encoding damage repaired",
            evidence={"broken": "cafÃ©", "repaired": "café", "repaired_text": True},
        )
        return Document(id="feed.jsonl:1", text=text, source="feed.jsonl", input_findings=[repair])

    lf = with_repair("First line.\nSecond line.\n\nThe café opened.\n")
    crlf = with_repair(lf.text.replace("\n", "\r\n"))
    assert document_hash(lf) != document_hash(crlf)
    assert text_hashes(crlf) == (document_hash(crlf), document_hash(lf))
    assert text_hashes(lf) == (document_hash(lf), document_hash(crlf))


def _a_folder_keeping_its_jsonl_report(runner: CliRunner, folder: Path, name: str) -> Result:
    """The seed in ``folder`` (the working folder) and, as ``name`` (gzipped for
    ``.gz``), the JSONL report a walk of the folder wrote: the run that wrote it."""
    import gzip

    shutil.copy(SEED, folder / "seed.txt")
    first = runner.invoke(app, ["audit", ".", "--no-lm", "--isolated", "-f", "jsonl"])
    assert first.exit_code == 1, first.output
    data = first.stdout.encode("utf-8")
    (folder / name).write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    return first


@pytest.mark.parametrize("name", ["old.jsonl", "old.jsonl.gz"])
def test_a_walk_leaves_out_an_old_jsonl_report_with_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """`audit . -o old.jsonl`, then `audit .`: the walk read the report kept in the
    folder as JSONL records, none with a "text", and every later run exited 2 on it.
    Named, it is still read (and refused): the user asked for that file."""
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    first = _a_folder_keeping_its_jsonl_report(runner, tmp_path, name)
    again = runner.invoke(app, ["audit", ".", "--no-lm", "--isolated", "-f", "jsonl"])
    assert (again.exit_code, again.stdout) == (1, first.stdout), again.output
    assert again.stderr.startswith(
        f"mtaudit: warning: {name}: mtaudit's own JSONL report (schema mtaudit/1), not "
        "read as articles: nothing to audit\n"
    ), again.stderr
    named = runner.invoke(app, ["audit", name, "--no-lm", "--isolated", "-q"])
    assert named.exit_code == 2, named.output
    assert 'record has no "text" or "html" string field' in named.stderr


@pytest.mark.parametrize("name", ["last.jsonl", "last.jsonl.gz"])
def test_a_walk_does_not_read_the_baseline_it_compares_with(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """`audit . --baseline last.jsonl` with the JSONL report kept in the folder (a CI
    job's downloaded artifact): the walk read the baseline as JSONL records, none with
    a "text", and the run exited 2 on its own baseline."""
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    _a_folder_keeping_its_jsonl_report(runner, tmp_path, name)
    again = runner.invoke(app, ["audit", ".", "--no-lm", "--isolated", "-q", "--baseline", name])
    assert (again.exit_code, again.stderr) == (0, ""), again.output
