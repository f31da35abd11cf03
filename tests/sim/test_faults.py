"""Every ``/_sim`` fault knob has an observable effect; without ``--faults`` the API is absent."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable

import httpx
import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from pidash.contract.errors import REGISTRY, ErrorCode
from tests.sim.helpers import (
    ALLOWLIST,
    BATCH,
    V1,
    client,
    collect_sse,
    devices,
    error_code,
    put_faults,
    start_session,
    wait_discovered,
    wait_until,
)
from tests.support.processes import SimProcess


async def test_control_api_absent_without_faults(sim_factory: Callable[..., SimProcess]) -> None:
    sim = sim_factory(faults=False)
    async with client(sim) as http:
        assert (await http.get("/_sim/faults")).status_code == 404
        assert (await http.put("/_sim/faults", json={"latency_ms": 5})).status_code == 404


async def test_read_set_and_reset_faults(sim: SimProcess) -> None:
    async with client(sim) as http:
        assert (await http.get("/_sim/faults")).json()["latency_ms"] == 0
        updated = await put_faults(http, latency_ms=300)
        assert updated["latency_ms"] == 300
        started = time.monotonic()
        await http.get(f"{V1}/wifi/status")
        assert time.monotonic() - started >= 0.3
        bad = await http.put("/_sim/faults", json={"ws_mode": "weird"})
        assert bad.status_code == 400
        assert (await http.post("/_sim/reset-faults")).json()["latency_ms"] == 0
        started = time.monotonic()
        await http.get(f"{V1}/wifi/status")
        assert time.monotonic() - started < 0.3


async def test_next_errors_force_registry_errors(sim: SimProcess) -> None:
    async with client(sim) as http:
        await put_faults(
            http,
            next_errors=[
                {"method": "GET", "path_prefix": ALLOWLIST, "code": "RATE_LIMITED", "count": 1},
                {"path_prefix": f"{V1}/wifi", "code": "DATABASE_ERROR", "count": 2},
            ],
        )
        limited = await http.get(ALLOWLIST)
        assert limited.status_code == 429 and error_code(limited) == "RATE_LIMITED"
        assert limited.headers["Retry-After"] == "30" and limited.json()["error"]["retry_after_seconds"] == 30
        assert limited.json()["correlation_id"] == limited.headers["X-Correlation-ID"]
        assert (await http.get(ALLOWLIST)).status_code == 200, "count 1: only the next request"
        for _ in range(2):
            assert (await http.get(f"{V1}/wifi/scan")).status_code == 500
        assert (await http.get(f"{V1}/wifi/scan")).status_code == 200
        assert (await http.get("/_sim/faults")).json()["next_errors"] == []


@pytest.mark.parametrize("code", list(ErrorCode))
async def test_any_registry_code_can_be_forced(shared_sim: SimProcess, code: ErrorCode) -> None:
    spec = REGISTRY[code]
    async with client(shared_sim) as http:
        await put_faults(http, next_errors=[{"path_prefix": f"{V1}/health", "code": code.value}])
        response = await http.get(f"{V1}/health")
    body = response.json()
    assert error_code(response) == code.value
    assert response.status_code == spec.http_status
    assert body["error"]["retryable"] is spec.retryable
    assert body["error"].get("retry_after_seconds") == spec.retry_after_seconds
    assert ("Retry-After" in response.headers) == (spec.http_status in (429, 503))


async def test_error_rate(sim: SimProcess) -> None:
    async with client(sim) as http:
        await put_faults(http, error_rate=1.0)
        answers = [await http.get(f"{V1}/wifi/status") for _ in range(6)]
        assert {r.status_code for r in answers} <= {500, 503}
        assert {error_code(r) for r in answers} <= {"INTERNAL_ERROR", "MQTT_UNAVAILABLE"}
        assert all("Retry-After" in r.headers for r in answers if r.status_code == 503)
        await put_faults(http, error_rate=0.0)
        assert (await http.get(f"{V1}/wifi/status")).status_code == 200


async def test_html_and_unavailable_routes(sim: SimProcess) -> None:
    async with client(sim) as http:
        await put_faults(http, html_routes=[f"{V1}/wifi"], unavailable_routes={f"{V1}/cameras": 404, ALLOWLIST: 503})
        html = await http.get(f"{V1}/wifi/scan")
        assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
        old = await http.get(f"{V1}/cameras")
        assert old.status_code == 404 and old.text == "404 page not found"
        proxy = await http.get(ALLOWLIST)
        assert proxy.status_code == 503 and proxy.headers["Retry-After"] == "5"
        assert (await http.get(f"{V1}/health")).status_code == 200


async def test_null_lists_and_request_id_header(sim: SimProcess) -> None:
    async with client(sim) as http:
        await put_faults(http, null_lists=True, request_id_header=True)
        response = await http.get(ALLOWLIST, params={"available": "false"})
        body = response.json()
        assert body["data"]["entries"] is None
        assert "request_id" in body and "correlation_id" not in body
        assert response.headers["X-Request-Id"] == body["request_id"]
        assert "X-Correlation-ID" not in response.headers
        assert int(response.headers["content-length"]) == len(response.content)


async def test_sse_drop_after_and_malformed_sse(sim: SimProcess) -> None:
    async with client(sim) as http:
        await put_faults(http, sse_drop_after=3)
        async with collect_sse(http, f"{BATCH}/events") as dropped:
            await start_session(http)
            await wait_until(lambda: dropped.ended, what="stream dropped")
        assert len(dropped.events) == 3

        await put_faults(http, malformed_sse=2)
        async with collect_sse(http, f"{BATCH}/events") as broken:
            await wait_until(lambda: len(broken.events) >= 4, what="four frames")
        with pytest.raises(json.JSONDecodeError):
            json.loads(broken.events[1].data)
        json.loads(broken.events[0].data)
        json.loads(broken.events[2].data)


async def test_ws_modes_and_malformed_frames(sim: SimProcess) -> None:
    async with client(sim) as http:
        await put_faults(http, ws_mode="closed")
        async with connect(sim.ws_url) as ws:
            with pytest.raises(ConnectionClosed):
                await asyncio.wait_for(ws.recv(), 5)
        await put_faults(http, ws_mode="silent")
        async with connect(sim.ws_url) as ws:
            await ws.send(json.dumps({"type": "ping"}))
            with pytest.raises(TimeoutError):
                await asyncio.wait_for(ws.recv(), 1.5)
        await put_faults(http, ws_mode="updates_only")
        async with connect(sim.ws_url) as ws:
            kinds = [json.loads(await asyncio.wait_for(ws.recv(), 5))["type"] for _ in range(2)]
            await ws.send(json.dumps({"type": "ping"}))
            while (kind := json.loads(await asyncio.wait_for(ws.recv(), 5))["type"]) != "pong":
                kinds.append(kind)
        assert set(kinds) == {"monitoring_update"}
        await put_faults(http, malformed_ws=2)
        async with connect(sim.ws_url) as ws:
            first = await asyncio.wait_for(ws.recv(), 5)
            second = await asyncio.wait_for(ws.recv(), 5)
        assert json.loads(first)["type"] == "initial_data"
        with pytest.raises(json.JSONDecodeError):
            json.loads(second)


async def test_device_fail_forces_code(sim: SimProcess) -> None:
    async with client(sim) as http:
        session_id = await start_session(http)
        mac = sorted(await wait_discovered(http, session_id, 5))[0]
        forced = await http.post(f"/_sim/devices/{mac.lower()}/fail", json={"code": "DEVICE_REJECTED", "times": 1})
        assert forced.json()["device_failures"] == {mac: {"code": "DEVICE_REJECTED", "times": 1}}
        await http.post(f"{BATCH}/{session_id}/provision-all")

        async def settled() -> dict[str, dict[str, object]] | None:
            found = await devices(http, session_id)
            return found if all(d["state"] in ("verified", "failed") for d in found.values()) else None

        found = await wait_until(settled, what="all settled")
        assert found[mac]["state"] == "failed" and found[mac]["error_code"] == "DEVICE_REJECTED"
        assert all(d["state"] == "verified" for m, d in found.items() if m != mac)
        retried = await http.post(f"{BATCH}/{session_id}/devices/{mac}/retry")
        assert retried.status_code == 200
        await wait_until(
            lambda: _state_is(http, session_id, mac, "verified"), what="retry succeeds once the forced failure is used"
        )


async def _state_is(http: httpx.AsyncClient, session_id: str, mac: str, state: str) -> bool:
    return bool((await devices(http, session_id))[mac]["state"] == state)


async def test_forced_error_can_name_its_own_retry_after(sim: SimProcess) -> None:
    async with client(sim) as http:
        await put_faults(
            http,
            next_errors=[{"path_prefix": ALLOWLIST, "code": "RATE_LIMITED", "retry_after_seconds": 2}],
        )
        limited = await http.get(ALLOWLIST)
        assert limited.status_code == 429
        assert limited.headers["Retry-After"] == "2"
        assert limited.json()["error"]["retry_after_seconds"] == 2
        assert (await http.get(ALLOWLIST)).status_code == 200


async def test_ws_mode_applies_to_sockets_already_open(sim: SimProcess) -> None:
    async with client(sim) as http, connect(sim.ws_url) as ws:
        first = json.loads(await asyncio.wait_for(ws.recv(), 5))
        assert first["type"] == "initial_data"
        await put_faults(http, ws_mode="silent")
        await ws.send(json.dumps({"type": "ping"}))
        with pytest.raises(TimeoutError):
            while True:  # drain what was in flight; then nothing more (no pong, no update) may come
                await asyncio.wait_for(ws.recv(), 2)
        await put_faults(http, ws_mode="closed")
        with pytest.raises(ConnectionClosed):
            await asyncio.wait_for(ws.recv(), 5)
