"""The ``/_sim`` control API (only with ``--faults``): plain JSON, not enveloped, unprotected."""

from __future__ import annotations

from collections import Counter
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

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


class RequestCounter:
    """Counts the requests (and ``/ws`` connections) outside ``/_sim``, by method and route template.

    Keys look like ``GET /api/v1/provisioning/batch/{session_id}`` (``WS /ws/monitor`` for a socket);
    a request no route answered (refused by auth, cut short by a fault) counts as ``GET (unrouted)``.
    For benchmarks: how often a dashboard asks the Pi, whatever the number of browsers.
    """

    def __init__(self, app: ASGIApp, counts: Counter[str]) -> None:
        self.app = app
        self.counts = counts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path: str = scope.get("path", "")
        if scope["type"] not in ("http", "websocket") or path.startswith(CONTROL_PREFIX):
            await self.app(scope, receive, send)
            return
        counted = False

        def count() -> None:
            nonlocal counted
            if not counted:  # the route is known once routing ran: at the first message sent
                counted = True
                method = "WS" if scope["type"] == "websocket" else str(scope.get("method", "?"))
                template = getattr(scope.get("route"), "path", None) or "(unrouted)"
                self.counts[f"{method} {template}"] += 1

        async def counting(message: Message) -> None:
            count()  # a stream or socket counts when it opens, not when it ends
            await send(message)

        try:
            await self.app(scope, receive, counting)
        finally:
            count()


@router.get("/requests")
async def request_counts(request: Request) -> dict[str, Any]:
    """``{"total": n, "counts": {"GET /api/v1/health": n, ...}}`` since the simulator started."""
    counts: Counter[str] = request.app.state.request_counts
    return {"total": counts.total(), "counts": dict(sorted(counts.items()))}
