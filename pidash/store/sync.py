"""The background side of the store: the client's feeds and the reads that keep it true.

One :class:`StoreSync` per dashboard process, started from ``app.on_startup``. Five tablets and a
kiosk cost the Pi what one browser costs: pages never poll the Pi, they read the store.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import TypeVar
from urllib.parse import urlsplit, urlunsplit

from nicegui import Event
from pydantic import SecretStr

from pidash.aio import cancel_and_wait
from pidash.contract.errors import ErrorCode
from pidash.contract.provisioning import AllowlistEntry, Session
from pidash.i18n import msg
from pidash.orchestrator import (
    FeedState,
    MonitorFeed,
    MonitorSource,
    OrchestratorClient,
    OrchestratorError,
    ProvisioningEvent,
    ProvisioningFeed,
    SessionChanged,
)
from pidash.settings import DashboardSettings
from pidash.store.errors import ShownError, shown_error
from pidash.store.feeds import MONITOR_FEED, PROVISIONING_FEED
from pidash.store.keys import FeedKeyPolicy, same_key
from pidash.store.store import DashboardStore

logger = logging.getLogger("pidash.store")
T = TypeVar("T")
REJECTED_KEY_MESSAGE = msg("The Pi rejected that key. Check it (it is case-sensitive) and try again.")

AUTH_RECHECK_SECONDS = 3.0
ALLOWLIST_TOPIC = "allowlist"
RECOVERABLE_TOPIC = "recoverable"


def monitor_ws_url(orchestrator_url: str) -> str:
    """``http://pi:8081`` → ``ws://pi:8081/ws/monitor`` (``https`` → ``wss``)."""
    parts = urlsplit(orchestrator_url)
    scheme = "wss" if parts.scheme == "https" else "ws"
    return urlunsplit((scheme, parts.netloc, parts.path.rstrip("/") + "/ws/monitor", "", ""))


class StoreSync:
    """Owns the base client and the feeds; loads the allowlist and the recoverable sessions."""

    def __init__(self, settings: DashboardSettings, store: DashboardStore) -> None:
        self.settings = settings
        self.store = store
        self.keys = FeedKeyPolicy(settings.api_key)
        self.client = OrchestratorClient(settings.orchestrator_url, timeout=settings.request_timeout_seconds)
        self.client.capabilities.missing_retry_seconds = settings.missing_route_retry_seconds
        """The shared pool without a key; tabs act through ``client.with_key(...)``."""
        self._feed_client = self.client.with_key(self.keys.effective)
        self.feed_key_changed: Event[[]] = Event()
        """The key of the process-wide reads and feeds changed (see :attr:`feed_client`)."""
        self.provisioning = ProvisioningFeed(self._feed_client, on_event=self._on_event, on_state=self._on_feed_state)
        ws_url = monitor_ws_url(settings.orchestrator_url) if settings.websocket_monitoring else None
        self.monitor = MonitorFeed(
            self._feed_client, ws_url, on_data=store.set_monitor, on_source=self._on_monitor_source
        )
        self._loads: dict[str, asyncio.Task[None]] = {}
        self._retries: dict[str, asyncio.TimerHandle] = {}
        self._stale: set[str] = set()
        """Topics asked for again while their load ran: that load's answer may predate the ask."""
        self._auth_task: asyncio.Task[None] | None = None
        self._started = False
        store.stream_opened.subscribe(self._on_stream_opened)
        store.set_auth(feeds_have_key=self.keys.effective is not None)

    # --- lifecycle ------------------------------------------------------------------------

    async def start(self) -> None:
        if self._started:
            return
        self._started = True
        self._auth_task = asyncio.create_task(self._check_auth(), name="pidash-auth-status")
        if self.settings.batch_provisioning:
            await self.provisioning.start()
        await self.monitor.start()

    async def stop(self) -> None:
        for handle in self._retries.values():
            handle.cancel()
        await cancel_and_wait([self._auth_task, *self._loads.values()])
        await self.provisioning.stop()
        await self.monitor.stop()
        await self.client.aclose()

    # --- feed callbacks ---------------------------------------------------------------------

    def _on_event(self, event: ProvisioningEvent) -> None:
        self.store.apply_event(event)
        if not isinstance(event, SessionChanged):
            return
        if event.closed:
            self.refresh_recoverable(force=True)
            self.refresh_allowlist(force=True)
        elif any(s.id == event.session.id for s in self.store.recoverable):  # resumed elsewhere
            self.refresh_recoverable(force=True)

    def _on_feed_state(self, state: FeedState) -> None:
        self.store.set_feed_state(PROVISIONING_FEED, state)
        configured_in_use = self.keys.configured is not None and same_key(self.keys.effective, self.keys.configured)
        # A refused configured key (it was rotated): a tab's accepted key takes over the feeds.
        if state == FeedState.AUTH_FAILED and configured_in_use and self.keys.refuse_configured():
            self._use_feed_key()

    def _on_monitor_source(self, source: MonitorSource) -> None:
        self.store.set_feed_state(MONITOR_FEED, source)

    def _on_stream_opened(self, _active_session_id: str | None) -> None:
        self.refresh_recoverable(force=True)
        self.refresh_allowlist(force=True)
        self._spawn_auth_check()

    # --- following a session ---------------------------------------------------------------

    def follow(self, session_id: str | None) -> None:
        self.provisioning.follow(session_id)

    # --- keys ---------------------------------------------------------------------------------

    def offer_key(self, tab_id: str, key: SecretStr) -> None:
        """A tab's key that the Pi accepted (see :mod:`pidash.store.keys` for the policy)."""
        if self.keys.offer(tab_id, key):
            self._use_feed_key()

    def withdraw_key(self, tab_id: str) -> None:
        if self.keys.withdraw(tab_id):
            self._use_feed_key()

    def _use_feed_key(self) -> None:
        self._feed_client = self.client.with_key(self.keys.effective)
        self.store.set_auth(feeds_have_key=self.keys.effective is not None)
        if self.settings.batch_provisioning:
            self.provisioning.set_client(self._feed_client)
        self.monitor.set_client(self._feed_client)
        self.refresh_recoverable(force=True)
        self.refresh_allowlist(force=True)
        self.feed_key_changed.emit()

    @property
    def feed_client(self) -> OrchestratorClient:
        """The client of the process-wide reads: the feeds' key (configured, or a tab's accepted key)."""
        return self._feed_client

    async def verify_key(self, key: SecretStr) -> ShownError | None:
        """Ask the Pi whether it accepts ``key`` (a protected read: the recoverable sessions).

        Its answer is not shown: the feeds' own read is the one ordered against resumes, and a key
        that becomes the feeds' key reads the list again (:meth:`offer_key`).
        """
        try:
            await self.client.with_key(key).recoverable_sessions()
        except OrchestratorError as err:
            shown = shown_error(err)
            if err.code == ErrorCode.UNAUTHORIZED:  # not "configure a key": one was given, and refused
                shown = replace(shown, message=REJECTED_KEY_MESSAGE)
            return shown
        return None

    # --- auth status ------------------------------------------------------------------------

    def _spawn_auth_check(self) -> None:
        if self._auth_task is None or self._auth_task.done():
            self._auth_task = asyncio.create_task(self._check_auth(), name="pidash-auth-status")

    async def _check_auth(self) -> None:
        while True:
            try:
                reply = await self.client.auth_status()
            except OrchestratorError as err:
                logger.info("auth status: %s", err)
                await asyncio.sleep(AUTH_RECHECK_SECONDS)
                continue
            if not self.store.auth.known or self.store.auth.required != reply.data.required:
                self.store.set_auth(required=reply.data.required)
                self.refresh_recoverable(force=True)
                self.refresh_allowlist(force=True)
            return

    # --- reads that retry by themselves --------------------------------------------------------

    def _can_read_protected(self) -> bool:
        return self.store.auth.can_read_protected

    def refresh_allowlist(self, *, force: bool = False, max_age: float = 10.0) -> None:
        if not self.settings.batch_provisioning:
            return
        loaded = self.store.allowlist_loaded_at
        if not force and loaded is not None and time.monotonic() - loaded < max_age:
            return

        async def read() -> list[AllowlistEntry]:
            return (await self._feed_client.list_allowlist()).data

        self._load(
            ALLOWLIST_TOPIC, read, self.store.set_allowlist, force=force, edits=lambda: self.store.allowlist_edits
        )

    def refresh_recoverable(self, *, force: bool = False, max_age: float = 3.0) -> None:
        if not self.settings.batch_provisioning:
            return
        loaded = self.store.recoverable_loaded_at
        if not force and loaded is not None and time.monotonic() - loaded < max_age:
            return

        async def read() -> list[Session]:
            return (await self._feed_client.recoverable_sessions()).data

        self._load(RECOVERABLE_TOPIC, read, self.store.set_recoverable, force=force)

    def retry(self, topic: str) -> None:
        """``Retry now`` on a process-wide read error."""
        if topic == ALLOWLIST_TOPIC:
            self.refresh_allowlist(force=True)
        elif topic == RECOVERABLE_TOPIC:
            self.refresh_recoverable(force=True)
        else:
            self.store.set_error(topic, None)

    def _load(
        self,
        topic: str,
        read: Callable[[], Awaitable[T]],
        show: Callable[[T], None],
        *,
        force: bool,
        edits: Callable[[], int] = lambda: 0,
    ) -> None:
        """``show(await read())`` for ``topic`` unless a read runs; a forced call meanwhile reads once more.

        The running answer may have been read before whatever forced this call (a resume, a closed
        session), or before a change made here (``edits()`` moved while it ran): it is not shown,
        and one more read follows it. A retryable error is read again after its wait.
        """
        running = self._loads.get(topic)
        if running is not None and not running.done():
            if force:
                self._stale.add(topic)
            return
        if not self._can_read_protected():
            self.store.set_error(topic, None)
            return
        if handle := self._retries.pop(topic, None):
            handle.cancel()

        async def run() -> None:
            while True:
                if not self._can_read_protected():  # the key went while the last read ran
                    self.store.set_error(topic, None)
                    return
                self._stale.discard(topic)
                before = edits()
                try:
                    data = await read()
                except OrchestratorError as err:
                    error = shown_error(err)
                    self.store.set_error(topic, error)
                    if topic in self._stale:
                        continue
                    if error.retryable and err.code != ErrorCode.UNAUTHORIZED:
                        delay = max(0.5, (error.retry_at or time.monotonic()) - time.monotonic())
                        self._retries[topic] = asyncio.get_running_loop().call_later(delay, self.retry, topic)
                    return
                self.store.set_error(topic, None)
                if edits() != before:
                    self._stale.add(topic)
                if topic not in self._stale:
                    show(data)
                    return

        self._loads[topic] = asyncio.create_task(run(), name=f"pidash-load-{topic}")
