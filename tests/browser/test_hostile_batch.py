"""A 50-camera batch through a stream that keeps dropping (issue 10, "Done when"): at the end every
card in Chromium equals the Pi's snapshot.

The Pi (the simulator, ``--devices 50 --speed 20 --failure-rate 0.1``) drops the provisioning
stream after every few frames (``sse_drop_after``), optionally with broken frames as well
(``malformed_sse``); after each reconnect it replays events older than the snapshot just
loaded. Each seed runs a fresh simulator and dashboard. ``PIDASH_TEST_SEEDS`` sets how many seeds
run (default 10, the issue's proof: ~4 min for both fault sets here; fewer to go faster).
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, expect

from tests.browser.support import DashboardProcess, camera_card, camera_state
from tests.support.processes import SimProcess

pytestmark = pytest.mark.browser

CAMERAS = 50
SEEDS = int(os.environ.get("PIDASH_TEST_SEEDS", "10"))
CONVERGE_SECONDS = 60
"""After the Pi finished: the stream's next reconnect (at most the 30 s back-off cap) and a render."""
CONFIG = {"discovery_timeout_seconds": 60, "provisioning_timeout_seconds": 3600, "verification_timeout_seconds": 3600}
DONE = ("verified", "failed")


def _api(sim: SimProcess, method: str, path: str, body: Any = None) -> Any:
    response = httpx.request(method, f"{sim.url}/api/v1{path}", json=body, headers=sim.headers(), timeout=15)
    response.raise_for_status()
    return response.json()["data"]


def _until(predicate: Callable[[], Any], within: float, what: str) -> Any:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.25)
    raise AssertionError(f"{what} not within {within} s")


def _run_batch(sim: SimProcess) -> dict[str, str]:
    """Start, discover all, provision all, wait for the Pi to finish; the Pi's final MAC → state."""
    start = {"target_ssid": "FactoryNet", "target_password": "correct-horse-42", "config": CONFIG}
    sid = _api(sim, "POST", "/provisioning/batch/start", start)["session"]["id"]

    def devices() -> list[dict[str, Any]]:
        return list(_api(sim, "GET", f"/provisioning/batch/{sid}?include_devices=true")["devices"] or [])

    _until(lambda: len(devices()) >= CAMERAS, 30, "discovery of every camera")
    _api(sim, "POST", f"/provisioning/batch/{sid}/provision-all")
    final = _until(lambda: (d := devices()) and all(x["state"] in DONE for x in d) and d, 60, "the Pi finishing")
    return {d["mac"]: d["state"] for d in final}


def _cards_equal_the_pi(browser: Browser, dash: DashboardProcess, pi: dict[str, str]) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(dash.url)
        deadline = time.monotonic() + CONVERGE_SECONDS
        expect(page.locator('[aria-label^="Camera "]')).to_have_count(CAMERAS, timeout=CONVERGE_SECONDS * 1000)
        for mac, state in pi.items():
            left = max(1.0, deadline - time.monotonic())
            expect(camera_card(page, mac)).to_have_count(1, timeout=left * 1000)
            expect(camera_state(page, mac)).to_have_text(re.compile(f"^{state}$", re.I), timeout=left * 1000)
    finally:
        page.close()


@pytest.mark.timeout(60 + 60 * SEEDS)  # ~13 s a seed here; the suite's 180 s is for one flow
@pytest.mark.parametrize(
    "faults",
    [{"sse_drop_after": 7}, {"sse_drop_after": 3, "malformed_sse": 5}],
    ids=["drop-7", "drop-3-malformed-5"],
)
def test_every_card_equals_the_pi_after_a_dropping_stream(
    browser: Browser, sim_factory: Callable[..., SimProcess], dashboard_factory: Callable[..., DashboardProcess],
    faults: dict[str, int],
) -> None:  # fmt: skip
    for seed in range(1, SEEDS + 1):
        sim = sim_factory(devices=CAMERAS, failure_rate=0.1, seed=seed, speed=20.0)
        httpx.put(f"{sim.url}/_sim/faults", json=faults, headers=sim.headers(), timeout=10).raise_for_status()
        dash = dashboard_factory(sim.url, api_key=sim.api_key)
        pi = _run_batch(sim)
        assert len(pi) == CAMERAS and "failed" in pi.values(), f"seed {seed}: the batch is not the one meant"
        try:
            _cards_equal_the_pi(browser, dash, pi)
        except AssertionError as exc:
            raise AssertionError(f"seed {seed} ({faults}): a card differs from the Pi's snapshot") from exc
        dash.stop()
        sim.stop()
