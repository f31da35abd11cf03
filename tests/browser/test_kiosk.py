"""The kiosk in Chromium: a batch's progress live with no interaction; recovery after restarts; it
fits a portrait screen; numbers in the page's language."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator

import httpx
import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect

from tests.browser.support import ACTION_TIMEOUT_MS, DashboardProcess
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


def start_discovery(sim: SimProcess, cameras: int) -> str:
    """Start a session (long timeouts) and wait until it has found ``cameras``; none is provisioned.
    Returns the session's id."""
    with httpx.Client(base_url=sim.url + "/api/v1", headers=sim.headers(), timeout=10) as http:
        body = {
            "target_ssid": "Kiosk-WiFi",
            "target_password": "kiosk-pass-123",
            "config": {
                "discovery_timeout_seconds": 60,  # every camera found within 30 s (1.5 s at speed 20)
                "provisioning_timeout_seconds": 3600,
                "verification_timeout_seconds": 3600,
            },
        }
        response = http.post("/provisioning/batch/start", json=body)
        response.raise_for_status()
        session_id = response.json()["data"]["session"]["id"]
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            devices = http.get(f"/provisioning/batch/{session_id}/devices").json()["data"]["devices"] or []
            if len(devices) >= cameras:
                return str(session_id)
            time.sleep(0.2)
    raise TimeoutError(f"the session did not find {cameras} cameras in time")


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


PORTRAIT: list[ViewportSize] = [{"width": 768, "height": 1024}, {"width": 600, "height": 960}]
FULL_HD: ViewportSize = {"width": 1920, "height": 1080}
LAYOUT = """() => {
  const root = document.documentElement, width = root.clientWidth;
  const cut = (el) => { const r = el.getBoundingClientRect(); return r.left < -0.5 || r.right > width + 0.5; };
  const wide = '[data-testid=kiosk-clock], [data-testid^=metric-][role=group]';
  const clipped = (badge) => {
    const tile = badge.closest('.pd-kiosk-tile'), box = tile.getBoundingClientRect();
    const bottom = box.bottom - parseFloat(getComputedStyle(tile).paddingBottom);
    return badge.scrollHeight > badge.clientHeight || badge.scrollWidth > badge.clientWidth
      || badge.getBoundingClientRect().bottom > bottom + 0.5;
  };
  return {
    scroll_width: root.scrollWidth,
    client_width: width,
    checked: document.querySelectorAll(wide).length,
    cut_off: [...document.querySelectorAll(wide)].filter(cut).map((el) => el.dataset.testid),
    clipped_badges: [...document.querySelectorAll('[data-testid=kiosk-device-state]')].filter(clipped)
      .map((el) => el.textContent),
  };
}"""


def test_the_kiosk_fits_a_portrait_screen_and_long_camera_states_fit_their_badges(
    browser: Browser, sim_factory: Callable[..., SimProcess], dashboard_factory: Callable[..., DashboardProcess]
) -> None:
    """768 and 600 px wide (a tablet upright): no sideways scroll, the clock and all four health
    tiles on screen. At 1920x1080 "Not on the allowlist" fits its badge (it wrapped and was cut)."""
    sim = sim_factory(devices=5, unlisted=2)
    dash = dashboard_factory(sim.url, api_key=sim.api_key, extra_args=["--kiosk"])
    start_discovery(sim, cameras=5)
    for viewport in [*PORTRAIT, FULL_HD]:
        context = browser.new_context(viewport=viewport)
        try:
            page = context.new_page()
            page.set_default_timeout(ACTION_TIMEOUT_MS)
            page.goto(dash.url + "/kiosk")
            expect(page.get_by_test_id("metric-temperature-value")).to_have_text(re.compile(r"\d °C$"))
            expect(page.get_by_test_id("kiosk-device-state").first).to_be_visible()
            if viewport == FULL_HD:  # every camera fits on one page: both unlisted ones are checked
                expect(page.get_by_test_id("kiosk-device-state")).to_have_count(5)
                expect(page.get_by_test_id("kiosk-device-state").filter(has_text="Not on the allowlist")).to_have_count(
                    2
                )
            layout = page.evaluate(LAYOUT)
            assert layout["checked"] == 5, layout
            assert layout["scroll_width"] <= layout["client_width"], (viewport, layout)
            assert layout["cut_off"] == [], (viewport, layout)
            assert layout["clipped_badges"] == [], (viewport, layout)
        finally:
            context.close()


SMALL: list[ViewportSize] = [
    {"width": 800, "height": 480},
    {"width": 480, "height": 800},
    {"width": 1024, "height": 600},
    {"width": 800, "height": 1280},
]
"""The Raspberry Pi's 7-inch display, landscape and upright, a common 1024x600 panel, a 10-inch tablet upright."""
IN_VIEW = """(selectors) => selectors.map((selector) => {
  const shown = [...document.querySelectorAll(selector)].filter((el) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.top >= -0.5 && r.bottom <= innerHeight + 0.5
      && r.left >= -0.5 && r.right <= innerWidth + 0.5;
  });
  return [selector, shown.length];
})"""


def test_a_small_kiosk_screen_shows_health_progress_and_cameras_without_scrolling(
    browser: Browser, sim_factory: Callable[..., SimProcess], dashboard_factory: Callable[..., DashboardProcess]
) -> None:
    """Nobody scrolls a kiosk: on the Pi's 7-inch display (800x480, upright 480x800) and a 1024x600
    panel the verdict, the four health tiles, the session's state, bar and count, and at least one
    camera tile are whole on screen (they started below the bottom edge there); and still with the
    most a session card holds (the last-known-state banner and the outcome line: every camera done,
    some failed, one not on the allowlist) and the Pi unreachable (the feeds' longest words), where
    the tile row ran past the bottom edge at 800x480."""
    sim = sim_factory(devices=12, unlisted=1, failure_rate=0.4)
    dash = dashboard_factory(sim.url, api_key=sim.api_key, extra_args=["--kiosk"])
    session_id = start_discovery(sim, cameras=12)
    check_small_screens(browser, dash)
    with httpx.Client(base_url=sim.url + "/api/v1", headers=sim.headers(), timeout=10) as http:
        http.post(f"/provisioning/batch/{session_id}/provision-all").raise_for_status()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            devices = http.get(f"/provisioning/batch/{session_id}/devices").json()["data"]["devices"]
            if all(d["state"] in ("verified", "failed") for d in devices if d.get("in_allowlist", True)):
                break
            time.sleep(0.3)
    page = browser.new_page()
    page.goto(dash.url + "/kiosk")
    expect(page.get_by_test_id("kiosk-outcome")).to_be_visible(timeout=30_000)  # the batch is complete
    page.close()
    sim.kill()
    check_small_screens(browser, dash, done_and_unreachable=True)
    # A tall screen gives a failure's reason two lines (a kiosk has no hover to show the rest).
    page = browser.new_page(viewport=FULL_HD)
    page.goto(dash.url + "/kiosk")
    reason = page.locator(".pd-kiosk-reason").first
    expect(reason).to_be_visible(timeout=15_000)
    lines = reason.evaluate("el => el.clientHeight / parseFloat(getComputedStyle(el).lineHeight)")
    assert lines >= 1.9, lines
    page.close()


def check_small_screens(browser: Browser, dash: DashboardProcess, *, done_and_unreachable: bool = False) -> None:
    wanted = {
        "[data-testid=kiosk-overall]": 1,
        "[data-testid^=metric-][role=group]": 4,
        "[data-testid=kiosk-session-state]": 1,
        "[data-testid=kiosk-progress]": 1,
        "[data-testid=kiosk-progress-label]": 1,
        ".pd-kiosk-tile": 1,
    }
    for viewport in SMALL:
        context = browser.new_context(viewport=viewport)
        try:
            page = context.new_page()
            page.set_default_timeout(ACTION_TIMEOUT_MS)
            page.goto(dash.url + "/kiosk")
            expect(page.get_by_test_id("kiosk-device-state").first).to_be_visible()
            expect(page.get_by_test_id("kiosk-progress-label")).to_contain_text("12")
            if done_and_unreachable:
                expect(page.get_by_test_id("kiosk-overall")).to_contain_text("Pi unreachable", timeout=30_000)
                expect(page.get_by_test_id("kiosk-as-of")).to_be_visible()
                expect(page.get_by_test_id("kiosk-outcome")).to_contain_text("not on the allowlist")
            shown = dict(page.evaluate(IN_VIEW, list(wanted)))
            assert all(shown[selector] >= count for selector, count in wanted.items()), (viewport, shown)
            assert page.evaluate("window.scrollY") == 0
            assert page.evaluate("document.documentElement.scrollHeight <= innerHeight"), viewport  # nothing to scroll
            layout = page.evaluate(LAYOUT)
            assert layout["scroll_width"] <= layout["client_width"], (viewport, layout)
            assert layout["cut_off"] == [] and layout["clipped_badges"] == [], (viewport, layout)
        finally:
            context.close()


def test_the_kiosk_writes_decimals_in_the_pages_language(browser: Browser, kiosk_dash: DashboardProcess) -> None:
    for accept, reading in (("de-DE,de;q=0.9", r"^\d+,\d °C$"), ("en-US,en;q=0.9", r"^\d+\.\d °C$")):
        context = browser.new_context(extra_http_headers={"Accept-Language": accept})
        try:
            page = context.new_page()
            page.set_default_timeout(ACTION_TIMEOUT_MS)
            page.goto(kiosk_dash.url + "/kiosk")
            expect(page.get_by_test_id("metric-temperature-value")).to_have_text(re.compile(reading))
            expect(page.get_by_test_id("metric-cpu-value")).to_have_text(re.compile(r"^\d+ %$"))
        finally:
            context.close()
