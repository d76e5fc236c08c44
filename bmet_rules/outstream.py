"""Output that reaches its file in whole records only, and outputs that must not overwrite inputs.

A writer may call ``write`` several times for one record; if the disk fills (or a file-size
limit is reached) half-way, a plain file keeps half a record. :class:`RecordStream` keeps
what a writer writes in memory until the batch says the record is complete (:meth:`commit`),
sends complete records to the file in blocks with ``os.write``, and when a block fails part
way, cuts the file back to the end of the last whole record (for a regular file) before
reporting :class:`OutputFailure`, which says how many records the file holds. Text is
encoded as UTF-8 with backslash escapes for anything that cannot be encoded (a lone
surrogate), so no value can make writing itself fail.

:func:`refuse_overlaps` is the check, made before any file is opened, that ``-o`` and
``--errors`` name neither an input nor each other: opening an output truncates it, so
``evaluate x.csv -o x.csv`` used to empty its own input and report 0 rows.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Callable, Sequence
from typing import IO, Any

from .errors import BmetRulesError
from .plugins import PluginError

#: Bytes of whole records gathered before one ``os.write`` (a few dozen JSON results).
BLOCK_BYTES = 1 << 16


class OutputFailure(BmetRulesError):
    """An output could not be written (disk full, size limit, I/O error); what it holds is
    whole records, as many as :attr:`records` says."""

    def __init__(self, message: str, records: int = 0) -> None:
        super().__init__(message)
        self.records = records


class RecordStream:
    """A write-only stream for a writer (text or binary) that commits whole records.

    ``target`` is a file descriptor, or (stdout captured in tests) a binary file object.
    """

    def __init__(self, target: int | IO[bytes], name: str, *, binary: bool = False,
                 owns: bool = False) -> None:
        self.name = name
        self.binary = binary
        self.records = 0  # records that reached the file
        self.closed = False
        self._target = target
        self._owns = owns
        self._pending: list[bytes] = []  # the record being written
        self._ready: list[bytes] = []  # complete records not yet sent
        self._ready_bytes = 0
        self._ready_records = 0
        self._good = self._offset()  # where the last whole record ends, for a regular file
        # On a terminal each record is shown as soon as it is whole, as people watch it come.
        self._eager = isinstance(target, int) and os.isatty(target)

    # -- what writers call ---------------------------------------------------------------
    def write(self, data: str | bytes) -> int:
        """Keep ``data`` as part of the record being written."""
        encoded = data.encode("utf-8", "backslashreplace") if isinstance(data, str) else bytes(data)
        self._pending.append(encoded)
        return len(data)

    def writable(self) -> bool:
        """Always: this stream is for writing."""
        return True

    def isatty(self) -> bool:
        """Never treated as a terminal (the writer was chosen before)."""
        return False

    def flush(self) -> None:
        """Nothing to do for a writer: records are sent when whole (:meth:`commit`)."""

    # -- what the batch calls -------------------------------------------------------------
    def commit(self) -> None:
        """The record written since the last commit is whole: queue it, send a full block."""
        if not self._pending:
            return
        # One write per record is the rule (the built-in writers): no copy needed then.
        chunk = self._pending[0] if len(self._pending) == 1 else b"".join(self._pending)
        self._pending.clear()
        self._ready.append(chunk)
        self._ready_bytes += len(chunk)
        self._ready_records += 1
        if self._eager or self._ready_bytes >= BLOCK_BYTES:
            self.send()

    def discard(self) -> None:
        """Drop a record left half-written (its writer failed)."""
        self._pending.clear()

    def send(self) -> None:
        """Send every queued whole record to the file; on failure cut back and raise."""
        if not self._ready:
            return
        data = b"".join(self._ready)
        records = self._ready_records
        self._ready.clear()
        self._ready_bytes = self._ready_records = 0
        try:
            self._write_all(data)
        except BrokenPipeError:
            raise
        except OSError as exc:
            self._cut_back()
            reason = exc.strerror or str(exc)
            raise OutputFailure(
                f"{self.name}: cannot write: {reason}; it holds {self.records:,} whole "
                "record(s) and nothing after them (free some space, or write elsewhere "
                "with -o / --errors, and run again)", self.records) from exc
        self.records += records
        self._good = self._offset()

    def close(self) -> None:
        """Send what is whole, drop what is not; close the file if this stream opened it."""
        if self.closed:
            return
        self.closed = True
        self._pending.clear()
        try:
            self.send()
        finally:
            if self._owns and isinstance(self._target, int):
                os.close(self._target)

    # -- helpers ----------------------------------------------------------------------------
    def _write_all(self, data: bytes) -> None:
        if not isinstance(self._target, int):
            self._target.write(data)
            self._target.flush()
            return
        view = memoryview(data)
        while view:
            written = os.write(self._target, view)
            view = view[written:]

    def _offset(self) -> int | None:
        if not isinstance(self._target, int):
            return None
        try:
            if not stat.S_ISREG(os.fstat(self._target).st_mode):
                return None
            return os.lseek(self._target, 0, os.SEEK_CUR)
        except OSError:
            return None

    def _cut_back(self) -> None:
        """Truncate a regular file to its last whole record (best effort)."""
        if self._good is None or not isinstance(self._target, int):
            return
        try:
            os.ftruncate(self._target, self._good)
            os.lseek(self._target, self._good, os.SEEK_SET)
        except OSError:
            pass


class NamedEncoder:
    """A writer's ``encode`` (run in worker processes) whose failure names the format and
    plugin, like a failure of ``write``; picklable, so it can be sent to the workers."""

    def __init__(self, encode: Callable[[Any], str], name: str, origin: str) -> None:
        self.encode, self.name, self.origin = encode, name, origin

    def __call__(self, result: Any) -> str:
        try:
            return self.encode(result)
        except Exception as exc:
            raise PluginError(
                f"output format {self.name!r} (plugin {self.origin!r}) failed encoding profile "
                f"{result.profile_id!r}: {type(exc).__name__}: {str(exc)[:300]}") from None


def open_record_stream(path: str, *, binary: bool = False) -> RecordStream:
    """A :class:`RecordStream` on ``path`` (created or emptied), or on stdout for ``-``."""
    if path == "-":
        try:
            sys.stdout.flush()
            return RecordStream(sys.stdout.fileno(), "stdout", binary=binary)
        except (AttributeError, OSError, ValueError):  # stdout is not a real file (tests)
            return RecordStream(sys.stdout.buffer, "stdout", binary=binary)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
    except OSError as exc:
        raise BmetRulesError(f"{path}: cannot write: {exc.strerror or exc}") from exc
    return RecordStream(fd, path, binary=binary, owns=True)


def _identity(path: str) -> tuple[Any, ...]:
    """What makes two names the same file: device and inode if it exists, else its real path."""
    try:
        info = os.stat(path)
    except OSError:
        return ("path", os.path.realpath(path))
    return ("inode", info.st_dev, info.st_ino)


def refuse_overlaps(inputs: Sequence[str], outputs: Sequence[tuple[str, str]]) -> None:
    """Raise if an output (``(option, path)``) is an input or another output.

    Compared by real path and by inode (links and ``./x`` versus ``x``), ``-`` excluded;
    called before anything is opened, because opening an output empties it.
    """
    seen: dict[tuple[Any, ...], str] = {}
    for path in inputs:
        if path != "-":
            seen.setdefault(_identity(path), f"input {path}")
    for option, path in outputs:
        if path == "-" or _is_character_device(path):
            continue
        key = _identity(path)
        if key in seen:
            harm = ("writing it would empty the input before it is read"
                    if seen[key].startswith("input") else "both would be written into one file")
            raise BmetRulesError(
                f"{option} {path} is the same file as the {seen[key]}: {harm}; choose a "
                f"different file for {option}"
            )
        seen[key] = f"{option} file {path}"


def _is_character_device(path: str) -> bool:
    """``/dev/null``, ``/dev/stdout`` and friends may be named twice without harm."""
    try:
        return stat.S_ISCHR(os.stat(path).st_mode)
    except OSError:
        return False
