"""bmet-rules-hris-export: the ``hris-csv`` output format, for an HR information system import.

HR systems import files by column position and match codes exactly, so this format is
deliberately rigid: the same six columns in the same order whatever the rulesets say, one row
per profile and career path, short status codes instead of words, and no cell that a
spreadsheet could execute as a formula. See README.md for the column and code tables.

    bmet-rules evaluate staff.csv -f hris-csv -o hris-import.csv
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from typing import IO, Any

from bmet_rules.formats import OutputFormat, ResultWriter
from bmet_rules.hookspecs import hookimpl
from bmet_rules.results import Outcome, Result

__version__ = "0.1.0"

FORMAT_NAME = "hris-csv"

#: The columns, in the order the HR system's import template expects them. Never reorder:
#: the import maps by position.
COLUMNS: tuple[str, ...] = (
    "EMPLOYEE_ID",
    "LEVEL",
    "PATH_ID",
    "PATH_STATUS",
    "GAP_COUNT",
    "NEXT_STEP",
)

#: bmet-rules path statuses -> the HRIS status codes (README, "Status codes").
STATUS_CODES: dict[str, str] = {
    "eligible": "ELIG",
    "near": "NEAR",
    "not_eligible": "INEL",
    "needs_info": "INFO",
}

#: bmet-rules levels -> the HRIS grade codes; no level at all is ``NONE``.
LEVEL_CODES: dict[str, str] = {
    "BMET I": "BMET1",
    "BMET II": "BMET2",
    "BMET III": "BMET3",
    "unassigned": "NONE",
}

#: Characters that make Excel, LibreOffice or Google Sheets treat a cell as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: str) -> str:
    """Prefix a cell that a spreadsheet would run as a formula with a single quote.

    Profile ids and names come from the input file, so an id such as ``=HYPERLINK(...)``
    must reach the HR system as text, never as a live formula (OWASP "CSV injection").
    """
    if value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def status_code(status: str) -> str:
    """The HRIS code for a path status; an unknown status fails loudly rather than guess."""
    try:
        return STATUS_CODES[status]
    except KeyError:
        raise ValueError(
            f"hris-csv has no code for path status {status!r} (known: {', '.join(STATUS_CODES)})"
        ) from None


def level_code(level: str | None) -> str:
    """The HRIS grade code for a level (``NONE`` when the rules concluded none)."""
    if level is None:
        return LEVEL_CODES["unassigned"]
    return LEVEL_CODES.get(level, level.upper().replace(" ", ""))


def next_step(result: Result, path: Outcome) -> str:
    """One sentence: what would move this person along this path (empty when eligible).

    The result's own next steps are preferred (they are ranked across all paths); otherwise
    the first gap of the path's nearest route.
    """
    if path.status == "eligible":
        return ""
    for step in result.next_steps:
        if path.id in step.opens:
            return step.action
    return path.gaps[0].message if path.gaps else ""


def rows(result: Result) -> list[list[str]]:
    """The rows for one result: one per career path, in the knowledge base's path order."""
    employee = neutralise(result.profile_id)
    level = level_code(result.level)
    return [
        [
            employee,
            level,
            path.id,
            status_code(path.status),
            str(len(path.gaps)),
            neutralise(next_step(result, path)),
        ]
        for path in result.paths
    ]


class HrisCsvWriter:
    """Writes the header at once (an empty batch still gives a valid import file), then rows."""

    def __init__(self, stream: IO[Any]) -> None:
        self._csv = csv.writer(stream, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
        self._csv.writerow(COLUMNS)

    def write(self, result: Result) -> None:
        """Write the rows for one result."""
        self._csv.writerows(rows(result))

    def close(self) -> None:
        """Nothing to finish: the format has no footer."""


def open_writer(stream: IO[Any]) -> ResultWriter:
    """The writer factory bmet-rules calls with the output stream."""
    return HrisCsvWriter(stream)


HRIS_CSV = OutputFormat(
    name=FORMAT_NAME,
    description="Fixed-column CSV for an HR information system (one row per profile and path)",
    open=open_writer,
    extension=".csv",
    origin="hris-export",
)


@hookimpl
def register_output_formats(register: Callable[..., None]) -> None:
    """The ``hris-csv`` format."""
    register(HRIS_CSV)
