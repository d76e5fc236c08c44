"""``bmet-rules formats``: the input and output formats, and which plugin registered each."""

from __future__ import annotations

import click

from ._app import App, pass_app, reports_errors


@click.command("formats")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@pass_app
@reports_errors
def command(app: App, fmt: str) -> None:
    """List input and output formats with their extensions, descriptions and plugins.

    Formats added by plugins appear here exactly like the built-in ones.
    """
    import json

    from ..streams import input_formats, output_formats

    pm = app.plugin_manager()
    inputs = [{"name": f.name, "extensions": list(f.extensions), "description": f.description,
               "plugin": f.origin} for f in input_formats(pm).values()]
    outputs = [{"name": f.name, "extensions": [f.extension] if f.extension else [],
                "description": f.description, "plugin": f.origin}
               for f in output_formats(pm).values()]
    if fmt == "json":
        click.echo(json.dumps({"input": inputs, "output": outputs}, indent=2))
        return
    lines: list[str] = []
    for title, entries in (("Input formats", inputs), ("Output formats", outputs)):
        lines.append(f"{title}:")
        for e in entries:
            ext = " ".join(e["extensions"]) or "-"
            lines.append(f"  {e['name']:<10} {ext:<16} {e['description']}  [{e['plugin']}]")
        lines.append("")
    click.echo("\n".join(lines).rstrip())
