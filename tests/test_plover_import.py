"""PLOVER / POLECAT JSON import and the CAMEO→PLOVER table."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from alliance_monitor.ingest import cameo, plover
from alliance_monitor.ingest.events_files import ingest_event_files, sniff
from alliance_monitor.store import db

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "events"


def shared(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} not found: the shared data folder (../shared/data) is absent")
    return path


@pytest.mark.shared_data
def test_gold_standard_records() -> None:
    path = shared(DATA / "plover" / "PLOVER_GSR_CAMEO.txt")
    assert sniff(path)
    con = db.connect(":memory:")
    report = ingest_event_files(con, [path], progress=False)
    info = report.details["files"][0]
    assert info["rows_read"] == 323 and info["skipped"] == 1  # one DOCUMENT record
    # The file repeats one id; the repeat is quarantined with its line, the rest loads.
    bad = con.execute("SELECT reason, line FROM event_quarantine").fetchall()
    assert [r[0] for r in bad] == ["duplicate_id"] and bad[0][1] > 1
    categories = {r[0] for r in con.execute("SELECT DISTINCT category FROM plover_events")
                  .fetchall()}
    assert categories <= set(cameo.PLOVER_QUAD)  # DEMAND → REQUEST, FIGHT → ASSAULT, ...
    assert {"REQUEST", "ASSAULT", "ACCUSE"} <= categories
    # Compound actors expand to dyads; JAP (old CAMEO) becomes JPN.
    assert con.execute("SELECT count(*) FROM plover_events WHERE actor1 = 'JPN' OR "
                       "actor2 = 'JPN'").fetchall()[0][0] >= 3
    assert con.execute("SELECT count(*) FROM plover_events WHERE 'JAP' IN (actor1, actor2)"
                       ).fetchall()[0][0] == 0
    again = ingest_event_files(con, [path], progress=False)
    assert again.unchanged == 1 and again.events == 0


def test_jsonl_polecat_style_bad_records_and_reciprocal_actors(tmp_path: Path) -> None:
    records = [
        {"id": "a1", "date": "2023-07-12", "event": "CONSULT",
         "actor": [{"code": "USA", "sector": "GOV"}, {"code": "JPN", "sector": "GOV"},
                   {"code": "KOR", "sector": "GOV"}]},
        {"Event ID": "a2", "Event Date": "2023-07-13", "Event Type": "cooperate",
         "Actor Country": "USA", "Actor Sector": "MIL", "Recipient Country": "KOR",
         "Recipient Sector": "MIL", "Quad Code": 2},
        {"id": "a3", "date": "2023-13-01", "event": "AID", "actor": "USA"},
        {"id": "a4", "date": "2023-07-14", "event": "PARTY", "actor": "USA"},
        {"id": "a5", "date": "2023-07-14", "event": "SANCTION",
         "actor": [{"code": "IGO", "actorText": "NATO"}],
         "recipient": [{"code": "AUS", "sector": "BUS"}]},
    ]
    lines = [json.dumps(r).encode() for r in records]
    lines.insert(2, b'{"id": "a6", "date": "2023-07-14", "event": "AID", "text": "bad \xff"}')
    lines.insert(3, b"{not json")
    path = tmp_path / "polecat.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    con = db.connect(":memory:")
    ingest_event_files(con, [path], progress=False)
    bad = dict(con.execute("SELECT line, reason FROM event_quarantine").fetchall())
    assert bad == {3: "encoding", 4: "unreadable", 5: "bad_date", 6: "bad_code"}
    rows = con.execute("SELECT record_id, actor1, actor2, category, quad, noise FROM "
                       "plover_events ORDER BY record_id, dyad").fetchall()
    consult = [r for r in rows if r[0] == "a1"]
    assert len(consult) == 6 and all(r[3] == "CONSULT" and r[4] == 1 for r in consult)
    assert ("a2", "USA", "KOR", "COOPERATE", 2, None) in rows
    assert ("a5", "NATO", "AUS", "SANCTION", 4, "non_state") in rows  # business recipient


def test_json_array_line_numbers() -> None:
    text = '[\n {"id": "x", "date": "2020-01-01", "event": "AID", "actor": "USA"},\n' \
           ' {"id": "y", "date": "bad", "event": "AID", "actor": "USA"}\n]\n'
    parsed = plover.parse(text.encode())
    assert parsed.records == 2 and [b[:2] for b in parsed.bad] == [(3, "bad_date")]
    assert parsed.rows[0]["noise"] == "no_actor" and parsed.rows[0]["actor1"] == "USA"


def test_plover_category_normalisation() -> None:
    assert cameo.plover_category("demand") == "REQUEST"
    assert cameo.plover_category("Fight") == "ASSAULT"
    assert cameo.plover_category("DOCUMENT") is None
    assert cameo.country("JAP") == "JPN" and cameo.country("KOR") == "KOR"


def test_shipped_cameo_table_matches_its_sources(tmp_path: Path) -> None:
    table = shared(DATA / "cameo" / "cameoCodeTable.tsv")
    mapping = shared(DATA / "cameo" / "CAMEO2PLOVER-2021.txt")
    derived = cameo.derive(table, mapping)
    target = tmp_path / "t.tsv"
    cameo.write_table(derived, target)
    shipped = Path(cameo.__file__).parent / "data" / cameo.TABLE
    assert target.read_text(encoding="utf-8") == shipped.read_text(encoding="utf-8"), (
        "regenerate with cameo.write_table(cameo.derive(...), ingest/data/cameo_plover.tsv)")


def test_cameo_codes_keep_leading_zeros_and_fall_back() -> None:
    codes = cameo.codes()
    assert len(codes) == 280 and "010" in codes and codes["010"].quad == 1
    assert codes["036"].plover == "AGREE" and codes["0211"].plover is None  # 02: dropped
    assert codes["190"].plover == "ASSAULT" and codes["190"].goldstein == -10.0
    found = cameo.lookup("0365")  # not in the table: base code 036
    assert found is not None and found.code == "036"
    assert {c.quad for c in codes.values()} == {1, 2, 3, 4}
