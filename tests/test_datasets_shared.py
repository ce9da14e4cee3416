"""The real official files (../shared/data/indicators) and what they must show.

The characterisation tests check the loaders and the assessment against things that happened
(issue 3, item 4). Each runs twice: on a store built from the bundled extracts only (what a
fresh offline machine has) and on a store where the full shared copies were loaded on top.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from alliance_monitor.assess import assess, load_methodology
from alliance_monitor.cli import app
from alliance_monitor.datasets.bundled import bundled_path
from alliance_monitor.datasets.extract import make_extracts
from alliance_monitor.datasets.load import load_directory
from alliance_monitor.datasets.registry import REGISTRY
from alliance_monitor.knowledge.build import read
from alliance_monitor.store import db
from test_datasets_support import INDICATORS, build_store, needs_shared, snapshot

METHODOLOGY = """
id: datasets-characterisation
version: "test"
title: {en: Data-set indicators only, de: Nur Datensatz-Indikatoren}
bands: {medium_from: 40, high_from: 70}
min_coverage: 0.5
overall: {alignment: 1, contributions: 1, political_support: 1}
criteria:
  alignment:
    label: {en: Alignment, de: Übereinstimmung}
    indicators:
      - id: un_voting_distance
        label: {en: UN ideal-point distance, de: Abstand der UN-Idealpunkte}
        kind: dataset
        params: {indicator: unga_ideal_point_distance, subject: alliance, max_age_years: 1}
        normalize: {method: linear, min: 0.44, max: 4.41}
        direction: -1
        weight: 1
        rationale: {en: Range over US allies 2000-2023., de: Spanne über US-Verbündete 2000-2023.}
  contributions:
    label: {en: Contributions, de: Beiträge}
    indicators:
      - id: us_troops
        label: {en: US troops in the partner country, de: US-Truppen im Partnerland}
        kind: dataset
        params: {indicator: us_troops, subject: partners, max_age_years: 2}
        normalize: {method: log, min: 1, max: 110855}
        weight: 1
        rationale: {en: Log scale over US allies., de: Log-Skala über US-Verbündete.}
  political_support:
    label: {en: Political support, de: Politische Unterstützung}
    indicators:
      - id: favourability_of_usa
        label: {en: Favourable view of the USA (Pew), de: Positives Bild der USA (Pew)}
        kind: dataset
        params: {indicator: pew_fav_usa, subject: partners, max_age_years: 1}
        normalize: {method: linear, min: 26.2, max: 88.8}
        weight: 1
        rationale: {en: Range over US allies in Pew., de: Spanne über US-Verbündete bei Pew.}
fears:
  abandonment:
    label: {en: Fear of abandonment, de: Angst vor Verlassenwerden}
    indicators:
      - id: us_support_signals
        label: {en: Signals of US support, de: Signale der US-Unterstützung}
        kind: dataset
        params: {indicator: us_support_signals, subject: partners, max_age_years: 3}
        normalize: {method: linear, min: 0, max: 9}
        direction: -1
        weight: 1
        rationale: {en: "Fewer signals, more fear.", de: "Weniger Signale, mehr Angst."}
  entrapment:
    label: {en: Fear of entrapment, de: Angst vor Verstrickung}
    indicators:
      - id: china_favourability
        label: {en: Favourable view of China, de: Positives Bild Chinas}
        kind: dataset
        params: {indicator: pew_fav_chn, subject: partners, max_age_years: 1}
        normalize: {method: linear, min: 6.6, max: 80.4}
        weight: 1
        rationale: {en: Placeholder for the test., de: Platzhalter für den Test.}
"""


@pytest.fixture(scope="module")
def bundled_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("bundled") / "store.duckdb")


@pytest.fixture(scope="module")
def full_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not INDICATORS.is_dir():
        pytest.skip(f"the shared real data ({INDICATORS}) is not present")
    path = build_store(tmp_path_factory.mktemp("full") / "store.duckdb")
    with db.writer(path) as con:
        reports = load_directory(con, INDICATORS)
    assert {r.details["dataset"] for r in reports} == set(REGISTRY)
    return path


@pytest.fixture(params=["bundled", "full"])
def store(request: pytest.FixtureRequest) -> Path:
    return request.getfixturevalue(f"{request.param}_store")  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def methodology(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("m") / "methodology.yaml"
    path.write_text(METHODOLOGY, encoding="utf-8")
    return path


def value(store: Path, indicator: str, subject: str, year: int) -> float | None:
    con = db.connect(store, read_only=True)
    try:
        row = con.execute("SELECT value FROM indicator_values WHERE indicator = ? AND "
                          "subject = ? AND year = ?", [indicator, subject, year]).fetchone()
    finally:
        con.close()
    return None if row is None else float(row[0])


def assess_json(store: Path, methodology: Path, alliance: str, at: str) -> dict[str, Any]:
    result = CliRunner().invoke(app, ["assess", alliance, "--at", at, "--format", "json",
                                      "--methodology", str(methodology), "--store", str(store),
                                      "--knowledge", "latest"])
    assert result.exit_code == 0, result.output
    doc: dict[str, Any] = json.loads(result.stdout)[0]
    return doc


def indicator(doc: dict[str, Any], criterion: str, ident: str) -> dict[str, Any]:
    block = doc["criteria"].get(criterion) or doc["fears"][criterion]
    found: dict[str, Any] = next(i for i in block["indicators"] if i["id"] == ident)
    return found


def test_pew_japan_dip_in_2020_and_recovery_in_2021(store: Path, methodology: Path) -> None:
    """Japanese favourability of the USA fell from 67.9 % (2019) to 41.6 % (2020, pandemic
    and the Trump presidency's last year) and recovered to 70.8 % (2021). The assessment's
    political support for USA-JPN must dip at the end of 2020 and recover at the end of 2021,
    and it must say which survey year it used."""
    assert value(store, "pew_fav_usa", "JPN", 2019) == pytest.approx(67.9)
    assert value(store, "pew_fav_usa", "JPN", 2020) == pytest.approx(41.6)
    assert value(store, "pew_fav_usa", "JPN", 2021) == pytest.approx(70.8)
    docs = {year: assess_json(store, methodology, "usa-jpn", f"{year}-12-31")
            for year in (2019, 2020, 2021)}
    support = {y: d["criteria"]["political_support"]["score"] for y, d in docs.items()}
    assert support[2020] < support[2019] and support[2021] > support[2020], support
    for year, doc in docs.items():
        fav = indicator(doc, "political_support", "favourability_of_usa")
        assert fav["as_of"] == f"{year}-12-31"
        assert [(c["id"], c["published"]) for c in fav["sources"]] == [
            ("pew-global-attitudes", f"{year + 1}-04-01")]


def test_old_survey_loses_weight_gradually_then_counts_as_no_data(store: Path,
                                                                   methodology: Path) -> None:
    """The newest Japanese figure (the 2025 survey, a supplement value published 11 June
    2025) still counts in mid-2028, with its age shown and a reduced weight (ageing rule); far
    beyond, it falls below the floor and says so."""
    fav = indicator(assess_json(store, methodology, "usa-jpn", "2028-06-30"),
                    "political_support", "favourability_of_usa")
    assert fav["as_of"] == "2025-06-11" and fav["age_days"] > 900
    assert 0 < fav["effective_weight"] < fav["weight"]
    late = indicator(assess_json(store, methodology, "usa-jpn", "2036-06-30"),
                     "political_support", "favourability_of_usa")
    assert late["normalized"] is None and "ageing floor" in late["note"]


def test_us_troops_in_japan_2020_match_the_study(store: Path) -> None:
    """The SWP study (May 2021) gives about 55,300 US troops in Japan; the DMDC figure for
    2020 in troopdata must lie within 5 % of it."""
    troops = value(store, "us_troops", "JPN", 2020)
    assert troops == 56748
    assert abs(troops - 55_300) / 55_300 < 0.05


def test_korea_spends_a_larger_share_of_gdp_than_japan(store: Path) -> None:
    """South Korea's military spending share (about 2.3-2.8 % of GDP) is above Japan's
    (about 1 %, 1.4 % in 2024) in every year 2010-2024 in SIPRI's data."""
    for year in range(2010, 2025):
        kor = value(store, "milex_share_gdp", "KOR", year)
        jpn = value(store, "milex_share_gdp", "JPN", year)
        assert kor is not None and jpn is not None, year
        assert kor > jpn, (year, kor, jpn)


def test_un_distances_reported_2017_to_2023_and_cited(store: Path, methodology: Path) -> None:
    """The USA-JPN and USA-KOR ideal-point distances exist for every year 2017-2023 (UN
    sessions 72-78), and an assessment at the end of each year uses that year's value and
    cites the data set with the year."""
    for year in range(2017, 2024):
        for alliance in ("USA-JPN", "USA-KOR"):
            distance = value(store, "unga_ideal_point_distance", alliance, year)
            assert distance is not None and 1.0 < distance < 2.5, (alliance, year, distance)
            doc = assess_json(store, methodology, alliance, f"{year}-12-31")
            un = indicator(doc, "alignment", "un_voting_distance")
            assert un["value"] == pytest.approx(distance, abs=1e-3)
            assert un["as_of"] == f"{year}-12-31"
            assert [c["id"] for c in un["sources"]] == ["unga-ideal-points"]
            assert {"indicator": "un_voting_distance",
                    "dataset_indicator": "unga_ideal_point_distance",
                    "years": [year]} in doc["criteria"]["alignment"]["evidence"]


def test_atop_facts_reach_the_knowledge_base(store: Path) -> None:
    """The treaty provisions read back with the knowledge base: a defence obligation in the
    1960 US-Japan treaty, the Korea treaty's conditional defence clause, and no defence
    obligation between Japan and Korea."""
    con = db.connect(store, read_only=True)
    try:
        kb = read(con)
    finally:
        con.close()
    day = dt.date(2021, 5, 1)
    defense = kb.latest("USA-JPN", "atop_defense", day)
    assert defense is not None and defense.value is True and defense.id.endswith("3375")
    assert kb.source_label(defense.source).startswith("Brett Ashley Leeds")
    kor = kb.latest("USA-KOR", "atop_defense_conditional", day)
    assert kor is not None and kor.value is True
    none = kb.facts["jpn-kor.atop_dyad_defense.jpn.none"]
    assert none.value is False and none.valid_to == dt.date(2018, 12, 31)


def test_engine_reads_the_store_directly(store: Path, methodology: Path) -> None:
    """The library path (no CLI): the UN distance of 2020 feeds alignment."""
    from alliance_monitor.assess.snapshot import Snapshot
    from alliance_monitor.series.evidence import dataset_values

    con = db.connect(store, read_only=True)
    try:
        snap = Snapshot.build(read(con), dataset_values(con), [])
        result = assess(snap, "USA-JPN", dt.date(2020, 12, 31), load_methodology(methodology),
                        "latest")
    finally:
        con.close()
    un = next(i for i in result.criteria["alignment"].indicators
              if i.id == "un_voting_distance")
    assert un.as_of == "2020-12-31" and un.value == pytest.approx(2.102, abs=1e-3)
    assert result.criteria["alignment"].score is not None


@needs_shared
def test_all_shared_files_load_with_known_bad_rows(full_store: Path) -> None:
    """Every data set loads from its real copy; the only bad rows are real defects of the
    files (three base rows: two without a name, one duplicate)."""
    con = db.connect(full_store, read_only=True)
    try:
        loads = dict(con.execute("SELECT dataset, max(rows_bad) FROM dataset_loads "
                                 "GROUP BY dataset").fetchall())
        files = {r[0] for r in con.execute("SELECT dataset FROM dataset_loads WHERE origin = "
                                           "'file'").fetchall()}
        counts = dict(con.execute("SELECT dataset, count(*) FROM indicator_values WHERE "
                                  "source_ref <> 'supplement' GROUP BY dataset").fetchall())
    finally:
        con.close()
    assert set(loads) == set(REGISTRY)
    # Pew and the NATO polls are shipped whole: the shared file is the extract, already loaded.
    assert files == set(REGISTRY) - {"pew", "nato_opinion"}
    assert {k: v for k, v in loads.items() if v} == {"bases": 3}
    assert counts["unga"] == 266 and counts["mme"] == 124 and counts["pew"] == 173


@needs_shared
def test_mme_counts_match_the_readme(full_store: Path) -> None:
    """The data README counts 212 US-JPN, 140 US-KOR and 33 JPN-KOR exercises in MME v7."""
    con = db.connect(full_store, read_only=True)
    try:
        totals = dict(con.execute("SELECT subject, sum(value) FROM indicator_values WHERE "
                                  "indicator = 'exercises_joint' GROUP BY subject").fetchall())
    finally:
        con.close()
    assert totals == {"USA-JPN": 212, "USA-KOR": 140, "JPN-KOR": 33, "USA-JPN-KOR": 25}


@needs_shared
def test_reloading_the_shared_files_changes_nothing(full_store: Path) -> None:
    gc.collect()  # readers opened in-process by earlier CLI calls must be gone first
    with db.writer(full_store) as con:
        before = {t: rows for t, rows in snapshot(con).items()
                  if t in ("indicator_values", "dataset_facts", "dataset_loads")}
        reports = load_directory(con, INDICATORS)
        after = {t: rows for t, rows in snapshot(con).items() if t in before}
    assert {r.details["status"] for r in reports} == {"already loaded"}
    assert after == before


@needs_shared
def test_bundled_build_does_not_overwrite_full_loads(full_store: Path) -> None:
    """A build after a full load keeps the full data (the extracts are skipped)."""
    from alliance_monitor.datasets.bundled import build_step

    gc.collect()  # readers opened in-process by earlier CLI calls must be gone first
    with db.writer(full_store) as con:
        before = con.execute("SELECT count(*) FROM indicator_values").fetchone()
        build_step(con)
        after = con.execute("SELECT count(*) FROM indicator_values").fetchone()
    assert before == after and before is not None and before[0] > 40000


@needs_shared
def test_shipped_extracts_are_current(tmp_path: Path) -> None:
    """The extracts in datasets/data are exactly what the extract script makes from the
    shared copies (figures carried over unchanged)."""
    made = make_extracts(INDICATORS, tmp_path)
    for name, (file, rows) in made.items():
        assert rows > 0, name
        assert (tmp_path / file).read_bytes() == bundled_path(file).read_bytes(), file
    assert (tmp_path / "README.md").read_text() == bundled_path("README.md").read_text()


@needs_shared
def test_indicators_panel_usa_kor_2015_2023(full_store: Path) -> None:
    """The issue's acceptance command: a real panel with troops, spending share, ideal-point
    distance, exercises (where covered), arms TIV and favourability, each traced to its data
    set."""
    result = CliRunner().invoke(app, ["indicators", "usa-kor", "--from", "2015", "--to", "2023",
                                      "--format", "csv", "--store", str(full_store)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    header = lines[0].split(",")
    for column in ("year", "us_troops_KOR", "milex_share_gdp_KOR", "unga_ideal_point_distance",
                   "exercises_joint", "us_arms_tiv_KOR", "pew_fav_usa_KOR", "coverage"):
        assert column in header
    assert [line.split(",")[0] for line in lines[1:]] == [str(y) for y in range(2015, 2024)]
    row_2020 = dict(zip(header, lines[1 + 2020 - 2015].split(","), strict=True))
    assert float(row_2020["us_troops_KOR"]) == 26615
    assert float(row_2020["pew_fav_usa_KOR"]) == 59.2
    assert row_2020["exercises_joint"] == ""  # MME ends in 2010: no value, not a guess
    assert "us_troops_KOR: troops (troopdata), persons, 1950–2024" in result.stderr
    assert "exercises_joint: mme (mme), events, 1980–2010" in result.stderr
