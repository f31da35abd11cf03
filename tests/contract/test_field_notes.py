"""One test per fact of ``shared/FIELD-NOTES.md``: the field shape decodes to the one internal model.

Plain data, as the notes record it; each test names the note (and its grade) it proves.
"""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest

from pidash.contract.events import DeviceDiscoveredFlat
from pidash.contract.provisioning import DeviceActionData, NetworkStatus, ProvisionAllData, Session
from pidash.contract.system import (
    Camera,
    ConfigItem,
    ConfigSection,
    DoorOpenRequest,
    DoorStatus,
    HealthStatus,
    LogEntry,
    SystemInfo,
    WifiNetwork,
    WifiStatus,
)
from pidash.orchestrator.decoding import (
    ItemList,
    decode,
    drift_of,
    list_of,
    log_drift_once,
    maybe,
    model,
    nothing,
    unreadable_note,
    unwrap,
    wait_in_text,
)
from pidash.orchestrator.errors import OrchestratorError
from pidash.orchestrator.event_decoding import Decoded, decode_event
from pidash.orchestrator.events import BackendErrorEvent, DeviceChanged, DevicePatched, NetworkChanged, SessionChanged

JSON = {"content-type": "application/json"}
NESTED_SYSTEM_INFO: dict[str, Any] = {
    "cpu": {"usage_percent": 23.456789012345, "core_count": 4, "per_core": [20.1, 25.3, 22.0, 26.4]},
    "memory": {"used_mb": 1843.2, "total_mb": 3884.0, "used_percent": 47.45623, "available_mb": 2040.8},
    "disk": {"used_gb": 12.4, "total_gb": 58.3, "used_percent": 21.2692967, "path": "/"},
    "temperature_celsius": 52.6,
    "uptime": 273_600_000_000_000,  # 3 d 4 h in nanoseconds
    "load_average": {"load_1": 0.52, "load_5": 0.41, "load_15": 0.33},
    "overall_status": "healthy",
}


def body(payload: Any) -> bytes:
    return json.dumps(payload).encode()


# --- Ports and routes, envelopes --------------------------------------------------------------


def test_health_at_the_root_unwrapped() -> None:
    """Health: ``GET /health``, ``{status: "healthy"|"ok", version}`` (Pi team)."""
    for status in ("healthy", "ok"):
        got = decode(200, JSON, body({"status": status, "version": "1.4.2"}), model(HealthStatus), legacy=True)
        assert got.data.status == status and got.data.version == "1.4.2"


def test_newer_builds_json_not_found_is_an_error_with_its_code() -> None:
    """An unknown route: JSON 404, code ``NOT_FOUND`` outside the registry (captured)."""
    answer = {"success": False, "error": {"code": "NOT_FOUND", "message": "Route not found"}}
    with pytest.raises(OrchestratorError) as info:
        decode(404, JSON, body(answer), nothing)
    assert info.value.code == "NOT_FOUND" and info.value.http_status == 404


def test_older_builds_html_page_is_not_v1() -> None:
    """An unknown ``/api/v1`` path on an older build: an HTML page with 200 (captured)."""
    with pytest.raises(OrchestratorError) as info:
        decode(200, {"content-type": "text/html"}, b"<!doctype html><html></html>", nothing)
    assert info.value.code == "NOT_V1_API" and info.value.http_status == 200


def test_legacy_flat_envelope_payload_beside_success() -> None:
    """Legacy routes: ``{success, count, networks}`` (captured)."""
    flat = {"success": True, "count": 1, "networks": [{"ssid": "HomeNet", "signal": -48}]}
    got = decode(200, JSON, body(flat), list_of("networks", WifiNetwork), legacy=True)
    assert [n.ssid for n in got.data] == ["HomeNet"] and got.data[0].rssi == -48


def test_legacy_bare_object_without_envelope() -> None:
    """``/api/system/info`` answers the bare object (captured)."""
    got = decode(200, JSON, body(NESTED_SYSTEM_INFO), model(SystemInfo), legacy=True)
    assert got.data.cpu_usage == pytest.approx(23.456789012345)


def test_a_v1_route_without_envelope_is_still_not_v1() -> None:
    with pytest.raises(OrchestratorError) as info:
        decode(200, JSON, body(NESTED_SYSTEM_INFO), model(SystemInfo))
    assert info.value.code == "NOT_V1_API"


def test_success_without_data_is_a_success() -> None:
    """Command replies and deletes: ``success: true`` and no ``data`` (Pi team)."""
    done = body({"success": True, "message": "Door opened"})
    assert decode(200, JSON, done, maybe(unwrap("door", DoorStatus))).data is None
    assert decode(200, JSON, done, nothing).data is None


def test_no_correlation_id_in_body_x_request_id_header() -> None:
    """No correlation id in the body; the router sets ``X-Request-Id`` (captured)."""
    got = decode(200, JSON | {"X-Request-Id": "req-77"}, body({"success": True, "data": None}), nothing)
    assert got.correlation_id == "req-77"


def test_rate_limited_with_the_wait_only_in_details() -> None:
    """``RATE_LIMITED`` whose wait is only in the free-text ``details`` (Pi team): still retryable."""
    answer = {
        "success": False,
        "error": {"code": "RATE_LIMITED", "message": "Too many", "details": "retry after 1 second"},
    }
    with pytest.raises(OrchestratorError) as info:
        decode(429, JSON, body(answer), nothing)
    assert info.value.code == "RATE_LIMITED" and info.value.retryable
    assert info.value.retry_after_seconds == 1.0 and info.value.retry_after_given


def test_a_wait_in_free_text() -> None:
    assert wait_in_text("rate limit exceeded, retry after 2 seconds") == 2.0
    assert wait_in_text("please wait 500 ms") == 0.5
    assert wait_in_text("Too many requests") is None


# --- System info ---------------------------------------------------------------------------------


def test_system_info_nested_with_go_units_and_no_hostname() -> None:
    """Nested ``cpu``/``memory``/``disk``, nanosecond ``uptime``, no hostname (captured)."""
    info = SystemInfo.model_validate(NESTED_SYSTEM_INFO)
    assert info.hostname == "" and info.model == ""
    assert info.cpu_usage == pytest.approx(23.456789012345) and info.cpu_cores == 4
    assert info.memory_usage == pytest.approx(47.45623) and info.memory_total_mb == 3884.0
    assert info.disk_usage == pytest.approx(21.2692967)
    assert info.temperature == 52.6
    assert info.uptime == "3d 4h 0m"
    assert info.load_average == "0.52 0.41 0.33"
    assert info.overall_status == "healthy"
    assert info.variant == "field: nested system info with Go units"


def test_system_info_handoff_shape_is_unchanged() -> None:
    info = SystemInfo.model_validate({"hostname": "pi", "cpu_usage": 12.0, "uptime": "1h 2m 3s"})
    assert info.hostname == "pi" and info.uptime == "1h 2m 3s" and info.variant is None


# --- Provisioning --------------------------------------------------------------------------------


def test_session_id_a_bare_uuid() -> None:
    """Session ids are bare UUIDs, not ``sess_…`` (captured)."""
    session = Session.model_validate(
        {
            "id": "0b6f2c1e-4c1a-4f7e-9d55-7a1f3f0c9a10",
            "state": "active",
            "target_ssid": "N",
            "created_at": "2026-01-11T12:00:00Z",
        }
    )
    assert session.id == "0b6f2c1e-4c1a-4f7e-9d55-7a1f3f0c9a10"


def test_provision_all_202_with_counts() -> None:
    """``provision-all``: 202 with ``{initiated_count, skipped_count, message}`` (Pi team)."""
    got = decode(202, JSON, body({"initiated_count": 3, "skipped_count": 1, "message": "ok"}), model(ProvisionAllData))
    assert got.data.started_count == 3 and got.data.skipped_count == 1


def test_provision_all_202_with_empty_body() -> None:
    """An empty 202 is an accepted action, not an error (Pi team)."""
    got = decode(202, JSON, b"", model(ProvisionAllData))
    assert got.data.started_count is None


def test_handoff_provision_all_counts_its_lists() -> None:
    data = ProvisionAllData.model_validate({"session_id": "s", "initiated": [], "skipped": ["AA:BB:CC:DD:EE:FF"]})
    assert data.started_count == 0


def test_provision_device_202_mac_state_message() -> None:
    """Per-device ``provision``/``retry``: 202 with ``{mac, state, message}`` (peer only)."""
    got = decode(
        202,
        JSON,
        body({"mac": "aa-bb-cc-dd-ee-ff", "state": "provisioning", "message": "started"}),
        model(DeviceActionData),
    )
    assert got.data.device is None and got.data.mac == "AA:BB:CC:DD:EE:FF" and got.data.state == "provisioning"
    assert decode(202, JSON, b"", model(DeviceActionData)).data.device is None


def test_onboarding_network_interface_connected() -> None:
    """``{interface, ssid, connected}`` (peer only)."""
    status = NetworkStatus.model_validate({"interface": "wlan1", "ssid": "DelicasaOnboard", "connected": True})
    assert status.is_active is True and status.ssid == "DelicasaOnboard" and status.interface == "wlan1"


def test_null_lists_on_older_builds() -> None:
    """Empty lists were ``null`` (captured)."""
    assert decode(200, JSON, body({"success": True, "data": {"entries": None}}), list_of("entries", Session)).data == []


# --- The stream's data-model vocabulary ---------------------------------------------------------


def envelope(kind: str, payload: Any) -> str:
    return json.dumps({"version": "1.0", "type": kind, "timestamp": "2026-01-11T12:00:00Z", "payload": payload})


def test_flat_device_discovered_is_a_device() -> None:
    """Flat ``device.discovered {mac, ip, rssi, firmware_version, in_allowlist}`` (peer only)."""
    payload = {
        "mac": "aa:bb:cc:dd:ee:01",
        "ip": "192.168.4.21",
        "rssi": -61,
        "firmware_version": "1.0.2",
        "in_allowlist": True,
    }
    got = decode_event("device.discovered", envelope("device.discovered", payload))
    assert isinstance(got, Decoded) and isinstance(got.event, DeviceChanged)
    device = got.event.device
    assert (
        device.mac == "AA:BB:CC:DD:EE:01"
        and device.state == "discovered"
        and device.rssi == -61
        and device.in_allowlist
    )
    assert DeviceDiscoveredFlat.model_validate(payload).ip == "192.168.4.21"


def test_flat_device_state_changed_is_a_patch() -> None:
    payload = {
        "mac": "aa:bb:cc:dd:ee:01",
        "previous_state": "provisioning",
        "new_state": "provisioned",
        "progress": 50,
        "error": None,
    }
    got = decode_event("device.state_changed", envelope("device.state_changed", payload))
    assert isinstance(got, Decoded) and got.event == DevicePatched(
        "AA:BB:CC:DD:EE:01", "provisioned", "provisioning", 50, None
    )


def test_session_status_and_network_status_changed() -> None:
    session = {
        "id": "0b6f2c1e-4c1a-4f7e-9d55-7a1f3f0c9a10",
        "state": "active",
        "target_ssid": "N",
        "created_at": "2026-01-11T12:00:00Z",
    }
    got = decode_event("session.status", envelope("session.status", {"session": session}))
    assert isinstance(got, Decoded) and isinstance(got.event, SessionChanged)
    net = decode_event(
        "network.status_changed",
        envelope("network.status_changed", {"ssid": "On", "is_active": True, "connected_devices": 2}),
    )
    assert (
        isinstance(net, Decoded) and isinstance(net.event, NetworkChanged) and net.event.status.connected_devices == 2
    )


def test_error_event_is_shown_not_dropped() -> None:
    """``error {code, message, retryable}`` (peer only) reaches the error display."""
    got = decode_event(
        "error", envelope("error", {"code": "MQTT_UNAVAILABLE", "message": "broker down", "retryable": True})
    )
    assert isinstance(got, Decoded) and isinstance(got.event, BackendErrorEvent)
    assert got.event.code == "MQTT_UNAVAILABLE" and "broker" in str(got.event.user_message)


def test_heartbeat_with_null_payload() -> None:
    got = decode_event("connection.heartbeat", envelope("connection.heartbeat", None))
    assert isinstance(got, Decoded) and got.event is None


# --- Logs, Wi-Fi, door, config, cameras ----------------------------------------------------------


def test_log_entry_with_fields_and_no_component() -> None:
    """``{timestamp, level, message, fields}`` (Pi team); level ``warn``."""
    entry = LogEntry.model_validate(
        {
            "timestamp": "2026-01-11T12:00:00Z",
            "level": "warn",
            "message": "slow",
            "fields": {"component": "mqtt", "ms": 900},
        }
    )
    assert entry.component == "mqtt" and entry.level == "warn" and entry.fields["ms"] == 900
    bare = LogEntry.model_validate(
        {"timestamp": "2026-01-11T12:00:00Z", "level": "info", "message": "x", "fields": None}
    )
    assert bare.component == "" and bare.fields == {}


def test_legacy_logs_count_and_logs_without_envelope() -> None:
    """``/api/dashboard/logs`` answered ``{count, logs}`` (captured)."""
    answer = {
        "count": 1,
        "logs": [{"timestamp": "2026-01-11T12:00:00Z", "level": "info", "message": "m", "fields": {}}],
    }
    got = decode(200, JSON, body(answer), list_of("logs", LogEntry), legacy=True)
    assert [e.message for e in got.data] == ["m"]


def test_wifi_scan_signal_security_frequency_quality() -> None:
    """``signal`` (dBm), ``security``, ``frequency``, ``channel``, ``quality`` (captured)."""
    net = WifiNetwork.model_validate(
        {"ssid": "HomeNet", "signal": -48, "security": "WPA2", "frequency": 2437, "channel": 6, "quality": 100}
    )
    assert net.rssi == -48 and net.frequency == 2437 and net.quality == 100 and net.variant == "field: signal"


def test_wifi_scan_networks_null() -> None:
    assert (
        decode(200, JSON, body({"success": True, "data": {"networks": None}}), list_of("networks", WifiNetwork)).data
        == []
    )


def test_wifi_status_client_status_form() -> None:
    """``{status: {client_status, client_ssid, client_ip, client_signal, ap_*}}`` (peer only)."""
    status = unwrap("status", WifiStatus)(
        {
            "status": {
                "client_status": "connected",
                "client_ssid": "HomeNet",
                "client_ip": "192.168.1.10",
                "client_signal": -55,
                "ap_status": "inactive",
                "ap_ssid": "",
                "ap_ip": "",
                "connected_devices": 0,
            }
        }
    )
    assert status.connected and status.ssid == "HomeNet" and status.ip_address == "192.168.1.10" and status.rssi == -55
    assert status.ap_status == "inactive"
    assert not WifiStatus.model_validate({"client_status": "connecting"}).connected


def test_wifi_status_connected_signal_strength_form() -> None:
    status = WifiStatus.model_validate(
        {"connected": True, "ssid": "H", "ip_address": "10.0.0.2", "signal_strength": -60, "mode": "client"}
    )
    assert status.rssi == -60 and status.connected


def test_door_lock_state() -> None:
    """``lock_state`` (``locked|unlocked|unknown|error``), ``hardware_available`` (peer only)."""
    unlocked = DoorStatus.model_validate(
        {"state": "open", "lock_state": "unlocked", "hardware_available": True, "last_command": "open"}
    )
    assert unlocked.locked is False and unlocked.hardware_available
    assert DoorStatus.model_validate({"state": "closed", "lock_state": "locked"}).locked is True
    assert DoorStatus.model_validate({"state": "error", "lock_state": "unknown"}).locked is None


def test_door_open_takes_duration() -> None:
    """Open takes ``duration`` (Pi team); the handoff era's ``duration_seconds`` still reads."""
    assert DoorOpenRequest.model_validate({"duration": 12}).duration_seconds == 12
    assert DoorOpenRequest.model_validate({"duration_seconds": 7}).duration_seconds == 7


def test_config_string_values_and_secret_type() -> None:
    """``value`` always a string; ``type`` ``number``/``boolean``/``select``/``secret`` (captured-ish)."""
    secret = ConfigItem.model_validate({"key": "mqtt.password", "value": "hunter22", "type": "secret"})
    assert secret.secret is True and secret.wire_value("new-pass") == "new-pass"
    port = ConfigItem.model_validate(
        {"key": "mqtt.port", "value": "8883", "type": "number", "validation": {"min": 1, "max": 65535}}
    )
    assert port.type == "int" and port.value == 8883 and port.minimum == 1 and port.maximum == 65535
    assert port.wire_value(1883) == "1883"
    ratio = ConfigItem.model_validate({"key": "r", "value": "0.5", "type": "number"})
    assert ratio.type == "float" and ratio.value == 0.5
    tls = ConfigItem.model_validate(
        {"key": "mqtt.tls", "value": "true", "type": "boolean", "default_value": "false", "required": True}
    )
    assert tls.type == "bool" and tls.value is True and tls.wire_value(False) == "false" and tls.required
    level = ConfigItem.model_validate(
        {"key": "log", "value": "info", "type": "select", "validation": {"options": ["debug", "info"]}}
    )
    assert level.type == "string" and level.options == ["debug", "info"]
    handoff = ConfigItem.model_validate({"key": "k", "value": 3, "type": "int"})
    assert handoff.wire_value(4) == 4


def test_camera_device_id_ip_address_and_health() -> None:
    """``device_id``, ``ip_address``, ``health: {heap, wifi_rssi, uptime}`` (captured)."""
    cam = Camera.model_validate(
        {
            "device_id": "espcam-a1b2c3",
            "ip_address": "192.168.1.60",
            "status": "online",
            "health": {"heap": 120000, "wifi_rssi": -63, "uptime": 400},
        }
    )
    assert cam.id == "espcam-a1b2c3" and cam.ip == "192.168.1.60" and cam.rssi == -63
    flat = Camera.model_validate({"device_id": "espcam-2", "rssi": -70, "container_id": "c1"})
    assert flat.rssi == -70 and flat.container_id == "c1"


def test_cameras_as_a_bare_array_in_data() -> None:
    answer = {"success": True, "data": [{"device_id": "espcam-1"}, {"device_id": "espcam-2"}]}
    assert [c.id for c in decode(200, JSON, body(answer), list_of("cameras", Camera)).data] == ["espcam-1", "espcam-2"]


def test_config_section_named_by_title() -> None:
    assert ConfigSection.model_validate({"title": "MQTT", "items": None}).name == "MQTT"


# --- One bad record never hides the others ------------------------------------------------------


def test_a_list_with_one_undecodable_item_still_shows_the_others() -> None:
    answer = {"success": True, "data": [{"device_id": "espcam-1"}, {"name": "no id at all"}, {"id": "cam-3"}]}
    got = decode(200, JSON, body(answer), list_of("cameras", Camera))
    assert [c.id for c in got.data] == ["espcam-1", "cam-3"]
    assert isinstance(got.data, ItemList) and got.data.unreadable == 1
    assert str(unreadable_note(got.data)) == "1 item could not be read"
    assert got.data.problems == ["[1] id: missing"]


def test_a_list_that_is_not_a_list_is_a_contract_violation() -> None:
    with pytest.raises(OrchestratorError) as info:
        decode(200, JSON, body({"success": True, "data": {"cameras": "nope"}}), list_of("cameras", Camera))
    assert info.value.code == "CONTRACT_VIOLATION"


def test_the_variant_met_is_logged_once_with_the_correlation_id(caplog: pytest.LogCaptureFixture) -> None:
    seen: set[str] = set()
    with caplog.at_level(logging.WARNING, "pidash.orchestrator"):
        for cid in ("cid-1", "cid-2"):
            info = SystemInfo.model_validate(NESTED_SYSTEM_INFO)
            log_drift_once(seen, "GET /system/info", drift_of(info), f" (correlation_id={cid})")
    lines = [r.getMessage() for r in caplog.records if "variant" in r.getMessage()]
    assert lines == [
        "contract drift in GET /system/info: (variant: field: nested system info with Go units) (correlation_id=cid-1)"
    ]


def test_a_secret_value_is_in_no_decoding_problem() -> None:
    answer = {
        "success": True,
        "data": {"sections": [{"name": "mqtt", "items": [{"value": "hunter22", "type": "secret"}]}]},
    }
    got = decode(200, JSON, body(answer), list_of("sections", ConfigSection))
    # The bad item is inside a section: the section is left out and the reason names no value.
    assert got.data == [] and "hunter22" not in " ".join(got.data.problems)  # type: ignore[attr-defined]
