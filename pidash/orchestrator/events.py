"""The one internal event set that both SSE vocabularies map onto."""

from __future__ import annotations

from dataclasses import dataclass

from pidash.contract.provisioning import Candidate, NetworkStatus, Session, SessionData


@dataclass(frozen=True)
class StreamOpened:
    """``connection.established``: names the active session, if the Pi has one."""

    active_session_id: str | None


@dataclass(frozen=True)
class SessionSnapshot:
    """A full snapshot, loaded after every (re)connect; it replaces what the consumer holds."""

    data: SessionData


@dataclass(frozen=True)
class SessionChanged:
    session: Session
    timeout_warning: bool = False
    closed: bool = False
    started: bool = False


@dataclass(frozen=True)
class DeviceChanged:
    """Handoff vocabulary: the whole device."""

    device: Candidate


@dataclass(frozen=True)
class DevicePatched:
    """Data-model vocabulary: a patch onto a device the consumer holds."""

    mac: str
    state: str
    previous_state: str | None = None
    progress: float | None = None
    error: str | None = None


@dataclass(frozen=True)
class NetworkChanged:
    status: NetworkStatus


@dataclass(frozen=True)
class BackendErrorEvent:
    """``error.occurred``. ``message`` is the Pi's text; ``user_message`` is for people."""

    code: str
    message: str
    user_message: str = ""


ProvisioningEvent = (
    StreamOpened | SessionSnapshot | SessionChanged | DeviceChanged | DevicePatched | NetworkChanged | BackendErrorEvent
)
