"""Test records that say everything: a field a record leaves out is unknown (needs_info), so
tests about advice on a known situation give every field, blank where it means none/no/0."""

from __future__ import annotations

from typing import Any

from bmet_rules.fields import CORE_FIELDS


def complete(record: dict[str, Any]) -> dict[str, Any]:
    """``record`` with every core field it leaves out given as an empty value."""
    blanks = {
        spec.name: ""
        for spec in CORE_FIELDS
        if not (spec.required or spec.computed or spec.absent_is_default)
        and spec.name not in ("name",)
    }
    return {**blanks, **record}
