"""Make the plugin importable from its source tree and keep installed plugins out of tests.

The tests run with the plugin *not* installed (``pip install -e`` would load it into every
bmet-rules process of the environment); they put the package folder on ``sys.path`` and
register it explicitly, as ``--plugin bmet_rules_hris_export`` does.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


@pytest.fixture(autouse=True)
def no_installed_plugins(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only the plugins a test names are loaded."""
    monkeypatch.setenv("BMET_RULES_DISABLE_PLUGIN_AUTOLOAD", "1")
    for name in ("BMET_RULES_PLUGINS", "BMET_RULES_BLOCK_PLUGINS", "BMET_RULES_TRACE_PLUGINS"):
        monkeypatch.delenv(name, raising=False)
