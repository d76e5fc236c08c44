"""Excel workbooks in and out, through the optional ``excel`` extra.

HR offices live in Excel: an ``.xlsx`` used to give "cannot tell the input format", and
``--input-format csv`` then a CSV parser error. Reading uses python-calamine (Rust's
calamine: one small wheel, no dependencies, reads a 10,000-row sheet in well under a second
where openpyxl takes several); writing uses XlsxWriter (pure Python, no dependencies, and a
``constant_memory`` mode that streams each row to disk, so a 100,000-person batch does not
grow in memory). Both are imported only when a workbook is read or written; without them the
error says what to install.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterator
from typing import IO, Any

from ..errors import BmetRulesError
from ..formats import Record
from ..results import Result

MISSING = 'Excel support is an optional extra: pip install "bmet-rules[excel]"'


class ExcelUnavailable(BmetRulesError):
    """The ``excel`` extra is not installed."""


def _calamine() -> Any:
    try:
        import python_calamine
    except ImportError:
        raise ExcelUnavailable(
            f"reading .xlsx needs python-calamine. {MISSING} "
            "(or save the sheet as CSV UTF-8 and read that)"
        ) from None
    return python_calamine


def _cell(value: Any) -> Any:
    """A sheet cell as the profile parser takes it: text, a number, a boolean or ``None``.

    Dates (a hire date column) become ISO text; an empty cell is ``None`` here, and a blank
    in the record (:func:`read_xlsx`)."""
    if isinstance(value, str):
        return value if value.strip() else None
    if isinstance(value, (datetime.date, datetime.time, datetime.timedelta)):
        return str(value)
    return value


def read_xlsx(stream: IO[bytes], source: str, *, sheet: str | None = None) -> Iterator[Record]:
    """The first sheet (or ``sheet``) of a workbook: a header row, then one profile per row.

    ``row`` is the sheet's own row number, as Excel shows it, so an HR officer can find it.
    """
    calamine = _calamine()
    data = stream.read()
    try:
        book = calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as exc:  # calamine raises its own error types
        raise BmetRulesError(f"{source}: not a readable Excel workbook: {exc}") from exc
    names = list(book.sheet_names)
    if sheet is not None and sheet not in names:
        raise BmetRulesError(
            f"{source}: no sheet {sheet!r}; sheets: {', '.join(map(repr, names))}"
        )
    chosen = sheet if sheet is not None else names[0] if names else None
    if chosen is None:
        return
    table = book.get_sheet_by_name(chosen)
    # iter_rows counts rows from the sheet's first row (empty leading rows included), so the
    # position is the row number Excel shows; the header is the first row with a value.
    rows = enumerate(table.iter_rows(), start=1)
    header_row = 0
    header: list[str] = []
    for number, cells in rows:
        if any(_cell(c) is not None for c in cells):
            header_row, header = number, [str(c).strip() for c in cells]
            break
    if not header_row:
        return
    duplicates = sorted({c for c in header if c and header.count(c) > 1})
    if duplicates:
        raise BmetRulesError(
            f"{source}: sheet {chosen!r} row {header_row}: the header names column(s) "
            f"{', '.join(duplicates)} more than once; rename or remove the extra column"
        )
    for number, cells in rows:
        values = [_cell(c) for c in cells]
        if all(v is None for v in values):
            continue
        # An empty cell in a column that exists is a blank, as in a CSV export: none / no /
        # 0, not "not given" (fifty-fourth review's probe: the same two rows read otherwise
        # from .xlsx and .csv).
        record = {name: "" if value is None else value
                  for name, value in zip(header, values, strict=False) if name}  # fmt: skip
        yield Record(source, number, record)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe(value: Any) -> Any:
    """Text that would start a formula is written as text with a leading quote mark."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


class XlsxWriter:
    """Three sheets: ``people`` (one row per profile), ``outcomes`` (one row per profile and
    path or certification) and ``summary`` (the cohort summary, written on close).

    Every cell is written as a string or number explicitly (``write_string``), never
    interpreted, so no cell can become a formula; ``constant_memory`` streams rows to disk.
    """

    PEOPLE = ("profile_id", "name", "level", "eligible_paths", "near_paths",
              "first_next_step", "warnings")
    OUTCOMES = ("profile_id", "kind", "id", "title", "status", "route", "gaps")

    def __init__(self, stream: IO[bytes]) -> None:
        try:
            import xlsxwriter
        except ImportError:
            raise ExcelUnavailable(f"writing .xlsx needs XlsxWriter. {MISSING}") from None
        from ..summary import CohortSummary

        self._book = xlsxwriter.Workbook(
            stream, {"constant_memory": True, "strings_to_formulas": False,
                     "strings_to_urls": False, "strings_to_numbers": False}
        )
        self._people = self._book.add_worksheet("people")
        self._outcomes = self._book.add_worksheet("outcomes")
        self._summary_sheet = self._book.add_worksheet("summary")
        self._bold = self._book.add_format({"bold": True})
        self._row = {"people": 0, "outcomes": 0}
        self._summary = CohortSummary()
        self._header(self._people, self.PEOPLE)
        self._header(self._outcomes, self.OUTCOMES)
        self._row = {"people": 1, "outcomes": 1}

    def _header(self, sheet: Any, names: tuple[str, ...]) -> None:
        for col, name in enumerate(names):
            sheet.write_string(0, col, name, self._bold)

    @staticmethod
    def _put(sheet: Any, row: int, cells: tuple[Any, ...] | list[Any]) -> None:
        for col, value in enumerate(cells):
            if value is None or value == "":
                continue
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                sheet.write_number(row, col, value)
            else:
                sheet.write_string(row, col, _safe(str(value)))

    def write(self, result: Result) -> None:
        """One row in ``people``, one per outcome in ``outcomes``; counted for ``summary``."""
        eligible = [p.id for p in result.paths if p.status == "eligible"]
        near = [p.id for p in result.paths if p.status == "near"]
        step = result.next_steps[0].action if result.next_steps else ""
        self._put(self._people, self._row["people"],
                  (result.profile_id, result.name, result.level, ", ".join(eligible),
                   ", ".join(near), step, "; ".join(result.warnings)))
        self._row["people"] += 1
        for kind, outcomes in (("certification", result.certifications),
                               ("path", result.paths)):
            for o in outcomes:
                self._put(self._outcomes, self._row["outcomes"],
                          (result.profile_id, kind, o.id, o.title, o.status, o.route,
                           "; ".join(g.message for g in o.gaps)))
                self._row["outcomes"] += 1
        self._summary.add(result)

    def close(self) -> None:
        """Write the summary sheet and finish the workbook."""
        data = self._summary.to_dict()
        sheet = self._summary_sheet
        self._header(sheet, ("kind", "id", "title", "held", "eligible", "near",
                             "not_eligible", "top_gap"))
        row = 1
        for section, kind in (("paths", "path"), ("certifications", "certification")):
            for target_id, entry in data[section].items():
                gaps = entry["top_gaps"]
                self._put(sheet, row, (kind, target_id, entry["title"], entry.get("held", 0),
                                       entry["eligible"], entry["near"], entry["not_eligible"],
                                       f"{gaps[0]['gap']} ({gaps[0]['profiles']})" if gaps
                                       else ""))
                row += 1
        self._put(sheet, row + 1, ("profiles", data["profiles"]))
        self._book.close()
