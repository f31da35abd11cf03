"""The monitor feed against the real simulator: socket, fallback to polling, and back.

The sim's ``ws_mode`` applies to sockets opened after it is set, so the "socket down" cases
set it before the feed connects (or kill the whole simulator).
"""

from __future__ import annotations

import time

import pytest

from pidash.orchestrator import MonitorFeed, MonitorSource
from tests.orchestrator.helpers import FAST, client_for, reset_faults, set_faults, wait_for
from tests.support.processes import SimProcess

pytestmark = pytest.mark.dialects


def make(sim: SimProcess, ws: bool = True, **kwargs: object) -> tuple[MonitorFeed, list[MonitorSource]]:
    sources: list[MonitorSource] = []
    options: dict[str, object] = {"poll_interval": 1.0, "policy": FAST} | kwargs
    feed = MonitorFeed(
        client_for(sim), sim.ws_url if ws else None, on_data=lambda d: None, on_source=sources.append,
        **options,  # type: ignore[arg-type]
    )  # fmt: skip
    return feed, sources


async def test_socket_normal_initial_then_updates(sim: SimProcess) -> None:
    feed, sources = make(sim)
    try:
        await feed.start()
        await wait_for(lambda: feed.source == MonitorSource.WEBSOCKET and feed.data is not None, 10)
        assert feed.data is not None and feed.data.security_metrics.encryption_level  # from initial_data
        assert feed.last_update is not None and abs(feed.last_update - time.time()) < 10
        first = feed.last_update
        await wait_for(lambda: feed.last_update != first, 5)  # a monitoring_update (every 0.25 s at 20x)
        assert feed.data.security_metrics.encryption_level  # merged, not replaced
        assert sources == [MonitorSource.WEBSOCKET]
    finally:
        await feed.stop()
    assert feed.source == MonitorSource.DISCONNECTED


async def test_closed_socket_falls_back_to_polling_and_returns(sim: SimProcess) -> None:
    feed, sources = make(sim)  # default fallback_after: 2 s
    try:
        await set_faults(sim, ws_mode="closed")
        started = time.monotonic()
        await feed.start()
        await wait_for(lambda: feed.source == MonitorSource.POLLING, 8)
        took = time.monotonic() - started
        assert 2.0 <= took <= 3.0, f"polling took over after {took:.1f} s"
        assert feed.socket_attempts >= 2  # kept trying the socket meanwhile
        stamp = feed.last_update
        await wait_for(lambda: feed.last_update != stamp, 3)  # polls keep coming
        assert feed.data is not None and feed.data.system_health.memory_usage > 0

        await reset_faults(sim)
        took = await wait_for(lambda: feed.source == MonitorSource.WEBSOCKET, 8)
        assert took <= 5.0, f"the socket took {took:.1f} s to come back"
        assert sources == [MonitorSource.POLLING, MonitorSource.WEBSOCKET]
    finally:
        await feed.stop()


async def test_silent_socket_is_detected_by_missing_pong(sim: SimProcess) -> None:
    feed, _ = make(sim, ping_interval=0.5, pong_timeout=0.5, fallback_after=1.0)
    try:
        await set_faults(sim, ws_mode="silent")
        await feed.start()
        await wait_for(lambda: feed.socket_attempts >= 2, 5)  # pong timeout → reconnect
        await wait_for(lambda: feed.source == MonitorSource.POLLING, 6)
        await reset_faults(sim)
        await wait_for(lambda: feed.source == MonitorSource.WEBSOCKET, 6)
    finally:
        await feed.stop()


async def test_reconnected_socket_is_live_on_its_first_update(sim: SimProcess) -> None:
    """A socket that comes back without ``initial_data`` is live on its first good update."""
    feed, sources = make(sim, fallback_after=30.0)  # the poller stays out of it
    try:
        await feed.start()
        await wait_for(lambda: feed.socket_live, 10)
        await set_faults(sim, ws_mode="closed")  # drops the open socket
        await wait_for(lambda: not feed.socket_live, 5)
        attempts = feed.socket_attempts
        await set_faults(sim, ws_mode="updates_only")
        await wait_for(lambda: feed.socket_attempts > attempts, 5)
        stamp = feed.last_update
        await wait_for(lambda: feed.last_update != stamp, 5)  # a monitoring_update, no initial_data
        assert feed.socket_live
        assert sources == [MonitorSource.WEBSOCKET]
    finally:
        await feed.stop()


async def test_polling_only_when_the_socket_is_switched_off(sim: SimProcess) -> None:
    feed, sources = make(sim, ws=False)
    try:
        await feed.start()
        await wait_for(lambda: feed.source == MonitorSource.POLLING and feed.data is not None, 5)
        assert feed.data is not None and feed.data.system_health.memory_usage > 0
        assert MonitorSource.WEBSOCKET not in sources
    finally:
        await feed.stop()


async def test_malformed_frames_are_skipped(sim: SimProcess) -> None:
    feed, _ = make(sim)
    try:
        await set_faults(sim, malformed_ws=2)
        await feed.start()
        await wait_for(lambda: feed.data is not None, 15)
        assert feed.source == MonitorSource.WEBSOCKET
    finally:
        await feed.stop()


async def test_killed_pi_is_disconnected_then_back(sim: SimProcess) -> None:
    feed, _ = make(sim, fallback_after=0.5)
    try:
        await feed.start()
        await wait_for(lambda: feed.source == MonitorSource.WEBSOCKET, 10)
        sim.kill()
        await wait_for(lambda: feed.source == MonitorSource.DISCONNECTED, 6)
        sim.start()
        await wait_for(lambda: feed.source == MonitorSource.WEBSOCKET, 10)
    finally:
        await feed.stop()
