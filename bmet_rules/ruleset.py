"""Reading ruleset files (or plugin-supplied data) into :class:`Ruleset` objects.

This module checks each ruleset on its own: required keys, known keys, id syntax,
conclusion shape. Checks that need every ruleset at once (unknown fields, types, sources,
cycles) live in :mod:`bmet_rules.knowledge`.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from .conditions import Condition, parse_condition, walk
from .dating import Effective, read_effective
from .errors import Issue, IssueList, RulesetError
from .limits import MAX_LIST_VALUES, MAX_TESTS_PER_RULE
from .notes import Note, read_note
from .yamlsource import LineList, LineMap, YamlLimitError, error_line, load_yaml_file

RULESET_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")
RULE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
CONCLUSION_KINDS = ("certification", "path", "requirement_for", "level", "fact")

_TOP_KEYS = {
    "ruleset",
    "version",
    "title",
    "description",
    "sources",
    "parameters",
    "paths",
    "certifications",
    "facts",
    "skills",
    "rules",
    "effective_from",
    "effective_until",
    "advice",
}
_RULE_KEYS = {
    "id", "title", "description", "source", "when", "then", "priority",
    "effective_from", "effective_until",
}
#: A skill word as profiles normalise it (lower case, words joined by '_').
SKILL_WORD = re.compile(r"^[a-z][a-z0-9_]*$")
_THEN_KEYS = {"certification", "path", "requirement_for", "level", "fact", "route", "value"}


@dataclass(frozen=True)
class Source:
    """A citation a rule can name."""

    id: str
    title: str
    url: str | None = None
    read: str | None = None
    """The date (YYYY-MM-DD) someone last read the page at ``url`` and found the text."""


@dataclass(frozen=True)
class Parameter:
    """A named threshold with its default; institutions override the value, not the rule."""

    name: str
    value: Any
    description: str = ""
    source: str | None = None
    line: int | None = None


@dataclass(frozen=True)
class Target:
    """A path or certification a ruleset defines."""

    id: str
    title: str
    description: str = ""
    source: str | None = None
    advised: bool = True
    line: int | None = None
    outside: bool = False
    """A credential from outside HTM (a PE licence): planned like any other, but its own
    prerequisites come from its issuer, not from ACI or ACCE."""
    issuer: str | None = None
    training: Note | None = None
    """The usual routes to the education or training a step needs, with a source."""
    pay: Note | None = None
    """Pay for the path's occupation from a public source (with its year), if one exists."""


@dataclass(frozen=True)
class FactDecl:
    """A derived fact of a ruleset's own."""

    name: str
    type: str
    description: str = ""
    line: int | None = None


@dataclass(frozen=True)
class Conclusion:
    """What a rule concludes when its condition holds."""

    kind: str
    targets: tuple[str, ...]
    route: str | None = None
    value: Any = None

    @property
    def target(self) -> str:
        """The single target (``requirement_for`` may have several)."""
        return self.targets[0]


@dataclass(frozen=True)
class Rule:
    """One rule as written: condition, conclusion and its provenance."""

    id: str
    title: str
    description: str
    source: str
    when: Condition
    then: Conclusion
    priority: int = 0
    ruleset: str = ""
    file: str | None = None
    line: int | None = None
    effective: Effective = field(default_factory=Effective)
    """The dates the rule is in force (its own, within its ruleset's)."""


@dataclass(frozen=True)
class Ruleset:
    """A parsed, individually valid ruleset."""

    name: str
    version: str
    title: str
    description: str
    digest: str
    sources: Mapping[str, Source] = field(default_factory=dict)
    parameters: Mapping[str, Parameter] = field(default_factory=dict)
    paths: Mapping[str, Target] = field(default_factory=dict)
    certifications: Mapping[str, Target] = field(default_factory=dict)
    facts: Mapping[str, FactDecl] = field(default_factory=dict)
    rules: tuple[Rule, ...] = ()
    skills: Mapping[str, str] = field(default_factory=dict)
    """The skills vocabulary this ruleset declares: skill word -> what it means."""
    skill_labels: Mapping[str, str] = field(default_factory=dict)
    """Each declared skill in words, as sentences name it ("regulatory compliance")."""
    file: str | None = None
    effective: Effective = field(default_factory=Effective)
    advice: Any = None
    """The ``advice:`` section as written (effort and relevance); checked and read by
    ``bmet_rules.advice.model``, which owns its meaning."""

    def meta(self) -> dict[str, str]:
        """Name, version and digest, as results report them."""
        return {"name": self.name, "version": self.version, "digest": self.digest}


def ruleset_files(path: Path) -> list[Path]:
    """The ruleset files a path names: the file itself, or a folder's ``*.yaml`` / ``*.yml``."""
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
    return [path]


def load_ruleset_file(path: Path, display: str | None = None) -> Ruleset:
    """Read one ruleset file; raises :class:`RulesetError` naming the file and line."""
    name = display or str(path)
    issues = IssueList()
    try:
        data, raw = load_yaml_file(path)
    except OSError as exc:
        issues.add(f"cannot read the file: {exc.strerror or exc}", file=name)
        raise RulesetError(issues.issues) from None
    except YamlLimitError as exc:
        issues.add(str(exc.problem), file=name, line=error_line(exc), code="too-large")
        raise RulesetError(issues.issues) from None
    except yaml.YAMLError as exc:
        problem = getattr(exc, "problem", None) or str(exc)
        issues.add(f"not valid YAML: {problem}", file=name, line=error_line(exc), code="yaml")
        raise RulesetError(issues.issues) from None
    except UnicodeDecodeError:
        issues.add("not UTF-8 text", file=name)
        raise RulesetError(issues.issues) from None
    digest = "sha256:" + hashlib.sha256(raw).hexdigest()
    return parse_ruleset(data, file=name, digest=digest)


def parse_ruleset(data: Any, file: str | None = None, digest: str | None = None) -> Ruleset:
    """Build a :class:`Ruleset` from parsed data (a YAML file's, or a plugin's dict)."""
    issues = IssueList()
    if digest is None:
        canonical = json.dumps(data, sort_keys=True, default=str).encode()
        digest = "sha256:" + hashlib.sha256(canonical).hexdigest()
    if not isinstance(data, dict):
        issues.add(
            "a ruleset must be a mapping with `ruleset:`, `version:` and `rules:`", file=file
        )
        raise RulesetError(issues.issues)
    where = {"file": file}

    for key in data:
        if key not in _TOP_KEYS:
            issues.add(
                f"unknown key {key!r}",
                hint="top-level keys are " + ", ".join(sorted(_TOP_KEYS)),
                line=_line(data, key),
                code="unknown-key",
                **where,
            )
    name = data.get("ruleset")
    if not isinstance(name, str) or not RULESET_NAME.match(name):
        issues.add(
            "`ruleset:` must name the ruleset in lower-case letters, digits and '-'",
            line=_line(data, "ruleset"),
            **where,
        )
        name = str(name)
    version = data.get("version")
    if not isinstance(version, (str, int, float)) or isinstance(version, bool):
        issues.add(
            '`version:` is required (e.g. "2026.11.0")', line=_line(data, "version"), **where
        )

    sources = {
        sid: Source(sid, str(_get(s, "title", sid)), _opt_str(s, "url"), _opt_str(s, "read"))
        for sid, s in _mapping(data, "sources", issues, where).items()
    }
    for sid, s in _mapping(data, "sources", IssueList(), where).items():
        if not isinstance(s, dict) or not isinstance(s.get("title"), str):
            issues.add(
                f"source {sid!r} needs a `title:`", line=_line(data["sources"], sid), **where
            )

    parameters: dict[str, Parameter] = {}
    for pname, p in _mapping(data, "parameters", issues, where).items():
        pline = _line(data["parameters"], pname)
        if not isinstance(p, dict) or "value" not in p:
            issues.add(f"parameter {pname!r} needs a `value:`", line=pline, **where)
            continue
        value = p["value"]
        if not _is_literal(value):
            issues.add(
                f"parameter {pname!r}: the value must be a number, boolean, text or list of text",
                line=pline,
                **where,
            )
            continue
        if isinstance(value, list) and len(value) > MAX_LIST_VALUES:
            issues.add(
                f"parameter {pname!r}: a list of {len(value)} values; at most "
                f"{MAX_LIST_VALUES} are allowed",
                line=pline,
                code="too-large",
                **where,
            )
            continue
        parameters[pname] = Parameter(
            pname,
            tuple(value) if isinstance(value, list) else value,
            str(p.get("description", "")),
            _opt_str(p, "source"),
            pline,
        )

    paths = _targets(data, "paths", issues, where)
    certifications = _targets(data, "certifications", issues, where)
    facts: dict[str, FactDecl] = {}
    for fname, f in _mapping(data, "facts", issues, where).items():
        fline = _line(data["facts"], fname)
        ftype = f.get("type") if isinstance(f, dict) else None
        if ftype not in ("boolean", "number", "text"):
            issues.add(f"fact {fname!r} needs `type:` boolean, number or text", line=fline, **where)
            continue
        facts[fname] = FactDecl(fname, ftype, str(f.get("description", "")), fline)

    skills, skill_labels = _skills(data, issues, where)

    date_problems: list[Issue] = []
    effective = read_effective(data, where, date_problems, _line(data, "effective_from"))
    rules: list[Rule] = []
    raw_rules = data.get("rules")
    if not isinstance(raw_rules, list):
        issues.add("`rules:` must be a list of rules", line=_line(data, "rules"), **where)
        raw_rules = []
    seen: dict[str, int | None] = {}
    for index, raw in enumerate(raw_rules):
        rline = raw_rules.line_of(index) if isinstance(raw_rules, LineList) else None
        rule = _parse_rule(raw, str(name), file, rline, issues)
        if rule is None:
            continue
        if rule.id in seen:
            issues.add(
                f"duplicate rule id (first defined at line {seen[rule.id]})",
                rule=rule.id,
                line=rline,
                code="duplicate-rule",
                **where,
            )
            continue
        seen[rule.id] = rline
        own = read_effective(raw, {"file": file, "rule": rule.id}, date_problems, rline)
        rules.append(replace(rule, effective=own.narrowed(effective)))
    issues.issues.extend(date_problems)

    issues.raise_if_errors()
    return Ruleset(
        name=str(name),
        version=str(version),
        title=str(data.get("title", name)),
        description=str(data.get("description", "")),
        digest=digest,
        sources=sources,
        parameters=parameters,
        paths=paths,
        certifications=certifications,
        facts=facts,
        rules=tuple(rules),
        file=file,
        skills=skills,
        skill_labels=skill_labels,
        effective=effective,
        advice=data.get("advice"),
    )


def _skills(
    data: dict[str, Any], issues: IssueList, where: dict[str, Any]
) -> tuple[dict[str, str], dict[str, str]]:
    """``skills:`` maps each skill word a profile may list to a sentence saying what it means,
    or to ``{label: ..., description: ...}`` where the word alone would read badly in advice
    ("Train in it"). Returns (word -> description, word -> label); a label defaults to the
    word with spaces for ``_``."""
    out: dict[str, str] = {}
    labels: dict[str, str] = {}
    for word, entry in _mapping(data, "skills", issues, where).items():
        sline = _line(data["skills"], word)
        if not isinstance(word, str) or not SKILL_WORD.match(word):
            issues.add(
                f"skill {word!r}: a skill is a lower-case word, words joined by '_' "
                "(customer_communication)",
                line=sline,
                **where,
            )
            continue
        description, label = entry, word.replace("_", " ")
        if isinstance(entry, dict):
            unknown = sorted(str(k) for k in entry if k not in ("label", "description"))
            if unknown:
                issues.add(
                    f"skill {word!r}: unknown key(s) {', '.join(unknown)}; a skill takes "
                    "'label' and 'description'",
                    line=sline,
                    **where,
                )
                continue
            description = entry.get("description")
            label = entry.get("label", label)
            if not isinstance(label, str) or not label.strip():
                issues.add(
                    f"skill {word!r}: 'label' must be text (the skill in words, "
                    f"'{word.replace('_', ' ')}')",
                    line=sline,
                    **where,
                )
                continue
        if not isinstance(description, str) or not description.strip():
            issues.add(f"skill {word!r} needs a description (text)", line=sline, **where)
            continue
        out[word] = description.strip()
        labels[word] = label.strip()
    return out, labels


def _parse_rule(
    raw: Any, ruleset: str, file: str | None, line: int | None, issues: IssueList
) -> Rule | None:
    where: dict[str, Any] = {"file": file, "line": line}
    if not isinstance(raw, dict):
        issues.add("each rule must be a mapping with id, title, source, when and then", **where)
        return None
    rule_id = raw.get("id")
    if not isinstance(rule_id, str) or not RULE_ID.match(rule_id):
        issues.add("every rule needs an `id:` (letters, digits, '-', '_', '.')", **where)
        return None
    where["rule"] = rule_id
    ok = True
    for key in raw:
        if key not in _RULE_KEYS:
            issues.add(
                f"unknown key {key!r} in a rule",
                hint="rule keys are " + ", ".join(sorted(_RULE_KEYS)),
                code="unknown-key",
                **{**where, "line": _line(raw, key)},
            )
            ok = False
    for key in ("title", "source"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            issues.add(f"`{key}:` is required", **where)
            ok = False
    priority = raw.get("priority", 0)
    if not isinstance(priority, int) or isinstance(priority, bool):
        issues.add(
            "`priority:` must be a whole number", **{**where, "line": _line(raw, "priority")}
        )
        ok = False
    if "when" not in raw:
        issues.add("`when:` is required (the rule's conditions)", **where)
        return None
    when = parse_condition(raw["when"], issues, {**where, "line": _line(raw, "when")})
    then = _parse_then(raw.get("then"), issues, {**where, "line": _line(raw, "then")})
    if when is None or then is None or not ok:
        return None
    tests = sum(1 for _ in walk(when))
    if tests > MAX_TESTS_PER_RULE:
        issues.add(
            f"the rule's `when:` holds {tests} field tests; at most {MAX_TESTS_PER_RULE} are "
            "allowed (split it into rules that conclude facts of their own)",
            code="too-large",
            **{**where, "line": _line(raw, "when")},
        )
        return None
    return Rule(
        id=rule_id,
        title=str(raw["title"]),
        description=str(raw.get("description", "")).strip(),
        source=str(raw["source"]),
        when=when,
        then=then,
        priority=int(priority),
        ruleset=ruleset,
        file=file,
        line=line,
    )


def _parse_then(raw: Any, issues: IssueList, where: dict[str, Any]) -> Conclusion | None:
    if not isinstance(raw, dict):
        issues.add(
            "`then:` must say what the rule concludes, e.g. `then: {path: supervisor, route: ...}`",
            **where,
        )
        return None
    unknown = [k for k in raw if k not in _THEN_KEYS]
    kinds = [k for k in CONCLUSION_KINDS if k in raw]
    if unknown:
        issues.add(
            f"unknown key(s) {', '.join(map(repr, unknown))} in `then:`",
            hint="a conclusion is one of " + ", ".join(CONCLUSION_KINDS),
            **where,
        )
        return None
    if len(kinds) != 1:
        issues.add("`then:` must have exactly one of " + ", ".join(CONCLUSION_KINDS), **where)
        return None
    kind = kinds[0]
    target = raw[kind]
    route = raw.get("route")
    if route is not None and not isinstance(route, str):
        issues.add("`route:` must be text", **where)
        return None
    if kind == "requirement_for":
        targets = tuple(target) if isinstance(target, list) else (target,)
        if not targets or not all(isinstance(t, str) for t in targets):
            issues.add("`requirement_for:` must list path or certification ids", **where)
            return None
        return Conclusion(kind, targets, route)
    if not isinstance(target, str):
        issues.add(f"`{kind}:` must be a single id or name", **where)
        return None
    if kind == "fact":
        if "value" not in raw or not _is_literal(raw["value"]) or isinstance(raw["value"], list):
            issues.add("`fact:` needs a `value:` (number, boolean or text)", **where)
            return None
        return Conclusion(kind, (target,), route, raw["value"])
    if "value" in raw:
        issues.add(f"`value:` belongs to `fact:` conclusions, not `{kind}:`", **where)
        return None
    return Conclusion(kind, (target,), route)


def _targets(
    data: dict[str, Any], key: str, issues: IssueList, where: dict[str, Any]
) -> dict[str, Target]:
    out: dict[str, Target] = {}
    for tid, t in _mapping(data, key, issues, where).items():
        tline = _line(data[key], tid)
        if not isinstance(t, dict) or not isinstance(t.get("title"), str):
            issues.add(f"{key[:-1]} {tid!r} needs a `title:`", line=tline, **where)
            continue
        advised = t.get("advised", True)
        out[tid] = Target(
            tid,
            t["title"],
            str(t.get("description", "")).strip(),
            _opt_str(t, "source"),
            bool(advised),
            tline,
            bool(t.get("outside", False)),
            _opt_str(t, "issuer"),
            read_note(t, "training", tid, issues, {**where, "line": tline}),
            read_note(t, "pay", tid, issues, {**where, "line": tline}),
        )
    return out


def _mapping(
    data: dict[str, Any], key: str, issues: IssueList, where: dict[str, Any]
) -> dict[str, Any]:
    value = data.get(key)
    if value is None:
        return {}
    if not isinstance(value, dict):
        issues.add(f"`{key}:` must be a mapping", line=_line(data, key), **where)
        return {}
    return value


def _line(data: Any, key: str) -> int | None:
    return data.line_of(key) if isinstance(data, LineMap) else None


def _get(data: Any, key: str, default: Any) -> Any:
    return data.get(key, default) if isinstance(data, dict) else default


def _opt_str(data: Any, key: str) -> str | None:
    value = _get(data, key, None)
    return str(value) if value is not None else None


def _is_literal(value: Any) -> bool:
    if isinstance(value, list):
        return all(isinstance(v, str) for v in value)
    return isinstance(value, (str, int, float, bool))


def load_ruleset_paths(paths: Iterable[Path | str]) -> list[Ruleset]:
    """Load every ruleset file under the given paths; all problems are raised together."""
    rulesets: list[Ruleset] = []
    issues: list[Issue] = []
    for entry in paths:
        path = Path(entry)
        if not path.exists():
            issues.append(Issue("no such file or folder", file=str(path), code="missing"))
            continue
        for file in ruleset_files(path):
            try:
                rulesets.append(load_ruleset_file(file))
            except RulesetError as exc:
                issues.extend(exc.issues)
    if issues:
        raise RulesetError(issues)
    return rulesets
