"""The ``html`` output format: what the page holds, that it is safe and self-contained, and
that per-person detail stays bounded while the aggregates count everyone."""

from __future__ import annotations

import io
import random
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from bmet_rules import evaluate
from bmet_rules.cli import cli
from bmet_rules.knowledge import KnowledgeBase
from bmet_rules.plugins import get_plugin_manager
from bmet_rules.report.cohort import CohortReport
from bmet_rules.report.html import HtmlWriter, render_cohort
from bmet_rules.results import Result
from bmet_rules.streams import output_formats

HOSTILE_NAME = '<script>alert("x")</script>&<img src=x onerror=alert(1)>'
HOSTILE_ID = '"><svg onload=alert(2)>'


def profile(i: int, **extra: Any) -> dict[str, Any]:
    base = {"id": f"p-{i:03d}", "name": f"Person {i}", "degree": "associate",
            "degree_field": "bmet", "years_experience": i % 9, "certifications": "",
            "willing_to_travel": i % 2 == 0, "skills": "customer_communication"}
    base.update(extra)
    return base


def results(kb: KnowledgeBase, n: int = 20) -> list[Result]:
    return [evaluate(profile(i), kb, engine="python") for i in range(n)]


def render(items: list[Result], **caps: int) -> str:
    stream = io.StringIO()
    writer = HtmlWriter(stream, clock=lambda: "2026-01-02 03:04 UTC", **caps)
    for r in items:
        writer.write(r)
    writer.close()
    return stream.getvalue()


def test_html_is_registered_through_the_output_format_hook() -> None:
    formats = output_formats(get_plugin_manager(entry_points=False))
    assert formats["html"].extension == ".html"
    assert formats["html"].origin == "html_format"


def test_every_value_from_the_hr_file_is_escaped(standard_kb: KnowledgeBase) -> None:
    hostile = evaluate(profile(1, id=HOSTILE_ID, name=HOSTILE_NAME), standard_kb,
                       engine="python")
    page = render([hostile])
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "<svg onload" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;" in page
    assert "&quot;&gt;&lt;svg onload=alert(2)&gt;" in page


def test_the_page_is_self_contained(standard_kb: KnowledgeBase) -> None:
    page = render(results(standard_kb))
    links = re.findall(r"""\b(?:src|href)\s*=\s*["']([^"']*)""", page)
    assert links and all(link.startswith("#") for link in links)
    assert all(u.startswith("#") for u in re.findall(r"url\(([^)]*)\)", page))
    assert "<link" not in page and "@import" not in page and "url(http" not in page
    assert "default-src &#x27;none&#x27;" in page  # the browser refuses anything fetched


def test_overview_counts_every_status_per_path(standard_kb: KnowledgeBase) -> None:
    items = results(standard_kb, 30)
    report = CohortReport()
    for r in items:
        report.add(r)
    fse = next(t for t in report.kinds("path") if t.id == "field-service-engineer")
    expected = {s: sum(1 for r in items if r.path("field-service-engineer").status == s)
                for s in ("eligible", "near", "not_eligible")}
    assert fse.column("eligible") == expected["eligible"]
    assert fse.column("near") == expected["near"]
    assert fse.column("not_eligible") == expected["not_eligible"]
    page = render_cohort(report, "today")
    row = (f"<td>{fse.title}</td><td class=n>{expected['eligible']}</td>"
           f"<td class=n>{expected['near']}</td><td class=n>0</td>"
           f"<td class=n>{expected['not_eligible']}</td>")
    assert row in page


def test_an_unknown_status_such_as_needs_info_is_counted_in_its_column(
    standard_kb: KnowledgeBase,
) -> None:
    r = results(standard_kb, 1)[0]
    paths = tuple(replace(p, status="needs_info") if p.id == "consultant" else p
                  for p in r.paths)
    report = CohortReport()
    report.add(replace(r, paths=paths))
    consultant = next(t for t in report.kinds("path") if t.id == "consultant")
    assert consultant.column("needs_info") == 1
    assert "needs info" in render_cohort(report, "today")


@dataclass(frozen=True)
class _PlannedResult(Result):
    """A result as the advice branch may shape it (goals, first_step)."""

    goals: tuple[dict[str, Any], ...] = ()
    first_step: str | None = None


def test_goal_and_first_step_are_shown_when_results_carry_them(
    standard_kb: KnowledgeBase,
) -> None:
    r = results(standard_kb, 1)[0]
    planned = _PlannedResult(**{**r.__dict__, "goals": ({"title": "Become a Unicorn"},),
                                "first_step": "Ask for the unicorn course"})
    page = render([planned])
    assert "Become a Unicorn" in page and "Ask for the unicorn course" in page
    plain = render([r])
    assert 'class="fallback"' in plain  # without goals: the nearest path, marked as such


def test_people_table_is_capped_and_says_how_many_are_left_out(
    standard_kb: KnowledgeBase,
) -> None:
    page = render(results(standard_kb, 12), people_cap=5, nearest_cap=2)
    table = page.split('id="people-table"')[1]
    assert table.count("<details>") == 5
    assert "7 more are counted in the overview but not listed" in page
    assert "<strong>12</strong> people evaluated" in page


def test_nearest_people_do_not_depend_on_input_order(standard_kb: KnowledgeBase) -> None:
    items = results(standard_kb, 25)
    shuffled = items[:]
    random.Random(7).shuffle(shuffled)
    first, second = CohortReport(nearest_cap=3), CohortReport(nearest_cap=3)
    for r in items:
        first.add(r)
    for r in shuffled:
        second.add(r)
    for target in first.kinds("path"):
        assert first.nearest(target.id) == second.nearest(target.id)
    fse = [p.profile_id for p in first.nearest("field-service-engineer")]
    assert len(fse) == 3


def test_charts_have_text_equivalents_and_patterns(standard_kb: KnowledgeBase) -> None:
    page = render(results(standard_kb))
    for chart in ("chart-levels", "chart-paths", "chart-certifications"):
        assert f'id="{chart}" role="img"' in page
        assert f'<desc id="{chart}-d">' in page
    assert 'fill="url(#p-near)"' in page and "<pattern id=\"p-near\"" in page


def test_ruleset_names_versions_digest_and_date_are_on_the_page(
    standard_kb: KnowledgeBase,
) -> None:
    page = render(results(standard_kb, 2))
    meta = standard_kb.meta()
    assert meta["digest"] in page
    for r in meta["rulesets"]:
        assert f"{r['name']} {r['version']}" in page
    assert "2026-01-02 03:04 UTC" in page


def test_an_empty_batch_still_writes_a_whole_page() -> None:
    page = render([])
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert "<strong>0</strong> people evaluated" in page


def test_evaluate_writes_the_report_with_f_html(tmp_path: Path) -> None:
    source = tmp_path / "staff.csv"
    source.write_text("id,name,degree,years_experience\nh-1,Ann,associate,3\n"
                      "h-2,Bo,bachelor,9\n", encoding="utf-8")
    out = tmp_path / "report.html"
    result = CliRunner().invoke(cli, ["evaluate", str(source), "-o", str(out), "--engine",
                                      "python", "-q"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert "<strong>2</strong> people evaluated" in page
    assert "<td>h-1</td><td>Ann</td>" in page


@pytest.mark.parametrize("cap", [1, 4])
def test_memory_of_detail_is_bounded_by_the_caps(standard_kb: KnowledgeBase, cap: int) -> None:
    report = CohortReport(people_cap=cap, nearest_cap=cap)
    for r in results(standard_kb, 15):
        report.add(r)
    assert len(report.people) == cap
    assert all(len(report.nearest(t.id)) <= cap for t in report.kinds("path"))
    assert report.profiles == 15


def test_next_steps_differing_only_in_numbers_or_route_count_as_one(
    standard_kb: KnowledgeBase,
) -> None:
    from bmet_rules.results import NextStep

    base = results(standard_kb, 1)[0]
    report = CohortReport()
    steps = [("Gain 1 more year of experience", "CBET"),
             ("Gain 2.5 more years of experience", "CRES"),
             ("Sit the CBET exam now (eligible by route A)", "CBET"),
             ("Sit the CBET exam now (eligible by route B)", "CBET")]
    for i, (action, opens) in enumerate(steps):
        report.add(replace(base, profile_id=f"s-{i}",
                           next_steps=(NextStep(action, (opens,), 0.0, False),)))
    top = {action: (n, opens) for action, n, opens in report.top_steps()}
    assert top["Gain N more year(s) of experience"] == (2, ["CBET", "CRES"])
    assert top["Sit the CBET exam now"] == (2, ["CBET"])


def test_encoded_results_from_workers_make_the_same_page_as_results(
    standard_kb: KnowledgeBase,
) -> None:
    items = [*results(standard_kb, 15),
             evaluate(profile(99, id=HOSTILE_ID, name=HOSTILE_NAME), standard_kb,
                      engine="python")]
    direct = render(items, people_cap=6, nearest_cap=3)
    stream = io.StringIO()
    writer = HtmlWriter(stream, people_cap=6, nearest_cap=3, clock=lambda: "2026-01-02 03:04 UTC")
    for r in items:
        writer.write_encoded(HtmlWriter.encode(r))
    writer.close()
    assert stream.getvalue() == direct


def test_evaluate_with_two_jobs_writes_the_same_report_as_one(tmp_path: Path) -> None:
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from make_profiles import write_profiles

    source = tmp_path / "many.csv"
    with source.open("w", encoding="utf-8", newline="") as fh:
        write_profiles(900, fh, seed=4)
    pages = []
    for jobs in ("1", "2"):
        out = tmp_path / f"r{jobs}.html"
        result = CliRunner().invoke(cli, ["evaluate", str(source), "-o", str(out), "-q",
                                          "--jobs", jobs, "--engine", "python"],
                                    catch_exceptions=False)
        assert result.exit_code == 0, result.output
        page = out.read_text(encoding="utf-8")
        pages.append(re.sub(r"<dt>Evaluated</dt><dd>[^<]*</dd>", "", page))
    assert pages[0] == pages[1]
    assert "<strong>900</strong> people evaluated" in pages[0]
