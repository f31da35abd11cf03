"""The live-view benchmark's screen observer (``benchmarks/screens.py``) in Chromium, on a static
page: it must see a camera's label however the page renders it (a card added, its text node
rewritten, its badge replaced, the grid rebuilt), and its stamps must survive a reload. Against a
real dashboard: it stamps each camera row as the socket frame bringing it reaches the page."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page, Route

from benchmarks.screens import OBSERVER_JS, SCAN_JS
from tests.browser.support import DashboardProcess, fleet_macs, open_session, stop_session
from tests.support.processes import SimProcess

pytestmark = pytest.mark.browser

URL = "http://bench.invalid/"  # answered by the route below: no network, but a real origin for sessionStorage
HTML = "<!DOCTYPE html><html><body><div id=grid></div></body></html>"
CARD = '<div aria-label="Camera {mac}"><span>{mac}</span><span role="status">{label}</span></div>'


@pytest.fixture
def observed(context: BrowserContext) -> Page:
    def serve(route: Route) -> None:
        route.fulfill(status=200, content_type="text/html", body=HTML)

    context.add_init_script(OBSERVER_JS)
    page = context.new_page()
    page.route(URL, serve)
    page.goto(URL)
    return page


def show(page: Page, html: str) -> None:
    """Replace the grid's content (a page rebuilding its cards)."""
    page.evaluate("(html) => { document.getElementById('grid').innerHTML = html; }", html)


def stamps(page: Page) -> list[tuple[str, str]]:
    screen: dict[str, Any] = page.evaluate("() => window.__pdScreen")
    return [(mac, label) for mac, label, _at in screen["stamps"]]


def test_every_way_of_showing_a_label_is_stamped_once(observed: Page) -> None:
    page = observed
    show(page, CARD.format(mac="AA", label="Discovered"))
    page.evaluate("() => { document.querySelector('[role=status]').firstChild.nodeValue = 'Provisioning'; }")
    page.evaluate("() => { document.querySelector('[role=status]').textContent = 'Provisioned'; }")
    page.evaluate(  # the badge replaced by a new element
        "() => { const s = document.querySelector('[role=status]'); s.outerHTML = '<b role=\"status\">Verifying</b>'; }"
    )
    show(page, CARD.format(mac="AA", label="Verifying"))
    show(page, CARD.format(mac="AA", label="Verified"))
    page.wait_for_function("() => window.__pdScreen.stamps.length >= 5")
    assert stamps(page) == [
        ("AA", "Discovered"),
        ("AA", "Provisioning"),
        ("AA", "Provisioned"),
        ("AA", "Verifying"),  # the rebuilt grid showing the same label is not a change
        ("AA", "Verified"),
    ]
    assert page.evaluate(SCAN_JS) == {"AA": "verified"}


def test_kiosk_tiles_and_reloads(observed: Page) -> None:
    page = observed
    tile = '<div data-testid="kiosk-device-BB"><span data-testid="kiosk-device-state">Failed</span></div>'
    show(page, tile)
    page.wait_for_function("() => window.__pdScreen.stamps.length >= 1")
    page.reload()
    show(page, CARD.format(mac="CC", label="Discovered"))
    page.wait_for_function("() => window.__pdScreen.stamps.length >= 2")
    assert stamps(page) == [("BB", "Failed"), ("CC", "Discovered")]
    assert page.evaluate("() => window.__pdScreen.loads") == 2
    assert page.evaluate(SCAN_JS) == {"CC": "discovered"}


def test_rows_are_stamped_as_their_frame_reaches_the_page_before_they_show(
    context: BrowserContext, dashboard: DashboardProcess, module_sim: SimProcess
) -> None:
    """The frames NiceGUI sends as they are (socket.io, ``run_javascript`` of the batched calls):
    a change of the dashboard's framing that the observer can no longer read fails here."""
    context.add_init_script(OBSERVER_JS)
    page = context.new_page()
    macs = fleet_macs(module_sim)
    open_session(page, dashboard.url, macs, "Observer-WiFi")
    screen: dict[str, Any] = page.evaluate("() => window.__pdScreen")
    arrived = {(mac, state): at for mac, state, at in reversed(screen["arrivals"])}  # the first of each
    shown = {(mac, label.lower()): at for mac, label, at in reversed(screen["stamps"])}
    for mac in macs:
        assert (mac, "discovered") in arrived, screen["arrivals"]
        assert arrived[mac, "discovered"] <= shown[mac, "discovered"]
    stop_session(page)
