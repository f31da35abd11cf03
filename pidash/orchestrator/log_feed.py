"""The log feed: ``/system/logs/stream`` with ``Last-Event-ID`` resume and a bounded buffer."""

from __future__ import annotations

import asyncio
import collections
import logging
from collections.abc import Callable

from httpx_sse import ServerSentEvent
from pydantic import ValidationError

from pidash.aio import call_safely
from pidash.contract.system import LogEntry
from pidash.orchestrator.backoff import DEFAULT_POLICY, ReconnectPolicy
from pidash.orchestrator.client import OrchestratorClient, Sleep
from pidash.orchestrator.connection import FeedState
from pidash.orchestrator.decoding import load_json
from pidash.orchestrator.sse_feed import SseFeed

logger = logging.getLogger("pidash.orchestrator")

LOGS_PATH = "/system/logs/stream"
LOG_EVENT = "log"


def _numeric(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def parse_log_entry(data: str) -> LogEntry | None:
    """One ``log`` event's data (bare, or wrapped in an envelope's ``payload``/``data``)."""
    try:
        raw = load_json(data)
        if isinstance(raw, dict) and "timestamp" not in raw:
            for key in ("payload", "data", "entry"):
                if isinstance(raw.get(key), dict):
                    raw = raw[key]
                    break
        return LogEntry.model_validate(raw)
    except (ValueError, ValidationError, TypeError, RecursionError):
        return None


class LogFeed(SseFeed):
    path = LOGS_PATH
    name = "logs"

    def __init__(
        self,
        client: OrchestratorClient,
        *,
        on_entries: Callable[[list[LogEntry]], None],
        on_state: Callable[[FeedState], None],
        buffer_size: int = 1000,
        read_timeout: float = 60.0,
        policy: ReconnectPolicy = DEFAULT_POLICY,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        super().__init__(client, on_state=on_state, read_timeout=read_timeout, policy=policy, sleep=sleep)
        self._on_entries = on_entries
        self.entries: collections.deque[LogEntry] = collections.deque(maxlen=buffer_size)
        self._last_seen: int | None = None
        self.duplicates = 0

    async def _opened(self) -> None:
        self._set_state(FeedState.CONNECTED)

    async def _handle(self, sse: ServerSentEvent) -> None:
        if sse.event not in (LOG_EVENT, "message"):
            return  # keepalive and anything else
        number = _numeric(sse.id)
        entry = parse_log_entry(sse.data)
        if number is not None and self._last_seen is not None and number <= self._last_seen:
            if not self._numbering_restarted(entry):
                self.duplicates += 1
                return
            logger.info("logs feed: the Pi's log ids restarted (%s after %s): a reboot", number, self._last_seen)
        if number is not None:
            self._last_seen = number
        if entry is None:
            logger.warning("logs feed: skipped a malformed log event (id %s)", sse.id or "none")
            return
        self.entries.append(entry)
        call_safely(self._on_entries, [entry])

    def _numbering_restarted(self, entry: LogEntry | None) -> bool:
        """An id at or below the last one seen is a replay, unless its line is newer than every
        line held: then the Pi counts from the start again (it rebooted)."""
        if entry is None or not self.entries:
            return False
        try:
            return entry.timestamp > self.entries[-1].timestamp
        except TypeError:  # one naive, one aware timestamp: cannot tell, so treat as a replay
            return False
