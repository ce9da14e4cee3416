"""Plugins with pluggy: commands, indicator kinds and renderers are hooks.

Built-in parts register exactly like third-party plugins (entry-point group
``alliance_monitor``). A plugin that is missing or fails to load is an error you see
(:class:`~alliance_monitor.errors.PluginError`), never silence.
"""

from __future__ import annotations

import importlib
from functools import lru_cache
from typing import Any

import pluggy

from alliance_monitor.errors import PluginError

PROJECT = "alliance_monitor"
hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)

#: Built-in plugin modules, loaded like any other plugin.
BUILTINS = (
    "alliance_monitor.commands.core",
    "alliance_monitor.commands.datasets",
    "alliance_monitor.commands.series",
    "alliance_monitor.commands.coding",
    "alliance_monitor.commands.analysis",
    "alliance_monitor.commands.web",
    "alliance_monitor.commands.whatif",
)


class Hooks:
    @hookspec
    def alliance_register_commands(self, cli: Any) -> None:
        """Add typer commands to the ``alliance`` command line."""

    @hookspec
    def alliance_indicator_kinds(self) -> dict[str, Any]:
        """Indicator kinds for the methodology file: name -> ``(ctx, params) -> Observation``."""
        raise NotImplementedError


def _load(pm: pluggy.PluginManager, name: str) -> None:
    try:
        module = importlib.import_module(name)
    except Exception as exc:  # any failure to load a plugin is reported, never ignored
        raise PluginError(f"plugin '{name}' could not be loaded: {exc}") from exc
    pm.register(module, name=name)


@lru_cache(maxsize=1)
def manager() -> pluggy.PluginManager:
    pm = pluggy.PluginManager(PROJECT)
    pm.add_hookspecs(Hooks)
    for name in BUILTINS:
        _load(pm, name)
    try:
        pm.load_setuptools_entrypoints(PROJECT)
    except Exception as exc:
        raise PluginError(f"a third-party plugin (entry point group '{PROJECT}') could not "
                          f"be loaded: {exc}") from exc
    return pm


__all__ = ["BUILTINS", "PluginError", "hookimpl", "hookspec", "manager"]
