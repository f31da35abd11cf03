"""Batch work on the provisioning page (issue 12): select, skip, retry all failed, add to the
allowlist from a card, and the batch telling the technician it is done."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.browser.support import (
    DashboardProcess,
    camera_card,
    camera_state,
    fleet_macs,
    force_device_failure,
    open_session,
    session_card,
    sim_call,
    stop_session,
)
from tests.support.processes import SimProcess

pytestmark = pytest.mark.browser
REFUSING_NOTIFICATION = """() => {
  window.Notification = class {
    static permission = "granted";
    constructor() { throw new TypeError("Illegal constructor"); }
  };
}"""


RECORD_TIMING = """() => {
  window.pdTimings = [];
  new MutationObserver(() => document.querySelectorAll('[data-testid=device-timing]')
      .forEach((el) => window.pdTimings.push(el.textContent.trim())))
    .observe(document.body, {subtree: true, childList: true, characterData: true});
}"""


EFFECTIVE_OPACITY = """(el) => {
  let o = 1;
  for (let e = el; e; e = e.parentElement) o *= Number(getComputedStyle(e).opacity);
  return o;
}"""


def test_provision_a_selection_and_skip_one_and_hear_that_the_batch_is_done(
    page: Page, dashboard: DashboardProcess, module_sim: SimProcess
) -> None:
    macs = fleet_macs(module_sim)
    open_session(page, dashboard.url, macs, "Select-WiFi")

    chosen, skipped, rest = macs[:2], macs[2], macs[3:]
    for mac in chosen:
        page.get_by_label(f"Select {mac}").check()
    page.evaluate(RECORD_TIMING)
    page.get_by_role("button", name="Provision selected (2)").click()
    for mac in chosen:
        expect(camera_state(page, mac)).to_have_text("Verified", timeout=30_000)
    for mac in [skipped, *rest]:
        expect(camera_state(page, mac)).to_have_text("Discovered")  # only the selection moved
    timings = page.evaluate("() => window.pdTimings")  # time in step and attempts were shown on the way
    assert any(re.fullmatch(r"(Provisioning|Provisioned|Verifying) for \d+ s · attempt 1", t) for t in timings), timings

    camera_card(page, skipped).get_by_role("button", name=f"Skip {skipped}").click()
    expect(camera_card(page, skipped)).to_contain_text("Skipped in this batch")
    expect(page.get_by_role("button", name="Provision all")).to_contain_text(f"Provision all ({len(rest)})")
    # A browser that refuses the notification (Chrome on Android has no `new Notification`): the
    # alert must not take the changes sent with it down (the last cards, the outcome).
    page.evaluate(REFUSING_NOTIFICATION)
    page.get_by_role("button", name="Provision all").click()
    for mac in rest:
        expect(camera_state(page, mac)).to_have_text("Verified", timeout=30_000)
    expect(camera_state(page, skipped)).to_have_text("Discovered")

    outcome = session_card(page).get_by_text(re.compile("^Batch complete"))
    tally = f"{len(macs) - 1} verified, 0 failed, 0 not on the allowlist, 1 skipped"
    expect(outcome).to_have_text(f"Batch complete: {tally}")
    legend = session_card(page).locator(".pd-progress-legend")  # it accounts for every camera found
    expect(legend).to_contain_text("1 skipped")
    expect(legend).not_to_contain_text("not on the allowlist")  # none here: no "0 …" entry
    page.wait_for_function("() => window.pidashAlerts.sound >= 1")  # the page asked the browser for the sound
    assert page.evaluate("() => window.pidashAlerts.notification") == 1  # asked, and refused
    include = camera_card(page, skipped).get_by_role("button", name=f"Include {skipped}")
    expect(include).to_be_visible()
    # the card is dimmed, not its working Include button (it looked disabled)
    assert include.evaluate(EFFECTIVE_OPACITY) == 1.0
    page.get_by_role("button", name="Provision all").click()  # (0): nothing to do, and it says so
    expect(page.get_by_text("No allowlisted cameras are waiting to be provisioned.")).to_be_visible()
    stop_session(page)
    # a closed batch is a record: nothing on it can be skipped or included any more
    expect(camera_card(page, skipped).get_by_role("button", name=f"Include {skipped}")).to_have_count(0)


def test_retry_all_failed_retries_only_what_the_pi_will_take(
    page: Page, dashboard: DashboardProcess, module_sim: SimProcess
) -> None:
    macs = fleet_macs(module_sim)
    retryable, refused = macs[:2], macs[2]
    for mac in [*retryable, refused]:
        force_device_failure(module_sim, mac, "DEVICE_UNREACHABLE", times=1)
    open_session(page, dashboard.url, macs, "RetryAll-WiFi")
    page.get_by_role("button", name="Provision all").click()
    for mac in [*retryable, refused]:
        expect(camera_state(page, mac)).to_have_text("Failed", timeout=30_000)

    # The Pi refuses one camera for good: its card says so and it leaves "Retry all failed".
    refusal = {"method": "POST", "path_prefix": "/api/v1/provisioning/batch/", "code": "MAX_RETRIES_EXCEEDED"}
    body = {"next_errors": [{**refusal, "count": 1}]}
    sim_call(module_sim, "PUT", "/_sim/faults", body)
    camera_card(page, refused).get_by_role("button", name=f"Retry {refused}").click()
    expect(camera_card(page, refused).get_by_role("alert")).to_contain_text("MAX_RETRIES_EXCEEDED")
    expect(camera_card(page, refused).get_by_role("button", name=f"Retry {refused}")).to_have_count(0)

    button = page.get_by_role("button", name="Retry all failed")
    expect(button).to_contain_text("Retry all failed (2)")
    button.click()
    for mac in retryable:
        expect(camera_state(page, mac)).to_have_text("Verified", timeout=30_000)
    expect(camera_state(page, refused)).to_have_text("Failed")
    stop_session(page)
    sim_call(module_sim, "POST", "/_sim/reset-faults")


def test_add_an_unlisted_camera_from_its_card_then_provision_it(
    page: Page, sim_factory: Callable[..., SimProcess], dashboard_factory: Callable[..., DashboardProcess]
) -> None:
    sim = sim_factory(devices=3, unlisted=1)
    dash = dashboard_factory(sim.url, api_key=sim.api_key)
    fleet = sim_call(sim, "GET", "/_sim/fleet")["cameras"]
    unlisted = next(c["mac"] for c in fleet if not c["listed"])
    open_session(page, dash.url, [c["mac"] for c in fleet], "Allow-WiFi")
    card = camera_card(page, unlisted)
    expect(card.get_by_role("button", name=f"Provision {unlisted}")).to_have_count(0)

    card.get_by_role("button", name=f"Add {unlisted} to allowlist").click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_label("Description")).to_be_focused()  # typing goes to the first field
    dialog.get_by_label("Description").fill("Shelf 4, left")
    dialog.get_by_label("Description").press("Enter")  # as Add to allowlist
    expect(dialog).to_have_count(0)
    card.get_by_role("button", name=f"Provision {unlisted}").click()  # provisionable without a reload
    expect(camera_state(page, unlisted)).to_have_text("Verified", timeout=30_000)
    entries = sim_call(sim, "GET", "/api/v1/provisioning/allowlist")["data"]["entries"]
    assert [e["description"] for e in entries if e["mac"] == unlisted] == ["Shelf 4, left"]
