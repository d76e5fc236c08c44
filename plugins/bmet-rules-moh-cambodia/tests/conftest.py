"""Import the plugin from its source tree and keep installed plugins out of tests.

The tests run with the plugin *not* installed (``pip install -e`` would load it into every
bmet-rules process of the environment); they import the package from this source tree and
register it explicitly, as ``--plugin bmet_rules_moh_cambodia`` does.

The package is imported by its file location, without putting its folder on ``sys.path``:
``pip install plugins/bmet-rules-moh-cambodia`` leaves a git-ignored ``*.egg-info`` in that folder,
and with the folder on ``sys.path`` that metadata made the plugin look installed (its entry
point loaded) in every other test of the session. Build leftovers must not change results.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest


def _import_from_source(name: str) -> None:
    """Import package ``name`` from this source tree, folder left off ``sys.path``."""
    if name in sys.modules:
        return
    package = Path(__file__).resolve().parents[1] / name
    spec = importlib.util.spec_from_file_location(
        name, package / "__init__.py", submodule_search_locations=[str(package)]
    )
    assert spec is not None and spec.loader is not None, package
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)


_import_from_source("bmet_rules_moh_cambodia")


@pytest.fixture(autouse=True)
def no_installed_plugins(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only the plugins a test names are loaded."""
    monkeypatch.setenv("BMET_RULES_DISABLE_PLUGIN_AUTOLOAD", "1")
    for name in ("BMET_RULES_PLUGINS", "BMET_RULES_BLOCK_PLUGINS", "BMET_RULES_TRACE_PLUGINS"):
        monkeypatch.delenv(name, raising=False)
