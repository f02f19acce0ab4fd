"""conftest.share_cores_among_workers: each pytest-xdist worker on cores of its own."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests import conftest
from tests.cgroup_trees import V2_MOUNT, fake_root
from tests.conftest import (
    core_share,
    cores_of_the_run,
    every_core_of_the_run,
    share_cores_among_workers,
)

pytestmark = pytest.mark.skipif(
    not hasattr(os, "sched_setaffinity"), reason="no CPU affinity on this platform"
)

# The shares are worked out on literal cores: under `make test` this worker is
# already pinned to one core, and shares of that one core would show nothing.


@pytest.mark.parametrize(
    ("cores", "count", "shares"),
    [
        ({0, 1}, 2, [[0], [1]]),
        ({0, 1, 2, 3}, 2, [[0, 2], [1, 3]]),
        ({2, 5}, 2, [[2], [5]]),
        ({0, 1, 2}, 2, [[0, 2], [1]]),
        # More workers than cores: each gets one.
        ({0}, 2, [[0], [0]]),
        ({0, 1}, 3, [[0], [1], [0]]),
        ({4, 7}, 3, [[4], [7], [4]]),
    ],
    ids=[
        "two cores",
        "four cores",
        "a taskset's two",
        "three cores",
        "one core, two workers",
        "two cores, three workers",
        "a taskset's two, three workers",
    ],
)
def test_workers_split_the_cores_between_them(
    cores: set[int], count: int, shares: list[list[int]]
) -> None:
    assert [core_share(cores, i, count) for i in range(count)] == shares


@pytest.mark.parametrize(
    ("affinity", "usable", "shares"),
    [
        # `docker --cpus 2` on 64 cores: two workers of one core, not two of 32.
        (set(range(64)), 2, [[0], [1]]),
        ({3, 9, 12, 40}, 3, [[3, 12], [9]]),
        # No quota: every core of the affinity, as before.
        ({0, 1}, 2, [[0], [1]]),
        (set(range(8)), 8, [[0, 2, 4, 6], [1, 3, 5, 7]]),
    ],
    ids=["a quota of 2 on 64 cores", "a quota of 3 on a taskset's 4", "two cores", "eight cores"],
)
def test_workers_share_only_the_cores_a_cpu_quota_pays_for(
    affinity: set[int], usable: int, shares: list[list[int]]
) -> None:
    cores = cores_of_the_run(affinity, usable)
    assert [core_share(cores, i, 2) for i in range(2)] == shares


@pytest.mark.parametrize(
    ("cpu_max", "narrowed"),
    [("100000 100000\n", True), ("max 100000\n", False)],
    ids=["a quota of one CPU: its lowest core", "no quota: every core of the run"],
)
def test_the_workers_share_the_cores_the_quota_pays_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cpu_max: str, narrowed: bool
) -> None:
    """share_cores_among_workers takes the run's cores through cores_of_the_run,
    with the quota read under its root (here a fake cgroup v2 tree)."""
    own = os.sched_getaffinity(0)
    # The run's cores, not this worker's share of them (under `make test`, one core).
    run = set(conftest.RUN_CORES.get("cores", own))
    if len(run) < 2:
        pytest.skip("one core for the run: a quota of one CPU cannot narrow it")
    root = fake_root(tmp_path, "0::/\n", V2_MOUNT, {"sys/fs/cgroup/cpu.max": cpu_max})
    monkeypatch.setattr(conftest, "RUN_CORES", {})  # as found by this call, not the session's
    monkeypatch.setenv("PYTEST_XDIST_WORKER", "gw1")
    monkeypatch.setenv("PYTEST_XDIST_WORKER_COUNT", "2")
    try:
        # As xdist starts a worker: on every core of the run.
        os.sched_setaffinity(0, run)
        share_cores_among_workers(root)
        cores = {min(run)} if narrowed else run
        assert conftest.RUN_CORES["cores"] == cores
        assert os.sched_getaffinity(0) == set(core_share(cores, 1, 2))
    finally:
        os.sched_setaffinity(0, own)


def test_this_worker_runs_on_its_share() -> None:
    """pytest_configure narrowed this very worker (the shares above are only the sums)."""
    count = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
    if not os.environ.get("PYTEST_XDIST_WORKER", "").startswith("gw") or count < 2:
        pytest.skip("not an xdist worker of several")
    assert "cores" in conftest.RUN_CORES  # the hook ran
    if len(conftest.RUN_CORES["cores"]) < 2:
        pytest.skip("one core for the run: every worker shares it")
    assert os.sched_getaffinity(0) < conftest.RUN_CORES["cores"]


@pytest.mark.parametrize(
    "env",
    [{}, {"PYTEST_XDIST_WORKER": "gw1", "PYTEST_XDIST_WORKER_COUNT": "1"}],
    ids=["no xdist", "one worker"],
)
def test_a_lone_session_keeps_every_core(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str]
) -> None:
    cores = os.sched_getaffinity(0)
    monkeypatch.setattr(conftest, "RUN_CORES", {})  # as found by this call, not the session's
    for name in ("PYTEST_XDIST_WORKER", "PYTEST_XDIST_WORKER_COUNT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    try:
        share_cores_among_workers()
        assert os.sched_getaffinity(0) == cores
        assert conftest.RUN_CORES == {}
    finally:
        os.sched_setaffinity(0, cores)


def test_a_build_runs_on_every_core_of_the_run_and_the_share_is_kept_after(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    own = os.sched_getaffinity(0)
    # The run's cores, not this worker's share of them (under `make test`, one core).
    cores = set(conftest.RUN_CORES.get("cores", own))
    monkeypatch.setattr(conftest, "RUN_CORES", {"cores": cores})
    monkeypatch.setenv("PYTEST_XDIST_WORKER", "gw1")
    monkeypatch.setenv("PYTEST_XDIST_WORKER_COUNT", "2")
    try:
        share_cores_among_workers()
        share = os.sched_getaffinity(0)
        assert share == set(core_share(cores, 1, 2))
        with every_core_of_the_run():
            assert os.sched_getaffinity(0) == cores
        assert os.sched_getaffinity(0) == share
    finally:
        os.sched_setaffinity(0, own)


def test_outside_xdist_a_build_keeps_the_cores_it_has(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(conftest, "RUN_CORES", {})
    cores = os.sched_getaffinity(0)
    with every_core_of_the_run():
        assert os.sched_getaffinity(0) == cores


# No such core: the kernel refuses an affinity of it (EINVAL), as it does one whose
# cores a shrunk cpuset took away, or a sandbox that refuses sched_setaffinity.
GONE = 100_000


def test_a_refused_share_leaves_the_worker_on_its_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pinning only speeds the run up: a worker it fails for runs unpinned."""
    cores = os.sched_getaffinity(0)
    monkeypatch.setattr(conftest, "RUN_CORES", {"cores": {GONE}})
    monkeypatch.setenv("PYTEST_XDIST_WORKER", "gw0")
    monkeypatch.setenv("PYTEST_XDIST_WORKER_COUNT", "2")
    share_cores_among_workers()
    assert os.sched_getaffinity(0) == cores


def test_a_build_refused_the_run_s_cores_runs_on_the_share(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cores = os.sched_getaffinity(0)
    monkeypatch.setattr(conftest, "RUN_CORES", {"cores": {GONE}})
    with every_core_of_the_run():
        assert os.sched_getaffinity(0) == cores
    assert os.sched_getaffinity(0) == cores
