"""Every plugin hook, exercised through the command line and through the Python API.

Each hook test writes a small plugin module into a temporary folder on ``sys.path`` and then
checks the plugin's effect twice: the Python API registers the module object on a plugin
manager (and unregisters it in ``finally``, checking that the standard behaviour returns), and
the CLI loads it with ``--plugin MODULE`` (or ``--plugins-dir``) through click's ``CliRunner``.

The registry :data:`COVERED` records which hook each test exercises and by which route;
``test_every_hook_is_documented_tested_and_listed`` fails when a hookspec has no docstring, no
API test, no CLI test, or no row in the hooks table of ``docs/plugins.md`` (and of README.md
once the lead has merged that section), as datasette's test suite does for its hooks.
"""

from __future__ import annotations

import importlib
import inspect
import io
import json
import re
import sys
import textwrap
from collections.abc import Callable, Iterator, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any, TypeVar

import click
import pluggy
import pytest
from click.testing import CliRunner
from click.testing import Result as CliResult

from bmet_rules import hookspecs
from bmet_rules.api import RecordError, evaluate, evaluate_many, load_rulesets, plugin_fields
from bmet_rules.cli import cli
from bmet_rules.errors import ProfileError
from bmet_rules.formats import Record
from bmet_rules.plugins import DEFAULT_PLUGINS, PluginError, collect, get_plugin_manager
from bmet_rules.profile import parse_profile
from bmet_rules.results import Result
from bmet_rules.streams import input_formats, output_formats

ROOT = Path(__file__).resolve().parents[1]
F = TypeVar("F", bound=Callable[..., Any])

#: hook name -> routes ("api", "cli") by which some test in this module exercises it.
COVERED: dict[str, set[str]] = {}


def covers(hook: str, *routes: str) -> Callable[[F], F]:
    """Record that the decorated test exercises ``hook`` through ``routes``."""

    def mark(func: F) -> F:
        COVERED.setdefault(hook, set()).update(routes)
        return func

    return mark


def hook_names() -> list[str]:
    """Every hookspec in :mod:`bmet_rules.hookspecs` (pluggy marks them with an attribute)."""
    return sorted(
        name
        for name, func in inspect.getmembers(hookspecs, inspect.isfunction)
        if hasattr(func, "bmet_rules_spec")
    )


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(autouse=True)
def isolated_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No installed plugin and no plugin environment variable leaks into a test."""
    for name in (
        "BMET_RULES_PLUGINS",
        "BMET_RULES_BLOCK_PLUGINS",
        "BMET_RULES_TRACE_PLUGINS",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("BMET_RULES_DISABLE_PLUGIN_AUTOLOAD", "1")


MakePlugin = Callable[[str, str], str]


@pytest.fixture
def make_plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[MakePlugin]:
    """Write plugin modules into a folder on ``sys.path``; forget them afterwards.

    ``make_plugin(name, source)`` writes ``name.py`` and returns the module name, for
    ``--plugin NAME`` or :func:`importlib.import_module`.
    """
    folder = tmp_path / "plugin_modules"
    folder.mkdir()
    monkeypatch.syspath_prepend(str(folder))
    written: list[str] = []

    def make(name: str, source: str) -> str:
        (folder / f"{name}.py").write_text(textwrap.dedent(source), encoding="utf-8")
        importlib.invalidate_caches()
        written.append(name)
        return name

    try:
        yield make
    finally:
        for name in written:
            sys.modules.pop(name, None)
        for name in [m for m in sys.modules if m.startswith("bmet_rules_local_")]:
            sys.modules.pop(name, None)


@pytest.fixture
def plugin_manager() -> Iterator[pluggy.PluginManager]:
    """The built-ins only; whatever a test registers is unregistered in ``finally``."""
    pm = get_plugin_manager(entry_points=False)
    builtins = {name for name, _ in pm.list_name_plugin()}
    try:
        yield pm
    finally:
        for name, _ in pm.list_name_plugin():
            if name not in builtins:
                pm.unregister(name=name)


def run_cli(args: Sequence[str], input: str | None = None) -> CliResult:
    """``bmet-rules ARGS`` in this process; click >= 8.2 keeps stderr apart from stdout."""
    return CliRunner().invoke(cli, list(args), input=input)


def write_csv(folder: Path, rows: Sequence[dict[str, str]], name: str = "profiles.csv") -> Path:
    """A profiles CSV with the union of the rows' keys as header."""
    columns: list[str] = []
    for row in rows:
        columns += [k for k in row if k not in columns]
    lines = [",".join(columns)] + [",".join(row.get(c, "") for c in columns) for row in rows]
    path = folder / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def json_results(result: CliResult) -> list[dict[str, Any]]:
    """The results of ``evaluate -f json`` (a JSON array on stdout)."""
    assert result.exit_code == 0, result.output
    data: list[dict[str, Any]] = json.loads(result.stdout)
    return data


def path_status(data: dict[str, Any], path_id: str) -> str:
    """The status of one path in a JSON result."""
    status: str = next(p["status"] for p in data["paths"] if p["id"] == path_id)
    return status


def assert_reported(result: CliResult, *words: str) -> None:
    """Exit code 2, a message with every word on stderr, and no Python traceback."""
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    for word in words:
        assert word in result.stderr, result.stderr
    assert "Traceback" not in result.output


# A profile that the standard rulesets make eligible for the field-service-engineer path (which
# needs fse_min_years = 2 years) and nothing in the test plugins' own paths.
FSE_PROFILE = {
    "id": "fse-1",
    "degree": "associate",
    "degree_field": "electronics",
    "years_experience": "3",
    "willing_to_travel": "yes",
    "skills": "customer_communication",
}


# --------------------------------------------------------------------------- register_rulesets

RULESETS_PLUGIN = '''
    """Adds one path from parsed data and one from a YAML file beside the module."""
    from pathlib import Path

    from bmet_rules.hookspecs import hookimpl

    YAML = """
    ruleset: hook-test-yaml
    version: "1"
    title: A ruleset from a file
    sources:
      hook-test-src-yaml: {title: "test source (file)"}
    paths:
      hook-test-from-file:
        title: From a file
        source: hook-test-src-yaml
    rules:
      - id: hook-test-file-route
        title: Five years
        description: Five years of experience.
        source: hook-test-src-yaml
        when:
          - years_experience: {at_least: 5}
        then: {path: hook-test-from-file, route: "5 years"}
    """

    DATA = {
        "ruleset": "hook-test-data",
        "version": "1",
        "title": "A ruleset as data",
        "sources": {"hook-test-src": {"title": "test source (data)"}},
        "paths": {"hook-test-from-data": {"title": "From data", "source": "hook-test-src"}},
        "rules": [{
            "id": "hook-test-data-route",
            "title": "One year",
            "description": "One year of experience.",
            "source": "hook-test-src",
            "when": {"years_experience": {"at_least": 1}},
            "then": {"path": "hook-test-from-data", "route": "1 year"},
        }],
    }


    @hookimpl
    def register_rulesets(register):
        folder = Path(__file__).parent / "hook_test_rulesets"
        folder.mkdir(exist_ok=True)
        (folder / "extra.yaml").write_text(YAML)
        register(DATA)
        register(folder / "extra.yaml")
'''


@covers("register_rulesets", "api")
def test_register_rulesets_adds_paths_through_the_api(
    make_plugin: MakePlugin, plugin_manager: pluggy.PluginManager
) -> None:
    module = importlib.import_module(make_plugin("hook_rulesets", RULESETS_PLUGIN))
    plugin_manager.register(module, name="hook_rulesets")
    try:
        kb = load_rulesets(plugin_manager=plugin_manager)
        assert {"hook-test-data", "hook-test-yaml"} <= {r.name for r in kb.rulesets}
        result = evaluate({"id": "p", "years_experience": 2}, kb)
        assert result.path("hook-test-from-data").status == "eligible"
        assert result.path("hook-test-from-data").route == "1 year"
        assert result.path("hook-test-from-file").status != "eligible"
        assert evaluate({"id": "p", "years_experience": 6}, kb).path(
            "hook-test-from-file"
        ).status == "eligible"
        # the standard rulesets are still there
        assert result.path("supervisor").id == "supervisor"
    finally:
        plugin_manager.unregister(name="hook_rulesets")
    kb = load_rulesets(plugin_manager=plugin_manager)
    assert "hook-test-from-data" not in kb.paths


@covers("register_rulesets", "cli")
def test_register_rulesets_adds_paths_through_the_cli(
    make_plugin: MakePlugin, tmp_path: Path
) -> None:
    name = make_plugin("hook_rulesets_cli", RULESETS_PLUGIN)
    csv_path = write_csv(tmp_path, [{"id": "p-1", "years_experience": "6"}])
    with_plugin = json_results(run_cli(["--plugin", name, "evaluate", str(csv_path), "-f", "json"]))
    assert path_status(with_plugin[0], "hook-test-from-data") == "eligible"
    assert path_status(with_plugin[0], "hook-test-from-file") == "eligible"
    without = json_results(run_cli(["evaluate", str(csv_path), "-f", "json"]))
    assert "hook-test-from-data" not in {p["id"] for p in without[0]["paths"]}


# --------------------------------------------------------------------------- register_parameters

PARAMETERS_PLUGIN = """
    from bmet_rules.hookspecs import hookimpl


    @hookimpl
    def register_parameters(register):
        register("fse_min_years", 7)
"""


@covers("register_parameters", "api")
def test_register_parameters_overrides_a_standard_threshold_through_the_api(
    make_plugin: MakePlugin, plugin_manager: pluggy.PluginManager
) -> None:
    module = importlib.import_module(make_plugin("hook_parameters", PARAMETERS_PLUGIN))
    assert evaluate(FSE_PROFILE, load_rulesets(plugin_manager=plugin_manager)).path(
        "field-service-engineer"
    ).status == "eligible"
    plugin_manager.register(module, name="hook_parameters")
    try:
        kb = load_rulesets(plugin_manager=plugin_manager)
        assert kb.parameter("fse_min_years") == 7
        assert evaluate(FSE_PROFILE, kb).path("field-service-engineer").status != "eligible"
        # an explicit override (the API form of --param) wins over the plugin's
        kb = load_rulesets(plugin_manager=plugin_manager, params={"fse_min_years": 2})
        assert evaluate(FSE_PROFILE, kb).path("field-service-engineer").status == "eligible"
    finally:
        plugin_manager.unregister(name="hook_parameters")
    assert load_rulesets(plugin_manager=plugin_manager).parameter("fse_min_years") == 2


@covers("register_parameters", "cli")
def test_register_parameters_overrides_a_standard_threshold_through_the_cli(
    make_plugin: MakePlugin, tmp_path: Path
) -> None:
    name = make_plugin("hook_parameters_cli", PARAMETERS_PLUGIN)
    csv_path = write_csv(tmp_path, [FSE_PROFILE])
    standard = json_results(run_cli(["evaluate", str(csv_path), "-f", "json"]))
    assert path_status(standard[0], "field-service-engineer") == "eligible"
    changed = json_results(run_cli(["--plugin", name, "evaluate", str(csv_path), "-f", "json"]))
    assert path_status(changed[0], "field-service-engineer") != "eligible"


def test_a_plugin_overriding_an_unknown_parameter_is_a_ruleset_error(
    make_plugin: MakePlugin, tmp_path: Path
) -> None:
    name = make_plugin(
        "hook_bad_parameter",
        """
        from bmet_rules.hookspecs import hookimpl

        @hookimpl
        def register_parameters(register):
            register("fse_min_yeras", 3)
        """,
    )
    csv_path = write_csv(tmp_path, [FSE_PROFILE])
    result = run_cli(["--plugin", name, "evaluate", str(csv_path)])
    assert result.exit_code == 2, result.output
    assert "fse_min_yeras" in result.stderr
    assert "Traceback" not in result.output


# --------------------------------------------------------------------------- register_fields

FIELDS_PLUGIN = """
    from bmet_rules.fields import FieldSpec, FieldType
    from bmet_rules.hookspecs import hookimpl

    UNION = FieldSpec(
        name="union_member",
        type=FieldType.BOOLEAN,
        description="Member of the technicians' union.",
        label="union membership",
        gap_kind="other",
        question="Are you a member of the technicians' union?",
    )


    @hookimpl
    def register_fields(register):
        register(UNION)
"""


@covers("register_fields", "api")
def test_register_fields_declares_a_typed_profile_field_through_the_api(
    make_plugin: MakePlugin, plugin_manager: pluggy.PluginManager
) -> None:
    module = importlib.import_module(make_plugin("hook_fields", FIELDS_PLUGIN))
    plugin_manager.register(module, name="hook_fields")
    try:
        fields = plugin_fields(plugin_manager)
        spec = fields["union_member"]
        assert spec.origin == "hook_fields"
        assert spec.question == "Are you a member of the technicians' union?"
        assert parse_profile({"id": "p", "union_member": "YES"}, fields).values["union_member"]
        with pytest.raises(ProfileError) as info:
            parse_profile({"id": "p", "union_member": "perhaps"}, fields)
        assert "union_member" in str(info.value)
        # the knowledge base knows it too: evaluate types the value the same way
        kb = load_rulesets(plugin_manager=plugin_manager)
        assert kb.fields["union_member"].label == "union membership"
        with pytest.raises(ProfileError):
            evaluate({"id": "p", "union_member": "perhaps"}, kb)
    finally:
        plugin_manager.unregister(name="hook_fields")
    assert "union_member" not in plugin_fields(plugin_manager)


@covers("register_fields", "cli")
def test_register_fields_declares_a_typed_profile_field_through_the_cli(
    make_plugin: MakePlugin, tmp_path: Path
) -> None:
    name = make_plugin("hook_fields_cli", FIELDS_PLUGIN)
    csv_path = write_csv(
        tmp_path,
        [{"id": "p-1", "union_member": "yes"}, {"id": "p-2", "union_member": "perhaps"}],
    )
    # without the plugin the column is unknown: a warning, and both rows are evaluated
    without = json_results(run_cli(["evaluate", str(csv_path), "-f", "json"]))
    assert [r["profile_id"] for r in without] == ["p-1", "p-2"]
    assert any("union_member" in w for w in without[0]["warnings"])
    # with it, the column is typed: row 2 is a row error naming the field (exit code 1)
    result = run_cli(["--plugin", name, "evaluate", str(csv_path), "-f", "json"])
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    assert [r["profile_id"] for r in data] == ["p-1"]
    assert not any("union_member" in w for w in data[0]["warnings"])
    assert "union_member" in result.stderr
    assert "perhaps" in result.stderr


# ------------------------------------------------------------------------- register_output_formats

OUTPUT_PLUGIN = """
    from bmet_rules.formats import OutputFormat
    from bmet_rules.hookspecs import hookimpl


    class PipeWriter:
        def __init__(self, stream):
            self.stream = stream
            self.count = 0

        def write(self, result):
            self.count += 1
            self.stream.write(f"{result.profile_id}|{result.level}\\n")

        def close(self):
            self.stream.write(f"END|{self.count}\\n")


    @hookimpl
    def register_output_formats(register):
        register(OutputFormat(
            name="hook-pipes", description="id|level lines", open=PipeWriter, extension=".txt"
        ))
"""


@covers("register_output_formats", "api")
def test_register_output_formats_adds_a_writer_through_the_api(
    make_plugin: MakePlugin, plugin_manager: pluggy.PluginManager
) -> None:
    module = importlib.import_module(make_plugin("hook_output", OUTPUT_PLUGIN))
    assert "hook-pipes" not in output_formats(plugin_manager)
    plugin_manager.register(module, name="hook_output")
    try:
        formats = output_formats(plugin_manager)
        assert {"json", "hook-pipes"} <= set(formats)
        assert formats["hook-pipes"].origin == "hook_output"
        kb = load_rulesets(plugin_manager=plugin_manager)
        stream = io.StringIO()
        writer = formats["hook-pipes"].open(stream)
        for item in evaluate_many([{"id": "a", "years_experience": 1}, {"id": "b"}], kb):
            assert isinstance(item, Result)
            writer.write(item)
        writer.close()
        lines = stream.getvalue().splitlines()
        assert lines[0].startswith("a|BMET")
        assert lines[1].startswith("b|")
        assert lines[2] == "END|2"
    finally:
        plugin_manager.unregister(name="hook_output")
    assert "hook-pipes" not in output_formats(plugin_manager)


@covers("register_output_formats", "cli")
def test_register_output_formats_adds_a_format_to_the_cli(
    make_plugin: MakePlugin, tmp_path: Path
) -> None:
    name = make_plugin("hook_output_cli", OUTPUT_PLUGIN)
    csv_path = write_csv(tmp_path, [{"id": "a", "years_experience": "1"}, {"id": "b"}])
    result = run_cli(["--plugin", name, "evaluate", str(csv_path), "-f", "hook-pipes"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert [line.split("|")[0] for line in lines] == ["a", "b", "END"]
    assert lines[-1] == "END|2"
    listed = run_cli(["--plugin", name, "formats"])
    assert listed.exit_code == 0, listed.output
    assert "hook-pipes" in listed.stdout
    unknown = run_cli(["evaluate", str(csv_path), "-f", "hook-pipes"])
    assert unknown.exit_code == 2


# --------------------------------------------------------------------------- register_input_formats

INPUT_PLUGIN = """
    from bmet_rules.formats import InputFormat, Record
    from bmet_rules.hookspecs import hookimpl


    def read_pipes(stream, source):
        for number, raw in enumerate(stream, start=1):
            line = raw.decode("utf-8").strip()
            if not line:
                continue
            cells = line.split("|")
            if len(cells) != 2:
                yield Record(source, number, None, "expected id|years")
                continue
            yield Record(source, number, {"id": cells[0], "years_experience": cells[1]})


    @hookimpl
    def register_input_formats(register):
        register(InputFormat(
            name="hook-pipes-in", description="id|years lines", read=read_pipes,
            extensions=(".pipes",),
        ))
"""

PIPES = b"a|1\nb|5\nbroken\n"


@covers("register_input_formats", "api")
def test_register_input_formats_adds_a_reader_through_the_api(
    make_plugin: MakePlugin, plugin_manager: pluggy.PluginManager
) -> None:
    module = importlib.import_module(make_plugin("hook_input", INPUT_PLUGIN))
    plugin_manager.register(module, name="hook_input")
    try:
        formats = input_formats(plugin_manager)
        assert {"csv", "hook-pipes-in"} <= set(formats)
        assert formats["hook-pipes-in"].origin == "hook_input"
        assert formats["hook-pipes-in"].extensions == (".pipes",)
        records = list(formats["hook-pipes-in"].read(io.BytesIO(PIPES), "staff.pipes"))
        assert all(isinstance(r, Record) for r in records)
        out = list(evaluate_many(records, load_rulesets(plugin_manager=plugin_manager)))
        assert [r.profile_id for r in out if isinstance(r, Result)] == ["a", "b"]
        error = out[2]
        assert isinstance(error, RecordError)
        assert (error.source, error.row) == ("staff.pipes", 3)
    finally:
        plugin_manager.unregister(name="hook_input")
    assert "hook-pipes-in" not in input_formats(plugin_manager)


@covers("register_input_formats", "cli")
def test_register_input_formats_reads_a_new_file_type_in_the_cli(
    make_plugin: MakePlugin, tmp_path: Path
) -> None:
    name = make_plugin("hook_input_cli", INPUT_PLUGIN)
    source = tmp_path / "staff.pipes"
    source.write_bytes(PIPES)
    result = run_cli(["--plugin", name, "evaluate", str(source), "-f", "json"])
    assert result.exit_code == 1, result.output  # row 3 is an error, the rest are evaluated
    assert [r["profile_id"] for r in json.loads(result.stdout)] == ["a", "b"]
    assert "expected id|years" in result.stderr
    listed = run_cli(["--plugin", name, "formats"])
    assert "hook-pipes-in" in listed.stdout
    unknown = run_cli(["evaluate", str(source), "-f", "json"])
    assert unknown.exit_code == 2, unknown.output


# --------------------------------------------------------------------------- register_commands

COMMANDS_PLUGIN = """
    import click

    from bmet_rules.hookspecs import hookimpl


    @hookimpl
    def register_commands(cli):
        @cli.command(name="hook-count-paths")
        @click.option("--prefix", default="paths:")
        def count_paths(prefix):
            "Print how many career paths the standard rulesets define."
            from bmet_rules import load_rulesets

            click.echo(f"{prefix} {len(load_rulesets().paths)}")
"""


@covers("register_commands", "api")
def test_register_commands_adds_a_click_command_through_the_api(
    make_plugin: MakePlugin, plugin_manager: pluggy.PluginManager
) -> None:
    module = importlib.import_module(make_plugin("hook_commands", COMMANDS_PLUGIN))
    plugin_manager.register(module, name="hook_commands")
    try:
        group = click.Group()
        plugin_manager.hook.register_commands(cli=group)
        assert "hook-count-paths" in group.commands
        result = CliRunner().invoke(group, ["hook-count-paths", "--prefix", "n ="])
        assert result.exit_code == 0, result.output
        assert result.output.startswith("n = ")
        assert int(result.output.split()[-1]) >= 12
    finally:
        plugin_manager.unregister(name="hook_commands")
    group = click.Group()
    plugin_manager.hook.register_commands(cli=group)
    assert "hook-count-paths" not in group.commands


@covers("register_commands", "cli")
def test_register_commands_adds_a_subcommand_to_the_cli(make_plugin: MakePlugin) -> None:
    name = make_plugin("hook_commands_cli", COMMANDS_PLUGIN)
    result = run_cli(["--plugin", name, "hook-count-paths"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("paths: ")
    helped = run_cli(["--plugin", name, "hook-count-paths", "--help"])
    assert "--prefix" in helped.stdout
    assert run_cli(["hook-count-paths"]).exit_code == 2  # no such command without the plugin


def test_group_help_lists_commands_of_a_plugin_named_with_plugin(make_plugin: MakePlugin) -> None:
    name = make_plugin("hook_commands_help", COMMANDS_PLUGIN)
    helped = run_cli(["--plugin", name, "--help"])
    assert helped.exit_code == 0, helped.output
    assert "hook-count-paths" in helped.stdout


# --------------------------------------------------------------------------- adjust_result

ADJUST_PLUGIN = """
    import dataclasses

    from bmet_rules.hookspecs import hookimpl


    @hookimpl
    def adjust_result(result, profile, kb):
        seen = [*result.extra.get("seen", []), "first"]
        years = profile.values["years_experience"]
        return dataclasses.replace(result, extra={**result.extra, "seen": seen, "years": years})
"""

ADJUST_SECOND_PLUGIN = """
    import dataclasses

    from bmet_rules.hookspecs import hookimpl


    @hookimpl
    def adjust_result(result, profile, kb):
        return dataclasses.replace(
            result, extra={**result.extra, "seen": [*result.extra.get("seen", []), "second"]}
        )


    class Nothing:
        @hookimpl
        def adjust_result(self, result):
            # None keeps the result as it is; an implementation may take fewer arguments
            assert result.profile_id
            return None
"""


@covers("adjust_result", "api")
def test_adjust_result_annotates_results_in_registration_order_through_the_api(
    make_plugin: MakePlugin, plugin_manager: pluggy.PluginManager
) -> None:
    first = importlib.import_module(make_plugin("hook_adjust", ADJUST_PLUGIN))
    second = importlib.import_module(make_plugin("hook_adjust_second", ADJUST_SECOND_PLUGIN))
    plugin_manager.register(first, name="hook_adjust")
    plugin_manager.register(second, name="hook_adjust_second")
    plugin_manager.register(second.Nothing(), name="hook_adjust_nothing")
    try:
        kb = load_rulesets(plugin_manager=plugin_manager)
        result = evaluate({"id": "p", "years_experience": 3}, kb)
        assert result.extra == {"seen": ["first", "second"], "years": 3}
        assert result.to_dict()["extra"]["seen"] == ["first", "second"]
        batch = list(evaluate_many([{"id": "a", "years_experience": 1}], kb))
        assert isinstance(batch[0], Result)
        assert batch[0].extra["years"] == 1
    finally:
        for name in ("hook_adjust", "hook_adjust_second", "hook_adjust_nothing"):
            plugin_manager.unregister(name=name)
    kb = load_rulesets(plugin_manager=plugin_manager)
    assert evaluate({"id": "p", "years_experience": 3}, kb).extra == {}


@covers("adjust_result", "cli")
def test_adjust_result_annotations_reach_the_cli_json(
    make_plugin: MakePlugin, tmp_path: Path
) -> None:
    first = make_plugin("hook_adjust_cli", ADJUST_PLUGIN)
    second = make_plugin("hook_adjust_cli_second", ADJUST_SECOND_PLUGIN)
    csv_path = write_csv(tmp_path, [{"id": "p-1", "years_experience": "4"}])
    args = ["--plugin", first, "--plugin", second, "evaluate", str(csv_path), "-f", "json"]
    data = json_results(run_cli(args))
    assert data[0]["extra"] == {"seen": ["first", "second"], "years": 4}
    plain = json_results(run_cli(["evaluate", str(csv_path), "-f", "json"]))
    assert "extra" not in plain[0]


def test_later_plugins_override_earlier_ones_and_the_built_ins(
    make_plugin: MakePlugin, plugin_manager: pluggy.PluginManager
) -> None:
    """Registration order decides: built-ins, then plugins in the order they were named."""
    first = importlib.import_module(make_plugin("hook_order_first", PARAMETERS_PLUGIN))
    second = importlib.import_module(make_plugin(
        "hook_order_second",
        """
        from bmet_rules.formats import OutputFormat
        from bmet_rules.hookspecs import hookimpl


        class Ids:
            def __init__(self, stream):
                self.stream = stream

            def write(self, result):
                self.stream.write(result.profile_id + "\\n")

            def close(self):
                pass


        @hookimpl
        def register_parameters(register):
            register("fse_min_years", 9)


        @hookimpl
        def register_output_formats(register):
            register(OutputFormat(name="csv", description="ids only", open=Ids))
        """,
    ))
    plugin_manager.register(first, name="hook_order_first")
    plugin_manager.register(second, name="hook_order_second")
    try:
        kb = load_rulesets(plugin_manager=plugin_manager)
        assert kb.parameter("fse_min_years") == 9
        replaced = output_formats(plugin_manager)["csv"]
        assert replaced.origin == "hook_order_second"
        stream = io.StringIO()
        replaced.open(stream).write(evaluate({"id": "x"}, kb))
        assert stream.getvalue() == "x\n"
    finally:
        plugin_manager.unregister(name="hook_order_first")
        plugin_manager.unregister(name="hook_order_second")
    assert output_formats(plugin_manager)["csv"].origin == "formats"


# ------------------------------------------------------------------------ failures name the plugin

MISSPELT_PLUGIN = """
    from bmet_rules.hookspecs import hookimpl


    @hookimpl
    def register_ruleset(register):
        raise AssertionError("a misspelt hook must never be called")
"""


def test_a_misspelt_hook_is_an_error_at_start_naming_the_plugin(
    make_plugin: MakePlugin, tmp_path: Path
) -> None:
    name = make_plugin("hook_misspelt", MISSPELT_PLUGIN)
    with pytest.raises(PluginError) as info:
        get_plugin_manager([name], entry_points=False)
    message = str(info.value)
    assert "'hook_misspelt'" in message
    assert "'register_ruleset'" in message
    assert "register_rulesets" in message  # the hook the author meant
    csv_path = write_csv(tmp_path, [{"id": "p-1"}])
    assert_reported(
        run_cli(["--plugin", name, "evaluate", str(csv_path)]), "hook_misspelt", "register_ruleset"
    )
    folder = tmp_path / "loose"
    folder.mkdir()
    (folder / "typo_plugin.py").write_text(textwrap.dedent(MISSPELT_PLUGIN), encoding="utf-8")
    assert_reported(
        run_cli(["--plugins-dir", str(folder), "plugins"]), "typo_plugin", "register_ruleset"
    )


#: For each hook a plugin body that raises, and the CLI arguments (after ``--plugin NAME``)
#: that make bmet-rules call it.
RAISING = {
    "register_rulesets": ("def register_rulesets(register):", ["evaluate", "{csv}"]),
    "register_parameters": ("def register_parameters(register):", ["evaluate", "{csv}"]),
    "register_fields": ("def register_fields(register):", ["evaluate", "{csv}"]),
    "register_output_formats": (
        "def register_output_formats(register):", ["evaluate", "{csv}", "-f", "json"]
    ),
    "register_input_formats": ("def register_input_formats(register):", ["evaluate", "{csv}"]),
    "adjust_result": ("def adjust_result(result, profile, kb):", ["evaluate", "{csv}"]),
}


@pytest.mark.parametrize("hook", sorted(RAISING))
def test_a_plugin_raising_inside_a_hook_is_reported_by_name(
    hook: str, make_plugin: MakePlugin, tmp_path: Path
) -> None:
    signature, args = RAISING[hook]
    name = make_plugin(
        f"hook_raises_{hook}",
        f"""
        from bmet_rules.hookspecs import hookimpl

        @hookimpl
        {signature}
            raise KeyError("deliberate failure in {hook}")
        """,
    )
    csv_path = write_csv(tmp_path, [{"id": "p-1", "years_experience": "2"}])
    with pytest.raises(PluginError) as info:
        pm = get_plugin_manager([name], entry_points=False)
        kb = load_rulesets(plugin_manager=pm)
        for _ in collect(pm, "register_output_formats"):
            pass
        for _ in collect(pm, "register_input_formats"):
            pass
        evaluate({"id": "p", "years_experience": 2}, kb)
    assert f"plugin {name!r} failed in hook {hook}" in str(info.value)
    assert "deliberate failure" in str(info.value)
    command = [a.format(csv=csv_path) for a in args]
    assert_reported(run_cli(["--plugin", name, *command]), name, hook, "deliberate failure")


def test_a_plugin_raising_in_register_commands_is_named_and_the_rest_still_works(
    make_plugin: MakePlugin,
) -> None:
    name = make_plugin(
        "hook_raises_commands",
        """
        from bmet_rules.hookspecs import hookimpl

        @hookimpl
        def register_commands(cli):
            raise KeyError("deliberate failure in register_commands")
        """,
    )
    # built-in commands do not need the plugin commands, so they keep working
    assert run_cli(["--plugin", name, "rules"]).exit_code == 0
    # looking up any other command builds them: the failure is reported, by plugin name
    result = run_cli(["--plugin", name, "hook-anything"])
    assert "deliberate failure" in result.stderr
    assert name in result.stderr


def test_a_plugin_that_fails_to_import_is_reported_by_name(
    make_plugin: MakePlugin, tmp_path: Path
) -> None:
    name = make_plugin("hook_import_fails", "raise RuntimeError('cannot import me')\n")
    with pytest.raises(PluginError, match="hook_import_fails"):
        get_plugin_manager([name], entry_points=False)
    assert_reported(run_cli(["--plugin", name, "plugins"]), name, "cannot import me")
    folder = tmp_path / "loose"
    folder.mkdir()
    (folder / "broken_file.py").write_text("1/0\n", encoding="utf-8")
    assert_reported(run_cli(["--plugins-dir", str(folder), "plugins"]), "broken_file.py")


# --------------------------------------------------------------------------- discovery and env

ENTRY_PLUGIN = """
    import dataclasses

    from bmet_rules.hookspecs import hookimpl

    NAME = {name!r}


    @hookimpl
    def adjust_result(result, profile, kb):
        return dataclasses.replace(result, extra={{**result.extra, NAME: True}})
"""


@pytest.fixture
def fake_entry_points(
    make_plugin: MakePlugin, monkeypatch: pytest.MonkeyPatch
) -> Callable[[], set[str]]:
    """Two "installed" plugins, ``ep-alpha`` and ``ep-beta``, as entry points of the group.

    Each adds its name to ``result.extra``; the returned function lists which ones ran.
    Autoload is switched back on for these tests.
    """
    points = []
    for ep_name in ("ep-alpha", "ep-beta"):
        module = make_plugin(f"hook_{ep_name.replace('-', '_')}", ENTRY_PLUGIN.format(name=ep_name))
        points.append(metadata.EntryPoint(name=ep_name, value=module, group="bmet_rules"))
    real = metadata.entry_points

    def entry_points(**params: Any) -> Any:
        if params.get("group") == "bmet_rules":
            return points
        return real(**params)

    monkeypatch.setattr("bmet_rules.plugins.metadata.entry_points", entry_points)
    monkeypatch.delenv("BMET_RULES_DISABLE_PLUGIN_AUTOLOAD")

    def ran() -> set[str]:
        kb = load_rulesets(plugin_manager=get_plugin_manager())
        extra = evaluate({"id": "p"}, kb).extra
        return {k for k in extra if k.startswith("ep-")}

    return ran


def test_installed_plugins_load_unless_autoload_is_disabled(
    fake_entry_points: Callable[[], set[str]], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert fake_entry_points() == {"ep-alpha", "ep-beta"}
    csv_path = write_csv(tmp_path, [{"id": "p-1"}])
    data = json_results(run_cli(["evaluate", str(csv_path), "-f", "json"]))
    assert set(data[0]["extra"]) == {"ep-alpha", "ep-beta"}
    monkeypatch.setenv("BMET_RULES_DISABLE_PLUGIN_AUTOLOAD", "1")
    assert fake_entry_points() == set()


def test_bmet_rules_plugins_allow_lists_installed_plugins(
    fake_entry_points: Callable[[], set[str]], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("BMET_RULES_PLUGINS", "ep-beta")
    assert fake_entry_points() == {"ep-beta"}
    csv_path = write_csv(tmp_path, [{"id": "p-1"}])
    data = json_results(run_cli(["evaluate", str(csv_path), "-f", "json"]))
    assert set(data[0]["extra"]) == {"ep-beta"}
    monkeypatch.setenv("BMET_RULES_PLUGINS", "")
    assert fake_entry_points() == set()
    listed = run_cli(["plugins"])
    assert listed.exit_code == 0, listed.output
    assert "ep-alpha" not in listed.stdout
    assert "standard" in listed.stdout


def test_bmet_rules_block_plugins_blocks_installed_plugins_and_loose_files(
    fake_entry_points: Callable[[], set[str]], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("BMET_RULES_BLOCK_PLUGINS", "ep-alpha, loose_one")
    assert fake_entry_points() == {"ep-beta"}
    monkeypatch.setenv("BMET_RULES_PLUGINS", "ep-alpha,ep-beta")  # blocking wins
    assert fake_entry_points() == {"ep-beta"}
    folder = tmp_path / "loose"
    folder.mkdir()
    for stem in ("loose_one", "loose_two"):
        (folder / f"{stem}.py").write_text(
            textwrap.dedent(ENTRY_PLUGIN.format(name=f"ep-{stem}")), encoding="utf-8"
        )
    pm = get_plugin_manager(plugins_dirs=[folder])
    assert pm.get_plugin("loose_two") is not None
    assert pm.get_plugin("loose_one") is None
    csv_path = write_csv(tmp_path, [{"id": "p-1"}])
    data = json_results(run_cli(["--plugins-dir", str(folder), "evaluate", str(csv_path), "-f",
                                 "json"]))
    assert set(data[0]["extra"]) == {"ep-beta", "ep-loose_two"}


def test_plugins_dir_loads_every_loose_file_under_its_own_name(tmp_path: Path) -> None:
    folder = tmp_path / "institution"
    folder.mkdir()
    (folder / "b_params.py").write_text(textwrap.dedent(PARAMETERS_PLUGIN), encoding="utf-8")
    (folder / "a_fields.py").write_text(textwrap.dedent(FIELDS_PLUGIN), encoding="utf-8")
    (folder / "notes.txt").write_text("not a plugin", encoding="utf-8")
    pm = get_plugin_manager(plugins_dirs=[folder], entry_points=False)
    names = [name for name, _ in pm.list_name_plugin()]
    assert names[: len(DEFAULT_PLUGINS)] == [d.rsplit(".", 1)[-1] for d in DEFAULT_PLUGINS]
    assert names[len(DEFAULT_PLUGINS):] == ["a_fields", "b_params"]
    kb = load_rulesets(plugin_manager=pm)
    assert kb.parameter("fse_min_years") == 7
    assert kb.fields["union_member"].origin == "a_fields"
    csv_path = write_csv(tmp_path, [FSE_PROFILE])
    data = json_results(run_cli(["--plugins-dir", str(folder), "evaluate", str(csv_path), "-f",
                                 "json"]))
    assert path_status(data[0], "field-service-engineer") != "eligible"
    listed = run_cli(["--plugins-dir", str(folder), "plugins"])
    assert "a_fields" in listed.stdout
    assert "b_params" in listed.stdout
    missing = run_cli(["--plugins-dir", str(tmp_path / "nowhere"), "plugins"])
    assert missing.exit_code == 2


def test_trace_plugins_prints_each_hook_call_with_the_plugin_name(
    make_plugin: MakePlugin, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    name = make_plugin("hook_traced", PARAMETERS_PLUGIN)
    load_rulesets(plugin_manager=get_plugin_manager([name], entry_points=False))
    assert capsys.readouterr().err == ""
    monkeypatch.setenv("BMET_RULES_TRACE_PLUGINS", "1")
    load_rulesets(plugin_manager=get_plugin_manager([name], entry_points=False))
    err = capsys.readouterr().err
    assert "register_rulesets [standard]" in err
    assert f"register_parameters [{name}]" in err


# --------------------------------------------------------------------------- the documented example


def _docs_example() -> str:
    text = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    blocks: list[str] = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    assert blocks, "docs/plugins.md has no python code block"
    return blocks[0]


def test_the_single_file_plugin_in_docs_plugins_md_works(tmp_path: Path) -> None:
    folder = tmp_path / "plugins"
    folder.mkdir()
    (folder / "st_marys.py").write_text(_docs_example(), encoding="utf-8")
    pm = get_plugin_manager(plugins_dirs=[folder], entry_points=False)
    kb = load_rulesets(plugin_manager=pm)
    mentor = {"id": "p-1", "years_experience": 6, "mentor_training": True}
    assert evaluate(mentor, kb).path("bmet-mentor").status == "eligible"
    gap = evaluate({"id": "p-2", "years_experience": 6}, kb).path("bmet-mentor").gaps
    assert [g.field for g in gap] == ["mentor_training"]
    assert kb.parameter("fse_min_years") == 3
    csv_path = write_csv(
        tmp_path, [{"id": "p-1", "years_experience": "6", "mentor_training": "yes"}]
    )
    result = run_cli(["--plugins-dir", str(folder), "evaluate", str(csv_path), "-f",
                      "eligible-list"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("p-1: ")
    assert "bmet-mentor" in result.stdout


# ------------------------------------------------------------------------ every hook accounted for


def _hook_table_rows(text: str) -> dict[str, int]:
    """How often each hook name starts a row of a markdown table: "| `name(...)` |"."""
    counts: dict[str, int] = {}
    for match in re.finditer(r"^\|\s*`([a-z_]+)", text, flags=re.M):
        counts[match.group(1)] = counts.get(match.group(1), 0) + 1
    return counts


def test_every_hook_is_documented_and_tested() -> None:
    names = hook_names()
    assert len(names) >= 7  # the hookspecs module was read, not an empty list
    undocumented = [n for n in names if not (inspect.getdoc(getattr(hookspecs, n)) or "").strip()]
    assert not undocumented, f"hookspecs without a docstring: {undocumented}"
    untested = {n: sorted({"api", "cli"} - COVERED.get(n, set())) for n in names}
    untested = {n: missing for n, missing in untested.items() if missing}
    assert not untested, f"hooks without a test through (route): {untested}"
    stale = sorted(set(COVERED) - set(names))
    assert not stale, f"tests cover hooks that no longer exist: {stale}"


def test_every_hook_has_one_row_in_the_docs_hook_table() -> None:
    rows = _hook_table_rows((ROOT / "docs" / "plugins.md").read_text(encoding="utf-8"))
    missing = [n for n in hook_names() if rows.get(n) != 1]
    assert not missing, f"hooks without exactly one row in docs/plugins.md's table: {missing}"


def test_every_hook_has_a_row_in_the_readme_hook_table() -> None:
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8") if readme.exists() else ""
    if not re.search(r"^#+\s*Writing a plugin", text, flags=re.M | re.I):
        pytest.skip("README.md has no 'Writing a plugin' section yet (docs/plugins.md holds it)")
    rows = _hook_table_rows(text)
    missing = [n for n in hook_names() if rows.get(n) != 1]
    assert not missing, f"hooks without exactly one row in README.md's hook table: {missing}"
