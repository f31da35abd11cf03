"""The one reconnect policy every feed uses: exponential back-off with a cap, jitter and a
minimum healthy uptime before it resets.

The back-off resets only when a connection stayed up for ``min_healthy`` seconds (measured
when it ends). A server that accepts and drops at once therefore keeps climbing the ladder
instead of being hammered in a tight loop. Time and randomness are injectable for tests.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class ReconnectPolicy:
    initial: float = 1.0
    factor: float = 2.0
    cap: float = 30.0
    jitter: float = 0.2
    """Each delay is drawn from ``[base * (1 - jitter), base]``: spread, never above the cap."""
    min_healthy: float = 10.0
    """A connection that lived this long resets the back-off."""
    min_delay: float = 0.2
    """Floor for any delay, including a server's ``retry:``."""
    honour_server_retry: bool = True
    """Let an SSE ``retry:`` field set the first step of the ladder."""


DEFAULT_POLICY = ReconnectPolicy()


class Backoff:
    def __init__(
        self,
        policy: ReconnectPolicy = DEFAULT_POLICY,
        *,
        clock: Callable[[], float] = time.monotonic,
        rng: Callable[[], float] = random.random,
    ) -> None:
        self.policy = policy
        self._clock = clock
        self._rng = rng
        self._initial = policy.initial
        self.attempt = 0
        self._up_since: float | None = None

    def connected(self) -> None:
        """A connection opened; if it stays up ``min_healthy`` seconds the ladder resets."""
        self._up_since = self._clock()

    def set_server_retry(self, seconds: float) -> None:
        """An SSE ``retry:`` field: the server's reconnection time becomes the first step."""
        if self.policy.honour_server_retry:
            self._initial = max(self.policy.min_delay, min(seconds, self.policy.cap))

    def reset(self) -> None:
        self.attempt = 0
        self._up_since = None

    def next_delay(self, *, to_cap: bool = False, at_least: float | None = None) -> float:
        """The wait before the next attempt. ``to_cap`` jumps straight to the cap (errors that
        a quick retry cannot fix, such as an HTML page where the API should be)."""
        p = self.policy
        if self._up_since is not None and self._clock() - self._up_since >= p.min_healthy:
            self.attempt = 0
        self._up_since = None
        base = p.cap if to_cap else min(p.cap, self._initial * p.factor**self.attempt)
        self.attempt += 1
        if at_least is not None:
            base = max(base, at_least)
        delay = base * (1.0 - p.jitter * self._rng())
        return max(p.min_delay, delay)
