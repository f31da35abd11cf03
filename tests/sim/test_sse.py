"""The provisioning SSE stream (handoff §7.2) and the log stream (§7.3)."""

from __future__ import annotations

import json
import time
from collections.abc import Callable

from tests.sim.helpers import BATCH, V1, client, collect_sse, start_session, wait_until
from tests.support.processes import SimProcess

LOGS = f"{V1}/system/logs/stream"


async def test_headers_established_ids_and_event_field(sim: SimProcess) -> None:
    async with client(sim) as http:
        async with collect_sse(http, f"{BATCH}/events") as idle:
            assert idle.status == 200
            assert idle.headers is not None
            assert idle.headers["content-type"].startswith("text/event-stream")
            assert idle.headers["cache-control"] == "no-cache"
            assert idle.headers["connection"] == "keep-alive"
            assert idle.headers["x-accel-buffering"] == "no"
            first = idle.events[0]
            assert first.event == "connection.established" and first.retry == 3000
            assert first.body["version"] == "1.0" and first.body["payload"]["session_id"] is None
            assert first.body["payload"]["message"]
            session_id = await start_session(http)
            await idle.wait_for("device.discovered", 5)

        async with collect_sse(http, f"{BATCH}/events") as late:
            established = late.events[0]
            assert established.event == "connection.established"
            assert established.body["payload"]["session_id"] == session_id

    events = [e for e in idle.events if e.event != "connection.established"]
    for event in events:
        assert event.event == event.body["type"], "the SSE event field is the envelope type"
        assert event.body["version"] == "1.0" and event.body["timestamp"].endswith("Z")
    bus = [e for e in events if not e.event.startswith("connection.")]
    ids = [int(e.id) for e in bus]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    assert [e.event for e in bus[:2]] == ["session.started", "network.started"]
    assert bus[0].body["payload"]["session"]["id"] == session_id
    assert bus[1].body["payload"]["status"] == {"ssid": "DelicasaOnboard", "is_active": True, "connected_devices": 0}


async def test_heartbeat_and_connection_frames_carry_no_id(sim: SimProcess) -> None:
    """Read raw frames: heartbeats come every 0.75 s at speed 20 and never move Last-Event-ID."""
    frames: list[str] = []
    async with client(sim) as http, http.stream("GET", f"{BATCH}/events") as response:
        buffer = ""
        async for chunk in response.aiter_text():
            buffer += chunk
            while "\n\n" in buffer:
                frame, buffer = buffer.split("\n\n", 1)
                frames.append(frame)
            if sum("connection.heartbeat" in f for f in frames) >= 2:
                break
    assert frames[0].startswith("event: connection.established")
    heartbeat = next(f for f in frames if "event: connection.heartbeat" in f)
    data = json.loads(heartbeat.split("data: ", 1)[1].splitlines()[0])
    assert data["type"] == "connection.heartbeat" and data["payload"] is None
    assert not any(line.startswith("id:") for f in frames for line in f.splitlines())


async def test_session_filter_and_unknown_session(sim: SimProcess) -> None:
    async with client(sim) as http:
        first = await start_session(http)
        await http.post(f"{BATCH}/{first}/stop")

        async def first_closed() -> bool:
            return bool((await http.get(f"{BATCH}/{first}")).json()["data"]["session"]["state"] == "closed")

        await wait_until(first_closed, what="first session closed")
        async with collect_sse(http, f"{BATCH}/events?session_id={first}") as filtered:
            second = await start_session(http)
            async with collect_sse(http, f"{BATCH}/events?session_id={second}") as mine:
                await mine.wait_for("device.discovered", 5)
        unknown = await http.get(f"{BATCH}/events", params={"session_id": "sess_nope"})
    assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "SESSION_NOT_FOUND"
    assert all(e.body.get("session_id") == second for e in mine.events if e.event != "connection.heartbeat")
    assert [e.event for e in filtered.events if not e.event.startswith("connection.")] == []


async def test_last_event_id_resume(sim: SimProcess) -> None:
    async with client(sim) as http:
        async with collect_sse(http, f"{BATCH}/events") as first:
            await start_session(http)
            seen = await first.wait_for("device.discovered", 5)
        bus = [e for e in first.events if not e.event.startswith("connection.")]
        resume_from = bus[1]
        async with collect_sse(http, f"{BATCH}/events", headers={"Last-Event-ID": resume_from.id}) as resumed:
            await wait_until(lambda: len(resumed.events) >= len(bus) - 1, what="replay")
        assert resumed.events[0].event == "connection.established"
        replayed = [e for e in resumed.events if not e.event.startswith("connection.")]
        assert [e.id for e in replayed[: len(bus) - 2]] == [e.id for e in bus[2:]]
        assert replayed[0].data == bus[2].data

        async with collect_sse(http, f"{BATCH}/events", headers={"Last-Event-ID": "1"}) as too_old:
            await wait_until(lambda: any(e.event == "connection.heartbeat" for e in too_old.events), what="heartbeat")
        assert [e.event for e in too_old.events if not e.event.startswith("connection.")] == []
    assert len(seen) == 5


async def test_log_stream_ids_keepalive_and_resume(shared_sim: SimProcess) -> None:
    async with client(shared_sim, keyed=False) as http:
        async with collect_sse(http, LOGS) as logs:
            assert logs.headers is not None and logs.headers["content-type"].startswith("text/event-stream")
            await http.get(f"{V1}/wifi/scan")
            await wait_until(lambda: len(logs.of("log")) >= 3, what="three log lines")
            keepalive = await logs.wait_for("keepalive")
        entries = logs.of("log")
        ids = [int(e.id) for e in logs.events]
        assert ids == sorted(ids) and len(set(ids)) == len(ids)
        assert keepalive[0].data == "{}"
        assert {"timestamp", "level", "component", "message"} <= set(entries[0].body)
        assert any("/api/v1/wifi/scan" in e.body["message"] for e in entries), "requests show up in the log"

        async with collect_sse(http, LOGS, headers={"Last-Event-ID": entries[0].id}) as resumed:
            await wait_until(lambda: resumed.of("log"), what="replayed log")
        assert resumed.of("log")[0].id == entries[1].id


async def test_open_streams_do_not_block_shutdown(sim_factory: Callable[..., SimProcess]) -> None:
    sim = sim_factory()
    async with client(sim) as http, collect_sse(http, f"{BATCH}/events") as events, collect_sse(http, LOGS):
        assert sim.proc is not None
        started = time.monotonic()
        sim.proc.terminate()
        sim.proc.wait(10)
        elapsed = time.monotonic() - started
        await wait_until(lambda: events.ended, what="stream ended by the server")
    assert elapsed < 1.5, "streams end at once instead of waiting for the graceful-shutdown timeout"
    assert "Application shutdown complete" in sim.log_text()
    assert "timeout graceful shutdown exceeded" not in sim.log_text()
