"""The log feed against the real simulator, and its de-duplication on plain events."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from httpx_sse import ServerSentEvent
from pydantic import SecretStr

from pidash.contract.system import LogEntry
from pidash.orchestrator import FeedState, LogFeed, OrchestratorClient
from tests.orchestrator.helpers import FAST, client_for, wait_for
from tests.support.processes import SimProcess


def line(message: str) -> str:
    return json.dumps({"timestamp": "2026-01-11T12:00:00Z", "level": "info", "component": "t", "message": message})


async def test_ids_at_or_below_the_last_seen_are_ignored() -> None:
    got: list[LogEntry] = []
    feed = LogFeed(OrchestratorClient("http://127.0.0.1:9", SecretStr("k")), on_entries=got.extend,
                   on_state=lambda s: None, buffer_size=3)  # fmt: skip
    for event_id, text in [("10", "a"), ("11", "b"), ("11", "b"), ("9", "old"), ("12", "c"), ("13", "d")]:
        await feed._handle(ServerSentEvent("log", line(text), event_id))
    await feed._handle(ServerSentEvent("keepalive", "{}", "14"))
    await feed._handle(ServerSentEvent("log", "{broken", "15"))
    assert [e.message for e in got] == ["a", "b", "c", "d"]
    assert [e.message for e in feed.entries] == ["b", "c", "d"]  # bounded to the newest 3
    assert feed.duplicates == 2


async def test_stream_resume_without_duplicates(sim: SimProcess) -> None:
    got: list[LogEntry] = []
    states: list[FeedState] = []
    client = client_for(sim)
    feed = LogFeed(client, on_entries=got.extend, on_state=states.append, buffer_size=5, policy=FAST)
    try:
        await feed.start()
        await wait_for(lambda: len(got) >= 6, 20)
        assert feed.state == FeedState.CONNECTED
        assert len(feed.entries) == 5 and list(feed.entries) == got[-5:]
        assert feed.last_event_id is not None

        # Resume with Last-Event-ID after a pause, and after the Pi restarts.
        await feed.stop()
        count = len(got)
        await feed.start()
        await wait_for(lambda: len(got) >= count + 3, 20)
        sim.restart()
        count = len(got)
        await wait_for(lambda: len(got) >= count + 3, 30)
        assert feed.connect_attempts >= 3
        keys = [(e.timestamp, e.component, e.message) for e in got]
        assert len(keys) == len(set(keys)), "a log line arrived twice"
        assert feed.duplicates == 0 or len(keys) == len(set(keys))
    finally:
        await feed.stop()
        await client.aclose()


@pytest.mark.dialects
async def test_the_log_stream_is_found_where_this_pi_has_it(sim: SimProcess) -> None:
    """Handoff: ``/system/logs/stream``; field: ``/api/v1/dashboard/logs`` after a 404 (Pi team)."""
    got: list[LogEntry] = []
    client = client_for(sim)
    feed = LogFeed(client, on_entries=got.extend, on_state=lambda _s: None, policy=FAST)
    try:
        await feed.start()
        await wait_for(lambda: len(got) >= 2, 20)
        expected = "/api/v1/dashboard/logs" if sim.dialect == "field" else "/api/v1/system/logs/stream"
        serving = client.capabilities.serving("logs")
        assert serving is not None and serving.path == expected
        assert not feed.stream_missing
        assert all(e.message for e in got)
    finally:
        await feed.stop()
        await client.aclose()


async def test_an_old_build_without_a_log_stream_is_polled_on_its_legacy_route(
    sim_factory: Callable[..., SimProcess],
) -> None:
    """Old build: both V1 streams missing (an HTML page); ``/api/dashboard/logs`` is polled instead,
    each line once, and the missing streams are not asked again before the slow interval."""
    sim = sim_factory(dialect="field", extra_args=["--old-build", "html"])
    got: list[LogEntry] = []
    client = client_for(sim)
    feed = LogFeed(client, on_entries=got.extend, on_state=lambda _s: None, policy=FAST)
    try:
        await feed.start()
        await wait_for(lambda: feed.legacy_polls >= 2 and len(got) >= 2, 30)
        serving = client.capabilities.serving("logs")
        assert serving is not None and serving.path == "/api/dashboard/logs"
        assert feed.stream_missing and feed.state == FeedState.CONNECTED
        keys = [(e.timestamp, e.message) for e in got]
        assert len(keys) == len(set(keys)), "a polled line arrived twice"
        log = sim.log_text()
        assert log.count("GET /api/v1/system/logs/stream") == 1 and log.count("GET /api/v1/dashboard/logs") == 1
    finally:
        await feed.stop()
        await client.aclose()
