"""Sign-in throttling: at most N failures per minute per account name and per address.

Once an account name or an address has ``limit`` failures in the last ``window`` seconds, further
attempts are refused *without checking the password* until the oldest failure leaves the window.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable

DEFAULT_LIMIT = 5
WINDOW_SECONDS = 60.0
MAX_TRACKED = 10_000
"""Keys remembered at most (oldest dropped): an address flood cannot grow memory without bound."""


class LoginThrottle:
    def __init__(
        self, limit: int = DEFAULT_LIMIT, window: float = WINDOW_SECONDS, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limit, self.window, self.clock = limit, window, clock
        self._failures: dict[str, deque[float]] = {}

    def _recent(self, key: str, now: float) -> deque[float]:
        times = self._failures.get(key)
        if times is None:
            return deque()
        while times and now - times[0] >= self.window:
            times.popleft()
        if not times:
            del self._failures[key]
        return times

    def wait_seconds(self, name: str, address: str) -> float:
        """0 when an attempt may be checked; else the seconds until it may."""
        now = self.clock()
        waits = [
            self.window - (now - times[0])
            for key in (f"name:{name.strip().lower()}", f"addr:{address}")
            if len(times := self._recent(key, now)) >= self.limit
        ]
        return max(waits, default=0.0)

    def failed(self, name: str, address: str) -> None:
        now = self.clock()
        for key in (f"name:{name.strip().lower()}", f"addr:{address}"):
            self._failures.setdefault(key, deque()).append(now)
        while len(self._failures) > MAX_TRACKED:
            del self._failures[next(iter(self._failures))]
