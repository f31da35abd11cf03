"""Every error the provisioning API can produce (handoff §5, §10.4) and the device state machine."""

from __future__ import annotations

from collections.abc import Callable

import httpx

from tests.sim.helpers import (
    ALLOWLIST,
    BATCH,
    START_BODY,
    V1,
    client,
    collect_sse,
    devices,
    error_code,
    start_session,
    wait_device_state,
    wait_discovered,
    wait_until,
)
from tests.support.processes import SimProcess

UNKNOWN_MAC = "24:0A:C4:FF:FF:FE"


async def test_handoff_error_table(sim: SimProcess) -> None:
    async with client(sim) as http:
        missing = await http.get(f"{BATCH}/invalid")
        assert missing.status_code == 404 and error_code(missing) == "SESSION_NOT_FOUND"
        session_id = await start_session(http)
        twice = await http.post(f"{BATCH}/start", json=START_BODY)
        assert twice.status_code == 409 and error_code(twice) == "SESSION_ALREADY_ACTIVE"
        assert twice.json()["error"]["retryable"] is False
        bad_mac = await http.post(ALLOWLIST, json={"mac": "AA:BB"})
        assert bad_mac.status_code == 400 and error_code(bad_mac) == "VALIDATION_FAILED"
        for response in (
            await http.post(f"{BATCH}/nope/provision-all"),
            await http.get(f"{BATCH}/nope/devices"),
            await http.post(f"{BATCH}/nope/stop"),
            await http.post(f"{BATCH}/nope/devices/{UNKNOWN_MAC}/retry"),
        ):
            assert response.status_code == 404 and error_code(response) == "SESSION_NOT_FOUND"
        assert (await http.get(f"{BATCH}/{session_id}")).status_code == 200


async def test_device_errors(sim_factory: Callable[..., SimProcess]) -> None:
    sim = sim_factory(devices=3, unlisted=1)
    async with client(sim) as http:
        fleet = (await http.get("/_sim/fleet")).json()["cameras"]
        unlisted = next(c["mac"] for c in fleet if not c["listed"])
        listed = [c["mac"] for c in fleet if c["listed"]]
        session_id = await start_session(http)
        await wait_discovered(http, session_id, 3)
        base = f"{BATCH}/{session_id}/devices"

        not_listed = await http.post(f"{base}/{unlisted}/provision")
        assert not_listed.status_code == 403 and error_code(not_listed) == "DEVICE_NOT_IN_ALLOWLIST"
        unknown = await http.post(f"{base}/{UNKNOWN_MAC}/provision")
        assert unknown.status_code == 404 and error_code(unknown) == "DEVICE_NOT_FOUND"
        not_failed = await http.post(f"{base}/{listed[0]}/retry")
        assert not_failed.status_code == 409 and error_code(not_failed) == "DEVICE_INVALID_STATE"

        assert (await http.post(f"{base}/{listed[0]}/provision")).status_code == 200
        busy = await http.post(f"{base}/{listed[0]}/provision")
        assert busy.status_code == 409 and error_code(busy) == "DEVICE_ALREADY_PROVISIONING"

        everything = (await http.post(f"{BATCH}/{session_id}/provision-all")).json()["data"]
        assert everything["initiated"] == [listed[1]] or set(everything["initiated"]) == {listed[1]}
        assert unlisted in everything["skipped"] and listed[0] in everything["skipped"]

        await wait_device_state(http, session_id, listed[0], "verified")
        verified = await http.post(f"{base}/{listed[0]}/provision")
        assert verified.status_code == 409 and error_code(verified) == "DEVICE_INVALID_STATE"
        in_list = (await devices(http, session_id))[unlisted]
        assert in_list["in_allowlist"] is False and in_list["state"] == "discovered"

        gone = await http.delete(f"{ALLOWLIST}/{UNKNOWN_MAC}")
        assert gone.status_code == 404 and error_code(gone) == "DEVICE_NOT_FOUND"


async def test_forced_failure_circuit_breaker_and_max_retries(sim: SimProcess) -> None:
    async with client(sim) as http:
        session_id = await start_session(http)
        mac = sorted(await wait_discovered(http, session_id, 5))[0]
        forced = await http.post(f"/_sim/devices/{mac}/fail", json={"code": "DEVICE_UNREACHABLE", "times": 5})
        assert forced.status_code == 200
        base = f"{BATCH}/{session_id}/devices/{mac}"

        await http.post(f"{base}/provision")
        failed = await wait_device_state(http, session_id, mac, "failed")
        assert failed["error_code"] == "DEVICE_UNREACHABLE"
        assert failed["error_message"] == "Cannot connect to device"
        for attempt in (1, 2):
            retried = await http.post(f"{base}/retry")
            assert retried.status_code == 200 and retried.json()["data"]["device"]["retry_count"] == attempt
            await wait_device_state(http, session_id, mac, "failed")

        # three failures in a row: the circuit is open
        opened = await http.post(f"{base}/retry")
        assert opened.status_code == 503 and error_code(opened) == "CIRCUIT_OPEN"
        retry_after = int(opened.headers["Retry-After"])
        assert 1 <= retry_after <= 2 and opened.json()["error"]["retryable"] is True
        assert opened.json()["error"]["retry_after_seconds"] == retry_after

        # half-open after the pause (30 simulated seconds): one more attempt goes through
        async def half_open() -> httpx.Response | None:
            response = await http.post(f"{base}/retry")
            return None if response.status_code == 503 else response

        half = await wait_until(half_open, what="circuit half-open")
        assert half.status_code == 200 and half.json()["data"]["device"]["retry_count"] == 3
        await wait_device_state(http, session_id, mac, "failed")
        exhausted = await http.post(f"{base}/retry")
        assert exhausted.status_code == 409 and error_code(exhausted) == "MAX_RETRIES_EXCEEDED"


async def test_timeouts_produce_device_and_verification_timeouts(sim: SimProcess) -> None:
    async with client(sim) as http:
        session_id = await start_session(http, provisioning_timeout_seconds=1)
        mac = sorted(await wait_discovered(http, session_id, 5))[0]
        await http.post(f"{BATCH}/{session_id}/devices/{mac}/provision")
        assert (await wait_device_state(http, session_id, mac, "failed"))["error_code"] == "DEVICE_TIMEOUT"
        await http.post(f"{BATCH}/{session_id}/stop")
        await wait_until(lambda: _closed(http, session_id), what="closed")

        session_id = await start_session(http, verification_timeout_seconds=1)
        mac = sorted(await wait_discovered(http, session_id, 5))[0]
        await http.post(f"{BATCH}/{session_id}/devices/{mac}/provision")
        failed = await wait_device_state(http, session_id, mac, "failed")
        assert failed["error_code"] == "VERIFICATION_TIMEOUT" and failed["provisioned_at"]


async def _closed(http: httpx.AsyncClient, session_id: str) -> bool:
    return bool((await http.get(f"{BATCH}/{session_id}")).json()["data"]["session"]["state"] == "closed")


async def test_failure_rate_one_fails_every_device_with_a_device_code(sim_factory: Callable[..., SimProcess]) -> None:
    sim = sim_factory(failure_rate=1.0, devices=4)
    async with client(sim) as http:
        session_id = await start_session(http)
        await wait_discovered(http, session_id, 4)
        await http.post(f"{BATCH}/{session_id}/provision-all")

        async def all_failed() -> dict[str, dict[str, object]] | None:
            found = await devices(http, session_id)
            return found if all(d["state"] == "failed" for d in found.values()) else None

        found = await wait_until(all_failed, what="all failed")
    codes = {d["error_code"] for d in found.values()}
    assert codes <= {"DEVICE_UNREACHABLE", "DEVICE_TIMEOUT", "DEVICE_REJECTED", "VERIFICATION_TIMEOUT"}
    assert all(d["error_message"] for d in found.values())


async def test_closed_and_expired_sessions(sim: SimProcess) -> None:
    async with client(sim) as http, collect_sse(http, f"{BATCH}/events") as stream:
        session_id = await start_session(http)
        await http.post(f"{BATCH}/{session_id}/stop")
        for _ in range(2):
            again = await http.post(f"{BATCH}/{session_id}/stop")
            assert again.status_code == 409 and error_code(again) == "SESSION_ALREADY_CLOSED"
        await wait_until(lambda: _closed(http, session_id), what="closed")
        closed = await http.post(f"{BATCH}/{session_id}/provision-all")
        assert closed.status_code == 409 and error_code(closed) == "SESSION_ALREADY_CLOSED"

        # 1+1+1 simulated seconds plus a 30 s margin: expires 1.65 s after start at speed 20
        short = await start_session(
            http, discovery_timeout_seconds=1, provisioning_timeout_seconds=1, verification_timeout_seconds=1
        )
        warning = await stream.wait_for("session.timeout_warning")
        assert warning[0].body["session_id"] == short
        await wait_until(lambda: _closed(http, short), what="expired session closed")
        expired = await http.post(f"{BATCH}/{short}/provision-all")
        assert expired.status_code == 410 and error_code(expired) == "SESSION_EXPIRED"
        stop_expired = await http.post(f"{BATCH}/{short}/stop")
        assert stop_expired.status_code == 410
        errors = [e.body["payload"] for e in stream.of("error.occurred")]
        assert {"code": "SESSION_EXPIRED", "message": "Session has expired"} in errors
        snapshot = (await http.get(f"{BATCH}/{short}")).json()["data"]
        assert snapshot["timeout_remaining"] == "0s"
        # a new session can start once the old one is closed
        assert (await http.post(f"{BATCH}/start", json=START_BODY)).status_code == 201


async def test_new_session_supersedes_a_recoverable_one(sim: SimProcess) -> None:
    async with client(sim) as http:
        old = await start_session(http)
    sim.kill()
    sim.start()
    async with client(sim) as http:
        assert [
            s["id"] for s in (await http.get(f"{V1}/provisioning/sessions/recoverable")).json()["data"]["sessions"]
        ] == [old]
        new = await start_session(http)
        assert new != old
        assert (await http.get(f"{V1}/provisioning/sessions/recoverable")).json()["data"]["sessions"] == []
        assert (await http.get(f"{BATCH}/{old}")).json()["data"]["session"]["state"] == "closed"
