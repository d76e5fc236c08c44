"""Safe YAML reading that remembers where each value came from.

Errors in a ruleset must name the line, so mappings and lists are built as subclasses that
carry the line of every key and item. The loader is PyYAML's ``SafeLoader``: no tags that
build Python objects, so a ruleset can never run code. Duplicate keys, which YAML quietly
lets the last one win, are errors here: in a policy document they are always a mistake.

Nesting depth and alias expansion are bounded while the document is composed, before any
Python object is built (:mod:`bmet_rules.limits`): a few hundred bytes of nested aliases
otherwise expand into gigabytes, and deep nesting exhausts the interpreter's stack.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, SequenceNode

from .limits import MAX_ALIAS_EXPANSION, MAX_YAML_DEPTH


class LineMap(dict[str, Any]):
    """A mapping from YAML with the 1-based line of the mapping and of each key."""

    line: int | None = None
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int | None:
        """The line of ``key``, or of the mapping itself if the key is absent."""
        return getattr(self, "key_lines", {}).get(key, self.line)


class LineList(list[Any]):
    """A list from YAML with the 1-based line of the list and of each item."""

    line: int | None = None
    item_lines: list[int]

    def line_of(self, index: int) -> int | None:
        """The line of item ``index``."""
        lines = getattr(self, "item_lines", [])
        return lines[index] if index < len(lines) else self.line


class DuplicateKeyError(yaml.YAMLError):
    """A mapping gives the same key twice."""

    def __init__(self, key: str, line: int) -> None:
        super().__init__(f"line {line}: key {key!r} appears twice in the same mapping")
        self.key = key
        self.line = line


class YamlLimitError(yaml.MarkedYAMLError):
    """The document nests too deep or its aliases expand too far (a limit, not a syntax error)."""

    def __init__(self, problem: str, mark: yaml.Mark) -> None:
        super().__init__(problem=problem, problem_mark=mark)


class _LineLoader(yaml.SafeLoader):
    """``SafeLoader`` with bounded nesting and bounded alias expansion."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0
        self._expansion = 0
        self._open_anchors: set[str] = set()
        self._sizes: dict[int, int] = {}

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        if self.check_event(AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            anchor = event.anchor
            if anchor in self._open_anchors:
                raise YamlLimitError(
                    f"alias *{anchor} refers to a value that contains it (a value that never "
                    "ends); copy the values instead",
                    event.start_mark,
                )
            target = self.anchors.get(anchor)
            if target is not None:
                self._expansion += _expanded_size(target, self._sizes)
                if self._expansion > MAX_ALIAS_EXPANSION:
                    raise YamlLimitError(
                        f"aliases (*name) expand this file by more than {MAX_ALIAS_EXPANSION:,} "
                        f"values (at *{anchor}); write the values out, or use a parameter",
                        event.start_mark,
                    )
            return super().compose_node(parent, index)
        event = self.peek_event()  # type: ignore[no-untyped-call]
        self._depth += 1
        if self._depth > MAX_YAML_DEPTH:
            raise YamlLimitError(
                f"lists and mappings are nested more than {MAX_YAML_DEPTH} deep; "
                "split the condition into rules that conclude facts of their own",
                event.start_mark,
            )
        anchor = event.anchor
        if anchor is not None:
            self._open_anchors.add(anchor)
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1
            if anchor is not None:
                self._open_anchors.discard(anchor)


def _expanded_size(node: Node, sizes: dict[int, int]) -> int:
    """How many nodes ``node`` stands for with every alias inside it written out."""
    known = sizes.get(id(node))
    if known is not None:
        return known
    if isinstance(node, SequenceNode):
        size = 1 + sum(_expanded_size(child, sizes) for child in node.value)
    elif isinstance(node, MappingNode):
        size = 1 + sum(
            _expanded_size(key, sizes) + _expanded_size(value, sizes) for key, value in node.value
        )
    else:
        size = 1
    sizes[id(node)] = size
    return size


def _construct_mapping(loader: _LineLoader, node: MappingNode) -> LineMap:
    loader.flatten_mapping(node)
    result = LineMap()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, (str, int, float, bool)) or key is None:
            raise yaml.constructor.ConstructorError(
                None, None, "a mapping key must be plain text", key_node.start_mark
            )
        key = str(key) if not isinstance(key, bool) else str(key).lower()
        if key in result:
            raise DuplicateKeyError(key, key_node.start_mark.line + 1)
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


def _construct_sequence(loader: _LineLoader, node: SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def load_yaml_text(text: str) -> Any:
    """Parse YAML text into plain data (with line-aware containers)."""
    loader = _LineLoader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def load_yaml_file(path: Path) -> tuple[Any, bytes]:
    """Read and parse a YAML file; returns the data and the raw bytes (for the digest)."""
    raw = path.read_bytes()
    return load_yaml_text(raw.decode("utf-8-sig")), raw


def error_line(exc: yaml.YAMLError) -> int | None:
    """The 1-based line a YAML error points at, when it knows."""
    if isinstance(exc, DuplicateKeyError):
        return exc.line
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    return mark.line + 1 if mark is not None else None

