"""Warning and critical thresholds of the Pi's health metrics, and the classifier that applies them.

Defaults are the Raspberry Pi 4's: CPU 80/95 %, memory 80/90 %, temperature 75/80 °C; disk
80/90 % (a full SD card stops the database). ``PIDASH_THRESHOLDS`` overrides any of them, e.g.
``{"cpu": [70, 90]}``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum


class Level(StrEnum):
    OK = "ok"
    WARNING = "warning"
    CRITICAL = "critical"


@dataclass(frozen=True)
class Threshold:
    warning: float
    critical: float

    def __post_init__(self) -> None:
        if self.warning > self.critical:
            raise ValueError(f"warning ({self.warning}) must not be above critical ({self.critical})")


CPU = "cpu"
MEMORY = "memory"
DISK = "disk"
TEMPERATURE = "temperature"

DEFAULT_THRESHOLDS: dict[str, Threshold] = {
    CPU: Threshold(80.0, 95.0),
    MEMORY: Threshold(80.0, 90.0),
    DISK: Threshold(80.0, 90.0),
    TEMPERATURE: Threshold(75.0, 80.0),
}


def classify(value: float, threshold: Threshold) -> Level:
    """``critical`` at or above the critical value, ``warning`` at or above the warning value."""
    if value >= threshold.critical:
        return Level.CRITICAL
    if value >= threshold.warning:
        return Level.WARNING
    return Level.OK


def thresholds_from(overrides: Mapping[str, tuple[float, float]] | None) -> dict[str, Threshold]:
    """The defaults with ``overrides`` (metric → (warning, critical)) applied; unknown metrics are refused."""
    result = dict(DEFAULT_THRESHOLDS)
    for name, (warning, critical) in (overrides or {}).items():
        if name not in result:
            raise ValueError(f"unknown metric {name!r}; known: {', '.join(result)}")
        result[name] = Threshold(float(warning), float(critical))
    return result
