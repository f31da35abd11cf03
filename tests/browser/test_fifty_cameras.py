"""A real batch of 50 cameras: the kiosk shows every camera at 1920x1080, the list view fits two
tablet screens, and every text on the provisioning page and the kiosk meets WCAG AA contrast."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.contrast import contrast_failures
from tests.browser.support import DashboardProcess, camera_state
from tests.support.processes import SimProcess

pytestmark = pytest.mark.browser
CAMERAS = 50


@pytest.fixture(scope="module")
def big_batch(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[SimProcess, DashboardProcess]]:
    """A 50-camera simulator with a finished batch (some failed), and a dashboard on it."""
    root: Path = tmp_path_factory.mktemp("fifty")
    sim = SimProcess(root / "sim", devices=CAMERAS, failure_rate=0.2, speed=20.0)
    dash = DashboardProcess(sim.url, root / "dash", api_key=sim.api_key)
    try:
        sim.start()
        dash.start()
        with httpx.Client(base_url=sim.url + "/api/v1", headers=sim.headers(), timeout=10) as http:
            body = {
                "target_ssid": "Fifty-WiFi",
                "target_password": "fifty-pass-123",
                "config": {"provisioning_timeout_seconds": 3600, "verification_timeout_seconds": 3600},
            }
            session_id = http.post("/provisioning/batch/start", json=body).json()["data"]["session"]["id"]
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                devices = http.get(f"/provisioning/batch/{session_id}/devices").json()["data"]["devices"] or []
                if len(devices) >= CAMERAS:
                    break
                time.sleep(0.5)
            http.post(f"/provisioning/batch/{session_id}/provision-all").raise_for_status()
            while time.monotonic() < deadline + 60:
                devices = http.get(f"/provisioning/batch/{session_id}/devices").json()["data"]["devices"] or []
                if all(d["state"] in ("verified", "failed") for d in devices):
                    break
                time.sleep(0.5)
        yield sim, dash
    finally:
        dash.stop()
        sim.stop()


def macs_of(sim: SimProcess) -> list[str]:
    cameras: list[dict[str, Any]] = httpx.get(sim.url + "/_sim/fleet", timeout=10).json()["cameras"]
    return [c["mac"] for c in cameras]


def test_the_kiosk_shows_every_one_of_fifty_cameras_without_scrolling(
    browser: Browser, big_batch: tuple[SimProcess, DashboardProcess]
) -> None:
    sim, dash = big_batch
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    try:
        page = context.new_page()
        page.goto(dash.url + "/kiosk")
        expect(page.get_by_test_id("kiosk-device-state").first).to_be_visible(timeout=20_000)
        seen: set[str] = set()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and len(seen) < CAMERAS:
            seen.update(
                page.evaluate(
                    """() => [...document.querySelectorAll('[data-testid^="kiosk-device-"][aria-label]')]
                         .filter((el) => { const r = el.getBoundingClientRect();
                                           return r.height > 0 && r.bottom <= window.innerHeight; })
                         .map((el) => el.getAttribute('aria-label').slice(7))"""
                )
            )
            assert page.evaluate("() => document.documentElement.scrollHeight") <= 1080, "the kiosk scrolls"
            page.wait_for_timeout(1000)
        assert seen == set(macs_of(sim)), f"never on screen: {sorted(set(macs_of(sim)) - seen)}"
        states = page.get_by_test_id("kiosk-device-state")
        assert float(states.first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) >= 24
    finally:
        context.close()


def test_the_list_view_of_fifty_fits_two_tablet_screens(
    browser: Browser, big_batch: tuple[SimProcess, DashboardProcess]
) -> None:
    sim, dash = big_batch
    context = browser.new_context(viewport={"width": 768, "height": 1024})
    try:
        page = context.new_page()
        page.goto(dash.url)
        expect(camera_state(page, macs_of(sim)[0])).to_be_visible(timeout=20_000)
        page.get_by_role("button", name="List", exact=True).click()
        table = page.get_by_role("table", name="Cameras")
        expect(table.get_by_role("status")).to_have_count(CAMERAS)
        box = table.bounding_box()
        assert box is not None and box["height"] <= 2 * 1024, f"50 cameras take {box} px"
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 768
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_text_meets_wcag_aa_contrast(
    browser: Browser, big_batch: tuple[SimProcess, DashboardProcess], scheme: str
) -> None:
    sim, dash = big_batch
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)  # type: ignore[arg-type]
    try:
        page: Page = context.new_page()
        page.goto(dash.url)
        expect(camera_state(page, macs_of(sim)[0])).to_be_visible(timeout=20_000)
        page.wait_for_timeout(800)  # let the theme and transitions settle
        failures = contrast_failures(page)
        page.get_by_role("button", name="List", exact=True).click()
        page.wait_for_timeout(300)
        failures += contrast_failures(page)
        page.get_by_role("button", name="Cards", exact=True).click()
        page.goto(dash.url + "/kiosk")
        expect(page.get_by_test_id("kiosk-device-state").first).to_be_visible(timeout=20_000)
        page.wait_for_timeout(800)
        failures += contrast_failures(page)
        assert failures == [], "\n".join(sorted(set(failures)))
    finally:
        context.close()
