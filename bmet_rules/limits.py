"""Size limits on rulesets, and capping values echoed in messages.

A ruleset is data that a stranger may write, so what it can cost to read is bounded before
anything walks it: without a bound, ``all:`` nested a few hundred deep ran every recursive
walk (parsing, checking, the engine lowering, explanations) into ``RecursionError``, and a
450-byte YAML alias bomb expanded into hundreds of megabytes the first time a message
echoed it. The limits sit far above anything a real policy needs (the standard rulesets nest
at most 3 deep, with at most 9 tests a rule and 8 values a list), so they only ever stop a
mistake or an attack, and each one is a load error naming the file and line
(docs/ruleset-language.md, "Limits").
"""

from __future__ import annotations

import reprlib
from typing import Any

#: ``all`` / ``any`` / ``not`` nested deeper than this in one rule is a load error.
MAX_CONDITION_DEPTH = 32
#: Field tests (leaves) one rule's ``when:`` may hold.
MAX_TESTS_PER_RULE = 256
#: Values one list may hold: an operator's list (``one_of``, ``includes_any``, ...) or a
#: parameter's list value.
MAX_LIST_VALUES = 256
#: Mappings and lists nested inside one another in a ruleset or test file (a condition 32
#: deep is about 70 YAML levels).
MAX_YAML_DEPTH = 100
#: Nodes that aliases (``*name``) may add to a file when expanded, all aliases together.
MAX_ALIAS_EXPANSION = 10_000
#: Characters of one value shown in a message.
MAX_ECHO = 80
#: Characters of one message; anything longer is cut, saying so.
MAX_MESSAGE = 2_000

_repr = reprlib.Repr()
_repr.maxstring = MAX_ECHO
_repr.maxother = MAX_ECHO
_repr.maxlist = _repr.maxtuple = _repr.maxdict = _repr.maxset = 8
_repr.maxlevel = 3


def shown(value: Any) -> str:
    """``repr(value)`` cut to about :data:`MAX_ECHO` characters, for error messages.

    Built without ever making the full ``repr``: an echoed value may be huge.
    """
    text = _repr.repr(value)
    return text if len(text) <= MAX_ECHO + 20 else text[:MAX_ECHO] + "..."


def capped(message: str) -> str:
    """A message cut to :data:`MAX_MESSAGE` characters, saying how much was left out."""
    if len(message) <= MAX_MESSAGE:
        return message
    return f"{message[:MAX_MESSAGE]}... ({len(message) - MAX_MESSAGE} more characters not shown)"
