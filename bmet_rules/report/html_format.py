"""Registers the ``html`` output format through the same hook a third-party plugin uses."""

from __future__ import annotations

from collections.abc import Callable

from ..formats import OutputFormat
from ..hookspecs import hookimpl
from .html import open_html


@hookimpl
def register_output_formats(register: Callable[..., None]) -> None:
    """The HTML cohort report (one self-contained page; aggregates for everyone)."""
    register(OutputFormat(
        "html",
        "an HTML cohort report for managers: overview charts, gaps, next steps, people",
        open_html,
        ".html",
        origin="report",
    ))
