"""What a batch says on stderr about values its input does not give.

An HR export without a ``skills`` column is not a cohort without skills: the outcomes that
turn on it are ``needs_info``. The person running the batch must hear that, on stderr (so
stdout stays data), whether the output goes to the terminal or to a file.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from .results import Result


def needs_info_counts(result: Result) -> tuple[int, int]:
    """(outcomes at needs_info that wait for a value not given, those that wait only for a
    certifying body's ruling)."""
    unknown = ruling = 0
    for o in (*result.certifications, *result.paths):
        if o.status != "needs_info":
            continue
        if any(g.kind == "unknown" for g in o.gaps):
            unknown += 1
        else:
            ruling += 1
    return unknown, ruling


@dataclass
class UnknownTally:
    """Counts, over a batch, of unknown fields and of outcomes they leave at needs_info."""

    rows: int = 0
    fields: Counter[str] = field(default_factory=Counter)
    needs_info: int = 0
    rulings: int = 0

    def add(self, unknown_fields: Iterable[str], needs_info: int, rulings: int) -> None:
        """Count one evaluated profile."""
        self.rows += 1
        if unknown_fields:  # most rows give every field: skip the Counter's call
            self.fields.update(unknown_fields)
        self.needs_info += needs_info
        self.rulings += rulings

    def add_result(self, result: Result) -> None:
        """Count one evaluated result."""
        self.add(result.unknown_fields, *needs_info_counts(result))

    def lines(self) -> list[str]:
        """The stderr lines; none when every value the rules read was given."""
        out: list[str] = []
        absent = sorted(f for f, n in self.fields.items() if n == self.rows)
        some = sorted(f for f, n in self.fields.items() if n < self.rows)
        if absent:
            out.append(
                "warning: the input gives no value for " + ", ".join(absent) + " (no such "
                "column or key) and rules read them: they are unknown, not 'no'"
            )
        if some:
            parts = ", ".join(f"{f} ({self.fields[f]:,} rows)" for f in some)
            out.append(f"warning: unknown in some rows: {parts}")
        if self.needs_info:
            out.append(
                f"{self.needs_info:,} outcome(s) left at needs_info by values not given: "
                "confirm them, or add the column(s)"
            )
        if self.rulings:
            out.append(
                f"{self.rulings:,} outcome(s) at needs_info await a certifying body's ruling"
            )
        return out
