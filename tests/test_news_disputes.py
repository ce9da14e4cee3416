"""Across documents: reports of one event merge into one event with several mentions;
contradicting reports are both kept and flagged ``disputed`` (never silently cancelled)."""

from __future__ import annotations

from pathlib import Path

import pytest

from alliance_monitor.coding import stored_events
from alliance_monitor.store import db
from conftest import shared_path
from support_pipeline import ingest_and_code as ingest_documents

SKIPPED = ("Tokio, 24. Juni 2025\n\nJapans Premierminister sagte seine Teilnahme am NATO-Gipfel "
           "in Den Haag am Montag ab.\n")
SKIPPED_EN = ("Tokyo, June 24, 2025\n\nJapan's prime minister cancelled his attendance at the "
              "NATO summit in The Hague on Monday, the government said.\n")
ATTENDED = ("The Hague, June 25, 2025\n\nJapan's prime minister attended the NATO summit in "
            "The Hague on Wednesday and met the secretary general.\n")
TRUMP_ATTENDS = ("Washington, June 24, 2025\n\nThe White House said President Trump attended "
                 "the NATO summit in The Hague on Tuesday.\n")


def _ingest(tmp_path: Path, texts: dict[str, str], outlets: bool = True) -> object:
    folder = tmp_path / "docs"
    folder.mkdir(exist_ok=True)
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    con = db.connect(tmp_path / "s.duckdb")
    ingest_documents(con, [str(folder / n) for n in texts], progress=False)
    if outlets:  # plain files have no outlet; give each its own, as pages would have
        for i, name in enumerate(texts):
            con.execute("UPDATE documents SET outlet = ? WHERE item = ?",
                        [f"outlet{i}", str(folder / name)])
    return con


def test_same_event_from_two_outlets_is_one_event_with_two_mentions(tmp_path: Path) -> None:
    con = _ingest(tmp_path, {"de.txt": SKIPPED, "en.txt": SKIPPED_EN})
    rows = [r for r in stored_events(con) if r["source"] == "JPN" and r["category"] == "REJECT"]
    assert len(rows) == 1
    assert rows[0]["mentions"] == 2
    assert {m["doc"] for m in rows[0]["evidence"]} == {
        d for (d,) in con.execute("SELECT doc_id FROM documents").fetchall()}
    assert not rows[0]["disputed"]


def test_contradicting_reports_are_flagged_not_cancelled(tmp_path: Path) -> None:
    con = _ingest(tmp_path, {"skip.txt": SKIPPED, "attend.txt": ATTENDED})
    rows = [r for r in stored_events(con) if r["source"] == "JPN" and r["target"] == "NATO"]
    cats = {r["category"]: r for r in rows}
    assert {"REJECT", "CONSULT"} <= set(cats)
    assert cats["REJECT"]["disputed"] and cats["CONSULT"]["disputed"]
    assert cats["REJECT"]["disputed_with"][0]["event"] == cats["CONSULT"]["event_id"]
    assert [r["event_id"] for r in stored_events(con, disputed_only=True)] == \
        sorted(r["event_id"] for r in rows if r["disputed"])


def test_seed_claim_on_us_attendance_is_disputed(tmp_path: Path) -> None:
    seed = shared_path("seeds", "000_7764285c8038fff4.txt").read_text(encoding="utf-8")
    con = _ingest(tmp_path, {"seed.txt": seed, "trump.txt": TRUMP_ATTENDS})
    usa = [r for r in stored_events(con) if r["source"] == "USA" and r["topic"] == "nato_summit"]
    cancelled = [r for r in usa if r["category"] == "REJECT"]
    attended = [r for r in usa if r["category"] == "CONSULT"]
    assert cancelled and attended
    assert all(r["disputed"] for r in cancelled + attended)
    assert any(s["alliance"] == "NATO-IP4" and s["direction"] == -1
               for r in cancelled for s in r["signals"])


@pytest.mark.parametrize("alliance", ["NATO-IP4"])
def test_events_filter_by_alliance(tmp_path: Path, alliance: str) -> None:
    con = _ingest(tmp_path, {"skip.txt": SKIPPED})
    rows = stored_events(con, alliance=alliance)
    assert rows and all(any(s["alliance"] == alliance for s in r["signals"]) for r in rows)
