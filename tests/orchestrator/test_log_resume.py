"""Log ids: replays after a reconnect are dropped; a Pi that counts from 1 again after a reboot is followed."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from httpx_sse import ServerSentEvent

from pidash.contract.system import LogEntry
from pidash.orchestrator import FeedState, LogFeed, OrchestratorClient

START = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


def line(number: int, seconds: int, message: str) -> ServerSentEvent:
    data = {"timestamp": (START + timedelta(seconds=seconds)).isoformat(), "level": "info", "message": message}
    return ServerSentEvent(event="log", data=json.dumps(data), id=str(number))


async def test_replayed_ids_are_dropped_and_a_reboot_is_followed() -> None:
    shown: list[LogEntry] = []
    states: list[FeedState] = []
    client = OrchestratorClient("http://127.0.0.1:9")
    feed = LogFeed(client, on_entries=shown.extend, on_state=states.append)
    try:
        for sse in (line(10, 0, "a"), line(11, 1, "b"), line(12, 2, "c")):
            await feed._handle(sse)
        await feed._handle(line(11, 1, "b"))  # a replay after a reconnect
        await feed._handle(line(12, 2, "c"))
        assert [e.message for e in shown] == ["a", "b", "c"] and feed.duplicates == 2

        await feed._handle(line(1, 30, "after reboot"))  # the Pi rebooted and counts from 1
        await feed._handle(line(2, 31, "next"))
        await feed._handle(line(2, 31, "next"))  # and replays are still dropped
        assert [e.message for e in shown][-2:] == ["after reboot", "next"]
        assert feed.duplicates == 3
    finally:
        await client.aclose()
