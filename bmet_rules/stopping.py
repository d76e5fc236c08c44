"""Stopping a batch on request: Ctrl-C (SIGINT) and SIGTERM, once politely, twice at once.

The first signal only sets a flag that the batch loop reads between records, which is what
keeps the output whole: the records already written stay, the loop ends, the writer closes,
the account line says where it stopped, and the exit status is 130. SIGTERM (``kill``, a
job scheduler, ``timeout``) is treated exactly like Ctrl-C: before, it killed the parent
outright, losing the error rows and leaving the worker processes orphaned.

A second signal means "now": it kills the worker processes (``on_force``) and raises
``KeyboardInterrupt`` where the main thread is, so neither a blocked read nor the wait for
workers at exit can hang the command (two Ctrl-C 20-100 ms apart used to hang it in
multiprocessing's exit join).
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections.abc import Callable
from types import FrameType
from typing import Any

#: The signals that stop a batch; both end with exit status 130.
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
EXIT_INTERRUPTED = 130


class StopRequest:
    """A context that turns SIGINT and SIGTERM into :attr:`requested`, and a second into
    ``KeyboardInterrupt`` after ``on_force()``."""

    def __init__(self, on_force: Callable[[], None] = lambda: None) -> None:
        self.requested = False
        self.signal_name: str | None = None
        self._on_force = on_force
        self._previous: dict[int, Any] = {}

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self.requested:
            self._on_force()
            # The interrupt lets the writer close whole; should the clean-up it starts block
            # (a lock or a join inside multiprocessing: measured about 1 run in 10 with two
            # Ctrl-C 0.1 s apart), the process still ends, with the same status.
            _exit_after(FORCE_GRACE_SECONDS)
            raise KeyboardInterrupt
        self.requested = True
        self.signal_name = signal.Signals(signum).name

    def __enter__(self) -> StopRequest:
        for signum in STOP_SIGNALS:
            try:
                self._previous[signum] = signal.signal(signum, self._handle)
            except ValueError:  # not the main thread: leave signals as they are
                break
        return self

    def __exit__(self, *exc: object) -> None:
        for signum, previous in self._previous.items():
            # Once a stop was asked for, a further signal during the clean-up that follows
            # (closing files, joining threads at exit) must end the process, not hang it.
            signal.signal(signum, self._exit_now if self.requested else previous)
        self._previous.clear()

    def _exit_now(self, signum: int, frame: FrameType | None) -> None:
        self._on_force()
        os._exit(EXIT_INTERRUPTED)


#: How long the clean-up after a second signal may take before the process ends regardless.
FORCE_GRACE_SECONDS = 3.0


def _exit_after(seconds: float) -> None:
    """End the process with :data:`EXIT_INTERRUPTED` in ``seconds`` unless it ends first."""
    timer = threading.Timer(seconds, os._exit, (EXIT_INTERRUPTED,))
    timer.daemon = True
    timer.start()


def _raise_interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def sigterm_as_interrupt() -> None:
    """From start-up on, SIGTERM raises ``KeyboardInterrupt`` like Ctrl-C (so it ends with
    130 and the same clean-up, even while the rulesets are still loading), and so does
    SIGINT even when the process started with it ignored: a job a shell puts in the
    background inherits SIGINT ignored, and Python then installs no handler, so a Ctrl-C sent
    to it while the rulesets load was lost and the run went on to the end with status 0 (the
    batch's own handler, installed later, never saw it)."""
    with contextlib.suppress(ValueError):  # not the main thread
        signal.signal(signal.SIGTERM, _raise_interrupt)
        signal.signal(signal.SIGINT, signal.default_int_handler)
