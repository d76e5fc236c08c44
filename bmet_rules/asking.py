"""Asking once: questions about unknown fields that are one fact in the person's eyes.

Two unknown number fields bound one by the other (``recent_supervisory_years`` may not exceed
``supervisory_years``) are, to the person asked, one question: "how many years as a
supervisor or manager, and how many of them in the last five years?". An outcome that turns
on both asks that once, not twice in nearly the same words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from .fields import FieldRegistry
from .results import Gap


def ask_once(gaps: Sequence[Gap], fields: FieldRegistry) -> tuple[Gap, ...]:
    """``gaps`` with each pair of ``unknown`` gaps on a field and the field bounding it
    (``not_above``) merged into one question, in the place of the bounding field's gap."""
    asked = {g.field: g for g in gaps if g.kind == "unknown"}
    merged: dict[str, Gap] = {}
    dropped: set[str] = set()
    for name in asked:
        spec = fields.get(name)
        high = spec.not_above if spec is not None else None
        if spec is None or not high or high not in asked or high in dropped:
            continue
        merged[high] = replace(asked[high], message=_merged_message(fields, high, name))
        dropped.add(name)
    return tuple(
        merged.get(g.field, g) for g in gaps if not (g.kind == "unknown" and g.field in dropped)
    )


def _merged_message(fields: FieldRegistry, high: str, low: str) -> str:
    low_noun, high_noun = fields[low].noun, fields[high].noun
    rest = low_noun[len(high_noun):].strip() if low_noun.startswith(high_noun) else ""
    return (
        f"Confirm the {high_noun}, and how many of them {rest} (not given)"
        if rest else f"Confirm the {high_noun} and the {low_noun} (not given)"
    )


def merged_with(gap: Gap, fields: FieldRegistry) -> str | None:
    """The field bounded by ``gap``'s whose question :func:`ask_once` merged into it (the
    years on imaging equipment, asked with the years of experience), if any."""
    if gap.kind != "unknown":
        return None
    for spec in fields.profile_fields():
        if spec.not_above == gap.field and gap.message == _merged_message(
            fields, gap.field, spec.name
        ):
            return spec.name
    return None
