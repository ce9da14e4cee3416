"""Commands of the event-series area: ``series``, ``gdelt report|indicators``, ``fetch gdelt``.

Thin: each command parses options, calls one library function and prints through the shared
renderer (``present.output.render``).
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from alliance_monitor.commands.options import (
    FormatOpt,
    SilentOpt,
    StoreOpt,
    echo,
    fail,
    load_kb,
    parse_date,
    resolve,
)
from alliance_monitor.plugins import hookimpl
from alliance_monitor.present.i18n import message as _
from alliance_monitor.present.output import Format, render


class FreqChoice(StrEnum):
    day = "day"
    week = "week"
    month = "month"
    year = "year"


class SourceChoice(StrEnum):
    gdelt = "gdelt"
    news = "news"
    plover = "plover"
    all = "all"


class EngineChoice(StrEnum):
    duckdb = "duckdb"
    spark = "spark"


class ByChoice(StrEnum):
    quad = "quad"
    plover = "plover"


class KindChoice(StrEnum):
    export = "export"
    mentions = "mentions"


SERIES_TABLE_COLUMNS = ["alliance", "period", "events", "weighted_events", "goldstein_mean",
                        "cooperation_share", "conflict_share"]


def _note(text: str, silent: bool) -> None:
    if not silent:
        typer.echo(f"Note: {text}", err=True)


def _start_date(value: str | None, option: str) -> dt.date | None:
    """YYYY, YYYY-MM or YYYY-MM-DD as the first day it names."""
    if value is None:
        return None
    try:
        if len(value) == 4:
            return dt.date(int(value), 1, 1)
        if len(value) == 7:
            return dt.date(int(value[:4]), int(value[5:]), 1)
        return dt.date.fromisoformat(value)
    except ValueError:
        fail(f"bad date '{value}' for {option}; use YYYY-MM-DD (e.g. 2019-10-01), YYYY-MM or "
             "YYYY")


def _stamp(value: str | None, option: str, end: bool) -> dt.datetime | None:
    """A 15-minute stamp: YYYY-MM-DD[THH:MM[:SS]] or YYYYMMDDHHMMSS; a bare day means its
    first (--from) or last (--to) file."""
    if value is None:
        return None
    try:
        if len(value) == 14 and value.isdigit():
            return dt.datetime.strptime(value, "%Y%m%d%H%M%S")
        if len(value) == 10:
            day = dt.date.fromisoformat(value)
            return dt.datetime.combine(day, dt.time(23, 59, 59) if end else dt.time(0))
        return dt.datetime.fromisoformat(value)
    except ValueError:
        fail(f"bad time '{value}' for {option}; use YYYY-MM-DD, YYYY-MM-DDTHH:MM or "
             "YYYYMMDDHHMMSS (e.g. 2019-10-24T14:30)")


def series(
    alliances: Annotated[list[str], typer.Argument(
        help=_("Alliance ids, e.g. usa-kor NATO-IP4."))],
    freq: Annotated[FreqChoice, typer.Option("--freq", help=_("Period length."))]
    = FreqChoice.month,
    source: Annotated[SourceChoice, typer.Option(
        "--source", help=_("GDELT events, coded news events (table events), PLOVER records, or "
                         "all."))] = SourceChoice.gdelt,
    engine: Annotated[EngineChoice, typer.Option(
        "--engine", help=_("DuckDB (default) or Spark (optional extra, local mode)."))]
        = EngineChoice.duckdb,
    by: Annotated[ByChoice, typer.Option(
        "--by", help=_("Quad classes (one row per period) or PLOVER categories."))] = ByChoice.quad,
    start: Annotated[str | None, typer.Option("--from", help=_("First day, YYYY[-MM[-DD]]."))]
        = None,
    end: Annotated[str | None, typer.Option("--to", help=_("Last day, YYYY[-MM[-DD]]."))] = None,
    events: Annotated[Path | None, typer.Option(
        "--events", help=_("Read GDELT events from Parquet (file or folder with the "
                         "gdelt_events columns) instead of the store."))] = None,
    store: StoreOpt = None, fmt: FormatOpt = Format.table, silent: SilentOpt = False,
) -> None:
    """Cooperation/conflict series per alliance and period from noise-filtered event data.

    Counts, source-weighted counts, mean Goldstein value, and quad-class (or PLOVER category)
    shares; the same Ibis expression runs on DuckDB or Spark.

    Example: alliance series usa-kor --freq month --engine spark --format csv
    """
    from alliance_monitor.series.build import EngineError, build_series

    kb, con = load_kb(store)
    ids = resolve(kb, alliances)
    first = _start_date(start, "--from")
    last = parse_date(end, "--to") if end else None
    if events is not None and not events.exists():
        fail(f"--events: {events} does not exist; give a Parquet file or folder")
    try:
        result = build_series(con, ids, freq.value, source.value, engine.value, by.value,
                              first, last, events)
    except EngineError as exc:
        fail(str(exc))
    for note in result.notes:
        _note(note, silent)
    rows = result.table.to_pylist()
    if not rows:
        _note("no events for these alliances and periods", silent)
    cols = None if fmt.machine or by is ByChoice.plover \
        else SERIES_TABLE_COLUMNS
    echo(render(rows, fmt, columns=cols, title=f"{', '.join(ids)} · {freq.value} · "
                f"{source.value}"))


gdelt_app = typer.Typer(no_args_is_help=True, add_completion=False, rich_markup_mode=None,
                        help=_("GDELT event files: noise report and yearly indicator values."))


@gdelt_app.command("report")
def gdelt_report(
    files: Annotated[list[Path], typer.Argument(help=_("GDELT or PLOVER files (zip or plain)."))],
    examples: Annotated[int, typer.Option("--examples", help=_("Examples per rule."))] = 3,
    fmt: FormatOpt = Format.table, silent: SilentOpt = False,
) -> None:
    """Show what each noise rule removes from event files, with counts and examples.

    The files are imported into a temporary in-memory store (the real import), nothing is
    written to your store.

    Example: alliance gdelt report ../shared/data/events/gdelt2/20191024143000.export.CSV
    """
    from alliance_monitor.series.gdelt_report import noise_report

    missing = [str(f) for f in files if not f.is_file()]
    if missing:
        fail(f"not a file: {', '.join(missing)}")
    doc = noise_report(files, examples)
    for bad in doc["bad_files"]:
        _note(f"{bad['file']}: {bad['reason']}", silent)
    if fmt.structured:
        echo(render([doc], fmt, document=doc))
        return
    rules = [{"rule": r["rule"], "removed": r["removed"], "matched_alone": r["matched"],
              "alliance_rows_removed": r["alliance_rows_removed"],
              "detail": ", ".join(f"{k} {v}" for k, v in r["beats"].items()) or
              r["description"]} for r in doc["rules"]]
    rules.append({"rule": "kept", "removed": doc["kept"], "matched_alone": None,
                  "alliance_rows_removed": None, "detail": f"of {doc['events']} GDELT events"})
    gap = "\n" if fmt.for_people else ""
    echo(render(rules, fmt, title="Noise rules (each row removed by the first rule that "
                                 "matches)") + gap)
    examples_rows = [{"rule": r["rule"], **{k: e[k] for k in ("id", "date", "dyad",
                                                             "actor_codes", "code", "source")}}
                     for r in doc["rules"] for e in r["examples"]]
    if examples_rows:
        echo(render(examples_rows, fmt, title="Examples (alliance dyads first)") + gap)
    if doc["alliances"]:
        echo(render(doc["alliances"], fmt, title="Alliance dyad rows: in the files / kept for "
                                                 "the series") + gap)
    quarantine = [{"reason": q["reason"], "rows": q["rows"],
                   "examples": "; ".join(f"{e['file']}:{e['line']}" for e in q["examples"])}
                  for q in doc["quarantine"]]
    if quarantine:
        echo(render(quarantine, fmt, title="Quarantined rows") + gap)
    echo(render(doc["files"], fmt, title="Files"))


@gdelt_app.command("indicators")
def gdelt_indicators(store: StoreOpt = None, fmt: FormatOpt = Format.table,
                     silent: SilentOpt = False) -> None:
    """Recompute the yearly GDELT indicator values of every alliance and print them.

    Writes gdelt_cooperation_share and gdelt_mean_goldstein into indicator_values (the
    assessment reads them); an import does this for the years it touches.

    Example: alliance gdelt indicators --format csv
    """
    from alliance_monitor.series.indicators import update_indicators
    from alliance_monitor.store import StoreError, writer
    from alliance_monitor.store.db import transaction

    try:
        with writer(store) as con, transaction(con):
            n = update_indicators(con)
            rows = con.execute(
                "SELECT indicator, subject, year, value, note FROM indicator_values WHERE "
                "dataset = 'gdelt' ORDER BY indicator, subject, year").fetchall()
    except StoreError as exc:
        fail(str(exc), code=exc.exit_code)
    _note(f"{n} values written", silent)
    echo(render([dict(zip(("indicator", "subject", "year", "value", "note"), r, strict=True))
                 for r in rows], fmt))


def fetch_gdelt(
    start: Annotated[str | None, typer.Option(
        "--from", help=_("First 15-minute file, YYYY-MM-DD[THH:MM] or YYYYMMDDHHMMSS."))] = None,
    end: Annotated[str | None, typer.Option("--to", help=_("Last 15-minute file."))] = None,
    follow: Annotated[bool, typer.Option(
        "--follow", help=_("Then poll GDELT's last-update list every --interval seconds."))]
        = False,
    kind: Annotated[list[KindChoice] | None, typer.Option(
        "--kind", help=_("File kinds (repeatable): export (events), mentions."))] = None,
    dest: Annotated[Path | None, typer.Option(
        "--dest", help=_("Download folder (default: the user cache dir)."))] = None,
    base_url: Annotated[str, typer.Option(
        "--base-url", help=_("Where the file lists live."))] = "http://data.gdeltproject.org/gdeltv2/",
    translingual: Annotated[bool, typer.Option(
        "--translingual", help=_("The translated-sources stream instead of English."))] = False,
    interval: Annotated[float, typer.Option("--interval", help=_("Seconds between polls."))]
        = 900.0,
    polls: Annotated[int, typer.Option("--polls", help=_("Stop after N polls (0 = never)."))] = 0,
    ingest: Annotated[bool, typer.Option(
        "--ingest/--no-ingest", help=_("Import the files into the store."))] = True,
    store: StoreOpt = None, fmt: FormatOpt = Format.table, silent: SilentOpt = False,
) -> None:
    """Download GDELT 2.0 files from its file lists (size and MD5 checked, resumable) and
    import them into the store; --follow keeps it current every 15 minutes.

    Example: alliance fetch gdelt --from 2019-10-24T14:00 --to 2019-10-24T15:00
    """
    from platformdirs import user_cache_dir

    from alliance_monitor.ingest import fetch_gdelt as fg

    first, last = _stamp(start, "--from", False), _stamp(end, "--to", True)
    if not follow and (first is None or last is None):
        fail("give --from and --to (or --follow to poll for new files)")
    if first and last and last < first:
        fail(f"--to ({end}) is before --from ({start})")
    kinds = tuple(k.value for k in (kind or [KindChoice.export]))
    folder = dest or Path(user_cache_dir("alliance-monitor", appauthor=False)) / "gdelt"
    base = base_url if base_url.endswith("/") else base_url + "/"
    rows: list[dict[str, Any]] = []

    def handle(report: fg.FetchReport) -> None:
        rows.extend(report.rows())
        for url, why in report.failed:
            _note(f"{url}: {why}", silent)
        if ingest and report.files:
            _ingest(report.files, store, silent)

    failed = False
    if first is not None and last is not None:
        try:
            got = fg.fetch(folder, first, last, kinds, base, translingual, not silent)
        except (fg.FetchError, OSError) as exc:
            fail(f"cannot read the file list at {base}: {exc}", code=1)
        handle(got)
        failed = got.all_failed
    if follow:
        fg.follow(folder, handle, kinds, base, translingual, interval, polls, not silent)
    echo(render(rows, fmt))
    if failed:  # every selected file failed: say so with the exit code
        raise typer.Exit(1)


def _ingest(files: list[Path], store: Path | None, silent: bool) -> None:
    from alliance_monitor.ingest.events_files import ingest_event_files
    from alliance_monitor.store import writer

    with writer(store) as con:
        report = ingest_event_files(con, files, progress=not silent)
    _note(f"imported {report.added} new file(s), {report.unchanged} already imported, "
          f"{report.events} rows added", silent)


def _group(app: typer.Typer, name: str, help_text: str) -> typer.Typer:
    """The sub-command group ``name``, shared with other areas that add to it."""
    for info in app.registered_groups:
        if info.name == name and info.typer_instance is not None:
            return info.typer_instance
    group = typer.Typer(no_args_is_help=True, add_completion=False, rich_markup_mode=None,
                        help=help_text)
    app.add_typer(group, name=name)
    return group


def register(app: typer.Typer) -> None:
    app.command("series")(series)
    app.add_typer(gdelt_app, name="gdelt")
    _group(app, "fetch", "Download data from their publishers.").command("gdelt")(fetch_gdelt)


@hookimpl
def alliance_register_commands(cli: typer.Typer) -> None:
    register(cli)
