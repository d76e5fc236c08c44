"""Dates: the evaluation date (``as_of``) and the rules in force on it.

Certifying bodies change their rules (ACI restated the CBET routes in June 2025), so a rule
or a whole ruleset may say ``effective_from`` / ``effective_until``. A knowledge base is
compiled *for one date*: rules not in force on it are left out before anything is compiled,
so both engines see the same, smaller rule set and durable-rules never has to register a
ruleset twice. ``effective_from`` is the first day a rule is in force, ``effective_until``
the first day it no longer is (a half-open range), so an old and a new rule that share one
boundary date tile time with neither a gap nor an overlap.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .errors import Issue, IssueList

_FAR_PAST = dt.date.min
_FAR_FUTURE = dt.date.max


def parse_date(value: Any) -> dt.date:
    """A date from YAML (already a date) or ISO text (``2025-06-01``); raises ``ValueError``."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError(f"expected a date written YYYY-MM-DD, got {value!r}")


#: The evaluation dates advice can speak for: the credentials' rules date from the 1970s,
#: and plans run decades on from the date (a date near the calendar's end overflowed).
EARLIEST_EVALUATION = dt.date(1970, 1, 1)
LATEST_EVALUATION = dt.date(2100, 12, 31)


def evaluation_date_problem(day: dt.date) -> str | None:
    """Why ``day`` cannot be an evaluation date, or ``None`` (fifty-fourth review's probe:
    9999-12-31 raised a traceback, 1900-01-01 advised a "May 1900" testing window)."""
    if EARLIEST_EVALUATION <= day <= LATEST_EVALUATION:
        return None
    return (f"{day.isoformat()} is outside the dates advice can speak for "
            f"({EARLIEST_EVALUATION.isoformat()} to {LATEST_EVALUATION.isoformat()}); "
            "give today's date or one near it")


def today() -> dt.date:
    """The default evaluation date (the local calendar day)."""
    return dt.date.today()


@dataclass(frozen=True)
class Effective:
    """The half-open range of dates ``[start, end)`` in which a rule is in force."""

    start: dt.date | None = None
    end: dt.date | None = None

    @property
    def dated(self) -> bool:
        """Whether the range has any bound at all."""
        return self.start is not None or self.end is not None

    def covers(self, day: dt.date) -> bool:
        """Whether the rule is in force on ``day``."""
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)

    def narrowed(self, outer: Effective) -> Effective:
        """This range within a ruleset's own range (the later start, the earlier end)."""
        starts = [d for d in (self.start, outer.start) if d is not None]
        ends = [d for d in (self.end, outer.end) if d is not None]
        return Effective(max(starts) if starts else None, min(ends) if ends else None)

    def text(self) -> str:
        """The range in words, for messages: "2015-01-01 until 2025-06-01"."""
        start = self.start.isoformat() if self.start else "always"
        end = f"until {self.end.isoformat()}" if self.end else "onwards"
        return f"{start} {end}"


def read_effective(
    data: Any, where: dict[str, Any], problems: list[Issue], line: int | None = None
) -> Effective:
    """The ``effective_from`` / ``effective_until`` of a rule or ruleset mapping.

    Problems (not a date, an empty range) are added to ``problems`` with the file, line and
    field, and say how to write the value.
    """
    bounds: dict[str, dt.date | None] = {}
    for key in ("effective_from", "effective_until"):
        raw = data.get(key) if isinstance(data, dict) else None
        bounds[key] = None
        if raw is None:
            continue
        try:
            bounds[key] = parse_date(raw)
        except ValueError as exc:
            problems.append(
                Issue(f"`{key}:` {exc}", hint="write the date as YYYY-MM-DD, e.g. 2025-06-01",
                      line=line, field=key, **where)
            )
    start, end = bounds["effective_from"], bounds["effective_until"]
    if start is not None and end is not None and end <= start:
        problems.append(
            Issue(f"`effective_until: {end}` is not after `effective_from: {start}`: the rule "
                  "would never be in force",
                  hint="effective_until is the first day the rule no longer applies",
                  line=line, field="effective_until", **where)
        )
    return Effective(start, end)


@dataclass(frozen=True)
class DatedRule:
    """What the range check needs to know about one rule."""

    id: str
    conclusion: str
    """``certification CBET``, ``path supervisor``, ``level``: what the rule concludes."""
    effective: Effective
    file: str | None = None
    line: int | None = None


def range_issues(rules: Iterable[DatedRule]) -> list[Issue]:
    """Overlapping or gapped date ranges among the dated rules of one conclusion.

    The dated rules of one conclusion form *eras* (the distinct ranges, e.g. the 2015 routes
    until 2025-06-01 and the current ones from then on). Sorted by start, each era must begin
    the day the previous one ends: an earlier start is an overlap (two versions of the rules
    in force at once), a later one a gap (a period when neither version applies). Undated rules
    are in force always and take no part.
    """
    by_conclusion: dict[str, list[DatedRule]] = {}
    for rule in rules:
        if rule.effective.dated:
            by_conclusion.setdefault(rule.conclusion, []).append(rule)
    issues: list[Issue] = []
    for conclusion, members in sorted(by_conclusion.items()):
        eras: dict[tuple[dt.date, dt.date], list[DatedRule]] = {}
        for rule in members:
            key = (rule.effective.start or _FAR_PAST, rule.effective.end or _FAR_FUTURE)
            eras.setdefault(key, []).append(rule)
        ordered = sorted(eras.items())
        for (prev, prev_rules), (cur, cur_rules) in itertools.pairwise(ordered):
            first, later = prev_rules[0], cur_rules[0]
            if cur[0] < prev[1]:
                kind, verb = "overlap", "overlaps"
            elif cur[0] > prev[1]:
                kind, verb = "gap", "leaves a gap after"
            else:
                continue
            issues.append(
                Issue(
                    f"{conclusion}: rule {later.id!r} ({later.effective.text()}) {verb} rule "
                    f"{first.id!r} ({first.effective.text()})",
                    severity="warning",
                    hint="make one range's effective_from equal the other's effective_until",
                    code=f"date-{kind}",
                    file=later.file,
                    line=later.line,
                    rule=later.id,
                )
            )
    return issues


def in_force(effective: Effective, as_of: dt.date | None) -> bool:
    """Whether a rule with this range is compiled for ``as_of`` (``None``: every rule)."""
    return as_of is None or effective.covers(as_of)


def iso(day: dt.date | None) -> str | None:
    """A date as ISO text, or ``None``."""
    return day.isoformat() if day is not None else None


def read_as_of(data: Any, file: str, what: str, issues: IssueList) -> dt.date | None:
    """The ``as_of:`` of a test file or case, or ``None``; a bad date is an issue."""
    from .yamlsource import LineMap  # not at import time: ``--help`` must not import yaml

    raw = data.get("as_of") if isinstance(data, dict) else None
    if raw is None:
        return None
    try:
        return parse_date(raw)
    except ValueError as exc:
        issues.add(f"{what}: `as_of:` {exc}", hint="write the date as YYYY-MM-DD",
                   file=file, line=data.line_of("as_of") if isinstance(data, LineMap) else None)
        return None
