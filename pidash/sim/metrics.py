"""Plausible, drifting Pi metrics (a bounded random walk) that rise while cameras are provisioned."""

from __future__ import annotations

import random
import time
from dataclasses import dataclass

from pidash.contract.units import format_duration as _duration


@dataclass
class Metrics:
    cpu: float = 12.0
    memory: float = 38.0
    disk: float = 41.0
    temperature: float = 48.0
    latency: float = 4.0
    packet_loss: float = 0.0
    bytes_received: int = 1_250_000
    bytes_sent: int = 830_000
    active_connections: int = 6
    load: tuple[float, float, float] = (0.3, 0.25, 0.2)


class MetricsWalk:
    """Advances one step per tick; ``busy`` (devices in flight) pulls CPU and traffic up."""

    BOOT_UPTIME_SECONDS = 3 * 86400 + 4 * 3600

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self.metrics = Metrics()
        self._started = time.monotonic()

    @property
    def uptime_seconds(self) -> float:
        return self.BOOT_UPTIME_SECONDS + time.monotonic() - self._started

    @property
    def uptime(self) -> str:
        return _duration(self.uptime_seconds)

    @property
    def service_uptime(self) -> str:
        return _duration(time.monotonic() - self._started)

    @property
    def load_average(self) -> str:
        return " ".join(f"{v:.2f}" for v in self.metrics.load)

    def step(self, busy: int) -> Metrics:
        m, r = self.metrics, self._rng
        target_cpu = min(95.0, 12.0 + 9.0 * busy)
        m.cpu = _clamp(m.cpu + (target_cpu - m.cpu) * 0.4 + r.gauss(0, 2.5), 2.0, 99.0)
        m.memory = _clamp(m.memory + r.gauss(0, 0.6) + 0.3 * busy * 0.1, 20.0, 92.0)
        m.disk = _clamp(m.disk + r.uniform(0, 0.02), 10.0, 95.0)
        target_temp = 45.0 + m.cpu * 0.3
        m.temperature = _clamp(m.temperature + (target_temp - m.temperature) * 0.3 + r.gauss(0, 0.4), 35.0, 85.0)
        m.latency = _clamp(m.latency + r.gauss(0, 0.8), 1.0, 60.0)
        m.packet_loss = _clamp(m.packet_loss + r.gauss(0, 0.05), 0.0, 5.0)
        m.bytes_received += int(r.uniform(4_000, 20_000) + 60_000 * busy)
        m.bytes_sent += int(r.uniform(3_000, 15_000) + 40_000 * busy)
        m.active_connections = max(1, m.active_connections + r.choice((-1, 0, 0, 1)) + (1 if busy else 0))
        m.active_connections = min(m.active_connections, 40 + busy)
        one = _clamp(m.cpu / 25.0 + r.gauss(0, 0.05), 0.0, 4.0)
        m.load = (round(one, 2), round((m.load[1] * 4 + one) / 5, 2), round((m.load[2] * 14 + one) / 15, 2))
        return m


def _clamp(value: float, low: float, high: float) -> float:
    return round(min(high, max(low, value)), 2)
