"""Checks on where rules come from and when they apply: every cited page carries the date it
was read, and dated rules of one conclusion tile time.

A source URL is only as good as the last time someone read the text there (ACI moved its
CBET eligibility text between pages), so a source with a ``url`` must say ``read:`` (the
date, YYYY-MM-DD). ``check`` reports both problems; it lives apart from ``lint`` so that
module stays about the logic of conditions.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .dating import DatedRule, range_issues
from .errors import Issue
from .knowledge import KnowledgeBase
from .ruleset import Ruleset

#: A read date: a day, or a month when only the month is known (YYYY-MM).
_READ = re.compile(r"^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$")


def source_issues(
    kb: KnowledgeBase, line_of: Callable[[Ruleset, str], int | None]
) -> list[Issue]:
    """Errors for sources with a URL but no valid ``read:`` date, located in their file."""
    issues: list[Issue] = []
    for rs in kb.rulesets:
        for tid, target in (*rs.paths.items(), *rs.certifications.items()):
            for key, note in (("training", target.training), ("pay", target.pay)):
                if note is not None and note.source not in kb.sources:
                    issues.append(Issue(
                        f"{tid}: `{key}:` cites {note.source!r}, which is not declared",
                        hint="declare it under `sources:`", code="unknown-source",
                        file=rs.file, line=target.line, field=key,
                    ))
        for sid, src in rs.sources.items():
            line = line_of(rs, sid)
            if src.read is None:
                if src.url is not None:
                    issues.append(Issue(
                        f"source {sid!r} cites {src.url} but does not say when it was read",
                        hint="add `read: YYYY-MM-DD`, the day you found the text it backs there",
                        code="source-read", file=rs.file, line=line, field="read",
                    ))
                continue
            if not _READ.match(src.read):
                issues.append(Issue(
                    f"source {sid!r}: `read: {src.read}` is not a date",
                    hint="write YYYY-MM-DD, or YYYY-MM when only the month is known",
                    code="source-read", file=rs.file, line=line, field="read",
                ))
    return issues


def effective_range_issues(kb: KnowledgeBase) -> list[Issue]:
    """Warnings for overlapping or gapped date ranges of rules with the same conclusion."""
    dated = []
    for compiled in kb.rules:
        rule = compiled.rule
        then = rule.then
        conclusion = then.kind if then.kind == "level" else f"{then.kind} {' '.join(then.targets)}"
        dated.append(DatedRule(rule.id, conclusion, rule.effective, rule.file, rule.line))
    return range_issues(dated)
