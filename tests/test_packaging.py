"""The wheel ships every subpackage and the standard rulesets (not only an editable install)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    tomllib = None


def test_every_subpackage_is_listed_in_pyproject() -> None:
    if tomllib is None:
        pytest.skip("tomllib needs Python 3.11; CI runs this on 3.11")
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    listed = set(config["packages"])
    found = {
        ".".join(p.parent.relative_to(ROOT).parts)
        for p in (ROOT / "bmet_rules").rglob("__init__.py")
    }
    assert found <= listed, f"missing from [tool.setuptools] packages: {sorted(found - listed)}"
    assert config["package-dir"]["bmet_rules.rulesets"] == "rulesets"
    assert "*.yaml" in config["package-data"]["bmet_rules.rulesets"]
    assert "*.yaml" in config["package-data"]["bmet_rules.rulesets.tests"]
