"""Fixtures for browser tests: Debian's Chromium through Playwright, a real sim and dashboard.

``module_sim`` and ``dashboard`` are shared by the tests of one module (tests there must leave
no session running: end with **Stop session**); tests that kill the simulator or need another
key configuration start their own with ``sim_factory`` and ``dashboard_factory``.

Without Chromium every test here is skipped, with the line to run as the reason. Every process a
fixture starts is stopped at teardown, also when its start failed (``DashboardProcess.start``
stops what it started before raising).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, expect, sync_playwright

from tests.browser.support import (
    ACTION_TIMEOUT_MS,
    CHROMIUM,
    CHROMIUM_ARGS,
    EXPECT_TIMEOUT_MS,
    VIEWPORT,
    DashboardProcess,
    chromium_missing_reason,
)
from tests.support.processes import SimProcess

expect.set_options(timeout=EXPECT_TIMEOUT_MS)


@pytest.fixture(scope="session", autouse=True)
def _chromium_present() -> None:
    """Skip (never silently) when Debian's Chromium is missing; nothing else is started then."""
    reason = chromium_missing_reason()
    if reason is not None:
        pytest.skip(reason)


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    ctx = browser.new_context(viewport=VIEWPORT)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    page = context.new_page()
    page.set_default_timeout(ACTION_TIMEOUT_MS)
    return page


@pytest.fixture(scope="module")
def module_sim(tmp_path_factory: pytest.TempPathFactory, dialect: str) -> Iterator[SimProcess]:
    """A simulator shared by one module: five allowlisted cameras, speed 20, faults on; it speaks
    ``dialect`` (``handoff``, or each in turn in a module marked ``dialects``)."""
    sim = SimProcess(tmp_path_factory.mktemp("sim"), dialect=dialect)
    try:
        yield sim.start()
    finally:
        sim.stop()


@pytest.fixture(scope="module")
def dashboard(module_sim: SimProcess, tmp_path_factory: pytest.TempPathFactory) -> Iterator[DashboardProcess]:
    """A dashboard with the simulator's key configured (``PIDASH_API_KEY``)."""
    dash = DashboardProcess(module_sim.url, tmp_path_factory.mktemp("dash"), api_key=module_sim.api_key)
    try:
        yield dash.start()
    finally:
        dash.stop()


@pytest.fixture
def dashboard_factory(tmp_path: Path) -> Iterator[Callable[..., DashboardProcess]]:
    started: list[DashboardProcess] = []

    def make(orchestrator_url: str, **kwargs: Any) -> DashboardProcess:
        workdir = kwargs.pop("workdir", tmp_path / f"dash{len(started)}")
        dash = DashboardProcess(orchestrator_url, workdir, **kwargs)
        started.append(dash)  # before start: a failed start is stopped too
        return dash.start()

    try:
        yield make
    finally:
        for dash in started:
            dash.stop()


@pytest.fixture
def de(browser: Browser) -> Iterator[Page]:
    """A page of a browser that asks for German."""
    context = browser.new_context(extra_http_headers={"Accept-Language": "de-DE,de;q=0.9"})
    try:
        page = context.new_page()
        page.set_default_timeout(ACTION_TIMEOUT_MS)
        yield page
    finally:
        context.close()
