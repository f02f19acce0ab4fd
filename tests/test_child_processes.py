"""Every process started inside ``all_ended`` is gone when it returns (Linux)."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest

from audits import child_processes

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads Linux's /proc")


def _orphan(seconds: float) -> int:
    """A grandchild of this process whose parent has already exited: an orphan."""
    started = subprocess.run(
        ["sh", "-c", f"sleep {seconds} >/dev/null 2>&1 & echo $!"],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(started.stdout)


def test_an_orphan_is_waited_for_and_reaped() -> None:
    with child_processes.all_ended(bound=30):
        orphan = _orphan(0.5)
    assert not Path(f"/proc/{orphan}").exists()


def test_an_orphan_still_running_after_the_bound_is_killed() -> None:
    began = time.monotonic()
    with child_processes.all_ended(bound=0.2):
        orphan = _orphan(60)
    assert not Path(f"/proc/{orphan}").exists()
    # Waited for, the orphan would take its 60 s: 30 s is room for a loaded machine.
    assert time.monotonic() - began < 30


def test_processes_started_before_are_left_alone() -> None:
    before = subprocess.Popen(["sleep", "60"])
    try:
        with child_processes.all_ended(bound=0.2):
            pass
        assert before.poll() is None
    finally:
        before.kill()
        before.wait()


def test_children_that_a_process_started_before_starts_meanwhile_are_left_alone() -> None:
    """A caller's own helper (or a Ray it already ran) may start children during the
    context: they are its, not ours to wait for or kill."""
    before = subprocess.Popen(["sh", "-c", "sleep 0.2; sleep 60 & wait"])
    try:
        with child_processes.all_ended(bound=0.2):
            time.sleep(0.6)  # the helper's child starts in here
        time.sleep(0.3)
        assert before.poll() is None  # its child was not killed: it still waits on it
    finally:
        before.kill()
        before.wait()


def test_a_pid_that_names_another_process_by_now_is_not_killed() -> None:
    """Between the scan and the kill, a grandchild may be reaped by its parent and its
    pid given to an unrelated process: the start time tells them apart."""
    other = subprocess.Popen(["sleep", "60"])
    try:
        seen = child_processes._process(other.pid)
        assert seen is not None
        stale = child_processes._Process(seen.pid, seen.parent, "S", seen.started - 1)
        child_processes._kill(stale)
        time.sleep(0.2)
        assert other.poll() is None  # another process: left alone
        child_processes._kill(seen)
        assert other.wait(timeout=5) == -9
    finally:
        other.kill()
        other.wait()
