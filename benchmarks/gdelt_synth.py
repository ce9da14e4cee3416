"""Synthetic GDELT-shaped data for the benchmarks, drawn from the real 15-minute sample.

Two generators:

- :func:`write_export_files` writes GDELT 2.0 export files (61 tab-separated columns): each row
  is a real sample row with a fresh GLOBALEVENTID and the file's 15-minute stamp as DATEADDED
  (the event date keeps the sample's offset, so back-dated rows stay back-dated).
- :func:`fill_events_table` fills the store's ``gdelt_events`` table with N rows in DuckDB. Each
  column is drawn independently from the sample's empirical distribution (actor countries and
  types, event codes with their quad class and Goldstein value, source counts, URLs, the
  event-date lag); event dates spread evenly over 2015-03-01 … 2024-12-31. The noise column is
  computed with the importer's own row rules; near duplicates get the sample's rate (22 %).
  Geography and actor-name columns stay NULL: no series reads them.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import duckdb

from alliance_monitor.ingest import gdelt, noise

SAMPLE = Path(__file__).resolve().parents[2] / "shared" / "data" / "events" / "gdelt2" / \
    "20191024143000.export.CSV"
FIRST_DAY = dt.date(2015, 3, 1)
LAST_DAY = dt.date(2024, 12, 31)
DUP_RATE = 463 / 2111  # near duplicates in the real sample


def sample_rows(path: Path = SAMPLE) -> list[list[str]]:
    if not path.exists():
        raise SystemExit(f"{path} not found: the benchmarks need ../shared/data")
    return [line.rstrip("\n").split("\t") for line in path.read_text(encoding="utf-8")
            .splitlines() if line.strip()]


def write_export_files(folder: Path, files: int, rows_per_file: int, first_id: int = 10**9,
                       start: dt.datetime = dt.datetime(2020, 1, 1), seed: int = 7
                       ) -> list[Path]:
    """GDELT 2.0 export files named by their 15-minute stamps, like GDELT's own."""
    rng = random.Random(seed)
    rows = sample_rows()
    base = dt.datetime.strptime(rows[0][59], "%Y%m%d%H%M%S")
    folder.mkdir(parents=True, exist_ok=True)
    out, next_id = [], first_id
    for i in range(files):
        stamp = start + dt.timedelta(minutes=15 * i)
        lines = []
        for row in rng.choices(rows, k=rows_per_file):
            day = dt.datetime.strptime(row[1], "%Y%m%d")
            event_day = (stamp - (base - day)).date()
            new = list(row)
            new[0] = str(next_id)
            new[1] = event_day.strftime("%Y%m%d")
            new[2], new[3] = event_day.strftime("%Y%m"), event_day.strftime("%Y")
            new[59] = stamp.strftime("%Y%m%d%H%M%S")
            lines.append("\t".join(new))
            next_id += 1
        path = folder / f"{stamp:%Y%m%d%H%M%S}.export.CSV"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        out.append(path)
    return out


def _sample_table(con: duckdb.DuckDBPyConnection) -> int:
    """The real sample as a small indexed table the generator draws rows from."""
    rows = sample_rows()
    con.execute("CREATE OR REPLACE TEMP TABLE _synth (idx INTEGER, a1c VARCHAR, a1g VARCHAR, "
                "a1t VARCHAR, a2c VARCHAR, a2g VARCHAR, a2t VARCHAR, code VARCHAR, "
                "nm INTEGER, ns INTEGER, na INTEGER, url VARCHAR, lag INTEGER)")
    con.executemany("INSERT INTO _synth VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", [
        [i, r[7] or None, r[8] or None, r[12] or None, r[17] or None, r[18] or None,
         r[22] or None, r[26], int(r[31]), int(r[32]), int(r[33]), r[60] or None,
         (dt.datetime.strptime(r[59][:8], "%Y%m%d") - dt.datetime.strptime(r[1], "%Y%m%d")).days]
        for i, r in enumerate(rows)])
    con.execute("ALTER TABLE _synth ADD COLUMN topic VARCHAR")
    con.execute(f"UPDATE _synth SET topic = {noise.url_topic_sql('url')}")
    return len(rows)


def fill_events_table(con: duckdb.DuckDBPyConnection, rows: int, first_id: int = 1,
                      seed: int = 11, chunk: int = 25_000_000) -> None:
    """Append ``rows`` synthetic events to ``gdelt_events`` (file_id 0).

    Each synthetic row takes its first actor, second actor, event code, source (URL and
    counts) and date lag from five independently drawn sample rows."""
    n = _sample_table(con)
    days = (LAST_DAY - FIRST_DAY).days + 1
    done = 0
    while done < rows:
        size = min(chunk, rows - done)
        con.execute(f"""
            INSERT INTO gdelt_events
            WITH base AS (
                SELECT i, DATE '{FIRST_DAY}' + (hash(i, {seed}) % {days})::INTEGER AS event_date,
                       s1.a1c AS actor1_country_code, s1.a1g AS actor1_known_group_code,
                       s1.a1t AS actor1_type1_code, s2.a2c AS actor2_country_code,
                       s2.a2g AS actor2_known_group_code, s2.a2t AS actor2_type1_code,
                       s3.code AS event_code, s4.nm AS num_mentions, s4.ns AS num_sources,
                       s4.na AS num_articles, s4.url AS source_url, s4.topic, s5.lag,
                       (hash(i, {seed + 99}) % 10000) < {int(DUP_RATE * 10000)} AS dup
                FROM range({first_id + done}, {first_id + done + size}) t(i)
                JOIN _synth s1 ON s1.idx = hash(i, {seed + 1}) % {n}
                JOIN _synth s2 ON s2.idx = hash(i, {seed + 2}) % {n}
                JOIN _synth s3 ON s3.idx = hash(i, {seed + 3}) % {n}
                JOIN _synth s4 ON s4.idx = hash(i, {seed + 4}) % {n}
                JOIN _synth s5 ON s5.idx = hash(i, {seed + 5}) % {n}),
            coded AS (
                SELECT b.*, c.quad, c.goldstein, c.plover,
                       {noise.actor_id_sql(1)} AS actor1, {noise.actor_id_sql(2)} AS actor2,
                       CAST(b.event_date + b.lag AS TIMESTAMP) + INTERVAL 14 HOUR AS date_added,
                       2 AS gdelt_version, NULL AS actor1_ethnic_code,
                       NULL AS actor1_religion1_code, NULL AS actor1_type2_code,
                       NULL AS actor1_type3_code, NULL AS actor2_ethnic_code,
                       NULL AS actor2_religion1_code, NULL AS actor2_type2_code,
                       NULL AS actor2_type3_code
                FROM base b JOIN cameo_codes c ON c.code = b.event_code)
            SELECT {', '.join(_column(c) for c in gdelt.EVENT_COLUMNS)},
                   2, actor1, actor2, plover, lag,
                   CASE WHEN dup THEN 'near_duplicate' ELSE {noise.row_rules_sql('topic')} END,
                   0
            FROM coded""")
        done += size


def _column(name: str) -> str:
    direct = {"global_event_id": "i", "event_date": "event_date",
              "month_year": "year(event_date) * 100 + month(event_date)",
              "year": "year(event_date)", "event_code": "event_code",
              "event_base_code": "left(event_code, 3)", "event_root_code": "left(event_code, 2)",
              "quad_class": "quad", "goldstein_scale": "goldstein",
              "num_mentions": "num_mentions", "num_sources": "num_sources",
              "num_articles": "num_articles", "date_added": "date_added",
              "source_url": "source_url", "is_root_event": "1",
              "avg_tone": "((hash(i, 5) % 2000)::DOUBLE / 100.0 - 10.0)"}
    for n in (1, 2):
        for part in ("country_code", "known_group_code", "type1_code"):
            direct[f"actor{n}_{part}"] = f"actor{n}_{part}"
        direct[f"actor{n}_code"] = (f"coalesce(actor{n}_country_code, '') || "
                                    f"coalesce(actor{n}_type1_code, '')")
    return f"{direct.get(name, 'NULL')} AS {name}"
