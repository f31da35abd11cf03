"""The background side of monitoring, the Pi's sections and the log: started once per process.

:class:`LiveSync` sits next to :class:`~pidash.store.sync.StoreSync` (whose monitor feed already
writes ``store.monitor``): it turns monitor data into the bindable view and the history, polls
the sections, and runs the one log feed into a bounded buffer. Pages find it with
:func:`live_of`.
"""

from __future__ import annotations

from nicegui import app

from pidash.orchestrator import FeedState, LogFeed, OrchestratorClient
from pidash.settings import DashboardSettings
from pidash.store.logs import LOG_BUFFER_LINES, LogBuffer
from pidash.store.monitor_view import MonitorTracker
from pidash.store.rows import FeedStatus
from pidash.store.section_poller import SectionPoller
from pidash.store.sections import DOOR, Sections, is_unavailable
from pidash.store.store import MONITOR_FEED, DashboardStore
from pidash.store.sync import StoreSync
from pidash.store.thresholds import thresholds_from

LOG_FEED = "logs"
TICK_SECONDS = 1.0

_REGISTRY: dict[int, LiveSync] = {}


def live_of(store: DashboardStore) -> LiveSync:
    """The :class:`LiveSync` of the process that owns ``store``."""
    return _REGISTRY[id(store)]


class LiveSync:
    def __init__(self, settings: DashboardSettings, store: DashboardStore, sync: StoreSync) -> None:
        self.settings = settings
        self.store = store
        self.sync = sync
        self.tracker = MonitorTracker(thresholds_from(settings.thresholds))
        self.sections = Sections()
        self.poller = SectionPoller(self.sections, self.feed_client)
        self.logs = LogBuffer(LOG_BUFFER_LINES)
        store.feeds.setdefault(LOG_FEED, FeedStatus(name="Log stream"))
        self.log_feed = LogFeed(
            self.feed_client(), on_entries=self.logs.extend, on_state=self._on_log_state, buffer_size=LOG_BUFFER_LINES
        )
        self._key = self._effective_key()
        store.monitor_changed.subscribe(self._on_monitor)
        store.auth_changed.subscribe(self._on_auth)
        _REGISTRY[id(store)] = self

    def feed_client(self) -> OrchestratorClient:
        """The client the process-wide reads use: the feeds' key (configured, or a tab's accepted key)."""
        return self.sync.client.with_key(self.sync.keys.effective)

    def _effective_key(self) -> str | None:
        key = self.sync.keys.effective
        return key.get_secret_value() if key is not None else None

    async def start(self) -> None:
        await self.poller.start()
        await self.log_feed.start()
        app.timer(TICK_SECONDS, self.tick)

    async def stop(self) -> None:
        await self.poller.stop()
        await self.log_feed.stop()

    def tick(self) -> None:
        self.tracker.source = self.store.feeds[MONITOR_FEED].state
        self.tracker.tick()

    def _on_monitor(self) -> None:
        if self.store.monitor is not None:
            self.tracker.on_data(self.store.monitor, self.store.feeds[MONITOR_FEED].state)

    def _on_log_state(self, state: FeedState) -> None:
        self.store.set_feed_state(LOG_FEED, state)
        if state == FeedState.CONNECTED:
            self.logs.set_unavailable(False)
        elif state == FeedState.RECONNECTING:
            err = self.log_feed.last_error
            self.logs.set_unavailable(err is not None and is_unavailable(err))

    def _on_auth(self) -> None:
        """A key was entered or forgotten: protected reads and the log stream use the new one."""
        key = self._effective_key()
        if key == self._key:
            return
        self._key = key
        self.poller.refresh(DOOR)
        self.log_feed.set_client(self.feed_client())
