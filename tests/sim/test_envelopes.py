"""Envelopes, correlation ids, validation errors and unknown routes (handoff §4, §5)."""

from __future__ import annotations

import uuid
from datetime import datetime

import pytest

from tests.sim.helpers import ALLOWLIST, BATCH, V1, client, error_code
from tests.support.processes import SimProcess


async def test_success_envelope_has_uuid_correlation_id_and_rfc3339_timestamp(shared_sim: SimProcess) -> None:
    async with client(shared_sim) as http:
        response = await http.get(f"{V1}/system/info")
    body = response.json()
    assert body["success"] is True
    assert uuid.UUID(body["correlation_id"]).version == 4
    assert response.headers["X-Correlation-ID"] == body["correlation_id"]
    assert datetime.fromisoformat(body["timestamp"].replace("Z", "+00:00")).tzinfo is not None


@pytest.mark.parametrize("path", [f"{V1}/wifi/status", f"{BATCH}/nope", "/_sim/faults", "/not-api"])
async def test_inbound_correlation_id_is_honoured_and_echoed(shared_sim: SimProcess, path: str) -> None:
    async with client(shared_sim) as http:
        response = await http.get(path, headers={"X-Correlation-ID": "trace-42"})
    assert response.headers["X-Correlation-ID"] == "trace-42"
    if path.startswith("/api"):
        assert response.json()["correlation_id"] == "trace-42"
    assert "cid=trace-42" in shared_sim.log_text()


async def test_unknown_api_route_is_enveloped_404(shared_sim: SimProcess) -> None:
    async with client(shared_sim) as http:
        response = await http.get(f"{V1}/does/not/exist")
        wrong_method = await http.delete(f"{V1}/wifi/scan")
    assert response.status_code == 404
    assert error_code(response) == "INVALID_REQUEST"
    assert "does/not/exist" in response.json()["error"]["details"]
    assert wrong_method.status_code == 405
    assert error_code(wrong_method) == "INVALID_REQUEST"


@pytest.mark.parametrize(
    ("body", "code", "fragment"),
    [
        ({"target_ssid": "HomeNet"}, "MISSING_PARAMETER", "target_password"),
        ({"target_ssid": "", "target_password": "supersecret"}, "VALIDATION_FAILED", "SSID"),
        ({"target_ssid": "x" * 33, "target_password": "supersecret"}, "VALIDATION_FAILED", "32 bytes"),
        ({"target_ssid": "HomeNet", "target_password": "short"}, "VALIDATION_FAILED", "at least 8"),
        (
            {"target_ssid": "HomeNet", "target_password": "supersecret", "config": {"discovery_timeout_seconds": 0}},
            "VALIDATION_FAILED",
            "discovery_timeout_seconds",
        ),
        (
            {
                "target_ssid": "HomeNet",
                "target_password": "supersecret",
                "config": {"verification_timeout_seconds": 99999},
            },
            "VALIDATION_FAILED",
            "verification_timeout_seconds",
        ),
    ],
)
async def test_start_validation(shared_sim: SimProcess, body: dict[str, object], code: str, fragment: str) -> None:
    async with client(shared_sim) as http:
        response = await http.post(f"{BATCH}/start", json=body)
    assert response.status_code == 400
    assert error_code(response) == code
    assert fragment in response.json()["error"]["details"]
    assert response.json()["error"]["retryable"] is False


async def test_unparsable_json_is_invalid_request(shared_sim: SimProcess) -> None:
    async with client(shared_sim) as http:
        response = await http.post(
            f"{BATCH}/start", content=b'{"target_ssid": ', headers={"Content-Type": "application/json"}
        )
    assert response.status_code == 400
    assert error_code(response) == "INVALID_REQUEST"
    assert response.json()["error"]["details"]


async def test_invalid_mac_is_validation_failed(shared_sim: SimProcess) -> None:
    async with client(shared_sim) as http:
        added = await http.post(ALLOWLIST, json={"mac": "GG:HH:II:JJ:KK:LL"})
        deleted = await http.delete(f"{ALLOWLIST}/not-a-mac")
        state = await http.get(f"{BATCH}/sess_x/devices", params={"state": "sleeping"})
    assert added.status_code == 400
    assert error_code(added) == "VALIDATION_FAILED"
    assert "hexadecimal" in added.json()["error"]["details"]
    assert deleted.status_code == 400
    assert error_code(deleted) == "VALIDATION_FAILED"
    assert state.status_code == 400
    assert error_code(state) == "VALIDATION_FAILED"


async def test_request_log_line(shared_sim: SimProcess) -> None:
    async with client(shared_sim) as http:
        response = await http.get(f"{V1}/wifi/scan", params={"api_key": "leaky-secret", "x": "1"})
    cid = response.headers["X-Correlation-ID"]
    line = next(line for line in shared_sim.log_text().splitlines() if cid in line)
    assert "GET /api/v1/wifi/scan?x=1 -> 200" in line
    assert "leaky-secret" not in shared_sim.log_text()
    assert f"PiOrchestrator simulator listening on http://127.0.0.1:{shared_sim.port}" in shared_sim.log_text()
