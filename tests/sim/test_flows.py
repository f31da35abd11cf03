"""Golden flows (handoff §10.5): five cameras to verified; recovery after a power loss."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pidash.contract.provisioning import ProvisionAllData, RecoverableSessionsData, ResumeSessionData, SessionData
from tests.sim.helpers import (
    BATCH,
    V1,
    client,
    collect_sse,
    devices,
    start_session,
    wait_device_state,
    wait_discovered,
    wait_until,
)
from tests.support.processes import SimProcess


def apply_events(events: list[Any]) -> dict[str, dict[str, Any]]:
    """What a consumer ends with after applying device events in order."""
    state: dict[str, dict[str, Any]] = {}
    for event in events:
        if event.event.startswith("device."):
            device = event.body["payload"]["device"]
            state[device["mac"]] = device
    return state


async def test_flow1_five_cameras_to_verified(sim: SimProcess) -> None:
    async with client(sim) as http, collect_sse(http, f"{BATCH}/events") as stream:
        session_id = await start_session(http)
        discovered = await stream.wait_for("device.discovered", 5)
        macs = {e.body["payload"]["device"]["mac"] for e in discovered}
        assert len(macs) == 5

        started = ProvisionAllData.model_validate(
            (await http.post(f"{BATCH}/{session_id}/provision-all")).json()["data"]
        )
        assert set(started.initiated) == macs and started.skipped == []

        await stream.wait_for("device.verified", 5)
        snapshot = SessionData.model_validate(
            (await http.get(f"{BATCH}/{session_id}", params={"include_devices": "true"})).json()["data"]
        )
        assert snapshot.session.verified_count == 5 and snapshot.session.device_count == 5
        assert snapshot.devices is not None and {d.state for d in snapshot.devices} == {"verified"}
        assert all(d.verified_at and d.provisioned_at and d.in_allowlist for d in snapshot.devices)
        assert snapshot.timeout_remaining is not None and snapshot.timeout_remaining.endswith("s")

        consumer = apply_events(stream.events)
        assert consumer == {d.mac: d.dump() for d in snapshot.devices}

        for event_type in ("device.provisioning_started", "device.provisioning_completed", "device.state_changed"):
            assert stream.macs(event_type) == macs, event_type
        states = [e.body["payload"]["session"]["state"] for e in stream.of("session.state_changed")]
        assert states[:1] == ["active"]

        cameras = (await http.get(f"{V1}/cameras")).json()["data"]["cameras"]
        assert macs <= {c["mac"] for c in cameras}
        allowlist = (await http.get(f"{V1}/provisioning/allowlist", params={"available": "false"})).json()["data"]
        assert {e["mac"] for e in allowlist["entries"]} == macs and all(e["used_at"] for e in allowlist["entries"])

        stopped = await http.post(f"{BATCH}/{session_id}/stop")
        assert stopped.status_code == 200 and stopped.json()["data"]["session"]["state"] == "closing"
        closed = await stream.wait_for("session.closed")
        assert closed[0].body["payload"]["session"]["state"] == "closed"
        assert [e.body["payload"]["session"]["state"] for e in stream.of("session.state_changed")][-2:] == [
            "closing",
            "closed",
        ]
        await stream.wait_for("network.stopped")  # emitted after session.closed, maybe in a later frame
        final = (await http.get(f"{BATCH}/{session_id}")).json()["data"]
        assert final["session"]["state"] == "closed" and final["network_status"]["is_active"] is False


async def test_flow2_recovery_after_kill(sim_factory: Callable[..., SimProcess]) -> None:
    sim = sim_factory(devices=4)
    async with client(sim) as http:
        session_id = await start_session(http)
        found = await wait_discovered(http, session_id, 4)
        first, second = sorted(found)[:2]
        assert (await http.post(f"{BATCH}/{session_id}/devices/{first}/provision")).status_code == 200
        await wait_device_state(http, session_id, first, "verified")
        assert (await http.post(f"{BATCH}/{session_id}/devices/{second}/provision")).status_code == 200
        before = await devices(http, session_id)
    sim.kill()  # mid-batch: the second camera's walk takes at least 175 ms at speed 20
    assert before[second]["state"] == "provisioning"
    sim.start()
    async with client(sim) as http:
        recoverable = RecoverableSessionsData.model_validate(
            (await http.get(f"{V1}/provisioning/sessions/recoverable")).json()["data"]
        )
        assert [s.id for s in recoverable.sessions] == [session_id]
        assert recoverable.sessions[0].state == "paused"
        after = await devices(http, session_id)
        walk = ["provisioning", "provisioned", "verifying"]
        assert after[second]["state"] in walk, "the interrupted device keeps its in-flight state"
        assert walk.index(after[second]["state"]) >= walk.index(before[second]["state"])
        assert {m: d for m, d in after.items() if m != second} == {m: d for m, d in before.items() if m != second}

        # actions on a paused session are refused until it is resumed
        refused = await http.post(f"{BATCH}/{session_id}/provision-all")
        assert refused.status_code == 409 and refused.json()["error"]["code"] == "DEVICE_INVALID_STATE"

        resumed = ResumeSessionData.model_validate(
            (await http.post(f"{V1}/provisioning/sessions/{session_id}/resume")).json()["data"]
        )
        assert resumed.session.state in ("active", "discovering")
        assert resumed.devices is not None
        assert {d.mac: d.state for d in resumed.devices} == {mac: d["state"] for mac, d in after.items()}
        assert (await http.get(f"{V1}/provisioning/sessions/recoverable")).json()["data"]["sessions"] == []

        # the interrupted walk of the second device goes on after the resume
        await wait_device_state(http, session_id, second, "verified")
        again = await http.post(f"{V1}/provisioning/sessions/{session_id}/resume")
        assert again.status_code == 409 and again.json()["error"]["code"] == "SESSION_ALREADY_ACTIVE"
        await http.post(f"{BATCH}/{session_id}/stop")

        async def closed() -> bool:
            return bool((await http.get(f"{BATCH}/{session_id}")).json()["data"]["session"]["state"] == "closed")

        await wait_until(closed, what="session closed")
        gone = await http.post(f"{V1}/provisioning/sessions/{session_id}/resume")
        assert gone.status_code == 409 and gone.json()["error"]["code"] == "SESSION_NOT_RECOVERABLE"
        unknown = await http.post(f"{V1}/provisioning/sessions/sess_unknown/resume")
        assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "SESSION_NOT_FOUND"


async def test_network_state_filter_available_filter_and_allowlist_events(
    sim_factory: Callable[..., SimProcess],
) -> None:
    sim = sim_factory(devices=3, unlisted=1)
    async with client(sim) as http, collect_sse(http, f"{BATCH}/events") as stream:
        idle = (await http.get(f"{BATCH}/network")).json()["data"]
        assert idle["ssid"] == "DelicasaOnboard" and idle["is_active"] is False
        session_id = await start_session(http)
        found = await wait_discovered(http, session_id, 3)
        network = (await http.get(f"{BATCH}/network")).json()["data"]
        assert network["is_active"] is True and network["connected_devices"] == 3

        unlisted = next(mac for mac, d in found.items() if not d["in_allowlist"])
        added = await http.post(f"{V1}/provisioning/allowlist", json={"mac": unlisted, "container_id": "c7"})
        assert added.status_code == 201
        changed = await stream.wait_for("device.state_changed")
        assert changed[-1].body["payload"]["device"]["in_allowlist"] is True
        assert changed[-1].body["payload"]["device"]["container_id"] == "c7"

        assert (await http.post(f"{BATCH}/{session_id}/devices/{unlisted}/provision")).status_code == 200
        await wait_device_state(http, session_id, unlisted, "verified")
        by_state = (await http.get(f"{BATCH}/{session_id}/devices", params={"state": "verified"})).json()["data"]
        assert [d["mac"] for d in by_state["devices"]] == [unlisted]
        waiting = (await http.get(f"{BATCH}/{session_id}/devices", params={"state": "discovered"})).json()["data"]
        assert len(waiting["devices"]) == 2

        available = (await http.get(f"{V1}/provisioning/allowlist", params={"available": "true"})).json()["data"]
        used = (await http.get(f"{V1}/provisioning/allowlist", params={"available": "false"})).json()["data"]
        assert unlisted not in {e["mac"] for e in available["entries"]}
        assert [e["mac"] for e in used["entries"]] == [unlisted] and used["entries"][0]["used"] is True
        assert apply_events(stream.events) == await devices(http, session_id)
