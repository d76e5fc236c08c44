"""``bmet-rules rules``: what the loaded knowledge base says, rule by rule, with sources."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..dating import iso
from ._app import App, as_of_date, parse_params, pass_app, reports_errors

if TYPE_CHECKING:
    from ..knowledge import CompiledRule, KnowledgeBase
    from ..ruleset import Conclusion


def conclusion_text(then: Conclusion) -> str:
    """A rule's conclusion in one phrase: ``certification CBET (route: ...)``."""
    kind = then.kind.replace("_", " ")
    text = f"{kind} {', '.join(then.targets)}"
    if then.value is not None:
        text += f" = {then.value}"
    if then.route:
        text += f" (route: {then.route})"
    return text


def rule_entry(compiled: CompiledRule, kb: KnowledgeBase) -> dict[str, Any]:
    """One rule as JSON-ready data."""
    rule = compiled.rule
    source = kb.sources.get(rule.source)
    return {
        "id": rule.id,
        "title": rule.title,
        "conclusion": conclusion_text(rule.then),
        "source": rule.source,
        "source_title": source.title if source is not None else None,
        "stage": compiled.stage,
        "file": rule.file,
        "line": rule.line,
        "effective_from": iso(rule.effective.start),
        "effective_until": iso(rule.effective.end),
    }


def listing(kb: KnowledgeBase) -> list[dict[str, Any]]:
    """Every loaded ruleset with its rules, in load order."""
    out = []
    for ruleset in kb.rulesets:
        rules = [rule_entry(r, kb) for r in kb.rules if r.rule.ruleset == ruleset.name]
        out.append({**ruleset.meta(), "title": ruleset.title, "file": ruleset.file,
                    "rules": rules})
    return out


@click.command("rules")
@click.option("--rules", "rule_paths", multiple=True, metavar="PATH",
              type=click.Path(exists=True, path_type=Path),
              help="Extra ruleset file or folder (repeatable).")
@click.option("--no-standard", is_flag=True, help="Do not load the standard rulesets.")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
              help="Override a ruleset parameter (repeatable).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@click.option("--as-of", "as_of", metavar="DATE", default=None, callback=as_of_date,
              help="List the rules in force on this date (YYYY-MM-DD; default today).")
@pass_app
@reports_errors
def command(
    app: App, rule_paths: tuple[Path, ...], no_standard: bool, params: tuple[str, ...], fmt: str,
    as_of: dt.date,
) -> None:
    """List the loaded rulesets (name, version, digest, file) and every rule in force on the
    date (``--as-of``, default today): id, title, conclusion, source, evaluation stage, and the
    dates of a dated rule.
    """
    import json

    kb = app.knowledge_base(rule_paths, parse_params(params), standard=not no_standard,
                            as_of=as_of)
    data = listing(kb)
    if fmt == "json":
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    lines: list[str] = []
    for ruleset in data:
        lines += [f"{ruleset['name']} {ruleset['version']}  {ruleset['digest']}",
                  f"  {ruleset['title']} — {ruleset['file'] or 'registered by a plugin'}",
                  f"  {len(ruleset['rules'])} rules:"]
        for rule in ruleset["rules"]:
            lines.append(f"    {rule['id']}  [stage {rule['stage']}]  {rule['title']}")
            lines.append(f"        -> {rule['conclusion']}")
            lines.append(f"        source: {rule['source_title'] or rule['source']}")
            if rule["effective_from"] or rule["effective_until"]:
                lines.append(f"        in force: {rule['effective_from'] or 'always'} until "
                             f"{rule['effective_until'] or 'further notice'}")
        lines.append("")
    click.echo("\n".join(lines).rstrip())
