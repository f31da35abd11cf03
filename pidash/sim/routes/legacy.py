"""The unversioned routes that answered while V1 ones were missing (field notes: Ports and routes,
Envelopes): flat ``{success, ...}`` envelopes or none at all. Served in the field dialect and by
old builds (``--old-build``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from starlette.responses import Response

from pidash.sim import dialect
from pidash.sim.responses import bare, get_sim
from pidash.sim.routes.system import HOME_IP, HOME_SIGNAL, HOME_SSID, field_cameras, field_door, field_networks
from pidash.sim.routes.system import field_system_info as system_info_body
from pidash.sim.simulator import Simulator

router = APIRouter(prefix="/api")
Sim = Annotated[Simulator, Depends(get_sim)]
LEGACY_LOG_LINES = 50


@router.get("/system/info")
async def system_info(sim: Sim) -> Response:
    """The bare object, no envelope (captured)."""
    return bare(system_info_body(sim))


@router.get("/wifi/scan")
async def wifi_scan() -> Response:
    networks = field_networks()
    return bare({"success": True, "count": len(networks), "networks": networks})


@router.get("/wifi/status")
async def wifi_status() -> Response:
    return bare({"success": True} | dialect.wifi_status(HOME_SSID, HOME_IP, HOME_SIGNAL))


@router.get("/door/status")
async def door_status(sim: Sim) -> Response:
    return bare({"success": True} | field_door(sim))


@router.get("/dashboard/cameras")
async def cameras(sim: Sim) -> Response:
    found = field_cameras(sim)
    return bare({"success": True, "cameras": found, "count": len(found)})


@router.get("/dashboard/config")
async def config(sim: Sim) -> Response:
    return bare({"success": True} | sim.pi_config.field_data())


@router.get("/dashboard/logs")
async def logs(sim: Sim) -> Response:
    """``{count, logs}``, no envelope (captured; later deprecated)."""
    lines = [dialect.log_entry(s.item) for s in sim.logs.recent(LEGACY_LOG_LINES)]
    return bare({"count": len(lines), "logs": lines})
