"""Which facts to confirm first, for a record without goals whose outcomes wait on them.

An HR export without the skills or supervision columns leaves most paths at ``needs_info``,
and the plans' actions on those values are never steps (nothing is advised on a guess). A
counsellor would still say where to start: confirm the one or two facts that would open the
most, and what a favourable answer opens ("Confirm whether the skills include teaching, ...:
if they do, Technical Trainer and Healthcare IT open"). The steps that hold whatever the
answers are (an exam open on given facts) come first; these follow them within the steps
shown.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..asking import merged_with
from ..conditions import walk
from ..fields import FieldType
from ..knowledge import CompiledRule, KnowledgeBase
from ..results import NextStep, Outcome
from ..unknowns import confirm_message
from ..wording import joined
from .ask_together import answers_opening, article, joint_fields, joint_question
from .sooner_if import Sooner
from .text import when

#: How many confirmations a record without goals is given.
CONFIRMATIONS = 3

#: Whether a target opens with the record's values and these answers (``None``: not checked).
OpensWith = Callable[[str, Mapping[str, Any]], bool]


@dataclass
class _Topic:
    name: str
    """The field asked about (the one read when the other is absent)."""
    wanted: set[str] = field(default_factory=set)
    """For a list: the values the targets name."""
    opens: list[str] = field(default_factory=list)
    """Targets this answer alone decides (their only fact to confirm)."""
    towards: list[str] = field(default_factory=list)
    """Every target that waits on it."""
    routes: dict[str, str | None] = field(default_factory=dict)
    """Each target's route rule: the one a favourable answer opens it by."""
    with_too: dict[str, str] = field(default_factory=dict)
    """Targets whose question also asks a field it bounds (asked together: the years on
    imaging equipment with the years of experience), and that field."""
    pair: tuple[str, str] | None = None
    """For one question on two fields (the degree and its field): those fields."""
    answers: dict[str, str] = field(default_factory=dict)
    """For one question on two fields: each target it opens, with the answers that do."""
    sooner: list[Sooner] = field(default_factory=list)
    """Targets not open that an answer brings nearer (:mod:`.sooner_if`)."""
    alone: dict[str, list[str]] = field(default_factory=dict)
    """For a list: each target it opens, with the values that open it each on their own."""


def confirmations(
    kb: KnowledgeBase, outcomes: Sequence[Outcome], opens_with: OpensWith | None = None,
    sooner: Mapping[str, Sequence[Sooner]] | None = None,
    unknown: Collection[str] | None = None,
) -> list[NextStep]:
    """At most :data:`CONFIRMATIONS` "Confirm ..." steps: the facts whose answer alone would
    open the most targets (then that the most targets wait on), each saying what it opens.
    With ``opens_with``, the number a step names is the least that really opens the target
    with the rest of the record as it is (a supervisor's route asks for 1 year leading *and*
    BMET II: for a BMET I, 1 opens nothing; nineteenth review)."""
    topics: dict[str, _Topic] = {}
    # A credential that none of its routes opens on the facts given cannot be held either
    # (a CHTM with no years of supervision; the years only grow): no answer to hope for.
    ruled_out = {o.id for o in outcomes if o.status in ("near", "not_eligible")}
    for o in outcomes:
        if o.status != "needs_info":
            continue
        asks = [g for g in o.gaps if (g.kind == "unknown" and g.field in kb.fields)
                or (g.kind == "ruling" and " decides " in g.message)]
        seen: list[str] = []
        hoped = False  # (some answer other than holding the target itself)
        for gap in asks:
            # Recent supervision is read from supervision: one question. A certifying body's
            # ruling is a question of its own (its message).
            # (Not when that one is given: of 4 years leading, how many are recent is the
            # question; fiftieth review: "Confirm the years as a supervisor or manager: with
            # at least 2, ..." of someone whose record gives 4.)
            source = kb.fields[gap.field].absent_reads if gap.kind != "ruling" else None
            if source is not None and unknown is not None and source not in unknown:
                source = None
            topic = gap.message if gap.kind == "ruling" else (source or gap.field)
            t = topics.setdefault(topic, _Topic(topic))
            # (Not the target itself: "if the FE is held, FE opens" says nothing; l14.)
            wanted = [v for v in gap.wanted if v != o.id and v not in ruled_out]
            t.wanted.update(wanted)
            hoped = hoped or bool(wanted) or not gap.wanted
            low = merged_with(gap, kb.fields)
            if low is not None:
                t.with_too[o.id] = low
            if o.id not in t.towards:
                t.towards.append(o.id)
            if topic not in seen:
                seen.append(topic)
        if len(seen) == 1 and asks and hoped:
            topics[seen[0]].opens.append(o.id)
            topics[seen[0]].routes[o.id] = o.route_rule
        elif opens_with is not None:  # several questions: each a good answer alone opens it
            # by (the degree field for the CBET's candidate status, military training too)
            alone = [topic for topic in seen if topic in kb.fields
                     and _alone_opens(kb, o.id, topics[topic], opens_with)]  # fmt: skip
            for topic in alone:
                topics[topic].opens.append(o.id)
                topics[topic].routes[o.id] = None
            if not alone:
                _ask_together(kb, o.id, seen, topics, opens_with)
    if opens_with is not None:
        for t in topics.values():
            if t.name in kb.fields and kb.fields[t.name].type is FieldType.CHOICE:
                # A target every answer opens is not what this question decides (the CHTM
                # "if biomedical ..., business or other"; twenty-eighth review).
                named = _named_values(kb, t.name)
                t.opens = [o for o in t.opens
                           if not all(opens_with(o, {t.name: v}) for v in named)]  # fmt: skip
    for name, items in (sooner or {}).items():  # what an answer brings nearer
        t = topics.setdefault(name, _Topic(name))
        # (Not a target that waits on a prerequisite this answer opens: "CBET opens" says it.)
        t.sooner = [s for s in items if s.target not in t.opens and not s.through]
        t.towards += [s.target for s in t.sooner if s.target not in t.towards]
    ranked = sorted(
        (t for t in topics.values()
         if (t.opens or t.sooner) and not _asked_jointly(t, topics)),
        key=lambda t: (-len(t.opens), -len(t.towards), t.name),
    )
    return [_step(kb, t, opens_with) for t in ranked[:CONFIRMATIONS]]


def _ask_together(
    kb: KnowledgeBase, target: str, seen: Sequence[str], topics: dict[str, _Topic],
    opens_with: OpensWith,
) -> None:  # fmt: skip
    """A target no single answer opens, waiting on the degree and its field: one question on
    both opens it when some pair of answers does (:mod:`.ask_together`)."""
    # (Other questions beside them, years of practice say, are read at their least by
    # ``opens_with``: the engineering bachelor's opens the clinical engineer's post whatever
    # they are; fifty-first review, where the question named only the IT answer.)
    pair = joint_fields(kb, seen)
    if pair is None:
        return
    answers = answers_opening(kb, target, pair, _named_values(kb, pair[1]), opens_with)
    if answers is None:
        return
    name = " and ".join(pair)
    t = topics.setdefault(name, _Topic(name, pair=pair))
    t.opens.append(target)
    t.towards.append(target)
    t.answers[target] = answers


def _asked_jointly(topic: _Topic, topics: Mapping[str, _Topic]) -> bool:
    """Whether a question on one field is part of a joint one that opens more: asked with
    the degree, the degree field is not asked again on its own."""
    return any(
        t.pair is not None and topic.name in t.pair and set(topic.opens) <= set(t.opens)
        for t in topics.values()
    )


def ask_words(
    kb: KnowledgeBase, name: str, targets: Sequence[str], opens_with: OpensWith
) -> str | None:
    """"Confirm the degree field: if biomedical equipment technology or electronics, CBET and
    CRES open; if engineering technology, ..., CBET opens": the question on a field of words
    that ``targets`` wait on, with the answers that alone open each (the rest of the record as
    it is), checked by evaluation (``None`` when the field is not one of words, or no answer
    opens any of them)."""
    spec = kb.fields[name]
    topic = _Topic(name, towards=list(targets))
    # (only the targets an answer to this question alone opens, the rest as the record has it)
    topic.opens = [t for t in targets if _alone_opens(kb, t, topic, opens_with)]
    if not topic.opens:
        return None
    if spec.type is FieldType.CHOICE:
        named = _named_values(kb, name)
        if all(opens_with(t, {name: v}) for t in topic.opens for v in named):
            return None  # any answer opens them: the question is not what decides
        which = _which_values(kb, topic, opens_with)
    elif spec.type is FieldType.ORDERED:
        which = _least_rung(kb, topic, opens_with)
    else:
        return None
    return f"{confirm_message(spec).removesuffix(' (not given)')}: {which}" if which else None


def _step(kb: KnowledgeBase, topic: _Topic, opens_with: OpensWith | None = None) -> NextStep:
    titles = [_title(kb, t) for t in topic.opens]
    named = joined(titles)
    verb = "opens" if len(titles) == 1 else "open"
    if topic.pair is not None:
        return NextStep(
            joint_question(kb, topic.pair, topic.answers, lambda t: _title(kb, t)), (), 0.0,
            False, towards=tuple(topic.opens), kind="confirm",
        )  # fmt: skip
    if topic.name not in kb.fields:  # a certifying body's ruling: "ACI decides whether ..."
        body, _, question = topic.name.partition(" decides ")
        return NextStep(
            f"Ask {body} {question}: if it does, {named} {verb}", (), 0.0, False,
            towards=(*topic.opens, *(t for t in topic.towards if t not in topic.opens)),
            kind="confirm",
        )  # fmt: skip
    spec = kb.fields[topic.name]
    if spec.type is FieldType.LIST:
        # Each target asks for its own few: "if they do" would promise all of them for any.
        wanted = topic.wanted
        if topic.opens and all(t in topic.alone for t in topic.opens):
            wanted = {v for t in topic.opens for v in topic.alone[t]}
        words = ", ".join(spec.describe_value(v) for v in sorted(wanted))
        text = (f"Confirm which {spec.noun} you have ({words}): with those each asks "
                f"for, {named} {verb}") if len(wanted) > 1 else (
                f"Confirm whether the {spec.noun} include {words}: if so, {named} {verb}")
    elif spec.type is FieldType.BOOLEAN:
        text = f"{confirm_message(spec).removesuffix(' (not given)')}: if yes, {named} {verb}"
    elif spec.type is FieldType.ORDERED and opens_with is not None and (
        clauses := _rung_clauses(kb, topic, opens_with)
    ):
        # "if an associate degree or higher, CBET opens": the lowest rung that opens each.
        ask = confirm_message(spec).removesuffix(" (not given)")
        text = f"{ask}: {_said([*clauses, *_nearer_clauses(kb, topic)])}"
    elif topic.sooner and not topic.opens and (
        spec.type in (FieldType.CHOICE, FieldType.ORDERED)
        or all(s.said for s in topic.sooner)
    ):
        ask = confirm_message(spec).removesuffix(" (not given)")
        with_too = dict.fromkeys(f for s in topic.sooner for f, _ in s.also if f in kb.fields)
        ask += "".join(f" and the {kb.fields[f].noun}" for f in with_too)
        text = f"{ask}: {_nearer(kb, topic)}"
    elif spec.type is FieldType.CHOICE and (which := _which_values(kb, topic, opens_with)):
        # "if engineering, Clinical Engineer opens": a field of words has no "enough".
        ask = confirm_message(spec).removesuffix(" (not given)")
        text = f"{ask}: {which}" + (f"; {_nearer(kb, topic)}" if topic.sooner else "")
    else:
        ask = confirm_message(spec).removesuffix(" (not given)")
        text = f"{ask}: {_how_many(kb, topic, opens_with)}"
    return NextStep(
        # What a favourable answer opens is in the words; ``opens`` stays for what an action
        # completes (the targets still need information), ``towards`` names them.
        text, (), 0.0, False,
        towards=(*topic.opens, *(t for t in topic.towards if t not in topic.opens)),
        kind="confirm",
    )  # fmt: skip


def _least_rung(kb: KnowledgeBase, topic: _Topic, opens_with: OpensWith) -> str | None:
    """"if an associate degree or higher, CBET opens": for an ordered field (the degree),
    the lowest value that opens each target, checked by evaluation."""
    clauses = _rung_clauses(kb, topic, opens_with)
    return None if clauses is None else _said(clauses)


def _rung_clauses(
    kb: KnowledgeBase, topic: _Topic, opens_with: OpensWith
) -> list[tuple[str, str]] | None:
    """:func:`_least_rung` as (answer, what it opens) pairs."""
    spec = kb.fields[topic.name]
    by_rung: dict[str, list[str]] = {}
    for target in topic.opens:
        rung = next((v for v in spec.values if opens_with(target, {topic.name: v})), None)
        if rung is None:
            return None
        by_rung.setdefault(rung, []).append(_title(kb, target))
    return [
        (f"if {article(spec.describe_value(rung))} or higher",
         f"{joined(titles)} {'opens' if len(titles) == 1 else 'open'}")
        for rung, titles in sorted(by_rung.items(), key=lambda item: spec.rank(item[0]))
    ]  # fmt: skip


def _said(clauses: Sequence[tuple[str, str]]) -> str:
    """"if a bachelor's degree or higher, CEM opens and Director of HTM in 1 year, not 4
    years": clauses on the same answer said once (forty-ninth review: the same "if" twice)."""
    grouped: dict[str, list[str]] = {}
    for answer, outcome in clauses:
        grouped.setdefault(answer, []).append(outcome)
    return "; ".join(f"{answer}, {' and '.join(said)}" for answer, said in grouped.items())


def _which_values(
    kb: KnowledgeBase, topic: _Topic, opens_with: OpensWith | None = None
) -> str | None:
    """"if engineering, Clinical Engineer opens; if IT, Healthcare IT opens": the values of a
    choice field that the route a favourable answer opens each target by asks for (``None``
    when a route does not name them). With ``opens_with``, the values that open each target
    with the rest of the record, checked by evaluation, grouped by what they open."""
    spec = kb.fields[topic.name]
    if opens_with is not None:
        by_value = {v: [t for t in topic.opens if opens_with(t, {topic.name: v})]
                    for v in _named_values(kb, topic.name)}  # fmt: skip
        grouped: dict[tuple[str, ...], list[str]] = {}
        for value, targets in by_value.items():
            if targets:
                grouped.setdefault(tuple(targets), []).append(str(value))
        if not grouped or set().union(*grouped) != set(topic.opens):
            return None
        return "; ".join(
            f"if {joined([spec.describe_value(v) for v in values], 'or')}, "
            f"{joined([_title(kb, t) for t in targets])} {'opens' if len(targets) == 1 else 'open'}"
            for targets, values in sorted(grouped.items(), key=lambda item: -len(item[0]))
        )
    by_values: dict[tuple[str, ...], list[str]] = {}
    for target in topic.opens:
        route = kb.by_id.get(topic.routes.get(target) or "")
        kind = "certification" if target in kb.certifications else "path"
        wanted: tuple[str, ...] = ()
        # The route it opens by, else any of its routes that names the field (a clinical
        # engineer's route through the CCE does not; its degree route does).
        for rules in ([route] if route is not None else [], kb.routes.get(f"{kind}.{target}", ())):
            for rule in rules:
                for test in walk(rule.nnf):
                    if test.field == topic.name and test.op in ("equals", "one_of"):
                        named = test.value if isinstance(test.value, tuple) else (test.value,)
                        wanted += tuple(v for v in named if v not in wanted)
            if wanted:
                break
        if not wanted:
            return None
        by_values.setdefault(tuple(str(v) for v in wanted), []).append(_title(kb, target))
    parts = []
    for wanted, titles in by_values.items():
        words = " or ".join(spec.describe_value(v) for v in wanted)
        verb = "opens" if len(titles) == 1 else "open"
        parts.append(f"if {words}, {joined(titles)} {verb}")
    return "; ".join(parts)


def _nearer(kb: KnowledgeBase, topic: _Topic) -> str:
    """"if business, engineering or ..., CHTM in 1 year, not 2": what an answer brings
    nearer (:mod:`.sooner_if`)."""
    return _said(_nearer_clauses(kb, topic))


def _nearer_clauses(kb: KnowledgeBase, topic: _Topic) -> list[tuple[str, str]]:
    """:func:`_nearer` as (answer, what it brings nearer) pairs."""
    spec = kb.fields[topic.name]

    def also(s: Sooner) -> str:
        return "".join(
            f" in {joined([kb.fields[f].describe_value(v) for v in values], 'or')}"
            for f, values in s.also if f in kb.fields)

    def answer(s: Sooner) -> str:
        if s.said:  # (years: "if 2", "with at least 1")
            return s.said
        words = joined([spec.describe_value(v) for v in s.values], "or")
        if s.or_higher:  # a rung of a ladder: "a bachelor's degree or higher"
            return f"if {article(words)} or higher{also(s)}"
        return f"if {words}{also(s)}"

    return [
        (answer(s), f"{_title(kb, s.target)} {when(s.years)}, not "
                    f"{when(s.was).removeprefix('in ')}")
        for s in topic.sooner
    ]  # fmt: skip


def _alone_opens(kb: KnowledgeBase, target: str, topic: _Topic, opens_with: OpensWith) -> bool:
    """Whether some answer to this one question opens ``target``, the rest as the record has
    it (what it does not give read as none)."""
    spec = kb.fields[topic.name]
    if spec.type is FieldType.BOOLEAN:
        return opens_with(target, {topic.name: True})
    if spec.type is FieldType.LIST:
        hoped = tuple(v for v in topic.wanted if v != target)  # (holding it opens nothing)
        if not hoped or not opens_with(target, {topic.name: hoped}):
            return False
        # The values that open it each on their own, the question names them (forty-fourth
        # review: "(CCE, FE, PE): ... Clinical Engineer opens", which only the CCE does
        # while the degree field is not given).
        alone = [v for v in hoped if opens_with(target, {topic.name: (v,)})]
        if alone:
            topic.alone[target] = alone
        return True
    if spec.type is FieldType.NUMBER:
        read_from = {topic.name} | {
            s.name for s in kb.fields.profile_fields() if s.absent_reads == topic.name
        }
        return _checked_least(kb, target, read_from, opens_with) is not None
    return any(opens_with(target, {topic.name: v}) for v in _named_values(kb, topic.name))


def _named_values(kb: KnowledgeBase, name: str) -> list[Any]:
    """The values of a field of words the rules name (each a possible good answer)."""
    found: list[Any] = []
    for rule in kb.rules:
        for t in walk(rule.nnf):
            if t.field == name and t.op in ("equals", "one_of", "at_least"):
                for v in t.value if isinstance(t.value, tuple) else (t.value,):
                    if v not in found:
                        found.append(v)
    return found


def _checked_least(
    kb: KnowledgeBase, target: str, read_from: set[str], opens_with: OpensWith,
    with_part: Mapping[str, float] | None = None,
) -> tuple[float, str] | None:
    """The least of the numbers any rule compares ``read_from`` with that opens ``target``
    when every field of ``read_from`` is given it (and a part asked with it, its least)."""
    numbers = sorted({
        (float(t.value), t.field) for rule in kb.rules for t in walk(rule.nnf)
        if t.field in read_from and t.op in ("at_least", "more_than")
        and isinstance(t.value, (int, float)) and not isinstance(t.value, bool)
    })  # fmt: skip
    own = {(float(t.value), t.field) for rule in kb.routes.get(kb.target_field(target), ())
           for t in walk(rule.nnf) if isinstance(t.value, (int, float))}  # fmt: skip
    for value in dict.fromkeys(v for v, _ in numbers):
        if opens_with(target, {**dict.fromkeys(read_from, value), **(with_part or {})}):
            # Named by the field the target's own routes ask that many of (the total for a
            # supervisor's year leading), else by the window (the level's recent years).
            names = [n for v, n in numbers if v == value]
            name = next((n for n in names if (value, n) in own), None) or max(
                names, key=lambda n: kb.fields[n].absent_reads is not None)
            return value, name
    return None


def _how_many(kb: KnowledgeBase, topic: _Topic, opens_with: OpensWith | None = None) -> str:
    """"with at least 1, BMET Supervisor opens; with at least 3 in the last five years, CHTM":
    the least each target's routes ask of the field (or of a field read from it when
    absent), so "enough" is a number the person can check."""
    read_from = {topic.name} | {
        s.name for s in kb.fields.profile_fields() if s.absent_reads == topic.name
    }
    by_need: dict[tuple[float, str, str], list[str]] = {}
    for target in topic.opens:
        kind = "certification" if target in kb.certifications else "path"
        route = kb.by_id.get(topic.routes.get(target) or "")
        rules = kb.routes.get(f"{kind}.{target}", ())
        # A field asked with this one (its part: years on imaging equipment) names its own
        # least: "with at least 2 (1 of them on imaging equipment)".
        low = topic.with_too.get(target)
        part = _least_of(route, rules, {low}) if low else None
        with_part = {low: part[0]} if low and part is not None else {}
        least = (_least_of(route, rules, read_from) if opens_with is None
                 else _checked_least(kb, target, read_from, opens_with, with_part))
        also = ""
        if low and part is not None:
            noun, whole = kb.fields[low].noun, kb.fields[topic.name].noun
            noun = noun.removeprefix(whole).strip() or noun
            if part[0] == 1 and noun.startswith("years "):
                noun = "year " + noun.removeprefix("years ")
            also = f"{part[0]:g} {noun}"
        key = (*(least or (0.0, "")), also)
        by_need.setdefault(key, []).append(_title(kb, target))
    parts = []
    for (need, name, also), titles in sorted(by_need.items()):
        verb = "opens" if len(titles) == 1 else "open"
        if not name:
            parts.append(f"with {also or 'enough'}, {joined(titles)} {verb}")
            continue
        label = kb.fields[name].label or ""
        within = label.partition(" in the last ")[2]  # "five years": the recent reading
        when = f" in the last {within}" if within and name != topic.name else ""
        if name != topic.name and not within:
            # Another field read from this one when absent (engineering practice, from the
            # clinical years): its noun, and this one's least beside it (fifty-first review:
            # "with at least 4 (3 years of clinical engineering practice)" read as two
            # thresholds on one number).
            when = f" {kb.fields[name].noun}"
            also = f" and {also}" if also else ""
        else:
            also = f" ({also})" if also else ""
        parts.append(f"with at least {need:g}{when}{also}, {joined(titles)} {verb}")
    return "; ".join(parts)


def _least_of(
    route: CompiledRule | None, rules: Sequence[CompiledRule], fields: set[str]
) -> tuple[float, str] | None:
    """The least years the route the answer opens a target by asks of ``fields``, else the
    least any of the target's routes asks."""
    least = _least(route, fields) if route is not None else None
    for rule in rules if least is None else ():
        found = _least(rule, fields)
        if found is not None and (least is None or found[0] < least[0]):
            least = found
    return least


def _least(rule: CompiledRule, fields: set[str]) -> tuple[float, str] | None:
    """The least years ``rule`` asks of ``fields`` (and which field), if it asks any."""
    least: tuple[float, str] | None = None
    for test in walk(rule.nnf):
        if test.field in fields and test.op in ("at_least", "more_than") and (
            isinstance(test.value, (int, float))
        ):
            found = (float(test.value), test.field)
            least = found if least is None or found[0] < least[0] else least
    return least




def _title(kb: KnowledgeBase, target: str) -> str:
    if target in kb.certifications:
        return target
    found = kb.paths.get(target)
    return found.title if found is not None else target
