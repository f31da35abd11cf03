"""``/ws/monitor``: unprotected, as in v0.1.0."""

from __future__ import annotations

from typing import cast

from fastapi import APIRouter, WebSocket

from pidash.sim.monitor import serve_socket
from pidash.sim.simulator import Simulator

router = APIRouter()


@router.websocket("/ws/monitor")
async def monitor_socket(websocket: WebSocket) -> None:
    sim = cast(Simulator, websocket.app.state.sim)
    await serve_socket(websocket, sim.monitor, sim.faults)
