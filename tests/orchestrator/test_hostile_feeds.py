"""The provisioning feed against a hostile Pi (``tests/hostile``): what the simulator cannot play.

Each test names the issue item it proves (issue 10 items 1-4, issue 9 item 4) and fails on the
code before the fix: a snapshot that regressed newer events, a stream held behind a dribbling
snapshot, an endless line, a 204 that stopped the feed, a CR-only burst held back.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Iterator
from datetime import timedelta

import pytest

from pidash.orchestrator import (
    CONNECTION_FAILED,
    BackendErrorEvent,
    DeviceChanged,
    FeedState,
    OrchestratorClient,
    OrchestratorError,
    ProvisioningEvent,
    ProvisioningFeed,
    SessionSnapshot,
    SessionView,
)
from pidash.orchestrator.sse_lines import PromptLineDecoder, StreamTooLarge
from pidash.orchestrator.transport import MAX_BODY_BYTES
from tests.hostile.server import Conn, HostileServer, Request, device, now, snapshot_body, sse_event
from tests.orchestrator.helpers import FAST, wait_for

SID = "0f1e2d3c-aaaa-bbbb-cccc-000000000001"
EVENTS = "/api/v1/provisioning/batch/events"
SNAPSHOT = f"/api/v1/provisioning/batch/{SID}"
MAC = "AA:BB:CC:00:00:01"
MACS = [f"AA:BB:CC:00:00:0{i}" for i in range(1, 5)]


class Recorder:
    def __init__(self) -> None:
        self.events: list[ProvisioningEvent] = []
        self.states: list[FeedState] = []
        self.view = SessionView()
        self.arrived: dict[str, float] = {}

    def on_event(self, event: ProvisioningEvent) -> None:
        self.events.append(event)
        self.view.apply(event)
        if isinstance(event, DeviceChanged):
            self.arrived.setdefault(event.device.mac, time.monotonic())

    def snapshots(self) -> int:
        return sum(isinstance(e, SessionSnapshot) for e in self.events)


Script = Callable[[Request, Conn], Awaitable[None]]


@pytest.fixture
def hostile() -> Iterator[Callable[[Script], HostileServer]]:
    servers: list[HostileServer] = []

    def make(script: Script) -> HostileServer:
        server = HostileServer(script).start()
        servers.append(server)
        return server

    yield make
    for server in servers:
        server.stop()


async def _feed(server: HostileServer, rec: Recorder, **kwargs: object) -> tuple[ProvisioningFeed, OrchestratorClient]:
    timeout = kwargs.pop("timeout", 5.0)
    client = OrchestratorClient(server.url, timeout=timeout)  # type: ignore[arg-type]
    options: dict[str, object] = {"policy": FAST} | kwargs
    feed = ProvisioningFeed(client, on_event=rec.on_event, on_state=rec.states.append, **options)  # type: ignore[arg-type]
    await feed.start()
    return feed, client


async def _close(feed: ProvisioningFeed, client: OrchestratorClient) -> None:
    await feed.stop()
    await client.aclose()


async def _established(conn: Conn) -> None:
    await conn.sse_head()
    await conn.send(sse_event("connection.established", {"session_id": SID}, sid=None, at=now()).encode())


def _discovered(mac: str, state: str = "discovered", **kwargs: object) -> str:
    return sse_event("device.discovered", {"device": device(mac, state)}, sid=SID, **kwargs)  # type: ignore[arg-type]


# --- item 1: snapshot and events ordered by the Pi's clock -----------------------------------


async def test_replayed_events_older_than_the_snapshot_do_not_regress_it(
    hostile: Callable[[Script], HostileServer],
) -> None:
    """After a reconnect the Pi replays events after Last-Event-ID that the snapshot already holds."""
    old = now() - timedelta(seconds=5)
    replayed: list[float] = []

    async def script(request: Request, conn: Conn) -> None:
        if request.path == EVENTS:
            await _established(conn)
            await asyncio.sleep(0.5)  # the snapshot (verified) lands first, then the replay
            replay = sse_event("device.provisioning_started", {"device": device(MAC, "provisioning")}, sid=SID,
                               at=old, event_id=5)  # fmt: skip
            await conn.send(replay.encode())
            replayed.append(time.monotonic())
            await asyncio.sleep(30)
        elif request.path == SNAPSHOT:
            await conn.json(200, snapshot_body(SID, [device(MAC, "verified")], now()))

    server = hostile(script)
    rec = Recorder()
    feed, client = await _feed(server, rec)
    try:
        await wait_for(lambda: replayed and rec.snapshots() >= 1, 5)
        await asyncio.sleep(0.5)
        assert rec.view.states() == {MAC: "verified"}
    finally:
        await _close(feed, client)


async def test_a_slow_older_snapshot_never_hides_a_newer_event(hostile: Callable[[Script], HostileServer]) -> None:
    """A malformed frame triggers a resync whose GET is slow; a camera discovered meanwhile stays."""
    answered: list[float] = []

    async def script(request: Request, conn: Conn) -> None:
        if request.path == EVENTS:
            await _established(conn)
            await asyncio.sleep(0.5)
            await conn.send(b'event: device.discovered\ndata: {"version":"1.0","payl\n\n')  # malformed: a gap
            await asyncio.sleep(0.8)  # the resync GET has read its (empty) state by now
            await conn.send(_discovered(MAC, at=now()).encode())
            await asyncio.sleep(30)
        elif request.path == SNAPSHOT:
            read_at = now()  # the state as of the request...
            if server.count(SNAPSHOT) >= 2:
                await asyncio.sleep(3)  # ...sent 3 s later
            await conn.json(200, snapshot_body(SID, [], read_at))
            answered.append(time.monotonic())

    server = hostile(script)
    rec = Recorder()
    feed, client = await _feed(server, rec)
    try:
        await wait_for(lambda: MAC in rec.view.devices, 5)
        await wait_for(lambda: len(answered) >= 2 and rec.snapshots() >= 2, 10)
        assert MAC in rec.view.devices, "the older snapshot hid a camera the Pi had announced after it"
        assert feed.state == FeedState.CONNECTED
    finally:
        await _close(feed, client)


# --- item 2: a total deadline, and no feed waiting on a slow read -----------------------------


async def test_a_dribbling_snapshot_neither_freezes_the_feed_nor_hangs(
    hostile: Callable[[Script], HostileServer],
) -> None:
    async def script(request: Request, conn: Conn) -> None:
        if request.path == EVENTS:
            await _established(conn)
            for mac in MACS[:3]:
                await asyncio.sleep(0.3)
                await conn.send(_discovered(mac, at=now()).encode())
            await asyncio.sleep(60)
        elif request.path == SNAPSHOT:
            body = snapshot_body(SID, [], now())
            data = __import__("json").dumps(body).encode().ljust(2048)
            await conn.head(200, {"Content-Type": "application/json", "Content-Length": str(len(data))})
            for i in range(len(data)):  # 1 byte/s: every read succeeds, the whole never arrives
                await conn.send(data[i : i + 1])
                await asyncio.sleep(1)

    server = hostile(script)
    rec = Recorder()
    feed, client = await _feed(server, rec, timeout=2.0)
    try:
        opened = time.monotonic()
        await wait_for(lambda: all(m in rec.view.devices for m in MACS[:3]), 4)
        assert time.monotonic() - opened < 4
        assert rec.snapshots() == 0  # the events did not wait for the dribbling snapshot

        started = time.monotonic()
        with pytest.raises(OrchestratorError) as caught:
            await asyncio.wait_for(client.get_session(SID, retry=False), 10)
        assert caught.value.code == CONNECTION_FAILED
        assert time.monotonic() - started < 4, "the request outlived its 2 s total deadline"
    finally:
        await _close(feed, client)


async def test_a_stream_whose_headers_dribble_is_given_up_at_the_deadline(
    hostile: Callable[[Script], HostileServer],
) -> None:
    async def script(request: Request, conn: Conn) -> None:
        await conn.send(b"HTTP/1.1 200 OK\r\nX-Slow: ")
        for _ in range(120):  # 1 byte/s: every read succeeds, the headers never end
            await conn.send(b"a")
            await asyncio.sleep(1)

    server = hostile(script)
    rec = Recorder()
    feed, client = await _feed(server, rec, timeout=1.0)
    try:
        took = await wait_for(lambda: feed.connect_attempts >= 2, 8)
        assert took < 6 and FeedState.RECONNECTING in rec.states
    finally:
        await _close(feed, client)


# --- item 3: a size cap on every line -----------------------------------------------------------


async def test_an_endless_line_drops_the_stream_and_reconnects(hostile: Callable[[Script], HostileServer]) -> None:
    async def script(request: Request, conn: Conn) -> None:
        if request.path == EVENTS:
            await _established(conn)
            await conn.send(b"data: ")
            await conn.filler(5 * 1024 * 1024)  # 5 MiB, no line ending
            await asyncio.sleep(30)
        elif request.path == SNAPSHOT:
            await conn.json(200, snapshot_body(SID, [], now()))

    server = hostile(script)
    rec = Recorder()
    feed, client = await _feed(server, rec)
    try:
        await wait_for(lambda: feed.connect_attempts >= 2, 10)
        assert FeedState.RECONNECTING in rec.states
    finally:
        await _close(feed, client)


async def test_an_answer_over_the_body_cap_is_refused_once(hostile: Callable[[Script], HostileServer]) -> None:
    async def script(request: Request, conn: Conn) -> None:
        await conn.head(200, {"Content-Type": "application/json", "Connection": "close"})  # no length
        await conn.send(b'{"success": true, "data": "')
        await conn.filler(MAX_BODY_BYTES + 1024 * 1024)

    server = hostile(script)
    client = OrchestratorClient(server.url, timeout=10.0)
    try:
        with pytest.raises(OrchestratorError) as caught:
            await client.get_session(SID)
        assert caught.value.code == CONNECTION_FAILED and not caught.value.retryable
        assert server.count(SNAPSHOT) == 1
    finally:
        await client.aclose()


def test_line_decoder_caps_and_splits_every_line_ending() -> None:
    """Pure parsing on plain data: CR, LF and CRLF (even split across chunks) are one ending each."""
    d = PromptLineDecoder(max_line=10)
    assert d.decode("a\r") == ["a"]  # released at once
    assert d.decode("\nb\n") == ["b"]  # the LF completes the CRLF above, it is no empty line
    assert d.decode("c\r\r") == ["c", ""]
    assert d.decode("d\r\ne\n\n") == ["d", "e", ""]
    with pytest.raises(StreamTooLarge):
        d.decode("x" * 6)
        d.decode("y" * 6)


# --- item 4: 204 is "no stream here now" ---------------------------------------------------------


async def test_204_polls_the_snapshot_and_tries_the_stream_again(hostile: Callable[[Script], HostileServer]) -> None:
    async def script(request: Request, conn: Conn) -> None:
        if request.path == EVENTS:
            await conn.head(204, {"Content-Length": "0"})
        elif request.path == SNAPSHOT:
            state = "verified" if server.count(SNAPSHOT) >= 3 else "provisioning"
            await conn.json(200, snapshot_body(SID, [device(MAC, state)], now()))

    server = hostile(script)
    rec = Recorder()
    client = OrchestratorClient(server.url, timeout=5.0)
    # The FAST policy's 1 s cap: the snapshot is polled once per cap, then the stream is tried again.
    feed = ProvisioningFeed(client, on_event=rec.on_event, on_state=rec.states.append, policy=FAST)
    feed.follow(SID)
    await feed.start()
    try:
        await wait_for(lambda: rec.view.states() == {MAC: "verified"}, 8)  # kept current by polling
        await wait_for(lambda: server.count(EVENTS) >= 2, 8)  # and the stream is asked again
        assert FeedState.POLLING in rec.states
        assert FeedState.STOPPED not in rec.states
    finally:
        await _close(feed, client)


# --- issue 9 item 4: CR-only line endings, and a quiet stream --------------------------------


async def test_a_cr_only_burst_arrives_without_waiting_for_more_bytes(
    hostile: Callable[[Script], HostileServer],
) -> None:
    sent: list[float] = []

    async def script(request: Request, conn: Conn) -> None:
        if request.path == EVENTS:
            await conn.sse_head()
            await conn.send(sse_event("connection.established", {"session_id": SID}, sid=None, at=now(),
                                      eol="\r").encode())  # fmt: skip
            await asyncio.sleep(0.5)
            burst = "".join(_discovered(mac, at=now(), eol="\r") for mac in MACS)
            sent.append(time.monotonic())
            await conn.send(burst.encode())  # one write ending in CR, then nothing for a minute
            await asyncio.sleep(60)
        elif request.path == SNAPSHOT:
            await conn.json(200, snapshot_body(SID, [], now() - timedelta(seconds=1)))

    server = hostile(script)
    rec = Recorder()
    feed, client = await _feed(server, rec)
    try:
        await wait_for(lambda: all(m in rec.arrived for m in MACS), 3)
        assert rec.arrived[MACS[-1]] - sent[0] < 1.0
    finally:
        await _close(feed, client)


async def test_gin_framed_error_event_reaches_the_consumer(hostile: Callable[[Script], HostileServer]) -> None:
    """The field's framing (no space after the colon, no ids) and its ``error`` event (FIELD-NOTES)."""

    async def script(request: Request, conn: Conn) -> None:
        if request.path == EVENTS:
            await conn.sse_head()
            stamp = now().isoformat()
            await conn.send(
                f'event:connection.established\ndata:{{"version":"1.0","timestamp":"{stamp}"}}\n\n'.encode()
            )
            error = '{"version":"1.0","timestamp":"%s","payload":{"code":"MQTT_UNAVAILABLE","message":"broker down"}}'
            await conn.send(f"event:error\ndata:{error % stamp}\n\n".encode())
            await asyncio.sleep(30)

    server = hostile(script)
    rec = Recorder()
    feed, client = await _feed(server, rec)
    try:
        await wait_for(lambda: any(isinstance(e, BackendErrorEvent) for e in rec.events), 5)
        assert feed.state == FeedState.CONNECTED
    finally:
        await _close(feed, client)


async def test_a_vanished_pi_is_noticed_on_a_quiet_stream(hostile: Callable[[Script], HostileServer]) -> None:
    """No bytes and no FIN (a Pi that lost power): the liveness read cannot reach it, so reconnect."""

    async def script(request: Request, conn: Conn) -> None:
        if request.path == EVENTS and server.count(EVENTS) == 1:
            await _established(conn)
            await asyncio.sleep(60)
        elif request.path == SNAPSHOT and server.count(SNAPSHOT) == 1:
            await conn.json(200, snapshot_body(SID, [], now()))
        else:
            await asyncio.sleep(60)  # the Pi is gone: nothing answers any more

    server = hostile(script)
    rec = Recorder()
    feed, client = await _feed(server, rec, timeout=1.0, liveness_interval=1.0)
    try:
        await wait_for(lambda: feed.state == FeedState.CONNECTED and rec.snapshots() == 1, 5)
        took = await wait_for(lambda: FeedState.RECONNECTING in rec.states, 8)
        assert took < 6
    finally:
        await _close(feed, client)
