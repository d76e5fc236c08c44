"""A cohort summary of a batch: how many profiles each path is open, near or closed to,
and which gaps hold most people back.

It is what a training manager reads first ("40 of our technicians are one certification away
from field service"), so gaps are counted by requirement (field and threshold), not by
sentence: "2 more years" and "3 more years" of the same requirement are the same obstacle.
Counts only, so memory is bounded by the rules, not by the number of profiles.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from .fields import FieldRegistry
from .results import Gap, Outcome, Result

STATUSES = ("held", "eligible", "near", "not_eligible", "needs_info")


class CohortSummary:
    """Counts per path and certification, accumulated one result at a time."""

    def __init__(self, fields: FieldRegistry | None = None, top: int = 3) -> None:
        self._fields = fields
        self._top = top
        self.profiles = 0
        self.levels: Counter[str] = Counter()
        self._titles: dict[tuple[str, str], str] = {}
        self._status: dict[tuple[str, str], Counter[str]] = {}
        self._gaps: dict[tuple[str, str], Counter[str]] = {}

    def _gap_label(self, gap: Gap) -> str:
        spec = self._fields.get(gap.field) if self._fields is not None else None
        label = spec.label if spec is not None and spec.label else gap.field
        return f"{label} {gap.need}"

    def add(self, result: Result) -> None:
        """Count one profile's result."""
        self.profiles += 1
        self.levels[result.level or "unassigned"] += 1
        for kind, outcomes in (("path", result.paths), ("certification", result.certifications)):
            for o in outcomes:
                self._count(kind, o)

    def _count(self, kind: str, o: Outcome) -> None:
        key = (kind, o.id)
        if key not in self._status:
            self._titles[key] = o.title
            self._status[key] = Counter()
            self._gaps[key] = Counter()
        self._status[key][o.status] += 1
        if o.status != "eligible":
            self._gaps[key].update({self._gap_label(g) for g in o.gaps})

    def to_dict(self) -> dict[str, Any]:
        """The summary as one JSON object (``--summary-format json``)."""
        out: dict[str, Any] = {"profiles": self.profiles,
                               "levels": dict(sorted(self.levels.items())),
                               "paths": {}, "certifications": {}}
        for (kind, target_id), counts in self._status.items():
            entry: dict[str, Any] = {"title": self._titles[(kind, target_id)]}
            entry.update({s: counts[s] for s in STATUSES if s != "held" or kind != "path"})
            entry["top_gaps"] = [{"gap": g, "profiles": n}
                                 for g, n in self._gaps[(kind, target_id)].most_common(self._top)]
            out["paths" if kind == "path" else "certifications"][target_id] = entry
        return out

    def render(self) -> str:
        """The summary as a plain-text table for the terminal."""
        data = self.to_dict()
        lines = [f"Cohort summary: {self.profiles:,} profiles evaluated"]
        if data["levels"]:
            lines.append("Levels: " + ", ".join(f"{k} {v:,}" for k, v in data["levels"].items()))
        for section, label in (("paths", "PATH"), ("certifications", "CERTIFICATION")):
            if not data[section]:
                continue
            lines += ["", f"{label:<30} {'ELIGIBLE':>8} {'NEAR':>6} {'NOT':>6} {'INFO':>6}"
                          "  MOST COMMON GAPS"]
            for target_id, entry in data[section].items():
                eligible = entry["eligible"] + entry.get("held", 0)
                gaps = entry["top_gaps"]
                first = f"{gaps[0]['gap']} ({gaps[0]['profiles']:,})" if gaps else ""
                lines.append(f"{target_id:<30} {eligible:>8,} {entry['near']:>6,} "
                             f"{entry['not_eligible']:>6,} {entry['needs_info']:>6,}  {first}")
                lines += [f"{'':<62}{g['gap']} ({g['profiles']:,})" for g in gaps[1:]]
            if section == "certifications":
                lines.append("(certifications: ELIGIBLE counts those who hold it too; "
                             "INFO: needs_info, it turns on values not given)")
        return "\n".join(lines)
