"""Polling with deadlines, SSE collection and small request helpers for the simulator tests."""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
from httpx_sse import aconnect_sse

from tests.support.processes import SimProcess

DEADLINE = 15.0
START_BODY = {"target_ssid": "HomeNet", "target_password": "supersecret"}
V1 = "/api/v1"
BATCH = f"{V1}/provisioning/batch"
ALLOWLIST = f"{V1}/provisioning/allowlist"


def client(sim: SimProcess, *, keyed: bool = True) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        base_url=sim.url, headers=sim.headers() if keyed else {}, timeout=httpx.Timeout(10.0, read=30.0)
    )


async def wait_until(predicate: Callable[[], Any], within: float = DEADLINE, what: str = "condition") -> Any:
    """Poll ``predicate`` (sync or async) until it is truthy; fail after ``within`` seconds."""
    deadline = time.monotonic() + within
    while True:
        value = predicate()
        if asyncio.iscoroutine(value):
            value = await value
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {within}s waiting for {what}")
        await asyncio.sleep(0.05)


@dataclass
class Received:
    event: str
    id: str
    data: str
    retry: int | None

    @property
    def body(self) -> Any:
        return json.loads(self.data)


@dataclass
class Collector:
    """Events of one SSE connection, read in the background."""

    events: list[Received] = field(default_factory=list)
    headers: httpx.Headers | None = None
    status: int = 0
    ended: bool = False

    def of(self, event_type: str) -> list[Received]:
        return [e for e in self.events if e.event == event_type]

    def macs(self, event_type: str) -> set[str]:
        return {e.body["payload"]["device"]["mac"] for e in self.of(event_type)}

    async def wait_for(self, event_type: str, count: int = 1) -> list[Received]:
        await wait_until(lambda: len(self.of(event_type)) >= count, DEADLINE, f"{count} x {event_type}")
        return self.of(event_type)


@contextlib.asynccontextmanager
async def collect_sse(
    http: httpx.AsyncClient, path: str, headers: dict[str, str] | None = None
) -> AsyncIterator[Collector]:
    collector = Collector()
    connected = asyncio.Event()

    async def read() -> None:
        try:
            async with aconnect_sse(http, "GET", path, headers=headers or {}) as source:
                collector.headers = source.response.headers
                collector.status = source.response.status_code
                connected.set()
                async for sse in source.aiter_sse():
                    collector.events.append(Received(sse.event, sse.id, sse.data, sse.retry))
        finally:
            collector.ended = True
            connected.set()

    task = asyncio.create_task(read())
    await asyncio.wait_for(connected.wait(), DEADLINE)
    await wait_until(lambda: collector.events or collector.ended, what="first SSE event")
    try:
        yield collector
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError, httpx.HTTPError):
            await task


async def start_session(http: httpx.AsyncClient, **config: int) -> str:
    body: dict[str, Any] = dict(START_BODY)
    if config:
        body["config"] = config
    response = await http.post(f"{BATCH}/start", json=body)
    assert response.status_code == 201, response.text
    return str(response.json()["data"]["session"]["id"])


async def devices(http: httpx.AsyncClient, session_id: str) -> dict[str, dict[str, Any]]:
    response = await http.get(f"{BATCH}/{session_id}/devices")
    assert response.status_code == 200, response.text
    return {d["mac"]: d for d in response.json()["data"]["devices"]}


async def wait_discovered(http: httpx.AsyncClient, session_id: str, count: int) -> dict[str, dict[str, Any]]:
    async def enough() -> dict[str, dict[str, Any]] | None:
        found = await devices(http, session_id)
        return found if len(found) >= count else None

    result: dict[str, dict[str, Any]] = await wait_until(enough, what=f"{count} discovered devices")
    return result


async def wait_device_state(http: httpx.AsyncClient, session_id: str, mac: str, *states: str) -> dict[str, Any]:
    async def reached() -> dict[str, Any] | None:
        device = (await devices(http, session_id)).get(mac)
        return device if device and device["state"] in states else None

    result: dict[str, Any] = await wait_until(reached, what=f"{mac} in {states}")
    return result


def error_code(response: httpx.Response) -> str:
    body = response.json()
    assert body["success"] is False, body
    return str(body["error"]["code"])


async def put_faults(http: httpx.AsyncClient, **faults: Any) -> dict[str, Any]:
    response = await http.put("/_sim/faults", json=faults)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result
