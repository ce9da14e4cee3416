"""Shared options and helpers of every command (the parsing half of the command line).

Command modules import these, never :mod:`alliance_monitor.cli`, which registers them.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from alliance_monitor.present.i18n import help_lang, set_help_lang, t
from alliance_monitor.present.output import Format

if TYPE_CHECKING:
    from alliance_monitor.app import App

__all__ = ["HELP_LANG", "FormatOpt", "KbDirOpt", "Lang", "LangOpt", "SilentOpt", "StoreOpt",
           "check_lang", "echo", "fail", "h", "load_kb", "open_app", "parse_date", "resolve"]


class Lang(StrEnum):
    en = "en"
    de = "de"


HELP_LANG = help_lang(sys.argv, os.environ)
set_help_lang(HELP_LANG)


def h(key: str) -> str:
    """A help text in the language the user asked for (``--lang`` or ALLIANCE_LANG)."""
    return t("help." + key, HELP_LANG)


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
    from alliance_monitor.dates import parse_day

    return parse_day(value, option)


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


