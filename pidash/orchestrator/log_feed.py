"""The log feed: the Pi's log stream with ``Last-Event-ID`` resume and a bounded buffer.

Where the stream is is learnt (see :mod:`.capabilities`): the handoff's ``/system/logs/stream``,
else the field's ``/api/v1/dashboard/logs`` (Pi team). A route that answers "missing" is left for
the next one and asked again only after the slow interval.
"""

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
from pidash.orchestrator.capabilities import API_V1, ROUTES, Route
from pidash.orchestrator.client import OrchestratorClient, Sleep
from pidash.orchestrator.connection import FeedState
from pidash.orchestrator.decoding import load_json
from pidash.orchestrator.errors import OrchestratorError
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


LOGS_SECTION = "logs"


class LogFeed(SseFeed):
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
        self._route: Route = ROUTES[LOGS_SECTION][0]
        self._noted: OrchestratorError | None = None

    @property
    def path(self) -> str:
        """The stream route to open now: the one that answered, else the next not known missing."""
        caps = self._client.capabilities
        streams = [r for r in caps.order(LOGS_SECTION) if r.stream]
        self._route = streams[0] if streams else ROUTES[LOGS_SECTION][0]
        return self._route.path.removeprefix(API_V1)

    @path.setter
    def path(self, _value: str) -> None:
        raise AttributeError("the log feed's path is learnt from the Pi, not set")

    async def _opened(self) -> None:
        self._client.capabilities.answered(LOGS_SECTION, self._route, 200, 0.0, None)
        self._set_state(FeedState.CONNECTED)

    def _set_state(self, state: FeedState) -> None:
        err = self.last_error
        if state == FeedState.RECONNECTING and err is not None and err is not self._noted:
            self._noted = err
            self._client.capabilities.failed(LOGS_SECTION, self._route, err, None)
        super()._set_state(state)

    @property
    def stream_missing(self) -> bool:
        """Every known place of the log stream answered "missing" on this Pi."""
        caps = self._client.capabilities
        return not any(r.stream for r in caps.order(LOGS_SECTION))

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
