"""Dyad-period series on DuckDB: definitions, values, sources, indicator values, CLI."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from alliance_monitor.cli import app
from alliance_monitor.ingest.events_files import ingest_event_files
from alliance_monitor.series import build_series, dyads
from alliance_monitor.series.indicators import MIN_EVENTS, update_indicators
from alliance_monitor.store import db

ADDED = "20191130000000"
Actor = tuple[str, str, str, str]  # code, country, known group, type


def actor(country: str, typ: str = "GOV") -> Actor:
    return (country + typ, country, "", typ)


NATO: Actor = ("IGOWSTNAT", "", "NAT", "IGO")


def row(gid: int, date: str, a1: Actor, a2: Actor, code: str, quad: int, gold: float,
        sources: int = 1, url: str | None = None, added: str = ADDED) -> str:
    def fields(a: Actor) -> list[str]:
        return [a[0], a[1] or a[2], a[1], a[2], "", "", "", a[3], "", ""]

    geo = ["1", "Place", "US", "US", "", "1", "2", "US"]
    out = [str(gid), date, date[:6], date[:4], "2019.8", *fields(a1), *fields(a2), "1", code,
           code[:3], code[:2], str(quad), str(gold), "5", str(sources), "5", "0.5", *geo, *geo,
           *geo, added, url or f"https://news.example.org/world/asia/story-{gid}"]
    assert len(out) == 61
    return "\t".join(out)


ROWS = [
    row(1, "20191001", actor("USA"), actor("JPN"), "036", 1, 4.0, sources=2),
    row(2, "20191015", actor("JPN"), actor("USA"), "042", 1, 1.9),
    row(3, "20191105", actor("USA"), actor("JPN", "MIL"), "190", 4, -10.0, sources=3),
    row(4, "20191002", actor("USA"), actor("KOR"), "061", 2, 6.4),
    row(5, "20191003", actor("JPN"), actor("KOR"), "112", 3, -2.0),
    row(6, "20191004", NATO, actor("JPN"), "040", 1, 1.0),
    row(7, "20191004", actor("KOR"), actor("AUS"), "040", 1, 1.0),          # no alliance
    row(8, "20191006", actor("JPN", "MNC"), actor("KOR"), "057", 1, 8.0),   # non-state
    row(9, "20191007", actor("USA"), actor("JPN"), "036", 1, 4.0,
        url="https://www.prnewswire.com/news-releases/launch-123.html"),   # off topic
    row(10, "20191001", actor("USA"), actor("JPN"), "036", 1, 4.0, sources=2,
        url="https://news.example.org/world/asia/story-1"),                # near duplicate
]


@pytest.fixture
def con(tmp_path: Path) -> duckdb.DuckDBPyConnection:
    path = tmp_path / "20191130000000.export.CSV"
    path.write_text("\n".join(ROWS) + "\n", encoding="utf-8")
    c = db.connect(tmp_path / "s.duckdb")
    ingest_event_files(c, [path], progress=False)
    return c


def by_key(table: list[dict[str, object]]) -> dict[tuple[object, object], dict[str, object]]:
    return {(r["alliance"], r["period"]): r for r in table}


def test_alliance_dyad_definitions() -> None:
    found = {d.id: d for d in dyads.alliance_dyads()}
    assert set(found) == {"USA-JPN", "USA-KOR", "JPN-KOR", "USA-JPN-KOR", "NATO-IP4"}
    assert found["USA-JPN-KOR"].pairs() >= {("JPN", "KOR"), ("KOR", "USA")}
    nato = found["NATO-IP4"].pairs()
    assert ("NATO", "JPN") in nato and ("IP4", "NATO") in nato  # IP4 stands for its members
    assert ("JPN", "KOR") not in nato and ("AUS", "NZL") not in nato


def test_month_series_values(con: duckdb.DuckDBPyConnection) -> None:
    result = build_series(con, None, "month", "gdelt")
    got = by_key(result.table.to_pylist())
    oct_, nov = dt.date(2019, 10, 1), dt.date(2019, 11, 1)
    usa_jpn = got[("USA-JPN", oct_)]
    assert usa_jpn["events"] == 2 and usa_jpn["weighted_events"] == 3
    assert usa_jpn["goldstein_mean"] == pytest.approx(2.95)
    assert usa_jpn["cooperation_share"] == 1.0 and usa_jpn["conflict_share"] == 0.0
    assert got[("USA-JPN", nov)]["material_conflict"] == 1
    assert got[("USA-JPN", nov)]["conflict_share"] == 1.0
    assert got[("USA-JPN-KOR", oct_)]["events"] == 4
    shares = got[("USA-JPN-KOR", oct_)]
    assert (shares["verbal_cooperation_share"], shares["material_cooperation_share"],
            shares["verbal_conflict_share"]) == (0.5, 0.25, 0.25)
    assert got[("NATO-IP4", oct_)]["events"] == 1
    assert got[("JPN-KOR", oct_)]["verbal_conflict"] == 1
    assert ("USA-KOR", nov) not in got
    assert "gdelt_events" in result.sql


def test_week_year_and_plover_breakdown(con: duckdb.DuckDBPyConnection) -> None:
    weeks = build_series(con, ["USA-JPN"], "week").table.to_pylist()
    assert [w["period"].weekday() for w in weeks] == [0, 0, 0]  # ISO weeks start on Monday
    years = build_series(con, ["USA-JPN"], "year").table.to_pylist()
    assert [(y["period"], y["events"]) for y in years] == [(dt.date(2019, 1, 1), 3)]
    cats = build_series(con, ["USA-JPN-KOR"], "month", by="plover").table.to_pylist()
    october = [c for c in cats if c["period"] == dt.date(2019, 10, 1)]
    assert {c["category"] for c in october} == {"AGREE", "CONSULT", "COOPERATE", "ACCUSE"}
    assert sum(c["share"] for c in october) == pytest.approx(1.0)
    days = build_series(con, ["USA-JPN"], "day", start=dt.date(2019, 10, 10),
                        end=dt.date(2019, 10, 31)).table.to_pylist()
    assert [d["period"] for d in days] == [dt.date(2019, 10, 15)]


def test_news_and_plover_sources(con: duckdb.DuckDBPyConnection) -> None:
    cols = {r[0] for r in con.execute("SELECT column_name FROM information_schema.columns "
                                      "WHERE table_name = 'events'").fetchall()}
    if not cols:  # the news area's migration is not in this build: make its contract table
        con.execute("CREATE TABLE events (event_id VARCHAR, event_date DATE, source VARCHAR, "
                    "target VARCHAR, category VARCHAR, quad INTEGER, confidence DOUBLE)")
    con.execute("INSERT INTO events (event_id, event_date, source, target, category, quad, "
                "confidence) VALUES ('n1', DATE '2019-10-20', 'KOR', 'USA', 'ACCUSE', 3, 0.9), "
                "('n2', DATE '2019-10-21', 'NATO', 'IP4', 'CONSULT', NULL, 0.8)")
    news = by_key(build_series(con, None, "month", "news").table.to_pylist())
    oct_ = dt.date(2019, 10, 1)
    assert news[("USA-KOR", oct_)]["verbal_conflict"] == 1
    assert news[("USA-KOR", oct_)]["goldstein_mean"] == -3.0  # PLOVER score of ACCUSE
    assert news[("NATO-IP4", oct_)]["verbal_cooperation"] == 1  # quad from the category
    both = by_key(build_series(con, None, "month", "all").table.to_pylist())
    assert both[("USA-KOR", oct_)]["events"] == 2
    con.execute("DROP TABLE events")
    missing = build_series(con, None, "month", "news")
    assert missing.table.num_rows == 0
    assert any("no news events" in n for n in missing.notes)


def test_parquet_events_equal_store(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    target = tmp_path / "events.parquet"
    con.execute(f"COPY gdelt_events TO '{target}' (FORMAT parquet)")
    from_store = build_series(con, None, "month").table
    from_file = build_series(None, None, "month", events_parquet=target).table
    assert from_file.equals(from_store)


def test_indicator_values_written_on_import(tmp_path: Path) -> None:
    rows = [row(100 + i, f"202003{i % 28 + 1:02d}", actor("USA"), actor("JPN"),
                "042" if i % 4 else "112", 1 if i % 4 else 3, 1.9 if i % 4 else -2.0,
                added="20200515000000") for i in range(MIN_EVENTS + 4)]
    rows += [row(200, "20200310", actor("USA"), actor("KOR"), "042", 1, 1.9,
                 added="20200515000000")]
    path = tmp_path / "20200515000000.export.CSV"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    c = db.connect(tmp_path / "s.duckdb")
    report = ingest_event_files(c, [path], progress=False)
    assert report.details["indicator_years"] == [2020]

    update_indicators(c, report.details["indicator_years"])  # the series stage, run by App
    values = {(i, s): (v, n) for i, s, v, n in c.execute(
        "SELECT indicator, subject, value, note FROM indicator_values WHERE dataset = 'gdelt' "
        "AND year = 2020").fetchall()}
    share, note = values[("gdelt_cooperation_share", "USA-JPN")]
    assert share == pytest.approx(18 / 24) and "24 noise-filtered" in note
    assert values[("gdelt_mean_goldstein", "USA-JPN")][0] == pytest.approx(
        (18 * 1.9 - 6 * 2.0) / 24)
    assert values[("gdelt_cooperation_share", "USA-KOR")][0] is None  # too few events
    assert update_indicators(c) == len(values)  # recomputing all years gives the same rows
    # The assessment's `dataset` kind reads the value.
    from alliance_monitor.assess.kinds import Context, dataset_kind
    from alliance_monitor.assess.snapshot import Snapshot
    from alliance_monitor.knowledge.loader import KnowledgeBase
    from alliance_monitor.model import Alliance
    from alliance_monitor.series.evidence import dataset_values

    alliance = Alliance.model_validate({"id": "USA-JPN", "name": {"en": "x", "de": "x"},
                                        "members": ["USA", "JPN"], "kind": "bilateral_alliance",
                                        "source": {"ref": "swp2021"}})
    snap = Snapshot.build(KnowledgeBase(), dataset_values(c), [])
    obs = dataset_kind(Context(snap, alliance, dt.date(2020, 12, 31), "latest"),
                       {"indicator": "gdelt_cooperation_share", "subject": "alliance"})
    assert obs.value == pytest.approx(0.75) and obs.input_date == dt.date(2020, 12, 31)
    # point in time: the 2020 value is published in 2021, so it is unknown at the end of 2020
    early = dataset_kind(Context(snap, alliance, dt.date(2020, 12, 31)),
                         {"indicator": "gdelt_cooperation_share", "subject": "alliance"})
    assert early.value is None


def _store_with_events(store_copy: Path, tmp_path: Path) -> Path:
    path = tmp_path / "20191130000000.export.CSV"
    path.write_text("\n".join(ROWS) + "\n", encoding="utf-8")
    with db.writer(store_copy) as c:
        ingest_event_files(c, [path], progress=False)
    return store_copy


def test_cli_series_formats_and_errors(store_copy: Path, tmp_path: Path) -> None:
    store = _store_with_events(store_copy, tmp_path)
    runner = CliRunner()
    out = runner.invoke(app, ["series", "us-jpn", "--store", str(store), "--format", "json"])
    assert out.exit_code == 0, out.output
    rows = json.loads(out.stdout)
    assert [(r["period"], r["events"]) for r in rows] == [("2019-10-01", 2), ("2019-11-01", 1)]
    csv = runner.invoke(app, ["series", "JPN-USA", "--store", str(store), "--format", "csv",
                              "--freq", "year", "--by", "plover"])
    assert csv.exit_code == 0 and csv.stdout.splitlines()[0].startswith("alliance,period,category")
    table = runner.invoke(app, ["series", "usa-kor", "--store", str(store)])
    assert table.exit_code == 0 and "USA-KOR" in table.stdout
    bad = runner.invoke(app, ["series", "usa-fra", "--store", str(store)])
    assert bad.exit_code == 2 and "unknown alliance" in bad.output
    bad_date = runner.invoke(app, ["series", "usa-jpn", "--from", "2019-13", "--store",
                                   str(store)])
    assert bad_date.exit_code == 2


def test_cli_series_news_without_news_table(store_copy: Path, tmp_path: Path) -> None:
    store = _store_with_events(store_copy, tmp_path)
    with db.writer(store) as c:
        c.execute("DROP TABLE IF EXISTS events CASCADE")
    out = CliRunner().invoke(app, ["series", "usa-jpn", "--source", "news", "--store",
                                   str(store)])
    assert out.exit_code == 0
    assert "no news events" in out.output


def test_cli_gdelt_indicators(store_copy: Path, tmp_path: Path) -> None:
    store = _store_with_events(store_copy, tmp_path)
    out = CliRunner().invoke(app, ["gdelt", "indicators", "--store", str(store), "--format",
                                   "json"])
    assert out.exit_code == 0, out.output
    rows = json.loads(out.stdout)
    assert {r["subject"] for r in rows} >= {"USA-JPN", "USA-JPN-KOR"}
    assert all(r["value"] is None for r in rows)  # a handful of events: no values
