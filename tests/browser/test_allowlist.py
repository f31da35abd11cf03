"""US2 and US6 in Chromium: add (invalid MAC refused), filter, remove; device strings stay text;
RATE_LIMITED counts down; errors carry their correlation ID."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Dialog, Page, expect

from tests.browser.support import (
    DashboardProcess,
    answer_confirm,
    expect_error,
    force_next_error,
    open_details,
    reset_faults,
    use_one_camera,
)
from tests.support.processes import SimProcess

pytestmark = [pytest.mark.browser, pytest.mark.dialects]

NEW_MAC = "AA:BB:CC:DD:EE:01"
OTHER_MAC = "AA:BB:CC:DD:EE:02"
XSS = "<img src=x onerror=alert(1)>"


def row(page: Page, mac: str) -> object:
    return page.get_by_role("row").filter(has_text=mac)


def test_add_filter_remove(page: Page, dashboard: DashboardProcess, module_sim: SimProcess) -> None:
    used_mac = use_one_camera(module_sim)
    page.goto(dashboard.url + "/allowlist")
    table = page.get_by_role("table")
    totals = page.get_by_text(re.compile(r"\d+ total ·"))
    expect(totals).to_have_text("5 total · 4 available · 1 used", timeout=15_000)

    mac = page.get_by_label("MAC address")
    mac.fill("12:34:56:78:9A")
    page.get_by_role("button", name="Add device").click()
    expect(page.get_by_text("A MAC address has 12 hexadecimal digits; this one has 10.")).to_be_visible()
    expect(totals).to_have_text("5 total · 4 available · 1 used")

    mac.fill("aa-bb-cc-dd-ee-01")
    expect(mac).to_have_value(NEW_MAC)  # normalised as typed
    page.get_by_label("Description").fill("Aisle 3, left door")
    page.get_by_label("Container ID").fill("container-99")
    page.get_by_role("button", name="Add device").click()
    new_row = table.get_by_role("row").filter(has_text=NEW_MAC)
    expect(new_row).to_contain_text("Aisle 3, left door")
    expect(new_row).to_contain_text("container-99")
    expect(new_row).to_contain_text("Available")
    expect(totals).to_have_text("6 total · 5 available · 1 used")

    page.get_by_role("radio", name="Used").or_(page.get_by_role("button", name="Used")).first.click()
    expect(table.get_by_role("row").filter(has_text=used_mac)).to_contain_text("Used")
    expect(new_row).to_be_hidden()
    page.get_by_role("radio", name="Available").or_(page.get_by_role("button", name="Available")).first.click()
    expect(new_row).to_be_visible()
    expect(table.get_by_role("row").filter(has_text=used_mac)).to_be_hidden()
    page.get_by_role("radio", name="All").or_(page.get_by_role("button", name="All")).first.click()

    page.get_by_role("button", name=f"Remove {NEW_MAC}").click()
    answer_confirm(page, "Remove")
    expect(new_row).to_be_hidden()
    expect(totals).to_have_text("5 total · 4 available · 1 used")


def test_device_strings_are_text_never_html(page: Page, dashboard: DashboardProcess) -> None:
    dialogs: list[str] = []

    def on_dialog(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.goto(dashboard.url + "/allowlist")
    page.get_by_label("MAC address").fill("AA:BB:CC:DD:EE:66")
    page.get_by_label("Description").fill(XSS)
    page.get_by_role("button", name="Add device").click()
    cell = page.get_by_role("cell", name=XSS, exact=True)
    expect(cell).to_be_visible()
    expect(page.locator("img[src='x']")).to_have_count(0)
    page.reload()  # rendered again from the store, still as text
    expect(page.get_by_role("cell", name=XSS, exact=True)).to_be_visible()
    expect(page.locator("img[src='x']")).to_have_count(0)
    page.get_by_role("button", name="Remove AA:BB:CC:DD:EE:66").click()
    answer_confirm(page, "Remove")
    expect(page.get_by_role("cell", name=XSS, exact=True)).to_be_hidden()
    assert dialogs == [], f"a device string ran script: {dialogs}"


def test_rate_limited_counts_down_and_shows_correlation_id(
    page: Page, dashboard: DashboardProcess, module_sim: SimProcess
) -> None:
    page.goto(dashboard.url + "/allowlist")
    expect(page.get_by_text(re.compile(r"\d+ total ·"))).to_be_visible(timeout=15_000)
    force_next_error(module_sim, "POST", "/api/v1/provisioning/allowlist", "RATE_LIMITED")
    try:
        page.get_by_label("MAC address").fill("AA:BB:CC:DD:EE:77")
        page.get_by_role("button", name="Add device").click()
        panel = expect_error(page, "RATE_LIMITED")
        expect(panel).to_contain_text("Too many requests. Please wait before trying again.")
        countdown = panel.get_by_text(re.compile(r"You can retry in (30|29|28) s"))
        expect(countdown).to_be_visible()
        expect(panel.get_by_role("button", name="Retry now")).to_be_disabled()
        expect(panel.get_by_text(re.compile(r"You can retry in (2[0-7]) s"))).to_be_visible(timeout=5_000)
        cid = open_details(panel)
        assert cid in module_sim.log_text(), "the correlation ID is the one the Pi logged"
        expect(panel).to_contain_text("HTTP status: 429")
    finally:
        reset_faults(module_sim)


def test_action_error_shows_correlation_id(page: Page, dashboard: DashboardProcess, module_sim: SimProcess) -> None:
    """A non-retryable error: no countdown, the correlation ID in the details."""
    page.goto(dashboard.url + "/allowlist")
    expect(page.get_by_text(re.compile(r"\d+ total ·"))).to_be_visible(timeout=15_000)
    force_next_error(module_sim, "DELETE", "/api/v1/provisioning/allowlist", "DATABASE_ERROR")
    try:
        first_remove = page.get_by_role("button", name=re.compile(r"^Remove ")).first
        first_remove.click()
        answer_confirm(page, "Remove")
        panel = expect_error(page, "DATABASE_ERROR")
        expect(panel).to_contain_text("The Pi could not read or write its database.")
        expect(panel.get_by_text(re.compile("retry in"))).to_have_count(0)
        cid = open_details(panel)
        assert cid in module_sim.log_text()
    finally:
        reset_faults(module_sim)


def test_a_redraw_keeps_the_controls_under_the_hand(page: Page, dashboard: DashboardProcess) -> None:
    """Another operator's change redraws the list: the Remove button focused here and the ticked
    selection box stay the same nodes, the focus and the tick with them (NiceGUI's template slots
    replaced every control at every redraw: a tap during one was lost, the focus fell to the page)."""
    page.goto(dashboard.url + "/allowlist")
    totals = page.get_by_text(re.compile(r"\d+ total ·"))
    expect(totals).to_be_visible(timeout=15_000)
    remove = page.get_by_role("button", name=re.compile(r"^Remove ")).first
    mac = str(remove.get_attribute("aria-label")).removeprefix("Remove ")
    tick = page.get_by_role("checkbox", name=f"Select {mac}")
    tick.click()
    expect(tick).to_have_attribute("aria-checked", "true")
    for control in (remove, tick):
        control.evaluate("node => { node.dataset.kept = 'yes' }")
    remove = page.get_by_role("button", name=f"Remove {mac}")
    remove.focus()
    before = totals.inner_text()

    other = page.context.new_page()
    other.goto(dashboard.url + "/allowlist")
    other.get_by_label("MAC address").fill(OTHER_MAC)
    other.get_by_role("button", name="Add device").click()
    try:
        expect(totals).not_to_have_text(before, timeout=15_000)  # redrawn here with the new row
        expect(page.get_by_role("row").filter(has_text=OTHER_MAC)).to_be_visible()
        expect(remove).to_be_focused()
        expect(remove).to_have_attribute("data-kept", "yes")
        expect(tick).to_have_attribute("data-kept", "yes")
        expect(tick).to_have_attribute("aria-checked", "true")
        expect(page.get_by_role("button", name="Bulk remove")).to_contain_text("(1 selected)")
    finally:
        other.get_by_role("button", name=f"Remove {OTHER_MAC}").click()
        answer_confirm(other, "Remove")
        expect(other.get_by_role("row").filter(has_text=OTHER_MAC)).to_be_hidden()
        other.close()
