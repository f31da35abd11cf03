"""Issue 11 item 8 in Chromium: input that would be accepted but meaningless is refused or shown
as it is (blank SSID, surrounding spaces, MACs no camera can have, a MAC already listed)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.support import DashboardProcess, answer_confirm, session_card, stop_session
from tests.support.processes import SimProcess

pytestmark = pytest.mark.browser
ERROR = re.compile(r"\bq-field--error\b")
"""The class of a Quasar field showing its error."""


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
    page.get_by_label("Container ID").fill("container-04")
    page.get_by_role("button", name="Add device").click()
    row = page.get_by_role("row").filter(has_text="AA:BB:CC:DD:EE:42")
    expect(row).to_contain_text("Aisle 1")
    expect(row).to_contain_text("container-04")

    mac.fill("AA:BB:CC:DD:EE:42")
    page.get_by_label("Description").fill("Aisle 2")  # and no container: the listed one would go
    page.get_by_role("button", name="Add device").click()
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_contain_text("AA:BB:CC:DD:EE:42 is already on the allowlist")
    expect(dialog).to_contain_text(
        "It is listed with the description 'Aisle 1' and the container container-04. "
        "Replace it so that the description becomes 'Aisle 2' and the container container-04 is removed?"
    )
    answer_confirm(page, "Cancel")
    expect(row).to_contain_text("Aisle 1")  # nothing replaced

    page.get_by_role("button", name="Add device").click()
    answer_confirm(page, "Replace")
    expect(row).to_contain_text("Aisle 2")
    expect(row).not_to_contain_text("container-04")

    mac.fill("AA:BB:CC:DD:EE:42")  # again as listed: nothing to replace, nothing asked or sent
    page.get_by_label("Description").fill("Aisle 2")
    page.get_by_role("button", name="Add device").click()
    expect(page.get_by_text("AA:BB:CC:DD:EE:42 is already on the allowlist just like this.")).to_be_visible()
    expect(dialog).to_have_count(0)
    page.get_by_role("button", name="Remove AA:BB:CC:DD:EE:42").click()
    answer_confirm(page, "Remove")
    expect(row).to_have_count(0)


def field_of(page: Page, label: str) -> Locator:
    """The Quasar field (input and its error line) labelled ``label``."""
    return page.locator(".q-field").filter(has=page.get_by_label(label, exact=True))


def test_an_error_under_the_mac_follows_what_is_typed_once_shown(page: Page, dashboard: DashboardProcess) -> None:
    """Checked on Add first (a pristine field does not complain while typed); once its error shows,
    it is checked as typed: it changes with the value and goes when the value is valid."""
    page.goto(dashboard.url + "/allowlist")
    mac, field = page.get_by_label("MAC address"), field_of(page, "MAC address")
    mac.press_sequentially("gh:bb")
    page.get_by_label("Search the allowlist").fill("nothing-matches-this")  # a round trip after the typing
    expect(page.get_by_text("No cameras in this view.")).to_be_visible()
    expect(field).not_to_have_class(ERROR)

    mac.fill("gh:bb:cc:dd:ee:ff")
    page.get_by_role("button", name="Add device").click()
    expect(field).to_contain_text("'g' and 'h' are not hexadecimal digits")
    mac.fill("01:00:5e:00:00:01")
    expect(field).to_contain_text("01:00:5E:00:00:01 is a multicast address")
    expect(field).not_to_contain_text("'g' and 'h'")
    mac.fill("aa-bb-cc-dd-ee-43")
    expect(mac).to_have_value("AA:BB:CC:DD:EE:43")
    expect(field).not_to_have_class(ERROR)


def test_the_start_forms_errors_follow_what_is_typed_once_shown(page: Page, dashboard: DashboardProcess) -> None:
    page.goto(dashboard.url + "/")
    ssid, password = page.get_by_label("Wi-Fi network (SSID)"), page.get_by_label("Wi-Fi password")
    ssid_field, password_field = field_of(page, "Wi-Fi network (SSID)"), field_of(page, "Wi-Fi password")
    ssid.fill("   ")
    password.press_sequentially("short")
    ssid.fill(" Factory ")  # its note comes from the server: the password's typing reached it first
    expect(ssid_field).to_contain_text("Spaces at the start or end are part of the name")
    expect(password_field).not_to_have_class(ERROR)  # pristine: typed, never submitted

    ssid.fill("   ")
    page.get_by_role("button", name="Start session").click()
    expect(ssid_field).to_have_class(ERROR)
    expect(password_field).to_have_class(ERROR)
    password.fill("correct-horse-42")
    expect(password_field).not_to_have_class(ERROR)
    expect(ssid_field).to_have_class(ERROR)
    ssid.fill("Factory-WiFi")
    expect(ssid_field).not_to_have_class(ERROR)


def test_enter_in_a_field_submits_its_form(page: Page, dashboard: DashboardProcess) -> None:
    """Enter in the allowlist's fields runs Add device, in the start form's Start session, both checked
    as the button checks."""
    page.goto(dashboard.url + "/allowlist")
    mac, description = page.get_by_label("MAC address"), page.get_by_label("Description")
    mac.fill("gh:bb:cc:dd:ee:ff")
    mac.press("Enter")
    expect(field_of(page, "MAC address")).to_contain_text("'g' and 'h' are not hexadecimal digits")
    mac.fill("aa:bb:cc:dd:ee:45")
    description.fill("Added by Enter")
    description.press("Enter")
    row = page.get_by_role("row").filter(has_text="AA:BB:CC:DD:EE:45")
    expect(row).to_contain_text("Added by Enter")
    mac.fill("aa:bb:cc:dd:ee:46")
    mac.press("Enter")
    expect(page.get_by_role("row").filter(has_text="AA:BB:CC:DD:EE:46")).to_have_count(1)

    page.goto(dashboard.url + "/")
    page.get_by_label("Wi-Fi network (SSID)").fill("Factory-WiFi")
    password = page.get_by_label("Wi-Fi password")
    password.fill("short")
    password.press("Enter")
    expect(field_of(page, "Wi-Fi password")).to_have_class(ERROR)
    password.fill("correct-horse-42")
    password.press("Enter")
    expect(session_card(page).get_by_role("status")).to_have_text(re.compile("Discovering|Active"), timeout=15_000)
    stop_session(page)
