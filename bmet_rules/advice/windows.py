"""Years counted in a window that moves with time: the CHTM's supervision "in the last five
years" (a field with ``window_years``, growing with a role by ``advice: alongside``).

While the role goes on, its years in the window grow as the role's do. A person whose window
holds fewer of the role's years than both the role's total and the window's length is out of
the role now: a stint that ended, its years in the window the stint's last ones, at the
window's start. Those years leave the window as fast as new ones enter it: after t years back
in the role the window holds max(r, t), so a need above r takes that many new years, counted
from none (thirty-sixth review: a Navy veteran whose one recent year of leading ended in 2022
was told "2 more years (4 in all)" for the CHTM's 3 in the last five).

A person in a second stint now, with a first one before the window, looks the same in the
profile's numbers; the plan takes the longer reading, which the step says ("your 1 there
leaves the window as new ones accrue"), rather than promise a date the window may not keep.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..fields import FieldSpec


def aging(spec: FieldSpec, role: str | None, values: Mapping[str, Any]) -> bool:
    """Whether the years ``spec``'s window holds now leave it before the role adds more: some
    but fewer than the role's total and the window allow."""
    if spec.window_years is None or role is None:
        return False
    have, total = values.get(spec.name), values.get(role)
    if not isinstance(have, (int, float)) or not isinstance(total, (int, float)) or have <= 0:
        return False
    return float(have) < min(float(total), spec.window_years) - 1e-9


def counted(spec: FieldSpec, role: str | None, values: Mapping[str, Any]) -> float:
    """The years of ``spec`` a plan can build on: none when they are :func:`aging`, else
    those held."""
    if aging(spec, role, values):
        return 0.0
    return float(values.get(spec.name) or 0)
