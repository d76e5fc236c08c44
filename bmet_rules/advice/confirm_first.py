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

from collections.abc import Sequence
from dataclasses import dataclass, field

from ..conditions import walk
from ..fields import FieldType
from ..knowledge import CompiledRule, KnowledgeBase
from ..results import NextStep, Outcome
from ..unknowns import confirm_message

#: How many confirmations a record without goals is given.
CONFIRMATIONS = 2


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


def confirmations(kb: KnowledgeBase, outcomes: Sequence[Outcome]) -> list[NextStep]:
    """At most :data:`CONFIRMATIONS` "Confirm ..." steps: the facts whose answer alone would
    open the most targets (then that the most targets wait on), each saying what it opens."""
    topics: dict[str, _Topic] = {}
    for o in outcomes:
        if o.status != "needs_info":
            continue
        asks = [g for g in o.gaps if (g.kind == "unknown" and g.field in kb.fields)
                or (g.kind == "ruling" and " decides " in g.message)]
        seen: list[str] = []
        for gap in asks:
            # Recent supervision is read from supervision: one question. A certifying body's
            # ruling is a question of its own (its message).
            topic = gap.message if gap.kind == "ruling" else (
                kb.fields[gap.field].absent_reads or gap.field
            )
            t = topics.setdefault(topic, _Topic(topic))
            t.wanted.update(gap.wanted)
            if o.id not in t.towards:
                t.towards.append(o.id)
            if topic not in seen:
                seen.append(topic)
        if len(seen) == 1 and asks:
            topics[seen[0]].opens.append(o.id)
            topics[seen[0]].routes[o.id] = o.route_rule
    ranked = sorted(
        (t for t in topics.values() if t.opens),
        key=lambda t: (-len(t.opens), -len(t.towards), t.name),
    )
    return [_step(kb, t) for t in ranked[:CONFIRMATIONS]]


def _step(kb: KnowledgeBase, topic: _Topic) -> NextStep:
    titles = [_title(kb, t) for t in topic.opens]
    named = _and(titles)
    verb = "opens" if len(titles) == 1 else "open"
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
        words = ", ".join(spec.describe_value(v) for v in sorted(topic.wanted))
        text = (f"Confirm which {spec.noun} the person has ({words}): with those each asks "
                f"for, {named} {verb}")  # fmt: skip
    elif spec.type is FieldType.BOOLEAN:
        text = f"{confirm_message(spec).removesuffix(' (not given)')}: if yes, {named} {verb}"
    else:
        ask = confirm_message(spec).removesuffix(" (not given)")
        text = f"{ask}: {_how_many(kb, topic)}"
    return NextStep(
        # What a favourable answer opens is in the words; ``opens`` stays for what an action
        # completes (the targets still need information), ``towards`` names them.
        text, (), 0.0, False,
        towards=(*topic.opens, *(t for t in topic.towards if t not in topic.opens)),
        kind="confirm",
    )  # fmt: skip


def _how_many(kb: KnowledgeBase, topic: _Topic) -> str:
    """"with at least 1, BMET Supervisor opens; with at least 3 in the last five years, CHTM":
    the least each target's routes ask of the field (or of a field read from it when
    absent), so "enough" is a number the person can check."""
    read_from = {topic.name} | {
        s.name for s in kb.fields.profile_fields() if s.absent_reads == topic.name
    }
    by_need: dict[tuple[float, str], list[str]] = {}
    for target in topic.opens:
        kind = "certification" if target in kb.certifications else "path"
        route = kb.by_id.get(topic.routes.get(target) or "")
        # The route the answer opens it by, else the least any of its routes asks.
        least = _least(route, read_from) if route is not None else None
        for rule in kb.routes.get(f"{kind}.{target}", ()) if least is None else ():
            found = _least(rule, read_from)
            if found is not None and (least is None or found[0] < least[0]):
                least = found
        by_need.setdefault(least or (0.0, ""), []).append(_title(kb, target))
    parts = []
    for (need, name), titles in sorted(by_need.items()):
        verb = "opens" if len(titles) == 1 else "open"
        if not name:
            parts.append(f"with enough, {_and(titles)} {verb}")
            continue
        label = kb.fields[name].label or ""
        within = label.partition(" in the last ")[2]  # "five years": the recent reading
        when = f" in the last {within}" if within else ""
        parts.append(f"with at least {need:g}{when}, {_and(titles)} {verb}")
    return "; ".join(parts)


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


def _and(titles: Sequence[str]) -> str:
    return titles[0] if len(titles) == 1 else ", ".join(titles[:-1]) + " and " + titles[-1]


def _title(kb: KnowledgeBase, target: str) -> str:
    if target in kb.certifications:
        return target
    found = kb.paths.get(target)
    return found.title if found is not None else target
