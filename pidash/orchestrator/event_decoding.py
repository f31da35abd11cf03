"""Pure decoding of one provisioning SSE event into the internal event set.

The type comes from the SSE ``event:`` field when present (httpx-sse reports ``message``
when it is absent, which counts as absent), else from the envelope's ``type``. Anything
malformed, of an unknown type or of a version other than ``1.0`` becomes a :class:`Skip`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from pidash.contract.errors import user_message
from pidash.contract.events import (
    DEVICE_EVENTS,
    NETWORK_EVENTS,
    SESSION_EVENTS,
    SSE_VERSION,
    ConnectionEstablishedPayload,
    DeviceDiscoveredFlat,
    DevicePayload,
    DeviceStateChangedFlat,
    ErrorPayload,
    EventEnvelope,
    EventType,
    SessionPayload,
)
from pidash.contract.provisioning import Candidate, CandidateState, NetworkStatus
from pidash.orchestrator.decoding import drift_of, load_json, unwrap
from pidash.orchestrator.events import (
    BackendErrorEvent,
    DeviceChanged,
    DevicePatched,
    NetworkChanged,
    ProvisioningEvent,
    SessionChanged,
    StreamOpened,
)

DEFAULT_SSE_EVENT = "message"
ERROR_EVENTS = frozenset({EventType.ERROR_OCCURRED.value, "error"})
"""The handoff's ``error.occurred`` and the data model's ``error {code, message, retryable}``
(FIELD-NOTES "Provisioning"): both reach the error display."""


@dataclass(frozen=True)
class Decoded:
    type: str
    session_id: str | None
    event: ProvisioningEvent | None
    """None for a heartbeat."""
    drift: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Skip:
    reason: str
    malformed: bool = False
    """A known event we could not read: the consumer may now be missing something."""


def event_type(sse_event: str | None, envelope: Any) -> str | None:
    if sse_event and sse_event != DEFAULT_SSE_EVENT:
        return sse_event
    if isinstance(envelope, dict) and isinstance(envelope.get("type"), str) and envelope["type"]:
        return str(envelope["type"])
    return None


def decode_event(sse_event: str | None, data: str) -> Decoded | Skip:
    """Decode one SSE event; never raises."""
    try:
        return _decode(sse_event, data)
    except (ValidationError, ValueError, TypeError, KeyError, AttributeError, RecursionError) as exc:
        return Skip(f"malformed payload: {str(exc)[:200]}", malformed=True)


def _decode(sse_event: str | None, data: str) -> Decoded | Skip:
    try:
        raw = load_json(data) if data.strip() else None
    except ValueError:
        raw = ...
    kind = event_type(sse_event, raw)
    if kind == EventType.CONNECTION_HEARTBEAT:
        return Decoded(kind, None, None)
    if raw is ...:
        return Skip("data is not JSON", malformed=True)
    if kind is None:
        return Skip("no event type")
    if not isinstance(raw, dict):
        return Skip("data is not an envelope object")
    if raw.get("version") != SSE_VERSION:
        return Skip(f"unknown version {raw.get('version')!r}")
    envelope = EventEnvelope.model_validate(raw | {"type": kind})
    payload = envelope.payload
    sid = envelope.session_id
    at = envelope.timestamp if raw.get("timestamp") else None  # the model's default is our clock, not the Pi's
    event: ProvisioningEvent
    if kind == EventType.CONNECTION_ESTABLISHED:
        p = ConnectionEstablishedPayload.model_validate(payload if isinstance(payload, dict) else {})
        return Decoded(kind, sid, StreamOpened(p.session_id or sid), drift_of(p))
    if kind in SESSION_EVENTS:
        sp = SessionPayload.model_validate(payload)
        event = SessionChanged(
            sp.session,
            timeout_warning=kind == EventType.SESSION_TIMEOUT_WARNING,
            closed=kind == EventType.SESSION_CLOSED or sp.session.state == "closed",
            started=kind == EventType.SESSION_STARTED,
            at=at,
        )
        return Decoded(kind, sid or sp.session.id, event, drift_of(sp))
    if kind in DEVICE_EVENTS:
        if isinstance(payload, dict) and "device" in payload:
            dp = DevicePayload.model_validate(payload)
            return Decoded(kind, sid or dp.device.session_id, DeviceChanged(dp.device, at), drift_of(dp))
        if kind == EventType.DEVICE_DISCOVERED:  # data model: flat, the camera just found
            found = DeviceDiscoveredFlat.model_validate(payload)
            device = Candidate.model_validate(
                found.model_dump() | {"state": CandidateState.DISCOVERED, "session_id": sid}
            )
            return Decoded(kind, sid, DeviceChanged(device, at), drift_of(found))
        flat = DeviceStateChangedFlat.model_validate(payload)
        event = DevicePatched(
            flat.mac, str(flat.new_state), _opt_str(flat.previous_state), flat.progress, flat.error, at
        )
        return Decoded(kind, sid, event, drift_of(flat))
    if kind in NETWORK_EVENTS:
        status = _network_status(payload)  # handoff {status: ...}, data model flat
        return Decoded(kind, sid, NetworkChanged(status, at), drift_of(status))
    if kind in ERROR_EVENTS:
        ep = ErrorPayload.model_validate(payload)
        return Decoded(kind, sid, BackendErrorEvent(ep.code, ep.message, user_message(ep.code)), drift_of(ep))
    return Skip(f"unknown event type {kind!r}")


_network_status = unwrap("status", NetworkStatus)


def _opt_str(value: object) -> str | None:
    return None if value is None else str(value)
