"""``/ws/monitor`` (handoff §7.1)."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from websockets.asyncio.client import ClientConnection, connect

from pidash.contract.monitoring import MonitoringData
from tests.support.processes import SimProcess


async def receive(ws: ClientConnection) -> dict[str, Any]:
    message: dict[str, Any] = json.loads(await asyncio.wait_for(ws.recv(), 5.0))
    return message


async def test_initial_data_updates_pong_and_client_count(shared_sim: SimProcess) -> None:
    async with connect(shared_sim.ws_url) as ws:
        initial = await receive(ws)
        assert initial["type"] == "initial_data"
        data = MonitoringData.model_validate(initial["data"])
        assert 0 < data.system_health.cpu_usage <= 100
        assert data.connected_clients == 1
        assert "cam-front-door" in data.camera_status
        assert data.service_status.mqtt_connected is True

        async with connect(shared_sim.ws_url) as second:
            assert (await receive(second))["data"]["connected_clients"] == 2

        update = await receive(ws)  # every 5 simulated seconds → 0.5 s at speed 20
        assert update["type"] == "monitoring_update"
        assert {"system_health", "network_metrics", "camera_status", "timestamp"} <= set(update["data"])
        later = await receive(ws)
        assert later["data"]["network_metrics"]["bytes_received"] > update["data"]["network_metrics"]["bytes_received"]

        await ws.send(json.dumps({"type": "ping"}))
        for _ in range(5):
            if (await receive(ws))["type"] == "pong":
                break
        else:
            raise AssertionError("no pong")
