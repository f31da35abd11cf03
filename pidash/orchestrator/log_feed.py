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

from pidash.aio import call_safely, cancel_and_wait
from pidash.contract.system import LogEntry
from pidash.orchestrator.backoff import DEFAULT_POLICY, ReconnectPolicy
from pidash.orchestrator.capabilities import API_V1, ROUTES, Route
from pidash.orchestrator.client import OrchestratorClient
from pidash.orchestrator.connection import FeedState
from pidash.orchestrator.decoding import list_of, load_json
from pidash.orchestrator.errors import OrchestratorError
from pidash.orchestrator.sse_feed import SseFeed
from pidash.orchestrator.transport import Sleep

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
LEGACY_POLL_SECONDS = 5.0
"""How often the legacy JSON log route is read when this Pi has no log stream."""
SEEN_KEYS = 5000


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
        self._stream_gone = asyncio.Event()
        self._seen: collections.OrderedDict[tuple[str, str, str], None] = collections.OrderedDict()
        self.legacy_polls = 0

    async def _run(self) -> None:
        """The stream while this Pi has one; else the legacy JSON route, polled, until a stream
        route is due to be asked again (field notes: ``/api/dashboard/logs`` answered ``{count, logs}``)."""
        while True:
            if not self.stream_missing:
                self._stream_gone.clear()
                stream = asyncio.create_task(super()._run(), name="pidash-logs-stream")
                gone = asyncio.create_task(self._stream_gone.wait())
                try:
                    await asyncio.wait({stream, gone}, return_when=asyncio.FIRST_COMPLETED)
                except asyncio.CancelledError:  # stopped, or another client: end the stream too
                    await cancel_and_wait([stream, gone])
                    raise
                await cancel_and_wait([gone])
                if stream.done():
                    return  # 204 or auth failed: the base loop decided to stop
                await cancel_and_wait([stream])
            await self._poll_legacy()

    async def _poll_legacy(self) -> None:
        caps = self._client.capabilities
        legacy = next(r for r in ROUTES[LOGS_SECTION] if not r.stream)
        while self.stream_missing:
            if not caps.known_missing(legacy):
                self.legacy_polls += 1
                try:
                    reply = await self._client.request(
                        "GET", legacy.path, list_of("logs", LogEntry), legacy=True, retry=False
                    )
                except OrchestratorError as err:
                    self.last_error = err
                    caps.failed(LOGS_SECTION, legacy, err, None)
                    super()._set_state(FeedState.RECONNECTING)
                else:
                    caps.answered(LOGS_SECTION, legacy, reply.status, reply.elapsed_ms, reply.variant)
                    self._take(reply.data)
                    super()._set_state(FeedState.CONNECTED)
            await self._sleep(LEGACY_POLL_SECONDS)

    def _take(self, entries: list[LogEntry]) -> None:
        """The lines not seen yet (a polled answer repeats the recent ones)."""
        fresh: list[LogEntry] = []
        for entry in entries:
            key = (entry.timestamp.isoformat(), entry.level, entry.message)
            if key in self._seen:
                continue
            self._seen[key] = None
            if len(self._seen) > SEEN_KEYS:
                self._seen.popitem(last=False)
            fresh.append(entry)
        if fresh:
            self.entries.extend(fresh)
            call_safely(self._on_entries, fresh)

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
            if self._client.capabilities.failed(LOGS_SECTION, self._route, err, None):
                # this route is missing: the next one now (or the legacy poll), not after the back-off
                self._stream_gone.set()
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
