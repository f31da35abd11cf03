"""The last minutes of CPU, memory and temperature, for the trend charts.

At most one sample per ``min_spacing`` seconds is kept (a fast socket must not flood the chart)
and nothing older than ``window`` seconds.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

HISTORY_WINDOW_SECONDS = 10 * 60
MIN_SPACING_SECONDS = 1.0
CHARTED = ("cpu", "memory", "temperature")


@dataclass(frozen=True, slots=True)
class Sample:
    at: float
    """Unix time (seconds) at which the dashboard received the value."""
    cpu: float
    memory: float
    temperature: float


class MonitorHistory:
    def __init__(self, window: float = HISTORY_WINDOW_SECONDS, min_spacing: float = MIN_SPACING_SECONDS) -> None:
        self.window = window
        self.min_spacing = min_spacing
        self.samples: deque[Sample] = deque()
        self.version = 0
        """Increases on every change, so a chart redraws only when there is something new."""

    def add(self, sample: Sample) -> bool:
        """Keep ``sample`` unless the previous one is too recent; True when kept."""
        if self.samples and sample.at - self.samples[-1].at < self.min_spacing:
            return False
        self.samples.append(sample)
        while self.samples and sample.at - self.samples[0].at > self.window:
            self.samples.popleft()
        self.version += 1
        return True

    def series(self, name: str) -> list[list[float]]:
        """``[[epoch_ms, value], ...]`` of one charted metric, as ECharts' time axis wants it."""
        if name not in CHARTED:
            raise KeyError(name)
        return [[round(s.at * 1000), float(getattr(s, name))] for s in self.samples]
