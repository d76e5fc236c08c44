"""Hypothesis strategies: realistic profiles and random (but valid) rulesets."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from bmet_rules.fields import DEGREE_FIELDS, DEGREE_LEVELS, KNOWN_CERTIFICATIONS, KNOWN_SKILLS

SKILLS = KNOWN_SKILLS
# Boundary values next to the thresholds rules use, plus arbitrary ones.
YEARS = st.one_of(
    st.sampled_from([0, 0.5, 1, 1.9, 2, 2.1, 3, 3.9, 4, 5, 6, 7, 7.9, 8, 10, 12, 15, 20]),
    st.floats(min_value=0, max_value=30, allow_nan=False).map(lambda x: round(x, 2)),
)


@st.composite
def profiles(draw: st.DrawFn, index: int | None = None) -> dict[str, Any]:
    """A valid raw profile record."""
    years = draw(YEARS)
    record: dict[str, Any] = {
        "id": f"p{index if index is not None else draw(st.integers(0, 10**9))}",
        "degree": draw(st.sampled_from(DEGREE_LEVELS)),
        "degree_field": draw(st.sampled_from(DEGREE_FIELDS)),
        "years_experience": years,
        "imaging_years": round(years * draw(st.sampled_from([0, 0.25, 0.5, 1])), 2),
        "laboratory_years": round(years * draw(st.sampled_from([0, 0.25, 0.5, 1])), 2),
        # Supervisory years are at most years_experience, like the specialty years.
        "supervisory_years": min(years, draw(YEARS)),
        "clinical_engineering_years": draw(YEARS),
        "military_bmet": draw(st.booleans()),
        "willing_to_travel": draw(st.booleans()),
        "certifications": draw(
            st.lists(st.sampled_from(KNOWN_CERTIFICATIONS), unique=True, max_size=4)
        ),
        "skills": draw(st.lists(st.sampled_from(SKILLS), unique=True, max_size=5)),
        "former_certifications": draw(
            st.lists(st.sampled_from(KNOWN_CERTIFICATIONS), unique=True, max_size=2)
        ),
        "engineering_years": 0.0,  # at least the clinical engineering years: set below
        "high_school_student": draw(st.booleans()),
    }
    # Credential history: some certifications carry the year earned or last renewed (a CABT
    # may have expired and a CBET be due for renewal on the evaluation date).
    record["certifications"] = [
        f"{c} {draw(st.integers(2012, 2026))}" if draw(st.booleans()) else c
        for c in record["certifications"]
    ]
    # Engineering practice includes clinical engineering (``not_above``).
    record["engineering_years"] = max(record["clinical_engineering_years"], draw(YEARS))
    # (At most the five years of its window: more is a row error.)
    record["recent_supervisory_years"] = round(
        min(5, record["supervisory_years"]) * draw(st.sampled_from([0, 0.5, 1])), 2
    )
    # Some profiles leave fields out, as real records do.
    for name in draw(st.lists(st.sampled_from(sorted(record)[1:]), unique=True, max_size=3)):
        if name not in ("years_experience", "id"):
            record.pop(name, None)
    if "supervisory_years" not in record:
        record.pop("recent_supervisory_years", None)
    return record


NUMBER_FIELDS = (
    "years_experience",
    "imaging_years",
    "supervisory_years",
    "clinical_engineering_years",
)


def _leaf(draw: st.DrawFn, derived: list[tuple[str, str]]) -> dict[str, Any]:
    kind = draw(
        st.sampled_from(
            ["number", "degree", "field", "bool", "list", "derived"]
            if derived
            else ["number", "degree", "field", "bool", "list"]
        )
    )
    if kind == "number":
        op = draw(
            st.sampled_from(
                ["at_least", "more_than", "at_most", "less_than", "equals", "not_equals"]
            )
        )
        return {
            draw(st.sampled_from(NUMBER_FIELDS)): {
                op: draw(st.sampled_from([0, 1, 2, 2.5, 3, 4, 8]))
            }
        }
    if kind == "degree":
        op = draw(
            st.sampled_from(
                [
                    "at_least",
                    "more_than",
                    "at_most",
                    "less_than",
                    "equals",
                    "not_equals",
                    "one_of",
                    "none_of",
                ]
            )
        )
        if op in ("one_of", "none_of"):
            value: Any = draw(
                st.lists(st.sampled_from(DEGREE_LEVELS), min_size=1, max_size=3, unique=True)
            )
        else:
            value = draw(st.sampled_from(DEGREE_LEVELS))
        return {"degree": {op: value}}
    if kind == "field":
        op = draw(st.sampled_from(["equals", "not_equals", "one_of", "none_of"]))
        if op in ("one_of", "none_of"):
            value = draw(
                st.lists(st.sampled_from(DEGREE_FIELDS), min_size=1, max_size=3, unique=True)
            )
        else:
            value = draw(st.sampled_from(DEGREE_FIELDS))
        return {"degree_field": {op: value}}
    if kind == "bool":
        return {
            draw(st.sampled_from(["military_bmet", "willing_to_travel"])): {
                "is": draw(st.booleans())
            }
        }
    if kind == "list":
        name, pool = draw(
            st.sampled_from([("certifications", KNOWN_CERTIFICATIONS), ("skills", SKILLS)])
        )
        op = draw(st.sampled_from(["includes", "includes_any", "includes_all", "includes_none"]))
        if op == "includes":
            return {name: {op: draw(st.sampled_from(pool))}}
        return {
            name: {op: draw(st.lists(st.sampled_from(pool), min_size=1, max_size=3, unique=True))}
        }
    name, ftype = draw(st.sampled_from(derived))
    if ftype == "path":
        return {
            name: {
                draw(st.sampled_from(["equals", "not_equals"])): draw(
                    st.sampled_from(["eligible", "not_eligible"])
                )
            }
        }
    if ftype == "level":
        return {
            name: {
                draw(st.sampled_from(["at_least", "at_most", "equals"])): draw(
                    st.sampled_from(["unassigned", "BMET I", "BMET II", "BMET III"])
                )
            }
        }
    return {name: {"is": draw(st.booleans())}}


def conditions(draw: st.DrawFn, derived: list[tuple[str, str]], depth: int = 0) -> Any:
    """A random condition tree (at most 3 levels, small)."""
    if depth >= 2 or draw(st.integers(0, 2)) == 0:
        return _leaf(draw, derived)
    kind = draw(st.sampled_from(["all", "any", "not"]))
    if kind == "not":
        return {"not": conditions(draw, derived, depth + 1)}
    return {kind: [conditions(draw, derived, depth + 1) for _ in range(draw(st.integers(1, 3)))]}


@st.composite
def rulesets(draw: st.DrawFn) -> dict[str, Any]:
    """A valid ruleset whose rules chain through derived facts in tiers (so never a cycle)."""
    paths = {f"path-{i}": {"title": f"Path {i}"} for i in range(3)}
    tier_of = {"path.path-0": 0, "path.path-1": 1, "path.path-2": 2, "flag": 1, "level": 0}
    kinds = {
        "path.path-0": "path",
        "path.path-1": "path",
        "path.path-2": "path",
        "flag": "fact",
        "level": "level",
    }
    rules = []
    for i in range(draw(st.integers(1, 10))):
        target = draw(st.sampled_from(sorted(tier_of)))
        readable = [(n, kinds[n]) for n, t in tier_of.items() if t < tier_of[target]]
        then: dict[str, Any]
        if kinds[target] == "path":
            then = {"path": target.split(".", 1)[1], "route": f"route {i}"}
        elif target == "flag":
            then = {"fact": "flag", "value": draw(st.booleans())}
        else:
            then = {"level": draw(st.sampled_from(["BMET I", "BMET II", "BMET III"]))}
        rules.append(
            {
                "id": f"rule-{i}",
                "title": f"Rule {i}",
                "source": "s",
                "priority": draw(st.integers(0, 2)),
                "when": conditions(draw, readable),
                "then": then,
            }
        )
    concluded = {r["then"].get("fact") or r["then"].get("path") or "level" for r in rules}
    for r in rules:  # a rule may only read derived facts some rule concludes
        if not _reads_only(r["when"], concluded):
            r["when"] = {"years_experience": {"at_least": 0}}
    return {
        "ruleset": "generated",
        "version": "1",
        "sources": {"s": {"title": "generated"}},
        "paths": paths,
        "facts": {"flag": {"type": "boolean"}},
        "rules": rules,
    }


def _reads_only(cond: Any, concluded: set[str]) -> bool:
    if isinstance(cond, dict):
        for key, value in cond.items():
            if key in ("all", "any"):
                if not all(_reads_only(c, concluded) for c in value):
                    return False
            elif key == "not":
                if not _reads_only(value, concluded):
                    return False
            elif key.startswith("path."):
                if key.split(".", 1)[1] not in concluded:
                    return False
            elif key in ("flag", "level") and key not in concluded:
                return False
    return True
