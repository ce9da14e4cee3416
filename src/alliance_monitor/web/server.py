"""The dashboard and the JSON API: a read-only ASGI app (FastAPI + Jinja2 with autoescape).

Every page answers at a stable URL with ``?at=`` and ``?lang=`` and its filters, and also as
``.json`` (and ``.csv`` where it is a table). Pages carry no script and load nothing from
elsewhere (the Content-Security-Policy says so too); charts are server-rendered SVG images.
Responses are cached per URL, i.e. per (page, date, language, filters).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, PackageLoader

from alliance_monitor import errors
from alliance_monitor.dates import parse_day
from alliance_monitor.model import PLOVER_CATEGORIES
from alliance_monitor.present.i18n import number, t
from alliance_monitor.present.output import Format, render, safe
from alliance_monitor.web import bib, charts
from alliance_monitor.web import labels as _labels  # noqa: F401  (registers the labels)
from alliance_monitor.web.data import HISTORY_START, MEASURES, PER_PAGE, WebData
from alliance_monitor.web.write import add_write_routes

API = "/api/v1"
STATIC = Path(__file__).parent / "static"
CSP = ("default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
       "base-uri 'none'; frame-ancestors 'none'")
HEADERS = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff",
           "Referrer-Policy": "no-referrer", "X-Frame-Options": "DENY"}
NAV = (("/", "nav_overview"), ("/compare", "nav_compare"), ("/facts", "nav_facts"),
       ("/events", "nav_events"), ("/sources", "nav_sources"), ("/map", "nav_map"),
       ("/network", "nav_network"), ("/methodology", "nav_methodology"))


class SecurityHeaders:
    """Pure ASGI middleware (cheaper than an ``http`` middleware): CSP and friends on every
    response."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.raw = [(k.lower().encode(), v.encode()) for k, v in HEADERS.items()]

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *self.raw]
            await send(message)
        await self.app(scope, receive, send_with_headers)


class BadRequest(errors.UsageError):
    """A query parameter the dashboard cannot use (answered with 400)."""


def parse_at(value: str | None) -> dt.date:
    """YYYY-MM-DD, YYYY-MM (month end), YYYY (year end), 'today' or empty (today)."""
    try:
        return parse_day(value, "at")
    except errors.UsageError as exc:
        raise BadRequest(str(exc)) from None


def parse_lang(value: str | None) -> str:
    if value in (None, "", "en", "de"):
        return value or "en"
    raise BadRequest(f"unknown language '{safe(value)[:10]}'; use en or de")


def safe_url(value: object) -> str | None:
    """Only http(s) links become links; ``javascript:`` and anything else stays text."""
    text = safe(value).strip() if value else ""
    return text if text.lower().startswith(("https://", "http://")) and " " not in text \
        else None


def templates() -> Environment:
    env = Environment(loader=PackageLoader("alliance_monitor.web", "templates"),
                      autoescape=True, trim_blocks=True, lstrip_blocks=True)
    env.filters["safe_url"] = safe_url
    env.filters["num"] = lambda v, lang, d=1: "—" if v is None else number(v, lang, d)
    env.filters["signed"] = lambda v, lang: ("+" if v > 0 else "−" if v < 0 else "±") + number(
        abs(v), lang)
    env.filters["plain"] = lambda v: "—" if v is None or v == "" else safe(
        ", ".join(map(str, v)) if isinstance(v, list) else v)
    env.globals.update(t=t, MEASURES=MEASURES, NAV=NAV, datauri=charts.data_uri)
    return env


class Pages:
    """Page handlers: each returns (template, context, json document, csv rows or None)."""

    def __init__(self, data: WebData) -> None:
        self.data = data
        self.env = templates()
        self._cache: dict[tuple[str, str], Response] = {}
        self._lock = threading.Lock()

    # -- plumbing --------------------------------------------------------------------------
    def respond(self, request: Request, handler: Callable[..., Any], ext: str,
                **kwargs: Any) -> Response:
        key = (request.url.path, str(sorted(request.query_params.multi_items())))
        with self._lock:
            hit = self._cache.get(key)
        if hit is not None:
            return hit
        params = request.query_params
        try:
            lang = parse_lang(params.get("lang"))
            at = parse_at(params.get("at"))
            template, ctx, doc, rows = handler(params=params, lang=lang, at=at, **kwargs)
        except errors.UnknownAlliance as exc:
            return self.error(request, 404, str(exc), "en")
        except (BadRequest, errors.UsageError) as exc:
            return self.error(request, 400, str(exc), params.get("lang", "en"))
        if ext == ".json":
            response: Response = Response(json.dumps(doc, ensure_ascii=False, default=str),
                                          media_type="application/json")
        elif ext == ".csv":
            if rows is None:
                return self.error(request, 404, "no CSV for this page", lang)
            response = Response(render(rows, Format.csv) + "\n", media_type="text/csv",
                                headers={"Content-Disposition": "inline"})
        else:
            ctx.update(self.common(request, lang, at))
            html = self.env.get_template(template).render(**ctx)
            response = HTMLResponse(html)
        with self._lock:
            if len(self._cache) > 2000:
                self._cache.clear()
            self._cache[key] = response
        return response

    def common(self, request: Request, lang: str, at: dt.date) -> dict[str, Any]:
        path = request.url.path
        query = dict(request.query_params)

        def url(target: str, **over: Any) -> str:
            keep: dict[str, Any] = {k: query[k] for k in ("at", "lang") if k in query}
            merged: dict[str, Any] = {**keep, **over}
            clean = {k: v for k, v in merged.items() if v not in (None, "")}
            return target + ("?" + urlencode(clean) if clean else "")

        def here(**over: Any) -> str:
            merged = {**query, **over}
            clean = {k: v for k, v in merged.items() if v not in (None, "")}
            return path + ("?" + urlencode(clean) if clean else "")

        base = "/index" if path == "/" else path
        plain = {k: v for k, v in query.items()}
        qs = ("?" + urlencode(plain)) if plain else ""
        return {"lang": lang, "at": at.isoformat(), "path": path, "url": url, "here": here,
                "query": query, "other_lang": "de" if lang == "en" else "en",
                "json_url": base + ".json" + qs, "csv_url": base + ".csv" + qs,
                "methodology_version": self.data.app.methodology.version}

    def error(self, request: Request, status: int, message: str, lang: str) -> Response:
        lang = lang if lang in ("en", "de") else "en"
        if request.url.path.endswith(".json"):
            return JSONResponse({"error": message}, status_code=status)
        ctx = self.common(request, lang, dt.date.today())
        ctx.update(status=status, message=message, title=t(
            "not_found" if status == 404 else "bad_request", lang), has_csv=False)
        return HTMLResponse(self.env.get_template("error.html").render(**ctx),
                            status_code=status)

    # -- pages -----------------------------------------------------------------------------
    def overview(self, params: Any, lang: str, at: dt.date) -> Any:
        doc = self.data.overview(at)
        for row in doc["alliances"]:
            history = self.data.history(row["alliance"], HISTORY_START, at)
            row["history"] = history
            row["sparkline"] = charts.sparkline(history)
        names = {a: self.data.kb.alliances[a].name for a in self.data.alliances()}
        rows = [{"alliance": r["alliance"], **{f"{m}_score": r["scores"].get(m, {}).get("score")
                                               for m in MEASURES},
                 **{f"{m}_band": r["scores"].get(m, {}).get("band") for m in MEASURES},
                 "newest_input": r["newest_input"], "age_days": r["age_days"]}
                for r in doc["alliances"]]
        json_doc = {**doc, "alliances": [{k: v for k, v in r.items() if k != "sparkline"}
                                         for r in doc["alliances"]]}
        return ("overview.html", {"doc": doc, "names": names, "title": t("nav_overview", lang),
                                  "has_csv": True}, json_doc, rows)

    def alliance(self, params: Any, lang: str, at: dt.date, aid: str) -> Any:
        aid = self.data.kb.resolve_alliance(aid)
        start = parse_at(params.get("from")) if params.get("from") else HISTORY_START
        if start >= at:
            raise BadRequest("'from' must be before 'at'")
        doc = self.data.alliance(aid, at, start)
        change_to = parse_at(params.get("change_to")) if params.get("change_to") else at
        change_from = parse_at(params.get("change_from")) if params.get("change_from") \
            else change_to - dt.timedelta(days=365)
        if change_from >= change_to:
            raise BadRequest("'change_from' must be before 'change_to'")
        doc["what_changed"] = self.data.explain(aid, change_from, change_to)
        periods = [(key, max(day, dt.date(1950, 1, 1)).isoformat(), at.isoformat())
                   for key, day in (("past_quarter", at - dt.timedelta(days=91)),
                                    ("past_year", at - dt.timedelta(days=365)),
                                    ("past_three_years", at - dt.timedelta(days=3 * 365)),
                                    ("since_2016", HISTORY_START)) if day < at]
        criteria_chart = charts.history_chart(doc["history"], [*MEASURES[:4]], lang)
        fears_chart = charts.history_chart(doc["history"], [*MEASURES[4:]], lang)
        rows = [{"measure": b["measure"], "indicator": i["id"], "value": i["value"],
                 "normalized": i["normalized"], "weight": i["weight"],
                 "effective_weight": i["effective_weight"], "as_of": i["as_of"],
                 "sources": "; ".join(s.get("label") or s.get("id") or "" for s in i["sources"])}
                for b in doc["blocks"] for i in b["indicators"]]
        labels = self.indicator_labels()
        al = self.data.kb.alliances[aid]
        return ("alliance.html", {"doc": doc, "al": al, "title": al.name.get(lang),
                                  "criteria_chart": criteria_chart, "fears_chart": fears_chart,
                                  "ind_labels": labels, "has_csv": True,
                                  "periods": periods}, doc, rows)

    def indicator_labels(self) -> dict[str, dict[str, str]]:
        m = self.data.methodology()
        out = {}
        for group in ("criteria", "fears"):
            for block in (m.get(group) or {}).values():
                for ind in block.get("indicators", []):
                    out[ind["id"]] = ind.get("label") or {"en": ind["id"], "de": ind["id"]}
        return out

    def compare(self, params: Any, lang: str, at: dt.date) -> Any:
        rows = self.data.compare(at)
        return ("compare.html", {"rows": rows, "title": t("compare_title", lang),
                                 "has_csv": True}, {"at": at.isoformat(), "rows": rows}, rows)

    def facts(self, params: Any, lang: str, at: dt.date) -> Any:
        page = _int(params.get("page"), 1)
        per_page = min(_int(params.get("per_page"), PER_PAGE), 500)
        keys = ("q", "subject", "attribute", "source", "status", "period", "id")
        args = {k: (params.get(k) or "")[:200] for k in keys}
        result = self.data.facts_page(args["q"], args["subject"], args["attribute"],
                                      args["source"], args["status"], args["period"],
                                      args["id"], page, per_page)
        rows = [{k: v for k, v in r.items() if k not in ("note_en", "note_de")}
                for r in result["items"]]
        return ("facts.html", {"result": result, "args": args, "title": t("nav_facts", lang),
                               "has_csv": True}, result, rows)

    def events(self, params: Any, lang: str, at: dt.date) -> Any:
        page = _int(params.get("page"), 1)
        per_page = min(_int(params.get("per_page"), PER_PAGE), 500)
        args = {k: (params.get(k) or "")[:200] for k in
                ("alliance", "measure", "category", "since", "until", "q", "id", "disputed")}
        alliance = self.data.kb.resolve_alliance(args["alliance"]) if args["alliance"] else ""
        if args["measure"] and args["measure"] not in MEASURES:
            raise BadRequest(f"unknown measure '{args['measure']}'")
        if args["category"] and args["category"] not in PLOVER_CATEGORIES:
            raise BadRequest(f"unknown category '{args['category']}'")
        since = parse_at(args["since"]) if args["since"] else None
        until = parse_at(args["until"]) if args["until"] else None
        result = self.data.events_page(alliance, args["measure"], args["category"], since,
                                       until, args["q"], bool(args["disputed"]), args["id"],
                                       page, per_page)
        rows = [{"id": r["id"], "date": r["date"], "source": r["source"],
                 "target": r["target"], "category": r["category"],
                 "signals": "; ".join(f"{s['alliance']} {s['measure']} "
                                      f"{'+' if s['direction'] > 0 else '-'}{s['strength']}"
                                      for s in r["signals"]),
                 "summary": r["summary_de"] if lang == "de" else r["summary_en"],
                 "reports": "; ".join(x["url"] for x in r["reports"])}
                for r in result["items"]]
        return ("events.html", {"result": result, "args": args, "title": t("nav_events", lang),
                                "alliances": self.data.alliances(), "categories":
                                PLOVER_CATEGORIES, "has_csv": True}, result, rows)

    def sources(self, params: Any, lang: str, at: dt.date) -> Any:
        rows = self.data.sources()
        return ("sources.html", {"rows": rows, "title": t("nav_sources", lang),
                                 "has_csv": True}, rows, rows)

    def forces(self, params: Any, lang: str, at: dt.date) -> Any:
        years = self.data.known_troop_years(at)
        if not years:
            raise BadRequest(f"no troop numbers were published by {at}")
        year = _int(params.get("year"), years[-1])
        if year not in years:
            raise BadRequest(f"no troop numbers for {year} published by {at}; "
                             f"use {years[0]}–{years[-1]}")
        doc = self.data.forces(year, at)
        top = sorted((h for h in doc["hosts"] if h["troops"]), key=lambda h: -h["troops"])
        ctx = {"doc": doc, "top": top, "title": t("map_title", lang), "has_csv": True,
               "map_svg": charts.forces_map(doc, lang),
               "troops_svg": charts.troops_chart(
                   [r for r in self.data.troops if r["region"] == "East Asia & Pacific"
                    and r["year"] <= years[-1]],
                   [h["host"] for h in top[:6]], lang)}
        return ("map.html", ctx, doc, doc["hosts"])

    def network(self, params: Any, lang: str, at: dt.date) -> Any:
        doc = self.data.network(at)
        rows = [{"alliance": a["id"], "institution": i["id"], "kind": i["kind"],
                 "start": i["start"], "end": i["end"], "active": i["active"]}
                for a in doc["alliances"] for i in a["institutions"]]
        return ("network.html", {"doc": doc, "title": t("network_title", lang),
                                 "svg": charts.network_chart(doc, lang), "has_csv": True},
                doc, rows)

    def methodology(self, params: Any, lang: str, at: dt.date) -> Any:
        doc = self.data.methodology()
        rows = [{"group": g, "block": b, "indicator": i["id"], "kind": i.get("kind"),
                 "weight": i.get("weight"), "direction": i.get("direction")}
                for g in ("criteria", "fears") for b, block in (doc.get(g) or {}).items()
                for i in block.get("indicators", [])]
        return ("methodology.html", {"m": doc, "title": t("nav_methodology", lang),
                                     "has_csv": True}, doc, rows)


def _int(value: str | None, default: int) -> int:
    if value in (None, ""):
        return default
    try:
        return max(1, int(str(value)))
    except ValueError:
        raise BadRequest(f"'{safe(value)[:20]}' is not a whole number") from None


def create_app(application: Any, *, warm: bool = False,
               write_token: str | None = None) -> FastAPI:
    """The ASGI app over one :class:`~alliance_monitor.app.App`, read-only unless
    ``write_token`` is given (then :mod:`alliance_monitor.web.write` accepts ingest and build
    requests that carry it). With ``warm``, today's overview (every alliance's history since
    2016) is computed in the background."""
    data = WebData.for_app(application)
    if warm:
        def prepare() -> None:
            today = dt.date.today()
            for aid in data.alliances():
                data.history(aid, HISTORY_START, today)
            data.overview(today)
        threading.Thread(target=prepare, daemon=True, name="alliance-warm").start()
    pages = Pages(data)
    api = FastAPI(title="Alliance Monitor API", version="1", openapi_url=f"{API}/openapi.json",
                  docs_url=None, redoc_url=None,
                  description="JSON API over the Alliance Monitor assessment: the same typed "
                              "results as the library and the CLI. Read-only unless the server "
                              "was started with a write token.")

    api.add_middleware(SecurityHeaders)

    api.mount("/static", StaticFiles(directory=STATIC), name="static")

    def add_page(path: str, handler: Callable[..., Any]) -> None:
        base = "/index" if path == "/" else path
        for route, ext in ((path, ""), (base + ".json", ".json"), (base + ".csv", ".csv")):
            def endpoint(request: Request, _ext: str = ext) -> Response:
                return pages.respond(request, handler, _ext)
            api.add_api_route(route, endpoint, methods=["GET"], include_in_schema=False,
                              name=f"page{route}")

    add_page("/", pages.overview)
    add_page("/compare", pages.compare)
    add_page("/facts", pages.facts)
    add_page("/events", pages.events)
    add_page("/sources", pages.sources)
    add_page("/map", pages.forces)
    add_page("/network", pages.network)
    add_page("/methodology", pages.methodology)

    @api.get("/alliance/{name}", include_in_schema=False)
    def alliance_page(request: Request, name: str) -> Response:
        ext = next((e for e in (".json", ".csv") if name.endswith(e)), "")
        return pages.respond(request, pages.alliance, ext, aid=name[:len(name) - len(ext)])

    @api.get("/sources.bib", include_in_schema=False)
    def sources_bib() -> Response:
        return Response(bib.bibtex(data.sources()), media_type="application/x-bibtex")

    @api.get("/sources.csl.json", include_in_schema=False)
    def sources_csl() -> Response:
        return Response(bib.csl_json(data.sources()), media_type="application/json")

    _api_routes(api, data)

    def changed() -> None:
        with pages._lock:
            pages._cache.clear()
    add_write_routes(api, API, data, write_token or None, changed)
    return api


def _table(rows: list[dict[str, Any]], fmt: str) -> Response:
    if fmt == "csv":
        return Response(render(rows, Format.csv) + "\n", media_type="text/csv")
    if fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        buf = io.BytesIO()
        pq.write_table(pa.Table.from_pylist([{k: (json.dumps(v) if isinstance(v, (dict, list))
                                                  else v) for k, v in r.items()}
                                             for r in rows]), buf)
        return Response(buf.getvalue(), media_type="application/vnd.apache.parquet")
    return JSONResponse(rows)


def _api_routes(api: FastAPI, data: WebData) -> None:
    fmt_q = Query("json", pattern="^(json|csv|parquet)$", description="json, csv or parquet")

    def date_or_400(value: str | None) -> dt.date:
        try:
            return parse_at(value)
        except BadRequest as exc:
            raise _http(400, str(exc)) from None

    def alliance_or_404(value: str) -> str:
        try:
            return str(data.kb.resolve_alliance(value))
        except errors.UnknownAlliance as exc:
            raise _http(404, str(exc)) from None

    @api.get(f"{API}/alliances", tags=["knowledge"])
    def list_alliances() -> list[dict[str, Any]]:
        """Alliance ids, names (en/de) and members."""
        return [{"id": a.id, "name": a.name.model_dump(), "members": a.members, "kind": a.kind,
                 "established": a.established} for a in data.kb.alliances.values()]

    @api.get(f"{API}/assessments", tags=["assessment"])
    def assessments(alliance: list[str] | None = Query(None),
                    at: str | None = Query(None, description="YYYY-MM-DD (default today)")
                    ) -> list[dict[str, Any]]:
        """The assessment (the `assess --format json` contract) for alliances at a date."""
        day = date_or_400(at)
        ids = [alliance_or_404(a) for a in alliance] if alliance else data.alliances()
        return [data.assessment_doc(a, day) for a in ids]

    @api.get(f"{API}/series", tags=["assessment"])
    def series(alliance: list[str] | None = Query(None), start: str = Query(
            "2016-01-01", alias="from"), end: str | None = Query(None, alias="to"),
            format: str = fmt_q) -> Response:
        """Quarterly scores of every criterion, fear and the overall score."""
        s, e = date_or_400(start), date_or_400(end)
        if e <= s:
            raise _http(400, "'to' must be after 'from'")
        ids = [alliance_or_404(a) for a in alliance] if alliance else data.alliances()
        rows = [{"alliance": a, **r} for a in ids for r in data.history(a, s, e)]
        return _table(rows, format)

    @api.get(f"{API}/facts", tags=["knowledge"])
    def facts(q: str = "", subject: str = "", attribute: str = "", source: str = "",
              status: str = "", period: str = "", page: int = Query(1, ge=1),
              per_page: int = Query(PER_PAGE, ge=1, le=500), format: str = fmt_q) -> Response:
        """Sourced facts with full-text search, facets and pagination."""
        result = data.facts_page(q, subject, attribute, source, status, period, "", page,
                                 per_page)
        return JSONResponse(result) if format == "json" else _table(result["items"], format)

    @api.get(f"{API}/events", tags=["knowledge"])
    def events(alliance: str = "", measure: str = "", category: str = "",
               since: str | None = None, until: str | None = None, q: str = "",
               page: int = Query(1, ge=1), per_page: int = Query(PER_PAGE, ge=1, le=500),
               format: str = fmt_q) -> Response:
        """The curated event record, newest first, with filters and pagination."""
        al = alliance_or_404(alliance) if alliance else ""
        result = data.events_page(al, measure, category,
                                  date_or_400(since) if since else None,
                                  date_or_400(until) if until else None, q, False, "", page,
                                  per_page)
        return JSONResponse(result) if format == "json" else _table(result["items"], format)

    @api.get(f"{API}/sources", tags=["knowledge"])
    def sources(format: str = Query("json", pattern="^(json|csv|parquet|bibtex|csl)$")
                ) -> Response:
        """The bibliography; also as BibTeX or CSL-JSON."""
        rows = data.sources()
        if format == "bibtex":
            return Response(bib.bibtex(rows), media_type="application/x-bibtex")
        if format == "csl":
            return Response(bib.csl_json(rows), media_type="application/json")
        return _table(rows, format)

    @api.get(f"{API}/compare", tags=["knowledge"])
    def compare(at: str | None = None, format: str = fmt_q) -> Response:
        """The threat-perception comparison table (USA/JPN/KOR × topics) at a date."""
        return _table(data.compare(date_or_400(at)), format)

    @api.get(f"{API}/alliances/{{alliance}}/explain", tags=["assessment"])
    def explain(alliance: str, start: str | None = Query(None, alias="from", description=(
                    "YYYY-MM-DD (default: a year before 'to')")),
                end: str | None = Query(None, alias="to", description="YYYY-MM-DD "
                                        "(default today)")) -> dict[str, Any]:
        """Why the scores changed between two dates (the `explain --format json` contract):
        an exact additive decomposition of each criterion, fear and the overall score into
        indicator contributions, with the facts, events and data-set values that changed
        and their sources."""
        aid = alliance_or_404(alliance)
        e = date_or_400(end)
        s = date_or_400(start) if start else e - dt.timedelta(days=365)
        if e <= s:
            raise _http(400, "'to' must be after 'from'")
        with data._lock:
            return dict(data.app.explain(aid, s, e).as_json())

    @api.get(f"{API}/documents", tags=["knowledge"])
    def documents(limit: int = Query(50, ge=1, le=1000), format: str = fmt_q) -> Response:
        """Ingested news documents, the most recently ingested first, with the number of
        coded events each reports."""
        with data._lock:
            rows = data.app.documents(limit=limit)
        return _table(rows, format)

    @api.get(f"{API}/forces", tags=["datasets"])
    def forces(year: int | None = Query(None, ge=1950, le=2100, description=(
                   "default: the newest year published by 'at'")),
               at: str | None = Query(None, description="YYYY-MM-DD (default today): only "
                                      "troop numbers published by then"),
               format: str = fmt_q) -> Response:
        """US troops per host country in a year with the bundled base locations (the base
        list is one undated cross-section)."""
        day = date_or_400(at)
        years = data.known_troop_years(day)
        if not years:
            raise _http(400, f"no troop numbers were published by {day}")
        year = years[-1] if year is None else year
        if year not in years:
            raise _http(400, f"no troop numbers for {year} published by {day}; "
                             f"use {years[0]}–{years[-1]}")
        doc = data.forces(year, day)
        return JSONResponse(doc) if format == "json" else _table(doc["hosts"], format)

    @api.get(f"{API}/methodology", tags=["assessment"])
    def methodology() -> dict[str, Any]:
        """The methodology file: weights, normalisations, directions and rationale."""
        return data.methodology()


def _http(status: int, message: str) -> Exception:
    from fastapi import HTTPException

    return HTTPException(status_code=status, detail=message)


__all__ = ["API", "CSP", "create_app", "parse_at", "safe_url"]
