"""Reports name the history run they are of; a run recorded before its reports stays
pending, and no run to anything, until they are written."""

from __future__ import annotations

import json
import shlex
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from audits.config import AuditConfig
from audits.document import Document, RunAudit
from audits.engine import audit_documents
from audits.errors import HistoryError, UsageError
from audits.history import SCHEMA_VERSION, UNJUDGED, HistoryStore, JobRuns
from audits.sources.jsonl import document_from_record
from audits.trend import build_trend
from cli.app import app
from tests.conftest import SEED
from tests.history_helpers import BUDGET, FERRY, STRIKE, Article

CONFIG = AuditConfig(lm=False, select=["S500"], fail_over=0.2)
NO_LM = ["--no-lm", "--isolated"]


def document(article: Article) -> Document:
    return document_from_record(
        {"id": article.slug, "title": article.title, "url": article.url, "text": article.text},
        f"feeds/{article.site}.jsonl:1",
    )


def test_every_report_of_a_recorded_run_names_its_history_run(tmp_path: Path) -> None:
    """`audit --history H -o r.json` wrote reports that named no run, so neither a
    report nor a CI log led to `mtaudit history show N`."""
    db = tmp_path / "h.sqlite"
    names = ["r.json", "r.md", "r.html", "r.sarif", "r.jsonl", "r.txt"]
    outputs = [arg for name in names for arg in ("-o", str(tmp_path / name))]
    for _ in range(2):
        result = CliRunner().invoke(
            app, ["audit", str(SEED), *NO_LM, "--history", str(db), "-f", "github", *outputs]
        )
        assert result.exit_code == 1, result.output
    read = {name: (tmp_path / name).read_text(encoding="utf-8") for name in names}
    assert json.loads(read["r.json"])["history_run_id"] == 2
    show = f"mtaudit history show 2 --history {db}"
    assert f"History run 2: `{show}`" in read["r.md"]
    assert f"history run 2 ({show})" in read["r.html"]
    assert json.loads(read["r.sarif"])["runs"][0]["properties"]["historyRunId"] == 2
    assert [json.loads(line)["history_run_id"] for line in read["r.jsonl"].splitlines()] == [2]
    assert f"history run 2 ({show})" in read["r.txt"]
    assert f"Recorded as history run 2 ({show})." in result.stdout
    # `history show` renders it again under the same id.
    shown = CliRunner().invoke(
        app, ["history", "show", "2", "--history", str(db), "--isolated", "-f", "json"]
    )
    assert json.loads(shown.stdout)["history_run_id"] == 2


def test_the_command_a_report_names_shows_its_run(tmp_path: Path) -> None:
    """A history given with --history (no mtaudit.toml) was named by
    `history run 1 (mtaudit history show 1)`, which said 'no history database: pass
    --history PATH'; the command now names the history as it was given."""
    db = tmp_path / "h.sqlite"
    report, markdown, text = tmp_path / "r.json", tmp_path / "r.md", tmp_path / "r.txt"
    outputs = ["-o", str(report), "-o", str(markdown), "-o", str(text)]
    result = CliRunner().invoke(app, ["audit", str(SEED), *NO_LM, "--history", str(db), *outputs])
    assert result.exit_code == 1, result.output
    command = json.loads(report.read_text(encoding="utf-8"))["history_show_command"]
    assert command == f"mtaudit history show 1 --history {db}"
    assert command in markdown.read_text(encoding="utf-8")
    assert f"history run 1 ({command})" in text.read_text(encoding="utf-8")
    shown = CliRunner().invoke(app, [*shlex.split(command)[1:], "--isolated", "-f", "json"])
    assert shown.exit_code == 0, shown.output
    assert json.loads(shown.stdout)["history_show_command"] == command


def test_a_history_of_the_config_is_shown_by_the_plain_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mtaudit.toml").write_text('history = "h.sqlite"\n', encoding="utf-8")
    (tmp_path / "a.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    result = CliRunner().invoke(app, ["audit", "a.txt", "--no-lm", "-o", "r.json"])
    assert result.exit_code == 1, result.output
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert report["history_show_command"] == "mtaudit history show 1"
    # A config the plain command would not read names the history.
    (tmp_path / "other.toml").write_text('history = "other.sqlite"\n', encoding="utf-8")
    args = ["audit", "a.txt", "--no-lm", "--config", "other.toml", "-o", "r.json"]
    assert CliRunner().invoke(app, args).exit_code == 1
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert report["history_show_command"] == "mtaudit history show 1 --history other.sqlite"


def test_a_relative_history_is_named_as_given_and_shell_quoted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """README promises `--history` as it was given: the command, like the plain one a
    config here makes, is run from the folder the audit ran in (a report made in a CI
    workspace or a cron job's folder reads the same wherever that folder is)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "state of play").mkdir()
    (tmp_path / "a.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    args = ["audit", "a.txt", *NO_LM, "--history", "state of play/h.sqlite", "-o", "r.json"]
    assert CliRunner().invoke(app, args).exit_code == 1
    command = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["history_show_command"]
    assert command == "mtaudit history show 1 --history 'state of play/h.sqlite'"
    shown = CliRunner().invoke(app, [*shlex.split(command)[1:], "--isolated", "-f", "json"])
    assert shown.exit_code == 0, shown.output
    assert json.loads(shown.stdout)["history_run_id"] == 1


def test_a_report_of_no_history_names_no_run(tmp_path: Path) -> None:
    report, markdown = tmp_path / "r.json", tmp_path / "r.md"
    result = CliRunner().invoke(
        app, ["audit", str(SEED), *NO_LM, "-o", str(report), "-o", str(markdown)]
    )
    assert result.exit_code == 1, result.output
    assert json.loads(report.read_text(encoding="utf-8"))["history_run_id"] is None
    assert "History run" not in markdown.read_text(encoding="utf-8")


def test_a_baseline_written_beside_a_history_names_no_run(tmp_path: Path) -> None:
    """A baseline is committed and diffed: a run id in it would differ every run."""
    db, baseline = tmp_path / "h.sqlite", tmp_path / "b.json"
    args = ["audit", str(SEED), *NO_LM, "--history", str(db), "--write-baseline", str(baseline)]
    assert CliRunner().invoke(app, args).exit_code == 1
    assert json.loads(baseline.read_text(encoding="utf-8"))["history_run_id"] is None


def test_a_pending_run_is_no_run_to_anything_that_reads_the_history(tmp_path: Path) -> None:
    """A run recorded before its reports and stopped before they were written (a full
    disk, Ctrl-C) must not count: its news was never reported."""
    db = tmp_path / "h.sqlite"
    with HistoryStore(db) as store:
        first = audit_documents([document(FERRY)], CONFIG, cache=store)
        run_id = store.record(first, CONFIG, ["feeds/"], pending=True)
        assert run_id == 1
        assert store.runs() == [] and store.run_inputs() == []
        assert store.known_baseline().by_id == {}
        with pytest.raises(HistoryError, match="no finished runs yet; 1 run pending"):
            store.latest_run()
        with pytest.raises(HistoryError, match="run 1 did not finish"):
            store.load_run(1)
        with pytest.raises(HistoryError, match="run 1 did not finish"):
            store.accept(1)
        # Its result is not reused, and what it saw is new to the next run.
        second = audit_documents([document(FERRY), document(BUDGET)], CONFIG, cache=store)
        assert [d.reused for d in second.documents] == [False, False]
        assert store.record(second, CONFIG, ["feeds/"]) == 2
        assert [s.appearance for s in store.seen()] == ["new", "new"]
        assert [r.id for r in store.runs()] == [2]
        assert store.previous_run(2) is None
        trend = build_trend(store, since="1d", until="0d")
        assert trend["summary"]["runs"] == 1
    listed = CliRunner().invoke(
        app, ["history", "runs", "--history", str(db), "--isolated", "-f", "json"]
    )
    assert [r["id"] for r in json.loads(listed.stdout)["runs"]] == [2]
    shown = CliRunner().invoke(app, ["history", "show", "1", "--history", str(db), "--isolated"])
    assert shown.exit_code == 2
    assert "run 1 did not finish" in shown.stderr


def test_a_finished_run_is_a_run(tmp_path: Path) -> None:
    with HistoryStore(tmp_path / "h.sqlite") as store:
        run = audit_documents([document(FERRY)], CONFIG, cache=store)
        run_id = store.record(run, CONFIG, pending=True)
        store.finish(run_id)
        assert [r.id for r in store.runs()] == [run_id] == [store.latest_run()]
        assert set(store.known_baseline().by_id) == {"harbour-ferry"}
        again = audit_documents([document(FERRY)], CONFIG, cache=store)
        assert again.documents[0].reused
        with pytest.raises(HistoryError, match="finished already"):
            store.finish(run_id)


def test_two_runs_at_once_each_get_their_own_id(tmp_path: Path) -> None:
    """Two jobs sharing one history, each recording (pending) before the other
    finishes: each report names its own run, whichever finishes first."""
    db = tmp_path / "h.sqlite"
    with HistoryStore(db) as one, HistoryStore(db) as other:
        a = one.record(audit_documents([document(FERRY)], CONFIG), CONFIG, ["a"], pending=True)
        b = other.record(audit_documents([document(BUDGET)], CONFIG), CONFIG, ["b"], pending=True)
        assert a != b
        other.finish(b)
        one.finish(a)
        assert [(r.id, r.inputs) for r in one.runs()] == [(a, ["a"]), (b, ["b"])]


def test_overlapping_jobs_see_a_document_as_new_once(tmp_path: Path) -> None:
    """Job A records (pending) and writes its reports while job B, on the same feed,
    records and finishes. B judged against finished runs alone, A's was still pending,
    so both runs called the document "new" (`history runs` counted it twice). A is
    judged again as it finishes, against the runs finished by then, B's included, so
    it sees the document unchanged; B, finished first, keeps its "new"."""
    db = tmp_path / "h.sqlite"
    with HistoryStore(db) as one, HistoryStore(db) as other:
        a = one.record(audit_documents([document(FERRY)], CONFIG), CONFIG, ["f"], pending=True)
        b = other.record(audit_documents([document(FERRY)], CONFIG), CONFIG, ["f"], pending=True)
        other.finish(b)
        one.finish(a)
        assert [(s.run_id, s.appearance) for s in one.seen()] == [(a, "unchanged"), (b, "new")]
        assert sorted((r.id, r.new) for r in one.runs()) == [(a, 0), (b, 1)]


def test_a_run_finishing_late_leaves_the_other_runs_judgement_alone(tmp_path: Path) -> None:
    """Run 2 (FERRY) is pending while runs 3 (FERRY, BUDGET) and 4 (STRIKE) finish and
    a prune forgets run 1 (FERRY, BUDGET). Finishing run 2 re-judged all of run 3
    against the history as it was then, so run 3's BUDGET, which it saw unchanged,
    turned "new" (runs' New and trends' newly flagged changed for a run long done).
    Only the finishing run's own rows are judged again."""
    db = tmp_path / "h.sqlite"

    def run(*articles: Article) -> RunAudit:
        return audit_documents([document(a) for a in articles], CONFIG)

    with HistoryStore(db) as store, HistoryStore(db) as job:
        store.record(run(FERRY, BUDGET), CONFIG, ["f"])
        pending = job.record(run(FERRY), CONFIG, ["f"], pending=True)
        third = store.record(run(FERRY, BUDGET), CONFIG, ["f"])
        store.record(run(STRIKE), CONFIG, ["f"])
        store.prune(keep=2)
        before = [(s.run_id, s.doc_id, s.appearance) for s in store.seen() if s.run_id == third]
        job.finish(pending)
        after = [(s.run_id, s.doc_id, s.appearance) for s in store.seen()]
        assert [row for row in after if row[0] == third] == before
        assert (third, BUDGET.slug, "unchanged") in before
        assert [row for row in after if row[0] == pending] == [(pending, FERRY.slug, "unchanged")]


class CountingStore(HistoryStore):
    """Counts the judgements it makes (each document's new/changed/unchanged lookups)."""

    judged: list[str]

    def _appearance(
        self, run_id: int, doc_id: str, digest: str | None, *, at_finish: bool = False
    ) -> tuple[str, bool]:
        self.judged.append(doc_id)
        return super()._appearance(run_id, doc_id, digest, at_finish=at_finish)


def test_a_pending_run_is_judged_once_as_it_finishes(tmp_path: Path) -> None:
    """A pending run's documents were judged as it was recorded, then again as it
    finished, the first judgement thrown away (0.7 s on a 4000-run history)."""
    slugs = [FERRY.slug, BUDGET.slug]
    with CountingStore(tmp_path / "h.sqlite") as store:
        store.judged = []
        store.record(audit_documents([document(FERRY)], CONFIG), CONFIG, ["f"])
        assert store.judged == [FERRY.slug]  # a finished run is judged as it is recorded
        store.judged = []
        run = audit_documents([document(FERRY), document(BUDGET)], CONFIG)
        run_id = store.record(run, CONFIG, ["f"], pending=True)
        assert store.judged == []
        unjudged = "SELECT appearance, text_known FROM run_documents WHERE run_id = ?"
        assert store.conn.execute(unjudged, (run_id,)).fetchall() == [(UNJUDGED, None)] * 2
        store.finish(run_id)
        assert store.judged == slugs
        assert store.conn.execute(unjudged, (run_id,)).fetchall() == [
            ("unchanged", 0),
            ("new", 0),
        ]
        assert [(r.new, r.changed) for r in store.runs()] == [(1, 0), (1, 0)]


def test_a_run_that_never_finishes_leaves_a_later_ones_document_new(tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite"
    with HistoryStore(db) as one, HistoryStore(db) as other:
        one.record(audit_documents([document(FERRY)], CONFIG), CONFIG, ["f"], pending=True)
        b = other.record(audit_documents([document(FERRY)], CONFIG), CONFIG, ["f"], pending=True)
        other.finish(b)
        assert [(s.run_id, s.appearance) for s in other.seen()] == [(b, "new")]


def test_history_runs_counts_the_pending_runs_it_does_not_list(tmp_path: Path) -> None:
    """A job whose reports failed left a pending run that `history runs` passed over
    without a word: the table said nothing of it until a prune forgot it."""
    db = tmp_path / "h.sqlite"
    args = ["history", "runs", "--history", str(db), "--isolated"]

    def listed() -> tuple[str, dict]:
        terminal = CliRunner().invoke(app, args)
        as_json = CliRunner().invoke(app, [*args, "-f", "json"])
        assert terminal.exit_code == as_json.exit_code == 0, terminal.output
        return " ".join(terminal.stdout.split()), json.loads(as_json.stdout)

    with HistoryStore(db) as store:
        store.record(audit_documents([document(FERRY)], CONFIG), CONFIG, ["f"])
    text, body = listed()
    assert body["pending_runs"] == [] and "pending" not in text
    with HistoryStore(db) as store:
        for article in (BUDGET, STRIKE):
            store.record(audit_documents([document(article)], CONFIG), CONFIG, pending=True)
    text, body = listed()
    assert body["pending_runs"] == [2, 3] and [r["id"] for r in body["runs"]] == [1]
    # Any prune with a limit forgets them: a bare `mtaudit history prune` is refused.
    assert (
        "2 runs pending (2-3: recorded, their reports not written yet, or stopped before "
        "they were): not listed; any `mtaudit history prune` (`--keep N`, `--older-than "
        "AGE`) forgets each a day after it was recorded"
    ) in text
    with HistoryStore(db) as store:
        store.finish(2)
    text, body = listed()
    assert body["pending_runs"] == [3]
    assert "1 run pending (3: recorded, its reports not written yet" in text
    assert "forgets it a day after" in text


def test_history_runs_job_counts_that_jobs_pending_runs(tmp_path: Path) -> None:
    """Under --job, the pending count was of the whole history: f.xml's table counted
    b.xml's pending run, and b.xml, whose only run was pending, was "no job"."""
    db = tmp_path / "h.sqlite"
    with HistoryStore(db) as store:
        store.record(audit_documents([document(BUDGET)], CONFIG), CONFIG, ["b.xml"], pending=True)
        store.record(audit_documents([document(FERRY)], CONFIG), CONFIG, ["f.xml"])
        store.record(audit_documents([document(STRIKE)], CONFIG), CONFIG, ["f.xml"], pending=True)

    def listed(job: str) -> tuple[str, dict]:
        args = ["history", "runs", "--history", str(db), "--isolated", "--job", job]
        terminal = CliRunner().invoke(app, args)
        as_json = CliRunner().invoke(app, [*args, "-f", "json"])
        assert terminal.exit_code == as_json.exit_code == 0, terminal.output
        return " ".join(terminal.stdout.split()), json.loads(as_json.stdout)

    text, body = listed("b.xml")
    assert body["pending_runs"] == [1] and body["runs"] == []
    assert "No finished runs yet. 1 run pending (1: recorded" in text
    text, body = listed("f.xml")
    assert body["pending_runs"] == [3] and [r["id"] for r in body["runs"]] == [2]
    assert "1 run pending (3: recorded" in text
    # trend --job (job_runs: its finished runs alone) names them too, where it said "no job".
    with HistoryStore(db) as store, pytest.raises(UsageError, match=r"no finished run.*\(1: "):
        store.job_runs("b.xml")
    with HistoryStore(db) as store:
        runs = store.runs_of_job("./f.xml")
        assert runs == JobRuns(frozenset({2}), (3,)) and hash(runs) == hash(
            JobRuns(frozenset({2}), (3,))
        )


def test_a_mistyped_job_is_told_the_jobs_whose_runs_are_all_pending(tmp_path: Path) -> None:
    """--job takes a job whose runs are all pending, but a mistyped name's error listed
    finished runs' jobs only: b.xml was left out, and a history of pending runs alone
    said "no run names its inputs"."""
    db = tmp_path / "h.sqlite"
    with HistoryStore(db) as store:
        store.record(audit_documents([document(BUDGET)], CONFIG), CONFIG, ["b.xml"], pending=True)
    for command in ("history runs", "report"):
        args = [*command.split(), "--history", str(db), "--isolated", "--job", "bb.xml"]
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 2, result.output
        said = " ".join(result.output.split())
        assert "its jobs (each the whole of its inputs as `mtaudit history runs` lists " in said
        assert "b.xml (only pending runs)" in said and "no run names its inputs" not in said
    with HistoryStore(db) as store:
        store.record(audit_documents([document(FERRY)], CONFIG), CONFIG, ["f.xml"])
        store.record(audit_documents([document(STRIKE)], CONFIG), CONFIG, ["f.xml"], pending=True)
        store.record(audit_documents([document(FERRY)], CONFIG), CONFIG, ["./b.xml"], pending=True)
        # The newest first, one name per job; f.xml has a finished run.
        with pytest.raises(UsageError) as error:
            store.job_runs("nope.xml")
    assert str(error.value).endswith(": ./b.xml (only pending runs), f.xml")


def test_history_runs_with_only_pending_runs_says_none_finished(tmp_path: Path) -> None:
    """ "No runs recorded yet." stood above "1 run pending (recorded, ...)"."""
    db = tmp_path / "h.sqlite"
    with HistoryStore(db) as store:
        store.record(audit_documents([document(BUDGET)], CONFIG), CONFIG, ["b.xml"], pending=True)
    result = CliRunner().invoke(app, ["history", "runs", "--history", str(db), "--isolated"])
    assert result.exit_code == 0, result.output
    text = " ".join(result.stdout.split())
    assert "No finished runs yet. 1 run pending (1: recorded" in text
    assert "No runs recorded" not in text


def test_report_warns_of_the_pending_runs_after_the_run_it_shows(tmp_path: Path) -> None:
    """`report --job f.xml`, whose latest runs were pending (their reports failed) and an
    earlier one finished, reported the finished run and said nothing of the others;
    without --job, and without --new-only (the trend), likewise."""
    db = tmp_path / "h.sqlite"

    def audited(article: Article) -> RunAudit:
        return audit_documents([document(article)], CONFIG)

    with HistoryStore(db) as store:
        store.record(audited(FERRY), CONFIG, ["f.xml"])
        store.record(audited(BUDGET), CONFIG, ["b.xml"], pending=True)
        store.record(audited(STRIKE), CONFIG, ["f.xml"], pending=True)
        store.record(audited(FERRY), CONFIG, ["f.xml"], pending=True)

    def report(*extra: str) -> tuple[int | None, str]:
        args = ["report", "--history", str(db), "--isolated", "-f", "json", *extra]
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)["latest_run"], " ".join(result.stderr.split())

    for scope in ([], ["--new-only"]):
        assert report("--job", "f.xml", *scope) == (
            1,
            "mtaudit: warning: 2 runs pending (3-4: recorded, their reports not written "
            "yet, or stopped before they were) after run 1, the latest of job f.xml this "
            "report shows: not in this report",
        )
        latest, said = report(*scope)
        assert (
            latest == 1 and "3 runs pending (2-4: " in said and "after run 1, the latest " in said
        )
        # A window that ends before them passes over no run.
        assert report("--since", "2019-01-01", "--until", "2020-01-01", *scope) == (None, "")
    with HistoryStore(db) as store:
        store.finish(4)
    # An earlier pending run is no later one: run 4, finished, is the latest shown.
    assert report("--job", "f.xml") == (4, "")
    db = tmp_path / "pending.sqlite"
    with HistoryStore(db) as store:
        store.record(audited(BUDGET), CONFIG, ["b.xml"], pending=True)
    assert report() == (
        None,
        "mtaudit: warning: 1 run pending (1: recorded, its reports not written yet, or "
        "stopped before they were) in this report's window, which holds no finished run: not in "
        "this report",
    )


def _make_old(db: Path, run_id: int) -> None:
    """The pending run as a prune a day and more later finds it."""
    conn = sqlite3.connect(db)
    conn.execute("UPDATE runs SET recorded = '2020-01-01T00:00:00+00:00' WHERE id = ?", (run_id,))
    conn.commit()
    conn.close()


def test_prune_forgets_a_run_that_never_finished(tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite"
    with HistoryStore(db) as store:
        stopped = store.record(audit_documents([document(FERRY)], CONFIG), CONFIG, pending=True)
        store.record(audit_documents([document(BUDGET)], CONFIG), CONFIG)
        # One whose reports may still be being written is left alone.
        assert store.prune(keep=1).unfinished == ()
    _make_old(db, stopped)
    args = ["history", "prune", "--history", str(db), "--keep", "1", "--isolated"]
    dry = CliRunner().invoke(app, [*args, "--dry-run"])
    assert "would forget 1 unfinished run (stopped before their reports were written): 1" in (
        dry.output.replace("\n", " ")
    )
    done = CliRunner().invoke(app, args)
    assert done.exit_code == 0, done.output
    assert "forgot 0 runs" in done.output and "forgot 1 unfinished run" in done.output
    with HistoryStore(db) as store:
        assert store.conn.execute("SELECT id FROM runs").fetchall() == [(2,)]
        # Its stored result went with it; the finished run's stays.
        assert store.conn.execute("SELECT COUNT(*) FROM results").fetchone() == (1,)
        with pytest.raises(HistoryError, match="forgotten by a prune before it finished"):
            store.finish(stopped)


def test_prune_counts_an_unfinished_runs_entries_with_it(tmp_path: Path) -> None:
    """Prune said 'forgot 0 runs before the newest 5 (1 document entry, 1 stored
    result)': the entries and result of the unfinished run it forgot were counted under
    the runs it did not."""
    db = tmp_path / "h.sqlite"
    with HistoryStore(db) as store:
        stopped = store.record(audit_documents([document(FERRY)], CONFIG), CONFIG, pending=True)
        store.record(audit_documents([document(BUDGET)], CONFIG), CONFIG)
    _make_old(db, stopped)
    args = ["history", "prune", "--history", str(db), "--keep", "5", "--isolated"]
    for extra in (["--dry-run"], []):
        said = CliRunner().invoke(app, [*args, *extra]).output.replace("\n", " ")
        assert "0 runs before the newest 5 (0 document entries, 0 stored results)" in said
        assert (
            "unfinished run (stopped before their reports were written): 1 "
            "(1 document entry, 1 stored result)"
        ) in said


def test_prune_keeps_the_latest_finished_run_not_a_pending_one(tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite"
    with HistoryStore(db) as store:
        store.record(audit_documents([document(FERRY)], CONFIG), CONFIG)
        store.record(audit_documents([document(BUDGET)], CONFIG), CONFIG, pending=True)
        result = store.prune(before="2100-01-01T00:00:00+00:00")
        assert result.runs == 0
        assert [r.id for r in store.runs()] == [1]


def test_a_version_4_history_is_migrated_with_its_runs_finished(tmp_path: Path) -> None:
    db = tmp_path / "v4.sqlite"
    with HistoryStore(db) as store:
        store.record(audit_documents([document(FERRY)], CONFIG), CONFIG)
    conn = sqlite3.connect(db)
    conn.execute("ALTER TABLE runs DROP COLUMN pending")
    conn.execute("PRAGMA user_version = 4")
    conn.commit()
    conn.close()
    with HistoryStore(db) as store:
        assert store.schema_version() == SCHEMA_VERSION == 5
        assert [r.id for r in store.runs()] == [1]
        assert audit_documents([document(FERRY)], CONFIG, cache=store).documents[0].reused
