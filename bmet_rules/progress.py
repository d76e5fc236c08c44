"""What a batch tells the person running it, on stderr: a progress line and a final account.

stdout carries data only. The progress line appears only on a terminal and only once a batch
is big enough to be worth watching (2,000 rows), so logs and pipes never collect ``\\r``
noise; it is redrawn at most five times a second, so drawing costs nothing measurable.
"""

from __future__ import annotations

import time
from typing import TextIO

#: Rows after which a progress line appears (smaller batches finish before anyone looks).
PROGRESS_AFTER = 2000


def _rate(rows: int, seconds: float) -> str:
    """Rows per second to three significant figures, with thousands separators."""
    if seconds <= 0 or rows == 0:
        return "0"
    rate = rows / seconds
    digits = max(0, len(str(int(rate))) - 3)
    return f"{round(rate, -digits):,.0f}"


def account_line(
    rows: int, evaluated: int, errors: int, seconds: float, *, stopped: str | None = None,
    written: int | None = None,
) -> str:
    """``68,000 rows: 67,991 evaluated, 9 errors (2.4 s, 28,300 rows/s)``.

    ``stopped`` says why and where a run ended early ("interrupted", "stopped by an error at
    staff.csv:4312"); the counts then say how far it got. ``written`` (results that reached
    the output) is shown only when it differs from ``evaluated``: after a disk filled up.
    """
    noun = "row" if rows == 1 else "rows"
    errs = "error" if errors == 1 else "errors"
    kept = f" ({written:,} written)" if written is not None and written != evaluated else ""
    text = (f"{rows:,} {noun}: {evaluated:,} evaluated{kept}, {errors:,} {errs} "
            f"({seconds:.1f} s, {_rate(rows, seconds)} rows/s)")
    if not rows and not stopped:  # (an empty file, or a header alone: fifty-fourth review)
        text += "; the input holds no records (an empty file, or a header with no rows?)"
    return f"{stopped}: {text}" if stopped else text


class Progress:
    """A self-overwriting progress line: rows done, rows/s, errors so far."""

    def __init__(self, stream: TextIO, enabled: bool, interval: float = 0.2) -> None:
        self._stream = stream
        self._enabled = enabled
        self._interval = interval
        self._start = time.perf_counter()
        self._next = 0.0
        self._shown = False

    def update(self, rows: int, errors: int) -> None:
        """Redraw if enabled, past the threshold and due."""
        if not self._enabled or rows < PROGRESS_AFTER:
            return
        now = time.perf_counter()
        if now < self._next:
            return
        self._next = now + self._interval
        elapsed = now - self._start
        self._stream.write(f"\r{rows:,} rows, {_rate(rows, elapsed)} rows/s, "
                           f"{errors:,} errors\x1b[K")
        self._stream.flush()
        self._shown = True

    def clear(self) -> None:
        """Erase the line so the account line starts clean."""
        if self._shown:
            self._stream.write("\r\x1b[K")
            self._stream.flush()
            self._shown = False
