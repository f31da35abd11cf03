"""``pidash sim --dialect field``, ``--old-build`` and ``--listener web-ui`` on the wire.

Raw HTTP, so that each field-notes shape is checked as a Pi would send it (the client's reading of
them is in ``tests/contract/test_field_notes.py`` and the dialect-parametrised integration tests).
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Callable

import httpx

from tests.sim.helpers import ALLOWLIST, BATCH, START_BODY, V1, client, wait_until
from tests.support.processes import SimProcess

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


async def read_raw(http: httpx.AsyncClient, path: str, until: Callable[[str], bool], within: float = 15.0) -> str:
    text = ""

    async def read() -> None:
        nonlocal text
        async with http.stream("GET", path, timeout=httpx.Timeout(5.0, read=within + 5)) as response:
            assert response.status_code == 200
            async for chunk in response.aiter_text():
                text += chunk
                if until(text):
                    return

    await asyncio.wait_for(read(), within)
    return text


async def test_field_stream_gin_framing_flat_vocabulary_no_ids(sim_factory: Callable[..., SimProcess]) -> None:
    sim = sim_factory(dialect="field", speed=40.0)
    async with client(sim) as http:
        reader = asyncio.create_task(
            read_raw(http, f"{BATCH}/events", lambda t: t.count("event:device.state_changed") >= 2, 20.0)
        )
        await asyncio.sleep(0.3)
        started = await http.post(f"{BATCH}/start", json=START_BODY)
        assert started.status_code == 201
        sid = started.json()["data"]["session"]["id"]
        assert UUID.match(sid), sid  # bare UUIDs (captured)
        devices = await wait_until(lambda: _discovered(http, sid), 15.0, "a discovered camera")
        answer = await http.post(f"{BATCH}/{sid}/provision-all")
        assert answer.status_code == 202 and set(answer.json()) == {"initiated_count", "skipped_count", "message"}
        assert devices
        text = await reader
    frames = [f for f in text.split("\n\n") if f]
    assert frames[0].startswith("event:connection.established\ndata:")
    assert all(not line.startswith(("id:", "retry:")) for f in frames for line in f.split("\n"))
    assert "event: " not in text and "connection.heartbeat" not in text
    first = json.loads(frames[0].split("data:", 1)[1])
    assert first["version"] == "1.0" and "session_id" not in first and "session_id" not in first["payload"]
    discovered = next(json.loads(f.split("data:", 1)[1]) for f in frames if f.startswith("event:device.discovered"))
    assert set(discovered["payload"]) == {"mac", "ip", "rssi", "firmware_version", "in_allowlist"}
    changed = next(json.loads(f.split("data:", 1)[1]) for f in frames if f.startswith("event:device.state_changed"))
    assert set(changed["payload"]) == {"mac", "previous_state", "new_state", "progress", "error"}
    assert any(f.startswith("event:session.status") for f in frames)


async def _discovered(http: httpx.AsyncClient, sid: str) -> list[object] | None:
    body = (await http.get(f"{BATCH}/{sid}", params={"include_devices": "true"})).json()["data"]
    return body["devices"] or None


async def test_field_replies_routes_and_envelopes(sim_factory: Callable[..., SimProcess]) -> None:
    sim = sim_factory(dialect="field")
    async with client(sim) as http:
        missing = await http.get(f"{V1}/auth/status")
        assert missing.status_code == 404 and missing.json()["error"]["code"] == "NOT_FOUND"
        assert (await http.get("/health")).json() == {"status": "healthy", "version": "0.2.0-sim"}
        info = await http.get(f"{V1}/system/info")
        assert "correlation_id" not in info.json() and info.headers["x-request-id"]
        data = info.json()["data"]
        assert "hostname" not in data and isinstance(data["uptime"], int) and "usage_percent" in data["cpu"]
        cams = (await http.get(f"{V1}/cameras")).json()["data"]
        assert isinstance(cams, list) and all(c["device_id"].startswith("espcam-") for c in cams)
        config = (await http.get(f"{V1}/config")).json()["data"]["sections"]
        items = [i for s in config for i in s["items"]]
        assert all(isinstance(i["value"], str) for i in items)
        assert any(i["type"] == "secret" and i["value"] == "mqtt-s3cret" for i in items)  # in clear: the worst case
        # Door: ``duration`` is read, ``duration_seconds`` is not; the reply has no data.
        opened = await http.post(f"{V1}/door/open", json={"duration_seconds": 40, "duration": 7})
        assert opened.json()["success"] is True and "data" not in opened.json()
        assert (await http.get(f"{V1}/door/status")).json()["data"]["lock_state"] == "unlocked"
        await http.post(f"{V1}/door/close")
        await http.post(f"{V1}/door/open", json={"duration_seconds": 40})
        removed = await http.delete(f"{ALLOWLIST}/AA:BB:CC:00:00:01")
        assert removed.status_code in (200, 404)
    log = sim.log_text()
    assert "Door opened for 7s" in log and "Door opened for 5s" in log and "Door opened for 40s" not in log


async def test_old_build_missing_v1_routes_and_legacy_envelopes(sim_factory: Callable[..., SimProcess]) -> None:
    sim = sim_factory(extra_args=["--old-build", "json-404"])
    async with client(sim) as http:
        for path in ("/system/info", "/wifi/scan", "/door/status", "/cameras", "/config"):
            answer = await http.get(f"{V1}{path}")
            assert answer.status_code == 404 and answer.json()["error"]["code"] == "NOT_FOUND", path
        assert "cpu" in (await http.get("/api/system/info")).json()  # bare
        scan = (await http.get("/api/wifi/scan")).json()
        assert scan["success"] is True and scan["count"] == len(scan["networks"])  # flat
        assert set((await http.get("/api/dashboard/logs")).json()) == {"count", "logs"}
        assert (await http.get(f"{BATCH}/network")).status_code == 200  # provisioning is there
    html = sim_factory(extra_args=["--old-build", "html"])
    async with client(html) as http:
        page = await http.get(f"{V1}/system/info")
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")


async def test_web_ui_listener_open_provisioning_and_rate_limit(sim_factory: Callable[..., SimProcess]) -> None:
    sim = sim_factory(extra_args=["--listener", "web-ui"])
    async with client(sim, keyed=False) as http:
        await asyncio.sleep(1.1)  # the start-up probe used this route group's second
        first = await http.get(ALLOWLIST)
        assert first.status_code == 200  # V1 provisioning without auth (Pi team)
        second = await http.get(ALLOWLIST)
        assert second.status_code == 429
        error = second.json()["error"]
        assert error["code"] == "RATE_LIMITED" and "retry after" in error["details"]
        assert "retry_after_seconds" not in error and "retry-after" not in second.headers
        assert (await http.get(f"{BATCH}/network")).status_code == 200  # another route group
        await asyncio.sleep(1.1)
        assert (await http.get(ALLOWLIST)).status_code == 200
        assert (await http.get(f"{V1}/door/status")).status_code == 401  # the rest keeps its key
