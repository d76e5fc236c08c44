"""One result in plain words, for the person it is about (``explain``, ``advise``).

The text is built only from the :class:`~bmet_rules.results.Result` and the knowledge base's
rule titles and source citations, so it can never say more than the rules concluded. Every
gap is followed by the rule that asks for it and the source behind that rule: advice a
technician can check is advice a technician can trust.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Sequence

from .advice.text import goal_lines, step_lines
from .knowledge import KnowledgeBase
from .results import Gap, Outcome, Result

_WIDTH = 100
_STATUS_WORDS = {"held": "held", "eligible": "eligible", "near": "near",
                 "not_eligible": "not eligible", "needs_info": "needs information"}


def _wrap(text: str, indent: str, hang: str | None = None) -> list[str]:
    return textwrap.wrap(text, _WIDTH, initial_indent=indent,
                         subsequent_indent=hang if hang is not None else indent,
                         break_on_hyphens=False) or [indent.rstrip()]


def source_title(kb: KnowledgeBase, source_id: str | None) -> str:
    """The citation's title, or its id when the knowledge base does not know it."""
    if not source_id:
        return "no source"
    source = kb.sources.get(source_id)
    return source.title if source is not None else source_id


def gap_lines(gaps: Iterable[Gap], kb: KnowledgeBase, indent: str) -> list[str]:
    """``- message — rule [source]``, with the gaps behind a prerequisite indented; the
    closing "Sources" section gives each source's full citation once."""
    lines: list[str] = []
    for gap in gaps:
        cite = f" [{gap.source}]" if gap.source else ""
        where = f" — {gap.rule}{cite}" if gap.rule else cite
        lines += _wrap(f"- {gap.message}{where}", indent, indent + "  ")
        if gap.requires:
            lines += _wrap("which takes:", indent + "  ")
            lines += gap_lines(gap.requires, kb, indent + "    ")
    return lines


def _outcome_lines(o: Outcome, kb: KnowledgeBase) -> list[str]:
    lines = [f"  {o.title} ({o.id}) — {_STATUS_WORDS.get(o.status, o.status)}"]
    if o.route:
        label = "route" if o.status in ("eligible", "held") else "nearest route"
        rule = f" [{o.route_rule}]" if o.route_rule else ""
        lines += _wrap(f"{label}: {o.route}{rule}", "    ", "      ")
    for reason in o.reasons:
        lines += _wrap(f"+ {reason}", "    ", "      ")
    if o.gaps:
        asking = o.status == "needs_info"
        lines.append("    to confirm, then missing:" if asking else "    missing:")
        lines += gap_lines(o.gaps, kb, "      ")
    target = kb.paths.get(o.id) or kb.certifications.get(o.id)
    if target is not None and target.outside:
        issuer = f" ({target.issuer})" if target.issuer else ""
        lines += _wrap(f"outside credential{issuer}: its own prerequisites, not HTM's",
                       "    ", "      ")
    for label, note in (("training", target and target.training), ("pay", target and target.pay)):
        if note:
            lines += _wrap(f"{label}: {note.text} [{note.source}]", "    ", "      ")
    if o.sources:  # ids here; the titles are in the closing "Sources" section
        lines += _wrap("sources: " + ", ".join(f"[{s}]" for s in o.sources), "    ", "      ")
    return lines


def _section(title: str, outcomes: Sequence[Outcome], kb: KnowledgeBase) -> list[str]:
    if not outcomes:
        return []
    lines = ["", f"{title} ({len(outcomes)})"]
    for o in outcomes:
        lines += _outcome_lines(o, kb)
    return lines


def render_explanation(result: Result, kb: KnowledgeBase, path: str | None = None) -> str:
    """The explanation of one result as text; ``path`` limits it to one career path.

    Raises ``KeyError`` naming the known path ids when ``path`` is not one of them.
    """
    paths = result.paths
    if path is not None:
        paths = tuple(p for p in result.paths if p.id == path)
        if not paths:
            known = ", ".join(p.id for p in result.paths)
            raise KeyError(f"no path {path!r} in the results; known paths: {known}")
    who = f" — {result.name}" if result.name else ""
    rs = result.ruleset
    lines = [f"Profile {result.profile_id}{who}",
             f"Rulesets: {rs.get('name', '?')} {rs.get('version', '')} "
             f"({str(rs.get('digest', ''))[:19]}), engine {result.engine or '?'}"
             + (f", as of {result.as_of}" if result.as_of else "")]
    if result.plans:
        # As ``explain`` words them: a goal that waits on facts not given says so, and its
        # plan reads what is not given as none (never a bare date on a guess).
        lines += ["", "Goals" if len(result.plans) > 1 else "Goal", *goal_lines(result, kb)]
    lines += ["", f"Level: {result.level or 'not assigned'}"]
    if result.level_unknowns:
        lines += _wrap("at least this whatever the unknown values are; it may be higher: confirm "
                       + ", ".join(result.level_unknowns), "  ", "    ")
    for rule_id in result.level_rules:
        compiled = kb.by_id.get(rule_id)
        if compiled is not None:
            cite = source_title(kb, compiled.rule.source)
            text = f"set by {rule_id}: {compiled.rule.title} — {cite}"
        else:
            text = f"set by {rule_id}"
        lines += _wrap(text, "  ", "    ")
    if result.unknown_fields:
        lines += _wrap("Not given (unknown, not 'no'): " + ", ".join(result.unknown_fields),
                       "", "  ")
    if path is None:
        lines += _section("Certifications", result.certifications, kb)
    lines += _section("Paths open", [p for p in paths if p.status == "eligible"], kb)
    lines += _section("Paths near", [p for p in paths if p.status == "near"], kb)
    lines += _section("Paths that need information",
                      [p for p in paths if p.status == "needs_info"], kb)
    lines += _section("Paths closed", [p for p in paths if p.status == "not_eligible"], kb)
    steps = [s for s in result.next_steps
             if path is None or path in s.opens or path in s.towards]
    if steps:
        lines += ["", "Next steps"]
        lines += step_lines(result, steps)
    cited = _cited(result, paths, kb, with_certifications=path is None)
    if cited:
        lines += ["", "Sources"]
        for source_id in cited:
            source = kb.sources.get(source_id)
            url = f" <{source.url}>" if source is not None and source.url else ""
            lines += _wrap(f"[{source_id}] {source_title(kb, source_id)}{url}", "  ", "    ")
    if result.warnings:
        lines += ["", "Warnings", *(f"  ! {w}" for w in result.warnings)]
    return "\n".join(lines) + "\n"


def _cited(
    result: Result, paths: Sequence[Outcome], kb: KnowledgeBase, with_certifications: bool
) -> list[str]:
    """Every source the explanation names, in the order first named."""
    seen: dict[str, None] = {}
    for rule_id in result.level_rules:
        compiled = kb.by_id.get(rule_id)
        if compiled is not None and compiled.rule.source:
            seen.setdefault(compiled.rule.source)
    outcomes = (*(result.certifications if with_certifications else ()), *paths)
    for o in outcomes:
        for s in o.sources:
            seen.setdefault(s)
        target = kb.paths.get(o.id) or kb.certifications.get(o.id)
        for note in (target.training, target.pay) if target is not None else ():
            if note is not None:
                seen.setdefault(note.source)
        stack = list(o.gaps)
        while stack:
            gap = stack.pop(0)
            if gap.source:
                seen.setdefault(gap.source)
            stack.extend(gap.requires)
    return list(seen)
