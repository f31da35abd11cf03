"""The provisioning page, its device board and the kiosk in German while an English browser
watches the same batch (issue 14): each browser gets the row changes in its own language."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect

from tests.browser.support import (
    ACTION_TIMEOUT_MS,
    VIEWPORT,
    DashboardProcess,
    answer_confirm,
    camera_state,
    fleet_macs,
    session_card,
)
from tests.support.processes import SimProcess

pytestmark = pytest.mark.browser

GERMAN_STATES = {"Erkannt", "Wird eingerichtet", "Eingerichtet", "Wird geprüft", "Bestätigt", "Fehlgeschlagen"}
ENGLISH_STATES = {"Discovered", "Provisioning", "Provisioned", "Verifying", "Verified", "Failed"}
RECORD_STATES = """() => {
  // every text a camera's state badge shows from now on (the changes the server pushes later)
  window.pdSeenStates = new Set();
  window.pdSeenTimings = new Set();
  const record = () => {
    document.querySelectorAll('.pd-device-board [role=status]')
      .forEach((el) => window.pdSeenStates.add(el.textContent.trim()));
    document.querySelectorAll('[data-testid=device-timing]')
      .forEach((el) => window.pdSeenTimings.add(el.textContent.trim()));
  };
  new MutationObserver(record).observe(document.body, { subtree: true, childList: true, characterData: true });
}"""


@pytest.fixture
def german(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(viewport=VIEWPORT, extra_http_headers={"Accept-Language": "de-DE,de;q=0.9"})
    yield context
    context.close()


def _open(context: BrowserContext, url: str) -> Page:
    page = context.new_page()
    page.set_default_timeout(ACTION_TIMEOUT_MS)
    page.goto(url)
    return page


def german_camera_state(page: Page, mac: str) -> Locator:
    return page.get_by_label(f"Kamera {mac}", exact=True).get_by_role("status")


def test_a_german_and_an_english_browser_follow_one_batch_each_in_its_language(
    german: BrowserContext, page: Page, dashboard: DashboardProcess, module_sim: SimProcess
) -> None:
    macs = fleet_macs(module_sim)
    de = _open(german, dashboard.url + "/")
    page.goto(dashboard.url + "/")  # the English browser (Playwright's default Accept-Language)

    # The German start form, filled by its German labels.
    de.get_by_label("WLAN-Netz (SSID)").fill("Sprach-WLAN")
    de.get_by_label("WLAN-Passwort").fill("correct-horse-42")
    de.get_by_text("Erweitert: Zeitlimits").click()
    for label in ("Zeitlimit für die Erkennung", "Zeitlimit für die Einrichtung", "Zeitlimit für die Bestätigung"):
        de.get_by_label(label).fill("3600" if "Erkennung" not in label else "60")
    de.get_by_role("button", name="Sitzung starten").click()

    # Cameras discovered after both pages were built: each page in its own language.
    for mac in macs:
        expect(german_camera_state(de, mac)).to_have_text("Erkannt", timeout=20_000)
        expect(camera_state(page, mac)).to_have_text("Discovered", timeout=20_000)
    card = de.get_by_label(f"Kamera {macs[0]}", exact=True)
    expect(card.get_by_role("button", name=f"{macs[0]} einrichten")).to_contain_text("Einrichten")
    expect(card).to_contain_text("Auf der Freigabeliste")
    expect(card).to_contain_text("Überspringen")
    expect(de.get_by_label("Laufende Sitzung", exact=True)).to_contain_text("Ziel-WLAN: Sprach-WLAN")
    expect(de.get_by_role("button", name="Alle einrichten")).to_contain_text("Alle einrichten (5)")
    expect(page.get_by_role("button", name="Provision all")).to_contain_text("Provision all (5)")
    expect(page.get_by_role("button", name=f"Provision {macs[0]}")).to_be_visible()

    de.evaluate(RECORD_STATES)
    de.get_by_role("button", name="Alle einrichten").click()
    for mac in macs:
        expect(german_camera_state(de, mac)).to_have_text("Bestätigt", timeout=30_000)
        expect(camera_state(page, mac)).to_have_text("Verified", timeout=30_000)
    seen = set(de.evaluate("() => [...window.pdSeenStates]"))
    assert "Wird eingerichtet" in seen, seen  # a step pushed by the server, in German
    assert seen <= GERMAN_STATES and not seen & ENGLISH_STATES, seen
    timings = de.evaluate("() => [...window.pdSeenTimings]")  # the card's clock: "… seit 2 s · Versuch 1"
    assert timings and all(
        re.fullmatch(r"(Wird eingerichtet|Eingerichtet|Wird geprüft) seit \d+ s · Versuch \d", x) for x in timings
    ), timings

    # The list view, its filter and the kiosk, in German; the English page is still English.
    de.get_by_role("button", name="Liste", exact=True).click()
    table = de.get_by_role("table", name="Kameras")
    expect(table.get_by_role("status")).to_have_count(len(macs))
    expect(table.get_by_role("columnheader", name="Status")).to_be_visible()
    expect(de.get_by_label("Kameras anzeigen")).to_contain_text("Bestätigt (5)")
    expect(page.get_by_label("Show cameras")).to_contain_text("Verified (5)")
    expect(page.get_by_role("button", name="List", exact=True)).to_be_visible()

    kiosk = german.new_page()
    kiosk.set_viewport_size({"width": 800, "height": 480})  # the Pi's 7-inch display: too small for 5 tiles
    kiosk.set_default_timeout(ACTION_TIMEOUT_MS)
    kiosk.goto(dashboard.url + "/kiosk")
    expect(kiosk.get_by_test_id("kiosk-device-state").first).to_have_text("Bestätigt")
    expect(kiosk.get_by_role("list", name="Kameras").get_by_role("listitem").first).to_have_attribute(
        "aria-label", re.compile("^Kamera ")
    )
    expect(kiosk.get_by_test_id("kiosk-count-discovered")).to_have_text("5 gefunden")
    expect(kiosk.get_by_test_id("kiosk-pager")).to_have_text(
        re.compile(r"Seite \d von \d · 5 Kameras, fehlgeschlagene zuerst")
    )
    expect(kiosk.get_by_label("Einrichtungssitzung", exact=True)).to_contain_text("WLAN Sprach-WLAN")

    de.get_by_role("button", name="Sitzung beenden").click()
    answer_confirm(de, "Sitzung beenden")
    expect(session_card(page).get_by_role("status")).to_have_text(re.compile("Closing|Closed"), timeout=15_000)
