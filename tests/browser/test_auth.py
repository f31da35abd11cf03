"""US5 in Chromium: no key, a wrong key, a right key, dev mode; and the key never leaks."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.support import DashboardProcess, expect_error, open_details
from tests.support.processes import SimProcess

pytestmark = pytest.mark.browser

NO_KEY = "The Pi requires an API key for this. Set one with the key button at the top right."
REJECTED_MESSAGE = "The Pi rejected that key. Check it (it is case-sensitive) and try again."


def enter_key(page: Page, key: str) -> None:
    page.get_by_role("button", name="API key settings").click()
    page.get_by_label("API key", exact=True).fill(key)
    page.get_by_role("button", name="Save key").click()


@pytest.fixture
def keyless(
    sim_factory: Callable[..., SimProcess], dashboard_factory: Callable[..., DashboardProcess]
) -> tuple[SimProcess, DashboardProcess]:
    """A simulator that wants a key, and a dashboard configured without one."""
    sim = sim_factory()
    return sim, dashboard_factory(sim.url)


def test_no_key_wrong_key_right_key(browser: Browser, page: Page, keyless: tuple[SimProcess, DashboardProcess]) -> None:
    sim, dash = keyless
    assert sim.api_key
    page.goto(dash.url)
    expect(page.get_by_text(NO_KEY)).to_be_visible()
    expect(page.get_by_role("button", name="Start session")).to_be_disabled()
    expect(page.get_by_label("Provisioning feed status")).to_contain_text("Key needed")
    page.goto(dash.url + "/allowlist")
    expect(page.get_by_text(NO_KEY)).to_be_visible()
    expect(page.get_by_role("button", name="Add device")).to_be_disabled()

    enter_key(page, "not-the-key")
    dialog = page.get_by_role("dialog")
    panel = expect_error(page, "UNAUTHORIZED")
    expect(panel).to_contain_text(REJECTED_MESSAGE)  # not "configure a key": one was given
    assert re.fullmatch(r"[0-9a-f-]{36}", open_details(panel))
    expect(page.get_by_label("API key", exact=True)).to_have_value("")
    expect(dialog.get_by_text("Not set")).to_be_visible()

    page.get_by_label("API key", exact=True).fill(sim.api_key)
    page.get_by_label("API key", exact=True).press("Enter")  # as Save key
    expect(page.get_by_text("API key saved for this tab.")).to_be_visible()
    expect(page.get_by_role("button", name="Add device")).to_be_enabled()
    expect(page.get_by_text(NO_KEY)).to_be_hidden()
    expect(page.get_by_text(re.compile(r"\d+ total ·"))).to_have_text("5 total · 5 available · 0 used")
    expect(page.get_by_label("Provisioning feed status")).to_contain_text("Live", timeout=15_000)

    page.reload()  # the tab keeps its key across a reload
    expect(page.get_by_role("button", name="Add device")).to_be_enabled()
    page.get_by_role("button", name="API key settings").click()
    expect(page.get_by_text("•••••••• (set)")).to_be_visible()
    page.keyboard.press("Escape")

    other = browser.new_context()  # another tab (another browser) has no key
    try:
        other_page = other.new_page()
        other_page.goto(dash.url + "/allowlist")
        expect(other_page.get_by_text(NO_KEY)).to_be_visible()
        expect(other_page.get_by_role("button", name="Add device")).to_be_disabled()
    finally:
        other.close()

    page.get_by_role("button", name="API key settings").click()
    page.get_by_role("button", name="Forget key").click()
    expect(page.get_by_role("dialog").get_by_text("Not set")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.get_by_role("button", name="Add device")).to_be_disabled()


def test_the_key_is_never_in_html_cookies_storage_files_or_logs(
    page: Page, keyless: tuple[SimProcess, DashboardProcess]
) -> None:
    sim, dash = keyless
    assert sim.api_key
    key = sim.api_key
    page.goto(dash.url + "/allowlist")
    enter_key(page, key)
    expect(page.get_by_text("API key saved for this tab.")).to_be_visible()
    expect(page.get_by_role("button", name="Add device")).to_be_enabled()
    page.get_by_label("MAC address").fill("AA:BB:CC:DD:EE:55")
    page.get_by_role("button", name="Add device").click()
    expect(page.get_by_role("row").filter(has_text="AA:BB:CC:DD:EE:55")).to_be_visible()
    page.reload()
    expect(page.get_by_role("button", name="Add device")).to_be_enabled()
    page.get_by_role("button", name="API key settings").click()
    expect(page.get_by_text("•••••••• (set)")).to_be_visible()

    assert key not in page.content()
    assert key not in str(page.context.cookies())
    storage = page.evaluate("() => JSON.stringify([{...localStorage}, {...sessionStorage}])")
    assert key not in storage
    files = [p for p in Path(dash.workdir).rglob("*") if p.is_file()]
    assert any(p.name == "dashboard.log" for p in files)
    for path in files:
        assert key.encode() not in path.read_bytes(), f"the key is in {path}"
    assert key not in dash.log_text()


def test_dev_mode_asks_for_nothing(
    page: Page, sim_factory: Callable[..., SimProcess], dashboard_factory: Callable[..., DashboardProcess]
) -> None:
    sim = sim_factory(api_key=None, dev_mode=True)
    dash = dashboard_factory(sim.url)
    page.goto(dash.url + "/allowlist")
    expect(page.get_by_text(re.compile(r"\d+ total ·"))).to_be_visible(timeout=15_000)
    expect(page.get_by_role("button", name="Add device")).to_be_enabled()
    expect(page.get_by_text(NO_KEY)).to_be_hidden()
    page.get_by_role("button", name="API key settings").click()
    expect(page.get_by_text("The Pi runs in development mode: no key is needed.")).to_be_visible()
    expect(page.get_by_label("API key", exact=True)).to_be_hidden()


def test_a_closed_tab_stops_lending_its_key_to_the_shared_feeds(
    browser: Browser, sim_factory: Callable[..., SimProcess], dashboard_factory: Callable[..., DashboardProcess]
) -> None:
    sim = sim_factory()
    assert sim.api_key
    dash = dashboard_factory(sim.url, extra_env={"PIDASH_RECONNECT_TIMEOUT_SECONDS": "2"})
    watcher_context, keyed_context = browser.new_context(), browser.new_context()
    try:
        watcher = watcher_context.new_page()  # e.g. the kiosk: no key of its own
        watcher.goto(dash.url)
        feed = watcher.get_by_label("Provisioning feed status")
        expect(feed).to_contain_text("Key needed", timeout=15_000)

        keyed = keyed_context.new_page()
        keyed.goto(dash.url)
        enter_key(keyed, sim.api_key)
        expect(keyed.get_by_text("API key saved for this tab.")).to_be_visible()
        expect(feed).to_contain_text("Live", timeout=15_000)  # the feeds borrow the tab's key

        keyed.reload()  # a reload of the same tab keeps lending it
        expect(keyed.get_by_role("button", name="Start session")).to_be_enabled()
        keyed_context.close()  # the tab is closed: after the reconnect timeout the key is gone
        expect(feed).to_contain_text("Key needed", timeout=20_000)
        # from the feeds; the closed tab's storage keeps it (a tab reopened within the key's maximum
        # age has it back), where a tab without a key leaves nothing: the watcher's tab and this one
        assert httpx.get(dash.url + "/healthz", timeout=10).json()["pages"]["tab_storages"] == 2
    finally:
        watcher_context.close()
