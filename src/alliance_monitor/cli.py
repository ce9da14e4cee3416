"""The ``alliance`` command line: the Typer application and its plugins.

Commands come from plugins (:mod:`alliance_monitor.plugins`, built-ins in
:mod:`alliance_monitor.commands`); this module turns every
:class:`~alliance_monitor.errors.AllianceError` into one line on stderr and its exit code
(1 data or runtime error, 2 usage error).
"""

from __future__ import annotations

import functools
from typing import Annotated, Any

import typer

from alliance_monitor import __version__, errors
from alliance_monitor.commands.options import HELP_LANG, h
from alliance_monitor.present.i18n import t


def _version(value: bool) -> None:
    if value:
        typer.echo(f"alliance-monitor {__version__}")
        raise typer.Exit()


app = typer.Typer(no_args_is_help=True, rich_markup_mode=None, help=h("app"))


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
            typer.echo(f"{t('error', HELP_LANG)}: {exc}", err=True)
            raise typer.Exit(exc.exit_code) from None
    return run


def _guard_all(typer_app: typer.Typer) -> None:
    for info in typer_app.registered_commands:
        if info.callback is not None and not getattr(info.callback, "__wrapped__", None):
            info.callback = _guarded(info.callback)
    for group in typer_app.registered_groups:
        if group.typer_instance is not None:
            _guard_all(group.typer_instance)


def _register() -> None:
    from alliance_monitor.plugins import manager

    manager().hook.alliance_register_commands(cli=app)
    _guard_all(app)


_register()


def main() -> None:
    app(prog_name="alliance")


if __name__ == "__main__":  # pragma: no cover
    main()
