"""Screens that never mislead (issue 11): each test fails on a dashboard that says something untrue."""

from __future__ import annotations

import re
from collections.abc import Callable

import httpx
import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from tests.browser.support import (
    DashboardProcess,
    answer_confirm,
    camera_card,
    camera_state,
    fleet_macs,
    force_device_failure,
    session_card,
    session_on_screen,
    sim_call,
    start_session,
    stop_session,
    wait_discovered,
)
from tests.support.processes import SimProcess

pytestmark = pytest.mark.browser


def errors(page: Page) -> Locator:
    """Every error shown on the page: error panels and refusals on camera cards (not notifications)."""
    return page.locator(".pd-error-box, .pd-refusal")


def test_progress_counts_only_verified_cameras_and_a_finished_batch_is_complete_not_an_error(
    page: Page, dashboard: DashboardProcess, module_sim: SimProcess
) -> None:
    macs = fleet_macs(module_sim)
    failing = macs[0]
    force_device_failure(module_sim, failing, "DEVICE_REJECTED", times=10)
    page.goto(dashboard.url)
    start_session(page, ssid="Progress-WiFi")
    wait_discovered(page, macs)
    page.get_by_role("button", name="Provision all").click()
    for mac in macs[1:]:
        expect(camera_state(page, mac)).to_have_text("Verified", timeout=30_000)
    expect(camera_state(page, failing)).to_have_text("Failed", timeout=30_000)

    bar = page.get_by_role("progressbar", name="Overall progress")
    expect(bar).to_have_attribute("aria-valuenow", "0.8")  # 4 of 5 verified: the failed one is not progress
    expect(bar).to_have_attribute("aria-valuetext", re.compile(r"^4 of 5 verified, 1 failed"))
    outcome = session_card(page).get_by_text(re.compile("^Batch complete"))
    expect(outcome).to_have_text("Batch complete: 4 verified, 1 failed, 0 not on the allowlist")
    expect(errors(page)).to_have_count(0)  # no red error for a batch that is done
    stop_session(page)
    expect(session_card(page).get_by_text(re.compile("^Session ended"))).to_be_visible()
    expect(errors(page)).to_have_count(0)
    sim_call(module_sim, "POST", "/_sim/reset-faults")


def test_a_refused_camera_action_is_shown_on_that_camera_with_its_mac_and_the_button_waits(
    page: Page, dashboard: DashboardProcess, module_sim: SimProcess
) -> None:
    macs = fleet_macs(module_sim)
    target = macs[1]
    page.goto(dashboard.url)
    start_session(page, ssid="Refusal-WiFi")
    wait_discovered(page, macs)
    body = {
        "next_errors": [
            {
                "method": "POST",
                "path_prefix": "/api/v1/provisioning/batch/",
                "code": "CIRCUIT_OPEN",
                "count": 1,
                "retry_after_seconds": 30,
            }
        ]
    }
    sim_call(module_sim, "PUT", "/_sim/faults", body)
    card = camera_card(page, target)
    card.get_by_role("button", name=f"Provision {target}").click()
    refusal = card.get_by_role("alert")
    expect(refusal).to_contain_text(target)  # on that camera's card, naming it
    expect(refusal).to_contain_text("CIRCUIT_OPEN")
    button = card.get_by_role("button", name=f"Provision {target}")
    expect(button).to_be_disabled()  # not "you can retry in 30 s" beside an enabled button
    expect(button).to_have_text(re.compile(r"Provision in \d+ s"))
    expect(camera_card(page, macs[0]).get_by_role("alert")).to_have_count(0)  # not shown on the others
    stop_session(page)
    expect(errors(page)).to_have_count(0)  # the refusal ended with its session
    sim_call(module_sim, "POST", "/_sim/reset-faults")


def test_a_tablet_that_lost_the_dashboard_says_so_and_runs_nothing_tapped_meanwhile(
    browser: Browser, dashboard: DashboardProcess, module_sim: SimProcess
) -> None:
    macs = fleet_macs(module_sim)
    with session_on_screen(
        browser, dashboard.url, macs, viewport={"width": 768, "height": 1024}, ssid="Offline-WiFi"
    ) as page:
        banner = page.get_by_role("alert").filter(has_text="lost the dashboard")
        expect(banner).to_be_hidden()

        page.context.set_offline(True)
        expect(banner).to_be_visible()
        chip_offline = page.get_by_label("Provisioning feed status").get_by_text("Unknown")
        expect(chip_offline).to_be_visible()
        # NiceGUI's own "Connection lost" box would cover the banner: ours says it, alone
        page.wait_for_function("() => document.getElementById('popup').ariaHidden === 'false'", timeout=30_000)
        expect(page.locator("#popup")).to_be_hidden()
        expect(page.get_by_label("Provisioning feed status").get_by_text("Live")).to_be_hidden()
        # A tap while offline (forced past the paused button) must not be carried out later.
        page.get_by_role("button", name=f"Provision {macs[0]}").dispatch_event("click")
        page.wait_for_timeout(500)
        page.context.set_offline(False)
        expect(banner).to_be_hidden(timeout=30_000)
        expect(chip_offline).to_be_hidden()
        page.wait_for_timeout(3_000)
        expect(camera_state(page, macs[0])).to_have_text("Discovered")
        stop_session(page)


def test_the_kiosk_says_the_pi_is_unreachable_instead_of_all_normal(
    page: Page, sim_factory: Callable[..., SimProcess], dashboard_factory: Callable[..., DashboardProcess]
) -> None:
    sim = sim_factory()
    dash = dashboard_factory(sim.url, api_key=sim.api_key)
    page.goto(dash.url + "/kiosk")
    headline = page.get_by_test_id("kiosk-overall")
    expect(headline).not_to_have_text(re.compile("Waiting"), timeout=20_000)
    start_session_via_rest = {"target_ssid": "Kiosk-WiFi", "target_password": "kiosk-pass-123"}
    sim_call_with_key(sim, "/api/v1/provisioning/batch/start", start_session_via_rest)
    expect(page.get_by_test_id("kiosk-time-left")).to_have_text(re.compile(r"\d+:\d\d left"), timeout=20_000)

    sim.kill()
    expect(headline).to_have_text(re.compile(r"^Pi unreachable since \d\d:\d\d"), timeout=30_000)
    expect(headline).to_have_attribute("data-level", "critical")
    expect(page.get_by_test_id("kiosk-as-of")).to_contain_text("Last known state")
    expect(page.get_by_test_id("kiosk-time-left")).to_have_text("")  # no countdown on unconfirmed data


def sim_call_with_key(sim: SimProcess, path: str, body: object) -> None:
    httpx.post(sim.url + path, json=body, headers=sim.headers(), timeout=10).raise_for_status()


def test_logs_wrap_on_a_tablet_and_the_search_field_is_touch_sized(
    browser: Browser, dashboard: DashboardProcess
) -> None:
    context = browser.new_context(viewport={"width": 768, "height": 1024})
    try:
        page = context.new_page()
        page.goto(dashboard.url + "/logs")
        line = page.locator(".pd-log-line").first
        expect(line).to_be_visible(timeout=20_000)
        assert line.evaluate("e => getComputedStyle(e).whiteSpace") == "pre-wrap"
        search = page.get_by_label("Search the log")
        box = search.evaluate("e => e.closest('.q-field__control').getBoundingClientRect().height")
        assert box >= 44, f"the search field is {box} px tall"
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 768
    finally:
        context.close()


LATE_REPLY_MS = 2_000
"""Longer than a camera's whole walk at speed 20 (~0.2-0.5 s): every stream event comes first."""


def test_a_late_action_reply_never_undoes_what_the_stream_said_after_it(
    page: Page, dashboard: DashboardProcess, module_sim: SimProcess
) -> None:
    """A proxy holds the Pi's answers to commands: the provision reply ("provisioning") lands after
    the stream's "verified", the stop reply ("closing") after "closed". The Pi's timestamps order them."""
    macs = fleet_macs(module_sim)
    page.goto(dashboard.url)
    start_session(page, ssid="Late-WiFi")
    wait_discovered(page, macs)
    sim_call(module_sim, "PUT", "/_sim/faults", {"late_command_replies_ms": LATE_REPLY_MS})
    try:
        card = camera_card(page, macs[0])
        card.get_by_role("button", name=f"Provision {macs[0]}").click()
        expect(camera_state(page, macs[0])).to_have_text("Verified", timeout=20_000)
        expect(card.locator(".q-spinner")).to_have_count(0, timeout=20_000)  # the late reply is handled
        expect(camera_state(page, macs[0])).to_have_text("Verified", timeout=1)

        page.get_by_role("button", name="Stop session").click()
        answer_confirm(page, "Stop session")
        status = session_card(page).get_by_role("status")
        expect(status).to_have_text("Closed", timeout=20_000)
        page.wait_for_timeout(LATE_REPLY_MS + 1_000)  # the stop reply has landed by now
        expect(status).to_have_text("Closed", timeout=1)
    finally:
        sim_call(module_sim, "POST", "/_sim/reset-faults")
