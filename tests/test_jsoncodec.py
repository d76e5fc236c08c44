"""Results encode to the same JSON text with orjson and with the standard library."""

from __future__ import annotations

import json
from typing import Any

import pytest

from bmet_rules import jsoncodec
from bmet_rules.api import evaluate_many
from bmet_rules.knowledge import KnowledgeBase
from bmet_rules.results import Result

from .records import complete

PEOPLE = [
    complete({"id": "j1", "name": "Zoë Ångström", "degree": "associate", "degree_field": "bmet",
              "years_experience": 3, "certifications": ["CBET"], "skills": ["teaching"]}),
    complete({"id": "j2", "name": "Line\nBreak \u2028 \"quoted\"", "degree": "bachelor",
              "degree_field": "engineering", "years_experience": 6,
              "clinical_engineering_years": 4, "goals": ["CCE"]}),
    complete({"id": "j3", "degree": "high_school", "years_experience": 0.5}),
]


def results(kb: KnowledgeBase) -> list[Result]:
    out = [r for r in evaluate_many(PEOPLE, kb, engine="python") if isinstance(r, Result)]
    assert len(out) == len(PEOPLE)
    return out


def stdlib_text(result: Result) -> str:
    return json.dumps(result.to_dict(), ensure_ascii=False, separators=(",", ":"))


def test_orjson_writes_the_standard_librarys_text(standard_kb: KnowledgeBase) -> None:
    if not jsoncodec.fast():
        pytest.skip("orjson is not installed here: the fallback test covers this installation")
    for result in results(standard_kb):
        assert jsoncodec.encode_result(result) == stdlib_text(result)


def test_without_orjson_the_standard_library_writes_it(
    standard_kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(jsoncodec, "_orjson", None)
    assert not jsoncodec.fast()
    for result in results(standard_kb):
        assert jsoncodec.encode_result(result) == stdlib_text(result)


def test_a_value_orjson_refuses_falls_back(standard_kb: KnowledgeBase) -> None:
    result = results(standard_kb)[0]
    odd: dict[str, Any] = {"huge": 2**70, "key": {1: "not text"}}
    annotated = Result(**{**result.__dict__, "extra": odd})
    text = jsoncodec.encode_result(annotated)
    assert json.loads(text)["extra"] == {"huge": 2**70, "key": {"1": "not text"}}
