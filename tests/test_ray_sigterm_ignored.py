"""A SIGTERM ignored when mtaudit started stays ignored while Ray connects, to a
remote Ray as to a local one (no Ray needed: ray.init is stood in for)."""

from __future__ import annotations

import signal
import sys
import threading
from types import SimpleNamespace
from typing import Any

import pytest

from audits import ray_engine
from audits.config import AuditConfig
from audits.held_signals import HeldSignals


def _ray_that_is_sent_sigterm_while_it_connects() -> Any:
    """ray.init as Ray's own does it (a SIGTERM handler that exits with 15), with a
    SIGTERM to this thread while it connects."""
    calls: list[str] = []

    def init(**options: Any) -> None:
        calls.append("init")
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(signal.SIGTERM))
        signal.pthread_kill(threading.get_ident(), signal.SIGTERM)

    return SimpleNamespace(init=init, shutdown=lambda: calls.append("shutdown"), calls=calls)


@pytest.mark.skipif(not hasattr(signal, "pthread_kill"), reason="POSIX signals")
@pytest.mark.parametrize("address", ["auto", "ray://head:10001"])
def test_an_ignored_sigterm_does_not_stop_a_run_on_a_remote_ray(address: str) -> None:
    """Only a local Ray blocked SIGTERM while it started: on a remote one
    (`--ray-address auto`, `ray://`), a SIGTERM that mtaudit was started ignoring
    (nohup-like, a service manager's setting) met ray.init's own handler and ended the
    run with status 15."""
    ray = _ray_that_is_sent_sigterm_while_it_connects()
    before = signal.signal(signal.SIGTERM, signal.SIG_IGN)
    try:
        with (
            HeldSignals() as signals,
            ray_engine._connected(ray, address, AuditConfig(), signals),  # type: ignore[arg-type]
        ):
            assert signal.getsignal(signal.SIGTERM) == signal.SIG_IGN
        assert ray.calls == ["init", "shutdown"]
        assert signal.getsignal(signal.SIGTERM) == signal.SIG_IGN
    finally:
        signal.signal(signal.SIGTERM, before)
