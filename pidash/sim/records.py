"""The simulator's own state records (what is persisted), and their contract views."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from pidash.contract.provisioning import (
    AllowlistEntry,
    Candidate,
    CandidateState,
    NetworkStatus,
    Session,
    SessionConfig,
    SessionState,
)

ONBOARDING_SSID = "DelicasaOnboard"


class SessionRecord(BaseModel):
    id: str
    state: SessionState
    target_ssid: str
    created_at: datetime
    updated_at: datetime
    expires_at: datetime
    discovery_ends_at: datetime
    config: SessionConfig
    closed_reason: str | None = None
    """``stopped``, ``expired``, ``superseded`` or ``interrupted``."""
    paused_from: SessionState | None = None
    """The state the session had when the simulator stopped (restored on resume)."""
    warned: bool = False

    @property
    def is_open(self) -> bool:
        return self.state in (SessionState.DISCOVERING, SessionState.ACTIVE)

    @property
    def is_finished(self) -> bool:
        return self.state in (SessionState.CLOSING, SessionState.CLOSED)


class DeviceRecord(BaseModel):
    session_id: str
    mac: str
    ip: str
    state: CandidateState
    rssi: int
    firmware_version: str
    discovered_at: datetime
    provisioned_at: datetime | None = None
    verified_at: datetime | None = None
    error_message: str | None = None
    error_code: str | None = None
    retry_count: int = 0
    container_id: str | None = None

    def view(self, in_allowlist: bool, container_id: str | None) -> Candidate:
        return Candidate(
            mac=self.mac,
            ip=self.ip,
            state=self.state,
            rssi=self.rssi,
            firmware_version=self.firmware_version,
            discovered_at=self.discovered_at,
            provisioned_at=self.provisioned_at,
            verified_at=self.verified_at,
            error_message=self.error_message,
            error_code=self.error_code,
            retry_count=self.retry_count,
            container_id=container_id or self.container_id,
            in_allowlist=in_allowlist,
            session_id=self.session_id,
        )


class AllowlistRecord(BaseModel):
    mac: str
    description: str | None = None
    container_id: str | None = None
    added_at: datetime
    used_at: datetime | None = None

    def view(self) -> AllowlistEntry:
        return AllowlistEntry(
            mac=self.mac,
            description=self.description,
            container_id=self.container_id,
            added_at=self.added_at,
            used=self.used_at is not None,
            used_at=self.used_at,
        )


def session_view(record: SessionRecord, devices: list[DeviceRecord]) -> Session:
    states = [d.state for d in devices]
    provisioned = {CandidateState.PROVISIONED, CandidateState.VERIFYING, CandidateState.VERIFIED}
    return Session(
        id=record.id,
        state=record.state,
        target_ssid=record.target_ssid,
        created_at=record.created_at,
        updated_at=record.updated_at,
        expires_at=record.expires_at,
        device_count=len(devices),
        provisioned_count=sum(1 for s in states if s in provisioned),
        verified_count=sum(1 for s in states if s is CandidateState.VERIFIED),
        failed_count=sum(1 for s in states if s is CandidateState.FAILED),
        config=record.config,
    )


def network_view(record: SessionRecord | None, devices: list[DeviceRecord]) -> NetworkStatus:
    active = record is not None and record.is_open
    connected = sum(1 for d in devices if d.state is not CandidateState.VERIFIED) if active else 0
    return NetworkStatus(ssid=ONBOARDING_SSID, is_active=active, connected_devices=connected)
