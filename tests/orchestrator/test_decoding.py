"""Decoding of every answer shape, on plain data."""

from __future__ import annotations

import json
from typing import Any

import pytest

from pidash.contract.provisioning import AllowlistEntry, Candidate, SessionData
from pidash.orchestrator.decoding import (
    correlation_id_of,
    decode,
    drift_key,
    list_of,
    model,
    nothing,
    parse_retry_after,
    unwrap,
)
from pidash.orchestrator.errors import OrchestratorError

JSON = {"content-type": "application/json"}
SESSION = {
    "id": "sess_1",
    "state": "active",
    "target_ssid": "Net",
    "created_at": "2026-01-11T12:00:00Z",
}
DEVICE = {"mac": "aa:bb:cc:dd:ee:ff", "state": "discovered", "ip": "192.168.4.10"}


def body(value: Any) -> bytes:
    return json.dumps(value).encode()


def ok(data: Any, cid: str = "cid-1") -> bytes:
    return body({"success": True, "data": data, "correlation_id": cid, "timestamp": "2026-01-11T12:00:00Z"})


def test_success_is_typed_data_with_the_body_correlation_id() -> None:
    out = decode(200, JSON, ok({"session": SESSION, "devices": [DEVICE]}), model(SessionData))
    assert out.data.session.id == "sess_1"
    assert out.data.devices is not None and out.data.devices[0].mac == "AA:BB:CC:DD:EE:FF"
    assert out.correlation_id == "cid-1"
    assert out.drift == []


def test_nested_error_carries_code_message_status_retry_and_details() -> None:
    payload = {
        "success": False,
        "error": {
            "code": "DEVICE_UNREACHABLE",
            "message": "Cannot connect to device",
            "retryable": True,
            "retry_after_seconds": 2,
            "details": "no route",
        },
        "correlation_id": "c-9",
    }
    with pytest.raises(OrchestratorError) as info:
        decode(502, JSON, body(payload), nothing)
    err = info.value
    assert (err.code, err.http_status, err.retryable, err.retry_after_seconds) == ("DEVICE_UNREACHABLE", 502, True, 2)
    assert err.details == "no route"
    assert err.backend_message == "Cannot connect to device"
    assert err.correlation_id == "c-9"
    assert str(err.message) == "The camera could not be reached. Check that it is powered and nearby."
    assert err.retry_after_given


def test_flat_401_is_unauthorized() -> None:
    payload = {"success": False, "error": "API key required", "code": "UNAUTHORIZED", "retryable": False,
               "correlation_id": "c-401"}  # fmt: skip
    with pytest.raises(OrchestratorError) as info:
        decode(401, JSON, body(payload), nothing)
    err = info.value
    assert err.code == "UNAUTHORIZED" and err.http_status == 401 and not err.retryable
    assert err.backend_message == "API key required"
    assert err.correlation_id == "c-401"
    assert err.is_auth_error
    assert "API key" in str(err.message)


def test_error_decoded_whatever_the_status() -> None:
    payload = {"success": False, "error": {"code": "SESSION_NOT_FOUND", "message": "x"}}
    with pytest.raises(OrchestratorError) as info:
        decode(200, JSON, body(payload), nothing)
    assert info.value.code == "SESSION_NOT_FOUND"


def test_unknown_code_gets_a_generic_message() -> None:
    payload = {"success": False, "error": {"code": "FLUX_CAPACITOR", "message": "boom"}}
    with pytest.raises(OrchestratorError) as info:
        decode(500, JSON, body(payload), nothing)
    assert info.value.code == "FLUX_CAPACITOR"
    assert str(info.value.message) == "The Pi reported an unexpected error."
    assert not info.value.retryable


def test_retry_after_header_then_registry_default() -> None:
    rate = {"success": False, "error": {"code": "RATE_LIMITED", "message": "slow", "retryable": True}}
    with pytest.raises(OrchestratorError) as info:
        decode(429, JSON | {"Retry-After": "3"}, body(rate), nothing)
    assert info.value.retry_after_seconds == 3 and info.value.retry_after_given
    with pytest.raises(OrchestratorError) as info:
        decode(429, JSON, body(rate), nothing)
    assert info.value.retry_after_seconds == 30 and not info.value.retry_after_given
    mqtt = {"success": False, "error": {"code": "MQTT_UNAVAILABLE", "message": "x", "retryable": True}}
    with pytest.raises(OrchestratorError) as info:
        decode(503, JSON, body(mqtt), nothing)
    assert info.value.retry_after_seconds == 5


def test_204_is_none() -> None:
    out = decode(204, {"X-Correlation-ID": "h-1"}, b"", nothing)
    assert out.data is None and out.correlation_id == "h-1"


def test_null_list_is_empty_list_wrapped_or_bare() -> None:
    parse = list_of("devices", Candidate)
    assert decode(200, JSON, ok({"devices": None}), parse).data == []
    assert decode(200, JSON, ok(None), parse).data == []
    assert [d.mac for d in decode(200, JSON, ok([DEVICE]), parse).data] == ["AA:BB:CC:DD:EE:FF"]


def test_unwrap_accepts_wrapped_and_bare() -> None:
    entry = {"mac": "AA:BB:CC:DD:EE:01", "added_at": "2026-01-11T12:00:00Z"}
    assert decode(200, JSON, ok({"entry": entry}), unwrap("entry", AllowlistEntry)).data.mac == entry["mac"]
    assert decode(200, JSON, ok(entry), unwrap("entry", AllowlistEntry)).data.mac == entry["mac"]


@pytest.mark.parametrize(
    ("status", "headers", "raw"),
    [
        (200, {"content-type": "text/html"}, b"<html><body>Router login</body></html>"),
        (200, {"content-type": "text/plain"}, b"hello"),
        (404, JSON, body({"detail": "Not Found"})),
        (200, JSON, body([1, 2, 3])),
    ],
)
def test_non_v1_answers_say_so(status: int, headers: dict[str, str], raw: bytes) -> None:
    with pytest.raises(OrchestratorError) as info:
        decode(status, headers, raw, nothing)
    assert info.value.code == "NOT_V1_API"
    assert "not the PiOrchestrator V1 API" in str(info.value.message)
    assert not info.value.retryable


def test_gateway_page_is_not_v1_but_retryable() -> None:
    with pytest.raises(OrchestratorError) as info:
        decode(503, {"content-type": "text/plain", "Retry-After": "5"}, b"Service Unavailable", nothing)
    err = info.value
    assert err.code == "NOT_V1_API" and err.retryable and err.retry_after_seconds == 5 and err.retry_after_given


def test_missing_required_field_is_contract_violation() -> None:
    with pytest.raises(OrchestratorError) as info:
        decode(200, JSON, ok({"devices": []}), model(SessionData))
    err = info.value
    assert err.code == "CONTRACT_VIOLATION"
    assert err.details is not None and "session" in err.details
    assert err.correlation_id == "cid-1"


def test_drift_is_kept_and_reported() -> None:
    session = SESSION | {"state": "hibernating", "colour": "blue"}
    out = decode(200, JSON, ok({"session": session, "devices": [DEVICE | {"antenna": 2}]}), model(SessionData))
    assert out.data.session.state == "hibernating"
    assert out.data.session.model_extra == {"colour": "blue"}
    assert any("colour" in d for d in out.drift)
    assert any("hibernating" in d for d in out.drift)
    assert any("antenna" in d for d in out.drift)


def test_drift_key_folds_list_indexes() -> None:
    assert drift_key("GET /x", "devices[0].antenna (unknown field)") == drift_key(
        "GET /x", "devices[3].antenna (unknown field)"
    )


def test_correlation_id_sources() -> None:
    assert correlation_id_of({"X-Request-Id": "r-1"}, {"correlation_id": "b-1"}) == "b-1"
    assert correlation_id_of({"X-Request-Id": "r-1"}, {}) == "r-1"
    assert correlation_id_of({"x-correlation-id": "c-1", "X-Request-Id": "r-1"}, None) == "c-1"
    assert correlation_id_of({}, None) is None


def test_retry_after_parsing() -> None:
    assert parse_retry_after("2") == 2
    assert parse_retry_after("1.5") == 1.5
    assert parse_retry_after("-3") == 0
    assert parse_retry_after("nonsense") is None
    assert parse_retry_after("nan") is None
    assert parse_retry_after(None) is None
    assert parse_retry_after("Sun, 11 Jan 2026 12:00:10 GMT", now=1768132800.0) == 10


def test_str_of_error_is_code_message_and_correlation() -> None:
    err = OrchestratorError("SESSION_NOT_FOUND", http_status=404, correlation_id="c-1")
    assert str(err).startswith("SESSION_NOT_FOUND: ")
    assert "c-1" in str(err) and "404" in str(err)
    assert err.retry_after_seconds is None


def test_connection_failed_is_retryable() -> None:
    err = OrchestratorError("CONNECTION_FAILED")
    assert err.retryable and err.retry_after_seconds == 5 and not err.retry_after_given


def test_request_id_body_key() -> None:
    raw = body({"success": True, "data": None, "request_id": "r-9"})
    assert decode(200, JSON, raw, nothing).correlation_id == "r-9"


async def test_client_logs_drift_once_per_path_with_correlation_id(caplog: pytest.LogCaptureFixture) -> None:
    import logging

    from pydantic import SecretStr

    from pidash.orchestrator import OrchestratorClient

    caplog.set_level(logging.WARNING, logger="pidash.orchestrator")
    client = OrchestratorClient("http://127.0.0.1:9", SecretStr("k"))
    out = decode(200, JSON, ok({"devices": [DEVICE | {"antenna": 1}, DEVICE | {"antenna": 2}]}, "cid-7"),
                 list_of("devices", Candidate))  # fmt: skip
    client._log_drift("GET", "/provisioning/batch/{id}/devices", out.drift, out.correlation_id)
    client._log_drift("GET", "/provisioning/batch/{id}/devices", out.drift, "cid-8")
    warnings = [r.getMessage() for r in caplog.records if "contract drift" in r.getMessage()]
    assert len(warnings) == 1
    assert "antenna" in warnings[0] and "cid-7" in warnings[0]
    # Another endpoint with the same drift is logged once too.
    with_key = client.with_key(None)
    with_key._log_drift("GET", "/provisioning/allowlist", out.drift, "cid-9")
    assert len([r for r in caplog.records if "contract drift" in r.getMessage()]) == 2
    await client.aclose()


async def test_a_key_no_http_header_can_carry_is_an_auth_error_not_a_crash() -> None:
    from pydantic import SecretStr

    from pidash.orchestrator import OrchestratorClient

    client = OrchestratorClient("http://127.0.0.1:9", SecretStr("clé secrète"))
    try:
        with pytest.raises(OrchestratorError) as info:
            await client.recoverable_sessions()
        assert info.value.code == "UNAUTHORIZED" and info.value.is_auth_error
        assert "clé" not in str(info.value) and "printable ASCII" in (info.value.details or "")
    finally:
        await client.aclose()
