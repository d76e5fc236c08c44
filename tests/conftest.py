"""Shared fixtures: the standard knowledge base is compiled once per test session."""

from __future__ import annotations

import pytest

from bmet_rules import load_rulesets
from bmet_rules.knowledge import KnowledgeBase


@pytest.fixture(scope="session")
def standard_kb() -> KnowledgeBase:
    """The standard rulesets, without third-party plugins."""
    from bmet_rules.plugins import get_plugin_manager

    return load_rulesets(plugin_manager=get_plugin_manager(entry_points=False))
