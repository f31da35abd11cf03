"""The store's reads against a real simulator: the interrupted sessions follow what happens on the Pi."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import SecretStr

from pidash.contract.provisioning import StartSessionRequest
from pidash.settings import DashboardSettings
from pidash.store.store import DashboardStore
from pidash.store.sync import StoreSync
from tests.orchestrator.helpers import client_for, wait_for
from tests.support.processes import SimProcess

pytestmark = pytest.mark.dialects

START = StartSessionRequest(target_ssid="Recover-WiFi", target_password="correct-horse")


async def test_session_resumed_elsewhere_leaves_the_interrupted_sessions(sim: SimProcess, tmp_path: Path) -> None:
    client = client_for(sim)
    try:
        await client.start_session(START)
    finally:
        await client.aclose()
    sim.kill()  # the Pi loses power: its open session is paused when it starts again
    sim.start()
    settings = DashboardSettings(orchestrator_url=sim.url, api_key=SecretStr(sim.api_key or ""), data_dir=tmp_path)
    sync = StoreSync(settings, DashboardStore())
    await sync.start()
    try:
        await wait_for(lambda: [s.target_ssid for s in sync.store.recoverable] == ["Recover-WiFi"], within=20)
        sync.follow(sync.store.recoverable[0].id)
        await wait_for(lambda: sync.store.view.session is not None)
        other = client_for(sim)  # another dashboard resumes it
        try:
            await other.resume_session(sync.store.recoverable[0].id)
        finally:
            await other.aclose()
        # the stream's state change prompts the read (~0.05 s); without it, the next read comes ~15 s later
        await wait_for(lambda: sync.store.recoverable == [], within=5)
    finally:
        await sync.stop()
