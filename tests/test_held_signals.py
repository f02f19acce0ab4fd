"""SIGINT, SIGTERM and SIGHUP held while Ray's calls run, acted on when the caller checks."""

from __future__ import annotations

import os
import signal
from types import FrameType

import pytest

from audits.held_signals import HeldSignals


class Stopped(BaseException):
    pass


def _stop(signum: int, frame: FrameType | None) -> None:
    raise Stopped(signum)


@pytest.fixture
def stop_on_sigterm():  # type: ignore[no-untyped-def]
    previous = signal.signal(signal.SIGTERM, _stop)
    yield
    signal.signal(signal.SIGTERM, previous)


@pytest.mark.usefixtures("stop_on_sigterm")
def test_a_held_signal_reaches_the_handler_before_at_the_next_check() -> None:
    with pytest.raises(Stopped) as stopped, HeldSignals() as signals:
        os.kill(os.getpid(), signal.SIGTERM)
        reached = True
        signals.check()
        reached = False
    assert reached
    assert stopped.value.args == (signal.SIGTERM,)
    assert signal.getsignal(signal.SIGTERM) is _stop


@pytest.mark.usefixtures("stop_on_sigterm")
def test_a_signal_after_the_last_check_is_acted_on_when_the_context_ends() -> None:
    with pytest.raises(Stopped), HeldSignals():
        os.kill(os.getpid(), signal.SIGTERM)
    assert signal.getsignal(signal.SIGTERM) is _stop


@pytest.fixture
def python_s_sigint_handler():  # type: ignore[no-untyped-def]
    # A process started in the background (CI runners, `make test &`) inherits SIGINT
    # ignored, and Python then leaves it so: put Python's own handler in place.
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)


@pytest.mark.usefixtures("python_s_sigint_handler")
def test_ctrl_c_with_python_s_own_handler_is_a_keyboard_interrupt() -> None:
    with pytest.raises(KeyboardInterrupt), HeldSignals() as signals:
        os.kill(os.getpid(), signal.SIGINT)
        signals.check()
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_a_held_sigterm_with_the_default_handler_ends_the_process_while_blocked() -> None:
    """While a local Ray starts, SIGTERM is blocked in this thread: raising it there only
    left it pending, for whatever handler was put back next to swallow."""
    import subprocess
    import sys

    script = (
        "import signal\n"
        "from audits.held_signals import HeldSignals\n"
        "signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})\n"
        "with HeldSignals() as signals:\n"
        "    signals.note(signal.SIGTERM)\n"
        "    signals.check()\n"
        "    print('survived')\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == -signal.SIGTERM, (done.returncode, done.stdout, done.stderr)
    assert "survived" not in done.stdout


@pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="no SIGHUP on this platform")
@pytest.mark.usefixtures("stop_on_sigterm")
def test_an_ignored_signal_is_not_held_in_place_of_one_that_stops_the_run() -> None:
    """Under `nohup` SIGHUP is ignored: held all the same, it took the one place for a
    signal to act on, and a SIGTERM after it was lost."""
    previous = signal.signal(signal.SIGHUP, signal.SIG_IGN)
    try:
        with pytest.raises(Stopped) as stopped, HeldSignals() as signals:
            os.kill(os.getpid(), signal.SIGHUP)
            os.kill(os.getpid(), signal.SIGTERM)
            signals.check()
        assert stopped.value.args == (signal.SIGTERM,)
        assert signal.getsignal(signal.SIGHUP) == signal.SIG_IGN
    finally:
        signal.signal(signal.SIGHUP, previous)
