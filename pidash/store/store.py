"""The one server-side state of a dashboard process.

Feeds and loaders write it through the ``apply_*``/``set_*`` functions; pages bind to its
bindable views (``summary``, ``feeds``, ``auth``) and subscribe to its events. Device rows are
written only by :meth:`DashboardStore.flush`, from a dirty set, and published as one
:class:`~pidash.store.row_changes.RowDelta` per flush (``rows_delta``). A change schedules a flush
on the next turn of the event loop, at most one every ``FLUSH_SPACING_SECONDS``: a single event
reaches the browsers at once, a burst of hundreds costs one push per browser.
"""

from __future__ import annotations

import asyncio
import logging
import time
from datetime import UTC, datetime
from typing import Any

from nicegui import Event

from pidash.contract.monitoring import MonitoringData
from pidash.contract.provisioning import (
    AllowlistEntry,
    CandidateState,
    NetworkStatus,
    Session,
    SessionData,
    SessionState,
)
from pidash.orchestrator.connection import FeedState, MonitorSource
from pidash.orchestrator.events import (
    DeviceChanged,
    DevicePatched,
    NetworkChanged,
    ProvisioningEvent,
    SessionChanged,
    SessionSnapshot,
    StreamOpened,
)
from pidash.orchestrator.session_view import SessionView
from pidash.store.errors import ShownError
from pidash.store.row_changes import RowDelta
from pidash.store.rows import (
    STEP_FRACTION,
    AuthStatus,
    DeviceRow,
    FeedStatus,
    SessionSummary,
    state_name,
)

TIMEOUT_WARNING_SECONDS = 60
RUNNING_STATES = frozenset({SessionState.DISCOVERING.value, SessionState.ACTIVE.value})
"""States in which cameras can be provisioned (``paused`` waits for a resume)."""
SESSION_STATE_LABELS = {
    SessionState.DISCOVERING.value: "Discovering cameras",
    SessionState.ACTIVE.value: "Active",
    SessionState.PAUSED.value: "Paused",
    SessionState.CLOSING.value: "Closing",
    SessionState.CLOSED.value: "Closed",
}
FEED_LABELS: dict[str, tuple[str, str]] = {
    FeedState.CONNECTING.value: ("Connecting", "Connecting to the Pi's live updates."),
    FeedState.CONNECTED.value: ("Live", "Live updates from the Pi are connected."),
    FeedState.RECONNECTING.value: ("Reconnecting", "Live updates were interrupted; reconnecting to the Pi."),
    FeedState.AUTH_FAILED.value: ("Key needed", "Live updates need a valid API key."),
    FeedState.STOPPED.value: ("Stopped", "Live updates are stopped."),
    MonitorSource.WEBSOCKET.value: ("Live", "Pi health arrives live over the WebSocket."),
    MonitorSource.POLLING.value: ("Polling", "Pi health is polled every few seconds (WebSocket unavailable)."),
    MonitorSource.DISCONNECTED.value: ("Offline", "Pi health cannot be read: the Pi is not reachable."),
}
PROVISIONED_OR_LATER = frozenset(
    {CandidateState.PROVISIONED.value, CandidateState.VERIFYING.value, CandidateState.VERIFIED.value}
)
PROVISIONING_FEED = "provisioning"
MONITOR_FEED = "monitor"
FLUSH_SPACING_SECONDS = 0.03
"""Minimum time between two flushes: coalesces bursts without delaying a lone event."""

logger = logging.getLogger("pidash.store")


def format_remaining(seconds: float) -> str:
    seconds = max(0, int(seconds))
    return f"{seconds // 60}:{seconds % 60:02d}"


class DashboardStore:
    """Session, devices, network, allowlist, recoverable sessions, monitor data, feed and auth states."""

    def __init__(self) -> None:
        self.view = SessionView()
        """The followed session and its devices, as the Pi said (the client's reducer)."""
        self.allowlist: list[AllowlistEntry] = []
        self.allowlist_loaded_at: float | None = None
        self.recoverable: list[Session] = []
        self.recoverable_loaded_at: float | None = None
        self.monitor: MonitoringData | None = None
        self.errors: dict[str, ShownError] = {}
        """Errors of the process-wide reads, by topic (``allowlist``, ``recoverable``, ``session``…)."""
        self.timeout_remaining_hint: str | None = None

        self.summary = SessionSummary()
        self.rows: dict[str, DeviceRow] = {}
        self.feeds = {
            PROVISIONING_FEED: FeedStatus(name="Provisioning feed"),
            MONITOR_FEED: FeedStatus(name="Monitoring feed"),
        }
        self.auth = AuthStatus()

        self.rows_version = 0
        """Version of ``rows``: bumped by every flush that changes a row (see ``row_changes``)."""
        self.rows_delta: Event[[RowDelta]] = Event()
        """Rows changed: one delta per flush, from ``base`` to ``version``."""
        self.allowlist_changed: Event[[]] = Event()
        self.recoverable_changed: Event[[]] = Event()
        self.errors_changed: Event[[]] = Event()
        self.monitor_changed: Event[[]] = Event()
        self.auth_changed: Event[[]] = Event()
        self.stream_opened: Event[[str | None]] = Event()
        """The provisioning stream (re)connected; carries the Pi's active session id."""

        self._dirty: set[str] = set()
        self._reset_rows = False
        self._busy: set[str] = set()
        self._running = False
        self._flush_handle: asyncio.Handle | None = None
        self._last_flush = 0.0

    # --- provisioning ------------------------------------------------------------------

    def apply_event(self, event: ProvisioningEvent) -> None:
        """Apply one event of the provisioning feed (also used for an action's own reply)."""
        previous_id = self.view.session.id if self.view.session else None
        self.view.apply(event)
        current_id = self.view.session.id if self.view.session else None
        if isinstance(event, SessionSnapshot):
            self._reset_rows = True
            self.timeout_remaining_hint = event.data.timeout_remaining
            self._busy.clear()
        elif current_id != previous_id:
            self._reset_rows = True
            self._busy.clear()
        if isinstance(event, DeviceChanged):
            self._dirty.add(event.device.mac)
        elif isinstance(event, DevicePatched):
            self._dirty.add(event.mac)
        elif isinstance(event, StreamOpened):
            self.stream_opened.emit(event.active_session_id)
        elif isinstance(event, SessionChanged) and event.closed:
            self._busy.clear()
        self.request_flush()

    def replace_session(self, data: SessionData) -> None:
        """Replace the followed session with a full snapshot (a start, resume or reload reply)."""
        self.apply_event(SessionSnapshot(data))

    def apply_network(self, status: NetworkStatus) -> None:
        self.apply_event(NetworkChanged(status))

    def mark_busy(self, mac: str, busy: bool) -> None:
        """Show that an action is in flight for a device (the only UI-side write to device data)."""
        if busy:
            self._busy.add(mac)
        else:
            self._busy.discard(mac)
        self._dirty.add(mac)
        self.request_flush()

    # --- other data ------------------------------------------------------------------------

    def set_allowlist(self, entries: list[AllowlistEntry]) -> None:
        self.allowlist = sorted(entries, key=lambda e: e.added_at, reverse=True)
        self.allowlist_loaded_at = time.monotonic()
        self.allowlist_changed.emit()

    def upsert_allowlist(self, entry: AllowlistEntry) -> None:
        self.set_allowlist([e for e in self.allowlist if e.mac != entry.mac] + [entry])

    def remove_allowlist(self, mac: str) -> None:
        self.set_allowlist([e for e in self.allowlist if e.mac != mac])

    def set_recoverable(self, sessions: list[Session]) -> None:
        """Sessions the Pi can resume, newest first."""
        self.recoverable = sorted(sessions, key=lambda s: s.updated_at or s.created_at, reverse=True)
        self.recoverable_loaded_at = time.monotonic()
        self.recoverable_changed.emit()

    def set_error(self, topic: str, error: ShownError | None) -> None:
        if error is None and topic not in self.errors:
            return
        if error is None:
            del self.errors[topic]
        else:
            self.errors[topic] = error
        self.errors_changed.emit()

    def set_feed_state(self, name: str, state: str) -> None:
        feed = self.feeds[name]
        feed.state = str(state)
        feed.label, feed.detail = FEED_LABELS.get(feed.state, (feed.state.capitalize(), ""))

    def set_monitor(self, data: MonitoringData) -> None:
        self.monitor = data
        self.monitor_changed.emit()

    def set_auth(self, *, required: bool | None = None, feeds_have_key: bool | None = None) -> None:
        if required is not None:
            self.auth.known = True
            self.auth.required = required
        if feeds_have_key is not None:
            self.auth.feeds_have_key = feeds_have_key
        self.auth_changed.emit()

    # --- the flush ----------------------------------------------------------------------------

    def request_flush(self) -> None:
        """Flush on the next loop turn, or ``FLUSH_SPACING_SECONDS`` after the last flush.

        Outside a running event loop (unit tests) nothing is scheduled: call :meth:`flush`.
        """
        if self._flush_handle is not None:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        delay = self._last_flush + FLUSH_SPACING_SECONDS - time.monotonic()
        self._flush_handle = (
            loop.call_later(delay, self._scheduled_flush) if delay > 0 else loop.call_soon(self._scheduled_flush)
        )

    def _scheduled_flush(self) -> None:
        self._flush_handle = None
        self._last_flush = time.monotonic()
        try:
            self.flush()
        except Exception:  # a bad row must not stop every later flush
            logger.exception("flush failed")

    def row_snapshot(self) -> tuple[int, list[dict[str, Any]]]:
        """The current version and every row in display order (for a board being built)."""
        return self.rows_version, [row.payload() for row in self.rows.values()]

    def flush(self, now: datetime | None = None) -> bool:
        """Write dirty rows and the summary, publish the delta; True when rows appeared or were reset."""
        membership = reset = False
        devices = self.view.devices
        session = self.view.session
        running = session is not None and state_name(session.state) in RUNNING_STATES
        if running != self._running:
            self._running = running
            self._dirty = set(devices)
        if self._reset_rows:
            self._reset_rows = False
            self.rows = {}
            self._dirty = set(devices)
            membership = reset = True
        changed: list[dict[str, Any]] = []
        for mac in [m for m in devices if m in self._dirty]:
            row = self.rows.get(mac)
            if row is None:
                row = self.rows[mac] = DeviceRow(mac=mac)
                membership = True
            before = row.payload()
            row.update_from(devices[mac], busy=mac in self._busy, running=running)
            after = row.payload()
            if after != before or reset:
                changed.append(after)
        self._dirty.clear()
        self._update_summary(now or datetime.now(UTC))
        if changed or reset:
            base, self.rows_version = self.rows_version, self.rows_version + 1
            self.rows_delta.emit(RowDelta(base=base, version=self.rows_version, upserts=changed, reset=reset))
        return membership

    def tick(self, now: datetime | None = None) -> None:
        """Once a second: the summary's clock-driven fields (time left, the timeout warning)."""
        self._update_summary(now or datetime.now(UTC))

    def _update_summary(self, now: datetime) -> None:
        s = self.summary
        session = self.view.session
        if session is None:
            s.present = s.active = False
            s.session_id = s.state = s.state_label = ""
            return
        state = state_name(session.state)
        states = [state_name(d.state) for d in self.view.devices.values()]
        s.present = True
        s.active = state in RUNNING_STATES
        s.session_id = session.id
        s.state = state
        s.state_label = SESSION_STATE_LABELS.get(state, state.capitalize())
        s.target_ssid = session.target_ssid
        if states:
            s.discovered = len(states)
            s.provisioned = sum(st in PROVISIONED_OR_LATER for st in states)
            s.verified = states.count(CandidateState.VERIFIED.value)
            s.failed = states.count(CandidateState.FAILED.value)
            s.progress = sum(STEP_FRACTION.get(st, 0.0) for st in states) / len(states)
        else:
            s.discovered = session.device_count
            s.provisioned = session.provisioned_count
            s.verified = session.verified_count
            s.failed = session.failed_count
            s.progress = 0.0
        s.allowlisted_waiting = sum(
            1
            for d in self.view.devices.values()
            if state_name(d.state) == CandidateState.DISCOVERED.value and d.in_allowlist
        )
        s.progress_label = f"{s.verified} of {s.discovered} verified" if s.discovered else "Waiting for cameras…"
        remaining: float | None = None
        if session.expires_at is not None:
            expires = session.expires_at if session.expires_at.tzinfo else session.expires_at.replace(tzinfo=UTC)
            remaining = (expires - now).total_seconds()
        if not s.active:
            s.time_remaining = ""
            s.timeout_warning = False
        elif remaining is not None:
            s.time_remaining = format_remaining(remaining)
            s.timeout_warning = self.view.timeout_warning or remaining <= TIMEOUT_WARNING_SECONDS
        else:
            s.time_remaining = self.timeout_remaining_hint or ""
            s.timeout_warning = self.view.timeout_warning
        network = self.view.network
        if network is None:
            s.network_label = "Onboarding network: unknown"
            s.network_active = False
        else:
            s.network_active = network.is_active
            status = "up" if network.is_active else "down"
            s.network_label = f"Onboarding network {network.ssid}: {status}, {network.connected_devices} connected"
