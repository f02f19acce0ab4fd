"""conftest.share_cores_among_workers: each pytest-xdist worker on cores of its own."""

from __future__ import annotations

import os

import pytest

from tests import conftest
from tests.conftest import every_core_of_the_run, share_cores_among_workers

pytestmark = pytest.mark.skipif(
    not hasattr(os, "sched_setaffinity"), reason="no CPU affinity on this platform"
)


def _share(monkeypatch: pytest.MonkeyPatch, env: dict[str, str]) -> set[int]:
    """The cores ``share_cores_among_workers`` leaves this thread with under ``env``;
    the thread's own cores are given back after."""
    cores = os.sched_getaffinity(0)
    with monkeypatch.context() as patch:
        patch.setattr(conftest, "RUN_CORES", {})  # as found by this call, not the session's
        for name in ("PYTEST_XDIST_WORKER", "PYTEST_XDIST_WORKER_COUNT"):
            patch.delenv(name, raising=False)
        for name, value in env.items():
            patch.setenv(name, value)
        try:
            share_cores_among_workers()
            return os.sched_getaffinity(0)
        finally:
            os.sched_setaffinity(0, cores)


def test_two_workers_split_the_cores_between_them(monkeypatch: pytest.MonkeyPatch) -> None:
    cores = os.sched_getaffinity(0)
    shares = [
        _share(monkeypatch, {"PYTEST_XDIST_WORKER": f"gw{i}", "PYTEST_XDIST_WORKER_COUNT": "2"})
        for i in range(2)
    ]
    assert all(shares) and shares[0] | shares[1] == cores
    if len(cores) >= 2:  # one core (a worker of `make test` itself): both share it
        assert not shares[0] & shares[1]
        assert abs(len(shares[0]) - len(shares[1])) <= 1


def test_more_workers_than_cores_each_get_one(monkeypatch: pytest.MonkeyPatch) -> None:
    cores = sorted(os.sched_getaffinity(0))
    count = len(cores) + 1
    env = {"PYTEST_XDIST_WORKER_COUNT": str(count)}
    last = _share(monkeypatch, {**env, "PYTEST_XDIST_WORKER": f"gw{count - 1}"})
    assert last == {cores[(count - 1) % len(cores)]}


@pytest.mark.parametrize(
    "env",
    [{}, {"PYTEST_XDIST_WORKER": "gw1", "PYTEST_XDIST_WORKER_COUNT": "1"}],
    ids=["no xdist", "one worker"],
)
def test_a_lone_session_keeps_every_core(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str]
) -> None:
    assert _share(monkeypatch, env) == os.sched_getaffinity(0)


def test_a_build_runs_on_every_core_of_the_run_and_the_share_is_kept_after(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cores = os.sched_getaffinity(0)
    monkeypatch.setattr(conftest, "RUN_CORES", {})
    monkeypatch.setenv("PYTEST_XDIST_WORKER", "gw1")
    monkeypatch.setenv("PYTEST_XDIST_WORKER_COUNT", "2")
    try:
        share_cores_among_workers()
        share = os.sched_getaffinity(0)
        with every_core_of_the_run():
            assert os.sched_getaffinity(0) == cores
        assert os.sched_getaffinity(0) == share
    finally:
        os.sched_setaffinity(0, cores)


def test_outside_xdist_a_build_keeps_the_cores_it_has(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(conftest, "RUN_CORES", {})
    cores = os.sched_getaffinity(0)
    with every_core_of_the_run():
        assert os.sched_getaffinity(0) == cores
