"""Sourced text on paths and certifications: the usual training routes, and pay.

Nothing about training or pay is shown without a source, so each is a ``{text, source}`` pair;
``check`` makes sure the source is declared.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .errors import IssueList


@dataclass(frozen=True)
class Note:
    """Sourced text about a path or certification: the usual training routes, or pay.

    Only ever shown with its source: nothing about training or pay without one.
    """

    text: str
    source: str


def read_note(
    data: dict[str, Any], key: str, tid: str, issues: IssueList, where: dict[str, Any]
) -> Note | None:
    """``training:`` / ``pay:`` of a path or certification, or ``None``; a value without
    ``text`` and ``source`` is an issue naming the target and the key."""
    raw = data.get(key)
    if raw is None:
        return None
    if (not isinstance(raw, dict) or not isinstance(raw.get("text"), str)
            or not isinstance(raw.get("source"), str)):
        issues.add(
            f"{tid}: `{key}:` needs `text:` and `source:` (a declared source id)",
            hint=f'e.g. {key}: {{text: "...", source: bls-ooh-49-9062}}', field=key, **where,
        )
        return None
    return Note(raw["text"].strip(), raw["source"])
