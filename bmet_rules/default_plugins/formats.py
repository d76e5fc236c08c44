"""The built-in output formats: table, JSON, JSON Lines, CSV and Markdown.

Every writer renders one result into one string and hands it to the stream in a single
``write`` call. That is what makes an interrupted batch safe: the command stops between
results, so the output always ends on a record boundary (for JSON, ``close`` still writes
the closing ``]``). Nothing is buffered across results, so memory stays flat however many
profiles a batch holds.

JSON and JSON Lines carry ``Result.to_dict()`` exactly (the contract in ``docs/contract.md``);
the other formats are views of the same facts for people.

The data formats (JSON, JSON Lines, CSV) also offer an optional split of ``write``: a static
``encode(result) -> str`` that needs no writer state, and ``write_encoded(text)``. With
``--jobs N`` the workers call ``encode`` and send text, which is much cheaper to pass
between processes than a ``Result`` and keeps the parent, which writes alone, from becoming
the bottleneck (``bmet_rules.batch``). A plugin's writer need not offer it.
"""

from __future__ import annotations

import csv
import io
import re
import textwrap
from collections.abc import Callable, Iterable, Sequence
from typing import IO, Any

from ..formats import OutputFormat
from ..hookspecs import hookimpl
from ..jsoncodec import encode_result
from ..results import Result

#: Cell prefixes a spreadsheet may read as a formula (CSV injection, OWASP).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: The "(has 1, needs 2)" tail of a gap sentence: the table has no room for it.
_HAVE_TAIL = re.compile(r"\s*\((?:has|now)\b[^()]*\)$")




class JsonLinesWriter:
    """One ``Result.to_dict()`` per line: the format to pipe into other tools."""

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream

    @staticmethod
    def encode(result: Result) -> str:
        """One result as one line of text."""
        return encode_result(result) + "\n"

    def write_encoded(self, text: str) -> None:
        """Write a line made by :meth:`encode`."""
        self._stream.write(text)

    def write(self, result: Result) -> None:
        """Write one result as one line."""
        self._stream.write(self.encode(result))

    def close(self) -> None:
        """Nothing to finish: every line is complete on its own."""


class JsonArrayWriter:
    """A JSON array written incrementally: ``[``, items joined by ``,\\n``, then ``]``."""

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream
        self._count = 0

    @staticmethod
    def encode(result: Result) -> str:
        """One array element."""
        return encode_result(result)

    def write_encoded(self, text: str) -> None:
        """Write an element made by :meth:`encode` (the opening bracket comes with the first)."""
        lead = "[\n" if self._count == 0 else ",\n"
        self._stream.write(lead + text)
        self._count += 1

    def write(self, result: Result) -> None:
        """Write one element."""
        self.write_encoded(self.encode(result))

    def close(self) -> None:
        """Close the array, so even an interrupted batch leaves valid JSON."""
        self._stream.write("\n]\n" if self._count else "[]\n")


def neutralise(cell: str) -> str:
    """Prefix a quote to a cell a spreadsheet would run as a formula (``=HYPERLINK(...)``).

    Profile ids and names come from whoever filled in the form; HR staff open the output in
    a spreadsheet, where a cell starting with ``=``, ``+``, ``-`` or ``@`` is executed.
    """
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


class CsvWriter:
    """One row per profile and path, and per profile and certification.

    Columns: profile_id, kind (``path`` or ``certification``), id, status, route, gaps (the
    gap sentences joined by ``"; "``). Every cell is neutralised against formula injection.
    """

    COLUMNS = ("profile_id", "kind", "id", "status", "route", "gaps")

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream
        self._header = False

    @staticmethod
    def _rows(result: Result) -> Iterable[Sequence[str]]:
        for kind, outcomes in (("certification", result.certifications), ("path", result.paths)):
            for o in outcomes:
                gaps = "; ".join(g.message for g in o.gaps)
                yield (result.profile_id, kind, o.id, o.status, o.route or "", gaps)

    @staticmethod
    def encode(result: Result) -> str:
        """The result's rows as CSV text, every cell neutralised."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        for row in CsvWriter._rows(result):
            writer.writerow([neutralise(cell) for cell in row])
        return buffer.getvalue()

    def _write_header(self) -> None:
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerow(self.COLUMNS)
        self._stream.write(buffer.getvalue())
        self._header = True

    def write_encoded(self, text: str) -> None:
        """Write rows made by :meth:`encode` (the header comes with the first result)."""
        if not self._header:
            self._write_header()
        self._stream.write(text)

    def write(self, result: Result) -> None:
        """Write the result's rows."""
        self.write_encoded(self.encode(result))

    def close(self) -> None:
        """Write the header if no result came, so the file still names its columns."""
        if not self._header:
            self._write_header()


def _md(text: str) -> str:
    """A Markdown table cell: pipes escaped, line breaks flattened."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


class MarkdownWriter:
    """A heading per profile, then one table of its certifications and paths."""

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream

    def write(self, result: Result) -> None:
        """Write one profile's section."""
        who = f" — {result.name}" if result.name else ""
        lines = [f"## {_md(result.profile_id)}{_md(who)}", "",
                 f"Level: **{result.level or 'not assigned'}**", "",
                 "| kind | id | status | route | gaps |", "|---|---|---|---|---|"]
        for kind, outcomes in (("certification", result.certifications), ("path", result.paths)):
            for o in outcomes:
                gaps = "; ".join(g.message for g in o.gaps) or "—"
                lines.append(f"| {kind} | {_md(o.id)} | {o.status.replace('_', ' ')} | "
                             f"{_md(o.route or '—')} | {_md(gaps)} |")
        if result.warnings:
            lines += ["", *(f"> warning: {_md(w)}" for w in result.warnings)]
        self._stream.write("\n".join(lines) + "\n\n")

    def close(self) -> None:
        """Nothing to finish."""


class TableWriter:
    """A terminal table, one profile per row: id, level, open paths, next steps.

    Widths are fixed (no look-ahead, so it streams) and fit ``width`` columns; long cells
    wrap inside their column. "Nearest gaps" names the nearest path with what it still
    needs (the actionable part of an advice) and how many more paths are near; the full
    sentences are in ``explain`` and the JSON formats.
    """

    def __init__(self, stream: IO[str], width: int = 100, max_near: int = 1) -> None:
        self._stream = stream
        self._max_near = max_near
        self._widths = (12, 8, 36, max(20, width - 12 - 8 - 36 - 6))
        self._header = False

    def _line(self, cells: Sequence[str]) -> str:
        wrapped = [textwrap.wrap(c, w, break_on_hyphens=False) or [""]
                   for c, w in zip(cells, self._widths, strict=True)]
        height = max(len(w) for w in wrapped)
        rows = []
        for i in range(height):
            parts = [(w[i] if i < len(w) else "").ljust(n)
                     for w, n in zip(wrapped, self._widths, strict=True)]
            rows.append("  ".join(parts).rstrip())
        return "\n".join(rows) + "\n"

    def _steps(self, result: Result) -> str:
        """The first ranked next steps (the same advice ``explain`` leads with)."""
        steps = result.next_steps[: self._max_near]
        parts = []
        for step in steps:
            goes = ", ".join(step.opens) if step.opens else ", ".join(step.towards[:2])
            parts.append(f"{step.action} -> {goes}" if goes else step.action)
        more = len(result.next_steps) - len(steps) + result.more_steps
        if more:
            parts.append(f"(+{more} more steps)")
        asking = [p for p in result.paths if p.status == "needs_info"]
        if asking:
            parts.append(f"({len(asking)} need info)")
        return " | ".join(parts) or "—"

    def write(self, result: Result) -> None:
        """Write one profile's row (the header comes with the first)."""
        text = ""
        if not self._header:
            text = self._line(("ID", "LEVEL", "OPEN PATHS", "NEXT STEPS"))
            text += "  ".join("-" * w for w in self._widths) + "\n"
            self._header = True
        open_paths = ", ".join(p.id for p in result.paths if p.status == "eligible") or "—"
        text += self._line((result.profile_id, result.level or "—", open_paths,
                            self._steps(result)))
        self._stream.write(text)

    def close(self) -> None:
        """Nothing to finish."""


_FORMATS: tuple[tuple[str, str, Callable[[IO[Any]], Any], str], ...] = (
    ("table", "a table for the terminal: id, level, open paths, nearest gaps", TableWriter, ""),
    ("json", "a JSON array of results (the full result contract)", JsonArrayWriter, ".json"),
    ("jsonl", "JSON Lines: one full result per line", JsonLinesWriter, ".jsonl"),
    ("csv", "CSV: one row per profile and path or certification, formula-safe for spreadsheets",
     CsvWriter, ".csv"),
    ("markdown", "Markdown: a heading and a table per profile", MarkdownWriter, ".md"),
)


@hookimpl
def register_output_formats(register: Callable[..., None]) -> None:
    """The built-in writers, registered through the same hook as a plugin's."""
    for name, description, factory, extension in _FORMATS:
        register(OutputFormat(name, description, factory, extension, origin="formats"))
