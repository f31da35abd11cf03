"""The theme follows the operating system's dark/light preference until the user chooses one."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.support import ACTION_TIMEOUT_MS, DashboardProcess

pytestmark = pytest.mark.browser

DARK_BODY = "body--dark"


def _is_dark(page: Page) -> bool:
    return bool(page.evaluate(f'document.body.classList.contains("{DARK_BODY}")'))


def _open(page: Page, url: str) -> None:
    page.set_default_timeout(ACTION_TIMEOUT_MS)
    page.goto(url)
    expect(page.get_by_role("button", name="Toggle dark mode")).to_be_visible()


@pytest.mark.parametrize("scheme", ["dark", "light"])
def test_without_a_choice_the_page_follows_the_os(browser: Browser, dashboard: DashboardProcess, scheme: str) -> None:
    context = browser.new_context(color_scheme=scheme)  # type: ignore[arg-type]
    try:
        page = context.new_page()
        _open(page, dashboard.url + "/monitoring")
        page.wait_for_function(f'document.body.classList.contains("{DARK_BODY}") === {str(scheme == "dark").lower()}')
        page.emulate_media(color_scheme="light" if scheme == "dark" else "dark")  # the OS switches: so does the page
        page.wait_for_function(f'document.body.classList.contains("{DARK_BODY}") === {str(scheme != "dark").lower()}')
    finally:
        context.close()


def test_a_choice_overrides_the_os_and_is_remembered_by_this_browser(
    browser: Browser, dashboard: DashboardProcess
) -> None:
    context = browser.new_context(color_scheme="dark")
    other = browser.new_context(color_scheme="dark")
    try:
        page = context.new_page()
        _open(page, dashboard.url + "/monitoring")
        page.wait_for_function(f'document.body.classList.contains("{DARK_BODY}")')
        page.get_by_role("button", name="Toggle dark mode").click()  # from the OS's dark to light
        page.wait_for_function(f'!document.body.classList.contains("{DARK_BODY}")')

        _open(page, dashboard.url + "/system")  # another page, same browser: still light
        assert not _is_dark(page)
        page.reload()
        expect(page.get_by_role("button", name="Toggle dark mode")).to_be_visible()
        assert not _is_dark(page)
        page.emulate_media(color_scheme="dark")
        page.wait_for_timeout(500)
        assert not _is_dark(page), "a chosen theme no longer follows the OS"
        cookie = {c["name"]: c["value"] for c in context.cookies()}
        assert cookie.get("pidash_theme") == "light"

        fresh = other.new_page()  # another browser has not chosen: it follows its OS
        _open(fresh, dashboard.url + "/monitoring")
        fresh.wait_for_function(f'document.body.classList.contains("{DARK_BODY}")')

        page.get_by_role("button", name="Toggle dark mode").click()  # and back to dark
        page.wait_for_function(f'document.body.classList.contains("{DARK_BODY}")')
        page.reload()
        expect(page.get_by_role("button", name="Toggle dark mode")).to_be_visible()
        assert _is_dark(page)
    finally:
        context.close()
        other.close()
