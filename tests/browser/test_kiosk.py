"""The kiosk in Chromium: a batch's progress live with no interaction; recovery after restarts."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.browser.support import DashboardProcess
from tests.support.processes import SimProcess

pytestmark = pytest.mark.browser


@pytest.fixture
def kiosk_dash(module_sim: SimProcess, tmp_path_factory: pytest.TempPathFactory) -> Iterator[DashboardProcess]:
    """``pidash --kiosk`` with the simulator's key configured."""
    dash = DashboardProcess(
        module_sim.url, tmp_path_factory.mktemp("kiosk"), api_key=module_sim.api_key, extra_args=["--kiosk"]
    ).start()
    yield dash
    dash.stop()


def run_batch(sim: SimProcess) -> str:
    """Start a session and provision every camera through the REST API (as another tablet would)."""
    with httpx.Client(base_url=sim.url + "/api/v1", headers=sim.headers(), timeout=10) as http:
        body = {
            "target_ssid": "Kiosk-WiFi",
            "target_password": "kiosk-pass-123",
            "config": {"provisioning_timeout_seconds": 3600, "verification_timeout_seconds": 3600},
        }
        session_id: str = http.post("/provisioning/batch/start", json=body).json()["data"]["session"]["id"]
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            devices = http.get(f"/provisioning/batch/{session_id}/devices").json()["data"]["devices"] or []
            if len(devices) >= 5:
                break
            time.sleep(0.2)
        http.post(f"/provisioning/batch/{session_id}/provision-all").raise_for_status()
        return session_id


def stop_batch(sim: SimProcess, session_id: str) -> None:
    with httpx.Client(base_url=sim.url + "/api/v1", headers=sim.headers(), timeout=10) as http:
        http.post(f"/provisioning/batch/{session_id}/stop")


def test_kiosk_follows_a_batch_and_recovers_from_restarts(
    page: Page, module_sim: SimProcess, kiosk_dash: DashboardProcess
) -> None:
    page.goto(kiosk_dash.url + "/")  # --kiosk: the root opens the kiosk
    expect(page).to_have_url(re.compile(r"/kiosk$"))
    expect(page.get_by_test_id("kiosk-overall")).to_have_text(re.compile(r"\w"))
    expect(page.get_by_role("button")).to_have_count(0)  # read-only: no controls at all
    expect(page.get_by_label("Monitoring feed status")).to_contain_text("Live")
    expect(page.get_by_test_id("kiosk-no-session")).to_be_visible()

    session_id = run_batch(module_sim)
    label = page.get_by_test_id("kiosk-progress-label")
    expect(label).to_have_text(re.compile(r"of 5 verified"))
    expect(page.get_by_test_id("kiosk-device-state")).to_have_count(5)
    expect(label).to_have_text("5 of 5 verified", timeout=30_000)
    expect(page.get_by_test_id("kiosk-device-state").first).to_have_text("Verified")

    # The Pi restarts (power loss): the kiosk shows it, then catches up by itself.
    module_sim.kill()
    expect(page.get_by_label("Monitoring feed status")).to_contain_text(re.compile("Offline|Polling"), timeout=15_000)
    module_sim.start()
    expect(page.get_by_label("Monitoring feed status")).to_contain_text("Live", timeout=20_000)
    expect(page.get_by_label("Provisioning feed status")).to_contain_text("Live", timeout=20_000)
    expect(page.get_by_test_id("kiosk-stale")).to_be_hidden(timeout=10_000)
    expect(page.get_by_test_id("kiosk-age")).to_have_text(re.compile("Updated (just now|[0-9] s ago)"))

    # The dashboard restarts: NiceGUI reloads the page once the server is back.
    page.evaluate("window.pdBeforeRestart = true")
    kiosk_dash.stop()
    kiosk_dash.start()
    page.wait_for_function("() => window.pdBeforeRestart === undefined", timeout=30_000)  # reloaded
    expect(page.get_by_label("Monitoring feed status")).to_contain_text("Live", timeout=30_000)
    expect(page.get_by_test_id("kiosk-overall")).to_have_text(re.compile(r"\w"))
    expect(page.get_by_test_id("kiosk-stale")).to_be_hidden(timeout=10_000)
    stop_batch(module_sim, session_id)


def test_a_kiosk_with_no_reading_yet_shows_dashes_and_no_level(
    page: Page, dashboard_factory: Callable[..., DashboardProcess]
) -> None:
    """Before the Pi sent a reading (here none will: nothing listens where it should be), the
    metric tiles show "—" and no level word; never "0 %" and "Normal"."""
    dash = dashboard_factory("http://127.0.0.1:9", extra_args=["--kiosk"])
    page.goto(dash.url + "/")
    for metric in ("cpu", "memory", "disk", "temperature"):
        expect(page.get_by_test_id(f"metric-{metric}-value")).to_have_text("—")
        expect(page.get_by_test_id(f"metric-{metric}-level")).to_have_text("—")
    expect(page.get_by_text("Normal", exact=True)).to_have_count(0)
