"""A German browser gets the store's texts in German, also those the store changes after the page
was built (a binding or store event that used ``_()`` would fall back to English there).

The German page is opened before anything happens; an English tab (the Playwright default) drives
the session, so each German text below is written by the store after the German page was built.
Elements are found by roles, icons and German texts of this branch's files (not by the page's own
labels, which are translated elsewhere).
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.support import (
    ACTION_TIMEOUT_MS,
    DashboardProcess,
    fleet_macs,
    force_next_error,
    start_session,
    stop_session,
    wait_discovered,
)
from tests.support.processes import SimProcess

pytestmark = pytest.mark.browser

GERMAN = {"Accept-Language": "de-DE,de;q=0.9"}


def test_a_german_page_shows_the_stores_later_texts_errors_and_input_errors_in_german(
    browser: Browser,
    page: Page,
    sim_factory: Callable[..., SimProcess],
    dashboard_factory: Callable[..., DashboardProcess],
) -> None:
    sim = sim_factory()
    dash = dashboard_factory(sim.url, api_key=sim.api_key)
    german = browser.new_context(extra_http_headers=GERMAN)
    try:
        de = german.new_page()
        de.set_default_timeout(ACTION_TIMEOUT_MS)
        de.goto(dash.url + "/")
        chip = de.get_by_role("status", name="Status der Live-Daten: Einrichtung")
        expect(chip).to_contain_text("Live")

        # Input errors next to the fields (validation runs in the browser's event).
        ssid = de.get_by_label(re.compile("SSID")).first
        ssid.fill(" Halle 3 ")
        expect(
            de.get_by_text("Leerzeichen am Anfang oder Ende gehören zum Namen und bleiben erhalten: ·Halle 3·")
        ).to_be_visible()
        ssid.fill("   ")
        de.locator("button").filter(has_text="play_arrow").first.click()
        expect(
            de.get_by_text("Ein WLAN-Name kann nicht nur aus Leerzeichen bestehen; geben Sie den Namen ein.")
        ).to_be_visible()
        expect(de.get_by_text("Geben Sie das WLAN-Passwort ein.")).to_be_visible()

        # An English tab starts the session: the German page's summary is written after it was built.
        page.goto(dash.url + "/")
        start_session(page, ssid="Halle-3")
        macs = fleet_macs(sim)
        wait_discovered(page, macs)
        expect(de.get_by_text(re.compile(r"^(Kameras werden gesucht|Aktiv)$"))).to_be_visible()
        expect(de.get_by_text(f"0 von {len(macs)} bestätigt", exact=True)).to_be_visible()
        expect(de.get_by_text(re.compile(r"^Einrichtungsnetz .+: aktiv, \d+ verbunden$"))).to_be_visible()
        bar = de.get_by_role("progressbar", name="Gesamtfortschritt")
        expect(bar).to_have_attribute("aria-valuetext", re.compile(rf"^0 von {len(macs)} bestätigt, 0 fehlgeschlagen"))
        expect(de.get_by_text(f"{len(macs)} wartend", exact=True)).to_be_visible()

        # The Pi fails the read of resumable sessions that a stop triggers: the store's error reaches
        # the German page's panel, with its countdown (a timer), and the outcome is German too.
        force_next_error(sim, "GET", "/api/v1/provisioning/sessions/recoverable", "MQTT_UNAVAILABLE", count=200)
        stop_session(page)
        expect(de.get_by_text(re.compile(r"^Sitzung beendet: 0 bestätigt, 0 fehlgeschlagen"))).to_be_visible()
        panel = de.get_by_role("alert").filter(has_text="MQTT_UNAVAILABLE")
        expect(panel).to_contain_text("Der Message-Broker des Pi ist nicht verbunden", timeout=30_000)
        expect(panel).to_contain_text(re.compile(r"Automatische Wiederholung in \d+ s|Wird wiederholt …"))
        panel.get_by_text("Details", exact=True).click()
        expect(panel.get_by_text("Korrelations-ID:")).to_be_visible()

        # The Pi goes away: the feed chip's label changes, from the store, to German.
        sim.stop()
        expect(chip).to_contain_text("Neu verbinden", timeout=30_000)

        # This tablet loses the dashboard: the banner and the chip say so in German.
        german.set_offline(True)
        expect(de.get_by_role("alert").filter(has_text="Dieses Tablet hat die Verbindung")).to_be_visible()
        expect(chip.get_by_text("Unbekannt")).to_be_visible()
        german.set_offline(False)
    finally:
        german.close()
