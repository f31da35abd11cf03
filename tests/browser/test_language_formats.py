"""Dates and figures in a German browser: German month names and decimal commas on the Cameras,
Monitoring, System and Configuration pages (``pidash.store.formatting``), never ``03 Dec`` or ``2.2 MB``."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.support import DashboardProcess, use_one_camera
from tests.support.processes import SimProcess

pytestmark = pytest.mark.browser

GERMAN_MONTH = r"(Jan|Feb|Mär|Apr|Mai|Jun|Jul|Aug|Sep|Okt|Nov|Dez)"
LAST_SEEN_COLUMN = 7
"""The cameras table's "Zuletzt gesehen" column (1-based)."""


def test_cameras_last_seen_has_a_german_month(de: Page, module_sim: SimProcess, dashboard: DashboardProcess) -> None:
    use_one_camera(module_sim)  # the Pi's cameras from before have never been seen; a verified one has
    de.goto(dashboard.url + "/cameras")
    cells = de.get_by_test_id("cameras-table").locator(f"tbody tr td:nth-child({LAST_SEEN_COLUMN})")
    seen = cells.filter(has_text=re.compile(r"\d\d:\d\d:\d\d"))  # a camera never seen shows "—"
    shown = re.compile(rf"^\d\d\. {GERMAN_MONTH} \d\d:\d\d:\d\d$")
    expect(seen.first).to_have_text(shown, timeout=25_000)  # the Pi's cameras are read every 10 s
    for text in cells.all_inner_texts():
        assert text == "—" or shown.match(text), text


def test_monitoring_writes_days_and_figures_in_german(de: Page, dashboard: DashboardProcess) -> None:
    de.goto(dashboard.url + "/monitoring")
    expect(de.get_by_test_id("cert-expiry")).to_have_text(re.compile(rf"^\d\d\. {GERMAN_MONTH} \d{{4}}$"))
    expect(de.get_by_test_id("net-received")).to_have_text(re.compile(r"^\d+,\d (kB|MB|GB|TB)$"))
    expect(de.get_by_test_id("net-loss")).to_have_text(re.compile(r"^\d+,\d %$"))
    expect(de.get_by_test_id("fact-load")).to_have_text(re.compile(r"^\d+,\d\d \d+,\d\d \d+,\d\d$"))
    expect(de.get_by_test_id("metric-temperature-value")).to_have_text(re.compile(r"^\d+,\d °C$"))
    rows = de.get_by_test_id("monitor-cameras").locator("tbody tr")
    expect(rows.first).to_contain_text(re.compile(r"\d+,\d"))  # frames per second
    expect(rows.first).not_to_contain_text(re.compile(r"\d\.\d"))


def test_system_figures_have_decimal_commas(de: Page, dashboard: DashboardProcess) -> None:
    de.goto(dashboard.url + "/system")
    expect(de.get_by_test_id("sys-temperature")).to_have_text(re.compile(r"^\d+,\d °C$"))
    expect(de.get_by_test_id("sys-load")).to_have_text(re.compile(r"^\d+,\d\d \d+,\d\d \d+,\d\d$"))


def test_configuration_sections_are_named_not_capitalised_keys(de: Page, dashboard: DashboardProcess) -> None:
    de.goto(dashboard.url + "/config")
    expect(de.get_by_test_id("config-section-mqtt")).to_contain_text("MQTT")
    expect(de.get_by_test_id("config-section-network")).to_contain_text("Netzwerk")
    for section in ("mqtt", "network"):
        expect(de.get_by_test_id(f"config-section-{section}")).not_to_contain_text(section.capitalize())
