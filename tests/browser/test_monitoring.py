"""US4 in Chromium: live monitoring over the WebSocket, the fallback to polling and back, thresholds.

The dashboard reaches the simulator through a loopback TCP forwarder, so a test can cut the
open socket while the Pi keeps running (the sim's ``ws_mode`` only affects new sockets).
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from pidash.store.thresholds import DEFAULT_THRESHOLDS, Threshold, classify
from tests.browser.support import DashboardProcess, reset_faults, sim_call
from tests.monitoring.tcp_proxy import TcpProxy
from tests.support.processes import SimProcess

pytestmark = [pytest.mark.browser, pytest.mark.dialects]

THRESHOLDS = {"memory": (20.0, 95.0), "disk": (30.0, 35.0)}
"""Memory between the two (warning), disk above both (critical); CPU keeps the Pi 4 defaults."""


@pytest.fixture(scope="module")
def proxy(module_sim: SimProcess) -> Iterator[TcpProxy]:
    p = TcpProxy(module_sim.port)
    yield p
    p.close()


@pytest.fixture(scope="module")
def monitor_dash(
    module_sim: SimProcess, proxy: TcpProxy, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[DashboardProcess]:
    dash = DashboardProcess(
        proxy.url,
        tmp_path_factory.mktemp("dash"),
        api_key=module_sim.api_key,
        extra_env={"PIDASH_THRESHOLDS": json.dumps(THRESHOLDS)},
    ).start()
    yield dash
    dash.stop()


def test_live_over_websocket_then_polling_then_websocket_again(
    page: Page, module_sim: SimProcess, proxy: TcpProxy, monitor_dash: DashboardProcess
) -> None:
    page.goto(monitor_dash.url + "/monitoring")
    transport = page.get_by_test_id("monitor-transport")
    received = page.get_by_test_id("net-received")
    expect(transport).to_have_text("Connection: WebSocket")
    expect(page.get_by_test_id("monitor-stale")).to_be_hidden()
    first = received.inner_text()
    expect(received).not_to_have_text(first, timeout=5_000)  # live: the counters move

    sim_call(module_sim, "PUT", "/_sim/faults", {"ws_mode": "closed"})
    try:
        cut = time.monotonic()
        assert proxy.drop() > 0
        expect(page.get_by_label("Monitoring feed status").first).to_contain_text("Polling", timeout=3_000)
        took = time.monotonic() - cut
        expect(transport).to_have_text("Connection: Polling (fallback)", timeout=2_000)
        load = page.get_by_test_id("fact-load")  # three 2-decimal figures: a whole-% tile may repeat
        before = load.inner_text()
        expect(page.get_by_test_id("monitor-details-note")).to_be_visible()
        expect(load).not_to_have_text(before, timeout=12_000)  # polling keeps the values current
        expect(page.get_by_test_id("monitor-stale")).to_be_hidden()
        assert took < 3.0, f"polling shown {took:.1f} s after the socket closed"
    finally:
        reset_faults(module_sim)
    back = time.monotonic()
    expect(page.get_by_label("Monitoring feed status").first).to_contain_text("Live", timeout=5_000)
    expect(transport).to_have_text("Connection: WebSocket", timeout=1_000)
    assert time.monotonic() - back < 5.0


def test_threshold_levels_are_coloured(page: Page, monitor_dash: DashboardProcess) -> None:
    page.goto(monitor_dash.url + "/monitoring")
    thresholds = DEFAULT_THRESHOLDS | {name: Threshold(*pair) for name, pair in THRESHOLDS.items()}
    expect(page.get_by_test_id("monitor-transport")).to_have_text(re.compile("WebSocket|Polling"))
    expect(page.get_by_test_id("metric-disk-value")).to_have_attribute("data-level", "critical")
    expect(page.get_by_test_id("metric-disk-level")).to_have_text("Critical")
    expect(page.get_by_test_id("metric-memory-value")).to_have_attribute("data-level", "warning")
    expect(page.get_by_test_id("metric-disk")).to_have_class(re.compile(r"\bpd-edge-critical\b"))
    colours = {"ok": "rgb(27, 94, 32)", "warning": "rgb(138, 83, 0)", "critical": "rgb(183, 28, 28)"}
    for metric in ("cpu", "memory", "disk", "temperature"):
        value = page.get_by_test_id(f"metric-{metric}-value")
        # Read value and level in one go, so a live update between them cannot skew the check.
        shown, level, colour = value.evaluate("el => [el.textContent, el.dataset.level, getComputedStyle(el).color]")
        number = float(re.sub(r"[^0-9.]", "", shown))
        assert level == classify(number, thresholds[metric]).value, (metric, shown, level)
        assert colour == colours[level]


def test_charts_and_sections_are_shown(page: Page, monitor_dash: DashboardProcess) -> None:
    page.goto(monitor_dash.url + "/monitoring")
    for metric in ("cpu", "memory", "temperature"):
        expect(page.get_by_test_id(f"chart-{metric}").locator("canvas").first).to_be_visible()
    expect(page.get_by_test_id("threat-level")).to_have_text("LOW")
    expect(page.get_by_test_id("service-mqtt")).to_have_text("Up")
    expect(page.get_by_test_id("service-database")).to_have_text("Up")
    expect(page.get_by_test_id("net-latency")).to_have_text(re.compile(r"\d+ ms"))
    expect(page.get_by_test_id("monitor-cameras").get_by_role("row")).not_to_have_count(0)
