"""A function mapped over items in worker processes that end with the run.

Not ``concurrent.futures.ProcessPoolExecutor``, because it cannot be stopped safely:
its workers share one result queue, read by a thread that the interpreter joins at
exit. A worker that took a terminal's Ctrl-C while holding that queue's lock wedged
the other workers and the parent's shutdown for good; a worker killed while writing
its result leaves that thread reading forever; and work already handed out cannot be
cancelled (a fresh worker's first documents take seconds, loading every lexicon).

Here each worker has a pipe of its own, and only the parent reads them and handles
Ctrl-C and SIGTERM, so it can kill its workers at any moment: whatever stops a run
(a signal, an error) kills and reaps every worker before the exception goes on. A
parent killed outright takes its workers with it (Linux).
"""

from __future__ import annotations

import collections
import contextlib
import ctypes
import importlib
import multiprocessing
import pickle
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from multiprocessing.context import BaseContext
from multiprocessing.process import BaseProcess
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
# SIGHUP too: a closed terminal sends it to the whole process group, as Ctrl-C.
_STOPPING = {signal.SIGINT, signal.SIGTERM, *([signal.SIGHUP] if hasattr(signal, "SIGHUP") else [])}


@dataclass
class _Worker:
    process: BaseProcess
    conn: Connection
    spawned: bool  # started afresh, not forked: it re-ran the main module if a file
    chunk: list[int] = field(default_factory=list)  # the indexes of the items in hand
    answered: bool = False  # has sent back a result: it started


# Worker deaths in a row, beyond one per worker, after which a run that retries the
# items of a dead worker (``on_death``) stops: workers that die whatever they are given
# (a model too big for a node) would otherwise be started again for every item. The
# Ray engine holds its actors to the same bound.
MORE_DEATHS_IN_A_ROW = 3


# Said of a spawned worker that died before its first result, when the main module is
# a file (spawned workers re-run it; not so for `python -c` or a prompt): a script that
# starts its work unguarded starts it again in every worker, which dies in its
# bootstrap. All the caller saw was "ended unexpectedly (exit code 1)". A possible
# cause only: a guarded script's worker may die on its first chunk for its own reasons.
SPAWNED_DIED = (
    "the workers were spawned (not forked): if the script starts its work outside "
    '`if __name__ == "__main__":`, each worker re-runs it and dies as it starts'
)


class WorkersKeepDying(BrokenProcessPool):
    """Workers died one after the other with nothing done in between."""


def map_in_processes(
    fn: Callable[[T], R],
    items: Sequence[T],
    jobs: int,
    *,
    chunksize: int = 8,
    progress: Callable[[int], None] | None = None,
    on_death: Callable[[T], R] | None = None,
    on_fork: Callable[[], None] | None = None,
) -> list[R]:
    """``[fn(item) for item in items]``, computed by ``jobs`` worker processes, a chunk
    of items at a time; ``progress(done)`` hears how many are done after each chunk.

    A worker that dies (killed for memory, a crash in native code) raises
    BrokenProcessPool; with ``on_death``, the items of its chunk are given again one
    by one to fresh workers, and an item whose worker dies while it works on it alone
    gets ``on_death(item)`` as its result. Workers that keep dying with nothing done
    in between raise WorkersKeepDying.

    ``on_fork()`` runs here just before the workers are forked, not when they are
    spawned: what it loads, forked workers share, and spawned ones would not see.

    Whatever stops the run (KeyboardInterrupt, an exception from ``fn`` or ``progress``,
    a worker that died) kills and reaps every worker before the exception goes on.
    """
    queue = collections.deque(
        list(range(i, min(i + chunksize, len(items)))) for i in range(0, len(items), chunksize)
    )
    results: list[Any] = [None] * len(items)
    workers: list[_Worker] = []
    finished = False
    starts = _Starts(fn, workers)
    if on_fork is not None and starts.context().get_start_method() == "fork":
        # Its load takes seconds, long enough for another thread to start an import:
        # each start below looks again (the load is wasted if they are spawned).
        on_fork()
    try:
        for _ in range(min(jobs, len(queue))):
            starts.start()
        _Run(starts, items, queue, results, progress, on_death).run()
        for worker in workers:
            with contextlib.suppress(OSError):  # one that has died has all its work done
                worker.conn.send(None)  # no more work: exit
        finished = True
    finally:
        _end(workers, grace=5.0 if finished else 0.0)
    return results


def forks_workers() -> bool:
    """Whether workers start as forks of this process (Linux), sharing what it has loaded."""
    return multiprocessing.get_context().get_start_method() == "fork"


# Seconds the start of a run's workers waits for another thread's import to finish
# before they are spawned instead of forked.
IMPORT_WAIT = 10.0


@dataclass
class _Starts:
    """The workers of a run, started one at a time, each forked or spawned as
    ``context`` says at its start."""

    fn: Callable[[Any], Any]
    workers: list[_Worker]
    waited_out: bool = False  # an import outlasted IMPORT_WAIT: no start waits again

    def start(self) -> _Worker:
        ctx = self.context()
        conn, child_conn = ctx.Pipe()
        process = ctx.Process(target=_serve, args=(child_conn, self.fn), name="mtaudit-worker")
        worker = _Worker(process, conn, spawned=ctx.get_start_method() == "spawn")
        self.workers.append(worker)  # before start: _end must see every started one
        with _signals_blocked():
            process.start()
        # Only the worker keeps its end, so the parent reads EOF if the worker dies.
        child_conn.close()
        return worker

    def context(self) -> BaseContext:
        """How a worker starts now: forked (where that is the default) once no other
        thread is importing a module; see ``_worker_context``. Once a run's wait has
        run out, a later start waits no more (it forks if no import is under way, and
        spawns at once if one is), so that -j 8 beside a stuck import does not wait
        10 s for each worker."""
        ctx = _worker_context(0.0 if self.waited_out else IMPORT_WAIT)
        self.waited_out = self.waited_out or ctx.get_start_method() != _default_start()
        return ctx


def _default_start() -> str:
    return multiprocessing.get_context().get_start_method()


def _worker_context(wait: float = IMPORT_WAIT) -> BaseContext:
    """How a worker starts now: forked (where that is the default) once no other
    thread is importing a module, after ``wait`` seconds at most. A fork copies the
    half-run module and the import lock that thread holds, but not the thread: a worker
    that imported the module waited for that lock for ever, and the run with it (the
    rare hang of `-j` beside a library caller's thread importing transformers, 6 s
    here). An import still under way after ``IMPORT_WAIT`` (waiting for it alone made
    starts wait up to 120 s) has the workers spawned: they start in seconds, each
    loading the lexicons itself (about 30 s more for -j 2 on this 2-core machine), and
    need a main module that starts its work under ``if __name__ == "__main__":``. The
    look costs a microsecond, and is made before every start: a worker started in place
    of a dead one was forked as the run's first ones were, though another thread had
    begun an import since, and hung on it."""
    ctx = multiprocessing.get_context()
    if ctx.get_start_method() != "fork":
        return ctx
    deadline = time.monotonic() + wait
    while _imports_under_way():
        if time.monotonic() >= deadline:
            return multiprocessing.get_context("spawn")
        time.sleep(0.01)
    return ctx


def _imports_under_way() -> bool:
    """Whether another thread is importing a module now: importlib keeps a lock per
    import under way, held by its thread from the search for the module to the end of
    its run (this thread's own imports, the ones above this call, do not count: a fork
    keeps this thread). Only modules in ``sys.modules`` being run were looked at: one
    still being made, not yet there (a C extension's init runs then, seconds for a
    large one), holds its lock all the same, and a fork's worker importing it waited
    for that lock for ever. Where an interpreter lacks that table, every module is
    looked at (about 1 ms per thousand) for one being run."""
    me = threading.get_ident()
    bootstrap = getattr(importlib, "_bootstrap", None)
    locks = getattr(bootstrap, "_module_locks", None)
    if isinstance(locks, dict):
        for ref in list(locks.values()):
            lock = ref() if callable(ref) else None
            owner = getattr(lock, "owner", None)
            if owner is not None and owner != me:
                return True
        return False
    for module in list(sys.modules.values()):
        spec = getattr(module, "__spec__", None)
        if getattr(spec, "_initializing", False) is True:
            return True
    return False


class _WorkerDied(Exception):
    pass


@dataclass
class _Run:
    """Hands the chunks out, one per worker at a time, and gathers their results."""

    starts: _Starts
    items: Sequence[Any]
    queue: collections.deque[list[int]]
    results: list[Any]
    progress: Callable[[int], None] | None
    on_death: Callable[[Any], Any] | None
    busy: dict[Connection, _Worker] = field(default_factory=dict)
    idle: list[_Worker] = field(default_factory=list)
    done: int = 0

    def run(self) -> None:
        pool = len(self.starts.workers)
        deaths_in_a_row = 0
        self._hand_out(list(self.starts.workers))
        while self.busy:
            for conn in wait(list(self.busy)):
                worker = self.busy.pop(conn)
                try:
                    out = _receive(worker)
                except _WorkerDied as died:
                    if not worker.answered and _reruns_main(worker):
                        died = _WorkerDied(f"{died}; {SPAWNED_DIED}")
                    if self.on_death is None:
                        raise BrokenProcessPool(str(died)) from None
                    deaths_in_a_row += 1
                    if deaths_in_a_row > pool + MORE_DEATHS_IN_A_ROW:
                        raise WorkersKeepDying(
                            f"worker processes keep dying ({deaths_in_a_row} in a row; "
                            f"the last: {died})"
                        ) from None
                    self._after_death(worker)
                    continue
                deaths_in_a_row = 0
                worker.answered = True
                self._finish(worker.chunk, out)
                self._hand_out([worker])

    def _after_death(self, worker: _Worker) -> None:
        """Its chunk's items again, one by one; an item alone gets ``on_death``."""
        assert self.on_death is not None
        if len(worker.chunk) > 1:
            self.queue.extendleft([i] for i in reversed(worker.chunk))
        else:
            self._finish(worker.chunk, [self.on_death(self.items[worker.chunk[0]])])
        waiting = self.idle[:]
        self.idle.clear()
        if self.queue:
            waiting.append(self.starts.start())
        self._hand_out(waiting)

    def _finish(self, chunk: list[int], out: list[Any]) -> None:
        for index, result in zip(chunk, out, strict=True):
            self.results[index] = result
        self.done += len(chunk)
        if self.progress:
            self.progress(self.done)

    def _hand_out(self, workers: list[_Worker]) -> None:
        for worker in workers:
            if not self.queue:
                self.idle.append(worker)
                continue
            worker.chunk = self.queue.popleft()
            worker.conn.send([self.items[i] for i in worker.chunk])
            self.busy[worker.conn] = worker


def _reruns_main(worker: _Worker) -> bool:
    """Whether the worker re-ran the main module: spawned, and it is a file."""
    main = sys.modules.get("__main__")
    return worker.spawned and bool(getattr(main, "__file__", None))


def _receive(worker: _Worker) -> list[Any]:
    """The results of the worker's chunk, or the exception it raised, raised here."""
    try:
        ok, payload = worker.conn.recv()
    except (EOFError, OSError):
        worker.process.join(1)
        raise _WorkerDied(
            f"a worker process ended unexpectedly (exit code {worker.process.exitcode})"
        ) from None
    if not ok:
        exc, remote_traceback = payload
        exc.add_note(f"raised in a worker process:\n{remote_traceback}")
        raise exc
    return payload


def _end(workers: list[_Worker], grace: float) -> None:
    """Kill the workers still running after ``grace`` seconds, then reap them all.

    Killing comes first, all at once, so that a second Ctrl-C cutting the reaping
    short still leaves no worker running.
    """
    started = [worker for worker in workers if worker.process.pid is not None]
    deadline = time.monotonic() + grace
    for worker in started:
        worker.process.join(max(0.0, deadline - time.monotonic()))
    for worker in started:
        if worker.process.exitcode is None:
            worker.process.kill()
    for worker in started:
        worker.process.join()
        worker.conn.close()


def _serve(conn: Connection, fn: Callable[[Any], Any]) -> None:
    """A worker's life: chunks in, results (or the exception) out, until None."""
    _init_worker()
    with contextlib.suppress(EOFError):  # the parent is gone
        while (chunk := conn.recv()) is not None:
            try:
                reply = (True, [fn(item) for item in chunk])
            except Exception as exc:
                reply = (False, (exc, traceback.format_exc()))
            try:
                conn.send(reply)
            except (TypeError, AttributeError, pickle.PicklingError) as exc:  # not picklable
                conn.send((False, (RuntimeError(repr(exc)), traceback.format_exc())))


def _init_worker() -> None:
    # A terminal sends Ctrl-C to the whole process group, and a forked worker would run
    # the parent's handlers: the parent alone decides how the workers end.
    for signum in _STOPPING:
        signal.signal(signum, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOPPING)
    _die_with_parent()


@contextlib.contextmanager
def _signals_blocked() -> Iterator[None]:
    """Ctrl-C, SIGTERM and SIGHUP held back in this thread, and so in a worker forked meanwhile
    until ``_init_worker`` ignores them (a worker stopped before that would die with a
    traceback). The parent's handler runs as soon as they are unblocked."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _STOPPING)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _die_with_parent() -> None:
    """Have the kernel kill this process when its parent dies (Linux only: elsewhere a
    parent killed outright leaves its workers waiting for work that never comes).

    The kernel watches the thread that started the worker; map_in_processes starts and
    ends its workers within one call of that thread.
    """
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
