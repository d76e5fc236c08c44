"""The Python API: load rulesets, evaluate one profile or a stream of them.

Everything the CLI does goes through these functions::

    from bmet_rules import load_rulesets, evaluate, evaluate_many

    kb = load_rulesets()                       # standard rulesets + installed plugins
    result = evaluate({"id": "p-1", "degree": "associate", "years_experience": 3}, kb)
    for item in evaluate_many(records, kb):    # Result, or RecordError for a bad record
        ...
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import warnings
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import pluggy

from .advice.outcomes import advised_outcomes
from .advice.planner import planner_for
from .advice.renewals import with_renewals
from .advice.steps import advise, step_limit
from .current_routes import level_if_lapsed, on_current_credentials
from .dating import evaluation_date_problem, parse_date, today
from .errors import (
    BmetRulesError,
    EngineError,
    EngineUnavailable,
    FieldProblem,
    Issue,
    ProfileError,
    RulesetError,
)
from .evaluator import Firing, PythonEvaluator
from .explain import build_result
from .fields import CORE_FIELDS, FieldRegistry, FieldSpec
from .formats import Record
from .knowledge import KnowledgeBase, compile_rulesets
from .lifecycle import overdue
from .plugins import call_chain, collect, get_plugin_manager
from .profile import Profile, normal_word, parse_profile
from .record_limits import record_problem, safe_text
from .results import Result
from .ruleset import Ruleset, load_ruleset_paths, parse_ruleset, ruleset_files
from .unknowns import settle_unknowns, unknown_inputs

ENGINES = ("auto", "durable", "python")


class Engine(Protocol):
    """What both evaluators offer."""

    name: str

    def run_many(self, profiles: Iterable[Profile]) -> list[Firing]:
        """Evaluate profiles, results in input order."""

    def close(self) -> None:
        """Release engine resources."""


@dataclass(frozen=True)
class RecordError:
    """A record that could not be evaluated; it names the row and every bad field."""

    index: int
    problems: tuple[FieldProblem, ...]
    profile_id: str | None = None
    source: str | None = None
    row: int | None = None

    @property
    def message(self) -> str:
        """All problems in one line."""
        return "; ".join(f"{p.field}: {p.message}" if p.field else p.message
                         for p in self.problems)

    def to_dicts(self) -> list[dict[str, Any]]:
        """One JSON object per problem, as written to ``--errors FILE``."""
        return [
            {"source": self.source, "row": self.row, "profile_id": self.profile_id, **p.to_dict()}
            for p in self.problems
        ]


def load_rulesets(
    paths: Sequence[Path | str] = (),
    *,
    params: Mapping[str, Any] | None = None,
    standard: bool = True,
    plugin_manager: pluggy.PluginManager | None = None,
    as_of: dt.date | str | None = None,
) -> KnowledgeBase:
    """Load and compile rulesets into a :class:`KnowledgeBase`.

    :param as_of: the evaluation date (a date or ``YYYY-MM-DD``; default today): only the
        rules in force on it are compiled, and date-derived facts are computed for it.

    :param paths: extra ruleset files or folders.
    :param params: parameter overrides (``{"fse_min_years": 5}``); these win over plugins'.
    :param standard: include the standard knowledge base (registered by the built-in plugin).
    :param plugin_manager: plugins to use; by default the built-ins plus installed plugins.
    Raises :class:`RulesetError` listing every problem found, with file, line and rule.
    """
    pm = plugin_manager or get_plugin_manager()
    fields = plugin_fields(pm)
    rulesets: list[Ruleset] = []
    issues: list[Issue] = []
    seen: set[Path] = set()

    def load_path(item: Path | str) -> None:
        # The same file named twice (a plugin's folder given again with --rules, the
        # standard folder given explicitly) is loaded once.
        files = ruleset_files(Path(item)) if Path(item).exists() else [Path(item)]
        fresh = [f for f in files if f.resolve() not in seen]
        seen.update(f.resolve() for f in fresh)
        rulesets.extend(load_ruleset_paths(fresh))

    for plugin, args, _ in collect(pm, "register_rulesets"):
        if plugin == "standard" and not standard:
            continue
        for item in args:
            try:
                if isinstance(item, (str, Path)):
                    load_path(item)
                else:
                    rulesets.append(parse_ruleset(item, file=f"<plugin {plugin}>"))
            except RulesetError as exc:
                issues.extend(exc.issues)
    for item in paths:
        try:
            load_path(item)
        except RulesetError as exc:
            issues.extend(exc.issues)
    if issues:
        raise RulesetError(issues)
    overrides: dict[str, Any] = {}
    for _, args, _ in collect(pm, "register_parameters"):
        overrides[args[0]] = args[1]
    overrides.update(params or {})
    kb = compile_rulesets(rulesets, fields, overrides, evaluation_date(as_of))
    kb.plugins = pm
    narrow_goals(kb)
    return kb


def evaluation_date(as_of: dt.date | str | None) -> dt.date:
    """``as_of`` as a date (today when ``None``); raises :class:`BmetRulesError` for bad text."""
    if as_of is None:
        return today()
    try:
        day = parse_date(as_of)
    except ValueError as exc:
        raise BmetRulesError(f"as_of: {exc}") from None
    problem = evaluation_date_problem(day)
    if problem is not None:
        raise BmetRulesError(f"as_of: {problem}")
    return day
def narrow_goals(kb: KnowledgeBase) -> None:
    """Make ``goals`` accept only the path and certification ids the rulesets define (in
    any case: ``cbet`` is ``CBET``), so a typo is a row error naming the value."""
    spec = kb.fields.get("goals")
    if spec is None:
        return
    ids = (*kb.paths, *(c for c, t in kb.certifications.items() if t.advised))
    narrowed = dataclasses.replace(spec, values=tuple(ids), open_values=False, normalize="lower")
    aliases = {normal_word(narrowed, i): i for i in ids}
    kb.fields.replace(dataclasses.replace(narrowed, aliases=aliases))


def plugin_fields(pm: pluggy.PluginManager) -> FieldRegistry:
    """The core fields plus those plugins declare."""
    registry = FieldRegistry(CORE_FIELDS)
    for plugin, args, _ in collect(pm, "register_fields"):
        for spec in args:
            if not isinstance(spec, FieldSpec):
                raise RulesetError(
                    [Issue(f"plugin {plugin!r} registered {spec!r}, not a FieldSpec")]
                )
            try:
                registry.register(FieldSpec(**{**spec.__dict__, "origin": plugin}))
            except ValueError as exc:
                raise RulesetError([Issue(f"plugin {plugin!r}: {exc}")]) from exc
    return registry


def settle_engine(kb: KnowledgeBase, engine: str = "auto") -> tuple[str, str | None]:
    """Which evaluator ``engine`` means for ``kb`` here: ``("durable" | "python", warning)``.

    ``auto`` means durable-rules where it loads (Python 3.10-3.12) and can hold every rule,
    and otherwise the independent Python evaluator, with a warning saying why; both give
    identical results (tested). ``durable`` raises instead of falling back: an
    :class:`EngineUnavailable` where durable-rules cannot load, an :class:`EngineError`
    naming the rule when a rule is too large for its core
    (:func:`bmet_rules.engine.oversized_rules`).
    """
    if engine not in ENGINES:
        raise BmetRulesError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    if engine == "python":
        return "python", None
    from . import engine as engine_module

    too_large = engine_module.oversized_rules(kb)
    if too_large:
        rule, why = too_large[0]
        first = f"{engine_module.describe_rule(rule)} is {why}"
        if engine == "durable":
            raise EngineError(
                f"{first} (docs/engine.md). Split it into smaller rules that "
                "conclude facts of their own, or run with --engine python or auto, which "
                "evaluate these rulesets on the built-in Python evaluator"
            )
        return "python", (
            f"{first}. Using the built-in Python evaluator for these rulesets "
            "(identical results; `bmet-rules check` lists every rule too large)."
        )
    try:
        engine_module.load_durable()
    except EngineUnavailable as exc:
        if engine == "durable":
            raise
        return "python", f"{exc} Using the built-in Python evaluator."
    return "durable", None


def get_engine(kb: KnowledgeBase, engine: str = "auto", batch_size: int | None = None) -> Engine:
    """The evaluator for ``kb``: ``durable`` (durable-rules), ``python``, or ``auto``.

    See :func:`settle_engine` for what ``auto`` chooses; its warning is issued here.
    Engines are cached on the knowledge base: compiling rules into durable-rules is done once.
    """
    cache: dict[str, Engine] = kb.engines
    if engine in cache:
        return cache[engine]
    name, warning = settle_engine(kb, engine)
    if warning:
        warnings.warn(warning, stacklevel=2)
    chosen: Engine
    if name == "python":
        chosen = PythonEvaluator(kb)
    else:
        from .engine import DEFAULT_BATCH, DurableEngine

        chosen = DurableEngine(kb, batch_size or DEFAULT_BATCH)
    cache[engine] = chosen
    return chosen


_default_kb: list[KnowledgeBase] = []


def default_knowledge_base() -> KnowledgeBase:
    """The standard rulesets with installed plugins, loaded once per process."""
    if not _default_kb:
        _default_kb.append(load_rulesets())
    return _default_kb[0]


def evaluate(
    profile: Profile | Mapping[str, Any],
    kb: KnowledgeBase | None = None,
    *,
    engine: str = "auto",
    as_of: dt.date | str | None = None,
) -> Result:
    """Evaluate one profile; raises :class:`ProfileError` if the record is invalid.

    ``as_of`` (a date or ``YYYY-MM-DD``) evaluates with the rules in force on that date; by
    default the knowledge base's own date (today for :func:`load_rulesets`).
    """
    kb = _dated(kb or default_knowledge_base(), as_of)
    if not isinstance(profile, Profile):
        profile = parse_profile(profile, kb.fields)
    runner = get_engine(kb, engine)
    firing = runner.run_many([profile])[0]
    return _finish(kb, profile, firing, runner)


def evaluate_many(
    records: Iterable[Profile | Mapping[str, Any] | Record],
    kb: KnowledgeBase | None = None,
    *,
    engine: str = "auto",
    batch_size: int = 200,
    strict: bool = False,
    as_of: dt.date | str | None = None,
) -> Iterator[Result | RecordError]:
    """Evaluate a stream of records, yielding one item per record, in input order.

    A bad record (invalid field, missing or repeated id) yields a :class:`RecordError` and
    the rest go on. Records are read and evaluated ``batch_size`` at a time, so memory stays
    flat however long the stream. With ``strict``, a certification or skill no loaded
    ruleset declares makes the record bad instead of a warning.
    """
    kb = _dated(kb or default_knowledge_base(), as_of)
    runner = get_engine(kb, engine, batch_size)
    seen: set[str] = set()
    pending: list[tuple[int, Profile | RecordError]] = []
    for index, item in enumerate(records):
        pending.append((index, _validate(index, item, kb.fields, seen, strict)))
        if len(pending) >= batch_size:
            yield from _flush(kb, runner, pending)
            pending = []
    if pending:
        yield from _flush(kb, runner, pending)


def _dated(kb: KnowledgeBase, as_of: dt.date | str | None) -> KnowledgeBase:
    return kb if as_of is None else kb.for_date(evaluation_date(as_of))


def _validate(
    index: int,
    item: Profile | Mapping[str, Any] | Record,
    fields: FieldRegistry,
    seen: set[str],
    strict: bool = False,
) -> Profile | RecordError:
    source = row = None
    if isinstance(item, Record):
        source, row = item.source, item.row
        if item.data is None or item.error is not None:
            # (A row read but not usable names its id where it has one: fifty-fourth review's
            # probe, "no id: row has 5 cells" of a row whose id was plain to see.)
            found = item.data.get("id") if item.data is not None else None
            named = str(found).strip() if isinstance(found, (str, int)) else ""
            return RecordError(
                index, (FieldProblem("", None, item.error or "unreadable"),), named or None,
                source, row,
            )
        item = item.data
    if isinstance(item, Profile):
        profile = item
    else:
        bound = record_problem(item) if isinstance(item, Mapping) else None
        if bound is not None:
            field_name, value, message = bound
            return RecordError(index, (FieldProblem(field_name, value, message),),
                               _plain_id(item), source, row)
        try:
            profile = parse_profile(item, fields, strict=strict)
        except ProfileError as exc:
            who = safe_text(exc.profile_id)[:200] if exc.profile_id else exc.profile_id
            return RecordError(index, tuple(exc.problems), who, source, row)
        except (OverflowError, ValueError, RecursionError) as exc:
            # A value the bounds let through but Python still cannot convert: one row error.
            problem = FieldProblem("", None, f"cannot read this record: {exc}")
            return RecordError(index, (problem,), _plain_id(item), source, row)
    if profile.id in seen:
        problem = FieldProblem("id", profile.id, "duplicate id: an earlier record has the same id")
        return RecordError(index, (problem,), profile.id, source, row)
    seen.add(profile.id)
    return profile


def _plain_id(item: Mapping[str, Any]) -> str | None:
    """The record's id for an error, if it is plain text that can be written."""
    value = item.get("id")
    return safe_text(value)[:200] if isinstance(value, str) else None


def _flush(
    kb: KnowledgeBase, runner: Engine, pending: list[tuple[int, Profile | RecordError]]
) -> Iterator[Result | RecordError]:
    profiles = [p for _, p in pending if isinstance(p, Profile)]
    firings = iter(runner.run_many(profiles))
    for _, item in pending:
        if isinstance(item, RecordError):
            yield item
        else:
            yield _finish(kb, item, next(firings), runner)


def _as_none(
    kb: KnowledgeBase, profile: Profile, firing: Firing, unknown: Collection[str],
    runner: Engine,
) -> Firing:  # fmt: skip
    """The firing advice plans on: what is not given read as none. A field read from another
    when absent stands in at that reading for the engine (supervision in the last five years
    at the total, capped at five); while it is unknown, a plan made on the stand-in would
    date "lead 1 more year" on a guess, so the profile is evaluated again with such fields at
    their defaults."""
    stand_ins = {
        s.name: s.default_value() for s in kb.fields.profile_fields()
        if s.name in unknown and s.absent_reads
        and firing.values.get(s.name) != s.default_value()
    }
    if not stand_ins:
        return firing
    again = dataclasses.replace(
        profile, values={**profile.values, **stand_ins},
        provided=profile.provided | frozenset(stand_ins),
    )
    (found,) = runner.run_many([again])
    return found


def _finish(kb: KnowledgeBase, profile: Profile, firing: Firing, runner: Engine) -> Result:
    goals = tuple(profile.values.get("goals") or ())
    late = overdue(profile.values.get("certifications") or (), profile.dates,
                   kb.as_of or dt.date.today())
    unknown = unknown_inputs(kb, profile)
    if unknown:
        result = build_result(kb, profile, firing, runner.name)
        as_none = _as_none(kb, profile, firing, unknown, runner)
        # Outcomes that turn on values the record does not give become needs_info; the same
        # engine decides every completion it tries.
        result = settle_unknowns(kb, profile, firing, result, runner,
                                 level_as_none=as_none.values.get("level"))
        result = on_current_credentials(kb, firing, result, late)
        result = advise(kb, as_none, result, goals, overdue=late)
    else:
        # Every fact given: outcomes and their advice come from the per-situation cache.
        planner = planner_for(kb, kb.as_of)
        certs, paths, plans = advised_outcomes(kb, planner, firing)
        result = build_result(kb, profile, firing, runner.name, (certs, paths))
        result = on_current_credentials(kb, firing, result, late)
        result = advise(kb, firing, result, goals, planner, planned=plans,
                        overdue=late)
    result = level_if_lapsed(kb, profile, result, late, runner)
    result = with_renewals(kb, result, profile, kb.as_of or dt.date.today(), step_limit(kb))
    if kb.plugins is not None and kb.plugins.hook.adjust_result.get_hookimpls():
        result = call_chain(kb.plugins, "adjust_result", "result", result, profile=profile, kb=kb)
    return result
