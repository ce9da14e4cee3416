"""Uncertainty, explain, scenarios and the hindcast (issue 13), on the session's built store."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pytest

import alliance_monitor.cli  # noqa: F401  (registers the plugins before App is used)
from alliance_monitor.errors import ScenarioError
from alliance_monitor.simulate.scenario import load_scenario, load_scenarios
from alliance_monitor.simulate.uncertainty import (
    UncertaintySettings,
    _design_parts,
    _evaluate,
    _evaluate_saltelli,
    _frame,
    _layout,
    nominal_row,
)

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "scenarios"
AT = dt.date(2025, 6, 30)


def test_nominal_sample_reproduces_the_engine(app) -> None:  # type: ignore[no-untyped-def]
    """With the methodology's own choices the vectorised scoring equals the engine's."""
    m, kb = app.methodology, app.knowledge
    s = UncertaintySettings.of(m)
    for a in app.assess(None, AT):
        fr = _frame(a, m, kb, s)
        lay = _layout([fr])
        ys = _evaluate(fr, nominal_row(fr, lay, s, m)[:, None], lay, s, m)
        for name, y in ys.items():
            point = fr.point[name]
            if point is None:
                assert np.isnan(y[0]), (a.alliance, name)
            else:
                assert abs(float(y[0]) - point) <= 0.11, (a.alliance, name, y[0], point)


def test_saltelli_shortcut_equals_the_full_evaluation(app) -> None:  # type: ignore[no-untyped-def]
    """The shortcut that reuses row A for unaffected indicators gives the same scores as
    evaluating every row of the design, for every alliance, score and sample."""
    m, kb = app.methodology, app.knowledge
    s = UncertaintySettings.of(m)
    for a in app.assess(None, AT):
        fr = _frame(a, m, kb, s)
        lay = _layout([fr])
        n = 64
        parts = _design_parts(np.random.default_rng(3), n, lay)
        full = _evaluate(fr, parts.full(), lay, s, m)
        fast = _evaluate_saltelli(fr, parts, lay, s, m)
        assert full.keys() == fast.keys()
        for name in full:
            np.testing.assert_allclose(fast[name], full[name], rtol=1e-9, atol=1e-9,
                                       err_msg=f"{a.alliance} {name}")


def test_uncertainty_intervals_seed_and_sensitivity(app) -> None:  # type: ignore[no-untyped-def]
    [(_, r)] = app.assess_uncertainty(["usa-kor"], AT, 256, seed=1)
    [(_, r2)] = app.assess_uncertainty(["usa-kor"], AT, 256, seed=1)
    assert r.as_json() == r2.as_json()
    for name, iv in r.scores.items():
        if iv.point is None:
            continue
        assert iv.low is not None and iv.high is not None
        assert iv.low <= iv.point <= iv.high, (name, iv)
        assert abs(sum(iv.bands.values()) - 1) < 0.01
    sens = r.sensitivity["overall"]
    assert {i.kind for i in sens} == {"indicator", "methodology"}
    assert all(i.total >= -0.05 for i in sens)
    assert sens[0].total >= sens[-1].total


def test_cli_assess_uncertainty_json(runner, built_store: Path) -> None:  # type: ignore[no-untyped-def]
    from alliance_monitor.cli import app as cli

    args = ["assess", "usa-kor", "--at", "2025-06-30", "--uncertainty", "64", "--seed", "1",
            "--format", "json", "--store", str(built_store)]
    out1 = runner.invoke(cli, args)
    out2 = runner.invoke(cli, args)
    assert out1.exit_code == 0, out1.output
    assert out1.output == out2.output
    [doc] = json.loads(out1.output)
    unc = doc["uncertainty"]
    assert unc["seed"] == 1 and unc["samples"] == 64
    overall = doc["overall"]["uncertainty"]
    assert overall["low"] <= doc["overall"]["score"] <= overall["high"]
    assert set(overall["bands"]) == {"low", "medium", "high", "none"}
    assert unc["sensitivity"]["overall"]


def test_explain_parts_sum_to_the_change(app) -> None:  # type: ignore[no-untyped-def]
    ex = app.explain("usa-jpn", dt.date(2024, 12, 1), dt.date(2025, 7, 1))
    doc = ex.as_json()
    for block in [*ex.blocks.values(), ex.overall]:
        if block.exact is None:
            continue
        parts = sum((c.overall_part or 0.0) if block.name == "overall" else c.total
                    for c in block.contributions)
        assert abs(parts - block.exact) < 1e-6
        assert block.change is not None and abs(block.change - block.exact) <= 0.1001
    moved = [c for b in ex.blocks.values() for c in b.contributions if c.changes]
    assert moved, "some indicator's inputs changed between the dates"
    assert any(c.sources for c in moved)
    assert doc["overall"]["change"] is not None


def test_explain_cli_names_sources(runner, built_store: Path) -> None:  # type: ignore[no-untyped-def]
    from alliance_monitor.cli import app as cli

    out = runner.invoke(cli, ["explain", "usa-jpn", "--from", "2024-12-01", "--to",
                              "2025-07-01", "--format", "json", "--store", str(built_store)])
    assert out.exit_code == 0, out.output
    doc = json.loads(out.output)
    urls = [s.get("url") for block in doc["criteria"].values()
            for c in block["contributions"] for s in c["sources"]]
    assert any(u and u.startswith("http") for u in urls)
    md = runner.invoke(cli, ["explain", "usa-jpn", "--from", "2024-12-01", "--to",
                             "2025-07-01", "--format", "md", "--lang", "de",
                             "--store", str(built_store)])
    assert md.exit_code == 0 and "Beitrag" in md.output


def test_every_library_scenario_runs_and_never_writes(app, built_store: Path) -> None:  # type: ignore[no-untyped-def]
    before = built_store.stat().st_mtime_ns
    files = sorted(SCENARIOS.glob("*.yaml"))
    assert len(files) >= 8
    for f in files:
        sim = app.simulate(f, samples=16, seed=1)
        assert sim.outcomes, f
        direct = [o for o in sim.outcomes if o.direct]
        assert direct and any(o.changed() for o in direct), f
        for o in sim.outcomes:
            for b in o.explanation.blocks.values():
                if b.exact is not None and b.change is not None:
                    assert abs(sum(c.total for c in b.contributions) - b.exact) < 1e-6
    assert built_store.stat().st_mtime_ns == before
    assert "scenario-usfk-cut-announced" not in app.knowledge.events


def test_usa_kor_shock_reaches_the_trilateral(app) -> None:  # type: ignore[no-untyped-def]
    sim = app.simulate(SCENARIOS / "usfk-troop-reduction.yaml", samples=32, seed=3)
    by = {o.alliance: o for o in sim.outcomes}
    kor, tri = by["USA-KOR"], by["USA-JPN-KOR"]
    assert kor.direct and not tri.direct
    assert kor.scenario.overall.score < kor.baseline.overall.score
    assert tri.scenario.fears["abandonment"].score > tri.baseline.fears["abandonment"].score
    assert "JPN-KOR" in by
    diff = kor.difference["overall"]
    assert diff["p_lower"] > 0.9
    doc = sim.as_json()
    assert doc["alliances"][0]["scores"]["overall"]["baseline_interval"]["median"] is not None


def test_scenario_is_validated_like_the_knowledge_base(tmp_path: Path, app) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.yaml"
    bad.write_text((SCENARIOS / "sma-breakdown.yaml").read_text(encoding="utf-8").replace(
        "unit: level_0_4", "unit: no_such_unit", 1), encoding="utf-8")
    with pytest.raises(ScenarioError, match="unknown unit 'no_such_unit'"):
        app.simulate(bad, samples=0)
    missing = tmp_path / "missing.yaml"
    missing.write_text("id: x\ntitle: {en: a, de: b}\nrationale: {en: a, de: b}\n"
                       "from: 2026-01-01\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match="sources"):
        load_scenario(missing)
    with pytest.raises(ScenarioError, match="--horizon"):
        app.simulate(SCENARIOS / "sma-breakdown.yaml", horizon="soon", samples=0)


def test_cli_simulate_horizon_and_unknown_indicator(runner, built_store: Path,  # type: ignore[no-untyped-def]
                                                    tmp_path: Path) -> None:
    from alliance_monitor.cli import app as cli

    out = runner.invoke(cli, ["simulate", str(SCENARIOS / "nato-ip4-summit-boycott.yaml"),
                              "--horizon", "6m", "--uncertainty", "16", "--seed", "2",
                              "--format", "csv", "--store", str(built_store)])
    assert out.exit_code == 0, out.output
    assert "NATO-IP4,direct,overall" in out.output
    bad = tmp_path / "ind.yaml"
    bad.write_text((SCENARIOS / "nato-ip4-summit-boycott.yaml").read_text(encoding="utf-8")
                   + "indicators:\n  - {indicator: nope, alliance: nato-ip4, value: 1, "
                     "note: test}\n", encoding="utf-8")
    out = runner.invoke(cli, ["simulate", str(bad), "--uncertainty", "0",
                              "--store", str(built_store)])
    assert out.exit_code == 1 and "unknown indicator 'nope'" in out.output


def test_indicator_override_moves_the_score(tmp_path: Path, app) -> None:  # type: ignore[no-untyped-def]
    f = tmp_path / "override.yaml"
    f.write_text((SCENARIOS / "nato-ip4-summit-boycott.yaml").read_text(encoding="utf-8")
                 + "indicators:\n  - {indicator: us_public_support_for_nato, alliance: "
                   "nato-ip4, value: 49, note: lowest on record}\n", encoding="utf-8")
    sim = app.simulate(f, samples=0)
    [o] = [o for o in sim.outcomes if o.alliance == "NATO-IP4"]
    ind = {c.indicator: c for c in o.explanation.blocks["political_support"].contributions}
    assert ind["us_public_support_for_nato"].total < 0
    assert any(ch["change"] == "override" for ch in ind["us_public_support_for_nato"].changes)


def test_hindcast_agreement(app) -> None:  # type: ignore[no-untyped-def]
    from alliance_monitor.simulate.consistency import summary

    scenarios = load_scenarios([SCENARIOS / "hindcast"])
    assert len(scenarios) >= 4 and all(sc.check for sc in scenarios)
    results = app.hindcast([SCENARIOS / "hindcast"])
    total = summary(results)
    assert total["tested"] >= 4
    # the agreement is a finding reported in the note, not a property to assert
    assert total["agreement"] is not None and 0.0 <= total["agreement"] <= 1.0
    assert {r.result for r in results} <= {"agree", "disagree", "no_move", "no_score"}
    cut = [r for r in results if r.context == "cut" and r.result != "no_score"]
    assert cut, "at least some hindcasts run with knowledge cut before the episode"


def test_hindcast_rejects_late_sources(tmp_path: Path, app) -> None:  # type: ignore[no-untyped-def]
    text = (SCENARIOS / "hindcast" / "japan-spending-2022.yaml").read_text(encoding="utf-8")
    f = tmp_path / "late.yaml"
    f.write_text(text.replace("published: 2022-11-29\n    url: https://www.dailysabah",
                              "published: 2023-01-05\n    url: https://www.dailysabah"),
                 encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"published after check\.before"):
        app.hindcast([f])


def test_explain_flags_inputs_published_after_the_first_date(app) -> None:  # type: ignore[no-untyped-def]
    """An input that held already on the first date but was published later is new
    knowledge, not a change in the world, and the explanation says so."""
    # the US Congress's support for the trilateral under Biden (valid from 2021) was first
    # reported with a House resolution of March 2024
    ex = app.explain("usa-jpn-kor", dt.date(2024, 2, 1), dt.date(2024, 4, 30))
    flagged = [ch for b in ex.blocks.values() for c in b.contributions for ch in c.changes
               if ch.get("newly_published")]
    assert flagged
    for ch in flagged:
        item = ch["item"]
        began = item.get("valid_from") or item.get("date")
        assert ch["change"] == "added" and began <= "2024-02-01" < item["known_from"], item
    doc = json.dumps(ex.as_json())
    assert '"newly_published": true' in doc
