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

from ..fields import FieldType
from ..knowledge import KnowledgeBase
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


def confirmations(kb: KnowledgeBase, outcomes: Sequence[Outcome]) -> list[NextStep]:
    """At most :data:`CONFIRMATIONS` "Confirm ..." steps: the facts whose answer alone would
    open the most targets (then that the most targets wait on), each saying what it opens."""
    topics: dict[str, _Topic] = {}
    for o in outcomes:
        if o.status != "needs_info":
            continue
        asks = [g for g in o.gaps if g.kind == "unknown" and g.field in kb.fields]
        seen: list[str] = []
        for gap in asks:
            # Recent supervision is read from supervision: one question.
            topic = kb.fields[gap.field].absent_reads or gap.field
            t = topics.setdefault(topic, _Topic(topic))
            t.wanted.update(gap.wanted)
            if o.id not in t.towards:
                t.towards.append(o.id)
            if topic not in seen:
                seen.append(topic)
        if len(seen) == 1 and asks and not any(g.kind == "ruling" for g in o.gaps):
            topics[seen[0]].opens.append(o.id)
    ranked = sorted(
        (t for t in topics.values() if t.opens),
        key=lambda t: (-len(t.opens), -len(t.towards), t.name),
    )
    return [_step(kb, t) for t in ranked[:CONFIRMATIONS]]


def _step(kb: KnowledgeBase, topic: _Topic) -> NextStep:
    spec = kb.fields[topic.name]
    ask = confirm_message(spec, topic.wanted).removesuffix(" (not given)")
    if spec.type is FieldType.LIST:
        answer = "if they do"
    elif spec.type is FieldType.BOOLEAN:
        answer = "if yes"
    else:
        answer = "if enough"
    titles = [_title(kb, t) for t in topic.opens]
    named = titles[0] if len(titles) == 1 else ", ".join(titles[:-1]) + " and " + titles[-1]
    verb = "opens" if len(titles) == 1 else "open"
    return NextStep(
        # What a favourable answer opens is in the words; ``opens`` stays for what an action
        # completes (the targets still need information), ``towards`` names them.
        f"{ask}: {answer}, {named} {verb}", (), 0.0, False,
        towards=(*topic.opens, *(t for t in topic.towards if t not in topic.opens)),
        kind="confirm",
    )  # fmt: skip


def _title(kb: KnowledgeBase, target: str) -> str:
    if target in kb.certifications:
        return target
    found = kb.paths.get(target)
    return found.title if found is not None else target
