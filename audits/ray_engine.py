"""The per-document audit on a Ray cluster (``engine = "ray"``): auditing a crawl
with the CPUs (or GPUs) of a Ray cluster.

Only what ``audit_document`` does for one document runs on the cluster: prepare it,
score its sentences with the LM, run the rules and judge it. The run's documents go
in batches to Ray actors that each load the lexicons and the language model once and
score the sentences of every document in a batch together, as ``audit_documents``
does for a whole run. What needs the whole run
stays on the driver, in ``audits.engine``: the history cache, the run-level rules (N310
compares documents), putting decomposed texts back and the RunAudit. So a run reports
what the local engine reports, finding for finding and in the same order.

Like ``audits.rule_workers``, a worker sends back what the driver lacks: not the
document (the driver has it), but the segmentation, fluency, findings and verdict, and
what the run-level rules read from the document's context (the name rules' mentions).

Every node needs mtaudit installed with its ``ray`` extra (the same version as the
driver): the actors import ``audits`` and load the model from the node's own cache.
"""

from __future__ import annotations

import collections
import contextlib
import logging
import os
import re
import signal
import socket
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING, Any

from audits.analysis import analyse, failed, internal_error
from audits.child_processes import all_ended
from audits.composed import document_in_view, nfc_view
from audits.config import AuditConfig, origin_note
from audits.detectors.base import DocumentContext
from audits.document import Document, DocumentAudit
from audits.errors import ConfigError, MtauditError, UsageError, first_line
from audits.held_signals import HeldSignals
from audits.lm.context import score_contexts
from audits.process_pool import MORE_DEATHS_IN_A_ROW
from audits.rule_workers import preload, shared_keys, without_document
from audits.segment import Segmentation
from audits.sources.base import InputFailure
from audits.verdict import pool_layers

if TYPE_CHECKING:
    from audits.engine import DocumentsDone, ProgressCallback
    from audits.lm.base import Scorer

# Documents per Ray batch: the unit an actor audits at once (its sentences share LM
# batches) and the step of the progress bar. Small enough to spread a few hundred
# documents over a cluster, large enough that Ray's per-call overhead stays small.
DOCS_PER_BATCH = 16
# Times a document alone is audited again after a loss that was no fault of its own (its
# worker's node died or was preempted, its result was lost with the node) before it is
# an error entry that says so: a document that takes its node down with it must not be
# sent to node after node for ever.
RETRIES_AFTER_LOSS = 1
# Times a document alone is audited again on another worker after its worker hung on it
# (no answer within ``ray_batch_timeout``) before it is an error entry: a hang may be the
# worker's (a deadlock, a stuck node), not the document's.
RETRIES_AFTER_HANG = 1
# How Ray's GCS says an actor died with its node (ActorDiedError keeps only the text,
# and `preempted` for a node the autoscaler drained).
_NODE_DIED = "because its node has died"
# Seconds between two looks for a held Ctrl-C while waiting for the workers.
WAIT_STEP = 0.2
# CPUs a Ray worker reserves, and so the threads its torch scores with
# (``_worker_threads``): one worker per CPU of the cluster, each on one thread.
WORKER_CPUS = 1
# A local Ray started for one run: its object store holds the documents of the run and
# their results; Ray's default (30% of memory) reserves gigabytes of shared memory.
LOCAL_OBJECT_STORE = 512 * 1024 * 1024
# The driver's settings the actors read from the environment, forwarded to any Ray the
# run did not start (a cluster, the caller's): whether the model may be fetched from
# the Hugging Face hub, or only read from the node's cache, is the run's choice (and
# which revision of it scores the run), not the node's.
FORWARDED_ENV = ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")
# The driver's cache folders (mtaudit's, Hugging Face's): paths on this machine,
# forwarded only to a Ray whose nodes all are this machine. On another node such a path
# is another folder or none (the driver's home, a folder the node's user cannot
# create): the workers there failed to load the model, or kept a second cache beside
# the node's own. They use the node's own settings (its environment, else its user's
# cache), where the first run on a node converts the model once.
FORWARDED_PATHS = ("MTAUDIT_CACHE_DIR", "HF_HOME")
# Seconds to wait for a cluster's address to answer before saying it cannot be reached.
CONNECT_TIMEOUT = 10.0
# Seconds a local Ray's processes have to end on their own once it is shut down, before
# they are killed: the run is not over until they are (see audits.child_processes).
LOCAL_RAY_EXIT_WAIT = 10.0
INSTALL_HINT = "install mtaudit[ray] (pip install 'mtaudit[ray]')"


@dataclass
class _Done:
    """One document's outcome, as an actor sends it back."""

    # The audit without its document (the driver puts back its own).
    audit: DocumentAudit
    # False when the document was not prepared (empty, not English, a fault in
    # segmenting): the audit is then its error entry, outside any NFC view.
    prepared: bool
    # What the run-level rules read from the document's context.
    shared: dict[str, Any]
    word_stats: tuple[int, float] | None


def check_ray_engine(config: AuditConfig, scorer: Scorer | None) -> None:
    """Refuse a Ray run that cannot start, before any input is read."""
    _import_ray(config)
    if scorer is not None:
        raise UsageError(
            "a loaded scorer cannot be sent to Ray workers: each one loads the model the "
            "config names (pass no scorer, or use engine local)"
        )


def _import_ray(config: AuditConfig) -> ModuleType:
    try:
        import ray
    except ImportError as exc:
        raise ConfigError(
            f"engine ray needs the ray package: {INSTALL_HINT}"
            f"{origin_note(config, 'engine')} ({first_line(exc)})"
        ) from None
    return ray


def audit_on_ray(
    docs: Sequence[Document],
    config: AuditConfig,
    selected: frozenset[str],
    progress: ProgressCallback | None = None,
) -> DocumentsDone:
    """The per-document part of ``audit_documents`` for ``docs``, on Ray workers."""
    from audits.engine import DocumentsDone

    if not docs:
        return DocumentsDone(contexts={}, audits={}, broken={}, lm=None)
    outcomes: list[_Done | None] = [None] * len(docs)
    lm: dict[str, object] | None = None
    started_here = _starts_its_own(_import_ray(config), config)
    # Ctrl-C and SIGTERM are acted on between Ray's calls, never inside one. What Ray
    # prints meanwhile goes to stderr: its driver prints the raylet's messages (a
    # paragraph for each worker that dies) on stdout, where `-f json` or `-f sarif`
    # writes the report, which then no longer parsed.
    with (
        contextlib.redirect_stdout(sys.stderr),
        HeldSignals() as signals,
        ray_session(config, signals) as ray,
    ):
        env = {} if started_here else _forwarded_env(ray)
        for index, done, described in _run(ray, docs, config, selected, progress, signals, env):
            outcomes[index] = done
            lm = lm or described
    return _gathered(docs, outcomes, config, lm)


def _starts_its_own(ray: ModuleType, config: AuditConfig) -> bool:
    """Whether ``ray_session`` starts a local Ray for the run (`--ray-address local`
    too), rather than connect to one. Its workers get no runtime env: they are its
    raylet's children, started from this process, and have its environment already,
    and a runtime env made every worker a fresh process of its own (Ray's idle workers
    have none), about 2.5 s each."""
    return (config.ray_address or "local") == "local" and not ray.is_initialized()


def _forwarded_env(ray: ModuleType) -> dict[str, str]:
    """The driver's settings the actors of a connected Ray need in their environment
    (``FORWARDED_ENV``, and ``FORWARDED_PATHS`` when every node is this machine): a
    cluster's nodes, or a Ray the caller started earlier, may have another environment
    and keep it."""
    names = FORWARDED_ENV + (FORWARDED_PATHS if _on_this_machine(ray) else ())
    return {name: os.environ[name] for name in names if name in os.environ}


def _on_this_machine(ray: ModuleType) -> bool:
    """Whether every live node of the connected Ray is this machine (as Ray names it:
    the address its nodes here register with), when the run connects: a node an
    autoscaler adds later is not asked about. A cluster that cannot say is taken for
    one that is not."""
    # By address, not by filesystem: a one-machine Ray started with --node-ip-address
    # 127.0.0.1 reads as elsewhere (only the paths are lost, which is safe); nodes in
    # containers with host networking on this machine read as here (rare).
    try:
        here = ray.util.get_node_ip_address()
        nodes = [node for node in ray.nodes() if node.get("Alive")]
    except Exception:  # a client connection that cannot list the nodes, say
        return False
    return bool(nodes) and all(node.get("NodeManagerAddress") == here for node in nodes)


@contextlib.contextmanager
def ray_session(config: AuditConfig, signals: HeldSignals) -> Iterator[ModuleType]:
    """Ray, connected: to a Ray this process already runs (the caller's, left running),
    else to ``config.ray_address``, else to a local Ray started for this run (stopped
    afterwards, whatever stops the run: a signal held in ``signals`` included, and
    none of its processes left running or unreaped)."""
    ray = _import_ray(config)
    if ray.is_initialized():
        yield ray
        return
    address = config.ray_address or "local"
    _check_reachable(address, config)
    if address != "local":
        with _connected(ray, address, config, signals):
            yield ray
        return
    # A run stopped by a signal or an error kills what is left at once: a worker still
    # auditing (a long document) outlives its raylet until it next calls into Ray, and
    # an interrupted run exited 10 s late, waiting for it.
    with (
        all_ended(LOCAL_RAY_EXIT_WAIT, on_error=0.0),
        _connected(ray, address, config, signals),
    ):
        yield ray


@contextlib.contextmanager
def _connected(
    ray: ModuleType, address: str, config: AuditConfig, signals: HeldSignals
) -> Iterator[None]:
    """``ray.init`` at ``address`` until the context ends (then ``ray.shutdown``)."""
    local = address == "local"
    options: dict[str, Any] = {"logging_level": logging.ERROR, "log_to_driver": False}
    if local:
        options |= {"include_dashboard": False, "object_store_memory": LOCAL_OBJECT_STORE}
    sigterm = signal.getsignal(signal.SIGTERM)
    with _stopping_blocked(local, ignored=sigterm == signal.SIG_IGN):
        _init(ray, address, options, config, signals, sigterm)
    try:
        signals.check()  # one that came while Ray was starting
        yield
    finally:
        _shutdown(ray, local)


def _shutdown(ray: ModuleType, local: bool) -> None:
    """``ray.shutdown``, a local Ray's processes killed without Ray's SIGTERM first.

    They block SIGTERM for their whole life (see ``_stopping_blocked``), so Ray's
    graceful stop (SIGTERM, a second's wait, then SIGKILL) never let one end sooner:
    it only waited a second for each of them, and a run exited about five seconds
    late. The outcome is the same SIGKILL, in Ray's order (the raylet first)."""
    node = getattr(getattr(getattr(ray, "_private", None), "worker", None), "_global_node", None)
    kill_all = getattr(node, "kill_all_processes", None)
    if local and callable(kill_all):

        def kill_all_at_once(*args: Any, **kwargs: Any) -> None:
            kill_all(*args, **{**kwargs, "allow_graceful": False})

        node.kill_all_processes = kill_all_at_once  # type: ignore[union-attr]
    ray.shutdown()


@contextlib.contextmanager
def _stopping_blocked(local: bool, ignored: bool = False) -> Iterator[None]:
    """SIGTERM and SIGHUP blocked in this thread while a local Ray starts, and so in
    every process of that Ray for its whole life (a blocked signal stays blocked
    through fork and exec), as Ray itself blocks SIGINT there. A SIGTERM (a service
    manager's) or SIGHUP (a closed terminal) to the process group then stops this
    process alone, which stops its Ray in order. Otherwise the raylet shut itself down,
    or was killed outright, at the same moment, and when it was gone before this
    process had let go of Ray, Ray's core worker ended this process itself: status 1
    and Ray's line about lost objects on stderr, in place of `terminated` and 143 (or
    `hung up` and 129). One that comes meanwhile is handled once it is unblocked, or,
    where a thread that does not block it (torch's, say) takes it, by the handler in
    place: for SIGTERM ray.init's own, whose SystemExit ``_init`` turns into the
    caller's handling.

    A SIGTERM this process was started ``ignored`` (under a service manager that
    says so) is blocked while a remote Ray connects too: ray.init puts its own handler
    in place there as well, and a SIGTERM meanwhile ended the run with status 15. Kept
    pending, it is dropped once the ignoring is put back, before it is unblocked."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    if local:
        stopping = {signal.SIGTERM, *([signal.SIGHUP] if hasattr(signal, "SIGHUP") else [])}
    elif ignored:
        stopping = {signal.SIGTERM}
    else:
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, stopping)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _init(
    ray: ModuleType,
    address: str,
    options: dict[str, Any],
    config: AuditConfig,
    signals: HeldSignals,
    sigterm: Any,
) -> None:
    """``ray.init``; ``sigterm``, the handler ray.init replaces, put back whatever
    happens."""
    try:
        ray.init(address=address, **options)
    except SystemExit as exc:
        # ray.init's own SIGTERM handler (sys.exit(15)) met a SIGTERM while Ray started:
        # the run ended with status 15, no word of why, and Ray's processes left behind.
        if exc.code != signal.SIGTERM:
            raise
        with contextlib.suppress(Exception):
            ray.shutdown()
        _put_back_sigterm(sigterm)
        signals.note(signal.SIGTERM)
        signals.check()
        raise
    except Exception as exc:  # ConnectionError, ValueError, RuntimeError, gRPC's own
        where = "start a local Ray" if address == "local" else f"reach the Ray cluster at {address}"
        raise UsageError(
            f"cannot {where}{origin_note(config, 'ray_address')}: {first_line(exc)}"
        ) from None
    finally:
        _put_back_sigterm(sigterm)


def _put_back_sigterm(handler: Any) -> None:
    """The SIGTERM handler ray.init replaced with its own (sys.exit(15)), which ended a
    run with status 15 and no word of why instead of as the caller handles SIGTERM."""
    if handler is not None and threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, handler)


def _check_reachable(address: str, config: AuditConfig) -> None:
    """Refuse a cluster address nothing listens at: Ray itself retries such an address
    for minutes, printing a warning every few seconds, before it gives up."""
    host, sep, port = address.removeprefix("ray://").rpartition(":")
    if not sep or not port.isdigit():
        return  # local, auto, or a form Ray parses (and refuses) itself
    try:
        with socket.create_connection((host.strip("[]"), int(port)), timeout=CONNECT_TIMEOUT):
            pass
    except OSError as exc:
        raise UsageError(
            f"cannot reach the Ray cluster at {address}{origin_note(config, 'ray_address')}: "
            f"{exc.strerror or first_line(exc)}"
        ) from None


def _run(
    ray: ModuleType,
    docs: Sequence[Document],
    config: AuditConfig,
    selected: frozenset[str],
    progress: ProgressCallback | None,
    signals: HeldSignals,
    env: dict[str, str],
) -> Iterator[tuple[int, _Done, dict[str, object] | None]]:
    """Each document's index and outcome, as batches finish (in any order)."""
    total = len(docs)
    batches = [
        list(range(i, min(i + DOCS_PER_BATCH, total))) for i in range(0, total, DOCS_PER_BATCH)
    ]
    workers = _Workers(ray, config, selected, docs, batches, signals, env)
    done = 0
    try:
        for indexes, outcomes, lm in workers.results(_pool_size(ray, config, len(batches))):
            for index, outcome in zip(indexes, outcomes, strict=True):
                yield index, outcome, lm
            done += len(indexes)
            if progress:
                progress("documents", done, total)
    except ray.exceptions.RayError as exc:
        ran_out = _ran_out(ray, exc, config)
        line = ran_out.line if ran_out else _ray_error_line(exc)
        raise UsageError(f"the Ray run failed: {line}") from None
    finally:
        workers.stop()


def _pool_size(ray: ModuleType, config: AuditConfig, batches: int) -> int:
    """How many Ray workers audit the run: one per CPU (per GPU with a cuda device) of
    the cluster, at most ``jobs`` when it is set, and never more than there are
    batches."""
    resources = ray.cluster_resources()
    kind = "GPU" if _gpus(config) else "CPU"
    if resources.get(kind, 0) <= 0:
        # An actor that asks for what no node has waits for it for ever: the run hung
        # without a word (a GPU slot was taken for granted).
        if kind == "GPU":
            raise UsageError(
                f"--device {config.device}{origin_note(config, 'device')}: the Ray cluster "
                "has no GPU for its workers; pass --device cpu, or add a node with a GPU "
                "to the cluster"
            )
        raise UsageError(
            "the Ray cluster has no CPU for its workers (a head node started with "
            "--num-cpus 0 and no worker node yet?)"
        )
    slots = max(1, int(resources[kind]))
    if config.jobs > 1 or config.origin("jobs") != "default":
        slots = min(slots, config.jobs)
    return max(1, min(slots, batches))


def _gpus(config: AuditConfig) -> int:
    """GPUs per worker: one when the language model runs on cuda; rules alone use none
    (a --no-lm run with --device cuda asked for GPUs it never used)."""
    return 1 if config.lm and config.device.startswith("cuda") else 0


def _now() -> float:
    """The clock of the workers' deadlines (a hook for the tests' feigned clock)."""
    return time.monotonic()


def auditor_class(ray: ModuleType, config: AuditConfig, env: dict[str, str]) -> Any:
    """The Ray actor class the run's workers are made of: ``WORKER_CPUS`` CPUs each (a
    GPU too with a cuda device), never restarted by Ray (``_Workers`` says why)."""
    return ray.remote(
        num_cpus=WORKER_CPUS,
        num_gpus=_gpus(config),
        max_restarts=0,
        max_task_retries=0,
        runtime_env={"env_vars": env} if env else None,
    )(_Auditor)


class _Workers:
    """Ray actors (``_Auditor``) that audit the run's batches, one batch at a time each.

    Not Ray Data's actor pool: it restarts an actor that dies and retries its batch
    without limit (``max_restarts`` and ``max_task_retries`` of -1, which 2.60 lets
    one change only through ``ray_remote_args``, deprecated), so a document that kills
    its worker (out of memory, a crash in native code, a signal) stalled the run for
    ever. Here an actor is never restarted by Ray: when one dies, the documents of its
    batch are audited again one by one on fresh actors, and a document whose actor dies
    while auditing it alone is an error entry. One batch in flight per actor is what
    makes that document the one that killed it, unless the actor was lost with its node
    (or its result was): then the document is audited alone again, once."""

    def __init__(
        self,
        ray: ModuleType,
        config: AuditConfig,
        selected: frozenset[str],
        docs: Sequence[Document],
        batches: list[list[int]],
        signals: HeldSignals,
        env: dict[str, str],
    ) -> None:
        self.ray = ray
        self.signals = signals
        # What a call meets when its worker died: the process ended (ActorDiedError),
        # Ray's memory monitor killed it, or its node went away, with the worker or
        # with the batch's result in its object store (ObjectLostError and its kinds:
        # a finished actor call is never run again to rebuild it). A lost result was
        # not a death: it went up as "the Ray run failed", the whole crawl lost.
        errors = ray.exceptions
        self._deaths = (
            errors.RayActorError,
            errors.OutOfMemoryError,
            errors.NodeDiedError,
            errors.WorkerCrashedError,
            errors.ObjectLostError,
        )
        self.actor_class = auditor_class(ray, config, env)
        self.config = config
        self.selected = selected
        self.docs = docs
        self.queue = collections.deque(batches)
        self.actors: list[Any] = []
        # What each awaited result is: an actor's readiness (no batch) or a batch.
        self.pending: dict[Any, tuple[Any, list[int] | None]] = {}
        # When each awaited result is taken for hung (_now()).
        self.deadlines: dict[Any, float] = {}
        # The awaited calls that say an actor runs (``_Auditor.running``): none has a
        # deadline of its own, as Ray may hold an actor back until a node has room for
        # it while the others audit the run.
        self.placing: set[Any] = set()
        # The actors Ray runs, and since when (_now()) none has: a run whose workers
        # all wait for a CPU longer than ray_batch_timeout fails, where it waited for
        # ever without a word (other jobs may hold the cluster's CPUs for days).
        self.placed: set[Any] = set()
        self.unplaced_since: float | None = None
        # Documents audited alone again after their worker hung on them, and how often.
        self.hung: collections.Counter[int] = collections.Counter()
        self.idle: list[Any] = []
        # Documents audited alone again after a loss that was not theirs, and how often.
        self.spared: collections.Counter[int] = collections.Counter()

    def results(
        self, size: int
    ) -> Iterator[tuple[list[int], list[_Done], dict[str, object] | None]]:
        """Each batch's indexes, outcomes and model description, as they finish."""
        for _ in range(size):
            self._start()
        deaths_in_a_row = 0
        # Until every batch is back: a worker still waiting for a free CPU, or still
        # loading, when the others have audited the run is not waited for.
        while self.pending and (self.queue or self._auditing()):
            ref, hung = self._next_result()
            actor, batch = self.pending.pop(ref)
            self.deadlines.pop(ref, None)
            if hung:
                # A worker that never answers (a deadlock, a model load that never ends,
                # a node that stopped responding) held the run for ever. It is killed
                # and counted as a death: workers that all hang end the run like workers
                # that all die.
                self._forget(actor)
                deaths_in_a_row += 1
                if deaths_in_a_row > size + MORE_DEATHS_IN_A_ROW:
                    raise UsageError(
                        f"the Ray run failed: its workers keep dying ({deaths_in_a_row} in "
                        f"a row; the last: {self._hang_line(batch)})"
                    )
                if batch is not None and len(batch) > 1:
                    self.queue.extendleft([i] for i in reversed(batch))
                elif batch is not None:
                    if self.hung[batch[0]] < RETRIES_AFTER_HANG:
                        self.hung[batch[0]] += 1
                        self.queue.appendleft(batch)
                    else:
                        yield batch, [self._hung_entry(self.docs[batch[0]])], None
                if self.queue and not self.idle:
                    self._start()
                while self.idle and self.queue:
                    self._send(self.idle.pop(), self.queue.popleft())
                continue
            try:
                result = self.ray.get(ref)
            except Exception as exc:
                if not (isinstance(exc, self._deaths) or self._failed_load(exc, ref, batch)):
                    raise
                self.placing.discard(ref)
                self._forget(actor)
                deaths_in_a_row += 1
                # More deaths in a row than the pool has actors, with nothing audited
                # in between: the workers cannot live (the model does not fit, the
                # node's mtaudit is broken), not one bad document.
                ran_out = _ran_out(self.ray, exc, self.config)
                if deaths_in_a_row > size + MORE_DEATHS_IN_A_ROW:
                    last = ran_out.what if ran_out else _ray_error_line(exc)
                    raise UsageError(
                        f"the Ray run failed: its workers keep dying ({deaths_in_a_row} in "
                        f"a row; the last: {last})" + (f"; {ran_out.todo}" if ran_out else "")
                    ) from None
                if batch is not None and len(batch) > 1:
                    self.queue.extendleft([i] for i in reversed(batch))
                elif batch is not None:
                    # A worker lost with its node is no sign of what it audited: the
                    # document alone was reported as the one that killed its worker.
                    # The -j pool blames a document only for its own worker's death.
                    lost = _lost_with_node(self.ray, exc)
                    if lost is not None and self.spared[batch[0]] < RETRIES_AFTER_LOSS:
                        self.spared[batch[0]] += 1
                        self.queue.appendleft(batch)
                    else:
                        yield batch, [_died(self.docs[batch[0]], lost, ran_out)], None
                if self.queue and not self.idle:
                    self._start()
            else:
                if ref in self.placing:  # running at last: now it loads, against the clock
                    self.placing.discard(ref)
                    self.placed.add(actor)
                    self.unplaced_since = None
                    self._load(actor)
                    continue
                if batch is None:
                    if result is not None:  # the model cannot be loaded: the run's error
                        raise result
                else:
                    # Only an audited batch ends a run of deaths: each replacement's start
                    # succeeds, and counting that reset the count after every death, so
                    # workers that died on every batch were replaced for ever.
                    deaths_in_a_row = 0
                    outcomes, lm = result
                    yield batch, outcomes, lm
                self.idle.append(actor)
            while self.idle and self.queue:
                self._send(self.idle.pop(), self.queue.popleft())

    def _failed_load(self, exc: BaseException, ref: Any, batch: list[int] | None) -> bool:
        """Whether ``exc`` is a worker's load (``_Auditor.ready``) that raised, not with
        mtaudit's own error (a model that cannot be loaded is the run's): a MemoryError,
        an OSError of a stale cache on one node. Loaded in the actor's ``__init__``, it
        was the actor's death and the worker was replaced; raised from a method, it
        ended the whole run."""
        return (
            batch is None
            and ref not in self.placing
            and isinstance(exc, self.ray.exceptions.RayTaskError)
            and not isinstance(getattr(exc, "cause", None), MtauditError)
        )

    def _auditing(self) -> bool:
        """Whether a batch is out with a worker."""
        return any(batch is not None for _, batch in self.pending.values())

    def _next_result(self) -> tuple[Any, bool]:
        """An awaited result that has arrived, or (True) one past its deadline that has
        not; a held signal is acted on meanwhile."""
        while True:
            self.signals.check()
            refs = list(self.pending)
            ready, _ = self.ray.wait(refs, num_returns=1, timeout=WAIT_STEP)
            # The deadlines are checked on every pass: checked only when no result came
            # within WAIT_STEP, a hung worker was found only once the others ran out of
            # batches (a busy cluster answers more often), hours into a long crawl.
            now = _now()
            if not ready and all(ref in self.placing for ref in refs):
                self._check_unplaced(now)
            late = [
                ref
                for ref in refs
                if ref not in ready and ref in self.deadlines and self.deadlines[ref] < now
            ]
            if late:
                # A late result that is there after all is read, not killed: asked with
                # no wait, as num_returns=1 above hid the others that were ready.
                answered, _ = self.ray.wait(late, num_returns=len(late), timeout=0)
                hung = [ref for ref in late if ref not in answered]
                if hung:
                    return hung[0], True
                return answered[0], False
            if ready:
                return ready[0], False

    def _check_unplaced(self, now: float) -> None:
        """Fail the run when none of its workers has run for ``ray_batch_timeout``: it
        has audited nothing since and cannot go on (not deaths: ``stop`` ends them)."""
        if (
            self.unplaced_since is None
            or now - self.unplaced_since <= self.config.ray_batch_timeout
        ):
            return
        kind = "GPU" if _gpus(self.config) else "CPU"
        raise UsageError(
            f"the Ray run failed: no worker got a {kind} within "
            f"{self.config.ray_batch_timeout:g} s (ray_batch_timeout): the cluster's "
            f"{kind}s are all taken by other jobs (see `ray status`); run it later or "
            "raise ray_batch_timeout"
        )

    def _start(self) -> None:
        actor = self.actor_class.remote(self.config, self.selected)
        self.actors.append(actor)
        if not self.placed and self.unplaced_since is None:
            self.unplaced_since = _now()
        # No deadline of its own until the actor runs: Ray queues it until a node has a
        # free CPU (GPU), and on a busy cluster a worker merely waiting for its turn was
        # killed as hung, counted as a death, and its replacement queued behind it again.
        ref = actor.running.remote()
        self.pending[ref] = (actor, None)
        self.placing.add(ref)

    def _load(self, actor: Any) -> None:
        """Have a running actor load the lexicons and the model: its start's deadline
        counts from here."""
        self._await(actor.ready.remote(), actor, None)

    def _send(self, actor: Any, batch: list[int]) -> None:
        self._await(actor.audit.remote([self.docs[i] for i in batch]), actor, batch)

    def _await(self, ref: Any, actor: Any, batch: list[int] | None) -> None:
        self.pending[ref] = (actor, batch)
        self.deadlines[ref] = _now() + self.config.ray_batch_timeout

    def _hang_line(self, batch: list[int] | None) -> str:
        what = "start" if batch is None else "audit its batch"
        return (
            f"a worker did not {what} within {self.config.ray_batch_timeout:g} s "
            "(ray_batch_timeout)"
        )

    def _hung_entry(self, doc: Document) -> _Done:
        """The error entry of a document each worker that audited it alone hung on."""
        reason = (
            f"its Ray worker hung on it: no answer within {self.config.ray_batch_timeout:g} s "
            f"(ray_batch_timeout), audited alone on {1 + RETRIES_AFTER_HANG} workers in turn; "
            "the rest of the run was audited"
        )
        return _error_entry(doc, reason)

    def _forget(self, actor: Any) -> None:
        self.actors.remove(actor)
        self.placed.discard(actor)
        if not self.placed and self.unplaced_since is None:
            self.unplaced_since = _now()
        with contextlib.suppress(Exception):  # already gone
            self.ray.kill(actor)

    def stop(self) -> None:
        """End every actor of the run: on a cluster (or the caller's Ray) they would hold
        their CPUs until their handles are collected."""
        for actor in self.actors:
            with contextlib.suppress(Exception):
                self.ray.kill(actor)
        self.actors.clear()


def _lost_with_node(ray: ModuleType, exc: BaseException) -> str | None:
    """How a worker's death came from its node rather than from what it audited (None
    when it died itself: out of memory, a crash in native code, a signal)."""
    errors = ray.exceptions
    if isinstance(exc, errors.ObjectLostError):
        return "its result was lost with the node that held it"
    if isinstance(exc, errors.ActorUnavailableError):
        return "its worker could not be reached"
    if isinstance(exc, errors.RayActorError) and exc.preempted:
        return "its node was preempted"
    if isinstance(exc, errors.NodeDiedError) or (
        isinstance(exc, errors.RayActorError) and _NODE_DIED in str(exc)
    ):
        return "its node died"
    return None


def _died(doc: Document, lost: str | None = None, ran_out: _RanOut | None = None) -> _Done:
    """The error entry of a document whose Ray worker died while auditing it alone
    (``ran_out``: of what, when Ray says), or (``lost``: how) was lost with its node
    each time it audited it alone."""
    if ran_out is not None:
        reason = (
            f"its Ray worker died while auditing it alone: {ran_out.line}; the rest of "
            "the run was audited"
        )
    elif lost is None:
        reason = (
            "its Ray worker died while auditing it (out of memory, a crash in native code "
            "or a signal); the rest of the run was audited"
        )
    else:
        reason = (
            f"its Ray worker was lost {1 + RETRIES_AFTER_LOSS} times while auditing it (the "
            f"last time {lost}: the cluster's doing, not the document's, as far as Ray "
            "tells); the rest of the run was audited"
        )
    return _error_entry(doc, reason)


def _error_entry(doc: Document, reason: str) -> _Done:
    """The error entry of ``doc``, which no worker could audit, saying why."""
    return _Done(
        without_document(failed(InputFailure(doc.source, reason, id=doc.id))), False, {}, None
    )


def _ray_error_line(exc: BaseException) -> str:
    """The root cause of a Ray error, as one line (Ray wraps it in its own text)."""
    cause = getattr(exc, "cause", None) or exc.__cause__
    return first_line(cause) if isinstance(cause, BaseException) else first_line(exc)


@dataclass(frozen=True)
class _RanOut:
    """What a Ray run ran out of, and what to do about it."""

    what: str
    todo: str

    @property
    def line(self) -> str:
        return f"{self.what}; {self.todo}"


def _ran_out(ray: ModuleType, exc: BaseException, config: AuditConfig) -> _RanOut | None:
    """What ran out and what to do, when ``exc`` is Ray running out of memory or of
    object store (None otherwise). Ray's first line ('Task was killed due to the node
    running low on memory.', 'Failed to put object ... in object store because it is
    full.') named neither which memory nor anything a user of mtaudit could change. An
    actor's own error comes wrapped in a RayTaskError that is also an instance of it."""
    errors = ray.exceptions
    fewer = "run fewer workers with -j N"
    if isinstance(exc, errors.OutOfMemoryError):
        smaller = " or a smaller --batch-size" if config.lm else ""
        return _RanOut(
            f"Ray's memory monitor killed the worker, its node{_oom_node(exc)} low on memory",
            f"{fewer}{smaller}, or give the node more memory",
        )
    if isinstance(exc, errors.OutOfDiskError):
        return _RanOut(
            "Ray's object store is full, and the disk it spills to as well",
            f"free disk space on the node, or {fewer}",
        )
    if isinstance(exc, errors.ObjectStoreFullError):
        if config.ray_address is None:
            size = f"{LOCAL_OBJECT_STORE // 2**20} MiB, in the local Ray started for the run"
            larger = (
                "a Ray started with a larger one (`ray start --head --object-store-memory "
                "BYTES`) and --ray-address auto"
            )
        else:
            size = f"of the cluster at {config.ray_address}"
            larger = "a cluster started with a larger one (`ray start --object-store-memory BYTES`)"
        return _RanOut(f"Ray's object store ({size}) is full", f"{fewer}, or use {larger}")
    return None


# Ray 2.60's line about the node in its memory monitor's message (the first line
# changes from version to version).
_OOM_NODE = re.compile(
    r"Memory on the node \(IP: ([^,)]+)[^)]*\) was ([\d.]+)GB used / ([\d.]+)GB limit"
)


def _oom_node(exc: BaseException) -> str:
    """' (IP, 7.6 of 8.0 GB used)' from Ray's message, when it says so; else ''."""
    found = _OOM_NODE.search(str(exc))
    if found is None:
        return ""
    ip, used, limit = found.groups()
    return f" ({ip}, {used} of {limit} GB used)"


def _gathered(
    docs: Sequence[Document],
    outcomes: Sequence[_Done | None],
    config: AuditConfig,
    lm: dict[str, object] | None,
) -> DocumentsDone:
    """The actors' outcomes as ``audits.engine`` keeps them: each document's context is
    rebuilt from its audit, in the NFC view the rules read it through."""
    from audits.engine import DocumentsDone

    contexts: dict[int, DocumentContext] = {}
    audits: dict[int, DocumentAudit] = {}
    broken: dict[int, DocumentAudit] = {}
    for doc, done in zip(docs, outcomes, strict=True):
        if done is None:  # cannot happen: every batch comes back, or its documents one by one
            raise RuntimeError(f"the Ray run returned no result for {doc.id}")
        audit = done.audit
        if not done.prepared:
            audit.document = doc
            broken[id(doc)] = audit
            continue
        view = nfc_view(doc.text)
        audit.document = doc if view is None else document_in_view(doc, view)
        audits[id(doc)] = audit
        contexts[id(doc)] = DocumentContext(
            document=audit.document,
            segmentation=Segmentation(audit.paragraphs, audit.sentences),
            config=config,
            fluency=audit.fluency,
            shared=done.shared,
            word_stats=done.word_stats,
            as_read=view,
        )
    return DocumentsDone(contexts=contexts, audits=audits, broken=broken, lm=lm)


class _Auditor:
    """A Ray actor's work: loads what the rules and the model need once (``ready``),
    then audits one batch of documents per call.

    Nothing is loaded as it is made: ``running`` answers as soon as Ray has found the
    actor a place and started it, so that the driver can tell the time it waited for a
    free CPU (no deadline) from the time it takes to load (``ray_batch_timeout``)."""

    def __init__(self, config: AuditConfig, selected: frozenset[str]) -> None:
        self.config = config
        self.selected = selected
        self.keys = shared_keys(selected)
        self.scorer: Scorer | None = None
        # A model that cannot be loaded is the run's error, raised on the driver as
        # the local engine raises it (one line), not as an actor's traceback.
        self.failure: MtauditError | None = None
        self.loaded = False

    def running(self) -> bool:
        """True, once the actor runs."""
        return True

    def ready(self) -> MtauditError | None:
        """Loads (once): then the model's failure to load, if it failed."""
        if not self.loaded:
            threads = _worker_threads()
            _cap_tokenizer_threads(threads)
            preload(self.config, self.selected)
            if self.config.lm:
                from audits.lm import load_scorer

                try:
                    self.scorer = load_scorer(self.config, threads=threads)
                except MtauditError as exc:
                    self.failure = exc
            self.loaded = True
        return self.failure

    def audit(self, docs: list[Document]) -> tuple[list[_Done], dict[str, object] | None]:
        """Each document's outcome, and the model's description when it scored any."""
        done, scored = audit_batch(docs, self.config, self.selected, self.scorer, self.keys)
        return done, self.scorer.describe() if scored and self.scorer else None


def _worker_threads() -> int:
    """Threads for this worker's torch (and the OpenMP/MKL pools under it): the CPUs Ray
    gave it, at most the cores it may run on. The local engine's count, every usable
    core, made N workers on an N-core node run N*N threads, each worker's slower than
    on one thread of its own."""
    import ray

    from audits.lm.hardware import usable_cores

    cpus = ray.get_runtime_context().get_assigned_resources().get("CPU", WORKER_CPUS)
    return max(1, min(int(cpus), usable_cores()))


def _cap_tokenizer_threads(threads: int) -> None:
    """The Hugging Face tokenizer's Rust pool (Rayon's) on ``threads`` threads, as the
    worker's torch: Rayon sizes its pool to every core of the node when it first runs,
    in each worker, so N workers on an N-core node ran N*N tokenizer threads. Set
    before anything loads a tokenizer (Rayon reads it once); on one thread the
    tokenizer's parallelism is off altogether. A value the node's environment sets is
    left as it is: its owner chose it. A blank one is no choice (an unset variable,
    `-e RAYON_NUM_THREADS=`): Rayon reads it as unset and took every core."""
    _set_unless_chosen("RAYON_NUM_THREADS", str(threads))
    if threads == 1:
        _set_unless_chosen("TOKENIZERS_PARALLELISM", "false")


def _set_unless_chosen(name: str, value: str) -> None:
    """``name`` set to ``value`` in this process's environment, unless it holds more
    than spaces."""
    if not os.environ.get(name, "").strip():
        os.environ[name] = value


def audit_batch(
    docs: Sequence[Document],
    config: AuditConfig,
    selected: frozenset[str],
    scorer: Scorer | None,
    keys: tuple[str, ...] = (),
) -> tuple[list[_Done], bool]:
    """Audit a batch of documents as ``audit_documents`` does (their sentences scored
    together), each outcome with the ``keys`` of its context the run-level rules read;
    and whether the model scored any. A document that fails anywhere, the model's
    scoring included, is an error entry: the rest of the batch is audited."""
    from audits.engine import prepare_all

    contexts, broken = prepare_all(docs, config)
    ready = [doc for doc in docs if id(doc) in contexts]
    if scorer is not None and ready:
        ready = _scored(ready, contexts, broken, config, scorer)
    out = []
    for doc in docs:
        if id(doc) in broken:
            out.append(_Done(without_document(broken[id(doc)]), False, {}, None))
            continue
        ctx = contexts[id(doc)]
        audit = analyse(ctx, selected)
        shared = {key: ctx.shared[key] for key in keys if key in ctx.shared}
        out.append(_Done(without_document(audit), True, shared, ctx.word_stats))
    return out, scorer is not None and bool(ready)


def _scored(
    ready: list[Document],
    contexts: dict[int, DocumentContext],
    broken: dict[int, DocumentAudit],
    config: AuditConfig,
    scorer: Scorer,
) -> list[Document]:
    """Score the sentences of ``ready`` together; when that fails, each document on its
    own, so that only the one that fails is lost (an error entry in ``broken``)."""
    layers = pool_layers(config)
    batch = [contexts[id(doc)] for doc in ready]
    try:
        scores = score_contexts(scorer, batch, config, None, layers)
    except Exception:  # find the document that fails
        scores = None
    if scores is not None:
        for ctx, fluency in zip(batch, scores, strict=True):
            ctx.fluency = fluency
        return ready
    kept = []
    for doc in ready:
        ctx = contexts[id(doc)]
        try:
            ctx.fluency = score_contexts(scorer, [ctx], config, None, layers)[0]
        except Exception as exc:  # one broken document must never stop a crawl
            del contexts[id(doc)]
            broken[id(doc)] = internal_error(doc, exc)
            continue
        kept.append(doc)
    return kept
