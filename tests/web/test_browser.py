"""The web app in a real headless Chromium (Debian's ``chromium``, driven by Playwright):
each page loads, a state and a date are picked, a scenario runs, and what is drawn is checked.
Every request the pages make must go to the local server: nothing from the network."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

sync_api = pytest.importorskip("playwright.sync_api", reason="pip install 'foedus[dev]'")

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DEFENSE, ATTACKER, TARGET = "#1f5fa8", "#7f1d16", "#0f3566"


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} absent: .ci/run installs Debian's chromium")
        pytest.skip(f"{CHROMIUM} absent (apt-get install chromium)")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


def open_page(browser, url: str):
    """A page at ``url`` that fails the test on a script error or a request off this server."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    base = url.split("/", 3)[:3]
    page.outside, page.errors = [], []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))

    def guard(route):
        if route.request.url.split("/", 3)[:3] != base:
            page.outside.append(route.request.url)
            return route.abort()
        return route.continue_()

    page.route("**/*", guard)
    page.goto(url)
    return page


def colour(page, iso3: str) -> str | None:
    return page.get_attribute(f'path[data-iso3="{iso3}"]', "data-colour")


def done(page) -> None:
    assert page.errors == [] and page.outside == []
    page.close()


def test_map_who_defends_a_state_on_a_date(browser, server):
    page = open_page(browser, f"{server}/")
    page.fill("#state", "Estonia")
    page.fill("#date", "2024-06-01")
    page.click("button[type=submit]")
    page.wait_for_function("document.querySelector('#summary').textContent.includes('2024-06-01')")
    assert page.text_content("#summary").startswith("35 states owe Estonia a pledge on 2024-06-01")
    assert colour(page, "USA") == colour(page, "AUT") == DEFENSE  # NATO Art. 5; EU Art. 42(7)
    assert colour(page, "RUS") is None
    page.click('path[data-iso3="AUT"]')
    assert "Treaty on European Union, Art. 42(7)" in page.text_content("#detail")
    # Poland on the day Germany invaded: Britain and France bound to defend it
    page.fill("#state", "Poland")
    page.fill("#date", "1939-09-01")
    page.click("button[type=submit]")
    page.wait_for_function("document.querySelector('#summary').textContent.includes('1939-09-01')")
    assert colour(page, "GBR") == colour(page, "FRA") == DEFENSE
    assert colour(page, "USA") is None
    # the year slider moves the date
    page.eval_on_selector("#year", "e => { e.value = 1950; e.dispatchEvent(new Event('input')); }")
    assert page.input_value("#date") == "1950-09-01"
    done(page)


def test_scenario_draws_entrants_round_by_round(browser, server):
    page = open_page(browser, f"{server}/scenario")
    page.fill("#runs", "500")
    page.click("#controls button[type=submit]")
    summary = "document.querySelector('#mc-summary').textContent"
    page.wait_for_function(f"{summary}.startsWith('500 runs')")
    assert colour(page, "RUS") == ATTACKER and colour(page, "EST") == TARGET
    # no CSTO state enters: defending Estonia is not an attack on Russia (#13)
    assert colour(page, "DEU") is not None and colour(page, "BLR") is None
    labels = page.locator("svg.map text").all_text_contents()
    # the 35 round-1 entrants the CLI and API report, less Malta (too small for the 110m map)
    assert labels.count("1") == 34
    assert page.locator("#probabilities tbody tr").count() > 30
    page.click('path[data-iso3="BLR"]')
    page.wait_for_function("document.querySelector('#explain .verdict') !== null")
    assert "Belarus does not enter: toward Russia" in page.text_content("#explain")
    page.eval_on_selector("#round", "e => { e.value = 0; e.dispatchEvent(new Event('input')); }")
    assert page.locator("path[data-colour]").count() == 2  # Russia and Estonia
    href = page.get_attribute("#brief", "href")
    assert href.startswith("/api/v1/brief/scenario?") and "runs=500" in href
    done(page)


def test_scenario_page_opens_its_brief(browser, server):
    page = open_page(browser, f"{server}/scenario?attacker=Russia&target=Estonia&on=2024-06-01")
    page.fill("#runs", "200")
    page.click("#controls button[type=submit]")
    page.wait_for_function("document.querySelector('#mc-summary').textContent.startsWith('200')")
    with page.context.expect_page() as opened:
        page.click("#brief")
    brief = opened.value
    brief.wait_for_load_state()
    assert brief.title() == "foedus brief: Russia attacks Estonia on 2024-06-01"
    assert brief.locator("h1").text_content().startswith("Scenario brief: Russia attacks")
    rows = brief.locator("table").first.locator("tbody tr")
    assert rows.count() == 37  # the entrants the API's scenario lists
    assert rows.nth(0).text_content().startswith("0Russia")
    assert brief.locator('svg.map path[data-iso3="EST"]').first.get_attribute("fill") == TARGET
    assert "North Atlantic Treaty, Art. 5" in brief.text_content("body")
    assert "--runs 200 --seed 1 -o brief.html" in brief.text_content("pre")
    brief.close()
    done(page)


def test_arrangement_timeline_and_events(browser, server):
    page = open_page(browser, f"{server}/arrangement?id=nato")
    page.wait_for_selector("rect.spell")
    assert page.text_content("#title") == "North Atlantic Treaty Organization (NATO)"
    assert page.locator("rect.spell").count() >= 33  # 32 members and West Germany's spell
    assert "2001-09-12" in page.text_content("#events")
    page.select_option("#arrangement", "eu_mutual_assistance")
    page.wait_for_function("document.querySelector('#title').textContent.startsWith('European')")
    assert page.locator("rect.spell").count() >= 27
    done(page)


def test_data_page_and_offline_api_docs(browser, server):
    page = open_page(browser, f"{server}/data")
    page.wait_for_selector("#catalog table")
    assert "No research dataset loaded" in page.text_content("#status")
    assert "Alliance Treaty Obligations and Provisions" in page.text_content("#catalog")
    page.goto(f"{server}/docs")
    page.wait_for_selector('.opblock-summary-path[data-path="/api/v1/who-defends"]')
    done(page)


@pytest.mark.realdata
def test_network_burden_reliability_pages(browser, real_server):
    page = open_page(browser, f"{real_server}/network?years=1914&layer=defense")
    page.wait_for_selector("circle.node")
    import httpx

    net = httpx.get(f"{real_server}/api/v1/network?years=1914&layer=defense").json()
    ties = net["metrics"]["ties"]
    assert ties >= 14  # the defense pacts of 1914 (Franco-Russian, Triple Alliance, ...)
    assert f"{ties}ties" in page.text_content("#metrics").replace(" ", "")
    germany = page.locator("#nodes tbody tr").first
    assert germany.text_content().startswith("Germany")
    germany.click()
    assert page.locator("line.tie.focus").count() >= 4
    page.goto(f"{real_server}/burden?arrangement=NATO&years=2014-2024&year=2024")
    page.wait_for_selector("rect.share")
    assert page.locator("rect.share").count() == 31  # members with SIPRI data in 2024
    assert "Poland" in page.locator("#shares text").first.text_content()
    page.goto(f"{real_server}/reliability")
    page.wait_for_selector("#cases tbody tr", timeout=120_000)
    assert page.locator("rect.published").count() >= 8
    assert "World War I" in page.locator("#war option:checked").text_content()
    done(page)
