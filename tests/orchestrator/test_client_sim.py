"""The REST client against the real simulator: every endpoint, every error shape, retries."""

from __future__ import annotations

import logging
import time

import httpx
import pytest
from pydantic import SecretStr

from pidash.contract.provisioning import AllowlistEntryRequest, StartSessionRequest
from pidash.orchestrator import OrchestratorError
from tests.orchestrator.helpers import Sleeps, client_for, reset_faults, set_faults
from tests.support.processes import SimProcess

START = StartSessionRequest(target_ssid="FactoryNet", target_password="correct-horse")
NEW_MAC = "AA:BB:CC:00:11:22"


@pytest.mark.dialects
async def test_every_endpoint_typed(sim: SimProcess) -> None:
    client = client_for(sim)
    try:
        assert (await client.auth_status()).data.required is True
        # field: /auth/status exists on no build seen; a protected read without the key tells
        assert client.capabilities.auth_source == ("protected read" if sim.dialect == "field" else "/auth/status")
        started = await client.start_session(START)
        assert started.status == 201
        sid = started.data.session.id
        assert started.correlation_id
        snap = await client.get_session(sid)
        assert snap.data.session.id == sid and snap.data.devices is not None
        assert isinstance((await client.list_devices(sid)).data, list)
        assert isinstance((await client.list_devices(sid, state="discovered")).data, list)
        assert (await client.network_status()).data.ssid
        allow = (await client.list_allowlist()).data
        assert len(allow) == 5
        assert isinstance((await client.list_allowlist(available=True)).data, list)
        added = await client.add_allowlist_entry(AllowlistEntryRequest(mac=NEW_MAC, description="bench"))
        assert added.data.mac == NEW_MAC
        removed = await client.remove_allowlist_entry(NEW_MAC)
        assert removed.data is None and removed.status in (200, 204)
        assert (await client.provision_all(sid)).data.started_count is not None  # field: 202 with counts
        assert isinstance((await client.recoverable_sessions()).data, list)
        info = (await client.system_info()).data
        assert info.cpu_usage > 0 and info.uptime
        assert bool(info.hostname) is (sim.dialect == "handoff")  # field: no hostname (captured)
        assert (await client.health()).data.status
        networks = (await client.wifi_scan()).data
        assert networks and all(n.rssi < 0 for n in networks)  # field: ``signal``
        assert (await client.wifi_status()).data.connected is True  # field: ``client_status``
        assert (await client.door_status()).data.state
        opened = (await client.open_door(3)).data
        assert opened is None if sim.dialect == "field" else opened is not None and opened.state == "open"
        assert (await client.door_status()).data.locked is False  # field: ``lock_state``
        assert "Door opened for 3s" in sim.log_text()  # field: the Pi reads ``duration``
        closed = (await client.close_door()).data
        assert closed is None if sim.dialect == "field" else closed is not None and closed.state == "closed"
        sections = (await client.get_config()).data
        assert sections and any(i.secret for s in sections for i in s.items)  # field: ``type: secret``
        editable = next(i for s in sections for i in s.items if i.editable and not i.secret)
        saved = (await client.set_config(editable.key, editable.value)).data
        assert saved is not None and saved.key == editable.key
        cameras = (await client.cameras()).data
        assert cameras and all(c.id and c.rssi for c in cameras)  # field: ``device_id``, ``health.wifi_rssi``
        stopped = await client.stop_session(sid)
        assert stopped.data.session.id == sid
    finally:
        await client.aclose()


async def test_errors_nested_and_flat(sim: SimProcess) -> None:
    client = client_for(sim)
    try:
        with pytest.raises(OrchestratorError) as info:
            await client.get_session("sess_nope")
        err = info.value
        assert err.code == "SESSION_NOT_FOUND" and err.http_status == 404 and not err.retryable
        assert err.correlation_id and str(err.message).startswith("This provisioning session")

        for bad in (None, "wrong-key"):
            other = client.with_key(SecretStr(bad) if bad else None)
            with pytest.raises(OrchestratorError) as info:
                await other.start_session(START)
            assert info.value.code == "UNAUTHORIZED" and info.value.http_status == 401
            assert info.value.is_auth_error
            await other.aclose()  # must not close the shared pool
        assert (await client.auth_status()).data.required

        with pytest.raises(OrchestratorError) as info:
            await client.add_allowlist_entry(AllowlistEntryRequest.model_construct(mac="nonsense"))
        assert info.value.code in ("VALIDATION_FAILED", "INVALID_REQUEST")
    finally:
        await client.aclose()


async def test_transport_failure_is_connection_failed() -> None:
    sleeps = Sleeps()
    from pidash.orchestrator import OrchestratorClient
    from tests.support.processes import free_port

    client = OrchestratorClient(f"http://127.0.0.1:{free_port()}", SecretStr("k"), sleep=sleeps)
    with pytest.raises(OrchestratorError) as info:
        await client.system_info()
    assert info.value.code == "CONNECTION_FAILED" and info.value.retryable
    assert sleeps.calls == [1.0, 2.0]  # three attempts, 1 s then 2 s
    with pytest.raises(OrchestratorError):
        await client.close_door()
    assert sleeps.calls == [1.0, 2.0]  # a mutation is never retried
    await client.aclose()


async def test_html_null_lists_and_request_id_faults(sim: SimProcess) -> None:
    client = client_for(sim)
    try:
        await set_faults(sim, html_routes=["/api/v1/system/info"])
        with pytest.raises(OrchestratorError) as info:
            await client.system_info()
        assert info.value.code == "NOT_V1_API"
        assert "not the PiOrchestrator V1 API" in str(info.value.message)
        await reset_faults(sim)
        # The route is remembered missing: not asked again before the slow interval.
        with pytest.raises(OrchestratorError) as info:
            await client.system_info()
        assert info.value.code == "NOT_V1_API"
        await client.aclose()
        client = client_for(sim)  # a dashboard started now learns afresh

        await set_faults(sim, null_lists=True)
        reply = await client.list_allowlist(available=False)
        assert isinstance(reply.data, list)
        assert await client.recoverable_sessions() is not None
        await reset_faults(sim)

        await set_faults(sim, request_id_header=True)
        reply_info = await client.system_info()
        async with httpx.AsyncClient() as raw:
            response = await raw.get(f"{sim.url}/api/v1/system/info")
        assert "correlation_id" not in response.json()
        assert reply_info.correlation_id
        # The id is the Pi's (body request_id / X-Request-Id), not one made up by the client.
        with pytest.raises(OrchestratorError) as info:
            await client.get_session("sess_nope")
        assert info.value.correlation_id
        await reset_faults(sim)

        # A route an older Pi does not have: plain-text 404.
        await set_faults(sim, unavailable_routes={"/api/v1/door": 404})
        with pytest.raises(OrchestratorError) as info:
            await client.door_status()
        assert info.value.code == "NOT_V1_API" and info.value.http_status == 404
    finally:
        await client.aclose()


async def test_get_retries_post_does_not(sim: SimProcess) -> None:
    sleeps = Sleeps()
    client = client_for(sim, sleep=sleeps)
    try:
        # A GET meeting two retryable errors succeeds on the third attempt, waiting 1 s then 2 s.
        await set_faults(
            sim, next_errors=[{"method": "GET", "path_prefix": "/api/v1/system/info", "code": "MQTT_UNAVAILABLE",
                               "count": 2}]
        )  # fmt: skip
        assert (await client.system_info()).data.hostname
        assert len(sleeps.calls) == 2
        # Three errors exhaust the three attempts; the fourth request (next call) succeeds.
        sleeps.calls.clear()
        await set_faults(
            sim, next_errors=[{"method": "GET", "path_prefix": "/api/v1/system/info", "code": "MQTT_UNAVAILABLE",
                               "count": 3}]
        )  # fmt: skip
        with pytest.raises(OrchestratorError) as info:
            await client.system_info()
        assert info.value.code == "MQTT_UNAVAILABLE" and info.value.retryable
        assert len(sleeps.calls) == 2
        assert (await client.system_info()).data.hostname

        # A POST meeting a retryable error is sent exactly once: it raises, and the one
        # queued error is consumed by that single request (the next POST goes through).
        sleeps.calls.clear()
        await set_faults(
            sim, next_errors=[{"method": "POST", "path_prefix": "/api/v1/provisioning/allowlist",
                               "code": "MQTT_UNAVAILABLE", "count": 1}]
        )  # fmt: skip
        with pytest.raises(OrchestratorError) as info:
            await client.add_allowlist_entry(AllowlistEntryRequest(mac=NEW_MAC))
        assert info.value.retryable and sleeps.calls == []
        assert NEW_MAC not in [e.mac for e in (await client.list_allowlist()).data]
        assert (await client.add_allowlist_entry(AllowlistEntryRequest(mac=NEW_MAC))).data.mac == NEW_MAC
    finally:
        await client.aclose()


async def test_get_meeting_429_waits_retry_after_then_succeeds(sim: SimProcess) -> None:
    # The sim names 30 s (the registry's RATE_LIMITED default, body and Retry-After); the
    # injected sleep records the wait instead of spending it.
    sleeps = Sleeps()
    client = client_for(sim, sleep=sleeps, max_retry_wait=60)
    try:
        await set_faults(
            sim, next_errors=[{"method": "GET", "path_prefix": "/api/v1/system/info", "code": "RATE_LIMITED",
                               "count": 1}]
        )  # fmt: skip
        reply = await client.system_info()
        assert reply.data.hostname
        assert sleeps.calls == [30.0]  # the wait the Pi named, not the 1-2 s ladder's guess

        # Beyond max_retry_wait the GET does not block the caller: it raises with the wait.
        impatient = client_for(sim, sleep=sleeps, max_retry_wait=10)
        await set_faults(
            sim, next_errors=[{"method": "GET", "path_prefix": "/api/v1/system/info", "code": "RATE_LIMITED",
                               "count": 1}]
        )  # fmt: skip
        with pytest.raises(OrchestratorError) as info:
            await impatient.system_info()
        assert info.value.code == "RATE_LIMITED" and info.value.retry_after_seconds == 30
        assert info.value.http_status == 429
        await impatient.aclose()
    finally:
        await client.aclose()


async def test_get_meeting_429_really_waits_retry_after(sim: SimProcess) -> None:
    # A real wait: the Pi asks for 2 s, the GET sleeps that long and then succeeds.
    client = client_for(sim)
    try:
        await set_faults(
            sim, next_errors=[{"method": "GET", "path_prefix": "/api/v1/provisioning/allowlist", "code": "RATE_LIMITED",
                               "retry_after_seconds": 2}]
        )  # fmt: skip
        started = time.monotonic()
        reply = await client.list_allowlist()
        waited = time.monotonic() - started
        assert len(reply.data) == 5
        assert 2.0 <= waited < 6.0
    finally:
        await client.aclose()


async def test_api_key_is_in_no_log_line_repr_or_error(sim: SimProcess, caplog: pytest.LogCaptureFixture) -> None:
    import asyncio

    from pidash.orchestrator import FeedState, LogFeed, MonitorFeed, ProvisioningFeed
    from tests.orchestrator.helpers import wait_for

    caplog.set_level(logging.DEBUG)
    for name in ("httpx", "httpcore", "websockets", "pidash", "hpack", "asyncio"):
        caplog.set_level(logging.DEBUG, logger=name)
    key = sim.api_key
    assert key
    client = client_for(sim)
    texts: list[str] = [repr(client)]
    states: list[FeedState] = []
    events: list[object] = []
    feed = ProvisioningFeed(client, on_event=events.append, on_state=states.append)
    logs = LogFeed(client, on_entries=lambda e: None, on_state=states.append)
    monitor = MonitorFeed(client, sim.ws_url, on_data=lambda d: None, on_source=lambda s: None)
    try:
        await feed.start()
        await logs.start()
        await monitor.start()
        sid = (await client.start_session(START)).data.session.id
        await client.provision_all(sid)
        await wait_for(lambda: feed.state == FeedState.CONNECTED and monitor.data is not None, 10)
        with pytest.raises(OrchestratorError) as info:
            await client.get_session("missing")
        texts += [str(info.value), repr(info.value)]
        wrong = client.with_key(SecretStr(key + "x"))
        with pytest.raises(OrchestratorError) as info:
            await wrong.stop_session(sid)
        texts += [str(info.value), repr(info.value), repr(wrong), repr(SecretStr(key))]
        await asyncio.sleep(0.5)
    finally:
        await feed.stop()
        await logs.stop()
        await monitor.stop()
        await client.aclose()
    assert len(caplog.records) > 10
    texts.append(caplog.text)
    for record in caplog.records:
        texts.append(record.getMessage())
        texts.append(repr(record.args))
        texts.append(repr(record.__dict__))
    for text in texts:
        assert key not in text
