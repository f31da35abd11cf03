"""A quiet provisioning stream (a real Pi sends no heartbeat, FIELD-NOTES "Provisioning") is not a
dead one (issue 9 item 4): against the simulator with ``heartbeats: false``."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from pidash.orchestrator import FeedState, ProvisioningFeed
from pidash.orchestrator.provisioning_feed import LIVENESS_SECONDS
from tests.orchestrator.helpers import FAST, client_for, set_faults, wait_for
from tests.support.processes import SimProcess

SPEED = 5.0
QUIET_SIM_SECONDS = 180.0


async def test_three_quiet_minutes_never_reconnect_and_a_cut_is_noticed(
    sim_factory: Callable[..., SimProcess],
) -> None:
    sim = sim_factory(speed=SPEED)
    await set_faults(sim, heartbeats=False)
    states: list[FeedState] = []
    client = client_for(sim)
    # The dashboard's liveness interval at the simulator's speed: 30 s of Pi time.
    feed = ProvisioningFeed(
        client, on_event=lambda e: None, on_state=states.append, liveness_interval=LIVENESS_SECONDS / SPEED, policy=FAST
    )
    try:
        await feed.start()
        await wait_for(lambda: feed.state == FeedState.CONNECTED, 10)
        quiet = QUIET_SIM_SECONDS / SPEED  # 36 s of wall time: past the old 30 s read timeout
        await asyncio.sleep(quiet)
        assert feed.connect_attempts == 1, "a quiet stream was reopened"
        assert FeedState.RECONNECTING not in states
        assert feed.liveness_checks >= 4  # the Pi was confirmed by a cheap read instead

        sim.kill()  # a cut connection is still noticed at once
        took = await wait_for(lambda: feed.state == FeedState.RECONNECTING, 10)
        assert took < 5
    finally:
        await feed.stop()
        await client.aclose()
