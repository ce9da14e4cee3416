"""The stored evaluation annotations (eval/unseen-annotations.json) keep no third-party text and
follow the development set's event format."""

from __future__ import annotations

import json
from pathlib import Path

from alliance_monitor.model import PLOVER_CATEGORIES

FILE = Path(__file__).resolve().parents[1] / "eval" / "unseen-annotations.json"
CRITERIA = {"alignment", "contributions", "political_support"}
ALLIANCES = {"USA-JPN", "USA-KOR", "JPN-KOR", "USA-JPN-KOR", "NATO-IP4", None}


def test_annotations_hold_no_text_and_valid_events() -> None:
    data = json.loads(FILE.read_text(encoding="utf-8"))
    passages = data["passages"]
    assert passages and len({p["id"] for p in passages}) == len(passages)
    for p in passages:
        assert "text" not in p, p["id"]
        assert p["url"].startswith("http") and p["outlet"] and p["language"] in (
            "de", "en", "ko", "ja")
        assert p["set"] in ("v6-development", "held-out-1", "held-out-2", "held-out-3",
                            "held-out-4", "held-out-5", "held-out-6", "held-out-7",
                            "held-out-8", "held-out-9", "held-out-10", "held-out-11",
                            "held-out-12", "held-out-13", "held-out-14", "held-out-15",
                            "held-out-16", "held-out-17", "held-out-18",
                            "held-out-19", "held-out-20", "held-out-21",
                            "held-out-22", "held-out-23", "held-out-24",
                            "held-out-25", "held-out-26", "held-out-27",
                            "held-out-28", "held-out-29", "held-out-30", "held-out-31",
                            "held-out-32", "held-out-33", "held-out-34",
                            "train-3",
                            "v8.2-development")
        for e in p["events"]:
            assert e["category"] in PLOVER_CATEGORIES, (p["id"], e)
            assert e["alliance"] in ALLIANCES, (p["id"], e)
            if e["alliance"]:
                assert e["criterion"] in CRITERIA and e["criterion"] in e["criterion_ok"]
                assert e["direction"] in (1, -1)
            assert len(e.get("note") or "") < 400


def test_second_annotations_hold_ids_and_valid_events_only() -> None:
    for name in ("agreement-held-out-10.json", "agreement-dev-32.json"):
        data = json.loads((FILE.parent / name).read_text(encoding="utf-8"))
        assert data["about"] and data["passages"], name
        for p in data["passages"]:
            assert set(p) == {"id", "events"}, (name, p["id"])
            for e in p["events"]:
                assert e["category"] in PLOVER_CATEGORIES, (name, p["id"], e)
                assert e["alliance"] in ALLIANCES, (name, p["id"], e)
