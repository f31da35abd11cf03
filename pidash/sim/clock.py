"""Simulated time: the one place where ``--speed`` scales durations.

Timestamps stay wall-clock (what a Pi would print); every *duration* of the simulated world
(discovery windows, device steps, heartbeats, the door) is divided by the speed.
"""

from __future__ import annotations

import asyncio
import math
from datetime import datetime, timedelta

from pidash.contract.base import utcnow

MIN_INTERVAL_SECONDS = 0.5
"""Periodic traffic (heartbeats, monitor updates, keepalives) never runs faster than this."""


class SimClock:
    def __init__(self, speed: float) -> None:
        self.speed = speed

    def now(self) -> datetime:
        return utcnow()

    def real(self, sim_seconds: float) -> float:
        """Wall-clock seconds that ``sim_seconds`` of simulated time take."""
        return sim_seconds / self.speed

    def interval(self, sim_seconds: float, minimum: float = MIN_INTERVAL_SECONDS) -> float:
        """A periodic interval in wall-clock seconds, never shorter than ``minimum``."""
        return max(self.real(sim_seconds), minimum)

    def after(self, sim_seconds: float, start: datetime | None = None) -> datetime:
        return (start or self.now()) + timedelta(seconds=self.real(sim_seconds))

    async def sleep(self, sim_seconds: float) -> None:
        await asyncio.sleep(self.real(sim_seconds))

    def remaining(self, until: datetime) -> float:
        """Wall-clock seconds until ``until`` (0 when past)."""
        return max(0.0, (until - self.now()).total_seconds())

    def retry_after(self, until: datetime) -> int:
        """``Retry-After`` seconds for a wait that ends at ``until`` (at least 1)."""
        return max(1, math.ceil(self.remaining(until)))
