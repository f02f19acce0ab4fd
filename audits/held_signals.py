"""SIGINT, SIGTERM and SIGHUP held while code that must not be interrupted runs, and acted on
at the points where the caller checks for them.

Ray's calls (``ray.init``, ``ray.wait``, submitting to an actor) are C++ under Cython:
a Python signal handler that raises there (the CLI's, which stops the run, or
Python's KeyboardInterrupt) came out as ``SystemError: <cyfunction CoreWorker.wait>
returned a result with an exception set`` or crashed the process on its way out. Held
here, the signal is delivered to the handler that was in place, from Python code,
when the caller next calls ``check``.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from types import FrameType, TracebackType
from typing import Any

HELD = (signal.SIGINT, signal.SIGTERM, *([signal.SIGHUP] if hasattr(signal, "SIGHUP") else []))


class HeldSignals:
    """A context in which SIGINT, SIGTERM and SIGHUP are only noted; ``check`` acts on the
    first one noted as the handler before the context would have. Outside the main
    thread (where handlers cannot be set) nothing is held."""

    def __init__(self) -> None:
        self.noted: int | None = None  # the first signal noted: the one acted on
        self.previous: dict[int, Callable[[int, FrameType | None], Any] | int | None] = {}
        self.delivered = False

    def __enter__(self) -> HeldSignals:
        if threading.current_thread() is threading.main_thread():
            for signum in HELD:
                # One ignored (SIGHUP under nohup, SIGINT in a background job) stays
                # so: noted, it took the place of a later signal that stops the run.
                if signal.getsignal(signum) != signal.SIG_IGN:
                    self.previous[signum] = signal.signal(signum, self._note)
        return self

    def _note(self, signum: int, frame: FrameType | None) -> None:
        self.note(signum)

    def note(self, signum: int) -> None:
        """Hold ``signum`` as if it had come (one that other code caught first)."""
        if self.noted is None:
            self.noted = signum

    def check(self) -> None:
        """Act on a signal noted so far, as the handler before this context would
        (raise what it raises); the signal stays held for what the caller does next,
        cleaning up included."""
        if self.noted is None or self.delivered:
            return
        self.delivered = True
        signum = self.noted
        handler = self.previous.get(signum)
        if callable(handler):
            handler(signum, None)
        elif handler == signal.SIG_DFL:
            self._restore()
            if hasattr(signal, "pthread_sigmask"):
                # Blocked here (while a local Ray starts, say), raising it would only
                # leave it pending for whatever handler is put back next.
                signal.pthread_sigmask(signal.SIG_UNBLOCK, {signum})
            signal.raise_signal(signum)  # what the signal would have done: end the process

    def _restore(self) -> None:
        for signum, handler in self.previous.items():
            signal.signal(signum, handler if handler is not None else signal.SIG_DFL)
        self.previous.clear()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        try:
            if kind is None:
                self.check()  # one noted after the caller's last check
        finally:
            self._restore()
