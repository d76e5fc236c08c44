"""Bounds on one input record, and a safe short form of any value for error messages.

A profile is a flat handful of fields; anything far bigger is a mistake or an attack, and
must cost one row error, never the batch. Three things in hostile input used to kill a whole
run: nesting deep enough to exhaust Python's recursion (a JSON value ~990 levels deep, YAML
~500), numbers no float can hold (``1`` and 400 zeros; Python refuses even to read a
5,000-digit integer), and a YAML alias bomb (450 bytes that expand to millions of values,
which the error record then echoed in full). :func:`record_problem` walks a record
*iteratively* with a budget, so checking a bomb costs at most ``MAX_VALUES`` steps, and
:func:`preview` is what every error message shows of a value: never more than
``PREVIEW_CHARS`` characters, and lone surrogates (``"\\ud800"`` in JSON) escaped so the
message can always be written as UTF-8.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

#: Deepest nesting a record may have (a profile needs 2: a field holding a list of words).
MAX_DEPTH = 32
#: Most values one record may hold, counted as they would be expanded (YAML aliases included).
MAX_VALUES = 10_000
#: Longest text a single value may be.
MAX_TEXT = 100_000
#: Most digits an integer may have; beyond this it cannot be a count of years.
MAX_DIGITS = 300
#: Longest rendering of a value in an error message or an ``--errors`` record.
PREVIEW_CHARS = 200


def safe_text(text: str) -> str:
    """``text`` with lone surrogates written as ``\\udXXX`` escapes, so it encodes as UTF-8."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text


def _clip(text: str, limit: int) -> str:
    text = safe_text(text[: limit + 1])
    return text if len(text) <= limit else text[: limit - 1] + "…"


def preview(value: Any, limit: int = PREVIEW_CHARS) -> Any:
    """A value fit to echo in an error: scalars as they are (text clipped to ``limit``),
    containers as a clipped one-line text, built without expanding more than ``limit``
    characters' worth (an alias bomb costs nothing to preview)."""
    if value is None or isinstance(value, (bool, float)):
        return value
    if isinstance(value, int):
        digits = _int_digits(value)
        return value if digits <= 30 else f"<an integer of {digits:,} digits>"
    if isinstance(value, str):
        return _clip(value, limit)
    parts: list[str] = []
    size = 0
    # An explicit stack of (text or value) so the rendering neither recurses nor expands.
    stack: list[Any] = [value]
    while stack and size <= limit:
        item = stack.pop()
        if isinstance(item, _Token):
            text = item.text
        elif isinstance(item, Mapping):
            stack.append(_Token("}"))
            entries = list(item.items())[: limit]
            for n, (key, val) in enumerate(reversed(entries)):
                stack.append(val)
                stack.append(_Token(f"{_clip(str(key), limit)}: "))
                if n < len(entries) - 1:
                    stack.append(_Token(", "))
            text = "{"
        elif isinstance(item, (list, tuple)):
            stack.append(_Token("]"))
            items = list(item[: limit])
            for n, val in enumerate(reversed(items)):
                stack.append(val)
                if n < len(items) - 1:
                    stack.append(_Token(", "))
            text = "["
        else:
            shown = preview(item, limit)
            text = repr(shown) if isinstance(item, str) else str(shown)
        parts.append(text)
        size += len(text)
    return _clip("".join(parts), limit) if not stack else _clip("".join(parts), limit - 1) + "…"


class _Token:
    """Literal text on :func:`preview`'s stack (brackets, separators)."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


def _int_digits(value: int) -> int:
    """Decimal digits of ``value`` without converting it to text (which Python may refuse)."""
    return max(1, int(abs(value).bit_length() * 0.30103) + 1)


def record_problem(data: Mapping[str, Any]) -> tuple[str, Any, str] | None:
    """The first way ``data`` exceeds the bounds, as ``(field, value preview, message)``.

    ``None`` when the record is within bounds. The walk is iterative and stops after
    ``MAX_VALUES`` values, so neither depth nor aliases can make the check itself expensive.
    """
    if _plain(data):
        return None
    count = 0
    stack: list[tuple[str, Any, int]] = [(str(k), v, 1) for k, v in data.items()]
    for key in data:
        if isinstance(key, str) and safe_text(key) != key:
            return safe_text(key), None, _SURROGATE
    while stack:
        field, value, depth = stack.pop()
        count += 1
        if count > MAX_VALUES:
            return (field, preview(value),
                    f"the record holds more than {MAX_VALUES:,} values (YAML anchors and "
                    "aliases count each time they are used); a profile needs a few dozen")
        if depth > MAX_DEPTH:
            return (field, preview(value),
                    f"nested more than {MAX_DEPTH} levels deep; a profile field holds a value "
                    "or a list of words")
        if isinstance(value, str):
            if len(value) > MAX_TEXT:
                return field, preview(value), f"text of {len(value):,} characters is too long " \
                    f"(the limit is {MAX_TEXT:,})"
            if safe_text(value) != value:
                return field, preview(value), _SURROGATE
        elif isinstance(value, bool):
            continue
        elif isinstance(value, int):
            if _int_digits(value) > MAX_DIGITS:
                return (field, preview(value),
                        f"a number of about {_int_digits(value):,} digits is too large to be "
                        "read; give a number of years, such as 4 or 2.5")
        elif isinstance(value, Mapping):
            stack.extend((field, v, depth + 1) for v in value.values())
        elif isinstance(value, (list, tuple)):
            stack.extend((field, v, depth + 1) for v in value)
    return None


def _plain(data: Mapping[str, Any]) -> bool:
    """Whether a record is plainly within bounds: ASCII names and text of normal length,
    small numbers, lists of such text (nearly every row a batch reads). Checked first because
    it is cheap; anything else takes the full walk of :func:`record_problem`."""
    count = len(data)
    for key, value in data.items():
        if type(key) is not str or not key.isascii():
            return False
        kind = type(value)
        if kind is str:
            if len(value) > MAX_TEXT or not value.isascii():
                return False
        elif kind is list or kind is tuple:
            count += len(value)
            if count > MAX_VALUES or not all(
                type(v) is str and len(v) <= MAX_TEXT and v.isascii() for v in value
            ):
                return False
        elif kind is int:
            if value.bit_length() > 64:
                return False
        elif not (value is None or kind is bool or kind is float):
            return False
    return count <= MAX_VALUES


_SURROGATE = ("holds a lone surrogate (an escape such as \\ud800 that is not a character); "
              "it cannot be written as UTF-8: correct the text at its source")


def json_int(digits: str) -> int | float:
    """``parse_int`` for JSON readers: an integer too long to be a count becomes a float.

    Python refuses to turn more than 4,300 digits into an ``int`` (a ``ValueError`` that
    used to kill the batch); a float of that size is ``inf``, which the profile parser
    already reports as "expected a finite number" on the field concerned.
    """
    return int(digits) if len(digits) <= MAX_DIGITS else float(digits)
