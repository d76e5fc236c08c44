"""Unknown is not "no": outcomes that turn on facts the record does not give.

A profile field the record leaves out (no column, no key, ``null``, ``unknown`` or ``?``) and
the answer of a certifying body to a ``ruling:`` are *unknown*. The engine runs on the given
values with the unknown ones at their defaults, as before; then:

1. The rules are read with three values (:func:`bmet_rules.interview.read_values`): an
   outcome the given values settle whatever the unknowns are is decided at once. This reading
   is sound but may leave open an outcome that is in fact settled (``x >= 2 or x < 2``).
2. Each outcome still open is tried **on the engine** for every completion of the unknown
   values it waits for: one representative per region of each field (each threshold, a value
   between thresholds, every choice, every subset of the list values the rules ask about).
   If every completion gives the engine's status, the outcome is decided; otherwise it is
   ``needs_info``, with a gap of kind ``unknown`` per unknown field it turns on and of kind
   ``ruling`` per ruling. Completions that break a field bound (imaging years above the
   years of experience) are not possible profiles and are skipped.
3. More than :data:`~bmet_rules.completions.MAX_COMPLETIONS` completions for one outcome
   (:mod:`bmet_rules.completions` builds them): the engine runs on a few spread over all
   (:data:`~bmet_rules.completions.SAMPLE`); if they agree, the completions are split one
   field at a time into the cases the three-valued reading settles, and the engine runs on
   one completion per case.
   When :data:`~bmet_rules.completions.MAX_BRANCHES` readings do not settle it, the outcome
   is ``needs_info`` without the check (never a wrong "decided"; at worst a question that
   was not needed).

The level that turns on unknowns is the lowest level any completion gives (what holds
whatever the answers), with ``level_unknowns`` naming the fields; ``null`` when some
completion leaves the level unassigned.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any, Protocol

from .asking import ask_once
from .completions import (
    ceiling_of,
    completions,
    floor_of,
    highest_completion,
    sample_completions,
    split_completions,
    unknown_marks,
)
from .conditions import All, Ruling, Test, walk
from .evaluator import Firing, test_holds
from .explain import BoundedCache, Explainer
from .fields import LEVELS, FieldSpec, FieldType
from .interview import UNKNOWN, Dim, read_values
from .knowledge import KnowledgeBase
from .moot_answers import moot_questions
from .profile import Profile
from .results import Gap, Outcome, Result
from .rulings import ORIGIN as RULING_ORIGIN

NEEDS_INFO = "needs_info"


class _Runner(Protocol):
    name: str

    def run_many(self, profiles: Iterable[Profile]) -> list[Firing]: ...


def _read_fields(kb: KnowledgeBase) -> frozenset[str]:
    """Profile fields some rule reads (cached on the knowledge base)."""
    found: frozenset[str] | None = kb.memo.get("unknowns.read")
    if found is None:
        names = {t.field for r in kb.rules for t in walk(r.when)}
        found = frozenset(n for n in names if n in kb.fields and not kb.fields[n].derived)
        kb.memo["unknowns.read"] = found
    return found


def _rulings(kb: KnowledgeBase) -> Mapping[str, tuple[Ruling, str]]:
    """Ruling answer field -> (the ruling, the source of its rule)."""
    found: dict[str, tuple[Ruling, str]] | None = kb.memo.get("unknowns.rulings")
    if found is None:
        found = {}
        for rule in kb.rules:
            for test in walk(rule.when):
                if test.ruling is not None:
                    found[test.field] = (test.ruling, rule.rule.source)
        kb.memo["unknowns.rulings"] = found
    return found


def unknown_inputs(kb: KnowledgeBase, profile: Profile) -> frozenset[str]:
    """The fields rules read that this profile leaves unknown: those not given, and the
    answers of rulings on values the profile has (or may have)."""
    rulings = _rulings(kb)
    unknown = set(profile.unknown_fields).difference(rulings)
    for spec in kb.fields.profile_fields():  # read from an unknown one when absent
        if spec.absent_reads in unknown and spec.name not in profile.provided:
            unknown.add(spec.name)
    _discard_pinned(kb, profile, unknown)
    for name, (ruling, _) in rulings.items():
        if name not in profile.provided and (
            ruling.field in unknown or profile.values.get(ruling.field) in ruling.values
            or (ruling.counts is not None and _may_fire(kb, ruling.rule, profile, unknown))
        ):
            unknown.add(name)
    return frozenset(unknown & _read_fields(kb))


def _discard_pinned(kb: KnowledgeBase, profile: Profile, unknown: set[str]) -> None:
    """Take out of ``unknown`` the fields a known ceiling pins at their floor: no supervision
    at all means none in the last five years. Down the whole chain: no experience pins the
    supervisory years, and those the years in the last five (a student with no years was
    asked for her recent supervision; forty-fourth review)."""
    pinned: set[str] = set()
    grew = True
    while grew:
        grew = False
        for spec in kb.fields.profile_fields():
            above = spec.not_above
            if spec.name not in unknown or not above or above in unknown:
                continue
            ceiling = profile.values.get(above)
            # (Given: in the record, or a blank cell in a column that exists, read as none;
            # not a field read from another when absent. Round at's probe: a blank
            # supervisory years cell left the recent ones unknown, an explicit 0 did not.)
            given = above in profile.provided or kb.fields[above].absent_reads is None
            if ((given or above in pinned)
                    and isinstance(ceiling, (int, float)) and ceiling <= (spec.minimum or 0)):
                unknown.discard(spec.name)
                pinned.add(spec.name)
                grew = True


def _may_fire(kb: KnowledgeBase, rule_id: str, profile: Profile, unknown: set[str]) -> bool:
    """Whether rule ``rule_id`` may fire on this profile when its rulings answer yes: a
    ruling on years (``counts``) is asked only of people whose other years meet the route
    and whose given degree fits it (not of every technician with more years at the bench
    than in engineering practice, which would leave nearly every record an unknown)."""
    rule = kb.by_id.get(rule_id)
    return rule is not None and _may_hold(kb, rule.nnf, profile, unknown)


def _may_hold(kb: KnowledgeBase, cond: Any, profile: Profile, unknown: set[str]) -> bool:
    if isinstance(cond, Test):
        spec = kb.fields[cond.field]
        if spec.derived or cond.field in unknown or cond.ruling is not None:
            return True
        return test_holds(cond, spec, profile.values.get(cond.field))
    parts = (_may_hold(kb, item, profile, unknown) for item in cond.items)
    return all(parts) if isinstance(cond, All) else any(parts)


def settle_unknowns(
    kb: KnowledgeBase, profile: Profile, firing: Firing, result: Result, runner: _Runner,
    level_as_none: str | None = None,
) -> Result:
    """The result with every outcome that turns on an unknown value at ``needs_info``.
    ``level_as_none``: the level with what is not given read as none, shown when it is the
    top of the level's range (else the range is shown from its bottom)."""
    unknown = unknown_inputs(kb, profile)
    if not unknown:
        return result
    rulings = _rulings(kb)
    # Completions keep within the bounds of fields no rule reads but the record leaves out too:
    # unknown years of experience do not cap unknown supervisory years at their default 0.
    free = _with_unknown_ceilings(kb, profile, unknown)
    # The values inference saw: readings of absent detail (engineering practice from the
    # clinical-engineering years, say) and lifecycle facts included.
    values = {s.name: firing.values.get(s.name, profile.values.get(s.name, s.default_value()))
              for s in kb.fields.profile_fields()}
    cache: BoundedCache[Any, tuple[dict[str, frozenset[Dim]], str, str]] = kb.memo.setdefault(
        "unknowns.situations", BoundedCache(20_000))
    # Per engine too: each engine decides its own completions (they agree; tests check it).
    # Detail read from another field when absent is completed differently when given.
    given_detail = frozenset(
        s.name for s in kb.fields.profile_fields()
        if s.absent_is_default and s.name in profile.provided
    )
    situation = (getattr(runner, "name", ""), _situation(kb, values, free), given_detail,
                 tuple(sorted((k, repr(v)) for k, v in values.items()
                              if kb.fields[k].computed)))
    decided = cache.get(situation)
    if decided is None:
        decided = cache.put(situation, _decide(kb, profile, values, free, firing, runner))
    turns_on, lowest, highest = decided
    explainer = Explainer(kb, firing)
    asks = {name: _ask_gaps(kb, profile, _not_itself(kb, name, dims), rulings)
            for name, dims in turns_on.items()}
    # An open outcome is shown by a route that holds whatever the unknowns are, where one
    # does ("BMET II + 1 year leading", not "already an HTM Supervisor" on a level to confirm).
    unsure = frozenset(unknown | set(turns_on) | {
        s.name for s in kb.fields.profile_fields() if s.absent_reads in unknown
    })
    # (the level at the least the unknowns allow: a route that holds there holds for all)
    sure_explainer = Explainer(kb, firing, unsure,
                               {"level": lowest} if "level" in turns_on else None)

    def settle(outcome: Outcome, prefix: str) -> Outcome:
        name = f"{prefix}.{outcome.id}"
        if outcome.status == "eligible" and name not in asks and outcome.route_rule and (
            kb.by_id[outcome.route_rule].fields() & unsure
        ):
            outcome = sure_explainer.outcome(name, outcome.title)
        gaps = confirm_gaps(kb, outcome.gaps, unknown)
        if name in asks:
            known = tuple(g for g in gaps if g.kind not in ("unknown", "ruling"))
            return replace(outcome, status=NEEDS_INFO, gaps=asks[name] + known)
        if gaps == outcome.gaps:
            return outcome
        status = outcome.status
        if status == "not_eligible":
            status = "near" if explainer.is_near(gaps) else "not_eligible"
        # (Near read with the values not given as none stays near: an answer only brings it
        # nearer. A skill to confirm turned a trainer's post a year away from "near" into
        # "not eligible", near whatever the skills are; forty-seventh review's probe.)
        return replace(outcome, status=status, gaps=gaps)

    certs = tuple(settle(o, "certification") for o in result.certifications)
    paths = tuple(settle(o, "path") for o in result.paths)
    level, level_rules = result.level, result.level_rules
    # The level's rules that hold whatever the values not given are, where some do (not
    # "level-supervisor-recent" on recent years read from a stand-in; fiftieth review).
    level_rules = tuple(r for r in level_rules
                        if not kb.by_id[r].fields() & unsure) or level_rules  # fmt: skip
    level_unknowns: tuple[str, ...] = ()
    level_if_confirmed = None
    if "level" in turns_on:
        # The level the given facts place the person at, the values not given read as none,
        # when that is one end of the range; the other end is what an answer may change it
        # to. Mostly the lowest; not for an engineer, whom a CHTM or recent leading not
        # given would move from Clinical Engineer down to HTM Supervisor (thirty-eighth
        # review: "HTM Supervisor, or Clinical Engineer" for a clinical engineer whose
        # certifications and supervision were not exported).
        given = level_as_none or lowest
        if given == highest != lowest:  # (not on years read as none: see _level_at_work)
            given = _level_at_work(kb, profile, values, unknown, runner) or given
        shown, other = (highest, lowest) if given == highest else (lowest, highest)
        level_if_confirmed = other if other != shown else None
        level = None if shown == LEVELS[0] else shown
        level_rules = tuple(r for r in level_rules if kb.by_id[r].rule.then.target == shown)
        level_unknowns = tuple(sorted({f for f, _ in turns_on["level"]} - set(rulings)))
    return replace(
        result,
        certifications=certs,
        paths=paths,
        level=level,
        level_rules=level_rules,
        level_unknowns=level_unknowns,
        level_if_confirmed=level_if_confirmed,
        unknown_fields=tuple(sorted(unknown - set(rulings))),
    )


#: Years not given, read as some rather than none for the level shown: a record without the
#: years column is of someone at work, not of a new graduate (forty-first review: an HR export
#: of a biomedical engineer with a CBET read "Clinical Engineer", the track a graduate not yet
#: working enters, on years of experience read as 0).
_SOME_YEARS = 0.1


def _level_at_work(
    kb: KnowledgeBase, profile: Profile, values: Mapping[str, Any], unknown: frozenset[str],
    runner: _Runner,
) -> str | None:  # fmt: skip
    """The level with the numbers not given at a token of time within their bounds (the rest
    as none); ``None`` when no number is unknown."""
    token: dict[str, Any] = {}
    for name in sorted(unknown):
        spec = kb.fields.get(name)
        if spec is None or spec.type is not FieldType.NUMBER or spec.computed:
            continue
        low, high = floor_of(kb, values, name), ceiling_of(kb, values, name, unknown)
        token[name] = min(max(low, _SOME_YEARS), high)
    if not token:
        return None
    (found,) = runner.run_many(
        [Profile(profile.id, {**values, **token}, profile.provided | set(token))])
    level = found.values.get("level")
    return str(level) if level is not None else None


def _with_unknown_ceilings(
    kb: KnowledgeBase, profile: Profile, unknown: frozenset[str]
) -> frozenset[str]:
    """``unknown`` plus the fields above them in a bound chain that the record leaves out
    as well, though no rule reads them: their default is no ceiling for the completions."""
    found = set(unknown)
    grew = True
    while grew:
        grew = False
        for spec in kb.fields.profile_fields():
            above = spec.not_above
            if spec.name in found and above and above not in found and (
                above in profile.unknown_fields
                # or read, when absent, from a field not known (engineering practice from
                # the clinical engineering years it includes): no ceiling either
                or (above not in profile.provided and kb.fields[above].absent_reads in found)
            ):
                found.add(above)
                grew = True
    return frozenset(found)


def _decide(
    kb: KnowledgeBase,
    profile: Profile,
    values: Mapping[str, Any],
    unknown: frozenset[str],
    firing: Firing,
    runner: _Runner,
) -> tuple[dict[str, frozenset[Dim]], str, str]:
    """The outcomes (and level) that turn on the unknown values, with what they wait for,
    and the lowest and highest levels the completions give."""
    marks = unknown_marks(kb, values, unknown)
    reading = read_values(
        kb, {k: marks.get(k, UNKNOWN) if k in unknown else v for k, v in values.items()})
    open_facts = {
        name: dims
        for name, dims in reading.waits.items()
        if name == "level" or name.startswith(("path.", "certification."))
    }
    combos_of: dict[str, list[dict[str, Any]] | None] = {}
    sampled = []
    for name, dims in open_facts.items():
        combos = completions(kb, values, dims, unknown)
        if combos is None:  # too many to try one by one: a sample first, then the cases
            combos = sample_completions(kb, values, dims, unknown)
            sampled.append(name)
        combos_of[name] = combos
    by_key: dict[tuple[Any, ...], Firing] = {}

    def run(combos_by_name: Iterable[list[dict[str, Any]] | None]) -> None:
        distinct: dict[tuple[Any, ...], dict[str, Any]] = {}
        for combos in combos_by_name:
            for combo in combos or ():
                if _key(combo) not in by_key:
                    distinct.setdefault(_key(combo), combo)
        keys = list(distinct)
        firings = runner.run_many(
            # A completed value counts as given: detail read from another field when absent
            # (engineering practice) keeps the value completed for it.
            Profile(profile.id, {**values, **distinct[k]}, profile.provided | set(distinct[k]))
            for k in keys
        )
        by_key.update(zip(keys, firings, strict=True))

    def varies(name: str) -> bool:
        combos = combos_of[name]
        if combos is None:
            return True
        base = firing.values[name]
        seen = {by_key[_key(c)].values[name] for c in combos}
        if name.startswith("certification.") and base == "eligible" and seen <= _OPEN:
            return False  # open either way: whether it is held already is no question of
            # eligibility ("open now by route 2"; a step to sit it says "if not held")
        return any(value != base for value in seen)

    run(combos_of.values())
    for name in sampled:
        if not varies(name):  # the sample agrees: the cases decide (or None: unchecked)
            combos_of[name] = split_completions(kb, values, open_facts[name], unknown, name)
    run(combos_of[name] for name in sampled)
    # The most the level can be, when its completions were too many to try each: read from
    # the completion at the top of every unknown's range (only for the "or up to" line; whether
    # the level turns on the unknowns is decided as above).
    top = None
    if "level" in open_facts and combos_of.get("level") is None:
        top = highest_completion(kb, values, open_facts["level"], unknown)
        if top is not None:
            run([[top]])

    turns_on = {
        name: _without_moot_rulings(kb, dims, combos_of[name], by_key, name, unknown)
        for name, dims in open_facts.items() if varies(name)
    }  # fmt: skip
    for name in sampled:  # too many completions to pair each: answers over a spread
        if name in turns_on:

            def outcome_of(combos: list[dict[str, Any]], name: str = name) -> list[Any]:
                run([combos])
                return [by_key[_key(c)].values[name] for c in combos]

            moot = moot_questions(kb, values, turns_on[name], unknown, outcome_of)
            turns_on[name] = frozenset(d for d in turns_on[name] if d not in moot)
    seen = [firing.values["level"]] + [
        by_key[_key(c)].values["level"] for c in (*(combos_of.get("level") or ()),
                                                  *((top,) if top is not None else ()))
    ]
    highest = max(seen, key=LEVELS.index)
    if "level" in open_facts and ("level" in sampled or combos_of.get("level") is None):
        # Completions sampled, not tried each: the top of every range is not the top level
        # (the clinical engineer's asks for an engineering field and no CHTM nor recent
        # leading; forty-fifth review: "or up to HTM Supervisor" for a bachelor whose field
        # and clinical engineering years were not exported). The three-valued reading names
        # every level a completion may reach.
        possible = [lv for lv in reading.possible.get("level") or () if lv in LEVELS]
        highest = max([highest, *possible], key=LEVELS.index)
    return turns_on, min(seen, key=LEVELS.index), highest


#: Statuses in which a certification is open to the person (held or eligible).
_OPEN = frozenset({"eligible", "held"})


def _without_moot_rulings(
    kb: KnowledgeBase,
    dims: frozenset[Dim],
    combos: list[dict[str, Any]] | None,
    by_key: Mapping[tuple[Any, ...], Firing],
    name: str,
    unknown: frozenset[str] = frozenset(),
) -> frozenset[Dim]:
    """``dims`` less the questions whose answer never changes ``name`` with everything else
    alike: a certifying body's question is not worth asking when another route needs just
    what the ruled one does (CHTM route 1 for a CBET holder beside route 3's degree ruling),
    nor whether the certifications include a CABT when only a CHTM changes the outcome, nor
    a yes/no (the military programme) when, with everything else alike, both answers give the
    same outcome (a CBET holder's CHTM route 1 asks what route 2 would)."""
    rulings = _rulings(kb)
    # A body's ruling on a value of a field the record does not give waits for that field:
    # the degree field is asked first, not whether a healthcare degree counts.
    moot: set[Dim] = {d for d in dims if d[0] in rulings and d[0].rsplit(".", 1)[-1] in unknown}
    if combos is None:
        return frozenset(d for d in dims if d not in moot) or dims  # keep every other question
    for dim in dims:
        field, key = dim
        is_list = field in kb.fields and kb.fields[field].type is FieldType.LIST
        is_yes_no = field in kb.fields and kb.fields[field].type is FieldType.BOOLEAN
        if field not in rulings and not is_list and not is_yes_no:
            followers = frozenset(s.name for s in kb.fields.profile_fields()
                                  if s.absent_reads == field)
            if field in kb.fields and _moot_value(combos, by_key, name, field, followers):
                moot.add(dim)
            continue
        # Completions alike but for this answer (a ruling's yes, or whether a list holds
        # ``key``): outcome per answer.
        groups: dict[tuple[Any, ...], dict[Any, Any]] = {}
        for combo in combos:
            if field not in combo:
                continue
            if is_list:
                held = tuple(combo[field] or ())
                rest = _key({**combo, field: tuple(v for v in held if v != key)})
                answer: Any = key in held
            else:
                rest = _key({k: v for k, v in combo.items() if k != field})
                answer = combo[field]
            groups.setdefault(rest, {})[answer] = by_key[_key(combo)].values[name]
        paired = [by_answer for by_answer in groups.values() if len(by_answer) > 1]
        if paired and all(len(set(by_answer.values())) == 1 for by_answer in paired):
            moot.add(dim)
        elif is_list and groups and not any(True in by_answer for by_answer in groups.values()):
            moot.add(dim)  # no possible person holds it (a CCE for an associate degree)
    kept = frozenset(d for d in dims if d not in moot)
    return kept or dims


def _moot_value(
    combos: list[dict[str, Any]], by_key: Mapping[tuple[Any, ...], Firing], name: str,
    field: str, followers: frozenset[str] = frozenset(),
) -> bool:
    """Whether ``name`` never changes with ``field``'s value (a degree, a number of years)
    when everything else is alike, over completions that try each of its values with each
    setting of the rest: the degree is no question for an imaging specialist who holds the
    CRES, whose route asks only for imaging years (thirty-sixth review, ag25). Completions
    that do not pair every value with every setting (a degree field tried only beside some
    degrees) decide nothing: a value never paired may be the one that matters. ``followers``:
    fields a completion moves with ``field`` (engineering practice, read from the clinical
    engineering years when absent), not part of the setting (forty-eighth review: the
    supervisor's post asked the clinical engineering years, which never decide it)."""
    groups: dict[tuple[Any, ...], dict[Any, Any]] = {}
    for combo in combos:
        if field not in combo:
            return False
        rest = _key({k: v for k, v in combo.items() if k != field and k not in followers})
        groups.setdefault(rest, {})[repr(combo[field])] = by_key[_key(combo)].values[name]
    tried = {answer for by_answer in groups.values() for answer in by_answer}
    if len(tried) < 2:
        return False
    return all(set(by_answer) == tried and len(set(by_answer.values())) == 1
               for by_answer in groups.values())  # fmt: skip


def _situation(kb: KnowledgeBase, values: Mapping[str, Any], unknown: frozenset[str]) -> Any:
    """What the decision depends on: which fields are unknown, and for every field the truth
    of each test the rules make on it (two profiles alike in these fire alike for every
    completion), plus, across a bound such as imaging <= years, where the known side falls
    among the unknown side's tests."""
    tests = _tests_by_field(kb)
    signature = tuple(
        tuple(test_holds(t, kb.fields[name], values[name]) for t in tests[name])
        for name in sorted(tests)
    )
    across = []
    for spec in kb.fields.profile_fields():
        low, high = spec.name, spec.not_above
        if high is None or (low in unknown) == (high in unknown):
            continue
        known, other = (low, high) if high in unknown else (high, low)
        across.append(tuple(
            test_holds(t, kb.fields[other], values[known]) for t in tests.get(other, ())
        ))
    return unknown, signature, tuple(across)


def _tests_by_field(kb: KnowledgeBase) -> Mapping[str, list[Test]]:
    """The distinct tests rules make on each profile field (cached)."""
    found: dict[str, list[Test]] | None = kb.memo.get("unknowns.tests")
    if found is None:
        found = {}
        seen: set[tuple[str, str, str]] = set()
        for rule in kb.rules:
            for test in walk(rule.when):
                spec = kb.fields.get(test.field)
                key = (test.field, test.op, repr(test.value))
                if spec is None or spec.derived or key in seen:
                    continue
                seen.add(key)
                found.setdefault(test.field, []).append(test)
        kb.memo["unknowns.tests"] = found
    return found


def _key(combo: Mapping[str, Any]) -> tuple[Any, ...]:
    return tuple(sorted(combo.items()))


def _not_itself(kb: KnowledgeBase, name: str, dims: frozenset[Dim]) -> frozenset[Dim]:
    """``dims`` without whether a certification is held already, asked about itself, when
    something else is to confirm: "Confirm whether the certifications include CHTM" for the
    CHTM says nothing a counsellor would ask (fortieth review); its steps say "unless you hold
    it already"."""
    kind, _, target = name.partition(".")
    if kind != "certification":
        return dims
    own = {d for d in dims if d[1] == target and d[0] in kb.fields
           and kb.fields[d[0]].gap_kind == "credential"}  # fmt: skip
    return dims - own if own and dims - own else dims


def _ask_gaps(
    kb: KnowledgeBase,
    profile: Profile,
    dims: frozenset[Dim],
    rulings: Mapping[str, tuple[Ruling, str]],
) -> tuple[Gap, ...]:
    """One gap per unknown field (kind ``unknown``) or ruling (kind ``ruling``)."""
    keys: dict[str, set[Any]] = {}
    for name, key in dims:
        keys.setdefault(name, set()).add(key)
    gaps: list[Gap] = []
    for name in sorted(keys, key=lambda n: (n in rulings, n)):
        if name in rulings:
            ruling, source = rulings[name]
            have = profile.values.get(ruling.field)
            gaps.append(Gap(
                ruling.field, f"{ruling.by} ruling", have, None,
                f"{ruling.by} decides {ruling.note}", "ruling", False, ruling.rule, source,
            ))
            continue
        spec = kb.fields[name]
        wanted = tuple(sorted(str(k) for k in keys[name] if k is not None))
        gaps.append(Gap(
            name, "not given", None, None, confirm_message(spec, keys[name]), "unknown", False,
            wanted=wanted if spec.type is FieldType.LIST else (),
        ))
    return ask_once(gaps, kb.fields)


def confirm_message(spec: FieldSpec, keys: Iterable[Any] = ()) -> str:
    """What to confirm about an unknown field, in words."""
    noun = spec.noun
    if spec.type is FieldType.BOOLEAN:
        return f"Confirm {noun}: yes or no (not given)"
    if spec.type is FieldType.LIST:
        asked = sorted(k for k in keys if k is not None)
        if asked:
            words = ", ".join(spec.describe_value(v) for v in asked)
            return f"Confirm whether the {noun} include {words} (not given)"
    return f"Confirm the {noun} (not given)"


def confirm_gaps(
    kb: KnowledgeBase, gaps: tuple[Gap, ...], unknown: frozenset[str]
) -> tuple[Gap, ...]:
    """``gaps`` with those on fields not given saying to confirm them, each said once (two
    routes' tests on the degree are one question)."""
    out: list[Gap] = []
    for gap in gaps:
        gap = _confirm(kb, gap, unknown)
        if gap.kind not in ("unknown", "ruling") or all(
            (g.kind, g.field, g.message) != (gap.kind, gap.field, gap.message) for g in out
        ):
            out.append(gap)
    return tuple(out)


def _confirm(kb: KnowledgeBase, gap: Gap, unknown: frozenset[str]) -> Gap:
    """A gap on an unknown field says to confirm it, not to acquire what may be there."""
    if gap.kind in ("unknown", "ruling"):
        return gap  # (a question already: kept as asked, merged with others or not)
    requires = confirm_gaps(kb, gap.requires, unknown)
    if gap.field in unknown and gap.field in kb.fields:
        spec = kb.fields[gap.field]
        if spec.origin == RULING_ORIGIN:
            return replace(gap, kind="ruling", message=spec.description.rstrip("."),
                           requires=requires)
        return replace(gap, kind="unknown", have=None, missing=None, closes_with_time=False,
                       message=confirm_message(spec, gap.wanted), requires=requires)
    if requires != gap.requires:
        return replace(gap, requires=requires)
    return gap


def needs_info_count(results: Sequence[Result]) -> int:
    """Outcomes at ``needs_info`` across results (batch reporting)."""
    return sum(o.status == NEEDS_INFO for r in results for o in (*r.certifications, *r.paths))
