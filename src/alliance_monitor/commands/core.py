"""The core commands: build, assess, compare, facts, alliances, actors, sources, record, ingest.

Each command parses options, calls one method of :class:`~alliance_monitor.app.App` and prints
through the renderer for the chosen format and language; nothing else.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from alliance_monitor.commands.options import (
    FormatOpt,
    KbDirOpt,
    Lang,
    LangOpt,
    SilentOpt,
    StoreOpt,
    check_lang,
    echo,
    h,
    open_app,
    parse_date,
)
from alliance_monitor.errors import DataError, UsageError
from alliance_monitor.plugins import hookimpl
from alliance_monitor.present import views
from alliance_monitor.present.i18n import t
from alliance_monitor.present.output import Format


class EveryChoice(StrEnum):
    month = "month"
    quarter = "quarter"
    year = "year"


class KnowledgeChoice(StrEnum):
    point_in_time = "point_in_time"
    latest = "latest"


def _empty(rows: list[Any], key: str, lang: str, fmt: Format) -> bool:
    """An empty result says why (stderr) and exits 1 for table output; data formats print []."""
    if rows:
        return False
    if fmt.structured:
        echo("[]" if fmt is Format.json else "")
    typer.echo(t(key, lang), err=True)
    raise typer.Exit(1)


def build(store: StoreOpt = None, silent: SilentOpt = False, lang: LangOpt = Lang.en,
          force: Annotated[bool, typer.Option("--force", help="Rebuild even when current.")]
          = False) -> None:
    lang_ = check_lang(lang)
    with open_app(store) as application:
        state = application.build(force=force)
    if not silent:
        counts = ", ".join(f"{v} {k}" for k, v in state.counts.items())
        head = t("store_updated" if state.changed or state.counts else "store_unchanged", lang_)
        typer.echo(f"{head}{': ' + counts if counts else ''}", err=True)


def assess(
    alliances: Annotated[list[str] | None, typer.Argument(help=h("alliances_arg"))] = None,
    at: Annotated[str | None, typer.Option("--at", help=h("at"))] = None,
    from_: Annotated[str | None, typer.Option("--from", help=h("from"))] = None,
    to: Annotated[str | None, typer.Option("--to", help=h("to"))] = None,
    every: Annotated[EveryChoice, typer.Option("--every", help=h("every"))] = EveryChoice.month,
    knowledge: Annotated[KnowledgeChoice, typer.Option("--knowledge", help=h("knowledge"))]
    = KnowledgeChoice.point_in_time,
    known_by: Annotated[str | None, typer.Option("--known-by", help=h("known_by"))] = None,
    methodology: Annotated[Path | None, typer.Option("--methodology", help=h("methodology"))]
    = None,
    kb_dir: KbDirOpt = None, store: StoreOpt = None, fmt: FormatOpt = Format.table,
    lang: LangOpt = Lang.en,
    uncertainty: Annotated[int | None, typer.Option("--uncertainty", min=2,
                                                    help=h("uncertainty"))] = None,
    seed: Annotated[int | None, typer.Option("--seed", help=h("seed"))] = None,
) -> None:
    lang_ = check_lang(lang)
    if known_by is not None and (from_ is not None or uncertainty is not None
                                 or knowledge is KnowledgeChoice.latest):
        raise UsageError("--known-by works for one point-in-time date (--at), not with "
                         "--from/--to, --uncertainty or --knowledge latest",
                         de="--known-by gilt für einen Stichtag (--at) mit point_in_time, "
                            "nicht mit --from/--to, --uncertainty oder --knowledge latest")
    if uncertainty is not None:
        if from_ is not None:
            raise UsageError("--uncertainty works for one date (--at), not a series")
        from alliance_monitor.present.whatif_views import render_uncertainty

        with open_app(store, kb_dir, methodology) as application:
            pairs = application.assess_uncertainty(alliances, parse_date(at), uncertainty,
                                                   seed=seed, knowledge=knowledge.value)
        echo(render_uncertainty(pairs, fmt, lang_))
        return
    if (from_ is None) != (to is None):
        raise UsageError("give both --from and --to for a series")
    if from_ is not None and at is not None:
        raise UsageError("--at and --from/--to exclude each other")
    with open_app(store, kb_dir, methodology) as application:
        if from_ is not None and to is not None:
            results = application.assess_series(
                alliances, parse_date(from_, "--from"), parse_date(to, "--to"), every.value,
                knowledge=knowledge.value, lean=not fmt.structured)
        else:
            results = application.assess(
                alliances, parse_date(at), knowledge=knowledge.value,
                known_by=parse_date(known_by, "--known-by") if known_by else None,
                lean=not fmt.structured)
    for warning in sorted({w for a in results for w in a.warnings}):
        if warning.startswith("beyond_horizon:"):
            typer.echo(t("warn_horizon", lang_).format(h=warning.split(":", 1)[1]), err=True)
    echo(views.render_assessments(results, fmt, lang_))


def compare(at: Annotated[str | None, typer.Option("--at", help=h("at"))] = None,
            kb_dir: KbDirOpt = None, store: StoreOpt = None, fmt: FormatOpt = Format.table,
            lang: LangOpt = Lang.en) -> None:
    lang_ = check_lang(lang)
    with open_app(store, kb_dir) as application:
        rows = application.compare(parse_date(at) if at else None)
    echo(views.render_compare(rows, fmt, lang_))


def facts(alliance: Annotated[str | None, typer.Option("--alliance", "-a",
                                                       help=h("alliance_opt"))] = None,
          subject: Annotated[str | None, typer.Option(help=h("subject"))] = None,
          attribute: Annotated[str | None, typer.Option(help=h("attribute"))] = None,
          kb_dir: KbDirOpt = None, store: StoreOpt = None, fmt: FormatOpt = Format.table,
          lang: LangOpt = Lang.en) -> None:
    lang_ = check_lang(lang)
    with open_app(store, kb_dir) as application:
        found = application.facts(alliance=alliance, subject=subject, attribute=attribute)
        kb = application.knowledge
    _empty(found, "empty_facts", lang_, fmt)
    echo(views.render_facts(kb, found, fmt, lang_))


def alliances(kb_dir: KbDirOpt = None, store: StoreOpt = None, fmt: FormatOpt = Format.table,
              lang: LangOpt = Lang.en) -> None:
    lang_ = check_lang(lang)
    with open_app(store, kb_dir) as application:
        echo(views.render_alliances(application.knowledge, fmt, lang_))


def actors(kind: Annotated[str | None, typer.Option(help=h("kind"))] = None,
           at: Annotated[str | None, typer.Option("--at", help=h("at"))] = None,
           kb_dir: KbDirOpt = None, store: StoreOpt = None, fmt: FormatOpt = Format.table,
           lang: LangOpt = Lang.en) -> None:
    lang_ = check_lang(lang)
    day = parse_date(at) if at else None
    with open_app(store, kb_dir) as application:
        found = application.actors(kind=kind, at=day)
    _empty(found, "empty_actors", lang_, fmt)
    echo(views.render_actors(found, day, fmt, lang_))


def sources(kb_dir: KbDirOpt = None, store: StoreOpt = None, fmt: FormatOpt = Format.table,
            lang: LangOpt = Lang.en) -> None:
    lang_ = check_lang(lang)
    with open_app(store, kb_dir) as application:
        echo(views.render_sources(application.sources(), fmt, lang_))


def record(alliance: Annotated[str | None, typer.Option("--alliance", "-a",
                                                        help=h("alliance_opt"))] = None,
           since: Annotated[str | None, typer.Option(help=h("since"))] = None,
           until: Annotated[str | None, typer.Option(help=h("until"))] = None,
           kb_dir: KbDirOpt = None, store: StoreOpt = None, fmt: FormatOpt = Format.table,
           lang: LangOpt = Lang.en) -> None:
    lang_ = check_lang(lang)
    with open_app(store, kb_dir) as application:
        found = application.record_events(
            alliance=alliance, since=parse_date(since, "--since") if since else None,
            until=parse_date(until, "--until") if until else None)
    _empty(found, "empty_events", lang_, fmt)
    echo(views.render_record(found, fmt, lang_))


def ingest(items: Annotated[list[str], typer.Argument(help=h("items"))],
           store: StoreOpt = None, fmt: FormatOpt = Format.table, silent: SilentOpt = False,
           lang: LangOpt = Lang.en) -> None:
    lang_ = check_lang(lang)
    with open_app(store) as application:
        application.build()
        reports = application.ingest(items, progress=not silent)
    echo(views.render_ingest(reports, fmt, lang_))
    bad = [b for r in reports for b in r.bad]
    for b in bad:
        typer.echo(f"{t('bad_item', lang_)}: {views.safe(b.item)}: {views.safe(b.reason)}",
                   err=True)
    if bad and not any(r.added or r.unchanged for r in reports):
        raise DataError(t("all_failed", lang_))


@hookimpl
def alliance_register_commands(cli: typer.Typer) -> None:
    for name, fn in (("build", build), ("assess", assess), ("compare", compare),
                     ("facts", facts), ("alliances", alliances), ("actors", actors),
                     ("sources", sources), ("record", record), ("ingest", ingest)):
        cli.command(name, help=h(name))(fn)
