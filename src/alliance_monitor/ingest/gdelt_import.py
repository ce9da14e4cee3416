"""Load a batch of GDELT files into the store: read, check, de-duplicate, flag noise, insert.

The whole batch is read by DuckDB's CSV reader in one scan (bad lines go to reject tables with
file, line and reason); everything after that is set-based SQL. The caller stages the batch
with :func:`stage`, then calls :func:`insert_events` (or :func:`insert_mentions`) inside the
transaction that also registers the files, so a file is either completely in the store or not
at all.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import duckdb

from alliance_monitor.ingest import gdelt, noise

TEMP_TABLES = ("_am_stage", "_am_read0", "_am_read1", "_am_bad", "_am_files", "_am_existing",
               "_am_dups", "_am_rej0_errors", "_am_rej0_scans", "_am_rej1_errors",
               "_am_rej1_scans")
#: Rows whose line text is kept in the quarantine are cut to this many characters.
RAW_LIMIT = 2000


@dataclass
class FileStats:
    rows_read: int = 0
    added: int = 0
    unchanged: int = 0
    quarantined: int = 0
    noise: dict[str, int] = field(default_factory=dict)


def cleanup(con: duckdb.DuckDBPyConnection) -> None:
    for table in TEMP_TABLES:
        con.execute(f"DROP TABLE IF EXISTS temp.{table}")


def stage(con: duckdb.DuckDBPyConnection, layout: gdelt.Layout, files: dict[str, int]) -> None:
    """Read the plain files (path → file id) into ``_am_stage`` and their bad lines."""
    cleanup(con)
    paths = list(files)
    widths = gdelt.columns_for(layout)
    version = 1 if layout.kind == "gdelt1_events" else 2
    reads = 0
    for i, cols in enumerate(widths):
        if i == 1 and not con.execute(  # GDELT 1.0: lines of the other width?
                "SELECT 1 FROM _am_rej0_errors WHERE error_type IN ('MISSING COLUMNS', "
                "'TOO MANY COLUMNS') LIMIT 1").fetchall():
            break
        select = ("*" if layout.kind == "gdelt2_mentions" else
                  f"{gdelt.v2_projection(cols)}, CAST({version} AS TINYINT) AS gdelt_version, "
                  "filename")
        source = gdelt.read_csv_sql(layout, cols, f"_am_rej{i}")
        con.execute(f"CREATE TEMP TABLE _am_read{i} AS SELECT {select} FROM {source}",
                    {"files": paths})
        reads += 1
    if reads == 1:
        con.execute("ALTER TABLE _am_read0 RENAME TO _am_stage")
    else:
        con.execute("CREATE TEMP TABLE _am_stage AS SELECT * FROM _am_read0 UNION ALL "
                    "SELECT * FROM _am_read1")
    con.execute("CREATE TEMP TABLE _am_files (path VARCHAR, file_id INTEGER)")
    con.executemany("INSERT INTO _am_files VALUES (?, ?)", [[p, i] for p, i in files.items()])
    _bad_lines(con, reads)
    con.execute("ALTER TABLE _am_stage ADD COLUMN _bad VARCHAR")
    con.execute(f"UPDATE _am_stage SET _bad = b.reason FROM ({_checks_sql(layout)}) b "
                "WHERE _am_stage.rowid = b.rid")


_REASON = """CASE
    WHEN error_type IN ('MISSING COLUMNS', 'TOO MANY COLUMNS') THEN 'column_count'
    WHEN error_type = 'INVALID ENCODING' THEN 'encoding'
    WHEN error_type = 'LINE SIZE OVER MAXIMUM' THEN 'line_too_long'
    WHEN error_type = 'CAST' AND column_name IN ({dates}) THEN 'bad_date'
    WHEN error_type = 'CAST' AND error_message NOT LIKE '%Could not convert%'
        THEN 'missing_value'
    WHEN error_type = 'CAST' THEN 'non_numeric'
    ELSE 'unreadable' END"""


def _bad_lines(con: duckdb.DuckDBPyConnection, reads: int) -> None:
    """Lines the reader rejected; a GDELT 1.0 line is bad only if both the 57- and the
    58-column reading rejected it (each line has one of the two widths)."""
    dates = ", ".join(f"'{d}'" for d in gdelt.DATE_COLUMNS)
    parts = []
    for i in range(reads):
        parts.append(
            f"SELECT s.file_path AS filename, e.line, e.error_message, e.csv_line, "
            f"{_REASON.format(dates=dates)} AS reason, {i} AS read "
            f"FROM _am_rej{i}_errors e JOIN _am_rej{i}_scans s USING (scan_id, file_id)")
    rejected = " UNION ALL ".join(parts)
    keep = "true" if reads == 1 else (
        "(SELECT count(DISTINCT read) FROM r AS r2 WHERE r2.filename = r.filename "
        f"AND r2.line = r.line) = {reads}")
    con.execute(f"""
        CREATE TEMP TABLE _am_bad AS
        WITH r AS ({rejected})
        SELECT filename, line,
               arg_min(reason, CASE reason WHEN 'column_count' THEN 9 ELSE 1 END) AS reason,
               string_agg(DISTINCT error_message, '; ') AS detail,
               left(first(csv_line), {RAW_LIMIT}) AS raw
        FROM r WHERE {keep} GROUP BY filename, line""")


def _checks_sql(layout: gdelt.Layout) -> str:
    """Rows the reader accepted but that break the format's rules (then: the reason)."""
    text_cols = [n for n, t in (gdelt.MENTIONS if layout.kind == "gdelt2_mentions"
                                else gdelt.V2_EVENTS) if t == "VARCHAR"]
    nul = " OR ".join(f"contains({c}, chr(0))" for c in text_cols)
    if layout.kind == "gdelt2_mentions":
        reason = f"""CASE WHEN {nul} THEN 'nul_byte'
                         WHEN mention_type NOT BETWEEN 1 AND 6 THEN 'bad_value'
                         WHEN confidence NOT BETWEEN 0 AND 100 THEN 'bad_value' END"""
    else:
        reason = f"""CASE
            WHEN {nul} THEN 'nul_byte'
            WHEN NOT regexp_full_match(event_code, '[0-9]{{2,4}}') THEN 'bad_code'
            WHEN quad_class NOT BETWEEN 1 AND 4 THEN 'bad_value'
            WHEN goldstein_scale NOT BETWEEN -10 AND 10 THEN 'bad_value'
            WHEN event_date < DATE '1900-01-01'
                 OR event_date > CAST(date_added AS DATE) + 1 THEN 'bad_date'
            WHEN row_number() OVER (PARTITION BY global_event_id
                                    ORDER BY filename, rowid) > 1 THEN 'duplicate_id'
            END"""
    return (f"SELECT rid, reason FROM (SELECT rowid AS rid, {reason} AS reason FROM _am_stage) "
            "WHERE reason IS NOT NULL")


def _locate(path: str, keys: set[str], delim: str) -> dict[str, list[tuple[int, str]]]:
    """Line numbers (and text) of the rows whose first field is one of ``keys``."""
    found: dict[str, list[tuple[int, str]]] = {}
    sep = delim.encode()
    with open(path, "rb") as handle:
        for number, raw in enumerate(handle, start=1):
            key = raw.split(sep, 1)[0].decode("utf-8", "replace").strip('"')
            if key in keys:
                found.setdefault(key, []).append(
                    (number, raw.decode("utf-8", "replace").rstrip("\r\n")[:RAW_LIMIT]))
    return found


def quarantine(con: duckdb.DuckDBPyConnection, layout: gdelt.Layout,
               names: dict[str, str]) -> list[list[object]]:
    """Rows for ``event_quarantine``: rejected lines and lines that failed the checks."""
    rows: list[list[object]] = [
        [file_id, names[path], line, reason, detail, raw]
        for path, file_id, line, reason, detail, raw in con.execute(
            "SELECT b.filename, f.file_id, b.line, b.reason, b.detail, b.raw FROM _am_bad b "
            "JOIN _am_files f ON f.path = b.filename ORDER BY 1, 3").fetchall()]
    failed = con.execute(
        "SELECT s.filename, f.file_id, CAST(s.global_event_id AS VARCHAR), s._bad, "
        "row_number() OVER (PARTITION BY s.filename, s.global_event_id ORDER BY s.rowid) "
        "FROM _am_stage s JOIN _am_files f ON f.path = s.filename WHERE s._bad IS NOT NULL"
    ).fetchall()
    by_file: dict[str, list[tuple[int, str, str, int]]] = {}
    for path, file_id, key, reason, nth in failed:
        by_file.setdefault(path, []).append((file_id, key, reason, nth))
    details = {"nul_byte": "a text field holds a NUL byte (corrupt line)",
               "bad_code": "event code is not 2-4 digits", "bad_value":
               "value out of range (quad class 1-4, Goldstein -10..10, mention type 1-6, "
               "confidence 0-100)", "bad_date": "event date before 1900 or after the date "
               "it was added", "duplicate_id": "GLOBALEVENTID repeated in the batch"}
    for path, items in by_file.items():
        lines = _locate(path, {k for _, k, _, _ in items}, layout.delim)
        for file_id, key, reason, nth in items:
            hits = lines.get(key, [])
            # A duplicated id is reported at its 2nd, 3rd ... occurrence, others at the first.
            hit = hits[min(nth, len(hits)) - 1] if hits and reason == "duplicate_id" else (
                hits[0] if hits else (None, None))
            rows.append([file_id, names[path], hit[0], reason,
                         f"{details.get(reason, reason)} (id {key})", hit[1]])
    return rows


def _content() -> str:
    """SQL: a 64-bit hash of everything but the id and the time GDELT added the row."""
    cols = [c for c in gdelt.EVENT_COLUMNS if c not in ("global_event_id", "date_added")]
    return "hash(" + ", ".join(cols) + ")"


#: Near-duplicate key (issue 4): same article URL, actors, event code and date.
KEY = ("event_date", "actor1_code", "actor2_code", "event_code", "source_url")


def insert_events(con: duckdb.DuckDBPyConnection) -> None:
    """Insert the staged good rows that are new, with derived columns and noise flags."""
    lo, hi, first_added = con.execute(
        "SELECT min(global_event_id), max(global_event_id), min(date_added) FROM _am_stage "
        "WHERE _bad IS NULL").fetchall()[0]
    con.execute("CREATE TEMP TABLE _am_existing AS SELECT DISTINCT e.global_event_id "
                "FROM gdelt_events e SEMI JOIN _am_stage s USING (global_event_id) "
                "WHERE e.global_event_id BETWEEN ? AND ?", [lo or 0, hi or 0])
    if lo is None:
        return
    # Near duplicates are looked for in the batch and among rows GDELT added up to a day
    # before the batch's first row (zone maps keep this scan small on a big store).
    since = first_added - dt.timedelta(days=1)
    # Duplicates are found on a narrow projection (row id, 64-bit hashes of the duplicate key
    # and of the content): windows over the wide rows would copy every column.
    key = "hash(" + ", ".join(KEY) + ")"
    con.execute(f"""
        CREATE TEMP TABLE _am_dups AS
        WITH n AS (
            SELECT s.rowid AS rid, s.global_event_id, s.source_url IS NOT NULL AS has_url,
                   {key} AS k, {_content()} AS c
            FROM _am_stage s ANTI JOIN _am_existing x USING (global_event_id)
            WHERE s._bad IS NULL),
        prior AS (
            SELECT {key} AS k, {_content()} AS c FROM gdelt_events
            WHERE date_added >= ? AND source_url IS NOT NULL),
        m AS (SELECT n.rid, bool_or(p.c = n.c) AS exact FROM n JOIN prior p ON p.k = n.k
              GROUP BY n.rid)
        SELECT n.rid, CASE
            WHEN NOT n.has_url THEN NULL
            WHEN row_number() OVER (PARTITION BY n.k, n.c ORDER BY n.global_event_id) > 1
                 OR m.exact THEN 'exact_duplicate'
            WHEN row_number() OVER (PARTITION BY n.k ORDER BY n.global_event_id) > 1
                 OR m.exact IS NOT NULL THEN 'near_duplicate' END AS dup
        FROM n LEFT JOIN m USING (rid) QUALIFY dup IS NOT NULL""", [since])
    source_cols = ", ".join(f"k.{c}" for c in gdelt.EVENT_COLUMNS)
    con.execute(f"""
        INSERT INTO gdelt_events
        WITH topics AS (
            SELECT u AS url, {noise.url_topic_sql('u')} AS topic
            FROM (SELECT DISTINCT source_url AS u FROM _am_stage
                  WHERE _bad IS NULL AND source_url IS NOT NULL)),
        codes AS (  -- PLOVER category of each code, else of its base or root code
            SELECT x.event_code, coalesce(c1.plover, c2.plover, c3.plover) AS plover
            FROM (SELECT DISTINCT event_code, event_base_code, event_root_code
                  FROM _am_stage WHERE _bad IS NULL) x
            LEFT JOIN cameo_codes c1 ON c1.code = x.event_code
            LEFT JOIN cameo_codes c2 ON c2.code = x.event_base_code
            LEFT JOIN cameo_codes c3 ON c3.code = x.event_root_code
            QUALIFY row_number() OVER (PARTITION BY x.event_code
                                       ORDER BY coalesce(c1.plover, c2.plover, c3.plover)) = 1)
        SELECT {source_cols}, k.gdelt_version, k.actor1, k.actor2, c.plover,
               {noise.lag_days_sql()} AS lag_days,
               coalesce(k.dup, {noise.row_rules_sql('t.topic')}) AS noise, k.file_id
        FROM (SELECT s.*, d.dup, f.file_id, {noise.actor_id_sql(1)} AS actor1,
                     {noise.actor_id_sql(2)} AS actor2
              FROM _am_stage s JOIN _am_files f ON f.path = s.filename
              ANTI JOIN _am_existing x USING (global_event_id)
              LEFT JOIN _am_dups d ON d.rid = s.rowid
              WHERE s._bad IS NULL) k
        LEFT JOIN topics t ON t.url = k.source_url
        LEFT JOIN codes c ON c.event_code = k.event_code""")


MENTION_KEY = ("global_event_id", "mention_time", "mention_identifier", "sentence_id",
               "action_char_offset")


def insert_mentions(con: duckdb.DuckDBPyConnection) -> None:
    lo, hi = con.execute("SELECT min(mention_time), max(mention_time) FROM _am_stage "
                         "WHERE _bad IS NULL").fetchall()[0]
    con.execute("CREATE TEMP TABLE _am_existing (global_event_id BIGINT)")
    if lo is None:
        return
    cols = ", ".join(f"r.{c}" for c, _ in gdelt.MENTIONS)
    same = " AND ".join(f"m.{c} IS NOT DISTINCT FROM r.{c}" for c in MENTION_KEY)
    con.execute(f"""
        INSERT INTO gdelt_mentions
        WITH ranked AS (
            SELECT s.*, f.file_id, row_number() OVER (PARTITION BY {', '.join(MENTION_KEY)}
                                                      ORDER BY f.file_id, s.rowid) AS _rn
            FROM _am_stage s JOIN _am_files f ON f.path = s.filename WHERE s._bad IS NULL),
        stored AS (SELECT {', '.join(MENTION_KEY)} FROM gdelt_mentions
                   WHERE mention_time BETWEEN ? AND ?)
        SELECT {cols}, r.file_id FROM ranked r
        WHERE r._rn = 1 AND NOT EXISTS (SELECT 1 FROM stored m WHERE {same})""", [lo, hi])


def stats(con: duckdb.DuckDBPyConnection, layout: gdelt.Layout,
          quarantined: list[list[object]]) -> dict[int, FileStats]:
    """Per file: rows read, added, already stored, quarantined, and noise counts."""
    out: dict[int, FileStats] = {}
    for file_id, read, good in con.execute(
            "SELECT f.file_id, count(s.filename), count(s.filename) FILTER (s._bad IS NULL) "
            "FROM _am_files f LEFT JOIN _am_stage s ON s.filename = f.path GROUP BY 1"
    ).fetchall():
        out[file_id] = FileStats(rows_read=read, unchanged=good)
    for file_id, lines in con.execute("SELECT f.file_id, count(*) FROM _am_bad b JOIN _am_files "
                                      "f ON f.path = b.filename GROUP BY 1").fetchall():
        out[file_id].rows_read += lines
    for row in quarantined:
        out[int(str(row[0]))].quarantined += 1
    ids = list(out)
    table = "gdelt_mentions" if layout.kind == "gdelt2_mentions" else "gdelt_events"
    if table == "gdelt_events":
        for file_id, rule, n in con.execute(
                "SELECT file_id, coalesce(noise, 'kept'), count(*) FROM gdelt_events "
                "WHERE file_id IN (SELECT unnest(?)) GROUP BY ALL", [ids]).fetchall():
            out[file_id].noise[rule] = n
            out[file_id].added += n
    else:
        for file_id, n in con.execute("SELECT file_id, count(*) FROM gdelt_mentions WHERE "
                                      "file_id IN (SELECT unnest(?)) GROUP BY 1",
                                      [ids]).fetchall():
            out[file_id].added = n
    for s in out.values():
        s.unchanged -= s.added  # good rows that were not inserted were already stored
    return out


def touched_years(con: duckdb.DuckDBPyConnection, file_ids: list[int]) -> set[int]:
    """Years with newly added, kept events: their yearly indicator values need a refresh."""
    if not file_ids:
        return set()
    return {int(y) for (y,) in con.execute(
        "SELECT DISTINCT year(event_date) FROM gdelt_events WHERE file_id IN "
        "(SELECT unnest(?)) AND noise IS NULL", [file_ids]).fetchall()}
