"""The effort model and relevance rules, read from the rulesets' ``advice:`` sections.

Durations are parameters (``effort_*``), so an institution overrides them with ``--param``
like any threshold; the ``advice:`` section says how they apply (which fields are roles,
which fields a plan must never propose, when exams can be sat, which credentials stop being
advice). Several rulesets may have an ``advice:`` section: later ones override the keys
they give. Without any (``--no-standard``) the defaults below apply, so generated and
institutional rulesets can still be planned. ``docs/advice.md`` documents every key.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..errors import Issue, RulesetError
from ..fields import FieldType
from ..knowledge import KnowledgeBase

MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip

_KEYS = {
    "experience", "roles", "study", "skill", "decision", "not_actions", "exams", "entry",
    "specialty", "role_after", "entry_horizon", "entry_soon", "alongside", "role_degree",
    "past_level", "study_weight", "next_after", "without_goals", "implied", "roles_continue",
    "beside_goals", "in_role", "at_school", "role_notes", "role_after_counts",
    "master_changes_field",
}  # fmt: skip
_STUDY_KEYS = ("certificate", "associate", "bachelor", "master", "doctorate", "part_time_factor")
_EXAM_KEYS = {"windows", "windowed", "source", "how"}

#: How many next steps a result shows when the rulesets set no ``advice_next_steps``.
DEFAULT_STEPS = 5

#: An exam done within this many years is one the person may sit now (the next testing window
#: is at most a year away): the steps and the goals' plans read it alike.
SIT_NOW_YEARS = 1.0

#: Full-time years per degree step when no ruleset says otherwise (docs/advice.md).
DEFAULT_STUDY: Mapping[str, float] = {
    "certificate": 1.0,
    "associate": 2.0,
    "bachelor": 2.0,
    "master": 2.0,
    "doctorate": 4.0,
    "part_time_factor": 1.0,
}


@dataclass(frozen=True)
class AdviceModel:
    """What the planner and the next steps need to know beyond the rules themselves."""

    experience: str | None = "years_experience"
    roles: Mapping[str, str] = field(default_factory=dict)
    """Experience fields that accrue only in a role, with the action that names the role."""
    roles_continue: Mapping[str, str] = field(default_factory=dict)
    role_notes: Mapping[str, tuple[frozenset[str], str]] = field(default_factory=dict)
    """Role -> (targets, words) added to taking up the role when a plan for one of those
    targets asks for it: ACI counts management duties done without the title, when attested,
    for the CHTM (not an employer's supervisor post)."""
    """Role -> the action's words for a person who already has years in it ("Continue as
    supervisor or manager"): a sitting supervisor is not told to "take on" supervision."""
    study: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_STUDY))
    skill_years: float = 0.5
    decision_years: float = 0.0
    not_actions: frozenset[str] = frozenset()
    windows: tuple[int, ...] = ()
    """Months (1-12) in which a windowed exam can be sat."""
    windowed: frozenset[str] = frozenset()
    exam_source: str | None = None
    exam_how: Mapping[str, str] = field(default_factory=dict)
    """Exam -> how an exam outside the windows is sat ("apply to the HTCC first"); absent:
    "any time"."""
    entry: Mapping[str, frozenset[str]] = field(default_factory=dict)
    """Entry credential -> credentials that, held or open, put a person past it."""
    specialty: Mapping[str, str] = field(default_factory=dict)
    """Specialty exam -> the experience field it needs before it is advised."""
    specialty_years: Mapping[str, float] = field(default_factory=dict)
    """Specialty exam -> the years in its field it needs before it is advised (absent: any
    time at all): half a year on imaging is no reason to sit the CRES."""
    specialty_why: Mapping[str, str] = field(default_factory=dict)
    """Specialty exam -> why its years come first, in the words of its source (``why``)."""
    entry_horizon: float = 0.0
    entry_soon: frozenset[str] | None = None
    """Entry credentials past once a later one's plan is within ``entry_horizon`` (``None``:
    every entry credential); the others only once a later one is held or open."""
    """An entry credential is not advised when a later one is this many years away."""
    role_after: Mapping[str, float] = field(default_factory=dict)
    role_after_counts: tuple[str, ...] = ()
    """Other years that count as the experience ``role_after`` waits for: an engineer with
    twelve years of engineering practice does not wait for four years at the bench to lead."""
    """Role -> years of general experience before a plan starts it (leading, say)."""
    study_weight: float = 0.0
    """Extra weight of a year of study when routes are compared: a degree costs evenings and
    fees that the calendar does not show, so a route through one must save real time."""
    master_changes_field: Mapping[str, frozenset[str]] = field(default_factory=dict)
    """Target -> the bachelor's fields from which it is planned by a master's in the field a
    route names, when that is sooner than a second bachelor's (a science graduate's way to
    a clinical engineer's post; not a business graduate's, nor a licence that asks for the
    engineering bachelor's itself)."""
    next_after: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Goal -> the targets advice plans next once the goal is open (a supervisor's CHTM)."""
    skip_without_goals: frozenset[str] = frozenset()
    """Step kinds (training, decision) and role fields not advised towards paths alone to a
    person who names no goal: nobody is sent to train for a path they did not choose."""
    in_role: Mapping[str, str] = field(default_factory=dict)
    """Path -> the years field that says the person already works in it (a clinical engineer's
    clinical-engineering years): nobody is told to apply for the job they hold."""
    beside_goals: frozenset[str] = frozenset()
    """Exams worth saying to a person with goals whenever they may sit them now, whatever the
    goals (the CBET, the technician's core credential); other exams open now are steps only
    towards a goal or for a person without goals (a CRES is not advice for a manager)."""
    at_school: tuple[str, str, tuple[str, ...]] | None = None
    """(yes/no field, step, targets): a person still at school works no full-time years yet,
    so their experience and role steps are no steps (but a goal's own); the step the
    rulesets word for them ("Finish high school, then an associate degree ...") is given
    instead, towards the targets named."""
    past_level: Mapping[str, frozenset[str]] = field(default_factory=dict)
    """Credential -> the levels (the one named and those above it) at which a person is past
    it: the CBET is a technician's credential, not advice for someone on the engineer track."""
    role_degree: Mapping[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)
    """Role -> (degree level, degree fields) a person must hold before a plan starts it:
    clinical engineering is practised with an engineering degree, so a plan studies first."""
    implied: Mapping[str, frozenset[str]] = field(default_factory=dict)
    """Credential -> held credentials that imply it was passed on the way (a PE licence
    implies the FE exam): shown as passed, never as "open now"."""
    alongside: Mapping[str, str] = field(default_factory=dict)
    """Field -> the role whose years it accrues with: CHTM's supervision "in the last five
    years" grows with supervision, engineering practice with clinical engineering. A need on
    the field is planned as more years in the role, never as a role of its own."""

    def study_years(self, step: str) -> float:
        """Full-time years of one degree step (``associate``: from a high-school diploma)."""
        return float(self.study.get(step, DEFAULT_STUDY.get(step, 2.0)))

    @property
    def part_time_factor(self) -> float:
        """How much longer part-time study alongside work takes than full-time study."""
        return float(self.study.get("part_time_factor", 1.0))


def near_years(kb: KnowledgeBase) -> float:
    """How soon is "near": the ``near_years`` parameter (2 when the rulesets set none). One
    reading for the outcomes, the steps and the text."""
    return float(kb.parameter("near_years")) if "near_years" in kb.parameters else 2.0


def advice_model(kb: KnowledgeBase) -> AdviceModel:
    """The knowledge base's advice model, built once and kept in its memo."""
    found = kb.memo.get("advice-model")
    if isinstance(found, AdviceModel):
        return found
    model = build_model(kb)
    kb.memo["advice-model"] = model
    return model


def build_model(kb: KnowledgeBase) -> AdviceModel:
    """Check and merge every ``advice:`` section; raises :class:`RulesetError` naming the
    file, key and value at fault."""
    merged: dict[str, Any] = {}
    issues: list[Issue] = []
    for rs in kb.rulesets:
        section = rs.advice
        if section is None:
            continue
        if not isinstance(section, dict):
            issues.append(Issue("`advice:` must be a mapping", file=rs.file, code="advice"))
            continue
        for key, value in section.items():
            if key not in _KEYS:
                issues.append(
                    Issue(
                        f"advice: unknown key {key!r}",
                        file=rs.file,
                        line=_line(section, key),
                        hint="keys are " + ", ".join(sorted(_KEYS)),
                        code="advice",
                    )
                )
                continue
            merged[key] = (rs.file, _line(section, key), value)
    model = _interpret(kb, merged, issues)
    if issues:
        raise RulesetError(issues)
    return model


def _interpret(
    kb: KnowledgeBase, merged: Mapping[str, tuple[str | None, int | None, Any]], issues: list[Issue]
) -> AdviceModel:
    def bad(key: str, message: str, hint: str | None = None) -> None:
        file, line, _ = merged[key]
        issues.append(Issue(f"advice: {key}: {message}", file=file, line=line, hint=hint,
                            code="advice"))  # fmt: skip

    def number(key: str, value: Any) -> float:
        if isinstance(value, dict) and set(value) == {"param"}:
            name = value["param"]
            if name not in kb.parameters:
                bad(key, f"unknown parameter {name!r}", "declare it under `parameters:`")
                return 0.0
            value = kb.parameter(name)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            bad(key, f"expected a number of years >= 0 or {{param: NAME}}, got {value!r}")
            return 0.0
        return float(value)

    def time_field(key: str, name: Any) -> str | None:
        spec = kb.fields.get(str(name))
        if spec is None or spec.derived or spec.type is not FieldType.NUMBER:
            bad(key, f"{name!r} is not a number field of the profile",
                "name a profile field of years, such as imaging_years")  # fmt: skip
            return None
        return str(name)

    def cert_list(key: str, value: Any) -> frozenset[str]:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            bad(key, f"expected a list of certification ids, got {value!r}")
            return frozenset()
        return frozenset(value)

    model: dict[str, Any] = {}
    experience_field = "years_experience" if "years_experience" in kb.fields else None
    if "experience" in merged:
        experience_field = time_field("experience", merged["experience"][2])
    model["experience"] = experience_field
    roles: dict[str, str] = {}
    if "roles" in merged:
        raw = merged["roles"][2]
        if not isinstance(raw, dict):
            bad("roles", "expected a mapping of field -> action text")
        else:
            for name, text in raw.items():
                if time_field("roles", name) and isinstance(text, str):
                    roles[str(name)] = text
    else:
        for spec in kb.fields:
            if spec.gap_kind == "time" and not spec.derived and spec.name != experience_field:
                roles[spec.name] = f"Gain experience: {spec.label}"
    model["roles"] = roles
    if "roles_continue" in merged:
        raw = merged["roles_continue"][2]
        if not isinstance(raw, dict):
            bad("roles_continue", "expected a mapping of role field -> action text")
        else:
            model["roles_continue"] = {
                str(name): text for name, text in raw.items()
                if time_field("roles_continue", name) and isinstance(text, str)
            }  # fmt: skip
    if "role_notes" in merged:
        raw = merged["role_notes"][2]
        if not isinstance(raw, dict):
            bad("role_notes", "expected a mapping of role field -> {targets: [...], text: ...}")
        else:
            notes: dict[str, tuple[frozenset[str], str]] = {}
            for name, entry in raw.items():
                if not time_field("role_notes", name):
                    continue
                targets = entry.get("targets") if isinstance(entry, dict) else None
                text = entry.get("text") if isinstance(entry, dict) else None
                if not isinstance(targets, list) or not isinstance(text, str) or not all(
                    t in kb.certifications or t in kb.paths for t in targets
                ):
                    bad("role_notes", f"{name}: expected targets (certification or path ids) "
                        "and a text", "role_notes: {supervisory_years: {targets: [CHTM], "
                        "text: \"...\"}}")  # fmt: skip
                    continue
                notes[str(name)] = (frozenset(str(t) for t in targets), text)
            model["role_notes"] = notes
    study = dict(DEFAULT_STUDY)
    if "study" in merged:
        raw = merged["study"][2]
        if not isinstance(raw, dict):
            bad("study", "expected a mapping of degree step -> years")
        else:
            for step, value in raw.items():
                if step not in _STUDY_KEYS:
                    bad("study", f"unknown step {step!r}", "steps are " + ", ".join(_STUDY_KEYS))
                    continue
                study[step] = number("study", value)
    model["study"] = study
    if "skill" in merged:
        model["skill_years"] = number("skill", merged["skill"][2])
    if "decision" in merged:
        model["decision_years"] = number("decision", merged["decision"][2])
    if "not_actions" in merged:
        raw = merged["not_actions"][2]
        unknown = [n for n in raw or () if n not in kb.fields] if isinstance(raw, list) else [raw]
        if unknown:
            bad("not_actions", f"not profile fields: {unknown!r}")
        model["not_actions"] = frozenset(raw) if isinstance(raw, list) else frozenset()
    if "exams" in merged:
        raw = merged["exams"][2]
        if not isinstance(raw, dict) or set(raw) - _EXAM_KEYS:
            bad("exams", f"expected keys {sorted(_EXAM_KEYS)}, got {raw!r}")
        else:
            months = []
            for month in raw.get("windows", ()):
                if str(month).capitalize() not in MONTHS:
                    bad("exams", f"windows: {month!r} is not a month", "write May, November")
                else:
                    months.append(MONTHS.index(str(month).capitalize()) + 1)
            model["windows"] = tuple(sorted(months))
            model["windowed"] = cert_list("exams", list(raw.get("windowed", [])))
            how = raw.get("how", {})
            if not isinstance(how, dict):
                bad("exams", f"how: expected a mapping of exam -> words, got {how!r}",
                    "write how: {CCE: apply to the HTCC first}")
            else:
                cert_list("exams", list(how))
                model["exam_how"] = {str(k): str(v) for k, v in how.items()}
            model["exam_source"] = raw.get("source")
    if "entry" in merged:
        raw = merged["entry"][2]
        if not isinstance(raw, dict):
            bad("entry", "expected a mapping of entry credential -> credentials past it")
        else:
            model["entry"] = {str(k): cert_list("entry", v) for k, v in raw.items()}
    if "specialty" in merged:
        raw = merged["specialty"][2]
        if not isinstance(raw, dict):
            bad("specialty", "expected a mapping of exam -> experience field")
        else:
            fields_of: dict[str, str] = {}
            least: dict[str, float] = {}
            why: dict[str, str] = {}
            for exam, spec in raw.items():
                if isinstance(spec, dict):  # {field: imaging_years, at_least: 1 | {param}}
                    if not set(spec) <= {"field", "at_least", "why"} or "field" not in spec:
                        bad("specialty", f"{exam}: expected {{field: NAME, at_least: YEARS, "
                                         f"why: TEXT}}, got {spec!r}")  # fmt: skip
                        continue
                    if "at_least" in spec:
                        least[str(exam)] = number("specialty", spec["at_least"])
                    if "why" in spec:
                        why[str(exam)] = str(spec["why"])
                    spec = spec["field"]
                if name := time_field("specialty", spec):
                    fields_of[str(exam)] = name
            model["specialty"] = fields_of
            model["specialty_years"] = {k: v for k, v in least.items() if k in fields_of}
            model["specialty_why"] = {k: v for k, v in why.items() if k in fields_of}
    if "entry_horizon" in merged:
        model["entry_horizon"] = number("entry_horizon", merged["entry_horizon"][2])
    if "entry_soon" in merged:
        model["entry_soon"] = cert_list("entry_soon", merged["entry_soon"][2])
    if "role_after" in merged:
        raw = merged["role_after"][2]
        if not isinstance(raw, dict):
            bad("role_after", "expected a mapping of role field -> years of experience first")
        else:
            model["role_after"] = {
                f: number("role_after", v)
                for k, v in raw.items()
                if (f := time_field("role_after", k))
            }
    if "role_after_counts" in merged:
        raw = merged["role_after_counts"][2]
        if not isinstance(raw, list):
            bad("role_after_counts", "expected a list of number fields")
        else:
            model["role_after_counts"] = tuple(
                f for k in raw if (f := time_field("role_after_counts", k))
            )
    if "study_weight" in merged:
        model["study_weight"] = number("study_weight", merged["study_weight"][2])
    if "next_after" in merged:
        raw = merged["next_after"][2]
        ids = {*kb.paths, *kb.certifications}
        if not isinstance(raw, dict) or not all(
            k in ids and isinstance(v, list) and all(t in ids for t in v) for k, v in raw.items()
        ):
            bad("next_after", "expected a mapping of path or certification id -> list of ids",
                "ids are " + ", ".join(sorted(ids)))  # fmt: skip
        else:
            model["next_after"] = {str(k): tuple(map(str, v)) for k, v in raw.items()}
    if "master_changes_field" in merged:
        raw = merged["master_changes_field"][2]
        ids = {*kb.paths, *kb.certifications}
        field_spec = kb.fields.get("degree_field")
        known = set(field_spec.values) if field_spec is not None else set()
        if not isinstance(raw, dict) or not all(
            t in ids and isinstance(v, list) and set(v) <= known for t, v in raw.items()
        ):
            bad("master_changes_field", f"expected a mapping of path or certification id -> "
                f"list of degree fields, got {raw!r}",
                "ids are " + ", ".join(sorted(ids)) + "; fields are "
                + ", ".join(sorted(map(str, known))))  # fmt: skip
        else:
            model["master_changes_field"] = {
                str(t): frozenset(map(str, v)) for t, v in raw.items()}
    if "without_goals" in merged:
        raw = merged["without_goals"][2]
        kinds = {"training", "decision", "role", "study", "experience", "exam"}
        if not isinstance(raw, list) or not all(
            isinstance(v, str) and (v in kinds or time_field("without_goals", v)) for v in raw
        ):
            bad("without_goals", "expected a list of step kinds and role fields to skip",
                "kinds are " + ", ".join(sorted(kinds)))  # fmt: skip
        else:
            model["skip_without_goals"] = frozenset(raw)
    if "in_role" in merged:
        raw = merged["in_role"][2]
        if not isinstance(raw, dict) or not all(
            k in kb.paths and isinstance(v, str) and time_field("in_role", v)
            for k, v in raw.items()
        ):
            bad("in_role", "expected a mapping of path id -> years field",
                "paths are " + ", ".join(sorted(kb.paths)))  # fmt: skip
        else:
            model["in_role"] = {str(k): str(v) for k, v in raw.items()}
    if "beside_goals" in merged:
        raw = merged["beside_goals"][2]
        if not isinstance(raw, list) or not all(c in kb.certifications for c in raw):
            bad("beside_goals", "expected a list of certification ids",
                "credentials are " + ", ".join(sorted(kb.certifications)))  # fmt: skip
        else:
            model["beside_goals"] = frozenset(map(str, raw))
    if "at_school" in merged:
        raw = merged["at_school"][2]
        flag = kb.fields.get(raw.get("field", "")) if isinstance(raw, dict) else None
        targets = raw.get("towards", []) if isinstance(raw, dict) else None
        if (
            flag is None or flag.type is not FieldType.BOOLEAN
            or not isinstance(raw.get("step"), str) or not raw["step"].strip()
            or not isinstance(targets, list)
            or not all(t in kb.certifications or t in kb.paths for t in targets)
        ):  # fmt: skip
            bad("at_school", "expected {field: a yes/no field, step: a sentence, towards: "
                "[certification or path ids]}", "e.g. {field: high_school_student, step: "
                "'Finish high school, then ...', towards: [CBET]}")  # fmt: skip
        else:
            model["at_school"] = (str(raw["field"]), str(raw["step"]).strip(),
                                  tuple(map(str, targets)))  # fmt: skip
    if "implied" in merged:
        raw = merged["implied"][2]
        if not isinstance(raw, dict) or not all(
            k in kb.certifications
            and isinstance(v, list)
            and all(c in kb.certifications for c in v)
            for k, v in raw.items()
        ):
            bad("implied", "expected a mapping of credential -> list of credentials implying it",
                "credentials are " + ", ".join(sorted(kb.certifications)))  # fmt: skip
        else:
            model["implied"] = {str(k): frozenset(map(str, v)) for k, v in raw.items()}
    if "past_level" in merged:
        raw = merged["past_level"][2]
        level_spec = kb.fields.get("level")
        if not isinstance(raw, dict) or level_spec is None:
            bad("past_level", "expected a mapping of credential or path -> level")
        else:
            levels = list(level_spec.values)
            past: dict[str, frozenset[str]] = {}
            for cert, level in raw.items():
                # A level and those above it, or the levels listed.
                named = list(level) if isinstance(level, list) else [level]
                wrong = [lv for lv in named if lv not in levels]
                if wrong or not named:
                    bad("past_level", f"{cert}: {(wrong or [level])[0]!r} is not a level",
                        "levels are " + ", ".join(map(str, levels)))  # fmt: skip
                    continue
                past[str(cert)] = frozenset(map(str, named)) if isinstance(level, list) \
                    else frozenset(map(str, levels[levels.index(level):]))  # fmt: skip
            model["past_level"] = past
    if "role_degree" in merged:
        raw = merged["role_degree"][2]
        degree_spec, field_spec = kb.fields.get("degree"), kb.fields.get("degree_field")
        if not isinstance(raw, dict) or degree_spec is None or field_spec is None:
            bad("role_degree", "expected a mapping of role -> {degree: LEVEL, fields: [FIELD]}")
        else:
            needed: dict[str, tuple[str, tuple[str, ...]]] = {}
            for name, spec in raw.items():
                rname = time_field("role_degree", name)
                level = spec.get("degree") if isinstance(spec, dict) else None
                fields = spec.get("fields") if isinstance(spec, dict) else None
                if (
                    rname is None
                    or level not in degree_spec.values
                    or not isinstance(fields, list)
                    or any(f not in field_spec.values for f in fields)
                ):
                    bad("role_degree", f"{name}: expected {{degree: LEVEL, fields: [FIELD, ...]}} "
                        f"with a degree and fields the profile knows, got {spec!r}")  # fmt: skip
                    continue
                needed[rname] = (str(level), tuple(str(f) for f in fields))
            model["role_degree"] = needed
    if "alongside" in merged:
        raw = merged["alongside"][2]
        if not isinstance(raw, dict):
            bad("alongside", "expected a mapping of field -> the role it accrues with")
        else:
            along: dict[str, str] = {}
            for name, role in raw.items():
                fname, rname = time_field("alongside", name), time_field("alongside", role)
                if fname and rname:
                    if rname not in roles:
                        bad("alongside", f"{rname!r} is not one of the roles",
                            "list it under roles: first")  # fmt: skip
                    else:
                        along[fname] = rname
            model["alongside"] = along
    return AdviceModel(**model)


def advice_parameters(section: Any) -> set[str]:
    """Parameters an ``advice:`` section names (so ``check`` does not call them unused)."""
    found: set[str] = set()
    if isinstance(section, dict):
        if set(section) == {"param"} and isinstance(section["param"], str):
            return {section["param"]}
        for value in section.values():
            found |= advice_parameters(value)
    elif isinstance(section, list):
        for value in section:
            found |= advice_parameters(value)
    return found


def _line(data: Any, key: str) -> int | None:
    line_of = getattr(data, "line_of", None)
    return line_of(key) if callable(line_of) else None


def in_role_now(model: AdviceModel, field: str, values: Mapping[str, Any]) -> bool:
    """Whether the person works in the role whose years ``field`` counts now: years in it,
    and years in every window that accrues with it (``alongside``: someone whose supervision
    ended seven years ago would take it up again, not keep on)."""
    if float(values.get(field) or 0) <= 0:
        return False
    return all(
        float(values.get(window) or 0) > 0
        for window, role in model.alongside.items()
        if role == field and window in values
    )


def practice_moot(
    kb: KnowledgeBase, model: AdviceModel, values: Mapping[str, Any], unknown: Collection[str]
) -> frozenset[str]:
    """Years in a role (``role_degree``) that are not given and would not count: the degree
    and its field are given and do not qualify for the role, so a plan studies first and
    practises after (forty-ninth review: a business graduate's CCE waited on "the years of
    clinical engineering practice", which the HTCC would not count as engineering practice).
    """
    degree = kb.fields.get("degree")
    held = str(values.get("degree") or "none")
    if "degree" in unknown or degree is None or held not in degree.values:
        return frozenset()
    field_known = "degree_field" not in unknown  # (a degree below the level bars it anyway)
    return frozenset(
        role for role, (level, fields) in model.role_degree.items()
        if (role in unknown or kb.fields[role].absent_reads in unknown)
        and (degree.rank(held) < degree.rank(level)
             or (field_known and values.get("degree_field") not in fields))
    )  # fmt: skip
