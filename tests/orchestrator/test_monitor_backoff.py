"""When the monitor socket is retried (issue 10 item 5, issue 9 item 5), with the default ladder.

Against the simulator (``ws_mode``) for a socket that comes and goes, and against the hostile
server for one that sends a frame over the cap.
"""

from __future__ import annotations

import asyncio
import time

from pidash.orchestrator import MonitorFeed, MonitorSource
from pidash.orchestrator.monitor_feed import MAX_WS_FRAME
from tests.hostile.server import Conn, HostileServer, Request
from tests.orchestrator.helpers import client_for, set_faults, wait_for
from tests.support.processes import SimProcess


async def test_the_socket_comes_back_within_5_s_after_every_drop(sim: SimProcess) -> None:
    """closed → polling → normal → WebSocket → closed again 2 s later → polling → normal."""
    feed = MonitorFeed(client_for(sim), sim.ws_url, on_data=lambda d: None, on_source=lambda s: None, poll_interval=1.0)
    try:
        await set_faults(sim, ws_mode="closed")
        await feed.start()
        for round_ in range(2):
            await wait_for(lambda: feed.source == MonitorSource.POLLING, 10)
            await asyncio.sleep(2.5)
            await set_faults(sim, ws_mode="normal")
            took = await wait_for(lambda: feed.source == MonitorSource.WEBSOCKET, 10)
            assert took <= 5.0, f"round {round_}: the socket took {took:.1f} s to come back"
            await asyncio.sleep(2.0)
            await set_faults(sim, ws_mode="closed")  # drops the live socket
    finally:
        await feed.stop()


async def test_a_frame_over_the_cap_backs_off_to_the_cap_while_polling(sim: SimProcess) -> None:
    """A Pi sending a 5 MiB frame: closed with 1009 unread, retried on the ladder, not every 2 s."""

    async def script(request: Request, conn: Conn) -> None:
        await conn.websocket_accept(request)
        size = 5 * 1024 * 1024
        await conn.ws_text_frame_header(size)
        await conn.filler(size)

    server = HostileServer(script).start()
    feed = MonitorFeed(
        client_for(sim), f"ws://127.0.0.1:{server.port}/ws/monitor", on_data=lambda d: None,
        on_source=lambda s: None, poll_interval=1.0,
    )  # fmt: skip
    try:
        started = time.monotonic()
        await feed.start()
        await wait_for(lambda: feed.source == MonitorSource.POLLING, 10)
        await asyncio.sleep(20 - (time.monotonic() - started))
        # The ladder 1, 2, 4, 8 s (jittered down to 20 %): at most 6 tries in 20 s; every 2 s was 10.
        assert feed.socket_attempts <= 6, f"{feed.socket_attempts} sockets in 20 s"
        assert feed.source == MonitorSource.POLLING
        assert MAX_WS_FRAME < 5 * 1024 * 1024
    finally:
        await feed.stop()
        server.stop()
