"""The one internal event set that both SSE vocabularies map onto.

``at`` is the Pi's clock for what an event or snapshot describes: the SSE envelope's
``timestamp`` (handoff §7.2) or the REST envelope's ``timestamp`` for a snapshot (handoff §3).
None when the Pi sent none (and for an action's own reply): such an item is applied as it
arrives. :class:`~pidash.orchestrator.session_view.SessionView` orders by it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from pidash.contract.provisioning import Candidate, NetworkStatus, Session, SessionData
from pidash.i18n.message import Msg


@dataclass(frozen=True)
class StreamOpened:
    """``connection.established``: names the active session, if the Pi has one."""

    active_session_id: str | None


@dataclass(frozen=True)
class SessionSnapshot:
    """A full snapshot, loaded after every (re)connect; it replaces what the consumer holds."""

    data: SessionData
    at: datetime | None = field(default=None, compare=False)


@dataclass(frozen=True)
class SessionChanged:
    session: Session
    timeout_warning: bool = False
    closed: bool = False
    started: bool = False
    at: datetime | None = field(default=None, compare=False)


@dataclass(frozen=True)
class DeviceChanged:
    """Handoff vocabulary: the whole device."""

    device: Candidate
    at: datetime | None = field(default=None, compare=False)


@dataclass(frozen=True)
class DevicePatched:
    """Data-model vocabulary: a patch onto a device the consumer holds."""

    mac: str
    state: str
    previous_state: str | None = None
    progress: float | None = None
    error: str | None = None
    at: datetime | None = field(default=None, compare=False)


@dataclass(frozen=True)
class NetworkChanged:
    status: NetworkStatus
    at: datetime | None = field(default=None, compare=False)


@dataclass(frozen=True)
class BackendErrorEvent:
    """``error.occurred``. ``message`` is the Pi's text; ``user_message`` is for people."""

    code: str
    message: str
    user_message: Msg | str = ""


ProvisioningEvent = (
    StreamOpened | SessionSnapshot | SessionChanged | DeviceChanged | DevicePatched | NetworkChanged | BackendErrorEvent
)
