"""Commands of the coding stage: ``alliance code``, ``alliance events``, ``alliance evaluate``.

No ``from __future__ import annotations`` here: typer reads the option annotations of the
commands defined inside :func:`register`, where the shared options are imported.
"""

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from alliance_monitor.plugins import hookimpl
from alliance_monitor.present.i18n import message as _
from alliance_monitor.present.i18n import t
from alliance_monitor.present.output import safe


def _t(key: str, lang: str) -> str:
    return t("coding." + key, lang)


def _signal_text(signals: list[Any]) -> str:
    parts = []
    for s in signals:
        d = s["direction"] if isinstance(s, dict) else s.direction
        a = s["alliance"] if isinstance(s, dict) else s.alliance
        c = s["criterion"] if isinstance(s, dict) else s.criterion
        parts.append(f"{a} {c} {'+1' if d > 0 else '-1'}")
    return "; ".join(parts)


def _short(text: str, n: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def register(app: typer.Typer) -> None:
    from alliance_monitor.commands.options import (
        FormatOpt,
        Lang,
        LangOpt,
        StoreOpt,
        check_lang,
        fail,
        parse_date,
    )
    from alliance_monitor.present.output import Format, render

    @app.command()
    def code(
        items: Annotated[list[str], typer.Argument(
            help=_("Files, directories, URLs or feeds; '-' reads stdin."))],
        fmt: Annotated[Format, typer.Option("--format", "-f", help=_("Output format."))]
        = Format.jsonl,
        store: StoreOpt = None,
        lang: LangOpt = Lang.en,
    ) -> None:
        """Code documents into events (who did what to whom, when, with alliance signals)
        without storing them. One JSON object per event with --format jsonl.

        Example: alliance code ../shared/seeds/000_7764285c8038fff4.txt --format jsonl
        """
        from alliance_monitor.coding import code_items
        from alliance_monitor.coding.kb import use_knowledge
        from alliance_monitor.commands.options import open_app

        check_lang(lang)
        with open_app(store) as application:  # the knowledge base of the store: one truth
            use_knowledge(application.knowledge)
        result = code_items(items, stdin=sys.stdin.buffer if "-" in items else None)
        for note in result.notes:
            typer.echo(f"note: {note}", err=True)
        for bad in result.bad:
            typer.echo(f"{_t('bad', lang)}: {safe(bad.item)}: {safe(bad.reason)}", err=True)
        events = [e.event.model_dump(mode="json") for e in result.events]
        if fmt.structured:
            if events:
                typer.echo(render(events, fmt, document=events))
            return
        if not events:
            typer.echo(_t("no_events", lang), err=True)
            return
        rows = [{_t("doc", lang): e["doc"], _t("date", lang): e["date"],
                 _t("source", lang): e["source"], _t("target", lang): e["target"],
                 _t("category", lang): e["category"],
                 _t("signals", lang): _signal_text(e["signals"]),
                 _t("confidence", lang): e["confidence"],
                 _t("evidence", lang): _short(e["evidence"]["text"])} for e in events]
        typer.echo(render(rows, fmt))

    @app.command()
    def events(
        alliance: Annotated[str | None, typer.Option(
            "--alliance", "-a", help=_("Only events with a signal for this alliance."))] = None,
        since: Annotated[str | None, typer.Option(help=_("From this date (YYYY-MM-DD)."))] = None,
        until: Annotated[str | None, typer.Option(help=_("Up to this date (YYYY-MM-DD)."))] = None,
        disputed: Annotated[bool, typer.Option(
            "--disputed", help=_("Only events contradicted by other reports."))] = False,
        limit: Annotated[int | None, typer.Option(help=_("At most this many events."))] = None,
        store: StoreOpt = None, fmt: FormatOpt = Format.table, lang: LangOpt = Lang.en,
    ) -> None:
        """List stored events with their signals, mentions (sentences) and disputed flags.

        Example: alliance events --alliance NATO-IP4 --disputed --format json
        """
        from alliance_monitor.coding import stored_events
        from alliance_monitor.coding.kb import knowledge_base
        from alliance_monitor.coding.signals import default_rules
        from alliance_monitor.store import StoreError, connect

        check_lang(lang)
        wanted = None
        if alliance:
            kb, _ = knowledge_base()
            try:
                wanted = kb.resolve_alliance(alliance) if kb is not None else alliance.upper()
            except KeyError:
                valid = ", ".join(kb.alliances) if kb is not None else ""
                fail(f"unknown alliance '{alliance}'; valid: {valid} "
                     f"(case-insensitive; aliases such as us-jpn or JPN-USA work)")
        try:
            con = connect(store, read_only=True)
        except StoreError as exc:
            fail(str(exc), code=exc.exit_code)
        try:
            rows = stored_events(con, alliance=wanted,
                                 since=parse_date(since, "--since") if since else None,
                                 until=parse_date(until, "--until") if until else None,
                                 disputed_only=disputed, limit=limit)
        except Exception as exc:  # a store built before the news tables existed
            fail(f"cannot read events ({str(exc).splitlines()[0]}); run 'alliance ingest' "
                 f"to create and fill the news tables")
        if fmt.structured:
            typer.echo(render(rows, fmt, document=rows))
            return
        if not rows:
            typer.echo(_t("no_stored", lang), err=True)
            return
        explain = {rule.id: rule.explain for rule in default_rules().rules}
        table = [{"id": r["event_id"], _t("date", lang): r["date"],
                  _t("source", lang): r["source"], _t("target", lang): r["target"],
                  _t("category", lang): r["category"],
                  _t("signals", lang): _signal_text(r["signals"]),
                  _t("disputed", lang): "⚠ " + ", ".join(d["event"] for d in r["disputed_with"])
                  if r["disputed"] else "",
                  _t("mentions", lang): r["mentions"], _t("sources", lang): r["sources"],
                  _t("why", lang): _short("; ".join(
                      explain[s["rule"]].get(lang, "") for s in r["signals"]
                      if s.get("rule") in explain), 70),
                  _t("evidence", lang): _short(r["evidence"][0]["text"] if r["evidence"]
                                               else "", 70)} for r in rows]
        typer.echo(render(table, fmt))

    @app.command()
    def evaluate(
        gold: Annotated[Path | None, typer.Argument(
            help=_("Labelled passages in the news-dev.json format."))] = None,
        plover: Annotated[Path | None, typer.Option(
            "--plover", help=_("Score on the PLOVER gold-standard file instead."))] = None,
        subset: Annotated[str | None, typer.Option(
            "--subset", help=_("Only even or odd passage ids (tune on one, test on the other)."))]
        = None,
        details: Annotated[bool, typer.Option(
            "--details", help=_("Also list missed and wrong items per passage."))] = False,
        against: Annotated[Path | None, typer.Option(
            "--against", help=_("Annotator agreement: score this second annotation of the same "
                                "passages (ids and events, no text) against GOLD.json instead "
                                "of running the coder."))] = None,
        fmt: FormatOpt = Format.table, lang: LangOpt = Lang.en,
    ) -> None:
        """Score the coder: signal and event precision, recall and F1 per language, or PLOVER
        category and actor scores.

        Example: alliance evaluate ../shared/eval/news-dev.json --subset odd
        """
        from alliance_monitor.coding import evaluate_gold, evaluate_plover
        from alliance_monitor.coding.evaluate import GoldError, agreement

        check_lang(lang)
        if subset not in (None, "even", "odd", "all"):
            fail(f"unknown subset '{subset}'; choose even, odd or all")
        if plover is None and gold is None:
            fail("give a labelled file (GOLD.json) or --plover PATH; "
                 "example: alliance evaluate ../shared/eval/news-dev.json")
        try:
            if plover is not None:
                result = evaluate_plover(plover)
                rows = result.rows()
                if fmt.structured:
                    doc = {"records": result.records, "coded": result.coded,
                           "category_correct": result.category_correct,
                           "category": result.category.as_dict(),
                           "source": result.source.as_dict(), "target": result.target.as_dict(),
                           "per_category": {k: v.as_dict()
                                            for k, v in sorted(result.per_category.items())}}
                    typer.echo(render([doc], fmt, document=doc))
                else:
                    typer.echo(render([{_t("measure", lang): r["measure"],
                                        _t("value", lang): r["value"]} for r in rows], fmt))
                return
            assert gold is not None
            ev = agreement(gold, against) if against is not None else evaluate_gold(gold, subset)
        except GoldError as exc:
            fail(str(exc))
        rows = ev.rows()
        if fmt.structured:
            doc = {"subset": subset or "all",
                   "signals": {k: v.as_dict() for k, v in ev.by_language("signals").items()},
                   "events": {k: v.as_dict() for k, v in ev.by_language("events").items()},
                   "dated_events": {k: v.as_dict() for k, v in ev.dated_events().items()},
                   "confusion": ev.confusion_rows()}
            if details:
                doc["passages"] = [{"id": p.id, "language": p.language, "missed": p.missed,
                                    "wrong": p.wrong} for p in ev.passages]
            typer.echo(render(rows, fmt, document=doc))
            return
        typer.echo(render(rows, fmt))
        typer.echo(render(ev.confusion_rows(), fmt))
        if details:
            for p in ev.passages:
                if p.missed or p.wrong:
                    typer.echo(f"{p.id} ({p.language}) missed: {p.missed} wrong: {p.wrong}")


@hookimpl
def alliance_register_commands(cli: typer.Typer) -> None:
    register(cli)
