"""The live feeds' states as people read them: a chip's label and its sentence, per feed and state."""

from __future__ import annotations

from pidash.i18n import Msg, msg, msg_p
from pidash.orchestrator.connection import FeedState, MonitorSource
from pidash.store.rows import FeedStatus

FEED_LABELS: dict[str, tuple[Msg, Msg]] = {
    FeedState.CONNECTING.value: (msg_p("feed", "Connecting"), msg("Connecting to the Pi's live updates.")),
    FeedState.CONNECTED.value: (msg_p("feed", "Live"), msg("Live updates from the Pi are connected.")),
    FeedState.RECONNECTING.value: (
        msg_p("feed", "Reconnecting"),
        msg("Live updates were interrupted; reconnecting to the Pi."),
    ),
    FeedState.AUTH_FAILED.value: (msg_p("feed", "Key needed"), msg("Live updates need a valid API key.")),
    FeedState.STOPPED.value: (msg_p("feed", "Stopped"), msg("Live updates are stopped.")),
    MonitorSource.WEBSOCKET.value: (msg_p("feed", "Live"), msg("Pi health arrives live over the WebSocket.")),
    MonitorSource.POLLING.value: (
        msg_p("feed", "Polling"),
        msg("Pi health is polled every few seconds (WebSocket unavailable)."),
    ),
    MonitorSource.DISCONNECTED.value: (
        msg_p("feed", "Offline"),
        msg("Pi health cannot be read: the Pi is not reachable."),
    ),
}
"""Each feed state's chip label (short, the header's chip) and its sentence (tooltip, screen readers)."""
PROVISIONING_FEED = "provisioning"
MONITOR_FEED = "monitor"
FEED_LABELS_BY_FEED: dict[tuple[str, str], tuple[Msg, Msg]] = {
    (PROVISIONING_FEED, FeedState.POLLING.value): (
        msg_p("feed", "Polling"),
        msg("The Pi offers no live stream just now (204): the session is read every few seconds."),
    ),
}
"""Where one feed's state means something else than the same state of another feed."""
CONFIRMING_STATES = frozenset({FeedState.CONNECTED.value, FeedState.POLLING.value})
"""Provisioning feed states in which the Pi is confirming the session (live, or read every 10 s)."""


def feed_labels(name: str, state: str) -> tuple[Msg | str, Msg | str]:
    """The chip label and sentence of feed ``name`` in ``state`` (a state this code does not know: its name)."""
    return FEED_LABELS_BY_FEED.get((name, state)) or FEED_LABELS.get(state) or (state.capitalize(), "")


def new_feed_status(name: str) -> FeedStatus:
    """A feed not connected yet (``name`` is for logs and the health page, not shown to people)."""
    label, detail = feed_labels(name, FeedState.CONNECTING.value)
    return FeedStatus(name=name, state=FeedState.CONNECTING.value, label=label, detail=detail)
