"""An open outcome is shown by a route that does not rest on a certification whose renewal
is overdue, when one holds.

A certification held past its renewal date is still read as held (the record says so, and
no lapse is inferred), but the route shown for what it opens is what the person will apply
under: "CHTM: open now, by current CCE, CBET ... + 3 years as supervisor" beside "CBET 2021:
renewal was due by 2024-12-31" is an application that fails if the CBET lapsed, while the
bachelor's route holds anyway (thirty-second review; before it the i04 and l08 reviews). The
outcome keeps its status; only the route, its reasons and sources change.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from .conditions import walk
from .evaluator import Firing
from .explain import Explainer
from .knowledge import KnowledgeBase
from .profile import Profile
from .results import Outcome, Result

if TYPE_CHECKING:
    from .advice.planner import Plan, Planner

#: The field the certifications held are read from.
HELD = "certifications"


def on_current_credentials(
    kb: KnowledgeBase, firing: Firing, result: Result, late: frozenset[str]
) -> Result:
    """``result`` with each open outcome whose route reads the certifications held shown by
    another route that fired and reads none, when a held certification is overdue
    (``late``: :func:`..lifecycle.overdue`)."""
    if not late:
        return result
    # (Nor one that reads a value not given: a manager whose CHTM is overdue and whose recent
    # supervision is not exported is shown open by the CHTM, not by years of leading read
    # from a stand-in; fiftieth review.)
    unknown = set(result.unknown_fields)
    unknown |= {s.name for s in kb.fields.profile_fields() if s.absent_reads in unknown}
    explainer = Explainer(kb, firing, frozenset({HELD}))

    def shown(out: Outcome, kind: str) -> Outcome:
        rule = kb.by_id.get(out.route_rule or "")
        if out.status != "eligible" or rule is None or HELD not in rule.fields():
            return out
        other = explainer.outcome(f"{kind}.{out.id}", out.title)
        moved_to = kb.by_id.get(other.route_rule or "")
        if moved_to is None or moved_to.id == rule.id or other.status != "eligible" \
                or moved_to.fields() & unknown:
            return out
        return replace(out, route=other.route, route_rule=other.route_rule,
                       reasons=other.reasons, sources=other.sources)  # fmt: skip

    return replace(
        result,
        certifications=tuple(shown(o, "certification") for o in result.certifications),
        paths=tuple(shown(o, "path") for o in result.paths),
    )


def plans_on_current(
    kb: KnowledgeBase, planner: Planner, firing: Firing, certs: tuple[Outcome, ...],
    paths: tuple[Outcome, ...], plans: Mapping[str, Plan],
) -> tuple[tuple[Outcome, ...], tuple[Outcome, ...], dict[str, Plan]]:  # fmt: skip
    """For a person holding a certification past its renewal date: each outcome not open
    whose plan's route reads the certifications held, moved to another route that reads
    none when its plan is as soon (the CHTM "in 1 year" by an associate degree in biomedical
    technology + 3 years, not by a current CBET; thirty-third review); with those plans."""
    from .advice.outcomes import explainer_once, on_route

    explainer = explainer_once(kb, firing)
    rerouted: dict[str, Plan] = {}

    def moved(out: Outcome, kind: str) -> Outcome:
        name = f"{kind}.{out.id}"
        plan = plans.get(name)
        rule = kb.by_id.get(out.route_rule or "")
        if plan is None or plan.years is None or rule is None or HELD not in rule.fields() or (
            out.status == "needs_info"  # (its plan is the latest it opens: its status stays)
        ):
            return out
        for other in kb.routes.get(name, ()):
            if other.id == rule.id or HELD in other.fields():
                continue
            alt = planner.route_plan(out.id, other.id, firing.values)
            if alt.years is not None and alt.years <= plan.years + 1e-9:
                rerouted[name] = alt
                return on_route(explainer(), out, name, other, out.eta_years)
        return out

    return (tuple(moved(o, "certification") for o in certs),
            tuple(moved(o, "path") for o in paths), rerouted)  # fmt: skip


def off_overdue(kb: KnowledgeBase, planner: Planner, values: Mapping[str, Any], plan: Plan) -> Plan:
    """A goal's plan through a route that reads the certifications held (one of them past its
    renewal date), moved to another route as soon that reads none (fifty-second review: a
    CHTM goal "by current CBET + 3 years leading" for a technician whose CBET was due in 2019,
    his associate degree's route as soon)."""
    rule = kb.by_id.get(plan.route_rule or "")
    if rule is None or plan.years is None or HELD not in rule.fields():
        return plan
    best: Plan | None = None
    for other in kb.routes.get(planner.field_of(plan.target), ()):
        if other.id == rule.id or HELD in other.fields():
            continue
        alt = planner.route_plan(plan.target, other.id, values)
        if alt.years is None or alt.years > plan.years + 1e-9:
            continue
        # (Of those as soon, the one with no study, then the fewest actions: not a second
        # associate degree beside 7 years' experience; fifty-third review's probe.)
        if best is None or _effort(alt) < _effort(best):
            best = alt
    return best or plan


def _effort(plan: Plan) -> tuple[float, bool, int]:
    return (plan.years or 0.0, any(a.kind == "study" for a in plan.actions), len(plan.actions))


def level_if_lapsed(
    kb: KnowledgeBase, profile: Profile, result: Result, late: frozenset[str], runner: Any
) -> Result:
    """``result`` with ``level_if_lapsed`` when every rule that sets its level reads one of
    the certifications past their renewal date (``late``): the level the engine gives with
    them lapsed (fifty-fifth review: "Level: BMET III" of a technician whose only rule to it
    was a CRES due in 2021, BMET II without it)."""
    if not late or result.level is None:
        return result
    if result.level_rules and not all(names_held(kb, r, late) for r in result.level_rules):
        return result
    # The level shown is the least the facts not given allow: read them as none, as it does
    # (fifty-sixth review: a range's lower end on an overdue CBET, its rules not listed).
    none = {f: kb.fields[f].default_value() for f in result.level_unknowns if f in kb.fields}
    shown = replace(profile, values={**profile.values, **none},
                    provided=profile.provided | frozenset(none))
    held = tuple(c for c in profile.values.get("certifications") or () if c not in late)
    former = tuple(dict.fromkeys((*(profile.values.get("former_certifications") or ()),
                                  *sorted(late))))  # fmt: skip
    again = replace(shown, values={**shown.values, HELD: held, "former_certifications": former})
    firings = runner.run_many([shown, again] if none else [again])
    if none and firings[0].values.get("level") != result.level:
        return result
    lapsed = firings[-1].values.get("level")
    return result if lapsed in (None, result.level) else replace(result, level_if_lapsed=lapsed)


def names_held(kb: KnowledgeBase, rule_id: str | None, codes: Collection[str]) -> bool:
    """Whether the rule asks for one of ``codes`` among the certifications held."""
    rule = kb.by_id.get(rule_id or "")
    if rule is None:
        return False
    for test in walk(rule.nnf):
        if test.field == HELD:
            named = test.value if isinstance(test.value, (tuple, list, frozenset)) \
                else (test.value,)  # fmt: skip
            if any(str(n) in codes for n in named):
                return True
    return False
