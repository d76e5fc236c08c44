"""Explanations: which conditions held, which did not, by how much, and what to do next.

Everything here is derived from the compiled rules (their negation normal form), so an
explanation can never disagree with the rules it explains; tests check that an ``eligible``
status has no gaps, a ``not_eligible`` one has some, and closing the gaps opens the target.

Definitions (README, "Explanations"):

* The **nearest route** of a target that is not open is the route rule with the fewest unmet
  conditions, then the fewest years still missing (:func:`gap_years`), then the one defined
  first.
* A target is **near** when it has at most ``near_max_gaps`` gaps and each is small: at most
  ``near_years`` years of experience, or a choice the person can make now (willingness to
  travel, a skill, a certification they may already sit). A degree is never small.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from .conditions import All, Any_, Condition, Test
from .evaluator import Firing, test_holds
from .fields import FieldSpec, FieldType
from .knowledge import CompiledRule, KnowledgeBase
from .profile import Profile
from .results import Gap, NextStep, Outcome, Result


def _num(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".")
    return str(value)


def _words(spec: FieldSpec, values: Sequence[Any], joiner: str = "or") -> str:
    labels = [spec.describe_value(v) for v in values]
    if len(labels) <= 1:
        return "".join(labels)
    return ", ".join(labels[:-1]) + f" {joiner} " + labels[-1]


def _need_text(test: Test, spec: FieldSpec) -> str:
    symbols = {"at_least": ">=", "more_than": ">", "at_most": "<=", "less_than": "<",
               "equals": "==", "not_equals": "!=", "is": "=="}
    if test.op in symbols:
        return f"{symbols[test.op]} {_num(test.value)}" if spec.type is FieldType.NUMBER else (
            f"{symbols[test.op]} {spec.describe_value(test.value)}"
        )
    values = test.value if isinstance(test.value, tuple) else (test.value,)
    return f"{test.op.replace('_', ' ')} {', '.join(map(str, values))}"


def describe_test(test: Test, spec: FieldSpec, have: Any) -> str:
    """A sentence for a test that holds: "has 5 years of full-time BMET/HTM experience (needs 3)"."""
    if spec.type is FieldType.NUMBER:
        return f"has {_num(have)} {spec.noun} (needs {_need_text(test, spec)})"
    if spec.type is FieldType.BOOLEAN:
        return f"{spec.noun}: {spec.describe_value(have)}"
    if spec.type is FieldType.LIST:
        return f"{spec.noun}: {spec.describe_value(have)} ({_need_text(test, spec)})"
    if spec.derived and spec.name.startswith("certification."):
        return f"{spec.noun}: {spec.describe_value(have).replace('_', ' ')}"
    return f"{spec.noun}: {spec.describe_value(have)} ({_need_text(test, spec)})"


def test_gap(test: Test, spec: FieldSpec, have: Any) -> Gap:
    """The gap of a test that does not hold."""
    op, need = test.op, test.value
    kind = spec.gap_kind
    missing: float | int | None = 1
    closes = False
    if spec.type is FieldType.NUMBER and op in ("at_least", "more_than", "at_most", "less_than"):
        grows = op in ("at_least", "more_than")
        missing = round(abs(need - have), 2)
        closes = kind == "time" and grows
        if kind == "time" and grows:
            phrase = spec.noun.removeprefix("years ")
            unit = "year" if missing == 1 else "years"
            more = "more than " if op == "more_than" else ""
            message = (f"{more}{_num(missing)} more {unit} {phrase} "
                       f"(has {_num(have)}, needs {_need_text(test, spec)})")
        else:
            message = f"{spec.noun} {_need_text(test, spec)} (has {_num(have)})"
    elif spec.derived and spec.name.startswith("certification."):
        cert = spec.noun
        wanted = need if isinstance(need, tuple) else (need,)
        if set(wanted) <= {"held", "eligible"} and "held" in wanted and "eligible" in wanted:
            message = f"{cert} first: hold it, or meet one of its routes (now: not eligible)"
        else:
            message = f"{cert} {' or '.join(wanted)} (now: {str(have).replace('_', ' ')})"
        kind = "prerequisite"
    elif spec.derived and spec.name.startswith("path."):
        message = f"eligibility for {spec.noun} first"
        kind = "prerequisite"
    elif spec.type is FieldType.ORDERED and op in ("at_least", "more_than"):
        missing = spec.rank(need) - spec.rank(have) + (1 if op == "more_than" else 0)
        article = "an" if spec.describe_value(need)[0] in "aeiou" else "a"
        if spec.name == "level":
            message = f"level {need} or higher (now {spec.describe_value(have)})"
        else:
            message = (f"{article} {spec.describe_value(need)} or higher "
                       f"(has {spec.describe_value(have)})")
    elif spec.type is FieldType.BOOLEAN:
        message = spec.noun if need else f"not: {spec.noun}"
        message = f"{message} (now: {spec.describe_value(have)})"
    elif spec.type is FieldType.LIST:
        wanted = need if isinstance(need, tuple) else (need,)
        thing = "certification" if spec.name == "certifications" else "skill"
        if op == "includes":
            message = f"the {need} {thing}" if thing == "certification" else f"the skill '{need}'"
        elif op == "includes_any":
            message = f"one of the {thing}s {_words(spec, wanted)}"
        elif op == "includes_all":
            lacking = [v for v in wanted if v not in have]
            missing = len(lacking)
            message = f"the {thing}s {_words(spec, lacking, 'and')}"
        else:
            present = [v for v in wanted if v in have]
            missing = len(present)
            message = f"not to hold {_words(spec, present, 'and')}"
        message += f" (has: {spec.describe_value(have)})"
    else:
        wanted = need if isinstance(need, tuple) else (need,)
        if op in ("equals", "one_of"):
            message = f"{spec.noun}: {_words(spec, wanted)} (has {spec.describe_value(have)})"
        else:
            message = f"{spec.noun} other than {_words(spec, wanted)} (has {spec.describe_value(have)})"
    return Gap(
        field=spec.name,
        need=_need_text(test, spec),
        have=have,
        missing=missing,
        message=message,
        kind=kind,
        closes_with_time=closes,
        wanted=tuple(need) if isinstance(need, tuple) else (str(need),),
    )


def condition_gaps(cond: Condition, values: Mapping[str, Any], kb: KnowledgeBase) -> list[Gap]:
    """The gaps of a condition in negation normal form; empty when it holds."""
    if isinstance(cond, Test):
        spec = kb.fields[cond.field]
        have = values[cond.field]
        if test_holds(cond, spec, have):
            return []
        gap = test_gap(cond, spec, have)
        if spec.derived:
            gap = replace(gap, requires=tuple(_prerequisite_gaps(cond, values, kb)))
        return [gap]
    if isinstance(cond, All):
        return [g for item in cond.items for g in condition_gaps(item, values, kb)]
    assert isinstance(cond, Any_)
    options = [condition_gaps(item, values, kb) for item in cond.items]
    return min(options, key=_distance)


def _prerequisite_gaps(test: Test, values: Mapping[str, Any], kb: KnowledgeBase) -> list[Gap]:
    """What it takes to make a derived fact hold: the nearest rule that would conclude it.

    A gap "level BMET III or higher" is only actionable with the level rule's own gaps
    ("4 more years ..."), so they travel with it.
    """
    name = test.field
    spec = kb.fields[name]
    if name == "level":
        rules = [r for r in kb.level_rules if test_holds(test, spec, r.rule.then.target)]
        return nearest_route(rules, values, kb)[1]
    if name.startswith(("path.", "certification.")):
        if not test_holds(test, spec, "eligible"):
            return []
        gates = [
            g for r in kb.requirements.get(name, ())
            for g in _sourced(condition_gaps(r.nnf, values, kb), r)
        ]
        return nearest_route(kb.routes.get(name, ()), values, kb)[1] + gates
    rules = [r for r in kb.fact_rules.get(name, ()) if test_holds(test, spec, r.rule.then.value)]
    return nearest_route(rules, values, kb)[1]


#: Nominal years a degree level takes, to weigh a degree gap against years of experience
#: when choosing the nearest route (README, "Explanations").
DEGREE_YEARS = 2.0


def gap_years(gap: Gap) -> float:
    """How far a gap is, in years, for ranking routes: experience counts its missing years,
    a degree :data:`DEGREE_YEARS` a level, a choice or a skill nothing, a prerequisite what
    its own gaps take, anything else one year."""
    if gap.closes_with_time:
        return float(gap.missing or 0)
    if gap.kind == "degree":
        return DEGREE_YEARS * max(1.0, float(gap.missing or 1)) if gap.field == "degree" else DEGREE_YEARS
    if gap.kind in ("preference", "skill"):
        return 0.0
    if gap.requires:
        return sum(gap_years(g) for g in gap.requires)
    return 1.0


def _distance(gaps: Sequence[Gap]) -> tuple[int, float]:
    return len(gaps), sum(gap_years(g) for g in gaps)


def held_reasons(cond: Condition, values: Mapping[str, Any], kb: KnowledgeBase) -> list[str]:
    """Sentences for the tests that made a condition hold (first holding branch of ``any``)."""
    if isinstance(cond, Test):
        spec = kb.fields[cond.field]
        have = values[cond.field]
        return [describe_test(cond, spec, have)] if test_holds(cond, spec, have) else []
    if isinstance(cond, All):
        return [r for item in cond.items for r in held_reasons(item, values, kb)]
    assert isinstance(cond, Any_)
    for item in cond.items:
        if not condition_gaps(item, values, kb):
            return held_reasons(item, values, kb)
    return []


def _sourced(gaps: Sequence[Gap], rule: CompiledRule) -> list[Gap]:
    return [
        replace(g, rule=rule.id, source=rule.rule.source)
        for g in gaps
    ]


def nearest_route(
    routes: Sequence[CompiledRule], values: Mapping[str, Any], kb: KnowledgeBase
) -> tuple[CompiledRule | None, list[Gap]]:
    """The route with the fewest unmet conditions, then fewest years, then defined first."""
    best: tuple[CompiledRule | None, list[Gap]] = (None, [])
    best_key: tuple[int, float, int] | None = None
    for rule in routes:
        gaps = condition_gaps(rule.nnf, values, kb)
        key = (*_distance(gaps), rule.index)
        if best_key is None or key < best_key:
            best, best_key = (rule, _sourced(gaps, rule)), key
    return best


def is_near(gaps: Sequence[Gap], values: Mapping[str, Any], kb: KnowledgeBase) -> bool:
    """Whether the remaining gaps are small (the module docstring gives the rule)."""
    if not gaps or len(gaps) > kb.parameter("near_max_gaps"):
        return False
    return all(_is_small(g, values, kb) for g in gaps)


def _is_small(gap: Gap, values: Mapping[str, Any], kb: KnowledgeBase) -> bool:
    if gap.closes_with_time:
        return float(gap.missing or 0) <= kb.parameter("near_years")
    if gap.kind in ("preference", "skill"):
        return True
    if gap.field == "certifications":
        # A certification the person may sit now is a step they can take at once.
        return any(values.get(f"certification.{w}") == "eligible" for w in gap.wanted)
    return False


def outcome(
    kb: KnowledgeBase, field_name: str, title: str, firing: Firing
) -> Outcome:
    """The status, deciding route, reasons, gaps and sources of one path or certification."""
    values = firing.values
    status = values[field_name]
    target_id = field_name.partition(".")[2]
    routes = kb.routes.get(field_name, ())
    gates = kb.requirements.get(field_name, ())
    if status == "held":
        return Outcome(target_id, title, "held", reasons=(f"holds {target_id}",))
    fired_routes = [r for r in routes if r.id in firing.fired]
    fired_gates = [r for r in gates if r.id in firing.fired]
    gate_gaps = [
        g for r in gates if r.id not in firing.fired
        for g in _sourced(condition_gaps(r.nnf, values, kb), r)
    ]
    if fired_routes:
        route, route_gaps = fired_routes[0], []
    else:
        route, route_gaps = nearest_route(routes, values, kb)
    gaps = route_gaps + gate_gaps
    if status == "eligible":
        if gaps:
            raise AssertionError(f"{field_name}: engine says eligible, explanation finds gaps")
        status_out = "eligible"
    else:
        if not gaps and routes:
            raise AssertionError(f"{field_name}: engine says not eligible, explanation finds no gap")
        status_out = "near" if is_near(gaps, values, kb) else "not_eligible"
    deciding = [route] if route is not None else []
    reasons: list[str] = []
    if route is not None and not route_gaps:
        reasons += held_reasons(route.nnf, values, kb)
    for gate in fired_gates:
        reasons += held_reasons(gate.nnf, values, kb)
    used = [*deciding, *gates]
    return Outcome(
        id=target_id,
        title=title,
        status=status_out,
        route=(route.rule.then.route or route.rule.title) if route else None,
        route_rule=route.id if route else None,
        reasons=tuple(reasons),
        gaps=tuple(gaps),
        rules=tuple(r.id for r in [*fired_routes, *fired_gates]),
        sources=tuple(dict.fromkeys(r.rule.source for r in used)),
    )


def build_result(kb: KnowledgeBase, profile: Profile, firing: Firing, engine: str) -> Result:
    """A full :class:`Result` from the rules that fired for a profile."""
    values = firing.values
    certs = tuple(
        outcome(kb, f"certification.{cid}", t.title, firing)
        for cid, t in kb.certifications.items()
        if t.advised or values[f"certification.{cid}"] == "held"
    )
    paths = tuple(outcome(kb, f"path.{pid}", t.title, firing) for pid, t in kb.paths.items())
    level = values.get("level", "unassigned")
    level_rules = tuple(
        r.id for r in kb.level_rules if r.id in firing.fired and r.rule.then.target == level
    )
    return Result(
        profile_id=profile.id,
        name=profile.values.get("name") or None,
        ruleset=kb.meta(),
        level=None if level == "unassigned" else level,
        level_rules=level_rules,
        certifications=certs,
        paths=paths,
        warnings=profile.warnings,
        next_steps=next_steps([*certs, *paths], values, kb),
        engine=engine,
    )


def next_steps(
    outcomes: Sequence[Outcome], values: Mapping[str, Any], kb: KnowledgeBase, limit: int = 5
) -> tuple[NextStep, ...]:
    """The few single actions that open the most paths and certifications soonest.

    An action is one gap (the same field and need across targets); it *opens* a target when
    that gap is the target's only one. Sitting a certification the person is eligible for
    now comes first, then actions by the years they take, then by how much they open.
    """
    # key -> (action, opens, years or None when time alone cannot close it, closes with time, order)
    steps: dict[tuple[str, str], tuple[str, list[str], float | None, bool, int]] = {}
    for out in outcomes:
        if out.status == "eligible" and out.id in kb.certifications:
            steps[("sit", out.id)] = (
                f"Sit the {out.id} exam now (eligible by {out.route})", [out.id], 0.0, False, 0
            )
        if out.status in ("near", "not_eligible") and len(out.gaps) == 1:
            gap = out.gaps[0]
            if gap.closes_with_time:
                years: float | None = float(gap.missing or 0)
            elif _is_small(gap, values, kb):
                years = 0.0
            else:
                years = None
            key = (gap.field, gap.need)
            step = steps.setdefault(key, (_action(gap, kb), [], years, gap.closes_with_time, 1))
            step[1].append(out.id)
    ranked = sorted(
        steps.values(),
        key=lambda s: (s[2] is None, s[2] or 0.0, s[4], -len(s[1]), s[0]),
    )
    return tuple(NextStep(a, tuple(o), y, t) for a, o, y, t, _ in ranked[:limit])


def _action(gap: Gap, kb: KnowledgeBase) -> str:
    spec = kb.fields[gap.field]
    if spec.action and spec.type is FieldType.BOOLEAN:
        return spec.action
    if gap.closes_with_time:
        return f"Gain {gap.message}"
    if gap.kind == "degree":
        return f"Complete {gap.message}"
    if gap.kind == "skill":
        return f"Build {gap.message}"
    return f"Obtain {gap.message}"
