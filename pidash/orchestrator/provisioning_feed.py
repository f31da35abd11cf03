"""The provisioning event feed: snapshot, then stream, resync on every gap.

The stream is opened without ``session_id`` so it sees every session. After each
``connection.established`` the followed session (else the one it names) is loaded with its
devices and emitted as :class:`SessionSnapshot` before newer events. Events of other sessions
are dropped, except ``session.started``, which switches to the new session.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from httpx_sse import ServerSentEvent

from pidash.aio import call_safely, cancel_and_wait
from pidash.contract.errors import ErrorCode
from pidash.contract.events import HEARTBEAT_INTERVAL_SECONDS
from pidash.orchestrator.backoff import DEFAULT_POLICY, ReconnectPolicy
from pidash.orchestrator.client import OrchestratorClient, Sleep
from pidash.orchestrator.connection import FeedState
from pidash.orchestrator.decoding import log_drift_once
from pidash.orchestrator.errors import OrchestratorError
from pidash.orchestrator.event_decoding import Skip, decode_event
from pidash.orchestrator.events import ProvisioningEvent, SessionChanged, SessionSnapshot, StreamOpened
from pidash.orchestrator.sse_feed import SseFeed

logger = logging.getLogger("pidash.orchestrator")

EVENTS_PATH = "/provisioning/batch/events"


class ProvisioningFeed(SseFeed):
    path = EVENTS_PATH
    name = "provisioning"

    def __init__(
        self,
        client: OrchestratorClient,
        *,
        on_event: Callable[[ProvisioningEvent], None],
        on_state: Callable[[FeedState], None],
        heartbeat_interval: float = HEARTBEAT_INTERVAL_SECONDS,
        policy: ReconnectPolicy = DEFAULT_POLICY,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        # Silence longer than two heartbeats means the stream is dead.
        super().__init__(client, on_state=on_state, read_timeout=2 * heartbeat_interval, policy=policy, sleep=sleep)
        self._on_event = on_event
        self.session_id: str | None = None
        self._established = False
        self._snapshot_generation = 0
        self._follow_task: asyncio.Task[None] | None = None
        self._drift_seen: set[str] = set()
        self.skipped = 0
        """How many events were skipped as malformed, unknown or of another version."""

    def follow(self, session_id: str | None) -> None:
        """Switch the followed session; its snapshot is loaded now if the stream is up.

        ``None`` learns the session from the next ``connection.established``.
        """
        self.session_id = session_id
        self._snapshot_generation += 1
        if self._follow_task is not None:
            self._follow_task.cancel()  # its snapshot is of the session no longer followed
        if session_id is not None and self.state == FeedState.CONNECTED:
            self._follow_task = asyncio.create_task(self._load_snapshot_quietly(session_id))

    def _resync(self) -> None:
        """Reload the followed session's snapshot, unless a reload is already under way."""
        if self.session_id is None or (self._follow_task is not None and not self._follow_task.done()):
            return
        self._follow_task = asyncio.create_task(self._load_snapshot_quietly(self.session_id))

    async def stop(self) -> None:
        if self._follow_task is not None:
            self._follow_task.cancel()
        await super().stop()
        await cancel_and_wait([self._follow_task])

    async def _opened(self) -> None:
        self._established = False

    def _emit(self, event: ProvisioningEvent) -> None:
        call_safely(self._on_event, event)

    async def _load_snapshot(self, session_id: str) -> None:
        generation = self._snapshot_generation
        try:
            reply = await self._client.get_session(session_id, include_devices=True)
        except OrchestratorError as err:
            if err.code in (ErrorCode.SESSION_NOT_FOUND, ErrorCode.SESSION_EXPIRED):
                logger.warning("provisioning feed: session %s is gone (%s)", session_id, err.code)
                if self.session_id == session_id:
                    self.session_id = None
                return
            raise
        if generation != self._snapshot_generation or self.session_id != session_id:
            return  # the consumer switched sessions meanwhile
        self._emit(SessionSnapshot(reply.data))

    async def _load_snapshot_quietly(self, session_id: str) -> None:
        try:
            await self._load_snapshot(session_id)
        except OrchestratorError as err:
            logger.warning("provisioning feed: snapshot of %s failed: %s", session_id, err)

    async def _established_with(self, active: str | None) -> None:
        self._established = True
        if self.session_id is None and active:
            self.session_id = active
        self._set_state(FeedState.CONNECTED)
        if self.session_id is not None:
            # A failure here re-raises: the gap is not closed, so reconnect and try again.
            await self._load_snapshot(self.session_id)

    async def _handle(self, sse: ServerSentEvent) -> None:
        decoded = decode_event(sse.event, sse.data)
        if isinstance(decoded, Skip):
            self.skipped += 1
            logger.warning("provisioning feed: skipped an event (%s): %s", sse.event, decoded.reason)
            if decoded.malformed:
                self._resync()  # an event we could not read is a gap like any other
            return
        log_drift_once(self._drift_seen, f"SSE {decoded.type}", decoded.drift)
        event = decoded.event
        if isinstance(event, StreamOpened):
            self._emit(event)
            await self._established_with(event.active_session_id)
            return
        if not self._established:
            # A server that never says connection.established: treat the first event as it.
            await self._established_with(None)
        if event is None:  # heartbeat
            return
        if isinstance(event, SessionChanged) and event.started and event.session.id != self.session_id:
            logger.info("provisioning feed: following new session %s", event.session.id)
            self.session_id = event.session.id
            self._snapshot_generation += 1
            self._emit(event)
            return
        if decoded.session_id is not None and decoded.session_id != self.session_id:
            logger.debug("provisioning feed: %s for another session dropped", decoded.type)
            return
        self._emit(event)
