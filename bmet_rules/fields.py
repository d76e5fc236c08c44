"""The field registry: every profile field and derived fact, with its type and its words.

Rules, profile validation, explanations and the interview all read field facts from here, so
a plugin that declares a field (``register_fields``) gets validation, rule type-checking,
gap sentences and interview questions without any change to the core.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import Any, Literal

from .lifecycle import RECENT_WINDOW_YEARS


class FieldType(str, Enum):
    """The kinds of value a field holds; each kind has its own operators."""

    NUMBER = "number"
    BOOLEAN = "boolean"
    CHOICE = "choice"
    ORDERED = "ordered"
    LIST = "list"
    TEXT = "text"


#: What closing a gap on a field takes; explanations and "near" read this.
GapKind = Literal["time", "degree", "credential", "preference", "skill", "prerequisite", "other"]


@dataclass(frozen=True)
class FieldSpec:
    """One field: its type, allowed values, default and the words used to talk about it."""

    name: str
    type: FieldType
    description: str
    values: tuple[str, ...] = ()
    """Allowed values of a choice (in order for an ordered choice); known values of a list."""
    open_values: bool = False
    """A list that also accepts values outside ``values`` (an institution's own certificates)."""
    default: Any = None
    minimum: float | None = None
    maximum: float | None = None
    """The largest plausible value (years above it are a typing slip, not a career)."""
    not_above: str | None = None
    """Another number field this one may not exceed (``imaging_years`` <= ``years_experience``)."""
    normalize: Literal["lower", "upper"] | None = "lower"
    aliases: Mapping[str, str] = field(default_factory=dict)
    """Other words for a value (``aas`` -> ``associate``), after normalisation."""
    columns: tuple[str, ...] = ()
    """Other names an HR export gives this field's column ("Employee ID", "Years of
    Experience"); matched, like the field's own name, ignoring case, spaces and punctuation
    (:mod:`bmet_rules.io.columns`)."""
    value_labels: Mapping[str, str] = field(default_factory=dict)
    label: str = ""
    """A noun phrase for sentences: "years of full-time BMET experience"."""
    gap_kind: GapKind = "other"
    question: str | None = None
    """What the interview asks; ``None`` means the interview never asks for it."""
    action: str = ""
    """The next step that closes a gap on this field ("Accept a role with travel")."""
    derived: bool = False
    lifetime: bool = False
    """A total that never goes down (years ever worked in a role): what a credential's routes
    asked of it then, it holds at least now, so a credential whose every route asks more than
    the given total cannot be held. Not so for a window (years in the last five)."""
    window_years: float | None = None
    """Years counted in a window that moves with time (the CHTM's supervision "in the last five
    years"): old years leave it, so a plan does not count on them staying
    (:mod:`bmet_rules.advice.windows`)."""
    computed: bool = False
    """Worked out before inference from the profile and the evaluation date (``lifecycle``),
    never read from a record: rules read it like any profile field."""
    required: bool = False
    absent_reads: str | None = None
    """The field an absent value is read from (``engineering_years`` from the clinical
    engineering years): when that one is unknown, so is this."""
    absent_is_default: bool = False
    """Absent from a record, the field reads as its documented default rather than unknown:
    for optional detail a record rarely carries (lapsed certifications, the recent part of
    supervisory years, goals), where absence has a documented reading."""
    default_absent_when: tuple[str, tuple[Any, ...]] | None = None
    """``(field, values)``: absent, the field reads as its default, not unknown, when that other
    field is given as one of those values: a degree's field is no question without a degree
    ("Not given: degree field" beside ``degree: none``; twenty-sixth review)."""
    unknown_absent_when: tuple[str, tuple[Any, ...]] | None = None
    """``(field, values)``: absent, the field is unknown after all when that other field is
    given as one of those values. Someone without a diploma may well be at school:
    "not a student" was read for a high-school senior whose record left it out (twenty-fifth
    review)."""
    origin: str = "core"

    def default_value(self) -> Any:
        """The value rules see when a profile does not give this field."""
        if self.default is not None:
            return self.default
        return {
            FieldType.NUMBER: 0,
            FieldType.BOOLEAN: False,
            FieldType.LIST: (),
            FieldType.TEXT: "",
        }.get(self.type, self.values[0] if self.values else "")

    def rank(self, value: str) -> int:
        """Position of ``value`` in an ordered choice (raises ``ValueError`` if unknown)."""
        return self.values.index(value)

    def describe_value(self, value: Any) -> str:
        """A value in words ("bachelor's degree", "yes", "CBET, CRES")."""
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, (list, tuple)):
            return ", ".join(self.describe_value(v) for v in value) if value else "none"
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        word = str(value)
        if word in self.value_labels:
            return self.value_labels[word]
        # A list's words (skills) read with spaces, never as raw ids ("customer communication").
        return word.replace("_", " ") if self.type is FieldType.LIST else word

    @property
    def noun(self) -> str:
        """The label, or the field name in words when no label was given."""
        return self.label or self.name.replace("_", " ")


DEGREE_LEVELS = (
    "none",
    "high_school",
    "certificate",
    "associate",
    "bachelor",
    "master",
    "doctorate",
)
DEGREE_FIELDS = (
    "bmet",
    "electronics",
    "engineering",
    "engineering_technology",
    "it",
    "business",
    "science",
    "healthcare",
    "other",
)
KNOWN_CERTIFICATIONS = ("CABT", "CBET", "CRES", "CLES", "CHTM", "CCE", "PE", "FE")
#: The technician ladder, then the clinical-engineering track for engineers (an engineering
#: bachelor's or higher in clinical-engineering practice), then the level of people who lead
#: (``HTM Supervisor``: recent supervision or a CHTM); the highest level any fired rule
#: concludes wins, so an engineer who manages is in the manager band, and a credential or a
#: year more never lowers the level (fifty-fourth review's probe).
LEVELS = ("unassigned", "BMET I", "BMET II", "BMET III", "Clinical Engineer", "HTM Supervisor")
#: Skills the standard rulesets and the interview use; profiles may list others.
KNOWN_SKILLS = (
    "customer_communication",
    "teaching",
    "networking",
    "it",
    "regulatory",
    "budgeting",
    "sales",
    "project_management",
    "documentation",
    "quality",
    "troubleshooting",
)


#: The most years any year count may hold: a working life. More is a typing slip (``1e3``).
MAX_YEARS = 60


def _years(
    name: str,
    label: str,
    question: str,
    not_above: str | None = None,
    columns: tuple[str, ...] = (),
    absent_is_default: bool = False,
    absent_reads: str | None = None,
    lifetime: bool = True,
    window_years: float | None = None,
    unknown_absent_when: tuple[str, tuple[Any, ...]] | None = None,
) -> FieldSpec:
    return FieldSpec(
        name=name,
        type=FieldType.NUMBER,
        description=f"Years {label}.",
        minimum=0,
        maximum=MAX_YEARS,
        not_above=not_above,
        columns=columns,
        label=f"years {label}",
        gap_kind="time",
        question=question,
        absent_is_default=absent_is_default,
        absent_reads=absent_reads,
        lifetime=lifetime,
        window_years=window_years,
        unknown_absent_when=unknown_absent_when,
    )


#: Degree words that name the field too ("BSEE": a bachelor's in engineering): the degree
#: level, and the field read when the record gives none (fifty-fifth review's probe: a
#: PE-licensed BSEE with a blank major was placed as a bachelor in another field).
DEGREES_NAMING_A_FIELD: dict[str, tuple[str, str]] = {
    **{w: ("bachelor", "engineering") for w in ("bsee", "bsbme", "bsme", "bsce", "beng", "bsche",
                                                "bscpe")},
    **{w: ("master", "engineering") for w in ("msee", "msbme", "msme", "meng")},
    "bset": ("bachelor", "engineering_technology"),
}

CORE_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec(
        "id",
        FieldType.TEXT,
        "The candidate's identifier, unique in a batch.",
        required=True,
        columns=("employee id", "employee number", "employee no", "emp id", "worker id",
                 "staff id", "staff number", "person id", "personnel number", "badge number"),
        normalize=None,
    ),
    FieldSpec(
        "name",
        FieldType.TEXT,
        "Display name.",
        normalize=None,
        columns=("full name", "employee name", "worker name", "legal name", "preferred name",
                 "worker"),
    ),
    FieldSpec(
        "degree",
        FieldType.ORDERED,
        "Highest degree completed.",
        values=DEGREE_LEVELS,
        columns=("highest degree", "education", "education level", "highest education",
                 "highest education level", "degree level", "qualification"),
        aliases={
            "bachelors": "bachelor",
            "ba": "bachelor",
            "bs": "bachelor",
            "bsc": "bachelor",
            "associates": "associate",
            "aas": "associate",
            "as": "associate",
            "masters": "master",
            "ms": "master",
            "msc": "master",
            "phd": "doctorate",
            "ged": "high_school",
            "diploma": "high_school",
            "highschool": "high_school",
            # (as HR systems spell them; fifty-fourth review's probe)
            "hs": "high_school",
            "high_school_diploma": "high_school",
            "associate_of_applied_science": "associate",
            "associate_of_science": "associate",
            "associate_of_arts": "associate",
            "associate_degree": "associate",
            "bachelor_of_science": "bachelor",
            "bachelor_of_arts": "bachelor",
            "bachelors_degree": "bachelor",
            "bachelor_degree": "bachelor",
            "master_of_science": "master",
            "masters_degree": "master",
            "mba": "master",
            **{word: level for word, (level, _) in DEGREES_NAMING_A_FIELD.items()},
            "doctor_of_philosophy": "doctorate",
            "": "none",
        },
        value_labels={
            "none": "no degree",
            "high_school": "high-school diploma or GED",
            "certificate": "certificate",
            "associate": "associate degree",
            "bachelor": "bachelor's degree",
            "master": "master's degree",
            "doctorate": "doctorate",
        },
        label="degree",
        gap_kind="degree",
        question="What is your highest degree?",
    ),
    FieldSpec(
        "degree_field",
        FieldType.CHOICE,
        "The field of the highest degree.",
        values=DEGREE_FIELDS,
        default="other",
        default_absent_when=("degree", ("none", "high_school")),
        columns=("field of study", "major", "degree major", "degree subject", "discipline",
                 "education field", "area of study"),
        aliases={
            "biomedical": "bmet",
            "biomedical_technology": "bmet",
            "biomedical_equipment_technology": "bmet",
            "electronics_technology": "electronics",
            "information_technology": "it",
            "engineering_tech": "engineering_technology",
            "biomedical_engineering": "engineering",
            "clinical_engineering": "engineering",
            "electrical_engineering": "engineering",
            "mechanical_engineering": "engineering",
            "computer_engineering": "engineering",
            # (majors as HR systems write them; fifty-sixth review: "Business Administration"
            # refused the row)
            "business_administration": "business",
            "business_management": "business",
            "management": "business",
            "healthcare_administration": "business",
            "health_administration": "business",
            "accounting": "business",
            "finance": "business",
            "computer_science": "it",
            "information_systems": "it",
            "computer_information_systems": "it",
            "electronics_engineering_technology": "engineering_technology",
            "electrical_electronics_engineering_technology": "engineering_technology",
            "electrical_engineering_technology": "engineering_technology",
            "radiologic_technology": "healthcare",
            "radiography": "healthcare",
            "nursing": "healthcare",
            "respiratory_therapy": "healthcare",
            "medical_laboratory_science": "healthcare",
            "biology": "science",
            "chemistry": "science",
            "physics": "science",
            "mathematics": "science",
        },
        value_labels={
            "bmet": "biomedical equipment technology",
            "it": "information technology",
            "engineering_technology": "engineering technology",
        },
        label="degree field",
        gap_kind="degree",
        question="In which field is that degree?",
    ),
    _years(
        "years_experience",
        "of full-time BMET/HTM experience",
        "How many years of full-time BMET/HTM experience do you have?",
        None,
        ("years of experience", "experience years", "experience", "total experience",
         "bmet years", "htm years", "years bmet experience", "yoe"),
    ),
    _years(
        "imaging_years",
        "on imaging equipment",
        "Of those, how many years on imaging equipment (MRI, CT, X-ray)?",
        "years_experience",
        ("imaging experience", "years imaging", "imaging years experience", "imaging"),
    ),
    _years(
        "laboratory_years",
        "on laboratory equipment",
        "Of those, how many years on laboratory instruments?",
        "years_experience",
        ("laboratory experience", "lab years", "lab experience", "years laboratory"),
    ),
    _years(
        "supervisory_years",
        "as a supervisor or manager",
        "How many years have you worked as a supervisor or manager?",
        "years_experience",
        ("supervisory experience", "supervisor years", "management years", "years supervisory",
         "management experience"),
    ),
    _years(
        "clinical_engineering_years",
        "of clinical engineering practice",
        "How many years of clinical engineering practice do you have?",
        "engineering_years",  # part of engineering practice (read from it when absent)
        ("clinical engineering experience", "ce years", "years clinical engineering"),
    ),
    FieldSpec(
        "military_bmet",
        FieldType.BOOLEAN,
        "Completed a U.S. military / DoD BMET programme.",
        columns=("military", "military bmet program", "military training", "dod bmet"),
        label="completion of a U.S. military (DoD) BMET programme",
        gap_kind="degree",
        action="Complete a U.S. military (DoD) BMET programme",
        question="Have you completed a U.S. military (DoD) BMET programme?",
        # A current school pupil has not (forty-sixth review: a pupil was asked first
        # whether she had completed the programme).
        default_absent_when=("high_school_student", (True,)),
    ),
    FieldSpec(
        "certifications",
        FieldType.LIST,
        "Certifications held now.",
        columns=("certification", "certificates", "credentials", "licenses and certifications",
                 "licenses certifications", "professional certifications"),
        values=KNOWN_CERTIFICATIONS,
        open_values=True,
        normalize="upper",
        label="certifications",
        gap_kind="credential",
        question=(
            "Which certifications do you hold now (add the year earned or last renewed, "
            "e.g. CBET 2019)?"
        ),
    ),
    FieldSpec(
        "former_certifications",
        FieldType.LIST,
        "Certifications held before and lapsed (or retired); each may carry a date.",
        values=KNOWN_CERTIFICATIONS,
        open_values=True,
        normalize="upper",
        label="former certifications",
        gap_kind="credential",
        question="Which certifications did you hold before that have lapsed (e.g. CLES 2012)?",
        absent_is_default=True,
    ),
    FieldSpec(
        "certifications_ever",
        FieldType.LIST,
        "Certifications held now or before (computed from the two lists).",
        values=KNOWN_CERTIFICATIONS,
        open_values=True,
        normalize="upper",
        label="certifications held now or before",
        gap_kind="credential",
        computed=True,
    ),
    _years(
        "recent_supervisory_years",
        "as a supervisor or manager in the last five years",
        "Of those, how many years as a supervisor or manager fall within the last five years?",
        "supervisory_years",
        # Absent, unknown (a total does not say when: a supervisor who stepped down in 2020
        # has none in the window); the engine runs on the total capped at five while the
        # completions try every value the total allows (sixteenth review).
        absent_reads="supervisory_years",
        lifetime=False,  # a five-year window: it goes down as old years leave it
        window_years=RECENT_WINDOW_YEARS,
    ),
    _years(
        "engineering_years",
        "of engineering practice",
        "How many years of engineering practice (design, clinical engineering) do you have?",
        absent_is_default=True,
        absent_reads="clinical_engineering_years",
    ),
    # (Absent, both read as documented: the supervisory years capped at five, and the
    # clinical-engineering years; see lifecycle.)
    FieldSpec(
        "high_school_student",
        FieldType.BOOLEAN,
        "A current high-school student (ACI lets one sit the CABT with parental permission).",
        label="being a current high-school student",
        gap_kind="other",
        question="Are you a current high-school student?",
        absent_is_default=True,
        unknown_absent_when=("degree", ("none",)),
    ),
    FieldSpec(
        "willing_to_travel",
        FieldType.BOOLEAN,
        "Accepts a travelling role.",
        columns=("willing to relocate or travel", "travel", "open to travel", "travel ok",
                 "travel preference",
                 "willing travel"),
        label="willingness to travel",
        gap_kind="preference",
        action="Accept a role with travel",
        question="Would you accept a role with frequent travel?",
    ),
    FieldSpec(
        "skills",
        FieldType.LIST,
        "Self-declared skills.",
        columns=("skill", "competencies", "skills list"),
        values=KNOWN_SKILLS,
        open_values=True,
        label="skills",
        gap_kind="skill",
        question="Which skills do you have?",
    ),
    FieldSpec(
        "goals",
        FieldType.LIST,
        "Paths or certifications the person aims for (ids); advice leads with them. Loading "
        "rulesets narrows the allowed values to the ids they define.",
        open_values=True,
        label="goals",
        question="Which paths or certifications are you aiming for (ids, separate with ';')?",
        absent_is_default=True,
    ),
)


class FieldRegistry:
    """The fields known to one knowledge base: core, plugin-declared and derived."""

    def __init__(self, specs: tuple[FieldSpec, ...] | list[FieldSpec] = CORE_FIELDS) -> None:
        self._specs: dict[str, FieldSpec] = {}
        self.cache: dict[str, Any] = {}
        """What is worked out once from the fields (the compiled record reader); emptied
        whenever a field is added or replaced, so nothing stale outlives a change."""
        for spec in specs:
            self.register(spec)

    def register(self, spec: FieldSpec) -> None:
        """Add a field; a second, different definition of a name is an error."""
        existing = self._specs.get(spec.name)
        if existing is not None and existing != spec:
            raise ValueError(
                f"field {spec.name!r} is declared twice ({existing.origin} and {spec.origin})"
            )
        self._specs[spec.name] = spec
        self.cache.clear()

    def replace(self, spec: FieldSpec) -> None:
        """Put ``spec`` in place of the field of the same name (narrowing a field to the
        values a knowledge base defines, such as ``goals``)."""
        self._specs[spec.name] = spec
        self.cache.clear()

    def __getstate__(self) -> dict[str, Any]:
        # The cache holds compiled closures, which cannot be pickled; a copy rebuilds them.
        return {**self.__dict__, "cache": {}}

    def get(self, name: str) -> FieldSpec | None:
        """The field called ``name``, or ``None``."""
        return self._specs.get(name)

    def __getitem__(self, name: str) -> FieldSpec:
        return self._specs[name]

    def __contains__(self, name: object) -> bool:
        return name in self._specs

    def __iter__(self) -> Iterator[FieldSpec]:
        return iter(self._specs.values())

    def __len__(self) -> int:
        return len(self._specs)

    def profile_fields(self) -> list[FieldSpec]:
        """Fields a profile may carry (not derived by rules)."""
        return [s for s in self._specs.values() if not s.derived]

    def copy(self) -> FieldRegistry:
        """An independent registry with the same fields."""
        return FieldRegistry(list(self._specs.values()))

    def widen(
        self,
        name: str,
        values: Iterator[str] | tuple[str, ...] | list[str],
        labels: Mapping[str, str] | None = None,
    ) -> None:
        """Add known values to an open list field (certifications and skills rulesets
        declare), so a profile's value outside them is reported rather than taken silently;
        ``labels`` names them in words for the sentences ("regulatory compliance")."""
        spec = self._specs[name]
        known = tuple(dict.fromkeys((*spec.values, *values)))
        named = {**spec.value_labels, **(labels or {})}
        self._specs[name] = replace(spec, values=known, value_labels=named)
        self.cache.clear()
