"""The dashboard, the JSON API and the reports, through an in-process ASGI client."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from support_web import HOSTILE, Client, write_hostile_kb

AT = "2024-06-30"
PAGES = ["/", "/alliance/usa-kor", "/alliance/NATO-IP4", "/compare", "/facts", "/events",
         "/sources", "/map", "/network", "/methodology"]
TABLES = ["/index", "/alliance/USA-JPN", "/compare", "/facts", "/events", "/sources", "/map",
          "/network", "/methodology"]


@pytest.fixture(scope="module")
def client(app: Any) -> Client:
    import alliance_monitor.cli  # noqa: F401  (plugins load in their usual order)
    from alliance_monitor.web.server import create_app

    return Client(create_app(app))


@pytest.fixture(scope="module")
def hostile_app(built_store: Path, tmp_path_factory: pytest.TempPathFactory
                ) -> Iterator[Any]:
    from alliance_monitor.app import App

    kb = write_hostile_kb(tmp_path_factory.mktemp("hostile-kb"))
    with App(built_store, kb_dirs=[kb], auto_build=False) as application:
        yield application


@pytest.fixture(scope="module")
def hostile(hostile_app: Any) -> Client:
    from alliance_monitor.web.server import create_app

    return Client(create_app(hostile_app))


@pytest.mark.parametrize("lang", ["en", "de"])
@pytest.mark.parametrize("path", PAGES)
def test_every_page_renders_in_both_languages(client: Client, path: str, lang: str) -> None:
    r = client.get(f"{path}?at={AT}&lang={lang}")
    assert r.status_code == 200, r.text[:500]
    html = r.text
    assert f'<html lang="{lang}">' in html
    assert ("Übersicht" in html) == (lang == "de")
    assert "<script" not in html  # pages carry no script at all
    assert "default-src 'none'" in r.headers["content-security-policy"]
    # nothing is loaded from elsewhere: every src/href of a resource is local or data:
    for ref in re.findall(r'(?:src|href)="([^"]+)"', html):
        assert not ref.startswith("//")
        if re.search(r'<(?:img|link)[^>]+(?:src|href)="' + re.escape(ref), html):
            assert ref.startswith(("/", "data:")), ref


@pytest.mark.parametrize("path", TABLES)
def test_pages_answer_as_json_and_csv(client: Client, path: str) -> None:
    r = client.get(f"{path}.json?at={AT}")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    json.loads(r.text)
    c = client.get(f"{path}.csv?at={AT}")
    assert c.status_code == 200 and c.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(c.text)))
    assert len(rows) >= 2 and len(rows[0]) >= 2


def test_overview_json_has_scores_bands_history_and_changes(client: Client) -> None:
    doc = client.get(f"/index.json?at={AT}").json()
    assert doc["at"] == AT
    row = next(r for r in doc["alliances"] if r["alliance"] == "USA-JPN")
    assert row["scores"]["overall"]["band"] in ("low", "medium", "high")
    assert row["history"][0]["date"].startswith("2016-03")
    assert row["history"][-1]["date"] == AT
    assert row["newest_input"] and row["age_days"] >= 0
    assert all({"alliance", "measure", "change"} <= set(c) for c in doc["changes"])
    html = client.get(f"/?at={AT}").text
    assert "#what-changed" in html  # each change links to its explanation


def test_alliance_page_drills_down_to_sources_and_evidence(client: Client) -> None:
    html = client.get(f"/alliance/us-kor?at={AT}").text
    assert "https://" in html and 'rel="noopener noreferrer nofollow"' in html
    assert "/facts?" in html and "/events?" in html  # evidence links into the browsers
    assert "data:image/svg+xml;base64," in html
    doc = client.get(f"/alliance/usa-kor.json?at={AT}&from=2020-01-01").json()
    assert doc["history"][0]["date"].startswith("2020")
    ind = doc["blocks"][0]["indicators"][0]
    assert {"id", "value", "normalized", "weight", "sources", "as_of"} <= set(ind)


def test_what_changed_panel_uses_app_explain(client: Client, app: Any) -> None:
    import datetime as dt

    doc = client.get(f"/alliance/usa-kor.json?at={AT}").json()["what_changed"]
    assert (doc["from"], doc["to"]) == ("2023-07-01", AT)  # default: a year before 'at'
    ex = app.explain("usa-kor", dt.date(2023, 7, 1), dt.date(2024, 6, 30))
    rows = {m["measure"]: m for m in doc["measures"]}
    assert rows["overall"]["change"] == ex.overall.change
    assert rows["alignment"]["exact_change"] == round(ex.blocks["alignment"].exact, 3)
    # the contributions shown are the decomposition's own, largest first
    top = rows["political_support"]["top"]
    assert top and abs(top[0]["contribution"]) == max(
        abs(round(c.total, 2)) for c in ex.blocks["political_support"].contributions)
    # changed facts/events/data carry their sources with publisher, date and link
    assert doc["inputs"] and all({"change", "kind", "date", "sources"} <= set(r)
                                 for r in doc["inputs"])
    cited = [s for r in doc["inputs"] for s in r["sources"]]
    assert any(s["publisher"] and s["published"] and s["url"] for s in cited)


@pytest.mark.parametrize("lang", ["en", "de"])
def test_what_changed_panel_is_bilingual_with_a_date_form(client: Client, lang: str) -> None:
    html = client.get(f"/alliance/usa-kor?at={AT}&lang={lang}&change_from=2019-01-01"
                      "&change_to=2022-12-31").text
    section = html[html.index('id="what-changed"'):html.index("</section>",
                                                              html.index('id="what-changed"'))]
    assert 'name="change_from"' in section and 'value="2019-01-01"' in section
    assert 'name="change_to"' in section and 'value="2022-12-31"' in section
    assert ("Größte Beiträge" in section) == (lang == "de")
    assert ("Largest contributions" in section) == (lang == "en")
    assert ("Geänderte Fakten, Ereignisse und Daten" in section) == (lang == "de")
    assert "/events?" in section and 'rel="noopener noreferrer nofollow"' in section
    if lang == "de":
        assert "Übereinstimmung" in section and "Alignment" not in section


def test_explain_api(client: Client, app: Any) -> None:
    import datetime as dt

    r = client.get("/api/v1/alliances/usa-jpn/explain?from=2023-01-01&to=2024-01-01")
    assert r.status_code == 200
    doc = r.json()
    ex = app.explain("usa-jpn", dt.date(2023, 1, 1), dt.date(2024, 1, 1))
    assert doc == json.loads(json.dumps(ex.as_json()))  # the CLI's JSON contract
    assert client.get("/api/v1/alliances/usa-jpn/explain?to=2024-01-01").json()["before"] \
        == "2023-01-01"  # default 'from': a year before 'to'
    assert client.get("/api/v1/alliances/abc-xyz/explain").status_code == 404
    assert client.get("/api/v1/alliances/usa-jpn/explain?from=2024-01-01&to=2023-01-01"
                      ).status_code == 400
    assert client.get(f"/alliance/usa-jpn?at={AT}&change_from=2025-01-01").status_code == 400
    spec = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/alliances/{alliance}/explain" in spec["paths"]


def test_unknown_alliance_and_bad_parameters(client: Client) -> None:
    assert client.get("/alliance/ABC-XYZ").status_code == 404
    assert client.get("/?at=31.12.2020").status_code == 400
    assert client.get("/?lang=fr").status_code == 400
    assert client.get("/facts?page=abc").status_code == 400
    assert client.get("/events?category=DANCE").status_code == 400
    assert client.get("/api/v1/assessments?at=nope").status_code == 400


def test_facts_search_facets_and_pagination(client: Client) -> None:
    doc = client.get("/facts.json?q=okinawa").json()
    assert 0 < doc["total"] < 771
    assert all("okinawa" in json.dumps(f).lower() for f in doc["items"])
    page2 = client.get("/facts.json?per_page=10&page=2").json()
    assert page2["page"] == 2 and len(page2["items"]) == 10
    facet = dict(page2["facets"]["status"])
    assert "asserted" in facet
    only = client.get("/facts.json?status=estimate").json()
    assert only["total"] == facet.get("estimate") and only["total"] > 0


def test_events_filters(client: Client) -> None:
    doc = client.get("/events.json?alliance=usa-kor&measure=entrapment&since=2017-01-01"
                     "&until=2019-12-31").json()
    assert doc["total"] > 0
    for e in doc["items"]:
        assert "2017" <= e["date"][:4] <= "2019"
        assert any(s["alliance"] == "USA-KOR" and s["measure"] == "entrapment"
                   for s in e["signals"])
    several = client.get("/events.json?disputed=1").json()
    assert all(len(e["reports"]) > 1 for e in several["items"])


def test_sources_export_bibtex_and_csl(client: Client) -> None:
    bib = client.get("/sources.bib").text
    assert bib.count("@") >= 100 and "swp2021" in bib
    csl = json.loads(client.get("/api/v1/sources?format=csl").text)
    swp = next(i for i in csl if i["id"] == "swp2021")
    assert swp["issued"]["date-parts"][0][0] == 2021 and swp["URL"].startswith("https://")


def test_api_is_versioned_documented_and_paginated(client: Client) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    paths = set(spec["paths"])
    assert {"/api/v1/assessments", "/api/v1/series", "/api/v1/facts", "/api/v1/events",
            "/api/v1/sources"} <= paths
    [a] = client.get(f"/api/v1/assessments?alliance=jpn-usa&at={AT}").json()
    assert a["alliance"] == "USA-JPN" and set(a["criteria"]) == {
        "alignment", "contributions", "political_support"}
    facts = client.get("/api/v1/facts?per_page=5&page=3").json()
    assert facts["page"] == 3 and len(facts["items"]) == 5
    series = client.get("/api/v1/series?alliance=usa-jpn&from=2020-01-01&to=2021-12-31"
                        "&format=csv").text.splitlines()
    assert series[0].startswith("alliance,date,") and len(series) == 9
    parquet = client.get("/api/v1/series?alliance=usa-jpn&from=2020-01-01&to=2021-12-31"
                         "&format=parquet").content
    assert parquet[:4] == b"PAR1"


def test_map_and_network(client: Client) -> None:
    doc = client.get("/map.json?year=2020").json()
    jpn = next(h for h in doc["hosts"] if h["host"] == "JPN")
    assert jpn["troops"] > 40000 and jpn["bases"] > 5
    assert client.get("/map?year=1800").status_code == 400
    net = client.get("/network.json?at=2010-01-01").json()
    assert "Hauptnavigation" in client.get("/map?lang=de&at=2019-06-30").text
    ip4 = next(a for a in net["alliances"] if a["id"] == "NATO-IP4")
    assert "JPN" in net["actors"] and isinstance(ip4["active"], bool)


@pytest.mark.parametrize(("at", "year"), [("2015-06-30", 2014), ("2015-03-31", 2013),
                                         ("2021-04-01", 2020)])
def test_map_honours_at_with_the_troop_numbers_known_then(client: Client, at: str,
                                                          year: int) -> None:
    # a year's DMDC figures count as known from 1 April of the next year (as in assessments)
    doc = client.get(f"/map.json?at={at}").json()
    assert doc["year"] == year and doc["years"][-1] == year and doc["at"] == at
    assert client.get(f"/map?at={at}&year={year + 1}").status_code == 400  # not yet published
    api = client.get(f"/api/v1/forces?at={at}").json()
    assert api["year"] == year and api["hosts"] == doc["hosts"]
    assert client.get(f"/api/v1/forces?at={at}&year={year + 1}").status_code == 400
    html = client.get(f"/map?at={at}").text
    assert f'<option value="{year + 1}"' not in html and f'<option value="{year}"' in html
    assert '<input type="hidden" name="at"' in html  # the year form keeps the date
    old = client.get("/map.json?at=2015-06-30&year=2010").json()
    assert old["year"] == 2010 and old["bases_dated"] is False


def test_server_is_read_only(client: Client) -> None:
    import asyncio

    import httpx

    async def post() -> int:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=client.asgi),
                                     base_url="http://127.0.0.1") as c:
            return (await c.post("/facts", content=b"x")).status_code
    assert asyncio.run(post()) == 405


# -- hostile content ---------------------------------------------------------------------------

HOSTILE_PAGES = ["/", "/alliance/usa-kor", "/facts", "/facts?q=hostile", "/events",
                 "/events?alliance=usa-kor&q=alert", "/sources", "/compare", "/map",
                 "/network", "/methodology"]


def assert_inert_html(html: str) -> None:
    low = html.lower()
    assert "<script" not in low
    assert "<img src=x" not in low and "<b>html</b>" not in low
    assert 'href="javascript:' not in low and "href='javascript:" not in low
    assert not re.search(r"<[^>]+\son\w+=", html), "an event-handler attribute got through"


@pytest.mark.parametrize("lang", ["en", "de"])
@pytest.mark.parametrize("path", HOSTILE_PAGES)
def test_hostile_content_is_inert_on_every_page(hostile: Client, path: str, lang: str) -> None:
    sep = "&" if "?" in path else "?"
    r = hostile.get(f"{path}{sep}lang={lang}&at={AT}")
    assert r.status_code == 200
    assert_inert_html(r.text)
    if path in ("/facts?q=hostile", "/events?alliance=usa-kor&q=alert", "/sources",
                "/alliance/usa-kor"):
        assert "&lt;script&gt;alert(" in r.text  # shown, as text


def test_hostile_content_in_json_and_csv(hostile: Client) -> None:
    doc = hostile.get("/facts.json?q=hostile").json()
    assert any(HOSTILE in (f["value"], f["note_en"]) for f in doc["items"])  # data unchanged
    text = hostile.get("/facts.csv?q=hostile").text
    assert "javascript:" in text  # data stays data: a CSV is not rendered
    assert "\n=" not in text and ",=" not in text
    bib = hostile.get("/sources.bib").text
    entry = bib[bib.index("{hostile-src,"):].split("\n}")[0]
    bare = re.sub(r"\\[{}]", "", entry)  # escaped braces are text
    assert bare.count("{") == bare.count("}") + 1  # only the entry's own brace stays open


# -- reports ---------------------------------------------------------------------------------


def test_report_markdown_and_html_carry_the_same_content(app: Any) -> None:
    import datetime as dt

    from alliance_monitor.web.report import build_report

    md = build_report(app, ["usa-kor"], dt.date(2024, 6, 30), "de", "md")
    html = build_report(app, ["usa-kor"], dt.date(2024, 6, 30), "de", "html")
    assert isinstance(md, str) and isinstance(html, str)
    for text in ("Lagebericht", "Literaturverzeichnis", "Übereinstimmung", "Wichtigste Belege",
                 "Aktualität der Eingaben", "swp2021", "data:image/svg+xml;base64,",
                 "und warum", "Größte Beiträge", "nicht mehr berücksichtigt"):
        assert text in md and text in html, text
    assert md.count("](https://") >= 5  # citations with links


def test_report_says_why_scores_moved_with_app_explain(app: Any) -> None:
    import datetime as dt

    from alliance_monitor.web.report import report_data

    doc = report_data(app, ["usa-kor"], dt.date(2024, 6, 30), "en")
    moved = {m["measure"]: m for m in doc["sections"][0]["moved"]}
    ex = app.explain("usa-kor", dt.date(2023, 7, 1), dt.date(2024, 6, 30))
    ps = moved["political_support"]
    best = max(ex.blocks["political_support"].contributions, key=lambda c: abs(c.total))
    assert ps["why"][0]["indicator"] == best.indicator
    assert ps["why"][0]["label"] != best.indicator  # the methodology's label
    assert ps["inputs"] and ps["inputs"][0]["sources"][0]["published"]


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_hostile_content_is_inert_in_reports(hostile_app: Any, fmt: str) -> None:
    import datetime as dt

    from alliance_monitor.web.report import build_report

    out = build_report(hostile_app, ["usa-kor"], dt.date(2024, 6, 30), "en", fmt)
    assert isinstance(out, str)
    if fmt == "html":
        assert_inert_html(out)
        assert "&lt;script&gt;" in out
    else:
        assert "<script" not in out and "<img" not in out.replace("![", "")
        assert not re.search(r"(?<!\\)\]\(javascript:", out)  # no live Markdown link
        assert "\\[click me\\]" in out


def test_report_pdf_is_german_with_charts_citations_and_bibliography(
        hostile_app: Any, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from alliance_monitor.cli import app as cli

    target = tmp_path / "usa-kor.pdf"
    result = CliRunner().invoke(cli, ["report", "usa-kor", "--lang", "de", "--at", AT,
                                      "--format", "pdf", "-o", str(target),
                                      "--store", str(hostile_app.store_path),
                                      "--kb-dir", str(hostile_app.kb_dirs[0])])
    assert result.exit_code == 0, result.output
    data = target.read_bytes()
    assert data[:5] == b"%PDF-" and len(data) > 20_000
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) not installed; run scripts/system-deps")
    text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True,
                          check=True).stdout
    text = " ".join(text.split())
    for word in ("Lagebericht", "Literaturverzeichnis", "Übereinstimmung",
                 "Angst vor Verstrickung", "Stiftung Wissenschaft und Politik"):
        assert word in text, word
    assert '<script>alert("xss")</script>' in text  # printed as text, never run
