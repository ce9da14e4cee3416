"""Indicator panels as engine-neutral Ibis expressions: columns, gaps, coverage, engines."""

from __future__ import annotations

import importlib.util
import math
import shutil
from pathlib import Path
from typing import Any

import ibis
import pyarrow as pa
import pytest

from alliance_monitor.series import panels
from alliance_monitor.store import db
from test_datasets_support import build_store


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("panels") / "store.duckdb")


@pytest.fixture
def con(store: Path) -> Any:
    c = db.connect(store, read_only=True)
    yield c
    c.close()


def test_columns_follow_the_members() -> None:
    """Alliance-level indicators once; country ones per partner or state; NATO is no state."""
    names = [c.name for c in panels.panel_columns("USA-JPN", ["USA", "JPN"])]
    assert names == ["unga_ideal_point_distance", "unga_agreement", "exercises_joint",
                     "us_troops_JPN", "milex_share_gdp_USA", "milex_share_gdp_JPN",
                     "us_arms_tiv_JPN", "us_support_signals_JPN", "pew_fav_usa_JPN",
                     "pew_fav_chn_USA", "pew_fav_chn_JPN", "pew_fav_jpn_USA"]
    ip4 = [c.name for c in panels.panel_columns("NATO-IP4", ["NATO", "JPN", "KOR", "AUS", "NZL"])]
    assert "us_public_support_nato_USA" in ip4 and "milex_share_gdp_NATO" not in ip4
    assert "us_troops_AUS" in ip4 and "pew_fav_jpn_JPN" not in ip4


def test_panel_has_every_year_and_leaves_gaps_empty(con: Any) -> None:
    """Korea was not surveyed by Pew in 2016: the year is there, the value is not guessed."""
    table = panels.to_arrow(panels.indicator_panel(con, "USA-KOR", ["USA", "KOR"], 2014, 2017))
    rows = {r["year"]: r for r in table.to_pylist()}
    assert list(rows) == [2014, 2015, 2016, 2017]
    assert rows[2016]["pew_fav_usa_KOR"] is None and rows[2015]["pew_fav_usa_KOR"] == 84.0
    n_columns = len(panels.panel_columns("USA-KOR", ["USA", "KOR"]))
    present = sum(v is not None for k, v in rows[2016].items() if k not in ("year", "coverage"))
    assert rows[2016]["coverage"] == round(present / n_columns, 2)


def test_default_years_are_the_years_with_data(con: Any) -> None:
    lo, hi = panels.year_span(con, "USA-JPN", ["USA", "JPN"])
    # the extracts end in 2024 (troops, milex); the curated supplement adds Pew 2025 (Japan)
    assert lo is not None and hi is not None and lo <= 1950 and hi == 2025
    table = panels.to_arrow(panels.indicator_panel(con, "USA-JPN", ["USA", "JPN"]))
    assert table.column("year").to_pylist() == list(range(lo, hi + 1))


def test_empty_range_gives_an_empty_panel(con: Any) -> None:
    table = panels.to_arrow(panels.indicator_panel(con, "USA-JPN", ["USA", "JPN"], 1800, 1801))
    assert table.num_rows == 2 and set(table.column("coverage").to_pylist()) == {0.0}


def test_column_sources_name_the_data_set(con: Any) -> None:
    rows = panels.to_arrow(panels.column_sources(con, "USA-KOR", ["USA", "KOR"])).to_pylist()
    by = {r["column"]: r for r in rows}
    assert [r["column"] for r in rows] == [c.name for c in
                                           panels.panel_columns("USA-KOR", ["USA", "KOR"])]
    assert by["unga_ideal_point_distance"]["dataset"] == "unga"
    assert by["unga_ideal_point_distance"]["source_ref"] == "unga-ideal-points"
    assert by["exercises_joint"]["last_year"] == 2010
    # the curated supplement extends Pew (Korea 2024) without splitting the column
    assert by["pew_fav_usa_KOR"]["source_ref"] == "pew-global-attitudes"
    assert by["pew_fav_usa_KOR"]["last_year"] == 2024
    assert by["pew_fav_usa_KOR"]["supplement_years"] == 1


def test_long_panel_keeps_provenance(con: Any) -> None:
    rows = panels.to_arrow(panels.long_panel(con, "USA-JPN", ["USA", "JPN"], 2020,
                                             2020)).to_pylist()
    troops = next(r for r in rows if r["indicator"] == "us_troops")
    assert troops == {"indicator": "us_troops", "subject": "JPN", "year": 2020,
                      "value": 56748.0, "unit": "persons", "dataset": "troops",
                      "source_ref": "troopdata", "note": None}


@pytest.mark.skipif(importlib.util.find_spec("pyspark") is None,
                    reason="pyspark (the 'spark' extra) is not installed: no Spark dialect")
def test_expressions_compile_for_other_engines() -> None:
    """The same expression compiles to Spark SQL and PostgreSQL: nothing DuckDB-only."""
    _ = ibis.pyspark  # registers the pyspark options the compiler reads
    t = ibis.table({"indicator": "string", "subject": "string", "year": "int32",
                    "value": "float64", "unit": "string", "dataset": "string",
                    "source_ref": "string", "note": "string"}, name="indicator_values")
    expr = panels.indicator_panel(t, "USA-JPN", ["USA", "JPN"], 2000, 2002)
    for dialect in ("pyspark", "postgres", "duckdb"):
        sql = ibis.to_sql(expr, dialect=dialect)
        assert "indicator_values" in sql and "coverage" in sql


def test_ally_ranges(con: Any) -> None:
    """The normalisation basis: every indicator over US allies, with sensible bounds."""
    ranges = {r["indicator"]: r for r in
              panels.to_arrow(panels.ally_ranges(con, 2000)).to_pylist()}
    assert {"unga_ideal_point_distance", "us_troops", "milex_share_gdp", "exercises_joint",
            "pew_fav_usa"} <= set(ranges)
    assert ranges["us_troops"]["max"] >= 50_000  # Japan and Korea are allies in the extract
    assert 0 <= ranges["unga_ideal_point_distance"]["min"] < ranges["unga_ideal_point_distance"][
        "max"]
    allies = set(panels.to_arrow(panels.us_allies(con)).column("iso3").to_pylist())
    assert {"JPN", "KOR", "AUS", "DEU"} <= allies and "CHN" not in allies
    in_1950 = set(panels.to_arrow(panels.us_allies(con, 1950)).column("iso3").to_pylist())
    assert "JPN" not in in_1950 and "KOR" not in in_1950  # treaties of 1951 and 1953
    in_2030 = set(panels.to_arrow(panels.us_allies(con, 2030)).column("iso3").to_pylist())
    assert in_2030 == allies


def _spark_available() -> str | None:
    if importlib.util.find_spec("pyspark") is None:
        return "pyspark (the 'spark' extra) is not installed"
    if shutil.which("java") is None:
        return "no Java runtime for Spark"
    return None


@pytest.mark.spark
@pytest.mark.skipif(_spark_available() is not None, reason=str(_spark_available()))
def test_duckdb_and_spark_give_equal_panels(con: Any) -> None:
    """DESIGN.md: both engines give equal results. The bundled store's indicator_values go
    to a local Spark session; the panels of every alliance must match DuckDB's."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Spark/py4j emit deprecation noise on start-up
        from pyspark.sql import SparkSession

        spark = (SparkSession.builder.master("local[1]").appName("alliance-test")
                 .config("spark.ui.enabled", "false")
                 .config("spark.sql.session.timeZone", "UTC").getOrCreate())
        try:
            data = con.execute("SELECT * FROM indicator_values").to_arrow_table()
            frame = spark.createDataFrame(
                data.to_pandas(),
                schema="indicator string, subject string, year int, value double, "
                       "unit string, dataset string, source_ref string, note string")
            frame.createOrReplaceTempView("indicator_values")
            backend = ibis.pyspark.connect(spark)
            alliances = {"USA-JPN": ["USA", "JPN"], "USA-KOR": ["USA", "KOR"],
                         "NATO-IP4": ["NATO", "JPN", "KOR", "AUS", "NZL"]}
            for alliance, members in alliances.items():
                duck = panels.to_arrow(panels.indicator_panel(con, alliance, members, 1990,
                                                              2024))
                expr = panels.indicator_panel(backend, alliance, members, 1990, 2024)
                sparked = pa.Table.from_pandas(expr.to_pandas(), preserve_index=False)
                assert duck.column_names == sparked.column_names
                for name in duck.column_names:
                    left = duck.column(name).to_pylist()
                    right = sparked.column(name).to_pylist()
                    for a, b in zip(left, right, strict=True):
                        assert (a is None and (b is None or math.isnan(b))) or a == b, \
                            (alliance, name, a, b)
        finally:
            spark.stop()
