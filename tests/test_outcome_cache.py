"""Outcomes shared per situation (``bmet_rules.advice.outcomes``) equal outcomes made the long way.

The cache is keyed on the values a target's rules read (numbers above every threshold counted
alike, lists reduced to the values the rules name) and on the numbers its sentences quote.
People who differ only in what the key leaves out (more years than any rule asks, skills no
rule of the target names, another name) must get exactly the result they would get alone.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bmet_rules.advice.outcomes import outcome_cache
from bmet_rules.advice.planner import planner_for
from bmet_rules.advice.renewals import with_renewals
from bmet_rules.advice.steps import advise, step_limit
from bmet_rules.api import evaluate_many, get_engine
from bmet_rules.current_routes import level_if_lapsed, on_current_credentials
from bmet_rules.explain import build_result
from bmet_rules.knowledge import KnowledgeBase
from bmet_rules.lifecycle import overdue
from bmet_rules.profile import parse_profile
from bmet_rules.results import Result
from bmet_rules.unknowns import settle_unknowns, unknown_inputs

from .records import complete
from .strategies import SKILLS, profiles


def long_way(kb: KnowledgeBase, record: dict[str, Any]) -> Result:
    """The result made without the outcome cache: explain every target, then advise."""
    profile = parse_profile(record, kb.fields)
    runner = get_engine(kb, "python")
    firing = runner.run_many([profile])[0]
    result = build_result(kb, profile, firing, runner.name)
    result = settle_unknowns(kb, profile, firing, result, runner)
    late = overdue(profile.values.get("certifications") or (), profile.dates,
                   kb.as_of or dt.date.today())
    result = on_current_credentials(kb, firing, result, late)
    result = advise(kb, firing, result, tuple(profile.values.get("goals") or ()), overdue=late)
    result = level_if_lapsed(kb, profile, result, late, runner)
    # (The renewal due first, as evaluate adds it.)
    return with_renewals(kb, result, profile, kb.as_of or dt.date.today(), step_limit(kb))


def variants(record: dict[str, Any], index: int) -> list[dict[str, Any]]:
    """The record and people who share its situations but not its every value."""
    older = {**record, "id": f"v{index}-older", "name": "Someone Else"}
    older["years_experience"] = float(record.get("years_experience") or 0) + 20
    more_skills = {**record, "id": f"v{index}-skills"}
    more_skills["skills"] = sorted({*(record.get("skills") or ()), *SKILLS[:3]})
    return [{**record, "id": f"v{index}"}, older, more_skills, {**record, "id": f"v{index}-again"}]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(profiles(), min_size=4, max_size=8),
    st.lists(
        st.sampled_from(["CBET", "CHTM", "supervisor", "clinical-engineer"]),
        max_size=2,
        unique=True,
    ),
)
def test_cached_outcomes_equal_those_made_alone(
    standard_kb: KnowledgeBase, records: list[dict[str, Any]], goals: list[str]
) -> None:
    batch = [
        variant
        for i, raw in enumerate(records)
        for variant in variants({**complete(raw), "goals": goals}, i)
    ]
    cache = outcome_cache(standard_kb, planner_for(standard_kb, standard_kb.as_of))
    hits_before = cache.hits
    results = list(evaluate_many(batch, standard_kb, engine="python"))
    for record, result in zip(batch, results, strict=True):
        assert isinstance(result, Result), result
        alone = long_way(standard_kb, record).to_dict()
        shared = result.to_dict()
        differ = sorted(k for k in alone if alone[k] != shared.get(k))
        assert not differ, (record, differ)
    # The repeated person, at least, was shared, unless every person waits on a value to
    # confirm or a certifying body's ruling (an engineering-technology degree): those go the
    # long way (test_a_record_with_unknown_facts_goes_the_long_way).
    settled = [
        r for r in batch if not unknown_inputs(standard_kb, parse_profile(r, standard_kb.fields))
    ]
    assert cache.hits > hits_before or not settled


def test_a_record_with_unknown_facts_goes_the_long_way(standard_kb: KnowledgeBase) -> None:
    record = complete(
        {"id": "u1", "degree": "associate", "degree_field": "bmet", "years_experience": 5}
    )
    del record["skills"]
    profile = parse_profile(record, standard_kb.fields)
    assert unknown_inputs(standard_kb, profile)
    cache = outcome_cache(standard_kb, planner_for(standard_kb, standard_kb.as_of))
    before = (cache.hits, cache.misses)
    [result] = list(evaluate_many([record], standard_kb, engine="python"))
    assert isinstance(result, Result)
    assert (cache.hits, cache.misses) == before
    assert "skills" in result.unknown_fields
