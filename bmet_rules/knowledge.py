"""Compiling rulesets together into a :class:`KnowledgeBase`.

Everything that needs all rulesets at once is checked here, before anything runs: fields a
rule names exist (core, plugin or derived), values have the field's type, parameters and
sources exist, a derived fact read by a rule is concluded by some rule, and no rule depends
on itself. Rules are then ordered in *stages*: a rule that reads a derived fact runs in a
later stage than every rule that concludes it. That order is what makes forward chaining
deterministic in both evaluators.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from . import lifecycle
from .conditions import (
    CHOICE_OPERATORS,
    LIST_VALUED,
    NUMERIC_OPERATORS,
    All,
    Any_,
    Condition,
    Not,
    ParamRef,
    Test,
    negation_normal_form,
    walk,
)
from .dating import in_force
from .errors import IssueList
from .fields import LEVELS, FieldRegistry, FieldSpec, FieldType
from .limits import shown
from .profile import Profile
from .ruleset import Parameter, Rule, Ruleset, Source, Target
from .rulings import register_rulings

CERT_STATUSES = ("held", "eligible", "not_eligible")
PATH_STATUSES = ("eligible", "not_eligible")

#: Parameters every knowledge base has; they steer explanations rather than rules.
BUILTIN_PARAMETERS: tuple[Parameter, ...] = (
    Parameter(
        "near_years",
        2,
        "A path or certification is 'near' when each remaining gap is at most this many years "
        "of experience, or a choice the person can make now (travel, a skill, a certification "
        "they may already sit).",
    ),
    Parameter(
        "near_max_gaps",
        2,
        "A path or certification with more gaps than this is never 'near'.",
    ),
    Parameter("advice_next_steps", 5, "How many next steps a result shows (--steps N)."),
)

_OPS_BY_TYPE: dict[FieldType, tuple[str, ...]] = {
    FieldType.NUMBER: (*NUMERIC_OPERATORS, "equals", "not_equals"),
    FieldType.ORDERED: (*NUMERIC_OPERATORS, *CHOICE_OPERATORS),
    FieldType.CHOICE: CHOICE_OPERATORS,
    FieldType.TEXT: CHOICE_OPERATORS,
    FieldType.BOOLEAN: ("is",),
    FieldType.LIST: ("includes", "includes_any", "includes_all", "includes_none"),
}


@dataclass(frozen=True)
class CompiledRule:
    """A rule with parameters resolved, its condition type-checked, and its stage."""

    rule: Rule
    when: Condition
    nnf: Condition
    stage: int
    index: int
    id: str = ""
    """The rule's id (a field, not a property: it is read in every hot loop)."""

    def fields(self) -> set[str]:
        """The fields the rule's condition reads."""
        return {t.field for t in walk(self.when)}


@dataclass
class KnowledgeBase:
    """Every loaded ruleset compiled together: what both evaluators and explanations run."""

    rulesets: tuple[Ruleset, ...]
    rules: tuple[CompiledRule, ...]
    stages: tuple[tuple[CompiledRule, ...], ...]
    fields: FieldRegistry
    paths: Mapping[str, Target]
    certifications: Mapping[str, Target]
    sources: Mapping[str, Source]
    parameters: Mapping[str, Parameter]
    overrides: Mapping[str, Any]
    routes: Mapping[str, tuple[CompiledRule, ...]]
    """Route rules by derived field (``path.X``, ``certification.X``)."""
    requirements: Mapping[str, tuple[CompiledRule, ...]]
    level_rules: tuple[CompiledRule, ...]
    fact_rules: Mapping[str, tuple[CompiledRule, ...]]
    target_stage: Mapping[str, int]
    """The stage after which each derived field's value is final (-1: known from the start)."""
    digest: str
    by_id: Mapping[str, CompiledRule] = field(default_factory=dict)
    plugins: Any = None
    """The plugin manager the rulesets were loaded with (for ``adjust_result``)."""
    engines: dict[str, Any] = field(default_factory=dict)
    """Evaluators built for this knowledge base, by engine name (see ``api.get_engine``)."""
    memo: dict[str, Any] = field(default_factory=dict, repr=False)
    """Explanation caches (``bmet_rules.explain``): pure data, safe to share with forked
    workers, unlike engine handles."""
    as_of: dt.date | None = None
    """The evaluation date the rules in force were chosen for (``None``: every rule, as
    ``check`` compiles them); date-derived fields are computed for it."""
    by_date: dict[dt.date, KnowledgeBase] = field(default_factory=dict, repr=False)
    """The same rulesets compiled for other evaluation dates (``for_date``)."""
    _defaults: dict[str, Any] | None = field(default=None, repr=False)
    _plans: dict[int, list[tuple[Any, ...]]] = field(default_factory=dict, repr=False)

    def for_date(self, as_of: dt.date) -> KnowledgeBase:
        """The same rulesets, parameters and plugins, with the rules in force on ``as_of``."""
        if as_of == self.as_of:
            return self
        if as_of not in self.by_date:
            base = FieldRegistry([s for s in self.fields if not s.derived and s.origin != "ruling"])
            kb = compile_rulesets(self.rulesets, base, self.overrides, as_of)
            kb.plugins = self.plugins
            self.by_date[as_of] = kb
        return self.by_date[as_of]

    def target_field(self, target: str) -> str:
        """The derived field of a path or certification id (``CBET`` -> ``certification.CBET``)."""
        return _target_field(target, self.paths)

    def parameter(self, name: str) -> Any:
        """The effective value of a parameter (override or default)."""
        return self.parameters[name].value

    def meta(self) -> dict[str, Any]:
        """The ``ruleset`` object of a result: names, versions and one digest for them all."""
        # (Each ruleset's version in the names' order: sorted, "bmet-advice+...-levels" read
        # as if bmet-advice were at the certifications' version.)
        return {
            "name": "+".join(r.name for r in self.rulesets),
            "version": "+".join(r.version for r in self.rulesets),
            "digest": self.digest,
            "rulesets": [r.meta() for r in self.rulesets],
        }

    def initial_values(self, profile: Profile) -> dict[str, Any]:
        """Profile values plus every derived fact at its starting value."""
        if self._defaults is None:
            self._defaults = {s.name: s.default_value() for s in self.fields if s.derived}
        values = {**profile.values, **self._defaults}
        if len(values) < len(self.fields):
            # A profile parsed with another registry (one without this knowledge base's
            # ruling answers, say): the fields it lacks take their defaults.
            for spec in self.fields:
                values.setdefault(spec.name, spec.default_value())
        lifecycle.apply(values, profile.dates, profile.provided, self.as_of or dt.date.today())
        self.resolve(values, set(), -1)
        return values

    def resolve(self, values: dict[str, Any], fired: set[str] | frozenset[str], stage: int) -> None:
        """Set each derived fact that becomes final after ``stage``, from the rules that fired.

        The same function serves both evaluators, so they can differ only in which rules
        they found to fire: that is what the oracle tests compare. It runs for every profile
        and stage, so what to settle at each stage is worked out once.
        """
        plan = self._plans.get(stage)
        if plan is None:
            plan = self._plans[stage] = self._resolution_plan(stage)
        for name, kind, rules, gates, code in plan:
            if kind == "level":  # the level rules, highest level first: the first fired wins
                values[name] = next((lv for rule_id, lv in rules if rule_id in fired), LEVELS[0])
            elif kind == "fact":
                winners = [r for r in rules if r.id in fired]
                if winners:
                    best = min(winners, key=lambda r: (-r.rule.priority, r.index))
                    values[name] = best.rule.then.value
            elif kind == "certification" and code in values.get("certifications", ()):
                values[name] = "held"
            else:
                # Set operations: this line runs for every target of every profile.
                open_route = not fired.isdisjoint(rules)
                values[name] = "eligible" if open_route and gates <= fired else "not_eligible"

    def _resolution_plan(self, stage: int) -> list[tuple[str, str, Any, Any, str]]:
        """(derived fact, kind, its rules, its requirement rules, certification code) for one
        stage; for paths and certifications the rules are given as sets of ids."""
        plan: list[tuple[str, str, Any, Any, str]] = []
        for name, final_stage in self.target_stage.items():
            if final_stage != stage:
                continue
            if name == "level":
                ranked = sorted(self.level_rules, key=lambda r: -LEVELS.index(r.rule.then.target))
                plan.append((name, "level", [(r.id, r.rule.then.target) for r in ranked], (), ""))
            elif name.startswith(("path.", "certification.")):
                kind = name.partition(".")[0]
                routes = frozenset(r.id for r in self.routes.get(name, ()))
                gates = frozenset(r.id for r in self.requirements.get(name, ()))
                plan.append((name, kind, routes, gates, name[14:]))
            else:
                plan.append((name, "fact", self.fact_rules.get(name, ()), (), ""))
        return plan


def compile_rulesets(
    rulesets: Sequence[Ruleset],
    fields: FieldRegistry,
    overrides: Mapping[str, Any] | None = None,
    as_of: dt.date | None = None,
) -> KnowledgeBase:
    """Check the rulesets against each other and compile them; raises ``RulesetError``.

    With ``as_of``, only the rules in force on that date are compiled (``effective_from`` /
    ``effective_until``); without it every rule is, which is what ``check`` wants.
    """
    issues = IssueList()
    overrides = dict(overrides or {})
    registry = fields.copy()
    register_rulings(rulesets, registry, issues)

    sources: dict[str, Source] = {}
    parameters: dict[str, Parameter] = {p.name: p for p in BUILTIN_PARAMETERS}
    paths: dict[str, Target] = {}
    certifications: dict[str, Target] = {}
    fact_types: dict[str, str] = {}
    rule_owner: dict[str, Ruleset] = {}
    names: dict[str, Ruleset] = {}

    for rs in rulesets:
        where = {"file": rs.file}
        if rs.name in names:
            issues.add(
                f"ruleset name {rs.name!r} is loaded twice (also {names[rs.name].file})", **where
            )
        names[rs.name] = rs
        for sid, src in rs.sources.items():
            if sid in sources and sources[sid] != src:
                issues.add(f"source {sid!r} is defined differently in two rulesets", **where)
            sources[sid] = src
        for pname, param in rs.parameters.items():
            if pname in parameters:
                issues.add(f"parameter {pname!r} is declared twice", line=param.line, **where)
            parameters[pname] = param
        for table, into in ((rs.paths, paths), (rs.certifications, certifications)):
            for tid, target in table.items():
                if tid in into:
                    issues.add(f"{tid!r} is declared twice", line=target.line, **where)
                into[tid] = target
        for fname, decl in rs.facts.items():
            if fname in fact_types or fname in registry:
                issues.add(
                    f"fact {fname!r} clashes with another field or fact", line=decl.line, **where
                )
            fact_types[fname] = decl.type
        for rule in rs.rules:
            if rule.id in rule_owner:
                first = rule_owner[rule.id]
                issues.add(
                    f"duplicate rule id (also in {first.file or first.name})",
                    rule=rule.id,
                    line=rule.line,
                    code="duplicate-rule",
                    **where,
                )
            rule_owner[rule.id] = rs

    for pname, value in overrides.items():
        if pname not in parameters:
            issues.add(
                f"no parameter called {pname!r} to override",
                hint="known parameters: " + ", ".join(sorted(parameters)),
                code="unknown-parameter",
            )
            continue
        default = parameters[pname]
        coerced = _coerce_override(default.value, value)
        if coerced is None:
            issues.add(
                f"parameter {pname!r} takes a {_kind(default.value)}, got {value!r}",
                code="parameter-type",
            )
            continue
        parameters[pname] = replace(default, value=coerced)

    _declare_vocabulary(registry, rulesets, certifications)
    registry.register(
        FieldSpec(
            "level",
            FieldType.ORDERED,
            "BMET level concluded by the rules.",
            values=LEVELS,
            derived=True,
            label="level",
            gap_kind="prerequisite",
            normalize=None,
        )
    )
    for cid, target in certifications.items():
        registry.register(
            FieldSpec(
                f"certification.{cid}",
                FieldType.CHOICE,
                f"Status of {target.title}.",
                values=CERT_STATUSES,
                default="not_eligible",
                derived=True,
                label=cid,
                gap_kind="prerequisite",
                normalize=None,
            )
        )
    for pid, target in paths.items():
        registry.register(
            FieldSpec(
                f"path.{pid}",
                FieldType.CHOICE,
                f"Status of the path {target.title}.",
                values=PATH_STATUSES,
                default="not_eligible",
                derived=True,
                label=target.title,
                gap_kind="prerequisite",
                normalize=None,
            )
        )
    for fname, ftype in fact_types.items():
        registry.register(
            FieldSpec(
                fname,
                {"boolean": FieldType.BOOLEAN, "number": FieldType.NUMBER, "text": FieldType.TEXT}[
                    ftype
                ],
                f"Derived fact {fname}.",
                derived=True,
                normalize=None,
            )
        )

    compiled: list[CompiledRule] = []
    contributors: dict[str, list[Rule]] = {}
    in_effect = (r for rs in rulesets for r in rs.rules if in_force(r.effective, as_of))
    for index, rs_rule in enumerate(in_effect):
        where = {"file": rs_rule.file, "rule": rs_rule.id}
        if rs_rule.source not in sources:
            issues.add(
                f"source {rs_rule.source!r} is not declared under `sources:`",
                line=rs_rule.line,
                code="unknown-source",
                **where,
            )
        when = _check_condition(rs_rule.when, registry, parameters, issues, where)
        rs_rule = _fill_texts(rs_rule, parameters, issues)
        for name in _conclusion_fields(rs_rule, paths, certifications, fact_types, issues):
            contributors.setdefault(name, []).append(rs_rule)
        if when is not None:
            compiled.append(
                CompiledRule(rs_rule, when, negation_normal_form(when), 0, index, rs_rule.id)
            )

    _check_skills(compiled, rulesets, issues)
    reads = {c.id: {f for f in c.fields() if registry[f].derived} for c in compiled}
    for c in compiled:
        for name in sorted(reads[c.id]):
            if name.startswith("certification."):
                continue  # "held" comes from the profile, so a certification is always known
            if not contributors.get(name):
                line = next((t.line for t in walk(c.when) if t.field == name), c.rule.line)
                issues.add(
                    f"reads {name!r}, which no rule concludes",
                    rule=c.id,
                    file=c.rule.file,
                    line=line,
                    field=name,
                    code="underived-fact",
                )

    stages = _stages(compiled, reads, contributors, issues)
    issues.raise_if_errors()

    compiled = [replace(c, stage=stages[c.id]) for c in compiled]
    by_id = {c.id: c for c in compiled}
    depth = max((c.stage for c in compiled), default=-1) + 1
    grouped = tuple(tuple(c for c in compiled if c.stage == s) for s in range(depth))

    routes: dict[str, list[CompiledRule]] = {}
    requirements: dict[str, list[CompiledRule]] = {}
    fact_rules: dict[str, list[CompiledRule]] = {}
    level_rules: list[CompiledRule] = []
    for c in compiled:
        then = c.rule.then
        if then.kind in ("path", "certification"):
            routes.setdefault(f"{then.kind}.{then.target}", []).append(c)
        elif then.kind == "requirement_for":
            for t in then.targets:
                requirements.setdefault(_target_field(t, paths), []).append(c)
        elif then.kind == "level":
            level_rules.append(c)
        else:
            fact_rules.setdefault(then.target, []).append(c)

    target_stage: dict[str, int] = {}
    for spec in registry:
        if spec.derived:
            owners = contributors.get(spec.name, [])
            target_stage[spec.name] = max((by_id[r.id].stage for r in owners), default=-1)

    digest_src = "\n".join(rs.digest for rs in rulesets) + "\n" + repr(sorted(overrides.items()))
    if as_of is not None and any(r.effective.dated for rs in rulesets for r in rs.rules):
        # Dated rules: the date chose which of them run, so it is part of what ran.
        in_use = ",".join(c.id for c in compiled)
        digest_src += "\n" + hashlib.sha256(in_use.encode()).hexdigest()
    digest = "sha256:" + hashlib.sha256(digest_src.encode()).hexdigest()
    return KnowledgeBase(
        rulesets=tuple(rulesets),
        rules=tuple(compiled),
        stages=grouped,
        fields=registry,
        paths=paths,
        certifications=certifications,
        sources=sources,
        parameters=parameters,
        overrides=overrides,
        routes={k: tuple(v) for k, v in routes.items()},
        requirements={k: tuple(v) for k, v in requirements.items()},
        level_rules=tuple(level_rules),
        fact_rules={k: tuple(v) for k, v in fact_rules.items()},
        target_stage=target_stage,
        digest=digest,
        by_id=by_id,
        as_of=as_of,
    )


_PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)\}")


def _declare_vocabulary(
    registry: FieldRegistry, rulesets: Sequence[Ruleset], certifications: Mapping[str, Target]
) -> None:
    """Certifications and skills the rulesets declare become the known values of the profile's
    ``certifications`` and ``skills`` lists, so a value outside them is reported as unknown."""
    if "certifications" in registry:
        registry.widen("certifications", list(certifications))
    if "skills" in registry:
        registry.widen(
            "skills",
            [s for rs in rulesets for s in rs.skills],
            {word: label for rs in rulesets for word, label in rs.skill_labels.items()},
        )


def _check_skills(
    compiled: Sequence[CompiledRule], rulesets: Sequence[Ruleset], issues: IssueList
) -> None:
    """Once any loaded ruleset declares a skills vocabulary, every skill a rule reads must be
    in it: a rule asking for an undeclared skill could never be met by a warned-about value."""
    declared = {s for rs in rulesets for s in rs.skills}
    if not declared:
        return
    for c in compiled:
        for test in walk(c.when):
            if test.field != "skills" or isinstance(test.value, ParamRef):
                continue
            values = test.value if isinstance(test.value, tuple) else (test.value,)
            for value in values:
                if isinstance(value, str) and value not in declared:
                    issues.add(
                        f"skill {value!r} is not declared; add it to a ruleset's `skills:` "
                        f"section (declared: {', '.join(sorted(declared))})",
                        file=c.rule.file, line=c.rule.line, rule=c.id, field="skills",
                        code="undeclared-skill",
                    )


_PLURAL = re.compile(r"\b(\d+(?:\.\d+)?) (\w+)\(s\)")


def _plural(match: re.Match[str]) -> str:
    number, noun = match.group(1), match.group(2)
    return f"{number} {noun}" if float(number) == 1 else f"{number} {noun}s"


def _fill_texts(rule: Rule, parameters: Mapping[str, Parameter], issues: IssueList) -> Rule:
    """Put parameter values into a rule's title, description and route text.

    ``route: "associate degree + {cbet_years_with_degree} years"`` then reads right after an
    institution overrides the parameter; a literal number would go stale.
    """

    def fill(text: str | None) -> str | None:
        if text is None or "{" not in text:
            return text

        def value(match: re.Match[str]) -> str:
            name = match.group(1)
            if name not in parameters:
                issues.add(
                    f"the text names {{{name}}}, which is not a parameter",
                    rule=rule.id, file=rule.file, line=rule.line, code="unknown-parameter",
                )
                return match.group(0)
            found = parameters[name].value
            if isinstance(found, tuple):
                return ", ".join(found)
            return f"{found:g}" if isinstance(found, float) else str(found)

        # "{n} year(s)" reads "1 year" or "2 years" once the number is known.
        return _PLURAL.sub(_plural, _PLACEHOLDER.sub(value, text))

    then = replace(rule.then, route=fill(rule.then.route))
    return replace(
        rule, title=fill(rule.title) or rule.title, description=fill(rule.description) or "",
        then=then,
    )


def _target_field(target: str, paths: Mapping[str, Target]) -> str:
    return f"path.{target}" if target in paths else f"certification.{target}"


def _conclusion_fields(
    rule: Rule,
    paths: Mapping[str, Target],
    certifications: Mapping[str, Target],
    fact_types: Mapping[str, str],
    issues: IssueList,
) -> list[str]:
    then = rule.then
    where = {"file": rule.file, "line": rule.line, "rule": rule.id}
    if then.kind == "level":
        if then.target not in LEVELS[1:]:
            issues.add(
                f"unknown level {then.target!r}", hint="levels: " + ", ".join(LEVELS[1:]), **where
            )
            return []
        return ["level"]
    if then.kind == "fact":
        ftype = fact_types.get(then.target)
        if ftype is None:
            issues.add(f"fact {then.target!r} is not declared under `facts:`", **where)
            return []
        if _kind(then.value) != ftype:
            issues.add(
                f"fact {then.target!r} is {ftype}, but the rule sets {then.value!r}", **where
            )
        return [then.target]
    out = []
    for target in then.targets:
        if then.kind == "path" and target not in paths:
            issues.add(
                f"unknown path {target!r}",
                hint="declare it under `paths:`",
                code="unknown-target",
                **where,
            )
        elif then.kind == "certification" and target not in certifications:
            issues.add(
                f"unknown certification {target!r}",
                hint="declare it under `certifications:`",
                code="unknown-target",
                **where,
            )
        elif then.kind == "certification" and not certifications[target].advised:
            issues.add(f"{target} is only ever held; no rule may conclude it", **where)
        elif (
            then.kind == "requirement_for" and target not in paths and target not in certifications
        ):
            issues.add(f"unknown path or certification {target!r}", code="unknown-target", **where)
        else:
            out.append(
                _target_field(target, paths)
                if then.kind == "requirement_for"
                else f"{then.kind}.{target}"
            )
    return out


def _check_condition(
    cond: Condition,
    registry: FieldRegistry,
    parameters: Mapping[str, Parameter],
    issues: IssueList,
    where: dict[str, Any],
) -> Condition | None:
    if isinstance(cond, Not):
        inner = _check_condition(cond.item, registry, parameters, issues, where)
        return Not(inner, cond.line) if inner is not None else None
    if isinstance(cond, (All, Any_)):
        items = [_check_condition(i, registry, parameters, issues, where) for i in cond.items]
        if any(i is None for i in items):
            return None
        return type(cond)(tuple(i for i in items if i is not None), cond.line)
    here = {**where, "line": cond.line, "field": cond.field}
    spec = registry.get(cond.field)
    if spec is None:
        issues.add(
            f"unknown field {cond.field!r}",
            hint="profile fields: " + ", ".join(s.name for s in registry.profile_fields()),
            code="unknown-field",
            **here,
        )
        return None
    allowed = _OPS_BY_TYPE[spec.type]
    if cond.op not in allowed:
        issues.add(
            f"operator {cond.op!r} does not apply to a {spec.type.value} field",
            hint="use " + ", ".join(allowed),
            code="type-mismatch",
            **here,
        )
        return None
    value, param = cond.value, None
    if isinstance(value, ParamRef):
        param = value.name
        if param not in parameters:
            issues.add(f"unknown parameter {param!r}", code="unknown-parameter", **here)
            return None
        value = parameters[param].value
    checked = _check_value(spec, cond.op, value)
    if isinstance(checked, str):
        issues.add(checked, code="type-mismatch", **here)
        return None
    return Test(cond.field, cond.op, checked[0], cond.line, param, cond.ruling)


def _check_value(spec: FieldSpec, op: str, value: Any) -> tuple[Any] | str:
    """The value normalised like profile values, or a message saying what is wrong."""
    many = op in LIST_VALUED
    if many != isinstance(value, tuple):
        return (f"`{op}` takes a list of values" if many else f"`{op}` takes a single value") + (
            f", got {shown(list(value) if isinstance(value, tuple) else value)}"
        )
    items = value if many else (value,)
    out = []
    for item in items:
        if spec.type is FieldType.NUMBER:
            if isinstance(item, bool) or not isinstance(item, (int, float)):
                return f"{spec.name} is a number; {shown(item)} is not"
        elif spec.type is FieldType.BOOLEAN:
            if not isinstance(item, bool):
                return f"{spec.name} is yes/no; write `is: true` or `is: false`, not {shown(item)}"
        else:
            if not isinstance(item, str):
                return f"{spec.name} takes words; {shown(item)} is not one"
            if spec.normalize == "upper":
                item = item.strip().upper()
            elif spec.normalize == "lower":
                item = item.strip().lower()
            closed = spec.values and not (spec.type is FieldType.LIST and spec.open_values)
            if closed and item not in spec.values:
                return (
                    f"{shown(item)} is not a value of {spec.name} "
                    f"(values: {', '.join(spec.values)})"
                )
        out.append(item)
    return (tuple(out) if many else out[0],)


def _stages(
    compiled: Iterable[CompiledRule],
    reads: Mapping[str, set[str]],
    contributors: Mapping[str, list[Rule]],
    issues: IssueList,
) -> dict[str, int]:
    rules = {c.id: c for c in compiled}
    stage: dict[str, int] = {}
    visiting: list[str] = []

    def visit(rule_id: str) -> int:
        if rule_id in stage:
            return stage[rule_id]
        if rule_id in visiting:
            cycle = [*visiting[visiting.index(rule_id) :], rule_id]
            c = rules[rule_id]
            issues.add(
                "rules depend on each other in a cycle: " + " -> ".join(cycle),
                rule=rule_id,
                file=c.rule.file,
                line=c.rule.line,
                code="cycle",
            )
            stage[rule_id] = 0
            return 0
        visiting.append(rule_id)
        deps = [
            r.id for name in reads[rule_id] for r in contributors.get(name, []) if r.id in rules
        ]
        result = 1 + max((visit(d) for d in deps), default=-1)
        visiting.pop()
        stage[rule_id] = result
        return result

    for rule_id in rules:
        visit(rule_id)
    return stage


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, tuple):
        return "list"
    return "text"


def _coerce_override(default: Any, value: Any) -> Any:
    """An override in the default's type (CLI values arrive as text), or ``None``."""
    kind = _kind(default)
    if kind == "number":
        if isinstance(value, bool):
            return None
        if isinstance(value, (int, float)):
            return value
        try:
            number = float(str(value))
        except ValueError:
            return None
        return int(number) if number.is_integer() else number
    if kind == "boolean":
        if isinstance(value, bool):
            return value
        word = str(value).strip().lower()
        return {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}.get(
            word
        )
    if kind == "list":
        if isinstance(value, (list, tuple)):
            return tuple(str(v) for v in value)
        return tuple(v.strip() for v in str(value).split(";") if v.strip())
    return str(value)
