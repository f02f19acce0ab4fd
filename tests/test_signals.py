"""Ctrl-C, SIGTERM and a killed parent, sent to real `mtaudit audit` processes.

A parallel run (-j 2) is signalled once its two worker processes exist; every test
then checks the exit status, that no worker is left running and that no report file
(whole or partial) was written.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest

from audits.process_pool import WorkersKeepDying, map_in_processes

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "samples" / "awani-lavrov-blinken.txt"
MAIN = "from cli.app import main; main()"
# Enough documents to keep two workers busy for seconds, so that the signals come
# mid-run. Since the lexicons load before the workers fork and the rules got faster,
# 120 left the workers about 1 s of work once busy on a loaded 2-core machine (3-5 s
# before); 360 keep about 3 s.
DOCUMENTS = 360
# A stopped run exits within this many seconds (it takes well under one): a hang
# guard with room for a loaded machine. That the signal stopped the run is told by
# its exit status, its one line and the report it did not write, not by this clock.
# None of those tells "stopped at once" from "finished the documents in flight, then
# exited": with DOCUMENTS' 3 s of work left, such a drain passes, so no test here
# claims the run stops at once.
PROMPT_S = 15.0

pytestmark = [
    pytest.mark.skipif(
        not Path("/proc/self/stat").exists(), reason="finds worker processes through /proc"
    ),
    pytest.mark.usefixtures("live_stop_signals"),
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    text = SEED.read_text(encoding="utf-8")
    for i in range(DOCUMENTS):
        (folder / f"doc{i:03}.txt").write_text(f"Dispatch {i}\n\n{text}", encoding="utf-8")
    return folder


@pytest.fixture
def audit(corpus: Path, tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], Path]]:
    """`mtaudit audit CORPUS --no-lm -j 2 -o OUT/report.json` in a session of its own
    (so a signal can go to its process group, as a terminal sends Ctrl-C), and the
    folder it writes its report in; whatever is left of the group is killed after."""
    reports = tmp_path / "reports"
    reports.mkdir()
    args = ["audit", str(corpus), "--no-lm", "-j", "2", "-o", str(reports / "r.json")]
    proc = subprocess.Popen(
        [sys.executable, "-c", MAIN, *args],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT), "MTAUDIT_DEBUG": ""},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        yield proc, reports
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()


def test_ctrl_c_in_a_parallel_run_exits_130(
    audit: tuple[subprocess.Popen[str], Path],
) -> None:
    proc, reports = audit
    workers = _busy_workers(proc, 2)
    # A worker that raised KeyboardInterrupt holding the result queue's lock hung the
    # run (2 times in 10): the parent alone must take the terminal's Ctrl-C.
    assert [pid for pid, _ in workers if not _ignores(pid, signal.SIGINT)] == []
    os.killpg(proc.pid, signal.SIGINT)
    err = _exit_promptly(proc)
    assert proc.returncode == 130, err
    assert err.endswith("mtaudit: error: interrupted\n"), err
    assert "Traceback" not in err
    assert _running(workers) == []
    assert list(reports.iterdir()) == []


def test_sigterm_to_the_main_process_ends_its_workers_and_exits_143(
    audit: tuple[subprocess.Popen[str], Path],
) -> None:
    proc, reports = audit
    workers = _busy_workers(proc, 2)
    proc.terminate()
    err = _exit_promptly(proc)
    assert proc.returncode == 143, err
    assert err.endswith("mtaudit: error: terminated\n"), err
    assert "Traceback" not in err
    assert _running(workers) == []
    assert list(reports.iterdir()) == []


@pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="no SIGHUP on this platform")
def test_sighup_to_the_process_group_cleans_up_and_exits_129(
    audit: tuple[subprocess.Popen[str], Path],
) -> None:
    """A closed terminal sends SIGHUP to the run's process group: it killed the run
    outright (status -1), leaving a report being written as a `.tmp` beside its target."""
    proc, reports = audit
    workers = _busy_workers(proc, 2)
    assert [pid for pid, _ in workers if not _ignores(pid, signal.SIGHUP)] == []
    os.killpg(proc.pid, signal.SIGHUP)
    err = _exit_promptly(proc)
    assert proc.returncode == 129, err
    assert err.endswith("mtaudit: error: hung up\n"), err
    assert "Traceback" not in err
    assert _running(workers) == []
    assert list(reports.iterdir()) == []


IGNORABLE = ["SIGINT", "SIGTERM", *(["SIGHUP"] if hasattr(signal, "SIGHUP") else [])]


@pytest.mark.parametrize("name", IGNORABLE)
def test_a_signal_ignored_when_mtaudit_started_stays_ignored(name: str, tmp_path: Path) -> None:
    """`nohup mtaudit ...` (SIGHUP ignored) asks for the run to outlive its terminal;
    `mtaudit audit ... &` in a non-interactive shell (a CI script) starts it with
    SIGINT ignored, and a Ctrl-C meant for the foreground stopped it all the same
    (130, 'interrupted'): only SIGHUP was left ignored."""
    code = (
        "import signal, os\n"
        f"signal.signal(signal.{name}, signal.SIG_IGN)\n"
        "import cli.app, cli.commands\n"
        f"cli.commands.run = lambda: (os.kill(os.getpid(), signal.{name}), 0)[1]\n"
        "cli.app.main()\n"
    )
    done = _python(["-c", code], tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""


@pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="no SIGHUP on this platform")
def test_an_ignored_signal_stays_ignored_once_another_stopped_the_run(tmp_path: Path) -> None:
    """Under nohup, a run stopped by SIGTERM put SIGHUP back to its default while it
    exited: a SIGHUP then (the terminal closing) killed it with no word and no 143."""
    code = (
        "import atexit, signal, os, time\n"
        "signal.signal(signal.SIGHUP, signal.SIG_IGN)\n"
        "import cli.app, cli.commands\n"
        "atexit.register(lambda: (os.kill(os.getpid(), signal.SIGHUP), time.sleep(0.2)))\n"
        "cli.commands.run = lambda: (os.kill(os.getpid(), signal.SIGTERM), 0)[1]\n"
        "cli.app.main()\n"
    )
    done = _python(["-c", code], tmp_path)
    assert (done.returncode, done.stderr) == (143, "mtaudit: error: terminated\n")


def test_workers_die_with_a_main_process_killed_outright(
    audit: tuple[subprocess.Popen[str], Path],
) -> None:
    proc, _ = audit
    workers = _busy_workers(proc, 2)
    proc.kill()
    proc.wait(timeout=PROMPT_S)
    deadline = time.monotonic() + PROMPT_S
    while _running(workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _running(workers) == []


@pytest.mark.parametrize("module", ["typer", "rich.console", "audits.engine"])
def test_ctrl_c_while_the_cli_is_still_importing_is_one_line_and_130(
    module: str, tmp_path: Path
) -> None:
    proc = _python(["-c", _ctrl_c_as_loading(module), "audit", str(SEED), "--no-lm"], tmp_path)
    assert proc.returncode == 130, proc.stderr
    assert proc.stderr == "mtaudit: error: interrupted\n"
    assert proc.stdout == ""


@pytest.mark.parametrize("stderr", ["closed", "reader gone"])
def test_ctrl_c_with_no_stderr_to_hear_it_still_exits_130(stderr: str, tmp_path: Path) -> None:
    """With stderr closed (`2>&-`) or its reader gone (`2>&1 | true`), the line
    "interrupted" raised in its turn and the run ended with status 1 and a traceback
    nobody saw, in place of 130: a job's wrapper read a failed gate."""
    args = [sys.executable, "-c", _ctrl_c_as_loading("typer"), "audit", str(SEED), "--no-lm"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    if stderr == "closed":
        proc = subprocess.run(["bash", "-c", 'exec "$@" 2>&-', "mtaudit", *args], env=env)
    else:
        reader, writer = os.pipe()
        os.close(reader)
        try:
            proc = subprocess.run(args, env=env, stderr=writer, cwd=tmp_path)
        finally:
            os.close(writer)
    assert proc.returncode == 130


def _python(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """This checkout's Python run to the end, its output captured."""
    return subprocess.run(
        [sys.executable, *args],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
    )


def _ctrl_c_as_loading(module: str) -> str:
    """The console script's own code, with a Ctrl-C sent as ``module`` starts loading."""
    return f"""
import importlib.abc, os, signal, sys

class Trip(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name == {module!r}:
            sys.meta_path.remove(self)
            os.kill(os.getpid(), signal.SIGINT)
        return None

sys.meta_path.insert(0, Trip())
from cli.app import main
sys.exit(main())
"""


def _square(n: int) -> int:
    return n * n


def _fails_on_7(n: int) -> int:
    if n == 7:
        raise ValueError("seven")
    return n


def _dies_on_7(n: int) -> int:
    if n == 7:
        os._exit(3)
    return n


def _unpicklable(n: int) -> object:
    return lambda: n


def test_map_in_processes_reports_a_result_it_cannot_send_back() -> None:
    before = _children(os.getpid())
    with pytest.raises(RuntimeError, match="pickle"):
        map_in_processes(_unpicklable, range(10), 2, chunksize=3)
    assert _children(os.getpid()) == before


def test_map_in_processes_keeps_the_order_and_counts_progress() -> None:
    before = _children(os.getpid())
    done: list[int] = []
    assert map_in_processes(_square, range(50), 3, chunksize=4, progress=done.append) == [
        n * n for n in range(50)
    ]
    assert sorted(done) == done and done[-1] == 50
    assert _children(os.getpid()) == before


def test_map_in_processes_raises_what_a_worker_raised_and_ends_every_worker() -> None:
    before = _children(os.getpid())
    with pytest.raises(ValueError, match="seven") as caught:
        map_in_processes(_fails_on_7, range(40), 2, chunksize=3)
    assert any("raised in a worker process" in note for note in caught.value.__notes__)
    assert _children(os.getpid()) == before


def test_map_in_processes_reports_a_worker_that_died() -> None:
    before = _children(os.getpid())
    with pytest.raises(BrokenProcessPool, match="exit code 3"):
        map_in_processes(_dies_on_7, range(40), 2, chunksize=3)
    assert _children(os.getpid()) == before


# -- processes, through /proc (psutil is not a dependency)


def _stat(pid: int) -> list[str] | None:
    """The fields of /proc/PID/stat after the command name (state first), or None."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text.rsplit(")", 1)[1].split()


def _children(parent: int) -> list[tuple[int, str]]:
    """Live children of ``parent``, each as (pid, start time) so that a reused pid is
    not taken for the same process."""
    out = []
    for entry in os.listdir("/proc"):
        fields = _stat(int(entry)) if entry.isdigit() else None
        if fields and int(fields[1]) == parent and fields[0] != "Z":
            out.append((int(entry), fields[19]))
    return out


def _running(processes: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Those of ``processes`` still running (a zombie has ended: no init may reap it)."""
    alive = []
    for pid, started in processes:
        fields = _stat(pid)
        if fields and fields[0] != "Z" and fields[19] == started:
            alive.append((pid, started))
    return alive


def _busy_workers(proc: subprocess.Popen[str], count: int) -> list[tuple[int, str]]:
    """The ``count`` children of ``proc`` once each has spent 0.1 s of CPU time: well
    into their work, not still starting."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.communicate()[1]
        children = _children(proc.pid)
        if len(children) >= count and min(_cpu_seconds(pid) for pid, _ in children) >= 0.1:
            return children
        time.sleep(0.02)
    raise AssertionError(f"no {count} busy worker processes after 60 s")


def _cpu_seconds(pid: int) -> float:
    fields = _stat(pid) or ["0"] * 13
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def _ignores(pid: int, signum: int) -> bool:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("SigIgn:"):
            return bool(int(line.split()[1], 16) >> (signum - 1) & 1)
    raise AssertionError(f"no SigIgn line for {pid}")


def _exit_promptly(proc: subprocess.Popen[str]) -> str:
    """The stderr of ``proc``, which must exit within PROMPT_S seconds."""
    started = time.monotonic()
    try:
        _, err = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        raise AssertionError("still running 60 s after the signal") from None
    took = time.monotonic() - started
    assert took < PROMPT_S, f"took {took:.1f} s to exit: {err}"
    return err


def _dies(n: int) -> int:
    os._exit(3)


def test_map_in_processes_gives_a_dead_workers_items_again_one_by_one() -> None:
    """A worker killed while it worked (the OOM killer, a crash in native code) ended
    the whole run as 'internal error: BrokenProcessPool'. With ``on_death``, its chunk's
    items go again to fresh workers one by one, and only the item that kills its worker
    alone gets ``on_death``; workers that die whatever they are given stop the run."""
    before = _children(os.getpid())
    done: list[int] = []
    out = map_in_processes(
        _dies_on_7, range(40), 2, chunksize=3, progress=done.append, on_death=lambda n: -n
    )
    assert out == [-7 if n == 7 else n for n in range(40)]
    assert sorted(done) == done and done[-1] == 40
    assert _children(os.getpid()) == before
    with pytest.raises(WorkersKeepDying, match=r"keep dying \(6 in a row; the last: .*code 3"):
        map_in_processes(_dies, range(40), 2, chunksize=3, on_death=lambda n: -n)
    assert _children(os.getpid()) == before


def test_a_signal_once_the_run_is_over_keeps_its_exit_status() -> None:
    """Ctrl-C while the interpreter shuts down (tenths of a second, after the reports
    and the history are written): it killed the process with status 130 and no word,
    or printed a traceback from an exit handler, in place of the run's own status.
    Here the signal comes from an exit handler, as the interpreter runs them."""
    script = (
        "import atexit, os, signal, time\n"
        "atexit.register(lambda: (os.kill(os.getpid(), signal.SIGINT), time.sleep(0.2)))\n" + MAIN
    )
    proc = subprocess.run(
        [sys.executable, "-c", script, "audit", "--no-lm", "--isolated", str(SEED), "-fjson"],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 1, proc.stderr  # the sample is judged machine-translated
    assert proc.stderr.startswith("mtaudit: error: gate failed: ")
    assert len(proc.stderr.splitlines()) == 1, proc.stderr
