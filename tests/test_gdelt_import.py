"""GDELT import: formats, quarantine, idempotency, atomicity (truncated zip, double import,
kill -9) and the noise rules on the real 15-minute file."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
import zipfile
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alliance_monitor.ingest import events_files
from alliance_monitor.ingest.events_files import ingest_event_files, sniff
from alliance_monitor.store import db

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "events"
SAMPLE = DATA / "gdelt2" / "20191024143000.export.CSV"
ROOT = Path(__file__).resolve().parents[1]


def shared(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} not found: the shared data folder (../shared/data) is absent")
    return path


def v2_row(gid: int, *, date: str = "20191024", a1: str = "USA", a2: str = "JPN",
           code: str = "036", quad: str = "1", gold: str = "4.0", t1: str = "", t2: str = "",
           url: str = "https://example.org/world/asia/talks", added: str = "20191024143000",
           sources: str = "2", geo1: str = "JA") -> str:
    """One GDELT 2.0 export line (61 tab-separated fields)."""
    def actor(code3: str, typ: str) -> list[str]:
        return [code3 + typ, code3, code3, "", "", "", "", typ, "", ""]

    geo = ["1", "Japan", geo1, geo1, "", "36", "138", geo1]
    fields = [str(gid), date, date[:6], date[:4], "2019.8", *actor(a1, t1), *actor(a2, t2),
              "1", code, code[:3], code[:2], quad, gold, "4", sources, "4", "1.5",
              *geo, *geo, *geo, added, url]
    assert len(fields) == 61
    return "\t".join(fields)


def write(path: Path, lines: list[str] | list[bytes]) -> Path:
    data = b"\n".join(x if isinstance(x, bytes) else x.encode() for x in lines) + b"\n"
    path.write_bytes(data)
    return path


def store(tmp_path: Path, name: str = "s.duckdb") -> duckdb.DuckDBPyConnection:
    return db.connect(tmp_path / name)


def count(con: duckdb.DuckDBPyConnection, sql: str, params: list[object] | None = None) -> int:
    return int(con.execute(sql, params or []).fetchall()[0][0])


def test_bad_rows_go_to_quarantine_with_line_and_reason(tmp_path: Path) -> None:
    lines: list[str | bytes] = [
        v2_row(1),                                             # 1 good
        v2_row(2).rsplit("\t", 1)[0],                          # 2 60 columns
        v2_row(3, date="20191341"),                            # 3 bad date
        v2_row(4).replace("\t036\t", "\t036\t", 1).encode().replace(b"JPN", b"J\xffN", 1),  # 4
        v2_row(5, gold="four"),                                # 5 non-numeric
        v2_row(6, code="3X"),                                  # 6 bad CAMEO code
        "\t".join(["", *v2_row(7).split("\t")[1:]]),          # 7 empty GLOBALEVENTID
        v2_row(8, code="010"),                                 # 8 good, leading zero
        v2_row(9, date="20191030"),                            # 9 event after it was added
    ]
    path = write(tmp_path / "20191024143000.export.CSV", lines)  # type: ignore[arg-type]
    con = store(tmp_path)
    report = ingest_event_files(con, [path], progress=False)
    assert count(con, "SELECT count(*) FROM gdelt_events") == 2
    got = {line: reason for line, reason in con.execute(
        "SELECT line, reason FROM event_quarantine WHERE file = ?", [path.name]).fetchall()}
    assert got == {2: "column_count", 3: "bad_date", 4: "encoding", 5: "non_numeric",
                   6: "bad_code", 7: "missing_value", 9: "bad_date"}
    assert report.details["quarantined"] == 7
    assert {b.item for b in report.bad} >= {f"{path.name}:2", f"{path.name}:4"}
    codes = [r[0] for r in con.execute("SELECT event_code FROM gdelt_events ORDER BY 1")
             .fetchall()]
    assert codes == ["010", "036"]  # strings with leading zeros, never integers
    raw = con.execute("SELECT raw FROM event_quarantine WHERE line = 2").fetchall()[0][0]
    assert raw.startswith("2\t20191024")
    files = con.execute("SELECT rows_read, rows_added, rows_quarantined FROM event_files"
                        ).fetchall()
    assert files == [(9, 2, 7)]


def test_actor_countries_and_geo_codes_stay_apart(tmp_path: Path) -> None:
    path = write(tmp_path / "a.export.CSV", [v2_row(1, a1="KOR", a2="USA", geo1="KS")])
    con = store(tmp_path)
    ingest_event_files(con, [path], progress=False)
    row = con.execute("SELECT actor1_country_code, actor1, actor1_geo_country_code, "
                      "action_geo_country_code FROM gdelt_events").fetchall()[0]
    assert row == ("KOR", "KOR", "KS", "KS")  # CAMEO 3-letter vs FIPS 10-4


def test_double_import_and_renamed_copy_change_nothing(tmp_path: Path) -> None:
    path = write(tmp_path / "20191024143000.export.CSV", [v2_row(i) for i in range(1, 6)])
    copy = tmp_path / "copy.export.CSV"
    copy.write_bytes(path.read_bytes())
    con = store(tmp_path)
    first = ingest_event_files(con, [path], progress=False)
    assert (first.added, first.events) == (1, 5)
    second = ingest_event_files(con, [path, copy], progress=False)
    assert (second.added, second.unchanged, second.events) == (0, 2, 0)
    # A new file that repeats stored events adds only the new ones (natural key).
    more = write(tmp_path / "20191024144500.export.CSV", [v2_row(i) for i in range(4, 8)])
    third = ingest_event_files(con, [more], progress=False)
    assert third.events == 2
    assert count(con, "SELECT count(*) FROM gdelt_events") == 7
    assert count(con, "SELECT count(DISTINCT global_event_id) FROM gdelt_events") == 7
    assert con.execute("SELECT rows_unchanged FROM event_files WHERE name = ?",
                       [more.name]).fetchall() == [(2,)]


def test_zip_equals_plain_and_truncated_zip_loads_nothing(tmp_path: Path) -> None:
    plain = write(tmp_path / "20191024143000.export.CSV", [v2_row(i) for i in range(1, 300)])
    zipped = tmp_path / "zips" / "20191024144500.export.CSV.zip"
    zipped.parent.mkdir()
    rows = [v2_row(i, added="20191024144500") for i in range(1000, 1400)]
    with zipfile.ZipFile(zipped, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("20191024144500.export.CSV", "\n".join(rows) + "\n")
    truncated = tmp_path / "20191024150000.export.CSV.zip"
    truncated.write_bytes(zipped.read_bytes()[: zipped.stat().st_size // 2])
    assert sniff(zipped) and sniff(truncated) and sniff(plain)
    con = store(tmp_path)
    report = ingest_event_files(con, [plain, truncated, zipped], progress=False)
    assert report.added == 2
    assert [b.item for b in report.bad] == [str(truncated)]
    assert "truncated or corrupt zip" in report.bad[0].reason
    assert count(con, "SELECT count(*) FROM gdelt_events") == 299 + 400
    assert count(con, "SELECT count(*) FROM event_files") == 2
    # A zip whose data is damaged (CRC) inside an intact archive is refused as a whole too.
    broken = tmp_path / "20191024151500.export.CSV.zip"
    data = bytearray(zipped.read_bytes())
    data[60] ^= 0xFF
    broken.write_bytes(bytes(data))
    again = ingest_event_files(con, [broken], progress=False)
    assert again.added == 0 and again.bad
    assert count(con, "SELECT count(*) FROM gdelt_events") == 699


def test_kill_9_mid_import_then_rerun_is_consistent(tmp_path: Path) -> None:
    files = []
    for f in range(6):
        stamp = f"2019102414{f:02d}00"
        rows = [v2_row(f * 100_000 + i, added=stamp, url=f"https://example.org/world/{i}")
                for i in range(40_000)]
        files.append(write(tmp_path / f"{stamp}.export.CSV", rows))
    target = tmp_path / "killed.duckdb"
    script = textwrap.dedent(f"""
        import sys
        from pathlib import Path
        from alliance_monitor.ingest.events_files import ingest_event_files
        from alliance_monitor.store import db
        con = db.connect(Path({str(target)!r}))
        for name in sys.argv[1:]:
            print("begin", name, flush=True)
            ingest_event_files(con, [Path(name)], progress=False)
            print("done", name, flush=True)
        """)
    proc = subprocess.Popen([sys.executable, "-c", script, *map(str, files)], cwd=ROOT,
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    done = 0
    for line in proc.stdout:
        done += line.startswith("done")
        if line.startswith("begin") and done == 2:
            time.sleep(0.3)  # inside the third file's import
            break
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    proc.stdout.close()
    con = db.connect(target)
    survived = count(con, "SELECT count(*) FROM event_files")
    assert survived >= 2
    rows = count(con, "SELECT count(*) FROM gdelt_events")
    assert rows == 40_000 * survived  # whole files only: nothing half-imported
    report = ingest_event_files(con, files, progress=False)
    assert report.unchanged == survived and report.added == 6 - survived
    assert count(con, "SELECT count(*) FROM gdelt_events") == 240_000
    assert count(con, "SELECT count(DISTINCT global_event_id) FROM gdelt_events") == 240_000
    assert count(con, "SELECT count(*) FROM event_files") == 6
    assert count(con, "SELECT sum(rows_added) FROM event_files") == 240_000
    con.close()


def test_sniff_recognises_formats(tmp_path: Path) -> None:
    assert sniff(write(tmp_path / "x.csv", [v2_row(1)]))
    assert not sniff(write(tmp_path / "notes.txt", ["just\ttext", "and more"]))
    assert not sniff(write(tmp_path / "gkg.csv", ["20191024143000-0\t20191024143000\t1"]))
    mentions = "\t".join(["881990832", "20191024143000", "20191024143000", "1", "x.com",
                          "https://x.com/a", "1", "-1", "10", "20", "1", "50", "2000", "1.2",
                          "", ""])
    path = write(tmp_path / "20191024143000.mentions.CSV", [mentions])
    item = events_files.detect(path)
    assert item is not None and item.kind == "gdelt2_mentions"
    assert sniff(write(tmp_path / "p.jsonl", ['{"id": "a", "date": "2020-01-01", '
                                               '"actor": [{"code": "USA"}], "event": "AID"}']))


@pytest.mark.shared_data
def test_real_gdelt1_mixed_57_58_columns() -> None:
    path = shared(DATA / "gdelt1" / "events-sample.csv")
    con = db.connect(":memory:")
    report = ingest_event_files(con, [path], progress=False)
    assert report.events == 710 and report.details["quarantined"] == 0
    assert count(con, "SELECT count(*) FROM gdelt_events WHERE source_url IS NULL") == 201
    assert count(con, "SELECT count(*) FROM gdelt_events WHERE gdelt_version = 1") == 710
    # Rows after the 2.0 switch-over are left to the 2.0 stream.
    assert count(con, "SELECT count(*) FROM gdelt_events WHERE noise = 'superseded_v1'") == 508


@pytest.mark.shared_data
def test_real_mentions_with_header() -> None:
    path = shared(DATA / "gdelt2" / "mentions-sample-20170701.csv")
    con = db.connect(":memory:")
    report = ingest_event_files(con, [path], progress=False)
    stored = count(con, "SELECT count(*) FROM gdelt_mentions")
    assert report.details["files"][0]["rows_read"] == 1635
    assert stored + report.details["files"][0]["unchanged"] == 1635  # repeats kept once
    assert count(con, "SELECT count(*) FROM gdelt_mentions WHERE mention_doc_translation_info "
                      "LIKE 'srclc:%'") > 0


@pytest.mark.shared_data
def test_real_sample_noise_counts_and_no_alliance_noise_survives() -> None:
    path = shared(SAMPLE)
    con = db.connect(":memory:")
    ingest_event_files(con, [path], progress=False)
    noise = dict(con.execute("SELECT split_part(coalesce(noise, 'kept'), ':', 1), count(*) "
                             "FROM gdelt_events GROUP BY 1").fetchall())
    assert sum(noise.values()) == 2111
    assert noise["near_duplicate"] == 2111 - 1648  # distinct (URL, actors, code, date): 1648
    assert noise["backdated"] + noise.get("exact_duplicate", 0) <= 44
    survivors = con.execute(
        "SELECT count(*) FROM gdelt_events WHERE noise IS NULL AND actor1 IN ('USA', 'JPN', "
        "'KOR') AND actor2 IN ('USA', 'JPN', 'KOR') AND actor1 <> actor2").fetchall()[0][0]
    assert survivors == 0
    # The relevance rule alone rejects each of the three noisy sources.
    for part in ("comunicati.net", "autoworldnews.com", "dailypolitical.com"):
        assert count(con, "SELECT count(*) FROM gdelt_events WHERE source_url LIKE ? AND "
                          "(noise IS NULL OR noise NOT LIKE 'off_topic%') AND noise NOT LIKE "
                          "'%duplicate'", [f"%{part}%"]) == 0


_GOOD = st.builds(lambda n: ("good", n), st.integers(0, 9))
_BAD = st.sampled_from(["columns", "date", "bytes", "number"]).map(lambda k: ("bad", k))


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(_GOOD, _BAD), min_size=1, max_size=12))
def test_every_line_is_loaded_or_quarantined(tmp_path_factory: pytest.TempPathFactory,
                                             kinds: list[tuple[str, object]]) -> None:
    folder = tmp_path_factory.mktemp("prop")
    lines: list[bytes] = []
    bad_lines = set()
    for i, (what, how) in enumerate(kinds, start=1):
        row = v2_row(i)
        if what == "bad":
            bad_lines.add(i)
            row = {"columns": row + "\textra", "date": v2_row(i, date="2019x024"),
                   "bytes": row.replace("Japan", "Jap\udcffn"),
                   "number": v2_row(i, quad="q")}[str(how)]
        lines.append(row.encode("utf-8", "surrogateescape"))
    path = write(folder / "20191024143000.export.CSV", lines)
    con = db.connect(":memory:")
    ingest_event_files(con, [path], progress=False)
    loaded = {r[0] for r in con.execute("SELECT global_event_id FROM gdelt_events").fetchall()}
    quarantined = {r[0] for r in con.execute("SELECT line FROM event_quarantine").fetchall()}
    assert loaded | quarantined == set(range(1, len(kinds) + 1))
    assert quarantined == bad_lines and not loaded & quarantined


def v1_row(gid: int, date: str = "19820102", url: bool = False) -> str:
    """A GDELT 1.0 line: 57 columns (historical back files) or 58 with SOURCEURL."""
    fields = v2_row(gid, date=date, added="20130203").split("\t")
    fields[59] = "20130203"  # DATEADDED is a day in GDELT 1.0
    del fields[39], fields[47 - 1], fields[55 - 2]  # no ADM2 code in the three geo blocks
    return "\t".join(fields[:58] if url else fields[:57])


def test_gdelt1_single_width_and_mixed(tmp_path: Path) -> None:
    historical = write(tmp_path / "1982.csv", [v1_row(i) for i in range(1, 4)]
                       + [v1_row(9) + "\tx\ty\tz"])
    item = events_files.detect(historical)
    assert item is not None and item.layout is not None and item.layout.width == 57
    con = store(tmp_path)
    ingest_event_files(con, [historical], progress=False)
    assert count(con, "SELECT count(*) FROM gdelt_events WHERE gdelt_version = 1") == 3
    assert con.execute("SELECT line, reason FROM event_quarantine").fetchall() == [
        (4, "column_count")]
    mixed = write(tmp_path / "mixed.csv", [v1_row(20, url=True), v1_row(21), v1_row(22, url=True)])
    ingest_event_files(con, [mixed], progress=False)
    assert count(con, "SELECT count(*) FROM gdelt_events WHERE global_event_id >= 20") == 3
    assert count(con, "SELECT count(*) FROM event_quarantine") == 1
