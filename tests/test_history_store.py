"""The history store: faithful stored results, migrations, concurrent writers, pruning."""

from __future__ import annotations

import ast
import contextlib
import dataclasses
import datetime as dt
import json
import os
import re
import shlex
import shutil
import socket
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from audits.config import AuditConfig
from audits.document import Document, RunAudit, TokenScore
from audits.durations import iso
from audits.engine import audit_documents, check_config_codes
from audits.errors import HistoryError, UsageError
from audits.history import SCHEMA_VERSION, HistoryStore, job_name
from audits.history_codec import compress, decode_audit, decompress, encode_audit
from audits.reports import REPORTERS, get_reporter
from audits.reports.model import document_to_dict
from audits.reuse import audit_key, settings_key
from audits.sources.jsonl import document_from_record
from audits.trend import build_trend
from cli.app import app
from tests.conftest import ROOT
from tests.history_helpers import BUDGET, FERRY, HEAT, MEALS, STRIKE, Article
from tests.report_fixtures import (
    hostile_audit,
    run_finding,
    sample_audit,
    sample_run,
    unreadable_audit,
)

CONFIG = AuditConfig(lm=False, select=["S500"], fail_over=0.2)


def document(article: Article, **meta: object) -> Document:
    doc = document_from_record(
        {"id": article.slug, "title": article.title, "url": article.url, "text": article.text},
        f"feeds/{article.site}.jsonl:1",
    )
    doc.meta.update(meta)
    return doc


def rich_run() -> RunAudit:
    """The sample article with findings, fluency (and token scores), a hostile document,
    an unreadable input and a run-level finding."""
    run = sample_run(fluency=True, extra=[hostile_audit(), unreadable_audit()])
    first = run.documents[0]
    sentence = first.sentences[3]
    first.fluency[sentence.index].token_scores = [
        TokenScore(sentence.start, sentence.start + 4, sentence.text[:4], -2.5, 3, -7.25)
    ]
    second = sample_audit(
        Document(id="copy", text=first.document.text, source="copy.txt", title="Copy")
    )
    run.documents.insert(1, second)
    run.run_findings = [run_finding([first, second])]
    return run


# --- stored results are faithful -------------------------------------------------------


def test_a_decoded_result_equals_the_original() -> None:
    run = rich_run()
    for audit in run.documents:
        decoded = decode_audit(encode_audit(audit), audit.document, None)
        assert decoded == audit


def test_a_recorded_run_renders_every_format_as_the_original(tmp_path: Path) -> None:
    run = rich_run()
    with HistoryStore(tmp_path / "h.sqlite") as store:
        run_id = store.record(run, AuditConfig(lm=False), ["samples/"])
        again = store.load_run(run_id)
    assert len(again.documents) == len(run.documents)
    # As `audit --history` rendered it: naming the run it was recorded as.
    run.history_run_id = run_id
    for name in REPORTERS:
        assert get_reporter(name).render(again) == get_reporter(name).render(run), name


def test_the_engine_reuses_a_stored_result_finding_for_finding(tmp_path: Path) -> None:
    docs = [document(a) for a in (FERRY, BUDGET, MEALS)]
    with HistoryStore(tmp_path / "h.sqlite") as store:
        first = audit_documents(docs, CONFIG, cache=store)
        store.record(first, CONFIG)
        second = audit_documents([document(a) for a in (FERRY, BUDGET, MEALS)], CONFIG, cache=store)
    assert [d.reused for d in second.documents] == [True, True, True]
    for before, after in zip(first.documents, second.documents, strict=True):
        assert after.reused_from.run == 1
        assert dataclasses.replace(after, reused_from=None, document=before.document) == before
        fresh, reused = document_to_dict(before), document_to_dict(after)
        assert reused.pop("reused") and not fresh.pop("reused")
        assert reused.pop("reused_from")["run"] == 1 and fresh.pop("reused_from") is None
        assert fresh == reused
    assert second.signature == first.signature
    assert get_reporter("html").render(second).count('class="badge reused"') == 3
    assert get_reporter("markdown").render(second).count("Reused from run 1") == 3


def test_a_renamed_document_is_not_new_and_its_result_is_reused(tmp_path: Path) -> None:
    with HistoryStore(tmp_path / "h.sqlite") as store:
        store.record(audit_documents([document(BUDGET)], CONFIG, cache=store), CONFIG)
        moved = document(BUDGET)
        moved.id, moved.source = "archive/council-budget", "archive.jsonl:9"
        run = audit_documents([moved], CONFIG, cache=store)
        store.record(run, CONFIG)
        appearance = store.conn.execute(
            "SELECT appearance FROM run_documents WHERE run_id = 2"
        ).fetchone()
    assert run.documents[0].reused and run.documents[0].document.id == "archive/council-budget"
    assert appearance == ("unchanged",)


def test_an_undecodable_result_is_audited_afresh(tmp_path: Path) -> None:
    doc = document(BUDGET)
    with HistoryStore(tmp_path / "h.sqlite") as store:
        store.record(audit_documents([doc], CONFIG, cache=store), CONFIG)
        store.conn.execute("UPDATE results SET audit = ?", (b"not zlib",))
        run = audit_documents([document(BUDGET)], CONFIG, cache=store)
        assert not run.documents[0].reused
        assert len(run.documents[0].findings) == 2
        # Recording the fresh result repairs the store.
        store.record(run, CONFIG)
        again = audit_documents([document(BUDGET)], CONFIG, cache=store)
        assert again.documents[0].reused_from.run == 2
        assert store.conn.execute("SELECT COUNT(*) FROM findings").fetchone() == (2,)


# --- migrations ----------------------------------------------------------------------

# Version 1 of the schema, written out here by hand as the first release made it.
V1_SCHEMA = """
CREATE TABLE runs (id INTEGER PRIMARY KEY AUTOINCREMENT, started TEXT NOT NULL, finished TEXT,
  recorded TEXT NOT NULL, inputs TEXT NOT NULL, settings TEXT NOT NULL, signature TEXT NOT NULL,
  signature_string TEXT NOT NULL, run_findings TEXT NOT NULL DEFAULT '[]');
CREATE INDEX runs_started ON runs (started);
CREATE TABLE results (key TEXT PRIMARY KEY, content_hash TEXT NOT NULL, run_id INTEGER,
  audited TEXT NOT NULL, signature TEXT NOT NULL, machine_translated INTEGER NOT NULL,
  probability REAL, source_lang TEXT, text BLOB NOT NULL, audit BLOB NOT NULL,
  codec INTEGER NOT NULL);
CREATE TABLE findings (result_key TEXT NOT NULL REFERENCES results (key) ON DELETE CASCADE,
  position INTEGER NOT NULL, code TEXT NOT NULL, severity TEXT NOT NULL,
  fingerprint TEXT NOT NULL, source_lang TEXT, PRIMARY KEY (result_key, position)) WITHOUT ROWID;
CREATE TABLE run_documents (run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  position INTEGER NOT NULL, doc_id TEXT NOT NULL, source TEXT NOT NULL, title TEXT, url TEXT,
  published TEXT, author TEXT, lang TEXT, meta TEXT NOT NULL DEFAULT '{}', status TEXT NOT NULL,
  error TEXT, content_hash TEXT, result_key TEXT, reused INTEGER NOT NULL DEFAULT 0,
  appearance TEXT NOT NULL, PRIMARY KEY (run_id, position));
CREATE INDEX run_documents_doc ON run_documents (doc_id, run_id);
CREATE INDEX run_documents_result ON run_documents (result_key);
PRAGMA user_version = 1;
"""


def version_1_database(path: Path) -> list[Document]:
    """A version-1 history holding one run over a site article, a feed entry and a
    folder file, built with plain SQL."""
    from audits.fingerprints import content_hash
    from audits.history_codec import compress

    site = document(BUDGET)
    feed = document(HEAT, feed_title="City Gazette", feed_url="https://gazette.example/rss")
    feed.source = "https://gazette.example/rss#3"
    folder = document(STRIKE)
    folder.url, folder.source = None, "archive/2026/rail-strike.txt"
    docs = [site, feed, folder]
    run = audit_documents(docs, CONFIG)
    settings = settings_key(CONFIG, check_config_codes(CONFIG))
    conn = sqlite3.connect(path)
    conn.executescript(V1_SCHEMA)
    conn.execute(
        "INSERT INTO runs VALUES (1, '2026-03-01T06:00:00+00:00', '2026-03-01T06:00:02+00:00', "
        "'2026-03-01T06:00:02+00:00', '[\"feeds/\"]', ?, ?, 'sig', '[]')",
        (settings, json.dumps(run.signature)),
    )
    for position, audit in enumerate(run.documents):
        d = audit.document
        key = audit_key(d, settings)
        conn.execute(
            "INSERT INTO results VALUES (?, ?, 1, '2026-03-01T06:00:02+00:00', ?, ?, ?, NULL, "
            "?, ?, 1)",
            (
                key,
                content_hash(d.text),
                json.dumps(run.signature),
                int(audit.verdict.machine_translated),
                audit.verdict.probability,
                compress(d.text),
                encode_audit(audit),
            ),
        )
        for n, f in enumerate(audit.findings):
            conn.execute(
                "INSERT INTO findings VALUES (?, ?, ?, ?, ?, NULL)",
                (key, n, f.code, str(f.severity), f"print-{position}-{n}"),
            )
        conn.execute(
            "INSERT INTO run_documents (run_id, position, doc_id, source, title, url, meta, "
            "status, content_hash, result_key, appearance) "
            "VALUES (1, ?, ?, ?, ?, ?, ?, 'ok', ?, ?, 'new')",
            (
                position,
                d.id,
                d.source,
                d.title,
                d.url,
                json.dumps(d.meta),
                content_hash(d.text),
                key,
            ),
        )
    conn.commit()
    conn.close()
    return docs


def test_a_version_1_database_is_migrated_and_keeps_its_results(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    docs = version_1_database(path)
    with HistoryStore(path) as store:
        assert store.schema_version() == SCHEMA_VERSION == 5
        # Version 3: runs recorded before gates were held back stay known to --new-only.
        assert [r.accepted for r in store.runs()] == [True]
        assert set(store.known_baseline().by_id) == {d.id for d in docs}
        groups = store.conn.execute(
            "SELECT doc_id, source_key, source_label, source_kind FROM run_documents "
            "ORDER BY position"
        ).fetchall()
        assert groups == [
            ("council-budget", "site:city.example", "city.example", "site"),
            ("heatwave-warning", "feed:https://gazette.example/rss", "City Gazette", "feed"),
            ("rail-strike", "folder:archive/2026", "archive/2026", "folder"),
        ]
        indexes = {name for (name,) in store.conn.execute("SELECT name FROM sqlite_master")}
        assert {"run_documents_hash", "run_documents_source"} <= indexes
        # The old results are reused as they are.
        rerun = audit_documents(docs, CONFIG, cache=store)
        assert [d.reused for d in rerun.documents] == [True, True, True]
        assert [len(d.findings) for d in rerun.documents] == [2, 3, 2]
        store.record(rerun, CONFIG)
        assert [r.id for r in store.runs()] == [1, 2]
    result = CliRunner().invoke(
        app, ["report", "--history", str(path), "--since", "2026-02-01", "-f", "json", "--isolated"]
    )
    trend = json.loads(result.stdout)
    assert {g["label"]: g["documents"] for g in trend["by_source"]} == {
        "city.example": 1,
        "City Gazette": 1,
        "archive/2026": 1,
    }


def test_a_version_2_database_gets_accepted_runs(tmp_path: Path) -> None:
    path = tmp_path / "v2.sqlite"
    docs = [document(FERRY), document(BUDGET)]
    with HistoryStore(path) as store:
        store.record(audit_documents(docs, CONFIG), CONFIG)
    # As version 2 left it: no accepted column (nor version 4's text_known).
    conn = sqlite3.connect(path)
    conn.execute("ALTER TABLE runs DROP COLUMN accepted")
    conn.execute("ALTER TABLE run_documents DROP COLUMN text_known")
    conn.execute("ALTER TABLE runs DROP COLUMN pending")
    conn.execute("PRAGMA user_version = 2")
    conn.commit()
    conn.close()
    with HistoryStore(path) as store:
        assert store.schema_version() == SCHEMA_VERSION
        assert [r.accepted for r in store.runs()] == [True]
        assert set(store.known_baseline().by_id) == {"harbour-ferry", "council-budget"}
        rerun = audit_documents(docs, CONFIG, cache=store)
        assert [d.reused for d in rerun.documents] == [True, True]
        store.record(rerun, CONFIG, accepted=False)
        assert [r.accepted for r in store.runs()] == [True, False]


def test_a_version_3_database_says_nothing_of_how_its_rows_were_known(tmp_path: Path) -> None:
    """Version 4 marks a row "unchanged" for its text alone (a copy or a move); rows of
    version 3 say nothing, and are read as before."""
    path = tmp_path / "v3.sqlite"
    with HistoryStore(path) as store:
        store.record(audit_documents([document(FERRY)], CONFIG), CONFIG)
    conn = sqlite3.connect(path)
    conn.execute("ALTER TABLE run_documents DROP COLUMN text_known")
    conn.execute("ALTER TABLE runs DROP COLUMN pending")
    conn.execute("PRAGMA user_version = 3")
    conn.commit()
    conn.close()
    moved = document(FERRY)
    moved.id = "moved/ferry"
    with HistoryStore(path) as store:
        assert store.schema_version() == SCHEMA_VERSION
        store.record(audit_documents([moved], CONFIG, cache=store), CONFIG)
        assert [(s.appearance, s.text_known) for s in store.seen()] == [
            ("new", None),
            ("unchanged", True),
        ]


@pytest.mark.parametrize("reverse", [False, True])
def test_which_of_two_new_names_for_a_known_text_moved_is_decided_by_name(
    tmp_path: Path, reverse: bool
) -> None:
    """A text known under one id turns up under two others: one moved, one is a copy.
    The move was whichever came first in the inputs; now it is the one that kept the
    file name, else the least id, in any order."""

    def named(doc_id: str) -> Document:
        d = document(FERRY)
        d.id = d.source = doc_id
        return d

    for names, moved in [
        (["mirror/copy.txt", "old/ferry.txt"], "old/ferry.txt"),
        (["b/one.txt", "a/two.txt"], "a/two.txt"),
    ]:
        path = tmp_path / f"{names[0].replace('/', '-')}.sqlite"
        docs = [named(n) for n in (names[::-1] if reverse else names)]
        with HistoryStore(path) as store:
            store.record(audit_documents([named("news/ferry.txt")], CONFIG), CONFIG)
            store.record(audit_documents(docs, CONFIG, cache=store), CONFIG)
            marked = [s.doc_id for s in store.seen() if s.run_id == 2 and s.moved]
        assert marked == [moved]


def test_two_processes_migrating_one_old_database_at_once(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    version_1_database(path)
    script = (
        "import sys; from audits.history import HistoryStore; HistoryStore(sys.argv[1]).close()"
    )
    procs = [
        subprocess.Popen([sys.executable, "-c", script, str(path)], cwd=ROOT, env=_env())
        for _ in range(2)
    ]
    assert [p.wait(timeout=60) for p in procs] == [0, 0]
    with HistoryStore(path) as store:
        assert store.schema_version() == SCHEMA_VERSION
        assert store.conn.execute("SELECT COUNT(*) FROM run_documents").fetchone() == (3,)


def test_opening_an_old_database_waits_while_another_connection_writes(tmp_path: Path) -> None:
    # Switching an old rollback-mode file to WAL needs an exclusive lock, and SQLite
    # refuses it at once (no busy handler) while another connection is writing.
    path = tmp_path / "old.sqlite"
    version_1_database(path)
    writer = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE runs SET id = id")
    done = threading.Timer(0.4, lambda: writer.execute("COMMIT"))
    done.start()
    try:
        with HistoryStore(path) as store:
            assert store.schema_version() == SCHEMA_VERSION
            assert store.conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    finally:
        done.join()
        writer.close()
    # A writer that outlasts the timeout still gets the one-line answer.
    path = tmp_path / "older.sqlite"
    version_1_database(path)
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE runs SET id = id")
    try:
        with pytest.raises(HistoryError, match=r"another process held it for more than 0\.3 s"):
            HistoryStore(path, timeout=0.3)
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_a_damaged_history_says_what_to_do(tmp_path: Path) -> None:
    """Pages of the history overwritten (a disk fault, a copy taken mid-write): it was
    'not an mtaudit history database', which it is, and gave no way out."""
    db = tmp_path / "h.sqlite"
    config = AuditConfig(lm=False)
    with HistoryStore(db) as store:
        store.record(audit_documents([Document("a", MEALS.text, "a.txt")], config), config)
    data = bytearray(db.read_bytes())
    data[4096:] = b"\xa5" * (len(data) - 4096)  # every page but the first (the schema)
    db.write_bytes(bytes(data))
    result = CliRunner().invoke(app, ["history", "runs", "--history", str(db), "--isolated"])
    assert result.exit_code == 2
    assert result.stderr == (
        f"mtaudit: error: history {db}: the database is damaged (database disk image is "
        "malformed); restore it from a backup, or move it away to start a new history\n"
    )


def test_a_newer_or_foreign_database_is_refused(tmp_path: Path) -> None:
    newer = tmp_path / "newer.sqlite"
    with HistoryStore(newer):
        pass
    conn = sqlite3.connect(newer)
    # As a newer mtaudit might leave it: a rollback journal, which WAL mode would rewrite.
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    before = newer.read_bytes()
    with pytest.raises(HistoryError, match="newer mtaudit"):
        HistoryStore(newer)
    assert newer.read_bytes() == before  # refused, and never changed
    foreign = tmp_path / "foreign.sqlite"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE invoices (id INTEGER)")
    conn.close()
    before = foreign.read_bytes()
    with pytest.raises(HistoryError, match="another program"):
        HistoryStore(foreign)
    assert foreign.read_bytes() == before
    text = tmp_path / "notes.txt"
    text.write_text("Minutes of the council meeting, 3 March.\n" * 200, encoding="utf-8")
    result = CliRunner().invoke(app, ["history", "runs", "--history", str(text), "--isolated"])
    assert result.exit_code == 2
    assert "not an mtaudit history database" in result.output
    result = CliRunner().invoke(app, ["report", "--history", str(tmp_path / "none.sqlite")])
    assert result.exit_code == 2
    assert "no such database" in result.output


# --- concurrent writers ----------------------------------------------------------------


def _history_with(tmp_path: Path, *statements: str) -> tuple[Path, Path]:
    """A history of one run, then changed by another program with ``statements``; and
    the article it audited."""
    db, article = tmp_path / "h.sqlite", tmp_path / "a.txt"
    article.write_text(MEALS.text, encoding="utf-8")
    runner = CliRunner()
    assert (
        runner.invoke(
            app, ["audit", str(article), "--no-lm", "--isolated", "--history", str(db)]
        ).exit_code
        == 0
    )
    conn = sqlite3.connect(db)
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()
    return db, article


# Fails at COMMIT: a deferred foreign key is checked only there.
_NOTES_AT_COMMIT = (
    "CREATE TABLE run_notes (run_id INTEGER REFERENCES runs (id) DEFERRABLE INITIALLY DEFERRED)",
    "CREATE TRIGGER note_run AFTER INSERT ON runs "
    "BEGIN INSERT INTO run_notes VALUES (NEW.id + 1000000); END",
)


@pytest.mark.parametrize(
    ("statements", "words"),
    [
        (
            _NOTES_AT_COMMIT,
            "the database refused the write (FOREIGN KEY constraint failed)",
        ),
        (
            (
                "CREATE TRIGGER refuse AFTER INSERT ON runs "
                "BEGIN SELECT RAISE(ABORT, 'runs are frozen'); END",
            ),
            "a trigger in the database refused the write (runs are frozen)",
        ),
    ],
)
def test_a_refused_write_says_so_and_writes_nothing(
    tmp_path: Path, statements: tuple[str, ...], words: str
) -> None:
    """A constraint or trigger that refused the run's record (at COMMIT too) was
    reported as 'not an mtaudit history database', which it is."""
    db, article = _history_with(tmp_path, *statements)
    result = CliRunner().invoke(
        app, ["audit", str(article), "--no-lm", "--isolated", "--history", str(db)]
    )
    assert result.exit_code == 2
    assert result.stderr == (f"mtaudit: error: history {db}: {words}; that write was rolled back\n")
    with HistoryStore(db) as store:
        assert [r.id for r in store.runs()] == [1]
        assert not store.pending_runs()


def test_a_refused_finish_says_the_run_stays_pending(tmp_path: Path) -> None:
    """A trigger that refused a run's finish was said as 'nothing of it was written',
    though the run was recorded pending and its report names it."""
    db, article = _history_with(
        tmp_path,
        "CREATE TRIGGER frozen BEFORE UPDATE ON runs BEGIN SELECT RAISE(ABORT, 'frozen'); END",
    )
    report = tmp_path / "r.json"
    result = CliRunner().invoke(
        app,
        [
            "audit",
            str(article),
            "--no-lm",
            "--isolated",
            "--history",
            str(db),
            "-o",
            f"json:{report}",
        ],
    )
    assert result.exit_code == 2
    assert result.stderr.endswith(
        f"history {db}: a trigger in the database refused the write (frozen); "
        "that write was rolled back; run 2 stays pending\n"
    ), result.stderr
    assert report.exists()
    with HistoryStore(db) as store:
        assert store.pending_runs() == [2]


@pytest.mark.parametrize("extra", [[], ["--new-only"]])
def test_a_finish_refused_at_commit_says_the_run_stays_pending(
    tmp_path: Path, extra: list[str]
) -> None:
    """Under --new-only the finish is a savepoint of the held transaction, whose COMMIT
    (where a deferred foreign key is checked) came after the line was said: it lost
    '; run N stays pending', though the run stayed pending."""
    db, article = _history_with(
        tmp_path,
        "CREATE TABLE run_notes "
        "(run_id INTEGER REFERENCES runs (id) DEFERRABLE INITIALLY DEFERRED)",
        "CREATE TRIGGER note_run AFTER UPDATE ON runs "
        "BEGIN INSERT INTO run_notes VALUES (NEW.id + 1000000); END",
    )
    result = CliRunner().invoke(
        app, ["audit", str(article), "--no-lm", "--isolated", "--history", str(db), *extra]
    )
    assert result.exit_code == 2
    assert result.stderr.endswith(
        f"history {db}: the database refused the write (FOREIGN KEY constraint failed); "
        "that write was rolled back; run 2 stays pending\n"
    ), result.stderr
    with HistoryStore(db) as store:
        assert [r.id for r in store.runs()] == [1]
        assert store.pending_runs() == [2]


def test_a_write_refused_at_commit_leaves_no_transaction_open(tmp_path: Path) -> None:
    """A COMMIT that failed left its transaction open, and the write lock held, until
    the store was closed: the next write on it failed, 'cannot start a transaction
    within a transaction', and other processes waited."""
    db, _article = _history_with(tmp_path, *_NOTES_AT_COMMIT)
    config = AuditConfig(lm=False)
    run = audit_documents([Document("a", MEALS.text, "a.txt")], config)
    with HistoryStore(db) as store:
        with pytest.raises(HistoryError, match="FOREIGN KEY constraint failed"):
            store.record(run, config)
        assert not store.conn.in_transaction
        store.conn.execute("DROP TRIGGER note_run")
        assert store.record(run, config) == 2
        assert [r.id for r in store.runs()] == [1, 2]


WRITER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from audits.config import AuditConfig
    from audits.document import Document
    from audits.engine import audit_documents
    from audits.history import HistoryStore

    db, name, runs, go = sys.argv[1], sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
    config = AuditConfig(lm=False, select=["S500"], fail_over=0.2)
    shared = [
        Document(id="weather", source="feed#1", url="https://city.example/weather",
                 text="Rain is expected on Friday, and the rÃ©gion's rivers may rise."),
        Document(id="markets", source="feed#2", url="https://city.example/markets",
                 text="Shares rose on Thursday after the central bank held its rates."),
    ]
    while not go.exists():
        time.sleep(0.01)
    with HistoryStore(db) as store:
        for i in range(runs):
            mine = Document(
                id=f"{name}-{i}", source=f"{name}.jsonl:{i}", url=f"https://{name}.example/{i}",
                text=f"Item {i} from {name}: the cafÃ© on pier {i} reopened after repairs.")
            run = audit_documents([*shared, mine], config, cache=store)
            store.record(run, config, [name])
    """
)


def _env() -> dict[str, str]:
    import os

    return {**os.environ, "PYTHONPATH": str(ROOT)}


def test_two_new_only_runs_started_together_report_their_news_once(tmp_path: Path) -> None:
    """Two `audit --new-only` runs of one feed started together (an hourly job that
    overran) both read what was known before either was recorded, and both reported
    its article as new, which the history counts once. The second now decides what is
    new under the write lock the first holds until it is finished, and reports
    nothing new. Each run reads a named pipe, so both have opened the history and are
    waiting for their article before either reads a word of it."""
    import os

    db = tmp_path / "h.sqlite"
    text = (ROOT / "samples" / "awani-lavrov-blinken.txt").read_text(encoding="utf-8")
    record = json.dumps({"id": "awani-lavrov-blinken", "text": text}) + "\n"
    pipes = [tmp_path / f"feed-{n}.jsonl" for n in range(2)]
    for pipe in pipes:
        os.mkfifo(pipe)
    cli = [sys.executable, "-c", "from cli.app import main; main()", "audit"]
    flags = ["--history", str(db), "--new-only", "--no-lm", "--isolated", "-f", "json"]
    runs = [
        subprocess.Popen(
            [*cli, str(pipe), *flags],
            cwd=ROOT,
            env=_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for pipe in pipes
    ]
    try:
        # Each open returns once its run has opened the pipe to read it.
        writers = [pipe.open("w", encoding="utf-8") for pipe in pipes]
        for writer in writers:
            writer.write(record)
            writer.close()
        done = [run.communicate(timeout=120) for run in runs]
    finally:
        for run in runs:
            run.kill()
    statuses = []
    for run, (out, err) in zip(runs, done, strict=True):
        assert run.returncode in (0, 1), err
        statuses.append(sorted(d["baseline"]["status"] for d in json.loads(out)["documents"]))
    assert sorted(statuses) == [[], ["new"]], statuses
    with HistoryStore(db) as store:
        assert [r.new for r in store.runs()] == [1, 0]


def _break_a_foreign_key_at_commit(store: HistoryStore) -> None:
    """A COMMIT that fails (as on a full disk): a deferred foreign key left broken."""
    store.conn.execute("PRAGMA defer_foreign_keys = ON")
    store.conn.execute(
        "INSERT INTO findings (result_key, position, code, severity, fingerprint) "
        "VALUES ('no such result', 0, 'X', 'low', 'f')"
    )


def test_a_held_run_that_fails_keeps_its_own_error_where_the_commit_fails_too(
    tmp_path: Path,
) -> None:
    """held() committed in a ``finally``: a COMMIT that failed as well replaced the
    error that ended the run (its report's) with the history's line."""
    db = tmp_path / "h.sqlite"
    with HistoryStore(db) as store:
        with pytest.raises(OSError, match="report failed"), store.held():
            _break_a_foreign_key_at_commit(store)
            raise OSError("report failed")
        assert not store.conn.in_transaction  # rolled back: no lock left held
        with pytest.raises(HistoryError), store.held():
            _break_a_foreign_key_at_commit(store)
        assert not store.conn.in_transaction


def test_a_new_only_run_killed_while_it_holds_the_lock_stays_pending_with_its_id(
    tmp_path: Path,
) -> None:
    """A `--new-only` run holds the write lock while its reports go out; killed
    outright then (SIGKILL: the OOM killer, a CI runner's hard kill), its record
    lived only in that transaction and was lost, and its id, which its report had
    already named, was given to the next run. Its pending record is now committed
    before it takes the lock: it stays listed pending, and the next run gets a new id."""
    import os
    import signal

    db = tmp_path / "h.sqlite"
    (tmp_path / "a.txt").write_text("A first article, seen before.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Another article, seen after.\n", encoding="utf-8")
    text = (ROOT / "samples" / "awani-lavrov-blinken.txt").read_text(encoding="utf-8")
    many = tmp_path / "many.jsonl"
    # A report far larger than a pipe's buffer: the run blocks writing it, lock held.
    many.write_text(
        "".join(json.dumps({"id": f"doc-{n}", "text": text}) + "\n" for n in range(60)),
        encoding="utf-8",
    )
    cli = [sys.executable, "-c", "from cli.app import main; main()", "audit"]
    flags = ["--history", str(db), "--no-lm", "--isolated"]
    seed = subprocess.run(
        [*cli, str(tmp_path / "a.txt"), *flags], cwd=ROOT, env=_env(), capture_output=True
    )
    assert seed.returncode == 0, seed.stderr
    held = subprocess.Popen(
        [*cli, str(many), *flags, "--new-only", "-f", "json"],
        cwd=ROOT,
        env=_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    try:
        head = b""
        while b"history_run_id" not in head:  # its report has named its run
            chunk = held.stdout.read1(4096)  # type: ignore[union-attr]
            assert chunk, "the run ended before its report named its run"
            head += chunk
        named = int(re.search(rb'"history_run_id": *(\d+)', head).group(1))  # type: ignore[union-attr]
        time.sleep(0.5)  # blocked on the full pipe, holding the lock
        assert held.poll() is None
        os.kill(held.pid, signal.SIGKILL)
        held.wait(timeout=30)
    finally:
        held.kill()
        held.wait()
        held.stdout.close()  # type: ignore[union-attr]
    assert named == 2
    after = subprocess.run(
        [*cli, str(tmp_path / "b.txt"), *flags, "-f", "json"],
        cwd=ROOT,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert after.returncode == 0, after.stderr
    assert json.loads(after.stdout)["history_run_id"] == 3
    with HistoryStore(db) as store:
        assert store.pending_runs() == [2]
        assert [r.id for r in store.runs()] == [1, 3]


def test_two_writer_processes_at_once_lose_nothing(tmp_path: Path) -> None:
    db, go = tmp_path / "shared.sqlite", tmp_path / "go"
    runs = 15
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(db), name, str(runs), str(go)],
            cwd=ROOT,
            env=_env(),
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("north", "south")
    ]
    time.sleep(0.5)
    go.touch()
    for p in procs:
        assert p.wait(timeout=120) == 0, p.stderr.read()
    with HistoryStore(db) as store:
        assert store.conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        records = store.runs()
        assert len(records) == 2 * runs
        assert all(r.documents == 3 for r in records)
        inputs = [r.inputs[0] for r in records]
        assert inputs.count("north") == inputs.count("south") == runs
        rows = store.conn.execute("SELECT doc_id, appearance FROM run_documents").fetchall()
        assert len(rows) == 3 * 2 * runs
        # Each article is new exactly once, whichever process saw it first.
        new = [doc_id for doc_id, appearance in rows if appearance == "new"]
        assert sorted(new) == sorted(
            ["weather", "markets", *(f"{n}-{i}" for n in ("north", "south") for i in range(runs))]
        )
        # One stored result per distinct text.
        assert store.conn.execute("SELECT COUNT(*) FROM results").fetchone() == (2 + 2 * runs,)
        assert store.conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_a_database_another_process_creates_meanwhile_is_not_foreign(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two cron jobs opening one new history together: one read the schema version (0,
    nothing yet) and then the tables, which the other had committed in between, and
    refused the file as "an SQLite database of another program". The other process
    creates it here at exactly that moment: between the two reads."""
    db = tmp_path / "new.sqlite"
    real = HistoryStore.schema_version
    first = [True]

    def creator_between_reads(self: HistoryStore) -> int:
        version = real(self)
        if first[0]:
            first[0] = False
            # The other process, as far as the locks go: its own connection. Fixed, its
            # commit waits for this reader, so it is given up on after a moment.
            with contextlib.suppress(HistoryError), HistoryStore(db, timeout=0.3):
                pass
        return version

    monkeypatch.setattr(HistoryStore, "schema_version", creator_between_reads)
    with HistoryStore(db) as store:
        assert real(store) == SCHEMA_VERSION
        assert store.runs() == []


def test_two_cron_audits_on_one_database_both_complete(tmp_path: Path) -> None:
    from tests.history_helpers import GATE, JsonlArticles

    db = tmp_path / "cron.sqlite"
    inputs = []
    for name, articles in (("a", [FERRY, BUDGET]), ("b", [HEAT, MEALS, STRIKE])):
        folder = tmp_path / name
        folder.mkdir()
        inputs.append(JsonlArticles(folder).publish(articles)[0])
    command = "from cli.app import main; main()"
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                command,
                "audit",
                path,
                *GATE,
                "--history",
                str(db),
                "-f",
                "json",
            ],
            cwd=tmp_path,
            env=_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for path in inputs
    ]
    results = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [1, 1], results
    with HistoryStore(db) as store:
        assert sorted(r.documents for r in store.runs()) == [2, 3]
        # Each report names its own run, the one that holds its documents.
        for stdout, _ in results:
            report = json.loads(stdout)
            recorded = store.load_run(report["history_run_id"])
            assert [d.document.id for d in recorded.documents] == [
                d["id"] for d in report["documents"]
            ]


def test_a_writer_that_waits_too_long_gets_a_clear_error(tmp_path: Path) -> None:
    db = tmp_path / "busy.sqlite"
    run = audit_documents([document(FERRY)], CONFIG)
    with HistoryStore(db, timeout=0.3) as store:
        other = sqlite3.connect(db, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        started = time.monotonic()
        with pytest.raises(HistoryError, match=r"another process held it for more than 0\.3 s"):
            store.record(run, CONFIG)
        assert time.monotonic() - started >= 0.25
        other.execute("ROLLBACK")
        other.close()
        assert store.record(run, CONFIG) == 1


# --- pruning ---------------------------------------------------------------------------


def _run_at(docs: list[Document], when: dt.datetime) -> RunAudit:
    run = audit_documents(docs, CONFIG)
    run.started = run.finished = iso(when)
    return run


def _report(n: int, day: int) -> Document:
    text = " ".join(
        f"On day {day}, item {n}: the council met at {9 + n % 8} o'clock and approved "
        f"{n * 7 + day} new benches, {n + day} bus shelters and a cafÃ© licence."
        for _ in range(12)
    )
    return Document(id=f"report-{day}-{n}", text=text, source=f"reports/{day}/{n}.txt")


def test_prune_forgets_old_runs_and_unused_results_and_returns_the_space(tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite"
    now = dt.datetime.now(dt.UTC)
    kept = document(BUDGET)
    with HistoryStore(db) as store:
        store.record(
            _run_at([_report(n, 1) for n in range(60)] + [kept], now - dt.timedelta(120)), CONFIG
        )
        store.record(_run_at([_report(n, 2) for n in range(60)], now - dt.timedelta(100)), CONFIG)
        store.record(_run_at([kept, document(MEALS)], now - dt.timedelta(2)), CONFIG)
        before = store.size()
    runner = CliRunner()
    args = ["history", "prune", "--history", str(db), "--older-than", "90d", "--isolated"]
    dry = runner.invoke(app, [*args, "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "would forget 2 runs" in dry.output and "120 stored results" in dry.output
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "forgot 2 runs older than 90d (121 document entries, 120 stored results)" in (
        result.output.replace("\n", " ")
    )
    with HistoryStore(db) as store:
        assert [r.documents for r in store.runs()] == [2]
        assert store.conn.execute("SELECT COUNT(*) FROM results").fetchone() == (2,)
        assert store.conn.execute("SELECT COUNT(*) FROM findings").fetchone() == (2,)
        assert store.conn.execute("PRAGMA freelist_count").fetchone() == (0,)
        assert store.size() < before / 2
        # What is left is still reused.
        assert audit_documents([document(BUDGET)], CONFIG, cache=store).documents[0].reused


def _reused_run_at(docs: list[Document], when: dt.datetime, store: HistoryStore) -> RunAudit:
    run = audit_documents(docs, CONFIG, cache=store)
    run.started = run.finished = iso(when)
    return run


def test_a_result_kept_by_prune_no_longer_names_the_run_it_forgot(tmp_path: Path) -> None:
    """Run 1 audited the article, run 2 reused it; pruning run 1 kept the result, which
    still said "reused from run 1", a run `history show` calls "no run 1"."""
    db = tmp_path / "h.sqlite"
    now = dt.datetime.now(dt.UTC)
    with HistoryStore(db) as store:
        store.record(_run_at([document(FERRY)], now - dt.timedelta(120)), CONFIG)
        store.record(_reused_run_at([document(FERRY)], now - dt.timedelta(2), store), CONFIG)
        assert store.load_run(2).documents[0].reused_from.run == 1
        assert store.prune(iso(now - dt.timedelta(90))).runs == 1
        shown = store.load_run(2)
        again = audit_documents([document(FERRY)], CONFIG, cache=store)
    for run in (shown, again):
        prior = run.documents[0].reused_from
        assert prior is not None and prior.run is None
        assert prior.audited == iso(now - dt.timedelta(120))  # when it was audited stays
        assert "Reused from a pruned run (" in get_reporter("markdown").render(run)
        assert "reused</span> from a pruned run (" in get_reporter("html").render(run)
        assert "reused from a pruned run (" in get_reporter("terminal", width=200).render(run)
        assert (
            json.loads(get_reporter("json").render(run))["documents"][0]["reused_from"]["run"]
            is None
        )


def test_history_show_prints_its_times_in_tz(tmp_path: Path) -> None:
    """`history runs --tz Europe/Paris` printed Paris times, and `history show` of the
    same run its start, and when a reused result was audited, in UTC."""
    db = tmp_path / "h.sqlite"
    first = dt.datetime(2026, 7, 1, 22, 30, tzinfo=dt.UTC)
    with HistoryStore(db) as store:
        store.record(_run_at([document(FERRY)], first), CONFIG)
        store.record(_reused_run_at([document(FERRY)], first + dt.timedelta(1), store), CONFIG)
    args = ["history", "show", "2", "--history", str(db), "--isolated", "--tz", "Europe/Paris"]
    shown = CliRunner().invoke(app, [*args, "-f", "json"])
    assert shown.exit_code == 0, shown.output
    report = json.loads(shown.stdout)
    assert report["started"] == "2026-07-03T00:30:00+02:00"
    assert report["documents"][0]["reused_from"]["audited"] == "2026-07-02T00:30:00+02:00"
    text = CliRunner().invoke(app, [*args, "-f", "terminal"])
    assert "reused from run 1 (2026-07-02T00:30:00+02:00)" in text.stdout.replace("\n", " ")
    utc = CliRunner().invoke(app, [*args[:-2], "-f", "json"])
    assert json.loads(utc.stdout)["started"] == "2026-07-02T22:30:00+00:00"


def test_a_history_pruned_by_an_older_mtaudit_names_no_forgotten_run(tmp_path: Path) -> None:
    """An older prune left results naming the runs it deleted; reading them says so."""
    db = tmp_path / "h.sqlite"
    with HistoryStore(db) as store:
        store.record(audit_documents([document(FERRY)], CONFIG), CONFIG)
        store.record(audit_documents([document(FERRY)], CONFIG, cache=store), CONFIG)
        with store._write():  # as the older prune did: the run goes, its result stays
            store.conn.execute("DELETE FROM run_documents WHERE run_id = 1")
            store.conn.execute("DELETE FROM runs WHERE id = 1")
        assert store.load_run(2).documents[0].reused_from.run is None
        again = audit_documents([document(FERRY)], CONFIG, cache=store)
        assert again.documents[0].reused_from.run is None


def test_prune_says_when_a_reader_kept_the_log_from_being_truncated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A trend report being built holds a snapshot; prune's TRUNCATE checkpoint waited
    behind it for the whole busy timeout, gave up, and the busy flag in its row was
    discarded: prune said the file had grown (its log had) and not why."""
    db = tmp_path / "h.sqlite"
    now = dt.datetime.now(dt.UTC)
    with HistoryStore(db) as store:
        store.record(_run_at([_report(n, 1) for n in range(20)], now - dt.timedelta(120)), CONFIG)
        store.record(_run_at([document(MEALS)], now - dt.timedelta(2)), CONFIG)
    monkeypatch.setattr("audits.history.CHECKPOINT_WAIT_S", 0.1, raising=False)
    args = ["history", "prune", "--history", str(db), "--isolated", "--older-than"]
    with HistoryStore(db) as reader, reader.snapshot():
        reader.runs()
        said = CliRunner().invoke(app, [*args, "90d"])
        with HistoryStore(db) as store:
            assert not store.prune(iso(now - dt.timedelta(90))).log_truncated
    assert said.exit_code == 0, said.output
    assert "forgot 1 run" in said.output
    assert "log not truncated: a reader was active" in said.output.replace("\n", " ")
    with HistoryStore(db) as store:
        assert store.prune(iso(now - dt.timedelta(90))).log_truncated


def test_prune_never_forgets_the_latest_run(tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite"
    with HistoryStore(db) as store:
        store.record(_run_at([document(FERRY)], dt.datetime(2025, 1, 1, tzinfo=dt.UTC)), CONFIG)
        result = store.prune(iso(dt.datetime.now(dt.UTC)), vacuum=True)
        assert result.runs == 0
        assert len(store.runs()) == 1
        assert audit_documents([document(FERRY)], CONFIG, cache=store).documents[0].reused


def test_prune_counts_in_words(tmp_path: Path) -> None:
    # "would forget 1 runs older than 30d (1 document entries, 1 stored results)"
    db = tmp_path / "h.sqlite"
    with HistoryStore(db) as store:
        store.record(_run_at([document(FERRY)], dt.datetime(2025, 1, 1, tzinfo=dt.UTC)), CONFIG)
        store.record(_run_at([document(MEALS)], dt.datetime.now(dt.UTC)), CONFIG)
    args = ["history", "prune", "--history", str(db), "--older-than", "30d", "--isolated"]
    dry = CliRunner().invoke(app, [*args, "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "would forget 1 run older than 30d (1 document entry, 1 stored result)" in (
        dry.output.replace("\n", " ")
    )


def _five_runs(db: Path, starts: list[dt.datetime], accepted: list[bool] | None = None) -> None:
    with HistoryStore(db) as store:
        for i, when in enumerate(starts):
            article = [FERRY, MEALS, BUDGET, HEAT, STRIKE][i % 5]
            ok = True if accepted is None else accepted[i]
            store.record(_run_at([document(article)], when), CONFIG, accepted=ok)


def _run_ids(db: Path) -> list[int]:
    with HistoryStore(db) as store:
        return [r.id for r in store.runs()]


def test_prune_keep_forgets_all_but_the_newest_runs_in_recording_order(tmp_path: Path) -> None:
    """`history prune` took only --older-than: a cron job that keeps the last N runs
    could not say so. The newest are the last recorded, whatever their clocks said:
    run 4's clock was a year behind, and it is still among the newest."""
    db = tmp_path / "h.sqlite"
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    starts = [now - dt.timedelta(days=d) for d in (50, 40, 30, 400, 10)]
    _five_runs(db, starts)
    args = ["history", "prune", "--history", str(db), "--isolated"]
    dry = CliRunner().invoke(app, [*args, "--keep", "2", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "would forget 3 runs before the newest 2 (3 document entries" in (
        dry.output.replace("\n", " ")
    )
    # Which ones, not only how many.
    assert f"{db}: the runs that would go: 1-3" in dry.output.replace("\n", "")
    assert _run_ids(db) == [1, 2, 3, 4, 5]
    done = CliRunner().invoke(app, [*args, "--keep", "2"])
    assert done.exit_code == 0, done.output
    assert _run_ids(db) == [4, 5]
    # With a cutoff, a run goes only where both say so: older than 35 days, and not
    # among the newest 3.
    _five_runs(db2 := tmp_path / "h2.sqlite", starts)
    both_args = ["history", "prune", "--history", str(db2), "--isolated"]
    both = CliRunner().invoke(app, [*both_args, "--older-than", "35d", "--keep", "3"])
    assert both.exit_code == 0, both.output
    assert "forgot 2 runs older than 35d and not among the newest 3" in both.output.replace(
        "\n", " "
    )
    assert _run_ids(db2) == [3, 4, 5]


def test_show_of_a_pruned_run_says_it_was_pruned_and_which_are_kept(tmp_path: Path) -> None:
    """`history show 1` after a scheduled `prune --keep 2` said "no run 1 (see `mtaudit
    history runs`)", as for an id never given: no word of the prune, nor of which runs
    are left. A run not recorded yet names the latest; `accept` says the same."""
    db = tmp_path / "h.sqlite"
    now = dt.datetime.now(dt.UTC)
    _five_runs(db, [now - dt.timedelta(days=d) for d in (50, 40, 30, 20, 10)])
    args = ["--history", str(db), "--isolated"]
    runner = CliRunner()
    assert runner.invoke(app, ["history", "prune", *args, "--keep", "2"]).exit_code == 0
    for command in ("show", "accept"):
        pruned = runner.invoke(app, ["history", command, "1", *args])
        assert pruned.exit_code == 2, pruned.output
        said = " ".join(pruned.stderr.split())
        assert f"history {db}: no run 1: it was pruned" in said, said
        assert "the runs kept: 4-5 (`mtaudit history runs` lists them)" in said
        ahead = runner.invoke(app, ["history", command, "9", *args])
        assert ahead.exit_code == 2
        assert "no run 9: the latest is run 5; the runs kept: 4-5" in " ".join(ahead.stderr.split())


def test_an_unknown_run_id_names_the_pending_runs_the_kept_ones_leave_out(tmp_path: Path) -> None:
    """`history accept 99` said "the runs kept: 1-4, 6-7", leaving out run 5, pending (its
    reports not written yet), as if a prune had forgotten it."""
    db = tmp_path / "h.sqlite"
    now = dt.datetime.now(dt.UTC)
    with HistoryStore(db) as store:
        for n, article in enumerate([FERRY, MEALS, BUDGET, HEAT, STRIKE, FERRY, MEALS]):
            run = _run_at([document(article)], now - dt.timedelta(hours=7 - n))
            store.record(run, CONFIG, ["a.xml"], pending=n == 4)
    args = ["--history", str(db), "--isolated"]
    for command in ("show", "accept"):
        result = CliRunner().invoke(app, ["history", command, "99", *args])
        assert result.exit_code == 2, result.output
        assert " ".join(result.stderr.split()) == (
            f"mtaudit: error: history {db}: no run 99: the latest is run 7; the runs kept: "
            "1-4, 6-7 (`mtaudit history runs` lists them), and 1 run pending (5: recorded, "
            "its reports not written yet, or stopped before they were)"
        )
    # A history of one pending run has a run recorded: "no runs recorded yet" was not so.
    alone = tmp_path / "alone.sqlite"
    with HistoryStore(alone) as store:
        store.record(_run_at([document(FERRY)], now), CONFIG, ["a.xml"], pending=True)
    result = CliRunner().invoke(
        app, ["history", "show", "2", "--history", str(alone), "--isolated"]
    )
    assert " ".join(result.stderr.split()) == (
        f"mtaudit: error: history {alone}: no run 2: no finished runs yet; 1 run pending "
        "(1: recorded, its reports not written yet, or stopped before they were)"
    )
    # `latest` is the same question: it too said "no runs recorded yet".
    for command in ("show", "accept"):
        result = CliRunner().invoke(
            app, ["history", command, "latest", "--history", str(alone), "--isolated"]
        )
        assert result.exit_code == 2, result.output
        assert " ".join(result.stderr.split()) == (
            f"mtaudit: error: history {alone}: no finished runs yet; 1 run pending "
            "(1: recorded, its reports not written yet, or stopped before they were)"
        )


def test_accept_latest_reads_latest_in_its_own_transaction(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`history accept latest` read the latest id, then accepted it in a second step:
    another job recording a run and a `prune --keep 1` in between (simulated where the
    old code read it) made it fail with "no run 5: it was pruned". Now `latest` is read
    in accept's own write transaction, which no other writer can come between."""
    db = tmp_path / "h.sqlite"
    now = dt.datetime.now(dt.UTC)
    _five_runs(db, [now - dt.timedelta(days=d) for d in (50, 40, 30, 20, 10)], [False] * 5)
    latest_run = HistoryStore.latest_run

    def another_job_meanwhile(store: HistoryStore) -> int:
        read = latest_run(store)
        with HistoryStore(db) as other:
            other.record(_run_at([document(HEAT)], now), CONFIG, accepted=False)
            other.prune(keep=1)
        return read

    monkeypatch.setattr(HistoryStore, "latest_run", another_job_meanwhile)
    done = CliRunner().invoke(app, ["history", "accept", "latest", "--history", str(db)])
    assert done.exit_code == 0, done.output
    assert "run 5 accepted" in " ".join(done.output.split())
    with HistoryStore(db) as store:
        assert [(r.id, r.accepted) for r in store.runs()] == [
            (1, False),
            (2, False),
            (3, False),
            (4, False),
            (5, True),
        ]


def test_show_latest_shows_the_run_recorded_last(tmp_path: Path) -> None:
    """A cron job that renders the run it just recorded is never told its id; `latest`
    is the last recorded (as `history runs` lists them), whatever its clock said, and
    numbers still work. An empty history says so in one line."""
    db = tmp_path / "h.sqlite"
    now = dt.datetime.now(dt.UTC)
    _five_runs(db, [now - dt.timedelta(days=d) for d in (50, 40, 30, 400)])
    args = ["--history", str(db), "--isolated", "-f", "json"]
    runner = CliRunner()
    latest = runner.invoke(app, ["history", "show", "latest", *args])
    assert latest.exit_code == 0, latest.output
    fourth = runner.invoke(app, ["history", "show", "4", *args])
    third = runner.invoke(app, ["history", "show", "3", *args])
    assert latest.stdout == fourth.stdout != third.stdout
    accepted = runner.invoke(app, ["history", "accept", "latest", "--history", str(db)])
    assert "run 4 was accepted already" in " ".join(accepted.output.split())
    with HistoryStore(empty := tmp_path / "empty.sqlite"):
        pass
    none = runner.invoke(app, ["history", "show", "latest", "--history", str(empty)])
    assert none.exit_code == 2
    assert none.stderr.strip().endswith("no runs recorded yet"), none.stderr
    word = runner.invoke(app, ["history", "show", "last", "--history", str(db)])
    assert word.exit_code == 2
    assert "a whole number, or latest" in " ".join(word.output.replace("│", " ").split())


def test_history_runs_lists_one_jobs_runs(tmp_path: Path) -> None:
    """Where two cron jobs share a history, a CI step that accepts its own held run
    had to pick its id out of every job's runs; `--job` lists one job's, as `report
    --job` names it, the last N of them, and an unknown one names the jobs."""
    db = tmp_path / "h.sqlite"
    now = dt.datetime.now(dt.UTC)
    with HistoryStore(db) as store:
        for n, article in enumerate([FERRY, MEALS, BUDGET, HEAT, STRIKE]):
            inputs = ["feeds/a.xml"] if n % 2 == 0 else ["https://b.example/rss"]
            run = _run_at([document(article)], now - dt.timedelta(hours=5 - n))
            store.record(run, CONFIG, inputs)
    args = ["history", "runs", "--history", str(db), "--isolated", "-f", "json"]
    runner = CliRunner()
    listed = runner.invoke(app, [*args, "--job", "./feeds/a.xml"])
    assert listed.exit_code == 0, listed.output
    assert [r["id"] for r in json.loads(listed.stdout)["runs"]] == [1, 3, 5]
    last = runner.invoke(app, [*args, "--job", "https://b.example/rss", "--limit", "1"])
    assert [r["id"] for r in json.loads(last.stdout)["runs"]] == [4]
    unknown = runner.invoke(app, [*args, "--job", "feeds/b.xml"])
    assert unknown.exit_code == 2
    assert "its jobs (each the whole of its inputs as `mtaudit history runs` lists them): " in (
        " ".join(unknown.stderr.split())
    )


def _jobs_sharing_an_input(db: Path) -> None:
    """Runs 1 and 3 of `feeds/a.xml`; runs 2 and 4 of a cron line that audits it and
    `feeds/b.xml` too, typed with `./`."""
    now = dt.datetime.now(dt.UTC)
    with HistoryStore(db) as store:
        for n, article in enumerate([FERRY, MEALS, BUDGET, HEAT]):
            inputs = ["feeds/a.xml"] if n % 2 == 0 else ["./feeds/a.xml", "./feeds/b.xml"]
            store.record(
                _run_at([document(article)], now - dt.timedelta(hours=5 - n)), CONFIG, inputs
            )


def test_job_is_its_whole_name_before_one_of_its_inputs(tmp_path: Path) -> None:
    """`--job feeds/a.xml` took every run one of whose inputs was feeds/a.xml too, so
    `report --new-only --job feeds/a.xml` reported the other job's run 4, and a CI
    step accepting its own held run got the other job's id."""
    db = tmp_path / "h.sqlite"
    _jobs_sharing_an_input(db)
    with HistoryStore(db) as store:
        assert store.job_runs("feeds/a.xml") == {1, 3}
        # Each input as the file system reads it: a two-input job typed with ./ was
        # not found under the name the README gives it.
        assert store.job_runs("feeds/a.xml feeds/b.xml") == {2, 4}
        assert store.job_runs("./feeds/a.xml  feeds/b.xml") == {2, 4}
    args = ["history", "runs", "--history", str(db), "--isolated", "-f", "json"]
    listed = CliRunner().invoke(app, [*args, "--job", "feeds/a.xml"])
    assert [r["id"] for r in json.loads(listed.stdout)["runs"]] == [1, 3], listed.output


def test_one_input_of_a_job_is_no_name_of_it(tmp_path: Path) -> None:
    """`--job feeds/b.xml` meant the job auditing feeds/a.xml and feeds/b.xml until
    someone ran `mtaudit audit feeds/b.xml` once by hand: from then on the cron job's
    `report --new-only --job feeds/b.xml` reported that one manual run, for ever, with
    no word. The whole name only, whatever is recorded later."""
    db = tmp_path / "h.sqlite"
    _jobs_sharing_an_input(db)
    with HistoryStore(db) as store:
        with pytest.raises(UsageError) as alone:
            store.job_runs("feeds/b.xml")
        assert str(alone.value) == (
            f"no job 'feeds/b.xml' in history {db}; its jobs (each the whole of its inputs "
            "as `mtaudit history runs` lists them): './feeds/a.xml ./feeds/b.xml', "
            "feeds/a.xml"
        )
        store.record(_run_at([document(STRIKE)], dt.datetime.now(dt.UTC)), CONFIG, ["feeds/b.xml"])
        assert store.job_runs("feeds/a.xml feeds/b.xml") == {2, 4}
        assert store.job_runs("feeds/b.xml") == {5}
        # ./a ./b and a b are one job, named once.
        with pytest.raises(UsageError) as unknown:
            store.job_runs("nowhere.xml")
        assert str(unknown.value).endswith(
            ": feeds/b.xml, './feeds/a.xml ./feeds/b.xml', feeds/a.xml"
        )


def test_an_input_with_a_space_is_named_in_quotes_and_found_so(tmp_path: Path) -> None:
    """NAME was split on every space: the job `history runs` listed as `my ./notes.txt`
    found the runs of `./my notes.txt`, and `["my notes.txt"]` was no other job than
    `["my", "notes.txt"]`. Inputs that hold a space are quoted, as a shell takes them."""
    db = tmp_path / "h.sqlite"
    now = dt.datetime.now(dt.UTC)
    jobs = [["my ./notes.txt"], ["./my notes.txt"], ["my", "notes.txt"], ["it's.txt", "a"]]
    with HistoryStore(db) as store:
        for n, inputs in enumerate(jobs):
            store.record(
                _run_at([document(FERRY)], now - dt.timedelta(hours=5 - n)), CONFIG, inputs
            )
        names = [job_name(inputs) for inputs in jobs]
        assert names == [
            "'my ./notes.txt'",
            "'./my notes.txt'",
            "my notes.txt",
            "'it'\"'\"'s.txt' a",
        ]
        assert [store.job_runs(name) for name in names] == [{1}, {2}, {3}, {4}]
        assert store.job_runs('"my notes.txt"') == {2}  # ./ as the file system reads it
        with pytest.raises(UsageError) as unclosed:
            store.job_runs("'my notes.txt")
        assert str(unclosed.value) == '--job "\'my notes.txt": No closing quotation'
    listed = CliRunner().invoke(app, ["history", "runs", "--history", str(db), "--isolated"])
    assert "'my ./notes.txt'" in listed.stdout, listed.output


def test_an_unknown_jobs_error_lists_names_that_paste_back_into_job(tmp_path: Path) -> None:
    """The jobs were listed in Python's repr, whose backslash escapes (`'\\'my notes.txt\\'
    ...'`) no shell reads back as the name. Each is listed shell-quoted, as a shell
    takes it after `--job `."""
    db = tmp_path / "h.sqlite"
    jobs = [["my notes.txt", "it's.txt"], ["feeds/a.xml"]]
    with HistoryStore(db) as store:
        for n, inputs in enumerate(jobs):
            at = dt.datetime.now(dt.UTC) - dt.timedelta(hours=5 - n)
            store.record(_run_at([document(FERRY)], at), CONFIG, inputs)
        store.record(
            _run_at([document(MEALS)], dt.datetime.now(dt.UTC)), CONFIG, ["p q"], pending=True
        )
        with pytest.raises(UsageError) as unknown:
            store.job_runs("nope.xml")
        listed = str(unknown.value).split("lists them): ", 1)[1]
        assert listed == (
            shlex.quote("'p q'")
            + " (only pending runs), feeds/a.xml, "
            + shlex.quote("'my notes.txt' 'it'\"'\"'s.txt'")
        )
        pasted = [
            shlex.split(name.removesuffix(" (only pending runs)")) for name in listed.split(", ")
        ]
        assert all(len(words) == 1 for words in pasted)
        assert [store.job_runs(words[0]) for words in pasted[1:]] == [{2}, {1}]
        assert store.pending_runs(pasted[0][0]) == [3]


def test_an_unknown_jobs_error_stays_on_one_line_for_a_name_with_a_newline(
    tmp_path: Path,
) -> None:
    """shlex.quote keeps a newline as it is: a run that read `a\\nb.txt` broke the
    one-line error in two. Such a name is listed in bash's $'...', which stays on one
    line and which bash still reads back as the name."""
    db = tmp_path / "h.sqlite"
    with HistoryStore(db) as store:
        store.record(
            _run_at([document(FERRY)], dt.datetime.now(dt.UTC)),
            CONFIG,
            ["a\nb.txt", "x\x1b[31m.txt", "it's\u2028.txt"],
        )
        with pytest.raises(UsageError) as unknown:
            store.job_runs("nope.xml")
        error = str(unknown.value)
        assert len(error.splitlines()) == 1, error
        listed = error.split("lists them): ", 1)[1]
        assert listed == "$'\\'a\\nb.txt\\' x\\x1b[31m.txt \\'it\\'\"\\'\"\\'s\\u2028.txt\\''"
        read_back = subprocess.run(
            ["bash", "-c", f"printf %s {listed}"], capture_output=True, text=True, check=True
        ).stdout
        assert store.job_runs(read_back) == {1}


@pytest.mark.parametrize("name", ["", "  "])
def test_an_empty_job_name_is_refused(tmp_path: Path, name: str) -> None:
    """It read as ".", the job of a run that audited the current folder, or of a run
    recorded with no inputs."""
    db = tmp_path / "h.sqlite"
    now = dt.datetime.now(dt.UTC)
    with HistoryStore(db) as store:
        store.record(_run_at([document(FERRY)], now), CONFIG, ["."])
        store.record(_run_at([document(MEALS)], now), CONFIG, [])
        with pytest.raises(UsageError, match="--job needs a job's name"):
            store.job_runs(name)


def test_prune_keep_counts_the_newest_runs_across_the_history(tmp_path: Path) -> None:
    """--keep N is the history's newest N runs, whatever their inputs: counted per job
    (the runs over the same inputs), a glob the shell expands to one more file each day,
    or a dated input, made every run a job of its own, so `--keep` kept them all and
    `--older-than 90d --keep 100` forgot nothing. The latest accepted run stays too."""
    db = tmp_path / "h.sqlite"
    now = dt.datetime.now(dt.UTC)
    with HistoryStore(db) as store:
        for i in range(6):
            when = now - dt.timedelta(days=6 - i)
            run = _run_at([document([FERRY, MEALS, BUDGET, HEAT][i % 4])], when)
            inputs = [f"feeds/story{n}.txt" for n in range(1, i + 2)]
            store.record(run, CONFIG, inputs, accepted=i != 5)
        assert store.prune(keep=2, dry_run=True).run_ids == (1, 2, 3, 4)
        assert store.prune(before=iso(now - dt.timedelta(hours=1)), keep=1).runs == 4
    # 6, the newest, is a failed gate's, held; 5 is the latest accepted.
    assert _run_ids(db) == [5, 6]


def test_prune_keep_still_keeps_the_latest_accepted_run(tmp_path: Path) -> None:
    """--keep 1 after a failed gate: the held latest run and the accepted one before it,
    which --new-only compares with, both stay."""
    db = tmp_path / "h.sqlite"
    now = dt.datetime.now(dt.UTC)
    _five_runs(db, [now - dt.timedelta(hours=h) for h in (4, 3, 2)], [True, True, False])
    with HistoryStore(db) as store:
        assert store.prune(keep=1).runs == 1
    assert _run_ids(db) == [2, 3]


def test_prune_before_a_date_reads_it_in_tz(tmp_path: Path) -> None:
    """--before DATE forgets runs started before that day begins in --tz: a run at
    23:30 UTC on May 31 is on June 1 in Paris, and stays."""
    db = tmp_path / "h.sqlite"
    _five_runs(
        db,
        [
            dt.datetime(2026, 5, 30, 12, tzinfo=dt.UTC),
            dt.datetime(2026, 5, 31, 23, 30, tzinfo=dt.UTC),
            dt.datetime(2026, 6, 2, 12, tzinfo=dt.UTC),
        ],
    )
    args = ["history", "prune", "--history", str(db), "--isolated", "--before", "2026-06-01"]
    paris = CliRunner().invoke(app, [*args, "--tz", "Europe/Paris", "--dry-run"])
    assert paris.exit_code == 0, paris.output
    assert "would forget 1 run started before 2026-06-01 (" in paris.output.replace("\n", " ")
    utc = CliRunner().invoke(app, args)
    assert utc.exit_code == 0, utc.output
    assert _run_ids(db) == [3]


@pytest.mark.parametrize(
    ("flags", "said"),
    [
        ([], "history prune: say what to forget: --older-than AGE (90d), --before DATE"),
        (
            ["--older-than", "9d", "--before", "2026-01-01"],
            "--older-than and --before both set the cutoff; give one",
        ),
        (
            ["--before", "90d"],
            "--before '90d' is an age; give a date or time (2026-06-01), or --older-than 90d",
        ),
        (["--before", "2999-01-01"], "--before '2999-01-01' is in the future"),
        (["--before", "2026-13-01"], "--before '2026-13-01': a month runs from 01 to 12, not 13"),
        (["--before", "tuesday"], "--before 'tuesday': expected a duration"),
        (
            ["--older-than", "2026-01-01"],
            "--older-than '2026-01-01' is a date or time; give an age (90d), or "
            "--before 2026-01-01",
        ),
        # Told to try --before only where --before takes it: `--before 2026-02-29`,
        # which it suggested, was then refused.
        (
            ["--older-than", "2026-02-29"],
            "--older-than '2026-02-29' is not an age: give one (90d); nor would --before "
            "take it: 2026-02 has 28 days (2026-02-01 to 2026-02-28)",
        ),
        (
            ["--older-than", "2999-01-01"],
            "--older-than '2999-01-01' is not an age: give one (90d); nor would --before "
            "take it: it is in the future (2999-01-01T00:00:00+00:00)",
        ),
        (
            ["--older-than", "12:00"],
            "nor would --before take it: a time needs a date, like 2026-05-01T12:00",
        ),
        (
            ["--older-than", "2026-03-29T02:30", "--tz", "Europe/Paris"],
            "nor would --before take it: 2026-03-29T02:30 does not exist in Europe/Paris",
        ),
        (
            ["--older-than", "2026-01-01 10:00"],
            "give an age (90d), or --before '2026-01-01 10:00'",
        ),
        (["--older-than", "86400000"], "--older-than '86400000': expected a duration like 90d"),
        (
            ["--before", "1 day"],
            "--before '1 day' is an age; give a date or time (2026-06-01), or --older-than '1 day'",
        ),
    ],
)
def test_prune_refuses_what_it_cannot_read_in_one_line_and_forgets_nothing(
    tmp_path: Path, flags: list[str], said: str
) -> None:
    # `--keep 0` is click's error, one line through the console script: see
    # test_cli_consistency's USAGE_MISTAKES.
    db = tmp_path / "h.sqlite"
    now = dt.datetime.now(dt.UTC)
    _five_runs(db, [now - dt.timedelta(days=d) for d in (30, 20, 10)])
    result = CliRunner().invoke(
        app, ["history", "prune", "--history", str(db), "--isolated", *flags]
    )
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and said in lines[0], result.stderr
    assert _run_ids(db) == [1, 2, 3]


def test_history_runs_and_show(tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite"
    run = rich_run()
    with HistoryStore(db) as store:
        store.record(run, AuditConfig(lm=False), ["samples/"])
    runner = CliRunner()
    listed = json.loads(
        runner.invoke(app, ["history", "runs", "--history", str(db), "-f", "json"]).stdout
    )
    assert listed["schema_version"] == SCHEMA_VERSION
    assert listed["runs"][0]["accepted"] is True
    (entry,) = listed["runs"]
    assert (entry["documents"], entry["errors"], entry["inputs"]) == (4, 1, ["samples/"])
    assert entry["machine_translated"] == 3
    shown = runner.invoke(app, ["history", "show", "1", "--history", str(db), "-f", "json"])
    assert shown.exit_code == 0, shown.output
    # As `audit --history` wrote it: naming the run it is recorded as.
    run.history_run_id = 1
    run.history_show_command = f"mtaudit history show 1 --history {db}"
    assert json.loads(shown.stdout) == json.loads(get_reporter("json").render(run))
    missing = runner.invoke(app, ["history", "show", "7", "--history", str(db)])
    assert missing.exit_code == 2 and "no run 7" in missing.output


def test_a_limit_beyond_sqlites_integers_is_no_limit(tmp_path: Path) -> None:
    """`history runs --limit 99999999999999999999` was refused as "not an mtaudit
    history database (datatype mismatch)", as if the file were damaged."""
    db = tmp_path / "h.sqlite"
    with HistoryStore(db) as store:
        store.record(sample_run(), AuditConfig(lm=False), ["a.txt"])
        assert [r.id for r in store.runs(limit=10**20)] == [1]
    args = ["history", "runs", "--history", str(db), "--limit", str(10**20), "-f", "json"]
    listed = CliRunner().invoke(app, args)
    assert listed.exit_code == 0, listed.output
    assert [r["id"] for r in json.loads(listed.stdout)["runs"]] == [1]


def test_no_line_a_history_command_prints_is_a_ci_runners_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`history runs`, `accept` and `prune` printed straight to stdout, not as a report
    is printed: an input path folded in the run table ("a\\n::error::pwned.txt") and a
    history named "::error::h.sqlite" began lines a CI runner reads as its commands."""
    monkeypatch.chdir(tmp_path)
    db = "::error::h.sqlite"
    with HistoryStore(Path(db)) as store:
        store.record(sample_run(), AuditConfig(lm=False), ["a\n::error::pwned.txt"])
    runner = CliRunner()
    commands = (["runs"], ["accept", "1"], ["prune", "--older-than", "90d", "--dry-run"])
    for command in commands:
        result = runner.invoke(app, ["history", *command, "--history", db, "--isolated"])
        assert result.exit_code == 0, result.output
        assert not re.search(r"^\s*(?:::|##\[)", result.stdout, re.M), result.stdout
        # Still shown: the history's name after a zero-width space where it begins a
        # line; the input within the job's $'...' (its newline escaped) in the table.
        shown = "$'\\'a\\n::error::pwned.txt\\''" if command == ["runs"] else "\u200b::error::"
        assert shown in result.stdout, command
    listed = runner.invoke(app, ["history", "runs", "--history", db, "-f", "json"])
    assert json.loads(listed.stdout)["runs"][0]["inputs"] == ["a\n::error::pwned.txt"]


def test_a_file_size_limit_is_named(tmp_path: Path) -> None:
    """Under `ulimit -f` (systemd's LimitFSIZE=) a history that outgrew it failed with a
    bare 'disk I/O error' on a disk with room to spare."""
    script = textwrap.dedent(
        """
        import resource, sys
        from audits.history import HistoryStore
        from tests.test_history_store import rich_run
        from audits.config import AuditConfig
        from audits.errors import HistoryError
        path = sys.argv[1]
        with HistoryStore(path) as store:
            store.record(rich_run(), AuditConfig(lm=False))
        resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, resource.RLIM_INFINITY))
        try:
            with HistoryStore(path) as store:
                for _ in range(50):
                    store.record(rich_run(), AuditConfig(lm=False))
        except HistoryError as exc:
            print(exc)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "h.sqlite")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "disk I/O error: this process may write files of at most 64 KiB (ulimit -f)" in (
        done.stdout
    )


def test_a_file_size_limit_far_above_the_history_is_not_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from audits import history

    monkeypatch.setattr(history.resource, "getrlimit", lambda _: (1 << 40, -1))
    (tmp_path / "h.sqlite").write_bytes(b"x" * 1000)
    assert history._size_limit_note(tmp_path / "h.sqlite") == ""
    monkeypatch.setattr(history.resource, "getrlimit", lambda _: (4096, -1))
    assert "at most 4 KiB (ulimit -f)" in history._size_limit_note(tmp_path / "h.sqlite")


def test_a_full_or_read_only_disk_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """SQLite's words for a disk that refuses the history: a full disk came out as
    'disk I/O error' (its shared-memory index could not grow), a read-only mount as
    'cannot open it (unable to open database file)'. The disk's state is now named."""
    import os

    from audits import history

    def statvfs(free: int, flags: int) -> Any:
        fake = os.statvfs_result((4096, 4096, 100, free, free, 100, 0, 0, flags, 255))
        return lambda path: fake

    def io_error(self: object) -> None:
        exc = sqlite3.OperationalError("disk I/O error")
        exc.sqlite_errorname = "SQLITE_IOERR_SHMSIZE"  # type: ignore[attr-defined]
        raise exc

    monkeypatch.setattr(HistoryStore, "_configure", io_error)
    monkeypatch.setattr(history.os, "statvfs", statvfs(free=0, flags=0))
    with pytest.raises(HistoryError) as caught:
        HistoryStore(tmp_path / "h.sqlite")
    assert str(caught.value).endswith(": disk I/O error: no space left on device")
    monkeypatch.setattr(history.os, "statvfs", statvfs(free=10_000, flags=0))
    with pytest.raises(HistoryError) as caught:
        HistoryStore(tmp_path / "h.sqlite")
    assert str(caught.value).endswith(": disk I/O error")  # room enough: SQLite's words

    def cannot_open(*args: object, **kwargs: object) -> None:
        raise sqlite3.OperationalError("unable to open database file")

    monkeypatch.setattr(history.sqlite3, "connect", cannot_open)
    monkeypatch.setattr(history.os, "statvfs", statvfs(free=10_000, flags=os.ST_RDONLY))
    with pytest.raises(HistoryError) as caught:
        HistoryStore(tmp_path / "h.sqlite")
    assert str(caught.value) == (
        f"history {tmp_path / 'h.sqlite'}: cannot open it (unable to open database file: "
        "read-only file system)"
    )


# Every command that opens a history: each says the same of one named as a folder.
HISTORY_COMMANDS = (
    ["audit", "a.txt", "--no-lm"],
    ["config"],
    ["history", "runs"],
    ["report"],
    ["history", "prune", "--older-than", "90d"],
)


def test_a_folder_named_for_the_history_is_said_to_be_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`audit` said SQLite's 'cannot open it (unable to open database file)', and the
    commands that read a history 'no such database (`mtaudit audit --history d ...`
    creates it)', which it cannot: d is a folder."""
    monkeypatch.chdir(tmp_path)
    Path("d").mkdir()
    Path("a.txt").write_text("The minister spoke.\n", encoding="utf-8")
    runner = CliRunner()
    for command in HISTORY_COMMANDS:
        result = runner.invoke(app, [*command, "--history", "d", "--isolated"])
        assert result.exit_code == 2, (command, result.output)
        assert result.stderr == (
            "mtaudit: error: history d: it is a directory; name a file in it, such as "
            "d/history.sqlite\n"
        ), command


@pytest.mark.skipif(sys.platform == "win32", reason="no FIFOs or /dev/null")
def test_a_pipe_a_device_or_a_socket_named_for_the_history_is_no_regular_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`--history /dev/null` (a job meant to keep no history) or a FIFO: `audit` said
    SQLite's 'disk I/O error', and the commands that read a history 'no such database
    (`mtaudit audit --history /dev/null ...` creates it)', which it cannot."""
    import os

    monkeypatch.chdir(tmp_path)
    Path("a.txt").write_text("The minister spoke.\n", encoding="utf-8")
    os.mkfifo("pipe.sqlite")
    Path("null.sqlite").symlink_to(os.devnull)
    # A socket is no pipe or device, but no regular file either.
    sock = socket.socket(socket.AF_UNIX)
    sock.bind("sock.sqlite")
    runner = CliRunner()
    for name in ("pipe.sqlite", "null.sqlite", os.devnull, "sock.sqlite"):
        for command in HISTORY_COMMANDS:
            result = runner.invoke(app, [*command, "--history", name, "--isolated"])
            assert result.exit_code == 2, (name, command, result.output)
            # The job meant to keep no history is told how to keep none.
            assert result.stderr == (
                f"mtaudit: error: history {name}: not a regular file; name a file for the "
                "database, or none (no --history, no history in the config) to keep none\n"
            ), (name, command)
    sock.close()


def test_a_history_named_with_a_trailing_slash_is_a_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`--history state/` (or history = "state/" in mtaudit.toml) made a database file
    named state, as Path drops the slash: a folder was meant, as `-o reports/` says."""
    monkeypatch.chdir(tmp_path)
    Path("a.txt").write_text("The minister spoke.\n", encoding="utf-8")
    Path("mtaudit.toml").write_text('history = "state/"\n', encoding="utf-8")
    runner = CliRunner()
    for command in HISTORY_COMMANDS:
        for where in (["--history", "state/", "--isolated"], ["--config", "mtaudit.toml"]):
            result = runner.invoke(app, [*command, *where])
            assert result.exit_code == 2, (command, where, result.output)
            assert (
                "history state/: it names a directory (it ends in /); name a file in it, "
                "such as state/history.sqlite"
            ) in result.stderr, (command, where)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "mtaudit.toml"]


def _without_privileges() -> list[str]:
    """A command prefix under which file permissions hold: root (some CI jobs) writes
    to any folder, unless its capabilities are dropped."""
    import os
    import shutil

    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: a read-only folder is writable here")
    return ["setpriv", "--bounding-set=-all", "--inh-caps=-all"]


def test_a_history_in_a_read_only_folder_can_be_reported_on(tmp_path: Path) -> None:
    """A copy of the history on a read-only mount, or in another user's folder: `report`
    and `history runs` only read it, but SQLite could not make the file a WAL database
    is read through, and both failed ('unable to open database file'). They read it
    now; what writes says why it cannot."""
    folder = tmp_path / "state"
    folder.mkdir()
    db = folder / "h.sqlite"
    with HistoryStore(db) as store:
        store.record(rich_run(), AuditConfig(lm=False), ["samples/"])
    folder.chmod(0o555)
    try:

        def mtaudit(*args: str) -> subprocess.CompletedProcess[str]:
            return _unprivileged(db, *args)

        runs = mtaudit("history", "runs", "-f", "json")
        assert runs.returncode == 0, runs.stderr
        assert [r["documents"] for r in json.loads(runs.stdout)["runs"]] == [4]
        report = mtaudit("report", "--since", "100000d", "-f", "json")
        assert report.returncode == 0, report.stderr
        assert json.loads(report.stdout)["summary"]["documents"] == 4
        shown = mtaudit("history", "show", "1", "-f", "json")
        assert shown.returncode == 0, shown.stderr
        accept = mtaudit("history", "accept", "1")
        assert accept.returncode == 2
        assert "readonly database" in accept.stderr and len(accept.stderr.splitlines()) == 1
        # SQLite's words alone did not say why.
        audit = mtaudit("audit", "samples/awani-lavrov-blinken.txt", "--no-lm", "--isolated")
        assert audit.returncode == 2
        assert audit.stderr.endswith(f"its folder {folder} cannot be written to\n")
        assert sorted(p.name for p in folder.iterdir()) == ["h.sqlite"]
    finally:
        folder.chmod(0o755)


def _unprivileged(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    cli = [sys.executable, "-c", "from cli.app import main; main()"]
    return subprocess.run(
        [*_without_privileges(), *cli, *args, "--history", str(db)],
        cwd=ROOT,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )


def _runs(db: Path) -> list[int]:
    runs = _unprivileged(db, "history", "runs", "-f", "json")
    assert runs.returncode == 0, runs.stderr
    return [r["id"] for r in json.loads(runs.stdout)["runs"]]


def test_a_history_another_user_is_writing_is_read_with_locks(tmp_path: Path) -> None:
    """Another user's folder, their cron at work: the log and shared-memory files are
    there, and a reader that cannot write them failed. It reads read-only through them
    (with SQLite's locks, so it sees what the writer committed, never half of it), not
    from the file alone as it stands on disk."""
    import os

    folder = tmp_path / "state"
    folder.mkdir()
    db = folder / "h.sqlite"
    with HistoryStore(db) as store:
        store.record(rich_run(), AuditConfig(lm=False), ["samples/"])
    writer = HistoryStore(db)  # open: its last run stays in the log, not yet in the file
    try:
        writer.record(rich_run(), AuditConfig(lm=False), ["samples/"])
        assert Path(f"{db}-wal").stat().st_size > 0
        for path in folder.iterdir():  # another user's files: readable, not writable
            os.chown(path, 65534, 65534)
        os.chown(folder, 65534, 65534)
        folder.chmod(0o555)
        assert _runs(db) == [1, 2]
    finally:
        folder.chmod(0o755)
        writer.close()


def test_a_leftover_log_in_a_read_only_folder_says_what_to_do(tmp_path: Path) -> None:
    # SQLite cannot read through a shared-memory file it cannot write or rebuild: the
    # error was its 'unable to open database file' alone.
    folder = tmp_path / "state"
    folder.mkdir()
    db = folder / "h.sqlite"
    with HistoryStore(db) as store:
        store.record(rich_run(), AuditConfig(lm=False), ["samples/"])
    Path(f"{db}-shm").write_bytes(b"")
    folder.chmod(0o555)
    try:
        result = _unprivileged(db, "report", "--since", "100000d", "-f", "json")
        assert result.returncode == 2 and result.stdout == ""
        [line] = result.stderr.splitlines()
        assert f"{db}-shm" in line and f"its folder {folder} cannot be written to" in line
        assert line.endswith("copy the folder somewhere you can write to and read the copy")
    finally:
        folder.chmod(0o755)


def _writer_died_mid_write(db: Path) -> None:
    """A history in rollback mode (a file system without shared memory) whose writer
    died mid-write: its runs' inputs half-changed to HALF-A-WRITE in the file, and the
    -journal beside it holds the pages that write overwrote."""
    with HistoryStore(db) as store:
        store.record(rich_run(), AuditConfig(lm=False), ["samples/"])
    sqlite3.connect(db).execute("PRAGMA journal_mode = DELETE").fetchone()
    # A tiny page cache makes SQLite spill the changed runs page to the file before
    # commit; the pad pushes it out.
    died = textwrap.dedent(
        f"""
        import os, sqlite3
        conn = sqlite3.connect({str(db)!r}, isolation_level=None)
        conn.execute("PRAGMA cache_size = 1")
        conn.execute("BEGIN")
        conn.execute("UPDATE runs SET inputs = '[\\"HALF-A-WRITE\\"]'")
        conn.execute("CREATE TABLE pad (x)")
        conn.executemany("INSERT INTO pad VALUES (?)", [("x" * 100,)] * 2000)
        os._exit(0)
        """
    )
    subprocess.run([sys.executable, "-c", died], check=True, timeout=60)
    assert Path(f"{db}-journal").stat().st_size > 0
    assert b"HALF-A-WRITE" in db.read_bytes()


def _rolled_back(db: Path) -> None:
    """A writer puts the file back as it was before the write that died."""
    with HistoryStore(db, create=False) as store:
        assert [r.inputs for r in store.runs()] == [["samples/"]]
    assert not Path(f"{db}-journal").exists()


def test_a_hot_journal_in_a_read_only_folder_is_refused_not_read_past(tmp_path: Path) -> None:
    """SQLite puts a hot -journal's pages back before any read, and a reader that cannot
    write cannot: it fell back to reading the file alone, and `history runs` listed half
    a write as whole (inputs HALF-A-WRITE)."""
    folder = tmp_path / "state"
    folder.mkdir()
    db = folder / "h.sqlite"
    _writer_died_mid_write(db)
    folder.chmod(0o555)
    try:
        result = _unprivileged(db, "history", "runs", "-f", "json")
        assert "HALF-A-WRITE" not in result.stdout, result.stdout
        assert result.returncode == 2 and result.stdout == "", result.stdout
        [line] = result.stderr.splitlines()
        assert f"{db}-journal" in line and f"its folder {folder} cannot be written to" in line
        # Rolling it back deletes the -journal: the history alone is not enough.
        assert "a user who can write the history and its folder rolls that write" in line
        assert "mounted read-write" not in line
        assert line.endswith("copy the folder somewhere you can write to and read the copy")
    finally:
        folder.chmod(0o755)
    _rolled_back(db)


def test_a_hot_journal_beside_a_read_only_file_names_the_file(tmp_path: Path) -> None:
    """chmod 444 in a writable folder: the refusal said the folder could not be written
    to, which it can."""
    folder = tmp_path / "state"
    folder.mkdir()
    db = folder / "h.sqlite"
    _writer_died_mid_write(db)
    db.chmod(0o444)
    try:
        result = _unprivileged(db, "history", "runs", "-f", "json")
        assert result.returncode == 2 and result.stdout == "", result.stdout
        [line] = result.stderr.splitlines()
        assert f"the file {db} cannot be written to" in line, line
        assert f"its folder {folder}" not in line and "a writer died mid-write" in line
    finally:
        db.chmod(0o644)
    _rolled_back(db)


def _writer_left_its_log(db: Path) -> None:
    """A WAL history whose writer died with its last run committed to the -wal alone."""
    with HistoryStore(db) as store:
        store.record(rich_run(), AuditConfig(lm=False), ["samples/"])
    died = textwrap.dedent(
        f"""
        import os
        from audits.config import AuditConfig
        from audits.history import HistoryStore
        from tests.test_history_store import rich_run
        store = HistoryStore({str(db)!r})
        store.record(rich_run(), AuditConfig(lm=False), ["samples/"])
        os._exit(0)
        """
    )
    subprocess.run([sys.executable, "-c", died], check=True, timeout=60, cwd=ROOT, env=_env())
    assert Path(f"{db}-wal").stat().st_size > 0


def _journal_kept_empty(db: Path) -> None:
    """A history in journal_mode=TRUNCATE, which keeps an empty -journal beside it after
    every commit: not hot (no writer died), and SQLite reads the history past it."""
    with HistoryStore(db) as store:
        store.record(rich_run(), AuditConfig(lm=False), ["samples/"])
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode = TRUNCATE").fetchone()
    [version] = conn.execute("PRAGMA user_version").fetchone()
    conn.execute(f"PRAGMA user_version = {version}")  # a commit, which leaves it
    conn.close()
    assert Path(f"{db}-journal").stat().st_size == 0


def _history_runs_on_a_read_only_mount(
    tmp_path: Path, maker: str, *command: str
) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """`history runs` (or ``command``) of a history ``maker`` made on a tmpfs then
    remounted read-only."""
    import shutil

    if (
        shutil.which("unshare") is None
        or subprocess.run(["unshare", "-rm", "true"], capture_output=True, check=False).returncode
    ):
        pytest.skip(
            "needs unprivileged user and mount namespaces (unshare -rm), to mount a "
            "read-only tmpfs in: Docker's default seccomp profile and AppArmor's "
            "restrict_unprivileged_userns refuse them"
        )
    mount = tmp_path / "ro"
    mount.mkdir()
    db = mount / "state" / "h.sqlite"
    python = shlex.quote(sys.executable)
    script = (
        f"mount -t tmpfs none {shlex.quote(str(mount))} && mkdir {shlex.quote(str(db.parent))}"
        f" && {python} -c 'import sys; from tests.test_history_store import "
        f"{maker} as d; from pathlib import Path; d(Path(sys.argv[1]))' "
        f"{shlex.quote(str(db))} && mount -o remount,ro {shlex.quote(str(mount))} && "
        f"{python} -c 'from cli.app import main; main()' "
        f"{shlex.join(command or ('history', 'runs', '-f', 'json'))} "
        f"--history {shlex.quote(str(db))}"
    )
    result = subprocess.run(
        ["unshare", "-rm", "sh", "-c", script],
        cwd=ROOT,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    return db, result


@pytest.mark.parametrize(
    ("maker", "runs"),
    [("_writer_left_its_log", 2), ("_journal_kept_empty", 1)],
)
def test_a_history_on_a_read_only_mount_is_read_through_what_sqlite_left(
    tmp_path: Path, maker: str, runs: int
) -> None:
    """A read-only mount (a container's `-v /state:/state:ro`, a snapshot): SQLite's
    `mode=ro` reads through a -wal and -shm, the run held only in the -wal included, and
    past an empty -journal that is not hot. Both were refused, as a leftover SQLite
    'cannot read through'."""
    _db, result = _history_runs_on_a_read_only_mount(tmp_path, maker)
    assert result.returncode == 0, (result.stdout, result.stderr)
    assert len(json.loads(result.stdout)["runs"]) == runs


def test_a_hot_journal_on_a_read_only_mount_is_refused_for_what_it_is(tmp_path: Path) -> None:
    """On a read-only file system the file was read as it stands (immutable), and only
    the check after the read caught the -journal (half a dead write), saying the
    history 'was written to while it was read ...; run again', which fails the same way
    every time."""
    db, result = _history_runs_on_a_read_only_mount(tmp_path, "_writer_died_mid_write")
    assert "HALF-A-WRITE" not in result.stdout, result.stdout
    assert result.returncode == 2 and result.stdout == "", (result.stdout, result.stderr)
    [line] = result.stderr.splitlines()
    assert line == (
        f"mtaudit: error: history {db}: cannot read it here (attempt to write a readonly "
        f"database): it is on a read-only file system and SQLite cannot read through the "
        f"{db}-journal left beside it; a writer died mid-write, and a user who can write "
        "the history and its folder rolls that write back by opening it once where the "
        "file system is mounted read-write (mtaudit history runs); copy the folder "
        "somewhere you can write to and read the copy"
    )


@pytest.mark.parametrize("short_of_it", [0, len("-journal")])
def test_a_history_name_too_long_for_its_folder_is_refused_before_reading_an_article(
    tmp_path: Path, short_of_it: int
) -> None:
    """A --history name over the file system's limit ended in "internal error: OSError:
    [Errno 36] File name too long"; one that fits, but not with SQLite's "-journal"
    after it, failed once the audit was done."""
    name = "h" * (os.pathconf(tmp_path, "PC_NAME_MAX") + 1 - short_of_it)
    db = tmp_path / name
    article = ROOT / "samples" / "awani-lavrov-blinken.txt"
    result = CliRunner().invoke(
        app, ["audit", str(article), "--no-lm", "--isolated", "-q", "--history", str(db)]
    )
    assert result.exit_code == 2, result.output
    beside = f" (SQLite keeps {db}-journal beside it)" if short_of_it else ""
    assert result.stderr == f"mtaudit: error: history {db}: file name too long{beside}\n"
    assert list(tmp_path.iterdir()) == []


def test_an_existing_history_with_room_for_its_log_but_not_a_journal_is_audited_into(
    tmp_path: Path,
) -> None:
    """An existing history, in WAL mode since its first run, needs only its -wal and
    -shm beside it, 4 bytes longer than its name: one named for all but those 4 bytes
    was refused for a -journal it never makes, where it had been recorded into."""
    article = ROOT / "samples" / "awani-lavrov-blinken.txt"
    audit = ["audit", str(article), "--no-lm", "--isolated", "-q", "--history"]
    first = CliRunner().invoke(app, [*audit, str(tmp_path / "h.sqlite")])
    assert first.exit_code in (0, 1), first.output
    db = tmp_path / ("h" * (os.pathconf(tmp_path, "PC_NAME_MAX") - len("-wal")))
    (tmp_path / "h.sqlite").rename(db)
    result = CliRunner().invoke(app, [*audit, str(db)])
    assert result.exit_code in (0, 1), result.output
    with HistoryStore(db, create=False) as store:
        assert [r.id for r in store.runs()] == [1, 2]


def test_an_existing_history_with_no_room_for_its_log_is_refused_before_reading_an_article(
    tmp_path: Path,
) -> None:
    """The -wal an existing history needs is still asked about: one name longer, and
    the run would fail once the audit was done."""
    article = ROOT / "samples" / "awani-lavrov-blinken.txt"
    audit = ["audit", str(article), "--no-lm", "--isolated", "-q", "--history"]
    first = CliRunner().invoke(app, [*audit, str(tmp_path / "h.sqlite")])
    assert first.exit_code in (0, 1), first.output
    db = tmp_path / ("h" * (os.pathconf(tmp_path, "PC_NAME_MAX") - len("-wal") + 1))
    (tmp_path / "h.sqlite").rename(db)
    result = CliRunner().invoke(app, [*audit, str(db)])
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        f"mtaudit: error: history {db}: file name too long (SQLite keeps {db}-wal beside it)\n"
    )


def test_a_history_in_a_folder_whose_name_is_too_long_is_refused_in_one_line(
    tmp_path: Path,
) -> None:
    """A folder name over the file system's limit, not the database's own, still ended in
    "internal error: OSError: [Errno 36]": the folder was asked about before the name."""
    db = tmp_path / ("d" * (os.pathconf(tmp_path, "PC_NAME_MAX") + 1)) / "h.sqlite"
    article = ROOT / "samples" / "awani-lavrov-blinken.txt"
    result = CliRunner().invoke(
        app, ["audit", str(article), "--no-lm", "--isolated", "-q", "--history", str(db)]
    )
    assert result.exit_code == 2, result.output
    assert result.stderr == f"mtaudit: error: history {db}: file name too long\n"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "command",
    [
        ["report"],
        ["history", "runs"],
        ["history", "show", "1"],
        ["history", "accept", "1"],
        ["history", "prune", "--older-than", "9d"],
    ],
)
def test_a_history_name_too_long_to_read_is_refused_in_one_line(
    tmp_path: Path, command: list[str]
) -> None:
    """`report --history NAME` with a name over the file system's limit ended in
    "internal error: OSError: [Errno 36] File name too long"."""
    db = tmp_path / ("h" * (os.pathconf(tmp_path, "PC_NAME_MAX") + 1))
    result = CliRunner().invoke(app, [*command, "--history", str(db), "--isolated"])
    assert result.exit_code == 2, result.output
    assert result.stderr == f"mtaudit: error: history {db}: file name too long\n"


def test_audit_refuses_a_history_on_a_read_only_mount_before_reading_an_article(
    tmp_path: Path,
) -> None:
    """A history on a read-only mount (a container's `:ro` volume) with the -wal and
    -shm its writer left, which SQLite opens read-only without a word: every article
    was audited, and the gate's line printed, before the record failed at the end."""
    article = ROOT / "samples" / "awani-lavrov-blinken.txt"
    db, result = _history_runs_on_a_read_only_mount(
        tmp_path, "_writer_left_its_log", "audit", str(article), "--no-lm", "--isolated"
    )
    assert result.returncode == 2 and result.stdout == "", (result.stdout, result.stderr)
    [line] = result.stderr.splitlines()  # no gate's line: nothing was read
    assert line == (
        f"mtaudit: error: history {db}: attempt to write a readonly database: read-only file system"
    )


def test_audit_refuses_a_history_beside_another_users_log_before_reading_an_article(
    tmp_path: Path,
) -> None:
    """The history is this user's, but the -wal and -shm beside it are not (left by
    another user's job): SQLite opens the history read-only without a word, and
    every article was audited before the record failed. Refused up front now, the
    file named."""
    db = tmp_path / "h.sqlite"
    _writer_left_its_log(db)
    for suffix in ("-wal", "-shm"):
        Path(f"{db}{suffix}").chmod(0o444)
    try:
        audit = _unprivileged(
            db, "audit", "samples/awani-lavrov-blinken.txt", "--no-lm", "--isolated"
        )
        assert audit.returncode == 2
        [line] = audit.stderr.splitlines()  # no gate's line: nothing was read
        assert line == (
            f"mtaudit: error: history {db}: attempt to write a readonly database: the "
            f"file {db}-wal beside it cannot be written to"
        )
        assert _runs(db) == [1, 2]
    finally:
        for suffix in ("-wal", "-shm"):
            Path(f"{db}{suffix}").chmod(0o644)


def test_the_size_of_a_history_counts_every_file_sqlite_keeps_beside_it(tmp_path: Path) -> None:
    # `history runs` gives it in KiB: the -shm of an open history was left out.
    db = tmp_path / "h.sqlite"
    with HistoryStore(db) as store:
        store.record(rich_run(), AuditConfig(lm=False), ["samples/"])
        files = [db, Path(f"{db}-wal"), Path(f"{db}-shm")]
        assert all(path.stat().st_size > 0 for path in files)
        assert store.size() == sum(path.stat().st_size for path in files)


def test_a_history_given_through_a_symlink_counts_the_files_beside_the_real_one(
    tmp_path: Path,
) -> None:
    # SQLite follows the link and keeps its -wal and -shm beside the real file: size()
    # looked for them beside the link and gave the database's bytes alone.
    real = tmp_path / "real"
    real.mkdir()
    link = tmp_path / "h.sqlite"
    link.symlink_to(real / "h.sqlite")
    with HistoryStore(link) as store:
        store.record(rich_run(), AuditConfig(lm=False), ["samples/"])
        files = [real / "h.sqlite", real / "h.sqlite-wal", real / "h.sqlite-shm"]
        assert all(path.stat().st_size > 0 for path in files)
        assert store.size() == sum(path.stat().st_size for path in files)


def test_a_hot_journal_beside_a_symlinked_history_is_refused_not_read_past(
    tmp_path: Path,
) -> None:
    """The -journal of a history given through a symlink is beside the real file: the
    leftover check looked beside the link, found none, and read the file alone, half a
    dead write as whole."""
    real = tmp_path / "real"
    real.mkdir()
    _writer_died_mid_write(real / "h.sqlite")
    links = tmp_path / "links"
    links.mkdir()
    link = links / "h.sqlite"
    link.symlink_to(real / "h.sqlite")
    real.chmod(0o555)
    links.chmod(0o555)
    try:
        result = _unprivileged(link, "history", "runs", "-f", "json")
        assert "HALF-A-WRITE" not in result.stdout, result.stdout
        assert result.returncode == 2 and result.stdout == "", result.stdout
        [line] = result.stderr.splitlines()
        assert f"{real}/h.sqlite-journal" in line and "a writer died mid-write" in line
    finally:
        real.chmod(0o755)
        links.chmod(0o755)
    _rolled_back(real / "h.sqlite")


def test_a_file_size_limit_near_the_rollback_journal_is_named(tmp_path: Path) -> None:
    # In rollback mode a write copies the pages it changes into the -journal, which can
    # outgrow the database: a limit near it alone was not named.
    db = tmp_path / "h.sqlite"
    db.write_bytes(b"x" * 1000)
    script = textwrap.dedent(
        """
        import resource, sys
        from pathlib import Path
        from audits.history import _size_limit_note
        _soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
        resource.setrlimit(resource.RLIMIT_FSIZE, (1 << 20, hard))
        print(repr(_size_limit_note(Path(sys.argv[1]))))
        """
    )

    def note() -> str:
        done = subprocess.run(
            [sys.executable, "-c", script, str(db)],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=120,
            check=True,
        )
        return str(ast.literal_eval(done.stdout))

    assert note() == ""
    Path(f"{db}-journal").write_bytes(b"x" * (900 * 1024))
    assert note() == ": this process may write files of at most 1024 KiB (ulimit -f)"


def test_a_read_only_history_file_is_named_so(tmp_path: Path) -> None:
    """chmod 444 in a writable folder: `audit --history` said only SQLite's 'attempt to
    write a readonly database'; reading it still works.

    It is refused before any article is read, as a history in a folder that cannot be
    written is, and nothing is made beside it: the audit ran to its end on a
    connection SQLite opened read-only, which made a -wal and -shm of this user's and
    left them, so that the owner's next `audit --history` failed too."""
    db = tmp_path / "h.sqlite"
    with HistoryStore(db) as store:
        store.record(rich_run(), AuditConfig(lm=False), ["samples/"])
    db.chmod(0o444)
    try:
        audit = _unprivileged(
            db, "audit", "samples/awani-lavrov-blinken.txt", "--no-lm", "--isolated"
        )
        assert audit.returncode == 2
        # One line: no gate's before it (the sample is flagged), as nothing was read.
        [line] = audit.stderr.splitlines()
        assert line.startswith(f"mtaudit: error: history {db}: attempt to write a readonly")
        assert line.endswith(f"the file {db} cannot be written to"), line
        assert sorted(p.name for p in tmp_path.iterdir()) == ["h.sqlite"]
        assert _runs(db) == [1]
    finally:
        db.chmod(0o644)


@pytest.mark.parametrize(
    "command", [("history", "accept", "99"), ("history", "prune", "--keep", "1")]
)
def test_accept_and_prune_refuse_a_history_file_they_cannot_write_before_opening_it(
    tmp_path: Path, command: tuple[str, ...]
) -> None:
    """As audit is: refused before the file is opened, so no run is looked up (accept
    said 'no run 99' for a history it could not write) and nothing is read to prune.
    (Prune's case guards the words: before, SQLite's failed write said the same.)"""
    db = tmp_path / "h.sqlite"
    with HistoryStore(db) as store:
        store.record(rich_run(), AuditConfig(lm=False), ["samples/"])
    db.chmod(0o444)
    try:
        refused = _unprivileged(db, *command)
        assert refused.returncode == 2
        [line] = refused.stderr.splitlines()
        assert line.startswith(f"mtaudit: error: history {db}: attempt to write a readonly")
        assert line.endswith(f"the file {db} cannot be written to"), line
        assert sorted(p.name for p in tmp_path.iterdir()) == ["h.sqlite"]
    finally:
        db.chmod(0o644)


def test_a_dry_run_prune_only_reads_a_history_it_cannot_write(tmp_path: Path) -> None:
    """`history prune --dry-run` of a history this user may read but not write (chmod
    444, another user's) failed with 'attempt to write a readonly database': it
    counted what would go by deleting it in a write transaction it then rolled back.
    It reads now, and counts what the prune then forgets, an unfinished run too."""
    db = tmp_path / "h.sqlite"
    with HistoryStore(db) as store:
        for _ in range(3):
            store.record(rich_run(), AuditConfig(lm=False), ["samples/"])
        stopped = store.record(sample_run(), AuditConfig(lm=False), ["other/"], pending=True)
        store.conn.execute(
            "UPDATE runs SET recorded = '2000-01-01T00:00:00Z' WHERE id = ?", (stopped,)
        )
    db.chmod(0o444)
    try:
        dry = _unprivileged(db, "history", "prune", "--keep", "1", "--dry-run")
        assert dry.returncode == 0, dry.stderr
        assert sorted(p.name for p in tmp_path.iterdir()) == ["h.sqlite"]
    finally:
        db.chmod(0o644)
    said = dry.stdout.replace("\n", " ")
    assert "would forget 2 runs" in said and "the runs that would go: 1-2" in said, said
    assert "would forget 1 unfinished run" in said, said
    pruned = CliRunner().invoke(
        app, ["history", "prune", "--keep", "1", "--history", str(db), "--isolated"]
    )
    assert pruned.exit_code == 0, pruned.output
    done = pruned.output.replace("\n", " ")
    for counts in re.findall(r"\((\d+ document entr\w+, \d+ stored results?)\)", said):
        assert counts in done, (counts, done)
    assert len(re.findall(r"\d+ document entr", said)) == 2


def test_reading_a_history_one_cannot_write_leaves_no_files_beside_it(tmp_path: Path) -> None:
    """Another user's history in a shared folder: `history runs`, `show` and `report`
    read it read-only, and SQLite made its -wal and -shm beside it, owned by the reader
    and not writable by the owner, and left them there: the owner's next `audit
    --history` failed ('attempt to write a readonly database') until someone deleted
    them. Read from disk as it is, the history has nothing left beside it."""
    db = tmp_path / "h.sqlite"
    with HistoryStore(db) as store:
        store.record(rich_run(), AuditConfig(lm=False), ["samples/"])
    db.chmod(0o444)
    try:
        assert _runs(db) == [1]
        for command in (["history", "show", "1"], ["report", "--since", "100000d"]):
            read = _unprivileged(db, *command, "-f", "json")
            assert read.returncode == 0, (command, read.stderr)
        assert sorted(p.name for p in tmp_path.iterdir()) == ["h.sqlite"]
    finally:
        db.chmod(0o644)
    audit = _unprivileged(db, "audit", "samples/awani-lavrov-blinken.txt", "--no-lm", "--isolated")
    assert audit.returncode == 1, audit.stderr  # the sample is machine-translated
    assert _runs(db) == [1, 2]


def test_a_log_without_its_shared_memory_file_is_refused_not_given_one(
    tmp_path: Path,
) -> None:
    """A backup of a history with runs only in its -wal (db and -wal copied, no -shm):
    a reader who cannot write the file read it by making a -shm of its own, which the
    owner could not write, so the owner's next `audit --history` failed. It is refused
    in one line and nothing is made; reading it immutable would miss run 2."""
    live = tmp_path / "live.sqlite"
    with HistoryStore(live) as store:
        store.record(rich_run(), AuditConfig(lm=False), ["samples/"])
    holder = sqlite3.connect(live)
    holder.execute("PRAGMA wal_autocheckpoint = 0")
    holder.execute("SELECT count(*) FROM runs").fetchone()
    with HistoryStore(live) as store:
        store.record(rich_run(), AuditConfig(lm=False), ["samples/"])
    backup = tmp_path / "backup"
    backup.mkdir()
    db = backup / "h.sqlite"
    shutil.copyfile(live, db)
    shutil.copyfile(f"{live}-wal", f"{db}-wal")
    holder.close()
    db.chmod(0o444)
    try:
        runs = _unprivileged(db, "history", "runs", "-f", "json")
        assert runs.returncode == 2
        [line] = runs.stderr.splitlines()
        assert line.startswith(f"mtaudit: error: history {db}: cannot read it here: "), line
        assert "without its -shm" in line
        assert sorted(p.name for p in backup.iterdir()) == ["h.sqlite", "h.sqlite-wal"]
    finally:
        db.chmod(0o644)
    assert _runs(db) == [1, 2]  # its owner reads it, the -wal's run included


def test_a_read_only_version_3_history_is_read_without_migrating(tmp_path: Path) -> None:
    """A history mtaudit before schema 4 wrote, on a read-only mount (chmod 444 here):
    `report` and `history show` refused it ('made by an older mtaudit (schema 3) and
    read-only here'), where that mtaudit read it. Version 4 only adds text_known,
    which reads as NULL; nothing is migrated, as nothing can be written."""
    db = tmp_path / "h.sqlite"
    with HistoryStore(db) as store:
        store.record(rich_run(), AuditConfig(lm=False), ["samples/"])
    conn = sqlite3.connect(db)
    conn.execute("ALTER TABLE run_documents DROP COLUMN text_known")
    conn.execute("ALTER TABLE runs DROP COLUMN pending")
    conn.execute("PRAGMA user_version = 3")
    conn.commit()
    conn.close()
    db.chmod(0o444)
    try:
        report = _unprivileged(db, "report", "--since", "100000d", "-f", "json")
        assert report.returncode == 0, report.stderr
        assert json.loads(report.stdout)["summary"]["documents"] == 4
        shown = _unprivileged(db, "history", "show", "1", "-f", "json")
        assert shown.returncode == 0, shown.stderr
        # A dry run only reads, and one of version 3 has no pending runs to count
        # (it failed: 'no such column: pending').
        dry = _unprivileged(db, "history", "prune", "--keep", "1", "--dry-run")
        assert dry.returncode == 0, dry.stderr
        assert _runs(db) == [1]
    finally:
        db.chmod(0o644)
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone() == (3,)
    conn.close()


def test_a_read_without_locks_that_a_writer_overlapped_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where only a read from disk without locks works (`immutable`: a read-only mount, a
    WAL history in a folder it cannot write to), a writer starting meanwhile (that user's
    cron) could make it see half a write, and the report was printed as if whole."""
    import audits.history as history

    db = tmp_path / "h.sqlite"
    with HistoryStore(db) as store:
        store.record(rich_run(), AuditConfig(lm=False), ["samples/"])
    monkeypatch.setattr(history, "_unwritable", lambda path: True)
    # Where mode=ro fails (a WAL history, no -shm, a folder it cannot write to: root
    # writes any folder, so that is stood in for).
    monkeypatch.setattr(
        history, "_open_read_only", lambda path, timeout: (history._immutable(path), True)
    )
    with HistoryStore(db, create=False) as reader:  # nothing wrote: read as is
        assert reader.read_only and len(reader.runs("0001-01-01", "9999-12-31")) == 1
    written = pytest.raises(HistoryError, match="it was written to while it was read")
    with written, HistoryStore(db, create=False) as reader:
        reader.runs("0001-01-01", "9999-12-31")
        with HistoryStore(db) as writer:
            writer.record(rich_run(), AuditConfig(lm=False), ["samples/"])


def test_audit_prints_its_times_in_tz(tmp_path: Path) -> None:
    """`audit --history` said "reused from run 1 (...+00:00)" whatever `tz` said, where
    `history show` of the same run printed it in that zone."""
    article = tmp_path / "ferry.txt"
    article.write_text(f"{FERRY.title}\n\n{FERRY.text}\n", encoding="utf-8")
    db = tmp_path / "h.sqlite"
    args = ["audit", str(article), "--history", str(db), "--no-lm", "--select", "S500"]
    first = CliRunner().invoke(app, [*args, "--isolated", "-f", "json"])
    assert first.exit_code in (0, 1), first.output
    audited = json.loads(first.stdout)["finished"]
    tokyo = dt.datetime.fromisoformat(audited).astimezone(dt.timezone(dt.timedelta(hours=9)))
    shown = CliRunner().invoke(app, [*args, "--isolated", "--tz", "Asia/Tokyo", "-f", "json"])
    report = json.loads(shown.stdout)
    assert report["documents"][0]["reused_from"]["audited"] == tokyo.isoformat()
    assert report["started"].endswith("+09:00")
    # From the config file too, in every format; --tz wins over it.
    (tmp_path / "mtaudit.toml").write_text('tz = "Asia/Tokyo"\n', encoding="utf-8")
    config = ["--config", str(tmp_path / "mtaudit.toml")]
    for fmt in ("terminal", "markdown", "html"):
        text = CliRunner().invoke(app, [*args, *config, "-f", fmt], env={"COLUMNS": "200"})
        assert f"run 1 ({tokyo.isoformat()})" in text.stdout, (fmt, text.stdout)
    flag = CliRunner().invoke(app, [*args, *config, "--tz", "UTC", "-f", "json"])
    assert json.loads(flag.stdout)["documents"][0]["reused_from"]["audited"] == audited
    wrong = CliRunner().invoke(app, [*args, "--isolated", "--tz", "Asia/Tokio"])
    assert wrong.exit_code == 2
    assert "--tz 'Asia/Tokio': not a time zone" in wrong.output


def test_runs_are_in_the_order_they_were_recorded_whatever_their_clocks(
    tmp_path: Path,
) -> None:
    """A run whose clock was an hour behind (a second machine; or a job that started
    before another and finished after it) is still the latest: `history runs` listed
    runs by start time, so `--limit 1` showed the one before, and `report --new-only`
    reported the documents of that older run, while `audit --new-only` (and each run's
    "new") go by the order runs were recorded."""
    db = tmp_path / "h.sqlite"
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    with HistoryStore(db) as store:
        store.record(_run_at([document(FERRY)], now - dt.timedelta(hours=1)), CONFIG)
        late = _reused_run_at([document(FERRY), document(HEAT)], now - dt.timedelta(hours=2), store)
        store.record(late, CONFIG)
        assert [r.id for r in store.runs()] == [1, 2]
        assert [r.id for r in store.runs(limit=1)] == [2]
        assert store.previous_run(2) == 1 and store.previous_run(1) is None
        trend = build_trend(store, since="1d", until=now, new_only=True)
    assert (trend["latest_run"], trend["previous_run"]) == (2, 1)
    assert [d["id"] for d in trend["documents"]] == [document(HEAT).id]
    listed = CliRunner().invoke(
        app, ["history", "runs", "--history", str(db), "--isolated", "--limit", "1", "-f", "json"]
    )
    assert [r["id"] for r in json.loads(listed.stdout)["runs"]] == [2]


def test_a_trend_reads_no_run_recorded_after_the_windows_last(tmp_path: Path) -> None:
    """Earlier rows were chosen by start time but ordered by recording: a run whose clock
    was days behind, recorded after the window's runs, came after them as if it were
    history, and a file it renamed was reported under the name it took later, outside
    the window."""
    db = tmp_path / "h.sqlite"
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    moved = dataclasses.replace(FERRY, slug="ferry-moved")
    with HistoryStore(db) as store:
        store.record(_run_at([document(FERRY)], now - dt.timedelta(hours=1)), CONFIG)
        store.record(_reused_run_at([document(moved)], now - dt.timedelta(days=3), store), CONFIG)
        assert store.load_run(2).documents[0].document.id == document(moved).id
        trend = build_trend(store, since="2h", until=now)
    assert [d["id"] for d in trend["documents"]] == [document(FERRY).id]
    assert trend["documents"][0]["last_run"] == 1


def test_prune_refuses_a_bad_age_before_it_looks_for_the_history(isolated_cwd: Path) -> None:
    """`--older-than 90x` is the mistake to name, history or none (it was, before
    --keep and --before came; with them it said 'no history database' first)."""
    result = CliRunner().invoke(app, ["history", "prune", "--older-than", "90x", "--isolated"])
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        "mtaudit: error: --older-than '90x': expected a duration like 90d, 12h, 2w or 1d12h\n"
    )


@pytest.mark.parametrize("keep", ["١", "1_0", "+2"])
def test_prune_keep_is_ascii_digits(tmp_path: Path, keep: str) -> None:
    """--keep read its number with int(): '١' (Arabic-Indic one) kept 1 run and '1_0'
    kept 10, where every other count mtaudit reads is plain digits."""
    db = tmp_path / "h.sqlite"
    now = dt.datetime.now(dt.UTC)
    _five_runs(db, [now - dt.timedelta(days=d) for d in (30, 20, 10)])
    result = CliRunner().invoke(
        app, ["history", "prune", "--history", str(db), "--isolated", "--keep", keep]
    )
    assert result.exit_code == 2, result.output
    assert f"{keep!r} is not a number of runs" in result.stderr
    assert _run_ids(db) == [1, 2, 3]


def test_a_result_stored_before_the_unnamed_reason_gets_it_when_decoded() -> None:
    """A stored verdict without ``source_lang_unnamed`` went out in the JSON as
    ``null``, which the contract says means a language was named."""
    from audits.document import Unnamed

    audit = rich_run().documents[0]
    assert audit.verdict is not None
    audit.verdict.source_lang = None
    audit.verdict.source_lang_scores = {"de": 1.6, "es": 1.6}
    data = json.loads(decompress(encode_audit(audit)))
    del data["verdict"]["source_lang_unnamed"]
    old = compress(json.dumps(data))
    decoded = decode_audit(old, audit.document, None)
    assert decoded.verdict is not None
    assert decoded.verdict.source_lang_unnamed == Unnamed("tie", ("de", "es"))
