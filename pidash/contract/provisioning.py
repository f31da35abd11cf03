"""Batch provisioning: sessions, candidates, allowlist, onboarding network (handoff §3, §9)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from pydantic import AfterValidator, Field, field_validator, model_validator

from pidash.contract.base import ContractModel, NullableList, Timestamp, mark_variant
from pidash.contract.validation import normalize_mac, validate_passphrase, validate_ssid

MAX_TIMEOUT_SECONDS = 3600
DEFAULT_DISCOVERY_TIMEOUT = 60
DEFAULT_PROVISIONING_TIMEOUT = 120
DEFAULT_VERIFICATION_TIMEOUT = 90
MAX_DEVICE_RETRIES = 3


class SessionState(StrEnum):
    DISCOVERING = "discovering"
    ACTIVE = "active"
    PAUSED = "paused"
    CLOSING = "closing"
    CLOSED = "closed"


class CandidateState(StrEnum):
    DISCOVERED = "discovered"
    PROVISIONING = "provisioning"
    PROVISIONED = "provisioned"
    VERIFYING = "verifying"
    VERIFIED = "verified"
    FAILED = "failed"


DEVICE_STEPS: tuple[CandidateState, ...] = (
    CandidateState.DISCOVERED,
    CandidateState.PROVISIONING,
    CandidateState.PROVISIONED,
    CandidateState.VERIFYING,
    CandidateState.VERIFIED,
)
"""The happy path of a device, in order (``failed`` can follow any step but ``verified``)."""


def attempts_made(state: str, retry_count: int) -> int:
    """How many times the Pi has tried a device: its ``retry_count`` (retries, handoff
    ``ProvisioningCandidate``) plus the first attempt, once it has left ``discovered``."""
    return retry_count + (0 if state == CandidateState.DISCOVERED else 1)


IN_FLIGHT_STATES = frozenset({CandidateState.PROVISIONING, CandidateState.PROVISIONED, CandidateState.VERIFYING})

# Enum fields accept values newer than this code (kept as plain strings, reported as drift).
SessionStateValue = Annotated[SessionState | str, Field(union_mode="left_to_right")]
CandidateStateValue = Annotated[CandidateState | str, Field(union_mode="left_to_right")]

Timeout = Annotated[int, Field(gt=0, le=MAX_TIMEOUT_SECONDS)]
Mac = Annotated[str, AfterValidator(normalize_mac)]
"""A MAC address in any accepted form, held as ``AA:BB:CC:DD:EE:FF``."""


class SessionConfig(ContractModel):
    discovery_timeout_seconds: Timeout | None = None
    provisioning_timeout_seconds: Timeout | None = None
    verification_timeout_seconds: Timeout | None = None


class Session(ContractModel):
    """``BatchProvisioningSession``."""

    id: str
    state: SessionStateValue
    target_ssid: str
    created_at: Timestamp
    updated_at: Timestamp | None = None
    expires_at: Timestamp | None = None
    device_count: int = 0
    provisioned_count: int = 0
    verified_count: int = 0
    failed_count: int = 0
    config: SessionConfig | None = None


class Candidate(ContractModel):
    """``ProvisioningCandidate``: a camera found on the onboarding network."""

    mac: Mac
    ip: str = ""
    state: CandidateStateValue
    rssi: int = 0
    firmware_version: str = ""
    discovered_at: Timestamp | None = None
    provisioned_at: Timestamp | None = None
    verified_at: Timestamp | None = None
    error_message: str | None = None
    error_code: str | None = None
    """pidash extension, sent by the simulator: the registry code behind ``error_message``."""
    retry_count: int = 0
    container_id: str | None = None
    in_allowlist: bool = False
    session_id: str | None = None


class AllowlistEntry(ContractModel):
    """``DeviceAllowlistEntry``."""

    mac: Mac
    description: str | None = None
    container_id: str | None = None
    added_at: Timestamp
    used: bool = False
    used_at: Timestamp | None = None


class NetworkStatus(ContractModel):
    """The onboarding network (``OnboardingNetworkStatus``); field variant (peer only):
    ``{interface, ssid, connected}``."""

    ssid: str = ""
    is_active: bool = False
    connected_devices: int = 0
    interface: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _connected(cls, data: Any) -> Any:
        if isinstance(data, dict) and "connected" in data and "is_active" not in data:
            out = dict(data)
            out["is_active"] = bool(out.pop("connected"))
            return mark_variant(out, "field: interface/connected")
        return data


# --- request bodies ---------------------------------------------------------------------


class StartSessionRequest(ContractModel):
    target_ssid: str
    target_password: str = Field(repr=False)
    config: SessionConfig | None = None

    @field_validator("target_ssid")
    @classmethod
    def _ssid(cls, value: str) -> str:
        return validate_ssid(value)

    @field_validator("target_password")
    @classmethod
    def _password(cls, value: str) -> str:
        return validate_passphrase(value)


class AllowlistEntryRequest(ContractModel):
    mac: Mac
    description: str | None = Field(default=None, max_length=200)
    container_id: str | None = Field(default=None, max_length=64)


# --- response data ----------------------------------------------------------------------


class StartSessionData(ContractModel):
    session: Session
    message: str = ""


class SessionData(ContractModel):
    session: Session
    devices: list[Candidate] | None = None
    timeout_remaining: str | None = None
    network_status: NetworkStatus | None = None


class StopSessionData(ContractModel):
    session: Session
    message: str = ""


class ProvisionAllData(ContractModel):
    """Not spelled out by the handoff: the simulator's handoff dialect answers MAC lists; a field Pi
    answers 202 with ``{initiated_count, skipped_count, message}`` or an empty body (Pi team / peer
    only), read as ``accepted`` with unknown lists."""

    session_id: str = ""
    initiated: NullableList[str] = Field(default_factory=list)
    """MAC addresses whose provisioning started."""
    skipped: NullableList[str] = Field(default_factory=list)
    """MAC addresses left alone (not allowlisted, or not in ``discovered``)."""
    initiated_count: int | None = None
    skipped_count: int | None = None
    message: str = ""

    @model_validator(mode="before")
    @classmethod
    def _empty(cls, data: Any) -> Any:
        return mark_variant({}, "field: empty 202") if data is None else data

    @property
    def started_count(self) -> int | None:
        """How many cameras started; None when the Pi accepted without saying."""
        if self.initiated_count is not None:
            return self.initiated_count
        if self.initiated or "initiated" in self.model_fields_set:
            return len(self.initiated)
        return None


class DevicesData(ContractModel):
    devices: NullableList[Candidate] = Field(default_factory=list)


class DeviceActionData(ContractModel):
    """A per-device command's reply: the whole device (handoff dialect), or, from a field Pi, 202
    with ``{mac, state, message}`` or an empty body (Pi team / peer only): ``device`` is then None."""

    device: Candidate | None = None
    mac: Mac | None = None
    state: CandidateStateValue | None = None
    message: str = ""

    @model_validator(mode="before")
    @classmethod
    def _variants(cls, data: Any) -> Any:
        if data is None:
            return mark_variant({}, "field: empty 202")
        if isinstance(data, dict) and "device" not in data and "mac" in data:
            return mark_variant(dict(data), "field: {mac, state, message}")
        return data


class AllowlistData(ContractModel):
    entries: NullableList[AllowlistEntry] = Field(default_factory=list)


class AllowlistEntryData(ContractModel):
    entry: AllowlistEntry
    message: str = ""


class RecoverableSessionsData(ContractModel):
    sessions: NullableList[Session] = Field(default_factory=list)


class ResumeSessionData(ContractModel):
    session: Session
    devices: list[Candidate] | None = None
    message: str = ""


class AuthStatusData(ContractModel):
    required: bool
