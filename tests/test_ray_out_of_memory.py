"""What a Ray run says when Ray runs out of memory: which memory, and what to do.

Ray's exceptions as Ray raises them, with no Ray started: the message is built from
the exception's class (and Ray's text about the node), not from a real out-of-memory.
tests/test_ray_engine.py runs the same errors through a run on a real Ray.
"""

from __future__ import annotations

from typing import Any

import pytest

from audits import ray_engine
from audits.config import AuditConfig
from audits.document import Document

ray = pytest.importorskip("ray")
errors = ray.exceptions

# Ray 2.60's memory monitor's message, as a killed actor's call raises it.
OOM_TEXT = (
    "Task was killed due to the node running low on memory.\n"
    "Memory on the node (IP: 10.0.0.7, ID: 5f3a) was 7.61GB used / 8.00GB limit (0.951), "
    "which exceeds the memory usage threshold of 0.95. Ray killed this worker ...\n"
    "Refer to the documentation on how to address the out of memory issue: ..."
)


def _line(exc: BaseException, config: AuditConfig) -> str:
    ran_out = ray_engine._ran_out(ray, exc, config)
    assert ran_out is not None, exc
    return ran_out.line


def test_a_worker_the_memory_monitor_killed_is_named_with_what_to_do() -> None:
    """The run said Ray's first line, 'Task was killed due to the node running low on
    memory.': not which node, how full, nor which of mtaudit's flags would help."""
    oom = errors.OutOfMemoryError(OOM_TEXT)
    assert _line(oom, AuditConfig(engine="ray")) == (
        "Ray's memory monitor killed the worker, its node (10.0.0.7, 7.61 of 8.00 GB used) "
        "low on memory; run fewer workers with -j N or a smaller --batch-size, or give the "
        "node more memory"
    )
    # Without the language model there is no LM batch to make smaller; and a message
    # that does not say where still says what ran out.
    bare = errors.OutOfMemoryError("Task was killed due to the node running low on memory.")
    assert _line(bare, AuditConfig(engine="ray", lm=False)) == (
        "Ray's memory monitor killed the worker, its node low on memory; run fewer "
        "workers with -j N, or give the node more memory"
    )


def test_a_full_object_store_is_named_with_what_to_do() -> None:
    """Ray's 'Failed to put object ... because it is full.' said nothing of the 512 MiB
    store a local Ray gets, nor how to have a larger one. As an actor's call raises it,
    it is wrapped in a RayTaskError that is also an ObjectStoreFullError."""
    full = errors.ObjectStoreFullError("Failed to put object ab in object store: it is full.")
    wrapped = errors.RayTaskError(
        "audit", "Traceback ...", full, proctitle="ray::_Auditor.audit", ip="10.0.0.7"
    ).as_instanceof_cause()
    local = AuditConfig(engine="ray")
    for exc in (full, wrapped):
        assert _line(exc, local) == (
            "Ray's object store (512 MiB, in the local Ray started for the run) is full; "
            "run fewer workers with -j N, or use a Ray started with a larger one (`ray "
            "start --head --object-store-memory BYTES`) and --ray-address auto"
        )
    cluster = AuditConfig(engine="ray", ray_address="ray://head:10001")
    assert _line(full, cluster) == (
        "Ray's object store (of the cluster at ray://head:10001) is full; run fewer workers "
        "with -j N, or use a cluster started with a larger one (`ray start "
        "--object-store-memory BYTES`)"
    )
    disk = errors.OutOfDiskError("Failed to put object ab in object store.")
    assert _line(disk, local) == (
        "Ray's object store is full, and the disk it spills to as well; free disk space "
        "on the node, or run fewer workers with -j N"
    )


def test_other_ray_errors_keep_their_own_line() -> None:
    config = AuditConfig(engine="ray")
    for exc in (errors.ActorDiedError(), errors.NodeDiedError("node ab has died")):
        assert ray_engine._ran_out(ray, exc, config) is None
    assert ray_engine._ray_error_line(errors.NodeDiedError("node ab has died")) == (
        "node ab has died"
    )


def test_a_document_whose_worker_ran_out_of_memory_says_so() -> None:
    """Its error entry said 'out of memory, a crash in native code or a signal' when
    Ray had said which it was."""
    doc = Document("d0", "Some text.", "d0.txt")
    ran_out = ray_engine._ran_out(ray, errors.OutOfMemoryError(OOM_TEXT), AuditConfig())
    entry: Any = ray_engine._died(doc, None, ran_out).audit
    assert entry.error == (
        "its Ray worker died while auditing it alone: Ray's memory monitor killed the "
        "worker, its node (10.0.0.7, 7.61 of 8.00 GB used) low on memory; run fewer workers "
        "with -j N or a smaller --batch-size, or give the node more memory; the rest of the "
        "run was audited"
    )
    assert "\n" not in entry.error
