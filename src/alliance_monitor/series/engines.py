"""Run a compiled series expression on DuckDB (default) or on Spark (optional extra).

The expression is built once with Ibis (:mod:`alliance_monitor.series.dyads`) and compiled to
each engine's SQL; the engine executes it and returns Arrow. Spark starts in local mode with the
lightest settings (one core, one shuffle partition, no UI) unless ``SPARK_MASTER`` / an existing
session says otherwise; the store's tables reach Spark as Parquet files.
"""

from __future__ import annotations

import gc
import os
import tempfile
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import duckdb
import ibis
import ibis.expr.operations as ops
import ibis.expr.types as ir
import pyarrow as pa

from alliance_monitor.errors import EngineError

Engine = Literal["duckdb", "spark"]
_SPARK: Any = None
_LOG4J = """rootLogger.level = error
rootLogger.appenderRef.stderr.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n
"""


@dataclass(frozen=True)
class Compiled:
    """An expression compiled for one engine: its SQL and the in-memory tables it reads."""

    sql: str
    tables: dict[str, pa.Table] = field(default_factory=dict, hash=False, compare=False)


def to_sql(expr: ir.Table, engine: Engine) -> str:
    if engine == "spark":
        _ = ibis.pyspark  # loading the backend registers its compiler options
    return str(ibis.to_sql(expr, dialect="pyspark" if engine == "spark" else "duckdb"))


def memtables(expr: ir.Table) -> dict[str, pa.Table]:
    """The in-memory tables an expression uses (name → data); engines register them."""
    return {node.name: node.data.to_pyarrow(node.schema)
            for node in expr.op().find(ops.InMemoryTable)}


def compile_expr(expr: ir.Table, engine: Engine) -> Compiled:
    return Compiled(to_sql(expr, engine), memtables(expr))


def run_duckdb(con: duckdb.DuckDBPyConnection, query: Compiled) -> pa.Table:
    con.execute("SET enable_progress_bar = false")  # no DuckDB bar in the printed output
    for name, data in query.tables.items():
        con.register(name, data)
    try:
        return con.sql(query.sql).to_arrow_table()
    finally:
        for name in query.tables:
            con.unregister(name)


def spark_session() -> Any:
    """The process's Spark session, started on first use with minimal local settings."""
    global _SPARK
    if _SPARK is not None:
        return _SPARK
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:  # pragma: no cover - depends on the optional extra
        raise EngineError("the Spark engine needs the optional extra: "
                          "uv sync --extra spark (and a Java runtime, 17 or newer)") from exc
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    conf_dir = Path(tempfile.mkdtemp(prefix="alliance-spark-"))
    (conf_dir / "log4j2.properties").write_text(_LOG4J, encoding="utf-8")
    java_opts = f"-Dlog4j2.configurationFile=file:{conf_dir / 'log4j2.properties'}"
    builder = (SparkSession.builder.appName("alliance-monitor")
               .master(os.environ.get("SPARK_MASTER", "local[1]"))
               .config("spark.ui.enabled", "false")
               .config("spark.ui.showConsoleProgress", "false")
               .config("spark.sql.shuffle.partitions", "1")
               .config("spark.default.parallelism", "1")
               .config("spark.sql.session.timeZone", "UTC")
               .config("spark.driver.bindAddress", "127.0.0.1")
               .config("spark.driver.host", "127.0.0.1")
               .config("spark.sql.execution.arrow.pyspark.enabled", "true")
               .config("spark.driver.extraJavaOptions", java_opts)
               .config("spark.local.dir", str(conf_dir)))
    try:
        _SPARK = builder.getOrCreate()
    except Exception as exc:  # pragma: no cover - depends on the machine
        raise EngineError(f"Spark could not start ({exc}); is Java 17+ installed?") from exc
    _SPARK.sparkContext.setLogLevel("ERROR")
    return _SPARK


def stop_spark() -> None:
    global _SPARK
    if _SPARK is not None:
        with _quiet_sockets():
            _SPARK.stop()
            gc.collect()
        _SPARK = None


@contextmanager
def _quiet_sockets() -> Iterator[None]:
    # PySpark reads results through a local socket it leaves to the garbage collector
    # ("The socket will be automatically closed when garbage-collected", pyspark/util.py);
    # Python then warns about an unclosed 127.0.0.1 socket. Silence exactly that warning
    # and collect while the filter is active so no warning escapes later.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=ResourceWarning,
                                message=r"unclosed <socket\.socket .*127\.0\.0\.1")
        yield
        gc.collect()


def run_spark(views: dict[str, str], query: Compiled) -> pa.Table:
    """Register Parquet paths as views (name → path), run the query, return Arrow."""
    spark = spark_session()
    for name, path in views.items():
        spark.read.parquet(path).createOrReplaceTempView(name)
    for name, data in query.tables.items():  # small tables: plain rows, no pandas
        if not all(pa.types.is_string(f.type) for f in data.schema):
            raise EngineError(f"in-memory table {name} must have text columns only")
        ddl = ", ".join(f"`{f.name}` string" for f in data.schema)
        spark.createDataFrame([tuple(r.values()) for r in data.to_pylist()], ddl) \
            .createOrReplaceTempView(name)
    with _quiet_sockets():
        return spark.sql(query.sql).toArrow()


def export_parquet(con: duckdb.DuckDBPyConnection, table: str, columns: list[str],
                   folder: Path) -> str:
    """Write the columns a series needs of a store table to Parquet (for Spark)."""
    target = folder / f"{table}.parquet"
    cols = ", ".join(f'"{c}"' for c in columns)
    literal = "'" + str(target).replace("'", "''") + "'"
    con.execute(f'COPY (SELECT {cols} FROM "{table}") TO {literal} (FORMAT parquet)')
    return str(target)
