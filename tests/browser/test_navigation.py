"""The navigation drawer: plain links, the current page marked, one element on the page."""

from __future__ import annotations

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
