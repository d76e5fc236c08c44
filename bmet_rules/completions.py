"""The completions of unknown values: the values an unknown field may take, one per region
the rules tell apart, combined within the field bounds (imaging years <= years of experience).

:mod:`bmet_rules.unknowns` runs the engine on these completions to tell an outcome that holds
whatever the unknowns are from one that turns on them.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping
from typing import Any

from .conditions import All, Any_, Condition, Test
from .evaluator import test_holds
from .fields import FieldSpec, FieldType
from .interview import UNKNOWN, Dim, Excluding, read_values
from .knowledge import KnowledgeBase

#: Completions tried one by one per open outcome; above, :func:`split_completions`.
MAX_COMPLETIONS = 256
#: Completions tried first, spread over all, for an outcome with more than MAX_COMPLETIONS.
SAMPLE = 8
#: Three-valued readings :func:`split_completions` makes per outcome (2-3 ms each on the
#: standard rulesets) before it leaves the outcome at ``needs_info`` unchecked.
MAX_BRANCHES = 64


def completions(
    kb: KnowledgeBase, values: Mapping[str, Any], dims: frozenset[Dim], unknown: frozenset[str]
) -> list[dict[str, Any]] | None:
    """Every combination of representative values of the unknown fields in ``dims``, or
    ``None`` when there are more than :data:`MAX_COMPLETIONS`.

    An unknown field outside ``dims`` (the outcome does not turn on it) follows a bound:
    completing laboratory years to 2 raises unknown years of experience to at least 2.
    """
    choices = _choices(kb, values, dims, unknown)
    names = sorted(choices)
    total = math.prod(len(c) for c in choices.values())
    if total > MAX_COMPLETIONS:
        return None
    out = []
    for combo in itertools.product(*(choices[n] for n in names)):
        completed = _within_bounds(kb, values, dict(zip(names, combo, strict=True)), unknown)
        if completed is not None:
            out.append(completed)
    return out


def sample_completions(
    kb: KnowledgeBase,
    values: Mapping[str, Any],
    dims: frozenset[Dim],
    unknown: frozenset[str],
    count: int = SAMPLE,
) -> list[dict[str, Any]]:
    """About ``count`` completions spread evenly over all of them (every field's values
    turn up): one that the engine gives another status shows an outcome that turns on the
    unknowns at once, with no need to split."""
    choices = _choices(kb, values, dims, unknown)
    names = sorted(choices)
    total = math.prod(len(c) for c in choices.values())
    out = []
    for index in sorted({i * total // count for i in range(count)} if total > count
                        else range(total)):
        chosen = {}
        for name in reversed(names):  # the index in mixed radix, one digit per field
            index, digit = divmod(index, len(choices[name]))
            chosen[name] = choices[name][digit]
        completed = _within_bounds(kb, values, chosen, unknown)
        if completed is not None:
            out.append(completed)
    return out


def highest_completion(
    kb: KnowledgeBase, values: Mapping[str, Any], dims: frozenset[Dim], unknown: frozenset[str]
) -> dict[str, Any] | None:
    """One completion at the top of every unknown field's range (the most years, a yes, the
    highest degree, every credential the rest allows), within the bounds: what the most a
    level that turns on the unknowns can be is read from, when there are too many completions
    to try each (an HR export without the years or certifications columns is no "BMET I",
    full stop)."""
    choices = _choices(kb, values, dims, unknown)
    chosen: dict[str, Any] = {}
    for name, options in choices.items():
        kind = kb.fields[name].type
        if kind is FieldType.LIST:
            chosen[name] = ()  # filled one credential at a time below
        elif kind in (FieldType.NUMBER, FieldType.BOOLEAN, FieldType.ORDERED) and options:
            chosen[name] = options[-1]  # (representatives run from least to most)
        elif options:
            chosen[name] = options[0]  # (a field of words has no top)
    for name, options in choices.items():
        if kb.fields[name].type is not FieldType.LIST or not options:
            continue
        for item in max(options, key=len):
            trial = {**chosen, name: (*chosen[name], item)}
            if _within_bounds(kb, values, trial, unknown) is not None:
                chosen[name] = trial[name]
    return _within_bounds(kb, values, chosen, unknown)


def split_completions(
    kb: KnowledgeBase,
    values: Mapping[str, Any],
    dims: frozenset[Dim],
    unknown: frozenset[str],
    target: str,
) -> list[dict[str, Any]] | None:
    """Completions standing for every completion of ``dims`` as far as ``target`` (a path,
    certification or the level) goes, for an outcome with too many to try one by one; ``None``
    when :data:`MAX_BRANCHES` readings do not get there.

    The completions are split one field at a time (the representatives of
    :func:`completions`); a branch where the rules, read with three values, settle
    ``target`` whatever the fields not yet chosen are is one case, stood for by one possible
    completion of it. Every completion lies in a settled branch, so the engine's statuses on
    these agree exactly when its statuses on all of them would. (Military training with
    imaging years opens the CRES by candidate status under 2 years of experience and by
    route 2 from 2 years: 441 completions, 7 cases.)
    """
    choices = _choices(kb, values, dims, unknown)
    # Fields worked out from others (certifications held now or before) follow the chosen
    # values on the engine: the reading leaves them open.
    fixed = {k: v for k, v in values.items() if k not in unknown and not kb.fields[k].computed}
    fixed.update(unknown_marks(kb, values, unknown))  # (what the given facts rule out)
    out: list[dict[str, Any]] = []
    branches: list[dict[str, Any]] = [{}]
    readings = 0
    while branches:
        chosen = branches.pop()
        readings += 1
        if readings > MAX_BRANCHES:
            return None
        reading = read_values(kb, {k: chosen.get(k, fixed.get(k, UNKNOWN)) for k in values})
        waits = reading.waits.get(target)
        if waits is not None and _open_either_way(target, reading.possible.get(target)):
            waits = None  # held or eligible, whatever is unknown: one case
        free = [f for f in choices if f not in chosen]
        completed = None if waits is not None else _within_bounds(kb, values, chosen, unknown)
        if completed is not None:
            out.append(completed)
            continue
        if waits is None:
            continue  # settled, and no possible profile: choosing more only adds bounds
        else:
            free = [f for f in free if any(f == name for name, _ in waits)]
            if not free:
                return None  # open on no field left to choose: not settled here
        # Numbers first (a threshold tends to part routes: under 2 years, from 2 years),
        # then the field with the fewest values.
        name = min(free, key=lambda f: (kb.fields[f].type is not FieldType.NUMBER,
                                        len(choices[f]), f))
        # A value breaking a bound with what is chosen or given, or a credential the chosen
        # and given facts rule out, is no person whatever else is chosen: not a branch.
        # (Unknown fields not chosen yet move into their bounds first, as in a completion.)
        branches.extend(
            branch for v in choices[name]
            if _within_bounds(kb, values, branch := {**chosen, name: v}, unknown) is not None
        )
    return out


def _open_either_way(target: str, possible: frozenset[Any] | None) -> bool:
    """Whether a certification is open whatever the unknowns are: eligible by a route that
    holds either way, or held were the credential listed. Whether it is held already is no
    question of eligibility (:mod:`bmet_rules.unknowns` decides an outcome open either way),
    so splitting the certifications list only to tell the two apart would spend the budget
    for nothing (a manager's CHTM open by route 5 while the list is not given)."""
    return (
        target.startswith("certification.")
        and possible is not None
        and possible <= {"eligible", "held"}
    )


def answers_of(
    kb: KnowledgeBase, values: Mapping[str, Any], dim: Dim, unknown: frozenset[str]
) -> list[Any]:
    """The representative answers to one question (a field of words: each value the rules
    tell apart)."""
    return _choices(kb, values, frozenset({dim}), unknown).get(dim[0], [])


def _choices(
    kb: KnowledgeBase, values: Mapping[str, Any], dims: frozenset[Dim], unknown: frozenset[str]
) -> dict[str, list[Any]]:
    """The representative values of each unknown field in ``dims``."""
    keys: dict[str, set[Any]] = {}
    for name, key in dims:
        keys.setdefault(name, set()).add(key)
    for low, high in _bounds(kb):
        # Both sides open: give them the same cuts, so that every pair of regions that can
        # hold low <= high has a pair of representatives that does.
        if low in keys and high in keys:
            keys[low] = keys[high] = keys[low] | keys[high]
    return {
        n: representatives(kb.fields[n], keys[n], floor_of(kb, values, n),
                           ceiling_of(kb, values, n, unknown))
        for n in sorted(keys)
    }


def _bounds(kb: KnowledgeBase) -> list[tuple[str, str]]:
    return [(s.name, s.not_above) for s in kb.fields.profile_fields() if s.not_above]


def _within_bounds(
    kb: KnowledgeBase, values: Mapping[str, Any], chosen: dict[str, Any],
    unknown: frozenset[str],
) -> dict[str, Any] | None:
    """``chosen`` with the unknown fields bound to them moved into their bounds (completing
    laboratory years to 2 raises unknown years of experience to 2), or ``None`` when that
    is no possible profile."""
    completed = dict(chosen)
    bounds = _bounds(kb)
    for _ in bounds:  # bounds chain (recent supervision <= supervision <= experience)
        for low, high in bounds:
            if low in completed and high in unknown and high not in chosen:
                completed[high] = max(values[high], completed[high] if high in completed
                                      else values[high], completed[low])
            elif high in completed and low in unknown and low not in chosen:
                completed[low] = min(values[low], completed[high])
    if not is_possible(kb, {**values, **completed}, completed):
        return None
    if not _credentials_possible(kb, values, chosen, unknown):
        return None
    return completed


#: List fields whose values are credentials (``certifications``): a completion holds only
#: credentials the person's given degree and training allow.
_HELD = "credential"


def _credentials_possible(
    kb: KnowledgeBase, values: Mapping[str, Any], chosen: Mapping[str, Any],
    unknown: frozenset[str],
) -> bool:  # fmt: skip
    """Whether every credential a completion gives the person is one they could hold: some
    route of it does not fail on a given degree, degree field or training (an associate in
    electronics holds no PE, FE or CCE, whose routes all need an engineering bachelor's or a
    PE), nor ask more years than a lifetime total holds (no CHTM, which asks two years'
    supervision, with 0 years as a supervisor). Degrees and training are not lost and
    lifetime totals do not go down, so what rules out a route now ruled it out then. The
    values ``chosen`` are given for this test (one person); those merely moved into bounds
    are not (more years than the least the bounds ask may be)."""
    values = {**values, **chosen}
    unknown = unknown - chosen.keys()
    for name, held in chosen.items():
        spec = kb.fields.get(name)
        if spec is None or spec.type is not FieldType.LIST or spec.gap_kind != _HELD:
            continue
        for cert in held or ():
            if not _could_hold(kb, str(cert), values, unknown, frozenset()):
                return False
    return True


def unknown_marks(
    kb: KnowledgeBase, values: Mapping[str, Any], unknown: frozenset[str]
) -> dict[str, Any]:
    """What a three-valued reading reads for the unknown fields: :data:`UNKNOWN`, or for a
    list of credentials held, :class:`Excluding` the ones the given facts rule out (a CHTM
    for someone with no years as a supervisor), so that what waits only on those settles."""
    marks: dict[str, Any] = {}
    for name in unknown:
        spec = kb.fields.get(name)
        if spec is None or spec.type is not FieldType.LIST or spec.gap_kind != _HELD:
            continue
        ruled = frozenset(c for c in kb.certifications
                          if not _could_hold(kb, c, values, unknown, frozenset()))  # fmt: skip
        marks[name] = Excluding(ruled) if ruled else UNKNOWN
    return marks


def _could_hold(
    kb: KnowledgeBase, cert: str, values: Mapping[str, Any], unknown: frozenset[str],
    seen: frozenset[str],
) -> bool:  # fmt: skip
    if cert in seen:
        return False
    routes = kb.routes.get(f"certification.{cert}", ())
    if not routes:
        return True  # no routes known (an institution's own credential): anyone may hold it
    inner = seen | {cert}
    return any(not _fails(kb, rule.nnf, values, unknown, inner) for rule in routes)


def _fails(
    kb: KnowledgeBase, cond: Condition, values: Mapping[str, Any], unknown: frozenset[str],
    seen: frozenset[str],
) -> bool:  # fmt: skip
    """Whether ``cond`` fails on given facts that never change (degree, training), on more
    years than a lifetime total holds, or on a credential the person could not hold,
    whatever else is true."""
    if isinstance(cond, Test):
        spec = kb.fields[cond.field]
        if spec.derived:
            return False
        if spec.type is FieldType.NUMBER and cond.op in ("at_least", "more_than"):
            most = most_ever(kb, cond.field, values, unknown)
            return most is not None and not test_holds(cond, spec, most)
        if spec.gap_kind == _HELD and cond.op in ("includes", "includes_any", "includes_all"):
            wanted = cond.value if isinstance(cond.value, tuple) else (cond.value,)
            able = [_could_hold(kb, str(w), values, unknown, seen) for w in wanted]
            return not any(able) if cond.op == "includes_any" else not all(able)
        if spec.gap_kind == "degree" and cond.field not in unknown:
            return not test_holds(cond, spec, values.get(cond.field))
        return False
    if isinstance(cond, All):
        return any(_fails(kb, item, values, unknown, seen) for item in cond.items)
    assert isinstance(cond, Any_)
    return all(_fails(kb, item, values, unknown, seen) for item in cond.items)


def most_ever(
    kb: KnowledgeBase, name: str, values: Mapping[str, Any], unknown: frozenset[str]
) -> float | None:
    """The most a number field can ever have held: the given value of the first lifetime
    total up its bounds chain (recent supervision <= supervision, a lifetime total), or
    ``None`` when nothing given bounds it."""
    seen: set[str] = set()
    at: str | None = name
    while at is not None and at not in seen:
        seen.add(at)
        spec = kb.fields[at]
        have = values.get(at)
        if spec.lifetime and at not in unknown and isinstance(have, (int, float)):
            return float(have)
        at = spec.not_above
    return None


def floor_of(kb: KnowledgeBase, values: Mapping[str, Any], name: str) -> float:
    """The least value a number field can take: its minimum, or more when given fields must
    not exceed it (imaging years are part of the years of experience)."""
    spec = kb.fields[name]
    floor = spec.minimum if spec.minimum is not None else float("-inf")
    for other in kb.fields.profile_fields():
        if other.not_above == name and isinstance(values.get(other.name), (int, float)):
            floor = max(floor, values[other.name])
    return floor


def ceiling_of(
    kb: KnowledgeBase, values: Mapping[str, Any], name: str, unknown: frozenset[str]
) -> float:
    """The most a number field can be: the first given field up its bounds chain (recent
    supervision <= unknown supervision <= 0.5 given years: 0.5), else no bound."""
    above = kb.fields[name].not_above
    seen = {name}
    while above is not None and above in unknown and above not in seen:
        seen.add(above)
        above = kb.fields[above].not_above
    if above is not None and above not in unknown and isinstance(values.get(above), (int, float)):
        return float(values[above])
    return float("inf")


def representatives(
    spec: FieldSpec, keys: set[Any], floor: float, ceiling: float = float("inf")
) -> list[Any]:
    """One value per region of the field that the rules' tests tell apart, between ``floor``
    and ``ceiling`` (numbers)."""
    if spec.type is FieldType.BOOLEAN:
        return [False, True]
    if spec.type is FieldType.LIST:
        asked = sorted(k for k in keys if k is not None)
        return [
            tuple(v for v, on in zip(asked, bits, strict=True) if on)
            for bits in itertools.product((False, True), repeat=len(asked))
        ]
    if spec.type is FieldType.NUMBER:
        cuts = sorted({float(k) for k in keys if isinstance(k, (int, float))})
        if floor == float("-inf"):
            floor = min(cuts, default=0) - 1
        # The regions holding the floor and the ceiling are stood for by them; every region
        # between by its cut point, a value between two cuts, or one above the last.
        points = [floor, *cuts, *((a + b) / 2 for a, b in itertools.pairwise(cuts))]
        if cuts:
            points.append(cuts[-1] + 1)
        if ceiling != float("inf"):
            points.append(ceiling)
        return sorted({int(p) if float(p).is_integer() else p
                       for p in points if floor <= p <= ceiling})
    if spec.type is FieldType.TEXT:
        return [spec.default_value(), *sorted(k for k in keys if k is not None)]
    return list(spec.values)


def is_possible(kb: KnowledgeBase, values: Mapping[str, Any], completed: Mapping[str, Any]) -> bool:
    """Whether a completion is a profile that could exist (field bounds hold)."""
    for spec in kb.fields.profile_fields():
        if spec.not_above and (spec.name in completed or spec.not_above in completed):
            have, ceiling = values.get(spec.name), values.get(spec.not_above)
            if (
                isinstance(have, (int, float))
                and isinstance(ceiling, (int, float))
                and have > ceiling
            ):
                return False
    return True
