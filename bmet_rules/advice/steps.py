"""Results with advice: every target's ``eta_years``, the goals' plans, and next steps.

Next steps are the actions of the plans (never written per profile), filtered by the
relevance the rulesets declare (``advice:`` ``entry`` and ``specialty``) and ranked:
actions towards a goal first, then those of the nearest plans, then the soonest done, then
those that open the most. A plan several actions long is never one step: each action is a
step, and a step *opens* a target only when it is all the target's plan still needs.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from ..completions import ceiling_of, floor_of, is_possible
from ..conditions import walk
from ..current_routes import off_overdue, plans_on_current
from ..evaluator import Firing
from ..explain import BoundedCache
from ..fields import FieldType
from ..knowledge import KnowledgeBase
from ..profile import Profile
from ..results import NextStep, Outcome, Result
from .agree import agreeing
from .alternatives import study_alternatives
from .ask_ruling import counts_rulings, ruling_asks
from .confirm_first import OpensWith, confirmations
from .first_job import for_no_job_yet, no_job_yet
from .goal_first import goal_first_steps, plan_confirms
from .if_yes import with_if_yes
from .model import (
    DEFAULT_STEPS,
    SIT_NOW_YEARS,
    AdviceModel,
    in_role_now,
    near_years,
    practice_moot,
)
from .one_stint import one_stint
from .outcomes import advise_outcome, explainer_once, not_near_beyond, on_route
from .planner import Action, Plan, Planner, planner_for
from .sooner_if import latest_if_sooner, sooner_at_most, sooner_if
from .specialty import specialty_alongside, specialty_first, specialty_ready
from .take_up import circular_goals, take_up_steps
from .unsure import (
    at_the_latest,
    blocked,
    certain_route,
    dated,
    either_way,
    latest_plan,
    rests_on,
    undated,
    with_most,
)

NEEDS_INFO = "needs_info"

#: Ranked step lists kept per knowledge base (about 0.9 KB each; full after ~20,000 profiles,
#: so memory stays flat on longer batches).
STEP_CACHE_ENTRIES = 16_000



@dataclass
class _Step:
    action: Action
    years: float
    nearest: float
    goal: bool
    credential: bool = False
    goal_action: bool = False
    """Whether ``action`` is a goal's plan's (a goal's wording is never replaced)."""
    delayed: bool = False
    """A role its plan starts only later, once a degree or the experience it needs is there
    (not advice without a goal)."""
    towards: list[str] = field(default_factory=list)
    opens: list[str] = field(default_factory=list)
    opened: dict[str, float] = field(default_factory=dict)
    """When the action that credited each of ``opens`` is done."""
    milestones: list[tuple[float, list[str]]] = field(default_factory=list)
    """What a stint of experience opens on the way, before it is done (years, targets)."""


def step_limit(kb: KnowledgeBase) -> int:
    """How many next steps to show (the ``advice_next_steps`` parameter, default 5)."""
    if "advice_next_steps" in kb.parameters:
        return max(0, int(kb.parameter("advice_next_steps")))
    return DEFAULT_STEPS


def past_entry(
    model: AdviceModel, cert: str, values: Mapping[str, Any],
    plans: Mapping[str, Plan] | None = None,
) -> bool:  # fmt: skip
    """Whether ``cert`` is an entry credential the person is past: a later one held or open,
    or (``entry_horizon``) within that many years by its plan, or a level past it
    (``past_level``)."""
    if values.get("level") in model.past_level.get(cert, ()):
        return True
    later = model.entry.get(cert)
    if not later:
        return False
    held = values.get("certifications") or ()
    if any(c in held or values.get(f"certification.{c}") in ("held", "eligible") for c in later):
        return True
    if model.entry_soon is not None and cert not in model.entry_soon:
        return False  # (a core credential stays worth having until a later one is open)
    for c in later:
        plan = (plans or {}).get(f"certification.{c}")
        if plan is not None and plan.years is not None and plan.years <= model.entry_horizon \
                and not any(a.kind == "exam" and a.value == cert for a in plan.actions) \
                and all(a.kind != "role" or in_role_now(model, a.field, values)
                        for a in plan.actions):
            # (a later one whose plan sits this exam on the way is no reason, nor one whose
            # plan takes up a role the person is not in: a CHTM two years of leading away is
            # no reason for a bench technician to skip the CBET)
            return True
    return False


def relevant_exam(model: AdviceModel, cert: str, values: Mapping[str, Any],
                  before: Sequence[Action] = (),
                  plans: Mapping[str, Plan] | None = None) -> bool:  # fmt: skip
    """An exam an expert would advise: not an entry credential the person is past, and not
    a specialty exam without the specialty."""
    return not past_entry(model, cert, values, plans) and specialty_ready(
        model, cert, values, before
    )


def advise(
    kb: KnowledgeBase,
    firing: Firing,
    result: Result,
    goals: Sequence[str] = (),
    planner: Planner | None = None,
    planned: Mapping[str, Plan] | None = None,
    overdue: frozenset[str] = frozenset(),
) -> Result:
    """``result`` with ``eta_years`` on every outcome, the goals' plans and ranked next steps.
    ``overdue``: certifications held past their renewal date (a plan as soon without them
    is the one shown: :func:`..current_routes.plans_on_current`).

    The nearest route of a target that is not open is its plan's route (the shortest
    realistic plan), so its gaps are that route's: the outcome, the plan and the steps
    agree on one route. With ``planned`` (target field -> plan), the result's outcomes carry
    their advice already and only the goals' plans and the next steps are added.
    """
    planner = planner or planner_for(kb, kb.as_of)
    model = planner.model
    values = firing.values
    plans: dict[str, Plan] = {}
    explainer = explainer_once(kb, firing)

    # Exams whose status waits on a value not given (a ruling's answer can only shorten a
    # plan made without it, so a plan through it keeps its date).
    unsure = {
        o.id for o in result.certifications
        if o.status == NEEDS_INFO and any(g.kind == "unknown" for g in o.gaps)
    }  # fmt: skip

    # Plans of credentials that wait on facts not given, read as none: the longest their
    # plan can be (an answer only brings them nearer), so one within ``entry_horizon`` puts
    # the person past the entry credential whatever the answers (thirtieth review: a
    # bachelor's holder a year from the CBET was told to sit the CABT, the degree field not
    # given). Used for that only: no step is made from them.
    later = frozenset(c for after in model.entry.values() for c in after)
    at_most: dict[str, Plan] = {}

    # Years in a role the given degree does not qualify for would not count: no date waits
    # on them (``practice_moot``).
    moot = practice_moot(kb, model, values, result.unknown_fields)
    dating = tuple(f for f in result.unknown_fields if f not in moot)

    def without_moot(out: Outcome) -> Outcome:
        # (Their questions move nothing, and "has 0" of them would be a guess: the degree's
        # gaps and the plan say what it takes.)
        if not moot or out.status == NEEDS_INFO or not any(g.field in moot for g in out.gaps):
            return out  # (a status they decide keeps its questions: the rules count them)
        return replace(out, gaps=tuple(g for g in out.gaps if g.field not in moot))

    exam_asks = {o.id: {g.field for g in o.gaps if g.kind == "unknown" and g.field in kb.fields}
                 for o in result.certifications if o.id in unsure}  # fmt: skip

    def with_eta(out: Outcome, kind: str) -> Outcome:
        name = f"{kind}.{out.id}"
        if out.status == NEEDS_INFO:
            # What it takes turns on facts to confirm first: no date on guessed values. A
            # goal's plan is still made (the routes that do not turn on them), for its steps.
            latest = planner.plan(name, values)
            if out.id in goals:
                plans[name] = latest
            elif kind == "certification" and out.id in later:
                at_most[name] = latest
            # A plan that acts on no value to confirm opens it whatever the answers, which can
            # only bring it nearer: its length is the latest it opens, and (no goal needed)
            # its steps say they open it (thirty-ninth review: "CBET needs information: ACI
            # decides ..." lost the 4-years route's date, and the step that reaches it did
            # not name it).
            if latest.years is None or rests_on(latest, dating, unsure,
                                                values) != ((), ()):  # fmt: skip
                return replace(out, eta_years=None)
            plans.setdefault(name, latest)
            return replace(out, eta_years=round(latest.years, 2))
        advised, plan = advise_outcome(kb, planner, explainer, values, out, name)
        advised = without_moot(advised)
        if plan is not None and dating:
            fields, exams = rests_on(plan, dating, unsure, values)
            # An exam that needs information only on years not given is read with them:
            # their least gives the latest it opens (fifty-second review: the manager's post
            # through a CHTM on years leading not given, "how soon depends on", while the
            # director's post after it was "in 5 years at the latest").
            asked = {f for e in exams for f in exam_asks.get(e, ())}
            if exams and asked and all(kb.fields[f].type is FieldType.NUMBER for f in asked):
                fields = (*fields, *(f for f in sorted(asked) if f not in fields))
                exams = ()
            sure = certain_route(planner, name, values, plan, dating, unsure) \
                if fields or exams else None  # fmt: skip
            if sure is not None and sure.years is not None and sure.route_rule is not None:
                # Another route as soon whatever the answers: its date and steps.
                plan, rule = sure, kb.by_id[sure.route_rule]
                advised = not_near_beyond(
                    kb, on_route(explainer(), advised, name, rule, round(sure.years, 2)))
            elif fields or exams:  # a date and steps on guessed values: neither (a goal's
                # steps: confirm them first), unless a given degree bars it whatever they are
                stop = blocked(kb, name, values, dating)
                if not exams and out.id not in goals and plan.years is not None and all(
                    kb.fields[f].type in (FieldType.CHOICE, FieldType.ORDERED) for f in fields
                ):
                    # Only how long the study takes waits on them (a degree's field not
                    # given, read as another field: the longest study): the latest it opens
                    # (fiftieth review: "Clinical Engineer — not open: needs a bachelor's
                    # degree ...; how soon depends on: Confirm the degree field").
                    return at_the_latest(kb, advised, fields, plan.years, near_years(kb),
                                         explainer().is_small)
                longest = None if exams or stop else latest_plan(planner, name, values, fields,
                                                                 dating)
                settled = None if longest is None else either_way(
                    planner, name, values, fields, longest, dating)
                if settled is not None:
                    # As soon at the most the answers can be as at the least: a date, a
                    # goal's too (fifty-first review: "how soon depends on" the recent years
                    # of a goal that 0, 1 or 2 of them all put a year away).
                    plans[name] = settled
                    return dated(kb, advised, fields, settled.years or 0.0, near_years(kb),
                                 explainer().is_small)
                if out.id in goals:
                    longest = None
                # (Soon, or the years to confirm bounded by a total given, which bounds how
                # much nearer an answer brings it: fifty-first review, six months into a
                # first job, "how soon depends on" years leading that can be half a year.)
                bounded = all(ceiling_of(kb, values, f, frozenset(dating)) < float("inf")
                              for f in fields)  # fmt: skip
                if longest is not None and longest.years is not None and (
                    longest.years <= near_years(kb) + 1e-9 or bounded
                ):
                    # Years to confirm, read at their least: the latest it opens whatever the
                    # answers, which can only bring it nearer, when that is near (forty-fifth
                    # review's probe: a supervisor's year whose recency was not exported
                    # turned a CHTM near either way into "not open" with no date). (Further
                    # away, what the date waits on is said instead: an export without the
                    # years of experience is not "in 4 years at the latest" everywhere.)
                    return at_the_latest(kb, advised, fields, longest.years, near_years(kb),
                                         explainer().is_small)
                return undated(kb, advised, fields, exams, stop)
        if plan is not None:
            plans[name] = plan
        return advised

    if planned is None:
        certs = tuple(with_eta(o, "certification") for o in result.certifications)
        paths = tuple(with_eta(o, "path") for o in result.paths)
    else:  # outcomes advised already (``outcomes.advised_outcomes``)
        certs, paths = result.certifications, result.paths
        plans.update(planned)
    if overdue:
        certs, paths, rerouted = plans_on_current(kb, planner, firing, certs, paths, plans)
        plans.update(rerouted)
    outcome_of = {o.id: o for o in (*certs, *paths)}

    def plan_of(goal: str) -> Plan:
        moved = plans.get(planner.field_of(goal)) if overdue else None
        plan = moved if moved is not None else planner.plan(goal, values)
        return off_overdue(kb, planner, values, plan) if overdue else plan

    goal_plans = tuple(
        with_if_yes(planner, values, outcome_of[g], plan_of(g))
        if g in outcome_of else plan_of(g)
        for g in goals
    )
    # An open specialty exam the person chose without time in its specialty: that time first.
    goal_plans = tuple(
        (g in outcome_of and outcome_of[g].status == "eligible"
         and specialty_first(planner, outcome_of[g], values, result.unknown_fields)) or plan
        for g, plan in zip(goals, goal_plans, strict=True)
    )  # fmt: skip
    # One not open yet: the specialty's years alongside the route's (its steps too).
    goal_plans = tuple(specialty_alongside(planner, p, values, result.unknown_fields, goal_plans)
                       for p in goal_plans)  # fmt: skip
    # Years not given that a given total bounds: the plan at that most, when sooner (not on
    # a credential past its renewal either).
    goal_plans = tuple(
        with_most(planner, values, outcome_of[g], plan, dating, unsure)
        if g in outcome_of else plan for g, plan in zip(goals, goal_plans, strict=True)
    )  # fmt: skip
    if overdue:
        goal_plans = tuple(
            replace(p, if_most=off_overdue(kb, planner, {**values, **dict(p.most)}, p.if_most))
            if p.if_most is not None and not p.most_least else p for p in goal_plans
        )  # fmt: skip
    for plan in goal_plans:
        name = planner.field_of(plan.target)
        if name in plans and plans[name].target == plan.target and plan.exam is not None:
            plans[name] = plan
    # A goal already open leads on: advice plans what comes next (a supervisor's CHTM).
    status = {o.id: o.status for o in (*certs, *paths)}
    aims = list(goals)
    following: list[str] = []  # what comes next after an open goal: after the goals' own
    for goal, goal_plan in zip(goals, goal_plans, strict=True):
        # An exam the person may sit now that the goal's route rests on ("CBET held or
        # eligible") is a goal step, whether the goal is open already or still years away.
        # (Not a specialty exam before the specialty: eligible is all such a route asks, and
        # a CRES after a few months on imaging is no counsellor's step; nineteenth review.)
        aims += [t for t in _rests_on(kb, goal, paths, goal_plan, values)
                 if t not in aims and specialty_ready(model, t, values)]
        if status.get(goal) in ("held", "eligible"):
            # (What comes next in the role, not another degree: a BSET clinical engineer is
            # not sent back to school for an engineering bachelor's to sit the FE.)
            after = [t for t in model.next_after.get(goal, ()) if t not in aims
                     and not _by_study(plans.get(planner.field_of(t)))]
            following += after
            aims += after
    # A goal path held once hired into its role whose long way practises that role itself
    # is no "otherwise": that way starts with being hired too, so its plan makes no steps
    # (thirty-ninth review: "Practise clinical engineering for 3 years" as the way for a BSET
    # not hired as a clinical engineer, the CBET open now pushed to step 4).
    circular = circular_goals(planner, values, (*certs, *paths), goals, goal_plans)
    aims = [a for a in aims if a not in circular]
    # People whose plans, open exams and relevant facts are the same get the same steps.
    # (The plans are kept in the entry, so the ids in its key stay theirs.)
    kept = (*plans.values(), *goal_plans, *at_most.values())
    key = (
        tuple(map(id, kept)),
        tuple(o.id for o in certs if o.status == "eligible"),
        tuple(values.get("certifications") or ()),
        tuple(values.get("former_certifications") or ()),
        tuple(sorted(overdue)),  # (the routes an "Apply ..." step names)
        tuple(aims),
        tuple(following),
        tuple(g for g in goals if status.get(g) in ("held", "eligible")),
        tuple(specialty_ready(model, c, values) for c in model.specialty),
        tuple(float(values.get(f) or 0) > 0 for f in model.in_role.values()),
        tuple(in_role_now(model, f, values) for f in model.roles),  # keeping on vs taking up
        float(values.get(model.experience or "") or 0) <= model.entry_horizon,  # the FE early
        values.get("level"),
        result.unknown_fields,
        planner.as_of,
    )
    cache: BoundedCache[Any, tuple[tuple[Plan, ...], list[NextStep]]] = kb.memo.setdefault(
        "steps", BoundedCache(STEP_CACHE_ENTRIES)
    )
    hit = cache.get(key)
    opens_with = _opens_with(planner, values, result.unknown_fields)
    if hit is None:
        ranked = rank_steps(
            kb, model, planner, values, [*certs, *paths], plans, aims, result.unknown_fields,
            following, at_most,
        )
        applying = goal_first_steps(kb, [*certs, *paths], goals, model, values, goal_plans,
                                opens_with, result.unknown_fields)  # fmt: skip
        applying += take_up_steps(planner, values, [*certs, *paths], goals, goal_plans)
        applying += plan_confirms(kb, goals, plans, dating, applying)
        ranked = [*applying, *ranked]
        hit = cache.put(key, (kept, ranked))
    limit = step_limit(kb)
    ranked_all = hit[1]
    if goals:  # a ruling pending on an outcome, or in a goal's routes
        # (Not for a goal the person holds once hired into its role: its long way is moot.)
        hired = {s.towards[0] for s in ranked_all if s.kind == "apply" and s.towards
                 and status.get(s.towards[0]) != "eligible"}  # fmt: skip
        asks = ruling_asks(kb, planner, firing, (*certs, *paths),
                           [p for p in goal_plans if p.target not in hired],
                           result.unknown_fields)  # fmt: skip
        # A ruling asked with what a yes opens is not asked again on its own.
        asked = {(s.rule, s.action.split(":")[0].split(" whether ")[0]) for s in asks}
        # A body asked about a goal is not asked again about the same goal on another of its
        # routes: the question asked is the one the person's degree fits.
        asked_about = {(s.action.split(" whether ")[0], t) for s in asks for t in s.towards}
        # A goal open now comes first: applying for it is news a question cannot change
        # (a director's post open now was step 2, after a question on the CCE; twenty-sixth).
        # (A role open now on the way to a goal, the clinical engineer's towards the CCE,
        # follows the question: its answer may make the role moot; twenty-ninth review.)
        qualified = [s for s in ranked_all if s.kind == "apply" and s.towards
                     and status.get(s.towards[0]) == "eligible"
                     and s.towards[0] in goals]  # fmt: skip
        ranked_all = [*qualified, *asks, *(
            s for s in ranked_all
            if s not in qualified and not (s.kind == "confirm" and (
                (s.rule, s.action.split(":")[0]) in asked
                or all((s.action.split(":")[0], t) in asked_about for t in s.towards)
            ))
        )]  # fmt: skip
    # What a fact to confirm is worth: never an entry credential the person is past (a CBET
    # holder is not asked the degree "with which the CABT opens").
    # Nor a path a step back for the level (an imaging specialist's role for a supervisor,
    # named as such below the paths), nor an outside credential past its season (the FE
    # after the first years of work) unless a goal: the steps leave them out, so do the
    # questions (forty-ninth review: a twelve-year supervisor asked his degree "if ... in
    # engineering, FE opens" and his imaging years).
    early = float(values.get(model.experience or "") or 0) <= model.entry_horizon
    worth_asking = [o for o in (*certs, *paths)
                    if not (o.id in kb.certifications
                            and past_entry(model, o.id, values, {**at_most, **plans}))
                    and (o.id in goals or not (
                        values.get("level") in model.past_level.get(o.id, ())
                        or (o.id in kb.certifications and kb.certifications[o.id].outside
                            and not early)))]  # fmt: skip
    if not goals:  # then the facts to confirm that would open the most (room permitting);
        # a certifying body's ruling first: a yes may make the other steps moot
        nearer = sooner_if(planner, values, worth_asking, result.unknown_fields)
        certs, paths = latest_if_sooner(kb, certs, paths, nearer)
        for field, items in sooner_at_most(planner, values, worth_asking, dating,
                                           unsure).items():  # (years a total bounds)
            nearer.setdefault(field, []).extend(items)
        asks = confirmations(kb, worth_asking, opens_with, nearer,
                              unknown=result.unknown_fields)
        rulings = [a for a in asks if a.action.startswith("Ask ")]
        # A ruling that would bring a target not open within reach, asked as for a goal.
        said = {a.action.split(":")[0] for a in rulings}
        away = [p for o in worth_asking if o.status in ("near", "not_eligible")
                and counts_rulings(kb, o.id)
                and (p := plans.get(planner.field_of(o.id))) is not None and p.target == o.id]
        rulings += [
            replace(a, for_goal=False) for a in ruling_asks(
                kb, planner, firing, (*certs, *paths), away, result.unknown_fields,
                within=near_years(kb))
            if a.action.split(":")[0] not in said
        ] if away else []  # fmt: skip
        ranked_all = [*rulings, *ranked_all]
        for ask in (a for a in asks if a not in rulings):
            # Before a step whose target its answer may open at once: asked first, the
            # answer may make the step moot (forty-first review: "Gain 1 more year (opens
            # CBET)" before "Confirm the degree field: if BMET ..., CBET opens").
            # (An entry credential any later one puts behind, the CABT: the question on the
            # degree field whose answer opens the CBET goes first. Not the CBET, which only
            # a later credential held or open passes: "sit the CBET" stays before a
            # question on three years of supervision for a three-year technician.)
            soon = {c: later for c, later in model.entry.items()
                    if model.entry_soon is None or c in model.entry_soon}  # fmt: skip
            ranked_all.insert(
                _beaten(ranked_all, ask, len(ranked_all), len(rulings), soon), ask)
        # The way by study to the technician's entry credential (``beside_goals`` and
        # ``entry``: the CBET), when sooner: an entrant is told of the associate degree though
        # no goal is named, after the step it beats.
        entry_plans = [(c, plans.get(f"certification.{c}"))
                       for c in sorted(model.beside_goals & model.entry.keys())]
        core = [p for c, p in entry_plans
                if p is not None and p.years and relevant_exam(model, c, values, p.actions, plans)]
        # The next credential only: the nearest with a way by study (a no-diploma entrant's
        # CABT, the GED itself, has none; the CBET's is the GED and the associate degree:
        # fifty-fourth review).
        found: list[tuple[NextStep, bool]] = []
        for plan in sorted(core, key=lambda p: p.years or 0.0):
            found = study_alternatives(kb, planner, values, [plan], result.unknown_fields)
            if found:
                break
        for alt, leads in found:
            alt = replace(alt, for_goal=False)
            end = len(ranked_all)
            ranked_all.insert(_beaten(ranked_all, alt, end) if leads else end, alt)
    if goals:  # the way by study, when it is sooner by the calendar (after the goal steps),
        # then a certifying body's ruling that would open a credential worth saying whatever
        # the goal (``beside_goals``: ACI on a healthcare degree for the CBET)
        # (Not against a plan read on values not given: a degree to beat a guess is no
        # advice; twenty-sixth review.)
        unknown_fields = set(result.unknown_fields)
        alternatives = study_alternatives(kb, planner, values, [
            p for p in goal_plans
            if not any(a.field in unknown_fields or any(f in unknown_fields for f, _ in a.also)
                       for a in p.actions)
        ], unknown_fields) if not any(  # (one degree at a time: not a second programme
            # beside the one another goal's plan starts; forty-fifth review: an associate's
            # degree for the CBET beside the engineering bachelor's for the clinical engineer)
            a.kind == "study" for p in goal_plans for a in p.actions) else []
        said = {s.action.split(":")[0] for s in ranked_all}
        beside = [
            a for a in confirmations(kb, worth_asking, opens_with,
                                     unknown=result.unknown_fields)
            if a.action.startswith("Ask ") and model.beside_goals.intersection(a.towards)
            and a.action.split(":")[0] not in said
        ]  # fmt: skip
        # A question whose answer brings a goal nearer (its date read the field not given as
        # failing the route that names it) comes first: the plan may not be the way.
        # (Every date an answer would bring nearer is said to be the latest; the goals' are
        # asked about.)
        nearer_all = sooner_if(planner, values, worth_asking, result.unknown_fields)
        certs, paths = latest_if_sooner(kb, certs, paths, nearer_all)
        aimed = [o for o in worth_asking if o.id in goals]
        nearer = {f: mine for f, items in nearer_all.items()
                  if (mine := [s for s in items if s.target in goals])}  # fmt: skip
        first = [
            replace(a, for_goal=True)
            for a in (confirmations(kb, aimed, opens_with, nearer,
                                    unknown=result.unknown_fields)
                      if nearer else ())
            if a.action.split(":")[0] not in said
        ]  # fmt: skip
        # (after applying for a goal open now: news no answer changes)
        lead = next((i for i, s in enumerate(ranked_all) if not (
            s.kind == "apply" and s.towards and status.get(s.towards[0]) == "eligible"
            and s.towards[0] in goals)), len(ranked_all))  # fmt: skip
        ranked_all = [*ranked_all[:lead], *first, *ranked_all[lead:]]
        at = next((i for i, s in enumerate(ranked_all) if not s.for_goal), len(ranked_all))
        ranked_all = [*ranked_all[:at], *beside, *ranked_all[at:]]
        for alt, leads in alternatives:  # (sooner: before the goal's step it beats, g03,
            # when it saves enough; else after the goals' steps)
            ranked_all.insert(_beaten(ranked_all[:at], alt, at) if leads else at, alt)
            at += 1
    if model.at_school is not None and values.get(model.at_school[0]) is True:
        # At school: no full-time years yet. Work steps wait, a goal's own too (years of
        # full-time work were a senior's CBET plan; twenty-eighth review); the way in the
        # rulesets word for a student comes after the goals' other steps (an exam open now).
        _, text, towards = model.at_school
        # (Another way by study is the school step's own: "Sooner by study" would say it
        # twice.)
        kept_steps = [s for s in ranked_all
                      if s.kind not in ("experience", "role")
                      and not s.action.startswith("Sooner by study")
                      and (s.for_goal or s.kind != "study")]  # fmt: skip
        at = next((i for i, s in enumerate(kept_steps) if not s.for_goal), len(kept_steps))
        # (About the person, not a target: shown beside goals as their own steps are.)
        school = NextStep(text, (), None, False, towards=towards, kind="study",
                          rule=None, source=None, for_goal=bool(goals))  # fmt: skip
        ranked_all = [*kept_steps[:at], school, *kept_steps[at:]]
    worth_beside = _beside(kb, model, goals)
    if goals:  # an exam beside the goals is the core credential's or none, --steps or not
        # (thirty-fifth review: "--steps 6" showed a CRES beside management goals, and
        # "... and 1 more beside the goals" counted it)
        # Nor one the person may hold already, the certifications not given: beside the
        # goals, only what is sure to be worth doing (forty-fourth review: "Sit the CBET
        # exam, unless you hold it already" to a 22-year veteran aiming at the CHTM).
        held_unknown = "certifications" in result.unknown_fields
        ranked_all = [s for s in ranked_all
                      if s.for_goal or s.kind != "exam" or (
                          worth_beside.intersection(s.opens) and not held_unknown)]
    if no_job_yet(model, values, frozenset(result.unknown_fields)):
        ranked_all = _entry_exam_first(model, ranked_all, status)
    steps = _focus(ranked_all, bool(goals), limit, worth_beside, near_years(kb),
                   _goal_fields(kb, goals), frozenset(kb.certifications))
    # (Last: the steps above read the gaps as the plans left them.)
    by_field = {**{f"certification.{o.id}": o for o in certs}, **{f"path.{o.id}": o for o in paths}}
    unknown = frozenset(result.unknown_fields)
    hidden = max(0, len(ranked_all) - len(steps))  # (steps folded below stay shown)
    if no_job_yet(model, values, unknown):
        goal_plans, worded = for_no_job_yet(kb, model, goal_plans, steps, values)
        steps = list(worded)
    if model.experience:  # a role done within a stint of experience is said in it
        goal_plans, folded = one_stint(model.experience, goal_plans, steps)
        steps = list(folded)
    return replace(
        result,
        certifications=agreeing(kb, tuple(map(without_moot, certs)), by_field, unknown),
        paths=agreeing(kb, tuple(map(without_moot, paths)), by_field, unknown),
        goals=tuple(goals),
        plans=goal_plans,
        next_steps=tuple(steps),
        more_steps=hidden,
    )


def _beside(kb: KnowledgeBase, model: AdviceModel, goals: Sequence[str]) -> frozenset[str]:
    """The ``beside_goals`` credentials worth saying beside these goals: not one the goals put
    the person past (``entry``: a CCE is past the CBET) unless a goal's routes ask for it (the
    CHTM's route through a current CBET does; the clinical engineer's never; twentieth)."""
    out = set(model.beside_goals)
    # (A goal that is an entry credential itself, the CBET, is the next rung, not past the
    # CABT: an entrant years from the CBET still sits the CABT.)
    beyond = set(goals) - set(model.entry)
    for cert in model.beside_goals:
        if model.entry.get(cert, frozenset()) & beyond and not any(
            _asks_for(kb, goal, cert) for goal in goals
        ):
            out.discard(cert)
    return frozenset(out)


def _asks_for(kb: KnowledgeBase, goal: str, cert: str) -> bool:
    """Whether a goal's routes, or its prerequisites' (not the level's), name ``cert``."""
    memo: dict[tuple[str, str], bool] = kb.memo.setdefault("steps.asks_for", {})
    key = (goal, cert)
    if key not in memo:
        start = kb.target_field(goal)
        seen, todo, found = set(), [start], False
        while todo and not found:
            name = todo.pop()
            if name in seen:
                continue
            seen.add(name)
            for rule in kb.routes.get(name, ()):
                for test in walk(rule.nnf):
                    values = test.value if isinstance(test.value, tuple) else (test.value,)
                    if test.field == f"certification.{cert}" or (
                        test.field == "certifications" and cert in values
                    ):
                        found = True
                    elif test.field.startswith(("certification.", "path.")):
                        todo.append(test.field)
        memo[key] = found
    return memo[key]


def _opens_with(planner: Planner, values: Mapping[str, Any],
                unknown: Collection[str] = ()) -> OpensWith:  # fmt: skip
    """Whether a target opens with the record's given values and these answers (the Python
    evaluator, as the plans are checked), the other values not given at their least: an
    answer is said to open a target only when it does so alone (forty-eighth review: "if
    business, CHTM opens" while the recent supervision was not given either, read from the
    total's stand-in)."""
    given: dict[str, Any] = {}
    kb = planner.kb

    def least(name: str) -> Any:
        spec = kb.fields[name]
        if spec.type is FieldType.NUMBER:
            return max(floor_of(kb, given, name), spec.minimum or 0)
        return () if spec.type is FieldType.LIST else spec.default_value()

    def opens(target: str, answer: Mapping[str, Any]) -> bool:
        if not given:  # (made on the first question only: most records ask none)
            given.update(planner.record_of(values))
        others = {f: least(f) for f in unknown if f not in answer and f in kb.fields
                  and kb.fields[f].absent_reads not in answer
                  and not kb.fields[f].computed}  # fmt: skip
        if not is_possible(planner.kb, {**given, **others, **answer}, answer):
            return False  # (an answer above a given ceiling: 3 years of recent supervision
            # of 2 in all is no answer to hope for; forty-sixth review)
        profile = Profile("confirm", {**given, **others, **answer},
                          provided=frozenset(answer) | frozenset(others))
        status = planner.evaluator.run(profile).values.get(planner.field_of(target))
        return status in ("eligible", "held")

    return opens


def _beaten(steps: Sequence[NextStep], alt: NextStep, default: int, start: int = 0,
            past: Mapping[str, frozenset[str]] | None = None) -> int:  # fmt: skip
    """Where a sooner way (by study, or by an answer) goes: before the first step from
    ``start`` that opens what it opens sooner (the slower way), or (``past``: the ``entry``
    relevance) an entry credential what it opens would put the person past, else at
    ``default`` (forty-fourth review: "Sit the CABT" before the question on the degree field
    whose answer opens the CBET)."""
    towards = set(alt.towards)
    later = past or {}
    return next((i for i, s in enumerate(steps) if i >= start and (
        towards & set(s.opens) or any(towards & later.get(o, frozenset()) for o in s.opens))),
        default)  # fmt: skip


def _by_study(plan: Plan | None) -> bool:
    return plan is not None and any(a.kind == "study" for a in plan.actions)


def _entry_exam_first(
    model: AdviceModel, ranked: Sequence[NextStep], status: Mapping[str, str]
) -> list[NextStep]:
    """For someone with no years in the field yet: an entry credential's exam open now (the
    CABT) before the first job that the years of experience ask, since it is what helps
    get that job (forty-ninth review: a history graduate told to gain 4 years in a first job,
    the CABT third)."""
    entry = [s for s in ranked if s.kind == "exam"
             and any(t in model.entry and status.get(t) == "eligible" for t in s.opens)]
    work = next((i for i, s in enumerate(ranked)
                 if s.kind in ("experience", "role") and s not in entry), None)
    if not entry or work is None or ranked.index(entry[0]) < work:
        return list(ranked)
    rest = [s for s in ranked if s not in entry]
    at = next(i for i, s in enumerate(rest) if s is ranked[work])
    return [*rest[:at], *(replace(s, for_goal=rest[at].for_goal) for s in entry), *rest[at:]]


def _rests_on(
    kb: KnowledgeBase, goal: str, paths: Sequence[Outcome], plan: Plan,
    values: Mapping[str, Any],
) -> list[str]:  # fmt: skip
    """Certifications a goal path's route rests on that the person may sit now but does
    not hold (a laboratory specialist "with a CBET held or eligible"): the route it is open
    through, or else the route of its plan. Sitting them is a goal step, not one of "N more"."""
    out = next((o for o in paths if o.id == goal and o.status == "eligible"), None)
    route = out.route_rule if out is not None else plan.route_rule
    rule = kb.by_id.get(route) if route else None
    if rule is None:
        return []
    return [
        test.field.partition(".")[2]
        for test in walk(rule.nnf)
        if test.field.startswith("certification.") and values.get(test.field) == "eligible"
    ]


def _goal_fields(kb: KnowledgeBase, goals: Sequence[str]) -> frozenset[str]:
    """The profile fields the goals' own routes read."""
    return frozenset(
        name for goal in goals for rule in kb.routes.get(kb.target_field(goal), ())
        for name in rule.fields()
    )  # fmt: skip


def _focus(
    ranked: list[NextStep], has_goals: bool, limit: int, beside: frozenset[str] = frozenset(),
    near: float = 2.0, goal_fields: frozenset[str] = frozenset(),
    credentials: frozenset[str] = frozenset(),
) -> list[NextStep]:
    """The steps shown. With goals, the goals' own (applying, their plans, what comes next)
    and an exam the rulesets say is worth saying whatever the goal (``beside_goals``: a CBET
    open today) when it may be sat now, unless ``--steps`` asks for more than the default:
    the rest are counted."""
    if limit > DEFAULT_STEPS:
        return ranked[:limit]
    if not has_goals:
        # Without goals, staying on in the work or a role for longer than ``near_years`` is a
        # step only when it earns a credential: "Lead, supervise or manage for 4 more years
        # (opens Director ...)" to a supervisor only repeats the path's line (fortieth
        # review). Counted, not shown.
        return [s for s in ranked if not (
            s.kind in ("role", "experience") and s.years is not None and s.years > near + 1e-9
            and not credentials.intersection(s.opens))][:limit]  # fmt: skip
    # The goals' steps first; room left goes to a question whose answer may change the
    # advice, and to what opens a credential ``beside_goals`` names: its exam when it may be
    # sat now, other steps when they are done within ``near_years`` (a lead technician's year
    # more leading, then the CHTM). Other experience, roles and training towards targets the
    # person did not choose are counted, not shown: a director strikes "Gain 2 more years
    # (opens HTM Consultant)" from a plan for a supervisor's post.
    # A step other than an exam works on something only when a goal asks it too: a year more
    # leading is a step beside a supervisor's goal, not beside Healthcare IT (twenty-ninth).
    goal_steps = [s for s in ranked if s.for_goal]
    others = [s for s in ranked if not s.for_goal and (
        s.kind == "confirm" or (bool(beside.intersection(s.opens)) and s.years is not None and (
            s.years <= SIT_NOW_YEARS if s.kind == "exam"
            else s.years <= near + 1e-9 and s.field in goal_fields))
    )]  # fmt: skip
    return [*goal_steps, *others][:limit]


def rank_steps(
    kb: KnowledgeBase,
    model: AdviceModel,
    planner: Planner,
    values: Mapping[str, Any],
    outcomes: Sequence[Outcome],
    plans: Mapping[str, Plan],
    goals: Sequence[str],
    unknown: Sequence[str] = (),
    following: Sequence[str] = (),
    at_most: Mapping[str, Plan] | None = None,
) -> list[NextStep]:
    """Every relevant step, best first (the module docstring gives the order).

    ``at_most`` are plans of credentials that wait on facts not given, read as none: they
    say whether the person is past an entry credential, and make no steps.

    ``following`` are the aims of ``goals`` that come next after an open goal (``advice:
    next_after``): their steps rank after the steps of the person's own goals (a manager's
    budgeting after the CHTM's years of leading; twenty-second review)."""
    goal_set = set(goals)
    own_goals = goal_set.difference(following)
    not_given = set(unknown)
    unsure_exams = {o.id for o in outcomes
                    if o.status == "needs_info" and o.id in kb.certifications}  # fmt: skip
    # The technician's entry credential (``beside_goals`` and ``entry``: the CBET) is worth
    # its whole plan, degree and all, to someone without goals.
    entry_core = set() if goal_set else model.beside_goals & model.entry.keys()
    steps: dict[tuple[str, str, str], _Step] = {}

    def add(
        action: Action, target: str, plan_years: float, alone: bool, last: bool = True,
        delayed: bool = False, sure: bool = False,
    ) -> None:
        # Sitting an exam is one step whatever its wording; other actions are the same step
        # when they read the same (a degree in another field is another step).
        # Taking on a role is one step whatever the years: the soonest it opens is shown.
        key = (
            action.kind,
            action.field,
            str(action.value) if action.kind == "exam" else
            "" if action.kind == "role" else action.text,
        )
        if not sure and (action.field in not_given
                         or any(also in not_given for also, _ in action.also)):
            return  # the record does not say: confirm it first, never "acquire" it
        step = steps.get(key)
        # (Sitting a goal's own exam is a goal's step, whichever plan it came in: the
        # CBET's, sat on a laboratory specialist's way, is no step "beside the goals".)
        goal = target in goal_set or (action.kind == "exam" and str(action.value) in goal_set)
        if step is None:
            step = steps[key] = _Step(action, action.done, plan_years, goal, goal_action=goal)
        elif action.kind == "role" and step.goal_action and last and (
            goal or target in model.beside_goals
        ) and abs(action.start - step.action.start) < 1e-9 and (
            abs(action.done - step.years) > 1e-9
        ):
            # The same role for two spans, a goal's the one shown: one step, the longer, with
            # what the shorter opens on the way ("in 1 year: BMET Supervisor; done in 2
            # years; opens CHTM"; a CHTM a year into a director's four; twenty-first review).
            if goal and action.done > step.years:
                step.milestones.append((step.years, list(step.opens)))
                step.action, step.years, step.opens = action, action.done, []
            else:
                step.milestones.append((action.done, [target]))
                alone = last = False  # (on the way, not at the step's end)
            step.nearest = min(step.nearest, plan_years)
        else:
            # A step is worded, timed and credited from ONE plan's action: a goal's plan's
            # first, else the soonest ("for 1 more year"). What another plan's action of
            # other length would open is not credited to it (a PE's 4 years of practice
            # open nothing for someone without an engineering degree).
            if (goal and not step.goal_action) or (
                goal == step.goal_action and action.done < step.years - 1e-9
            ):
                if action.kind == "role" and action.done > step.years + 1e-9 and abs(
                    action.start - step.action.start
                ) < 1e-9:  # a credential worth saying, opened on the goal's way
                    step.milestones.append((step.years, [
                        t for t in step.opens if t in model.beside_goals]))
                step.action = action
                step.years = action.done
                # what an action as long opened stays credited; longer stints' do not
                step.opens = [t for t in step.opens if abs(step.opened[t] - action.done) < 1e-9]
                step.goal_action = step.goal_action or goal
            elif abs(action.done - step.years) > 1e-9:
                alone = goal = False
            # A goal's step ranks by the goals' plans, not by a nearer plan it also serves
            # (a PE's engineering practice would put it before the goal's first step).
            if target in goal_set and not step.goal:
                step.nearest = plan_years
            elif target in goal_set or not step.goal:
                step.nearest = min(step.nearest, plan_years)
            step.goal = step.goal or target in goal_set
        if target not in step.towards:
            step.towards.append(target)
        # Credited only to the one action that finishes the plan: of two that end together
        # (training while the last months of leading run), neither is all the plan needs.
        credited = goal or target in entry_core  # (the entry credential's plan is shown whole)
        if (alone or (credited and last and target in action.opens)) and target not in step.opens:
            step.opens.append(target)
            step.opened[target] = action.done
        step.delayed = step.delayed or delayed
        if target in kb.certifications or action.kind == "exam":
            step.credential = True
        if action.kind == "exam" and str(action.value) not in step.opens:
            step.opens.insert(0, str(action.value))  # sitting it opens the credential itself
            step.opened[str(action.value)] = action.done

    for out in outcomes:
        if out.status == "eligible" and out.id in kb.certifications:
            advised = kb.certifications[out.id].advised
            chosen = out.id in goal_set  # the person's own goal: no relevance filter on it
            if not advised or not (chosen or relevant_exam(
                model, out.id, values, (), {**(at_most or {}), **plans}
            )):
                continue
            first = specialty_first(planner, out, values, not_given) if chosen else None
            for action in first.actions if first is not None else ():
                # (readies the person for the exam; it opens nothing, the exam is open)
                add(action, out.id, action.done, False, False, sure=True)
            sit = planner.sitting(out.id, 0.0)
            lapsed = out.id in (values.get("former_certifications") or ())
            # Open whether or not it is held (certifications not given): sit it unless held.
            unsure = "certifications" in not_given
            exam = _exam(planner, out.id, sit, lapsed, unsure,
                         _specialty_ask(kb, model, out.id, not_given) if chosen else None)
            if first is not None and first.exam is not None:
                # (its words as the exam's own: "again", "unless you hold it already")
                worded = _sit_words(out.id, lapsed, unsure) + first.exam.text.partition(" exam")[2]
                exam, sit = replace(first.exam, text=worded), first.exam.done
            add(exam, out.id, sit, True, sure=True)
    for plan in plans.values():
        if plan.years is None or not plan.actions:
            continue
        if plan.kind == "certification":
            target = kb.certifications.get(plan.target)
            if target is None or not target.advised:
                continue
            # (The person's own goal: its plan's steps are advice whatever the filter says;
            # a CRES goal's years of experience "open CRES", as its plan says; s05.)
            if plan.target not in goal_set and not relevant_exam(
                model, plan.target, values, plan.actions, plans
            ):
                continue
        alone = len(plan.actions) == 1
        # (Values not given that the plan's date holds whatever they are: its steps stand.)
        open_ = not_given.difference(plan.settled)
        for i, action in enumerate(plan.actions):
            if action.kind == "exam" and not relevant_exam(
                model, str(action.value), values, plan.actions[:i], plans
            ):
                break  # the rest of this plan is not advice
            if action.field in open_ or any(f in open_ for f, _ in action.also):
                break  # nor after a step on a value not given (an exam with no way to it)
            if action.kind == "exam" and any(
                other.start < action.done - 1e-9
                and (other.field in open_ or any(f in open_ for f, _ in other.also))
                for other in plan.actions
            ):  # nor an exam sat while such a step runs (the CHTM two years into leading
                break  # that the record does not give; twenty-second review)
            if action.kind == "exam" and str(action.value) in unsure_exams and (
                plan.target not in goal_set
            ):
                # An exam that may be open now already: confirm first (nineteenth review).
                # Nor a goal's exam from another plan, dated on that plan's reading of what
                # is not given (fifty-third review: "Sit the CHTM exam (May 2027)" beside the
                # CHTM goal's own "May 2030").
                break
            last = all(
                other.done < action.done - 1e-9
                for j, other in enumerate(plan.actions) if j != i
            )  # fmt: skip
            # A role that waits (for a degree, or for the experience it needs first) is no
            # step without a goal; one that carries on straight from another role is.
            delayed = action.kind == "role" and action.start > 0 and not any(
                other.kind == "role" and abs(other.done - action.start) < 1e-9
                for other in plan.actions
            )
            add(action, plan.target, plan.years, alone, last, delayed,
                sure=bool(plan.settled) and action.field not in open_)
    # A step is advice when it leads to a goal, opens something by itself, or is on the way
    # to a certification; a lone piece of a long plan for a path is not.
    kept = [s for s in steps.values() if s.goal or s.opens or s.credential]
    # Towards what comes after an open goal only (``next_after``), years of waiting or of a
    # role are a step only when soon: "Lead ... for 4 more years (opens Director)" to a
    # supervisor whose goals are open is that path's "in 4 years" (twenty-seventh review).
    if following:
        soon = near_years(kb) + 1e-9
        kept = [s for s in kept if not (
            s.action.kind in ("role", "experience") and s.years > soon
            and not own_goals.intersection(s.towards) and set(s.towards) & set(following)
        )]  # fmt: skip
    if model.skip_without_goals:
        # Nobody is sent to train for, or rotate into, a path they did not choose: steps
        # towards none of the person's goals are filtered as if they had none.
        skip = model.skip_without_goals
        ladder = {
            c for c, t in kb.certifications.items() if t.advised and not t.outside
        }  # the HTM credentials (an engineer's FE or PE is an outside one)
        open_now = {o.id for o in outcomes if o.status == "eligible"}
        # The first ``entry_horizon`` years of work: the FE is taken near graduation (NCEES).
        early = float(values.get(model.experience or "") or 0) <= model.entry_horizon
        def held(step: _Step) -> bool:  # a role the person is in: keeping on is no rotation
            return step.action.kind == "role" and in_role_now(model, step.action.field, values)

        near = near_years(kb)

        def waiting(step: _Step) -> bool:
            # Years of waiting are a step when they earn a credential (4 years: the CBET) or
            # are soon; "gain 6 more years" towards a path is that path's "in 6 years".
            return step.action.kind == "experience" and (
                step.years <= near + 1e-9 or any(t in kb.certifications for t in step.opens)
            )

        kept = [
            s for s in kept
            if s.goal
            or waiting(s)
            or (s.action.kind == "study" and any(t in entry_core for t in s.towards))
            or (s.action.kind == "exam" and s.action.value in open_now  # relevant, sit now
                # an outside credential (the FE) near graduation only, else for a goal
                and (not kb.certifications[str(s.action.value)].outside or early))
            or (held(s) and s.action.start <= 0 and bool(s.opens)
                and s.action.field not in skip)  # a manager one year from director
            or (
                s.action.kind != "experience"  # waiting is a step only as ``waiting`` says
                and not (s.action.kind in skip or (s.action.field in skip and not held(s)))
                # Nobody is sent into a role they are not in now for a target they did not
                # choose (lead duties towards a supervisor path or the CHTM).
                and not (s.action.kind == "role" and not held(s))
                and not s.delayed  # a role once a degree or experience is there
                and any(t in ladder for t in s.towards)
            )
        ]  # (a degree, or an outside credential, is advice on the way to a goal)
    ranked = sorted(
        kept,
        key=lambda s: (
            not s.goal, not own_goals.intersection(s.towards), s.nearest, s.years,
            -len(s.opens), -len(s.towards), s.action.text,
        ),
    )  # fmt: skip
    ranked = _without_implied_experience(ranked)
    if not goal_set and not ranked:
        ranked = sorted(_core_fallback(model, plans, steps.values()),
                        key=lambda s: (s.years, s.action.text))  # fmt: skip
    return [
        NextStep(
            s.action.text,
            tuple(s.opens),
            round(s.years, 2),
            s.action.kind in ("experience", "role"),
            towards=tuple(s.towards),
            kind=s.action.kind,
            for_goal=s.goal,
            rule=s.action.rule,
            source=s.action.source,
            on_the_way=tuple(sorted((round(y, 2), tuple(t)) for y, t in s.milestones if t)),
            field=s.action.field,
        )
        for s in ranked
    ]


def _core_fallback(
    model: AdviceModel, plans: Mapping[str, Plan], steps: Iterable[_Step]
) -> list[_Step]:
    """For someone without goals whom the filter leaves with no step at all: the steps of
    the nearest plan to an entry credential worth saying whatever the goal (``beside_goals``
    and ``entry``: a BMET I with a certificate is told how the CBET is reached, degree and
    all, rather than nothing; a certified specialist is not sent towards the CHTM)."""
    core = [
        p for p in plans.values()
        if p.kind == "certification" and p.target in model.beside_goals
        and p.target in model.entry and p.years is not None
        and p.actions
    ]  # fmt: skip
    nearest = min(core, key=lambda p: (p.years or 0.0, len(p.actions)), default=None)
    if nearest is None:
        return []
    out = [s for s in steps if nearest.target in s.towards]
    # Work goes on anyway: the years that accrue beside the plan's real step are no step.
    acting = [s for s in out if s.action.kind != "experience"] or out
    for step in acting:
        if abs(step.years - (nearest.years or 0.0)) < 1e-9 and nearest.target not in step.opens:
            step.opens.insert(0, nearest.target)  # it finishes the plan
    return acting


def _without_implied_experience(ranked: list[_Step]) -> list[_Step]:
    """Role years count as experience: a step "gain N more years of experience" that a step
    in a role, starting now and at least N years long, already gives is not a step of its
    own (what it leads towards is added to the role's, which takes the better place). Nor is
    a longer stint of the same experience that opens nothing by itself: it is the earlier
    step, kept up. Nor a shorter one ranked after a longer: it is a milestone on the way
    ("in 1.5 years: Field Service Engineer" within "gain 3.5 more years"). Nor a role whose
    years another role step, starting now and as long, also gives (clinical engineering is
    engineering practice)."""
    out: list[_Step] = []
    merged: set[int] = set()  # (role steps another role step gives: never each other's)
    for step in ranked:
        if step.action.kind == "experience" and not step.opens and not step.goal:
            # Waiting that opens nothing by itself is no step ("gain 6.3 more years" after
            # "gain 3.3 more years (opens CBET)", or alone): what it leads towards is what
            # the other steps lead towards.
            same = next((e for e in out if e.action.kind == "experience"
                         and e.action.field == step.action.field), None)  # fmt: skip
            if same is not None:
                same.towards += [t for t in step.towards if t not in same.towards]
            continue
        if step.action.kind == "experience":
            role = next((
                r for r in ranked
                if r.action.kind == "role" and r.action.start <= 1e-9
                and r.action.done - r.action.start >= step.years - 1e-9
            ), None)  # fmt: skip
            if role is not None:
                role.towards[:] = dict.fromkeys((*role.towards, *step.opens, *step.towards))
                if abs(role.years - step.years) < 1e-9:  # done together: opens it too
                    role.opens += [t for t in step.opens if t not in role.opens]
                elif step.opens:  # done sooner: what it opens is on the role's way, and a
                    # goal's step stays a goal's (forty-third review: "in 1 year: BMET
                    # Supervisor" was lost inside "Lead ... for 2 more years (opens CHTM)")
                    role.milestones.append((step.years, [
                        t for t in step.opens if t not in role.opens]))
                role.goal = role.goal or step.goal
                if role not in out:
                    out.append(role)
                continue
            longer = next((e for e in out if e.action.kind == "experience"
                           and e.action.field == step.action.field
                           and e.years > step.years + 1e-9), None)  # fmt: skip
            if longer is not None and not (step.goal and not longer.goal):
                longer.milestones.append((step.years, [
                    t for t in step.opens if t not in longer.opens]))
                longer.towards += [t for t in step.towards if t not in longer.towards]
                continue
            # A longer one ranked after a shorter: the same stint, in the shorter's place,
            # the shorter's end a milestone (no "Gain 1.2 more years" then "Gain 3.2 more
            # years" as two steps; thirty-first review).
            shorter = next((i for i, e in enumerate(out) if e.action.kind == "experience"
                            and e.action.field == step.action.field
                            and e.years < step.years - 1e-9), None)  # fmt: skip
            if shorter is not None and not (out[shorter].goal and not step.goal):
                earlier = out[shorter]
                step.milestones += [(earlier.years, [
                    t for t in earlier.opens if t not in step.opens]), *earlier.milestones]
                step.towards[:] = dict.fromkeys((*step.towards, *earlier.towards))
                out[shorter] = step
                continue
        if step.action.kind == "role" and step.action.start <= 1e-9:
            # Practice another role step, starting now and as long, already gives (two
            # more years of clinical engineering are two of engineering practice): one step,
            # opening both (forty-fourth review: "Keep practising clinical engineering for 2
            # more years" and "Keep up engineering practice ... for 2 more years" as two).
            wider = next((
                r for r in ranked
                if r is not step and id(r) not in merged
                and r.action.kind == "role" and r.action.start <= 1e-9
                and r.years >= step.years - 1e-9
                and float(dict(r.action.also).get(step.action.field, -1.0))
                >= float(step.action.value) - 1e-9
            ), None)  # fmt: skip
            if wider is not None:
                wider.towards[:] = dict.fromkeys((*wider.towards, *step.opens, *step.towards))
                if abs(wider.years - step.years) < 1e-9:
                    wider.opens += [t for t in step.opens if t not in wider.opens]
                elif step.opens:
                    wider.milestones.append((step.years, [
                        t for t in step.opens if t not in wider.opens]))
                wider.goal = wider.goal or step.goal
                merged.add(id(step))
                if wider not in out:
                    out.append(wider)
                continue
        if step not in out:
            out.append(step)
    return out


def _sit_words(cert: str, lapsed: bool, unsure: bool) -> str:
    return (f"Sit the {cert} exam again (yours lapsed)" if lapsed else
            f"Sit the {cert} exam, unless you hold it already" if unsure else
            f"Sit the {cert} exam")  # fmt: skip


def _specialty_ask(
    kb: KnowledgeBase, model: AdviceModel, cert: str, not_given: Collection[str]
) -> str | None:
    """"Confirm the years on imaging equipment: with at least 1": the specialty's years a
    chosen specialty exam waits for, when the record does not give them (thirtieth review:
    read as none, they sent a CRES-eligible HR record to work on imaging for a year)."""
    name, least = model.specialty.get(cert), model.specialty_years.get(cert)
    if name is None or not least or name not in not_given or name not in kb.fields:
        return None
    return f"Confirm the {kb.fields[name].noun}: with at least {least:g}"


def _exam(
    planner: Planner, cert: str, when: float, lapsed: bool = False, unsure: bool = False,
    ask: str | None = None,
) -> Action:
    """The action of sitting an exam the person may sit now; ``lapsed``: held before and
    lapsed, so sat again (a lapsed certification is earned anew, not renewed); ``unsure``:
    the record does not say which certifications are held; ``ask``: a question its sitting
    waits on ("Confirm the years on imaging equipment: with at least 1")."""
    model = planner.model
    sit = _sit_words(cert, lapsed, unsure)
    now = "eligible now "
    if ask:  # "Confirm ...: with at least 1, sit the CRES exam (testing window May 2027)"
        sit, now = f"{ask}, {sit[:1].lower()}{sit[1:]}", ""
    if cert in model.windowed and model.windows:
        text = f"{sit}{':' if now else ''} {now}(testing window {planner.date_of(when)})"
        source = model.exam_source
    else:
        text = f"{sit}{':' if now else ''} {now}({model.exam_how.get(cert, 'any time')})"
        source = None
    return Action("exam", text, "certifications", cert, when, when, None, source, (cert,))
