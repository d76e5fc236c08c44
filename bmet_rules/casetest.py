"""``bmet-rules test``: run the test cases written beside the rulesets.

A test file (``tests/*.yaml`` next to the rulesets, format in ``docs/ruleset-language.md``)
names base profiles and cases; each case builds a profile, evaluates it with the chosen
engine and compares what the test expects (partially: only what is listed is checked).
As in ``opa test``, an empty suite is a failure (a typo in a folder name must not look like
success) and the report says which rules no case fired, so an author can see what the tests
leave unproven.

The Python entry point is :func:`run_suite`; pytest can call it directly::

    report = run_suite(["rulesets/"])
    assert report.ok(), report.format_text()

Decisions the format leaves open, made here:

* ``status: not_eligible`` also accepts ``near``: *near* is the explanation's refinement of
  "not eligible yet", not a different conclusion of the rules. ``status: near`` asks for near.
* ``gaps: []`` asserts the outcome has no gap at all; a non-empty list names fields that must
  be among the gaps (others may be there too).
* ``route`` matches the route text or the id of the route rule.
* A test file with a structural mistake (bad YAML, unknown key, unknown base) stops the run
  before any case runs; a case whose names do not exist in the loaded rulesets (a rule id, a
  path, a parameter, a profile field) is reported as an *error* of that case and the rest run.
"""

from __future__ import annotations

import datetime as dt
import time
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pluggy
import yaml

from .dating import read_as_of
from .errors import Issue, IssueList, ProfileError, RulesetError
from .fields import LEVELS
from .knowledge import KnowledgeBase
from .lint import LoadedRulesets, display_path, load_sources
from .results import Outcome, Result
from .ruleset import ruleset_files
from .yamlsource import LineList, LineMap, error_line, load_yaml_file

_FILE_KEYS = ("bases", "cases", "as_of")
_CASE_KEYS = ("name", "description", "base", "profile", "params", "expect", "as_of")
_EXPECT_KEYS = ("level", "certifications", "paths", "fired", "not_fired", "warnings")
_OUTCOME_KEYS = ("status", "route", "gaps")
STATUSES = {
    "certification": ("held", "eligible", "near", "not_eligible", "needs_info"),
    "path": ("eligible", "near", "not_eligible", "needs_info"),
}


class CaseFileError(RulesetError):
    """A test file cannot be read as test cases; nothing was run."""

    def __init__(self, issues: Sequence[Issue]) -> None:
        super().__init__(issues)
        count = len([i for i in self.issues if i.severity == "error"])
        self.args = (f"{count} error(s) in the test files:\n"
                     + "\n".join(f"  {i}" for i in self.issues[:20]),)


# --------------------------------------------------------------------------- the cases


@dataclass(frozen=True)
class OutcomeExpectation:
    """What one case expects of one certification or path."""

    kind: str
    """``certification`` or ``path``."""
    id: str
    status: str | None = None
    route: str | None = None
    gaps: tuple[str, ...] | None = None
    line: int | None = None


@dataclass(frozen=True)
class Case:
    """One test case: a profile, parameter overrides and the expected conclusions."""

    name: str
    file: str
    line: int | None
    profile: Mapping[str, Any]
    params: Mapping[str, Any] = field(default_factory=dict)
    level: str | None = None
    outcomes: tuple[OutcomeExpectation, ...] = ()
    fired: tuple[str, ...] = ()
    not_fired: tuple[str, ...] = ()
    as_of: dt.date | None = None
    """The evaluation date (the case's own, else its file's; today when neither gives one)."""
    warnings: tuple[str, ...] = ()
    """Texts each of which must appear in one of the result's warnings."""

    @property
    def location(self) -> str:
        """``file:line`` of the case."""
        return f"{self.file}:{self.line}" if self.line else self.file

    def params_key(self) -> tuple[tuple[str, Any], ...]:
        """The parameter overrides as a hashable key (one knowledge base per distinct set)."""
        return tuple(sorted((k, tuple(v) if isinstance(v, list) else v)
                            for k, v in self.params.items()))


def parse_case_file(path: Path) -> tuple[list[Case], list[Issue]]:
    """Read one test file; returns its cases and every structural problem, with lines."""
    name = display_path(path)
    issues = IssueList()
    try:
        data, _ = load_yaml_file(path)
    except OSError as exc:
        return [], [Issue(f"cannot read the test file: {exc.strerror or exc}", file=name)]
    except yaml.YAMLError as exc:
        problem = getattr(exc, "problem", None) or str(exc)
        return [], [Issue(f"not valid YAML: {problem}", file=name, line=error_line(exc),
                          code="yaml")]
    except UnicodeDecodeError:
        return [], [Issue("not UTF-8 text", file=name)]
    if not isinstance(data, dict) or not isinstance(data.get("cases"), list):
        return [], [Issue("a test file needs `cases:`, a list of test cases",
                          hint="see 'Test cases' in docs/ruleset-language.md",
                          file=name, line=_line(data, "cases"))]
    for key in data:
        if key not in _FILE_KEYS:
            issues.add(f"unknown key {key!r} in a test file", hint="use `bases:` and `cases:`",
                       file=name, line=_line(data, key), code="unknown-key")
    suite_date = read_as_of(data, name, "the test file", issues)
    bases = data.get("bases") or {}
    if not isinstance(bases, dict):
        issues.add("`bases:` must map base names to profiles", file=name, line=_line(data, "bases"))
        bases = {}
    for base_name, base in bases.items():
        if not isinstance(base, dict):
            issues.add(f"base {base_name!r} must be a mapping of profile fields",
                       file=name, line=_line(bases, base_name))
    cases: list[Case] = []
    seen: dict[str, int | None] = {}
    raw_cases: list[Any] = data["cases"]
    for index, raw in enumerate(raw_cases):
        line = raw_cases.line_of(index) if isinstance(raw_cases, LineList) else None
        case = _parse_case(raw, bases, name, line, issues)
        if case is None:
            continue
        if case.as_of is None and suite_date is not None:
            case = replace(case, as_of=suite_date)
        if case.name in seen:
            issues.add(f"two cases are called {case.name!r} (first at line {seen[case.name]})",
                       hint="give every case its own name", file=name, line=line)
            continue
        seen[case.name] = line
        cases.append(case)
    return cases, issues.issues


def _parse_case(
    raw: Any, bases: Mapping[str, Any], file: str, line: int | None, issues: IssueList
) -> Case | None:
    where: dict[str, Any] = {"file": file, "line": line}
    if not isinstance(raw, dict):
        issues.add("each case must be a mapping with `name:` and `expect:`", **where)
        return None
    before = len(issues.errors)
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        issues.add("every case needs a `name:`", **where)
        return None
    for key in raw:
        if key not in _CASE_KEYS:
            issues.add(f"case {name!r}: unknown key {key!r}",
                       hint="case keys: " + ", ".join(_CASE_KEYS),
                       code="unknown-key", file=file, line=_line(raw, key))
    profile: dict[str, Any] = {}
    base = raw.get("base")
    if base is not None:
        if not isinstance(base, str) or base not in bases:
            issues.add(f"case {name!r}: no base called {base!r}",
                       hint="bases in this file: " + (", ".join(map(str, bases)) or "none"),
                       file=file, line=_line(raw, "base"))
        elif isinstance(bases[base], dict):
            profile.update(bases[base])
    overrides = raw.get("profile") or {}
    if not isinstance(overrides, dict):
        issues.add(f"case {name!r}: `profile:` must be a mapping of profile fields",
                   file=file, line=_line(raw, "profile"))
        overrides = {}
    profile.update(overrides)
    profile.setdefault("id", name)
    params = raw.get("params") or {}
    if not isinstance(params, dict):
        issues.add(f"case {name!r}: `params:` must map parameter names to values",
                   file=file, line=_line(raw, "params"))
        params = {}
    for pname, value in params.items():
        if isinstance(value, dict) or (
            isinstance(value, list) and not all(isinstance(v, str) for v in value)
        ):
            issues.add(f"case {name!r}: parameter {pname!r} takes a number, yes/no, text or "
                       f"a list of text, not {value!r}", file=file, line=_line(params, pname))
    expect = raw.get("expect")
    if not isinstance(expect, dict) or not expect:
        issues.add(f"case {name!r}: `expect:` must say what the case checks "
                   "(level, certifications, paths, fired, not_fired)",
                   file=file, line=_line(raw, "expect"))
        return None
    for key in expect:
        if key not in _EXPECT_KEYS:
            issues.add(f"case {name!r}: unknown key {key!r} in `expect:`",
                       hint="expect keys: " + ", ".join(_EXPECT_KEYS), code="unknown-key",
                       file=file, line=_line(expect, key))
    level = expect.get("level")
    if "level" in expect and level not in LEVELS:
        issues.add(f"case {name!r}: unknown level {level!r}", hint="levels: " + ", ".join(LEVELS),
                   file=file, line=_line(expect, "level"))
    outcomes: list[OutcomeExpectation] = []
    for key, kind in (("certifications", "certification"), ("paths", "path")):
        table = expect.get(key)
        if table is None:
            continue
        if not isinstance(table, dict):
            issues.add(f"case {name!r}: `{key}:` must map ids to a status or "
                       "{status, route, gaps}", file=file, line=_line(expect, key))
            continue
        for tid, spec in table.items():
            parsed = _parse_outcome(kind, str(tid), spec, name, file, _line(table, tid), issues)
            if parsed is not None:
                outcomes.append(parsed)
    fired = _id_list(expect, "fired", name, file, issues)
    not_fired = _id_list(expect, "not_fired", name, file, issues)
    warned = expect.get("warnings") or []
    if not isinstance(warned, list) or not all(isinstance(w, str) for w in warned):
        issues.add(f"case {name!r}: `warnings:` must list texts the warnings must contain",
                   file=file, line=_line(expect, "warnings"))
        warned = []
    as_of = read_as_of(raw, file, f"case {name!r}", issues)
    both = sorted(set(fired) & set(not_fired))
    if both:
        issues.add(f"case {name!r}: {', '.join(both)} cannot both fire and not fire",
                   file=file, line=_line(expect, "not_fired"))
    if len(issues.errors) > before:
        return None
    return Case(
        name=name, file=file, line=line, profile=profile, params=dict(params),
        level=level if "level" in expect else None, outcomes=tuple(outcomes),
        fired=fired, not_fired=not_fired, as_of=as_of, warnings=tuple(warned),
    )



def _parse_outcome(
    kind: str, tid: str, spec: Any, case: str, file: str, line: int | None, issues: IssueList
) -> OutcomeExpectation | None:
    where = {"file": file, "line": line}
    if isinstance(spec, str):
        spec = {"status": spec}
    if not isinstance(spec, dict):
        issues.add(f"case {case!r}: {kind} {tid}: write a status (`{tid}: eligible`) or "
                   f"`{tid}: {{status: ..., route: ..., gaps: [...]}}`", **where)
        return None
    for key in spec:
        if key not in _OUTCOME_KEYS:
            issues.add(f"case {case!r}: {kind} {tid}: unknown key {key!r}",
                       hint="use status, route, gaps", code="unknown-key", **where)
    status = spec.get("status")
    if status is not None and status not in STATUSES[kind]:
        issues.add(f"case {case!r}: {kind} {tid}: unknown status {status!r}",
                   hint="statuses: " + ", ".join(STATUSES[kind]), **where)
    route = spec.get("route")
    if route is not None and not isinstance(route, str):
        issues.add(f"case {case!r}: {kind} {tid}: `route:` must be the route text or rule id",
                   **where)
    gaps = spec.get("gaps")
    if gaps is not None and not (isinstance(gaps, list) and all(isinstance(g, str) for g in gaps)):
        issues.add(f"case {case!r}: {kind} {tid}: `gaps:` must list field names "
                   "(e.g. [years_experience])", **where)
        gaps = None
    return OutcomeExpectation(kind, tid, status, route,
                              tuple(gaps) if gaps is not None else None, line)


def _id_list(expect: Mapping[str, Any], key: str, case: str, file: str,
             issues: IssueList) -> tuple[str, ...]:
    value = expect.get(key)
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        issues.add(f"case {case!r}: `{key}:` must list rule ids", file=file,
                   line=_line(expect, key))
        return ()
    return tuple(value)


def _line(data: Any, key: str) -> int | None:
    return data.line_of(key) if isinstance(data, LineMap) else getattr(data, "line", None)


# --------------------------------------------------------------------------- discovery


@dataclass
class Discovery:
    """What a set of command-line paths means: rulesets to load, test files, rules to cover."""

    ruleset_paths: list[Path] = field(default_factory=list)
    test_files: list[Path] = field(default_factory=list)
    scope: list[Path] = field(default_factory=list)
    """Ruleset files whose rules count for coverage (empty: every loaded rule)."""
    searched: list[str] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)


def is_test_file(path: Path) -> bool:
    """A YAML file under a ``tests/`` folder, or one with ``cases:`` and no ``ruleset:``."""
    if path.parent.name == "tests":
        return True
    try:
        data, _ = load_yaml_file(path)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return False
    return isinstance(data, dict) and "cases" in data and "ruleset" not in data


def _tests_beside(folder: Path, found: Discovery) -> None:
    tests = folder / "tests"
    found.searched.append(display_path(tests) + "/*.yaml")
    if tests.is_dir():
        found.test_files += sorted(p for p in tests.iterdir()
                                   if p.suffix in (".yaml", ".yml") and p.is_file())


def discover(paths: Sequence[Path | str]) -> Discovery:
    """Turn command-line paths into rulesets, test files and the rules to cover.

    A folder: its rulesets and ``FOLDER/tests/*.yaml``. A ``tests`` folder: its test files,
    as if each were named. A ruleset file: that ruleset and the tests of its folder. A test
    file: that file, with the rulesets of the folder above its ``tests/`` folder; coverage
    then counts the ruleset of the same name (``tests/levels.yaml`` covers ``levels.yaml``)
    when there is one.
    """
    found = Discovery()
    for entry in paths:
        path = Path(entry)
        if not path.exists():
            found.issues.append(Issue("no such file or folder", file=str(path), code="missing"))
        elif path.is_dir() and path.name == "tests":
            for file in sorted(path.iterdir()):
                if file.suffix in (".yaml", ".yml") and file.is_file():
                    _test_file(file, found)
            found.searched.append(display_path(path) + "/*.yaml")
        elif path.is_dir():
            found.ruleset_paths.append(path)
            found.scope += ruleset_files(path)
            _tests_beside(path, found)
        elif is_test_file(path):
            _test_file(path, found)
            found.searched.append(display_path(path))
        else:
            found.ruleset_paths.append(path)
            found.scope.append(path)
            _tests_beside(path.parent, found)
    found.test_files = list(dict.fromkeys(p.resolve() for p in found.test_files))
    return found


def _test_file(path: Path, found: Discovery) -> None:
    """A test file named directly, with the rulesets of the folder above its ``tests/``."""
    found.test_files.append(path)
    if path.parent.name == "tests":
        folder = path.parent.parent
        found.ruleset_paths.append(folder)
        same = [f for f in ruleset_files(folder) if f.stem == path.stem]
        found.scope += same or ruleset_files(folder)


def _registered_paths(pm: pluggy.PluginManager, standard: bool) -> list[Path]:
    """Ruleset files and folders that plugins (and the standard plugin) register."""
    from .plugins import collect

    out: list[Path] = []
    for plugin, args, _ in collect(pm, "register_rulesets"):
        if plugin == "standard" and not standard:
            continue
        out += [Path(a) for a in args if isinstance(a, (str, Path))]
    return out


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Mismatch:
    """One expectation a case did not meet, with what was found and why."""

    what: str
    """What was checked: ``level``, ``certifications.CBET.status``, ``fired``..."""
    expected: Any
    actual: Any
    detail: tuple[str, ...] = ()
    sentence: str | None = None
    """Said instead of "WHAT: expected X, got Y" when that reads badly (fired rules)."""

    def lines(self) -> list[str]:
        """The mismatch as lines of a diff readable without the YAML at hand."""
        head = self.sentence or (
            f"{self.what}: expected {_show(self.expected)}, got {_show(self.actual)}")
        return [head, *(f"  {d}" for d in self.detail)]

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {"what": self.what, "expected": _plain(self.expected),
                "actual": _plain(self.actual), "message": self.lines()[0],
                "detail": list(self.detail)}


def _show(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(map(str, value)) + "]" if value else "none"
    return str(value)


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


@dataclass(frozen=True)
class CaseResult:
    """The outcome of one case: passed, failed (mismatches) or an error (could not run)."""

    case: Case
    mismatches: tuple[Mismatch, ...] = ()
    error: str | None = None
    fired: frozenset[str] = frozenset()
    seconds: float = 0.0

    @property
    def status(self) -> str:
        """``pass``, ``fail`` or ``error``."""
        if self.error is not None:
            return "error"
        return "fail" if self.mismatches else "pass"

    def diff(self) -> list[str]:
        """Why the case did not pass, one line per problem."""
        if self.error is not None:
            return [self.error]
        return [line for m in self.mismatches for line in m.lines()]

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "name": self.case.name,
            "file": self.case.file,
            "line": self.case.line,
            "status": self.status,
            "error": self.error,
            "mismatches": [m.to_dict() for m in self.mismatches],
            "fired": sorted(self.fired),
        }


@dataclass(frozen=True)
class RuleRef:
    """A rule counted for coverage, with where it is written."""

    id: str
    title: str
    file: str | None
    line: int | None


@dataclass
class SuiteReport:
    """Every case's result and the rule coverage of the suite."""

    results: list[CaseResult]
    rules: list[RuleRef]
    test_files: list[str]
    searched: list[str]

    @property
    def passed(self) -> int:
        """Cases that met every expectation."""
        return sum(r.status == "pass" for r in self.results)

    @property
    def failed(self) -> int:
        """Cases with an unmet expectation."""
        return sum(r.status == "fail" for r in self.results)

    @property
    def errors(self) -> int:
        """Cases that could not run (unknown rule id, bad profile value...)."""
        return sum(r.status == "error" for r in self.results)

    @property
    def empty(self) -> bool:
        """No case was found: a failure, as in ``opa test``."""
        return not self.results

    @property
    def fired(self) -> set[str]:
        """Every rule some case fired."""
        return {rule for r in self.results for rule in r.fired}

    @property
    def unfired(self) -> list[RuleRef]:
        """Rules in scope that no case fired."""
        fired = self.fired
        return [r for r in self.rules if r.id not in fired]

    @property
    def coverage(self) -> float:
        """Percentage of rules in scope that some case fired (100 when there are none)."""
        if not self.rules:
            return 100.0
        return 100.0 * (len(self.rules) - len(self.unfired)) / len(self.rules)

    def ok(self, fail_under: float | None = None) -> bool:
        """Whether the suite passes: cases found, none failed, coverage high enough."""
        if self.empty or self.failed or self.errors:
            return False
        return fail_under is None or self.coverage >= fail_under

    def summary(self) -> str:
        """``12 passed, 1 failed`` (with errors when there are some)."""
        if self.empty:
            return "no test cases found (looked in " + (", ".join(self.searched) or "nothing") + ")"
        parts = [f"{self.passed} passed", f"{self.failed} failed"]
        if self.errors:
            parts.append(f"{self.errors} error{'s' if self.errors != 1 else ''}")
        return ", ".join(parts)

    def coverage_lines(self) -> list[str]:
        """The coverage line, then one line per rule no case fired."""
        covered = len(self.rules) - len(self.unfired)
        head = (f"coverage: {self.coverage:.1f}% of rules fired in some case "
                f"({covered} of {len(self.rules)})")
        unfired = self.unfired
        if not unfired:
            return [head]
        lines = [head + "; never fired:"]
        for rule in unfired:
            where = f"{rule.file}:{rule.line}" if rule.file and rule.line else (rule.file or "")
            lines.append(f"  {where}: {rule.id} ({rule.title})")
        return lines

    def format_text(self, coverage: bool = True, quiet: bool = False) -> str:
        """The report as ``bmet-rules test`` prints it."""
        lines: list[str] = []
        for result in self.results:
            if result.status == "pass":
                if not quiet:
                    lines.append(f"PASS  {result.case.name}")
                continue
            word = "FAIL " if result.status == "fail" else "ERROR"
            lines.append(f"{word} {result.case.name}  ({result.case.location})")
            lines += [f"      {d}" for d in result.diff()]
        if lines:
            lines.append("")
        lines.append(self.summary())
        if coverage and not self.empty:
            lines += self.coverage_lines()
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """JSON form (``bmet-rules test --format json``)."""
        return {
            "cases": [r.to_dict() for r in self.results],
            "passed": self.passed,
            "failed": self.failed,
            "errors": self.errors,
            "empty": self.empty,
            "test_files": self.test_files,
            "coverage": {
                "percent": round(self.coverage, 1),
                "rules": len(self.rules),
                "fired": len(self.rules) - len(self.unfired),
                "unfired": [{"rule": r.id, "title": r.title, "file": r.file, "line": r.line}
                            for r in self.unfired],
            },
        }

    def to_junit_xml(self) -> str:
        """JUnit XML: one ``testsuite`` per test file, one ``testcase`` per case."""
        root = ET.Element("testsuites", name="bmet-rules", tests=str(len(self.results)),
                          failures=str(self.failed), errors=str(self.errors))
        by_file: dict[str, list[CaseResult]] = {}
        for result in self.results:
            by_file.setdefault(result.case.file, []).append(result)
        for file, results in by_file.items():
            suite = ET.SubElement(
                root, "testsuite", name=file, tests=str(len(results)),
                failures=str(sum(r.status == "fail" for r in results)),
                errors=str(sum(r.status == "error" for r in results)),
                time=f"{sum(r.seconds for r in results):.3f}",
            )
            classname = (str(Path(file).with_suffix("")).replace("/", ".").replace("\\", ".")
                         .strip("."))
            for result in results:
                case = ET.SubElement(suite, "testcase", classname=classname,
                                     name=result.case.name, file=file,
                                     line=str(result.case.line or 0),
                                     time=f"{result.seconds:.3f}")
                if result.status == "fail":
                    element = ET.SubElement(
                        case, "failure",
                        message=f"{len(result.mismatches)} expectation(s) not met",
                        type="AssertionError")
                    element.text = "\n".join(result.diff())
                elif result.status == "error":
                    element = ET.SubElement(case, "error", message=result.error or "",
                                            type="CaseError")
                    element.text = result.error
        ET.indent(root)
        return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


# --------------------------------------------------------------------------- running


def run_suite(
    paths: Sequence[Path | str] = (),
    *,
    standard: bool = True,
    engine: str = "auto",
    plugin_manager: pluggy.PluginManager | None = None,
) -> SuiteReport:
    """Run every test case found for ``paths`` and report results and rule coverage.

    :param paths: ruleset folders, ruleset files or test files (see :func:`discover`). With
        none, the tests beside the standard and every plugin's rulesets run.
    :param standard: load the standard knowledge base too (a plugin's rules may read it).
    :param engine: ``auto``, ``durable`` or ``python``.
    Raises :class:`RulesetError` when the rulesets do not load and :class:`CaseFileError`
    when a test file is malformed; nothing runs then.
    """
    from .plugins import get_plugin_manager

    pm = plugin_manager or get_plugin_manager()
    found = discover(paths) if paths else discover(_registered_paths(pm, standard))
    if found.issues:
        raise RulesetError(found.issues)
    loaded = load_sources(found.ruleset_paths, standard=standard, plugin_manager=pm)
    if not paths:
        loaded.scope = set()  # no paths named: every loaded rule counts for coverage
        found.scope = []
    base_kb = loaded.compile()

    cases: list[tuple[Case, Setting]] = []
    problems: list[Issue] = []
    for file in found.test_files:
        file_cases, file_issues = parse_case_file(file)
        setting = setting_for(file, loaded)
        cases += [(case, setting) for case in file_cases]
        problems += file_issues
    if any(i.severity == "error" for i in problems):
        raise CaseFileError(problems)

    kbs: dict[Any, KnowledgeBase | str] = {}
    results = [_run_case(case, setting, loaded, kbs, engine) for case, setting in cases]

    scope = {p.resolve() for p in found.scope}
    rules = [
        RuleRef(r.id, r.rule.title, r.rule.file, r.rule.line)
        for r in base_kb.rules
        if not scope or (r.rule.file is not None and Path(r.rule.file).resolve() in scope)
    ]
    return SuiteReport(results, rules, [display_path(f) for f in found.test_files], found.searched)


@dataclass(frozen=True)
class Setting:
    """What one test file's cases run against (:func:`setting_for`)."""

    left_out: frozenset[str] = frozenset()
    """Rulesets of other plugins, not loaded for these cases."""
    overrides: tuple[tuple[str, Any], ...] = ()
    """Plugins' parameter overrides that apply to these cases."""


def setting_for(test_file: Path, loaded: LoadedRulesets) -> Setting:
    """The knowledge base a test file's cases are meant for, whatever else is installed.

    A test file belongs to the rulesets of the folder above its ``tests/`` folder (or of its
    own folder, for a test file elsewhere). Its cases run with the standard rulesets, those
    rulesets, the rulesets named on the command line and the other rulesets of the plugin
    that registers them; the rulesets of other installed plugins are left out, and only that
    plugin's parameter overrides apply, never to a parameter its own rulesets declare (the
    value written there is the one its cases were written for). A case's ``params:`` wins
    over all of this. So installing an institution's plugin, with a gate on the supervisory
    paths and a stricter ``fse_min_years``, cannot break the standard suite.
    """
    real = test_file.resolve()
    folder = real.parent.parent if real.parent.name == "tests" else real.parent
    own = [rs for rs in loaded.rulesets
           if (where := loaded.resolved.get(rs.file or "")) is not None and where.parent == folder]
    owners = {loaded.origins[rs.name] for rs in own if rs.name in loaded.origins}
    declared = {name for rs in own for name in rs.parameters}
    left_out = frozenset(
        rs.name for rs in loaded.rulesets
        if loaded.origins.get(rs.name, "standard") not in owners | {"standard"}
        and not loaded.covers_named(rs.file)
    )
    overrides = tuple(sorted(
        (name, tuple(value) if isinstance(value, list) else value)
        for name, value in loaded.overrides.items()
        if loaded.override_origins.get(name) in owners and name not in declared
    ))
    return Setting(left_out, overrides)


def _knowledge_base(
    case: Case, setting: Setting, loaded: LoadedRulesets, kbs: dict[Any, KnowledgeBase | str]
) -> KnowledgeBase | str:
    """The knowledge base for a case in its file's setting, compiled with the case's parameters
    and date (cached), or why there is none."""
    as_of = case.as_of or dt.date.today()
    key = (case.params_key(), setting, as_of)
    if key not in kbs:
        try:
            narrowed = replace(
                loaded,
                rulesets=[rs for rs in loaded.rulesets if rs.name not in setting.left_out],
                overrides=dict(setting.overrides),
            )
            kbs[key] = narrowed.compile(case.params, as_of)
        except RulesetError as exc:
            kbs[key] = "params: " + "; ".join(i.message for i in exc.issues)
    return kbs[key]


def _run_case(
    case: Case, setting: Setting, loaded: LoadedRulesets, kbs: dict[Any, KnowledgeBase | str],
    engine: str,
) -> CaseResult:
    from .api import evaluate, get_engine
    from .profile import parse_profile

    started = time.perf_counter()
    kb = _knowledge_base(case, setting, loaded, kbs)
    if isinstance(kb, str):
        return CaseResult(case, error=kb)
    unknown = _unknown_names(case, kb)
    if unknown:
        return CaseResult(case, error="; ".join(unknown))
    try:
        profile = parse_profile(case.profile, kb.fields, absent_is_unknown=False)
    except ProfileError as exc:
        bad = "; ".join(f"{p.field} = {p.value!r}: {p.message}" for p in exc.problems)
        return CaseResult(case, error=f"the profile is not valid: {bad}")
    if profile.unknown:
        names = ", ".join(sorted(profile.unknown))
        return CaseResult(case, error=f"unknown profile field(s): {names} (a typo?)")
    firing = get_engine(kb, engine).run_many([profile])[0]
    result = evaluate(profile, kb, engine=engine)
    mismatches = _compare(case, result, firing.fired, firing.values, kb)
    return CaseResult(case, tuple(mismatches), fired=firing.fired,
                      seconds=time.perf_counter() - started)


def _unknown_names(case: Case, kb: KnowledgeBase) -> list[str]:
    """Names in a case that the rulesets do not define: always a typo in the test."""
    out: list[str] = []
    every = {r.id for rs in kb.rulesets for r in rs.rules}
    for key in ("fired", "not_fired"):
        missing = [r for r in getattr(case, key) if r not in every]
        if missing:
            out.append(f"`{key}:` names no rule called {', '.join(missing)}")
    idle = [r for r in case.fired if r in every and r not in kb.by_id]
    if idle:
        out.append(f"`fired:` names {', '.join(idle)}, not in force on {kb.as_of} "
                   "(see its effective_from / effective_until, or set the case's `as_of:`)")
    for exp in case.outcomes:
        table = kb.certifications if exp.kind == "certification" else kb.paths
        if exp.id not in table:
            out.append(f"no {exp.kind} called {exp.id!r} in the loaded rulesets "
                       f"(known: {', '.join(table)})")
        for gap in exp.gaps or ():
            if gap not in kb.fields:
                out.append(f"{exp.kind} {exp.id}: `gaps:` names no field called {gap!r}")
    return out


def _compare(
    case: Case, result: Result, fired: frozenset[str], values: Mapping[str, Any], kb: KnowledgeBase
) -> list[Mismatch]:
    from .explain import condition_gaps, held_reasons

    out: list[Mismatch] = []
    if case.level is not None:
        actual = result.level or "unassigned"
        if actual != case.level:
            why = (f"set by {', '.join(result.level_rules)}" if result.level_rules
                   else "no level rule fired")
            out.append(Mismatch("level", case.level, actual, (why,)))
    for exp in case.outcomes:
        out += _compare_outcome(exp, _outcome(result, exp), kb)
    for rule_id in case.fired:
        if rule_id not in fired:
            rule = kb.by_id[rule_id]
            gaps = condition_gaps(rule.nnf, values, kb)
            detail = tuple(f"unmet: {g.message}" for g in gaps) or (
                "its conditions hold, yet it did not fire (an engine problem: please report it)",)
            out.append(Mismatch("fired", rule_id, "not fired", detail,
                                f"fired: expected {rule_id} to fire; it did not"))
    for text in case.warnings:
        if not any(text in w for w in result.warnings):
            out.append(Mismatch("warnings", text, list(result.warnings),
                                sentence=f"warnings: expected one containing {text!r}"))
    for rule_id in case.not_fired:
        if rule_id in fired:
            rule = kb.by_id[rule_id]
            reasons = held_reasons(rule.nnf, values, kb)
            out.append(Mismatch("not_fired", rule_id, "fired",
                                tuple(f"because: {r}" for r in reasons),
                                f"not_fired: expected {rule_id} not to fire; it fired"))
    return out


def _outcome(result: Result, exp: OutcomeExpectation) -> Outcome:
    table = result.certifications if exp.kind == "certification" else result.paths
    for item in table:
        if item.id == exp.id:
            return item
    # A certification only ever held (advised: false) is listed only when held.
    return Outcome(exp.id, exp.id, "not_eligible")


def status_matches(expected: str, actual: str) -> bool:
    """``not_eligible`` accepts ``near`` (near is a kind of not eligible yet)."""
    return expected == actual or (expected == "not_eligible" and actual == "near")


def _compare_outcome(exp: OutcomeExpectation, got: Outcome, kb: KnowledgeBase) -> list[Mismatch]:
    what = f"{exp.kind}s.{exp.id}"
    context = _outcome_context(got)
    out: list[Mismatch] = []
    if exp.status is not None and not status_matches(exp.status, got.status):
        out.append(Mismatch(f"{what}.status", exp.status, got.status, context))
    if exp.route is not None and exp.route not in (got.route, got.route_rule):
        actual = f'"{got.route}" ({got.route_rule})' if got.route else None
        out.append(Mismatch(f"{what}.route", f'"{exp.route}"', actual, context))
    if exp.gaps is not None:
        have = list(dict.fromkeys(g.field for g in got.gaps))
        missing = [g for g in exp.gaps if g not in have]
        if (not exp.gaps and have) or missing:
            wanted = f"gaps on {', '.join(exp.gaps)}" if exp.gaps else "no gaps"
            found = f"gaps on {', '.join(have)}" if have else "no gaps"
            out.append(Mismatch(f"{what}.gaps", wanted, found, context))
    # The context explains the outcome once, under its first mismatch.
    return [m if i == 0 else replace(m, detail=()) for i, m in enumerate(out)]


def _outcome_context(got: Outcome) -> tuple[str, ...]:
    """A few lines on why the outcome is what it is, for the diff."""
    lines: list[str] = []
    if got.status == "held":
        return ("the profile holds it",)
    if got.route:
        label = "by route" if got.status == "eligible" else "nearest route"
        lines.append(f'{label}: "{got.route}" ({got.route_rule})')
    lines += [f"gap: {g.message}" for g in got.gaps]
    return tuple(lines)
