"""The threshold classifier on plain data."""

from __future__ import annotations

import pytest

from pidash.store.thresholds import DEFAULT_THRESHOLDS, Level, Threshold, classify, thresholds_from


@pytest.mark.parametrize(
    ("metric", "value", "level"),
    [
        ("cpu", 79.9, Level.OK),
        ("cpu", 80.0, Level.WARNING),
        ("cpu", 94.99, Level.WARNING),
        ("cpu", 95.0, Level.CRITICAL),
        ("memory", 85.0, Level.WARNING),
        ("memory", 90.0, Level.CRITICAL),
        ("disk", 10.0, Level.OK),
        ("disk", 91.0, Level.CRITICAL),
        ("temperature", 74.9, Level.OK),
        ("temperature", 75.0, Level.WARNING),
        ("temperature", 80.0, Level.CRITICAL),
        ("temperature", -5.0, Level.OK),
    ],
)
def test_pi4_defaults(metric: str, value: float, level: Level) -> None:
    assert classify(value, DEFAULT_THRESHOLDS[metric]) == level


def test_overrides_apply_and_are_checked() -> None:
    thresholds = thresholds_from({"cpu": (50, 60)})
    assert thresholds["cpu"] == Threshold(50, 60)
    assert thresholds["memory"] == DEFAULT_THRESHOLDS["memory"]
    with pytest.raises(ValueError, match="unknown metric"):
        thresholds_from({"gpu": (1, 2)})
    with pytest.raises(ValueError, match="must not be above"):
        thresholds_from({"cpu": (90, 80)})


def test_settings_read_thresholds_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    from pidash.settings import DashboardSettings

    monkeypatch.setenv("PIDASH_THRESHOLDS", '{"temperature": [60, 70]}')
    assert thresholds_from(DashboardSettings().thresholds)["temperature"] == Threshold(60, 70)
