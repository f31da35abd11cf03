"""Batch provisioning, allowlist and session recovery (handoff §3.1 to §3.3)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Request
from starlette.responses import Response, StreamingResponse

from pidash.contract.events import ConnectionEstablishedPayload, EventType
from pidash.contract.provisioning import (
    AllowlistData,
    AllowlistEntryData,
    AllowlistEntryRequest,
    CandidateState,
    DeviceActionData,
    DevicesData,
    RecoverableSessionsData,
    StartSessionData,
    StartSessionRequest,
    StopSessionData,
)
from pidash.sim.event_log import encode_event
from pidash.sim.responses import accepted, done, get_sim, is_field, ok, path_mac
from pidash.sim.simulator import Simulator
from pidash.sim.streams import SSE_HEADERS, field_provisioning_frames, parse_last_event_id, provisioning_frames

router = APIRouter(prefix="/api/v1/provisioning")
Sim = Annotated[Simulator, Depends(get_sim)]


@router.post("/batch/start")
async def start_session(request: Request, body: StartSessionRequest, sim: Sim) -> Response:
    session = sim.engine.start_session(body)
    data = StartSessionData(session=session, message="Batch provisioning session started successfully")
    return ok(request, data, 201)


@router.get("/batch/events")
async def provisioning_events(
    request: Request,
    sim: Sim,
    session_id: str | None = None,
    last_event_id: Annotated[str | None, Header()] = None,
) -> Response:
    if session_id is not None:
        sim.engine.find(session_id)  # SESSION_NOT_FOUND before streaming
    # Subscribe, then compute the first frame, with no await in between: nothing is lost.
    field = is_field(request)  # no ids on the field stream, so nothing to resume from
    sub, replay = sim.events.subscribe(None if field else parse_last_event_id(last_event_id))
    active = sim.engine.active_session()
    payload = ConnectionEstablishedPayload(
        message="Connected to provisioning event stream", session_id=active.id if active else None
    )
    established = encode_event(EventType.CONNECTION_ESTABLISHED, session_id or payload.session_id, payload)
    if field:
        frames = field_provisioning_frames(sim.events, sub, established, session_id)
    else:
        frames = provisioning_frames(sim.events, sub, replay, established, session_id, sim.clock, sim.faults)
    return StreamingResponse(frames, media_type="text/event-stream", headers=SSE_HEADERS)


@router.get("/batch/network")
async def network_status(request: Request, sim: Sim) -> Response:
    status = sim.engine.network_status()
    if is_field(request):  # {interface, ssid, connected} (peer only)
        return ok(request, {"interface": "wlan1", "ssid": status.ssid, "connected": status.is_active})
    return ok(request, status)


@router.get("/batch/{session_id}")
async def get_session(request: Request, session_id: str, sim: Sim, include_devices: bool = False) -> Response:
    data = sim.engine.session_data(session_id, include_devices)
    if is_field(request) and include_devices and not data.devices:
        return ok(request, data.dump() | {"devices": None})  # empty lists were null (captured)
    return ok(request, data)


@router.post("/batch/{session_id}/stop")
async def stop_session(request: Request, session_id: str, sim: Sim) -> Response:
    session = sim.engine.stop_session(session_id)
    return ok(request, StopSessionData(session=session, message="Session is closing"))


@router.post("/batch/{session_id}/provision-all")
async def provision_all(request: Request, session_id: str, sim: Sim) -> Response:
    result = sim.engine.provision_all(session_id)
    if is_field(request):  # 202 with counts (Pi team)
        return accepted(
            {"initiated_count": len(result.initiated), "skipped_count": len(result.skipped), "message": result.message}
        )
    return ok(request, result)


@router.get("/batch/{session_id}/devices")
async def list_devices(request: Request, session_id: str, sim: Sim, state: CandidateState | None = None) -> Response:
    return ok(request, DevicesData(devices=sim.engine.session_devices(session_id, state)))


@router.post("/batch/{session_id}/devices/{mac}/provision")
async def provision_device(request: Request, session_id: str, mac: str, sim: Sim) -> Response:
    device = sim.engine.provision(session_id, path_mac(mac))
    if is_field(request):  # 202 {mac, state, message} (peer only)
        return accepted({"mac": device.mac, "state": str(device.state), "message": "Provisioning started"})
    return ok(request, DeviceActionData(device=device, message="Provisioning started"))


@router.post("/batch/{session_id}/devices/{mac}/retry")
async def retry_device(request: Request, session_id: str, mac: str, sim: Sim) -> Response:
    device = sim.engine.retry(session_id, path_mac(mac))
    if is_field(request):  # 202, empty body (Pi team)
        return accepted(None)
    return ok(request, DeviceActionData(device=device, message="Retry started"))


@router.get("/allowlist")
async def list_allowlist(request: Request, sim: Sim, available: bool | None = None) -> Response:
    entries = sim.engine.allowlist_entries(available)
    if is_field(request) and not entries:
        return ok(request, {"entries": None})  # empty lists were null (captured)
    return ok(request, AllowlistData(entries=entries))


@router.post("/allowlist")
async def add_allowlist_entry(request: Request, body: AllowlistEntryRequest, sim: Sim) -> Response:
    entry, created = sim.engine.add_to_allowlist(body)
    message = "Device added to allowlist" if created else "Allowlist entry updated"
    return ok(request, AllowlistEntryData(entry=entry, message=message), 201 if created else 200)


@router.delete("/allowlist/{mac}")
async def delete_allowlist_entry(request: Request, mac: str, sim: Sim) -> Response:
    sim.engine.remove_from_allowlist(path_mac(mac))
    if is_field(request):  # success without data (Pi team)
        return done(request, "Device removed from allowlist")
    return Response(status_code=204)


@router.get("/sessions/recoverable")
async def recoverable_sessions(request: Request, sim: Sim) -> Response:
    return ok(request, RecoverableSessionsData(sessions=sim.engine.recoverable()))


@router.post("/sessions/{session_id}/resume")
async def resume_session(request: Request, session_id: str, sim: Sim) -> Response:
    return ok(request, sim.engine.resume(session_id))
