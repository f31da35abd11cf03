"""The bounded log buffer: sequence numbers, filters, what a paused view missed."""

from __future__ import annotations

from datetime import UTC, datetime

from pidash.contract.system import LogEntry
from pidash.store.logs import LogBuffer, LogLine


def entry(message: str, level: str = "info", component: str = "mqtt") -> LogEntry:
    return LogEntry(timestamp=datetime(2026, 1, 1, tzinfo=UTC), level=level, component=component, message=message)


def test_bounded_with_sequence_numbers_and_gaps() -> None:
    buffer = LogBuffer(size=3)
    buffer.extend([entry(str(i)) for i in range(5)])
    assert [line.entry.message for line in buffer.lines] == ["2", "3", "4"]
    lines, dropped = buffer.after(1)
    assert [line.seq for line in lines] == [3, 4, 5] and dropped == 1
    assert buffer.after(5) == ([], 0)


def test_filters() -> None:
    line = LogLine(1, entry("Heartbeat from broker ok", "warn"))
    assert line.level == "warning"
    assert line.matches("info", "") and line.matches("warning", "BROKER") and line.matches("debug", "mqtt")
    assert not line.matches("error", "") and not line.matches("debug", "camera")
    assert "WARNING" in line.text() and "[mqtt] Heartbeat" in line.text()
