"""Explanations are derived from the rules they explain, and say what would change the answer.

Properties over generated profiles: an eligible outcome has no gap, an outcome that is not
eligible has at least one, and doing what the gaps say (raising the fields as they ask) makes
the outcome eligible.
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings

from bmet_rules import evaluate, evaluate_many
from bmet_rules.fields import FieldType
from bmet_rules.knowledge import KnowledgeBase
from bmet_rules.results import Gap, Outcome, Result

from .records import complete
from .strategies import profiles

ROUNDS = 4  # prerequisites (a CBET first, another path first) may take a second round


def close_gap(record: dict[str, Any], gap: Gap, kb: KnowledgeBase, result: Result) -> list[Gap]:
    """Change ``record`` as ``gap`` asks; returns gaps of prerequisites to close next."""
    if gap.field.startswith("certification."):
        cert = gap.field.split(".", 1)[1]
        record["certifications"] = sorted({*record.get("certifications", []), cert})
        return []
    if kb.fields[gap.field].derived:
        assert gap.requires, gap
        return list(gap.requires)
    spec = kb.fields[gap.field]
    symbol = gap.need.split(" ", 1)[0]
    have = record.get(gap.field, spec.default_value())
    if spec.type is FieldType.NUMBER:
        step = float(gap.missing or 0) + (0.01 if symbol in (">", "<") else 0)
        value = have + step if symbol in (">=", ">") else have - step
        value = round(value, 2)
        record[gap.field] = value
        ceiling = spec.not_above
        while ceiling:  # raising a count raises the counts it may not exceed (a chain)
            record[ceiling] = max(record.get(ceiling, 0), value)
            ceiling = kb.fields[ceiling].not_above
        lowered = {gap.field}
        while lowered:  # lowering a ceiling must not break the counts under it
            under = {s.name for s in kb.fields.profile_fields() if s.not_above in lowered}
            for other in under:
                if other in record:
                    record[other] = min(record[other], value)
            lowered = under
    elif spec.type is FieldType.BOOLEAN:
        record[gap.field] = gap.wanted == ("True",)
    elif spec.type is FieldType.LIST:
        current = list(record.get(gap.field, []))
        if gap.need.startswith("includes none"):
            record[gap.field] = [v for v in current if v not in gap.wanted]
        elif gap.need.startswith("includes any"):
            record[gap.field] = [*current, gap.wanted[0]]
        else:
            record[gap.field] = [*current, *[v for v in gap.wanted if v not in current]]
    elif spec.type is FieldType.ORDERED and symbol in (">=", ">"):
        rank = spec.rank(gap.wanted[0]) + (1 if symbol == ">" else 0)
        record[gap.field] = spec.values[rank]
    elif symbol in ("==",) or gap.need.startswith("one of"):
        record[gap.field] = gap.wanted[0]
    else:
        record[gap.field] = next(v for v in spec.values if v not in gap.wanted)
    return []


def outcomes(result: Result) -> list[Outcome]:
    return [*result.certifications, *result.paths]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profiles(index=0))
def test_statuses_and_gaps_agree(standard_kb: KnowledgeBase, record: dict[str, Any]) -> None:
    result = evaluate(record, standard_kb)
    for out in outcomes(result):
        if out.status in ("eligible", "held"):
            assert not out.gaps, out
        else:
            assert out.gaps, out
            assert out.route_rule is not None


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profiles(index=0))
def test_closing_the_gaps_opens_the_target(
    standard_kb: KnowledgeBase, record: dict[str, Any]
) -> None:
    first = evaluate(record, standard_kb)
    for target in outcomes(first):
        if target.status in ("eligible", "held"):
            continue
        changed = dict(record)
        result = first
        for _ in range(ROUNDS):
            out = next(o for o in outcomes(result) if o.id == target.id)
            if out.status in ("eligible", "held"):
                break
            pending = list(out.gaps)
            while pending:
                pending.extend(close_gap(changed, pending.pop(0), standard_kb, result))
            result = evaluate(changed, standard_kb)
        final = next(o for o in outcomes(result) if o.id == target.id)
        assert final.status in ("eligible", "held"), (target, record, changed, final)


def test_gap_sentences_read_as_advice(standard_kb: KnowledgeBase) -> None:
    result = evaluate(
        {
            "id": "s",
            "degree": "associate",
            "degree_field": "bmet",
            "years_experience": 8,
            "supervisory_years": 2,
            "recent_supervisory_years": 2,
            "certifications": "CBET",
        },
        standard_kb,
    )
    chtm = result.certification("CHTM")
    assert chtm.status == "near"
    gap = chtm.gaps[0]
    assert gap.field == "recent_supervisory_years"
    assert gap.missing == 1 and gap.closes_with_time
    assert gap.message == (
        "1 more year as a supervisor or manager in the last five years (has 2, needs 3)"
    )
    assert chtm.route_rule == "chtm-route-1"  # 1 year away beats a bachelor's degree away
    assert gap.rule and gap.source


def test_gaps_that_time_cannot_close_are_marked() -> None:
    from bmet_rules.fields import CORE_FIELDS, FieldRegistry
    from bmet_rules.knowledge import compile_rulesets
    from bmet_rules.ruleset import parse_ruleset

    data = {
        "ruleset": "t",
        "version": "1",
        "sources": {"s": {"title": "t"}},
        "paths": {"clinical-engineer": {"title": "Clinical engineer"}},
        "rules": [
            {
                "id": "ce",
                "title": "CE",
                "source": "s",
                "when": {
                    "all": [
                        {"degree": {"at_least": "bachelor"}},
                        {"years_experience": {"at_least": 3}},
                        {"willing_to_travel": {"is": True}},
                    ]
                },
                "then": {"path": "clinical-engineer", "route": "degree + 3 years"},
            }
        ],
    }
    kb = compile_rulesets([parse_ruleset(data)], FieldRegistry(CORE_FIELDS))
    record = {"id": "u", "degree": "associate", "years_experience": 1, "willing_to_travel": "no"}
    out = evaluate(record, kb).path(
        "clinical-engineer"
    )
    by_field = {g.field: g for g in out.gaps}
    assert not by_field["degree"].closes_with_time and by_field["degree"].kind == "degree"
    assert by_field["degree"].message == "a bachelor's degree or higher (has associate degree)"
    assert (
        by_field["years_experience"].closes_with_time and by_field["years_experience"].missing == 2
    )
    assert by_field["willing_to_travel"].kind == "preference"
    assert out.status == "not_eligible"  # a degree is never "near"


def test_near_threshold_is_a_parameter(standard_kb: KnowledgeBase) -> None:
    from bmet_rules import load_rulesets

    # 1.5 years short of CBET's experience-only route (no degree, so no candidate status).
    record = complete({"id": "n", "degree": "high_school", "years_experience": 2.5})
    assert evaluate(record, standard_kb).certification("CBET").status == "near"
    strict = load_rulesets(params={"near_years": 0.5}, plugin_manager=standard_kb.plugins)
    assert evaluate(record, strict).certification("CBET").status == "not_eligible"


def test_next_steps_come_from_the_gaps(standard_kb: KnowledgeBase) -> None:
    result = evaluate(
        {
            "id": "n",
            "degree": "associate",
            "degree_field": "electronics",
            "years_experience": 2,
            "willing_to_travel": "no",
            "skills": "customer_communication;troubleshooting",
            "certifications": "",
        },
        standard_kb,
    )
    assert result.next_steps
    actions = [s.action for s in result.next_steps]
    assert any(a.startswith("Sit the CBET exam: eligible now") for a in actions)
    # A stated preference is respected: travel is not proposed to someone who declined it.
    assert "Accept a role with travel" not in actions
    opened = {o for step in result.next_steps for o in step.opens}
    assert opened
    for step in result.next_steps:
        assert step.towards, step
        for target in step.opens:
            out = next(o for o in outcomes(result) if o.id == target)
            assert out.status in ("eligible", "near", "not_eligible")
            assert target in step.towards


def test_cached_explanations_equal_fresh_ones(standard_kb: KnowledgeBase) -> None:
    # Outcomes and sentences are cached per knowledge base on the values they depend on; a
    # cache keyed on too few fields would hand one person another person's gaps. A realistic
    # batch shares many values between people, which is where such a cache goes wrong.
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from make_profiles import generate

    records = list(generate(600, seed=11))
    warm = [r.to_dict() for r in evaluate_many(records, standard_kb, engine="python")]
    for record, expected in zip(records, warm, strict=True):
        standard_kb.memo.clear()
        assert evaluate(record, standard_kb, engine="python").to_dict() == expected
