"""US1 in Chromium: a batch from start to verified, a failure and its retry, two browsers at once."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.support import (
    LONG_TIMEOUTS,
    NICEGUI_ELEMENTS,
    DashboardProcess,
    camera_card,
    camera_state,
    fleet_macs,
    force_device_failure,
    session_card,
    start_session,
    stop_session,
)
from tests.support.processes import SimProcess

pytestmark = pytest.mark.browser


RECORD_PROGRESS = """() => {
  window.pdSeen = {progress: [], states: []};
  const watch = () => {
    const bar = document.querySelector('[aria-label="Overall progress"]');
    if (bar) window.pdSeen.progress.push(bar.getAttribute('aria-valuenow'));
    document.querySelectorAll('[aria-label^="Camera "] [role=status]')
      .forEach((el) => window.pdSeen.states.push(el.textContent.trim()));
  };
  new MutationObserver(watch).observe(document.body, {subtree: true, childList: true, characterData: true,
                                                      attributes: true});
}"""


@pytest.mark.dialects
def test_provision_all_takes_five_cameras_to_verified(
    page: Page, sim_factory: Callable[..., SimProcess], dashboard_factory: Callable[..., DashboardProcess]
) -> None:
    # A slower clock than the other tests (5x), so that every step lasts long enough to be seen.
    sim = sim_factory(speed=5.0)
    dash = dashboard_factory(sim.url, api_key=sim.api_key)
    macs = fleet_macs(sim)
    page.goto(dash.url)
    expect(page.get_by_text("Provisioning:")).to_be_visible()
    start_session(page)

    for mac in macs:
        expect(camera_state(page, mac)).to_have_text("Discovered", timeout=20_000)
    expect(page.get_by_role("button", name="Provision all")).to_have_text(re.compile(r"Provision all \(5\)"))
    progress = page.get_by_role("progressbar", name="Overall progress")
    expect(page.get_by_text("0 of 5 verified")).to_be_visible()
    expect(progress).to_have_attribute("aria-valuenow", "0")

    page.evaluate(RECORD_PROGRESS)
    page.get_by_role("button", name="Provision all").click()
    for mac in macs:
        expect(camera_state(page, mac)).to_have_text("Verified", timeout=30_000)
    expect(page.get_by_text("5 of 5 verified")).to_be_visible()
    expect(progress).to_have_attribute("aria-valuenow", "1")

    # Along the way: cameras were seen provisioning and verifying, and the bar passed between 0 and 1.
    seen = page.evaluate("() => window.pdSeen")
    assert {"Provisioning", "Verifying"} <= set(seen["states"]), sorted(set(seen["states"]))
    partial = {float(v) for v in seen["progress"] if v is not None} - {0.0, 1.0}
    assert partial, f"the progress bar jumped from 0 to 1: {seen['progress']}"
    expect(session_card(page)).to_contain_text("Verified")
    stop_session(page)


def test_failed_camera_shows_reason_and_retry_verifies_it(
    page: Page, dashboard: DashboardProcess, module_sim: SimProcess
) -> None:
    macs = fleet_macs(module_sim)
    target = macs[1]
    force_device_failure(module_sim, target, "DEVICE_UNREACHABLE", times=1)
    page.goto(dashboard.url)
    start_session(page, ssid="Retry-WiFi")
    for mac in macs:
        expect(camera_state(page, mac)).to_have_text("Discovered", timeout=20_000)

    page.get_by_role("button", name="Provision all").click()
    expect(camera_state(page, target)).to_have_text("Failed", timeout=30_000)
    card = camera_card(page, target)
    expect(card).to_contain_text("The camera could not be reached. Check that it is powered and nearby.")
    for mac in macs:
        if mac != target:
            expect(camera_state(page, mac)).to_have_text("Verified", timeout=30_000)

    card.get_by_role("button", name=f"Retry {target}").click()
    expect(camera_state(page, target)).to_have_text("Verified", timeout=30_000)
    expect(card).not_to_contain_text("could not be reached")

    stop_session(page)
    expect(session_card(page).get_by_role("status")).to_have_text("Closed", timeout=15_000)
    expect(page.get_by_role("button", name="Start session")).to_be_visible()
    expect(page.get_by_role("button", name="Stop session")).to_be_hidden()


def test_the_page_holds_the_start_form_or_the_live_session_only_while_it_shows(
    page: Page, sim_factory: Callable[..., SimProcess], dashboard_factory: Callable[..., DashboardProcess]
) -> None:
    """A hidden part would still cost every open page its elements (issue 8: memory, 20 pages at a
    time): the start form exists while no session runs, the live card once there is a session. The
    form comes back with the last session's SSID and timeouts, and no password."""
    sim = sim_factory()
    dash = dashboard_factory(sim.url, api_key=sim.api_key)
    page.goto(dash.url)
    expect(page.get_by_role("button", name="Start session")).to_be_visible()
    expect(session_card(page)).to_have_count(0)
    without_session = page.locator("body").evaluate(NICEGUI_ELEMENTS)

    start_session(page, ssid="Built-While-WiFi")
    expect(page.get_by_text("Session started for Built-While-WiFi.")).to_be_visible()
    for reload in (False, True):  # the page that started it, then a page built with the session running
        if reload:
            page.reload()
        expect(page.get_by_role("button", name="Stop session")).to_be_visible()
        expect(page.get_by_role("button", name="Start session")).to_have_count(0)
        expect(page.get_by_label("Wi-Fi password")).to_have_count(0)
        # the form's ~20 elements gone, the card's ~12 there
        assert page.locator("body").evaluate(NICEGUI_ELEMENTS) < without_session

    stop_session(page)
    expect(page.get_by_role("button", name="Start session")).to_be_visible()
    expect(page.get_by_label("Wi-Fi network (SSID)")).to_have_value("Built-While-WiFi")
    expect(page.get_by_label("Wi-Fi password")).to_have_value("")
    for label, value in LONG_TIMEOUTS.items():  # as start_session set them
        expect(page.get_by_label(label)).to_have_value(value)
    expect(session_card(page)).to_be_visible()  # the closed session's outcome stays on screen


def test_two_browsers_show_the_same_devices_and_states(
    browser: Browser, dashboard: DashboardProcess, module_sim: SimProcess
) -> None:
    macs = fleet_macs(module_sim)
    tablet_a = browser.new_context(viewport={"width": 1024, "height": 768})
    tablet_b = browser.new_context(viewport={"width": 768, "height": 1024})
    try:
        a, b = tablet_a.new_page(), tablet_b.new_page()
        a.goto(dashboard.url)
        b.goto(dashboard.url)
        start_session(a, ssid="Shared-WiFi")
        for mac in macs:
            expect(camera_state(a, mac)).to_have_text("Discovered", timeout=20_000)
            expect(camera_state(b, mac)).to_have_text("Discovered", timeout=20_000)
        expect(session_card(b)).to_contain_text("Target Wi-Fi: Shared-WiFi")

        b.get_by_role("button", name="Provision all").click()
        for mac in macs:
            expect(camera_state(a, mac)).to_have_text("Verified", timeout=30_000)
            expect(camera_state(b, mac)).to_have_text("Verified", timeout=30_000)
        expect(a.get_by_text("5 of 5 verified")).to_be_visible()
        expect(b.get_by_text("5 of 5 verified")).to_be_visible()

        # A third browser opened late gets the same truth from the store.
        late = tablet_b.new_page()
        late.goto(dashboard.url)
        for mac in macs:
            expect(camera_state(late, mac)).to_have_text("Verified")
        stop_session(a)
        expect(session_card(b).get_by_role("status")).to_have_text(re.compile("Closing|Closed"))
    finally:
        tablet_a.close()
        tablet_b.close()
