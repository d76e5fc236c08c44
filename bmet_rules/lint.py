"""``bmet-rules check``: find what is wrong with rulesets before anything is evaluated.

Loading already rejects what cannot run (bad YAML, unknown fields and operators, wrong value
types, duplicate ids, facts read but never concluded, cycles). This module collects those
problems from every file at once instead of stopping at the first file, and then looks for
what loads fine but cannot be what the author meant:

* **unreachable rules** (errors, code ``unreachable``): conditions that no profile can meet,
  such as ``years_experience`` at least 5 *and* less than 3. Found by reasoning about the set
  of values each field may take, over the rule's negation normal form; a rule with ``any:``
  is unreachable only when every alternative is.
* **conflicting conclusions** (warning ``conflict``): two rules of equal priority that set the
  same derived fact to different values and can both fire for one profile; which one wins
  then depends on the order the rules are written in.
* **targets with no route** (warning ``no-route``): a path or advised certification that no
  rule concludes can never be eligible.
* **unused declarations** (warning ``unused-parameter`` / ``unused-source``).
* **requirements that block their target** (warning ``requirement-blocks-target``): a
  ``requirement_for`` rule that contradicts every route of the path or certification it gates.

The reasoning is exact for single fields and never guesses: when in doubt (a condition too
large to expand) it reports nothing, so a warning or error here always points at a real case.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pluggy
import yaml

from .advice.model import advice_parameters
from .conditions import OPERATOR_WORDS, All, Any_, Condition, Not, Test, walk
from .errors import Issue, RulesetError
from .fields import FieldRegistry, FieldSpec, FieldType
from .knowledge import CompiledRule, KnowledgeBase, compile_rulesets
from .provenance import effective_range_issues, source_issues
from .ruleset import Ruleset, load_ruleset_file, parse_ruleset, ruleset_files
from .yamlsource import LineMap, load_yaml_file

#: Expanding a condition into alternatives stops here; beyond it the condition is assumed
#: satisfiable, so a huge condition can cost a missed finding but never a false one.
MAX_ALTERNATIVES = 4096


# --------------------------------------------------------------------------- loading


@dataclass
class LoadedRulesets:
    """Everything read for a check or a test run, with the problems met while reading.

    ``scope`` holds the resolved ruleset files named on the command line (empty when none
    were): their warnings are the ones reported, while the standard and plugin rulesets are
    loaded only so that references to their paths, facts and parameters resolve.
    """

    rulesets: list[Ruleset]
    fields: FieldRegistry
    overrides: dict[str, Any]
    plugin_manager: pluggy.PluginManager
    issues: list[Issue] = field(default_factory=list)
    scope: set[Path] = field(default_factory=set)
    resolved: dict[str, Path] = field(default_factory=dict)
    """Display name of each loaded file -> its resolved path."""
    origins: dict[str, str] = field(default_factory=dict)
    """Ruleset name -> the plugin that registers it (``standard`` for the standard ones);
    a named file that replaces a registered ruleset keeps that plugin."""
    override_origins: dict[str, str] = field(default_factory=dict)
    """Parameter name -> the plugin whose override is in ``overrides``."""

    def compile(
        self, params: Mapping[str, Any] | None = None, as_of: dt.date | None = None
    ) -> KnowledgeBase:
        """Compile the rulesets with parameter overrides, with the rules in force on ``as_of``
        (every rule when ``None``); raises :class:`RulesetError`."""
        if any(i.severity == "error" for i in self.issues):
            raise RulesetError(self.issues)
        kb = compile_rulesets(
            self.rulesets, self.fields, {**self.overrides, **(params or {})}, as_of
        )
        kb.plugins = self.plugin_manager
        return kb

    def covers(self, file: str | None) -> bool:
        """Whether a loaded file is one the user asked about (every file, if none named)."""
        if not self.scope or file is None:
            return True
        resolved = self.resolved.get(file)
        return resolved is None or resolved in self.scope

    def covers_named(self, file: str | None) -> bool:
        """Whether a loaded file is one named on the command line."""
        resolved = self.resolved.get(file or "")
        return resolved is not None and resolved in self.scope

    def in_scope(self, issue: Issue) -> bool:
        """Whether an issue concerns a file the user asked about."""
        return self.covers(issue.file)


def display_path(path: Path) -> str:
    """A path as people read it: relative to the current folder when it lies inside it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if relative.startswith("..") else relative


def load_sources(
    paths: Sequence[Path | str] = (),
    *,
    standard: bool = True,
    plugin_manager: pluggy.PluginManager | None = None,
) -> LoadedRulesets:
    """Read the standard, plugin and named rulesets, collecting every problem.

    Like :func:`bmet_rules.api.load_rulesets`, but problems are collected rather than raised,
    and the files at ``paths`` are checked *in place of* installed copies of the same
    rulesets: an author runs ``bmet-rules check rulesets/`` or ``check my-plugin/rules/``
    on a checkout while the package or the plugin is installed too. A registered ruleset
    with the name of a named one is left out (the named one takes its place in the order),
    and a file both registered and named is read once.
    """
    from .api import plugin_fields
    from .plugins import collect, get_plugin_manager

    pm = plugin_manager or get_plugin_manager()
    issues: list[Issue] = []
    resolved: dict[str, Path] = {}

    def read(file: Path) -> Ruleset | None:
        name = display_path(file)
        resolved[name] = file.resolve()
        try:
            return load_ruleset_file(file, display=name)
        except RulesetError as exc:
            issues.extend(exc.issues)
            return None

    try:
        fields = plugin_fields(pm)
    except RulesetError as exc:
        issues.extend(exc.issues)
        from .fields import CORE_FIELDS

        fields = FieldRegistry(CORE_FIELDS)

    # The named files first, so that installed rulesets of the same names can give way.
    scope: set[Path] = set()
    named: dict[Path, Ruleset | None] = {}
    for entry in paths:
        path = Path(entry)
        if not path.exists():
            issues.append(Issue("no such file or folder", file=str(path), code="missing",
                                hint="give a ruleset file or a folder of *.yaml rulesets"))
            continue
        files = ruleset_files(path)
        if not files:
            issues.append(Issue("no ruleset files (*.yaml, *.yml) in this folder",
                                severity="warning", file=str(path), code="empty"))
        for file in files:
            real = file.resolve()
            scope.add(real)
            if real not in named:
                named[real] = read(file)
    by_name = {rs.name: rs for rs in named.values() if rs is not None}

    rulesets: list[Ruleset] = []
    origins: dict[str, str] = {}

    def place(rs: Ruleset, plugin: str) -> None:
        chosen = by_name.get(rs.name, rs)
        origins.setdefault(chosen.name, plugin)
        if not any(chosen is r for r in rulesets):
            rulesets.append(chosen)

    seen: set[Path] = set(named)
    for plugin, args, _ in collect(pm, "register_rulesets"):
        if plugin == "standard" and not standard:
            continue
        for item in args:
            if isinstance(item, (str, Path)):
                for file in ruleset_files(Path(item)):
                    real = file.resolve()
                    if real in named:
                        found = named[real]
                    elif real in seen:
                        continue
                    else:
                        seen.add(real)
                        found = read(file)
                    if found is not None:
                        place(found, plugin)
            else:
                try:
                    place(parse_ruleset(item, file=f"<plugin {plugin}>"), plugin)
                except RulesetError as exc:
                    issues.extend(exc.issues)
    for rs in named.values():  # named rulesets no plugin registers (or a name used twice)
        if rs is not None and not any(rs is r for r in rulesets):
            rulesets.append(rs)
    overrides: dict[str, Any] = {}
    override_origins: dict[str, str] = {}
    for plugin, args, _ in collect(pm, "register_parameters"):
        overrides[args[0]] = args[1]
        override_origins[args[0]] = plugin
    return LoadedRulesets(rulesets, fields, overrides, pm, issues, scope, resolved, origins,
                          override_origins)


# --------------------------------------------------------------------------- check


@dataclass
class CheckReport:
    """What ``bmet-rules check`` found, and how much it looked at."""

    issues: list[Issue]
    files: list[str]
    """The ruleset files checked (display names)."""
    rules: int
    """The rules that loaded and were analysed."""

    @property
    def errors(self) -> list[Issue]:
        """Issues that stop the rulesets from being used as written."""
        return [i for i in self.issues if i.severity == "error"]

    @property
    def warnings(self) -> list[Issue]:
        """Issues worth a look that do not stop anything."""
        return [i for i in self.issues if i.severity == "warning"]

    def to_dict(self) -> dict[str, Any]:
        """JSON form (``bmet-rules check --format json``)."""
        return {
            "issues": [i.to_dict() for i in self.issues],
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "files": self.files,
            "rules": self.rules,
        }


def check_rulesets(
    paths: Sequence[Path | str] = (),
    *,
    standard: bool = True,
    plugin_manager: pluggy.PluginManager | None = None,
    params: Mapping[str, Any] | None = None,
) -> list[Issue]:
    """Validate rulesets without evaluating anything; returns every issue found.

    :param paths: ruleset files or folders to check. With none, the standard rulesets and
        every plugin's rulesets are checked. With some, the standard and plugin rulesets are
        still loaded (when ``standard`` is true) so that a plugin's rules may read standard
        paths and facts, but only errors are reported from them, not their warnings.
    :param standard: load the standard knowledge base alongside ``paths``.
    :param params: parameter overrides to check the rules with (defaults otherwise).
    Errors have ``severity == "error"``; the rest are warnings.
    """
    return check(paths, standard=standard, plugin_manager=plugin_manager, params=params).issues


def check(
    paths: Sequence[Path | str] = (),
    *,
    standard: bool = True,
    plugin_manager: pluggy.PluginManager | None = None,
    params: Mapping[str, Any] | None = None,
) -> CheckReport:
    """:func:`check_rulesets`, with the files and number of rules looked at."""
    loaded = load_sources(paths, standard=standard, plugin_manager=plugin_manager)
    issues = list(loaded.issues)
    files = [rs.file or rs.name for rs in loaded.rulesets if loaded.covers(rs.file)]
    if loaded.issues and not loaded.rulesets:
        return CheckReport(_sorted(issues), files, 0)
    kb, dropped = _compile_leniently(loaded, params, issues)
    rules = 0
    if kb is not None:
        errors_before = any(i.severity == "error" for i in loaded.issues)
        issues.extend(_analyse(kb, complete=not dropped and not errors_before))
        rules = sum(1 for r in kb.rules if loaded.covers(r.rule.file))
    kept = _unique(i for i in issues if i.severity == "error" or loaded.in_scope(i))
    return CheckReport(_sorted(kept), files, rules)


def _compile_leniently(
    loaded: LoadedRulesets, params: Mapping[str, Any] | None, issues: list[Issue]
) -> tuple[KnowledgeBase | None, set[str]]:
    """Compile, and when that fails, compile again without the rules at fault.

    The errors of the first attempt are reported; the second attempt exists only so that
    the remaining rules still get checked for contradictions in the same run.
    """
    rulesets = list(loaded.rulesets)
    overrides = {**loaded.overrides, **(params or {})}
    dropped: set[str] = set()
    for attempt in range(5):
        try:
            kb = compile_rulesets(rulesets, loaded.fields, overrides)
        except RulesetError as exc:
            if attempt == 0:
                issues.extend(exc.issues)
            culprits = {i.rule for i in exc.issues if i.rule and i.severity == "error"}
            if not culprits - dropped:
                return None, dropped
            dropped |= culprits
            rulesets = [
                replace(rs, rules=tuple(r for r in rs.rules if r.id not in dropped))
                for rs in rulesets
            ]
            continue
        kb.plugins = loaded.plugin_manager
        return kb, dropped
    return None, dropped


def _analyse(kb: KnowledgeBase, complete: bool) -> list[Issue]:
    """The checks that need a compiled knowledge base.

    ``complete`` is false when some rules were left out because they did not load: then
    "nothing concludes this path" and "nothing uses this parameter" would be false alarms.
    """
    issues: list[Issue] = []
    issues += _unreachable_rules(kb)
    issues += _conflicting_facts(kb)
    issues += _blocking_requirements(kb)
    issues += source_issues(kb, _source_line)
    issues += effective_range_issues(kb)
    issues += _too_large_for_durable(kb)
    issues += _advice_issues(kb)
    if complete:
        issues += _targets_without_routes(kb)
        issues += _unused_declarations(kb)
    return issues


def _advice_issues(kb: KnowledgeBase) -> list[Issue]:
    """The ``advice:`` sections' mistakes (an unknown key, an id no target has): found here,
    not first by the ``explain`` that needs them."""
    from .advice.model import build_model  # (the planner is not loaded for other checks)

    try:
        build_model(kb)
    except RulesetError as exc:
        return list(exc.issues)
    return []


def _sorted(issues: Iterable[Issue]) -> list[Issue]:
    return sorted(issues, key=lambda i: (i.file or "", i.line or 0, i.severity, i.message))


def _unique(issues: Iterable[Issue]) -> list[Issue]:
    return list(dict.fromkeys(issues))


# --------------------------------------------------------------------------- value reasoning


@dataclass(frozen=True)
class Conflict:
    """Why a set of tests can never hold together: the field and the tests that clash."""

    field: str
    tests: tuple[Test, ...]
    reason: str

    @property
    def line(self) -> int | None:
        """The line of the last clashing test (where the contradiction becomes visible)."""
        lines = [t.line for t in self.tests if t.line is not None]
        return max(lines) if lines else None


class _Domain:
    """The values one field may still take after some tests; empty means contradiction."""

    def __init__(self, spec: FieldSpec) -> None:
        self.spec = spec
        # numbers: an interval plus excluded points
        minimum = spec.minimum if spec.type is FieldType.NUMBER else None
        self.lo, self.lo_open = (float(minimum) if minimum is not None else -math.inf), False
        self.hi, self.hi_open = math.inf, False
        self.lo_test: Test | None = None
        self.hi_test: Test | None = None
        self.excluded: set[Any] = set()
        # finite choices (ordered, choice, boolean): the values still possible
        self.values: set[Any] | None = None
        if spec.type is FieldType.BOOLEAN:
            self.values = {True, False}
        elif spec.type in (FieldType.CHOICE, FieldType.ORDERED) and spec.values:
            self.values = set(spec.values)
        # text: a set the value must lie in (None: any text) and values it may not be
        self.allowed: set[Any] | None = None
        # lists: values it must hold, values it may not hold, groups it needs one of
        self.must: set[Any] = set()
        self.must_not: set[Any] = set()
        self.some_of: list[set[Any]] = []

    def add(self, test: Test) -> None:
        """Narrow the domain by one test."""
        op, value, kind = test.op, test.value, self.spec.type
        if kind is FieldType.NUMBER:
            self._number(test)
        elif kind is FieldType.LIST:
            items = set(value) if isinstance(value, tuple) else {value}
            if op in ("includes", "includes_all"):
                self.must |= items
            elif op == "includes_none":
                self.must_not |= items
            else:
                self.some_of.append(items)
        elif self.values is not None:
            self.values &= self._matching(op, value)
        else:  # free text
            items = set(value) if isinstance(value, tuple) else {value}
            if op in ("equals", "one_of"):
                self.allowed = items if self.allowed is None else self.allowed & items
            else:
                self.excluded |= items

    def _number(self, test: Test) -> None:
        op, value = test.op, test.value
        if op in ("at_least", "more_than", "equals") and (
            value > self.lo or (value == self.lo and op == "more_than")
        ):
            self.lo, self.lo_open, self.lo_test = value, op == "more_than", test
        if op in ("at_most", "less_than", "equals") and (
            value < self.hi or (value == self.hi and op == "less_than")
        ):
            self.hi, self.hi_open, self.hi_test = value, op == "less_than", test
        if op == "not_equals":
            self.excluded.add(value)

    def _matching(self, op: str, value: Any) -> set[Any]:
        """The values of a finite domain that satisfy one test."""
        assert self.values is not None
        universe = (True, False) if self.spec.type is FieldType.BOOLEAN else self.spec.values
        if op in ("equals", "is"):
            return {value}
        if op == "not_equals":
            return set(universe) - {value}
        if op == "one_of":
            return set(value)
        if op == "none_of":
            return set(universe) - set(value)
        rank = self.spec.values.index(value)
        return {v for i, v in enumerate(self.spec.values) if _in_order(op, i, rank)}

    def empty_reason(self) -> str | None:
        """Why no value is left (``None`` while some value still fits)."""
        kind = self.spec.type
        if kind is FieldType.NUMBER:
            if self.lo > self.hi or (self.lo == self.hi and (self.lo_open or self.hi_open)):
                return "no number is in that range"
            if self.lo == self.hi and self.lo in self.excluded:
                return "the only number left is excluded"
            return None
        if kind is FieldType.LIST:
            both = self.must & self.must_not
            if both:
                return f"it must both hold and not hold {_join(sorted(both))}"
            for group in self.some_of:
                if group <= self.must_not:
                    return f"none of {_join(sorted(group))} may be held, yet one of them must be"
            return None
        if self.values is not None:
            return None if self.values else "no value is left that meets every test"
        if self.allowed is not None and self.allowed <= self.excluded:
            return "no value is left that meets every test"
        return None


def _in_order(op: str, rank: int, need: int) -> bool:
    if op == "at_least":
        return rank >= need
    if op == "more_than":
        return rank > need
    if op == "at_most":
        return rank <= need
    return rank < need


def _join(values: Sequence[Any]) -> str:
    return ", ".join(map(str, values))


def describe(test: Test, line: bool = False) -> str:
    """One test in words: ``years_experience at least 5 (parameter cbet_years, line 12)``."""
    value = test.value
    if isinstance(value, tuple):
        shown = "[" + ", ".join(map(str, value)) + "]"
    elif isinstance(value, bool):
        shown = "true" if value else "false"
    elif isinstance(value, float) and value.is_integer():
        shown = str(int(value))
    else:
        shown = str(value)
    words = OPERATOR_WORDS.get(test.op) or "is"
    notes = [f"parameter {test.param}"] if test.param else []
    if line and test.line:
        notes.append(f"line {test.line}")
    text = f"{test.field} {words} {shown}"
    return f"{text} ({', '.join(notes)})" if notes else text


def _describe_conflict(conflict: Conflict) -> str:
    parts = [describe(t, line=True) for t in conflict.tests]
    if len(parts) == 1:
        return f"{parts[0]} can never hold: {conflict.reason}"
    return "it needs " + " and ".join(parts) + f"; {conflict.reason}"


def find_conflict(tests: Sequence[Test], fields: FieldRegistry) -> Conflict | None:
    """The first contradiction among tests that must all hold, or ``None`` if they can.

    The clashing tests reported are a smallest set found: the test that emptied the field's
    domain, plus the earlier test it clashes with on its own when there is one.
    """
    by_field: dict[str, list[Test]] = {}
    for test in tests:
        by_field.setdefault(test.field, []).append(test)
    domains: dict[str, _Domain] = {}
    for name, group in by_field.items():
        spec = fields.get(name)
        if spec is None:
            continue
        domain = _Domain(spec)
        for index, test in enumerate(group):
            domain.add(test)
            reason = domain.empty_reason()
            if reason is None:
                continue
            clash = _smallest_clash(group[: index + 1], spec)
            if len(clash) == 1 and spec.type is FieldType.NUMBER and spec.minimum is not None:
                reason = f"{name} is never below {spec.minimum:g}"
            return Conflict(name, clash, reason)
        domains[name] = domain
    return _ceiling_conflict(by_field, domains, fields)


def _smallest_clash(group: Sequence[Test], spec: FieldSpec) -> tuple[Test, ...]:
    """The last test alone, or with one earlier test, or the whole group: whichever clashes."""
    last = group[-1]
    if _clashes((last,), spec):
        return (last,)
    for earlier in group[:-1]:
        if _clashes((earlier, last), spec):
            return (earlier, last)
    return tuple(group)


def _clashes(tests: Sequence[Test], spec: FieldSpec) -> bool:
    domain = _Domain(spec)
    for test in tests:
        domain.add(test)
    return domain.empty_reason() is not None


def _ceiling_conflict(
    by_field: Mapping[str, list[Test]], domains: Mapping[str, _Domain], fields: FieldRegistry
) -> Conflict | None:
    """Years on imaging (or laboratory) equipment can never exceed years of experience."""
    for name, domain in domains.items():
        ceiling = domain.spec.not_above
        if ceiling is None or ceiling not in domains:
            continue
        top = domains[ceiling]
        if domain.lo > top.hi or (domain.lo == top.hi and (domain.lo_open or top.hi_open)):
            clash = tuple(t for t in (domain.lo_test, top.hi_test) if t is not None)
            return Conflict(
                name,
                clash,
                f"a profile's {name} can never be more than its {ceiling}",
            )
    return None


class _TooLarge(Exception):
    """The condition has more alternatives than we are willing to enumerate."""


def alternatives(cond: Condition, limit: int = MAX_ALTERNATIVES) -> list[tuple[Test, ...]]:
    """The condition (in negation normal form) as a list of alternatives, each a list of
    tests that must all hold (disjunctive normal form). Raises ``_TooLarge`` past ``limit``.
    """
    if isinstance(cond, Test):
        return [(cond,)]
    if isinstance(cond, Not):
        raise ValueError("alternatives() needs a condition in negation normal form")
    if isinstance(cond, Any_):
        out = [alt for item in cond.items for alt in alternatives(item, limit)]
        if len(out) > limit:
            raise _TooLarge
        return out
    combined: list[tuple[Test, ...]] = [()]
    for item in cond.items:
        options = alternatives(item, limit)
        if len(combined) * len(options) > limit:
            raise _TooLarge
        combined = [a + b for a, b in itertools.product(combined, options)]
    return combined


def contradictions(cond: Condition, fields: FieldRegistry) -> list[Conflict] | None:
    """One conflict per alternative when *every* alternative is contradictory, else ``None``.

    ``None`` also when the condition is too large to expand: we never claim a rule is
    unreachable without having checked every alternative.
    """
    try:
        alts = alternatives(cond)
    except _TooLarge:
        return None
    found: list[Conflict] = []
    for alt in alts:
        conflict = find_conflict(alt, fields)
        if conflict is None:
            return None
        found.append(conflict)
    return found


def satisfiable(cond: Condition, fields: FieldRegistry) -> bool:
    """Whether some profile could meet ``cond`` (true when unsure)."""
    return contradictions(cond, fields) is None


# --------------------------------------------------------------------------- the checks


def _where(rule: CompiledRule, **extra: Any) -> dict[str, Any]:
    return {"file": rule.rule.file, "line": rule.rule.line, "rule": rule.id, **extra}


def _unreachable_rules(kb: KnowledgeBase) -> list[Issue]:
    issues: list[Issue] = []
    for rule in kb.rules:
        found = contradictions(rule.nnf, kb.fields)
        if found is not None:
            first = found[0]
            if len(found) == 1:
                message = f"can never fire: {_describe_conflict(first)}"
            else:
                message = (
                    f"can never fire: each of its {len(found)} alternatives contradicts itself; "
                    f"the first: {_describe_conflict(first)}"
                )
            issues.append(Issue(
                message,
                hint="correct the values or operators so that some profile can meet them, "
                     "or remove the rule",
                code="unreachable",
                **_where(rule, line=first.line or rule.rule.line, field=first.field),
            ))
            continue
        issues += _dead_branches(rule, kb.fields)
    return issues


def _too_large_for_durable(kb: KnowledgeBase) -> list[Issue]:
    """Rules the durable-rules core cannot hold (docs/engine.md): a warning, not an error,
    because the Python evaluator runs them; but ``--engine durable`` will refuse them."""
    from .engine import oversized_rules

    return [
        Issue(
            why,
            severity="warning",
            hint="split it into smaller rules that conclude facts of their own; until then "
                 "--engine auto evaluates these rulesets on the built-in Python evaluator "
                 "(with a warning) and --engine durable refuses them",
            code="engine-limit",
            **_where(rule),
        )
        for rule, why in oversized_rules(kb)
    ]


def _any_nodes(cond: Condition) -> Iterator[Any_]:
    if isinstance(cond, Any_):
        yield cond
    if isinstance(cond, (All, Any_)):
        for item in cond.items:
            yield from _any_nodes(item)


def _dead_branches(rule: CompiledRule, fields: FieldRegistry) -> list[Issue]:
    """Alternatives under ``any:`` that can never hold, in a rule that can still fire."""
    issues: list[Issue] = []
    for node in _any_nodes(rule.nnf):
        for item in node.items:
            found = contradictions(item, fields)
            if found is None:
                continue
            conflict = found[0]
            issues.append(Issue(
                f"one alternative under `any:` can never hold: {_describe_conflict(conflict)}",
                severity="warning",
                hint="correct or remove that alternative; the rule fires only by the others",
                code="dead-branch",
                **_where(rule, line=conflict.line or rule.rule.line, field=conflict.field),
            ))
    return issues


def _conflicting_facts(kb: KnowledgeBase) -> list[Issue]:
    issues: list[Issue] = []
    for fact, rules in kb.fact_rules.items():
        for first, second in itertools.combinations(rules, 2):
            a, b = first.rule, second.rule
            if a.priority != b.priority or a.then.value == b.then.value:
                continue
            if not satisfiable(All((first.nnf, second.nnf)), kb.fields):
                continue
            issues.append(Issue(
                f"sets fact {fact!r} to {b.then.value!r}, but rule {a.id!r} "
                f"({a.file}:{a.line}) sets it to {a.then.value!r}; both can fire for the same "
                f"profile and have the same priority ({a.priority}), so {a.id!r} wins only "
                "because it is written first",
                severity="warning",
                hint="give the rule that should win a higher `priority:`, "
                     "or make the two conditions exclusive",
                code="conflict",
                **_where(second, field=fact),
            ))
    return issues


def _blocking_requirements(kb: KnowledgeBase) -> list[Issue]:
    issues: list[Issue] = []
    for target, gates in kb.requirements.items():
        routes = kb.routes.get(target, ())
        if not routes:
            continue
        for gate in gates:
            if not satisfiable(gate.nnf, kb.fields):
                continue  # already an "unreachable" error
            if any(satisfiable(All((gate.nnf, r.nnf)), kb.fields) for r in routes):
                continue
            names = ", ".join(r.id for r in routes)
            issues.append(Issue(
                f"this requirement for {_target_words(target)} contradicts every route to it "
                f"({names}), so that {target.partition('.')[0]} can never be eligible",
                severity="warning",
                hint="loosen the requirement or the routes so that one route can hold with it",
                code="requirement-blocks-target",
                **_where(gate, field=target),
            ))
    return issues


def _target_words(target: str) -> str:
    kind, _, tid = target.partition(".")
    return f"{kind} {tid!r}"


def _declared_in(kb: KnowledgeBase, table: str, key: str) -> Ruleset | None:
    for rs in kb.rulesets:
        if key in getattr(rs, table):
            return rs
    return None


def _targets_without_routes(kb: KnowledgeBase) -> list[Issue]:
    issues: list[Issue] = []
    for kind, table in (("path", kb.paths), ("certification", kb.certifications)):
        for tid, target in table.items():
            if kind == "certification" and not target.advised:
                continue
            if kb.routes.get(f"{kind}.{tid}"):
                continue
            owner = _declared_in(kb, f"{kind}s", tid)
            issues.append(Issue(
                f"{kind} {tid!r} is declared, but no rule concludes it, so nobody can ever be "
                "eligible",
                severity="warning",
                hint=f"add a rule with `then: {{{kind}: {tid}, route: ...}}`"
                + ("" if kind == "path" else ", or declare it `advised: false` if it is only held"),
                code="no-route",
                file=owner.file if owner else None,
                line=target.line,
                field=f"{kind}.{tid}",
            ))
    return issues


def _unused_declarations(kb: KnowledgeBase) -> list[Issue]:
    used_params = {t.param for r in kb.rules for t in walk(r.when) if t.param}
    for rs in kb.rulesets:
        used_params |= advice_parameters(rs.advice)
    cited = {r.rule.source for r in kb.rules}
    for rs in kb.rulesets:
        cited |= {p.source for p in rs.parameters.values() if p.source}
        cited |= {t.source for t in (*rs.paths.values(), *rs.certifications.values()) if t.source}
        cited |= {n.source for t in (*rs.paths.values(), *rs.certifications.values())
                  for n in (t.training, t.pay) if n is not None}
        exams = rs.advice.get("exams") if isinstance(rs.advice, dict) else None
        if isinstance(exams, dict) and isinstance(exams.get("source"), str):
            cited.add(exams["source"])
    issues: list[Issue] = []
    for rs in kb.rulesets:
        for name, param in rs.parameters.items():
            if name not in used_params:
                issues.append(Issue(
                    f"parameter {name!r} is declared but no rule uses it",
                    severity="warning",
                    hint=f"use it in a condition as `{{param: {name}}}`, or remove it",
                    code="unused-parameter",
                    file=rs.file,
                    line=param.line,
                ))
        for sid in rs.sources:
            if sid not in cited:
                issues.append(Issue(
                    f"source {sid!r} is declared but no rule, parameter, path or certification "
                    "cites it",
                    severity="warning",
                    hint=f"name it in a rule's `source: {sid}`, or remove it",
                    code="unused-source",
                    file=rs.file,
                    line=_source_line(rs, sid),
                ))
    return issues


def _source_line(rs: Ruleset, sid: str) -> int | None:
    """Sources do not keep their line when parsed; read it again from the file if we can."""
    if not rs.file:
        return None
    try:
        data, _ = load_yaml_file(Path(rs.file))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    sources = data.get("sources") if isinstance(data, LineMap) else None
    return sources.line_of(sid) if isinstance(sources, LineMap) else None
