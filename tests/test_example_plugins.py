"""The two example plugins, installed for real, change ``bmet-rules`` as documented.

A throw-away virtual environment is created from the running interpreter with
``--system-site-packages --without-pip``; a ``.pth`` file hands it the running interpreter's
site-packages too (when the tests run inside a venv, ``--system-site-packages`` alone would only
reach the *base* interpreter's). So bmet-rules, its dependencies, pip and setuptools are all
inherited, nothing is downloaded, and the plugins are installed into the throw-away venv only
(``pip install --no-deps --no-build-isolation``), never into the environment running the tests.
Then that environment's ``bmet-rules`` runs as a subprocess: before installing, with both
plugins installed (found through their ``bmet_rules`` entry points, no ``--plugin``), with the
environment variables, and after ``pip uninstall``, when the standard behaviour must be back.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import site
import subprocess
import sys
import sysconfig
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import pytest

import bmet_rules

ROOT = Path(__file__).resolve().parents[1]
PLUGINS = {
    "moh-cambodia": ("bmet-rules-moh-cambodia", ROOT / "plugins" / "bmet-rules-moh-cambodia"),
    "hris-export": ("bmet-rules-hris-export", ROOT / "plugins" / "bmet-rules-hris-export"),
}
#: Generous per-command limit; the whole module takes a few seconds on a laptop.
TIMEOUT = 120

STAFF = (
    "id,degree,degree_field,years_experience,supervisory_years,certifications,"
    "willing_to_travel,skills,moh_registered\n"
    "sup-1,bachelor,engineering_technology,6,1,,,,\n"
    "sup-2,bachelor,engineering_technology,6,1,,,,yes\n"
    "up-1,associate,bmet,3,0,,yes,customer_communication,yes\n"
)


@dataclass
class Venv:
    """A throw-away environment and how to run its tools."""

    python: Path
    env: dict[str, str]
    cwd: Path

    def run(
        self, args: Sequence[str], env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        """Run this environment's Python with ``args``; output captured as text."""
        return subprocess.run(
            [str(self.python), *args],
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            cwd=self.cwd,
            env={**self.env, **(env or {})},
            check=False,
        )

    def bmet_rules(
        self, *args: str, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        """``bmet-rules ARGS`` as this environment's console script would run it."""
        launcher = "import sys; from bmet_rules.cli import main; sys.exit(main())"
        return self.run(["-c", launcher, *args], env)

    def pip(self, *args: str) -> subprocess.CompletedProcess[str]:
        """``pip ARGS`` in this environment, offline and quiet about its own version."""
        result = self.run(["-m", "pip", *args])
        command = " ".join(args)
        assert result.returncode == 0, f"pip {command} failed:\n{result.stdout}{result.stderr}"
        return result


def _can_build_offline() -> str | None:
    """Why a local project cannot be built without network, or ``None`` when it can.

    ``--no-build-isolation`` uses the setuptools of this environment; before setuptools 70.1
    building a wheel also needs the separate ``wheel`` package.
    """
    try:
        version = metadata.version("setuptools")
    except metadata.PackageNotFoundError:
        return "setuptools is not installed in the environment running the tests"
    major_minor = tuple(int(p) for p in version.split(".")[:2] if p.isdigit())
    if major_minor < (70, 1):
        try:
            metadata.version("wheel")
        except metadata.PackageNotFoundError:
            return (
                f"setuptools {version} needs the 'wheel' package to build the example plugins "
                "offline (pip install wheel, or setuptools>=70.1)"
            )
    return None


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory) -> Venv:
    """A venv inheriting everything the running interpreter can import, plugins not installed."""
    reason = _can_build_offline()
    if reason:
        pytest.skip(reason)
    root = tmp_path_factory.mktemp("plugin-venv")
    target = root / "venv"
    try:
        subprocess.run(
            [sys.executable, "-m", "venv", "--system-site-packages", "--without-pip", str(target)],
            check=True, capture_output=True, text=True, timeout=TIMEOUT,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        detail = getattr(exc, "stderr", "") or exc
        pytest.skip(f"cannot create a virtual environment with {sys.executable}: {detail}")
    bindir = "Scripts" if os.name == "nt" else "bin"
    python = target / bindir / ("python.exe" if os.name == "nt" else "python")
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True, timeout=TIMEOUT,
    ).stdout.strip()
    inherited = [*site.getsitepackages(), sysconfig.get_paths()["purelib"]]
    if site.ENABLE_USER_SITE:
        inherited.append(site.getusersitepackages())
    package_parent = str(Path(bmet_rules.__file__).resolve().parents[1])
    lines = [f"import site; site.addsitedir({d!r})" for d in dict.fromkeys(inherited)]
    (Path(purelib) / "_inherit_running_interpreter.pth").write_text(
        "\n".join([*lines, package_parent]) + "\n", encoding="utf-8"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("BMET_RULES_")}
    env.update(
        PIP_NO_INDEX="1", PIP_DISABLE_PIP_VERSION_CHECK="1", PIP_NO_INPUT="1",
        PYTHONDONTWRITEBYTECODE="1",
    )
    env.pop("VIRTUAL_ENV", None)
    work = root / "work"
    work.mkdir()
    # build from copies: an in-tree build leaves build/ and *.egg-info in plugins/, and an
    # egg-info there looks like an installed plugin to anything with that folder on sys.path
    for _, source in PLUGINS.values():
        shutil.copytree(
            source, work / source.name,
            ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__", ".pytest_cache"),
        )
    (work / "staff.csv").write_text(STAFF, encoding="utf-8")
    made = Venv(python, env, work)
    # setuptools before pip: importing pip first defeats setuptools' distutils shim
    check = made.run(["-c", "import bmet_rules, setuptools, pip; print(bmet_rules.__file__)"])
    assert check.returncode == 0, f"the throw-away venv cannot import bmet-rules:\n{check.stderr}"
    for _, (dist, _) in PLUGINS.items():
        assert made.run(["-m", "pip", "show", dist]).returncode != 0, f"{dist} already installed"
    return made


def statuses(result: subprocess.CompletedProcess[str]) -> dict[str, dict[str, str]]:
    """``profile id -> path id -> status`` from ``evaluate -f json`` output."""
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    return {r["profile_id"]: {p["id"]: p["status"] for p in r["paths"]} for r in data}


def test_installing_the_example_plugins_changes_bmet_rules_and_uninstalling_restores_it(
    venv: Venv,
) -> None:
    evaluate = ("evaluate", "staff.csv", "-f", "json")
    before = statuses(venv.bmet_rules(*evaluate))
    assert before["sup-1"]["supervisor"] == "eligible"
    assert before["up-1"]["field-service-engineer"] == "eligible"
    assert "moh-provincial-biomed-lead" not in before["up-1"]
    assert venv.bmet_rules("evaluate", "staff.csv", "-f", "hris-csv").returncode == 2
    listed = venv.bmet_rules("plugins")
    assert listed.returncode == 0, listed.stderr
    assert "moh-cambodia" not in listed.stdout
    assert "hris-export" not in listed.stdout

    # ---- install both, as a user would (entry points, no --plugin)
    copies = [str(venv.cwd / source.name) for _, source in PLUGINS.values()]
    venv.pip("install", "--no-deps", "--no-build-isolation", *copies)
    try:
        listed = venv.bmet_rules("plugins")
        assert listed.returncode == 0, listed.stderr
        for name in PLUGINS:
            assert name in listed.stdout, listed.stdout
        assert "register_output_formats" in listed.stdout
        assert "0.1.0" in listed.stdout  # entry-point plugins report their version
        formats = venv.bmet_rules("formats")
        assert "hris-csv" in formats.stdout, formats.stdout

        after = statuses(venv.bmet_rules(*evaluate))
        # the registration gate: eligible before, not without moh_registered, yes with it
        assert after["sup-1"]["supervisor"] != "eligible"
        assert after["sup-2"]["supervisor"] == "eligible"
        # the institution's own path, and its stricter field-service threshold (2 -> 4 years)
        assert after["up-1"]["moh-provincial-biomed-lead"] == "eligible"
        assert after["up-1"]["field-service-engineer"] != "eligible"
        # the column is a known field now: no "unknown field" warning
        data = json.loads(venv.bmet_rules(*evaluate).stdout)
        assert not any("moh_registered" in w for r in data for w in r["warnings"])

        hris = venv.bmet_rules("evaluate", "staff.csv", "-f", "hris-csv")
        assert hris.returncode == 0, hris.stderr
        rows = list(csv.reader(io.StringIO(hris.stdout)))
        assert rows[0] == ["EMPLOYEE_ID", "LEVEL", "PATH_ID", "PATH_STATUS", "GAP_COUNT",
                           "NEXT_STEP"]
        assert ["up-1", "BMET1", "moh-provincial-biomed-lead", "ELIG", "0", ""] in rows
        assert {r[2] for r in rows[1:] if r[0] == "sup-1" and r[3] == "INEL"} >= {"supervisor"}

        # the environment variables act on installed plugins
        blocked = statuses(
            venv.bmet_rules(*evaluate, env={"BMET_RULES_BLOCK_PLUGINS": "moh-cambodia"})
        )
        assert blocked == before
        only_hris = {"BMET_RULES_PLUGINS": "hris-export"}
        assert statuses(venv.bmet_rules(*evaluate, env=only_hris)) == before
        assert venv.bmet_rules("evaluate", "staff.csv", "-f", "hris-csv", env=only_hris
                               ).returncode == 0
        none = {"BMET_RULES_DISABLE_PLUGIN_AUTOLOAD": "1"}
        assert venv.bmet_rules("evaluate", "staff.csv", "-f", "hris-csv", env=none
                               ).returncode == 2
    finally:
        venv.pip("uninstall", "-y", *(dist for dist, _ in PLUGINS.values()))

    # ---- uninstalled: the standard behaviour is back
    assert statuses(venv.bmet_rules(*evaluate)) == before
    listed = venv.bmet_rules("plugins")
    assert "moh-cambodia" not in listed.stdout
    assert venv.bmet_rules("evaluate", "staff.csv", "-f", "hris-csv").returncode == 2


def test_checking_a_checkout_while_the_package_and_a_plugin_are_installed_for_real(
    venv: Venv,
) -> None:
    # issue 9, item 11: with a non-editable `pip install .` the standard rulesets are installed
    # copies, so `check rulesets/` and `test rulesets/` used to meet every ruleset twice
    # ("loaded twice", "duplicate rule id"); with the plugin installed, its gate and its
    # fse_min_years override failed standard cases; its source tree met its installed copy.
    package = venv.cwd / "bmet-rules"
    package.mkdir()
    ignore = shutil.ignore_patterns("build", "*.egg-info", "__pycache__", "tests")
    for part in ("bmet_rules", "rulesets"):
        shutil.copytree(ROOT / part, package / part, ignore=ignore)
    shutil.copytree(ROOT / "rulesets" / "tests", package / "rulesets" / "tests")
    for part in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / part, package / part)
    moh_dist, moh_source = PLUGINS["moh-cambodia"]
    venv.pip("install", "--no-deps", "--no-build-isolation", str(package),
             str(venv.cwd / moh_source.name))
    try:
        where = venv.run(["-c", "import bmet_rules; print(bmet_rules.__file__)"])
        assert str(package) not in where.stdout and str(ROOT) not in where.stdout, where.stdout
        checked = venv.bmet_rules("check", str(ROOT / "rulesets"))
        assert checked.returncode == 0, checked.stdout + checked.stderr
        assert "loaded twice" not in checked.stdout
        tested = venv.bmet_rules("test", str(ROOT / "rulesets"), "-q", "--fail-under", "100")
        assert tested.returncode == 0, tested.stdout[-3000:] + tested.stderr
        assert " 0 failed" in tested.stdout
        plugin_rules = moh_source / "bmet_rules_moh_cambodia" / "rulesets"
        checked = venv.bmet_rules("check", str(plugin_rules))
        assert checked.returncode == 0, checked.stdout + checked.stderr
        assert "1 ruleset file" in checked.stdout
        # the plugin is still in force for evaluation
        assert statuses(venv.bmet_rules("evaluate", "staff.csv", "-f", "json")
                        )["sup-1"]["supervisor"] != "eligible"
    finally:
        venv.pip("uninstall", "-y", moh_dist, "bmet-rules")
