"""Ask the certifying body first, when its ruling would shorten a goal.

A plan is made on what is settled: a value a certifying body decides case by case (does an
associate degree in a healthcare field count for the CBET?) is read as "no", so the goal's
plan takes the route that does not turn on it. When the ruling going the person's way would
make a goal's plan shorter, the first thing a counsellor says is to ask: "Ask ACI whether
...: if it does, the goal in 0.5 years by ...; if not, 2.5 years by ...". The shorter plan is
found by evaluating the profile again with the body's answers (``ruling.RULE.FIELD``) set to
yes and planning the goal on that.

One question is asked once, with its effect on **every** goal it shortens: a CBET goal that
a yes opens now and a laboratory-specialist goal it brings from 2.5 to 0.5 years are one step.
The same question asked by sibling rules (the same body, field and values for the same
certification: CBET candidate status and CBET route 1 on a healthcare degree) is answered
once, so a plan that outgrows candidate status keeps the yes through route 1.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace
from typing import Any

from ..conditions import All, Ruling, Test, walk
from ..evaluator import Firing, test_holds
from ..explain import degree_ask, fitting_route
from ..fields import FieldType
from ..knowledge import CompiledRule, KnowledgeBase
from ..profile import Profile
from ..results import NextStep, Outcome
from ..unknowns import _rulings
from .planner import Plan, Planner
from .plans import years_text
from .text import when


def _same_question(kb: KnowledgeBase, pending: Mapping[str, Any]) -> list[str]:
    """The answer fields of the pending rulings and of the rulings that ask the same
    question of the same body about the same certification (sibling routes)."""
    rulings = _rulings(kb)

    def question(name: str) -> tuple[Any, ...] | None:
        found = rulings.get(name)
        if found is None:
            return None
        ruling = found[0]
        rule = kb.by_id.get(ruling.rule)
        target = rule.rule.then.target if rule is not None else None
        return (ruling.by, ruling.field, tuple(sorted(ruling.values)), target)

    asked = {q for name in pending if (q := question(name)) is not None}
    return [*pending, *(n for n in rulings
                        if n not in pending and n in kb.fields and question(n) in asked)]


def _asks_only_rulings(out: Outcome | None) -> bool:
    """A needs-information goal whose every question is a ruling: a yes has a plan."""
    if out is None or out.status != "needs_info":
        return False
    asking = [g for g in out.gaps if g.kind in ("unknown", "ruling")]
    return bool(asking) and all(g.kind == "ruling" for g in asking)


def ruling_asks(
    kb: KnowledgeBase,
    planner: Planner,
    firing: Firing,
    outcomes: Sequence[Outcome],
    goal_plans: Sequence[Plan],
    unknown: Collection[str] = (),
    within: float | None = None,
) -> list[NextStep]:
    """One "Ask BODY ..." step per question, saying what a yes does for every goal it
    shortens. The questions are a goal's own rulings (its routes', those of certifications on
    its way: a ruling on years included, even while the goal is not open whatever the answer)
    when it has any, else the rulings other outcomes need information on (the CBET an imaging
    specialist's route needs). Not a ruling on a field ``unknown`` (not given): that field
    is confirmed first (fortieth review: "Ask ACI whether a bachelor's degree in another
    field counts" with the degree field not exported).

    With ``within`` (a record without goals: ``goal_plans`` are then the plans of targets not
    open), only each target's own rulings, and only when a yes opens it within that many
    years: "Ask HTCC whether ...: if it does, CCE in 1 year; if not, in 6 years" (fifty-third
    review: a BSET's "CCE in 6 years" without a word of the ruling that makes it 1)."""
    pending: dict[str, _Asked] = {
        f"ruling.{g.rule}.{g.field}": (g.message, g.rule, g.source)
        for o in outcomes if o.status == "needs_info"
        for g in o.gaps if g.kind == "ruling" and g.rule
    }  # fmt: skip
    pending = {name: g for name, g in pending.items() if name in kb.fields}
    outcome = {o.id: o for o in outcomes}
    own: dict[str, dict[str, _Asked]] = {}
    for plan in goal_plans:  # (a goal at needs_info lists its own pending rulings)
        own[plan.target] = {}
        if _status(outcome, plan.target) != "needs_info":
            # The goal's routes, and those of the certifications its plan sits on the way
            # (a clinical engineer's CCE); without goals, the target's own.
            on_way = [str(a.value) for a in plan.actions if a.kind == "exam"] \
                if within is None else []  # fmt: skip
            route = kb.by_id.get(plan.route_rule or "") if within is None else None
            if route is not None:  # "CCE held or eligible"
                on_way += [t.field.partition(".")[2] for t in walk(route.nnf)
                           if t.field.startswith("certification.")]  # fmt: skip
            for target in (plan.target, *on_way):
                if _status(outcome, target) != "needs_info":
                    own[plan.target].update(_route_rulings(
                        kb, target, firing.values, unknown, counts_only=within is not None))
    if not pending and not any(own.values()):
        return []
    answered: dict[frozenset[str], dict[str, Any]] = {}
    fired_yes: dict[frozenset[str], frozenset[str]] = {}
    shortened: dict[frozenset[str], list[tuple[Plan, Plan]]] = {}
    questions: dict[frozenset[str], dict[str, _Asked]] = {}
    for plan in goal_plans:
        goal = outcome.get(plan.target)
        if goal is not None and goal.status in ("held", "eligible"):
            continue
        if goal is not None and goal.status == "needs_info" and not _asks_only_rulings(goal):
            continue  # its own questions on values not given come first
        asked = {n: g for n, g in own.get(plan.target, {}).items() if n in kb.fields} or (
            pending if within is None else {})
        asked = _fitting_questions(kb, asked, firing.values)
        if not asked:
            continue
        key = frozenset(asked)
        if key not in answered:
            given = planner.record_of(firing.values)
            given.update(dict.fromkeys(_same_question(kb, asked), True))
            # Every value as read (recent supervision included), not read again from others.
            firing_yes = planner._evaluator.run(Profile("ruling", given, frozenset(given)))
            answered[key] = dict(firing_yes.values)
            fired_yes[key] = firing_yes.fired
        yes = planner.plan(plan.target, answered[key])
        if yes.route is None and yes.years == 0:  # open at once: by the route the yes fires
            name = f"{plan.kind}.{plan.target}"
            fired = [r for r in kb.routes.get(name, ()) if r.id in fired_yes[key]]
            if fired:
                rule = fitting_route(kb, fired)
                yes = replace(yes, route=rule.rule.then.route or rule.rule.title,
                              route_rule=rule.id)  # fmt: skip
        if yes.years is None or (plan.years is not None and yes.years >= plan.years - 1e-9):
            continue
        if within is not None and yes.years > within + 1e-9:
            continue
        if any(a.kind == "study" for a in yes.actions):
            continue  # a degree still to study: study a field that plainly counts instead
        if plan.years is not None and yes.years > 0 and plan.years - yes.years < ASK_SAVES:
            continue  # a yes that saves months, not years, is no question worth a step
        shortened.setdefault(key, []).append((plan, yes))
        questions[key] = asked
    return [_ask_step(questions[key], plans, outcome) for key, plans in shortened.items()]


#: A ruling is asked when a yes opens the goal at once or brings it this many years nearer.
ASK_SAVES = 1.0

_Asked = tuple[str, "str | None", "str | None"]
"""A question: the gap's message ("ACI decides ..."), its rule and source."""


def _status(outcome: Mapping[str, Outcome], target: str) -> str | None:
    found = outcome.get(target)
    return found.status if found is not None else None


def _ask_step(
    asked: Mapping[str, _Asked], shortened: Sequence[tuple[Plan, Plan]],
    outcome: Mapping[str, Outcome],
) -> NextStep:  # fmt: skip
    """"Ask BODY whether ...: if it does, GOAL sooner by ...; if not, ..." for the goals the
    answer shortens."""
    gaps = list({g[0]: g for g in asked.values()}.values())
    body = gaps[0][0].split(" decides ")[0]
    notes = _joined([g[0].split(" decides ", 1)[-1] for g in gaps])

    def by_yes(plan: Plan, yes: Plan) -> str:
        if yes.route == plan.route and plan.years is not None and yes.route:
            # The same route, sooner: named, never "the same route", which reads as the route
            # the question is about (twenty-third review); and what the yes leaves to do.
            todo = "; ".join(a.text[:1].lower() + a.text[1:] for a in yes.actions)
            return f" by {yes.route} ({todo})" if todo else f" by {yes.route}"
        # Open at once by the yes: the route the answer decides is the outcome's own.
        goal = outcome.get(plan.target)
        route = yes.route or (goal.route if goal is not None else None)
        return f" by {route}" if route else ""

    def if_not(plan: Plan, yes: Plan) -> str:
        if plan.years is None:
            return "no plan by time and study opens it"
        same = yes.route == plan.route
        return f"{when(plan.years)}" + ("" if same else f" by {plan.route}")

    def name(plan: Plan) -> str:  # a certification by its id: "CBET", not its long title
        return plan.target if plan.kind == "certification" else plan.title

    if len(shortened) == 1:
        plan, yes = shortened[0]
        text = (f"Ask {body} {notes}: if it does, {plan.title} {when(yes.years)}"
                f"{by_yes(plan, yes)}; if not, {if_not(plan, yes)}")  # fmt: skip
    else:
        yes_text = "; ".join(f"{name(p)} {when(y.years)}{by_yes(p, y)}" for p, y in shortened)
        not_text = "; ".join(f"{name(p)} {if_not(p, y)}" for p, y in shortened)
        text = f"Ask {body} {notes}: if it does, {yes_text}; if not, {not_text}"
    return NextStep(
        text, (), 0.0, False, towards=tuple(p.target for p, _ in shortened), kind="confirm",
        for_goal=True, rule=gaps[0][1], source=gaps[0][2],
    )  # fmt: skip


def _fitting_questions(
    kb: KnowledgeBase, asked: Mapping[str, _Asked], values: Mapping[str, Any]
) -> dict[str, _Asked]:
    """Of several questions about routes to one target that rest on the degree, the one for
    the route the person's degree fits best (a bachelor's holder is asked about CHTM route 4,
    the bachelor's route, not also route 3, the associate one)."""
    degree = kb.fields.get("degree")
    held = degree.rank(values["degree"]) if degree is not None and values.get("degree") else None
    best: dict[str, int] = {}
    asks: dict[str, int | None] = {}
    for name, (_, rule_id, _) in asked.items():
        rule = kb.by_id.get(rule_id or "")
        ask = degree_ask(kb, rule) if rule is not None else None
        asks[name] = ask
        if rule is not None and ask is not None and (held is None or ask <= held):
            target = str(rule.rule.then.target)
            best[target] = max(best.get(target, ask), ask)
    out = {}
    for name, question in asked.items():
        rule = kb.by_id.get(question[1] or "")
        target = str(rule.rule.then.target) if rule is not None else ""
        ask = asks[name]
        if ask is not None and target in best and ask != best[target]:
            continue
        out[name] = question
    return out


def _joined(notes: Sequence[str]) -> str:
    """Notes that differ only in the route they are for, said once ("whether ... counts ...
    for CBET route 1 and candidate status"), the others joined with "and"."""
    by_question: dict[str, list[str]] = {}
    for note in notes:
        question, sep, route = note.rpartition(" for ")
        key = question if sep else note
        by_question.setdefault(key, []).append(route if sep else "")
    parts = []
    for question, routes in by_question.items():
        routes = [r for r in routes if r]
        if not routes:
            parts.append(question)
            continue
        first, *rest = routes
        shared = first.rsplit(" ", 2)[0] if len(first.split()) > 2 else ""
        tails = [r.removeprefix(shared).strip() if shared and r.startswith(shared) else r
                 for r in rest]  # "CBET route 1 and candidate status", not "CBET ... CBET"
        parts.append(f"{question} for {' and '.join([first, *tails])}")
    return " and ".join(parts)


def _route_rulings(
    kb: KnowledgeBase, target: str, values: Mapping[str, Any], unknown: Collection[str] = (),
    counts_only: bool = False,
) -> dict[str, tuple[str, str | None, str | None]]:
    """Rulings in ``target``'s routes that its values make relevant: answer field -> (the
    gap's message, rule, source). A ruling on years names the years it would count.
    ``counts_only``: only those (without goals: a ruling on a degree field is asked where a
    target needs information on it, and planning every such yes cost a fifth of the batch
    time)."""
    found: dict[str, tuple[str, str | None, str | None]] = {}
    for rule, rulings in _rulings_of(kb, target):
        if _barred(kb, rule, values, unknown):
            continue
        for ruling in rulings:
            if values.get(ruling.name) is True or ruling.field in unknown:
                continue
            if counts_only and ruling.counts is None:
                continue
            message = f"{ruling.by} decides {ruling.note}"
            if ruling.counts is not None:
                have = float(values.get(ruling.counts) or 0)
                if have <= float(values.get(ruling.field) or 0):
                    continue
                spec = kb.fields.get(ruling.counts)
                label = spec.label if spec is not None else ruling.counts
                message += f" (you have {years_text(have)} {_unit(label)})"
            elif values.get(ruling.field) not in ruling.values:
                continue
            found[ruling.name] = (message, rule.id, rule.rule.source)
    return found


def counts_rulings(kb: KnowledgeBase, target: str) -> bool:
    """Whether a route of ``target`` holds a ruling on years that may count (the HTCC's on
    years of BMET/HTM work as engineering practice): the rulings asked without goals."""
    return any(r.counts is not None for _, rulings in _rulings_of(kb, target) for r in rulings)


def _rulings_of(kb: KnowledgeBase, target: str) -> list[tuple[CompiledRule, list[Ruling]]]:
    """``target``'s routes that hold a certifying body's ruling, each with its rulings:
    worked out once per knowledge base (every record of a batch asks, most of no target with
    any)."""
    memo: dict[str, list[tuple[CompiledRule, list[Ruling]]]] = kb.memo.setdefault(
        "ask_ruling.rulings", {})
    found = memo.get(target)
    if found is None:
        found = memo[target] = [
            (rule, rulings) for kind in ("certification", "path")
            for rule in kb.routes.get(f"{kind}.{target}", ())
            if (rulings := [t.ruling for t in walk(rule.when) if t.ruling is not None])
        ]  # fmt: skip
    return found


def _barred(kb: KnowledgeBase, rule: CompiledRule, values: Mapping[str, Any],
            unknown: Collection[str]) -> bool:  # fmt: skip
    """Whether a degree or field the route asks for outright (a test of its top-level ``all``
    on a field of words, given and not ruled on) fails: a yes on its ruling opens nothing
    without a degree still to study (a BSET's CCE route is no question for an associate's
    holder), and the question is not worth planning."""
    when = rule.when
    tests = when.items if isinstance(when, All) else (when,)
    for test in tests:
        if not isinstance(test, Test) or test.ruling is not None or test.field in unknown:
            continue
        spec = kb.fields.get(test.field)
        if spec is None or spec.type not in (FieldType.CHOICE, FieldType.ORDERED):
            continue
        have = values.get(test.field)
        if have is not None and not test_holds(test, spec, have):
            return True
    return False


def _unit(label: str) -> str:
    """``years of full-time BMET/HTM experience`` -> ``of full-time BMET/HTM experience``."""
    return label[6:] if label.startswith("years ") else label
