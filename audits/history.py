"""The history database: every run of a scheduled audit, in one SQLite file.

``mtaudit audit --history PATH`` records each run (its inputs, settings and
signature), each document it saw (id, source, title, URL, whether it was new,
changed or unchanged since earlier runs) and each distinct result, keyed by
``audits.reuse.audit_key`` (the document's content and the settings that change
a result). A document whose key is already stored is not audited again: the
engine asks the store (a ``ResultCache``) and gets the stored result back,
marked ``reused_from``. A run whose ``--fail-on`` or ``--fail-over`` gate failed is
recorded but not *accepted*: ``known_baseline`` (what ``--new-only`` compares with) skips it, so the
retry of a failed CI job fails again.

``audit`` records a run *pending* before it writes its reports, so that they can name
its id, and ``finish``es it once they are written. A pending run is no run to anything
that reads the history (reuse, ``--new-only``, "new" and "changed", trends, `history
runs`): one stopped before its reports were out never reported its news. A prune
forgets a run left pending for a day (``UNFINISHED_GRACE``).

Several cron jobs may share one database. It runs in WAL mode (readers never
block the writer), every write is one ``BEGIN IMMEDIATE`` transaction (the
write lock is taken up front, so two writers queue instead of deadlocking),
and a busy timeout makes a writer wait for the other instead of failing.

The schema is versioned with ``PRAGMA user_version``; ``MIGRATIONS[n]`` brings
a database from version ``n`` to ``n + 1``. A new database is made by running
every migration from 0, so a migrated database and a new one are the same.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
import json
import os
import re
import shlex
import sqlite3
import zlib
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

try:
    import resource
except ImportError:  # not POSIX: no file size limits to name
    resource = None  # type: ignore[assignment]

from audits.baseline_edits import known_findings
from audits.config import AuditConfig
from audits.document import Document, DocumentAudit, PriorResult, RunAudit, RunFinding
from audits.durations import iso, normalise, now_utc
from audits.errors import HistoryError, UsageError
from audits.fingerprints import document_hash, finding_fingerprint, run_place_key
from audits.folder_names import folder_refusal, name_too_long
from audits.history_codec import (
    CODEC,
    StoredResultError,
    compress,
    decode_audit,
    decompress,
    encode_audit,
    from_plain,
    to_plain,
)
from audits.rule_catalog import check_config_codes
from audits.run_stretches import run_stretches
from audits.signature import compact_signature
from audits.source_groups import SourceGroup, read_group, source_group
from audits.sources.links import escaped_char, is_control, loop_above, loop_line, loops
from audits.sqlite_wal import is_busy, use_wal
from audits.thresholds import reported_threshold

# What only an audit's record and its --new-only baseline need (the engine, the rules,
# the readers, numpy) loads in the methods that use it: `mtaudit history ...` and
# `report` only read the database.
if TYPE_CHECKING:
    from audits.baseline import Baseline, BaselineDocument

SCHEMA_VERSION = 5
# "mtau": marks the file as ours, so another program's SQLite file is refused.
APPLICATION_ID = 0x6D746175
# How long a writer waits for another process's transaction before giving up.
BUSY_TIMEOUT_S = 60.0
# How long prune waits for readers to let it empty the write-ahead log.
CHECKPOINT_WAIT_S = 2.0
_CHUNK = 500
# How close to a file size limit the history or its log must be for it to be named
# as the likely cause of a write error (SQLite writes a few pages at a time).
_NEAR_LIMIT = 256 * 1024
# The files SQLite keeps beside a database: the write-ahead log and its shared-memory
# index in WAL mode; the rollback journal where the history is not in WAL mode (a file
# system without shared memory, a file a newer mtaudit left so), which a writer that
# died mid-transaction leaves behind with the only copy of the pages it overwrote.
SIDE_FILE_SUFFIXES = ("-wal", "-shm", "-journal")
# The run that audited a result, or NULL once it is pruned (a history pruned by an
# older mtaudit still names runs it forgot).
_SURVIVING_RUN = "(SELECT id FROM runs WHERE id = {run})"
# The runs recorded but not finished: what they saw, and the results they stored, are
# not known to anything until they are (their reports may never have been written).
_PENDING_RUNS = "(SELECT id FROM runs WHERE pending)"
# How long a run may stay pending (its reports being written) before a prune takes it
# for one that stopped and forgets it: a run whose reports are written to a slow pipe
# must not lose its record.
UNFINISHED_GRACE = dt.timedelta(days=1)
# `history runs` words it in whole days (`UNFINISHED_GRACE.days`).
assert UNFINISHED_GRACE % dt.timedelta(days=1) == dt.timedelta(0)
# The appearance of a pending run's documents until it finishes and they are judged
# (new, changed, unchanged). Nothing reads it only because every reader of run rows
# passes over pending runs (``_finished``/``_before``: ``seen``, ``runs``,
# ``known_baseline``, ``load_run``): a new query of run_documents must too.
UNJUDGED = "unjudged"
# The largest integer SQLite stores (signed 64 bits).
LARGEST_INTEGER = 2**63 - 1


# --- schema and migrations ---------------------------------------------------


def _create_v1(conn: sqlite3.Connection) -> None:
    # One statement at a time: executescript() would commit the migration's transaction.
    for statement in _V1_SCHEMA.split(";"):
        if statement.strip():
            conn.execute(statement)


_V1_SCHEMA = """
        CREATE TABLE runs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            started TEXT NOT NULL,
            finished TEXT,
            recorded TEXT NOT NULL,
            inputs TEXT NOT NULL,
            settings TEXT NOT NULL,
            signature TEXT NOT NULL,
            signature_string TEXT NOT NULL,
            run_findings TEXT NOT NULL DEFAULT '[]'
        );
        CREATE INDEX runs_started ON runs (started);
        CREATE TABLE results (
            key TEXT PRIMARY KEY,
            content_hash TEXT NOT NULL,
            run_id INTEGER,
            audited TEXT NOT NULL,
            signature TEXT NOT NULL,
            machine_translated INTEGER NOT NULL,
            probability REAL,
            source_lang TEXT,
            text BLOB NOT NULL,
            audit BLOB NOT NULL,
            codec INTEGER NOT NULL
        );
        CREATE TABLE findings (
            result_key TEXT NOT NULL REFERENCES results (key) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            code TEXT NOT NULL,
            severity TEXT NOT NULL,
            fingerprint TEXT NOT NULL,
            source_lang TEXT,
            PRIMARY KEY (result_key, position)
        ) WITHOUT ROWID;
        CREATE TABLE run_documents (
            run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            doc_id TEXT NOT NULL,
            source TEXT NOT NULL,
            title TEXT,
            url TEXT,
            published TEXT,
            author TEXT,
            lang TEXT,
            meta TEXT NOT NULL DEFAULT '{}',
            status TEXT NOT NULL,
            error TEXT,
            content_hash TEXT,
            result_key TEXT,
            reused INTEGER NOT NULL DEFAULT 0,
            appearance TEXT NOT NULL,
            PRIMARY KEY (run_id, position)
        );
        CREATE INDEX run_documents_doc ON run_documents (doc_id, run_id);
        CREATE INDEX run_documents_result ON run_documents (result_key);
"""


def _v1_to_v2(conn: sqlite3.Connection) -> None:
    """Version 2 groups documents by source (feed, site or folder) for trend reports,
    and finds a renamed document by its text's hash."""
    for column in ("source_key", "source_label", "source_kind"):
        conn.execute(f"ALTER TABLE run_documents ADD COLUMN {column} TEXT NOT NULL DEFAULT ''")
    rows = conn.execute("SELECT run_id, position, source, url, meta FROM run_documents").fetchall()
    for run_id, position, source, url, meta in rows:
        group = source_group(source, url, _json_dict(meta))
        conn.execute(
            "UPDATE run_documents SET source_key = ?, source_label = ?, source_kind = ? "
            "WHERE run_id = ? AND position = ?",
            (group.key, group.label, group.kind, run_id, position),
        )
    conn.execute("CREATE INDEX run_documents_hash ON run_documents (content_hash)")
    conn.execute("CREATE INDEX run_documents_source ON run_documents (source_key)")


def _v2_to_v3(conn: sqlite3.Connection) -> None:
    """Version 3 marks the runs whose results ``--new-only`` takes as known: a run whose
    ``--fail-on`` gate failed is recorded but not accepted, so re-running a failed CI job
    fails again. Runs recorded before were all taken as known, and stay so."""
    conn.execute("ALTER TABLE runs ADD COLUMN accepted INTEGER NOT NULL DEFAULT 1")


def _v3_to_v4(conn: sqlite3.Connection) -> None:
    """Version 4 marks a document "unchanged" because its text, not its id, was seen
    before (a file that moved, or a new copy of one), which a prune cannot otherwise
    leave behind: in the oldest run left, a copy seen beside its original looked like
    the original, and the trend did not list it as newly flagged. Rows recorded before
    say nothing (NULL)."""
    conn.execute("ALTER TABLE run_documents ADD COLUMN text_known INTEGER")


def _v4_to_v5(conn: sqlite3.Connection) -> None:
    """Version 5 records a run before its reports are written, so that they can name
    it, as *pending* until they are: a run stopped meanwhile (a full disk, Ctrl-C) is
    left pending, which nothing reads as a run, and a prune forgets. Runs recorded
    before were all finished."""
    conn.execute("ALTER TABLE runs ADD COLUMN pending INTEGER NOT NULL DEFAULT 0")


# The oldest version a reader that cannot migrate reads as it is.
_READ_ONLY_SINCE = 3

# MIGRATIONS[n] takes a database at version n to version n + 1.
MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {
    0: _create_v1,
    1: _v1_to_v2,
    2: _v2_to_v3,
    3: _v3_to_v4,
    4: _v4_to_v5,
}
assert sorted(MIGRATIONS) == list(range(SCHEMA_VERSION))


# --- records read back -----------------------------------------------------------


@dataclass(frozen=True)
class JobRuns:
    """The ids of one job's runs: finished (a set: what a read of runs filters by) and
    pending (in the order they were recorded)."""

    finished: frozenset[int]
    pending: tuple[int, ...]


@dataclass(frozen=True)
class RunRecord:
    id: int
    started: str
    finished: str | None
    inputs: list[str]
    signature_string: str
    documents: int
    audited: int
    reused: int
    machine_translated: int
    errors: int
    new: int
    changed: int
    # False for a run whose --fail-on or --fail-over gate failed: --new-only still
    # counts its news as new.
    accepted: bool = True


def job_name(inputs: Sequence[str]) -> str:
    """The job a run is of: its inputs, as `history runs` lists them (one cron line's
    arguments), an input with a space, quote or backslash in quotes as a shell takes
    it, so that the name reads back as the same inputs. `report --job NAME` takes
    this."""
    return " ".join(shlex.quote(name) if _needs_quotes(name) else name for name in inputs)


def pasted_name(name: str) -> str:
    """``name`` as a shell reads it back after `--job `, on one line: shell-quoted, or,
    where it holds a control or line-breaking character that quotes would keep as it
    is (a newline broke the one-line error in two), in bash's $'...' with escapes."""
    if not any(is_control(c) for c in name):
        return shlex.quote(name)
    return "$'" + "".join(escaped_char(c, quote="'") for c in name) + "'"


def _needs_quotes(name: str) -> bool:
    # What shlex.split would split or unescape; a URL's '?' or '&' it reads as is.
    return not name or any(c.isspace() or c in "'\"\\" for c in name)


def _plain_input(name: str) -> str:
    """A path as the file system reads it (`./feeds/` is `feeds`), a URL as it is:
    inputs are recorded as typed, and a cron line's `./feeds/a.xml` is no other job
    than `feeds/a.xml` typed at a prompt."""
    return name if "://" in name else os.path.normpath(name)


def _runs_of(listed: list[tuple[int, list[str]]], wanted: str) -> list[int]:
    """The ids of those of ``listed`` (run id, inputs) that are the job ``wanted``
    (``_wanted_job``), in their order."""
    return [run_id for run_id, inputs in listed if inputs and _job_key(inputs) == wanted]


def _job_key(inputs: Sequence[str]) -> str:
    """The job ``inputs`` are of, as ``--job`` matches it: each input as the file
    system reads it (`./feeds/a.xml ./feeds/b.xml` is `feeds/a.xml feeds/b.xml`)."""
    return job_name([_plain_input(name) for name in inputs])


def _wanted_job(job: str) -> str:
    """The key of the job named ``job`` (as `history runs` lists it), as ``_job_key``
    makes one of a run's inputs; a UsageError where it names none."""
    if not job.strip():
        raise UsageError(
            "--job needs a job's name: its inputs as `mtaudit history runs` lists them"
        )
    try:
        return _job_key(shlex.split(job))
    except ValueError as why:  # an unclosed quote
        raise UsageError(f"--job {job!r}: {why}") from None


def pending_words(pending: Sequence[int]) -> str:
    """Pending runs named by id, as `history runs` and prune name them."""
    runs = "run" if len(pending) == 1 else "runs"
    return (
        f"{len(pending)} {runs} pending ({run_stretches(pending)}: recorded, "
        f"{'its' if len(pending) == 1 else 'their'} reports not written yet, or stopped "
        "before they were)"
    )


# How many jobs an unknown job's error names before it counts the rest.
_SHOWN_JOBS = 8


def _listed(jobs: list[str]) -> str:
    shown = ", ".join(jobs[:_SHOWN_JOBS])
    return shown + (f" and {len(jobs) - _SHOWN_JOBS} more" if len(jobs) > _SHOWN_JOBS else "")


class SeenDocument(NamedTuple):
    """One document as one run saw it, with its result's verdict (a tuple: trend
    reports read tens of thousands of them)."""

    run_id: int
    started: str
    position: int
    doc_id: str
    source: str
    title: str | None
    url: str | None
    published: str | None
    status: str
    error: str | None
    appearance: str
    reused: bool
    content_hash: str | None
    result_key: str | None
    source_key: str
    source_label: str
    source_kind: str
    machine_translated: bool
    probability: float | None
    source_lang: str | None
    # The threshold the result was judged against (from its settings signature), so a
    # trend prints P as the audit's reports do; None for a result stored without one.
    threshold: float | None = None
    # The stored text_known: 0, or 1 where it is "unchanged" because its text, not its
    # id, was seen before (it moved, or is a new copy), or 2 where it is, besides, the
    # row taken as the file that moved (``HistoryStore._mark_move``); None for a row
    # recorded before the history said.
    known_by_text: int | None = None

    @property
    def text_known(self) -> bool | None:
        return None if self.known_by_text is None else bool(self.known_by_text)

    @property
    def moved(self) -> bool:
        """Of the rows of one run known by their text alone where none holds it by its
        id, the one taken as the file that moved (the others are copies), chosen when
        it was recorded."""
        return self.known_by_text == 2


@dataclass(frozen=True)
class Acceptance:
    """What `history accept` did: the run it took (the one `latest` named) and whether
    it was held until then."""

    run_id: int
    changed: bool


@dataclass(frozen=True)
class PruneResult:
    runs: int
    documents: int
    results: int
    bytes_before: int
    bytes_after: int
    dry_run: bool = False
    # False when a reader (a trend report being built) kept the write-ahead log from
    # being truncated: the file did not shrink, and may have grown.
    log_truncated: bool = True
    # The runs that went (or would go, in a dry run), oldest first.
    run_ids: tuple[int, ...] = ()
    # The pending runs that never finished (left by a run stopped before its reports
    # were written) that went too, whatever the cutoff; not counted in ``runs``, nor
    # their entries and the results they alone held in ``documents`` and ``results``.
    unfinished: tuple[int, ...] = ()
    unfinished_documents: int = 0
    unfinished_results: int = 0


# --- the store ---------------------------------------------------------------------


def history_file_roles(path: str | os.PathLike[str]) -> dict[str, str]:
    """The history database and the files SQLite keeps beside it, each with what it is,
    for the reports that must not overwrite them: `-o json:h.sqlite-wal` replaced the
    log holding the writes not yet copied into the database, and the run's own closing
    checkpoint then deleted the report it had just written."""
    roles = {os.fspath(path): f"the history database {path}"}
    for name in side_files(path):
        roles[name] = f"a file SQLite keeps beside the history database {path}"
    return roles


def check_history_destination(path: str | os.PathLike[str]) -> None:
    """Refuse a history database that could not be created or written: its folder is
    missing, or the file cannot be written (`mtaudit config` checks this as `audit`
    does, before any work)."""
    refuse_a_history_name_not_a_file(path)
    path = Path(path)
    # Before the folder is asked about: a folder name over the system's limit made
    # is_dir raise, an internal error. An existing history, in WAL mode since its
    # first run, keeps only -wal and -shm beside it (4 bytes longer than its name);
    # the -journal a database to be made needs too was asked about for every one,
    # and a history named for all but those 4 bytes was refused, where it had been
    # recorded into.
    beside = SIDE_FILE_SUFFIXES if not os.path.exists(path) else ("-wal", "-shm")
    _refuse_a_name_too_long(path, beside)
    if not path.parent.is_dir():
        looped = loop_above(path.parent)
        if looped:
            raise HistoryError(f"history {path}: {looped}")
        raise HistoryError(f"history {path}: directory {path.parent} does not exist")
    refuse_an_unwritable_history(path)


def _refuse_a_name_too_long(path: Path, beside: tuple[str, ...] = ()) -> None:
    """A name the system refuses (too long), the database's or that of a file SQLite
    keeps beside it with one of the suffixes in ``beside``: pathlib's checks raised, an
    internal error, and a name with room for the database but not for its "-journal"
    (or an existing one's "-wal") failed once the audit was done."""
    for name in (os.fspath(path), *side_files(path, beside)):
        if name_too_long(name):
            kept = "" if name == os.fspath(path) else f" (SQLite keeps {name} beside it)"
            raise HistoryError(f"history {path}: file name too long{kept}")


def refuse_an_unwritable_history(path: str | os.PathLike[str]) -> None:
    """Refuse a history file there that this user cannot write, before it is opened to
    be written (`audit`, and ``HistoryStore(writes=True)`` for `history accept` and
    `history prune`)."""
    path = Path(path)
    if path.is_file() and not os.access(path, os.W_OK):
        # Not left to SQLite, which opens such a file read-only without a word: the
        # run was audited to its end before the write failed, and the -wal and -shm
        # that connection made, this user's, stayed beside another user's history,
        # whose owner could then not write it either. A read-only mount too, where
        # the audit ran to its end the same way (`_disk_note` names the mount).
        raise HistoryError(
            f"history {path}: attempt to write a readonly database{_disk_note(path)}"
        )


def refuse_a_history_name_not_a_file(named: str | os.PathLike[str]) -> None:
    """A folder named for the database: `audit` said SQLite's 'cannot open it (unable
    to open database file)', and `history` and `report` 'no such database (`mtaudit
    audit --history ...` creates it)', which it cannot. A name that ends in a separator
    (`--history state/`) names a folder too, there or not: it made a file named state.
    A pipe, a device or a socket is refused here too, for the same reason."""
    raw = os.fspath(named)
    if loops(raw):
        # SQLite opened a link that loops and said "file is not a database".
        raise HistoryError(f"history {raw}: it is {loop_line(raw)}")
    refusal = folder_refusal(f"history {raw}", raw, str(Path(raw) / "history.sqlite"))
    if refusal:
        raise HistoryError(refusal)
    if os.path.exists(raw) and not os.path.isfile(raw):
        # `--history /dev/null` (a job meant to keep none) or a FIFO: `audit` said
        # SQLite's bare 'disk I/O error', and `report` 'no such database (`mtaudit
        # audit --history /dev/null ...` creates it)', which it cannot. The way to
        # keep none is said, as that job wanted none.
        raise HistoryError(
            f"history {raw}: not a regular file; name a file for the database, or none "
            "(no --history, no history in the config) to keep none"
        )


# Free bytes below which a disk counts as full: SQLite needs a page or two more for
# its journal and shared-memory index than the data it writes.
_FULL_BELOW = 1024 * 1024


def _is_disk_error(exc: sqlite3.Error) -> bool:
    name = getattr(exc, "sqlite_errorname", "")
    return name.startswith(("SQLITE_IOERR", "SQLITE_CANTOPEN", "SQLITE_READONLY"))


def _what_failed(exc: sqlite3.DatabaseError) -> str:
    """What SQLite's error (other than a busy or disk one) says happened: every one was
    "not an mtaudit history database", a refused write or a damaged file too, and a
    scheduled job failed with no hint what to do."""
    name = getattr(exc, "sqlite_errorname", "")
    if name.startswith("SQLITE_CORRUPT"):  # a disk fault, a copy made mid-write
        return (
            f"the database is damaged ({exc}); restore it from a backup, or move it away "
            "to start a new history"
        )
    if name == "SQLITE_NOTADB":
        return f"not an mtaudit history database ({exc})"
    # A trigger or table another program added (checked at COMMIT, where deferred): the
    # write was rolled back whole, by ``_write`` or ``held``. That write alone: where it
    # was a run's finish, the run itself was recorded before, and its reports name it.
    if name == "SQLITE_CONSTRAINT_TRIGGER":
        return f"a trigger in the database refused the write ({exc}); that write was rolled back"
    if name.startswith("SQLITE_CONSTRAINT"):
        return f"the database refused the write ({exc}); that write was rolled back"
    return str(exc)


def _disk_note(path: Path) -> str:
    """Why the disk under ``path`` refused a write, where SQLite's own words do not
    say: a full disk came out as 'disk I/O error' (its shared-memory index could not
    grow), a read-only mount as 'unable to open database file'."""
    try:
        stats = os.statvfs(path.parent)
    except (OSError, AttributeError):  # gone, or not POSIX
        return ""
    if stats.f_flag & os.ST_RDONLY:
        return ": read-only file system"
    if stats.f_bavail * stats.f_frsize < _FULL_BELOW:
        return ": no space left on device"
    if not os.access(path.parent, os.W_OK):
        # SQLite makes its log and shared-memory files beside the database.
        return f": its folder {path.parent} cannot be written to"
    if path.exists() and not os.access(path, os.W_OK):
        return f": the file {path} cannot be written to"
    for name in _leftovers(path):
        if not os.access(name, os.W_OK):
            # Another user's log beside it: SQLite opens the history read-only.
            return f": the file {name} beside it cannot be written to"
    return _size_limit_note(path)


def _size_limit_note(path: Path) -> str:
    """A file size limit on this process (`ulimit -f`, systemd's LimitFSIZE=): a write
    past it fails with EFBIG, which SQLite reports as a bare 'disk I/O error' on a disk
    with room to spare, and a cron job failed every hour with no hint why."""
    if resource is None:
        return ""
    try:
        soft, _hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    except (OSError, ValueError):
        return ""
    if soft == resource.RLIM_INFINITY or soft < 0:
        return ""
    sizes = [0]
    for name in [os.fspath(path), *side_files(path)]:
        with contextlib.suppress(OSError):
            sizes.append(os.path.getsize(name))
    if max(sizes) + _NEAR_LIMIT < soft:
        return ""  # nowhere near it: the limit is not why
    return f": this process may write files of at most {soft / 1024:.0f} KiB (ulimit -f)"


def _unwritable(path: Path) -> bool:
    """True when SQLite cannot write beside ``path`` (its log and shared-memory files)
    or to the file itself: a reader then opens it read-only."""
    return not os.access(path.parent, os.W_OK) or not os.access(path, os.W_OK)


def _file_name(doc_id: str) -> str:
    """The last part of a document id, a path's or a URL's: a moved file keeps it."""
    return re.split(r"[/\\]", doc_id.rstrip("/\\"))[-1]


def _read_only_file_system(path: Path) -> bool:
    try:
        return bool(os.statvfs(path.parent).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):  # gone, or not POSIX
        return False


def side_files(
    path: str | os.PathLike[str], suffixes: tuple[str, ...] = SIDE_FILE_SUFFIXES
) -> list[str]:
    """The files SQLite may keep beside the database (those with ``suffixes``). It
    names them from the database's resolved name: for a history given through a
    symlink they lie beside the file it points to, not beside the link."""
    beside = os.path.realpath(path)
    return [f"{beside}{suffix}" for suffix in suffixes]


def _leftovers(path: Path) -> list[str]:
    return [name for name in side_files(path) if Path(name).exists()]


def _stamp(path: Path) -> tuple[int, int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def _immutable(path: Path) -> sqlite3.Connection:
    uri = path.absolute().as_uri()
    return sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True, isolation_level=None)


def _open_read_only(path: Path, timeout: float) -> tuple[sqlite3.Connection, bool]:
    """A read-only connection to a history this process cannot write, or write beside.

    ``mode=ro`` first, on a read-only mount too: it takes SQLite's locks, so a writer
    (another user's cron, the host writing a folder a container mounts read-only) is
    waited for, never read half-done, and it reads through a ``-wal`` and ``-shm`` that
    are there, runs held only in the ``-wal`` included. SQLite itself decides whether a
    ``-journal`` is hot (a writer died mid-write): one that is not (empty, as
    ``journal_mode=TRUNCATE`` leaves) is read past. Where ``mode=ro`` cannot open the
    file and no file is left beside it (no writer had it open), it is read as it is on
    disk (``immutable=1``), without locks: a writer that starts meanwhile could make
    that read see half a write, so the store checks when it is done that the file did
    not change (``HistoryStore.__exit__``). Where it fails with a file left beside it
    (a ``-wal`` or ``-shm`` SQLite cannot read through, a hot ``-journal`` only a writer
    can roll back), it is refused, with what to do. Returns the connection and whether
    it is immutable.

    Where the folder can be written but the file cannot (another user's history in a
    shared folder) and nothing is beside it (no writer has it open), it is read
    immutable too: ``mode=ro`` made a ``-wal`` and ``-shm`` there, the reader's and
    not writable by the owner, and, being read-only, never removed them, so the
    owner's next ``audit --history`` failed ("attempt to write a readonly database").
    A ``-wal`` there without its ``-shm`` is refused, for the same reason. (The folder
    checked is the link's where ``path`` is one, the leftovers are looked for beside
    the real file: with none there it is read immutable either way.)"""
    if os.access(path.parent, os.W_OK):
        if not _leftovers(path):
            return _immutable(path), True
        _refuse_a_log_without_its_index(path)
    uri = path.absolute().as_uri()
    conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=timeout, isolation_level=None)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn, False
    except sqlite3.Error as exc:
        conn.close()
        left = _leftovers(path)
        if left:
            raise _leftovers_refused(path, left, f" ({exc})") from None
    return _immutable(path), True


def _refuse_a_log_without_its_index(path: Path) -> None:
    """A -wal with no -shm (the writer was killed and the -shm deleted, or a backup
    copied the file and its -wal): ``mode=ro`` reads it by making a -shm, the reader's,
    which the owner cannot write, so the owner's next ``audit --history`` failed
    ("attempt to write a readonly database"). Read immutable, the -wal's runs would be
    missed. Only its owner can open it as it is."""
    wal, shm = (f"{os.path.realpath(path)}{suffix}" for suffix in ("-wal", "-shm"))
    if os.path.exists(wal) and not os.path.exists(shm):
        raise HistoryError(
            f"history {path}: cannot read it here: {wal} is there without its -shm, and "
            "reading it would make one its owner cannot write; a user who can write the "
            "history opens it once (mtaudit history runs), or copy the folder somewhere "
            "you can write to and read the copy"
        )


def _leftovers_refused(path: Path, left: list[str], sqlite_words: str) -> HistoryError:
    """Why a reader cannot write beside ``path``, by its actual cause (a chmod 444 file
    in a writable folder was said to be in a folder that cannot be written to), and what
    to do."""
    read_only_mount = _read_only_file_system(path)
    if read_only_mount:
        cause = "it is on a read-only file system"
    elif not os.access(path.parent, os.W_OK):
        cause = f"its folder {path.parent} cannot be written to"
    else:
        cause = f"the file {path} cannot be written to"
    died = ""
    if any(name.endswith("-journal") for name in left):
        # Rolling the write back deletes the -journal too: the folder must be writable.
        where = " where the file system is mounted read-write" if read_only_mount else ""
        died = (
            "; a writer died mid-write, and a user who can write the history and its "
            f"folder rolls that write back by opening it once{where} (mtaudit history runs)"
        )
    return HistoryError(
        f"history {path}: cannot read it here{sqlite_words}: {cause} and SQLite cannot "
        f"read through the {' and '.join(left)} left beside it{died}; copy the folder "
        "somewhere you can write to and read the copy"
    )


class HistoryStore:
    """One history database. Use as a context manager, or call ``close()``."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        create: bool = True,
        writes: bool = False,
        timeout: float = BUSY_TIMEOUT_S,
    ) -> None:
        """``writes``: an existing history (``create=False``) opened to be written, so a
        file this user cannot write is refused first (``create`` checks that itself)."""
        if not create:
            _refuse_a_name_too_long(Path(path))
        if writes:
            # Before it is opened: SQLite opens a file it cannot write read-only without
            # a word.
            refuse_an_unwritable_history(path)
        if create:
            check_history_destination(path)
        else:
            refuse_a_history_name_not_a_file(path)
        self.path = Path(path)
        self.timeout = timeout
        # Inside ``held``: its writes are savepoints of the one transaction held.
        self._holding = False
        if not create and not self.path.is_file():
            raise HistoryError(
                f"history {self.path}: no such database "
                f"(`mtaudit audit --history {self.path} ...` creates it)"
            )
        # A database this process cannot write (a read-only mount, a folder of another
        # user's): SQLite cannot make the shared-memory file a WAL database is read
        # through, and `report` and `history runs` failed with "unable to open database
        # file", where they only read.
        self.read_only = not create and _unwritable(self.path)
        # The file as an immutable read found it (see `_check_unchanged`).
        self._stamp: tuple[int, int, int] | None = None
        try:
            if self.read_only:
                stamp = _stamp(self.path)
                self.conn, immutable = _open_read_only(self.path, timeout)
                self._stamp = stamp if immutable else None
            else:
                self.conn = sqlite3.connect(self.path, timeout=timeout, isolation_level=None)
        except sqlite3.Error as exc:
            raise HistoryError(
                f"history {self.path}: cannot open it ({exc}{_disk_note(self.path)})"
            ) from None
        try:
            with self._translated():
                if self.read_only:
                    self._check_read_only()
                else:
                    self._configure()
                    self._migrate()
                if create:
                    self._check_writable()
                self._pending_column = "pending" in self._columns("runs")
        except BaseException:
            self.conn.close()
            raise

    # -- lifecycle

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> HistoryStore:
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        try:
            if exc_type is None:
                self._check_unchanged()
        finally:
            self.close()

    def _check_unchanged(self) -> None:
        """Refuse what an immutable read read if a writer was at work meanwhile: such a
        read takes no locks, and could have seen half a write (another user's cron
        writing to the history in their folder)."""
        if self._stamp is None:
            return
        if _stamp(self.path) != self._stamp or _leftovers(self.path):
            raise HistoryError(
                f"history {self.path}: it was written to while it was read (read from "
                "disk without locks, as it cannot be written here); run again, or "
                "copy the folder somewhere you can write to and read the copy"
            )

    def schema_version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def _configure(self) -> None:
        self.conn.execute(f"PRAGMA busy_timeout = {int(self.timeout * 1000)}")
        # Before anything is changed (WAL mode rewrites the file header): a file this
        # version may not write is left exactly as it was. The version and the tables
        # from one snapshot: read apart, a new file another process (a cron job started
        # together) created in between had version 0 and tables, "another program's".
        with self._read():
            self._refuse_foreign(self.schema_version())
        self.conn.execute("PRAGMA foreign_keys = ON")
        if self.schema_version() == 0 and not self._tables():
            # A vacuum mode is taken only by an empty file, before anything is written.
            self.conn.execute("PRAGMA auto_vacuum = INCREMENTAL")
        use_wal(self.conn, self.timeout)
        self.conn.execute("PRAGMA synchronous = NORMAL")

    def _check_writable(self) -> None:
        """Refuse, before any article is read, a history SQLite opened read-only without
        a word (a read-only mount, another user's -wal beside it): the run was audited
        to its end before its record failed. Taking the write lock is what fails there;
        it is given back at once, having written nothing. Meant for those cases alone:
        on a history ``_migrate`` has just written it is a needless second round-trip,
        harmless, and cheaper than telling the two apart."""
        with self._write():
            pass

    def _check_read_only(self) -> None:
        version = self.schema_version()
        self._refuse_foreign(version)
        # Version 4 only adds text_known, which reads as NULL ("says nothing") where it
        # is missing: a version-3 history on a read-only mount, which mtaudit before
        # version 4 read, was refused as "made by an older mtaudit".
        if version < _READ_ONLY_SINCE:
            raise HistoryError(
                f"history {self.path}: made by an older mtaudit (schema {version}) and "
                f"read-only here{_disk_note(self.path)}; open it once where it can be "
                "written, and it is brought up to date"
            )

    def _migrate(self) -> None:
        if self.schema_version() == SCHEMA_VERSION and self._is_ours():
            return
        with self._write():
            # Read again under the write lock: another process may have migrated.
            version = self.schema_version()
            self._refuse_foreign(version)
            for step in range(version, SCHEMA_VERSION):
                MIGRATIONS[step](self.conn)
                self.conn.execute(f"PRAGMA user_version = {step + 1}")
            self.conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")

    def _refuse_foreign(self, version: int) -> None:
        """Raise for a file that is not an mtaudit history, or one of a newer schema."""
        if version == 0 and self._tables():
            raise HistoryError(
                f"history {self.path}: an SQLite database of another program, "
                "not an mtaudit history; pass a new file"
            )
        if version and not self._is_ours():
            raise HistoryError(f"history {self.path}: not an mtaudit history database")
        if version > SCHEMA_VERSION:
            raise HistoryError(
                f"history {self.path}: made by a newer mtaudit (schema {version}, this one "
                f"reads {SCHEMA_VERSION}); upgrade mtaudit or use another file"
            )

    def _is_ours(self) -> bool:
        app = int(self.conn.execute("PRAGMA application_id").fetchone()[0])
        # Version-1 files written before the id was set have 0 and our tables.
        return app == APPLICATION_ID or (app == 0 and "run_documents" in self._tables())

    def _columns(self, table: str) -> set[str]:
        return {row[1] for row in self.conn.execute(f"PRAGMA table_info({table})")}

    def _finished(self, alias: str = "") -> str:
        """SQL that is true for a finished run (of the table named ``alias``): a pending
        one (recorded, its reports not yet written, or stopped before they were) is no
        run to anything that reads the history. A history of version 3 or 4 read
        read-only has no pending runs, nor their column."""
        if not self._pending_column:
            return "1"
        return f"NOT {alias}.pending" if alias else "NOT pending"

    def _tables(self) -> set[str]:
        rows = self.conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
        return {name for (name,) in rows}

    @contextlib.contextmanager
    def _write(self) -> Iterator[None]:
        """One write transaction, holding the write lock from its start; inside
        ``held``, a savepoint of its transaction, undone alone where it fails."""
        begin, undo, done = (
            ("SAVEPOINT step", ("ROLLBACK TO step", "RELEASE step"), "RELEASE step")
            if self._holding
            else ("BEGIN IMMEDIATE", ("ROLLBACK",), "COMMIT")
        )
        self.conn.execute(begin)
        try:
            yield
            # Inside the try: a COMMIT refused (a deferred foreign key) leaves its
            # transaction open, and the write lock held, until it is rolled back.
            self.conn.execute(done)
        except BaseException:
            if self.conn.in_transaction:  # SQLite may have rolled back already (a full disk)
                for statement in undo:
                    self.conn.execute(statement)
            raise

    @contextlib.contextmanager
    def _read(self) -> Iterator[None]:
        """Several reads from one snapshot (inside ``held``, its transaction's)."""
        if self._holding:
            yield
            return
        self.conn.execute("BEGIN")
        try:
            yield
        finally:
            self.conn.execute("COMMIT")

    @contextlib.contextmanager
    def held(self) -> Iterator[None]:
        """Hold the history's write lock over several steps, each of this store's writes
        a savepoint of one transaction, committed at the end however they went: what a
        ``--new-only`` run takes as known, its reports and its finish. Its record (pending)
        is committed before, on its own: one killed outright while it holds the lock
        stays listed pending, and the id its reports named is given to no other run. Two
        such runs of one feed started together both read what was known before either
        had finished, and both reported its documents as new; the second now waits
        (up to the busy timeout) for the first to finish, or to stop pending, and
        reports only what the first did not. Committed on an error too: a run whose
        reports failed stays recorded pending, as it would outside."""
        with self._translated():
            self.conn.execute("BEGIN IMMEDIATE")
        self._holding = True
        try:
            yield
        except BaseException:
            self._holding = False
            # What ended the run (a report that failed) is what its user must read; a
            # COMMIT failing as well (a full disk) put the history's line in its place.
            with contextlib.suppress(HistoryError):
                self._end_held()
            raise
        self._holding = False
        self._end_held()

    def _end_held(self) -> None:
        """Commit ``held``'s transaction; where that fails, roll it back, so that the
        connection holds no lock, and raise the history's error."""
        if not self.conn.in_transaction:
            return
        try:
            with self._translated():
                self.conn.execute("COMMIT")
        finally:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[None]:
        """Several of this store's reads that see one state of the history: a run
        another process records meanwhile is in all of them or in none."""
        with self._translated(), self._read():
            yield

    @contextlib.contextmanager
    def _translated(self) -> Iterator[None]:
        """SQLite's errors as one line that says what to do."""
        try:
            yield
        except sqlite3.OperationalError as exc:
            if is_busy(exc):
                raise HistoryError(
                    f"history {self.path}: another process held it for more than "
                    f"{self.timeout:g} s; try again later"
                ) from None
            note = _disk_note(self.path) if _is_disk_error(exc) else ""
            raise HistoryError(f"history {self.path}: {exc}{note}") from None
        except sqlite3.DatabaseError as exc:
            raise HistoryError(f"history {self.path}: {_what_failed(exc)}") from None

    # -- the result cache the engine asks

    def lookup(self, key: str, document: Document) -> DocumentAudit | None:
        with self._translated():
            row = self.conn.execute(
                f"SELECT {_SURVIVING_RUN.format(run='run_id')}, audited, signature, audit, codec "
                # Not a pending run's (a NULL run, one pruned, is no pending one).
                "FROM results WHERE key = ? AND NOT EXISTS "
                "(SELECT 1 FROM runs p WHERE p.id = results.run_id AND p.pending)",
                (key,),
            ).fetchone()
        if row is None or row[4] != CODEC:
            return None
        run_id, audited, signature, blob, _codec = row
        prior = PriorResult(run=run_id, audited=audited, signature=_json_dict(signature))
        try:
            return decode_audit(blob, document, prior)
        except StoredResultError:
            return None  # audited afresh, and the new result replaces it

    # -- recording a run

    def record(
        self,
        run: RunAudit,
        config: AuditConfig,
        inputs: Sequence[str] = (),
        *,
        accepted: bool = True,
        pending: bool = False,
    ) -> int:
        """Store ``run`` (audited with ``config`` over ``inputs``); its id.

        ``config`` must be the one the run was audited with: results are stored
        under the settings it names, and reused for runs with the same settings.
        ``accepted=False`` (a run whose gate failed) records the run, and its results
        are reused, but ``known_baseline`` does not take what it saw as known.
        ``pending=True`` records it unfinished, so that its reports can name its id
        before they are written: until ``finish`` takes it, nothing reads it as a run
        (not reuse, ``--new-only``, "new" and "changed", trends, `history runs`), and
        one never finished (its reports failed, it was stopped) is pruned.
        """
        from audits.intake import checked_config
        from audits.reuse import settings_key
        from audits.sources.inputs import printable_name

        now = now_utc()
        config = checked_config(config)  # as the engine read it, so the settings key matches
        inputs = [inputs] if isinstance(inputs, str) else list(inputs)
        settings = settings_key(config, check_config_codes(config))
        signature_json = json.dumps(run.signature, ensure_ascii=False, default=str)
        documents = [
            _Prepared.of(audit, position, settings) for position, audit in enumerate(run.documents)
        ]
        run_findings = json.dumps(to_plain(run.run_findings), ensure_ascii=False)
        with self._translated(), self._write():
            cur = self.conn.execute(
                "INSERT INTO runs (started, finished, recorded, inputs, settings, signature, "
                "signature_string, run_findings, accepted, pending) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    normalise(run.started, now),
                    normalise(run.finished, now),
                    iso(now),
                    # A name that is not UTF-8 as the reports show it: SQLite takes
                    # no lone surrogate, and the run was lost after its reports.
                    json.dumps([printable_name(i) for i in inputs], ensure_ascii=False),
                    settings,
                    signature_json,
                    compact_signature(run.signature),
                    run_findings,
                    int(accepted),
                    int(pending),
                ),
            )
            run_id = int(cur.lastrowid or 0)
            audited = normalise(run.finished, now)
            # A pending run is judged once, as it finishes: judged now too, against runs
            # that may finish before it does, the judgement was thrown away (0.7 s of
            # lookups on a 4000-run history).
            for doc in documents:
                self._record_document(run_id, doc, audited, signature_json, judge=not pending)
            if not pending:
                self._mark_moves(run_id)
        return run_id

    def finish(self, run_id: int, *, accepted: bool | None = None) -> None:
        """Take the pending run ``run_id`` (``record(..., pending=True)``) as a run: its
        reports are written. ``accepted``, where given, replaces what ``record`` was
        told: a ``--new-only`` run is recorded before it knows (its gate needs what is
        known, read under the write lock it takes after). A HistoryError if a prune
        forgot it meanwhile, as one pending for longer than ``UNFINISHED_GRACE``, or it
        names no pending run."""
        with self._translated(), self._write():
            done = self.conn.execute(
                "UPDATE runs SET pending = 0, accepted = coalesce(?, accepted) "
                "WHERE id = ? AND pending",
                (None if accepted is None else int(accepted), run_id),
            ).rowcount
            if not done:
                row = self.conn.execute("SELECT 1 FROM runs WHERE id = ?", (run_id,)).fetchone()
                raise HistoryError(
                    f"history {self.path}: run {run_id} "
                    + (
                        "is finished already"
                        if row
                        else "was forgotten by a prune before it finished; it is not recorded"
                    )
                )
            # Judged now, not when recorded: a run that finished while this one was
            # pending (two jobs on one feed) would be passed over, so both called its
            # documents "new". Judge this run's own rows, as if recorded now, against
            # the runs finished now; another run's rows stay as judged (a prune since
            # must not turn what it saw unchanged into "new").
            self._judge_pending(run_id)

    def _judge_pending(self, run_id: int) -> None:
        """Give the rows of the run ``run_id``, recorded pending with ``UNJUDGED``, their
        appearance and text_known, in the same transaction that finishes it."""
        rows = self.conn.execute(
            "SELECT position, doc_id, content_hash FROM run_documents WHERE run_id = ?",
            (run_id,),
        ).fetchall()
        for position, doc_id, digest in rows:
            appearance, text_known = self._appearance(run_id, doc_id, digest, at_finish=True)
            self.conn.execute(
                "UPDATE run_documents SET appearance = ?, text_known = ? "
                "WHERE run_id = ? AND position = ?",
                (appearance, int(text_known), run_id, position),
            )
        self._mark_moves(run_id, at_finish=True)

    def _record_document(
        self, run_id: int, doc: _Prepared, audited: str, signature: str, *, judge: bool
    ) -> None:
        """Store one document of the run; ``judge=False`` (a pending run's) leaves its
        appearance ``UNJUDGED`` and its text_known NULL, for ``finish`` to judge."""
        audit = doc.audit
        d = audit.document
        appearance: str = UNJUDGED
        text_known: int | None = None
        if judge:
            appearance, known = self._appearance(run_id, d.id, doc.content_hash)
            text_known = int(known)
        if doc.key is not None:
            self._store_result(run_id, doc, audited, signature)
        group = source_group(d.source, d.url, d.meta)
        self.conn.execute(
            "INSERT INTO run_documents (run_id, position, doc_id, source, title, url, published, "
            "author, lang, meta, status, error, content_hash, result_key, reused, appearance, "
            "source_key, source_label, source_kind, text_known) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                run_id,
                doc.position,
                d.id,
                d.source,
                d.title,
                d.url,
                d.published,
                d.author,
                d.lang,
                json.dumps(to_plain(d.meta), ensure_ascii=False, default=str),
                audit.status,
                audit.error,
                doc.content_hash,
                doc.key,
                int(audit.reused),
                appearance,
                group.key,
                group.label,
                group.kind,
                text_known,
            ),
        )

    def _mark_moves(self, run_id: int, *, at_finish: bool = False) -> None:
        """Where this run holds a text it knew only under other ids, and none of its rows
        holds it by its id, mark one of those rows the file that moved (text_known = 2);
        the others are new copies. The one whose file name is the name the latest earlier
        run had for that text, else the least id: a trend after a prune took the first
        by position, so which one was listed as newly flagged hung on the inputs' order
        (a folder walk puts mirror/awani-copy.txt before moved/awani.txt)."""
        rows = self.conn.execute(
            "SELECT position, doc_id, content_hash FROM run_documents d WHERE run_id = ? "
            "AND text_known = 1 AND NOT EXISTS (SELECT 1 FROM run_documents o WHERE "
            "o.run_id = d.run_id AND o.content_hash = d.content_hash AND NOT o.text_known)",
            (run_id,),
        ).fetchall()
        by_text: dict[str, list[tuple[int, str]]] = {}
        for position, doc_id, digest in rows:
            by_text.setdefault(digest, []).append((position, doc_id))
        for digest, held in by_text.items():
            (before,) = self.conn.execute(
                "SELECT doc_id FROM run_documents WHERE content_hash = ? "
                f"AND {_before(at_finish)} ORDER BY run_id DESC, position LIMIT 1",
                (digest, run_id),
            ).fetchone()
            name = _file_name(before)
            position = min(held, key=lambda h: (_file_name(h[1]) != name, h[1]))[0]
            self.conn.execute(
                "UPDATE run_documents SET text_known = 2 WHERE run_id = ? AND position = ?",
                (run_id, position),
            )

    def _appearance(
        self, run_id: int, doc_id: str, digest: str | None, *, at_finish: bool = False
    ) -> tuple[str, bool]:
        """ "new", "changed" or "unchanged", against every finished run recorded before
        this one (``at_finish``: every other run finished now), and whether it is
        "unchanged" for its text alone (seen before under another id). Not against a
        pending run's: its reports may never be written."""
        earlier = _before(at_finish)
        row = self.conn.execute(
            f"SELECT content_hash FROM run_documents WHERE doc_id = ? AND {earlier} "
            "AND status = 'ok' ORDER BY run_id DESC LIMIT 1",
            (doc_id, run_id),
        ).fetchone()
        if digest is None:  # unreadable now
            seen = (
                row
                or self.conn.execute(
                    f"SELECT 1 FROM run_documents WHERE doc_id = ? AND {earlier} LIMIT 1",
                    (doc_id, run_id),
                ).fetchone()
            )
            return ("unchanged" if seen else "new"), False
        if row is not None:
            return ("unchanged" if row[0] == digest else "changed"), False
        renamed = self.conn.execute(
            f"SELECT 1 FROM run_documents WHERE content_hash = ? AND {earlier} LIMIT 1",
            (digest, run_id),
        ).fetchone()
        return ("unchanged", True) if renamed else ("new", False)

    def _store_result(self, run_id: int, doc: _Prepared, audited: str, signature: str) -> None:
        audit = doc.audit
        exists = self.conn.execute("SELECT 1 FROM results WHERE key = ?", (doc.key,)).fetchone()
        if exists and audit.reused:
            return
        if exists:
            # A fresh result for a stored key: the stored one could not be decoded (or
            # another run stored it meanwhile); the fresh one takes its place.
            self.conn.execute("DELETE FROM findings WHERE result_key = ?", (doc.key,))
            self.conn.execute("DELETE FROM results WHERE key = ?", (doc.key,))
        v = audit.verdict
        prior = audit.reused_from
        self.conn.execute(
            "INSERT INTO results (key, content_hash, run_id, audited, signature, "
            "machine_translated, probability, source_lang, text, audit, codec) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                doc.key,
                doc.content_hash,
                prior.run if prior else run_id,
                (prior.audited if prior else None) or audited,
                json.dumps(prior.signature, ensure_ascii=False) if prior else signature,
                int(bool(v and v.machine_translated)),
                v.probability if v else None,
                v.source_lang if v else None,
                compress(audit.document.text),
                encode_audit(audit),
                CODEC,
            ),
        )
        sentences = {s.index: s.text for s in audit.sentences}
        self.conn.executemany(
            "INSERT INTO findings (result_key, position, code, severity, fingerprint, "
            "source_lang) VALUES (?, ?, ?, ?, ?, ?)",
            [
                (
                    doc.key,
                    n,
                    f.code,
                    str(f.severity),
                    finding_fingerprint(f.code, f.text, sentences.get(f.sentence)),
                    f.source_lang,
                )
                for n, f in enumerate(audit.findings)
            ],
        )

    # -- reading back

    def runs(
        self,
        since: str | None = None,
        until: str | None = None,
        limit: int | None = None,
        ids: Collection[int] | None = None,
    ) -> list[RunRecord]:
        """Finished runs started in [since, until], in the order they were recorded (the last
        ``limit`` of them; where ``ids`` are given, of those alone). Recorded, not
        started: a run whose clock was behind (a second machine, a clock set back) or
        that started before another and finished after it (two jobs at once) is still
        the latest one, as it is to ``--new-only``, which compares with what was
        recorded before; by start time `history runs` left the latest run out, and
        `report --new-only` reported an older one."""
        where, args = _window(since, until, "r.started")
        where += (" AND " if where else "WHERE ") + self._finished("r")
        if ids is not None:
            ids = set(ids)
            if not ids:
                return []
            # One parameter however many ids (SQLite caps them): the documents of
            # the listed runs alone are counted, not of every run between them.
            where += " AND r.id IN (SELECT value FROM json_each(?))"
            args = [*args, json.dumps(sorted(ids))]
        query = (
            "SELECT r.id, r.started, r.finished, r.inputs, r.signature_string, "
            "COUNT(d.position), "
            "SUM(d.status = 'ok' AND NOT d.reused), SUM(d.reused), "
            "SUM(COALESCE(res.machine_translated, 0)), SUM(d.status != 'ok'), "
            "SUM(d.appearance = 'new'), SUM(d.appearance = 'changed'), r.accepted "
            "FROM runs r LEFT JOIN run_documents d ON d.run_id = r.id "
            "LEFT JOIN results res ON res.key = d.result_key "
            f"{where} GROUP BY r.id ORDER BY r.id DESC"
        )
        if limit is not None and limit <= LARGEST_INTEGER:
            # Beyond SQLite's integers a limit is none: `history runs --limit 1e20`
            # was reported as "not an mtaudit history database (datatype mismatch)".
            query += f" LIMIT {int(limit)}"
        with self._translated():
            rows = self.conn.execute(query, args).fetchall()
        out = [
            RunRecord(
                id=row[0],
                started=row[1],
                finished=row[2],
                inputs=_json_list(row[3]),
                signature_string=row[4],
                documents=row[5],
                audited=row[6] or 0,
                reused=row[7] or 0,
                machine_translated=row[8] or 0,
                errors=row[9] or 0,
                new=row[10] or 0,
                changed=row[11] or 0,
                accepted=bool(row[12]),
            )
            for row in rows
        ]
        return out[::-1]

    def pending_runs(
        self, job: str | None = None, *, since: str | None = None, until: str | None = None
    ) -> list[int]:
        """The ids of the pending runs (of ``job`` alone, matched as ``runs_of_job``
        matches it; started in [since, until], as ``runs`` windows finished ones): recorded,
        their reports not yet written, or never (stopped first); ``runs`` passes over
        them, and a prune forgets one ``UNFINISHED_GRACE`` after it was recorded. Empty
        where the history has no such column (one of an older schema, read read-only,
        had no pending runs)."""
        listed = self._pending_inputs(since, until)
        if job is None:
            return [run_id for run_id, _ in listed]
        return _runs_of(listed, _wanted_job(job))

    def _pending_inputs(
        self, since: str | None = None, until: str | None = None
    ) -> list[tuple[int, list[str]]]:
        """Every pending run's id and inputs (of those started in [since, until]), in the
        order they were recorded."""
        if not self._pending_column:
            return []
        where, args = _window(since, until, "started")
        where += (" AND " if where else "WHERE ") + "pending"
        with self._translated():
            rows = self.conn.execute(
                f"SELECT id, inputs FROM runs {where} ORDER BY id", args
            ).fetchall()
        return [(run_id, _json_list(inputs)) for run_id, inputs in rows]

    def run_inputs(self) -> list[tuple[int, list[str]]]:
        """Every run's id and inputs, in the order they were recorded: which job made
        each, read without counting their documents as ``runs`` does."""
        with self._translated():
            rows = self.conn.execute(
                f"SELECT id, inputs FROM runs WHERE {self._finished()} ORDER BY id"
            ).fetchall()
        return [(run_id, _json_list(inputs)) for run_id, inputs in rows]

    def job_runs(self, job: str) -> set[int]:
        """The ids of the finished runs of ``job`` (``runs_of_job``). A job whose runs
        are all pending (its reports failed) is a UsageError naming them."""
        runs = self.runs_of_job(job)
        if not runs.finished:
            raise UsageError(
                f"job {job!r} has no finished run in history {self.path}: "
                f"{pending_words(runs.pending)}"
            )
        return set(runs.finished)

    def runs_of_job(self, job: str) -> JobRuns:
        """The ids of the runs of ``job``, finished and pending: those whose inputs, as
        `history runs` lists them (``job_name``), are ``job``, each input as the file
        system reads it. The whole name only: one input of a job meant that job only
        until some run had that input alone, and from then on that run's, with no word.
        A UsageError where it has no run, naming the jobs there are (the newest first):
        a mistyped name reported nothing, which a cron job mails as "no news"."""
        wanted = _wanted_job(job)
        listed = self.run_inputs()
        pending_listed = self._pending_inputs()
        runs = JobRuns(frozenset(_runs_of(listed, wanted)), tuple(_runs_of(pending_listed, wanted)))
        if runs.finished or runs.pending:
            return runs
        # One name per job, as matched: `./feeds/a.xml` and `feeds/a.xml` are one job.
        # Pending runs' jobs too: --job takes a job whose runs are all pending.
        finished = {_job_key(inputs) for _, inputs in listed if inputs}
        named: dict[str, str] = {}
        for _, inputs in sorted(listed + pending_listed, key=lambda run: run[0], reverse=True):
            if inputs:
                named.setdefault(_job_key(inputs), job_name(inputs))
        if not named:
            raise UsageError(f"no job {job!r} in history {self.path}: no run names its inputs")
        jobs = [
            # Shell-quoted, not repr'd: a name holding a quote is pasted back into --job.
            pasted_name(name) if key in finished else f"{pasted_name(name)} (only pending runs)"
            for key, name in named.items()
        ]
        raise UsageError(
            f"no job {job!r} in history {self.path}; its jobs (each the whole of its "
            f"inputs as `mtaudit history runs` lists them): {_listed(jobs)}"
        )

    def seen(self, until: str | None = None, since: str | None = None) -> list[SeenDocument]:
        """Every row, up to the last run started in [``since``, ``until``], of the
        documents those runs saw (their earlier rows included), in the order their runs
        were recorded (as ``runs``; "new" and "changed" were judged in it), and of the
        documents that held one of their texts (what a renamed file was called).

        The window is chosen by start time, what came before it by recording: earlier
        rows were those started before ``until``, so a run whose clock was behind,
        recorded after the window's, was read as history and a file it renamed was
        reported under its later name, and one whose clock was ahead, recorded before,
        was left out of the history the window's runs were judged against."""
        last, args = _window(since, until, "r4.started")
        last += (" AND " if last else "WHERE ") + self._finished("r4")
        where = f"WHERE {self._finished('r')} AND r.id <= (SELECT MAX(r4.id) FROM runs r4 {last})"
        if since is not None:
            inner, inner_args = _window(since, until, "r2.started")
            inner += " AND " + self._finished("r2")
            in_window = (
                f"SELECT d2.{{}} FROM run_documents d2 JOIN runs r2 ON r2.id = d2.run_id {inner}"
            )
            where += " AND " + (
                f"(d.doc_id IN ({in_window.format('doc_id')}) OR d.doc_id IN "
                "(SELECT d3.doc_id FROM run_documents d3 WHERE d3.content_hash IN "
                f"({in_window.format('content_hash')})))"
            )
            args = [*args, *inner_args, *inner_args]
        query = (
            "SELECT d.run_id, r.started, d.position, d.doc_id, d.source, d.title, d.url, "
            "d.published, d.status, d.error, d.appearance, d.reused != 0, d.content_hash, "
            "d.result_key, d.source_key, d.source_label, d.source_kind, "
            "COALESCE(res.machine_translated, 0) != 0, res.probability, res.source_lang, "
            f"{self._text_known()}, res.signature "
            "FROM run_documents d JOIN runs r ON r.id = d.run_id "
            "LEFT JOIN results res ON res.key = d.result_key "
            f"{where} ORDER BY r.id, d.position"
        )
        with self._translated():
            rows = self.conn.execute(query, args).fetchall()
        thresholds: dict[str | None, float | None] = {}
        for *_, signature in rows:
            if signature not in thresholds:
                thresholds[signature] = _threshold_of(signature)
        seen = [SeenDocument._make((*row[:-2], thresholds[row[-1]], row[-2])) for row in rows]
        # The latest label each feed had among the rows read, for an outage it joins.
        feeds = {s.source_key: s.source_label for s in seen if s.source_kind == "feed"}
        return [_regrouped(s, feeds) for s in seen]

    def _text_known(self) -> str:
        """The text_known column, or NULL in a version-3 history read read-only."""
        return "d.text_known" if "text_known" in self._columns("run_documents") else "NULL"

    def verdict_thresholds(self, keys: Iterable[str]) -> dict[str, float]:
        """The threshold each stored result's verdict was judged against (from its
        ``audit`` blob), by result key; a result without one (no verdict, an older
        codec, a blob that does not decode) is left out. The settings signature's
        threshold is the run's model: with the LM on, a document the LM gave no scores
        (too short, empty) is judged by the text-only model, against another one."""
        wanted = sorted(set(keys))
        out: dict[str, float] = {}
        with self._translated():
            for start in range(0, len(wanted), 500):  # SQLite's limit on parameters
                chunk = wanted[start : start + 500]
                rows = self.conn.execute(
                    "SELECT key, audit, codec FROM results WHERE key IN "
                    f"({','.join('?' * len(chunk))})",
                    chunk,
                ).fetchall()
                for key, blob, codec in rows:
                    value = _blob_threshold(blob) if codec == CODEC else None
                    if value is not None:
                        out[key] = value
        return out

    def previous_run(self, run_id: int) -> int | None:
        """The run recorded just before ``run_id``, if any (as ``runs`` orders them)."""
        with self._translated():
            row = self.conn.execute(
                f"SELECT MAX(id) FROM runs WHERE id < ? AND {self._finished()}", (run_id,)
            ).fetchone()
        return row[0] if row else None

    def finding_codes(self, result_keys: Iterable[str]) -> dict[str, Counter[str]]:
        """Rule codes of each result's findings, counted."""
        keys = sorted(set(result_keys))
        out: dict[str, Counter[str]] = {k: Counter() for k in keys}
        with self._translated():
            for chunk in _chunks(keys):
                rows = self.conn.execute(
                    "SELECT result_key, code, COUNT(*) FROM findings WHERE result_key IN "
                    f"({','.join('?' * len(chunk))}) GROUP BY result_key, code",
                    chunk,
                )
                for key, code, n in rows:
                    out[key][code] = n
        return out

    def known_baseline(self) -> Baseline:
        """What the history knew before this run, as a baseline for ``--new-only``:
        each document's latest result in an accepted run, and the latest accepted run's
        run-level findings. A run whose gate failed is left out: its findings were
        recorded, and a retry of the failed job took them all as known and passed."""
        from audits.baseline import Baseline, BaselineDocument

        accepted_ok = (
            "{d}.status = 'ok' AND {d}.run_id IN "
            f"(SELECT r.id FROM runs r WHERE r.accepted AND {self._finished('r')})"
        )
        documents = accepted_ok.format(d="d")
        with self._translated(), self._read():
            rows = self.conn.execute(
                "SELECT d.doc_id, d.content_hash, res.machine_translated, res.probability, "
                "d.result_key "
                "FROM run_documents d JOIN results res ON res.key = d.result_key "
                f"WHERE {documents} AND d.run_id = "
                "(SELECT MAX(x.run_id) FROM run_documents x "
                f"WHERE x.doc_id = d.doc_id AND {accepted_ok.format(d='x')})"
            ).fetchall()
            prints: dict[str, Counter[str]] = {}
            for key, fingerprint in self.conn.execute(
                "SELECT f.result_key, f.fingerprint FROM findings f WHERE f.result_key IN "
                f"(SELECT DISTINCT d.result_key FROM run_documents d WHERE {documents})"
            ):
                prints.setdefault(key, Counter())[fingerprint] += 1
            latest = self.conn.execute(
                "SELECT signature_string, run_findings FROM runs "
                f"WHERE accepted AND {self._finished()} ORDER BY id DESC LIMIT 1"
            ).fetchone()
        docs = [
            BaselineDocument(
                id=doc_id,
                content_hash=digest,
                machine_translated=bool(mt),
                finding_keys=prints.get(key, Counter()),
                probability=probability,
                details=functools.partial(self._baseline_details, key),
            )
            for doc_id, digest, mt, probability, key in rows
        ]
        run_places: Counter[str] = Counter(
            run_place_key(rf.code, doc_id, f.text)
            for rf in self._run_findings(latest[1] if latest else "[]")
            for doc_id, f in rf.places
        )
        return Baseline(
            path=f"history {self.path}",
            signature=latest[0] if latest else "",
            by_id={d.id: d for d in docs},
            by_hash={d.content_hash: d for d in docs if d.content_hash},
            run_finding_places=run_places,
        )

    def _baseline_details(self, key: str, known: BaselineDocument) -> BaselineDocument | None:
        """``known`` with its findings and text, read from its stored result, for a
        document that was edited since: the fingerprints alone made every finding in an
        edited sentence new, and could not tell an edit from a rewrite. None when the
        result cannot be read (a closed store, a result of an older codec)."""
        try:
            with self._translated():
                row = self.conn.execute(
                    "SELECT text, audit, codec FROM results WHERE key = ?", (key,)
                ).fetchone()
            if row is None or row[2] != CODEC:
                return None
            text = decompress(row[0])
            audit = decode_audit(row[1], Document(id=known.id, text=text, source=known.id), None)
        except (HistoryError, StoredResultError, sqlite3.Error, zlib.error, ValueError):
            return None
        findings = known_findings(
            [(f.code, f.text, f.sentence) for f in audit.findings],
            {s.index: s.text for s in audit.sentences},
        )
        return dataclasses.replace(
            known,
            findings=findings,
            text=" ".join(s.text for s in audit.sentences),
            details=None,
        )

    def load_run(self, run_id: int) -> RunAudit:
        """A recorded run, rebuilt so every report format renders it."""
        with self._translated(), self._read():
            run = self.conn.execute(
                f"SELECT started, finished, signature, run_findings, {self._finished()} "
                "FROM runs WHERE id = ?",
                (run_id,),
            ).fetchone()
            if run is None:
                raise HistoryError(self._no_run(run_id))
            if not run[4]:
                raise HistoryError(self._unfinished(run_id))
            rows = self.conn.execute(
                "SELECT d.doc_id, d.source, d.title, d.url, d.published, d.author, d.lang, d.meta, "
                "d.status, d.error, d.reused, "
                f"{_SURVIVING_RUN.format(run='res.run_id')}, res.audited, res.signature, res.text, "
                "res.audit FROM run_documents d LEFT JOIN results res ON res.key = d.result_key "
                "WHERE d.run_id = ? ORDER BY d.position",
                (run_id,),
            ).fetchall()
        audits = [_rebuilt(row) for row in rows]
        return RunAudit(
            documents=audits,
            signature=_json_dict(run[2]),
            started=run[0],
            finished=run[1],
            run_findings=self._run_findings(run[3]),
            history_run_id=run_id,
        )

    def latest_run(self) -> int:
        """The id of the run recorded last (as ``runs`` orders them): what `history show
        latest` shows, the run a cron job just made, whose id the job was never told."""
        with self._translated():
            (latest,) = self.conn.execute(
                f"SELECT MAX(id) FROM runs WHERE {self._finished()}"
            ).fetchone()
        if latest is None:
            raise HistoryError(self._no_latest())
        return int(latest)

    def _no_latest(self) -> str:
        """Why `latest` names no run: as `history show 2` says, "no runs recorded yet"
        was not so of a history of pending runs."""
        pending = self.pending_runs()
        if pending:
            return f"history {self.path}: no finished runs yet; {pending_words(pending)}"
        return f"history {self.path}: no runs recorded yet"

    def _no_run(self, run_id: int) -> str:
        """Why ``run_id`` names no run, and which runs there are. Run ids are never
        given twice (AUTOINCREMENT), so one at or below the highest ever given was a
        run, and only a prune forgets one: "no run 3" alone sent the user looking for a
        mistyped id, or a wrong --history, when a scheduled prune had taken it."""
        finished = f"SELECT id FROM runs WHERE {self._finished()} ORDER BY id"
        kept = [row[0] for row in self.conn.execute(finished)]
        given = self.conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'runs'").fetchone()
        highest = max([*(given or ()), *kept, 0])
        said = f"history {self.path}: no run {run_id}"
        # Named beside the kept ones: left out, a pending run read as a pruned one.
        pending = self.pending_runs()
        if not kept:
            if pending:
                return f"{said}: no finished runs yet; {pending_words(pending)}"
            return f"{said}: no runs recorded yet"
        which = f"the runs kept: {run_stretches(kept)} (`mtaudit history runs` lists them)"
        if pending:
            which += f", and {pending_words(pending)}"
        if run_id <= highest:
            return f"{said}: it was pruned (`mtaudit history prune`); {which}"
        return f"{said}: the latest is run {kept[-1]}; {which}"

    def _unfinished(self, run_id: int) -> str:
        return (
            f"history {self.path}: run {run_id} did not finish: its reports are being "
            "written, or it stopped before they were (it is no run to reuse, --new-only or "
            "a trend, and a prune forgets it)"
        )

    def accept(self, run_id: int | None) -> Acceptance:
        """Take what run ``run_id`` saw as known to later ``--new-only`` runs, as if its
        gate had passed. ``None`` is the run recorded last, read in the same write
        transaction: read first and accepted after, a prune between the two (another
        job's run recorded, then `prune --keep 1`) made `accept latest` fail on a run
        that had been the latest a moment before."""
        with self._translated(), self._write():
            if run_id is None:
                (run_id,) = self.conn.execute(
                    f"SELECT MAX(id) FROM runs WHERE {self._finished()}"
                ).fetchone()
                if run_id is None:
                    raise HistoryError(self._no_latest())
            row = self.conn.execute(
                f"SELECT accepted, {self._finished()} FROM runs WHERE id = ?", (run_id,)
            ).fetchone()
            if row is None:
                raise HistoryError(self._no_run(run_id))
            if not row[1]:
                raise HistoryError(self._unfinished(run_id))
            self.conn.execute("UPDATE runs SET accepted = 1 WHERE id = ?", (run_id,))
        return Acceptance(run_id=int(run_id), changed=not row[0])

    def _run_findings(self, stored: str) -> list[RunFinding]:
        try:
            return from_plain(list[RunFinding], json.loads(stored or "[]"))
        except (ValueError, TypeError, KeyError):
            return []

    # -- keeping it bounded

    def prune(
        self,
        before: str | None = None,
        *,
        keep: int | None = None,
        vacuum: bool = False,
        dry_run: bool = False,
    ) -> PruneResult:
        """Forget runs started before ``before`` that are not among the newest ``keep``
        (by recording order; never the latest run, nor the latest accepted one) and the
        results no remaining run refers to, then give the space back to the file system.
        Either alone limits what goes; both keep what either keeps. ``dry_run`` counts
        what would go and changes nothing."""
        if before is None and keep is None:
            # Nothing to keep by: every run but the latest would go.
            raise ValueError("prune needs a cutoff (before) or a number of runs to keep")
        if keep is not None and keep < 1:
            raise ValueError(f"keep must be at least 1, not {keep}")
        size_before = self.size()
        if dry_run:
            # Counted in a read, never a write rolled back: a user who may read the
            # history but not write it (its folder another user's, a read-only mount)
            # got "attempt to write a readonly database" from a dry run.
            with self._translated(), self._read():
                doomed, unfinished = self._doomed_runs(before, keep)
                (documents, results), unfinished_counts = self._counted(doomed, unfinished)
            size_after, truncated = size_before, True
        else:
            with self._translated(), self._write():
                doomed, unfinished = self._doomed_runs(before, keep)
                documents, results = self._forget(doomed)
                # Second, so that what they alone held is counted as theirs.
                unfinished_counts = self._forget(unfinished)
            with self._translated():
                if vacuum:
                    self.conn.execute("VACUUM")
                else:
                    # sqlite3's execute() steps a statement once, and this pragma frees
                    # one page per step; executescript() runs it to the end.
                    self.conn.executescript("PRAGMA incremental_vacuum;")
                truncated = self._truncate_log()
            size_after = self.size()
        return PruneResult(
            len(doomed),
            documents,
            results,
            size_before,
            size_after,
            dry_run=dry_run,
            log_truncated=truncated,
            run_ids=tuple(doomed),
            unfinished=unfinished,
            unfinished_documents=unfinished_counts[0],
            unfinished_results=unfinished_counts[1],
        )

    def _truncate_log(self) -> bool:
        """Empty the write-ahead log; False when a reader kept it. A TRUNCATE checkpoint
        waits for readers, then gives up with busy=1 in its row, which was discarded:
        prune then said the file grew, without a word why. Its wait is kept short (a
        trend build can read for long), and the next prune truncates it."""
        wait = min(self.timeout, CHECKPOINT_WAIT_S)
        self.conn.execute(f"PRAGMA busy_timeout = {int(wait * 1000)}")
        try:
            row = self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        finally:
            self.conn.execute(f"PRAGMA busy_timeout = {int(self.timeout * 1000)}")
        return not row or not row[0]

    def _doomed_runs(
        self, before: str | None, keep: int | None
    ) -> tuple[list[int], tuple[int, ...]]:
        """The finished runs that go, and the unfinished ones."""
        # Chosen inside the write transaction: a run another job records meanwhile
        # waits for it, so the newest `keep` are the newest when they are deleted.
        # The latest accepted run too: after a failed gate it is what --new-only knows.
        # Finished runs only: a pending one is no run, and kept none.
        done = self._finished()
        kept = [
            self.conn.execute(f"SELECT MAX(id) FROM runs WHERE {done}").fetchone()[0] or -1,
            self.conn.execute(f"SELECT MAX(id) FROM runs WHERE accepted AND {done}").fetchone()[0]
            or -1,
        ]
        # The newest by id, the order runs were recorded in (as `report` orders them),
        # not by start time, which another machine's clock may put anywhere.
        newest = (
            self.conn.execute(
                f"SELECT MIN(id) FROM (SELECT id FROM runs WHERE {done} ORDER BY id DESC LIMIT ?)",
                (keep,),
            ).fetchone()[0]
            if keep is not None
            else None
        )
        doomed = [
            run_id
            for (run_id,) in self.conn.execute(
                "SELECT id FROM runs WHERE (? IS NULL OR started < ?) AND (? IS NULL OR id < ?) "
                f"AND id NOT IN (?, ?) AND {done} ORDER BY id",
                (before, before, newest, newest, *kept),
            )
        ]
        # Recorded, by this machine's clock, long enough ago that its reports are not
        # still being written: stopped, and never to finish. (A history of version 3
        # or 4, dry-run read-only, has no pending runs, nor their column.)
        # Asked only where the column is: a comprehension's filter is no guard for the
        # query it iterates, which SQLite refused ("no such column: pending").
        if not self._pending_column:
            return doomed, ()
        unfinished = tuple(
            run_id
            for (run_id,) in self.conn.execute(
                "SELECT id FROM runs WHERE pending AND recorded < ? ORDER BY id",
                (cutoff(UNFINISHED_GRACE),),
            )
        )
        return doomed, unfinished

    def _counted(
        self, doomed: Sequence[int], unfinished: Sequence[int]
    ) -> tuple[tuple[int, int], tuple[int, int]]:
        """What ``_forget`` would delete of ``doomed``, then of ``unfinished``: the
        document entries, and the results no run left would refer to, read only."""
        gone = self._forgettable(doomed)
        both = self._forgettable([*doomed, *unfinished])
        return gone, (both[0] - gone[0], both[1] - gone[1])

    def _forgettable(self, run_ids: Sequence[int]) -> tuple[int, int]:
        # One parameter however many runs (SQLite caps them), as ``runs`` passes ids.
        ids = json.dumps(list(run_ids))
        (documents,) = self.conn.execute(
            "SELECT COUNT(*) FROM run_documents WHERE run_id IN (SELECT value FROM json_each(?))",
            (ids,),
        ).fetchone()
        (results,) = self.conn.execute(
            "SELECT COUNT(*) FROM results WHERE key NOT IN (SELECT result_key FROM "
            "run_documents WHERE result_key IS NOT NULL AND run_id NOT IN "
            "(SELECT value FROM json_each(?)))",
            (ids,),
        ).fetchone()
        return int(documents), int(results)

    def _forget(self, run_ids: Sequence[int]) -> tuple[int, int]:
        """Delete ``run_ids`` and the results no run left refers to; how many document
        entries and results went."""
        documents = results = 0
        for chunk in _chunks(list(run_ids)):
            marks = ",".join("?" * len(chunk))
            documents += self.conn.execute(
                f"DELETE FROM run_documents WHERE run_id IN ({marks})", chunk
            ).rowcount
            # The only deletion of runs: ``_no_run`` says any id it lacks up to the
            # highest given "was pruned", which another way to delete runs must keep true.
            self.conn.execute(f"DELETE FROM runs WHERE id IN ({marks})", chunk)
        # A kept result audited by a forgotten run no longer names it: "reused from run
        # 3" pointed at a run `history show` then called "no run 3".
        self.conn.execute(
            "UPDATE results SET run_id = NULL WHERE run_id NOT IN (SELECT id FROM runs)"
        )
        orphans = [
            key
            for (key,) in self.conn.execute(
                "SELECT key FROM results WHERE key NOT IN "
                "(SELECT result_key FROM run_documents WHERE result_key IS NOT NULL)"
            )
        ]
        for chunk in _chunks(orphans):
            marks = ",".join("?" * len(chunk))
            self.conn.execute(f"DELETE FROM findings WHERE result_key IN ({marks})", chunk)
            results += self.conn.execute(
                f"DELETE FROM results WHERE key IN ({marks})", chunk
            ).rowcount
        return documents, results

    def size(self) -> int:
        """Bytes on disk: the database and the files SQLite keeps beside it."""
        total = 0
        for name in [os.fspath(self.path), *side_files(self.path)]:
            with contextlib.suppress(OSError):
                total += os.path.getsize(name)
        return total


@dataclass(frozen=True)
class _Prepared:
    """A document's row values computed before the write lock is taken."""

    audit: DocumentAudit
    position: int
    key: str | None
    content_hash: str | None

    @classmethod
    def of(cls, audit: DocumentAudit, position: int, settings: str) -> _Prepared:
        if not audit.ok:
            return cls(audit, position, None, None)
        from audits.reuse import audit_key

        doc = audit.document
        return cls(audit, position, audit_key(doc, settings), document_hash(doc))


def _before(at_finish: bool) -> str:
    """SQL (taking the run's id) for the finished runs a run is judged against: those
    recorded before it, or, as it finishes, every other finished run, those that
    finished while it was pending included."""
    other = "run_id <> ?" if at_finish else "run_id < ?"
    return f"{other} AND run_id NOT IN {_PENDING_RUNS}"


def _rebuilt(row: Sequence[Any]) -> DocumentAudit:
    (
        doc_id,
        source,
        title,
        url,
        published,
        author,
        lang,
        meta,
        status,
        error,
        reused,
        result_run,
        audited,
        signature,
        text,
        blob,
    ) = row
    doc = Document(
        id=doc_id,
        text=decompress(text) if text is not None else "",
        source=source,
        title=title,
        url=url,
        published=published,
        author=author,
        lang=lang,
        meta=_json_dict(meta),
    )
    if status != "ok" or blob is None:
        return DocumentAudit(document=doc, status="error", error=error or "result not stored")
    prior = (
        PriorResult(run=result_run, audited=audited, signature=_json_dict(signature))
        if reused
        else None
    )
    try:
        return decode_audit(blob, doc, prior)
    except StoredResultError as exc:
        return DocumentAudit(document=doc, status="error", error=str(exc))


def _chunks(values: list[Any]) -> Iterator[list[Any]]:
    # SQLite limits the number of ? in one statement.
    for i in range(0, len(values), _CHUNK):
        yield values[i : i + _CHUNK]


def _regrouped(s: SeenDocument, feeds: dict[str, str]) -> SeenDocument:
    stored = SourceGroup(s.source_key, s.source_label, s.source_kind)
    group = read_group(s.source, s.status, stored, feeds)
    if group == stored:
        return s
    return s._replace(source_key=group.key, source_label=group.label, source_kind=group.kind)


def _window(since: str | None, until: str | None, column: str) -> tuple[str, list[Any]]:
    clauses, args = [], []
    if since is not None:
        clauses.append(f"{column} >= ?")
        args.append(since)
    if until is not None:
        clauses.append(f"{column} <= ?")
        args.append(until)
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", args


def _json_dict(value: str | None) -> dict[str, Any]:
    try:
        data = json.loads(value or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _blob_threshold(blob: bytes | None) -> float | None:
    """The verdict's threshold in a stored result, read without decoding the rest."""
    try:
        verdict = json.loads(decompress(blob or b"")).get("verdict")
    except (ValueError, AttributeError, zlib.error):
        return None
    value = verdict.get("threshold") if isinstance(verdict, dict) else None
    if not isinstance(value, int | float) or isinstance(value, bool) or not 0 <= value <= 1:
        return None
    return float(value)


def _threshold_of(signature: str | None) -> float | None:
    """The verdict's threshold a settings signature names."""
    value = (_json_dict(signature).get("thresholds") or {}).get("machine_translated")
    if not isinstance(value, int | float) or isinstance(value, bool) or not 0 <= value <= 1:
        return None  # not a threshold (NaN, a hand-edited file): P shows two decimals
    return reported_threshold(float(value))


def _json_list(value: str | None) -> list[str]:
    try:
        data = json.loads(value or "[]")
    except ValueError:
        return []
    return [str(v) for v in data] if isinstance(data, list) else []


def cutoff(older_than: dt.timedelta, now: dt.datetime | None = None) -> str:
    """The stored-time string before which runs are older than ``older_than``."""
    try:
        return iso((now or now_utc()) - older_than)
    except OverflowError:  # an age reaching back past year 1: no run is that old
        return iso(dt.datetime.min)
