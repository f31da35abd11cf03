"""Envelopes, tolerant decoding and drift detection of the contract models."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from pidash.contract import ErrorCode, error_envelope, find_drift, success_envelope
from pidash.contract.envelope import ErrorEnvelope, FlatAuthError, SuccessEnvelope
from pidash.contract.events import DeviceStateChangedFlat, EventEnvelope
from pidash.contract.monitoring import MonitoringData, deep_merge
from pidash.contract.provisioning import (
    AllowlistData,
    Candidate,
    CandidateState,
    SessionConfig,
    SessionData,
    StartSessionRequest,
)

SESSION = {
    "id": "sess_abc123",
    "state": "discovering",
    "created_at": "2026-01-11T12:00:00Z",
    "target_ssid": "MyNetwork",
    "device_count": 0,
    "provisioned_count": 0,
    "verified_count": 0,
    "failed_count": 0,
}


def test_handoff_examples_decode() -> None:
    body = {
        "success": True,
        "data": {
            "session": SESSION,
            "devices": [
                {
                    "mac": "AA:BB:CC:DD:EE:FF",
                    "ip": "192.168.4.100",
                    "state": "discovered",
                    "rssi": -45,
                    "firmware_version": "1.2.3",
                    "discovered_at": "2026-01-11T12:00:05Z",
                }
            ],
            "timeout_remaining": "45s",
            "network_status": {"ssid": "DelicasaOnboard", "is_active": True, "connected_devices": 5},
        },
        "correlation_id": "uuid-here",
        "timestamp": "2026-01-11T12:00:10Z",
    }
    env = SuccessEnvelope[SessionData].model_validate(body)
    assert env.data.devices is not None and env.data.devices[0].state is CandidateState.DISCOVERED
    assert env.data.network_status is not None and env.data.network_status.connected_devices == 5
    assert find_drift(env.data) == []


def test_error_bodies_nested_and_flat() -> None:
    nested = error_envelope(ErrorCode.RATE_LIMITED, "c-1").dump()
    parsed = ErrorEnvelope.model_validate(nested)
    assert parsed.error.code == "RATE_LIMITED" and parsed.error.retry_after_seconds == 30
    flat = FlatAuthError.model_validate(
        {
            "success": False,
            "error": "API key required",
            "code": "UNAUTHORIZED",
            "retryable": False,
            "correlation_id": "u",
            "timestamp": "2026-01-11T12:00:00Z",
        }
    )
    assert flat.code == "UNAUTHORIZED" and flat.error == "API key required"


def test_success_envelope_serialises_rfc3339_utc() -> None:
    out = success_envelope({"a": 1}, "cid")
    assert out["success"] is True and out["data"] == {"a": 1} and out["correlation_id"] == "cid"
    assert out["timestamp"].endswith("Z")


def test_null_lists_read_as_empty() -> None:
    assert AllowlistData.model_validate({"entries": None}).entries == []


def test_drift_is_kept_and_reported() -> None:
    device = Candidate.model_validate(
        {"mac": "aa-bb-cc-dd-ee-ff", "state": "rebooting", "battery": 80, "retry_count": 0}
    )
    assert device.mac == "AA:BB:CC:DD:EE:FF"
    assert device.state == "rebooting"
    assert device.model_extra == {"battery": 80}
    assert sorted(find_drift(device)) == ["battery (unknown field)", "state='rebooting' (unknown value)"]


def test_missing_required_field_is_an_error() -> None:
    with pytest.raises(ValidationError):
        Candidate.model_validate({"state": "discovered"})


def test_start_request_validation_and_secret_repr() -> None:
    req = StartSessionRequest(target_ssid="Shop", target_password="s3cret-pass", config=SessionConfig())
    assert "s3cret-pass" not in repr(req)
    with pytest.raises(ValidationError, match="at least 8"):
        StartSessionRequest(target_ssid="Shop", target_password="short")
    with pytest.raises(ValidationError):
        SessionConfig(discovery_timeout_seconds=0)
    with pytest.raises(ValidationError):
        SessionConfig(verification_timeout_seconds=100000)


def test_both_event_vocabularies_have_models() -> None:
    env = EventEnvelope.model_validate(
        {
            "version": "1.0",
            "type": "device.state_changed",
            "timestamp": "2026-01-11T12:00:00Z",
            "payload": {"mac": "aabbccddeeff", "previous_state": "provisioning", "new_state": "provisioned"},
        }
    )
    flat = DeviceStateChangedFlat.model_validate(env.payload)
    assert flat.new_state is CandidateState.PROVISIONED


def test_monitoring_partial_update_deep_merges() -> None:
    full = MonitoringData().dump()
    merged = deep_merge(full, {"system_health": {"cpu_usage": 91.5}})
    data = MonitoringData.model_validate(merged)
    assert data.system_health.cpu_usage == 91.5
    assert data.system_health.memory_usage == 0.0
