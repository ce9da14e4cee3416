"""Commands ``alliance datasets list|fetch|load`` and ``alliance indicators``.

Registered through the plugin hook; parsing and printing only, the work is in
:mod:`alliance_monitor.commands.datasets_api`. The shared options come from
``alliance_monitor.cli``, imported when registering.
"""


from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from alliance_monitor.plugins import hookimpl
from alliance_monitor.present.i18n import message as _
from alliance_monitor.present.output import safe

if TYPE_CHECKING:
    from alliance_monitor.ingest.report import IngestReport

#: Seconds without data before a download gives up (same as ``fetch.DEFAULT_TIMEOUT``, kept
#: here so registering the commands does not import httpx).
DEFAULT_TIMEOUT = 60.0


_TEXT: dict[str, tuple[str, str]] = {
    "rejected": ("rejected", "abgewiesen"),
    "bad_row": ("bad row", "fehlerhafte Zeile"),
    "more": ("… and {n} more bad rows in {file}", "… und {n} weitere fehlerhafte Zeilen in {file}"),
    "skipped": ("skipped {n}: {reason}", "übersprungen {n}: {reason}"),
    "cache": ("cache", "Cache"),
    "resumed": ("resumed download", "fortgesetzter Download"),
    "download": ("download", "Download"),
    "bytes": ("bytes", "Bytes"),
    "store_busy": ("cannot open the store for writing ({error}); close other 'alliance' "
                   "processes that use it and try again",
                   "der Speicher kann nicht zum Schreiben geöffnet werden ({error}); andere "
                   "'alliance'-Prozesse schließen und erneut versuchen"),
}


def text(key: str, lang: str = "en", **values: Any) -> str:
    """German or English prose of these commands (data and technical reasons stay as they are)."""
    en, de = _TEXT[key]
    return (de if lang == "de" else en).format(**values)


def _print_reports(reports: list["IngestReport"], fmt: Any, silent: bool, lang: str = "en") -> int:
    """Print load reports (bad rows to stderr); the exit code: 1 if a file was rejected."""
    from alliance_monitor.commands.options import echo
    from alliance_monitor.present.output import render

    docs = [r.as_dict() for r in reports]
    if fmt.structured:
        echo(render(docs, fmt, document=docs))
    else:
        rows = [{"dataset": r.details.get("dataset"), "file": r.details.get("file"),
                 "status": r.details.get("status"), "added": r.added,
                 "updated": r.details.get("updated", 0), "unchanged": r.unchanged,
                 "bad": r.details.get("bad_rows", len(r.bad)),
                 "indicator_values": r.details.get("indicator_values"),
                 "facts": r.details.get("dataset_facts")} for r in reports]
        echo(render(rows, fmt))
    if not silent:
        for r in reports:
            kind = text("rejected" if r.details.get("status") == "rejected" else "bad_row", lang)
            for b in r.bad:
                typer.echo(f"{kind}: {safe(b.item)}: {safe(b.reason)}", err=True)
            more = r.details.get("bad_rows_not_listed")
            if more:
                typer.echo(text("more", lang, n=more, file=r.details.get("file")), err=True)
            for reason, n in (r.details.get("skipped") or {}).items():
                typer.echo(text("skipped", lang, n=n, reason=reason), err=True)
    return 1 if any(r.details.get("status") == "rejected" for r in reports) else 0


def register(app: typer.Typer) -> None:
    # Registering runs on every start: the store, the data-set registry and DuckDB are
    # imported by the commands that use them, not here.
    from alliance_monitor.commands.options import (
        FormatOpt,
        Lang,
        LangOpt,
        SilentOpt,
        StoreOpt,
        check_lang,
        echo,
        fail,
        load_kb,
        resolve,
    )
    from alliance_monitor.present.output import Format, render

    datasets = typer.Typer(no_args_is_help=True, rich_markup_mode=None,
                           help=_("Indicator data sets: list, fetch and load them. "
                                "Indikator-Datensätze: auflisten, herunterladen, laden."))

    @datasets.command("list")
    def list_(store: StoreOpt = None, fmt: FormatOpt = Format.table,
              lang: LangOpt = Lang.en) -> None:
        """List the data sets: source, licence, years covered and what is loaded.

        Example: alliance datasets list --lang de --format json
        """
        from alliance_monitor.app import App
        from alliance_monitor.commands import datasets_api as api
        from alliance_monitor.knowledge import KnowledgeError
        from alliance_monitor.store import db

        check_lang(lang)
        target = Path(store) if store is not None else db.default_store_path()
        if not target.exists():
            try:
                App(target).build()
            except KnowledgeError as exc:
                fail(str(exc), code=1)
        con = db.connect(target, read_only=True)
        try:
            rows = api.dataset_rows(con, lang)
        finally:
            con.close()
        if fmt.structured:
            echo(render(rows, fmt, document=rows))
            return
        cols = ["name", "title", "source", "licence", "years", "criteria", "loaded"]
        if fmt is Format.csv:
            cols += ["description", "citation", "url"]
        echo(render(rows, fmt, columns=cols))

    @datasets.command("load")
    def load(name: Annotated[str, typer.Argument(
                 help=_("Data set name (see 'datasets list'), or 'all' with a folder."))],
             path: Annotated[Path, typer.Argument(
                 help=_("The official file (CSV or the distributor's zip), or a folder."))],
             force: Annotated[bool, typer.Option(
                 "--force", help=_("Parse and upsert even if this file was loaded before."))]
             = False,
             store: StoreOpt = None, fmt: FormatOpt = Format.table,
             silent: SilentOpt = False, lang: LangOpt = Lang.en) -> None:
        """Load a local copy of a data set into the store (idempotent; bad rows are reported).

        Example: alliance datasets load all ../shared/data/indicators
        """
        import duckdb

        from alliance_monitor.commands import datasets_api as api
        from alliance_monitor.datasets.reading import DatasetFileError
        from alliance_monitor.datasets.registry import UnknownDataset
        from alliance_monitor.store import StoreError, db

        check_lang(lang)
        if not path.exists():
            fail(f"no such file or folder: {path}")
        try:
            with db.writer(store) as con:
                reports = api.load_dataset(con, name, path, force=force)
        except UnknownDataset as exc:
            fail(str(exc))
        except DatasetFileError as exc:
            fail(str(exc), code=1)
        except StoreError as exc:  # StoreLocked: one line, exit code 1
            fail(str(exc), code=exc.exit_code)
        except (duckdb.IOException, duckdb.ConnectionException) as exc:
            fail(text("store_busy", lang, error=exc), code=1)
        if not reports:
            fail(f"no file of a known data set under {path}", code=1)
        raise typer.Exit(_print_reports(reports, fmt, silent, lang))

    @datasets.command("fetch")
    def fetch(name: Annotated[str, typer.Argument(help=_("Data set name (see 'datasets list')."))],
              url: Annotated[str | None, typer.Option(
                  "--url", help=_("Download from this address instead of the registry's."))]
              = None,
              sha256: Annotated[str | None, typer.Option(
                  "--sha256", help=_("Expected SHA-256 of the file; a mismatch is an error."))]
              = None,
              max_mb: Annotated[float, typer.Option(
                  "--max-mb", help=_("Refuse files larger than this many megabytes."))] = 500.0,
              timeout: Annotated[float, typer.Option(
                  "--timeout", help=_("Seconds without data before giving up."))]
              = DEFAULT_TIMEOUT,
              refresh: Annotated[bool, typer.Option(
                  "--refresh", help=_("Download again even if a cached copy exists."))] = False,
              cache: Annotated[Path | None, typer.Option(
                  "--cache-dir", envvar="ALLIANCE_CACHE",
                  help=_("Where downloads are kept (default: user cache dir)."))] = None,
              no_load: Annotated[bool, typer.Option(
                  "--no-load", help=_("Only download, do not load."))] = False,
              store: StoreOpt = None, fmt: FormatOpt = Format.table,
              silent: SilentOpt = False, lang: LangOpt = Lang.en) -> None:
        """Download the current official file of a data set (cached, resumable) and load it.

        Example: alliance datasets fetch sipri_milex --sha256 3f2a…
        """
        import duckdb

        from alliance_monitor.commands import datasets_api as api
        from alliance_monitor.datasets.fetch import FetchError
        from alliance_monitor.datasets.registry import UnknownDataset
        from alliance_monitor.store import StoreError, db

        check_lang(lang)
        report = None
        try:  # download first; the store's lock is taken only for the load
            result, source = api.download_dataset(
                name, url=url, sha256=sha256, max_bytes=int(max_mb * 1024 * 1024),
                timeout=timeout, refresh=refresh, progress=not silent, cache=cache)
            if not no_load:
                with db.writer(store) as con:
                    report = api.load_download(con, name, result, source)
        except UnknownDataset as exc:
            fail(str(exc))
        except FetchError as exc:
            fail(str(exc), code=1)
        except StoreError as exc:  # StoreLocked: one line, exit code 1
            fail(str(exc), code=exc.exit_code)
        except (duckdb.IOException, duckdb.ConnectionException) as exc:
            fail(text("store_busy", lang, error=exc), code=1)
        if not silent:
            where = text("cache" if result.from_cache else
                         ("resumed" if result.resumed else "download"), lang)
            typer.echo(f"{result.path} ({result.size:,} {text('bytes', lang)}, {where}, sha256 "
                       f"{result.sha256})", err=True)
        if report is None:
            return
        raise typer.Exit(_print_reports([report], fmt, silent, lang))

    app.add_typer(datasets, name="datasets")

    @app.command()
    def indicators(
        alliance: Annotated[str, typer.Argument(help=_("Alliance id, e.g. usa-kor."))],
        from_: Annotated[int | None, typer.Option("--from", help=_("First year."))] = None,
        to: Annotated[int | None, typer.Option("--to", help=_("Last year."))] = None,
        long: Annotated[bool, typer.Option(
            "--long", help=_("One row per value, with unit, data set and source."))] = False,
        store: StoreOpt = None, fmt: FormatOpt = Format.table, lang: LangOpt = Lang.en,
        silent: SilentOpt = False,
    ) -> None:
        """Print an alliance's indicator panel: one row per year, one column per indicator.

        Example: alliance indicators usa-kor --from 2015 --to 2023 --format csv
        """
        from alliance_monitor.commands import datasets_api as api

        check_lang(lang)
        if from_ is not None and to is not None and to < from_:
            fail(f"--to {to} is before --from {from_}")
        kb, con = load_kb(store)
        alliance_id = resolve(kb, [alliance])[0]
        members = kb.alliances[alliance_id].members
        if long:
            rows = api.panel_long_rows(con, alliance_id, members, from_, to)
            echo(render(rows, fmt, document=rows))
            return
        doc = api.panel_document(con, alliance_id, members, from_, to, lang)
        if fmt.structured:
            echo(render(doc["rows"], fmt, document=doc))
            return
        title = f"{api.label('panel_title', lang)} {alliance_id}"
        echo(render(doc["rows"], fmt, title=title))
        if not silent:
            typer.echo(f"{api.label('sources', lang)}:", err=True)
            for c in doc["columns"]:
                where = (f"{c['dataset']} ({c['source_ref']}), {c['unit']}, "
                         f"{c['first_year']}–{c['last_year']}" if c.get("dataset")
                         else api.label("no_values", lang))
                typer.echo(f"  {c['column']}: {where}", err=True)


__all__ = ["register", "text"]


@hookimpl
def alliance_register_commands(cli: typer.Typer) -> None:
    register(cli)
