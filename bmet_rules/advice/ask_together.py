"""One question on two fields of words that only open a target together: the degree and its
field.

An HR export without the degree columns leaves the clinical engineer's post, Healthcare IT and
the FE exam waiting on both: no answer to one question alone opens them (a bachelor's in what?
engineering, but which degree?), so asked one by one neither question is worth asking and a
record without goals was told to confirm neither (twenty-seventh and twenty-eighth reviews:
"the degree is never asked as a step"). Asked together, the answer does open them, and the
question says which answers open what: "Confirm the degree and degree field: if a bachelor's
degree or higher in engineering, Clinical Engineer and FE open; if ... in information
technology, Healthcare IT opens" -- each checked by evaluation with the rest of the record as
it is.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from ..fields import FieldType
from ..knowledge import KnowledgeBase
from ..wording import joined

#: Whether a target opens with the record's values and these answers.
OpensWith = Callable[[str, Mapping[str, Any]], bool]

#: The kinds of field a joint question asks: a ladder (the degree) and words (its field).
_WORDS = (FieldType.ORDERED, FieldType.CHOICE)


def joint_fields(kb: KnowledgeBase, topics: Sequence[str]) -> tuple[str, str] | None:
    """The ladder and the field of words among ``topics`` (a target's questions) that a joint
    question asks, when it has exactly those two kinds (``None`` otherwise)."""
    words = [t for t in topics if t in kb.fields and kb.fields[t].type in _WORDS]
    ladders = [w for w in words if kb.fields[w].type is FieldType.ORDERED]
    choices = [w for w in words if kb.fields[w].type is FieldType.CHOICE]
    if len(ladders) != 1 or len(choices) != 1:
        return None
    return ladders[0], choices[0]


def answers_opening(
    kb: KnowledgeBase, target: str, pair: tuple[str, str], named: Sequence[Any],
    opens_with: OpensWith,
) -> str | None:  # fmt: skip
    """"a bachelor's degree or higher in engineering or engineering technology": the answers
    to the joint question that open ``target``, each value of the field of words (``named``:
    those the rules name) with the lowest rung of the ladder that opens it with that value
    (``None`` when no answer does)."""
    ladder, words = pair
    rungs = kb.fields[ladder].values
    by_rung: dict[Any, list[Any]] = {}
    for value in named:
        rung = next((r for r in rungs if opens_with(target, {ladder: r, words: value})), None)
        if rung is not None:
            by_rung.setdefault(rung, []).append(value)
    if not by_rung:
        return None
    spec, ladder_spec = kb.fields[words], kb.fields[ladder]
    parts = []
    for rung, values in sorted(by_rung.items(), key=lambda item: ladder_spec.rank(item[0])):
        field_words = joined([spec.describe_value(v) for v in values], "or")
        if rung == rungs[0]:  # opens whatever the ladder's answer: only the words matter
            parts.append(f"any {ladder_spec.noun} in {field_words}")
        else:
            parts.append(f"{article(ladder_spec.describe_value(rung))} or higher in {field_words}")
    return joined(parts, "or")


def joint_question(
    kb: KnowledgeBase, pair: tuple[str, str], opened: Mapping[str, str], title: Callable[[str], str]
) -> str:
    """The step's words: "Confirm the degree and degree field: if <answers>, <targets> open"
    (``opened``: each target with the answers that open it, from :func:`answers_opening`)."""
    grouped: dict[str, list[str]] = {}
    for target, answers in opened.items():
        grouped.setdefault(answers, []).append(title(target))
    nouns = " and ".join(kb.fields[name].noun for name in pair)
    said = "; ".join(
        f"if {answers}, {joined(titles)} {'opens' if len(titles) == 1 else 'open'}"
        for answers, titles in grouped.items()
    )
    return f"Confirm the {nouns}: {said}"


def article(words: str) -> str:
    """"a bachelor's degree", "an associate degree"."""
    return ("an " if words[:1].lower() in "aeiou" else "a ") + words


