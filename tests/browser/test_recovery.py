"""US3 in Chromium: the Pi dies mid-batch, comes back, and the session is resumed with its states."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.browser.support import (
    DashboardProcess,
    camera_card,
    camera_state,
    fleet_macs,
    session_card,
    start_session,
    stop_session,
)
from tests.support.processes import SimProcess

pytestmark = [pytest.mark.browser, pytest.mark.dialects]


def test_killed_sim_session_is_offered_and_resumed(
    page: Page,
    sim_factory: Callable[..., SimProcess],
    dashboard_factory: Callable[..., DashboardProcess],
) -> None:
    sim = sim_factory()
    dash = dashboard_factory(sim.url, api_key=sim.api_key)
    macs = fleet_macs(sim)
    page.goto(dash.url)
    expect(page.get_by_text("No interrupted sessions to resume.")).to_be_visible()
    start_session(page, ssid="Recover-WiFi")
    for mac in macs:
        expect(camera_state(page, mac)).to_have_text("Discovered", timeout=20_000)
    camera_card(page, macs[0]).get_by_role("button", name=f"Provision {macs[0]}").click()
    expect(camera_state(page, macs[0])).to_have_text("Verified", timeout=20_000)

    sim.kill()  # the Pi loses power mid-batch
    expect(page.get_by_label("Provisioning feed status")).to_contain_text("Reconnecting", timeout=20_000)
    sim.start()  # same port, same data dir
    page.reload()

    banner = page.get_by_role("region", name="Interrupted sessions")
    expect(banner).to_contain_text("Recover-WiFi", timeout=20_000)
    expect(banner).to_contain_text("1 verified")
    resume = banner.get_by_role("button", name="Resume session Recover-WiFi")
    resume.focus()
    resume.evaluate("node => { node.dataset.kept = 'yes' }")
    # Another tablet opens the page: the dashboard asks the Pi again and gets the same answer. The
    # button under this operator's finger (or focus) stays the same one.
    page.wait_for_timeout(3_500)  # older than refresh_recoverable's max_age (3 s): the Pi is asked again
    other = page.context.new_page()
    other.goto(dash.url)
    expect(other.get_by_role("region", name="Interrupted sessions")).to_contain_text("Recover-WiFi", timeout=20_000)
    other.close()
    expect(resume).to_be_focused()
    expect(resume).to_have_attribute("data-kept", "yes")
    resume.click()

    expect(session_card(page).get_by_role("status")).to_have_text("Active", timeout=15_000)
    expect(camera_state(page, macs[0])).to_have_text("Verified")
    for mac in macs[1:]:
        expect(camera_state(page, mac)).to_have_text("Discovered")
    expect(banner).to_be_hidden()
    expect(page.get_by_text("No interrupted sessions to resume.")).to_be_visible()

    # The feed follows the resumed session: the rest can be provisioned.
    page.get_by_role("button", name="Provision all").click()
    for mac in macs:
        expect(camera_state(page, mac)).to_have_text("Verified", timeout=30_000)
    stop_session(page)


def test_a_hostile_ssid_is_shown_as_text_and_runs_nothing(
    page: Page,
    sim_factory: Callable[..., SimProcess],
    dashboard_factory: Callable[..., DashboardProcess],
) -> None:
    # A valid SSID (28 bytes) that would add a JavaScript-evaluated prop if it were formatted
    # into a NiceGUI props string: the recovery banner puts the SSID in the Resume button's name.
    hostile = 'x" :data-x="window.pdPwned=1'
    sim = sim_factory()
    dash = dashboard_factory(sim.url, api_key=sim.api_key)
    started = httpx.post(
        f"{sim.url}/api/v1/provisioning/batch/start",
        headers=sim.headers(),
        json={"target_ssid": hostile, "target_password": "correct-horse-42",
              "config": {"discovery_timeout_seconds": 600}},
    )  # fmt: skip
    assert started.status_code == 201, started.text
    sim.kill()
    sim.start()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: dialogs.append(dialog.message))
    page.goto(dash.url)
    banner = page.get_by_role("region", name="Interrupted sessions")
    expect(banner).to_contain_text(f"Wi-Fi {hostile}")
    expect(page.get_by_role("button", name=f"Resume session {hostile}")).to_be_visible()
    assert page.evaluate("() => window.pdPwned") is None
    assert page.locator("[data-x]").count() == 0
    assert dialogs == []
