"""The ``/_sim`` control API (only with ``--faults``): plain JSON, not enveloped, unprotected."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends

from pidash.sim.faults import CONTROL_PREFIX, DeviceFailure, Faults, FaultState
from pidash.sim.responses import get_sim, path_mac
from pidash.sim.simulator import Simulator

router = APIRouter(prefix=CONTROL_PREFIX)
Sim = Annotated[Simulator, Depends(get_sim)]


def _faults(sim: Simulator) -> FaultState:
    assert sim.faults is not None, "the control API is mounted only with --faults"
    return sim.faults


@router.get("/faults")
async def get_faults(sim: Sim) -> Faults:
    return _faults(sim).faults


@router.put("/faults")
async def put_faults(body: Faults, sim: Sim) -> Faults:
    return _faults(sim).set(body)


@router.post("/reset-faults")
async def reset_faults(sim: Sim) -> Faults:
    return _faults(sim).reset()


@router.post("/devices/{mac}/fail")
async def fail_device(mac: str, body: DeviceFailure, sim: Sim) -> Faults:
    _faults(sim).fail_device(path_mac(mac), body)
    return _faults(sim).faults


@router.get("/fleet")
async def fleet(sim: Sim) -> dict[str, Any]:
    """The virtual cameras (also the ones left off the allowlist), in fleet order."""
    return {
        "cameras": [
            {
                "mac": c.mac,
                "ip": c.ip,
                "rssi": c.rssi,
                "firmware_version": c.firmware_version,
                "listed": c.mac in sim.engine.allowlist,
            }
            for c in sim.engine.fleet
        ]
    }
