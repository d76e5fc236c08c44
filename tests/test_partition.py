"""``evaluate_partition``: one partition of a registry, as Dask or Spark hand it to a worker.

The results must be exactly what ``evaluate_many`` gives for the same records (the JSON
contract), whichever scheduler runs the partitions; the rulesets are loaded once per process;
duplicate ids are caught within a partition and, as documented, not across partitions.
"""

from __future__ import annotations

import csv
import importlib.util
import json
from pathlib import Path
from typing import Any

import pytest

from bmet_rules import partition
from bmet_rules.api import RecordError, evaluate_many
from bmet_rules.batch import DUPLICATE_MESSAGE, EngineSpec
from bmet_rules.formats import Record
from bmet_rules.partition import error_dict, evaluate_partition, is_record_error, iter_partition

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "profiles.csv"
AS_OF = "2026-11-29"


def example_rows() -> list[dict[str, Any]]:
    with EXAMPLES.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def expected(rows: list[Any], **options: Any) -> list[dict[str, Any]]:
    """What ``evaluate_many`` gives, as dicts (a fresh knowledge base, not the cache)."""
    kb = EngineSpec(as_of=AS_OF, **options).knowledge_base()
    return [error_dict(item) if isinstance(item, RecordError) else item.to_dict()
            for item in evaluate_many(rows, kb)]


def without_index(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in item.items() if k != "index"} if is_record_error(item) else item
            for item in items]


def test_a_partition_gives_what_evaluate_many_gives_for_the_same_records() -> None:
    rows = example_rows()
    got = list(evaluate_partition(rows, as_of=AS_OF))
    assert got == expected(rows)
    assert len(got) == len(rows)
    errors = [item for item in got if is_record_error(item)]
    assert errors, "the examples hold deliberately bad rows"
    assert all(e["problems"] and e["error"] for e in errors)
    assert not any(is_record_error(item) for item in got if "ruleset" in item)
    json.dumps(got)  # JSON-ready as it stands


def test_the_rulesets_are_loaded_once_per_process_and_reused_by_later_partitions(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    partition.clear_cache()
    loads: list[EngineSpec] = []
    real = EngineSpec.knowledge_base

    def counting(self: EngineSpec) -> Any:
        loads.append(self)
        return real(self)

    monkeypatch.setattr(EngineSpec, "knowledge_base", counting)
    rows = example_rows()
    first = list(evaluate_partition(rows[:10], as_of=AS_OF))
    second = list(evaluate_partition(rows[10:20], as_of=AS_OF))
    assert len(loads) == 1
    assert len(first) == len(second) == 10
    list(evaluate_partition(rows[:3], as_of=AS_OF, params={"fse_min_years": 5}))
    assert len(loads) == 2, "other options are another knowledge base"


def test_a_parameter_reaches_the_partitions_rulesets() -> None:
    row = {"id": "fse", "degree": "associate", "degree_field": "bmet", "years_experience": 3,
           "willing_to_travel": "yes", "skills": "customer_communication"}
    [default] = evaluate_partition([row], as_of=AS_OF)
    [stricter] = evaluate_partition([row], as_of=AS_OF, params={"fse_min_years": 5})

    def fse(item: dict[str, Any]) -> str:
        return next(p["status"] for p in item["paths"] if p["id"] == "field-service-engineer")

    assert fse(default) == "eligible"
    assert fse(stricter) != "eligible"


def test_a_duplicate_id_is_an_error_anywhere_in_its_partition_but_not_across_partitions(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(partition, "CHUNK", 3)  # the repeat lies in a later chunk
    rows = example_rows()[:5]
    repeat = Record("staff.csv", 9, dict(rows[0]))
    got = list(evaluate_partition([*rows, repeat], as_of=AS_OF))
    assert not any(is_record_error(item) for item in got[:5])
    last = got[5]
    assert is_record_error(last)
    assert last["profile_id"] == rows[0]["id"]
    assert (last["source"], last["row"], last["index"]) == ("staff.csv", 9, 5)
    assert last["problems"] == [{"field": "id", "value": rows[0]["id"],
                                 "message": DUPLICATE_MESSAGE}]
    # The limit the README states: another partition never sees this one's ids.
    other = list(evaluate_partition([rows[0]], as_of=AS_OF))
    assert not is_record_error(other[0])


def test_goals_are_added_to_each_records_own() -> None:
    row = {"id": "g", "degree": "associate", "degree_field": "bmet", "years_experience": 1,
           "goals": "CBET"}
    [item] = evaluate_partition([row], as_of=AS_OF, goals=["supervisor", "CBET"])
    assert item["goals"] == ["CBET", "supervisor"]
    assert [p["target"] for p in item["plans"]] == ["CBET", "supervisor"]


def test_a_partition_is_evaluated_lazily_a_chunk_at_a_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(partition, "CHUNK", 2)
    rows = example_rows()
    read: list[int] = []

    def source() -> Any:
        for number, row in enumerate(rows, 1):
            read.append(number)
            yield row

    items = iter_partition(source(), as_of=AS_OF)
    next(items)
    assert len(read) <= 3, "only the first chunk (and the look-ahead) is read"


_no_dask = importlib.util.find_spec("dask") is None


@pytest.mark.skipif(_no_dask, reason="dask is not installed (pip install 'bmet-rules[dask]')")
@pytest.mark.parametrize("scheduler", ["processes", "threads"])
def test_the_dask_bag_recipe_gives_what_evaluate_many_gives_partition_by_partition(
    scheduler: str,
) -> None:
    import dask
    import dask.bag as db

    rows = example_rows()
    size = 23
    parts = [rows[i:i + size] for i in range(0, len(rows), size)]
    assert len(parts) == 3
    bag = db.from_sequence(rows, partition_size=size)
    assert bag.npartitions == 3
    results = bag.map_partitions(evaluate_partition, as_of=AS_OF)
    with dask.config.set(scheduler=scheduler, num_workers=2):
        got = results.compute()
        lines = results.filter(lambda item: not is_record_error(item)).map(json.dumps).compute()
    assert got == [item for part in parts for item in expected(part)]
    assert len(lines) == sum(1 for item in got if not is_record_error(item))
    # The documented limit: the examples repeat p-010 in a later partition, which
    # evaluate_many over the whole input reports and the partitions cannot.
    whole = expected(rows)
    differ = [i for i, (a, b) in enumerate(zip(without_index(got), without_index(whole),
                                               strict=True)) if a != b]
    assert [got[i]["profile_id"] for i in differ] == ["p-010"]
    assert is_record_error(whole[differ[0]]) and not is_record_error(got[differ[0]])
