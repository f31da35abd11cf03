"""A 10-camera batch end to end: simulator (real subprocess) → REST + SSE → the client's session view.

Reports wall time and the simulated time it stands for (wall time x speed). The spec's goal is
"10 cameras in 5 minutes"; the simulator's delays are per-camera hardware-like durations.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from pydantic import SecretStr

from pidash.contract.provisioning import SessionConfig, StartSessionRequest
from pidash.orchestrator import OrchestratorClient, ProvisioningEvent, ProvisioningFeed, SessionView
from tests.support.processes import SimProcess

CAMERAS = 10
SPEED = 20.0


async def _run(sim: SimProcess) -> tuple[float, float, float]:
    client = OrchestratorClient(sim.url, SecretStr(sim.api_key or ""))
    view = SessionView()
    changed = asyncio.Event()

    def on_event(event: ProvisioningEvent) -> None:
        view.apply(event)
        changed.set()

    async def until(predicate: Callable[[], bool]) -> None:
        while not predicate():
            changed.clear()
            await changed.wait()

    feed = ProvisioningFeed(client, on_event=on_event, on_state=lambda _state: None)
    await feed.start()
    try:
        started = time.perf_counter()
        config = SessionConfig(discovery_timeout_seconds=60)
        reply = await client.start_session(StartSessionRequest(target_ssid="Shop", target_password="s3cretpass",
                                                               config=config))  # fmt: skip
        session_id = reply.data.session.id
        await until(lambda: len(view.devices) >= CAMERAS)
        discovered = time.perf_counter() - started
        await client.provision_all(session_id)
        await until(lambda: sum(1 for d in view.devices.values() if d.state == "verified") >= CAMERAS)
        verified = time.perf_counter() - started
        return discovered, verified, verified - discovered
    finally:
        await feed.stop()
        await client.aclose()


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        sim = SimProcess(Path(tmp), devices=CAMERAS, speed=SPEED, faults=False).start()
        try:
            discovered, verified, provisioning = asyncio.run(_run(sim))
        finally:
            sim.stop()
    print(f"{CAMERAS} cameras at speed {SPEED:g}: all discovered after {discovered:.2f} s wall "
          f"({discovered * SPEED:.0f} s simulated)")  # fmt: skip
    print(f"  provision-all to all verified: {provisioning:.2f} s wall ({provisioning * SPEED:.0f} s simulated)")
    print(f"  start to all verified: {verified:.2f} s wall ({verified * SPEED / 60:.1f} min simulated)")
