"""Checks on where rules come from and when they apply: every cited page carries the date it
was read, and dated rules of one conclusion tile time.

A source URL is only as good as the last time someone read the text there (ACI moved its
CBET eligibility text between pages), so a source with a ``url`` must say ``read:`` (the
date, YYYY-MM-DD). ``check`` reports both problems; it lives apart from ``lint`` so that
module stays about the logic of conditions.
"""

from __future__ import annotations

from collections.abc import Callable

from .dating import DatedRule, parse_date, range_issues
from .errors import Issue
from .knowledge import KnowledgeBase
from .ruleset import Ruleset


def source_issues(
    kb: KnowledgeBase, line_of: Callable[[Ruleset, str], int | None]
) -> list[Issue]:
    """Errors for sources with a URL but no valid ``read:`` date, located in their file."""
    issues: list[Issue] = []
    for rs in kb.rulesets:
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
            try:
                parse_date(src.read)
            except ValueError as exc:
                issues.append(Issue(f"source {sid!r}: `read:` {exc}", code="source-read",
                                    hint="write the date as YYYY-MM-DD", file=rs.file, line=line,
                                    field="read"))
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
