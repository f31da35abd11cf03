"""``/ws/monitor`` (handoff §7.1): ``initial_data``, periodic ``monitoring_update``, ping/pong."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import random
from collections.abc import Callable
from typing import Any

from starlette.websockets import WebSocket, WebSocketDisconnect

from pidash.contract.base import utcnow
from pidash.contract.monitoring import (
    MONITOR_INTERVAL_SECONDS,
    CameraStatus,
    MonitoringData,
    NetworkMetrics,
    SecurityMetrics,
    ServiceStatus,
    SystemHealth,
)
from pidash.contract.system import Camera
from pidash.sim.clock import SimClock
from pidash.sim.faults import FaultState
from pidash.sim.metrics import MetricsWalk

log = logging.getLogger("pidash.sim.monitor")


class Monitor:
    def __init__(
        self, clock: SimClock, rng: random.Random, busy: Callable[[], int], cameras: Callable[[], list[Camera]]
    ) -> None:
        self.clock = clock
        self.walk = MetricsWalk(rng)
        self._rng = rng
        self._busy = busy
        self._cameras = cameras
        self.clients = 0

    @property
    def interval(self) -> float:
        return self.clock.interval(MONITOR_INTERVAL_SECONDS)

    async def run(self) -> None:
        """Advance the metrics once per update interval until cancelled."""
        while True:
            self.walk.step(self._busy())
            await asyncio.sleep(self.interval)

    def health(self) -> SystemHealth:
        m = self.walk.metrics
        return SystemHealth(
            cpu_usage=m.cpu,
            memory_usage=m.memory,
            disk_usage=m.disk,
            temperature=m.temperature,
            uptime=self.walk.uptime,
            load_average=self.walk.load_average,
        )

    def _network(self) -> NetworkMetrics:
        m = self.walk.metrics
        return NetworkMetrics(
            active_connections=m.active_connections,
            bytes_received=m.bytes_received,
            bytes_sent=m.bytes_sent,
            packet_loss=m.packet_loss,
            latency=m.latency,
        )

    def _camera_status(self) -> dict[str, CameraStatus]:
        out: dict[str, CameraStatus] = {}
        for cam in self._cameras():
            online = cam.status == "online"
            out[cam.id] = CameraStatus(
                name=cam.name,
                status=cam.status,
                last_seen=(cam.last_seen or utcnow()).isoformat() if online else "",
                rssi=cam.rssi,
                fps=round(self._rng.uniform(12.0, 15.0), 1) if online else None,
            )
        return out

    def snapshot(self) -> MonitoringData:
        now = utcnow().isoformat()
        return MonitoringData(
            timestamp=now,
            system_health=self.health(),
            security_metrics=SecurityMetrics(
                failed_ssh_attempts=self._rng.randint(0, 3),
                last_security_check=now,
                certificate_expiry="2026-12-31T00:00:00Z",
                mqtt_secure_connections=2 + self._busy(),
                encryption_level="TLS 1.3",
                threat_level="LOW",
            ),
            service_status=ServiceStatus(
                mqtt_connected=True,
                mqtt_secure=True,
                api_responding=True,
                database_connected=True,
                last_health_check=now,
                service_uptime=self.walk.service_uptime,
            ),
            network_metrics=self._network(),
            camera_status=self._camera_status(),
            alerts_count=0,
            connected_clients=self.clients,
        )

    def partial(self) -> dict[str, Any]:
        return {
            "timestamp": utcnow().isoformat(),
            "system_health": self.health().dump(),
            "network_metrics": self._network().dump(),
            "camera_status": {k: v.dump() for k, v in self._camera_status().items()},
            "connected_clients": self.clients,
        }


async def serve_socket(websocket: WebSocket, monitor: Monitor, faults: FaultState | None) -> None:
    """One monitor socket. ``ws_mode`` is read on connect and on every tick, so a fault set while
    a socket is open applies to it too: ``closed`` drops it, ``silent`` stops updates and pongs;
    ``updates_only`` only changes what a new socket is sent first."""

    def mode() -> str:
        return faults.faults.ws_mode if faults else "normal"

    await websocket.accept()
    if mode() == "closed":
        await websocket.close(code=1011)
        return
    monitor.clients += 1
    lock = asyncio.Lock()
    frames = 0
    tick = min(monitor.interval, 0.25)

    async def send(message: dict[str, Any]) -> None:
        nonlocal frames
        async with lock:
            frames += 1
            text = json.dumps(message, separators=(",", ":"))
            await websocket.send_text(faults.ws_frame(frames, text) if faults else text)

    async def updates() -> None:
        """Sends updates every interval; watches the fault mode every ``tick``."""
        loop = asyncio.get_running_loop()
        next_update = loop.time() + monitor.interval
        while True:
            await asyncio.sleep(tick)
            if mode() == "closed":
                await websocket.close(code=1011)
                return
            if loop.time() >= next_update:
                next_update = loop.time() + monitor.interval
                if mode() in ("normal", "updates_only"):
                    await send({"type": "monitoring_update", "data": monitor.partial()})

    sender: asyncio.Task[None] | None = None
    try:
        if mode() == "normal":
            await send({"type": "initial_data", "data": monitor.snapshot().dump()})
        sender = asyncio.get_running_loop().create_task(updates())
        while True:
            text = await websocket.receive_text()
            with contextlib.suppress(ValueError):
                message = json.loads(text)
                if isinstance(message, dict) and message.get("type") == "ping" and mode() != "silent":
                    await send({"type": "pong"})
    except (WebSocketDisconnect, RuntimeError):
        pass
    finally:
        monitor.clients -= 1
        if sender is not None:
            sender.cancel()
            with contextlib.suppress(asyncio.CancelledError, WebSocketDisconnect, RuntimeError):
                await sender
