"""Analysis commands over the application: ``backtest`` (and later explain, simulate)."""

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
)
from alliance_monitor.plugins import hookimpl
from alliance_monitor.present.i18n import t
from alliance_monitor.present.output import Format, render


def backtest(episodes: Annotated[Path, typer.Argument(help=h("episodes"))],
             knowledge: Annotated[KnowledgeChoice, typer.Option("--knowledge",
                                                                help=h("knowledge"))]
             = KnowledgeChoice.point_in_time,
             methodology: Annotated[Path | None, typer.Option("--methodology",
                                                              help=h("methodology"))] = None,
             kb_dir: KbDirOpt = None, store: StoreOpt = None, fmt: FormatOpt = Format.table,
             lang: LangOpt = Lang.en) -> None:
    from alliance_monitor import backtest as bt

    lang_ = check_lang(lang)
    eps = bt.load_episodes(episodes)
    with open_app(store, kb_dir, methodology) as application:
        outcomes = bt.run(application, eps, knowledge.value)
    total = bt.summary(outcomes)
    if fmt.structured:
        docs = [{"id": o.episode.id, "alliance": o.episode.alliance,
                 "measure": o.episode.measure, "before": o.episode.before.isoformat(),
                 "after": o.episode.after.isoformat(), "expected": o.episode.expected,
                 "score_before": o.before, "score_after": o.after, "moved": o.moved,
                 "result": o.result, "why": o.why} for o in outcomes]
        echo(render(docs, fmt, document={"summary": total, "knowledge": knowledge.value,
                                         "episodes": docs}))
        return
    rows = [{"episode": o.episode.id, "alliance": o.episode.alliance,
             "measure": o.episode.measure if fmt is Format.csv else t(o.episode.measure, lang_),
             "expected": o.episode.expected, "moved": o.moved,
             "result": o.result if fmt is Format.csv else t(o.result, lang_),
             "why": "; ".join(f"{w['indicator']} {w['change'] if w['change'] is not None else '–'}"
                              for w in o.why[:4])} for o in outcomes]
    if fmt is not Format.csv:
        rows = [{t(k, lang_): v for k, v in r.items()} for r in rows]
    echo(render(rows, fmt))
    typer.echo(f"{t('hits', lang_)}: {total['hits']}/{total['episodes']} "
               f"({total['misses']} {t('miss', lang_)}, {total['no_score']} "
               f"{t('no_score', lang_)})", err=True)


@hookimpl
def alliance_register_commands(cli: typer.Typer) -> None:
    cli.command("backtest", help=h("backtest"))(backtest)
