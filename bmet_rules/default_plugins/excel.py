"""The built-in Excel formats (``xlsx`` in and out), registered through the same hooks as a
plugin's. The libraries behind them are an optional extra, imported only when used
(:mod:`bmet_rules.io.excel`), so the formats are always listed and a missing extra is a clear
message, not an unknown extension."""

from __future__ import annotations

from collections.abc import Callable

from ..formats import InputFormat, OutputFormat
from ..hookspecs import hookimpl
from ..io.excel import XlsxWriter, read_xlsx


@hookimpl
def register_input_formats(register: Callable[..., None]) -> None:
    """``.xlsx`` workbooks: the first sheet, or ``--sheet NAME``."""
    register(InputFormat("xlsx", "an Excel workbook: the first sheet (or --sheet), header row "
                         "first (needs the excel extra)", read_xlsx, (".xlsx", ".xlsm"),
                         origin="excel", options=("sheet",), tabular=True))


@hookimpl
def register_output_formats(register: Callable[..., None]) -> None:
    """An Excel workbook: people, outcomes and the cohort summary as sheets."""
    register(OutputFormat("xlsx", "an Excel workbook: people, outcomes (one row per path or "
                          "certification) and summary sheets (needs the excel extra)",
                          XlsxWriter, ".xlsx", binary=True, origin="excel"))
