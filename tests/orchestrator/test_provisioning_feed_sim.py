"""The provisioning feed against the real simulator."""

from __future__ import annotations

import asyncio

import pytest
from pydantic import SecretStr

from pidash.contract.provisioning import StartSessionRequest
from pidash.orchestrator import (
    FeedState,
    ProvisioningEvent,
    ProvisioningFeed,
    SessionSnapshot,
    SessionView,
    StreamOpened,
)
from tests.orchestrator.helpers import FAST, client_for, reset_faults, set_faults, wait_for
from tests.support.processes import SimProcess

START = StartSessionRequest(target_ssid="FactoryNet", target_password="correct-horse")


class Recorder:
    def __init__(self) -> None:
        self.events: list[ProvisioningEvent] = []
        self.states: list[FeedState] = []
        self.view = SessionView()

    def on_event(self, event: ProvisioningEvent) -> None:
        self.events.append(event)
        self.view.apply(event)


@pytest.mark.dialects
async def test_late_dashboard_learns_the_active_session(sim: SimProcess, dialect: str) -> None:
    client = client_for(sim)
    sid = (await client.start_session(START)).data.session.id
    rec = Recorder()
    feed = ProvisioningFeed(client, on_event=rec.on_event, on_state=rec.states.append)
    try:
        await feed.start()
        await wait_for(lambda: any(isinstance(e, SessionSnapshot) for e in rec.events), 10)
        # The handoff's connection event names the active session; a field Pi's names none, and its
        # first event about the session does.
        assert StreamOpened(sid if dialect == "handoff" else None) in rec.events
        assert feed.session_id == sid and feed.state == FeedState.CONNECTED
        assert rec.states[:2] == [FeedState.CONNECTING, FeedState.CONNECTED]
        assert rec.view.session is not None and rec.view.session.id == sid
        # A new session started elsewhere is followed.
        await client.stop_session(sid)
        await wait_for(lambda: rec.view.session is not None and rec.view.session.state == "closed", 10)
        sid2 = (await client.start_session(START)).data.session.id
        await wait_for(lambda: feed.session_id == sid2 and rec.view.session is not None
                       and rec.view.session.id == sid2, 10)  # fmt: skip
    finally:
        await feed.stop()
        await client.aclose()
    assert rec.states[-1] == FeedState.STOPPED


async def _converged(client: object, view: SessionView, sid: str) -> bool:
    from pidash.orchestrator import OrchestratorClient

    assert isinstance(client, OrchestratorClient)
    snap = (await client.get_session(sid)).data
    rest = {d.mac: str(d.state) for d in snap.devices or []}
    return rest == view.states() and all(s in ("verified", "failed") for s in rest.values()) and len(rest) == 5


async def test_view_equals_rest_snapshot_despite_repeated_drops(sim: SimProcess) -> None:
    client = client_for(sim)
    rec = Recorder()
    feed = ProvisioningFeed(client, on_event=rec.on_event, on_state=rec.states.append, policy=FAST)
    try:
        await set_faults(sim, sse_drop_after=4)
        await feed.start()
        await wait_for(lambda: feed.state == FeedState.CONNECTED, 10)
        sid = (await client.start_session(START)).data.session.id
        await wait_for(lambda: feed.session_id == sid, 10)
        # Wait for discovery, then provision everything while the stream keeps dropping.
        for _ in range(200):
            devices = (await client.list_devices(sid)).data
            if len(devices) == 5:
                break
            await asyncio.sleep(0.1)
        await client.provision_all(sid)
        done = False
        for _ in range(300):
            if await _converged(client, rec.view, sid):
                done = True
                break
            await asyncio.sleep(0.1)
        assert done, (rec.view.states(), feed.connect_attempts)
        assert feed.connect_attempts >= 3, "the fault should have dropped the stream several times"
        snapshots = [e for e in rec.events if isinstance(e, SessionSnapshot)]
        assert len(snapshots) >= 2  # a resync after every gap
        assert len(rec.view.devices) == len(set(rec.view.devices)) == 5
    finally:
        await feed.stop()
        await client.aclose()


async def test_wrong_key_stops_in_auth_failed_without_a_storm(sim: SimProcess) -> None:
    client = client_for(sim, key="not-the-key")
    rec = Recorder()
    feed = ProvisioningFeed(client, on_event=rec.on_event, on_state=rec.states.append, policy=FAST)
    try:
        await feed.start()
        await wait_for(lambda: feed.state == FeedState.AUTH_FAILED, 10)
        await asyncio.sleep(2.0)  # would be several reconnects with the FAST ladder
        assert feed.connect_attempts == 1
        assert feed.last_error is not None and feed.last_error.code == "UNAUTHORIZED"
        assert rec.states[-1] == FeedState.AUTH_FAILED
        # A new key reconnects.
        feed.set_client(client.with_key(SecretStr(sim.api_key or "")))
        await wait_for(lambda: feed.state == FeedState.CONNECTED, 10)
    finally:
        await feed.stop()
        await client.aclose()


async def test_html_on_the_stream_is_not_retried_in_a_tight_loop(sim: SimProcess) -> None:
    client = client_for(sim)
    rec = Recorder()
    feed = ProvisioningFeed(client, on_event=rec.on_event, on_state=rec.states.append, policy=FAST)
    try:
        await set_faults(sim, html_routes=["/api/v1/provisioning/batch/events"])
        await feed.start()
        await wait_for(lambda: feed.last_error is not None, 10)
        assert feed.last_error is not None and feed.last_error.code == "NOT_V1_API"
        await asyncio.sleep(1.5)
        assert feed.connect_attempts <= 2  # jumps to the cap, not the 0.2 s first step
        assert feed.state == FeedState.RECONNECTING
    finally:
        await feed.stop()
        await client.aclose()


async def test_malformed_events_are_skipped(sim: SimProcess) -> None:
    client = client_for(sim)
    rec = Recorder()
    feed = ProvisioningFeed(client, on_event=rec.on_event, on_state=rec.states.append, policy=FAST)
    try:
        await set_faults(sim, malformed_sse=3)
        await feed.start()
        sid = (await client.start_session(START)).data.session.id
        await wait_for(lambda: feed.skipped > 0, 15)
        # Every third frame is broken, yet resyncs keep the view whole once discovery ends.
        for _ in range(200):
            if len((await client.list_devices(sid)).data) == 5:
                break
            await asyncio.sleep(0.1)
        await wait_for(lambda: len(rec.view.devices) == 5, 20)
        await reset_faults(sim)
        assert feed.session_id == sid
        assert feed.state == FeedState.CONNECTED
    finally:
        await feed.stop()
        await client.aclose()
