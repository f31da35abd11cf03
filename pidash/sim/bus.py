"""Fan-out of stream events with a bounded replay buffer (provisioning events and log lines).

Ids are global and strictly increasing, starting from the current time in milliseconds so
that they keep increasing across a simulator restart (a client's ``Last-Event-ID`` from the
previous run is then simply "older than the buffer").
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Generic, TypeVar

T = TypeVar("T")

SUBSCRIBER_QUEUE_LIMIT = 10_000


@dataclass(frozen=True, slots=True)
class Stamped(Generic[T]):
    id: int
    item: T


@dataclass(eq=False)
class Subscription(Generic[T]):
    queue: asyncio.Queue[Stamped[T] | None] = field(default_factory=asyncio.Queue)
    overflowed: bool = False


class ReplayHub(Generic[T]):
    def __init__(self, buffer_size: int) -> None:
        self._buffer: deque[Stamped[T]] = deque(maxlen=buffer_size)
        self._subscribers: set[Subscription[T]] = set()
        self._last_id = int(time.time() * 1000)

    def next_id(self) -> int:
        """A fresh id (also used for connection-local frames that are not buffered)."""
        self._last_id += 1
        return self._last_id

    def publish(self, item: T) -> Stamped[T]:
        stamped = Stamped(self.next_id(), item)
        self._buffer.append(stamped)
        for sub in list(self._subscribers):
            if sub.overflowed:
                continue
            if sub.queue.qsize() >= SUBSCRIBER_QUEUE_LIMIT:
                sub.overflowed = True
                sub.queue.put_nowait(None)
            else:
                sub.queue.put_nowait(stamped)
        return stamped

    def subscribe(self, last_event_id: int | None = None) -> tuple[Subscription[T], list[Stamped[T]]]:
        """Register a subscriber and return what it missed after ``last_event_id``.

        Synchronous on purpose: nothing can be published between the replay and the queue.
        An id older than the buffer (or unknown) replays nothing: the client resyncs.
        """
        sub: Subscription[T] = Subscription()
        self._subscribers.add(sub)
        replay: list[Stamped[T]] = []
        if last_event_id is not None and self._buffer and self._buffer[0].id - 1 <= last_event_id < self._last_id:
            replay = [s for s in self._buffer if s.id > last_event_id]
        return sub, replay

    def recent(self, count: int) -> list[Stamped[T]]:
        """The last ``count`` items held (for a polled, non-streaming read)."""
        return list(self._buffer)[-count:] if count > 0 else []

    def unsubscribe(self, sub: Subscription[T]) -> None:
        self._subscribers.discard(sub)

    def close(self) -> None:
        """End every subscription (on shutdown, so open streams do not hold the server)."""
        for sub in list(self._subscribers):
            sub.queue.put_nowait(None)
        self._subscribers.clear()
