"""The background side of monitoring, the Pi's sections and the log: started once per process.

:class:`LiveSync` sits next to :class:`~pidash.store.sync.StoreSync` (whose monitor feed already
writes ``store.monitor``): it turns monitor data into the bindable view and the history, polls
the sections, and runs the one log feed into a bounded buffer. Pages find it in ``Services.live``.
"""

from __future__ import annotations

from nicegui import app

from pidash.orchestrator import FeedState, LogFeed
from pidash.settings import DashboardSettings
from pidash.store.feeds import MONITOR_FEED, new_feed_status
from pidash.store.logs import LOG_BUFFER_LINES, LogBuffer
from pidash.store.monitor_view import MonitorTracker
from pidash.store.section_poller import SectionPoller
from pidash.store.sections import DOOR, Sections, is_unavailable
from pidash.store.store import DashboardStore
from pidash.store.sync import StoreSync
from pidash.store.thresholds import thresholds_from

LOG_FEED = "logs"
TICK_SECONDS = 1.0


class LiveSync:
    def __init__(self, settings: DashboardSettings, store: DashboardStore, sync: StoreSync) -> None:
        self.settings = settings
        self.store = store
        self.sync = sync
        self.tracker = MonitorTracker(thresholds_from(settings.thresholds))
        self.sections = Sections()
        self.poller = SectionPoller(self.sections, lambda: sync.feed_client)
        self.logs = LogBuffer(LOG_BUFFER_LINES)
        store.feeds.setdefault(LOG_FEED, new_feed_status("Log stream"))
        self.log_feed = LogFeed(
            sync.feed_client, on_entries=self.logs.extend, on_state=self._on_log_state, buffer_size=LOG_BUFFER_LINES
        )
        store.monitor_changed.subscribe(self._on_monitor)
        sync.feed_key_changed.subscribe(self._on_feed_key)

    async def start(self) -> None:
        await self.poller.start()
        await self.log_feed.start()
        app.timer(TICK_SECONDS, self.tick)

    async def stop(self) -> None:
        await self.poller.stop()
        await self.log_feed.stop()

    def tick(self) -> None:
        self.tracker.on_source(self.store.feeds[MONITOR_FEED].state)

    def _on_monitor(self) -> None:
        if self.store.monitor is not None:
            self.tracker.on_data(self.store.monitor, self.store.feeds[MONITOR_FEED].state)

    def _on_log_state(self, state: FeedState) -> None:
        self.store.set_feed_state(LOG_FEED, state)
        if state == FeedState.CONNECTED:
            self.logs.set_unavailable(False)
        elif state == FeedState.RECONNECTING:
            err = self.log_feed.last_error
            # unavailable only once every known place of the stream answered "missing"
            self.logs.set_unavailable(err is not None and is_unavailable(err) and self.log_feed.stream_missing)

    def _on_feed_key(self) -> None:
        """A key was entered or forgotten: protected reads and the log stream use the new one."""
        self.poller.refresh(DOOR)
        self.log_feed.set_client(self.sync.feed_client)
