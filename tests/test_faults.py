"""Faults in a batch (issue 9): bad values, hostile input, full disks, failing plugins,
signals. Every input row read ends as one whole result or one error record; a run that stops
part-way says where, exits 3 (or 130 for a signal) and never shows a traceback.

The signal and disk-full tests run the real command in a subprocess, bounded by timeouts.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from bmet_rules.cli import cli

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from make_profiles import write_profiles  # noqa: E402

CLI = str(Path(sys.executable).with_name("bmet-rules"))
GOOD = '{"id": "good-1", "years_experience": 3}\n'


def run(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(cli, [*args], input=input, catch_exceptions=False)


def evaluate(*args: str) -> Result:
    return run("evaluate", "--engine", "python", "--jobs", "1", *args)


def lines(path: Path) -> list[dict[str, Any]]:
    """Every line of a JSON Lines file, each of which must be a whole JSON object."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def profiles(path: Path, count: int, seed: int = 3) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        write_profiles(count, fh, seed=seed)
    return path


def alive(pids: list[int]) -> list[int]:
    """Those of ``pids`` still running (zombies awaiting their parent count as gone)."""
    out = []
    for pid in pids:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        if "State:\tZ" not in status:
            out.append(pid)
    return out


def children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


# --- 1. outputs that are inputs ---------------------------------------------------------------

def test_output_naming_the_input_is_refused_and_the_input_is_left_intact(tmp_path: Path) -> None:
    data = profiles(tmp_path / "x.csv", 5)
    before = data.read_bytes()
    result = evaluate(str(data), "-o", str(data))
    assert result.exit_code == 2
    assert "-o" in result.output and "same file as the input" in result.output
    assert data.read_bytes() == before


def test_output_reached_by_another_name_is_still_the_input(tmp_path: Path) -> None:
    data = profiles(tmp_path / "x.csv", 5)
    link = tmp_path / "link.csv"
    os.link(data, link)
    before = data.read_bytes()
    assert evaluate(str(data), "--errors", str(link)).exit_code == 2
    assert evaluate(str(data), "-o", str(tmp_path / "." / "x.csv")).exit_code == 2
    assert data.read_bytes() == before


def test_errors_file_and_output_file_being_one_file_is_refused(tmp_path: Path) -> None:
    data = profiles(tmp_path / "x.csv", 5)
    out = tmp_path / "s.jsonl"
    result = evaluate(str(data), "-o", str(out), "--errors", str(out))
    assert result.exit_code == 2
    assert "one file" in result.output
    assert not out.exists()  # refused before anything was opened


# --- 2. one bad value is one row error ----------------------------------------------------------

DEEP_JSON = "[" * 990 + "]" * 990
BAD_ROWS = {
    "number with 400 zeros": ("jsonl", '{"id": "bad", "years_experience": 1' + "0" * 400 + "}\n"),
    "5,000-digit integer": ("jsonl", '{"id": "bad", "years_experience": ' + "9" * 5000 + "}\n"),
    "JSON Lines nested 990 deep": ("jsonl", '{"id": "bad", "skills": ' + DEEP_JSON + "}\n"),
    "lone surrogate in the id": ("jsonl", '{"id": "\\ud800"}\n'),
    "lone surrogate in the name": ("jsonl", '{"id": "bad", "name": "x\\udc80"}\n'),
}


@pytest.mark.parametrize("case", sorted(BAD_ROWS))
def test_a_hostile_value_is_a_row_error_and_the_batch_goes_on(tmp_path: Path, case: str) -> None:
    ext, bad = BAD_ROWS[case]
    data = tmp_path / f"in.{ext}"
    data.write_text(GOOD + bad + GOOD.replace("good-1", "good-2"), encoding="utf-8")
    out, errors = tmp_path / "out.jsonl", tmp_path / "errors.jsonl"
    result = evaluate(str(data), "-o", str(out), "--errors", str(errors))
    assert result.exit_code == 1, result.output
    assert [r["profile_id"] for r in lines(out)] == ["good-1", "good-2"]
    assert [e["row"] for e in lines(errors)] == [2]
    assert "Traceback" not in result.output


def test_a_json_array_element_nested_990_deep_is_one_row_error(tmp_path: Path) -> None:
    data = tmp_path / "in.json"
    data.write_text('[{"id": "good-1"},\n{"id": "bad", "skills": ' + DEEP_JSON
                    + '},\n{"id": "good-2"}]\n', encoding="utf-8")
    out, errors = tmp_path / "out.jsonl", tmp_path / "errors.jsonl"
    result = evaluate(str(data), "-o", str(out), "--errors", str(errors))
    assert result.exit_code == 1, result.output
    assert [r["profile_id"] for r in lines(out)] == ["good-1", "good-2"]
    assert [(e["row"], "nested" in e["message"]) for e in lines(errors)] == [(2, True)]


def test_a_yaml_profile_nested_500_deep_is_one_row_error(tmp_path: Path) -> None:
    data = tmp_path / "in.yaml"
    data.write_text("- id: good-1\n- id: bad\n  skills: " + "[" * 500 + "]" * 500
                    + "\n- id: good-2\n", encoding="utf-8")
    out, errors = tmp_path / "out.jsonl", tmp_path / "errors.jsonl"
    result = evaluate(str(data), "-o", str(out), "--errors", str(errors))
    assert result.exit_code == 1, result.output
    assert [r["profile_id"] for r in lines(out)] == ["good-1", "good-2"]
    assert [e["row"] for e in lines(errors)] == [2]


# --- 6. alias bombs, and values echoed in errors ------------------------------------------------

def yaml_bomb(levels: int = 9) -> str:
    """A profile whose ``skills`` is an alias that expands to 9**levels words (450 bytes)."""
    body = ["- id: bad", '  k0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for n in range(1, levels):
        body.append(f"  k{n}: &l{n} [" + ",".join([f"*l{n - 1}"] * 9) + "]")
    body.append(f"  skills: *l{levels - 1}")
    return "\n".join(body) + "\n"


def test_a_yaml_alias_bomb_costs_one_short_error_record(tmp_path: Path) -> None:
    data = tmp_path / "in.yaml"
    data.write_text("- id: good-1\n" + yaml_bomb() + "- id: good-2\n", encoding="utf-8")
    out, errors = tmp_path / "out.jsonl", tmp_path / "errors.jsonl"
    result = evaluate(str(data), "-o", str(out), "--errors", str(errors))
    assert result.exit_code == 1, result.output[-500:]
    assert [r["profile_id"] for r in lines(out)] == ["good-1", "good-2"]
    assert errors.stat().st_size < 2_000
    assert "aliases" in lines(errors)[0]["message"]


def test_values_echoed_in_error_records_are_capped(tmp_path: Path) -> None:
    data = tmp_path / "in.jsonl"
    data.write_text('{"id": "bad", "degree": "' + "x" * 50_000 + '"}\n', encoding="utf-8")
    errors = tmp_path / "errors.jsonl"
    result = evaluate(str(data), "-o", str(tmp_path / "o.jsonl"), "--errors", str(errors))
    assert result.exit_code == 1
    (entry,) = lines(errors)
    assert len(json.dumps(entry)) < 1_500
    assert entry["value"].startswith("xxx") and entry["value"].endswith("…")


# --- 3. full disks -------------------------------------------------------------------------------

def real_cli(*args: str, limit_bytes: int | None = None,
             timeout: float = 120) -> subprocess.CompletedProcess[str]:
    def limit() -> None:
        if limit_bytes is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit_bytes, limit_bytes))

    return subprocess.run([CLI, "evaluate", "--engine", "python", *args], capture_output=True,
                          text=True, timeout=timeout, preexec_fn=limit)


def test_output_on_a_full_device_stops_with_3_and_an_account(tmp_path: Path) -> None:
    data = profiles(tmp_path / "in.csv", 300)
    proc = real_cli(str(data), "-o", "/dev/full", "-f", "jsonl", "--jobs", "1")
    assert proc.returncode == 3, proc.stderr
    assert "No space left on device" in proc.stderr
    assert "stopped by an error" in proc.stderr and "(0 written)" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_stdout_on_a_full_device_stops_with_3(tmp_path: Path) -> None:
    data = profiles(tmp_path / "in.csv", 300)
    with open("/dev/full", "w") as full:
        proc = subprocess.run([CLI, "evaluate", "--engine", "python", str(data), "--jobs", "1"],
                              stdout=full, stderr=subprocess.PIPE, text=True, timeout=120)
    assert proc.returncode == 3, proc.stderr
    assert "stdout: cannot write: No space left on device" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_errors_file_on_a_full_device_stops_with_3(tmp_path: Path) -> None:
    data = tmp_path / "in.jsonl"
    data.write_text(GOOD + '{"id": "bad", "years_experience": -1}\n' * 3000, encoding="utf-8")
    proc = real_cli(str(data), "-o", str(tmp_path / "o.jsonl"), "--errors", "/dev/full")
    assert proc.returncode == 3, proc.stderr
    assert "/dev/full: cannot write" in proc.stderr and "Traceback" not in proc.stderr


def test_a_file_size_limit_leaves_whole_records_and_says_how_many(tmp_path: Path) -> None:
    data = profiles(tmp_path / "in.csv", 2000)
    out = tmp_path / "o.jsonl"
    proc = real_cli(str(data), "-o", str(out), "--jobs", "2", limit_bytes=300_000)
    assert proc.returncode == 3, proc.stderr
    kept = lines(out)  # every line parses: no half record at the end
    assert 0 < len(kept) < 2000
    assert out.read_bytes().endswith(b"\n")
    assert f"({len(kept):,} written)" in proc.stderr
    assert "Traceback" not in proc.stderr


# --- 4. stopped part-way: exit 3, and nothing read is lost ---------------------------------------

def test_a_json_array_cut_short_keeps_every_whole_row_before_the_cut(tmp_path: Path) -> None:
    items = [json.dumps({"id": f"p-{n}", "years_experience": n % 7}) for n in range(1000)]
    data = tmp_path / "cut.json"
    text = "[\n" + ",\n".join(items) + "]"
    data.write_text(text[: text.rindex("{") + 10], encoding="utf-8")  # the last object cut
    out = tmp_path / "o.jsonl"
    result = evaluate(str(data), "-o", str(out))
    assert result.exit_code == 3, result.output[-300:]
    assert len(lines(out)) == 999
    assert "cut.json: line 1001" in result.output and "stopped by an error" in result.output


def test_a_bad_second_file_keeps_the_first_files_rows(tmp_path: Path) -> None:
    first = profiles(tmp_path / "a.csv", 450)
    second = tmp_path / "b.csv"
    second.write_text("id,id\nx,y\n", encoding="utf-8")
    out = tmp_path / "o.jsonl"
    result = run("evaluate", "--engine", "python", "--jobs", "2", str(first), str(second),
                 "-o", str(out))
    assert result.exit_code == 3, result.output[-300:]
    assert len(lines(out)) == 450
    assert "b.csv: line 1" in result.output


PLUGIN_RAISES_IN_ADJUST = '''
from bmet_rules.hookspecs import hookimpl

@hookimpl
def adjust_result(result):
    if result.profile_id == "p-250":
        raise RuntimeError("cannot annotate p-250")
'''


def test_an_adjust_result_plugin_failing_after_records_were_written_exits_3(
    tmp_path: Path,
) -> None:
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    (plugins / "annotate.py").write_text(PLUGIN_RAISES_IN_ADJUST, encoding="utf-8")
    data = tmp_path / "in.jsonl"
    data.write_text("".join(json.dumps({"id": f"p-{n}"}) + "\n" for n in range(300)),
                    encoding="utf-8")
    out = tmp_path / "o.jsonl"
    result = run("--plugins-dir", str(plugins), "evaluate", "--engine", "python", "--jobs", "1",
                 str(data), "-o", str(out))
    assert result.exit_code == 3, result.output[-300:]
    assert len(lines(out)) == 200  # the first chunk; the failing chunk is not written
    assert "'annotate'" in result.output and "cannot annotate p-250" in result.output


# --- 9. format plugins that raise ---------------------------------------------------------------

FORMAT_PLUGIN = '''
from pathlib import Path
from bmet_rules.formats import InputFormat, OutputFormat, Record
from bmet_rules.hookspecs import hookimpl

FAIL = {fail!r}
MARK = Path({mark!r})

class Writer:
    def __init__(self, stream):
        if FAIL == "constructor":
            raise RuntimeError("boom in constructor")
        self.stream, self.count = stream, 0

    def write(self, result):
        self.count += 1
        if (FAIL == "write" and self.count == 3) or FAIL == "first-write":
            raise RuntimeError("boom in write")
        self.stream.write(result.profile_id + "\\n")

    def close(self):
        MARK.write_text("closed")
        if FAIL == "close":
            raise RuntimeError("boom in close")

    if FAIL == "encode":  # the split write that --jobs uses: encode runs in the workers
        @staticmethod
        def encode(result):
            if result.profile_id == "p-250":
                raise RuntimeError("boom in encode")
            return result.profile_id + "\\n"

        def write_encoded(self, text):
            self.stream.write(text)

def read(stream, source):
    for n, line in enumerate(stream, start=1):
        if FAIL == "read" and n == 450:
            raise RuntimeError("boom reading")
        yield Record(source, n, {{"id": line.decode().strip()}})

@hookimpl
def register_output_formats(register):
    register(OutputFormat("flaky", "fails on purpose", Writer, ".flaky"))

@hookimpl
def register_input_formats(register):
    register(InputFormat("ids", "one id a line", read, (".ids",)))
'''


@pytest.mark.parametrize(("fail", "code", "written"), [
    ("constructor", 2, 0), ("write", 3, 2), ("close", 3, 500), ("read", 3, 449),
    ("first-write", 2, 0), ("encode", 3, 200),
])
def test_a_failing_format_plugin_is_named_and_its_close_still_runs(
    tmp_path: Path, fail: str, code: int, written: int,
) -> None:
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    mark = tmp_path / "closed.txt"
    (plugins / "flaky.py").write_text(FORMAT_PLUGIN.format(fail=fail, mark=str(mark)),
                                      encoding="utf-8")
    data = tmp_path / "in.ids"
    data.write_text("".join(f"p-{n}\n" for n in range(500)), encoding="utf-8")
    out = tmp_path / "o.flaky"
    result = run("--plugins-dir", str(plugins), "evaluate", "--engine", "python", "--jobs", "1",
                 str(data), "-o", str(out))
    assert result.exit_code == code, result.output[-400:]
    assert "plugin 'flaky'" in result.output and "boom" in result.output
    assert "Traceback" not in result.output
    if fail != "close":
        assert len(out.read_text().splitlines()) == written
    assert mark.exists() == (fail != "constructor")


# --- 5 and 7. signals ----------------------------------------------------------------------------

def start_big_run(tmp_path: Path, rows: int = 6000) -> tuple[subprocess.Popen[str], Path, Path]:
    data = tmp_path / "big.csv"
    profiles(data, rows, seed=5)
    with data.open("a", encoding="utf-8") as fh:  # bad rows spread through the file
        fh.writelines(f"bad-{n},associate,bmet,-1\n" for n in range(200))
    out, errors = tmp_path / "o.jsonl", tmp_path / "e.jsonl"
    proc = subprocess.Popen([CLI, "evaluate", str(data), "-o", str(out), "--errors",
                             str(errors), "--jobs", "2"], stderr=subprocess.PIPE, text=True)
    return proc, out, errors


def wait_for_output(proc: subprocess.Popen[str], out: Path, size: int = 20_000) -> list[int]:
    deadline = time.monotonic() + 60
    while (not out.exists() or out.stat().st_size < size) and time.monotonic() < deadline:
        assert proc.poll() is None, "the run ended before it could be signalled"
        time.sleep(0.02)
    return children(proc.pid)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_stop_signal_exits_130_with_whole_records_and_no_worker_left(
    tmp_path: Path, signum: int,
) -> None:
    proc, out, errors = start_big_run(tmp_path)
    workers = wait_for_output(proc, out)
    assert workers, "expected worker processes with --jobs 2"
    proc.send_signal(signum)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr
    kept = lines(out)
    assert 0 < len(kept) < 6000
    assert f"{len(kept):,} evaluated" in stderr and "Traceback" not in stderr
    lines(errors)  # whole records too
    time.sleep(0.3)
    assert alive(workers) == []


def test_two_ctrl_c_close_together_end_the_command_at_once(tmp_path: Path) -> None:
    for gap in (0.02, 0.1):
        (tmp_path / str(gap)).mkdir()
        proc, out, _ = start_big_run(tmp_path / str(gap))
        workers = wait_for_output(proc, out)
        proc.send_signal(signal.SIGINT)
        time.sleep(gap)
        proc.send_signal(signal.SIGINT)
        try:
            _, stderr = proc.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            pytest.fail(f"hung after two Ctrl-C {gap} s apart")
        assert proc.returncode == 130, stderr
        assert "Traceback" not in stderr
        time.sleep(0.3)
        assert alive(workers) == []
        lines(out)


def loading_rulesets(pid: int) -> bool:
    """True once the process has imported PyYAML's C parser: it is inside the command,
    reading the rulesets (the start-up phase), past the interpreter's own imports."""
    try:
        return "_yaml" in Path(f"/proc/{pid}/maps").read_text()
    except OSError:
        return False


def _ignore_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


@pytest.mark.parametrize("ignored_at_start", [False, True])
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_stop_signal_during_start_up_exits_130(
    tmp_path: Path, signum: int, ignored_at_start: bool
) -> None:
    # Enough records that a signal the loaded machine delivers late still lands in the run.
    # A job a shell starts in the background inherits SIGINT ignored (CI runs suites so):
    # the Ctrl-C sent to it must still stop it.
    data = profiles(tmp_path / "in.csv", 20000)
    out = tmp_path / "o.jsonl"
    proc = subprocess.Popen([CLI, "evaluate", str(data), "-o", str(out), "--jobs", "1"],
                            stderr=subprocess.PIPE, text=True,
                            preexec_fn=_ignore_sigint if ignored_at_start else None)
    deadline = time.monotonic() + 30
    while not loading_rulesets(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.005)
    proc.send_signal(signum)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr
    assert "Aborted!" not in stderr and "Traceback" not in stderr


# --- 10. memory: the duplicate-id check's compact set ----------------------------------------

def test_the_id_set_remembers_every_id_through_its_growth() -> None:
    from bmet_rules.idset import IdSet

    ids = IdSet(capacity=4)
    names = [f"p-{n}" for n in range(5000)]
    assert all(ids.add(name) for name in names)
    assert not any(ids.add(name) for name in reversed(names))
    assert ids.add("\ud800") and not ids.add("\ud800")  # any text, even a lone surrogate
    assert len(ids) == 5001


def test_a_repeated_id_is_reported_across_chunks_and_jobs(tmp_path: Path) -> None:
    data = tmp_path / "in.jsonl"
    data.write_text("".join(json.dumps({"id": f"p-{n % 900}"}) + "\n" for n in range(1000)),
                    encoding="utf-8")
    errors = tmp_path / "e.jsonl"
    result = run("evaluate", "--engine", "python", "--jobs", "2", str(data), "-o",
                 str(tmp_path / "o.jsonl"), "--errors", str(errors))
    assert result.exit_code == 1
    assert [e["row"] for e in lines(errors)] == list(range(901, 1001))
