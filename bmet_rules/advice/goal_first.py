"""The steps a goal puts first: the questions it waits on, and applying for a role it opens.

A goal that turns on a fact the record does not give starts with confirming it, said with what a
good answer opens (checked by evaluation); a goal path open now, or one held by being hired into
its role, starts with applying for it. :mod:`.steps` ranks these before the plans' actions.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from ..evaluator import holds
from ..fields import FieldType
from ..knowledge import CompiledRule, KnowledgeBase
from ..results import NextStep, Outcome
from ..unknowns import confirm_message
from .confirm_first import OpensWith, ask_words
from .confirming import if_confirmed, least_to_open, most_parts
from .model import AdviceModel, in_role_now
from .plans import Plan, years_text

NEEDS_INFO = "needs_info"


def goal_first_steps(
    kb: KnowledgeBase, outcomes: Sequence[Outcome], goals: Sequence[str],
    model: AdviceModel, values: Mapping[str, Any], goal_plans: Sequence[Plan],
    opens_with: OpensWith | None = None, unknown: Sequence[str] = (),
) -> list[NextStep]:  # fmt: skip
    """For each goal that turns on a fact to confirm: confirm it first; for each path goal
    already open, and each open path whose role a goal's plan practises in (``in_role``:
    the CCE's clinical-engineering years for a bench technician with an engineering degree):
    apply for such roles now, unless the person works in one already. With ``opens_with``, a
    field of words that goals wait on alone is asked with the answers that open each."""
    out: list[NextStep] = []
    asked: dict[str, int] = {}  # one question, whichever goals it serves: its index in out
    alone_on: dict[str, list[str]] = {}  # the goals each question alone decides
    plan_of = {p.target: p for p in goal_plans}
    sooner = {p.target: p.if_yes for p in goal_plans if p.if_yes is not None}
    for o in outcomes:
        undated = o.status == "not_eligible" and o.eta_years is None
        if o.id in goals and (o.status == NEEDS_INFO or undated):
            for gap in o.gaps:
                if undated and gap.field.startswith("certification."):
                    continue  # "a CHTM that needs information": its own questions are asked
                if gap.kind in ("unknown", "ruling"):
                    action = gap.message if gap.kind == "unknown" else (
                        f"Ask {gap.message.split(' decides ')[0]}: it decides "
                        f"{gap.message.split(' decides ', 1)[-1]}"
                    )
                    spec = kb.fields.get(gap.field)
                    yes = sooner.get(o.id)
                    alone = sum(g.kind in ("unknown", "ruling") for g in o.gaps) == 1
                    yes_alone = not alone and opens_with is not None and spec is not None \
                        and gap.kind == "unknown" and _yes_opens(spec, gap, o.id, opens_with)
                    if yes_alone:
                        # One of several questions, a yes to which alone opens it now.
                        action = f"{_asked_as(action)}: if yes, {_named(kb, o)} opens now"
                    elif yes is not None and yes.years is not None and alone:
                        # What a yes changes, as the goal's block says it ("if yes, ...").
                        timing = "now" if yes.years <= 0 else f"in {years_text(yes.years)}"
                        words = spec is not None and spec.type in (FieldType.CHOICE,
                                                                   FieldType.ORDERED)
                        # (a field of words has no "yes": the route says what fits)
                        answer = f"if it fits {yes.route}" if words else "if yes"
                        action = f"{_asked_as(action)}: {answer}, {_named(kb, o)} opens {timing}"
                    elif spec is not None and spec.type is FieldType.NUMBER and (
                        enough := _enough(kb, o, plan_of.get(o.id), spec.noun, unknown)
                    ):
                        # Years to confirm: as many as the goal's block says open it.
                        action = enough
                    # Recent supervision is read from supervision: the same question.
                    topic = gap.message if gap.kind == "ruling" else (
                        (spec.absent_reads if spec is not None else None) or gap.field
                    )
                    if spec is not None and spec.type in (FieldType.CHOICE, FieldType.ORDERED):
                        alone_on.setdefault(topic, []).append(o.id)  # (what an answer opens)
                    if topic in asked:
                        i = asked[topic]
                        kept = out[i]
                        longer = action if len(action) > len(kept.action) else kept.action
                        out[i] = replace(kept, action=longer,
                                         towards=(*kept.towards, o.id))  # fmt: skip
                        continue
                    asked[topic] = len(out)
                    out.append(NextStep(
                        action, (), 0.0, False, towards=(o.id,), kind="confirm",
                        for_goal=True, rule=gap.rule, source=gap.source,
                    ))  # fmt: skip
    # A goal a route opens once the degree and its field are as it asks: one question for
    # both, naming that route ("Confirm the degree" and "Confirm the degree field" said
    # nothing of what opens it; twenty-fourth review).
    dropped: set[int] = set()
    for plan in goal_plans:
        merged = _words_together(kb, plan, outcomes, asked)
        if merged is not None:
            first, others, together = merged
            out[first] = replace(out[first], action=together)
            dropped.update(i for i in others if set(out[i].towards) <= set(out[first].towards))
    for topic, decided in alone_on.items():
        # (Every goal it opens, by every answer that does: "if it fits <one route>" left an
        # electronics associate's CRES out; twenty-second review.)
        text = ask_words(kb, topic, decided, opens_with) if (
            opens_with is not None and topic in kb.fields
        ) else None
        if text is not None and asked[topic] not in dropped:
            out[asked[topic]] = replace(out[asked[topic]], action=text)
    out = [step for i, step in enumerate(out) if i not in dropped]
    # A question that says what its answer opens comes before one that cannot alone (the
    # years that open the CHTM now before its degree field; thirty-first review).
    out.sort(key=lambda step: step.action.endswith("(not given)"))
    practised = {
        action.field: plan.target for plan in goal_plans for action in plan.actions
        if action.kind == "role"
    }  # fmt: skip
    for o in outcomes:
        field = model.in_role.get(o.id)
        if field is not None and in_role_now(model, field, values):
            continue  # already in the role: what comes next (``next_after``) leads
        towards = (o.id,) if o.id in goals else (
            (o.id, practised[field]) if field in practised else ()
        )
        if towards and o.id in kb.paths and o.status == "eligible":
            rule = _applying_by(kb, o, values)
            if rule is None:
                continue  # at the level the path leads to already: nothing to apply for
            out.append(NextStep(
                f"Apply for {o.title} roles: you qualify now "
                f"({rule.rule.then.route or rule.rule.title})" + _lapsed_first(kb, o, values),
                (o.id,), 0.0, False, towards=towards, kind="apply", for_goal=True,
                rule=rule.id, source=rule.rule.source,
            ))  # fmt: skip
    return out


def _applying_by(
    kb: KnowledgeBase, path: Outcome, values: Mapping[str, Any]
) -> CompiledRule | None:
    """The route an application for ``path`` rests on: the one it is open by, unless that
    route only reads the level ("already an HTM Supervisor"; a circular reason to apply,
    forty-second review): then another route that holds, or none (the person is there)."""
    rule = kb.by_id.get(path.route_rule or "")
    if rule is None or rule.fields() != {"level"}:
        return rule
    return next((r for r in kb.routes.get(f"path.{path.id}", ())
                 if r.fields() != {"level"} and holds(r.when, values, kb.fields)), None)


def _lapsed_first(kb: KnowledgeBase, path: Outcome, values: Mapping[str, Any]) -> str:
    """"; your CRES lapsed: sit it again to hold it": a path open on a credential the
    person is only eligible for, having let it lapse (thirty-fifth review: a returner a
    decade out was told to apply for imaging posts before re-sitting the CRES)."""
    rule = kb.by_id.get(path.route_rule or "")
    former = values.get("former_certifications") or ()
    lapsed = [c for c in former if rule is not None and f"certification.{c}" in rule.fields()
              and values.get(f"certification.{c}") == "eligible"]  # fmt: skip
    if not lapsed:
        return ""
    them = "it" if len(lapsed) == 1 else "them"
    return f"; your {' and '.join(lapsed)} lapsed: sit {them} again to hold {them}"


def _enough(
    kb: KnowledgeBase, goal: Outcome, plan: Plan | None, noun: str, unknown: Sequence[str]
) -> str | None:
    """"Confirm the years ...: if the years of clinical engineering practice are at least 3
    and ..., CCE opens now": a question on years not given, with the years the goal's block
    names (``None`` when the block names no years of this one; twenty-fifth review: the
    question said nothing of what opens the goal)."""
    if plan is None:
        return None
    most = _at_most(kb, goal, plan, noun)
    if most is not None and plan.if_most is not None and (plan.if_most.years or 0.0) > 0:
        return most  # (more than the record allows would open it now: what its most gives)
    said = if_confirmed(goal, plan, kb, unknown)
    if said is None and (least := least_to_open(goal, plan, kb)) is not None:
        said = f"If {least}: open now"  # (the route a yes opens it by asks the years)
    if said is None or f"the {noun} " not in said:
        return most
    condition = said.removeprefix("If ").split(": ", 1)[0]
    asked = next((g.message for g in goal.gaps if g.kind == "unknown" and noun in g.message), "")
    named = _named(kb, goal)
    alone = condition.removeprefix(f"the {noun} are ")
    if alone != condition and " and " not in alone:  # the question's own years: "with ..."
        condition = f"with {alone}"
    else:
        condition = f"if {condition}"
    return f"{_asked_as(asked)}: {condition}, {named} opens now" if asked else None


def _at_most(kb: KnowledgeBase, goal: Outcome, plan: Plan, noun: str) -> str | None:
    """"Confirm the years ...: if 2, CHTM in 1 year, not 3 years" (``Plan.if_most``)."""
    if plan.if_most is None or plan.if_most.years is None or plan.years is None:
        return None
    asked = next((g.message for g in goal.gaps if g.kind == "unknown" and noun in g.message), "")
    answer = next((v + all_of for f, v, all_of, _ in most_parts(plan, kb)
                   if kb.fields[f].noun == noun), None)  # fmt: skip
    if not asked or answer is None:
        return None
    soon = plan.if_most.years
    timing = "opens now" if soon <= 0 else \
        f"in {years_text(soon)}, not {years_text(plan.years)}"  # fmt: skip
    lead = "with" if plan.most_least else "if"  # ("with at least 1", "if 2")
    return f"{_asked_as(asked)}: {lead} {answer}, {_named(kb, goal)} {timing}"


def _words_together(
    kb: KnowledgeBase, plan: Plan, outcomes: Sequence[Outcome], asked: Mapping[str, int]
) -> tuple[int, list[int], str] | None:
    """For a goal waiting on several fields of words (the degree and its field) that a route
    its yes reading names opens now with all of them as it asks: the index of the first
    question asked, those of the others, and the one question's words."""
    goal = next((o for o in outcomes if o.id == plan.target), None)
    if goal is None or plan.if_yes is None:
        return None
    words = list(dict.fromkeys(
        g.field for g in goal.gaps if g.kind == "unknown" and g.field in kb.fields
        and kb.fields[g.field].type in (FieldType.CHOICE, FieldType.ORDERED)
    ))  # fmt: skip
    topics = [kb.fields[w].absent_reads or w for w in words]
    if len(words) < 2 or not all(t in asked for t in topics):
        return None
    for yes in (plan.if_yes, *plan.if_yes_also):
        rule = kb.by_id.get(yes.route_rule or "")
        if rule is None or yes.years is None or yes.years > 0 or not set(words) <= rule.fields():
            continue
        nouns = " and ".join(kb.fields[w].noun for w in words)
        named = _named(kb, goal)
        text = (f"Confirm the {nouns}: if they are as this route asks ({yes.route}), "
                f"{named} opens now")
        return asked[topics[0]], [asked[t] for t in topics[1:]], text
    return None


def _asked_as(question: str) -> str:
    """"Confirm whether ... (not given)" as the head of a step that says what an answer opens."""
    return question.removesuffix(" (not given)").removesuffix(": yes or no")


def _named(kb: KnowledgeBase, goal: Outcome) -> str:
    """A goal as a step names it: a certification by its id ("CBET"), a path by its title."""
    return goal.id if goal.id in kb.certifications else goal.title


def _yes_opens(spec: Any, gap: Any, target: str, opens_with: OpensWith) -> bool:
    """Whether a yes to a yes/no or list question alone opens ``target`` now (the rest of the
    record as it is): one of a goal's several questions may be the only one that matters."""
    yes: Any
    no: Any
    if spec.type is FieldType.BOOLEAN:
        yes, no = True, False
    elif spec.type is FieldType.LIST:
        yes, no = tuple(v for v in gap.wanted if v != target), ()
        if not yes:
            return False
    else:
        return False
    # (a no that opens it too: the question is not what decides)
    return opens_with(target, {spec.name: yes}) and not opens_with(target, {spec.name: no})


def plan_confirms(
    kb: KnowledgeBase, goals: Sequence[str], plans: Mapping[str, Plan],
    unknown: Sequence[str], asked: Sequence[NextStep],
) -> list[NextStep]:  # fmt: skip
    """"Confirm ..." for each fact not given that a goal's plan acts on (read as none to make
    it: "Take on lead duties for 3 years" when the years as a supervisor are not given), unless
    asked already: the plan is only as good as that reading."""
    out: list[NextStep] = []
    said = {s.action for s in asked}
    topics: dict[str, int] = {}
    for goal in goals:
        plan = plans.get(f"path.{goal}") or plans.get(f"certification.{goal}")
        if plan is None:
            continue
        keys: dict[str, list[Any]] = {}
        for action in plan.actions:
            if action.field in unknown and action.field in kb.fields:
                keys.setdefault(action.field, [])
                if action.kind in ("training", "exam"):  # the one it acts on, by name
                    keys[action.field].append(action.value)
        for name, wanted in keys.items():
            spec = kb.fields[name]
            topic = spec.absent_reads or name
            text = confirm_message(spec, wanted)
            if text in said:
                continue
            if topic in topics:
                i = topics[topic]
                out[i] = replace(out[i], towards=tuple(dict.fromkeys((*out[i].towards, goal))))
                continue
            if any(s.kind == "confirm" and spec.noun in s.action for s in asked):
                continue  # its question is asked already (towards another goal)
            topics[topic] = len(out)
            out.append(NextStep(text, (), 0.0, False, towards=(goal,), kind="confirm",
                                for_goal=True))  # fmt: skip
    return out
