"""An old build (``pidash sim --dialect field --old-build html``): its V1 section routes answer an HTML
page, and every section page is shown through its legacy route (field notes: Ports and routes)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.browser.support import DashboardProcess
from tests.support.processes import SimProcess

pytestmark = pytest.mark.browser


def test_every_section_page_through_its_legacy_route(
    page: Page, sim_factory: Callable[..., SimProcess], dashboard_factory: Callable[..., DashboardProcess]
) -> None:
    sim = sim_factory(dialect="field", extra_args=["--old-build", "html"])
    dash = dashboard_factory(sim.url, api_key=sim.api_key)

    page.goto(dash.url + "/wifi")
    expect(page.get_by_test_id("wifi-connection")).to_have_text("Connected to HomeNet")
    expect(page.get_by_test_id("wifi-networks")).to_contain_text("Warehouse-2G")
    expect(page.get_by_test_id("wifi-networks")).to_contain_text("-67 dBm")  # ``signal``, not a blank

    page.goto(dash.url + "/door")
    expect(page.get_by_test_id("door-state")).to_have_text("Closed")
    expect(page.get_by_test_id("door-locked")).to_have_text("Locked")

    page.goto(dash.url + "/config")
    password = page.get_by_test_id("config-mqtt.password")
    expect(password.get_by_test_id("config-value")).to_have_text("••••••••")
    assert "mqtt-s3cret" not in page.content()

    page.goto(dash.url + "/cameras")
    expect(page.get_by_test_id("cameras-summary")).to_have_text("2 cameras: 1 online, 1 offline, 0 error")
    expect(page.get_by_test_id("cameras-table")).to_contain_text("Front door")

    page.goto(dash.url + "/logs")
    page.wait_for_function("() => document.querySelectorAll('.pd-log-line').length > 0", timeout=20_000)
    expect(page.get_by_test_id("section-unavailable")).to_be_hidden()

    page.goto(dash.url + "/system")
    expect(page.get_by_test_id("section-system").get_by_test_id("sys-status")).to_have_text("healthy")
    legacy = {
        "system": "/api/system/info",
        "wifi": "/api/wifi/status",
        "wifi_scan": "/api/wifi/scan",
        "door": "/api/door/status",
        "config": "/api/dashboard/config",
        "cameras": "/api/dashboard/cameras",
        "logs": "/api/dashboard/logs",
    }
    for section, route in legacy.items():
        row = page.get_by_test_id(f"capability-{section}")
        expect(row).to_contain_text(route, timeout=10_000)
        expect(row).to_contain_text("works via legacy route")
    expect(page.get_by_test_id("capability-health")).to_contain_text("/health")
