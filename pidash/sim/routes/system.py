"""The Pi's other endpoints: auth status, system, health, Wi-Fi, door, config, cameras, logs, reset."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Depends, Header, Request
from starlette.responses import Response, StreamingResponse

from pidash.contract.provisioning import AuthStatusData
from pidash.contract.system import (
    CamerasData,
    ConfigUpdateRequest,
    DoorOpenRequest,
    HealthCheck,
    HealthStatus,
    SystemInfo,
    WifiNetwork,
    WifiScanData,
    WifiStatus,
)
from pidash.sim.responses import get_sim, ok
from pidash.sim.simulator import Simulator
from pidash.sim.streams import SSE_HEADERS, log_frames, parse_last_event_id

ORCHESTRATOR_VERSION = "0.2.0-sim"
router = APIRouter()
Sim = Annotated[Simulator, Depends(get_sim)]

WIFI_NETWORKS = (
    WifiNetwork(ssid="HomeNet", bssid="B8:27:EB:10:20:30", rssi=-48, channel=6, security="WPA2"),
    WifiNetwork(ssid="DelicasaOnboard", bssid="B8:27:EB:AA:BB:CC", rssi=-30, channel=6, security="WPA2"),
    WifiNetwork(ssid="Warehouse-2G", bssid="C4:6E:1F:22:33:44", rssi=-67, channel=11, security="WPA2"),
    WifiNetwork(ssid="Guest", bssid="C4:6E:1F:55:66:77", rssi=-74, channel=1, security="OPEN"),
    WifiNetwork(ssid="Café Ünïcode", bssid="DA:A1:19:88:99:00", rssi=-83, channel=36, security="WPA3"),
)


@router.get("/api/v1/auth/status")
async def auth_status(request: Request, sim: Sim) -> Response:
    return ok(request, AuthStatusData(required=sim.auth_required))


@router.get("/api/v1/system/info")
async def system_info(request: Request, sim: Sim) -> Response:
    info = SystemInfo(
        **sim.monitor.health().model_dump(),
        hostname=str(sim.pi_config.value("system.hostname")),
        model="Raspberry Pi 4 Model B Rev 1.4",
        os_version="Raspberry Pi OS 12 (bookworm)",
        orchestrator_version=ORCHESTRATOR_VERSION,
        ip_address="192.168.1.10",
        timestamp=sim.clock.now(),
    )
    return ok(request, info)


@router.get("/api/v1/health")
@router.get("/api/v1/system/health")
async def health(request: Request, sim: Sim) -> Response:
    network = sim.engine.network_status()
    status = HealthStatus(
        status="healthy",
        version=ORCHESTRATOR_VERSION,
        checks={
            "database": HealthCheck(status="ok"),
            "mqtt": HealthCheck(status="ok", message="connected (TLS)"),
            "onboarding_network": HealthCheck(status="ok", message="active" if network.is_active else "idle"),
        },
    )
    return ok(request, status)


@router.get("/api/v1/wifi/scan")
async def wifi_scan(request: Request) -> Response:
    return ok(request, WifiScanData(networks=list(WIFI_NETWORKS)))


@router.get("/api/v1/wifi/status")
async def wifi_status(request: Request) -> Response:
    return ok(request, WifiStatus(connected=True, ssid="HomeNet", ip_address="192.168.1.10", rssi=-48))


@router.get("/api/v1/door/status")
async def door_status(request: Request, sim: Sim) -> Response:
    return ok(request, sim.door.status())


@router.post("/api/v1/door/open")
async def door_open(request: Request, sim: Sim, body: Annotated[DoorOpenRequest | None, Body()] = None) -> Response:
    return ok(request, sim.door.open((body or DoorOpenRequest()).duration_seconds))


@router.post("/api/v1/door/close")
async def door_close(request: Request, sim: Sim) -> Response:
    return ok(request, sim.door.close())


@router.get("/api/v1/config")
async def get_config(request: Request, sim: Sim) -> Response:
    return ok(request, sim.pi_config.data())


@router.put("/api/v1/config/{key}")
async def put_config(request: Request, key: str, body: ConfigUpdateRequest, sim: Sim) -> Response:
    return ok(request, sim.pi_config.update(key, body.value))


@router.get("/api/v1/cameras")
async def cameras(request: Request, sim: Sim) -> Response:
    return ok(request, CamerasData(cameras=sim.engine.cameras()))


@router.get("/api/v1/system/logs/stream")
async def log_stream(sim: Sim, last_event_id: Annotated[str | None, Header()] = None) -> Response:
    sub, replay = sim.logs.subscribe(parse_last_event_id(last_event_id))
    return StreamingResponse(
        log_frames(sim.logs, sub, replay, sim.clock), media_type="text/event-stream", headers=SSE_HEADERS
    )


@router.post("/api/system/reset")
async def system_reset(request: Request, sim: Sim) -> Response:
    """Accepted and logged; the simulator keeps running (a real Pi would reboot its services)."""
    door = sim.door.close()
    return ok(request, {"message": "System reset requested", "door": door.dump()})
