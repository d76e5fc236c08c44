"""Records nested inside a JSON document (``--records-key``).

HRIS reports wrap their rows: Workday's JSON export is ``{"Report_Entry": [{...}, ...]}``.
Read as one profile that object failed "needs an id"; ``--records-key Report_Entry`` reads
the array instead. Dots reach deeper (``data.rows``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from ..errors import BmetRulesError
from ..formats import Record
from ..record_limits import MAX_DEPTH, json_int


def nested_records(text: str, source: str, key: str) -> Iterator[Record]:
    """The objects of the array at ``key`` (dotted path); ``row`` is the position (from 1)."""
    try:
        document: Any = json.JSONDecoder(parse_int=json_int).decode(text)
    except json.JSONDecodeError as exc:
        raise BmetRulesError(
            f"{source}: line {exc.lineno}: invalid JSON: {exc.msg} (column {exc.colno})"
        ) from exc
    except RecursionError:
        raise BmetRulesError(
            f"{source}: nested too deeply to read (the limit is {MAX_DEPTH} levels); "
            "flatten the document"
        ) from None
    node = document
    walked: list[str] = []
    for part in key.split("."):
        if not isinstance(node, dict) or part not in node:
            where = ".".join(walked) or "the top level"
            keys = ", ".join(map(repr, node)) if isinstance(node, dict) else "none (not an object)"
            raise BmetRulesError(
                f"{source}: --records-key {key}: no key {part!r} at {where}; keys there: {keys}"
            )
        node = node[part]
        walked.append(part)
    if not isinstance(node, list):
        raise BmetRulesError(
            f"{source}: --records-key {key}: expected an array of profile objects there, "
            f"got {type(node).__name__}"
        )
    for position, value in enumerate(node, start=1):
        if isinstance(value, dict):
            yield Record(source, position, value)
        else:
            yield Record(source, position, None,
                         f"expected a JSON object (one profile), got {type(value).__name__}")
