"""The provisioning event feed: stream, snapshot beside it, resync on every gap.

The stream is opened without ``session_id`` so it sees every session. After each
``connection.established`` the followed session (else the one it names) is loaded with its
devices and emitted as :class:`SessionSnapshot`; the stream is read on meanwhile, so a slow
snapshot never holds events back. The consumer orders the two by the Pi's timestamps (see
:mod:`pidash.orchestrator.session_view`). Events of other sessions are dropped, except
``session.started``, which switches to the new session.

A quiet stream is not a dead one (a real Pi sends no heartbeats, FIELD-NOTES "Provisioning"):
a dropped connection shows as a read error (TCP keep-alive covers a vanished peer), and after
``liveness_interval`` seconds without an event one cheap read (the followed session's snapshot,
else ``/system/info``; one attempt within the request deadline) confirms the Pi; only when that
cannot reach the Pi is the stream reopened.
"""

from __future__ import annotations

import asyncio
import logging
import math
from collections.abc import Callable

from httpx_sse import ServerSentEvent

from pidash.aio import call_safely, cancel_and_wait
from pidash.contract.errors import ErrorCode
from pidash.contract.provisioning import SessionData
from pidash.orchestrator.backoff import DEFAULT_POLICY, Backoff, ReconnectPolicy
from pidash.orchestrator.client import OrchestratorClient
from pidash.orchestrator.connection import FeedState
from pidash.orchestrator.decoding import log_drift_once
from pidash.orchestrator.errors import CONNECTION_FAILED, OrchestratorError
from pidash.orchestrator.event_decoding import Skip, decode_event
from pidash.orchestrator.events import ProvisioningEvent, SessionChanged, SessionSnapshot, StreamOpened
from pidash.orchestrator.sse_feed import SseFeed
from pidash.orchestrator.transport import Sleep

logger = logging.getLogger("pidash.orchestrator")

EVENTS_PATH = "/provisioning/batch/events"
LIVENESS_SECONDS = 30.0
"""A stream quiet this long gets one cheap read to confirm the Pi (at most one per interval)."""
NO_STREAM_POLL_SECONDS = 10.0
"""While the stream answers 204, the followed session's snapshot is polled this often."""


class ProvisioningFeed(SseFeed):
    path = EVENTS_PATH
    name = "provisioning"

    def __init__(
        self,
        client: OrchestratorClient,
        *,
        on_event: Callable[[ProvisioningEvent], None],
        on_state: Callable[[FeedState], None],
        liveness_interval: float = LIVENESS_SECONDS,
        no_stream_poll: float = NO_STREAM_POLL_SECONDS,
        policy: ReconnectPolicy = DEFAULT_POLICY,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        super().__init__(client, on_state=on_state, read_timeout=None, policy=policy, sleep=sleep)
        self._on_event = on_event
        self.liveness_interval = liveness_interval
        self.no_stream_poll = no_stream_poll
        self.session_id: str | None = None
        self._established = False
        self._snapshot_generation = 0
        self._snapshot_task: asyncio.Task[None] | None = None
        self._snapshot_again = False
        self._watch_task: asyncio.Task[None] | None = None
        self._last_heard = 0.0
        self._last_snapshot: SessionData | None = None
        self._drift_seen: set[str] = set()
        self.skipped = 0
        """How many events were skipped as malformed, unknown or of another version."""
        self.liveness_checks = 0
        """How many times a quiet stream was confirmed by a read."""

    def follow(self, session_id: str | None) -> None:
        """Switch the followed session; its snapshot is loaded now if the stream is up.

        ``None`` learns the session from the next ``connection.established``.
        """
        self.session_id = session_id
        self._snapshot_generation += 1
        if self._snapshot_task is not None:
            self._snapshot_task.cancel()  # its snapshot is of the session no longer followed
            self._snapshot_task = None
        if session_id is not None and self.state == FeedState.CONNECTED:
            self._load_snapshot_soon()

    def _resync(self) -> None:
        """Reload the followed session's snapshot; one more after the one under way, if any."""
        if self.session_id is None:
            return
        if self._snapshot_task is not None and not self._snapshot_task.done():
            self._snapshot_again = True  # it may have been read before the gap
            return
        self._load_snapshot_soon()

    def _load_snapshot_soon(self) -> None:
        assert self.session_id is not None
        self._snapshot_again = False
        self._snapshot_task = asyncio.create_task(self._load_until_loaded(self.session_id), name="pidash-snapshot")

    async def stop(self) -> None:
        tasks = [self._snapshot_task, self._watch_task]
        for task in tasks:
            if task is not None:
                task.cancel()
        await super().stop()
        await cancel_and_wait(tasks)

    async def _opened(self) -> None:
        self._established = False
        self._last_heard = asyncio.get_running_loop().time()
        self._watch_task = asyncio.create_task(self._watch_quiet(), name="pidash-provisioning-liveness")

    async def _closed(self) -> None:
        # A snapshot under way is kept: it is ordered by its timestamp, so it is never wrong, and
        # a stream that drops faster than a snapshot loads must not cancel every one.
        task, self._watch_task = self._watch_task, None
        await cancel_and_wait([task])

    def _emit(self, event: ProvisioningEvent) -> None:
        call_safely(self._on_event, event)

    # --- snapshots --------------------------------------------------------------------------

    async def _load_snapshot(self, session_id: str, *, retry: bool = True, only_if_changed: bool = False) -> None:
        """Read and emit the snapshot. Raises :class:`OrchestratorError` except for a gone session.

        ``only_if_changed``: a liveness read emits nothing when the Pi's answer equals the last
        snapshot emitted (a quiet Pi does not re-render every card every 30 s)."""
        generation = self._snapshot_generation
        try:
            reply = await self._client.get_session(session_id, include_devices=True, retry=retry)
        except OrchestratorError as err:
            if err.code in (ErrorCode.SESSION_NOT_FOUND, ErrorCode.SESSION_EXPIRED):
                logger.warning("provisioning feed: session %s is gone (%s)", session_id, err.code)
                if self.session_id == session_id:
                    self.session_id = None
                return
            raise
        if generation != self._snapshot_generation or self.session_id != session_id:
            return  # the consumer switched sessions meanwhile
        if only_if_changed and reply.data == self._last_snapshot:
            return
        self._last_snapshot = reply.data
        self._emit(SessionSnapshot(reply.data, reply.timestamp))

    async def _load_until_loaded(self, session_id: str) -> None:
        """The snapshot that closes a gap, retried with back-off while the stream stays open."""
        backoff = Backoff(self._policy)
        while True:
            try:
                await self._load_snapshot(session_id)
            except OrchestratorError as err:
                delay = backoff.next_delay()
                logger.warning("provisioning feed: snapshot of %s failed: %s; again in %.1f s", session_id, err, delay)
                await asyncio.sleep(delay)
                continue
            if not self._snapshot_again or self.session_id != session_id:
                return
            self._snapshot_again = False

    # --- a quiet stream -----------------------------------------------------------------------

    async def _watch_quiet(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            quiet = loop.time() - self._last_heard
            if quiet < self.liveness_interval:
                await asyncio.sleep(self.liveness_interval - quiet)
                continue
            self._last_heard = loop.time()
            self.liveness_checks += 1
            try:
                if self.session_id is not None:
                    await self._load_snapshot(self.session_id, retry=False, only_if_changed=True)
                else:
                    await self._client.system_info(retry=False)
            except OrchestratorError as err:
                if err.code == CONNECTION_FAILED:
                    self.declare_dead(f"quiet for {quiet:.0f} s and the Pi did not answer ({err.details})")
                    return
                # Any other answer comes from a Pi that is up: the quiet stream is just quiet.

    async def _without_stream(self, seconds: float) -> None:
        """Keep the followed session current by polling its snapshot until the stream is tried again."""
        steps = max(1, math.ceil(seconds / self.no_stream_poll))
        for _ in range(steps):
            if self.session_id is not None:
                try:
                    await self._load_snapshot(self.session_id, retry=False)
                except OrchestratorError as err:
                    logger.info("provisioning feed: snapshot poll failed: %s", err)
            await self._sleep(seconds / steps)

    # --- events -------------------------------------------------------------------------------

    async def _established_with(self, active: str | None) -> None:
        self._established = True
        if self.session_id is None and active:
            self.session_id = active
        self._set_state(FeedState.CONNECTED)
        if self.session_id is not None:
            self._resync()  # one under way may have been read before the gap: then one more follows

    async def _handle(self, sse: ServerSentEvent) -> None:
        self._last_heard = asyncio.get_running_loop().time()
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
        if isinstance(event, SessionChanged) and event.session.id != self.session_id and _is_new(event):
            logger.info("provisioning feed: following new session %s", event.session.id)
            self.session_id = event.session.id
            self._snapshot_generation += 1
            self._emit(event)
            return
        if self.session_id is None and decoded.session_id is not None:
            # A Pi whose connection event names no session (FIELD-NOTES): the first event about a
            # session, while we follow none, names the one the Pi is running. Its snapshot follows.
            logger.info("provisioning feed: following session %s (named by its first event)", decoded.session_id)
            self.follow(decoded.session_id)
        if decoded.session_id is not None and decoded.session_id != self.session_id:
            logger.debug("provisioning feed: %s for another session dropped", decoded.type)
            return
        self._emit(event)


RUNNING = frozenset({"discovering", "active"})


def _is_new(event: SessionChanged) -> bool:
    """Another session that started, or (the data model's ``session.status``, FIELD-NOTES: no
    ``session.started``) that is running: the Pi runs one session at a time, so it replaced ours."""
    return event.started or str(getattr(event.session.state, "value", event.session.state)) in RUNNING
