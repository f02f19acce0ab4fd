"""The rule engine over worker processes (``-j N``) gives the run one process gives."""

from __future__ import annotations

import dataclasses
import json
import os

import pytest

from audits.config import AuditConfig
from audits.document import Document
from audits.engine import audit_documents
from audits.errors import UsageError
from audits.process_pool import forks_workers
from audits.reports import get_reporter

ARTICLES = [
    "Secretary of State Antony Blinken met his Russian counterpart in Geneva on Monday.",
    "Antony Blinkin promised more help for Ukraine on Friday, officials said.",
    "On Friday Sergueï Lavrov met officials in Ankara to discuss the grain deal.",
    "Sergei Lavrov flew home on Saturday after the talks ended without agreement.",
    "The council approved the new budget on Tuesday after a long debate about schools.",
    "Heavy rain closed the coastal road for a second day, and the ferry was cancelled.",
    "The museum will reopen next spring with a new wing devoted to local photographers.",
    "Farmers in the valley say the late frost has cut this year's apple harvest by half.",
    "The university announced a partnership with three hospitals to train more nurses.",
    "The central bank left interest rates unchanged, citing slowing inflation figures.",
]


def _report(jobs: int) -> dict:
    docs = [Document(f"d{i}", text, f"d{i}.txt") for i, text in enumerate(ARTICLES)]
    run = audit_documents(docs, dataclasses.replace(AuditConfig(lm=False), jobs=jobs))
    report = json.loads(get_reporter("json").render(run))
    for volatile in ("started", "finished", "duration", "timing"):
        report.pop(volatile, None)
    return report


def test_a_parallel_run_reports_what_one_process_reports() -> None:
    # The workers rebuild each document's segmentation from offsets, send back only what
    # the parent lacks, and send the name rules' mentions for the run-level N310.
    serial, parallel = _report(1), _report(2)
    assert [rf["code"] for rf in serial["run_findings"]].count("N310") == 2
    assert parallel == serial


def _killing(monkeypatch: pytest.MonkeyPatch, marker: str) -> None:
    """Typography's rules kill their process on a text holding ``marker``, as a document
    that runs a worker out of memory or crashes native code would (the workers are
    forks of this process, so they inherit the patch)."""
    from audits.detectors.typography import Typography

    real = Typography.detect

    def detect(self, ctx):  # type: ignore[no-untyped-def]
        if marker in ctx.text:
            os._exit(9)
        return real(self, ctx)

    monkeypatch.setattr(Typography, "detect", detect)


@pytest.mark.skipif(not forks_workers(), reason="the patch reaches forked workers only")
def test_a_document_that_kills_its_worker_process_is_an_error_entry(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`-j N` with a document whose worker dies (the OOM killer): the whole run ended
    as 'internal error: BrokenProcessPool'. Now the dead worker's documents are audited
    again one by one, and only that document is an error entry, as on Ray."""
    docs = [Document(f"d{i}", ARTICLES[i % len(ARTICLES)], f"d{i}.txt") for i in range(20)]
    docs.insert(5, Document("killer", "KILLER here. " + ARTICLES[0], "killer.txt"))
    serial = audit_documents([d for d in docs if d.id != "killer"], AuditConfig(lm=False))
    _killing(monkeypatch, "KILLER")
    run = audit_documents(docs, dataclasses.replace(AuditConfig(lm=False), jobs=2))
    errors = {d.document.id: d.error for d in run.documents if d.status != "ok"}
    assert errors == {
        "killer": "its worker process died while auditing it (out of memory, a crash in "
        "native code or a signal); the rest of the run was audited"
    }
    others = [d for d in run.documents if d.document.id != "killer"]
    assert [(d.document.id, d.findings) for d in others] == [
        (d.document.id, d.findings) for d in serial.documents
    ]
    # Workers that die on whatever they audit: one line, not a worker started per document.
    _killing(monkeypatch, "")
    with pytest.raises(UsageError, match=r"^the run failed: its worker processes keep dying"):
        audit_documents(docs, dataclasses.replace(AuditConfig(lm=False), jobs=2))


# A pool of workers started while another thread of the process is importing a slow
# module (a library caller's thread importing transformers, say), each worker then
# importing it too.
_FORKED_MID_IMPORT = """
import functools, importlib, sys, threading, time
from audits import process_pool
from audits.process_pool import map_in_processes
from value_of import value

process_pool.IMPORT_WAIT = float(sys.argv[1])

threading.Thread(target=importlib.import_module, args=("slow_to_import",)).start()
while "slow_to_import" not in sys.modules:
    time.sleep(0.01)
forked = []
out = map_in_processes(
    functools.partial(value, "slow_to_import"), [0, 1, 2, 3], 2, on_fork=lambda: forked.append(1)
)
print(out, forked)
"""


def _run_beside_a_slow_import(
    tmp_path, script: str, args: list[str], timeout: int, hung: str
) -> str:  # type: ignore[no-untyped-def]
    """Run ``script`` in a fresh interpreter beside modules ``slow_to_import`` (two
    seconds to import) and ``value_of``; its stdout, or the test fails with ``hung``."""
    import subprocess
    import sys

    from tests.conftest import ROOT

    (tmp_path / "slow_to_import.py").write_text("import time\ntime.sleep(2)\nVALUE = 40\n")
    (tmp_path / "value_of.py").write_text(
        "import importlib\n\n\ndef value(name, item):\n"
        "    return importlib.import_module(name).VALUE + item\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(tmp_path)])}
    try:
        done = subprocess.run(
            [sys.executable, "-c", script, *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(hung)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


@pytest.mark.skipif(not forks_workers(), reason="only forked workers copy a half-run import")
@pytest.mark.parametrize("wait", ["10", "0"], ids=["forked-after-it", "spawned"])
def test_workers_started_while_another_thread_imports_do_not_hang(tmp_path, wait: str) -> None:  # type: ignore[no-untyped-def]
    """A fork copies the half-run module and the import lock its thread holds, but not
    the thread: a worker that imported the module waited for that lock for ever, and
    the run with it (the rare hang of `-j` beside a thread importing transformers).
    The workers are forked once the import is done, or spawned if it takes longer."""
    out = _run_beside_a_slow_import(
        tmp_path, _FORKED_MID_IMPORT, [wait], 90, "the workers started mid-import hung"
    )
    # What the parent loads for the workers is loaded only for forked ones to share.
    assert out == f"[40, 41, 42, 43] {[1] if wait == '10' else []}"


# The same, with the other thread's import started while on_fork loads for the workers.
_IMPORT_STARTED_IN_ON_FORK = """
import functools, importlib, sys, threading, time
from audits.process_pool import map_in_processes
from value_of import value


def preload():
    threading.Thread(target=importlib.import_module, args=("slow_to_import",)).start()
    while "slow_to_import" not in sys.modules:
        time.sleep(0.01)


fn = functools.partial(value, "slow_to_import")
print(map_in_processes(fn, [0, 1, 2, 3], 2, on_fork=preload))
"""


@pytest.mark.skipif(not forks_workers(), reason="only forked workers copy a half-run import")
def test_an_import_started_while_on_fork_runs_does_not_hang_the_workers(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """on_fork (the lexicon preload, seconds) runs after the look for imports under
    way: one another thread started meanwhile was forked half-run and the run hung."""
    out = _run_beside_a_slow_import(
        tmp_path,
        _IMPORT_STARTED_IN_ON_FORK,
        [],
        30,
        "the workers forked after on_fork's import began hung",
    )
    assert out == "[40, 41, 42, 43]"


@pytest.mark.skipif(
    not forks_workers(), reason="spawned only in the fallback where forks are the rule"
)
def test_spawned_workers_of_an_unguarded_script_say_why_they_died(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A script without `if __name__ == "__main__":` whose workers were spawned (an
    import still under way) starts its work again in each worker, which dies in its
    bootstrap: the caller saw only "a worker process ended unexpectedly (exit code 1)"."""
    import subprocess
    import sys

    from tests.conftest import ROOT

    (tmp_path / "slow_to_import.py").write_text("import time\ntime.sleep(2)\nVALUE = 40\n")
    (tmp_path / "value_of.py").write_text(
        "import importlib\n\n\ndef value(name, item):\n"
        "    return importlib.import_module(name).VALUE + item\n"
    )
    script = tmp_path / "unguarded.py"
    script.write_text(_FORKED_MID_IMPORT)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(tmp_path)])}
    done = subprocess.run(
        [sys.executable, str(script), "0"], capture_output=True, text=True, env=env, timeout=90
    )
    assert done.returncode != 0
    last = done.stderr.strip().splitlines()[-1]
    assert "ended unexpectedly" in last and 'if __name__ == "__main__":' in last, done.stderr


# A guarded start (here `python -c`, whose main module spawned workers do not re-run)
# with spawned workers that die on their first chunk for their own reasons.
_SPAWNED_AND_DYING = """
import multiprocessing
from audits.process_pool import map_in_processes
from dies import die

multiprocessing.set_start_method("spawn")
map_in_processes(die, [0, 1, 2, 3], 2)
"""


def test_spawned_workers_that_did_not_rerun_main_are_not_told_to_guard_it(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The `__main__` hint was added to any spawned worker's first-chunk death, also
    where the main module is not re-run and the guard cannot be the cause."""
    import subprocess
    import sys

    from tests.conftest import ROOT

    (tmp_path / "dies.py").write_text("import os\n\n\ndef die(item):\n    os._exit(1)\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(tmp_path)])}
    done = subprocess.run(
        [sys.executable, "-c", _SPAWNED_AND_DYING],
        capture_output=True,
        text=True,
        env=env,
        timeout=90,
    )
    assert done.returncode != 0
    last = done.stderr.strip().splitlines()[-1]
    assert "ended unexpectedly" in last and "__main__" not in last, done.stderr


# A worker that dies on its first item, and another thread that starts importing a slow
# module as the dead worker's item is given up (on_death), just before a worker is
# started in its place; the new worker imports that module too.
_RESTARTED_MID_IMPORT = """
import functools, importlib, sys, threading, time
from audits import process_pool
from audits.process_pool import map_in_processes
from dies_on_zero import value

process_pool.IMPORT_WAIT = float(sys.argv[1])


def given_up(item):
    threading.Thread(target=importlib.import_module, args=("slow_to_import",)).start()
    while "slow_to_import" not in sys.modules:
        time.sleep(0.01)
    return -1


fn = functools.partial(value, "slow_to_import")
print(map_in_processes(fn, [0, 1, 2, 3], 1, chunksize=1, on_death=given_up))
"""


@pytest.mark.skipif(not forks_workers(), reason="only forked workers copy a half-run import")
@pytest.mark.parametrize("wait", ["10", "0"], ids=["forked-after-it", "spawned"])
def test_a_worker_started_after_a_death_mid_import_does_not_hang(tmp_path, wait: str) -> None:  # type: ignore[no-untyped-def]
    """The look for another thread's import was made once, before the first workers:
    a worker started in place of a dead one was forked whatever was being imported
    by then, and hung on the half-run module's lock, and the run with it."""
    (tmp_path / "dies_on_zero.py").write_text(
        "import importlib, os\n\n\ndef value(name, item):\n"
        "    if item == 0:\n        os._exit(9)\n"
        "    return importlib.import_module(name).VALUE + item\n"
    )
    out = _run_beside_a_slow_import(
        tmp_path, _RESTARTED_MID_IMPORT, [wait], 90, "the worker restarted mid-import hung"
    )
    assert out == "[-1, 41, 42, 43]"


# Another thread's import whose module is being made and not yet in sys.modules (a C
# extension's init runs there, seconds for a large one): it holds the module's lock.
# Its loader waits for ``made``; in a spawned worker, the file on disk is imported.
_FORKED_MID_CREATE = """
import functools, importlib.abc, importlib.util, sys, threading
from audits import process_pool
from audits.process_pool import map_in_processes
from value_of import value

process_pool.IMPORT_WAIT = float(sys.argv[1])
creating, made = threading.Event(), threading.Event()


class SlowLoader(importlib.abc.Loader):
    def create_module(self, spec):
        creating.set()
        made.wait()

    def exec_module(self, module):
        module.VALUE = 40


class SlowFinder(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name == "slow_to_import":
            return importlib.util.spec_from_loader(name, SlowLoader())


sys.meta_path.insert(0, SlowFinder())
threading.Thread(target=importlib.import_module, args=("slow_to_import",)).start()
creating.wait()
assert "slow_to_import" not in sys.modules
if float(sys.argv[1]):
    threading.Timer(1, made.set).start()  # the import goes on while the workers wait
forked = []
out = map_in_processes(
    functools.partial(value, "slow_to_import"), [0, 1, 2, 3], 2, on_fork=lambda: forked.append(1)
)
made.set()
print(out, forked)
"""


@pytest.mark.skipif(not forks_workers(), reason="only forked workers copy a half-run import")
@pytest.mark.parametrize("wait", ["10", "0"], ids=["forked-after-it", "spawned"])
def test_workers_started_while_another_thread_makes_a_module_do_not_hang(  # type: ignore[no-untyped-def]
    tmp_path, wait: str
) -> None:
    """The look for imports under way saw only modules in sys.modules being run: an
    import whose module is still being made holds the module's lock all the same, and
    a worker forked then waited for that lock for ever when it imported the module."""
    out = _run_beside_a_slow_import(
        tmp_path, _FORKED_MID_CREATE, [wait], 90, "the workers forked mid-import hung"
    )
    assert out == f"[40, 41, 42, 43] {[1] if wait == '10' else []}"
