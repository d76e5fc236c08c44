"""Errors that name what is at fault: the file, line, rule and field, and how to mend it.

Loading collects every problem it finds before raising, so an author fixes a ruleset in one
pass instead of one error per run.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Issue:
    """One problem in a ruleset, a profile or a plugin, located as precisely as we can."""

    message: str
    severity: Severity = "error"
    file: str | None = None
    line: int | None = None
    rule: str | None = None
    field: str | None = None
    hint: str | None = None
    code: str = "invalid"

    def __post_init__(self) -> None:
        # A message may echo a value from a ruleset or a record; however large that value,
        # what is printed stays bounded (limits.MAX_MESSAGE).
        from .limits import capped

        object.__setattr__(self, "message", capped(self.message))
        if self.hint is not None:
            object.__setattr__(self, "hint", capped(self.hint))

    def location(self) -> str:
        """``file:line`` (either part may be missing) for the start of a message."""
        if self.file and self.line:
            return f"{self.file}:{self.line}"
        return self.file or (f"line {self.line}" if self.line else "")

    def __str__(self) -> str:
        parts = [p for p in (self.location(),) if p]
        if self.rule:
            parts.append(f"rule {self.rule!r}")
        if self.field:
            parts.append(f"field {self.field!r}")
        prefix = ": ".join(parts)
        text = f"{prefix}: {self.message}" if prefix else self.message
        return f"{text} ({self.hint})" if self.hint else text

    def to_dict(self) -> dict[str, Any]:
        """The issue as JSON-ready data (``bmet-rules check --format json``)."""
        return {
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
            "file": self.file,
            "line": self.line,
            "rule": self.rule,
            "field": self.field,
            "hint": self.hint,
        }


class BmetRulesError(Exception):
    """Base class of every error bmet-rules raises on purpose."""


class RulesetError(BmetRulesError):
    """A ruleset (or the set of loaded rulesets) is invalid; nothing was evaluated."""

    def __init__(self, issues: Sequence[Issue]) -> None:
        self.issues = list(issues)
        errors = [i for i in self.issues if i.severity == "error"]
        shown = "\n".join(f"  {i}" for i in errors[:20])
        more = f"\n  ... and {len(errors) - 20} more" if len(errors) > 20 else ""
        super().__init__(f"{len(errors)} error(s) in the rulesets:\n{shown}{more}")


#: Longest message a row error carries (a message quoting a huge value is clipped).
MESSAGE_CHARS = 500


@dataclass(frozen=True)
class FieldProblem:
    """One bad value in one profile field.

    The value and the message are clipped when the problem is made (``record_limits.preview``):
    an error record echoes what was wrong, and a 450-byte YAML alias bomb or a 100,000-
    character cell must not become megabytes of error output.
    """

    field: str
    value: Any
    message: str

    def __post_init__(self) -> None:
        from .record_limits import preview, safe_text

        object.__setattr__(self, "value", preview(self.value))
        message = safe_text(self.message)
        if len(message) > MESSAGE_CHARS:
            message = message[: MESSAGE_CHARS - 1] + "…"
        object.__setattr__(self, "message", message)
        object.__setattr__(self, "field", safe_text(str(self.field))[:MESSAGE_CHARS])

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form, as written to ``--errors FILE``."""
        return {"field": self.field, "value": self.value, "message": self.message}


class ProfileError(BmetRulesError):
    """A profile record cannot be evaluated; each problem names the field and value."""

    def __init__(self, problems: Iterable[FieldProblem], profile_id: str | None = None) -> None:
        self.problems = list(problems)
        self.profile_id = profile_id
        who = f"profile {profile_id!r}: " if profile_id else ""
        super().__init__(who + "; ".join(f"{p.field}: {p.message}" for p in self.problems))


class EngineError(BmetRulesError):
    """The inference engine failed in a way the rules cannot explain (a bug or a limit)."""


class EngineUnavailable(BmetRulesError):
    """The durable-rules engine cannot be imported on this Python."""


@dataclass
class IssueList:
    """Collects issues while validating, then raises them all at once."""

    issues: list[Issue] = field(default_factory=list)

    def add(self, message: str, **where: Any) -> None:
        """Record an error."""
        self.issues.append(Issue(message, **where))

    def warn(self, message: str, **where: Any) -> None:
        """Record a warning."""
        self.issues.append(Issue(message, severity="warning", **where))

    @property
    def errors(self) -> list[Issue]:
        """The issues of severity ``error``."""
        return [i for i in self.issues if i.severity == "error"]

    def raise_if_errors(self) -> None:
        """Raise :class:`RulesetError` when any error was recorded."""
        if self.errors:
            raise RulesetError(self.issues)
