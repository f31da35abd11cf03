"""Tablets and large screens: touch targets, no sideways scrolling, names for every control."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.support import DashboardProcess, camera_state, fleet_macs, start_session
from tests.support.processes import SimProcess

pytestmark = pytest.mark.browser

PAGES = ["/", "/allowlist", "/monitoring", "/system", "/wifi", "/cameras", "/door", "/config", "/logs"]
MIN_TARGET = 44

MEASURE = """() => {
  const visible = (el) => { const r = el.getBoundingClientRect();  // a closed drawer: visibility hidden
                            return r.width > 0 && r.height > 0 && el.checkVisibility({visibilityProperty: true}); };
  const controls = [...document.querySelectorAll('button, [role=button], a[href], input, select, [role=combobox]')]
    .filter(visible)
    .filter((el) => !el.closest('.q-field') || el.matches('input, [role=combobox]'));
  return {
    scroll: document.documentElement.scrollWidth - window.innerWidth,
    small: controls
      .filter((el) => el.matches('button, [role=button], a[href]'))
      .map((el) => { const r = el.getBoundingClientRect();
                     return {w: r.width, h: r.height, text: (el.innerText || el.getAttribute('aria-label') || '')}; })
      .filter((r) => r.w < 44 || r.h < 44),
    unnamed: controls
      .filter((el) => !((el.getAttribute('aria-label') || el.innerText || el.title || '').trim())
                      && !(el.labels && el.labels.length) && !el.getAttribute('aria-labelledby'))
      .map((el) => el.outerHTML.slice(0, 120)),
    live: [...document.querySelectorAll('[role=status], [aria-live]')].length,
  };
}"""


@pytest.mark.parametrize(("width", "height"), [(768, 1024), (1920, 1080)])
def test_every_screen_fits_and_has_named_touch_sized_controls(
    browser: Browser, module_sim: SimProcess, dashboard: DashboardProcess, width: int, height: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": height})
    try:
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto(dashboard.url)
        if page.get_by_role("button", name="Start session").is_visible():
            start_session(page)
        for mac in fleet_macs(module_sim):
            expect(camera_state(page, mac)).to_be_visible()  # the cards with their buttons are on screen
        for path in PAGES:
            page.goto(dashboard.url + path)
            page.wait_for_load_state("networkidle")
            found: dict[str, Any] = page.evaluate(MEASURE)
            assert found["scroll"] <= 0, f"{path} scrolls sideways by {found['scroll']} px at {width} px"
            assert found["small"] == [], f"{path}: controls smaller than {MIN_TARGET} px: {found['small']}"
            assert found["unnamed"] == [], f"{path}: controls without an accessible name: {found['unnamed']}"
            assert found["live"] >= 1, f"{path}: no live region for the feed indicators"
    finally:
        context.close()


def test_feed_chips_name_their_feed_on_a_phone(browser: Browser, dashboard: DashboardProcess) -> None:
    """Below 600 px a chip's name gives way to a short one, not to nothing: the header read "Live"
    "Live", and which feed was which was anyone's guess (a break-it session). The accessible name
    stays whole."""
    context = browser.new_context(viewport={"width": 400, "height": 800})
    try:
        page = context.new_page()
        page.set_default_timeout(15_000)
        chips = {"/": {"Provisioning": "Prov.", "Monitoring": "Mon."}, "/logs": {"Logs": "Logs"}}
        test_ids = {"Provisioning": "feed-provisioning", "Monitoring": "feed-monitoring", "Logs": "feed-log"}
        for path, names in chips.items():
            page.goto(dashboard.url + path)
            shown = []
            for name, short in names.items():
                chip = page.get_by_label(f"{name} feed status").first  # the accessible name: whole
                expect(chip.get_by_test_id(test_ids[name])).to_have_text("Live", timeout=20_000)
                expect(chip.get_by_text(short, exact=True)).to_be_visible()
                expect(chip.get_by_text(f"{name}:", exact=True)).to_be_hidden()  # no room for it
                box = chip.bounding_box()
                assert box is not None and box["x"] + box["width"] <= 400, f"{name} chip runs off the screen"
                shown.append(chip.inner_text())  # what is on screen (innerText skips what is hidden)
            assert all(short in text for short, text in zip(names.values(), shown, strict=True)), shown
            assert len(set(shown)) == len(shown), f"{path}: chips that read alike: {shown}"
        page.set_viewport_size({"width": 1280, "height": 900})  # wide again: the whole name, not both
        chip = page.get_by_label("Logs feed status")
        expect(chip.get_by_text("Logs:", exact=True)).to_be_visible()
        expect(chip.get_by_text("Logs", exact=True)).to_be_hidden()
    finally:
        context.close()
