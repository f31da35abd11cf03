"""The provisioning SSE stream (handoff §7.2, data model §4): envelope and payloads.

Two vocabularies exist (see ``shared/README.md``). The simulator speaks the handoff's plus
``connection.*``; a client must understand both. The event *type* comes from the SSE
``event:`` field when present, else from the envelope's ``type``.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import Field

from pidash.contract.base import ContractModel, Timestamp, utcnow
from pidash.contract.provisioning import Candidate, CandidateStateValue, Mac, NetworkStatus, Session

SSE_VERSION = "1.0"
HEARTBEAT_INTERVAL_SECONDS = 15.0


class EventType(StrEnum):
    # pidash connection events (also in the data model)
    CONNECTION_ESTABLISHED = "connection.established"
    CONNECTION_HEARTBEAT = "connection.heartbeat"
    # handoff §7.2
    SESSION_STARTED = "session.started"
    SESSION_STATE_CHANGED = "session.state_changed"
    SESSION_CLOSED = "session.closed"
    SESSION_TIMEOUT_WARNING = "session.timeout_warning"
    DEVICE_DISCOVERED = "device.discovered"
    DEVICE_STATE_CHANGED = "device.state_changed"
    DEVICE_PROVISIONING_STARTED = "device.provisioning_started"
    DEVICE_PROVISIONING_COMPLETED = "device.provisioning_completed"
    DEVICE_PROVISIONING_FAILED = "device.provisioning_failed"
    DEVICE_VERIFIED = "device.verified"
    NETWORK_STARTED = "network.started"
    NETWORK_STOPPED = "network.stopped"
    ERROR_OCCURRED = "error.occurred"
    # data model §4 only
    SESSION_STATUS = "session.status"
    NETWORK_STATUS_CHANGED = "network.status_changed"
    ERROR = "error"
    """Data model §4's ``error {code, message, retryable}`` (field notes: peer only)."""


SESSION_EVENTS = frozenset(
    {
        EventType.SESSION_STARTED,
        EventType.SESSION_STATE_CHANGED,
        EventType.SESSION_CLOSED,
        EventType.SESSION_TIMEOUT_WARNING,
        EventType.SESSION_STATUS,
    }
)
DEVICE_EVENTS = frozenset(
    {
        EventType.DEVICE_DISCOVERED,
        EventType.DEVICE_STATE_CHANGED,
        EventType.DEVICE_PROVISIONING_STARTED,
        EventType.DEVICE_PROVISIONING_COMPLETED,
        EventType.DEVICE_PROVISIONING_FAILED,
        EventType.DEVICE_VERIFIED,
    }
)
NETWORK_EVENTS = frozenset({EventType.NETWORK_STARTED, EventType.NETWORK_STOPPED, EventType.NETWORK_STATUS_CHANGED})


class EventEnvelope(ContractModel):
    """``SSEEventEnvelope``; ``payload`` is decoded per type by the consumer."""

    version: str
    type: str
    timestamp: Timestamp = Field(default_factory=utcnow)
    session_id: str | None = None
    payload: Any = None


class ConnectionEstablishedPayload(ContractModel):
    message: str = ""
    session_id: str | None = None
    """pidash: the active session, if any, so a late dashboard can follow it."""

    def dump(self) -> dict[str, Any]:
        return self.model_dump(mode="json")  # ``session_id: null`` is said out loud


class SessionPayload(ContractModel):
    session: Session


class DevicePayload(ContractModel):
    device: Candidate


class NetworkPayload(ContractModel):
    status: NetworkStatus


class ErrorPayload(ContractModel):
    code: str
    message: str = ""
    retryable: bool | None = None


class DeviceDiscoveredFlat(ContractModel):
    """The data model's flat ``device.discovered`` payload (field notes: peer only)."""

    mac: Mac
    ip: str = ""
    rssi: int = 0
    firmware_version: str = ""
    in_allowlist: bool = False


class DeviceStateChangedFlat(ContractModel):
    """The data model's flat ``device.state_changed`` payload."""

    mac: Mac
    previous_state: CandidateStateValue | None = None
    new_state: CandidateStateValue
    progress: float | None = None
    error: str | None = None
