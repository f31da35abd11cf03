"""The Pi's log lines, as the one process-wide log feed delivered them: a bounded buffer.

Every line gets a sequence number, so a page that was paused can ask for what came after the
last line it showed (and learn how many fell out of the buffer meanwhile).
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from nicegui import Event

from pidash.contract.system import LogEntry
from pidash.store.formatting import clock_time

LOG_BUFFER_LINES = 1000
LEVELS = ("debug", "info", "warning", "error")


@dataclass(frozen=True, slots=True)
class LogLine:
    seq: int
    entry: LogEntry

    @property
    def level(self) -> str:
        level = self.entry.level.lower()
        return "warning" if level == "warn" else "error" if level in ("critical", "fatal") else level

    def text(self) -> str:
        stamp = clock_time(self.entry.timestamp)
        component = f"[{self.entry.component}] " if self.entry.component else ""
        return f"{stamp} {self.level.upper():<7} {component}{self.entry.message}"

    def matches(self, min_level: str, query: str) -> bool:
        if min_level in LEVELS and self.level in LEVELS and LEVELS.index(self.level) < LEVELS.index(min_level):
            return False
        if query:
            q = query.casefold()
            return q in self.entry.message.casefold() or q in self.entry.component.casefold()
        return True


class LogBuffer:
    def __init__(self, size: int = LOG_BUFFER_LINES) -> None:
        self.lines: deque[LogLine] = deque(maxlen=size)
        self.last_seq = 0
        self.added: Event[[]] = Event()
        self.unavailable = False
        """The Pi has no log stream (it answered 404, 405, 501 or a proxy's 503)."""
        self.availability_changed: Event[[]] = Event()

    def set_unavailable(self, unavailable: bool) -> None:
        if unavailable != self.unavailable:
            self.unavailable = unavailable
            self.availability_changed.emit()

    def extend(self, entries: list[LogEntry]) -> None:
        for entry in entries:
            self.last_seq += 1
            self.lines.append(LogLine(self.last_seq, entry))
        if entries:
            self.added.emit()

    def after(self, seq: int) -> tuple[list[LogLine], int]:
        """Lines newer than ``seq``, and how many of those already fell out of the buffer."""
        newer = [line for line in self.lines if line.seq > seq]
        first = newer[0].seq if newer else self.last_seq + 1
        return newer, max(0, first - seq - 1)
