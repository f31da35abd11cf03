"""The Pi's log: lines from real simulator activity plus ambient chatter, streamed by SSE."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from datetime import UTC, datetime

from pidash.contract.system import LogEntry
from pidash.sim.bus import ReplayHub
from pidash.sim.clock import SimClock

LOG_BUFFER_SIZE = 500
AMBIENT_SIM_SECONDS = (5.0, 20.0)
AMBIENT_MIN_INTERVAL = 1.0
"""Real seconds; keeps the stream idle long enough for keepalives at high speeds."""

AMBIENT = (
    ("info", "mqtt", "Heartbeat from broker ok"),
    ("debug", "mqtt", "Published status/orchestrator (retain)"),
    ("info", "wifi", "Onboarding AP DelicasaOnboard: beacon ok"),
    ("debug", "wifi", "DHCP lease table refreshed"),
    ("info", "camera", "Snapshot stored for cam-front-door"),
    ("warning", "camera", "cam-garage did not answer ping"),
    ("info", "system", "Health check passed"),
    ("debug", "db", "WAL checkpoint complete"),
    ("info", "door", "Door sensor reports closed"),
)


class LogHub(ReplayHub[LogEntry]):
    def __init__(self) -> None:
        super().__init__(LOG_BUFFER_SIZE)

    def add(self, level: str, component: str, message: str) -> None:
        self.publish(LogEntry(timestamp=datetime.now(UTC), level=level, component=component, message=message))


class LogHubHandler(logging.Handler):
    """Feeds ``pidash.sim.*`` log records into the hub (component = the logger's last part).

    A record logged off the event loop (a sync route runs in a worker thread) is published on the
    loop (``loop``, set once the simulator runs): the hub numbers lines as it publishes them, and a
    line numbered in a thread could reach a stream after a later one (ids out of order) or wake no
    reader (asyncio queues are not thread-safe)."""

    def __init__(self, hub: LogHub) -> None:
        super().__init__(level=logging.DEBUG)
        self._hub = hub
        self.loop: asyncio.AbstractEventLoop | None = None

    def emit(self, record: logging.LogRecord) -> None:
        try:
            component = record.name.rsplit(".", 1)[-1] if record.name != "pidash.sim" else "api"
            level = {"WARNING": "warning", "CRITICAL": "error"}.get(record.levelname, record.levelname.lower())
            entry = LogEntry(
                timestamp=datetime.fromtimestamp(record.created, UTC),
                level=level,
                component=component,
                message=record.getMessage(),
            )
            loop = self.loop
            if loop is None or _running_loop() is loop:
                self._hub.publish(entry)
            elif not loop.is_closed():
                with contextlib.suppress(RuntimeError):  # the loop closed meanwhile: the line goes with it
                    loop.call_soon_threadsafe(self._hub.publish, entry)
        except Exception:
            self.handleError(record)


def _running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


async def ambient_logs(hub: LogHub, clock: SimClock, rng: random.Random) -> None:
    """Runs until cancelled: a plausible log line every few simulated seconds."""
    while True:
        level, component, message = rng.choice(AMBIENT)
        hub.add(level, component, message)
        await asyncio.sleep(clock.interval(rng.uniform(*AMBIENT_SIM_SECONDS), AMBIENT_MIN_INTERVAL))
