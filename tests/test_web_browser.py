"""The dashboard in a real browser: Playwright driving Debian's chromium (/usr/bin/chromium).

No browser is downloaded: scripts/system-deps installs Debian's chromium, and Playwright is
pointed at it. The server runs in a thread on 127.0.0.1; every request the browser makes is
checked to stay there. axe-core (vendored, tests/vendor) checks accessibility.
"""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parents[1]
AXE = ROOT / "tests" / "vendor" / "axe.min.js"
#: where the pages' screenshots go: a temporary folder, or ``docs/screenshots`` when
#: ``ALLIANCE_SCREENSHOTS=docs`` asks to refresh the documentation's pictures (a test run must
#: not change the repository)
SHOTS = ROOT / "docs" / "screenshots" if os.environ.get("ALLIANCE_SCREENSHOTS") == "docs" \
    else Path(tempfile.gettempdir()) / "alliance-monitor-screenshots"
CHROMIUM = os.environ.get("ALLIANCE_CHROMIUM", "/usr/bin/chromium")
AT = "2024-06-30"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-default-apps", "--disable-extensions", "--metrics-recording-only",
         "--disable-domain-reliability", "--disable-client-side-phishing-detection"]
PAGES = {"overview": "/", "alliance-usa-kor": "/alliance/usa-kor", "compare": "/compare",
         "facts": "/facts", "events": "/events", "sources": "/sources", "map": "/map",
         "network": "/network", "methodology": "/methodology"}

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is None,
    reason=f"{CHROMIUM} not found: run scripts/system-deps (scripts/test does) to install "
           "Debian's chromium")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(app: Any) -> Iterator[str]:
    import uvicorn

    from alliance_monitor.web.server import create_app

    port = _free_port()
    config = uvicorn.Config(create_app(app), host="127.0.0.1", port=port, log_level="error",
                            lifespan="off")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser(server: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield b
        b.close()


class Tab:
    """A page that records console errors and every request, and blocks all but 127.0.0.1."""

    def __init__(self, browser: Any, base: str) -> None:
        self.context = browser.new_context(bypass_csp=True, viewport={"width": 1280,
                                                                      "height": 900})
        self.page = self.context.new_page()
        self.base = base
        self.errors: list[str] = []
        self.outside: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text)
                     if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.route("**/*", self._route)

    def _route(self, route: Any) -> None:
        url = urlparse(route.request.url)
        if url.scheme == "data" or url.hostname == "127.0.0.1":
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()

    def goto(self, path: str) -> Any:
        response = self.page.goto(self.base + path, wait_until="load")
        assert response is not None and response.status == 200, path
        return response

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def tab(browser: Any, server: str) -> Iterator[Tab]:
    t = Tab(browser, server)
    yield t
    t.close()
    assert not t.outside, f"requests left 127.0.0.1: {t.outside}"


def _axe(page: Any) -> list[dict[str, Any]]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations']});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                       nodes: v.nodes.slice(0, 3).map(n => n.html)}));
    }""")
    return [v for v in result if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("lang", ["en", "de"])
def test_every_page_renders_without_errors_and_passes_axe(tab: Tab, lang: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for name, path in PAGES.items():
        tab.errors.clear()
        tab.goto(f"{path}?at={AT}&lang={lang}")
        assert tab.page.locator("html").get_attribute("lang") == lang
        assert tab.page.locator("h1").count() == 1
        images = tab.page.locator("img")
        for i in range(images.count()):  # every chart decoded (server-side SVG)
            assert images.nth(i).evaluate("img => img.complete && img.naturalWidth > 0"), name
        assert not tab.errors, f"{name} ({lang}): {tab.errors}"
        serious = _axe(tab.page)
        assert not serious, f"{name} ({lang}): {serious}"
        if lang == "en" or name in ("overview", "alliance-usa-kor"):
            tab.page.screenshot(path=str(SHOTS / f"{name}-{lang}.png"), full_page=False)


def test_links_on_the_overview_work(tab: Tab) -> None:
    tab.goto(f"/?at={AT}")
    hrefs = tab.page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
    local = sorted({h.split("#")[0] for h in hrefs if h.startswith(tab.base)})
    assert len(local) >= 12
    for href in local:
        response = tab.page.request.get(href)
        assert response.status == 200, href


def test_language_switch_and_date_form(tab: Tab) -> None:
    tab.goto(f"/?at={AT}")
    tab.page.get_by_role("link", name="Deutsch").click()
    tab.page.wait_for_load_state()
    assert "lang=de" in tab.page.url and tab.page.locator("h1").inner_text() == "Übersicht"
    tab.page.fill("#at-input", "2019-12-31")
    tab.page.locator("form.at-form button").click()
    tab.page.wait_for_load_state()
    assert "at=2019-12-31" in tab.page.url and "lang=de" in tab.page.url
    assert "2019-12-31" in tab.page.locator("caption").first.inner_text()


def test_facts_and_events_filters(tab: Tab) -> None:
    tab.goto("/facts")
    total = tab.page.locator(".pager p").first.inner_text()
    tab.page.fill("#q-input", "Okinawa")
    tab.page.locator("form.filters button").click()
    tab.page.wait_for_load_state()
    assert "q=Okinawa" in tab.page.url
    assert tab.page.locator(".pager p").first.inner_text() != total
    assert "okinawa" in tab.page.locator("table.facts").inner_text().lower()
    tab.page.select_option("#f-status", "asserted")
    tab.page.locator("form.filters button").click()
    tab.page.wait_for_load_state()
    assert "status=asserted" in tab.page.url and "q=Okinawa" in tab.page.url
    tab.goto("/events")
    tab.page.select_option("#e-alliance", "USA-KOR")
    tab.page.select_option("#e-measure", "entrapment")
    tab.page.locator("form.filters button").click()
    tab.page.wait_for_load_state()
    assert "alliance=USA-KOR" in tab.page.url and "measure=entrapment" in tab.page.url
    rows = tab.page.locator("table.events tbody tr")
    assert rows.count() > 0
    assert "USA-KOR" in rows.first.inner_text()
    next_link = tab.page.locator("a[rel=next]")
    if next_link.count():
        next_link.first.click()
        tab.page.wait_for_load_state()
        assert "page=2" in tab.page.url


@pytest.mark.parametrize("path", ["/", "/events"])
def test_keyboard_reaches_every_control(tab: Tab, path: str) -> None:
    tab.goto(f"{path}?at={AT}")
    count = tab.page.evaluate("""() => document.querySelectorAll(
        'a[href], button, input:not([type=hidden]), select, summary').length""")
    seen: set[int] = set()
    for _ in range(count * 2 + 20):  # a date input takes several Tab stops
        tab.page.keyboard.press("Tab")
        index = tab.page.evaluate("""() => [...document.querySelectorAll(
            'a[href], button, input:not([type=hidden]), select, summary')]
            .indexOf(document.activeElement)""")
        if index >= 0:
            seen.add(index)
    assert len(seen) == count, f"{count - len(seen)} controls not reachable by Tab on {path}"
    first = tab.page.evaluate("""() => { document.activeElement.blur();
        return document.querySelector('a.skip').textContent; }""")
    assert first  # the skip link exists and is the first stop


def test_what_changed_form_and_period_links(tab: Tab) -> None:
    tab.goto(f"/alliance/usa-kor?at={AT}&lang=de")
    section = tab.page.locator("#what-changed")
    assert "Größte Beiträge" in section.inner_text()
    tab.page.fill("#change-from-input", "2020-01-01")
    tab.page.fill("#change-to-input", "2022-06-30")
    section.locator("form button").click()
    tab.page.wait_for_load_state()
    url = tab.page.url
    assert "change_from=2020-01-01" in url and "change_to=2022-06-30" in url
    assert f"at={AT}" in url and "lang=de" in url  # the page's date and language stay
    assert "Vom 2020-01-01 bis zum 2022-06-30" in tab.page.locator("#what-changed").inner_text()
    tab.page.locator("#what-changed nav a").first.click()  # "past quarter"
    tab.page.wait_for_load_state()
    assert "change_from=2024-03-31" in tab.page.url
    assert not tab.errors


def test_map_year_form_keeps_the_date(tab: Tab) -> None:
    tab.goto("/map?at=2015-06-30")
    options = tab.page.locator("#year-input option").all_inner_texts()
    assert options[0] == "2014"  # newest year published by the date
    tab.page.select_option("#year-input", "2010")
    tab.page.locator("form.filters button").click()
    tab.page.wait_for_load_state()
    assert "year=2010" in tab.page.url and "at=2015-06-30" in tab.page.url
    assert "2010" in tab.page.locator("caption").first.inner_text()
