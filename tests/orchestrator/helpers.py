"""Small helpers for the integration tests: deadlines instead of fixed sleeps, sim control."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

import httpx
from pydantic import SecretStr

from pidash.orchestrator import OrchestratorClient, ReconnectPolicy
from tests.support.processes import SimProcess

FAST = ReconnectPolicy(initial=0.2, cap=1.0, min_healthy=2.0, honour_server_retry=False)
"""A quick reconnect ladder for tests (the default climbs to 30 s)."""


async def wait_for(predicate: Callable[[], Any], within: float = 10.0, step: float = 0.05) -> float:
    """Poll ``predicate`` until truthy; returns the seconds it took, fails at the deadline."""
    started = time.monotonic()
    deadline = started + within
    while True:
        if predicate():
            return time.monotonic() - started
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {within} s")
        await asyncio.sleep(step)


def client_for(sim: SimProcess, key: str | None = "same", **kwargs: Any) -> OrchestratorClient:
    api_key = sim.api_key if key == "same" else key
    return OrchestratorClient(sim.url, SecretStr(api_key) if api_key else None, **kwargs)


async def set_faults(sim: SimProcess, **faults: Any) -> None:
    async with httpx.AsyncClient(base_url=sim.url, headers=sim.headers()) as http:
        response = await http.put("/_sim/faults", json=faults)
        response.raise_for_status()


async def reset_faults(sim: SimProcess) -> None:
    async with httpx.AsyncClient(base_url=sim.url, headers=sim.headers()) as http:
        response = await http.post("/_sim/reset-faults")
        response.raise_for_status()


class Sleeps:
    """An injectable sleep that records what it was asked and does not wait."""

    def __init__(self) -> None:
        self.calls: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)
