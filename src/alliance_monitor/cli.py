"""The ``alliance`` command line: the Typer application and its plugins.

Commands come from plugins (:mod:`alliance_monitor.plugins`, built-ins in
:mod:`alliance_monitor.commands`); this module turns every
:class:`~alliance_monitor.errors.AllianceError` into one line on stderr and its exit code
(1 data or runtime error, 2 usage error).
"""

from __future__ import annotations

import functools
import inspect
import io
import os
import sys
from typing import Annotated, Any

import typer
from typer._click.exceptions import ClickException
from typer.core import TyperCommand, TyperGroup
from typer.exceptions import Exit

from alliance_monitor import __version__, errors
from alliance_monitor.commands.options import HELP_LANG, h
from alliance_monitor.present.i18n import message, t, translate_framework
from alliance_monitor.present.output import safe


def _version(value: bool) -> None:
    if value:
        typer.echo(f"alliance-monitor {__version__}")
        raise typer.Exit()


class _LocalisedGroup(TyperGroup):
    """Help pages and usage errors in the help language (German phrases of the framework
    from the message catalogue)."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        _localised_help(super().format_help, ctx, formatter)

    def main(self, *args: Any, **kwargs: Any) -> Any:
        if HELP_LANG == "en" or kwargs.get("standalone_mode") is False:
            return super().main(*args, **kwargs)
        try:
            code = super().main(*args, **{**kwargs, "standalone_mode": False})
            sys.exit(code if isinstance(code, int) else 0)
        except ClickException as exc:
            buffer = io.StringIO()
            exc.show(file=buffer)
            sys.stderr.write(translate_framework(buffer.getvalue(), HELP_LANG))
            sys.exit(exc.exit_code)
        except Exit as exc:
            sys.exit(exc.exit_code)


class _LocalisedCommand(TyperCommand):
    def format_help(self, ctx: Any, formatter: Any) -> None:
        _localised_help(super().format_help, ctx, formatter)


def _localised_help(format_help: Any, ctx: Any, formatter: Any) -> None:
    inner = ctx.make_formatter()
    format_help(ctx, inner)
    formatter.write(translate_framework(inner.getvalue(), HELP_LANG))


app = typer.Typer(no_args_is_help=True, rich_markup_mode=None, help=h("app"),
                  cls=_LocalisedGroup)


@app.callback()
def _root(version: Annotated[bool, typer.Option(
        "--version", callback=_version, is_eager=True, help=h("version"))] = False) -> None:
    """Alliance Monitor."""


def _guarded(fn: Any) -> Any:
    """Every command: an AllianceError becomes one line on stderr and its exit code."""
    @functools.wraps(fn)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except errors.AllianceError as exc:
            lang = str(getattr(kwargs.get("lang"), "value", kwargs.get("lang") or HELP_LANG))
            typer.echo(f"{t('error', lang)}: {safe(exc.message(lang))}", err=True)
            raise typer.Exit(exc.exit_code) from None
    return run


def _guard_all(typer_app: typer.Typer) -> None:
    """Every command gets the error guard and its help text in the help language."""
    for info in typer_app.registered_commands:
        if info.cls in (None, TyperCommand):
            info.cls = _LocalisedCommand
        if info.callback is not None and not getattr(info.callback, "__wrapped__", None):
            if info.help is None and info.callback.__doc__:
                info.help = message(inspect.cleandoc(info.callback.__doc__))
            info.callback = _guarded(info.callback)
    for group in typer_app.registered_groups:
        if group.typer_instance is not None:
            if group.typer_instance.info.cls in (None, TyperGroup):
                group.typer_instance.info.cls = _LocalisedGroup
            info_help = group.typer_instance.info.help
            if isinstance(info_help, str):
                group.typer_instance.info.help = message(info_help)
            if isinstance(group.help, str):
                group.help = message(group.help)
            _guard_all(group.typer_instance)


def _register() -> None:
    from alliance_monitor.plugins import manager

    manager().hook.alliance_register_commands(cli=app)
    _guard_all(app)


_register()


def _only_the_command_run(args: list[str]) -> None:
    """Build only the command being run: Typer turns every registered function into a Click
    command before dispatching, which costs more than some commands themselves. The top-level
    help, shell completion and unknown names keep the whole tree."""
    if not args or args[0].startswith("-") or any(k.endswith("_COMPLETE") and k.startswith(
            "_ALLIANCE") for k in os.environ):
        return
    from typer.main import get_command_name

    name = args[0]
    commands = [c for c in app.registered_commands
                if (c.name or (get_command_name(c.callback.__name__) if c.callback else None))
                == name]
    groups = [g for g in app.registered_groups
              if (g.name or (g.typer_instance.info.name if g.typer_instance else None)) == name]
    if commands or groups:
        app.registered_commands[:] = commands
        app.registered_groups[:] = groups


def main() -> None:
    _only_the_command_run(sys.argv[1:])
    app(prog_name="alliance")


if __name__ == "__main__":  # pragma: no cover
    main()
