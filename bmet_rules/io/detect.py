"""Telling the format of a stream that has no file name (stdin) from its first bytes.

``cat staff.jsonl | bmet-rules evaluate -`` used to be read as CSV: no error, zero rows,
exit 0. A stream starting with ``[`` is a JSON array; one starting with ``{`` is JSON Lines
when its first line is a whole object, else one (pretty-printed) JSON object; the zip
signature is an Excel workbook; anything else is CSV.
"""

from __future__ import annotations

import json
from typing import IO

#: How much of a stream is looked at (and replayed to the reader).
PEEK_BYTES = 64 * 1024
XLSX_MAGIC = b"PK\x03\x04"


class ReplayStream:
    """A binary stream whose first bytes were already read: they are read again first."""

    def __init__(self, head: bytes, rest: IO[bytes], ended: bool = False) -> None:
        self._head = head
        self._rest = rest
        self._ended = ended
        """The end was already met while peeking: a terminal reports it (Ctrl-D) only once."""

    def read(self, size: int = -1) -> bytes:
        """Read like ``BufferedReader.read``."""
        if size is None or size < 0:
            data, self._head = self._head + self._more(), b""
            return data
        if self._head:
            data, self._head = self._head[:size], self._head[size:]
            return data
        return self._more(size)

    def _more(self, size: int = -1) -> bytes:
        if self._ended:
            return b""
        data = self._rest.read(size)
        self._ended = not data
        return data

    def readline(self, size: int = -1) -> bytes:
        """One line, the replayed bytes first."""
        if self._head:
            cut = self._head.find(b"\n")
            if cut >= 0:
                line, self._head = self._head[: cut + 1], self._head[cut + 1:]
                return line
            line, self._head = self._head, b""
            return line + self._line()
        return self._line()

    def _line(self) -> bytes:
        if self._ended:
            return b""
        data = self._rest.readline()
        self._ended = not data
        return data

    def __iter__(self) -> ReplayStream:
        return self

    def __next__(self) -> bytes:
        line = self.readline()
        if not line:
            raise StopIteration
        return line


def sniff(head: bytes) -> str:
    """The format name (``json``, ``jsonl``, ``xlsx`` or ``csv``) of a stream's first bytes."""
    if head.startswith(XLSX_MAGIC):
        return "xlsx"
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    if text.startswith(b"["):
        return "json"
    if text.startswith(b"{"):
        first = text.split(b"\n", 1)[0]
        try:
            json.loads(first)
        except ValueError:
            return "json"
        return "jsonl"
    return "csv"


def peek(stream: IO[bytes]) -> tuple[str, ReplayStream]:
    """The detected format and a stream that still yields every byte."""
    head = b""
    ended = False
    read = getattr(stream, "read1", stream.read)  # what is there now: a pipe may be slow
    while len(head) < PEEK_BYTES:
        chunk = read(PEEK_BYTES - len(head))
        if not chunk:
            ended = True
            break
        head += chunk
        if b"\n" in head.lstrip():  # the first line is enough to judge
            break
    return sniff(head), ReplayStream(head, stream, ended)
