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
import math
import time
from collections.abc import Collection, Sequence
from datetime import UTC, datetime
from typing import Any

from nicegui import Event

from pidash.contract.errors import ErrorCode
from pidash.contract.monitoring import MonitoringData
from pidash.contract.provisioning import AllowlistEntry, NetworkStatus, Session, SessionData
from pidash.i18n import msg
from pidash.orchestrator.events import (
    BackendErrorEvent,
    DeviceChanged,
    DevicePatched,
    NetworkChanged,
    ProvisioningEvent,
    SessionChanged,
    SessionSnapshot,
    StreamOpened,
)
from pidash.orchestrator.session_view import SessionView
from pidash.store.census import Census
from pidash.store.errors import ShownError
from pidash.store.feeds import CONFIRMING_STATES, MONITOR_FEED, PROVISIONING_FEED, feed_labels, new_feed_status
from pidash.store.row_changes import RecentDeltas, RowDelta
from pidash.store.rows import ActionRefusal, AuthStatus, DeviceRow, SessionSummary, state_name
from pidash.store.step_clock import StepClock
from pidash.store.summary import RUNNING_STATES, BatchExtras, Confirmation, still_to_finish, update_summary

SESSION_SUBJECT = "session:"
EVENTS_TOPIC = "events"
"""The store's error topic for the Pi's ``error`` events about the followed session."""
ETA_REFRESH_SECONDS = 1.0
"""Least time between two estimates of the batch's time left ("About 3 min left")."""
FLUSH_SPACING_SECONDS = 0.01
"""Minimum time between two flushes: coalesces bursts without delaying a lone event. Each browser
is sent a flush's changes only once it has acknowledged the previous ones (``DeviceBoard``), so this bounds
the flushes (and history writes), not what a browser must draw: 10 ms against 30 ms, 50 cameras on
5 pages, p95 156-180 ms against 144-272 ms (3 runs each, back to back; benchmarks/HISTORY.md)."""
RECENT_ROWS = 2000
"""Rows of the latest deltas kept for browsers catching up (:meth:`DashboardStore.deltas_since`)."""

logger = logging.getLogger("pidash.store")


class DashboardStore:
    """Session, devices, network, allowlist, recoverable sessions, monitor data, feed and auth states."""

    def __init__(self) -> None:
        self.view = SessionView()
        """The followed session and its devices, as the Pi said (the client's reducer)."""
        self.allowlist: list[AllowlistEntry] = []
        self.allowlist_loaded_at: float | None = None
        self.allowlist_edits = 0
        """Counts this dashboard's own changes to the allowlist: a read that spans one is not shown."""
        self.recoverable: list[Session] = []
        self.recoverable_loaded_at: float | None = None
        self.monitor: MonitoringData | None = None
        self.errors: dict[str, ShownError] = {}
        """Errors of the process-wide reads, by topic (``allowlist``, ``recoverable``, ``session``…)."""
        self.timeout_remaining_hint: str | None = None

        self.summary = SessionSummary()
        self.rows: dict[str, DeviceRow] = {}
        self.feeds = {
            PROVISIONING_FEED: new_feed_status("Provisioning feed"),
            MONITOR_FEED: new_feed_status("Monitoring feed"),
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
        self.session_replaced: Event[[]] = Event()
        """Another session is followed (or none): what was shown about the previous one ends."""
        self.session_changed: Event[[]] = Event()
        """The Pi reported the session's own change (a state, an ending), applied to ``view``."""

        self._dirty: set[str] = set()
        self._reset_rows = False
        self._busy: set[str] = set()
        self._running = False
        self._flush_handle: asyncio.Handle | None = None
        self._last_flush = 0.0
        self._recent = RecentDeltas(RECENT_ROWS)
        self._snapshot: RowDelta | None = None
        """The last :meth:`row_snapshot`, valid while ``rows_version`` is its version (rows change
        only in a flush that bumps it; a flush that fails drops it)."""
        self._refusals: dict[str, ActionRefusal] = {}
        self._skipped: set[str] = set()
        self._clock = StepClock()
        self._census = Census()
        """The summary's counts as of the last flush (kept camera by camera)."""
        self._eta: tuple[float, float | None] = (-math.inf, None)
        """When the time left was last estimated (``time.monotonic()``), and the estimate."""
        self._expired_session: str | None = None
        self._confirmed_at: datetime | None = None

    def subscriptions(self) -> int:
        """Callbacks subscribed to the store's events (pages subscribe; a closed page unsubscribes)."""
        return sum(len(e.callbacks) for e in vars(self).values() if isinstance(e, Event))

    # --- provisioning ------------------------------------------------------------------

    def apply_event(self, event: ProvisioningEvent) -> None:
        """Apply one event of the provisioning feed (also used for an action's own reply)."""
        previous_id = self.view.session.id if self.view.session else None
        before = self._device_state(event)
        self.view.apply(event)
        current_id = self.view.session.id if self.view.session else None
        if isinstance(event, SessionSnapshot) or current_id != previous_id:
            self._reset_rows = True
            self._busy.clear()
            if isinstance(event, SessionSnapshot):
                self.timeout_remaining_hint = event.data.timeout_remaining
        if current_id != previous_id:
            self._session_replaced(current_id)
        if isinstance(event, SessionSnapshot):
            for device in self.view.devices.values():
                self._clock.observe(device.mac, state_name(device.state), time.time())
        if isinstance(event, DeviceChanged | DevicePatched):
            mac = event.device.mac if isinstance(event, DeviceChanged) else event.mac
            self._dirty.add(mac)
            after = self.view.devices.get(mac)
            if after is not None:
                self._clock.observe(mac, state_name(after.state), time.time())
            if after is not None and state_name(after.state) != before:
                self._refusals.pop(mac, None)  # the camera moved on: the refusal no longer applies
        elif isinstance(event, StreamOpened):
            self.stream_opened.emit(event.active_session_id)
        elif isinstance(event, SessionChanged) and event.closed:
            self._busy.clear()
        elif isinstance(event, BackendErrorEvent):
            self._backend_error(event, current_id)
        if isinstance(event, SessionChanged):
            self.session_changed.emit()
        self._confirmed_at = datetime.now(UTC)
        self.request_flush()

    def _device_state(self, event: ProvisioningEvent) -> str | None:
        mac = (
            event.device.mac
            if isinstance(event, DeviceChanged)
            else event.mac
            if isinstance(event, DevicePatched)
            else None
        )
        device = self.view.devices.get(mac) if mac else None
        return state_name(device.state) if device else None

    def _backend_error(self, event: BackendErrorEvent, session_id: str | None) -> None:
        """An ``error`` event belongs to the followed session; an expiry is an ending, not an error."""
        if event.code == ErrorCode.SESSION_EXPIRED:
            self._expired_session = session_id
            return
        shown = ShownError(code=event.code, message=event.user_message or event.message, subject=_subject(session_id))
        self.set_error(EVENTS_TOPIC, shown)

    def _session_replaced(self, session_id: str | None) -> None:
        """Errors about another session, refusals and skips of its cameras, its step times end with it."""
        self._refusals.clear()
        self._skipped.clear()
        self._clock.reset()
        self._eta = (-math.inf, None)
        subject = _subject(session_id)
        for topic, error in list(self.errors.items()):
            if error.subject.startswith(SESSION_SUBJECT) and error.subject != subject:
                self.set_error(topic, None)
        self.session_replaced.emit()

    def set_refusal(self, mac: str, error: ShownError | None) -> None:
        """Show the Pi's refusal of an action on this camera's card (``None`` clears it)."""
        if error is None:
            self._refusals.pop(mac, None)
        else:
            wait = error.retry_after_seconds if error.retry_after_seconds is not None else 0.0
            message = msg("{mac}: {message}", mac=mac, message=error.message)
            self._refusals[mac] = ActionRefusal(
                message=message,
                code=error.code,
                correlation_id=error.correlation_id or "",
                retry_at=time.time() + wait if error.retryable and wait > 0 else 0.0,
                final=not error.retryable,
            )
        self._dirty.add(mac)
        self.request_flush()

    def replace_session(self, data: SessionData, at: datetime | None = None) -> None:
        """Replace the followed session with a full snapshot (a start, resume or reload reply).

        ``at``: the reply's ``timestamp`` (the Pi's clock), so that what the stream brought while
        the reply was on its way is kept (see :mod:`pidash.orchestrator.session_view`).
        """
        self.apply_event(SessionSnapshot(data, at))

    def apply_network(self, status: NetworkStatus) -> None:
        self.apply_event(NetworkChanged(status))

    @property
    def skipped(self) -> frozenset[str]:
        """Cameras a technician left out of this batch (the Pi does not know: "all" means the others)."""
        return frozenset(self._skipped)

    def set_skipped(self, mac: str, skipped: bool) -> None:
        if skipped:
            self._skipped.add(mac)
        else:
            self._skipped.discard(mac)
        self._dirty.add(mac)
        self.request_flush()

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

    def edit_allowlist(self, added: Sequence[AllowlistEntry] = (), removed: Collection[str] = ()) -> None:
        """This dashboard's own change, as the Pi confirmed it: entries added (or replaced) and MACs removed."""
        self.allowlist_edits += 1
        gone = set(removed) | {e.mac for e in added}
        self.set_allowlist([e for e in self.allowlist if e.mac not in gone] + list(added))

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
        if name == PROVISIONING_FEED and feed.state in CONFIRMING_STATES:
            self._confirmed_at = datetime.now(UTC)  # the last moment the Pi confirmed what is shown
        feed.state = str(state)
        feed.label, feed.detail = feed_labels(name, feed.state)
        if name == PROVISIONING_FEED:
            self._update_summary(datetime.now(UTC))

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
            # rows may have changed without a new version: the next flush sends the whole set, and
            # no page is built from a snapshot of the rows before
            self._snapshot = None
            self._reset_rows = True

    def row_snapshot(self) -> RowDelta:
        """Every row in display order at the current version, as a reset delta (a board being built,
        or one that needs the whole set). Made once per version: every page built or resynced
        meanwhile shares it, and its JSON, made once per language (``RowDelta.json_for``)."""
        snapshot = self._snapshot
        if snapshot is None or snapshot.version != self.rows_version:
            version = self.rows_version
            rows = [row.payload() for row in self.rows.values()]
            snapshot = self._snapshot = RowDelta(base=version, version=version, upserts=rows, reset=True)
        return snapshot

    def deltas_since(self, base: int) -> list[RowDelta] | None:
        """The deltas from version ``base`` to the current one, in order (``[]``: ``base`` is current),
        for a browser that was still drawing while the store moved on (``DeviceBoard``); each is
        serialised once, whatever the number of browsers it goes to. None when ``base`` is older
        than the deltas kept: that browser needs the whole set."""
        return self._recent.since(base, self.rows_version)

    def flush(self, now: datetime | None = None) -> bool:
        """Write dirty rows and the summary, publish the delta; True when rows appeared or were reset."""
        membership = reset = False
        devices = self.view.devices
        session = self.view.session
        running = session is not None and state_name(session.state) in RUNNING_STATES
        if running != self._running:
            self._running = running
            self._dirty = set(devices)
            if not running:  # the session stopped (or paused): refusals of its actions no longer apply
                self._refusals.clear()
        if self._reset_rows:
            self._reset_rows = False
            self.rows = {}
            self._census.clear()
            self._dirty = set(devices)
            membership = reset = True
        changed: list[dict[str, Any]] = []
        for mac in [m for m in devices if m in self._dirty]:
            row = self.rows.get(mac)
            if row is None:
                row = self.rows[mac] = DeviceRow(mac=mac)
                membership = True
            before = row.payload()
            device, skipped = devices[mac], mac in self._skipped
            row.update_from(
                device,
                busy=mac in self._busy,
                running=running,
                refusal=self._refusals.get(mac),
                skipped=skipped,
                since=self._clock.since(mac),
            )
            self._census.put(
                mac,
                row.state,
                in_allowlist=device.in_allowlist,
                skipped=skipped,
                can_retry=row.can_retry,
                retry_at=row.retry_at,
            )
            after = row.payload()
            if after != before or reset:
                changed.append(after)
        self._dirty.clear()
        self._update_summary(now or datetime.now(UTC))
        if changed or reset:
            base, self.rows_version = self.rows_version, self.rows_version + 1
            delta = RowDelta(base=base, version=self.rows_version, upserts=changed, reset=reset)
            self._recent.keep(delta)
            self.rows_delta.emit(delta)
        return membership

    def tick(self, now: datetime | None = None) -> None:
        """Once a second: the summary's clock-driven fields (time left, the timeout warning)."""
        self._update_summary(now or datetime.now(UTC))

    def _update_summary(self, now: datetime) -> None:
        session = self.view.session
        confirmation = Confirmation(
            live=self.feeds[PROVISIONING_FEED].state in CONFIRMING_STATES,
            last_confirmed=self._confirmed_at,
            expired=session is not None and session.id == self._expired_session,
        )
        update_summary(self.summary, self.view, now, confirmation, self.timeout_remaining_hint, self._extras())

    def _extras(self) -> BatchExtras:
        """What the summary adds to the Pi's data, from the census: O(cameras changed) per flush.
        Between a change and its flush (a tick, a feed's state) the counts and the cameras still to
        finish come from the view, so that both agree with what the view says."""
        wall = time.time()
        if self._reset_rows or self._dirty:
            counts, pending = None, self._pending_in_view()
        else:
            counts, pending = self._census.counts(), self._census.pending
        return BatchExtras(
            skipped=frozenset(self._skipped),
            retryable_failed=self._census.retryable(wall),
            seconds_left=self._seconds_left(pending, wall),
            counts=counts,
        )

    def _pending_in_view(self) -> set[str]:
        return {
            mac
            for mac, device in self.view.devices.items()
            if still_to_finish(state_name(device.state), in_allowlist=device.in_allowlist, skipped=mac in self._skipped)
        }

    def _seconds_left(self, pending: set[str], wall: float) -> float | None:
        """The batch's time left (``wall``: epoch seconds), estimated at most once every
        ``ETA_REFRESH_SECONDS`` of the monotonic clock (it is shown in minutes; the estimate walks
        every camera still to finish, and a wall clock set back must not freeze it)."""
        if not pending:
            return None
        at, left = self._eta
        now = time.monotonic()
        if now - at >= ETA_REFRESH_SECONDS:
            left = self._clock.seconds_left(pending, wall)
            self._eta = (now, left)
        return left


def _subject(session_id: str | None) -> str:
    return f"{SESSION_SUBJECT}{session_id}" if session_id else ""
