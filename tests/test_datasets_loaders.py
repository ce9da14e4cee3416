"""Loaders on small files in each data set's official format: validation, bad rows, idempotence.

These files are written by the tests (no shared data needed); the real copies are exercised in
test_datasets_shared.py.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alliance_monitor.datasets import load_path
from alliance_monitor.datasets.load import find_files, load_directory, rederive_stale
from alliance_monitor.datasets.reading import Col, Rows, Source, read_rows
from alliance_monitor.store import db
from test_datasets_support import snapshot, table_counts, write


@pytest.fixture
def con() -> duckdb.DuckDBPyConnection:
    return db.connect(":memory:")


def values(con: duckdb.DuckDBPyConnection, indicator: str) -> dict[tuple[str, int], float]:
    rows = con.execute("SELECT subject, year, value FROM indicator_values WHERE indicator = ?",
                       [indicator]).fetchall()
    return {(s, y): v for s, y, v in rows}


PEW = """country,year,target,pct_favorable,n
JPN,2019,USA,67.9,1037
JPN,2020,USA,41.6,1056
JPN,2021,USA,70.8,1014
KOR,2020,CHN,23.7,1191
Atlantis,2020,USA,50.0,100
JPN,2022,USA,abc,1000
JPN,2023,USA,140,1000
JPN,2019,USA,68.0,1037
"""


def test_pew_bad_rows_are_reported_not_fatal(con: duckdb.DuckDBPyConnection,
                                             tmp_path: Path) -> None:
    """Unknown country, non-numeric value, out-of-range share, duplicate key: each named with
    file and line; the good rows load."""
    report = load_path(con, "pew", write(tmp_path / "pew.csv", PEW))
    assert report.details["status"] == "loaded"
    reasons = {b.item: b.reason for b in report.bad}
    assert reasons == {
        "pew.csv:6": "unknown surveyed country 'Atlantis'",
        "pew.csv:7": "column 'pct_favorable': 'abc' is not a number",
        "pew.csv:8": "column 'pct_favorable': 140.0 is outside 0–100",
        "pew.csv:9": "duplicate of line 2 (country=JPN, year=2019, target=USA)",
    }
    assert values(con, "pew_fav_usa") == {("JPN", 2019): 67.9, ("JPN", 2020): 41.6,
                                          ("JPN", 2021): 70.8}
    assert values(con, "pew_fav_chn") == {("KOR", 2020): 23.7}
    row = con.execute("SELECT dataset, source_ref, unit, note FROM indicator_values WHERE "
                      "subject = 'JPN' AND year = 2020").fetchone()
    assert row == ("pew", "pew-global-attitudes", "percent", "n=1056")


def test_loading_the_same_file_twice_changes_nothing(con: duckdb.DuckDBPyConnection,
                                                     tmp_path: Path) -> None:
    """The second load is recognised by content hash and writes nothing; --force re-parses
    and upserts by natural key, which leaves every row as it was."""
    path = write(tmp_path / "pew.csv", PEW)
    first = load_path(con, "pew", path)
    before = snapshot(con)
    second = load_path(con, "pew", path)
    assert second.details["status"] == "already loaded" and second.added == 0
    assert snapshot(con) == before
    forced = load_path(con, "pew", path, force=True)
    assert forced.added == 0 and forced.unchanged == first.added
    assert forced.details["updated"] == 0
    after = snapshot(con)
    assert {k: v for k, v in after.items() if k != "dataset_loads"} == \
        {k: v for k, v in before.items() if k != "dataset_loads"}


def test_a_revised_file_updates_by_natural_key(con: duckdb.DuckDBPyConnection,
                                               tmp_path: Path) -> None:
    """A new release with a revised figure replaces that value and adds new years."""
    load_path(con, "pew", write(tmp_path / "a.csv", "country,year,target,pct_favorable,n\n"
                                                   "JPN,2020,USA,41.0,1\n"))
    report = load_path(con, "pew", write(tmp_path / "b.csv",
                                         "country,year,target,pct_favorable,n\n"
                                         "JPN,2020,USA,41.6,1056\nJPN,2021,USA,70.8,1014\n"))
    assert (report.added, report.details["updated"], report.unchanged) == (1, 1, 0)
    assert values(con, "pew_fav_usa") == {("JPN", 2020): 41.6, ("JPN", 2021): 70.8}


def test_wrong_columns_reject_the_file_and_write_nothing(con: duckdb.DuckDBPyConnection,
                                                         tmp_path: Path) -> None:
    """A file of another data set is rejected with the missing column named."""
    report = load_path(con, "pew", write(tmp_path / "x.csv", "ccode,year,value\n2,2000,1\n"))
    assert report.details["status"] == "rejected"
    assert "missing required column(s) 'country'" in report.bad[0].reason
    assert "Is this the official file of data set 'pew'?" in report.bad[0].reason
    assert table_counts(con)["dataset_loads"] == 0


def test_unreadable_files_are_rejected(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    binary = tmp_path / "x.csv"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    assert "not a text (CSV) file" in load_path(con, "pew", binary).bad[0].reason
    empty = write(tmp_path / "e.csv", "\n\n")
    assert "empty" in load_path(con, "pew", empty).bad[0].reason
    missing = load_path(con, "pew", tmp_path / "nope.csv")
    assert missing.details["status"] == "rejected" and "cannot read" in missing.bad[0].reason


def test_rows_with_the_wrong_number_of_fields(con: duckdb.DuckDBPyConnection,
                                              tmp_path: Path) -> None:
    text = "country,year,target,pct_favorable,n\nJPN,2020,USA,41.6\nJPN,2021,USA,70.8,1014\n"
    report = load_path(con, "pew", write(tmp_path / "p.csv", text))
    assert [b.reason for b in report.bad] == ["has 4 fields, the header has 5"]
    assert values(con, "pew_fav_usa") == {("JPN", 2021): 70.8}


UNGA = (
    '"","ccode","session","NVotesAll","IdealPointAll","Q5%All","Q95%All","iso3c","Countryname",'
    '"USAgree","ChinaAgree"\n'
    '"1",2,75,80,2.9,2.8,3.0,"USA","United States",1,0.2\n'
    '"2",740,75,80,0.8,0.7,0.9,"JPN","Japan",0.38,0.5\n'
    '"3",732,75,80,1.1,1.0,1.2,"KOR","South Korea",0.39,0.55\n'
    '"4",2,76,80,2.7,2.6,2.8,"USA","United States",1,0.2\n'
    '"5",740,76,80,0.8,0.7,0.9,"JPN","Japan",0.48,NA\n'
    '"6",9999,76,80,0.5,0.4,0.6,"ZZZ","Nowhere",0.1,0.1\n'
)


def test_unga_distance_and_agreement_per_alliance(con: duckdb.DuckDBPyConnection,
                                                  tmp_path: Path) -> None:
    """Session 75 is 2020; distances need every member (no KOR in 2021 → no USA-KOR value);
    agreement exists only for pairs with the USA."""
    report = load_path(con, "unga", write(tmp_path / "IdealpointestimatesAll_Jun2024.csv", UNGA))
    assert [b.reason for b in report.bad] == ["unknown country '9999'"]
    dist = values(con, "unga_ideal_point_distance")
    assert dist[("USA-JPN", 2020)] == pytest.approx(2.1)
    assert dist[("USA-KOR", 2020)] == pytest.approx(1.8)
    assert dist[("JPN-KOR", 2020)] == pytest.approx(0.3)
    assert dist[("USA-JPN-KOR", 2020)] == pytest.approx((2.1 + 1.8 + 0.3) / 3)
    assert dist[("USA-JPN", 2021)] == pytest.approx(1.9)
    assert ("USA-KOR", 2021) not in dist
    agree = values(con, "unga_agreement")
    assert agree == {("USA-JPN", 2020): 0.38, ("USA-KOR", 2020): 0.39, ("USA-JPN", 2021): 0.48}


def test_unga_older_release_with_year_column(con: duckdb.DuckDBPyConnection,
                                             tmp_path: Path) -> None:
    """Older Dataverse releases name the columns differently and give the year."""
    text = ("ccode\tsession\tyear\tIdealPoint\n2\t70\t2015\t2.5\n740\t70\t2015\t0.5\n")
    report = load_path(con, "unga", write(tmp_path / "Idealpointestimates1946-2015.tab", text))
    assert report.details["status"] == "loaded", report.bad
    assert values(con, "unga_ideal_point_distance") == {("USA-JPN", 2015): pytest.approx(2.0)}


def test_sipri_milex_owid_format(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    """OWID's grapher CSV: aggregates without ISO3 are skipped, not reported as bad."""
    text = ("Entity,Code,Year,Military expenditure (% of GDP),World region according to OWID\n"
            "Japan,JPN,2020,1.0167613,Asia\nSouth Korea,KOR,2020,2.642977,Asia\n"
            "European Union (SIPRI),,2020,1.4,\nWorld,OWID_WRL,2020,2.2,\n"
            "Kosovo,OWID_KOS,2020,0.8,Europe\nJapan,JPN,2021,n/a,Asia\n")
    report = load_path(con, "sipri_milex", write(tmp_path / "m.csv", text))
    assert report.details["skipped"] == {
        "aggregate (region or group, no ISO3 code)": 2,
        "column 'share_gdp': NaN/NA cell, no value (a stored value is kept)": 1}
    assert not report.bad
    assert values(con, "milex_share_gdp") == {("JPN", 2020): 1.0167613, ("KOR", 2020): 2.642977,
                                              ("XKX", 2020): 0.8}


def test_sipri_arms_wide_table_with_preamble(con: duckdb.DuckDBPyConnection,
                                             tmp_path: Path) -> None:
    """SIPRI's generated TIV table: title lines, a Total column and row; blank means 0."""
    text = ("TIV of arms exports from the United States, 2018-2020\n"
            "Generated: 2021-03-15\n\n"
            ",2018,2019,2020,Total\n"
            "Japan,584,866,724,2174\nSouth Korea*,669,,917,1586\nAtlantis,1,2,3,6\n"
            "Total,1253,866,1641,3760\n")
    report = load_path(con, "sipri_arms", write(tmp_path / "TIV-Export-USA-2018-2020.csv", text))
    assert [b.reason for b in report.bad] == ["unknown recipient 'Atlantis'"]
    tiv = values(con, "us_arms_tiv")
    assert tiv[("JPN", 2019)] == 866 and tiv[("KOR", 2019)] == 0 and tiv[("KOR", 2020)] == 917
    assert len(tiv) == 6


def test_sipri_arms_refuses_another_suppliers_table(con: duckdb.DuckDBPyConnection,
                                                    tmp_path: Path) -> None:
    text = "TIV of arms exports from France, 2018-2020\n\n,2018,2019,2020\nJapan,1,2,3\n"
    report = load_path(con, "sipri_arms", write(tmp_path / "f.csv", text))
    assert report.details["status"] == "rejected"
    assert "exports from France" in report.bad[0].reason


TROOPS = """countryname,year,ccode,iso3c,region,troops_ad,army_ad,navy_ad,air_force_ad,\
marine_corps_ad,coast_guard_ad,space_force_ad
Japan,2020,740,JPN,East Asia & Pacific,56748,2525,20789,12911,19000,19,0
Czech Republic,2020,316,CZE,Europe,0,0,0,0,0,0,0
Czechia,2020,316,CZE,Europe,17,10,0,0,7,0,0
Guam,2020,1008,NA,East Asia & Pacific,5000,0,0,0,0,0,0
Aden,1960,1029,NA,Middle East,2,0,2,0,0,0,0
Atlantis,2020,,NA,Nowhere,3,0,0,0,0,0,0
Korea,2020,732,KOR,East Asia & Pacific,26615,0,0,0,-5,0,0
"""


def test_troops_sum_per_host_and_skip_territories(con: duckdb.DuckDBPyConnection,
                                                  tmp_path: Path) -> None:
    """Two names for one country in a year are summed; territories get their own ISO3 when
    they have one (Guam), other entities are counted as skipped; an unknown name is bad; a
    negative service count is emptied without losing the row's total."""
    report = load_path(con, "troops", write(tmp_path / "troopdata-rebuild-country-year.csv",
                                            TROOPS))
    assert [b.reason for b in report.bad] == ["unknown host country 'Atlantis'"]
    assert report.details["skipped"] == {
        "host country: no ISO3 code (territory, region or historical entity)": 1,
        "column 'marine_corps_ad': outside 0–5e+06, left empty": 1}
    troops = values(con, "us_troops")
    assert troops == {("JPN", 2020): 56748, ("CZE", 2020): 17, ("GUM", 2020): 5000,
                      ("KOR", 2020): 26615}
    note = con.execute("SELECT note FROM indicator_values WHERE subject = 'CZE'").fetchone()[0]
    assert note == "sum of 2 rows: Czech Republic; Czechia"


MME = ("MMEID,Ex_Name,Series_Name,Location,lat,lon,s.year,s.month,s.day,StateA,StateB,StateC\n"
       "mme1,Keen Sword,,Japan,35,139,2008,11,xx,Japan,United States,\n"
       "mme2,Key Resolve,,Korea,37,127,2008,3,2,South Korea,United States,\n"
       "mme3,Pacific Reach,,Japan,35,139,2008,5,1,Japan,South Korea,United States\n"
       "mme4,Wintex,,-9,,,2009,3,9,-9,,\n"
       "mme5,Mystery,,Sea,abc,1,2009,1,1,Japan,Atlantis,\n"
       "mme5,Mystery,,Sea,1,1,2009,1,1,Japan,Atlantis,\n"
       "mme6,Côte drill,,Abidjan,5,-4,2010,1,1,Côte d’Ivoire,France,\n")


def test_mme_latin1_participants_and_joint_exercises(con: duckdb.DuckDBPyConnection,
                                                     tmp_path: Path) -> None:
    """The official file is Latin-1: names with accents still resolve. Exercises count for an
    alliance when all its members take part; covered years without one are 0."""
    path = write(tmp_path / "mme_v7.csv", MME.replace("’", "'"), encoding="latin-1")
    report = load_path(con, "mme", path)
    assert report.details["encoding"] == "cp1252"
    assert report.details["skipped"]["participants not coded (-9) in the file"] == 1
    assert [b.reason for b in report.bad] == [
        "unknown participant 'Atlantis' left out of the exercise",
        "duplicate of line 6 (MMEID mme5, Mystery, 2009)"]
    joint = values(con, "exercises_joint")
    assert joint[("USA-JPN", 2008)] == 2 and joint[("USA-KOR", 2008)] == 2
    assert joint[("JPN-KOR", 2008)] == 1 and joint[("USA-JPN-KOR", 2008)] == 1
    assert joint[("USA-JPN", 2009)] == 0 and joint[("USA-JPN", 2010)] == 0
    civ = con.execute("SELECT participant FROM ds_mme_participants WHERE mme_id = 'mme6' "
                      "ORDER BY 1").fetchall()
    assert civ == [("CIV",), ("FRA",)]


def test_signals_count_of_signal_types(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    text = ("ctry_yr,ccode,country,year,us_nukes,us_vis,us_econaid,us_bit,us_pact,us_words,"
            "us_ex,us_arms,us_troops\n"
            "Japan2010,740,Japan,2010,0,1,1201079,0,1,67,1,348,35598\n"
            "Germany1990,255,Germany,1990,1,0,0,0,1,0,0,0,0\n"
            "German Federal Republic1990,260,German Federal Republic,1990,0,1,0,0,1,0,0,0,0\n")
    load_path(con, "signals", write(tmp_path / "mcmanus-nieman-signals.csv", text))
    assert values(con, "us_support_signals") == {("JPN", 2010): 7, ("DEU", 1990): 3}


def test_nato_opinion_yearly_mean_without_elite_polls(con: duckdb.DuckDBPyConnection,
                                                      tmp_path: Path) -> None:
    """Two 2016 polls share year and poll number and differ only in the note: both kept."""
    text = ("year,poll,perc.supp,perc.opp,perc.none,data,roper.num,elite,Notes\n"
            "1982,1,64,19,17,yes,31097381,0,\n1982,3,86,13,1,yes,31089282,1,\n"
            "2016,2,65,31,4,yes,31091625,0,Essential/not\n"
            "2016,2,75,25,5,yes,31091625,0,increase/decrease comm\n")
    report = load_path(con, "nato_opinion", write(tmp_path / "us-public-support-nato.csv", text))
    assert not report.bad
    assert values(con, "us_public_support_nato") == {("USA", 1982): 64, ("USA", 2016): 70}


ATOP_A = ("atopid,begyr,begmo,begday,endyr,endmo,endday,ineffect,bilat,defense,offense,neutral,"
          "nonagg,consul,conditio,defcon,asymm,milcon,milaid,intcom,subord,organ1,base,contrib,"
          "mem1,mem2,mem3\n"
          "3375,1960,1,19,0,0,0,1,1,1,0,0,1,1,1,0,1,0,0,0,0,2,3,0,2,740,\n"
          "3240,1953,10,1,0,0,0,1,1,1,0,0,1,1,1,1,1,0,0,0,0,0,3,0,2,732,\n"
          "9999,1900,0,0,1901,0,0,0,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,240,245,300\n")


def test_atop_provisions_become_sourced_facts(con: duckdb.DuckDBPyConnection,
                                              tmp_path: Path) -> None:
    """The treaties of the model become facts valid from the treaty date, citing ATOP."""
    report = load_path(con, "atop", write(tmp_path / "atop5_1a.csv", ATOP_A))
    assert report.details["dataset_facts"] == 30  # 15 provisions × 2 treaties present
    row = con.execute("SELECT subject, value_text, valid_from, valid_to, source_ref, doc FROM "
                      "dataset_facts WHERE id = 'usa-jpn.atop_defense.3375'").fetchone()
    assert row[:5] == ("USA-JPN", "true", __import__("datetime").date(1960, 1, 19), None,
                       "atop")
    assert '"page":"atopid 3375, variable defense"' in row[5]
    bases = con.execute("SELECT value_num FROM dataset_facts WHERE id = "
                        "'usa-kor.atop_bases.3240'").fetchone()
    assert bases == (3.0,)
    members = con.execute("SELECT ccode, iso3 FROM ds_atop_members WHERE atopid = 9999 "
                          "ORDER BY ccode").fetchall()
    assert members == [(240, None), (245, None), (300, None)]  # historical states, no ISO3


def test_atop_dyads_official_and_converted_names(con: duckdb.DuckDBPyConnection,
                                                 tmp_path: Path) -> None:
    """stateA/stateB/defense (official zip) and ccode1/ccode2/atop_defense (R conversion) both
    load; JPN-KOR gets a 'no defence obligation' fact."""
    official = ("stateA,stateB,year,atopally,defense,offense,neutral,nonagg,consul\n"
                "2,740,2017,1,1,0,0,1,1\n2,740,2018,1,1,0,0,1,1\n740,2,2018,1,0,0,0,1,1\n"
                "740,732,2018,1,0,0,0,1,0\n2,740,2019,1,2,0,0,1,1\n")
    report = load_path(con, "atop_dyads", write(tmp_path / "atop5_1ddyr.csv", official))
    assert [b.reason for b in report.bad] == ["column 'defense': 2 is outside 0–1"]
    ids = {r[0] for r in con.execute("SELECT id FROM dataset_facts").fetchall()}
    assert "usa-jpn.atop_dyad_defense.usa.2017-2018" in ids
    assert "usa-jpn.atop_dyad_defense.jpn.none" in ids
    assert "jpn-kor.atop_dyad_defense.jpn.none" in ids
    assert "jpn-kor.atop_dyad_nonagg.jpn.2018-2018" in ids
    converted = ("ccode1,ccode2,year,atop_defense,atop_offense,atop_neutral,atop_nonagg,"
                 "atop_consul\n2,732,2018,1,0,0,1,1\n")
    load_path(con, "atop_dyads", write(tmp_path / "atop_dyad_year.csv", converted))
    assert con.execute("SELECT count(*) FROM ds_atop_dyads").fetchone() == (5,)


def test_zip_archives_are_read_by_member(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    """The ATOP distribution is a zip; the data set's member is picked by name."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("ATOP 5.1 (.csv)/atop5_1a.csv", ATOP_A)
        z.writestr("ATOP 5.1 (.csv)/atop5_1m.csv", "atopid,member\n")
    path = tmp_path / "atop_5.1__.csv_.zip"
    path.write_bytes(buf.getvalue())
    report = load_path(con, "atop", path)
    assert report.details["file"] == "atop_5.1__.csv_.zip!atop5_1a.csv"
    assert report.details["status"] == "loaded"
    bad = load_path(con, "unga", path)
    assert bad.details["status"] == "rejected" and "zip archive without" in bad.bad[0].reason


def test_bases_cp1252_file(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    text = ("countryname,ccode,iso3c,basename,lat,lon,base,lilypad,fundedsite\n"
            'Chile,155,CHL,"Fuerte Aguayo NB, Concón",-32.94,-71.5,0,1,0\n'
            "Japan,740,JPN,Kadena AB,26.35,127.77,1,0,0\nJapan,740,JPN,Nowhere,95,0,1,0,0\n")
    report = load_path(con, "bases", write(tmp_path / "basedata.csv", text, encoding="cp1252"))
    assert [b.reason for b in report.bad] == ["column 'lat': 95.0 is outside -90–90"]
    names = con.execute("SELECT name FROM ds_bases ORDER BY name").fetchall()
    assert names == [("Fuerte Aguayo NB, Concón",), ("Kadena AB",)]


def test_find_files_and_load_directory(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    write(tmp_path / "opinion" / "pew-favorability-by-country-year.csv", PEW)
    write(tmp_path / "unga" / "IdealpointestimatesAll_Jun2024.csv", UNGA)
    write(tmp_path / "other" / "readme.txt", "nothing")
    assert sorted(n for n, _ in find_files(tmp_path)) == ["pew", "unga"]
    reports = load_directory(con, tmp_path)
    assert [r.details["status"] for r in reports] == ["loaded", "loaded"]


def test_changed_rules_are_applied_to_stored_tables(con: duckdb.DuckDBPyConnection,
                                                    tmp_path: Path) -> None:
    """A store derived by an older release derives again from its own tables on the next
    build, without the file."""
    load_path(con, "pew", write(tmp_path / "pew.csv", PEW))
    con.execute("UPDATE dataset_derivations SET version = 0 WHERE dataset = 'pew'")
    con.execute("DELETE FROM indicator_values WHERE dataset = 'pew'")
    assert rederive_stale(con) == ["pew"]
    assert values(con, "pew_fav_usa")[("JPN", 2020)] == 41.6
    assert rederive_stale(con) == []


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(st.integers(-10**6, 10**6).map(str),
                          st.floats(allow_nan=False, allow_infinity=False).map(repr),
                          st.sampled_from(["", "NA", "x", "1e3", " 7 ", "1.5", "-", "."])),
                min_size=1, max_size=30))
def test_read_rows_types_every_cell_or_reports_it(cells: list[str]) -> None:
    """Property: every data row is either kept with a typed value or reported as bad."""
    text = "id,value\n" + "".join(f"{i},\"{c}\"\n" for i, c in enumerate(cells))
    bad = Rows("f.csv")
    frame = read_rows(Source("f.csv", text, "x", "utf-8"),
                      (Col("id", "int", nullable=False), Col("value", "float")), bad,
                      dataset="test")
    assert len(frame) + bad.count == len(cells)
    assert all(isinstance(v, float) for v in frame["value"].dropna())
