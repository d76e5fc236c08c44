"""bmet-rules-moh-cambodia: an institution plugin for a Cambodian Ministry of Health programme.

Country-specific requirements do not belong in the standard knowledge base (shared/domain.md):
this plugin adds them through bmet-rules' hooks, without touching the core. It

* declares the profile field ``moh_registered`` (``register_fields``), so CSV columns, the
  interview and gap sentences know it;
* adds the ruleset ``moh-cambodia`` (``register_rulesets``): MoH registration is required for
  every supervisory path, and a path of its own, ``moh-provincial-biomed-lead``;
* raises the standard ``fse_min_years`` from 2 to 4 (``register_parameters``).

Installed, it is found through the entry point ``moh-cambodia`` (group ``bmet_rules``);
uninstalled, it can still be used with ``bmet-rules --plugin bmet_rules_moh_cambodia``.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

from bmet_rules.fields import FieldSpec, FieldType
from bmet_rules.hookspecs import hookimpl

__version__ = "0.1.0"

#: Years of in-house experience before a field-service (travelling) role. The standard default
#: is 2; this programme asks for 4 so that provincial hospitals keep their experienced
#: technicians through one more rotation before OEM recruiters hire them away.
FSE_MIN_YEARS = 4

MOH_REGISTERED = FieldSpec(
    name="moh_registered",
    type=FieldType.BOOLEAN,
    description="Registered with the Cambodian Ministry of Health as a biomedical technician.",
    label="registration with the Cambodian Ministry of Health",
    gap_kind="credential",
    question="Are you registered with the Cambodian Ministry of Health as a biomedical technician?",
)


def rulesets_path() -> Path:
    """The plugin's ruleset folder, inside the installed package (or the source tree)."""
    return Path(str(resources.files(__name__))) / "rulesets"


@hookimpl
def register_fields(register: Callable[..., None]) -> None:
    """The field the registration gate reads; declared here so profiles may carry it."""
    register(MOH_REGISTERED)


@hookimpl
def register_rulesets(register: Callable[..., None]) -> None:
    """The programme's gate on supervisory paths and its provincial-lead path."""
    register(rulesets_path())


@hookimpl
def register_parameters(register: Callable[[str, Any], None]) -> None:
    """A stricter field-service threshold than the standard one (``--param`` still wins)."""
    register("fse_min_years", FSE_MIN_YEARS)
