"""Issue 11 item 8 in Chromium: input that would be accepted but meaningless is refused or shown
as it is (blank SSID, surrounding spaces, MACs no camera can have, a MAC already listed)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.support import DashboardProcess, answer_confirm
from tests.support.processes import SimProcess

pytestmark = pytest.mark.browser


def test_blank_ssid_is_refused_next_to_the_field(
    page: Page, dashboard: DashboardProcess, module_sim: SimProcess
) -> None:
    page.goto(dashboard.url + "/")
    ssid = page.get_by_label("Wi-Fi network (SSID)")
    ssid.fill("   ")
    page.get_by_label("Wi-Fi password").fill("correct-horse-42")
    page.get_by_role("button", name="Start session").click()
    field = page.locator(".q-field").filter(has=ssid)
    expect(field).to_contain_text("A Wi-Fi network name cannot be only spaces; enter the name.")
    expect(page.get_by_role("button", name="Start session")).to_be_visible()
    assert "started for SSID" not in module_sim.log_text(), "no session was started"


def test_surrounding_spaces_in_an_ssid_are_shown(page: Page, dashboard: DashboardProcess) -> None:
    page.goto(dashboard.url + "/")
    ssid = page.get_by_label("Wi-Fi network (SSID)")
    ssid.fill(" skynet ")
    field = page.locator(".q-field").filter(has=ssid)
    expect(field).to_contain_text("Spaces at the start or end are part of the name and are kept: ·skynet·")
    expect(ssid).to_have_value(" skynet ")  # kept as typed
    ssid.fill("skynet")
    expect(field.get_by_text("·skynet·")).to_have_count(0)


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("ff:ff:ff:ff:ff:ff", "FF:FF:FF:FF:FF:FF is the broadcast address, never a camera's."),
        ("01:00:5e:00:00:fb", "01:00:5E:00:00:FB is a multicast address (its first octet, 01, is odd)"),
        ("00-00-00-00-00-00", "00:00:00:00:00:00 is not a device's address (all zeros)"),
        ("gh:bb:cc:dd:ee:ff", "'g' and 'h' are not hexadecimal digits; a MAC address uses only 0-9 and A-F."),
    ],
)
def test_macs_no_camera_can_have_are_refused(page: Page, dashboard: DashboardProcess, typed: str, says: str) -> None:
    page.goto(dashboard.url + "/allowlist")
    totals = page.get_by_text(re.compile(r"\d+ total ·"))
    expect(totals).to_be_visible(timeout=15_000)
    before = totals.inner_text()
    page.get_by_label("MAC address").fill(typed)
    page.get_by_role("button", name="Add device").click()
    expect(page.get_by_text(says)).to_be_visible()
    expect(totals).to_have_text(before)


def test_dotted_mac_is_accepted_and_a_listed_mac_asks_before_replacing(
    page: Page, dashboard: DashboardProcess, module_sim: SimProcess
) -> None:
    page.goto(dashboard.url + "/allowlist")
    mac = page.get_by_label("MAC address")
    mac.fill("aabb.ccdd.ee42")
    expect(mac).to_have_value("AA:BB:CC:DD:EE:42")
    page.get_by_label("Description").fill("Aisle 1")
    page.get_by_role("button", name="Add device").click()
    row = page.get_by_role("row").filter(has_text="AA:BB:CC:DD:EE:42")
    expect(row).to_contain_text("Aisle 1")

    mac.fill("AA:BB:CC:DD:EE:42")
    page.get_by_label("Description").fill("Aisle 2")
    page.get_by_role("button", name="Add device").click()
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_contain_text("AA:BB:CC:DD:EE:42 is already on the allowlist")
    expect(dialog).to_contain_text("Aisle 1")
    answer_confirm(page, "Cancel")
    expect(row).to_contain_text("Aisle 1")  # nothing replaced

    page.get_by_role("button", name="Add device").click()
    answer_confirm(page, "Replace")
    expect(row).to_contain_text("Aisle 2")
    page.get_by_role("button", name="Remove AA:BB:CC:DD:EE:42").click()
    answer_confirm(page, "Remove")
    expect(row).to_have_count(0)
