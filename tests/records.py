"""Test records that say everything: a field a record leaves out is unknown (needs_info), so
tests about advice on a known situation give every field, blank where it means none/no/0."""

from __future__ import annotations

from typing import Any

from bmet_rules import evaluate
from bmet_rules.fields import CORE_FIELDS
from bmet_rules.knowledge import KnowledgeBase
from bmet_rules.results import Result

#: The evaluation date of the review tests (fifteenth review on).
REVIEW_AS_OF = "2026-11-30"


def complete(record: dict[str, Any]) -> dict[str, Any]:
    """``record`` with every core field it leaves out given as an empty value."""
    blanks = {
        spec.name: ""
        for spec in CORE_FIELDS
        if not (spec.required or spec.computed or spec.absent_is_default)
        and spec.name not in ("name",)
    }
    return {**blanks, **record}


def run(kb: KnowledgeBase, record: dict[str, Any], engine: str = "python") -> Result:
    """``record`` evaluated as of :data:`REVIEW_AS_OF`."""
    return evaluate(record, kb, engine=engine, as_of=REVIEW_AS_OF)


def statuses(result: Result) -> dict[str, str]:
    """Every outcome's status by id."""
    return {o.id: o.status for o in (*result.certifications, *result.paths)}


def actions(result: Result) -> list[str]:
    """The next steps' words, in order."""
    return [s.action for s in result.next_steps]
