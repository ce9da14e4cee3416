"""Indicator panels as Ibis expressions over the store (DuckDB by default, or PySpark).

A panel has one row per year and one column per indicator and subject, plus ``coverage``
(the share of columns with a value that year). Which indicators an alliance's panel shows, and
for which subject (the alliance itself, its partners, its states), is :data:`PANEL`.
Everything here is plain Ibis (filters, conditional aggregates, joins on a year spine), so the
same expressions compile for any backend; nothing is computed in pandas.
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

import duckdb
import ibis
import ibis.expr.types as ir
import pyarrow as pa
from ibis.backends import BaseBackend

Role = Literal["alliance", "partners", "states", "not_jpn", "usa_if_nato"]
LEADS = frozenset({"USA", "NATO"})

#: (indicator, subject role) in panel order. Roles: the alliance id itself; the partners (the
#: members other than the USA and NATO); the member states (without NATO); the members other
#: than Japan (views of Japan); the USA where NATO is a member (US support for NATO).
PANEL: tuple[tuple[str, Role], ...] = (
    ("unga_ideal_point_distance", "alliance"),
    ("unga_agreement", "alliance"),
    ("exercises_joint", "alliance"),
    ("us_troops", "partners"),
    ("milex_share_gdp", "states"),
    ("us_arms_tiv", "partners"),
    ("us_support_signals", "partners"),
    ("pew_fav_usa", "partners"),
    ("pew_fav_chn", "states"),
    ("pew_fav_jpn", "not_jpn"),
    ("us_public_support_nato", "usa_if_nato"),
)


@dataclass(frozen=True)
class PanelColumn:
    name: str  # column of the wide panel, e.g. "us_troops_JPN"
    indicator: str
    subject: str


def _subjects(role: Role, alliance: str, members: Sequence[str]) -> list[str]:
    states = [m for m in members if m != "NATO"]
    if role == "alliance":
        return [alliance]
    if role == "partners":
        return [m for m in members if m not in LEADS]
    if role == "states":
        return states
    if role == "not_jpn":
        return [m for m in states if m != "JPN"] if "JPN" in members else []
    return ["USA"] if "NATO" in members else []


F = TypeVar("F", bound=Callable[..., Any])


def duckdb_compat(fn: F) -> F:
    """Ibis 12's DuckDB backend still calls DuckDB 2's deprecated ``fetch_arrow_table`` (for
    schemas and results); that one warning is silenced around our calls, so callers running
    with warnings as errors are not stopped by an upstream rename. Other backends are
    unaffected."""
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=r".*fetch_arrow_table\(\) is deprecated",
                                    category=DeprecationWarning)
            return fn(*args, **kwargs)
    return wrapper  # type: ignore[return-value]


@duckdb_compat
def to_arrow(expr: ir.Table) -> pa.Table:
    """Execute ``expr`` on its backend."""
    return expr.to_pyarrow()


def panel_columns(alliance: str, members: Sequence[str]) -> list[PanelColumn]:
    """The columns of ``alliance``'s panel, in order."""
    cols = []
    for indicator, role in PANEL:
        for subject in _subjects(role, alliance, members):
            name = indicator if role == "alliance" else f"{indicator}_{subject}"
            cols.append(PanelColumn(name, indicator, subject))
    return cols


def backend(source: Any) -> BaseBackend:
    """An Ibis backend for a DuckDB connection (the store) or the backend itself."""
    if isinstance(source, BaseBackend):
        return source
    if isinstance(source, duckdb.DuckDBPyConnection):
        return ibis.duckdb.from_connection(source)
    raise TypeError(f"expected an Ibis backend or a DuckDB connection, not "
                    f"{type(source).__name__}")


@duckdb_compat
def indicator_table(source: Any) -> ir.Table:
    """``indicator_values`` as an Ibis table from a DuckDB connection, a backend or a table."""
    if isinstance(source, ir.Table):
        return source
    return backend(source).table("indicator_values")


def _selected(t: ir.Table, cols: Sequence[PanelColumn]) -> ir.BooleanValue:
    cond: ir.BooleanValue | None = None
    for c in cols:
        one = (t.indicator == c.indicator) & (t.subject == c.subject)
        cond = one if cond is None else cond | one
    return cond if cond is not None else ibis.literal(False)


@duckdb_compat
def long_panel(source: Any, alliance: str, members: Sequence[str], start: int | None = None,
               end: int | None = None) -> ir.Table:
    """The panel's values in long form, each with its data set and source id."""
    t = indicator_table(source)
    cols = panel_columns(alliance, members)
    expr = t.filter(_selected(t, cols))
    if start is not None:
        expr = expr.filter(expr.year >= start)
    if end is not None:
        expr = expr.filter(expr.year <= end)
    return expr.select("indicator", "subject", "year", "value", "unit", "dataset", "source_ref",
                       "note").order_by(["indicator", "subject", "year"])


@duckdb_compat
def year_span(source: Any, alliance: str, members: Sequence[str]) -> tuple[int | None,
                                                                           int | None]:
    """First and last year with any value in the panel."""
    t = indicator_table(source)
    expr = t.filter(_selected(t, panel_columns(alliance, members)))
    row = to_arrow(expr.aggregate(lo=expr.year.min(), hi=expr.year.max())).to_pylist()[0]
    return row["lo"], row["hi"]


@duckdb_compat
def indicator_panel(source: Any, alliance: str, members: Sequence[str], start: int | None = None,
                    end: int | None = None) -> ir.Table:
    """One row per year from ``start`` to ``end`` (default: the years with data)."""
    t = indicator_table(source)
    cols = panel_columns(alliance, members)
    if start is None or end is None:
        lo, hi = year_span(t, alliance, members)
        start = start if start is not None else lo
        end = end if end is not None else hi
    years = list(range(start, end + 1)) if start is not None and end is not None else []
    spine = ibis.memtable(pa.table({"year": pa.array(years, pa.int64())}))
    rows = t.filter(_selected(t, cols))
    wide = rows.group_by(rows.year.cast("int64").name("year")).aggregate(**{
        c.name: rows.value.max(where=(rows.indicator == c.indicator)
                               & (rows.subject == c.subject)) for c in cols})
    joined = spine.left_join(wide, spine.year == wide.year)
    values = [joined[c.name] for c in cols]
    if values:
        present = sum((v.notnull().cast("int64") for v in values), ibis.literal(0))
        coverage = (present.cast("float64") / len(values)).round(2)
    else:
        coverage = ibis.literal(None).cast("float64")
    return joined.select(spine.year, *values, coverage=coverage).order_by("year")


@duckdb_compat
def column_sources(source: Any, alliance: str, members: Sequence[str]) -> ir.Table:
    """Per panel column: data set, source id, unit and the years it covers."""
    t = indicator_table(source)
    cols = panel_columns(alliance, members)
    names = ibis.memtable(pa.table({
        "position": pa.array(range(len(cols)), pa.int64()),
        "column": pa.array([c.name for c in cols], pa.string()),
        "indicator": pa.array([c.indicator for c in cols], pa.string()),
        "subject": pa.array([c.subject for c in cols], pa.string())}))
    rows = t.filter(_selected(t, cols))
    # curated supplement values (source_ref 'supplement') extend a column; they are counted
    # in supplement_years and do not split the column from its data set's source
    extra = rows.source_ref == "supplement"
    agg = rows.group_by(["indicator", "subject", "dataset", "unit"]).aggregate(
        source_ref=rows.source_ref.max(where=~extra), first_year=rows.year.min(),
        last_year=rows.year.max(), n_years=rows.year.nunique(),
        supplement_years=extra.cast("int64").sum())
    joined = names.left_join(agg, [names.indicator == agg.indicator,
                                   names.subject == agg.subject])
    return joined.select(names.position, names.column, names.indicator, names.subject,
                         agg.dataset, agg.source_ref, agg.unit, agg.first_year, agg.last_year,
                         agg.n_years, agg.supplement_years).order_by("position").drop("position")


@duckdb_compat
def us_allies(source: Any, year: int | None = None) -> ir.Table:
    """States the USA has an ATOP defence obligation towards, from ``ds_atop_dyads``: in
    ``year`` (or the last year of the data before it; default: the last year of the data)."""
    d = backend(source).table("ds_atop_dyads")
    us = d.filter((d.iso3_1 == "USA") & (d.defense == 1) & d.iso3_2.notnull())
    candidates = us if year is None else us.filter(us.year <= year)
    last = candidates.aggregate(y=candidates.year.max())
    us = us.inner_join(last, us.year == last.y)
    return us.select(iso3=us.iso3_2).distinct()


@duckdb_compat
def ally_values(source: Any, start: int = 2000, end: int | None = None) -> ir.Table:
    """Long values (indicator, subject, year, value) for the USA and each US ally.

    Country indicators come from ``indicator_values``; the alliance-level ones are computed
    for each US–ally pair from the data sets' own tables the same way the loaders compute them
    for the model's alliances (ideal-point distance, agreement, joint exercises).
    """
    be = backend(source)
    allies = us_allies(be)
    iv = be.table("indicator_values")
    country = iv.filter(iv.indicator.isin(["us_troops", "milex_share_gdp", "us_arms_tiv",
                                           "us_support_signals", "pew_fav_usa", "pew_fav_chn"]))
    country = country.inner_join(allies, country.subject == allies.iso3).select(
        "indicator", "subject", "year", "value")
    u = be.table("ds_unga").filter(lambda r: r.iso3.notnull() & r.ideal_point.notnull())
    ip = u.group_by(["iso3", "year"]).aggregate(ip=u.ideal_point.mean(), agree=u.us_agree.mean())
    usa = ip.filter(ip.iso3 == "USA").select(year=ip.year, us_ip=ip.ip)
    pal = ip.inner_join(allies, ip.iso3 == allies.iso3)
    pair = pal.inner_join(usa, pal.year == usa.year)
    distance = pair.select(indicator=ibis.literal("unga_ideal_point_distance"),
                           subject=pair.iso3, year=pair.year,
                           value=(pair.ip - pair.us_ip).abs())
    agreement = pair.filter(pair.agree.notnull()).select(
        indicator=ibis.literal("unga_agreement"), subject=pair.iso3, year=pair.year,
        value=pair.agree)
    p = be.table("ds_mme_participants")
    us_ex = p.filter(p.participant == "USA").select("mme_id", "name", "start_year")
    partner = p.inner_join(allies, p.participant == allies.iso3)
    both = partner.inner_join(us_ex, ["mme_id", "name", "start_year"])
    counted = both.group_by([both.participant, both.start_year]).aggregate(n=both.count())
    # Years the MME data cover without a US exercise with an ally count as 0, as they do for
    # the model's alliances (mme.derive).
    mme = be.table("ds_mme")
    covered = mme.select(year=mme.start_year).distinct()
    grid = allies.cross_join(covered)
    filled = grid.left_join(counted, [grid.iso3 == counted.participant,
                                      grid.year == counted.start_year])
    exercises = filled.select(indicator=ibis.literal("exercises_joint"), subject=filled.iso3,
                              year=filled.year,
                              value=filled.n.fill_null(0).cast("float64"))
    out = ibis.union(country.cast({"year": "int64", "value": "float64"}),
                     distance.cast({"year": "int64", "value": "float64"}),
                     agreement.cast({"year": "int64", "value": "float64"}),
                     exercises.cast({"year": "int64", "value": "float64"}))
    out = out.filter(out.year >= start)
    if end is not None:
        out = out.filter(out.year <= end)
    return out


@duckdb_compat
def ally_ranges(source: Any, start: int = 2000, end: int | None = None) -> ir.Table:
    """Range of each indicator over all US allies and years: a basis for normalisation.

    Comparable scores need one scale for every alliance (issue 3): the methodology's
    ``normalize.min``/``max`` for a data-set indicator should come from here.
    """
    v = ally_values(source, start, end)
    return v.group_by("indicator").aggregate(
        n=v.count(), allies=v.subject.nunique(), first_year=v.year.min(),
        last_year=v.year.max(), min=v.value.min(), p05=v.value.quantile(0.05),
        median=v.value.quantile(0.5), p95=v.value.quantile(0.95),
        max=v.value.max()).order_by("indicator")


__all__ = ["PANEL", "PanelColumn", "ally_ranges", "ally_values", "backend", "column_sources",
           "indicator_panel", "indicator_table", "long_panel", "panel_columns", "to_arrow",
           "us_allies", "year_span"]
