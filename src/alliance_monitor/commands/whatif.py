"""What-if commands over the application: ``explain``, ``simulate`` and ``hindcast``
(``assess --uncertainty`` lives with ``assess`` in :mod:`alliance_monitor.commands.core`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from alliance_monitor.commands.core import KnowledgeChoice
from alliance_monitor.commands.options import (
    FormatOpt,
    KbDirOpt,
    Lang,
    LangOpt,
    StoreOpt,
    check_lang,
    echo,
    h,
    open_app,
    parse_date,
)
from alliance_monitor.plugins import hookimpl
from alliance_monitor.present import whatif_views
from alliance_monitor.present.i18n import t
from alliance_monitor.present.output import Format


def explain(alliance: Annotated[str, typer.Argument(help=h("explain_alliance"))],
            from_: Annotated[str, typer.Option("--from", help=h("explain_from"))],
            to: Annotated[str, typer.Option("--to", help=h("explain_to"))],
            knowledge: Annotated[KnowledgeChoice, typer.Option("--knowledge",
                                                               help=h("knowledge"))]
            = KnowledgeChoice.point_in_time,
            kb_dir: KbDirOpt = None, store: StoreOpt = None, fmt: FormatOpt = Format.table,
            lang: LangOpt = Lang.en) -> None:
    lang_ = check_lang(lang)
    with open_app(store, kb_dir) as application:
        ex = application.explain(alliance, parse_date(from_, "--from"), parse_date(to, "--to"),
                                 knowledge=knowledge.value)
    echo(whatif_views.render_explanation(ex, fmt, lang_))


def simulate(scenario: Annotated[Path, typer.Argument(help=h("scenario_file"))],
             at: Annotated[str | None, typer.Option("--at", help=h("simulate_at"))] = None,
             horizon: Annotated[str | None, typer.Option("--horizon", help=h("horizon"))] = None,
             uncertainty: Annotated[int, typer.Option("--uncertainty", min=0,
                                                      help=h("simulate_samples"))] = 200,
             seed: Annotated[int | None, typer.Option("--seed", help=h("seed"))] = None,
             kb_dir: KbDirOpt = None, store: StoreOpt = None, fmt: FormatOpt = Format.table,
             lang: LangOpt = Lang.en) -> None:
    lang_ = check_lang(lang)
    with open_app(store, kb_dir) as application:
        sim = application.simulate(scenario, parse_date(at, "--at") if at else None, horizon,
                                   samples=uncertainty, seed=seed)
    echo(whatif_views.render_simulation(sim, fmt, lang_))


def hindcast(paths: Annotated[list[Path], typer.Argument(help=h("scenario_paths"))],
             knowledge: Annotated[KnowledgeChoice, typer.Option("--knowledge",
                                                                help=h("knowledge"))]
             = KnowledgeChoice.point_in_time,
             kb_dir: KbDirOpt = None, store: StoreOpt = None, fmt: FormatOpt = Format.table,
             lang: LangOpt = Lang.en) -> None:
    from alliance_monitor.simulate.consistency import summary

    lang_ = check_lang(lang)
    with open_app(store, kb_dir) as application:
        results = application.hindcast(paths, knowledge=knowledge.value)
    echo(whatif_views.render_hindcast(results, fmt, lang_))
    total = summary(results)
    share = "—" if total["agreement"] is None else f"{total['agreement']:.0%}"
    typer.echo(f"{t('agreement', lang_)}: {total['agree']}/{total['tested']} ({share}); "
               f"{total['no_move']} {t('no_move', lang_)}, {total['no_score']} "
               f"{t('no_score', lang_)}", err=True)


@hookimpl
def alliance_register_commands(cli: typer.Typer) -> None:
    for name, fn in (("explain", explain), ("simulate", simulate), ("hindcast", hindcast)):
        cli.command(name, help=h(name))(fn)
