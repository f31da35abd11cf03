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
from pidash.sim import dialect
from pidash.sim.dialect import not_found
from pidash.sim.responses import bare, done, get_sim, is_field, ok
from pidash.sim.simulator import Simulator
from pidash.sim.streams import SSE_HEADERS, field_log_frames, log_frames, parse_last_event_id

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


HOME_SSID, HOME_IP, HOME_SIGNAL = "HomeNet", "192.168.1.10", -48


@router.get("/api/v1/auth/status")
async def auth_status(request: Request, sim: Sim) -> Response:
    if is_field(request):  # exists on no build seen (field notes: Ports and routes)
        return not_found(request.scope)
    return ok(request, AuthStatusData(required=sim.auth_required))


def system_info_model(sim: Simulator) -> SystemInfo:
    return SystemInfo(
        **sim.monitor.health().model_dump(),
        hostname=str(sim.pi_config.value("system.hostname")),
        model="Raspberry Pi 4 Model B Rev 1.4",
        os_version="Raspberry Pi OS 12 (bookworm)",
        orchestrator_version=ORCHESTRATOR_VERSION,
        ip_address="192.168.1.10",
        timestamp=sim.clock.now(),
    )


def field_system_info(sim: Simulator) -> dict[str, object]:
    return dialect.system_info(system_info_model(sim), sim.monitor.walk.uptime_seconds)


@router.get("/api/v1/system/info")
async def system_info(request: Request, sim: Sim) -> Response:
    if is_field(request):
        return ok(request, field_system_info(sim))
    return ok(request, system_info_model(sim))


@router.get("/health")
async def root_health(request: Request, sim: Sim) -> Response:
    """The field's health: at the root, unwrapped (Pi team)."""
    if not sim.config.field:
        return Response(status_code=404)
    return bare(dialect.health(ORCHESTRATOR_VERSION))


@router.get("/api/v1/health")
@router.get("/api/v1/system/health")
async def health(request: Request, sim: Sim) -> Response:
    if is_field(request):
        return not_found(request.scope)
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


def field_networks() -> list[dict[str, object]]:
    return [dialect.wifi_network(n) for n in WIFI_NETWORKS]


@router.get("/api/v1/wifi/scan")
async def wifi_scan(request: Request) -> Response:
    if is_field(request):
        return ok(request, {"networks": field_networks()})
    return ok(request, WifiScanData(networks=list(WIFI_NETWORKS)))


@router.get("/api/v1/wifi/status")
async def wifi_status(request: Request) -> Response:
    if is_field(request):
        return ok(request, dialect.wifi_status(HOME_SSID, HOME_IP, HOME_SIGNAL))
    return ok(request, WifiStatus(connected=True, ssid=HOME_SSID, ip_address=HOME_IP, rssi=HOME_SIGNAL))


def field_door(sim: Simulator) -> dict[str, object]:
    status = sim.door.status()
    return dialect.door(status, "open" if status.state == "open" else "close")


@router.get("/api/v1/door/status")
async def door_status(request: Request, sim: Sim) -> Response:
    if is_field(request):
        return ok(request, field_door(sim))
    return ok(request, sim.door.status())


@router.post("/api/v1/door/open")
async def door_open(request: Request, sim: Sim, body: Annotated[DoorOpenRequest | None, Body()] = None) -> Response:
    if is_field(request):  # reads ``duration`` only (field notes: Door); answers success alone
        raw = await request.json() if await request.body() else {}
        seconds = DoorOpenRequest.model_validate({"duration": raw.get("duration", 5)}).duration_seconds
        sim.door.open(seconds)
        return done(request, "Door opened")
    return ok(request, sim.door.open((body or DoorOpenRequest()).duration_seconds))


@router.post("/api/v1/door/close")
async def door_close(request: Request, sim: Sim) -> Response:
    if is_field(request):
        sim.door.close()
        return done(request, "Door closed")
    return ok(request, sim.door.close())


@router.get("/api/v1/config")
async def get_config(request: Request, sim: Sim) -> Response:
    if is_field(request):
        return ok(request, sim.pi_config.field_data())
    return ok(request, sim.pi_config.data())


@router.put("/api/v1/config/{key}")
async def put_config(request: Request, key: str, body: ConfigUpdateRequest, sim: Sim) -> Response:
    if is_field(request):  # values travel as strings
        sim.pi_config.update(key, sim.pi_config.from_text(key, body.value))
        return ok(request, sim.pi_config.field_item(key))
    return ok(request, sim.pi_config.update(key, body.value))


def field_cameras(sim: Simulator) -> list[dict[str, object]]:
    return [dialect.camera(c) for c in sim.engine.cameras()]


@router.get("/api/v1/cameras")
async def cameras(request: Request, sim: Sim) -> Response:
    if is_field(request):  # a bare array in ``data`` (captured)
        return ok(request, field_cameras(sim))
    return ok(request, CamerasData(cameras=sim.engine.cameras()))


@router.get("/api/v1/system/logs/stream")
async def log_stream(request: Request, sim: Sim, last_event_id: Annotated[str | None, Header()] = None) -> Response:
    if is_field(request):  # the older plan; a field Pi streams at /api/v1/dashboard/logs
        return not_found(request.scope)
    sub, replay = sim.logs.subscribe(parse_last_event_id(last_event_id))
    return StreamingResponse(
        log_frames(sim.logs, sub, replay, sim.clock), media_type="text/event-stream", headers=SSE_HEADERS
    )


@router.get("/api/v1/dashboard/logs")
async def field_log_stream(request: Request, sim: Sim) -> Response:
    """The field's live log stream (Pi team)."""
    if not is_field(request):
        return not_found(request.scope)
    sub, _replay = sim.logs.subscribe(None)
    return StreamingResponse(field_log_frames(sim.logs, sub), media_type="text/event-stream", headers=SSE_HEADERS)


@router.post("/api/system/reset")
async def system_reset(request: Request, sim: Sim) -> Response:
    """Accepted and logged; the simulator keeps running (a real Pi would reboot its services)."""
    door = sim.door.close()
    return ok(request, {"message": "System reset requested", "door": door.dump()})
