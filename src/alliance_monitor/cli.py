"""The ``alliance`` command line: thin parsing and printing over :mod:`alliance_monitor.api`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from alliance_monitor import api
from alliance_monitor.assess import MethodologyError
from alliance_monitor.knowledge import KnowledgeError
from alliance_monitor.knowledge.loader import KnowledgeBase
from alliance_monitor.plugins import optional_import
from alliance_monitor.present.i18n import t
from alliance_monitor.present.output import Format, render
from alliance_monitor.store import StoreError

app = typer.Typer(no_args_is_help=True, add_completion=False, rich_markup_mode=None,
                  help="Alliance Monitor: sourced model and resilience assessment of the US "
                       "alliances in the Indo-Pacific (SWP framework). "
                       "Bündnis-Monitor: belegtes Modell und Belastbarkeitsbewertung.")

# Shared options: every command that prints data uses the same ones.
StoreOpt = Annotated[Path | None, typer.Option(
    "--store", envvar="ALLIANCE_STORE", help="DuckDB store file (default: user data dir).")]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
LangOpt = Annotated[str, typer.Option("--lang", help="Language of prose: en or de.")]
SilentOpt = Annotated[bool, typer.Option("--silent", help="No progress bars or notes.")]

CLI_PLUGINS = ("alliance_monitor.datasets.cli", "alliance_monitor.series.cli",
               "alliance_monitor.coding.cli")


def fail(message: str, code: int = 2) -> NoReturn:
    typer.echo(f"Error: {message}", err=True)
    raise typer.Exit(code)


def echo(text: str) -> None:
    typer.echo(text)


def check_lang(lang: str) -> str:
    if lang not in ("en", "de"):
        fail(f"unknown language '{lang}'; choose one of: en, de")
    return lang


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


def load_kb(store: Path | None) -> tuple[KnowledgeBase, Any]:
    try:
        return api.open_kb(store)
    except StoreError as exc:
        fail(str(exc), code=exc.exit_code)
    except KnowledgeError as exc:
        fail(str(exc), code=1)


def resolve(kb: KnowledgeBase, ids: list[str] | None) -> list[str]:
    try:
        return api.resolve_alliances(kb, ids)
    except KeyError as exc:
        fail(f"unknown alliance {exc}; valid: {', '.join(kb.alliances)} "
             f"(case-insensitive; aliases such as us-jpn or JPN-USA work)")


@app.command()
def build(store: StoreOpt = None, silent: SilentOpt = False) -> None:
    """Validate the knowledge base and build or update the store (idempotent).

    Example: alliance build --store /tmp/alliance.duckdb
    """
    try:
        result = api.build_store(store)
    except KnowledgeError as exc:
        fail(str(exc), code=1)
    if not silent:
        counts = ", ".join(f"{v} {k}" for k, v in result.counts.items())
        state = "updated" if result.changed else "unchanged"
        typer.echo(f"Store {state}: {counts}", err=True)


@app.command()
def assess(
    alliances: Annotated[list[str] | None, typer.Argument(
        help="Alliance ids (default: all), e.g. USA-JPN us-kor.")] = None,
    at: Annotated[str | None, typer.Option("--at", help="As-of date, YYYY-MM-DD.")] = None,
    methodology: Annotated[Path | None, typer.Option(
        "--methodology", help="Use your own methodology YAML file.")] = None,
    store: StoreOpt = None, fmt: FormatOpt = Format.table, lang: LangOpt = "en",
) -> None:
    """Assess alliance resilience: three criteria, two fears, overall, with evidence.

    Example: alliance assess usa-jpn usa-kor --at 2021-05-01 --format json
    """
    check_lang(lang)
    day = parse_date(at)
    kb, con = load_kb(store)
    ids = resolve(kb, alliances)
    try:
        results = api.assess_alliances(kb, ids, day, con=con, methodology=methodology, lang=lang)
    except MethodologyError as exc:
        fail(str(exc))
    if fmt in (Format.json, Format.jsonl):
        docs = api.assessment_documents(results)
        echo(render(docs, fmt, document=docs))
    else:
        echo(render(api.assessment_rows(results, lang), fmt, title=t("assessment_title", lang)))


@app.command()
def compare(at: Annotated[str | None, typer.Option("--at", help="As-of date (the table is "
                                                   "the study's, May 2021).")] = None,
            store: StoreOpt = None, fmt: FormatOpt = Format.table, lang: LangOpt = "en") -> None:
    """Compare threat perceptions and interests of USA, JPN, KOR (study table, pp. 22f).

    Example: alliance compare --format json --lang de
    """
    check_lang(lang)
    parse_date(at)
    kb, _ = load_kb(store)
    rows = api.compare(kb, lang)
    if fmt in (Format.json, Format.jsonl, Format.csv):
        echo(render(rows, fmt))
        return
    keys = {"country": "country", "topic_label": "topic", "threat_level": "threat_level",
            "priority_rank": "priority_rank", "preferred_means": "preferred_means",
            "summary": "summary"}
    shown = [{t(label, lang): r[key] for key, label in keys.items()} for r in rows]
    echo(render(shown, fmt, title=t("compare_title", lang)))


@app.command()
def facts(alliance: Annotated[str | None, typer.Option("--alliance", "-a",
                                                       help="Only facts of this alliance.")] = None,
          subject: Annotated[str | None, typer.Option(help="Only this subject id.")] = None,
          attribute: Annotated[str | None, typer.Option(help="Only this attribute.")] = None,
          store: StoreOpt = None, fmt: FormatOpt = Format.table, lang: LangOpt = "en") -> None:
    """List the sourced facts of the knowledge base.

    Example: alliance facts --alliance usa-kor --format csv
    """
    check_lang(lang)
    kb, _ = load_kb(store)
    if alliance:
        resolve(kb, [alliance])
    rows = api.fact_rows(kb, alliance, subject, attribute, lang)
    cols = ["id", "subject", "attribute", "value", "unit", "valid_from", "status", "source"]
    echo(render(rows, fmt, columns=None if fmt in (Format.json, Format.jsonl) else cols))


@app.command()
def alliances(store: StoreOpt = None, fmt: FormatOpt = Format.table, lang: LangOpt = "en") -> None:
    """List the alliances with members, treaty and institutions.

    Example: alliance alliances --format md --lang de
    """
    check_lang(lang)
    kb, _ = load_kb(store)
    rows = api.alliance_rows(kb, lang)
    echo(render(rows, fmt, columns=None if fmt is Format.json else
                ["id", "name", "members", "treaty", "key_article", "mutual"]))


@app.command()
def actors(kind: Annotated[str | None, typer.Option(help="state, organisation, group, "
                                                    "person")] = None,
           at: Annotated[str | None, typer.Option("--at", help="Only persons in office then.")]
           = None,
           store: StoreOpt = None, fmt: FormatOpt = Format.table, lang: LangOpt = "en") -> None:
    """List actors; persons with their time-bounded offices.

    Example: alliance actors --kind person --at 2019-06-30
    """
    check_lang(lang)
    day = parse_date(at) if at else None
    kb, _ = load_kb(store)
    echo(render(api.actor_rows(kb, kind, day, lang), fmt))


@app.command()
def ingest(items: Annotated[list[str], typer.Argument(
               help="Files, directories, URLs, feeds, GDELT/PLOVER files; '-' reads stdin.")],
           store: StoreOpt = None, fmt: FormatOpt = Format.table, silent: SilentOpt = False
           ) -> None:
    """Ingest documents, feeds, GDELT or PLOVER files into the store (idempotent).

    Example: alliance ingest ../shared/data/events/gdelt2/20191024143000.export.CSV
    """
    from alliance_monitor.ingest.dispatch import ingest_store

    reports = ingest_store(store, items, progress=not silent)  # downloads, then the lock
    docs = [r.as_dict() for r in reports]
    if fmt is Format.json:
        echo(render(docs, fmt, document=docs))
        return
    rows = [{"kind": r.kind, "added": r.added, "unchanged": r.unchanged, "events": r.events,
             "bad": len(r.bad)} for r in reports]
    echo(render(rows, fmt))
    for r in reports:
        for b in r.bad:
            typer.echo(f"bad item: {b.item}: {b.reason}", err=True)


def _register_plugins() -> None:
    for module in CLI_PLUGINS:
        mod = optional_import(module)
        if mod is not None:
            mod.register(app)


_register_plugins()


def main() -> None:
    from alliance_monitor.errors import AllianceError

    try:
        app(prog_name="alliance")
    except AllianceError as exc:  # e.g. StoreLocked: one line and its exit code, no traceback
        typer.echo(f"Error: {str(exc).splitlines()[0] if str(exc) else exc!r}", err=True)
        raise SystemExit(exc.exit_code) from None


if __name__ == "__main__":  # pragma: no cover
    main()
