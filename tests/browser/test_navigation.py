"""The navigation drawer: plain links, the current page marked, one element on the page."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.support import DashboardProcess

pytestmark = pytest.mark.browser

DRAWER_ELEMENTS = "() => document.querySelectorAll('aside[aria-label=\"Navigation\"] [id^=c]').length"
"""NiceGUI elements inside the drawer (each one has ``id="c<number>"``)."""


def test_the_drawer_links_mark_the_current_page_and_navigate(page: Page, dashboard: DashboardProcess) -> None:
    page.goto(dashboard.url + "/monitoring")  # 1280 px wide: the drawer is open
    drawer = page.get_by_label("Navigation", exact=True)
    current = drawer.get_by_role("link", name="Monitoring", exact=True)
    expect(current).to_have_attribute("aria-current", "page")
    system = drawer.get_by_role("link", name="System", exact=True)
    expect(system).not_to_have_attribute("aria-current", re.compile(".*"))
    assert page.evaluate(DRAWER_ELEMENTS) <= 1  # was ~60: an item, two sections, an icon and a label per page
    box = system.bounding_box()
    assert box is not None and box["height"] >= 44  # a touch target, as before
    system.click()
    expect(page).to_have_url(dashboard.url + "/system")
    expect(page.get_by_label("Navigation", exact=True).get_by_role("link", name="System")).to_have_attribute(
        "aria-current", "page"
    )


# Every socket.io message the page receives and every event it sends, from its first connection on
# (an init script: the socket exists only once NiceGUI's script has run; the first messages follow
# the handshake).
RECORD_MESSAGES = """(() => {
  window.pdMessages = [];
  window.pdSent = [];
  const hook = setInterval(() => {
    if (!window.socket) return;
    clearInterval(hook);
    window.socket.onAny((event, message) => window.pdMessages.push([event, JSON.stringify(message)]));
    const emit = window.socket.emit.bind(window.socket);
    window.socket.emit = (type, ...args) => {
      window.pdSent.push(JSON.stringify([type, ...args]));
      return emit(type, ...args);
    };
  }, 1);
})();"""


def test_the_menu_button_opens_and_closes_the_drawer_in_the_browser_alone(
    page: Page, dashboard: DashboardProcess
) -> None:
    page.add_init_script(RECORD_MESSAGES)
    page.set_viewport_size({"width": 600, "height": 900})  # below the 1024 px breakpoint: closed
    page.goto(dashboard.url + "/monitoring")
    link = page.get_by_label("Navigation", exact=True).get_by_role("link", name="System", exact=True)
    expect(link).not_to_be_visible()
    page.wait_for_function("window.socket?.connected && window.pdMessages.length > 0")
    page.wait_for_timeout(1500)  # NiceGUI asked for a drawer's state right after the connection
    asked = [event for event, message in page.evaluate("window.pdMessages") if "__IS_DRAWER_OPEN__" in message]
    assert asked == []  # a question with a 1 s deadline: a busy tablet missed it and the server logged a traceback

    sent = len(page.evaluate("window.pdSent"))
    page.get_by_role("button", name="Open navigation").click()
    expect(link).to_be_visible()
    page.mouse.click(500, 450)  # the backdrop beside the drawer, as a finger closes it
    expect(link).not_to_be_visible()
    # the button has no handler on the server: only the drawer tells it its new state, as it changes
    drawer_id = int((page.get_by_label("Navigation", exact=True).get_attribute("id") or "").removeprefix("c"))
    sent_now = [json.loads(item) for item in page.evaluate("window.pdSent")[sent:]]
    senders = {message[1]["id"] for message in sent_now if message[0] == "event"}
    assert senders <= {drawer_id}
    assert "JavaScript did not respond" not in dashboard.log_text()
