"""The `news_signals` assessment kind: stored events feed an indicator in [-1, 1] with the
events and their sentences as evidence; weights come from the methodology parameters."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from alliance_monitor.assess.kinds import KINDS, Context, load_plugins
from alliance_monitor.coding.kb import knowledge_base
from alliance_monitor.ingest.documents import ingest_documents
from alliance_monitor.store import db

DOCS = {
    "a.txt": "Seoul, 4 December 2024\n\nThe Pentagon postponed the meeting of the Nuclear "
             "Consultative Group with South Korea on Wednesday.\n",
    "b.txt": "Seoul, 5 December 2024\n\nThe United States postponed the Nuclear Consultative "
             "Group meeting with South Korea on Wednesday.\n",
    "c.txt": "Washington, 20 November 2024\n\nThe United States and South Korea agreed on "
             "Wednesday to expand their combined exercises.\n",
}


@pytest.fixture
def ctx(tmp_path: Path):
    con = db.connect(tmp_path / "s.duckdb")
    for name, text in DOCS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    ingest_documents(con, [str(tmp_path / n) for n in DOCS], progress=False)
    for i, name in enumerate(DOCS):
        con.execute("UPDATE documents SET outlet = ? WHERE item = ?",
                    [f"outlet{i}", str(tmp_path / name)])
    kb, note = knowledge_base()
    if kb is None:
        pytest.skip(f"knowledge base not loadable: {note}")
    load_plugins()
    return Context(kb=kb, alliance=kb.alliances["USA-KOR"], at=dt.date(2024, 12, 31), con=con)


def test_kind_is_registered() -> None:
    load_plugins()
    assert "news_signals" in KINDS


def test_net_direction_with_evidence(ctx: Context) -> None:
    obs = KINDS["news_signals"](ctx, {"criterion": "contributions", "window_days": 60})
    assert obs.value is not None and -1 <= obs.value <= 1
    assert obs.value < 0  # one postponement reported twice outweighs one agreement
    assert obs.evidence and all(e["sentence"] for e in obs.evidence)
    merged = [e for e in obs.evidence if e["direction"] == -1]
    assert merged[0]["mentions"] == 2 and merged[0]["sources"] == 2


def test_weights_are_parameters(ctx: Context) -> None:
    flat = KINDS["news_signals"](ctx, {"criterion": "contributions", "window_days": 60,
                                       "weights": {"mentions": 0, "sources": 0}})
    heavy = KINDS["news_signals"](ctx, {"criterion": "contributions", "window_days": 60,
                                        "weights": {"mentions": 2, "sources": 2}})
    assert flat.value == pytest.approx(0.0)
    assert heavy.value is not None and heavy.value < flat.value


def test_window_and_minimum(ctx: Context) -> None:
    none = KINDS["news_signals"](ctx, {"criterion": "contributions", "window_days": 5})
    assert none.value is None and "0 coded news event" in (none.note or "")
    few = KINDS["news_signals"](ctx, {"criterion": "contributions", "window_days": 60,
                                      "min_events": 5})
    assert few.value is None


def test_without_store(ctx: Context) -> None:
    bare = Context(kb=ctx.kb, alliance=ctx.alliance, at=ctx.at, con=None)
    assert KINDS["news_signals"](bare, {"criterion": "alignment"}).value is None
