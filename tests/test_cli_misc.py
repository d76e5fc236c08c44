"""``explain``, ``rules``, ``formats`` and ``plugins``."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result

from bmet_rules.api import evaluate
from bmet_rules.cli import cli
from bmet_rules.knowledge import KnowledgeBase
from bmet_rules.render import render_explanation

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "profiles.csv"

PLUGIN = '''
from bmet_rules import hookimpl
from bmet_rules.formats import OutputFormat


class IdsWriter:
    def __init__(self, stream):
        self.stream = stream

    def write(self, result):
        self.stream.write(result.profile_id + "\\n")

    def close(self):
        self.stream.write("end\\n")


@hookimpl
def register_output_formats(register):
    register(OutputFormat("ids", "profile ids only", IdsWriter, ".ids"))
'''


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_explain_by_id_names_level_paths_gaps_rules_and_sources(
    standard_kb: KnowledgeBase,
) -> None:
    result = invoke("explain", str(EXAMPLES), "--id", "p-007", "--engine", "python", "--detail")
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    assert text.startswith("Profile p-007 — Hannah Schmidt")
    assert "Level: " in text and "Paths open" in text and "Next steps" in text
    assert "Sources" in text
    profile = evaluate(
        {"id": "p-007", "degree": "associate", "degree_field": "bmet", "years_experience": 5,
         "imaging_years": 1, "certifications": "CBET", "willing_to_travel": "yes",
         "skills": "customer_communication;teaching", "name": "Hannah Schmidt"},
        standard_kb, engine="python",
    )
    gap = next(g for p in profile.paths for g in p.gaps if g.rule and g.source)
    title = standard_kb.sources[gap.source].title  # type: ignore[index]
    flat = " ".join(text.split())
    assert f"{gap.message} — {gap.rule} [{gap.source}]" in flat
    assert f"[{gap.source}] {' '.join(title.split())}" in flat  # the citation, once, at the end


def test_explain_json_is_the_result_contract(standard_kb: KnowledgeBase) -> None:
    result = invoke("explain", str(EXAMPLES), "--id", "p-032", "--format", "json",
                    "--engine", "python")
    data = json.loads(result.stdout)
    assert data["profile_id"] == "p-032"
    assert {"level", "certifications", "paths", "next_steps", "ruleset"} <= set(data)


def test_explain_path_limits_the_explanation_to_one_path() -> None:
    result = invoke("explain", str(EXAMPLES), "--id", "p-007", "--path", "htm-director",
                    "--engine", "python")
    assert result.exit_code == 0
    assert "Director of Healthcare Technology Management" in result.stdout
    assert "Field Service Engineer" not in result.stdout
    assert "Certifications" not in result.stdout
    unknown = invoke("explain", str(EXAMPLES), "--id", "p-007", "--path", "astronaut")
    assert unknown.exit_code == 2 and "field-service-engineer" in unknown.stderr


def test_explain_unknown_id_lists_ids_and_exits_2() -> None:
    result = invoke("explain", str(EXAMPLES), "--id", "p-999")
    assert result.exit_code == 2
    assert "no profile with id 'p-999'" in result.stderr and "p-001, p-002" in result.stderr


def test_explain_needs_an_id_when_the_file_has_several(tmp_path: Path) -> None:
    result = invoke("explain", str(EXAMPLES))
    assert result.exit_code == 2 and "choose one with --id" in result.stderr
    one = tmp_path / "one.json"
    one.write_text('{"id": "solo", "degree": "associate", "years_experience": 2}',
                   encoding="utf-8")
    solo = invoke("explain", str(one), "--engine", "python")
    assert solo.exit_code == 0 and solo.stdout.startswith("Profile solo")


def test_explain_invalid_profile_lists_its_problems_and_exits_1() -> None:
    result = invoke("explain", str(EXAMPLES), "--id", "p-068", "--engine", "python")
    assert result.exit_code == 1
    assert "years_experience" in result.stderr and "'five'" in result.stderr


def test_render_explanation_is_reusable(standard_kb: KnowledgeBase) -> None:
    result = evaluate({"id": "x", "degree": "associate", "years_experience": 1}, standard_kb,
                      engine="python")
    text = render_explanation(result, standard_kb)
    assert text.startswith("Profile x") and f"Level: {result.level}" in text


def test_rules_json_lists_rulesets_with_digests_and_rules_with_stages(
    standard_kb: KnowledgeBase,
) -> None:
    result = invoke("rules", "--format", "json")
    data = json.loads(result.stdout)
    assert [r["name"] for r in data] == [r.name for r in standard_kb.rulesets]
    assert all(r["digest"].startswith("sha256:") for r in data)
    rules = {rule["id"]: rule for r in data for rule in r["rules"]}
    assert set(rules) == {r.id for r in standard_kb.rules}
    some = standard_kb.rules[0]
    assert rules[some.id]["stage"] == some.stage
    assert rules[some.id]["source_title"] == standard_kb.sources[some.rule.source].title
    text = invoke("rules").stdout
    assert some.id in text and "-> " in text


def test_formats_lists_inputs_and_outputs_with_their_plugin() -> None:
    data = json.loads(invoke("formats", "--format", "json").stdout)
    assert {f["name"] for f in data["input"]} == {"csv", "json", "jsonl", "yaml", "xlsx"}
    assert {f["name"] for f in data["output"]} >= {"table", "json", "jsonl", "csv", "markdown",
                                                   "xlsx"}
    assert {f["plugin"] for f in data["input"]} == {"readers", "excel"}


def test_plugins_lists_hooks_each_plugin_implements() -> None:
    data = json.loads(invoke("plugins", "--format", "json").stdout)
    hooks = {p["name"]: p["hooks"] for p in data}
    assert hooks["readers"] == ["register_input_formats"]
    assert hooks["formats"] == ["register_output_formats"]
    assert "register_rulesets" in hooks["standard"]


def test_a_plugin_output_format_is_listed_and_used(tmp_path: Path) -> None:
    folder = tmp_path / "plugins"
    folder.mkdir()
    (folder / "idsformat.py").write_text(PLUGIN, encoding="utf-8")
    listed = json.loads(invoke("--plugins-dir", str(folder), "formats", "--format",
                               "json").stdout)
    ids = next(f for f in listed["output"] if f["name"] == "ids")
    assert ids["plugin"] == "idsformat"
    out = tmp_path / "out.ids"
    result = invoke("--plugins-dir", str(folder), "evaluate", str(EXAMPLES), "-o", str(out),
                    "--engine", "python", "--quiet")
    assert result.exit_code == 1
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "p-001" and lines[-1] == "end" and len(lines) == 65


def test_help_lists_built_in_commands_from_summaries_that_match_their_own_help() -> None:
    # --help lists built-in commands without importing them; the summaries it uses must say
    # what each command's own help says (edit both when a command's help changes).
    import importlib

    from bmet_rules.cli import BUILTIN_COMMANDS, BUILTIN_SUMMARIES

    assert set(BUILTIN_SUMMARIES) == set(BUILTIN_COMMANDS)
    for name, module in BUILTIN_COMMANDS.items():
        command = importlib.import_module(f"bmet_rules.commands.{module}").command
        first = " ".join((command.help or "").split("\n\n")[0].split())
        assert BUILTIN_SUMMARIES[name] == first, name
