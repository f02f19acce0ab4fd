"""Stopping a local Ray started for a run (no Ray needed: ray.init and ray.shutdown
are stood in for, as Ray 2 spells them)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from audits import ray_engine
from audits.config import AuditConfig
from audits.held_signals import HeldSignals


def _ray_with_a_node() -> Any:
    """A ray module whose shutdown stops its node's processes as Ray's does."""
    kills: list[dict[str, Any]] = []
    node = SimpleNamespace()
    node.kill_all_processes = lambda **options: kills.append(options)
    worker = SimpleNamespace(_global_node=node)

    def shutdown() -> None:
        if worker._global_node is not None:
            worker._global_node.kill_all_processes(
                check_alive=False, allow_graceful=True, wait=False
            )
            worker._global_node = None

    return SimpleNamespace(
        init=lambda **options: None,
        shutdown=shutdown,
        _private=SimpleNamespace(worker=worker),
        kills=kills,
    )


def test_a_local_ray_is_stopped_without_a_graceful_wait_it_cannot_use() -> None:
    """A local Ray's processes block SIGTERM, so Ray's graceful stop (SIGTERM, a
    second's wait, SIGKILL) waited a second for each of them for nothing: a run
    exited about five seconds late."""
    ray = _ray_with_a_node()
    with HeldSignals() as signals, ray_engine._connected(ray, "local", AuditConfig(), signals):
        pass
    assert ray.kills == [{"check_alive": False, "allow_graceful": False, "wait": False}]


@pytest.mark.parametrize("address", ["auto", "ray://head:10001"])
def test_a_remote_ray_is_left_to_ray_shutdown(address: str) -> None:
    """Connected to a cluster, its processes are not ours, nor their signal masks."""
    ray = _ray_with_a_node()
    with HeldSignals() as signals, ray_engine._connected(ray, address, AuditConfig(), signals):
        pass
    assert ray.kills == [{"check_alive": False, "allow_graceful": True, "wait": False}]
