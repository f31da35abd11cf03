"""The door controller: opens for a (simulated) duration, then closes and locks itself."""

from __future__ import annotations

import asyncio
import logging

from pidash.contract.system import DoorStatus
from pidash.sim.clock import SimClock

log = logging.getLogger("pidash.sim.door")


class Door:
    def __init__(self, clock: SimClock) -> None:
        self._clock = clock
        self._status = DoorStatus(state="closed", locked=True, last_changed=clock.now())
        self._closer: asyncio.Task[None] | None = None

    def status(self) -> DoorStatus:
        return self._status.model_copy()

    def open(self, duration_seconds: int) -> DoorStatus:
        if self._closer is not None:
            self._closer.cancel()
        now = self._clock.now()
        changed = now if self._status.state != "open" else self._status.last_changed
        self._status = DoorStatus(
            state="open", locked=False, last_changed=changed, auto_close_at=self._clock.after(duration_seconds, now)
        )
        self._closer = asyncio.get_running_loop().create_task(self._auto_close(duration_seconds))
        log.info("Door opened for %ds", duration_seconds)
        return self.status()

    async def _auto_close(self, duration_seconds: int) -> None:
        await self._clock.sleep(duration_seconds)
        self._closer = None
        self._close()
        log.info("Door closed automatically")

    def close(self) -> DoorStatus:
        if self._closer is not None:
            self._closer.cancel()
            self._closer = None
        self._close()
        log.info("Door closed")
        return self.status()

    def _close(self) -> None:
        changed = self._clock.now() if self._status.state != "closed" else self._status.last_changed
        self._status = DoorStatus(state="closed", locked=True, last_changed=changed)

    def shutdown(self) -> None:
        if self._closer is not None:
            self._closer.cancel()
