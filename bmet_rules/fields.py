"""The field registry: every profile field and derived fact, with its type and its words.

Rules, profile validation, explanations and the interview all read field facts from here, so
a plugin that declares a field (``register_fields``) gets validation, rule type-checking,
gap sentences and interview questions without any change to the core.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Literal


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
    not_above: str | None = None
    """Another number field this one may not exceed (``imaging_years`` <= ``years_experience``)."""
    normalize: Literal["lower", "upper"] | None = "lower"
    aliases: Mapping[str, str] = field(default_factory=dict)
    value_labels: Mapping[str, str] = field(default_factory=dict)
    label: str = ""
    """A noun phrase for sentences: "years of full-time BMET experience"."""
    gap_kind: GapKind = "other"
    question: str | None = None
    """What the interview asks; ``None`` means the interview never asks for it."""
    action: str = ""
    """The next step that closes a gap on this field ("Accept a role with travel")."""
    derived: bool = False
    required: bool = False
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
        return self.value_labels.get(str(value), str(value))

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
KNOWN_CERTIFICATIONS = ("CABT", "CBET", "CRES", "CLES", "CHTM", "CCE", "PE")
LEVELS = ("unassigned", "BMET I", "BMET II", "BMET III")
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


def _years(name: str, label: str, question: str, not_above: str | None = None) -> FieldSpec:
    return FieldSpec(
        name=name,
        type=FieldType.NUMBER,
        description=f"Years {label}.",
        minimum=0,
        not_above=not_above,
        label=f"years {label}",
        gap_kind="time",
        question=question,
    )


CORE_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec(
        "id",
        FieldType.TEXT,
        "The candidate's identifier, unique in a batch.",
        required=True,
        normalize=None,
    ),
    FieldSpec("name", FieldType.TEXT, "Display name.", normalize=None),
    FieldSpec(
        "degree",
        FieldType.ORDERED,
        "Highest degree completed.",
        values=DEGREE_LEVELS,
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
        aliases={
            "biomedical": "bmet",
            "biomedical_technology": "bmet",
            "biomedical_equipment_technology": "bmet",
            "electronics_technology": "electronics",
            "information_technology": "it",
            "engineering_tech": "engineering_technology",
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
    ),
    _years(
        "imaging_years",
        "on imaging equipment",
        "Of those, how many years on imaging equipment (MRI, CT, X-ray)?",
        "years_experience",
    ),
    _years(
        "laboratory_years",
        "on laboratory equipment",
        "Of those, how many years on laboratory instruments?",
        "years_experience",
    ),
    _years(
        "supervisory_years",
        "as a supervisor or manager",
        "How many years have you worked as a supervisor or manager?",
    ),
    _years(
        "clinical_engineering_years",
        "of clinical engineering practice",
        "How many years of clinical engineering practice do you have?",
    ),
    FieldSpec(
        "military_bmet",
        FieldType.BOOLEAN,
        "Completed a U.S. military / DoD BMET programme.",
        label="completion of a U.S. military (DoD) BMET programme",
        gap_kind="degree",
        action="Complete a U.S. military (DoD) BMET programme",
        question="Have you completed a U.S. military (DoD) BMET programme?",
    ),
    FieldSpec(
        "certifications",
        FieldType.LIST,
        "Certifications held now.",
        values=KNOWN_CERTIFICATIONS,
        open_values=True,
        normalize="upper",
        label="certifications",
        gap_kind="credential",
        question="Which certifications do you hold now (CABT, CBET, CRES, CLES, CHTM, CCE, PE)?",
    ),
    FieldSpec(
        "willing_to_travel",
        FieldType.BOOLEAN,
        "Accepts a travelling role.",
        label="willingness to travel",
        gap_kind="preference",
        action="Accept a role with travel",
        question="Would you accept a role with frequent travel?",
    ),
    FieldSpec(
        "skills",
        FieldType.LIST,
        "Self-declared skills.",
        values=KNOWN_SKILLS,
        open_values=True,
        label="skills",
        gap_kind="skill",
        question="Which of these skills do you have (separate with ';')?",
    ),
)


class FieldRegistry:
    """The fields known to one knowledge base: core, plugin-declared and derived."""

    def __init__(self, specs: tuple[FieldSpec, ...] | list[FieldSpec] = CORE_FIELDS) -> None:
        self._specs: dict[str, FieldSpec] = {}
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
