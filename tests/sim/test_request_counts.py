"""``GET /_sim/requests``: what the Pi was asked, by method and route template (for benchmarks)."""

from __future__ import annotations

from collections.abc import Callable

from pidash.log_format import MAX_MESSAGE_CHARS
from tests.sim.helpers import BATCH, V1, client, start_session
from tests.support.processes import SimProcess


async def test_requests_are_counted_by_route_template(sim: SimProcess) -> None:
    async with client(sim) as http:
        before = (await http.get("/_sim/requests")).json()  # the start-up probe
        session_id = await start_session(http)
        await http.get(f"{BATCH}/{session_id}")
        assert (await http.get(f"{BATCH}/sess_unknown")).status_code == 404  # routed, then refused
        await http.post(f"{BATCH}/{session_id}/stop")
        await http.get(f"{V1}/health")
        async with client(sim, keyed=False) as anonymous:
            assert (await anonymous.get(f"{BATCH}/{session_id}")).status_code == 401
        after = (await http.get("/_sim/requests")).json()
    counts = {key: n - before["counts"].get(key, 0) for key, n in after["counts"].items()}
    assert counts["POST /api/v1/provisioning/batch/start"] == 1
    assert counts["GET /api/v1/provisioning/batch/{session_id}"] == 2
    assert counts["POST /api/v1/provisioning/batch/{session_id}/stop"] == 1
    assert counts["GET /api/v1/health"] == 1
    assert counts["GET (unrouted)"] == 1  # refused by auth before any route
    assert not any(key.split()[1].startswith("/_sim") for key in counts)  # the control API is not counted
    assert after["total"] == sum(after["counts"].values())
    assert after["total"] - before["total"] == 6


async def test_request_counts_absent_without_faults(sim_factory: Callable[..., SimProcess]) -> None:
    sim = sim_factory(faults=False)
    async with client(sim) as http:
        assert (await http.get("/_sim/requests")).status_code == 404


async def test_a_stream_counts_when_it_opens(sim: SimProcess) -> None:
    async with client(sim) as http, http.stream("GET", f"{BATCH}/events") as stream:
        assert stream.status_code == 200
        async for _line in stream.aiter_lines():
            break  # the stream is open and stays open
        counts = (await http.get("/_sim/requests")).json()["counts"]
        assert counts["GET /api/v1/provisioning/batch/events"] == 1


async def test_a_huge_request_line_is_logged_capped(sim: SimProcess) -> None:
    """The simulator's log lines are capped like the dashboard's (pidash.log_format)."""
    async with client(sim) as http:
        assert (await http.get(f"{V1}/health", params={"x": "A" * 20_000})).status_code == 200
    logged = [line for line in sim.log_text().splitlines() if "AAAA" in line]
    assert logged and max(len(line) for line in logged) < MAX_MESSAGE_CHARS + 200
