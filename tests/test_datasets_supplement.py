"""The curated supplement: sourced values for years after a data set's last year.

Fixture files check the loader (a bad row names file, row and field), idempotence, point in
time (known from the source's date) and that an official file loaded later wins; the shipped
files are checked row by row (sourced, unit of the data set, year after the data set's end).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml

from alliance_monitor.assess.snapshot import Snapshot, value_date
from alliance_monitor.datasets import load_path, supplement
from alliance_monitor.datasets.registry import INDICATOR_UNITS, REGISTRY
from alliance_monitor.knowledge.loader import KnowledgeBase
from alliance_monitor.model import DatasetValue
from alliance_monitor.series.evidence import dataset_values
from alliance_monitor.store import db
from test_datasets_support import build_store, snapshot, write

GOOD_SOURCE = {"publisher": "Test Publisher", "title": "A test report",
               "published": "2024-06-11", "url": "https://example.org/report",
               "locator": "table 1"}


def _row(**changes: object) -> dict[str, object]:
    row: dict[str, object] = {"indicator": "pew_fav_usa", "subject": "KOR", "year": 2024,
                              "value": 77, "unit": "percent", "source": dict(GOOD_SOURCE)}
    row.update(changes)
    return row


def _folder(tmp_path: Path, rows: list[dict[str, object]], dataset: str = "pew",
            name: str = "pew.yaml") -> Path:
    folder = tmp_path / "supplement"
    write(folder / name, yaml.safe_dump({"dataset": dataset, "rows": rows}, sort_keys=False))
    return folder


def _supplement_rows(con: object) -> list[tuple[object, ...]]:
    return con.execute(  # type: ignore[attr-defined, no-any-return]
        "SELECT indicator, subject, year, value, dataset, note FROM indicator_values "
        "WHERE source_ref = 'supplement' ORDER BY ALL").fetchall()


def test_loader_puts_rows_into_the_data_sets_values(tmp_path: Path) -> None:
    store = build_store(tmp_path / "s.duckdb")
    folder = _folder(tmp_path, [_row(), _row(subject="JPN", year=2025, value=55,
                                             source={**GOOD_SOURCE,
                                                     "published": "2025-06-11"})])
    with db.writer(store) as con:
        result = supplement.load(con, folder)
        # the build loaded the shipped supplement; this folder replaces it whole
        assert result["status"] == "loaded"
        assert result["used"] == {"pew": 2, "nato_opinion": 0, "sipri_milex": 0}
        rows = _supplement_rows(con)
        assert [(r[0], r[1], r[2], r[3], r[4]) for r in rows] == [
            ("pew_fav_usa", "JPN", 2025, 55.0, "pew"), ("pew_fav_usa", "KOR", 2024, 77.0, "pew")]
        assert all(str(r[5]).startswith("supplement: Test Publisher, 20") for r in rows)
        values = {(v.subject, v.year): v for v in dataset_values(con)
                  if v.indicator == "pew_fav_usa"}
    kor = values[("KOR", 2024)]
    assert kor.known_from == dt.date(2024, 6, 11)
    assert kor.citation == GOOD_SOURCE
    assert values[("KOR", 2023)].known_from is None  # the extract's own value


def test_loading_again_changes_nothing(tmp_path: Path) -> None:
    store = build_store(tmp_path / "s.duckdb")
    folder = _folder(tmp_path, [_row()])
    with db.writer(store) as con:
        supplement.load(con, folder)
        before = snapshot(con)
        assert supplement.load(con, folder)["status"] == "unchanged"
        assert supplement.load(con, folder, force=True)["status"] == "loaded"
        assert snapshot(con) == before


def test_a_removed_row_leaves_the_store(tmp_path: Path) -> None:
    store = build_store(tmp_path / "s.duckdb")
    with db.writer(store) as con:
        supplement.load(con, _folder(tmp_path, [_row(), _row(subject="AUS", value=40)]))
        assert len(_supplement_rows(con)) == 2
        supplement.load(con, _folder(tmp_path, [_row()]))
        assert [r[1] for r in _supplement_rows(con)] == ["KOR"]


@pytest.mark.parametrize(("change", "field", "says"), [
    ({"unit": "share"}, "unit", "differs from the data set's unit 'percent'"),
    ({"value": 130}, "value", "outside 0–100"),
    ({"year": 2020}, "year", "covered by the data set itself"),
    ({"indicator": "us_troops"}, "indicator", "not written by data set 'pew'"),
    ({"subject": "XYZ"}, "subject", "not an ISO3 country code"),
    ({"source": {**GOOD_SOURCE, "url": "example.org"}}, "source.url", "not an http(s)"),
    ({"source": {**GOOD_SOURCE, "published": "2023-12-31"}}, "source.published",
     "before the year 2024 began"),
    ({"source": {**GOOD_SOURCE, "published": "2999-01-01"}}, "source.published", "future"),
    ({"source": {**GOOD_SOURCE, "locator": "x" * 200}}, "source.locator", "does not quote"),
    ({"source": {**GOOD_SOURCE, "text": "the article"}}, "source.text", "unknown field"),
    ({"source": {k: v for k, v in GOOD_SOURCE.items() if k != "publisher"}},
     "source.publisher", "missing"),
    ({"comment": "x"}, "comment", "unknown field"),
])
def test_a_bad_row_names_file_row_and_field(tmp_path: Path, change: dict[str, object],
                                            field: str, says: str) -> None:
    folder = _folder(tmp_path, [_row(subject="JPN"), _row(**change)])
    with pytest.raises(supplement.SupplementError) as err:
        supplement.read_folder(folder)
    message = str(err.value)
    assert message.startswith("pew.yaml, row 2, field '" + field + "'"), message
    assert says in message


def test_a_bad_file_is_refused_whole(tmp_path: Path) -> None:
    store = build_store(tmp_path / "s.duckdb")
    with db.writer(store) as con:
        supplement.load(con, _folder(tmp_path, [_row()]))
        before = snapshot(con)
        with pytest.raises(supplement.SupplementError, match="row 2"):
            supplement.load(con, _folder(tmp_path, [_row(subject="AUS"), _row(unit="x")]))
        assert snapshot(con) == before


def test_file_level_errors(tmp_path: Path) -> None:
    with pytest.raises(supplement.SupplementError, match="field 'dataset'"):
        supplement.read_folder(_folder(tmp_path, [_row()], dataset="nope"))
    with pytest.raises(supplement.SupplementError, match="row 2: duplicate of row 1"):
        supplement.read_folder(_folder(tmp_path, [_row(), _row(value=70)]))
    with pytest.raises(supplement.SupplementError, match="alliance id"):
        supplement.read_folder(_folder(tmp_path, [_row(indicator="exercises_joint",
                                                       subject="JPN", unit="events",
                                                       year=2011, value=3)],
                                       dataset="mme", name="mme.yaml"))


def _value(year: int, value: float, known: dt.date | None = None) -> DatasetValue:
    return DatasetValue(indicator="pew_fav_usa", subject="KOR", year=year, value=value,
                        dataset="pew", source_ref="supplement" if known else "pew",
                        known_from=known, citation=GOOD_SOURCE if known else None)


def test_point_in_time_a_supplement_value_counts_from_its_source_date() -> None:
    snap = Snapshot.build(KnowledgeBase(), [_value(2023, 78.5),
                                            _value(2024, 77, dt.date(2024, 6, 11))], [])
    before = snap.latest_value("pew_fav_usa", "KOR", dt.date(2024, 6, 10), "point_in_time")
    after = snap.latest_value("pew_fav_usa", "KOR", dt.date(2024, 6, 11), "point_in_time")
    assert before is not None and before.year == 2023  # official 2023: known from 1 Apr 2024
    assert after is not None and after.year == 2024
    # the official 2023 value itself is not known before 1 April 2024
    early = snap.latest_value("pew_fav_usa", "KOR", dt.date(2024, 3, 31), "point_in_time")
    assert early is None
    # latest: the value for the date's year, whenever it was published
    latest = snap.latest_value("pew_fav_usa", "KOR", dt.date(2024, 1, 1), "latest")
    assert latest is not None and latest.year == 2024
    # ageing reads a spring survey published in June as of June, not of 31 December
    assert value_date(after) == dt.date(2024, 6, 11)
    assert value_date(before) == dt.date(2023, 12, 31)


def test_an_official_file_loaded_later_wins(tmp_path: Path) -> None:
    store = build_store(tmp_path / "s.duckdb")
    folder = _folder(tmp_path, [_row(), _row(subject="JPN", year=2025, value=55,
                                             source={**GOOD_SOURCE,
                                                     "published": "2025-06-11"})])
    official = write(tmp_path / "pew-official.csv",
                     "country,year,target,pct_favorable,n\nKOR,2024,USA,76.4,1010\n")
    with db.writer(store) as con:
        supplement.load(con, folder)
        report = load_path(con, "pew", official)
        assert report.details["status"] == "loaded"
        rows = {(r[0], r[1], r[2]): (r[3], r[4]) for r in con.execute(
            "SELECT indicator, subject, year, value, source_ref FROM indicator_values "
            "WHERE indicator = 'pew_fav_usa' AND year >= 2024").fetchall()}
        # the official 2024 value replaces the hand-entered one; 2025 is still supplemented
        assert rows[("pew_fav_usa", "KOR", 2024)] == (76.4, REGISTRY["pew"].source_id)
        assert rows[("pew_fav_usa", "JPN", 2025)] == (55.0, "supplement")
        # and a later supplement reload does not bring the hand-entered 2024 value back
        supplement.load(con, folder, force=True)
        value = con.execute("SELECT value FROM indicator_values WHERE indicator = "
                            "'pew_fav_usa' AND subject = 'KOR' AND year = 2024").fetchone()
        assert value == (76.4,)


def test_shipped_supplement_rows_are_sourced_and_in_the_data_sets_unit() -> None:
    folder = supplement.default_folder()
    files = sorted(folder.glob("*.yaml"))
    assert files, "the package ships a supplement"
    rows = supplement.read_folder(folder)  # validates every row
    assert rows
    for path in files:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert path.stem == doc["dataset"], f"{path.name}: one file per data set, named so"
    for r in rows:
        info = REGISTRY[r.dataset]
        where = f"{r.file} row {r.row}"
        assert r.indicator in info.indicators, where
        assert r.unit == INDICATOR_UNITS[r.indicator], where
        assert info.last_year is not None and r.year > info.last_year, where
        assert all(r.source[k] for k in supplement.SOURCE_FIELDS), where
        assert r.source["url"].startswith("https://"), where
        assert r.published <= dt.date.today(), where
        assert len(r.source["locator"]) <= supplement.LOCATOR_MAX, where


def test_assessment_cites_the_supplement_source_with_its_date(built_store: Path) -> None:
    from typer.testing import CliRunner

    from alliance_monitor.cli import app as cli

    result = CliRunner().invoke(cli, ["assess", "usa-kor", "--at", "2024-12-31", "--format",
                                      "json", "--store", str(built_store)])
    assert result.exit_code == 0, result.output
    [doc] = json.loads(result.stdout)
    [ind] = [i for i in doc["criteria"]["political_support"]["indicators"]
             if i["id"] == "favourability_of_usa"]
    [cite] = ind["sources"]
    assert cite["published"] == "2024-06-11"
    assert cite["url"] == "https://knewsla.com/usa/2024061190028811"
    assert "pew supplement" in cite["label"] and "2024" in cite["label"]
    assert ind["value"] == 77.0 and ind["as_of"] == "2024-06-11"
