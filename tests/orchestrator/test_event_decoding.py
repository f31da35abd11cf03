"""Both SSE vocabularies onto the one internal event set."""

from __future__ import annotations

import json
from typing import Any

from pidash.orchestrator.event_decoding import Decoded, Skip, decode_event
from pidash.orchestrator.events import (
    BackendErrorEvent,
    DeviceChanged,
    DevicePatched,
    NetworkChanged,
    SessionChanged,
    StreamOpened,
)

SESSION = {"id": "sess_1", "state": "active", "target_ssid": "Net", "created_at": "2026-01-11T12:00:00Z"}
DEVICE = {"mac": "AA:BB:CC:DD:EE:01", "state": "provisioning", "session_id": "sess_1"}


def env(kind: str | None, payload: Any, session_id: str | None = "sess_1", version: str = "1.0") -> str:
    raw: dict[str, Any] = {"version": version, "timestamp": "2026-01-11T12:00:00Z", "payload": payload}
    if kind is not None:
        raw["type"] = kind
    if session_id is not None:
        raw["session_id"] = session_id
    return json.dumps(raw)


def event_of(sse_event: str | None, data: str) -> Any:
    out = decode_event(sse_event, data)
    assert isinstance(out, Decoded), out
    return out.event


def test_type_from_sse_field_else_envelope() -> None:
    # The SSE field wins; "message" (httpx-sse's default) counts as absent.
    assert isinstance(event_of("session.started", env(None, {"session": SESSION})), SessionChanged)
    assert isinstance(event_of("message", env("device.discovered", {"device": DEVICE})), DeviceChanged)
    assert isinstance(event_of(None, env("device.discovered", {"device": DEVICE})), DeviceChanged)


def test_connection_established_names_the_active_session() -> None:
    ev = event_of("connection.established", env(None, {"message": "hi", "session_id": "sess_9"}, session_id=None))
    assert ev == StreamOpened("sess_9")
    ev = event_of(None, env("connection.established", {"message": "hi"}, session_id=None))
    assert ev == StreamOpened(None)


def test_heartbeat_is_decoded_without_event() -> None:
    out = decode_event("connection.heartbeat", "")
    assert isinstance(out, Decoded) and out.event is None
    out = decode_event(None, env("connection.heartbeat", None))
    assert isinstance(out, Decoded) and out.event is None


def test_handoff_session_events() -> None:
    started = event_of(None, env("session.started", {"session": SESSION}))
    assert isinstance(started, SessionChanged) and started.started and not started.closed
    warn = event_of(None, env("session.timeout_warning", {"session": SESSION}))
    assert isinstance(warn, SessionChanged) and warn.timeout_warning
    closed = event_of(None, env("session.closed", {"session": SESSION | {"state": "closed"}}))
    assert isinstance(closed, SessionChanged) and closed.closed
    status = event_of(None, env("session.status", {"session": SESSION}))  # data-model name
    assert isinstance(status, SessionChanged)


def test_device_events_both_vocabularies() -> None:
    for kind in (
        "device.discovered",
        "device.state_changed",
        "device.provisioning_started",
        "device.provisioning_completed",
        "device.provisioning_failed",
        "device.verified",
    ):
        ev = event_of(None, env(kind, {"device": DEVICE}))
        assert isinstance(ev, DeviceChanged) and ev.device.mac == "AA:BB:CC:DD:EE:01"
    flat = {"mac": "aa:bb:cc:dd:ee:01", "previous_state": "provisioning", "new_state": "failed", "progress": 40,
            "error": "rejected"}  # fmt: skip
    ev = event_of("device.state_changed", env(None, flat))
    assert ev == DevicePatched("AA:BB:CC:DD:EE:01", "failed", "provisioning", 40, "rejected")


def test_network_events_both_vocabularies() -> None:
    status = {"ssid": "Onboard", "is_active": True, "connected_devices": 3}
    for kind, payload in (
        ("network.started", {"status": status}),
        ("network.stopped", {"status": status | {"is_active": False}}),
        ("network.status_changed", status),
    ):
        ev = event_of(None, env(kind, payload, session_id=None))
        assert isinstance(ev, NetworkChanged) and ev.status.ssid == "Onboard"


def test_error_occurred() -> None:
    ev = event_of(None, env("error.occurred", {"code": "MQTT_UNAVAILABLE", "message": "broker down"}))
    assert isinstance(ev, BackendErrorEvent)
    assert ev.code == "MQTT_UNAVAILABLE" and ev.message == "broker down"
    assert "broker" in str(ev.user_message)


def test_the_data_models_error_event_is_an_error_too() -> None:
    """FIELD-NOTES: ``error {code, message, retryable}`` (data model §4), under ``event:error``."""
    ev = event_of("error", env(None, {"code": "MQTT_UNAVAILABLE", "message": "broker down", "retryable": True}))
    assert isinstance(ev, BackendErrorEvent) and ev.code == "MQTT_UNAVAILABLE"


def test_session_id_from_envelope_or_payload() -> None:
    out = decode_event(None, env("device.discovered", {"device": DEVICE}, session_id=None))
    assert isinstance(out, Decoded) and out.session_id == "sess_1"


def test_skips() -> None:
    assert isinstance(decode_event(None, "not json"), Skip)
    assert isinstance(decode_event(None, env("device.exploded", {})), Skip)
    assert isinstance(decode_event(None, env("device.discovered", {"device": DEVICE}, version="2.0")), Skip)
    assert isinstance(decode_event(None, json.dumps({"type": "device.discovered", "payload": {}})), Skip)
    assert isinstance(decode_event(None, env("device.discovered", {"device": {"state": "x"}})), Skip)
    assert isinstance(decode_event(None, env("device.discovered", {"device": DEVICE | {"mac": "zz"}})), Skip)
    assert isinstance(decode_event(None, json.dumps([1, 2])), Skip)
    assert isinstance(decode_event(None, env(None, {})), Skip)


def test_drift_in_events_is_reported_not_fatal() -> None:
    out = decode_event(None, env("device.discovered", {"device": DEVICE | {"state": "levitating", "x": 1}}))
    assert isinstance(out, Decoded) and isinstance(out.event, DeviceChanged)
    assert out.event.device.state == "levitating"
    assert len(out.drift) == 2


def test_flat_patches_normalise_the_mac_so_devices_are_not_doubled() -> None:
    from pidash.orchestrator.session_view import SessionView

    view = SessionView()
    for mac in ("aa-bb-cc-dd-ee-ff", "aabbccddeeff", "AA:BB:CC:DD:EE:FF"):
        decoded = decode_event(None, env("device.state_changed", {"mac": mac, "new_state": "provisioning"}))
        assert isinstance(decoded, Decoded) and decoded.event is not None
        view.apply(decoded.event)
    assert list(view.devices) == ["AA:BB:CC:DD:EE:FF"]
    bad = decode_event(None, env("device.state_changed", {"mac": "not-a-mac", "new_state": "provisioning"}))
    assert isinstance(bad, Skip)
