"""Every process that code started, directly or not, ended and reaped before it returns.

A local Ray started for a run is a tree of processes: the raylet, the GCS and their
helpers are this process's children, but the workers (and what a worker starts) are
the raylet's. ``ray.shutdown`` ends the children; the others end on their own once the
raylet is gone, orphans re-parented to the system's init, which reaps them when it gets
to it. A signal to the whole process group (a terminal's Ctrl-C, a service manager's
SIGTERM) makes that race worse: every Ray process starts its own shutdown at once. So
mtaudit exited with Ray's workers still running or not yet reaped, seconds on a loaded
machine: a service manager saw them as left behind by the run.

Here (Linux only: it reads /proc and needs ``prctl``) this process adopts the orphans
of what it starts (``PR_SET_CHILD_SUBREAPER``), and on leaving waits until each of them
has ended, reaping them itself; one still running after ``bound`` seconds is killed.
The subtrees of processes that were there before are left alone. A library caller
whose other threads start processes of their own during the context would have
those waited for too: the CLI has no such threads.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_PR_SET_CHILD_SUBREAPER = 36
_PR_GET_CHILD_SUBREAPER = 37
# Seconds between two looks at the processes left.
STEP = 0.05
# Seconds to wait for a killed process to die (one stuck in the kernel may never).
KILLED_WAIT = 5.0


@dataclass(frozen=True)
class _Process:
    pid: int
    parent: int
    state: str  # /proc's: Z and X are ended, waiting to be reaped
    started: int  # clock ticks after boot: a pid used again is another process

    @property
    def ended(self) -> bool:
        return self.state in "ZX"


def _process(pid: int) -> _Process | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:  # ended meanwhile
        return None
    # The command's name, in parentheses, may hold spaces and parentheses itself.
    fields = stat.rpartition(")")[2].split()
    return _Process(pid, int(fields[1]), fields[0], int(fields[19]))


def _processes() -> dict[int, _Process]:
    found = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (each := _process(int(entry.name))) is not None:
            found[each.pid] = each
    return found


def _kill(each: _Process) -> None:
    """SIGKILL ``each``, unless its pid names another process by now: one under a
    process of ours may have been reaped by its parent since the scan, and its pid
    given to an unrelated process. A pidfd pins the process whose start time is
    checked; without pidfds (Linux before 5.3), plain kill."""
    pidfd_open = getattr(os, "pidfd_open", None)
    send = getattr(signal, "pidfd_send_signal", None)
    if pidfd_open is None or send is None:
        with contextlib.suppress(OSError):
            os.kill(each.pid, signal.SIGKILL)
        return
    try:
        fd = pidfd_open(each.pid)
    except OSError:  # gone, or pidfds refused
        return
    try:
        now = _process(each.pid)
        if now is not None and now.started == each.started:
            send(fd, signal.SIGKILL)
    except OSError:
        pass
    finally:
        os.close(fd)


def descendants(pid: int, skip: frozenset[tuple[int, int]] = frozenset()) -> dict[int, _Process]:
    """The processes under ``pid``, children and theirs, leaving out the subtrees of
    those in ``skip`` ((pid, start time) pairs)."""
    children: dict[int, list[_Process]] = {}
    for each in _processes().values():
        children.setdefault(each.parent, []).append(each)
    found: dict[int, _Process] = {}
    todo = list(children.get(pid, []))
    while todo:
        each = todo.pop()
        if (each.pid, each.started) in skip:
            continue
        found[each.pid] = each
        todo += children.get(each.pid, [])
    return found


def _prctl() -> Any:
    if not sys.platform.startswith("linux") or not Path("/proc/self/stat").exists():
        return None
    try:
        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None


@contextlib.contextmanager
def all_ended(bound: float, on_error: float | None = None) -> Iterator[None]:
    """On leaving, every process started inside has ended and been reaped (those still
    running ``bound`` seconds after leaving began are killed, ``on_error`` seconds
    when leaving with an exception); elsewhere than on Linux, nothing is done."""
    prctl = _prctl()
    if prctl is None:
        yield
        return
    was = ctypes.c_int(0)
    prctl(_PR_GET_CHILD_SUBREAPER, ctypes.byref(was), 0, 0, 0)
    me = os.getpid()
    before = frozenset((p.pid, p.started) for p in descendants(me).values())
    prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    try:
        yield
    except BaseException:
        if on_error is not None:
            bound = on_error
        raise
    finally:
        try:
            _wait_for_all(me, before, bound)
        finally:
            if not was.value:
                prctl(_PR_SET_CHILD_SUBREAPER, 0, 0, 0, 0)


def _wait_for_all(me: int, before: frozenset[tuple[int, int]], bound: float) -> None:
    killed_at: float | None = None
    deadline = time.monotonic() + bound
    while True:
        # What was started inside, without the subtrees of what was there before: a
        # caller's own helper (or a Ray it already ran) may start children meanwhile,
        # and they are not ours to wait for or kill.
        left = list(descendants(me, before).values())
        for each in left:
            if each.ended and each.parent == me:
                with contextlib.suppress(ChildProcessError):
                    os.waitpid(each.pid, os.WNOHANG)
        running = [p for p in left if not p.ended]
        if not left:
            return
        now = time.monotonic()
        if killed_at is not None and now > killed_at + KILLED_WAIT:
            return  # nothing more to do for those
        if killed_at is None and now > deadline:
            for each in running:
                _kill(each)
            killed_at = now
        time.sleep(STEP)
