"""Shared fixtures: the standard knowledge base is compiled once per test session."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

from bmet_rules import load_rulesets
from bmet_rules.knowledge import KnowledgeBase

# CI runs the property tests on a fixed sequence of examples (reproducible runs); a local run
# explores new ones each time. A failure found locally is kept in .hypothesis/ and replayed.
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture(scope="session")
def standard_kb() -> KnowledgeBase:
    """The standard rulesets, without third-party plugins."""
    from bmet_rules.plugins import get_plugin_manager

    return load_rulesets(plugin_manager=get_plugin_manager(entry_points=False))
