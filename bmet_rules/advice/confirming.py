"""What confirming a fact not given would change, for a goal that waits on it.

A goal whose status or date turns on values the record does not give is shown with the
questions to ask and the plan that reads those values as none. A counsellor also says what a
good answer changes, or the person cannot tell a formality from a long road:

* every question a yes can answer (a ruling, a yes/no such as willingness to travel, whether
  a list such as the skills includes something) and nothing else missing on the goal's route:
  "If the answers are yes: open now, by ROUTE";
* a plan whose every action is years in a role or experience on values not given (years as a
  supervisor, read as 0): "If the years as a supervisor or manager are at least 1: open now,
  by ROUTE" (for a certification: "may sit the exam now").

Only sentences are made here (no layout), so ``explain`` and ``plan`` word it the same way.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from ..conditions import Any_, walk
from ..fields import FieldType
from ..knowledge import CompiledRule, KnowledgeBase
from ..results import Gap, Outcome
from ..wording import joined
from .model import advice_model
from .plans import Plan, years_text

#: Gap kinds that ask a question rather than name something to do.
ASKING = ("unknown", "ruling")
#: Field types a "yes" answers: a yes/no, or whether a list includes the values asked about.
_YES_TYPES = (FieldType.BOOLEAN, FieldType.LIST)


def if_yes(
    goal: Outcome, kb: KnowledgeBase, outcomes: Mapping[str, Outcome] | None = None
) -> str | None:
    """"If the answer is yes: open now, by ROUTE [RULE]", when a yes to every question opens
    ``goal`` by its route (the outcome's gaps are the questions only, or prerequisites that
    wait on such questions themselves: a laboratory specialist's CBET that ACI's ruling on the
    degree opens)."""
    if goal.status != "needs_info" or not goal.route or not goal.gaps:
        return None
    if not all(_yes_answers(gap, kb, outcomes or {}) for gap in goal.gaps):
        return None  # a number to confirm has no "yes"; other gaps need a plan
    return f"If {_answers_yes(goal, kb)}: open now, by {goal.route} [{goal.route_rule}]"


def _answers_yes(goal: Outcome, kb: KnowledgeBase, route_rule: str | None = None) -> str:
    """"the answer is yes", "the answers are yes", or "either answer is yes" when each
    question alone may open the route (:func:`_each_alone`)."""
    questions = [g for g in goal.gaps if g.kind in ASKING]  # (a prerequisite's are these)
    if len(questions) <= 1:
        return "the answer is yes"
    rule = kb.by_id.get(route_rule or goal.route_rule or "")
    if rule is not None and _each_alone(rule, questions):
        return "either answer is yes" if len(questions) == 2 else "any answer is yes"
    return "the answers are yes"


def _yes_answers(
    gap: Gap, kb: KnowledgeBase, outcomes: Mapping[str, Outcome], depth: int = 0
) -> bool:
    """Whether a yes closes the gap: a ruling, a yes/no or list question, or a prerequisite
    that waits only on such questions itself."""
    if gap.kind == "ruling":
        return True
    if gap.kind == "unknown":
        spec = kb.fields.get(gap.field)
        return spec is not None and spec.type in _YES_TYPES
    if gap.kind != "prerequisite" or depth > 3:
        return False
    pre = outcomes.get(gap.field.partition(".")[2])
    return (
        pre is not None and pre.status == "needs_info" and bool(pre.gaps)
        and all(_yes_answers(g, kb, outcomes, depth + 1) for g in pre.gaps)
    )  # fmt: skip


def if_confirmed(goal: Outcome, plan: Plan, kb: KnowledgeBase,
                 unknown: Collection[str]) -> str | None:  # fmt: skip
    """"If the NOUN are at least N: open now, by ROUTE [RULE]", when every action of the
    plan (read with what is not given as none) is years on a value not given."""
    if not plan.actions or plan.years is None or plan.route is None:
        return None
    needs: dict[str, float] = {}
    rule = kb.by_id.get(plan.route_rule or "")
    asked = {t.field for t in walk(rule.nnf)} if rule is not None else set()
    # The general experience a route does not ask for is the plan's own wait (leading from
    # year 4), no condition of the route's: "at least 4 years of experience" was said of the
    # CHTM's route 1, which asks none (twenty-sixth review).
    waits = advice_model(kb).experience
    waits = waits if waits not in asked else None
    for action in plan.actions:
        if action.kind not in ("role", "experience"):
            return None
        if action.field == waits:
            continue
        if action.start > 1e-9 and advice_model(kb).experience not in unknown:
            # (A role once the years of experience given are more: the years to confirm
            # alone do not open it now; fifty-first review. Years of experience not given
            # may be enough already: the plan's own wait, no condition; twenty-sixth.)
            return None
        # A given field the route does not ask about only grows with the role (the total
        # years leading, while the route counts those in the last five).
        pairs = [(f, v) for f, v in [(action.field, action.value), *action.also]
                 if (f in unknown or f in asked) and f != waits]  # fmt: skip
        named = [(f, v) for f, v in pairs if f in unknown and isinstance(v, (int, float))]
        if not named or len(named) != len(pairs):
            return None
        for field, value in named:
            needs[field] = max(needs.get(field, 0.0), float(value))
    if any(kb.fields.get(f) is None for f in needs):
        return None
    # A reading taken from another field when absent (supervision in the last five years,
    # from the supervisory years) is asked with that field: one question, one condition
    # ("at least 2, 1 of them in the last five years").
    within: dict[str, str] = {}
    for field in list(needs):
        source = kb.fields[field].absent_reads
        # (only a part of the field it is read from: engineering practice, which clinical
        # engineering is part of, is a question of its own)
        if source in needs and kb.fields[field].not_above == source:
            if needs[field] >= needs[source]:  # the window bounds the whole: name it alone
                del needs[source]
                continue
            part, whole = kb.fields[field].noun, kb.fields[source].noun
            value = needs.pop(field)
            within[source] = (f", {value:g} of them{part.removeprefix(whole)}"
                              if part.startswith(whole) else f" and the {part} at least {value:g}")
    said = " and ".join(
        f"the {kb.fields[f].noun} are at least {v:g}{within.get(f, '')}"
        for f, v in needs.items()
    )
    opens = "may sit the exam now" if plan.kind == "certification" else "open now"
    return f"If {said}: {opens}, by {plan.route} [{plan.route_rule}]"


def confirming(goal: Outcome, plan: Plan, kb: KnowledgeBase, unknown: Collection[str],
               outcomes: Mapping[str, Outcome] | None = None) -> str | None:  # fmt: skip
    """What a good answer to the goal's questions changes, in one sentence (or ``None``);
    ``outcomes`` (id -> outcome) lets a prerequisite's own questions count."""
    most = if_most(plan, kb)
    if most is not None and plan.if_most is not None and (plan.if_most.years or 0.0) > 0:
        # (Years the route asks more of than the record allows: what the most it allows
        # gives, never "at least N" of them.)
        yes = if_yes(goal, kb, outcomes)
        return most if yes is None else f"{yes}; or, i{most[1:]}"
    said = if_yes(goal, kb, outcomes) or if_yes_sooner(goal, plan, kb)
    if said is None:
        numbers = _with_nearer(if_confirmed(goal, plan, kb, unknown), goal, plan, kb, unknown)
        return numbers if numbers is not None else most
    if said.startswith("If the ") and _yes_said(goal, kb) is not None:
        # A yes to a list or a yes/no opens it, and so may years to confirm, alone: both
        # ("If the certifications include CHTM: open now ...; or, if the years ... are at
        # least 1: open now ..."), each checked on its own reading.
        numbers = if_confirmed(goal, plan, kb, unknown) or most
        if numbers is not None:
            said += "; or, i" + numbers[1:]
    return said


def if_most(plan: Plan, kb: KnowledgeBase) -> str | None:
    """"If the years as a supervisor or manager in the last five years are 2 (as many as
    the years as a supervisor or manager): in 1 year, by ROUTE [RULE]" (``Plan.if_most``)."""
    soonest = plan.if_most
    if soonest is None or soonest.years is None or not soonest.route:
        return None
    timing = "open now" if soonest.years <= 0 else f"in {years_text(soonest.years)}"
    return f"If {most_said(plan, kb)}: {timing}, by {soonest.route} [{soonest.route_rule}]"


def most_said(plan: Plan, kb: KnowledgeBase) -> str:
    """"the years ... in the last five years are 2 (as many as the years as a supervisor or
    manager)": the values ``Plan.if_most`` reads, each with the given total that bounds it."""
    return " and ".join(f"the {kb.fields[f].noun} are {value}{bound}{all_of}"
                        for f, value, all_of, bound in most_parts(plan, kb))  # fmt: skip


def most_parts(plan: Plan, kb: KnowledgeBase) -> list[tuple[str, str, str, str]]:
    """Each field ``Plan.if_most`` reads at its most: its value ("3", or "at least 1" when
    ``Plan.most_least``), a window at as much as its total said with it (", all of them in
    the last five years") and the total that bounds it (" (as many as the years of ...)")."""
    parts = []
    most = dict(plan.most)
    for field, value in plan.most:
        spec = kb.fields[field]
        above = kb.fields.get(spec.not_above or "")
        if above is not None and most.get(above.name) == value:
            continue  # (said with the total it is part of: "all of them in the last five")
        bound = f" (as many as the {above.noun})" if above is not None else ""
        within = [kb.fields[f].label or "" for f, v in plan.most
                  if kb.fields[f].not_above == field and v == value]  # fmt: skip
        window = next((w.partition(" in the last ")[2] for w in within if " in the last " in w),
                      "")  # fmt: skip
        all_of = f", all of them in the last {window}" if window else ""
        if plan.most_least:  # (the least that gives as soon: a threshold, not a total)
            parts.append((field, f"at least {value:g}", "", ""))
            continue
        parts.append((field, f"{value:g}", all_of, bound))
    return parts


def _with_nearer(said: str | None, goal: Outcome, plan: Plan, kb: KnowledgeBase,
                 unknown: Collection[str]) -> str | None:  # fmt: skip
    """"If the years ... are at least 3: ...; or, if the degree field is as this route asks,
    at least 2: ..." (``Plan.if_yes_also`` on a plan without a yes reading: the routes that
    need fewer of the years not given once the degree or its field is as each asks)."""
    if said is None or plan.if_yes is not None:
        return said
    for other in plan.if_yes_also:
        alone = if_confirmed(goal, other, kb, unknown)
        if alone is None:
            continue
        condition, _, rest = alone.removeprefix("If ").partition(": ")
        said += (f"; or, if the {_nouns_read(goal, other, kb, words=True)} as this route asks "
                 f"and {condition}: ")
        said += rest
    return said


def if_yes_sooner(goal: Outcome, plan: Plan, kb: KnowledgeBase) -> str | None:
    """"If yes to completion of ...: open now, by ROUTE [RULE]" (or "in N years") from the
    plan a yes gives (``Plan.if_yes``), when the plan read with the answers as none takes
    longer: a yes may open the goal by another route than the one that plan follows. The
    questions named are those that route asks: of three questions on a goal, "if the answers
    are yes" lumped a degree (no yes/no) with the one the route turns on (eighteenth review)."""
    yes = plan.if_yes
    if yes is None or yes.years is None or not yes.route:
        return None
    rule = kb.by_id.get(yes.route_rule or "")
    read = rule.fields() if rule is not None else set()
    asked = [g for g in goal.gaps if g.kind in ASKING and g.field in read]
    timing = "open now" if yes.years <= 0 else f"in {years_text(yes.years)}"
    if not asked or any(g.field not in kb.fields for g in asked):
        # The questions are a prerequisite's (the manager's role a director's route asks):
        # name those a yes answers, never "if the answers are yes" of a number of years
        # (forty-fourth review: CHTM or a year's supervision, either of them alone).
        said = _yes_said(goal, kb) or _answers_yes(goal, kb, yes.route_rule)
        return f"If {said}: {timing}, by {yes.route} [{yes.route_rule}]"
    nouns = " and ".join(dict.fromkeys(kb.fields[g.field].noun for g in asked))
    if all(kb.fields[g.field].type in _YES_TYPES for g in asked) and plan.if_yes_also:
        # A yes to one question, or an answer to another (a degree field) that opens it too.
        others = "; ".join(
            f"or if the {_nouns_read(goal, other, kb)} as this route asks, by {other.route} "
            f"[{other.route_rule}]" for other in plan.if_yes_also
        )
        return f"If yes to {nouns}: {timing}, by {yes.route} [{yes.route_rule}]; {others}"
    if any(kb.fields[g.field].type not in _YES_TYPES for g in asked):
        # (a degree has no "yes": the route's words say what it must be)
        verb = "are" if len({g.field for g in asked}) > 1 else "is"
        least = _least_asked(rule, asked, kb) if rule is not None else None
        if least is not None and not plan.if_yes_also:
            # Years the route asks at least so many of: the number, not "as this route asks"
            # (forty-ninth review: "If the years ... in the last five years is as this route
            # asks" of a route that asks 1).
            return f"If {least}: {timing}, by {yes.route} [{yes.route_rule}]"
        if not plan.if_yes_also:
            return f"If the {nouns} {verb} as this route asks: {timing}, by {yes.route} " \
                f"[{yes.route_rule}]"
        # Every route an answer opens it by: "otherwise" below must be true for each.
        routes = "; or by ".join(f"{p.route} [{p.route_rule}]" for p in (yes, *plan.if_yes_also))
        return f"If the {nouns} {verb} as one of these routes asks: {timing}, by {routes}"
    return f"If yes to {nouns}: {timing}, by {yes.route} [{yes.route_rule}]"


def _each_alone(rule: CompiledRule, asked: Collection[Gap]) -> bool:
    """Whether each question sits in branches of the route's ``any`` of its own, so a yes to
    any one alone may open it (fifty-fifth review: "If the answers are yes" of a DoD BMET
    programme or ACI's ruling, either of which opens CBET candidate status)."""
    when = rule.when
    if not isinstance(when, Any_) or len(asked) < 2:
        return False
    def reads(branch: Any) -> set[str]:
        return {name for t in walk(branch)
                for name in (t.field, t.ruling.name if t.ruling is not None else "")}
    branches = [reads(b) for b in when.items]
    homes = [{i for i, f in enumerate(branches) if g.field in f} for g in asked]
    return all(homes) and all(not (a & b) for i, a in enumerate(homes) for b in homes[i + 1:])


def least_to_open(goal: Outcome, plan: Plan, kb: KnowledgeBase) -> str | None:
    """"the years as a supervisor ... are at least 1": the condition on the goal's questions
    that opens it now by the route its yes reading names (``Plan.if_yes``), when that route
    asks each of them a least number (``None`` otherwise)."""
    yes = plan.if_yes
    rule = kb.by_id.get(yes.route_rule or "") if yes is not None else None
    if yes is None or yes.years is None or yes.years > 0 or rule is None:
        return None
    read = rule.fields()
    asked = [g for g in goal.gaps if g.kind in ASKING and g.field in read]
    if not asked or any(g.field not in kb.fields for g in asked):
        return None
    return _least_asked(rule, asked, kb)


def _least_asked(rule: CompiledRule, asked: Collection[Gap], kb: KnowledgeBase) -> str | None:
    """"the years as a supervisor ... are at least 1": the questions on numbers ``rule``
    tests once each with a least value, and yes/no or list questions (``None`` when one is
    anything else, a degree, or a number tested more than once)."""
    parts: list[str] = []
    tests = list(walk(rule.nnf))
    for field in dict.fromkeys(g.field for g in asked):
        spec = kb.fields[field]
        if spec.type is FieldType.BOOLEAN:
            parts.append(f"yes to {spec.noun}")
            continue
        on = [t for t in tests if t.field == field]
        if spec.type is FieldType.CHOICE:  # (not the values a body's ruling would add)
            ruled = {tuple(t.ruling.values) for t in tests
                     if t.ruling is not None and t.ruling.field == field}  # fmt: skip
            on = [t for t in on if not (isinstance(t.value, tuple) and t.value in ruled)]
        if spec.type is FieldType.CHOICE and len(on) == 1 and on[0].op in ("equals", "one_of"):
            # "the degree field is biomedical equipment technology, ... or science", not "as
            # this route asks" (fifty-fourth review)
            named = on[0].value if isinstance(on[0].value, tuple) else (on[0].value,)
            parts.append(f"the {spec.noun} is "
                         f"{joined([spec.describe_value(v) for v in named], 'or')}")
            continue
        if spec.type is not FieldType.NUMBER:
            return None
        if len(on) != 1 or on[0].op not in ("at_least", "more_than") \
                or not isinstance(on[0].value, (int, float)):
            return None
        bound = "at least" if on[0].op == "at_least" else "more than"
        parts.append(f"the {spec.noun} are {bound} {on[0].value:g}")
    return " and ".join(parts) or None


def _yes_said(goal: Outcome, kb: KnowledgeBase) -> str | None:
    """"the certifications include CHTM": the goal's yes/no and list questions as the yes
    reading answered them (``if_yes.yes_firing``), when some question is not one of them
    (a number, which a yes does not answer); ``None`` otherwise."""
    parts: list[str] = []
    others = False
    for gap in goal.gaps:
        spec = kb.fields.get(gap.field) if gap.kind == "unknown" else None
        if spec is None:
            others = others or gap.kind in ASKING
        elif spec.type is FieldType.BOOLEAN:
            parts.append(f"yes to {spec.noun}")
        elif spec.type is FieldType.LIST and any(v != goal.id for v in gap.wanted):
            wanted = " or ".join(spec.describe_value(v) for v in gap.wanted if v != goal.id)
            parts.append(f"the {spec.noun} include {wanted}")
        else:
            others = True
    return " and ".join(dict.fromkeys(parts)) if parts and others else None


def _nouns_read(goal: Outcome, plan: Plan, kb: KnowledgeBase, words: bool = False) -> str:
    """"degree field is", "degree and degree field are": the goal's questions ``plan``'s
    route reads (with ``words``, those of fields of words only)."""
    rule = kb.by_id.get(plan.route_rule or "")
    read = rule.fields() if rule is not None else set()
    skipped = (*_YES_TYPES, FieldType.NUMBER) if words else ()
    fields = dict.fromkeys(g.field for g in goal.gaps
                           if g.kind in ASKING and g.field in read and g.field in kb.fields
                           and kb.fields[g.field].type not in skipped)  # fmt: skip
    nouns = " and ".join(kb.fields[f].noun for f in fields) or "answers"
    return f"{nouns} {'are' if len(fields) != 1 else 'is'}"


def if_no(goal: Outcome, plan: Plan, kb: KnowledgeBase) -> str | None:
    """Why the plan read with what is not given as none opens nothing, when the reason is a
    preference not given (``advice: not_actions``): a plan never changes a stated choice, so
    a "no" closes the goal; it is not a road that time and study cannot travel."""
    if plan.years is not None:
        return None
    model = advice_model(kb)
    prefs = [kb.fields[g.field].noun for g in goal.gaps
             if g.kind == "unknown" and g.field in model.not_actions and g.field in kb.fields]
    if not prefs:
        return None
    return (f"{plan.title} ({plan.target}): not open if the answer on {' and '.join(prefs)} "
            "is no (a plan never changes a stated preference)")
