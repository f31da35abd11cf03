"""The live session's header on ``/`` (``SessionPanel``): one element drawn in the browser, which must
say what the old element tree said, and stop saying it when it is no longer true."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.browser.support import (
    NICEGUI_ELEMENTS,
    DashboardProcess,
    fleet_macs,
    session_card,
    start_session,
    wait_discovered,
)
from tests.support.processes import SimProcess

pytestmark = pytest.mark.browser

COUNT_COLORS = """(label) => {
  const box = label.closest(".pd-stat");
  const value = box.querySelector(".pd-stat-value");
  return { box: getComputedStyle(box).backgroundColor, text: getComputedStyle(value).color };
}"""
MAX_CARD_ELEMENTS = 20
"""The live card: the panel, the alert choices, three buttons, an error panel. It was ~80 elements
(a row, an icon and a text per count, per warning, per legend entry), each kept per open page."""


def _opened(
    page: Page, sim_factory: Callable[..., SimProcess], dashboard_factory: Callable[..., DashboardProcess]
) -> tuple[SimProcess, list[str]]:
    """A simulator and a dashboard of their own, ``/`` open; the simulator and its cameras' MACs."""
    sim = sim_factory()
    dash = dashboard_factory(sim.url, api_key=sim.api_key)
    page.goto(dash.url)
    return sim, fleet_macs(sim)


def test_the_session_header_follows_the_pi_and_says_when_it_no_longer_can(
    page: Page, sim_factory: Callable[..., SimProcess], dashboard_factory: Callable[..., DashboardProcess]
) -> None:
    sim, macs = _opened(page, sim_factory, dashboard_factory)
    start_session(page, ssid="Header-WiFi")
    wait_discovered(page, macs)
    card = session_card(page)
    expect(card.get_by_role("status")).to_have_text(re.compile("Discovering|Active"))
    expect(card).to_contain_text("Target Wi-Fi: Header-WiFi")
    expect(card).to_contain_text(re.compile(rf"{len(macs)}\s*Discovered"))
    expect(card).to_contain_text(f"0 of {len(macs)} verified")
    expect(card).to_contain_text(f"{len(macs)} waiting")
    time_left = card.get_by_text(re.compile(r"^\d+:\d\d left$"))
    expect(time_left).to_be_visible()
    interrupted = card.get_by_text(re.compile("^(Last known state|Live updates are interrupted)"))
    expect(interrupted).to_have_count(0)
    assert card.evaluate(NICEGUI_ELEMENTS) <= MAX_CARD_ELEMENTS
    # Dark mode: the counts are light text on the card's dark background, not on a white box.
    page.emulate_media(color_scheme="dark")
    page.wait_for_function('document.body.classList.contains("body--dark")')
    colors = card.get_by_text("Discovered", exact=True).evaluate(COUNT_COLORS)
    assert colors["box"] != "rgb(255, 255, 255)" and colors["text"] == "rgb(255, 255, 255)", colors
    page.emulate_media(color_scheme="light")

    sim.kill()
    expect(interrupted).to_be_visible(timeout=30_000)
    expect(time_left).to_have_count(0)  # no countdown on data the Pi no longer confirms
    expect(card).to_contain_text("Target Wi-Fi: Header-WiFi")  # the last known state stays


MAX_HEADER_ELEMENTS = 16
"""The header in the DOM: a feed chip is one element (it was six, with a binding per field)."""


def test_the_header_chips_and_the_alert_choices_are_one_element_each(
    page: Page, sim_factory: Callable[..., SimProcess], dashboard_factory: Callable[..., DashboardProcess]
) -> None:
    _sim, macs = _opened(page, sim_factory, dashboard_factory)
    chip = page.get_by_label("Provisioning feed status")
    expect(chip).to_have_attribute("role", "status")
    expect(chip).to_contain_text("Provisioning:")
    expect(chip.get_by_test_id("feed-provisioning")).to_have_text("Live", timeout=20_000)
    assert chip.evaluate(NICEGUI_ELEMENTS) == 0  # no NiceGUI element inside the chip
    assert page.locator("header").evaluate(NICEGUI_ELEMENTS) <= MAX_HEADER_ELEMENTS
    chip.hover()
    expect(page.get_by_text("Live updates from the Pi are connected.")).to_be_visible()

    # The alert's choices live in this browser alone: one element, kept across a reload.
    start_session(page, ssid="Alert-WiFi")
    wait_discovered(page, macs)
    choices = page.get_by_role("group", name="When the batch is done")
    assert choices.evaluate(NICEGUI_ELEMENTS) == 0
    sound = choices.get_by_role("checkbox", name="Sound")
    expect(sound).to_be_checked()
    sound.click()
    expect(sound).not_to_be_checked()
    page.reload()
    expect(
        page.get_by_role("group", name="When the batch is done").get_by_role("checkbox", name="Sound")
    ).not_to_be_checked()
    expect(
        page.get_by_role("group", name="When the batch is done").get_by_role("checkbox", name="Vibration")
    ).to_be_checked()
    assert page.evaluate("JSON.parse(localStorage.getItem('pidash.batchAlerts'))") == {
        "sound": False,
        "vibration": True,
        "notification": True,
    }
