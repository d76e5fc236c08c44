"""Build leftovers in the tree do not change test results (issue 9, item 12).

`pip install plugins/bmet-rules-moh-cambodia` builds in the plugin's folder and leaves a
git-ignored `bmet_rules_moh_cambodia.egg-info` there after `pip uninstall`. The plugin's test
conftest used to put that folder on `sys.path`, so the metadata made the plugin look installed
to every test of the session: its entry point loaded, its gate and override changed the
standard answers, and 50 tests failed. This runs pytest on a copy of the tests with such
leftovers planted, in a subprocess (what a developer's `pytest` run sees).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PLUGINS = {
    "bmet-rules-moh-cambodia": ("bmet_rules_moh_cambodia", "moh-cambodia"),
    "bmet-rules-hris-export": ("bmet_rules_hris_export", "hris-export"),
}


def plant_leftovers(folder: Path, package: str, entry: str, dist: str) -> None:
    """What an in-tree `pip install` leaves: `*.egg-info` with the entry point, and build/."""
    info = folder / f"{package}.egg-info"
    info.mkdir()
    (info / "PKG-INFO").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: 0.1.0\n")
    (info / "entry_points.txt").write_text(f"[bmet_rules]\n{entry} = {package}\n")
    (info / "top_level.txt").write_text(f"{package}\n")
    shutil.copytree(folder / package, folder / "build" / "lib" / package)


def test_egg_info_left_in_the_plugin_folders_does_not_change_the_suite(tmp_path: Path) -> None:
    copy = tmp_path / "checkout"
    ignore = shutil.ignore_patterns("__pycache__", "build", "*.egg-info", ".pytest_cache")
    shutil.copytree(ROOT / "tests", copy / "tests", ignore=ignore)
    shutil.copytree(ROOT / "plugins", copy / "plugins", ignore=ignore)
    shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
    for dist, (package, entry) in PLUGINS.items():
        plant_leftovers(copy / "plugins" / dist, package, entry, dist)
    env = {k: v for k, v in os.environ.items() if not k.startswith("BMET_RULES_")}
    selected = [
        "tests/test_casetest.py::test_a_passing_suite_prints_pass_lines_and_exits_0",
        "tests/test_lint.py::test_check_exits_0_with_warnings_only",
        "tests/test_api.py",
        "plugins/bmet-rules-moh-cambodia/tests",
        "plugins/bmet-rules-hris-export/tests",
    ]
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-x", *selected],
        cwd=copy, env=env, capture_output=True, text=True, timeout=300, check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert " passed" in result.stdout
