"""``alliance serve`` (dashboard and JSON API) and ``alliance report`` (briefings)."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from alliance_monitor.commands.options import (
    KbDirOpt,
    Lang,
    LangOpt,
    StoreOpt,
    check_lang,
    h,
    open_app,
    parse_date,
)
from alliance_monitor.plugins import hookimpl
from alliance_monitor.present.i18n import t
from alliance_monitor.web import labels as _labels  # noqa: F401  (help texts)


class ReportFormat(StrEnum):
    html = "html"
    pdf = "pdf"
    md = "md"


def serve(host: Annotated[str, typer.Option("--host", help=h("host"))] = "127.0.0.1",
          port: Annotated[int, typer.Option("--port", help=h("port"))] = 8800,
          write_token: Annotated[str | None, typer.Option(
              "--write-token", envvar="ALLIANCE_WRITE_TOKEN", show_envvar=False,
              show_default=False, help=h("write_token"))] = None,
          kb_dir: KbDirOpt = None, store: StoreOpt = None,
          lang: LangOpt = Lang.en) -> None:
    import uvicorn

    from alliance_monitor.web.server import create_app

    lang_ = check_lang(lang)
    application = open_app(store, kb_dir)
    application.knowledge  # noqa: B018  (build and load before the first request)
    typer.echo(f"{t('serving_at', lang_)} http://{host}:{port}/", err=True)
    if write_token:  # say that writes are on, never what the token is
        typer.echo(t("write_api_enabled", lang_), err=True)
        if host not in ("127.0.0.1", "localhost", "::1"):
            typer.echo(t("write_token_cleartext", lang_).format(host=host), err=True)
    uvicorn.run(create_app(application, warm=True, write_token=write_token or None),
                host=host, port=port, log_level="warning", access_log=False)


AlliancesArg = Annotated[list[str] | None, typer.Argument(help=h("report_alliances"))]


def report(alliances: AlliancesArg = None,
           at: Annotated[str | None, typer.Option("--at", help=h("at"))] = None,
           fmt: Annotated[ReportFormat, typer.Option("--format", "-f",
                                                     help=h("report_format"))]
           = ReportFormat.html,
           output: Annotated[Path | None, typer.Option("--output", "-o", help=h("output"))]
           = None,
           kb_dir: KbDirOpt = None, store: StoreOpt = None, lang: LangOpt = Lang.en) -> None:
    from alliance_monitor.web.report import build_report

    lang_ = check_lang(lang)
    day = parse_date(at)
    with open_app(store, kb_dir) as application:
        data = build_report(application, alliances or None, day, lang_, fmt.value)
    if isinstance(data, bytes):
        target = output or Path("report.pdf")
        target.write_bytes(data)
        typer.echo(str(target), err=True)
    elif output:
        output.write_text(data, encoding="utf-8")
        typer.echo(str(output), err=True)
    else:
        sys.stdout.write(data if data.endswith("\n") else data + "\n")


@hookimpl
def alliance_register_commands(cli: typer.Typer) -> None:
    cli.command("serve", help=h("serve"))(serve)
    cli.command("report", help=h("report"))(report)
