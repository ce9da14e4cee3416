"""The ``alliance`` command line: parsing and printing over :class:`alliance_monitor.app.App`.

Commands come from plugins (:mod:`alliance_monitor.plugins`); this module holds the shared
options and helpers and turns every :class:`~alliance_monitor.errors.AllianceError` into one
line on stderr and its exit code (1 data/runtime error, 2 usage error).
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from alliance_monitor import __version__, errors
from alliance_monitor.present.i18n import help_lang, t
from alliance_monitor.present.output import Format

if TYPE_CHECKING:
    from alliance_monitor.app import App


class Lang(StrEnum):
    en = "en"
    de = "de"


HELP_LANG = help_lang(sys.argv, os.environ)


def h(key: str) -> str:
    """A help text in the language the user asked for (``--lang`` or ALLIANCE_LANG)."""
    return t("help." + key, HELP_LANG)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"alliance-monitor {__version__}")
        raise typer.Exit()


app = typer.Typer(no_args_is_help=True, rich_markup_mode=None, help=h("app"))


@app.callback()
def _root(version: Annotated[bool, typer.Option(
        "--version", callback=_version, is_eager=True, help=h("version"))] = False) -> None:
    """Alliance Monitor."""


# Shared options: every command that prints data uses the same ones.
StoreOpt = Annotated[Path | None, typer.Option("--store", envvar="ALLIANCE_STORE",
                                               help=h("store"))]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help=h("format"))]
LangOpt = Annotated[Lang, typer.Option("--lang", envvar="ALLIANCE_LANG", help=h("lang"))]
SilentOpt = Annotated[bool, typer.Option("--silent", help=h("silent"))]
KbDirOpt = Annotated[list[Path] | None, typer.Option("--kb-dir", help=h("kb_dir"))]


def fail(message: str, code: int = 2) -> NoReturn:
    typer.echo(f"{t('error', HELP_LANG)}: {message}", err=True)
    raise typer.Exit(code)


def echo(text: str) -> None:
    typer.echo(text)


def check_lang(lang: str | Lang) -> str:
    value = str(getattr(lang, "value", lang))
    if value not in ("en", "de"):
        fail(f"unknown language '{value}'; choose one of: en, de")
    return value


def parse_date(value: str | None, option: str = "--at") -> dt.date:
    """YYYY-MM-DD, YYYY-MM (end of month), YYYY (end of year) or 'today'."""
    if value is None or value == "today":
        return dt.date.today()
    try:
        if len(value) == 4:
            return dt.date(int(value), 12, 31)
        if len(value) == 7:
            y, m = int(value[:4]), int(value[5:])
            nxt = dt.date(y + (m == 12), m % 12 + 1, 1)
            return nxt - dt.timedelta(days=1)
        return dt.date.fromisoformat(value)
    except ValueError:
        fail(f"bad date '{value}' for {option}; use YYYY-MM-DD (e.g. 2021-05-01), YYYY-MM, "
             f"YYYY or 'today'")


def open_app(store: Path | None, kb_dirs: list[Path] | None = None,
             methodology: Path | None = None) -> App:
    from alliance_monitor.app import App

    return App(store, kb_dirs=kb_dirs, methodology=methodology)


def load_kb(store: Path | None) -> tuple[Any, Any]:
    """(knowledge base, read connection) for commands that still query the store directly."""
    application = open_app(store)
    return application.knowledge, application.connection()


def resolve(kb: Any, ids: list[str] | None) -> list[str]:
    return [kb.resolve_alliance(i) for i in ids] if ids else list(kb.alliances)


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
