"""The per-document audit over a Ray Dataset (``engine = "ray"``): auditing a crawl
with the CPUs (or GPUs) of a Ray cluster.

Only what ``audit_document`` does for one document runs on the cluster: prepare it,
score its sentences with the LM, run the rules and judge it. Ray Data maps that over
the run's documents in batches (``map_batches``), in actors that each load the
lexicons and the language model once and score the sentences of every document in a
batch together, as ``audit_documents`` does for a whole run. What needs the whole run
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

import contextlib
import logging
import os
import pickle
import socket
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING, Any

from audits.analysis import analyse, internal_error
from audits.composed import document_in_view, nfc_view
from audits.config import AuditConfig, origin_note
from audits.detectors.base import DocumentContext
from audits.document import Document, DocumentAudit
from audits.errors import ConfigError, MtauditError, UsageError, first_line
from audits.lm.context import score_contexts
from audits.rule_workers import preload, shared_keys, without_document
from audits.segment import Segmentation
from audits.verdict import pool_layers

if TYPE_CHECKING:
    import pyarrow as pa

    from audits.engine import DocumentsDone, ProgressCallback
    from audits.lm.base import Scorer

# Documents per Ray batch: the unit an actor audits at once (its sentences share LM
# batches) and the step of the progress bar. Small enough to spread a few hundred
# documents over a cluster, large enough that Ray's per-batch overhead stays small.
DOCS_PER_BATCH = 16
# A local Ray started for one run: its object store holds the documents of the run and
# their results; Ray's default (30% of memory) reserves gigabytes of shared memory.
LOCAL_OBJECT_STORE = 512 * 1024 * 1024
# The driver's settings the actors read from the environment (the model cache, offline
# hubs): an actor on a local Ray would otherwise see those of the Ray it runs in.
FORWARDED_ENV = ("MTAUDIT_CACHE_DIR", "HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_HOME")
# Seconds to wait for a cluster's address to answer before saying it cannot be reached.
CONNECT_TIMEOUT = 10.0
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
        import ray.data  # the extra brings it; a bare `pip install ray` does not
    except ImportError as exc:
        raise ConfigError(
            f"engine ray needs the ray package with Ray Data: {INSTALL_HINT}"
            f"{origin_note(config, 'engine')} ({first_line(exc)})"
        ) from None
    return ray


def audit_on_ray(
    docs: Sequence[Document],
    config: AuditConfig,
    selected: frozenset[str],
    progress: ProgressCallback | None = None,
) -> DocumentsDone:
    """The per-document part of ``audit_documents`` for ``docs``, over a Ray Dataset."""
    from audits.engine import DocumentsDone

    if not docs:
        return DocumentsDone(contexts={}, audits={}, broken={}, lm=None)
    outcomes: list[_Done | None] = [None] * len(docs)
    lm: dict[str, object] | None = None
    with ray_session(config) as ray:
        for index, done, described in _run(ray, docs, config, selected, progress):
            outcomes[index] = done
            lm = lm or described
    return _gathered(docs, outcomes, config, lm)


@contextlib.contextmanager
def ray_session(config: AuditConfig) -> Iterator[ModuleType]:
    """Ray, connected: to a Ray this process already runs (the caller's, left running),
    else to ``config.ray_address``, else to a local Ray started for this run."""
    ray = _import_ray(config)
    if ray.is_initialized():
        yield ray
        return
    address = config.ray_address or "local"
    local = address == "local"
    _check_reachable(address, config)
    options: dict[str, Any] = {"logging_level": logging.ERROR, "log_to_driver": False}
    if local:
        options |= {"include_dashboard": False, "object_store_memory": LOCAL_OBJECT_STORE}
    try:
        ray.init(address=address, **options)
    except Exception as exc:  # ConnectionError, ValueError, RuntimeError, gRPC's own
        where = "start a local Ray" if local else f"reach the Ray cluster at {address}"
        raise UsageError(
            f"cannot {where}{origin_note(config, 'ray_address')}: {first_line(exc)}"
        ) from None
    try:
        _quiet(ray)
        yield ray
    finally:
        ray.shutdown()


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


def _quiet(ray: ModuleType) -> None:
    """No progress bars or execution logs from Ray Data: the CLI has its own bar on
    stderr, and stdout may be a report."""
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False
    context.print_on_execution_start = False
    logging.getLogger("ray.data").setLevel(logging.ERROR)


def _run(
    ray: ModuleType,
    docs: Sequence[Document],
    config: AuditConfig,
    selected: frozenset[str],
    progress: ProgressCallback | None,
) -> Iterator[tuple[int, _Done, dict[str, object] | None]]:
    """Each document's index and outcome, as batches finish (in any order)."""
    # Our records are dataclasses, which Arrow has no type for: each travels pickled,
    # as one binary cell, and Ray Data moves it without looking inside.
    rows = [{"index": i, "job": pickle.dumps(doc)} for i, doc in enumerate(docs)]
    batches = -(-len(docs) // DOCS_PER_BATCH)
    data = ray.data.from_items(rows, override_num_blocks=batches)
    gpus = 1 if config.device.startswith("cuda") else 0
    resources = ray.cluster_resources()
    slots = int(resources.get("GPU" if gpus else "CPU", 1))
    env = {name: os.environ[name] for name in FORWARDED_ENV if name in os.environ}
    audited = data.map_batches(
        _Auditor,
        fn_constructor_kwargs={"config": config, "selected": selected},
        batch_size=DOCS_PER_BATCH,
        batch_format="pyarrow",
        compute=ray.data.ActorPoolStrategy(size=max(1, min(slots, batches))),
        num_cpus=1,
        num_gpus=gpus,
        runtime_env={"env_vars": env} if env else None,
    )
    done, total = 0, len(docs)
    try:
        for table in audited.iter_batches(batch_size=None, batch_format="pyarrow"):
            for index, cell, failure, lm in zip(
                table.column("index").to_pylist(),
                table.column("done").to_pylist(),
                table.column("failure").to_pylist(),
                table.column("lm").to_pylist(),
                strict=True,
            ):
                if failure is not None:
                    raise pickle.loads(failure)
                yield index, pickle.loads(cell), pickle.loads(lm) if lm else None
                done += 1
            if progress:
                progress("documents", done, total)
    except ray.exceptions.RayError as exc:
        raise UsageError(f"the Ray run failed: {_ray_error_line(exc)}") from None


def _ray_error_line(exc: BaseException) -> str:
    """The root cause of a Ray error, as one line (Ray wraps it in its own text)."""
    cause = getattr(exc, "cause", None) or exc.__cause__
    return first_line(cause) if isinstance(cause, BaseException) else first_line(exc)


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
        if done is None:  # cannot happen: Ray Data returns every row or raises
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
    """A Ray actor's work: loads what the rules and the model need once, then audits
    one batch of documents per call."""

    def __init__(self, config: AuditConfig, selected: frozenset[str]) -> None:
        self.config = config
        self.selected = selected
        self.keys = shared_keys(selected)
        self.scorer: Scorer | None = None
        # A model that cannot be loaded is the run's error, raised on the driver as
        # the local engine raises it (one line), not as an actor's traceback.
        self.failure: MtauditError | None = None
        preload(config, selected)
        if config.lm:
            from audits.lm import load_scorer

            try:
                self.scorer = load_scorer(config)
            except MtauditError as exc:
                self.failure = exc

    def __call__(self, batch: pa.Table) -> pa.Table:
        import pyarrow as pa

        indexes = batch.column("index").to_pylist()
        if self.failure is not None:
            failure = pickle.dumps(self.failure)
            cells: list[bytes | None] = [None] * len(indexes)
            return _table(pa, indexes, cells, [failure] * len(indexes), cells)
        docs = [pickle.loads(job) for job in batch.column("job").to_pylist()]
        done, scored = audit_batch(docs, self.config, self.selected, self.scorer, self.keys)
        described = pickle.dumps(self.scorer.describe()) if scored and self.scorer else None
        return _table(
            pa,
            indexes,
            [pickle.dumps(d) for d in done],
            [None] * len(indexes),
            [described] * len(indexes),
        )


def _table(
    pa: ModuleType,
    indexes: list[int],
    done: Sequence[bytes | None],
    failures: Sequence[bytes | None],
    lm: Sequence[bytes | None],
) -> pa.Table:
    return pa.table(
        {
            "index": pa.array(indexes, pa.int64()),
            "done": pa.array(done, pa.large_binary()),
            "failure": pa.array(failures, pa.large_binary()),
            "lm": pa.array(lm, pa.large_binary()),
        }
    )


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
