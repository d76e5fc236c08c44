"""Synthetic BMET profiles with a realistic spread, for benchmarks and load tests.

    python benchmarks/make_profiles.py 10000 -o gen.csv --seed 7
    python benchmarks/make_profiles.py 500 --format jsonl > gen.jsonl

The mix follows the people the standard rulesets are about (``shared/domain.md``): mostly
associate-degree technicians, with entry-level staff, military-trained BMETs, career
changers, engineers, imaging and laboratory specialists and supervisors. A benchmark on
uniform random values would exercise few rules and flatter the engine; this spread makes
most profiles fire several rules and reach every stage. The same seed always gives the same
file, so two runs measure the same work.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
from collections.abc import Iterator
from typing import Any, TextIO

COLUMNS = (
    "id", "name", "degree", "degree_field", "years_experience", "imaging_years",
    "laboratory_years", "supervisory_years", "recent_supervisory_years",
    "clinical_engineering_years", "military_bmet",
    "certifications", "willing_to_travel", "skills",
)

_FIRST = (
    "Ana", "Ben", "Chen", "Dana", "Eli", "Fatima", "Grace", "Hiro", "Ines", "Jamal", "Kofi",
    "Lena", "Marco", "Nadia", "Omar", "Priya", "Quinn", "Rosa", "Sam", "Tariq", "Uma", "Vik",
    "Wen", "Yusuf", "Zoe",
)
_LAST = (
    "Adams", "Baker", "Castillo", "Dube", "Evans", "Fischer", "Garcia", "Hassan", "Ito",
    "Jensen", "Kim", "Lopez", "Mensah", "Nguyen", "Okafor", "Patel", "Quist", "Rossi",
    "Schmidt", "Tanaka", "Usman", "Varga", "Walsh", "Xu", "Young",
)
_SKILLS = (
    "customer_communication", "teaching", "networking", "regulatory", "budgeting", "sales",
    "project_management", "documentation", "quality", "troubleshooting",
)

#: (archetype, weight): the share of each kind of person in a hospital-sized workforce.
_ARCHETYPES: tuple[tuple[str, int], ...] = (
    ("entry", 10), ("associate", 35), ("military", 8), ("changer", 8), ("engineer", 9),
    ("imaging", 10), ("laboratory", 6), ("supervisor", 10),
)


def _years(rng: random.Random, low: float, high: float) -> float:
    """Whole years mostly, half years sometimes, as people write them."""
    value = rng.uniform(low, high)
    return round(value * 2) / 2 if rng.random() < 0.2 else float(round(value))


def _profile(rng: random.Random, index: int) -> dict[str, Any]:
    kind = rng.choices([a for a, _ in _ARCHETYPES], [w for _, w in _ARCHETYPES])[0]
    p: dict[str, Any] = {
        "id": f"g-{index:07d}",
        "name": f"{rng.choice(_FIRST)} {rng.choice(_LAST)}",
        "degree": "associate", "degree_field": "bmet", "years_experience": 0.0,
        "imaging_years": 0.0, "laboratory_years": 0.0, "supervisory_years": 0.0,
        "clinical_engineering_years": 0.0, "military_bmet": False, "certifications": [],
        "willing_to_travel": rng.random() < 0.55,
        "skills": rng.sample(_SKILLS, rng.choice((0, 1, 1, 2, 2, 3, 4))),
    }
    if kind == "entry":
        p["degree"] = rng.choice(("high_school", "certificate", "associate", "associate"))
        p["degree_field"] = rng.choice(("bmet", "electronics", "other"))
        p["years_experience"] = _years(rng, 0, 1.5)
    elif kind == "associate":
        p["degree_field"] = rng.choice(("bmet", "bmet", "electronics", "engineering_technology"))
        p["years_experience"] = _years(rng, 1, 15)
    elif kind == "military":
        p["military_bmet"] = True
        p["degree"] = rng.choice(("high_school", "associate", "associate"))
        p["degree_field"] = rng.choice(("bmet", "electronics", "other"))
        p["years_experience"] = _years(rng, 2, 20)
    elif kind == "changer":
        p["degree"] = rng.choice(("bachelor", "bachelor", "master"))
        p["degree_field"] = rng.choice(("business", "it", "science", "other"))
        p["years_experience"] = _years(rng, 0, 6)
    elif kind == "engineer":
        p["degree"] = rng.choice(("bachelor", "bachelor", "master", "doctorate"))
        p["degree_field"] = rng.choice(("engineering", "engineering", "engineering_technology"))
        p["years_experience"] = _years(rng, 0, 20)
        p["clinical_engineering_years"] = _years(rng, 0, p["years_experience"])
        if rng.random() < 0.25:
            p["certifications"].append("PE")
    elif kind in ("imaging", "laboratory"):
        p["degree"] = rng.choice(("associate", "associate", "bachelor"))
        p["years_experience"] = _years(rng, 2, 20)
        p[f"{kind}_years"] = _years(rng, 1, p["years_experience"])
    elif kind == "supervisor":
        p["degree"] = rng.choice(("associate", "bachelor", "bachelor", "master"))
        p["degree_field"] = rng.choice(("bmet", "business", "engineering", "it"))
        p["years_experience"] = _years(rng, 6, 30)
        p["supervisory_years"] = _years(rng, 1, min(15.0, p["years_experience"]))
    # Supervision in the last five years: an HR export that has the column (without it the
    # window is unknown). Worked out, not drawn, so the same seed gives the same people.
    p["recent_supervisory_years"] = min(p["supervisory_years"], 5.0)
    years = p["years_experience"]
    for cert, needed, share in (("CBET", 2, 0.5), ("CRES", 3, 0.1), ("CLES", 4, 0.03),
                                ("CHTM", 8, 0.08), ("CABT", 0, 0.05), ("CCE", 6, 0.03)):
        if years >= needed and rng.random() < share and cert not in p["certifications"]:
            p["certifications"].append(cert)
    if kind == "imaging" and rng.random() < 0.5 and "CRES" not in p["certifications"]:
        p["certifications"].append("CRES")
    return p


def generate(count: int, seed: int = 1) -> Iterator[dict[str, Any]]:
    """``count`` profiles as JSON-ready dicts (lists as lists, booleans as booleans)."""
    rng = random.Random(seed)
    for index in range(1, count + 1):
        yield _profile(rng, index)


def _csv_cell(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ";".join(value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def write_profiles(count: int, out: TextIO, seed: int = 1, fmt: str = "csv") -> None:
    """Write ``count`` profiles to ``out`` as CSV (the examples' columns) or JSONL."""
    if fmt == "jsonl":
        for p in generate(count, seed):
            out.write(json.dumps(p) + "\n")
        return
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for p in generate(count, seed):
        writer.writerow([_csv_cell(p[c]) for c in COLUMNS])


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("count", type=int, help="number of profiles")
    parser.add_argument("-o", "--output", default="-", help="file to write (default: stdout)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--format", choices=("csv", "jsonl"), default="csv")
    args = parser.parse_args(argv)
    if args.output == "-":
        write_profiles(args.count, sys.stdout, args.seed, args.format)
    else:
        with open(args.output, "w", encoding="utf-8", newline="") as out:
            write_profiles(args.count, out, args.seed, args.format)
    return 0


if __name__ == "__main__":
    sys.exit(main())
