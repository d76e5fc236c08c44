"""Writing an :class:`~.impact.ImpactReport`: table, JSON, CSV or HTML.

JSON carries everything (every change); CSV is one row per change, formula-safe like the
``csv`` output format; the table and the HTML page list at most :data:`LIST_CAP` people per
target and say how many more there are (the JSON and CSV have them all).
"""

from __future__ import annotations

import csv
import io
import json
from typing import IO

from ..default_plugins.formats import neutralise
from . import svg
from .impact import ImpactReport, TargetImpact
from .page import esc, page, ruleset_block, table

FORMATS = ("table", "json", "csv", "html")
EXTENSIONS = {".json": "json", ".csv": "csv", ".html": "html", ".htm": "html"}
#: People listed per target in the table and HTML formats.
LIST_CAP = 200
CSV_COLUMNS = ("kind", "id", "profile_id", "name", "from", "to", "direction", "rule", "gaps")


def write(report: ImpactReport, fmt: str, stream: IO[str], evaluated: str) -> None:
    """Write ``report`` in ``fmt`` (one of :data:`FORMATS`) to ``stream``."""
    if fmt == "json":
        stream.write(json.dumps(report.to_dict(), ensure_ascii=False, indent=1) + "\n")
    elif fmt == "csv":
        stream.write(to_csv(report))
    elif fmt == "html":
        stream.write(to_html(report, evaluated))
    else:
        stream.write(to_table(report))


def to_csv(report: ImpactReport) -> str:
    """One row per change, every cell neutralised against spreadsheet formulas."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for target in report.targets.values():
        for c in target.sorted_changes():
            gaps = "; ".join(m for m, _ in c.gaps)
            row = (target.kind, target.id, c.profile_id, c.name or "", c.before, c.after,
                   c.direction, c.rule or "", gaps)
            writer.writerow([neutralise(cell) for cell in row])
    return buffer.getvalue()


def _who(t: TargetImpact, cap: int) -> list[str]:
    lines = []
    for c in t.sorted_changes()[:cap]:
        sign = "+" if c.direction == "gain" else "-"
        why = f"  ({c.rule})" if c.rule else ""
        lines.append(f"    {sign} {c.profile_id}  {c.before} -> {c.after}{why}")
    if len(t.changes) > cap:
        lines.append(f"    ... and {len(t.changes) - cap} more (see -f json or -f csv)")
    return lines


def to_table(report: ImpactReport, cap: int = 10) -> str:
    """A terminal summary: what changed, then gains and losses per target with who."""
    lines = [f"Impact on {report.profiles:,} profiles"
             + (f" ({report.errors:,} rows in error, not compared)" if report.errors else "")
             + f": {report.gains:,} gains, {report.losses:,} losses"]
    lines += [f"  changed: {d}" for d in report.differences] or ["  changed: nothing"]
    lines += ["", f"{'KIND':<14} {'ID':<30} {'GAINS':>6} {'LOSSES':>6}  RULES"]
    for t in report.targets.values():
        if not t.changes:
            continue
        rules = ", ".join(f"{r or '?'} ({n})" for _, r, n in t.rules())
        lines.append(f"{t.kind:<14} {t.id:<30} {t.gains:>6,} {t.losses:>6,}  {rules}")
        lines += _who(t, cap)
    if not report.gains and not report.losses:
        lines.append("(no one's status changes)")
    return "\n".join(lines) + "\n"


def to_html(report: ImpactReport, evaluated: str, cap: int = LIST_CAP) -> str:
    """A self-contained page: what changed, a chart of gains and losses, then who."""
    changed = [t for t in report.targets.values() if t.changes]
    body = [svg.defs(), "<header><h1>Rule-change impact</h1>",
            "<h2>Baseline</h2>", ruleset_block([report.baseline["ruleset"]], evaluated),
            "<h2>Changed</h2>", ruleset_block([report.changed["ruleset"]], evaluated),
            "</header>",
            '<section id="summary"><h2>Summary</h2>',
            f"<p><strong>{report.profiles:,}</strong> people compared; "
            f"<strong>{report.gains:,}</strong> gains and <strong>{report.losses:,}</strong> "
            "losses across paths and certifications"
            + (f"; {report.errors:,} rows in error were not compared" if report.errors else "")
            + ".</p>",
            "<h3>What changed</h3><ul>"
            + "".join(f"<li>{esc(d)}</li>" for d in report.differences or ["nothing"])
            + "</ul>"]
    if changed:
        rows = [(t.title, [t.gains, 0, 0, t.losses]) for t in changed]
        body.append('<ul class="legend"><li><svg width="22" height="14" aria-hidden="true">'
                    '<rect width="22" height="14" fill="url(#p-eligible)" stroke="#333"/></svg>'
                    ' gains</li><li><svg width="22" height="14" aria-hidden="true"><rect '
                    'width="22" height="14" fill="url(#p-not)" stroke="#333"/></svg> losses'
                    "</li></ul>")
        body.append(svg.stacked_bars("chart-impact", "Gains and losses per target", rows,
                                     max(t.gains + t.losses for t in changed),
                                     names=("gains", "", "", "losses")))
    body.append(table([("Kind", False), ("Target", False), ("Gains", True), ("Losses", True),
                       ("Rules that made the difference", False)],
                      ([esc(t.kind), esc(t.title), f"{t.gains:,}", f"{t.losses:,}",
                        esc(", ".join(f"{r or '?'} ({n})" for _, r, n in t.rules()))]
                       for t in changed), caption="Gains and losses per target"))
    body.append("</section>")
    for t in changed:
        body.append(f"<section><h2>{esc(t.title)}: {t.gains:,} gain, {t.losses:,} lose</h2>")
        rows_html = []
        for c in t.sorted_changes()[:cap]:
            cls = "gain" if c.direction == "gain" else "loss"
            rows_html.append([esc(c.profile_id), esc(c.name or ""),
                              f'<span class="{cls}">{esc(c.direction)}</span>',
                              esc(f"{c.before} → {c.after}"), esc(c.rule or ""),
                              esc("; ".join(m for m, _ in c.gaps))])
        body.append(table([("ID", False), ("Name", False), ("Change", False), ("Status", False),
                           ("Rule", False), ("Lacks on the worse side", False)], rows_html))
        if len(t.changes) > cap:
            body.append(f'<p class="note">{len(t.changes) - cap:,} more not listed '
                        "(see <code>-f csv</code> or <code>-f json</code>).</p>")
        body.append("</section>")
    return page("BMET rule-change impact", body)
