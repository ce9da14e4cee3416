"""The same series expressions give equal results on DuckDB and on Spark (local mode)."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import random
import shutil
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pytest
from typer.testing import CliRunner

from alliance_monitor.cli import app
from alliance_monitor.ingest.events_files import ingest_event_files
from alliance_monitor.series import build_series, engines
from alliance_monitor.store import db

pytestmark = [
    pytest.mark.spark,
    pytest.mark.skipif(importlib.util.find_spec("pyspark") is None,
                       reason="the optional spark extra (pyspark) is not installed"),
    pytest.mark.skipif(shutil.which("java") is None, reason="Spark needs a Java runtime"),
]

COUNTRIES = ["USA", "JPN", "KOR", "AUS", "NZL", "CHN", ""]
CODES = [("036", 1, 4.0), ("042", 1, 1.9), ("057", 1, 8.0), ("061", 2, 6.4), ("073", 2, 7.4),
         ("112", 3, -2.0), ("130", 3, -4.4), ("173", 4, -5.0), ("190", 4, -10.0),
         ("010", 1, 0.0)]


def rows(n: int, seed: int = 3) -> list[str]:
    """Random GDELT 2.0 rows over 2019-2020 between alliance members and others."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        day = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randrange(700))
        added = day + dt.timedelta(days=rng.choice([0, 0, 1, 2]))
        code, quad, gold = rng.choice(CODES)
        actors = []
        for _ in range(2):
            if rng.random() < 0.08:
                actors.append(["IGOWSTNAT", "NATO", "", "NAT", "", "", "", "IGO", "", ""])
            else:
                c = rng.choice(COUNTRIES)
                t = rng.choice(["", "GOV", "MIL", "BUS"])
                actors.append([c + t, c, c, "", "", "", "", t, "", ""])
        geo = ["1", "Place", "JA", "JA", "", "1", "2", "JA"]
        url = f"https://news.example.org/world/{rng.randrange(n // 2)}"
        out.append("\t".join([str(i + 1), f"{day:%Y%m%d}", f"{day:%Y%m}", f"{day:%Y}", "2019.1",
                              *actors[0], *actors[1], "1", code, code[:3], code[:2], str(quad),
                              str(gold), "3", str(rng.randint(1, 9)), "3", "0.1", *geo, *geo,
                              *geo, f"{added:%Y%m%d}120000", url]))
    return out


@pytest.fixture(scope="module")
def spark_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("spark")
    path = folder / "20201231000000.export.CSV"
    path.write_text("\n".join(rows(6000)) + "\n", encoding="utf-8")
    store = folder / "s.duckdb"
    with db.writer(store) as con:
        ingest_event_files(con, [path], progress=False)
        con.execute("INSERT INTO events (event_id, event_date, source, target, category, quad, "
                    "confidence) VALUES ('n1', DATE '2019-10-20', 'KOR', 'USA', 'ACCUSE', 3, "
                    "0.9), ('n2', DATE '2020-02-21', 'NATO', 'IP4', 'CONSULT', NULL, 0.8)")
    yield store
    engines.stop_spark()


def same(a: pa.Table, b: pa.Table) -> None:
    assert a.schema == b.schema and a.num_rows == b.num_rows
    for name in a.column_names:
        x, y = a.column(name).to_pylist(), b.column(name).to_pylist()
        if pa.types.is_floating(a.schema.field(name).type):
            assert x == pytest.approx(y, rel=1e-12, abs=1e-12), name
        else:
            assert x == y, name


@pytest.mark.parametrize(("freq", "source", "by"), [
    ("month", "all", "quad"), ("week", "gdelt", "plover"), ("year", "gdelt", "quad")])
def test_duckdb_and_spark_agree(spark_store: Path, freq: str, source: str, by: str) -> None:
    con = db.connect(spark_store, read_only=True)
    try:
        duck = build_series(con, None, freq, source, "duckdb", by)  # type: ignore[arg-type]
        spark = build_series(con, None, freq, source, "spark", by)  # type: ignore[arg-type]
    finally:
        con.close()
    assert duck.table.num_rows >= 10  # 5 alliances x 2 years at least
    same(duck.table, spark.table)


def test_cli_engine_spark_equals_duckdb(spark_store: Path, built_store: Path,
                                        tmp_path: Path) -> None:
    store = tmp_path / "with-kb.duckdb"
    shutil.copy(built_store, store)  # a store with the knowledge base, plus the events
    with db.writer(store) as con:
        con.execute(f"ATTACH '{spark_store}' AS src (READ_ONLY)")
        con.execute("INSERT INTO gdelt_events SELECT * FROM src.gdelt_events")
        con.execute("DETACH src")
    runner = CliRunner()
    args = ["series", "usa-kor", "--store", str(store), "--format", "json"]
    duck = runner.invoke(app, [*args, "--engine", "duckdb"])
    spark = runner.invoke(app, [*args, "--engine", "spark"])
    assert duck.exit_code == 0 and spark.exit_code == 0, spark.output
    a, b = json.loads(duck.stdout), json.loads(spark.stdout)
    assert len(a) > 10 and [r["period"] for r in a] == [r["period"] for r in b]
    for x, y in zip(a, b, strict=True):
        assert x == pytest.approx(y)
