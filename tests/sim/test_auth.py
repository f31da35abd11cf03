"""Auth (handoff §2, §6, §10.2): protected routes, the flat 401 body, ?api_key=, dev mode."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.sim.helpers import ALLOWLIST, BATCH, START_BODY, V1, client
from tests.support.processes import SimProcess

PROTECTED = [
    ("POST", f"{BATCH}/start"),
    ("GET", f"{BATCH}/sess_000000000000"),
    ("GET", f"{BATCH}/events"),
    ("GET", f"{BATCH}/network"),
    ("GET", ALLOWLIST),
    ("DELETE", f"{ALLOWLIST}/24:0A:C4:00:00:01"),
    ("GET", f"{V1}/provisioning/sessions/recoverable"),
    ("POST", f"{V1}/door/open"),
    ("GET", f"{V1}/door/status"),
    ("PUT", f"{V1}/config/system.log_level"),
    ("POST", "/api/system/reset"),
]
OPEN = [
    f"{V1}/auth/status",
    f"{V1}/system/info",
    f"{V1}/health",
    f"{V1}/system/health",
    f"{V1}/wifi/scan",
    f"{V1}/wifi/status",
    f"{V1}/config",
    f"{V1}/cameras",
]


@pytest.mark.parametrize(("method", "path"), PROTECTED)
async def test_protected_route_without_key_is_401_with_flat_body(
    shared_sim: SimProcess, method: str, path: str
) -> None:
    async with client(shared_sim, keyed=False) as http:
        response = await http.request(method, path, json={"value": "debug"} if method == "PUT" else None)
    assert response.status_code == 401
    body = response.json()
    assert body["success"] is False
    assert body["error"] == "API key required"
    assert body["code"] == "UNAUTHORIZED"
    assert body["retryable"] is False
    assert body["correlation_id"] == response.headers["X-Correlation-ID"]
    assert body["timestamp"].endswith("Z")


async def test_wrong_key_is_401_invalid(shared_sim: SimProcess) -> None:
    async with client(shared_sim, keyed=False) as http:
        response = await http.post(f"{BATCH}/start", json=START_BODY, headers={"X-API-Key": "invalid"})
    assert response.status_code == 401
    assert response.json()["error"] == "Invalid API key"
    assert response.json()["code"] == "UNAUTHORIZED"


async def test_right_key_starts_a_session_and_query_key_works(sim: SimProcess) -> None:
    async with client(sim) as http:
        response = await http.post(f"{BATCH}/start", json=START_BODY)
        assert response.status_code == 201
    async with client(sim, keyed=False) as http:
        listed = await http.get(ALLOWLIST, params={"api_key": sim.api_key})
        assert listed.status_code == 200
        wrong = await http.get(ALLOWLIST, params={"api_key": "nope"})
        assert wrong.status_code == 401
    assert "nope" not in sim.log_text()
    assert str(sim.api_key) not in sim.log_text()


async def test_door_needs_key(shared_sim: SimProcess) -> None:
    async with client(shared_sim, keyed=False) as http:
        assert (await http.post(f"{V1}/door/open", json={"duration_seconds": 1})).status_code == 401
    async with client(shared_sim) as http:
        opened = await http.post(f"{V1}/door/open", json={"duration_seconds": 1})
        assert opened.status_code == 200
        assert opened.json()["data"]["state"] == "open"


@pytest.mark.parametrize("path", OPEN)
async def test_unprotected_routes_answer_without_key(shared_sim: SimProcess, path: str) -> None:
    async with client(shared_sim, keyed=False) as http:
        response = await http.get(path)
    assert response.status_code == 200
    assert response.json()["success"] is True


async def test_auth_status_says_required(shared_sim: SimProcess) -> None:
    async with client(shared_sim, keyed=False) as http:
        assert (await http.get(f"{V1}/auth/status")).json()["data"] == {"required": True}


async def test_dev_mode_bypasses_auth(sim_factory: Callable[..., SimProcess]) -> None:
    dev = sim_factory(api_key=None, dev_mode=True)
    async with client(dev, keyed=False) as http:
        assert (await http.get(f"{V1}/auth/status")).json()["data"] == {"required": False}
        assert (await http.post(f"{BATCH}/start", json=START_BODY)).status_code == 201
        assert (await http.get(ALLOWLIST)).status_code == 200
