"""The shapes of input and output formats, as plugins register them.

A reader turns a byte stream into :class:`Record` rows (each knows its source and row
number, so an error can point at it); a writer receives results one at a time, so memory
does not grow with the batch.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import IO, Any, Protocol

from .results import Result


@dataclass(frozen=True)
class Record:
    """One raw input row: its data, or why it cannot be used (``error``; with the data read,
    when any, so the message names the row's id)."""

    source: str
    row: int
    data: Mapping[str, Any] | None
    error: str | None = None


class ResultWriter(Protocol):
    """Writes results as they come; ``close`` finishes the output (footer, summary)."""

    def write(self, result: Result) -> None:
        """Write one result."""

    def close(self) -> None:
        """Finish the output; the stream itself is closed by the caller."""


@dataclass(frozen=True)
class OutputFormat:
    """An output format: a name, and a factory for writers on a stream."""

    name: str
    description: str
    open: Callable[[IO[Any]], ResultWriter]
    extension: str = ""
    binary: bool = False
    origin: str = "core"


@dataclass(frozen=True)
class InputFormat:
    """An input format: a name, the file extensions it claims, and a reader."""

    name: str
    description: str
    read: Callable[..., Iterator[Record]]
    """``read(stream, source, **options)``: records from a binary stream."""
    extensions: tuple[str, ...] = field(default_factory=tuple)
    origin: str = "core"
    options: tuple[str, ...] = ()
    """Keyword options ``read`` accepts (``delimiter``, ``encoding``, ``sheet``,
    ``records_key``); the command line passes only these, and refuses the others."""
    tabular: bool = False
    """One header for every row (CSV, a sheet): a header without an id column stops the input."""
