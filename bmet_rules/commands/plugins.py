"""``bmet-rules plugins``: each loaded plugin, its version, and the hooks it implements."""

from __future__ import annotations

from typing import Any

import click

from ._app import App, pass_app, reports_errors


@click.command("plugins")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@pass_app
@reports_errors
def command(app: App, fmt: str) -> None:
    """List loaded plugins (built-in, installed, --plugin and --plugins-dir), each with its
    version and the hooks it implements.

    A plugin whose hook name is misspelt is refused when loading, so what is listed here is
    what runs. BMET_RULES_TRACE_PLUGINS=1 prints every hook call.
    """
    import json

    from ..plugins import plugin_version

    pm = app.plugin_manager()
    entries: list[dict[str, Any]] = []
    for name, plugin in pm.list_name_plugin():
        if name is None or plugin is None:
            continue
        hooks = sorted(caller.name for caller in pm.get_hookcallers(plugin) or [])
        entries.append({"name": name, "version": plugin_version(name),
                        "module": getattr(plugin, "__name__", type(plugin).__name__),
                        "hooks": hooks})
    if fmt == "json":
        click.echo(json.dumps(entries, indent=2))
        return
    for e in entries:
        version = f" {e['version']}" if e["version"] else ""
        click.echo(f"{e['name']}{version}  ({e['module']})")
        click.echo(f"    hooks: {', '.join(e['hooks']) or 'none'}")
