"""The ``html`` output format: one self-contained page a manager opens or prints.

The writer aggregates results as they arrive (:class:`~.cohort.CohortReport`) and writes the
whole page in ``close``, which the ``evaluate`` command always calls, after Ctrl-C too: an
interrupted batch yields a report of the people evaluated so far, and says so in the count.
With ``--jobs N`` the workers call :meth:`HtmlWriter.encode`, which sends the small digest
the report needs (:func:`~.cohort.digest`) rather than a pickled result.

Sections: the rules and date; the overview (people by level; per path and certification,
how many are eligible, near, need information and are not eligible), each chart followed by
its table; the gaps that block the most people and the next steps that would open the most;
the people nearest each path; the people table with each person's short explanation in a
``<details>``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import IO, Any

from ..fields import LEVELS
from ..results import Result
from . import svg
from .cohort import (
    NEAREST_CAP,
    OVERVIEW_STATUSES,
    PEOPLE_CAP,
    CohortReport,
    TargetCounts,
    digest,
)
from .page import esc, filter_box, page, ruleset_block, table

#: The levels in ladder order, people with none last.
_LEVEL_ORDER = (*LEVELS[1:], LEVELS[0])
_COLUMN_TITLES = {"eligible": "eligible", "near": "near", "needs_info": "needs info",
                  "not_eligible": "not eligible"}


def now_utc() -> str:
    """The evaluation time printed on the page."""
    return dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


class HtmlWriter:
    """Collects results; writes the report when closed."""

    def __init__(self, stream: IO[str], people_cap: int = PEOPLE_CAP,
                 nearest_cap: int = NEAREST_CAP, clock: Callable[[], str] = now_utc) -> None:
        self._stream = stream
        self._clock = clock
        self.report = CohortReport(people_cap, nearest_cap)

    @staticmethod
    def encode(result: Result) -> str:
        """What the report needs of a result, as text a worker process can send cheaply."""
        return json.dumps(digest(result), ensure_ascii=False, separators=(",", ":"))

    def write_encoded(self, text: str) -> None:
        """Count a result made by :meth:`encode`."""
        self.report.add_digest(json.loads(text))

    def write(self, result: Result) -> None:
        """Count one result (nothing is written until :meth:`close`)."""
        self.report.add(result)

    def close(self) -> None:
        """Write the whole page in one call."""
        self._stream.write(render_cohort(self.report, self._clock()))


def _overview_rows(targets: list[TargetCounts]) -> list[tuple[str, list[int]]]:
    return [(t.title, [t.column(c) for c in OVERVIEW_STATUSES]) for t in targets]


def _overview(report: CohortReport) -> list[str]:
    out = ['<section id="overview"><h2>Overview</h2>',
           f"<p><strong>{report.profiles:,}</strong> people evaluated.</p>"]
    levels = sorted(report.levels.items(),
                    key=lambda kv: (_LEVEL_ORDER.index(kv[0]) if kv[0] in _LEVEL_ORDER else 9,
                                    kv[0]))
    out.append("<h3>People by level</h3>")
    out.append(svg.simple_bars("chart-levels", "People by level", levels))
    out.append(table([("Level", False), ("People", True)],
                     ([esc(k), f"{v:,}"] for k, v in levels), caption="People by level"))
    out.append(svg.legend())
    for kind, heading in (("path", "Career paths"), ("certification", "Certifications")):
        targets = report.kinds(kind)
        if not targets:
            continue
        rows = _overview_rows(targets)
        chart_id = f"chart-{kind}s"
        out.append(f"<h3>{heading}</h3>")
        out.append(svg.stacked_bars(chart_id, f"{heading}: people by status", rows,
                                    report.profiles))
        headers = [(heading[:-1] if kind == "path" else "Certification", False)]
        headers += [(_COLUMN_TITLES[c], True) for c in OVERVIEW_STATUSES]
        body = [[esc(title), *(f"{n:,}" for n in counts)] for title, counts in rows]
        note = " (eligible counts those who hold it)" if kind == "certification" else ""
        out.append(table(headers, body, table_id=f"table-{kind}s",
                         caption=f"{heading} by status{note}"))
    out.append("</section>")
    return out


def _gaps_and_steps(report: CohortReport) -> list[str]:
    out = ['<section id="gaps"><h2>What holds people back, and what would open the most</h2>']
    one_away = report.top_one_away()
    if one_away:
        out.append("<h3>One step away</h3><ul>")
        out += [f"<li><strong>{n:,}</strong> {'person is' if n == 1 else 'people are'} "
                f"one gap away from <strong>{esc(target)}</strong>: {esc(gap)}</li>"
                for gap, target, n in one_away]
        out.append("</ul>")
    blockers = report.top_blockers()
    out.append("<h3>The gaps that block the most people</h3>")
    out.append(table([("Gap", False), ("People it blocks from at least one target", True)],
                     ([esc(g), f"{n:,}"] for g, n in blockers)) if blockers
               else "<p>No gaps: everyone is open to everything.</p>")
    steps = report.top_steps()
    out.append("<h3>The next steps that would open the most</h3>")
    out.append(table([("Next step (N: a number that differs per person)", False),
                      ("People", True), ("Opens", False)],
                     ([esc(a), f"{n:,}", esc(", ".join(opens))] for a, n, opens in steps))
               if steps else "<p>No single step opens anything for anyone.</p>")
    out.append("</section>")
    return out


def _nearest(report: CohortReport) -> list[str]:
    out = ['<section id="nearest"><h2>Nearest to each path</h2>',
           f"<p>For each path, at most {report.nearest_cap} of the people not yet open to it: "
           "the fewest gaps first, then the fewest missing years.</p>"]
    for target in report.kinds("path"):
        people = report.nearest(target.id)
        if not people:
            continue
        with_eta = any(p.eta_years is not None for p in people)  # plans give it, if any
        rows = []
        for p in people:
            row = [esc(p.profile_id), esc(p.name or ""), esc(p.status.replace("_", " ")),
                   esc("; ".join(p.gaps))]
            if with_eta:
                row.append("" if p.eta_years is None else f"{p.eta_years:g}")
            rows.append(row)
        left = report.nearest_left_out(target.id)
        more = f" ({left:,} more not listed)" if left else ""
        out.append(f"<h3>{esc(target.title)}{more}</h3>")
        headers = [("ID", False), ("Name", False), ("Status", False), ("Needs", False)]
        out.append(table(headers + ([("Years to go", True)] if with_eta else []), rows))
    out.append("</section>")
    return out


def _people(report: CohortReport) -> list[str]:
    out = ['<section id="people"><h2>People</h2>']
    if report.people_left_out:
        out.append(f'<p class="note">The first {len(report.people):,} people are listed '
                   f"(cap {report.people_cap:,}); {report.people_left_out:,} more are counted "
                   "in the overview but not listed. Use <code>bmet-rules evaluate -f csv</code> "
                   "or <code>explain</code> for everyone.</p>")
    out.append(filter_box("people-table", "Filter people:"))
    rows = []
    for person in report.people:
        goal = esc(person.goal or "—")
        if person.goal_is_fallback:
            goal = f'<span class="fallback" title="nearest path not open yet">{goal}</span>'
        details = "".join(f"<li>{esc(line)}</li>" for line in person.explanation)
        explanation = (f"<details><summary>why</summary><ul>{details}</ul></details>"
                       if details else "—")
        rows.append([esc(person.profile_id), esc(person.name or ""),
                     esc(person.level or "unassigned"),
                     esc(", ".join(person.open_paths) or "—"), goal,
                     esc(person.first_step or "—"), explanation])
    out.append(table([("ID", False), ("Name", False), ("Level", False), ("Open paths", False),
                      ("Goal", False), ("First step", False), ("Explanation", False)],
                     rows, table_id="people-table", sortable=True,
                     caption="People (goal in italics: the nearest path not open yet)"))
    out.append("</section>")
    return out


def render_cohort(report: CohortReport, evaluated: str) -> str:
    """The whole report page."""
    extra: list[tuple[str, str]] = []
    if report.as_of:
        extra.append(("Rules in force on", ", ".join(sorted(report.as_of))))
    if report.engines:
        extra.append(("Engine", ", ".join(sorted(report.engines))))
    body = [
        svg.defs(),
        "<header><h1>BMET career progression: cohort report</h1>",
        ruleset_block(report.rulesets, evaluated, extra),
        '<nav class="noprint"><a href="#overview">Overview</a> · <a href="#gaps">Gaps and '
        'next steps</a> · <a href="#nearest">Nearest to each path</a> · '
        '<a href="#people">People</a></nav></header>',
        *_overview(report),
        *_gaps_and_steps(report),
        *_nearest(report),
        *_people(report),
    ]
    return page("BMET cohort report", body)


def open_html(stream: IO[Any]) -> HtmlWriter:
    """The ``html`` format's writer factory."""
    return HtmlWriter(stream)
