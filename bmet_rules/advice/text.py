"""Advice in words: a plan, the next steps, and the short explanation that fits a screen.

The short explanation leads with what a counsellor would say first (the level, the goal's
plan or the top next steps), then gives every path and certification one line. Every
condition, gap and source is in ``explain --detail`` (:mod:`bmet_rules.render`).
"""

from __future__ import annotations

import itertools
import re
import textwrap
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace

from ..conditions import All, Any_, Condition, Not, walk
from ..knowledge import KnowledgeBase
from ..results import NextStep, Outcome, Result
from ..wording import joined
from .confirming import confirming, if_no
from .model import DEFAULT_STEPS, SIT_NOW_YEARS, advice_model, near_years
from .planner import Action, Plan
from .take_up import practises_own_role
from .unsure import READ_AT_LEAST

_WIDTH = 100
_STATUS = {
    "held": "held", "eligible": "open now", "near": "near", "not_eligible": "not open",
    "needs_info": "needs information",
}  # fmt: skip
#: Gap kinds that ask a question rather than name something to do.
_ASKING = ("unknown", "ruling")


def _wrap(text: str, indent: str = "  ", hang: str = "     ") -> list[str]:
    return textwrap.wrap(
        text, _WIDTH, initial_indent=indent, subsequent_indent=hang, break_on_hyphens=False
    ) or [indent.rstrip()]


def when(years: float | None) -> str:
    """``now``, ``in 1.5 years``, ``not by time and study``."""
    if years is None:
        return "not by time and study"
    if years <= 0:
        return "now"
    shown = f"{years:.1f}".rstrip("0").rstrip(".")
    return f"in {shown} year{'' if shown == '1' else 's'}"


def _acts_on(plan: Plan, unknown: Sequence[str]) -> tuple[str, ...]:
    """The fields not given that a plan's actions act on (read as none to make it), those
    that grow with a role included (the years leading in the last five, with the total)."""
    return tuple(dict.fromkeys(
        f for a in plan.actions for f in (a.field, *(also for also, _ in a.also)) if f in unknown
    ))


def _read_as(plan: Plan, unknown: Sequence[str]) -> float | None:
    """The value a plan read a number not given as, when it is more than none (the floor
    the given fields set) and the plan acts on one such number only."""
    read = {a.field: float(a.value) - (a.done - a.start) for a in plan.actions
            if a.field in unknown and isinstance(a.value, (int, float))
            and not isinstance(a.value, bool)}  # fmt: skip
    if len(read) != 1:
        return None
    (value,) = read.values()
    return value if value > 1e-9 else None


def plan_lines(
    plan: Plan, indent: str = "  ", titles: Mapping[str, str] | None = None,
    dated: bool = True, named: bool = True,
) -> list[str]:  # fmt: skip
    """A plan: the route, then each action with when it is done, what it opens (a path by its
    title when ``titles`` gives it) and why. Not ``dated``: no total in its first line (a
    plan made by reading facts not given as none says how, not how soon). Not ``named``: no
    first line (the line above named the route already)."""
    head = f"{plan.title} ({plan.target})"
    if plan.years is None:
        why = "every route needs something a plan cannot propose"
        return _wrap(f"{head}: not by time and study ({why})", indent, indent + "  ")
    if plan.years == 0 and not plan.actions:
        return _wrap(f"{head}: open now", indent, indent + "  ")
    total = f"{when(plan.years)}, " if dated else ""
    lines = _wrap(f"{head}: {total}by {plan.route} [{plan.route_rule}]",
                  indent, indent + "  ") if named else []  # fmt: skip
    # In the order they are begun: an exam sat partway through a role comes after the role
    # (the CHTM two years into five of leading is not listed before the leading). An exam
    # the person may sit at the next window is begun now: it comes first (forty-second
    # review: "Lead ... 2 more years" listed before the CHTM sat in May).
    begun = sorted(plan.actions, key=lambda a: (
        0.0 if a.kind == "exam" and a.start <= SIT_NOW_YEARS else a.start, a.done))
    for number, action in enumerate(begun, start=1):
        opens = f"; opens {_names(action.opens, titles or {}, 99)}" if action.opens else ""
        named_by = [action.rule or "", f"[{action.source}]" if action.source else ""]
        cite = f" — {' '.join(n for n in named_by if n)}" if any(named_by) else ""
        timing = f"done {when(action.done)}" if action.kind != "exam" else when(action.done)
        lines += _wrap(f"{number}. {action.text} ({timing}{opens}){cite}",
                       indent + "  ", indent + "     ")  # fmt: skip
    if plan.exam is not None:
        lines += _wrap(f"then: {plan.exam.text}", indent + "  ", indent + "     ")
    return lines


def step_lines(result: Result, steps: Sequence[NextStep] | None = None) -> list[str]:
    """Numbered next steps with what each opens or leads to, and how many more there are."""
    steps = result.next_steps if steps is None else steps
    lines: list[str] = []
    titles = {o.id: o.title for o in result.paths}
    for number, step in enumerate(steps, start=1):
        if step.kind == "renew":  # (nothing new: it keeps what is held)
            goes = f"keeps {_names(step.towards, titles)}"
        elif step.opens:
            goes = f"opens {_names(step.opens, titles)}"
        else:
            # A goal's step names the goals it leads to: a path planned through the goal
            # ("Clinical Engineer" by the CCE, in 8 years) beside it reads as if sooner (t21).
            named = [t for t in step.towards if t in result.goals] if step.for_goal else []
            goes = f"towards {_names(named or step.towards, titles)}"
        done = ("now" if step.years == 0 else
                "" if step.years is None else f"done {when(step.years)}")  # fmt: skip
        on_the_way = "".join(
            f"{when(years)}: {_names(ids, titles)}; " for years, ids in step.on_the_way
        )
        timing = f"{on_the_way}{done}; " if on_the_way or done else ""
        if step.kind == "renew":
            timing = ""  # (the date is in its words)
        if step.kind == "confirm":
            # A question says what its answers open: name only what its words do not.
            rest = [t for t in step.towards
                    if titles.get(t, t) not in step.action and t not in step.action]  # fmt: skip
            also = "also " if len(rest) < len(step.towards) else ""
            tail = f" ({also}towards {_names(rest, titles)})" if rest else ""
            lines += _wrap(f"{number}. {step.action}{tail}")
            continue
        lines += _wrap(f"{number}. {step.action} ({timing}{goes})")
    # (A number that shows them all: with goals, only more than the default shows steps
    # beside them; "--steps N" read as if --steps 5 would do; twenty-fifth review.)
    every = max(DEFAULT_STEPS + 1, len(result.next_steps) + result.more_steps)
    if result.more_steps and result.goals and len(steps) < DEFAULT_STEPS:
        # Room was left: the rest lead to none of the goals (an exam open now, say).
        lines.append(f"  ... and {result.more_steps} more beside the goals (--steps {every} "
                     "shows them)")
    elif result.more_steps:
        lines.append(f"  ... and {result.more_steps} more (--steps {every} shows them)")
    return lines


#: How many targets a step's line names before "and N more" (JSON carries them all).
_NAMED = 3


def _names(ids: Sequence[str], titles: Mapping[str, str], most: int = _NAMED) -> str:
    """Targets as a person reads them: a certification by its acronym (CHTM), a path by its
    title, each once, at most ``most`` of them."""
    names = [titles.get(i, i) for i in dict.fromkeys(ids)]
    if len(names) <= most:
        return ", ".join(names)
    return f"{', '.join(names[:most])} and {len(names) - most} more"


def _one_line(o: Outcome, passed: str | None = None,
              sit_now: frozenset[str] = frozenset()) -> list[str]:  # fmt: skip
    """One target in a line (two at most, when its route is long): :func:`_one_text`."""
    return _two_lines(_one_text(o, passed, sit_now))


#: What a target's line says when all that is known is what its timing waits on.
_DEPENDS = "— not open; how soon depends on: "


def _folded_waits(outcomes: Sequence[Outcome]) -> tuple[list[str], list[Outcome]]:
    """Targets whose lines would each say only "not open; how soon depends on: Confirm the
    same fact" (:data:`_FOLD_FROM` or more): one paragraph naming them ("How soon depends on
    the years of full-time BMET/HTM experience (not given): Technical Trainer, ..."; a line
    each ran an HR export to 76 lines; twenty-fifth review), and the targets left."""
    by_wait: dict[str, list[Outcome]] = {}
    for o in outcomes:
        text = _one_text(o)
        if _DEPENDS in text:
            by_wait.setdefault(text.split(_DEPENDS, 1)[1], []).append(o)
    lines: list[str] = []
    folded: set[str] = set()
    for wait, items in by_wait.items():
        if len(items) < _FOLD_FROM:
            continue
        what = wait[:1].lower() + wait[1:] if not wait.startswith("Confirm ") else \
            wait.removeprefix("Confirm ")
        lines += _wrap(f"How soon depends on {what}: " + ", ".join(o.title for o in items),
                       hang="    ")  # fmt: skip
        folded.update(o.id for o in items)
    return lines, [o for o in outcomes if o.id not in folded]


def _one_text(o: Outcome, passed: str | None = None,
              sit_now: frozenset[str] = frozenset()) -> str:  # fmt: skip
    """One target in a line (two at most, when its route is long). ``passed``: the title of
    a held credential that implies ``o`` was passed on the way; ``sit_now``: exams the person
    may sit now (a near line says what is left in their words)."""
    if o.status == "held":
        text = f"{o.title} [{o.id}] — held"
    elif o.status == "held_past":  # (set by render_short only)
        text = f"{o.title} [{o.id}] — open, not needed: {o.route} held"
    elif o.status == "open_past":  # (set by render_short only)
        text = f"{o.title} [{o.id}] — open, not needed: {o.route} open now"
    elif o.status == "open_past_unknown":  # (set by render_short only)
        text = f"{o.title} [{o.id}] — not needed: {o.route} open now"
    elif o.status == "held_past_unknown":  # (set by render_short only)
        text = f"{o.title} [{o.id}] — not needed: {o.route} held"
    elif o.status == "level_past":  # (set by render_short only)
        text = f"{o.title} [{o.id}] — open, not needed at the {o.route} level"
    elif o.status == "level_past_later":  # (set by render_short only)
        text = f"{o.title} [{o.id}] — not needed at the {o.route} level"
    elif o.status == "hired_into":  # (set by render_short only)
        text = f"{o.title} [{o.id}] — open once you are hired into the role: {o.route}"
    elif o.status == "eligible" and passed:
        text = f"{o.title} [{o.id}] — passed (implied by the {passed} held)"
    elif o.status == "near" and not o.eta_years and o.gaps:
        # (what is left, in the person's words; "near" the timed lines no longer say: 28th)
        text = f"{o.title} [{o.id}] — {_left(o, sit_now)}"
    elif o.status == "eligible":
        text = f"{o.title} [{o.id}] — {_STATUS[o.status]}: {o.route}"
    elif o.status == "needs_info":
        asks = "; ".join(g.message for g in o.gaps if g.kind in _ASKING)
        # (The latest it opens, whatever the answers, before the questions: a long list of
        # them is shortened from its end; forty-third review.)
        latest = (f" (open {when(o.eta_years)} at the latest, whatever the answer)"
                  if o.eta_years else "")  # fmt: skip
        text = f"{o.title} [{o.id}] — {_STATUS[o.status]}{latest}: {asks}"
    elif o.eta_years is None and (held := _held_back(o)):
        text = f"{o.title} [{o.id}] — {_STATUS[o.status]}: {held}"
    elif o.status == "not_eligible" and o.eta_years is None and (
        given := _given_first(o)
    ):  # a degree first whatever the values not given are: that, not the values, is why
        text = f"{o.title} [{o.id}] — {_STATUS[o.status]}: needs {given}"
        # (then what its date waits on: "needs the FE credential" alone hid the years of
        # engineering practice not given; forty-seventh review)
        waits = "; ".join(g.message for g in o.gaps if g.kind == "unknown")
        if waits:
            text += f"; how soon depends on: {waits}"
    elif o.status == "not_eligible" and o.eta_years is None and (
        waits := "; ".join(g.message for g in o.gaps if g.kind == "unknown")
    ):
        text = f"{o.title} [{o.id}] {_DEPENDS}{waits}"
    elif o.eta_years is not None and o.status in ("near", "not_eligible"):
        # The time says how far it is; the group it is listed under says near or further
        # away (``_by_time``), so two paths in 2 years never read "near" and "not open".
        text = f"{o.title} [{o.id}] — {when(o.eta_years)}"
        text += _latest(o)  # (sooner, perhaps, on answers)
        if o.route:
            text += f": {o.route}"
    else:
        text = f"{o.title} [{o.id}] — {_STATUS.get(o.status, o.status)}, {when(o.eta_years)}"
        if o.eta_years is not None and o.route:
            text += f": {o.route}"
    return text


def _two_lines(text: str) -> list[str]:
    """A line of the one-screen view, wrapped to two lines at most. A list of questions or
    gaps ("a; b; c") loses whole items, said as "and N more" (``--detail`` shows them), never
    a sentence cut in the middle; a long route takes a third line (more is shortened at a
    word)."""
    lines = _wrap(text, "  ", "      ")
    if len(lines) <= 2:
        return lines
    head, sep, tail = text.partition(": ")
    items = tail.split("; ") if sep else []
    # Questions after the first said short ("willingness to travel"), rather than "and 1
    # more" that names nothing (twenty-fifth and twenty-sixth reviews).
    short = [items[0], *(_short_question(i) for i in items[1:])] if items else []
    asked = [i.removesuffix(" (not given)") for i in items]
    if len(items) > 1 and all(i.startswith("Confirm the ") and i.endswith(" (not given)")
                              for i in items):
        # Questions on facts not given, as one: "Confirm the degree, the degree field and
        # the years of engineering practice (not given)" (fifty-first review: "...; degree
        # field; years of ..." lost the verb after the first).
        facts = [a.removeprefix("Confirm ") for a in asked]
        for whole in list(facts):  # "the years leading, and how many of them in the last five"
            part = next((f for f in facts if f.startswith(whole + " in the last ")), None)
            if part is not None:
                facts[facts.index(whole)] = f"{whole}, and how many of them{part[len(whole):]}"
                facts.remove(part)
        merged = f"Confirm {joined(facts)} (not given)"
        lines = _wrap(f"{head}: {merged}", "  ", "      ")
        if len(lines) <= 3:  # (a third line rather than "and 1 more", which names nothing)
            return lines
    if short != items:
        lines = _wrap(f"{head}: {'; '.join(short)}", "  ", "      ")
        if len(lines) <= 3:  # (a third line rather than "and 1 more"; fifty-fourth review)
            return lines
    for keep in range(len(items) - 1, 0, -1):
        left = len(items) - keep
        shorter = f"{head}: {'; '.join(items[:keep])}; and {left} more"
        lines = _wrap(shorter, "  ", "      ")
        if len(lines) <= 2:
            return lines
    lines = _wrap(text, "  ", "      ")
    if len(lines) == 3:
        return lines  # a long route is a third line rather than a sentence cut short
    # A long head (a date "at the latest"): whole items on a third line, rather than a list
    # cut in the middle of a label (forty-fourth review: "regulatory [...]", on one line
    # wider than the screen).
    for keep in range(len(items) - 1, 0, -1):
        shorter = f"{head}: {'; '.join(items[:keep])}; and {len(items) - keep} more"
        lines = _wrap(shorter, "  ", "      ")
        if len(lines) <= 3:
            return lines
    lines = _wrap(text, "  ", "      ")
    rest = textwrap.shorten(" ".join(line.strip() for line in lines[1:]), 2 * (_WIDTH - 6))
    return [lines[0], *textwrap.wrap(rest, _WIDTH, initial_indent="      ",
                                     subsequent_indent="      ")]


def _short_question(item: str) -> str:
    """"Confirm willingness to travel: yes or no (not given)" as "willingness to travel"."""
    said = item.removesuffix(" (not given)").removesuffix(": yes or no")
    if not said.startswith("Confirm "):
        return item
    return said.removeprefix("Confirm ").removeprefix("whether ").removeprefix("the ")


def _level_routes(result: Result, kb: KnowledgeBase) -> str:
    """The route texts the level's rules carry (the VA's reading of the DoD BMET programme,
    say): a level rule with a route names the employer route it stands for."""
    texts = [
        route
        for rule_id in result.level_rules
        if (rule := kb.by_id.get(rule_id)) is not None and (route := rule.rule.then.route)
    ]
    return f": {'; '.join(texts)}" if texts else ""


def _left(o: Outcome, sit_now: frozenset[str]) -> str:
    """What is left of a near target done as soon as it is met: its gaps without the
    parenthesis of what the person has, an exam open now as "sit the X exam", and for a
    certification its own exam last."""
    needs: list[str] = []
    sits: list[str] = []
    for gap in o.gaps:
        open_now = [w for w in gap.wanted if w in sit_now]
        if gap.kind == "credential" and open_now:
            sits.append(f"sit the {' or '.join(open_now)} exam")
        else:
            needs.append(gap.message.split(" (")[0])
    if o.id not in sit_now and any(g.kind == "credential" for g in o.gaps) and o.route and (
        "exam" in o.route
    ):
        sits.append(f"then the {o.id} exam")
    # (what to do in its own words, what to get after "needs": never "left: sit ...")
    said = [f"needs {', '.join(needs)}"] if needs else []
    return "; ".join([*said, ", ".join(sits)] if sits else said)


def _within(plan: Plan, shown: Sequence[Plan]) -> Plan | None:
    """A goal plan shown above whose actions (and exam) do all this plan's actions, each at
    least as far: a year of leading does not do a plan's two (twenty-first review)."""
    if not plan.actions:
        return None
    for other in shown:
        theirs = [*other.actions, *([other.exam] if other.exam is not None else [])]
        if other.actions and all(any(_covers(b, a) for b in theirs) for a in plan.actions):
            return other
    return None


def _covers(done: Action, wanted: Action) -> bool:
    """Whether action ``done`` does what ``wanted`` does: the same kind on the same field, as
    much or more (years, a degree no lower), by the time ``wanted`` is done or later."""
    if (done.kind, done.field) != (wanted.kind, wanted.field):
        return False
    # What a stint also does (the imaging years worked in it: ``one_stint``) counts too: a
    # first job's four years do not do the imaging specialist's plan without its imaging
    # (forty-second review).
    also = dict(done.also)
    if any(float(also.get(f, 0) or 0) < float(v or 0) - 1e-9
           for f, v in wanted.also if isinstance(v, (int, float))):  # fmt: skip
        return False
    if isinstance(done.value, (int, float)) and isinstance(wanted.value, (int, float)):
        return float(done.value) >= float(wanted.value) - 1e-9
    return done.value == wanted.value and done.text.split(" (")[0] == wanted.text.split(" (")[0]


def _given_first(o: Outcome) -> str:
    """For a target not open whatever the values not given are, because every route needs a
    degree or credential the record gives it lacks (an associate-degree holder's CCE): what
    its nearest route needs of them. Empty otherwise (the advice then leads with the facts
    to confirm, ``unsure.undated``)."""
    if not o.gaps or o.gaps[0].kind not in ("degree", "credential"):
        return ""  # (the advice puts those first only when every route needs them)
    return "; ".join(g.message for g in o.gaps if g.kind in ("degree", "credential"))


def _held_back(o: Outcome) -> str | None:
    """Why no plan opens ``o`` when a choice the record gives is why (travel, say). "Gives
    as no", not "declines": an HR export's empty cell is a no by the contract, yet no one
    declined anything (forty-fourth review's probe)."""
    for gap in o.gaps:
        if gap.kind == "preference":
            return f"needs {gap.message.split(' (')[0]}, which the record gives as no"
    return None


_ASKED = re.compile(r"^Confirm whether the (?P<noun>.+?) include (?P<words>.+) \(not given\)$")
#: Paths waiting on the same list (the skills) that are said in one paragraph, not a line each.
_FOLD_FROM = 3


def _one_question(paths: Sequence[Outcome]) -> tuple[list[str], list[Outcome]]:
    """Paths that wait on nothing but which values one list not given holds (the skills),
    when there are :data:`_FOLD_FROM` or more: one paragraph naming each with what it asks
    ("On the skills not given: Technical Trainer (teaching), ..."), and the paths left."""
    by_noun: dict[str, list[tuple[Outcome, str]]] = {}
    for p in paths:
        asks = [g for g in p.gaps if g.kind in _ASKING]
        found = [_ASKED.match(g.message) for g in asks]
        if asks and all(found) and len({m.group("noun") for m in found if m}) == 1:
            words = ", ".join(m.group("words") for m in found if m)
            by_noun.setdefault(found[0].group("noun") if found[0] else "", []).append((p, words))
    lines: list[str] = []
    folded: set[str] = set()
    for noun, items in by_noun.items():
        if len(items) < _FOLD_FROM:
            continue
        named = ", ".join(f"{p.title} ({words})" for p, words in items)
        lines += _wrap(f"On the {noun} not given: {named}", hang="    ")
        folded.update(p.id for p, _ in items)
    return lines, [p for p in paths if p.id not in folded]


#: How a path a step back reads in its one line, by status (else its time).
_BEHIND = {"eligible": "open", "needs_info": "needs information"}


def _hired_into(result: Result, kb: KnowledgeBase) -> dict[str, Outcome]:
    """Paths not open that an "Apply for ... roles" step opens on being hired (a goal's, or
    one a goal's plan practises), each as its line shows it: the route the role opens it by."""
    out: dict[str, Outcome] = {}
    paths = {p.id: p for p in result.paths if p.status in ("near", "not_eligible")}
    for step in result.next_steps:
        path = paths.get(step.towards[0]) if step.kind == "apply" and step.towards else None
        rule = kb.by_id.get(step.rule or "")
        if path is not None and rule is not None:
            route = rule.rule.then.route or rule.rule.title
            out[path.id] = replace(path, status="hired_into", route=route)
    return out


def _behind_when(o: Outcome) -> str:
    """How near a path a step back is, in a word: open, needs information, in N years, or
    (no date) what the date waits on, never "not by time and study" for a date that waits
    on a fact not given."""
    if o.status in _BEHIND:
        return _BEHIND[o.status]
    if o.eta_years is None and any(g.kind == "unknown" for g in o.gaps):
        return "how soon depends on facts not given"
    return when(o.eta_years)


def _behind(result: Result, kb: KnowledgeBase) -> list[Outcome]:
    """Paths a step back for the person's level (``past_level``: an imaging specialist's
    role for an HTM supervisor), not among their goals: named in one line, not listed as
    options (nor asked about)."""
    past = advice_model(kb).past_level
    return [
        p for p in result.paths
        if result.level in past.get(p.id, ()) and p.id not in result.goals
    ]  # fmt: skip


def _by_time(paths: Sequence[Outcome], kb: KnowledgeBase) -> tuple[list[Outcome], list[Outcome]]:
    """Paths not open, split by the time their nearest plan takes: within ``near_years``
    (the parameter) or further away, soonest first. The status ``near`` also asks for small
    gaps, so two paths in 2 years may differ in status; a reader compares times, and paths
    with equal times are listed together."""
    waiting = sorted(
        (p for p in paths if p.status in ("near", "not_eligible")),
        key=lambda p: (p.eta_years is None, p.eta_years or 0.0),
    )
    limit = near_years(kb) + 1e-9
    near = [p for p in waiting if p.eta_years is not None and p.eta_years <= limit]
    return near, [p for p in waiting if p not in near]


def _may_be(kb: KnowledgeBase, result: Result, level: str) -> bool:
    """Whether an answer on the level's unknowns may land on ``level``: when a rule placing
    someone there asks for one of them to hold, not only for one not to (the clinical
    engineer's "no CHTM, no recent leading": a technician whose recent leading is not given
    is "BMET III, or HTM Supervisor", not "or up to"; fifty-fourth review)."""
    unknown = set(result.level_unknowns)
    for rule in kb.level_rules:
        if rule.rule.then.target != level:
            continue
        negated = {t.field for n in _negations(rule.when) for t in walk(n.item)}
        if ({t.field for t in walk(rule.when)} - negated) & unknown:
            return True
    return False


def _if_lapsed(result: Result, before: str) -> str:
    """"while your CRES is current; if it lapsed, BMET II": a level resting on a credential
    past its renewal date holds while it is current (fifty-fifth review: "BMET III" on a CRES
    due in 2021; the fifty-sixth: said beside a level range too)."""
    if not result.level_if_lapsed:
        return ""
    late = _late_codes(result)
    which = f"your {' or '.join(late)} is" if late else "the credential it rests on is"
    lapsed = "not assigned" if result.level_if_lapsed == "unassigned" \
        else result.level_if_lapsed  # fmt: skip
    return f"{before}while {which} current; if it lapsed, {lapsed}"


def _late_codes(result: Result) -> list[str]:
    """The held certifications whose renewal date has passed, from the result's warnings
    ("CBET 2020: renewal was due by ...")."""
    held = {c.id for c in result.certifications if c.status == "held"}
    return sorted({w.split()[0] for w in result.warnings
                   if ": renewal was due by " in w and w.split()[0] in held})  # fmt: skip


def _negations(cond: Condition) -> Iterator[Not]:
    """The ``not`` parts of a condition."""
    if isinstance(cond, Not):
        yield cond
    elif isinstance(cond, (All, Any_)):
        for item in cond.items:
            yield from _negations(item)


def head_lines(result: Result, kb: KnowledgeBase) -> list[str]:
    """The level (and what it turns on) and the facts not given, as ``explain`` and ``plan``
    open with them: a reader sees what the advice does not assume before the advice."""
    lines: list[str] = []
    level = result.level or "not assigned"
    rules = f" ({', '.join(result.level_rules)})" if result.level_rules else ""
    routes = _level_routes(result, kb)
    if result.level_if_confirmed and result.level_unknowns:
        # What the level turns on: never shown as settled when an answer could raise it.
        asks = " and ".join(kb.fields[f].noun for f in result.level_unknowns if f in kb.fields)
        # Levels between the two are possible too: "or up to" says the answer can land there.
        ladder = kb.fields["level"].values if "level" in kb.fields else ()
        between = result.level in ladder and result.level_if_confirmed in ladder and any(
            _may_be(kb, result, lv) for lv in ladder[
                ladder.index(result.level) + 1:ladder.index(result.level_if_confirmed)])
        upto = "up to " if between else ""
        # (A rule's note after the range, as a sentence of its own: "..., or HTM
        # Supervisor" after the VA's note read as the VA's; forty-sixth review.)
        said = routes.removeprefix(": ")
        note = f". {said[:1].upper()}{said[1:]}{'' if said.endswith('.') else '.'}" \
            if routes else ""  # fmt: skip
        lines += _wrap(f"Level: {level}{rules}, or {upto}{result.level_if_confirmed} "
                       f"depending on the {asks}: confirm{note}"
                       f"{_if_lapsed(result, f'. {level} ')}",
                       "", "  ")  # fmt: skip
    elif result.level_if_lapsed:
        lines += _wrap(f"Level: {level}{rules}{routes}{_if_lapsed(result, ' ')}", "", "  ")
    else:
        lines += _wrap(f"Level: {level}{rules}{routes}", "", "  ")
    # A field worked out from another when absent (the recent supervisory years, from the
    # supervisory years) is not listed beside the field it is read from: the input lacks one.
    unknown = set(result.unknown_fields)
    # Only what something here turns on (a question in an outcome, or the level): "Not
    # given: years of clinical engineering practice" to a bench technician whose every line
    # is settled said nothing but noise (forty-ninth review). The JSON keeps them all.
    behind = {o.id for o in _behind(result, kb)}  # (a step back: not listed, nor asked)
    behind |= {c.id for c in result.certifications if c.id not in result.goals
               and result.level in advice_model(kb).past_level.get(c.id, ())}  # fmt: skip
    # (At school, the paths and later credentials are all "after school", without their
    # questions: only a goal's count; fifty-fifth review, a pupil told travel is not given.)
    school = _school_step(result, kb) is not None
    turns = {g.field for o in (*result.certifications, *result.paths) for g in o.gaps
             if g.kind == "unknown" and o.id not in behind
             and (not school or o.id in result.goals)} | set(result.level_unknowns)
    turns |= {r for f in turns if f in kb.fields and (r := kb.fields[f].absent_reads)}
    not_given = [
        kb.fields[f].label or f for f in result.unknown_fields
        if f in kb.fields and kb.fields[f].absent_reads not in unknown and f in turns
    ]  # fmt: skip
    if not_given:
        lines += _wrap(
            f"Not given: {', '.join(not_given)}. What turns on them is marked 'needs "
            "information'; nothing is advised on a guess.", "", "  "
        )
    return lines


def goal_lines(result: Result, kb: KnowledgeBase) -> list[str]:
    """Each goal's plan; a goal that waits on facts not given says which, what a good answer
    changes (:mod:`.confirming`), and labels its plan as read with them as none."""
    lines: list[str] = []
    outcome = {o.id: o for o in (*result.certifications, *result.paths)}
    titles = {o.id: o.title for o in result.paths}
    way_in = _school_step(result, kb)
    shown: list[Plan] = []
    for plan in result.plans:
        within = _within(plan, shown)
        shown.append(plan)
        goal = outcome.get(plan.target)
        taking = next((s for s in result.next_steps if s.kind == "apply" and goal is not None
                       and s.towards == (goal.id,) and goal.status != "eligible"), None)
        rule = kb.by_id.get(taking.rule or "") if taking is not None else None
        if rule is not None:  # held by being in its role: that first, then the long way
            # (whatever the goals' order: a CCE goal listed first left "in 8 years" alone;
            # twenty-seventh review)
            route = rule.rule.then.route or rule.rule.title
            lines += _wrap(f"{plan.title} ({plan.target}): open once you are hired into the "
                           f"role, by {route} [{rule.id}]", "  ", "    ")  # fmt: skip
            if practises_own_role(advice_model(kb), plan):
                # (a long way that practises the role starts with being hired too: no
                # "Otherwise", nor a plan above that another goal's could be said to be in)
                shown.remove(plan)
                continue
            if within is not None:  # (the long way is a goal's plan above, said in a line)
                lines += _opened_above(plan, within, "Otherwise")
                continue
            lines += ["  Otherwise:"]
            lines += plan_lines(plan, "    ", titles)
            continue
        if way_in is not None and plan.target in way_in.towards and (
            goal is not None and goal.status not in ("eligible", "held")
        ):  # still at school: the way in, not years of full-time work from today
            lines += _wrap(f"{plan.title} ({plan.target}): after school: {way_in.action}",
                           "  ", "    ")  # fmt: skip
            lines += _wrap(f"Otherwise, once at work full-time: by {plan.route} "
                           f"[{plan.route_rule}]", "  ", "    ")  # fmt: skip
            continue
        if within is not None and outcome.get(plan.target) is not None and (
            outcome[plan.target].status != "needs_info"
        ):
            # Its plan is a goal's above, then sitting that exam: said in a line, not again.
            lines += _opened_above(plan, within, f"{plan.title} ({plan.target})")
            continue
        waits = [g.message for g in goal.gaps if g.kind == "unknown"] if goal else []
        undated = goal is not None and goal.status == "not_eligible" and goal.eta_years is None
        if goal is not None and ((undated and waits) or goal.status == "needs_info"):
            if goal.status == "needs_info":
                asks = "; ".join(g.message for g in goal.gaps if g.kind in _ASKING)
                lines += _wrap(f"{plan.title} ({plan.target}) needs information: {asks}", "  ",
                               "    ")  # fmt: skip
            else:
                # Barred by a given degree or credential whatever the answers (the gaps lead
                # with it, ``unsure.undated``): that first, then what the date waits on (a
                # manager with a business degree: "how soon depends on the years of
                # engineering practice" read as if those alone stood between her and the
                # CCE; forty-fourth review).
                bars = [g.message for g in itertools.takewhile(
                    lambda g: g.kind in ("degree", "credential"), goal.gaps)]
                needs = f"not open: needs {'; '.join(bars)}; " if bars else ""
                lines += _wrap(f"{plan.title} ({plan.target}): {needs}how soon depends on: "
                               f"{'; '.join(waits)}", "  ", "    ")  # fmt: skip
            better = confirming(goal, plan, kb, result.unknown_fields, outcome)
            if better:
                lines += _wrap(better, "  ", "    ")
            # The plan reads what is not given as none (and a ruling as a no): say so, never
            # "whatever the answer", which a yes could prove false.
            guessed = _acts_on(plan, result.unknown_fields)
            only_rulings = all(g.kind != "unknown" for g in goal.gaps) and not guessed
            if better and guessed and " are at least " in better:
                # (a number to confirm: fewer is not none, and the plan below reads none, or
                # the least the given fields allow: years on imaging are years of experience)
                least = _read_as(plan, result.unknown_fields)
                reading = f"{least:g}, the least the record allows" if least else "none"
                label = f"With fewer, the years still missing (read here as {reading}):"
            elif better:
                label = "Otherwise, reading what is not given as none:" if guessed \
                    else "Otherwise:"
            else:
                label = "If the answer is no:" if only_rulings \
                    else "Reading what is not given as none:"
            no = if_no(goal, plan, kb)
            below = _within(plan, result.plans[result.plans.index(plan) + 1:])
            if no is None and below is not None:
                # The long way is a goal's plan below, then its exam: said in a line (forty-
                # seventh review: the manager's "Otherwise" repeated the CHTM's plan, 73 lines).
                # (With its own date and route: "the plan below opens it" of a 5-year plan
                # hid a CRES a year away on its way; fifty-fifth review's probe.)
                dated = f"{when(plan.years)}, by {plan.route} [{plan.route_rule}]: " \
                    if plan.years is not None and plan.route else ""  # fmt: skip
                lines += _wrap(f"{label} {dated}the {below.title} ({below.target}) plan below "
                               "opens it on its way", "  ", "    ")  # fmt: skip
                continue
            lines += [f"  {label}"]
            # An undated plan by the route the "If ..." line just named starts at its actions
            # (its first line would only say the route again; a dated one says how soon).
            said = guessed and f"[{plan.route_rule}]" in (better or "")
            lines += _wrap(no, "    ", "      ") if no else plan_lines(
                plan, "    ", titles, dated=not guessed, named=not said
            )
            continue
        if goal is not None and goal.status == "eligible" and goal.route:
            # By the route its "Apply" step names (not "already an HTM Supervisor" beside
            # "you qualify now (BMET II or higher + 1 year leading)"; forty-second review).
            applying = next((s for s in result.next_steps if s.kind == "apply"
                             and s.towards == (goal.id,) and s.rule), None)  # fmt: skip
            by = kb.by_id.get(applying.rule or "") if applying is not None else None
            route, rule_id = ((by.rule.then.route or by.rule.title, by.id) if by is not None
                              else (goal.route, goal.route_rule))  # fmt: skip
            lines += _wrap(f"{plan.title} ({plan.target}): open now, by {route}"
                           f" [{rule_id}]", "  ", "    ")  # fmt: skip
            if plan.actions:  # what to do before sitting it (a specialty's years)
                lines += plan_lines(plan, "  ", titles, named=False)
            continue
        if goal is not None and goal.status == "held":  # (not "open now": forty-ninth
            # review's probe, a CHTM holder's CHTM goal)
            lines += _wrap(f"{plan.title} ({plan.target}): held", "  ", "    ")
            continue
        held_back = _held_back(goal) if goal is not None and plan.years is None else None
        if held_back is not None:  # (the choice is why: say it, not "a plan cannot propose")
            if goal is not None and all(g.kind == "preference" for g in goal.gaps):
                held_back += " (with it, open now)"
            lines += _wrap(f"{plan.title} ({plan.target}): not open: {held_back}", "  ", "    ")
            continue
        shown_plan = plan_lines(plan, "  ", titles)
        sooner = next((i for i, s in enumerate(result.next_steps, 1)
                       if s.action.startswith("Sooner by study")
                       and plan.target in s.towards), None)  # fmt: skip
        if sooner is not None:
            # The faster way the steps lead with, said where the goal's date is (fiftieth
            # review: "CBET: in 4 years" above "1. Sooner by study: ... in 2 years").
            at = next((i for i, line in enumerate(shown_plan) if i > 0 and (
                _NUMBERED.match(line) or line.lstrip().startswith("then:"))), len(shown_plan))
            # (Its date is the step's own words: the step's years are the degree's, which
            # may end before the target opens; fifty-first review.)
            note = _wrap(f"Sooner by study: step {sooner} below. Otherwise:", "    ", "      ")
            shown_plan = [*shown_plan[:at], *note, *shown_plan[at:]]
        lines += shown_plan
    return lines


#: A plan's numbered action line ("    1. Gain 4 years ...").
_NUMBERED = re.compile(r"^\s+\d+\. ")


def _latest(o: Outcome) -> str:
    """" at the latest" after a date that facts not given, read as none, set."""
    return " at the latest" if any(g.need == READ_AT_LEAST for g in o.gaps) else ""


def _opened_above(plan: Plan, within: Plan, head: str) -> list[str]:
    """"HEAD: in 8 years, by ROUTE [RULE]: the CCE plan above opens it": a goal whose plan is
    another goal's above, said in a line rather than again; then its own exam, as every
    goal's block ends (forty-sixth review: the FE after the clinical engineer's degree had
    no "sit the FE exam")."""
    exam = plan.exam.text if plan.exam is not None else ""
    then = f"; then {exam[:1].lower()}{exam[1:]}" if exam else ""
    return _wrap(f"{head}: {when(plan.years)}, by {plan.route} [{plan.route_rule}]: the "
                 f"{within.title} ({within.target}) plan above opens it{then}", "  ", "    ")


def _school_step(result: Result, kb: KnowledgeBase) -> NextStep | None:
    """The way in the rulesets word for someone still at school (``advice: at_school``),
    when the result gives it: the person is at school."""
    school = advice_model(kb).at_school
    if school is None:
        return None
    return next((s for s in result.next_steps
                 if s.kind == "study" and s.action == school[1]), None)  # fmt: skip


def render_short(result: Result, kb: KnowledgeBase) -> str:
    """The explanation that fits a screen (the module docstring gives the order)."""
    who = f" — {result.name}" if result.name else ""
    lines = [f"Profile {result.profile_id}{who}", *head_lines(result, kb)]
    if result.plans:  # one heading: each goal's first line names it
        lines += ["", "Goals" if len(result.plans) > 1 else "Goal", *goal_lines(result, kb)]
    if result.next_steps:
        lines += ["", "Next steps"]
        lines += step_lines(result)
    elif not result.goals and any(p.status == "near" for p in result.paths):
        # Nothing holds whatever the person chooses: say how to get a chosen path's plan,
        # not an empty screen (fifty-fifth review's probe: a BMET II with a CBET and five
        # years was given no step at all).
        lines += ["", "Next steps", *_wrap(
            "  None that holds whatever you choose: each path within reach below asks for a "
            "step of its own. Name the one you want as a goal (--goal ID) for its plan.",
            "", "    ")]
    behind = _behind(result, kb)
    # Still at school (``advice: at_school``, its step given): the times further away count
    # full-time work from today, which a student does not do; named without them, after
    # school (twenty-third review: "CBET in 3.8 years" beside the school step's associate
    # degree and candidate status).
    student = _school_step(result, kb) is not None
    # A goal is shown once, in the Goals section above; the lists hold the rest.
    planned = {plan.target for plan in result.plans}
    paths = [p for p in result.paths if p not in behind and p.id not in planned]
    near, further = _by_time(paths, kb)
    # A path held once hired into its role (an "Apply for ... roles" step says so) is that
    # near, whatever its long way takes: not "Clinical Engineer in 8 years" beside the step
    # (thirty-seventh review).
    hired = _hired_into(result, kb)
    near = [*(h for h in hired.values() if h.id in {p.id for p in paths}),
            *(p for p in near if p.id not in hired)]
    further = [p for p in further if p.id not in hired]
    if student:  # no full-time years before the diploma: every dated path is after school
        # (forty-first review: "Field Service Engineer — in 2 years" to a senior)
        further = [*(p for p in near if p.eta_years), *further]
        near = [p for p in near if not p.eta_years]
    for title, chosen in (
        ("Paths open", [p for p in paths if p.status == "eligible"]),
        (f"Paths within {when(near_years(kb))[3:]}", near),
        ("Paths that need information", [p for p in paths if p.status == "needs_info"]),
        ("Paths further away", further),
    ):  # fmt: skip
        if not chosen:
            continue
        lines += ["", f"{title} ({len(chosen)})"]
        if title.startswith("Paths that need"):  # many on one list: one paragraph
            folded, chosen = _one_question(chosen)
            lines += folded
        if chosen is further:  # years away: named with their time, the routes in --detail
            dated = [p for p in chosen if p.eta_years is not None]
            if student:  # (every path not open, dated or not: a pupil is not asked about
                # travel for a field-service job; forty-eighth and fifty-fifth reviews)
                dated = [p for p in chosen if p.status != "eligible"]
                lines += _wrap("After school: " + ", ".join(p.title for p in dated),
                               hang="    ")  # fmt: skip
                chosen = []
            elif dated:
                lines += _wrap(", ".join(f"{p.title} {when(p.eta_years)}{_latest(p)}"
                                         for p in dated),
                               hang="    ")  # fmt: skip
            chosen = [p for p in chosen if p.eta_years is None and not student]
            folded, chosen = _folded_waits(chosen)
            lines += folded
        lines += [line for p in chosen for line in _one_line(p)]
    if behind:
        named = ", ".join(f"{p.title} ({_behind_when(p)})" for p in behind)
        lines += ["", *_wrap(f"At or below the {result.level} level, not listed: {named}",
                             indent="", hang="  ")]  # fmt: skip
    if result.certifications:
        held = {c.id: c.title for c in result.certifications if c.status == "held"}
        sit_now = frozenset(c.id for c in result.certifications if c.status == "eligible")
        model = advice_model(kb)
        implied = model.implied

        def passed(cid: str) -> str | None:
            by = [held[h] for h in sorted(implied.get(cid, ())) if h in held]
            return by[0] if by else None

        def past(o: Outcome) -> Outcome:
            """An entry credential open to someone holding a later one is not news: "open now"
            reads as advice. It says what the person is past."""
            later = [c for c in held if c in model.entry.get(o.id, ())]
            if o.status == "needs_info" and later:  # whatever is unknown, not worth asking
                return replace(o, status="held_past_unknown", route=", ".join(later))
            if later and o.status in ("near", "not_eligible"):
                # Not open, and past it: no date to work towards (a PE for a CCE holder).
                return replace(o, status="held_past_unknown", route=", ".join(later))
            sits = [c for c in sorted(sit_now) if c in model.entry.get(o.id, ())]
            if o.status in ("needs_info", "near", "not_eligible") and sits:  # (the CABT's
                # degree beside a CBET open now: whatever the answer, not worth asking,
                # forty-first review; a PE beside a CCE open now, forty-second)
                return replace(o, status="open_past_unknown", route=", ".join(sits))
            beyond = not later and result.level in model.past_level.get(o.id, ())
            if beyond and o.status in ("near", "not_eligible", "needs_info"):
                # (needs information too: past it at this level, the question is not worth
                # asking; fifty-second review, a clinical engineer asked his bench years
                # for the CRES)
                # Not open either: no date to work towards (a CRES "in 1 year" beside the
                # CBET "not needed at the Clinical Engineer level"; thirty-seventh review).
                return replace(o, status="level_past_later", route=str(result.level))
            if o.status != "eligible" or passed(o.id):
                return o
            # (Past it by an outside licence only, a PE: the level is the reason, not "not
            # needed: PE held", no technician's credential; fifty-fifth and fifty-sixth
            # reviews.)
            outside = bool(later) and all(
                c in kb.certifications and kb.certifications[c].outside for c in later)
            if beyond or (outside and result.level in model.past_level.get(o.id, ())):
                return replace(o, status="level_past", route=str(result.level))
            if not later:
                # A later one the person may sit now: the entry credential is not news
                # either (the CABT beside a CBET open now; twenty-fourth review).
                return replace(o, status="open_past", route=", ".join(sits)) if sits else o
            return replace(o, status="held_past", route=", ".join(later))

        listed = [c for c in result.certifications if c.id not in planned]
        # Years away and no goal: named with their time (the routes in --detail).
        far = [c for c in listed
               if c.status in ("near", "not_eligible") and c.eta_years is not None
               and (c.eta_years > near_years(kb) + 1e-9 or (student and c.eta_years > 0))
               and past(c).status == c.status]
        if listed:
            lines += ["", f"Certifications ({len(listed)})"]
        lines += [line for c in listed if c not in far
                  for line in _one_line(past(c), passed(c.id), sit_now)]  # fmt: skip
        if far and student:
            lines += _wrap("Further away, after school: " + ", ".join(c.id for c in far),
                           hang="    ")  # fmt: skip
        elif far:
            lines += _wrap("Further away: " + ", ".join(
                f"{c.id} {when(c.eta_years)}{_latest(c)}" for c in far), hang="    ")
    if result.warnings:
        lines += ["", "Warnings", *(f"  ! {w}" for w in result.warnings)]
    rs = result.ruleset
    lines += [
        "",
        f"Rulesets {rs.get('name', '?')} {rs.get('version', '')}, engine {result.engine or '?'}."
        " --detail shows every condition, gap and source.",
    ]
    return "\n".join(lines) + "\n"
