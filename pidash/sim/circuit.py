"""Per-device circuit breaker: repeated consecutive failures pause a camera for a while."""

from __future__ import annotations

from collections import deque
from datetime import datetime, timedelta

FAILURE_THRESHOLD = 3
FAILURE_WINDOW_SIM_SECONDS = 120.0
OPEN_SIM_SECONDS = 30.0


class CircuitBreaker:
    """Closed → open after ``FAILURE_THRESHOLD`` failures in a row inside the window →
    half-open when the open period ends (one trial attempt) → closed on success, open on failure."""

    def __init__(self, window: timedelta, open_for: timedelta) -> None:
        self._window = window
        self._open_for = open_for
        self._failures: deque[datetime] = deque()
        self.open_until: datetime | None = None
        self.half_open = False

    def blocked_until(self, now: datetime) -> datetime | None:
        """When the circuit is open, the time it half-opens; else None (and half-open if it just did)."""
        if self.open_until is None:
            return None
        if now < self.open_until:
            return self.open_until
        self.open_until = None
        self.half_open = True
        self._failures.clear()
        return None

    def record_failure(self, now: datetime) -> None:
        if self.half_open:
            self.half_open = False
            self.open_until = now + self._open_for
            return
        self._failures.append(now)
        while self._failures and now - self._failures[0] > self._window:
            self._failures.popleft()
        if len(self._failures) >= FAILURE_THRESHOLD:
            self.open_until = now + self._open_for
            self._failures.clear()

    def record_success(self) -> None:
        self._failures.clear()
        self.open_until = None
        self.half_open = False
