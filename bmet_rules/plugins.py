"""The plugin manager: discovery, allow- and block-lists, and calling hooks safely.

Plugins come from installed entry points (group ``bmet_rules``), from ``--plugin
module.path`` and from ``--plugins-dir DIR`` (every ``*.py`` file in it). The environment can
restrict them: ``BMET_RULES_PLUGINS=a,b`` loads only those entry-point plugins (empty: none),
``BMET_RULES_BLOCK_PLUGINS=a,b`` never loads those. ``BMET_RULES_TRACE_PLUGINS=1`` prints
every hook call to stderr, so debugging a plugin is a supported activity.
"""

from __future__ import annotations

import difflib
import importlib
import importlib.util
import os
import sys
from collections.abc import Iterable, Sequence
from importlib import metadata
from pathlib import Path
from types import ModuleType
from typing import Any

import pluggy

from . import hookspecs
from .errors import BmetRulesError

GROUP = "bmet_rules"
DEFAULT_PLUGINS = (
    "bmet_rules.default_plugins.standard",
    "bmet_rules.default_plugins.formats",
    "bmet_rules.default_plugins.readers",
    "bmet_rules.default_plugins.excel",
    "bmet_rules.report.html_format",
)


class PluginError(BmetRulesError):
    """A plugin failed to load or raised inside a hook; the message names the plugin."""


def _env_list(name: str) -> set[str] | None:
    value = os.environ.get(name)
    if value is None:
        return None
    return {v.strip() for v in value.split(",") if v.strip()}


def _load_file(path: Path) -> ModuleType:
    name = f"bmet_rules_local_{path.stem}"
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise PluginError(f"cannot load plugin file {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except Exception as exc:
        raise PluginError(f"plugin file {path} failed to load: {exc!r}") from exc
    return module


def get_plugin_manager(
    plugins: Sequence[str] = (),
    plugins_dirs: Sequence[Path | str] = (),
    entry_points: bool = True,
    extra: Iterable[object] = (),
) -> pluggy.PluginManager:
    """A plugin manager with the built-ins, discovered plugins and explicit ones registered.

    Raises :class:`PluginError` when a plugin cannot load or implements a hook that does not
    exist (a misspelt hook name would otherwise be silently ignored).
    """
    pm = pluggy.PluginManager(GROUP)
    pm.add_hookspecs(hookspecs)
    blocked = _env_list("BMET_RULES_BLOCK_PLUGINS") or set()
    for name in DEFAULT_PLUGINS:
        pm.register(importlib.import_module(name), name=name.rsplit(".", 1)[-1])
    if entry_points and os.environ.get("BMET_RULES_DISABLE_PLUGIN_AUTOLOAD") is None:
        allowed = _env_list("BMET_RULES_PLUGINS")
        for ep in metadata.entry_points(group=GROUP):
            if ep.name in blocked or (allowed is not None and ep.name not in allowed):
                continue
            try:
                plugin = ep.load()
            except Exception as exc:
                raise PluginError(
                    f"plugin {ep.name!r} ({ep.value}) failed to load: {exc!r}"
                ) from exc
            _register(pm, plugin, ep.name, ep.dist.version if ep.dist else None)
    for dotted in plugins:
        try:
            module = importlib.import_module(dotted)
        except Exception as exc:
            raise PluginError(f"plugin module {dotted!r} failed to load: {exc!r}") from exc
        _register(pm, module, dotted, None)
    for folder in plugins_dirs:
        directory = Path(folder)
        if not directory.is_dir():
            raise PluginError(f"--plugins-dir {directory}: no such folder")
        for path in sorted(directory.glob("*.py")):
            if path.stem in blocked:
                continue
            _register(pm, _load_file(path), path.stem, None)
    for index, plugin in enumerate(extra):
        _register(pm, plugin, getattr(plugin, "__name__", f"plugin-{index}"), None)
    _check_pending(pm)
    if os.environ.get("BMET_RULES_TRACE_PLUGINS"):
        pm.trace.root.setwriter(lambda text: sys.stderr.write(text))
        pm.enable_tracing()
    return pm


def _check_pending(pm: pluggy.PluginManager) -> None:
    """Fail on a hook implementation no hookspec matches, naming the plugin and the likely hook.

    pluggy's own ``check_pending`` names the plugin object's repr; a plugin author needs the
    name it was registered under and the hook they probably meant.
    """
    known = sorted(
        n for n in vars(pm.hook) if not n.startswith("_") and getattr(pm.hook, n).has_spec()
    )
    for name in sorted(vars(pm.hook)):
        if name.startswith("_"):
            continue
        caller = getattr(pm.hook, name)
        if caller.has_spec():
            continue
        for impl in caller.get_hookimpls():
            if impl.optionalhook:
                continue
            close = difflib.get_close_matches(name, known, n=1)
            hint = f"did you mean {close[0]!r}?" if close else "known hooks: " + ", ".join(known)
            raise PluginError(
                f"plugin {impl.plugin_name!r} implements unknown hook {name!r}: is the name "
                f"misspelt? {hint}"
            )


def _register(pm: pluggy.PluginManager, plugin: object, name: str, version: str | None) -> None:
    if pm.is_registered(plugin) or pm.get_plugin(name) is not None:
        return
    try:
        pm.register(plugin, name=name)
    except pluggy.PluginValidationError as exc:
        raise PluginError(f"plugin {name!r}: {exc}") from exc
    if version:
        _VERSIONS[name] = version


_VERSIONS: dict[str, str] = {}


def _in_order(pm: pluggy.PluginManager, hook_name: str) -> list[Any]:
    """A hook's implementations in the order bmet-rules calls them: registration order.

    Built-ins come first, so a later plugin overrides them (``register_parameters``) and
    sees their result (``adjust_result``). ``tryfirst`` / ``trylast`` still move an
    implementation to the front or back. pluggy's ``get_hookimpls`` lists trylast ones
    (newest first), then the rest (oldest first), then tryfirst ones (oldest first), and
    pluggy itself *calls* them newest first; we call them oldest first instead. Hook
    wrappers are not called directly (they only make sense around ``pm.hook`` calls).
    """
    impls = [
        i for i in getattr(pm.hook, hook_name).get_hookimpls() if not (i.hookwrapper or i.wrapper)
    ]
    first = [i for i in impls if i.tryfirst]
    last = [i for i in impls if i.trylast][::-1]
    middle = [i for i in impls if not (i.tryfirst or i.trylast)]
    return first + middle + last


def _trace(pm: pluggy.PluginManager, hook_name: str, impl: Any, kwargs: dict[str, Any]) -> None:
    """Report a direct call under ``BMET_RULES_TRACE_PLUGINS``.

    These helpers call implementations one by one (to name the plugin that fails), which
    bypasses pluggy's own tracing; this writes the same kind of line. The tracer writes
    nothing unless tracing was enabled.
    """
    pm.trace.root.get("hook")(f"{hook_name} [{impl.plugin_name}]", kwargs)


def _wanted(impl: Any, kwargs: dict[str, Any]) -> dict[str, Any]:
    """The arguments an implementation declares, as pluggy would pass them.

    pluggy lets an implementation take a subset of the hookspec's parameters
    (``def adjust_result(result)``); calling it with all of them would be a TypeError.
    """
    return {name: kwargs[name] for name in impl.argnames if name in kwargs}


def plugin_version(name: str) -> str | None:
    """The installed version of an entry-point plugin (``None`` for built-ins and files)."""
    return _VERSIONS.get(name)


def _call(pm: pluggy.PluginManager, hook_name: str, impl: Any, kwargs: dict[str, Any]) -> Any:
    """Call one plugin's implementation, naming the plugin if it raises."""
    _trace(pm, hook_name, impl, kwargs)
    try:
        return impl.function(**_wanted(impl, kwargs))
    except BmetRulesError:
        raise
    except Exception as exc:
        raise PluginError(
            f"plugin {impl.plugin_name!r} failed in hook {hook_name}: {exc!r}"
        ) from exc


def call_each(pm: pluggy.PluginManager, hook_name: str, **kwargs: Any) -> list[tuple[str, Any]]:
    """Call a hook on each plugin in turn, naming the plugin if one raises.

    Returns ``(plugin name, return value)`` pairs in registration order.
    """
    return [
        (impl.plugin_name, _call(pm, hook_name, impl, kwargs))
        for impl in _in_order(pm, hook_name)
    ]


def call_chain(
    pm: pluggy.PluginManager, hook_name: str, key: str, value: Any, **kwargs: Any
) -> Any:
    """Pass ``value`` through each plugin's hook in registration order.

    A plugin returns a replacement or ``None`` (keep the value); each sees the previous
    plugin's value.
    """
    for impl in _in_order(pm, hook_name):
        replacement = _call(pm, hook_name, impl, {key: value, **kwargs})
        if replacement is not None:
            value = replacement
    return value


def collect(
    pm: pluggy.PluginManager, hook_name: str
) -> list[tuple[str, tuple[Any, ...], dict[str, Any]]]:
    """Run a ``register``-style hook; returns ``(plugin name, args, kwargs)`` per call."""
    calls: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = []
    current = [""]

    def register(*args: Any, **kwargs: Any) -> None:
        calls.append((current[0], args, kwargs))

    for impl in _in_order(pm, hook_name):
        current[0] = impl.plugin_name
        _call(pm, hook_name, impl, {"register": register})
    return calls

