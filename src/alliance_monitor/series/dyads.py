"""Dyad-period event series per alliance, as Ibis expressions that run on DuckDB or Spark.

One expression builder (:func:`series_expr`) serves every engine: Ibis compiles it to the
engine's SQL dialect and the engine runs it (DuckDB on the store, or Spark local/cluster on
Parquet). Definitions (docs/gdelt.md):

- an alliance event is a kept event (no noise flag) whose two actors form a dyad of the alliance:
  any two different members, or — when a member is an organisation (NATO) — the organisation
  and one of the partners (a group standing for partners, such as IP4, counts as a partner);
- ``events`` counts them, ``weighted_events`` sums their number of sources (GDELT NumSources,
  news ``sources``; 1 for PLOVER records), ``goldstein_mean`` averages the Goldstein value
  (GDELT) or the PLOVER score of the category (PLOVER, news);
- quad-class counts and shares: 1 verbal and 2 material cooperation, 3 verbal and 4 material
  conflict; ``cooperation_share`` = share of classes 1–2, ``conflict_share`` of classes 3–4;
- ``by="plover"`` gives the same measures per PLOVER category with the category's share.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any, Literal

import duckdb
import ibis
import ibis.expr.types as ir
import pyarrow as pa

from alliance_monitor.ingest.cameo import PLOVER_QUAD, PLOVER_SCORES
from alliance_monitor.series.engines import Compiled, Engine, compile_expr

Freq = Literal["day", "week", "month", "year"]
SourceName = Literal["gdelt", "plover", "news"]
By = Literal["quad", "plover"]
FREQ_UNITS = {"day": "D", "week": "W", "month": "M", "year": "Y"}
SOURCES: tuple[SourceName, ...] = ("gdelt", "plover", "news")
QUADS = ("verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict")
NO_CATEGORY = "OTHER"  # CAMEO 01/02 statements and appeals, which PLOVER drops

#: Source tables as unbound Ibis tables: the expression is compiled, never bound to a backend.
GDELT_TABLE = ibis.table({
    "event_date": "date", "actor1": "string", "actor2": "string", "quad_class": "int8",
    "goldstein_scale": "float64", "num_sources": "int32", "plover": "string",
    "noise": "string"}, name="gdelt_events")
PLOVER_TABLE = ibis.table({
    "event_date": "date", "actor1": "string", "actor2": "string", "quad": "int8",
    "score": "float64", "category": "string", "noise": "string"}, name="plover_events")
NEWS_COLUMNS = {"event_date": "date", "source": "string", "target": "string",
                "category": "string", "quad": "int32", "sources": "int32"}
#: The columns each source table must offer to the series (Parquet exports use these).
TABLE_COLUMNS = {"gdelt": ("gdelt_events", list(GDELT_TABLE.columns)),
                 "plover": ("plover_events", list(PLOVER_TABLE.columns)),
                 "news": ("events", list(NEWS_COLUMNS))}


@dataclass(frozen=True)
class AllianceDyads:
    """Which actor pairs make an event an event of the alliance."""

    id: str
    members: tuple[str, ...]
    hubs: tuple[str, ...] = ()      # organisations among the members (NATO)
    partners: tuple[str, ...] = ()  # the other members, plus groups standing for them (IP4)

    def pairs(self) -> set[tuple[str, str]]:
        """The directed actor pairs of the alliance."""
        if self.hubs:
            return {p for h in self.hubs for o in self.partners for p in ((h, o), (o, h))}
        return {(a, b) for a in self.members for b in self.members if a != b}


def make_dyads(alliances: list[tuple[str, list[str]]],
               actors: dict[str, tuple[str, list[str]]]) -> list[AllianceDyads]:
    """Alliances (id, members) with actor kinds and group members → dyad definitions."""
    out = []
    for alliance_id, members in alliances:
        hubs = tuple(m for m in members if actors.get(m, ("state", []))[0] == "organisation")
        rest = [m for m in members if m not in hubs]
        groups = [a for a, (kind, group) in actors.items()
                  if kind == "group" and len(group) >= 2 and set(group) <= set(rest)]
        partners = tuple(rest + sorted(groups)) if hubs else ()
        out.append(AllianceDyads(alliance_id, tuple(members), hubs, partners))
    return out


def alliance_dyads(con: duckdb.DuckDBPyConnection | None = None) -> list[AllianceDyads]:
    """The alliances of the store (built knowledge base), else of the bundled knowledge base."""
    if con is not None:
        try:
            rows = con.execute("SELECT id, members FROM alliances ORDER BY id").fetchall()
            actor_rows = con.execute("SELECT id, kind, doc FROM actors").fetchall()
        except duckdb.Error:
            rows, actor_rows = [], []
        if rows:
            actors = {a: (k, list(json.loads(doc).get("members") or []))
                      for a, k, doc in actor_rows}
            return make_dyads([(r[0], list(r[1])) for r in rows], actors)
    return list(_bundled_dyads())


@cache
def _bundled_dyads() -> tuple[AllianceDyads, ...]:
    """The alliances and actors sections of the bundled knowledge base, validated with the
    model's classes. Only those two sections are read: an event import must neither wait for
    nor fail on the rest of the knowledge base (the full build checks that)."""
    import yaml

    from alliance_monitor.knowledge.loader import default_data_dir
    from alliance_monitor.model import Actor, Alliance

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    alliances: list[tuple[str, list[str]]] = []
    actors: dict[str, tuple[str, list[str]]] = {}
    for file in sorted(default_data_dir().rglob("*.yaml")):
        text = file.read_text(encoding="utf-8")
        if not re.search(r"^(alliances|actors):", text, re.M):
            continue
        doc = yaml.load(text, Loader=loader) or {}
        for item in doc.get("alliances") or []:
            a = Alliance.model_validate(item)
            alliances.append((a.id, list(a.members)))
        for item in doc.get("actors") or []:
            actor = Actor.model_validate(item)
            actors[actor.id] = (actor.kind, list(actor.members))
    return tuple(make_dyads(alliances, actors))


def _gdelt(t: ir.Table) -> ir.Table:
    t = t.filter(t.noise.isnull())
    return t.select(event_date=t.event_date, actor1=t.actor1, actor2=t.actor2,
                    quad=t.quad_class.cast("int8"), category=t.plover,
                    goldstein=t.goldstein_scale.cast("float64"),
                    weight=t.num_sources.fill_null(1).cast("int64"))


def _plover(t: ir.Table) -> ir.Table:
    t = t.filter(t.noise.isnull())
    return t.select(event_date=t.event_date, actor1=t.actor1, actor2=t.actor2,
                    quad=t.quad.cast("int8"), category=t.category,
                    goldstein=t.score.cast("float64"), weight=ibis.literal(1, "int64"))


def _news(t: ir.Table) -> ir.Table:
    t = t.filter(t.event_date.notnull())
    quad = t.quad.cast("int8").fill_null(
        t.category.substitute(PLOVER_QUAD, else_=ibis.null("int8")).cast("int8"))
    weight = (t.sources.fill_null(1).cast("int64") if "sources" in t.columns
              else ibis.literal(1, "int64"))
    return t.select(event_date=t.event_date, actor1=t.source, actor2=t.target, quad=quad,
                    category=t.category,
                    goldstein=t.category.substitute(
                        PLOVER_SCORES, else_=ibis.null("float64")).cast("float64"),
                    weight=weight)


def news_table(columns: list[str]) -> ir.Table:
    """The news engineer's ``events`` table as far as it has the columns the series reads."""
    return ibis.table({c: t for c, t in NEWS_COLUMNS.items() if c in columns}, name="events")


def dyad_table(alliances: list[AllianceDyads]) -> ir.Table:
    """(alliance, actor_a, actor_b) for every directed pair: the join partner of the events.

    A join with this small table scans the events once, however many alliances there are (an
    event between USA and JPN belongs to USA-JPN and to USA-JPN-KOR)."""
    rows = sorted((d.id, a, b) for d in alliances for a, b in d.pairs())
    return ibis.memtable(pa.table({"alliance": [r[0] for r in rows],
                                   "actor_a": [r[1] for r in rows],
                                   "actor_b": [r[2] for r in rows]}))


def alliance_events(alliances: list[AllianceDyads], sources: list[SourceName],
                    news_columns: list[str] | None = None, start: dt.date | None = None,
                    end: dt.date | None = None) -> ir.Table:
    """Kept events of the given sources, one row per (alliance, event)."""
    parts = []
    for source in sources:
        if source == "gdelt":
            rel = _gdelt(GDELT_TABLE)
        elif source == "plover":
            rel = _plover(PLOVER_TABLE)
        else:
            rel = _news(news_table(news_columns or list(NEWS_COLUMNS)))
        if start is not None:
            rel = rel.filter(rel.event_date >= start)
        if end is not None:
            rel = rel.filter(rel.event_date <= end)
        parts.append(rel.mutate(source=ibis.literal(source, "string")))
    if not parts or not alliances:
        raise ValueError("no source and alliance to build a series from")
    events = parts[0] if len(parts) == 1 else ibis.union(*parts)
    dy = dyad_table(alliances)
    joined = events.join(dy, [events.actor1 == dy.actor_a, events.actor2 == dy.actor_b])
    return joined.drop("actor_a", "actor_b")


def series_expr(alliances: list[AllianceDyads], freq: Freq = "month",
                sources: list[SourceName] | None = None, by: By = "quad",
                news_columns: list[str] | None = None, start: dt.date | None = None,
                end: dt.date | None = None) -> ir.Table:
    """The dyad-period series as one Ibis expression (see the module docstring)."""
    return _series_expr(tuple(alliances), freq, tuple(sources or ["gdelt"]), by,
                        tuple(news_columns) if news_columns is not None else None, start, end)


@lru_cache(maxsize=64)
def _series_expr(alliances: tuple[AllianceDyads, ...], freq: Freq,
                 sources: tuple[SourceName, ...], by: By, news_columns: tuple[str, ...] | None,
                 start: dt.date | None, end: dt.date | None) -> ir.Table:
    ev = alliance_events(list(alliances), list(sources),
                         list(news_columns) if news_columns is not None else None, start, end)
    # DATE_TRUNC gives a timestamp on some engines; the double cast makes the period a date.
    period = ev.event_date.truncate(FREQ_UNITS[freq]).cast("timestamp").cast("date")
    ev = ev.mutate(period=period)
    if by == "plover":
        ev = ev.mutate(category=ev.category.fill_null(NO_CATEGORY))
        g = ev.group_by(["alliance", "period", "category"]).aggregate(
            events=ev.count(), weighted_events=ev.weight.sum().cast("int64"),
            goldstein_mean=ev.goldstein.mean())
        total = g.events.sum().over(ibis.window(group_by=[g.alliance, g.period]))
        g = g.mutate(share=g.events.cast("float64") / total.cast("float64"))
        return g.order_by(["alliance", "period", "category"])
    counts = {q: (ev.quad == i + 1).cast("int64").sum() for i, q in enumerate(QUADS)}
    g = ev.group_by(["alliance", "period"]).aggregate(
        events=ev.count(), weighted_events=ev.weight.sum().cast("int64"),
        goldstein_mean=ev.goldstein.mean(), **counts)
    n = g.events.cast("float64")
    shares = {f"{q}_share": g[q].cast("float64") / n for q in QUADS}
    g = g.mutate(**shares,
                 cooperation_share=(g.verbal_cooperation + g.material_cooperation)
                 .cast("float64") / n,
                 conflict_share=(g.verbal_conflict + g.material_conflict).cast("float64") / n)
    return g.order_by(["alliance", "period"])


@lru_cache(maxsize=64)
def _compiled(expr_key: tuple[Any, ...], engine: Engine) -> Compiled:
    return compile_expr(_series_expr(*expr_key), engine)


def compiled(alliances: list[AllianceDyads], freq: Freq = "month",
             sources: list[SourceName] | None = None, by: By = "quad",
             news_columns: list[str] | None = None, start: dt.date | None = None,
             end: dt.date | None = None, engine: Engine = "duckdb") -> Compiled:
    """The series compiled for an engine (cached: a dashboard or ``--follow`` asks again and
    again for the same series)."""
    key = (tuple(alliances), freq, tuple(sources or ["gdelt"]), by,
           tuple(news_columns) if news_columns is not None else None, start, end)
    return _compiled(key, engine)


def result_schema(by: By) -> pa.Schema:
    if by == "plover":
        return pa.schema([("alliance", pa.string()), ("period", pa.date32()),
                          ("category", pa.string()), ("events", pa.int64()),
                          ("weighted_events", pa.int64()), ("goldstein_mean", pa.float64()),
                          ("share", pa.float64())])
    return pa.schema([("alliance", pa.string()), ("period", pa.date32()),
                      ("events", pa.int64()), ("weighted_events", pa.int64()),
                      ("goldstein_mean", pa.float64()),
                      *[(q, pa.int64()) for q in QUADS],
                      *[(f"{q}_share", pa.float64()) for q in QUADS],
                      ("cooperation_share", pa.float64()), ("conflict_share", pa.float64())])


def normalize(table: pa.Table, by: By) -> pa.Table:
    """Engine results in one schema (dates as dates, counts as int64), so they compare."""
    schema = result_schema(by)
    cols = []
    for f in schema:
        col = table.column(f.name)
        if pa.types.is_timestamp(col.type) and pa.types.is_date(f.type):
            col = col.cast(pa.timestamp("us")) if col.type.tz else col
        cols.append(col.cast(f.type))
    return pa.Table.from_arrays(cols, schema=schema)


def to_rows(table: pa.Table) -> list[dict[str, Any]]:
    return table.to_pylist()
