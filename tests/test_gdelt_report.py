"""`alliance gdelt report`: what each noise rule removes, on the real 15-minute file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from alliance_monitor.cli import app
from alliance_monitor.ingest import noise
from alliance_monitor.series.gdelt_report import noise_report

SAMPLE = Path(__file__).resolve().parents[2] / "shared" / "data" / "events" / "gdelt2" / \
    "20191024143000.export.CSV"


def sample() -> Path:
    if not SAMPLE.exists():
        pytest.skip(f"{SAMPLE} not found: the shared data folder (../shared/data) is absent")
    return SAMPLE


@pytest.mark.shared_data
def test_report_counts_on_real_sample() -> None:
    doc = noise_report([sample()], examples=2)
    rules = {r["rule"]: r for r in doc["rules"]}
    assert doc["events"] == 2111
    assert sum(r["removed"] for r in doc["rules"]) + doc["kept"] == 2111
    assert rules["near_duplicate"]["removed"] == 463
    assert rules["backdated"]["matched"] == 44  # 24 rows at 365 days, 20 at 30 days
    assert rules["off_topic"]["alliance_rows_removed"] > 0
    assert {"press_release", "motoring", "markets"} <= set(rules["off_topic"]["beats"])
    assert all(a["kept"] == 0 for a in doc["alliances"])  # no USA-JPN/USA-KOR noise survives
    assert {a["alliance"] for a in doc["alliances"]} == {"USA-JPN", "USA-KOR", "USA-JPN-KOR"}
    example = rules["off_topic"]["examples"][0]
    assert example["dyad"] in {"USA→JPN", "JPN→USA", "USA→KOR", "KOR→USA"}


@pytest.mark.shared_data
def test_report_cli_table_and_json() -> None:
    runner = CliRunner()
    out = runner.invoke(app, ["gdelt", "report", str(sample())])
    assert out.exit_code == 0, out.output
    for word in ("near_duplicate", "off_topic", "comunicati.net", "USA-JPN"):
        assert word in out.stdout
    js = runner.invoke(app, ["gdelt", "report", str(sample()), "--format", "json"])
    assert json.loads(js.stdout)["kept"] > 0
    missing = runner.invoke(app, ["gdelt", "report", "/nonexistent.CSV"])
    assert missing.exit_code == 2


@pytest.mark.parametrize("url", [
    "http://www.comunicati.net/comunicati/aziende/moda/604484.html",
    "http://www.autoworldnews.com/articles/39359/20191024/is-the-american-suv-ready-to-meet-"
    "mitsubishi-s-next-generation-hybrid-suvs-in-2019-tokyo-motor-show.htm",
    "https://www.dailypolitical.com/2019/10/24/columbus-macro-llc-sells-9916-shares-of-ishares-"
    "msci-south-korea-etf-nysearcaewy.html",
    "https://www.tickerreport.com/banking-finance/1234/world-defense-fund-stake-nyselmt.html",
    "https://www.example.com/sports/baseball/japan-wins",
    "https://www.prnewswire.com/news-releases/new-product-300944918.html",
])
def test_relevance_rule_rejects_non_political_sources(url: str) -> None:
    assert noise.url_topics([url])[url] is not None


@pytest.mark.parametrize("url", [
    "https://www.reuters.com/world/asia-pacific/us-japan-defense-chiefs-meet-2023-01-12/",
    "https://www.koreaherald.com/view.php?ud=20231025000612",
    "https://www.nhk.or.jp/politics/articles/statement/12345.html",
    "https://www.state.gov/secretary-blinkens-meeting-with-japanese-foreign-minister/",
    "https://www.carnegieendowment.org/2023/05/alliance-management",
    "https://www.nytimes.com/2019/10/24/business/trump-japan-auto-tariffs-trade-war.html",
    "https://www.bbc.com/sport/../news/world-asia-50123456",
    "BBC Monitoring",
])
def test_relevance_rule_keeps_political_reporting(url: str) -> None:
    assert noise.url_topics([url])[url] is None
