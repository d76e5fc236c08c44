"""Each durable-rules trap (docs/engine.md, shared/durable-rules-notes.md) pinned by a test.

A test here fails if the adapter stops guarding against its trap. Tests that could crash the
interpreter (segfaults in the C core) run in a subprocess.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
from pathlib import Path
from typing import Any

import pytest

from bmet_rules.evaluator import PythonEvaluator
from bmet_rules.fields import CORE_FIELDS, KNOWN_CERTIFICATIONS, KNOWN_SKILLS, FieldRegistry
from bmet_rules.knowledge import KnowledgeBase, compile_rulesets
from bmet_rules.profile import parse_profile
from bmet_rules.ruleset import parse_ruleset

engine = pytest.importorskip("bmet_rules.engine")
try:
    engine.load_durable()
except Exception as exc:  # pragma: no cover - Python 3.13
    pytest.skip(f"durable-rules unavailable: {exc}", allow_module_level=True)


def kb_of(rules: list[dict[str, Any]], facts: dict[str, Any] | None = None) -> KnowledgeBase:
    data = {
        "ruleset": "trap",
        "version": "1",
        "sources": {"s": {"title": "test"}},
        "paths": {f"p{i}": {"title": f"P{i}"} for i in range(200)},
        "facts": facts or {},
        "rules": [{"title": r["id"], "source": "s", **r} for r in rules],
    }
    return compile_rulesets([parse_ruleset(data)], FieldRegistry(CORE_FIELDS))


def fired(kb: KnowledgeBase, records: list[dict[str, Any]], batch_size: int = 50) -> list[set[str]]:
    people = [parse_profile(r, kb.fields) for r in records]
    durable = engine.DurableEngine(kb, batch_size=batch_size)
    try:
        got = [set(f.fired) for f in durable.run_many(people)]
    finally:
        durable.close()
    assert got == [set(f.fired) for f in PythonEvaluator(kb).run_many(people)]
    return got


def run_isolated(code: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_every_matching_rule_fires_not_only_the_first() -> None:
    # An event (post) is consumed by the first matching rule; facts reach them all.
    kb = kb_of(
        [
            {
                "id": f"r{i}",
                "when": {"years_experience": {"at_least": i}},
                "then": {"path": f"p{i}"},
            }
            for i in range(3)
        ]
    )
    assert fired(kb, [{"id": "a", "years_experience": 5}]) == [{"r0", "r1", "r2"}]


def test_an_any_with_several_true_branches_concludes_once() -> None:
    kb = kb_of(
        [
            {
                "id": "either",
                "when": {
                    "any": [{"years_experience": {"at_least": 1}}, {"military_bmet": {"is": True}}]
                },
                "then": {"path": "p0", "route": "r"},
            }
        ]
    )
    people = [parse_profile({"id": "a", "years_experience": 3, "military_bmet": True}, kb.fields)]
    durable = engine.DurableEngine(kb)
    try:
        frames: list[str] = []
        original = durable._core.complete_and_start_action

        def spy(handle: int, state: int) -> Any:
            message = original(handle, state)
            if message:
                frames.append(message)
            return message

        durable._core = type(
            "Core",
            (),
            {
                "__getattr__": lambda _, n: getattr(engine.load_durable(), n),
                "complete_and_start_action": staticmethod(spy),
            },
        )()
        assert durable.run_many(people)[0].fired == {"either"}
    finally:
        durable.close()


def test_identical_profiles_are_not_taken_for_one_fact() -> None:
    # Without unique ids the core hashes content and rejects look-alike facts.
    kb = kb_of([{"id": "r", "when": {"years_experience": {"at_least": 1}}, "then": {"path": "p0"}}])
    records = [{"id": f"same-{i}", "years_experience": 2} for i in range(300)]
    assert fired(kb, records, batch_size=100) == [{"r"}] * 300


def test_a_profile_that_matches_nothing_is_a_normal_result() -> None:
    kb = kb_of(
        [{"id": "r", "when": {"years_experience": {"at_least": 50}}, "then": {"path": "p0"}}]
    )
    assert fired(kb, [{"id": "a"}, {"id": "b", "years_experience": 60}]) == [set(), {"r"}]


def test_sessions_are_deleted_after_each_batch() -> None:
    kb = kb_of([{"id": "r", "when": {"years_experience": {"at_least": 1}}, "then": {"path": "p0"}}])
    durable = engine.DurableEngine(kb, batch_size=10)
    deleted: list[str] = []
    core = durable._core

    class Spy:
        def __getattr__(self, name: str) -> Any:
            return getattr(core, name)

        def delete_state(self, handle: int, sid: str) -> None:
            deleted.append(sid)
            core.delete_state(handle, sid)

    durable._core = Spy()
    try:
        durable.run_many([parse_profile({"id": str(i), "years_experience": 2}) for i in range(35)])
        assert len(deleted) == 4  # 4 batches x 1 stage x 1 engine ruleset
        for sid in deleted:  # nothing left behind in the core
            with pytest.raises(core.error):
                core.get_facts(durable.stages[0][0].handle, sid)
    finally:
        durable.close()


def test_rules_chain_through_derived_facts_in_one_evaluation() -> None:
    kb = kb_of(
        [
            {
                "id": "senior",
                "when": {"years_experience": {"at_least": 8}},
                "then": {"fact": "senior", "value": True},
            },
            {"id": "lead", "when": {"senior": {"is": True}}, "then": {"path": "p0"}},
            {"id": "director", "when": {"path.p0": {"equals": "eligible"}}, "then": {"path": "p1"}},
        ],
        facts={"senior": {"type": "boolean"}},
    )
    assert [len(s) for s in kb.stages] == [1, 1, 1]
    assert fired(kb, [{"id": "a", "years_experience": 9}, {"id": "b", "years_experience": 7}]) == [
        {"senior", "lead", "director"},
        set(),
    ]


def test_priority_decides_between_conflicting_conclusions() -> None:
    kb = kb_of(
        [
            {
                "id": "low",
                "when": {"years_experience": {"at_least": 1}},
                "then": {"fact": "band", "value": "junior"},
            },
            {
                "id": "high",
                "priority": 5,
                "when": {"years_experience": {"at_least": 1}},
                "then": {"fact": "band", "value": "senior"},
            },
        ],
        facts={"band": {"type": "text"}},
    )
    durable = engine.DurableEngine(kb)
    try:
        values = durable.run_many([parse_profile({"id": "a", "years_experience": 2})])[0].values
    finally:
        durable.close()
    assert values["band"] == "senior"


def test_numbers_compare_as_numbers_at_the_boundary() -> None:
    kb = kb_of([{"id": "r", "when": {"years_experience": {"at_least": 2}}, "then": {"path": "p0"}}])
    records = [{"id": str(v), "years_experience": v} for v in ("1.9", "2", "2.0", "10", "1.99")]
    assert fired(kb, records) == [set(), {"r"}, {"r"}, {"r"}, set()]


def test_numbers_json_writes_with_an_exponent_reach_the_core_positionally() -> None:
    # The core cannot parse "1e-05": a threshold so written is refused (error 204) and a
    # fact so written killed the process (a segfault, or a wrong firing that left a batch
    # with no rows: review 44's probe). Both are written positionally now.
    code = """
        from bmet_rules.fields import CORE_FIELDS, FieldRegistry
        from bmet_rules.knowledge import compile_rulesets
        from bmet_rules.profile import parse_profile
        from bmet_rules.ruleset import parse_ruleset
        from bmet_rules.engine import DurableEngine
        from bmet_rules.evaluator import PythonEvaluator
        kb = compile_rulesets([parse_ruleset({
            "ruleset": "trap", "version": "1", "sources": {"s": {"title": "t"}},
            "paths": {"p0": {"title": "P0"}, "p1": {"title": "P1"}},
            "rules": [
                {"id": "tiny", "title": "t", "source": "s", "then": {"path": "p0"},
                 "when": {"years_experience": {"at_least": 0.00005}}},
                {"id": "any", "title": "a", "source": "s", "then": {"path": "p1"},
                 "when": {"years_experience": {"more_than": 0}}}]})],
            FieldRegistry(CORE_FIELDS))
        people = [parse_profile({"id": str(i), "years_experience": y}, kb.fields)
                  for i, y in enumerate([0.00001, 0.00005, 0.00009, 1e-9, 0, 40])]
        durable = DurableEngine(kb)
        got = [sorted(f.fired) for f in durable.run_many(people)]
        durable.close()
        assert got == [sorted(f.fired) for f in PythonEvaluator(kb).run_many(people)], got
        print(got)
    """
    done = run_isolated(code)
    assert done.returncode == 0, done.stderr[-2000:]
    expected = [["any"], ["any", "tiny"], ["any", "tiny"], ["any"], [], ["any", "tiny"]]
    assert done.stdout.strip() == str(expected)


def test_a_batch_with_a_years_value_below_a_ten_thousandth_is_evaluated_whole(
    tmp_path: Path,
) -> None:
    rows = "id,degree,degree_field,years_experience\nok1,associate,bmet,3\n"
    rows += "tiny,associate,bmet,0.00001\nok2,associate,bmet,5\n"
    (tmp_path / "p.csv").write_text(rows)
    outputs = []
    for name in ("durable", "python"):
        done = subprocess.run(
            [str(Path(sys.executable).with_name("bmet-rules")), "evaluate", str(tmp_path / "p.csv"),
             "--engine", name, "--as-of", "2026-11-30", "-f", "jsonl"],
            capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr[-2000:]
        outputs.append(done.stdout.replace('"engine":"durable-rules"', '"engine":"x"')
                       .replace('"engine":"python"', '"engine":"x"'))
    assert outputs[0].count("\n") == 3
    assert outputs[0] == outputs[1]


def test_a_rule_of_only_negative_tests_does_not_loop_on_the_session_state() -> None:
    # Without a positive test on our own field, such a rule matches the session's state fact
    # and the core loops forever; the adapter's `k == 1` guard prevents that.
    result = run_isolated(
        """
        from bmet_rules.engine import DurableEngine
        from bmet_rules.fields import CORE_FIELDS, FieldRegistry
        from bmet_rules.knowledge import compile_rulesets
        from bmet_rules.profile import parse_profile
        from bmet_rules.ruleset import parse_ruleset
        data = {"ruleset": "neg", "version": "1", "sources": {"s": {"title": "t"}},
                "paths": {"p": {"title": "P"}},
                "rules": [{"id": "r", "title": "r", "source": "s",
                           "when": {"degree_field": {"not_equals": "bmet"}},
                           "then": {"path": "p"}}]}
        kb = compile_rulesets([parse_ruleset(data)], FieldRegistry(CORE_FIELDS))
        e = DurableEngine(kb)
        print(sorted(e.run_many([parse_profile({"id": "a"})])[0].fired))
    """,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['r']"


def test_more_rules_than_the_core_stack_can_match_at_once() -> None:
    # One fact matching > 64 condition nodes of one engine ruleset fails (error 303) and a later
    # delete_state crashes; the adapter packs rules so no engine ruleset holds that many.
    rules = [
        {
            "id": f"r{i}",
            "when": {
                "all": [
                    {"years_experience": {"at_least": i / 10}},
                    {"supervisory_years": {"at_most": 200 - i}},
                ]
            },
            "then": {"path": f"p{i}"},
        }
        for i in range(150)
    ]
    kb = kb_of(rules)
    durable = engine.DurableEngine(kb)
    try:
        assert all(len(r.rule_ids) * 2 < engine.MAX_ALPHA_NODES for r in durable.stages[0])
    finally:
        durable.close()
    assert fired(kb, [{"id": "worst", "years_experience": 30}]) == [{f"r{i}" for i in range(150)}]


def test_facts_stay_under_the_cores_property_limit() -> None:
    # A fact with more than 253 properties is refused (error 302). Rules asking about 300
    # different skills would need 300 flags in one fact; the adapter then encodes per pack.
    rules = [
        {
            "id": f"s{i}",
            "when": {"skills": {"includes": f"skill_{i}"}},
            "then": {"path": f"p{i % 200}"},
        }
        for i in range(300)
    ]
    kb = kb_of(rules)
    durable = engine.DurableEngine(kb)
    try:
        assert all(ers.encoder.size <= 255 for ers in durable.stages[0])
    finally:
        durable.close()
    record = {"id": "a", "skills": [f"skill_{i}" for i in range(0, 300, 7)]}
    assert fired(kb, [record]) == [{f"s{i}" for i in range(0, 300, 7)}]


def test_hundreds_of_distinct_conditions_compile_without_hanging() -> None:
    # > 512 distinct first-level conditions in one engine ruleset hang create_ruleset.
    result = run_isolated(
        """
        from bmet_rules.engine import DurableEngine
        from bmet_rules.fields import CORE_FIELDS, FieldRegistry
        from bmet_rules.knowledge import compile_rulesets
        from bmet_rules.profile import parse_profile
        from bmet_rules.ruleset import parse_ruleset
        rules = [{"id": f"r{i}", "title": "r", "source": "s",
                  "when": {"years_experience": {"at_least": i / 100}}, "then": {"path": "p"}}
                 for i in range(600)]
        data = {"ruleset": "wide", "version": "1", "sources": {"s": {"title": "t"}},
                "paths": {"p": {"title": "P"}}, "rules": rules}
        kb = compile_rulesets([parse_ruleset(data)], FieldRegistry(CORE_FIELDS))
        e = DurableEngine(kb)
        print(len(e.run_many([parse_profile({"id": "a", "years_experience": 3})])[0].fired))
    """,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "301"


def test_a_rule_too_large_for_the_core_is_refused_by_name() -> None:
    big = {
        "any": [
            {"all": [{"years_experience": {"at_least": i}}, {"imaging_years": {"at_least": i}}]}
            for i in range(20)
        ]
    }
    kb = kb_of([{"id": "huge", "when": big, "then": {"path": "p0"}}])
    with pytest.raises(engine.EngineError, match=r"'huge'.*too large"):
        engine.DurableEngine(kb)


def test_a_batch_where_nothing_matches_survives_session_deletion() -> None:
    # A session in which no action ever started has an uninitialised action context in the
    # core; deleting it frees garbage (a crash that shows only after the heap has been used).
    result = run_isolated("""
        import bmet_rules
        from bmet_rules.engine import DurableEngine
        from bmet_rules.profile import parse_profile
        kb = bmet_rules.load_rulesets()
        for _ in range(5):
            e = DurableEngine(kb, batch_size=7)
            e.run_many([parse_profile({"id": str(i), "degree_field": "bmet"}) for i in range(3)])
            e.close()
        print("ok")
    """)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "ok"


def test_no_background_threads_are_started() -> None:
    # durable's Host starts two timer threads that race the C core; the adapter uses none.
    before = threading.active_count()
    kb = kb_of([{"id": "r", "when": {"years_experience": {"at_least": 1}}, "then": {"path": "p0"}}])
    durable = engine.DurableEngine(kb)
    try:
        durable.run_many([parse_profile({"id": "a", "years_experience": 2})])
        assert threading.active_count() == before
    finally:
        durable.close()


def test_engine_rules_never_join_two_facts() -> None:
    # Correlated (join) rules crash the core; every engine rule reads exactly one fact.
    kb = kb_of([{"id": "r", "when": {"years_experience": {"at_least": 1}}, "then": {"path": "p0"}}])
    durable = engine.DurableEngine(kb)
    try:
        for ers in durable.stages[0]:
            for rule in ers.definition.values():
                assert len(rule["all"]) == 1 and set(rule["all"][0]) == {"m"}
    finally:
        durable.close()


def test_the_worst_case_standard_profile_is_evaluated_correctly(standard_kb: KnowledgeBase) -> None:
    # The profile that satisfies the most conditions of the standard rulesets: every engine
    # ruleset sees its largest number of matching conditions at once.
    worst = {
        "id": "worst",
        "degree": "doctorate",
        "degree_field": "engineering",
        "years_experience": 40,
        "imaging_years": 40,
        "laboratory_years": 40,
        "supervisory_years": 40,
        "clinical_engineering_years": 40,
        "military_bmet": True,
        "willing_to_travel": True,
        "certifications": list(KNOWN_CERTIFICATIONS),
        "skills": list(KNOWN_SKILLS),
    }
    got = fired(standard_kb, [worst])[0]
    assert len(got) >= len(standard_kb.rules) * 3 // 4  # most rules fire, and both engines agree
